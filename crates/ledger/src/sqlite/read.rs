//! Reading the ledger: task keys, the state in force per (task key, unit), a task's history,
//! the members, and the change mark. Rows are never rewritten: an undo is a row of its own;
//! what is in force is kept beside the history as it is written (`in_force`, with the columns
//! of the rows it names) and read here in one statement.

use super::open::SqliteStore;
use crate::error::LedgerError;
use crate::light::Status;
use crate::stamps;
use crate::store::{Change, ChangeMark, Current, Member, TaskKey, fold_members};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use std::sync::Arc;

impl SqliteStore {
    pub(super) fn change_by_id(&self, id: i64) -> Result<Change, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_CHANGE} WHERE id = ?1"))
            .map_err(|e| self.err(e))?;
        stmt.query_row([id], change_row).map_err(|e| self.err(e))
    }

    pub(super) fn task_keys(&self) -> Result<Vec<TaskKey>, LedgerError> {
        // Counted first (a walk of the smallest index): grown by doubling, the list copied
        // every key several times over on the way to 100,000.
        let count: i64 = (self.conn)
            .query_row("SELECT count(*) FROM task_keys", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, document, task_id, number, fingerprint, title FROM task_keys ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let mut keys = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        for key in stmt.query_map([], task_key_row).map_err(|e| self.err(e))? {
            keys.push(key.map_err(|e| self.err(e))?);
        }
        Ok(keys)
    }

    pub(super) fn task_keys_after(&self, id: i64) -> Result<Vec<TaskKey>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, document, task_id, number, fingerprint, title FROM task_keys
                 WHERE id > ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([id], task_key_row)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    pub(super) fn count_keys_upto(&self, id: i64) -> Result<i64, LedgerError> {
        (self.conn)
            .query_row("SELECT count(*) FROM task_keys WHERE id <= ?1", [id], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }

    pub(super) fn task_keys_of(&self, document: &str) -> Result<Vec<TaskKey>, LedgerError> {
        // A seek on the (document, task_id, fingerprint) unique index.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, document, task_id, number, fingerprint, title FROM task_keys
                 WHERE document = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([document], task_key_row)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    pub(super) fn current(&self, unit: Option<&str>) -> Result<Vec<Current>, LedgerError> {
        // One statement over the table the history keeps (`in_force`, migrations 3 and 4),
        // which carries the columns of the rows it names: no history row is read. Rows in
        // force are never undone.
        let sql = current_sql(if unit.is_some() {
            "WHERE unit = ?1"
        } else {
            ""
        });
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut shared = Shared::default();
        let row = |r: &rusqlite::Row<'_>| current_row(r, &mut shared);
        let rows = match unit {
            Some(u) => stmt.query_map([u], row),
            None => stmt.query_map([], row),
        };
        rows.and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    /// [`Self::current`] of every pair, in parts of [`PART`] pairs.
    pub(super) fn current_in_parts(
        &self,
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        self.current_in_parts_of(None, each)
    }

    /// [`Self::current_in_parts`] of every pair, or of the pairs whose key is even (`Some(0)`)
    /// or odd (`Some(1)`): one of two halves read at once.
    pub(super) fn current_in_parts_of(
        &self,
        half: Option<i64>,
        each: &mut dyn FnMut(Vec<Current>) -> bool,
    ) -> Result<(), LedgerError> {
        let sql = match half {
            Some(_) => current_sql("WHERE task_key % 2 = ?1"),
            None => current_sql(""),
        };
        let mut stmt = (self.conn.prepare_cached(&sql)).map_err(|e| self.err(e))?;
        let mut shared = Shared::default();
        let row = |r: &rusqlite::Row<'_>| current_row(r, &mut shared);
        let rows = match half {
            Some(h) => stmt.query_map([h], row),
            None => stmt.query_map([], row),
        };
        let rows = rows.map_err(|e| self.err(e))?;
        let mut part = Vec::with_capacity(PART);
        for row in rows {
            part.push(row.map_err(|e| self.err(e))?);
            if part.len() == PART && !each(std::mem::replace(&mut part, Vec::with_capacity(PART))) {
                return Ok(());
            }
        }
        each(part);
        Ok(())
    }

    /// [`Self::current`] of the pairs of these keys only (one task's, one document's).
    pub(super) fn current_of_keys(&self, keys: &[i64]) -> Result<Vec<Current>, LedgerError> {
        // `in_force` is keyed by (unit, task_key). Each key's units are found by stepping
        // through the history's index on (task_key, unit) one unit at a time, a seek each,
        // so the cost follows the pairs, not how many rows each pair has (a pair written ten
        // thousand times is still one step).
        let sql = current_sql(
            "WHERE task_key = ?1 AND unit IN (
               WITH RECURSIVE units(unit) AS (
                 SELECT (SELECT min(unit) FROM history WHERE task_key = ?1)
                 UNION ALL
                 SELECT (SELECT min(unit) FROM history WHERE task_key = ?1 AND unit > units.unit)
                 FROM units WHERE units.unit IS NOT NULL)
               SELECT unit FROM units WHERE unit IS NOT NULL)",
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        let mut shared = Shared::default();
        for key in keys {
            let rows = stmt
                .query_map([key], |r| current_row(r, &mut shared))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|e| self.err(e))?;
            out.extend(rows);
        }
        // As [`Self::current`] orders them (SQLite compares text bytewise, as `str` does).
        out.sort_by(|a, b| (&a.unit, a.key).cmp(&(&b.unit, b.key)));
        Ok(out)
    }

    pub(super) fn history(&self, keys: &[i64]) -> Result<Vec<Change>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_CHANGE} WHERE task_key = ?1 ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for key in keys {
            let rows = stmt
                .query_map([key], change_row)
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

    pub(super) fn newest_row(&self) -> Result<i64, LedgerError> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM history", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    pub(super) fn documents_since(&self, row: i64) -> Result<Vec<String>, LedgerError> {
        // The rows after `row` by the history's own key, each key's document by the keys'.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT k.document FROM history h JOIN task_keys k ON k.id = h.task_key
                 WHERE h.id > ?1 ORDER BY k.document",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([row], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    pub(super) fn keys_written_after(&self, row: i64) -> Result<Vec<i64>, LedgerError> {
        // A range of the history's own key, sorted here: asked for distinct keys in order,
        // SQLite walks the index of every row by key instead (1,000,000 rows for a few).
        let mut stmt = self
            .conn
            .prepare_cached("SELECT task_key FROM history WHERE id > ?1")
            .map_err(|e| self.err(e))?;
        let mut keys: Vec<i64> = stmt
            .query_map([row], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        keys.sort_unstable();
        keys.dedup();
        Ok(keys)
    }

    pub(super) fn schema_version(&self) -> Result<i64, LedgerError> {
        (self.conn)
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.err(e))
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

/// Pairs handed on at once by [`SqliteStore::current_in_parts`]: enough that the hand-over
/// costs nothing beside them, few enough that the first part comes early.
pub(super) const PART: usize = 4096;

/// Columns of a history row, the last saying whether an undo cancelled it.
const SELECT_CHANGE: &str =
    "SELECT id, task_key, unit, status, note, note_date, who, uid, at, undoes,
    EXISTS (SELECT 1 FROM history u WHERE u.undoes = history.id) FROM history";

/// Columns read by [`change_row`] and [`change_at`].
const WIDTH: usize = 10;

fn task_key_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TaskKey> {
    let text = |i| Ok(optional_string(r, i)?.unwrap_or_default());
    // NULL is not a string: the error reading it as one gives.
    let string = |i| match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => r.get(i),
        _ => text(i),
    };
    Ok(TaskKey {
        id: r.get(0)?,
        document: string(1)?,
        task_id: string(2)?,
        number: string(3)?,
        fingerprint: string(4)?,
        title: string(5)?,
    })
}

/// Column `i` as an owned string, or None when NULL. Titles and notes are most often Chinese,
/// which std checks slowly: checked with SIMD, anything but text read as `rusqlite` reads it
/// (with the same result or error).
fn optional_string(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<String>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Text(bytes) => match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => Ok(Some(text.to_owned())),
            Err(_) => r.get(i),
        },
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => r.get(i),
    }
}

fn change_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Change> {
    let undone: bool = r.get(WIDTH)?;
    let mut c = change_at(r, 0)?.ok_or(rusqlite::Error::InvalidColumnType(
        0,
        "id".into(),
        rusqlite::types::Type::Null,
    ))?;
    c.undone = undone;
    Ok(c)
}

/// The history row whose columns start at `at`, or None when its id is NULL.
fn change_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<Change>> {
    let Some(id) = r.get::<_, Option<i64>>(at)? else {
        return Ok(None);
    };
    let unit = Arc::from(r.get::<_, String>(at + 2)?);
    let mut c = shown_at(r, at + 3, id, r.get(at + 1)?, unit, None)?;
    c.undoes = r.get(at + 9)?;
    Ok(Some(c))
}

/// The state in force of the pairs `filter` (a WHERE clause, or nothing) takes: of the status
/// row only its status, of the note row every column shown.
fn current_sql(filter: &str) -> String {
    format!(
        "SELECT task_key, unit, last_row, status_row, s_status,
           note_row, n_status, n_note, n_note_date, n_who, n_uid, n_at FROM in_force
         {filter} ORDER BY unit, task_key",
    )
}

/// Text that many rows of one read repeat, kept once and known by its bytes (checked as text
/// the first time only): the unit (rows come by unit, so a row's is most often the one
/// before's) and the writers (a few, against a hundred thousand pairs).
#[derive(Default)]
struct Shared {
    unit: Option<Arc<str>>,
    who: hashbrown::HashMap<Box<[u8]>, Arc<str>>,
}

impl Shared {
    /// Column `i`, a unit.
    fn unit(&mut self, r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Arc<str>> {
        if let (Some(last), Some(bytes)) = (&self.unit, text_bytes(r, i)?)
            && last.as_bytes() == bytes
        {
            return Ok(Arc::clone(last));
        }
        let unit = Arc::from(text(r, i)?.unwrap_or_default());
        Ok(Arc::clone(self.unit.insert(unit)))
    }

    /// Column `i`, a writer.
    fn who(&mut self, r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Arc<str>> {
        if let Some(known) = text_bytes(r, i)?.and_then(|b| self.who.get(b)) {
            return Ok(Arc::clone(known));
        }
        let who = who_at(r, i)?;
        self.who.insert(Box::from(who.as_bytes()), Arc::clone(&who));
        Ok(who)
    }
}

fn current_row(r: &rusqlite::Row<'_>, shared: &mut Shared) -> rusqlite::Result<Current> {
    let key: i64 = r.get(0)?;
    let unit = shared.unit(r, 1)?;
    let status_row = r.get::<_, Option<i64>>(3)?;
    let status = match status_row {
        Some(_) => status_at(r, 4)?,
        None => None,
    };
    let note = match r.get::<_, Option<i64>>(5)? {
        Some(id) => Some(Arc::new(copied_at(r, 5, id, key, &unit, shared)?)),
        None => None,
    };
    Ok(Current {
        key,
        unit,
        status_row,
        status,
        note,
        last_row: r.get(2)?,
    })
}

/// The row `id` in force as `in_force` copies it, its id at `at`.
fn copied_at(
    r: &rusqlite::Row<'_>,
    at: usize,
    id: i64,
    key: i64,
    unit: &Arc<str>,
    shared: &mut Shared,
) -> rusqlite::Result<Change> {
    shown_at(r, at + 1, id, key, Arc::clone(unit), Some(shared))
}

/// Column `i` read in place as text, or None when NULL.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    let v = r.get_ref(i)?;
    (v.as_str_or_null())
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), e.into()))
}

/// Column `i`'s bytes when it is text, read in place and not yet checked (None: NULL, or not
/// text). What every ledger writes (a status code, a date, a time) is recognised from its
/// bytes; anything else is read as [`text`] reads it, with the same result or error.
fn text_bytes<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r [u8]>> {
    Ok(match r.get_ref(i)? {
        rusqlite::types::ValueRef::Text(bytes) => Some(bytes),
        _ => None,
    })
}

/// Column `i`, a writer, read in place.
fn who_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Arc<str>> {
    Ok(match r.get_ref(i)?.as_str() {
        Ok(who) => Arc::from(who),
        // Not text: the error reading it as a `String` gives, as it always was.
        Err(_) => Arc::from(r.get::<_, String>(i)?),
    })
}

/// The shown columns (status, note, note_date, who, uid, at) starting at `at`.
fn shown_at(
    r: &rusqlite::Row<'_>,
    at: usize,
    id: i64,
    key: i64,
    unit: Arc<str>,
    shared: Option<&mut Shared>,
) -> rusqlite::Result<Change> {
    let who = match shared {
        Some(shared) => shared.who(r, at + 3)?,
        None => who_at(r, at + 3)?,
    };
    // Each column looked at once: NULL, or text in the shape every ledger writes, is taken as
    // it is; anything else is read as `text` reads it.
    let status = status_at(r, at)?;
    let note = optional_string(r, at + 1)?;
    let note_date = match r.get_ref(at + 2)? {
        ValueRef::Null => None,
        ValueRef::Text(b) => match stamps::written_date(b) {
            None => text(r, at + 2)?.and_then(stamps::date),
            written => written,
        },
        _ => text(r, at + 2)?.and_then(stamps::date),
    };
    let when = match r.get_ref(at + 5)? {
        ValueRef::Text(b) => stamps::written_time(b),
        _ => None,
    };
    let when = match when {
        Some(when) => when,
        None => stamps::time(text(r, at + 5)?.unwrap_or_default()),
    };
    Ok(Change {
        id,
        key,
        unit,
        status,
        note,
        note_date,
        who,
        uid: r.get(at + 4)?,
        at: when,
        undoes: None,
        undone: false,
    })
}

/// Column `i`, a status code: one a ledger writes is known by its bytes, anything else read
/// as [`text`] reads it (None: NULL, or no status).
fn status_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<Status>> {
    let code = |b: &[u8]| Status::ALL.into_iter().find(|s| s.code().as_bytes() == b);
    Ok(match r.get_ref(i)? {
        ValueRef::Null => None,
        ValueRef::Text(b) => match code(b) {
            None => text(r, i)?.and_then(Status::from_code),
            known => known,
        },
        _ => text(r, i)?.and_then(Status::from_code),
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
