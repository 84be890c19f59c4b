//! Drawing. Views read the state and draw it; they change nothing but the scroll measurements
//! ratatui-style widgets record while rendering.

mod ledger_form;
mod ledger_lines;
mod main_view;
mod matrix_view;
mod meeting_view;
mod progress_view;
mod task_search;
mod task_view;
mod timeline_view;

use super::app::{App, Screen};
use super::keys;
use crate::text::{fit, truncate, unambiguous, width};
use crate::words::{Lang, Strings};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Below this the layout cannot hold its panes: a one-line notice is drawn instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

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

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let area = frame.area();
    let s = app.lang.strings();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        // The size needed goes on a line of its own when both do not fit, so a 20-column
        // terminal still says what it needs.
        let cols = usize::from(area.width);
        let now = format!("{} {}×{}", s.too_small, area.width, area.height);
        let need = format!("< {MIN_WIDTH}×{MIN_HEIGHT}");
        let lines: Vec<Line> = if width(&now) + 1 + need.len() <= cols {
            vec![Line::from(format!("{now} {need}"))]
        } else {
            vec![
                Line::from(truncate(&now, cols)),
                Line::from(truncate(&need, cols)),
            ]
        };
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                height: area.height.min(2),
                ..area
            },
        );
        return;
    }
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    match app.screen {
        Screen::Main => main_view::draw(frame, body, app, theme),
        Screen::Task { task, .. } => task_view::draw(frame, body, app, theme, task),
        Screen::Matrix => matrix_view::draw(frame, body, app, theme),
        Screen::Meeting => meeting_view::draw(frame, body, app, theme),
        Screen::Timeline => timeline_view::draw(frame, body, app, theme),
        Screen::Progress => progress_view::draw(frame, body, app, theme),
    }
    ledger_form::draw(frame, body, app, theme);
    draw_status(frame, status, app, theme);
    if app.help {
        // Over the body only: the status bar below keeps saying how to close it.
        draw_help(frame, body, app, theme);
    }
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if let Some(prompt) = &app.prompt {
        draw_prompt(frame, area, app, prompt, theme);
        return;
    }
    if let Some(msg) = &app.message {
        let line = Line::styled(truncate(msg, usize::from(area.width)), theme.heading());
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    let max = usize::from(area.width);
    // How to get help and how to leave come first: at 80 columns the hints after them are cut.
    let way_out = |b: &&keys::Binding| matches!(b.action, keys::Action::Help | keys::Action::Quit);
    let hints = keys::bindings_for(app.mode(), true);
    let (first, rest): (Vec<_>, Vec<_>) = hints.partition(way_out);
    for b in first.into_iter().chain(rest) {
        let Some(key) = b.keys.first() else { continue };
        let label = keys::label(*key);
        let desc = description(b, app.lang);
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

/// The export file-name line, or the question whether to replace the file it names.
fn draw_prompt(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    prompt: &super::meeting::Prompt,
    theme: Theme,
) {
    let m = app.lang.meeting();
    let max = usize::from(area.width);
    if prompt.confirm {
        let text = (m.exists_overwrite)(&safe(&prompt.input));
        let line = Line::styled(truncate(&text, max), theme.overdue());
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let label = format!("{}{}", m.export_to, app.lang.strings().colon);
    // Show the end of a long name: that is where the user is typing.
    let mut shown = safe(&prompt.input);
    while width(&label) + width(&shown) + 1 > max && !shown.is_empty() {
        shown.remove(0);
    }
    let x = area.x + u16::try_from(width(&label) + width(&shown)).unwrap_or(area.width);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label, theme.heading()),
            Span::raw(shown),
        ])),
        area,
    );
    frame.set_cursor_position(ratatui::layout::Position::new(
        x.min(area.right().saturating_sub(1)),
        area.y,
    ));
}

fn description(b: &keys::Binding, lang: Lang) -> &'static str {
    lang.key_help(b.desc)
}

/// The help overlay: every binding, generated from the key map, in two columns when it fits,
/// scrolled with the arrows when it does not.
fn draw_help(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let lang = app.lang;
    let s = lang.strings();
    let rows: Vec<String> = keys::BINDINGS
        .iter()
        .map(|b| {
            let labels: Vec<String> = b.keys.iter().map(|k| keys::label(*k)).collect();
            format!(
                "{} {}",
                fit(&labels.join("/"), 14),
                keys::help_text(b, lang)
            )
        })
        .collect();
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
    frame.render_widget(Clear, popup);
    let visible = usize::from(h.saturating_sub(2));
    let max_scroll = per_col.saturating_sub(visible);
    app.help_max_scroll.set(max_scroll);
    let offset = app.help_scroll.min(max_scroll);
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
    app: &App,
    deadline: Option<&crate::model::Deadline>,
    theme: Theme,
    compact: bool,
) -> Span<'static> {
    let text = |d: i64| if compact { s.days_short(d) } else { s.days(d) };
    match deadline.and_then(|d| d.days_left(app.today)) {
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
