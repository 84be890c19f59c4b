//! Reading the ledger: task keys, the state in force per (task key, unit), a task's history,
//! the members, and the change mark. Rows are never rewritten: an undo is a row of its own, and
//! what is in force is worked out here.

use super::open::SqliteStore;
use crate::error::LedgerError;
use crate::light::Status;
use crate::store::{Change, ChangeMark, Current, Member, TaskKey, fold_members};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use std::collections::HashSet;

impl SqliteStore {
    pub(super) fn undone_ids(&self) -> Result<HashSet<i64>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT undoes FROM history WHERE undoes IS NOT NULL")
            .map_err(|e| self.err(e))?;
        let ids = stmt
            .query_map([], |r| r.get::<_, i64>(0))
            .and_then(|rows| rows.collect::<Result<HashSet<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(ids)
    }

    pub(super) fn change_by_id(
        &self,
        id: i64,
        undone: &HashSet<i64>,
    ) -> Result<Change, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_CHANGE} WHERE id = ?1"))
            .map_err(|e| self.err(e))?;
        stmt.query_row([id], |r| change_row(r, undone))
            .map_err(|e| self.err(e))
    }

    /// For one pair: its newest row of any kind, and the newest status row and note row that
    /// no undo cancelled.
    fn in_force(
        &self,
        key: i64,
        unit: &str,
        undone: &HashSet<i64>,
    ) -> Result<InForce, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, status IS NOT NULL, note IS NOT NULL, undoes IS NOT NULL FROM history
                 WHERE task_key = ?1 AND unit = ?2 ORDER BY id DESC",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query(params![key, unit]).map_err(|e| self.err(e))?;
        let (mut last, mut status, mut note) = (None, None, None);
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            let flags: (bool, bool, bool) =
                (|| Ok((r.get(1)?, r.get(2)?, r.get(3)?)))().map_err(|e| self.err(e))?;
            last = last.or(Some(id));
            if flags.2 || undone.contains(&id) {
                continue;
            }
            if flags.0 && status.is_none() {
                status = Some(id);
            }
            if flags.1 && note.is_none() {
                note = Some(id);
            }
            if status.is_some() && note.is_some() {
                break;
            }
        }
        Ok(InForce { last, status, note })
    }

    pub(super) fn task_keys(&self) -> Result<Vec<TaskKey>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, document, task_id, number, fingerprint, title FROM task_keys ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([], |r| {
            Ok(TaskKey {
                id: r.get(0)?,
                document: r.get(1)?,
                task_id: r.get(2)?,
                number: r.get(3)?,
                fingerprint: r.get(4)?,
                title: r.get(5)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.err(e))
    }

    pub(super) fn current(&self, unit: Option<&str>) -> Result<Vec<Current>, LedgerError> {
        // Per pair, walk its rows newest first (an index seek) until the newest status and the
        // newest note still in force are found: usually the first row or two, so the cost
        // grows with the number of pairs, not with the length of the history.
        let pairs: Vec<(i64, String)> = match unit {
            Some(u) => self
                .conn
                .prepare_cached(
                    "SELECT task_key, unit FROM pairs WHERE unit = ?1 ORDER BY task_key",
                )
                .and_then(|mut s| s.query_map([u], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()),
            None => self
                .conn
                .prepare_cached("SELECT task_key, unit FROM pairs ORDER BY unit, task_key")
                .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()),
        }
        .map_err(|e| self.err(e))?;
        let undone = self.undone_ids()?;
        let mut out = Vec::with_capacity(pairs.len());
        for (key, unit) in pairs {
            let InForce {
                last,
                status: status_id,
                note: note_id,
            } = self.in_force(key, &unit, &undone)?;
            let Some(last_row) = last else { continue };
            let status = status_id
                .map(|id| self.change_by_id(id, &undone))
                .transpose()?;
            let note = match note_id {
                Some(id) if Some(id) == status_id => status.clone(),
                Some(id) => Some(self.change_by_id(id, &undone)?),
                None => None,
            };
            out.push(Current {
                key,
                unit,
                status,
                note,
                last_row,
            });
        }
        Ok(out)
    }

    pub(super) fn history(&self, keys: &[i64]) -> Result<Vec<Change>, LedgerError> {
        let undone = self.undone_ids()?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_CHANGE} WHERE task_key = ?1 ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for key in keys {
            let rows = stmt
                .query_map([key], |r| change_row(r, &undone))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|e| self.err(e))?;
            out.extend(rows);
        }
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    pub(super) fn members(&self) -> Result<Vec<Member>, LedgerError> {
        members_of(&self.conn).map_err(|e| self.err(e))
    }

    pub(super) fn row_count(&self) -> Result<i64, LedgerError> {
        self.conn
            .query_row("SELECT count(*) FROM history", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    pub(super) fn change_mark(&self) -> Result<ChangeMark, LedgerError> {
        // data_version moves when another connection commits; our own commits are counted here.
        let data_version = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(ChangeMark {
            data_version,
            own_changes: self.own_changes.get(),
        })
    }
}

/// Row ids for one pair: the newest row, and the newest status and note rows in force.
struct InForce {
    last: Option<i64>,
    status: Option<i64>,
    note: Option<i64>,
}

const SELECT_CHANGE: &str =
    "SELECT id, task_key, unit, status, note, note_date, who, uid, at, undoes FROM history";

fn change_row(r: &rusqlite::Row<'_>, undone: &HashSet<i64>) -> rusqlite::Result<Change> {
    let id: i64 = r.get(0)?;
    let status: Option<String> = r.get(3)?;
    let note_date: Option<String> = r.get(5)?;
    let at: String = r.get(8)?;
    Ok(Change {
        id,
        key: r.get(1)?,
        unit: r.get(2)?,
        status: status.as_deref().and_then(Status::from_code),
        note: r.get(4)?,
        note_date: note_date.and_then(|d| d.parse::<NaiveDate>().ok()),
        who: r.get(6)?,
        uid: r.get(7)?,
        at: DateTime::parse_from_rfc3339(&at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default(),
        undoes: r.get(9)?,
        undone: undone.contains(&id),
    })
}

/// The members log folded to who holds what now.
pub(super) fn members_of(conn: &Connection) -> rusqlite::Result<Vec<Member>> {
    let mut stmt = conn
        .prepare_cached("SELECT login, unit, supervisor, granted FROM member_events ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(fold_members(rows))
}
