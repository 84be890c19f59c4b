//! Reading a folder of documents on every core, and a cache of what was read, beside the user's
//! other caches: `$XDG_CACHE_HOME/dutymatrix/<folder key>.bin` (else `~/.cache/…`).
//!
//! The cache holds each document's model (or why it failed) with the document's size, mtime and
//! SHA-256. A document is taken from the cache only while all three match (as git and make do,
//! size and an mtime older than the cache by more than the clock's tick stand for the hash
//! without reading the document; a newer one is hashed); the others are read
//! again and the cache rewritten (a temporary file in the same folder, then a rename, so no
//! reader ever sees half of one). The file starts with a header naming the cache format, the
//! model schema, the program version and its build id: a cache from any other build is not
//! used, and a cache whose payload does not check out (hash, decoding) is discarded with a
//! notice and rebuilt.
//! Everything in it is postcard: the table of contents, the dashboard's first-frame summary
//! (see [`prepared`] and [`front`]), and each document's entry, a tag byte and then its packed
//! model (see [`packed`]) or why it failed, the entry compressed (see
//! [`crate::compressed`]). Where each is: [`layout`].

pub(crate) mod front;
mod layout;
mod notice;
mod opened;
pub(crate) mod packed;
pub(crate) mod prepared;
use dutymatrix_base::par::par_in_order;
use layout::{read_cache, write_cache};
pub use notice::{CacheNotice, Damage};
pub(crate) use opened::Opened;
use opened::{Stamp, open_folder, stamp_folder};

use crate::load::file::{LoadError, read_file};
use crate::load::prefetch::{Progress, StopOnDrop, read_ahead};
use crate::load::reason::Reason;
use crate::load::{base_id, wanted};
use crate::model::{Merger, Model, SCHEMA};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Bump when the layout of [`CacheFile`] changes.
pub const FORMAT: u32 = 11;
const MAGIC: &[u8; 16] = b"dutymatrix-cache";

/// A folder's documents merged into one model, in file-name order, and what could not be read.
/// (Read into another model, [`read_folder`]'s, `model` is empty.)
#[derive(Debug, Default)]
pub struct FolderRead {
    pub model: Model,
    pub skipped: Vec<LoadError>,
    /// Messages for the user about the cache itself (discarded, not writable).
    pub notices: Vec<CacheNotice>,
    /// How many documents were read from their text (the rest came from the cache).
    pub parsed: usize,
}

/// The table of contents: which document is where in the file, as it was when cached.
#[derive(Debug, Serialize, Deserialize)]
struct Contents {
    folder: String,
    encoding: Option<String>,
    entries: Vec<Head>,
    /// Where the summary the dashboard's first frame needs of the folder is, after the
    /// entries, when every entry was decoded for the write (see [`prepared`]): apart from
    /// the contents, which every load decodes, and read only by the first frame.
    prepared: Option<Piece>,
}

/// Bytes of the file after the contents: where, how many, their CRC-32.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Piece {
    offset: u64,
    len: u64,
    crc32: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Head {
    name: String,
    stamp: Stamp,
    /// Where the entry's encoded [`Outcome`] is, counted from the end of the contents.
    offset: u64,
    len: u64,
    /// CRC-32 of the entry: it catches a damaged entry at a tenth of SHA-256's cost; the
    /// decoding that follows checks every span and number anyway.
    crc32: u32,
    /// The ids of the entry's documents as read (before a clash renames them): a load of one
    /// document's tasks decodes only the entries that hold it.
    documents: Vec<String>,
}

#[derive(Debug)]
enum Outcome {
    Read(Model),
    /// Why the document could not be read, so an unreadable document is not read again either.
    Failed(Reason),
}

const READ: u8 = 0;
const FAILED: u8 = 1;

/// A cache file opened: its entries, and the open file their outcomes are read from one at a
/// time (reading the whole file first held a copy of it, 1.44× the corpus, beside the models).
struct Cached {
    heads: Vec<Head>,
    file: std::fs::File,
    /// The file's length when it was opened.
    len: u64,
    /// Where the entries' bytes start in the file.
    base: u64,
    /// When the cache file was last written (its mtime, ns since the epoch).
    written_ns: u128,
    prepared: Option<Piece>,
}

impl Cached {
    /// The entry's bytes as they were written; None when they are not (cut short, unreadable,
    /// or not matching their CRC): what is decoded, and what a rewritten cache copies, so an
    /// entry this load did not decode (another document's, in a load of one) never carries
    /// its damage into the new file.
    fn blob(&self, h: &Head) -> Option<Vec<u8>> {
        self.piece(Piece {
            offset: h.offset,
            len: h.len,
            crc32: h.crc32,
        })
    }

    fn piece(&self, p: Piece) -> Option<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        let start = self.base.checked_add(p.offset)?;
        if start.checked_add(p.len)? > self.len {
            return None;
        }
        let mut blob = vec![0; usize::try_from(p.len).ok()?];
        self.file.read_exact_at(&mut blob, start).ok()?;
        (crc32fast::hash(&blob) == p.crc32).then_some(blob)
    }

    fn decode(&self, h: &Head) -> Option<Outcome> {
        decode(&crate::compressed::decompress(&self.blob(h)?)?)
    }
}

/// Reads `files` (all in `dir`) on every core, from the cache where it is current (in
/// `cache_home`, else the user's cache folder; None: no cache).
/// The documents go into `into` through `merger`, so that a document id taken by an earlier
/// part of the load is renamed as if every document had been merged at once; the returned
/// read's `model` is left empty. `only`: see [`crate::load::Options::only_document`].
pub fn read_folder(
    dir: &Path,
    files: &[PathBuf],
    encoding: Option<&str>,
    only: Option<&str>,
    cache_home: Option<Option<&Path>>,
    into: (&mut Model, &mut Merger),
) -> FolderRead {
    let location = cache_home.and_then(|home| cache_path(home, dir, encoding));
    let opened = open_folder(dir, files, encoding, location);
    read_folder_into(dir, files, (encoding, only), opened, into)
}

/// [`read_folder`] with the cache file named (None: no cache), into a model of its own.
pub fn read_folder_with(
    dir: &Path,
    files: &[PathBuf],
    encoding: Option<&str>,
    location: Option<PathBuf>,
) -> FolderRead {
    let mut model = Model {
        schema: SCHEMA,
        ..Model::default()
    };
    let mut merger = Merger::new(&model);
    let opened = open_folder(dir, files, encoding, location);
    let mut out = read_folder_into(
        dir,
        files,
        (encoding, None),
        opened,
        (&mut model, &mut merger),
    );
    merger.finish(&model);
    out.model = model;
    out
}

fn read_folder_into(
    dir: &Path,
    files: &[PathBuf],
    (encoding, only): (Option<&str>, Option<&str>),
    opened: Opened,
    (model, merger): (&mut Model, &mut Merger),
) -> FolderRead {
    let mut out = FolderRead::default();
    let damaged = |out: &mut FolderRead, path: &Path, why: Damage| {
        out.notices.push(CacheNotice::Discarded {
            path: path.display().to_string(),
            why,
        });
    };
    if let (Some(path), Some(why)) = (&opened.location, opened.damage) {
        damaged(&mut out, path, why);
        let _ = std::fs::remove_file(path);
    }
    // The cached entries still current; None: read from the text.
    let current: Vec<Option<&Head>> = (0..files.len()).map(|i| opened.current(i)).collect();
    let (location, cached, names, stamps) = (
        &opened.location,
        &opened.cached,
        &opened.names,
        &opened.stamps,
    );
    let parse = |i: usize| {
        let (outcome, blob) = match read_file(&files[i], encoding) {
            // Packed even without a cache to write: the model as the cache gives it back keeps
            // its strings in one block, where extraction made each string on its own (the peak
            // at 10,000 documents read from text: 1,045 → 636 MB). Without a cache, in place.
            Ok(x) if location.is_none() => (Outcome::Read(packed::packed_model(x.model)), None),
            Ok(x) => {
                match packed::pack(&x.model) {
                    Some(p) => {
                        // An entry that would not decode (`bytes_after` says) is not written:
                        // it would be damage next time.
                        let blob = p.bytes_after(vec![READ]);
                        match p.into_model(x.model) {
                            Ok(m) => (Outcome::Read(m), blob),
                            Err(m) => (Outcome::Read(m), None),
                        }
                    }
                    None => (Outcome::Read(x.model), None),
                }
            }
            Err(e) => {
                let blob = location.as_ref().and_then(|_| encode_failed(&e.reason));
                (Outcome::Failed(e.reason), blob)
            }
        };
        let ids = match &outcome {
            Outcome::Read(m) => m.documents.iter().map(|d| d.id.clone()).collect(),
            Outcome::Failed(_) => Vec::new(),
        };
        let stored: Option<Stored> = blob
            .and_then(|b| crate::compressed::compress(&b))
            .map(|b| (b, ids));
        (outcome, stored)
    };
    let todo: Vec<usize> = (0..files.len()).filter(|&i| current[i].is_none()).collect();
    let mut blobs: Vec<Option<Stored>> = vec![None; files.len()];
    // Read from the text or decoded, on every core a run of documents at a time, and each run
    // merged as it comes: the merge overlaps the reading, where it ran alone after it (a
    // tenth of the wall time at 10,000 documents), and the documents' own models are freed
    // as they are merged, where they were all held until the merge.
    // Short runs when much is read from text, that the last run not hold up the end; a few
    // changed documents among many cached ones go in the decoding's long runs.
    let run = if todo.len() * 8 > files.len() {
        TEXT_RUN
    } else {
        RUN
    };
    let runs: Vec<std::ops::Range<usize>> = (0..files.len())
        .step_by(run)
        .map(|first| first..(first + run).min(files.len()))
        .collect();
    let progress = Progress::default();
    let decode_run = |run: &std::ops::Range<usize>| {
        let mut models = Vec::with_capacity(run.len());
        let mut read = RunRead::default();
        for i in run.clone() {
            let decoded = || {
                current[i]
                    .zip(cached.as_ref())
                    .and_then(|(h, c)| c.decode(h))
            };
            // An entry the cache vouches for that holds none of the documents asked for is
            // not decoded at all.
            let unwanted = |h: &Head| {
                only.is_some_and(|o| {
                    !h.documents.is_empty() && h.documents.iter().all(|d| base_id(d) != o)
                })
            };
            if current[i].is_some_and(unwanted) {
                continue;
            }
            let outcome = if current[i].is_none() {
                progress.step();
                let (outcome, blob) = parse(i);
                read.fresh.push((i, blob));
                outcome
            } else if let Some(o) = decoded() {
                o
            } else {
                // A current entry that does not decode is damage: read the text again.
                let (outcome, blob) = parse(i);
                read.reparsed.push((i, blob));
                outcome
            };
            let path = &files[i];
            match outcome {
                Outcome::Read(m) => models.push((i, from_file(m, path))),
                Outcome::Failed(reason) => read.skipped.push((
                    i,
                    LoadError {
                        path: path.display().to_string(),
                        reason,
                    },
                )),
            }
        }
        read.models = models;
        read
    };
    let mut damage = false;
    out.parsed = todo.len();
    // The first frame's summary is put together only for a write that can hold it: one of
    // every entry, each decoded here.
    let mut preparing = (location.is_some() && only.is_none())
        .then(prepared::PreparedBuilder::default)
        .filter(|_| {
            !todo.is_empty()
                || (cached.as_ref()).is_none_or(|c| {
                    // A damaged summary is written again, or every start would be without it.
                    c.heads.len() != files.len() || c.prepared.and_then(|p| c.piece(p)).is_none()
                })
        });
    let paths: Vec<&PathBuf> = todo.iter().filter_map(|&i| files.get(i)).collect();
    std::thread::scope(|s| {
        let _stop = StopOnDrop(&progress);
        if !paths.is_empty() {
            s.spawn(|| read_ahead(&paths, &progress));
        }
        par_in_order(&runs, decode_run, |run| {
            for (i, blob) in run.fresh {
                blobs[i] = blob;
            }
            for (i, blob) in run.reparsed {
                damage = true;
                out.parsed += 1;
                blobs[i] = blob;
            }
            let incoming: usize = run.models.iter().map(|(_, m)| m.tasks.len()).sum();
            if let Some(&(i, _)) = run.models.last()
                && only.is_none()
            {
                room_for_folder(&mut model.tasks, incoming, i, files.len());
            }
            for (i, m) in run.models.into_iter().filter(|(_, m)| wanted(m, only)) {
                if let Some(p) = &mut preparing {
                    p.add(i, &m.units, &m.tasks);
                }
                merger.add(model, m);
            }
            for (i, e) in run.skipped {
                if let Some(p) = &mut preparing {
                    p.failed(i);
                }
                out.skipped.push(e);
            }
        });
    });
    drop(runs);
    if let (Some(path), true) = (&location, damage) {
        damaged(&mut out, path, Damage::DamagedEntry);
    }
    let unchanged = out.parsed == 0
        && preparing.is_none()
        && cached
            .as_ref()
            .is_some_and(|c| c.heads.len() == files.len());
    if let Some(path) = &location
        && !unchanged
    {
        let entries: Vec<(String, Stamp, Stored)> = (0..files.len())
            .filter_map(|i| {
                let stored = match (blobs[i].take(), current[i], &cached) {
                    (Some(b), _, _) => b,
                    (None, Some(h), Some(c)) => (c.blob(h)?, h.documents.clone()),
                    _ => return None,
                };
                Some((names[i].clone(), stamps[i].clone()?, stored))
            })
            .collect();
        // Its entries are the files': only a cache that holds every file can stand for them.
        let whole = entries.len() == files.len();
        let prepared = match preparing {
            Some(p) => whole
                .then(|| {
                    let (prepared, postings) = p.finish();
                    prepared::encode(&prepared, &postings)
                })
                .flatten(),
            // No document changed (an entry was only repaired from its unchanged text): the
            // summary the cache has still stands, and is carried over.
            None if whole && todo.is_empty() => cached.as_ref().and_then(|c| c.piece(c.prepared?)),
            None => None,
        };
        let contents = Contents {
            folder: folder_key(dir),
            encoding: encoding.map(str::to_string),
            entries: Vec::new(),
            prepared: None,
        };
        if let Err(e) = write_cache(path, contents, &entries, prepared.as_deref()) {
            out.notices.push(CacheNotice::NotWritten {
                path: path.display().to_string(),
                why: Reason::from(&e),
            });
        }
    }
    out
}

/// How many documents are decoded and merged at a time.
const RUN: usize = 128;

/// An entry to write: its encoded outcome and the ids of its documents.
type Stored = (Vec<u8>, Vec<String>);

/// Room in the merged list for `incoming` more, taken, when it must grow, for the whole folder
/// as guessed from the documents up to `last` of `files`: grown by doubling, the list was
/// copied a dozen times over on the merging thread.
fn room_for_folder<T>(merged: &mut Vec<T>, incoming: usize, last: usize, files: usize) {
    let after = merged.len() + incoming;
    if after <= merged.capacity() {
        return;
    }
    // A tenth over the guess, that a folder whose later documents hold a few more tasks is
    // not copied once more near its end; never less than doubled, that a guess too low is
    // not followed by many small copies.
    let guess = after / (last + 1) * files.max(last + 1);
    let room = (guess.saturating_add(guess / 10))
        .max(after)
        .max(merged.capacity().saturating_mul(2));
    merged.reserve_exact(room - merged.len());
}

/// How many documents are read from their text and merged at a time: fewer than are
/// decoded, for reading one costs a hundred times more, and the last run holds up the end.
const TEXT_RUN: usize = 16;

/// What a run gave: its documents' models, those that failed (each by its position in the
/// folder), the entries read from the text, and those read again for damage.
#[derive(Default)]
struct RunRead {
    models: Vec<(usize, Model)>,
    skipped: Vec<(usize, LoadError)>,
    fresh: Vec<(usize, Option<Stored>)>,
    reparsed: Vec<(usize, Option<Stored>)>,
}

/// A document's model as read from `path`: its documents say where they came from.
fn from_file(mut m: Model, path: &Path) -> Model {
    let shown = path.display().to_string();
    for d in &mut m.documents {
        d.source = shown.clone();
    }
    m
}

/// The outcome an entry holds; None when it does not decode to one.
fn decode(blob: &[u8]) -> Option<Outcome> {
    match blob.split_first()? {
        (&READ, rest) => packed::unpack(rest).map(Outcome::Read),
        (&FAILED, rest) => postcard::from_bytes(rest).ok().map(Outcome::Failed),
        _ => None,
    }
}

/// A failure as stored: a tag byte, then the reason (postcard); None for a failure not kept.
/// A model is stored by [`packed::Packed::bytes_after`], after its tag.
fn encode_failed(why: &Reason) -> Option<Vec<u8>> {
    // Only what the text itself decides is kept: a file too big for today's --max-size, or
    // unreadable today, is tried again next time.
    match why {
        Reason::Extract(_) => postcard::to_extend(why, vec![FAILED]).ok(),
        _ => None,
    }
}

/// Where the cache of `dir` lives: one file per folder (its full path) and encoding override,
/// in `home` (else the user's cache folder).
pub fn cache_path(home: Option<&Path>, dir: &Path, encoding: Option<&str>) -> Option<PathBuf> {
    let base = match home {
        Some(h) => h.to_path_buf(),
        None => dutymatrix_base::paths::cache_dir()?,
    };
    let mut h = Sha256::new();
    h.update(folder_key(dir).as_bytes());
    h.update([0]);
    h.update(encoding.unwrap_or("").as_bytes());
    let key: String = h.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Some(base.join(format!("{key}.bin")))
}

/// The folder's full path, whatever spelling the user gave.
fn folder_key(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::room_for_folder;

    /// The merged list grows once to the folder's guessed size, a tenth over, and never by less
    /// than doubling when the guess falls short.
    #[test]
    fn the_merged_list_grows_to_the_folder() {
        let mut merged: Vec<u32> = Vec::new();
        // 40 tasks from the first 4 of 100 documents: room for 1,000 and a tenth.
        room_for_folder(&mut merged, 40, 3, 100);
        assert!(
            (1_100..2_000).contains(&merged.capacity()),
            "{}",
            merged.capacity()
        );
        merged.extend(0..1_100);
        // More tasks than guessed: at least doubled.
        room_for_folder(&mut merged, 1, 98, 100);
        assert!(merged.capacity() >= 2_200, "{}", merged.capacity());
        // Room enough: nothing is taken.
        let before = merged.capacity();
        room_for_folder(&mut merged, 10, 99, 100);
        assert_eq!(merged.capacity(), before);
    }
}
