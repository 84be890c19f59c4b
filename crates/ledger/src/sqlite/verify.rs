//! `ledger verify` on an open ledger: every seal of both chains and SQLite's integrity check of
//! every page and index; and the open's tail check again, for a view that stays open.

use super::chain;
use super::check::{corrupt, pages};
use super::error::sql_error;
use super::open::SqliteStore;
use crate::error::LedgerError;
use crate::faith::{Break, Table, Verified};

impl SqliteStore {
    /// Every seal of both chains, the guards, and SQLite's full integrity check.
    pub(super) fn verify(&self) -> Result<Verified, LedgerError> {
        let shown = self.path.display().to_string();
        let damage = pages(&self.conn, "integrity_check", &shown)?;
        let (chain, rows) = match chain::walk(&self.conn) {
            Ok((b, rows)) => (b, rows),
            Err(e) if corrupt(&e) => (None, 0),
            Err(e) => return Err(sql_error(&shown, e)),
        };
        Ok(Verified {
            rows,
            chain,
            damage,
        })
    }

    pub(super) fn seal_at(&self, table: Table, id: i64) -> Result<Option<Vec<u8>>, LedgerError> {
        chain::seal_at(&self.conn, table, id).map_err(|e| self.err(e))
    }

    pub(super) fn tail(&self, table: Table) -> Result<Option<(i64, Vec<u8>)>, LedgerError> {
        chain::tail(&self.conn, table).map_err(|e| self.err(e))
    }

    /// The open's check of the chains' tails again: for a view that stays open while rows
    /// arrive.
    pub(super) fn check_tail(&self) -> Result<Option<Break>, LedgerError> {
        chain::check_tail(&self.conn).map_err(|e| self.err(e))
    }
}
