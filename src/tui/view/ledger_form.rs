//! The progress form (登记进展) and the close-out question (销号), drawn over the view below.

use super::ledger_lines::{record_words, status_label};
use super::{Theme, safe};
use crate::ledger::Status;
use crate::text::{truncate, width, wrap};
use crate::tui::app::App;
use crate::tui::ledger_state::AskKind;
use crate::tui::ledger_state::ProgressForm;
use crate::words::ledger_words as words;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// A box `w`×`h` centred in `area` (clipped to it).
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if let Some(form) = &app.ledger.form {
        draw_form(frame, area, app, theme, form);
    } else if let Some(ask) = &app.ledger.confirm {
        let ui = app.lang.ledger_ui();
        let title = app
            .model
            .tasks
            .get(ask.task)
            .map_or(String::new(), |t| safe(&t.title_simplified));
        let (heading, question) = match &ask.kind {
            AskKind::CloseOut => (ui.close_out_title, ui.close_out_question),
            AskKind::Undo(_) => (ui.undo_title, ui.undo_question),
        };
        let question = question
            .replace("{unit}", &ask.unit)
            .replace("{task}", &format!("「{title}」"));
        let popup_w = area.width.min(60);
        let inner_w = usize::from(popup_w.saturating_sub(2));
        let mut lines: Vec<Line> = wrap(&question, inner_w)
            .into_iter()
            .map(|l| Line::styled(l, theme.overdue()))
            .collect();
        if let AskKind::Undo(row) = &ask.kind {
            // The record that would be cancelled, as the history shows it.
            let what = record_words(app.lang, row);
            lines.extend(wrap(&what, inner_w).into_iter().take(3).map(Line::raw));
        }
        lines.push(Line::raw(""));
        let yes = app.lang.key_help(crate::words::KeyHelp::ConfirmYes);
        let no = app.lang.key_help(crate::words::KeyHelp::Cancel);
        lines.push(Line::from(vec![
            Span::styled("y", theme.heading()),
            Span::raw(format!(" {yes}   ")),
            Span::styled("n", theme.heading()),
            Span::raw(format!(" {no}")),
        ]));
        let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let popup = centred(area, popup_w, h);
        frame.render_widget(Clear, popup);
        let block = Block::bordered()
            .title(format!(" {heading} "))
            .border_style(theme.overdue());
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn draw_form(frame: &mut Frame, area: Rect, app: &App, theme: Theme, form: &ProgressForm) {
    let ui = app.lang.ledger_ui();
    let s = app.lang.strings();
    let popup = centred(area, 64, 7);
    frame.render_widget(Clear, popup);
    let title = format!(" {} · {} ", ui.record_title, safe(&form.unit));
    let block = Block::bordered()
        .title(truncate(&title, usize::from(popup.width.saturating_sub(2))))
        .border_style(theme.heading());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let w = usize::from(inner.width);
    let task = app
        .model
        .tasks
        .get(form.task)
        .map_or(String::new(), |t| safe(&t.title_simplified));
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}{}", s.task, s.colon), theme.heading()),
        Span::raw(truncate(
            &task,
            w.saturating_sub(width(s.task) + width(s.colon)),
        )),
    ])];
    // The status picker: every status in a row, the chosen one bracketed and reversed.
    let mut picker = vec![Span::styled(
        format!("{}{}", words(app.lang).status, s.colon),
        theme.heading(),
    )];
    for st in Status::ALL {
        let label = status_label(app.lang, st);
        if st == form.status {
            picker.push(Span::styled(format!("[{label}]"), theme.selected()));
        } else {
            picker.push(Span::styled(format!(" {label} "), Style::new()));
        }
    }
    lines.push(Line::from(picker));
    lines.push(Line::styled(
        format!("{}{}", words(app.lang).note, s.colon),
        theme.heading(),
    ));
    // The note scrolls sideways so the cursor stays in view; widths are display cells.
    let room = w.saturating_sub(3).max(1);
    let mut skip_cells = form.cursor_cells().saturating_sub(room);
    let mut shown = String::new();
    let mut before_cursor = 0;
    for (i, c) in form.note.chars().enumerate() {
        let cw = crate::text::char_width(c);
        if skip_cells > 0 {
            skip_cells = skip_cells.saturating_sub(cw);
            continue;
        }
        if width(&shown) + cw > room {
            break;
        }
        if i < form.cursor {
            before_cursor += cw;
        }
        shown.push(c);
    }
    lines.push(Line::from(vec![
        Span::styled("> ", theme.heading()),
        Span::raw(shown),
    ]));
    let cursor_row = inner.y + 3;
    if let Some(mark) = app.ledger.path.as_ref().map(|p| p.display().to_string()) {
        lines.push(Line::styled(
            truncate(&crate::text::safe_line(&mark), w),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if cursor_row < inner.bottom() {
        let x = inner.x + u16::try_from(2 + before_cursor).unwrap_or(inner.width);
        frame.set_cursor_position(Position::new(
            x.min(inner.right().saturating_sub(1)),
            cursor_row,
        ));
    }
}
