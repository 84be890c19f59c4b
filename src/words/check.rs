//! The words of `check`'s account of how well a document was read: numbered items with an
//! assignment, annotations only partly read, names that could not be placed.

use super::Lang;

/// How well one document was read, as `check` states it under the document and in its summary.
pub struct ReadQuality<'a> {
    pub tasks: usize,
    pub with_units: usize,
    pub partly_read: usize,
    pub warnings: usize,
    pub unplaced: &'a [String],
}

impl Lang {
    /// `读得如何：12 项编号条目中 10 项有单位（83%），1 项标注只读出一部分；未能归属的名称：甲、乙`
    pub fn read_quality(self, q: &ReadQuality) -> String {
        let share = (q.with_units * 100).checked_div(q.tasks).unwrap_or(0);
        let names = match self {
            Lang::Zh => q.unplaced.join("、"),
            Lang::En => q.unplaced.join(", "),
        };
        match (self, q.unplaced.is_empty()) {
            (Lang::Zh, true) => format!(
                "读得如何：{} 项编号条目中 {} 项有单位（{share}%），{} 项标注只读出一部分；名称均已归属\n",
                q.tasks, q.with_units, q.partly_read
            ),
            (Lang::Zh, false) => format!(
                "读得如何：{} 项编号条目中 {} 项有单位（{share}%），{} 项标注只读出一部分；未能归属的名称 {} 个：{names}\n",
                q.tasks,
                q.with_units,
                q.partly_read,
                q.unplaced.len()
            ),
            (Lang::En, true) => format!(
                "How well read: {} of {} numbered items carry a unit ({share}%), {} annotations only partly read; every name placed\n",
                q.with_units, q.tasks, q.partly_read
            ),
            (Lang::En, false) => format!(
                "How well read: {} of {} numbered items carry a unit ({share}%), {} annotations only partly read; {} names not placed: {names}\n",
                q.with_units,
                q.tasks,
                q.partly_read,
                q.unplaced.len()
            ),
        }
    }

    /// One summary line per document, the same shape for each so they compare at a glance.
    pub fn check_summary(self, path: &str, q: &ReadQuality) -> String {
        match self {
            Lang::Zh => format!(
                "  {path}  任务 {} · 有单位 {} · 部分读出 {} · 未归属名称 {} · 警告 {}\n",
                q.tasks,
                q.with_units,
                q.partly_read,
                q.unplaced.len(),
                q.warnings
            ),
            Lang::En => format!(
                "  {path}  tasks {} · with units {} · partly read {} · names not placed {} · warnings {}\n",
                q.tasks,
                q.with_units,
                q.partly_read,
                q.unplaced.len(),
                q.warnings
            ),
        }
    }
}
