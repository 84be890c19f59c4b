//! Source lines in two aligned forms: as written, and folded for parsing.
//!
//! The folded form is Simplified, with full-width punctuation and digits made ASCII, and it has
//! exactly as many characters as the original. That alignment lets every parser work on one
//! spelling while every quote the user sees comes from the document as written.

use std::ops::Range;

/// A text as written and its folded form, character for character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aligned {
    pub orig: String,
    pub norm: String,
}

impl Aligned {
    pub fn new(orig: &str) -> Aligned {
        Aligned {
            orig: orig.to_string(),
            norm: fold(orig),
        }
    }

    /// The original text under a byte range of `norm`.
    pub fn orig_of(&self, norm_range: Range<usize>) -> &str {
        let start = self.norm[..norm_range.start].chars().count();
        let len = self.norm[norm_range].chars().count();
        char_slice(&self.orig, start, start + len)
    }

    /// Appends a byte range of `other`'s folded text, with the original text under it.
    pub fn push_from(&mut self, other: &Aligned, norm_range: Range<usize>) {
        self.orig.push_str(other.orig_of(norm_range.clone()));
        self.norm.push_str(&other.norm[norm_range]);
    }

    pub fn push_char(&mut self, c: char) {
        self.orig.push(c);
        self.norm.push(c);
    }

    pub fn is_blank(&self) -> bool {
        self.norm.trim().is_empty()
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

/// One source line.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the source file.
    pub no: usize,
    pub text: Aligned,
}

impl Line {
    pub fn new(no: usize, orig: &str) -> Line {
        Line {
            no,
            text: Aligned::new(orig.trim_end()),
        }
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

/// Characters `start..end` (char indices) of `s`.
fn char_slice(s: &str, start: usize, end: usize) -> &str {
    let mut idx = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()));
    let b0 = idx.nth(start).unwrap_or(s.len());
    let b1 = if end > start {
        idx.nth(end - start - 1).unwrap_or(s.len())
    } else {
        b0
    };
    &s[b0..b1]
}

/// Traditional (including Hong Kong variants such as 衞) to Simplified.
pub fn simplify(s: &str) -> String {
    hanconv::hk2s(s)
}

/// The parse form of a line: Simplified, ASCII punctuation and digits, same length in chars.
pub fn fold(orig: &str) -> String {
    let simple = simplify(orig);
    let aligned = if simple.chars().count() == orig.chars().count() {
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
    };
    aligned.chars().map(fold_char).collect()
}

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

    #[test]
    fn hong_kong_variants_simplify() {
        assert_eq!(simplify("衞生健康委"), "卫生健康委");
        assert_eq!(simplify("省人力資源社會保障廳"), "省人力资源社会保障厅");
    }
}
