//! The ledger in the dashboard, against real SQLite files in temporary folders: the progress
//! form (IME text, paste, cursor), close-out with its question, refusals, live refresh, notices
//! for unusable ledgers, and the views drawn into TestBackend and compared with
//! tests/snapshots/ (UPDATE_SNAPSHOTS=1 rewrites them).

use crate::common;

use common::ledger::{PLAN, day, who, write_plan};
use common::screen::{assert_aligned, cursor, press, render, snapshot_text, typed};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dutymatrix::ledger::{Ledger, Light, MemberChange, NewChange, OpenMode, Status};
use dutymatrix::load::{Options, load};
use dutymatrix::model::Model;
use dutymatrix::text::width;
use dutymatrix::tui::app::{App, Screen};
use dutymatrix::tui::handle;
use dutymatrix::tui::keys::Mode;
use dutymatrix::tui::view::{Theme, draw};
use dutymatrix::words::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};

mod faith;
mod first_frame;
mod history;
mod targets;

const TODAY: &str = "2026-12-01";

/// The built-in documents plus the small plan, whose deadlines fall on both sides of TODAY.
fn model(dir: &Path) -> Model {
    let plan = write_plan(dir, PLAN);
    load(&Options {
        docs: vec![plan],
        ..Options::default()
    })
    .expect("loads")
    .model
}

/// A ledger created by alice (its supervisor) and a dashboard writing as `login`.
fn setup(login: &str, lang: Lang) -> (tempfile::TempDir, PathBuf, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.sqlite3");
    Ledger::open_as(&path, OpenMode::Create, &who("alice"))
        .expect("opens")
        .expect("created");
    let app = App::new(model(dir.path()), lang, day(TODAY)).with_ledger_as(
        Some(path.clone()),
        30,
        who(login),
    );
    (dir, path, app)
}

fn open(path: &Path) -> Ledger {
    Ledger::open_as(path, OpenMode::ReadWrite, &who("alice"))
        .expect("opens")
        .expect("exists")
}

/// Selects `unit` and moves to its duty `task_id` in the duties pane.
fn select(app: &mut App, unit: &str, task_id: &str) {
    typed(app, unit);
    press(app, KeyCode::Enter);
    let at = app
        .duties()
        .iter()
        .position(|&(t, _)| app.model().tasks[t].id == task_id)
        .expect("the unit has the task");
    for _ in 0..at {
        press(app, KeyCode::Char('j'));
    }
}

/// The task `id` of the dashboard's model.
fn task_of(a: &App, id: &str) -> dutymatrix::model::Task {
    a.model()
        .tasks
        .iter()
        .find(|t| t.id == id)
        .expect("task")
        .clone()
}

/// Record times are the clock's and the files are in a fresh temporary folder: both masked
/// (to the same width) so the snapshot holds still.
fn snapshot(name: &str, lines: &[String]) {
    let time = regex::Regex::new(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}").expect("regex");
    let tmp = regex::Regex::new(r"/\S*\.tmp[A-Za-z0-9]{6}/").expect("regex");
    let text = lines.join("\n") + "\n";
    let got = time.replace_all(&text, "YYYY-MM-DD hh:mm");
    let got = tmp
        .replace_all(&got, |c: &regex::Captures| {
            format!("{:<1$}", "TMP/", c[0].len())
        })
        .into_owned();
    snapshot_text(name, &got);
}

#[test]
fn the_form_takes_ime_text_and_paste_and_records_it() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    select(&mut a, "市民政局", "plan/1.1");
    press(&mut a, KeyCode::Char('r'));
    assert_eq!(a.mode(), Mode::Form);
    let form = a.progress_form().cloned().expect("form open");
    assert_eq!(form.unit, "市民政局");
    assert_eq!(
        form.status,
        Status::Doing,
        "nothing recorded: 推进中 preset"
    );
    // An IME commits characters as key presses; q and r are text here, not commands.
    typed(&mut a, "已完成选址qr");
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    handle(&mut a, Event::Paste("，签订协议3份\n\x1b[2J".into()));
    let note = a.progress_form().map(|f| f.note.clone());
    assert_eq!(note.as_deref(), Some("已完成选址，签订协议3份 [2J"));
    // The cursor after the text, in display cells: box at x 8 at 80 columns, border, "> ".
    let (x, _) = cursor(&mut a, 80, 24);
    assert_eq!(
        usize::from(x),
        8 + 1 + 2 + width("已完成选址，签订协议3份 [2J")
    );
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Left);
    assert_eq!(
        a.progress_form().map(|f| f.note.as_str()),
        Some("已完成选址，签订协议3 [2J")
    );
    let (x2, _) = cursor(&mut a, 80, 24);
    assert_eq!(usize::from(x2), 8 + 1 + 2 + width("已完成选址，签订协议"));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Enter);
    assert!(a.progress_form().is_none(), "saved and closed");
    assert_eq!(a.message(), Some("已记录：市民政局 推进中"));
    let snap = open(&path).snapshot(a.model()).expect("snapshot");
    let e = snap.entry("plan/1.1", "市民政局").expect("recorded");
    assert_eq!(e.status, Some(Status::Doing));
    let n = e.note.as_ref().expect("a note");
    assert_eq!(n.note.as_deref(), Some("已完成选址，签订协议3 [2J"));
    assert_eq!(&*n.who, "alice");
    assert_eq!(n.note_date, Some(day(TODAY)));
    // The dashboard's own snapshot has it too: the row says 推进中.
    let lines = render(&mut a, 80, 24);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("> 黄 推进中 牵头") || l.contains("> 黄 推进中 责任")),
        "{}",
        lines.join("\n")
    );
}

#[test]
fn esc_cancels_the_form_and_writes_nothing() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    select(&mut a, "市民政局", "plan/1.1");
    press(&mut a, KeyCode::Char('r'));
    typed(&mut a, "草稿");
    press(&mut a, KeyCode::Esc);
    assert!(a.progress_form().is_none());
    assert_eq!(a.mode(), Mode::Pane);
    assert_eq!(open(&path).store().row_count().expect("rows"), 0);
}

#[test]
fn close_out_asks_first_and_then_the_light_is_grey() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    select(&mut a, "市人力资源社会保障局", "plan/1.3");
    let task = task_of(&a, "plan/1.3");
    // Due 2025-12-31, a year ago, nothing recorded: red.
    assert_eq!(
        a.ledger().light(&task, "市人力资源社会保障局", day(TODAY)),
        Light::Red
    );
    press(&mut a, KeyCode::Char('x'));
    assert_eq!(a.mode(), Mode::Confirm);
    let lines = render(&mut a, 80, 24).join("\n");
    assert!(
        lines.contains("确认为 市人力资源社会保障局 销号"),
        "{lines}"
    );
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.mode(), Mode::Pane);
    assert_eq!(
        open(&path).store().row_count().expect("rows"),
        0,
        "n writes nothing"
    );
    press(&mut a, KeyCode::Char('x'));
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(a.message(), Some("已销号：市人力资源社会保障局"));
    assert_eq!(
        a.ledger().light(&task, "市人力资源社会保障局", day(TODAY)),
        Light::Grey
    );
    let snap = open(&path).snapshot(a.model()).expect("snapshot");
    assert_eq!(
        snap.status("plan/1.3", "市人力资源社会保障局"),
        Some(Status::Done)
    );
    let lines = render(&mut a, 80, 24);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("> 灰 已销号 责任 完善养老服务人才培")),
        "{}",
        lines.join("\n")
    );
    press(&mut a, KeyCode::Char('x'));
    assert_eq!(a.message(), Some("市人力资源社会保障局 已销号"));
    assert_eq!(a.mode(), Mode::Pane);
}

#[test]
fn a_write_outside_ones_units_is_refused_naming_the_unit() {
    let (_dir, path, mut a) = setup("bob", Lang::Zh);
    select(&mut a, "市民政局", "plan/1.1");
    press(&mut a, KeyCode::Char('r'));
    assert!(a.progress_form().is_none(), "no form to type into in vain");
    let m = a.message().map(String::from).expect("refusal");
    assert!(m.starts_with("bob 不是 市民政局 的成员"), "{m}");
    press(&mut a, KeyCode::Char('x'));
    assert!(a.question().is_none());
    assert!(a.message().is_some_and(|m| m.contains("市民政局")));
    // Granted, bob opens the form; revoked before saving, the store refuses and keeps his note.
    let mut l = open(&path);
    let grant = |login: &str| MemberChange::Grant {
        login: login.into(),
        unit: "市民政局".into(),
    };
    l.change_member(&who("alice"), &grant("bob"))
        .expect("grant");
    press(&mut a, KeyCode::Char('r'));
    typed(&mut a, "进展");
    l.change_member(
        &who("alice"),
        &MemberChange::Revoke {
            login: "bob".into(),
            unit: "市民政局".into(),
        },
    )
    .expect("revoke");
    press(&mut a, KeyCode::Enter);
    let m = a.message().map(String::from).expect("refusal");
    assert!(m.contains("市民政局") && m.contains("未写入"), "{m}");
    assert_eq!(
        a.progress_form().map(|f| f.note.as_str()),
        Some("进展"),
        "the typed note is kept"
    );
    assert_eq!(l.store().row_count().expect("rows"), 0);
}

#[test]
fn another_writer_shows_after_one_probe_and_nothing_else_does() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    assert!(a.ledger().watching());
    assert!(!a.refresh_ledger(), "nothing changed: no redraw");
    assert!(!a.refresh_ledger());
    let mut other = open(&path);
    other
        .record(
            a.model(),
            &who("alice"),
            "plan/1.2",
            NewChange {
                unit: "市财政局".into(),
                status: Some(Status::Done),
                note: Some("资金已拨付".into()),
                note_date: Some(day(TODAY)),
            },
        )
        .expect("records");
    assert!(a.refresh_ledger(), "a commit by another connection is seen");
    assert_eq!(
        a.ledger().snapshot.status("plan/1.2", "市财政局"),
        Some(Status::Done)
    );
    assert!(!a.refresh_ledger());
}

#[test]
fn a_ledger_that_appears_later_is_picked_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("later.sqlite3");
    let mut a = App::new(model(dir.path()), Lang::Zh, day(TODAY)).with_ledger_as(
        Some(path.clone()),
        30,
        who("alice"),
    );
    assert!(!a.ledger().is_open());
    assert!(!a.refresh_ledger());
    let mut l = Ledger::open_as(&path, OpenMode::Create, &who("carol"))
        .expect("opens")
        .expect("created");
    l.record(
        a.model(),
        &who("carol"),
        "plan/1.1",
        NewChange {
            unit: "市民政局".into(),
            status: Some(Status::Paused),
            note: None,
            note_date: None,
        },
    )
    .expect("records");
    assert!(a.refresh_ledger());
    assert_eq!(
        a.ledger().snapshot.status("plan/1.1", "市民政局"),
        Some(Status::Paused)
    );
}

#[test]
fn the_first_record_creates_the_ledger_with_its_writer_as_supervisor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.sqlite3");
    let mut a = App::new(model(dir.path()), Lang::En, day(TODAY)).with_ledger_as(
        Some(path.clone()),
        30,
        who("dora"),
    );
    select(&mut a, "市民政局", "plan/1.1");
    press(&mut a, KeyCode::Char('r'));
    typed(&mut a, "started");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.message(), Some("recorded: 市民政局 in progress"));
    let l = open(&path);
    let members = l.members().expect("members");
    assert!(members.iter().any(|m| m.login == "dora" && m.supervisor));
}

#[test]
fn unusable_ledgers_are_notices_and_stay_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "会议纪要，不是台账\n").expect("write");
    let before = std::fs::read(&text).expect("read");
    let mut a = App::new(model(dir.path()), Lang::Zh, day(TODAY)).with_ledger_as(
        Some(text.clone()),
        30,
        who("alice"),
    );
    let notice = a.message().map(String::from).expect("a notice at start");
    assert!(notice.contains("不是工作台账"), "{notice}");
    assert!(!a.ledger().watching(), "a broken ledger is not probed");
    select(&mut a, "市民政局", "plan/1.1");
    press(&mut a, KeyCode::Char('r'));
    assert!(a.progress_form().is_none());
    assert!(a.message().is_some_and(|m| m.starts_with("台账不可用")));
    // Without the ledger the dashboard still works: lights come from deadlines.
    let lines = render(&mut a, 80, 24).join("\n");
    assert!(
        lines.contains("> 黄 牵头") || lines.contains("> 黄 责任"),
        "{lines}"
    );
    assert_eq!(std::fs::read(&text).expect("read"), before);
    let folder = App::new(model(dir.path()), Lang::En, day(TODAY)).with_ledger_as(
        Some(dir.path().to_path_buf()),
        30,
        who("alice"),
    );
    assert!(folder.message().is_some_and(|m| m.contains("folder")));
}

#[test]
fn the_units_one_writes_for_come_first_among_equal_matches() {
    let (dir, path, _) = setup("bob", Lang::Zh);
    open(&path)
        .change_member(
            &who("alice"),
            &MemberChange::Grant {
                login: "bob".into(),
                unit: "市卫生健康委".into(),
            },
        )
        .expect("grant");
    let mut a = App::new(model(dir.path()), Lang::Zh, day(TODAY)).with_ledger_as(
        Some(path.clone()),
        30,
        who("bob"),
    );
    // The province's has more tasks, so it leads for anyone else; bob writes for the city's.
    a.set_preferences(None, None);
    typed(&mut a, "卫健委");
    assert_eq!(common::screen::selected_name(&a), "市卫生健康委");
    let (_d2, _p2, mut other) = setup("carol", Lang::Zh);
    other.set_preferences(None, None);
    typed(&mut other, "卫健委");
    assert_eq!(common::screen::selected_name(&other), "省卫生健康委");
}
