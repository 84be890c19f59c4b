//! The reader on documents written for these tests, one per annotation form in PATTERNS.md and
//! several that mix them. Each `tests/fixtures/NAME.txt` has its expected extraction, written by
//! hand, in `NAME.tsv`: one row per task, checked in order.

use crate::common;

use dutymatrix::extract::{self, Extraction};
use dutymatrix::model::{Basis, DeadlineKind, Model};

/// A task as a row of the expected-extraction format.
pub fn rows(m: &Model) -> Vec<String> {
    m.tasks
        .iter()
        .map(|t| {
            let units = common::assignees(m, t);
            let (date, phrase, basis) = match &t.deadline {
                None => ("-".to_string(), "-".to_string(), "-"),
                Some(d) => (
                    d.date.map_or("-".to_string(), |x| x.to_string()),
                    d.text.to_string(),
                    match (d.kind, d.basis) {
                        (DeadlineKind::Recurring, _) => "recurring",
                        (DeadlineKind::Ongoing, _) => "ongoing",
                        (_, Basis::Explicit) => "explicit",
                        (_, Basis::Document) => "document",
                    },
                ),
            };
            let kind = format!("{:?}", t.kind).to_lowercase();
            [
                t.number.as_str(),
                &kind,
                t.title_simplified(),
                &units,
                &date,
                &phrase,
                basis,
            ]
            .join("\t")
        })
        .collect()
}

fn expected(name: &str) -> Vec<String> {
    let path = format!("{}/tests/fixtures/{name}.tsv", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing {path}"));
    common::expected_rows(&text)
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|_| panic!("missing {path}"))
}

fn read(name: &str, bytes: &[u8]) -> Extraction {
    extract::read(name, bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check(name: &str) -> Extraction {
    let x = read(name, &fixture(name));
    let got = rows(&x.model);
    let want = expected(name);
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{name}: task {}", i + 1);
    }
    assert_eq!(
        got.len(),
        want.len(),
        "{name}: task count\n{}",
        got.join("\n")
    );
    x
}

#[test]
fn labelled_parentheses() {
    let x = check("labelled_parentheses");
    assert!(
        x.model
            .unit("市人力资源社会保障局")
            .is_some_and(|u| u.aliases == ["市人社局"])
    );
}

#[test]
fn square_brackets() {
    check("square_brackets");
}

#[test]
fn fuze_lists_with_a_lead_rule() {
    check("fuze_lists");
    check("fuze_first_place");
}

#[test]
fn prose_roles() {
    check("prose_roles");
}

#[test]
fn labelled_lines_and_a_person_who_is_not_a_unit() {
    let x = check("labelled_lines");
    assert!(x.model.units.iter().all(|u| !u.name.contains("李某某")));
}

#[test]
fn tables_with_tabs_and_pipes() {
    check("table_tabs");
    check("table_pipes");
}

#[test]
fn every_numbering_style() {
    check("numbering");
}

#[test]
fn deadlines_horizons_and_what_is_not_a_deadline() {
    check("deadlines");
}

#[test]
fn spellings_merge_and_inline_pinyin_goes() {
    let x = check("merges");
    let wjw = x.model.unit("市卫生健康委").expect("merged unit");
    assert_eq!(wjw.aliases, ["市卫生健康委员会", "市衛生健康委員會"]);
    assert_eq!(x.model.units.len(), 4);
}

#[test]
fn mixed_forms_with_web_debris() {
    let x = check("mixed_district_plan");
    assert!(
        x.model
            .tasks
            .iter()
            .all(|t| !t.text.contains("浏览次数") && !t.text.contains("打印"))
    );
    // The one task that names no unit is reported, with its line.
    let missing: Vec<usize> = x
        .notices
        .iter()
        .filter(|n| n.kind == extract::NoticeKind::TaskWithoutUnit)
        .map(|n| n.line)
        .collect();
    assert_eq!(missing, vec![21]);
}

#[test]
fn mixed_scripts_and_two_plans_in_one_file() {
    let x = check("mixed_provincial_two_plans");
    let titles: Vec<&str> = x.model.documents.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["文化旅游2023年行动计划", "体育产业2023年行动计划"]);
}

/// The same document in every encoding the reader detects gives the same tasks.
#[test]
fn encodings_are_detected_not_asked() {
    let text = String::from_utf8(fixture("mixed_district_plan")).expect("fixture is UTF-8");
    let want = expected("mixed_district_plan");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let (gb18030, _, _) = encoding_rs::GB18030.encode(&text);
    let mut utf16le = vec![0xFF, 0xFE];
    text.encode_utf16()
        .for_each(|u| utf16le.extend_from_slice(&u.to_le_bytes()));
    let mut utf16be = vec![0xFE, 0xFF];
    text.encode_utf16()
        .for_each(|u| utf16be.extend_from_slice(&u.to_be_bytes()));
    for (label, bytes, enc) in [
        ("utf-8 bom", bom, "UTF-8"),
        ("gbk", gbk.into_owned(), "gb18030"),
        ("gb18030", gb18030.into_owned(), "gb18030"),
        ("utf-16le", utf16le, "UTF-16LE"),
        ("utf-16be", utf16be, "UTF-16BE"),
    ] {
        let x = read(label, &bytes);
        assert_eq!(x.encoding, enc, "{label}");
        assert_eq!(rows(&x.model), want, "{label}");
    }
}

#[test]
fn big5_when_the_page_says_so() {
    let text = "<meta charset=\"big5\">\n體育產業2023年行動計劃\n一、主要任務\n1.舉辦品牌賽事。（牽頭單位：省體育局）\n";
    let (bytes, _, _) = encoding_rs::BIG5.encode(text);
    let x = read("big5", &bytes);
    assert_eq!(x.encoding, "Big5");
    assert_eq!(x.model.tasks[0].assignments[0].unit, "省体育局");
}

#[test]
fn check_reports_what_it_did_not_understand() {
    let doc = "某市工作方案\n一、任务\n（一）甲。（责任单位：待定）\n（二）乙。（牵头单位：市民政局，配合单位：县级市）\n（三）丙。\n";
    let (m, notices) = extract::read_text("notes", doc);
    assert_eq!(m.tasks.len(), 3);
    let seen: Vec<(usize, extract::NoticeKind, &str)> = notices
        .iter()
        .map(|n| (n.line, n.kind, n.text.as_str()))
        .collect();
    use extract::NoticeKind::*;
    assert_eq!(
        seen,
        vec![
            (3, UnclearAnnotation, "（责任单位：待定）"),
            (3, TaskWithoutUnit, "甲"),
            (4, NotAUnit, "县级市"),
            (5, TaskWithoutUnit, "丙"),
        ]
    );
}

/// Fields in brackets: role markers `X（牵头）` and `X为牵头单位`, deadlines in 完成时限 / 时间节点 /
/// 完成时间 fields and bare (`2023年起每年`, `持续推进`), an ideographic space between fields.
#[test]
fn fields_in_brackets() {
    check("fields_in_brackets");
}

/// Fields trailing the task's text with no brackets, separated by `；`, spaces or ideographic
/// spaces; people (牵头领导, 李某同志) are never units and `check` names them.
#[test]
fn fields_trailing_the_text() {
    let x = check("fields_trailing");
    assert!(x.model.units.iter().all(|u| !u.name.contains('某')));
    let people: Vec<(usize, &str)> = x
        .notices
        .iter()
        .filter(|n| n.kind == extract::NoticeKind::Person)
        .map(|n| (n.line, n.text.as_str()))
        .collect();
    assert_eq!(people, [(4, "王某某"), (7, "李某同志")]);
}

#[test]
fn bare_lists_of_units_and_a_lead_rule_with_supporters() {
    check("bare_lists");
}

#[test]
fn tables_with_one_cell_per_line_and_space_aligned() {
    check("table_cell_lines");
    check("table_spaces");
}

#[test]
fn horizon_from_a_preamble() {
    check("horizon_preamble");
}

#[test]
fn a_page_flattened_onto_one_line() {
    check("flattened_page");
}

/// A county plan: a cover note, a preamble horizon, bare lists, trailing fields, a recurring
/// duty, labelled brackets, a 负责 list without a lead rule, and an attachment whose table was
/// copied one cell per line.
#[test]
fn mixed_county_plan_with_an_attachment() {
    let x = check("mixed_county_elderly");
    assert_eq!(x.model.documents.len(), 1);
    assert_eq!(
        x.model.documents[0].issuer.as_deref(),
        Some("某县人民政府办公室")
    );
}

/// A city's annual points: fields split by ideographic spaces, a lead rule that holds for later
/// lists, `X为牵头单位`, labelled lines with a person, and a tab table.
#[test]
fn mixed_city_points_with_a_lead_rule() {
    let x = check("mixed_city_opening");
    let people: Vec<&str> = x
        .notices
        .iter()
        .filter(|n| n.kind == extract::NoticeKind::Person)
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(people, ["赵某同志"]);
}

/// A provincial plan in Traditional characters: square brackets, an ongoing field, a role
/// marker, a bare list, and a space-aligned table with an empty cell.
#[test]
fn mixed_traditional_province_with_a_space_aligned_table() {
    let x = check("mixed_province_digital");
    assert!(
        x.model
            .unit("省大数据局")
            .is_some_and(|u| u.aliases == ["省大數據局"])
    );
}

/// A page from a web archive: debris lines around one flattened line holding the title, the
/// goals, every task (trailing fields, a lead rule, a person) and the closing section.
#[test]
fn mixed_page_flattened_by_a_web_archive() {
    let x = check("mixed_flattened_archive");
    assert_eq!(x.model.documents[0].title, "某区2025年城市更新工作方案");
    assert!(x.model.tasks.iter().all(|t| t.lines == [3, 3]));
}

/// Two attachments: a table one cell per line with no number column, ended by a blank line,
/// and a pipe table whose 责任领导 column is not a unit.
#[test]
fn tables_in_attachments() {
    check("table_attachments");
}

/// A county list of tasks: a deadline field without 前, square brackets around a collective
/// with a bracket in its name, prose roles closing a paragraph, an open-set label (主要负责单位,
/// 协同单位, 时间), an ongoing field, a bare list split by a space.
#[test]
fn mixed_county_task_list() {
    check("mixed_county_rural");
}

/// The forms found in real documents (tests/real/), in one flattened county plan.
#[test]
fn forms_of_real_documents() {
    check("real_forms");
}

/// The forms of published district plans read as web copies (see the fixture's comment line):
/// a heading run into its first item, a list run into the distribution list, a leading group's
/// office, `A等部门，B配合`, 各乡镇人民政府（街道办事处）, 全年 and a month without a year.
#[test]
fn forms_of_a_flattened_annual_district_plan() {
    check("district_points_flattened");
}

/// Tables as published: group rows on lines of their own under a header above them, a
/// combined 配合/责任单位 column with an empty lead cell, and cells copied one per line with
/// their right border and a column of leaders.
#[test]
fn tables_with_group_lines_a_shared_column_and_bordered_cells() {
    check("table_groups_shared");
    check("table_cell_pipes");
}

/// Closing phrases of published city plans: 抓好落实, 由…负责组织实施, 做好…工作, 指导; a label
/// split by a line break.
#[test]
fn closing_phrases_beyond_fuze() {
    check("city_prose_phrases");
}

/// A township's progress report on its annual plan: cells one per line with blank lines between,
/// header names broken over two lines, a 责任科室 column, the title's plan year as horizon.
#[test]
fn a_township_report_table_with_broken_header_names() {
    check("table_township_report");
}
