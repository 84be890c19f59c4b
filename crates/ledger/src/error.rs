//! Why the ledger could not be used: [`LedgerError`], with [`NotLedger`] and [`IoDetail`] for
//! the file it was given, and the note length ([`MAX_NOTE_CHARS`]) that its message names.

use std::fmt;

/// The longest note kept, in characters: a note is a progress line, not a report.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Why the ledger could not be used. Nothing is written when any of these is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// A folder, a text file, another program's database.
    NotALedger {
        path: String,
        reason: NotLedger,
    },
    /// An SQLite ledger that is damaged or truncated.
    Damaged {
        path: String,
        detail: String,
    },
    /// Written by a newer dutymatrix: refused, never altered.
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    /// An older schema, opened read-only: a writer must open it once to upgrade it.
    NeedsUpgrade {
        path: String,
        found: i64,
        supported: i64,
    },
    /// A server ledger of an older schema, opened by someone other than its owner, who alone
    /// may upgrade it.
    NeedsOwnerUpgrade {
        path: String,
        found: i64,
        supported: i64,
    },
    /// A write to a ledger this process may only read.
    ReadOnly {
        path: String,
    },
    /// Another writer held the ledger for longer than the busy timeout.
    Busy {
        path: String,
    },
    /// A write for a unit the writer does not speak for.
    Denied {
        login: String,
        unit: String,
    },
    /// A members change by someone who is not a supervisor.
    NotSupervisor {
        login: String,
    },
    /// Removing the last supervisor would leave nobody able to manage members.
    LastSupervisor {
        login: String,
    },
    NothingToUndo {
        unit: String,
    },
    /// The record a user was shown is no longer the newest in force: someone wrote meanwhile.
    Changed {
        unit: String,
    },
    /// The task id is not among today's tasks.
    NoSuchTask {
        task: String,
    },
    /// The unit is not assigned to the task.
    NotAssigned {
        task: String,
        unit: String,
    },
    /// Neither a status nor a note to record.
    NothingToRecord,
    /// A note longer than [`MAX_NOTE_CHARS`].
    NoteTooLong {
        chars: usize,
    },
    /// Bad input: a unit the documents do not know, a malformed login, a report that failed.
    Invalid {
        reason: String,
    },
    Io {
        path: String,
        detail: IoDetail,
    },
    Sqlite {
        path: String,
        detail: String,
    },
    /// Something only a server ledger does (`ledger import`, `ledger publish`).
    NeedsServer,
    /// No published document (or more than one) answers to `which`.
    NoSuchDocument {
        which: String,
        found: usize,
    },
    /// Something only the server ledger's owner may do (`ledger import`).
    NotOwner {
        login: String,
    },
    /// A server ledger that could not be reached, or whose connection was lost: nothing was
    /// written (a write whose outcome was unknown was looked up first).
    Unreachable {
        path: String,
        detail: String,
    },
    /// The server was reached, but not over TLS as `sslmode` asked: nothing was sent.
    Tls {
        path: String,
        problem: TlsProblem,
    },
}

/// What went wrong with TLS to a server ledger (see `pg::tls`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsProblem {
    /// `sslmode` is require or verify-*, and the server does not offer TLS.
    NotOffered { mode: String },
    /// The server's certificate does not lead to a root in `root` (`None`: the system's roots,
    /// `sslrootcert=system`).
    Untrusted {
        root: Option<String>,
        detail: String,
    },
    /// verify-full, and the certificate names neither `host` nor its address.
    HostMismatch { host: String },
    /// verify-ca or verify-full, and no root certificate to verify with.
    NoRootCert { file: String },
    /// A client key that others may read: refused, as libpq refuses it.
    KeyReadable { file: String },
    /// A client key locked by a passphrase: never asked for on the terminal (the dashboard
    /// owns it), so refused.
    KeyEncrypted { file: String },
    /// A client certificate whose private key file is missing.
    NoKey { cert: String, key: String },
    /// A certificate or key file that cannot be read or is not PEM.
    BadFile { file: String, detail: String },
    /// `sslrootcert=system` with a mode that would not check the server's name.
    WeakWithSystem { mode: String },
    /// An `sslmode` libpq does not know.
    BadMode { value: String },
    /// The handshake failed otherwise (no common protocol, the server refused our certificate).
    Handshake { detail: String },
}

impl fmt::Display for TlsProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TlsProblem::*;
        match self {
            NotOffered { mode } => write!(
                f,
                "the server does not offer TLS, and sslmode={mode} requires it"
            ),
            Untrusted {
                root: Some(root),
                detail,
            } => write!(
                f,
                "the server's certificate is not trusted ({detail}); it was checked against the root certificate {root}"
            ),
            Untrusted { root: None, detail } => write!(
                f,
                "the server's certificate is not trusted ({detail}); it was checked against the system's trusted roots"
            ),
            HostMismatch { host } => write!(
                f,
                "the server's certificate is not for {host} (sslmode=verify-full checks the name); connect by a name the certificate holds, or ask for a certificate naming {host}"
            ),
            NoRootCert { file } => write!(
                f,
                "root certificate file {file} does not exist; provide it, use the system's trusted roots with sslrootcert=system, or use an sslmode that does not verify the server"
            ),
            KeyReadable { file } => write!(
                f,
                "private key file {file} may be read by others; make it yours only: chmod 600 {file}"
            ),
            NoKey { cert, key } => write!(
                f,
                "client certificate {cert} is there, but not its private key file {key}"
            ),
            BadFile { file, detail } => write!(f, "cannot use {file}: {detail}"),
            KeyEncrypted { file } => write!(
                f,
                "the private key {file} is locked by a passphrase, which dutymatrix does not ask for; use a key without one (openssl pkey -in {file} -out KEY, then chmod 600 KEY)"
            ),
            WeakWithSystem { mode } => write!(
                f,
                "sslmode={mode} may not be used with sslrootcert=system (use verify-full)"
            ),
            BadMode { value } => write!(
                f,
                "sslmode={value} is not one of disable, allow, prefer, require, verify-ca, verify-full"
            ),
            Handshake { detail } => write!(f, "the TLS handshake failed ({detail})"),
        }
    }
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LedgerError::*;
        // Paths come from --ledger or the environment, details from SQLite and the system:
        // nothing in them may reach a terminal as a control sequence.
        let text: String = match self {
            NotALedger { path, reason } => {
                format!("{path} {}, not a dutymatrix ledger; left untouched", reason)
            }
            Damaged { path, detail } => format!(
                "the ledger {path} is damaged ({detail}); nothing was written. Restore it from a backup, or save what can still be read with: sqlite3 {path} .recover > recovered.sql"
            ),
            TooNew {
                path,
                found,
                supported,
            } => format!(
                "the ledger {path} was written by a newer dutymatrix (schema {found}, this one knows up to {supported}); upgrade dutymatrix — the ledger was not changed"
            ),
            NeedsUpgrade {
                path,
                found,
                supported,
            } => format!(
                "the ledger {path} has an older schema ({found}, now {supported}); someone who may write it must run `dutymatrix ledger init` once"
            ),
            NeedsOwnerUpgrade {
                path,
                found,
                supported,
            } => format!(
                "the ledger {path} has an older schema ({found}, now {supported}); its owner on the server must run `dutymatrix ledger init` once"
            ),
            ReadOnly { path } => {
                format!("the ledger {path} is read-only for you; nothing was written")
            }
            Busy { path } => format!(
                "the ledger {path} stayed busy with another writer; try again — nothing was written"
            ),
            Denied { login, unit } => format!(
                "{login} does not speak for {unit}, so cannot record for {unit}; nothing was written (a supervisor can run: ledger members add {login} {unit})"
            ),
            NotSupervisor { login } => format!(
                "{login} is not a supervisor and cannot manage members; nothing was written"
            ),
            LastSupervisor { login } => {
                format!("{login} is the last supervisor and cannot be removed; nothing was written")
            }
            NothingToUndo { unit } => format!("{unit} has nothing to undo on this task"),
            Changed { unit } => format!(
                "{unit}'s records on this task changed meanwhile; nothing was undone — look again"
            ),
            NoSuchTask { task } => {
                format!("no task {task} (task ids are those of `dutymatrix export --format json`)")
            }
            NotAssigned { task, unit } => format!("{unit} is not assigned to task {task}"),
            NothingToRecord => "give a status, a note, or both; nothing was written".into(),
            NoteTooLong { chars } => format!(
                "the note has {chars} characters, at most {MAX_NOTE_CHARS} are kept; nothing was written"
            ),
            Invalid { reason } => reason.clone(),
            Io { path, detail } => format!("cannot open the ledger {path}: {}", detail),
            Sqlite { path, detail } => format!("ledger {path}: {detail}"),
            NeedsServer => "this works on a PostgreSQL ledger only: give --ledger postgresql://…; nothing was written".into(),
            NoSuchDocument { which, found: 0 } => {
                format!("no published document is named {which} (see ledger publish --list)")
            }
            NoSuchDocument { which, found } => format!(
                "{found} published documents answer to {which}: give more of the hash (see ledger publish --list)"
            ),
            NotOwner { login } => format!(
                "{login} does not own the ledger's database; only its owner may do this — nothing was written"
            ),
            Unreachable { path, detail } => format!(
                "the ledger server {path} cannot be reached ({detail}); nothing was written — try again when it is back"
            ),
            Tls { path, problem } => {
                format!("no secure connection to the ledger server {path}: {problem}; nothing was sent")
            }
        };
        f.write_str(&dutymatrix_base::text::one_line(&text))
    }
}

/// What a file given as the ledger is instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotLedger {
    Folder,
    NotRegular,
    NotSqlite,
    Truncated,
    OtherProgram,
}

impl fmt::Display for NotLedger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NotLedger::Folder => "is a folder",
            NotLedger::NotRegular => "is not a regular file",
            NotLedger::NotSqlite => "is not an SQLite database",
            NotLedger::Truncated => "is a truncated SQLite database",
            NotLedger::OtherProgram => "is an SQLite database of another program",
        })
    }
}

/// Why the ledger file could not be opened or created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IoDetail {
    NotFound,
    PermissionDenied,
    CannotCreate,
    /// SQLite could not open it (a folder without write permission, a missing folder): its own
    /// words, shown in brackets.
    CannotOpen(String),
    /// Words already in the user's language, or the system's own.
    Text(String),
}

impl IoDetail {
    pub fn of(e: &std::io::Error) -> IoDetail {
        match e.kind() {
            std::io::ErrorKind::NotFound => IoDetail::NotFound,
            std::io::ErrorKind::PermissionDenied => IoDetail::PermissionDenied,
            _ => IoDetail::Text(e.to_string()),
        }
    }
}

impl fmt::Display for IoDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IoDetail::CannotOpen(why) => write!(f, "cannot open or create it ({why})"),
            IoDetail::NotFound => f.write_str("no such file or folder"),
            IoDetail::PermissionDenied => f.write_str("permission denied"),
            IoDetail::CannotCreate => f.write_str("could not be created"),
            IoDetail::Text(t) => f.write_str(t),
        }
    }
}

impl std::error::Error for LedgerError {}
