//! The one interface every ledger store implements: the SQLite file of one server, and
//! PostgreSQL for a province-wide ledger, behind it without the views knowing which.
//!
//! A store knows nothing about documents or the model: it keeps task keys, an append-only
//! history and the members log. Linking keys to the tasks of today's documents is done above
//! it, in [`super::link`].

use super::error::LedgerError;
use super::faith::{Break, Table, Verified};
use super::light::Status;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A task as the ledger remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskKey {
    /// Row id in the store; stable for the life of the ledger.
    pub id: i64,
    pub document: String,
    /// The task id (`document/2.1.3`) at the time of the first record.
    pub task_id: String,
    /// The task's number as written (`3.`).
    pub number: String,
    /// [`super::link::fingerprint`] of its title.
    pub fingerprint: String,
    pub title: String,
}

/// What identifies a task when recording: the key fields without the row id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef {
    pub document: String,
    pub task_id: String,
    pub number: String,
    pub fingerprint: String,
    pub title: String,
    /// The key this task is already linked to, if any: new rows go there, so the history of an
    /// edited task stays in one place.
    pub key: Option<i64>,
}

/// One row of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub id: i64,
    pub key: i64,
    /// Shared, as in [`Current`]: a whole read makes 100,000 of them.
    pub unit: Arc<str>,
    /// None when the row only adds a note, or is an undo.
    pub status: Option<Status>,
    /// As the writer typed it: untrusted, sanitise before printing.
    pub note: Option<String>,
    pub note_date: Option<NaiveDate>,
    /// Shared, as `unit`: a ledger has few writers and many rows.
    pub who: Arc<str>,
    pub uid: u32,
    pub at: DateTime<Utc>,
    /// For an undo: the row it cancels.
    pub undoes: Option<i64>,
    /// Whether a later undo cancelled this row.
    pub undone: bool,
}

/// How far a read of the state saw, in the store's own terms: what [`Store::documents_since`]
/// reads on from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The newest row id (SQLite: a writer takes the write lock, then the next id, so ids
    /// follow the order of commits).
    Row(i64),
    /// The transaction snapshot, as `pg_current_snapshot()` gives it in text (PostgreSQL: a
    /// sequence hands out ids as rows are inserted, and a slower transaction can commit a
    /// smaller one after a larger one was read, so ids cannot tell what came since), with what
    /// says it is still the same server and the same ledger: the connection it was taken on
    /// (a failover or a restore drops every connection, and a store opened again has a new one)
    /// and the history table's oid (a restore into the same server makes the table anew).
    Snapshot {
        snapshot: String,
        connection: u64,
        table: i64,
    },
}

/// A change to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChange {
    pub unit: String,
    pub status: Option<Status>,
    pub note: Option<String>,
    pub note_date: Option<NaiveDate>,
}

/// The current state of one (task key, unit): derived from the history (kept beside it as it
/// is written, never written by hand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Current {
    pub key: i64,
    pub unit: Arc<str>,
    /// The row of the latest status still in force (None when every status row was undone).
    pub status_row: Option<i64>,
    /// That row's status. Nothing else of the row is read: no view shows who set a status or
    /// when apart from its note, and reading it was half the rows built by a whole read.
    pub status: Option<Status>,
    /// The latest note still in force, the whole row.
    pub note: Option<Arc<Change>>,
    /// Id of the newest row of any kind for this pair.
    pub last_row: i64,
}

/// Who the history says someone is: the members log folded to its current state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub login: String,
    pub supervisor: bool,
    pub units: Vec<String>,
}

/// The members log, oldest first as (login, unit, supervisor, granted), folded to who holds
/// what now: the same fold for every store.
pub(crate) fn fold_members(
    rows: impl IntoIterator<Item = (String, String, bool, bool)>,
) -> Vec<Member> {
    let mut state: BTreeMap<String, (bool, BTreeSet<String>)> = BTreeMap::new();
    for (login, unit, supervisor, granted) in rows {
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
    state
        .into_iter()
        .filter(|(_, (s, units))| *s || !units.is_empty())
        .map(|(login, (supervisor, units))| Member {
            login,
            supervisor,
            units: units.into_iter().collect(),
        })
        .collect()
}

/// What `ledger import` copied: rows new to the server ledger, and rows it already had.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Imported {
    /// SHA-256 of the file imported, kept on every row it brought.
    pub file_hash: String,
    pub keys: u64,
    pub history: u64,
    pub members: u64,
    pub already: u64,
    /// Whether the server's state table could be rewritten after the import (see
    /// `pg::import`): not when another session held it for longer than a moment.
    pub compacted: bool,
}

/// A document published in a server ledger, as its latest event left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Published {
    /// The file name it was published under (untrusted: sanitise before printing).
    pub name: String,
    /// SHA-256 of its bytes, hex.
    pub hash: String,
    /// Who published or withdrew it last, and when.
    pub who: String,
    pub at: DateTime<Utc>,
    /// False once withdrawn.
    pub published: bool,
    pub size: u64,
}

/// A change to the members log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberChange {
    Grant { login: String, unit: String },
    Revoke { login: String, unit: String },
    GrantSupervisor { login: String },
    RevokeSupervisor { login: String },
}

/// An opaque token: equal tokens mean nothing was committed in between, by anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeMark {
    pub data_version: i64,
    pub own_changes: u64,
}

/// Every query of the ledger, behind one small trait (as atuin's `Database`).
pub trait Store {
    /// Whether this store was opened read-only.
    fn read_only(&self) -> bool;
    /// A second read-only handle on the same ledger (its own connection), for a read beside
    /// this store's own; None when the store has no such thing.
    fn reader(&self) -> Result<Option<Box<dyn Store + Send>>, LedgerError> {
        Ok(None)
    }
    /// The writer the store itself names (a server's session user), when it is not the
    /// process's login.
    fn login(&self) -> Option<String> {
        None
    }
    /// Every task key, by id.
    fn task_keys(&self) -> Result<Vec<TaskKey>, LedgerError>;
    /// The task keys after `id`, by id: those written since a read that saw keys up to `id`.
    fn task_keys_after(&self, id: i64) -> Result<Vec<TaskKey>, LedgerError> {
        let mut keys = self.task_keys()?;
        keys.retain(|k| k.id > id);
        Ok(keys)
    }
    /// How many task keys there are up to `id`: what says no key was slipped in below it.
    fn count_keys_upto(&self, id: i64) -> Result<i64, LedgerError> {
        Ok(self.task_keys()?.iter().filter(|k| k.id <= id).count() as i64)
    }
    /// What a later read of this same ledger finds again, and another ledger put in its place
    /// does not: the newest history row and its seal (it covers every row before it and the
    /// key each points at). None when the store has nothing to tell it by.
    fn lineage(&self) -> Result<Option<(i64, Vec<u8>)>, LedgerError> {
        self.tail(Table::History)
    }
    /// Whether this is still the ledger `lineage` was taken from.
    fn same_lineage(&self, lineage: &(i64, Vec<u8>)) -> Result<bool, LedgerError> {
        Ok(self.seal_at(Table::History, lineage.0)?.as_deref() == Some(&lineage.1[..]))
    }
    /// The task keys of one document, by id: all a write needs to link its task, since keys
    /// link only to tasks of their own document ([`super::link`]).
    fn task_keys_of(&self, document: &str) -> Result<Vec<TaskKey>, LedgerError>;
    /// The current state of every (task key, unit) that has history, or only of `unit`'s,
    /// ordered by unit then key. A store keeps it as the history is written (in the same
    /// transaction as each row, derived from the rows alone by the rules of
    /// [`super::replay`]) and reads it in one statement, so the cost follows the pairs asked
    /// for, not the length of the history; [`Store::verify`] compares it with a full replay.
    fn current(&self, unit: Option<&str>) -> Result<Vec<Current>, LedgerError>;
    /// [`Store::current`] of every pair, handed to `each` in parts as they are read, so that
    /// what is made of the first part overlaps the reading of the rest; in any order (a snapshot
    /// orders what it keeps). `each` returns false when it wants no more (its taker is gone).
    fn current_in_parts(
        &self,
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        each(self.current(None)?);
        Ok(())
    }
    /// [`Store::current_in_parts`] for a read with a core to spare: a store that can reads on
    /// two connections at once, both at the same state, the parts in any order.
    fn current_in_parts_beside(
        &self,
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        self.current_in_parts(each)
    }
    /// [`Store::current`] of the pairs of these task keys only, in the same order: what a look
    /// at one task or one document reads.
    fn current_of_keys(&self, keys: &[i64]) -> Result<Vec<Current>, LedgerError>;
    /// How far a read of the state made from now on sees: taken before the state is read, so
    /// a row committed meanwhile is read again by the next [`Store::documents_since`], never
    /// missed.
    fn seen(&self) -> Result<Seen, LedgerError>;
    /// The documents of the task keys of every history row committed after `seen`: what a
    /// reader who holds the state as of `seen` must read again, and nothing else. None when
    /// that cannot be told (the history went back: a restored copy), and everything must be.
    fn documents_since(&self, seen: &Seen) -> Result<Option<Vec<String>>, LedgerError>;
    /// How far a read that saw `seen` got, in a form a later process reading this same ledger
    /// can read on from ([`Store::keys_since_mark`]); None when the store has none to give
    /// (nothing written yet, or `seen` is not this store's).
    fn mark_of(&self, seen: &Seen) -> Result<Option<Vec<u8>>, LedgerError> {
        let _ = seen;
        Ok(None)
    }
    /// The task keys of every history row committed since `mark` (from [`Store::mark_of`]),
    /// ascending: what a reader who holds the state as of it must read again. None when the
    /// mark no longer holds (another ledger in this one's place; a server restarted, as a
    /// restore or a failover does), and everything must be read.
    fn keys_since_mark(&self, mark: &[u8]) -> Result<Option<Vec<i64>>, LedgerError> {
        let _ = mark;
        Ok(None)
    }
    /// Every row for these keys, oldest first.
    fn history(&self, keys: &[i64]) -> Result<Vec<Change>, LedgerError>;
    /// Records one change as `who`, after checking in the same transaction that `who` may write
    /// for the unit. Nothing is written when the check fails.
    fn record(
        &mut self,
        who: &Identity,
        task: &TaskRef,
        change: &NewChange,
    ) -> Result<Change, LedgerError>;
    /// Cancels the newest change in force for (key, unit) with a new row. Same permission check.
    /// With `expect`, only when that row is still the newest in force (the one a user was
    /// shown); else [`LedgerError::Changed`] and nothing is written.
    fn undo(
        &mut self,
        who: &Identity,
        keys: &[i64],
        unit: &str,
        expect: Option<i64>,
    ) -> Result<Change, LedgerError>;
    fn members(&self) -> Result<Vec<Member>, LedgerError>;
    /// Only a supervisor may change the members; a supervisor may not remove the last one.
    fn change_member(&mut self, who: &Identity, change: &MemberChange) -> Result<(), LedgerError>;
    /// Total history rows (for the report footer and the tests).
    fn row_count(&self) -> Result<i64, LedgerError>;
    /// A cheap probe for live refresh: compare with an earlier mark (no disk write, no scan).
    fn change_mark(&self) -> Result<ChangeMark, LedgerError>;
    /// For a view that stays open: be told of others' commits as they happen (a server's
    /// notifications), so that [`Store::change_mark`] asks nothing of the server. False when
    /// the store has nothing to start (SQLite's mark is read from shared memory anyway).
    fn watch(&mut self) -> bool {
        false
    }
    /// Copies the SQLite ledger at `file` in (a server ledger, by its owner): `ledger import`.
    fn import(&mut self, _file: &std::path::Path) -> Result<Imported, LedgerError> {
        Err(LedgerError::NeedsServer)
    }
    /// The documents published in this ledger, standing or withdrawn (a server ledger).
    fn published(&self) -> Result<Vec<Published>, LedgerError> {
        Ok(Vec::new())
    }
    /// The bytes of the published document with this SHA-256.
    fn document(&self, _hash: &str) -> Result<Vec<u8>, LedgerError> {
        Err(LedgerError::NeedsServer)
    }
    /// Publishes a document to everyone using the ledger (supervisors).
    fn publish(&mut self, _name: &str, _bytes: &[u8]) -> Result<Published, LedgerError> {
        Err(LedgerError::NeedsServer)
    }
    /// Withdraws a published document, by name or hash (supervisors).
    fn withdraw(&mut self, _which: &str) -> Result<Published, LedgerError> {
        Err(LedgerError::NeedsServer)
    }
    /// Whether the watch started by [`Store::watch`] is connected; None without one.
    fn listening(&self) -> Option<bool> {
        None
    }
    /// Every row's seal and every page, and the kept current state against a full replay of
    /// the history: what `ledger verify` reports.
    fn verify(&self) -> Result<Verified, LedgerError>;
    /// The newest rows' seals again (cheap): for a view that stays open while rows arrive.
    fn check_tail(&self) -> Result<Option<Break>, LedgerError>;
    /// How long a write waits for another writer before [`LedgerError::Busy`]: a dashboard
    /// waits briefly and tries again later rather than freeze.
    fn set_wait(&mut self, wait: std::time::Duration) -> Result<(), LedgerError>;
    /// The seal of row `id` of `table`, if there is such a row.
    fn seal_at(&self, table: Table, id: i64) -> Result<Option<Vec<u8>>, LedgerError>;
    /// The newest row of `table`: its id and seal.
    fn tail(&self, table: Table) -> Result<Option<(i64, Vec<u8>)>, LedgerError>;
}

/// The writer as the ledger records them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub login: String,
    pub uid: u32,
}

/// A members change as the row that records it — (login, unit, supervisor, granted) — once the
/// rules every store keeps are checked against the members as they stand: only a supervisor
/// changes members, and the last supervisor stays.
pub fn member_event<'c>(
    members: &[Member],
    by: &str,
    change: &'c MemberChange,
) -> Result<(&'c str, &'c str, bool, bool), LedgerError> {
    if !members.iter().any(|m| m.login == by && m.supervisor) {
        return Err(LedgerError::NotSupervisor { login: by.into() });
    }
    Ok(match change {
        MemberChange::Grant { login, unit } => (login, unit, false, true),
        MemberChange::Revoke { login, unit } => (login, unit, false, false),
        MemberChange::GrantSupervisor { login } => (login, "", true, true),
        MemberChange::RevokeSupervisor { login } => {
            if !members.iter().any(|m| m.supervisor && m.login != *login) {
                return Err(LedgerError::LastSupervisor {
                    login: login.clone(),
                });
            }
            (login, "", true, false)
        }
    })
}
