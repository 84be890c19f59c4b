//! Source lines in two aligned forms: as written, and folded for parsing.
//!
//! The folded form is Simplified, with full-width punctuation and digits made ASCII, and it has
//! exactly as many characters as the original. That alignment lets every parser work on one
//! spelling while every quote the user sees comes from the document as written.

use std::borrow::Cow;
use std::ops::Range;

#[path = "lines_mark.rs"]
mod mark;
pub(crate) use mark::is_numeral;
pub use mark::{Marker, chinese_numeral, marker};
#[path = "lines_simplify.rs"]
mod simplify;
pub(crate) use simplify::needs_conversion;
pub use simplify::simplify;
use simplify::{changes_alone, hk2s, triggers};

/// A text as written and its folded form, character for character.
///
/// The two forms are only ever changed together through the methods here, so that `shifts`
/// stays true.
#[derive(Debug, Clone, Default)]
pub struct Aligned {
    pub orig: String,
    pub norm: String,
    /// After each character whose folded form has another length in bytes (full-width
    /// punctuation and digits): its end in `norm` and its end in `orig`. Between two of these
    /// both forms advance byte for byte, so a byte offset of `norm` finds its place in `orig` by
    /// a binary search over a line's punctuation: quoting a range costs its length, not its
    /// position, and no table the size of the line is built for each piece of text.
    shifts: Vec<(u32, u32)>,
    /// Whether `hanconv::hk2s` may change `orig`: false for a line [`Aligned::new`] found
    /// nothing to convert in, and for pieces of such lines put together where no phrase of the
    /// conversion can run across a joint. Each task's text was scanned again for what its lines
    /// had been scanned for already.
    converts: bool,
}

impl PartialEq for Aligned {
    fn eq(&self, other: &Aligned) -> bool {
        self.orig == other.orig && self.norm == other.norm
    }
}

impl Eq for Aligned {}

impl Aligned {
    pub fn new(orig: &str) -> Aligned {
        // Nothing Simplified, the case of almost every line: folded in the pass that looks for
        // a character to convert, which gives up at the first one.
        if let Some(plain) = fold_plain(orig) {
            return plain;
        }
        fold_converted(orig, &converted_aligned(orig))
    }

    /// Whether `hanconv::hk2s` could give anything but `orig` itself: [`needs_conversion`] of
    /// it, asked only of a text that holds a line with something to convert or a joint a
    /// phrase may run across.
    pub fn needs_conversion(&self) -> bool {
        self.converts && needs_conversion(&self.orig)
    }

    /// Whether `piece`, appended to `orig`, may make a phrase of the conversion run across
    /// the joint: both characters there may stand in a phrase.
    #[inline]
    fn joint_may_convert(&self, piece: &str) -> bool {
        // No phrase holds an ASCII character (`no_phrase_holds_ascii`), and many joints have
        // one: they are turned away on a byte, without decoding both characters.
        let (Some(last_byte), Some(first_byte)) =
            (self.orig.as_bytes().last(), piece.as_bytes().first())
        else {
            return false;
        };
        if last_byte.is_ascii() || first_byte.is_ascii() {
            return false;
        }
        let (Some(last), Some(first)) = (self.orig.chars().next_back(), piece.chars().next())
        else {
            return false;
        };
        let in_phrases = &triggers().in_phrases;
        let held = |c: char| {
            (in_phrases.get(c as usize >> 6)).is_none_or(|word| word >> (c as usize & 63) & 1 != 0)
        };
        held(last) && held(first)
    }

    /// Where byte offset `p` of `norm` falls in `orig`.
    fn orig_pos(&self, p: usize) -> usize {
        let i = self.shifts.partition_point(|&(n, _)| n as usize <= p);
        self.orig_pos_after(i, p)
    }

    /// Where byte offset `p` of `norm` falls in `orig`, the first `i` shifts being those at or
    /// before it.
    fn orig_pos_after(&self, i: usize, p: usize) -> usize {
        match i.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            None => p,
            Some(&(n, o)) => o as usize + (p - n as usize),
        }
    }

    /// For a range of `norm` that holds (within it, its start before its end): the shifts at or
    /// before each end, and where each end falls in `orig`. The second end is searched for only
    /// among the shifts after the first: a quote and a copy searched four and five times.
    fn span(&self, r: &Range<usize>) -> (usize, usize, usize, usize) {
        let from = self.shifts.partition_point(|&(n, _)| n as usize <= r.start);
        let after = self.shifts.get(from..).unwrap_or_default();
        let to = from + after.partition_point(|&(n, _)| n as usize <= r.end);
        let start = self.orig_pos_after(from, r.start);
        (from, to, start, self.orig_pos_after(to, r.end).max(start))
    }

    fn holds(&self, r: &Range<usize>) -> bool {
        r.end <= self.norm.len() && r.start <= r.end
    }

    /// The original text under a byte range of `norm`.
    pub fn orig_of(&self, norm_range: Range<usize>) -> &str {
        if !self.holds(&norm_range) {
            return "";
        }
        let (_, _, start, end) = self.span(&norm_range);
        self.orig.get(start..end).unwrap_or("")
    }

    /// Appends a byte range of `other`'s folded text, with the original text under it.
    pub fn push_from(&mut self, other: &Aligned, norm_range: Range<usize>) {
        let holds = other.holds(&norm_range);
        let (from, to, orig_start, orig_end) = match holds {
            true => other.span(&norm_range),
            false => (0, 0, 0, 0),
        };
        let (base_n, base_o) = (self.norm.len(), self.orig.len());
        let quote = other.orig.get(orig_start..orig_end).filter(|_| holds);
        let quote = quote.unwrap_or("");
        if !self.converts {
            self.converts = other.converts || self.joint_may_convert(quote);
        }
        self.orig.push_str(quote);
        self.norm.push_str(&other.norm[norm_range.clone()]);
        // The piece starts where both forms end now, so only its own shifts are added.
        let own = other.shifts.get(from..to).unwrap_or_default();
        self.shifts.reserve(own.len());
        for &(n, o) in own {
            self.shifts.push((
                (base_n + n as usize - norm_range.start) as u32,
                (base_o + (o as usize).saturating_sub(orig_start)) as u32,
            ));
        }
    }

    /// Appends all of `other`.
    pub fn push_all(&mut self, other: &Aligned) {
        self.push_from(other, 0..other.norm.len());
    }

    pub fn push_char(&mut self, c: char) {
        if !self.converts {
            let alone = changes_alone(&triggers().changes, c);
            self.converts = alone || self.joint_may_convert(c.encode_utf8(&mut [0; 4]));
        }
        self.orig.push(c);
        self.norm.push(c);
    }

    pub fn is_blank(&self) -> bool {
        self.norm.trim().is_empty()
    }

    /// Room for `bytes` more of text in both forms, for a text put together piece by piece.
    pub fn reserve(&mut self, bytes: usize) {
        self.orig.reserve(bytes);
        self.norm.reserve(bytes);
    }

    /// [`Aligned::trimmed`], without a copy when there is nothing to trim (the case of most
    /// paragraphs).
    pub fn into_trimmed(self) -> Aligned {
        let start = self.norm.len() - self.norm.trim_start().len();
        let end = self.norm.trim_end().len().max(start);
        // Both forms end together (what a copy would take whole), so the copy would be this.
        if start == 0 && end == self.norm.len() && self.orig_pos(end) == self.orig.len() {
            return self;
        }
        self.trimmed()
    }

    /// A byte range of `norm` with its surrounding white space removed, copied once: what
    /// [`Aligned::push_from`] into an empty text and then [`Aligned::trimmed`] give, where the
    /// two made the piece and then its copy (every cell of a table, every piece of a line).
    pub fn trimmed_from(&self, norm_range: Range<usize>) -> Aligned {
        let mut out = Aligned::default();
        let Some(piece) = self.norm.get(norm_range.clone()) else {
            return out;
        };
        let start = norm_range.start + (piece.len() - piece.trim_start().len());
        let end = (norm_range.start + piece.trim_end().len()).max(start);
        out.push_from(self, start..end);
        out
    }

    /// Both forms with surrounding white space removed, still aligned.
    pub fn trimmed(&self) -> Aligned {
        let start = self.norm.len() - self.norm.trim_start().len();
        let end = self.norm.trim_end().len().max(start);
        let mut out = Aligned::default();
        out.push_from(self, start..end);
        out
    }
}

/// `orig` folded as [`Aligned::new`] folds a text with nothing to convert, or None when a
/// character of it may convert ([`needs_conversion`]). The text is copied a run at a time up to
/// each character that folds to another.
///
/// Read by bytes ([`crate::text::next_marked`]): a character is tested against one set of those
/// that fold or may convert without being decoded. Decoding each as a `char` and asking both
/// questions cost 70 instructions a character.
fn fold_plain(orig: &str) -> Option<Aligned> {
    let t = triggers();
    let stops = stops();
    let b = orig.as_bytes();
    let mut norm = String::with_capacity(orig.len());
    let mut shifts = Vec::new();
    let mut run = 0;
    let mut i = 0;
    loop {
        i = crate::text::next_marked(b, i, stops);
        let at = i;
        let Some(a) = orig.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += a.len_utf8();
        if t.converts_at(orig, at, a) {
            return None;
        }
        let b = fold_char(a);
        if b == a {
            continue;
        }
        norm.push_str(&orig[run..at]);
        run = i;
        norm.push(b);
        if a.len_utf8() != b.len_utf8() {
            if shifts.capacity() == 0 {
                // A line with one full-width mark mostly has several: grown from four, the
                // shifts were grown 25,739 times over 300 documents' 21,141 lines; 4,602 now.
                shifts.reserve_exact(8);
            }
            shifts.push((norm.len() as u32, run as u32));
        }
    }
    norm.push_str(&orig[run..]);
    Some(Aligned {
        orig: orig.to_string(),
        norm,
        shifts,
        converts: false,
    })
}

/// The characters that fold to another.
const FOLDED: [char; 28] = [
    '（', '）', '：', '；', '，', '．', '﹒', '\u{3000}', '\u{a0}', '〔', '［', '〕', '］', '－',
    '—', '–', '~', '～', '０', '１', '２', '３', '４', '５', '６', '７', '８', '９',
];

/// [`FOLDED`], one bit per character of the Basic Multilingual Plane.
static FOLD_BITS: [u64; 1024] = crate::text::char_marks(&FOLDED);

/// One bit per character of the Basic Multilingual Plane, for [`fold_plain`]: set for those
/// that may convert (the triggers') and those that fold.
fn stops() -> &'static [u64; 1024] {
    static STOPS: std::sync::LazyLock<[u64; 1024]> = std::sync::LazyLock::new(|| {
        let mut bits = FOLD_BITS;
        for (word, either) in bits.iter_mut().zip(&triggers().either) {
            *word |= *either;
        }
        bits
    });
    &STOPS
}

/// One source line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// 1-based line number in the source file.
    pub no: usize,
    /// Read, never changed: the mark below is read from it once.
    pub text: Aligned,
    /// [`marker`] of the folded text. The plans' split, the cutting of flattened lines, the
    /// tables and the outline each asked it of every line: 16 M instructions over 300
    /// documents, for a third of that.
    mark: Option<Marker>,
}

impl Line {
    pub fn new(no: usize, orig: &str) -> Line {
        Line::of(no, Aligned::new(orig.trim_end()))
    }

    /// A line of a text made otherwise: a piece of a line, two lines joined.
    pub fn of(no: usize, text: Aligned) -> Line {
        Line {
            no,
            mark: marker(&text.norm),
            text,
        }
    }

    /// The numbering mark the line opens with, as [`marker`] reads it from the folded text.
    pub fn mark(&self) -> Option<Marker> {
        self.mark
    }
}

impl std::ops::Deref for Line {
    type Target = Aligned;
    fn deref(&self) -> &Aligned {
        &self.text
    }
}

/// Numbered lines from literal text, for tests of the parsers that take lines.
#[cfg(test)]
pub fn numbered(src: &[&str]) -> Vec<Line> {
    src.iter()
        .enumerate()
        .map(|(i, s)| Line::new(i + 1, s))
        .collect()
}

/// The parse form of a line: Simplified, ASCII punctuation and digits, same length in chars.
pub fn fold(orig: &str) -> String {
    simplified_aligned(orig).chars().map(fold_char).collect()
}

/// `orig` Simplified with as many characters as it has: itself when nothing converts.
fn simplified_aligned(orig: &str) -> Cow<'_, str> {
    if !needs_conversion(orig) {
        return Cow::Borrowed(orig);
    }
    Cow::Owned(converted_aligned(orig))
}

/// [`simplified_aligned`] of a text known to need converting.
fn converted_aligned(orig: &str) -> String {
    let simple = hk2s(orig);
    if simple.chars().count() == orig.chars().count() {
        simple
    } else {
        // A phrase conversion changed the length; convert character by character instead.
        orig.chars()
            .map(|c| {
                let s = simplify(c.encode_utf8(&mut [0; 4]));
                let mut it = s.chars();
                match (it.next(), it.next()) {
                    (Some(one), None) => one,
                    _ => c,
                }
            })
            .collect()
    }
}

/// `orig` aligned with `simple`, its Simplified form character for character, folded.
///
/// Read by bytes in step through both: a character as long in both forms that does not fold
/// (most, even of a Traditional text) is copied with its run from `simple`, and only the
/// others are decoded, where pushing each character of `simple` one by one cost 150
/// instructions a character.
fn fold_converted(orig: &str, simple: &str) -> Aligned {
    let (ob, sb) = (orig.as_bytes(), simple.as_bytes());
    let mut norm = String::with_capacity(simple.len());
    let mut shifts = Vec::new();
    let (mut o, mut n, mut run) = (0usize, 0usize, 0usize);
    while let (Some(&la), Some(&ls)) = (ob.get(o), sb.get(n)) {
        let (wa, ws) = (crate::text::utf8_width(la), crate::text::utf8_width(ls));
        let plain = if ls < 0x80 {
            ls != b'~'
        } else {
            ls & 0xF0 == 0xE0
                && sb.get(n..n + 3).is_some_and(|c| {
                    FOLD_BITS[usize::from(c[0] & 0x0F) << 6 | usize::from(c[1] & 0x3F)]
                        >> (c[2] & 0x3F)
                        & 1
                        == 0
                })
        };
        if plain && wa == ws {
            o += wa;
            n += ws;
            continue;
        }
        let Some(b) = simple.get(n..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let folded = fold_char(b);
        norm.push_str(&simple[run..n]);
        norm.push(folded);
        o += wa;
        n += ws;
        run = n;
        if wa != folded.len_utf8() {
            shifts.push((norm.len() as u32, o as u32));
        }
    }
    norm.push_str(simple.get(run..n).unwrap_or_default());
    if o != orig.len() {
        // Never, as `fold` keeps the count of characters; the ends must still meet.
        shifts.push((norm.len() as u32, orig.len() as u32));
    }
    Aligned {
        orig: orig.to_string(),
        norm,
        shifts,
        converts: true,
    }
}

// Inlined: every character of every line passes through it.
#[inline]
fn fold_char(c: char) -> char {
    match c {
        '（' => '(',
        '）' => ')',
        '：' => ':',
        '；' => ';',
        '，' => ',',
        '．' | '﹒' => '.',
        '\u{3000}' | '\u{a0}' => ' ',
        '〔' | '［' => '[',
        '〕' | '］' => ']',
        '－' | '—' | '–' | '~' | '～' => '-',
        c @ '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_length_and_maps_script_and_punctuation() {
        let l = Line::new(1, "（牽頭單位：省衛生健康委；配合單位：省財政廳）２０２２");
        assert_eq!(l.norm, "(牵头单位:省卫生健康委;配合单位:省财政厅)2022");
        assert_eq!(l.norm.chars().count(), l.orig.chars().count());
        let start = l.norm.find("省卫生").unwrap();
        assert_eq!(
            l.orig_of(start..start + "省卫生健康委".len()),
            "省衛生健康委"
        );
    }

    /// Every range of a line with full-width punctuation and digits, Traditional characters and
    /// ASCII, quoted directly, after being copied piece by piece, and after trimming.
    #[test]
    fn every_range_quotes_the_same_text_however_the_line_was_built() {
        let l = Line::new(1, "　（牽頭單位：省衛生健康委，ab；２０２２年）　");
        let chars: Vec<usize> = l
            .norm
            .char_indices()
            .map(|(i, _)| i)
            .chain([l.norm.len()])
            .collect();
        let walk = |a: &Aligned, r: Range<usize>| -> String {
            let skip = a.norm[..r.start].chars().count();
            let take = a.norm[r].chars().count();
            a.orig.chars().skip(skip).take(take).collect()
        };
        let mut pieces = Aligned::default();
        for w in chars.windows(2) {
            pieces.push_from(&l.text, w[0]..w[1]);
        }
        assert_eq!(pieces, l.text);
        let trimmed = l.text.trimmed();
        for (i, &a) in chars.iter().enumerate() {
            for &b in &chars[i..] {
                assert_eq!(l.orig_of(a..b), walk(&l.text, a..b), "{a}..{b}");
                assert_eq!(pieces.orig_of(a..b), walk(&l.text, a..b), "{a}..{b}");
            }
        }
        let tc: Vec<usize> = trimmed
            .norm
            .char_indices()
            .map(|(i, _)| i)
            .chain([trimmed.norm.len()])
            .collect();
        for (i, &a) in tc.iter().enumerate() {
            for &b in &tc[i..] {
                assert_eq!(trimmed.orig_of(a..b), walk(&trimmed, a..b), "{a}..{b}");
            }
        }
        assert_eq!(trimmed.orig, "（牽頭單位：省衛生健康委，ab；２０２２年）");
    }

    #[test]
    fn hong_kong_variants_simplify() {
        assert_eq!(simplify("衞生健康委"), "卫生健康委");
        assert_eq!(simplify("省人力資源社會保障廳"), "省人力资源社会保障厅");
    }

    /// The shortcut for text with nothing to convert gives exactly what `hk2s` gives: over every
    /// key and value of the conversion's dictionaries (alone and inside Simplified text), the
    /// built-in documents, the test fixtures and their Traditional forms.
    #[test]
    fn simplify_is_hk2s_exactly() {
        use hanconv::Dictionary;
        let mut texts: Vec<String> = Vec::new();
        for dict in [
            Dictionary::HKVariantsRevPhrases,
            Dictionary::HKVariantsRev,
            Dictionary::TSPhrases,
            Dictionary::TSCharacters,
            Dictionary::STCharacters,
            Dictionary::STPhrases,
        ] {
            for (k, v) in dict.iter() {
                texts.push(k.to_string());
                texts.push(v.to_string());
                texts.push(format!("各地要{k}落实{v}。"));
                // The Hong Kong spellings the first step reads back (臺 written 台).
                texts.push(format!("要{}落实{}", hanconv::t2hk(k), hanconv::t2hk(v)));
            }
        }
        // The workspace's root, two folders above this crate.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = 0;
        for dir in ["data/sources", "tests/fixtures"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    files += 1;
                    for line in text.lines() {
                        texts.push(line.to_string());
                        texts.push(hanconv::s2hk(line));
                        texts.push(hanconv::s2t(line));
                    }
                }
            }
        }
        assert!(files >= 2, "the built-in documents were not found");
        // Characters that go to a variant and back (台 → 臺 → 台), and a phrase that maps to
        // itself, are Simplified text as it is.
        texts.push("平台建设、核查、人才、税收有序推进".to_string());
        assert!(!needs_conversion("平台建设、核查、人才、税收有序推进"));
        let shortcut = texts.iter().filter(|t| !needs_conversion(t));
        assert!(shortcut.count() > 1000, "the shortcut was never taken");
        for t in &texts {
            assert_eq!(simplify(t), hanconv::hk2s(t), "{t}");
        }
    }
}

#[cfg(test)]
#[path = "lines_fold_tests.rs"]
mod fold_tests;

#[cfg(test)]
#[path = "lines_trim_tests.rs"]
mod trim_tests;

#[cfg(test)]
#[path = "lines_converts_tests.rs"]
mod converts_tests;
