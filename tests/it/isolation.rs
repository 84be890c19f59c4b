//! Every run of the binary in these tests is a stranger's: its own home, its XDG folders in
//! that home, and none of the settings of whoever runs the tests.

use crate::common::ledger::{PLAN, write_plan};
use crate::common::{self, run};
use std::ffi::OsString;
use std::path::Path;

#[test]
fn the_environment_moves_every_folder_into_the_home_and_drops_every_setting() {
    let env = run::environment(Path::new("/h"));
    // Later entries win, as they do when applied to a command.
    let last = |name: &str| {
        env.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let set = |v: &str| Some(Some(OsString::from(v)));
    assert_eq!(last("HOME"), set("/h"));
    assert_eq!(last("XDG_CONFIG_HOME"), set("/h/.config"));
    assert_eq!(last("XDG_CACHE_HOME"), set("/h/.cache"));
    assert_eq!(last("XDG_DATA_HOME"), set("/h/.local/share"));
    assert_eq!(last("XDG_STATE_HOME"), set("/h/.local/state"));
    assert_eq!(last("XDG_RUNTIME_DIR"), Some(None));
    assert_eq!(last("NO_COLOR"), set("1"));
    assert_eq!(last("LANG"), set("C.UTF-8"));
    for name in [
        "DUTYMATRIX_DOCS",
        "DUTYMATRIX_TODAY",
        "DUTYMATRIX_LEDGER",
        "DUTYMATRIX_WARN_DAYS",
        "DUTYMATRIX_HOME",
    ] {
        assert_eq!(last(name), Some(None), "{name}");
    }
    // Whatever else this process was given: a CI's XDG_DATA_DIRS, a DUTYMATRIX_ of tomorrow.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("DUTYMATRIX_") || name.starts_with("XDG_") {
            let removed_or_in_home = match last(&name) {
                Some(None) => true,
                Some(Some(v)) => Path::new(&v).starts_with("/h"),
                None => false,
            };
            assert!(removed_or_in_home, "{name} reaches the binary");
        }
    }
}

/// A developer with their own ledger and data folder set: the binary sees neither, and
/// reports the default ledger inside the run's home.
#[test]
fn a_developers_ledger_and_folders_never_reach_a_run() {
    let dir = tempfile::tempdir().expect("dir");
    write_plan(dir.path(), PLAN);
    let developers = dir.path().join("developers-ledger.sqlite3");
    let home = tempfile::tempdir().expect("home");
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dutymatrix"));
    c.env("DUTYMATRIX_LEDGER", &developers)
        .env("XDG_DATA_HOME", dir.path().join("developers-data"))
        .env("HOME", dir.path());
    let out = run::isolate(&mut c, home.path())
        .current_dir(dir.path())
        .args(["--no-builtin", "--doc", "plan.txt", "ledger", "report"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let default = home.path().join(".local/share/dutymatrix/ledger.sqlite3");
    assert!(stderr.contains(&default.display().to_string()), "{stderr}");
    assert!(!stderr.contains("developers"), "{stderr}");
    assert!(!developers.exists());
    assert!(!dir.path().join("developers-data").exists());
}

#[test]
fn each_command_has_a_home_of_its_own() {
    let (a, b) = (common::cmd(), common::cmd());
    assert_ne!(a.home(), b.home());
    assert!(a.home().is_dir());
    assert_eq!(std::fs::read_dir(a.home()).expect("home").count(), 0);
}
