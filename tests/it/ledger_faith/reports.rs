//! Every format of `ledger report` holds the same rows: read back, the table, Markdown, CSV
//! and JSON name the same red and yellow items and the same records whose task has gone (the
//! CSV used to leave those out).

use super::cli;
use crate::common::ledger::{PLAN, PLAN_EDITED, model_of, who, write_plan};
use dutymatrix::ledger::{Ledger, NewChange, OpenMode, Status};
use std::collections::BTreeSet;

type Rows = BTreeSet<(String, String)>;

/// (items, orphans) as (unit, task id) pairs.
fn from_json(text: &str) -> (Rows, Rows) {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    let pairs = |k: &str| {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["unit"].as_str().unwrap().to_string(),
                    i["task"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    (pairs("items"), pairs("orphans"))
}

/// Unit and task id from a unit cell and a "task title" cell.
fn pair(unit: &str, task: &str) -> (String, String) {
    let task = task.split_whitespace().next().unwrap_or_default();
    (unit.trim().to_string(), task.to_string())
}

fn from_csv(text: &str) -> (Rows, Rows) {
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let (mut items, mut orphans) = (Rows::new(), Rows::new());
    let mut section = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        let cells: Vec<&str> = rec.iter().collect();
        match cells.as_slice() {
            ["亮灯", ..] => section = 1,
            ["原任务已不在文件中的记录"] => section = 2,
            ["单位", ..] | [""] => {}
            [_, unit, task, ..] if section == 1 => {
                items.insert(pair(unit, task));
            }
            [unit, task, ..] if section == 2 => {
                orphans.insert(pair(unit, task));
            }
            _ => {}
        }
    }
    (items, orphans)
}

fn from_markdown(text: &str) -> (Rows, Rows) {
    let (mut items, mut orphans) = (Rows::new(), Rows::new());
    let mut section = 0;
    for line in text.lines() {
        if line.starts_with("## 红灯") || line.starts_with("## 黄灯") {
            section = 1;
        } else if line.starts_with("## 原任务") {
            section = 2;
        } else if line.starts_with("| ") && !line.contains("---") {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            match (section, cells.as_slice()) {
                (_, ["亮灯", ..] | ["单位", ..]) => {}
                (1, [_, unit, task, ..]) => {
                    items.insert(pair(unit, task));
                }
                (2, [unit, task, ..]) => {
                    orphans.insert(pair(unit, task));
                }
                _ => {}
            }
        }
    }
    (items, orphans)
}

fn from_table(text: &str) -> (Rows, Rows) {
    let (mut items, mut orphans) = (Rows::new(), Rows::new());
    let mut section = 0;
    for line in text.lines() {
        if line.starts_with("红灯事项") || line.starts_with("黄灯事项") {
            section = 1;
        } else if line.starts_with("原任务已不在文件中的记录") {
            section = 2;
        } else if line.starts_with("  ") && !line.starts_with("      ") && section > 0 {
            let mut cells = line.split_whitespace();
            let (unit, task) = (cells.next().unwrap(), cells.next().unwrap());
            let p = pair(unit, task);
            if section == 1 {
                items.insert(p);
            } else {
                orphans.insert(p);
            }
        }
    }
    (items, orphans)
}

#[test]
fn every_report_format_holds_the_same_rows_orphans_included() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), PLAN);
    let ledger = dir.path().join("team.sqlite3");
    {
        let model = model_of(&plan);
        let mut l = Ledger::open_as(&ledger, OpenMode::Create, &who("alice"))
            .unwrap()
            .unwrap();
        for (task, unit, note) in [
            ("plan/1.3", "市人力资源社会保障局", "培训班已开两期"),
            ("plan/1.1", "市卫生健康委", "=1+1 签约机构12家"),
            ("plan/1.2", "市财政局", "资金已拨付"),
        ] {
            let change = NewChange {
                unit: unit.into(),
                status: Some(Status::Doing),
                note: Some(note.into()),
                note_date: None,
            };
            l.record(&model, &who("alice"), task, change).unwrap();
        }
    }
    // The training task is removed from the re-issued plan: its record is an orphan now.
    write_plan(dir.path(), PLAN_EDITED);
    let report = |format: &str| {
        let (code, out, err) = cli(dir.path(), &ledger, &["report", "--format", format]);
        assert_eq!(code, 0, "{format}: {err}");
        out
    };
    let json = from_json(&report("json"));
    assert_eq!(
        json.1,
        Rows::from([("市人力资源社会保障局".to_string(), "plan/1.3".to_string())])
    );
    assert!(!json.0.is_empty());
    assert_eq!(from_csv(&report("csv")), json, "csv");
    assert_eq!(from_markdown(&report("md")), json, "markdown");
    assert_eq!(from_table(&report("table")), json, "table");
}
