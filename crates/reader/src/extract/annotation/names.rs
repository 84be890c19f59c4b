//! Unit lists: splitting a list on 、 (and stray separators and spaces) into named assignees,
//! each piece kept as a unit, a collective, a person, a deadline, a remark or a rejected piece.

use super::reading::{Named, Parsed};
use super::words::{LEAD_RULE, is_remark};
use crate::extract::deadline;
use crate::extract::units::{Kind, classify};
use crate::model::Role;
use crate::text::{holds, trim, trim_end, trim_start};
use std::ops::Range;

/// The pieces of a value split on 、 , ; / and spaces (outside brackets), trimmed.
///
/// Read by first bytes as [`pieces`] reads a list, each piece trimmed as it is cut, where
/// every character was decoded and the pieces listed twice.
pub(super) fn items(list: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut item = |r: Range<usize>| {
        let raw = &list[r.clone()];
        let t = trim(raw).trim_end_matches(['。', '.']);
        if !t.is_empty() {
            let lead = raw.len() - trim_start(raw).len();
            out.push(r.start + lead..r.start + lead + t.len());
        }
    };
    let mut start = 0;
    list_marks(list.as_bytes(), |i, width, mark| {
        if matches!(mark, Mark::Cut | Mark::Space { outside: true }) {
            item(start..i);
            start = i + width;
        }
    });
    item(start..list.len());
    out
}

/// Splits a unit list on 、 (and stray separators, and spaces between whole names) into named
/// assignees. `各区、县级市` stays one collective: a name opening with 各 takes the 、-joined names
/// after it. A name marked `(牵头)` or `为牵头单位` leads, and the others of its list support.
pub(super) fn names(list: &str, base: usize, role: Role, listed: bool, parsed: &mut Parsed) {
    let list = trim_end(list);
    let list = strip_role_tail(list);
    // `A、B等有关部门和单位`: A and B, then the collective after 等; `A、B等和各省级人民政府`:
    // A and B, and the collective after 等和 (B is a unit, not `B等和各省级人民政府`).
    // Every tail opens with 等: a list without one is spared the five searches.
    let tail = holds(list, '等').then_some([
        ("等有关", "等"),
        ("等相关", "等"),
        ("等和各", "等和"),
        ("等国务院相关", "等"),
        ("等国务院有关", "等"),
    ]);
    let tail = tail
        .iter()
        .flatten()
        .find_map(|(at, skip)| crate::text::find_word(list, at).map(|i| (i, i + skip.len())));
    let (units_part, collective_tail) = match tail {
        Some((i, t)) => (&list[..i], Some(t)),
        None => (list, None),
    };
    // Each piece is read as the split reaches it, one held back while a 各 may take the next:
    // no lists of pieces are made (three lists and their frees cost some 250 Ir a list).
    let first_named = parsed.named.len();
    let mut marked_lead = false;
    let mut held: Option<Range<usize>> = None;
    pieces(units_part, |r| match &mut held {
        Some(last)
            if trim_start(&units_part[last.clone()]).starts_with('各')
                && !is_full_name(&units_part[r.clone()])
                && !deadline::is_phrase(trim(&units_part[r.clone()])) =>
        {
            last.end = r.end;
        }
        _ => {
            if let Some(done) = held.replace(r) {
                marked_lead |= assignee(list, done, base, role, listed, parsed);
            }
        }
    });
    for r in held
        .into_iter()
        .chain(collective_tail.map(|t| t..list.len()))
    {
        marked_lead |= assignee(list, r, base, role, listed, parsed);
    }
    if marked_lead {
        for n in parsed.named.iter_mut().skip(first_named) {
            if n.role != Role::Lead {
                n.role = Role::Support;
            }
        }
    }
}

/// The pieces of a unit list split on 、 , ; / (outside brackets), and on spaces between whole
/// names (see [`split_spaces`]), each handed to `each` in order; blank pieces are passed over.
fn pieces(units_part: &str, mut each: impl FnMut(Range<usize>)) {
    // `spaced`: whether the scan met a space in the piece. One with none is itself (no list of
    // one is made for it), and is spared the search for a space inside it.
    let mut piece = |r: Range<usize>, spaced: bool| {
        if spaced && trim(&units_part[r.clone()]).contains(' ') {
            split_spaces(units_part, r)
                .into_iter()
                .filter(|p| !trim(&units_part[p.clone()]).is_empty())
                .for_each(&mut each);
        } else if !trim(&units_part[r.clone()]).is_empty() {
            each(r);
        }
    };
    let (mut start, mut spaced) = (0, false);
    list_marks(units_part.as_bytes(), |i, width, mark| match mark {
        Mark::Cut => {
            piece(start..i, spaced);
            start = i + width;
            spaced = false;
        }
        Mark::Space { .. } => spaced = true,
    });
    piece(start..units_part.len(), spaced);
}

/// What [`list_marks`] finds in a list: a separator outside brackets, or a space.
#[derive(Clone, Copy)]
enum Mark {
    Cut,
    Space { outside: bool },
}

/// Hands `at` each separator of a list outside brackets (、 , ; /) and each space, with where
/// it stands and its width, in order: what [`items`] and [`pieces`] cut on. A character at a
/// time, told by its first byte (、 is E3 80 81): every list of every annotation is split
/// here, where decoding each character cost more than the rest.
fn list_marks(b: &[u8], mut at: impl FnMut(usize, usize, Mark)) {
    let mut i = 0;
    let mut depth = 0i32;
    loop {
        i = next_listed_byte(b, i);
        let Some(&x) = b.get(i) else {
            break;
        };
        let width = crate::text::utf8_width(x);
        match LIST_BYTES[usize::from(x)] {
            Opens::Nothing => {}
            Opens::Open => depth += 1,
            Opens::Close => depth -= 1,
            Opens::Space => at(
                i,
                width,
                Mark::Space {
                    outside: depth <= 0,
                },
            ),
            Opens::Separator => {
                if depth <= 0 {
                    at(i, width, Mark::Cut)
                }
            }
            Opens::MaybeComma => {
                if depth <= 0 && b.get(i + 1..i + 3) == Some(&[0x80, 0x81]) {
                    at(i, width, Mark::Cut)
                }
            }
        }
        i += width;
    }
}

/// Where the first byte at or after `i` that [`LIST_BYTES`] may tell from nothing stands: an
/// ASCII byte or E3, each the first of its character (`i` is one). Eight bytes are tested at
/// a time, where the Han characters of a name, none of which matters, were read one by one.
fn next_listed_byte(b: &[u8], mut i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(Ok(eight)) = b.get(i..i + 8).map(<[u8; 8]>::try_from) {
        let word = u64::from_le_bytes(eight);
        let ascii = !word & HIGH;
        // A byte equal to E3 is a zero byte of `e3_zero`: the lowest one found is exact, and
        // any false one stands above it.
        let e3_zero = word ^ (0xE3 * ONES);
        let e3 = e3_zero.wrapping_sub(ONES) & !e3_zero & HIGH;
        let found = ascii | e3;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&x) = b.get(i) {
        if x < 0x80 || x == 0xE3 {
            break;
        }
        i += 1;
    }
    i
}

/// What a character of a unit list is to [`pieces`], told by its first byte.
#[derive(Clone, Copy)]
enum Opens {
    Nothing,
    /// `(` or `[`.
    Open,
    /// `)` or `]`.
    Close,
    Space,
    /// `,`, `;` or `/`.
    Separator,
    /// E3, which opens 、 (E3 80 81) among others.
    MaybeComma,
}

static LIST_BYTES: [Opens; 256] = {
    let mut t = [Opens::Nothing; 256];
    t[b'(' as usize] = Opens::Open;
    t[b'[' as usize] = Opens::Open;
    t[b')' as usize] = Opens::Close;
    t[b']' as usize] = Opens::Close;
    t[b' ' as usize] = Opens::Space;
    t[b',' as usize] = Opens::Separator;
    t[b';' as usize] = Opens::Separator;
    t[b'/' as usize] = Opens::Separator;
    t[0xE3] = Opens::MaybeComma;
    t
};

/// Reads one piece of a list (`r` in `list`) as an assignee, a marked lead, a unit and the
/// body in its brackets, or units joined by 及. Returns whether a role marker made it the lead.
fn assignee(
    list: &str,
    r: Range<usize>,
    base: usize,
    role: Role,
    listed: bool,
    parsed: &mut Parsed,
) -> bool {
    let raw = &list[r.clone()];
    let lead = raw.len() - trim_start(raw).len();
    let trimmed = trim(raw);
    let (name, last) = name_and_last(trimmed);
    let at = base + r.start + lead;
    // A closing 等 or full stop is read, not part of the name.
    if name.len() < trimmed.len() {
        parsed.remark(at + name.len()..at + trimmed.len());
    }
    if name.is_empty() {
        return false;
    }
    // `X(牵头)`, `X为牵头单位`: a role marker inside a list.
    if let Some(unit) = lead_marked(name, last) {
        let before = parsed.named.len();
        record(parsed, unit, at, Role::Lead, listed, true);
        if parsed.named.len() > before {
            parsed.remark(at + unit.len()..at + name.len());
            return true;
        }
    }
    // `省发展改革委(省能源局)`: the body and the one it names in brackets are both units;
    // `各镇(街道)` is one collective.
    // `各乡镇人民政府(街道办事处)` is one collective too: its bracket names the same kind of body.
    // The closing bracket first: most names have none, and are spared the search.
    if last == Some(')')
        && let Some(open) = name.find('(')
        && classify(&name[..open]) != Kind::Collective
        && classify(&name[open + 1..name.len() - 1]) == Kind::Unit
    {
        let outer = &name[..open];
        let inside = &name[open + 1..name.len() - 1];
        record(parsed, outer, at, role, listed, true);
        record(parsed, inside, at + open + 1, role, listed, false);
        return false;
    }
    // `国务院相关部门及各地区`, `银保监会及各地区`: two assignees joined by 及.
    if let Some(parts) = joined_by_ji(name) {
        for (offset, part) in parts {
            record(parsed, part, at + offset, role, listed, true);
        }
        return false;
    }
    record(parsed, name, at, role, listed, true);
    false
}

/// A trimmed piece without its closing full stop or 等 (see [`without_closing_deng`]), and
/// the name's last character. Most pieces end in neither, which their last character tells
/// (a trimmed piece ends in no white space): it is decoded once, not three times.
fn name_and_last(trimmed: &str) -> (&str, Option<char>) {
    match last_char(trimmed) {
        Some(c) if !matches!(c, '。' | '.' | '门' | '位' | '等') => (trimmed, Some(c)),
        _ => {
            let name = without_closing_deng(trimmed.trim_end_matches(['。', '.']));
            (name, last_char(name))
        }
    }
}

/// The last character of `s`.
fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// `区水务局等部门`, `A等单位`: the unit named, then a 等 that adds no one by name. Most names
/// end in none of 门, 位, 等 and white space, and are spared the comparisons.
fn without_closing_deng(name: &str) -> &str {
    match last_char(name) {
        Some(c) if !matches!(c, '门' | '位' | '等') && !c.is_whitespace() => name,
        _ => ["等部门和单位", "等部门", "等单位"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .unwrap_or(name)
            .trim_end_matches('等')
            .trim_end(),
    }
}

/// The unit before a lead marker closing `name` (whose last character is `last`). Every marker
/// ends in `)`, 位, 门 or 头: a name ending otherwise is spared the comparisons.
fn lead_marked(name: &str, last: Option<char>) -> Option<&str> {
    if !matches!(last, Some(')' | '位' | '门' | '头')) {
        return None;
    }
    LEAD_MARKS.iter().find_map(|m| name.strip_suffix(m))
}

/// The parts of `A及B` with their byte offsets, when every part is a unit or a collective on
/// its own (so a name that merely contains 及 stays whole).
fn joined_by_ji(name: &str) -> Option<Vec<(usize, &str)>> {
    if !holds(name, '及') {
        return None;
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _) in name.match_indices('及') {
        parts.push((start, &name[start..i]));
        start = i + '及'.len_utf8();
    }
    parts.push((start, &name[start..]));
    parts
        .iter()
        .all(|(_, p)| matches!(classify(p), Kind::Unit | Kind::Collective))
        .then_some(parts)
}

/// Markers after a name that make it the lead of its list.
pub(super) const LEAD_MARKS: &[&str] = &[
    "(牵头)",
    "(牵头单位)",
    "(牵头部门)",
    "为牵头单位",
    "为牵头部门",
    "为牵头",
];

/// `县教育局 县住房城乡建设局`: names separated by spaces are split when every part is a name or
/// a deadline on its own; `市 民政局` stays one name.
pub(super) fn split_spaces(list: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let s = &list[r.clone()];
    if !trim(s).contains(' ') {
        return vec![r];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == ' ' {
            parts.push(r.start + start..r.start + i);
            start = i + 1;
        }
    }
    parts.push(r.start + start..r.end);
    parts.retain(|p| !trim(&list[p.clone()]).is_empty());
    let whole = parts.iter().all(|p| {
        let t = trim(&list[p.clone()]);
        matches!(classify(t), Kind::Unit | Kind::Collective)
            || deadline::is_phrase(t)
            || LEAD_MARKS.iter().any(|m| t.ends_with(m))
    });
    if whole { parts } else { vec![r] }
}

/// Records `name` (at byte `at`) as an assignee if it is a unit or a collective; a person, a
/// deadline phrase or a remark is kept as such, and anything else is noted as rejected when
/// `report` is set.
pub(super) fn record(
    parsed: &mut Parsed,
    name: &str,
    at: usize,
    role: Role,
    listed: bool,
    report: bool,
) {
    let range = at..at + name.len();
    let collective = match classify(name) {
        Kind::Unit => false,
        Kind::Collective => true,
        Kind::Person => {
            parsed.persons.push(range);
            return;
        }
        Kind::NotUnit => {
            if deadline::is_phrase(name) {
                parsed.deadline.get_or_insert(range);
            } else if (holds(name, '为') && LEAD_RULE.is_match(name)) || is_remark(name) {
                parsed.remark(range);
            } else if report {
                parsed.rejected.push(range);
            }
            return;
        }
    };
    parsed.named.push(Named {
        range,
        role,
        collective,
        listed,
    });
}

/// A name that stands on its own after a 各 list (`各有关单位、市财政局`) rather than continuing it.
pub(super) fn is_full_name(s: &str) -> bool {
    let s = trim(s);
    s.starts_with('各') || (s.chars().count() >= 4 && classify(s) == Kind::Unit)
}

/// The words a list of units may end in that say what they do, not who they are: the longer of
/// two that end alike first.
pub(super) const ROLE_TAILS: [&str; 13] = [
    "按职责分工负责",
    "按职责负责",
    "分工负责",
    "分别负责",
    "共同负责",
    "牵头负责",
    "负责",
    "按职责分工落实",
    "按职责落实",
    "分工落实",
    "抓好落实",
    "牵头",
    "配合",
];

/// `各市政府按职责分工负责` inside a labelled list: the role words are not part of the name.
pub(super) fn strip_role_tail(s: &str) -> &str {
    // Every tail ends in 责, 实, 头 or 合: a list ending otherwise (most end in a unit's name)
    // is spared the thirteen comparisons.
    if !matches!(last_char(s), Some('责' | '实' | '头' | '合')) {
        return s;
    }
    for tail in ROLE_TAILS {
        if let Some(x) = s.strip_suffix(tail) {
            return x;
        }
    }
    s
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
