//! The ledger's user-facing words, in Chinese (the default) and English. Kept beside the ledger
//! rather than in `i18n.rs` so the ledger is one self-contained module.

use crate::i18n::Lang;

pub struct Words {
    pub ledger: &'static str,
    pub light: &'static str,
    pub status: &'static str,
    pub note: &'static str,
    pub latest: &'static str,
    pub no_records: &'static str,
    pub recorded: &'static str,
    pub undone: &'static str,
    pub undo_of: &'static str,
    pub supervisor: &'static str,
    pub members: &'static str,
    pub no_members: &'static str,
    pub report_title: &'static str,
    pub warn_window: &'static str,
    pub red_items: &'static str,
    pub yellow_items: &'static str,
    pub none: &'static str,
    pub orphans: &'static str,
    pub orphans_hint: &'static str,
    pub no_ledger_yet: &'static str,
    pub created: &'static str,
    pub exists: &'static str,
    pub member_changed: &'static str,
    pub unknown_unit: &'static str,
    pub no_ledger_path: &'static str,
    pub not_a_login: &'static str,
    pub name_a_unit: &'static str,
    pub total: &'static str,
    pub today: &'static str,
    pub rows: &'static str,
}

pub const ZH: Words = Words {
    ledger: "台账",
    light: "亮灯",
    status: "状态",
    note: "办理情况",
    latest: "最新情况",
    no_records: "（尚无记录）",
    recorded: "已记录",
    undone: "已撤销",
    undo_of: "撤销",
    supervisor: "督查",
    members: "成员",
    no_members: "（无成员）",
    report_title: "工作台账情况通报",
    warn_window: "预警{}天",
    red_items: "红灯事项",
    yellow_items: "黄灯事项",
    none: "无",
    orphans: "原任务已不在文件中的记录",
    orphans_hint: "文件修改后找不到对应任务，记录保留",
    no_ledger_yet: "尚无台账 {}：首次记录（ledger set）或 ledger init 时创建；以下亮灯仅按期限计算",
    created: "已创建台账 {}，{} 为督查",
    exists: "台账已存在：{}",
    member_changed: "成员已更新",
    unknown_unit: "文件中没有这个单位",
    no_ledger_path: "没有台账路径：请设置 --ledger、DUTYMATRIX_LEDGER、XDG_DATA_HOME 或 HOME",
    not_a_login: "不是有效的登录名",
    name_a_unit: "请至少给出一个单位，或 --supervisor",
    total: "合计",
    today: "今天",
    rows: "条记录",
};

pub const EN: Words = Words {
    ledger: "ledger",
    light: "Light",
    status: "Status",
    note: "Progress",
    latest: "latest",
    no_records: "(nothing recorded yet)",
    recorded: "recorded",
    undone: "undone",
    undo_of: "undo of",
    supervisor: "supervisor",
    members: "Members",
    no_members: "(no members)",
    report_title: "Ledger report",
    warn_window: "warning window {} days",
    red_items: "Red items",
    yellow_items: "Yellow items",
    none: "none",
    orphans: "Records whose task is no longer in the documents",
    orphans_hint: "kept: the document changed and the task was not found",
    no_ledger_yet: "no ledger at {} yet: the first `ledger set` or `ledger init` creates it; lights below come from deadlines alone",
    created: "created the ledger {}, with {} as supervisor",
    exists: "the ledger already exists: {}",
    member_changed: "members updated",
    unknown_unit: "no such unit in the documents",
    no_ledger_path: "no ledger path: set --ledger, DUTYMATRIX_LEDGER, XDG_DATA_HOME or HOME",
    not_a_login: "not a login name",
    name_a_unit: "name at least one unit, or --supervisor",
    total: "Total",
    today: "today",
    rows: "records",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// `s` in brackets the way each language writes them: （…） in Chinese, ` (…)` in English.
pub fn paren(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Zh => format!("（{s}）"),
        Lang::En => format!(" ({s})"),
    }
}
