//! Documents published in the server ledger (`ledger publish`): stored once per content with
//! their name and SHA-256, published and withdrawn by supervisors (the server checks), read by
//! every command and dashboard that uses the ledger.

use super::PgStore;
use super::error::refused;
use crate::error::LedgerError;
use crate::store::Published;
use sha2::{Digest, Sha256};

const LISTED: &str = "SELECT d.name, d.hash, e.who, e.at, e.published, length(d.bytes)::bigint
     FROM documents d
     JOIN LATERAL (SELECT published, who, at FROM document_events
                   WHERE document = d.id ORDER BY id DESC LIMIT 1) e ON true";

fn row(r: &postgres::Row) -> Result<Published, postgres::Error> {
    let size: i64 = r.try_get(5)?;
    Ok(Published {
        name: r.try_get(0)?,
        hash: r.try_get(1)?,
        who: r.try_get(2)?,
        at: r.try_get(3)?,
        published: r.try_get(4)?,
        size: u64::try_from(size).unwrap_or(0),
    })
}

impl PgStore {
    /// Every document ever published, newest event first; `published` says which stand.
    pub(super) fn published(&self) -> Result<Vec<Published>, LedgerError> {
        let mut c = self.client()?;
        c.query(&format!("{LISTED} ORDER BY d.name, d.id"), &[])
            .map_err(|e| self.err(&e))?
            .iter()
            .map(row)
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(&e))
    }

    /// The bytes of the document with this hash, checked against it.
    pub(super) fn document(&self, hash: &str) -> Result<Vec<u8>, LedgerError> {
        let mut c = self.client()?;
        let bytes: Vec<u8> = c
            .query_one("SELECT bytes FROM documents WHERE hash = $1", &[&hash])
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.err(&e))?;
        let got: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if got != hash {
            return Err(LedgerError::Invalid {
                reason: format!("{}: {hash} ≠ {got}", self.shown),
            });
        }
        Ok(bytes)
    }

    pub(super) fn publish(&mut self, name: &str, bytes: &[u8]) -> Result<Published, LedgerError> {
        let hash: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.document_event(Some((name, bytes)), &hash, true)
    }

    /// Withdraws the published document named `which` (its name, or its hash or the hash's
    /// first characters).
    pub(super) fn withdraw(&mut self, which: &str) -> Result<Published, LedgerError> {
        let found: Vec<Published> = self
            .published()?
            .into_iter()
            .filter(|p| {
                p.published && (p.name == which || (which.len() >= 6 && p.hash.starts_with(which)))
            })
            .collect();
        match &found[..] {
            [one] => {
                let hash = one.hash.clone();
                self.document_event(None, &hash, false)
            }
            _ => Err(LedgerError::NoSuchDocument {
                which: which.to_string(),
                found: found.len(),
            }),
        }
    }

    fn document_event(
        &mut self,
        new: Option<(&str, &[u8])>,
        hash: &str,
        published: bool,
    ) -> Result<Published, LedgerError> {
        if self.read_only {
            return Err(LedgerError::ReadOnly {
                path: self.shown.clone(),
            });
        }
        let login = self.login.clone();
        let denied = |e: postgres::Error| -> LedgerError {
            if refused(&e) {
                LedgerError::NotSupervisor {
                    login: login.clone(),
                }
            } else {
                self.err(&e)
            }
        };
        let mut c = self.client()?;
        let mut tx = c.transaction().map_err(&denied)?;
        let supervisor: bool = tx
            .query_one("SELECT holds(session_user, '')", &[])
            .and_then(|r| r.try_get(0))
            .map_err(&denied)?;
        if !supervisor {
            return Err(LedgerError::NotSupervisor {
                login: login.clone(),
            });
        }
        if let Some((name, bytes)) = new {
            tx.execute(
                "INSERT INTO documents (name, hash, bytes) VALUES ($1, $2, $3)
                 ON CONFLICT (hash) DO NOTHING",
                &[&name, &hash, &bytes],
            )
            .map_err(&denied)?;
        }
        tx.execute(
            "INSERT INTO document_events (document, published)
             SELECT id, $2 FROM documents WHERE hash = $1",
            &[&hash, &published],
        )
        .map_err(&denied)?;
        let r = tx
            .query_one(&format!("{LISTED} WHERE d.hash = $1"), &[&hash])
            .map_err(&denied)?;
        let out = row(&r).map_err(&denied)?;
        tx.commit().map_err(&denied)?;
        drop(c);
        self.own_changes.set(self.own_changes.get() + 1);
        Ok(out)
    }
}
