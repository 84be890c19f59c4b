//! The 情况通报 worded for people: a terminal table aligned by display width, Markdown for
//! minutes kept in a wiki, CSV (UTF-8 with a BOM, so Excel opens it in Chinese). The figures
//! are the ledger's [`Report`]; the cells follow the same rules as every sheet ([`cells`]).

use super::cells::{csv_bytes, inert, md_table};
use crate::words::{Lang, LightWords, StatusWords, ledger_words as words, paren};
use dutymatrix_base::par::par_in_order;
use dutymatrix_base::text::{fit, push_safe_line, safe_line, width};
use dutymatrix_ledger::report::{Item, OrphanItem, Report, UnitTotals, note_text, push_date};
use dutymatrix_ledger::{Light, Status};

pub(super) fn headers(lang: Lang) -> Vec<String> {
    let w = words(lang);
    let mut h = vec![lang.strings().unit.to_string()];
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
    let s = lang.strings();
    let w = words(lang);
    [w.light, s.unit, s.task, s.deadline, w.status, w.latest]
        .iter()
        .map(|h| h.to_string())
        .collect()
}

fn item_cells(i: &Item, lang: Lang) -> Vec<String> {
    let s = lang.strings();
    // Pushed, not formatted: a report at a province's scale has a hundred thousand items.
    let deadline = match (i.due, i.days_left) {
        (Some(d), Some(n)) => {
            let mut cell = String::with_capacity(24);
            push_date(&mut cell, d);
            cell.push(' ');
            cell.push_str(&s.days(n));
            cell
        }
        _ => s.no_deadline.to_string(),
    };
    vec![
        i.light.word(lang).to_string(),
        safe_line(&i.unit),
        task_cell(&i.task, &i.title),
        deadline,
        i.status.word(lang).to_string(),
        note_text(i.note.as_deref(), i.note_date, i.who.as_deref()),
    ]
}

/// `plan/1.2 标题`: a task's id, then its title made safe.
fn task_cell(task: &str, title: &str) -> String {
    let mut cell = String::with_capacity(task.len() + 1 + title.len());
    cell.push_str(task);
    cell.push(' ');
    push_safe_line(&mut cell, title);
    cell
}

fn orphan_headers(lang: Lang) -> Vec<String> {
    let s = lang.strings();
    let w = words(lang);
    [s.unit, s.task, w.status, w.latest]
        .iter()
        .map(|h| h.to_string())
        .collect()
}

/// The same cells in every format: the orphans are part of the report, not an appendix of some.
fn orphan_cells(o: &OrphanItem, lang: Lang) -> Vec<String> {
    vec![
        safe_line(&o.unit),
        task_cell(&o.task, &o.title),
        o.status.map_or("-", |s| s.word(lang)).to_string(),
        note_text(o.note.as_deref(), o.note_date, None),
    ]
}

/// Items written as one piece of a terminal report: enough that starting a piece costs nothing
/// beside it.
const ITEMS_PER_PART: usize = 2048;

/// The terminal report's two lines for each of `items`.
fn item_lines(items: &[&Item], lang: Lang) -> String {
    let mut out = String::with_capacity(200 * items.len());
    for i in items {
        let c = item_cells(i, lang);
        for (lead, cell) in [("  ", 1), ("  ", 2), ("  ", 3), ("\n      ", 4), ("  ", 5)] {
            out.push_str(lead);
            out.push_str(&c[cell]);
        }
        out.push('\n');
    }
    out
}

/// The report for a terminal: aligned by display width.
pub fn table(report: &Report, lang: Lang) -> String {
    let w = words(lang);
    // Two lines of about 160 bytes an item: grown by doubling, a province's report (15 MB)
    // was copied into fresh pages a dozen times.
    let mut out = String::with_capacity(200 * report.items.len() + 100 * report.units.len());
    out += &format!(
        "{}  {} {}{}\n\n",
        w.report_title,
        w.today,
        report.today,
        paren(lang, &(w.warn_window)(report.warn_days))
    );
    let head = headers(lang);
    let rows: Vec<Vec<String>> = report.units.iter().map(unit_cells).collect();
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
        let items: Vec<&Item> = report.items.iter().filter(|i| i.light == light).collect();
        out.push_str(&format!(
            "\n{title}{}\n",
            paren(lang, &items.len().to_string())
        ));
        // Each item's lines are their own: written on every core, part by part, each part
        // joined on as soon as those before it are (not all held until the last is done).
        let parts: Vec<&[&Item]> = items.chunks(ITEMS_PER_PART).collect();
        par_in_order(
            &parts,
            |part| item_lines(part, lang),
            |lines| out.push_str(&lines),
        );
    }
    if !report.orphans.is_empty() {
        out.push_str(&format!(
            "\n{}{}\n",
            w.orphans,
            paren(
                lang,
                &format!("{}: {}", report.orphans.len(), w.orphans_hint)
            )
        ));
        for o in &report.orphans {
            out.push_str(&format!("  {}\n", orphan_cells(o, lang).join("  ")));
        }
    }
    out
}

/// The report as Markdown, for minutes kept in a wiki or a repository.
pub fn markdown(report: &Report, lang: Lang) -> String {
    let w = words(lang);
    let table = md_table::<String, String>;
    let mut out = format!(
        "# {} {}\n\n{}\n\n",
        w.report_title,
        report.today,
        (w.warn_window)(report.warn_days)
    );
    let rows: Vec<Vec<String>> = report.units.iter().map(unit_cells).collect();
    out.push_str(&table(&headers(lang), &rows));
    for (title, light) in [(w.red_items, Light::Red), (w.yellow_items, Light::Yellow)] {
        let rows: Vec<Vec<String>> = report
            .items
            .iter()
            .filter(|i| i.light == light)
            .map(|i| item_cells(i, lang))
            .collect();
        out.push_str(&format!(
            "\n## {title}{}\n\n",
            paren(lang, &rows.len().to_string())
        ));
        if !rows.is_empty() {
            out.push_str(&table(&item_headers(lang), &rows));
        }
    }
    if !report.orphans.is_empty() {
        out.push_str(&format!("\n## {}\n\n", w.orphans));
        let rows: Vec<Vec<String>> = report
            .orphans
            .iter()
            .map(|o| orphan_cells(o, lang))
            .collect();
        out.push_str(&table(&orphan_headers(lang), &rows));
    }
    out
}

/// The report as CSV: the per-unit table, a blank line, the red and yellow items, and when
/// there are any, a blank line, a line naming them and the records whose task has gone.
/// UTF-8 with a BOM so Excel reads Chinese; cells that a spreadsheet would take for a
/// formula (= + - @) are prefixed with an apostrophe.
pub fn csv(report: &Report, lang: Lang) -> Result<Vec<u8>, String> {
    let mut records = vec![headers(lang)];
    records.extend(report.units.iter().map(unit_cells));
    records.push(vec![String::new()]);
    records.push(item_headers(lang));
    records.extend(report.items.iter().map(|i| item_cells(i, lang)));
    if !report.orphans.is_empty() {
        records.push(vec![String::new()]);
        records.push(vec![words(lang).orphans.to_string()]);
        records.push(orphan_headers(lang));
        records.extend(report.orphans.iter().map(|o| orphan_cells(o, lang)));
    }
    csv_bytes(records.iter().map(|cells| cells.iter().map(|c| inert(c)))).map_err(|e| e.to_string())
}
