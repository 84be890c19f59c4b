//! The pairs in force (the state of every (task key, unit)), kept between whole reads in the
//! user's cache folder, so that a whole read reads again only the pairs of the keys written
//! since: at 1,000,000 rows, reading the 100,000 pairs in force was nine tenths of what the
//! ledger added to a report.
//!
//! Kept pairs hold for the ledger they were read from, as far as the read that made them saw
//! ([`Store::mark_of`]): for a file, the history row the read began at and the newest when it
//! ended, with that row's seal, which covers every row before it; for a server, the read's
//! transaction snapshot, in the same run of the same server, database and table. A writer
//! changes the state in force of its pair in the same transaction as its row, so a pair of a
//! key with nothing since is as it was read; a key with something has every pair read again
//! ([`Store::keys_since_mark`]). Anything else (another ledger or schema in its place, a server
//! restarted, a file not whole, too many keys written since) reads every pair, as before, and
//! so does a read its taker stopped before the end. The file is a cache: deleting it costs
//! one whole read, never data.

use crate::LedgerError;
use crate::kept_file::{self, Reader, put_bytes};
use crate::light::Status;
use crate::store::{Change, Current, Seen, Store};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The first bytes of a kept-pairs file, with the version of its layout.
const MAGIC: &[u8] = b"dutymatrix kept pairs 3\n";

/// Keys written since beyond which the pairs are read whole: each is a look-up of its own.
const MOST_KEYS: usize = 2048;

/// Keys read again beyond which the pairs are kept anew: below it, the next read reads the same
/// few again rather than this one writing every pair to disk.
const KEEP_AFTER: usize = 256;

/// Pairs handed on at once, as the store hands them.
const PART: usize = 4096;

/// Pairs in parts, as they are handed on.
type Parts = Vec<Vec<Current>>;

/// The pairs kept, with how far the read that made them saw ([`Store::mark_of`]); the pairs
/// in parts, as they are handed on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KeptPairs {
    pub mark: Vec<u8>,
    pub pairs: Parts,
}

/// Every pair in force of `store`, handed to `each` in parts as
/// [`Store::current_in_parts_beside`] hands them: from the pairs kept in `file` and the pairs
/// of the keys written since, when they hold for this ledger; else read whole, and kept.
/// `seen` is how far the read saw, taken before it.
pub(crate) fn read_pairs(
    store: &dyn Store,
    file: Option<&Path>,
    seen: &Seen,
    each: &mut dyn FnMut(Vec<Current>) -> bool,
) -> Result<(), LedgerError> {
    let Some(file) = file else {
        return store.current_in_parts_beside(each);
    };
    if let Some((pairs, read_again)) = since_kept(store, file)? {
        // Handed on first, kept after: the copy shares every text.
        let copy = (read_again > KEEP_AFTER).then(|| pairs.clone());
        hand_on(pairs, each);
        if let Some(pairs) = copy {
            keep(store, file, seen, pairs);
        }
        return Ok(());
    }
    let (mut all, mut whole) = (Vec::new(), true);
    store.current_in_parts_beside(&mut |part| {
        all.push(part.clone());
        whole &= each(part);
        whole
    })?;
    // A read its taker stopped is not every pair: kept, the pairs never read would be taken
    // for none.
    if whole {
        keep(store, file, seen, all);
    }
    Ok(())
}

/// The pairs as kept in `file`, with those of the keys written since read again, and how many
/// keys that was; None when the kept pairs do not hold for `store` or are not worth it.
pub(crate) fn since_kept(
    store: &dyn Store,
    file: &Path,
) -> Result<Option<(Parts, usize)>, LedgerError> {
    let Some(kept) = read(file) else {
        return Ok(None);
    };
    // A mark that cannot be read on from (or a failure to ask) reads every pair, which says
    // what is wrong if anything is.
    let keys = match store.keys_since_mark(&kept.mark) {
        Ok(Some(keys)) if keys.len() <= MOST_KEYS => keys,
        _ => return Ok(None),
    };
    let mut pairs = kept.pairs;
    if !keys.is_empty() {
        for part in &mut pairs {
            part.retain(|c| keys.binary_search(&c.key).is_err());
        }
        pairs.push(store.current_of_keys(&keys)?);
    }
    Ok(Some((pairs, keys.len())))
}

/// Hands `parts` on while they are wanted.
fn hand_on(parts: Parts, each: &mut dyn FnMut(Vec<Current>) -> bool) {
    for part in parts {
        if !each(part) {
            return;
        }
    }
}

/// Keeps `pairs`, read by a read that saw `seen`, with the store's mark of it. A cache: what
/// cannot be kept is not, and the read it serves goes on. An empty ledger has nothing to keep.
fn keep(store: &dyn Store, file: &Path, seen: &Seen, pairs: Parts) {
    let Ok(Some(mark)) = store.mark_of(seen) else {
        return;
    };
    write(file, &KeptPairs { mark, pairs });
}

/// The kept pairs in `file`, when it is there and whole.
pub(crate) fn read(file: &Path) -> Option<KeptPairs> {
    decode(kept_file::read(file, MAGIC)?.reader())
}

/// Keeps `kept` in `file`, replacing what was there.
pub(crate) fn write(file: &Path, kept: &KeptPairs) {
    kept_file::write(file, MAGIC, &encode(kept));
}

/// Bits of a pair's first byte: which of its parts follow.
const STATUS_ROW: u8 = 1;
const NOTE_ROW: u8 = 2;
const NOTE_TEXT: u8 = 4;
const NOTE_DATE: u8 = 8;

fn status_code(s: Option<Status>) -> u8 {
    s.and_then(|s| Status::ALL.iter().position(|&a| a == s))
        .map_or(0, |i| i as u8 + 1)
}

fn status_of(code: u8) -> Option<Option<Status>> {
    match code {
        0 => Some(None),
        n => Status::ALL.get(usize::from(n) - 1).copied().map(Some),
    }
}

/// Texts many pairs share (units, writers), each written once and named by its place.
#[derive(Default)]
struct Names<'a> {
    at: HashMap<&'a str, u32>,
    list: Vec<&'a str>,
}

impl<'a> Names<'a> {
    fn place(&mut self, name: &'a str) -> u32 {
        *self.at.entry(name).or_insert_with(|| {
            self.list.push(name);
            (self.list.len() - 1) as u32
        })
    }
}

fn encode(kept: &KeptPairs) -> Vec<u8> {
    let (mut units, mut writers) = (Names::default(), Names::default());
    let count: usize = kept.pairs.iter().map(Vec::len).sum();
    let mut pairs = Vec::with_capacity(count * 64);
    // The notes' texts one after another, apart from the pairs: checked as UTF-8 at once when
    // read (one at a time, the check was half of reading the pairs back).
    let mut texts = Vec::new();
    for c in kept.pairs.iter().flatten() {
        let note = c.note.as_deref();
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        let flags = flag(c.status_row.is_some(), STATUS_ROW)
            | flag(note.is_some(), NOTE_ROW)
            | flag(note.is_some_and(|n| n.note.is_some()), NOTE_TEXT)
            | flag(note.is_some_and(|n| n.note_date.is_some()), NOTE_DATE);
        pairs.push(flags);
        pairs.extend_from_slice(&c.key.to_le_bytes());
        pairs.extend_from_slice(&units.place(&c.unit).to_le_bytes());
        pairs.extend_from_slice(&c.last_row.to_le_bytes());
        pairs.extend_from_slice(&c.status_row.unwrap_or(0).to_le_bytes());
        pairs.push(status_code(c.status));
        let Some(n) = note else { continue };
        pairs.extend_from_slice(&n.id.to_le_bytes());
        pairs.push(status_code(n.status));
        if let Some(text) = &n.note {
            texts.extend_from_slice(text.as_bytes());
            pairs.extend_from_slice(&(text.len() as u64).to_le_bytes());
        }
        if let Some(d) = n.note_date {
            pairs.extend_from_slice(&i64::from(d.num_days_from_ce()).to_le_bytes());
        }
        pairs.extend_from_slice(&writers.place(&n.who).to_le_bytes());
        pairs.extend_from_slice(&n.uid.to_le_bytes());
        pairs.extend_from_slice(&n.at.timestamp().to_le_bytes());
        pairs.extend_from_slice(&n.at.timestamp_subsec_nanos().to_le_bytes());
    }
    let mut out = Vec::with_capacity(pairs.len() + 4096);
    put_bytes(&mut out, &kept.mark);
    for names in [&units, &writers] {
        out.extend_from_slice(&(names.list.len() as u64).to_le_bytes());
        for name in &names.list {
            put_bytes(&mut out, name.as_bytes());
        }
    }
    put_bytes(&mut out, &texts);
    out.extend_from_slice(&(count as u64).to_le_bytes());
    out.extend_from_slice(&pairs);
    out
}

/// Reads what [`encode`] wrote, or None for anything else.
fn decode(mut r: Reader<'_>) -> Option<KeptPairs> {
    let mark = r.bytes()?.to_vec();
    let mut names = || -> Option<Vec<Arc<str>>> {
        let n = r.len(8)?;
        (0..n).map(|_| r.str().map(Arc::from)).collect()
    };
    let (units, writers) = (names()?, names()?);
    let mut texts = Texts { left: r.str()? };
    let name = |list: &[Arc<str>], at: u32| list.get(usize::try_from(at).ok()?).cloned();
    let n = r.len(30)?;
    let mut parts = Vec::with_capacity(n.div_ceil(PART));
    let mut pairs = Vec::new();
    for _ in 0..n {
        if pairs.len() == PART {
            parts.push(std::mem::take(&mut pairs));
        }
        if pairs.is_empty() {
            pairs.reserve_exact(PART.min(n));
        }
        let flags = r.u8()?;
        let key = r.i64()?;
        let unit = name(&units, r.u32()?)?;
        let last_row = r.i64()?;
        let status_row = Some(r.i64()?).filter(|_| flags & STATUS_ROW != 0);
        let status = status_of(r.u8()?)?;
        let note = match flags & NOTE_ROW {
            0 => None,
            _ => {
                let id = r.i64()?;
                let status = status_of(r.u8()?)?;
                let note = match flags & NOTE_TEXT {
                    0 => None,
                    _ => Some(texts.next(r.u64()?)?),
                };
                let note_date = match flags & NOTE_DATE {
                    0 => None,
                    _ => Some(date(r.i64()?)?),
                };
                let who = name(&writers, r.u32()?)?;
                let uid = r.u32()?;
                let at = DateTime::<Utc>::from_timestamp(r.i64()?, r.u32()?)?;
                Some(Arc::new(Change {
                    id,
                    key,
                    unit: Arc::clone(&unit),
                    status,
                    note,
                    note_date,
                    who,
                    uid,
                    at,
                    undoes: None,
                    undone: false,
                }))
            }
        };
        pairs.push(Current {
            key,
            unit,
            status_row,
            status,
            note,
            last_row,
        });
    }
    parts.push(pairs);
    let whole = r.at.is_empty() && texts.left.is_empty();
    whole.then_some(KeptPairs { mark, pairs: parts })
}

/// The notes' texts not yet read, checked as UTF-8 all at once.
struct Texts<'a> {
    left: &'a str,
}

impl Texts<'_> {
    /// The next `len` bytes of text, when they end on a character's end.
    fn next(&mut self, len: u64) -> Option<String> {
        let len = usize::try_from(len).ok()?;
        let text = self.left.get(..len)?;
        self.left = &self.left[len..];
        Some(text.to_owned())
    }
}

/// The date `days` days from 1 January of year 1 (as [`NaiveDate::num_days_from_ce`]).
fn date(days: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?)
}
