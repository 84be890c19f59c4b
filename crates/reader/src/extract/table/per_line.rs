//! Tables copied from a web page with each cell on a line of its own, its right border kept or
//! not (`重点工作 |`).

use super::{Column, Table, cell_text, column, has_task_and_role, row_of};
use crate::extract::lines::{Aligned, Line};
use crate::text::trim;

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
    // One vector search for both bytes, where a search for tabs and a count of bars each went
    // over the line: every body line is asked this three times, as a header's cell or not.
    let mut bar = None;
    for i in memchr::memchr2_iter(b'\t', b'|', n.as_bytes()) {
        if n.as_bytes()[i] == b'\t' || bar.is_some() {
            return None;
        }
        bar = Some(i);
    }
    match bar {
        None => Some(0..n.len()),
        Some(bar) => trim(&n[bar + 1..]).is_empty().then_some(0..bar),
    }
}

/// The text of a line that holds one cell, trimmed; `None` for a row of several cells.
fn lone_text(line: &Line) -> Option<&str> {
    // Asked of every line, most of them a task's whole text: `trim` tells their ends by bytes.
    lone_cell(line).map(|r| trim(&line.norm[r]))
}

/// Endings of column names read past like [`OTHER_COLUMNS`] (`第二季度完成情况`).
const OTHER_ENDINGS: &[&str] = &["完成情况", "进展情况", "领导", "要求", "备注"];

/// The column a line names, when it is a one-cell line that can be a header's.
fn column_line(l: &Line) -> Option<Column> {
    column_text(lone_text(l)?)
}

fn column_text(t: &str) -> Option<Column> {
    // A table's title (重点任务分工表) names tasks too, but is not a column.
    // More than 32 bytes are more than 8 characters: a task's line is not counted.
    if t.is_empty() || t.len() > 32 || t.chars().count() > 8 || t.ends_with('表') {
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
    if first.is_empty() || first.len() > 16 || first.chars().count() > 4 {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `lone_cell` as it was, a search for tabs and a count of bars: the oracle.
    fn lone_cell_by_counting(n: &str) -> Option<std::ops::Range<usize>> {
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

    /// Every text of up to six characters over tabs, bars, spaces and text, and 100,000 longer
    /// ones drawn with a fixed seed: one search answers as the two did, and so do the cells.
    #[test]
    fn one_search_finds_the_lone_cell_as_two_did() {
        let alphabet = ['\t', '|', ' ', 'a', '甲', '\u{3000}'];
        let mut texts = dutymatrix_base::oracle_texts::every_text(&alphabet, 6);
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            let mut t = String::new();
            for _ in 0..(8 + state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Text mostly, a tab or a bar now and then.
                t.push(match state % 16 {
                    0 => '\t',
                    1 | 2 => '|',
                    3 => ' ',
                    _ => '甲',
                });
            }
            texts.push(t);
        }
        for t in &texts {
            // Not `Line::new`, which trims the end: tabs and bars last in a line are tried too.
            let line = Line::of(1, Aligned::new(t));
            assert_eq!(lone_cell(&line), lone_cell_by_counting(&line.norm), "{t:?}");
            assert_eq!(
                super::super::cells(&line.norm),
                cells_by_contains(&line.norm),
                "{t:?}"
            );
        }
    }

    /// `cells` as it was, with `str::contains` for the separators.
    fn cells_by_contains(norm: &str) -> Option<Vec<std::ops::Range<usize>>> {
        let sep = if norm.contains('\t') {
            '\t'
        } else if norm.contains('|') {
            '|'
        } else {
            return None;
        };
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in norm.char_indices() {
            if c == sep {
                out.push(start..i);
                start = i + c.len_utf8();
            }
        }
        out.push(start..norm.len());
        if sep == '|' {
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
}
