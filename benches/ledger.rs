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

const ROWS: i64 = 100_000;

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
                        unit: a.unit.clone(),
                        status: Some(Status::Doing),
                        note: Some("按计划推进，已完成阶段性目标".into()),
                        note_date: None,
                    },
                );
            }
        }
        drop(l);
        // Copies of those rows, in one transaction, up to ROWS: many updates per assignment.
        let conn = rusqlite::Connection::open(&ledger).unwrap_or_else(|e| panic!("{e}"));
        let have: i64 = conn
            .query_row("SELECT count(*) FROM history", [], |r| r.get(0))
            .unwrap_or(1);
        conn.execute_batch(&format!(
            "BEGIN;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {copies})
             INSERT INTO history (task_key, unit, status, note, note_date, who, uid, at)
             SELECT task_key, unit, status, note || i, note_date, who, uid, at FROM history, n
             LIMIT {limit};
             COMMIT;",
            copies = ROWS / have.max(1) + 1,
            limit = ROWS - have
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        Fixture {
            model,
            unit,
            ledger,
            _dir: dir,
        }
    })
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

/// The live-refresh probe a dashboard runs about once a second.
#[divan::bench]
fn change_mark_probe(bencher: Bencher) {
    let f = fixture();
    let Ok(Some(l)) = Ledger::open(&f.ledger, OpenMode::ReadOnly) else {
        return;
    };
    bencher.bench_local(|| l.change_mark().ok());
}
