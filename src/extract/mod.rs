//! From raw bytes to the responsibility model.
//!
//! `decode` makes text, `lines` aligns it with a folded form for parsing, `debris` drops the web
//! page around it, `plan` finds the plans in a file, `outline` nests their numbering,
//! `annotation` reads who does what, and `deadline` by when. This module puts them together.

pub mod annotation;
pub mod deadline;
pub mod debris;
pub mod decode;
pub mod lines;
pub mod outline;
pub mod plan;

use crate::model::{Assignment, Deadline, Document, Level, Model, SCHEMA, Task, TaskKind, Unit};
use lines::{Aligned, Line, simplify};
use outline::Node;
use std::fmt;

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    Decode(decode::DecodeError),
    /// Text, but nothing in it assigns a task to a unit.
    NoAnnotations,
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtractError::Decode(e) => e.fmt(f),
            ExtractError::NoAnnotations => write!(
                f,
                "no task in it names a responsible unit (no annotation such as (责任单位:…) or (牵头单位:…) was found)"
            ),
        }
    }
}

/// Reads one file's bytes into a model of its own. `source` names it in the model.
pub fn read(source: &str, bytes: &[u8], encoding: Option<&str>) -> Result<Model, ExtractError> {
    let decoded = decode::decode(bytes, encoding).map_err(ExtractError::Decode)?;
    let model = read_text(source, &decoded.text);
    if model.tasks.iter().all(|t| t.assignments.is_empty()) {
        return Err(ExtractError::NoAnnotations);
    }
    Ok(model)
}

/// Reads decoded text. Never fails: text with no plan in it yields an empty model.
pub fn read_text(source: &str, text: &str) -> Model {
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let line = Line::new(i + 1, l);
            if debris::is_debris(&line.norm) {
                Line::new(i + 1, "")
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
    for (k, span) in spans.iter().enumerate() {
        let id = if spans.len() == 1 {
            source.to_string()
        } else {
            format!("{source}#{}", k + 1)
        };
        let meta = plan::Meta::read(&lines[span.header.clone()]).or(&file_meta);
        let title = plan::title(&lines, span).unwrap_or_else(|| Aligned::new(source));
        let body = &lines[span.body.clone()];
        let (_, roots) = outline::build(body);
        let goals: Vec<Aligned> = roots
            .iter()
            .filter(|n| is_goal_section(body, n))
            .map(|n| paragraph(body, n))
            .collect();
        let horizon = deadline::horizon(&title, &goals);
        let mut reader = PlanReader {
            doc: &id,
            lines: body,
            horizon: horizon.as_ref(),
            model: &mut model,
        };
        for (i, root) in roots.iter().enumerate() {
            reader.walk(
                root,
                &mut Vec::new(),
                &mut vec![i + 1],
                is_goal_section(body, root),
            );
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
    model
}

struct PlanReader<'a> {
    doc: &'a str,
    lines: &'a [Line],
    horizon: Option<&'a Deadline>,
    model: &'a mut Model,
}

impl PlanReader<'_> {
    fn walk(
        &mut self,
        node: &Node,
        section: &mut Vec<String>,
        ordinals: &mut Vec<usize>,
        goal: bool,
    ) {
        let own = Annotated::of(self.lines, node);
        let is_leaf = node.children.is_empty();
        // A top-level section, or an item in a goals or principles section, is a task only when
        // it names a unit; any other leaf item is a task even when it names none.
        let is_task = !own.named.is_empty()
            || (is_leaf && node.marker.depth > 1 && !is_framing_section(section));
        if is_task {
            self.push_task(node, section, ordinals, goal, own);
        }
        section.push(heading(self.lines, node));
        for (i, child) in node.children.iter().enumerate() {
            ordinals.push(i + 1);
            self.walk(child, section, ordinals, goal);
            ordinals.pop();
        }
        section.pop();
    }

    fn push_task(
        &mut self,
        node: &Node,
        section: &[String],
        ordinals: &[usize],
        goal: bool,
        own: Annotated,
    ) {
        let first = &self.lines[node.lines[0]];
        let last = node.lines.last().map_or(first, |&i| &self.lines[i]);
        let number = first
            .orig_of(node.marker.start..node.marker.end)
            .trim()
            .to_string();
        let title = first_sentence(&own.text);
        let mut assignments: Vec<Assignment> = Vec::new();
        for (name, role) in own.named {
            let canonical = canonical_name(&name);
            if canonical.is_empty() || assignments.iter().any(|a| a.unit == canonical) {
                continue;
            }
            self.note_unit(&canonical, &name);
            assignments.push(Assignment {
                unit: canonical,
                role,
            });
        }
        let deadline = deadline::explicit(&own.text).or_else(|| self.horizon.cloned());
        self.model.tasks.push(Task {
            id: format!(
                "{}/{}",
                self.doc,
                ordinals
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(".")
            ),
            document: self.doc.to_string(),
            section: section.to_vec(),
            number,
            kind: if goal { TaskKind::Goal } else { TaskKind::Task },
            title_simplified: simplify(&title),
            title,
            text_simplified: simplify(&own.text.orig),
            text: own.text.orig,
            annotation: (!own.raw.is_empty()).then(|| own.raw.join("")),
            assignments,
            deadline,
            lines: [first.no, last.no],
        });
    }

    fn note_unit(&mut self, canonical: &str, written: &str) {
        let written = written.trim();
        match self.model.units.iter_mut().find(|u| u.id == canonical) {
            Some(u) => {
                if written != u.name && !u.aliases.iter().any(|a| a == written) {
                    u.aliases.push(written.to_string());
                }
            }
            None => self.model.units.push(Unit {
                id: canonical.to_string(),
                name: canonical.to_string(),
                aliases: if written == canonical {
                    Vec::new()
                } else {
                    vec![written.to_string()]
                },
                level: Level::of_name(canonical),
            }),
        }
    }
}

/// A node's own paragraph: its text without the number and annotations, the units it names
/// (as written) with their roles, and the annotations as written.
struct Annotated {
    text: Aligned,
    named: Vec<(String, crate::model::Role)>,
    raw: Vec<String>,
}

impl Annotated {
    fn of(lines: &[Line], node: &Node) -> Annotated {
        let mut text = Aligned::default();
        let mut named = Vec::new();
        let mut raw = Vec::new();
        for (k, &i) in node.lines.iter().enumerate() {
            let line = &lines[i].text;
            let mut cursor = if k == 0 { node.marker.end } else { 0 };
            if k > 0 {
                text.push_char('\n');
            }
            for g in annotation::groups(&line.norm) {
                if g.outer.start < cursor {
                    continue;
                }
                let Some(units) = annotation::parse(&line.norm, &g) else {
                    continue;
                };
                text.push_from(line, cursor..g.outer.start);
                cursor = g.outer.end;
                raw.push(line.orig_of(g.outer.clone()).to_string());
                named.extend(
                    units
                        .into_iter()
                        .map(|n| (line.orig_of(n.range).to_string(), n.role)),
                );
            }
            text.push_from(line, cursor..line.norm.len());
        }
        Annotated {
            text: text.trimmed(),
            named,
            raw,
        }
    }
}

/// All of a node's own lines as one aligned text (used for goal sections).
fn paragraph(lines: &[Line], node: &Node) -> Aligned {
    let mut out = Annotated::of(lines, node).text;
    for child in &node.children {
        out.push_char('\n');
        let p = paragraph(lines, child);
        out.orig.push_str(&p.orig);
        out.norm.push_str(&p.norm);
    }
    out
}

/// The first sentence of a paragraph, as written, without its full stop.
fn first_sentence(text: &Aligned) -> String {
    let end = text.norm.find(['。', '\n']).unwrap_or(text.norm.len());
    text.orig_of(0..end)
        .trim()
        .trim_end_matches(['。', '.'])
        .to_string()
}

/// `二、主要任务`, `(一)壮大“雁阵形”集群和领军企业`: mark and first sentence, Simplified.
fn heading(lines: &[Line], node: &Node) -> String {
    let first = &lines[node.lines[0]];
    let mark = first.orig_of(node.marker.start..node.marker.end).trim();
    let mut rest = Aligned::default();
    rest.push_from(first, node.marker.end..first.norm.len());
    simplify(&format!("{mark}{}", first_sentence(&rest.trimmed())))
}

fn section_title(lines: &[Line], node: &Node) -> String {
    lines[node.lines[0]].norm[node.marker.end..]
        .trim()
        .to_string()
}

fn is_goal_section(lines: &[Line], node: &Node) -> bool {
    node.marker.depth == 1 && section_title(lines, node).contains("目标")
}

/// Sections that frame the plan rather than assign work: items there are tasks only if annotated.
fn is_framing_section(section: &[String]) -> bool {
    section.first().is_some_and(|s| {
        [
            "总体要求",
            "指导思想",
            "基本原则",
            "目标",
            "总体思路",
            "工作原则",
        ]
        .iter()
        .any(|w| s.contains(w))
    })
}

/// The canonical (Simplified, space-free) form of a unit name as written.
pub fn canonical_name(written: &str) -> String {
    simplify(written)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}
