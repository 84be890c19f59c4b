//! The drawing kit every screen and overlay shares: the theme, highlighted names, days left,
//! scrolling, and the ledger's lights and statuses.

pub mod ledger_lines;
pub mod status_bar;

use crate::text::{truncate, unambiguous, width};
use crate::words::Strings;
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

/// Styles from the 16 named colours, or none at all under NO_COLOR. Selection never depends on
/// colour alone: it is reversed and bold, with a `>` marker.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn matched(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn heading(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn overdue(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn role(&self, r: crate::model::Role) -> Style {
        use crate::model::Role;
        match r {
            Role::Lead => self.fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            Role::Responsible => self.fg(Color::LightBlue),
            Role::Support => self.fg(Color::Green),
            Role::DataProvider => self.fg(Color::Yellow),
        }
    }

    pub fn focused_border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Yellow),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }
}

/// A unit name with the matched characters highlighted, cut to `cells`.
pub fn highlighted<'a>(
    name: &str,
    positions: &[usize],
    cells: usize,
    base: Style,
    hl: Style,
) -> Vec<Span<'a>> {
    let shown = truncate(name, cells);
    let mut spans = Vec::new();
    for (i, c) in shown.chars().enumerate() {
        let style = if positions.contains(&i) && c != '…' {
            base.patch(hl)
        } else {
            base
        };
        spans.push(Span::styled(c.to_string(), style));
    }
    let pad = cells.saturating_sub(width(&shown));
    spans.push(Span::styled(" ".repeat(pad), base));
    spans
}

/// Document text as it may be drawn: aligned-safe punctuation.
pub fn safe(s: &str) -> String {
    unambiguous(s).into_owned()
}

pub fn days_span(
    s: &Strings,
    today: NaiveDate,
    deadline: Option<&crate::model::Deadline>,
    theme: Theme,
    compact: bool,
) -> Span<'static> {
    let text = |d: i64| if compact { s.days_short(d) } else { s.days(d) };
    match deadline.and_then(|d| d.days_left(today)) {
        Some(d) if d < 0 => Span::styled(text(d), theme.overdue()),
        Some(d) => Span::raw(text(d)),
        None if deadline.is_some() => Span::styled(s.ongoing.to_string(), theme.dim()),
        None => Span::styled(s.no_deadline.to_string(), theme.dim()),
    }
}

/// Rows `offset..` so that `selected` is visible in `height` rows.
pub fn scroll_offset(selected: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        selected.saturating_sub(height - 1)
    }
}

/// A box `w`×`h` centred in `area` (clipped to it).
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `popup` for an overlay. A wide character of the view below that starts just left of
/// the popup would have its second half under the popup's border: a terminal then blanks or
/// keeps it as it likes, and the border goes missing (seen in tmux). So that character is
/// replaced by a space, and the frame says so to the terminal before the border.
pub fn clear_for_overlay(frame: &mut ratatui::Frame, popup: Rect) {
    frame.render_widget(ratatui::widgets::Clear, popup);
    let Some(left) = popup.x.checked_sub(1) else {
        return;
    };
    let buf = frame.buffer_mut();
    for y in popup.top()..popup.bottom() {
        if let Some(cell) = buf.cell_mut((left, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

#[cfg(test)]
mod overlay_tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Paragraph;

    #[test]
    fn a_wide_character_half_under_an_overlay_gives_way_to_a_space() {
        let mut term = Terminal::new(TestBackend::new(12, 2)).expect("backend");
        term.draw(|f| {
            f.render_widget(Paragraph::new("各自任务各自"), f.area());
            // The popup starts on the second half of 务 (columns 6 and 7).
            clear_for_overlay(f, Rect::new(7, 0, 4, 1));
        })
        .expect("draw");
        let buf = term.backend().buffer();
        let row: Vec<&str> = (0..12).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(row[6], " ", "{row:?}");
        assert_eq!(row[4], "任");
        assert_eq!(&row[7..11], [" "; 4]);
    }
}
