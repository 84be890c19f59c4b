//! One plan's outline items and table rows, turned into tasks with their assignees.

use super::annotation::{self, Parsed, Reading};
use super::deadline;
#[cfg(test)]
use super::fields::Label;
use super::fields::{self, FieldKind};
use super::lines::{Aligned, Line, simplify};
use super::outline::Node;
use super::table::Table;
use super::units;
use super::{Notice, NoticeKind};
use crate::model::{Assignment, Deadline, Level, Model, Role, SharedStr, Task, TaskKind, Unit};
use crate::text::contains_any;
use crate::text::{holds_word, trim};
// Names hashed for lookups only, never iterated: the fast hash serves, with no order to keep.
use foldhash::HashMap;
use sentence::{first_sentence, push_dotted};
use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::AtomicU64;

#[path = "task_sentence.rs"]
mod sentence;
#[path = "task_trailing.rs"]
mod trailing;
#[cfg(test)]
use trailing::trailing_fields;
use trailing::trailing_fields_and_groups;

pub struct PlanReader<'a> {
    doc: &'a str,
    lines: &'a [Line],
    horizon: Option<&'a Deadline>,
    model: &'a mut Model,
    notices: &'a mut Vec<Notice>,
    /// Once a document says the first unit of a list leads (…下同), it holds for later lists.
    lead_rule: bool,
    /// Where each unit id sits in `model.units`, so that a unit is found in constant time.
    unit_index: HashMap<String, usize>,
    /// `doc` as every task of the plan holds it: one string, not one per task.
    doc_shared: SharedStr,
    /// This reader among all, for [`Spelling::noted_by`].
    id: u64,
}

/// What one task's text says: its text without numbering and annotations, who is named, the
/// annotations as written, and a deadline given in a field. The names and annotations are
/// pieces of the lines (or cells) read, not copies: a task is made of them once, in `push`.
struct Said<'s> {
    text: Aligned,
    named: Vec<(&'s str, Role, bool)>,
    raw: Vec<&'s str>,
    field_deadline: Option<Deadline>,
}

impl<'a> PlanReader<'a> {
    pub fn new(
        doc: &'a str,
        lines: &'a [Line],
        horizon: Option<&'a Deadline>,
        model: &'a mut Model,
        notices: &'a mut Vec<Notice>,
    ) -> PlanReader<'a> {
        let unit_index = model
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.clone(), i))
            .collect();
        PlanReader {
            doc,
            lines,
            horizon,
            unit_index,
            doc_shared: SharedStr::new(doc),
            id: READERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            model,
            notices,
            lead_rule: false,
        }
    }

    pub fn walk(&mut self, node: &Node, section: &mut Vec<String>, ordinals: &mut Vec<usize>) {
        let own = self.read_node(node);
        let is_leaf = node.children.is_empty();
        // A top-level section, or an item in a framing section (goals, principles), is a task
        // only when it names a unit; any other leaf item is a task even when it names none.
        let title = section_title(self.lines, node);
        // The framing tests last: most items name a unit, and most titles hold no 目标.
        let is_task = !own.named.is_empty()
            || (is_leaf
                && node.marker.depth > 1
                && !is_framing(section)
                && !is_framing_title(title));
        if is_task {
            let goal = section.iter().any(|s| holds_word(s, "目标"))
                || (holds_word(title, "目标") && is_framing_title(title));
            let lines = self.lines;
            let first = &lines[node.lines[0]];
            let last_no = node.lines.last().map_or(first.no, |&i| lines[i].no);
            let number = trim(first.orig_of(node.marker.start..node.marker.end));
            // The task's id, `document/1.2.3`, written in one string.
            let mut id = String::with_capacity(self.doc.len() + 1 + ordinals.len() * 3);
            id.push_str(self.doc);
            id.push('/');
            push_dotted(&mut id, ordinals);
            self.push(own, section, number, &id, goal, [first.no, last_no]);
        }
        // A leaf's heading would stand over no item: it is not made (most nodes are leaves).
        if is_leaf {
            return;
        }
        section.push(heading(self.lines, node));
        for (i, child) in node.children.iter().enumerate() {
            ordinals.push(i + 1);
            self.walk(child, section, ordinals);
            ordinals.pop();
        }
        section.pop();
    }

    /// Every row of a task-division table becomes a task, under `heading` (the section it
    /// stands in: [`Table::section_before`]).
    pub fn table(&mut self, t: &Table, heading: Option<String>) {
        for (k, row) in t.rows.iter().enumerate() {
            let mut named = Vec::new();
            let mut in_cells = None;
            for (role, cell) in &row.roles {
                let parsed = annotation::cell(&cell.norm, *role);
                let d = self.collect(&parsed, cell, row.line_no, &mut named);
                in_cells = in_cells.or(d);
            }
            let field_deadline = row.deadline.as_ref().and_then(deadline::field).or(in_cells);
            let own = Said {
                text: row.task.clone(),
                named,
                raw: row
                    .roles
                    .iter()
                    .map(|(_, c)| c.orig.as_str())
                    .filter(|c| !trim(c).is_empty())
                    .collect(),
                field_deadline,
            };
            let mut section: Vec<String> = heading.iter().cloned().collect();
            if let Some(h) = &row.group {
                section.push(simplify(h));
            }
            let id = format!("{}/t{}.{}", self.doc, t.ordinal, k + 1);
            self.push(
                own,
                &section,
                &row.number,
                &id,
                false,
                [row.line_no, row.line_no],
            );
        }
    }

    fn push(
        &mut self,
        own: Said<'_>,
        section: &[String],
        number: &str,
        id: &str,
        goal: bool,
        lines: [usize; 2],
    ) {
        let title = first_sentence(&own.text);
        if own.named.is_empty() {
            self.notices.push(Notice {
                line: lines[0],
                kind: NoticeKind::TaskWithoutUnit,
                text: crate::text::truncate(title, 40),
            });
        }
        let mut assignments: Vec<Assignment> = Vec::with_capacity(own.named.len());
        // A unit named twice is assigned once, in its first role. A task names a handful of
        // units: looking through those assigned costs less than a set of copies.
        for (written, role, collective) in own.named {
            let spelling = remembered(written, |k| &mut k.canonical, Spelling::of);
            let canonical = spelling.canonical.clone();
            // Lengths first: they are at hand, where the texts are reached through their block.
            let assigned = |a: &Assignment| a.unit.len() == canonical.len() && a.unit == canonical;
            if canonical.is_empty() || assignments.iter().any(assigned) {
                continue;
            }
            // Noted once in this plan with this spelling, the unit holds it (as its name or an
            // alias): noting it again would look the unit up to add nothing.
            if spelling.noted_by.get() != self.id {
                self.note_unit(&canonical, written, collective);
                spelling.noted_by.set(self.id);
            }
            assignments.push(Assignment {
                unit: canonical,
                role,
            });
        }
        let deadline = own
            .field_deadline
            .or_else(|| deadline::explicit(&own.text))
            .or_else(|| deadline::month_in_plan_year(&own.text, self.horizon))
            .or_else(|| self.horizon.cloned());
        // Tasks in a row stand under the same headings: they share one list of them, and the
        // headings are copied only for a list that differs from the last task's.
        let section = match self.model.tasks.last() {
            Some(t) if t.section.iter().eq(section.iter()) => t.section.clone(),
            _ => section.iter().map(SharedStr::from).collect(),
        };
        // The title is a piece of the text: a text with nothing to convert has a title with
        // nothing either. A Simplified form equal to the original is the empty one, as
        // `Task::share_simplified` leaves it: told here, before the block is made, so that
        // most tasks compare nothing.
        let (title_simplified, text_simplified) = if own.text.needs_conversion() {
            let unless_same = |simple: String, orig: &str| match simple == orig {
                true => String::new(),
                false => simple,
            };
            let (title_simplified, text_simplified) = sentence::simplified(title, &own.text.orig);
            (
                unless_same(title_simplified, title),
                unless_same(text_simplified, &own.text.orig),
            )
        } else {
            (String::new(), String::new())
        };
        // The task's own strings in one block, the annotations joined there: eight
        // allocations (and as many freed when the model is packed) become one.
        let [
            id,
            number,
            title_simplified,
            title,
            text_simplified,
            text,
            annotation,
        ] = SharedStr::many_joined([
            &[id],
            &[number],
            &[&title_simplified],
            &[title],
            &[&text_simplified],
            &[&own.text.orig],
            &own.raw,
        ]);
        let task = Task {
            id,
            document: self.doc_shared.clone(),
            section,
            number,
            kind: if goal { TaskKind::Goal } else { TaskKind::Task },
            title_simplified,
            title,
            text_simplified,
            text,
            annotation: (!own.raw.is_empty()).then_some(annotation),
            assignments,
            deadline: deadline.map(std::sync::Arc::new),
            lines,
            at: None,
        };
        self.model.tasks.push(task);
    }

    fn note_unit(&mut self, canonical: &str, written: &str, collective: bool) {
        let written = trim(written);
        match self
            .unit_index
            .get(canonical)
            .and_then(|&i| self.model.units.get_mut(i))
        {
            Some(u) => {
                if written != u.name && !u.aliases.iter().any(|a| a == written) {
                    u.aliases.push(written.to_string());
                }
            }
            None => {
                self.unit_index
                    .insert(canonical.to_string(), self.model.units.len());
                self.model.units.push(Unit {
                    id: canonical.to_string(),
                    name: canonical.to_string(),
                    aliases: if written == canonical {
                        Vec::new()
                    } else {
                        vec![written.to_string()]
                    },
                    level: remembered(canonical, |k| &mut k.level, Level::of_name),
                    collective,
                })
            }
        }
    }

    /// Applies the lead rule to a parsed annotation and adds its assignees to `named`, noting
    /// the people named and what was left out. Returns the deadline the annotation states.
    fn collect<'s>(
        &mut self,
        parsed: &Parsed,
        line: &'s Aligned,
        line_no: usize,
        named: &mut Vec<(&'s str, Role, bool)>,
    ) -> Option<Deadline> {
        self.lead_rule |= parsed.lead_rule;
        // Under a lead rule a list names one lead and its supporters.
        let first_listed = parsed.named.iter().position(|n| n.listed && !n.collective);
        for (i, n) in parsed.named.iter().enumerate() {
            let role = match first_listed {
                Some(f) if self.lead_rule && n.listed => {
                    if i == f {
                        Role::Lead
                    } else {
                        Role::Support
                    }
                }
                _ => n.role,
            };
            named.push((line.orig_of(n.range.clone()), role, n.collective));
        }
        for (kind, ranges) in [
            (NoticeKind::NotAUnit, &parsed.rejected),
            (NoticeKind::Person, &parsed.persons),
            (NoticeKind::UnclearDeadline, &parsed.bad_deadlines),
        ] {
            for r in ranges {
                self.notices.push(Notice {
                    line: line_no,
                    kind,
                    text: line.orig_of(r.clone()).to_string(),
                });
            }
        }
        let r = parsed.deadline.clone()?;
        let mut phrase = Aligned::default();
        phrase.push_from(line, r);
        deadline::field(&phrase)
    }

    /// A node's own paragraph: text without the number, the annotations in brackets, and the
    /// labelled lines under it (`牵头单位:…`, `完成时限:…`), which are read, not kept as text.
    fn read_node(&mut self, node: &Node) -> Said<'a> {
        let lines = self.lines;
        let mut text = Aligned::default();
        // At most the node's lines and their breaks: the text grows once, not by doubling.
        text.reserve(
            (node.lines.iter())
                .filter_map(|&i| lines.get(i))
                .map(|l| l.orig.len().max(l.norm.len()) + 1)
                .sum(),
        );
        let mut named = Vec::new();
        let mut raw = Vec::new();
        let mut field_deadline = None;
        let mut group_labels = fields::GroupLabels::default();
        for (k, &i) in node.lines.iter().enumerate() {
            let line = &lines[i];
            let from = if k == 0 { node.marker.end } else { 0 };
            // Most lines hold round brackets alone: found once for the line, not again in
            // each piece of it that is read for brackets or labels.
            let square = fields::has_square_brackets(line.norm.as_bytes());
            let (mut trailing, groups_read) =
                trailing_fields_and_groups(&line.norm, from, square, &mut group_labels);
            let mut tail = trailing.as_ref().map(|f| f.0);
            // Prose roles closing the paragraph with no brackets (A牵头，B配合。).
            let mut prose = None;
            if tail.is_none()
                && k + 1 == node.lines.len()
                && let Some((at, parsed)) =
                    line.norm.get(from..).and_then(annotation::prose_sentence)
            {
                tail = Some(from + at);
                prose = Some(parsed);
            }
            let whole = tail.is_some_and(|t| trim(&line.norm[from..t]).is_empty());
            if k > 0 && !whole {
                text.push_char('\n');
            }
            let end = tail.unwrap_or(line.norm.len());
            let mut cursor = from;
            // The scan for trailing labels read the text after `from` with the depth the groups
            // have, unless a group holds `from`.
            let mut groups_read = groups_read;
            for g in annotation::groups(&line.norm[..end], square) {
                if g.outer.start < cursor {
                    groups_read &= g.outer.end <= from;
                    continue;
                }
                let reading = if groups_read {
                    let labels = group_labels.of(g.inner.start - from);
                    annotation::parse_labelled(&line.norm, &g, labels)
                } else {
                    annotation::parse(&line.norm, &g, square)
                };
                match reading {
                    Reading::Annotation(parsed) => {
                        text.push_from(&line.text, cursor..g.outer.start);
                        cursor = g.outer.end;
                        raw.push(line.orig_of(g.outer.clone()));
                        let d = self.collect(&parsed, &line.text, line.no, &mut named);
                        field_deadline = field_deadline.or(d);
                    }
                    Reading::Unclear => self.notices.push(Notice {
                        line: line.no,
                        kind: NoticeKind::UnclearAnnotation,
                        text: line.orig_of(g.outer.clone()).to_string(),
                    }),
                    Reading::Text => {}
                }
            }
            text.push_from(&line.text, cursor.min(end)..end);
            if let Some(t) = tail {
                // `…水平。牵头单位：市商务局；配合单位：市税务局` and labelled lines under a task.
                // A prose sentence holds no colon, nor does what trails it: it has no labels.
                let labels = trailing.take().map(|f| f.1).unwrap_or_default();
                let parsed = match prose.take() {
                    Some(mut p) => {
                        shift(&mut p, from);
                        p
                    }
                    None => annotation::labelled_segment(&line.norm[t..], &labels, t),
                };
                let names_roles = labels
                    .iter()
                    .any(|l| matches!(l.kind, FieldKind::Role(_) | FieldKind::Prose));
                if names_roles && parsed.named.is_empty() {
                    self.unclear(line, t);
                }
                raw.push(trim(line.orig_of(t..line.norm.len())));
                let d = self.collect(&parsed, &line.text, line.no, &mut named);
                field_deadline = field_deadline.or(d);
            }
        }
        Said {
            text: text.into_trimmed(),
            named,
            raw,
            field_deadline,
        }
    }

    fn unclear(&mut self, line: &Line, from: usize) {
        self.notices.push(Notice {
            line: line.no,
            kind: NoticeKind::UnclearAnnotation,
            text: line.orig_of(from..line.norm.len()).trim().to_string(),
        });
    }
}

/// What names came to before, on this thread: documents name the same units again and again,
/// and both answers depend on the name alone.
#[derive(Default)]
struct Known {
    canonical: HashMap<String, Rc<Spelling>>,
    level: HashMap<String, Level>,
}

/// A unit's name as written, read.
struct Spelling {
    /// Shared with every task that names the unit: a name met again costs no copy.
    canonical: SharedStr,
    /// The last reader that noted the unit under this spelling (its `id`; none is
    /// 0): a plan names its units again and again, and each was looked up again to be noted.
    noted_by: Cell<u64>,
}

impl Spelling {
    fn of(written: &str) -> Rc<Spelling> {
        Rc::new(Spelling {
            canonical: SharedStr::from(units::canonical(written)),
            noted_by: Cell::new(0),
        })
    }
}

/// The readers made so far, each given the next number from 1.
static READERS: AtomicU64 = AtomicU64::new(1);

/// Names remembered at most, per map and thread, before it starts afresh.
const KNOWN_AT_MOST: usize = 1 << 14;

/// `work(name)`, remembered in the map `pick` chooses.
fn remembered<T: Clone>(
    name: &str,
    pick: fn(&mut Known) -> &mut HashMap<String, T>,
    work: fn(&str) -> T,
) -> T {
    thread_local! {
        static KNOWN: std::cell::RefCell<Known> = std::cell::RefCell::default();
    }
    KNOWN.with_borrow_mut(|known| {
        let map = pick(known);
        if let Some(v) = map.get(name) {
            return v.clone();
        }
        if map.len() >= KNOWN_AT_MOST {
            map.clear();
        }
        let v = work(name);
        map.insert(name.to_string(), v.clone());
        v
    })
}

/// Moves every range of a reading made on a slice to the line's offsets.
fn shift(p: &mut Parsed, by: usize) {
    let mv = |r: &mut std::ops::Range<usize>| *r = r.start + by..r.end + by;
    p.named.iter_mut().for_each(|n| mv(&mut n.range));
    for list in [&mut p.rejected, &mut p.persons, &mut p.bad_deadlines] {
        list.iter_mut().for_each(mv);
    }
    #[cfg(test)]
    p.remarks.iter_mut().for_each(mv);
    if let Some(r) = p.deadline.as_mut() {
        mv(r);
    }
}

/// The paragraphs of every goals item (工作目标, 发展目标, 主要目标), at any depth.
pub fn goal_paragraphs(lines: &[Line], roots: &[Node]) -> Vec<Aligned> {
    let mut out = Vec::new();
    for n in roots {
        if holds_word(section_title(lines, n), "目标") {
            out.push(paragraph(lines, n));
        } else {
            out.extend(goal_paragraphs(lines, &n.children));
        }
    }
    out
}

/// The paragraphs of the top-level sections that frame the plan (总体要求, 指导思想), where a
/// plan without a goals section states its target year.
pub fn framing_paragraphs(lines: &[Line], roots: &[Node]) -> Vec<Aligned> {
    roots
        .iter()
        .filter(|n| is_framing_title(section_title(lines, n)))
        .map(|n| paragraph(lines, n))
        .collect()
}

/// All of a node's lines, its children's included, as one aligned text.
fn paragraph(lines: &[Line], node: &Node) -> Aligned {
    let mut out = Aligned::default();
    for &i in &node.lines {
        out.push_from(&lines[i].text, 0..lines[i].norm.len());
        out.push_char('\n');
    }
    for child in &node.children {
        let p = paragraph(lines, child);
        out.push_all(&p);
    }
    out
}

/// `二、主要任务`, `(一)壮大“雁阵形”集群和领军企业`: mark and first sentence, Simplified.
fn heading(lines: &[Line], node: &Node) -> String {
    let first = &lines[node.lines[0]];
    let mark = trim(first.orig_of(node.marker.start..node.marker.end));
    let mut rest = Aligned::default();
    rest.push_from(first, node.marker.end..first.norm.len());
    simplify(&format!("{mark}{}", first_sentence(&rest.trimmed())))
}

fn section_title<'a>(lines: &'a [Line], node: &Node) -> &'a str {
    trim(&lines[node.lines[0]].norm[node.marker.end..])
}

const FRAMING: &[&str] = &[
    "总体要求",
    "指导思想",
    "基本原则",
    "目标",
    "总体思路",
    "工作原则",
];

/// Sections that frame the plan rather than assign work: items there are tasks only if annotated.
fn is_framing(section: &[String]) -> bool {
    section.first().is_some_and(|s| contains_any(s, FRAMING))
}

fn is_framing_title(title: &str) -> bool {
    let end = title.char_indices().nth(8).map_or(title.len(), |(i, _)| i);
    contains_any(&title[..end], FRAMING)
}

#[cfg(test)]
#[path = "task_tests.rs"]
mod tests;
