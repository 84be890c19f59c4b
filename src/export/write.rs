//! Writing a sheet without losing anything: a temporary file in the target's folder, then a
//! rename, so a reader never sees half a file; an existing file is replaced only when asked.

use std::io::Write;
use std::path::Path;

#[derive(Debug)]
pub enum WriteError {
    /// The file is there and replacing it was not asked for.
    Exists,
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists => write!(f, "file exists"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Writes `bytes` to `path` atomically. Without `replace`, an existing file is left alone
/// (checked again at the rename, so a file appearing meanwhile is not clobbered either). On any
/// failure the temporary file is removed.
pub fn write_new(path: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    if !replace && path.exists() {
        return Err(WriteError::Exists);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".dutymatrix-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(WriteError::Io)?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(WriteError::Io)?;
    let persisted = if replace {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    // A failed persist hands the temporary file back; dropping it deletes it.
    persisted.map(|_| ()).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists
        } else {
            WriteError::Io(e.error)
        }
    })
}
