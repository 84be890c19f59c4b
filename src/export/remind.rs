//! Reminders worded for people: a plain text to mail, Markdown, or JSON for a script; one
//! unit's or all of them. The figures are the ledger's [`reminders`](crate::ledger::remind).

use super::cells::{md_cell, md_table};
use crate::ledger::remind::UnitReminders;
use crate::ledger::report::{Item, note_text};
use crate::words::{Lang, StatusWords, ledger_words, office_words};
use chrono::NaiveDate;
use dutymatrix_base::text::safe_line;
use serde_json::json;

/// `2026-12-31（剩余30天）` or `2025-12-31（已超期335天）`.
fn when(i: &Item, lang: Lang) -> String {
    let o = office_words(lang);
    let (Some(due), Some(n)) = (i.due, i.days_left) else {
        return String::new();
    };
    let left = if n < 0 {
        (o.overdue_days)(-n)
    } else {
        (o.days_left)(n)
    };
    format!("{due}{}", crate::words::paren(lang, &left))
}

fn note(i: &Item, lang: Lang) -> String {
    let o = office_words(lang);
    let text = note_text(i.note.as_deref(), i.note_date, None);
    match &i.who {
        Some(w) if i.note.is_some() => format!("{text}（{} {}）", o.recorded_by, safe_line(w)),
        _ => text,
    }
}

fn title(r: &UnitReminders, within: i64, lang: Lang) -> String {
    format!(
        "{}{}",
        (office_words(lang).remind_title)(&safe_line(&r.unit), within),
        crate::words::paren(lang, &r.items.len().to_string())
    )
}

/// One unit's reminders as plain text: a heading, then two lines per item.
pub fn text(r: &UnitReminders, within: i64, today: NaiveDate, lang: Lang) -> String {
    let (o, w) = (office_words(lang), ledger_words(lang));
    let mut out = format!("{}  {} {today}\n", title(r, within, lang), w.today);
    for i in &r.items {
        out.push_str(&format!(
            "  {}  {}  {} {}  {}\n      {}：{}\n",
            safe_line(&i.task),
            safe_line(&i.title),
            o.remind_due,
            when(i, lang),
            i.status.word(lang),
            w.latest,
            note(i, lang)
        ));
    }
    out
}

/// One unit's reminders as Markdown: a heading and a table.
pub fn markdown(r: &UnitReminders, within: i64, today: NaiveDate, lang: Lang) -> String {
    let (s, o, w) = (lang.strings(), office_words(lang), ledger_words(lang));
    let rows: Vec<Vec<String>> = r
        .items
        .iter()
        .map(|i| {
            vec![
                safe_line(&i.task),
                safe_line(&i.title),
                when(i, lang),
                i.status.word(lang).to_string(),
                note(i, lang),
            ]
        })
        .collect();
    format!(
        "## {}\n\n{}：{today}\n\n{}",
        md_cell(&title(r, within, lang)),
        w.today,
        md_table(
            &[
                lang.meeting().col_task_id,
                s.task,
                o.remind_due,
                w.status,
                w.latest
            ],
            &rows
        )
    )
}

/// Reminders as JSON: the day, the window and each unit's items.
pub fn json(units: &[UnitReminders], within: i64, today: NaiveDate) -> serde_json::Value {
    json!({"today": today, "within": within, "units": units})
}
