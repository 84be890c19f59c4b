//! `dutymatrix check FILE…`: what was read from each document, task by task, and every piece of
//! annotation-like text that was not understood, with line numbers, so a user can trust or fix
//! a document before loading it. Exit 0 when clean, 1 with warnings, 2 when a file is unreadable.

use super::Outcome;
use crate::extract::{Extraction, Notice, NoticeKind};
use crate::i18n::Lang;
use crate::load::read_file;
use crate::model::Role;
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
    let (mut warnings, mut unreadable) = (0usize, 0usize);
    for path in files {
        match read_file(path, encoding) {
            Ok(x) => {
                warnings += x.notices.len();
                if json {
                    reports.push(report_json(path, &x));
                } else {
                    out.push_str(&report_text(path, &x, lang, today));
                }
            }
            Err(e) => {
                unreadable += 1;
                err.push_str(&format!("dutymatrix: {} {e}\n", s.cannot_read));
                if json {
                    reports.push(json!({"path": path.display().to_string(), "error": e.reason}));
                }
            }
        }
    }
    if json {
        out = serde_json::to_string_pretty(&Value::Array(reports)).unwrap_or_default() + "\n";
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
    }
}

fn report_json(path: &std::path::Path, x: &Extraction) -> Value {
    json!({
        "path": path.display().to_string(),
        "encoding": x.encoding,
        "documents": x.model.documents,
        "units": x.model.units,
        "tasks": x.model.tasks,
        "notices": x.notices,
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
    }
}

fn report_text(path: &std::path::Path, x: &Extraction, lang: Lang, today: NaiveDate) -> String {
    let s = lang.strings();
    let m = &x.model;
    let mut out = format!("== {} ({})\n", crate::load::shown(path), x.encoding);
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
        "{} {tasks}, {with_units} {named} · {bodies} {units} + {} {}\n\n",
        m.tasks.len(),
        m.units.len() - bodies,
        s.collective
    ));
    for t in &m.tasks {
        out.push_str(&format!(
            "{} {:>4}  {} {}\n",
            s.lines, t.lines[0], t.number, t.title_simplified
        ));
        for role in Role::ALL {
            let names: Vec<String> = m
                .assignees(t, role)
                .map(|(u, collective)| {
                    if collective {
                        format!("{u}*")
                    } else {
                        u.to_string()
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
            s.deadline_text(t.deadline.as_ref(), today)
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
                "  {} {:>4}  {}：{}\n",
                s.lines,
                n.line,
                notice_label(n, lang),
                n.text
            ));
        }
    }
    out.push('\n');
    out
}
