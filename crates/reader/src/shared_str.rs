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
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, LazyLock};

/// The block is behind a thin pointer (an `Arc` of a boxed `str`, not an `Arc<str>` whose
/// pointer carries the length too): 16 bytes a string, against a `String`'s 24, in a model of
/// five million strings.
#[derive(Clone)]
pub struct SharedStr {
    block: Arc<Box<str>>,
    start: u32,
    len: u32,
}

/// A document's strings, as one block to slice.
pub type StrBlock = Arc<Box<str>>;

static EMPTY: LazyLock<StrBlock> = LazyLock::new(|| Arc::new(Box::from("")));

impl SharedStr {
    /// The bytes `start..start + len` of `block`; None when that is not a whole string of it
    /// (past its end, or cutting a character).
    pub fn slice(block: &StrBlock, start: u32, len: u32) -> Option<SharedStr> {
        let from = start as usize;
        block.get(from..from.checked_add(len as usize)?)?;
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
        let block: StrBlock = Arc::new(Box::from(s.get(..end).unwrap_or("")));
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

    pub fn as_str(&self) -> &str {
        let from = self.start as usize;
        // Checked when made (`slice`, `new`), so this never falls back.
        self.block.get(from..from + self.len as usize).unwrap_or("")
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
            block: Arc::new(s.into_boxed_str()),
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
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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
        let block: StrBlock = Arc::new(Box::from("市卫生健康委市民政局"));
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
        let block: StrBlock = Arc::new(Box::from("市卫生"));
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
