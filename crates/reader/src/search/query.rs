//! What a typed unit query means before it meets the index: the same normalisation as names read
//! from documents (a name pasted from a document header finds its unit), and the order in which
//! equally good matches are listed (the user's own level, the units they open most, load, pinyin).

use crate::extract::lines::simplify;
use crate::extract::units::{LONG_FORMS, canonical, curated_variants};

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
