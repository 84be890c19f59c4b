//! The server's errors as the ledger's: a connection that could not be made or was lost is
//! [`LedgerError::Unreachable`]; a refusal of the server's own rules is told apart by its code.

use crate::error::LedgerError;
use postgres::error::SqlState;

/// `e` as a ledger error for the ledger shown as `shown`.
pub(super) fn pg_error(shown: &str, e: &postgres::Error) -> LedgerError {
    match e.as_db_error() {
        // `set_wait`'s lock_timeout ran out: another writer held the lock, nothing was written.
        Some(_) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => LedgerError::Busy {
            path: shown.to_string(),
        },
        // The server ended the session (shut down, restarted, `pg_terminate_backend`) or is not
        // taking connections yet: gone for now, not broken.
        Some(db) if lost(e) || e.code() == Some(&SqlState::CANNOT_CONNECT_NOW) => {
            LedgerError::Unreachable {
                path: shown.to_string(),
                detail: db.message().to_string(),
            }
        }
        Some(db) => LedgerError::Sqlite {
            path: shown.to_string(),
            detail: db.message().to_string(),
        },
        None => LedgerError::Unreachable {
            path: shown.to_string(),
            detail: chain(e),
        },
    }
}

/// Whether the server refused the row by its rules (privileges, row-level security, the
/// writer check).
pub(super) fn refused(e: &postgres::Error) -> bool {
    e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE)
}

/// Whether the connection failed, so that a write's outcome is unknown.
pub(super) fn lost(e: &postgres::Error) -> bool {
    e.as_db_error().is_none()
        || matches!(
            e.code(),
            Some(c) if *c == SqlState::ADMIN_SHUTDOWN || *c == SqlState::CRASH_SHUTDOWN
        )
}

/// An error with its causes, on one line.
fn chain(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let line = s.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        source = s.source();
    }
    text
}
