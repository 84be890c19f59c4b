//! Traditional (including Hong Kong variants such as 衞) to Simplified, as `hanconv::hk2s`
//! converts, and the test of whether a text needs it at all.

use std::borrow::Cow;

type StepMap = foldhash::HashMap<&'static str, &'static str>;

/// Traditional (including Hong Kong variants such as 衞) to Simplified.
///
/// Most documents are Simplified already, and most of their lines come out of `hk2s` unchanged:
/// those are copied without a look-up per character.
pub fn simplify(s: &str) -> String {
    if !needs_conversion(s) {
        return s.to_string();
    }
    hk2s(s)
}

/// `hanconv::hk2s(s)`, from the same dictionaries in tables indexed by character: its tries
/// hash every character at every level, and cost as much as reading the rest of a Traditional
/// document did.
pub(super) fn hk2s(s: &str) -> String {
    let tables = tables();
    match tables.first.convert(s) {
        Cow::Borrowed(s) => tables.second.convert(s).into_owned(),
        Cow::Owned(s) => tables.second.convert(&s).into_owned(),
    }
}

/// One step of `hk2s`: a dictionary matched as `hanconv`'s trie matches it, the longest key at
/// each place first, and a character no key starts kept as it is.
struct Step {
    /// By character of the Basic Multilingual Plane: `PHRASE` when a key of more than one
    /// character starts with it, and in the low bits the place in `values` (plus one) of its own
    /// value, or 0. A character that maps to itself is given no value: kept, as it would be.
    slots: Vec<u32>,
    /// The same for the characters beyond the BMP.
    astral: foldhash::HashMap<char, u32>,
    /// Each value, and its character when it is one (pushed without a copy of its bytes).
    values: Vec<(Option<char>, &'static str)>,
    /// [`Step::slots`] that are not 0, one bit a character, for [`crate::text::next_marked`].
    keys: Box<[u64; 1024]>,
    /// Keys of more than one character by their first character.
    phrases: foldhash::HashMap<char, Phrases>,
}

/// The keys of more than one character that open with one character, with their values:
/// ordered by their second character, and those with the same second character longest first.
/// Only those with the text's second character are compared with it, found by a binary search,
/// where every key of the first character was compared in turn.
struct Phrases {
    seconds: Vec<char>,
    keys: Vec<(&'static str, &'static str)>,
}

impl Phrases {
    /// The longest key that `rest` opens with (its first character this list's), with its value.
    fn longest_at(&self, rest: &str, first_len: usize) -> Option<(&'static str, &'static str)> {
        let second = rest.get(first_len..)?.chars().next()?;
        let from = self.seconds.partition_point(|&c| c < second);
        let same = self.seconds.get(from..).unwrap_or_default();
        let to = from + same.partition_point(|&c| c == second);
        let keys = self.keys.get(from..to).unwrap_or_default();
        keys.iter().find(|(k, _)| rest.starts_with(k)).copied()
    }
}

const PHRASE: u32 = 1 << 31;

impl Step {
    fn new(map: &StepMap) -> Step {
        let mut step = Step {
            slots: vec![0; 1 << 16],
            astral: Default::default(),
            values: Vec::new(),
            keys: Box::new([0; 1024]),
            phrases: Default::default(),
        };
        let mut phrases: foldhash::HashMap<char, Vec<(char, &'static str, &'static str)>> =
            Default::default();
        for (&key, &value) in map {
            let mut chars = key.chars();
            let Some(first) = chars.next() else {
                continue;
            };
            let flag = if let Some(second) = chars.next() {
                phrases.entry(first).or_default().push((second, key, value));
                PHRASE
            } else if key != value {
                let mut one = value.chars();
                let only = one.next().filter(|_| one.next().is_none());
                step.values.push((only, value));
                step.values.len() as u32
            } else {
                continue;
            };
            match step.slots.get_mut(first as usize) {
                Some(slot) => *slot |= flag,
                None => *step.astral.entry(first).or_default() |= flag,
            }
        }
        for (first, mut keys) in phrases {
            // Of two keys that both start a text, one starts the other: the longer has more bytes.
            keys.sort_by_key(|&(second, k, _)| (second, std::cmp::Reverse(k.len())));
            let list = Phrases {
                seconds: keys.iter().map(|&(second, _, _)| second).collect(),
                keys: keys.iter().map(|&(_, k, v)| (k, v)).collect(),
            };
            step.phrases.insert(first, list);
        }
        for (c, _) in step.slots.iter().enumerate().filter(|(_, s)| **s != 0) {
            step.keys[c >> 6] |= 1 << (c & 63);
        }
        step
    }

    #[inline]
    fn slot(&self, c: char) -> u32 {
        match self.slots.get(c as usize) {
            Some(&slot) => slot,
            None => self.astral.get(&c).copied().unwrap_or(0),
        }
    }

    /// The first character from byte `i` on that a key starts, or that has two bytes or four
    /// (looked up whole), or the end: ASCII and characters of three bytes are found in `keys`
    /// without being decoded as `char`s.
    #[inline]
    fn next_key(&self, b: &[u8], i: usize) -> usize {
        crate::text::next_marked(b, i, &self.keys)
    }

    /// `s` through this step, borrowed when every key met maps to itself.
    fn convert<'a>(&self, s: &'a str) -> Cow<'a, str> {
        let mut out = String::new();
        let mut changed = false;
        let mut run = 0;
        let mut i = 0;
        loop {
            i = self.next_key(s.as_bytes(), i);
            let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let at = i;
            let slot = self.slot(c);
            let phrase = (slot & PHRASE != 0)
                .then(|| self.phrases.get(&c))
                .flatten()
                .and_then(|keys| keys.longest_at(&s[at..], c.len_utf8()));
            let (one, value) = match phrase {
                Some((key, value)) => {
                    i += key.len();
                    if key == value {
                        continue;
                    }
                    (None, value)
                }
                None => {
                    i += c.len_utf8();
                    let value = (slot & !PHRASE).checked_sub(1);
                    match value.and_then(|v| self.values.get(v as usize)) {
                        Some(&value) => value,
                        None => continue,
                    }
                }
            };
            if !changed {
                out.reserve(s.len() + 8);
                changed = true;
            }
            if run < at {
                out.push_str(&s[run..at]);
            }
            match one {
                Some(one) => out.push(one),
                None => out.push_str(value),
            }
            run = i;
        }
        if !changed {
            return Cow::Borrowed(s);
        }
        out.push_str(&s[run..]);
        Cow::Owned(out)
    }
}

/// What can make `hanconv::hk2s` change a text. It runs two steps, each a trie matched longest
/// first: Hong Kong variants to Traditional, then Traditional to Simplified. When no key of more
/// than one character matches in either step, each step maps character by character, and the
/// text comes back unchanged exactly when every character does through both maps: 台 goes to
/// 臺 and back, so it changes nothing (`changes` holds those that do change). A longer key only
/// matters where it is met: by its first character, at that step's input (for the second step,
/// every spelling the first step turns into it), unless it maps to itself over characters its
/// step leaves alone (有序), which is what those characters would give one by one.
pub(super) struct Triggers {
    /// One bit per character of the Basic Multilingual Plane.
    pub(super) changes: Vec<u64>,
    /// The first characters of `phrases`, one bit each, to spare most characters the lookup.
    pub(super) phrase_starts: Vec<u64>,
    /// `changes` and `phrase_starts` together: one test spares most characters both.
    pub(super) either: [u64; 1024],
    pub(super) phrases: foldhash::HashMap<char, Vec<String>>,
    /// The characters of `phrases`, one bit each: a phrase can run across the joint of two
    /// texts only where both characters there are among them.
    pub(super) in_phrases: Vec<u64>,
}

/// The triggers and the two steps of `hk2s`, drawn from one reading of the dictionaries.
struct Tables {
    triggers: Triggers,
    first: Step,
    second: Step,
}

/// One step's trie as a map: its dictionaries in the order `hanconv` inserts them, a later
/// key replacing an earlier one.
fn step_map(dicts: &[hanconv::Dictionary]) -> StepMap {
    dicts.iter().flat_map(|d| d.iter()).collect()
}

fn set_bit(bits: &mut [u64], c: char) {
    if let Some(word) = bits.get_mut(c as usize >> 6) {
        *word |= 1 << (c as usize & 63);
    }
}

pub(super) fn triggers() -> &'static Triggers {
    &tables().triggers
}

fn tables() -> &'static Tables {
    use hanconv::Dictionary;
    static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(|| {
        let first = step_map(&[Dictionary::HKVariantsRevPhrases, Dictionary::HKVariantsRev]);
        let second = step_map(&[Dictionary::TSPhrases, Dictionary::TSCharacters]);
        Tables {
            triggers: Triggers::new(&first, &second),
            first: Step::new(&first),
            second: Step::new(&second),
        }
    });
    &TABLES
}

impl Triggers {
    fn new(first: &StepMap, second: &StepMap) -> Triggers {
        let one = |map: &StepMap, c: char| -> Option<char> {
            let mut buf = [0; 4];
            let value = map.get(&*c.encode_utf8(&mut buf)).copied();
            let mut chars = value.map_or(c.encode_utf8(&mut buf).chars(), str::chars);
            match (chars.next(), chars.next()) {
                (Some(v), None) => Some(v),
                _ => None,
            }
        };
        let single = |key: &str| {
            let mut chars = key.chars();
            matches!((chars.next(), chars.next()), (Some(_), None))
        };
        let mut changes = vec![0u64; 1 << 10];
        for c in first.keys().chain(second.keys()).flat_map(|k| k.chars()) {
            if one(first, c).and_then(|m| one(second, m)) != Some(c) {
                set_bit(&mut changes, c);
            }
        }
        // A key that maps to itself over characters its step leaves alone changes nothing.
        let idle = |map: &StepMap, key: &str, value: &str| {
            key == value && key.chars().all(|c| one(map, c) == Some(c))
        };
        let mut wanted: Vec<String> = first
            .iter()
            .filter(|(k, v)| !single(k) && !idle(first, k, v))
            .map(|(k, _)| k.to_string())
            .collect();
        // The spellings the first step turns into each character, by character.
        let mut sources: foldhash::HashMap<char, Vec<char>> = Default::default();
        for key in first.keys().filter(|k| single(k)) {
            if let Some((c, m)) = key.chars().next().and_then(|c| Some((c, one(first, c)?))) {
                sources.entry(m).or_default().push(c);
            }
        }
        for (key, value) in second.iter().filter(|(k, _)| !single(k)) {
            if idle(second, key, value) {
                continue;
            }
            let mut spellings = vec![String::new()];
            for k in key.chars() {
                let mut from: Vec<char> = sources.get(&k).cloned().unwrap_or_default();
                if one(first, k) == Some(k) {
                    from.push(k);
                }
                spellings = spellings
                    .iter()
                    .flat_map(|s| from.iter().map(move |c| format!("{s}{c}")))
                    .collect();
            }
            wanted.extend(spellings);
        }
        let mut phrases: foldhash::HashMap<char, Vec<String>> = Default::default();
        for key in wanted {
            // A key holding a character that changes is caught by that character.
            if let Some(c) = key.chars().next()
                && !key.chars().any(|c| changes_alone(&changes, c))
            {
                phrases.entry(c).or_default().push(key);
            }
        }
        let mut phrase_starts = vec![0u64; 1 << 10];
        for c in phrases.keys() {
            set_bit(&mut phrase_starts, *c);
        }
        let mut in_phrases = vec![0u64; 1 << 10];
        for c in phrases.values().flatten().flat_map(|p| p.chars()) {
            set_bit(&mut in_phrases, c);
        }
        let mut either = [0u64; 1024];
        for (e, (c, p)) in either.iter_mut().zip(changes.iter().zip(&phrase_starts)) {
            *e = c | p;
        }
        Triggers {
            changes,
            phrase_starts,
            either,
            phrases,
            in_phrases,
        }
    }

    /// Whether `c`, at byte `i` of `s`, makes `hanconv::hk2s` change `s`. Inlined into the
    /// loops over a line's characters: most characters are turned away by the one bit test,
    /// which a call per character cost more than.
    #[inline]
    pub(super) fn converts_at(&self, s: &str, i: usize, c: char) -> bool {
        changes_alone(&self.either, c) && self.converts_at_slowly(s, i, c)
    }

    #[inline(never)]
    fn converts_at_slowly(&self, s: &str, i: usize, c: char) -> bool {
        changes_alone(&self.changes, c)
            || changes_alone(&self.phrase_starts, c)
                && (self.phrases.get(&c)).is_some_and(|ps| ps.iter().any(|p| s[i..].starts_with(p)))
    }
}

/// Whether `c`'s bit is set (characters beyond the BMP count as set: left to the converter).
#[inline]
pub(super) fn changes_alone(bits: &[u64], c: char) -> bool {
    let c = c as usize;
    c >= 0x80
        && bits
            .get(c >> 6)
            .is_none_or(|word| word & (1 << (c & 63)) != 0)
}

/// Whether `hanconv::hk2s` could give anything but `s` itself.
pub(crate) fn needs_conversion(s: &str) -> bool {
    let t = triggers();
    let mut i = 0;
    loop {
        i = crate::text::next_marked(s.as_bytes(), i, &t.either);
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if t.converts_at(s, i, c) {
            return true;
        }
        i += c.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A joint with an ASCII character on either side is turned away before the bit test.
    #[test]
    fn no_phrase_holds_ascii() {
        let in_phrases = &triggers().in_phrases;
        assert!((0..128u8).all(|b| in_phrases[usize::from(b) >> 6] >> (b & 63) & 1 == 0));
        assert!(
            triggers()
                .phrases
                .values()
                .flatten()
                .all(|p| !p.chars().any(|c| c.is_ascii()))
        );
    }

    /// Keys that overlap, run into one another and hold one another, between plain text: every
    /// text of up to three pieces, and 200,000 longer ones drawn with a fixed seed, converted as
    /// `hanconv` converts them.
    #[test]
    fn the_tables_convert_as_the_tries_do() {
        use hanconv::Dictionary;
        let mut pieces: Vec<String> = ["a", "。", "单", "台", "臺", "衞", "\u{20000}", "后"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for dict in [
            Dictionary::HKVariantsRevPhrases,
            Dictionary::HKVariantsRev,
            Dictionary::TSPhrases,
        ] {
            for (k, v) in dict.iter().step_by(7) {
                pieces.push(k.to_string());
                pieces.push(v.to_string());
                // A key's head and tail, to start a key that does not finish and finish one
                // that did not start.
                let mut chars = k.chars();
                pieces.extend(chars.next().map(String::from));
                pieces.extend(chars.next_back().map(String::from));
            }
        }
        pieces.extend(
            Dictionary::TSCharacters
                .iter()
                .step_by(97)
                .map(|(k, _)| k.to_string()),
        );
        pieces.sort();
        pieces.dedup();
        let few: Vec<String> = pieces
            .iter()
            .step_by(pieces.len() / 40 + 1)
            .cloned()
            .collect();
        for t in dutymatrix_base::oracle_texts::every_text(&few, 3) {
            assert_eq!(hk2s(&t), hanconv::hk2s(&t), "{t:?}");
        }
        for t in dutymatrix_base::oracle_texts::random_texts(
            &pieces,
            200_000,
            1..12,
            0x2545_f491_4f6c_dd1d,
        ) {
            assert_eq!(hk2s(&t), hanconv::hk2s(&t), "{t:?}");
        }
    }
}
