//! One task in full: source, section, deadline, every unit with its role, and the text.

use super::{Theme, safe};
use crate::model::Role;
use crate::text::wrap;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, task: usize) {
    let s = app.lang.strings();
    let Some(t) = app.model.tasks.get(task) else {
        return;
    };
    // Chinese UI: the document's words in Simplified; `o` shows them as written.
    let shown = |simplified: &str, written: &str| -> String {
        if app.original || app.lang == crate::words::Lang::En {
            written.to_string()
        } else {
            simplified.to_string()
        }
    };
    let block = Block::bordered()
        .title(format!(
            " {} {} ",
            t.number,
            safe(&shown(&t.title_simplified, &t.title))
        ))
        .border_style(theme.heading());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let doc = app.model.document(&t.document);
    let mut fields: Vec<(&str, String, Style)> = Vec::new();
    let (open, close) = (s.open_paren, s.close_paren);
    let doc_line = match doc {
        Some(d) => match &d.number {
            Some(n) => format!("{}{open}{n}{close}", d.title),
            None => d.title.clone(),
        },
        None => t.document.clone(),
    };
    fields.push((s.document, doc_line.clone(), Style::new()));
    fields.push((
        s.section,
        format!("{} › {}", t.section.join(" › "), t.number),
        Style::new(),
    ));
    let lines = if t.lines[0] == t.lines[1] {
        format!("{}", t.lines[0])
    } else {
        format!("{}–{}", t.lines[0], t.lines[1])
    };
    // Where to find it on paper: title, 文号, the task's own number, the lines; a user's file
    // is named by its path too (a built-in document's name is only an internal id).
    let path = doc
        .filter(|d| !crate::sources::BUILTIN.iter().any(|b| b.name == d.source))
        .map(|d| format!(" · {}", crate::text::one_line(&d.source)))
        .unwrap_or_default();
    fields.push((
        s.source,
        format!("《{doc_line}》 {} · {} {lines}{path}", t.number, s.lines),
        theme.dim(),
    ));
    let overdue = t
        .deadline
        .as_ref()
        .and_then(|d| d.days_left(app.today))
        .is_some_and(|d| d < 0);
    let dl_style = if overdue {
        theme.overdue()
    } else {
        Style::new()
    };
    let mut deadline = s.deadline_text(t.deadline.as_ref(), app.today);
    if let Some(d) = t
        .deadline
        .as_ref()
        .filter(|d| app.original && app.lang.script(&d.text) != d.text)
    {
        deadline.push_str(&format!(" | {}", d.text));
    }
    fields.push((s.deadline, deadline, dl_style));
    let mut out: Vec<Line> = Vec::new();
    for (label, value, style) in fields {
        push_field(
            &mut out,
            w,
            theme,
            label,
            &[(safe(&value), false)],
            style,
            s,
        );
    }
    // The assignees, each name whole on its line; Tab moves the selection, Enter opens the
    // selected unit's duties.
    for role in Role::ALL {
        let names: Vec<(String, bool)> = t
            .assignments
            .iter()
            .enumerate()
            .filter(|(_, a)| a.role == role)
            .map(|(i, a)| {
                let collective = app.model.unit(&a.unit).is_some_and(|u| u.collective);
                let name = if collective {
                    format!("{}{open}{}{close}", a.unit, s.collective)
                } else {
                    a.unit.clone()
                };
                (safe(&name), i == app.task_unit)
            })
            .collect();
        if !names.is_empty() {
            push_field(
                &mut out,
                w,
                theme,
                s.role(role),
                &names,
                theme.role(role),
                s,
            );
        }
    }
    if t.assignments.is_empty() {
        push_field(
            &mut out,
            w,
            theme,
            s.unit,
            &[(s.none.to_string(), false)],
            theme.dim(),
            s,
        );
    }
    out.push(Line::raw(""));
    out.extend(super::ledger_lines::task_section(app, theme, t, w));
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!("{}{}", s.text, s.colon),
        theme.heading(),
    ));
    for l in wrap(&safe(&shown(&t.text_simplified, &t.text)), w) {
        out.push(Line::raw(l));
    }
    let rows = usize::from(inner.height);
    app.task_max_scroll.set(out.len().saturating_sub(rows));
    app.page.set(rows.max(1));
    let offset = app.task_scroll.min(app.task_max_scroll.get());
    let shown: Vec<Line> = out.into_iter().skip(offset).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// `label：value` with the value wrapped under itself. Each item stays whole on a line (unless
/// it is longer than the line); the selected one is drawn reversed, with `>` before it.
fn push_field(
    out: &mut Vec<Line<'static>>,
    w: usize,
    theme: Theme,
    label: &str,
    items: &[(String, bool)],
    style: Style,
    s: &'static crate::words::Strings,
) {
    let (colon, sep) = (s.colon, s.list_sep);
    use crate::text::width;
    let head = format!("{label}{colon}");
    let head_w = width(&head);
    let room = w.saturating_sub(head_w).max(4);
    let indent = || Span::raw(" ".repeat(head_w));
    let mut spans: Vec<Span<'static>> = vec![Span::styled(head.clone(), theme.heading())];
    let mut used = 0;
    for (i, (item, selected)) in items.iter().enumerate() {
        let sep = if i == 0 { "" } else { sep };
        let text = if *selected {
            format!(">{item}")
        } else {
            item.clone()
        };
        if used > 0 && used + width(sep) + width(&text) > room {
            out.push(Line::from(std::mem::take(&mut spans)));
            spans.push(indent());
            used = 0;
        } else if used > 0 {
            spans.push(Span::styled(sep, style));
            used += width(sep);
        }
        let st = if *selected { theme.selected() } else { style };
        let parts = wrap(&text, room);
        let last = parts.len().saturating_sub(1);
        for (j, part) in parts.into_iter().enumerate() {
            used += width(&part);
            spans.push(Span::styled(part, st));
            if j < last {
                out.push(Line::from(std::mem::take(&mut spans)));
                spans.push(indent());
                used = 0;
            }
        }
    }
    out.push(Line::from(spans));
}
