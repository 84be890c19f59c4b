//! A folder's cache opened and each of its files stamped (size, mtime, SHA-256): what tells a
//! load which entries are current, and which documents to read again.

use super::layout::read_cache;
use super::notice::Damage;
use super::{Cached, Head};
use crate::load::prefetch::{Progress, StopOnDrop, read_ahead};
use dutymatrix_base::par::par_map;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    pub(super) size: u64,
    pub(super) mtime_ns: u128,
    pub(super) sha256: [u8; 32],
}

/// A folder's cache opened and its files stamped: what a load of the folder starts from.
pub(crate) struct Opened {
    /// The cache file (None: no cache).
    pub(super) location: Option<PathBuf>,
    pub(super) cached: Option<Cached>,
    /// Why the cache at `location` is not used, when it is damaged.
    pub(super) damage: Option<Damage>,
    /// Each file's name, its entry in `cached` (by position), and its stamp now.
    pub(super) names: Vec<String>,
    pub(super) entries: Vec<Option<usize>>,
    pub(super) stamps: Vec<Option<Stamp>>,
}

impl Opened {
    /// The entry of file `i`, when it is still current.
    pub(super) fn current(&self, i: usize) -> Option<&Head> {
        let h = self.cached.as_ref()?.heads.get((*self.entries.get(i)?)?)?;
        (self.stamps.get(i)?.as_ref() == Some(&h.stamp)).then_some(h)
    }
}

/// Opens the cache at `location` for `files` (all in `dir`) and stamps each file.
pub(super) fn open_folder(
    dir: &Path,
    files: &[PathBuf],
    encoding: Option<&str>,
    location: Option<PathBuf>,
) -> Opened {
    let read = location.as_ref().map(|p| read_cache(p, dir, encoding));
    stamp_folder(files, location, read)
}

/// [`open_folder`] with the cache at `location` already read (None: no cache asked for).
pub(super) fn stamp_folder(
    files: &[PathBuf],
    location: Option<PathBuf>,
    read: Option<Result<Cached, Option<Damage>>>,
) -> Opened {
    let (cached, damage) = match read {
        Some(Ok(c)) => (Some(c), None),
        Some(Err(why)) => (None, why),
        None => (None, None),
    };
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let entries: Vec<Option<usize>> = match &cached {
        Some(c) => {
            let at: std::collections::HashMap<&str, usize> = (c.heads.iter().enumerate())
                .map(|(i, h)| (h.name.as_str(), i))
                .collect();
            names.iter().map(|n| at.get(n.as_str()).copied()).collect()
        }
        None => vec![None; files.len()],
    };
    let written = cached.as_ref().map(|c| c.written_ns);
    // Stamps only match against a cache and go into one written: without a cache, reading
    // and hashing every file for them would be lost work.
    let stamps: Vec<Option<Stamp>> = if location.is_some() {
        let known: Vec<Option<&Stamp>> = (0..files.len())
            .map(|i| {
                (cached.as_ref())
                    .zip(entries[i])
                    .and_then(|(c, e)| c.heads.get(e))
                    .map(|h| &h.stamp)
            })
            .collect();
        // A file the cache does not know is read for its hash: those are read ahead.
        let (knows, reads): (Vec<usize>, Vec<usize>) =
            (0..files.len()).partition(|&i| known[i].is_some());
        let one = |&i: &usize| stamp(&files[i], known[i], written);
        let read = par_map_reading_ahead(files, &reads, one);
        let looked = par_map(&knows, one);
        let mut stamps = vec![None; files.len()];
        for (i, s) in reads.iter().zip(read).chain(knows.iter().zip(looked)) {
            stamps[*i] = s;
        }
        stamps
    } else {
        vec![None; files.len()]
    };
    Opened {
        location,
        cached,
        damage,
        names,
        entries,
        stamps,
    }
}

/// How long before the cache was written a document's mtime must lie for size and mtime alone
/// to vouch for it: a file changed again within the same clock tick as the caching (the
/// kernel's file times are coarse) keeps its mtime, and is hashed however old it looks.
const RACY_NS: u128 = 2_000_000_000;

/// [`par_map`] of `todo`, indices of `files` each of which `f` reads: the kernel is asked for
/// the files a little ahead of the workers ([`read_ahead`]), so that a cold page cache does not
/// keep a core waiting on each read in turn.
pub(super) fn par_map_reading_ahead<R: Send>(
    files: &[PathBuf],
    todo: &[usize],
    f: impl Fn(&usize) -> R + Sync,
) -> Vec<R> {
    if todo.is_empty() {
        return Vec::new();
    }
    let progress = Progress::default();
    let paths: Vec<&PathBuf> = todo.iter().filter_map(|&i| files.get(i)).collect();
    std::thread::scope(|s| {
        let _stop = StopOnDrop(&progress);
        s.spawn(|| read_ahead(&paths, &progress));
        par_map(todo, |i| {
            progress.step();
            f(i)
        })
    })
}

/// What a document is now, or None when it cannot be read (then it is not cached). `known`:
/// its stamp in a cache written at `written` (ns since the epoch). When size and mtime still
/// match and the mtime is well before the cache was written, the document is not read again:
/// hashing every document was a tenth of a start from the cache.
fn stamp(path: &Path, known: Option<&Stamp>, written: Option<u128>) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime_ns = meta
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    if let (Some(k), Some(written)) = (known, written)
        && meta.is_file()
        && k.size == meta.len()
        && k.mtime_ns == mtime_ns
        && mtime_ns.saturating_add(RACY_NS) < written
        && meta.len() <= crate::load::limits::max_size()
    {
        return Some(k.clone());
    }
    // Over the size limit (or not a file): not hashed, not cached; the reader refuses it.
    let bytes = crate::load::limits::read_regular(path, &meta).ok()?;
    Some(Stamp {
        size: bytes.len() as u64,
        mtime_ns,
        sha256: Sha256::digest(&bytes).into(),
    })
}
