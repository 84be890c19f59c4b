//! `ledger report` in every form, the files an office passes around among them (a workbook),
//! written atomically and never over a file unasked.

use super::{Context, Failure, RemindFormat, ok, pretty, read};
use crate::cli::Outcome;
use crate::cli::export::write_file;
use crate::export::remind as remind_words;
use crate::export::report_file::{ReportFile, ReportSource, build, report_bytes, report_text};
use crate::export::{WriteError, write_new};
use crate::ledger::remind::{UnitReminders, reminders};

use crate::ledger::LedgerError;
use crate::load::shown;
use crate::model::Model;
use crate::words::office_words;
use std::path::{Path, PathBuf};

fn invalid(reason: String) -> Failure {
    Failure::Ledger(LedgerError::Invalid { reason })
}

/// Where a report goes and what its file says of its sender.
pub(super) struct File<'a> {
    pub output: Option<&'a Path>,
    pub force: bool,
    pub issuer: Option<&'a str>,
}

pub(super) fn report(
    path: &Path,
    model: &Model,
    ctx: &Context,
    format: ReportFile,
    file: File,
) -> Result<Outcome, Failure> {
    let File {
        output,
        force,
        issuer,
    } = file;
    let (ledger, snap, notice) = read(path, model, None, ctx)?;
    let source = ReportSource {
        model,
        ledger: ledger.as_ref(),
        snapshot: &snap,
        today: ctx.today,
        warn_days: ctx.warn_days,
        issuer,
    };
    let report = build(&source);
    let Some(out) = output else {
        let text = report_text(format, &report, ctx.lang);
        // The process ends after this: freeing every pair's state and item piece by piece (a
        // hundred thousand at a province's scale) would only delay it.
        std::mem::forget((report, snap));
        return match text {
            Some(text) => ok(text.map_err(invalid)?, notice),
            None => Err(invalid(
                office_words(ctx.lang).binary_needs_file.to_string(),
            )),
        };
    };
    let bytes = report_bytes(format, &report, &source, ctx.lang).map_err(invalid)?;
    std::mem::forget((report, snap));
    let done = (office_words(ctx.lang).written)(&shown(out));
    let mut o = write_file(out, &bytes, force, ctx.lang, &done);
    o.stderr.insert_str(0, &notice);
    Ok(o)
}

/// What `ledger remind` was asked for.
pub(super) struct RemindRequest<'a> {
    pub within: i64,
    pub unit: Option<&'a str>,
    pub format: RemindFormat,
    pub to_dir: Option<&'a Path>,
    pub force: bool,
}

/// A file name from a unit's name (document text): no separators, no control characters.
fn file_stem(unit: &str) -> String {
    let s: String = unit
        .chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    s.trim_start_matches('.').to_string()
}

pub(super) fn remind(
    path: &Path,
    model: &Model,
    ctx: &Context,
    req: RemindRequest,
) -> Result<Outcome, Failure> {
    let (s, o) = (ctx.lang.strings(), office_words(ctx.lang));
    let unit = match req.unit {
        None => None,
        Some(q) => {
            let names = crate::cli::UnitNames::with(model, ctx.lang, ctx.home, Some(path));
            match names.one(q) {
                Ok(i) => Some(model.units[i].id.clone()),
                Err(refused) => return Ok(refused),
            }
        }
    };
    let (_, snap, notice) = read(path, model, unit.as_deref(), ctx)?;
    let units = reminders(
        model,
        &snap,
        ctx.today,
        ctx.warn_days,
        req.within,
        unit.as_deref(),
    );
    if units.is_empty() {
        // Nothing to send: exit 1 ("no match"), so a cron job can skip the mail.
        return Ok(Outcome {
            stderr: format!("{notice}dutymatrix: {}\n", o.remind_none),
            code: 1,
            ..Outcome::default()
        });
    }
    let one = |u: &UnitReminders| -> String {
        match req.format {
            RemindFormat::Text => remind_words::text(u, req.within, ctx.today, ctx.lang),
            RemindFormat::Md => remind_words::markdown(u, req.within, ctx.today, ctx.lang),
            RemindFormat::Json => pretty(&remind_words::json(
                std::slice::from_ref(u),
                req.within,
                ctx.today,
            )),
        }
    };
    let Some(dir) = req.to_dir else {
        let stdout = match req.format {
            RemindFormat::Json => pretty(&remind_words::json(&units, req.within, ctx.today)),
            _ => units.iter().map(one).collect::<Vec<_>>().join("\n"),
        };
        return ok(stdout, notice);
    };
    let ext = match req.format {
        RemindFormat::Text => "txt",
        RemindFormat::Md => "md",
        RemindFormat::Json => "json",
    };
    let files: Vec<(PathBuf, String)> = units
        .iter()
        .map(|u| {
            let name = format!("{}-{}.{ext}", file_stem(&u.unit), ctx.today);
            (dir.join(name), one(u))
        })
        .collect();
    // Refuse before writing anything: a half-sent batch is worse than none.
    if !req.force
        && let Some((p, _)) = files.iter().find(|(p, _)| p.exists())
    {
        return Err(invalid(format!("{}{}{}", o.file_exists, s.colon, shown(p))));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(invalid(format!(
            "{} {}: {e}",
            ctx.lang.meeting().write_failed,
            shown(dir)
        )));
    }
    for (p, text) in &files {
        match write_new(p, text.as_bytes(), req.force) {
            Ok(()) => {}
            Err(WriteError::Exists) => {
                return Err(invalid(format!("{}{}{}", o.file_exists, s.colon, shown(p))));
            }
            Err(WriteError::Io(e)) => {
                return Err(invalid(format!(
                    "{} {}: {e}",
                    ctx.lang.meeting().write_failed,
                    shown(p)
                )));
            }
        }
    }
    ok(
        String::new(),
        format!(
            "{notice}dutymatrix: {}\n",
            (o.files_written)(files.len(), &shown(dir))
        ),
    )
}
