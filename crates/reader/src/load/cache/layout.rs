//! The cache file's layout: a header naming the format and the build, the contents (a SHA-256,
//! a length, then the table of contents), the first frame's summary, and each document's
//! entry. Reading it refuses anything but a regular file; writing it replaces it atomically.

use super::{Cached, Contents, Damage, FORMAT, Head, MAGIC, Piece, Stamp, Stored, folder_key};
use crate::model::SCHEMA;
use dutymatrix_base::atomic::{self, Existing, Mode};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::UNIX_EPOCH;

/// The header every cache file starts with: magic, format, schema, program version and build
/// id (a hash of the reader's sources and tables, from `build.rs`): a reader changed without a
/// version bump must not be served what an older one read.
fn header() -> Vec<u8> {
    let mut h = MAGIC.to_vec();
    h.extend(FORMAT.to_le_bytes());
    h.extend(SCHEMA.to_le_bytes());
    let v = crate::BUILD_ID.as_bytes();
    h.push(v.len() as u8);
    h.extend(v);
    h
}

/// The cache at `path`. Err(None): no cache, or one from another build or for another folder
/// (silently replaced); Err(Some(why)): a cache of this build that is damaged.
pub(super) fn read_cache(
    path: &Path,
    dir: &Path,
    encoding: Option<&str>,
) -> Result<Cached, Option<Damage>> {
    use std::os::unix::fs::FileExt;
    let (file, len, written_ns) = open_regular(path)?;
    let head = header();
    let short = || Some(Damage::CutShort);
    let mut start = vec![0; head.len() + 32 + 8];
    if file.read_exact_at(&mut start, 0).is_err() {
        let mut some = vec![0; MAGIC.len()];
        return match file.read_exact_at(&mut some, 0) {
            Ok(()) if some == MAGIC => Err(short()),
            _ => Err(Some(Damage::NotACache)),
        };
    }
    if !start.starts_with(MAGIC) {
        return Err(Some(Damage::NotACache));
    }
    if !start.starts_with(&head) {
        return Err(None);
    }
    let rest = start.get(head.len()..).ok_or_else(short)?;
    let (sum, rest) = rest.split_at_checked(32).ok_or_else(short)?;
    let size = u64::from_le_bytes(rest.try_into().map_err(|_| short())?);
    let base = (start.len() as u64).checked_add(size).ok_or_else(short)?;
    if base > len {
        return Err(short());
    }
    let mut contents = vec![0; usize::try_from(size).map_err(|_| short())?];
    file.read_exact_at(&mut contents, start.len() as u64)
        .map_err(|_| short())?;
    if Sha256::digest(&contents).as_slice() != sum {
        return Err(Some(Damage::Checksum));
    }
    let contents: Contents =
        postcard::from_bytes(&contents).map_err(|_| Some(Damage::Undecodable))?;
    if contents.folder != folder_key(dir) || contents.encoding.as_deref() != encoding {
        return Err(None);
    }
    Ok(Cached {
        heads: contents.entries,
        file,
        len,
        base,
        written_ns,
        prepared: contents.prepared,
    })
}

/// The cache file opened, only if it is a regular file: a FIFO put at its path would block a
/// plain open for ever, and a link to `/dev/zero` would be read until memory ran out. Opened
/// without blocking and checked on the open file (no race with a swap of the path); nothing is
/// read past the length it has now. With that length and when the file was last written.
fn open_regular(path: &Path) -> Result<(std::fs::File, u64, u128), Option<Damage>> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|_| None)?;
    let meta = file.metadata().map_err(|_| None)?;
    if !meta.is_file() {
        return Err(Some(Damage::NotACache));
    }
    let written = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Ok((file, meta.len(), written))
}

/// Writes `entries` under `contents`, whose own list of entries is made from them, with the
/// first frame's summary before them (a load reads neither it nor the space it takes).
pub(super) fn write_cache(
    path: &Path,
    mut contents: Contents,
    entries: &[(String, Stamp, Stored)],
    prepared: Option<&[u8]>,
) -> std::io::Result<()> {
    contents.prepared = prepared.map(|p| Piece {
        offset: 0,
        len: p.len() as u64,
        crc32: crc32fast::hash(p),
    });
    let mut offset = prepared.map_or(0, |p| p.len() as u64);
    contents.entries = entries
        .iter()
        .map(|(name, stamp, (blob, documents))| {
            let h = Head {
                name: name.clone(),
                stamp: stamp.clone(),
                offset,
                len: blob.len() as u64,
                crc32: crc32fast::hash(blob),
                documents: documents.clone(),
            };
            offset += blob.len() as u64;
            h
        })
        .collect();
    let index = postcard::to_allocvec(&contents).map_err(std::io::Error::other)?;
    let written = atomic::write_with(path, Existing::Replace, Mode::Private, |f| {
        f.write_all(&header())?;
        f.write_all(&Sha256::digest(&index))?;
        f.write_all(&(index.len() as u64).to_le_bytes())?;
        f.write_all(&index)?;
        f.write_all(prepared.unwrap_or_default())?;
        for (_, _, (blob, _)) in entries {
            f.write_all(blob)?;
        }
        Ok(())
    });
    written.map_err(|e| match e {
        atomic::WriteError::Io(e) => e,
        atomic::WriteError::Exists => std::io::Error::from(std::io::ErrorKind::AlreadyExists),
    })
}
