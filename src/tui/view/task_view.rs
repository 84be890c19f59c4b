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
    let block = Block::bordered()
        .title(format!(" {} {} ", t.number, safe(&t.title_simplified)))
        .border_style(theme.heading());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let doc = app.model.document(&t.document);
    let mut fields: Vec<(&str, String, Style)> = Vec::new();
    let doc_line = match doc {
        Some(d) => match &d.number {
            Some(n) => format!("{}（{n}）", d.title),
            None => d.title.clone(),
        },
        None => t.document.clone(),
    };
    fields.push((s.document, doc_line, Style::new()));
    fields.push((
        s.section,
        format!("{} › {}", t.section.join(" › "), t.number),
        Style::new(),
    ));
    let source = doc.map_or(t.document.as_str(), |d| d.source.as_str());
    let lines = if t.lines[0] == t.lines[1] {
        format!("{}", t.lines[0])
    } else {
        format!("{}–{}", t.lines[0], t.lines[1])
    };
    fields.push((
        s.source,
        format!("{source} {} {lines}", s.lines),
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
    fields.push((
        s.deadline,
        s.deadline_text(t.deadline.as_ref(), app.today),
        dl_style,
    ));
    for role in Role::ALL {
        let names: Vec<String> = app
            .model
            .assignees(t, role)
            .map(|(u, collective)| {
                if collective {
                    format!("{u}（{}）", s.collective)
                } else {
                    u.to_string()
                }
            })
            .collect();
        if !names.is_empty() {
            fields.push((s.role(role), names.join("、"), theme.role(role)));
        }
    }
    if t.assignments.is_empty() {
        fields.push((s.unit, s.none.to_string(), theme.dim()));
    }
    let mut out: Vec<Line> = Vec::new();
    for (label, value, style) in fields {
        let head = format!("{label}：");
        let head_w = crate::text::width(&head);
        for (i, part) in wrap(&safe(&value), w.saturating_sub(head_w))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(head_w)
            };
            out.push(Line::from(vec![
                Span::styled(lead, theme.heading()),
                Span::styled(part, style),
            ]));
        }
    }
    out.push(Line::raw(""));
    out.extend(super::ledger_lines::task_section(app, theme, t, w));
    out.push(Line::raw(""));
    out.push(Line::styled(format!("{}：", s.text), theme.heading()));
    for l in wrap(&safe(&t.text), w) {
        out.push(Line::raw(l));
    }
    let rows = usize::from(inner.height);
    app.task_max_scroll.set(out.len().saturating_sub(rows));
    app.page.set(rows.max(1));
    let offset = app.task_scroll.min(app.task_max_scroll.get());
    let shown: Vec<Line> = out.into_iter().skip(offset).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
