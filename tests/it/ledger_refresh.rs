//! A dashboard's snapshot brought up to date by reading only the documents written to since
//! (`Ledger::refresh`) is, field for field, the snapshot a whole read gives: after writes to
//! one document or several, a new pair, a note, an undo, a write by another connection, and
//! with an edited document whose gone task's history is an orphan.

use crate::common;

use common::ledger::{PLAN, PLAN_EDITED, day, who, write_plan};
use dutymatrix::ledger::{Ledger, NewChange, OpenMode, Snapshot, Status};
use dutymatrix::load;
use dutymatrix::model::Model;
use std::path::{Path, PathBuf};

fn model_of(paths: &[PathBuf]) -> Model {
    load::load(&load::Options {
        docs: paths.to_vec(),
        no_builtin: true,
        no_cache: true,
        ..load::Options::default()
    })
    .expect("the plans load")
    .model
}

fn change(unit: &str, status: Option<Status>, note: Option<&str>) -> NewChange {
    NewChange {
        unit: unit.to_string(),
        status,
        note: note.map(str::to_string),
        note_date: note.map(|_| day("2026-12-01")),
    }
}

/// The two snapshots hold the same state, links and orphans, read as of the same row.
fn same(refreshed: &Snapshot, whole: &Snapshot, when: &str) {
    assert_eq!(refreshed.entries, whole.entries, "{when}: entries");
    assert_eq!(refreshed.orphans, whole.orphans, "{when}: orphans");
    assert_eq!(
        refreshed.links.task_of_key, whole.links.task_of_key,
        "{when}: links"
    );
    let ids = |s: &Snapshot| s.links.orphans.iter().map(|k| k.id).collect::<Vec<_>>();
    assert_eq!(ids(refreshed), ids(whole), "{when}: orphaned keys");
    assert_eq!(refreshed.seen, whole.seen, "{when}: how far it saw");
}

fn second_plan(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("二号.txt");
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn a_snapshot_refreshed_is_the_snapshot_read_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = [write_plan(dir.path(), PLAN), second_plan(dir.path(), PLAN)];
    let model = model_of(&paths);
    let ledger_path = dir.path().join("ledger.sqlite3");
    let alice = who("alice");
    let mut ledger = Ledger::open_as(&ledger_path, OpenMode::Create, &alice)
        .expect("opens")
        .expect("a ledger");
    let record = |l: &mut Ledger, task: &str, c: NewChange| {
        l.record(&model, &alice, task, c).expect("recorded");
    };
    record(
        &mut ledger,
        "plan/1.1",
        change("市民政局", Some(Status::Doing), None),
    );
    record(
        &mut ledger,
        "二号/1.2",
        change("市财政局", None, Some("资金已落实")),
    );
    let mut snap = ledger.snapshot(&model).expect("snapshot");
    assert_eq!(snap.entries.len(), 2);

    ledger.refresh(&model, &mut snap).expect("refresh");
    same(
        &snap,
        &ledger.snapshot(&model).expect("whole"),
        "nothing new",
    );

    // One document: a new pair, a note on a pair already there, an undo.
    record(
        &mut ledger,
        "plan/1.3",
        change("市人力资源社会保障局", Some(Status::Done), None),
    );
    record(
        &mut ledger,
        "plan/1.1",
        change("市民政局", None, Some("签约3家")),
    );
    ledger
        .undo(&model, &alice, "plan/1.1", "市民政局")
        .expect("undone");
    ledger.refresh(&model, &mut snap).expect("refresh");
    same(
        &snap,
        &ledger.snapshot(&model).expect("whole"),
        "one document",
    );
    assert_eq!(snap.entries.len(), 3);

    // What the snapshot held of a document written to is replaced, not added to: a state the
    // ledger no longer has (planted here) goes with the rest of that document's.
    let planted = snap.entries.values().next().cloned().expect("an entry");
    snap.entries.insert("二号/1.3", "市教育局".into(), planted);
    record(
        &mut ledger,
        "二号/1.3",
        change("市人力资源社会保障局", Some(Status::Doing), None),
    );
    ledger.refresh(&model, &mut snap).expect("refresh");
    same(&snap, &ledger.snapshot(&model).expect("whole"), "replaced");

    // Both documents, by another connection (another official's process).
    {
        let mut other = Ledger::open_as(&ledger_path, OpenMode::ReadWrite, &alice)
            .expect("opens")
            .expect("a ledger");
        record(
            &mut other,
            "二号/1.1",
            change("市卫生健康委", Some(Status::Paused), None),
        );
        record(
            &mut other,
            "plan/1.2",
            change("市民政局", Some(Status::Doing), None),
        );
    }
    ledger.refresh(&model, &mut snap).expect("refresh");
    same(
        &snap,
        &ledger.snapshot(&model).expect("whole"),
        "another writer",
    );
    assert_eq!(snap.entries.len(), 6);

    // The plan re-issued (a task gone, the others moved): today's links and orphans, then a
    // write to the edited document.
    write_plan(dir.path(), PLAN_EDITED);
    let edited = model_of(&paths);
    let mut snap = ledger.snapshot(&edited).expect("snapshot");
    assert_eq!(snap.orphans.len(), 1, "{:?}", snap.orphans);
    ledger
        .record(
            &edited,
            &alice,
            "plan/1.1",
            change("市民政局", Some(Status::Doing), None),
        )
        .expect("recorded");
    ledger
        .record(
            &edited,
            &alice,
            "二号/1.3",
            change("市人力资源社会保障局", None, Some("培训")),
        )
        .expect("recorded");
    ledger.refresh(&edited, &mut snap).expect("refresh");
    same(
        &snap,
        &ledger.snapshot(&edited).expect("whole"),
        "edited document",
    );

    // A part (one unit's snapshot) is never patched: it is read whole.
    let mut part = ledger.snapshot_of(&edited, Some("市民政局")).expect("part");
    assert_eq!(part.seen, None);
    ledger.refresh(&edited, &mut part).expect("refresh");
    same(&part, &ledger.snapshot(&edited).expect("whole"), "a part");
}

#[test]
fn a_whole_read_begun_before_the_documents_is_the_snapshot_read_after() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("ledger.sqlite3");
    let alice = who("alice");
    Ledger::open_as(&path, OpenMode::Create, &alice)
        .expect("opens")
        .expect("a ledger");
    common::ledger::read_ahead_is_the_snapshot_read_after(&path, dir.path(), &alice);
}
