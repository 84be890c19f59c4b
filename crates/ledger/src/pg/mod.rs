//! The PostgreSQL store: one database shared by every city's servers, where the server keeps
//! the rules (see `migrations/postgres/`): the writer is the session user, the time the
//! server's, row-level security decides who may insert what, and nobody but the owner may
//! change a row. The program's own checks stay, for clear messages.
//!
//! One connection per store (the synchronous `postgres` client). A connection found closed is
//! made again on the next call; a write whose commit could not be confirmed is looked up by its
//! idempotency key, and retried with the same key, so it is never recorded twice.

mod connect;
mod error;
mod import;
mod listen;
pub mod location;
mod mark;
mod publish;
mod read;
mod schema;
pub mod tls;
mod tls_io;
mod write;

pub use location::is_server;
pub use schema::SCHEMA_VERSION;

use crate::error::LedgerError;
use crate::faith::{Break, Table, Verified};
use crate::sqlite::OpenMode;
use crate::store::{
    Change, ChangeMark, Current, Identity, Member, MemberChange, NewChange, Seen, Store, TaskKey,
    TaskRef,
};
use connect::Server;
use error::pg_error;
use postgres::Client;
use std::cell::{Cell, RefCell, RefMut};
use std::time::Duration;

pub struct PgStore {
    client: RefCell<Client>,
    server: Server,
    /// The URL without its password, for messages.
    shown: String,
    /// The session user: the writer of every row this store writes.
    login: String,
    read_only: bool,
    own_changes: Cell<u64>,
    /// Which of this process's connections the store uses ([`next_connection`]): a snapshot
    /// seen on another one, this store's earlier one or another store's, may be another
    /// server's (a failover, a restore), whose transaction ids mean something else.
    connection: Cell<u64>,
    /// A write whose outcome is unknown (the connection failed during it): what was asked and
    /// its key, so that asking again cannot record it twice.
    pending: Option<(String, String)>,
    /// The listener of an open dashboard (see `listen`).
    watch: Option<listen::Watch>,
}

/// What opening found.
pub struct Opened {
    pub store: PgStore,
    pub created: bool,
    /// The schema version this call upgraded the ledger from.
    pub upgraded_from: Option<i64>,
}

/// A connection to the server, its search path set to the ledger's schema.
fn connect(server: &Server) -> Result<Client, LedgerError> {
    let mut client = server.connect()?;
    client
        // No JIT: the ledger's reads are index lookups by the hundred thousand, whose cost
        // estimate sets off compiling that takes longer (0.1 s) than it saves.
        .batch_execute("SET search_path = dutymatrix, pg_catalog; SET jit = off")
        .map_err(|e| pg_error(&server.shown, &e))?;
    Ok(client)
}

/// A number for each connection this process makes, never given twice.
fn next_connection() -> u64 {
    static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
}

impl PgStore {
    /// Opens the ledger at `url`. `Ok(None)`: the database holds no ledger and `mode` does not
    /// create one. Creating or upgrading needs the database owner's rights.
    pub fn open(url: &str, mode: OpenMode) -> Result<Option<Opened>, LedgerError> {
        let server = Server::of(url)?;
        let shown = server.shown.clone();
        let mut client = connect(&server)?;
        let version = schema::version(&mut client, &shown)?;
        let found = match version {
            None if mode != OpenMode::Create => return Ok(None),
            Some(found) if found > SCHEMA_VERSION => {
                return Err(LedgerError::TooNew {
                    path: shown,
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            Some(found) if found == SCHEMA_VERSION => found,
            // Upgrading is the owner's (the server refuses anyone else's ALTER): said as such,
            // not as the server's refusal halfway through.
            Some(found)
                if mode == OpenMode::ReadOnly || !schema::is_owner(&mut client, &shown)? =>
            {
                return Err(LedgerError::NeedsOwnerUpgrade {
                    path: shown,
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            // What the migration found under its lock: another owner's open may have run it.
            _ => schema::migrate(&mut client, &shown)?,
        };
        let login: String = client
            .query_one("SELECT session_user::text", &[])
            .and_then(|r| r.try_get(0))
            .map_err(|e| pg_error(&shown, &e))?;
        Ok(Some(Opened {
            store: PgStore {
                client: RefCell::new(client),
                server,
                shown,
                login,
                read_only: mode == OpenMode::ReadOnly,
                own_changes: Cell::new(0),
                connection: Cell::new(next_connection()),
                pending: None,
                watch: None,
            },
            created: found == 0,
            upgraded_from: (found > 0 && found < SCHEMA_VERSION).then_some(found),
        }))
    }

    /// The connection, made again first when the last one was lost.
    fn client(&self) -> Result<RefMut<'_, Client>, LedgerError> {
        let mut c = self.client.borrow_mut();
        if c.is_closed() {
            *c = connect(&self.server)?;
            self.connection.set(next_connection());
        }
        Ok(c)
    }

    fn err(&self, e: &postgres::Error) -> LedgerError {
        pg_error(&self.shown, e)
    }

    /// The URL without its password.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

impl Store for PgStore {
    fn read_only(&self) -> bool {
        self.read_only
    }

    fn reader(&self) -> Result<Option<Box<dyn Store + Send>>, LedgerError> {
        Ok(Some(Box::new(PgStore {
            client: RefCell::new(connect(&self.server)?),
            server: self.server.clone(),
            shown: self.shown.clone(),
            login: self.login.clone(),
            read_only: true,
            own_changes: Cell::new(0),
            connection: Cell::new(next_connection()),
            pending: None,
            watch: None,
        })))
    }

    fn login(&self) -> Option<String> {
        Some(self.login.clone())
    }

    fn task_keys(&self) -> Result<Vec<TaskKey>, LedgerError> {
        PgStore::task_keys(self)
    }

    fn task_keys_of(&self, document: &str) -> Result<Vec<TaskKey>, LedgerError> {
        PgStore::task_keys_of(self, document)
    }

    fn task_keys_after(&self, id: i64) -> Result<Vec<TaskKey>, LedgerError> {
        PgStore::task_keys_after(self, id)
    }

    fn count_keys_upto(&self, id: i64) -> Result<i64, LedgerError> {
        PgStore::count_keys_upto(self, id)
    }

    fn current(&self, unit: Option<&str>) -> Result<Vec<Current>, LedgerError> {
        PgStore::current(self, unit)
    }

    fn current_in_parts(
        &self,
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        PgStore::current_in_parts(self, each)
    }

    fn current_of_keys(&self, keys: &[i64]) -> Result<Vec<Current>, LedgerError> {
        PgStore::current_of_keys(self, keys)
    }

    fn seen(&self) -> Result<Seen, LedgerError> {
        PgStore::seen(self)
    }

    fn documents_since(&self, seen: &Seen) -> Result<Option<Vec<String>>, LedgerError> {
        match seen {
            Seen::Snapshot { .. } => PgStore::documents_since(self, seen),
            Seen::Row(_) => Ok(None),
        }
    }

    fn mark_of(&self, seen: &Seen) -> Result<Option<Vec<u8>>, LedgerError> {
        PgStore::mark_of(self, seen)
    }

    fn keys_since_mark(&self, mark: &[u8]) -> Result<Option<Vec<i64>>, LedgerError> {
        PgStore::keys_since_mark(self, mark)
    }

    fn history(&self, keys: &[i64]) -> Result<Vec<Change>, LedgerError> {
        PgStore::history(self, keys)
    }

    fn record(
        &mut self,
        _who: &Identity,
        task: &TaskRef,
        change: &NewChange,
    ) -> Result<Change, LedgerError> {
        PgStore::record(self, task, change)
    }

    fn undo(
        &mut self,
        _who: &Identity,
        keys: &[i64],
        unit: &str,
        expect: Option<i64>,
    ) -> Result<Change, LedgerError> {
        PgStore::undo(self, keys, unit, expect)
    }

    fn members(&self) -> Result<Vec<Member>, LedgerError> {
        PgStore::members(self)
    }

    fn change_member(&mut self, _who: &Identity, change: &MemberChange) -> Result<(), LedgerError> {
        PgStore::change_member(self, change)
    }

    fn row_count(&self) -> Result<i64, LedgerError> {
        let mut c = self.client()?;
        c.query_one("SELECT count(*) FROM history", &[])
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(&e))
    }

    fn change_mark(&self) -> Result<ChangeMark, LedgerError> {
        match &self.watch {
            // What the listener heard: in memory, no query.
            Some(w) => Ok(ChangeMark {
                data_version: i64::try_from(w.heard()).unwrap_or(i64::MAX),
                own_changes: self.own_changes.get(),
            }),
            None => PgStore::change_mark(self),
        }
    }

    fn import(&mut self, file: &std::path::Path) -> Result<crate::store::Imported, LedgerError> {
        PgStore::import(self, file)
    }

    fn published(&self) -> Result<Vec<crate::store::Published>, LedgerError> {
        PgStore::published(self)
    }

    fn document(&self, hash: &str) -> Result<Vec<u8>, LedgerError> {
        PgStore::document(self, hash)
    }

    fn publish(
        &mut self,
        name: &str,
        bytes: &[u8],
    ) -> Result<crate::store::Published, LedgerError> {
        PgStore::publish(self, name, bytes)
    }

    fn withdraw(&mut self, which: &str) -> Result<crate::store::Published, LedgerError> {
        PgStore::withdraw(self, which)
    }

    fn watch(&mut self) -> bool {
        if self.watch.is_none() {
            self.watch = Some(listen::Watch::start(self.server.clone()));
        }
        true
    }

    fn listening(&self) -> Option<bool> {
        self.watch.as_ref().map(listen::Watch::up)
    }

    fn verify(&self) -> Result<Verified, LedgerError> {
        PgStore::verify(self)
    }

    /// The server keeps the rows; there is no chain to check.
    fn check_tail(&self) -> Result<Option<Break>, LedgerError> {
        Ok(None)
    }

    fn set_wait(&mut self, wait: Duration) -> Result<(), LedgerError> {
        let ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
        let mut c = self.client()?;
        c.batch_execute(&format!("SET lock_timeout = {ms}"))
            .map_err(|e| self.err(&e))
    }

    fn lineage(&self) -> Result<Option<(i64, Vec<u8>)>, LedgerError> {
        PgStore::lineage(self).map(Some)
    }

    fn same_lineage(&self, lineage: &(i64, Vec<u8>)) -> Result<bool, LedgerError> {
        Ok(PgStore::lineage(self)? == *lineage)
    }

    fn seal_at(&self, _table: Table, _id: i64) -> Result<Option<Vec<u8>>, LedgerError> {
        Ok(None)
    }

    fn tail(&self, _table: Table) -> Result<Option<(i64, Vec<u8>)>, LedgerError> {
        Ok(None)
    }
}
