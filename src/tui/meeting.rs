//! Dashboard state for the meeting features: marked units, counterpart jumps, the meeting and
//! timeline screens, and the export prompt. An extension of [`App`], kept apart from app.rs.

use super::app::{App, Focus, Screen};
use super::keys::Action;
use crate::counterparts::Direction;
use crate::export::{Format, Sheet, WriteError, render, write_new};
use crate::meeting::{Meeting, Row};
use crate::model::{Role, Task};
use crate::timeline::{Scope, Timeline};
use std::path::PathBuf;

/// What the timeline shows; `f` cycles through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimelineScope {
    All,
    /// The unit selected when the scope was chosen.
    Unit(String),
    Marked,
    /// Index into `Model::documents`.
    Document(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineState {
    pub row: usize,
    pub scope: TimelineScope,
}

/// The file-name line of an export; `confirm` once the named file turned out to exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub input: String,
    pub confirm: bool,
}

/// A counterpart's task shown under the selected unit's own duties.
#[derive(Debug, Clone, Copy)]
pub struct CounterpartDuty<'a> {
    pub direction: Direction,
    pub unit: &'a str,
    pub task: &'a Task,
    pub role: Role,
}

impl App {
    pub fn is_marked(&self, unit: &str) -> bool {
        self.marked.iter().any(|m| m == unit)
    }

    /// Marks or unmarks the selected unit.
    pub(super) fn toggle_mark(&mut self) {
        let Some(id) = self
            .selected_unit()
            .and_then(|i| self.model.units.get(i))
            .map(|u| u.id.clone())
        else {
            return;
        };
        if let Some(at) = self.marked.iter().position(|m| *m == id) {
            self.marked.remove(at);
        } else {
            self.marked.push(id);
        }
        let m = self.lang.meeting();
        self.message = Some(m.n(m.marked_n, self.marked.len()));
    }

    /// Marks the given units and opens the meeting view (for `--units`).
    pub fn open_meeting(&mut self, units: Vec<String>) {
        self.marked = units;
        self.screen = Screen::Meeting;
        self.focus = Focus::Units;
        self.meeting_row = 0;
    }

    /// The selected unit's counterparts' tasks, those above first, each counterpart's in model order.
    pub fn counterpart_duties(&self) -> Vec<CounterpartDuty<'_>> {
        let Some(unit) = self.selected_unit().and_then(|i| self.model.units.get(i)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (direction, pair) in self.counterparts.of(&unit.id) {
            let other = pair.other(&unit.id);
            out.extend(
                self.model
                    .duties(other)
                    .map(|(task, role)| CounterpartDuty {
                        direction,
                        unit: other,
                        task,
                        role,
                    }),
            );
        }
        out
    }

    /// Rows the duties pane can select: own duties, then counterparts' tasks.
    pub(super) fn duty_rows(&self) -> usize {
        self.duties().len() + self.counterpart_duties().len()
    }

    /// Jumps the selection to the selected unit's counterpart; again, to the next one.
    pub(super) fn jump_to_counterpart(&mut self) {
        let m = self.lang.meeting();
        let Some(unit) = self
            .selected_unit()
            .and_then(|i| self.model.units.get(i))
            .map(|u| u.id.clone())
        else {
            return;
        };
        let list = self.counterparts.of(&unit);
        if list.is_empty() {
            self.message = Some(m.no_counterpart.to_string());
            return;
        }
        // Coming back from a jump, go on to the next counterpart rather than straight back.
        let start = self
            .jumped_from
            .as_ref()
            .and_then(|from| list.iter().position(|(_, p)| p.other(&unit) == from))
            .map_or(0, |i| (i + 1) % list.len());
        let Some((_, pair)) = list.get(start) else {
            return;
        };
        let target = pair.other(&unit).to_string();
        let how = m.how(&pair.how);
        let Some(ti) = self.model.unit_position(&target) else {
            return;
        };
        if !self.hits.iter().any(|h| h.unit == ti) {
            self.query.clear();
            self.refilter_units_now();
        }
        if let Some(pos) = self.hits.iter().position(|h| h.unit == ti) {
            self.selected = pos;
            self.duty = 0;
        }
        if self.focus == Focus::Search {
            self.focus = Focus::Units;
        }
        self.jumped_from = Some(unit);
        self.message = Some(format!("→ {target}（{how}）"));
    }

    /// The meeting of the marked units.
    pub fn meeting(&self) -> Meeting<'_> {
        Meeting::new(&self.model, &self.marked, self.today)
    }

    /// The meeting view's selectable rows, in display order.
    pub fn meeting_rows<'a>(meeting: &'a Meeting<'a>) -> Vec<&'a Row<'a>> {
        meeting
            .sections()
            .into_iter()
            .flat_map(|(_, rows)| rows)
            .collect()
    }

    pub fn timeline_scope(&self) -> Scope {
        match &self.timeline.scope {
            TimelineScope::All => Scope::All,
            TimelineScope::Unit(u) => Scope::Units(vec![u.clone()]),
            TimelineScope::Marked => Scope::Units(self.marked.clone()),
            TimelineScope::Document(i) => self
                .model
                .documents
                .get(*i)
                .map_or(Scope::All, |d| Scope::Document(d.id.clone())),
        }
    }

    /// The scope's name as the timeline's title shows it.
    pub fn timeline_scope_label(&self) -> String {
        let m = self.lang.meeting();
        match &self.timeline.scope {
            TimelineScope::All => m.scope_all.to_string(),
            TimelineScope::Unit(u) => u.clone(),
            TimelineScope::Marked => format!("{}({})", m.scope_marked, self.marked.len()),
            TimelineScope::Document(i) => self
                .model
                .documents
                .get(*i)
                .map_or(String::new(), |d| d.title.clone()),
        }
    }

    /// Every unit, the selected one, the marked set, then each document.
    pub(super) fn next_timeline_scope(&mut self) {
        let selected = self
            .selected_unit()
            .and_then(|i| self.model.units.get(i))
            .map(|u| u.id.clone());
        let docs = self.model.documents.len();
        let after_unit = if self.marked.is_empty() {
            if docs > 0 {
                TimelineScope::Document(0)
            } else {
                TimelineScope::All
            }
        } else {
            TimelineScope::Marked
        };
        let after_marked = if docs > 0 {
            TimelineScope::Document(0)
        } else {
            TimelineScope::All
        };
        self.timeline.scope = match &self.timeline.scope {
            TimelineScope::All => selected.map_or(after_unit.clone(), TimelineScope::Unit),
            TimelineScope::Unit(_) => after_unit,
            TimelineScope::Marked => after_marked,
            TimelineScope::Document(i) if i + 1 < docs => TimelineScope::Document(i + 1),
            TimelineScope::Document(_) => TimelineScope::All,
        };
        self.timeline.row = 0;
    }

    pub fn timeline_view(&self, scope: &Scope) -> Timeline<'_> {
        Timeline::new(&self.model, scope, self.today)
    }

    /// The task under the cursor of the meeting or timeline screen (index into `Model::tasks`).
    pub(super) fn task_at_cursor(&self) -> Option<usize> {
        let position = |t: &Task| self.model.task_position(t);
        match self.screen {
            Screen::Meeting => {
                let meeting = self.meeting();
                let rows = App::meeting_rows(&meeting);
                rows.get(self.meeting_row).and_then(|r| position(r.task))
            }
            Screen::Timeline => {
                let scope = self.timeline_scope();
                let tl = self.timeline_view(&scope);
                let found = tl.entries().nth(self.timeline.row).map(|(_, e)| e.task);
                found.and_then(position)
            }
            _ => None,
        }
    }

    /// The sheet of what is on screen, if there is one to write, with where each row stands.
    pub fn current_sheet(&self) -> Option<Sheet> {
        let sheet = self.bare_sheet()?;
        Some(crate::export::with_ledger(
            sheet,
            &self.model,
            &self.ledger.snapshot,
            self.ledger.warn_days,
        ))
    }

    fn bare_sheet(&self) -> Option<Sheet> {
        let (model, lang, today) = (&self.model, self.lang, self.today);
        match self.screen {
            Screen::Main => {
                let unit = self.selected_unit().and_then(|i| model.units.get(i))?;
                Some(crate::export::unit_sheet(
                    model,
                    &self.counterparts,
                    &unit.id,
                    lang,
                    today,
                ))
            }
            Screen::Meeting if !self.marked.is_empty() => Some(crate::export::meeting_sheet(
                model,
                &self.marked,
                lang,
                today,
            )),
            Screen::Timeline => Some(crate::export::timeline_sheet(
                model,
                &self.timeline_scope(),
                lang,
                today,
            )),
            Screen::Matrix => Some(crate::export::matrix_sheet(model, lang, today)),
            _ => None,
        }
    }

    /// A file name for the sheet on screen: kind, subject, today, `.csv`.
    pub fn default_file_name(&self) -> String {
        let (s, m) = (self.lang.strings(), self.lang.meeting());
        let subject = match self.screen {
            Screen::Main => {
                let name = self
                    .selected_unit()
                    .and_then(|i| self.model.units.get(i))
                    .map_or(String::new(), |u| u.name.clone());
                format!("{}-{name}", m.duty_sheet)
            }
            Screen::Meeting => {
                let first = self.marked.first().map_or("", String::as_str);
                match self.marked.len() {
                    0 | 1 => format!("{}-{first}", m.meeting),
                    n => format!("{}-{first}-{}", m.meeting, m.n(m.units_n, n)),
                }
            }
            Screen::Timeline => format!("{}-{}", m.timeline, self.timeline_scope_label()),
            _ => s.matrix.to_string(),
        };
        let safe: String = subject
            .chars()
            .map(|c| {
                if c.is_control() || "/\\:*?\"<>|".contains(c) || c.is_whitespace() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        format!("{safe}-{}.csv", self.today)
    }

    pub(super) fn start_export(&mut self) {
        if self.current_sheet().is_none() {
            self.message = Some(self.lang.meeting().no_marked.to_string());
            return;
        }
        self.prompt = Some(super::meeting::Prompt {
            input: self.default_file_name(),
            confirm: false,
        });
    }

    /// Keys while the export prompt is open.
    pub(super) fn prompt_update(&mut self, action: Action) {
        let m = self.lang.meeting();
        let Some(prompt) = self.prompt.as_mut() else {
            return;
        };
        if prompt.confirm {
            match action {
                Action::Insert('y' | 'Y') => self.write_sheet(true),
                Action::Back | Action::Escape => {
                    self.prompt = None;
                    self.message = Some(m.cancelled.to_string());
                }
                _ => prompt.confirm = false,
            }
            return;
        }
        match action {
            Action::Insert(c) if !crate::extract::decode::is_unsafe(c) => prompt.input.push(c),
            Action::Backspace => {
                prompt.input.pop();
            }
            Action::DeleteWord => prompt.input.clear(),
            Action::Open => self.write_sheet(false),
            Action::Back | Action::Escape => {
                self.prompt = None;
                self.message = Some(m.cancelled.to_string());
            }
            _ => {}
        }
    }

    /// The path the prompt names, relative to the working folder.
    pub fn prompt_path(&self) -> Option<PathBuf> {
        let input = self.prompt.as_ref()?.input.trim();
        if input.is_empty() {
            return None;
        }
        let p = PathBuf::from(input);
        Some(if p.is_absolute() {
            p
        } else {
            self.work_dir.join(p)
        })
    }

    fn write_sheet(&mut self, replace: bool) {
        let m = self.lang.meeting();
        let Some(path) = self.prompt_path() else {
            return;
        };
        let Some(format) = Format::of_path(&path) else {
            self.message = Some(m.unknown_format.to_string());
            return;
        };
        let Some(sheet) = self.current_sheet() else {
            self.prompt = None;
            return;
        };
        let bytes = render(&sheet, format, self.lang);
        // The path joins the working folder, whose name nobody checked: sanitised, not only
        // made width-safe.
        let shown = crate::text::safe_line(&path.display().to_string());
        match write_new(&path, &bytes, replace) {
            Ok(()) => {
                self.prompt = None;
                self.message = Some((m.written)(&shown, &sheet.rows.len().to_string()));
            }
            Err(WriteError::Exists) => {
                if let Some(p) = self.prompt.as_mut() {
                    p.confirm = true;
                }
            }
            Err(WriteError::Io(e)) => {
                self.message = Some(format!("{} {shown}: {e}", m.write_failed));
            }
        }
    }

    /// What `y` copies on the meeting and timeline screens: the sheet's rows, tab-separated.
    pub(super) fn sheet_rows_for_copy(&self) -> Vec<String> {
        let Some(sheet) = self.current_sheet() else {
            return Vec::new();
        };
        crate::export::table(&sheet, self.lang)
            .into_iter()
            .map(super::clipboard::row)
            .collect()
    }
}
