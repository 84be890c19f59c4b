//! The files a ledger keeps between reads in the user's cache folder (the links of its keys,
//! its pairs in force): one file per ledger, a first line naming the layout, the body, and a
//! 64-bit sum of both, written atomically and readable by the user alone. Anything not whole
//! reads as nothing: a kept file is a cache, and deleting it costs one read, never data.
//!
//! The sum finds damage, not forgery: whoever can write the user's cache can write a right
//! sum of any kind. So it is one seeded foldhash pass (4 ms over the 11 MB of pairs a
//! 1,000,000-row ledger keeps), not a SHA-256 (11 ms, with the CPU's SHA instructions).

use dutymatrix_base::atomic;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Where what is kept for the ledger at `location` lives in `dir`: one file per ledger.
pub(crate) fn file_in(dir: &Path, location: &Path) -> PathBuf {
    let real = std::fs::canonicalize(location).unwrap_or_else(|_| location.to_path_buf());
    let hash = Sha256::digest(real.as_os_str().as_encoded_bytes());
    let name: String = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("{name}.bin"))
}

/// The bytes of a kept file after its first line.
pub(crate) struct Body {
    bytes: Vec<u8>,
    start: usize,
}

impl Body {
    pub fn reader(&self) -> Reader<'_> {
        Reader {
            at: &self.bytes[self.start..],
        }
    }
}

/// The body of the file `file` when it is there, begins with `magic` and is whole.
pub(crate) fn read(file: &Path, magic: &[u8]) -> Option<Body> {
    let meta = std::fs::metadata(file).ok()?;
    // A kept file is some bytes a key or a pair: anything far larger is not one.
    if !meta.is_file() || meta.len() > 1 << 30 {
        return None;
    }
    let mut bytes = std::fs::read(file).ok()?;
    let (body, kept_sum) = bytes.split_at_checked(bytes.len().checked_sub(SUM)?)?;
    if sum(body) != kept_sum || !body.starts_with(magic) {
        return None;
    }
    bytes.truncate(bytes.len() - SUM);
    Some(Body {
        bytes,
        start: magic.len(),
    })
}

/// Keeps `body` after `magic` in `file`, replacing what was there; a cache that cannot be
/// written is left, and the read it serves goes on.
pub(crate) fn write(file: &Path, magic: &[u8], body: &[u8]) {
    let mut bytes = Vec::with_capacity(magic.len() + body.len() + SUM);
    bytes.extend_from_slice(magic);
    bytes.extend_from_slice(body);
    let sum = sum(&bytes);
    bytes.extend_from_slice(&sum);
    let _ = atomic::write(
        file,
        &bytes,
        atomic::Existing::Replace,
        atomic::Mode::Private,
    );
}

/// Bytes of the sum at a kept file's end.
const SUM: usize = 8;

/// The sum of `bytes`: one seeded pass of foldhash.
fn sum(bytes: &[u8]) -> [u8; SUM] {
    use std::hash::{BuildHasher, Hasher};
    let mut h = foldhash::quality::FixedState::with_seed(0x6b65_7074_5f73_756d).build_hasher();
    h.write_usize(bytes.len());
    h.write(bytes);
    h.finish().to_le_bytes()
}

/// Appends `bytes` with their length before them.
pub(crate) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The bytes of a kept file, read from the front; every read is None past the end.
pub(crate) struct Reader<'a> {
    pub at: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.at.split_at_checked(n)?;
        self.at = rest;
        Some(head)
    }

    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count of items of at least `size` bytes each: never more than the bytes left hold.
    pub fn len(&mut self, size: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.at.len() / size).then_some(n)
    }

    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        self.take(n)
    }

    pub fn str(&mut self) -> Option<&'a str> {
        simdutf8::basic::from_utf8(self.bytes()?).ok()
    }

    pub fn text(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }
}
