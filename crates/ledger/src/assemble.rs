//! A snapshot put together from the state in force: each pair on today's task, or among the
//! orphans when its task is gone.

use crate::link::Links;
use crate::snapshot::{self, Entry, Orphan, Snapshot};
use crate::store::{self, ChangeMark};
use dutymatrix_reader::model::Model;
use std::collections::HashMap;
use std::sync::Arc;

/// A snapshot of the pairs `current` read, each put on today's task by `links`.
pub(crate) fn assemble(
    model: &Model,
    links: Links,
    current: Vec<store::Current>,
    mark: ChangeMark,
) -> Snapshot {
    let mut assembly = Assembly::new(&links, current.len());
    for c in current {
        assembly.add(model, &links, c);
    }
    assembly.finish(model, links, mark)
}

/// A snapshot of every pair the `parts` bring, linked by `keys`: the keys are linked first, then
/// each part's pairs are taken as it arrives (while the store reads the next).
pub(crate) fn assemble_parts(
    model: &Model,
    keys: &[store::TaskKey],
    mark: ChangeMark,
    parts: impl IntoIterator<Item = Vec<store::Current>>,
) -> Snapshot {
    let links = crate::link::link(model, keys);
    // Most keys have a pair or two: a start that spares most of the regrowth.
    let mut assembly = Assembly::new(&links, 2 * keys.len());
    for part in parts {
        for c in part {
            assembly.add(model, &links, c);
        }
    }
    assembly.finish(model, links, mark)
}

/// A snapshot being put together from the state in force: pairs added one by one, put on
/// their tasks at [`Assembly::finish`].
pub(crate) struct Assembly {
    /// (task index, unit, entry) as read: put in order of the tasks at the end, so that each
    /// task is looked at once and in the model's order (read in the store's order, every pair
    /// went to a task somewhere else in memory: a fifth of the assembly at 100,000 pairs).
    pairs: Vec<(usize, Arc<str>, Entry)>,
    orphans: Vec<Orphan>,
    /// Orphaned key id → its place in `Links::orphans`.
    orphan_at: HashMap<i64, usize>,
}

impl Assembly {
    pub(crate) fn new(links: &Links, pairs: usize) -> Assembly {
        Assembly {
            pairs: Vec::with_capacity(pairs),
            orphans: Vec::new(),
            orphan_at: (links.orphans.iter().enumerate())
                .map(|(i, k)| (k.id, i))
                .collect(),
        }
    }

    pub(crate) fn add(&mut self, model: &Model, links: &Links, c: store::Current) {
        let entry = Entry {
            status: c.status.as_ref().and_then(|s| s.status),
            status_change: c.status,
            note: c.note,
            last_row: c.last_row,
        };
        match (links.task_of_key.get(&c.key)).filter(|&&i| i < model.tasks.len()) {
            Some(&i) => self.pairs.push((i, c.unit, entry)),
            None => {
                if let Some(key) = self.orphan_at.get(&c.key).map(|&i| &links.orphans[i]) {
                    self.orphans.push(Orphan {
                        key: key.clone(),
                        unit: String::from(&*c.unit),
                        entry,
                    });
                }
            }
        }
    }

    pub(crate) fn finish(mut self, model: &Model, links: Links, mark: ChangeMark) -> Snapshot {
        let (pairs, tasks) = by_task(self.pairs, |p| p.0, model.tasks.len());
        let mut entries = snapshot::Entries::with_capacity(tasks);
        let mut pairs = pairs.into_iter().peekable();
        while let Some((i, unit, entry)) = pairs.next() {
            let mut units = vec![(unit, entry)];
            while let Some((_, unit, entry)) = pairs.next_if(|p| p.0 == i) {
                units.push((unit, entry));
            }
            // Two keys for one task (an edited document): the newer state wins.
            entries.insert_task(&model.tasks[i].id, units);
        }
        // By unit, then key, whatever order the store read the pairs in.
        (self.orphans).sort_by(|a, b| (&a.unit, a.key.id).cmp(&(&b.unit, b.key.id)));
        Snapshot {
            entries,
            orphans: self.orphans,
            links,
            mark: Some(mark),
            seen: None,
        }
    }
}

/// `pairs` in order of their tasks (`task` of each, an index below `tasks`; of one task, in
/// the order read), and how many tasks have any: counted, then each put in its place, rather
/// than sorted by comparing (a tenth of the assembly at 100,000 pairs).
fn by_task<T>(pairs: Vec<T>, task: impl Fn(&T) -> usize, tasks: usize) -> (Vec<T>, usize) {
    let mut start = vec![0usize; tasks + 1];
    for pair in &pairs {
        start[task(pair) + 1] += 1;
    }
    let held = start.iter().filter(|&&n| n > 0).count();
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(pairs.len()).collect();
    for pair in pairs {
        let at = &mut start[task(&pair)];
        slots[*at] = Some(pair);
        *at += 1;
    }
    (slots.into_iter().flatten().collect(), held)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::light::Status;
    use crate::link::Links;
    use crate::store::{Change, Current, TaskKey};
    use dutymatrix_reader::model::{Assignment, Role, Task, TaskKind};

    /// A task of document `plan` with these units as leads, no deadline.
    pub(crate) fn task(id: &str, units: &[&str]) -> Task {
        Task {
            id: id.into(),
            document: "plan".into(),
            section: Default::default(),
            number: id.into(),
            kind: TaskKind::Task,
            title: id.into(),
            title_simplified: id.into(),
            text: Default::default(),
            text_simplified: Default::default(),
            annotation: None,
            assignments: (units.iter())
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

    fn pair(key: i64, unit: &str, row: i64, status: Status) -> Current {
        let change = Change {
            id: row,
            key,
            unit: unit.into(),
            status: Some(status),
            note: None,
            note_date: None,
            who: "alice".into(),
            uid: 1000,
            at: chrono::DateTime::UNIX_EPOCH,
            undoes: None,
            undone: false,
        };
        Current {
            key,
            unit: unit.into(),
            status: Some(Arc::new(change)),
            note: None,
            last_row: row,
        }
    }

    fn orphan_key(id: i64) -> TaskKey {
        TaskKey {
            id,
            document: "plan".into(),
            task_id: format!("plan/9.{id}"),
            number: String::new(),
            fingerprint: String::new(),
            title: String::new(),
        }
    }

    #[test]
    fn pairs_go_in_task_order_keeping_the_order_read() {
        let pairs = vec![(3, 'a'), (0, 'b'), (3, 'c'), (1, 'd'), (0, 'e')];
        let (sorted, held) = by_task(pairs, |p| p.0, 5);
        assert_eq!(sorted, [(0, 'b'), (0, 'e'), (1, 'd'), (3, 'a'), (3, 'c')]);
        assert_eq!(held, 3);
        assert_eq!(
            by_task(Vec::<(usize, char)>::new(), |p| p.0, 0),
            (vec![], 0)
        );
    }

    /// Pairs in no order, as a server hands them: two keys of one task (an edited document)
    /// with the newer state read first, and orphans of units and keys out of order. The
    /// snapshot keeps the newer state and orders the orphans by unit, then key.
    #[test]
    fn pairs_read_in_any_order_give_the_newer_state_and_orphans_by_unit_then_key() {
        let model = Model {
            tasks: vec![
                task("plan/1.1", &["市民政局"]),
                task("plan/1.2", &["市财政局"]),
            ],
            ..Model::default()
        };
        let links = Links {
            task_of_key: [(1, 0), (2, 1), (3, 0)].into_iter().collect(),
            orphans: vec![orphan_key(7), orphan_key(8)],
        };
        let mut assembly = Assembly::new(&links, 0);
        for c in [
            pair(8, "市民政局", 40, Status::Doing),
            pair(3, "市民政局", 30, Status::Done),
            pair(2, "市财政局", 20, Status::Paused),
            pair(7, "市民政局", 35, Status::Doing),
            pair(7, "市教育局", 36, Status::Doing),
            pair(1, "市民政局", 10, Status::Doing),
        ] {
            assembly.add(&model, &links, c);
        }
        let snap = assembly.finish(&model, links, ChangeMark::default());
        assert_eq!(snap.entries.len(), 2);
        assert_eq!(snap.status("plan/1.1", "市民政局"), Some(Status::Done));
        assert_eq!(snap.status("plan/1.2", "市财政局"), Some(Status::Paused));
        let orphans: Vec<(&str, i64)> = (snap.orphans.iter())
            .map(|o| (o.unit.as_str(), o.key.id))
            .collect();
        assert_eq!(orphans, [("市教育局", 7), ("市民政局", 7), ("市民政局", 8)]);
    }
}
