//! Writing the ledger: records, undos and member changes, each in one `BEGIN IMMEDIATE`
//! transaction that checks the writer's permission before anything is inserted.

use super::error::sql_error;
use super::open::SqliteStore;
use super::read::members_of;
use super::schema::now;
use crate::error::LedgerError;
use crate::light::Status;
use crate::store::{Change, Identity, MemberChange, NewChange, TaskRef};
use chrono::{DateTime, Utc};
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
        tx.execute(
            "INSERT OR IGNORE INTO pairs (task_key, unit) VALUES (?1, ?2)",
            params![key, change.unit],
        )
        .map_err(err)?;
        tx.execute(
            "INSERT INTO history (task_key, unit, status, note, note_date, who, uid, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                key,
                change.unit,
                change.status.map(Status::code),
                change.note,
                change.note_date.map(|d| d.to_string()),
                who.login,
                who.uid,
                at
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(err)?;
        self.own_changes.set(self.own_changes.get() + 1);
        Ok(Change {
            id,
            key,
            unit: change.unit.clone(),
            status: change.status,
            note: change.note.clone(),
            note_date: change.note_date,
            who: who.login.clone(),
            uid: who.uid,
            at: DateTime::parse_from_rfc3339(&at)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default(),
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
        tx.execute(
            "INSERT INTO history (task_key, unit, who, uid, at, undoes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![key, unit, who.login, who.uid, at, undoes],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(err)?;
        self.own_changes.set(self.own_changes.get() + 1);
        let undone = self.undone_ids()?;
        self.change_by_id(id, &undone)
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
        let is_supervisor = |login: &str| members.iter().any(|m| m.login == login && m.supervisor);
        if !is_supervisor(&who.login) {
            return Err(LedgerError::NotSupervisor {
                login: who.login.clone(),
            });
        }
        let (login, unit, supervisor, granted) = match change {
            MemberChange::Grant { login, unit } => (login, unit.as_str(), false, true),
            MemberChange::Revoke { login, unit } => (login, unit.as_str(), false, false),
            MemberChange::GrantSupervisor { login } => (login, "", true, true),
            MemberChange::RevokeSupervisor { login } => {
                let others = members
                    .iter()
                    .filter(|m| m.supervisor && m.login != *login)
                    .count();
                if others == 0 {
                    return Err(LedgerError::LastSupervisor {
                        login: login.clone(),
                    });
                }
                (login, "", true, false)
            }
        };
        tx.execute(
            "INSERT INTO member_events (login, unit, supervisor, granted, who, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![login, unit, supervisor, granted, who.login, now()],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        self.own_changes.set(self.own_changes.get() + 1);
        Ok(())
    }
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
