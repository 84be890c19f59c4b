//! A whole read of the ledger begun before the documents are loaded. Only linking the keys and
//! putting the pairs on tasks need the model; the store's part (the change mark, the keys, the
//! pairs in force) does not. A command that reads the whole ledger (the report) starts this
//! first, so the store's read runs while the documents load instead of after.

use crate::assemble::assemble_parts;
use crate::kept_links::{self, ToLink};
use crate::kept_pairs;
use crate::link::{self, Links};
use crate::snapshot::Snapshot;
use crate::store::{ChangeMark, Current, Seen, Store, TaskKey};
use crate::{Ledger, LedgerError};
use dutymatrix_reader::model::Model;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::thread::JoinHandle;

/// What a snapshot needs before the pairs: the change mark and how far it saw (taken before
/// the state, so a row committed meanwhile is read again by a refresh, never missed), and the
/// keys being read.
type Start = (ChangeMark, Seen, Keys);

/// The keys to link: all of them read on this ledger's connection, or on a connection of their
/// own beside the pairs, with the links kept from an earlier read (then only the keys written
/// since are read), that connection coming back for what the model may still ask.
enum Keys {
    Read(Result<Vec<TaskKey>, LedgerError>),
    Reading(JoinHandle<Result<KeysRead, LedgerError>>),
}

/// What the keys' own connection read, and the connection.
type KeysRead = (ToLink, Box<dyn Store + Send>);

impl Keys {
    /// The keys linked to `model`, kept in `file` when their links changed.
    fn links(self, model: &Model, file: Option<&Path>) -> Result<Links, LedgerError> {
        match self {
            Keys::Read(keys) => Ok(link::link(model, &keys?)),
            Keys::Reading(thread) => {
                let (read, beside) = thread
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
                kept_links::links(beside.as_ref(), model, read, file)
            }
        }
    }
}

/// A whole read under way on its own thread: [`ReadAhead::snapshot`] finishes it.
pub struct ReadAhead {
    start: Receiver<Result<Start, LedgerError>>,
    kept_links: Option<PathBuf>,
    parts: Receiver<Vec<Current>>,
    reading: JoinHandle<(Ledger, Result<(), LedgerError>)>,
}

impl fmt::Debug for ReadAhead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadAhead").finish_non_exhaustive()
    }
}

impl Ledger {
    /// Starts reading the whole ledger's state now, before there is a model to link it to:
    /// the pairs on this ledger's connection (from the state kept between reads, when there is
    /// one that holds), the keys beside them on a second one when the store gives one.
    /// Dropped unfinished, the read stops at its next part.
    pub fn read_ahead(self) -> ReadAhead {
        let kept_links = self.kept_links.clone();
        let kept = kept_links.clone();
        let kept_pairs = self.kept_pairs.clone();
        let (send_start, start) = channel();
        let (send_part, parts) = channel();
        let reading = std::thread::spawn(move || {
            let store = self.store.as_ref();
            // The mark and how far it saw before anything else, as a snapshot takes them.
            let begun = (|| Ok((store.change_mark()?, store.seen()?)))();
            let (mark, seen) = match begun {
                Ok(begun) => begun,
                Err(e) => {
                    let _ = send_start.send(Err(e));
                    return (self, Ok(()));
                }
            };
            let keys = match store.reader() {
                Ok(Some(beside)) => Keys::Reading(std::thread::spawn(move || {
                    Ok((
                        kept_links::to_link(beside.as_ref(), kept.as_deref())?,
                        beside,
                    ))
                })),
                // Without a second connection the keys come first on this one.
                _ => Keys::Read(store.task_keys()),
            };
            let wanted = send_start.send(Ok((mark, seen.clone(), keys))).is_ok();
            let read = match wanted {
                true => kept_pairs::read_pairs(store, kept_pairs.as_deref(), &seen, &mut |part| {
                    send_part.send(part).is_ok()
                }),
                // Nobody waits for it any more.
                false => Ok(()),
            };
            (self, read)
        });
        ReadAhead {
            start,
            kept_links,
            parts,
            reading,
        }
    }
}

impl ReadAhead {
    /// The snapshot of the whole ledger linked to `model` (what [`Ledger::snapshot`] gives),
    /// with the ledger back. The pairs already read are put on their tasks at once, the rest
    /// as they come.
    pub fn snapshot(self, model: &Model) -> (Ledger, Result<Snapshot, LedgerError>) {
        let parts = self.parts;
        let snap = match self.start.recv() {
            Ok(Ok((mark, seen, keys))) => match keys.links(model, self.kept_links.as_deref()) {
                Ok(links) => Ok(Snapshot {
                    seen: Some(seen),
                    ..assemble_parts(model, links, mark, parts)
                }),
                Err(e) => {
                    // No more is wanted: the read stops at its next part.
                    drop(parts);
                    Err(e)
                }
            },
            Ok(Err(e)) => Err(e),
            // The thread ended without a word: its panic is passed on below.
            Err(_) => Ok(Snapshot::empty()),
        };
        let (ledger, read) = (self.reading.join()).unwrap_or_else(|p| std::panic::resume_unwind(p));
        // A failure to begin (the keys) before one while reading the pairs, as a snapshot read
        // in turn would say.
        let snap = match snap {
            Err(e) => Err(e),
            Ok(s) => read.map(|()| s),
        };
        (ledger, snap)
    }
}
