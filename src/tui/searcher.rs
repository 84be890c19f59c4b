//! Searching as the user types, without holding up the keys. The dashboard hands each query to a
//! worker thread; keys typed meanwhile are read and shown at once, queries that were overtaken
//! are never run (the worker takes only the newest), and a result that arrives for an older
//! query is dropped. Tests and small programs run the same engine in place ([`Searcher::new`]).

use crate::search::Ranking;
use crate::search::{Narrowed, TaskIndex, TaskNarrowed, UnitHit, UnitIndex};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::Duration;

/// What the search line searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKind {
    Units,
    Tasks,
}

#[derive(Debug)]
struct Request {
    generation: u64,
    kind: SearchKind,
    query: String,
    /// How equal unit matches are ordered, when the dashboard has its own order.
    ranking: Option<Arc<Ranking>>,
}

/// A finished search.
#[derive(Debug)]
pub struct Found {
    pub generation: u64,
    pub kind: SearchKind,
    pub units: Vec<UnitHit>,
    pub tasks: Vec<(usize, i64)>,
}

/// The indexes and what the last search of each kind found (a longer query narrows from it).
struct Engine {
    units: Arc<UnitIndex>,
    /// Given when the first task search is asked for ([`Searcher::provide_tasks`]), or built
    /// on the search thread after the dashboard's first frame ([`Searcher::build_tasks`]).
    tasks: Option<Arc<TaskIndex>>,
    last_units: Option<Narrowed>,
    last_tasks: Option<TaskNarrowed>,
}

impl Engine {
    fn run(&mut self, r: &Request) -> Found {
        let mut found = Found {
            generation: r.generation,
            kind: r.kind,
            units: Vec::new(),
            tasks: Vec::new(),
        };
        match r.kind {
            SearchKind::Units => {
                let ranking = r.ranking.as_deref().unwrap_or(&self.units.ranking);
                let (hits, n) =
                    self.units
                        .search_ranked(&r.query, self.last_units.as_ref(), ranking);
                found.units = hits;
                self.last_units = Some(n);
            }
            SearchKind::Tasks => {
                let Some(tasks) = &self.tasks else {
                    return found;
                };
                let (hits, n) = tasks.search_narrowing(&r.query, self.last_tasks.as_ref());
                found.tasks = hits;
                self.last_tasks = Some(n);
            }
        }
        found
    }
}

/// What the worker is sent: a query, the task index once it is built, or the model to build
/// it from (on the worker, between queries).
enum Message {
    Query(Request),
    Tasks(Arc<TaskIndex>),
    Build(Arc<crate::model::Model>),
}

enum Runner {
    InPlace(Engine),
    Worker {
        requests: Sender<Message>,
        results: Receiver<Found>,
    },
}

pub struct Searcher {
    runner: Runner,
    generation: u64,
    /// The generation of the newest query sent and not yet answered.
    pending: Option<u64>,
    /// A result waiting to be taken by [`Searcher::take`] (in-place runs finish at once).
    ready: Option<Found>,
    /// The order of equal unit matches sent with every query (home level, frecency).
    ranking: Option<Arc<Ranking>>,
    /// Whether the task index was given to the engine.
    tasks_given: bool,
}

impl Searcher {
    pub fn new(units: UnitIndex, tasks: TaskIndex) -> Searcher {
        let mut s = Searcher::units_only(units);
        s.provide_tasks(tasks);
        s
    }

    /// A searcher of units; task searches find nothing until [`Searcher::provide_tasks`].
    pub fn units_only(units: UnitIndex) -> Searcher {
        Searcher {
            runner: Runner::InPlace(Engine {
                units: Arc::new(units),
                tasks: None,
                last_units: None,
                last_tasks: None,
            }),
            generation: 0,
            pending: None,
            ready: None,
            ranking: None,
            tasks_given: false,
        }
    }

    /// From now on searches run on a thread of their own.
    pub fn in_background(&mut self) {
        let Runner::InPlace(engine) = &self.runner else {
            return;
        };
        let mut engine = Engine {
            units: Arc::clone(&engine.units),
            tasks: engine.tasks.clone(),
            last_units: engine.last_units.clone(),
            last_tasks: engine.last_tasks.clone(),
        };
        let (requests, inbox) = channel::<Message>();
        let (outbox, results) = channel::<Found>();
        let spawned = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                while let Ok(first) = inbox.recv() {
                    let mut query = None;
                    let mut take = |m: Message, engine: &mut Engine| match m {
                        Message::Query(r) => query = Some(r),
                        Message::Tasks(t) => engine.tasks = Some(t),
                        Message::Build(m) => engine.tasks = Some(Arc::new(TaskIndex::new(m))),
                    };
                    take(first, &mut engine);
                    // Only the newest query matters: skip those typed over meanwhile.
                    loop {
                        match inbox.try_recv() {
                            Ok(newer) => take(newer, &mut engine),
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    }
                    let Some(r) = query else { continue };
                    if outbox.send(engine.run(&r)).is_err() {
                        return;
                    }
                }
            });
        if spawned.is_ok() {
            self.runner = Runner::Worker { requests, results };
        }
    }

    /// Whether task searches have their index (see [`Searcher::provide_tasks`]).
    pub fn has_tasks(&self) -> bool {
        self.tasks_given
    }

    /// The task index of `model`, built on the search thread when there is one (else now):
    /// the dashboard asks for it once its first frame is drawn, so that the switch to task
    /// search (Ctrl-t) finds it ready.
    pub fn build_tasks(&mut self, model: Arc<crate::model::Model>) {
        self.tasks_given = true;
        match &mut self.runner {
            Runner::InPlace(engine) => engine.tasks = Some(Arc::new(TaskIndex::new(model))),
            Runner::Worker { requests, .. } => {
                let _ = requests.send(Message::Build(model));
            }
        }
    }

    /// The task index, for the task searches from now on.
    pub fn provide_tasks(&mut self, tasks: TaskIndex) {
        self.tasks_given = true;
        let tasks = Arc::new(tasks);
        match &mut self.runner {
            Runner::InPlace(engine) => engine.tasks = Some(tasks),
            Runner::Worker { requests, .. } => {
                let _ = requests.send(Message::Tasks(tasks));
            }
        }
    }

    /// Orders equal unit matches of the searches from now on.
    pub fn set_ranking(&mut self, ranking: Ranking) {
        self.ranking = Some(Arc::new(ranking));
    }

    /// Starts a search; its result comes from [`Searcher::take`].
    pub fn submit(&mut self, kind: SearchKind, query: &str) {
        self.generation += 1;
        let r = Request {
            generation: self.generation,
            kind,
            query: query.to_string(),
            ranking: self.ranking.clone(),
        };
        match &mut self.runner {
            Runner::InPlace(engine) => self.ready = Some(engine.run(&r)),
            Runner::Worker { requests, .. } => {
                if requests.send(Message::Query(r)).is_err() {
                    return;
                }
                self.pending = Some(self.generation);
            }
        }
    }

    pub fn pending(&self) -> bool {
        self.pending.is_some() || self.ready.is_some()
    }

    /// The newest result, if it has arrived; waits up to `wait` for it (None: as long as it takes).
    pub fn take(&mut self, wait: Option<Duration>) -> Option<Found> {
        if let Some(f) = self.ready.take() {
            return Some(f);
        }
        let Runner::Worker { results, .. } = &self.runner else {
            return None;
        };
        let newest = self.pending?;
        loop {
            let found = match wait {
                None => results.recv().ok(),
                Some(w) => match results.recv_timeout(w) {
                    Ok(f) => Some(f),
                    Err(RecvTimeoutError::Timeout) => return None,
                    Err(RecvTimeoutError::Disconnected) => None,
                },
            };
            let Some(found) = found else {
                // The worker is gone: nothing more will come.
                self.pending = None;
                return None;
            };
            if found.generation == newest {
                self.pending = None;
                return Some(found);
            }
        }
    }
}
