//! What a folder's cache prepares for the dashboard's first frame, so that the frame is drawn
//! without decoding the folder: the folder's units merged as a load merges them, each assignee
//! name's tasks counted by role, and the first entries that hold each name's tasks. Built from
//! the models as they are merged whenever the cache is written from a load of every entry,
//! and trusted only while every entry is current (see [`super::front`]).

use crate::domain::{Level, Role, RoleCounts, Task, Unit};
use crate::model::UnitTable;
use foldhash::{HashMap, HashMapExt};
use serde::{Deserialize, Serialize};

/// How many of a name's tasks its listed entries cover: a first frame as many rows high needs
/// no other entry decoded. A taller terminal is drawn from the whole model.
pub const COVERED: u32 = 256;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Prepared {
    pub units: Vec<PreparedUnit>,
    pub names: Vec<PreparedName>,
    /// The entries that hold why a document could not be read: the status line tells them.
    pub failed: Vec<u32>,
}

/// Every entry that holds each name's tasks (deltas from the entry before, in the order of
/// [`Prepared::names`]), after the summary in the same piece: what `duties` reads for one unit,
/// and the first frame skips.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Postings {
    names: Vec<Vec<u32>>,
}

impl Postings {
    /// The entries of the `i`th name, in order.
    pub fn entries(&self, i: usize) -> Option<Vec<u32>> {
        let mut at = 0u32;
        let deltas = self.names.get(i)?;
        deltas
            .iter()
            .map(|&d| {
                at = at.checked_add(d)?;
                Some(at)
            })
            .collect()
    }
}

/// The summary and the postings after it, as the cache's piece holds them.
pub(crate) fn encode(prepared: &Prepared, postings: &Postings) -> Option<Vec<u8>> {
    let mut out = postcard::to_allocvec(prepared).ok()?;
    out.extend(postcard::to_allocvec(postings).ok()?);
    Some(out)
}

/// A [`Unit`] as postcard can keep it (the model's own skips a field when false, which a
/// format without field names cannot read back).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PreparedUnit {
    id: String,
    name: String,
    aliases: Vec<String>,
    level: Level,
    collective: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PreparedName {
    pub name: String,
    /// Lead, support, responsible, data provider: as [`crate::index::Index::role_counts`].
    pub counts: [u32; 4],
    /// The entries (positions in the cache's contents) that hold its first [`COVERED`] tasks,
    /// each with how many of them it holds, in order.
    pub entries: Vec<(u32, u32)>,
}

impl PreparedName {
    pub fn role_counts(&self) -> RoleCounts {
        let [lead, support, responsible, data_provider] = self.counts.map(|n| n as usize);
        RoleCounts {
            lead,
            support,
            responsible,
            data_provider,
        }
    }

    fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// The entries that hold the name's first `rows` tasks; None when they are not listed
    /// (more than [`COVERED`] asked of a name with more).
    pub fn entries_for(&self, rows: u32) -> Option<Vec<u32>> {
        let mut covered = 0;
        let mut out = Vec::new();
        for &(entry, n) in &self.entries {
            if covered >= rows {
                break;
            }
            out.push(entry);
            covered += n;
        }
        (covered >= rows.min(self.total())).then_some(out)
    }
}

impl PreparedUnit {
    pub fn unit(&self) -> Unit {
        Unit {
            id: self.id.clone(),
            name: self.name.clone(),
            aliases: self.aliases.clone(),
            level: self.level,
            collective: self.collective,
        }
    }
}

/// A [`Prepared`] put together entry by entry, in the order a load merges them.
#[derive(Default)]
pub(crate) struct PreparedBuilder {
    units: UnitTable,
    names: HashMap<String, usize>,
    out: Vec<PreparedName>,
    /// How many of each name's tasks its entries cover so far.
    covered: Vec<u32>,
    /// Each name's entries so far, as deltas, and the last one.
    all: Vec<(Vec<u32>, Option<u32>)>,
    failed: Vec<u32>,
}

impl PreparedBuilder {
    /// The model of the entry at `entry`: its units and its tasks' assignees.
    pub fn add(&mut self, entry: usize, units: &[Unit], tasks: &[Task]) {
        self.units.merge(units.iter().cloned());
        let entry = entry as u32;
        for t in tasks {
            each_duty(t, |name, role| {
                let i = match self.names.get(name) {
                    Some(&i) => i,
                    None => {
                        self.names.insert(name.to_string(), self.out.len());
                        self.out.push(PreparedName {
                            name: name.to_string(),
                            counts: [0; 4],
                            entries: Vec::new(),
                        });
                        self.covered.push(0);
                        self.all.push((Vec::new(), None));
                        self.out.len() - 1
                    }
                };
                let (Some(p), Some(covered)) = (self.out.get_mut(i), self.covered.get_mut(i))
                else {
                    return;
                };
                if let Some((deltas, last)) = self.all.get_mut(i)
                    && *last != Some(entry)
                {
                    deltas.push(entry - last.unwrap_or(0));
                    *last = Some(entry);
                }
                if *covered < COVERED {
                    *covered += 1;
                    match p.entries.last_mut() {
                        Some(last) if last.0 == entry => last.1 += 1,
                        _ => p.entries.push((entry, 1)),
                    }
                }
                let slot = match role {
                    Role::Lead => 0,
                    Role::Support => 1,
                    Role::Responsible => 2,
                    Role::DataProvider => 3,
                };
                if let Some(c) = p.counts.get_mut(slot) {
                    *c += 1;
                }
            });
        }
    }

    /// The entry at `entry` holds why its document could not be read.
    pub fn failed(&mut self, entry: usize) {
        self.failed.push(entry as u32);
    }

    /// The summary, and every entry of each name.
    pub fn finish(self) -> (Prepared, Postings) {
        let postings = Postings {
            names: self.all.into_iter().map(|(d, _)| d).collect(),
        };
        let prepared = Prepared {
            units: (self.units.into_units().into_iter())
                .map(|u| PreparedUnit {
                    id: u.id,
                    name: u.name,
                    aliases: u.aliases,
                    level: u.level,
                    collective: u.collective,
                })
                .collect(),
            names: self.out,
            failed: self.failed,
        };
        (prepared, postings)
    }
}

/// Each assignee of `t` once, with its role where first named: a name written twice in one
/// task is one task of its, in the role written first (as the index counts it).
pub(crate) fn each_duty(t: &Task, mut f: impl FnMut(&str, Role)) {
    for (k, a) in t.assignments.iter().enumerate() {
        let name = a.unit.as_str();
        let earlier = t.assignments.get(..k).unwrap_or_default();
        if !earlier.iter().any(|b| b.unit.as_str() == name) {
            f(name, a.role);
        }
    }
}

/// Counts by name over `tasks`, as [`PreparedBuilder`] and the index count them.
pub(crate) fn add_counts(into: &mut HashMap<Box<str>, RoleCounts>, tasks: &[Task]) {
    for t in tasks {
        each_duty(t, |name, role| match into.get_mut(name) {
            Some(c) => c.add(role),
            None => into.entry(name.into()).or_default().add(role),
        });
    }
}

/// An empty table of counts by name.
pub(crate) fn counts_table() -> HashMap<Box<str>, RoleCounts> {
    HashMap::with_capacity(256)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Assignment, TaskKind};
    use crate::index::Index;
    use crate::model::Model;

    fn task(n: &str, assignments: &[(&str, Role)]) -> Task {
        Task {
            id: format!("d/{n}").into(),
            document: "d".into(),
            section: Default::default(),
            number: n.into(),
            kind: TaskKind::Task,
            title: n.into(),
            title_simplified: Default::default(),
            text: Default::default(),
            text_simplified: Default::default(),
            annotation: None,
            assignments: (assignments.iter())
                .map(|&(unit, role)| Assignment {
                    unit: unit.into(),
                    role,
                })
                .collect(),
            deadline: None,
            lines: [1, 1],
            at: None,
        }
    }

    /// A name written twice in one task is one task of its, in the role written first: the
    /// summary counts as the index does, and lists the entries of a name's first tasks.
    #[test]
    fn the_summary_counts_as_the_index_and_lists_the_first_entries() {
        use Role::{Lead, Responsible, Support};
        let entries = [
            vec![
                task(
                    "1",
                    &[
                        ("市民政局", Lead),
                        ("市财政局", Support),
                        ("市民政局", Support),
                    ],
                ),
                task("2", &[("市财政局", Responsible)]),
            ],
            vec![task("1", &[("市民政局", Support), ("市卫生健康委", Lead)])],
            vec![task("1", &[("市财政局", Lead)])],
        ];
        let mut b = PreparedBuilder::default();
        for (i, tasks) in entries.iter().enumerate() {
            b.add(i, &[], tasks);
        }
        let (p, postings) = b.finish();
        let all: Vec<Task> = entries.into_iter().flatten().collect();
        let model = Model {
            tasks: all,
            ..Model::default()
        };
        let ix = Index::build(model.parts());
        let mut counted = counts_table();
        add_counts(&mut counted, &model.tasks);
        for n in &p.names {
            assert_eq!(n.role_counts(), ix.role_counts(&n.name), "{}", n.name);
            assert_eq!(counted.get(n.name.as_str()), Some(&ix.role_counts(&n.name)));
        }
        let of = |name: &str| p.names.iter().find(|n| n.name == name).expect(name);
        assert_eq!(of("市民政局").counts, [1, 1, 0, 0]);
        assert_eq!(of("市民政局").entries, [(0, 1), (1, 1)]);
        assert_eq!(of("市财政局").entries, [(0, 2), (2, 1)]);
        assert_eq!(of("市财政局").entries_for(2), Some(vec![0]));
        assert_eq!(of("市财政局").entries_for(3), Some(vec![0, 2]));
        assert_eq!(
            of("市财政局").entries_for(24),
            Some(vec![0, 2]),
            "all it has"
        );
        let at = |name: &str| p.names.iter().position(|n| n.name == name).expect(name);
        assert_eq!(postings.entries(at("市财政局")), Some(vec![0, 2]));
        assert_eq!(postings.entries(at("市卫生健康委")), Some(vec![1]));
        assert_eq!(postings.entries(at("市民政局")), Some(vec![0, 1]));
    }
}
