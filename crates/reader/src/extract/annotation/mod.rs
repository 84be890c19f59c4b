//! Annotations: the notes that name who carries a task out, in every form the genre uses.
//!
//! - labelled roles: `(牵头单位:A;配合单位:B、C)`, also in `〔…〕` with a remark after `。`;
//! - unit lists ending in 负责: `(A、B负责,排在第一位的为牵头单位,下同)`, lists ending in 等;
//! - prose roles: `(A牵头,B配合)`, `(A牵头,市级各有关部门按职责分工负责)`;
//! - labelled lines under a task (`牵头单位:A`), read with [`labelled_segment`].
//!
//! Everything works on the folded form of a line (see [`super::lines`]) and returns byte ranges
//! into it, so the caller can quote each unit as the document spells it.

mod clauses;
mod group;
#[cfg(test)]
mod group_labels_tests;
mod labels;
mod names;
mod reading;
mod words;

pub use group::{Group, groups};
pub use labels::labelled_segment;
pub use reading::{Named, Parsed, Reading};

use super::fields;
use super::units::{Kind, classify};
use crate::model::Role;
use crate::text::{holds, holds_word, trim_end, trim_start};
use clauses::{clauses, split_stop, until_stop};
use labels::labelled;
use names::{items, names};
use words::{LEAD_RULE, ROLE_HINTS, role_word};

/// Reads a group. Only a group whose structure assigns roles counts as an annotation.
/// `may_square`: whether `norm` may hold square brackets (see [`groups`]).
pub fn parse(norm: &str, group: &Group, may_square: bool) -> Reading {
    let labels = fields::labels(&norm[group.inner.clone()], may_square);
    parse_labelled(norm, group, &labels)
}

/// [`parse`], given the labels of the group's inside (`fields::labels(inside, …)`), as the
/// scan of its line for labels outside brackets found them on the way.
pub fn parse_labelled(norm: &str, group: &Group, labels: &[fields::Label]) -> Reading {
    let inner = &norm[group.inner.clone()];
    let base = group.inner.start;
    let mut parsed = Parsed {
        // Every wording of the rule holds 为: an inside without one is spared the pattern.
        lead_rule: holds(inner, '为') && LEAD_RULE.is_match(inner),
        ..Parsed::default()
    };
    let mut found = match labels.first() {
        Some(first) if inner[..first.range.start].trim().is_empty() => {
            labelled(inner, labels, base, &mut parsed);
            true
        }
        _ => {
            let (said, remark) = split_stop(inner);
            if let Some(r) = remark {
                parsed.remark(base + r.start..base + r.end);
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
    } else if (found || parsed.lead_rule) && ROLE_HINTS.iter().any(|h| holds_word(inner, h)) {
        Reading::Unclear
    } else {
        Reading::Text
    }
}

/// A last sentence of prose roles trailing a task's text, with no brackets:
/// `县商务局牵头，县邮政分公司、县供销社配合。` Taken only when every name in it has the shape of
/// a body's name with its level (县…, 省…, 各…), so running text (`由县政府牵头`) stays text.
/// Returns where the sentence starts (in `text`) and what it says.
pub fn prose_sentence(text: &str) -> Option<(usize, Parsed)> {
    let body = trim_end(text).trim_end_matches(['。', '.', ';']);
    // A paragraph closing on a bracket or a colon (most close on their annotation) has it in
    // its last sentence, which is then no prose (see below): it is not looked for.
    if body.ends_with(['(', ')', '[', ']', ':']) {
        return None;
    }
    let mut start = body.rfind('。').map_or(0, |i| i + '。'.len_utf8());
    // `由市工信局、市科技局负责组织实施。`: the names follow 由 when they carry out the task;
    // `由县政府牵头,各部门配合` stays running text, as it describes a mechanism.
    let opening = body[start..].len() - trim_start(&body[start..]).len();
    if body[start + opening..].starts_with('由')
        && ["组织实施", "负责实施", "负责落实"]
            .iter()
            .any(|v| body.ends_with(v))
    {
        start += opening + '由'.len_utf8();
    }
    let sentence = &body[start..];
    if sentence.trim().is_empty() || sentence.contains(['(', ')', '[', ']', ':']) {
        return None;
    }
    let lead = sentence.len() - trim_start(sentence).len();
    let mut parsed = Parsed::default();
    if role_word(trim_end(sentence)).is_none() || !clauses(sentence, start, &mut parsed) {
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
    if !(role_word(trim_end(text)).is_some() && clauses(text, 0, &mut parsed)) {
        parsed = Parsed::default();
        names(text, 0, role, false, &mut parsed);
    }
    parsed
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lines::fold;
    use std::ops::Range;

    /// The assignees of every annotation in a line, as `name:role` (collectives marked `*`).
    fn read(line: &str) -> Vec<String> {
        let norm = fold(line);
        groups(&norm, true)
            .filter_map(|g| match parse(&norm, &g, true) {
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
        let g = groups(&norm, true).last();
        g.map_or(Reading::Text, |g| parse(&norm, &g, true))
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
        let g = &groups(&norm, true).next().expect("a group");
        let Reading::Annotation(p) = parse(&norm, g, true) else {
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

    /// Forms of the real corpus (tests/real/): `等和` before a collective, `会同`, closing
    /// phrases beyond 负责, a lead and others `等按职责分工负责`.
    #[test]
    fn real_closing_phrases_and_lead_with_others() {
        assert_eq!(
            read("（扶贫办、全国总工会、共青团中央、全国妇联等和各省级人民政府负责）"),
            [
                "扶贫办:R+",
                "全国总工会:R+",
                "共青团中央:R+",
                "全国妇联:R+",
                "各省级人民政府*:R+"
            ]
        );
        assert_eq!(
            read("（国家发展改革委、财政部会同有关部门负责）"),
            ["国家发展改革委:L", "财政部:L", "有关部门*:S"]
        );
        assert_eq!(
            read("（市商务局、市财政局分别负责）"),
            ["市商务局:R+", "市财政局:R+"]
        );
        assert_eq!(
            read("（区民政局、区财政局共同负责）"),
            ["区民政局:R+", "区财政局:R+"]
        );
        assert_eq!(
            read("（区财政局、各镇人民政府按职责分工落实）"),
            ["区财政局:R+", "各镇人民政府*:R+"]
        );
        assert_eq!(
            read("（区发改局牵头，区财政局、区审计局等按职责分工负责）"),
            ["区发改局:L", "区财政局:R+", "区审计局:R+"]
        );
    }

    /// Bodies that are not 局/委/厅: people's organisations, courts, customs, bank branches.
    #[test]
    fn units_beyond_bureaus() {
        assert_eq!(
            read(
                "（责任单位：共青团市委、市妇联、市总工会、市科协、市残联、市中级人民法院、市人民检察院、黄埔海关、人民银行某市中心支行、人行某县支行、市供销社、开发区管委会）"
            ),
            [
                "共青团市委:R",
                "市妇联:R",
                "市总工会:R",
                "市科协:R",
                "市残联:R",
                "市中级人民法院:R",
                "市人民检察院:R",
                "黄埔海关:R",
                "人民银行某市中心支行:R",
                "人行某县支行:R",
                "市供销社:R",
                "开发区管委会:R"
            ]
        );
    }

    /// Forms of published district plans: a leading group's office leads, `A等部门，B配合`
    /// keeps A, and 各乡镇人民政府（街道办事处） is one collective.
    #[test]
    fn group_offices_units_before_deng_bumen_and_a_bracketed_collective() {
        assert_eq!(
            read(
                "（区政务服务局、区改革工作领导小组办公室牵头，区水务局等部门，区国投公司、各街道办事处配合）"
            ),
            [
                "区政务服务局:L",
                "区改革工作领导小组办公室:L",
                "区水务局:S",
                "区国投公司:S",
                "各街道办事处*:S"
            ]
        );
        assert_eq!(
            read("（责任单位：各乡镇人民政府（街道办事处））"),
            ["各乡镇人民政府(街道办事处)*:R"]
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
        let g = groups(&norm, true).last().expect("a group");
        let p = match parse(&norm, &g, true) {
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
        let Reading::Annotation(p) =
            parse(&norm, &groups(&norm, true).next().expect("a group"), true)
        else {
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
        let text = fold("推广工业互联网。由市工业和信息化局、市科技局负责组织实施。");
        let (at, p) = prose_sentence(&text).expect("由 … 负责组织实施");
        assert_eq!(&text[at..], "市工业和信息化局、市科技局负责组织实施。");
        assert_eq!(p.named.len(), 2);
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
}
