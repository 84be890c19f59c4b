//! Labels of annotation fields, recognised by what a label looks like rather than from a list:
//! a short run of Han characters ending in a field noun (单位, 部门, 领导, 时限, 时间, 节点 …)
//! and followed by a colon. `牵头单位`, `协办单位`, `主体责任单位`, `牵头领导`, `完成时限`,
//! `时间节点` are all read this way, and so is a label no document has used yet.
//!
//! One pass over the text, so a line of any length costs its length.

use crate::model::Role;
use crate::text::{contains_any, ends_with_any, find_word};
use std::ops::Range;

/// What a field's value holds, as its label says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Units in a role.
    Role(Role),
    /// People: 牵头领导, 责任领导, 分管副市长, 责任人.
    Person,
    /// A date or a time phrase: 完成时限, 完成时间, 时间节点, 时限.
    Deadline,
    /// Prose roles after a label: 部门分工：A牵头，B配合.
    Prose,
}

/// A label found in a text: its range (colon included) and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub range: Range<usize>,
    pub kind: FieldKind,
}

/// The nouns a label ends with.
const NOUNS: &[&str] = &[
    "单位",
    "部门",
    "处室",
    "科室",
    "领导",
    "责任人",
    "负责人",
    "联系人",
    "时限",
    "时间",
    "节点",
    "期限",
    "时限要求",
    "分工",
    "进度",
    "进度安排",
    "市长",
    "县长",
    "区长",
    "省长",
    "镇长",
    "乡长",
    "书记",
    "主任",
];

/// Words a label may open with; a longer run is cut at the first of them (`…市商务局牵头单位:`).
const HEADS: &[&str] = &[
    "牵头", "配合", "责任", "参与", "协办", "协助", "协同", "协作", "支持", "参加", "主办", "承办",
    "主责", "主体", "数据", "实施", "完成", "时间", "时限", "分管", "联系", "部门", "具体",
];

/// The longest label, in characters.
const MAX_LABEL: usize = 8;

/// What a label says its value holds, or `None` when the run is not a label.
pub fn kind_of(label: &str) -> Option<FieldKind> {
    common_kind(label).or_else(|| kind_by_shape(label))
}

/// The labels nearly every document uses, told by one comparison: reading their shape costs a
/// thousand instructions a label, most of it searching for the heads.
fn common_kind(label: &str) -> Option<FieldKind> {
    Some(match label {
        "牵头单位" | "牵头部门" => FieldKind::Role(Role::Lead),
        "配合单位" | "配合部门" | "协办单位" => FieldKind::Role(Role::Support),
        "责任单位" | "责任部门" => FieldKind::Role(Role::Responsible),
        "数据提供单位" => FieldKind::Role(Role::DataProvider),
        "完成时限" | "完成时间" | "时间节点" => FieldKind::Deadline,
        "牵头领导" | "责任领导" => FieldKind::Person,
        _ => return None,
    })
}

fn kind_by_shape(label: &str) -> Option<FieldKind> {
    if !ends_with_any(label, NOUNS) {
        return None;
    }
    if ends_with_any(label, &["领导", "人", "长", "书记", "主任"]) {
        return Some(FieldKind::Person);
    }
    if contains_any(label, &["时限", "时间", "节点", "期限", "进度"]) {
        return Some(FieldKind::Deadline);
    }
    if label.ends_with("分工") {
        return Some(FieldKind::Prose);
    }
    let role = if contains_any(label, &["牵头", "主办", "主责"]) {
        Role::Lead
    } else if contains_any(
        label,
        &[
            "配合", "参与", "协办", "协助", "协同", "协作", "支持", "参加",
        ],
    ) {
        Role::Support
    } else if find_word(label, "数据").is_some() {
        Role::DataProvider
    } else {
        Role::Responsible
    };
    Some(FieldKind::Role(role))
}

#[cfg(test)]
fn is_han(c: char) -> bool {
    is_han_code(u32::from(c))
}

fn is_han_code(code: u32) -> bool {
    (0x4e00..=0x9fff).contains(&code) || (0x3400..=0x4dbf).contains(&code)
}

/// Every label in `text` outside nested brackets, in order. `text` is folded (ASCII colons).
///
/// Read by bytes: only brackets and colons matter on the way, and a label's Han run is read
/// back from its colon, where decoding every character to follow the runs cost more than the
/// rest of reading a line's annotations. A run is the Han characters just before the colon,
/// with only spaces between.
///
/// `may_square`: whether `text` may hold square brackets, false when the line it is cut from
/// holds none, which spares the search for them in each piece of a line.
pub fn labels(text: &str, may_square: bool) -> Vec<Label> {
    let mut out = Vec::new();
    scan_colons(text, may_square, |i, depth, _| {
        if depth == 0 {
            label_at_colon(text, i, &mut out);
        }
    });
    out
}

/// The labels of the insides of a text's top-level bracket groups, found by the scan that
/// finds the text's own labels ([`labels_with_groups`]): each group's inside was scanned again
/// for its labels, the same colons the first scan passed at depth one.
#[derive(Debug, Default)]
pub struct GroupLabels {
    /// Every group's labels, in its inside's offsets.
    labels: Vec<Label>,
    /// For each group holding labels: where its inside starts in the text, and its labels.
    groups: Vec<(usize, Range<usize>)>,
}

impl GroupLabels {
    /// The labels of the group whose inside starts at `inner_start` (in the scanned text's
    /// offsets), as `labels(inside, …)` finds them.
    pub fn of(&self, inner_start: usize) -> &[Label] {
        self.groups
            .iter()
            .find(|g| g.0 == inner_start)
            .map_or(&[], |g| &self.labels[g.1.clone()])
    }
}

/// [`labels`] of `text`, and into `groups` (emptied first) those of the inside of each of its
/// top-level groups (as [`super::annotation::groups`] finds them in `text`) whose labels the
/// scan reached: a group past the text's last colon holds none.
pub fn labels_with_groups(text: &str, may_square: bool, groups: &mut GroupLabels) -> Vec<Label> {
    groups.labels.clear();
    groups.groups.clear();
    let mut out = Vec::new();
    scan_colons(text, may_square, |i, depth, inner_start| match depth {
        0 => label_at_colon(text, i, &mut out),
        1 => {
            let before = groups.labels.len();
            label_at_colon(text, i, &mut groups.labels);
            let Some(label) = groups.labels.get_mut(before) else {
                return;
            };
            label.range = label.range.start - inner_start..label.range.end - inner_start;
            match groups.groups.last_mut() {
                Some(g) if g.0 == inner_start => g.1.end += 1,
                _ => groups.groups.push((inner_start, before..before + 1)),
            }
        }
        _ => {}
    });
    out
}

/// Calls `at_colon(i, depth, inner_start)` for each colon of `text` with its bracket depth and
/// where the inside of the top-level group it is in starts (0 at depth 0).
fn scan_colons(text: &str, may_square: bool, mut at_colon: impl FnMut(usize, usize, usize)) {
    // Every label ends at a colon: a text with none has none, and the brackets after the last
    // one change no depth at a colon, so what follows it is not read (the value of a line's last
    // field, or the rest of its paragraph, often most of it).
    let Some(last_colon) = memchr::memrchr(b':', text.as_bytes()) else {
        return;
    };
    let b = &text.as_bytes()[..=last_colon];
    let mut depth = 0usize;
    let mut inner_start = 0usize;
    // Most lines have round brackets alone: then only `(`, `)` and `:` matter, and a vector
    // search goes from one to the next, where reading a character at a time cost some ten
    // instructions a character.
    if !(may_square && has_square_brackets(b)) {
        for i in memchr::memchr3_iter(b'(', b')', b':', b) {
            match b[i] {
                b'(' => {
                    if depth == 0 {
                        inner_start = i + 1;
                    }
                    depth += 1;
                }
                b')' => depth = depth.saturating_sub(1),
                _ => at_colon(i, depth, inner_start),
            }
        }
        return;
    }
    // A character at a time by its first byte (【 and 】 are E3 80 90 and E3 80 91).
    let mut next = 0;
    while next < b.len() {
        let (i, x) = (next, b[next]);
        next += crate::text::utf8_width(x);
        if !may_bracket_or_colon(b, i) {
            continue;
        }
        match x {
            b'(' | b'[' => {
                if depth == 0 {
                    inner_start = i + 1;
                }
                depth += 1;
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            0xE3 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                Some(0x90) => {
                    if depth == 0 {
                        inner_start = i + 3;
                    }
                    depth += 1;
                }
                Some(0x91) => depth = depth.saturating_sub(1),
                _ => {}
            },
            b':' => at_colon(i, depth, inner_start),
            _ => {}
        }
    }
}

/// The label the colon at `i` closes, if the run of Han characters before it is one.
fn label_at_colon(text: &str, i: usize, out: &mut Vec<Label>) {
    // Spaces are single bytes: they are counted back without decoding the character before.
    let end = i - text.as_bytes()[..i]
        .iter()
        .rev()
        .take_while(|&&x| x == b' ')
        .count();
    let (start, chars) = han_run_before(text, end);
    if chars >= 2
        && let Some(label) = label_in_run(text, start..end, chars)
    {
        out.push(Label {
            range: label.0..i + 1,
            kind: label.1,
        });
    }
}

/// Whether `b` holds a `[`, `]`, 【 or 】 (E3 80 90, E3 80 91): brackets other than round
/// ones, which only a reading of every character follows.
pub(crate) fn has_square_brackets(b: &[u8]) -> bool {
    memchr::memchr2(b'[', b']', b).is_some()
        || memchr::memchr_iter(0xE3, b)
            .any(|i| b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x90 | 0x91)))
}

/// Whether the character at byte `i` may be a bracket or a colon: `(`, `[`, `)`, `]`, `:`, or
/// one opening with E3 80 (【 】, and 。 、 with them). One look-up in a table of first bytes by
/// second bytes' low six bits, taken before the branches on the character, which are rarely
/// reached: a branch per character on its kind is mispredicted where ASCII and Han mix.
#[inline]
pub(crate) fn may_bracket_or_colon(b: &[u8], i: usize) -> bool {
    let next = b.get(i + 1).copied().unwrap_or(0);
    BRACKET_OR_COLON[usize::from(b[i]) << 6 | usize::from(next & 0x3F)]
}

static BRACKET_OR_COLON: [bool; 256 * 64] = {
    let mut t = by_first_two_bytes(b"()[]:");
    t[0xE3 << 6] = true;
    t
};

/// A table of first bytes by second bytes' low six bits (as [`may_bracket_or_colon`] reads
/// it) with every row of the `ascii` bytes set, whatever follows them: what a scanner's table
/// starts from before the first two bytes of the characters it looks for are set.
pub(crate) const fn by_first_two_bytes(ascii: &[u8]) -> [bool; 256 * 64] {
    let mut t = [false; 256 * 64];
    let mut k = 0;
    while k < ascii.len() {
        let mut low = 0;
        while low < 64 {
            t[(ascii[k] as usize) << 6 | low] = true;
            low += 1;
        }
        k += 1;
    }
    t
}

/// Where the run of Han characters that ends at `end` starts, and how many it holds.
///
/// Read back three bytes at a time: every Han character of both ranges is three bytes long,
/// and a character that ends at a boundary is one of three bytes exactly when its first byte
/// three back opens one (E0..EF), where decoding each character backwards cost more.
fn han_run_before(text: &str, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let mut start = end;
    let mut chars = 0;
    while let Some(&[lead, second, third]) = start.checked_sub(3).and_then(|at| b.get(at..start)) {
        let code =
            u32::from(lead & 0x0F) << 12 | u32::from(second & 0x3F) << 6 | u32::from(third & 0x3F);
        if lead & 0xF0 != 0xE0 || !is_han_code(code) {
            break;
        }
        start -= 3;
        chars += 1;
    }
    (start, chars)
}

/// The label at the end of a Han run, if the run ends like one: the whole run when short, else
/// from its first head word, else its last four characters.
fn label_in_run(text: &str, run: Range<usize>, chars: usize) -> Option<(usize, FieldKind)> {
    let s = &text[run.clone()];
    let start = if chars <= 6 {
        0
    } else {
        let head = HEADS
            .iter()
            .filter_map(|h| find_word(s, h))
            .min()
            .filter(|&h| s[h..].chars().count() <= MAX_LABEL);
        match head {
            Some(h) => h,
            None => s.char_indices().rev().nth(3).map_or(0, |(i, _)| i),
        }
    };
    kind_of(&s[start..]).map(|k| (run.start + start, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `labels` as it was, following the Han runs a character at a time: the oracle.
    fn labels_by_chars(text: &str) -> Vec<Label> {
        let mut out = Vec::new();
        let mut run_start = 0usize;
        let mut run_chars = 0usize;
        let mut run_end: Option<usize> = None;
        let mut depth = 0usize;
        for (i, c) in text.char_indices() {
            if is_han(c) {
                if run_chars == 0 || run_end.is_some() {
                    run_start = i;
                    run_chars = 0;
                    run_end = None;
                }
                run_chars += 1;
                continue;
            }
            match c {
                '(' | '[' | '【' => depth += 1,
                ')' | ']' | '】' => depth = depth.saturating_sub(1),
                ':' if depth == 0 && run_chars >= 2 => {
                    let end = run_end.unwrap_or(i);
                    if let Some(label) = label_in_run(text, run_start..end, run_chars) {
                        out.push(Label {
                            range: label.0..i + 1,
                            kind: label.1,
                        });
                    }
                }
                ' ' if run_chars > 0 => {
                    if run_end.is_none() {
                        run_end = Some(i);
                    }
                    continue;
                }
                _ => {}
            }
            run_chars = 0;
            run_end = None;
        }
        out
    }

    /// Every text of up to four pieces (label words, Han characters at the ranges' ends and
    /// beside them, brackets of both kinds, colons, spaces) and 300,000 longer ones drawn with a
    /// fixed seed: the byte reader finds the labels the character reader found.
    #[test]
    fn labels_read_by_bytes_as_by_characters() {
        let pieces = [
            "牵头",
            "单位",
            "完成时限",
            "责任",
            "领导",
            "市商务局",
            "甲",
            ":",
            " ",
            "(",
            ")",
            "[",
            "]",
            "【",
            "】",
            "\u{3400}",
            "\u{4dbf}",
            "\u{4dc0}",
            "\u{4e00}",
            "\u{9fff}",
            "\u{a000}",
            "\u{33ff}",
            "a",
            "。",
            "、",
            "\u{3000}",
        ];
        let texts = dutymatrix_base::oracle_texts::every_then_random(
            &pieces,
            4,
            300_000,
            5..21,
            0x9e37_79b9_7f4a_7c15,
        );
        let mut found = 0;
        for t in &texts {
            let by_bytes = labels(t, true);
            assert_eq!(by_bytes, labels_by_chars(t), "{t:?}");
            found += by_bytes.len();
        }
        assert!(found > 10_000, "too few labels to tell: {found}");
    }

    fn found(text: &str) -> Vec<(&str, FieldKind)> {
        labels(text, true)
            .into_iter()
            .map(|l| (&text[l.range.clone()], l.kind))
            .collect()
    }

    #[test]
    fn labels_by_shape() {
        use FieldKind::*;
        assert_eq!(
            found("牵头领导:张某某;牵头单位:市商务局;协办单位:市税务局,完成时限:2024年"),
            [
                ("牵头领导:", Person),
                ("牵头单位:", Role(crate::model::Role::Lead)),
                ("协办单位:", Role(crate::model::Role::Support)),
                ("完成时限:", Deadline),
            ]
        );
        assert_eq!(
            found("责任单位:县财政局 完成时间 :2023年底"),
            [
                ("责任单位:", Role(crate::model::Role::Responsible)),
                ("完成时间 :", Deadline)
            ]
        );
        assert_eq!(
            found("主体责任单位:甲;时间节点:乙;分管区领导:丙"),
            [
                ("主体责任单位:", Role(crate::model::Role::Responsible)),
                ("时间节点:", Deadline),
                ("分管区领导:", Person)
            ]
        );
        assert_eq!(found("推进市商务局牵头单位:甲")[0].0, "牵头单位:");
        assert_eq!(
            found("分管副市长:张某 进度安排:2025年9月"),
            [("分管副市长:", Person), ("进度安排:", Deadline)]
        );
    }

    /// Each label told by one comparison is told as its shape tells it.
    #[test]
    fn common_labels_read_as_their_shape_reads_them() {
        for label in [
            "牵头单位",
            "牵头部门",
            "配合单位",
            "配合部门",
            "协办单位",
            "责任单位",
            "责任部门",
            "数据提供单位",
            "完成时限",
            "完成时间",
            "时间节点",
            "牵头领导",
            "责任领导",
        ] {
            assert!(common_kind(label).is_some(), "{label}");
            assert_eq!(common_kind(label), kind_by_shape(label), "{label}");
        }
    }

    #[test]
    fn colons_that_are_not_labels() {
        assert!(found("工作目标:到2025年;主要任务:甲").is_empty());
        assert!(found("(牵头单位:甲)").is_empty());
        assert!(found("单:甲").is_empty());
    }
}
