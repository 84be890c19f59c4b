//! Bracket groups: where each top-level `(…)`, `[…]` or `【…】` of a folded line starts and ends.

use std::ops::Range;

/// One bracketed group: the whole span including brackets, and the inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub outer: Range<usize>,
    pub inner: Range<usize>,
}

const OPEN: [char; 3] = ['(', '[', '【'];
const CLOSE: [char; 3] = [')', ']', '】'];

/// Top-level bracket groups of a folded line. Nested brackets stay inside their group; an
/// unclosed bracket closes at the end of the line, as a reader would take it.
pub fn groups(norm: &str) -> Vec<Group> {
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

fn open_len(norm: &str, at: usize) -> usize {
    norm[at..].chars().next().map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lines::fold;

    #[test]
    fn nested_groups_stay_whole() {
        let norm = fold("甲(乙(丙)丁)戊(己");
        let g = groups(&norm);
        assert_eq!(g.len(), 2);
        assert_eq!(&norm[g[0].inner.clone()], "乙(丙)丁");
        assert_eq!(&norm[g[1].inner.clone()], "己");
    }
}
