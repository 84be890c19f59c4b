//! A table that came as a grid (a Word, Excel or web page table, merged cells resolved) read
//! into the rows the table reader gives tasks from: the header row found by its column names
//! wherever it sits, group rows (a merged `一、产业发展` across the row) kept for the rows under
//! them, repeated header rows skipped. The cells are never written out as text and read back.

use super::lines::{Aligned, fold};
use super::table::{Column, Row, Table, column, has_task_and_role, row_of};

/// Rows searched for the header: a sheet's title and notes sit above it.
const HEADER_WITHIN: usize = 20;

/// The column a header cell names, read as the text reader reads a header line: folded
/// (Traditional 牽頭單位 is 牵头单位), a cell's lines joined.
fn named(cell: &str) -> Column {
    column(&fold(&cell.replace('\n', "")))
}

/// The columns a header row names, or None when it names no task and no role.
fn columns(row: &[String]) -> Option<Vec<Column>> {
    let cols: Vec<Column> = row.iter().map(|c| named(c)).collect();
    has_task_and_role(&cols).then_some(cols)
}

/// The index of the header row: the first that names a task column and a role column.
pub fn header_row(rows: &[Vec<String>]) -> Option<usize> {
    rows.iter()
        .take(HEADER_WITHIN)
        .position(|r| columns(r).is_some())
}

/// The table of `rows`, whose header is `rows[0]`; `line_nos[i]` is the line standing for
/// `rows[i]`, `lines[i]` its index among the plan's lines.
pub fn table(rows: &[Vec<String>], line_nos: &[usize], lines: Vec<usize>, ordinal: usize) -> Table {
    let mut table = Table {
        ordinal,
        lines,
        rows: Vec::new(),
    };
    let Some(mut cols) = rows.first().and_then(|h| columns(h)) else {
        return table;
    };
    let header = &rows[0];
    // A header of two rows (责任单位 merged across 牵头单位 | 配合单位 below it): the lower row
    // names the columns it splits, and is no task.
    let mut first_data = 1;
    if let Some(split) = rows.get(1).and_then(|next| split_header(header, next)) {
        cols = split;
        first_data = 2;
    }
    let mut group: Option<String> = None;
    for (k, row) in rows.iter().enumerate().skip(first_data) {
        if row == header {
            continue;
        }
        let filled: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
        let Some(first) = filled.first() else {
            continue;
        };
        // A row merged across (every filled cell the same) or with one cell: a group heading.
        if filled.len() == 1 || (filled.len() > 1 && filled.iter().all(|c| c == first)) {
            group = Some(first.trim().replace('\n', ""));
            continue;
        }
        let cells: Vec<(Column, Aligned)> = row
            .iter()
            .zip(&cols)
            .map(|(text, col)| (*col, Aligned::new(&cell(text, *col))))
            .collect();
        let out: Row = row_of(line_nos.get(k).copied().unwrap_or(0), cells, &group);
        if !out.task.is_blank() {
            table.rows.push(out);
        }
    }
    table
}

/// The columns of a header whose second row `next` splits some of `head`'s: every filled cell
/// of `next` repeats the cell above (a merge down) or names a column, and one names a column
/// the cell above does not. None when `next` is an ordinary row.
fn split_header(head: &[String], next: &[String]) -> Option<Vec<Column>> {
    let mut splits = false;
    let mut cols = Vec::with_capacity(head.len());
    for (i, above) in head.iter().enumerate() {
        let below = next.get(i).map_or("", |c| c.trim());
        let kind = if below.is_empty() || below == above.trim() {
            named(above)
        } else {
            let kind = named(below);
            if kind == Column::Other {
                return None;
            }
            splits |= kind != named(above);
            kind
        };
        cols.push(kind);
    }
    (splits && has_task_and_role(&cols)).then_some(cols)
}

/// A cell's text on one line: the lines of a role cell are names one after another (市发改委、
/// 市财政局); other cells' lines join as one text, as Chinese needs no space between them.
fn cell(text: &str, col: Column) -> String {
    let parts: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match col {
        Column::Role(_) | Column::Shared => parts.join("、"),
        _ => parts.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn header_anywhere_groups_and_cells_of_several_lines() {
        let rows = grid(&[
            &["附件", "", "", ""],
            &[
                "重点任务分工表",
                "重点任务分工表",
                "重点任务分工表",
                "重点任务分工表",
            ],
            &["序号", "工作\n任务", "牵头单位", "配合单位"],
            &[
                "一、产业发展",
                "一、产业发展",
                "一、产业发展",
                "一、产业发展",
            ],
            &["1", "建设产业园。", "区发改局", "区财政局\n区自然资源局"],
            &["序号", "工作\n任务", "牵头单位", "配合单位"],
            &["2", "建设产业园。", "区工信局", ""],
        ]);
        assert_eq!(header_row(&rows), Some(2));
        let t = table(&rows[2..], &[10, 11, 12, 13, 14], vec![0, 1, 2, 3, 4], 1);
        assert_eq!(t.rows.len(), 2);
        let r = &t.rows[0];
        assert_eq!((r.line_no, r.number.as_str()), (12, "1"));
        assert_eq!(r.group.as_deref(), Some("一、产业发展"));
        assert_eq!(r.roles[1].1.orig, "区财政局、区自然资源局");
        assert_eq!(t.rows[1].roles[0].1.orig, "区工信局");
        assert_eq!(header_row(&grid(&[&["甲", "乙"]])), None);
    }

    #[test]
    fn a_header_of_two_rows_takes_the_columns_the_lower_one_splits() {
        use crate::model::Role;
        for below in [
            ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
            ["", "", "牵头单位", "配合单位", ""],
        ] {
            let rows = grid(&[
                &["序号", "重点任务", "责任单位", "责任单位", "完成时限"],
                &below,
                &["1", "建设产业园。", "区发改局", "区财政局", "2025年底前"],
            ]);
            assert_eq!(header_row(&rows), Some(0));
            let t = table(&rows, &[1, 2, 3], vec![0, 1, 2], 1);
            assert_eq!(
                t.rows.len(),
                1,
                "the lower header row is no task: {below:?}"
            );
            let roles: Vec<(Role, &str)> = t.rows[0]
                .roles
                .iter()
                .map(|(r, a)| (*r, a.orig.as_str()))
                .collect();
            assert_eq!(
                roles,
                [(Role::Lead, "区发改局"), (Role::Support, "区财政局")]
            );
        }
        // An ordinary first row under a one-row header stays a task.
        let rows = grid(&[
            &["序号", "重点任务", "牵头单位", "完成时限"],
            &["1", "建设产业园。", "区发改局", "2025年底前"],
        ]);
        assert_eq!(table(&rows, &[1, 2], vec![0, 1], 1).rows.len(), 1);
    }

    #[test]
    fn a_traditional_header_names_its_columns() {
        use crate::model::Role;
        let rows = grid(&[
            &["序號", "重點任務", "牽頭單位", "配合單位", "完成時限"],
            &[
                "8",
                "支持資金保障。",
                "德濱市交通運輸局",
                "德濱市體育局",
                "長期堅持",
            ],
        ]);
        assert_eq!(header_row(&rows), Some(0));
        let t = table(&rows, &[1, 2], vec![0, 1], 1);
        let r = &t.rows[0];
        assert_eq!(
            (r.number.as_str(), r.task.orig.as_str()),
            ("8", "支持資金保障。")
        );
        assert_eq!(
            (r.roles[0].0, r.roles[0].1.orig.as_str()),
            (Role::Lead, "德濱市交通運輸局")
        );
    }
}
