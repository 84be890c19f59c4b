//! One document's model as the cache stores it: every string of the document once, in one
//! block, then the model's shape as a stream of variable-length numbers that point into it.
//!
//! Decoding the model as serde wrote it checked every string's UTF-8 on its own and read every
//! field name of every task: 31 MB for 1,000 documents, a fifth of the time in `from_utf8`, and
//! the positional MessagePack that replaced it still spent a quarter of decoding in the
//! decoder's dispatch. Here the block is checked once (with SIMD), a string met twice in a
//! document (its id in each task, a section heading, a unit's name, a Simplified form equal to
//! the original) is stored once, a title that begins its text is a slice of the text, and the
//! shape is read number by number in the order [`pack`] wrote it.
//!
//! `[block length: u32 LE][block: UTF-8][shape: LEB128 numbers]`

use crate::model::{
    Assignment, Basis, Deadline, DeadlineKind, Document, Level, Model, Role, Task, TaskKind, Unit,
};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// A string as (start, length) in bytes of the block.
type Span = (u32, u32);

const LEVELS: [Level; 7] = [
    Level::National,
    Level::Province,
    Level::City,
    Level::District,
    Level::County,
    Level::Township,
    Level::Other,
];
const KINDS: [TaskKind; 2] = [TaskKind::Task, TaskKind::Goal];
const DEADLINE_KINDS: [DeadlineKind; 3] = [
    DeadlineKind::Date,
    DeadlineKind::Recurring,
    DeadlineKind::Ongoing,
];
const BASES: [Basis; 2] = [Basis::Explicit, Basis::Document];

fn code<T: PartialEq>(all: &[T], x: &T) -> u64 {
    all.iter().position(|y| y == x).unwrap_or(0) as u64
}

/// The model being written: the block, each distinct string in it once, and the shape.
#[derive(Default)]
struct Writer {
    block: String,
    seen: HashMap<String, Span>,
    shape: Vec<u8>,
}

impl Writer {
    fn n(&mut self, mut x: u64) {
        loop {
            let low = (x & 0x7f) as u8;
            x >>= 7;
            if x == 0 {
                self.shape.push(low);
                return;
            }
            self.shape.push(low | 0x80);
        }
    }

    fn span(&mut self, (start, len): Span) {
        self.n(start.into());
        self.n(len.into());
    }

    fn intern(&mut self, s: &str) -> Option<Span> {
        if let Some(&sp) = self.seen.get(s) {
            return Some(sp);
        }
        let sp = (
            u32::try_from(self.block.len()).ok()?,
            u32::try_from(s.len()).ok()?,
        );
        self.block.push_str(s);
        self.seen.insert(s.to_string(), sp);
        Some(sp)
    }

    fn s(&mut self, s: &str) -> Option<Span> {
        let sp = self.intern(s)?;
        self.span(sp);
        Some(sp)
    }

    /// `s` as the start of the string at `within` when it is one (a title begins its text).
    fn s_within(&mut self, s: &str, within: Span) -> Option<()> {
        let start = within.0 as usize;
        let whole = self.block.get(start..start + within.1 as usize)?;
        if whole.starts_with(s) {
            self.span((within.0, u32::try_from(s.len()).ok()?));
        } else {
            self.s(s)?;
        }
        Some(())
    }

    /// 0 for None, else 1 and the string.
    fn opt(&mut self, s: &Option<String>) -> Option<()> {
        match s {
            None => self.n(0),
            Some(s) => {
                self.n(1);
                self.s(s)?;
            }
        }
        Some(())
    }

    fn date(&mut self, d: &Option<NaiveDate>) {
        match d {
            None => self.n(0),
            // Days from the common era, zigzagged so a date before it stays small too.
            Some(d) => self.n(1 + zigzag(d.num_days_from_ce())),
        }
    }

    fn strings(&mut self, all: &[String]) -> Option<()> {
        self.n(all.len() as u64);
        for s in all {
            self.s(s)?;
        }
        Some(())
    }

    fn deadline(&mut self, d: &Option<Deadline>) -> Option<()> {
        let Some(d) = d else {
            self.n(0);
            return Some(());
        };
        let Deadline {
            date,
            kind,
            every_year,
            text,
            basis,
        } = d;
        self.n(1);
        self.date(date);
        self.n(code(&DEADLINE_KINDS, kind));
        match every_year {
            None => self.n(0),
            Some((m, d)) => {
                self.n(1);
                self.n((*m).into());
                self.n((*d).into());
            }
        }
        self.s(text)?;
        self.n(code(&BASES, basis));
        Some(())
    }
}

fn zigzag(x: i32) -> u64 {
    u64::from(((x << 1) ^ (x >> 31)) as u32)
}

fn unzigzag(x: u64) -> Option<i32> {
    let x = u32::try_from(x).ok()?;
    Some(((x >> 1) as i32) ^ -((x & 1) as i32))
}

/// `m` as the cache stores it; None when a document is too large to pack (over 4 GB of text).
pub fn pack(m: &Model) -> Option<Vec<u8>> {
    let Model {
        schema,
        documents,
        units,
        tasks,
        index: _,
    } = m;
    let mut w = Writer::default();
    w.n((*schema).into());
    w.n(documents.len() as u64);
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
        } = d;
        w.s(id)?;
        w.s(title)?;
        w.s(title_original)?;
        w.opt(issuer)?;
        w.date(date);
        w.opt(number)?;
        w.s(source)?;
        w.deadline(horizon)?;
    }
    w.n(units.len() as u64);
    for u in units {
        let Unit {
            id,
            name,
            aliases,
            level,
            collective,
        } = u;
        w.s(id)?;
        w.s(name)?;
        w.strings(aliases)?;
        w.n(code(&LEVELS, level));
        w.n((*collective).into());
    }
    w.n(tasks.len() as u64);
    for t in tasks {
        let Task {
            id,
            document,
            section,
            number,
            kind,
            title,
            title_simplified,
            text,
            text_simplified,
            annotation,
            assignments,
            deadline,
            lines,
        } = t;
        // The texts first: the titles are looked for at their start.
        let text = w.s(text)?;
        let text_simplified = w.s(text_simplified)?;
        w.s_within(title, text)?;
        w.s_within(title_simplified, text_simplified)?;
        w.s(id)?;
        w.s(document)?;
        w.strings(section)?;
        w.s(number)?;
        w.n(code(&KINDS, kind));
        w.opt(annotation)?;
        w.n(assignments.len() as u64);
        for Assignment { unit, role } in assignments {
            w.s(unit)?;
            w.n(code(&Role::ALL, role));
        }
        w.deadline(deadline)?;
        w.n(lines[0] as u64);
        w.n(lines[1] as u64);
    }
    let mut out = u32::try_from(w.block.len()).ok()?.to_le_bytes().to_vec();
    out.reserve(w.block.len() + w.shape.len());
    out.extend(w.block.as_bytes());
    out.extend(w.shape);
    Some(out)
}

/// The model `bytes` hold; None when they do not decode to one (then the entry is damaged).
pub fn unpack(bytes: &[u8]) -> Option<Model> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let (block, shape) = rest.split_at_checked(u32::from_le_bytes(*len) as usize)?;
    let mut r = Reader {
        // One check of the whole block, with SIMD: Chinese text defeats std's ASCII fast path.
        block: simdutf8::basic::from_utf8(block).ok()?,
        shape,
        budget: OUT_PER_IN_BYTE
            .saturating_mul(bytes.len())
            .saturating_add(1 << 16),
    };
    let schema = u32::try_from(r.n()?).ok()?;
    let count = r.count()?;
    let mut documents = Vec::with_capacity(r.room(count, 12));
    for _ in 0..count {
        documents.push(Document {
            id: r.s()?,
            title: r.s()?,
            title_original: r.s()?,
            issuer: r.opt()?,
            date: r.date()?,
            number: r.opt()?,
            source: r.s()?,
            horizon: r.deadline()?,
        });
    }
    let count = r.count()?;
    let mut units = Vec::with_capacity(r.room(count, 7));
    for _ in 0..count {
        units.push(Unit {
            id: r.s()?,
            name: r.s()?,
            aliases: r.strings()?,
            level: r.code(&LEVELS)?,
            collective: r.n()? != 0,
        });
    }
    let count = r.count()?;
    let mut tasks = Vec::with_capacity(r.room(count, 21));
    for _ in 0..count {
        let text = r.s()?;
        let text_simplified = r.s()?;
        let title = r.s()?;
        let title_simplified = r.s()?;
        let id = r.s()?;
        let document = r.s()?;
        let section = r.strings()?;
        let number = r.s()?;
        let kind = r.code(&KINDS)?;
        let annotation = r.opt()?;
        let n = r.count()?;
        let mut assignments = Vec::with_capacity(r.room(n, 3));
        for _ in 0..n {
            assignments.push(Assignment {
                unit: r.s()?,
                role: r.code(&Role::ALL)?,
            });
        }
        let deadline = r.deadline()?;
        let lines = [r.usize()?, r.usize()?];
        tasks.push(Task {
            id,
            document,
            section,
            number,
            kind,
            title,
            title_simplified,
            text,
            text_simplified,
            annotation,
            assignments,
            deadline,
            lines,
        });
    }
    if !r.shape.is_empty() {
        return None;
    }
    Some(Model {
        schema,
        documents,
        units,
        tasks,
        index: Default::default(),
    })
}

/// How many bytes of strings an entry may give per byte it holds. A real document's model
/// quotes each heading and unit name many times (under 10× in the generated corpus); a crafted
/// entry repeating one long span would otherwise ask for any amount of memory.
const OUT_PER_IN_BYTE: usize = 64;

/// The shape read number by number against a checked block. A number cut short or too long, a
/// span outside the block or not on character boundaries, a code out of range, more text out
/// than the budget allows: None.
struct Reader<'a> {
    block: &'a str,
    shape: &'a [u8],
    /// Bytes of strings still allowed out.
    budget: usize,
}

impl Reader<'_> {
    fn n(&mut self) -> Option<u64> {
        let mut x = 0u64;
        for (i, &b) in self.shape.iter().enumerate().take(10) {
            x |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                self.shape = &self.shape[i + 1..];
                return Some(x);
            }
        }
        None
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.n()?).ok()
    }

    /// A count of things still to read: each takes at least a byte, so a damaged count cannot
    /// ask for more room than the entry has.
    fn count(&mut self) -> Option<usize> {
        self.usize().filter(|&c| c <= self.shape.len())
    }

    fn code<T: Copy>(&mut self, all: &[T]) -> Option<T> {
        all.get(self.usize()?).copied()
    }

    fn s(&mut self) -> Option<String> {
        let start = self.usize()?;
        let len = self.usize()?;
        self.budget = self.budget.checked_sub(len)?;
        self.block
            .get(start..start.checked_add(len)?)
            .map(str::to_owned)
    }

    /// Room to reserve for `count` items that each take at least `min` bytes of the shape: a
    /// damaged count never reserves more than what is left could hold.
    fn room(&self, count: usize, min: usize) -> usize {
        count.min(self.shape.len() / min)
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.n()? {
            0 => Some(None),
            _ => self.s().map(Some),
        }
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.count()?;
        (0..n).map(|_| self.s()).collect()
    }

    fn date(&mut self) -> Option<Option<NaiveDate>> {
        match self.n()? {
            0 => Some(None),
            x => NaiveDate::from_num_days_from_ce_opt(unzigzag(x - 1)?).map(Some),
        }
    }

    fn deadline(&mut self) -> Option<Option<Deadline>> {
        if self.n()? == 0 {
            return Some(None);
        }
        let date = self.date()?;
        let kind = self.code(&DEADLINE_KINDS)?;
        let every_year = match self.n()? {
            0 => None,
            _ => Some((
                u32::try_from(self.n()?).ok()?,
                u32::try_from(self.n()?).ok()?,
            )),
        };
        Some(Some(Deadline {
            date,
            kind,
            every_year,
            text: self.s()?,
            basis: self.code(&BASES)?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> Vec<Model> {
        crate::sources::BUILTIN
            .iter()
            .map(|b| {
                crate::extract::read(b.name, b.bytes, None)
                    .expect("seed reads")
                    .model
            })
            .collect()
    }

    #[test]
    fn every_seed_comes_back_as_it_was_read() {
        for m in seeds() {
            let bytes = pack(&m).expect("packs");
            assert_eq!(unpack(&bytes).expect("unpacks"), m);
        }
    }

    #[test]
    fn a_title_is_stored_as_the_start_of_its_text() {
        for m in seeds() {
            let with_titles = pack(&m).expect("packs");
            let mut no_titles = m.clone();
            for t in &mut no_titles.tasks {
                t.title.clear();
                t.title_simplified.clear();
            }
            // Titles cost their spans, not their text.
            let titles: usize = m.tasks.iter().map(|t| t.title.len()).sum();
            let extra = with_titles.len() - pack(&no_titles).expect("packs").len();
            assert!(titles > 300, "{titles}");
            assert!(extra < titles / 2, "titles {titles} B cost {extra} B");
        }
    }

    fn span(start: u64, len: u64) -> Option<String> {
        let mut w = Writer::default();
        w.n(start);
        w.n(len);
        Reader {
            block: "卫健委",
            shape: &w.shape,
            budget: 1 << 10,
        }
        .s()
    }

    #[test]
    fn a_span_outside_the_block_or_inside_a_character_is_refused() {
        assert_eq!(span(0, 3).as_deref(), Some("卫"));
        assert_eq!(span(3, 6).as_deref(), Some("健委"));
        assert_eq!(span(1, 3), None);
        assert_eq!(span(6, 9), None);
        assert_eq!(span(u64::MAX, u64::MAX), None);
    }

    /// An entry whose shape repeats one span of the whole block: refused once the text out
    /// passes its budget, long before memory runs out.
    #[test]
    fn a_span_repeated_without_end_is_refused() {
        let block = "卫".repeat(10_000);
        let mut w = Writer::default();
        w.n(1); // schema
        w.n(0); // documents
        w.n(1); // units
        for _ in 0..2 {
            w.n(0);
            w.n(block.len() as u64);
        }
        w.n(100_000); // aliases, each the whole block again
        for _ in 0..100_000 {
            w.n(0);
            w.n(block.len() as u64);
        }
        let mut bytes = (block.len() as u32).to_le_bytes().to_vec();
        bytes.extend(block.as_bytes());
        bytes.extend(&w.shape);
        assert!(unpack(&bytes).is_none());
    }

    #[test]
    fn numbers_and_dates_round_trip_and_a_cut_number_is_refused() {
        let mut w = Writer::default();
        for x in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            w.n(x);
        }
        let days = [-800_000, -1, 0, 1, 738_000];
        for d in days {
            w.date(&NaiveDate::from_num_days_from_ce_opt(d));
        }
        let mut r = Reader {
            block: "",
            shape: &w.shape,
            budget: 0,
        };
        for x in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.n(), Some(x));
        }
        for d in days {
            assert_eq!(r.date(), Some(NaiveDate::from_num_days_from_ce_opt(d)));
        }
        assert_eq!(r.n(), None);
        let mut cut = Reader {
            budget: 0,
            block: "",
            shape: &[0x80, 0x80],
        };
        assert_eq!(cut.n(), None);
    }

    #[test]
    fn bytes_that_are_not_a_packed_model_are_refused() {
        let m = seeds().remove(0);
        let bytes = pack(&m).expect("packs");
        assert!(unpack(&bytes[..bytes.len() / 2]).is_none());
        assert!(unpack(b"\x00\x01garbage").is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(unpack(&longer).is_none(), "trailing bytes are damage too");
        // Every single-byte change is refused or decodes to some model: never a panic.
        for i in (0..bytes.len()).step_by(7) {
            let mut bad = bytes.clone();
            bad[i] ^= 0x5a;
            let _ = unpack(&bad);
        }
    }
}
