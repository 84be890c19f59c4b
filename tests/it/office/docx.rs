//! The 情况通报 as .docx, read back: its paragraphs and table from word/document.xml compared
//! with the ledger's report, the fonts by name, the page number in the footer.

use super::part;
use super::report::{dm, plan_with_ledger};
use crate::common::ledger::day;
use dutymatrix::ledger::report::Report;
use dutymatrix::ledger::{Ledger, OpenMode};
use quick_xml::events::Event;

/// The paragraphs' text (table cells' included) and the table's rows of cell text.
fn read_back(xml: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut paras, mut rows) = (Vec::new(), Vec::<Vec<String>>::new());
    let (mut para, mut in_t) = (String::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => match e.name().as_ref() {
                "w:p" => para.clear(),
                "w:t" => in_t = true,
                "w:tr" => rows.push(Vec::new()),
                "w:tc" => rows.last_mut().expect("a row").push(String::new()),
                _ => {}
            },
            Event::Text(t) if in_t => {
                let t: &str = t.as_ref();
                para.push_str(t);
                if let Some(c) = rows.last_mut().and_then(|r| r.last_mut()) {
                    c.push_str(t);
                }
            }
            Event::GeneralRef(r) if in_t => {
                let c = match AsRef::<str>::as_ref(&r) {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    _ => "'",
                };
                para.push_str(c);
            }
            Event::End(e) => match e.name().as_ref() {
                "w:p" => paras.push(std::mem::take(&mut para)),
                "w:t" => in_t = false,
                "w:tbl" => {}
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (paras, rows)
}

#[test]
fn the_report_as_a_word_document_says_what_the_ledger_says() {
    let (dir, path, model) = plan_with_ledger();
    let today = day("2026-12-20");
    let out = dm(dir.path(), &path, today)
        .args(["ledger", "report", "-o", "通报.docx"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(dir.path().join("通报.docx")).expect("written");
    let xml = part(&bytes, "word/document.xml");
    let (paras, rows) = read_back(&xml);
    assert_eq!(paras[0], "工作台账情况通报");
    assert_eq!(paras[1], "督查督办办公室　　2026年12月20日");
    // Five assignments: 市卫生健康委 closed plan/1.1 (grey), 市民政局 has it open and due in
    // 11 days (yellow), plan/1.2 is green twice, plan/1.3 (2025) is red.
    assert_eq!(
        paras[2],
        "截至目前，台账共列任务5项（按责任单位计）。其中已完成（销号）1项，按期推进2项，临近期限（黄灯）1项，已超期（红灯）1项。"
    );
    assert_eq!(paras[3], "一、各单位红黄灯事项");
    let at = paras
        .iter()
        .position(|p| p == "市人力资源社会保障局（红灯1项，黄灯0项）")
        .expect("the red unit's heading");
    assert_eq!(
        paras[at + 1],
        "【红灯】plan/1.3 完善养老服务人才培养体系，2025年底前完成；期限：2025-12-31，已超期354天；状态：未启动；最新情况：-"
    );
    let at = paras
        .iter()
        .position(|p| p == "市民政局（红灯0项，黄灯1项）")
        .expect("the yellow unit's heading");
    assert!(
        paras[at + 1].starts_with("【黄灯】plan/1.1 "),
        "{}",
        paras[at + 1]
    );
    assert!(
        paras[at + 1].contains("期限：2026-12-31，剩余11天"),
        "{}",
        paras[at + 1]
    );
    assert!(
        !paras.iter().any(|p| p.starts_with("市卫生健康委（")),
        "closed: not listed"
    );
    assert!(paras.contains(&"二、各单位亮灯统计".to_string()));

    // The closing table: a header and one row per unit, the report's counts.
    let ledger = Ledger::open(&path, OpenMode::ReadOnly)
        .expect("open")
        .expect("there");
    let report = Report::build(&model, &ledger.snapshot(&model).expect("snap"), today, 30);
    assert_eq!(rows.len(), report.units.len() + 1);
    assert_eq!(rows[0][..5], ["单位", "红灯", "黄灯", "绿灯", "灰灯"]);
    for (row, u) in rows[1..].iter().zip(&report.units) {
        let mut want = vec![u.unit.clone()];
        want.extend(u.lights.iter().map(usize::to_string));
        want.extend(u.statuses.iter().map(usize::to_string));
        want.push(u.total.to_string());
        assert_eq!(row, &want);
    }
    assert!(
        xml.contains("<w:tblHeader/>"),
        "the header row repeats on each page"
    );
    for font in ["宋体", "黑体", "仿宋"] {
        assert!(xml.contains(&format!("w:eastAsia=\"{font}\"")), "{font}");
    }
    assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4");
    let footer = part(&bytes, "word/footer1.xml");
    assert!(footer.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
    assert!(part(&bytes, "word/_rels/document.xml.rels").contains("footer1.xml"));

    // In English; and never over a file, nor to a terminal.
    let out = dm(dir.path(), &path, today)
        .args(["--lang", "en", "ledger", "report", "-o", "report.docx"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let (paras, _) = read_back(&part(
        &std::fs::read(dir.path().join("report.docx")).expect("written"),
        "word/document.xml",
    ));
    assert_eq!(paras[0], "Ledger report");
    assert_eq!(paras[1], "Supervision Office　　20 December 2026");
    assert!(paras[2].contains("1 are overdue (red)"), "{}", paras[2]);
    let again = dm(dir.path(), &path, today)
        .args(["ledger", "report", "-o", "通报.docx"])
        .output()
        .expect("run");
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read(dir.path().join("通报.docx")).expect("kept"),
        bytes
    );
    let out = dm(dir.path(), &path, today)
        .args([
            "ledger",
            "report",
            "-o",
            "市.docx",
            "--issuer",
            "某市人民政府督查室",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let (paras, _) = read_back(&part(
        &std::fs::read(dir.path().join("市.docx")).expect("written"),
        "word/document.xml",
    ));
    assert_eq!(paras[1], "某市人民政府督查室　　2026年12月20日");
    let stdout = dm(dir.path(), &path, today)
        .args(["ledger", "report", "--format", "docx"])
        .output()
        .expect("run");
    assert_eq!(stdout.status.code(), Some(2));
    assert!(stdout.stdout.is_empty());
}
