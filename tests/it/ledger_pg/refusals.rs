//! The server keeps the rules whatever the client: a member at `psql` cannot update, delete,
//! write for another unit, write as someone else, back-date a row or make herself supervisor.

use super::setup;
use crate::ledger_cli::{in_ledger, json};
use std::path::Path;

#[test]
fn a_member_at_psql_is_refused_by_the_server() {
    let Some((cluster, db, dir)) = setup("a_member_at_psql_is_refused_by_the_server") else {
        return;
    };
    let d = dir.path();
    let owner = cluster.url(&db, common_owner());
    let alice = cluster.url(&db, "alice");
    let (owner, alice) = (Path::new(&owner), Path::new(&alice));
    assert_eq!(in_ledger(d, owner, &["init"]).code, 0);
    let r = in_ledger(d, owner, &["members", "add", "alice", "市民政局"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = in_ledger(
        d,
        alice,
        &[
            "set",
            "plan/1.1",
            "--unit",
            "民政局",
            "--status",
            "doing",
            "--json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r)["who"], "alice");
    // doctor speaks of the role the server sees, not of files and groups.
    let r = in_ledger(d, alice, &["doctor"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("你是角色 alice") && r.stdout.contains("市民政局"),
        "{}",
        r.stdout
    );
    let bob = cluster.url(&db, "bob");
    let r = in_ledger(d, Path::new(&bob), &["doctor"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("ledger members add bob UNIT"),
        "{}",
        r.stdout
    );
    // The program refuses first, in the user's words.
    let r = in_ledger(
        d,
        alice,
        &["set", "plan/1.2", "--unit", "市财政局", "--status", "done"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("alice 不是 市财政局 的成员"),
        "{}",
        r.stderr
    );
    let r = in_ledger(d, alice, &["members", "add", "alice", "--supervisor"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("督查"), "{}", r.stderr);

    let psql = |sql: &str| cluster.psql_as(&db, "alice", sql);
    let key = psql("SELECT task_key FROM dutymatrix.history").unwrap();
    let refused = [
        (
            "UPDATE dutymatrix.history SET status = 'done'".to_string(),
            "permission denied for table history",
        ),
        (
            "DELETE FROM dutymatrix.history".to_string(),
            "permission denied for table history",
        ),
        (
            "DELETE FROM dutymatrix.member_events".to_string(),
            "permission denied for table member_events",
        ),
        (
            "TRUNCATE dutymatrix.history".to_string(),
            "permission denied for table history",
        ),
        (
            format!(
                "INSERT INTO dutymatrix.history (task_key, unit, status) VALUES ({key}, '市财政局', 'done')"
            ),
            "new row violates row-level security policy for table \"history\"",
        ),
        (
            format!(
                "INSERT INTO dutymatrix.history (task_key, unit, status, who) VALUES ({key}, '市民政局', 'done', 'bob')"
            ),
            "the writer is the session user: alice may not write as bob",
        ),
        (
            "INSERT INTO dutymatrix.member_events (login, unit, supervisor, granted) VALUES ('alice', '', true, true)"
                .to_string(),
            "new row violates row-level security policy for table \"member_events\"",
        ),
        (
            "ALTER TABLE dutymatrix.history DISABLE ROW LEVEL SECURITY".to_string(),
            "must be owner of table history",
        ),
        (
            "DROP TRIGGER history_stamp ON dutymatrix.history".to_string(),
            "must be owner of relation history",
        ),
    ];
    for (sql, said) in &refused {
        let e = psql(sql).expect_err(sql);
        assert!(e.contains(said), "{sql}: {e}");
    }
    // A row written at psql within the rules is kept, with the server's writer and time: a
    // back-dated time is not.
    psql(&format!(
        "INSERT INTO dutymatrix.history (task_key, unit, note, at) VALUES ({key}, '市民政局', 'by hand', '2020-01-01')"
    ))
    .unwrap();
    assert_eq!(
        psql("SELECT who, at > now() - interval '1 hour' FROM dutymatrix.history WHERE note = 'by hand'")
            .unwrap(),
        "alice|t"
    );
    assert_eq!(
        psql("SELECT count(*) FROM dutymatrix.history").unwrap(),
        "2"
    );
    assert_eq!(
        psql("SELECT count(*) FROM dutymatrix.member_events").unwrap(),
        "2",
        "the owner as supervisor and alice's grant: nothing else"
    );
    // The state the server keeps per pair follows undos back through notes and statuses.
    for args in [
        &["set", "plan/1.1", "--unit", "民政局", "--note", "第二次"][..],
        &["set", "plan/1.1", "--unit", "民政局", "--status", "done"],
        &["undo", "plan/1.1", "--unit", "民政局"],
        &["undo", "plan/1.1", "--unit", "民政局"],
    ] {
        let r = in_ledger(d, alice, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    let r = in_ledger(d, alice, &["show", "plan/1.1", "--json"]);
    let v = json(&r);
    let minzheng = v["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["unit"] == "市民政局")
        .unwrap()
        .clone();
    assert_eq!(minzheng["status"], "doing", "{v}");
    assert_eq!(minzheng["note"]["text"], "by hand", "{v}");
    let r = in_ledger(d, owner, &["verify"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("规则在位，现行状态与全部留痕相符") && !r.stdout.contains("SQLite"),
        "{}",
        r.stdout
    );
    // Only the owner can change a row, and verify then says the kept state is not the history's.
    cluster
        .psql_as(
            &db,
            common_owner(),
            "UPDATE dutymatrix.current_state SET status_id = NULL",
        )
        .unwrap();
    let r = in_ledger(d, owner, &["verify"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
}

fn common_owner() -> &'static str {
    crate::common::pg::OWNER
}
