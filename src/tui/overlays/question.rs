//! The yes/no questions, asked over the screen before anything is written or cancelled: close
//! out (销号) and undo in the ledger, and replacing a file an export would overwrite.

use crate::ledger::{LedgerError, NewChange, Status};
use crate::text::{truncate, wrap};
use crate::tui::command::{Command, WriteSheet};
use crate::tui::key_table::{Action, Mode};
use crate::tui::ledger_state::{Ask, AskKind, record_words};
use crate::tui::paint::{Theme, centred, safe};
use crate::tui::shared::Shared;
use crate::words::Message;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub enum Question {
    /// 销号, or undoing a record, for one task and unit.
    Ledger(Ask),
    /// The export's file exists: replace it? `input` is the name as typed.
    Overwrite { write: WriteSheet, input: String },
}

impl Question {
    /// Asks to close out the task for the unit, unless it is closed already.
    pub fn close_out(sh: &Shared, target: Option<(usize, usize)>) -> Result<Question, String> {
        let (task, unit) = sh.writable_target(target)?;
        let closed = sh
            .model
            .tasks
            .get(task)
            .and_then(|t| sh.ledger.status(t, &unit))
            == Some(Status::Done);
        if closed {
            return Err((sh.lang.ledger_ui().already_closed)(&unit));
        }
        Ok(Question::Ledger(Ask {
            task,
            unit,
            kind: AskKind::CloseOut,
        }))
    }

    /// Undo asks first, showing the record it would cancel: a wrong 销号 or a note typed into
    /// the wrong task is put right from the dashboard, and nothing is cancelled by a stray key.
    pub fn undo(sh: &Shared, target: Option<(usize, usize)>) -> Result<Question, String> {
        let (task, unit) = sh.writable_target(target)?;
        let Some(task_id) = sh.model.tasks.get(task).map(|t| t.id.clone()) else {
            return Err(sh.lang.ledger_ui().no_unit.to_string());
        };
        match sh.ledger.latest_in_force(&sh.model, &task_id, &unit) {
            Ok(Some(row)) => Ok(Question::Ledger(Ask {
                task,
                unit,
                kind: AskKind::Undo(row),
            })),
            Ok(None) => Err(LedgerError::NothingToUndo { unit }.message(sh.lang)),
            Err(e) => Err(e.message(sh.lang)),
        }
    }

    /// The ledger question, when this is one.
    pub fn ask(&self) -> Option<&Ask> {
        match self {
            Question::Ledger(ask) => Some(ask),
            Question::Overwrite { .. } => None,
        }
    }

    /// The overwrite question reads keys as the file-name line does: `y` is a letter there.
    pub fn mode(&self) -> Mode {
        match self {
            Question::Ledger(_) => Mode::Confirm,
            Question::Overwrite { .. } => Mode::Prompt,
        }
    }

    pub fn swallows_paste(&self) -> bool {
        matches!(self, Question::Ledger(_))
    }

    pub fn handle(&mut self, action: Action, sh: &mut Shared) -> Vec<Command> {
        match self {
            Question::Overwrite { write, .. } => match action {
                Action::Insert('y' | 'Y') => vec![Command::Write(WriteSheet {
                    path: write.path.clone(),
                    replace: true,
                })],
                Action::Back | Action::Escape => vec![
                    Command::CloseOverlays,
                    Command::Say(sh.lang.meeting().cancelled.to_string()),
                ],
                // Any other key goes back to the name.
                _ => vec![Command::CloseOverlay],
            },
            Question::Ledger(ask) => match action {
                Action::Confirm => {
                    let said = match &ask.kind {
                        AskKind::CloseOut => close_out(ask, sh),
                        AskKind::Undo(_) => undo(ask, sh),
                    };
                    let mut out = vec![Command::CloseOverlay];
                    out.extend(said.map(Command::Say));
                    out
                }
                Action::Back => vec![Command::CloseOverlay],
                _ => Vec::new(),
            },
        }
    }

    /// The overwrite question goes in the status bar; whether this drew it.
    pub fn draw_status(&self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) -> bool {
        let Question::Overwrite { input, .. } = self else {
            return false;
        };
        let text = (sh.lang.meeting().exists_overwrite)(&safe(input));
        let line = Line::styled(truncate(&text, usize::from(area.width)), theme.overdue());
        frame.render_widget(Paragraph::new(line), area);
        true
    }

    /// The ledger question, in a box over the screen.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let Question::Ledger(ask) = self else {
            return;
        };
        let ui = sh.lang.ledger_ui();
        let title = sh
            .model
            .tasks
            .get(ask.task)
            .map_or(String::new(), |t| safe(t.title_simplified()));
        let (heading, question) = match &ask.kind {
            AskKind::CloseOut => (ui.close_out_title, ui.close_out_question),
            AskKind::Undo(_) => (ui.undo_title, ui.undo_question),
        };
        let question = question(&ask.unit, &format!("「{title}」"));
        let popup_w = area.width.min(60);
        let inner_w = usize::from(popup_w.saturating_sub(2));
        let mut lines: Vec<Line> = wrap(&question, inner_w)
            .into_iter()
            .map(|l| Line::styled(l, theme.overdue()))
            .collect();
        if let AskKind::Undo(row) = &ask.kind {
            // The record that would be cancelled, as the history shows it.
            let what = record_words(sh.lang, row);
            lines.extend(wrap(&what, inner_w).into_iter().take(3).map(Line::raw));
        }
        lines.push(Line::raw(""));
        let yes = sh.lang.key_help(crate::words::KeyHelp::ConfirmYes);
        let no = sh.lang.key_help(crate::words::KeyHelp::Cancel);
        lines.push(Line::from(vec![
            Span::styled("y", theme.heading()),
            Span::raw(format!(" {yes}   ")),
            Span::styled("n", theme.heading()),
            Span::raw(format!(" {no}")),
        ]));
        let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let popup = centred(area, popup_w, h);
        crate::tui::paint::clear_for_overlay(frame, popup);
        let block = Block::bordered()
            .title(format!(" {heading} "))
            .border_style(theme.overdue());
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn close_out(ask: &Ask, sh: &mut Shared) -> Option<String> {
    let task_id = sh.model.tasks.get(ask.task).map(|t| t.id.clone())?;
    let change = NewChange {
        unit: ask.unit.clone(),
        status: Some(Status::Done),
        note: None,
        note_date: None,
    };
    Some(match sh.write(&task_id, change) {
        Ok(()) => (sh.lang.ledger_ui().closed_out)(&ask.unit),
        Err(m) => m,
    })
}

fn undo(ask: &Ask, sh: &mut Shared) -> Option<String> {
    let task_id = sh.model.tasks.get(ask.task).map(|t| t.id.clone())?;
    let AskKind::Undo(row) = &ask.kind else {
        return None;
    };
    // The record shown is the one cancelled: if someone wrote meanwhile, nothing is.
    let what = record_words(sh.lang, row);
    Some(match sh.ledger.undo(&sh.model, sh.lang, &task_id, row) {
        Ok(_) => (sh.lang.ledger_ui().undone)(&ask.unit, &what),
        Err(e) => e.message(sh.lang),
    })
}
