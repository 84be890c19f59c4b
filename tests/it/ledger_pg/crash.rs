//! A stream of writes while the server fails under it: its connection cut (as a network would)
//! and the server killed with `pg_ctl stop -m immediate`, then started again. The writer
//! retries each failed write, as the dashboard's form keeps it: every write reported done is
//! there afterwards, and none is there twice.

use crate::common::ledger::{PLAN, model_of, write_plan};
use crate::common::pg::{self, OWNER};
use crate::common::poll_until;
use crate::ledger_cli::in_ledger;
use dutymatrix::ledger::{NewChange, OpenMode, Status, identity};
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[test]
fn a_server_killed_or_cut_off_mid_stream_loses_nothing_reported_done() {
    let test = "a_server_killed_or_cut_off_mid_stream_loses_nothing_reported_done";
    let Some(cluster) = pg::private(test) else {
        return;
    };
    let db = cluster.database("crash");
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), PLAN);
    let url = cluster.url(&db, OWNER);
    assert_eq!(in_ledger(dir.path(), Path::new(&url), &["init"]).code, 0);

    let done = Arc::new(Mutex::new(Vec::<String>::new()));
    let failures = Arc::new(Mutex::new(0usize));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (done, failures, stop, url) =
            (done.clone(), failures.clone(), stop.clone(), url.clone());
        std::thread::spawn(move || {
            let model = model_of(&plan);
            let me = identity::current();
            let mut ledger = super::server_ledger(&url, OpenMode::ReadWrite);
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                let note = format!("k-{i}");
                let change = NewChange {
                    unit: "市民政局".into(),
                    status: Some(Status::Doing),
                    note: Some(note.clone()),
                    note_date: None,
                };
                // The same write again until it is reported done, as a kept form is sent again.
                while ledger
                    .record(&model, &me, "plan/1.1", change.clone())
                    .is_err()
                {
                    *failures.lock().unwrap() += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
                done.lock().unwrap().push(note);
                i += 1;
            }
        })
    };
    let reached = |n: usize| {
        assert!(
            poll_until(Duration::from_secs(60), || done.lock().unwrap().len() >= n),
            "the writer stalled at {}",
            done.lock().unwrap().len()
        )
    };
    reached(30);
    // The connection cut under the writer.
    cluster
        .psql_as(
            &db,
            "postgres",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dutymatrix'",
        )
        .unwrap();
    reached(60);
    let before_kill = done.lock().unwrap().len();
    cluster.pg_ctl(&["stop", "-m", "immediate"]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    cluster.pg_ctl(&["start"]).unwrap();
    reached(before_kill + 30);
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();

    let done = done.lock().unwrap().clone();
    let failed = *failures.lock().unwrap();
    eprintln!(
        "{} writes reported done, {failed} failed tries retried",
        done.len()
    );
    assert!(failed > 0, "the server's failures never reached the writer");
    let stored: Vec<String> = cluster
        .psql_as(
            &db,
            "postgres",
            "SELECT note FROM dutymatrix.history ORDER BY id",
        )
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let unique: HashSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), stored.len(), "a write was recorded twice");
    assert_eq!(
        stored, done,
        "every write reported done, in order, and nothing else"
    );
}
