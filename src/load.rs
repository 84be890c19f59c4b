//! Gathers the documents to read (built-in and the user's) and merges them into one model.

use crate::extract::{self, ExtractError};
use crate::model::{Model, SCHEMA};
use crate::sources::BUILTIN;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub docs: Vec<PathBuf>,
    pub no_builtin: bool,
    /// An encoding label that overrides detection for the user's files.
    pub encoding: Option<String>,
}

/// A document that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// Reads everything `opts` names. Any unreadable document is an error: the caller asked for
/// it by name, so silently leaving it out would show an incomplete matrix as complete.
pub fn load(opts: &Options) -> Result<Model, LoadError> {
    let mut model = Model {
        schema: SCHEMA,
        ..Model::default()
    };
    if !opts.no_builtin {
        for b in BUILTIN {
            let m = extract::read(b.name, b.bytes, None).map_err(|e| LoadError {
                path: b.name.to_string(),
                reason: e.to_string(),
            })?;
            model.merge(m);
        }
    }
    for path in &opts.docs {
        model.merge(read_file(path, opts.encoding.as_deref())?);
    }
    if model.documents.is_empty() {
        return Err(LoadError {
            path: "--no-builtin".into(),
            reason: "no documents to read: give at least one --doc FILE".into(),
        });
    }
    Ok(model)
}

/// Reads one user file. The document id is the file name without `.txt`.
pub fn read_file(path: &Path, encoding: Option<&str>) -> Result<Model, LoadError> {
    let shown = path.display().to_string();
    let err = |reason: String| LoadError {
        path: shown.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(err("is a directory, not a document file".into()));
    }
    let bytes = std::fs::read(path).map_err(|e| err(io_reason(&e)))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let mut model =
        extract::read(&name, &bytes, encoding).map_err(|e: ExtractError| err(e.to_string()))?;
    for d in &mut model.documents {
        d.source = shown.clone();
    }
    Ok(model)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
