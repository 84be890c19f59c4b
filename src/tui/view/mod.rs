//! Drawing the whole frame: a notice when the terminal is too small, else the dashboard's
//! screen, overlays and status bar ([`App::draw`]).

use super::app::App;
pub use super::paint::Theme;
use crate::text::{truncate, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Below this the layout cannot hold its panes: a one-line notice is drawn instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn draw(frame: &mut Frame, app: &mut App, theme: Theme) {
    let area = frame.area();
    let s = app.lang().strings();
    app.set_too_small(area.width < MIN_WIDTH || area.height < MIN_HEIGHT);
    if app.too_small() {
        // The size needed goes on a line of its own when both do not fit, so a 20-column
        // terminal still says what it needs.
        let cols = usize::from(area.width);
        let now = format!("{} {}×{}", s.too_small, area.width, area.height);
        let need = format!("< {MIN_WIDTH}×{MIN_HEIGHT}");
        let mut lines: Vec<Line> = if width(&now) + 1 + need.len() <= cols {
            vec![Line::from(format!("{now} {need}"))]
        } else {
            vec![
                Line::from(truncate(&now, cols)),
                Line::from(truncate(&need, cols)),
            ]
        };
        let quit = app.lang().key_help(crate::words::KeyHelp::Quit);
        lines.push(Line::from(truncate(&format!("q {quit}"), cols)));
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                height: area.height.min(3),
                ..area
            },
        );
        return;
    }
    let status_rows = super::paint::status_bar::rows(app.message(), area.width);
    let [body, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(status_rows)]).areas(area);
    app.draw(frame, body, status, theme);
}
