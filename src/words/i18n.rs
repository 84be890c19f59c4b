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
    /// After a tie the command line would not guess: what settles it next time.
    pub tie_hint: &'static str,
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
    /// Help's headings: the place it was opened from, then the rest.
    pub help_here: fn(&str) -> String,
    pub help_others: &'static str,
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
    /// A unit's counts by role, as the duties pane's title gives them.
    pub role_counts: fn(usize, usize, usize) -> String,
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
    tie_hint: "也可用 --home 设定本级（如 --home 市），或在台账中登记为本单位成员",
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
    role_counts: |l, s, r| format!("牵头{l} 配合{s} 责任{r}"),
    needs_terminal: "看板需要在终端中运行；脚本请使用命令（见 --help）",
    terminal_error: |e| format!("终端出错：{e}"),
    skipped: "已跳过",
    search: "搜索",
    search_tasks: "搜索任务",
    duties: "职责",
    matrix: "责任矩阵",
    help: "帮助",
    help_here: |place| format!("本处（{place}）的按键"),
    help_others: "其他按键",
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
    tie_hint: "or set your level with --home (e.g. --home 市), or be a member of your unit in the ledger",
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
    role_counts: |l, s, r| format!("lead {l} · support {s} · resp. {r}"),
    needs_terminal: "the dashboard needs a terminal; for scripts use a command (see --help)",
    terminal_error: |e| format!("terminal error: {e}"),
    skipped: "skipped",
    search: "Search",
    search_tasks: "Search tasks",
    duties: "Duties",
    matrix: "Matrix",
    help: "Help",
    help_here: |place| format!("Keys here ({place})"),
    help_others: "Other keys",
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
};

impl Lang {
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
