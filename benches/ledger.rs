//! The ledger's cost on a big ledger: `cargo bench --bench ledger`.
//!
//! A ledger of 100,000 history rows over the built-in documents' assignments (built once, in a
//! temporary folder: one record per assignment through the API, then copies of those rows in
//! one transaction). Measured: a unit's duties with their lights without any ledger, and the
//! same after opening the big ledger — the difference is what the ledger costs.

use divan::{Bencher, black_box};
use dutymatrix::ledger::{Identity, Ledger, NewChange, OpenMode, Snapshot, Status};
use dutymatrix::load::{Options, load};
use dutymatrix::model::Model;
use std::path::PathBuf;
use std::sync::OnceLock;

/// History rows in the big ledger: 100,000, or `DUTYMATRIX_BENCH_ROWS` (the `verify` figure
/// at 1,000,000 rows in BENCHMARKS.md).
fn rows() -> i64 {
    std::env::var("DUTYMATRIX_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn main() {
    divan::main();
}

struct Fixture {
    model: Model,
    /// The unit with the most duties.
    unit: String,
    ledger: PathBuf,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let model = load(&Options::default())
            .map(|l| l.model)
            .unwrap_or_default();
        let unit = model
            .units
            .iter()
            .max_by_key(|u| model.duties(&u.id).count())
            .map(|u| u.id.clone())
            .unwrap_or_default();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let ledger = dir.path().join("ledger.sqlite3");
        let me = Identity {
            login: "bench".into(),
            uid: 1000,
        };
        let mut l = Ledger::open_as(&ledger, OpenMode::Create, &me)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("cannot create {}", ledger.display()));
        for t in &model.tasks {
            for a in &t.assignments {
                let _ = l.record(
                    &model,
                    &me,
                    &t.id,
                    NewChange {
                        unit: a.unit.to_string(),
                        status: Some(Status::Doing),
                        note: Some("按计划推进，已完成阶段性目标".into()),
                        note_date: None,
                    },
                );
            }
        }
        drop(l);
        // Copies of those rows, sealed onto the chain, in one transaction, up to ROWS.
        copy_sealed(&ledger, rows());
        let size = std::fs::metadata(&ledger).map_or(0, |m| m.len());
        eprintln!("ledger: {} rows, {size} bytes", rows());
        Fixture {
            model,
            unit,
            ledger,
            _dir: dir,
        }
    })
}

/// Copies of the history's rows up to `rows`, each sealed onto the hash chain as dutymatrix
/// seals it (`dutymatrix::ledger::sqlite::seal`): many updates per assignment.
fn copy_sealed(ledger: &std::path::Path, rows: i64) {
    use dutymatrix::ledger::faith::Table;
    use dutymatrix::ledger::sqlite::seal;
    use rusqlite::types::{Value, ValueRef};
    let mut conn = rusqlite::Connection::open(ledger).unwrap_or_else(|e| panic!("{e}"));
    let tx = conn.transaction().unwrap_or_else(|e| panic!("{e}"));
    let base: Vec<Vec<Value>> = {
        let mut stmt = tx
            .prepare(
                "SELECT h.id, h.task_key, k.document, k.task_id, k.number, k.fingerprint, k.title,
                        h.unit, h.status, h.note, h.note_date, h.who, h.uid, h.at, h.undoes
                 FROM history h JOIN task_keys k ON k.id = h.task_key ORDER BY h.id",
            )
            .unwrap_or_else(|e| panic!("{e}"));
        stmt.query_map([], |r| (0..15).map(|i| r.get::<_, Value>(i)).collect())
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let (mut id, mut prev): (i64, Vec<u8>) = tx
        .query_row(
            "SELECT id, chain FROM history ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let mut insert = tx
        .prepare(
            "INSERT INTO history (id, task_key, unit, status, note, note_date, who, uid, at, undoes, chain)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let mut n = 0;
    while id < rows {
        let Some(row) = base.get(n % base.len().max(1)) else {
            break;
        };
        n += 1;
        id += 1;
        let mut row = row.clone();
        row[0] = Value::Integer(id);
        if let Value::Text(note) = &mut row[9] {
            note.push_str(&n.to_string());
        }
        let values: Vec<ValueRef<'_>> = row.iter().map(ValueRef::from).collect();
        let prev32: [u8; 32] = prev.as_slice().try_into().unwrap_or([0; 32]);
        let s = seal(&prev32, Table::History, &values);
        let p = |i: usize| &row[i];
        insert
            .execute(rusqlite::params![
                id,
                p(1),
                p(7),
                p(8),
                p(9),
                p(10),
                p(11),
                p(12),
                p(13),
                p(14),
                s.as_slice()
            ])
            .unwrap_or_else(|e| panic!("{e}"));
        prev = s.to_vec();
    }
    drop(insert);
    tx.commit().unwrap_or_else(|e| panic!("{e}"));
}

/// What `ledger show UNIT` computes: each duty's status, latest note and light.
fn duties_with_lights(f: &Fixture, snap: &Snapshot) -> usize {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let mut n = 0;
    for a in snap.assignments(&f.model, Some(&f.unit), today, 30) {
        black_box((a.light, a.status(), a.note().map(|n| n.id)));
        n += 1;
    }
    n
}

#[divan::bench]
fn unit_duties_without_ledger(bencher: Bencher) {
    let f = fixture();
    bencher.bench_local(|| duties_with_lights(f, &Snapshot::empty()));
}

#[divan::bench]
fn open_100k_and_unit_duties(bencher: Bencher) {
    let f = fixture();
    bencher.bench_local(|| {
        let Ok(Some(l)) = Ledger::open(&f.ledger, OpenMode::ReadOnly) else {
            return 0;
        };
        let snap = l.snapshot_of(&f.model, Some(&f.unit)).unwrap_or_default();
        duties_with_lights(f, &snap)
    });
}

/// What a dashboard loads at start and after each change by someone else: every assignment.
#[divan::bench]
fn open_100k_and_full_snapshot(bencher: Bencher) {
    let f = fixture();
    bencher.bench_local(|| {
        let Ok(Some(l)) = Ledger::open(&f.ledger, OpenMode::ReadOnly) else {
            return 0;
        };
        l.snapshot(&f.model).map(|s| s.entries.len()).unwrap_or(0)
    });
}

/// The check every open makes besides reading the version: SQLite's quick check of every page
/// and the newest 16 rows of each chain. The difference from `open_read_only` is its cost.
#[divan::bench]
fn open_with_checks(bencher: Bencher) {
    let f = fixture();
    bencher.bench_local(|| Ledger::open(&f.ledger, OpenMode::ReadOnly).map(|l| l.is_some()));
}

/// SQLite's quick check alone, on a connection already open: the larger part of the open's check.
#[divan::bench]
fn quick_check_alone(bencher: Bencher) {
    let f = fixture();
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let conn =
        rusqlite::Connection::open_with_flags(&f.ledger, flags).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench_local(|| {
        conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
            .ok()
    });
}

/// `ledger verify`: every seal of both chains and SQLite's full integrity check.
#[divan::bench(sample_count = 5)]
fn verify_every_row(bencher: Bencher) {
    let f = fixture();
    let Ok(Some(l)) = Ledger::open(&f.ledger, OpenMode::ReadOnly) else {
        return;
    };
    bencher.bench_local(|| l.verify().map(|v| v.rows));
}

/// The live-refresh probe a dashboard runs about once a second.
#[divan::bench]
fn change_mark_probe(bencher: Bencher) {
    let f = fixture();
    let Ok(Some(l)) = Ledger::open(&f.ledger, OpenMode::ReadOnly) else {
        return;
    };
    bencher.bench_local(|| l.change_mark().ok());
}

/// What an open dashboard does when a change is committed: one write, then its snapshot brought
/// up to date, by reading again only the document written to (`refresh`) or the whole ledger
/// (`whole`, what every change cost before).
#[divan::bench(args = ["refresh", "whole"], sample_count = 20)]
fn one_write_then_snapshot(bencher: Bencher, how: &str) {
    let f = fixture();
    let me = Identity {
        login: "bench".into(),
        uid: 1000,
    };
    write_then_snapshot(bencher, how, (&f.model, &f.ledger), &me);
}

/// The same on documents and a ledger of your own: `DUTYMATRIX_BENCH_DOCS` (a folder) and
/// `DUTYMATRIX_BENCH_LEDGER` (a file, copied first: the bench writes; or a server ledger's
/// URL, written to as it is). Skipped without them; the 1,000,000-row figures in BENCHMARKS.md
/// (`scripts/bench-ledger.sh` makes the material, `ledger import` puts it on a server).
#[divan::bench(args = ["refresh", "whole"], sample_count = 10)]
fn one_write_then_snapshot_at_scale(bencher: Bencher, how: &str) {
    static AT_SCALE: OnceLock<Option<(Model, PathBuf, tempfile::TempDir)>> = OnceLock::new();
    let material = AT_SCALE.get_or_init(|| {
        let docs = std::env::var_os("DUTYMATRIX_BENCH_DOCS")?;
        let ledger = std::env::var_os("DUTYMATRIX_BENCH_LEDGER")?;
        let model = load(&Options {
            docs: vec![docs.into()],
            no_builtin: true,
            ..Options::default()
        })
        .ok()?
        .model;
        let dir = tempfile::tempdir().ok()?;
        if dutymatrix::ledger::pg::is_server(std::path::Path::new(&ledger)) {
            return Some((model, ledger.into(), dir));
        }
        let copy = dir.path().join("ledger.sqlite3");
        std::fs::copy(ledger, &copy).ok()?;
        Some((model, copy, dir))
    });
    if let Some((model, ledger, _)) = material {
        // The material's ledger was made by whoever runs the benches: its supervisor.
        let me = dutymatrix::ledger::identity::current();
        write_then_snapshot(bencher, how, (model, ledger), &me);
    }
}

fn write_then_snapshot(
    bencher: Bencher,
    how: &str,
    (model, ledger): (&Model, &std::path::Path),
    me: &Identity,
) {
    let Ok(Some(mut l)) = Ledger::open_as(ledger, OpenMode::ReadWrite, me) else {
        return;
    };
    let Ok(mut snap) = l.snapshot(model) else {
        return;
    };
    let Some((task, unit)) = model.tasks.iter().find_map(|t| {
        t.assignments
            .first()
            .map(|a| (t.id.to_string(), a.unit.to_string()))
    }) else {
        return;
    };
    bencher.bench_local(|| {
        let change = NewChange {
            unit: unit.clone(),
            status: Some(Status::Doing),
            note: None,
            note_date: None,
        };
        let _ = l.record(model, me, &task, change);
        if how == "refresh" {
            let _ = l.refresh(model, &mut snap);
        } else {
            snap = l.snapshot(model).unwrap_or_default();
        }
        snap.entries.len()
    });
}
