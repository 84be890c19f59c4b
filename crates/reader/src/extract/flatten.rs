//! Pages flattened onto one line by a web archive or a copy: `…按职责分工负责。 2.打造…（责任单位：
//! 区商务局）3.推进…`. The outline is recovered from the numbering inside the line: a line is cut
//! before each numbering mark that follows the end of a sentence, a bracket or a space and
//! continues the numbering seen so far, so a number in running text (`增长2.5%`) stays.

use super::lines::{Aligned, Line};
use super::outline::marker;

/// The numbering styles (depth 1 to 5) and the last ordinal seen at each.
#[derive(Default)]
struct Numbering {
    last: [u32; 6],
}

impl Numbering {
    /// Whether a mark continues the numbering: the next ordinal at its depth, or a first item
    /// under an item one level up.
    fn continues(&self, depth: u8, ordinal: u32) -> bool {
        let d = usize::from(depth).min(5);
        ordinal == self.last[d] + 1 || (ordinal == 1 && self.last[..d].iter().any(|n| *n > 0))
    }

    /// Lower levels are not reset: items often number on across sections (（五） after 三、).
    fn see(&mut self, depth: u8, ordinal: u32) {
        let d = usize::from(depth).min(5);
        self.last[d] = ordinal;
    }
}

/// Characters after which a numbering mark may start a new item inside a line.
fn is_break(c: char) -> bool {
    matches!(c, '。' | ')' | ']' | '】' | ';' | '!' | '?' | ' ' | '”')
}

/// Every line, with lines that hold several numbered items cut into one line per item (all with
/// the source line's number). Linear in the text's length.
pub fn unflatten(lines: Vec<Line>) -> Vec<Line> {
    let mut numbering = Numbering::default();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if let Some(m) = marker(&line.norm) {
            numbering.see(m.depth, m.ordinal);
        }
        let mut cuts = Vec::new();
        let mut prev: Option<char> = None;
        for (i, c) in line.norm.char_indices() {
            if i > 0
                && prev.is_some_and(is_break)
                && !c.is_whitespace()
                && let Some(m) = marker(&line.norm[i..])
                && numbering.continues(m.depth, m.ordinal)
            {
                numbering.see(m.depth, m.ordinal);
                cuts.push(i);
            }
            prev = Some(c);
        }
        if cuts.is_empty() {
            out.push(line);
            continue;
        }
        let mut start = 0;
        for end in cuts.into_iter().chain(std::iter::once(line.norm.len())) {
            let mut piece = Aligned::default();
            piece.push_from(&line.text, start..end);
            out.push(Line {
                no: line.no,
                text: piece.trimmed(),
            });
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lines::numbered;

    fn pieces(src: &[&str]) -> Vec<String> {
        unflatten(numbered(src))
            .into_iter()
            .map(|l| format!("{}:{}", l.no, l.orig))
            .collect()
    }

    #[test]
    fn items_inside_a_line_are_cut_out() {
        assert_eq!(
            pieces(&["标题 一、任务 1.甲。（责任单位：区商务局）2.乙，增长2.5%。 3.丙"]),
            [
                "1:标题",
                "1:一、任务",
                "1:1.甲。（责任单位：区商务局）",
                "1:2.乙，增长2.5%。",
                "1:3.丙"
            ]
        );
    }

    #[test]
    fn numbers_out_of_sequence_stay() {
        assert_eq!(
            pieces(&["一、任务", "1.甲。 5.乙 2019.丙"]),
            ["1:一、任务", "2:1.甲。 5.乙 2019.丙"]
        );
    }
}
