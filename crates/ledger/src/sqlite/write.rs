//! Writing the ledger: records, undos and member changes, each in one `BEGIN IMMEDIATE`
//! transaction that checks the writer's permission before anything is inserted. What is in
//! force per pair (`in_force`, with the columns of the rows it names) moves with each history
//! row, by the trigger migration 4 made.

use super::chain::{self, Table};
use super::error::sql_error;
use super::open::SqliteStore;
use super::read::members_of;
use super::schema::now;
use crate::error::LedgerError;
use crate::light::Status;
use crate::stamps;
use crate::store::{Change, Identity, MemberChange, NewChange, TaskRef};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

impl SqliteStore {
    /// A write transaction for `unit`, taken before the permission check so that no member
    /// change can slip in between (BEGIN IMMEDIATE), with the path for error messages.
    fn write_for(
        &mut self,
        who: &Identity,
        unit: &str,
    ) -> Result<(rusqlite::Transaction<'_>, String), LedgerError> {
        self.writable()?;
        let path = self.path.display().to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql_error(&path, e))?;
        may_write(&tx, who, unit).map_err(|e| e.into_ledger(&path))?;
        Ok((tx, path))
    }

    fn writable(&self) -> Result<(), LedgerError> {
        if self.read_only {
            Err(LedgerError::ReadOnly {
                path: self.path.display().to_string(),
            })
        } else {
            Ok(())
        }
    }

    pub(super) fn record(
        &mut self,
        who: &Identity,
        task: &TaskRef,
        change: &NewChange,
    ) -> Result<Change, LedgerError> {
        let (tx, path) = self.write_for(who, &change.unit)?;
        let err = |e| sql_error(&path, e);
        let at = now();
        let key = match task.key {
            Some(k) => k,
            None => {
                tx.execute(
                    "INSERT OR IGNORE INTO task_keys (document, task_id, number, fingerprint, title)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![task.document, task.task_id, task.number, task.fingerprint, task.title],
                )
                .map_err(err)?;
                tx.query_row(
                    "SELECT id FROM task_keys WHERE document = ?1 AND task_id = ?2 AND fingerprint = ?3",
                    params![task.document, task.task_id, task.fingerprint],
                    |r| r.get(0),
                )
                .map_err(err)?
            }
        };
        let id = insert_history(
            &tx,
            &Row {
                key,
                unit: &change.unit,
                status: change.status.map(Status::code),
                note: change.note.as_deref(),
                note_date: change.note_date.map(|d| d.to_string()),
                who,
                at: &at,
                undoes: None,
            },
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        self.own_changes.set(self.own_changes.get() + 1);
        Ok(Change {
            id,
            key,
            unit: change.unit.as_str().into(),
            status: change.status,
            note: change.note.clone(),
            note_date: change.note_date,
            who: who.login.as_str().into(),
            uid: who.uid,
            at: stamps::time(&at),
            undoes: None,
            undone: false,
        })
    }

    pub(super) fn undo(
        &mut self,
        who: &Identity,
        keys: &[i64],
        unit: &str,
        expect: Option<i64>,
    ) -> Result<Change, LedgerError> {
        let (tx, path) = self.write_for(who, unit)?;
        let err = |e| sql_error(&path, e);
        let at = now();
        let mut target: Option<(i64, i64)> = None;
        {
            let mut stmt = tx
                .prepare(
                    "SELECT id, task_key FROM history h
                     WHERE task_key = ?1 AND unit = ?2 AND undoes IS NULL
                       AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id)
                     ORDER BY id DESC LIMIT 1",
                )
                .map_err(err)?;
            for key in keys {
                let row: Option<(i64, i64)> = stmt
                    .query_row(params![key, unit], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(err)?;
                if let Some(r) = row
                    && target.is_none_or(|t| r.0 > t.0)
                {
                    target = Some(r);
                }
            }
        }
        let Some((undoes, key)) = target else {
            return Err(LedgerError::NothingToUndo {
                unit: unit.to_string(),
            });
        };
        if expect.is_some_and(|e| e != undoes) {
            return Err(LedgerError::Changed {
                unit: unit.to_string(),
            });
        }
        let id = insert_history(
            &tx,
            &Row {
                key,
                unit,
                status: None,
                note: None,
                note_date: None,
                who,
                at: &at,
                undoes: Some(undoes),
            },
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        self.own_changes.set(self.own_changes.get() + 1);
        self.change_by_id(id)
    }

    pub(super) fn change_member(
        &mut self,
        who: &Identity,
        change: &MemberChange,
    ) -> Result<(), LedgerError> {
        self.writable()?;
        let path = self.path.display().to_string();
        let err = |e| sql_error(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let members = members_of(&tx).map_err(err)?;
        let (login, unit, supervisor, granted) =
            crate::store::member_event(&members, &who.login, change)?;
        insert_member(&tx, login, unit, supervisor, granted, &who.login).map_err(err)?;
        tx.commit().map_err(err)?;
        self.own_changes.set(self.own_changes.get() + 1);
        Ok(())
    }
}

fn t(s: &str) -> ValueRef<'_> {
    ValueRef::Text(s.as_bytes())
}

enum Refusal {
    Sql(rusqlite::Error),
    Denied { login: String, unit: String },
}

impl Refusal {
    fn into_ledger(self, path: &str) -> LedgerError {
        match self {
            Refusal::Sql(e) => sql_error(path, e),
            Refusal::Denied { login, unit } => LedgerError::Denied { login, unit },
        }
    }
}

/// Whether `who` is a supervisor or speaks for `unit`, read inside the writing transaction.
fn may_write(conn: &Connection, who: &Identity, unit: &str) -> Result<(), Refusal> {
    let granted = |u: &str| -> Result<bool, Refusal> {
        conn.query_row(
            "SELECT granted FROM member_events WHERE login = ?1 AND unit = ?2 ORDER BY id DESC LIMIT 1",
            params![who.login, u],
            |r| r.get::<_, bool>(0),
        )
        .optional()
        .map(|g| g.unwrap_or(false))
        .map_err(Refusal::Sql)
    };
    if granted("")? || granted(unit)? {
        Ok(())
    } else {
        Err(Refusal::Denied {
            login: who.login.clone(),
            unit: unit.to_string(),
        })
    }
}

/// One history row to write.
struct Row<'a> {
    key: i64,
    unit: &'a str,
    status: Option<&'static str>,
    note: Option<&'a str>,
    note_date: Option<String>,
    who: &'a Identity,
    at: &'a str,
    undoes: Option<i64>,
}

/// Inserts a history row sealed onto the chain (see `chain`), with the id the seal covers.
fn insert_history(tx: &Connection, row: &Row<'_>) -> rusqlite::Result<i64> {
    let (id, prev) = chain::next(tx, Table::History)?;
    let k: [String; 5] = tx.query_row(
        "SELECT document, task_id, number, fingerprint, title FROM task_keys WHERE id = ?1",
        [row.key],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]),
    )?;
    let values = [
        ValueRef::Integer(id),
        ValueRef::Integer(row.key),
        t(&k[0]),
        t(&k[1]),
        t(&k[2]),
        t(&k[3]),
        t(&k[4]),
        t(row.unit),
        row.status.map_or(ValueRef::Null, t),
        row.note.map_or(ValueRef::Null, t),
        row.note_date.as_deref().map_or(ValueRef::Null, t),
        t(&row.who.login),
        ValueRef::Integer(i64::from(row.who.uid)),
        t(row.at),
        row.undoes.map_or(ValueRef::Null, ValueRef::Integer),
    ];
    let seal = chain::seal(&prev, Table::History, &values);
    tx.execute(
        "INSERT INTO history (id, task_key, unit, status, note, note_date, who, uid, at, undoes, chain)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            row.key,
            row.unit,
            row.status,
            row.note,
            row.note_date,
            row.who.login,
            row.who.uid,
            row.at,
            row.undoes,
            seal.as_slice()
        ],
    )?;
    Ok(id)
}

/// Inserts a members-log row sealed onto its chain.
fn insert_member(
    tx: &Connection,
    login: &str,
    unit: &str,
    supervisor: bool,
    granted: bool,
    who: &str,
) -> rusqlite::Result<()> {
    let (id, prev) = chain::next(tx, Table::Members)?;
    let at = now();
    let values = [
        ValueRef::Integer(id),
        t(login),
        t(unit),
        ValueRef::Integer(i64::from(supervisor)),
        ValueRef::Integer(i64::from(granted)),
        t(who),
        t(&at),
    ];
    let seal = chain::seal(&prev, Table::Members, &values);
    tx.execute(
        "INSERT INTO member_events (id, login, unit, supervisor, granted, who, at, chain)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            login,
            unit,
            supervisor,
            granted,
            who,
            at,
            seal.as_slice()
        ],
    )?;
    Ok(())
}
