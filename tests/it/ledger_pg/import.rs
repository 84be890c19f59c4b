//! `ledger import`: a city's SQLite ledger copied into the server ledger by its owner, rows
//! keeping their writer and time, marked as imported; a second run adds nothing.

use super::setup;
use crate::common::pg::OWNER;
use crate::ledger_cli::{in_ledger, json};
use dutymatrix::ledger::identity;
use std::path::Path;

#[test]
fn an_sqlite_ledger_imported_twice_is_there_once_with_its_writers_and_times() {
    let Some((cluster, db, dir)) = setup("an_sqlite_ledger_imported_twice") else {
        return;
    };
    let d = dir.path();
    let city = d.join("city.sqlite3");
    let me = identity::current().login;
    for args in [
        &["init"][..],
        &[
            "set",
            "plan/1.1",
            "--unit",
            "民政局",
            "--status",
            "doing",
            "--note",
            "已选址",
        ],
        &["set", "plan/1.2", "--unit", "市财政局", "--status", "done"],
        &["undo", "plan/1.2", "--unit", "市财政局"],
        &["members", "add", "alice", "市民政局"],
    ] {
        let r = in_ledger(d, &city, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    let owner = cluster.url(&db, OWNER);
    let province = Path::new(&owner);
    assert_eq!(in_ledger(d, province, &["init"]).code, 0);
    let city_arg = city.to_str().unwrap();

    // Into a server ledger only, by its owner only.
    let r = in_ledger(d, &city, &["import", city_arg]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("只用于 PostgreSQL 台账"), "{}", r.stderr);
    let alice = cluster.url(&db, "alice");
    let r = in_ledger(d, Path::new(&alice), &["import", city_arg]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("alice 不是台账数据库的所有者"),
        "{}",
        r.stderr
    );

    let r = in_ledger(d, province, &["import", city_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("导入 3 条记录、2 条成员变更、2 个任务；0 条此前已导入"),
        "{}",
        r.stdout
    );
    let hash = r.stdout.split("SHA-256 ").nth(1).unwrap()[..64].to_string();
    let r = in_ledger(d, province, &["import", city_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("导入 0 条记录、0 条成员变更、0 个任务；5 条此前已导入"),
        "{}",
        r.stdout
    );

    // Each row keeps its writer and time, and says where it came from.
    for task in ["plan/1.1", "plan/1.2"] {
        let from_city = json(&in_ledger(d, &city, &["history", task, "--json"]));
        let on_server = json(&in_ledger(d, province, &["history", task, "--json"]));
        let fields = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    format!(
                        "{} {} {} {} {} {} {}",
                        c["who"],
                        c["at"],
                        c["unit"],
                        c["status"],
                        c["note"],
                        c["undone"],
                        c["undoes"].is_null()
                    )
                })
                .collect()
        };
        assert_eq!(fields(&from_city), fields(&on_server), "{task}");
    }
    let city_show = json(&in_ledger(d, &city, &["show", "市民政局", "--json"]));
    let server_show = json(&in_ledger(d, province, &["show", "市民政局", "--json"]));
    assert_eq!(city_show["items"], server_show["items"]);
    assert_eq!(
        cluster
            .psql_as(
                &db,
                "postgres",
                "SELECT DISTINCT who || ' ' || imported_by || ' ' || imported_from
                 FROM dutymatrix.history",
            )
            .unwrap(),
        format!("{me} {OWNER} {hash}")
    );
    let members = json(&in_ledger(d, province, &["members", "--json"]));
    let alice = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["login"] == "alice")
        .unwrap();
    assert_eq!(alice["units"][0], "市民政局");
    let r = in_ledger(d, province, &["verify"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// Every imported row updates its pair's state inside the import's one transaction, where no
/// old version can be reclaimed; the import rewrites the table after, so that a whole read does
/// not scan hundreds of dead copies (at 1,000,000 rows: 369 MB for 39 MB of pairs). When
/// another session holds the table, the import does not wait behind it (every office's writes
/// would wait behind the import): its rows are in, and it says the table was left as it was.
#[test]
fn an_import_of_many_rows_on_one_pair_leaves_its_state_in_one_page() {
    const ROWS: usize = 400;
    use dutymatrix::ledger::{Ledger, NewChange, OpenMode, Status};
    let Some((cluster, db, dir)) = setup("an_import_of_many_rows_on_one_pair") else {
        return;
    };
    let d = dir.path();
    let city = d.join("city.sqlite3");
    let me = identity::current();
    let model = crate::common::ledger::model_of(&d.join("plan.txt"));
    let mut l = Ledger::open_as(&city, OpenMode::Create, &me)
        .unwrap()
        .unwrap();
    for n in 0..ROWS {
        let change = NewChange {
            unit: "市民政局".into(),
            status: Some(if n % 2 == 0 {
                Status::Doing
            } else {
                Status::Paused
            }),
            note: Some(format!("第{n}次调度：已选址，正在办理用地手续")),
            note_date: None,
        };
        l.record(&model, &me, "plan/1.1", change).unwrap();
    }
    drop(l);
    let owner = cluster.url(&db, OWNER);
    assert_eq!(in_ledger(d, Path::new(&owner), &["init"]).code, 0);
    let r = in_ledger(d, Path::new(&owner), &["import", city.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("导入 400 条记录"), "{}", r.stdout);
    let size = |sql: &str| -> i64 {
        let out = cluster.psql_as(&db, OWNER, sql).unwrap();
        out.trim().parse().unwrap()
    };
    let pages = "SELECT pg_relation_size('dutymatrix.current_state') / 8192";
    assert_eq!(size(pages), 1);
    let shown = json(&in_ledger(
        d,
        Path::new(&owner),
        &["show", "plan/1.1", "--json"],
    ));
    assert!(shown.to_string().contains("第399次调度"), "{shown}");

    // A backup (or any long read) holding the table: the import's rows go in regardless.
    let more = d.join("more.sqlite3");
    let mut l = Ledger::open_as(&more, OpenMode::Create, &me)
        .unwrap()
        .unwrap();
    let change = NewChange {
        unit: "市财政局".into(),
        status: Some(Status::Done),
        note: Some("资金已拨付".into()),
        note_date: None,
    };
    l.record(&model, &me, "plan/1.2", change).unwrap();
    drop(l);
    let holding = std::thread::spawn({
        let db = db.clone();
        move || {
            cluster.psql_as(
                &db,
                OWNER,
                "BEGIN; LOCK TABLE dutymatrix.current_state IN ACCESS SHARE MODE; \
                 SELECT pg_sleep(8); COMMIT;",
            )
        }
    });
    std::thread::sleep(std::time::Duration::from_secs(1));
    let started = std::time::Instant::now();
    let r = in_ledger(d, Path::new(&owner), &["import", more.to_str().unwrap()]);
    let took = started.elapsed();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("导入 1 条记录"), "{}", r.stdout);
    assert!(
        r.stderr.contains("状态表正被其他会话使用，未能整理"),
        "{}",
        r.stderr
    );
    assert!(took < std::time::Duration::from_secs(6), "{took:?}");
    holding.join().unwrap().unwrap();
    let shown = json(&in_ledger(
        d,
        Path::new(&owner),
        &["show", "plan/1.2", "--json"],
    ));
    assert!(shown.to_string().contains("资金已拨付"), "{shown}");
}
