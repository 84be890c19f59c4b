//! What the ledger tests share: a small plan written for them, and how to load it.

use dutymatrix::ledger::Identity;
use dutymatrix::load;
use dutymatrix::model::Model;
use std::path::{Path, PathBuf};

/// Three tasks, four units, deadlines on both sides of 2026-12-01.
pub const PLAN: &str = "某市养老服务提升工作方案

一、重点任务
1.推进医养结合发展，2026年12月底前完成。（责任单位：市卫生健康委、市民政局）
2.建设智慧养老服务平台，2027年6月底前完成。（牵头单位：市民政局；配合单位：市财政局）
3.完善养老服务人才培养体系，2025年底前完成。（责任单位：市人力资源社会保障局）
";

/// The same plan re-issued: a task inserted at the top (every number moves), the platform
/// task's title reworded in place, the training task removed.
pub const PLAN_EDITED: &str = "某市养老服务提升工作方案

一、重点任务
1.开展老年人能力综合评估，2026年9月底前完成。（责任单位：市民政局）
2.推进医养结合发展，2026年12月底前完成。（责任单位：市卫生健康委、市民政局）
3.加快建设智慧养老服务平台，2027年6月底前完成。（牵头单位：市民政局；配合单位：市财政局）
";

pub fn write_plan(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("plan.txt");
    std::fs::write(&path, text).unwrap();
    path
}

pub fn model_of(path: &Path) -> Model {
    load::load(&load::Options {
        docs: vec![path.to_path_buf()],
        no_builtin: true,
        ..load::Options::default()
    })
    .unwrap()
    .model
}

pub fn who(login: &str) -> Identity {
    Identity {
        login: login.to_string(),
        uid: 1000,
    }
}

pub fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// A plan whose second task has two units; [`ONE_TASK_LEFT`] is it re-issued without that task.
const TWO_UNITS: &str = "某市养老服务提升工作方案

一、重点任务
1.推进医养结合发展，2026年12月底前完成。（责任单位：市卫生健康委、市民政局）
2.完善养老服务人才培养体系，2025年底前完成。（责任单位：市教育局、市人力资源社会保障局）
";
const ONE_TASK_LEFT: &str = "某市养老服务提升工作方案

一、重点任务
1.推进医养结合发展，2026年12月底前完成。（责任单位：市卫生健康委、市民政局）
";

/// The ledger at `ledger` (made, with `writer` allowed every unit) read whole before the
/// documents are loaded ([`Ledger::read_ahead`]) gives the snapshot a read after them gives:
/// same entries, links and orphans, the orphans by unit then key though the unit that sorts
/// last was written first (a store may read its pairs in any order).
pub fn read_ahead_is_the_snapshot_read_after(ledger: &Path, dir: &Path, writer: &Identity) {
    use dutymatrix::ledger::{Ledger, NewChange, OpenMode, Status};
    let plan = write_plan(dir, TWO_UNITS);
    let model = model_of(&plan);
    let mut l = Ledger::open_as(ledger, OpenMode::ReadWrite, writer)
        .unwrap()
        .unwrap();
    for (task, unit) in [
        ("plan/1.2", "市教育局"),
        ("plan/1.2", "市人力资源社会保障局"),
        ("plan/1.1", "市民政局"),
    ] {
        let change = NewChange {
            unit: unit.into(),
            status: Some(Status::Doing),
            note: Some(format!("{unit}已启动")),
            note_date: Some(day("2026-12-01")),
        };
        l.record(&model, writer, task, change).unwrap();
    }
    write_plan(dir, ONE_TASK_LEFT);
    let edited = model_of(&plan);
    let after = l.snapshot(&edited).unwrap();
    // Without kept links and state, then keeping them, then with them kept (only newer keys
    // read, and no pair).
    let kept = dir.join("kept between reads");
    for keep in [false, true, true] {
        let reading = Ledger::open(ledger, OpenMode::ReadOnly).unwrap().unwrap();
        let reading = match keep {
            true => reading.keep_in(&kept),
            false => reading,
        };
        let (_, ahead) = reading.read_ahead().snapshot(&edited);
        let ahead = ahead.unwrap();
        assert_eq!(ahead.entries, after.entries);
        assert_eq!(ahead.links.task_of_key, after.links.task_of_key);
        assert_eq!(ahead.orphans, after.orphans);
        // How far it saw, for a refresh to read on from (a server's names its own connection).
        assert!(ahead.seen.is_some());
    }
    for kind in ["links", "pairs"] {
        assert_eq!(
            std::fs::read_dir(kept.join(kind)).unwrap().count(),
            1,
            "{kind}"
        );
    }
    // A pair written since the pairs were kept: read again, the others taken as kept.
    let change = NewChange {
        unit: "市卫生健康委".into(),
        status: Some(Status::Done),
        note: Some("已验收".into()),
        note_date: None,
    };
    l.record(&edited, writer, "plan/1.1", change).unwrap();
    let now = l.snapshot(&edited).unwrap();
    let reading = Ledger::open(ledger, OpenMode::ReadOnly).unwrap().unwrap();
    let (_, ahead) = reading.keep_in(&kept).read_ahead().snapshot(&edited);
    let ahead = ahead.unwrap();
    assert_eq!(ahead.entries, now.entries);
    assert_eq!(ahead.orphans, now.orphans);
    assert_ne!(now.entries, after.entries);
    assert_eq!(after.entries.len(), 1);
    let units: Vec<&str> = after.orphans.iter().map(|o| o.unit.as_str()).collect();
    assert_eq!(units, ["市人力资源社会保障局", "市教育局"]);
}
