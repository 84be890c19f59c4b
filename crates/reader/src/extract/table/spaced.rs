//! Tables aligned with spaces: a header of column names two or more spaces apart, and rows
//! whose cells fall under them.

use super::{Column, Table, cell_text, cells, column, has_task_and_role, row_of};
use crate::extract::lines::{Aligned, Line};

/// Splits a line on runs of two or more spaces, giving each cell's range and the display
/// column it starts at (as written, so a wide character counts two).
fn spaced_cells(line: &Line) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut col = 0usize;
    let mut cell: Option<(usize, usize)> = None;
    let mut spaces = 0usize;
    let mut end = 0usize;
    let mut orig = line.orig.chars();
    for (i, c) in line.norm.char_indices() {
        let w = orig.next().map_or(1, crate::text::char_width);
        if c == ' ' {
            spaces += w;
        } else {
            match cell {
                Some(_) if spaces >= 2 => {
                    if let Some((s, sc)) = cell.take() {
                        out.push((s..end, sc));
                    }
                    cell = Some((i, col));
                }
                None => cell = Some((i, col)),
                _ => {}
            }
            spaces = 0;
            end = i + c.len_utf8();
        }
        col += w;
    }
    if let Some((s, sc)) = cell {
        out.push((s..end, sc));
    }
    out
}

/// A table aligned with spaces: a header of known column names separated by two or more
/// spaces, and rows whose cells fall under them; an empty cell is only a wider gap, so each
/// cell goes to the column it starts under.
pub(super) fn space_aligned(lines: &[Line], at: usize, ordinal: usize) -> Option<(Table, usize)> {
    let head_line = &lines[at];
    // Three cells need two gaps, each at least one space: most lines have fewer, and are not
    // measured character by character.
    if memchr::memchr_iter(b' ', head_line.norm.as_bytes())
        .nth(1)
        .is_none()
        || cells(&head_line.norm).is_some()
    {
        return None;
    }
    let head = spaced_cells(head_line);
    if head.len() < 3 {
        return None;
    }
    let cols: Vec<(Column, usize)> = head
        .iter()
        .map(|(r, c)| (column(&head_line.norm[r.clone()]), *c))
        .collect();
    let kinds: Vec<Column> = cols.iter().map(|c| c.0).collect();
    if !has_task_and_role(&kinds) {
        return None;
    }
    let mut table = Table {
        ordinal,
        lines: vec![at],
        rows: Vec::new(),
    };
    let mut j = at + 1;
    while let Some(line) = lines.get(j) {
        let found = spaced_cells(line);
        if found.len() < 2 || cells(&line.norm).is_some() {
            break;
        }
        // Pieces that fall under one column are one cell, quoted with the gap as written: a
        // name split by a wide space is still spelled as in the text.
        let mut spans: Vec<(Column, std::ops::Range<usize>)> = Vec::new();
        let mut last_k = usize::MAX;
        for (r, start) in found {
            let k = cols.iter().rposition(|(_, c)| *c <= start + 1).unwrap_or(0);
            if k == last_k
                && let Some(prev) = spans.last_mut()
            {
                prev.1.end = r.end;
            } else {
                spans.push((cols[k].0, r));
            }
            last_k = k;
        }
        let placed: Vec<(Column, Aligned)> = spans
            .into_iter()
            .map(|(col, r)| (col, cell_text(line, &r)))
            .collect();
        table.lines.push(j);
        let row = row_of(line.no, placed, &None);
        if !row.task.is_blank() {
            table.rows.push(row);
        }
        j += 1;
    }
    (!table.rows.is_empty()).then_some((table, j))
}
