//! The ledger's pieces of the other views: a light as a coloured word, a status column, and
//! the task view's section of lights, latest notes and the whole history.

use super::Theme;
use crate::ledger::{Change, Light, Status};
use crate::model::Task;
use crate::text::{fit, safe_line, width, wrap};
pub use crate::tui::ledger_state::{record_words, status_label};
use crate::tui::shared::Shared;
use crate::words::Lang;
use crate::words::LightWords;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

/// A light's colour, bold for red; grey is dim. Never the only sign: the word goes with it.
pub fn light_style(theme: Theme, l: Light) -> Style {
    match l {
        Light::Grey => theme.dim(),
        Light::Red => theme.fg(Color::Red).add_modifier(Modifier::BOLD),
        Light::Yellow => theme.fg(Color::Yellow).add_modifier(Modifier::BOLD),
        Light::Green => theme.fg(Color::Green),
    }
}

/// A light two cells wide (红 黄 绿 灰 / R! Y G --), coloured.
pub fn light_span(lang: Lang, theme: Theme, l: Light) -> Span<'static> {
    Span::styled(l.short(lang), light_style(theme, l))
}

/// Width of the status column (the widest label).
pub fn status_width(lang: Lang) -> usize {
    Status::ALL
        .iter()
        .map(|s| width(status_label(lang, *s)))
        .max()
        .unwrap_or(6)
}

/// The duties list's status cell, or None when there is no ledger to show statuses from.
pub fn status_cell(sh: &Shared, task: &Task, unit: &str) -> Option<String> {
    if !sh.ledger.is_open() {
        return None;
    }
    let label = sh
        .ledger
        .status(task, unit)
        .map_or("", |s| status_label(sh.lang, s));
    Some(fit(label, status_width(sh.lang)))
}

/// The task view's ledger section: each unit's light, status and latest note, then every row
/// of the history, oldest first. Notes and logins are untrusted and drawn sanitised.
pub fn task_section(sh: &Shared, theme: Theme, task: &Task, w: usize) -> Vec<Line<'static>> {
    let lang = sh.lang;
    let ui = lang.ledger_ui();
    let words = crate::words::ledger_words(lang);
    let colon = lang.strings().colon;
    let mut out = Vec::new();
    let light = sh.ledger.task_light(task, sh.today);
    out.push(Line::from(vec![
        Span::styled(format!("{}{colon}", words.light), theme.heading()),
        Span::styled(light.word(lang), light_style(theme, light)),
    ]));
    for a in &task.assignments {
        let l = sh.ledger.light(task, &a.unit, sh.today);
        let status = sh
            .ledger
            .status(task, &a.unit)
            .map_or("", |s| status_label(lang, s));
        let note = sh
            .ledger
            .snapshot
            .entry(&task.id, &a.unit)
            .and_then(|e| e.note.as_ref())
            .and_then(|n| n.note.as_deref())
            .map(safe_line)
            .unwrap_or_default();
        let head = format!(
            " {} {} ",
            fit(&safe_line(&a.unit), 16),
            fit(status, status_width(lang))
        );
        let room = w.saturating_sub(2 + width(&head));
        out.push(Line::from(vec![
            light_span(lang, theme, l),
            Span::raw(head),
            Span::raw(crate::text::truncate(&note, room)),
        ]));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!("{}{colon}", ui.history),
        theme.heading(),
    ));
    if !sh.ledger.is_open() {
        let text = sh.ledger.notice.as_deref().unwrap_or(ui.no_ledger);
        for l in wrap(&safe_line(text), w) {
            out.push(Line::styled(l, theme.dim()));
        }
        return out;
    }
    let rows = sh.ledger.history_of(&task.id).unwrap_or_default();
    if rows.is_empty() {
        out.push(Line::styled(words.no_records, theme.dim()));
    }
    for c in rows {
        let style = if c.undone { theme.dim() } else { Style::new() };
        for (i, l) in wrap(&history_row(lang, c), w.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { "- " } else { "  " };
            out.push(Line::styled(format!("{lead}{l}"), style));
        }
    }
    out
}

/// One history row: when (local time), who, unit, what.
fn history_row(lang: Lang, c: &Change) -> String {
    let ui = lang.ledger_ui();
    let words = crate::words::ledger_words(lang);
    let when = c.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
    let mut parts = vec![when.to_string(), safe_line(&c.who), safe_line(&c.unit)];
    if let Some(id) = c.undoes {
        parts.push(format!("{} #{id}", ui.undo_row));
    }
    let what = record_words(lang, c);
    if !what.is_empty() {
        parts.push(what);
    }
    if c.undone {
        parts.push(format!("({})", words.undone));
    }
    parts.join(" ")
}
