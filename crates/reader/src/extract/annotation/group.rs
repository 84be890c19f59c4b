//! Bracket groups: where each top-level `(…)`, `[…]` or `【…】` of a folded line starts and ends.

use std::ops::Range;

/// One bracketed group: the whole span including brackets, and the inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub outer: Range<usize>,
    pub inner: Range<usize>,
}

/// Top-level bracket groups of a folded line. Nested brackets stay inside their group; an
/// unclosed bracket closes at the end of the line, as a reader would take it.
///
/// Read by bytes: the brackets are `(`, `[`, `)`, `]` and 【 】 (E3 80 90, E3 80 91), each
/// character told by its first bytes; every annotated line is read here whole.
///
/// `may_square`: whether `norm` may hold square brackets, false when the caller has found none
/// in the line, which spares searching for them again in each piece of it.
pub fn groups(norm: &str, may_square: bool) -> Vec<Group> {
    let b = norm.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    // Most lines have round brackets alone: a vector search goes from one to the next.
    if !(may_square && crate::extract::fields::has_square_brackets(b)) {
        for i in memchr::memchr2_iter(b'(', b')', b) {
            if b[i] == b'(' {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            } else if depth > 0 {
                depth -= 1;
                if depth == 0 {
                    out.push(Group {
                        outer: start..i + 1,
                        inner: start + 1..i,
                    });
                }
            }
        }
        if depth > 0 {
            out.push(Group {
                outer: start..norm.len(),
                inner: start + open_len(norm, start)..norm.len(),
            });
        }
        return out;
    }
    // A character at a time by its first byte.
    let mut next = 0;
    while next < b.len() {
        let (i, x) = (next, b[next]);
        next += crate::text::utf8_width(x);
        if !crate::extract::fields::may_bracket_or_colon(b, i) {
            continue;
        }
        // Whether the character opens a bracket (true) or closes one, and the bracket's length.
        let bracket = match x {
            b'(' | b'[' => (true, 1),
            b')' | b']' => (false, 1),
            0xE3 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                Some(0x90) => (true, 3),
                Some(0x91) => (false, 3),
                _ => continue,
            },
            _ => continue,
        };
        match bracket {
            (true, _) => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            (false, len) if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(Group {
                        outer: start..i + len,
                        inner: start + open_len(norm, start)..i,
                    });
                }
            }
            (false, _) => {}
        }
    }
    if depth > 0 {
        out.push(Group {
            outer: start..norm.len(),
            inner: start + open_len(norm, start)..norm.len(),
        });
    }
    out
}

fn open_len(norm: &str, at: usize) -> usize {
    norm[at..].chars().next().map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lines::fold;

    /// `groups` as it was, a character at a time: the oracle of the byte reader.
    fn groups_by_chars(norm: &str) -> Vec<Group> {
        const OPEN: [char; 3] = ['(', '[', '【'];
        const CLOSE: [char; 3] = [')', ']', '】'];
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut start = 0usize;
        for (i, c) in norm.char_indices() {
            if OPEN.contains(&c) {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            } else if CLOSE.contains(&c) && depth > 0 {
                depth -= 1;
                if depth == 0 {
                    out.push(Group {
                        outer: start..i + c.len_utf8(),
                        inner: start + open_len(norm, start)..i,
                    });
                }
            }
        }
        if depth > 0 {
            out.push(Group {
                outer: start..norm.len(),
                inner: start + open_len(norm, start)..norm.len(),
            });
        }
        out
    }

    /// Every text of up to five characters over the brackets and their byte neighbours, and
    /// 300,000 longer ones drawn with a fixed seed (100,000 with no square brackets).
    #[test]
    fn groups_read_by_bytes_as_by_characters() {
        let alphabet = [
            '(', ')', '[', ']', '【', '】', '甲', 'a', '。', '\u{300f}', '\u{3012}', '〔',
        ];
        let mut texts = dutymatrix_base::oracle_texts::every_text(&alphabet, 5);
        texts.extend(dutymatrix_base::oracle_texts::random_texts(
            &alphabet,
            200_000,
            6..26,
            0x9e37_79b9_7f4a_7c15,
        ));
        // Round brackets alone, read by the vector search.
        let round = ['(', ')', '甲', 'a', '。', '\u{300f}', '\u{3012}', '〔'];
        texts.extend(dutymatrix_base::oracle_texts::random_texts(
            &round,
            100_000,
            6..26,
            0x2545_f491_4f6c_dd1d,
        ));
        for t in &texts {
            assert_eq!(groups(t, true), groups_by_chars(t), "{t:?}");
        }
    }

    #[test]
    fn nested_groups_stay_whole() {
        let norm = fold("甲(乙(丙)丁)戊(己");
        let g = groups(&norm, true);
        assert_eq!(g.len(), 2);
        assert_eq!(&norm[g[0].inner.clone()], "乙(丙)丁");
        assert_eq!(&norm[g[1].inner.clone()], "己");
    }
}
