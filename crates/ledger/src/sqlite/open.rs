//! Opening a ledger: the [`SqliteStore`] and its connection, set up only after the file, its
//! header and its schema version were checked, and upgraded when this process may write it.

use super::error::{io_error, sql_error};
use super::file::{can_write, check_header, create_empty, keep_wal_files};
use super::schema::{APPLICATION_ID, SCHEMA_VERSION, migrate};
use crate::error::{LedgerError, NotLedger};
use crate::store::Identity;
use rusqlite::{Connection, OpenFlags};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// How to open a ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Read only; no file is created.
    ReadOnly,
    /// Read-write when the file allows it, read-only with a notice otherwise; no file is created.
    ReadWrite,
    /// As `ReadWrite`, but a missing ledger is created, its creator the first supervisor.
    Create,
}

pub struct SqliteStore {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    pub(super) read_only: bool,
    pub(super) own_changes: Cell<u64>,
}

/// Whether opening found a ledger, and whether it had to fall back to read-only.
pub struct Opened {
    pub store: SqliteStore,
    /// Set when a writable open was asked for but the file is not writable.
    pub fell_back_to_read_only: bool,
    /// Set when this call created the ledger.
    pub created: bool,
}

impl SqliteStore {
    /// Opens the ledger at `path`. `Ok(None)`: there is no ledger there yet (no file, or an empty
    /// file nobody has initialised) and `mode` does not create one.
    pub fn open(
        path: &Path,
        mode: OpenMode,
        creator: &Identity,
    ) -> Result<Option<Opened>, LedgerError> {
        let shown = path.display().to_string();
        let mut created = false;
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if mode != OpenMode::Create {
                    return Ok(None);
                }
                created = create_empty(path)?;
                std::fs::metadata(path).map_err(|e| io_error(&shown, &e))?
            }
            Err(e) => return Err(io_error(&shown, &e)),
        };
        if meta.is_dir() {
            return Err(LedgerError::NotALedger {
                path: shown,
                reason: NotLedger::Folder,
            });
        }
        if !meta.is_file() {
            return Err(LedgerError::NotALedger {
                path: shown,
                reason: NotLedger::NotRegular,
            });
        }
        check_header(path)?;
        let writable = mode != OpenMode::ReadOnly && can_write(path, &meta);
        let fell_back_to_read_only = mode != OpenMode::ReadOnly && !writable;
        let flags = if writable {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|e| sql_error(&shown, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| sql_error(&shown, e))?;
        // Reading the version is the first read: SQLite checks the header and the file size
        // here, so a text file or a truncated database fails before anything could be written.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| sql_error(&shown, e))?;
        let app_id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| sql_error(&shown, e))?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| sql_error(&shown, e))?;
        if version == 0 && tables > 0 || version > 0 && app_id != APPLICATION_ID {
            return Err(LedgerError::NotALedger {
                path: shown,
                reason: NotLedger::OtherProgram,
            });
        }
        if version > SCHEMA_VERSION {
            return Err(LedgerError::TooNew {
                path: shown,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version == 0 && (mode != OpenMode::Create || !writable) {
            // An empty file: someone prepared the path (with the team's group and mode) and
            // nobody has recorded anything yet.
            if mode == OpenMode::Create {
                return Err(LedgerError::ReadOnly { path: shown });
            }
            return Ok(None);
        }
        if version < SCHEMA_VERSION {
            if !writable {
                return Err(LedgerError::NeedsUpgrade {
                    path: shown,
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
            migrate(&mut conn, creator, &shown)?;
            created |= version == 0;
        }
        if writable {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
                .map_err(|e| sql_error(&shown, e))?;
            // Every committed update survives a crash of the process or of the machine.
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(|e| sql_error(&shown, e))?;
            keep_wal_files(&conn);
            // The kept -wal file is cut back to this size at each checkpoint.
            conn.pragma_update(None, "journal_size_limit", 1 << 20)
                .map_err(|e| sql_error(&shown, e))?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| sql_error(&shown, e))?;
        Ok(Some(Opened {
            store: SqliteStore {
                conn,
                path: path.to_path_buf(),
                read_only: !writable,
                own_changes: Cell::new(0),
            },
            fell_back_to_read_only,
            created,
        }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn err(&self, e: rusqlite::Error) -> LedgerError {
        sql_error(&self.path.display().to_string(), e)
    }
}
