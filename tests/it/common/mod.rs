//! What the tests share: how assignees are written in the expected-extraction files and how
//! those files are read, waiting for a condition, and a test's missing prerequisite (here); the
//! binary run away from the user's files ([`run`]), the dashboard drawn without a terminal
//! ([`screen`]), the real binary in a pseudo-terminal ([`pty`]), and the ledger tests' small
//! plan ([`ledger`]).

pub mod ledger;
pub mod pty;
pub mod run;
pub mod screen;

pub use run::{Cmd, cmd};

use dutymatrix::model::{Model, Role, Task};
use std::time::{Duration, Instant};

/// Whether `condition` held within `timeout`, checked every 10 ms: as fast as the condition on
/// an idle machine, and as patient as `timeout` on a loaded one, where a fixed sleep is either
/// too short (a flaky test) or too long (a slow one).
pub fn poll_until(timeout: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// For a test that cannot run here for want of `prerequisite`. Under CI (the `CI` variable set,
/// as CI services and .ci/run set it) this fails the test, naming what is missing: a test that
/// passes without testing would hide that the check it stands for never ran. Elsewhere it says
/// loudly that the test was skipped, and the caller returns.
pub fn missing(test: &str, prerequisite: &str) {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    assert!(
        !in_ci,
        "{test}: {prerequisite} is missing, and under CI a test that cannot run fails"
    );
    eprintln!("SKIPPED {test}: {prerequisite} is missing (under CI this test fails)");
}

/// `unit:role` for each assignee in written order (L lead, S support, R responsible, D data;
/// `*` after a collective), joined by 、; `-` when the task names no one.
pub fn assignees(m: &Model, t: &Task) -> String {
    if t.assignments.is_empty() {
        return "-".to_string();
    }
    t.assignments
        .iter()
        .map(|a| {
            let star = if m.unit(&a.unit).is_some_and(|u| u.collective) {
                "*"
            } else {
                ""
            };
            let role = match a.role {
                Role::Lead => "L",
                Role::Support => "S",
                Role::Responsible => "R",
                Role::DataProvider => "D",
            };
            format!("{}{star}:{role}", a.unit)
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// The rows of an expected-extraction file: comments (`#`) and blank lines skipped.
pub fn expected_rows(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
}
