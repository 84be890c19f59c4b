//! What a document file may be before it is read: a regular file (never a FIFO, which would
//! block the reader forever, nor a device such as /dev/urandom, which never ends), and no larger
//! than a size limit (`--max-size`), so a wrong file costs a message, not the machine's memory.

use super::{FileKind, Reason};
use std::fs::Metadata;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// 64 MB: a policy document is a few hundred KB; the limit only stops mistakes.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

static MAX_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_SIZE);

/// Sets the size limit for every document read afterwards (the `--max-size` option).
pub fn set_max_size(bytes: u64) {
    MAX_SIZE.store(bytes, Ordering::Relaxed);
}

/// `64M`, `500K`, `1G`, `1048576`: a size in bytes, K/M/G being powers of 1024.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&t[..i], t[i..].trim().to_ascii_uppercase()),
        None => (t, String::new()),
    };
    let shift = match unit.trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(format!("'{text}' is not a size (examples: 64M, 500K, 1G)")),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a size (examples: 64M, 500K, 1G)"))?;
    n.checked_mul(1 << shift)
        .filter(|b| *b > 0)
        .ok_or_else(|| format!("'{text}' is not a usable size"))
}

/// What kind of file it is, when it is not a regular one.
fn not_regular(meta: &Metadata) -> Reason {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        Reason::NotRegular(if t.is_fifo() {
            FileKind::Fifo
        } else if t.is_char_device() || t.is_block_device() {
            FileKind::Device
        } else if t.is_socket() {
            FileKind::Socket
        } else {
            FileKind::Other
        })
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Reason::NotRegular(FileKind::Other)
    }
}

/// The size limit in force.
pub fn max_size() -> u64 {
    MAX_SIZE.load(Ordering::Relaxed)
}

/// Reads a regular file of at most the size limit; anything else is refused before it is
/// opened, with a reason for the user.
pub fn read_regular(path: &Path, meta: &Metadata) -> Result<Vec<u8>, Reason> {
    if !meta.is_file() {
        return Err(not_regular(meta));
    }
    let limit = MAX_SIZE.load(Ordering::Relaxed);
    let too_big = |size: u64| Reason::TooBig { size, limit };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| Reason::from(&e))?;
    // The file may have grown since it was measured: never read past the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Reason::from(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("500k"), Ok(500 << 10));
        assert_eq!(parse_size("1GB"), Ok(1 << 30));
        assert_eq!(parse_size("2048"), Ok(2048));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
        assert_eq!(super::super::size_shown(100 << 20), "100.0 MB");
    }
}
