//! The words of the meeting features: counterparts, the meeting and timeline views, sheets.

use super::Lang;

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
    /// `今天2026-12-01` / `today 2026-12-01`: the word and the date, spaced as each language is.
    pub today_is: fn(chrono::NaiveDate) -> String,
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
    /// The 分工表's own columns.
    pub col_number: &'static str,
    pub col_key_task: &'static str,
    pub col_lead_units: &'static str,
    pub col_support_units: &'static str,
    pub col_responsible_units: &'static str,
    pub fengong_title: &'static str,
    pub pairs: &'static str,
    pub unpaired: &'static str,
    /// `{}` the level looked at, `{}` the stem.
    pub unpaired_reason: fn(&str, &str) -> String,
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
    today_is: |d| format!("今天{d}"),
    rows: "行",
    export_to: "导出（可用 .xlsx）到",
    exists_overwrite: |a| format!("{a} 已存在，覆盖吗？y 覆盖，其他键返回"),
    written: |a, b| format!("已写入 {a}（{b}行）"),
    write_failed: "无法写入",
    exists_refused: "文件已存在（加 --force 覆盖）",
    cancelled: "已取消导出",
    unknown_format: "文件名须以 .csv、.md、.json 或 .xlsx 结尾",
    duty_sheet: "职责表",
    col_section: "分组",
    col_leads: "牵头单位",
    col_task_id: "任务编号",
    col_due: "期限",
    col_days_left: "剩余天数",
    col_deadline_text: "期限原文",
    col_number: "序号",
    col_key_task: "重点任务",
    col_lead_units: "牵头单位",
    col_support_units: "配合单位",
    col_responsible_units: "责任单位",
    fengong_title: "任务分工表",
    pairs: "对口单位",
    unpaired: "未配对",
    unpaired_reason: |a, b| format!("文件中没有{a}级的“{b}”"),
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
    today_is: |d| format!("today {d}"),
    rows: "rows",
    export_to: "Export (.xlsx too) to",
    exists_overwrite: |a| format!("{a} exists; overwrite? y yes, any other key back"),
    written: |a, b| format!("wrote {a} ({b} rows)"),
    write_failed: "cannot write",
    exists_refused: "file exists (add --force to replace it)",
    cancelled: "export cancelled",
    unknown_format: "the file name must end in .csv, .md, .json or .xlsx",
    duty_sheet: "Duty sheet",
    col_section: "Section",
    col_leads: "Leads",
    col_task_id: "Task id",
    col_due: "Due",
    col_days_left: "Days left",
    col_deadline_text: "Deadline as written",
    col_number: "No.",
    col_key_task: "Key task",
    col_lead_units: "Lead",
    col_support_units: "Support",
    col_responsible_units: "Responsible",
    fengong_title: "Division of tasks",
    pairs: "Counterparts",
    unpaired: "Unpaired",
    unpaired_reason: |a, b| format!("no {a}-level \"{b}\" in the documents"),
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
}
