//! The main view's list when the search line searches task text: one row per task found, its
//! title with the query's characters highlighted and its first unit; Enter opens the task.

use super::MainScreen;
use crate::text::fit;
use crate::tui::command::Focus;
use crate::tui::paint::{Theme, highlighted, safe, scroll_offset};
use crate::tui::shared::Shared;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

impl MainScreen {
    pub(super) fn draw_task_hits(
        &mut self,
        frame: &mut Frame,
        area: Rect,
        sh: &Shared,
        theme: Theme,
    ) {
        let s = sh.lang.strings();
        let focused = matches!(self.focus, Focus::Units | Focus::Search);
        let block = Block::bordered()
            .title(format!(" {} ", s.task))
            .border_style(theme.focused_border(self.focus == Focus::Units));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = usize::from(inner.width);
        let unit_w = (w / 4).clamp(8, 20);
        let title_w = w.saturating_sub(2 + 1 + unit_w);
        let rows = usize::from(inner.height);
        self.page = rows.max(1);
        let offset = scroll_offset(self.task_selected, rows);
        let query: Vec<char> = crate::extract::lines::simplify(&self.query)
            .to_lowercase()
            .chars()
            .collect();
        let mut lines = Vec::new();
        if self.task_hits.is_empty() {
            lines.push(Line::styled(format!("  {}", s.no_task_match), theme.dim()));
        }
        for (i, &(ti, _)) in self.task_hits.iter().enumerate().skip(offset).take(rows) {
            let Some(t) = sh.model.tasks.get(ti) else {
                continue;
            };
            let selected = i == self.task_selected;
            let base = if selected && focused {
                theme.selected()
            } else {
                Style::new()
            };
            let title = safe(t.title_simplified());
            let marks = marks(&title, &query);
            let mut spans = vec![Span::styled(if selected { "> " } else { "  " }, base)];
            spans.extend(highlighted(&title, &marks, title_w, base, theme.matched()));
            let unit = t.assignments.first().map_or("", |a| a.unit.as_str());
            spans.push(Span::styled(" ", base));
            spans.push(Span::styled(
                fit(&safe(unit), unit_w),
                base.patch(theme.dim()),
            ));
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// Where the query's characters fall in the title, in order (char indices), for highlighting.
fn marks(title: &str, query: &[char]) -> Vec<usize> {
    let lower: Vec<char> = title.to_lowercase().chars().collect();
    if lower.len() != title.chars().count() || query.is_empty() {
        return Vec::new();
    }
    // A contiguous occurrence first, else the first subsequence.
    if let Some(at) = lower.windows(query.len()).position(|w| w == query) {
        return (at..at + query.len()).collect();
    }
    let mut out = Vec::new();
    let mut q = query.iter().peekable();
    for (i, c) in lower.iter().enumerate() {
        if q.peek() == Some(&c) {
            out.push(i);
            q.next();
        }
    }
    if q.peek().is_some() { Vec::new() } else { out }
}

#[cfg(test)]
mod tests {
    use super::marks;

    #[test]
    fn marks_prefer_a_contiguous_match() {
        let q: Vec<char> = "人才".chars().collect();
        assert_eq!(marks("加强人才队伍建设", &q), vec![2, 3]);
        let q: Vec<char> = "人建".chars().collect();
        assert_eq!(marks("加强人才队伍建设", &q), vec![2, 6]);
        assert!(marks("加强队伍", &q).is_empty());
    }
}
