//! `dutymatrix check FILE…`: what was read from each document, task by task, and every piece of
//! annotation-like text that was not understood, with line numbers, so a user can trust or fix
//! a document before loading it. Exit 0 when clean, 1 with warnings, 2 when a file is unreadable.

use super::Outcome;
use crate::extract::{Extraction, Notice, NoticeKind};
use crate::load::read_file;
use crate::model::Role;
use crate::words::Lang;
use crate::words::{Message, ReadQuality};
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::path::PathBuf;

pub fn run(
    files: &[PathBuf],
    encoding: Option<&str>,
    json: bool,
    lang: Lang,
    today: NaiveDate,
) -> Outcome {
    let s = lang.strings();
    let mut out = String::new();
    let mut err = String::new();
    let mut reports = Vec::new();
    let mut summaries = Vec::new();
    let (mut warnings, mut unreadable) = (0usize, 0usize);
    for path in files {
        match read_file(path, encoding) {
            Ok(mut x) => {
                // Only `check` looks for typos: loading a folder for the matrix need not pay for
                // comparing every name with every known stem.
                x.notices
                    .extend(crate::extract::typos::likely_typos(&x.model));
                x.notices.sort_by_key(|n| n.line);
                let sum = Summary::of(&x);
                warnings += sum.warnings;
                summaries.push(summary_line(path, &sum, lang));
                if json {
                    reports.push(report_json(path, &x));
                } else {
                    out.push_str(&report_text(path, &x, lang, today));
                }
            }
            Err(e) => {
                unreadable += 1;
                err.push_str(&format!(
                    "dutymatrix: {} {}\n",
                    s.cannot_read,
                    e.message(lang)
                ));
                if json {
                    reports.push(
                        json!({"path": path.display().to_string(), "error": e.reason.to_string()}),
                    );
                }
            }
        }
    }
    if json {
        out = serde_json::to_string_pretty(&Value::Array(reports)).unwrap_or_default() + "\n";
    } else if !summaries.is_empty() {
        let head = match lang {
            Lang::Zh => "汇总",
            Lang::En => "Summary",
        };
        out.push_str(&format!("{head}{}\n", lang.strings().colon.trim_end()));
        for line in summaries {
            out.push_str(&line);
        }
    }
    Outcome {
        stdout: out,
        stderr: err,
        code: if unreadable > 0 {
            2
        } else if warnings > 0 {
            1
        } else {
            0
        },
        wrote: false,
    }
}

/// How well a document was read: what a user compares across documents, and what shows at
/// once that a document was misread before a meeting relies on it.
struct Summary {
    tasks: usize,
    with_units: usize,
    /// Tasks that carry units but whose annotation also held a name that was left out.
    partly_read: usize,
    warnings: usize,
    /// Names in a role position that are not units, each once, in the order met.
    unplaced: Vec<String>,
}

impl Summary {
    fn of(x: &Extraction) -> Summary {
        let left_out =
            |n: &&Notice| matches!(n.kind, NoticeKind::NotAUnit | NoticeKind::UnclearAnnotation);
        let partly_read = x
            .model
            .tasks
            .iter()
            .filter(|t| !t.assignments.is_empty())
            .filter(|t| {
                x.notices
                    .iter()
                    .filter(left_out)
                    .any(|n| (t.lines[0]..=t.lines[1]).contains(&n.line))
            })
            .count();
        let mut unplaced: Vec<String> = Vec::new();
        for n in x.notices.iter().filter(|n| n.kind == NoticeKind::NotAUnit) {
            let name = crate::text::one_line(&n.text);
            if !unplaced.contains(&name) {
                unplaced.push(name);
            }
        }
        Summary {
            tasks: x.model.tasks.len(),
            with_units: x
                .model
                .tasks
                .iter()
                .filter(|t| !t.assignments.is_empty())
                .count(),
            partly_read,
            warnings: x.notices.iter().filter(|n| n.kind.is_warning()).count(),
            unplaced,
        }
    }

    fn quality(&self) -> ReadQuality<'_> {
        ReadQuality {
            tasks: self.tasks,
            with_units: self.with_units,
            partly_read: self.partly_read,
            warnings: self.warnings,
            unplaced: &self.unplaced,
        }
    }
}

fn summary_line(path: &std::path::Path, s: &Summary, lang: Lang) -> String {
    let shown = crate::extract::decode::sanitize(&path.display().to_string()).replace('\n', " ");
    lang.check_summary(&shown, &s.quality())
}

fn report_json(path: &std::path::Path, x: &Extraction) -> Value {
    let sum = Summary::of(x);
    json!({
        "path": path.display().to_string(),
        "summary": {
            "tasks": sum.tasks,
            "with_units": sum.with_units,
            "partly_read": sum.partly_read,
            "unplaced": sum.unplaced,
            "warnings": sum.warnings,
        },
        "encoding": x.encoding,
        "format": x.format,
        "documents": x.model.documents,
        "units": x.model.units,
        "tasks": x.model.tasks,
        "notices": x.notices.iter().map(|n| {
            let mut v = json!(n);
            if !x.at.is_empty() {
                v["at"] = json!(x.locator(n.line));
            }
            v
        }).collect::<Vec<_>>(),
    })
}

fn notice_label(n: &Notice, lang: Lang) -> &'static str {
    match (n.kind, lang) {
        (NoticeKind::UnclearAnnotation, Lang::Zh) => "未识别的标注",
        (NoticeKind::NotAUnit, Lang::Zh) => "不是单位，已略去",
        (NoticeKind::TaskWithoutUnit, Lang::Zh) => "任务未标注单位",
        (NoticeKind::UnclearAnnotation, Lang::En) => "annotation not understood",
        (NoticeKind::NotAUnit, Lang::En) => "not a unit, left out",
        (NoticeKind::TaskWithoutUnit, Lang::En) => "task names no unit",
        (NoticeKind::Person, Lang::Zh) => "人员，不计为单位",
        (NoticeKind::Person, Lang::En) => "a person, not a unit",
        (NoticeKind::UnclearDeadline, Lang::Zh) => "未识别的期限",
        (NoticeKind::UnclearDeadline, Lang::En) => "deadline not understood",
        (NoticeKind::LikelyTypo, Lang::Zh) => "疑似错字",
        (NoticeKind::LikelyTypo, Lang::En) => "likely typo",
        (NoticeKind::ReplacedBytes, Lang::Zh) => "无效字节，已替换为�",
        (NoticeKind::ReplacedBytes, Lang::En) => "invalid bytes, read as �",
    }
}

fn report_text(path: &std::path::Path, x: &Extraction, lang: Lang, today: NaiveDate) -> String {
    let s = lang.strings();
    let m = &x.model;
    // A container says its format (docx, xlsx); a text file its encoding, as before.
    let read_as = if x.at.is_empty() {
        x.encoding
    } else {
        x.format
    };
    let mut out = format!(
        "== {} ({read_as})\n",
        crate::load::shown(path),
        read_as = read_as
    );
    // Lines of a text file by number; a container's places as the user finds them (第14段).
    let place = |line: usize| {
        if x.at.is_empty() {
            format!("{} {line:>4}", s.lines)
        } else {
            crate::words::place(lang, &x.locator(line))
        }
    };
    for d in &m.documents {
        out.push_str(&format!(
            "《{}》 {} {} {}\n",
            d.title,
            d.issuer.as_deref().unwrap_or("-"),
            d.date.map(|x| x.to_string()).unwrap_or_else(|| "-".into()),
            d.number.as_deref().unwrap_or("")
        ));
    }
    let with_units = m.tasks.iter().filter(|t| !t.assignments.is_empty()).count();
    let bodies = m.units.iter().filter(|u| !u.collective).count();
    let (tasks, named, units) = match lang {
        Lang::Zh => ("项任务", "项有单位", "个单位"),
        Lang::En => ("tasks", "with units", "units"),
    };
    out.push_str(&format!(
        "{} {tasks}, {with_units} {named} · {bodies} {units} + {} {}\n",
        m.tasks.len(),
        m.units.len() - bodies,
        s.collective
    ));
    out.push_str(&lang.read_quality(&Summary::of(x).quality()));
    out.push('\n');
    // Looked up once: a document may name thousands of units.
    let collectives: std::collections::HashSet<&str> = m
        .units
        .iter()
        .filter(|u| u.collective)
        .map(|u| u.id.as_str())
        .collect();
    for t in &m.tasks {
        out.push_str(&format!(
            "{}  {} {}\n",
            place(t.lines[0]),
            t.number,
            t.title_simplified()
        ));
        for role in Role::ALL {
            let names: Vec<String> = t
                .assignments
                .iter()
                .filter(|a| a.role == role)
                .map(|a| {
                    if collectives.contains(a.unit.as_str()) {
                        format!("{}*", a.unit)
                    } else {
                        a.unit.to_string()
                    }
                })
                .collect();
            if !names.is_empty() {
                out.push_str(&format!(
                    "          {}：{}\n",
                    s.role(role),
                    names.join("、")
                ));
            }
        }
        out.push_str(&format!(
            "          {}：{}\n",
            s.deadline,
            s.deadline_text(t.deadline.as_deref(), today)
        ));
    }
    let merged: Vec<String> = m
        .units
        .iter()
        .filter(|u| !u.aliases.is_empty())
        .map(|u| format!("{} ← {}", u.name, u.aliases.join("、")))
        .collect();
    if !merged.is_empty() {
        out.push_str(&format!("\n{}:\n", s.also_called));
        for line in merged {
            out.push_str(&format!("  {line}\n"));
        }
    }
    if !x.notices.is_empty() {
        let head = match lang {
            Lang::Zh => "警告",
            Lang::En => "Warnings",
        };
        out.push_str(&format!("\n{head} ({}):\n", x.notices.len()));
        for n in &x.notices {
            out.push_str(&format!(
                "  {}  {}：{}\n",
                place(n.line),
                notice_label(n, lang),
                n.text
            ));
        }
    }
    out.push('\n');
    out
}
