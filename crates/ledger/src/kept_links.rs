//! The links of a ledger's task keys to today's tasks, kept between reads in the user's cache
//! folder, so that a whole read does not read and link every key again: at 1,000,000 rows,
//! reading the 44,000 keys and linking them was a third of what the ledger added to a report.
//!
//! Kept links hold for the documents they were made with (a digest of every task's document,
//! id and title, in order) and for the ledger they were made from: its lineage then (a file's
//! newest history row and its seal, which covers every row before it and the key each points
//! at, a key being written with its first row; a server's table of keys and its database), how
//! many keys there were up to the newest linked, and that key as it was. A read checks them,
//! reads only the keys written since, and adds them ([`link::extend`]); anything else, and any
//! file that is not whole, is linked again from every key. The file is a cache: deleting it
//! costs one link, never data.

use crate::LedgerError;
use crate::kept_file::{self, Reader, put_bytes};
use crate::link::{self, Links};
use crate::store::{Store, TaskKey};
use dutymatrix_reader::model::Model;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;

/// The first bytes of a kept-links file, with the version of its layout and of the rules.
const MAGIC: &[u8] = b"dutymatrix kept links 3\n";

/// Links kept with what they hold for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KeptLinks {
    /// [`digest`] of the model linked to.
    pub model: u128,
    /// The ledger's [`Store::lineage`] when the keys were read.
    pub lineage: (i64, Vec<u8>),
    /// The newest key linked, [`key_digest`] of it, and how many keys there were up to it.
    pub upto: i64,
    pub last: u64,
    pub count: i64,
    pub links: Links,
}

/// What linking reads of a model: each task's document, id and title, in order. Two fixed
/// seeds make it 128 bits, so that no two sets of documents a user holds share one.
pub(crate) fn digest(model: &Model) -> u128 {
    let mut halves = [0x6b65_7074, 0x6c69_6e6b]
        .map(|seed| foldhash::quality::FixedState::with_seed(seed).build_hasher());
    for h in &mut halves {
        h.write_usize(model.tasks.len());
    }
    for t in &model.tasks {
        for text in [&*t.document, &*t.id, t.title_simplified()] {
            for h in &mut halves {
                h.write_usize(text.len());
                h.write(text.as_bytes());
            }
        }
    }
    let [a, b] = halves.map(|h| h.finish());
    (u128::from(a) << 64) | u128::from(b)
}

/// Every field of a key, hashed: the newest key linked is found again as it was.
fn key_digest(k: &TaskKey) -> u64 {
    let mut h = foldhash::quality::FixedState::with_seed(0x6b6579).build_hasher();
    h.write_i64(k.id);
    for text in [&k.document, &k.task_id, &k.number, &k.fingerprint, &k.title] {
        h.write_usize(text.len());
        h.write(text.as_bytes());
    }
    h.finish()
}

/// The kept links in `file`, when it is there and whole.
pub(crate) fn read(file: &Path) -> Option<KeptLinks> {
    decode(kept_file::read(file, MAGIC)?.reader())
}

/// Keeps `kept` in `file`, replacing what was there; a cache that cannot be written is left.
pub(crate) fn write(file: &Path, kept: &KeptLinks) {
    let mut body = Vec::new();
    encode(kept, &mut body);
    kept_file::write(file, MAGIC, &body);
}

/// The keys a read of `store` must link, given what was kept: only the newer ones when the
/// kept links still hold for this ledger (the model is checked later, when there is one).
pub(crate) enum ToLink {
    Newer {
        kept: KeptLinks,
        newer: Vec<TaskKey>,
    },
    All(Vec<TaskKey>),
}

/// Reads what must be linked: the keys written since the links kept in `file`, or every key.
pub(crate) fn to_link(store: &dyn Store, file: Option<&Path>) -> Result<ToLink, LedgerError> {
    let kept = file.and_then(read);
    if let Some(kept) = kept
        && store.same_lineage(&kept.lineage)?
        && store.count_keys_upto(kept.upto)? == kept.count
    {
        // The newest key linked, as it was, then those written since.
        let mut newer = store.task_keys_after(kept.upto.saturating_sub(1))?;
        let first = newer.first().filter(|k| k.id == kept.upto);
        if first.is_some_and(|k| key_digest(k) == kept.last) {
            newer.remove(0);
            return Ok(ToLink::Newer { kept, newer });
        }
    }
    Ok(ToLink::All(store.task_keys()?))
}

/// The links of every key of `store` to `model`, from `read` (what [`to_link`] read), kept in
/// `file` (if any) when they changed.
pub(crate) fn links(
    store: &dyn Store,
    model: &Model,
    read: ToLink,
    file: Option<&Path>,
) -> Result<Links, LedgerError> {
    let read = match read {
        // Nothing to keep, or nowhere to keep it: no digest of every task is worth making.
        ToLink::All(keys) if file.is_none() || keys.is_empty() => {
            return Ok(link::link(model, &keys));
        }
        read => read,
    };
    let model_digest = digest(model);
    let (kept, newer) = match read {
        ToLink::Newer { kept, newer } if kept.model == model_digest => (kept, newer),
        ToLink::Newer { .. } => {
            return link_all(store, model, model_digest, store.task_keys()?, file);
        }
        ToLink::All(keys) => return link_all(store, model, model_digest, keys, file),
    };
    if newer.is_empty() {
        return Ok(kept.links);
    }
    let count = kept.count;
    match link::extend(model, kept.links, &newer) {
        Some(links) => {
            let count = count.saturating_add(newer.len() as i64);
            Ok(keep(store, file, model_digest, newer.last(), count, links))
        }
        None => link_all(store, model, model_digest, store.task_keys()?, file),
    }
}

fn link_all(
    store: &dyn Store,
    model: &Model,
    model_digest: u128,
    keys: Vec<TaskKey>,
    file: Option<&Path>,
) -> Result<Links, LedgerError> {
    let links = link::link(model, &keys);
    let count = keys.len() as i64;
    Ok(keep(store, file, model_digest, keys.last(), count, links))
}

/// Keeps `links`, `newest` the newest key read (keys come by id), with the ledger's lineage
/// now: taken after the keys, so every key read was written with a row it covers. A cache: what
/// cannot be kept is not, and the read it serves goes on. The links come back, not copied.
fn keep(
    store: &dyn Store,
    file: Option<&Path>,
    model: u128,
    newest: Option<&TaskKey>,
    count: i64,
    links: Links,
) -> Links {
    // No key has nothing worth keeping.
    let (Some(file), Some(newest)) = (file, newest) else {
        return links;
    };
    let Ok(Some(lineage)) = store.lineage() else {
        return links;
    };
    let kept = KeptLinks {
        model,
        lineage,
        upto: newest.id,
        last: key_digest(newest),
        count,
        links,
    };
    write(file, &kept);
    kept.links
}

fn encode(kept: &KeptLinks, out: &mut Vec<u8>) {
    out.extend_from_slice(&kept.model.to_le_bytes());
    for n in [kept.lineage.0, kept.upto, kept.count] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&kept.last.to_le_bytes());
    put_bytes(out, &kept.lineage.1);
    let mut linked: Vec<(i64, usize)> = kept
        .links
        .task_of_key
        .iter()
        .map(|(&k, &i)| (k, i))
        .collect();
    linked.sort_unstable();
    out.extend_from_slice(&(linked.len() as u64).to_le_bytes());
    for (key, task) in linked {
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&(task as u64).to_le_bytes());
        out.push(u8::from(kept.links.by_title.contains(&key)));
    }
    out.extend_from_slice(&(kept.links.orphans.len() as u64).to_le_bytes());
    for k in &kept.links.orphans {
        out.extend_from_slice(&k.id.to_le_bytes());
        for text in [&k.document, &k.task_id, &k.number, &k.fingerprint, &k.title] {
            put_bytes(out, text.as_bytes());
        }
    }
}

/// Reads what [`encode`] wrote, or None for anything else.
fn decode(mut r: Reader<'_>) -> Option<KeptLinks> {
    let model = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
    let (tail, upto, count, last) = (r.i64()?, r.i64()?, r.i64()?, r.u64()?);
    let lineage = (tail, r.bytes()?.to_vec());
    let mut links = Links::default();
    let linked = r.len(17)?;
    links.task_of_key.reserve(linked);
    for _ in 0..linked {
        let key = r.i64()?;
        let task = usize::try_from(r.u64()?).ok()?;
        match r.take(1)? {
            [0] => {}
            [1] => {
                links.by_title.insert(key);
            }
            _ => return None,
        }
        links.task_of_key.insert(key, task);
    }
    for _ in 0..r.len(48)? {
        let id = r.i64()?;
        let [document, task_id, number, fingerprint, title] = [(); 5].map(|()| r.text());
        links.orphans.push(TaskKey {
            id,
            document: document?,
            task_id: task_id?,
            number: number?,
            fingerprint: fingerprint?,
            title: title?,
        });
    }
    r.at.is_empty().then_some(KeptLinks {
        model,
        lineage,
        upto,
        last,
        count,
        links,
    })
}
