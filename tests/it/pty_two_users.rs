//! A 调度会 run by two officials with real Unix logins — alice for 市卫生健康委, bob for 市民政局 —
//! each in a dashboard of their own at 80×24 on one shared ledger, as README's team setup makes
//! it: each records from the meeting view for their own unit, sees the other's record without a
//! key, is refused for the other's unit, and walks back with Esc. Needs root, the users alice
//! and bob and the group dutymatrix (`.ci/run` makes them); under CI their absence fails.

use crate::common;

use common::pty::Session;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

/// The uid and gid of `login`, from the passwd database.
fn ids(login: &str) -> Option<(u32, u32)> {
    let out = std::process::Command::new("id")
        .args(["-u", login])
        .output()
        .ok()?;
    let uid = String::from_utf8(out.stdout).ok()?.trim().parse().ok()?;
    let out = std::process::Command::new("id")
        .args(["-g", login])
        .output()
        .ok()?;
    let gid = String::from_utf8(out.stdout).ok()?.trim().parse().ok()?;
    Some((uid, gid))
}

fn group_id(name: &str) -> Option<u32> {
    let out = std::process::Command::new("getent")
        .args(["group", name])
        .output()
        .ok()?;
    String::from_utf8(out.stdout)
        .ok()?
        .split(':')
        .nth(2)?
        .trim()
        .parse()
        .ok()
}

/// `dm ARGS…` as the supervisor (root), who made the ledger.
fn as_supervisor(bin: &Path, ledger: &Path, args: &[&str]) -> String {
    let home = tempfile::tempdir().expect("home");
    let mut c = std::process::Command::new(bin);
    common::run::isolate(&mut c, home.path());
    let out = c
        .args(["--today", "2022-06-30", "--ledger"])
        .arg(ledger)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A home only `owner` may use, inside the team folder (the test's own is private to root).
fn home_of(team: &Path, owner: (u32, u32)) -> tempfile::TempDir {
    let home = tempfile::tempdir_in(team).expect("home");
    std::os::unix::fs::chown(home.path(), Some(owner.0), Some(owner.1)).expect("chown home");
    home
}

#[test]
fn alice_and_bob_run_a_meeting_from_one_ledger() {
    let test = "alice_and_bob_run_a_meeting_from_one_ledger";
    let root = dutymatrix::ledger::identity::current().uid == 0;
    let (Some(alice), Some(bob), Some(group)) = (ids("alice"), ids("bob"), group_id("dutymatrix"))
    else {
        common::missing(test, "the users alice and bob and the group dutymatrix");
        return;
    };
    if !root || !Path::new("/usr/bin/setpriv").exists() {
        common::missing(test, "root with /usr/bin/setpriv (to act as alice and bob)");
        return;
    }
    // The team folder as README sets it up: setgid, the group may write.
    let team = tempfile::tempdir().expect("team folder");
    let t = team.path();
    std::os::unix::fs::chown(t, Some(0), Some(group)).expect("chown");
    std::fs::set_permissions(t, std::fs::Permissions::from_mode(0o2770)).expect("chmod");
    let bin = t.join("dutymatrix");
    common::run::copy_binary(&bin);
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let ledger = t.join("ledger.sqlite3");
    as_supervisor(&bin, &ledger, &["ledger", "init"]);
    as_supervisor(
        &bin,
        &ledger,
        &["ledger", "members", "add", "alice", "市卫健委"],
    );
    as_supervisor(
        &bin,
        &ledger,
        &["ledger", "members", "add", "bob", "民政局"],
    );

    let meeting = ["--units", "市卫生健康委,市民政局"];
    let mut a = Session::start_as("alice", &bin, home_of(t, alice), &ledger, &meeting);
    let mut b = Session::start_as("bob", &bin, home_of(t, bob), &ledger, &meeting);
    for s in [&a, &b] {
        s.wait_for_row("共同任务 (3)");
    }
    // alice, on the task both units share, records for her unit from the meeting view.
    a.keys(&[b"j", b"j"]);
    a.wait_for_row("> 绿 加快发展健康养老服务业");
    a.wait_for_row("记录对象 市卫生健康委");
    a.keys(&[b"r"]);
    a.wait_for_row("登记进展 · 市卫生健康委");
    a.keys(&["签约机构12家".as_bytes(), b"\r"]);
    a.wait_for_row("已记录：市卫生健康委 推进中");
    // bob moves to the same row and sees alice's note there, without reopening anything.
    b.keys(&[b"j", b"j"]);
    let seen = common::poll_until(Duration::from_secs(5), || {
        b.rows()
            .iter()
            .any(|r| r.contains("推进中") && r.contains("签约机构12家"))
    });
    assert!(
        seen,
        "bob never saw alice's record:\n{}",
        b.rows().join("\n")
    );
    // For alice's unit bob is refused, naming it; Tab turns to his own, where he records.
    b.keys(&[b"r"]);
    b.wait_for("bob 不是 市卫生健康委 的成员");
    b.keys(&[b"\t"]);
    b.wait_for_row("记录对象 市民政局");
    b.keys(&[b"r"]);
    b.wait_for_row("登记进展 · 市民政局");
    b.keys(&["设施46处".as_bytes(), b"\r"]);
    b.wait_for_row("已记录：市民政局 推进中");
    // alice turns to 市民政局 on her row and finds bob's note.
    a.keys(&[b"\t"]);
    let seen = common::poll_until(Duration::from_secs(5), || {
        a.rows()
            .iter()
            .any(|r| r.contains("记录对象 市民政局") && r.contains("设施46处"))
    });
    assert!(
        seen,
        "alice never saw bob's record:\n{}",
        a.rows().join("\n")
    );
    // Esc walks back: timeline → meeting → the lists.
    a.keys(&[b"t"]);
    a.wait_for_row("时间表");
    a.keys(&[b"\x1b"]);
    a.wait_for_row("共同任务 (3)");
    a.keys(&[b"\x1b"]);
    a.wait_for_row("搜索");
    // The ledger holds both records, each under its writer's own login.
    let history = as_supervisor(
        &bin,
        &ledger,
        &[
            "ledger",
            "history",
            "taian-2021-kangyang-fudi-shishi-yijian/3.3",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&history).expect("json");
    let rows: Vec<(String, String)> = v
        .as_array()
        .expect("the history's rows")
        .iter()
        .map(|r| {
            (
                r["who"].as_str().unwrap_or_default().to_string(),
                r["unit"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("alice".to_string(), "市卫生健康委".to_string()),
            ("bob".to_string(), "市民政局".to_string())
        ]
    );
}
