//! What every screen reads and some change: the model, the language, today, the work ledger,
//! the marked units, and the search engine behind every main screen's search line.

use super::ledger_state::LedgerState;
use super::searcher::{Found, SearchKind, Searcher};
use crate::counterparts::{Counterparts, Direction};
use crate::model::{Model, Role, Task};
use crate::search::{Ranking, UnitIndex};
use crate::words::{Lang, Message};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub struct Shared {
    /// Shared with the search thread, which builds the task index from it.
    pub model: Arc<Model>,
    pub lang: Lang,
    pub today: NaiveDate,
    /// The work ledger: snapshot, history of the open task, who writes.
    pub ledger: LedgerState,
    /// Units marked with Space, in the order marked (ids).
    pub marked: Vec<String>,
    pub counterparts: Counterparts,
    pub search: Search,
    /// Where exported sheets go unless the name says otherwise.
    pub work_dir: PathBuf,
    /// Documents' text as they write it (`o` in a task), not in the UI's script: a reading
    /// preference like the language, kept for every task opened after.
    pub original_text: bool,
}

impl Shared {
    pub fn new(model: Model, lang: Lang, today: NaiveDate) -> Shared {
        let counterparts = Counterparts::new(&model);
        let search = Search::new(&model);
        Shared {
            model: Arc::new(model),
            lang,
            today,
            ledger: LedgerState::none(crate::ledger::DEFAULT_WARN_DAYS),
            marked: Vec::new(),
            counterparts,
            search,
            work_dir: std::env::current_dir().unwrap_or_default(),
            original_text: false,
        }
    }

    pub fn is_marked(&self, unit: &str) -> bool {
        self.marked.iter().any(|m| m == unit)
    }

    /// `unit`'s tasks (index into `Model::units`), grouped by document in document order:
    /// (task index, role).
    pub fn duties(&self, unit: Option<usize>) -> Vec<(usize, Role)> {
        let Some(u) = unit.and_then(|i| self.model.units.get(i)) else {
            return Vec::new();
        };
        let ix = self.model.index();
        let mut out: Vec<(usize, Role)> = ix
            .duties(&u.id)
            .iter()
            .map(|&(i, role)| (i as usize, role))
            .collect();
        // Tasks are merged document by document, so this is nearly always in order already: the
        // document's place is looked up once per run of its tasks, not per comparison.
        let mut last: Option<(&str, Option<usize>)> = None;
        let keys: Vec<(Option<usize>, usize)> = out
            .iter()
            .map(|&(i, _)| {
                let doc = self.model.tasks.get(i).map_or("", |t| t.document.as_str());
                let pos = match last {
                    Some((d, pos)) if d == doc => pos,
                    _ => ix.document(doc),
                };
                last = Some((doc, pos));
                (pos, i)
            })
            .collect();
        if !keys.is_sorted() {
            let mut keyed: Vec<_> = keys.into_iter().zip(out).collect();
            keyed.sort_by_key(|(k, _)| *k);
            out = keyed.into_iter().map(|(_, d)| d).collect();
        }
        out
    }

    /// `unit`'s partners (index into `Model::units`), as the duties pane lists them after the
    /// duties: most shared tasks first.
    pub fn partners(&self, unit: Option<usize>) -> Vec<usize> {
        let Some(u) = unit.and_then(|i| self.model.units.get(i)) else {
            return Vec::new();
        };
        self.model
            .partners(&u.id)
            .iter()
            .filter_map(|(p, _)| self.model.unit_position(&p.id))
            .collect()
    }

    /// `unit`'s counterparts' tasks, those above first, each counterpart's in model order.
    pub fn counterpart_duties(&self, unit: Option<usize>) -> Vec<CounterpartDuty<'_>> {
        let Some(unit) = unit.and_then(|i| self.model.units.get(i)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (direction, pair) in self.counterparts.of(&unit.id) {
            let other = pair.other(&unit.id);
            out.extend(
                self.model
                    .duties(other)
                    .map(|(task, role)| CounterpartDuty {
                        direction,
                        unit: other,
                        task,
                        role,
                    }),
            );
        }
        out
    }

    /// How many counterparts' tasks the duties pane lists under `unit`'s own, counted from
    /// the index without listing them.
    pub fn counterpart_count(&self, unit: Option<usize>) -> usize {
        let Some(unit) = unit.and_then(|i| self.model.units.get(i)) else {
            return 0;
        };
        let ix = self.model.index();
        self.counterparts
            .of(&unit.id)
            .iter()
            .map(|(_, pair)| ix.duties(pair.other(&unit.id)).len())
            .sum()
    }

    /// The `i`th of [`Shared::counterpart_duties`], found without listing the others.
    pub fn counterpart_duty(&self, unit: Option<usize>, i: usize) -> Option<CounterpartDuty<'_>> {
        let unit = unit.and_then(|u| self.model.units.get(u))?;
        let ix = self.model.index();
        let mut rest = i;
        for (direction, pair) in self.counterparts.of(&unit.id) {
            let other = pair.other(&unit.id);
            let tasks = ix.duties(other);
            match tasks.get(rest) {
                Some(&(t, role)) => {
                    return self
                        .model
                        .tasks
                        .get(t as usize)
                        .map(|task| CounterpartDuty {
                            direction,
                            unit: other,
                            task,
                            role,
                        });
                }
                None => rest -= tasks.len(),
            }
        }
        None
    }

    /// A sheet with where each of its rows stands in the ledger.
    pub fn with_ledger(&self, sheet: crate::export::Sheet) -> crate::export::Sheet {
        crate::export::with_ledger(
            sheet,
            &self.model,
            &self.ledger.snapshot,
            self.ledger.warn_days,
        )
    }
}

/// A counterpart's task shown under the selected unit's own duties.
#[derive(Debug, Clone, Copy)]
pub struct CounterpartDuty<'a> {
    pub direction: Direction,
    pub unit: &'a str,
    pub task: &'a Task,
    pub role: Role,
}

/// The search engine every main screen's search line uses, and how it orders equal matches.
pub struct Search {
    searcher: Searcher,
    /// How equal unit matches are ordered: home level, the units opened most.
    ranking: Ranking,
    /// Units opened, by how often and how lately (saved when set; see `prefs`).
    frecency: Option<crate::prefs::Frecency>,
}

impl Search {
    fn new(model: &Model) -> Search {
        // The task index waits for the first task search (`submit`): folding every task's
        // text was most of the start-up work, for a search many sessions never make.
        let units = UnitIndex::new(model);
        let ranking = units.ranking.clone();
        Search {
            searcher: Searcher::units_only(units),
            ranking,
            frecency: None,
        }
    }

    /// The units the user writes for rank first among equal matches, then the units they open
    /// most, then their own level.
    pub fn set_preferences(
        &mut self,
        home: Option<crate::model::Level>,
        frecency: Option<crate::prefs::Frecency>,
        member_of: Vec<String>,
    ) {
        self.ranking.home = home;
        self.ranking.member_of = member_of;
        self.ranking.opened = frecency.as_ref().map(|f| f.scores()).unwrap_or_default();
        self.searcher.set_ranking(self.ranking.clone());
        self.frecency = frecency;
    }

    pub fn submit(&mut self, model: &Arc<Model>, kind: SearchKind, query: &str) {
        if kind == SearchKind::Tasks && !self.searcher.has_tasks() {
            self.searcher.build_tasks(Arc::clone(model));
        }
        self.searcher.submit(kind, query);
    }

    /// A finished search's result, waiting up to `wait` (None: as long as it takes).
    pub fn take(&mut self, wait: Option<Duration>) -> Option<Found> {
        self.searcher.take(wait)
    }

    /// Whether a search is running whose result is not shown yet.
    pub fn pending(&self) -> bool {
        self.searcher.pending()
    }

    /// From now on searches run on a thread of their own (the dashboard's event loop).
    pub fn in_background(&mut self) {
        self.searcher.in_background();
    }

    /// Has the task index built now, on the search thread when it runs: the dashboard asks
    /// once its first frame is drawn. Folding every task's text held up the first frame when
    /// done before it, and the first switch to task search (Ctrl-t) when done at it.
    pub fn prepare_tasks(&mut self, model: &Arc<Model>) {
        if !self.searcher.has_tasks() {
            self.searcher.build_tasks(Arc::clone(model));
        }
    }

    /// Whether the task index is built (or being built) for the model.
    pub fn has_tasks(&self) -> bool {
        self.searcher.has_tasks()
    }

    /// Counts an opened unit towards its ranking (see `prefs::Frecency`).
    pub fn note_opened(&mut self, name: &str) {
        if let Some(f) = self.frecency.as_mut() {
            f.record(name);
            self.ranking.opened = f.scores();
            self.searcher.set_ranking(self.ranking.clone());
        }
    }
}

impl Shared {
    /// The (task, unit) a ledger key acts on, given as indexes by the screen on top, checked:
    /// the unit must be one of the task's assignees.
    pub fn ledger_target(&self, target: Option<(usize, usize)>) -> Result<(usize, String), String> {
        let w = self.lang.ledger_ui();
        let found = target.and_then(|(t, u)| Some((t, &self.model.units.get(u)?.id)));
        let Some((task, unit)) = found else {
            return Err(w.no_unit.to_string());
        };
        let assigned = self
            .model
            .tasks
            .get(task)
            .is_some_and(|t| t.assignments.iter().any(|a| &a.unit == unit));
        if !assigned {
            return Err((w.not_assigned)(unit));
        }
        Ok((task, unit.clone()))
    }

    /// [`Shared::ledger_target`], refused early when the writer may not write for its unit:
    /// the form, 销号 and undo all start here.
    pub fn writable_target(
        &self,
        target: Option<(usize, usize)>,
    ) -> Result<(usize, String), String> {
        let (task, unit) = self.ledger_target(target)?;
        self.ledger.may_write(&unit, self.lang)?;
        Ok((task, unit))
    }

    /// Writes one change to the ledger, worded as the status bar says a failure.
    pub fn write(&mut self, task_id: &str, change: crate::ledger::NewChange) -> Result<(), String> {
        self.ledger
            .record(&self.model, self.lang, task_id, change)
            .map(|_| ())
            .map_err(|e| e.message(self.lang))
    }
}
