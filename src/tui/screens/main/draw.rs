//! Drawing the main screen: the search line and the unit list (the duties pane is `duties`).

use super::MainScreen;
use crate::text::{fit, width};
use crate::tui::command::Focus;
use crate::tui::paint::{Theme, highlighted, scroll_offset};
use crate::tui::searcher::SearchKind;
use crate::tui::shared::Shared;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Below this width the duties pane goes and the unit list takes the whole width.
const SIDE_BY_SIDE: u16 = 56;

impl MainScreen {
    /// Draws the screen and records how many rows a page moves. `has_keys`: no overlay is
    /// open, so the search line shows the cursor when it has the focus.
    pub fn draw(
        &mut self,
        frame: &mut Frame,
        area: Rect,
        sh: &Shared,
        theme: Theme,
        has_keys: bool,
    ) {
        let [search, body] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
        self.draw_search(frame, search, sh, theme, has_keys);
        if self.search_kind == SearchKind::Tasks {
            self.draw_task_hits(frame, body, sh, theme);
        } else if area.width >= SIDE_BY_SIDE {
            // Below 80 columns the unit list gives up room (and its counts, which the duties'
            // title repeats): at 60 columns a duty's title kept five characters.
            let left = if area.width < 80 {
                (area.width * 3 / 10).max(18)
            } else {
                (area.width * 2 / 5).clamp(28, 38)
            };
            let [units, duties] =
                Layout::horizontal([Constraint::Length(left), Constraint::Min(1)]).areas(body);
            self.draw_units(frame, units, sh, theme);
            self.draw_duties(frame, duties, sh, theme);
        } else if self.focus == Focus::Duties {
            self.draw_duties(frame, body, sh, theme);
        } else {
            self.draw_units(frame, body, sh, theme);
        }
    }

    fn draw_search(
        &self,
        frame: &mut Frame,
        area: Rect,
        sh: &Shared,
        theme: Theme,
        has_keys: bool,
    ) {
        let s = sh.lang.strings();
        let focused = self.focus == Focus::Search;
        let (title, count) = match self.search_kind {
            SearchKind::Units => (
                s.search,
                format!("{}/{}", self.hits.len(), sh.model.units.len()),
            ),
            SearchKind::Tasks => (
                s.search_tasks,
                format!("{}/{}", self.task_hits.len(), sh.model.tasks.len()),
            ),
        };
        let block = Block::bordered()
            .title(format!(" {title} "))
            .border_style(theme.focused_border(focused));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let room = usize::from(inner.width).saturating_sub(width(&count) + 3);
        // Show the end of a long query: that is where the user is typing.
        let mut shown: String = self.query.clone();
        while width(&shown) > room && !shown.is_empty() {
            shown.remove(0);
        }
        let pad = usize::from(inner.width).saturating_sub(2 + width(&shown) + width(&count));
        let line = Line::from(vec![
            Span::styled("> ", theme.heading()),
            Span::raw(shown.clone()),
            Span::raw(" ".repeat(pad)),
            Span::styled(count, theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), inner);
        if has_keys && self.focus == Focus::Search {
            // The cursor sits at the query's end in display cells, so an IME opens its window there.
            let x = inner.x + u16::try_from(2 + width(&shown)).unwrap_or(inner.width);
            frame.set_cursor_position(Position::new(
                x.min(inner.right().saturating_sub(1)),
                inner.y,
            ));
        }
    }

    fn draw_units(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let s = sh.lang.strings();
        let focused = matches!(self.focus, Focus::Units | Focus::Search);
        let m = sh.lang.meeting();
        let title = if sh.marked.is_empty() {
            format!(" {} ", s.unit)
        } else {
            format!(" {} · {} ", s.unit, (m.marked_n)(sh.marked.len()))
        };
        let block = Block::bordered()
            .title(title)
            .border_style(theme.focused_border(self.focus == Focus::Units));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = usize::from(inner.width);
        let counts = w >= 24;
        let counts_w = if counts { 9 } else { 0 };
        let name_w = w.saturating_sub(2 + counts_w + 1);
        let header = if counts {
            format!("  {} {}", fit(s.unit, name_w), counts_header(s))
        } else {
            format!("  {}", s.unit)
        };
        let mut lines = vec![Line::styled(header, theme.dim())];
        let rows = usize::from(inner.height).saturating_sub(1);
        self.page = rows.max(1);
        let offset = scroll_offset(self.selected, rows);
        if self.hits.is_empty() {
            lines.push(Line::styled(format!("  {}", s.no_unit_match), theme.dim()));
        }
        for (i, hit) in self.hits.iter().enumerate().skip(offset).take(rows) {
            let Some(unit) = sh.model.units.get(hit.unit) else {
                continue;
            };
            let c = sh.model.role_counts(&unit.id);
            let selected = i == self.selected;
            let base = if selected && focused {
                theme.selected()
            } else if unit.collective {
                // Collectives are assignees but not bodies: drawn dim, listed after the units.
                theme.dim()
            } else {
                Style::new()
            };
            // A marked unit carries `*` beside the cursor column, readable without colour.
            let marker = match (selected, sh.is_marked(&unit.id)) {
                (true, true) => ">*",
                (true, false) => "> ",
                (false, true) => " *",
                (false, false) => "  ",
            };
            let mut spans = vec![Span::styled(marker, base)];
            spans.extend(highlighted(
                &unit.name,
                &hit.positions,
                name_w,
                base,
                theme.matched(),
            ));
            if counts {
                spans.push(Span::styled(
                    format!(" {:>2} {:>2} {:>2} ", c.lead, c.support, c.responsible),
                    base,
                ));
            }
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn counts_header(s: &crate::words::Strings) -> String {
    // One character per role keeps the header as narrow as the numbers under it.
    let first = |x: &str| x.chars().next().map(String::from).unwrap_or_default();
    format!(
        "{} {} {}",
        fit(&first(s.lead), 2),
        fit(&first(s.support), 2),
        fit(&first(s.responsible), 2)
    )
}
