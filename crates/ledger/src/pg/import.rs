//! `ledger import FILE.sqlite3`: a city's SQLite ledger copied into the province's server
//! ledger by its owner, each row keeping its writer and time and marked as imported (by whom,
//! when, from which file's SHA-256). A row is known by its content, so importing the same file
//! again, or a copy of it that has grown since, adds only what is new.

use super::PgStore;
use crate::error::LedgerError;
use crate::sqlite::rows::rows;
use crate::stamps;
use crate::store::{Identity, Imported};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The key a row is known by across imports: a hash of what it says.
fn content_key(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    format!("import:{}", hex(&h.finalize()))
}

fn file_hash(path: &Path, shown: &str) -> Result<String, LedgerError> {
    let mut f = std::fs::File::open(path).map_err(|e| LedgerError::Io {
        path: shown.to_string(),
        detail: crate::error::IoDetail::of(&e),
    })?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).map_err(|e| LedgerError::Io {
        path: shown.to_string(),
        detail: crate::error::IoDetail::of(&e),
    })?;
    Ok(hex(&h.finalize()))
}

impl PgStore {
    pub(super) fn import(&mut self, file: &Path) -> Result<Imported, LedgerError> {
        if self.read_only {
            return Err(LedgerError::ReadOnly {
                path: self.shown.clone(),
            });
        }
        let shown = file.display().to_string();
        let reader = Identity {
            login: self.login.clone(),
            uid: 0,
        };
        let Some(rows) = rows(file, &reader)? else {
            return Err(LedgerError::Io {
                path: shown,
                detail: crate::error::IoDetail::NotFound,
            });
        };
        let hash = file_hash(file, &shown)?;
        let mut c = self.client()?;
        let err = |e: postgres::Error| super::error::pg_error(&self.shown, &e);
        let mut tx = c.transaction().map_err(err)?;
        let owner: bool = tx
            .query_one("SELECT is_owner()", &[])
            .and_then(|r| r.try_get(0))
            .map_err(err)?;
        if !owner {
            return Err(LedgerError::NotOwner {
                login: self.login.clone(),
            });
        }
        let mut done = Imported {
            file_hash: hash.clone(),
            ..Imported::default()
        };
        let mut keys: HashMap<i64, (i64, &[String; 5])> = HashMap::new();
        for (id, k) in &rows.keys {
            let n = tx
                .execute(
                    "INSERT INTO task_keys (document, task_id, number, fingerprint, title)
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    &[&k[0], &k[1], &k[2], &k[3], &k[4]],
                )
                .map_err(err)?;
            done.keys += n;
            let pg: i64 = tx
                .query_one(
                    "SELECT id FROM task_keys WHERE document = $1 AND task_id = $2 AND fingerprint = $3",
                    &[&k[0], &k[1], &k[3]],
                )
                .and_then(|r| r.try_get(0))
                .map_err(err)?;
            keys.insert(*id, (pg, k));
        }
        // SQLite row id → (server row id, content key), for the undos that name them.
        let mut ids: HashMap<i64, (i64, String)> = HashMap::new();
        for h in &rows.history {
            let Some(&(task_key, k)) = keys.get(&h.task_key) else {
                continue;
            };
            let undoes = h.undoes.and_then(|u| ids.get(&u)).cloned();
            let idem = content_key(&[
                "history",
                &h.who,
                &h.at,
                &k[0],
                &k[1],
                &k[3],
                &h.unit,
                h.status.as_deref().unwrap_or(""),
                h.note.as_deref().unwrap_or(""),
                h.note_date.as_deref().unwrap_or(""),
                undoes.as_ref().map_or("", |u| u.1.as_str()),
            ]);
            let note_date = h.note_date.as_deref().and_then(stamps::date);
            let inserted = tx
                .query_opt(
                    "INSERT INTO history (task_key, unit, status, note, note_date, who, at, undoes,
                                          idem, imported_from)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                     ON CONFLICT (idem) DO NOTHING RETURNING id",
                    &[
                        &task_key,
                        &h.unit,
                        &h.status,
                        &h.note,
                        &note_date,
                        &h.who,
                        &stamps::time(&h.at),
                        &undoes.as_ref().map(|u| u.0),
                        &idem,
                        &hash,
                    ],
                )
                .map_err(err)?;
            let id: i64 = match inserted {
                Some(r) => {
                    done.history += 1;
                    r.try_get(0).map_err(err)?
                }
                None => {
                    done.already += 1;
                    tx.query_one("SELECT id FROM history WHERE idem = $1", &[&idem])
                        .and_then(|r| r.try_get(0))
                        .map_err(err)?
                }
            };
            ids.insert(h.id, (id, idem));
        }
        for m in &rows.members {
            let idem = content_key(&[
                "member",
                &m.login,
                &m.unit,
                if m.supervisor { "1" } else { "0" },
                if m.granted { "1" } else { "0" },
                &m.who,
                &m.at,
            ]);
            let n = tx
                .execute(
                    "INSERT INTO member_events (login, unit, supervisor, granted, who, at, idem,
                                                imported_from)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idem) DO NOTHING",
                    &[
                        &m.login,
                        &m.unit,
                        &m.supervisor,
                        &m.granted,
                        &m.who,
                        &stamps::time(&m.at),
                        &idem,
                        &hash,
                    ],
                )
                .map_err(err)?;
            done.members += n;
            done.already += 1 - n.min(1);
        }
        tx.commit().map_err(err)?;
        // Every imported row updated its pair's state in one transaction, where no old version
        // could be reclaimed: at 1,000,000 rows the table was 369 MB for 39 MB of pairs, and
        // every whole read of the ledger scanned all of it (107 of 219 ms). Rewritten once here
        // (0.6 s, every reader and writer of the table waiting meanwhile). Not when another
        // session holds it (a backup, a long read): queued behind that, it would hold up every
        // office's writes; then the import stands, and says the table was left as it was.
        // One statement at a time: VACUUM refuses to run in the transaction that several
        // statements sent together make.
        done.compacted = done.history == 0
            || (c.batch_execute("SET lock_timeout = '2s'").is_ok()
                && c.batch_execute("VACUUM (FULL, ANALYZE) dutymatrix.current_state")
                    .is_ok());
        let _ = c.batch_execute("RESET lock_timeout");
        drop(c);
        self.own_changes.set(self.own_changes.get() + 1);
        Ok(done)
    }
}
