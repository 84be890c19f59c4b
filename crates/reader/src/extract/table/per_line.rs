//! Tables copied from a web page with each cell on a line of its own, its right border kept or
//! not (`重点工作 |`).

use super::{Column, Table, cell_text, column, has_task_and_role, row_of};
use crate::extract::lines::{Aligned, Line};

/// Column names that carry neither a task, a unit nor a deadline (a leader, a requirement, a
/// remark), yet belong to a one-cell-per-line header: its cells are read past, not kept.
const OTHER_COLUMNS: &[&str] = &[
    "责任领导",
    "分管领导",
    "牵头领导",
    "责任人",
    "工作要求",
    "具体要求",
    "工作目标",
    "工作标准",
    "完成标准",
    "进度安排",
    "备注",
    "类别",
];

/// The most columns a one-cell-per-line header is read with (序号, 工作任务, 工作要求, 牵头单位,
/// 配合单位, 责任单位, 完成时限, 备注 and a few more).
const MAX_COLUMNS: usize = 16;

fn whole(line: &Line) -> Aligned {
    cell_text(line, &lone_cell(line).unwrap_or(0..line.norm.len()))
}

/// A line that holds one cell: plain text, or text closed by a `|` (`重点工作 |`, a web table
/// copied one cell per line with its border kept).
fn lone_cell(line: &Line) -> Option<std::ops::Range<usize>> {
    let n = &line.norm;
    if n.contains('\t') {
        return None;
    }
    match n.matches('|').count() {
        0 => Some(0..n.len()),
        1 => {
            let bar = n.find('|')?;
            n[bar + 1..].trim().is_empty().then_some(0..bar)
        }
        _ => None,
    }
}

/// The text of a line that holds one cell, trimmed; `None` for a row of several cells.
fn lone_text(line: &Line) -> Option<&str> {
    lone_cell(line).map(|r| line.norm[r].trim())
}

/// Endings of column names read past like [`OTHER_COLUMNS`] (`第二季度完成情况`).
const OTHER_ENDINGS: &[&str] = &["完成情况", "进展情况", "领导", "要求", "备注"];

/// The column a line names, when it is a one-cell line that can be a header's.
fn column_line(l: &Line) -> Option<Column> {
    column_text(lone_text(l)?)
}

fn column_text(t: &str) -> Option<Column> {
    // A table's title (重点任务分工表) names tasks too, but is not a column.
    if t.is_empty() || t.chars().count() > 8 || t.ends_with('表') {
        return None;
    }
    match column(t) {
        Column::Other
            if !OTHER_COLUMNS.contains(&t) && !OTHER_ENDINGS.iter().any(|e| t.ends_with(e)) =>
        {
            None
        }
        c => Some(c),
    }
}

/// The next header cell from `j`: a column name on one line, or one a narrow web table broke
/// over two (`责任` / `科室`); single blank lines between cells are passed over. Returns the
/// column and the line after it.
fn header_cell(lines: &[Line], j: usize) -> Option<(Column, usize)> {
    let mut j = j;
    if lines.get(j).is_some_and(|l| l.is_blank()) && lines.get(j + 1).is_some_and(|l| !l.is_blank())
    {
        j += 1;
    }
    let l = lines.get(j)?;
    if let Some(c) = column_line(l) {
        return Some((c, j + 1));
    }
    let first = lone_text(l)?;
    if first.is_empty() || first.chars().count() > 4 {
        return None;
    }
    let k = j + 1 + usize::from(lines.get(j + 1).is_some_and(|l| l.is_blank()));
    let second = lone_text(lines.get(k)?)?;
    column_text(&format!("{first}{second}")).map(|c| (c, k + 1))
}

/// Where to look for the next header after a run of column-like lines starting at `at` that
/// is longer than any header: only its last [`MAX_COLUMNS`] lines can still open one, so the
/// lines before them are passed over once instead of each rescanning the run.
pub(super) fn past_a_long_run(lines: &[Line], at: usize) -> Option<usize> {
    let end = (at..lines.len())
        .find(|&j| column_line(&lines[j]).is_none())
        .unwrap_or(lines.len());
    (end - at > MAX_COLUMNS + 1).then(|| end - MAX_COLUMNS)
}

/// A table copied from a web page with each cell on a line of its own: a header of known column
/// names one per line (序号, 任务内容, 牵头单位, 配合单位, 完成时限), then the cells in that order.
/// With a number column, each row starts at its number, so a row with empty cells left out
/// still keeps its cells in place; without one, rows are read in groups of the header's size.
pub(super) fn one_cell_per_line(
    lines: &[Line],
    at: usize,
    ordinal: usize,
) -> Option<(Table, usize)> {
    let mut cols = Vec::new();
    let mut j = at;
    if lines.get(at).is_none_or(|l| l.is_blank()) {
        return None;
    }
    while let Some((c, next)) = header_cell(lines, j) {
        cols.push(c);
        j = next;
        // No header has this many columns: a longer run of column-like lines is not one, and
        // scanning it to its end from every line of it would cost the square of its length.
        if cols.len() > MAX_COLUMNS {
            return None;
        }
    }
    if cols.len() < 3 || !has_task_and_role(&cols) {
        return None;
    }
    let mut table = Table {
        ordinal,
        lines: (at..j).collect(),
        rows: Vec::new(),
    };
    let numbered = cols.first() == Some(&Column::Number);
    let mut next_number = 1u32;
    let mut current: Vec<(Column, Aligned)> = Vec::new();
    let mut line_no = 0;
    let mut blanks = 0;
    let finish = |current: &mut Vec<(Column, Aligned)>, line_no: usize, table: &mut Table| {
        if !current.is_empty() {
            let row = row_of(line_no, std::mem::take(current), &None);
            if !row.task.is_blank() {
                table.rows.push(row);
            }
        }
    };
    while let Some(l) = lines.get(j) {
        let Some(t) = lone_text(l) else { break };
        let complete = current.len() == cols.len();
        if t.is_empty() {
            blanks += 1;
            // A blank line after a whole row, or two anywhere, end the table.
            if blanks >= 2 || (complete && !numbered) {
                break;
            }
            j += 1;
            continue;
        }
        blanks = 0;
        // The next attachment begins.
        if t.starts_with("附件") {
            break;
        }
        let starts_row = if numbered {
            t.parse::<u32>().is_ok_and(|n| n == next_number)
        } else {
            current.len() == cols.len()
        };
        if starts_row {
            finish(&mut current, line_no, &mut table);
            next_number += 1;
        } else if current.len() >= cols.len() || (numbered && current.is_empty()) {
            break;
        }
        let col = cols[current.len()];
        if col == Column::Task || current.is_empty() {
            line_no = l.no;
        }
        current.push((col, whole(l)));
        table.lines.push(j);
        j += 1;
    }
    finish(&mut current, line_no, &mut table);
    (!table.rows.is_empty()).then_some((table, j))
}
