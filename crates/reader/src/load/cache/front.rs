//! A folder's part of the dashboard's first frame, read from its cache without decoding the
//! folder: trusted only while the cache holds a current entry for every file, in order, and
//! the summary prepared when it was written ([`super::prepared`]).

use super::prepared::{Postings, Prepared};
use super::stamp_folder;
use super::{FolderRead, Opened, Outcome, cache_path, from_file, read_cache, read_folder_into};
use crate::domain::{RoleCounts, Unit};
use crate::load::file::LoadError;
use crate::load::reason::Reason;
use crate::model::{Merger, Model};
use foldhash::HashMap;
use std::path::{Path, PathBuf};

pub(crate) struct FolderFront {
    dir: PathBuf,
    files: Vec<PathBuf>,
    encoding: Option<String>,
    /// The cache opened and every file stamped: the whole load goes on from here.
    opened: Opened,
    prepared: Prepared,
    /// The postings after the summary, decoded only when a unit's every entry is asked for.
    postings: Vec<u8>,
    names: HashMap<String, usize>,
}

/// The folder's cache, when every one of `files` (the folder's, in order) has a current
/// entry in it and it holds a prepared summary; None otherwise (then the whole folder is read
/// before the first frame, and the cache written again with its summary).
pub(crate) fn open(
    home: Option<&Path>,
    dir: &Path,
    files: Vec<PathBuf>,
    encoding: Option<&str>,
) -> Option<FolderFront> {
    let location = cache_path(home, dir, encoding)?;
    // The cache is read and its summary checked before any file is stamped: without them the
    // folder is read whole, and it stamps the files itself.
    let cached = read_cache(&location, dir, encoding).ok()?;
    let piece = cached.piece(cached.prepared?)?;
    let (prepared, postings) = postcard::take_from_bytes::<Prepared>(&piece).ok()?;
    let postings = postings.to_vec();
    let named = cached.heads.len() == files.len()
        && (files.iter().zip(&cached.heads)).all(|(f, h)| {
            f.file_name()
                .is_some_and(|n| n.to_string_lossy() == h.name.as_str())
        });
    if !named {
        return None;
    }
    let opened = stamp_folder(&files, Some(location), Some(Ok(cached)));
    // The summary's entries are the files' positions: every file has the entry of its place.
    let in_place = (0..files.len()).all(|i| opened.entries.get(i) == Some(&Some(i)))
        && (0..files.len()).all(|i| opened.current(i).is_some());
    if !in_place {
        return None;
    }
    let names = (prepared.names.iter().enumerate())
        .map(|(i, n)| (n.name.clone(), i))
        .collect();
    Some(FolderFront {
        dir: dir.to_path_buf(),
        files,
        encoding: encoding.map(str::to_string),
        opened,
        prepared,
        postings,
        names,
    })
}

impl FolderFront {
    /// The folder's units, merged as a load of it merges them.
    pub fn units(&self) -> impl Iterator<Item = Unit> + '_ {
        self.prepared.units.iter().map(|u| u.unit())
    }

    /// How many documents the folder's entries hold.
    pub fn documents(&self) -> usize {
        (self.opened.cached.as_ref()).map_or(0, |c| c.heads.iter().map(|h| h.documents.len()).sum())
    }

    /// Adds the folder's counts by name to `into`.
    pub fn add_counts(&self, into: &mut HashMap<Box<str>, RoleCounts>) {
        for n in &self.prepared.names {
            let c = n.role_counts();
            match into.get_mut(n.name.as_str()) {
                Some(to) => to.add_all(c),
                None => into.entry(n.name.as_str().into()).or_default().add_all(c),
            }
        }
    }

    /// The entries that hold `name`'s first `rows` tasks in the folder (none when it has no
    /// task here); None when the summary does not list that many.
    pub fn entries_for(&self, name: &str, rows: u32) -> Option<Vec<u32>> {
        match self
            .names
            .get(name)
            .and_then(|&i| self.prepared.names.get(i))
        {
            Some(n) => n.entries_for(rows),
            None => Some(Vec::new()),
        }
    }

    /// Every entry that holds `name`'s tasks in the folder (none when it has none here); None
    /// when the postings do not decode.
    pub fn all_entries_for(&self, name: &str) -> Option<Vec<u32>> {
        let Some(&i) = self.names.get(name) else {
            return Some(Vec::new());
        };
        postcard::from_bytes::<Postings>(&self.postings)
            .ok()?
            .entries(i)
    }

    /// Merges the entries `wanted` into `model` as a load of the whole folder would, and
    /// takes the ids of the others' documents as if they had been merged too; why the
    /// failed documents could not be read goes to `skipped`. None when an entry does not
    /// decode (then the whole load finds the damage and reads the document again).
    pub fn merge_into(
        &self,
        (model, merger): (&mut Model, &mut Merger),
        wanted: &[u32],
        skipped: &mut Vec<LoadError>,
    ) -> Option<()> {
        let units = Model {
            units: self.units().collect(),
            ..Model::default()
        };
        merger.add(model, units);
        let cached = self.opened.cached.as_ref()?;
        for (i, h) in cached.heads.iter().enumerate() {
            let at = i as u32;
            // Both lists are in entry order.
            let shown = wanted.binary_search(&at).is_ok();
            if !shown && self.prepared.failed.binary_search(&at).is_err() {
                merger.pass_over(&h.documents);
                continue;
            }
            match cached.decode(h)? {
                Outcome::Read(m) => merger.add(model, from_file(m, self.files.get(i)?)),
                Outcome::Failed(reason) => skipped.push(self.failed(i, reason)?),
            }
        }
        Some(())
    }

    /// Why the folder's documents that could not be read were not, as the load tells it;
    /// None when an entry does not decode.
    pub fn skipped(&self) -> Option<Vec<LoadError>> {
        let cached = self.opened.cached.as_ref()?;
        let failed = self.prepared.failed.iter().map(|&at| {
            let i = usize::try_from(at).ok()?;
            match cached.decode(cached.heads.get(i)?)? {
                Outcome::Failed(reason) => self.failed(i, reason),
                Outcome::Read(_) => None,
            }
        });
        failed.collect()
    }

    /// Why the document of file `i` could not be read, as the load tells it.
    fn failed(&self, i: usize, reason: Reason) -> Option<LoadError> {
        Some(LoadError {
            path: self.files.get(i)?.display().to_string(),
            reason,
        })
    }

    /// The whole folder into `model`, as a load of it reads it, from the cache as it was
    /// found current for the front.
    pub fn read_whole(self, into: (&mut Model, &mut Merger)) -> FolderRead {
        let encoding = self.encoding.as_deref();
        read_folder_into(&self.dir, &self.files, (encoding, None), self.opened, into)
    }
}
