//! The check every open makes before anything in a ledger is trusted: SQLite's quick check of
//! every page, and the newest rows of the hash chains.

use super::chain;
use super::error::sql_error;
use crate::error::LedgerError;
use crate::faith::Trouble;
use rusqlite::{Connection, ErrorCode};

/// Up to this size (about 40,000 records) the open runs SQLite's quick check of every page (about 1.3 ms per MiB,
/// BENCHMARKS.md); above it, that is left to `ledger verify`, which a team runs from cron.
pub(super) const QUICK_CHECK_UP_TO: u64 = 8 << 20;

/// Up to this size the open checks every seal of both chains (a few thousand rows); above it,
/// the newest rows only.
pub(super) const WHOLE_CHAIN_UP_TO: u64 = 1 << 20;

/// The check an open makes before anything is trusted, at a cost bounded by the file's `size`:
/// SQLite's quick check (every page read once, no index cross-checks) and the hash chains,
/// whole or their newest rows. `chained`: the schema has the chain (version 2 on).
pub(super) fn examine(
    conn: &Connection,
    chained: bool,
    size: u64,
    shown: &str,
) -> Result<Option<Trouble>, LedgerError> {
    if size <= QUICK_CHECK_UP_TO
        && let Some(damage) = pages(conn, "quick_check", shown)?
    {
        return Ok(Some(Trouble::Damaged(damage)));
    }
    if !chained {
        return Ok(None);
    }
    let found = if size <= WHOLE_CHAIN_UP_TO {
        chain::walk(conn).map(|(b, _)| b)
    } else {
        chain::check_tail(conn)
    };
    match found {
        Ok(b) => Ok(b.map(Trouble::Broken)),
        Err(e) if corrupt(&e) => Ok(Some(Trouble::Damaged(e.to_string()))),
        Err(e) => Err(sql_error(shown, e)),
    }
}

pub(super) fn corrupt(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt))
}

/// What SQLite's `quick_check` or `integrity_check` says, when it is not "ok": its first lines.
pub(super) fn pages(
    conn: &Connection,
    pragma: &str,
    shown: &str,
) -> Result<Option<String>, LedgerError> {
    let lines: Result<Vec<String>, rusqlite::Error> = conn
        .prepare(&format!("PRAGMA {pragma}(5)"))
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect());
    match lines {
        Ok(l) if l.len() == 1 && l.first().is_some_and(|s| s == "ok") => Ok(None),
        Ok(l) => Ok(Some(l.join("; "))),
        Err(e) if corrupt(&e) => Ok(Some(e.to_string())),
        Err(e) => Err(sql_error(shown, e)),
    }
}
