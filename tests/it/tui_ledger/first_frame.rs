//! The dashboard reads the ledger around its first frame: the selected unit's pairs alone
//! before it, when they are all the frame shows, and the rest before the first key.

use super::{TODAY, model, open};
use crate::common::ledger::{day, who};
use crate::common::screen::render;
use dutymatrix::ledger::{Ledger, MemberChange, NewChange, OpenMode, Status};
use dutymatrix::tui::app::App;
use dutymatrix::words::Lang;

/// A ledger with one record for the unit selected at start and one for 市财政局, and a
/// dashboard opened on it without reading its state.
fn opened() -> (tempfile::TempDir, std::path::PathBuf, App, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.sqlite3");
    Ledger::open_as(&path, OpenMode::Create, &who("alice"))
        .expect("opens")
        .expect("created");
    let app = App::new(model(dir.path()), Lang::Zh, day(TODAY));
    let first = app.selected_unit().expect("a unit is selected at start");
    let unit = app.model().units[first].id.clone();
    assert_ne!(
        unit, "市财政局",
        "the plan's 市财政局 is not the first unit"
    );
    let duty = app.model().tasks[app.duties()[0].0].id.to_string();
    let mut l = open(&path);
    for (task, u, status) in [
        (duty.as_str(), unit.as_str(), Status::Doing),
        ("plan/1.2", "市财政局", Status::Paused),
    ] {
        l.record(
            app.model(),
            &who("alice"),
            task,
            NewChange {
                unit: u.into(),
                status: Some(status),
                note: None,
                note_date: None,
            },
        )
        .expect("records");
    }
    let app = app.with_ledger_unread(Some(path.clone()), 30, who("alice"));
    (dir, path, app, unit, duty)
}

#[test]
fn the_first_frame_reads_only_the_selected_units_pairs_and_the_rest_follows() {
    let (_dir, _path, mut app, unit, duty) = opened();
    let rows = u16::try_from(app.duties().len()).expect("few duties");
    app.read_ledger_first(rows);
    let state = app.ledger();
    assert!(!state.read_whole(), "only the unit's pairs were read");
    assert_eq!(state.snapshot.status(&duty, &unit), Some(Status::Doing));
    assert_eq!(state.snapshot.status("plan/1.2", "市财政局"), None);
    let screen = render(&mut app, 80, rows).join("\n");
    assert!(
        screen.contains("推进中"),
        "the unit's own status is drawn:\n{screen}"
    );

    assert!(
        !app.read_ledger_rest(),
        "nothing new was committed: no second frame"
    );
    let state = app.ledger();
    assert!(state.read_whole());
    assert_eq!(
        state.snapshot.status("plan/1.2", "市财政局"),
        Some(Status::Paused)
    );
    assert_eq!(state.snapshot.status(&duty, &unit), Some(Status::Doing));
    assert!(!app.read_ledger_rest(), "read once");
}

#[test]
fn a_screen_the_units_duties_do_not_fill_reads_everything_first() {
    let (_dir, _path, mut app, _unit, _duty) = opened();
    let rows = u16::try_from(app.duties().len() + 1).expect("few duties");
    app.read_ledger_first(rows);
    assert!(
        app.ledger().read_whole(),
        "other units' rows may be on screen"
    );
    assert_eq!(
        app.ledger().snapshot.status("plan/1.2", "市财政局"),
        Some(Status::Paused)
    );
    assert!(!app.read_ledger_rest(), "nothing was left to read");
}

#[test]
fn a_record_committed_between_the_two_reads_is_drawn_again() {
    let (_dir, path, mut app, unit, duty) = opened();
    app.read_ledger_first(1);
    assert!(!app.ledger().read_whole());
    open(&path)
        .record(
            app.model(),
            &who("alice"),
            &duty,
            NewChange {
                unit: unit.clone(),
                status: Some(Status::Done),
                note: None,
                note_date: None,
            },
        )
        .expect("records");
    assert!(app.read_ledger_rest(), "the frame shows a stale state");
    assert_eq!(
        app.ledger().snapshot.status(&duty, &unit),
        Some(Status::Done)
    );
}

#[test]
fn a_members_opening_line_counts_the_whole_state_so_it_comes_with_the_rest() {
    let (dir, path, app, _unit, _duty) = opened();
    drop(app);
    open(&path)
        .change_member(
            &who("alice"),
            &MemberChange::Grant {
                login: "bob".into(),
                unit: "市人力资源社会保障局".into(),
            },
        )
        .expect("grant");
    let mut app = App::new(model(dir.path()), Lang::Zh, day(TODAY)).with_ledger_unread(
        Some(path),
        30,
        who("bob"),
    );
    app.read_ledger_first(1);
    assert_eq!(app.message(), None, "not from one unit's pairs");
    assert!(app.read_ledger_rest(), "the line is a change to draw");
    // plan/1.3 fell due in 2025, and two of the built-in documents' tasks before TODAY.
    assert_eq!(app.message(), Some("本单位事项：红灯3项，黄灯0项"));
}
