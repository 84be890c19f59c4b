//! The full expected extraction of the two built-in documents, task by task.
//! The expected rows live in `tests/expected/seeds.tsv`, written from reading the documents.

use crate::common;

use dutymatrix::load::{Options, load};
use dutymatrix::model::{Basis, Level, Model, TaskKind};

fn model() -> Model {
    load(&Options::default())
        .expect("built-in documents load")
        .model
}

#[test]
fn every_task_matches_the_expected_rows() {
    let m = model();
    let expected: Vec<Vec<&str>> = common::expected_rows(include_str!("../expected/seeds.tsv"))
        .into_iter()
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(m.tasks.len(), expected.len(), "task count");
    for (t, row) in m.tasks.iter().zip(&expected) {
        let kind = match t.kind {
            TaskKind::Task => "task",
            TaskKind::Goal => "goal",
        };
        let units = common::assignees(&m, t);
        let d = t.deadline.as_ref().expect("every seed task has a deadline");
        let basis = match d.basis {
            Basis::Explicit => "explicit",
            Basis::Document => "document",
        };
        let date = d.date.map(|x| x.to_string()).unwrap_or_default();
        let lines = format!("{}-{}", t.lines[0], t.lines[1]);
        let got = [
            t.id.as_str(),
            kind,
            t.number.as_str(),
            t.title_simplified(),
            units.as_str(),
            date.as_str(),
            d.text.as_str(),
            basis,
            lines.as_str(),
        ];
        assert_eq!(got.as_slice(), row.as_slice(), "task {}", t.id);
    }
}

#[test]
fn headline_counts() {
    let m = model();
    assert_eq!(m.tasks.len(), 45);
    assert_eq!(
        m.tasks.iter().filter(|t| !t.assignments.is_empty()).count(),
        44
    );
    assert_eq!(m.units.len(), 43);
    assert_eq!(
        m.units.iter().filter(|u| u.level == Level::City).count(),
        29
    );
    assert_eq!(
        m.units
            .iter()
            .filter(|u| u.level == Level::Province)
            .count(),
        14
    );
    let c = m.role_counts("市卫生健康委");
    assert_eq!((c.lead, c.support, c.responsible), (0, 0, 10));
    let c = m.role_counts("省卫生健康委");
    assert_eq!((c.lead, c.support, c.responsible), (24, 5, 0));
    assert_eq!(
        m.tasks.iter().filter(|t| t.kind == TaskKind::Goal).count(),
        2
    );
}

#[test]
fn documents_carry_title_issuer_date_number_and_horizon() {
    let m = model();
    let summary: Vec<String> = m
        .documents
        .iter()
        .map(|d| {
            let h = d.horizon.as_ref().expect("horizon");
            format!(
                "{}|{}|{}|{}|{}|{}|{}",
                d.title,
                d.title_original,
                d.issuer.as_deref().unwrap_or("-"),
                d.date.map(|x| x.to_string()).unwrap_or_default(),
                d.number.as_deref().unwrap_or("-"),
                h.date.map(|x| x.to_string()).unwrap_or_default(),
                h.text
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            "泰安市康养福地建设实施意见|泰安市康养福地建设实施意见|泰安市人民政府|2021-06-17|泰政发〔2021〕5号|2025-12-31|到“十四五”末",
            "医养健康产业2022年行动计划|醫養健康產業2022年行動計劃|山东省人民政府办公厅|2022-04-06|-|2022-12-31|2022年行動計劃",
            "养老托育拓展2022年行动计划|養老托育拓展2022年行動計劃|山东省人民政府办公厅|2022-04-06|-|2022-12-31|2022年行動計劃",
        ]
    );
}

#[test]
fn traditional_spellings_are_kept_as_aliases_and_text_as_written() {
    let m = model();
    let u = m.unit("省卫生健康委").expect("unit");
    assert_eq!(u.aliases, vec!["省衛生健康委".to_string()]);
    assert!(m.unit("市卫生健康委").expect("unit").aliases.is_empty());
    let t = m
        .tasks
        .iter()
        .find(|t| t.id.ends_with("#1/2.1.1"))
        .expect("task 1 of the first Shandong plan");
    assert_eq!(t.title, "壯大優勢產業集群");
    assert_eq!(t.title_simplified(), "壮大优势产业集群");
    assert!(t.text.starts_with("壯大優勢產業集群。集聚品牌"));
    assert!(t.text.ends_with("產業集群營業收入突破5000億元。"));
    assert_eq!(
        t.annotation.as_deref(),
        Some("(牽頭單位:省衛生健康委、省發展改革委)")
    );
    assert_eq!(
        t.section[..],
        ["二、主要任务", "(一)壮大“雁阵形”集群和领军企业"]
    );
}

#[test]
fn debris_never_becomes_content() {
    let m = model();
    for t in &m.tasks {
        for junk in ["浏览次数", "相关解读", "Produced By", "来源", "打印"] {
            assert!(
                !t.text_simplified().contains(junk),
                "{} contains {junk}",
                t.id
            );
        }
    }
    let last = m
        .tasks
        .iter()
        .rfind(|t| t.document.ends_with("#2"))
        .expect("a task");
    assert!(last.text.ends_with("發揮示范作用。"));
}
