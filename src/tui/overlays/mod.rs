//! What opens over the screens, on a stack of its own: help, the export file-name prompt, the
//! progress form and the yes/no questions. The overlay on top takes every key first.

pub mod export_prompt;
pub mod help;
pub mod progress_form;
pub mod question;

use super::command::Command;
use super::key_table::{Action, Mode};
use super::paint::Theme;
use super::shared::Shared;
use export_prompt::ExportPrompt;
use help::HelpOverlay;
use progress_form::FormOverlay;
use question::Question;
use ratatui::Frame;
use ratatui::layout::Rect;

pub enum Overlay {
    Help(HelpOverlay),
    Export(ExportPrompt),
    Form(FormOverlay),
    Question(Question),
}

impl Overlay {
    /// Where keys are read while this overlay is on top.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Help(_) => Mode::Help,
            Overlay::Export(_) => Mode::Prompt,
            Overlay::Form(_) => Mode::Form,
            Overlay::Question(q) => q.mode(),
        }
    }

    pub fn handle(&mut self, action: Action, sh: &mut Shared) -> Vec<Command> {
        match self {
            Overlay::Help(h) => h.handle(action),
            Overlay::Export(p) => p.handle(action, sh),
            Overlay::Form(f) => f.handle(action, sh),
            Overlay::Question(q) => q.handle(action, sh),
        }
    }

    /// Pasted text; whether the overlay took it (a form's note does; a question swallows it).
    pub fn paste(&mut self, text: &str) -> bool {
        match self {
            Overlay::Form(f) => {
                f.paste(text);
                true
            }
            Overlay::Question(q) => q.swallows_paste(),
            Overlay::Help(_) | Overlay::Export(_) => false,
        }
    }

    /// Draws over the body.
    pub fn draw(&mut self, frame: &mut Frame, body: Rect, sh: &Shared, theme: Theme) {
        match self {
            Overlay::Help(h) => h.draw(frame, body, sh, theme),
            Overlay::Form(f) => f.draw(frame, body, sh, theme),
            Overlay::Question(q) => q.draw(frame, body, sh, theme),
            Overlay::Export(_) => {}
        }
    }

    /// Draws the status bar when the overlay writes there; whether it did.
    pub fn draw_status(&self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) -> bool {
        match self {
            Overlay::Export(p) => {
                p.draw_status(frame, area, sh, theme);
                true
            }
            Overlay::Question(q) => q.draw_status(frame, area, sh, theme),
            Overlay::Help(_) | Overlay::Form(_) => false,
        }
    }
}
