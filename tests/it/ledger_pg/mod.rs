//! The ledger on a real PostgreSQL server (a throwaway cluster, `common::pg`): the same
//! command suite as the SQLite file, the server's own refusals through `psql`, writers racing,
//! the server killed mid-stream, an unreachable server, and TLS as `sslmode` asks.

use crate::common;
use crate::ledger_cli::command_suite;
use common::ledger::{PLAN, write_plan};
use common::pg::{Cluster, OWNER};
use dutymatrix::ledger::{Ledger, OpenMode};
use std::path::Path;

mod crash;
mod import;
mod kept;
mod live;
mod publish;
mod reading_on;
mod refusals;
mod tls;
mod upgrade;
mod writers;

/// The server ledger at `url`, which the test has made: it is there, and it opens.
fn server_ledger(url: &str, mode: OpenMode) -> Ledger {
    Ledger::open(Path::new(url), mode)
        .expect("the ledger opens")
        .expect("the test made it")
}

/// The cluster and a new database with the plan in a folder, or `None` when there is no
/// server here (which fails under CI).
fn setup(test: &str) -> Option<(&'static Cluster, String, tempfile::TempDir)> {
    let cluster = common::pg::cluster(test)?;
    let db = cluster.database("ledger");
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), PLAN);
    Some((cluster, db, dir))
}

#[test]
fn every_ledger_command_works_on_the_server_as_on_a_file() {
    let Some((cluster, db, dir)) = setup("every_ledger_command_works_on_the_server") else {
        return;
    };
    let url = cluster.url(&db, OWNER);
    command_suite(dir.path(), Path::new(&url), OWNER);
}

#[test]
fn the_same_commands_over_tcp() {
    let Some((cluster, db, dir)) = setup("the_same_commands_over_tcp") else {
        return;
    };
    let url = cluster.tcp_url(&db, OWNER);
    command_suite(dir.path(), Path::new(&url), OWNER);
}
