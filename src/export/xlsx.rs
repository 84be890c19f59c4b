//! Sheets and the ledger report as Excel workbooks (.xlsx), the way a supervision office passes
//! the 台账 around: real dates, the light as a word and a fill, a frozen and filtered header,
//! columns as wide as their Chinese text, and a page set up to print. The bytes are built in
//! memory; writing them is [`super::write_new`]'s job, atomically like every other file.

use super::sheet::{Sheet, SheetRow, columns};
use crate::ledger::trend::Week;
use crate::ledger::{Light, report::Report};
use crate::words::{Lang, LightWords, StatusWords, ledger_words, office_words};
use chrono::{Datelike, NaiveDate};
use dutymatrix_base::text::width;
use rust_xlsxwriter::{
    Chart, ChartType, Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// The widest a column grows, in Excel's character units; longer text wraps.
const MAX_WIDTH: usize = 36;
/// A row's height per line of text, in points (11-point 宋体 with its leading).
const ROW_HEIGHT: f64 = 15.0;
/// Excel refuses a cell over 32,767 characters.
const MAX_CELL_CHARS: usize = 32_000;
/// The bar chart shows this many units at most (the report's order: most red first).
const CHART_UNITS: usize = 25;

/// The bar chart's height in pixels for `units` bars.
fn bars_height(units: u32) -> u32 {
    120 + 24 * units
}

/// The fill and font of each light, distinct in black and white too: red is dark with white
/// bold text, yellow pale, green a middle grey, grey a light grey with grey text.
fn light_format(light: Light) -> Format {
    let base = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    match light {
        Light::Red => base
            .set_background_color(Color::RGB(0xC0_00_00))
            .set_font_color(Color::White)
            .set_bold(),
        Light::Yellow => base.set_background_color(Color::RGB(0xFF_E6_99)),
        Light::Green => base.set_background_color(Color::RGB(0x70_AD_47)),
        Light::Grey => base
            .set_background_color(Color::RGB(0xD9_D9_D9))
            .set_font_color(Color::RGB(0x59_59_59))
            .set_italic(),
    }
}

/// The colour a light's series has in a chart.
pub fn light_rgb(light: Light) -> u32 {
    match light {
        Light::Red => 0xC0_00_00,
        Light::Yellow => 0xFF_C0_00,
        Light::Green => 0x70_AD_47,
        Light::Grey => 0xA6_A6_A6,
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

fn clip(s: &str) -> String {
    if s.len() <= MAX_CELL_CHARS {
        return s.to_string();
    }
    s.chars().take(MAX_CELL_CHARS / 4).collect()
}

/// A page-header field: `&` is the header's escape character.
fn header_text(s: &str) -> String {
    s.chars().take(80).collect::<String>().replace('&', "&&")
}

/// A cell as the workbook holds it.
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Light(Light),
    Empty,
}

pub fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(clip(s))
    }
}

fn row_cells(r: &SheetRow, lang: Lang) -> Vec<Cell> {
    let s = lang.strings();
    vec![
        text(&r.section),
        text(&r.unit),
        r.level.map_or(Cell::Empty, |l| text(s.level(l))),
        r.role.map_or(Cell::Empty, |x| text(s.role(x))),
        text(&r.leads.join("、")),
        text(&r.task_id),
        text(&r.task),
        text(&r.document),
        r.due.map_or(Cell::Empty, Cell::Date),
        r.days_left.map_or(Cell::Empty, |d| Cell::Number(d as f64)),
        text(&lang.script(&r.deadline)),
        r.light.map_or(Cell::Empty, Cell::Light),
        r.status.map_or(Cell::Empty, |x| text(x.word(lang))),
        r.progress.as_deref().map_or(Cell::Empty, text),
    ]
}

/// The formats a table shares, made once per workbook.
struct Formats {
    head: Format,
    text: Format,
    wrap: Format,
    date: Format,
    number: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_name("宋体");
        Formats {
            head: Format::new()
                .set_bold()
                .set_font_name("黑体")
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xDD_EB_F7))
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            wrap: cell.clone().set_text_wrap(),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            number: cell.clone(),
            text: cell,
        }
    }
}

/// Writes a table: the header, the rows, widths fitted to display width (a Chinese character
/// is two), long text wrapped, the header frozen and filtered, and the page set up to print.
fn table(
    ws: &mut Worksheet,
    f: &Formats,
    head: &[&str],
    rows: &[Vec<Cell>],
    title: &str,
    today: NaiveDate,
    lang: Lang,
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = head.iter().map(|h| width(h) + 2).collect();
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.head)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        // A wrapped cell's lines: the row is made that tall, since LibreOffice does not grow a
        // row for wrapped text on opening (Excel does).
        let mut lines = 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let w = match cell {
                Cell::Text(s) => {
                    let w = width(s);
                    let fmt = if w + 2 > MAX_WIDTH {
                        lines = lines.max(w.div_ceil(MAX_WIDTH - 4));
                        &f.wrap
                    } else {
                        &f.text
                    };
                    ws.write_string_with_format(r, col, s, fmt)?;
                    w
                }
                Cell::Number(n) => {
                    ws.write_number_with_format(r, col, *n, &f.number)?;
                    n.to_string().len()
                }
                Cell::Date(d) => {
                    ws.write_datetime_with_format(r, col, excel_date(*d)?, &f.date)?;
                    10
                }
                Cell::Light(l) => {
                    let word = l.word(lang);
                    ws.write_string_with_format(r, col, word, &light_format(*l))?;
                    width(word)
                }
                Cell::Empty => {
                    ws.write_blank(r, col, &f.text)?;
                    0
                }
            };
            if let Some(x) = widths.get_mut(c) {
                *x = (*x).max(w + 2);
            }
        }
        if lines > 1 {
            ws.set_row_height(r, ROW_HEIGHT * lines.min(20) as f64)?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).min(MAX_WIDTH) as f64)?;
    }
    let last_col = head.len().saturating_sub(1) as u16;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, last_col)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    let w = ledger_words(lang);
    ws.set_header(format!(
        "&L&\"黑体,Bold\"{}&R{} {}",
        header_text(title),
        w.today,
        today
    ));
    ws.set_footer("&C&P / &N");
    Ok(())
}

/// A name Excel accepts for a sheet: at most 31 characters, none of `[]:*?/\`, not starting or
/// ending with an apostrophe, unique in the workbook.
fn sheet_name(title: &str, taken: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
        .collect();
    let clean = clean.trim_matches(['\'', ' ']).to_string();
    let stem: String = clean.chars().take(26).collect();
    let stem = if stem.is_empty() { "-".into() } else { stem };
    let mut name = stem.clone();
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        name = format!("{stem} ({n})");
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn sheet_rows(rows: &[SheetRow], lang: Lang) -> Vec<Vec<Cell>> {
    rows.iter().map(|r| row_cells(r, lang)).collect()
}

/// A sheet (a unit's duties, a meeting, the timeline, the matrix) as a one-sheet workbook.
pub fn sheet_workbook(sheet: &Sheet, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    table_workbook(
        &columns(lang),
        &sheet_rows(&sheet.rows, lang),
        &sheet.title,
        sheet.today,
        lang,
    )
}

/// A table of cells as a one-sheet workbook, with the same header, dates, fills and print
/// set-up as every sheet's (the 任务分工表 is made this way).
pub fn table_workbook(
    head: &[&str],
    cells: &[Vec<Cell>],
    title: &str,
    today: NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(title, &mut Vec::new()))?;
    table(ws, &f, head, cells, title, today, lang)?;
    wb.save_to_buffer()
}

/// The ledger report as a workbook: a summary sheet (each unit's counts, a stacked bar chart of
/// lights per unit, the weekly trend and its line chart), then one sheet per document with
/// every task–unit row of it and where it stands. `matrix` is the whole matrix sheet with the
/// ledger's state ([`super::with_ledger`]); its rows are split by document.
pub fn report_workbook(
    report: &Report,
    matrix: &Sheet,
    trend: &[Week],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let (o, w) = (office_words(lang), ledger_words(lang));
    let mut wb = Workbook::new();
    let f = Formats::new();
    let mut taken = Vec::new();
    let summary_name = sheet_name(o.summary, &mut taken);
    let head = super::report::headers(lang);
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let rows: Vec<Vec<Cell>> = report
        .units
        .iter()
        .map(|u| {
            let mut row = vec![text(&dutymatrix_base::text::safe_line(&u.unit))];
            row.extend(u.lights.iter().map(|&n| Cell::Number(n as f64)));
            row.extend(u.statuses.iter().map(|&n| Cell::Number(n as f64)));
            row.push(Cell::Number(u.total as f64));
            row
        })
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name(&summary_name)?;
    let title = format!("{} {}", w.report_title, report.today);
    table(ws, &f, &head, &rows, &title, report.today, lang)?;

    // The trend's table sits to the right of the units' table, its chart below both.
    let t0 = head.len() as u16 + 1;
    ws.write_string_with_format(0, t0, o.week_ending, &f.head)?;
    for (i, l) in Light::ALL.iter().enumerate() {
        ws.write_string_with_format(0, t0 + 1 + i as u16, l.word(lang), &f.head)?;
    }
    for (i, wk) in trend.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_datetime_with_format(r, t0, excel_date(wk.day)?, &f.date)?;
        for (j, n) in wk.lights.iter().enumerate() {
            ws.write_number_with_format(r, t0 + 1 + j as u16, *n as f64, &f.number)?;
        }
    }
    ws.set_column_width(t0, 12)?;

    let shown = report.units.len().min(CHART_UNITS) as u32;
    let below = (report.units.len().max(trend.len()) as u32) + 2;
    if shown > 0 {
        let mut bars = Chart::new(ChartType::BarStacked);
        bars.title().set_name(o.lights_by_unit);
        for (i, l) in Light::ALL.iter().enumerate() {
            let col = 1 + i as u16;
            bars.add_series()
                .set_name((summary_name.as_str(), 0, col))
                .set_categories((summary_name.as_str(), 1, 0, shown, 0))
                .set_values((summary_name.as_str(), 1, col, shown, col))
                .set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                    rust_xlsxwriter::ChartSolidFill::new().set_color(light_rgb(*l)),
                ));
        }
        // A bar chart's axes are turned: x is the values (across), y the units (down). Most red
        // first reads top down, so the units' axis runs reversed (Excel starts at the bottom).
        bars.x_axis().set_name(o.items);
        bars.y_axis().set_reverse();
        bars.set_width(720).set_height(bars_height(shown));
        ws.insert_chart(below, 0, &bars)?;
    }
    if !trend.is_empty() {
        let last = trend.len() as u32;
        let mut line = Chart::new(ChartType::Line);
        line.title().set_name(o.weekly_trend);
        for (i, l) in Light::ALL.iter().enumerate() {
            let col = t0 + 1 + i as u16;
            line.add_series()
                .set_name((summary_name.as_str(), 0, col))
                .set_categories((summary_name.as_str(), 1, t0, last, t0))
                .set_values((summary_name.as_str(), 1, col, last, col))
                .set_format(
                    rust_xlsxwriter::ChartFormat::new().set_line(
                        rust_xlsxwriter::ChartLine::new()
                            .set_color(light_rgb(*l))
                            .set_width(2.25),
                    ),
                );
        }
        line.y_axis().set_name(o.items);
        line.x_axis()
            .set_name(o.week_ending)
            .set_date_axis(true)
            .set_num_format("m-d");
        line.set_width(720);
        // Below the bars: Excel's default row is 20 pixels high.
        let at = below
            + if shown > 0 {
                bars_height(shown) / 20 + 2
            } else {
                0
            };
        ws.insert_chart(at, 0, &line)?;
    }

    // One sheet per document, in the model's order, each with its own rows.
    let mut documents: Vec<&str> = Vec::new();
    for r in &matrix.rows {
        if !documents.contains(&r.document.as_str()) {
            documents.push(&r.document);
        }
    }
    let head = columns(lang);
    for doc in documents {
        let rows: Vec<SheetRow> = matrix
            .rows
            .iter()
            .filter(|r| r.document == doc)
            .cloned()
            .collect();
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(doc, &mut taken))?;
        table(
            ws,
            &f,
            &head,
            &sheet_rows(&rows, lang),
            doc,
            report.today,
            lang,
        )?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_legal_and_unique() {
        let mut taken = Vec::new();
        let a = sheet_name(
            "关于[印发]某某方案的通知：2024/2025年度重点任务分工清单",
            &mut taken,
        );
        let b = sheet_name(
            "关于[印发]某某方案的通知：2024/2025年度重点任务分工清单",
            &mut taken,
        );
        assert_eq!(a.chars().count(), 26);
        assert!(!a.contains(['[', ']', ':', '/']));
        assert_eq!(b, format!("{a} (2)"));
        assert!(b.chars().count() <= 31);
        assert_eq!(sheet_name("''", &mut taken), "-");
    }

    #[test]
    fn page_headers_escape_ampersands() {
        assert_eq!(header_text("A&B"), "A&&B");
    }
}
