//! Reading the server ledger: task keys, the state in force per (task key, unit), a task's
//! history, the members, the change mark and the server's own rules (for `ledger verify`).

use super::PgStore;
use crate::error::LedgerError;
use crate::faith::{Break, Verified};
use crate::light::Status;
use crate::store::{Change, ChangeMark, Current, Member, Seen, TaskKey, fold_members};

/// A history row with whether a later undo cancelled it.
pub(super) const SELECT_CHANGE: &str = "SELECT h.id, h.task_key, h.unit, h.status, h.note, \
     h.note_date, h.who, h.at, h.undoes, \
     EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id) FROM history h";

pub(super) fn change_row(r: &postgres::Row) -> Result<Change, postgres::Error> {
    let status: Option<String> = r.try_get(3)?;
    Ok(Change {
        id: r.try_get(0)?,
        key: r.try_get(1)?,
        unit: r.try_get::<_, &str>(2)?.into(),
        status: status.as_deref().and_then(Status::from_code),
        note: r.try_get(4)?,
        note_date: r.try_get(5)?,
        who: r.try_get::<_, &str>(6)?.into(),
        // A server's writer is a role, not a uid of this machine.
        uid: 0,
        at: r.try_get(7)?,
        undoes: r.try_get(8)?,
        undone: r.try_get(9)?,
    })
}

impl PgStore {
    pub(super) fn task_keys(&self) -> Result<Vec<TaskKey>, LedgerError> {
        self.keys_where(None, 0)
    }

    pub(super) fn task_keys_of(&self, document: &str) -> Result<Vec<TaskKey>, LedgerError> {
        self.keys_where(Some(document), 0)
    }

    pub(super) fn task_keys_after(&self, id: i64) -> Result<Vec<TaskKey>, LedgerError> {
        self.keys_where(None, id)
    }

    pub(super) fn count_keys_upto(&self, id: i64) -> Result<i64, LedgerError> {
        let mut c = self.client()?;
        let row = c
            .query_one("SELECT count(*) FROM task_keys WHERE id <= $1", &[&id])
            .map_err(|e| self.err(&e))?;
        row.try_get(0).map_err(|e| self.err(&e))
    }

    /// The task keys' table and the database it is in: a server's history has no seals, and
    /// a ledger restored or made anew has a table of its own (writers may only add keys).
    pub(super) fn lineage(&self) -> Result<(i64, Vec<u8>), LedgerError> {
        let mut c = self.client()?;
        let row = c
            .query_one(
                "SELECT 'dutymatrix.task_keys'::regclass::oid::bigint, current_database()",
                &[],
            )
            .map_err(|e| self.err(&e))?;
        let table: i64 = row.try_get(0).map_err(|e| self.err(&e))?;
        let database: String = row.try_get(1).map_err(|e| self.err(&e))?;
        Ok((table, database.into_bytes()))
    }

    /// The keys of `document` (or of every one) after `after`: key ids start at 1.
    fn keys_where(&self, document: Option<&str>, after: i64) -> Result<Vec<TaskKey>, LedgerError> {
        let mut c = self.client()?;
        let rows = c
            .query(
                "SELECT id, document, task_id, number, fingerprint, title FROM task_keys
                 WHERE ($1::text IS NULL OR document = $1) AND id > $2 ORDER BY id",
                &[&document, &after],
            )
            .map_err(|e| self.err(&e))?;
        rows.iter()
            .map(|r| {
                Ok(TaskKey {
                    id: r.try_get(0)?,
                    document: r.try_get(1)?,
                    task_id: r.try_get(2)?,
                    number: r.try_get(3)?,
                    fingerprint: r.try_get(4)?,
                    title: r.try_get(5)?,
                })
            })
            .collect::<Result<_, postgres::Error>>()
            .map_err(|e| self.err(&e))
    }

    pub(super) fn current(&self, unit: Option<&str>) -> Result<Vec<Current>, LedgerError> {
        // One statement over the state the server keeps per pair (`keep_current`), joined to
        // the rows in force: as many rows read as there are pairs, not as the history is long.
        let mut c = self.client()?;
        c.query(&current_sql("$1::text IS NULL OR c.unit = $1"), &[&unit])
            .map_err(|e| self.err(&e))?
            .iter()
            .map(current_row)
            .collect::<Result<_, postgres::Error>>()
            .map_err(|e| self.err(&e))
    }

    /// Every pair in force, in parts of [`PART`] as the server sends them. In no order: the
    /// pairs go into a map, and the server's sort of every pair with its notes (spilled to disk
    /// past `work_mem`) took longer than reading them (150 of 190 ms at 100,000 pairs).
    pub(super) fn current_in_parts(
        &self,
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut c = self.client()?;
        let none: [&(dyn postgres::types::ToSql + Sync); 0] = [];
        let mut rows = (c.query_raw(CURRENT_SELECT, none)).map_err(|e| self.err(&e))?;
        let mut part = Vec::with_capacity(PART);
        while let Some(r) = rows.next().map_err(|e| self.err(&e))? {
            part.push(current_row(&r).map_err(|e| self.err(&e))?);
            if part.len() == PART && !each(std::mem::replace(&mut part, Vec::with_capacity(PART))) {
                return Ok(());
            }
        }
        each(part);
        Ok(())
    }

    /// [`Self::current`] of the pairs of these keys only (the primary key's first column).
    pub(super) fn current_of_keys(&self, keys: &[i64]) -> Result<Vec<Current>, LedgerError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = self.client()?;
        c.query(&current_sql("c.task_key = ANY($1)"), &[&keys])
            .map_err(|e| self.err(&e))?
            .iter()
            .map(current_row)
            .collect::<Result<_, postgres::Error>>()
            .map_err(|e| self.err(&e))
    }

    pub(super) fn seen(&self) -> Result<Seen, LedgerError> {
        let mut c = self.client()?;
        let row = c
            .query_one(
                "SELECT pg_current_snapshot()::text, 'dutymatrix.history'::regclass::oid::bigint",
                &[],
            )
            .map_err(|e| self.err(&e))?;
        Ok(Seen::Snapshot {
            snapshot: row.try_get(0).map_err(|e| self.err(&e))?,
            connection: self.connection.get(),
            table: row.try_get(1).map_err(|e| self.err(&e))?,
        })
    }

    /// The rows `seen` could not see and this statement can: committed since. Only rows of
    /// transactions from its oldest one still running on are looked at (`history_by_txid`),
    /// and none from past this statement's own (a restored row's id from another server).
    /// None when `seen` may have been another server's or another table's: it was taken on
    /// another connection, the history table is not the one it read, or the transaction ids
    /// went back.
    pub(super) fn documents_since(&self, seen: &Seen) -> Result<Option<Vec<String>>, LedgerError> {
        let mut c = self.client()?;
        let Some((snapshot, table)) = self.own_snapshot(seen) else {
            return Ok(None);
        };
        let row = c
            .query_one(
                "WITH s AS (SELECT $1::text::pg_snapshot AS seen, pg_current_snapshot() AS now)
                 SELECT 'dutymatrix.history'::regclass::oid::bigint <> $2
                          OR pg_snapshot_xmax(s.now) < pg_snapshot_xmax(s.seen),
                   ARRAY(SELECT DISTINCT k.document FROM history h
                         JOIN task_keys k ON k.id = h.task_key
                         WHERE h.txid >= pg_snapshot_xmin(s.seen)
                           AND h.txid < pg_snapshot_xmax(s.now)
                           AND NOT pg_visible_in_snapshot(h.txid, s.seen)
                         ORDER BY 1)
                 FROM s",
                &[snapshot, table],
            )
            .map_err(|e| self.err(&e))?;
        let elsewhere: bool = row.try_get(0).map_err(|e| self.err(&e))?;
        let documents: Vec<String> = row.try_get(1).map_err(|e| self.err(&e))?;
        Ok((!elsewhere).then_some(documents))
    }

    pub(super) fn history(&self, keys: &[i64]) -> Result<Vec<Change>, LedgerError> {
        let mut c = self.client()?;
        c.query(
            &format!("{SELECT_CHANGE} WHERE h.task_key = ANY($1) ORDER BY h.id"),
            &[&keys],
        )
        .map_err(|e| self.err(&e))?
        .iter()
        .map(change_row)
        .collect::<Result<_, _>>()
        .map_err(|e| self.err(&e))
    }

    pub(super) fn members(&self) -> Result<Vec<Member>, LedgerError> {
        let mut c = self.client()?;
        members_of(&mut *c).map_err(|e| self.err(&e))
    }

    pub(super) fn change_mark(&self) -> Result<ChangeMark, LedgerError> {
        // Ids are never given twice: their sum moves whenever anyone inserts a row.
        let mut c = self.client()?;
        let data_version: i64 = c
            .query_one(
                "SELECT (SELECT last_value FROM history_id_seq)
                      + (SELECT last_value FROM member_events_id_seq)
                      + (SELECT last_value FROM task_keys_id_seq)",
                &[],
            )
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(&e))?;
        Ok(ChangeMark {
            data_version,
            own_changes: self.own_changes.get(),
        })
    }

    /// Rows counted, and the server's rules checked to be in place: row-level security on each
    /// table, the writer's stamp, and no UPDATE or DELETE privilege for anyone but the owner;
    /// then the state kept per pair checked against the whole history.
    pub(super) fn verify(&self) -> Result<Verified, LedgerError> {
        let mut c = self.client()?;
        let rows: i64 = c
            .query_one(
                "SELECT (SELECT count(*) FROM history) + (SELECT count(*) FROM member_events)",
                &[],
            )
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(&e))?;
        let missing: Option<String> = c
            .query_one(
                "SELECT coalesce(
                   (SELECT 'row-level security on ' || t FROM unnest(
                       ARRAY['task_keys', 'history', 'member_events']) t
                    WHERE NOT (SELECT relrowsecurity FROM pg_class
                               WHERE oid = ('dutymatrix.' || t)::regclass) LIMIT 1),
                   (SELECT 'the trigger ' || t FROM unnest(
                       ARRAY['history_stamp', 'history_stamp_txid', 'member_events_stamp',
                             'history_keeps_current', 'history_keeps_current_copies',
                             'history_repaired_copies']) t
                    WHERE NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = t AND tgenabled = 'O')
                    LIMIT 1),
                   (SELECT 'UPDATE or DELETE granted on ' || c.relname FROM pg_class c
                    CROSS JOIN LATERAL aclexplode(c.relacl) a
                    WHERE c.relnamespace = 'dutymatrix'::regnamespace
                      AND a.grantee <> c.relowner
                      AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') LIMIT 1))",
                &[],
            )
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(&e))?;
        // The state the server keeps per pair, against the history worked out again in full.
        let astray: Option<(i64, String)> = c
            .query_opt(
                // Grouped, not a look-up per pair: per pair, the scan of every live row
                // made this quadratic (a 1,000,000-row ledger did not finish in 12 minutes).
                "WITH every AS (
                    SELECT task_key, unit, max(id) AS last_row FROM history
                    GROUP BY task_key, unit),
                 live AS (
                    SELECT h.task_key, h.unit,
                           max(h.id) FILTER (WHERE h.status IS NOT NULL) AS status_id,
                           max(h.id) FILTER (WHERE h.note IS NOT NULL) AS note_id
                    FROM history h
                    WHERE h.undoes IS NULL
                      AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id)
                    GROUP BY h.task_key, h.unit),
                 want AS (
                    SELECT e.task_key, e.unit, e.last_row, l.status_id, l.note_id
                    FROM every e LEFT JOIN live l USING (task_key, unit))
                 SELECT task_key, unit FROM want w FULL JOIN current_state c USING (task_key, unit)
                 WHERE w.last_row IS DISTINCT FROM c.last_row
                    OR w.status_id IS DISTINCT FROM c.status_id
                    OR w.note_id IS DISTINCT FROM c.note_id
                 ORDER BY unit, task_key LIMIT 1",
                &[],
            )
            .and_then(|r| r.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose())
            .map_err(|e| self.err(&e))?;
        // And the columns copied beside the ids, against the rows they name.
        let miscopied: Option<(i64, String)> = c
            .query_opt(
                "SELECT c.task_key, c.unit FROM current_state c
                 LEFT JOIN history s ON s.id = c.status_id
                 LEFT JOIN history n ON n.id = c.note_id
                 WHERE (c.s_status, c.s_note, c.s_note_date, c.s_who, c.s_at)
                       IS DISTINCT FROM (s.status, s.note, s.note_date, s.who, s.at)
                    OR (c.n_status, c.n_note, c.n_note_date, c.n_who, c.n_at)
                       IS DISTINCT FROM (n.status, n.note, n.note_date, n.who, n.at)
                 ORDER BY c.unit, c.task_key LIMIT 1",
                &[],
            )
            .and_then(|r| r.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose())
            .map_err(|e| self.err(&e))?;
        let chain = match missing {
            Some(name) => Some(Break::Trigger { name }),
            None => (astray.or(miscopied)).map(|(key, unit)| Break::InForce { key, unit }),
        };
        Ok(Verified {
            rows: u64::try_from(rows).unwrap_or(0),
            chain,
            damage: None,
        })
    }
}

/// The members log folded to who holds what now.
pub(super) fn members_of(
    c: &mut impl postgres::GenericClient,
) -> Result<Vec<Member>, postgres::Error> {
    let rows = c.query(
        "SELECT login, unit, supervisor, granted FROM member_events ORDER BY id",
        &[],
    )?;
    let rows = rows
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect::<Result<Vec<_>, postgres::Error>>()?;
    Ok(fold_members(rows))
}

/// The columns of the state in force: the pair, then each row in force's id and copies.
const CURRENT_SELECT: &str = "SELECT c.task_key, c.unit, c.last_row,
        c.status_id, c.s_status,
        c.note_id, c.n_status, c.n_note, c.n_note_date, c.n_who, c.n_at
    FROM current_state c";

/// The pairs `filter` takes (a condition on `current_state c`), each with its status in force
/// and the shown columns of its note row, as the trigger copies them there (schema 2): one
/// table read.
fn current_sql(filter: &str) -> String {
    format!("{CURRENT_SELECT} WHERE {filter} ORDER BY c.unit, c.task_key")
}

/// Pairs handed on at a time by [`PgStore::current_in_parts`].
const PART: usize = 4096;

/// A row of [`current_sql`]. A row in force was cancelled by no undo and is none.
fn current_row(r: &postgres::Row) -> Result<Current, postgres::Error> {
    let key: i64 = r.try_get(0)?;
    let unit: std::sync::Arc<str> = r.try_get::<_, &str>(1)?.into();
    let change = |at: usize| -> Result<Option<Change>, postgres::Error> {
        // No copy where an id is (a row in force removed by hand, its copies gone with it):
        // nothing shown for it, and `ledger verify` names the pair, rather than every read
        // of the ledger failing.
        let (Some(id), Some(who), Some(when)) = (
            r.try_get::<_, Option<i64>>(at)?,
            r.try_get::<_, Option<&str>>(at + 4)?,
            r.try_get(at + 5)?,
        ) else {
            return Ok(None);
        };
        let status: Option<&str> = r.try_get(at + 1)?;
        Ok(Some(Change {
            id,
            key,
            unit: std::sync::Arc::clone(&unit),
            status: status.and_then(Status::from_code),
            note: r.try_get(at + 2)?,
            note_date: r.try_get(at + 3)?,
            who: who.into(),
            uid: 0,
            at: when,
            undoes: None,
            undone: false,
        }))
    };
    let status_row: Option<i64> = r.try_get(3)?;
    let status = match status_row {
        Some(_) => (r.try_get::<_, Option<&str>>(4)?).and_then(Status::from_code),
        None => None,
    };
    let note = change(5)?.map(std::sync::Arc::new);
    Ok(Current {
        key,
        unit,
        last_row: r.try_get(2)?,
        status_row,
        status,
        note,
    })
}
