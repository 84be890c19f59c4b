//! The joins of the model, built once per load: unit id → unit, document id → document, for
//! each assignee name (interned) its tasks with the role and its counts by role, and for each
//! task its assignees' numbers. Without them
//! every count scanned every task with a string compare, once per unit: quadratic in the corpus.
//!
//! The index lives inside the [`Model`](crate::model::Model) (not serialised) and is built on first use. It remembers the
//! shape of the model it was built from; a model changed since (merged, pushed to) gets a fresh
//! one on its next use, so a lookup is never answered from a stale index.

use crate::domain::{Document, Role, RoleCounts, Task, Unit};
use foldhash::{HashMap, HashMapExt};
use std::sync::{Arc, Mutex};

/// What an index is built from: a model's three lists, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub documents: &'a [Document],
    pub units: &'a [Unit],
    pub tasks: &'a [Task],
}

/// The lookups of one model.
#[derive(Debug, Default)]
pub struct Index {
    shape: Shape,
    unit_pos: HashMap<Box<str>, u32>,
    doc_pos: HashMap<Box<str>, u32>,
    /// Assignee names as met in the tasks, interned: name → its number.
    names: HashMap<Box<str>, u32>,
    /// For each interned name: (task index, role) in model order, one entry per task.
    duties: Vec<Vec<(u32, Role)>>,
    counts: Vec<RoleCounts>,
    /// Each task's assignees as interned names, every assignment as written:
    /// `task_names[task_starts[t]..task_starts[t + 1]]`. Partners are counted from these
    /// numbers on each frame of the dashboard, not by hashing names.
    task_names: Vec<u32>,
    task_starts: Vec<u32>,
    /// Each interned name's text.
    name_text: Vec<Box<str>>,
}

/// What the index was built from: lengths and where the tasks live.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Shape {
    documents: usize,
    units: usize,
    tasks: usize,
    tasks_at: usize,
}

impl Shape {
    fn of(m: Parts<'_>) -> Shape {
        Shape {
            documents: m.documents.len(),
            units: m.units.len(),
            tasks: m.tasks.len(),
            tasks_at: m.tasks.as_ptr() as usize,
        }
    }
}

impl Index {
    pub fn build(m: Parts<'_>) -> Index {
        let mut unit_pos = HashMap::with_capacity(m.units.len());
        for (i, u) in m.units.iter().enumerate() {
            unit_pos.entry(u.id.as_str().into()).or_insert(i as u32);
        }
        let mut doc_pos = HashMap::with_capacity(m.documents.len());
        for (i, d) in m.documents.iter().enumerate() {
            doc_pos.entry(d.id.as_str().into()).or_insert(i as u32);
        }
        let mut names: HashMap<Box<str>, u32> = HashMap::with_capacity(m.units.len());
        let mut duties: Vec<Vec<(u32, Role)>> = Vec::with_capacity(m.units.len());
        let mut counts: Vec<RoleCounts> = Vec::with_capacity(m.units.len());
        let mut task_names = Vec::with_capacity(m.tasks.len() * 3);
        let mut task_starts = Vec::with_capacity(m.tasks.len() + 1);
        let mut name_text: Vec<Box<str>> = Vec::with_capacity(m.units.len());
        for (ti, t) in m.tasks.iter().enumerate() {
            let ti = ti as u32;
            task_starts.push(task_names.len() as u32);
            for a in &t.assignments {
                let n = match names.get(a.unit.as_str()) {
                    Some(&n) => n as usize,
                    None => {
                        names.insert(a.unit.as_str().into(), duties.len() as u32);
                        name_text.push(a.unit.as_str().into());
                        duties.push(Vec::new());
                        counts.push(RoleCounts::default());
                        duties.len() - 1
                    }
                };
                task_names.push(n as u32);
                // A unit named twice in one task keeps its first role, as written first.
                if duties[n].last().is_some_and(|&(last, _)| last == ti) {
                    continue;
                }
                duties[n].push((ti, a.role));
                let c = &mut counts[n];
                match a.role {
                    Role::Lead => c.lead += 1,
                    Role::Support => c.support += 1,
                    Role::Responsible => c.responsible += 1,
                    Role::DataProvider => c.data_provider += 1,
                }
            }
        }
        task_starts.push(task_names.len() as u32);
        Index {
            shape: Shape::of(m),
            unit_pos,
            doc_pos,
            names,
            duties,
            counts,
            task_names,
            task_starts,
            name_text,
        }
    }

    /// The names that share a task with `unit`, each with how many of `unit`'s tasks name it
    /// (a name written twice in a task counts twice), in no particular order.
    pub fn partners(&self, unit: &str) -> Vec<(&str, usize)> {
        let Some(&me) = self.names.get(unit) else {
            return Vec::new();
        };
        let mut count = vec![0usize; self.name_text.len()];
        let mut met = Vec::new();
        for &(t, _) in self.duties.get(me as usize).map_or(&[][..], Vec::as_slice) {
            let (Some(&a), Some(&b)) = (
                self.task_starts.get(t as usize),
                self.task_starts.get(t as usize + 1),
            ) else {
                continue;
            };
            for &n in self
                .task_names
                .get(a as usize..b as usize)
                .unwrap_or_default()
            {
                if n == me {
                    continue;
                }
                if let Some(c) = count.get_mut(n as usize) {
                    if *c == 0 {
                        met.push(n);
                    }
                    *c += 1;
                }
            }
        }
        met.into_iter()
            .filter_map(|n| {
                let name = self.name_text.get(n as usize)?;
                Some((name.as_ref(), *count.get(n as usize)?))
            })
            .collect()
    }

    pub fn unit(&self, id: &str) -> Option<usize> {
        self.unit_pos.get(id).map(|&i| i as usize)
    }

    pub fn document(&self, id: &str) -> Option<usize> {
        self.doc_pos.get(id).map(|&i| i as usize)
    }

    /// The tasks an assignee name has a role in: (task index, role), in model order.
    pub fn duties(&self, unit: &str) -> &[(u32, Role)] {
        self.names
            .get(unit)
            .and_then(|&n| self.duties.get(n as usize))
            .map_or(&[], Vec::as_slice)
    }

    pub fn role_counts(&self, unit: &str) -> RoleCounts {
        self.names
            .get(unit)
            .and_then(|&n| self.counts.get(n as usize))
            .copied()
            .unwrap_or_default()
    }
}

/// The slot in [`Model`] that holds its index. Copies of a model share the index until one
/// changes; two models compare equal whatever their slots hold.
#[derive(Debug, Default)]
pub struct IndexSlot(Mutex<Option<Arc<Index>>>);

impl IndexSlot {
    /// The index of `m`, built now if there is none or the model changed since.
    pub fn get(&self, m: Parts<'_>) -> Arc<Index> {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ix) = slot.as_ref()
            && ix.shape == Shape::of(m)
        {
            return Arc::clone(ix);
        }
        let ix = Arc::new(Index::build(m));
        *slot = Some(Arc::clone(&ix));
        ix
    }

    /// Forgets the index, after a change its shape would not show.
    pub fn clear(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl Clone for IndexSlot {
    fn clone(&self) -> IndexSlot {
        // A clone's tasks live elsewhere: its shape differs, so it builds its own when used.
        IndexSlot::default()
    }
}

impl PartialEq for IndexSlot {
    fn eq(&self, _: &IndexSlot) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Assignment, Role, Task, TaskKind};

    fn task(id: &str, units: &[&str]) -> Task {
        Task {
            id: id.into(),
            document: "d".into(),
            section: Default::default(),
            number: id.into(),
            kind: TaskKind::Task,
            title: id.into(),
            title_simplified: id.into(),
            text: Default::default(),
            text_simplified: Default::default(),
            annotation: None,
            assignments: units
                .iter()
                .map(|u| Assignment {
                    unit: u.to_string().into(),
                    role: Role::Lead,
                })
                .collect(),
            deadline: None,
            lines: [1, 1],
            at: None,
        }
    }

    /// Partners as the hash count over the unit's tasks gave them: a name written twice in
    /// a task counts twice, the unit itself never, most shared first, then by name.
    #[test]
    fn partners_count_every_assignment_of_the_units_tasks() {
        let mut m = crate::model::of_unit_names(&["甲局", "乙局", "丙局", "丁局"]);
        m.tasks = vec![
            task("1", &["甲局", "乙局", "丙局"]),
            task("2", &["甲局", "乙局", "乙局", "甲局"]),
            task("3", &["丙局", "丁局"]),
        ];
        let names = |u: &str| -> Vec<(String, usize)> {
            m.partners(u)
                .into_iter()
                .map(|(u, n)| (u.name.clone(), n))
                .collect()
        };
        assert_eq!(
            names("甲局"),
            vec![("乙局".to_string(), 3), ("丙局".to_string(), 1)]
        );
        assert_eq!(
            names("丙局"),
            vec![
                ("丁局".to_string(), 1),
                ("乙局".to_string(), 1),
                ("甲局".to_string(), 1)
            ]
        );
        assert!(names("无此局").is_empty());
    }
}
