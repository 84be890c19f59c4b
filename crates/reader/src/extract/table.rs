//! Task-division tables (任务分工表) copied out of a spreadsheet or a web page: rows flattened
//! with tabs or ` | `, aligned with spaces, or one cell per line (a web page's table copied as
//! text); a header naming the columns, empty cells, and merged-cell rows that group tasks.

use super::lines::{Aligned, Line};
use crate::model::Role;

mod per_line;
use per_line::one_cell_per_line;
mod spaced;
use spaced::space_aligned;

/// One table: its rows and which plan lines it covers.
#[derive(Debug, Clone)]
pub struct Table {
    /// 1-based position among the plan's tables, for task ids.
    pub ordinal: usize,
    /// Indices into the plan's lines, header included.
    pub lines: Vec<usize>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub line_no: usize,
    pub number: String,
    /// The task cell, as an aligned text.
    pub task: Aligned,
    pub roles: Vec<(Role, Aligned)>,
    pub deadline: Option<Aligned>,
    /// The merged-cell row above, if any (`一、产业发展`).
    pub group: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Number,
    Task,
    Role(Role),
    /// A column of supporting or responsible units, by whether the row names a lead.
    Shared,
    Deadline,
    Other,
}

impl Row {
    /// A shared column's units support the row's lead, or are responsible when no lead cell is
    /// filled (an empty lead cell leaves the task to them).
    fn settle_shared(mut self, shared: Vec<Aligned>) -> Row {
        let led = self
            .roles
            .iter()
            .any(|(r, t)| *r == Role::Lead && !t.is_blank());
        let role = if led {
            Role::Support
        } else {
            Role::Responsible
        };
        self.roles.extend(shared.into_iter().map(|t| (role, t)));
        self
    }
}

pub(super) fn column(header: &str) -> Column {
    // Most cells hold no whitespace: they are read as they stand, not copied without it.
    if !crate::text::has_whitespace(header) {
        return column_named(header);
    }
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    column_named(&h)
}

/// The column a header cell names, its whitespace taken out.
fn column_named(h: &str) -> Column {
    match h {
        "序号" | "编号" | "序" => Column::Number,
        "牵头单位" | "牵头部门" | "牵头责任单位" => Column::Role(Role::Lead),
        "责任单位" | "责任部门" | "主体责任单位" => Column::Role(Role::Responsible),
        "配合单位" | "配合部门" | "参与单位" | "协助单位" | "协同单位" | "协同责任单位" => {
            Column::Role(Role::Support)
        }
        "牵头科室" => Column::Role(Role::Lead),
        "责任科室" | "责任站所" => Column::Role(Role::Responsible),
        "配合科室" => Column::Role(Role::Support),
        "数据提供单位" => Column::Role(Role::DataProvider),
        // One column for both (`配合/责任单位`): supporting where a row names a lead, else
        // responsible (see [`Row::settle_shared`]).
        "配合/责任单位"
        | "配合(责任)单位"
        | "责任/配合单位"
        | "配合单位/责任单位"
        | "责任(配合)单位" => Column::Shared,
        "完成时限" | "完成时间" | "时间节点" | "时限" | "时限要求" => {
            Column::Deadline
        }
        _ if crate::text::holds_word(h, "任务")
            || matches!(
                h,
                "工作内容" | "具体措施" | "工作措施" | "重点工作" | "主要工作" | "工作事项"
            ) =>
        {
            Column::Task
        }
        _ => Column::Other,
    }
}

/// Splits a folded line into cells on tabs or `|`, with the byte range of each cell.
fn cells(norm: &str) -> Option<Vec<std::ops::Range<usize>>> {
    // The memchr crate's vector search: every body line is asked, most of them holding neither.
    let sep = if memchr::memchr(b'\t', norm.as_bytes()).is_some() {
        b'\t'
    } else if memchr::memchr(b'|', norm.as_bytes()).is_some() {
        b'|'
    } else {
        return None;
    };
    let mut out = Vec::new();
    let mut start = 0;
    // An ASCII byte is a character of its own: the separators are found by a search, where
    // decoding the row's characters cost 580 instructions a row.
    for i in memchr::memchr_iter(sep, norm.as_bytes()) {
        out.push(start..i);
        start = i + 1;
    }
    out.push(start..norm.len());
    // `| a | b |` has empty cells at both ends that are not columns.
    if sep == b'|' {
        if out
            .first()
            .is_some_and(|r| norm[r.clone()].trim().is_empty())
        {
            out.remove(0);
        }
        if out
            .last()
            .is_some_and(|r| norm[r.clone()].trim().is_empty())
        {
            out.pop();
        }
    }
    Some(out)
}

fn cell_text(line: &Line, r: &std::ops::Range<usize>) -> Aligned {
    line.text.trimmed_from(r.clone())
}

/// Every table in a plan's lines: a header with a task column and a role column, then rows
/// until a line that is not a row.
pub fn find(lines: &[Line]) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if is_prose(&lines[i]) {
            i += 1;
            continue;
        }
        if let Some((table, next)) = one_cell_per_line(lines, i, tables.len() + 1)
            .or_else(|| space_aligned(lines, i, tables.len() + 1))
        {
            tables.push(table);
            i = next;
            continue;
        }
        if let Some(next) = per_line::past_a_long_run(lines, i) {
            i = next;
            continue;
        }
        let Some(head) = cells(&lines[i].norm) else {
            i += 1;
            continue;
        };
        let cols: Vec<Column> = head
            .iter()
            .map(|r| column(&lines[i].norm[r.clone()]))
            .collect();
        if !has_task_and_role(&cols) {
            i += 1;
            continue;
        }
        let mut table = Table {
            ordinal: tables.len() + 1,
            lines: vec![i],
            rows: Vec::new(),
        };
        let mut group: Option<String> = None;
        let mut j = i + 1;
        while j < lines.len() {
            let line = &lines[j];
            if line.is_blank() {
                // A blank line inside a table is common in copies; a second one ends it.
                if lines
                    .get(j + 1)
                    .is_none_or(|l| l.is_blank() || cells(&l.norm).is_none())
                {
                    break;
                }
                table.lines.push(j);
                j += 1;
                continue;
            }
            let Some(row) = cells(&line.norm) else {
                // `一、教育`: a group heading typed on a line of its own, not as a merged cell;
                // only with a row right under it (`三、保障措施` after a table is a section).
                if line.mark().is_some_and(|m| m.depth <= 2)
                    && line.norm.trim().chars().count() <= 30
                    && !line.norm.contains('。')
                    && lines.get(j + 1).is_some_and(|l| {
                        cells(&l.norm).is_some_and(|c| c.len() > 1) && !is_header(&l.norm)
                    })
                {
                    group = Some(line.orig.trim().to_string());
                    table.lines.push(j);
                    j += 1;
                    continue;
                }
                break;
            };
            // The header again: a new table (under a new heading, or the same table's header
            // repeated on a new page), read from its own header.
            if is_header(&line.norm) {
                break;
            }
            table.lines.push(j);
            let filled: Vec<&std::ops::Range<usize>> = row
                .iter()
                .filter(|r| !crate::text::trim(&line.norm[(*r).clone()]).is_empty())
                .collect();
            if filled.len() == 1 {
                // A merged-cell row: a group heading for the rows under it.
                group = filled.first().map(|r| cell_text(line, r).orig);
                j += 1;
                continue;
            }
            let placed: Vec<(Column, Aligned)> = row
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let col = cols.get(k).copied().unwrap_or(Column::Other);
                    (col, cell_text(line, r))
                })
                .collect();
            let out = row_of(line.no, placed, &group);
            if !out.task.is_blank() {
                table.rows.push(out);
            }
            j += 1;
        }
        i = j;
        tables.push(table);
    }
    tables
}

/// A line no table starts at, told by one search over it: no tab, bar or space (no cells, not
/// a row aligned with spaces) and too long to name a column (so no header of one cell per
/// line). Most lines of a plan are its text, and each of the readers of a table measured
/// them again: five searches over every line and its trimming, twice.
fn is_prose(line: &Line) -> bool {
    let n = &line.norm;
    memchr::memchr3(b'\t', b'|', b' ', n.as_bytes()).is_none() && crate::text::trim(n).len() > 32
}

/// Whether a line is a tab- or `|`-separated table header with a task and a role column.
pub(super) fn is_header(norm: &str) -> bool {
    // As `has_task_and_role` over the cells' columns, with no list of them made: every row of
    // a table is asked. A task column's name holds 务 (任务), 作 (工作…) or 施 (具体措施), white
    // space taken out or not: a row without any is no header, and its cells are not named.
    if !['务', '作', '施']
        .iter()
        .any(|&c| crate::text::holds(norm, c))
    {
        return false;
    }
    cells(norm).is_some_and(|head| {
        let (mut task, mut role) = (false, false);
        for r in head {
            match column(&norm[r]) {
                Column::Task => task = true,
                Column::Role(_) | Column::Shared => role = true,
                _ => {}
            }
        }
        task && role
    })
}

pub(super) fn has_task_and_role(cols: &[Column]) -> bool {
    cols.contains(&Column::Task)
        && cols
            .iter()
            .any(|c| matches!(c, Column::Role(_) | Column::Shared))
}

/// A row from its cells, each under its column.
pub(super) fn row_of(line_no: usize, cells: Vec<(Column, Aligned)>, group: &Option<String>) -> Row {
    let mut out = Row {
        line_no,
        number: String::new(),
        task: Aligned::default(),
        roles: Vec::new(),
        deadline: None,
        group: group.clone(),
    };
    let mut shared = Vec::new();
    for (col, text) in cells {
        match col {
            Column::Number => out.number = text.orig,
            // The first task column is the task (重点工作), a later one (攻坚目标任务) its detail.
            Column::Task if out.task.is_blank() => out.task = text,
            Column::Role(role) => out.roles.push((role, text)),
            Column::Shared => shared.push(text),
            Column::Deadline if !text.is_blank() => out.deadline = Some(text),
            _ => {}
        }
    }
    out.settle_shared(shared)
}

impl Table {
    /// The heading of the top-level section the table sits in (`二、重点任务`), Simplified.
    pub fn section_before(&self, lines: &[Line]) -> Option<String> {
        let first = *self.lines.first()?;
        lines[..first].iter().rev().find_map(|l| {
            let m = l.mark()?;
            (m.depth == 1).then(|| super::lines::simplify(l.orig.trim()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::extract::lines::numbered as lines;

    #[test]
    fn tab_and_pipe_tables_with_empty_cells_and_groups() {
        let ls = lines(&[
            "序号\t重点任务\t牵头单位\t配合单位\t完成时限",
            "\t一、产业发展\t\t\t",
            "1\t建设产业园。\t区发改局\t区财政局、区自然资源局\t2023年6月底前",
            "2\t培育龙头企业。\t区工信局\t\t长期坚持",
            "",
            "其他正文。",
        ]);
        let t = find(&ls);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        let r = &t[0].rows[0];
        assert_eq!(
            (r.number.as_str(), r.task.orig.as_str()),
            ("1", "建设产业园。")
        );
        assert_eq!(r.group.as_deref(), Some("一、产业发展"));
        assert_eq!(r.roles[1].1.orig, "区财政局、区自然资源局");
        assert_eq!(t[0].rows[1].roles[1].1.orig, "");
        assert_eq!(
            t[0].rows[1].deadline.as_ref().map(|d| d.orig.as_str()),
            Some("长期坚持")
        );
        let p = lines(&[
            "| 序号 | 重点任务 | 责任单位 |",
            "| 1 | 做好甲事 | 市民政局 |",
        ]);
        let t = find(&p);
        assert_eq!(
            t[0].rows[0].roles[0],
            (Role::Responsible, Aligned::new("市民政局"))
        );
    }

    #[test]
    fn cells_one_per_line_and_aligned_with_spaces() {
        let t = find(&lines(&[
            "序号",
            "任务内容",
            "牵头单位",
            "配合单位",
            "完成时限",
            "1",
            "建设平台",
            "市数据局",
            "市财政局",
            "2024年9月底前",
            "2",
            "共享证照",
            "市数据局",
            "3",
            "完善制度",
            "市委网信办",
            "市公安局",
            "长期坚持",
            "",
        ]));
        assert_eq!(t.len(), 1);
        let rows: Vec<(&str, &str, usize)> = t[0]
            .rows
            .iter()
            .map(|r| (r.number.as_str(), r.task.orig.as_str(), r.roles.len()))
            .collect();
        assert_eq!(
            rows,
            [
                ("1", "建设平台", 2),
                ("2", "共享证照", 1),
                ("3", "完善制度", 2)
            ]
        );
        let t = find(&lines(&[
            "序号  重点任务      牵头单位    配合单位    完成时限",
            "1     办理一件事    区审批局                2024年8月底前",
            "2     直达政策      区发改局    区财政局",
        ]));
        let r = &t[0].rows;
        assert_eq!(r[0].roles.len(), 1);
        assert_eq!(
            r[0].deadline.as_ref().map(|d| d.orig.as_str()),
            Some("2024年8月底前")
        );
        assert_eq!(r[1].roles[1].1.orig, "区财政局");
    }

    /// Two pieces under one column are one cell quoted as written, gap included: a unit found
    /// in it must be spelled as in the text (a case the reader property test found).
    #[test]
    fn pieces_under_one_column_keep_their_gap() {
        let t = find(&lines(&[
            "序号  重点任务                牵头单位          配合单位    完成时限",
            "1     直达政策                区发展   改革局    区财政局    2024年8月底前",
        ]));
        assert_eq!(t[0].rows[0].roles[0].1.orig, "区发展   改革局");
        assert_eq!(t[0].rows[0].roles[1].1.orig, "区财政局");
    }

    /// A run of column names with no role among them is no header; the scan of such a run is
    /// bounded, so reading it stays linear (`"\n任务内容,"` repeated took 59 s at 20,000).
    #[test]
    fn a_long_run_of_column_names_is_no_header() {
        let many: Vec<&str> = std::iter::repeat_n("任务内容,", 40).collect();
        assert!(find(&lines(&many)).is_empty());
    }

    #[test]
    fn bordered_cells_one_per_line_and_a_shared_column() {
        let t = find(&lines(&[
            "序号 |",
            "重点工作 |",
            "责任领导 |",
            "责任单位 |",
            "完成时限 |",
            "1 |",
            "推进项目。 |",
            "王某 |",
            "招商部 |",
            "全年 |",
        ]));
        assert_eq!(t.len(), 1);
        let r = &t[0].rows[0];
        assert_eq!(
            (r.number.as_str(), r.task.orig.as_str()),
            ("1", "推进项目。")
        );
        assert_eq!(r.roles.len(), 1);
        assert_eq!(r.roles[0].1.orig, "招商部");
        let t = find(&lines(&[
            "序号\t工作任务\t牵头单位\t配合/责任单位",
            "一、教育",
            "1\t建校\t市教育局\t市财政局",
            "2\t改校\t\t市教育局",
        ]));
        let roles: Vec<Vec<Role>> = t[0]
            .rows
            .iter()
            .map(|r| {
                r.roles
                    .iter()
                    .filter(|(_, c)| !c.is_blank())
                    .map(|(r, _)| *r)
                    .collect()
            })
            .collect();
        assert_eq!(
            roles,
            [vec![Role::Lead, Role::Support], vec![Role::Responsible]]
        );
        assert_eq!(t[0].rows[1].group.as_deref(), Some("一、教育"));
    }

    #[test]
    fn a_heading_and_a_header_after_a_table_start_a_new_table() {
        let ls = lines(&[
            "二、协同联动机制",
            "序号\t重点任务\t牵头单位\t配合单位",
            "1\t建设产业园。\t省商务厅\t省科技厅",
            "三、重点项目落地",
            "序号\t重点任务\t牵头单位\t配合单位",
            "2\t培育龙头企业。\t省民政厅\t",
        ]);
        let t = find(&ls);
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].lines.clone(), t[1].lines.clone()),
            (vec![1, 2], vec![4, 5])
        );
        assert_eq!(t[1].rows[0].task.orig, "培育龙头企业。");
        assert_eq!(t[1].rows[0].group, None);
    }

    #[test]
    fn a_tab_in_prose_is_not_a_table() {
        assert!(find(&lines(&["甲\t乙", "丙"])).is_empty());
    }
}
