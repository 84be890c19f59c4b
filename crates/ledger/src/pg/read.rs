//! Reading the server ledger: task keys, the state in force per (task key, unit), a task's
//! history, the members, the change mark and the server's own rules (for `ledger verify`).

use super::PgStore;
use crate::error::LedgerError;
use crate::faith::{Break, Verified};
use crate::light::Status;
use crate::store::{Change, ChangeMark, Current, Member, TaskKey, fold_members};
use std::collections::HashMap;

/// A history row with whether a later undo cancelled it.
pub(super) const SELECT_CHANGE: &str = "SELECT h.id, h.task_key, h.unit, h.status, h.note, \
     h.note_date, h.who, h.at, h.undoes, \
     EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id) FROM history h";

pub(super) fn change_row(r: &postgres::Row) -> Result<Change, postgres::Error> {
    let status: Option<String> = r.try_get(3)?;
    Ok(Change {
        id: r.try_get(0)?,
        key: r.try_get(1)?,
        unit: r.try_get(2)?,
        status: status.as_deref().and_then(Status::from_code),
        note: r.try_get(4)?,
        note_date: r.try_get(5)?,
        who: r.try_get(6)?,
        // A server's writer is a role, not a uid of this machine.
        uid: 0,
        at: r.try_get(7)?,
        undoes: r.try_get(8)?,
        undone: r.try_get(9)?,
    })
}

impl PgStore {
    pub(super) fn task_keys(&self) -> Result<Vec<TaskKey>, LedgerError> {
        let mut c = self.client()?;
        let rows = c
            .query(
                "SELECT id, document, task_id, number, fingerprint, title FROM task_keys ORDER BY id",
                &[],
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
        // Per pair: its newest row, and the newest status row and note row no undo cancelled.
        let mut c = self.client()?;
        let pairs = c
            .query(
                "WITH h AS (
                    SELECT h.id, h.task_key, h.unit, h.status IS NOT NULL AS s,
                           h.note IS NOT NULL AS n,
                           h.undoes IS NULL
                             AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id) AS live
                    FROM history h WHERE $1::text IS NULL OR h.unit = $1)
                 SELECT task_key, unit, max(id),
                        max(id) FILTER (WHERE s AND live), max(id) FILTER (WHERE n AND live)
                 FROM h GROUP BY task_key, unit ORDER BY unit, task_key",
                &[&unit],
            )
            .map_err(|e| self.err(&e))?;
        let mut wanted: Vec<i64> = Vec::new();
        let mut found = Vec::with_capacity(pairs.len());
        for r in &pairs {
            let row: (i64, String, i64, Option<i64>, Option<i64>) = (|| {
                Ok::<_, postgres::Error>((
                    r.try_get(0)?,
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                ))
            })()
            .map_err(|e| self.err(&e))?;
            wanted.extend(row.3.iter().chain(row.4.iter()));
            found.push(row);
        }
        let changes: HashMap<i64, Change> = c
            .query(&format!("{SELECT_CHANGE} WHERE h.id = ANY($1)"), &[&wanted])
            .map_err(|e| self.err(&e))?
            .iter()
            .map(|r| change_row(r).map(|c| (c.id, c)))
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(&e))?;
        Ok(found
            .into_iter()
            .map(|(key, unit, last_row, status, note)| Current {
                key,
                unit,
                status: status.and_then(|id| changes.get(&id).cloned()),
                note: note.and_then(|id| changes.get(&id).cloned()),
                last_row,
            })
            .collect())
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
    /// table, the writer's stamp, and no UPDATE or DELETE privilege for anyone but the owner.
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
                       ARRAY['history_stamp', 'member_events_stamp']) t
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
        Ok(Verified {
            rows: u64::try_from(rows).unwrap_or(0),
            chain: missing.map(|name| Break::Trigger { name }),
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
