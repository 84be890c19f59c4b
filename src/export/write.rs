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
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dutymatrix-").suffix(".tmp");
    // A sheet is for sharing: created as any new file is (0666 less the umask), not with the
    // temporary file's private 0600, which would hide it from the rest of the group.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(WriteError::Io)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A written sheet gets the mode any new file of this process gets, not tempfile's 0600.
    #[cfg(unix)]
    #[test]
    fn a_sheet_is_as_readable_as_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let plain = dir.path().join("plain.csv");
        std::fs::write(&plain, b"x").expect("plain file");
        let sheet = dir.path().join("sheet.csv");
        write_new(&sheet, b"x", false).expect("sheet written");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&sheet), mode(&plain));
    }
}
