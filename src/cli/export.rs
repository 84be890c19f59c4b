//! `export` and `counterparts`: sheets for the minutes, and the pairs across levels.

use super::{Outcome, pretty};
use crate::counterparts::Counterparts;
use crate::export::{Format, Sheet, WriteError, render, write_new};
use crate::ledger::Snapshot;
use crate::model::{Level, Model};
use crate::timeline::Scope;
use crate::words::Lang;
use chrono::NaiveDate;
use serde_json::json;
use std::path::{Path, PathBuf};

/// What `export` was asked for.
pub struct Request<'a> {
    pub format: Format,
    /// The units chosen (`--unit`, `--units`), already resolved to ids; None for every unit.
    pub units: Option<&'a [String]>,
    /// `--unit`: one unit's sheet, with its counterparts, rather than a meeting's.
    pub one_unit: bool,
    pub timeline: bool,
    pub document: Option<&'a str>,
    pub output: Option<&'a PathBuf>,
    pub force: bool,
    /// 分工表 instead of rows per task and unit.
    pub fengong: bool,
    /// Where each row stands: the ledger's snapshot (empty: lights from deadlines alone) and
    /// the yellow window.
    pub ledger: (&'a Snapshot, i64),
}

pub fn run(req: &Request, model: &Model, lang: Lang, today: NaiveDate) -> Outcome {
    let m = lang.meeting();
    let whole_model = req.units.is_none() && !req.timeline && !req.fengong;
    let bytes: Vec<u8>;
    let mut rows = None;
    if whole_model && req.format == Format::Json {
        // The schema-1 model export, unchanged.
        bytes = pretty(&serde_json::to_value(model).unwrap_or_default()).into_bytes();
    } else {
        let units: Option<Vec<String>> = req.units.map(<[String]>::to_vec);
        if req.fengong {
            let rows_of = crate::export::fengong::fengong_rows(
                model,
                units.as_deref().unwrap_or_default(),
                req.ledger.0,
                today,
                req.ledger.1,
            );
            rows = Some(rows_of.len());
            let title = match units.as_deref() {
                Some(u) if !u.is_empty() => format!("{}：{}", m.fengong_title, u.join("、")),
                _ => m.fengong_title.to_string(),
            };
            bytes = match crate::export::fengong::render_fengong(
                &rows_of, &title, today, req.format, lang,
            ) {
                Ok(b) => b,
                Err(e) => return Outcome::bad_input(e),
            };
            return finish(req, bytes, rows, lang);
        }
        let scope = if req.timeline {
            match timeline_scope(units.as_deref(), req.document, model, lang) {
                Ok(scope) => Some(scope),
                Err(refused) => return refused,
            }
        } else {
            None
        };
        // The matrix and the timeline as text are written a row at a time.
        let whole = match (&scope, &units) {
            (Some(scope), _) => Some(crate::export::Whole::Timeline(scope)),
            (None, None) => Some(crate::export::Whole::Matrix),
            (None, Some(_)) => None,
        };
        if let (Some(w), Some(path), Format::Csv | Format::Markdown) =
            (whole, req.output, req.format)
        {
            // To a file, each row written as it is made.
            let mut rows = 0;
            let result = crate::export::write_new_with(path, req.force, |out| {
                rows = crate::export::stream_to(w, model, req.ledger, req.format, lang, today, out)
                    .unwrap_or(Ok(0))?;
                Ok(())
            });
            let done = (m.written)(&crate::load::shown(path), &rows.to_string());
            return written(path, result, lang, &done);
        }
        if let Some(w) = whole
            && let Some((b, n)) =
                crate::export::stream(w, model, req.ledger, req.format, lang, today)
        {
            return finish(req, b, Some(n), lang);
        }
        let sheet: Sheet = match (&scope, units.as_deref()) {
            (Some(scope), _) => crate::export::timeline_sheet(model, scope, lang, today),
            (None, Some([one])) if req.one_unit => {
                let cp = Counterparts::new(model);
                crate::export::unit_sheet(model, &cp, one, lang, today)
            }
            (None, Some(many)) => crate::export::meeting_sheet(model, many, lang, today),
            (None, None) => crate::export::matrix_sheet(model, lang, today),
        };
        let sheet = crate::export::with_ledger(sheet, model, req.ledger.0, req.ledger.1);
        rows = Some(sheet.rows.len());
        bytes = match render(&sheet, req.format, lang) {
            Ok(b) => b,
            Err(e) => return Outcome::bad_input(format!("{} {e}", m.write_failed)),
        };
    }
    finish(req, bytes, rows, lang)
}

/// The timeline's scope: the units chosen (ids), else the document named (by id, title or part
/// of its title), else every task; a document not found is no match.
pub fn timeline_scope(
    units: Option<&[String]>,
    document: Option<&str>,
    model: &Model,
    lang: Lang,
) -> Result<Scope, Outcome> {
    Ok(match (units, document) {
        (Some(u), _) => Scope::Units(u.to_vec()),
        (None, Some(d)) => {
            let found = model
                .documents
                .iter()
                .find(|x| x.id == d || x.title == d || x.title.contains(d));
            match found {
                Some(doc) => Scope::Document(doc.id.clone()),
                None => return Err(Outcome::no_match(lang.strings().document, d)),
            }
        }
        (None, None) => Scope::All,
    })
}

/// Prints the sheet, or writes it to the file asked for.
fn finish(req: &Request, bytes: Vec<u8>, rows: Option<usize>, lang: Lang) -> Outcome {
    let m = lang.meeting();
    let Some(path) = req.output else {
        if req.format == Format::Xlsx {
            return Outcome::bad_input(
                crate::words::office_words(lang)
                    .binary_needs_file
                    .to_string(),
            );
        }
        return Outcome {
            // Not copied when it is UTF-8, as every sheet is: a copy doubled the peak.
            stdout: String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ..Outcome::default()
        };
    };
    let done = (m.written)(
        &crate::load::shown(path),
        &rows.map_or("-".into(), |n| n.to_string()),
    );
    write_file(path, &bytes, req.force, lang, &done)
}

/// Writes a file the user named, atomically and never over an existing one unless `force`:
/// `done` on stderr when written, else why not (exit 2).
pub fn write_file(path: &Path, bytes: &[u8], force: bool, lang: Lang, done: &str) -> Outcome {
    written(path, write_new(path, bytes, force), lang, done)
}

/// What a write to the file the user named came to: `done` on stderr, else why not (exit 2).
fn written(path: &Path, result: Result<(), WriteError>, lang: Lang, done: &str) -> Outcome {
    let (s, m) = (lang.strings(), lang.meeting());
    match result {
        Ok(()) => Outcome {
            stderr: format!("dutymatrix: {done}\n"),
            ..Outcome::default()
        },
        Err(WriteError::Exists) => Outcome::bad_input(format!(
            "{}{}{}",
            m.exists_refused,
            s.colon,
            crate::load::shown(path)
        )),
        Err(WriteError::Io(e)) => Outcome::bad_input(format!(
            "{} {}: {}",
            m.write_failed,
            crate::load::shown(path),
            crate::text::one_line(&e.to_string())
        )),
    }
}

/// `counterparts`: every pair with how it was found, then the 省 and 市 units left unpaired.
pub fn counterparts(model: &Model, lang: Lang, json_out: bool) -> Outcome {
    let (s, m) = (lang.strings(), lang.meeting());
    let cp = Counterparts::new(model);
    let unpaired: Vec<_> = [
        (Level::Province, Level::City),
        (Level::City, Level::Province),
    ]
    .iter()
    .flat_map(|&(at, missing)| cp.unpaired(model, at, missing))
    .collect();
    if json_out {
        return Outcome {
            stdout: pretty(&json!({"pairs": cp.pairs, "unpaired": unpaired})),
            ..Outcome::default()
        };
    }
    let count = |label: &str, n: usize| match lang {
        Lang::Zh => format!("{label}（{n}）"),
        Lang::En => format!("{label} ({n})"),
    };
    let mut out = format!("{}\n", count(m.pairs, cp.pairs.len()));
    for p in &cp.pairs {
        out.push_str(&format!("  {} ↔ {}  {}\n", p.lower, p.upper, m.how(&p.how)));
    }
    out.push_str(&format!("\n{}\n", count(m.unpaired, unpaired.len())));
    for u in &unpaired {
        let why = (m.unpaired_reason)(s.level(u.missing), &u.stem);
        out.push_str(&format!("  {}  {why}\n", u.unit));
    }
    Outcome {
        stdout: out,
        ..Outcome::default()
    }
}

/// The counterparts of a unit, for `duties --json`.
pub fn of_unit(model: &Model, cp: &Counterparts, unit: &str, lang: Lang) -> serde_json::Value {
    let m = lang.meeting();
    cp.of(unit)
        .iter()
        .map(|(dir, p)| {
            let other = p.other(unit);
            json!({
                "unit": other,
                "level": model.unit(other).map(|u| u.level),
                "direction": dir,
                "how": p.how,
                "how_text": m.how(&p.how),
                "tasks": model.role_counts(other).total(),
            })
        })
        .collect()
}
