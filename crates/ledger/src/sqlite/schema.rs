//! The ledger's schema: its application id and version, the migrations that make and upgrade
//! it, and the timestamps its rows are written with.

use super::chain::seal_existing;
use super::error::sql_error;
use crate::error::LedgerError;
use crate::store::Identity;
use chrono::{SecondsFormat, Utc};
use rusqlite::{Connection, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of a ledger: "dmtx".
pub const APPLICATION_ID: i64 = 0x646d_7478;

/// The schema version this build writes (the number of migrations).
pub const SCHEMA_VERSION: i64 = 4;

const INITIAL_SQL: &str = include_str!("../migrations/0001_initial.sql");
const CHAIN_SQL: &str = include_str!("../migrations/0002_chain.sql");
const CHAIN_TRIGGERS_SQL: &str = include_str!("../migrations/0002_chain_guards.sql");
const IN_FORCE_SQL: &str = include_str!("../migrations/0003_in_force.sql");
const IN_FORCE_COLUMNS_SQL: &str = include_str!("../migrations/0004_in_force_columns.sql");

/// The migrations, one numbered `.sql` file each. The first also makes its runner the
/// ledger's first supervisor, in the same transaction, so a ledger never exists without one.
/// The second seals the rows already there into the hash chain, then guards the tables. The
/// third keeps what is in force per (task key, unit) in a table of its own, filled from the
/// history already there (a ledger upgrades in place); the fourth copies the shown columns of
/// the rows it names into it, so reading the current state reads that table alone.
pub(super) fn migrations(creator: &Identity) -> Migrations<'static> {
    let login = creator.login.clone();
    Migrations::new(vec![
        M::up_with_hook(INITIAL_SQL, move |tx: &rusqlite::Transaction| {
            tx.execute(
                "INSERT INTO member_events (login, unit, supervisor, granted, who, at)
                 VALUES (?1, '', 1, 1, ?1, ?2)",
                params![login, now()],
            )?;
            Ok(())
        }),
        M::up_with_hook(CHAIN_SQL, |tx: &rusqlite::Transaction| {
            seal_existing(tx)?;
            tx.execute_batch(CHAIN_TRIGGERS_SQL)?;
            Ok(())
        }),
        M::up(IN_FORCE_SQL),
        M::up(IN_FORCE_COLUMNS_SQL),
    ])
}

/// Runs the pending migrations under a write lock. Two processes may race to initialise an
/// empty file: the loser's migration fails on the tables the winner made, and it then finds
/// the schema up to date.
pub(super) fn migrate(
    conn: &mut Connection,
    creator: &Identity,
    shown: &str,
) -> Result<(), LedgerError> {
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let ms = migrations(creator);
    let result = ms.to_latest(conn);
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    if let Err(e) = result {
        let now: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| sql_error(shown, e))?;
        if now != SCHEMA_VERSION {
            return Err(LedgerError::Sqlite {
                path: shown.to_string(),
                detail: format!("cannot update the ledger's schema: {e}"),
            });
        }
    }
    Ok(())
}

pub(super) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}
