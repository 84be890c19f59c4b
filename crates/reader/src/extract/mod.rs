//! From raw bytes to the responsibility model.
//!
//! `decode` makes text, `lines` aligns it with a folded form for parsing, `debris` drops the web
//! page around it, `plan` finds the plans in a file, `outline` nests their numbering, `table`
//! reads task-division tables, `annotation` reads who does what, `units` says what a name is,
//! and `deadline` by when. `task` turns one outline item into a task; this module puts the
//! pieces together.

pub mod annotation;
pub mod deadline;
pub mod debris;
pub mod decode;
pub mod fields;
pub mod flatten;
pub mod lines;
pub mod outline;
pub mod plan;
pub mod table;
mod task;
pub mod typos;
pub mod units;

use crate::model::{Document, Model, SCHEMA};
use lines::{Aligned, Line, simplify};

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum ExtractError {
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    /// Text, but nothing in it assigns a task to a unit.
    #[error(
        "no task in it names a responsible unit (no annotation such as (责任单位:…) or (牵头单位:…) was found)"
    )]
    NoAnnotations,
}

/// Something in a document the reader did not fully understand, for `dutymatrix check`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    /// 1-based source line.
    pub line: usize,
    pub kind: NoticeKind,
    /// The text concerned, as written.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// Role words in brackets or a labelled line, but no unit could be read from them.
    UnclearAnnotation,
    /// A name in a role position that is not a unit; it was left out.
    NotAUnit,
    /// A task item that names no unit at all.
    TaskWithoutUnit,
    /// A person named in an annotation (牵头领导：张某某, 李某同志): kept out of the units.
    Person,
    /// A deadline field whose value reads as no date (完成时限：待定).
    UnclearDeadline,
    /// A unit name one edit away from another unit of the document: probably mistyped.
    LikelyTypo,
    /// Bytes that were not valid text and were read as U+FFFD.
    ReplacedBytes,
}

impl NoticeKind {
    /// Whether the notice asks the user to look (a warning), or only tells what was read.
    pub fn is_warning(self) -> bool {
        !matches!(self, NoticeKind::Person)
    }
}

/// A document read: its model, what was not understood, and the encoding it was read as.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub model: Model,
    pub notices: Vec<Notice>,
    pub encoding: &'static str,
}

/// Reads one file's bytes into a model of its own. `source` names it in the model.
pub fn read(
    source: &str,
    bytes: &[u8],
    encoding: Option<&str>,
) -> Result<Extraction, ExtractError> {
    let decoded = decode::decode(bytes, encoding).map_err(ExtractError::Decode)?;
    let (model, mut notices) = read_text(source, &decoded.text);
    let lines: Vec<&str> = if decoded.replaced.is_empty() {
        Vec::new()
    } else {
        decoded.text.lines().collect()
    };
    for &no in &decoded.replaced {
        notices.push(Notice {
            line: no,
            kind: NoticeKind::ReplacedBytes,
            text: crate::text::truncate(lines.get(no - 1).copied().unwrap_or_default(), 40),
        });
    }
    if model.tasks.iter().all(|t| t.assignments.is_empty()) {
        return Err(ExtractError::NoAnnotations);
    }
    // In line order, as a reader goes through the document.
    notices.sort_by_key(|n| n.line);
    Ok(Extraction {
        model,
        notices,
        encoding: decoded.encoding,
    })
}

/// Reads decoded text. Never fails: text with no plan in it yields an empty model.
pub fn read_text(source: &str, text: &str) -> (Model, Vec<Notice>) {
    let text = units::strip_inline_pinyin(text);
    let source_lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, l)| Line::new(i + 1, l))
        .collect();
    let lines: Vec<Line> = flatten::unflatten(source_lines)
        .into_iter()
        .map(|line| {
            if debris::is_debris(&line.norm) {
                Line::new(line.no, "")
            } else {
                line
            }
        })
        .collect();
    let spans = plan::split(&lines);
    let file_meta = spans
        .first()
        .map(|s| plan::Meta::read(&lines[s.header.clone()]))
        .unwrap_or_default();
    let mut model = Model {
        schema: SCHEMA,
        ..Model::default()
    };
    let mut notices = Vec::new();
    for (k, span) in spans.iter().enumerate() {
        let id = if spans.len() == 1 {
            source.to_string()
        } else {
            format!("{source}#{}", k + 1)
        };
        let signature = plan::Meta::read_signature(plan::signature(&lines, span));
        // The header, and the lines between the title and the first section (国发〔2019〕3号).
        let front = span.header.start..span.body.start.min(lines.len()).max(span.header.start);
        let meta = plan::Meta::read(&lines[front])
            .or(&file_meta)
            .or(&signature);
        let title = plan::title(&lines, span).unwrap_or_else(|| Aligned::new(source));
        let body = &lines[span.body.clone()];
        let tables = table::find(body);
        let left_out: std::collections::HashSet<usize> = plan::signature_lines(&lines, span)
            .into_iter()
            .map(|i| i - span.body.start)
            .chain(tables.iter().flat_map(|t| t.lines.iter().copied()))
            .collect();
        let outline_lines: Vec<Line> = body
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if left_out.contains(&i) {
                    Line::new(l.no, "")
                } else {
                    l.clone()
                }
            })
            .collect();
        let (preamble, roots) = outline::build(&outline_lines);
        let goals = task::goal_paragraphs(&outline_lines, &roots);
        // Before the tasks: the lines between the title and the first section, the body's
        // preamble, and the framing sections (总体要求).
        let after_title = span.title.map_or(span.header.start, |t| t + 1);
        let mut before: Vec<Aligned> = lines
            .get(after_title..span.body.start.max(after_title))
            .unwrap_or_default()
            .iter()
            .chain(preamble.iter().map(|&i| &outline_lines[i]))
            .map(|l| l.text.clone())
            .collect();
        before.extend(task::framing_paragraphs(&outline_lines, &roots));
        let horizon = deadline::horizon(&title, &goals, &before);
        let first_task = model.tasks.len();
        let mut reader = task::PlanReader::new(
            &id,
            &outline_lines,
            horizon.as_ref(),
            &mut model,
            &mut notices,
        );
        for (i, root) in roots.iter().enumerate() {
            reader.walk(root, &mut Vec::new(), &mut vec![i + 1]);
        }
        for t in &tables {
            reader.table(t, body);
        }
        // Table rows join outline items: keep the plan's tasks in source order.
        if let Some(plan_tasks) = model.tasks.get_mut(first_task..) {
            plan_tasks.sort_by_key(|t| t.lines[0]);
        }
        model.documents.push(Document {
            id,
            title: simplify(&title.orig),
            title_original: title.orig.clone(),
            issuer: meta.issuer,
            date: meta.date,
            number: meta.number,
            source: source.to_string(),
            horizon,
        });
    }
    (model, notices)
}
