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
