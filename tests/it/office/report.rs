//! The ledger report as a workbook: a summary sheet with the report's figures and two native
//! charts, the weekly trend replayed from the history, and one sheet per document.

use super::{part, sheets};
use crate::common;
use crate::common::ledger::{PLAN, model_of, write_plan};
use chrono::{Duration, NaiveDate};
use dutymatrix::export;
use dutymatrix::ledger::report::Report;
use dutymatrix::ledger::{Ledger, Light, NewChange, OpenMode, Status, identity, light::light};
use dutymatrix::model::Model;
use dutymatrix::words::Lang;
use std::path::{Path, PathBuf};

/// The day the ledger's rows are stamped with: the trend counts a row from the day it was
/// written, so the report is asked for as of that day.
fn now() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The plan and a ledger in which the writer closed one task and is working on another.
pub(crate) fn plan_with_ledger() -> (tempfile::TempDir, PathBuf, Model) {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = write_plan(dir.path(), PLAN);
    let model = model_of(&plan);
    let path = dir.path().join("team.sqlite3");
    let mut ledger = Ledger::open(&path, OpenMode::Create)
        .expect("open")
        .expect("created");
    let me = identity::current();
    for (task, unit, status, note) in [
        ("plan/1.1", "市卫生健康委", Status::Done, "已完成验收"),
        ("plan/1.2", "市民政局", Status::Doing, "签订协议3份"),
    ] {
        ledger
            .record(
                &model,
                &me,
                task,
                NewChange {
                    unit: unit.into(),
                    status: Some(status),
                    note: Some(note.into()),
                    note_date: Some(now()),
                },
            )
            .expect("recorded");
    }
    (dir, path, model)
}

pub(crate) fn dm(dir: &Path, ledger: &Path, today: NaiveDate) -> common::Cmd {
    let mut c = common::cmd();
    c.current_dir(dir)
        .args(["--no-builtin", "--doc", "plan.txt", "--today"])
        .arg(today.to_string())
        .arg("--ledger")
        .arg(ledger);
    c
}

#[test]
fn the_report_workbook_holds_the_figures_the_trend_and_a_sheet_per_document() {
    let (dir, path, model) = plan_with_ledger();
    let out = dm(dir.path(), &path, now())
        .args(["ledger", "report", "-o", "通报.xlsx"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(dir.path().join("通报.xlsx")).expect("written");
    let got = sheets(&bytes);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["汇总", "某市养老服务提升工作方案"]);

    let ledger = Ledger::open(&path, OpenMode::ReadOnly)
        .expect("open")
        .expect("there");
    let snap = ledger.snapshot(&model).expect("snapshot");
    let report = Report::build(&model, &snap, now(), 30);
    let summary = &got[0].1;
    assert_eq!(summary[0][0], "单位");
    assert_eq!(&summary[0][1..5], ["红灯", "黄灯", "绿灯", "灰灯"]);
    assert_eq!(report.units.len(), 4);
    for (row, u) in summary[1..].iter().zip(&report.units) {
        let mut want = vec![u.unit.clone()];
        want.extend(u.lights.iter().map(usize::to_string));
        want.extend(u.statuses.iter().map(usize::to_string));
        want.push(u.total.to_string());
        assert_eq!(&row[..10], &want[..]);
    }
    // 市卫生健康委 closed its task: grey; 市人力资源社会保障局's 2025 deadline has passed: red.
    let grey: usize = report.units.iter().map(|u| u.lights[3]).sum();
    assert_eq!(grey, 1);

    // The trend: twelve week-ends to today; today's counts are the report's, and a week ago,
    // before anything was recorded, each light came from its deadline alone.
    let trend: Vec<&[String]> = summary.iter().map(|r| &r[11..16]).collect();
    assert_eq!(trend[0], ["周末日期", "红灯", "黄灯", "绿灯", "灰灯"]);
    assert_eq!(trend.len(), 13);
    let last = trend[12];
    assert_eq!(last[0], now().to_string());
    for (i, _) in Light::ALL.iter().enumerate() {
        let n: usize = report.units.iter().map(|u| u.lights[i]).sum();
        assert_eq!(last[i + 1], n.to_string(), "{:?}", Light::ALL[i]);
    }
    let week_ago = now() - Duration::weeks(1);
    assert_eq!(trend[11][0], week_ago.to_string());
    let mut then = [0usize; 4];
    for t in &model.tasks {
        for _ in &t.assignments {
            let due = t.deadline.as_ref().and_then(|d| d.due(week_ago));
            let l = light(due, None, week_ago, 30);
            then[Light::ALL.iter().position(|x| *x == l).expect("a light")] += 1;
        }
    }
    let got_then: Vec<String> = trend[11][1..].to_vec();
    assert_eq!(got_then, then.map(|n| n.to_string()));
    assert_eq!(then[3], 0, "nothing was closed a week ago");

    // The document's sheet is the matrix with the ledger's state.
    let matrix = export::with_ledger(
        export::matrix_sheet(&model, Lang::Zh, now()),
        &model,
        &snap,
        30,
    );
    let want = export::table(&matrix, Lang::Zh);
    assert_eq!(got[1].1, want);
    assert!(got[1].1.iter().any(|r| r[13].contains("签订协议3份")));

    // Two native charts: stacked bars of lights per unit, a line per light over the weeks.
    let bars = part(&bytes, "xl/charts/chart1.xml");
    assert!(bars.contains("<c:barChart>") && bars.contains("<c:grouping val=\"stacked\"/>"));
    assert_eq!(bars.matches("<c:ser>").count(), 4);
    assert!(bars.contains("$A$2:$A$5"), "one bar per unit");
    assert!(bars.contains("C00000"), "red bars are red");
    let lines = part(&bytes, "xl/charts/chart2.xml");
    assert!(lines.contains("<c:lineChart>"));
    assert_eq!(lines.matches("<c:ser>").count(), 4);
    assert!(lines.contains("$L$2:$L$13"), "one point per week");
}

#[test]
fn the_svg_chart_has_one_bar_segment_per_light_and_unit_and_its_text_as_text() {
    use quick_xml::events::Event;
    let (dir, path, model) = plan_with_ledger();
    let out = dm(dir.path(), &path, now())
        .args(["ledger", "report", "--format", "svg", "-o", "亮灯.svg"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(dir.path().join("亮灯.svg")).expect("written");
    let ledger = Ledger::open(&path, OpenMode::ReadOnly)
        .expect("open")
        .expect("there");
    let report = Report::build(&model, &ledger.snapshot(&model).expect("snap"), now(), 30);

    let mut reader = quick_xml::Reader::from_str(&svg);
    let (mut bars, mut texts, mut in_text) = (Vec::new(), Vec::new(), false);
    let mut widths: Vec<(String, usize)> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| a.value.to_string())
                };
                in_text = e.name().as_ref() == "text";
                if let Some(class) = attr("class").filter(|c| c.starts_with("bar ")) {
                    bars.push(class.clone());
                    let w = attr("width").and_then(|w| w.parse().ok()).expect("a width");
                    widths.push((class, w));
                }
            }
            Event::Text(t) if in_text => {
                texts.push(AsRef::<str>::as_ref(&t).to_string());
            }
            Event::End(_) => in_text = false,
            Event::Eof => break,
            _ => {}
        }
    }
    let segments: usize = report
        .units
        .iter()
        .map(|u| u.lights.iter().filter(|n| **n > 0).count())
        .sum();
    assert_eq!(bars.len(), segments);
    assert_eq!(bars.iter().filter(|c| *c == "bar grey").count(), 1);
    assert!(bars.iter().any(|c| c == "bar red"));
    for u in &report.units {
        assert!(texts.contains(&u.unit), "{} as text: {texts:?}", u.unit);
    }
    assert!(texts.contains(&"各单位亮灯情况".to_string()));
    for w in ["红灯", "黄灯", "绿灯", "灰灯"] {
        assert!(texts.contains(&w.to_string()), "legend {w}");
    }
    // Longest bar: the unit with the most items is drawn at full width.
    let most = report.units.iter().map(|u| u.total).max().expect("units");
    assert!(most >= 1 && widths.iter().all(|(_, w)| *w <= 640));
}
