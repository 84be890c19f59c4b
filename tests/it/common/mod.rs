//! What the tests share: how assignees are written in the expected-extraction files and how
//! those files are read (here), waiting and missing prerequisites ([`harness`]), the binary
//! run away from the user's files ([`run`]), the dashboard drawn without a terminal
//! ([`screen`]), the real binary in a pseudo-terminal ([`pty`]), and the ledger tests' small
//! plan ([`ledger`]), and a throwaway PostgreSQL cluster ([`pg`]), with TLS ([`pg_tls`]).

pub mod harness;
pub mod ledger;
pub mod pg;
pub mod pg_tls;
pub mod pty;
pub mod run;
pub mod screen;

pub use harness::{missing, poll_until};
pub use run::{Cmd, cmd};

use dutymatrix::model::{Model, Role, Task};

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
