//! A snapshot put together from the state in force: each pair on today's task, or among the
//! orphans when its task is gone.

use crate::link::Links;
use crate::snapshot::{self, Entry, Orphan, Snapshot};
use crate::store::{self, ChangeMark};
use dutymatrix_reader::model::{Model, Task};
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
    assembly.finish(links, mark)
}

/// A snapshot of every pair the `parts` bring, linked by `keys`: the keys are linked first, then
/// each part is put in place as it arrives (while the store reads the next).
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
    assembly.finish(links, mark)
}

/// A snapshot being put together from the state in force, pair by pair.
pub(crate) struct Assembly {
    entries: snapshot::Entries,
    orphans: Vec<Orphan>,
    /// Orphaned key id → its place in `Links::orphans`.
    orphan_at: HashMap<i64, usize>,
    /// Task index → its id as the entries' keys hold it: one copy for all of a task's units
    /// (and a report's look-ups of a task's units find its bytes in cache after the first).
    task_ids: Vec<Option<Arc<str>>>,
}

impl Assembly {
    pub(crate) fn new(links: &Links, pairs: usize) -> Assembly {
        Assembly {
            entries: snapshot::Entries::with_capacity(pairs),
            orphans: Vec::new(),
            orphan_at: (links.orphans.iter().enumerate())
                .map(|(i, k)| (k.id, i))
                .collect(),
            task_ids: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, model: &Model, links: &Links, c: store::Current) {
        let entry = Entry {
            status: c.status.as_ref().and_then(|s| s.status),
            status_change: c.status,
            note: c.note,
            last_row: c.last_row,
        };
        let task = (links.task_of_key.get(&c.key)).and_then(|&i| Some((i, model.tasks.get(i)?)));
        match task {
            Some((i, task)) => {
                let id = self.task_id(i, task);
                match self.entries.entry((id, c.unit)) {
                    // Two keys for one task (an edited document): the newer state wins.
                    hashbrown::hash_map::Entry::Occupied(mut old) => {
                        if old.get().last_row <= entry.last_row {
                            old.insert(entry);
                        }
                    }
                    hashbrown::hash_map::Entry::Vacant(slot) => {
                        slot.insert(entry);
                    }
                }
            }
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

    /// The id of task `i`, shared with the entries of its other units.
    fn task_id(&mut self, i: usize, task: &Task) -> Arc<str> {
        if self.task_ids.len() <= i {
            self.task_ids.resize(i + 1, None);
        }
        let id = &mut self.task_ids[i];
        Arc::clone(id.get_or_insert_with(|| Arc::from(task.id.as_str())))
    }

    pub(crate) fn finish(mut self, links: Links, mark: ChangeMark) -> Snapshot {
        // By unit, then key, whatever order the store read the pairs in.
        (self.orphans).sort_by(|a, b| (&a.unit, a.key.id).cmp(&(&b.unit, b.key.id)));
        Snapshot {
            entries: self.entries,
            orphans: self.orphans,
            links,
            mark: Some(mark),
            seen: None,
        }
    }
}
