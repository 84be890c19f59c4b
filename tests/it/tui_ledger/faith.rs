//! The dashboard says plainly when the ledger was changed around dutymatrix: on open, and as
//! rows arrive while it is open; the notice names the row.

use super::{TODAY, model, open, setup};
use crate::common::ledger::{day, who};
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
