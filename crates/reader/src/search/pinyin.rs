//! Pinyin of unit names: the keys typed to find a unit (initials, full pinyin) and the order
//! a Chinese reader expects names sorted in.

use pinyin::ToPinyin;

/// A searchable spelling of a unit, and for each of its chars the name char it stands for.
pub(crate) struct Key {
    pub(crate) text: Vec<char>,
    pub(crate) owner: Vec<usize>,
    /// Whether a hit on this key can be highlighted (keys from aliases cannot).
    pub(crate) on_name: bool,
}

/// Initials (swsjkw) and full pinyin (shiweishengjiankangwei) of a name, each char mapped back.
pub(crate) fn pinyin_keys(name: &str) -> Vec<Key> {
    let mut initials = Key {
        text: Vec::new(),
        owner: Vec::new(),
        on_name: true,
    };
    let mut full = Key {
        text: Vec::new(),
        owner: Vec::new(),
        on_name: true,
    };
    for (ci, (c, py)) in name.chars().zip(name.to_pinyin()).enumerate() {
        match py {
            Some(p) => {
                let plain = p.plain();
                initials.text.extend(plain.chars().next());
                initials.owner.push(ci);
                full.text.extend(plain.chars());
                full.owner.extend(std::iter::repeat_n(ci, plain.len()));
            }
            None => {
                for k in [&mut initials, &mut full] {
                    k.text.extend(c.to_lowercase());
                    k.owner.push(ci);
                }
            }
        }
    }
    vec![initials, full]
}

/// A name's full pinyin, for sorting names the way a Chinese reader expects (not by code point).
pub fn pinyin_sort_key(name: &str) -> String {
    name.chars()
        .zip(name.to_pinyin())
        .map(|(c, p)| p.map_or(c.to_string(), |p| format!("{} ", p.plain())))
        .collect()
}

/// Length in chars of a leading level word: 市, 省, 区, 县, or 自治区.
pub(crate) fn level_prefix_len(name: &str) -> usize {
    if name.starts_with("自治区") {
        3
    } else if name.starts_with(['省', '市', '区', '县', '镇', '乡']) {
        1
    } else {
        0
    }
}
