//! A server ledger made by a build of schema 1, upgraded by the owner's `ledger init`: the rows
//! from before keep no transaction id and stay in force; rows after it are read on from a
//! dashboard's snapshot.

use super::setup;
use crate::common::ledger::model_of;
use crate::common::pg::OWNER;
use crate::ledger_cli::in_ledger;
use dutymatrix::ledger::{Ledger, NewChange, OpenMode, Status, identity};
use std::path::Path;

/// What a schema-1 build's `ledger init` leaves in `db`, its owner the supervisor, with the
/// members `more` (rows of `(login, unit, supervisor, granted)`, or nothing).
fn schema_1(cluster: &crate::common::pg::Cluster, db: &str, more: &str) {
    let psql = |sql: &str| cluster.psql_as(db, OWNER, sql).unwrap();
    psql(include_str!(
        "../../../crates/ledger/src/migrations/postgres/0001_initial.sql"
    ));
    psql(&format!(
        "INSERT INTO dutymatrix.member_events (login, unit, supervisor, granted)
           VALUES (session_user, '', true, true){more};
         INSERT INTO dutymatrix.schema_version (version) VALUES (1);"
    ));
}

#[test]
fn a_schema_1_ledger_is_upgraded_by_the_owner_and_its_rows_stay() {
    let Some((cluster, db, dir)) = setup("a_schema_1_ledger_is_upgraded_by_the_owner") else {
        return;
    };
    let d = dir.path();
    // What a schema-1 build's `ledger init` left, and one row it wrote.
    schema_1(cluster, &db, "");
    let psql = |sql: &str| cluster.psql_as(&db, OWNER, sql).unwrap();
    psql(
        "INSERT INTO dutymatrix.task_keys (document, task_id, number, fingerprint, title)
           VALUES ('plan', 'plan/1.2', '2.', 'old', '建设智慧养老服务平台');",
    );
    psql(
        "INSERT INTO dutymatrix.history (task_key, unit, status, note)
         SELECT id, '市民政局', 'doing', '升级前' FROM dutymatrix.task_keys",
    );
    let owner = cluster.url(&db, OWNER);
    let r = in_ledger(d, Path::new(&owner), &["show", "plan/1.2"]);
    assert_eq!(
        r.code, 2,
        "a newer build reads no older schema: {}",
        r.stderr
    );
    assert!(r.stderr.contains("格式较旧（1，当前 2）"), "{}", r.stderr);

    let r = in_ledger(d, Path::new(&owner), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr, "",
        "no warning that the ledger is too old while upgrading it"
    );
    assert!(r.stdout.contains("已由格式 1 升级到 2"), "{}", r.stdout);
    assert_eq!(
        psql("SELECT count(*) FROM dutymatrix.history WHERE txid IS NULL"),
        "1"
    );
    let r = in_ledger(d, Path::new(&owner), &["show", "plan/1.2"]);
    assert!(r.stdout.contains("升级前"), "{}{}", r.stdout, r.stderr);
    let r = in_ledger(d, Path::new(&owner), &["verify"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    // A view read now reads on to a row written after it, and only its document.
    let model = model_of(&d.join("plan.txt"));
    let watching = super::server_ledger(&owner, OpenMode::ReadOnly);
    let mut view = watching.snapshot(&model).unwrap();
    super::server_ledger(&owner, OpenMode::ReadWrite)
        .record(
            &model,
            &identity::current(),
            "plan/1.1",
            NewChange {
                unit: "市民政局".into(),
                status: Some(Status::Done),
                note: None,
                note_date: None,
            },
        )
        .unwrap();
    let before = view.seen.clone().unwrap();
    assert_eq!(
        watching.documents_since(&before).unwrap(),
        Some(vec!["plan".to_string()])
    );
    watching.refresh(&model, &mut view).unwrap();
    assert_eq!(view.entries, watching.snapshot(&model).unwrap().entries);
    assert_eq!(view.status("plan/1.1", "市民政局"), Some(Status::Done));
    assert_eq!(view.status("plan/1.2", "市民政局"), Some(Status::Doing));

    // The columns copied beside the ids are checked against the rows they name.
    let r = in_ledger(d, Path::new(&owner), &["verify"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    psql("UPDATE dutymatrix.current_state SET s_note = '改过' WHERE s_note = '升级前'");
    let r = in_ledger(d, Path::new(&owner), &["verify"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("市民政局"), "{}", r.stdout);
}

/// A member's newer build meets the server before its owner upgraded it: refused with the
/// owner named, not with the server's refusal of an ALTER halfway through; writing nothing.
#[test]
fn a_member_before_the_owners_upgrade_is_told_the_owner_must_run_it() {
    let Some((cluster, db, dir)) = setup("a_member_before_the_owners_upgrade") else {
        return;
    };
    let d = dir.path();
    schema_1(cluster, &db, ", ('alice', '市民政局', false, true)");
    let psql = |sql: &str| cluster.psql_as(&db, OWNER, sql).unwrap();
    let alice = cluster.url(&db, "alice");
    for mode in [OpenMode::ReadOnly, OpenMode::ReadWrite] {
        let e = Ledger::open(Path::new(&alice), mode).unwrap_err();
        assert!(
            matches!(
                e,
                dutymatrix::ledger::LedgerError::NeedsOwnerUpgrade { found: 1, .. }
            ),
            "{e:?}"
        );
    }
    let r = in_ledger(
        d,
        Path::new(&alice),
        &["set", "plan/1.1", "--unit", "市民政局", "--status", "doing"],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("需由服务器上台账的所有者运行一次 dutymatrix ledger init 升级"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "said once: {}", r.stderr);
    assert_eq!(
        psql("SELECT max(version) FROM dutymatrix.schema_version"),
        "1"
    );
    assert_eq!(psql("SELECT count(*) FROM dutymatrix.history"), "0");
}

/// A member of the owner's role (an administrator) upgrades: what the upgrade makes belongs to
/// the owner, so writing goes on after the administrator's membership ends.
#[test]
fn an_upgrade_by_a_member_of_the_owners_role_leaves_it_all_the_owners() {
    let Some((cluster, db, dir)) = setup("an_upgrade_by_a_member_of_the_owners_role") else {
        return;
    };
    let d = dir.path();
    schema_1(cluster, &db, ", ('alice', '市民政局', false, true)");
    let admin = "upgrade_admin";
    let root = |sql: &str| cluster.psql_as(&db, "postgres", sql).unwrap();
    root(&format!(
        "CREATE ROLE {admin} LOGIN; GRANT {OWNER} TO {admin}"
    ));
    let r = in_ledger(d, Path::new(&cluster.url(&db, admin)), &["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("已由格式 1 升级到 2"), "{}", r.stdout);
    assert_eq!(
        root(
            "SELECT string_agg(DISTINCT proowner::regrole::text, ',') FROM pg_proc
             WHERE pronamespace = 'dutymatrix'::regnamespace"
        ),
        OWNER
    );
    root(&format!("REVOKE {OWNER} FROM {admin}"));
    let r = in_ledger(
        d,
        Path::new(&cluster.url(&db, "alice")),
        &["set", "plan/1.1", "--unit", "市民政局", "--status", "doing"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}
