//! Gathers the documents to read (built-in, the user's files and folders, a team's shared folder)
//! and merges them into one model.

use crate::extract;
use crate::model::{Merger, Model, SCHEMA};
use crate::sources::BUILTIN;
use std::path::{Path, PathBuf};

pub mod cache;
mod file;
mod front;
mod limits;
mod prefetch;
mod reason;
pub use file::{LoadError, read_file, shown, txt_files};
pub use front::{Front, front};
pub use limits::{DEFAULT_MAX_SIZE, parse_size, read_regular, set_max_size};
pub use reason::{FileKind, Reason, size_shown};

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Files or folders the user named: an unreadable file is an error.
    pub docs: Vec<PathBuf>,
    /// Shared folders (DUTYMATRIX_DOCS): documents that fail are reported and skipped.
    pub shared: Vec<PathBuf>,
    pub no_builtin: bool,
    /// An encoding label that overrides detection for the user's files.
    pub encoding: Option<String>,
    /// Read every folder from its text, neither using nor writing the cache (`--no-cache`).
    pub no_cache: bool,
    /// Only the documents whose id, without the `~2` a clash adds, is this one (with the units
    /// they name): what a write to one task needs. Documents the cache vouches for are not even
    /// decoded, so such a load costs one document, not the corpus. Ids are renamed as in a
    /// whole load, since every document of that id is read.
    pub only_document: Option<String>,
    /// Where the folders' caches live; None: the user's cache folder (`$XDG_CACHE_HOME`).
    pub cache_home: Option<PathBuf>,
}

/// A document id without the `~N` suffixes that clashes add (`通知~2~3` → `通知`).
pub fn base_id(id: &str) -> &str {
    let mut id = id;
    while let Some((head, n)) = id.rsplit_once('~') {
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        id = head;
    }
    id
}

/// Whether `m` holds a document `only` asks for (every model does when None).
pub(crate) fn wanted(m: &Model, only: Option<&str>) -> bool {
    only.is_none_or(|o| m.documents.iter().any(|d| base_id(&d.id) == o))
}

/// The merged model, and the documents in folders that were skipped.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub model: Model,
    pub skipped: Vec<LoadError>,
    /// Messages about the cache (a damaged one discarded, one that could not be written).
    pub notices: Vec<cache::CacheNotice>,
}

/// Reads everything `opts` names. A file named on its own that cannot be read is an error: the
/// user asked for it, and leaving it out would show an incomplete matrix as complete. Inside a
/// folder, a document that fails is skipped and reported, and the others still load.
pub fn load(opts: &Options) -> Result<Loaded, LoadError> {
    let mut model = Model {
        schema: SCHEMA,
        ..Model::default()
    };
    // Every part merged through one merger, in order: a document id taken by an earlier part
    // is renamed the same wherever the later one comes from.
    let mut merger = Merger::new(&model);
    let mut skipped = Vec::new();
    let mut notices = Vec::new();
    if !opts.no_builtin {
        for b in BUILTIN {
            let m = extract::read(b.name, b.bytes, None).map_err(|e| LoadError {
                path: b.name.to_string(),
                reason: e.into(),
            })?;
            if wanted(&m.model, opts.only_document.as_deref()) {
                merger.add(&mut model, m.model);
            }
        }
    }
    let enc = opts.encoding.as_deref();
    let folder = |dir: &Path,
                  files: &[PathBuf],
                  into: (&mut Model, &mut Merger),
                  skipped: &mut Vec<LoadError>,
                  notices: &mut Vec<cache::CacheNotice>| {
        let only = opts.only_document.as_deref();
        let home = (!opts.no_cache).then_some(opts.cache_home.as_deref());
        let read = cache::read_folder(dir, files, enc, only, home, into);
        skipped.extend(read.skipped);
        notices.extend(read.notices);
    };
    for path in &opts.docs {
        if path.is_dir() {
            let files = txt_files(path)?;
            if files.is_empty() {
                return Err(LoadError {
                    path: shown(path),
                    reason: Reason::EmptyFolder,
                });
            }
            folder(
                path,
                &files,
                (&mut model, &mut merger),
                &mut skipped,
                &mut notices,
            );
        } else {
            let m = read_file(path, enc)?.model;
            if wanted(&m, opts.only_document.as_deref()) {
                merger.add(&mut model, m);
            }
        }
    }
    for dir in &opts.shared {
        match txt_files(dir) {
            Ok(files) => folder(
                dir,
                &files,
                (&mut model, &mut merger),
                &mut skipped,
                &mut notices,
            ),
            Err(e) => skipped.push(e),
        }
    }
    let all = opts.only_document.is_none();
    finished((model, merger), skipped, notices, all)
}

/// A load's end: its index put in place, or, when `all` was asked for and nothing was read,
/// that there is nothing to show.
fn finished(
    (model, merger): (Model, Merger),
    skipped: Vec<LoadError>,
    notices: Vec<cache::CacheNotice>,
    all: bool,
) -> Result<Loaded, LoadError> {
    if model.documents.is_empty() && all {
        return Err(LoadError {
            path: "--no-builtin".into(),
            reason: Reason::NoDocuments,
        });
    }
    merger.finish(&model);
    Ok(Loaded {
        model,
        skipped,
        notices,
    })
}

#[cfg(test)]
mod tests {
    use super::base_id;

    #[test]
    fn a_clash_s_suffixes_come_off_and_nothing_else() {
        assert_eq!(base_id("通知~2~3"), "通知");
        assert_eq!(base_id("通知~2"), "通知");
        assert_eq!(base_id("通知"), "通知");
        assert_eq!(base_id("a~b"), "a~b");
        assert_eq!(base_id("a~"), "a~");
        assert_eq!(base_id("~2"), "");
        assert_eq!(base_id("2021~2025规划~2"), "2021~2025规划");
    }
}
