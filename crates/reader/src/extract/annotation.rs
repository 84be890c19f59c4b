//! Annotations: the notes that name who carries a task out, in every form the genre uses.
//!
//! - labelled roles: `(牵头单位:A;配合单位:B、C)`, also in `〔…〕` with a remark after `。`;
//! - unit lists ending in 负责: `(A、B负责,排在第一位的为牵头单位,下同)`, lists ending in 等;
//! - prose roles: `(A牵头,B配合)`, `(A牵头,市级各有关部门按职责分工负责)`;
//! - labelled lines under a task (`牵头单位:A`), read with [`labelled_segment`].
//!
//! Everything works on the folded form of a line (see [`super::lines`]) and returns byte ranges
//! into it, so the caller can quote each unit as the document spells it.

use super::fields::{self, FieldKind};
use super::units::{Kind, classify};
use crate::model::Role;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// One bracketed group: the whole span including brackets, and the inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub outer: Range<usize>,
    pub inner: Range<usize>,
}

/// One assignee named by an annotation, as a range of the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub range: Range<usize>,
    pub role: Role,
    pub collective: bool,
    /// Named in a `…负责` list, where a document-wide rule may make the first one the lead.
    pub listed: bool,
}

/// What a bracketed group turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Ordinary text in brackets: `(市、区)`, `(2020-2022年)`.
    Text,
    Annotation(Parsed),
    /// Looks like an annotation (role words) but names nothing that is a unit.
    Unclear,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub named: Vec<Named>,
    /// The group states that the first unit of a list is the lead (排在第一位的为牵头单位).
    pub lead_rule: bool,
    /// Pieces in a role position that are not units (kept out, reported by `check`).
    pub rejected: Vec<Range<usize>>,
    /// People named (牵头领导：张某某, 李某同志): never units, reported by `check`.
    pub persons: Vec<Range<usize>>,
    /// The first deadline phrase among the fields (完成时限：…, a bare `2023年起每年`).
    pub deadline: Option<Range<usize>>,
    /// Deadline fields whose value is no deadline (reported by `check`).
    pub bad_deadlines: Vec<Range<usize>>,
    /// Labels, remarks (下同) and lead rules: read, and not about a unit.
    pub remarks: Vec<Range<usize>>,
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

/// A stated rule that the first unit of each list leads, in any of its wordings.
static LEAD_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:排在第一位|列第一位|排在首位|排第一位|排名第一)\S{0,4}?为牵头(?:单位|部门)")
        .expect("static rule pattern")
});

/// Clause endings that say the role of the names before them.
static ROLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(牵头负责|牵头|按职责分工负责|按职责负责|分工负责|负责|配合|参与|协助|协同)$")
        .expect("static role pattern")
});

/// Words that mark text as meant to be an annotation.
const ROLE_HINTS: &[&str] = &["单位", "牵头", "负责", "配合", "责任"];

/// Reads a group. Only a group whose structure assigns roles counts as an annotation.
pub fn parse(norm: &str, group: &Group) -> Reading {
    let inner = &norm[group.inner.clone()];
    let base = group.inner.start;
    let mut parsed = Parsed {
        lead_rule: LEAD_RULE.is_match(inner),
        ..Parsed::default()
    };
    let first_label = fields::labels(inner).into_iter().next();
    let mut found = match first_label {
        Some(first) if inner[..first.range.start].trim().is_empty() => {
            labelled(inner, base, &mut parsed);
            true
        }
        _ => {
            let (said, remark) = split_stop(inner);
            if let Some(r) = remark {
                parsed.remarks.push(base + r.start..base + r.end);
            }
            clauses(said, base, &mut parsed)
        }
    };
    if !found && !parsed.lead_rule {
        let at_end = norm[group.outer.end..]
            .trim_matches(|c: char| c.is_whitespace() || c == '。' || c == '.' || c == ';')
            .is_empty();
        if let Some(bare) = bare_list(inner, base, at_end) {
            parsed = bare;
            found = true;
        }
    }
    if found && !parsed.named.is_empty() {
        Reading::Annotation(parsed)
    } else if ROLE_HINTS.iter().any(|h| inner.contains(h)) && (found || parsed.lead_rule) {
        Reading::Unclear
    } else {
        Reading::Text
    }
}

/// `牵头单位:A、B;配合单位:C` (the text after the first label's start). Also used for
/// labelled lines under a task.
pub fn labelled_segment(text: &str, base: usize) -> Parsed {
    let mut parsed = Parsed::default();
    labelled(text, base, &mut parsed);
    parsed
}

/// A last sentence of prose roles trailing a task's text, with no brackets:
/// `县商务局牵头，县邮政分公司、县供销社配合。` Taken only when every name in it has the shape of
/// a body's name with its level (县…, 省…, 各…), so running text (`由县政府牵头`) stays text.
/// Returns where the sentence starts (in `text`) and what it says.
pub fn prose_sentence(text: &str) -> Option<(usize, Parsed)> {
    let body = text.trim_end().trim_end_matches(['。', '.', ';']);
    let start = body.rfind('。').map_or(0, |i| i + '。'.len_utf8());
    let sentence = &body[start..];
    if sentence.trim().is_empty() || sentence.contains(['(', ')', '[', ']', ':']) {
        return None;
    }
    let lead = sentence.len() - sentence.trim_start().len();
    let mut parsed = Parsed::default();
    if !ROLE_WORD.is_match(sentence.trim_end()) || !clauses(sentence, start, &mut parsed) {
        return None;
    }
    let shaped = parsed.named.iter().all(|n| {
        let name = &text[n.range.clone()];
        let collective_shape = n.collective
            && [
                "政府",
                "部门",
                "单位",
                "街道",
                "镇",
                "乡",
                "区",
                "县",
                "市",
                "办事处",
                "机构",
            ]
            .iter()
            .any(|e| name.trim_end_matches(')').ends_with(e));
        name.starts_with(['省', '市', '县', '区', '镇', '乡', '各'])
            && (collective_shape || super::units::is_body_name(name))
    });
    (shaped && !parsed.named.is_empty() && parsed.rejected.is_empty())
        .then_some((start + lead, parsed))
}

/// A table cell under a role column: a unit list, or prose roles (`A牵头,B配合`).
pub fn cell(text: &str, role: Role) -> Parsed {
    let mut parsed = Parsed::default();
    let text = until_stop(text);
    if !(ROLE_WORD.is_match(text.trim_end()) && clauses(text, 0, &mut parsed)) {
        parsed = Parsed::default();
        names(text, 0, role, false, &mut parsed);
    }
    parsed
}

/// A sequence of fields: each label (found by its shape, see [`fields`]) and the value up to the
/// next label. Every piece of a value ends as a unit, a collective, a person, a deadline, a
/// remark, or a rejected piece that `check` reports.
fn labelled(inner: &str, base: usize, parsed: &mut Parsed) {
    let labels = fields::labels(inner);
    for (k, label) in labels.iter().enumerate() {
        let end = labels.get(k + 1).map_or(inner.len(), |l| l.range.start);
        let value_start = label.range.end;
        parsed
            .remarks
            .push(base + label.range.start..base + label.range.end);
        let (seg, remark) = split_stop(&inner[value_start..end]);
        if let Some(r) = remark {
            parsed
                .remarks
                .push(base + value_start + r.start..base + value_start + r.end);
        }
        let seg_base = base + value_start;
        match label.kind {
            FieldKind::Role(role) => names(seg, seg_base, role, false, parsed),
            FieldKind::Person => {
                for r in items(seg) {
                    parsed.persons.push(seg_base + r.start..seg_base + r.end);
                }
            }
            FieldKind::Deadline => {
                let value = seg.trim_end_matches([';', ',', ' ', '.']);
                let lead = value.len() - value.trim_start().len();
                let range = seg_base + lead..seg_base + value.len();
                if value.trim().is_empty() {
                    continue;
                }
                if super::deadline::is_phrase(value.trim()) {
                    parsed.deadline.get_or_insert(range);
                } else {
                    parsed.bad_deadlines.push(range);
                }
            }
            // 部门分工: prose roles after a label.
            FieldKind::Prose => {
                clauses(seg, seg_base, parsed);
            }
        }
    }
}

/// The text before the first full stop, and the remark after it (`下同`, `涉及各市的任务不再单列`).
fn split_stop(s: &str) -> (&str, Option<Range<usize>>) {
    match s.find('。') {
        Some(i) => {
            let rest = &s[i..];
            let remark = (!rest.trim_matches(['。', ' ']).is_empty()).then_some(i..s.len());
            (&s[..i], remark)
        }
        None => (s, None),
    }
}

/// The pieces of a value split on 、 , ; / and spaces (outside brackets), trimmed.
fn items(list: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in list.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '、' | ',' | ';' | '/' | ' ' if depth <= 0 => {
                out.push(start..i);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(start..list.len());
    out.into_iter()
        .filter_map(|r| {
            let raw = &list[r.clone()];
            let t = raw.trim().trim_end_matches(['。', '.']);
            (!t.is_empty()).then(|| {
                let lead = raw.len() - raw.trim_start().len();
                r.start + lead..r.start + lead + t.len()
            })
        })
        .collect()
}

/// `(县人力资源社会保障局,县民政局,县卫生健康局)`: units with no role word, each with the shape
/// of a body's name. A single name counts only at the end of a task's text.
fn bare_list(inner: &str, base: usize, at_end: bool) -> Option<Parsed> {
    let pieces = items(inner);
    let units = pieces
        .iter()
        .filter(|r| super::units::is_body_name(&inner[(*r).clone()]))
        .count();
    let collectives = pieces
        .iter()
        .filter(|r| classify(&inner[(*r).clone()]) == Kind::Collective)
        .count();
    if units == 0 || units + collectives != pieces.len() || (pieces.len() == 1 && !at_end) {
        return None;
    }
    let mut parsed = Parsed::default();
    names(inner, base, Role::Responsible, false, &mut parsed);
    Some(parsed)
}

/// Text up to the first full stop: what follows is a remark (`下同`, `涉及各市的任务不再单列`).
fn until_stop(s: &str) -> &str {
    s.find('。').map_or(s, |i| &s[..i])
}

/// `A牵头,B、C配合` / `A、B负责,排在第一位的为牵头单位,下同` / `A、B,各省级人民政府按职责分工负责`.
/// Clauses with no role word take the role of the next clause that has one. Returns whether any
/// clause carried a role.
fn clauses(text: &str, base: usize, parsed: &mut Parsed) -> bool {
    let mut pending: Vec<Range<usize>> = Vec::new();
    let mut any_role = false;
    let mut start = 0;
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for (i, c) in text.char_indices() {
        if matches!(c, ',' | ';') {
            pieces.push(start..i);
            start = i + c.len_utf8();
        }
    }
    pieces.push(start..text.len());
    for piece in pieces {
        let clause = text[piece.clone()].trim_end_matches(['。', '.', ' ']);
        if clause.trim().is_empty() {
            continue;
        }
        if LEAD_RULE.is_match(clause) || is_remark(clause) {
            parsed
                .remarks
                .push(base + piece.start..base + piece.start + clause.len());
            continue;
        }
        match ROLE_WORD.find(clause) {
            Some(m) => {
                any_role = true;
                parsed
                    .remarks
                    .push(base + piece.start + m.start()..base + piece.start + m.end());
                let (role, listed) = match m.as_str() {
                    "牵头" | "牵头负责" => (Role::Lead, false),
                    "配合" | "参与" | "协助" | "协同" => (Role::Support, false),
                    _ => (Role::Responsible, true),
                };
                for p in pending.drain(..) {
                    names(&text[p.clone()], base + p.start, role, listed, parsed);
                }
                names(
                    &clause[..m.start()],
                    base + piece.start,
                    role,
                    listed,
                    parsed,
                );
            }
            // `2025年6月底前完成`: a deadline among the clauses.
            None if super::deadline::is_phrase(clause.trim()) => {
                let lead = clause.len() - clause.trim_start().len();
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
            let lead = raw.len() - raw.trim_start().len();
            parsed
                .rejected
                .push(base + p.start + lead..base + p.start + raw.trim_end().len());
        }
    }
    any_role
}

fn is_remark(clause: &str) -> bool {
    let c = clause.trim();
    c == "下同" || c.starts_with("涉及") || c.starts_with("不再")
}

/// Splits a unit list on 、 (and stray separators, and spaces between whole names) into named
/// assignees. `各区、县级市` stays one collective: a name opening with 各 takes the 、-joined names
/// after it. A name marked `(牵头)` or `为牵头单位` leads, and the others of its list support.
fn names(list: &str, base: usize, role: Role, listed: bool, parsed: &mut Parsed) {
    let list = list.trim_end();
    let list = strip_role_tail(list);
    // `A、B等有关部门和单位`: A and B, then the collective after 等.
    let (units_part, collective_tail) = match list.find("等有关").or_else(|| list.find("等相关"))
    {
        Some(i) => (&list[..i], Some(i + "等".len())),
        None => (list, None),
    };
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in units_part.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '、' | ',' | ';' | '/' if depth <= 0 => {
                items.push(start..i);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    items.push(start..units_part.len());
    let items: Vec<Range<usize>> = items
        .into_iter()
        .flat_map(|r| split_spaces(units_part, r))
        .filter(|r| !units_part[r.clone()].trim().is_empty())
        .collect();
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in items {
        match merged.last_mut() {
            Some(last)
                if units_part[last.clone()].trim_start().starts_with('各')
                    && !is_full_name(&units_part[r.clone()])
                    && !super::deadline::is_phrase(units_part[r.clone()].trim()) =>
            {
                last.end = r.end;
            }
            _ => merged.push(r),
        }
    }
    if let Some(t) = collective_tail {
        merged.push(t..list.len());
    }
    let first_named = parsed.named.len();
    let mut marked_lead = false;
    for r in merged {
        let raw = &list[r.clone()];
        let lead = raw.len() - raw.trim_start().len();
        let name = raw
            .trim()
            .trim_end_matches(['。', '.'])
            .trim_end_matches('等')
            .trim_end();
        let at = base + r.start + lead;
        // A closing 等 or full stop is read, not part of the name.
        if name.len() < raw.trim().len() {
            parsed.remarks.push(at + name.len()..at + raw.trim().len());
        }
        if name.is_empty() {
            continue;
        }
        // `X(牵头)`, `X为牵头单位`: a role marker inside a list.
        if let Some(unit) = LEAD_MARKS.iter().find_map(|m| name.strip_suffix(m)) {
            let before = parsed.named.len();
            record(parsed, unit, at, Role::Lead, listed, true);
            if parsed.named.len() > before {
                marked_lead = true;
                parsed.remarks.push(at + unit.len()..at + name.len());
                continue;
            }
        }
        // `省发展改革委(省能源局)`: the body and the one it names in brackets are both units;
        // `各镇(街道)` is one collective.
        if let Some(open) = name.find('(')
            && name.ends_with(')')
            && classify(&name[open + 1..name.len() - 1]) == Kind::Unit
        {
            let outer = &name[..open];
            let inside = &name[open + 1..name.len() - 1];
            record(parsed, outer, at, role, listed, true);
            record(parsed, inside, at + open + 1, role, listed, false);
            continue;
        }
        record(parsed, name, at, role, listed, true);
    }
    if marked_lead {
        for n in parsed.named.iter_mut().skip(first_named) {
            if n.role != Role::Lead {
                n.role = Role::Support;
            }
        }
    }
}

/// Markers after a name that make it the lead of its list.
const LEAD_MARKS: &[&str] = &[
    "(牵头)",
    "(牵头单位)",
    "(牵头部门)",
    "为牵头单位",
    "为牵头部门",
    "为牵头",
];

/// `县教育局 县住房城乡建设局`: names separated by spaces are split when every part is a name or
/// a deadline on its own; `市 民政局` stays one name.
fn split_spaces(list: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let s = &list[r.clone()];
    if !s.trim().contains(' ') {
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
    parts.retain(|p| !list[p.clone()].trim().is_empty());
    let whole = parts.iter().all(|p| {
        let t = list[p.clone()].trim();
        matches!(classify(t), Kind::Unit | Kind::Collective)
            || super::deadline::is_phrase(t)
            || LEAD_MARKS.iter().any(|m| t.ends_with(m))
    });
    if whole { parts } else { vec![r] }
}

/// Records `name` (at byte `at`) as an assignee if it is a unit or a collective; a person, a
/// deadline phrase or a remark is kept as such, and anything else is noted as rejected when
/// `report` is set.
fn record(parsed: &mut Parsed, name: &str, at: usize, role: Role, listed: bool, report: bool) {
    let range = at..at + name.len();
    let collective = match classify(name) {
        Kind::Unit => false,
        Kind::Collective => true,
        Kind::Person => {
            parsed.persons.push(range);
            return;
        }
        Kind::NotUnit => {
            if super::deadline::is_phrase(name) {
                parsed.deadline.get_or_insert(range);
            } else if LEAD_RULE.is_match(name) || is_remark(name) {
                parsed.remarks.push(range);
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
fn is_full_name(s: &str) -> bool {
    let s = s.trim();
    s.starts_with('各') || (s.chars().count() >= 4 && classify(s) == Kind::Unit)
}

/// `各市政府按职责分工负责` inside a labelled list: the role words are not part of the name.
fn strip_role_tail(s: &str) -> &str {
    for tail in [
        "按职责分工负责",
        "按职责负责",
        "分工负责",
        "牵头负责",
        "负责",
        "牵头",
        "配合",
    ] {
        if let Some(x) = s.strip_suffix(tail) {
            return x;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lines::fold;

    /// The assignees of every annotation in a line, as `name:role` (collectives marked `*`).
    fn read(line: &str) -> Vec<String> {
        let norm = fold(line);
        groups(&norm)
            .iter()
            .filter_map(|g| match parse(&norm, g) {
                Reading::Annotation(p) => Some(p.named),
                _ => None,
            })
            .flatten()
            .map(|n| {
                let role = match n.role {
                    Role::Lead => "L",
                    Role::Support => "S",
                    Role::Responsible => "R",
                    Role::DataProvider => "D",
                };
                let star = if n.collective { "*" } else { "" };
                let listed = if n.listed { "+" } else { "" };
                format!("{}{star}:{role}{listed}", &norm[n.range])
            })
            .collect()
    }

    fn reading(line: &str) -> Reading {
        let norm = fold(line);
        let g = groups(&norm);
        g.last().map_or(Reading::Text, |g| parse(&norm, g))
    }

    #[test]
    fn responsible_list() {
        assert_eq!(
            read("鼓励专科医院集群发展。(责任单位:市卫生健康委、市发展改革委、市自然资源和规划局)"),
            ["市卫生健康委:R", "市发展改革委:R", "市自然资源和规划局:R"]
        );
    }

    #[test]
    fn lead_only_full_width() {
        assert_eq!(read("加快人才集聚。（牵头单位：市人社局）"), ["市人社局:L"]);
    }

    #[test]
    fn lead_and_support_split_by_semicolon() {
        assert_eq!(
            read("(牵头单位:省科技厅、省工业和信息化厅、省药监局;配合单位:省卫生健康委)"),
            [
                "省科技厅:L",
                "省工业和信息化厅:L",
                "省药监局:L",
                "省卫生健康委:S"
            ]
        );
    }

    #[test]
    fn lead_and_support_split_by_comma_in_traditional() {
        assert_eq!(
            read("(牽頭單位:省民政廳,配合單位:省發展改革委、省財政廳)"),
            ["省民政厅:L", "省发展改革委:S", "省财政厅:S"]
        );
    }

    #[test]
    fn three_labelled_roles() {
        assert_eq!(
            read("(牵头单位:市农业农村局;责任单位:市林业局;数据提供单位:市统计局)"),
            ["市农业农村局:L", "市林业局:R", "市统计局:D"]
        );
    }

    #[test]
    fn collectives_after_a_comma_stay_whole() {
        assert_eq!(
            read(
                "（牵头单位：市发展改革委，配合单位：市委组织部、市人力资源和社会保障局，各区、县级市）"
            ),
            [
                "市发展改革委:L",
                "市委组织部:S",
                "市人力资源和社会保障局:S",
                "各区、县级市*:S"
            ]
        );
        assert_eq!(
            read("（牵头单位：市委组织部，配合单位：市编办、各有关单位，各区、县级市）"),
            [
                "市委组织部:L",
                "市编办:S",
                "各有关单位*:S",
                "各区、县级市*:S"
            ]
        );
    }

    #[test]
    fn square_brackets_with_nested_parentheses_and_a_remark() {
        assert_eq!(
            read(
                "〔责任单位：省发展改革委（省能源局）、省商务厅，各市政府按职责分工负责。涉及各市的任务不再单列，下同。〕"
            ),
            ["省发展改革委:R", "省能源局:R", "省商务厅:R", "各市政府*:R"]
        );
    }

    #[test]
    fn lists_ending_in_fuze_with_a_lead_rule() {
        let norm = fold("（商务部、财政部、海关总署负责，排在第一位的为牵头单位，下同）");
        let g = &groups(&norm)[0];
        let Reading::Annotation(p) = parse(&norm, g) else {
            panic!("annotation expected")
        };
        assert!(p.lead_rule);
        assert_eq!(
            read("（商务部、财政部、海关总署负责，排在第一位的为牵头单位，下同）"),
            ["商务部:R+", "财政部:R+", "海关总署:R+"]
        );
        assert_eq!(
            read("（农业农村部、工业和信息化部等负责。列第一位者为牵头单位，下同）"),
            ["农业农村部:R+", "工业和信息化部:R+"]
        );
        assert_eq!(
            read("（农业农村部、工业和信息化部牵头负责）"),
            ["农业农村部:L", "工业和信息化部:L"]
        );
    }

    #[test]
    fn collectives_in_fuze_lists() {
        assert_eq!(
            read("（人力资源社会保障部等有关部门和单位负责）"),
            ["人力资源社会保障部:R+", "有关部门和单位*:R+"]
        );
        assert_eq!(
            read("（人力资源社会保障部、财政部、税务总局，各省级人民政府按职责分工负责）"),
            [
                "人力资源社会保障部:R+",
                "财政部:R+",
                "税务总局:R+",
                "各省级人民政府*:R+"
            ]
        );
        assert_eq!(
            read("（各有关部门和单位，各省级人民政府按职责分工负责）"),
            ["各有关部门和单位*:R+", "各省级人民政府*:R+"]
        );
    }

    #[test]
    fn prose_roles() {
        assert_eq!(
            read("（市卫生健康委牵头，市医保局配合）"),
            ["市卫生健康委:L", "市医保局:S"]
        );
        assert_eq!(
            read("（市政府办公室牵头，市级各有关部门按职责分工负责）"),
            ["市政府办公室:L", "市级各有关部门*:R+"]
        );
    }

    #[test]
    fn ordinary_parentheses_name_no_units() {
        for line in [
            "支持具备条件的县(市、区)、功能区规划建设",
            "推进泰山山泉水(矿泉水)综合开发利用",
            "加强中医药综合服务区(国医堂、中医馆)建设",
            "推进国家健康医疗大数据中心(北方)建设",
            "实施养老服务人才培训提升行动(2020-2022年)",
            "设立老年醫學科(老年病專業)的比例",
            "技術負責人(不含各級黨委管理的領導干部)納入",
            "《行动计划》(以下简称《行动计划》)随之公布",
            "管理办法（试行）",
            "（以下简称“一网通办”）",
            "职业院校（含技工院校）",
            "建立由政府负责人牵头的工作机制（由政府负责人牵头）",
        ] {
            assert_eq!(read(line), Vec::<String>::new(), "{line}");
        }
    }

    #[test]
    fn role_words_around_no_unit_are_unclear_not_invented() {
        assert_eq!(reading("（按职责分工负责）"), Reading::Unclear);
        assert_eq!(reading("（责任单位：待定）"), Reading::Unclear);
    }

    /// The characters of an annotation's inside that no reading accounts for: not a label, a
    /// unit, a person, a deadline, a remark or a reported piece (separators aside).
    fn unaccounted(line: &str) -> String {
        let norm = fold(line);
        let g = groups(&norm).pop().expect("a group");
        let p = match parse(&norm, &g) {
            Reading::Annotation(p) => p,
            other => panic!("{line}: {other:?}"),
        };
        let covered: Vec<Range<usize>> = p
            .named
            .iter()
            .map(|n| n.range.clone())
            .chain(p.persons.iter().cloned())
            .chain(p.deadline.iter().cloned())
            .chain(p.bad_deadlines.iter().cloned())
            .chain(p.rejected.iter().cloned())
            .chain(p.remarks.iter().cloned())
            .collect();
        norm[g.inner.clone()]
            .char_indices()
            .map(|(i, c)| (g.inner.start + i, c))
            .filter(|(i, c)| !"、,;: .()".contains(*c) && !covered.iter().any(|r| r.contains(i)))
            .map(|(_, c)| c)
            .collect()
    }

    #[test]
    fn nothing_in_an_annotation_is_dropped_unreported() {
        for line in [
            "（责任单位：市行政审批服务局（牵头）、市市场监管局、市公安局；完成时限：2024年6月底前）",
            "（牵头单位：市政务服务管理局；配合单位：各县（市、区）人民政府；时间节点：2024年12月）",
            "（牵头领导：张某某；牵头单位：市商务局；配合单位：市税务局、海关）",
            "（牵头单位：县卫生健康局 配合单位：县教育局 县住房城乡建设局）",
            "（县人力资源社会保障局，县民政局，县卫生健康局）",
            "（责任单位：县财政局　完成时间：2023年底）",
            "（责任单位：县自然资源局；2023年起每年）",
            "（商务部、国家发展改革委、财政部负责，排在第一位的为牵头单位，下同）",
            "（牵头单位:省大数据局;配合单位:省直各有关单位;持续推进）",
            "（责任单位：县财政局、明年再议；完成时限：待定）",
            "（农业农村部、工业和信息化部等负责。列第一位者为牵头单位，下同）",
            "（责任单位：李某同志、县民政局为牵头单位、县残联）",
            "（市发改委牵头，市财政局、市自然资源局配合；2025年6月底前完成）",
        ] {
            assert_eq!(unaccounted(line), "", "{line}");
        }
    }

    #[test]
    fn people_deadlines_and_markers_in_fields() {
        let norm = fold("（牵头领导：张某某；责任单位：县财政局、李某同志；完成时限：待定）");
        let Reading::Annotation(p) = parse(&norm, &groups(&norm)[0]) else {
            panic!("annotation expected")
        };
        let quote = |r: &Range<usize>| norm[r.clone()].to_string();
        assert_eq!(
            p.persons.iter().map(quote).collect::<Vec<_>>(),
            ["张某某", "李某同志"]
        );
        assert_eq!(
            p.bad_deadlines.iter().map(quote).collect::<Vec<_>>(),
            ["待定"]
        );
        assert_eq!(
            read("（责任单位：县行政审批服务局（牵头）、县市场监管局）"),
            ["县行政审批服务局:L", "县市场监管局:S"]
        );
        assert_eq!(
            read("（县人力资源社会保障局，县民政局）"),
            ["县人力资源社会保障局:R", "县民政局:R"]
        );
    }

    #[test]
    fn prose_roles_closing_a_paragraph() {
        let text = fold("推进农村电商。县商务局牵头，县邮政分公司、县供销社配合。");
        let (at, p) = prose_sentence(&text).expect("prose roles");
        assert_eq!(&text[at..], "县商务局牵头,县邮政分公司、县供销社配合。");
        let names: Vec<&str> = p.named.iter().map(|n| &text[n.range.clone()]).collect();
        assert_eq!(names, ["县商务局", "县邮政分公司", "县供销社"]);
        for running in [
            "完善机制。由县政府牵头,各部门配合。",
            "加强考核。各地要按职责分工负责。",
            "建立由政府负责人牵头的工作机制。",
        ] {
            assert_eq!(
                prose_sentence(&fold(running)).map(|x| x.0),
                None,
                "{running}"
            );
        }
    }

    #[test]
    fn nested_groups_stay_whole() {
        let norm = fold("甲(乙(丙)丁)戊(己");
        let g = groups(&norm);
        assert_eq!(g.len(), 2);
        assert_eq!(&norm[g[0].inner.clone()], "乙(丙)丁");
        assert_eq!(&norm[g[1].inner.clone()], "己");
    }
}
