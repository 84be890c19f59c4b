//! 情况通报: the report for a meeting. Per unit, totals by light and by status; then every red
//! and yellow item with its latest note; then records whose task has gone. As a terminal table,
//! Markdown, CSV (UTF-8 with BOM, so Excel opens it in Chinese) or JSON.

use super::words::{paren, words};
use super::{Light, Snapshot, Status};
use crate::export::{csv_bytes, inert, md_cell, md_table};
use crate::i18n::Lang;
use crate::model::Model;
use crate::text::{fit, safe_line, width};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct UnitTotals {
    pub unit: String,
    /// Counts in [`Light::ALL`] order: red, yellow, green, grey.
    pub lights: [usize; 4],
    /// Counts in [`Status::ALL`] order; nothing recorded counts as not started.
    pub statuses: [usize; 4],
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub light: Light,
    pub unit: String,
    pub task: String,
    pub title: String,
    pub due: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub status: Status,
    pub recorded: bool,
    pub note: Option<String>,
    pub note_date: Option<NaiveDate>,
    pub who: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrphanItem {
    pub unit: String,
    pub task: String,
    pub title: String,
    pub status: Option<Status>,
    pub note: Option<String>,
    pub note_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub today: NaiveDate,
    pub warn_days: i64,
    pub units: Vec<UnitTotals>,
    /// Red items, then yellow, each by most overdue first.
    pub items: Vec<Item>,
    pub orphans: Vec<OrphanItem>,
}

impl Report {
    pub fn build(model: &Model, snap: &Snapshot, today: NaiveDate, warn_days: i64) -> Report {
        let mut units: BTreeMap<&str, UnitTotals> = BTreeMap::new();
        let mut items = Vec::new();
        for a in snap.assignments(model, None, today, warn_days) {
            let status = a.status().unwrap_or(Status::Todo);
            let t = units.entry(a.unit).or_insert_with(|| UnitTotals {
                unit: a.unit.to_string(),
                lights: [0; 4],
                statuses: [0; 4],
                total: 0,
            });
            t.total += 1;
            if let Some(i) = Light::ALL.iter().position(|l| *l == a.light) {
                t.lights[i] += 1;
            }
            if let Some(i) = Status::ALL.iter().position(|s| *s == status) {
                t.statuses[i] += 1;
            }
            if matches!(a.light, Light::Red | Light::Yellow) {
                let due = a.task.deadline.as_ref().and_then(|d| d.due(today));
                let note = a.note();
                items.push(Item {
                    light: a.light,
                    unit: a.unit.to_string(),
                    task: a.task.id.clone(),
                    title: a.task.title_simplified.clone(),
                    due,
                    days_left: due.map(|d| (d - today).num_days()),
                    status,
                    recorded: a.entry.is_some(),
                    note: note.and_then(|n| n.note.clone()),
                    note_date: note.and_then(|n| n.note_date),
                    who: note.map(|n| n.who.clone()),
                });
            }
        }
        let mut units: Vec<UnitTotals> = units.into_values().collect();
        units.sort_by(|a, b| {
            (b.lights[0], b.lights[1], b.total)
                .cmp(&(a.lights[0], a.lights[1], a.total))
                .then_with(|| a.unit.cmp(&b.unit))
        });
        items.sort_by(|a, b| {
            b.light
                .cmp(&a.light)
                .then(a.days_left.cmp(&b.days_left))
                .then_with(|| a.unit.cmp(&b.unit))
                .then_with(|| a.task.cmp(&b.task))
        });
        let orphans = snap
            .orphans
            .iter()
            .map(|o| OrphanItem {
                unit: o.unit.clone(),
                task: o.key.task_id.clone(),
                title: o.key.title.clone(),
                status: o.entry.status,
                note: o.entry.note.as_ref().and_then(|n| n.note.clone()),
                note_date: o.entry.note.as_ref().and_then(|n| n.note_date),
            })
            .collect();
        Report {
            today,
            warn_days,
            units,
            items,
            orphans,
        }
    }

    pub fn json(&self) -> serde_json::Value {
        let units: Vec<_> = self
            .units
            .iter()
            .map(|u| {
                let mut lights = serde_json::Map::new();
                for (l, n) in Light::ALL.iter().zip(u.lights) {
                    lights.insert(l.code().into(), n.into());
                }
                let mut statuses = serde_json::Map::new();
                for (s, n) in Status::ALL.iter().zip(u.statuses) {
                    statuses.insert(s.code().into(), n.into());
                }
                json!({"unit": u.unit, "lights": lights, "statuses": statuses, "total": u.total})
            })
            .collect();
        json!({
            "today": self.today,
            "warn_days": self.warn_days,
            "units": units,
            "items": self.items,
            "orphans": self.orphans,
        })
    }

    fn headers(lang: Lang) -> Vec<String> {
        let w = words(lang);
        let mut h = vec![crate::i18n::Lang::strings(lang).unit.to_string()];
        h.extend(Light::ALL.iter().map(|l| l.word(lang).to_string()));
        h.extend(Status::ALL.iter().map(|s| s.word(lang).to_string()));
        h.push(w.total.to_string());
        h
    }

    fn unit_cells(u: &UnitTotals) -> Vec<String> {
        let mut row = vec![safe_line(&u.unit)];
        row.extend(u.lights.iter().map(usize::to_string));
        row.extend(u.statuses.iter().map(usize::to_string));
        row.push(u.total.to_string());
        row
    }

    fn item_headers(lang: Lang) -> Vec<String> {
        let s = crate::i18n::Lang::strings(lang);
        let w = words(lang);
        [w.light, s.unit, s.task, s.deadline, w.status, w.latest]
            .iter()
            .map(|h| h.to_string())
            .collect()
    }

    fn item_cells(&self, i: &Item, lang: Lang) -> Vec<String> {
        let s = crate::i18n::Lang::strings(lang);
        let deadline = match (i.due, i.days_left) {
            (Some(d), Some(n)) => format!("{d} {}", s.days(n)),
            _ => s.no_deadline.to_string(),
        };
        vec![
            i.light.word(lang).to_string(),
            safe_line(&i.unit),
            format!("{} {}", i.task, safe_line(&i.title)),
            deadline,
            i.status.word(lang).to_string(),
            note_text(i.note.as_deref(), i.note_date, i.who.as_deref()),
        ]
    }

    /// The report for a terminal: aligned by display width.
    pub fn table(&self, lang: Lang) -> String {
        let w = words(lang);
        let mut out = format!(
            "{}  {} {}{}\n\n",
            w.report_title,
            w.today,
            self.today,
            paren(
                lang,
                &w.warn_window.replace("{}", &self.warn_days.to_string())
            )
        );
        let head = Report::headers(lang);
        let rows: Vec<Vec<String>> = self.units.iter().map(Report::unit_cells).collect();
        let name_w = rows
            .iter()
            .map(|r| width(&r[0]))
            .chain([width(&head[0])])
            .max()
            .unwrap_or(4);
        let line = |cells: &[String]| -> String {
            let mut l = fit(&cells[0], name_w);
            for (i, c) in cells.iter().enumerate().skip(1) {
                let cw = width(&head[i]).max(4);
                l.push_str("  ");
                l.push_str(&" ".repeat(cw.saturating_sub(width(c))));
                l.push_str(c);
            }
            l.trim_end().to_string() + "\n"
        };
        out.push_str(&line(&head));
        for r in &rows {
            out.push_str(&line(r));
        }
        for (title, light) in [(w.red_items, Light::Red), (w.yellow_items, Light::Yellow)] {
            let items: Vec<&Item> = self.items.iter().filter(|i| i.light == light).collect();
            out.push_str(&format!(
                "\n{title}{}\n",
                paren(lang, &items.len().to_string())
            ));
            for i in items {
                let c = self.item_cells(i, lang);
                out.push_str(&format!("  {}  {}  {}\n", c[1], c[2], c[3]));
                out.push_str(&format!("      {}  {}\n", c[4], c[5]));
            }
        }
        if !self.orphans.is_empty() {
            out.push_str(&format!(
                "\n{}{}\n",
                w.orphans,
                paren(lang, &format!("{}: {}", self.orphans.len(), w.orphans_hint))
            ));
            for o in &self.orphans {
                out.push_str(&format!(
                    "  {}  {} {}  {}  {}\n",
                    safe_line(&o.unit),
                    o.task,
                    safe_line(&o.title),
                    o.status.map_or("-", |s| s.word(lang)),
                    note_text(o.note.as_deref(), o.note_date, None)
                ));
            }
        }
        out
    }

    /// The report as Markdown, for minutes kept in a wiki or a repository.
    pub fn markdown(&self, lang: Lang) -> String {
        let w = words(lang);
        let cell = md_cell;
        let table = md_table::<String, String>;
        let mut out = format!(
            "# {} {}\n\n{}\n\n",
            w.report_title,
            self.today,
            w.warn_window.replace("{}", &self.warn_days.to_string())
        );
        let rows: Vec<Vec<String>> = self.units.iter().map(Report::unit_cells).collect();
        out.push_str(&table(&Report::headers(lang), &rows));
        for (title, light) in [(w.red_items, Light::Red), (w.yellow_items, Light::Yellow)] {
            let rows: Vec<Vec<String>> = self
                .items
                .iter()
                .filter(|i| i.light == light)
                .map(|i| self.item_cells(i, lang))
                .collect();
            out.push_str(&format!(
                "\n## {title}{}\n\n",
                paren(lang, &rows.len().to_string())
            ));
            if !rows.is_empty() {
                out.push_str(&table(&Report::item_headers(lang), &rows));
            }
        }
        if !self.orphans.is_empty() {
            out.push_str(&format!("\n## {}\n\n", w.orphans));
            for o in &self.orphans {
                out.push_str(&format!(
                    "- {} {} {}: {}\n",
                    cell(&safe_line(&o.unit)),
                    o.task,
                    cell(&safe_line(&o.title)),
                    cell(&note_text(o.note.as_deref(), o.note_date, None))
                ));
            }
        }
        out
    }

    /// The report as CSV: the per-unit table, a blank line, then the red and yellow items.
    /// UTF-8 with a BOM so Excel reads Chinese; cells that a spreadsheet would take for a
    /// formula (= + - @) are prefixed with an apostrophe.
    pub fn csv(&self, lang: Lang) -> Result<Vec<u8>, String> {
        let mut records = vec![Report::headers(lang)];
        records.extend(self.units.iter().map(Report::unit_cells));
        records.push(vec![String::new()]);
        records.push(Report::item_headers(lang));
        records.extend(self.items.iter().map(|i| self.item_cells(i, lang)));
        csv_bytes(records.iter().map(|cells| cells.iter().map(|c| inert(c))))
            .map_err(|e| e.to_string())
    }
}

/// `2026-12-01 签订协议3份（alice）`, sanitised; `-` when there is no note.
pub fn note_text(note: Option<&str>, date: Option<NaiveDate>, who: Option<&str>) -> String {
    let Some(n) = note else {
        return "-".into();
    };
    let mut out = String::new();
    if let Some(d) = date {
        out.push_str(&format!("{d} "));
    }
    out.push_str(&safe_line(n));
    if let Some(w) = who {
        out.push_str(&format!("（{}）", safe_line(w)));
    }
    out
}
