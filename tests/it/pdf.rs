//! PDF with a text layer: the 泰安 plan printed as a 公文 by LibreOffice (a running header, page
//! numbers 「- N -」, lines broken mid-sentence and mid-name) reads into the tasks and (unit,
//! role) pairs of its text, each task placed on its page; a PDF written by hand with an
//! Identity-H font whose characters only its ToUnicode map knows reads too; a scan, a PDF
//! locked by a password and one of ten thousand pages are refused saying why. Text inside
//! form XObjects reads where the forms put it.

use super::formats::{file, read};
use crate::common::cmd;
use dutymatrix::extract::{self, ExtractError};
use dutymatrix::model::{Model, Role};
use dutymatrix::source::{Locator, SourceError};

const TAIAN: &str = "taian-2021-kangyang-fudi-shishi-yijian";

fn text_model() -> Model {
    let path = format!("{}/data/sources/{TAIAN}.txt", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).expect("the built-in text");
    extract::read(TAIAN, &bytes, None).expect("reads").model
}

/// Each task's number, title and deadline with its (unit, role) pairs.
type Pairs = Vec<(String, String, Vec<(String, Role)>)>;

fn pairs(m: &Model) -> Pairs {
    m.tasks
        .iter()
        .map(|t| {
            let units = t
                .assignments
                .iter()
                .map(|a| (a.unit.to_string(), a.role))
                .collect();
            (
                t.number.to_string(),
                t.title_simplified().to_string(),
                units,
            )
        })
        .collect()
}

#[test]
fn the_printed_plan_reads_as_its_text() {
    let want = text_model();
    let x = read("taian-kangyang.pdf");
    assert_eq!(x.format, "pdf");
    let got = &x.model;
    assert_eq!(pairs(got), pairs(&want));
    assert_eq!(got.tasks.len(), 13);
    let with_units = got.tasks.iter().filter(|t| !t.assignments.is_empty());
    assert_eq!(with_units.count(), 12);
    let n: usize = got.tasks.iter().map(|t| t.assignments.len()).sum();
    assert_eq!(
        n,
        want.tasks
            .iter()
            .map(|t| t.assignments.len())
            .sum::<usize>()
    );
    assert_eq!(n, 68);
    // The texts too: nothing of the header or the page numbers in them, no line break left.
    let texts = |m: &Model| -> Vec<String> {
        m.tasks
            .iter()
            .map(|t| t.text_simplified().to_string())
            .collect()
    };
    assert_eq!(texts(got), texts(&want));
    let doc = &got.documents[0];
    assert_eq!(doc.title, "泰安市康养福地建设实施意见");
    assert_eq!(doc.number.as_deref(), Some("泰政发〔2021〕5号"));
    // (一) starts on page 2, (三) on page 3; the last task, (五) of 四、, on page 8.
    let t = &got.tasks[0];
    assert_eq!(x.locator(t.lines[0]), Locator::Page(2));
    assert_eq!(x.locator(t.lines[0]).shown(), "第2页");
    assert_eq!(x.locator(got.tasks[2].lines[0]), Locator::Page(3));
    let last = got.tasks.last().expect("tasks");
    assert_eq!(x.locator(last.lines[0]), Locator::Page(8));
}

#[test]
fn a_scan_and_a_locked_pdf_say_why() {
    let err = |name: &str| extract::read_as(name, &file(name), None, Some("pdf")).err();
    assert_eq!(
        err("taian-kangyang-scan.pdf"),
        Some(ExtractError::Source(SourceError::ScannedPdf))
    );
    assert_eq!(
        err("taian-kangyang-locked.pdf"),
        Some(ExtractError::Source(SourceError::EncryptedPdf))
    );
    let dir = tempfile::tempdir().expect("dir");
    let scan = dir.path().join("扫描件.pdf");
    std::fs::write(&scan, file("taian-kangyang-scan.pdf")).expect("write");
    let out = cmd().arg("check").arg(&scan).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("是扫描件 PDF，没有文字层：请先做文字识别（OCR）"),
        "{stderr}"
    );
}

/// `check` and the JSON name a PDF task's page.
#[test]
fn check_and_export_name_the_page() {
    let dir = tempfile::tempdir().expect("dir");
    let pdf = dir.path().join("意见.pdf");
    std::fs::write(&pdf, file("taian-kangyang.pdf")).expect("write");
    let out = cmd().arg("check").arg(&pdf).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("意见.pdf (pdf)"), "{stdout}");
    assert!(
        stdout.contains("\n第2页  (一) 全面提升医疗卫生服务水平\n"),
        "{stdout}"
    );
    let out = cmd()
        .args(["--no-builtin", "--doc"])
        .arg(&pdf)
        .args(["export", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["documents"][0]["format"], "pdf");
    assert_eq!(v["tasks"][0]["at"], serde_json::json!({"page": 2}));
}

/// A PDF as other producers write one: a Type0 font, Identity-H (two-byte glyph numbers), a
/// ToUnicode map the only way to its characters; strings placed by Td, TD, T* and Tm, with TJ
/// adjustments between them, not in reading order in the stream.
pub fn pdf_of(pages: &[String], cmap: &str) -> Vec<u8> {
    pdf_with(pages, cmap, &[], "")
}

/// A stream object: its dictionary's entries and its content.
fn stream(entries: &str, content: &str) -> String {
    format!(
        "<< {entries} /Length {} >>\nstream\n{content}\nendstream",
        content.len() + 1
    )
}

/// As `pdf_of`, with `extra` objects numbered from 6 and the pages' XObject resources.
fn pdf_with(pages: &[String], cmap: &str, extra: &[String], xobjects: &str) -> Vec<u8> {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(),
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
         /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
            .into(),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>"
            .into(),
        format!(
            "<< /Length {} >>\nstream\n{cmap}\nendstream",
            cmap.len() + 1
        ),
    ];
    objects.extend(extra.iter().cloned());
    let mut kids = Vec::new();
    for content in pages {
        let n = objects.len();
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ));
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R >>",
            n + 1
        ));
        kids.push(format!("{} 0 R", n + 2));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} /Resources << /Font << /F1 3 0 R >> \
         /XObject << {xobjects} >> >> >>",
        kids.join(" "),
        pages.len()
    );
    let mut out = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// Glyph numbers for the characters of a text, and the ToUnicode map that undoes them.
#[derive(Default)]
pub struct Glyphs(Vec<char>);

impl Glyphs {
    /// `<0001 0002 …>`: the text as glyph numbers.
    pub fn hex(&mut self, text: &str) -> String {
        let mut out = String::from("<");
        for c in text.chars() {
            let at = match self.0.iter().position(|&k| k == c) {
                Some(at) => at,
                None => {
                    self.0.push(c);
                    self.0.len() - 1
                }
            };
            out.push_str(&format!("{:04X}", at + 1));
        }
        out + ">"
    }

    pub fn cmap(&self) -> String {
        let mut out = String::from(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
             1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
        );
        out.push_str(&format!("{} beginbfchar\n", self.0.len()));
        for (i, c) in self.0.iter().enumerate() {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            out.push_str(&format!("<{:04X}> <{hex}>\n", i + 1));
        }
        out + "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
    }
}

#[test]
fn identity_h_text_through_its_tounicode_map() {
    let mut g = Glyphs::default();
    // Drawn bottom line first; the task's first line in two strings, a TJ with a kerning
    // adjustment between them; the next placed by TD (which sets the leading), the last by T*.
    // A line is 28 characters of 16 points: 90 to 538.
    let page = format!(
        "BT /F1 16 Tf 1 0 0 1 122 560 Tm {last} Tj ET\n\
         BT /F1 16 Tf 1 0 0 1 122 728 Tm {head} Tj ET\n\
         BT /F1 16 Tf 1 0 0 1 122 700 Tm [{a} -20 {b}] TJ\n\
         -32 -28 TD {c} Tj T* {d} Tj ET\n\
         BT /F1 10 Tf 1 0 0 1 280 40 Tm {pn} Tj ET",
        head = g.hex("三、主要任务"),
        a = g.hex("（一）建设"),
        b = g.hex("康养基地。（牵头单位：市卫生健康委；配合单"),
        c = g.hex("位：市民政局、市住房城乡建设局、市科协、市妇联、市发展改"),
        d = g.hex("革委）"),
        last = g.hex("（二）加强宣传。（责任单位：市委宣传部）"),
        pn = g.hex("- 1 -"),
    );
    let bytes = pdf_of(&[page], &g.cmap());
    let x = extract::read_as("hand", &bytes, None, None).expect("reads");
    assert_eq!(x.format, "pdf");
    let got: Vec<(String, Vec<(String, Role)>)> = pairs(&x.model)
        .into_iter()
        .map(|(n, t, u)| (format!("{n}{t}"), u))
        .collect();
    assert_eq!(
        got,
        [
            (
                "（一）建设康养基地".to_string(),
                vec![
                    ("市卫生健康委".to_string(), Role::Lead),
                    ("市民政局".to_string(), Role::Support),
                    ("市住房城乡建设局".to_string(), Role::Support),
                    ("市科协".to_string(), Role::Support),
                    ("市妇联".to_string(), Role::Support),
                    ("市发展改革委".to_string(), Role::Support),
                ]
            ),
            (
                "（二）加强宣传".to_string(),
                vec![("市委宣传部".to_string(), Role::Responsible)]
            ),
        ]
    );
}

/// Word and WPS sometimes put a page's text in form XObjects: a form's text is read where
/// its matrix and the page's put it, in the fonts its own resources name; a form drawing
/// itself, or the form that drew it, is not played again, and an image is passed over.
#[test]
fn text_inside_form_xobjects() {
    let mut g = Glyphs::default();
    // The page draws the header and the second task itself, the first task through Fm1:
    // y 300 in the form is 700 on the page (its matrix adds 250, the page's cm 150), above
    // the second task at 600; without either it would fall below.
    let page = format!(
        "BT /F1 16 Tf 1 0 0 1 122 760 Tm {head} Tj ET\n\
         BT /F1 16 Tf 1 0 0 1 122 600 Tm {last} Tj ET\n\
         q 1 0 0 1 0 150 cm /Fm1 Do Q /Im1 Do",
        head = g.hex("三、主要任务"),
        last = g.hex("（二）加强宣传。（责任单位：市委宣传部）"),
    );
    // Fm1 (object 6): its own font name F2 and matrix; it draws Fm2, its line's end.
    let fm1 = format!(
        "BT /F2 16 Tf 1 0 0 1 82 300 Tm {a} Tj ET /Fm2 Do",
        a = g.hex("（一）建设康养基地。（牵头单位：市卫生健康委；配合单"),
    );
    // Fm2 (object 7) draws itself and Fm1 again: neither is played twice.
    let fm2 = format!(
        "BT /F3 16 Tf 1 0 0 1 50 272 Tm {b} Tj ET /Fm2 Do /Up Do",
        b = g.hex("位：市民政局、市科协）"),
    );
    let extra = [
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 40 250] \
             /Resources << /Font << /F2 3 0 R >> /XObject << /Fm2 7 0 R >> >>",
            &fm1,
        ),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] \
             /Resources << /Font << /F3 3 0 R >> /XObject << /Fm2 7 0 R /Up 6 0 R >> >>",
            &fm2,
        ),
        stream(
            "/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 \
             /ColorSpace /DeviceGray",
            "\u{0}",
        ),
    ];
    let bytes = pdf_with(&[page], &g.cmap(), &extra, "/Fm1 6 0 R /Im1 8 0 R");
    let x = extract::read_as("forms", &bytes, None, None).expect("reads");
    let got: Vec<(String, Vec<(String, Role)>)> = pairs(&x.model)
        .into_iter()
        .map(|(n, t, u)| (format!("{n}{t}"), u))
        .collect();
    assert_eq!(
        got,
        [
            (
                "（一）建设康养基地".to_string(),
                vec![
                    ("市卫生健康委".to_string(), Role::Lead),
                    ("市民政局".to_string(), Role::Support),
                    ("市科协".to_string(), Role::Support),
                ]
            ),
            (
                "（二）加强宣传".to_string(),
                vec![("市委宣传部".to_string(), Role::Responsible)]
            ),
        ]
    );
    assert_eq!(x.locator(x.model.tasks[0].lines[0]), Locator::Page(1));
}

/// Ten thousand pages are more than any plan: refused, in a bounded time, not read.
#[test]
fn ten_thousand_pages_are_refused() {
    let mut g = Glyphs::default();
    let page = format!("BT /F1 16 Tf 90 700 Td {} Tj ET", g.hex("第页"));
    let pages = vec![page; 10_000];
    let bytes = pdf_of(&pages, &g.cmap());
    let r = extract::read_as("big", &bytes, None, None);
    assert!(
        matches!(&r, Err(ExtractError::Source(SourceError::TooLarge { detail, .. })) if detail == "over 2000 pages"),
        "{:?}",
        r.err()
    );
}

/// A 分工表 printed in a PDF: no table in the file, only strings placed in columns, cells
/// of several lines (a unit's name broken by the cell's width), the table going on over a
/// page with its header repeated. It reads as a table, each row's task on its page.
#[test]
fn a_table_printed_in_a_pdf_reads_as_its_rows() {
    let mut g = Glyphs::default();
    // Columns at 72 (序号), 110 (重点任务), 260 (牵头单位), 370 (配合单位); 10-point text.
    let mut row = |y: f32, cells: &[(f32, &str)]| -> String {
        cells
            .iter()
            .map(|&(x, t)| format!("BT /F1 10 Tf 1 0 0 1 {x} {y} Tm {} Tj ET\n", g.hex(t)))
            .collect()
    };
    let header = [
        (72.0, "序号"),
        (110.0, "重点任务"),
        (260.0, "牵头单位"),
        (370.0, "配合单位"),
    ];
    let mut first = row(760.0, &[(72.0, "二、重点任务分工")]);
    first += &row(740.0, &header);
    first += &row(
        725.0,
        &[
            (72.0, "1"),
            (110.0, "建设康养基地。"),
            (260.0, "市卫生健康委"),
            (370.0, "市民政局、市住房城"),
        ],
    );
    first += &row(712.0, &[(370.0, "乡建设局")]);
    first += &row(
        697.0,
        &[
            (72.0, "2"),
            (110.0, "发展智慧养老。"),
            (260.0, "市工业和信息化"),
            (370.0, "市大数据局"),
        ],
    );
    first += &row(684.0, &[(260.0, "局")]);
    let mut second = row(760.0, &header);
    second += &row(
        745.0,
        &[
            (72.0, "3"),
            (110.0, "加强宣传。"),
            (260.0, "市委宣传部"),
            (370.0, ""),
        ],
    );
    second += &row(715.0, &[(72.0, "三、保障措施")]);
    second += &row(700.0, &[(72.0, "（一）加强组织领导。")]);
    let bytes = pdf_of(&[first, second], &g.cmap());
    let x = extract::read_as("table", &bytes, None, None).expect("reads");
    let got: Vec<(String, Vec<(String, Role)>)> = pairs(&x.model)
        .into_iter()
        .map(|(n, t, u)| (format!("{n} {t}"), u))
        .collect();
    let unit = |u: &str, r: Role| (u.to_string(), r);
    assert_eq!(
        got,
        [
            (
                "1 建设康养基地".to_string(),
                vec![
                    unit("市卫生健康委", Role::Lead),
                    unit("市民政局", Role::Support),
                    unit("市住房城乡建设局", Role::Support),
                ]
            ),
            (
                "2 发展智慧养老".to_string(),
                vec![
                    unit("市工业和信息化局", Role::Lead),
                    unit("市大数据局", Role::Support),
                ]
            ),
            (
                "3 加强宣传".to_string(),
                vec![unit("市委宣传部", Role::Lead)]
            ),
            // After the table, the text goes on as paragraphs.
            ("（一） 加强组织领导".to_string(), vec![]),
        ]
    );
    let pages: Vec<String> = x
        .model
        .tasks
        .iter()
        .map(|t| t.at.as_ref().map(|a| a.shown()).unwrap_or_default())
        .collect();
    assert_eq!(pages, ["第1页", "第1页", "第2页", "第2页"]);
}
