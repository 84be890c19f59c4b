//! The files an office passes around, read back: workbooks opened with calamine and compared
//! with the model and the ledger, their fills, frozen panes, print set-up and charts checked in
//! the package's XML; the 通报 (.docx), the SVG chart and the reminders.

use crate::common::ledger::day;
use crate::common::{self, Cmd};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use dutymatrix::export::{self, Sheet};
use dutymatrix::ledger::Snapshot;
use dutymatrix::load::{Options, load};
use dutymatrix::model::Model;
use dutymatrix::words::Lang;
use std::io::{Cursor, Read};
use std::path::Path;

mod docx;
mod remind;
mod report;

pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 6, 30).expect("date")
}

fn seeds() -> Model {
    load(&Options::default()).expect("built-ins").model
}

fn cmd(dir: &Path) -> Cmd {
    let mut c = common::cmd();
    c.current_dir(dir).args(["--today", "2022-06-30"]);
    c
}

/// Every sheet of a workbook as text rows: dates as YYYY-MM-DD, numbers as written.
pub(crate) fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an xlsx");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("a sheet");
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            Data::String(s) => s.clone(),
                            Data::Float(f) => format!("{f}"),
                            Data::Int(i) => i.to_string(),
                            Data::DateTime(d) => d
                                .as_datetime()
                                .map(|d| d.date().to_string())
                                .unwrap_or_default(),
                            other => format!("{other:?}"),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

/// One part of the package (xl/styles.xml, xl/worksheets/sheet1.xml …) as text.
pub(crate) fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut out = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut out)
        .expect("UTF-8 XML");
    out
}

/// What the CSV holds for the sheet, cell by cell: the workbook must say the same, save that a
/// workbook cell is text, so the CSV's formula guard (a leading apostrophe) is not there.
fn expected(sheet: &Sheet) -> Vec<Vec<String>> {
    export::table(sheet, Lang::Zh)
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| match c.strip_prefix('\'') {
                    Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
                    _ => c,
                })
                .collect()
        })
        .collect()
}

/// The width `<cols>` gives column `col` (1-based), which may share a `<col>` with neighbours.
fn column_width(sheet: &str, col: u16) -> f64 {
    let attr = |c: &str, name: &str| -> String {
        let tag = format!("{name}=\"");
        let at = c.find(&tag).expect("attribute") + tag.len();
        c[at..].split('"').next().expect("value").to_string()
    };
    sheet
        .split("<col ")
        .skip(1)
        .find(|c| {
            let (min, max): (u16, u16) = (
                attr(c, "min").parse().expect("min"),
                attr(c, "max").parse().expect("max"),
            );
            (min..=max).contains(&col)
        })
        .map(|c| attr(c, "width").parse().expect("a width"))
        .expect("a width for the column")
}

fn written(dir: &Path, args: &[&str], file: &str) -> Vec<u8> {
    let out = cmd(dir).args(args).output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "a workbook goes to its file");
    std::fs::read(dir.join(file)).expect("the workbook")
}

#[test]
fn every_sheet_as_a_workbook_holds_what_the_csv_holds() {
    let m = seeds();
    let dir = tempfile::tempdir().expect("tempdir");
    let units = dutymatrix::cli::UnitNames::with(&m, dutymatrix::words::Lang::Zh, None, None)
        .list("省卫健委,民政局")
        .expect("units");
    let unit = units[0].clone();
    let cp = dutymatrix::counterparts::Counterparts::new(&m);
    let cases: Vec<(Vec<&str>, Sheet)> = vec![
        (
            vec!["export", "--unit", "省卫健委", "-o", "u.xlsx"],
            export::unit_sheet(&m, &cp, &unit, Lang::Zh, today()),
        ),
        (
            vec!["export", "--units", "省卫健委,民政局", "-o", "m.xlsx"],
            export::meeting_sheet(&m, &units, Lang::Zh, today()),
        ),
        (
            vec!["export", "--timeline", "-o", "t.xlsx"],
            export::timeline_sheet(&m, &dutymatrix::timeline::Scope::All, Lang::Zh, today()),
        ),
        (
            vec!["export", "--format", "xlsx", "-o", "x.bin"],
            export::matrix_sheet(&m, Lang::Zh, today()),
        ),
    ];
    for (args, sheet) in cases {
        let file = args.last().expect("a file");
        let bytes = written(dir.path(), &args, file);
        let sheet = export::with_ledger(sheet, &m, &Snapshot::empty(), 30);
        let got = sheets(&bytes);
        assert_eq!(got.len(), 1, "{file}");
        assert!(
            sheet.title.starts_with(&got[0].0),
            "{} / {}",
            got[0].0,
            sheet.title
        );
        let want = expected(&sheet);
        assert!(want.len() > 5, "{file}: a real sheet");
        assert_eq!(got[0].1.len(), want.len(), "{file}: rows");
        for (g, w) in got[0].1.iter().zip(&want) {
            assert_eq!(g, w, "{file}");
        }
        // The due day is a real date, not text: a number with a date format.
        let xml = part(&bytes, "xl/worksheets/sheet1.xml");
        let due = sheet
            .rows
            .iter()
            .position(|r| r.due.is_some())
            .expect("a due day");
        let cell = format!("<c r=\"I{}\"", due + 2);
        let at = xml.find(&cell).expect("the due cell");
        assert!(
            !xml[at..at + 60].contains("t=\"s\""),
            "{}",
            &xml[at..at + 60]
        );
        // Widths follow display width (a Chinese character is two cells), up to 36; text
        // wider than that wraps.
        let widest = |col: usize| want.iter().map(|r| dutymatrix::text::width(&r[col])).max();
        for col in 0..14 {
            let fitted = (widest(col).expect("a column") + 2).min(36) as f64;
            assert!(
                (column_width(&xml, col as u16 + 1) - fitted).abs() < 1.0,
                "{file} column {col}"
            );
        }
        let styles = part(&bytes, "xl/styles.xml");
        let wraps = styles.contains("applyAlignment=\"1\"><alignment wrapText=\"1\"/>");
        // A row with wrapped text is made tall enough for its lines (LibreOffice does not).
        assert_eq!(
            wraps,
            xml.contains("ht=\"30\" customHeight=\"1\""),
            "{file}"
        );
        assert_eq!(
            wraps,
            (0..14).any(|c| widest(c).unwrap_or(0) + 2 > 36),
            "{file}"
        );
    }
}

#[test]
fn the_workbook_has_fills_a_frozen_filtered_header_and_a_print_set_up() {
    // On 2026-12-01 the plan has all four lights: one closed (grey), one due within the
    // window (yellow), one later (green), one past (red).
    let (dir, ledger, _) = report::plan_with_ledger();
    let out = report::dm(dir.path(), &ledger, day("2026-12-01"))
        .args(["export", "--timeline", "-o", "t.xlsx"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(dir.path().join("t.xlsx")).expect("written");
    let words: Vec<String> = sheets(&bytes)[0].1.iter().map(|r| r[11].clone()).collect();
    for w in ["红灯", "黄灯", "绿灯", "灰灯"] {
        assert!(words.iter().any(|x| x == w), "{w}: {words:?}");
    }
    let styles = part(&bytes, "xl/styles.xml");
    for rgb in ["FFC00000", "FFFFE699", "FF70AD47", "FFD9D9D9"] {
        assert!(
            styles.contains(&format!("<fgColor rgb=\"{rgb}\"/>")),
            "fill {rgb}: {styles}"
        );
    }
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("ySplit=\"1\""), "frozen header");
    assert!(sheet.contains("state=\"frozen\""), "frozen header");
    assert!(sheet.contains("<autoFilter ref=\"A1:N"), "filtered header");
    assert!(sheet.contains("orientation=\"landscape\""), "landscape");
    assert!(
        sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
        "fit to width"
    );
    assert!(
        sheet.contains("fitToHeight=\"0\""),
        "as many pages down as needed"
    );
    assert!(
        sheet.contains(
            "<oddHeader>&amp;L&amp;\"黑体,Bold\"时间表：全部&amp;R今天 2026-12-01</oddHeader>"
        ),
        "page header"
    );
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header row repeated"
    );
    assert!(workbook.contains("$1:$1"), "header row repeated");
    // Widths follow display width: the task column (Chinese, long) is wider than the id's.
    let width = |col: u16| -> f64 { column_width(&sheet, col) };
    assert!(
        width(7) > 30.0 && width(6) < 20.0,
        "{} {}",
        width(7),
        width(6)
    );
    // Long text wraps.
    assert!(styles.contains("wrapText=\"1\""));
    // Each light's word sits in a cell with its fill: a red row's light cell uses the red style.
    let red = sheets(&bytes)[0]
        .1
        .iter()
        .position(|r| r[11] == "红灯")
        .expect("a red row");
    let cell = format!("<c r=\"L{}\" s=\"", red + 1);
    let at = sheet.find(&cell).expect("the light cell") + cell.len();
    let style: usize = sheet[at..]
        .split('"')
        .next()
        .expect("s")
        .parse()
        .expect("index");
    let xfs = &styles[styles.find("<cellXfs").expect("cellXfs")..];
    let xf = xfs.split("<xf ").nth(style + 1).expect("the cell's xf");
    let fill: usize = xf
        .split("fillId=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("fillId");
    let fills = &styles[styles.find("<fills").expect("fills")..];
    let red_fill = fills.split("<fill>").nth(fill + 1).expect("the fill");
    assert!(red_fill.contains("FFC00000"), "{red_fill}");
}

#[test]
fn a_workbook_is_never_written_over_unasked_and_needs_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("t.xlsx"), b"mine").expect("write");
    let out = cmd(dir.path())
        .args(["export", "--timeline", "-o", "t.xlsx"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("文件已存在"));
    assert_eq!(
        std::fs::read(dir.path().join("t.xlsx")).expect("read"),
        b"mine"
    );
    let forced = cmd(dir.path())
        .args(["export", "--timeline", "-o", "t.xlsx", "--force"])
        .output()
        .expect("run");
    assert_eq!(forced.status.code(), Some(0));
    assert!(!sheets(&std::fs::read(dir.path().join("t.xlsx")).expect("read")).is_empty());
    let stdout = cmd(dir.path())
        .args(["--lang", "en", "export", "--timeline", "--format", "xlsx"])
        .output()
        .expect("run");
    assert_eq!(stdout.status.code(), Some(2));
    assert!(stdout.stdout.is_empty());
    assert!(String::from_utf8_lossy(&stdout.stderr).contains("need an output file"));
}

#[test]
fn the_dashboards_export_prompt_writes_a_workbook_for_an_xlsx_name() {
    use crate::common::screen::{app, press, render, typed};
    use crossterm::event::KeyCode;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(Lang::Zh);
    a.set_work_dir(dir.path().to_path_buf());
    typed(&mut a, "卫健委");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('t'));
    press(&mut a, KeyCode::Char('e'));
    let name = a.export_prompt().expect("the prompt").to_string();
    assert!(name.ends_with(".csv"), "{name}");
    assert!(render(&mut a, 80, 24)[23].starts_with("导出（可用 .xlsx）到："));
    for _ in 0..3 {
        press(&mut a, KeyCode::Backspace);
    }
    typed(&mut a, "xlsx");
    press(&mut a, KeyCode::Enter);
    let file = dir.path().join(name.replace(".csv", ".xlsx"));
    let bytes = std::fs::read(&file).expect("the workbook");
    let m = seeds();
    let got = sheets(&bytes);
    assert!(got[0].0.starts_with("时间表"), "{}", got[0].0);
    let tasks: std::collections::BTreeSet<&str> = m.tasks.iter().map(|t| t.id.as_str()).collect();
    assert!(got[0].1.len() > 5);
    for r in &got[0].1[1..] {
        assert!(tasks.contains(r[5].as_str()), "{r:?}");
        assert_eq!(r[8].len(), 10, "a due day as a date: {r:?}");
    }
}

#[test]
fn the_dashboard_opens_saying_how_many_of_ones_own_units_items_are_red_or_yellow() {
    use crate::common::ledger::{PLAN, model_of, who, write_plan};
    use dutymatrix::ledger::{Ledger, MemberChange, OpenMode};
    use dutymatrix::tui::app::App;
    let dir = tempfile::tempdir().expect("tempdir");
    let model = model_of(&write_plan(dir.path(), PLAN));
    let path = dir.path().join("team.sqlite3");
    let mut ledger = Ledger::open_as(&path, OpenMode::Create, &who("alice"))
        .expect("open")
        .expect("created");
    for unit in ["市民政局", "市人力资源社会保障局"] {
        ledger
            .change_member(
                &who("alice"),
                &MemberChange::Grant {
                    login: "wangfang".into(),
                    unit: unit.into(),
                },
            )
            .expect("granted");
    }
    drop(ledger);
    // On 2026-12-20 市民政局's plan/1.1 is due in 11 days (yellow), its plan/1.2 far (green);
    // 市人力资源社会保障局's plan/1.3 is a year overdue (red).
    let open = |login: &str, lang: Lang| {
        App::new(model.clone(), lang, day("2026-12-20")).with_ledger_as(
            Some(path.clone()),
            30,
            who(login),
        )
    };
    assert_eq!(
        open("wangfang", Lang::Zh).message(),
        Some("本单位事项：红灯1项，黄灯1项")
    );
    assert_eq!(
        open("wangfang", Lang::En).message(),
        Some("your units: 1 red, 1 yellow")
    );
    assert_eq!(
        open("alice", Lang::Zh).message(),
        None,
        "a supervisor with no units"
    );
    assert_eq!(open("nobody", Lang::Zh).message(), None);
}
