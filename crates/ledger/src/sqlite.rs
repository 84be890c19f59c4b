//! The SQLite store: one file shared by everyone on the server.
//!
//! WAL so readers never wait for a writer; a busy timeout so a second writer waits instead of
//! failing; `BEGIN IMMEDIATE` for every read-then-write (permission check, then insert); the
//! schema versioned by rusqlite_migration through `PRAGMA user_version`. A file that is not a
//! ledger, is damaged, or was written by a newer schema is refused before anything is written.

use super::light::Status;
use super::store::{
    Change, ChangeMark, Current, Identity, Member, MemberChange, NewChange, Store, TaskKey, TaskRef,
};
use super::{IoDetail, LedgerError, NotLedger};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of a ledger: "dmtx".
pub const APPLICATION_ID: i64 = 0x646d_7478;

/// The schema version this build writes (the number of migrations).
pub const SCHEMA_VERSION: i64 = 1;

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The migrations, one numbered `.sql` file each. The first also makes its runner the
/// ledger's first supervisor, in the same transaction, so a ledger never exists without one.
fn migrations(creator: &Identity) -> Migrations<'static> {
    let login = creator.login.clone();
    Migrations::new(vec![M::up_with_hook(
        include_str!("migrations/0001_initial.sql"),
        move |tx: &rusqlite::Transaction| {
            tx.execute(
                "INSERT INTO member_events (login, unit, supervisor, granted, who, at)
                 VALUES (?1, '', 1, 1, ?1, ?2)",
                params![login, now()],
            )?;
            Ok(())
        },
    )])
}

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
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    own_changes: Cell<u64>,
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

    fn err(&self, e: rusqlite::Error) -> LedgerError {
        sql_error(&self.path.display().to_string(), e)
    }

    /// A write transaction for `unit`, taken before the permission check so that no member
    /// change can slip in between (BEGIN IMMEDIATE), with the path for error messages.
    fn write_for(
        &mut self,
        who: &Identity,
        unit: &str,
    ) -> Result<(rusqlite::Transaction<'_>, String), LedgerError> {
        self.writable()?;
        let path = self.path.display().to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql_error(&path, e))?;
        may_write(&tx, who, unit).map_err(|e| e.into_ledger(&path))?;
        Ok((tx, path))
    }

    fn writable(&self) -> Result<(), LedgerError> {
        if self.read_only {
            Err(LedgerError::ReadOnly {
                path: self.path.display().to_string(),
            })
        } else {
            Ok(())
        }
    }

    fn undone_ids(&self) -> Result<HashSet<i64>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT undoes FROM history WHERE undoes IS NOT NULL")
            .map_err(|e| self.err(e))?;
        let ids = stmt
            .query_map([], |r| r.get::<_, i64>(0))
            .and_then(|rows| rows.collect::<Result<HashSet<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(ids)
    }

    fn change_by_id(&self, id: i64, undone: &HashSet<i64>) -> Result<Change, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_CHANGE} WHERE id = ?1"))
            .map_err(|e| self.err(e))?;
        stmt.query_row([id], |r| change_row(r, undone))
            .map_err(|e| self.err(e))
    }

    /// For one pair: its newest row of any kind, and the newest status row and note row that
    /// no undo cancelled.
    fn in_force(
        &self,
        key: i64,
        unit: &str,
        undone: &HashSet<i64>,
    ) -> Result<InForce, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, status IS NOT NULL, note IS NOT NULL, undoes IS NOT NULL FROM history
                 WHERE task_key = ?1 AND unit = ?2 ORDER BY id DESC",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query(params![key, unit]).map_err(|e| self.err(e))?;
        let (mut last, mut status, mut note) = (None, None, None);
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            let flags: (bool, bool, bool) =
                (|| Ok((r.get(1)?, r.get(2)?, r.get(3)?)))().map_err(|e| self.err(e))?;
            last = last.or(Some(id));
            if flags.2 || undone.contains(&id) {
                continue;
            }
            if flags.0 && status.is_none() {
                status = Some(id);
            }
            if flags.1 && note.is_none() {
                note = Some(id);
            }
            if status.is_some() && note.is_some() {
                break;
            }
        }
        Ok(InForce { last, status, note })
    }
}

/// Row ids for one pair: the newest row, and the newest status and note rows in force.
struct InForce {
    last: Option<i64>,
    status: Option<i64>,
    note: Option<i64>,
}

const SELECT_CHANGE: &str =
    "SELECT id, task_key, unit, status, note, note_date, who, uid, at, undoes FROM history";

fn change_row(r: &rusqlite::Row<'_>, undone: &HashSet<i64>) -> rusqlite::Result<Change> {
    let id: i64 = r.get(0)?;
    let status: Option<String> = r.get(3)?;
    let note_date: Option<String> = r.get(5)?;
    let at: String = r.get(8)?;
    Ok(Change {
        id,
        key: r.get(1)?,
        unit: r.get(2)?,
        status: status.as_deref().and_then(Status::from_code),
        note: r.get(4)?,
        note_date: note_date.and_then(|d| d.parse::<NaiveDate>().ok()),
        who: r.get(6)?,
        uid: r.get(7)?,
        at: DateTime::parse_from_rfc3339(&at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default(),
        undoes: r.get(9)?,
        undone: undone.contains(&id),
    })
}

impl Store for SqliteStore {
    fn read_only(&self) -> bool {
        self.read_only
    }

    fn task_keys(&self) -> Result<Vec<TaskKey>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, document, task_id, number, fingerprint, title FROM task_keys ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([], |r| {
            Ok(TaskKey {
                id: r.get(0)?,
                document: r.get(1)?,
                task_id: r.get(2)?,
                number: r.get(3)?,
                fingerprint: r.get(4)?,
                title: r.get(5)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.err(e))
    }

    fn current(&self, unit: Option<&str>) -> Result<Vec<Current>, LedgerError> {
        // Per pair, walk its rows newest first (an index seek) until the newest status and the
        // newest note still in force are found: usually the first row or two, so the cost
        // grows with the number of pairs, not with the length of the history.
        let pairs: Vec<(i64, String)> = match unit {
            Some(u) => self
                .conn
                .prepare_cached(
                    "SELECT task_key, unit FROM pairs WHERE unit = ?1 ORDER BY task_key",
                )
                .and_then(|mut s| s.query_map([u], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()),
            None => self
                .conn
                .prepare_cached("SELECT task_key, unit FROM pairs ORDER BY unit, task_key")
                .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()),
        }
        .map_err(|e| self.err(e))?;
        let undone = self.undone_ids()?;
        let mut out = Vec::with_capacity(pairs.len());
        for (key, unit) in pairs {
            let InForce {
                last,
                status: status_id,
                note: note_id,
            } = self.in_force(key, &unit, &undone)?;
            let Some(last_row) = last else { continue };
            let status = status_id
                .map(|id| self.change_by_id(id, &undone))
                .transpose()?;
            let note = match note_id {
                Some(id) if Some(id) == status_id => status.clone(),
                Some(id) => Some(self.change_by_id(id, &undone)?),
                None => None,
            };
            out.push(Current {
                key,
                unit,
                status,
                note,
                last_row,
            });
        }
        Ok(out)
    }

    fn history(&self, keys: &[i64]) -> Result<Vec<Change>, LedgerError> {
        let undone = self.undone_ids()?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_CHANGE} WHERE task_key = ?1 ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for key in keys {
            let rows = stmt
                .query_map([key], |r| change_row(r, &undone))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|e| self.err(e))?;
            out.extend(rows);
        }
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    fn record(
        &mut self,
        who: &Identity,
        task: &TaskRef,
        change: &NewChange,
    ) -> Result<Change, LedgerError> {
        let (tx, path) = self.write_for(who, &change.unit)?;
        let err = |e| sql_error(&path, e);
        let at = now();
        let key = match task.key {
            Some(k) => k,
            None => {
                tx.execute(
                    "INSERT OR IGNORE INTO task_keys (document, task_id, number, fingerprint, title)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![task.document, task.task_id, task.number, task.fingerprint, task.title],
                )
                .map_err(err)?;
                tx.query_row(
                    "SELECT id FROM task_keys WHERE document = ?1 AND task_id = ?2 AND fingerprint = ?3",
                    params![task.document, task.task_id, task.fingerprint],
                    |r| r.get(0),
                )
                .map_err(err)?
            }
        };
        tx.execute(
            "INSERT OR IGNORE INTO pairs (task_key, unit) VALUES (?1, ?2)",
            params![key, change.unit],
        )
        .map_err(err)?;
        tx.execute(
            "INSERT INTO history (task_key, unit, status, note, note_date, who, uid, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                key,
                change.unit,
                change.status.map(Status::code),
                change.note,
                change.note_date.map(|d| d.to_string()),
                who.login,
                who.uid,
                at
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(err)?;
        self.own_changes.set(self.own_changes.get() + 1);
        Ok(Change {
            id,
            key,
            unit: change.unit.clone(),
            status: change.status,
            note: change.note.clone(),
            note_date: change.note_date,
            who: who.login.clone(),
            uid: who.uid,
            at: DateTime::parse_from_rfc3339(&at)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default(),
            undoes: None,
            undone: false,
        })
    }

    fn undo(
        &mut self,
        who: &Identity,
        keys: &[i64],
        unit: &str,
        expect: Option<i64>,
    ) -> Result<Change, LedgerError> {
        let (tx, path) = self.write_for(who, unit)?;
        let err = |e| sql_error(&path, e);
        let at = now();
        let mut target: Option<(i64, i64)> = None;
        {
            let mut stmt = tx
                .prepare(
                    "SELECT id, task_key FROM history h
                     WHERE task_key = ?1 AND unit = ?2 AND undoes IS NULL
                       AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id)
                     ORDER BY id DESC LIMIT 1",
                )
                .map_err(err)?;
            for key in keys {
                let row: Option<(i64, i64)> = stmt
                    .query_row(params![key, unit], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(err)?;
                if let Some(r) = row
                    && target.is_none_or(|t| r.0 > t.0)
                {
                    target = Some(r);
                }
            }
        }
        let Some((undoes, key)) = target else {
            return Err(LedgerError::NothingToUndo {
                unit: unit.to_string(),
            });
        };
        if expect.is_some_and(|e| e != undoes) {
            return Err(LedgerError::Changed {
                unit: unit.to_string(),
            });
        }
        tx.execute(
            "INSERT INTO history (task_key, unit, who, uid, at, undoes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![key, unit, who.login, who.uid, at, undoes],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(err)?;
        self.own_changes.set(self.own_changes.get() + 1);
        let undone = self.undone_ids()?;
        self.change_by_id(id, &undone)
    }

    fn members(&self) -> Result<Vec<Member>, LedgerError> {
        members_of(&self.conn).map_err(|e| self.err(e))
    }

    fn change_member(&mut self, who: &Identity, change: &MemberChange) -> Result<(), LedgerError> {
        self.writable()?;
        let path = self.path.display().to_string();
        let err = |e| sql_error(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let members = members_of(&tx).map_err(err)?;
        let is_supervisor = |login: &str| members.iter().any(|m| m.login == login && m.supervisor);
        if !is_supervisor(&who.login) {
            return Err(LedgerError::NotSupervisor {
                login: who.login.clone(),
            });
        }
        let (login, unit, supervisor, granted) = match change {
            MemberChange::Grant { login, unit } => (login, unit.as_str(), false, true),
            MemberChange::Revoke { login, unit } => (login, unit.as_str(), false, false),
            MemberChange::GrantSupervisor { login } => (login, "", true, true),
            MemberChange::RevokeSupervisor { login } => {
                let others = members
                    .iter()
                    .filter(|m| m.supervisor && m.login != *login)
                    .count();
                if others == 0 {
                    return Err(LedgerError::LastSupervisor {
                        login: login.clone(),
                    });
                }
                (login, "", true, false)
            }
        };
        tx.execute(
            "INSERT INTO member_events (login, unit, supervisor, granted, who, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![login, unit, supervisor, granted, who.login, now()],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        self.own_changes.set(self.own_changes.get() + 1);
        Ok(())
    }

    fn row_count(&self) -> Result<i64, LedgerError> {
        self.conn
            .query_row("SELECT count(*) FROM history", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn change_mark(&self) -> Result<ChangeMark, LedgerError> {
        // data_version moves when another connection commits; our own commits are counted here.
        let data_version = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(ChangeMark {
            data_version,
            own_changes: self.own_changes.get(),
        })
    }
}

/// The members log folded to who holds what now.
fn members_of(conn: &Connection) -> rusqlite::Result<Vec<Member>> {
    let mut stmt = conn
        .prepare_cached("SELECT login, unit, supervisor, granted FROM member_events ORDER BY id")?;
    let mut state: BTreeMap<String, (bool, BTreeSet<String>)> = BTreeMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })?;
    for row in rows {
        let (login, unit, supervisor, granted) = row?;
        let entry = state.entry(login).or_default();
        match (supervisor, granted) {
            (true, g) => entry.0 = g,
            (false, true) => {
                entry.1.insert(unit);
            }
            (false, false) => {
                entry.1.remove(&unit);
            }
        }
    }
    Ok(state
        .into_iter()
        .filter(|(_, (s, units))| *s || !units.is_empty())
        .map(|(login, (supervisor, units))| Member {
            login,
            supervisor,
            units: units.into_iter().collect(),
        })
        .collect())
}

enum Refusal {
    Sql(rusqlite::Error),
    Denied { login: String, unit: String },
}

impl Refusal {
    fn into_ledger(self, path: &str) -> LedgerError {
        match self {
            Refusal::Sql(e) => sql_error(path, e),
            Refusal::Denied { login, unit } => LedgerError::Denied { login, unit },
        }
    }
}

/// Whether `who` is a supervisor or speaks for `unit`, read inside the writing transaction.
fn may_write(conn: &Connection, who: &Identity, unit: &str) -> Result<(), Refusal> {
    let granted = |u: &str| -> Result<bool, Refusal> {
        conn.query_row(
            "SELECT granted FROM member_events WHERE login = ?1 AND unit = ?2 ORDER BY id DESC LIMIT 1",
            params![who.login, u],
            |r| r.get::<_, bool>(0),
        )
        .optional()
        .map(|g| g.unwrap_or(false))
        .map_err(Refusal::Sql)
    };
    if granted("")? || granted(unit)? {
        Ok(())
    } else {
        Err(Refusal::Denied {
            login: who.login.clone(),
            unit: unit.to_string(),
        })
    }
}

/// Runs the pending migrations under a write lock. Two processes may race to initialise an
/// empty file: the loser's migration fails on the tables the winner made, and it then finds
/// the schema up to date.
fn migrate(conn: &mut Connection, creator: &Identity, shown: &str) -> Result<(), LedgerError> {
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

/// Creates an empty file for SQLite to fill, readable and writable by whoever the umask and the
/// folder allow (a team's setgid folder with umask 002 gives the group write access). SQLite
/// gives the `-wal` and `-shm` files the same mode. Returns false when another process got
/// there first.
fn create_empty(path: &Path) -> Result<bool, LedgerError> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o666)
        .open(path)
    {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io_error(&path.display().to_string(), &e)),
    }
}

/// Refuses what is plainly not a ledger before SQLite sees it: a file that does not start with
/// SQLite's magic string, another program's database, or one shorter than its own header says.
fn check_header(path: &Path) -> Result<(), LedgerError> {
    let shown = path.display().to_string();
    let mut head = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut head))
        .map_err(|e| io_error(&shown, &e))?;
    if head.is_empty() {
        return Ok(());
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
    let app_id = be32(68);
    if app_id != 0 && i64::from(app_id) != APPLICATION_ID {
        return Err(LedgerError::NotALedger {
            path: shown,
            reason: NotLedger::OtherProgram,
        });
    }
    // The page count in the header is valid when its change counter matches (bytes 24 and 92).
    // With no pages in a -wal beside it, the file must hold every page: a copy cut short is
    // refused here with a plain message rather than SQLite's "malformed".
    let page_size = match u32::from(head[16]) << 8 | u32::from(head[17]) {
        1 => 65536,
        n => n,
    };
    let pages = be32(28);
    // Writers keep the -wal file (see `keep_wal_files`); an empty one holds no pages.
    let wal = PathBuf::from(format!("{}-wal", path.display()));
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
    Ok(())
}

/// Whether this process may write the ledger file at `path` (false when there is none).
pub fn file_writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && can_write(path, &m))
}

/// Whether this process may write the file. Root may write anything, so a file with no write
/// bit at all is also taken as read-only: that is how an archived ledger is frozen.
fn can_write(path: &Path, meta: &std::fs::Metadata) -> bool {
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
fn keep_wal_files(conn: &Connection) {
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

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn io_error(path: &str, e: &std::io::Error) -> LedgerError {
    LedgerError::Io {
        path: path.to_string(),
        detail: IoDetail::of(e),
    }
}

fn sql_error(path: &str, e: rusqlite::Error) -> LedgerError {
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
