//! The ledger file on disk, checked before SQLite opens it: creating it, refusing what is not
//! a ledger, whether this process may write it, and keeping its `-wal` and `-shm` files.

use super::error::io_error;
use super::schema::{APPLICATION_ID, SCHEMA_VERSION};
use crate::error::{LedgerError, NotLedger};
use rusqlite::Connection;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Creates an empty file for SQLite to fill, readable and writable by whoever the umask and the
/// folder allow (a team's setgid folder with umask 002 gives the group write access). SQLite
/// gives the `-wal` and `-shm` files the same mode. Returns false when another process got
/// there first.
pub(super) fn create_empty(path: &Path) -> Result<bool, LedgerError> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o666)
        .open(path)
    {
        Ok(f) => {
            share_with_group(path, &f);
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io_error(&path.display().to_string(), &e)),
    }
}

/// In a folder the group may write (a team's folder, often setgid), the new ledger is made
/// group-readable and -writable whatever the creator's umask: with umask 022 it was not, and
/// members were told 「对你只读」 with no cause. SQLite gives the `-wal` and `-shm` files the
/// ledger's own mode, so they follow. Best effort: a failure leaves the umask's mode.
fn share_with_group(path: &Path, file: &std::fs::File) {
    use std::os::unix::fs::PermissionsExt;
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let group_writes = std::fs::metadata(folder).is_ok_and(|m| m.permissions().mode() & 0o020 != 0);
    if !group_writes {
        return;
    }
    if let Ok(meta) = file.metadata() {
        let mode = meta.permissions().mode() | 0o060;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(mode & 0o7777));
    }
}

/// Whether the ledger at `path` is shared with its folder's group (its mode has g+w).
pub fn shared_with_group(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o020 != 0)
}

/// What the header of a file that may be a ledger says.
pub(super) struct Header {
    /// Page 1, in the file or in its -wal, carries the ledger's application id.
    pub labelled: bool,
    /// The -wal holds pages not yet copied back into the file.
    pub wal_pages: bool,
    /// The -wal's length in bytes.
    pub wal_size: u64,
}

/// Creates the file for a new ledger, already in WAL mode, under a temporary name first and
/// then linked into place (never over a file that appeared meanwhile). Switching an empty file
/// to WAL in place is itself a write with a rollback journal: a process killed then left a hot
/// journal that no reader may roll back (every reader failed as if read-only). Now the path
/// holds nothing, or a file whose every later change goes through the WAL. Returns false when
/// another process got there first.
pub(super) fn create_in_wal(path: &Path) -> Result<bool, LedgerError> {
    let shown = path.display().to_string();
    let name = path
        .file_name()
        .map_or_else(|| "ledger".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.{}.new", std::process::id()));
    let clean = || {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
        }
    };
    clean();
    create_empty(&tmp)?;
    let made = Connection::open(&tmp).and_then(|c| {
        c.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .map(|_| ())
    });
    if let Err(e) = made {
        clean();
        return Err(super::error::sql_error(&shown, e));
    }
    let linked = std::fs::hard_link(&tmp, path);
    clean();
    match linked {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        // A filesystem without hard links: the empty file in place, as before.
        Err(_) => create_empty(path),
    }
}

/// Refuses what is plainly not a ledger before SQLite sees it: a file that does not start with
/// SQLite's magic string, another program's database, a newer ledger, or one shorter than its
/// own header says. Page 1 is read in the -wal too, where its newest copy may be: another
/// program's file or a newer ledger is refused before SQLite could replay that -wal.
pub(super) fn check_header(path: &Path) -> Result<Header, LedgerError> {
    let shown = path.display().to_string();
    let mut head = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut head))
        .map_err(|e| io_error(&shown, &e))?;
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let ones = wal_page_ones(&wal);
    for page in &ones {
        refuse_page_one(page, &shown)?;
    }
    let ours = |p: &[u8]| {
        p.get(68..72)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .is_some_and(|b| i64::from(u32::from_be_bytes(b)) == APPLICATION_ID)
    };
    let wal_size = std::fs::metadata(&wal).map_or(0, |m| m.len());
    let header = Header {
        labelled: ours(&head) || ones.iter().any(|p| ours(p)),
        wal_pages: wal_size > 32,
        wal_size,
    };
    if head.is_empty() {
        return Ok(header);
    }
    if head.len() < 100 || !head.starts_with(b"SQLite format 3\0") {
        let reason = if head.starts_with(b"SQLite format 3\0") {
            NotLedger::Truncated
        } else {
            NotLedger::NotSqlite
        };
        return Err(LedgerError::NotALedger {
            path: shown,
            reason,
        });
    }
    let be32 = |at: usize| {
        head.get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    refuse_page_one(&head, &shown)?;
    // The page count in the header is valid when its change counter matches (bytes 24 and 92).
    // With no pages in a -wal beside it, the file must hold every page: a copy cut short is
    // refused here with a plain message rather than SQLite's "malformed".
    let page_size = match u32::from(head[16]) << 8 | u32::from(head[17]) {
        1 => 65536,
        n => n,
    };
    let pages = be32(28);
    // Writers keep the -wal file (see `keep_wal_files`); an empty one holds no pages.
    let wal_holds_pages = || std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    if be32(24) == be32(92) && !wal_holds_pages() {
        let need = u64::from(pages) * u64::from(page_size);
        let have = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if have < need && !wal_holds_pages() {
            return Err(LedgerError::Damaged {
                path: shown,
                detail: format!("truncated: {have} of {need} bytes"),
            });
        }
    }
    Ok(header)
}

/// Refuses a page 1 (the first 100 bytes are enough) of another program or a newer schema.
fn refuse_page_one(head: &[u8], shown: &str) -> Result<(), LedgerError> {
    let be32 = |at: usize| {
        head.get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    let (version, app_id) = (i64::from(be32(60)), be32(68));
    if app_id != 0 && i64::from(app_id) != APPLICATION_ID {
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
    Ok(())
}

/// The first 100 bytes of every copy of page 1 in a `-wal` file that belongs to its current
/// generation (same salts as its header), read without SQLite: opening the file through
/// SQLite would replay and later checkpoint the -wal. Nothing when there is no -wal.
fn wal_page_ones(wal: &Path) -> Vec<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let mut out = Vec::new();
    let Ok(mut f) = std::fs::File::open(wal) else {
        return out;
    };
    let mut header = [0u8; 32];
    if f.read_exact(&mut header).is_err() {
        return out;
    }
    let be32 = |b: &[u8], at: usize| {
        b.get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    if be32(&header, 0) & !1 != 0x377f_0682 {
        return out;
    }
    let page_size = u64::from(be32(&header, 8));
    if !(512..=65536).contains(&page_size) {
        return out;
    }
    let salts = (be32(&header, 16), be32(&header, 20));
    let len = f.metadata().map_or(0, |m| m.len());
    let mut at = 32u64;
    let mut frame = [0u8; 24];
    while at + 24 + page_size <= len {
        if f.seek(SeekFrom::Start(at)).is_err() || f.read_exact(&mut frame).is_err() {
            break;
        }
        if (be32(&frame, 8), be32(&frame, 12)) != salts {
            break;
        }
        let mut page = [0u8; 100];
        if be32(&frame, 0) == 1 && f.read_exact(&mut page).is_ok() {
            out.push(page.to_vec());
        }
        at += 24 + page_size;
    }
    out
}

/// Whether this process may write the ledger file at `path` (false when there is none).
pub fn file_writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && can_write(path, &m))
}

/// Whether this process may write the file. Root may write anything, so a file with no write
/// bit at all is also taken as read-only: that is how an archived ledger is frozen.
pub(super) fn can_write(path: &Path, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o222 == 0 {
        return false;
    }
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

/// Keeps the `-wal` and `-shm` files when the last writer closes. Without them a user who may
/// read the ledger but not write its folder could not open it at all: SQLite would need to
/// create them. With them there, such a reader opens the ledger read-only and sees new records.
pub(super) fn keep_wal_files(conn: &Connection) {
    let mut on: std::ffi::c_int = 1;
    // SAFETY: the handle is live for the call; PERSIST_WAL reads and writes one int.
    unsafe {
        rusqlite::ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&raw mut on).cast(),
        );
    }
}
