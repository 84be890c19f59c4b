//! The server ledger's schema: numbered `.sql` migrations run by the database owner under an
//! advisory lock, the version kept in `dutymatrix.schema_version`. A tiny runner rather than a
//! migration crate: the crates for PostgreSQL (refinery, sqlx) bring an async runtime or a
//! macro layer of their own for what is a loop over two statements per file here.

use super::error::pg_error;
use crate::error::LedgerError;
use postgres::GenericClient;

/// The migrations in order; the schema version is how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/0001_initial.sql"),
    include_str!("../migrations/postgres/0002_reading.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Any number, the same in every dutymatrix: two first runs take turns.
const LOCK: i64 = 0x646d_7478;

/// The schema version of the database, `None` when it holds no ledger yet.
pub(super) fn version(c: &mut impl GenericClient, shown: &str) -> Result<Option<i64>, LedgerError> {
    let there: bool = c
        .query_one(
            "SELECT to_regclass('dutymatrix.schema_version') IS NOT NULL",
            &[],
        )
        .and_then(|r| r.try_get(0))
        .map_err(|e| pg_error(shown, &e))?;
    if !there {
        return Ok(None);
    }
    let v: Option<i32> = c
        .query_one("SELECT max(version) FROM dutymatrix.schema_version", &[])
        .and_then(|r| r.try_get(0))
        .map_err(|e| pg_error(shown, &e))?;
    Ok(Some(i64::from(v.unwrap_or(0))))
}

/// Whether the session user owns the ledger's tables (what upgrading them takes).
pub(super) fn is_owner(c: &mut impl GenericClient, shown: &str) -> Result<bool, LedgerError> {
    c.query_one("SELECT dutymatrix.is_owner()", &[])
        .and_then(|r| r.try_get(0))
        .map_err(|e| pg_error(shown, &e))
}

/// Runs the pending migrations in one transaction; the first makes its runner (the session
/// user) the first supervisor, so a ledger never exists without one. Returns the version it
/// found (0: it created the ledger).
pub(super) fn migrate(c: &mut postgres::Client, shown: &str) -> Result<i64, LedgerError> {
    let err = |e: postgres::Error| pg_error(shown, &e);
    let mut tx = c.transaction().map_err(err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])
        .map_err(err)?;
    let found = version(&mut tx, shown)?.unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(LedgerError::TooNew {
            path: shown.to_string(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    // An upgrade alters tables everyone reads: a session that holds one open must not keep the
    // upgrade (and every reader queued behind it) waiting for ever. Past this, it is Busy.
    tx.batch_execute("SET LOCAL lock_timeout = '15s'")
        .map_err(err)?;
    // As the tables' owner, whoever of its members (or a superuser) runs it: what the upgrade
    // makes (the trigger functions, which run as their owner) must not belong to one person's
    // login, whose membership may end. regrole's text is a quoted identifier.
    if found > 0 {
        let owner: String = tx
            .query_one(
                "SELECT c.relowner::regrole::text FROM pg_class c
                 WHERE c.oid = 'dutymatrix.history'::regclass",
                &[],
            )
            .and_then(|r| r.try_get(0))
            .map_err(err)?;
        tx.batch_execute(&format!("SET LOCAL ROLE {owner}"))
            .map_err(err)?;
    }
    for sql in MIGRATIONS.iter().skip(usize::try_from(found).unwrap_or(0)) {
        tx.batch_execute(sql).map_err(err)?;
    }
    if found == 0 {
        tx.batch_execute(
            "INSERT INTO dutymatrix.member_events (login, unit, supervisor, granted)
             VALUES (session_user, '', true, true)",
        )
        .map_err(err)?;
    }
    let v = i32::try_from(SCHEMA_VERSION).unwrap_or(i32::MAX);
    tx.execute("DELETE FROM dutymatrix.schema_version", &[])
        .map_err(err)?;
    tx.execute(
        "INSERT INTO dutymatrix.schema_version (version) VALUES ($1)",
        &[&v],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(found)
}
