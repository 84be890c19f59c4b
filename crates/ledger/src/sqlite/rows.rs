//! Every row of an SQLite ledger as it was written, for `ledger import` into a server ledger:
//! read through a store opened read-only, so a file that is not a ledger, is damaged or too new
//! is refused as any command refuses it.

use super::open::{OpenMode, SqliteStore};
use crate::error::LedgerError;
use crate::store::Identity;
use std::path::Path;

/// A task key row: id, document, task id, number, fingerprint, title.
pub type KeyRow = (i64, [String; 5]);

/// A history row as stored.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub id: i64,
    pub task_key: i64,
    pub unit: String,
    pub status: Option<String>,
    pub note: Option<String>,
    pub note_date: Option<String>,
    pub who: String,
    pub at: String,
    pub undoes: Option<i64>,
}

/// A members-log row as stored.
#[derive(Debug, Clone)]
pub struct MemberRow {
    pub login: String,
    pub unit: String,
    pub supervisor: bool,
    pub granted: bool,
    pub who: String,
    pub at: String,
}

/// The rows of one SQLite ledger, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub keys: Vec<KeyRow>,
    pub history: Vec<HistoryRow>,
    pub members: Vec<MemberRow>,
}

/// Reads every row of the ledger at `path` (`Ok(None)`: there is none).
pub fn rows(path: &Path, reader: &Identity) -> Result<Option<Rows>, LedgerError> {
    let Some(opened) = SqliteStore::open(path, OpenMode::ReadOnly, reader)? else {
        return Ok(None);
    };
    let s = opened.store;
    let c = &s.conn;
    let err = |e| s.err(e);
    let keys = c
        .prepare(
            "SELECT id, document, task_id, number, fingerprint, title FROM task_keys ORDER BY id",
        )
        .and_then(|mut st| {
            st.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
                ))
            })?
            .collect()
        })
        .map_err(err)?;
    let history = c
        .prepare(
            "SELECT id, task_key, unit, status, note, note_date, who, at, undoes FROM history ORDER BY id",
        )
        .and_then(|mut st| {
            st.query_map([], |r| {
                Ok(HistoryRow {
                    id: r.get(0)?,
                    task_key: r.get(1)?,
                    unit: r.get(2)?,
                    status: r.get(3)?,
                    note: r.get(4)?,
                    note_date: r.get(5)?,
                    who: r.get(6)?,
                    at: r.get(7)?,
                    undoes: r.get(8)?,
                })
            })?
            .collect()
        })
        .map_err(err)?;
    let members = c
        .prepare("SELECT login, unit, supervisor, granted, who, at FROM member_events ORDER BY id")
        .and_then(|mut st| {
            st.query_map([], |r| {
                Ok(MemberRow {
                    login: r.get(0)?,
                    unit: r.get(1)?,
                    supervisor: r.get(2)?,
                    granted: r.get(3)?,
                    who: r.get(4)?,
                    at: r.get(5)?,
                })
            })?
            .collect()
        })
        .map_err(err)?;
    Ok(Some(Rows {
        keys,
        history,
        members,
    }))
}
