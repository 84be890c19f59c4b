//! The cell rules every table written here follows, the sheets' and the ledger report's alike:
//! CSV as UTF-8 with a byte-order mark, no cell a spreadsheet would run as a formula, and
//! Markdown cells that stay one cell on one line.

/// Excel reads a CSV as the local code page unless it opens with a byte-order mark.
pub(super) const BOM: &str = "\u{feff}";

/// A spreadsheet runs a cell that opens with = + - @ as a formula: untrusted text must not. A
/// sign alone is no formula (and `-` is the ledger's mark for "none"), so it stays as it is.
pub fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) && cell.len() > 1 {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Records as CSV bytes after a BOM. Records may differ in length (a report's blank separator
/// line); the cells are written as given, so guard them with [`inert`] first.
pub fn csv_bytes<R, C>(records: R) -> Result<Vec<u8>, ::csv::Error>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<[u8]>,
{
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(BOM.as_bytes().to_vec());
    for record in records {
        w.write_record(record)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// A Markdown table cell: one line, pipes escaped.
pub fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// A Markdown table: the header, the rule, then one line per row, every cell through
/// [`md_cell`].
pub fn md_table<H: AsRef<str>, C: AsRef<str>>(head: &[H], rows: &[Vec<C>]) -> String {
    let mut out = md_head(head);
    for r in rows {
        md_row(&mut out, r.iter().map(AsRef::as_ref));
    }
    out
}

/// A Markdown table's header and rule (see [`md_table`]).
pub fn md_head<H: AsRef<str>>(head: &[H]) -> String {
    let mut out = String::new();
    md_row(&mut out, head.iter().map(AsRef::as_ref));
    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    out
}

/// One line of a Markdown table, appended to `out`.
pub fn md_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(&md_cell(c));
        out.push_str(" |");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_text_and_lone_signs_left() {
        assert_eq!(inert("=SUM(A1:A9)"), "'=SUM(A1:A9)");
        assert_eq!(inert("@cmd"), "'@cmd");
        assert_eq!(inert("-"), "-");
        assert_eq!(inert("市民政局"), "市民政局");
    }

    #[test]
    fn markdown_tables_keep_one_cell_per_cell() {
        assert_eq!(
            md_table(&["单位", "情况"], &[vec!["a|b", "c\\"]]),
            "| 单位 | 情况 |\n|---|---|\n| a\\|b | c\\\\ |\n"
        );
    }

    #[test]
    fn csv_opens_with_a_bom_and_takes_ragged_records() {
        let bytes = csv_bytes([vec!["a", "b,c"], vec![""], vec!["甲"]]).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}a,\"b,c\"\n\"\"\n甲\n"
        );
    }
}
