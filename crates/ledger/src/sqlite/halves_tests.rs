//! The pairs read on two connections at once are the pairs read on one, and a write between
//! the two beginnings is never half seen.

use super::kept_tests::{Op, create, filled, play};
use crate::store::Current;

fn by_pair(mut pairs: Vec<Current>) -> Vec<Current> {
    pairs.sort_by(|a, b| (&a.unit, a.key).cmp(&(&b.unit, b.key)));
    pairs
}

#[test]
fn two_halves_read_at_once_are_the_pairs_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite3");
    let store = filled(&path, 1500, |unit| unit != 1);
    let before = store.current(None).unwrap();
    let read = |between: &dyn Fn()| {
        let mut parts = Vec::new();
        let beside = store.reader().unwrap().unwrap();
        store
            .halves(beside, between, &mut |part| {
                parts.extend(part);
                true
            })
            .unwrap();
        parts
    };
    assert_eq!(by_pair(read(&|| {})), before);
    // A record committed by another writer after this read began and before the other did:
    // both halves are read here, as this read found the ledger.
    let writer = std::cell::RefCell::new(create(&path));
    let write = || {
        let op = Op::Record {
            task: 1500,
            unit: 0,
            status: Some(2),
            note: true,
        };
        play(&mut writer.borrow_mut(), &[op]);
    };
    assert_eq!(by_pair(read(&write)), before);
    assert_eq!(store.current(None).unwrap().len(), before.len() + 1);
    // A taker that wants no more stops both halves.
    let mut taken = 0;
    let beside = store.reader().unwrap().unwrap();
    store
        .halves(beside, || {}, &mut |_| {
            taken += 1;
            false
        })
        .unwrap();
    assert_eq!(taken, 1);
}
