//! The timeline (时间表): tasks by deadline band, counts of every band on the first line, then
//! each band's tasks soonest first, with the due day, days left and who leads.

use super::{Theme, days_span, safe, scroll_offset};
use crate::model::Role;
use crate::text::{fit, truncate, width};
use crate::timeline::Band;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let (s, m) = (app.lang.strings(), app.lang.meeting());
    let scope = app.timeline_scope();
    let tl = app.timeline_view(&scope);
    let title = format!(
        " {} · {} · {}{} ",
        m.timeline,
        app.timeline_scope_label(),
        m.today,
        app.today
    );
    let block = Block::bordered()
        .title(truncate(
            &safe(&title),
            usize::from(area.width.saturating_sub(2)),
        ))
        .border_style(theme.focused_border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let counts: Vec<String> = Band::ALL
        .iter()
        .map(|b| match app.lang {
            crate::words::Lang::Zh => format!("{}{}", m.band(*b), tl.count(*b)),
            crate::words::Lang::En => format!("{} {}", m.band(*b), tl.count(*b)),
        })
        .collect();
    let mut lines = vec![Line::styled(truncate(&counts.join(" · "), w), theme.dim())];
    let compact = w < 64;
    let who_w = if compact { 10 } else { 14 };
    let mut k = 0;
    let mut selected_row = 0;
    for (band, entries) in &tl.bands {
        if entries.is_empty() {
            continue;
        }
        let style = if *band == Band::Overdue {
            theme.overdue()
        } else {
            theme.heading()
        };
        lines.push(Line::styled(
            truncate(&format!("{} ({})", m.band(*band), entries.len()), w),
            style,
        ));
        for e in entries {
            let is_sel = k == app.timeline.row;
            if is_sel {
                selected_row = lines.len();
            }
            k += 1;
            let t = e.task;
            let date = e.due.map_or(String::new(), |d| d.to_string());
            let days = days_span(s, app, t.deadline.as_ref(), theme, compact);
            let who = app
                .model
                .assignees(t, Role::Lead)
                .map(|(u, _)| u)
                .next()
                .or_else(|| t.assignments.first().map(|a| a.unit.as_str()))
                .unwrap_or("");
            let days_w = width(&days.content).max(if compact { 6 } else { 8 });
            let title_w = w.saturating_sub(2 + 10 + 1 + days_w + 1 + 1 + who_w);
            let base = if is_sel {
                theme.selected()
            } else {
                Style::new()
            };
            let days_text = fit(&days.content, days_w);
            lines.push(Line::from(vec![
                Span::styled(if is_sel { "> " } else { "  " }, base),
                Span::styled(fit(&date, 10), base),
                Span::styled(" ", base),
                Span::styled(days_text, days.style.patch(base)),
                Span::styled(" ", base),
                Span::styled(fit(&safe(&t.title_simplified), title_w), base),
                Span::styled(" ", base),
                Span::styled(fit(&safe(who), who_w), base.patch(theme.dim())),
            ]));
        }
    }
    if tl.is_empty() {
        lines.push(Line::styled(truncate(s.no_duties, w), theme.dim()));
    }
    let rows = usize::from(inner.height);
    app.page.set(rows.max(1));
    let offset = scroll_offset(selected_row, rows);
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
