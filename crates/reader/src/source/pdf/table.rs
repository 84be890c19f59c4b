//! Tables on a PDF's pages: a PDF has no tables, only strings placed in columns. A run of
//! lines cut into three or more pieces at the same places is a table; its columns are where
//! the pieces of its lines fall (each column a band of the page no piece crosses), its rows
//! start where the number column has a number (or the first column text after a finished
//! one), and a cell's lines (a name the cell's width broke: 济临省退役军人 | 事务厅) are joined
//! without a break, as the page shows one text. A table the page breaks goes on at the top of
//! the next page (its header repeated there is skipped). The table goes to the reader as a
//! grid, as a Word table does; its lines leave the paragraphs.

use super::layout::{Line, Piece, numbered, run_on};
use crate::source::{Grid, Locator};

/// A page with more lines than this is no printed page: its tables are not looked for (the
/// search is linear, but a crafted page of a million lines need not pay for it).
const MAX_PAGE_LINES: usize = 2_000;

/// Lines of one table, each with the (0-based) page it is on, and what they tell so far.
struct Region {
    lines: Vec<(usize, Line)>,
    /// The columns: the first line's pieces, each band widened by the pieces put in it.
    cols: Vec<(f32, f32)>,
    /// Lines under the first whose first piece is in the first column, and how many of those
    /// start with a number.
    firsts: usize,
    numbers: usize,
}

impl Region {
    fn new(page: usize, line: &Line) -> Region {
        Region {
            cols: line.pieces.iter().map(|p| (p.x, p.end)).collect(),
            lines: vec![(page, line.clone())],
            firsts: 0,
            numbers: 0,
        }
    }

    /// Adds a line that [`fits`]: its pieces widen the bands they fall in.
    fn push(&mut self, page: usize, line: &Line) {
        let size = line.size.max(1.0);
        for (k, p) in line.pieces.iter().enumerate() {
            let Some(c) = column_of(p, &self.cols, size) else {
                continue;
            };
            if k == 0 && c == 0 && line.pieces.len() >= 2 {
                self.firsts += 1;
                self.numbers += usize::from(ordinal(&p.text));
            }
            let band = &mut self.cols[c];
            *band = (band.0.min(p.x), band.1.max(p.end));
        }
        self.lines.push((page, line.clone()));
    }

    /// Whether the first column numbers the rows: most lines with text in it start so.
    fn numbered(&self) -> bool {
        self.firsts > 0 && self.numbers * 2 >= self.firsts
    }

    /// How many lines the header takes: the first, and those under it before the first
    /// numbered row (序 | 号 broken in a narrow column).
    fn header_lines(&self) -> usize {
        if !self.numbered() {
            return 1;
        }
        self.lines
            .iter()
            .skip(1)
            .position(|(_, l)| group_row(l) || numbered_row(l))
            .map_or(1, |n| n + 1)
    }
}

/// A line's pieces as text, to know the header when a new page repeats it.
fn texts(l: &Line) -> Vec<&str> {
    l.pieces.iter().map(|p| p.text.as_str()).collect()
}

/// Takes the tables out of `pages`: each table's lines are replaced by one marker line (its
/// `table` the grid's index in the result) where the table starts.
pub fn take(pages: &mut [Vec<Line>]) -> Vec<Grid> {
    let mut grids = Vec::new();
    let mut open: Option<Region> = None;
    for (k, page) in pages.iter_mut().enumerate() {
        if page.len() > MAX_PAGE_LINES {
            if let Some(r) = open.take() {
                grids.push(grid(&r));
            }
            continue;
        }
        let old = std::mem::take(page);
        let mut out = Vec::with_capacity(old.len());
        let mut i = 0;
        // A table the last page ended in goes on at the top of this one, its header (of one
        // line or two) repeated there skipped.
        if let Some(region) = open.as_mut() {
            let header: Vec<Vec<String>> = region.lines[..region.header_lines()]
                .iter()
                .map(|(_, l)| texts(l).into_iter().map(str::to_string).collect())
                .collect();
            let mut repeated = 0;
            while let Some(l) = old.get(i) {
                if repeated < header.len() && texts(l) == header[repeated] {
                    repeated += 1;
                    i += 1;
                    continue;
                }
                repeated = header.len();
                if !takes(&old, i, region) {
                    break;
                }
                region.push(k, l);
                i += 1;
            }
            if i < old.len()
                && let Some(r) = open.take()
            {
                grids.push(grid(&r));
            }
        }
        while i < old.len() {
            let Some(region) = start(&old, i, k) else {
                out.push(old[i].clone());
                i += 1;
                continue;
            };
            // No table is open here: one left open by the last page closed above.
            let mut marker = old[i].clone();
            marker.table = Some(grids.len());
            out.push(marker);
            i += region.lines.len();
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

/// The table starting at `lines[i]` on page `page`, or None when none starts there: a line
/// of three pieces or more and at least one line under it that keeps to its columns.
fn start(lines: &[Line], i: usize, page: usize) -> Option<Region> {
    if lines[i].pieces.len() < 3 {
        return None;
    }
    let mut region = Region::new(page, &lines[i]);
    for j in i + 1..lines.len() {
        let l = &lines[j];
        let gap = region.lines.last().map_or(0.0, |(_, p)| p.y - l.y);
        if gap > l.size.max(1.0) * 3.5 || !takes(lines, j, &region) {
            break;
        }
        region.push(page, l);
    }
    (region.lines.len() > 1).then_some(region)
}

/// Whether the table takes `lines[j]`: a line that [`fits`], or a group row (一、产业发展 set
/// across the table) with a numbered row of the table right under it — a heading with the
/// next table's header under it is the next section's.
fn takes(lines: &[Line], j: usize, region: &Region) -> bool {
    let l = &lines[j];
    fits(l, region)
        || (group_row(l)
            && lines.get(j + 1).is_some_and(|next| {
                next.pieces.len() >= 2 && numbered_row(next) && fits(next, region)
            }))
}

/// A line that starts with a row number: a row of a numbered table.
fn numbered_row(l: &Line) -> bool {
    l.pieces.first().is_some_and(|p| ordinal(&p.text))
}

/// A line of one piece that is an outline heading: a group of the rows under it.
fn group_row(l: &Line) -> bool {
    matches!(l.pieces.as_slice(), [p] if numbered(&p.text))
}

/// Whether `line` keeps to the table's columns: each piece within one column (a cell's text
/// never crosses into the next), not a heading or a paragraph at the table's left edge.
fn fits(line: &Line, region: &Region) -> bool {
    let cols = &region.cols;
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
        if at_left && (numbered(&p.text) || (region.numbered() && !ordinal(&p.text))) {
            return false;
        }
    }
    line.pieces
        .iter()
        .all(|p| column_of(p, cols, size).is_some())
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

/// The grid of a table's lines: the header (its first line, and the lines under it before
/// the first numbered row: 序 | 号 broken in a narrow column), then a row wherever one
/// starts, the lines under it added to its cells.
fn grid(region: &Region) -> Grid {
    let cols = &region.cols;
    let numbered = region.numbered();
    let header_lines = region.header_lines();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut at = Vec::new();
    for (n, (page, line)) in region.lines.iter().enumerate() {
        let size = line.size.max(1.0);
        let mut cells = vec![String::new(); cols.len()];
        for p in &line.pieces {
            // A group row is set across the columns: its text is the row's first cell.
            let c = if group_row(line) {
                Some(0)
            } else {
                column_of(p, cols, size)
            };
            if let Some(c) = c {
                run_on(&mut cells[c], &p.text);
            }
        }
        let first = !cells[0].is_empty();
        let new_row = n == 0
            || n == header_lines
            || (n > header_lines && group_row(line))
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
                    run_on(cell, &text);
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

    /// A grid's cells as text, row by row.
    fn cells(g: &Grid) -> Vec<Vec<&str>> {
        g.rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect()
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
        let rows = cells(&grids[0]);
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
    fn a_header_of_two_lines_repeated_on_the_next_page_and_a_piece_in_a_gap() {
        let head = |y: f32| {
            [
                line(
                    y,
                    &[
                        (72.0, "序"),
                        (120.0, "重点任务"),
                        (260.0, "牵头单位"),
                        (360.0, "配合单位"),
                    ],
                ),
                line(y - 12.0, &[(72.0, "号")]),
            ]
        };
        let mut first: Vec<Line> = head(700.0).into();
        first.push(line(
            670.0,
            &[
                (72.0, "1"),
                (120.0, "甲任务。"),
                (260.0, "省民政厅"),
                (360.0, "省财政厅"),
            ],
        ));
        // 丙 set just after the task column's band, in the gap: the task column's.
        first.push(line(
            655.0,
            &[
                (72.0, "2"),
                (120.0, "乙任务"),
                (165.0, "丙"),
                (260.0, "省交通"),
                (360.0, ""),
            ],
        ));
        let mut second: Vec<Line> = head(700.0).into();
        second.push(line(670.0, &[(120.0, "续。"), (260.0, "运输厅")]));
        second.push(line(
            655.0,
            &[(72.0, "3"), (120.0, "丁任务。"), (260.0, "省司法厅")],
        ));
        let mut pages = vec![first, second];
        let grids = take(&mut pages);
        assert_eq!(grids.len(), 1);
        let rows = cells(&grids[0]);
        assert_eq!(
            rows,
            [
                vec!["序号", "重点任务", "牵头单位", "配合单位"],
                vec!["1", "甲任务。", "省民政厅", "省财政厅"],
                vec!["2", "乙任务丙续。", "省交通运输厅", ""],
                vec!["3", "丁任务。", "省司法厅", ""],
            ]
        );
        assert!(pages[1].is_empty());
    }

    #[test]
    fn a_group_row_across_the_table_stays_in_it_and_a_heading_over_a_header_ends_it() {
        let mut pages = vec![vec![
            header(700.0),
            line(685.0, &[(90.0, "一、产业发展")]),
            line(
                670.0,
                &[
                    (72.0, "1"),
                    (120.0, "甲任务。"),
                    (260.0, "省民政厅"),
                    (360.0, "省财政厅"),
                ],
            ),
            line(655.0, &[(90.0, "二、民生保障")]),
            line(
                640.0,
                &[
                    (72.0, "2"),
                    (120.0, "乙任务。"),
                    (260.0, "省卫健委"),
                    (360.0, ""),
                ],
            ),
            line(610.0, &[(72.0, "三、保障措施")]),
            header(595.0),
            line(
                580.0,
                &[
                    (72.0, "3"),
                    (120.0, "丙任务。"),
                    (260.0, "省司法厅"),
                    (360.0, ""),
                ],
            ),
        ]];
        let grids = take(&mut pages);
        let rows: Vec<Vec<Vec<&str>>> = grids.iter().map(cells).collect();
        assert_eq!(
            rows,
            [
                vec![
                    vec!["序号", "重点任务", "牵头单位", "配合单位"],
                    vec!["一、产业发展", "", "", ""],
                    vec!["1", "甲任务。", "省民政厅", "省财政厅"],
                    vec!["二、民生保障", "", "", ""],
                    vec!["2", "乙任务。", "省卫健委", ""],
                ],
                vec![
                    vec!["序号", "重点任务", "牵头单位", "配合单位"],
                    vec!["3", "丙任务。", "省司法厅", ""],
                ],
            ]
        );
        let texts: Vec<&str> = pages[0].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts[1], "三、保障措施");
    }

    #[test]
    fn a_page_of_more_lines_than_any_printed_page_is_not_searched() {
        let rows: Vec<Line> = (0..=MAX_PAGE_LINES)
            .map(|n| {
                line(
                    800.0 - n as f32,
                    &[(72.0, "1"), (120.0, "甲"), (260.0, "乙")],
                )
            })
            .collect();
        let mut pages = vec![rows];
        assert!(take(&mut pages).is_empty());
        assert_eq!(pages[0].len(), MAX_PAGE_LINES + 1);
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
