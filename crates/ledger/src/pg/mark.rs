//! How far a read of a server ledger saw, in a form a later process can read on from: the
//! pairs kept between reads ([`crate::kept_pairs`]) ask which keys changed since.
//!
//! A transaction snapshot tells what came since only while the transaction ids it names mean
//! the same transactions. They never go back while a server runs; a restore or a failover
//! starts another run. So the mark is the snapshot with the run it was taken in (the server's
//! start time), the database, the history table and the schema, and anything else reads
//! everything.
//!
//! What changed is asked of `current_state` itself, not of the history's transaction ids:
//! every change to a pair's state in force updates its row there in the changing transaction
//! (a write through `keep_current`, an owner's repair of a history row through
//! `copy_current`, which stamps no history row), so a row whose version the snapshot could
//! not see is a pair to read again. A row's version names its transaction by 32 bits
//! (`xmin`); `age` says how many transactions before this one's it was, and this one's own id
//! is asked first, so that both count from the same place.

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
                   (SELECT oid FROM pg_database WHERE datname = current_database())::bigint,
                   (SELECT version FROM dutymatrix.schema_version)::bigint",
                &[],
            )
            .map_err(|e| self.err(&e))?;
        // In microseconds since 1970, as no session's time zone or date style words it.
        let [started, database, version]: [i64; 3] = [
            row.try_get(0).map_err(|e| self.err(&e))?,
            row.try_get(1).map_err(|e| self.err(&e))?,
            row.try_get(2).map_err(|e| self.err(&e))?,
        ];
        Ok(Some(
            format!("{started}\n{database}\n{table}\n{version}\n{snapshot}").into_bytes(),
        ))
    }

    /// The keys of the pairs whose state in force changed in a transaction the mark's
    /// snapshot could not see; None when the mark is another run's, database's, table's or
    /// schema's, or older than the 2^31 transactions a row's 32 bits tell apart.
    pub(super) fn keys_since_mark(&self, mark: &[u8]) -> Result<Option<Vec<i64>>, LedgerError> {
        let Ok(mark) = std::str::from_utf8(mark) else {
            return Ok(None);
        };
        let mut parts = mark.splitn(5, '\n');
        let mut number = || parts.next().and_then(|n| n.parse::<i64>().ok());
        let (Some(started), Some(database), Some(table), Some(version)) =
            (number(), number(), number(), number())
        else {
            return Ok(None);
        };
        let Some(snapshot) = parts.next() else {
            return Ok(None);
        };
        let mut c = self.client()?;
        let mut t = c.transaction().map_err(|e| self.err(&e))?;
        let me: i64 = (t.query_one("SELECT pg_current_xact_id()::text::bigint", &[]))
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(&e))?;
        let row = t
            .query_one(
                "WITH s AS (SELECT $1::text::pg_snapshot AS seen, pg_current_snapshot() AS now),
                      t AS (SELECT seen, now, pg_snapshot_xmin(seen)::text::bigint AS low
                            FROM s)
                 SELECT (extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint = $2
                          AND (SELECT oid FROM pg_database
                               WHERE datname = current_database())::bigint = $3
                          AND 'dutymatrix.history'::regclass::oid::bigint = $4
                          AND (SELECT version FROM dutymatrix.schema_version)::bigint = $5
                          AND pg_snapshot_xmax(t.now) >= pg_snapshot_xmax(t.seen)
                          AND $6 - t.low < 2147483647,
                   ARRAY(SELECT DISTINCT c.task_key FROM current_state c
                         WHERE $6 - age(c.xmin) >= t.low
                           AND NOT pg_visible_in_snapshot(($6 - age(c.xmin))::text::xid8, t.seen)
                         ORDER BY 1)
                 FROM t",
                &[&snapshot, &started, &database, &table, &version, &me],
            )
            .map_err(|e| self.err(&e))?;
        let same: bool = row.try_get(0).map_err(|e| self.err(&e))?;
        let keys: Vec<i64> = row.try_get(1).map_err(|e| self.err(&e))?;
        t.commit().map_err(|e| self.err(&e))?;
        Ok(same.then_some(keys))
    }
}
