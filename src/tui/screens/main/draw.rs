//! Drawing the main screen: the search line, the unit list, the selected unit's duties, partners
//! and counterparts' tasks.

use super::MainScreen;
use crate::ledger::Status;
use crate::text::{fit, truncate, width};
use crate::tui::command::Focus;
use crate::tui::paint::{Theme, days_span, highlighted, safe, scroll_offset};
use crate::tui::searcher::SearchKind;
use crate::tui::shared::Shared;
use crate::words::StatusWords;
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

    fn draw_duties(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let s = sh.lang.strings();
        let unit = self.selected_unit().and_then(|i| sh.model.units.get(i));
        let title = match unit {
            Some(u) => {
                let c = sh.model.role_counts(&u.id);
                format!(
                    " {} · {}  {} ",
                    s.duties,
                    u.name,
                    (s.role_counts)(c.lead, c.support, c.responsible)
                )
            }
            None => format!(" {} ", s.duties),
        };
        let focused = self.focus == Focus::Duties;
        // Empty with no unit selected.
        let duties = sh.duties(self.selected_unit());
        let mut block = Block::bordered()
            .title(truncate(&title, usize::from(area.width.saturating_sub(2))))
            .border_style(theme.focused_border(focused));
        // By when, in full, for the duty under the cursor: a narrow pane's rows keep their titles
        // and the days, and the date stays one glance away (2025-12-31 2025年底前（文件期限）).
        if focused
            && let Some(task) = duties
                .get(self.duty)
                .and_then(|&(t, _)| sh.model.tasks.get(t))
        {
            let d = task.deadline.as_ref();
            let phrase = safe(&s.deadline_phrase(d));
            let text = match d.and_then(|d| d.due(sh.today)) {
                Some(date) => format!(" {}{}{date} {phrase} ", s.due_date, s.colon),
                None => format!(" {phrase} "),
            };
            block = block.title_bottom(
                Line::from(truncate(&text, usize::from(area.width.saturating_sub(4))))
                    .right_aligned(),
            );
        }
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(unit) = unit else { return };
        // Merged spellings are shown, so a user sees why 市卫生健康委员会 is listed here.
        let mut lines: Vec<Line> = Vec::new();
        if unit.collective || !unit.aliases.is_empty() {
            let mut note = Vec::new();
            if unit.collective {
                note.push(s.collective.to_string());
            }
            if !unit.aliases.is_empty() {
                note.push(format!(
                    "{}{}{}",
                    s.also_called,
                    s.colon,
                    unit.aliases.join(s.list_sep)
                ));
            }
            lines.push(Line::styled(
                truncate(&safe(&note.join(" · ")), usize::from(inner.width)),
                theme.dim(),
            ));
        }
        let w = usize::from(inner.width);
        // The role column is as wide as this unit's roles need: the title gets the rest.
        let role_w = duties
            .iter()
            .map(|&(_, r)| width(s.role(r)))
            .max()
            .unwrap_or(4);
        // Build every row, remembering which row holds the selected duty, then scroll to it.
        let mut selected_row = 0;
        let mut current_doc: Option<&str> = None;
        for (k, &(ti, role)) in duties.iter().enumerate() {
            let Some(task) = sh.model.tasks.get(ti) else {
                continue;
            };
            if current_doc != Some(task.document.as_str()) {
                current_doc = Some(&task.document);
                let title = sh
                    .model
                    .document(&task.document)
                    .map_or(task.document.as_str(), |d| d.title.as_str());
                lines.push(Line::styled(truncate(&safe(title), w), theme.heading()));
            }
            let is_sel = k == self.duty;
            if is_sel {
                selected_row = lines.len();
            }
            // The light (word and colour) leads the row; a closed task's days no longer alarm.
            let light = sh.ledger.light(task, &unit.id, sh.today);
            let status = crate::tui::paint::ledger_lines::status_cell(sh, task, &unit.id)
                .filter(|_| w >= 44);
            let ledger_w = 3 + status.as_ref().map_or(0, |st| width(st) + 1);
            // The long form of days left when the title keeps 12 characters, else the short one.
            let days = days_span(s, sh.today, task.deadline.as_ref(), theme, false);
            let days = if w.saturating_sub(2 + ledger_w + role_w + 2 + width(&days.content)) >= 24 {
                days
            } else {
                days_span(s, sh.today, task.deadline.as_ref(), theme, true)
            };
            // A closed duty is not late any more: its days give way to 已销号, or to nothing
            // when the status column already says it.
            let days = if light == crate::ledger::Light::Grey {
                let said = if status.is_some() {
                    String::new()
                } else {
                    Status::Done.word(sh.lang).to_string()
                };
                Span::styled(said, theme.dim())
            } else {
                days
            };
            // The due date too when the title keeps room enough to be read (12 characters).
            let due = task
                .deadline
                .as_ref()
                .and_then(|d| d.due(sh.today))
                .map(|d| format!("{} ", d.format("%Y-%m-%d")))
                .unwrap_or_default();
            let fixed = 2 + ledger_w + role_w + 1 + 1 + width(&days.content);
            let due = if w.saturating_sub(fixed + width(&due)) >= 24 {
                due
            } else {
                String::new()
            };
            let title_w = w.saturating_sub(fixed + width(&due));
            let base = if is_sel && focused {
                theme.selected()
            } else {
                Style::new()
            };
            let marker = if is_sel && focused { "> " } else { "  " };
            let mut row = vec![
                Span::styled(marker, base),
                crate::tui::paint::ledger_lines::light_span(sh.lang, theme, light)
                    .patch_style(base),
                Span::styled(" ", base),
            ];
            if let Some(st) = status {
                row.push(Span::styled(st, base));
                row.push(Span::styled(" ", base));
            }
            row.extend([
                Span::styled(fit(s.role(role), role_w), base.patch(theme.role(role))),
                Span::styled(" ", base),
                Span::styled(fit(&safe(&task.title_simplified), title_w), base),
                Span::styled(" ", base),
                Span::styled(due, base),
                days.patch_style(base),
            ]);
            lines.push(Line::from(row));
        }
        if duties.is_empty() {
            lines.push(Line::styled(s.no_duties, theme.dim()));
        }
        // Partners are rows of the pane, one per line: the cursor reaches them, Enter opens one,
        // and no name is ever broken across lines.
        let partners = sh.model.partners(&unit.id);
        if !partners.is_empty() {
            lines.push(Line::styled(
                truncate(&format!("{}{}", s.partners, s.colon.trim_end()), w),
                theme.heading(),
            ));
            for (k, (u, n)) in partners.iter().enumerate() {
                let is_sel = duties.len() + k == self.duty;
                if is_sel {
                    selected_row = lines.len();
                }
                let base = if is_sel && focused {
                    theme.selected()
                } else {
                    Style::new()
                };
                let marker = if is_sel && focused { "> " } else { "  " };
                let count = format!(" ({n})");
                let name_w = w.saturating_sub(2 + width(&count));
                lines.push(Line::from(vec![
                    Span::styled(marker, base),
                    Span::styled(fit(&safe(&u.name), name_w), base),
                    Span::styled(count, base.patch(theme.dim())),
                ]));
            }
        }
        // Counterparts' tasks come last: they can be many, and the partners must stay in reach.
        let first = duties.len() + partners.len();
        if let Some(row) = self.draw_counterpart_duties(&mut lines, sh, unit, first, w, theme) {
            selected_row = row;
        }
        let rows = usize::from(inner.height);
        if focused {
            self.page = rows.max(1);
        }
        let offset = scroll_offset(selected_row, rows);
        let shown: Vec<Line> = lines.into_iter().skip(offset).take(rows).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }

    /// The counterparts' tasks under the unit's own (上级对口任务 / 下级对口任务), one heading per
    /// counterpart with how the pair was found. Returns the line of the selected row, if it is here.
    fn draw_counterpart_duties(
        &self,
        lines: &mut Vec<Line<'static>>,
        sh: &Shared,
        unit: &crate::model::Unit,
        first: usize,
        w: usize,
        theme: Theme,
    ) -> Option<usize> {
        use crate::counterparts::Direction;
        let (s, m) = (sh.lang.strings(), sh.lang.meeting());
        let focused = self.focus == Focus::Duties;
        let mut selected_row = None;
        let mut current: Option<&str> = None;
        for (j, c) in sh
            .counterpart_duties(self.selected_unit())
            .into_iter()
            .enumerate()
        {
            if current != Some(c.unit) {
                current = Some(c.unit);
                let how = sh
                    .counterparts
                    .of(&unit.id)
                    .iter()
                    .find(|(_, p)| p.other(&unit.id) == c.unit)
                    .map_or(String::new(), |(_, p)| m.how(&p.how));
                let heading = match c.direction {
                    Direction::Upper => m.counterpart_upper,
                    Direction::Lower => m.counterpart_lower,
                };
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    truncate(&safe(&format!("{heading} · {}（{how}）", c.unit)), w),
                    theme.heading(),
                ));
            }
            let is_sel = first + j == self.duty;
            if is_sel {
                selected_row = Some(lines.len());
            }
            // The counterpart's own light: where its task stands is what the meeting asks.
            let light = sh.ledger.light(c.task, c.unit, sh.today);
            let days = days_span(s, sh.today, c.task.deadline.as_ref(), theme, w < 44);
            // A closed task is not late any more: its days give way to 已销号.
            let days = if light == crate::ledger::Light::Grey {
                Span::styled(Status::Done.word(sh.lang).to_string(), theme.dim())
            } else {
                days
            };
            let role_w = [s.lead, s.support, s.responsible]
                .iter()
                .map(|r| width(r))
                .max()
                .unwrap_or(4);
            let title_w = w.saturating_sub(2 + 3 + role_w + 1 + 1 + width(&days.content));
            let base = if is_sel && focused {
                theme.selected()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(if is_sel && focused { "> " } else { "  " }, base),
                crate::tui::paint::ledger_lines::light_span(sh.lang, theme, light)
                    .patch_style(base),
                Span::styled(" ", base),
                Span::styled(fit(s.role(c.role), role_w), base.patch(theme.role(c.role))),
                Span::styled(" ", base),
                Span::styled(fit(&safe(&c.task.title_simplified), title_w), base),
                Span::styled(" ", base),
                days.patch_style(base),
            ]));
        }
        selected_row
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
