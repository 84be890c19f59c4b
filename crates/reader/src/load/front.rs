//! The dashboard's first frame without decoding the corpus: every unit and every name's
//! counts come from the summaries the folders' caches prepared, and only the documents that
//! hold the selected unit's first screen of duties are decoded. The whole model is loaded
//! after that frame is drawn, and before the first key is handled.
//!
//! The part is built to draw exactly what the whole model draws: units merged in the same
//! order, documents renamed as the whole load renames them (the ids of the documents left out
//! are taken in passing), the selected unit's duties a prefix of its whole list, and every
//! count the whole load's.

use super::cache::front::{self as folder, FolderFront};
use super::cache::prepared::{add_counts, counts_table};
use super::file::{LoadError, read_file, txt_files};
use super::{Loaded, Options, finished};
use crate::domain::RoleCounts;
use crate::extract;
use crate::index::Index;
use crate::model::{Merger, Model, SCHEMA};
use crate::sources::BUILTIN;
use foldhash::HashMap;

/// What a load will hold, known before it is made: the parts read whole (the built-in
/// documents, files named alone) and the folders whose caches vouch for every file.
pub struct Front {
    parts: Vec<Part>,
    counts: HashMap<Box<str>, RoleCounts>,
}

enum Part {
    Whole(Model),
    Folder(Box<FolderFront>),
    /// A shared folder that cannot be listed: the load tells it among the documents skipped.
    Unlisted(LoadError),
}

/// The front of the load `opts` asks for; None when it cannot be known without the load
/// itself (no cache asked for, a folder whose cache is missing, stale or without a summary,
/// a file that does not read: the whole load then says why).
pub fn front(opts: &Options) -> Option<Front> {
    if opts.no_cache || opts.only_document.is_some() {
        return None;
    }
    let mut parts = Vec::new();
    if !opts.no_builtin {
        for b in BUILTIN {
            parts.push(Part::Whole(
                extract::read(b.name, b.bytes, None).ok()?.model,
            ));
        }
    }
    let enc = opts.encoding.as_deref();
    let dir = |path: &std::path::Path| {
        let files = txt_files(path).ok().filter(|f| !f.is_empty())?;
        let f = folder::open(opts.cache_home.as_deref(), path, files, enc)?;
        Some(Part::Folder(Box::new(f)))
    };
    for path in &opts.docs {
        parts.push(match path.is_dir() {
            true => dir(path)?,
            false => Part::Whole(read_file(path, enc).ok()?.model),
        });
    }
    // A shared folder may be empty, or not there today: the load goes on without it.
    for path in &opts.shared {
        match txt_files(path) {
            Ok(files) if files.is_empty() => {}
            Ok(_) => parts.push(dir(path)?),
            Err(e) => parts.push(Part::Unlisted(e)),
        }
    }
    // Without a folder the front would be the whole load, read twice; without a document the
    // load says there is nothing to show.
    if !parts.iter().any(|p| matches!(p, Part::Folder(_))) {
        return None;
    }
    let documents: usize = (parts.iter())
        .map(|p| match p {
            Part::Whole(m) => m.documents.len(),
            Part::Folder(f) => f.documents(),
            Part::Unlisted(_) => 0,
        })
        .sum();
    if documents == 0 {
        return None;
    }
    let mut counts = counts_table();
    for p in &parts {
        match p {
            Part::Whole(m) => add_counts(&mut counts, &m.tasks),
            Part::Folder(f) => f.add_counts(&mut counts),
            Part::Unlisted(_) => {}
        }
    }
    Some(Front { parts, counts })
}

impl Front {
    /// Every unit of the load, in its order, and no task: enough to rank the units and see
    /// which one the first frame selects. Counts are the whole load's.
    pub fn units(&self) -> Model {
        let mut model = Model {
            schema: SCHEMA,
            ..Model::default()
        };
        let mut merger = Merger::new(&model);
        for p in &self.parts {
            let units = match p {
                Part::Whole(m) => m.units.clone(),
                Part::Folder(f) => f.units().collect(),
                Part::Unlisted(_) => continue,
            };
            merger.add(
                &mut model,
                Model {
                    units,
                    ..Model::default()
                },
            );
        }
        self.counted(model)
    }

    /// Why the documents that could not be read were not, as the whole load tells it (those
    /// read whole fail the front itself). None when a folder's entry does not decode.
    pub fn skipped(&self) -> Option<Vec<LoadError>> {
        let mut out = Vec::new();
        for p in &self.parts {
            match p {
                Part::Folder(f) => out.extend(f.skipped()?),
                Part::Unlisted(e) => out.push(e.clone()),
                Part::Whole(_) => {}
            }
        }
        Some(out)
    }

    /// The part of the load that a first frame `rows` high shows with `unit` selected: its
    /// first `rows` duties' documents, and the documents read whole. With the documents that
    /// could not be read, as the whole load reports them. None when the frame would show
    /// more than the unit's own duties (a unit with fewer than `rows`, whose partners and
    /// counterparts follow them), or an entry does not decode.
    pub fn part_for(&self, unit: &str, rows: usize) -> Option<(Model, Vec<LoadError>)> {
        let total = self.counts.get(unit).map_or(0, RoleCounts::total);
        if total < rows {
            return None;
        }
        let rows = u32::try_from(rows).ok()?;
        self.part(|f| f.entries_for(unit, rows))
    }

    /// The part of the load that holds every task of `unit` (and the documents read whole):
    /// what `duties` needs of it, since the partners are counted from those tasks and the
    /// counterparts from the whole load's counts.
    pub fn unit_part(&self, unit: &str) -> Option<(Model, Vec<LoadError>)> {
        self.part(|f| f.all_entries_for(unit))
    }

    /// The part made of the entries `shown` picks in each folder.
    fn part(
        &self,
        shown: impl Fn(&FolderFront) -> Option<Vec<u32>>,
    ) -> Option<(Model, Vec<LoadError>)> {
        let mut model = Model {
            schema: SCHEMA,
            ..Model::default()
        };
        let mut merger = Merger::new(&model);
        let mut skipped = Vec::new();
        for p in &self.parts {
            match p {
                Part::Whole(m) => merger.add(&mut model, m.clone()),
                Part::Folder(f) => {
                    f.merge_into((&mut model, &mut merger), &shown(f)?, &mut skipped)?;
                }
                Part::Unlisted(e) => skipped.push(e.clone()),
            }
        }
        Some((self.counted(model), skipped))
    }

    /// The whole load the front stands for, going on from what the front read and checked:
    /// the built-in documents are not read again, nor the folders listed and stamped, nor
    /// their caches' contents decoded again.
    pub fn load(self) -> Result<Loaded, LoadError> {
        let mut model = Model {
            schema: SCHEMA,
            ..Model::default()
        };
        let mut merger = Merger::new(&model);
        let (mut skipped, mut notices) = (Vec::new(), Vec::new());
        for p in self.parts {
            match p {
                Part::Whole(m) => merger.add(&mut model, m),
                Part::Folder(f) => {
                    let read = f.read_whole((&mut model, &mut merger));
                    skipped.extend(read.skipped);
                    notices.extend(read.notices);
                }
                Part::Unlisted(e) => skipped.push(e),
            }
        }
        finished((model, merger), skipped, notices, true)
    }

    /// `model`, a part of the load, answering every count with the whole load's.
    fn counted(&self, model: Model) -> Model {
        let ix = Index::build(model.parts()).counting_as(self.counts.clone());
        model.index.set(model.parts(), ix);
        model
    }
}
