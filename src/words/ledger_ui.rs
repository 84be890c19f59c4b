//! The dashboard's words for the ledger: the form, close-out, history and the progress view.

use super::Lang;

/// The dashboard's words for the ledger (工作台账): the form, close-out, history and the
/// progress view. The ledger's own words (lights, statuses, the status and note labels, "nothing
/// recorded yet") are in `ledger::words`.
pub struct LedgerUiStrings {
    /// The progress view's file: the 情况通报.
    pub report_file: &'static str,
    pub report_formats: &'static str,
    /// The progress view's trend: whose, from which week-end to which.
    pub trend_title: fn(&str, &str, &str) -> String,
    pub trend_all: &'static str,
    /// The note's length against the longest kept: `（12/2000字）`.
    pub note_count: fn(usize, usize) -> String,
    /// Before the unit the ledger keys act for on a row naming several.
    pub acting_for: &'static str,
    pub tab_next_unit: &'static str,
    pub record_title: &'static str,
    pub close_out_title: &'static str,
    pub close_out_question: fn(&str, &str) -> String,
    pub undo_title: &'static str,
    pub undo_question: fn(&str, &str) -> String,
    pub undone: fn(&str, &str) -> String,
    pub saved: fn(&str, &str) -> String,
    pub closed_out: fn(&str) -> String,
    pub already_closed: fn(&str) -> String,
    pub waiting_for_lock: &'static str,
    pub no_unit: &'static str,
    pub not_assigned: fn(&str) -> String,
    pub unusable: fn(&str) -> String,
    pub no_path: &'static str,
    pub history: &'static str,
    pub undo_row: &'static str,
    pub progress_title: &'static str,
    pub by_red: &'static str,
    pub by_order: &'static str,
    pub per_document: &'static str,
    pub per_unit: &'static str,
    /// Count labels for closed, green, yellow, red: one letter or character each.
    pub count_letters: [&'static str; 4],
    pub legend: &'static str,
    pub no_ledger: &'static str,
}

pub const LEDGER_UI_ZH: LedgerUiStrings = LedgerUiStrings {
    report_file: "情况通报",
    report_formats: "情况通报可写成 .docx、.xlsx、.svg、.md、.csv 或 .json",
    trend_title: |who, from, to| format!("亮灯趋势 · {who} · 每周末 {from} 至 {to}"),
    trend_all: "全部单位",
    note_count: |n, max| format!("（{n}/{max}字）"),
    acting_for: "记录对象",
    tab_next_unit: "Tab 换单位",
    record_title: "登记进展",
    close_out_title: "销号",
    close_out_question: |unit, task| format!("确认为 {unit} 销号：{task}？"),
    undo_title: "撤销",
    undo_question: |unit, task| format!("撤销 {unit} 在 {task} 上的最近一条记录？"),
    undone: |unit, what| format!("已撤销 {unit} 的记录：{what}"),
    saved: |unit, status| format!("已记录：{unit} {status}"),
    closed_out: |unit| format!("已销号：{unit}"),
    already_closed: |unit| format!("{unit} 已销号"),
    waiting_for_lock: "等待台账写锁…（他人正在写入；Esc 取消，未写入）",
    no_unit: "请先在职责列表中选中单位和任务",
    not_assigned: |unit| format!("{unit} 不是该任务的责任单位"),
    unusable: |a| format!("台账不可用：{a}"),
    no_path: "没有台账路径：请设置 --ledger 或 DUTYMATRIX_LEDGER",
    history: "台账记录",
    undo_row: "撤销",
    progress_title: "挂图作战",
    by_red: "按红灯数",
    by_order: "按原顺序",
    per_document: "按文件（任务）",
    per_unit: "按单位（分工）",
    count_letters: ["销", "绿", "黄", "红"],
    legend: "# 红灯  + 黄灯  = 绿灯  . 已销号",
    no_ledger: "无台账：亮灯仅按期限",
};

pub const LEDGER_UI_EN: LedgerUiStrings = LedgerUiStrings {
    report_file: "report",
    report_formats: "the report is written as .docx, .xlsx, .svg, .md, .csv or .json",
    trend_title: |who, from, to| format!("lights by week · {who} · week-ends {from} to {to}"),
    trend_all: "every unit",
    note_count: |n, max| format!(" ({n}/{max} characters)"),
    acting_for: "for",
    tab_next_unit: "Tab: next unit",
    record_title: "Record progress",
    close_out_title: "Close out",
    close_out_question: |unit, task| format!("Close out {task} for {unit}?"),
    undo_title: "Undo",
    undo_question: |unit, task| format!("Undo {unit}'s latest record on {task}?"),
    undone: |unit, what| format!("undone for {unit}: {what}"),
    saved: |unit, status| format!("recorded: {unit} {status}"),
    closed_out: |unit| format!("closed out: {unit}"),
    already_closed: |unit| format!("{unit} has already closed it"),
    waiting_for_lock: "waiting for the ledger's write lock… (someone else is writing; Esc cancels, nothing written yet)",
    no_unit: "select a unit and one of its tasks first",
    not_assigned: |unit| format!("{unit} is not assigned to this task"),
    unusable: |a| format!("ledger unusable: {a}"),
    no_path: "no ledger path: set --ledger or DUTYMATRIX_LEDGER",
    history: "Ledger history",
    undo_row: "undo",
    progress_title: "Progress",
    by_red: "by red",
    by_order: "in order",
    per_document: "Documents (tasks)",
    per_unit: "Units (assignments)",
    count_letters: ["C", "G", "Y", "R"],
    legend: "# red  + yellow  = green  . closed",
    no_ledger: "no ledger: lights from deadlines only",
};

impl Lang {
    pub fn ledger_ui(self) -> &'static LedgerUiStrings {
        match self {
            Lang::Zh => &LEDGER_UI_ZH,
            Lang::En => &LEDGER_UI_EN,
        }
    }
}
