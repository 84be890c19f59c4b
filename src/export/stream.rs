//! The two sheets that grow with the whole corpus, the matrix and the timeline, written as CSV
//! or Markdown a row at a time: each row is made, given its place in the ledger and rendered
//! before the next is made, so memory holds the text written, not the rows.

use super::render::{Format, render_rows};
use super::sheet::{matrix_head, matrix_rows, stands, timeline_head, timeline_rows};
use crate::ledger::Snapshot;
use crate::model::Model;
use crate::timeline::{Scope, Timeline};
use crate::words::Lang;
use chrono::NaiveDate;

/// Which whole-corpus sheet.
pub enum Whole<'a> {
    Matrix,
    Timeline(&'a Scope),
}

/// The sheet's bytes and its row count; None for JSON and workbooks (build the [`Sheet`]
/// instead).
///
/// [`Sheet`]: super::Sheet
pub fn stream(
    whole: Whole,
    model: &Model,
    (snapshot, warn_days): (&Snapshot, i64),
    format: Format,
    lang: Lang,
    today: NaiveDate,
) -> Option<(Vec<u8>, usize)> {
    if !matches!(format, Format::Csv | Format::Markdown) {
        return None;
    }
    let placed = |(task, mut row)| {
        stands(&mut row, task, snapshot, today, warn_days);
        row
    };
    match whole {
        Whole::Matrix => render_rows(
            &matrix_head(lang, today),
            matrix_rows(model, today).map(placed),
            format,
            lang,
        ),
        Whole::Timeline(scope) => {
            let timeline = Timeline::new(model, scope, today);
            render_rows(
                &timeline_head(model, scope, lang, today),
                timeline_rows(model, &timeline, scope, lang).map(placed),
                format,
                lang,
            )
        }
    }
}
