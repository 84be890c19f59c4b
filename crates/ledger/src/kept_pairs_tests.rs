//! The pairs in force kept between whole reads of a real SQLite ledger: what a read with it hands on is the
//! state in force a whole read gives, and it is used only while it holds.

use crate::kept_links_tests::alice;
use crate::kept_pairs::{self, since_kept};
use crate::store::{Current, NewChange, Store};
use crate::{Ledger, OpenMode, Status};
use dutymatrix_reader::model::Model;
use std::path::Path;

const PLAN: &str = "某市养老服务提升工作方案

一、重点任务
1.推进医养结合发展，2026年12月底前完成。（责任单位：市卫生健康委、市民政局）
2.建设智慧养老服务平台，2027年6月底前完成。（牵头单位：市民政局；配合单位：市财政局）
3.完善养老服务人才培养体系，2025年底前完成。（责任单位：市人力资源社会保障局、市民政局）
";

/// (task, unit) of every assignment in [`PLAN`].
const PAIRS: [(&str, &str); 6] = [
    ("plan/1.1", "市卫生健康委"),
    ("plan/1.1", "市民政局"),
    ("plan/1.2", "市民政局"),
    ("plan/1.2", "市财政局"),
    ("plan/1.3", "市人力资源社会保障局"),
    ("plan/1.3", "市民政局"),
];

fn model(dir: &Path) -> Model {
    crate::kept_links_tests::model(dir, PLAN)
}

fn by_pair(mut pairs: Vec<Current>) -> Vec<Current> {
    pairs.sort_by(|a, b| (&a.unit, a.key).cmp(&(&b.unit, b.key)));
    pairs
}

/// Every pair a whole read with the state kept in `file` hands on.
fn read(store: &dyn Store, file: &Path) -> Vec<Current> {
    let seen = store.seen().unwrap();
    let mut pairs = Vec::new();
    kept_pairs::read_pairs(store, Some(file), &seen, &mut |part| {
        pairs.extend(part);
        true
    })
    .unwrap();
    by_pair(pairs)
}

/// How many keys a read with the pairs kept in `file` reads again (None: it reads whole).
fn read_again(store: &dyn Store, file: &Path) -> Option<usize> {
    since_kept(store, file).unwrap().map(|(_, n)| n)
}

fn change(n: u64) -> NewChange {
    NewChange {
        unit: String::new(),
        status: match n % 5 {
            0 => None,
            s => Some(Status::ALL[(s - 1) as usize]),
        },
        note: (!n.is_multiple_of(3) || n.is_multiple_of(5)).then(|| format!("第{n}次调度")),
        note_date: n
            .is_multiple_of(4)
            .then(|| chrono::NaiveDate::from_ymd_opt(2026, 11, 1 + (n % 28) as u32).unwrap()),
    }
}

/// A new ledger at `l.sqlite3` in `dir`, and the plan's model.
fn made(dir: &Path) -> (Ledger, Model) {
    let ledger = Ledger::open_as(&dir.join("l.sqlite3"), OpenMode::Create, &alice())
        .unwrap()
        .unwrap();
    (ledger, model(dir))
}

/// Records a change for (task, unit).
fn record(ledger: &mut Ledger, plan: &Model, (task, unit): (&str, &str)) {
    let c = NewChange {
        unit: unit.into(),
        ..change(1)
    };
    ledger.record(plan, &alice(), task, c).unwrap();
}

/// Records, undos and whole reads in a fixed-seed order: after each write, a read with the
/// state kept is the state a whole read gives, and reads again only the keys written since.
#[test]
fn kept_pairs_are_the_pairs_in_force_while_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state").join("kept.bin");
    let path = dir.path().join("l.sqlite3");
    let mut ledger = Ledger::open_as(&path, OpenMode::Create, &alice())
        .unwrap()
        .unwrap();
    let plan = model(dir.path());
    // An empty ledger keeps nothing.
    assert_eq!(read(ledger.store.as_ref(), &file), Vec::new());
    assert!(!file.exists());

    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut undone, mut partial) = (0, 0);
    // The tasks written since the state was last kept whole: their keys are read again.
    let mut since = std::collections::BTreeSet::new();
    for step in 0..300 {
        let n = next();
        let (task, unit) = PAIRS[(n % PAIRS.len() as u64) as usize];
        let wrote = match n % 7 {
            0 => ledger.undo(&plan, &alice(), task, unit).is_ok(),
            _ => {
                let c = NewChange {
                    unit: unit.into(),
                    ..change(n >> 8)
                };
                ledger.record(&plan, &alice(), task, c).is_ok()
            }
        };
        if wrote {
            since.insert(task);
        }
        undone += usize::from(wrote && n % 7 == 0);
        let store = ledger.store.as_ref();
        let whole = by_pair(store.current(None).unwrap());
        if step % 10 == 0 {
            // Nothing kept: read whole, and kept.
            let _ = std::fs::remove_file(&file);
            assert_eq!(read_again(store, &file), None);
            assert_eq!(read(store, &file), whole, "at step {step}");
            assert!(file.is_file());
            since.clear();
            continue;
        }
        assert_eq!(
            read_again(store, &file),
            Some(since.len()),
            "at step {step}"
        );
        partial += usize::from(!since.is_empty());
        assert_eq!(read(store, &file), whole, "at step {step}");
    }
    assert!(
        undone > 10 && partial > 100,
        "{undone} undos, {partial} partial reads"
    );
}

/// A few keys written since do not write every pair again: the next read reads them again.
#[test]
fn kept_pairs_are_not_written_again_for_a_few_keys() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kept.bin");
    let (mut ledger, plan) = made(dir.path());
    record(&mut ledger, &plan, ("plan/1.1", "市民政局"));
    read(ledger.store.as_ref(), &file);
    let first = kept_pairs::read(&file).unwrap().mark;
    record(&mut ledger, &plan, ("plan/1.2", "市民政局"));
    read(ledger.store.as_ref(), &file);
    assert_eq!(kept_pairs::read(&file).unwrap().mark, first);
    assert_eq!(read_again(ledger.store.as_ref(), &file), Some(1));
}

/// A file not whole, or kept from another ledger now in this one's place, is not used.
#[test]
fn kept_pairs_are_not_used_once_they_no_longer_hold() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kept.bin");
    let path = dir.path().join("l.sqlite3");
    let plan = model(dir.path());
    let make = |path: &Path, pairs: &[(&str, &str)]| {
        let mut ledger = Ledger::open_as(path, OpenMode::Create, &alice())
            .unwrap()
            .unwrap();
        for (task, unit) in pairs {
            let c = NewChange {
                unit: unit.to_string(),
                ..change(7)
            };
            ledger.record(&plan, &alice(), task, c).unwrap();
        }
        ledger
    };
    let ledger = make(&path, &PAIRS[..3]);
    let store = ledger.store.as_ref();
    read(store, &file);
    assert_eq!(read_again(store, &file), Some(0));
    let bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    let mut damaged = bytes.clone();
    damaged[middle] ^= 1;
    for broken in [&damaged[..], &bytes[..middle], b""] {
        std::fs::write(&file, broken).unwrap();
        assert_eq!(read_again(store, &file), None);
        assert_eq!(read(store, &file), by_pair(store.current(None).unwrap()));
        assert_eq!(read_again(store, &file), Some(0));
    }
    // Another ledger restored in its place, as many rows long, other rows.
    drop(ledger);
    let other = dir.path().join("other.sqlite3");
    drop(make(&other, &PAIRS[3..]));
    std::fs::rename(&other, &path).unwrap();
    let ledger = Ledger::open_as(&path, OpenMode::ReadOnly, &alice())
        .unwrap()
        .unwrap();
    let store = ledger.store.as_ref();
    assert_eq!(read_again(store, &file), None);
    let pairs = read(store, &file);
    assert_eq!(pairs, by_pair(store.current(None).unwrap()));
    assert!(pairs.iter().all(|c| c.unit.as_ref() != "市卫生健康委"));
}

/// Every shape of pair a store hands on is kept as it was, over more than one part.
#[test]
fn kept_pairs_read_back_as_they_were() {
    use crate::store::Change;
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kept.bin");
    let units: [Arc<str>; 3] = ["市民政局".into(), "各街道".into(), "".into()];
    let pairs: Vec<Current> = (0..2 * 4096 + 5_i64)
        .map(|i| {
            let unit = Arc::clone(&units[(i % 3) as usize]);
            let note = (i % 4 != 0).then(|| {
                Arc::new(Change {
                    id: i * 3,
                    key: i,
                    unit: Arc::clone(&unit),
                    status: Status::ALL.get((i % 5) as usize).copied(),
                    note: (i % 3 != 0).then(|| format!("第{i}条\u{1F600}")),
                    note_date: (i % 2 == 0)
                        .then(|| chrono::NaiveDate::from_ymd_opt(1 + (i % 9999) as i32, 2, 28))
                        .flatten(),
                    who: format!("user{}", i % 7).into(),
                    uid: (i % 65536) as u32,
                    at: chrono::DateTime::from_timestamp(i * 86_399 - 1_000_000, (i * 7919) as u32)
                        .unwrap(),
                    undoes: None,
                    undone: false,
                })
            });
            Current {
                key: i,
                unit,
                status_row: (i % 6 != 0).then_some(i * 3 + 1),
                status: Status::ALL.get((i % 6) as usize).copied(),
                note,
                last_row: i * 3 + 2,
            }
        })
        .collect();
    let kept = kept_pairs::KeptPairs {
        mark: vec![7; 40],
        pairs: vec![pairs[..10].to_vec(), vec![], pairs[10..].to_vec()],
    };
    kept_pairs::write(&file, &kept);
    let back = kept_pairs::read(&file).unwrap();
    assert_eq!(back.mark, kept.mark);
    assert_eq!(back.pairs.len(), 3);
    assert!(back.pairs.iter().all(|p| p.len() <= 4096));
    assert_eq!(back.pairs.into_iter().flatten().collect::<Vec<_>>(), pairs);
}

/// A read whose taker stopped it is not every pair, and is not kept as if it were.
#[test]
fn a_read_its_taker_stopped_is_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kept.bin");
    let (mut ledger, plan) = made(dir.path());
    record(&mut ledger, &plan, PAIRS[0]);
    let store = ledger.store.as_ref();
    let seen = store.seen().unwrap();
    kept_pairs::read_pairs(store, Some(&file), &seen, &mut |_| false).unwrap();
    assert!(!file.exists());
    assert_eq!(read(store, &file).len(), 1);
    assert!(file.exists());
}

/// A pair written after the read saw how far the ledger went, and read with the rest, is kept;
/// a copy of the ledger restored in its place that ends before that write (its seals all the
/// same up to the row the read saw) does not take the kept pairs.
#[test]
fn kept_pairs_hold_only_for_a_ledger_holding_every_row_they_were_read_with() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kept.bin");
    let path = dir.path().join("l.sqlite3");
    let (mut ledger, plan) = made(dir.path());
    record(&mut ledger, &plan, PAIRS[0]);
    let seen = ledger.store.seen().unwrap();
    let copy = dir.path().join("copy.sqlite3");
    let sql = format!("VACUUM INTO '{}'", copy.display());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(&sql)
        .unwrap();
    record(&mut ledger, &plan, PAIRS[1]);
    let mut pairs = Vec::new();
    let store = ledger.store.as_ref();
    kept_pairs::read_pairs(store, Some(&file), &seen, &mut |part| {
        pairs.extend(part);
        true
    })
    .unwrap();
    assert_eq!(pairs.len(), 2);
    // Read again from what the read saw: the pair written after it, once more.
    assert_eq!(read_again(store, &file), Some(1));
    drop(ledger);
    std::fs::rename(&copy, &path).unwrap();
    let ledger = Ledger::open_as(&path, OpenMode::ReadOnly, &alice())
        .unwrap()
        .unwrap();
    let store = ledger.store.as_ref();
    assert_eq!(read_again(store, &file), None);
    assert_eq!(read(store, &file).len(), 1);
}
