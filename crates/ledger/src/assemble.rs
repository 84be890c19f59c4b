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
    let mut assembly = Assembly::new(&links);
    assembly.add(model, &links, current);
    assembly.finish(model, links, mark)
}

/// A snapshot of every pair the `parts` bring, each put on today's task by `links`: each part's
/// pairs are taken as it arrives (while the store reads the next).
pub(crate) fn assemble_parts(
    model: &Model,
    links: Links,
    mark: ChangeMark,
    parts: impl IntoIterator<Item = Vec<store::Current>>,
) -> Snapshot {
    let mut assembly = Assembly::new(&links);
    for part in parts {
        assembly.add(model, &links, part);
    }
    assembly.finish(model, links, mark)
}

/// A pair read, put on a task: (task index, (unit, entry)).
type Placed = (usize, (Arc<str>, Entry));

/// A snapshot being put together from the state in force: pairs added part by part as read,
/// put on their tasks at [`Assembly::finish`].
pub(crate) struct Assembly {
    /// The pairs read, each part as the store handed it over: kept apart, not gathered into
    /// one list that grew by copying 100,000 pairs into fresh pages on the way.
    parts: Vec<Vec<Placed>>,
    orphans: Vec<Orphan>,
    /// Orphaned key id → its place in `Links::orphans`.
    orphan_at: HashMap<i64, usize>,
}

impl Assembly {
    pub(crate) fn new(links: &Links) -> Assembly {
        Assembly {
            parts: Vec::new(),
            orphans: Vec::new(),
            orphan_at: (links.orphans.iter().enumerate())
                .map(|(i, k)| (k.id, i))
                .collect(),
        }
    }

    /// The pairs of one part read.
    pub(crate) fn add(&mut self, model: &Model, links: &Links, part: Vec<store::Current>) {
        let mut placed = Vec::with_capacity(part.len());
        for c in part {
            let entry = Entry {
                status: c.status,
                note: c.note,
                last_row: c.last_row,
            };
            match (links.task_of_key.get(&c.key)).filter(|&&i| i < model.tasks.len()) {
                Some(&i) => placed.push((i, (c.unit, entry))),
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
        self.parts.push(placed);
    }

    pub(crate) fn finish(mut self, model: &Model, links: Links, mark: ChangeMark) -> Snapshot {
        let of_tasks = by_task(self.parts, model.tasks.len());
        let held = of_tasks.iter().filter(|units| !units.is_empty()).count();
        let mut entries = snapshot::Entries::with_capacity(held);
        for (i, units) in of_tasks.into_iter().enumerate() {
            if !units.is_empty() {
                // Two keys for one task (an edited document): the newer state wins.
                entries.insert_task(&model.tasks[i].id, units);
            }
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

/// What `parts` put on each task (an index below `tasks`), each task's in the order read:
/// counted first, so that each task's list is made once at its size and every pair moved once
/// (a sort by comparing was a tenth of the assembly at 100,000 pairs).
fn by_task<U>(parts: Vec<Vec<(usize, U)>>, tasks: usize) -> Vec<Vec<U>> {
    let mut counts = vec![0usize; tasks];
    for (task, _) in parts.iter().flatten() {
        counts[*task] += 1;
    }
    // An empty list takes no memory: only the tasks that have pairs allocate.
    let mut of_tasks: Vec<Vec<U>> = counts.into_iter().map(Vec::with_capacity).collect();
    for (task, pair) in parts.into_iter().flatten() {
        of_tasks[task].push(pair);
    }
    of_tasks
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::light::Status;
    use crate::link::Links;
    use crate::store::{Current, TaskKey};
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
        Current {
            key,
            unit: unit.into(),
            status_row: Some(row),
            status: Some(status),
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
        let parts = vec![
            vec![(3, 'a'), (0, 'b')],
            vec![],
            vec![(3, 'c'), (1, 'd'), (0, 'e')],
        ];
        assert_eq!(
            by_task(parts, 5),
            [vec!['b', 'e'], vec!['d'], vec![], vec!['a', 'c'], vec![]]
        );
        assert!(by_task(Vec::<Vec<(usize, char)>>::new(), 0).is_empty());
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
            ..Links::default()
        };
        let mut assembly = Assembly::new(&links);
        // In two parts, the newer state of plan/1.1 in the first, the older in the second.
        assembly.add(
            &model,
            &links,
            vec![
                pair(8, "市民政局", 40, Status::Doing),
                pair(3, "市民政局", 30, Status::Done),
                pair(2, "市财政局", 20, Status::Paused),
            ],
        );
        assembly.add(
            &model,
            &links,
            vec![
                pair(7, "市民政局", 35, Status::Doing),
                pair(7, "市教育局", 36, Status::Doing),
                pair(1, "市民政局", 10, Status::Doing),
            ],
        );
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
