//! A task's first sentence (its title), its id's ordinals, and the Simplified forms of both
//! texts.

use super::super::lines::{Aligned, simplify};
use crate::text::trim;

/// `1.2.3`: an item's place among its siblings at each depth, written after `out`. Written by
/// hand: `format!` cost some 750 instructions a task, its machinery more than the copy.
pub(super) fn push_dotted(out: &mut String, ordinals: &[usize]) {
    for (k, &n) in ordinals.iter().enumerate() {
        if k > 0 {
            out.push('.');
        }
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        out.extend(digits[at..].iter().map(|&d| char::from(d)));
    }
}

/// Where a paragraph's first sentence ends: its first 。 or line break. Found by the bytes
/// that open them (。 is E3 80 82), where a search for either character decodes every one.
pub(super) fn sentence_end(norm: &str) -> usize {
    let b = norm.as_bytes();
    memchr::memchr2_iter(b'\n', 0xE3, b)
        .find(|&i| b[i] == b'\n' || b[i..].starts_with("。".as_bytes()))
        .unwrap_or(b.len())
}

/// The first sentence of a paragraph, as written, without its full stop.
pub(super) fn first_sentence(text: &Aligned) -> &str {
    let end = sentence_end(&text.norm);
    trim(text.orig_of(0..end)).trim_end_matches(['。', '.'])
}

/// Whether no key of the conversion's dictionaries holds `c`: no key is matched across it, so
/// a text converts as its two sides do, each converted alone and then joined. A title stops
/// at one of these (or at the end of its text).
pub(super) fn is_stop(c: char) -> bool {
    c == '。' || c == '.' || c.is_whitespace()
}

/// `simplify(title)` and `simplify(text)`, for a title that opens its text: the text is
/// converted as its title and the rest, each once, where the title was converted twice (a
/// stop after the title, in no key, cuts no match). Otherwise each is converted whole.
pub(super) fn simplified(title: &str, text: &str) -> (String, String) {
    let title_simplified = simplify(title);
    match text.strip_prefix(title) {
        Some(rest) if rest.chars().next().is_none_or(is_stop) => {
            let mut text_simplified = String::with_capacity(text.len() + 8);
            text_simplified.push_str(&title_simplified);
            text_simplified.push_str(&simplify(rest));
            (title_simplified, text_simplified)
        }
        _ => (title_simplified, simplify(text)),
    }
}
