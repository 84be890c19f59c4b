//! Writing the server ledger: records, undos and member changes, each one transaction. The
//! program checks the writer's rights first for a clear message; the server checks them again
//! (row-level security) whatever the program did.
//!
//! Every record carries an idempotency key. When the connection fails during a write, the
//! outcome is unknown: the store looks the key up on a new connection (found: the write is
//! done), and keeps the key for the same write asked again, so a retry can never add a second
//! row.

use super::PgStore;
use super::error::{lost, refused};
use super::read::{SELECT_CHANGE, change_row, members_of};
use crate::error::LedgerError;
use crate::light::Status;
use crate::store::{Change, MemberChange, NewChange, TaskRef};
use postgres::Transaction;
use postgres::error::SqlState;
use sha2::{Digest, Sha256};

/// A key no other write will have: this process, this instant, and a count.
fn new_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let seed = format!(
        "{}/{}/{}/{}",
        std::process::id(),
        now.as_nanos(),
        COUNT.fetch_add(1, Ordering::Relaxed),
        std::thread::current().name().unwrap_or("")
    );
    Sha256::digest(seed.as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a record asks for, to know the same write asked again: the task without its key row
/// (which the first try may have made), and the change.
fn request(task: &TaskRef, change: &NewChange) -> String {
    format!(
        "{}\n{}\n{}\n{change:?}",
        task.document, task.task_id, task.fingerprint
    )
}

impl PgStore {
    fn writable(&self) -> Result<(), LedgerError> {
        if self.read_only {
            return Err(LedgerError::ReadOnly {
                path: self.shown.clone(),
            });
        }
        Ok(())
    }

    /// The program's own check: whether the session user may write for `unit`.
    fn may_write(&self, tx: &mut Transaction<'_>, unit: &str) -> Result<(), LedgerError> {
        let may: bool = tx
            .query_one(
                "SELECT holds(session_user, '') OR holds(session_user, $1)",
                &[&unit],
            )
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(&e))?;
        if may { Ok(()) } else { Err(self.denied(unit)) }
    }

    fn denied(&self, unit: &str) -> LedgerError {
        LedgerError::Denied {
            login: self.login.clone(),
            unit: unit.to_string(),
        }
    }

    pub(super) fn record(
        &mut self,
        task: &TaskRef,
        change: &NewChange,
    ) -> Result<Change, LedgerError> {
        self.writable()?;
        let asked = request(task, change);
        let key = match &self.pending {
            Some((a, k)) if *a == asked => k.clone(),
            _ => new_key(),
        };
        let result = self.try_record(task, change, &key);
        self.settle(result, asked, key, &change.unit)
    }

    /// The outcome of a write: done, refused, or unknown (the connection failed), when the key
    /// is looked up on a new connection and kept for a retry.
    fn settle(
        &mut self,
        result: Result<Change, Failed>,
        asked: String,
        key: String,
        unit: &str,
    ) -> Result<Change, LedgerError> {
        match result {
            Ok(c) => {
                self.pending = None;
                self.own_changes.set(self.own_changes.get() + 1);
                Ok(c)
            }
            Err(Failed::Ledger(e)) => Err(e),
            Err(Failed::Pg(e)) if refused(&e) => Err(self.denied(unit)),
            Err(Failed::Pg(e)) if lost(&e) => {
                self.pending = Some((asked, key.clone()));
                match self.by_key(&key) {
                    Ok(Some(c)) => {
                        self.pending = None;
                        self.own_changes.set(self.own_changes.get() + 1);
                        Ok(c)
                    }
                    Ok(None) | Err(_) => Err(self.err(&e)),
                }
            }
            Err(Failed::Pg(e)) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                Err(LedgerError::Changed {
                    unit: unit.to_string(),
                })
            }
            Err(Failed::Pg(e)) => Err(self.err(&e)),
        }
    }

    /// The row written with `key`, if it was committed.
    fn by_key(&self, key: &str) -> Result<Option<Change>, LedgerError> {
        let mut c = self.client()?;
        let row = c
            .query_opt(&format!("{SELECT_CHANGE} WHERE h.idem = $1"), &[&key])
            .map_err(|e| self.err(&e))?;
        row.as_ref()
            .map(change_row)
            .transpose()
            .map_err(|e| self.err(&e))
    }

    fn try_record(&self, task: &TaskRef, change: &NewChange, key: &str) -> Result<Change, Failed> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        self.may_write(&mut tx, &change.unit)?;
        let task_key: i64 = match task.key {
            Some(k) => k,
            None => {
                tx.execute(
                    "INSERT INTO task_keys (document, task_id, number, fingerprint, title)
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    &[
                        &task.document,
                        &task.task_id,
                        &task.number,
                        &task.fingerprint,
                        &task.title,
                    ],
                )?;
                tx.query_one(
                    "SELECT id FROM task_keys WHERE document = $1 AND task_id = $2 AND fingerprint = $3",
                    &[&task.document, &task.task_id, &task.fingerprint],
                )?
                .try_get(0)?
            }
        };
        let status = change.status.map(Status::code);
        tx.execute(
            "INSERT INTO history (task_key, unit, status, note, note_date, idem)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idem) DO NOTHING",
            &[
                &task_key,
                &change.unit,
                &status,
                &change.note,
                &change.note_date,
                &key,
            ],
        )?;
        let row = tx.query_one(&format!("{SELECT_CHANGE} WHERE h.idem = $1"), &[&key])?;
        let written = change_row(&row)?;
        tx.commit()?;
        Ok(written)
    }

    pub(super) fn undo(
        &mut self,
        keys: &[i64],
        unit: &str,
        expect: Option<i64>,
    ) -> Result<Change, LedgerError> {
        self.writable()?;
        let key = new_key();
        let result = self.try_undo(keys, unit, expect, &key);
        self.settle(
            result,
            format!("undo {keys:?} {unit} {expect:?}"),
            key,
            unit,
        )
    }

    fn try_undo(
        &self,
        keys: &[i64],
        unit: &str,
        expect: Option<i64>,
        key: &str,
    ) -> Result<Change, Failed> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        self.may_write(&mut tx, unit)?;
        let target = tx.query_opt(
            "SELECT id, task_key FROM history h
             WHERE task_key = ANY($1) AND unit = $2 AND undoes IS NULL
               AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id)
             ORDER BY id DESC LIMIT 1",
            &[&keys, &unit],
        )?;
        let Some(target) = target else {
            return Err(Failed::Ledger(LedgerError::NothingToUndo {
                unit: unit.to_string(),
            }));
        };
        let (undoes, task_key): (i64, i64) = (target.try_get(0)?, target.try_get(1)?);
        if expect.is_some_and(|e| e != undoes) {
            return Err(Failed::Ledger(LedgerError::Changed {
                unit: unit.to_string(),
            }));
        }
        // A second undo of the same row, racing this one, fails on `undoes`' uniqueness.
        tx.execute(
            "INSERT INTO history (task_key, unit, undoes, idem) VALUES ($1, $2, $3, $4)",
            &[&task_key, &unit, &undoes, &key],
        )?;
        let row = tx.query_one(&format!("{SELECT_CHANGE} WHERE h.idem = $1"), &[&key])?;
        let written = change_row(&row)?;
        tx.commit()?;
        Ok(written)
    }

    pub(super) fn change_member(&mut self, change: &MemberChange) -> Result<(), LedgerError> {
        self.writable()?;
        let result = self.try_change_member(change);
        match result {
            Ok(()) => {
                self.own_changes.set(self.own_changes.get() + 1);
                Ok(())
            }
            Err(Failed::Ledger(e)) => Err(e),
            Err(Failed::Pg(e)) if refused(&e) => Err(LedgerError::NotSupervisor {
                login: self.login.clone(),
            }),
            Err(Failed::Pg(e)) => Err(self.err(&e)),
        }
    }

    fn try_change_member(&self, change: &MemberChange) -> Result<(), Failed> {
        let mut c = self.client()?;
        let mut tx = c.transaction()?;
        // Members changes take turns, so that two supervisors removing each other cannot leave
        // none.
        tx.execute("LOCK TABLE member_events IN SHARE ROW EXCLUSIVE MODE", &[])?;
        let members = members_of(&mut tx)?;
        let (login, unit, supervisor, granted) =
            crate::store::member_event(&members, &self.login, change).map_err(Failed::Ledger)?;
        tx.execute(
            "INSERT INTO member_events (login, unit, supervisor, granted) VALUES ($1, $2, $3, $4)",
            &[&login, &unit, &supervisor, &granted],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// Why a write did not happen: the program's own refusal, or the server's error (told apart
/// by [`PgStore::settle`]).
enum Failed {
    Ledger(LedgerError),
    Pg(postgres::Error),
}

impl From<postgres::Error> for Failed {
    fn from(e: postgres::Error) -> Failed {
        Failed::Pg(e)
    }
}

impl From<LedgerError> for Failed {
    fn from(e: LedgerError) -> Failed {
        Failed::Ledger(e)
    }
}
