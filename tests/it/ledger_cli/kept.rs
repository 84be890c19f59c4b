//! `ledger report` keeps the links of the keys and the pairs in force in the user's cache
//! folder between runs: a report read with them is the report read without, after every set,
//! undo, and another ledger put in the ledger's place.

use super::{dm, in_ledger, run};
use crate::common::ledger::{PLAN, PLAN_EDITED, write_plan};
use std::path::Path;

/// The report in JSON, with what is kept between runs or without (`--no-cache`).
pub(crate) fn report(dir: &Path, ledger: &Path, kept: bool) -> String {
    ledger_json(dir, ledger, kept, &["report", "--format", "json"])
}

/// `ledger ARGS`, which must succeed, with what is kept between runs or without.
fn ledger_json(dir: &Path, ledger: &Path, kept: bool, args: &[&str]) -> String {
    let mut c = dm(dir, ledger);
    c.env("XDG_CACHE_HOME", dir.join("cache"));
    if !kept {
        c.arg("--no-cache");
    }
    let r = run(c.arg("ledger").args(args));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

/// `ledger ARGS`, the words of `args`, which must succeed.
fn set(dir: &Path, ledger: &Path, args: &str) {
    let args: Vec<&str> = args.split_whitespace().collect();
    let r = in_ledger(dir, ledger, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The kept files of one kind, each readable by its owner alone.
fn kept_files(dir: &Path, kind: &str) -> usize {
    use std::os::unix::fs::PermissionsExt;
    let Ok(files) = std::fs::read_dir(dir.join("cache/dutymatrix").join(kind)) else {
        return 0;
    };
    files
        .map(|f| {
            let mode = f.unwrap().metadata().unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{kind}");
        })
        .count()
}

#[test]
fn a_report_read_with_what_was_kept_is_the_report_read_without() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write_plan(d, PLAN);
    let ledger = d.join("ledger.sqlite3");
    set(d, &ledger, "init");
    set(
        d,
        &ledger,
        "set plan/1.1 --unit 市民政局 --status doing --note 已选址",
    );
    // The report, and a unit's view (which links with the links kept), read with what is
    // kept and without.
    let same = |when: &str| {
        let kept = report(d, &ledger, true);
        assert_eq!(kept, report(d, &ledger, false), "{when}");
        for unit in ["市民政局", "市财政局"] {
            let show = ["show", unit, "--json"];
            assert_eq!(
                ledger_json(d, &ledger, true, &show),
                ledger_json(d, &ledger, false, &show),
                "{when}: {unit}"
            );
        }
        kept
    };
    let first = same("first kept");
    assert_eq!((kept_files(d, "pairs"), kept_files(d, "links")), (1, 1));
    assert_eq!(same("read with them"), first);

    set(d, &ledger, "set plan/1.2 --unit 市财政局 --status done");
    let done = same("after a set");
    assert!(done.contains("\"done\": 1"), "{done}");
    set(d, &ledger, "undo plan/1.2 --unit 市财政局");
    assert_eq!(same("after an undo"), first);
    set(
        d,
        &ledger,
        "set plan/1.1 --unit 市民政局 --note 签订协议3份",
    );
    let noted = same("after a note");
    assert!(noted.contains("签订协议3份"), "{noted}");

    // The plan re-issued (a task gone, the others moved): linked again, orphans and all.
    write_plan(d, PLAN_EDITED);
    let reissued = same("the plan re-issued");
    assert_ne!(reissued, noted);
    write_plan(d, PLAN);

    // Another ledger put in this one's place, its first key another task's: nothing kept
    // from the first is used.
    let other = d.join("other.sqlite3");
    set(d, &other, "init");
    for (task, unit) in [
        ("plan/1.3", "市人力资源社会保障局"),
        ("plan/1.1", "市卫生健康委"),
    ] {
        set(
            d,
            &other,
            &format!("set {task} --unit {unit} --status paused"),
        );
    }
    std::fs::rename(&other, &ledger).unwrap();
    let replaced = same("another ledger in its place");
    assert!(!replaced.contains("已选址"), "{replaced}");
    assert_eq!(kept_files(d, "pairs"), 1);
}
