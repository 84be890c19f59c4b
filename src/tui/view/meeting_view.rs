//! The meeting view: the marked units' combined duties — what falls due soonest, the tasks they
//! share with who leads each, then each one's own — with counts in the title.

use super::{Theme, days_span, safe, scroll_offset};
use crate::text::{fit, truncate, width};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let (s, m) = (app.lang.strings(), app.lang.meeting());
    let meeting = app.meeting();
    let title = format!(
        " {} · {} · {} · {} · {} ",
        m.meeting,
        m.n(m.units_n, meeting.units.len()),
        m.n(m.tasks_n, meeting.rows.len()),
        m.n(m.shared_n, meeting.shared().count()),
        m.n(m.overdue_n, meeting.overdue()),
    );
    let block = Block::bordered()
        .title(truncate(&title, usize::from(area.width.saturating_sub(2))))
        .border_style(theme.focused_border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    if meeting.units.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(truncate(m.no_marked, w), theme.dim())),
            inner,
        );
        return;
    }
    let names: Vec<String> = meeting
        .units
        .iter()
        .map(|u| format!("*{}", app.model.unit(u).map_or(*u, |x| x.name.as_str())))
        .collect();
    let mut lines = vec![Line::styled(
        truncate(&safe(&names.join(" ")), w),
        theme.dim(),
    )];
    let compact = w < 64;
    let who_w = if compact { 12 } else { 24 };
    let mut k = 0;
    let mut selected_row = 0;
    for (section, rows) in meeting.sections() {
        lines.push(Line::styled(
            truncate(&format!("{} ({})", m.section(section), rows.len()), w),
            theme.heading(),
        ));
        for r in rows {
            let is_sel = k == app.meeting_row;
            if is_sel {
                selected_row = lines.len();
            }
            k += 1;
            // Names without their level prefix: the column is narrow and the units are listed above.
            let short = |u: &str| {
                app.model.unit(u).map_or(u.to_string(), |x| {
                    crate::counterparts::without_level(&x.name, x.level)
                })
            };
            let who = if !r.leads.is_empty() {
                let leads: Vec<String> = r.leads.iter().map(|u| short(u)).collect();
                format!("{}:{}", s.lead, leads.join("、"))
            } else {
                let names: Vec<String> = r.members.iter().map(|(u, _)| short(u)).collect();
                let role = r.members.first().map_or("", |(_, role)| s.role(*role));
                format!("{role}:{}", names.join("、"))
            };
            let days = days_span(s, app, r.task.deadline.as_ref(), theme, compact);
            let days_w = width(&days.content);
            let title_w = w.saturating_sub(2 + 1 + who_w + 1 + days_w);
            let base = if is_sel {
                theme.selected()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(if is_sel { "> " } else { "  " }, base),
                Span::styled(fit(&safe(&r.task.title_simplified), title_w), base),
                Span::styled(" ", base),
                Span::styled(fit(&safe(&who), who_w), base.patch(theme.dim())),
                Span::styled(" ", base),
                days.patch_style(base),
            ]));
        }
    }
    let rows = usize::from(inner.height);
    app.page.set(rows.max(1));
    let offset = scroll_offset(selected_row, rows);
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
