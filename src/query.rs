//! What a typed unit query means before it meets the index: the same normalisation as names read
//! from documents (a name pasted from a document header finds its unit), and the order in which
//! equally good matches are listed (the user's own level, the units they open most, load, pinyin).

use crate::extract::lines::simplify;
use crate::extract::units::{LONG_FORMS, canonical, curated_variants};
use crate::model::{Level, Model};
use std::cmp::Ordering;
use std::collections::HashMap;

/// The spellings a query is searched under, lowercased: as typed, and term by term as a name
/// read from a document would be normalised (市卫生健康委员会 → 市卫生健康委, 卫健委 →
/// 卫生健康委). The second only when it differs.
pub fn spellings(query: &str) -> Vec<String> {
    let typed = simplify(query).to_lowercase();
    let normalised = typed
        .split_whitespace()
        .map(|t| {
            // A term that normalises to nothing (a lone 等) is kept as typed.
            let c = canonical(t);
            if c.is_empty() { t.to_string() } else { c }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if normalised == typed.split_whitespace().collect::<Vec<_>>().join(" ") {
        vec![typed]
    } else {
        vec![typed, normalised]
    }
}

/// Body-type endings that differ between levels for one line of work (人力资源社会保障部, …厅,
/// …局): a full name that matched nothing is tried again without its ending.
const ENDINGS: &[char] = &['部', '厅', '局', '委', '办'];

/// The query with each long term's body-type ending dropped, when that changes anything.
pub fn relaxed(query: &str) -> Option<String> {
    let terms: Vec<String> = spellings(query)
        .pop()?
        .split_whitespace()
        .map(String::from)
        .collect();
    let cut: Vec<String> = terms
        .iter()
        .map(|t| match t.strip_suffix(ENDINGS) {
            Some(stem) if stem.chars().count() >= 3 => stem.to_string(),
            _ => t.clone(),
        })
        .collect();
    (cut != terms).then(|| cut.join(" "))
}

/// Other spellings of a unit's name that should find it: the curated variants of its stem
/// (卫健委, 卫生健康委员会 for 市卫生健康委), with its level prefix, and the official long
/// forms ([`LONG_FORMS`]) spelled out.
pub fn extra_keys(name: &str) -> Vec<String> {
    let (prefix, stem) = split_prefix(name);
    let mut out: Vec<String> = curated_variants(stem)
        .map(|v| format!("{prefix}{v}"))
        .collect();
    let long = LONG_FORMS
        .iter()
        .rev()
        .fold(name.to_string(), |n, (long, short)| {
            if n.contains(long) {
                n
            } else {
                n.replace(short, long)
            }
        });
    if long != name {
        out.push(long);
    }
    out.retain(|k| k != name);
    out.dedup();
    out
}

fn split_prefix(name: &str) -> (&str, &str) {
    for p in ["自治区", "省", "市", "区", "县", "镇", "乡"] {
        if let Some(stem) = name.strip_prefix(p) {
            return (p, stem);
        }
    }
    ("", name)
}

/// How equally good matches are ordered: units the user opens most, then the user's own level,
/// then by level, most tasks, and pinyin (a Chinese reader's order, not code points).
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    pub home: Option<Level>,
    /// Frecency score per unit name (see `prefs`).
    pub opened: HashMap<String, f64>,
    load: HashMap<String, usize>,
    pinyin: HashMap<String, String>,
}

impl Ranking {
    /// Load and pinyin of every unit in `model`; no home level and nothing opened yet.
    pub fn new(model: &Model) -> Ranking {
        // The load the `units` command orders by: each unit's tasks, counted once by the index.
        let load = model
            .units
            .iter()
            .map(|u| (u.name.clone(), model.role_counts(&u.id).total()))
            .collect();
        let pinyin = model
            .units
            .iter()
            .map(|u| (u.name.clone(), crate::search::pinyin_sort_key(&u.name)))
            .collect();
        Ranking {
            load,
            pinyin,
            ..Ranking::default()
        }
    }

    fn pinyin_of<'a>(&'a self, name: &'a str) -> &'a str {
        self.pinyin.get(name).map_or(name, String::as_str)
    }

    /// Of two units that matched equally well, which comes first.
    pub fn order(&self, a: (Level, &str), b: (Level, &str)) -> Ordering {
        let opened = |n: &str| self.opened.get(n).copied().unwrap_or(0.0);
        let away = |l: Level| self.home.is_some_and(|h| h != l);
        let load = |n: &str| self.load.get(n).copied().unwrap_or(0);
        opened(b.1)
            .total_cmp(&opened(a.1))
            .then(away(a.0).cmp(&away(b.0)))
            .then(a.0.cmp(&b.0))
            .then(load(b.1).cmp(&load(a.1)))
            .then_with(|| self.pinyin_of(a.1).cmp(self.pinyin_of(b.1)))
            .then_with(|| a.1.cmp(b.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_are_searched_as_short_names() {
        assert_eq!(spellings("卫健委"), ["卫健委", "卫生健康委"]);
        assert_eq!(
            spellings("市卫生健康委员会"),
            ["市卫生健康委员会", "市卫生健康委"]
        );
        assert_eq!(spellings("wsjkw"), ["wsjkw"]);
        assert_eq!(spellings("等"), ["等"]);
        assert_eq!(spellings("市 卫生健康委员会")[1], "市 卫生健康委");
        assert_eq!(
            relaxed("人力资源和社会保障部").as_deref(),
            Some("人力资源社会保障")
        );
        assert_eq!(relaxed("民政局"), None);
    }

    #[test]
    fn every_curated_spelling_is_a_key() {
        let keys = extra_keys("市卫生健康委");
        assert!(keys.contains(&"市卫健委".to_string()), "{keys:?}");
        assert!(keys.contains(&"市卫生健康委员会".to_string()), "{keys:?}");
        assert!(extra_keys("省发展改革委").contains(&"省发展和改革委员会".to_string()));
        assert!(extra_keys("市场监管局").contains(&"市场监督管理局".to_string()));
    }
}
