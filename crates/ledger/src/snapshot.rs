//! The ledger's state at one moment, as the views read it: [`Snapshot`] with its [`Entry`] per
//! (task, unit), the [`Orphan`]s whose task is gone, and [`AssignmentState`] with its light.

use super::entries::unit_in;
pub use super::entries::{Entries, Entry};
use super::light::{self, Light, Status};
use super::link::Links;
use super::store::{Change, ChangeMark, Seen, TaskKey};
use chrono::NaiveDate;
use dutymatrix_reader::model::{Model, Role, Task};

/// History whose task is no longer in the documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    pub key: TaskKey,
    pub unit: String,
    pub entry: Entry,
}

/// Everything the views need from the ledger at one moment.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// (task id, unit) → state.
    pub entries: Entries,
    pub orphans: Vec<Orphan>,
    /// The keys linked: of every document, or for one unit's snapshot of the documents its
    /// pairs are in.
    pub links: Links,
    /// The change mark at the time of reading; None for [`Snapshot::empty`].
    pub mark: Option<ChangeMark>,
    /// For a snapshot of the whole ledger: how far it saw (taken before the state was read,
    /// so a row committed meanwhile is read again, never missed). What
    /// [`crate::Ledger::refresh`] reads on from; None for a part (one unit's, one document's).
    pub seen: Option<Seen>,
}

/// One assignment with its ledger state and light.
#[derive(Debug, Clone)]
pub struct AssignmentState<'a> {
    pub task: &'a Task,
    pub unit: &'a str,
    pub role: Role,
    pub entry: Option<&'a Entry>,
    pub light: Light,
}

impl AssignmentState<'_> {
    pub fn status(&self) -> Option<Status> {
        self.entry.and_then(|e| e.status)
    }
    pub fn note(&self) -> Option<&Change> {
        self.entry.and_then(|e| e.note.as_deref())
    }
}

impl Snapshot {
    /// `part`, one document's state read again, in place of what this snapshot held of that
    /// document: its tasks' entries, its keys' links, its orphans. (A key links only to tasks
    /// of its own document, so the rest stands.)
    pub(crate) fn replace_document(&mut self, model: &Model, document: &str, part: Snapshot) {
        let of_document = |i: &usize| model.tasks.get(*i).is_some_and(|t| t.document == document);
        self.links.task_of_key.retain(|_, i| !of_document(i));
        let linked = &self.links.task_of_key;
        self.links.by_title.retain(|k| linked.contains_key(k));
        self.links.orphans.retain(|k| k.document != document);
        self.orphans.retain(|o| o.key.document != document);
        let tasks: std::collections::HashSet<&str> = (model.tasks.iter())
            .filter(|t| t.document == document)
            .map(|t| t.id.as_str())
            .collect();
        self.entries.retain_tasks(|task| !tasks.contains(task));
        self.links.task_of_key.extend(part.links.task_of_key);
        self.links.by_title.extend(part.links.by_title);
        self.links.orphans.extend(part.links.orphans);
        self.links.orphans.sort_by_key(|k| k.id);
        self.orphans.extend(part.orphans);
        // As a whole read orders them: by unit, then key.
        self.orphans
            .sort_by(|a, b| (&a.unit, a.key.id).cmp(&(&b.unit, b.key.id)));
        self.entries.extend(part.entries);
    }

    /// No ledger: every light comes from the deadline alone.
    pub fn empty() -> Snapshot {
        Snapshot::default()
    }

    pub fn entry(&self, task_id: &str, unit: &str) -> Option<&Entry> {
        self.entries.get(task_id, unit)
    }

    pub fn status(&self, task_id: &str, unit: &str) -> Option<Status> {
        self.entry(task_id, unit).and_then(|e| e.status)
    }

    pub fn light(&self, task: &Task, unit: &str, today: NaiveDate, warn_days: i64) -> Light {
        light::light(
            task.deadline.as_ref().and_then(|d| d.due(today)),
            self.status(&task.id, unit),
            today,
            warn_days,
        )
    }

    /// Grey when every assignee has closed the task, else the worst open light.
    pub fn task_light(&self, task: &Task, today: NaiveDate, warn_days: i64) -> Light {
        light::task_light(
            task.assignments
                .iter()
                .map(|a| self.light(task, &a.unit, today, warn_days)),
        )
    }

    /// Every assignment of `model` (or of one unit) in model order, with state and light.
    pub fn assignments<'a>(
        &'a self,
        model: &'a Model,
        unit: Option<&'a str>,
        today: NaiveDate,
        warn_days: i64,
    ) -> impl Iterator<Item = AssignmentState<'a>> + 'a {
        self.assignments_of(&model.tasks, unit, today, warn_days)
    }

    /// [`Self::assignments`] of these tasks only (a part of the model's).
    pub fn assignments_of<'a>(
        &'a self,
        tasks: &'a [Task],
        unit: Option<&'a str>,
        today: NaiveDate,
        warn_days: i64,
    ) -> impl Iterator<Item = AssignmentState<'a>> + 'a {
        tasks.iter().flat_map(move |t| {
            // The task found once; each assignment's unit among its few.
            let units = self.entries.of_task(&t.id);
            t.assignments
                .iter()
                .filter(move |a| unit.is_none_or(|u| a.unit == u))
                .map(move |a| {
                    let entry = unit_in(units, &a.unit);
                    AssignmentState {
                        task: t,
                        unit: &a.unit,
                        role: a.role,
                        entry,
                        light: light::light(
                            t.deadline.as_ref().and_then(|d| d.due(today)),
                            entry.and_then(|e| e.status),
                            today,
                            warn_days,
                        ),
                    }
                })
        })
    }
}
