//! Tables on a PDF's pages: a PDF has no tables, only strings placed in columns. A run of
//! lines cut into three or more pieces at the same places is a table; its columns are where
//! the pieces of its lines fall (each column a band of the page no piece crosses), its rows
//! start where the number column has a number (or the first column text after a finished
//! one), and a cell's lines (a name the cell's width broke: 济临省退役军人 | 事务厅) are joined
//! without a break, as the page shows one text. A table the page breaks goes on at the top of
//! the next page (its header repeated there is skipped). The table goes to the reader as a
//! grid, as a Word table does; its lines leave the paragraphs.

use super::layout::{Line, Piece, numbered};
use crate::source::{Grid, Locator};

/// Lines of one table, each with the (0-based) page it is on.
struct Region {
    lines: Vec<(usize, Line)>,
}

/// Takes the tables out of `pages`: each table's lines are replaced by one marker line (its
/// `table` the grid's index in the result) where the table starts.
pub fn take(pages: &mut [Vec<Line>]) -> Vec<Grid> {
    let mut grids = Vec::new();
    let mut open: Option<Region> = None;
    for (k, page) in pages.iter_mut().enumerate() {
        let old = std::mem::take(page);
        let mut out = Vec::with_capacity(old.len());
        let mut i = 0;
        // A table the last page ended in goes on at the top of this one.
        if let Some(region) = open.as_mut() {
            let cols = columns(&region.lines);
            let texts =
                |l: &Line| -> Vec<String> { l.pieces.iter().map(|p| p.text.clone()).collect() };
            let header = region
                .lines
                .first()
                .map(|(_, l)| texts(l))
                .unwrap_or_default();
            while i < old.len() && fits(&old[i], &cols, region) {
                // The header again on the new page: the table's own, already read.
                if texts(&old[i]) != header {
                    region.lines.push((k, old[i].clone()));
                }
                i += 1;
            }
            if i < old.len()
                && let Some(r) = open.take()
            {
                grids.push(grid(&r));
            }
        }
        while i < old.len() {
            let Some(end) = start(&old, i) else {
                out.push(old[i].clone());
                i += 1;
                continue;
            };
            // No table is open here: one left open by the last page closed above.
            let mut marker = old[i].clone();
            marker.table = Some(grids.len());
            out.push(marker);
            let region = Region {
                lines: old[i..end].iter().map(|l| (k, l.clone())).collect(),
            };
            i = end;
            if i < old.len() {
                grids.push(grid(&region));
            } else {
                open = Some(region);
            }
        }
        *page = out;
    }
    if let Some(r) = open {
        grids.push(grid(&r));
    }
    grids
}

/// Where a table starting at `lines[i]` ends (exclusive), or None when none starts there: a
/// line of three pieces or more and at least one line under it that keeps to its columns.
fn start(lines: &[Line], i: usize) -> Option<usize> {
    if lines[i].pieces.len() < 3 {
        return None;
    }
    let mut region = Region {
        lines: vec![(0, lines[i].clone())],
    };
    let mut j = i + 1;
    while let Some(l) = lines.get(j) {
        let cols = columns(&region.lines);
        let gap = region.lines.last().map_or(0.0, |(_, p)| p.y - l.y);
        if gap > l.size.max(1.0) * 3.5 || !fits(l, &cols, &region) {
            break;
        }
        region.lines.push((0, l.clone()));
        j += 1;
    }
    (j > i + 1).then_some(j)
}

/// Whether `line` keeps to the table's columns: each piece within one column (a cell's text
/// never crosses into the next), not a heading or a paragraph at the table's left edge.
fn fits(line: &Line, cols: &[(f32, f32)], region: &Region) -> bool {
    let size = line.size.max(1.0);
    let (Some(left), Some(right)) = (cols.first(), cols.last()) else {
        return false;
    };
    // The last column's cells may run on to the margin, past its header.
    if line.pieces.is_empty() || line.x < left.0 - size {
        return false;
    }
    let width = right.1 - left.0;
    if line.pieces.iter().any(|p| p.end - p.x > width * 0.6) {
        return false;
    }
    if line.pieces.len() == 1 {
        let p = &line.pieces[0];
        let at_left = p.x < left.0 + size;
        // 四、应急保障能力 under a table is the next section, not a row.
        if at_left && (numbered(&p.text) || (numbered_first(region) && !ordinal(&p.text))) {
            return false;
        }
    }
    line.pieces
        .iter()
        .all(|p| column_of(p, cols, size).is_some())
}

/// The columns the table's lines of two pieces or more make: bands of the page where their
/// pieces fall, apart where no piece crosses.
fn columns(lines: &[(usize, Line)]) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = lines
        .iter()
        .filter(|(_, l)| l.pieces.len() >= 2)
        .flat_map(|(_, l)| l.pieces.iter().map(|p| (p.x, p.end)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cols: Vec<(f32, f32)> = Vec::new();
    for (x, end) in spans {
        match cols.last_mut() {
            Some(c) if x <= c.1 => c.1 = c.1.max(end),
            _ => cols.push((x, end)),
        }
    }
    cols
}

/// The column a piece falls in: the one it overlaps, or (a short piece in a gap) the one whose
/// band starts nearest before it, within a character of it.
fn column_of(p: &Piece, cols: &[(f32, f32)], size: f32) -> Option<usize> {
    let overlapping: Vec<usize> = (0..cols.len())
        .filter(|&c| p.x < cols[c].1 && p.end > cols[c].0)
        .collect();
    match overlapping.as_slice() {
        [c] => Some(*c),
        [] => cols
            .iter()
            .rposition(|c| c.0 <= p.x + size)
            .filter(|&c| p.x <= cols[c].1 + size * 2.0),
        _ => None,
    }
}

/// A row number as the number column holds it: 1, 12, 一, （三）.
fn ordinal(text: &str) -> bool {
    let t = text.trim_matches(|c: char| "（()）.、．".contains(c));
    !t.is_empty()
        && t.chars().count() <= 4
        && t.chars()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十百零".contains(c))
}

/// Whether the table's first column numbers its rows: most lines with text in it, under the
/// header, start with a number.
fn numbered_first(region: &Region) -> bool {
    let left = region
        .lines
        .iter()
        .map(|(_, l)| l.x)
        .fold(f32::MAX, f32::min);
    let firsts: Vec<&Piece> = region
        .lines
        .iter()
        .skip(1)
        .filter(|(_, l)| l.pieces.len() >= 2)
        .filter_map(|(_, l)| l.pieces.first())
        .filter(|p| p.x < left + 8.0)
        .collect();
    let numbers = firsts.iter().filter(|p| ordinal(&p.text)).count();
    !firsts.is_empty() && numbers * 2 >= firsts.len()
}

/// The grid of a table's lines: the header (its first line, and the lines under it before
/// the first numbered row: 序 | 号 broken in a narrow column), then a row wherever one
/// starts, the lines under it added to its cells.
fn grid(region: &Region) -> Grid {
    let cols = columns(&region.lines);
    let numbered = numbered_first(region);
    let header_lines = if numbered {
        region
            .lines
            .iter()
            .skip(1)
            .position(|(_, l)| l.pieces.first().is_some_and(|p| ordinal(&p.text)))
            .map_or(1, |n| n + 1)
    } else {
        1
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut at = Vec::new();
    for (n, (page, line)) in region.lines.iter().enumerate() {
        let size = line.size.max(1.0);
        let mut cells = vec![String::new(); cols.len()];
        for p in &line.pieces {
            if let Some(c) = column_of(p, &cols, size) {
                join(&mut cells[c], &p.text);
            }
        }
        let first = !cells[0].is_empty();
        let new_row = n == 0
            || n == header_lines
            || (n > header_lines
                && first
                && if numbered {
                    ordinal(&cells[0])
                } else {
                    rows.last()
                        .is_some_and(|r| r[0].ends_with(['。', '；', ';']))
                });
        match rows.last_mut() {
            Some(last) if !new_row => {
                for (cell, text) in last.iter_mut().zip(cells) {
                    join(cell, &text);
                }
            }
            _ => {
                rows.push(cells);
                at.push(Locator::Page(page + 1));
            }
        }
    }
    Grid { rows, at }
}

/// A cell's next line after its text: no break between Chinese (the width broke it), a space
/// between two words of Latin letters or digits.
fn join(cell: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(cell.chars().last()) && latin(text.chars().next()) {
        cell.push(' ');
    }
    cell.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line at `y` of pieces placed at the given x, each 10 pt a character.
    fn line(y: f32, pieces: &[(f32, &str)]) -> Line {
        let pieces: Vec<Piece> = pieces
            .iter()
            .map(|&(x, t)| Piece {
                x,
                end: x + 10.0 * t.chars().count() as f32,
                text: t.into(),
            })
            .collect();
        Line {
            x: pieces.first().map_or(0.0, |p| p.x),
            end: pieces.last().map_or(0.0, |p| p.end),
            y,
            size: 10.0,
            text: pieces.iter().map(|p| p.text.as_str()).collect(),
            pieces,
            table: None,
        }
    }

    fn header(y: f32) -> Line {
        line(
            y,
            &[
                (72.0, "序号"),
                (120.0, "重点任务"),
                (260.0, "牵头单位"),
                (360.0, "配合单位"),
            ],
        )
    }

    #[test]
    fn a_table_across_two_pages_with_cells_of_several_lines() {
        let mut pages = vec![
            vec![
                line(700.0, &[(72.0, "二、数据共享")]),
                header(680.0),
                line(
                    665.0,
                    &[
                        (72.0, "1"),
                        (120.0, "强化信息平"),
                        (260.0, "省应急厅"),
                        (360.0, "省退役军人"),
                    ],
                ),
                line(650.0, &[(120.0, "台建设。"), (360.0, "事务厅")]),
                line(
                    635.0,
                    &[
                        (72.0, "2"),
                        (120.0, "着力完善监"),
                        (260.0, "省信访局"),
                        (360.0, "省交通运输"),
                    ],
                ),
            ],
            vec![
                header(700.0),
                // The row the page broke goes on.
                line(685.0, &[(120.0, "管机制。"), (360.0, "厅")]),
                line(
                    670.0,
                    &[(72.0, "3"), (120.0, "做好宣传。"), (260.0, "省司法厅")],
                ),
                line(640.0, &[(72.0, "三、保障措施")]),
            ],
        ];
        let grids = take(&mut pages);
        assert_eq!(grids.len(), 1);
        let rows: Vec<Vec<&str>> = grids[0]
            .rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            rows,
            [
                vec!["序号", "重点任务", "牵头单位", "配合单位"],
                vec!["1", "强化信息平台建设。", "省应急厅", "省退役军人事务厅"],
                vec!["2", "着力完善监管机制。", "省信访局", "省交通运输厅"],
                vec!["3", "做好宣传。", "省司法厅", ""],
            ]
        );
        assert_eq!(
            grids[0].at,
            [
                Locator::Page(1),
                Locator::Page(1),
                Locator::Page(1),
                Locator::Page(2)
            ]
        );
        // The table's lines left the pages; a marker stands where it started, and the
        // headings around it stay.
        let texts: Vec<Vec<(&str, Option<usize>)>> = pages
            .iter()
            .map(|p| p.iter().map(|l| (l.text.as_str(), l.table)).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec![
                    ("二、数据共享", None),
                    ("序号重点任务牵头单位配合单位", Some(0))
                ],
                vec![("三、保障措施", None)],
            ]
        );
    }

    #[test]
    fn prose_with_a_wide_gap_is_no_table() {
        let mut pages = vec![vec![
            line(
                700.0,
                &[
                    (72.0, "各区县人民政府"),
                    (300.0, "市直各部门"),
                    (420.0, "各单位"),
                ],
            ),
            line(
                685.0,
                &[(72.0, "现将实施意见印发给你们，请结合实际认真贯彻落实。")],
            ),
        ]];
        assert!(take(&mut pages).is_empty());
        assert_eq!(pages[0].len(), 2);
    }
}
