//! The 情况通报 as a file, in the format its name asks for: the one place the command line's
//! `ledger report -o FILE` and the dashboard's `e` in the progress view make it.

use crate::ledger::report::Report;
use crate::ledger::{Ledger, Snapshot, trend};
use crate::model::Model;
use crate::words::Lang;
use chrono::NaiveDate;
use std::path::Path;

/// A report file's kind; also `ledger report --format`'s values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFile {
    Table,
    #[value(name = "md")]
    Markdown,
    Csv,
    Json,
    /// An Excel workbook: a summary sheet with charts, one sheet per document.
    Xlsx,
    /// A chart of lights per unit, for slides.
    Svg,
    /// The 情况通报 as a Word document.
    Docx,
}

impl ReportFile {
    /// The kind a file name asks for by its extension (`.txt` is the terminal's table).
    pub fn of_path(path: &Path) -> Option<ReportFile> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => ReportFile::Table,
            "md" | "markdown" => ReportFile::Markdown,
            "csv" => ReportFile::Csv,
            "json" => ReportFile::Json,
            "xlsx" => ReportFile::Xlsx,
            "svg" => ReportFile::Svg,
            "docx" => ReportFile::Docx,
            _ => return None,
        })
    }
}

/// What a report file is made from.
pub struct ReportSource<'a> {
    pub model: &'a Model,
    pub ledger: Option<&'a Ledger>,
    pub snapshot: &'a Snapshot,
    pub today: NaiveDate,
    pub warn_days: i64,
    /// The issuing office's line in the Word document.
    pub issuer: Option<&'a str>,
}

/// The report's figures, built once for its file and whatever else the caller says of it.
pub fn build(src: &ReportSource) -> Report {
    Report::build(src.model, src.snapshot, src.today, src.warn_days)
}

/// The bytes of `r` (made by [`build`] from `src`); a failure says why in the user's language
/// or the library's words.
pub fn report_bytes(
    kind: ReportFile,
    r: &Report,
    src: &ReportSource,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    // The CSV's bytes (with a byte-order mark) are not made text only to be made bytes again.
    if kind != ReportFile::Csv
        && let Some(text) = report_text(kind, r, lang)
    {
        return text.map(String::into_bytes);
    }
    Ok(match kind {
        ReportFile::Docx => {
            super::docx::report_document(r, src.issuer, lang).map_err(|e| e.to_string())?
        }
        ReportFile::Xlsx => {
            let weeks = trend::weekly(
                src.ledger,
                src.model,
                src.today,
                src.warn_days,
                trend::WEEKS,
            )
            .map_err(|e| e.to_string())?;
            let matrix = super::matrix_sheet(src.model, lang, src.today);
            let matrix = super::with_ledger(matrix, src.model, src.snapshot, src.warn_days);
            super::xlsx::report_workbook(r, &matrix, &weeks, lang).map_err(|e| e.to_string())?
        }
        // The CSV; every other kind is text, made above.
        _ => super::report::csv(r, lang)?,
    })
}

/// The text of `r` for a terminal, in a kind that is text (None for a binary one): as
/// [`report_bytes`] gives, made as text, not checked back from bytes (15 MB at a province's
/// scale).
pub fn report_text(kind: ReportFile, r: &Report, lang: Lang) -> Option<Result<String, String>> {
    Some(match kind {
        ReportFile::Table => Ok(super::report::table(r, lang)),
        ReportFile::Markdown => Ok(super::report::markdown(r, lang)),
        ReportFile::Svg => Ok(super::svg::chart(r, lang)),
        ReportFile::Json => report_json(r),
        // Bytes with a byte-order mark, all of them text.
        ReportFile::Csv => super::report::csv(r, lang).map(|b| {
            String::from_utf8(b)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }),
        ReportFile::Xlsx | ReportFile::Docx => return None,
    })
}

fn report_json(r: &Report) -> Result<String, String> {
    let mut v = serde_json::to_string_pretty(&r.json()).map_err(|e| e.to_string())?;
    v.push('\n');
    Ok(v)
}
