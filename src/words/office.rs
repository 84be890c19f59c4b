//! The words of the files an office passes around: the workbook's sheets and charts, the
//! 情况通报 as a Word document, the SVG chart and the reminders, in Chinese and English.

use super::Lang;

pub struct OfficeWords {
    pub summary: &'static str,
    pub lights_by_unit: &'static str,
    pub weekly_trend: &'static str,
    pub week_ending: &'static str,
    pub items: &'static str,
    /// The issuing office line of the 通报.
    pub issuer: &'static str,
    /// The 通报's opening sentence: tasks, closed, on track, yellow, red.
    pub summary_sentence: fn(usize, usize, usize, usize, usize) -> String,
    pub by_unit: &'static str,
    pub all_units: &'static str,
    pub no_red_or_yellow: &'static str,
    pub deadline: &'static str,
    pub overdue_days: fn(i64) -> String,
    pub days_left: fn(i64) -> String,
    pub page: &'static str,
    pub remind_title: fn(&str, i64) -> String,
    pub remind_none: &'static str,
    pub remind_due: &'static str,
    pub recorded_by: &'static str,
    pub files_written: fn(usize, &str) -> String,
    pub file_exists: &'static str,
    pub own_units_open: fn(usize, usize) -> String,
    pub binary_needs_file: &'static str,
    pub more_units: fn(usize) -> String,
    pub date: fn(chrono::NaiveDate) -> String,
    pub unit_counts: fn(usize, usize) -> String,
    pub written: fn(&str) -> String,
}

pub const ZH: OfficeWords = OfficeWords {
    summary: "汇总",
    lights_by_unit: "各单位亮灯情况",
    weekly_trend: "亮灯趋势（按周）",
    week_ending: "周末日期",
    items: "项数",
    issuer: "督查督办办公室",
    summary_sentence: |total, done, green, yellow, red| {
        format!(
            "截至目前，台账共列任务{total}项（按责任单位计）。其中已完成（销号）{done}项，按期推进{green}项，临近期限（黄灯）{yellow}项，已超期（红灯）{red}项。"
        )
    },
    by_unit: "一、各单位红黄灯事项",
    all_units: "二、各单位亮灯统计",
    no_red_or_yellow: "本期无红灯、黄灯事项。",
    deadline: "期限",
    overdue_days: |n| format!("已超期{n}天"),
    days_left: |n| format!("剩余{n}天"),
    page: "页",
    remind_title: |unit, days| format!("{unit}：{days}天内到期及已超期未办结事项"),
    remind_none: "无到期或超期事项",
    remind_due: "到期",
    recorded_by: "记录人",
    files_written: |n, dir| format!("已写入{n}个文件到 {dir}"),
    file_exists: "文件已存在（加 --force 覆盖）",
    own_units_open: |red, yellow| format!("本单位事项：红灯{red}项，黄灯{yellow}项"),
    binary_needs_file: "xlsx、docx 格式须用 -o 指定输出文件",
    more_units: |n| format!("另有{n}个单位未列出"),
    date: |d| d.format("%Y年%-m月%-d日").to_string(),
    unit_counts: |r, y| format!("（红灯{r}项，黄灯{y}项）"),
    written: |a| format!("已写入 {a}"),
};

pub const EN: OfficeWords = OfficeWords {
    summary: "Summary",
    lights_by_unit: "Lights by unit",
    weekly_trend: "Lights by week",
    week_ending: "Week ending",
    items: "Items",
    issuer: "Supervision Office",
    summary_sentence: |total, done, green, yellow, red| {
        format!(
            "The ledger lists {total} items (counted per responsible unit). {done} are closed, {green} are on track, {yellow} are near their deadline (yellow) and {red} are overdue (red)."
        )
    },
    by_unit: "1. Red and yellow items by unit",
    all_units: "2. Lights by unit",
    no_red_or_yellow: "No red or yellow items this time.",
    deadline: "Deadline",
    overdue_days: |n| format!("{n} days overdue"),
    days_left: |n| format!("{n} days left"),
    page: "Page",
    remind_title: |unit, days| format!("{unit}: due within {days} days or overdue and open"),
    remind_none: "nothing due or overdue",
    remind_due: "due",
    recorded_by: "recorded by",
    files_written: |n, dir| format!("wrote {n} files to {dir}"),
    file_exists: "the file exists (add --force to replace it)",
    own_units_open: |red, yellow| format!("your units: {red} red, {yellow} yellow"),
    binary_needs_file: "xlsx and docx need an output file: -o FILE",
    more_units: |n| format!("{n} more units not shown"),
    date: |d| d.format("%-d %B %Y").to_string(),
    unit_counts: |r, y| format!(" ({r} red, {y} yellow)"),
    written: |a| format!("wrote {a}"),
};

pub fn office_words(lang: Lang) -> &'static OfficeWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
