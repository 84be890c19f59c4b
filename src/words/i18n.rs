//! Every user-facing string, in Chinese (the default) and English (`--lang en`).

use super::Lang;
use crate::model::{Basis, Deadline, Level, Role, TaskKind};
use chrono::NaiveDate;

pub struct Strings {
    pub lang: Lang,
    /// Shown for a deadline with no end date (长期坚持).
    pub ongoing: &'static str,
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
    pub days_left: fn(i64) -> String,
    pub days_overdue: fn(i64) -> String,
    /// Narrow-pane forms of the two above.
    pub days_left_short: fn(i64) -> String,
    pub days_overdue_short: fn(i64) -> String,
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
    pub copied: fn(usize) -> String,
    pub empty_query: &'static str,
    pub copying: fn(usize) -> String,
    pub bad_home: &'static str,
    /// The dashboard was asked for without a terminal (a pipe, a cron job).
    pub needs_terminal: &'static str,
    pub terminal_error: fn(&str) -> String,
    /// Brackets and separators around inserted values: full-width in Chinese, ASCII in English.
    pub open_paren: &'static str,
    pub close_paren: &'static str,
    pub comma: &'static str,
    pub list_sep: &'static str,
    pub copied_tmux: fn(usize) -> String,
    pub copied_passthrough: fn(usize) -> String,
    pub due_date: &'static str,
    pub days_left_column: &'static str,
}

pub const ZH: Strings = Strings {
    lang: Lang::Zh,
    ongoing: "长期",
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
    no_deadline: "未写明期限",
    days_left: |n| format!("剩{n}天"),
    days_overdue: |n| format!("逾期{n}天"),
    days_left_short: |n| format!("剩{n}天"),
    days_overdue_short: |n| format!("逾{n}天"),
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
    needs_terminal: "看板需要在终端中运行；脚本请使用命令（见 --help）",
    terminal_error: |e| format!("终端出错：{e}"),
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
    copied: |n| format!("已经终端(OSC 52)发送{n}行到本机剪贴板，可粘贴到表格"),
    empty_query: "请给出要查询的单位名称、简称或拼音（如 卫健委、wsjkw）",
    copying: |n| format!("正在复制{n}行"),
    bad_home: "不是单位名称或级别（如 市卫生健康委、市、省），也可在 DUTYMATRIX_HOME 或 ~/.config/dutymatrix/config 中设置",
    open_paren: "（",
    close_paren: "）",
    comma: "，",
    list_sep: "、",
    copied_tmux: |n| format!("已复制{n}行到 tmux 缓冲区（前缀键+] 粘贴）"),
    copied_passthrough: |n| format!("tmux 未接收，已经终端(OSC 52)发送{n}行"),
    due_date: "到期日",
    days_left_column: "剩余天数",
};

pub const EN: Strings = Strings {
    lang: Lang::En,
    ongoing: "ongoing",
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
    no_deadline: "no deadline stated",
    days_left: |n| format!("{n} days left"),
    days_overdue: |n| format!("{n} days overdue"),
    days_left_short: |n| format!("{n}d"),
    days_overdue_short: |n| format!("{n}d late"),
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
    needs_terminal: "the dashboard needs a terminal; for scripts use a command (see --help)",
    terminal_error: |e| format!("terminal error: {e}"),
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
    copied: |n| format!("sent {n} rows to your clipboard via the terminal (OSC 52)"),
    empty_query: "give a unit name, abbreviation or pinyin to look up (e.g. 卫健委, wsjkw)",
    copying: |n| format!("copying {n} rows"),
    bad_home: "not a unit or a level (e.g. 市卫生健康委, 市, province); also read from DUTYMATRIX_HOME or ~/.config/dutymatrix/config",
    open_paren: " (",
    close_paren: ")",
    comma: ", ",
    list_sep: ", ",
    copied_tmux: |n| format!("copied {n} rows to the tmux buffer (prefix ] pastes)"),
    copied_passthrough: |n| {
        format!("tmux refused the buffer; sent {n} rows via the terminal (OSC 52)")
    },
    due_date: "Due date",
    days_left_column: "Days left",
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
    Lights,
    Copy,
    Mark,
    Counterpart,
    Meeting,
    Timeline,
    Scope,
    Export,
    Suspend,
    NextUnit,
    Original,
    Record,
    CloseOut,
    Undo,
    Progress,
    SortRed,
    Save,
    Cancel,
    StatusPrev,
    StatusNext,
    ConfirmYes,
    SearchKind,
}

/// Where in the dashboard a key does something: named in help when one key does different
/// things in different places (Tab, Enter, Esc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Search,
    Lists,
    Task,
    Matrix,
    Help,
    Meeting,
    Timeline,
    Prompt,
    Form,
    Question,
    Progress,
}

impl Lang {
    pub fn place(self, p: Place) -> &'static str {
        let (zh, en) = match p {
            Place::Search => ("搜索", "search"),
            Place::Lists => ("列表", "lists"),
            Place::Task => ("任务", "task"),
            Place::Matrix => ("矩阵", "matrix"),
            Place::Help => ("帮助", "help"),
            Place::Meeting => ("会议", "meeting"),
            Place::Timeline => ("时间", "timeline"),
            Place::Prompt => ("导出", "export"),
            Place::Form => ("表单", "form"),
            Place::Question => ("提问", "question"),
            Place::Progress => ("挂图", "progress"),
        };
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

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
            KeyHelp::Lights => ("分工/亮灯", "roles/lights"),
            KeyHelp::Copy => ("复制(表格)", "copy (table)"),
            KeyHelp::Mark => ("标记", "mark"),
            KeyHelp::Counterpart => ("跳到上下级对口", "jump to counterpart"),
            KeyHelp::Meeting => ("会议", "meeting"),
            KeyHelp::Timeline => ("时间表", "timeline"),
            KeyHelp::Scope => ("范围", "filter"),
            KeyHelp::Export => ("导出", "export"),
            KeyHelp::Suspend => ("暂停(fg 返回)", "suspend (fg returns)"),
            KeyHelp::NextUnit => ("选择单位", "next unit"),
            KeyHelp::Original => ("原文/简体", "original/simplified"),
            KeyHelp::Record => ("登记进展", "record progress"),
            KeyHelp::CloseOut => ("销号", "close out"),
            KeyHelp::Undo => ("撤销最近一条记录", "undo the latest record"),
            KeyHelp::Progress => ("挂图作战", "progress chart"),
            KeyHelp::SortRed => ("排序(红灯数/原顺序)", "sort (red/order)"),
            KeyHelp::Save => ("保存", "save"),
            KeyHelp::Cancel => ("取消", "cancel"),
            KeyHelp::StatusPrev => ("上一状态", "previous status"),
            KeyHelp::StatusNext => ("下一状态", "next status"),
            KeyHelp::ConfirmYes => ("确认", "confirm"),
            KeyHelp::SearchKind => ("搜单位/搜任务", "units/tasks search"),
        };
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Source text in the UI's script: Simplified for the Chinese UI (Traditional documents
    /// included), as written for English.
    pub fn script(self, text: &str) -> String {
        match self {
            Lang::Zh => crate::extract::lines::simplify(text),
            Lang::En => text.to_string(),
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
        let (open, close, comma) = (self.open_paren, self.close_paren, self.comma);
        match d {
            None => self.no_deadline.to_string(),
            Some(d) => {
                let text = self.lang.script(&d.text);
                let basis = self.basis(d.basis);
                match (d.due(today), d.days_left(today)) {
                    (Some(date), Some(days)) => format!(
                        "{date} {}{open}{text}{comma}{basis}{close}",
                        self.days(days)
                    ),
                    _ => format!("{text}{open}{basis}{close}"),
                }
            }
        }
    }

    /// The deadline as the document words it, in the UI's script, with its basis:
    /// `到“十四五”末（文件期限）`; for none, that none was written.
    pub fn deadline_phrase(&self, d: Option<&Deadline>) -> String {
        match d {
            None => self.no_deadline.to_string(),
            Some(d) => format!(
                "{}{}{}{}",
                self.lang.script(&d.text),
                self.open_paren,
                self.basis(d.basis),
                self.close_paren
            ),
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

    fn days_in(&self, days: i64, left: fn(i64) -> String, overdue: fn(i64) -> String) -> String {
        match days {
            0 => self.due_today.to_string(),
            d if d > 0 => left(d),
            d => overdue(-d),
        }
    }
}

/// The words of the meeting features: counterparts, the meeting and timeline views, and sheets.
pub struct MeetingStrings {
    pub counterpart_upper: &'static str,
    pub counterpart_lower: &'static str,
    pub how_same_name: &'static str,
    /// `{}` the lower ending, `{}` the upper one.
    pub how_ending: fn(&str, &str) -> String,
    pub how_variant: &'static str,
    pub how_curated: &'static str,
    pub no_counterpart: &'static str,
    pub meeting: &'static str,
    pub units_n: fn(usize) -> String,
    pub tasks_n: fn(usize) -> String,
    pub shared_n: fn(usize) -> String,
    pub overdue_n: fn(usize) -> String,
    pub marked_n: fn(usize) -> String,
    pub soonest: &'static str,
    pub shared: &'static str,
    pub own: &'static str,
    pub own_duties: &'static str,
    pub no_marked: &'static str,
    pub timeline: &'static str,
    pub band_overdue: &'static str,
    pub band_within_30: &'static str,
    pub band_quarter: &'static str,
    pub band_later: &'static str,
    pub band_ongoing: &'static str,
    pub band_recurring: &'static str,
    pub scope_all: &'static str,
    pub scope_marked: &'static str,
    pub today: &'static str,
    pub rows: &'static str,
    pub export_to: &'static str,
    pub exists_overwrite: fn(&str) -> String,
    pub written: fn(&str, &str) -> String,
    pub write_failed: &'static str,
    pub exists_refused: &'static str,
    pub cancelled: &'static str,
    pub unknown_format: &'static str,
    pub duty_sheet: &'static str,
    pub col_section: &'static str,
    pub col_leads: &'static str,
    pub col_task_id: &'static str,
    pub col_due: &'static str,
    pub col_days_left: &'static str,
    pub col_deadline_text: &'static str,
    pub pairs: &'static str,
    pub unpaired: &'static str,
    /// `{}` the level looked at, `{}` the stem.
    pub unpaired_reason: fn(&str, &str) -> String,
    pub units_not_found: &'static str,
}

pub const MEETING_ZH: MeetingStrings = MeetingStrings {
    counterpart_upper: "上级对口任务",
    counterpart_lower: "下级对口任务",
    how_same_name: "同名",
    how_ending: |a, b| format!("名称仅{a}/{b}不同"),
    how_variant: "异写合并",
    how_curated: "对照表",
    no_counterpart: "没有上下级对口单位",
    meeting: "会议",
    units_n: |n| format!("{n}个单位"),
    tasks_n: |n| format!("任务{n}"),
    shared_n: |n| format!("共同{n}"),
    overdue_n: |n| format!("逾期{n}"),
    marked_n: |n| format!("已标记{n}"),
    soonest: "最近到期",
    shared: "共同任务",
    own: "各自任务",
    own_duties: "本单位",
    no_marked: "尚未标记单位：在单位列表中按空格标记",
    timeline: "时间表",
    band_overdue: "逾期",
    band_within_30: "30天内",
    band_quarter: "本季度",
    band_later: "以后",
    band_ongoing: "长期",
    band_recurring: "每年",
    scope_all: "全部",
    scope_marked: "已标记单位",
    today: "今天",
    rows: "行",
    export_to: "导出到",
    exists_overwrite: |a| format!("{a} 已存在，覆盖吗？y 覆盖，其他键返回"),
    written: |a, b| format!("已写入 {a}（{b}行）"),
    write_failed: "无法写入",
    exists_refused: "文件已存在（加 --force 覆盖）",
    cancelled: "已取消导出",
    unknown_format: "文件名须以 .csv、.md 或 .json 结尾",
    duty_sheet: "职责表",
    col_section: "分组",
    col_leads: "牵头单位",
    col_task_id: "任务编号",
    col_due: "期限",
    col_days_left: "剩余天数",
    col_deadline_text: "期限原文",
    pairs: "对口单位",
    unpaired: "未配对",
    unpaired_reason: |a, b| format!("文件中没有{a}级的“{b}”"),
    units_not_found: "没有与之匹配的单位",
};

pub const MEETING_EN: MeetingStrings = MeetingStrings {
    counterpart_upper: "Counterpart above: tasks",
    counterpart_lower: "Counterpart below: tasks",
    how_same_name: "same name",
    how_ending: |a, b| format!("ending {a}/{b}"),
    how_variant: "variant spelling",
    how_curated: "curated table",
    no_counterpart: "no counterpart at another level",
    meeting: "Meeting",
    units_n: |n| format!("{n} units"),
    tasks_n: |n| format!("{n} tasks"),
    shared_n: |n| format!("{n} shared"),
    overdue_n: |n| format!("{n} overdue"),
    marked_n: |n| format!("{n} marked"),
    soonest: "Due soonest",
    shared: "Shared tasks",
    own: "Own tasks",
    own_duties: "own",
    no_marked: "No units marked: press Space in the unit list",
    timeline: "Timeline",
    band_overdue: "Overdue",
    band_within_30: "Within 30 days",
    band_quarter: "This quarter",
    band_later: "Later",
    band_ongoing: "Ongoing",
    band_recurring: "Recurring",
    scope_all: "all",
    scope_marked: "marked units",
    today: "today",
    rows: "rows",
    export_to: "Export to",
    exists_overwrite: |a| format!("{a} exists; overwrite? y yes, any other key back"),
    written: |a, b| format!("wrote {a} ({b} rows)"),
    write_failed: "cannot write",
    exists_refused: "file exists (add --force to replace it)",
    cancelled: "export cancelled",
    unknown_format: "the file name must end in .csv, .md or .json",
    duty_sheet: "Duty sheet",
    col_section: "Section",
    col_leads: "Leads",
    col_task_id: "Task id",
    col_due: "Due",
    col_days_left: "Days left",
    col_deadline_text: "Deadline as written",
    pairs: "Counterparts",
    unpaired: "Unpaired",
    unpaired_reason: |a, b| format!("no {a}-level \"{b}\" in the documents"),
    units_not_found: "no unit matches",
};

impl Lang {
    pub fn meeting(self) -> &'static MeetingStrings {
        match self {
            Lang::Zh => &MEETING_ZH,
            Lang::En => &MEETING_EN,
        }
    }
}

impl MeetingStrings {
    pub fn band(&self, b: crate::timeline::Band) -> &'static str {
        use crate::timeline::Band;
        match b {
            Band::Overdue => self.band_overdue,
            Band::Within30Days => self.band_within_30,
            Band::ThisQuarter => self.band_quarter,
            Band::Later => self.band_later,
            Band::Ongoing => self.band_ongoing,
            Band::Recurring => self.band_recurring,
        }
    }

    pub fn how(&self, h: &crate::counterparts::How) -> String {
        use crate::counterparts::How;
        match h {
            How::SameName => self.how_same_name.to_string(),
            How::Ending { lower, upper } => (self.how_ending)(lower, upper),
            How::Variant => self.how_variant.to_string(),
            How::Curated => self.how_curated.to_string(),
        }
    }

    pub fn section(&self, s: crate::meeting::Section) -> &'static str {
        use crate::meeting::Section;
        match s {
            Section::Soonest => self.soonest,
            Section::Shared => self.shared,
            Section::Own => self.own,
        }
    }

    /// A count worded by one of the `*_n` messages.
    pub fn n(&self, message: fn(usize) -> String, n: usize) -> String {
        message(n)
    }
}

/// The dashboard's words for the ledger (工作台账): the form, close-out, history and the
/// progress view. The ledger's own words (lights, statuses, the status and note labels, "nothing
/// recorded yet") are in `ledger::words`.
pub struct LedgerUiStrings {
    pub record_title: &'static str,
    pub close_out_title: &'static str,
    pub close_out_question: &'static str,
    pub undo_title: &'static str,
    pub undo_question: &'static str,
    pub undone: &'static str,
    pub saved: &'static str,
    pub closed_out: &'static str,
    pub already_closed: &'static str,
    pub no_unit: &'static str,
    pub not_assigned: &'static str,
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
    record_title: "登记进展",
    close_out_title: "销号",
    close_out_question: "确认为 {unit} 销号：{task}？",
    undo_title: "撤销",
    undo_question: "撤销 {unit} 在 {task} 上的最近一条记录？",
    undone: "已撤销 {unit} 的记录：{what}",
    saved: "已记录：{unit} {status}",
    closed_out: "已销号：{unit}",
    already_closed: "{unit} 已销号",
    no_unit: "请先在职责列表中选中单位和任务",
    not_assigned: "{unit} 不是该任务的责任单位",
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
    record_title: "Record progress",
    close_out_title: "Close out",
    close_out_question: "Close out {task} for {unit}?",
    undo_title: "Undo",
    undo_question: "Undo {unit}'s latest record on {task}?",
    undone: "undone for {unit}: {what}",
    saved: "recorded: {unit} {status}",
    closed_out: "closed out: {unit}",
    already_closed: "{unit} has already closed it",
    no_unit: "select a unit and one of its tasks first",
    not_assigned: "{unit} is not assigned to this task",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_paths_fill_their_messages() {
        let m = Lang::Zh.meeting();
        assert_eq!((m.written)("a{}b.csv", "3"), "已写入 a{}b.csv（3行）");
        assert_eq!((m.how_ending)("{}", "局"), "名称仅{}/局不同");
        let s = Lang::En.strings();
        assert_eq!(s.days(3), "3 days left");
        assert_eq!(s.days(-2), "2 days overdue");
        assert_eq!(Lang::Zh.strings().days_short(-2), "逾2天");
    }
}
