//! The progress form (登记进展): the status and note being typed for one task and unit.

use crate::ledger::{MAX_NOTE_CHARS, NewChange, Status};
use crate::text::width;
use chrono::NaiveDate;

/// The progress form (登记进展) for one task and unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressForm {
    pub task: usize,
    pub unit: String,
    /// The status in force when the form opened (None: nothing recorded).
    pub was: Option<Status>,
    pub status: Status,
    pub note: String,
    /// The cursor, in characters from the start of `note`.
    pub cursor: usize,
}

impl ProgressForm {
    /// A form for (task, unit), its status preset to the one in force, or 推进中 when none is.
    pub fn new(task: usize, unit: String, was: Option<Status>) -> ProgressForm {
        ProgressForm {
            task,
            unit,
            was,
            status: was.unwrap_or(Status::Doing),
            note: String::new(),
            cursor: 0,
        }
    }

    /// Typed or pasted text at the cursor, without anything a terminal would obey; line breaks
    /// become spaces (a note is one line). Nothing is cut in silence: past the longest note
    /// the ledger keeps the form counts it in red and saving is refused with the limit named;
    /// only a paste beyond ten times that is cut, to bound memory.
    pub fn insert(&mut self, text: &str) {
        let room = (10 * MAX_NOTE_CHARS).saturating_sub(self.note.chars().count());
        let clean: String = text
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}') {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| {
                !crate::extract::decode::is_unsafe(*c) && !crate::text::is_hidden_format(*c)
            })
            .take(room)
            .collect();
        let at = self.byte_at(self.cursor);
        self.note.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    /// How many characters the note has, and whether that is more than the ledger keeps.
    pub fn note_count(&self) -> (usize, bool) {
        let n = self.note.trim().chars().count();
        (n, n > MAX_NOTE_CHARS)
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let start = self.byte_at(self.cursor - 1);
        let end = self.byte_at(self.cursor);
        self.note.replace_range(start..end, "");
        self.cursor -= 1;
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.note.chars().count());
    }

    pub fn clear(&mut self) {
        self.note.clear();
        self.cursor = 0;
    }

    /// Steps through 未启动 → 推进中 → 已完成 → 暂缓, wrapping.
    pub fn cycle(&mut self, forward: bool) {
        let all = Status::ALL;
        let i = all.iter().position(|s| *s == self.status).unwrap_or(0);
        let n = all.len();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.status = all[next];
    }

    /// Display cells before the cursor: where the terminal cursor (and an IME's window) goes.
    pub fn cursor_cells(&self) -> usize {
        width(&self.note[..self.byte_at(self.cursor)])
    }

    /// What saving writes: the status when it changes (or when there is no note, so that
    /// saving always records something), and the note when there is one.
    pub fn change(&self, today: NaiveDate) -> NewChange {
        let note = Some(self.note.trim().to_string()).filter(|n| !n.is_empty());
        let status = (self.was != Some(self.status) || note.is_none()).then_some(self.status);
        NewChange {
            unit: self.unit.clone(),
            status,
            note_date: note.as_ref().map(|_| today),
            note,
        }
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.note
            .char_indices()
            .nth(chars)
            .map_or(self.note.len(), |(b, _)| b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_edits_by_character_and_counts_cells() {
        let mut f = ProgressForm::new(0, "市民政局".into(), None);
        assert_eq!(f.status, Status::Doing);
        f.insert("已完成选址");
        assert_eq!(f.cursor_cells(), 10);
        f.left();
        f.left();
        f.insert("x");
        assert_eq!(f.note, "已完成x选址");
        assert_eq!(f.cursor_cells(), 7);
        f.backspace();
        f.backspace();
        assert_eq!(f.note, "已完选址");
        f.insert("第一\n第二\x1b[31m");
        assert_eq!(f.note, "已完第一 第二[31m选址");
        f.insert("\u{2028}\u{00AD}\u{E0041}");
        assert_eq!(f.note, "已完第一 第二[31m 选址");
        f.cycle(false);
        assert_eq!(f.status, Status::Todo);
        f.cycle(false);
        assert_eq!(f.status, Status::Paused);
    }

    #[test]
    fn saving_sends_the_status_only_when_it_changes() {
        let day = NaiveDate::from_ymd_opt(2022, 6, 30).expect("date");
        let mut f = ProgressForm::new(0, "u".into(), Some(Status::Doing));
        f.insert("  签订协议 ");
        let c = f.change(day);
        assert_eq!(c.status, None);
        assert_eq!(c.note.as_deref(), Some("签订协议"));
        assert_eq!(c.note_date, Some(day));
        f.clear();
        assert_eq!(f.change(day).status, Some(Status::Doing));
        f.cycle(true);
        assert_eq!(f.change(day).status, Some(Status::Done));
    }
}
