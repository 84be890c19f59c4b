//! The status bar when no overlay writes there: the message of the last key, or the hints of
//! the place that has the keys, taken from the key map.

use super::Theme;
use crate::text::{width, wrap};
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
        // A message is never cut: it wraps onto the rows the frame gave it (see `rows`).
        let lines: Vec<Line> = wrap(msg, usize::from(area.width))
            .into_iter()
            .take(usize::from(area.height))
            .map(|l| Line::styled(l, theme.heading()))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    let max = usize::from(area.width);
    // Help first, then what this view itself does, then quitting, then moving about: at 80
    // columns the hints at the end are the ones cut, and `?` lists them all.
    let all: Vec<&keys::Binding> = keys::bindings_for(mode, false).collect();
    let hinted: Vec<&keys::Binding> = keys::bindings_for(mode, true).collect();
    let is = |a: keys::Action| move |b: &&&keys::Binding| b.action == a;
    let mut own: Vec<&&keys::Binding> = all
        .iter()
        .filter(|b| own_rank(b.action).is_some())
        .collect();
    // A key of this view alone (the matrix's sort, the timeline's filter) before one that many
    // views share.
    own.sort_by_key(|b| (b.modes.len() > 2, own_rank(b.action)));
    let ordered = hinted
        .iter()
        .filter(is(keys::Action::Help))
        .chain(own)
        .chain(hinted.iter().filter(is(keys::Action::Quit)))
        .chain(hinted.iter());
    let mut shown: Vec<keys::Action> = Vec::new();
    for b in ordered {
        if shown.contains(&b.action) {
            continue;
        }
        shown.push(b.action);
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

/// The rows the status bar needs at `cols` columns: one, or as many as a message wraps to
/// (at most four; the frame keeps the rest for the view).
pub fn rows(message: Option<&str>, cols: u16) -> u16 {
    message.map_or(1, |m| {
        u16::try_from(wrap(m, usize::from(cols)).len().clamp(1, 4)).unwrap_or(1)
    })
}

/// Where a key that is what the view itself does comes in its hints, or None for moving about
/// and leaving. The ledger's and the meeting's keys first: they are what a meeting needs.
fn own_rank(action: keys::Action) -> Option<usize> {
    use keys::Action::*;
    [
        Mark,
        Meeting,
        Timeline,
        Export,
        Record,
        CloseOut,
        Undo,
        Progress,
        NextUnit,
        Matrix,
        Copy,
        Sort,
        Lights,
        Scope,
        Counterpart,
        Collectives,
        NextDocument,
        Original,
    ]
    .iter()
    .position(|a| *a == action)
}
