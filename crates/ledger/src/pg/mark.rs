//! How far a read of a server ledger saw, in a form a later process can read on from: the
//! pairs kept between reads ([`crate::kept_pairs`]) ask which keys were written since.
//!
//! A transaction snapshot tells what came since only while the transaction ids it names mean
//! the same transactions. They never go back while a server runs; a restore or a failover
//! starts another run. So the mark is the snapshot with the run it was taken in (the server's
//! start time), the database and the history table, and a run, database or table other than
//! the mark's reads everything.

use super::PgStore;
use crate::LedgerError;
use crate::store::Seen;

impl PgStore {
    /// The snapshot and history table `seen` names, when it was taken on this store's
    /// connection as it is now: in this run of the server. Asked after [`PgStore::client`],
    /// which makes a lost connection again.
    pub(super) fn own_snapshot<'a>(&self, seen: &'a Seen) -> Option<(&'a String, &'a i64)> {
        match seen {
            Seen::Snapshot {
                snapshot,
                connection,
                table,
            } if *connection == self.connection.get() => Some((snapshot, table)),
            _ => None,
        }
    }

    pub(super) fn mark_of(&self, seen: &Seen) -> Result<Option<Vec<u8>>, LedgerError> {
        let mut c = self.client()?;
        let Some((snapshot, table)) = self.own_snapshot(seen) else {
            return Ok(None);
        };
        let row = c
            .query_one(
                "SELECT (extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint,
                   (SELECT oid FROM pg_database WHERE datname = current_database())::bigint",
                &[],
            )
            .map_err(|e| self.err(&e))?;
        let started: i64 = row.try_get(0).map_err(|e| self.err(&e))?;
        let database: i64 = row.try_get(1).map_err(|e| self.err(&e))?;
        Ok(Some(
            format!("{started}\n{database}\n{table}\n{snapshot}").into_bytes(),
        ))
    }

    /// The keys of the rows the mark's snapshot could not see and this statement can, as
    /// [`PgStore::documents_since`] finds them (`history_by_txid`).
    pub(super) fn keys_since_mark(&self, mark: &[u8]) -> Result<Option<Vec<i64>>, LedgerError> {
        let Ok(mark) = std::str::from_utf8(mark) else {
            return Ok(None);
        };
        let mut parts = mark.splitn(4, '\n');
        let (Some(started), Some(database), Some(table), Some(snapshot)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Ok(None);
        };
        let (Ok(started), Ok(database), Ok(table)) = (
            started.parse::<i64>(),
            database.parse::<i64>(),
            table.parse::<i64>(),
        ) else {
            return Ok(None);
        };
        let mut c = self.client()?;
        let row = c
            .query_one(
                "WITH s AS (SELECT $1::text::pg_snapshot AS seen, pg_current_snapshot() AS now)
                 SELECT (extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint = $2
                          AND (SELECT oid FROM pg_database
                               WHERE datname = current_database())::bigint = $3
                          AND 'dutymatrix.history'::regclass::oid::bigint = $4
                          AND pg_snapshot_xmax(s.now) >= pg_snapshot_xmax(s.seen),
                   ARRAY(SELECT DISTINCT h.task_key FROM history h
                         WHERE h.txid >= pg_snapshot_xmin(s.seen)
                           AND h.txid < pg_snapshot_xmax(s.now)
                           AND NOT pg_visible_in_snapshot(h.txid, s.seen)
                         ORDER BY 1)
                 FROM s",
                &[&snapshot, &started, &database, &table],
            )
            .map_err(|e| self.err(&e))?;
        let same: bool = row.try_get(0).map_err(|e| self.err(&e))?;
        let keys: Vec<i64> = row.try_get(1).map_err(|e| self.err(&e))?;
        Ok(same.then_some(keys))
    }
}
