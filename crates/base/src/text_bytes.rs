//! Text tests told by bytes before any character is decoded, for the short pieces an
//! annotation, a heading or a table's cell is cut into.
//!
//! Most pieces of a folded line open and close with a Han character, and `str::trim` decodes
//! and classifies the character at each end (some 90 instructions) to find nothing to trim.

/// Whether a character whose encoding opens with `b` may be whitespace: ASCII whitespace
/// (09..0D, 20), or the lead byte of U+0085 and U+00A0 (C2), U+1680 (E1), U+2000..U+205F
/// (E2) or U+3000 (E3).
#[inline]
fn may_open_whitespace(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// `s.trim()`, returned at once when neither end character can be whitespace.
#[inline]
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return s;
    };
    // The last character opens at the last byte that is no continuation byte (10xxxxxx).
    let last = b.iter().rev().take(4).find(|&&x| x & 0xC0 != 0x80);
    if may_open_whitespace(first) || last.is_none_or(|&x| may_open_whitespace(x)) {
        s.trim()
    } else {
        s
    }
}

/// `s.trim_start()`, returned at once when the first character cannot be whitespace.
#[inline]
pub fn trim_start(s: &str) -> &str {
    match s.as_bytes().first() {
        Some(&first) if may_open_whitespace(first) => s.trim_start(),
        _ => s,
    }
}

/// `s.trim_end()`, returned at once when the last character cannot be whitespace.
#[inline]
pub fn trim_end(s: &str) -> &str {
    // The last character opens at the last byte that is no continuation byte (10xxxxxx).
    match s
        .as_bytes()
        .iter()
        .rev()
        .take(4)
        .find(|&&x| x & 0xC0 != 0x80)
    {
        Some(&last) if !may_open_whitespace(last) => s,
        _ => s.trim_end(),
    }
}

/// Whether `s` holds a whitespace character: only a character opening with a byte that may
/// open one is decoded (of a Han text's characters, 、 and 。 and a few more).
pub fn has_whitespace(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        may_open_whitespace(b[i])
            && s.get(i..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_whitespace)
    })
}

/// `s.contains(c)`, by a search for the last byte of `c`: on a name's few bytes the library
/// sets up a substring search for a Han character's three bytes (some 150 instructions).
#[inline]
pub fn holds(s: &str, c: char) -> bool {
    find_char(s, c).is_some()
}

/// `s.contains(word)`: [`super::find_word`], which looks for one byte of the word with
/// `memchr`; on a heading or a name (under 32 bytes) the library sets up a two-way search for
/// each call.
#[inline]
pub fn holds_word(s: &str, word: &str) -> bool {
    super::find_word(s, word).is_some()
}

/// `s.find(c)`, by [`super::find_word`].
#[inline]
pub fn find_char(s: &str, c: char) -> Option<usize> {
    let mut buf = [0u8; 4];
    super::find_word(s, c.encode_utf8(&mut buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whitespace_character_opens_with_a_byte_looked_for() {
        let mut n = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut buf = [0u8; 4];
                assert!(
                    may_open_whitespace(c.encode_utf8(&mut buf).as_bytes()[0]),
                    "{c:?}"
                );
                n += 1;
            }
        }
        assert_eq!(n, 25);
    }

    /// Every text of up to four pieces over the whitespace characters, their neighbours and
    /// Han, and 200,000 longer ones drawn with a fixed seed: each test says what the library's
    /// says.
    #[test]
    fn trim_as_the_library_trims() {
        let pieces = [
            " ",
            "\t",
            "\n",
            "\u{b}",
            "\u{85}",
            "\u{a0}",
            "\u{a1}",
            "\u{1680}",
            "\u{2000}",
            "\u{200a}",
            "\u{200b}",
            "\u{2028}",
            "\u{202f}",
            "\u{205f}",
            "\u{3000}",
            "、",
            "。",
            "“",
            "甲",
            "a",
            "\u{10000}",
            "é",
        ];
        let texts = crate::oracle_texts::every_then_random(
            &pieces,
            4,
            200_000,
            5..16,
            0x9e37_79b9_7f4a_7c15,
        );
        for t in &texts {
            assert_eq!(trim(t), t.trim(), "{t:?}");
            for c in ['、', '。', '甲', 'a', ' ', '\u{2000}'] {
                assert_eq!(holds(t, c), t.contains(c), "{t:?} {c:?}");
                assert_eq!(find_char(t, c), t.find(c), "{t:?} {c:?}");
            }
            for w in ["", "、。", "甲a", "\u{3000}\u{3000}", "a"] {
                assert_eq!(holds_word(t, w), t.contains(w), "{t:?} {w:?}");
            }
            assert_eq!(trim_start(t), t.trim_start(), "{t:?}");
            assert_eq!(trim_end(t), t.trim_end(), "{t:?}");
            assert_eq!(has_whitespace(t), t.contains(char::is_whitespace), "{t:?}");
        }
    }
}
