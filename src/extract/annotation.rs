//! Annotations: the bracketed notes that name who carries a task out.
//!
//! Everything here works on the folded form of a line (see [`super::lines`]) and returns byte
//! ranges into it, so the caller can quote each unit as the document spells it.

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

/// One unit named by an annotation, as a range of the folded text, with its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub range: Range<usize>,
    pub role: Role,
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
                let end = i + c.len_utf8();
                out.push(Group {
                    outer: start..end,
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

/// The role labels, longest first so that 牵头责任单位 is not read as 责任单位.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(牵头责任单位|牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门)\s*:")
        .expect("static label pattern")
});

pub fn role_of_label(label: &str) -> Option<Role> {
    match label {
        "牵头单位" | "牵头部门" | "牵头责任单位" => Some(Role::Lead),
        "责任单位" | "责任部门" => Some(Role::Responsible),
        "配合单位" | "配合部门" => Some(Role::Support),
        _ => None,
    }
}

/// Reads a group as an annotation; `None` when it is ordinary text in brackets such as
/// `(市、区)` or `(2020-2022年)`: only a group that opens with a role label names units.
pub fn parse(norm: &str, group: &Group) -> Option<Vec<Named>> {
    let inner = &norm[group.inner.clone()];
    let first = LABEL.find(inner)?;
    if !inner[..first.start()].trim().is_empty() {
        return None;
    }
    let labels: Vec<_> = LABEL.captures_iter(inner).collect();
    let mut out = Vec::new();
    for (k, cap) in labels.iter().enumerate() {
        let (Some(whole), Some(label)) = (cap.get(0), cap.get(1)) else {
            continue;
        };
        let Some(role) = role_of_label(label.as_str()) else {
            continue;
        };
        let seg_end = labels
            .get(k + 1)
            .and_then(|c| c.get(0))
            .map_or(inner.len(), |m| m.start());
        let base = group.inner.start + whole.end();
        for r in split_units(&inner[whole.end()..seg_end]) {
            out.push(Named {
                range: base + r.start..base + r.end,
                role,
            });
        }
    }
    Some(out)
}

/// Splits a unit list on 、 and commas, trimming separators, spaces and a closing 等.
fn split_units(seg: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |out: &mut Vec<Range<usize>>, s: usize, e: usize| {
        let piece = &seg[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim().trim_end_matches(['。', '.', ';']).trim_end();
        if !trimmed.is_empty() {
            out.push(s + lead..s + lead + trimmed.len());
        }
    };
    for (i, c) in seg.char_indices() {
        if matches!(c, '、' | ',' | ';') {
            push(&mut out, start, i);
            start = i + c.len_utf8();
        }
    }
    push(&mut out, start, seg.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lines::fold;

    /// The units and roles of every annotation in a line, as text.
    fn read(line: &str) -> Vec<(String, Role)> {
        let norm = fold(line);
        groups(&norm)
            .iter()
            .filter_map(|g| parse(&norm, g))
            .flatten()
            .map(|n| (norm[n.range].to_string(), n.role))
            .collect()
    }

    fn units(list: &[(&str, Role)]) -> Vec<(String, Role)> {
        list.iter().map(|(u, r)| (u.to_string(), *r)).collect()
    }

    #[test]
    fn responsible_list() {
        assert_eq!(
            read("鼓励专科医院集群发展。(责任单位:市卫生健康委、市发展改革委、市自然资源和规划局)"),
            units(&[
                ("市卫生健康委", Role::Responsible),
                ("市发展改革委", Role::Responsible),
                ("市自然资源和规划局", Role::Responsible),
            ])
        );
    }

    #[test]
    fn lead_only_full_width() {
        assert_eq!(
            read("加快人才集聚。（牵头单位：市人社局）"),
            units(&[("市人社局", Role::Lead)])
        );
    }

    #[test]
    fn lead_and_support_split_by_semicolon() {
        assert_eq!(
            read("(牵头单位:省科技厅、省工业和信息化厅、省药监局;配合单位:省卫生健康委)"),
            units(&[
                ("省科技厅", Role::Lead),
                ("省工业和信息化厅", Role::Lead),
                ("省药监局", Role::Lead),
                ("省卫生健康委", Role::Support),
            ])
        );
    }

    #[test]
    fn lead_and_support_split_by_comma_in_traditional() {
        assert_eq!(
            read("(牽頭單位:省民政廳,配合單位:省發展改革委、省財政廳)"),
            units(&[
                ("省民政厅", Role::Lead),
                ("省发展改革委", Role::Support),
                ("省财政厅", Role::Support),
            ])
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
        ] {
            assert_eq!(read(line), vec![], "{line}");
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
