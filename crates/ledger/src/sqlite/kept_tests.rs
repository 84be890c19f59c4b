//! The kept state in force against a full replay: after random sequences of records and undos
//! (fixed seed, bounded cases), and after a ledger made at schema 2 or 3 is upgraded in place.

use super::kept::{kept, replayed};
use super::open::{OpenMode, SqliteStore};
use super::schema::migrations;
use crate::light::Status;
use crate::replay::InForce;
use crate::store::{Change, Identity, NewChange, TaskRef};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

pub(super) fn me() -> Identity {
    Identity {
        login: "alice".into(),
        uid: 1000,
    }
}

pub(super) const UNITS: [&str; 3] = ["市民政局", "市卫健委", "市财政局"];

pub(super) fn task(i: usize) -> TaskRef {
    TaskRef {
        document: "plan".into(),
        task_id: format!("plan/1.{i}"),
        number: format!("{i}."),
        fingerprint: format!("f{i}"),
        title: format!("任务{i}"),
        key: None,
    }
}

#[derive(Debug, Clone)]
pub(super) enum Op {
    Record {
        task: usize,
        unit: usize,
        status: Option<usize>,
        note: bool,
    },
    /// An undo over one task's key, or over two keys at once (a task whose document was edited).
    Undo { tasks: Vec<usize>, unit: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize, 0..3usize, proptest::option::of(0..4usize), any::<bool>()).prop_map(
            |(task, unit, status, note)| Op::Record {
                task,
                unit,
                status,
                note: note || status.is_none(),
            }
        ),
        2 => (proptest::collection::vec(0..3usize, 1..=2), 0..3usize)
            .prop_map(|(tasks, unit)| Op::Undo { tasks, unit }),
    ]
}

/// Plays `ops` on `store`, returning every row written (the test's own record of the history).
pub(super) fn play(store: &mut SqliteStore, ops: &[Op]) -> Vec<Change> {
    let statuses = [Status::Todo, Status::Doing, Status::Done, Status::Paused];
    let mut keys: BTreeMap<usize, i64> = BTreeMap::new();
    let mut rows = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        match op {
            Op::Record {
                task: t,
                unit,
                status,
                note,
            } => {
                let mut r = task(*t);
                r.key = keys.get(t).copied();
                let change = NewChange {
                    unit: UNITS[*unit].into(),
                    status: status.map(|s| statuses[s]),
                    note: note.then(|| format!("第{n}条")),
                    note_date: None,
                };
                let c = store.record(&me(), &r, &change).unwrap();
                keys.insert(*t, c.key);
                rows.push(c);
            }
            Op::Undo { tasks, unit } => {
                let ks: Vec<i64> = tasks.iter().filter_map(|t| keys.get(t).copied()).collect();
                if let Ok(c) = store.undo(&me(), &ks, UNITS[*unit], None) {
                    rows.push(c);
                }
            }
        }
    }
    rows
}

/// What should be in force, worked out from the test's own rows by asking, per pair, for the
/// newest row of each kind (not by a fold, as the replay does).
fn expected(rows: &[Change]) -> BTreeMap<(i64, String), InForce> {
    let cancelled: HashSet<i64> = rows.iter().filter_map(|r| r.undoes).collect();
    let pairs: HashSet<(i64, String)> = rows.iter().map(|r| (r.key, r.unit.to_string())).collect();
    let newest = |pair: &(i64, String), want: &dyn Fn(&Change) -> bool| {
        rows.iter()
            .filter(|r| r.key == pair.0 && *r.unit == *pair.1 && want(r))
            .map(|r| r.id)
            .max()
    };
    let live = |r: &Change| r.undoes.is_none() && !cancelled.contains(&r.id);
    pairs
        .into_iter()
        .map(|p| {
            let f = InForce {
                last_row: newest(&p, &|_| true).unwrap(),
                status_row: newest(&p, &|r| live(r) && r.status.is_some()),
                note_row: newest(&p, &|r| live(r) && r.note.is_some()),
            };
            (p, f)
        })
        .collect()
}

/// The table, the replay, the test's own reckoning and `Store::current` all agree.
fn agree(store: &SqliteStore, rows: &[Change]) {
    let want = expected(rows);
    assert_eq!(kept(&store.conn).unwrap(), want, "kept table");
    assert_eq!(replayed(&store.conn).unwrap(), want, "replay");
    let current = store.current(None).unwrap();
    assert_eq!(current.len(), want.len());
    for c in &current {
        let w = want[&(c.key, c.unit.to_string())];
        assert_eq!(c.last_row, w.last_row);
        assert_eq!(c.status_row, w.status_row);
        assert_eq!(c.note.as_ref().map(|s| s.id), w.note_row);
        // Every column shown comes from `in_force`'s copies: each equals the row it names.
        let row = |id| rows.iter().find(|r| r.id == id).unwrap();
        assert_eq!(c.status, c.status_row.and_then(|id| row(id).status));
        if let Some(note) = &c.note {
            assert_eq!(&**note, row(note.id));
        }
    }
    for unit in UNITS {
        let one = store.current(Some(unit)).unwrap();
        let all: Vec<_> = current
            .iter()
            .filter(|c| *c.unit == *unit)
            .cloned()
            .collect();
        assert_eq!(one, all);
    }
    // Some keys' pairs (a task's, a document's), and none.
    let mut keys: Vec<i64> = current.iter().map(|c| c.key).collect();
    keys.sort_unstable();
    keys.dedup();
    for some in [
        &keys[..],
        &keys[..keys.len() / 2],
        &keys[keys.len().saturating_sub(1)..],
        &[],
    ] {
        let got = store.current_of_keys(some).unwrap();
        let all: Vec<_> = current
            .iter()
            .filter(|c| some.contains(&c.key))
            .cloned()
            .collect();
        assert_eq!(got, all, "{some:?}");
    }
    let mut parts = Vec::new();
    store
        .current_in_parts(&mut |part| {
            parts.extend(part);
            true
        })
        .unwrap();
    assert_eq!(
        parts, current,
        "read in parts, the same pairs in the same order"
    );
    assert!(store.verify().unwrap().ok());
}

/// More pairs than one part holds: the parts, put together, are the state read at once.
#[test]
fn the_state_read_in_parts_is_the_state_read_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite3");
    let store = filled(&path, 1400, |unit| unit == 0);
    let mut sizes = Vec::new();
    let mut parts = Vec::new();
    store
        .current_in_parts(&mut |part| {
            sizes.push(part.len());
            parts.extend(part);
            true
        })
        .unwrap();
    assert_eq!(sizes, [super::read::PART, 4200 - super::read::PART]);
    assert_eq!(parts, store.current(None).unwrap());
    // And a whole snapshot puts every part in place: with no documents, each pair an orphan.
    let ledger = crate::Ledger::open(&path, OpenMode::ReadOnly)
        .unwrap()
        .unwrap();
    let snap = ledger
        .snapshot(&dutymatrix_reader::model::Model::default())
        .unwrap();
    assert_eq!(snap.orphans.len(), 4200);
    assert!(snap.entries.is_empty());
}

/// A second connection reads the file the store opened, or none: a ledger put in its place
/// since (a restore by rename) gives the keys of one file and the pairs of another otherwise.
#[test]
fn a_second_reader_is_given_only_while_the_path_names_the_file_opened() {
    let dir = tempfile::tempdir().unwrap();
    let (path, other) = (dir.path().join("l.sqlite3"), dir.path().join("o.sqlite3"));
    drop(create(&path));
    drop(create(&other));
    let store = SqliteStore::open(&path, OpenMode::ReadOnly, &me())
        .unwrap()
        .unwrap()
        .store;
    let reader = store.reader().unwrap().expect("the same file");
    assert!(reader.read_only);
    assert_eq!(reader.row_count().unwrap(), store.row_count().unwrap());
    std::fs::rename(&other, &path).unwrap();
    assert!(store.reader().unwrap().is_none());
    std::fs::remove_file(&path).unwrap();
    assert!(store.reader().unwrap().is_none());
}

/// A ledger at `path` with every unit of `tasks` tasks recorded, a note for the units `note`
/// says (written without waiting for the disk: a test's file).
pub(super) fn filled(path: &Path, tasks: usize, note: fn(usize) -> bool) -> SqliteStore {
    let mut store = create(path);
    store
        .conn
        .pragma_update(None, "synchronous", "OFF")
        .unwrap();
    let ops: Vec<Op> = (0..tasks)
        .flat_map(|task| {
            (0..UNITS.len()).map(move |unit| Op::Record {
                task,
                unit,
                status: Some(task % 4),
                note: note(unit),
            })
        })
        .collect();
    play(&mut store, &ops);
    store
}

pub(super) fn create(path: &Path) -> SqliteStore {
    SqliteStore::open(path, OpenMode::Create, &me())
        .unwrap()
        .unwrap()
        .store
}

proptest! {
    #![proptest_config(Config {
        cases: 24,
        rng_seed: RngSeed::Fixed(0x6475_7479_6d61_7478),
        max_shrink_iters: 128,
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn the_kept_state_is_a_replay_after_any_records_and_undos(
        ops in proptest::collection::vec(op(), 1..40)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = create(&dir.path().join("l.sqlite3"));
        store.conn.pragma_update(None, "synchronous", "OFF").unwrap();
        let rows = play(&mut store, &ops);
        agree(&store, &rows);
    }
}

/// A sequence that undoes a status row under a newer note-only row, then the note, then
/// everything: each step handed back to the row before it.
#[test]
fn undos_hand_back_status_and_note_separately() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(&dir.path().join("l.sqlite3"));
    let ops = [
        Op::Record {
            task: 0,
            unit: 0,
            status: Some(1),
            note: true,
        },
        Op::Record {
            task: 0,
            unit: 0,
            status: Some(2),
            note: false,
        },
        Op::Record {
            task: 0,
            unit: 0,
            status: None,
            note: true,
        },
        Op::Undo {
            tasks: vec![0],
            unit: 0,
        },
        Op::Undo {
            tasks: vec![0],
            unit: 0,
        },
    ];
    let rows = play(&mut store, &ops);
    agree(&store, &rows);
    let c = &store.current(None).unwrap()[0];
    assert_eq!((c.last_row, c.status_row), (5, Some(1)));
    assert_eq!(
        c.note.as_ref().map(|n| n.note.clone()),
        Some(Some("第0条".into()))
    );
    store.undo(&me(), &[rows[0].key], UNITS[0], None).unwrap();
    let c = &store.current(None).unwrap()[0];
    assert_eq!(
        (c.last_row, c.status.is_none(), c.note.is_none()),
        (6, true, true)
    );
}

/// A ledger written at schema 2 (its `pairs` index, no kept state) upgrades in place when
/// opened for writing: the table is filled from the history and equals its replay.
#[test]
fn a_schema_2_ledger_gets_its_state_filled_when_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let (store, rows) = old_ledger(&path, 2);
    store
        .conn
        .execute_batch("INSERT INTO pairs SELECT DISTINCT task_key, unit FROM history;")
        .unwrap();
    let version: i64 = store
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
    drop(store);
    let store = SqliteStore::open(&path, OpenMode::ReadWrite, &me())
        .unwrap()
        .unwrap();
    assert!(store.trouble.is_none());
    let store = store.store;
    let version: i64 = store
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, super::schema::SCHEMA_VERSION);
    let pairs: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'pairs'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pairs, 0);
    assert_eq!(kept(&store.conn).unwrap().len(), 6);
    agree(&store, &rows);
}

/// A ledger at `version` with thirty records and undos over three tasks and two units, with
/// the rows written.
fn old_ledger(path: &Path, version: usize) -> (SqliteStore, Vec<Change>) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    migrations(&me()).to_version(&mut conn, version).unwrap();
    let mut store = SqliteStore {
        conn,
        path: path.to_path_buf(),
        read_only: false,
        own_changes: Cell::new(0),
        file: None,
    };
    let ops: Vec<Op> = (0..30)
        .map(|i| match i % 5 {
            4 => Op::Undo {
                tasks: vec![i % 3],
                unit: i % 2,
            },
            _ => Op::Record {
                task: i % 3,
                unit: i % 2,
                status: Some(i % 4),
                note: i % 2 == 0,
            },
        })
        .collect();
    let rows = play(&mut store, &ops);
    (store, rows)
}

/// A ledger written at schema 3 (`in_force` with ids only) upgrades in place when opened for
/// writing: the copies are filled from the rows named, a read-only open before that is told
/// to upgrade, and writes after it keep the copies.
#[test]
fn a_schema_3_ledger_gets_its_columns_copied_when_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.sqlite3");
    let (store, mut rows) = old_ledger(&path, 3);
    let ids = kept(&store.conn).unwrap();
    assert_eq!(ids.len(), 6);
    drop(store);
    let refused = SqliteStore::open(&path, OpenMode::ReadOnly, &me()).err();
    assert!(
        matches!(
            refused,
            Some(crate::LedgerError::NeedsUpgrade { found: 3, .. })
        ),
        "{refused:?}"
    );
    let opened = SqliteStore::open(&path, OpenMode::ReadWrite, &me())
        .unwrap()
        .unwrap();
    assert!(opened.trouble.is_none());
    let mut store = opened.store;
    let version: i64 = store
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4);
    assert_eq!(
        kept(&store.conn).unwrap(),
        ids,
        "the ids are kept as they were"
    );
    agree(&store, &rows);
    let key = rows[0].key;
    let undo = store.undo(&me(), &[key], UNITS[0], None).unwrap();
    rows.push(undo);
    agree(&store, &rows);
}

/// Every copy made again from the rows named, as the trigger makes them.
const RECOPY: &str = "UPDATE in_force SET
    (s_status, s_note, s_note_date, s_who, s_uid, s_at) = (SELECT status, note, note_date, who,
        uid, at FROM history WHERE id = in_force.status_row),
    (n_status, n_note, n_note_date, n_who, n_uid, n_at) = (SELECT status, note, note_date, who,
        uid, at FROM history WHERE id = in_force.note_row);";

/// A copied column changed around dutymatrix (the ids left as the replay has them) is named
/// by verify, with its pair: the copies are checked against the sealed rows.
#[test]
fn verify_names_a_forged_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(&dir.path().join("l.sqlite3"));
    let rows = play(
        &mut store,
        &[
            Op::Record {
                task: 0,
                unit: 0,
                status: Some(0),
                note: true,
            },
            Op::Record {
                task: 1,
                unit: 2,
                status: Some(2),
                note: true,
            },
        ],
    );
    assert!(store.verify().unwrap().ok());
    for forge in [
        "UPDATE in_force SET s_status = 'paused' WHERE unit = ?1",
        "UPDATE in_force SET n_note = '已完成' WHERE unit = ?1",
        "UPDATE in_force SET s_who = 'mallory' WHERE unit = ?1",
        "UPDATE in_force SET n_at = NULL WHERE unit = ?1",
    ] {
        store.conn.execute(forge, [UNITS[2]]).unwrap();
        let v = store.verify().unwrap();
        assert_eq!(
            v.chain,
            Some(crate::faith::Break::InForce {
                key: rows[1].key,
                unit: UNITS[2].into()
            }),
            "{forge}"
        );
        store.conn.execute_batch(RECOPY).unwrap();
    }
    assert!(store.verify().unwrap().ok());
}

/// A kept row changed around dutymatrix is named by verify, with its pair.
#[test]
fn verify_names_a_kept_row_that_is_not_the_replay() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(&dir.path().join("l.sqlite3"));
    let rows = play(
        &mut store,
        &[
            Op::Record {
                task: 0,
                unit: 1,
                status: Some(0),
                note: true,
            },
            Op::Record {
                task: 0,
                unit: 1,
                status: Some(2),
                note: false,
            },
        ],
    );
    store
        .conn
        .execute("UPDATE in_force SET status_row = ?1", [rows[0].id])
        .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(
        v.chain,
        Some(crate::faith::Break::InForce {
            key: rows[0].key,
            unit: UNITS[1].into()
        })
    );
}

/// Values in force in shapes no ledger writes (put there by hand, or by another tool) read as
/// they always were: what the bytes are recognised as is a shortcut, never a new meaning.
#[test]
fn values_in_other_shapes_read_as_they_always_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = create(&dir.path().join("l.sqlite3"));
    let record = |unit| Op::Record {
        task: 0,
        unit,
        status: Some(1),
        note: true,
    };
    play(&mut store, &[record(0), record(1), record(2)]);
    let read = |store: &SqliteStore, set: &str| {
        store.conn.execute_batch(set).unwrap();
        let pairs = store.current(None);
        store.conn.execute_batch(RECOPY).unwrap();
        pairs
    };
    let states = read(
        &store,
        "UPDATE in_force SET s_status = 'DONE', n_status = 'DONE', n_note_date = '2025-6-3',
            n_at = '2025-01-11T12:45:08+08:00'  WHERE unit = '市民政局';
         UPDATE in_force SET s_status = 'paused', n_status = 'paused', n_note = '签订协议3份',
            n_at = 'yesterday'  WHERE unit = '市卫健委';",
    )
    .unwrap();
    let of = |unit: &str| {
        let c = states.iter().find(|c| &*c.unit == unit).unwrap();
        (c.status, c.note.clone().unwrap())
    };
    let (odd_status, odd) = of("市民政局");
    assert_eq!((odd_status, odd.status), (None, None));
    assert_eq!(odd.note_date, chrono::NaiveDate::from_ymd_opt(2025, 6, 3));
    assert_eq!(odd.at.to_rfc3339(), "2025-01-11T04:45:08+00:00");
    let (other_status, other) = of("市卫健委");
    assert_eq!(other_status, Some(Status::Paused));
    assert_eq!(other.status, Some(Status::Paused));
    assert_eq!(other.note.as_deref(), Some("签订协议3份"));
    assert_eq!(other.at, chrono::DateTime::UNIX_EPOCH);
    assert!(Arc::ptr_eq(&odd.who, &other.who));
    for damage in [
        "UPDATE in_force SET n_note = CAST(X'E4B8' AS TEXT) WHERE unit = '市财政局'",
        "UPDATE in_force SET s_status = CAST(X'FF' AS TEXT) WHERE unit = '市财政局'",
        "UPDATE in_force SET n_note = X'00' WHERE unit = '市财政局'",
    ] {
        assert!(read(&store, damage).is_err(), "{damage}");
    }
}
