//! The SQLite store: one file shared by everyone on the server.
//!
//! WAL so readers never wait for a writer; a busy timeout so a second writer waits instead of
//! failing; `BEGIN IMMEDIATE` for every read-then-write (permission check, then insert); the
//! schema versioned by rusqlite_migration through `PRAGMA user_version`. A file that is not a
//! ledger, is damaged, or was written by a newer schema is refused before anything is written.

mod chain;
mod check;
mod error;
mod file;
mod halves;
#[cfg(test)]
mod halves_tests;
mod kept;
#[cfg(test)]
mod kept_tests;
mod open;
mod read;
pub mod rows;
mod schema;
mod verify;
mod write;

pub use chain::seal;
pub use file::{file_writable, shared_with_group};
pub use open::{OpenMode, Opened, SqliteStore};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};

use crate::error::LedgerError;
use crate::faith::{Break, Table, Verified};
use crate::store::{
    Change, ChangeMark, Current, Identity, Member, MemberChange, NewChange, Seen, Store, TaskKey,
    TaskRef,
};

/// Each method is the store's own of the same name: the reads in `read.rs`, the writes in
/// `write.rs`.
impl Store for SqliteStore {
    fn read_only(&self) -> bool {
        self.read_only
    }

    fn reader(&self) -> Result<Option<Box<dyn Store + Send>>, LedgerError> {
        let reader = SqliteStore::reader(self)?;
        Ok(reader.map(|r| Box::new(r) as Box<dyn Store + Send>))
    }

    fn task_keys(&self) -> Result<Vec<TaskKey>, LedgerError> {
        SqliteStore::task_keys(self)
    }

    fn task_keys_after(&self, id: i64) -> Result<Vec<TaskKey>, LedgerError> {
        SqliteStore::task_keys_after(self, id)
    }

    fn count_keys_upto(&self, id: i64) -> Result<i64, LedgerError> {
        SqliteStore::count_keys_upto(self, id)
    }

    fn task_keys_of(&self, document: &str) -> Result<Vec<TaskKey>, LedgerError> {
        SqliteStore::task_keys_of(self, document)
    }

    fn current(&self, unit: Option<&str>) -> Result<Vec<Current>, LedgerError> {
        SqliteStore::current(self, unit)
    }

    fn current_in_parts(
        &self,
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        SqliteStore::current_in_parts(self, each)
    }

    fn current_in_parts_beside(
        &self,
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        SqliteStore::current_in_halves(self, each)
    }

    fn current_of_keys(&self, keys: &[i64]) -> Result<Vec<Current>, LedgerError> {
        SqliteStore::current_of_keys(self, keys)
    }

    fn seen(&self) -> Result<Seen, LedgerError> {
        SqliteStore::newest_row(self).map(Seen::Row)
    }

    fn documents_since(&self, seen: &Seen) -> Result<Option<Vec<String>>, LedgerError> {
        match seen {
            Seen::Row(row) if *row <= SqliteStore::newest_row(self)? => {
                SqliteStore::documents_since(self, *row).map(Some)
            }
            _ => Ok(None),
        }
    }

    fn mark_of(&self, seen: &Seen) -> Result<Option<Vec<u8>>, LedgerError> {
        // Two rows: `seen`'s, from which every row after is read again, and the newest now,
        // with its seal (it covers every row before it) and the schema: a read may have seen
        // rows after `seen`, and a copy of the ledger restored in its place that ends before
        // them, or a ledger of another schema, has no such row or another seal.
        let Seen::Row(before) = seen else {
            return Ok(None);
        };
        let after = SqliteStore::newest_row(self)?;
        let Some(seal) = SqliteStore::seal_at(self, Table::History, after)? else {
            return Ok(None);
        };
        let version = SqliteStore::schema_version(self)?;
        let head = [*before, after, version].map(i64::to_le_bytes).concat();
        Ok(Some([head, seal].concat()))
    }

    fn keys_since_mark(&self, mark: &[u8]) -> Result<Option<Vec<i64>>, LedgerError> {
        let Some((head, seal)) = mark.split_first_chunk::<24>() else {
            return Ok(None);
        };
        let [before, after, version] = [0, 8, 16].map(|at| {
            let mut n = [0; 8];
            n.copy_from_slice(&head[at..at + 8]);
            i64::from_le_bytes(n)
        });
        if version != SqliteStore::schema_version(self)?
            || SqliteStore::seal_at(self, Table::History, after)?.as_deref() != Some(seal)
        {
            return Ok(None);
        }
        SqliteStore::keys_written_after(self, before).map(Some)
    }

    fn history(&self, keys: &[i64]) -> Result<Vec<Change>, LedgerError> {
        SqliteStore::history(self, keys)
    }

    fn record(
        &mut self,
        who: &Identity,
        task: &TaskRef,
        change: &NewChange,
    ) -> Result<Change, LedgerError> {
        SqliteStore::record(self, who, task, change)
    }

    fn undo(
        &mut self,
        who: &Identity,
        keys: &[i64],
        unit: &str,
        expect: Option<i64>,
    ) -> Result<Change, LedgerError> {
        SqliteStore::undo(self, who, keys, unit, expect)
    }

    fn members(&self) -> Result<Vec<Member>, LedgerError> {
        SqliteStore::members(self)
    }

    fn change_member(&mut self, who: &Identity, change: &MemberChange) -> Result<(), LedgerError> {
        SqliteStore::change_member(self, who, change)
    }

    fn row_count(&self) -> Result<i64, LedgerError> {
        SqliteStore::row_count(self)
    }

    fn change_mark(&self) -> Result<ChangeMark, LedgerError> {
        SqliteStore::change_mark(self)
    }

    fn verify(&self) -> Result<Verified, LedgerError> {
        SqliteStore::verify(self)
    }

    fn check_tail(&self) -> Result<Option<Break>, LedgerError> {
        SqliteStore::check_tail(self)
    }

    fn set_wait(&mut self, wait: std::time::Duration) -> Result<(), LedgerError> {
        self.conn.busy_timeout(wait).map_err(|e| self.err(e))
    }

    fn seal_at(&self, table: Table, id: i64) -> Result<Option<Vec<u8>>, LedgerError> {
        SqliteStore::seal_at(self, table, id)
    }

    fn tail(&self, table: Table) -> Result<Option<(i64, Vec<u8>)>, LedgerError> {
        SqliteStore::tail(self, table)
    }
}
