//! A whole read of the pairs in force on two connections at once: on a big ledger the read of
//! the pairs is what a report waits for once its documents are loaded, on one core while the
//! other has nothing left to do. Each connection reads half the keys in a read transaction of
//! its own; both must see the same newest history row (a writer takes the write lock, then the
//! next id, and keeps the state in force in the same transaction: the same newest row is the
//! same state), else this connection reads every pair itself.

use super::open::SqliteStore;
use crate::error::LedgerError;
use crate::store::Current;
use std::sync::mpsc;

/// Keys from which a second connection is worth opening: two parts' worth of pairs at least.
const SHARED_FROM_KEYS: i64 = 2 * super::read::PART as i64;

impl SqliteStore {
    /// [`SqliteStore::current_in_parts`], on two connections at once when the ledger is big
    /// and a second connection on the same file can be had; the parts come in any order.
    pub(super) fn current_in_halves(
        &self,
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        let keys: i64 = (self.conn)
            .query_row("SELECT coalesce(max(id), 0) FROM task_keys", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        // Inside a transaction already (none of this store's own reads is), one read in it.
        if keys < SHARED_FROM_KEYS || !self.conn.is_autocommit() {
            return self.current_in_parts(each);
        }
        match self.reader() {
            Ok(Some(beside)) => self.halves(beside, || {}, each),
            _ => self.current_in_parts(each),
        }
    }

    /// The even keys' pairs here, the odd keys' on `beside`, its transaction begun after
    /// `between` (a test writes there) and this one's before.
    pub(super) fn halves(
        &self,
        beside: SqliteStore,
        between: impl FnOnce(),
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        let read = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let newest = self.newest_row()?;
        between();
        std::thread::scope(|s| {
            let (send, parts) = mpsc::channel();
            let (tell, told) = mpsc::channel();
            let other = s.spawn(move || {
                let read = beside
                    .conn
                    .unchecked_transaction()
                    .map_err(|e| beside.err(e))?;
                let newest = beside.newest_row()?;
                if tell.send(newest).is_ok() {
                    beside.current_in_parts_of(Some(1), &mut |part| send.send(part).is_ok())?;
                }
                drop(read);
                Ok::<(), LedgerError>(())
            });
            if told.recv().ok() != Some(newest) {
                // A write between the two beginnings (or no word): every pair read here, in
                // this transaction; the other stops at its next part.
                drop(parts);
                // Its error, if any, does not matter: nothing it read is used.
                if let Err(panic) = other.join() {
                    std::panic::resume_unwind(panic);
                }
                return self.current_in_parts_of(None, each);
            }
            let mut wanted = true;
            self.current_in_parts_of(Some(0), &mut |part| {
                wanted = each(part);
                while wanted && let Ok(theirs) = parts.try_recv() {
                    wanted = each(theirs);
                }
                wanted
            })?;
            while wanted && let Ok(theirs) = parts.recv() {
                wanted = each(theirs);
            }
            drop(parts);
            (other.join()).unwrap_or_else(|p| std::panic::resume_unwind(p))
        })?;
        drop(read);
        Ok(())
    }
}
