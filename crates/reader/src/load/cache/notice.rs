//! What the cache tells the user about itself: a cache discarded as damaged (and rebuilt), or
//! one that could not be written. Kept as what happened, worded in English here and in the user's language by the application.

use crate::load::reason::Reason;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheNotice {
    /// The cache file was damaged: it was discarded and rebuilt from the documents.
    Discarded { path: String, why: Damage },
    /// The documents were read, but the cache could not be written.
    NotWritten { path: String, why: Reason },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    NotACache,
    CutShort,
    Checksum,
    Undecodable,
    DamagedEntry,
}

impl fmt::Display for CacheNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheNotice::Discarded { path, why } => {
                let why = match why {
                    Damage::NotACache => "is not a dutymatrix cache",
                    Damage::CutShort => "is cut short",
                    Damage::Checksum => "is damaged (checksum mismatch)",
                    Damage::Undecodable => "cannot be decoded",
                    Damage::DamagedEntry => "has a damaged entry",
                };
                let path = crate::text::one_line(path);
                write!(
                    f,
                    "cache {path} {why}: discarded, rebuilt from the documents"
                )
            }
            CacheNotice::NotWritten { path, why } => {
                let path = crate::text::one_line(path);
                let why = crate::text::one_line(&why.to_string());
                write!(f, "cache {path} not written: {why}")
            }
        }
    }
}
