//! One document file read from disk, and the folder listing: what the cache and the loader
//! both start from.

use super::limits;
use super::reason::Reason;
use crate::extract::{self, Extraction};
use std::fmt;
use std::path::{Path, PathBuf};

/// A document that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    pub reason: Reason,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whoever named the file chose these characters: nothing in them reaches a terminal.
        write!(
            f,
            "{}: {}",
            crate::text::one_line(&self.path),
            crate::text::one_line(&self.reason.to_string())
        )
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.reason)
    }
}

/// The documents directly in a folder, by name: every extension the reader opens or refuses
/// with a reason worth showing (an old .doc), so nothing an office keeps is passed over unseen.
pub fn txt_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let err = |reason: Reason| LoadError {
        path: shown(dir),
        reason,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| err(Reason::from(&e)))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let p = e.path();
            let readable = p.extension().is_some_and(|x| {
                let x = x.to_string_lossy().to_ascii_lowercase();
                crate::source::detect::EXTENSIONS.contains(&x.as_str())
            })
            // The directory's own record of the type, without a stat of each of ten thousand
            // files; a link is followed to see what it names.
            && match e.file_type() {
                Ok(t) if t.is_symlink() => p.is_file(),
                Ok(t) => t.is_file(),
                Err(_) => p.is_file(),
            };
            readable.then_some(p)
        })
        .collect();
    // One folder: every path is the folder joined to a name, so their bytes order them as the
    // names do, without taking each name apart at each comparison (13% of a first frame's work
    // at 10,000 documents went to `file_name` in the sort).
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Ok(files)
}

/// Reads one user file, whatever its format. The document id is the file name without its
/// extension.
pub fn read_file(path: &Path, encoding: Option<&str>) -> Result<Extraction, LoadError> {
    let shown = shown(path);
    let err = |reason: Reason| LoadError {
        path: shown.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(Reason::from(&e)))?;
    if meta.is_dir() {
        return Err(err(Reason::Directory));
    }
    let bytes = limits::read_regular(path, &meta).map_err(err)?;
    let name = path
        .file_stem()
        .map(|s| crate::text::one_line(&s.to_string_lossy()))
        .unwrap_or_else(|| shown.clone());
    let ext = path
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase());
    let mut x =
        extract::read_as(&name, &bytes, encoding, ext.as_deref()).map_err(|e| err(e.into()))?;
    for d in &mut x.model.documents {
        d.source = shown.clone();
    }
    Ok(x)
}

/// A path as it may be printed: a shared folder may hold any file name, escape sequences too.
pub fn shown(path: &Path) -> String {
    crate::text::one_line(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder's documents come in their names' byte order, whatever order the directory
    /// keeps them in; what is not a document (another extension, a folder) is left out.
    #[test]
    fn a_folders_documents_come_in_their_names_order() {
        let dir = tempfile::tempdir().expect("dir");
        let names = [
            "b.txt",
            "a.TXT",
            "a b.docx",
            "卫健委.md",
            "A.pdf",
            "a.txt.bak",
            "10.txt",
            "9.txt",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), "一、任务").expect("write");
        }
        std::fs::create_dir(dir.path().join("c.txt")).expect("folder");
        let listed: Vec<String> = txt_files(dir.path())
            .expect("listed")
            .iter()
            .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            listed,
            [
                "10.txt",
                "9.txt",
                "A.pdf",
                "a b.docx",
                "a.TXT",
                "b.txt",
                "卫健委.md"
            ]
        );
    }
}
