//! From raw bytes to the responsibility model.
//!
//! `decode` makes text, `lines` aligns it with a folded form for parsing, `debris` drops the web
//! page around it, `plan` finds the plans in a file, `outline` nests their numbering, `table`
//! reads task-division tables, `annotation` reads who does what, `units` says what a name is,
//! and `deadline` by when. `task` turns one outline item into a task; this module puts the
//! pieces together.

pub mod annotation;
mod blocks;
pub mod deadline;
pub mod debris;
pub mod decode;
pub mod fields;
pub mod flatten;
mod grid;
pub mod lines;
pub mod outline;
pub mod plan;
pub mod table;
mod task;
pub mod typos;
pub mod units;

use crate::model::{Document, Model, SCHEMA};
use crate::source::{self, Format, Locator, SourceError};
use lines::{Aligned, Line, simplify};

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum ExtractError {
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    /// A container (Word, Excel, a web page) that could not be opened.
    #[error(transparent)]
    Source(#[from] SourceError),
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
    /// The file's format (`text`, `docx`, `xlsx`, `html` …).
    pub format: &'static str,
    /// Where each line the reader numbered came from (`at[line - 1]`): a paragraph, a sheet's
    /// cell, a table's row. Empty for plain text, whose lines are its own.
    pub at: Vec<Locator>,
}

impl Extraction {
    /// Where line `line` (a notice's, a task's) is in the file.
    pub fn locator(&self, line: usize) -> Locator {
        line.checked_sub(1)
            .and_then(|i| self.at.get(i))
            .cloned()
            .unwrap_or(Locator::Line(line))
    }
}

/// Reads one file's bytes into a model of its own. `source` names it in the model.
pub fn read(
    source: &str,
    bytes: &[u8],
    encoding: Option<&str>,
) -> Result<Extraction, ExtractError> {
    read_as(source, bytes, encoding, None)
}

/// Reads one file's bytes, whatever its format: told from the content, `ext` (the file's
/// extension, lower case) only deciding between text formats.
pub fn read_as(
    source: &str,
    bytes: &[u8],
    encoding: Option<&str>,
    ext: Option<&str>,
) -> Result<Extraction, ExtractError> {
    let format = source::detect(bytes, ext);
    if format.is_plain_text() {
        return read_plain(source, bytes, encoding);
    }
    let (blocks, encoding) = if format == Format::Markdown {
        let decoded = decode::decode(bytes, encoding)?;
        (
            source::blocks(format, bytes, Some(&decoded.text))?,
            decoded.encoding,
        )
    } else {
        (source::blocks(format, bytes, None)?, "UTF-8")
    };
    let laid = blocks::lay(&blocks);
    let (mut model, mut notices) = read_lines(source, laid.lines, laid.tables);
    for t in &mut model.tasks {
        t.at = t.lines[0]
            .checked_sub(1)
            .and_then(|i| laid.at.get(i))
            .map(|at| Box::new(at.clone()));
    }
    for d in &mut model.documents {
        d.format = Some(format.name().to_string());
    }
    if model.tasks.iter().all(|t| t.assignments.is_empty()) {
        return Err(ExtractError::NoAnnotations);
    }
    notices.sort_by_key(|n| n.line);
    Ok(Extraction {
        model,
        notices,
        encoding,
        format: format.name(),
        at: laid.at,
    })
}

fn read_plain(
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
        format: Format::Text.name(),
        at: Vec::new(),
    })
}

/// Reads decoded text. Never fails: text with no plan in it yields an empty model.
pub fn read_text(source: &str, text: &str) -> (Model, Vec<Notice>) {
    let text = units::strip_inline_pinyin(text);
    let source_lines: Vec<Line> = lines_of(&text)
        .enumerate()
        .map(|(i, l)| Line::new(i + 1, l))
        .collect();
    read_lines(source, source_lines, Vec::new())
}

/// The lines of `text` as `str::lines` gives them, their breaks found by `memchr`'s vector
/// search: `str::lines` looked for each break a word at a time, 6.7 M instructions over 300
/// documents' 21,141 lines, and this half of that (3.2 M fewer, measured without LTO).
fn lines_of(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let line = match breaks.next() {
            Some(end) => {
                let line = text.get(start..end)?;
                start = end + 1;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => {
                let rest = text.get(start..).filter(|rest| !rest.is_empty())?;
                start = text.len();
                rest
            }
        };
        Some(line)
    })
}

/// Reads lines, with the tables that came as grids placed among them (their `lines` hold line
/// numbers, made indices into each plan's lines here).
fn read_lines(
    source: &str,
    source_lines: Vec<Line>,
    grids: Vec<table::Table>,
) -> (Model, Vec<Notice>) {
    let mut lines: Vec<Line> = flatten::unflatten(source_lines)
        .into_iter()
        .map(|line| {
            if debris::is_debris(&line.norm) {
                Line::new(line.no, "")
            } else {
                line
            }
        })
        .collect();
    let mut spans = plan::split(&lines);
    if spans.is_empty() && !grids.is_empty() {
        // Only tables (a workbook): the whole file is one plan.
        spans.push(plan::PlanSpan {
            title: None,
            header: 0..0,
            body: 0..lines.len(),
        });
    }
    let grids = place(&lines, &spans, grids);
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
        let mut tables = table::find(body);
        for mut t in grids
            .iter()
            .filter(|(s, _)| *s == k)
            .map(|(_, t)| t.clone())
        {
            t.ordinal = tables.len() + 1;
            tables.push(t);
        }
        let left_out: foldhash::HashSet<usize> = plan::signature_lines(&lines, span)
            .into_iter()
            .map(|i| i - span.body.start)
            .chain(tables.iter().flat_map(|t| t.lines.iter().copied()))
            .collect();
        let headings: Vec<Option<String>> = tables.iter().map(|t| t.section_before(body)).collect();
        // The outline reads the body without the tables and the signature. Its lines are moved
        // out of `lines` and back when the plan is read, not copied: the body is read by
        // nothing else meanwhile (the tables' headings are taken above).
        let taken: Vec<bool> = (0..body.len()).map(|i| !left_out.contains(&i)).collect();
        let outline_lines: Vec<Line> = (lines[span.body.clone()].iter_mut())
            .zip(&taken)
            .map(|(l, &take)| match take {
                true => std::mem::take(l),
                false => Line::new(l.no, ""),
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
        for (t, heading) in tables.iter().zip(headings) {
            reader.table(t, heading);
        }
        let body = &mut lines[span.body.clone()];
        for ((slot, line), take) in body.iter_mut().zip(outline_lines).zip(taken) {
            if take {
                *slot = line;
            }
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
            format: None,
        });
    }
    (model, notices)
}

/// Each grid table with the plan it falls in and its lines as indices into that plan's lines.
/// A table before the first plan's body (in a notice's header) goes to the first plan, without
/// lines of its own there.
fn place(
    lines: &[Line],
    spans: &[plan::PlanSpan],
    grids: Vec<table::Table>,
) -> Vec<(usize, table::Table)> {
    let index: std::collections::HashMap<usize, usize> = lines
        .iter()
        .enumerate()
        .rev()
        .map(|(i, l)| (l.no, i))
        .collect();
    grids
        .into_iter()
        .filter_map(|mut t| {
            let at: Vec<usize> = t
                .lines
                .iter()
                .filter_map(|no| index.get(no).copied())
                .collect();
            let first = at.first().copied().unwrap_or(0);
            let k = spans
                .iter()
                .position(|s| s.body.contains(&first))
                .or_else(|| (!spans.is_empty()).then_some(0))?;
            let body = &spans[k].body;
            t.lines = at
                .into_iter()
                .filter(|i| body.contains(i))
                .map(|i| i - body.start)
                .collect();
            Some((k, t))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// Every text of up to five pieces of breaks, carriage returns and text, and 50,000 longer
    /// ones drawn with a fixed seed: split into the lines `str::lines` gives.
    #[test]
    fn lines_of_splits_as_str_lines() {
        let pieces = ["\n", "\r", "\r\n", "a", "单", " ", "\n\n"];
        let texts = dutymatrix_base::oracle_texts::every_then_random(
            &pieces,
            5,
            50_000,
            0..40,
            0x2545_f491_4f6c_dd1d,
        );
        for t in &texts {
            let want: Vec<&str> = t.lines().collect();
            let got: Vec<&str> = super::lines_of(t).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }
}
