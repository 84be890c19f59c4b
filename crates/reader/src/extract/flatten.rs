//! Pages flattened onto one line by a web archive or a copy: `…按职责分工负责。 2.打造…（责任单位：
//! 区商务局）3.推进…`. The outline is recovered from the numbering inside the line: a line is cut
//! before each numbering mark that follows the end of a sentence, a bracket or a space and
//! continues the numbering seen so far, so a number in running text (`增长2.5%`) stays.

use super::lines::{Line, Marker, is_numeral, marker};
use regex::Regex;
use std::sync::LazyLock;

/// A signature run into a flattened page's last line: `…落地见效。国务院办公厅2020年7月15日
/// （此件公开发布）`. Its parts are cut onto lines of their own, where they are read as the
/// signature (and not, say, the date as the last task's deadline).
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<issuer>\p{Han}{0,12}?(?:人民政府办公厅|人民政府办公室|人民政府|国务院办公厅|国务院))?",
        r"(?P<date>[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)\s*(?P<note>\(此件[^)]{0,10}\))?\s*$"
    ))
    .expect("static signature pattern")
});

/// Where a trailing signature's issuer, date and note start, when one ends the line right
/// after a sentence.
fn signature_cuts(norm: &str) -> Vec<usize> {
    let Some(c) = SIGNATURE.captures(norm) else {
        return Vec::new();
    };
    let Some(whole) = c.get(0) else {
        return Vec::new();
    };
    if !norm[..whole.start()]
        .chars()
        .next_back()
        .is_some_and(is_break)
    {
        return Vec::new();
    }
    ["issuer", "date", "note"]
        .iter()
        .filter_map(|n| c.name(n).map(|m| m.start()))
        .collect()
}

/// The numbering styles (depth 1 to 5) and the last ordinal seen at each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    matches!(
        c,
        '。' | ')' | ']' | '】' | ';' | ':' | '!' | '?' | ' ' | '”'
    )
}

/// The last characters of a unit's name, after which a number starts the next item rather
/// than continuing a figure (`区交通局2.提升`, but `增长2.5%`).
fn ends_a_unit(c: char) -> bool {
    matches!(
        c,
        '局' | '委' | '办' | '厅' | '部' | '院' | '会' | '府' | '署' | '室' | '心' | '社' | '联'
    )
}

/// `3.2020年底前开展…`: an item whose text opens with a year, so its `N.` is followed by a
/// digit; taken only as the next number (or a first item, lower levels not being reset) and
/// only before a year (`2.5倍` stays a figure).
fn dated_item(norm: &str, numbering: &Numbering) -> Option<Marker> {
    super::outline::marker_in_sequence(norm, numbering.last[3] + 1)
        .filter(|m| {
            let rest = &norm[m.end..];
            rest.get(..4)
                .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
                && rest.get(4..).is_some_and(|r| r.starts_with('年'))
        })
        .or_else(|| super::outline::dated_first(norm))
}

/// Whether the text starts with a Chinese-numeral item mark in brackets, `(一)`.
fn bracketed_item(norm: &str) -> bool {
    marker(norm).is_some_and(|m| m.depth == 2)
}

/// Role labels a line or page break may split (`（责任单` / `位：市通信管理局）`).
const LABELS: &[&str] = &[
    "责任单位",
    "牵头单位",
    "配合单位",
    "责任部门",
    "牵头部门",
    "配合部门",
    "完成时限",
];

/// Whether a line ends inside a label (two characters of it at least) that the next line
/// finishes: the next line opens with the label's rest and a colon.
fn split_label(this: &str, next: &str) -> bool {
    // A piece of a label ends `this` only if the piece's last character does: most lines end
    // with none of the labels' characters, and are spared the comparisons.
    if !this.chars().next_back().is_some_and(ends_a_label_piece) {
        return false;
    }
    LABELS.iter().any(|label| {
        label
            .char_indices()
            .skip(2)
            .map(|(i, _)| i)
            .chain([label.len()])
            .any(|cut| {
                this.ends_with(&label[..cut])
                    && next
                        .trim_start()
                        .strip_prefix(&label[cut..])
                        .is_some_and(|r| r.starts_with(':'))
            })
    })
}

/// The characters of [`LABELS`] but their first: those a piece of a label (two characters at
/// least) ends with. One match, where decoding the labels' characters for each line cost 13 M
/// instructions over 300 documents.
fn ends_a_label_piece(c: char) -> bool {
    matches!(
        c,
        '任' | '单' | '位' | '头' | '合' | '部' | '门' | '成' | '时' | '限'
    )
}

/// Lines a break split inside a role label joined again: the second line's text goes to the
/// end of the first, which keeps its number, and an empty line keeps the second's place.
fn mend_split_labels(mut lines: Vec<Line>) -> Vec<Line> {
    for k in 0..lines.len().saturating_sub(1) {
        if split_label(lines[k].norm.trim_end(), &lines[k + 1].norm) {
            let no = lines[k + 1].no;
            let next = std::mem::replace(&mut lines[k + 1], Line::new(no, ""));
            let mut joined = lines[k].text.trimmed();
            joined.push_all(&next.text.trimmed());
            lines[k] = Line::of(lines[k].no, joined);
        }
    }
    lines
}

/// Where a line (not a table's row) is cut before an item run into it, the numbering seen so
/// far brought up to date with the items cut out.
///
/// Read by bytes ([`crate::text::next_marked`]): only `抄` or a character an item's number
/// opens with (a numeral, a digit, `(`, ①) can start a cut, and only those are decoded. The
/// breaks before them are read back from the text when one is met: a stop at each break (a
/// full stop, a bracket, a colon) cost more than the look back, 3.2 M instructions over 300
/// documents.
fn cuts_in(norm: &str, opening: Option<&Marker>, numbering: &mut Numbering) -> Vec<usize> {
    let mut cuts = Vec::new();
    // Inside a section heading's words (`一、主要任务1.推进…`) its first item may follow
    // straight on, with no stop between them: where such words began, until a break ends them.
    let mut heading_from = opening.filter(|m| m.depth == 1).map(|_| 0);
    let mut next = 0;
    loop {
        let i = crate::text::next_marked(norm.as_bytes(), next, &OPENERS);
        let Some(c) = norm.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        next = i + c.len_utf8();
        let opens_number =
            c == '(' || c.is_ascii_digit() || is_numeral(c) || ('①'..='⑳').contains(&c);
        if !opens_number && c != '抄' {
            continue;
        }
        let Some(prev) = norm[..i].chars().next_back() else {
            continue;
        };
        // `…区委组织部抄送:区委各部门`: the distribution list, run into the last annotation.
        if c == '抄' {
            if norm[i..].starts_with("抄送:") {
                cuts.push(i);
            }
            continue;
        }
        // Whether the heading's words run on to here, no break among them; read from where
        // they were last known to, so that no character is read twice.
        let mut in_heading = || {
            let from = heading_from?;
            let unbroken = !norm.get(from..i)?.chars().any(is_break);
            heading_from = unbroken.then_some(i);
            heading_from
        };
        // `(一)` closes itself, so it may start an item right after a heading's last word
        // (`一、持续提升投资建设便利度（一）优化…`); `第(一)项` is a reference, not an item.
        let after = is_break(prev)
            || (c == '(' && prev != '第' && bracketed_item(&norm[i..]))
            // `…、区交通局2.提升…`: a unit list runs into the next item's number.
            || (c.is_ascii_digit() && ends_a_unit(prev))
            || (c == '1' && !prev.is_ascii_digit() && in_heading().is_some());
        if after
            && let Some(m) = marker(&norm[i..]).or_else(|| dated_item(&norm[i..], numbering))
            && numbering.continues(m.depth, m.ordinal)
        {
            numbering.see(m.depth, m.ordinal);
            heading_from = (m.depth == 1).then_some(next);
            cuts.push(i);
        }
    }
    cuts
}

/// The characters [`cuts_in`] stops at: `抄`, and those an item's number opens with.
static OPENERS: [u64; 1024] = crate::text::char_marks(&[
    '抄', '(', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '一', '二', '三', '四', '五',
    '六', '七', '八', '九', '十', '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫', '⑬',
    '⑭', '⑮', '⑯', '⑰', '⑱', '⑲', '⑳',
]);

/// Every line, with lines that hold several numbered items cut into one line per item (all with
/// the source line's number), and lines broken inside a role label joined. Linear in the text's
/// length.
pub fn unflatten(lines: Vec<Line>) -> Vec<Line> {
    let lines = mend_split_labels(lines);
    let mut numbering = Numbering::default();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let opening = line.mark();
        if let Some(m) = &opening {
            numbering.see(m.depth, m.ordinal);
        }
        // A tab-separated row is a table's, its cells apart already: `\t（一）产业发展\t\t` is a
        // group row, not an item run into the line before it.
        if memchr::memchr(b'\t', line.norm.as_bytes()).is_some() {
            out.push(line);
            continue;
        }
        let mut cuts = cuts_in(&line.norm, opening.as_ref(), &mut numbering);
        if cuts.is_empty() {
            out.push(line);
            continue;
        }
        cuts.extend(signature_cuts(&line.norm));
        cuts.sort_unstable();
        cuts.dedup();
        let mut start = 0;
        for end in cuts.into_iter().chain(std::iter::once(line.norm.len())) {
            out.push(Line::of(line.no, line.text.trimmed_from(start..end)));
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
    fn a_table_row_of_tabs_is_never_cut() {
        assert_eq!(
            pieces(&[
                "二、重点任务",
                "\t（一）产业发展\t\t",
                "1\t建园。（二）做好\t区发改局"
            ]),
            [
                "1:二、重点任务",
                "2:\t（一）产业发展",
                "3:1\t建园。（二）做好\t区发改局"
            ]
        );
    }

    /// A web copy of 国办发〔2020〕24号 runs each section heading straight into its first item.
    #[test]
    fn a_heading_runs_into_its_first_item() {
        assert_eq!(
            pieces(&[
                "意见如下。一、提升便利度（一）优化流程。（甲部负责）（二）提高效率。二、降低门槛（三）按第（一）项办理。"
            ]),
            [
                "1:意见如下。",
                "1:一、提升便利度",
                "1:（一）优化流程。（甲部负责）",
                "1:（二）提高效率。",
                "1:二、降低门槛",
                "1:（三）按第（一）项办理。"
            ]
        );
    }

    #[test]
    fn a_unit_list_runs_into_the_next_number() {
        assert_eq!(
            pieces(&["一、任务 1.建设。责任单位：区商务局、区交通局2.提升，增长2.5%。3.推进"]),
            [
                "1:一、任务",
                "1:1.建设。责任单位：区商务局、区交通局",
                "1:2.提升，增长2.5%。",
                "1:3.推进"
            ]
        );
    }

    /// 国办发〔2020〕43号 as a web copy: `具体措施：1．…（…）2．…（…）3．2020年底前开展…`.
    #[test]
    fn measures_after_a_colon_and_an_item_opening_with_a_year() {
        assert_eq!(
            pieces(&["（一）甲。具体措施：1．乙，增长1.5倍。（丙部负责）2．2020年底前丁。3.5倍"]),
            [
                "1:（一）甲。具体措施：",
                "1:1．乙，增长1.5倍。（丙部负责）",
                "1:2．2020年底前丁。3.5倍"
            ]
        );
    }

    #[test]
    fn a_signature_run_into_the_last_item_is_cut_off() {
        assert_eq!(
            pieces(&["一、任务 1.甲。（乙部负责）2.丙。国务院办公厅2020年7月15日（此件公开发布）"]),
            [
                "1:一、任务",
                "1:1.甲。（乙部负责）",
                "1:2.丙。",
                "1:国务院办公厅",
                "1:2020年7月15日",
                "1:（此件公开发布）"
            ]
        );
    }

    /// A flattened district plan: a heading's first item follows its last word, a unit list runs
    /// into the next number, and the distribution list into the last annotation.
    #[test]
    fn a_heading_runs_into_its_item_and_the_list_into_the_distribution() {
        assert_eq!(
            pieces(&[
                "一、主要任务1.推进改革，增长1.5倍。牵头单位：区政务服务局；配合单位：区交通局2.提升服务。责任单位：区财政局抄送：区委各部门。"
            ]),
            [
                "1:一、主要任务",
                "1:1.推进改革，增长1.5倍。牵头单位：区政务服务局；配合单位：区交通局",
                "1:2.提升服务。责任单位：区财政局",
                "1:抄送：区委各部门。"
            ]
        );
    }

    #[test]
    fn a_label_split_by_a_line_break_is_one_label() {
        assert_eq!(
            pieces(&[
                "1.甲。（责任单",
                "位：市通信管理局）",
                "2.乙。（牵头单位",
                "：市商务局）",
                "责任重大"
            ]),
            [
                "1:1.甲。（责任单位：市通信管理局）",
                "2:",
                "3:2.乙。（牵头单位：市商务局）",
                "4:",
                "5:责任重大"
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

#[cfg(test)]
#[path = "flatten_cut_tests.rs"]
mod cut_tests;
