//! What the ledger costs the dashboard: the idle change probe, re-reading after a change, and
//! the progress view's counts, on the built-in documents with a ledger of real SQLite rows:
//! `cargo bench --bench ledger_tui`.

use divan::{Bencher, black_box};
use dutymatrix::ledger::{Identity, Ledger, NewChange, OpenMode, Status};
use dutymatrix::load::{Options, load};
use dutymatrix::tui::app::App;
use dutymatrix::words::Lang;

fn main() {
    divan::main();
}

/// A dashboard on a ledger holding `rows` records spread over every assignment.
fn app_with_rows(rows: usize) -> Option<(tempfile::TempDir, App)> {
    let model = load(&Options::default()).ok()?.model;
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("ledger.sqlite3");
    let who = Identity {
        login: "bench".into(),
        uid: 1000,
    };
    let mut ledger = Ledger::open_as(&path, OpenMode::Create, &who).ok()??;
    let pairs: Vec<(String, String)> = model
        .tasks
        .iter()
        .flat_map(|t| {
            t.assignments
                .iter()
                .map(|a| (t.id.to_string(), a.unit.to_string()))
        })
        .collect();
    for i in 0..rows {
        let (task, unit) = &pairs[i % pairs.len()];
        let change = NewChange {
            unit: unit.clone(),
            status: Some(Status::ALL[i % 4]),
            note: Some(format!("进展{i}")),
            note_date: None,
        };
        ledger.record(&model, &who, task, change).ok()?;
    }
    drop(ledger);
    let today = chrono::NaiveDate::from_ymd_opt(2022, 6, 30)?;
    let app = App::new(model, Lang::Zh, today).with_ledger_as(Some(path), 30, who);
    Some((dir, app))
}

/// What an idle dashboard does twice a second: ask whether anyone committed.
#[divan::bench]
fn idle_probe(bencher: Bencher) {
    let Some((_dir, mut app)) = app_with_rows(500) else {
        return;
    };
    bencher.bench_local(|| black_box(app.refresh_ledger()));
}

/// After someone's commit: read the snapshot again (500 rows).
#[divan::bench]
fn reload_snapshot(bencher: Bencher) {
    let Some((_dir, mut app)) = app_with_rows(500) else {
        return;
    };
    bencher.bench_local(|| app.reload_ledger());
}

/// The 挂图作战 view's counts, per document and per unit.
#[divan::bench]
fn progress_rows(bencher: Bencher) {
    let Some((_dir, app)) = app_with_rows(500) else {
        return;
    };
    bencher.bench_local(|| black_box(app.progress_rows()));
}
