//! Every user-facing string, in Chinese (the default) and English (`--lang en`).

use crate::model::{Basis, Deadline, Level, Role, TaskKind};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

pub struct Strings {
    pub unit: &'static str,
    pub level: &'static str,
    pub lead: &'static str,
    pub support: &'static str,
    pub responsible: &'static str,
    pub data_provider: &'static str,
    pub collective: &'static str,
    pub also_called: &'static str,
    /// Between a label and its value: full-width in Chinese.
    pub colon: &'static str,
    pub total: &'static str,
    pub role: &'static str,
    pub task: &'static str,
    pub document: &'static str,
    pub deadline: &'static str,
    pub partners: &'static str,
    pub other_matches: &'static str,
    pub no_unit_match: &'static str,
    pub no_task_match: &'static str,
    pub units_found: &'static str,
    pub tasks_found: &'static str,
    pub no_deadline: &'static str,
    pub days_left: &'static str,
    pub days_overdue: &'static str,
    /// Narrow-pane forms of the two above.
    pub days_left_short: &'static str,
    pub days_overdue_short: &'static str,
    pub due_today: &'static str,
    pub basis_explicit: &'static str,
    pub basis_document: &'static str,
    pub kind_goal: &'static str,
    pub kind_task: &'static str,
    pub level_national: &'static str,
    pub level_province: &'static str,
    pub level_city: &'static str,
    pub level_district: &'static str,
    pub level_county: &'static str,
    pub level_township: &'static str,
    pub level_other: &'static str,
    pub cannot_read: &'static str,
    pub skipped: &'static str,
    pub search: &'static str,
    /// Search line titles when it searches task text instead of units.
    pub search_tasks: &'static str,
    pub duties: &'static str,
    pub matrix: &'static str,
    pub help: &'static str,
    pub source: &'static str,
    pub section: &'static str,
    pub number: &'static str,
    pub lines: &'static str,
    pub text: &'static str,
    pub too_small: &'static str,
    pub no_duties: &'static str,
    pub all_documents: &'static str,
    pub sort_by_name: &'static str,
    pub sort_by_load: &'static str,
    pub none: &'static str,
    pub close: &'static str,
    pub copied: &'static str,
}

pub const ZH: Strings = Strings {
    unit: "单位",
    level: "级别",
    lead: "牵头",
    support: "配合",
    responsible: "责任",
    data_provider: "数据提供",
    collective: "集体",
    also_called: "又称",
    colon: "：",
    total: "合计",
    role: "角色",
    task: "任务",
    document: "文件",
    deadline: "期限",
    partners: "协同单位",
    other_matches: "其他匹配",
    no_unit_match: "没有与查询匹配的单位",
    no_task_match: "没有与查询匹配的任务",
    units_found: "个单位",
    tasks_found: "项任务",
    no_deadline: "无期限",
    days_left: "剩{}天",
    days_overdue: "逾期{}天",
    days_left_short: "剩{}天",
    days_overdue_short: "逾{}天",
    due_today: "今天到期",
    basis_explicit: "任务明确",
    basis_document: "文件期限",
    kind_goal: "目标",
    kind_task: "任务",
    level_national: "国家",
    level_province: "省",
    level_city: "市",
    level_district: "区",
    level_county: "县",
    level_township: "乡镇",
    level_other: "其他",
    cannot_read: "无法读取",
    skipped: "已跳过",
    search: "搜索",
    search_tasks: "搜索任务",
    duties: "职责",
    matrix: "责任矩阵",
    help: "帮助",
    source: "出处",
    section: "章节",
    number: "序号",
    lines: "行",
    text: "全文",
    too_small: "终端太小",
    no_duties: "无任务",
    all_documents: "全部文件",
    sort_by_name: "按名称",
    sort_by_load: "按任务数",
    none: "无",
    close: "关闭",
    copied: "已复制{}行，可粘贴到表格",
};

pub const EN: Strings = Strings {
    unit: "Unit",
    level: "Level",
    lead: "Lead",
    support: "Support",
    responsible: "Resp.",
    data_provider: "Data",
    collective: "collective",
    also_called: "also",
    colon: ": ",
    total: "Total",
    role: "Role",
    task: "Task",
    document: "Document",
    deadline: "Deadline",
    partners: "Partners",
    other_matches: "Other matches",
    no_unit_match: "no unit matches the query",
    no_task_match: "no task matches the query",
    units_found: "units",
    tasks_found: "tasks",
    no_deadline: "no deadline",
    days_left: "{} days left",
    days_overdue: "{} days overdue",
    days_left_short: "{}d",
    days_overdue_short: "{}d late",
    due_today: "due today",
    basis_explicit: "stated in task",
    basis_document: "document horizon",
    kind_goal: "goal",
    kind_task: "task",
    level_national: "national",
    level_province: "province",
    level_city: "city",
    level_district: "district",
    level_county: "county",
    level_township: "township",
    level_other: "other",
    cannot_read: "cannot read",
    skipped: "skipped",
    search: "Search",
    search_tasks: "Search tasks",
    duties: "Duties",
    matrix: "Matrix",
    help: "Help",
    source: "Source",
    section: "Section",
    number: "No.",
    lines: "lines",
    text: "Text",
    too_small: "Terminal too small",
    no_duties: "no tasks",
    all_documents: "all documents",
    sort_by_name: "by name",
    sort_by_load: "by load",
    none: "none",
    close: "close",
    copied: "copied {} rows, ready to paste into a spreadsheet",
};

/// What a key does, as the status bar and help say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyHelp {
    Quit,
    Help,
    Up,
    Down,
    Open,
    ClearOrLeave,
    Delete,
    ClearQuery,
    NextPane,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Search,
    Sort,
    NextDocument,
    Matrix,
    Back,
    Collectives,
    Copy,
    SearchKind,
}

impl Lang {
    pub fn key_help(self, k: KeyHelp) -> &'static str {
        let (zh, en) = match k {
            KeyHelp::Quit => ("退出", "quit"),
            KeyHelp::Help => ("帮助", "help"),
            KeyHelp::Up => ("上移", "up"),
            KeyHelp::Down => ("下移", "down"),
            KeyHelp::Open => ("打开", "open"),
            KeyHelp::ClearOrLeave => ("清空/离开搜索", "clear/leave search"),
            KeyHelp::Delete => ("删除", "delete"),
            KeyHelp::ClearQuery => ("清空查询", "clear query"),
            KeyHelp::NextPane => ("切换窗格", "next pane"),
            KeyHelp::Left => ("左移", "left"),
            KeyHelp::Right => ("右移", "right"),
            KeyHelp::Top => ("到顶", "top"),
            KeyHelp::Bottom => ("到底", "bottom"),
            KeyHelp::PageUp => ("上翻页", "page up"),
            KeyHelp::PageDown => ("下翻页", "page down"),
            KeyHelp::Search => ("搜索", "search"),
            KeyHelp::Sort => ("排序(名称/任务数)", "sort (name/load)"),
            KeyHelp::NextDocument => ("切换文件", "next document"),
            KeyHelp::Matrix => ("责任矩阵", "matrix"),
            KeyHelp::Back => ("返回", "back"),
            KeyHelp::Collectives => ("显示/隐藏集体", "show/hide collectives"),
            KeyHelp::Copy => ("复制(表格)", "copy (table)"),
            KeyHelp::SearchKind => ("搜单位/搜任务", "units/tasks search"),
        };
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

impl Strings {
    pub fn role(&self, r: Role) -> &'static str {
        match r {
            Role::Lead => self.lead,
            Role::Support => self.support,
            Role::Responsible => self.responsible,
            Role::DataProvider => self.data_provider,
        }
    }

    pub fn level(&self, l: Level) -> &'static str {
        match l {
            Level::National => self.level_national,
            Level::Province => self.level_province,
            Level::City => self.level_city,
            Level::District => self.level_district,
            Level::County => self.level_county,
            Level::Township => self.level_township,
            Level::Other => self.level_other,
        }
    }

    pub fn basis(&self, b: Basis) -> &'static str {
        match b {
            Basis::Explicit => self.basis_explicit,
            Basis::Document => self.basis_document,
        }
    }

    pub fn kind(&self, k: TaskKind) -> &'static str {
        match k {
            TaskKind::Goal => self.kind_goal,
            TaskKind::Task => self.kind_task,
        }
    }

    /// `2025-12-31 剩1200天（到“十四五”末，文件期限）`, or the phrase alone for an undated one.
    pub fn deadline_text(&self, d: Option<&Deadline>, today: NaiveDate) -> String {
        match d {
            None => self.no_deadline.to_string(),
            Some(d) => match (d.due(today), d.days_left(today)) {
                (Some(date), Some(days)) => format!(
                    "{date} {}（{}，{}）",
                    self.days(days),
                    d.text,
                    self.basis(d.basis)
                ),
                _ => format!("{}（{}）", d.text, self.basis(d.basis)),
            },
        }
    }

    /// `剩12天` / `逾期3天` / `今天到期` for a count of days from today.
    pub fn days(&self, days: i64) -> String {
        self.days_in(days, self.days_left, self.days_overdue)
    }

    /// The same, short enough for a narrow pane.
    pub fn days_short(&self, days: i64) -> String {
        self.days_in(days, self.days_left_short, self.days_overdue_short)
    }

    fn days_in(&self, days: i64, left: &str, overdue: &str) -> String {
        match days {
            0 => self.due_today.to_string(),
            d if d > 0 => left.replace("{}", &d.to_string()),
            d => overdue.replace("{}", &(-d).to_string()),
        }
    }
}
