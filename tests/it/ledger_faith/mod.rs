//! The ledger keeps faith: tampering through the real `sqlite3` shows (a plain INSERT is
//! refused by the guards; an edit, a removal or a forged row around them is named by the open's
//! tail check and by `ledger verify`), damage is caught before it is trusted (`damage`), and a
//! refusal leaves the file and its `-wal` and `-shm` byte for byte as they were (`untouched`).

use crate::common;

use common::ledger::{PLAN, model_of, who, write_plan};
use dutymatrix::ledger::faith::{Break, Table, Trouble};
use dutymatrix::ledger::{Ledger, MemberChange, NewChange, OpenMode, Status};
use std::path::{Path, PathBuf};
use std::process::Command;

mod damage;
mod init_crash;
mod reports;
mod untouched;
mod witness;

/// A ledger of alice (supervisor) with bob speaking for 市财政局 and `rows` records.
pub(super) fn sealed_ledger(dir: &Path, rows: usize) -> (PathBuf, PathBuf) {
    let plan = write_plan(dir, PLAN);
    let path = dir.join("team.sqlite3");
    let model = model_of(&plan);
    let mut l = Ledger::open_as(&path, OpenMode::Create, &who("alice"))
        .unwrap()
        .unwrap();
    l.change_member(
        &who("alice"),
        &MemberChange::Grant {
            login: "bob".into(),
            unit: "市财政局".into(),
        },
    )
    .unwrap();
    for i in 0..rows {
        let (task, unit, writer) = match i % 3 {
            0 => ("plan/1.1", "市民政局", "alice"),
            1 => ("plan/1.2", "市财政局", "bob"),
            _ => ("plan/1.2", "市民政局", "alice"),
        };
        l.record(
            &model,
            &who(writer),
            task,
            NewChange {
                unit: unit.into(),
                status: Some(Status::Doing),
                note: Some(format!("第{i}次：资金已拨付{}", "，按月调度".repeat(i % 7))),
                note_date: None,
            },
        )
        .unwrap();
    }
    (path, plan)
}

/// `sqlite3 PATH` reading `script` on stdin: the tool a member with write access would use.
fn sqlite3(path: &Path, script: &str) -> std::process::Output {
    Command::new("sqlite3")
        .arg(path)
        .arg(script)
        .output()
        .unwrap()
}

fn have_sqlite3(test: &str) -> bool {
    let ok = Command::new("sqlite3").arg("-version").output().is_ok();
    if !ok {
        common::missing(test, "the sqlite3 command");
    }
    ok
}

/// `script` run through sqlite3 with every guard lifted first and put back after, as it was
/// written: what a careful tamperer does.
fn around_the_guards(path: &Path, script: &str) {
    let guards = sqlite3(
        path,
        "SELECT sql || ';' FROM sqlite_schema WHERE type = 'trigger';",
    );
    let guards = String::from_utf8(guards.stdout).unwrap();
    let names = sqlite3(
        path,
        "SELECT name FROM sqlite_schema WHERE type = 'trigger';",
    );
    let drops: String = String::from_utf8(names.stdout)
        .unwrap()
        .lines()
        .map(|n| format!("DROP TRIGGER {n};\n"))
        .collect();
    assert!(drops.lines().count() >= 8, "{drops}");
    let out = sqlite3(path, &format!("BEGIN;\n{drops}{script}\n{guards}\nCOMMIT;"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the open and `ledger verify` say of the ledger now.
fn found(path: &Path) -> (Option<Trouble>, Option<Break>) {
    let l = Ledger::open_as(path, OpenMode::ReadOnly, &who("alice"))
        .unwrap()
        .unwrap();
    let v = l.verify().unwrap();
    assert!(v.damage.is_none(), "{:?}", v.damage);
    (l.trouble().cloned(), v.chain)
}

fn cli(dir: &Path, ledger: &Path, args: &[&str]) -> (i32, String, String) {
    let out = common::cmd()
        .current_dir(dir)
        .args(["--no-builtin", "--doc", "plan.txt", "--today", "2026-12-01"])
        .arg("--ledger")
        .arg(ledger)
        .arg("ledger")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_whole_ledger_verifies_and_says_nothing_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sealed_ledger(dir.path(), 40);
    assert_eq!(found(&path), (None, None));
    let (code, out, err) = cli(dir.path(), &path, &["verify"]);
    assert_eq!(code, 0, "{err}");
    // 2 member rows (alice's creation, bob's grant) and 40 records.
    assert!(out.contains("留痕链：42 条记录逐条核对，完整"), "{out}");
    assert!(out.contains("SQLite 完整性检查：通过"), "{out}");
    let (code, _, err) = cli(dir.path(), &path, &["report"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn a_plain_insert_through_sqlite3_is_refused_by_the_guards() {
    if !have_sqlite3("a_plain_insert_through_sqlite3_is_refused_by_the_guards") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sealed_ledger(dir.path(), 5);
    let attempts = [
        // Making oneself supervisor with one INSERT, as the issue found possible.
        "INSERT INTO member_events (login, unit, supervisor, granted, who, at)
         VALUES ('mallory', '', 1, 1, 'mallory', '2026-01-01T00:00:00Z');",
        // Even with a seal-shaped value and the next id, mallory is no supervisor.
        "INSERT INTO member_events (id, login, unit, supervisor, granted, who, at, chain)
         VALUES (3, 'mallory', '', 1, 1, 'mallory', '2026-01-01T00:00:00Z', randomblob(32));",
        // A back-dated record as bob, without a seal.
        "INSERT INTO history (task_key, unit, status, who, uid, at)
         VALUES (2, '市财政局', 'done', 'bob', 1000, '2026-01-01T00:00:00.000Z');",
        // A record for a unit the writer does not speak for.
        "INSERT INTO history (id, task_key, unit, status, who, uid, at, chain)
         VALUES (6, 2, '市民政局', 'done', 'bob', 1000, '2026-01-01T00:00:00.000Z', randomblob(32));",
        "UPDATE history SET note = '已全部完成' WHERE id = 2;",
        "DELETE FROM history WHERE id = 5;",
        "UPDATE task_keys SET title = '别的任务' WHERE id = 1;",
    ];
    let before = std::fs::read(&path).unwrap();
    for sql in attempts {
        let out = sqlite3(&path, sql);
        assert!(!out.status.success(), "accepted: {sql}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("dutymatrix") || err.contains("append-only") || err.contains("kept"),
            "{sql}: {err}"
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(found(&path), (None, None));
}

#[test]
fn tampering_around_the_guards_is_named_by_the_open_and_by_verify() {
    if !have_sqlite3("tampering_around_the_guards_is_named_by_the_open_and_by_verify") {
        return;
    }
    let mismatch = |table, row| Some(Break::Mismatch { table, row });
    let cases: [(&str, Option<Break>); 7] = [
        (
            "INSERT INTO member_events (login, unit, supervisor, granted, who, at)
             VALUES ('mallory', '', 1, 1, 'alice', '2026-01-01T00:00:00Z');",
            Some(Break::Unsealed {
                table: Table::Members,
                row: 3,
            }),
        ),
        (
            "UPDATE history SET note = '已全部完成' WHERE id = 29;",
            mismatch(Table::History, 29),
        ),
        (
            "UPDATE history SET who = 'alice' WHERE id = 2;",
            mismatch(Table::History, 2),
        ),
        (
            "DELETE FROM history WHERE id = 12;",
            Some(Break::Gap {
                table: Table::History,
                after: 11,
                next: 13,
            }),
        ),
        (
            "DELETE FROM history WHERE id >= 29;",
            Some(Break::TailRemoved {
                table: Table::History,
                last: 28,
                issued: 30,
            }),
        ),
        // A forged back-dated row as bob, with a made-up seal, after the last one.
        (
            "INSERT INTO history (id, task_key, unit, status, who, uid, at, chain)
             VALUES (31, 2, '市财政局', 'done', 'bob', 1000, '2026-01-01T00:00:00.000Z', randomblob(32));",
            mismatch(Table::History, 31),
        ),
        // Moving every record of a task to another title.
        (
            "UPDATE task_keys SET title = '别的任务' WHERE id = 1;",
            mismatch(Table::History, 1),
        ),
    ];
    for (script, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = sealed_ledger(dir.path(), 30);
        around_the_guards(&path, script);
        let (trouble, chain) = found(&path);
        assert_eq!(chain, want, "{script}");
        // A ledger under 1 MiB has every seal checked on open, too.
        assert_eq!(trouble, want.clone().map(Trouble::Broken), "{script}");
        let (code, out, _) = cli(dir.path(), &path, &["verify", "--json"]);
        assert_eq!(code, 1, "{script}: {out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["ok"], false);
        assert!(v["chain"].as_str().unwrap().contains('#'), "{out}");
    }
}

#[test]
fn a_big_ledger_has_its_newest_rows_checked_on_open_and_every_row_by_verify() {
    if !have_sqlite3("a_big_ledger_has_its_newest_rows_checked_on_open_and_every_row_by_verify") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), PLAN);
    let path = dir.path().join("big.sqlite3");
    let model = model_of(&plan);
    let mut l = Ledger::open_as(&path, OpenMode::Create, &who("alice"))
        .unwrap()
        .unwrap();
    for i in 0..700 {
        l.record(
            &model,
            &who("alice"),
            "plan/1.1",
            NewChange {
                unit: "市民政局".into(),
                status: None,
                note: Some(format!("第{i}次{}", "按月调度资金拨付".repeat(100))),
                note_date: None,
            },
        )
        .unwrap();
    }
    drop(l);
    assert!(std::fs::metadata(&path).unwrap().len() > 1 << 20);
    let copy = dir.path().join("copy.sqlite3");
    std::fs::copy(&path, &copy).unwrap();
    // An old row: beyond the open's reach (it says nothing), named by verify.
    around_the_guards(&path, "UPDATE history SET note = '已完成' WHERE id = 100;");
    let old = Break::Mismatch {
        table: Table::History,
        row: 100,
    };
    assert_eq!(found(&path), (None, Some(old)));
    // One of the newest 16: named on open as well.
    around_the_guards(&copy, "UPDATE history SET note = '已完成' WHERE id = 690;");
    let recent = Break::Mismatch {
        table: Table::History,
        row: 690,
    };
    assert_eq!(
        found(&copy),
        (Some(Trouble::Broken(recent.clone())), Some(recent))
    );
}

#[test]
fn a_guard_dropped_and_left_out_is_named_and_every_command_says_so() {
    if !have_sqlite3("a_guard_dropped_and_left_out_is_named_and_every_command_says_so") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sealed_ledger(dir.path(), 3);
    let out = sqlite3(&path, "DROP TRIGGER member_events_are_chained;");
    assert!(out.status.success());
    let want = Break::Trigger {
        name: "member_events_are_chained".into(),
    };
    assert_eq!(
        found(&path),
        (Some(Trouble::Broken(want.clone())), Some(want))
    );
    for args in [&["report"][..], &["show", "市财政局"], &["members"]] {
        let (code, _, err) = cli(dir.path(), &path, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            err.contains(
                "被绕过 dutymatrix 改动过：保护触发器 member_events_are_chained 被删除或改动"
            ),
            "{args:?}: {err}"
        );
    }
    let (code, out, _) = cli(dir.path(), &path, &["verify"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("留痕链：保护触发器 member_events_are_chained 被删除或改动"),
        "{out}"
    );
    assert!(out.contains("结论：台账有问题"), "{out}");
}

#[test]
fn a_schema_1_ledger_has_its_rows_sealed_when_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!(
            "../../../crates/ledger/src/migrations/0001_initial.sql"
        ))
        .unwrap();
        c.execute_batch(
            "INSERT INTO member_events (login, unit, supervisor, granted, who, at)
               VALUES ('alice', '', 1, 1, 'alice', '2025-01-01T00:00:00.000Z');
             INSERT INTO task_keys (document, task_id, number, fingerprint, title)
               VALUES ('plan', 'plan/1.1', '1.', 'f', '推进医养结合发展');
             INSERT INTO pairs VALUES (1, '市民政局');
             INSERT INTO history (task_key, unit, status, note, who, uid, at)
               VALUES (1, '市民政局', 'doing', '已启动', 'alice', 1000, '2025-02-01T00:00:00.000Z'),
                      (1, '市民政局', 'done', '已完成', 'alice', 1000, '2025-03-01T00:00:00.000Z');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let l = Ledger::open_as(&path, OpenMode::ReadWrite, &who("alice"))
        .unwrap()
        .unwrap();
    let v = l.verify().unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.rows, 3);
    drop(l);
    if have_sqlite3("a_schema_1_ledger_has_its_rows_sealed_when_upgraded") {
        around_the_guards(&path, "UPDATE history SET status = 'doing' WHERE id = 2;");
        assert_eq!(
            found(&path).1,
            Some(Break::Mismatch {
                table: Table::History,
                row: 2
            })
        );
    }
}

#[test]
fn hostile_paths_reach_no_message_raw() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), PLAN);
    let evil = dir.path().join("x\x1b]52;c;ZWNobyBoaQ==\x07\x1b[2Jy");
    std::fs::create_dir(&evil).unwrap();
    let ledger = evil.join("l\x1b[31m.sqlite3");
    let mut said = Vec::new();
    for args in [&["show", "市民政局"][..], &["init"], &["init"], &["verify"]] {
        let (code, out, err) = cli(dir.path(), &ledger, args);
        assert!(code == 0 || code == 1, "{args:?}: {err}");
        said.push(out + &err);
    }
    let export = |out: &Path| {
        let o = common::cmd()
            .current_dir(dir.path())
            .args([
                "--no-builtin",
                "--doc",
                "plan.txt",
                "export",
                "--format",
                "csv",
                "-o",
            ])
            .arg(out)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
    };
    let sheet = evil.join("s\x1b[5m.csv");
    said.push(export(&sheet)); // written
    said.push(export(&sheet)); // exists, refused
    said.push(export(&evil.join("no\x1b[8mne/s.csv"))); // cannot write
    for s in &said {
        assert!(!s.contains(['\x1b', '\x07']), "{s:?}");
    }
    // The names are still there to read, without what a terminal would obey.
    assert!(
        said[1].contains("]52;c;ZWNobyBoaQ==[2Jy/l[31m.sqlite3"),
        "{}",
        said[1]
    );
    assert_eq!(said.len(), 7);
}
