//! The help overlay: every binding, generated from the key map, in two columns when it fits,
//! scrolled with the arrows when it does not.

use crate::text::{fit, truncate};
use crate::tui::command::{Command, is_vertical, step};
use crate::tui::key_table::Action;
use crate::tui::keys;
use crate::tui::paint::Theme;
use crate::tui::shared::Shared;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

pub struct HelpOverlay {
    /// The place help was opened from: its keys come first, under its name.
    from: Option<keys::Mode>,
    /// First help row shown.
    scroll: usize,
    /// How far help can scroll, and the rows a page moves, at the last drawn size.
    max_scroll: usize,
    page: usize,
}

impl Default for HelpOverlay {
    fn default() -> HelpOverlay {
        HelpOverlay {
            from: None,
            scroll: 0,
            max_scroll: 0,
            page: 10,
        }
    }
}

impl HelpOverlay {
    /// Help opened from `mode`: that place's keys first, then every other key.
    pub fn for_mode(mode: keys::Mode) -> HelpOverlay {
        HelpOverlay {
            from: Some(mode),
            ..HelpOverlay::default()
        }
    }

    pub fn handle(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Help | Action::Back => return vec![Command::CloseOverlay],
            a if is_vertical(a) => {
                self.scroll = step(self.scroll, self.max_scroll + 1, a, self.page.max(1));
            }
            _ => {}
        }
        Vec::new()
    }

    /// Draws every binding and records how far help can scroll.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let lang = sh.lang;
        let s = lang.strings();
        let row = |b: &keys::Binding| {
            let labels: Vec<String> = b.keys.iter().map(|k| keys::label(*k)).collect();
            format!(
                "{} {}",
                fit(&labels.join("/"), 14),
                keys::help_text(b, lang)
            )
        };
        // The place help was opened from comes first, under its name; then every other key.
        let here: Vec<&keys::Binding> = match self.from {
            Some(m) => keys::BINDINGS
                .iter()
                .filter(|b| b.modes.contains(&m))
                .collect(),
            None => Vec::new(),
        };
        let mut rows: Vec<String> = Vec::new();
        if let Some(m) = self.from.filter(|_| !here.is_empty()) {
            rows.push(format!(
                "{}{}",
                (s.help_here)(lang.place(m.place())),
                s.colon
            ));
            rows.extend(here.iter().map(|b| row(b)));
            rows.push(format!("{}{}", s.help_others, s.colon));
        }
        rows.extend(
            keys::BINDINGS
                .iter()
                .filter(|b| !here.iter().any(|h| std::ptr::eq(*h, *b)))
                .map(row),
        );
        // Columns widen with the screen (up to 46 cells: the longest English row) so a key's
        // place is not cut off.
        let col_w: u16 = area.width.saturating_sub(3).div_euclid(2).clamp(36, 46);
        let two = area.width >= col_w * 2 + 3;
        let per_col = if two {
            rows.len().div_ceil(2)
        } else {
            rows.len()
        };
        let w = (if two { col_w * 2 + 3 } else { col_w + 2 }).min(area.width);
        let h = (u16::try_from(per_col).unwrap_or(u16::MAX).saturating_add(2)).min(area.height);
        let popup = Rect {
            x: area.x + (area.width - w) / 2,
            y: area.y + (area.height - h) / 2,
            width: w,
            height: h,
        };
        crate::tui::paint::clear_for_overlay(frame, popup);
        let visible = usize::from(h.saturating_sub(2));
        let max_scroll = per_col.saturating_sub(visible);
        self.max_scroll = max_scroll;
        self.page = visible.max(1);
        let offset = self.scroll.min(max_scroll);
        let more = if max_scroll > 0 {
            format!(" {}/{} Up/Down", offset + visible.min(per_col), per_col)
        } else {
            String::new()
        };
        let title = format!(" {} · Esc {}{more} ", s.help, s.close);
        let block = Block::bordered()
            .title(truncate(&title, usize::from(w.saturating_sub(2))))
            .border_style(theme.heading());
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let cw = usize::from(col_w).min(usize::from(inner.width));
        let lines: Vec<Line> = (offset..per_col)
            .take(visible)
            .map(|i| {
                let left = rows.get(i).map_or(String::new(), |r| fit(r, cw));
                let right = if two {
                    rows.get(i + per_col).map_or(String::new(), |r| fit(r, cw))
                } else {
                    String::new()
                };
                Line::from(format!("{left} {right}"))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
