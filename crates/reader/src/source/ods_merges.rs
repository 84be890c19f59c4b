//! The merged cells of an OpenDocument sheet, which calamine does not report: read from
//! `content.xml`, a cell's `number-columns-spanned` and `number-rows-spanned` at its row and
//! column, rows and cells repeated (`number-rows-repeated`, `number-columns-repeated`) counted
//! without being made.

use super::xml::{Ev, attr, walk};
use super::zipped::Package;
use super::{Format, SourceError};

/// A merged range, 0-based and inclusive: (first row, first column), (last row, last column).
pub type Merge = ((u32, u32), (u32, u32));

/// Each sheet's name with its merged ranges.
pub fn merges(bytes: &[u8]) -> Result<Vec<(String, Vec<Merge>)>, SourceError> {
    let mut package = Package::open(bytes, Format::Ods)?;
    let Some(xml) = package.part("content.xml")? else {
        return Ok(Vec::new());
    };
    let mut out: Vec<(String, Vec<Merge>)> = Vec::new();
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    let mut depth = 0usize;
    let number = |attrs: &[(&str, String)], name: &str| -> u32 {
        attr(attrs, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(1u32)
            .max(1)
    };
    walk(&xml, |ev| match ev {
        Ev::Start("table", attrs) => {
            depth += 1;
            // A table inside a cell is the cell's content, not a sheet.
            if depth == 1 {
                let name = attr(&attrs, "name").unwrap_or_default().to_string();
                out.push((name, Vec::new()));
                row = 0;
            }
        }
        Ev::End("table") => depth = depth.saturating_sub(1),
        Ev::Start("table-row", attrs) if depth == 1 => {
            col = 0;
            row_repeat = number(&attrs, "number-rows-repeated");
        }
        Ev::End("table-row") if depth == 1 => row = row.saturating_add(row_repeat),
        Ev::Start(name @ ("table-cell" | "covered-table-cell"), attrs) if depth == 1 => {
            let repeat = number(&attrs, "number-columns-repeated");
            let across = number(&attrs, "number-columns-spanned");
            let down = number(&attrs, "number-rows-spanned");
            if name == "table-cell"
                && (across > 1 || down > 1)
                && let Some((_, sheet)) = out.last_mut()
            {
                let end = (row.saturating_add(down - 1), col.saturating_add(across - 1));
                sheet.push(((row, col), end));
            }
            col = col.saturating_add(repeat);
        }
        _ => {}
    })
    .map_err(|e| SourceError::damaged(Format::Ods, e))?;
    Ok(out)
}
