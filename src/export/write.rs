//! Writing a sheet without losing anything: the one atomic write ([`dutymatrix_base::atomic`]),
//! readable by the group as any new file is; an existing file is replaced only when asked.

pub use dutymatrix_base::atomic::WriteError;
use dutymatrix_base::atomic::{self, Existing, Mode};
use std::path::Path;

/// Writes `bytes` to `path` atomically. Without `replace`, an existing file is left alone
/// (checked again at the rename, so a file appearing meanwhile is not clobbered either).
pub fn write_new(path: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    write_new_with(path, replace, |out| out.write_all(bytes))
}

/// [`write_new`] with the contents written by `fill` as they are made.
pub fn write_new_with(
    path: &Path,
    replace: bool,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let existing = if replace {
        Existing::Replace
    } else {
        Existing::Keep
    };
    atomic::write_with(path, existing, Mode::Shared, fill)
}
