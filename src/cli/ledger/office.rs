//! `ledger report` in every form, the files an office passes around among them (a workbook),
//! written atomically and never over a file unasked.

use super::{Context, Failure, ReportFormat, ok, pretty, read};
use crate::cli::Outcome;
use crate::cli::export::write_file;
use crate::ledger::report::Report;
use crate::ledger::{LedgerError, trend};
use crate::load::shown;
use crate::model::Model;
use crate::words::office_words;
use std::path::Path;

fn invalid(reason: String) -> Failure {
    Failure::Ledger(LedgerError::Invalid { reason })
}

pub(super) fn report(
    path: &Path,
    model: &Model,
    ctx: &Context,
    format: ReportFormat,
    output: Option<&Path>,
    force: bool,
) -> Result<Outcome, Failure> {
    let (ledger, snap, notice) = read(path, model, None, ctx.lang)?;
    let r = Report::build(model, &snap, ctx.today, ctx.warn_days);
    let bytes: Vec<u8> = match format {
        ReportFormat::Table => crate::export::report::table(&r, ctx.lang).into_bytes(),
        ReportFormat::Md => crate::export::report::markdown(&r, ctx.lang).into_bytes(),
        ReportFormat::Json => pretty(&r.json()).into_bytes(),
        ReportFormat::Csv => crate::export::report::csv(&r, ctx.lang).map_err(invalid)?,
        ReportFormat::Xlsx => {
            let weeks = trend::weekly(
                ledger.as_ref(),
                model,
                ctx.today,
                ctx.warn_days,
                trend::WEEKS,
            )?;
            let matrix = crate::export::matrix_sheet(model, ctx.lang, ctx.today);
            let matrix = crate::export::with_ledger(matrix, model, &snap, ctx.warn_days);
            crate::export::xlsx::report_workbook(&r, &matrix, &weeks, ctx.lang)
                .map_err(|e| invalid(e.to_string()))?
        }
    };
    let Some(out) = output else {
        if matches!(format, ReportFormat::Xlsx) {
            return Err(invalid(
                office_words(ctx.lang).binary_needs_file.to_string(),
            ));
        }
        return ok(String::from_utf8_lossy(&bytes).into_owned(), notice);
    };
    let done = (ctx.lang.meeting().written)(&shown(out), &r.units.len().to_string());
    let mut o = write_file(out, &bytes, force, ctx.lang, &done);
    o.stderr.insert_str(0, &notice);
    Ok(o)
}
