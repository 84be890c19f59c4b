//! The outline of a plan: numbered headings and items (一、 (一) 1. (1) ①) nested into a tree.

use super::lines::Line;
use regex::Regex;
use std::sync::LazyLock;

/// A numbering mark at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The numbering style's rank: 1 for 一、, 2 for (一), 3 for 1., 4 for (1), 5 for ①.
    pub depth: u8,
    pub ordinal: u32,
    /// Byte range of the mark in the folded line (leading space excluded).
    pub start: usize,
    pub end: usize,
}

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
    .expect("static marker pattern")
});

/// Whether `MARK` can match at all, told from the first characters it needs: most lines and
/// most places inside a flattened line open with none, and spare the pattern's search.
fn may_open_mark(norm: &str) -> bool {
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let mut rest = norm.trim_start().chars();
    match rest.next() {
        Some('(') => rest
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| numeral(c) || c.is_ascii_digit()),
        Some(c) => numeral(c) || c.is_ascii_digit() || ('①'..='⑳').contains(&c),
        None => false,
    }
}

pub fn marker(norm: &str) -> Option<Marker> {
    if !may_open_mark(norm) {
        return None;
    }
    // The groups' places in a buffer kept by the thread: most lines are tried here several
    // times, and `captures` would allocate one each time.
    thread_local! {
        static LOCATIONS: std::cell::RefCell<regex::CaptureLocations> =
            std::cell::RefCell::new(MARK.capture_locations());
    }
    let groups: [Option<(usize, usize)>; 6] = LOCATIONS.with_borrow_mut(|locs| {
        MARK.captures_read(locs, norm)?;
        Some(std::array::from_fn(|i| locs.get(i)))
    })?;
    let (_, whole_end) = groups[0]?;
    let start = norm.len() - norm.trim_start().len();
    // The named groups d1..d5 are the pattern's groups 1..5, in the order they open.
    for (depth, group) in (1u8..).zip(&groups[1..]) {
        let Some((m_start, m_end)) = *group else {
            continue;
        };
        let text = &norm[m_start..m_end];
        let ordinal = match depth {
            1 | 2 => chinese_numeral(text)?,
            3 | 4 => text.parse().ok()?,
            _ => text.chars().next()? as u32 - '①' as u32 + 1,
        };
        // For `1.` the regex also consumed the first character of the text; give it back.
        let end = if depth == 3 {
            let tail = &norm[m_end..];
            let p = tail.find(['.', '、'])?;
            m_end + p + tail[p..].chars().next()?.len_utf8()
        } else {
            whole_end
        };
        return Some(Marker {
            depth,
            ordinal,
            start,
            end,
        });
    }
    None
}

/// A `N.` mark followed by a digit (`11.121人才梯队项目`) is a number only when it is the next
/// one in sequence; otherwise it is a decimal (`1.5亿元`).
pub(super) fn marker_in_sequence(norm: &str, next: u32) -> Option<Marker> {
    static SEQ: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*([0-9]{1,2})\.[0-9]").expect("static sequence pattern"));
    // `^\s*[0-9]`: a line that opens otherwise is spared the search.
    if !norm.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let c = SEQ.captures(norm)?;
    let n: u32 = c.get(1)?.as_str().parse().ok()?;
    if n != next {
        return None;
    }
    let start = norm.len() - norm.trim_start().len();
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

/// 一 … 九十九.
pub fn chinese_numeral(s: &str) -> Option<u32> {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [d] if *d == '十' => Some(10),
        [d] => digit(*d),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
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
        let found = marker(&line.norm)
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
                let node = Node {
                    marker: m,
                    lines: vec![i],
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
    use crate::extract::lines::fold;

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

    /// The shortcut never turns away a text the pattern matches: every text of up to four
    /// characters over the marks' alphabet, alone and before some prose.
    #[test]
    fn the_shortcut_rejects_only_what_the_pattern_does() {
        let alphabet = [
            ' ', '\u{3000}', '\t', '(', ')', '一', '十', '百', '0', '1', '9', '.', '、', '①', '⑳',
            '⑴', 'a', '年',
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        let sequence = Regex::new(r"^\s*([0-9]{1,2})\.[0-9]").expect("pattern");
        for t in texts.iter().flat_map(|t| [t.clone(), format!("{t}推进")]) {
            assert!(may_open_mark(&t) || !MARK.is_match(&t), "{t:?}");
            let seq = t.trim_start().starts_with(|c: char| c.is_ascii_digit());
            assert!(seq || !sequence.is_match(&t), "{t:?}");
        }
    }

    #[test]
    fn the_named_groups_are_numbered_by_depth() {
        for (i, name) in MARK.capture_names().enumerate().skip(1) {
            assert_eq!(name, Some(format!("d{i}").as_str()));
        }
        assert_eq!(MARK.captures_len(), 6);
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral("九"), Some(9));
        assert_eq!(chinese_numeral("十"), Some(10));
        assert_eq!(chinese_numeral("十三"), Some(13));
        assert_eq!(chinese_numeral("二十一"), Some(21));
        assert_eq!(chinese_numeral("百"), None);
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
