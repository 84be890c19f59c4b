//! Blocks of a container (paragraphs, tables) as the reader's lines: each paragraph a line (its
//! number, which Word keeps apart, put back before its text), each task table's row a line of
//! its own that stands for the row, the table itself handed over as a table. A table that
//! names no task column is page layout: its cells are read as paragraphs.

use super::grid;
use super::lines::Line;
use super::table::Table;
use crate::source::{Block, Locator};

/// The reader's lines, the task tables placed among them (their `lines` are line numbers
/// still, made indices by the reader), and where each line came from (`at[no - 1]`).
pub struct Laid {
    pub lines: Vec<Line>,
    pub tables: Vec<Table>,
    pub at: Vec<Locator>,
}

pub fn lay(blocks: &[Block]) -> Laid {
    let mut laid = Laid {
        lines: Vec::new(),
        tables: Vec::new(),
        at: Vec::new(),
    };
    let push = |laid: &mut Laid, text: &str, at: &Locator| {
        let no = laid.lines.len() + 1;
        let text = super::units::strip_inline_pinyin(text);
        laid.lines.push(Line::new(no, &text));
        laid.at.push(at.clone());
        no
    };
    for block in blocks {
        match block {
            Block::Paragraph(p, at) => {
                let text = match &p.number {
                    Some(n) => format!("{n}{}", p.text),
                    None => p.text.clone(),
                };
                for line in text.split('\n') {
                    push(&mut laid, line, at);
                }
            }
            Block::Table(g) => {
                let Some(head) = grid::header_row(&g.rows) else {
                    for (row, at) in g.rows.iter().zip(&g.at) {
                        let mut last: Option<&String> = None;
                        for cell in row {
                            // A merged cell repeats across the columns it covers: once.
                            if cell.trim().is_empty() || last == Some(cell) {
                                continue;
                            }
                            last = Some(cell);
                            for line in cell.split('\n') {
                                push(&mut laid, line, at);
                            }
                        }
                    }
                    continue;
                };
                // Above the header: a sheet's title and notes, read as lines.
                for (row, at) in g.rows[..head].iter().zip(&g.at) {
                    let mut seen: Vec<&str> = Vec::new();
                    for cell in row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                        if !seen.contains(&cell) {
                            seen.push(cell);
                        }
                    }
                    push(&mut laid, &seen.join(" "), at);
                }
                let nos: Vec<usize> = g.rows[head..]
                    .iter()
                    .zip(&g.at[head.min(g.at.len())..])
                    .map(|(_, at)| push(&mut laid, "", at))
                    .collect();
                let ordinal = laid.tables.len() + 1;
                laid.tables
                    .push(grid::table(&g.rows[head..], &nos, nos.clone(), ordinal));
            }
        }
    }
    laid
}
