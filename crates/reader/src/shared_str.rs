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

/// A closed block's string as text; empty when it is not UTF-8 or cuts a character (damage).
/// Checked with SIMD: std is slow on Chinese.
fn checked(bytes: &[u8]) -> &str {
    simdutf8::basic::from_utf8(bytes).unwrap_or("")
}

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
pub type StrBlock = Arc<BlockText>;

/// The text of a block.
pub enum BlockText {
    /// Checked UTF-8.
    Plain(Box<str>),
    /// Compressed ([`crate::compressed`]) until a string of it is first read as a `&str`, then
    /// kept open. The texts a screen seldom shows (a task's paragraph, its annotation) are
    /// most of a corpus: at 10,000 documents they are about 90 MB open and a third of that
    /// closed. A pass over many of them reads them through an [`Opener`] (a search), or
    /// [`SharedStr::with_str`] (JSON), which leave them closed. Its bytes are not checked as a
    /// whole: each string is checked as it is read, so a damaged block (a crafted cache entry
    /// whose check sum was made to match) shows its damaged strings as empty, the same way
    /// whichever way they are read, and never panics.
    Packed {
        compressed: Box<[u8]>,
        open: OnceLock<Box<[u8]>>,
    },
}

impl BlockText {
    /// `compressed` as a closed block; None when it claims more than LZ4 can give.
    pub fn packed(compressed: Box<[u8]>) -> Option<BlockText> {
        crate::compressed::claimed_len(&compressed)?;
        Some(BlockText::Packed {
            compressed,
            open: OnceLock::new(),
        })
    }

    /// Its length in bytes, without opening it.
    fn len(&self) -> usize {
        match self {
            BlockText::Plain(s) => s.len(),
            BlockText::Packed { compressed, .. } => {
                crate::compressed::claimed_len(compressed).unwrap_or(0)
            }
        }
    }
}

/// Closed blocks opened into a buffer of its own, one at a time, for a pass over the strings
/// of many: a document's strings are read in a row, so each block is opened once per pass,
/// into memory the pass reuses. Holding the block's `Arc` keeps its address from being
/// another block's.
#[derive(Default)]
pub struct Opener {
    block: Option<StrBlock>,
    bytes: Vec<u8>,
}

impl Opener {
    /// `s`'s bytes, unchecked (a search for bytes needs no more), its block opened here when
    /// it is closed and not the one opened last.
    pub fn bytes<'a>(&'a mut self, s: &'a SharedStr) -> &'a [u8] {
        let BlockText::Packed { compressed, open } = &*s.block else {
            return s.as_str().as_bytes();
        };
        if let Some(bytes) = open.get() {
            return s.within_bytes(bytes);
        }
        if !self.holds(&s.block) {
            crate::compressed::decompress_into(compressed, &mut self.bytes);
            self.block = Some(Arc::clone(&s.block));
        }
        s.within_bytes(&self.bytes)
    }

    fn holds(&self, block: &StrBlock) -> bool {
        self.block.as_ref().is_some_and(|b| Arc::ptr_eq(b, block))
    }
}

thread_local! {
    /// The closed blocks [`SharedStr::with_str`] read last on this thread, the latest first.
    /// Two: a task written as JSON reads its paragraph, then its annotation, from two blocks.
    static OPENED: RefCell<[Opener; 2]> = RefCell::new(Default::default());
}

static EMPTY: LazyLock<StrBlock> = LazyLock::new(|| Arc::new(BlockText::Plain(Box::from(""))));

impl SharedStr {
    /// The bytes `start..start + len` of `block`; None when that is not a whole string of it
    /// (past its end, or cutting a character: a closed block's characters are checked when
    /// it is read).
    pub fn slice(block: &StrBlock, start: u32, len: u32) -> Option<SharedStr> {
        let from = start as usize;
        let to = from.checked_add(len as usize)?;
        match &**block {
            BlockText::Plain(s) => {
                s.get(from..to)?;
            }
            BlockText::Packed { .. } => (to <= block.len()).then_some(())?,
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
        let block: StrBlock = Arc::new(BlockText::Plain(Box::from(s.get(..end).unwrap_or(""))));
        let len = end as u32;
        SharedStr {
            block,
            start: 0,
            len,
        }
    }

    /// `parts` as strings of one block of their own: a task's texts made at once cost one
    /// allocation, not one per string (an empty part is the shared empty string, as
    /// [`SharedStr::new`] makes it).
    pub fn many<const N: usize>(parts: [&str; N]) -> [SharedStr; N] {
        SharedStr::many_joined(parts.each_ref().map(std::slice::from_ref))
    }

    /// [`SharedStr::many`] of strings each written in pieces, joined in the block: a task's
    /// annotations, joined in a string of their own, were copied twice.
    pub fn many_joined<const N: usize>(parts: [&[&str]; N]) -> [SharedStr; N] {
        let total: usize = parts.iter().flat_map(|p| p.iter()).map(|p| p.len()).sum();
        if total > u32::MAX as usize {
            return parts.map(|p| SharedStr::from(p.concat()));
        }
        let mut text = String::with_capacity(total);
        let spans = parts.map(|pieces| {
            let start = text.len() as u32;
            pieces.iter().for_each(|p| text.push_str(p));
            (start, text.len() as u32 - start)
        });
        let block: StrBlock = Arc::new(BlockText::Plain(text.into_boxed_str()));
        spans.map(|(start, len)| {
            if len == 0 {
                return SharedStr::default();
            }
            SharedStr {
                block: Arc::clone(&block),
                start,
                len,
            }
        })
    }

    /// Its length in bytes, without opening a closed block (as `str::len` through `Deref`
    /// would).
    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Inlined where it is called: most strings are plain, and a quarter of a million reads
    /// (merging, indexing, packing 300 documents) each paid a call for a bounds check.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &*self.block {
            BlockText::Plain(s) => self.within(s),
            BlockText::Packed { compressed, open } => self.opened(compressed, open),
        }
    }

    /// This string of a closed block, the block opened for good.
    #[inline(never)]
    fn opened<'a>(&self, compressed: &[u8], open: &'a OnceLock<Box<[u8]>>) -> &'a str {
        let bytes = open.get_or_init(|| {
            (crate::compressed::decompress(compressed))
                .unwrap_or_default()
                .into_boxed_slice()
        });
        checked(self.within_bytes(bytes))
    }

    /// `f` of this string, leaving a closed block closed: how a model written whole (JSON)
    /// reads its paragraphs without keeping them.
    pub fn with_str<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        if let BlockText::Plain(s) = &*self.block {
            return f(self.within(s));
        }
        OPENED.with(|opened| match opened.try_borrow_mut() {
            Ok(mut opened) => {
                if !opened[0].holds(&self.block) {
                    opened.swap(0, 1);
                }
                f(checked(opened[0].bytes(self)))
            }
            // Within another string's `f` (two texts compared): a buffer of its own.
            Err(_) => f(checked(Opener::default().bytes(self))),
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
        matches!(&*self.block, BlockText::Packed { open, .. } if open.get().is_none())
    }

    /// This string's bytes of `text`, its block's text.
    #[inline]
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
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    #[inline]
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SharedStr {
    #[inline]
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
            block: Arc::new(BlockText::Plain(s.into_boxed_str())),
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
        let block: StrBlock = Arc::new(BlockText::Plain(Box::from("市卫生健康委市民政局")));
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
    fn strings_made_at_once_read_as_each_made_alone() {
        let parts = ["文件/1.2", "", "（一）", "推进建设"];
        let many = SharedStr::many(parts);
        for (m, p) in many.iter().zip(parts) {
            assert_eq!(*m, SharedStr::new(p));
            assert_eq!(m.len(), p.len());
            assert_eq!(m.is_empty(), p.is_empty());
        }
        let pieces: [&[&str]; 4] = [&["文件/1.2"], &[], &["（一）", "", "推进"], &["", ""]];
        let joined = SharedStr::many_joined(pieces);
        for (m, p) in joined.iter().zip(pieces) {
            assert_eq!(*m, SharedStr::new(&p.concat()));
            assert_eq!(m.is_empty(), p.concat().is_empty());
        }
    }

    #[test]
    fn a_slice_off_the_block_or_through_a_character_is_refused() {
        let block: StrBlock = Arc::new(BlockText::Plain(Box::from("市卫生")));
        assert!(SharedStr::slice(&block, 0, 10).is_none());
        assert!(SharedStr::slice(&block, 1, 3).is_none());
        assert!(SharedStr::slice(&block, 9, 0).is_some());
    }

    /// A closed block is checked string by string as it is read: a damaged string reads as
    /// empty and its neighbours as themselves, the same whether the block was opened for good
    /// or read through a pass, before or after; one that will not decompress reads as empty.
    #[test]
    fn a_damaged_closed_block_reads_the_same_whichever_way() {
        let mut raw = "市卫生健康委市民政局".as_bytes().to_vec();
        raw[19] = 0xff;
        let closed = |raw: &[u8]| {
            let bytes = crate::compressed::compress(raw).expect("compresses");
            Arc::new(BlockText::packed(bytes.into_boxed_slice()).expect("closed"))
        };
        let block = closed(&raw);
        let whole = SharedStr::slice(&block, 0, 18).expect("in the block");
        let damaged = SharedStr::slice(&block, 18, 12).expect("in the block");
        let cut = SharedStr::slice(&block, 1, 3).expect("in the block");
        assert!(SharedStr::slice(&block, 20, 12).is_none(), "past its end");
        let read = |s: &SharedStr| s.with_str(str::to_owned);
        assert_eq!(
            [read(&whole), read(&damaged), read(&cut)],
            ["市卫生健康委", "", ""]
        );
        assert!(whole.is_closed());
        assert_eq!(
            [whole.as_str(), damaged.as_str(), cut.as_str()],
            ["市卫生健康委", "", ""]
        );
        assert!(!whole.is_closed());
        assert_eq!([read(&whole), read(&damaged)], ["市卫生健康委", ""]);
        let mut opener = Opener::default();
        assert_eq!(opener.bytes(&whole), "市卫生健康委".as_bytes());
        let lost = closed(&raw);
        let BlockText::Packed { compressed, .. } = &*lost else {
            unreachable!("made closed")
        };
        let cut_short = compressed[..compressed.len() - 2]
            .to_vec()
            .into_boxed_slice();
        let lost = Arc::new(BlockText::packed(cut_short).expect("claims no more than it may"));
        let s = SharedStr::slice(&lost, 0, 18).expect("within its claimed length");
        assert_eq!(read(&s), "");
        assert_eq!(opener.bytes(&s), b"");
        assert_eq!(s.as_str(), "");
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
