//! The formats an office keeps, read as they come: the plan of a real published document
//! (泰安市康养福地建设实施意见, `data/sources/`) made into Word, a web page and Markdown reads as its
//! text does; its 分工表 in Excel, Word and a web page reads into the same tasks and roles; old and
//! unread formats are refused saying what to do; a wrong extension does not matter. How each
//! file was made is in `tests/formats/README.md`.

use crate::common::{self, cmd};
use dutymatrix::extract::{self, ExtractError, Extraction};
use dutymatrix::model::{Model, Role};
use dutymatrix::source::{self, Block, Format, Locator, SourceError};

const TAIAN: &str = "taian-2021-kangyang-fudi-shishi-yijian";

pub fn file(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/formats/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|_| panic!("missing {path}"))
}

fn ext(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(_, e)| e)
}

pub fn read(name: &str) -> Extraction {
    extract::read_as(name, &file(name), None, ext(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn text_model() -> Model {
    let path = format!("{}/data/sources/{TAIAN}.txt", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).expect("the built-in text");
    extract::read(TAIAN, &bytes, None).expect("reads").model
}

/// Title, assignees and deadline of each task: what the reader made of it, whatever the format.
fn tasks(m: &Model) -> Vec<String> {
    m.tasks
        .iter()
        .map(|t| {
            let deadline = t.deadline.as_ref().and_then(|d| d.date);
            format!(
                "{}\t{}\t{deadline:?}",
                t.title_simplified(),
                common::assignees(m, t)
            )
        })
        .collect()
}

/// The plan as Word numbered it, as a web page served it (GB2312, menu, script, footer) and as
/// Markdown kept it reads into exactly the tasks its text does: 13 tasks, 12 with units.
#[test]
fn the_plan_in_word_a_web_page_and_markdown_reads_as_its_text() {
    let want = tasks(&text_model());
    assert_eq!(want.len(), 13);
    for name in [
        "taian-kangyang.docx",
        "taian-kangyang.html",
        "taian-kangyang.md",
    ] {
        let x = read(name);
        assert_eq!(tasks(&x.model), want, "{name}");
        let doc = &x.model.documents[0];
        assert_eq!(doc.title, "泰安市康养福地建设实施意见", "{name}");
        assert_eq!(doc.number.as_deref(), Some("泰政发〔2021〕5号"), "{name}");
    }
}

/// Word's automatic numbering is not in the text: the headings are numbered from numbering.xml
/// (一、 and （一）), and the outline is built on them.
#[test]
fn word_numbering_is_put_back() {
    let bytes = file("taian-kangyang.docx");
    let document = String::from_utf8_lossy(&bytes).into_owned();
    // The package is compressed: the numbers are nowhere in it as text.
    assert!(!document.contains("（一）"));
    let x = read("taian-kangyang.docx");
    let t = &x.model.tasks[0];
    assert_eq!(
        (t.number.as_str(), t.title.as_str()),
        ("（一）", "全面提升医疗卫生服务水平")
    );
    assert_eq!(*t.section, ["三、主要任务"]);
    assert_eq!(x.format, "docx");
    assert_eq!(x.locator(t.lines[0]), Locator::Paragraph(14));
}

/// The 分工表 in Excel (a merged title row, the header on row 3, a 领域 column merged down,
/// dates stored as serials), in Word (a group row merged across) and on a web page (rowspan,
/// colspan, units split by <br>): the same 8 tasks, the first unit leading and the others
/// supporting, as the plan's text names them.
#[test]
fn the_division_table_in_excel_word_and_a_web_page() {
    let plan = text_model();
    let want: Vec<(String, Vec<(String, Role)>)> = plan
        .tasks
        .iter()
        .filter(|t| *t.section == ["三、主要任务"])
        .map(|t| {
            let units = t
                .assignments
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let role = if i == 0 { Role::Lead } else { Role::Support };
                    (a.unit.to_string(), role)
                })
                .collect();
            (t.title_simplified().to_string() + "。", units)
        })
        .collect();
    assert_eq!(want.len(), 8);
    for name in [
        "taian-fengong.xlsx",
        "taian-fengong.xls",
        "taian-fengong.ods",
        "taian-fengong.docx",
        "taian-fengong.html",
    ] {
        let x = read(name);
        let got: Vec<(String, Vec<(String, Role)>)> = x
            .model
            .tasks
            .iter()
            .map(|t| {
                let units = t
                    .assignments
                    .iter()
                    .map(|a| (a.unit.to_string(), a.role))
                    .collect();
                (t.text_simplified().to_string(), units)
            })
            .collect();
        assert_eq!(got, want, "{name}");
        let pairs: usize = x.model.tasks.iter().map(|t| t.assignments.len()).sum();
        assert_eq!(pairs, 45, "{name}");
        let first = &x.model.tasks[0];
        assert_eq!(first.number, "1", "{name}");
        assert_eq!(
            first
                .deadline
                .as_ref()
                .and_then(|d| d.date)
                .map(|d| d.to_string()),
            Some("2025-12-31".to_string()),
            "{name}"
        );
    }
    let x = read("taian-fengong.xlsx");
    assert_eq!(
        x.model.documents[0].title,
        "泰安市康养福地建设重点任务分工表"
    );
    let t = &x.model.tasks[2];
    assert_eq!(
        x.locator(t.lines[0]),
        Locator::Cell {
            sheet: "分工表".into(),
            row: 6,
            col: 0
        }
    );
    assert_eq!(x.locator(t.lines[0]).shown(), "分工表!A6");
    // The .ods's merges, which calamine does not report, are read from its content.xml: the
    // 领域 cell merged down 8 rows and the title across 6 columns fill every cell they cover.
    let blocks = source::blocks(Format::Ods, &file("taian-fengong.ods"), None).expect("ods");
    let [Block::Table(g)] = blocks.as_slice() else {
        panic!("one sheet: {blocks:?}")
    };
    let column: Vec<&str> = g.rows[3..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(column, ["康养产业"; 8]);
    assert!(
        g.rows[0]
            .iter()
            .all(|c| c == "泰安市康养福地建设重点任务分工表")
    );
    let w = read("taian-fengong.docx");
    assert_eq!(w.model.tasks[0].section[..], ["一、康养产业"]);
    assert_eq!(
        w.locator(w.model.tasks[0].lines[0]),
        Locator::TableRow { table: 1, row: 3 }
    );
}

/// The extension does not decide: a Word file named .txt, a web page with none, read all the
/// same; a file of no known kind is still refused as binary.
#[test]
fn content_decides_not_the_extension() {
    let docx = file("taian-kangyang.docx");
    let x = extract::read_as("renamed", &docx, None, Some("txt")).expect("reads");
    assert_eq!((x.format, x.model.tasks.len()), ("docx", 13));
    let html = file("taian-kangyang.html");
    let x = extract::read_as("page", &html, None, None).expect("reads");
    assert_eq!((x.format, x.model.tasks.len()), ("html", 13));
    let xlsx = file("taian-fengong.xlsx");
    let x = extract::read("sheet", &xlsx, None).expect("reads");
    assert_eq!((x.format, x.model.tasks.len()), ("xlsx", 8));
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert!(matches!(
        extract::read_as("noise", &noise, None, Some("docx")),
        Err(ExtractError::Decode(_))
    ));
}

/// An old Word file, a WPS 文字 file (the same binary format) and a WPS 表格 file that is not a
/// BIFF workbook are refused, each named, saying 「请另存为 .docx」 (or .xlsx); an .et that is
/// a BIFF workbook inside, as WPS saves one for Excel, is read as the workbook it is.
#[test]
fn old_and_unread_formats_say_what_to_do() {
    let err = |name: &str| extract::read_as(name, &file(name), None, ext(name)).err();
    assert_eq!(
        err("taian-kangyang.doc"),
        Some(ExtractError::Source(SourceError::Unsupported("doc".into())))
    );
    let dir = tempfile::tempdir().expect("dir");
    let doc = dir.path().join("通知.doc");
    std::fs::write(&doc, file("taian-kangyang.doc")).expect("write");
    let wps = dir.path().join("通知.wps");
    std::fs::write(&wps, file("taian-kangyang.doc")).expect("write");
    // An OLE file with no Word or workbook stream in it, named .et.
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend("WpsContent".encode_utf16().flat_map(u16::to_le_bytes));
    ole.resize(4096, 0);
    let et = dir.path().join("分工表.et");
    std::fs::write(&et, &ole).expect("write");
    for (path, says) in [
        (
            &doc,
            "通知.doc: 是 Word 97-2003 文档（.doc），无法直接读取：请另存为 .docx",
        ),
        (
            &wps,
            "通知.wps: 是 WPS 文字文档（.wps），无法直接读取：请另存为 .docx",
        ),
        (
            &et,
            "分工表.et: 是 WPS 表格（.et），无法直接读取：请另存为 .xlsx",
        ),
    ] {
        let out = cmd().arg("check").arg(path).output().expect("runs");
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{stderr}");
    }
    let x = extract::read_as("分工表", &file("taian-fengong.xls"), None, Some("et"))
        .expect("a BIFF workbook named .et");
    assert_eq!((x.format, x.model.tasks.len()), ("xls", 8));
    let pairs: usize = x.model.tasks.iter().map(|t| t.assignments.len()).sum();
    assert_eq!(pairs, 45);
}

/// A folder reads every supported file in it and reports the one it cannot read, with why.
#[test]
fn a_folder_of_mixed_formats() {
    let dir = tempfile::tempdir().expect("dir");
    for name in [
        "taian-kangyang.docx",
        "taian-fengong.xlsx",
        "taian-kangyang.doc",
    ] {
        std::fs::write(dir.path().join(name), file(name)).expect("write");
    }
    std::fs::write(dir.path().join("notes.png"), b"\x89PNG not a document").expect("write");
    let out = cmd()
        .args(["--no-builtin", "--no-cache", "--lang", "en", "--doc"])
        .arg(dir.path())
        .args(["tasks", "养老"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for id in [
        "taian-kangyang/",
        "taian-fengong/t1.3  加快发展健康养老服务业",
    ] {
        assert!(stdout.contains(id), "{stdout}");
    }
    assert!(
        stderr.contains(
            "taian-kangyang.doc: is a .doc file, which this reader does not open: save it as .docx"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("notes.png"), "{stderr}");
}

/// `check` names a container's places as the user finds them (a sheet's cell, a paragraph),
/// and the JSON of `check` and `export` carries the format and each task's place.
#[test]
fn places_in_check_and_export() {
    let dir = tempfile::tempdir().expect("dir");
    let xlsx = dir.path().join("分工表.xlsx");
    std::fs::write(&xlsx, file("taian-fengong.xlsx")).expect("write");
    let docx = dir.path().join("意见.docx");
    std::fs::write(&docx, file("taian-kangyang.docx")).expect("write");
    let out = cmd()
        .arg("check")
        .arg(&xlsx)
        .arg(&docx)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("分工表.xlsx (xlsx)"), "{stdout}");
    assert!(
        stdout.contains("\n分工表!A4  1 全面提升医疗卫生服务水平\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n第14段  （一） 全面提升医疗卫生服务水平\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  第23段  任务未标注单位：加强组织领导\n"),
        "{stdout}"
    );
    let out = cmd()
        .args(["--no-builtin", "--doc"])
        .arg(&xlsx)
        .args(["export", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["documents"][0]["format"], "xlsx");
    assert_eq!(
        v["tasks"][0]["at"],
        serde_json::json!({"cell": {"sheet": "分工表", "row": 4, "col": 0}})
    );
    let out = cmd()
        .args(["--lang", "en", "check", "--json"])
        .arg(&docx)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["format"], "docx");
    assert_eq!(v[0]["tasks"][0]["at"], serde_json::json!({"paragraph": 14}));
    assert_eq!(
        v[0]["notices"][0]["at"],
        serde_json::json!({"paragraph": 23})
    );
}

/// The task view's 出处 names the sheet's cell of a task read from a workbook.
#[test]
fn the_task_view_names_the_cell() {
    use crate::common::screen::{press, render, typed};
    use crossterm::event::KeyCode;
    use dutymatrix::tui::app::{App, Screen};
    let model = read("taian-fengong.xlsx").model;
    let today = chrono::NaiveDate::from_ymd_opt(2024, 11, 22).expect("date");
    let mut a = App::new(model, dutymatrix::words::Lang::Zh, today);
    typed(&mut a, "市体育局");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Enter);
    let Screen::Task { task, .. } = a.screen() else {
        panic!("task view expected")
    };
    let at = *a.model().tasks[task].at.clone().expect("a place");
    let Locator::Cell { row, .. } = at else {
        panic!("a cell: {at:?}")
    };
    let place = format!("分工表!A{row}");
    let screen = render(&mut a, 100, 30).join("\n");
    assert!(screen.contains(&place), "{place} not in\n{screen}");
}

/// Headings Markdown marks but the text does not number (`##`, `###`, a whole-line bold) are
/// numbered by level for the outline (一、, （一）); the lone `#` is the title.
#[test]
fn unnumbered_markdown_headings_make_the_outline() {
    let md = "# 某市养老服务提升实施方案\n\n## 总体要求\n\n坚持以人民为中心。\n\n## 主要任务\n\n\
              ### 建设社区养老服务中心\n\n每个街道建成一处。（牵头单位：市民政局；配合单位：市财政局）\n\n\
              **推进医养结合**\n\n支持养老机构设医务室。（责任单位：市卫生健康委）\n";
    let x = extract::read_as("plan.md", md.as_bytes(), None, Some("md")).expect("reads");
    let got: Vec<(String, String, Vec<String>, String)> = x
        .model
        .tasks
        .iter()
        .map(|t| {
            (
                t.number.to_string(),
                t.title.to_string(),
                t.section.iter().map(|s| s.to_string()).collect(),
                crate::common::assignees(&x.model, t),
            )
        })
        .collect();
    let want = [
        ("（一）", "建设社区养老服务中心", "市民政局:L、市财政局:S"),
        ("（二）", "推进医养结合", "市卫生健康委:R"),
    ]
    .map(|(n, t, a)| {
        (
            n.into(),
            t.into(),
            vec!["二、主要任务".to_string()],
            a.into(),
        )
    });
    assert_eq!(got, want);
    assert_eq!(x.model.documents[0].title, "某市养老服务提升实施方案");
}
