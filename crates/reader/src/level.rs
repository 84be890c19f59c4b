//! The level of government a unit's name implies (省, 市, 区, 县, 乡镇, national), read from
//! the place words it opens with.

use crate::domain::Level;

impl Level {
    /// The level a unit's name implies, read from the place words it opens with (泰安市…,
    /// 山东省泰安市岱岳区…, 市…), never from inside the name: 住房城乡建设部 is a ministry, and
    /// the 乡 of its 城乡 says nothing about a township. A name with no place word is national
    /// when it reads as a central body.
    pub fn of_name(name: &str) -> Level {
        // A unit's name is short: its characters on the stack, where a vector was allocated
        // for each name.
        let mut on_stack = ['\0'; ON_STACK];
        let on_heap: Vec<char>;
        let chars: &[char] = if name.len() <= ON_STACK {
            let mut n = 0;
            for (slot, c) in on_stack.iter_mut().zip(name.chars()) {
                *slot = c;
                n += 1;
            }
            &on_stack[..n]
        } else {
            on_heap = name.chars().collect();
            &on_heap
        };
        of_chars(name, chars)
    }
}

/// [`Level::of_name`] of `name`, given its characters.
fn of_chars(name: &str, chars: &[char]) -> Level {
    let mut level = None;
    let mut at = 0;
    // Walk the chain of place names at the start; the last one is the unit's own level.
    while let Some((end, l)) = place_word(chars, at) {
        level = Some(l);
        at = end;
    }
    if let Some(l) = level {
        return l;
    }
    if ["国家", "国务院", "中国", "中央", "全国"]
        .iter()
        .any(|p| name.starts_with(p))
        || is_ministry(name)
    {
        Level::National
    } else {
        Level::Other
    }
}

/// Names of up to this many bytes (so as many characters at most) are read on the stack.
const ON_STACK: usize = 72;

/// Words in which a place character is part of an ordinary word, not a place name's end.
const NOT_PLACE: &[&[char]] = &[
    &['城', '乡'],
    &['乡', '村'],
    &['乡', '镇'],
    &['乡', '土'],
    &['市', '场'],
    &['城', '市'],
    &['都', '市'],
    &['区', '域'],
    &['社', '区'],
    &['地', '区'],
    &['园', '区'],
    &['景', '区'],
    &['街', '区'],
    &['校', '区'],
    &['县', '域'],
    &['城', '区'],
    &['城', '镇'],
    &['村', '镇'],
    &['集', '镇'],
];

/// Level words, longest first where one ends another.
const PLACE_WORDS: [(&[char], Level); 12] = [
    (&['自', '治', '区'], Level::Province),
    (&['自', '治', '州'], Level::City),
    (&['街', '道'], Level::Township),
    (&['省'], Level::Province),
    (&['市'], Level::City),
    (&['州'], Level::City),
    (&['盟'], Level::City),
    (&['区'], Level::District),
    (&['县'], Level::County),
    (&['旗'], Level::County),
    (&['镇'], Level::Township),
    (&['乡'], Level::Township),
];

/// The characters the level words end with.
const LEVEL_ENDS: [char; 10] = ['区', '州', '道', '省', '市', '盟', '县', '旗', '镇', '乡'];

/// Bit `c % 64` set for each of [`LEVEL_ENDS`]: most characters of a name are turned away by
/// one test, where each was compared with the ten.
const LEVEL_END_BITS: u64 = {
    let mut bits = 0u64;
    let mut i = 0;
    while i < LEVEL_ENDS.len() {
        bits |= 1 << (LEVEL_ENDS[i] as u32 % 64);
        i += 1;
    }
    bits
};

fn is_level_end(c: &char) -> bool {
    LEVEL_END_BITS >> (*c as u32 % 64) & 1 != 0 && LEVEL_ENDS.contains(c)
}

/// A place name starting at `from` (the level word alone, as in 市卫生健康委, or a name of up
/// to seven characters ending in one): where it ends and the level it names.
fn place_word(chars: &[char], from: usize) -> Option<(usize, Level)> {
    let rest = chars.get(from..)?;
    // Whether the place word at `i` is part of one of the ordinary words above. The character
    // is compared with its place in a word first: a slice comparison is a call, and most words
    // do not hold the character.
    let in_word = |i: usize| {
        NOT_PLACE.iter().any(|w| {
            (0..w.len()).any(|k| {
                chars.get(i) == Some(&w[k])
                    && i >= k
                    && chars.get(i - k..i - k + w.len()) == Some(w)
            })
        })
    };
    for end in 1..=rest.len().min(10) {
        // Only a level word's last character can end a place: others are not compared with
        // the twelve words.
        if !rest.get(end - 1).is_some_and(is_level_end) {
            continue;
        }
        // By reference: a loop over the array by value copies its 288 bytes for each `end`.
        for &(w, level) in &PLACE_WORDS {
            // The last character first: a slice comparison is a call.
            if end < w.len() || w.last() != rest.get(end - 1) || rest[end - w.len()..end] != w[..] {
                continue;
            }
            let start = from + end - w.len();
            // Only a level word alone, or a proper name before it, makes a place: 省 / 山东省.
            let name_len = end - w.len();
            if (name_len == 0 || name_len >= 2 || (name_len == 1 && from + end < chars.len()))
                && name_len <= 7
                && !in_word(start)
                && !rest[..name_len]
                    .iter()
                    .any(|c| NOT_IN_PLACE_NAME.contains(c))
            {
                return Some((from + end, level));
            }
        }
    }
    None
}
/// Characters that make a run before a level word a body's name, not a place's (市场监管局).
/// A list of characters, not a `str`: a `str` searched for a Han character is searched for
/// its three bytes, a search set up anew for each character.
const NOT_IN_PLACE_NAME: [char; 5] = ['部', '委', '局', '厅', '办'];

fn is_ministry(name: &str) -> bool {
    crate::text::ends_with_any(
        name,
        &[
            "部",
            "总局",
            "署",
            "委",
            "局",
            "办",
            "院",
            "银行",
            "委员会",
            "会",
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `place_word` compares only the characters of [`LEVEL_ENDS`] with the level words.
    #[test]
    fn every_level_word_ends_in_a_level_end() {
        for (w, _) in PLACE_WORDS {
            assert!(w.last().is_some_and(|c| LEVEL_ENDS.contains(c)), "{w:?}");
        }
        assert_eq!(Level::of_name("山东省泰安市岱岳区民政局"), Level::District);
    }

    /// The bit test turns away no level end, over every character.
    #[test]
    fn level_ends_by_bits_are_the_level_ends() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_level_end(&c), LEVEL_ENDS.contains(&c), "{c:?}");
        }
    }

    /// Every name of up to four pieces (place words, level words, the ordinary words that
    /// hold them, body endings, and characters whose code shares a level end's last six bits)
    /// and 200,000 longer ones drawn with a fixed seed, some past the stack's length: read
    /// from the characters on the stack as from a vector of them, as it was read.
    #[test]
    fn levels_read_as_they_were() {
        // 为 (U+4E3A) and 人 (U+4EBA) share the low six bits of 区, and pass the bit test.
        let pieces = [
            "山东",
            "省",
            "泰安",
            "市",
            "岱岳",
            "区",
            "县",
            "镇",
            "乡",
            "街道",
            "自治区",
            "自治州",
            "州",
            "盟",
            "旗",
            "城乡",
            "市场",
            "社区",
            "园区",
            "卫生健康委",
            "局",
            "部",
            "国家",
            "国务院",
            "委员会",
            "为",
            "人",
            "x",
            "住房城乡建设部",
            "内蒙古",
        ];
        let names = dutymatrix_base::oracle_texts::every_then_random(
            &pieces,
            4,
            200_000,
            3..16,
            0x6a09_e667_f3bc_c908,
        );
        let mut placed = 0;
        for n in &names {
            let level = Level::of_name(n);
            let chars: Vec<char> = n.chars().collect();
            assert_eq!(level, of_chars(n, &chars), "{n:?}");
            placed += usize::from(!matches!(level, Level::National | Level::Other));
        }
        assert!(names.iter().any(|n| n.len() > ON_STACK));
        assert!(placed > 50_000, "too few placed names to tell: {placed}");
    }
}
