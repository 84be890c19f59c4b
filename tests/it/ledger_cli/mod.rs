//! `dutymatrix ledger …` as a user meets it: the real binary, real ledger files, exit codes,
//! nothing on stdout when a command fails, identity from the real uid, permission refusals.
//!
//! CI runs as root, so permissions are tested through the members table: a ledger created by
//! "alice" through the library, then written by the binary as whoever runs the tests.

use crate::common;

use assert_cmd::Command;
use common::Cmd;
use common::ledger::{PLAN, model_of, who, write_plan};
use dutymatrix::ledger::{Ledger, MemberChange, OpenMode, identity};
use serde_json::Value;
use std::path::Path;

mod doctor;
mod fengong;
pub(crate) mod kept;
mod one_document;
mod refusals;
mod units;

pub(crate) fn dm(dir: &Path, ledger: &Path) -> Cmd {
    let mut c = common::cmd();
    c.current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("xdg"))
        .args([
            "--no-builtin",
            "--doc",
            "plan.txt",
            "--today",
            "2026-12-01",
            "--ledger",
        ])
        .arg(ledger);
    c
}

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(crate) fn run(c: &mut Command) -> Run {
    let out = c.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `dutymatrix … ledger ARGS…` on the plan in `dir`.
pub(crate) fn in_ledger(dir: &Path, ledger: &Path, args: &[&str]) -> Run {
    run(dm(dir, ledger).arg("ledger").args(args))
}

pub(crate) fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), PLAN);
    let ledger = dir.path().join("team.sqlite3");
    (dir, ledger)
}

/// A ledger whose supervisor is alice, not the user running the tests.
fn alices_ledger(ledger: &Path) {
    Ledger::open_as(ledger, OpenMode::Create, &who("alice"))
        .unwrap()
        .unwrap();
}

#[test]
fn record_show_history_and_report_from_the_command_line() {
    let (dir, ledger) = setup();
    command_suite(dir.path(), &ledger, &identity::current().login);
}

/// Every ledger command on the plan in `d`, through the ledger at `ledger` (a file or a server),
/// whose writer from this process is `me`: the same suite for both stores.
pub(crate) fn command_suite(d: &Path, ledger: &Path, me: &str) {
    let r = in_ledger(d, ledger, &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(me), "{}", r.stdout);
    let r = in_ledger(d, ledger, &["members", "--json"]);
    let members = json(&r);
    assert_eq!(members[0]["login"], me);
    assert_eq!(members[0]["supervisor"], true);

    let r = in_ledger(
        d,
        ledger,
        &[
            "set",
            "plan/1.1",
            "--unit",
            "民政局",
            "--status",
            "推进中",
            "--note",
            "已完成选址，签订协议3份",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("市民政局") && r.stdout.contains("推进中"),
        "{}",
        r.stdout
    );
    let r = in_ledger(
        d,
        ledger,
        &[
            "set",
            "plan/1.2",
            "--unit",
            "市财政局",
            "--status",
            "done",
            "--json",
        ],
    );
    assert_eq!(json(&r)["status"], "done");
    assert_eq!(json(&r)["who"], me);
    let done_row = json(&r)["id"].as_i64().unwrap();

    let r = in_ledger(d, ledger, &["show", "市民政局", "--json"]);
    assert_eq!(r.code, 0);
    let v = json(&r);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["task"], "plan/1.1");
    assert_eq!(items[0]["status"], "doing");
    assert_eq!(
        items[0]["light"], "yellow",
        "due 2026-12-31, 30 days from today"
    );
    assert_eq!(items[0]["note"]["text"], "已完成选址，签订协议3份");
    assert_eq!(items[0]["note"]["date"], "2026-12-01");
    assert_eq!(items[1]["status"], Value::Null);
    assert_eq!(items[1]["light"], "green");

    // The warning window is configurable: 29 days turns the 30-day item green.
    let r = run(dm(d, ledger).args(["--warn-days", "29", "ledger", "show", "plan/1.1", "--json"]));
    assert_eq!(json(&r)["light"], "green");
    let r = in_ledger(d, ledger, &["show", "plan/1.2"]);
    assert!(
        r.stdout.contains("灰灯") && r.stdout.contains("已销号"),
        "{}",
        r.stdout
    );

    let r = in_ledger(d, ledger, &["history", "plan/1.1", "--json"]);
    let rows = json(&r);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["who"], me);

    let r = in_ledger(d, ledger, &["report", "--format", "json"]);
    let v = json(&r);
    let red: Vec<&Value> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["light"] == "red")
        .collect();
    assert_eq!(red.len(), 1);
    assert_eq!(red[0]["unit"], "市人力资源社会保障局");
    assert_eq!(red[0]["days_left"], -335);
    let caizheng = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "市财政局")
        .unwrap();
    assert_eq!(caizheng["lights"]["grey"], 1);
    assert_eq!(caizheng["statuses"]["done"], 1);
    // The worst unit comes first.
    assert_eq!(v["units"][0]["unit"], "市人力资源社会保障局");

    let r = in_ledger(d, ledger, &["report", "--format", "csv"]);
    assert!(
        r.stdout.starts_with('\u{FEFF}'),
        "CSV opens in Excel as UTF-8"
    );
    let mut rows = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(r.stdout.trim_start_matches('\u{FEFF}').as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(&records[0][1], "红灯");
    assert!(
        records
            .iter()
            .any(|r| r.get(5).is_some_and(|n| n.contains("签订协议3份")))
    );

    let r = in_ledger(d, ledger, &["report", "--format", "md"]);
    assert!(
        r.stdout.contains("| 市民政局 | 0 | 1 | 1 | 0 |"),
        "{}",
        r.stdout
    );
    let r = run(dm(d, ledger).args(["--lang", "en", "ledger", "report"]));
    assert!(
        r.stdout.contains("Red items (1)") || r.stdout.contains("Red items（1）"),
        "{}",
        r.stdout
    );

    let r = in_ledger(
        d,
        ledger,
        &["undo", "plan/1.2", "--unit", "市财政局", "--json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r)["undoes"], done_row);
    let r = in_ledger(d, ledger, &["history", "plan/1.2", "--json"]);
    let rows = json(&r);
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(rows[0]["undone"], true);
    let r = in_ledger(d, ledger, &["show", "plan/1.2", "--json"]);
    let v = json(&r);
    let caizheng = v["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["unit"] == "市财政局")
        .unwrap();
    assert_eq!(caizheng["status"], Value::Null, "{}", r.stdout);
    let r = in_ledger(d, ledger, &["undo", "plan/1.2", "--unit", "市财政局"]);
    assert_eq!(r.code, 2, "nothing left to undo: {}", r.stdout);
    let r = in_ledger(d, ledger, &["verify"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn the_writer_is_the_real_uid_not_user() {
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = run(dm(d, &ledger)
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .args([
            "ledger",
            "set",
            "plan/1.3",
            "--unit",
            "市人力资源社会保障局",
            "--status",
            "doing",
            "--json",
        ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let who = json(&r)["who"].as_str().unwrap().to_string();
    assert_ne!(who, "mallory");
    // The passwd entry of the real uid, as `id -un` reads it.
    let id = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    assert_eq!(who, String::from_utf8_lossy(&id.stdout).trim());
    assert_eq!(json(&r)["uid"], u64::from(identity::current().uid));
}

#[test]
fn writes_outside_ones_units_are_refused_with_the_unit_named() {
    let (dir, ledger) = setup();
    let d = dir.path();
    alices_ledger(&ledger);
    let me = identity::current();
    let before = std::fs::read(&ledger).unwrap();

    let r = in_ledger(
        d,
        &ledger,
        &["set", "plan/1.1", "--unit", "市民政局", "--status", "doing"],
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("市民政局") && r.stderr.contains(&me.login),
        "{}",
        r.stderr
    );
    let r = in_ledger(d, &ledger, &["members", "add", &me.login, "市民政局"]);
    assert_eq!(r.code, 2, "only a supervisor manages members");
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("督查"), "{}", r.stderr);
    let r = in_ledger(d, &ledger, &["members", "add", &me.login, "--supervisor"]);
    assert_eq!(r.code, 2);
    let model = model_of(&d.join("plan.txt"));
    let l = Ledger::open_as(&ledger, OpenMode::ReadOnly, &who("alice"))
        .unwrap()
        .unwrap();
    assert_eq!(l.store().row_count().unwrap(), 0);
    assert_eq!(l.members().unwrap().len(), 1);
    drop(l);
    assert!(std::fs::read(&ledger).unwrap().len() >= before.len());

    // alice lets the test user speak for 市民政局 only.
    let mut l = Ledger::open_as(&ledger, OpenMode::ReadWrite, &who("alice"))
        .unwrap()
        .unwrap();
    l.change_member(
        &who("alice"),
        &MemberChange::Grant {
            login: me.login.clone(),
            unit: "市民政局".into(),
        },
    )
    .unwrap();
    let r = in_ledger(
        d,
        &ledger,
        &["set", "plan/1.2", "--unit", "市民政局", "--status", "doing"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = in_ledger(
        d,
        &ledger,
        &["set", "plan/1.2", "--unit", "市财政局", "--status", "doing"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("市财政局"), "{}", r.stderr);
    let r = run(dm(d, &ledger).args([
        "--lang",
        "en",
        "ledger",
        "set",
        "plan/1.2",
        "--unit",
        "市财政局",
        "--note",
        "x",
    ]));
    assert!(
        r.stderr.contains("does not speak for 市财政局"),
        "{}",
        r.stderr
    );
    assert_eq!(l.store().row_count().unwrap(), 1);
    assert_eq!(l.snapshot(&model).unwrap().entries.len(), 1);
}
