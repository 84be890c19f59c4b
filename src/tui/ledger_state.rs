//! The dashboard's side of the work ledger (工作台账): the open ledger and its snapshot, the
//! open task's history, and what the progress form and the close-out question hold.

use crate::ledger::{
    Change, Identity, Ledger, LedgerError, Light, NewChange, OpenMode, Snapshot, Status,
};
use crate::model::{Model, Task};
use crate::words::{Lang, Message, StatusWords, trouble_notice};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod first_read;
mod live;
mod progress_form;

use first_read::Read;
pub use progress_form::ProgressForm;

/// How often an idle dashboard asks the ledger whether anyone committed: often enough that a
/// colleague's record shows within about a second, cheap enough (one `PRAGMA data_version`,
/// no terminal output) to cost nothing.
pub const PROBE_EVERY: Duration = Duration::from_millis(500);

/// How long a dashboard write waits for another writer's lock on the input thread. Longer
/// than a write takes, short enough not to be felt: while the lock stays held the form says
/// so and tries again at each probe, and the keys keep working (Esc cancels).
pub const WRITE_WAIT: Duration = Duration::from_millis(100);

pub struct LedgerState {
    /// Where the ledger is (or would be created); None when no path could be worked out.
    pub path: Option<PathBuf>,
    ledger: Option<Ledger>,
    pub snapshot: Snapshot,
    /// Shown in the dashboard: why the ledger cannot be used, or that it is read-only.
    pub notice: Option<String>,
    /// The file at `path` is not a usable ledger: stop probing it, never write to it.
    broken: bool,
    pub warn_days: i64,
    /// Who writes: the login of the process's real uid.
    pub who: Identity,
    /// The history of the task the task view shows: (task id, rows oldest first).
    pub history: Option<(String, Vec<Change>)>,
    /// A server ledger that could not be reached: when to try again, and the wait after that.
    retry: Option<(Instant, Duration)>,
    /// What of the state has been read: the dashboard reads the pairs its first frame shows
    /// before drawing it, and the rest after ([`LedgerState::read_first`]).
    read: Read,
}

/// The first wait before reaching an unreachable server ledger again; it doubles up to
/// [`LAST_RETRY`].
const FIRST_RETRY: Duration = Duration::from_secs(1);
const LAST_RETRY: Duration = Duration::from_secs(30);

/// A status as short as it can be said: the Chinese word, or the English code (todo, doing…).
pub fn status_label(lang: Lang, s: Status) -> &'static str {
    match lang {
        Lang::Zh => s.word(lang),
        Lang::En => s.code(),
    }
}

/// What a record says: its status and its note (with the date it gives), on one line, safe to
/// print (the note is another user's text).
pub fn record_words(lang: Lang, c: &Change) -> String {
    let mut parts = Vec::new();
    if let Some(s) = c.status {
        parts.push(format!("[{}]", status_label(lang, s)));
    }
    if let Some(n) = &c.note {
        let date = c.note_date.map(|d| format!("({d}) ")).unwrap_or_default();
        parts.push(format!("{date}{}", crate::text::safe_line(n)));
    }
    parts.join(" ")
}

/// A pending yes/no question about (task, unit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub task: usize,
    pub unit: String,
    pub kind: AskKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AskKind {
    /// 销号.
    CloseOut,
    /// Cancel this record, the newest still in force for the pair.
    Undo(Change),
}

impl LedgerState {
    /// No ledger at all: lights come from deadlines alone.
    pub fn none(warn_days: i64) -> LedgerState {
        LedgerState {
            path: None,
            ledger: None,
            snapshot: Snapshot::empty(),
            notice: None,
            broken: false,
            warn_days,
            who: crate::ledger::identity::current(),
            history: None,
            retry: None,
            read: Read::Whole,
        }
    }

    /// Opens the ledger at `path` for reading and writing (read-only with a notice when the
    /// file is not writable). No file yet is not an error: the first record creates it. A file
    /// that is not a usable ledger becomes a notice; the dashboard carries on without it.
    pub fn open(
        path: Option<PathBuf>,
        model: &Model,
        lang: Lang,
        warn_days: i64,
        who: Identity,
    ) -> LedgerState {
        LedgerState::opened(path, model, lang, (warn_days, who), Read::Whole)
    }

    /// The ledger at `path` opened, with `read` of its state read.
    fn opened(
        path: Option<PathBuf>,
        model: &Model,
        lang: Lang,
        (warn_days, who): (i64, Identity),
        read: Read,
    ) -> LedgerState {
        let mut state = LedgerState {
            path,
            who,
            read,
            ..LedgerState::none(warn_days)
        };
        state.try_open(model, lang);
        state
    }

    fn try_open(&mut self, model: &Model, lang: Lang) {
        let Some(path) = self.path.clone() else {
            return;
        };
        match Ledger::open_as(&path, OpenMode::ReadWrite, &self.who) {
            Ok(Some(mut l)) => {
                let _ = l.set_wait(WRITE_WAIT);
                // A server ledger tells of others' commits as they happen.
                l.watch();
                self.retry = None;
                // A broken chain outweighs read-only: it is the notice that stays.
                self.notice = l
                    .trouble()
                    .map(|t| trouble_notice(&path.display().to_string(), t, lang))
                    .or_else(|| {
                        l.read_only_path()
                            .map(|p| crate::words::read_only_notice(p, lang))
                    });
                self.ledger = Some(l);
                if self.read != Read::Nothing {
                    self.reload(model, lang);
                }
            }
            Ok(None) => {}
            Err(e) => self.fail(&e, lang),
        }
    }

    fn fail(&mut self, e: &LedgerError, lang: Lang) {
        // Not broken: the server may come back, or its owner upgrade the ledger. Keep the last
        // snapshot on screen, say so, and try again later, waiting longer each time.
        let passing = match e {
            LedgerError::Unreachable { path, .. } => {
                Some(crate::words::unreachable_notice(path, lang))
            }
            LedgerError::NeedsOwnerUpgrade { .. } => Some(e.message(lang)),
            _ => None,
        };
        if let Some(notice) = passing {
            let wait = self
                .retry
                .map_or(FIRST_RETRY, |(_, w)| (w * 2).min(LAST_RETRY));
            self.retry = Some((Instant::now() + wait, wait));
            self.ledger = None;
            self.notice = Some(notice);
            // One unit's pairs would pass for everyone's: lights from deadlines alone instead.
            if self.read == Read::OneUnit {
                self.snapshot = Snapshot::empty();
            }
            return;
        }
        self.broken = true;
        self.ledger = None;
        self.snapshot = Snapshot::empty();
        self.notice = Some(e.message(lang));
    }

    /// Whether a ledger file is open.
    pub fn is_open(&self) -> bool {
        self.ledger.is_some()
    }

    pub fn read_only(&self) -> bool {
        self.ledger.as_ref().is_some_and(Ledger::read_only)
    }

    /// Whether the event loop should probe for changes.
    pub fn watching(&self) -> bool {
        self.path.is_some() && !self.broken
    }

    /// The cheap change probe: reloads and says so only when someone committed since the last
    /// read (or a ledger appeared at the path). Nothing changed: no reload, no redraw.
    pub fn probe(&mut self, model: &Model, lang: Lang) -> bool {
        if !self.watching() {
            return false;
        }
        match &self.ledger {
            Some(l) => match l.change_mark() {
                Ok(m) if Some(m) == self.snapshot.mark => false,
                Ok(_) => {
                    self.reload(model, lang);
                    self.mind_listener(lang);
                    true
                }
                Err(e) => {
                    self.fail(&e, lang);
                    true
                }
            },
            None if self.retry.is_some() => {
                if self.retry.is_some_and(|(at, _)| Instant::now() < at) {
                    return false;
                }
                let notice = self.notice.clone();
                self.try_open(model, lang);
                if self.ledger.is_some() && self.retry.is_none() && notice == self.notice {
                    self.notice = None;
                }
                self.ledger.is_some() || notice != self.notice
            }
            None => {
                let exists = self
                    .path
                    .as_ref()
                    .and_then(|p| std::fs::metadata(p).ok())
                    .is_some_and(|m| m.len() > 0 || m.is_dir());
                if !exists {
                    return false;
                }
                self.try_open(model, lang);
                self.ledger.is_some() || self.broken
            }
        }
    }

    /// Brings the snapshot up to date (only the documents written to are read again), and
    /// reads the open task's history again with it.
    pub fn reload(&mut self, model: &Model, lang: Lang) {
        let Some(l) = &mut self.ledger else { return };
        // Rows arrived: the newest are checked against the chain as they come.
        let shown = l.path().display().to_string();
        if let Ok(Some(t)) = l.recheck() {
            self.notice = Some(trouble_notice(&shown, t, lang));
        }
        let Some(l) = &self.ledger else { return };
        // A one-unit snapshot says nothing of how far it saw: the refresh reads the whole state.
        if let Err(e) = l.refresh(model, &mut self.snapshot) {
            return self.fail(&e, lang);
        }
        self.read = Read::Whole;
        if let Some((id, _)) = self.history.take() {
            self.load_history(model, &id);
        }
    }

    /// Loads every row of `task_id` for the task view (none without a ledger).
    pub fn load_history(&mut self, model: &Model, task_id: &str) {
        let rows = self
            .ledger
            .as_ref()
            .and_then(|l| l.history(model, task_id).ok())
            .unwrap_or_default();
        self.history = Some((task_id.to_string(), rows));
    }

    /// The newest record of `unit` on `task_id` that no undo cancelled: what an undo would
    /// cancel. Ok(None) with no ledger or nothing recorded; a failed read is an error.
    pub fn latest_in_force(
        &self,
        model: &Model,
        task_id: &str,
        unit: &str,
    ) -> Result<Option<Change>, LedgerError> {
        let Some(l) = self.ledger.as_ref() else {
            return Ok(None);
        };
        Ok(l.history(model, task_id)?
            .into_iter()
            .rev()
            .find(|c| *c.unit == *unit && c.undoes.is_none() && !c.undone))
    }

    /// Cancels `row`, when it is still the newest record in force for (task, unit), then reads
    /// the snapshot again.
    pub fn undo(
        &mut self,
        model: &Model,
        lang: Lang,
        task_id: &str,
        row: &Change,
    ) -> Result<Change, LedgerError> {
        let who = self.who.clone();
        let l = self
            .ledger
            .as_mut()
            .ok_or_else(|| LedgerError::NothingToUndo {
                unit: row.unit.to_string(),
            })?;
        let written = l.undo_row(model, &who, task_id, &row.unit, Some(row.id))?;
        self.reload(model, lang);
        Ok(written)
    }

    /// The rows of `task_id`, when they are the ones loaded.
    pub fn history_of(&self, task_id: &str) -> Option<&[Change]> {
        self.history
            .as_ref()
            .filter(|(id, _)| id == task_id)
            .map(|(_, rows)| rows.as_slice())
    }

    pub fn light(&self, task: &Task, unit: &str, today: NaiveDate) -> Light {
        self.snapshot.light(task, unit, today, self.warn_days)
    }

    pub fn task_light(&self, task: &Task, today: NaiveDate) -> Light {
        self.snapshot.task_light(task, today, self.warn_days)
    }

    /// The open ledger, for what reads it whole (the report's file).
    pub fn ledger(&self) -> Option<&Ledger> {
        self.ledger.as_ref()
    }

    /// The weekly trend of lights (the last quarter), of one unit's assignments or all, as
    /// the ledger's history and the deadlines give it.
    pub fn trend(
        &self,
        model: &Model,
        today: NaiveDate,
        unit: Option<&str>,
    ) -> Option<Vec<crate::ledger::trend::Week>> {
        let keep = |_: &Task, u: &str| unit.is_none_or(|x| x == u);
        crate::ledger::trend::weekly_where(
            self.ledger.as_ref(),
            model,
            today,
            self.warn_days,
            crate::ledger::trend::WEEKS,
            &keep,
        )
        .ok()
    }

    /// The latest note of `unit` on `task`, with its date and writer.
    pub fn latest_note(&self, task: &Task, unit: &str) -> Option<&Change> {
        self.snapshot.entry(&task.id, unit)?.note.as_deref()
    }

    pub fn status(&self, task: &Task, unit: &str) -> Option<Status> {
        self.snapshot.status(&task.id, unit)
    }

    /// The units the user writes for; none for a supervisor of all, or with no ledger.
    pub fn own_units(&self) -> Vec<String> {
        self.me().map(|m| m.units).unwrap_or_default()
    }

    fn me(&self) -> Option<crate::ledger::Member> {
        let members = self.ledger.as_ref()?.members().ok()?;
        members.into_iter().find(|m| m.login == self.who.login)
    }

    /// What opening the dashboard says to a member who writes for units: how many of those
    /// units' items are red and yellow now. None for anyone else, or with no ledger.
    pub fn own_units_line(&self, model: &Model, today: NaiveDate, lang: Lang) -> Option<String> {
        let me = self.me()?;
        let (mut red, mut yellow) = (0, 0);
        for u in &me.units {
            for a in self
                .snapshot
                .assignments(model, Some(u), today, self.warn_days)
            {
                match a.light {
                    Light::Red => red += 1,
                    Light::Yellow => yellow += 1,
                    _ => {}
                }
            }
        }
        (!me.units.is_empty())
            .then(|| (crate::words::office_words(lang).own_units_open)(red, yellow))
    }

    /// Refuses early, before anything is typed, when the writer cannot write for `unit`. The
    /// store checks again when writing; this only spares typing a note in vain.
    pub fn may_write(&self, unit: &str, lang: Lang) -> Result<(), String> {
        if self.broken {
            let why = self.notice.clone().unwrap_or_default();
            return Err((lang.ledger_ui().unusable)(&why));
        }
        let Some(path) = &self.path else {
            return Err(lang.ledger_ui().no_path.to_string());
        };
        let Some(l) = &self.ledger else {
            // No ledger yet: the first writer creates it and becomes its supervisor.
            return Ok(());
        };
        if l.read_only() {
            return Err(LedgerError::ReadOnly {
                path: path.display().to_string(),
            }
            .message(lang));
        }
        let members = l.members().map_err(|e| e.message(lang))?;
        // On a server the writer is the connection's role, not this machine's login.
        let me = l.writer(&self.who);
        let allowed = members
            .iter()
            .any(|m| m.login == me && (m.supervisor || m.units.iter().any(|u| u == unit)));
        if allowed {
            Ok(())
        } else {
            Err(LedgerError::Denied {
                login: me,
                unit: unit.to_string(),
            }
            .message(lang))
        }
    }

    /// Writes one change (creating the ledger on the first write, as `ledger set` does), then
    /// reads the snapshot again. Nothing is written when the store refuses.
    pub fn record(
        &mut self,
        model: &Model,
        lang: Lang,
        task_id: &str,
        change: NewChange,
    ) -> Result<Change, LedgerError> {
        if self.ledger.is_none() && !self.broken {
            let path = self.path.clone().ok_or_else(|| LedgerError::Invalid {
                reason: lang.ledger_ui().no_path.to_string(),
            })?;
            self.ledger = Ledger::open_as(&path, OpenMode::Create, &self.who)?;
            if let Some(l) = &mut self.ledger {
                let _ = l.set_wait(WRITE_WAIT);
            }
        }
        let who = self.who.clone();
        let l = self.ledger.as_mut().ok_or_else(|| LedgerError::Invalid {
            reason: self.notice.clone().unwrap_or_default(),
        })?;
        let written = l.record(model, &who, task_id, change)?;
        self.reload(model, lang);
        Ok(written)
    }
}
