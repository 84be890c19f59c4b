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

mod ahead;
mod assemble;
mod entries;
mod error;
pub mod faith;
pub mod identity;
mod kept_file;
mod kept_links;
#[cfg(test)]
mod kept_links_tests;
mod kept_pairs;
#[cfg(test)]
mod kept_pairs_tests;
pub mod light;
pub mod link;
#[cfg(test)]
mod link_tests;
pub mod pg;
pub mod remind;
pub mod replay;
pub mod report;
mod snapshot;
pub mod sqlite;
mod stamps;
pub mod store;
pub mod trend;
mod witness;

pub use ahead::ReadAhead;
pub use error::{IoDetail, LedgerError, MAX_NOTE_CHARS, NotLedger, TlsProblem};
pub use light::{DEFAULT_WARN_DAYS, Light, Status};
pub use snapshot::{AssignmentState, Entry, Orphan, Snapshot};
pub use sqlite::OpenMode;
pub use store::{
    Change, ChangeMark, Identity, Imported, Member, MemberChange, NewChange, Published, Seen,
    Store, TaskKey,
};

use assemble::{assemble, assemble_parts};
use chrono::NaiveDate;
use dutymatrix_reader::model::{Model, Task};
use link::Links;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable naming the ledger file.
pub const ENV_LEDGER: &str = "DUTYMATRIX_LEDGER";

/// The ledger path: `--ledger`, else `$DUTYMATRIX_LEDGER` (clap reads both), else
/// `$XDG_DATA_HOME/dutymatrix/ledger.sqlite3`, else `~/.local/share/dutymatrix/ledger.sqlite3`.
pub fn default_path() -> Option<PathBuf> {
    Some(dutymatrix_base::paths::data_dir()?.join("ledger.sqlite3"))
}

/// A ledger location as shown to a user: a file's path, or a server's URL without its password.
pub fn shown_location(path: &Path) -> String {
    let text = path.display().to_string();
    let text = if pg::is_server(path) {
        pg::location::shown(&text)
    } else {
        text
    };
    dutymatrix_base::text::one_line(&text)
}

/// An open ledger.
pub struct Ledger {
    store: Box<dyn Store + Send>,
    path: PathBuf,
    notice: Option<String>,
    created: bool,
    /// The schema version this open upgraded the ledger from.
    upgraded_from: Option<i64>,
    trouble: Option<faith::Trouble>,
    /// Where links of the keys to today's tasks are kept between whole reads, if anywhere.
    kept_links: Option<PathBuf>,
    /// Where the state in force of every pair is kept between whole reads, if anywhere.
    kept_pairs: Option<PathBuf>,
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
    /// The real user's own record of what they last saw of this ledger is checked here too
    /// (`witness`): a chain rebuilt after a change fits, but no longer holds those rows.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Option<Ledger>, LedgerError> {
        let mut ledger = Ledger::open_as(path, mode, &identity::current())?;
        if let Some(l) = &mut ledger
            && l.trouble.is_none()
        {
            l.trouble = witness::check(path, l.store.as_ref()).map(faith::Trouble::Broken);
        }
        Ok(ledger)
    }

    /// As [`Ledger::open`], naming the creator (tests; a future server-side store).
    pub fn open_as(
        path: &Path,
        mode: OpenMode,
        creator: &Identity,
    ) -> Result<Option<Ledger>, LedgerError> {
        if pg::is_server(path) {
            return Ledger::open_server(path, mode);
        }
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
            upgraded_from: opened.upgraded_from,
            trouble: opened.trouble,
            kept_links: None,
            kept_pairs: None,
        }))
    }

    /// A PostgreSQL ledger: the writer is whoever the server says the connection is.
    fn open_server(path: &Path, mode: OpenMode) -> Result<Option<Ledger>, LedgerError> {
        let url = path.to_str().unwrap_or_default();
        let Some(opened) = pg::PgStore::open(url, mode)? else {
            return Ok(None);
        };
        Ok(Some(Ledger {
            path: PathBuf::from(opened.store.shown()),
            store: Box::new(opened.store),
            notice: None,
            created: opened.created,
            upgraded_from: opened.upgraded_from,
            trouble: None,
            kept_links: None,
            kept_pairs: None,
        }))
    }

    /// Keeps what a whole read makes in `dir` (the user's cache folder) between whole reads:
    /// the links of the task keys to today's tasks (in `links/`) and the state in force of
    /// every pair (in `pairs/`), so that a read then links only the keys written since, and
    /// reads again only their pairs.
    pub fn keep_in(mut self, dir: &Path) -> Ledger {
        self.kept_links = Some(kept_file::file_in(&dir.join("links"), &self.path));
        self.kept_pairs = Some(kept_file::file_in(&dir.join("pairs"), &self.path));
        self
    }

    /// Where the ledger is, as shown to a user (a server's URL without its password).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The writer this ledger records for this process: a server's session user, else `me`.
    pub fn writer(&self, me: &Identity) -> String {
        self.store.login().unwrap_or_else(|| me.login.clone())
    }

    /// Whether the ledger is on a database server rather than in a file.
    pub fn on_server(&self) -> bool {
        self.store.login().is_some()
    }

    pub fn read_only(&self) -> bool {
        self.store.read_only()
    }

    /// Whether this open created the ledger.
    pub fn created(&self) -> bool {
        self.created
    }

    /// The schema version this open upgraded the ledger from (to [`Ledger::schema`]).
    pub fn upgraded_from(&self) -> Option<i64> {
        self.upgraded_from
    }

    /// The schema version this build writes, of the file or the server ledger it opened.
    pub fn schema(&self) -> i64 {
        if self.on_server() {
            pg::SCHEMA_VERSION
        } else {
            sqlite::SCHEMA_VERSION
        }
    }

    /// Set when the ledger was opened read-only because the file is not writable: the path to
    /// name when saying so, once.
    pub fn read_only_path(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// What the open's check found wrong: damaged pages (the ledger then opened read-only) or
    /// a row that does not fit the hash chain. Say so, naming it, for as long as it is open.
    pub fn trouble(&self) -> Option<&faith::Trouble> {
        self.trouble.as_ref()
    }

    /// Checks the chains' newest rows again (cheap), for a view that stays open while rows
    /// arrive; a break found is kept, and returned from then on by [`Ledger::trouble`] too.
    pub fn recheck(&mut self) -> Result<Option<&faith::Trouble>, LedgerError> {
        if self.trouble.is_none()
            && let Some(b) = self.store.check_tail()?
        {
            self.trouble = Some(faith::Trouble::Broken(b));
        }
        Ok(self.trouble.as_ref())
    }

    /// How long a write waits for another writer (30 s unless set) before
    /// [`LedgerError::Busy`], when nothing was written.
    pub fn set_wait(&mut self, wait: std::time::Duration) -> Result<(), LedgerError> {
        self.store.set_wait(wait)
    }

    /// Every seal of both chains and every page: `ledger verify`.
    pub fn verify(&self) -> Result<faith::Verified, LedgerError> {
        self.store.verify()
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Links the ledger's keys to today's tasks.
    pub fn links(&self, model: &Model) -> Result<Links, LedgerError> {
        Ok(link::link(model, &self.store.task_keys()?))
    }

    /// Links the keys of `task`'s document only: what a write to that task needs.
    fn links_for(&self, model: &Model, task: &Task) -> Result<Links, LedgerError> {
        let keys = self.store.task_keys_of(&task.document)?;
        Ok(link::link_document(model, &task.document, &keys))
    }

    /// The current state of every assignment (or only `unit`'s), linked to today's tasks.
    pub fn snapshot(&self, model: &Model) -> Result<Snapshot, LedgerError> {
        self.snapshot_of(model, None)
    }

    /// As [`Ledger::snapshot`], reading only one unit's rows (faster on a big ledger).
    pub fn snapshot_of(&self, model: &Model, unit: Option<&str>) -> Result<Snapshot, LedgerError> {
        let mark = self.store.change_mark()?;
        // Before the state: a row committed while it is read is read again by a refresh.
        let seen = match unit {
            Some(_) => None,
            None => Some(self.store.seen()?),
        };
        match unit {
            // Links kept between reads are every key's, the unit's documents' among them: only
            // the keys written since are read (at 1,000,000 rows reading every key was most of
            // what a unit's view added).
            Some(_) if let Some(file) = self.kept_links.as_deref() => {
                let current = self.store.current(unit)?;
                let store = self.store.as_ref();
                let read = kept_links::to_link(store, Some(file))?;
                let links = kept_links::links(store, model, read, Some(file))?;
                Ok(assemble(model, links, current, mark))
            }
            // One unit's pairs: only the documents their keys are in are linked (every key of
            // each, since keys of one document compete for its tasks).
            Some(_) => {
                let keys = self.store.task_keys()?;
                let current = self.store.current(unit)?;
                let read: HashSet<i64> = current.iter().map(|c| c.key).collect();
                let documents: HashSet<&str> = (keys.iter())
                    .filter(|k| read.contains(&k.id))
                    .map(|k| k.document.as_str())
                    .collect();
                let wanted = |d: &str| documents.contains(d);
                let links = link::link_documents(model, &wanted, &keys);
                Ok(assemble(model, links, current, mark))
            }
            // Linking is computation over the model alone: it runs beside the store's read of
            // the state in force, and the pairs read are then put in place on the same thread
            // while the rest are read, so on a big ledger the whole costs about the read.
            None => std::thread::scope(|s| {
                let keys = self.store.task_keys()?;
                let (send, receive) = std::sync::mpsc::channel::<Vec<store::Current>>();
                let assembling =
                    s.spawn(move || assemble_parts(model, link::link(model, &keys), mark, receive));
                // Refused only when the thread has ended, by a panic it passes on below: then
                // nothing more is read.
                let read = (self.store).current_in_parts(&mut |part| send.send(part).is_ok());
                drop(send);
                let snap = assembling
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                read.map(|()| Snapshot { seen, ..snap })
            }),
        }
    }

    /// `snap`, a snapshot of the whole ledger, brought up to what is written now: only the
    /// documents written to since it was read are read and linked again (a document's keys
    /// link to its own tasks alone), so a change costs its document, not the ledger (at
    /// 1,000,000 rows a whole read is a quarter of a second, and every open dashboard makes one
    /// on every change anyone commits). Read again whole: a part (one unit's), a ledger whose
    /// history went back (a restored copy), more than a few documents written to (then one
    /// read of everything is cheaper).
    pub fn refresh(&self, model: &Model, snap: &mut Snapshot) -> Result<(), LedgerError> {
        let mark = self.store.change_mark()?;
        let seen = self.store.seen()?;
        let written = match &snap.seen {
            Some(before) => self.store.documents_since(before)?,
            None => None,
        };
        let Some(written) = written.filter(|w| w.len() <= REFRESH_DOCUMENTS) else {
            *snap = self.snapshot(model)?;
            return Ok(());
        };
        for document in written {
            let part = self.snapshot_of_document(model, &document)?;
            snap.replace_document(model, &document, part);
        }
        snap.mark = Some(mark);
        snap.seen = Some(seen);
        Ok(())
    }

    /// The documents written to since a whole read saw `seen` ([`Snapshot::seen`]): what
    /// [`Ledger::refresh`] reads again. None when the store cannot tell, and all is read.
    pub fn documents_since(&self, seen: &Seen) -> Result<Option<Vec<String>>, LedgerError> {
        self.store.documents_since(seen)
    }

    /// As [`Ledger::snapshot`], reading only the pairs of one document's task keys: what a
    /// look at one task needs, at the cost of that document, not of the ledger.
    pub fn snapshot_of_document(
        &self,
        model: &Model,
        document: &str,
    ) -> Result<Snapshot, LedgerError> {
        let mark = self.store.change_mark()?;
        let keys = self.store.task_keys_of(document)?;
        let links = link::link_document(model, document, &keys);
        let ids: Vec<i64> = keys.iter().map(|k| k.id).collect();
        let current = self.store.current_of_keys(&ids)?;
        Ok(assemble(model, links, current, mark))
    }

    /// Every row recorded for `task_id`, oldest first: today's task, or when no task of today
    /// has that id, the orphaned keys that had it.
    pub fn history(&self, model: &Model, task_id: &str) -> Result<Vec<Change>, LedgerError> {
        let keys: Vec<i64> = if let Some(i) = model.tasks.iter().position(|t| t.id == task_id) {
            self.links_for(model, &model.tasks[i])?.keys(i)
        } else {
            let links = self.links(model)?;
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
        let (i, task) = assigned_task(model, task_id, &change.unit)?;
        let mut change = change;
        change.note = clean_note(change.note)?;
        if change.status.is_none() && change.note.is_none() {
            return Err(LedgerError::NothingToRecord);
        }
        let links = self.links_for(model, task)?;
        let task_ref = store::TaskRef {
            document: task.document.to_string(),
            task_id: task.id.to_string(),
            number: task.number.to_string(),
            fingerprint: link::fingerprint(task.title_simplified()),
            title: task.title_simplified().to_string(),
            key: links.key_for(i),
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
        let (i, task) = assigned_task(model, task_id, unit)?;
        let links = self.links_for(model, task)?;
        self.store.undo(who, &links.keys(i), unit, expect)
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

    /// Copies the SQLite ledger at `file` into this server ledger (its owner only).
    pub fn import(&mut self, file: &Path) -> Result<Imported, LedgerError> {
        self.store.import(file)
    }

    /// The documents published in this ledger (none for a file ledger).
    pub fn published(&self) -> Result<Vec<Published>, LedgerError> {
        self.store.published()
    }

    /// The bytes of a published document, checked against its hash.
    pub fn document(&self, hash: &str) -> Result<Vec<u8>, LedgerError> {
        self.store.document(hash)
    }

    /// Publishes `bytes` as `name` to everyone using this server ledger (supervisors).
    pub fn publish(&mut self, name: &str, bytes: &[u8]) -> Result<Published, LedgerError> {
        self.store.publish(name, bytes)
    }

    /// Withdraws a published document by its name or hash (supervisors).
    pub fn withdraw(&mut self, which: &str) -> Result<Published, LedgerError> {
        self.store.withdraw(which)
    }

    /// For a view that stays open: be told of others' commits as they happen (a server ledger
    /// listens on a connection of its own); then [`Ledger::change_mark`] costs no query.
    pub fn watch(&mut self) -> bool {
        self.store.watch()
    }

    /// Whether the watch started by [`Ledger::watch`] is connected now; None without one.
    pub fn listening(&self) -> Option<bool> {
        self.store.listening()
    }

    /// For live refresh: take a mark, and reload when a later mark differs. Costs no disk write.
    pub fn change_mark(&self) -> Result<ChangeMark, LedgerError> {
        self.store.change_mark()
    }
}

/// The task `task_id` and its index in `model`, if `unit` is one of its assignees.
fn assigned_task<'m>(
    model: &'m Model,
    task_id: &str,
    unit: &str,
) -> Result<(usize, &'m Task), LedgerError> {
    let (i, task) = model
        .tasks
        .iter()
        .enumerate()
        .find(|(_, t)| t.id == task_id)
        .ok_or_else(|| LedgerError::NoSuchTask {
            task: task_id.to_string(),
        })?;
    if !task.assignments.iter().any(|a| a.unit == unit) {
        return Err(LedgerError::NotAssigned {
            task: task_id.to_string(),
            unit: unit.to_string(),
        });
    }
    Ok((i, task))
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

/// Documents written to beyond which a refresh reads everything again: each costs a pass over
/// the snapshot's entries and the model's tasks, which one whole read makes once.
const REFRESH_DOCUMENTS: usize = 8;
