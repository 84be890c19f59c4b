//! TLS over TCP as libpq's `sslmode` asks, against real servers: the TLS cluster (its
//! certificate for `localhost` only, no TCP without TLS, carol by certificate) and the plain one.
//! Each refusal says why in the user's language, and nothing is sent.

use crate::common::pg::{Cluster, OWNER};
use crate::common::pg_tls::Certs;
use crate::common::pty::Session;
use crate::common::{self, poll_until};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

const TASK: &str = "taian-2021-kangyang-fudi-shishi-yijian/3.3";
const UNIT: &str = "市民政局";

/// `dutymatrix --ledger URL ledger ARGS…` on the built-in documents, with `home` as its home
/// when given (else an empty one).
fn run(url: &str, args: &[&str], lang: &str, home: Option<&Path>) -> Output {
    let mut c = common::cmd();
    if let Some(h) = home {
        // Where libpq's files are looked for (~/.postgresql).
        c.env("HOME", h);
    }
    c.args([
        "--lang",
        lang,
        "--ledger",
        url,
        "--today",
        "2022-06-30",
        "ledger",
    ])
    .args(args)
    .output()
    .expect("runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Refused before anything was sent: exit 2, nothing on stdout, the message on stderr.
fn refused(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `postgresql://role@host:port/db?params` on `c`.
fn url(c: &Cluster, db: &str, role: &str, host: &str, params: &str) -> String {
    format!("postgresql://{role}@{host}:{}/{db}?{params}", c.port)
}

/// The TLS cluster and a ledger on it, made through the socket; `None` without a server.
fn tls_ledger(test: &str) -> Option<(&'static Cluster, String, Certs)> {
    let c = common::pg::tls_cluster(test)?;
    let db = c.database("tls");
    ok(&run(&c.url(&db, OWNER), &["init"], "zh", None));
    Some((c, db, Certs::of(&c.dir)))
}

#[test]
fn require_and_allow_connect_over_tls_and_the_ledger_works() {
    let Some((c, db, _)) = tls_ledger("require_connects_over_tls") else {
        return;
    };
    // The server refuses TCP without TLS, so each success here went over TLS.
    let require = url(c, &db, OWNER, "127.0.0.1", "sslmode=require");
    ok(&run(
        &require,
        &[
            "set", TASK, "--unit", UNIT, "--status", "doing", "--note", "经 TLS",
        ],
        "zh",
        None,
    ));
    let shown = ok(&run(&require, &["show", UNIT], "zh", None));
    assert!(shown.contains("经 TLS"), "{shown}");
    // allow tries without TLS first, and with it when the server says no.
    let allow = url(c, &db, OWNER, "127.0.0.1", "sslmode=allow");
    assert!(ok(&run(&allow, &["show", UNIT], "zh", None)).contains("经 TLS"));
    // libpq's default, prefer, takes TLS when offered.
    let prefer = format!("postgresql://{OWNER}@127.0.0.1:{}/{db}", c.port);
    assert!(ok(&run(&prefer, &["show", UNIT], "zh", None)).contains("经 TLS"));
    // disable does not, and the server refuses that.
    let disable = url(c, &db, OWNER, "127.0.0.1", "sslmode=disable");
    let err = refused(&run(&disable, &["show", UNIT], "zh", None));
    assert!(err.contains("no encryption"), "{err}");
}

#[test]
fn verify_full_checks_the_ca_and_the_name() {
    let Some((c, db, certs)) = tls_ledger("verify_full_checks_the_ca_and_the_name") else {
        return;
    };
    let ca = certs.ca().display().to_string();
    let good = url(
        c,
        &db,
        OWNER,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    ok(&run(
        &good,
        &["set", TASK, "--unit", UNIT, "--status", "done"],
        "zh",
        None,
    ));
    assert!(ok(&run(&good, &["show", UNIT], "zh", None)).contains("已销号"));

    // Another CA: the certificate is not trusted, in either language.
    let other = certs.other_ca().display().to_string();
    let wrong_ca = url(
        c,
        &db,
        OWNER,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={other}"),
    );
    let err = refused(&run(&wrong_ca, &["show", UNIT], "zh", None));
    assert!(
        err.contains("服务器证书不受信任") && err.contains(&other),
        "{err}"
    );
    let err = refused(&run(&wrong_ca, &["show", UNIT], "en", None));
    assert!(
        err.contains("the server's certificate is not trusted") && err.contains(&other),
        "{err}"
    );

    // The system's roots do not include the test CA.
    let system = url(c, &db, OWNER, "localhost", "sslrootcert=system");
    let err = refused(&run(&system, &["show", UNIT], "en", None));
    assert!(
        err.contains("not trusted") && err.contains("the system's trusted roots"),
        "{err}"
    );

    // The right CA, but 127.0.0.1 is not a name the certificate holds.
    let by_address = url(
        c,
        &db,
        OWNER,
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    let err = refused(&run(&by_address, &["show", UNIT], "zh", None));
    assert!(err.contains("服务器证书不是签发给 127.0.0.1 的"), "{err}");
    let err = refused(&run(&by_address, &["show", UNIT], "en", None));
    assert!(
        err.contains("the server's certificate is not for 127.0.0.1"),
        "{err}"
    );
    // verify-ca checks the CA only.
    let ca_only = by_address.replace("verify-full", "verify-ca");
    assert!(ok(&run(&ca_only, &["show", UNIT], "zh", None)).contains("已销号"));
}

#[test]
fn the_root_certificate_is_looked_for_where_libpq_looks() {
    let Some((c, db, certs)) = tls_ledger("the_root_certificate_is_looked_for") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let verify = url(c, &db, OWNER, "localhost", "sslmode=verify-full");
    let err = refused(&run(&verify, &["show", UNIT], "zh", Some(home.path())));
    let expected = home.path().join(".postgresql/root.crt");
    assert!(
        err.contains(&format!("根证书文件 {} 不存在", expected.display())),
        "{err}"
    );
    let err = refused(&run(&verify, &["show", UNIT], "en", Some(home.path())));
    assert!(
        err.contains(&format!(
            "root certificate file {} does not exist",
            expected.display()
        )),
        "{err}"
    );
    std::fs::create_dir(home.path().join(".postgresql")).unwrap();
    std::fs::copy(certs.ca(), &expected).unwrap();
    ok(&run(&verify, &["show", UNIT], "zh", Some(home.path())));
    // A root certificate there makes require check the CA too, as libpq does.
    std::fs::copy(certs.other_ca(), &expected).unwrap();
    let require = url(c, &db, OWNER, "localhost", "sslmode=require");
    let err = refused(&run(&require, &["show", UNIT], "zh", Some(home.path())));
    assert!(err.contains("服务器证书不受信任"), "{err}");
}

#[test]
fn a_client_certificate_lets_carol_in_and_a_key_others_may_read_is_refused() {
    let Some((c, db, certs)) = tls_ledger("a_client_certificate_lets_carol_in") else {
        return;
    };
    let params = format!(
        "sslmode=verify-full&sslrootcert={}&sslcert={}&sslkey={}",
        certs.ca().display(),
        certs.carol_cert().display(),
        certs.carol_key().display()
    );
    let carol = url(c, &db, "carol", "localhost", &params);
    ok(&run(&carol, &["show", UNIT], "zh", None));
    // Without her certificate the server lets her not in.
    let bare = url(
        c,
        &db,
        "carol",
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", certs.ca().display()),
    );
    let err = refused(&run(&bare, &["show", UNIT], "zh", None));
    assert!(err.contains("certificate"), "{err}");
    // Her key readable by others: refused before connecting, as libpq refuses it.
    let open = tempfile::tempdir().unwrap();
    let key = open.path().join("carol.key");
    std::fs::copy(certs.carol_key(), &key).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let loose = carol.replace(
        &certs.carol_key().display().to_string(),
        key.to_str().unwrap(),
    );
    let err = refused(&run(&loose, &["show", UNIT], "zh", None));
    assert!(
        err.contains(&format!("私钥文件 {} 他人可读", key.display())),
        "{err}"
    );
    let err = refused(&run(&loose, &["show", UNIT], "en", None));
    assert!(err.contains("may be read by others"), "{err}");
    // Under prefer the same key falls back to plain text, which this server refuses: the key
    // is what is told, not the refusal.
    let preferred = loose.replace("sslmode=verify-full", "sslmode=prefer");
    let err = refused(&run(&preferred, &["show", UNIT], "zh", None));
    assert!(err.contains("他人可读"), "{err}");
    // Her key locked by a passphrase: refused, never asked for on the terminal.
    let locked = open.path().join("locked.key");
    let made = std::process::Command::new("openssl")
        .args(["pkey", "-aes256", "-passout", "pass:secret", "-in"])
        .arg(certs.carol_key())
        .arg("-out")
        .arg(&locked)
        .status()
        .expect("openssl");
    assert!(made.success());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o600)).unwrap();
    let with_locked = carol.replace(
        &certs.carol_key().display().to_string(),
        locked.to_str().unwrap(),
    );
    let err = refused(&run(&with_locked, &["show", UNIT], "zh", None));
    assert!(
        err.contains(&format!("私钥文件 {} 有口令保护", locked.display())),
        "{err}"
    );
}

#[test]
fn a_server_without_tls_is_refused_under_require_and_used_under_prefer() {
    let Some(c) = common::pg::cluster("a_server_without_tls_is_refused_under_require") else {
        return;
    };
    let db = c.database("plain");
    ok(&run(&c.url(&db, OWNER), &["init"], "zh", None));
    let require = url(c, &db, OWNER, "127.0.0.1", "sslmode=require");
    let err = refused(&run(&require, &["show", UNIT], "zh", None));
    assert!(
        err.contains("服务器不提供 TLS 加密连接，而 sslmode=require 要求加密"),
        "{err}"
    );
    let err = refused(&run(&require, &["show", UNIT], "en", None));
    assert!(
        err.contains("the server does not offer TLS, and sslmode=require requires it"),
        "{err}"
    );
    let prefer = url(c, &db, OWNER, "127.0.0.1", "sslmode=prefer");
    ok(&run(&prefer, &["show", UNIT], "zh", None));
    // A bad sslmode is named, not sent.
    let bad = url(c, &db, OWNER, "127.0.0.1", "sslmode=verify_full");
    let err = refused(&run(&bad, &["show", UNIT], "zh", None));
    assert!(err.contains("sslmode=verify_full 无效"), "{err}");
}

#[test]
fn an_open_dashboard_reads_and_listens_over_tls() {
    let Some((c, db, certs)) = tls_ledger("an_open_dashboard_reads_and_listens_over_tls") else {
        return;
    };
    let verify = url(
        c,
        &db,
        OWNER,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", certs.ca().display()),
    );
    let mut s = Session::start_with_ledger(Path::new(&verify));
    s.wait_for("搜索");
    let ssl = || {
        c.psql_as(
            &db,
            "postgres",
            // The cluster is shared: only this test's database counts.
            &format!(
                "SELECT count(*) || ' ' || coalesce(bool_and(s.ssl), false)
                 FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
                 WHERE a.application_name = 'dutymatrix' AND a.datname = '{db}'"
            ),
        )
        .unwrap()
    };
    // Its two connections, the reader and the listener, both over TLS.
    assert!(
        poll_until(Duration::from_secs(10), || ssl() == "2 true"),
        "{}",
        ssl()
    );
    // And a change made elsewhere reaches it through the listener.
    s.send(UNIT.as_bytes());
    s.wait_for("> 市民政局");
    s.wait_for("职责 · 市民政局");
    s.send(b"\r");
    s.wait_for("> 绿        责任 加快发展健康养老服");
    ok(&run(
        &verify,
        &["set", TASK, "--unit", UNIT, "--status", "done"],
        "zh",
        None,
    ));
    s.wait_for("> 灰 已销号 责任 加快发展健康养老服");
}
