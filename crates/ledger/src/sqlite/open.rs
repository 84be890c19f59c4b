//! Opening a ledger: the [`SqliteStore`] and its connection, set up only after the file, its
//! header and its schema version were checked, and upgraded when this process may write it.

use super::check::examine;
use super::error::{io_error, sql_error};
use super::file::{can_write, check_header, create_in_wal, keep_wal_files};
use super::schema::{APPLICATION_ID, SCHEMA_VERSION, migrate};
use crate::error::{LedgerError, NotLedger};
use crate::faith::Trouble;
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
    /// The file opened (device, inode), when it was opened by its path alone: what a second
    /// connection must find at the path still (a ledger restored by a rename since is another
    /// file). None: no second connection.
    pub(super) file: Option<(u64, u64)>,
}

/// Whether opening found a ledger, and whether it had to fall back to read-only.
pub struct Opened {
    pub store: SqliteStore,
    /// Set when a writable open was asked for but the file is not writable.
    pub fell_back_to_read_only: bool,
    /// Set when this call created the ledger.
    pub created: bool,
    /// The schema version this call upgraded the ledger from.
    pub upgraded_from: Option<i64>,
    /// What the open's check found wrong (a damaged ledger only opens read-only).
    pub trouble: Option<Trouble>,
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
        let mut upgraded_from = None;
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if mode != OpenMode::Create {
                    return Ok(None);
                }
                created = create_in_wal(path)?;
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
        let header = check_header(path)?;
        let writable = mode != OpenMode::ReadOnly && can_write(path, &meta);
        let fell_back_to_read_only = mode != OpenMode::ReadOnly && !writable;
        // The first look is read-only, whatever the mode: such a connection never checkpoints
        // the -wal into the file nor removes it, so a file refused here is left as it was.
        let by_uri = header.wal_pages && !header.labelled;
        let look = if by_uri {
            // Perhaps another program's file with pages in its -wal: even a reader writes its
            // place into the -shm. With `readonly_shm` SQLite reads the -shm without writing
            // it and keeps its own copy of the -wal's index, so nothing beside the file changes.
            let uri = format!("file:{}?readonly_shm=1", uri_path(path));
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
            connect(Path::new(&uri), flags, &shown)?
        } else {
            connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY, &shown)?
        };
        let version = schema_of(&look, &shown)?;
        if version == 0 && (mode != OpenMode::Create || !writable) {
            // An empty file: someone prepared the path (with the team's group and mode) and
            // nobody has recorded anything yet.
            if mode == OpenMode::Create {
                return Err(LedgerError::ReadOnly { path: shown });
            }
            return Ok(None);
        }
        let trouble = match version {
            0 => None,
            v => {
                let size = meta.len() + header.wal_size;
                examine(&look, v >= 2, size, &shown)?
            }
        };
        if writable && let Some(Trouble::Damaged(detail)) = &trouble {
            return Err(LedgerError::Damaged {
                path: shown,
                detail: detail.clone(),
            });
        }
        if version < SCHEMA_VERSION && !writable {
            return Err(LedgerError::NeedsUpgrade {
                path: shown,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let conn = if writable {
            drop(look);
            let mut conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE, &shown)?;
            // WAL before the first migration: a process killed while creating the ledger
            // leaves uncommitted frames that every reader ignores, so the file is either no
            // ledger yet or a whole one (a rollback journal would need a writer to undo it).
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
                .map_err(|e| sql_error(&shown, e))?;
            if version < SCHEMA_VERSION {
                migrate(&mut conn, creator, &shown)?;
                created |= version == 0;
                upgraded_from = (version > 0).then_some(version);
            }
            // Every committed update survives a crash of the process or of the machine.
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(|e| sql_error(&shown, e))?;
            keep_wal_files(&conn);
            // The kept -wal file is cut back to this size at each checkpoint.
            conn.pragma_update(None, "journal_size_limit", 1 << 20)
                .map_err(|e| sql_error(&shown, e))?;
            conn
        } else {
            look
        };
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| sql_error(&shown, e))?;
        Ok(Some(Opened {
            store: SqliteStore {
                conn,
                path: path.to_path_buf(),
                read_only: !writable,
                own_changes: Cell::new(0),
                file: (writable || !by_uri).then(|| file_id(&meta)),
            },
            fell_back_to_read_only,
            created,
            upgraded_from,
            trouble,
        }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Another read-only connection to this ledger, which this store has opened and checked;
    /// None when the path no longer names the file this store opened (or it was opened in a
    /// way a second connection would not repeat).
    pub(super) fn reader(&self) -> Result<Option<SqliteStore>, LedgerError> {
        let now = std::fs::metadata(&self.path).ok();
        let same = now.is_some_and(|m| m.is_file() && Some(file_id(&m)) == self.file);
        if !same {
            return Ok(None);
        }
        let shown = self.path.display().to_string();
        Ok(Some(SqliteStore {
            conn: connect(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY, &shown)?,
            path: self.path.clone(),
            read_only: true,
            own_changes: Cell::new(0),
            file: self.file,
        }))
    }

    pub(super) fn err(&self, e: rusqlite::Error) -> LedgerError {
        sql_error(&self.path.display().to_string(), e)
    }
}

/// A file's (device, inode).
fn file_id(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// A connection waiting up to [`BUSY_TIMEOUT`] for a writer.
fn connect(path: &Path, flags: OpenFlags, shown: &str) -> Result<Connection, LedgerError> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| sql_error(shown, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| sql_error(shown, e))?;
    Ok(conn)
}

/// The schema version of a file that is a ledger (0: an empty file); another program's
/// database or a newer ledger is refused.
fn schema_of(conn: &Connection, shown: &str) -> Result<i64, LedgerError> {
    // Reading the version is the first read: SQLite checks the header and the file size here,
    // so a text file or a truncated database fails before anything could be written.
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| sql_error(shown, e))?;
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| sql_error(shown, e))?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| sql_error(shown, e))?;
    if version == 0 && tables > 0 || version > 0 && app_id != APPLICATION_ID {
        return Err(LedgerError::NotALedger {
            path: shown.to_string(),
            reason: NotLedger::OtherProgram,
        });
    }
    if version > SCHEMA_VERSION {
        return Err(LedgerError::TooNew {
            path: shown.to_string(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

/// A path as the path of a `file:` URI: every byte but letters, digits and `/-._~` escaped.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
