//! The real binary run as if on a machine where nobody has used it: every test that starts it
//! goes through [`cmd`] (or, for another program wrapping it, [`isolate`]; for a terminal,
//! [`environment`]), so what a developer has in their home, their XDG folders or their
//! `DUTYMATRIX_*` settings never changes what a test sees, and no test writes there.

use std::ffi::OsString;
use std::ops::{Deref, DerefMut};
use std::path::Path;
use tempfile::TempDir;

/// The variables the binary reads, removed even when the test process does not have them,
/// so that a name missing from this list shows here rather than on one developer's machine.
const KNOWN: &[&str] = &[
    "DUTYMATRIX_DOCS",
    "DUTYMATRIX_TODAY",
    "DUTYMATRIX_LEDGER",
    "DUTYMATRIX_WARN_DAYS",
    "DUTYMATRIX_HOME",
    "DUTYMATRIX_ISSUER",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
    // A server ledger's password and TLS settings (libpq's variables, read as libpq reads them).
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSSLMODE",
    "PGSSLROOTCERT",
    "PGSSLCERT",
    "PGSSLKEY",
    // The allocator's own (src/allocator.rs).
    "MIMALLOC_PURGE_DELAY",
];

/// The environment for a run whose home is `home`, in order: `(name, None)` removes the
/// variable, `(name, Some(value))` sets it. Every `DUTYMATRIX_*` and `XDG_*` variable of the
/// test process is removed; the XDG folders then point into `home`, as the defaults would,
/// except `XDG_RUNTIME_DIR`, which must be a private folder that lives as long as the login and
/// so is better absent than made up.
pub fn environment(home: &Path) -> Vec<(OsString, Option<OsString>)> {
    let inherited = std::env::vars_os().map(|(name, _)| name).filter(|name| {
        name.to_str().is_some_and(|n| {
            n.starts_with("DUTYMATRIX_")
                    || n.starts_with("XDG_")
                    // The allocator's, in any case: its statistics or messages on stderr.
                    || n.to_ascii_uppercase().starts_with("MIMALLOC_")
        })
    });
    let mut env: Vec<(OsString, Option<OsString>)> = KNOWN
        .iter()
        .map(OsString::from)
        .chain(inherited)
        .map(|name| (name, None))
        .collect();
    let set = |name: &str, value: OsString| (OsString::from(name), Some(value));
    env.extend([
        set("HOME", home.into()),
        set("XDG_CONFIG_HOME", home.join(".config").into()),
        set("XDG_CACHE_HOME", home.join(".cache").into()),
        set("XDG_DATA_HOME", home.join(".local/share").into()),
        set("XDG_STATE_HOME", home.join(".local/state").into()),
        // The dashboard's colours are compared as plain text; the binary's words are its own,
        // but a C library message (SQLite's, the system's) follows the locale.
        set("NO_COLOR", "1".into()),
        set("LANG", "C.UTF-8".into()),
    ]);
    env
}

/// `c` with the environment of a run whose home is `home`.
pub fn isolate<'c>(c: &'c mut std::process::Command, home: &Path) -> &'c mut std::process::Command {
    for (name, value) in environment(home) {
        match value {
            Some(v) => c.env(name, v),
            None => c.env_remove(name),
        };
    }
    c
}

/// The binary, ready for arguments, with a home of its own that lives as long as the command.
pub struct Cmd {
    cmd: assert_cmd::Command,
    home: TempDir,
}

impl Cmd {
    /// The run's home folder: empty until the binary writes there.
    pub fn home(&self) -> &Path {
        self.home.path()
    }
}

impl Deref for Cmd {
    type Target = assert_cmd::Command;
    fn deref(&self) -> &assert_cmd::Command {
        &self.cmd
    }
}

impl DerefMut for Cmd {
    fn deref_mut(&mut self) -> &mut assert_cmd::Command {
        &mut self.cmd
    }
}

/// `dutymatrix`, isolated from whoever runs the tests (see [`environment`]).
pub fn cmd() -> Cmd {
    let home = tempfile::tempdir().expect("a home folder for the run");
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dutymatrix"));
    isolate(&mut c, home.path());
    Cmd {
        cmd: assert_cmd::Command::from_std(c),
        home,
    }
}

/// A copy of the binary at `to`, for a test that runs it as another user from a folder they
/// may reach. Copied by `cp`, not by this process: a file this process holds open for writing
/// is inherited by whatever child another test forks at that moment, and until that child
/// execs, running the copy fails with "Text file busy".
pub fn copy_binary(to: &Path) {
    let status = std::process::Command::new("cp")
        .arg(assert_cmd::cargo::cargo_bin("dutymatrix"))
        .arg(to)
        .status()
        .expect("run cp");
    assert!(status.success(), "cp the binary to {}", to.display());
}
