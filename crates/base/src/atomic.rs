//! Writing a file so that nothing the user had is lost: the bytes go to a temporary file in the
//! target's folder, are flushed to the disk, and the temporary file is renamed over the target;
//! then the folder itself is flushed, so the rename survives a power cut. A reader sees the old
//! file or the new one, never half of one, and on any failure the temporary file is removed.

use std::io::Write;
use std::path::Path;

/// What may happen to a file already at the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (the program's own files: a cache, the frecency list).
    Replace,
    /// Leave it and fail with [`WriteError::Exists`], checked again at the rename so a file
    /// that appears meanwhile is not clobbered either (the user's files: sheets).
    Keep,
}

/// Who may read the new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only its owner (0600): a private cache or preference.
    Private,
    /// As any new file of this process (0666 less the umask): a sheet meant for the group.
    Shared,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file is there and replacing it was not asked for.
    #[error("file exists")]
    Exists,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl WriteError {
    /// The underlying error of the system, if that is what happened.
    pub fn io(&self) -> Option<&std::io::Error> {
        match self {
            WriteError::Io(e) => Some(e),
            WriteError::Exists => None,
        }
    }
}

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write(path: &Path, bytes: &[u8], existing: Existing, mode: Mode) -> Result<(), WriteError> {
    write_with(path, existing, mode, |f| f.write_all(bytes))
}

/// As [`write`], with the contents written by `fill` (through a buffer).
pub fn write_with(
    path: &Path,
    existing: Existing,
    mode: Mode,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    if existing == Existing::Keep && path.symlink_metadata().is_ok() {
        return Err(WriteError::Exists);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dutymatrix-").suffix(".tmp");
    #[cfg(unix)]
    if mode == Mode::Shared {
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    }
    // Dropping the temporary file on any early return removes it.
    let mut tmp = builder.tempfile_in(dir)?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut buf)?;
        buf.flush()?;
    }
    tmp.as_file().sync_all()?;
    let persisted = match existing {
        Existing::Replace => tmp.persist(path),
        Existing::Keep => tmp.persist_noclobber(path),
    };
    // A failed persist hands the temporary file back; dropping it deletes it.
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists
        } else {
            WriteError::Io(e.error)
        }
    })?;
    sync_dir(dir);
    Ok(())
}

/// Flushes a folder's entries (the rename) to the disk. Best effort: some file systems refuse
/// to open a folder for this, and the file itself is already safe.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn replaces_or_keeps_as_asked() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("a.csv");
        write(&p, b"one", Existing::Keep, Mode::Shared).expect("new file");
        assert!(matches!(
            write(&p, b"two", Existing::Keep, Mode::Shared),
            Err(WriteError::Exists)
        ));
        assert_eq!(std::fs::read(&p).expect("read"), b"one");
        write(&p, b"three", Existing::Replace, Mode::Private).expect("replaced");
        assert_eq!(std::fs::read(&p).expect("read"), b"three");
        assert!(leftovers(dir.path()).is_empty());
    }

    /// A failure while filling leaves the old file as it was and no temporary file behind.
    #[test]
    fn a_failed_write_changes_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("a.tsv");
        std::fs::write(&p, b"old").expect("old");
        let r = write_with(&p, Existing::Replace, Mode::Private, |_| {
            Err(std::io::Error::other("disk full"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&p).expect("read"), b"old");
        assert!(leftovers(dir.path()).is_empty());
    }

    /// A rename that fails (the target is a folder) removes its temporary file.
    #[test]
    fn a_failed_rename_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("taken");
        std::fs::create_dir(&p).expect("folder in the way");
        std::fs::write(p.join("x"), b"x").expect("non-empty");
        assert!(write(&p, b"x", Existing::Replace, Mode::Private).is_err());
        assert!(leftovers(dir.path()).is_empty());
    }

    /// A sheet gets the mode any new file of this process gets, not tempfile's 0600; a private
    /// file keeps 0600.
    #[cfg(unix)]
    #[test]
    fn modes() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let plain = dir.path().join("plain.csv");
        std::fs::write(&plain, b"x").expect("plain file");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let sheet = dir.path().join("sheet.csv");
        write(&sheet, b"x", Existing::Keep, Mode::Shared).expect("sheet");
        assert_eq!(mode(&sheet), mode(&plain));
        let private = dir.path().join("private.bin");
        write(&private, b"x", Existing::Keep, Mode::Private).expect("private");
        assert_eq!(mode(&private), 0o600);
    }
}
