//! The things documents speak of: documents, units, tasks, who does what by when. These serde
//! types are the JSON schema of `dutymatrix export --format json`. Bump [`SCHEMA`] whenever a
//! field changes meaning or disappears; adding an optional field does not need a bump.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::shared_str::SharedStr;
use std::sync::Arc;

/// The headings above a task, outermost first: shared by the tasks under the same headings.
pub type Section = std::sync::Arc<[SharedStr]>;

/// Version of the JSON schema written by `export`.
pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// Stable id: the source name, with `#N` when one file holds several plans.
    pub id: String,
    /// Title in Simplified characters.
    pub title: String,
    /// Title as the source writes it (differs from `title` for Traditional sources).
    pub title_original: String,
    pub issuer: Option<String>,
    pub date: Option<NaiveDate>,
    /// Document number such as 泰政发〔2021〕5号.
    pub number: Option<String>,
    /// Where the text came from: the built-in source name or the user's path.
    pub source: String,
    /// Deadline that applies to every task that names none of its own.
    pub horizon: Option<Deadline>,
    /// The file's format when it is not plain text (`docx`, `xlsx`, `html`, `markdown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Unit {
    /// The canonical Simplified name doubles as the id: scripts can join on it.
    pub id: String,
    pub name: String,
    /// Other spellings met in the documents (Traditional forms, variants merged into this one).
    pub aliases: Vec<String>,
    pub level: Level,
    /// A group named as one assignee (各区县人民政府, 各有关部门和单位): kept, but not a matrix row.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collective: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Province,
    City,
    District,
    County,
    Township,
    Other,
}

/// A task. Its Simplified title and text are kept only where they differ from the text as
/// written (a Traditional document's); for a Simplified document they would repeat it, a
/// quarter of a large model's memory. Read them through [`Task::title_simplified`] and
/// [`Task::text_simplified`]; as JSON both are written out whole, as before.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(from = "TaskFields")]
pub struct Task {
    /// `document-id/2.1.3`: the ordinal of each outline level leading to the task.
    pub id: SharedStr,
    pub document: SharedStr,
    /// Headings above the task, outermost first, as Simplified text.
    pub section: Section,
    /// The task's own number as written: `(一)`, `3.`.
    pub number: SharedStr,
    pub kind: TaskKind,
    /// The first sentence, as written.
    pub title: SharedStr,
    /// Empty when it would be `title` again.
    pub title_simplified: SharedStr,
    /// The whole paragraph as written, number and annotation removed.
    pub text: SharedStr,
    /// Empty when it would be `text` again.
    pub text_simplified: SharedStr,
    /// The annotation(s) as written, e.g. `(责任单位:市卫生健康委、市发展改革委)`.
    pub annotation: Option<SharedStr>,
    pub assignments: Vec<Assignment>,
    /// Shared: a document's tasks mostly fall due together (its horizon), and a deadline inline
    /// cost each task 40 bytes.
    pub deadline: Option<Arc<Deadline>>,
    /// First and last source line (1-based, inclusive). In a container (Word, a sheet, a web
    /// page) the lines are the reader's own count of its paragraphs and rows: `at` says where.
    pub lines: [usize; 2],
    /// Where the task is in a container file: a paragraph, a sheet's cell, a table's row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Boxed: most tasks (a text file's) have none, and a place inline cost each 24 bytes.
    pub at: Option<Box<Locator>>,
}

impl Task {
    /// The first sentence as Simplified text.
    pub fn title_simplified(&self) -> &str {
        self.title_simplified_shared()
    }

    /// The whole paragraph as Simplified text.
    pub fn text_simplified(&self) -> &str {
        self.text_simplified_shared()
    }

    /// [`Task::title_simplified`], shared.
    pub fn title_simplified_shared(&self) -> &SharedStr {
        if self.title_simplified.is_empty() {
            &self.title
        } else {
            &self.title_simplified
        }
    }

    /// [`Task::text_simplified`], shared.
    pub fn text_simplified_shared(&self) -> &SharedStr {
        if self.text_simplified.is_empty() {
            &self.text
        } else {
            &self.text_simplified
        }
    }

    /// Drops the Simplified copies that only repeat the text as written.
    pub fn share_simplified(&mut self) {
        if self.title_simplified == self.title {
            self.title_simplified = SharedStr::default();
        }
        if self.text_simplified == self.text {
            self.text_simplified = SharedStr::default();
        }
    }
}

/// A task as JSON has it: every field whole.
#[derive(Serialize, Deserialize)]
struct TaskFields {
    id: SharedStr,
    document: SharedStr,
    section: Section,
    number: SharedStr,
    kind: TaskKind,
    title: SharedStr,
    title_simplified: SharedStr,
    text: SharedStr,
    text_simplified: SharedStr,
    annotation: Option<SharedStr>,
    assignments: Vec<Assignment>,
    deadline: Option<Deadline>,
    lines: [usize; 2],
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<Locator>,
}

impl From<TaskFields> for Task {
    fn from(f: TaskFields) -> Task {
        let mut t = Task {
            id: f.id,
            document: f.document,
            section: f.section,
            number: f.number,
            kind: f.kind,
            title: f.title,
            title_simplified: f.title_simplified,
            text: f.text,
            text_simplified: f.text_simplified,
            annotation: f.annotation,
            assignments: f.assignments,
            deadline: f.deadline.map(Arc::new),
            lines: f.lines,
            at: f.at.map(Box::new),
        };
        t.share_simplified();
        t
    }
}

/// The same fields borrowed, so writing a large model as JSON copies nothing.
#[derive(Serialize)]
struct TaskShown<'a> {
    id: &'a str,
    document: &'a str,
    section: &'a [SharedStr],
    number: &'a str,
    kind: TaskKind,
    title: &'a str,
    title_simplified: &'a str,
    // As `SharedStr`s: written without opening their compressed blocks for good.
    text: &'a SharedStr,
    text_simplified: &'a SharedStr,
    annotation: &'a Option<SharedStr>,
    assignments: &'a [Assignment],
    deadline: Option<&'a Deadline>,
    lines: [usize; 2],
    #[serde(skip_serializing_if = "no_place")]
    at: Option<&'a Locator>,
}

fn no_place(at: &Option<&Locator>) -> bool {
    at.is_none()
}

impl Serialize for Task {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        TaskShown {
            id: &self.id,
            document: &self.document,
            section: &self.section,
            number: &self.number,
            kind: self.kind,
            title: &self.title,
            title_simplified: self.title_simplified(),
            text: &self.text,
            text_simplified: self.text_simplified_shared(),
            annotation: &self.annotation,
            assignments: &self.assignments,
            deadline: self.deadline.as_deref(),
            lines: self.lines,
            at: self.at.as_deref(),
        }
        .serialize(s)
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    Task,
    Goal,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Assignment {
    /// A [`Unit::id`].
    pub unit: SharedStr,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Lead,
    Responsible,
    Support,
    /// 数据提供单位: supplies data, shown as its own role.
    DataProvider,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Deadline {
    /// None for ongoing duties, and for recurring ones (see `kind`).
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "DeadlineKind::is_date")]
    pub kind: DeadlineKind,
    /// For a recurring deadline (每年12月底前): the month and day it falls on each year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_year: Option<(u32, u32)>,
    /// The phrase as the source writes it: `力爭2022年年底`, `到“十四五”末`.
    pub text: SharedStr,
    pub basis: Basis,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A date (`2024年底前`).
    #[default]
    Date,
    /// Every year by the same day (`每年12月底前`).
    Recurring,
    /// No end date (`长期坚持`, `持续推进`).
    Ongoing,
}

impl DeadlineKind {
    pub fn is_date(&self) -> bool {
        *self == DeadlineKind::Date
    }
}

impl Deadline {
    /// Days from `today` to the next due day: negative when overdue, None with no date.
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.due(today).map(|date| (date - today).num_days())
    }

    /// The next day this deadline falls on, counted from `today`.
    pub fn due(&self, today: NaiveDate) -> Option<NaiveDate> {
        match (self.kind, self.every_year) {
            (DeadlineKind::Recurring, Some((m, d))) => {
                use chrono::Datelike;
                let this_year = NaiveDate::from_ymd_opt(today.year(), m, d)?;
                if this_year >= today {
                    Some(this_year)
                } else {
                    NaiveDate::from_ymd_opt(today.year() + 1, m, d)
                }
            }
            _ => self.date,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Stated in the task itself.
    Explicit,
    /// Inherited from the document's horizon.
    Document,
}

impl Role {
    /// Every role, in the order they are listed to users.
    pub const ALL: [Role; 4] = [
        Role::Lead,
        Role::Responsible,
        Role::Support,
        Role::DataProvider,
    ];
}

/// Tally of one unit's tasks by role.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RoleCounts {
    pub lead: usize,
    pub support: usize,
    pub responsible: usize,
    pub data_provider: usize,
}

impl RoleCounts {
    /// One more task in `role`.
    pub fn add(&mut self, role: Role) {
        match role {
            Role::Lead => self.lead += 1,
            Role::Support => self.support += 1,
            Role::Responsible => self.responsible += 1,
            Role::DataProvider => self.data_provider += 1,
        }
    }

    /// `other`'s tasks added to these.
    pub fn add_all(&mut self, other: RoleCounts) {
        self.lead += other.lead;
        self.support += other.support;
        self.responsible += other.responsible;
        self.data_provider += other.data_provider;
    }

    pub fn total(&self) -> usize {
        self.lead + self.support + self.responsible + self.data_provider
    }
}

/// Where a block came from, as the user would look for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Locator {
    /// A line of a text file (1-based).
    Line(usize),
    /// A paragraph of a Word file or a web page (1-based, counting the body's paragraphs).
    Paragraph(usize),
    /// A cell of a sheet: its name, 1-based row and 0-based column.
    Cell { sheet: String, row: u32, col: u32 },
    /// A row of a document's table (both 1-based).
    TableRow { table: usize, row: usize },
    /// A page of a PDF (1-based): where the paragraph starts.
    Page(usize),
}

impl Locator {
    /// `分工表!B12`, `表2 第5行`, `第3段`: how the place is written in Chinese.
    pub fn shown(&self) -> String {
        match self {
            Locator::Line(n) => format!("第{n}行"),
            Locator::Paragraph(n) => format!("第{n}段"),
            Locator::Cell { sheet, row, col } => format!("{sheet}!{}{row}", column_name(*col)),
            Locator::TableRow { table, row } => format!("表{table} 第{row}行"),
            Locator::Page(n) => format!("第{n}页"),
        }
    }
}

impl Locator {
    /// `Sheet1!B12`, `table 2 row 5`, `paragraph 3`: in English.
    pub fn shown_en(&self) -> String {
        match self {
            Locator::Line(n) => format!("line {n}"),
            Locator::Paragraph(n) => format!("paragraph {n}"),
            Locator::Cell { sheet, row, col } => format!("{sheet}!{}{row}", column_name(*col)),
            Locator::TableRow { table, row } => format!("table {table} row {row}"),
            Locator::Page(n) => format!("page {n}"),
        }
    }
}

/// `A`, `Z`, `AA`: a spreadsheet's name for a 0-based column.
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(title: &str, simplified: &str) -> Task {
        Task {
            id: "d/1".into(),
            document: "d".into(),
            section: Default::default(),
            number: "1.".into(),
            kind: TaskKind::Task,
            title: title.into(),
            title_simplified: simplified.into(),
            text: format!("{title}。").into(),
            text_simplified: format!("{simplified}。").into(),
            annotation: None,
            assignments: Vec::new(),
            deadline: None,
            lines: [1, 1],
            at: None,
        }
    }

    #[test]
    fn simplified_text_is_kept_once_and_written_whole() {
        let mut same = task("建设平台", "建设平台");
        same.share_simplified();
        assert_eq!(
            (same.title_simplified.len(), same.text_simplified.len()),
            (0, 0)
        );
        assert_eq!(
            (same.title_simplified(), same.text_simplified()),
            ("建设平台", "建设平台。")
        );
        let mut other = task("建設平臺", "建设平台");
        other.share_simplified();
        assert_eq!(other.title_simplified, "建设平台");
        let json = serde_json::to_value(&same).expect("json");
        assert_eq!(json["title_simplified"], "建设平台");
        assert_eq!(json["text_simplified"], "建设平台。");
        let back: Task = serde_json::from_value(json).expect("task");
        assert_eq!(back, same);
    }
}
