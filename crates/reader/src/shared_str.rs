//! A string that is a slice of a block shared by many: how a task holds its texts.
//!
//! A large model is half a million tasks, each with a dozen strings (its id, its document's id,
//! the headings above it, its title and paragraph, the units named). Owned one by one they were
//! five million allocations to make when the cache is read and most of a dashboard's memory.
//! The cache keeps each document's strings once, in one block; a [`SharedStr`] points into that
//! block, so a document is one allocation however many tasks it holds, and a heading or a unit
//! named in a hundred tasks is kept once. Anything else (a string made by extraction, read from
//! JSON) is a block of its own.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::cell::RefCell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, LazyLock, OnceLock};

/// The block is behind a thin pointer (an `Arc` of an enum, not an `Arc<str>` whose pointer
/// carries the length too): 16 bytes a string, against a `String`'s 24, in a model of five
/// million strings.
#[derive(Clone)]
pub struct SharedStr {
    block: StrBlock,
    start: u32,
    len: u32,
}

/// A document's strings, as one block to slice.
pub type StrBlock = Arc<Strings>;

/// The text of a block.
pub enum Strings {
    /// Checked UTF-8.
    Plain(Box<str>),
    /// Compressed ([`crate::compressed`]) until a string of it is first read as a `&str`, then
    /// kept open. The texts a screen seldom shows (a task's paragraph, its annotation) are
    /// most of a corpus: at 10,000 documents they are about 90 MB open and a third of that
    /// closed. A search reads them through [`SharedStr::with_bytes`] (or `with_str`), which
    /// leaves them closed.
    Packed {
        compressed: Box<[u8]>,
        open: OnceLock<Box<str>>,
    },
}

impl Strings {
    /// `compressed` as a closed block; None when it claims more than LZ4 can give.
    pub fn packed(compressed: Box<[u8]>) -> Option<Strings> {
        crate::compressed::claimed_len(&compressed)?;
        Some(Strings::Packed {
            compressed,
            open: OnceLock::new(),
        })
    }

    /// Its text, opened and kept open.
    fn text(&self) -> &str {
        match self {
            Strings::Plain(s) => s,
            Strings::Packed { compressed, open } => open.get_or_init(|| opened_text(compressed)),
        }
    }

    /// Its length in bytes, without opening it.
    fn len(&self) -> usize {
        match self {
            Strings::Plain(s) => s.len(),
            Strings::Packed { compressed, .. } => {
                crate::compressed::claimed_len(compressed).unwrap_or(0)
            }
        }
    }
}

/// A closed block's bytes; None when it is damaged (its strings then read as empty, as a
/// slice through a character does: a crafted cache entry shows nothing, it never panics).
fn opened(compressed: &[u8]) -> Option<Vec<u8>> {
    crate::compressed::decompress(compressed)
}

/// A closed block's text, to keep open.
fn opened_text(compressed: &[u8]) -> Box<str> {
    (opened(compressed).and_then(|b| String::from_utf8(b).ok()))
        .unwrap_or_default()
        .into_boxed_str()
}

thread_local! {
    /// The closed block a search read last on this thread, opened: one document's tasks are
    /// read in a row, so each block is opened once per pass. Holding the `Arc` keeps its
    /// address from being another block's. Bytes, not checked as a whole: a string read from
    /// it as text is checked alone ([`SharedStr::with_str`]).
    static LAST_OPENED: RefCell<Option<(StrBlock, Box<[u8]>)>> = const { RefCell::new(None) };
}

static EMPTY: LazyLock<StrBlock> = LazyLock::new(|| Arc::new(Strings::Plain(Box::from(""))));

impl SharedStr {
    /// The bytes `start..start + len` of `block`; None when that is not a whole string of it
    /// (past its end, or cutting a character: a closed block's characters are checked when
    /// it is read).
    pub fn slice(block: &StrBlock, start: u32, len: u32) -> Option<SharedStr> {
        let from = start as usize;
        let to = from.checked_add(len as usize)?;
        match &**block {
            Strings::Plain(s) => {
                s.get(from..to)?;
            }
            Strings::Packed { .. } => (to <= block.len()).then_some(())?,
        }
        Some(SharedStr {
            block: Arc::clone(block),
            start,
            len,
        })
    }

    /// A block of its own holding `s`.
    pub fn new(s: &str) -> SharedStr {
        if s.is_empty() {
            return SharedStr::default();
        }
        // Past 4 GB (nothing a reader hands over) the string is cut at a character.
        let mut end = s.len().min(u32::MAX as usize);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let block: StrBlock = Arc::new(Strings::Plain(Box::from(s.get(..end).unwrap_or(""))));
        let len = end as u32;
        SharedStr {
            block,
            start: 0,
            len,
        }
    }

    /// The bytes `range` of this string, as a slice of the same block; None when that is not a
    /// whole string of it.
    pub fn get(&self, range: std::ops::Range<usize>) -> Option<SharedStr> {
        self.as_str().get(range.clone())?;
        SharedStr::slice(
            &self.block,
            self.start + u32::try_from(range.start).ok()?,
            u32::try_from(range.len()).ok()?,
        )
    }

    /// Its length in bytes, without opening a closed block (as `str::len` through `Deref`
    /// would).
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn as_str(&self) -> &str {
        self.within(self.block.text())
    }

    /// `f` of this string, leaving a closed block closed: what a pass over every text of a
    /// corpus reads them through, so that the pass costs no memory.
    pub fn with_str<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match &*self.block {
            Strings::Plain(_) => f(self.as_str()),
            // Each string checked alone (with SIMD), which also finds a cut through a
            // character; empty when it is not UTF-8 (damage).
            Strings::Packed { .. } => {
                self.with_bytes(|b| f(simdutf8::basic::from_utf8(b).unwrap_or("")))
            }
        }
    }

    /// `f` of this string's bytes, leaving a closed block closed and checking nothing: a
    /// search for a string's bytes needs no more, and a pass over every task's text on every
    /// key is then the block's opening and the search alone.
    pub fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        let Strings::Packed { compressed, open } = &*self.block else {
            return f(self.as_str().as_bytes());
        };
        if let Some(text) = open.get() {
            return f(self.within(text).as_bytes());
        }
        LAST_OPENED.with(|last| match last.try_borrow_mut() {
            Ok(mut last) => {
                if !matches!(&*last, Some((b, _)) if Arc::ptr_eq(b, &self.block)) {
                    let bytes = opened(compressed).unwrap_or_default().into_boxed_slice();
                    *last = Some((Arc::clone(&self.block), bytes));
                }
                f(self.within_bytes(last.as_ref().map_or(&[], |(_, b)| b)))
            }
            // Within another string's `f` (two texts compared): a copy of its own.
            Err(_) => f(self.within_bytes(&opened(compressed).unwrap_or_default())),
        })
    }

    /// This string's bytes of `bytes`, its closed block's.
    fn within_bytes<'a>(&self, bytes: &'a [u8]) -> &'a [u8] {
        let from = self.start as usize;
        bytes.get(from..from + self.len as usize).unwrap_or(&[])
    }

    /// Whether its block is compressed still.
    #[cfg(test)]
    pub(crate) fn is_closed(&self) -> bool {
        matches!(&*self.block, Strings::Packed { open, .. } if open.get().is_none())
    }

    /// This string's bytes of `text`, its block's text.
    fn within<'a>(&self, text: &'a str) -> &'a str {
        let from = self.start as usize;
        // Checked when made (`slice`, `new`), or damage in a closed block: never a panic.
        text.get(from..from + self.len as usize).unwrap_or("")
    }
}

impl Default for SharedStr {
    fn default() -> SharedStr {
        SharedStr {
            block: Arc::clone(&EMPTY),
            start: 0,
            len: 0,
        }
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &SharedStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &SharedStr) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// As `str` hashes, so that a map keyed by `SharedStr` is looked up by `&str`.
impl Hash for SharedStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr::new(s)
    }
}

impl From<String> for SharedStr {
    fn from(mut s: String) -> SharedStr {
        if s.len() > u32::MAX as usize {
            return SharedStr::new(&s);
        }
        if s.is_empty() {
            return SharedStr::default();
        }
        s.shrink_to_fit();
        let len = s.len() as u32;
        SharedStr {
            block: Arc::new(Strings::Plain(s.into_boxed_str())),
            start: 0,
            len,
        }
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> SharedStr {
        SharedStr::new(s)
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> String {
        s.as_str().to_string()
    }
}

impl Serialize for SharedStr {
    /// Written without opening a closed block for good: a model exported whole stays small.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.with_str(|text| s.serialize_str(text))
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SharedStr, D::Error> {
        String::deserialize(d).map(SharedStr::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_is_its_bytes_and_compares_as_a_str() {
        let block: StrBlock = Arc::new(Strings::Plain(Box::from("市卫生健康委市民政局")));
        let a = SharedStr::slice(&block, 0, 18).unwrap();
        let b = SharedStr::slice(&block, 18, 12).unwrap();
        assert_eq!(a, "市卫生健康委");
        assert_eq!(b.as_str(), "市民政局");
        assert_eq!(a, SharedStr::new("市卫生健康委"));
        assert_eq!(
            a.cmp(&b),
            "市卫生健康委".cmp("市民政局"),
            "sorts as its text"
        );
        assert_eq!(format!("{a}|{b:?}"), "市卫生健康委|\"市民政局\"");
        let mut set = std::collections::HashSet::new();
        set.insert(a.clone());
        assert!(set.contains("市卫生健康委"));
    }

    #[test]
    fn a_slice_off_the_block_or_through_a_character_is_refused() {
        let block: StrBlock = Arc::new(Strings::Plain(Box::from("市卫生")));
        assert!(SharedStr::slice(&block, 0, 10).is_none());
        assert!(SharedStr::slice(&block, 1, 3).is_none());
        assert!(SharedStr::slice(&block, 9, 0).is_some());
    }

    #[test]
    fn json_sees_a_plain_string() {
        let s = SharedStr::new("泰安市");
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "\"泰安市\"");
        let back: SharedStr = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(SharedStr::default(), "");
    }
}
#[cfg(test)]
mod sizes {
    /// Half a million tasks at 10,000 documents: each byte of a task is half a megabyte.
    #[test]
    fn a_task_and_its_strings_stay_small() {
        use crate::domain::{Assignment, Task};
        assert_eq!(size_of::<super::SharedStr>(), 16);
        assert_eq!(size_of::<Assignment>(), 24);
        assert!(size_of::<Task>() <= 208, "{}", size_of::<Task>());
    }
}
