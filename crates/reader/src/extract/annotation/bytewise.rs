//! Text tests told by bytes before any character is decoded, for the short pieces an
//! annotation is cut into. Used by the tables and tasks too: they belong with
//! `dutymatrix_base::text`, and stand here until they move there.
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
pub(crate) fn trim(s: &str) -> &str {
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

/// Whether `s` surely holds no whitespace (when false, it may still hold none): no byte of
/// it opens a whitespace character.
#[inline]
pub(crate) fn surely_no_whitespace(s: &str) -> bool {
    !s.bytes().any(may_open_whitespace)
}

/// `s.contains(c)`, by a search for the last byte of `c`: on a name's few bytes the library
/// sets up a substring search for a Han character's three bytes (some 150 instructions).
#[inline]
pub(crate) fn holds(s: &str, c: char) -> bool {
    let mut buf = [0u8; 4];
    let c = c.encode_utf8(&mut buf).as_bytes();
    let b = s.as_bytes();
    let Some(&last) = c.last() else {
        return true;
    };
    memchr::memchr_iter(last, b).any(|i| b[..=i].ends_with(c))
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
    /// Han, and 200,000 longer ones drawn with a fixed seed: `trim` is `str::trim`, and a
    /// text surely without whitespace has none.
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
        let mut texts = dutymatrix_base::oracle_texts::every_text(&pieces, 4);
        texts.extend(dutymatrix_base::oracle_texts::random_texts(
            &pieces,
            200_000,
            5..16,
            0x9e37_79b9_7f4a_7c15,
        ));
        for t in &texts {
            assert_eq!(trim(t), t.trim(), "{t:?}");
            for c in ['、', '。', '甲', 'a', ' ', '\u{2000}'] {
                assert_eq!(holds(t, c), t.contains(c), "{t:?} {c:?}");
            }
            if surely_no_whitespace(t) {
                assert!(!t.contains(char::is_whitespace), "{t:?}");
            }
        }
    }
}
