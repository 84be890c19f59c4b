//! The status bar when no overlay writes there: the message of the last key, or the hints of
//! the place that has the keys, taken from the key map.

use super::Theme;
use crate::text::{truncate, width};
use crate::tui::keys::{self, Mode};
use crate::words::Lang;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    mode: Mode,
    message: Option<&str>,
    lang: Lang,
    theme: Theme,
) {
    if let Some(msg) = message {
        let line = Line::styled(truncate(msg, usize::from(area.width)), theme.heading());
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    let max = usize::from(area.width);
    // How to get help and how to leave come first: at 80 columns the hints after them are cut.
    let way_out = |b: &&keys::Binding| matches!(b.action, keys::Action::Help | keys::Action::Quit);
    let hints = keys::bindings_for(mode, true);
    let (first, rest): (Vec<_>, Vec<_>) = hints.partition(way_out);
    for b in first.into_iter().chain(rest) {
        let Some(key) = b.keys.first() else { continue };
        let label = keys::label(*key);
        let desc = lang.key_help(b.desc);
        let w = width(&label) + 1 + width(desc) + 2;
        if used + w > max {
            break;
        }
        used += w;
        spans.push(Span::styled(label, theme.heading()));
        spans.push(Span::raw(format!(" {desc}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
