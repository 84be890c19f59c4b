//! Workbooks (.xlsx, .xlsm, .xls, .ods) through calamine: every sheet a grid, merged ranges
//! (an .ods's read by `ods_merges`) copied into each cell they cover (a merged 工作任务 cell belongs to every row it spans), dates
//! stored as Excel serials written as dates.

use super::zipped;
use super::{Block, Format, Grid, Locator, SourceError};
use calamine::{Data, Dimensions, Reader, Sheets};
use std::io::Cursor;

/// A sheet of a policy document has tens or hundreds of rows; more than this is not one, and
/// reading it would only cost memory.
pub const MAX_ROWS: usize = 100_000;
/// Columns read; a 分工表 has under ten.
pub const MAX_COLS: usize = 64;

pub fn blocks(format: Format, bytes: &[u8]) -> Result<Vec<Block>, SourceError> {
    if format != Format::Xls {
        // calamine unpacks the parts itself: the package's declared sizes are checked first.
        zipped::check_declared(bytes, format)?;
    }
    if format == Format::Xlsx {
        // calamine reads a sheet whole before its size is known: rows are counted first.
        let rows = zipped::count_in_parts(bytes, format, "xl/worksheets/", b"<row")?;
        if rows > MAX_ROWS {
            return Err(too_many_rows(format));
        }
    }
    // The format is known from the content: each reader opened as itself, so a damaged file
    // says what is wrong with it rather than that its kind is unknown.
    let cursor = Cursor::new(bytes);
    let mut book = match format {
        Format::Xls => calamine::Xls::new(cursor)
            .map(Sheets::Xls)
            .map_err(calamine::Error::Xls),
        Format::Ods => calamine::Ods::new(cursor)
            .map(Sheets::Ods)
            .map_err(calamine::Error::Ods),
        _ => calamine::Xlsx::new(cursor)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::Xlsx),
    }
    .map_err(|e| error(format, e))?;
    // calamine keeps an OpenDocument sheet's merged cells to itself: they are read apart. A
    // content.xml it could read but this cannot leaves the cells unmerged, not the file unread.
    let ods = if format == Format::Ods {
        super::ods_merges::merges(bytes).unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    let mut rows_read = 0usize;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| error(format, e))?;
        let merges = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => ods
                .iter()
                .find(|(sheet, _)| *sheet == name)
                .map(|(_, m)| m.iter().map(|&(s, e)| Dimensions::new(s, e)).collect())
                .unwrap_or_default(),
        };
        let Some((r0, c0)) = range.start() else {
            continue;
        };
        let (height, width) = range.get_size();
        rows_read += height;
        if rows_read > MAX_ROWS {
            return Err(too_many_rows(format));
        }
        let width = width.min(MAX_COLS);
        let mut rows: Vec<Vec<String>> = range
            .rows()
            .map(|row| row.iter().take(width).map(cell_text).collect())
            .collect();
        for m in &merges {
            let value = {
                let (r, c) = (
                    m.start.0.wrapping_sub(r0) as usize,
                    m.start.1.wrapping_sub(c0) as usize,
                );
                rows.get(r)
                    .and_then(|row| row.get(c))
                    .cloned()
                    .unwrap_or_default()
            };
            // A range reaching past the grid (a crafted span of a billion rows) stops at its edge.
            let last_row = m.end.0.min(r0.saturating_add(rows.len() as u32));
            let last_col = m.end.1.min(c0.saturating_add(width as u32));
            for r in m.start.0..=last_row {
                for c in m.start.1..=last_col {
                    let (r, c) = (r.wrapping_sub(r0) as usize, c.wrapping_sub(c0) as usize);
                    if let Some(cell) = rows.get_mut(r).and_then(|row| row.get_mut(c)) {
                        cell.clone_from(&value);
                    }
                }
            }
        }
        let at = (0..rows.len())
            .map(|i| Locator::Cell {
                sheet: name.clone(),
                row: r0 + i as u32 + 1,
                col: c0,
            })
            .collect();
        out.push(Block::Table(Grid { rows, at }));
    }
    Ok(out)
}

/// A cell as the sheet shows it: whole numbers without `.0`, dates as 2024年6月30日.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => {
                use chrono::Datelike;
                format!("{}年{}月{}日", t.year(), t.month(), t.day())
            }
            _ => dt.as_f64().to_string(),
        },
        // An OpenDocument date: `2025-12-31`, perhaps with a time.
        Data::DateTimeIso(s) => {
            match chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => {
                    use chrono::Datelike;
                    format!("{}年{}月{}日", d.year(), d.month(), d.day())
                }
                Err(_) => s.clone(),
            }
        }
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) => String::new(),
    }
}

fn too_many_rows(format: Format) -> SourceError {
    SourceError::TooLarge {
        format: format.name().to_string(),
        detail: format!("over {MAX_ROWS} rows"),
    }
}

fn error(format: Format, e: calamine::Error) -> SourceError {
    let password = matches!(
        &e,
        calamine::Error::Xlsx(calamine::XlsxError::Password)
            | calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Ods(calamine::OdsError::Password)
    );
    if password {
        SourceError::Encrypted
    } else {
        SourceError::damaged(format, e)
    }
}
