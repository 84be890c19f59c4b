//! Reading the state in two steps around the dashboard's first frame: the pairs it shows, then
//! the rest before the first key.

use super::LedgerState;
use crate::ledger::Identity;
use crate::model::Model;
use crate::words::Lang;
use std::path::PathBuf;

/// How much of the ledger's state the snapshot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Read {
    /// Everything (or there is nothing to read).
    Whole,
    /// Opened, nothing read yet.
    Nothing,
    /// One unit's pairs only: exact for that unit, empty for every other.
    OneUnit,
}

impl LedgerState {
    /// As [`LedgerState::open`], reading none of the state yet: [`LedgerState::read_first`]
    /// reads what the first frame shows, [`LedgerState::read_rest`] the rest.
    pub fn open_unread(
        path: Option<PathBuf>,
        model: &Model,
        lang: Lang,
        warn_days: i64,
        who: Identity,
    ) -> LedgerState {
        LedgerState::opened(path, model, lang, (warn_days, who), Read::Nothing)
    }

    /// Reads the state the first frame shows: only `unit`'s pairs when it is the one unit
    /// whose states are on screen (at a million rows the whole state takes a quarter of a
    /// second, one unit's a tenth of that), else everything.
    pub fn read_first(&mut self, model: &Model, lang: Lang, unit: Option<&str>) {
        if self.read != Read::Nothing {
            return;
        }
        self.read = Read::Whole;
        let (Some(unit), Some(l)) = (unit, &self.ledger) else {
            return self.reload(model, lang);
        };
        match l.snapshot_of(model, Some(unit)) {
            Ok(snap) => {
                self.snapshot = snap;
                self.read = Read::OneUnit;
            }
            Err(e) => self.fail(&e, lang),
        }
    }

    /// Reads whatever [`LedgerState::read_first`] left: None when nothing was left, else
    /// whether the state shown may have changed (someone committed in between).
    pub fn read_rest(&mut self, model: &Model, lang: Lang) -> Option<bool> {
        if self.read == Read::Whole {
            return None;
        }
        let before = self.snapshot.mark;
        // On success `reload` marks the state whole; a failure leaves it to be read whole once
        // the ledger can be read again (see `fail`).
        self.reload(model, lang);
        Some(self.snapshot.mark != before)
    }

    /// Forgets the state read: it was linked to the tasks of another model (the part of the
    /// load a first frame showed), and is read again for the model in its place.
    pub fn forget_state(&mut self) {
        if self.ledger.is_some() {
            self.snapshot = crate::ledger::Snapshot::empty();
            self.read = Read::Nothing;
        }
    }

    /// Whether the snapshot holds every pair's state.
    pub fn read_whole(&self) -> bool {
        self.read == Read::Whole
    }
}
