//! Which unit the ledger keys (r, x, u) act for on a row that names several, and the footer
//! that says it: the unit, its light, its status and its latest note, so a meeting screen
//! shows where the selected row stands without opening the task.

use crate::model::Task;
use crate::text::{safe_line, truncate, width};
use crate::tui::paint::ledger_lines::{light_span, status_label};
use crate::tui::paint::{Theme, safe};
use crate::tui::shared::Shared;
use ratatui::text::{Line, Span};

/// The candidate `pick` names (Tab cycles it), as an index into the model's units.
pub fn pick_unit(sh: &Shared, candidates: &[&str], pick: usize) -> Option<usize> {
    if candidates.is_empty() {
        return None;
    }
    sh.model.unit_position(candidates[pick % candidates.len()])
}

/// The units a timeline or matrix row can act for: the task's own units, those marked first
/// when any are, collectives (各区县人民政府) last since nobody records for them as one.
pub fn task_units<'a>(sh: &Shared, task: &'a Task) -> Vec<&'a str> {
    let mut units: Vec<&str> = task.assignments.iter().map(|a| a.unit.as_str()).collect();
    let rank = |u: &str| {
        let marked = sh.marked.iter().any(|m| m == u);
        let collective = sh.model.unit(u).is_some_and(|x| x.collective);
        (!marked, collective)
    };
    units.sort_by_key(|u| rank(u));
    units.dedup();
    units
}

/// `> 市卫生健康委 红 推进中 2026-11-30 签订协议（alice）  Tab 换单位`, cut to `w` cells.
pub fn footer(
    sh: &Shared,
    theme: Theme,
    task: &Task,
    unit: usize,
    several: bool,
    w: usize,
) -> Line<'static> {
    let Some(u) = sh.model.units.get(unit) else {
        return Line::default();
    };
    let ui = sh.lang.ledger_ui();
    let light = sh.ledger.light(task, &u.name, sh.today);
    let mut spans = vec![
        Span::styled(format!("{} ", ui.acting_for), theme.dim()),
        Span::styled(safe(&u.name), theme.heading()),
        Span::raw(" "),
        light_span(sh.lang, theme, light),
    ];
    if let Some(s) = sh.ledger.status(task, &u.name) {
        spans.push(Span::raw(format!(" {}", status_label(sh.lang, s))));
    }
    if let Some(note) = sh.ledger.latest_note(task, &u.name) {
        let mut text = String::from(" ");
        if let Some(d) = note.note_date {
            text.push_str(&format!("{d} "));
        }
        text.push_str(&safe_line(note.note.as_deref().unwrap_or_default()));
        spans.push(Span::styled(text, theme.dim()));
    }
    if several {
        spans.push(Span::styled(format!("  {}", ui.tab_next_unit), theme.dim()));
    }
    // Cut from the right, by display width, keeping the unit and its light whole.
    let mut used = 0;
    let mut out = Vec::new();
    for s in spans {
        let sw = width(&s.content);
        if used + sw > w {
            let rest = w.saturating_sub(used);
            if rest > 1 {
                out.push(Span::styled(truncate(&s.content, rest), s.style));
            }
            break;
        }
        used += sw;
        out.push(s);
    }
    Line::from(out)
}
