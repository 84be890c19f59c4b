//! The progress form (登记进展): a task and unit's status picked from a row, and a note typed
//! on one line, drawn in a box over the screen. Enter saves it to the ledger.

use crate::ledger::{MAX_NOTE_CHARS, Status};
use crate::text::{truncate, width};
use crate::tui::command::Command;
use crate::tui::key_table::Action;
use crate::tui::ledger_state::{ProgressForm, status_label};
use crate::tui::paint::{Theme, centred, safe};
use crate::tui::shared::Shared;
use crate::words::StatusWords;
use crate::words::ledger_words as words;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub struct FormOverlay {
    form: ProgressForm,
    /// Another writer held the lock at the last try: tried again at each probe until written,
    /// refused, or cancelled with Esc.
    waiting: bool,
}

impl FormOverlay {
    /// The form for the screen's (task, unit), its status preset to the one in force.
    pub fn open(sh: &Shared, target: Option<(usize, usize)>) -> Result<FormOverlay, String> {
        let (task, unit) = sh.writable_target(target)?;
        let was = sh
            .model
            .tasks
            .get(task)
            .and_then(|t| sh.ledger.status(t, &unit));
        Ok(FormOverlay {
            form: ProgressForm::new(task, unit, was),
            waiting: false,
        })
    }

    pub fn form(&self) -> &ProgressForm {
        &self.form
    }

    /// Pasted text (bracketed paste, also how many IMEs deliver a phrase) goes into the note.
    pub fn paste(&mut self, text: &str) {
        self.form.insert(text);
    }

    pub fn handle(&mut self, action: Action, sh: &mut Shared) -> Vec<Command> {
        let form = &mut self.form;
        match action {
            Action::Insert(c) => form.insert(c.encode_utf8(&mut [0; 4])),
            Action::Backspace => form.backspace(),
            Action::Left => form.left(),
            Action::Right => form.right(),
            Action::Up => form.cycle(false),
            Action::Down => form.cycle(true),
            Action::DeleteWord => form.clear(),
            Action::Back => return vec![Command::CloseOverlay],
            Action::Submit => return self.save(sh),
            _ => {}
        }
        Vec::new()
    }

    /// Whether a save waits for another writer's lock.
    pub fn waiting(&self) -> bool {
        self.waiting
    }

    /// Tries a waiting save again (the event loop's probe); nothing when none waits.
    pub fn retry(&mut self, sh: &mut Shared) -> Vec<Command> {
        if self.waiting {
            self.save(sh)
        } else {
            Vec::new()
        }
    }

    fn save(&mut self, sh: &mut Shared) -> Vec<Command> {
        let form = &self.form;
        let Some(task_id) = sh.model.tasks.get(form.task).map(|t| t.id.clone()) else {
            return vec![Command::CloseOverlay];
        };
        let change = form.change(sh.today);
        let status = change.status;
        let written = sh.ledger.record(&sh.model, sh.lang, &task_id, change);
        self.waiting = matches!(written, Err(crate::ledger::LedgerError::Busy { .. }));
        match written {
            Ok(_) => {
                let shown = status.map_or("", |s| s.word(sh.lang));
                vec![
                    Command::CloseOverlay,
                    Command::Say(
                        (sh.lang.ledger_ui().saved)(&form.unit, shown)
                            .trim_end()
                            .to_string(),
                    ),
                ]
            }
            // The form stays open with what was typed: nothing the user wrote is lost.
            Err(_) if self.waiting => {
                vec![Command::Say(sh.lang.ledger_ui().waiting_for_lock.into())]
            }
            Err(e) => vec![Command::Say(crate::words::Message::message(&e, sh.lang))],
        }
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let form = &self.form;
        let ui = sh.lang.ledger_ui();
        let s = sh.lang.strings();
        let popup = centred(area, 64, 7);
        crate::tui::paint::clear_for_overlay(frame, popup);
        let title = format!(" {} · {} ", ui.record_title, safe(&form.unit));
        let block = Block::bordered()
            .title(truncate(&title, usize::from(popup.width.saturating_sub(2))))
            .border_style(theme.heading());
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let w = usize::from(inner.width);
        let task = sh
            .model
            .tasks
            .get(form.task)
            .map_or(String::new(), |t| safe(t.title_simplified()));
        let mut lines = vec![Line::from(vec![
            Span::styled(format!("{}{}", s.task, s.colon), theme.heading()),
            Span::raw(truncate(
                &task,
                w.saturating_sub(width(s.task) + width(s.colon)),
            )),
        ])];
        // The status picker: every status in a row, the chosen one bracketed and reversed.
        let mut picker = vec![Span::styled(
            format!("{}{}", words(sh.lang).status, s.colon),
            theme.heading(),
        )];
        for st in Status::ALL {
            let label = status_label(sh.lang, st);
            if st == form.status {
                picker.push(Span::styled(format!("[{label}]"), theme.selected()));
            } else {
                picker.push(Span::styled(format!(" {label} "), Style::new()));
            }
        }
        lines.push(Line::from(picker));
        let (count, over) = form.note_count();
        lines.push(Line::from(vec![
            Span::styled(words(sh.lang).note.to_string(), theme.heading()),
            Span::styled(
                (ui.note_count)(count, MAX_NOTE_CHARS),
                if over { theme.overdue() } else { theme.dim() },
            ),
            Span::styled(s.colon, theme.heading()),
        ]));
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
        if let Some(mark) = sh.ledger.path.as_ref().map(|p| p.display().to_string()) {
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
}
