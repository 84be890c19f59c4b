//! What the cache tells the user about itself: a cache discarded as damaged (and rebuilt), or
//! one that could not be written. Kept as what happened, worded in the user's language.

use crate::i18n::Lang;
use crate::load::Reason;
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

impl CacheNotice {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            CacheNotice::Discarded { path, why } => {
                let path = crate::text::one_line(path);
                let why = match (why, zh) {
                    (Damage::NotACache, true) => "不是 dutymatrix 的缓存",
                    (Damage::CutShort, true) => "不完整",
                    (Damage::Checksum, true) => "已损坏（校验和不符）",
                    (Damage::Undecodable, true) => "无法解码",
                    (Damage::DamagedEntry, true) => "有损坏的条目",
                    (Damage::NotACache, false) => "is not a dutymatrix cache",
                    (Damage::CutShort, false) => "is cut short",
                    (Damage::Checksum, false) => "is damaged (checksum mismatch)",
                    (Damage::Undecodable, false) => "cannot be decoded",
                    (Damage::DamagedEntry, false) => "has a damaged entry",
                };
                if zh {
                    format!("缓存 {path} {why}，已丢弃并从文档重建")
                } else {
                    format!("cache {path} {why}: discarded, rebuilt from the documents")
                }
            }
            CacheNotice::NotWritten { path, why } => {
                let path = crate::text::one_line(path);
                let why = crate::text::one_line(&why.text(lang));
                if zh {
                    format!("缓存 {path} 未能写入：{why}")
                } else {
                    format!("cache {path} not written: {why}")
                }
            }
        }
    }
}

impl fmt::Display for CacheNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
