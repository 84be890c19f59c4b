//! `ledger publish`: a supervisor's documents stored in the server ledger, read by every command
//! using it (cached by hash), listed, withdrawn with their history kept.

use super::setup;
use crate::common::ledger::PLAN_EDITED;
use crate::common::pg::OWNER;
use crate::ledger_cli::{dm, in_ledger, json, run};
use std::path::Path;

#[test]
fn a_published_plan_is_read_by_every_command_on_the_ledger_until_withdrawn() {
    let Some((cluster, db, dir)) = setup("a_published_plan_is_read_by_every_command") else {
        return;
    };
    let d = dir.path();
    let owner = cluster.url(&db, OWNER);
    let owner = Path::new(&owner);
    let bob = cluster.url(&db, "bob");
    let bob = Path::new(&bob);
    assert_eq!(in_ledger(d, owner, &["init"]).code, 0);
    assert_eq!(
        in_ledger(d, owner, &["members", "add", "bob", "市民政局"]).code,
        0
    );
    let province = d.join("province.txt");
    std::fs::write(&province, PLAN_EDITED).unwrap();
    let province_arg = province.to_str().unwrap();

    // Supervisors only; a file the reader cannot read is not published.
    let r = in_ledger(d, bob, &["publish", province_arg]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bob 不是督查"), "{}", r.stderr);
    let binary = d.join("scan.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 0, 1, 2]).unwrap();
    let r = in_ledger(
        d,
        owner,
        &["publish", province_arg, binary.to_str().unwrap()],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert_eq!(
        in_ledger(d, owner, &["publish", "--list"]).stdout,
        "此台账尚未发布任何文件\n"
    );

    let r = in_ledger(d, owner, &["publish", province_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("已发布 province.txt（SHA-256 "),
        "{}",
        r.stdout
    );
    let r = in_ledger(d, bob, &["publish", "--list"]);
    assert!(
        r.stdout.contains("  已发布  ") && r.stdout.ends_with(&format!("{OWNER}  province.txt\n")),
        "{}",
        r.stdout
    );
    let hash = r.stdout[..12].to_string();

    // bob, with only his own plan named, sees the province's tasks, and records on one.
    let mut c = dm(d, bob);
    c.args(["ledger", "show", "province/1.1", "--json"]);
    let r = run(&mut c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        json(&r)["title"],
        "开展老年人能力综合评估，2026年9月底前完成"
    );
    let cached = std::fs::read_dir(c.home().join(".cache/dutymatrix/published"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    assert!(
        cached.len() == 1 && cached[0].starts_with(&hash),
        "{cached:?}"
    );
    let r = in_ledger(
        d,
        bob,
        &[
            "set",
            "province/1.1",
            "--unit",
            "市民政局",
            "--status",
            "doing",
            "--json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Withdrawn: no longer read, its history kept.
    let r = in_ledger(d, owner, &["publish", "--withdraw", "province.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("已撤回 province.txt"), "{}", r.stdout);
    let r = in_ledger(d, bob, &["show", "province/1.1"]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    let r = in_ledger(d, bob, &["history", "province/1.1", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r)[0]["who"], "bob");
    assert!(
        in_ledger(d, bob, &["publish", "--list"])
            .stdout
            .contains("  已撤回  ")
    );
    let r = in_ledger(d, owner, &["publish", "--withdraw", "province.txt"]);
    assert_eq!(r.code, 2, "withdrawn already: {}", r.stdout);
}
