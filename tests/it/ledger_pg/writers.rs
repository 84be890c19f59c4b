//! Many writers at once, and writers whose server fails under them: nothing reported done is
//! lost, and nothing is recorded twice.
//!
//! The writers are processes: this test binary run again (`child_writer`, ignored unless asked
//! for) with what to write in its environment, as the dashboards of several officials would be.

use super::setup;
use crate::common::ledger::model_of;
use crate::common::pg::OWNER;
use crate::ledger_cli::in_ledger;
use dutymatrix::ledger::{NewChange, OpenMode, Seen, Status, identity};
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};

const WRITES: usize = 500;
const TASK: &str = "plan/1.2";

/// A server ledger made by its owner (whose URL comes last), alice writing for 市民政局 and bob
/// for 市财政局.
fn two_writers(
    test: &str,
) -> Option<(
    &'static crate::common::pg::Cluster,
    String,
    tempfile::TempDir,
    String,
)> {
    let (cluster, db, dir) = setup(test)?;
    let owner = cluster.url(&db, OWNER);
    assert_eq!(in_ledger(dir.path(), Path::new(&owner), &["init"]).code, 0);
    for (role, unit) in [("alice", "市民政局"), ("bob", "市财政局")] {
        let r = in_ledger(
            dir.path(),
            Path::new(&owner),
            &["members", "add", role, unit],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    Some((cluster, db, dir, owner))
}

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
    let mut ledger = super::server_ledger(url, OpenMode::ReadWrite);
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
    let Some((cluster, db, dir, owner)) = two_writers("eight_writers_from_two_roles_lose_nothing")
    else {
        return;
    };
    let d = dir.path();
    // A dashboard's view of the ledger before the writers, brought up to date after them.
    let model = model_of(&d.join("plan.txt"));
    let watching = super::server_ledger(&owner, OpenMode::ReadOnly);
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
    let ledger = super::server_ledger(&owner, OpenMode::ReadOnly);
    let whole = ledger.snapshot(&model).unwrap();
    let document = &model.tasks.iter().find(|t| t.id == TASK).unwrap().document;
    // Only the writers' document is read again, though their ids did not commit in order.
    let before = seen.seen.clone().expect("a whole read says how far it saw");
    assert_eq!(
        watching.documents_since(&before).unwrap(),
        Some(vec![document.to_string()])
    );
    watching.refresh(&model, &mut seen).unwrap();
    assert_eq!(seen.entries, whole.entries);
    assert!(matches!(seen.seen, Some(Seen::Snapshot { .. })));
    let one = ledger.snapshot_of_document(&model, document).unwrap();
    for unit in ["市民政局", "市财政局"] {
        let kept = whole.entry(TASK, unit);
        assert!(kept.is_some_and(|e| e.note.is_some()), "{unit}");
        assert_eq!(one.entry(TASK, unit), kept, "{unit}");
    }
}

/// A writer that took its row id first and commits last: a view refreshed in between must
/// still read its row afterwards (ids from the sequence do not follow commits; reading on from
/// the newest id seen would skip it for good).
#[test]
fn a_row_committed_after_a_newer_id_is_read_on_the_next_refresh() {
    let Some((cluster, db, dir, owner)) =
        two_writers("a_row_committed_after_a_newer_id_is_read_on_the_next_refresh")
    else {
        return;
    };
    let d = dir.path();
    let model = model_of(&d.join("plan.txt"));
    let write = |role: &str, task: &str, unit: &str, note: &str| {
        let mut l = super::server_ledger(&cluster.url(&db, role), OpenMode::ReadWrite);
        let change = NewChange {
            unit: unit.into(),
            status: Some(Status::Doing),
            note: Some(note.into()),
            note_date: None,
        };
        l.record(&model, &identity::current(), task, change)
            .unwrap();
    };
    write("alice", "plan/1.1", "市民政局", "first");
    write("bob", TASK, "市财政局", "first");
    let watching = super::server_ledger(&owner, OpenMode::ReadOnly);
    let mut view = watching.snapshot(&model).unwrap();

    // alice's row takes its id and waits; bob's, with a larger id, commits first.
    let key: i64 = cluster
        .psql_as(
            &db,
            OWNER,
            "SELECT id FROM dutymatrix.task_keys WHERE task_id = 'plan/1.1'",
        )
        .unwrap()
        .parse()
        .unwrap();
    let mut alice = postgres::Client::connect(&cluster.url(&db, "alice"), postgres::NoTls).unwrap();
    let mut slow = alice.transaction().unwrap();
    slow.execute(
        "INSERT INTO dutymatrix.history (task_key, unit, status, note)
         VALUES ($1, '市民政局', 'done', 'slow')",
        &[&key],
    )
    .unwrap();
    write("bob", TASK, "市财政局", "fast");
    watching.refresh(&model, &mut view).unwrap();
    let note = |v: &dutymatrix::ledger::Snapshot, task: &str, unit: &str| {
        v.entry(task, unit)
            .and_then(|e| e.note.as_ref())
            .and_then(|n| n.note.clone())
    };
    assert_eq!(note(&view, TASK, "市财政局").as_deref(), Some("fast"));
    assert_eq!(
        note(&view, "plan/1.1", "市民政局").as_deref(),
        Some("first")
    );

    slow.commit().unwrap();
    let before = view.seen.clone().unwrap();
    assert_eq!(
        watching.documents_since(&before).unwrap(),
        Some(vec!["plan".to_string()]),
        "read on, not read whole"
    );
    watching.refresh(&model, &mut view).unwrap();
    assert_eq!(note(&view, "plan/1.1", "市民政局").as_deref(), Some("slow"));
    assert_eq!(view.entries, watching.snapshot(&model).unwrap().entries);
    assert_eq!(
        watching
            .documents_since(view.seen.as_ref().unwrap())
            .unwrap(),
        Some(vec![])
    );
}
