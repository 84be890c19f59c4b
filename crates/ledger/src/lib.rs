//! 工作台账: the work ledger shared by everyone on the server — progress per task and unit,
//! close-outs (销号), and the lights (亮灯) that show what is late.
//!
//! The ledger sits beside the model: views read a [`Snapshot`], and only actions write, through
//! [`Ledger::record`], [`Ledger::close_out`] and [`Ledger::undo`]. Every figure comes from the
//! ledger's history or the documents; nothing here lists tasks or units.
//!
//! # The API a view needs (the dashboard)
//! - Open: `Ledger::open(&path, OpenMode::ReadWrite)` → `Ok(None)` when there is no ledger yet
//!   (then use [`Snapshot::empty`]: lights from deadlines alone); falls back to read-only when
//!   the file is not writable, and [`Ledger::notice`] says so once. `OpenMode::ReadOnly` for
//!   pure readers, `OpenMode::Create` for the first write (the writer becomes supervisor).
//!   Path: `--ledger` / `DUTYMATRIX_LEDGER` (the `Cli::ledger` field), else [`default_path`].
//! - State of every assignment: [`Ledger::snapshot`] (or [`Ledger::snapshot_of`] one unit) →
//!   [`Snapshot::entry`]`(task_id, unit)` (status, latest note with date and writer),
//!   [`Snapshot::light`], [`Snapshot::task_light`], [`Snapshot::assignments`] (every
//!   assignment with its light), [`Snapshot::orphans`].
//! - History of a task: [`Ledger::history`]`(model, task_id)`, oldest first, undone rows marked.
//! - Write as the real user ([`identity::current`]), permission-checked, nothing written on
//!   refusal: [`Ledger::record`] (status and/or note), [`Ledger::close_out`] (销号),
//!   [`Ledger::undo`]. Errors say what happened (English `Display`); the application words them for its user.
//! - Live refresh: keep [`Ledger::change_mark`] and compare about once a second; a different
//!   mark means someone committed (reload the snapshot). Reads shared memory only: no disk
//!   write, no scan.
//! - Lights as a pure function: [`light::light`]`(due, status, today, warn_days)`; their words
//!   and colours belong to the application. Default window:
//!   [`DEFAULT_WARN_DAYS`]; the CLI's `--warn-days` is `Cli::warn_days`.
//! - Sanitise notes and logins before drawing them: [`dutymatrix_base::text::safe_line`].

#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod identity;
pub mod light;
pub mod link;
pub mod report;
pub mod sqlite;
pub mod store;

pub use light::{DEFAULT_WARN_DAYS, Light, Status};
pub use sqlite::OpenMode;
pub use store::{Change, ChangeMark, Identity, Member, MemberChange, NewChange, Store, TaskKey};

use chrono::NaiveDate;
use dutymatrix_reader::model::{Model, Role, Task};
use link::Links;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable naming the ledger file.
pub const ENV_LEDGER: &str = "DUTYMATRIX_LEDGER";

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
            Damaged { path, detail } => {
                format!("the ledger {path} is damaged ({detail}); left untouched")
            }
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

/// The ledger path: `--ledger`, else `$DUTYMATRIX_LEDGER` (clap reads both), else
/// `$XDG_DATA_HOME/dutymatrix/ledger.sqlite3`, else `~/.local/share/dutymatrix/ledger.sqlite3`.
pub fn default_path() -> Option<PathBuf> {
    Some(dutymatrix_base::paths::data_dir()?.join("ledger.sqlite3"))
}

/// An open ledger.
pub struct Ledger {
    store: Box<dyn Store + Send>,
    path: PathBuf,
    notice: Option<String>,
    created: bool,
}

impl fmt::Debug for Ledger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ledger")
            .field("path", &self.path)
            .field("read_only", &self.read_only())
            .finish()
    }
}

impl Ledger {
    /// Opens the ledger at `path`. `Ok(None)` when there is none yet and `mode` is not
    /// [`OpenMode::Create`]; with `Create` the real user becomes its first supervisor, and the
    /// default location's folder ([`default_path`]) is made when missing.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Option<Ledger>, LedgerError> {
        Ledger::open_as(path, mode, &identity::current())
    }

    /// As [`Ledger::open`], naming the creator (tests; a future server-side store).
    pub fn open_as(
        path: &Path,
        mode: OpenMode,
        creator: &Identity,
    ) -> Result<Option<Ledger>, LedgerError> {
        if mode == OpenMode::Create
            && let Some(parent) = path.parent()
            && default_path().as_deref() == Some(path)
        {
            // Only the default location's folder is made; a folder the user named must exist.
            let _ = std::fs::create_dir_all(parent);
        }
        let Some(opened) = sqlite::SqliteStore::open(path, mode, creator)? else {
            return Ok(None);
        };
        let notice = opened
            .fell_back_to_read_only
            .then(|| path.display().to_string());
        Ok(Some(Ledger {
            store: Box::new(opened.store),
            path: path.to_path_buf(),
            notice,
            created: opened.created,
        }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn read_only(&self) -> bool {
        self.store.read_only()
    }

    /// Whether this open created the ledger.
    pub fn created(&self) -> bool {
        self.created
    }

    /// Set when the ledger was opened read-only because the file is not writable: the path to
    /// name when saying so, once.
    pub fn read_only_path(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Links the ledger's keys to today's tasks.
    pub fn links(&self, model: &Model) -> Result<Links, LedgerError> {
        Ok(link::link(model, &self.store.task_keys()?))
    }

    /// The current state of every assignment (or only `unit`'s), linked to today's tasks.
    pub fn snapshot(&self, model: &Model) -> Result<Snapshot, LedgerError> {
        self.snapshot_of(model, None)
    }

    /// As [`Ledger::snapshot`], reading only one unit's rows (faster on a big ledger).
    pub fn snapshot_of(&self, model: &Model, unit: Option<&str>) -> Result<Snapshot, LedgerError> {
        let mark = self.store.change_mark()?;
        let links = self.links(model)?;
        let mut entries: HashMap<(String, String), Entry> = HashMap::new();
        let mut orphans = Vec::new();
        for c in self.store.current(unit)? {
            let entry = Entry {
                status: c.status.as_ref().and_then(|s| s.status),
                status_change: c.status,
                note: c.note,
                last_row: c.last_row,
            };
            match links
                .task_of_key
                .get(&c.key)
                .and_then(|&i| model.tasks.get(i))
            {
                Some(task) => {
                    let slot = (task.id.clone(), c.unit);
                    // Two keys for one task (an edited document): the newer state wins.
                    match entries.get(&slot) {
                        Some(old) if old.last_row > entry.last_row => {}
                        _ => {
                            entries.insert(slot, entry);
                        }
                    }
                }
                None => {
                    if let Some(key) = links.orphans.iter().find(|k| k.id == c.key) {
                        orphans.push(Orphan {
                            key: key.clone(),
                            unit: c.unit,
                            entry,
                        });
                    }
                }
            }
        }
        Ok(Snapshot {
            entries,
            orphans,
            links,
            mark: Some(mark),
        })
    }

    /// Every row recorded for `task_id`, oldest first: today's task, or when no task of today
    /// has that id, the orphaned keys that had it.
    pub fn history(&self, model: &Model, task_id: &str) -> Result<Vec<Change>, LedgerError> {
        let links = self.links(model)?;
        let keys: Vec<i64> = if model.tasks.iter().any(|t| t.id == task_id) {
            links.keys(task_id).to_vec()
        } else {
            let old: Vec<i64> = links
                .orphans
                .iter()
                .filter(|k| k.task_id == task_id)
                .map(|k| k.id)
                .collect();
            if old.is_empty() {
                return Err(LedgerError::NoSuchTask {
                    task: task_id.to_string(),
                });
            }
            old
        };
        self.store.history(&keys)
    }

    /// Records a status and/or note for (task, unit) as `who`. The unit must be assigned to the
    /// task and `who` must speak for it (or be a supervisor); otherwise nothing is written.
    pub fn record(
        &mut self,
        model: &Model,
        who: &Identity,
        task_id: &str,
        change: NewChange,
    ) -> Result<Change, LedgerError> {
        let task = assigned_task(model, task_id, &change.unit)?;
        let mut change = change;
        change.note = clean_note(change.note)?;
        if change.status.is_none() && change.note.is_none() {
            return Err(LedgerError::NothingToRecord);
        }
        let links = self.links(model)?;
        let task_ref = store::TaskRef {
            document: task.document.clone(),
            task_id: task.id.clone(),
            number: task.number.clone(),
            fingerprint: link::fingerprint(&task.title_simplified),
            title: task.title_simplified.clone(),
            key: links.key_for(&task.id),
        };
        self.store.record(who, &task_ref, &change)
    }

    /// 销号: records (task, unit) as done, with an optional closing note dated `today`.
    pub fn close_out(
        &mut self,
        model: &Model,
        who: &Identity,
        task_id: &str,
        unit: &str,
        note: Option<String>,
        today: NaiveDate,
    ) -> Result<Change, LedgerError> {
        let note_date = note.as_ref().map(|_| today);
        self.record(
            model,
            who,
            task_id,
            NewChange {
                unit: unit.to_string(),
                status: Some(Status::Done),
                note,
                note_date,
            },
        )
    }

    /// Cancels the newest change still in force for (task, unit), with a new row.
    pub fn undo(
        &mut self,
        model: &Model,
        who: &Identity,
        task_id: &str,
        unit: &str,
    ) -> Result<Change, LedgerError> {
        self.undo_row(model, who, task_id, unit, None)
    }

    /// [`Ledger::undo`] of the row `expect` only: what a user confirmed after seeing it.
    pub fn undo_row(
        &mut self,
        model: &Model,
        who: &Identity,
        task_id: &str,
        unit: &str,
        expect: Option<i64>,
    ) -> Result<Change, LedgerError> {
        assigned_task(model, task_id, unit)?;
        let links = self.links(model)?;
        self.store.undo(who, links.keys(task_id), unit, expect)
    }

    pub fn members(&self) -> Result<Vec<Member>, LedgerError> {
        self.store.members()
    }

    pub fn change_member(
        &mut self,
        who: &Identity,
        change: &MemberChange,
    ) -> Result<(), LedgerError> {
        self.store.change_member(who, change)
    }

    /// For live refresh: take a mark, and reload when a later mark differs. Costs no disk write.
    pub fn change_mark(&self) -> Result<ChangeMark, LedgerError> {
        self.store.change_mark()
    }
}

/// The task `task_id`, if `unit` is one of its assignees.
fn assigned_task<'m>(model: &'m Model, task_id: &str, unit: &str) -> Result<&'m Task, LedgerError> {
    let task = model
        .tasks
        .iter()
        .find(|t| t.id == task_id)
        .ok_or_else(|| LedgerError::NoSuchTask {
            task: task_id.to_string(),
        })?;
    if !task.assignments.iter().any(|a| a.unit == unit) {
        return Err(LedgerError::NotAssigned {
            task: task_id.to_string(),
            unit: unit.to_string(),
        });
    }
    Ok(task)
}

/// Notes are kept as typed (trimmed); an empty note is no note; an overlong one is refused.
fn clean_note(note: Option<String>) -> Result<Option<String>, LedgerError> {
    let Some(n) = note else { return Ok(None) };
    let n = n.trim();
    if n.is_empty() {
        return Ok(None);
    }
    let chars = n.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(LedgerError::NoteTooLong { chars });
    }
    Ok(Some(n.to_string()))
}

/// The state of one (task, unit) in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// None: records exist, but every status was undone.
    pub status: Option<Status>,
    pub status_change: Option<Change>,
    /// The latest note, with its date and writer.
    pub note: Option<Change>,
    pub last_row: i64,
}

/// History whose task is no longer in the documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    pub key: TaskKey,
    pub unit: String,
    pub entry: Entry,
}

/// Everything the views need from the ledger at one moment.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// (task id, unit) → state.
    pub entries: HashMap<(String, String), Entry>,
    pub orphans: Vec<Orphan>,
    pub links: Links,
    /// The change mark at the time of reading; None for [`Snapshot::empty`].
    pub mark: Option<ChangeMark>,
}

/// One assignment with its ledger state and light.
#[derive(Debug, Clone)]
pub struct AssignmentState<'a> {
    pub task: &'a Task,
    pub unit: &'a str,
    pub role: Role,
    pub entry: Option<&'a Entry>,
    pub light: Light,
}

impl AssignmentState<'_> {
    pub fn status(&self) -> Option<Status> {
        self.entry.and_then(|e| e.status)
    }
    pub fn note(&self) -> Option<&Change> {
        self.entry.and_then(|e| e.note.as_ref())
    }
}

impl Snapshot {
    /// No ledger: every light comes from the deadline alone.
    pub fn empty() -> Snapshot {
        Snapshot::default()
    }

    pub fn entry(&self, task_id: &str, unit: &str) -> Option<&Entry> {
        self.entries.get(&(task_id.to_string(), unit.to_string()))
    }

    pub fn status(&self, task_id: &str, unit: &str) -> Option<Status> {
        self.entry(task_id, unit).and_then(|e| e.status)
    }

    pub fn light(&self, task: &Task, unit: &str, today: NaiveDate, warn_days: i64) -> Light {
        light::light(
            task.deadline.as_ref().and_then(|d| d.due(today)),
            self.status(&task.id, unit),
            today,
            warn_days,
        )
    }

    /// Grey when every assignee has closed the task, else the worst open light.
    pub fn task_light(&self, task: &Task, today: NaiveDate, warn_days: i64) -> Light {
        light::task_light(
            task.assignments
                .iter()
                .map(|a| self.light(task, &a.unit, today, warn_days)),
        )
    }

    /// Every assignment of `model` (or of one unit) in model order, with state and light.
    pub fn assignments<'a>(
        &'a self,
        model: &'a Model,
        unit: Option<&'a str>,
        today: NaiveDate,
        warn_days: i64,
    ) -> impl Iterator<Item = AssignmentState<'a>> + 'a {
        model.tasks.iter().flat_map(move |t| {
            t.assignments
                .iter()
                .filter(move |a| unit.is_none_or(|u| a.unit == u))
                .map(move |a| AssignmentState {
                    task: t,
                    unit: &a.unit,
                    role: a.role,
                    entry: self.entry(&t.id, &a.unit),
                    light: self.light(t, &a.unit, today, warn_days),
                })
        })
    }
}
