//! A sheet as bytes: CSV that Excel opens with Chinese intact, Markdown for minutes, JSON.

use super::cells::{csv_bytes, inert, md_cell, md_head, md_row};
pub use super::format::Format;
use super::sheet::{Sheet, SheetRow, columns};
use crate::words::Lang;
use crate::words::{LightWords, StatusWords};

/// The sheet's bytes; only a workbook can fail (the writer's own limits), said in its words.
pub fn render(sheet: &Sheet, format: Format, lang: Lang) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Csv => csv(sheet, lang),
        Format::Markdown => markdown(sheet, lang).into_bytes(),
        Format::Json => json(sheet),
        Format::Xlsx => super::xlsx::sheet_workbook(sheet, lang).map_err(|e| e.to_string())?,
    })
}

fn cells(r: &SheetRow, lang: Lang) -> [String; 14] {
    let s = lang.strings();
    [
        inert(&r.section),
        inert(&r.unit),
        r.level.map_or(String::new(), |l| s.level(l).to_string()),
        r.role.map_or(String::new(), |x| s.role(x).to_string()),
        inert(&r.leads.join("、")),
        inert(&r.task_id),
        inert(&r.task),
        inert(&r.document),
        // ISO dates: Excel takes YYYY-MM-DD as a date in every locale.
        r.due
            .map_or(String::new(), |d| d.format("%Y-%m-%d").to_string()),
        r.days_left.map_or(String::new(), |d| d.to_string()),
        // The phrase as written, in the script of the rest of the sheet.
        inert(&lang.script(&r.deadline)),
        r.light.map_or(String::new(), |l| l.word(lang).to_string()),
        r.status.map_or(String::new(), |x| x.word(lang).to_string()),
        r.progress.as_deref().map_or(String::new(), inert),
    ]
}

/// The header and every row as cell text, as CSV and the clipboard carry them.
pub fn table(sheet: &Sheet, lang: Lang) -> Vec<Vec<String>> {
    let mut out = vec![columns(lang).iter().map(|c| c.to_string()).collect()];
    out.extend(sheet.rows.iter().map(|r| cells(r, lang).to_vec()));
    out
}

fn csv(sheet: &Sheet, lang: Lang) -> Vec<u8> {
    // Writing into memory cannot fail short of allocation.
    csv_bytes(table(sheet, lang)).unwrap_or_default()
}

/// The columns a set of minutes needs, in this order: who, what, by when, where it stands.
const MD_COLUMNS: [usize; 11] = [0, 1, 3, 6, 7, 8, 9, 11, 12, 13, 4];

fn markdown(sheet: &Sheet, lang: Lang) -> String {
    let mut out = md_head_of(sheet, sheet.rows.len(), lang);
    for r in &sheet.rows {
        md_sheet_row(&mut out, r, lang);
    }
    out
}

/// The minutes' title, date and row count, then the table's header.
fn md_head_of(sheet: &Sheet, rows: usize, lang: Lang) -> String {
    let m = lang.meeting();
    let head = columns(lang);
    let mut out = format!(
        "# {}\n\n{}：{} · {} {}\n\n",
        md_cell(&sheet.title),
        m.today,
        sheet.today,
        rows,
        m.rows
    );
    out.push_str(&md_head(&MD_COLUMNS.map(|i| head[i])));
    out
}

fn md_sheet_row(out: &mut String, r: &SheetRow, lang: Lang) {
    let c = cells(r, lang);
    md_row(
        out,
        MD_COLUMNS.iter().map(|&i| {
            // Markdown is read, not calculated: the formula guard is not needed here.
            let text = c[i]
                .strip_prefix('\'')
                .filter(|_| c[i].len() > 1 && i != 8 && i != 9);
            text.unwrap_or(&c[i])
        }),
    );
}

/// The I/O error under a CSV writer's, so that a closed pipe is still seen as one.
fn io_error(e: ::csv::Error) -> std::io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// A sheet whose rows are made one at a time (`head` holds none), as CSV or Markdown, each
/// row written to `out` as it comes: the whole matrix held as rows, then as cells, then as text
/// took 2 KB a row. `count` is how many rows will come (Markdown's head says it). The number of
/// rows, or why writing failed; None for the formats that need the whole sheet.
pub fn render_rows_to(
    head: &Sheet,
    (count, rows): (usize, impl Iterator<Item = SheetRow>),
    format: Format,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> Option<std::io::Result<usize>> {
    let mut n = 0;
    match format {
        Format::Csv => {
            let written = (|| {
                out.write_all(super::cells::BOM.as_bytes())?;
                let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(out);
                w.write_record(columns(lang)).map_err(io_error)?;
                for r in rows {
                    w.write_record(cells(&r, lang)).map_err(io_error)?;
                    n += 1;
                }
                w.flush()
            })();
            Some(written.map(|()| n))
        }
        Format::Markdown => {
            let written = (|| {
                out.write_all(md_head_of(head, count, lang).as_bytes())?;
                let mut line = String::new();
                for r in rows {
                    line.clear();
                    md_sheet_row(&mut line, &r, lang);
                    out.write_all(line.as_bytes())?;
                    n += 1;
                }
                Ok(())
            })();
            Some(written.map(|()| n))
        }
        Format::Json | Format::Xlsx => None,
    }
}

fn json(sheet: &Sheet) -> Vec<u8> {
    let v = serde_json::json!({
        "schema": crate::model::SCHEMA,
        "sheet": sheet.kind,
        "title": sheet.title,
        "today": sheet.today,
        "units": sheet.units,
        "rows": sheet.rows,
    });
    let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
    out.push(b'\n');
    out
}
