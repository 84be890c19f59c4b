//! Units named the way people name them, in the ledger commands: a task's own units first, an
//! equal tie listed instead of guessed, near names suggested, and every members change said.

use super::*;

/// `dutymatrix … ledger ARGS…` on the built-in documents (which name 省卫生健康委) and the plan
/// (which names 市卫生健康委).
fn with_builtins(dir: &Path, ledger: &Path, args: &[&str]) -> Run {
    let mut c = common::cmd();
    c.current_dir(dir)
        .args(["--doc", "plan.txt", "--today", "2026-12-01", "--ledger"])
        .arg(ledger)
        .arg("ledger")
        .args(args);
    run(&mut c)
}

#[test]
fn set_on_a_city_task_takes_the_city_unit_for_any_spelling() {
    let (dir, ledger) = setup();
    let d = dir.path();
    for (i, spelling) in ["卫健委", "卫生健康委", "wsjkw", "市卫生健康委员会"]
        .iter()
        .enumerate()
    {
        let note = format!("第{i}次");
        let r = with_builtins(
            d,
            &ledger,
            &[
                "set", "plan/1.1", "--unit", spelling, "--note", &note, "--json",
            ],
        );
        assert_eq!(r.code, 0, "{spelling}: {}", r.stderr);
        assert_eq!(json(&r)["unit"], "市卫生健康委", "{spelling}");
    }
}

#[test]
fn members_add_lists_an_equal_tie_and_suggests_near_names() {
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = with_builtins(d, &ledger, &["members", "add", "alice", "卫健委"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("「卫健委」可以指：")
            && r.stderr.contains("市卫生健康委")
            && r.stderr.contains("省卫生健康委"),
        "{}",
        r.stderr
    );
    assert!(!ledger.exists(), "a refused change creates no ledger");
    let r = with_builtins(d, &ledger, &["members", "add", "alice", "市卫健委"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "已授权 alice 为 市卫生健康委 记录\n");
    let r = with_builtins(d, &ledger, &["members", "add", "alice", "市卫生健康委"]);
    assert_eq!(
        r.stdout,
        "已授权 alice 为 市卫生健康委 记录（原已如此，未变）\n"
    );
}

#[test]
fn members_remove_without_units_takes_every_unit_and_says_which() {
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = in_ledger(
        d,
        &ledger,
        &["members", "add", "bob", "市民政局", "市财政局"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "已授权 bob 为 市民政局 记录\n已授权 bob 为 市财政局 记录\n"
    );
    let r = in_ledger(d, &ledger, &["members", "remove", "bob"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("已撤销 bob 为 市民政局 记录的权限"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("已撤销 bob 为 市财政局 记录的权限"),
        "{}",
        r.stdout
    );
    let listed = in_ledger(d, &ledger, &["members", "--json"]);
    let bob = json(&listed)
        .as_array()
        .and_then(|a| a.iter().find(|m| m["login"] == "bob").cloned());
    assert!(
        bob.is_none_or(|m| m["units"].as_array().is_some_and(Vec::is_empty)),
        "{}",
        listed.stdout
    );
}

#[test]
fn a_unit_nothing_matches_is_refused_with_the_near_names() {
    let (dir, ledger) = setup();
    let r = in_ledger(
        dir.path(),
        &ledger,
        &["members", "add", "alice", "市民政厅局"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("文件中没有这个单位"), "{}", r.stderr);
}

/// `ledger history` names the task once, in its heading, not on every row.
#[test]
fn history_names_the_task_once() {
    let (dir, ledger) = setup();
    let d = dir.path();
    for note in ["一", "二"] {
        let r = in_ledger(
            d,
            &ledger,
            &["set", "plan/1.1", "--unit", "市民政局", "--note", note],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = in_ledger(d, &ledger, &["history", "plan/1.1"]);
    assert_eq!(r.stdout.matches("plan/1.1").count(), 1, "{}", r.stdout);
    assert_eq!(
        r.stdout.lines().filter(|l| l.contains("市民政局")).count(),
        2
    );
}

/// The 情况通报 lists equally placed units and items in pinyin order, as a reader looks names
/// up, not by code point.
#[test]
fn the_report_orders_equals_by_pinyin() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::cmd()
        .current_dir(dir.path())
        .args(["--today", "2023-01-05", "--ledger"])
        .arg(dir.path().join("none.sqlite3"))
        .args(["ledger", "report", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = dutymatrix::search::pinyin_sort_key;
    let units = v["units"].as_array().expect("units");
    let place = |u: &Value| {
        (
            u["lights"]["red"].as_u64(),
            u["lights"]["yellow"].as_u64(),
            u["total"].as_u64(),
        )
    };
    let mut ties = 0;
    for w in units.windows(2) {
        if place(&w[0]) == place(&w[1]) {
            ties += 1;
            let (a, b) = (
                w[0]["unit"].as_str().unwrap(),
                w[1]["unit"].as_str().unwrap(),
            );
            assert!(key(a) <= key(b), "{a} before {b}");
        }
    }
    assert!(ties > 3, "the seeds have equally placed units");
    let items = v["items"].as_array().expect("items");
    for w in items.windows(2) {
        if w[0]["light"] == w[1]["light"] && w[0]["days_left"] == w[1]["days_left"] {
            let (a, b) = (
                w[0]["unit"].as_str().unwrap(),
                w[1]["unit"].as_str().unwrap(),
            );
            assert!(key(a) <= key(b), "{a} before {b}");
        }
    }
}

/// `dutymatrix ARGS…` (not under `ledger`) on the built-in documents and the plan.
fn top_level(dir: &Path, ledger: &Path, args: &[&str]) -> Run {
    let mut c = common::cmd();
    c.current_dir(dir)
        .args(["--doc", "plan.txt", "--today", "2026-12-01", "--ledger"])
        .arg(ledger)
        .args(args);
    run(&mut c)
}

#[test]
fn every_command_settles_a_tie_by_the_units_one_writes_for() {
    let (dir, ledger) = setup();
    let d = dir.path();
    // Before the user writes for a unit, 卫健委 is the city's or the province's: asked, not guessed.
    let r = top_level(d, &ledger, &["duties", "卫健委", "--json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("省卫生健康委") && r.stderr.contains("市卫生健康委"));
    let me = dutymatrix::ledger::identity::current().login;
    let r = with_builtins(d, &ledger, &["members", "add", &me, "市卫生健康委"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = top_level(d, &ledger, &["duties", "卫健委", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r)["unit"]["id"], "市卫生健康委");
    let r = with_builtins(d, &ledger, &["show", "wsjkw", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r)["unit"], "市卫生健康委");
    let r = top_level(
        d,
        &ledger,
        &["export", "--units", "卫健委,市民政局", "--format", "csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("市卫生健康委") && !r.stdout.contains("省卫生健康委"));
    let r = top_level(
        d,
        &ledger,
        &["export", "--unit", "卫健委", "--format", "md"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A name that matches nothing names the near ones, and exits 1.
    let r = top_level(d, &ledger, &["export", "--units", "卫健委,海关总署"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("海关总署"), "{}", r.stderr);
}
