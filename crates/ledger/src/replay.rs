//! What is in force per (task key, unit), worked out by replaying the whole history from its
//! first row: the reference a store's kept current-state table is checked against (`ledger
//! verify`, and the tests). Knows no store: any store feeds it its rows.
//!
//! The rules, which a store's table must keep row by row:
//! - a row is *cancelled* when any undo row names it; undo rows themselves set nothing;
//! - `status_row` is the newest row with a status that is neither an undo nor cancelled, and
//!   `note_row` the same for notes;
//! - `last_row` is the newest row of any kind for the pair, an undo included.

use std::collections::{BTreeMap, HashSet};

/// What a replay needs of one history row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact<'a> {
    pub id: i64,
    pub key: i64,
    pub unit: &'a str,
    pub has_status: bool,
    pub has_note: bool,
    /// For an undo: the row it cancels.
    pub undoes: Option<i64>,
}

/// The ids in force for one (task key, unit): what a store keeps, and what a replay derives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InForce {
    pub last_row: i64,
    pub status_row: Option<i64>,
    pub note_row: Option<i64>,
}

/// Every pair with history, keyed by (task key, unit).
pub type State = BTreeMap<(i64, String), InForce>;

/// A replay fed one row at a time, oldest first, so a store can stream a long history through
/// it without holding the rows.
#[derive(Debug, Default)]
pub struct Replay {
    cancelled: HashSet<i64>,
    state: State,
}

impl Replay {
    /// `cancelled`: every row id some undo row names (a first pass over the undo rows).
    pub fn new(cancelled: impl IntoIterator<Item = i64>) -> Replay {
        Replay {
            cancelled: cancelled.into_iter().collect(),
            state: State::new(),
        }
    }

    /// The next row; rows must come in ascending id order.
    pub fn row(&mut self, r: &Fact<'_>) {
        let slot = self
            .state
            .entry((r.key, r.unit.to_string()))
            .or_insert(InForce {
                last_row: r.id,
                status_row: None,
                note_row: None,
            });
        slot.last_row = r.id;
        if r.undoes.is_some() || self.cancelled.contains(&r.id) {
            return;
        }
        if r.has_status {
            slot.status_row = Some(r.id);
        }
        if r.has_note {
            slot.note_row = Some(r.id);
        }
    }

    pub fn finish(self) -> State {
        self.state
    }
}

/// Replays `rows` (every history row, in any order) into the state of every pair.
pub fn replay(rows: &[Fact<'_>]) -> State {
    let mut ordered: Vec<&Fact<'_>> = rows.iter().collect();
    ordered.sort_by_key(|r| r.id);
    let mut replay = Replay::new(rows.iter().filter_map(|r| r.undoes));
    for r in ordered {
        replay.row(r);
    }
    replay.finish()
}

/// The first pair where `kept` and `replayed` disagree, if any.
pub fn first_difference(kept: &State, replayed: &State) -> Option<(i64, String)> {
    kept.keys()
        .chain(replayed.keys())
        .filter(|k| kept.get(*k) != replayed.get(*k))
        .min()
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(id: i64, key: i64, unit: &str, s: bool, n: bool, undoes: Option<i64>) -> Fact<'_> {
        Fact {
            id,
            key,
            unit,
            has_status: s,
            has_note: n,
            undoes,
        }
    }

    #[test]
    fn an_undo_hands_the_status_back_to_the_row_before() {
        let rows = [
            fact(1, 7, "甲", true, true, None),
            fact(2, 7, "甲", true, false, None),
            fact(3, 7, "乙", false, true, None),
            fact(4, 7, "甲", false, false, Some(2)),
        ];
        let s = replay(&rows);
        assert_eq!(
            s[&(7, "甲".to_string())],
            InForce {
                last_row: 4,
                status_row: Some(1),
                note_row: Some(1)
            }
        );
        assert_eq!(
            s[&(7, "乙".to_string())],
            InForce {
                last_row: 3,
                status_row: None,
                note_row: Some(3)
            }
        );
        let mut kept = s.clone();
        kept.insert(
            (7, "甲".to_string()),
            InForce {
                last_row: 4,
                status_row: Some(2),
                note_row: Some(1),
            },
        );
        let d = first_difference(&kept, &s);
        assert_eq!(d, Some((7, "甲".to_string())));
        assert_eq!(first_difference(&s, &s), None);
    }
}
