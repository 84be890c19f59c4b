//! A document's model read from text and packed for itself alone, not for a cache entry: its
//! tasks' strings moved into the blocks [`super::pack`] makes, in place. Packed into a shape
//! and put together again from it ([`super::Packed::into_model`]), every task, its list of
//! assignments and its deadline were made anew and the old ones dropped; here each keeps its
//! own, and only its strings change. The blocks hold what `pack` puts in them, in its order,
//! and the tasks share what its model shares: one string per distinct unit name and number,
//! one list per distinct set of headings, one deadline per distinct deadline.

use super::{Block, DeadlineKey, Span, TaskBlocks, TaskPut, texts_room};
use crate::model::{Deadline, Model, Section, Task};
use crate::shared_str::{BlockText, SharedStr, StrBlock};
use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

/// Where a task's strings go, and which of the shared deadlines is its.
struct TaskSpans {
    put: TaskPut,
    deadline: Option<u32>,
}

/// The blocks of a document's tasks, and where each task's strings are in them.
struct Plan {
    block: String,
    texts: String,
    annotations: String,
    tasks: Vec<TaskSpans>,
    /// Every task's assignees, one after another.
    units: Vec<Span>,
    sections: Vec<Vec<Span>>,
    /// The text of each distinct deadline.
    deadlines: Vec<Span>,
}

/// `m` with its tasks' strings in blocks of its own, the paragraphs and annotations closed:
/// the tasks [`super::Packed::into_model`] gives back of [`super::pack`]`(m)`. `m` as it was
/// when a document is too large to pack (over 4 GB of text).
pub fn packed_model(mut m: Model) -> Model {
    let Some(plan) = plan(&m.tasks) else {
        return m;
    };
    let Plan {
        block,
        texts,
        annotations,
        tasks,
        units,
        sections,
        deadlines,
    } = plan;
    let closed = |raw: &str| {
        let compressed = crate::compressed::compress_boxed(raw.as_bytes())?;
        BlockText::packed(compressed).map(Arc::new)
    };
    let (Some(texts), Some(annotations)) = (closed(&texts), closed(&annotations)) else {
        return m;
    };
    // Copied, not shrunk in place: a block grown by doubling kept its room (mimalloc shrinks a
    // block in place, keeping its size, down to half).
    let block: StrBlock = Arc::new(BlockText::Plain(Box::from(block.as_str())));
    let shared = |sp: Span| SharedStr::slice(&block, sp.0, sp.1);
    let Some(sections) = sections
        .iter()
        .map(|spans| {
            spans
                .iter()
                .map(|&sp| shared(sp))
                .collect::<Option<Section>>()
        })
        .collect::<Option<Vec<Section>>>()
    else {
        return m;
    };
    let mut made: Vec<Option<Arc<Deadline>>> = vec![None; deadlines.len()];
    let mut units = units.into_iter();
    // A task whose strings could not all be moved keeps its own: the same text either way.
    for (t, sp) in m.tasks.iter_mut().zip(&tasks) {
        let _ = move_strings(t, sp, (&shared, &texts, &annotations));
        // Held as long as the model: no room to spare, as a list made anew had none.
        t.assignments.shrink_to_fit();
        for a in &mut t.assignments {
            if let Some(unit) = units.next().and_then(shared) {
                a.unit = unit;
            }
        }
        if let (Some(slot), Some(d)) = (
            sp.deadline.and_then(|k| made.get_mut(k as usize)),
            &t.deadline,
        ) {
            if slot.is_none() {
                let text = sp.deadline.and_then(|k| deadlines.get(k as usize));
                *slot = text.and_then(|&sp| shared(sp)).map(|text| {
                    Arc::new(Deadline {
                        text,
                        ..Deadline::clone(d)
                    })
                });
            }
            if let Some(kept) = slot {
                t.deadline = Some(Arc::clone(kept));
            }
        }
        if let Some(section) = sections.get(sp.put.section as usize) {
            t.section = Arc::clone(section);
        }
    }
    m.index = Default::default();
    m
}

/// `t`'s own strings as slices of the blocks; None, and `t` as it was, when one is not.
fn move_strings(
    t: &mut Task,
    sp: &TaskSpans,
    (shared, texts, annotations): (&dyn Fn(Span) -> Option<SharedStr>, &StrBlock, &StrBlock),
) -> Option<()> {
    let text = |(start, len): Span| SharedStr::slice(texts, start, len);
    let annotation = match sp.put.annotation {
        Some((start, len)) => Some(SharedStr::slice(annotations, start, len)?),
        None => None,
    };
    let moved = [
        shared(sp.put.id)?,
        shared(sp.put.document)?,
        shared(sp.put.number)?,
        shared(sp.put.title)?,
        shared(sp.put.title_simplified)?,
        text(sp.put.text)?,
        text(sp.put.text_simplified)?,
    ];
    [
        t.id,
        t.document,
        t.number,
        t.title,
        t.title_simplified,
        t.text,
        t.text_simplified,
    ] = moved;
    t.annotation = annotation;
    Some(())
}

/// Where `tasks`' strings go, each block filled as [`super::pack`] fills it.
fn plan(tasks: &[Task]) -> Option<Plan> {
    let mut tasks_in = TaskBlocks::new(Block::with_capacity(6 * tasks.len()), texts_room(tasks));
    let mut units = Vec::new();
    let mut deadlines: Vec<Span> = Vec::new();
    let mut deadline_at: HashMap<DeadlineKey, u32> = HashMap::new();
    let mut spans = Vec::with_capacity(tasks.len());
    for t in tasks {
        let put = tasks_in.task(t, |unit, _| units.push(unit))?;
        let deadline = match tasks_in.block.deadline(t.deadline.as_deref())? {
            Some(d) => {
                let next = u32::try_from(deadlines.len()).ok()?;
                Some(*deadline_at.entry(d.key()).or_insert_with(|| {
                    deadlines.push(d.text);
                    next
                }))
            }
            None => None,
        };
        spans.push(TaskSpans { put, deadline });
    }
    let TaskBlocks {
        block,
        texts,
        annotations,
        sections,
        ..
    } = tasks_in;
    Some(Plan {
        block: block.text,
        texts,
        annotations,
        tasks: spans,
        units,
        sections,
        deadlines,
    })
}
