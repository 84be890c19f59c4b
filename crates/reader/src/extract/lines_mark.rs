//! The numbering mark a line opens with (一、 (一) 1. (1) ①): read once, when the line is made,
//! and kept with it, where the file's split into plans, the cutting of flattened lines, the
//! tables and the outline each read it again from the text.

use crate::text::trim_start;

/// A numbering mark at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// The numbering style's rank: 1 for 一、, 2 for (一), 3 for 1., 4 for (1), 5 for ①.
    pub depth: u8,
    pub ordinal: u32,
    /// Byte range of the mark in the folded line (leading space excluded).
    pub start: usize,
    pub end: usize,
}

/// The mark a line opens with, `^\s*(?:一、|(一)|1.|(1)|①)` read by hand (the pattern it
/// answers as, `MARK`, is the tests' oracle): every line is tried here, and many places inside
/// flattened lines, where a pattern's search cost more than the rest of the outline.
pub fn marker(norm: &str) -> Option<Marker> {
    let rest = trim_start(norm);
    let start = norm.len() - rest.len();
    let first = rest.chars().next()?;
    let (depth, group, end) = if is_numeral(first) {
        // `一、`: up to three numerals, then 、 or `.`.
        let n = run(rest, is_numeral, 3)?;
        let after = trim_start(&rest[n..]);
        let stop = after.chars().next().filter(|c| matches!(c, '、' | '.'))?;
        (1, 0..n, rest.len() - after.len() + stop.len_utf8())
    } else if first.is_ascii_digit() {
        // `1.`: up to two digits, then 、 or `.` before anything but a digit (or a final 、).
        let n = run(rest, |c| c.is_ascii_digit(), 2)?;
        let after = trim_start(&rest[n..]);
        let stop = after.chars().next().filter(|c| matches!(c, '、' | '.'))?;
        let next = after[stop.len_utf8()..].chars().next();
        let ends = match next {
            Some(c) => !c.is_ascii_digit(),
            None => stop == '、',
        };
        if !ends {
            return None;
        }
        (3, 0..n, rest.len() - after.len() + stop.len_utf8())
    } else if first == '(' {
        // `(一)` with an optional 、 or `.` after it, or `(1)`.
        let inner = trim_start(&rest[1..]);
        let open = rest.len() - inner.len();
        let c = inner.chars().next()?;
        let (depth, n) = if is_numeral(c) {
            (2, run(inner, is_numeral, 3)?)
        } else if c.is_ascii_digit() {
            (4, run(inner, |c| c.is_ascii_digit(), 2)?)
        } else {
            return None;
        };
        let after = trim_start(&inner[n..]).strip_prefix(')')?;
        let after = match after.chars().next() {
            Some(c @ ('、' | '.')) if depth == 2 => &after[c.len_utf8()..],
            _ => after,
        };
        (depth, open..open + n, rest.len() - after.len())
    } else if ('①'..='⑳').contains(&first) {
        (5, 0..first.len_utf8(), first.len_utf8())
    } else {
        return None;
    };
    let text = &rest[group];
    let ordinal = match depth {
        1 | 2 => chinese_numeral(text)?,
        3 | 4 => text.parse().ok()?,
        _ => text.chars().next()? as u32 - '①' as u32 + 1,
    };
    Some(Marker {
        depth,
        ordinal,
        start,
        end: start + end,
    })
}

pub(crate) fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// The bytes of the run of `class` characters `s` opens with, when it holds 1 to `most` of
/// them: a longer run is no mark, as the pattern's `{1,most}` cannot end inside it.
fn run(s: &str, class: impl Fn(char) -> bool, most: usize) -> Option<usize> {
    let mut bytes = 0;
    for (k, c) in s.chars().enumerate() {
        if !class(c) {
            return (k > 0).then_some(bytes);
        }
        if k == most {
            return None;
        }
        bytes += c.len_utf8();
    }
    (bytes > 0).then_some(bytes)
}

/// 一 … 九十九.
pub fn chinese_numeral(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let mut it = s.chars();
    let chars = [it.next(), it.next(), it.next(), it.next()];
    match chars {
        [Some('十'), None, ..] => Some(10),
        [Some(d), None, ..] => digit(d),
        [Some('十'), Some(u), None, _] => Some(10 + digit(u)?),
        [Some(t), Some('十'), None, _] => Some(digit(t)? * 10),
        [Some(t), Some('十'), Some(u), None] => Some(digit(t)? * 10 + digit(u)?),
        _ => None,
    }
}
