//! 任务分工表: the sheet a coordination meeting is used to — one row per task in document order,
//! with the document's own numbering, the task, its lead, supporting and responsible units and
//! its deadline, then where it stands for the meeting's units (亮灯, 进展, 最新情况).

use super::cells::{csv_bytes, inert, md_cell, md_table};
use super::format::Format;
use crate::ledger::report::note_text;
use crate::ledger::{Light, Snapshot, Status};
use crate::model::{Model, Role, Task};
use crate::words::{Lang, LightWords, StatusWords};
use chrono::NaiveDate;
use serde::Serialize;

/// One task of the 分工表.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FengongRow {
    pub document: String,
    /// The document's own numbering: the section's (三、) and the item's ((一)).
    pub number: String,
    pub task_id: String,
    pub task: String,
    pub leads: Vec<String>,
    pub supports: Vec<String>,
    pub responsible: Vec<String>,
    pub due: Option<NaiveDate>,
    /// The deadline as the document words it.
    pub deadline: String,
    /// The worst light of the units the sheet is for.
    pub light: Option<Light>,
    /// The status of the unit with that light.
    pub status: Option<Status>,
    /// The newest note of those units, with its date and writer.
    pub progress: Option<String>,
}

/// The rows for `units` (every task when empty), in document order.
pub fn fengong_rows(
    model: &Model,
    units: &[String],
    snapshot: &Snapshot,
    today: NaiveDate,
    warn_days: i64,
) -> Vec<FengongRow> {
    let has_ledger = snapshot.mark.is_some();
    let mut rows = Vec::new();
    for t in &model.tasks {
        let concerned: Vec<&str> = t
            .assignments
            .iter()
            .map(|a| a.unit.as_str())
            .filter(|u| units.is_empty() || units.iter().any(|x| x == u))
            .collect();
        if concerned.is_empty() {
            continue;
        }
        let worst = concerned
            .iter()
            .map(|u| (snapshot.light(t, u, today, warn_days), *u))
            .max();
        let newest = concerned
            .iter()
            .filter_map(|u| snapshot.entry(&t.id, u)?.note.as_ref())
            .max_by_key(|c| c.id);
        rows.push(FengongRow {
            document: model
                .document(&t.document)
                .map_or_else(|| t.document.to_string(), |d| d.title.clone()),
            number: numbering(t),
            task_id: t.id.to_string(),
            task: t.title_simplified().to_string(),
            leads: named(t, Role::Lead),
            supports: named(t, Role::Support),
            responsible: named(t, Role::Responsible),
            due: t.deadline.as_ref().and_then(|d| d.due(today)),
            deadline: t
                .deadline
                .as_ref()
                .map_or(String::new(), |d| d.text.to_string()),
            light: worst.map(|(l, _)| l),
            // 未启动 only when a ledger was read: without one nothing is known of progress.
            status: worst.and_then(|(_, u)| {
                snapshot
                    .status(&t.id, u)
                    .or(has_ledger.then_some(Status::Todo))
            }),
            progress: newest.map(|c| note_text(c.note.as_deref(), c.note_date, Some(&c.who))),
        });
    }
    rows
}

/// 三、(一): the last heading's own number, then the item's.
fn numbering(t: &Task) -> String {
    let heading = t.section.last().map_or("", |s| s.as_str());
    let prefix: String = match heading.find('、') {
        Some(i) if i <= 12 => heading[..i + '、'.len_utf8()].to_string(),
        _ => String::new(),
    };
    format!("{prefix}{}", t.number)
}

fn named(t: &Task, role: Role) -> Vec<String> {
    t.assignments
        .iter()
        .filter(|a| a.role == role)
        .map(|a| a.unit.to_string())
        .collect()
}

fn header(lang: Lang) -> Vec<String> {
    let (s, m) = (lang.strings(), lang.meeting());
    let w = crate::words::ledger_words(lang);
    [
        s.document,
        m.col_number,
        m.col_key_task,
        m.col_lead_units,
        m.col_support_units,
        m.col_responsible_units,
        m.col_due,
        m.col_deadline_text,
        w.light,
        w.status,
        w.latest,
    ]
    .iter()
    .map(|c| c.to_string())
    .collect()
}

fn cells(r: &FengongRow, lang: Lang) -> Vec<String> {
    vec![
        inert(&r.document),
        inert(&r.number),
        inert(&r.task),
        inert(&r.leads.join("、")),
        inert(&r.supports.join("、")),
        inert(&r.responsible.join("、")),
        r.due
            .map_or(String::new(), |d| d.format("%Y-%m-%d").to_string()),
        // As the rest of the sheet: Simplified under the Chinese UI.
        inert(&lang.script(&r.deadline)),
        r.light.map_or(String::new(), |l| l.word(lang).to_string()),
        r.status.map_or(String::new(), |x| x.word(lang).to_string()),
        r.progress.as_deref().map_or(String::new(), inert),
    ]
}

/// The 分工表's bytes in `format`.
pub fn render_fengong(
    rows: &[FengongRow],
    title: &str,
    today: NaiveDate,
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let table: Vec<Vec<String>> = std::iter::once(header(lang))
        .chain(rows.iter().map(|r| cells(r, lang)))
        .collect();
    match format {
        Format::Csv => {
            csv_bytes(table.iter().map(|r| r.iter().map(String::as_str))).map_err(|e| e.to_string())
        }
        Format::Markdown => Ok(format!(
            "# {}\n\n{}",
            md_cell(title),
            md_table(&table[0], &table[1..])
        )
        .into_bytes()),
        Format::Json => serde_json::to_vec_pretty(&serde_json::json!({
            "layout": "fengong",
            "title": title,
            "rows": rows,
        }))
        .map(|mut v| {
            v.push(b'\n');
            v
        })
        .map_err(|e| e.to_string()),
        Format::Xlsx => {
            use super::xlsx::{Cell, table_workbook, text};
            let cells: Vec<Vec<Cell>> = rows
                .iter()
                .map(|r| {
                    vec![
                        text(&r.document),
                        text(&r.number),
                        text(&r.task),
                        text(&r.leads.join("、")),
                        text(&r.supports.join("、")),
                        text(&r.responsible.join("、")),
                        r.due.map_or(Cell::Empty, Cell::Date),
                        text(&lang.script(&r.deadline)),
                        r.light.map_or(Cell::Empty, Cell::Light),
                        r.status.map_or(Cell::Empty, |x| text(x.word(lang))),
                        r.progress.as_deref().map_or(Cell::Empty, text),
                    ]
                })
                .collect();
            let head: Vec<&str> = table[0].iter().map(String::as_str).collect();
            table_workbook(&head, &cells, title, today, lang).map_err(|e| e.to_string())
        }
    }
}
