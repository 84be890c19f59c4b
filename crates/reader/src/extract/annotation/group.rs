//! Bracket groups: where each top-level `(…)`, `[…]` or `【…】` of a folded line starts and ends.

use std::ops::Range;

/// One bracketed group: the whole span including brackets, and the inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub outer: Range<usize>,
    pub inner: Range<usize>,
}

/// Top-level bracket groups of a folded line, in order. Nested brackets stay inside their
/// group; an unclosed bracket closes at the end of the line, as a reader would take it.
///
/// Read by bytes: the brackets are `(`, `[`, `)`, `]` and 【 】 (E3 80 90, E3 80 91), each
/// character told by its first bytes; every annotated line is read here whole. The groups are
/// found as the caller asks for them: a list of them for each line cost an allocation.
///
/// `may_square`: whether `norm` may hold square brackets, false when the caller has found none
/// in the line, which spares searching for them again in each piece of it.
pub fn groups(norm: &str, may_square: bool) -> Groups<'_> {
    let b = norm.as_bytes();
    // Most lines have round brackets alone: a vector search goes from one to the next.
    let round = !(may_square && crate::extract::fields::has_square_brackets(b));
    Groups {
        norm,
        round: round.then(|| memchr::memchr2_iter(b'(', b')', b)),
        next: 0,
        depth: 0,
        start: 0,
        inner_start: 0,
        done: false,
    }
}

/// The groups of a line, read as they are asked for (see [`groups`]).
pub struct Groups<'a> {
    norm: &'a str,
    /// The search for round brackets, when the line holds no others; else each character is
    /// told by its first bytes, from `next`.
    round: Option<memchr::Memchr2<'a>>,
    next: usize,
    depth: usize,
    /// Where the open group starts, and its inside.
    start: usize,
    inner_start: usize,
    done: bool,
}

impl Groups<'_> {
    /// The next bracket: where it is, whether it opens, and its length.
    fn bracket(&mut self) -> Option<(usize, bool, usize)> {
        let b = self.norm.as_bytes();
        if let Some(found) = &mut self.round {
            let i = found.next()?;
            return Some((i, b[i] == b'(', 1));
        }
        // A character at a time by its first byte.
        while self.next < b.len() {
            let (i, x) = (self.next, b[self.next]);
            self.next += crate::text::utf8_width(x);
            if !crate::extract::fields::may_bracket_or_colon(b, i) {
                continue;
            }
            match x {
                b'(' | b'[' => return Some((i, true, 1)),
                b')' | b']' => return Some((i, false, 1)),
                0xE3 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                    Some(0x90) => return Some((i, true, 3)),
                    Some(0x91) => return Some((i, false, 3)),
                    _ => {}
                },
                _ => {}
            }
        }
        None
    }
}

impl Iterator for Groups<'_> {
    type Item = Group;

    fn next(&mut self) -> Option<Group> {
        if self.done {
            return None;
        }
        while let Some((i, opens, len)) = self.bracket() {
            if opens {
                if self.depth == 0 {
                    self.start = i;
                    self.inner_start = i + len;
                }
                self.depth += 1;
            } else if self.depth > 0 {
                self.depth -= 1;
                if self.depth == 0 {
                    return Some(Group {
                        outer: self.start..i + len,
                        inner: self.inner_start..i,
                    });
                }
            }
        }
        self.done = true;
        (self.depth > 0).then_some(Group {
            outer: self.start..self.norm.len(),
            inner: self.inner_start..self.norm.len(),
        })
    }
}

#[cfg(test)]
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
        let mut texts = dutymatrix_base::oracle_texts::every_then_random(
            &alphabet,
            5,
            200_000,
            6..26,
            0x9e37_79b9_7f4a_7c15,
        );
        // Round brackets alone, read by the vector search.
        let round = ['(', ')', '甲', 'a', '。', '\u{300f}', '\u{3012}', '〔'];
        texts.extend(dutymatrix_base::oracle_texts::random_texts(
            &round,
            100_000,
            6..26,
            0x2545_f491_4f6c_dd1d,
        ));
        for t in &texts {
            assert_eq!(
                groups(t, true).collect::<Vec<_>>(),
                groups_by_chars(t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn nested_groups_stay_whole() {
        let norm = fold("甲(乙(丙)丁)戊(己");
        let g: Vec<Group> = groups(&norm, true).collect();
        assert_eq!(g.len(), 2);
        assert_eq!(&norm[g[0].inner.clone()], "乙(丙)丁");
        assert_eq!(&norm[g[1].inner.clone()], "己");
    }
}
