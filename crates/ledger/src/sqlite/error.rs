//! How SQLite's and the system's errors become [`LedgerError`]s, naming the ledger's path.

use crate::error::{IoDetail, LedgerError, NotLedger};

pub(super) fn io_error(path: &str, e: &std::io::Error) -> LedgerError {
    LedgerError::Io {
        path: path.to_string(),
        detail: IoDetail::of(e),
    }
}

pub(super) fn sql_error(path: &str, e: rusqlite::Error) -> LedgerError {
    use rusqlite::ErrorCode;
    let path = path.to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => LedgerError::NotALedger {
            path,
            reason: NotLedger::NotSqlite,
        },
        Some(ErrorCode::DatabaseCorrupt) => LedgerError::Damaged {
            path,
            detail: e.to_string(),
        },
        Some(ErrorCode::ReadOnly) => LedgerError::ReadOnly { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => LedgerError::Busy { path },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => LedgerError::Io {
            path,
            detail: IoDetail::CannotOpen(e.to_string()),
        },
        _ => LedgerError::Sqlite {
            path,
            detail: e.to_string(),
        },
    }
}
