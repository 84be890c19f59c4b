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
    /// The counts of the whole load, when this model is the first frame's part of it
    /// ([`crate::load::front`]): its own tasks are only those the frame shows.
    whole_counts: Option<HashMap<Box<str>, RoleCounts>>,
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
        let mut all = IndexBuilder::default();
        all.add(m.tasks);
        all.finish(m)
    }

    /// This index counting each name's tasks as `whole` does: the model it indexes is the part
    /// of a load that a first frame shows, and its counts are the whole load's.
    pub fn counting_as(mut self, whole: HashMap<Box<str>, RoleCounts>) -> Index {
        self.whole_counts = Some(whole);
        self
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
        if let Some(whole) = &self.whole_counts {
            return whole.get(unit).copied().unwrap_or_default();
        }
        self.names
            .get(unit)
            .and_then(|&n| self.counts.get(n as usize))
            .copied()
            .unwrap_or_default()
    }
}

/// An index put together a run of tasks at a time, in order: the loader indexes each run of
/// documents as it merges them, while the other threads decode the next (the tasks are then
/// fresh in memory, and the first frame does not wait for an index built after the load).
#[derive(Debug, Default)]
pub struct IndexBuilder {
    names: HashMap<Box<str>, u32>,
    name_text: Vec<Box<str>>,
    duties: Vec<Vec<(u32, Role)>>,
    counts: Vec<RoleCounts>,
    task_names: Vec<u32>,
    task_starts: Vec<u32>,
    /// The names of the tasks being added, by where their text is: a document's model keeps
    /// each name once ([`crate::load::cache::packed`]), so its assignments are numbered
    /// without hashing and comparing their text. Emptied before each `add` returns, while
    /// the texts it points at are borrowed still.
    met: HashMap<(usize, usize), u32>,
}

impl IndexBuilder {
    /// How many tasks it covers.
    pub fn tasks(&self) -> usize {
        self.task_starts.len()
    }

    /// `tasks`, those that follow the tasks added so far.
    pub fn add(&mut self, tasks: &[Task]) {
        let mut ti = self.task_starts.len() as u32;
        self.task_starts.reserve(tasks.len());
        for t in tasks {
            self.task_starts.push(self.task_names.len() as u32);
            for a in &t.assignments {
                let name = a.unit.as_str();
                let at = (name.as_ptr() as usize, name.len());
                let n = match self.met.get(&at) {
                    Some(&n) => n as usize,
                    None => {
                        let n = self.number(name);
                        self.met.insert(at, n as u32);
                        n
                    }
                };
                self.task_names.push(n as u32);
                let (Some(duties), Some(c)) = (self.duties.get_mut(n), self.counts.get_mut(n))
                else {
                    continue;
                };
                // A unit named twice in one task keeps its first role, as written first.
                if duties.last().is_some_and(|&(last, _)| last == ti) {
                    continue;
                }
                duties.push((ti, a.role));
                c.add(a.role);
            }
            ti += 1;
        }
        self.met.clear();
    }

    /// The number of the name `name`, given it now when it is new.
    fn number(&mut self, name: &str) -> usize {
        if let Some(&n) = self.names.get(name) {
            return n as usize;
        }
        let n = self.name_text.len();
        self.names.insert(name.into(), n as u32);
        self.name_text.push(name.into());
        self.duties.push(Vec::new());
        self.counts.push(RoleCounts::default());
        n
    }

    /// The index of `m`, whose tasks are those added, in order.
    pub fn finish(mut self, m: Parts<'_>) -> Index {
        let mut unit_pos = HashMap::with_capacity(m.units.len());
        for (i, u) in m.units.iter().enumerate() {
            unit_pos.entry(u.id.as_str().into()).or_insert(i as u32);
        }
        let mut doc_pos = HashMap::with_capacity(m.documents.len());
        for (i, d) in m.documents.iter().enumerate() {
            doc_pos.entry(d.id.as_str().into()).or_insert(i as u32);
        }
        self.task_starts.push(self.task_names.len() as u32);
        Index {
            shape: Shape::of(m),
            unit_pos,
            doc_pos,
            names: self.names,
            duties: self.duties,
            counts: self.counts,
            task_names: self.task_names,
            task_starts: self.task_starts,
            name_text: self.name_text,
            whole_counts: None,
        }
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

    /// `ix` as the index of `m`, when it was built from `m`'s tasks ([`IndexBuilder`]).
    pub fn set(&self, m: Parts<'_>, ix: Index) {
        if ix.shape == Shape::of(m) && ix.task_starts.len() == m.tasks.len() + 1 {
            *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(ix));
        }
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

    /// The index a load puts together a document at a time, as it merges them, is the one
    /// built from the merged model in one pass: the same names in the same order, the same
    /// duties, counts and assignees of every task.
    #[test]
    fn an_index_built_as_documents_merge_is_the_whole_index() {
        let seeds = || {
            (crate::sources::BUILTIN.iter()).map(|b| {
                crate::extract::read(b.name, b.bytes, None)
                    .expect("seed reads")
                    .model
            })
        };
        let mut m = crate::model::Model::default();
        let mut merger = crate::model::Merger::new(&m);
        // Every seed twice: a document id met again is renamed, its tasks indexed anew.
        for seed in seeds().chain(seeds()) {
            merger.add(&mut m, seed);
        }
        let whole = super::Index::build(m.parts());
        let placed =
            |m: &crate::model::Model| m.index.0.lock().map(|s| s.is_some()).unwrap_or(false);
        assert!(!placed(&m));
        merger.finish(&m);
        // Put in place by the merger, not built on first use.
        assert!(placed(&m));
        let joined = m.index();
        assert!(m.tasks.len() > 80 && whole.name_text.len() > 20);
        assert_eq!(joined.name_text, whole.name_text);
        assert_eq!(joined.names, whole.names);
        assert_eq!(joined.duties, whole.duties);
        assert_eq!(joined.counts, whole.counts);
        assert_eq!(joined.task_names, whole.task_names);
        assert_eq!(joined.task_starts, whole.task_starts);
        assert_eq!(joined.unit_pos, whole.unit_pos);
        assert_eq!(joined.doc_pos, whole.doc_pos);
        // A model that had tasks before the merger met it builds its own index.
        let mut more = m.clone();
        let mut merger = crate::model::Merger::new(&more);
        merger.add(&mut more, seeds().next().expect("a seed"));
        merger.finish(&more);
        assert!(!placed(&more));
        assert_eq!(more.index().task_starts.len(), more.tasks.len() + 1);
    }
}
