//! Reading a packed model back ([`super::pack`]'s layout): the entry's blocks checked, its
//! shape decoded, and every span and number checked as the model is put together.

use super::{DeadlineKey, PDeadline, Shape, Span};
use crate::model::{Assignment, Deadline, Document, Model, Section, Task, Unit};
use crate::shared_str::{BlockText, SharedStr, StrBlock};
use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};
use std::collections::hash_map::Entry;
use std::sync::Arc;

/// How many bytes of strings an entry may give per byte it holds. A real document's model
/// quotes each heading and unit name many times (under 10× in the generated corpus); a crafted
/// entry repeating one long span would otherwise ask for any amount of memory.
const OUT_PER_IN_BYTE: usize = 64;

/// The model `bytes` hold; None when they do not decode to one (then the entry is damaged).
pub fn unpack(bytes: &[u8]) -> Option<Model> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let (block, rest) = rest.split_at_checked(u32::from_le_bytes(*len) as usize)?;
    let (texts, rest) = closed(rest)?;
    let (annotations, shape) = closed(rest)?;
    // postcard sizes a vector by what is left to read, never by a count alone.
    let (p, left): (Shape, _) = postcard::take_from_bytes(shape).ok()?;
    if !left.is_empty() {
        return None;
    }
    let r = Reader {
        // One check of the whole block, with SIMD: Chinese text defeats std's ASCII fast path;
        // then one copy of it, which every task of the document points into.
        block: Arc::new(BlockText::Plain(Box::from(
            simdutf8::basic::from_utf8(block).ok()?,
        ))),
        texts,
        annotations,
        budget: budget(bytes.len()),
    };
    assemble(&p, r)
}

/// The bytes of strings an entry of `len` bytes may have copied out.
pub(super) fn budget(len: usize) -> usize {
    OUT_PER_IN_BYTE.saturating_mul(len).saturating_add(1 << 16)
}

/// The model `p` describes, its strings out of `r`'s blocks.
fn assemble(p: &Shape, mut r: Reader) -> Option<Model> {
    let mut documents = Vec::with_capacity(p.documents.len());
    for d in &p.documents {
        documents.push(Document {
            id: r.s(d.id)?,
            title: r.s(d.title)?,
            title_original: r.s(d.title_original)?,
            issuer: r.opt(d.issuer)?,
            date: date(d.date)?,
            number: r.opt(d.number)?,
            source: r.s(d.source)?,
            horizon: r.deadline(&d.horizon)?,
            format: r.opt(d.format)?,
        });
    }
    let mut units = Vec::with_capacity(p.units.len());
    for u in &p.units {
        units.push(Unit {
            id: r.s(u.id)?,
            name: r.s(u.name)?,
            aliases: r.all(&u.aliases)?,
            level: u.level,
            collective: u.collective,
        });
    }
    Some(Model {
        schema: p.schema,
        documents,
        units,
        tasks: assemble_tasks(p, &r)?,
        index: Default::default(),
    })
}

/// The tasks `p` describes, their strings out of `r`'s blocks.
pub(super) fn assemble_tasks(p: &Shape, r: &Reader) -> Option<Vec<Task>> {
    let sections: Vec<Section> = p
        .sections
        .iter()
        .map(|spans| spans.iter().map(|&sp| r.shared(sp)).collect::<Option<_>>())
        .collect::<Option<_>>()?;
    let mut assigned = p.assignments.iter();
    let mut tasks = Vec::with_capacity(p.tasks.len());
    // The same deadline written for many tasks is kept once.
    let mut deadlines: HashMap<DeadlineKey, Arc<Deadline>> = HashMap::new();
    for t in &p.tasks {
        // No spare room (half a million tasks' would be megabytes); a count past 64 is
        // believed only as far as there are assignments to take.
        let mut assignments = Vec::with_capacity(t.assignments.min(64) as usize);
        for _ in 0..t.assignments {
            let &(unit, role) = assigned.next()?;
            assignments.push(Assignment {
                unit: r.shared(unit)?,
                role,
            });
        }
        let section = sections.get(t.section as usize)?.clone();
        tasks.push(Task {
            id: r.shared(t.id)?,
            document: r.shared(t.document)?,
            section,
            number: r.shared(t.number)?,
            kind: t.kind,
            title: r.shared(t.title)?,
            title_simplified: r.shared(t.title_simplified)?,
            text: r.text(t.text)?,
            text_simplified: r.text(t.text_simplified)?,
            annotation: match t.annotation {
                Some((start, len)) => Some(SharedStr::slice(&r.annotations, start, len)?),
                None => None,
            },
            assignments,
            deadline: match &t.deadline {
                None => None,
                Some(d) => Some(match deadlines.entry(d.key()) {
                    Entry::Occupied(e) => Arc::clone(e.get()),
                    Entry::Vacant(e) => Arc::clone(e.insert(Arc::new(r.deadline(&t.deadline)??))),
                }),
            },
            lines: [
                usize::try_from(t.lines[0]).ok()?,
                usize::try_from(t.lines[1]).ok()?,
            ],
            at: t.at.clone().map(Box::new),
        });
    }
    if assigned.next().is_some() {
        return None;
    }
    Some(tasks)
}

/// A closed block at the start of `bytes`, kept as it is (opened when one of its strings is
/// shown), and the bytes after it.
fn closed(bytes: &[u8]) -> Option<(StrBlock, &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let (block, rest) = rest.split_at_checked(u32::from_le_bytes(*len) as usize)?;
    Some((Arc::new(BlockText::packed(Box::from(block))?), rest))
}

fn date(days: Option<i32>) -> Option<Option<NaiveDate>> {
    match days {
        Some(d) => NaiveDate::from_num_days_from_ce_opt(d).map(Some),
        None => Some(None),
    }
}

/// Strings out of a checked block: a task's as slices of it, shared; a document's or a unit's
/// as owned copies, within a budget. A span outside the block or not on character boundaries,
/// or more copied text than the budget allows: None.
pub(super) struct Reader {
    pub(super) block: StrBlock,
    /// The tasks' paragraphs, closed.
    pub(super) texts: StrBlock,
    /// Their annotations, closed.
    pub(super) annotations: StrBlock,
    /// Bytes of copied strings still allowed out.
    pub(super) budget: usize,
}

impl Reader {
    pub(super) fn s(&mut self, sp: Span) -> Option<String> {
        self.budget = self.budget.checked_sub(sp.1 as usize)?;
        self.shared(sp).map(String::from)
    }

    pub(super) fn opt(&mut self, sp: Option<Span>) -> Option<Option<String>> {
        match sp {
            Some(sp) => self.s(sp).map(Some),
            None => Some(None),
        }
    }

    pub(super) fn all(&mut self, spans: &[Span]) -> Option<Vec<String>> {
        spans.iter().map(|&sp| self.s(sp)).collect()
    }

    pub(super) fn shared(&self, (start, len): Span) -> Option<SharedStr> {
        SharedStr::slice(&self.block, start, len)
    }

    pub(super) fn text(&self, (start, len): Span) -> Option<SharedStr> {
        SharedStr::slice(&self.texts, start, len)
    }

    pub(super) fn deadline(&self, d: &Option<PDeadline>) -> Option<Option<Deadline>> {
        let Some(d) = d else { return Some(None) };
        Some(Some(Deadline {
            date: date(d.date)?,
            kind: d.kind,
            every_year: d.every_year,
            text: self.shared(d.text)?,
            basis: d.basis,
        }))
    }
}
