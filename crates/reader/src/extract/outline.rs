//! The outline of a plan: numbered headings and items (一、 (一) 1. (1) ①) nested into a tree.

use super::lines::{Line, Marker};
use crate::text::trim_start;
use regex::Regex;
use std::sync::LazyLock;

/// A `N.` mark followed by a digit (`11.121人才梯队项目`) is a number only when it is the next
/// one in sequence; otherwise it is a decimal (`1.5亿元`).
pub(super) fn marker_in_sequence(norm: &str, next: u32) -> Option<Marker> {
    static SEQ: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*([0-9]{1,2})\.[0-9]").expect("static sequence pattern"));
    // `^\s*[0-9]`: a line that opens otherwise is spared the search.
    if !trim_start(norm).starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let c = SEQ.captures(norm)?;
    let n: u32 = c.get(1)?.as_str().parse().ok()?;
    if n != next {
        return None;
    }
    let start = norm.len() - trim_start(norm).len();
    let end = c.get(1)?.end() + 1;
    Some(Marker {
        depth: 3,
        ordinal: n,
        start,
        end,
    })
}

/// `1.2021年6月底前…`: a first item whose text opens with a year (under a new parent, where the
/// numbering starts again); only before a year, so `1.5倍` stays a figure.
pub(super) fn dated_first(norm: &str) -> Option<Marker> {
    let m = marker_in_sequence(norm, 1)?;
    let rest = &norm[m.end..];
    let year = rest.get(..4)?.bytes().all(|b| b.is_ascii_digit()) && rest[4..].starts_with('年');
    year.then_some(m)
}

/// A numbered heading or item and everything under it.
#[derive(Debug, Clone)]
pub struct Node {
    pub marker: Marker,
    /// Indices (into the plan's lines) of the node's own paragraph lines; the first holds the mark.
    pub lines: Vec<usize>,
    pub children: Vec<Node>,
}

/// Nests the numbered lines of a plan. Unnumbered lines join the nearest numbered line above
/// them; lines before the first number are returned as the preamble.
pub fn build(lines: &[Line]) -> (Vec<usize>, Vec<Node>) {
    let mut preamble = Vec::new();
    let mut roots: Vec<Node> = Vec::new();
    // Path of child indices from `roots` to the open node.
    let mut path: Vec<usize> = Vec::new();
    let mut last_numbered = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        let found = line
            .mark()
            .or_else(|| marker_in_sequence(&line.norm, last_numbered + 1))
            .or_else(|| dated_first(&line.norm));
        match found {
            Some(m) => {
                if m.depth == 3 {
                    last_numbered = m.ordinal;
                }
                while let Some(open) = node_at(&roots, &path) {
                    if open.marker.depth >= m.depth {
                        path.pop();
                    } else {
                        break;
                    }
                }
                // Room for the lines a task has under it (labelled lines, a few paragraphs):
                // the node's line list grew from one, a copy for the second line.
                let mut own = Vec::with_capacity(4);
                own.push(i);
                let node = Node {
                    marker: m,
                    lines: own,
                    children: Vec::new(),
                };
                let siblings = match node_at_mut(&mut roots, &path) {
                    Some(parent) => &mut parent.children,
                    None => &mut roots,
                };
                siblings.push(node);
                path.push(siblings.len() - 1);
            }
            None => match node_at_mut(&mut roots, &path) {
                Some(open) => open.lines.push(i),
                None => preamble.push(i),
            },
        }
    }
    (preamble, roots)
}

fn node_at<'a>(roots: &'a [Node], path: &[usize]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let mut node = roots.get(*first)?;
    for &i in rest {
        node = node.children.get(i)?;
    }
    Some(node)
}

fn node_at_mut<'a>(roots: &'a mut [Node], path: &[usize]) -> Option<&'a mut Node> {
    let (first, rest) = path.split_first()?;
    let mut node = roots.get_mut(*first)?;
    for &i in rest {
        node = node.children.get_mut(i)?;
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lines::{chinese_numeral, fold, marker};

    fn mark(s: &str) -> Option<(u8, u32, String)> {
        let n = fold(s);
        marker(&n).map(|m| (m.depth, m.ordinal, n[m.start..m.end].to_string()))
    }

    #[test]
    fn every_numbering_style() {
        assert_eq!(mark("  一、总体要求"), Some((1, 1, "一、".into())));
        assert_eq!(mark("十二、其他"), Some((1, 12, "十二、".into())));
        assert_eq!(mark("  (三)加快发展"), Some((2, 3, "(三)".into())));
        assert_eq!(mark("（十一）加强领导"), Some((2, 11, "(十一)".into())));
        assert_eq!(mark("17.加大人才培养力度"), Some((3, 17, "17.".into())));
        assert_eq!(mark("3、提升质量"), Some((3, 3, "3、".into())));
        assert_eq!(mark("１﹒壮大集群"), Some((3, 1, "1.".into())));
        assert_eq!(mark("（2）完善机制"), Some((4, 2, "(2)".into())));
        assert_eq!(mark("③推进试点"), Some((5, 3, "③".into())));
    }

    #[test]
    fn dates_and_decimals_are_not_numbers() {
        assert_eq!(mark("2022年4月6日,山东省"), None);
        assert_eq!(mark("1.5亿元"), None);
        assert_eq!(mark("医养健康产业2022年行动计划"), None);
    }

    #[test]
    fn a_number_before_digits_counts_only_in_sequence() {
        let lines = crate::extract::lines::numbered(&[
            "一、任务",
            "10.甲项目。",
            "11.121人才梯队项目。",
            "1.5亿元用于补贴。",
        ]);
        let (_, roots) = build(&lines);
        assert_eq!(roots[0].children.len(), 2);
        assert_eq!(roots[0].children[1].marker.ordinal, 11);
        assert_eq!(roots[0].children[1].lines, vec![2, 3]);
    }

    /// The numbering pattern [`marker`] reads by hand: the oracle the scanner is held to.
    static MARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^\s*(?:",
            r"(?P<d1>[一二三四五六七八九十]{1,3})\s*[、.]",
            r"|\(\s*(?P<d2>[一二三四五六七八九十]{1,3})\s*\)[、.]?",
            r"|(?P<d3>[0-9]{1,2})\s*(?:[、.](?:\s|[^0-9\s])|[、]$)",
            r"|\(\s*(?P<d4>[0-9]{1,2})\s*\)",
            r"|(?P<d5>[①-⑳])",
            r")"
        ))
        .expect("pattern")
    });

    /// The mark as the pattern's groups tell it.
    fn by_pattern(norm: &str) -> Option<Marker> {
        let c = MARK.captures(norm)?;
        let whole = c.get(0)?;
        let start = norm.len() - trim_start(norm).len();
        let (depth, m) = (1u8..=5).find_map(|d| Some((d, c.get(usize::from(d))?)))?;
        let text = m.as_str();
        let ordinal = match depth {
            1 | 2 => chinese_numeral(text)?,
            3 | 4 => text.parse().ok()?,
            _ => text.chars().next()? as u32 - '①' as u32 + 1,
        };
        let end = if depth == 3 {
            let tail = &norm[m.end()..];
            let p = tail.find(['.', '、'])?;
            m.end() + p + tail[p..].chars().next()?.len_utf8()
        } else {
            whole.end()
        };
        Some(Marker {
            depth,
            ordinal,
            start,
            end,
        })
    }

    fn texts(alphabet: &[char], longest: usize) -> Vec<String> {
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..longest {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts
    }

    /// The scanner reads every text as the pattern does: each text of up to four characters
    /// over the marks' alphabet, and of up to six over a smaller one (runs too long for a mark),
    /// alone and before some prose.
    #[test]
    fn the_scanner_reads_as_the_pattern_does() {
        let alphabet = [
            ' ', '\u{3000}', '\t', '(', ')', '一', '十', '百', '0', '1', '9', '.', '、', '①', '⑳',
            '⑴', 'a', '年',
        ];
        let small = [' ', '(', ')', '三', '十', '1', '.', '、'];
        let sequence = Regex::new(r"^\s*([0-9]{1,2})\.[0-9]").expect("pattern");
        let all = texts(&alphabet, 4).into_iter().chain(texts(&small, 6));
        for t in all.flat_map(|t| [format!("{t}推进"), t]) {
            assert_eq!(marker(&t), by_pattern(&t), "{t:?}");
            let seq = t.trim_start().starts_with(|c: char| c.is_ascii_digit());
            assert!(seq || !sequence.is_match(&t), "{t:?}");
        }
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral("九"), Some(9));
        assert_eq!(chinese_numeral("十"), Some(10));
        assert_eq!(chinese_numeral("十三"), Some(13));
        assert_eq!(chinese_numeral("二十一"), Some(21));
        assert_eq!(chinese_numeral("百"), None);
        assert_eq!(chinese_numeral("十十"), None);
        assert_eq!(chinese_numeral("二十一二"), None);
    }

    #[test]
    fn nesting_follows_the_styles() {
        let lines = crate::extract::lines::numbered(&[
            "前言",
            "一、目标",
            "(一)甲",
            "1.子",
            "续行",
            "2.丑",
            "(二)乙",
            "二、任务",
        ]);
        let (pre, roots) = build(&lines);
        assert_eq!(pre, vec![0]);
        assert_eq!(roots.len(), 2);
        assert_eq!(roots[0].children.len(), 2);
        assert_eq!(roots[0].children[0].children.len(), 2);
        assert_eq!(roots[0].children[0].children[0].lines, vec![3, 4]);
        assert!(roots[1].children.is_empty());
    }
}
