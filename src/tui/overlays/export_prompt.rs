//! The export prompt: the file-name line in the status bar for the sheet on screen. Enter asks
//! the dashboard to write it; a name that exists is asked about first ([`super::question`]).

use crate::text::width;
use crate::tui::command::{Command, WriteSheet};
use crate::tui::key_table::Action;
use crate::tui::paint::{Theme, safe};
use crate::tui::shared::Shared;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::path::PathBuf;

pub struct ExportPrompt {
    input: String,
}

impl ExportPrompt {
    /// The prompt with a file name for the sheet on screen: kind, subject, today, `.csv`.
    pub fn new(subject: &str, sh: &Shared) -> ExportPrompt {
        ExportPrompt::with_extension(subject, sh, "csv")
    }

    /// A prompt offering `subject-today.ext` in the working folder.
    pub fn with_extension(subject: &str, sh: &Shared, ext: &str) -> ExportPrompt {
        let safe_name: String = subject
            .chars()
            .map(|c| {
                if c.is_control() || "/\\:*?\"<>|".contains(c) || c.is_whitespace() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        ExportPrompt {
            input: format!("{safe_name}-{}.{ext}", sh.today),
        }
    }

    pub fn input(&self) -> &str {
        &self.input
    }

    pub fn handle(&mut self, action: Action, sh: &Shared) -> Vec<Command> {
        match action {
            Action::Insert(c) if !crate::extract::decode::is_unsafe(c) => self.input.push(c),
            Action::Backspace => {
                self.input.pop();
            }
            Action::DeleteWord => self.input.clear(),
            Action::Open => {
                if let Some(path) = self.path(sh) {
                    return vec![Command::Write(WriteSheet {
                        path,
                        replace: false,
                    })];
                }
            }
            Action::Back | Action::Escape => {
                let cancelled = sh.lang.meeting().cancelled.to_string();
                return vec![Command::CloseOverlay, Command::Say(cancelled)];
            }
            _ => {}
        }
        Vec::new()
    }

    /// The path the prompt names, relative to the working folder.
    fn path(&self, sh: &Shared) -> Option<PathBuf> {
        let input = self.input.trim();
        if input.is_empty() {
            return None;
        }
        let p = PathBuf::from(input);
        Some(if p.is_absolute() {
            p
        } else {
            sh.work_dir.join(p)
        })
    }

    /// The file-name line, the cursor at its end.
    pub fn draw_status(&self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let m = sh.lang.meeting();
        let max = usize::from(area.width);
        let label = format!("{}{}", m.export_to, sh.lang.strings().colon);
        // Show the end of a long name: that is where the user is typing.
        let mut shown = safe(&self.input);
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
}
