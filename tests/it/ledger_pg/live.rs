//! The dashboard on a server ledger: a change made by another process shows within a second
//! through LISTEN/NOTIFY, with nothing drawn (or asked of the server) while nothing changes; a
//! server that cannot be reached at start is said so, and reached on its own when it comes;
//! connections cut by the server are said so, and the view catches up on its own.

use crate::common::pg::OWNER;
use crate::common::pty::Session;
use crate::common::{self, poll_until};
use std::path::Path;
use std::time::{Duration, Instant};

/// `dutymatrix --ledger L --today 2022-06-30 ledger ARGS…` as another process.
fn ledger_cli(ledger: &str, args: &[&str]) -> std::process::Output {
    common::cmd()
        .arg("--ledger")
        .arg(ledger)
        .args(["--today", "2022-06-30", "ledger"])
        .args(args)
        .output()
        .expect("runs")
}

const TASK: &str = "taian-2021-kangyang-fudi-shishi-yijian/3.3";

/// Opens 市民政局's duties in the dashboard `s`.
fn open_minzheng(s: &mut Session) {
    s.wait_for("搜索");
    s.send("市民政局".as_bytes());
    s.wait_for("> 市民政局");
    s.wait_for("职责 · 市民政局");
    s.send(b"\r");
    s.wait_for("责任 加快发展健康养老服");
}

#[test]
fn a_change_on_the_server_shows_in_an_open_dashboard_within_a_second() {
    let Some(cluster) = common::pg::cluster("a_change_on_the_server_shows_in_an_open_dashboard")
    else {
        return;
    };
    let db = cluster.database("live");
    let owner = cluster.url(&db, OWNER);
    let out = ledger_cli(&owner, &["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ledger_cli(&owner, &["members", "add", "bob", "市民政局"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut s = Session::start_with_ledger(Path::new(&owner));
    open_minzheng(&mut s);
    s.wait_for("> 绿        责任 加快发展健康养老服");
    // bob, elsewhere, closes the duty.
    let bob = cluster.url(&db, "bob");
    let out = ledger_cli(
        &bob,
        &["set", TASK, "--unit", "市民政局", "--status", "done"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = Instant::now();
    assert!(
        poll_until(Duration::from_secs(1), || s
            .contents()
            .contains("> 灰 已销号 责任 加快发展健康养老服")),
        "not shown within a second: {}",
        s.contents()
    );
    eprintln!("shown {} ms after the write", written.elapsed().as_millis());
    // Idle with the ledger open: nothing drawn, and no query reaches the server (the last
    // time either of the dashboard's two connections, the reader and the listener, changed
    // state stays where it was).
    std::thread::sleep(Duration::from_millis(300));
    let before = s.raw.lock().map(|r| r.len()).unwrap_or(0);
    let last_asked = || {
        cluster
            .psql_as(
                &db,
                "postgres",
                // Other tests share the cluster: only this test's database counts.
                &format!(
                    "SELECT count(*) || ' ' || max(state_change) FROM pg_stat_activity
                     WHERE application_name = 'dutymatrix' AND datname = '{db}'"
                ),
            )
            .unwrap()
    };
    let first = last_asked();
    std::thread::sleep(Duration::from_millis(1500));
    let second = last_asked();
    let after = s.raw.lock().map(|r| r.len()).unwrap_or(0);
    assert_eq!(before, after, "the dashboard drew while idle");
    assert!(first.starts_with("2 "), "{first}");
    assert_eq!(first, second, "the dashboard asked the server while idle");
}

#[test]
fn a_dashboard_opened_with_the_server_unreachable_reaches_it_when_it_comes() {
    let Some(cluster) = common::pg::cluster("a_dashboard_opened_with_the_server_unreachable")
    else {
        return;
    };
    let db = cluster.database("late");
    let out = ledger_cli(&cluster.url(&db, OWNER), &["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ledger_cli(
        &cluster.url(&db, OWNER),
        &["set", TASK, "--unit", "市民政局", "--status", "done"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A socket folder with no server in it yet: the server "comes" when its socket is linked in.
    let away = tempfile::tempdir().unwrap();
    let url = format!(
        "postgresql:///{db}?host={}&port={}&user={OWNER}",
        away.path().display(),
        cluster.port
    );
    let out = ledger_cli(&url, &["show", "市民政局"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // Said once, though both the published documents' fetch and the command met it.
    assert_eq!(err.matches("连不上台账服务器").count(), 1, "{err}");
    assert!(out.stdout.is_empty());

    let mut s = Session::start_with_ledger(Path::new(&url));
    s.wait_for("连不上台账服务器");
    open_minzheng(&mut s);
    let socket = format!(".s.PGSQL.{}", cluster.port);
    std::os::unix::fs::symlink(cluster.socket().join(&socket), away.path().join(&socket)).unwrap();
    // The first retries come after 1 s and 2 s.
    s.wait_for("> 灰 已销号 责任 加快发展健康养老服");
}

#[test]
fn a_dashboard_whose_connections_are_cut_says_so_and_catches_up_on_its_own() {
    let Some(cluster) = common::pg::cluster("a_dashboard_whose_connections_are_cut") else {
        return;
    };
    let db = cluster.database("cut");
    let owner = cluster.url(&db, OWNER);
    for args in [&["init"][..], &["members", "add", "bob", "市民政局"]] {
        let out = ledger_cli(&owner, args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut s = Session::start_with_ledger(Path::new(&owner));
    open_minzheng(&mut s);
    s.wait_for("> 绿        责任 加快发展健康养老服");
    // The server ends the dashboard's connections (only this test's database: the cluster is
    // shared), again and again for a while, as a flapping network would.
    let until = Instant::now() + Duration::from_secs(3);
    let mut cuts = 0;
    let mut said = false;
    while Instant::now() < until {
        cuts += cluster.cut_connections(&db);
        said |= s.contents().contains("连不上台账服务器");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(cuts > 0, "no connection of the dashboard was cut");
    assert!(said, "never said it was reconnecting: {}", s.contents());
    // Made after the cuts, by someone else; no key is pressed.
    let out = ledger_cli(
        &cluster.url(&db, "bob"),
        &["set", TASK, "--unit", "市民政局", "--status", "done"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    s.wait_for("> 灰 已销号 责任 加快发展健康养老服");
    assert!(
        poll_until(Duration::from_secs(35), || !s
            .contents()
            .contains("连不上台账服务器")),
        "still says it cannot reach the server: {}",
        s.contents()
    );
}

#[test]
fn a_dashboard_whose_listener_is_cut_says_it_is_reconnecting_until_it_is_back() {
    let Some(cluster) = common::pg::cluster("a_dashboard_whose_listener_is_cut") else {
        return;
    };
    let db = cluster.database("deaf");
    let owner = cluster.url(&db, OWNER);
    for args in [&["init"][..], &["members", "add", "bob", "市民政局"]] {
        let out = ledger_cli(&owner, args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut s = Session::start_with_ledger(Path::new(&owner));
    open_minzheng(&mut s);
    s.wait_for("> 绿        责任 加快发展健康养老服");
    let admin = |sql: &str| cluster.psql_as("postgres", "postgres", sql).unwrap();
    // Only the listener is cut, and it cannot come back while the database takes no new
    // connections; the reader keeps its own.
    admin(&format!("ALTER DATABASE {db} ALLOW_CONNECTIONS false"));
    let cut = admin(&format!(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE datname = '{db}' AND query = 'LISTEN dutymatrix'"
    ));
    assert_eq!(cut, "1");
    s.wait_for("连不上台账服务器");
    admin(&format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true"));
    let out = ledger_cli(
        &cluster.url(&db, "bob"),
        &["set", TASK, "--unit", "市民政局", "--status", "done"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    s.wait_for("> 灰 已销号 责任 加快发展健康养老服");
    assert!(
        poll_until(Duration::from_secs(35), || !s
            .contents()
            .contains("连不上台账服务器")),
        "still says it cannot reach the server: {}",
        s.contents()
    );
}
