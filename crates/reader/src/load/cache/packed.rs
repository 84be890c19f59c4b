//! One document's model as the cache stores it: every string of the document once, in one of
//! two blocks, then the model's shape, whose strings are spans of the blocks, encoded with
//! `postcard` (serde, variable-length integers, no field names). The tasks' paragraphs and
//! their annotations are each a block of their own, compressed, and stay so in the model until
//! one of them is shown ([`crate::shared_str::BlockText::Packed`]): a search reads the
//! paragraphs on every key, the annotations never. The first block holds everything else.
//!
//! Decoding the model as serde wrote it checked every string's UTF-8 on its own and read every
//! field name of every task: 31 MB for 1,000 documents, a fifth of the time in `from_utf8`.
//! Here the block is checked once (with SIMD); a string met twice in a document (its id in each
//! task, a section heading, a unit's name, a Simplified form equal to the original) is stored
//! once.
//!
//! `[length: u32 LE][block: UTF-8]`, then `[length][paragraphs: compressed]` and
//! `[length][annotations: compressed]`, then `[shape: postcard]`

use crate::domain::Locator;
use crate::model::{
    Assignment, Basis, Deadline, DeadlineKind, Document, Level, Model, Role, Section, Task,
    TaskKind, Unit,
};
use crate::shared_str::{BlockText, SharedStr};
use chrono::Datelike;
use foldhash::{HashMap, HashMapExt};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A string as (start, length) in bytes of the block.
type Span = (u32, u32);

/// The tasks hold no list of their own, so that decoding one allocates nothing: the heading
/// lists are a table each task points into, and the assignments one list that the tasks take
/// from in turn.
#[derive(Serialize, Deserialize)]
struct Shape {
    schema: u32,
    documents: Vec<PDocument>,
    units: Vec<PUnit>,
    sections: Vec<Vec<Span>>,
    assignments: Vec<(Span, Role)>,
    tasks: Vec<PTask>,
}

#[derive(Serialize, Deserialize)]
struct PDocument {
    id: Span,
    title: Span,
    title_original: Span,
    issuer: Option<Span>,
    date: Option<i32>,
    number: Option<Span>,
    source: Span,
    horizon: Option<PDeadline>,
    format: Option<Span>,
}

#[derive(Serialize, Deserialize)]
struct PUnit {
    id: Span,
    name: Span,
    aliases: Vec<Span>,
    level: Level,
    collective: bool,
}

#[derive(Serialize, Deserialize)]
struct PTask {
    id: Span,
    document: Span,
    /// Which of the shape's heading lists.
    section: u32,
    number: Span,
    kind: TaskKind,
    title: Span,
    title_simplified: Span,
    text: Span,
    text_simplified: Span,
    annotation: Option<Span>,
    /// How many of the shape's assignments, after the previous task's, are this task's.
    assignments: u32,
    deadline: Option<PDeadline>,
    lines: [u64; 2],
    at: Option<Locator>,
}

/// A deadline's fields as numbers, to find one already decoded.
type DeadlineKey = (Option<i32>, u8, Option<(u32, u32)>, Span, u8);

#[derive(Serialize, Deserialize)]
struct PDeadline {
    date: Option<i32>,
    kind: DeadlineKind,
    every_year: Option<(u32, u32)>,
    text: Span,
    basis: Basis,
}

impl PDeadline {
    fn key(&self) -> DeadlineKey {
        (
            self.date,
            self.kind as u8,
            self.every_year,
            self.text,
            self.basis as u8,
        )
    }
}

// The domain's enums go through serde as they are: postcard writes each as its variant's
// number and refuses a number it does not know, so a damaged entry is never read as another
// variant.

/// The block being written, each distinct string in it once.
#[derive(Default)]
struct Block<'a> {
    text: String,
    /// Keyed by the model's own strings, not a copy of each.
    seen: HashMap<&'a str, Span>,
}

impl<'a> Block<'a> {
    fn with_capacity(strings: usize) -> Block<'a> {
        Block {
            text: String::new(),
            seen: HashMap::with_capacity(strings),
        }
    }

    fn s(&mut self, s: &'a str) -> Option<Span> {
        // The empty string is any empty span: not worth a hash.
        if s.is_empty() {
            return Some((0, 0));
        }
        if let Some(&sp) = self.seen.get(s) {
            return Some(sp);
        }
        let sp = put(&mut self.text, s)?;
        self.seen.insert(s, sp);
        Some(sp)
    }

    /// `s` put at the end, unlooked-for and not to be looked for: a string no other is.
    fn put(&mut self, s: &str) -> Option<Span> {
        if s.is_empty() {
            return Some((0, 0));
        }
        put(&mut self.text, s)
    }

    fn opt(&mut self, s: Option<&'a str>) -> Option<Option<Span>> {
        match s {
            Some(s) => self.s(s).map(Some),
            None => Some(None),
        }
    }

    fn all(&mut self, v: impl IntoIterator<Item = &'a str>) -> Option<Vec<Span>> {
        v.into_iter().map(|s| self.s(s)).collect()
    }

    fn deadline(&mut self, d: Option<&'a Deadline>) -> Option<Option<PDeadline>> {
        let Some(d) = d else { return Some(None) };
        let Deadline {
            date,
            kind,
            every_year,
            text,
            basis,
        } = d;
        Some(Some(PDeadline {
            date: date.map(|x| x.num_days_from_ce()),
            kind: *kind,
            every_year: *every_year,
            text: self.s(text)?,
            basis: *basis,
        }))
    }
}

/// `s` put at the end of a block to be compressed, without looking for it there first: LZ4
/// finds the repeats itself, and a paragraph met twice in a document is rare, where hashing
/// every paragraph to look for it was a third of packing a document.
fn put(block: &mut String, s: &str) -> Option<Span> {
    let sp = (
        u32::try_from(block.len()).ok()?,
        u32::try_from(s.len()).ok()?,
    );
    block.push_str(s);
    Some(sp)
}

/// Room for `tasks`' texts and Simplified texts, the block they share.
pub(super) fn texts_room(tasks: &[Task]) -> usize {
    tasks
        .iter()
        .map(|t| t.text.len() + t.text_simplified.len())
        .sum()
}

/// Where [`TaskBlocks::task`] put a task's own strings.
struct TaskPut {
    text: Span,
    text_simplified: Span,
    /// Which of the heading lists.
    section: u32,
    document: Span,
    title: Span,
    title_simplified: Span,
    id: Span,
    number: Span,
    annotation: Option<Span>,
}

/// The blocks a document's tasks' strings go into, in the one order a cache entry and a model
/// packed in place ([`packed_model`]) both have, and the heading lists met so far.
struct TaskBlocks<'a> {
    block: Block<'a>,
    texts: String,
    annotations: String,
    sections: Vec<Vec<Span>>,
    section_at: HashMap<Vec<Span>, u32>,
    // Extraction gives tasks in a row under the same headings one list, and every task of a
    // document one id string for its document: met again at the same address, each is known
    // without hashing its text.
    last_section: Option<(&'a Section, u32)>,
    last_document: Option<(&'a str, Span)>,
}

impl<'a> TaskBlocks<'a> {
    fn new(block: Block<'a>, texts_room: usize) -> TaskBlocks<'a> {
        TaskBlocks {
            block,
            texts: String::with_capacity(texts_room),
            annotations: String::new(),
            sections: Vec::new(),
            section_at: HashMap::new(),
            last_section: None,
            last_document: None,
        }
    }

    /// `t`'s strings put in the blocks, each assignee's name handed to `assignee` with its
    /// role as it is put; its deadline is the caller's, put after these.
    fn task(&mut self, t: &'a Task, mut assignee: impl FnMut(Span, Role)) -> Option<TaskPut> {
        let text = put(&mut self.texts, &t.text)?;
        let text_simplified = put(&mut self.texts, &t.text_simplified)?;
        let section = match self.last_section {
            Some((last, k)) if Arc::ptr_eq(last, &t.section) => k,
            _ => {
                let headings = self.block.all(t.section.iter().map(SharedStr::as_str))?;
                let next = u32::try_from(self.sections.len()).ok()?;
                let sections = &mut self.sections;
                let k = *self.section_at.entry(headings).or_insert_with_key(|h| {
                    sections.push(h.clone());
                    next
                });
                self.last_section = Some((&t.section, k));
                k
            }
        };
        let document = match self.last_document {
            Some((last, sp)) if std::ptr::eq(last, t.document.as_str()) => sp,
            _ => {
                let sp = self.block.s(&t.document)?;
                self.last_document = Some((t.document.as_str(), sp));
                sp
            }
        };
        for Assignment { unit, role } in &t.assignments {
            assignee(self.block.s(unit)?, *role);
        }
        Some(TaskPut {
            text,
            text_simplified,
            section,
            document,
            // A task's id and titles are its own: put without a look for them.
            title: self.block.put(&t.title)?,
            title_simplified: self.block.put(&t.title_simplified)?,
            id: self.block.put(&t.id)?,
            number: self.block.s(&t.number)?,
            annotation: match &t.annotation {
                Some(a) => Some(put(&mut self.annotations, a)?),
                None => None,
            },
        })
    }
}

/// `m` as the cache stores it, after the bytes `out` holds already (an entry's tag); None when
/// a document is too large to pack (over 4 GB of text).
#[cfg(test)]
pub fn pack_after(out: Vec<u8>, m: &Model) -> Option<Vec<u8>> {
    pack(m)?.bytes_after(out)
}

/// A document's model packed: its blocks, and its shape before it is encoded.
pub struct Packed {
    block: String,
    /// The paragraphs' block and the annotations', compressed, each in memory of its exact
    /// size (a model taken back keeps them as they are).
    closed: [Box<[u8]>; 2],
    shape: Shape,
    /// The bytes of the documents' and units' strings, which a model taken back copies.
    copied: usize,
}

/// `m` packed for a cache entry, every string of it; None when a document is too large to pack
/// (over 4 GB of text). A model read from text without a cache to write is packed in place
/// ([`packed_model`]).
pub fn pack(m: &Model) -> Option<Packed> {
    let Model {
        schema,
        documents,
        units,
        tasks,
        index: _,
    } = m;
    // Each block's strings counted ahead (a task's ids, titles, number and headings; its text
    // and Simplified text; its annotation): grown by doubling, the maps were rehashed a dozen
    // times a document.
    let mut b = Block::with_capacity(6 * tasks.len() + 3 * units.len() + 8 * documents.len());
    let mut shape = Shape {
        schema: *schema,
        documents: Vec::with_capacity(documents.len()),
        units: Vec::with_capacity(units.len()),
        sections: Vec::new(),
        assignments: Vec::new(),
        tasks: Vec::with_capacity(tasks.len()),
    };
    for d in documents {
        let Document {
            id,
            title,
            title_original,
            issuer,
            date,
            number,
            source,
            horizon,
            format,
        } = d;
        shape.documents.push(PDocument {
            id: b.s(id)?,
            title: b.s(title)?,
            title_original: b.s(title_original)?,
            issuer: b.opt(issuer.as_deref())?,
            date: date.map(|x| x.num_days_from_ce()),
            number: b.opt(number.as_deref())?,
            source: b.s(source)?,
            horizon: b.deadline(horizon.as_ref())?,
            format: b.opt(format.as_deref())?,
        });
    }
    for u in units {
        let Unit {
            id,
            name,
            aliases,
            level,
            collective,
        } = u;
        shape.units.push(PUnit {
            id: b.s(id)?,
            name: b.s(name)?,
            aliases: b.all(aliases.iter().map(String::as_str))?,
            level: *level,
            collective: *collective,
        });
    }
    let mut tasks_in = TaskBlocks::new(b, texts_room(tasks));
    for t in tasks {
        let put = tasks_in.task(t, |unit, role| shape.assignments.push((unit, role)))?;
        shape.tasks.push(PTask {
            title: put.title,
            title_simplified: put.title_simplified,
            text: put.text,
            text_simplified: put.text_simplified,
            id: put.id,
            document: put.document,
            section: put.section,
            number: put.number,
            kind: t.kind,
            annotation: put.annotation,
            assignments: u32::try_from(t.assignments.len()).ok()?,
            deadline: tasks_in.block.deadline(t.deadline.as_deref())?,
            lines: t.lines.map(|l| l as u64),
            at: t.at.as_deref().cloned(),
        });
    }
    let TaskBlocks {
        block: b,
        texts,
        annotations,
        sections,
        ..
    } = tasks_in;
    shape.sections = sections;
    let closed = [
        crate::compressed::compress_boxed(texts.as_bytes())?,
        crate::compressed::compress_boxed(annotations.as_bytes())?,
    ];
    let copied = (shape.documents.iter())
        .map(|d| {
            [d.id, d.title, d.title_original, d.source]
                .map(|sp| sp.1)
                .iter()
                .sum::<u32>()
                + [d.issuer, d.number, d.format]
                    .map(|sp| sp.map_or(0, |sp| sp.1))
                    .iter()
                    .sum::<u32>()
        })
        .chain(
            shape
                .units
                .iter()
                .map(|u| u.id.1 + u.name.1 + u.aliases.iter().map(|sp| sp.1).sum::<u32>()),
        )
        .map(|n| n as usize)
        .sum();
    Some(Packed {
        block: b.text,
        closed,
        shape,
        copied,
    })
}

impl Packed {
    /// As the cache stores it, after the bytes `out` holds already; None when an entry of
    /// this size would refuse the strings it copies (the budget [`unpack`] holds it to).
    pub fn bytes_after(&self, mut out: Vec<u8>) -> Option<Vec<u8>> {
        let at = out.len();
        // The entry's room taken once, the shape's guessed at 32 bytes a task: grown by
        // doubling, its block was copied three or four times over.
        out.reserve(
            12 + self.block.len()
                + self.closed.iter().map(|c| c.len()).sum::<usize>()
                + 32 * self.shape.tasks.len(),
        );
        out.extend(u32::try_from(self.block.len()).ok()?.to_le_bytes());
        out.extend(self.block.as_bytes());
        for bytes in &self.closed {
            out.extend(u32::try_from(bytes.len()).ok()?.to_le_bytes());
            out.extend(&bytes[..]);
        }
        let out = postcard::to_extend(&self.shape, out).ok()?;
        (self.copied <= budget(out.len() - at)).then_some(out)
    }

    /// `m`, the model packed, as [`unpack`] gives it back from [`Packed::bytes_after`]'s bytes,
    /// without encoding the shape and decoding it again: a document read from text for a
    /// cache keeps its tasks' strings in the entry's blocks, and decoding was a third of that. Its documents and units are `m`'s own, moved, not copies. `m` as it was
    /// when its tasks cannot be taken back (never for a model packed here).
    pub fn into_model(self, m: Model) -> Result<Model, Model> {
        let Packed {
            block,
            closed: [texts, annotations],
            shape,
            copied: _,
        } = self;
        let closed = |bytes: Box<[u8]>| BlockText::packed(bytes).map(Arc::new);
        let (Some(texts), Some(annotations)) = (closed(texts), closed(annotations)) else {
            return Err(m);
        };
        let r = Reader {
            block: Arc::new(BlockText::Plain(Box::from(block.as_str()))),
            texts,
            annotations,
            // Strings this process packed itself: nothing crafted to count against.
            budget: usize::MAX,
        };
        let Some(tasks) = assemble_tasks(&shape, &r) else {
            return Err(m);
        };
        Ok(Model {
            tasks,
            index: Default::default(),
            ..m
        })
    }
}

// The reading side, beside it so that each file stays one sitting's reading; a child, so it
// sees the layout.
#[path = "packed_read.rs"]
mod read;
pub use read::unpack;
use read::{Reader, assemble_tasks, budget};

// A model packed for itself alone, in place; a child, so that it fills the blocks as `pack`
// does.
#[path = "packed_model.rs"]
mod model;
pub use model::packed_model;

// Beside it, so that this file stays one sitting's reading; a child, so it sees the layout.
#[cfg(test)]
#[path = "packed_tests.rs"]
mod tests;
