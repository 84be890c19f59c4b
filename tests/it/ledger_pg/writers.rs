//! Many writers at once, and writers whose server fails under them: nothing reported done is
//! lost, and nothing is recorded twice.
//!
//! The writers are processes: this test binary run again (`child_writer`, ignored unless asked
//! for) with what to write in its environment, as the dashboards of several officials would be.

use super::setup;
use crate::common::ledger::model_of;
use crate::common::pg::OWNER;
use crate::ledger_cli::in_ledger;
use dutymatrix::ledger::{Ledger, NewChange, OpenMode, Status, identity};
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};

const WRITES: usize = 500;
const TASK: &str = "plan/1.2";

#[test]
#[ignore = "a child process of eight_writers_from_two_roles_lose_nothing"]
fn child_writer() {
    let Ok(job) = std::env::var("DM_PG_WRITER") else {
        return;
    };
    let parts: Vec<&str> = job.split('\t').collect();
    let [url, plan, unit, tag, count] = parts[..] else {
        panic!("bad job {job}");
    };
    let model = model_of(Path::new(plan));
    let mut ledger = Ledger::open(Path::new(url), OpenMode::ReadWrite)
        .unwrap()
        .unwrap();
    let me = identity::current();
    for i in 0..count.parse::<usize>().unwrap() {
        let note = format!("{tag}-{i}");
        let status = [Status::Todo, Status::Doing, Status::Done][i % 3];
        ledger
            .record(
                &model,
                &me,
                TASK,
                NewChange {
                    unit: unit.to_string(),
                    status: Some(status),
                    note: Some(note.clone()),
                    note_date: None,
                },
            )
            .unwrap();
        println!("done {note}");
    }
}

#[test]
fn eight_writers_from_two_roles_lose_nothing() {
    let Some((cluster, db, dir)) = setup("eight_writers_from_two_roles_lose_nothing") else {
        return;
    };
    let d = dir.path();
    let owner = cluster.url(&db, OWNER);
    assert_eq!(in_ledger(d, Path::new(&owner), &["init"]).code, 0);
    for (role, unit) in [("alice", "市民政局"), ("bob", "市财政局")] {
        let r = in_ledger(d, Path::new(&owner), &["members", "add", role, unit]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // A dashboard's view of the ledger before the writers, brought up to date after them.
    let model = model_of(&d.join("plan.txt"));
    let watching = Ledger::open(Path::new(&owner), OpenMode::ReadOnly)
        .unwrap()
        .unwrap();
    let mut seen = watching.snapshot(&model).unwrap();
    let started = std::time::Instant::now();
    let children: Vec<_> = (0..8)
        .map(|i| {
            let (role, unit) = if i % 2 == 0 {
                ("alice", "市民政局")
            } else {
                ("bob", "市财政局")
            };
            let job = [
                cluster.url(&db, role),
                d.join("plan.txt").display().to_string(),
                unit.to_string(),
                format!("w{i}"),
                WRITES.to_string(),
            ]
            .join("\t");
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "ledger_pg::writers::child_writer",
                    "--exact",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env("DM_PG_WRITER", job)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut reported = HashSet::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            // The harness's "test … " may begin the first line.
            if let Some((_, note)) = line.split_once("done ") {
                reported.insert(note.to_string());
            }
        }
    }
    let took = started.elapsed();
    eprintln!(
        "8 writers × {WRITES}: {:.0} writes/s ({} ms)",
        (8 * WRITES) as f64 / took.as_secs_f64(),
        took.as_millis()
    );
    assert_eq!(reported.len(), 8 * WRITES);
    let psql = |sql: &str| cluster.psql_as(&db, "postgres", sql).unwrap();
    assert_eq!(
        psql(
            "SELECT who || ' ' || unit || ' ' || count(*) || ' ' || count(DISTINCT note)
              FROM dutymatrix.history GROUP BY who, unit ORDER BY who"
        ),
        format!(
            "alice 市民政局 {n} {n}\nbob 市财政局 {n} {n}",
            n = 4 * WRITES
        )
    );
    let stored: HashSet<String> = psql("SELECT note FROM dutymatrix.history")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(stored, reported);
    // The state kept per pair under eight racing writers is the history's.
    let r = in_ledger(d, Path::new(&owner), &["verify"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // The task's document's pairs alone read the same state as the whole ledger, and so does
    // the view from before the writers, refreshed.
    let ledger = Ledger::open(Path::new(&owner), OpenMode::ReadOnly)
        .unwrap()
        .unwrap();
    let whole = ledger.snapshot(&model).unwrap();
    watching.refresh(&model, &mut seen).unwrap();
    assert_eq!(seen.entries, whole.entries);
    assert_eq!(seen.newest, whole.newest);
    assert!(whole.newest.is_some_and(|n| n >= 8 * WRITES as i64));
    let document = &model.tasks.iter().find(|t| t.id == TASK).unwrap().document;
    let one = ledger.snapshot_of_document(&model, document).unwrap();
    for unit in ["市民政局", "市财政局"] {
        let kept = whole.entry(TASK, unit);
        assert!(kept.is_some_and(|e| e.note.is_some()), "{unit}");
        assert_eq!(one.entry(TASK, unit), kept, "{unit}");
    }
}
