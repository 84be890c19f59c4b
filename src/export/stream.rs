//! The two sheets that grow with the whole corpus, the matrix and the timeline, written as CSV
//! or Markdown a row at a time: each row is made, given its place in the ledger and rendered
//! before the next is made, so memory holds the text written, not the rows.

use super::Sheet;
use super::render::{Format, render_rows_to};
use super::sheet::SheetRow;
use super::sheet::{
    matrix_count, matrix_head, matrix_rows, stands, timeline_count, timeline_head, timeline_rows,
};
use crate::ledger::Snapshot;
use crate::model::Model;
use crate::timeline::{Scope, Timeline};
use crate::words::Lang;
use chrono::NaiveDate;

/// Which whole-corpus sheet.
#[derive(Clone, Copy)]
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
    ledger: (&Snapshot, i64),
    format: Format,
    lang: Lang,
    today: NaiveDate,
) -> Option<(Vec<u8>, usize)> {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail short of allocation.
    let rows = stream_to(whole, model, ledger, format, lang, today, &mut bytes)?.unwrap_or(0);
    Some((bytes, rows))
}

/// [`stream`] written to `out` as the rows are made: the number of rows, or why writing failed.
pub fn stream_to(
    whole: Whole,
    model: &Model,
    ledger: (&Snapshot, i64),
    format: Format,
    lang: Lang,
    today: NaiveDate,
    out: &mut dyn std::io::Write,
) -> Option<std::io::Result<usize>> {
    if !rendered_by_rows(format) {
        return None;
    }
    with_rows(whole, model, ledger, lang, today, |head, rows| {
        render_rows_to(head, rows, format, lang, out)
    })
}

/// Whether `format` is made a row at a time: the others need the whole sheet.
fn rendered_by_rows(format: Format) -> bool {
    matches!(format, Format::Csv | Format::Markdown)
}

/// `render` given the sheet's head and its rows, each placed in the ledger as it is made.
fn with_rows<R>(
    whole: Whole,
    model: &Model,
    (snapshot, warn_days): (&Snapshot, i64),
    lang: Lang,
    today: NaiveDate,
    render: impl FnOnce(&Sheet, (usize, &mut dyn Iterator<Item = SheetRow>)) -> R,
) -> R {
    let placed = |(task, mut row)| {
        stands(&mut row, task, snapshot, today, warn_days);
        row
    };
    match whole {
        Whole::Matrix => render(
            &matrix_head(lang, today),
            (
                matrix_count(model),
                &mut matrix_rows(model, today).map(placed),
            ),
        ),
        Whole::Timeline(scope) => {
            let timeline = Timeline::new(model, scope, today);
            render(
                &timeline_head(model, scope, lang, today),
                (
                    timeline_count(&timeline, scope),
                    &mut timeline_rows(model, &timeline, scope, lang).map(placed),
                ),
            )
        }
    }
}
