//! The state in force of every (task, unit) a snapshot holds, grouped by task. A view asks for
//! a task's units together (a task's light, the report's every assignment in model order), so
//! a task is found once and its few units compared in place, rather than every pair hashed and
//! probed (at 100,000 pairs the probes were a third of the report's build).

use crate::light::Status;
use crate::store::Change;
use dutymatrix_reader::shared_str::SharedStr;
use std::sync::Arc;

/// The state of one (task, unit) in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// None: records exist, but every status was undone.
    pub status: Option<Status>,
    /// The latest note, with its date and writer.
    pub note: Option<Arc<Change>>,
    pub last_row: i64,
}

/// A task's entries, by unit.
pub type TaskEntries = Vec<(Arc<str>, Entry)>;

/// (task id, unit) → state, by task id, then unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entries {
    /// Keyed by the task's own id where there is one (a whole read: no copy of 50,000 ids).
    by_task: hashbrown::HashMap<SharedStr, TaskEntries>,
    pairs: usize,
}

impl Entries {
    pub fn with_capacity(tasks: usize) -> Entries {
        Entries {
            by_task: hashbrown::HashMap::with_capacity(tasks),
            pairs: 0,
        }
    }

    /// How many (task, unit) pairs.
    pub fn len(&self) -> usize {
        self.pairs
    }

    pub fn is_empty(&self) -> bool {
        self.pairs == 0
    }

    pub fn get(&self, task_id: &str, unit: &str) -> Option<&Entry> {
        unit_in(self.of_task(task_id), unit)
    }

    /// The entries of one task, by unit (none when nothing is recorded for it).
    pub fn of_task(&self, task_id: &str) -> &[(Arc<str>, Entry)] {
        if self.pairs == 0 {
            return &[];
        }
        self.by_task.get(task_id).map_or(&[], Vec::as_slice)
    }

    /// Puts `entry` in for (task, unit), in place of what was there.
    pub fn insert(&mut self, task_id: &str, unit: Arc<str>, entry: Entry) {
        self.put(task_id, unit, entry, |_, _| true);
    }

    /// Puts `entry` in for (task, unit) unless the entry there was written later: two keys of
    /// one task (an edited document), the newer state wins.
    pub fn insert_newer(&mut self, task_id: &str, unit: Arc<str>, entry: Entry) {
        self.put(task_id, unit, entry, |old, new| {
            old.last_row <= new.last_row
        });
    }

    fn put(
        &mut self,
        task_id: &str,
        unit: Arc<str>,
        entry: Entry,
        replaces: impl Fn(&Entry, &Entry) -> bool,
    ) {
        let Some(units) = self.by_task.get_mut(task_id) else {
            self.by_task
                .insert(SharedStr::from(task_id), vec![(unit, entry)]);
            self.pairs += 1;
            return;
        };
        match units.binary_search_by(|(u, _)| (**u).cmp(&*unit)) {
            Ok(at) => {
                if replaces(&units[at].1, &entry) {
                    units[at].1 = entry;
                }
            }
            Err(at) => {
                units.insert(at, (unit, entry));
                self.pairs += 1;
            }
        }
    }

    /// Puts in one task's entries at once (its units in any order; of a unit given twice, the
    /// later written wins): one look-up for the task, not one per pair.
    pub(crate) fn insert_task(&mut self, task_id: &SharedStr, mut units: TaskEntries) {
        units.sort_by(|(a, x), (b, y)| a.cmp(b).then(x.last_row.cmp(&y.last_row)));
        // Of equal units the last, the newest, stays.
        units.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                std::mem::swap(later, earlier);
            }
            same
        });
        if self.by_task.contains_key(task_id) {
            for (unit, entry) in units {
                self.insert_newer(task_id, unit, entry);
            }
            return;
        }
        self.pairs += units.len();
        self.by_task.insert(task_id.clone(), units);
    }

    /// Keeps only the tasks `keep` says yes to.
    pub fn retain_tasks(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let pairs = &mut self.pairs;
        self.by_task.retain(|task, units| {
            let kept = keep(task);
            if !kept {
                *pairs -= units.len();
            }
            kept
        });
    }

    /// Every pair of `other` in place of this one's.
    pub fn extend(&mut self, other: Entries) {
        for (task, units) in other.by_task {
            for (unit, entry) in units {
                self.insert(&task, unit, entry);
            }
        }
    }

    /// Every (task id, unit, entry).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &Entry)> {
        (self.by_task.iter())
            .flat_map(|(task, units)| units.iter().map(move |(u, e)| (&**task, &**u, e)))
    }

    pub fn values(&self) -> impl Iterator<Item = &Entry> {
        self.iter().map(|(_, _, e)| e)
    }
}

/// `unit`'s entry among a task's.
pub fn unit_in<'a>(units: &'a [(Arc<str>, Entry)], unit: &str) -> Option<&'a Entry> {
    let at = units.binary_search_by(|(u, _)| (**u).cmp(unit)).ok()?;
    Some(&units[at].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(last_row: i64) -> Entry {
        Entry {
            status: None,
            note: None,
            last_row,
        }
    }

    /// A task's units put in at once or one by one give the same entries: by unit, the later
    /// written of a unit given twice kept, every pair counted once, and gone with its task.
    #[test]
    fn a_task_put_in_whole_is_the_task_put_in_pair_by_pair() {
        let units = [
            ("市民政局", 7),
            ("市财政局", 3),
            ("市民政局", 9),
            ("市民政局", 2),
        ];
        let mut whole = Entries::default();
        whole.insert_task(
            &"plan/1.1".into(),
            (units.iter())
                .map(|&(u, row)| (Arc::from(u), entry(row)))
                .collect(),
        );
        let mut by_pair = Entries::default();
        for (u, row) in units {
            by_pair.insert_newer("plan/1.1", u.into(), entry(row));
        }
        assert_eq!(whole, by_pair);
        assert_eq!(whole.len(), 2);
        assert_eq!(
            whole.get("plan/1.1", "市民政局").map(|e| e.last_row),
            Some(9)
        );
        let order: Vec<&str> = whole
            .of_task("plan/1.1")
            .iter()
            .map(|(u, _)| &**u)
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
        whole.insert_task(&"plan/1.2".into(), vec![("市民政局".into(), entry(1))]);
        whole.retain_tasks(|t| t != "plan/1.1");
        assert_eq!(whole.len(), 1);
        assert_eq!(whole.get("plan/1.1", "市民政局"), None);
    }
}
