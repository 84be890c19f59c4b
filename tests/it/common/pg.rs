//! A throwaway PostgreSQL cluster for the tests, started once per run of the test binary with
//! the system's own server (`/usr/lib/postgresql/*/bin`): `initdb` into a temporary folder (as
//! the `postgres` user when the tests run as root, as the server refuses to run as root), trust
//! authentication, its socket in that folder and TCP on a free port of 127.0.0.1 only. It is
//! stopped and removed when the test binary exits. Each test takes a database of its own.
//! [`tls_cluster`] is a second one that speaks TLS over TCP (see [`super::pg_tls`]).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// The roles every cluster has: `province` owns the ledgers; the others are officials.
pub const OWNER: &str = "province";
pub const ROLES: &[&str] = &["alice", "bob", "carol"];

pub struct Cluster {
    /// The folder holding `data/` and the socket; removed at exit.
    pub dir: PathBuf,
    pub bin: PathBuf,
    pub port: u16,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static TLS_CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();

/// The cluster, started on first use; `None` (after [`super::missing`], which fails under CI)
/// when the server's binaries are missing or it would not start.
pub fn cluster(test: &str) -> Option<&'static Cluster> {
    shared(test, &CLUSTER, false)
}

/// The cluster that speaks TLS, started on first use, as [`cluster`]; its certificates are in
/// [`super::pg_tls::Certs`] of its folder.
pub fn tls_cluster(test: &str) -> Option<&'static Cluster> {
    shared(test, &TLS_CLUSTER, true)
}

fn shared(
    test: &str,
    cell: &'static OnceLock<Result<Cluster, String>>,
    tls: bool,
) -> Option<&'static Cluster> {
    match cell.get_or_init(|| start(tls)) {
        Ok(c) => Some(c),
        Err(why) => {
            super::missing(test, &format!("a PostgreSQL server ({why})"));
            None
        }
    }
}

/// The newest `/usr/lib/postgresql/N/bin` with an `initdb`.
fn server_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, b)| b)
}

pub(super) fn as_root() -> bool {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() == 0 }
}

/// `program` with `args`, as the `postgres` user when running as root.
fn server_cmd(program: &Path) -> Command {
    if as_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

pub(super) fn checked(what: &str, out: std::io::Result<Output>) -> Result<Output, String> {
    let out = out.map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{what}: {}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn start(tls: bool) -> Result<Cluster, String> {
    let cluster = Cluster::new(tls)?;
    static AT_EXIT: std::sync::Once = std::sync::Once::new();
    // SAFETY: `stop` is an extern "C" fn without arguments, as atexit requires.
    AT_EXIT.call_once(|| unsafe {
        libc::atexit(stop);
    });
    Ok(cluster)
}

/// A cluster of one test's own (to kill and restart it): stopped and removed when dropped.
pub struct Private(pub Cluster);

impl Drop for Private {
    fn drop(&mut self) {
        self.0.halt();
    }
}

impl std::ops::Deref for Private {
    type Target = Cluster;
    fn deref(&self) -> &Cluster {
        &self.0
    }
}

/// A cluster of the calling test's own, or `None` (after [`super::missing`]).
pub fn private(test: &str) -> Option<Private> {
    match Cluster::new(false) {
        Ok(c) => Some(Private(c)),
        Err(why) => {
            super::missing(test, &format!("a PostgreSQL server ({why})"));
            None
        }
    }
}

impl Cluster {
    /// A new cluster, started; with `tls`, it speaks TLS over TCP and only that.
    fn new(tls: bool) -> Result<Cluster, String> {
        let bin = server_bin().ok_or("no /usr/lib/postgresql/*/bin/initdb")?;
        let dir = tempfile::Builder::new()
            .prefix("dm-pg")
            .tempdir()
            .map_err(|e| e.to_string())?
            .keep();
        if as_root() {
            checked(
                "chown",
                Command::new("chown")
                    .args(["-R", "postgres:postgres"])
                    .arg(&dir)
                    .output(),
            )?;
        }
        let data = dir.join("data");
        checked(
            "initdb",
            server_cmd(&bin.join("initdb"))
                .args([
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "--locale=C.UTF-8",
                    "-D",
                ])
                .arg(&data)
                .output(),
        )?;
        if tls {
            super::pg_tls::prepare(&dir, &data)?;
        }
        let port = free_port()?;
        let options = server_options(&dir, port);
        checked(
            "pg_ctl start",
            server_cmd(&bin.join("pg_ctl"))
                .args(["-w", "-t", "60", "-l"])
                .arg(dir.join("log"))
                .args(["-o", &options, "-D"])
                .arg(&data)
                .arg("start")
                .output(),
        )?;
        let cluster = Cluster { dir, bin, port };
        let mut sql = format!("CREATE ROLE {OWNER} LOGIN;");
        for r in ROLES {
            sql.push_str(&format!("CREATE ROLE {r} LOGIN;"));
        }
        cluster.psql_as("postgres", "postgres", &sql)?;
        Ok(cluster)
    }

    /// Stops the server at once and removes its folder.
    fn halt(&self) {
        let _ = server_cmd(&self.bin.join("pg_ctl"))
            .args(["-m", "immediate", "-D"])
            .arg(self.dir.join("data"))
            .arg("stop")
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Stops the cluster at the test binary's exit and removes its folder.
extern "C" fn stop() {
    for cell in [&CLUSTER, &TLS_CLUSTER] {
        if let Some(Ok(c)) = cell.get() {
            c.halt();
        }
    }
}

impl Cluster {
    /// The socket folder.
    pub fn socket(&self) -> &Path {
        &self.dir
    }

    /// A new empty database owned by [`OWNER`], its name starting with `prefix`.
    pub fn database(&self, prefix: &str) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!("{prefix}_{}", N.fetch_add(1, Ordering::Relaxed));
        self.psql_as(
            "postgres",
            "postgres",
            &format!("CREATE DATABASE {name} OWNER {OWNER}"),
        )
        .expect("a database for the test");
        name
    }

    /// The ledger URL of `db` as `role`, through the socket.
    pub fn url(&self, db: &str, role: &str) -> String {
        format!(
            "postgresql:///{db}?host={}&port={}&user={role}",
            self.dir.display(),
            self.port
        )
    }

    /// The ledger URL of `db` as `role`, over TCP.
    pub fn tcp_url(&self, db: &str, role: &str) -> String {
        format!("postgresql://{role}@127.0.0.1:{}/{db}", self.port)
    }

    /// Ends every connection to `db` (only this test's database: the cluster is shared), as a
    /// server restart or a cut network would; how many were ended.
    pub fn cut_connections(&self, db: &str) -> u32 {
        self.psql_as(
            "postgres",
            "postgres",
            &format!(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE datname = '{db}' AND pid <> pg_backend_pid()"
            ),
        )
        .expect("connections ended")
        .parse()
        .unwrap_or(0)
    }

    /// `psql` as `role` on `db`, stopping at the first error: its output, or its error.
    pub fn psql_as(&self, db: &str, role: &str, sql: &str) -> Result<String, String> {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(&self.dir)
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                role,
                "-d",
                db,
                "-c",
                sql,
            ])
            .env("LANG", "C.UTF-8")
            .env("LC_MESSAGES", "C")
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }

    /// `pg_ctl ARGS` on the cluster with its usual options: `stop -m immediate` kills it,
    /// `start` brings it back on the same socket and port.
    pub fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let options = server_options(&self.dir, self.port);
        let mut c = server_cmd(&self.bin.join("pg_ctl"));
        c.args(["-w", "-t", "60", "-l"])
            .arg(self.dir.join("log"))
            .args(["-o", &options, "-D"])
            .arg(self.dir.join("data"))
            .args(args);
        checked("pg_ctl", c.output()).map(|_| ())
    }
}

/// The server's options: its socket in `dir`, TCP on 127.0.0.1 only.
fn server_options(dir: &Path, port: u16) -> String {
    format!(
        "-k {} -p {port} -c listen_addresses=127.0.0.1 -c max_connections=60",
        dir.display()
    )
}
