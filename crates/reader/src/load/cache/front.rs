//! A folder's part of the dashboard's first frame, read from its cache without decoding the
//! folder: trusted only while the cache holds a current entry for every file, in order, and
//! the summary prepared when it was written ([`super::prepared`]).

use super::prepared::{Prepared, PreparedName};
use super::{Cached, Outcome, cache_path, from_file, par_map, read_cache, stamp};
use crate::domain::{RoleCounts, Unit};
use crate::load::file::LoadError;
use crate::model::{Merger, Model};
use foldhash::HashMap;
use std::path::{Path, PathBuf};

pub(crate) struct FolderFront {
    files: Vec<PathBuf>,
    cached: Cached,
    prepared: Prepared,
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
    let path = cache_path(home, dir, encoding)?;
    let cached = read_cache(&path, dir, encoding).ok()?;
    let prepared: Prepared = postcard::from_bytes(&cached.piece(cached.prepared?)?).ok()?;
    if cached.heads.len() != files.len() {
        return None;
    }
    let named = files.iter().zip(&cached.heads).all(|(f, h)| {
        f.file_name()
            .is_some_and(|n| n.to_string_lossy() == h.name.as_str())
    });
    if !named {
        return None;
    }
    let at: Vec<usize> = (0..files.len()).collect();
    let written = Some(cached.written_ns);
    let current = par_map(&at, |&i| {
        let (Some(f), Some(h)) = (files.get(i), cached.heads.get(i)) else {
            return false;
        };
        stamp(f, Some(&h.stamp), written).as_ref() == Some(&h.stamp)
    });
    if !current.into_iter().all(|c| c) {
        return None;
    }
    let names = (prepared.names.iter().enumerate())
        .map(|(i, n)| (n.name.clone(), i))
        .collect();
    Some(FolderFront {
        files,
        cached,
        prepared,
        names,
    })
}

impl FolderFront {
    /// The folder's units, merged as a load of it merges them.
    pub fn units(&self) -> impl Iterator<Item = Unit> + '_ {
        self.prepared.units.iter().map(|u| u.unit())
    }

    /// Adds the folder's counts by name to `into`.
    pub fn add_counts(&self, into: &mut HashMap<Box<str>, RoleCounts>) {
        for n in &self.prepared.names {
            let c = n.role_counts();
            let to = match into.get_mut(n.name.as_str()) {
                Some(to) => to,
                None => into.entry(n.name.as_str().into()).or_default(),
            };
            to.lead += c.lead;
            to.support += c.support;
            to.responsible += c.responsible;
            to.data_provider += c.data_provider;
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
            Some(n) => PreparedName::entries_for(n, rows),
            None => Some(Vec::new()),
        }
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
        for (i, h) in self.cached.heads.iter().enumerate() {
            let at = i as u32;
            // Both lists are in entry order.
            let shown = wanted.binary_search(&at).is_ok();
            if !shown && self.prepared.failed.binary_search(&at).is_err() {
                merger.pass_over(&h.documents);
                continue;
            }
            let path = self.files.get(i)?;
            match self.cached.decode(h)? {
                Outcome::Read(m) => merger.add(model, from_file(m, path)),
                Outcome::Failed(reason) => skipped.push(LoadError {
                    path: path.display().to_string(),
                    reason,
                }),
            }
        }
        Some(())
    }
}
