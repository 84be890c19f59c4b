//! Prose roles: clauses that end in a role word (`A牵头,B、C配合`), and the remark after a
//! full stop (`下同`).

use super::names::names;
use super::reading::Parsed;
use super::words::{LEAD_RULE, is_remark, role_word};
use crate::extract::deadline;
use crate::model::Role;
use crate::text::{find_char, find_word, holds, trim, trim_end, trim_start};
use std::ops::Range;

/// The text before the first full stop, and the remark after it (`下同`, `涉及各市的任务不再单列`).
pub(super) fn split_stop(s: &str) -> (&str, Option<Range<usize>>) {
    match find_char(s, '。') {
        Some(i) => {
            let rest = &s[i..];
            let remark = (!rest.trim_matches(['。', ' ']).is_empty()).then_some(i..s.len());
            (&s[..i], remark)
        }
        None => (s, None),
    }
}

/// Text up to the first full stop: what follows is a remark (`下同`, `涉及各市的任务不再单列`).
pub(super) fn until_stop(s: &str) -> &str {
    find_char(s, '。').map_or(s, |i| &s[..i])
}

/// `A牵头,B、C配合` / `A、B负责,排在第一位的为牵头单位,下同` / `A、B,各省级人民政府按职责分工负责`.
/// Clauses with no role word take the role of the next clause that has one. Returns whether any
/// clause carried a role.
pub(super) fn clauses(text: &str, base: usize, parsed: &mut Parsed) -> bool {
    let mut pending: Vec<Range<usize>> = Vec::new();
    let mut any_role = false;
    let mut start = 0;
    // Both separators are ASCII, found by a vector search rather than by decoding characters;
    // each clause is read as the search reaches it, with no list of them made.
    let ends = memchr::memchr2_iter(b',', b';', text.as_bytes()).chain([text.len()]);
    for end in ends {
        let piece = start..end;
        start = end + 1;
        let clause = text[piece.clone()].trim_end_matches(['。', '.', ' ']);
        if trim(clause).is_empty() {
            continue;
        }
        // Every wording of the rule holds 为: a clause without one is spared the pattern.
        if (holds(clause, '为') && LEAD_RULE.is_match(clause)) || is_remark(clause) {
            parsed.remark(base + piece.start..base + piece.start + clause.len());
            continue;
        }
        match role_word(clause) {
            Some(at) => {
                any_role = true;
                parsed.remark(base + piece.start + at..base + piece.start + clause.len());
                let (role, listed) = match &clause[at..] {
                    "牵头" | "牵头负责" => (Role::Lead, false),
                    // Those who guide or oversee (指导, 督导) work with the responsible.
                    "配合" | "参与" | "协助" | "协同" | "指导" | "督导" => {
                        (Role::Support, false)
                    }
                    _ => (Role::Responsible, true),
                };
                for p in pending.drain(..) {
                    names(&text[p.clone()], base + p.start, role, listed, parsed);
                }
                let before = &clause[..at];
                // `A、B会同有关部门负责`: A and B lead, those they work with support.
                // Found by its last byte: the library sets up a two-way search for each clause.
                match find_word(before, "会同") {
                    Some(i) if role == Role::Responsible && i > 0 => {
                        let at = base + piece.start;
                        names(&before[..i], at, Role::Lead, false, parsed);
                        parsed.remark(at + i..at + i + "会同".len());
                        let rest = i + "会同".len();
                        names(&before[rest..], at + rest, Role::Support, false, parsed);
                    }
                    _ => names(before, base + piece.start, role, listed, parsed),
                }
            }
            // `2025年6月底前完成`: a deadline among the clauses.
            None if deadline::is_phrase(trim(clause)) => {
                let lead = clause.len() - trim_start(clause).len();
                parsed
                    .deadline
                    .get_or_insert(base + piece.start + lead..base + piece.start + clause.len());
            }
            None => pending.push(piece.start..piece.start + clause.len()),
        }
    }
    // Names after the last role word have no role: reported, never guessed.
    if any_role {
        for p in pending {
            let raw = &text[p.clone()];
            let lead = raw.len() - trim_start(raw).len();
            parsed
                .rejected
                .push(base + p.start + lead..base + p.start + trim_end(raw).len());
        }
    }
    any_role
}
