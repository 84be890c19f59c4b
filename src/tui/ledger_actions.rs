//! What the ledger's actions do to the dashboard's state: open the progress form, save it,
//! ask and close out (销号), keep the task view's history and the live refresh. Part of
//! [`App::update`], kept apart so the app module stays readable.

use super::app::{App, Focus, Screen};
use super::keys::Action;
use super::ledger_state::{Ask, AskKind, LedgerState, ProgressForm, ProgressRow, count_slot};
use crate::ledger::{Identity, Light, NewChange, Status};
use crate::words::{LightWords, Message, StatusWords};
use std::path::PathBuf;

impl App {
    /// The dashboard with the ledger at `path` (None: no ledger path at all), written as the
    /// process's real user.
    pub fn with_ledger(self, path: Option<PathBuf>, warn_days: i64) -> App {
        self.with_ledger_as(path, warn_days, crate::ledger::identity::current())
    }

    /// As [`App::with_ledger`], writing as `who` (tests).
    pub fn with_ledger_as(mut self, path: Option<PathBuf>, warn_days: i64, who: Identity) -> App {
        self.ledger = LedgerState::open(path, &self.model, self.lang, warn_days, who);
        if let Some(n) = &self.ledger.notice {
            self.message = Some(n.clone());
        }
        self
    }

    /// The probe the event loop calls when idle: whether the screen needs drawing again.
    pub fn refresh_ledger(&mut self) -> bool {
        let notice = self.ledger.notice.clone();
        let changed = self.ledger.probe(&self.model, self.lang);
        if changed && self.ledger.notice != notice {
            self.message = self.ledger.notice.clone();
        }
        changed
    }

    /// The (task, unit) the ledger keys act on: the selected duty of the selected unit, or in
    /// the task view the unit it was opened for (the matrix row, or the selected unit).
    pub fn ledger_target(&self) -> Result<(usize, String), String> {
        let w = self.lang.ledger_ui();
        let unit_of = |i: Option<usize>| i.and_then(|u| self.model.units.get(u)).map(|u| &u.id);
        let (task, unit) = match self.screen {
            Screen::Main if self.focus == Focus::Duties => (
                self.duties().get(self.duty).map(|&(t, _)| t),
                unit_of(self.selected_unit()),
            ),
            Screen::Task { task, from_matrix } => {
                let row = from_matrix
                    .then(|| self.matrix_units().get(self.matrix.row).copied())
                    .flatten();
                (Some(task), unit_of(row.or(self.selected_unit())))
            }
            _ => (None, None),
        };
        let (Some(task), Some(unit)) = (task, unit) else {
            return Err(w.no_unit.to_string());
        };
        let assigned = self
            .model
            .tasks
            .get(task)
            .is_some_and(|t| t.assignments.iter().any(|a| &a.unit == unit));
        if !assigned {
            return Err(w.not_assigned.replace("{unit}", unit));
        }
        Ok((task, unit.clone()))
    }

    /// [`App::ledger_target`], refused early when the writer may not write for its unit: the
    /// form, 销号 and undo all start here.
    fn writable_target(&self) -> Result<(usize, String), String> {
        let (task, unit) = self.ledger_target()?;
        self.ledger.may_write(&unit, self.lang)?;
        Ok((task, unit))
    }

    fn start_record(&mut self) {
        match self.writable_target() {
            Ok((task, unit)) => {
                let was = self
                    .model
                    .tasks
                    .get(task)
                    .and_then(|t| self.ledger.status(t, &unit));
                self.ledger.form = Some(ProgressForm::new(task, unit, was));
            }
            Err(m) => self.message = Some(m),
        }
    }

    fn ask_close_out(&mut self) {
        match self.writable_target() {
            Ok((task, unit)) => {
                let closed = self
                    .model
                    .tasks
                    .get(task)
                    .and_then(|t| self.ledger.status(t, &unit))
                    == Some(Status::Done);
                if closed {
                    self.message = Some(
                        self.lang
                            .ledger_ui()
                            .already_closed
                            .replace("{unit}", &unit),
                    );
                } else {
                    self.ledger.confirm = Some(Ask {
                        task,
                        unit,
                        kind: AskKind::CloseOut,
                    });
                }
            }
            Err(m) => self.message = Some(m),
        }
    }

    /// Undo asks first, showing the record it would cancel: a wrong 销号 or a note typed into
    /// the wrong task is put right from the dashboard, and nothing is cancelled by a stray key.
    fn ask_undo(&mut self) {
        let (task, unit) = match self.writable_target() {
            Ok(x) => x,
            Err(m) => return self.message = Some(m),
        };
        let Some(task_id) = self.model.tasks.get(task).map(|t| t.id.clone()) else {
            return;
        };
        match self.ledger.latest_in_force(&self.model, &task_id, &unit) {
            Ok(Some(row)) => {
                self.ledger.confirm = Some(Ask {
                    task,
                    unit,
                    kind: AskKind::Undo(row),
                })
            }
            Ok(None) => {
                self.message =
                    Some(crate::ledger::LedgerError::NothingToUndo { unit }.message(self.lang))
            }
            Err(e) => self.message = Some(e.message(self.lang)),
        }
    }

    /// The ledger's share of [`App::update`]: the new actions, and every key while the form or
    /// the question is open. Returns whether it took the action.
    pub(super) fn update_ledger(&mut self, action: Action) -> bool {
        if let Some(ask) = &self.ledger.confirm {
            match action {
                Action::Confirm if ask.kind == AskKind::CloseOut => self.close_out(),
                Action::Confirm => self.undo(),
                Action::Back => self.ledger.confirm = None,
                _ => {}
            }
            return true;
        }
        if let Some(form) = self.ledger.form.as_mut() {
            match action {
                Action::Insert(c) => form.insert(c.encode_utf8(&mut [0; 4])),
                Action::Backspace => form.backspace(),
                Action::Left => form.left(),
                Action::Right => form.right(),
                Action::Up => form.cycle(false),
                Action::Down => form.cycle(true),
                Action::DeleteWord => form.clear(),
                Action::Back => self.ledger.form = None,
                Action::Submit => self.save_form(),
                _ => {}
            }
            return true;
        }
        match action {
            Action::Record => self.start_record(),
            Action::CloseOut => self.ask_close_out(),
            Action::Undo => self.ask_undo(),
            Action::Progress => {
                self.screen = if self.screen == Screen::Progress {
                    Screen::Main
                } else {
                    Screen::Progress
                };
            }
            Action::Sort if self.screen == Screen::Progress => {
                self.ledger.progress.by_red = !self.ledger.progress.by_red;
                self.ledger.progress.scroll = 0;
            }
            Action::Submit | Action::Confirm => {}
            _ => return false,
        }
        true
    }

    /// Pasted text (bracketed paste, also how many IMEs deliver a phrase) goes into the open
    /// form's note. Returns whether a form took it.
    pub(super) fn paste_into_form(&mut self, text: &str) -> bool {
        match self.ledger.form.as_mut() {
            Some(f) => {
                f.insert(text);
                true
            }
            None => self.ledger.confirm.is_some(),
        }
    }

    fn save_form(&mut self) {
        let Some(form) = self.ledger.form.clone() else {
            return;
        };
        let Some(task_id) = self.model.tasks.get(form.task).map(|t| t.id.clone()) else {
            self.ledger.form = None;
            return;
        };
        let change = form.change(self.today);
        let status = change.status;
        match self.write(&task_id, change) {
            Ok(()) => {
                self.ledger.form = None;
                let shown = status.map_or("", |s| s.word(self.lang));
                self.message = Some(
                    self.lang
                        .ledger_ui()
                        .saved
                        .replace("{unit}", &form.unit)
                        .replace("{status}", shown)
                        .trim_end()
                        .to_string(),
                );
            }
            // The form stays open with what was typed: nothing the user wrote is lost.
            Err(m) => self.message = Some(m),
        }
    }

    fn close_out(&mut self) {
        let Some(ask) = self.ledger.confirm.take() else {
            return;
        };
        let Some(task_id) = self.model.tasks.get(ask.task).map(|t| t.id.clone()) else {
            return;
        };
        let change = NewChange {
            unit: ask.unit.clone(),
            status: Some(Status::Done),
            note: None,
            note_date: None,
        };
        self.message = Some(match self.write(&task_id, change) {
            Ok(()) => self
                .lang
                .ledger_ui()
                .closed_out
                .replace("{unit}", &ask.unit),
            Err(m) => m,
        });
    }

    fn undo(&mut self) {
        let Some(ask) = self.ledger.confirm.take() else {
            return;
        };
        let Some(task_id) = self.model.tasks.get(ask.task).map(|t| t.id.clone()) else {
            return;
        };
        let AskKind::Undo(row) = &ask.kind else {
            return;
        };
        // The record shown is the one cancelled: if someone wrote meanwhile, nothing is.
        let what = super::ledger_state::record_words(self.lang, row);
        self.message = Some(
            match self.ledger.undo(&self.model, self.lang, &task_id, row) {
                Ok(_) => self
                    .lang
                    .ledger_ui()
                    .undone
                    .replace("{unit}", &ask.unit)
                    .replace("{what}", &what),
                Err(e) => e.message(self.lang),
            },
        );
    }

    fn write(&mut self, task_id: &str, change: NewChange) -> Result<(), String> {
        self.ledger
            .record(&self.model, self.lang, task_id, change)
            .map(|_| ())
            .map_err(|e| e.message(self.lang))
    }

    /// Keeps what the views need loaded: the open task's history.
    pub(super) fn sync_ledger_view(&mut self) {
        if let Screen::Task { task, .. } = self.screen
            && let Some(id) = self.model.tasks.get(task).map(|t| t.id.clone())
            && self.ledger.history_of(&id).is_none()
        {
            self.ledger.load_history(&self.model, &id);
        }
    }

    /// The progress view's bars: per document (each task once, by its task light) and per unit
    /// (each assignment), sorted as chosen.
    pub fn progress_rows(&self) -> (Vec<ProgressRow>, Vec<ProgressRow>) {
        let today = self.today;
        let mut docs: Vec<ProgressRow> = self
            .model
            .documents
            .iter()
            .map(|d| {
                let mut counts = [0; 4];
                for t in self
                    .model
                    .tasks
                    .iter()
                    .filter(|t| t.document == d.id && !t.assignments.is_empty())
                {
                    counts[count_slot(self.ledger.task_light(t, today))] += 1;
                }
                ProgressRow {
                    name: d.title.clone(),
                    counts,
                }
            })
            .filter(|r| r.total() > 0)
            .collect();
        // One pass over every assignment, not one per unit: big corpora have many of both.
        let mut by_unit: std::collections::HashMap<&str, [usize; 4]> =
            std::collections::HashMap::new();
        for a in self
            .ledger
            .snapshot
            .assignments(&self.model, None, today, self.ledger.warn_days)
        {
            by_unit.entry(a.unit).or_default()[count_slot(a.light)] += 1;
        }
        let mut units: Vec<ProgressRow> = self
            .model
            .units
            .iter()
            .filter(|u| !u.collective)
            .filter_map(|u| {
                by_unit.get(u.id.as_str()).map(|&counts| ProgressRow {
                    name: u.name.clone(),
                    counts,
                })
            })
            .collect();
        units.sort_by_cached_key(|r| crate::search::pinyin_sort_key(&r.name));
        if self.ledger.progress.by_red {
            // Stable: ties keep document order / name order.
            let worst =
                |r: &ProgressRow| std::cmp::Reverse((r.red(), r.counts[count_slot(Light::Yellow)]));
            docs.sort_by_key(worst);
            units.sort_by_key(worst);
        }
        (docs, units)
    }

    /// What `y` copies from the progress view: every bar as its counts.
    pub(super) fn progress_copy_rows(&self) -> Vec<String> {
        use super::clipboard::row;
        let s = self.lang.strings();
        let heads =
            [Light::Grey, Light::Green, Light::Yellow, Light::Red].map(|l| l.word(self.lang));
        let (docs, units) = self.progress_rows();
        let mut out = vec![row([
            s.document, s.unit, heads[0], heads[1], heads[2], heads[3],
        ])];
        for (r, is_doc) in docs
            .iter()
            .map(|r| (r, true))
            .chain(units.iter().map(|r| (r, false)))
        {
            let n = r.counts.map(|c| c.to_string());
            let (d, u) = if is_doc {
                (r.name.as_str(), "")
            } else {
                ("", r.name.as_str())
            };
            out.push(row([d, u, &n[0], &n[1], &n[2], &n[3]]));
        }
        out
    }
}
