//! The dashboard says plainly when the ledger was changed around dutymatrix: on open, and as
//! rows arrive while it is open; the notice names the row. And it never freezes on another
//! writer's lock: the form says it waits, tries again, and Esc cancels.

use super::{TODAY, model, open, select, setup};
use crate::common::ledger::{day, who};
use crate::common::screen::{press, typed};
use crossterm::event::KeyCode;
use dutymatrix::ledger::{NewChange, Status};
use dutymatrix::tui::app::App;
use dutymatrix::words::Lang;

fn record(path: &std::path::Path, a: &App) {
    open(path)
        .record(
            a.model(),
            &who("alice"),
            "plan/1.2",
            NewChange {
                unit: "市财政局".into(),
                status: Some(Status::Doing),
                note: Some("资金已拨付".into()),
                note_date: Some(day(TODAY)),
            },
        )
        .expect("records");
}

/// A row slipped in with a made-up seal: it passes the guard (the next id, a seal's length, a
/// supervisor's login) but not the chain.
fn forge(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).expect("sqlite");
    c.execute(
        "INSERT INTO history (id, task_key, unit, status, who, uid, at, chain)
         SELECT max(id) + 1, 1, '市财政局', 'done', 'alice', 1000, '2026-01-01T00:00:00.000Z',
                randomblob(32) FROM history",
        [],
    )
    .expect("forged");
}

#[test]
fn a_row_forged_while_the_dashboard_is_open_is_named_when_it_arrives() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    record(&path, &a);
    assert!(a.refresh_ledger());
    assert_eq!(a.ledger().notice, None);
    forge(&path);
    assert!(a.refresh_ledger());
    let m = a.message().map(String::from).expect("a notice");
    assert!(
        m.contains("被绕过 dutymatrix 改动过：历史记录第 #2 条与留痕链不符"),
        "{m}"
    );
    // It stays: later changes do not clear it.
    record(&path, &a);
    assert!(a.refresh_ledger());
    assert_eq!(a.ledger().notice.as_deref(), Some(m.as_str()));
}

#[test]
fn a_forged_row_is_named_when_the_dashboard_opens() {
    let (dir, path, a) = setup("alice", Lang::En);
    record(&path, &a);
    forge(&path);
    let b = App::new(model(dir.path()), Lang::En, day(TODAY)).with_ledger_as(
        Some(path),
        30,
        who("alice"),
    );
    let m = b.message().map(String::from).expect("a notice");
    assert!(
        m.contains("was changed around dutymatrix: history row #2 does not fit the chain"),
        "{m}"
    );
}

/// Another process holding the write lock (BEGIN IMMEDIATE) until dropped.
fn hold_lock(path: &std::path::Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).expect("sqlite");
    c.execute_batch("BEGIN IMMEDIATE").expect("lock");
    c
}

#[test]
fn a_held_write_lock_is_waited_for_without_freezing_and_the_note_is_kept() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    select(&mut a, "市民政局", "plan/1.1");
    press(&mut a, KeyCode::Char('r'));
    typed(&mut a, "选址已完成");
    let lock = hold_lock(&path);
    // Returns after the short wait (not the 30 s a command line write waits), form still open.
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.message(),
        Some("等待台账写锁…（他人正在写入；Esc 取消，未写入）")
    );
    assert_eq!(
        a.progress_form().map(|f| f.note.as_str()),
        Some("选址已完成")
    );
    // Still held: the probe tries again and still waits; the keys still work.
    assert!(a.refresh_ledger());
    typed(&mut a, "，签约3家");
    assert!(a.progress_form().is_some());
    drop(lock);
    assert!(a.refresh_ledger());
    assert!(a.progress_form().is_none(), "written and closed");
    assert_eq!(a.message(), Some("已记录：市民政局 推进中"));
    let snap = open(&path).snapshot(a.model()).expect("snapshot");
    let note = snap
        .entry("plan/1.1", "市民政局")
        .and_then(|e| e.note.clone());
    assert_eq!(
        note.and_then(|n| n.note.clone()).as_deref(),
        Some("选址已完成，签约3家")
    );
}

#[test]
fn a_wait_for_the_lock_can_be_cancelled_and_nothing_is_written() {
    let (_dir, path, mut a) = setup("alice", Lang::En);
    select(&mut a, "市民政局", "plan/1.1");
    press(&mut a, KeyCode::Char('r'));
    typed(&mut a, "draft");
    let lock = hold_lock(&path);
    press(&mut a, KeyCode::Enter);
    assert!(
        a.message()
            .is_some_and(|m| m.starts_with("waiting for the ledger's write lock"))
    );
    press(&mut a, KeyCode::Esc);
    assert!(a.progress_form().is_none());
    drop(lock);
    a.refresh_ledger();
    let snap = open(&path).snapshot(a.model()).expect("snapshot");
    assert!(
        snap.entry("plan/1.1", "市民政局").is_none(),
        "nothing written"
    );
}
