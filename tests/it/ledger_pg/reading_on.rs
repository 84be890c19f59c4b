//! What an open view reads on from must be the same server's and the same ledger's: a server
//! that drops the dashboard between its two first reads, and a ledger restored from a dump
//! under an open view, are read again whole.

use super::setup;
use crate::common::ledger::{day, model_of, who};
use crate::common::pg::OWNER;
use crate::ledger_cli::in_ledger;
use dutymatrix::ledger::{Ledger, NewChange, OpenMode, Status, identity};
use dutymatrix::model::Model;
use dutymatrix::tui::app::App;
use dutymatrix::words::Lang;
use std::path::Path;
use std::process::Command;

/// A server ledger made by its owner, the plan's model, and where they are.
struct Opened {
    cluster: &'static crate::common::pg::Cluster,
    db: String,
    dir: tempfile::TempDir,
    owner: String,
    model: Model,
}

fn opened(test: &str) -> Option<Opened> {
    let (cluster, db, dir) = setup(test)?;
    let owner = cluster.url(&db, OWNER);
    assert_eq!(in_ledger(dir.path(), Path::new(&owner), &["init"]).code, 0);
    let model = model_of(&dir.path().join("plan.txt"));
    Some(Opened {
        cluster,
        db,
        dir,
        owner,
        model,
    })
}

fn record(l: &mut Ledger, model: &Model, task: &str, unit: &str, status: Status) {
    let change = NewChange {
        unit: unit.into(),
        status: Some(status),
        note: None,
        note_date: None,
    };
    l.record(model, &identity::current(), task, change).unwrap();
}

/// The dashboard read one unit's pairs for its first frame; the server went away before the
/// rest. Other units must not look as if nothing were recorded for them: the lights come from
/// the deadlines alone, with the notice, until the whole state is read.
#[test]
fn a_server_lost_between_the_first_frame_and_the_rest_shows_no_half_state() {
    let Some(Opened {
        cluster,
        db,
        dir,
        owner,
        model,
    }) = opened("a_server_lost_between_the_first_frame")
    else {
        return;
    };
    let _kept = dir;
    let app = App::new(model.clone(), Lang::Zh, day("2026-12-01"));
    let unit = app.model().units[app.selected_unit().unwrap()].id.clone();
    let duty = app.model().tasks[app.duties()[0].0].id.to_string();
    let (task, other) = (app.model().tasks.iter())
        .flat_map(|t| {
            t.assignments
                .iter()
                .map(move |a| (t.id.to_string(), a.unit.clone()))
        })
        .find(|(_, u)| *u != unit)
        .unwrap();
    let mut l = super::server_ledger(&owner, OpenMode::ReadWrite);
    record(&mut l, &model, &duty, &unit, Status::Doing);
    record(&mut l, &model, &task, &other, Status::Done);
    let mut app = app.with_ledger_unread(Some(owner.clone().into()), 30, who(OWNER));
    app.read_ledger_first(1);
    assert!(!app.ledger().read_whole());
    assert_eq!(
        app.ledger().snapshot.status(&duty, &unit),
        Some(Status::Doing)
    );
    cluster.cut_connections(&db);
    assert!(
        app.read_ledger_rest(),
        "the frame changes: the notice, the lights"
    );
    let state = app.ledger();
    assert!(!state.is_open());
    assert!(state.notice.is_some());
    assert!(!state.read_whole(), "still to be read whole");
    assert_eq!(
        state.snapshot.status(&duty, &unit),
        None,
        "no half state kept"
    );
}

/// A ledger restored from a dump (its schema dropped and made again) under an open view: the
/// view's snapshot belongs to the table that was dropped, and is read again whole.
#[test]
fn a_ledger_restored_under_an_open_view_is_read_again_whole() {
    let Some(Opened {
        cluster,
        db,
        dir,
        owner,
        model,
    }) = opened("a_ledger_restored_under_an_open_view")
    else {
        return;
    };
    let d = dir.path();
    let mut l = super::server_ledger(&owner, OpenMode::ReadWrite);
    record(&mut l, &model, "plan/1.1", "市民政局", Status::Doing);
    let dump = d.join("dump.sql");
    let socket = cluster.socket().display().to_string();
    let port = cluster.port.to_string();
    let out = Command::new(cluster.bin.join("pg_dump"))
        .args([
            "-h",
            &socket,
            "-p",
            &port,
            "-U",
            "postgres",
            "-n",
            "dutymatrix",
            "-f",
        ])
        .arg(&dump)
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    record(&mut l, &model, "plan/1.2", "市财政局", Status::Paused);
    drop(l);
    let watching = super::server_ledger(&owner, OpenMode::ReadOnly);
    let mut view = watching.snapshot(&model).unwrap();
    assert_eq!(view.status("plan/1.2", "市财政局"), Some(Status::Paused));
    cluster
        .psql_as(&db, "postgres", "DROP SCHEMA dutymatrix CASCADE")
        .unwrap();
    let out = Command::new(cluster.bin.join("psql"))
        .args([
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            &socket,
            "-p",
            &port,
        ])
        .args(["-U", "postgres", "-d", &db, "-f"])
        .arg(&dump)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = view.seen.clone().unwrap();
    assert_eq!(watching.documents_since(&before).unwrap(), None);
    watching.refresh(&model, &mut view).unwrap();
    assert_eq!(
        view.status("plan/1.2", "市财政局"),
        None,
        "the restored ledger's"
    );
    assert_eq!(view.status("plan/1.1", "市民政局"), Some(Status::Doing));
    assert_eq!(view.entries, watching.snapshot(&model).unwrap().entries);
}

/// A snapshot is read on from only on the connection it was taken on: a store opened again (a
/// dashboard reconnecting after the server went away) has a connection of its own.
#[test]
fn a_snapshot_taken_on_another_connection_is_read_whole() {
    let Some(Opened {
        dir, owner, model, ..
    }) = opened("a_snapshot_taken_on_another_connection")
    else {
        return;
    };
    let _kept = dir;
    let first = super::server_ledger(&owner, OpenMode::ReadOnly);
    let seen = first.snapshot(&model).unwrap().seen.unwrap();
    assert_eq!(first.documents_since(&seen).unwrap(), Some(vec![]));
    let again = super::server_ledger(&owner, OpenMode::ReadOnly);
    assert_eq!(again.documents_since(&seen).unwrap(), None);
}

/// The owner repairs a row in force by hand (the only one who may): the view shows the repair
/// at once and verify stays whole; a row in force removed by hand breaks no read, and verify
/// names its pair.
#[test]
fn an_owners_repair_shows_at_once_and_a_removed_row_breaks_no_read() {
    let Some(Opened {
        cluster,
        db,
        dir,
        owner,
        model,
    }) = opened("an_owners_repair_shows_at_once")
    else {
        return;
    };
    let d = dir.path();
    let mut l = super::server_ledger(&owner, OpenMode::ReadWrite);
    record(&mut l, &model, "plan/1.1", "市民政局", Status::Doing);
    record(&mut l, &model, "plan/1.2", "市财政局", Status::Paused);
    let psql = |sql: &str| cluster.psql_as(&db, OWNER, sql).unwrap();
    psql("UPDATE dutymatrix.history SET status = 'done' WHERE unit = '市民政局'");
    assert_eq!(
        l.snapshot(&model).unwrap().status("plan/1.1", "市民政局"),
        Some(Status::Done)
    );
    let r = in_ledger(d, Path::new(&owner), &["verify"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    psql("DELETE FROM dutymatrix.history WHERE unit = '市财政局'");
    let r = in_ledger(d, Path::new(&owner), &["show", "plan/1.2", "--json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let snap = l.snapshot(&model).unwrap();
    assert_eq!(snap.status("plan/1.2", "市财政局"), None);
    assert_eq!(snap.status("plan/1.1", "市民政局"), Some(Status::Done));
    let r = in_ledger(d, Path::new(&owner), &["verify"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("市财政局"), "{}", r.stdout);
}

/// The server hands the pairs of a whole read in no order; the snapshot is the same as ever.
#[test]
fn a_whole_read_begun_before_the_documents_is_the_snapshot_read_after() {
    let Some(Opened { dir, owner, .. }) = opened("a_whole_read_begun_before_the_documents") else {
        return;
    };
    crate::common::ledger::read_ahead_is_the_snapshot_read_after(
        Path::new(&owner),
        dir.path(),
        &identity::current(),
    );
}
