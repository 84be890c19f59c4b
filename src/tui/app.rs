//! Dashboard state, and the one function that changes it: [`App::update`].

use super::keys::{Action, Mode};
use super::searcher::{Found, SearchKind, Searcher};
use crate::model::{Model, Role};
use crate::search::{TaskIndex, UnitHit, UnitIndex};
use crate::words::Lang;
use crate::words::{LightWords, StatusWords};
use chrono::NaiveDate;
use std::cell::Cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Search,
    Units,
    Duties,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Main,
    /// A task's full view; remembers whether it was opened from the matrix.
    Task {
        task: usize,
        from_matrix: bool,
    },
    Matrix,
    /// The marked units together.
    Meeting,
    /// Every task by deadline band.
    Timeline,
    /// 挂图作战: bars of lights per document and per unit.
    Progress,
}

/// A view to come back to: what was searched, which unit and row were selected, on which screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    query: String,
    unit: Option<usize>,
    duty: usize,
    focus: Focus,
    screen: Screen,
    task_scroll: usize,
    task_unit: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixSort {
    Load,
    Name,
}

/// One cell of the matrix, as [`App::matrix_cell`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixCell {
    Role(Role),
    Light(crate::ledger::Light),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixState {
    pub row: usize,
    pub col: usize,
    pub sort: MatrixSort,
    /// Index into `Model::documents`, or all documents.
    pub document: Option<usize>,
    /// Whether collectives (各区县人民政府 …) get rows; by default only units do.
    pub collectives: bool,
    /// Whether cells show each assignment's light (亮灯) instead of its role.
    pub lights: bool,
}

pub struct App {
    pub model: Model,
    pub lang: Lang,
    pub today: NaiveDate,
    searcher: Searcher,
    /// How equal unit matches are ordered: home level, the units opened most.
    ranking: crate::search::Ranking,
    /// Whether the search line finds units or tasks.
    pub search_kind: SearchKind,
    /// Tasks found by a task search: (task index, score), best first.
    pub task_hits: Vec<(usize, i64)>,
    /// Index into `task_hits`.
    pub task_selected: usize,
    pub query: String,
    pub hits: Vec<UnitHit>,
    /// Index into `hits`.
    pub selected: usize,
    pub focus: Focus,
    /// Index into the duties pane's rows: `duties()` of the selected unit, then its partners.
    pub duty: usize,
    /// In the task view, the assignee Enter opens (index into the task's assignments).
    pub task_unit: usize,
    /// Where Back returns to after following a partner or a task's unit (Esc, Bksp).
    pub back: Vec<Place>,
    /// Units opened, by how often and how lately (saved when set; see `prefs`).
    pub frecency: Option<crate::prefs::Frecency>,
    pub screen: Screen,
    pub task_scroll: usize,
    pub matrix: MatrixState,
    pub help: bool,
    /// First help row shown, and how far help can scroll at the last drawn size.
    pub help_scroll: usize,
    pub help_max_scroll: Cell<usize>,
    pub quit: bool,
    /// Rows a page moves; the view records it from the last drawn height, as ratatui's own
    /// list state records its offset while rendering.
    pub page: Cell<usize>,
    /// How far the task view can scroll at the last drawn width.
    pub task_max_scroll: Cell<usize>,
    /// Text waiting to be sent to the terminal's clipboard (the event loop sends it).
    pub clipboard: Option<String>,
    /// A one-line message for the status bar, until the next key.
    pub message: Option<String>,
    /// Units marked with Space, in the order marked (ids).
    pub marked: Vec<String>,
    pub counterparts: crate::counterparts::Counterparts,
    /// Index into the meeting view's rows.
    pub meeting_row: usize,
    pub timeline: super::meeting::TimelineState,
    /// The export file-name line, while open.
    pub prompt: Option<super::meeting::Prompt>,
    /// Where exported sheets go unless the name says otherwise.
    pub work_dir: std::path::PathBuf,
    /// The unit the last counterpart jump came from.
    pub jumped_from: Option<String>,
    /// Where Back from a task returns when it was opened from the meeting or timeline.
    pub return_to: Option<Screen>,
    /// Rows in the last copy, for the message saying where they went.
    pub copied_rows: usize,
    /// Ctrl-Z was pressed: the event loop hands the terminal back and stops.
    pub suspend: bool,
    /// The task view shows the text as the document writes it (`o`), not in the UI's script.
    pub original: bool,
    /// The work ledger: snapshot, progress form, close-out question, history.
    pub ledger: super::ledger_state::LedgerState,
}

impl App {
    pub fn new(model: Model, lang: Lang, today: NaiveDate) -> App {
        // The task index waits for the first task search (`refilter`): folding every task's
        // text was most of the start-up work, for a search many sessions never make.
        let units = UnitIndex::new(&model);
        let ranking = units.ranking.clone();
        let mut searcher = Searcher::units_only(units);
        searcher.submit(SearchKind::Units, "");
        let hits = searcher.take(None).map(|f| f.units).unwrap_or_default();
        let counterparts = crate::counterparts::Counterparts::new(&model);
        App {
            model,
            lang,
            today,
            searcher,
            ranking,
            search_kind: SearchKind::Units,
            task_hits: Vec::new(),
            task_selected: 0,
            query: String::new(),
            hits,
            selected: 0,
            focus: Focus::Search,
            duty: 0,
            task_unit: 0,
            back: Vec::new(),
            frecency: None,
            screen: Screen::Main,
            task_scroll: 0,
            matrix: MatrixState {
                row: 0,
                col: 0,
                sort: MatrixSort::Load,
                document: None,
                collectives: false,
                lights: false,
            },
            help: false,
            help_scroll: 0,
            help_max_scroll: Cell::new(0),
            quit: false,
            page: Cell::new(10),
            task_max_scroll: Cell::new(0),
            clipboard: None,
            message: None,
            marked: Vec::new(),
            counterparts,
            meeting_row: 0,
            timeline: super::meeting::TimelineState {
                row: 0,
                scope: super::meeting::TimelineScope::All,
            },
            prompt: None,
            work_dir: std::env::current_dir().unwrap_or_default(),
            jumped_from: None,
            return_to: None,
            copied_rows: 0,
            suspend: false,
            original: false,
            ledger: super::ledger_state::LedgerState::none(crate::ledger::DEFAULT_WARN_DAYS),
        }
    }

    /// The user's own level ranks first among equal matches; the units they open most rise.
    pub fn set_preferences(
        &mut self,
        home: Option<crate::model::Level>,
        frecency: Option<crate::prefs::Frecency>,
    ) {
        self.ranking.home = home;
        self.ranking.opened = frecency.as_ref().map(|f| f.scores()).unwrap_or_default();
        self.searcher.set_ranking(self.ranking.clone());
        self.frecency = frecency;
        self.refilter();
    }

    /// Says on the status line where the last copy went.
    pub fn copied(&mut self, to: super::clipboard::Destination) {
        use super::clipboard::Destination;
        let s = self.lang.strings();
        let text = match to {
            Destination::Tmux => s.copied_tmux,
            Destination::Terminal => s.copied,
            Destination::TerminalThroughTmux => s.copied_passthrough,
        };
        self.message = Some(text(self.copied_rows));
    }

    /// Where keys are read now.
    pub fn mode(&self) -> Mode {
        if self.help {
            return Mode::Help;
        }
        if self.prompt.is_some() {
            return Mode::Prompt;
        }
        if self.ledger.form.is_some() {
            return Mode::Form;
        }
        if self.ledger.confirm.is_some() {
            return Mode::Confirm;
        }
        match self.screen {
            Screen::Meeting => Mode::Meeting,
            Screen::Timeline => Mode::Timeline,
            Screen::Progress => Mode::Progress,
            Screen::Task { .. } => Mode::Task,
            Screen::Matrix => Mode::Matrix,
            Screen::Main if self.focus == Focus::Search => Mode::Search,
            Screen::Main => Mode::Pane,
        }
    }

    /// The selected unit's index into `Model::units`.
    pub fn selected_unit(&self) -> Option<usize> {
        self.hits.get(self.selected).map(|h| h.unit)
    }

    /// The selected unit's tasks, grouped by document in document order: (task index, role).
    pub fn duties(&self) -> Vec<(usize, Role)> {
        let Some(u) = self.selected_unit().and_then(|i| self.model.units.get(i)) else {
            return Vec::new();
        };
        let ix = self.model.index();
        let mut out: Vec<(usize, Role)> = ix
            .duties(&u.id)
            .iter()
            .map(|&(i, role)| (i as usize, role))
            .collect();
        let doc_pos = |i: usize| {
            self.model
                .tasks
                .get(i)
                .and_then(|t| ix.document(&t.document))
        };
        out.sort_by_key(|&(i, _)| (doc_pos(i), i));
        out
    }

    pub fn update(&mut self, action: Action) {
        self.message = None;
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        if action == Action::Suspend {
            self.suspend = true;
            return;
        }
        // Keys that move or open act on the result of the query typed before them.
        if !matches!(
            action,
            Action::Insert(_) | Action::Backspace | Action::DeleteWord | Action::Escape
        ) {
            self.finish_search();
        }
        if self.help {
            match action {
                Action::Help | Action::Back => {
                    self.help = false;
                    self.help_scroll = 0;
                }
                Action::Up
                | Action::Down
                | Action::Top
                | Action::Bottom
                | Action::PageUp
                | Action::PageDown => {
                    let len = self.help_max_scroll.get() + 1;
                    self.help_scroll = step(self.help_scroll, len, action, self.page.get().max(1));
                }
                _ => {}
            }
            return;
        }
        if self.prompt.is_some() {
            self.prompt_update(action);
            return;
        }
        if self.update_ledger(action) {
            self.sync_ledger_view();
            return;
        }
        match action {
            Action::Mark => self.toggle_mark(),
            Action::Counterpart => self.jump_to_counterpart(),
            Action::Export => self.start_export(),
            Action::Scope => self.next_timeline_scope(),
            Action::Meeting => {
                self.screen = if self.screen == Screen::Meeting {
                    Screen::Main
                } else {
                    Screen::Meeting
                };
                self.meeting_row = 0;
            }
            Action::Timeline => {
                self.screen = if self.screen == Screen::Timeline {
                    Screen::Main
                } else {
                    Screen::Timeline
                };
            }
            Action::Help => self.help = true,
            Action::Insert(c) => {
                if !crate::extract::decode::is_unsafe(c) {
                    self.query.push(c);
                    self.refilter();
                }
            }
            Action::Backspace => {
                self.query.pop();
                self.refilter();
            }
            Action::DeleteWord => {
                self.query.clear();
                self.refilter();
            }
            Action::Escape => {
                if self.query.is_empty() {
                    self.focus = Focus::Units;
                } else {
                    self.query.clear();
                    self.refilter();
                }
            }
            Action::Search => {
                self.screen = Screen::Main;
                self.focus = Focus::Search;
            }
            Action::Matrix => {
                self.screen = if self.screen == Screen::Matrix {
                    Screen::Main
                } else {
                    Screen::Matrix
                };
            }
            Action::SearchKind => {
                self.search_kind = match self.search_kind {
                    SearchKind::Units => SearchKind::Tasks,
                    SearchKind::Tasks => SearchKind::Units,
                };
                self.focus = Focus::Search;
                self.refilter();
            }
            Action::NextPane if self.search_kind == SearchKind::Tasks => {
                // A task search has one list: Tab goes between it and the search line.
                self.focus = match self.focus {
                    Focus::Search => Focus::Units,
                    _ => Focus::Search,
                };
            }
            Action::NextPane => {
                self.focus = match self.focus {
                    Focus::Search => Focus::Units,
                    Focus::Units => Focus::Duties,
                    Focus::Duties => Focus::Search,
                };
            }
            Action::Back if !self.back.is_empty() => self.go_back(),
            Action::NextUnit => {
                if let Screen::Task { task, .. } = self.screen {
                    let n = self
                        .model
                        .tasks
                        .get(task)
                        .map_or(0, |t| t.assignments.len());
                    self.task_unit = if n == 0 { 0 } else { (self.task_unit + 1) % n };
                }
            }
            Action::Back => {
                let back_to = match self.screen {
                    Screen::Task { .. } => self.return_to.take(),
                    _ => None,
                };
                self.screen = match self.screen {
                    _ if back_to.is_some() => back_to.unwrap_or(Screen::Main),
                    Screen::Task {
                        from_matrix: true, ..
                    } => Screen::Matrix,
                    _ => Screen::Main,
                };
                self.task_scroll = 0;
            }
            Action::Open => self.open(),
            Action::Sort => {
                self.matrix.sort = match self.matrix.sort {
                    MatrixSort::Load => MatrixSort::Name,
                    MatrixSort::Name => MatrixSort::Load,
                };
                self.matrix.row = 0;
            }
            Action::Copy => {
                let rows = self.copy_rows();
                let s = self.lang.strings();
                self.copied_rows = rows.len().saturating_sub(1);
                // Until the event loop says where the text went (see `copied`).
                self.message = Some((s.copying)(self.copied_rows));
                self.clipboard = Some(rows.join("\n") + "\n");
            }
            Action::Collectives => {
                self.matrix.collectives = !self.matrix.collectives;
                self.matrix.row = 0;
            }
            Action::Lights => self.matrix.lights = !self.matrix.lights,
            Action::NextDocument => {
                let n = self.model.documents.len();
                self.matrix.document = match self.matrix.document {
                    None if n > 0 => Some(0),
                    Some(i) if i + 1 < n => Some(i + 1),
                    _ => None,
                };
                self.matrix.row = 0;
                self.matrix.col = 0;
            }
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => self.move_vertical(action),
            Action::Left | Action::Right => self.move_horizontal(action),
            Action::Original => self.original = !self.original,
            Action::Quit | Action::Suspend => {}
            Action::Record
            | Action::CloseOut
            | Action::Undo
            | Action::Progress
            | Action::Submit
            | Action::Confirm => {}
        }
        self.sync_ledger_view();
    }

    /// Pasted text goes into the query as typed text, minus anything a terminal would obey.
    pub fn paste(&mut self, text: &str) {
        if self.paste_into_form(text) {
            return;
        }
        self.focus = Focus::Search;
        self.screen = Screen::Main;
        self.query.extend(
            text.chars()
                .filter(|c| !crate::extract::decode::is_unsafe(*c)),
        );
        self.refilter();
    }

    /// What `y` copies, as tab-separated rows with a header: the selected unit's duties, the
    /// open task, or the matrix as shown.
    pub fn copy_rows(&self) -> Vec<String> {
        use super::clipboard::row;
        let s = self.lang.strings();
        let doc_title = |id: &str| {
            self.model
                .document(id)
                .map_or(id.to_string(), |d| d.title.clone())
        };
        // A date a spreadsheet reads as a date, days left as a number, then the phrase.
        let deadline = |t: &crate::model::Task| -> [String; 3] {
            let d = t.deadline.as_ref();
            [
                d.and_then(|d| d.due(self.today))
                    .map_or(String::new(), |x| x.format("%Y-%m-%d").to_string()),
                d.and_then(|d| d.days_left(self.today))
                    .map_or(String::new(), |n| n.to_string()),
                s.deadline_phrase(d),
            ]
        };
        match self.screen {
            Screen::Main => {
                let unit = self.selected_unit().and_then(|u| self.model.units.get(u));
                let w = crate::words::ledger_words(self.lang);
                let mut out = vec![row([
                    s.unit,
                    s.role,
                    s.task,
                    s.document,
                    s.due_date,
                    s.days_left_column,
                    s.deadline,
                    w.light,
                    w.status,
                ])];
                for (ti, role) in self.duties() {
                    if let (Some(u), Some(t)) = (unit, self.model.tasks.get(ti)) {
                        let [due, days, phrase] = deadline(t);
                        // Where it stands, as the row shows it: the light, and the status when a
                        // ledger is open.
                        let light = self.ledger.light(t, &u.id, self.today).word(self.lang);
                        let status = self
                            .ledger
                            .status(t, &u.id)
                            .map_or("", |st| st.word(self.lang));
                        out.push(row([
                            u.name.as_str(),
                            s.role(role),
                            &t.title_simplified,
                            &doc_title(&t.document),
                            &due,
                            &days,
                            &phrase,
                            light,
                            status,
                        ]));
                    }
                }
                out
            }
            Screen::Task { task, .. } => {
                let Some(t) = self.model.tasks.get(task) else {
                    return Vec::new();
                };
                let mut out = vec![row([
                    s.task,
                    s.unit,
                    s.role,
                    s.due_date,
                    s.days_left_column,
                    s.deadline,
                    s.document,
                    s.text,
                ])];
                let [due, days, phrase] = deadline(t);
                let text = match self.lang {
                    Lang::Zh => &t.text_simplified,
                    Lang::En => &t.text,
                };
                for a in &t.assignments {
                    out.push(row([
                        t.title_simplified.as_str(),
                        &a.unit,
                        s.role(a.role),
                        &due,
                        &days,
                        &phrase,
                        &doc_title(&t.document),
                        text,
                    ]));
                }
                out
            }
            Screen::Matrix => {
                let tasks = self.matrix_tasks();
                let mut head = vec![s.unit.to_string()];
                head.extend(
                    tasks
                        .iter()
                        .filter_map(|&t| self.model.tasks.get(t))
                        .map(|t| t.title_simplified.clone()),
                );
                let mut out = vec![row(head)];
                for u in self.matrix_units() {
                    let Some(unit) = self.model.units.get(u) else {
                        continue;
                    };
                    let mut cells = vec![unit.name.clone()];
                    for &t in &tasks {
                        let cell = self
                            .model
                            .tasks
                            .get(t)
                            .and_then(|t| self.matrix_cell(t, &unit.id));
                        cells.push(match cell {
                            Some(MatrixCell::Light(l)) => l.word(self.lang).to_string(),
                            Some(MatrixCell::Role(r)) => s.role(r).to_string(),
                            None => String::new(),
                        });
                    }
                    out.push(row(cells));
                }
                out
            }
            Screen::Meeting | Screen::Timeline => self.sheet_rows_for_copy(),
            Screen::Progress => self.progress_copy_rows(),
        }
    }

    /// The unit list for the query again, waited for: a step that then selects a unit in it
    /// (opening a partner, going back, a counterpart jump) must see the new list, not the one a
    /// background search is about to replace.
    pub(super) fn refilter_units_now(&mut self) {
        self.search_kind = SearchKind::Units;
        self.refilter();
        self.finish_search();
    }

    pub(super) fn refilter(&mut self) {
        if self.search_kind == SearchKind::Tasks && !self.searcher.has_tasks() {
            self.searcher.provide_tasks(TaskIndex::new(&self.model));
        }
        self.searcher.submit(self.search_kind, &self.query);
        if let Some(found) = self.searcher.take(Some(std::time::Duration::ZERO)) {
            self.apply(found);
        }
    }

    fn apply(&mut self, found: Found) {
        match found.kind {
            SearchKind::Units => {
                self.hits = found.units;
                self.selected = 0;
                self.duty = 0;
            }
            SearchKind::Tasks => {
                self.task_hits = found.tasks;
                self.task_selected = 0;
            }
        }
    }

    /// From now on searches run on a thread of their own (the dashboard's event loop).
    pub fn search_in_background(&mut self) {
        self.searcher.in_background();
    }

    /// Whether a search is running whose result is not shown yet.
    pub fn search_pending(&self) -> bool {
        self.searcher.pending()
    }

    /// Takes a finished search's result, waiting up to `wait`; whether anything changed.
    pub fn poll_search(&mut self, wait: std::time::Duration) -> bool {
        match self.searcher.take(Some(wait)) {
            Some(found) => {
                self.apply(found);
                true
            }
            None => false,
        }
    }

    /// Waits for the running search, if any, and shows its result.
    pub fn finish_search(&mut self) {
        if self.searcher.pending()
            && let Some(found) = self.searcher.take(None)
        {
            self.apply(found);
        }
    }

    fn open(&mut self) {
        // A task opened from the main view or the matrix returns there, whatever came before.
        if matches!(self.screen, Screen::Main | Screen::Matrix) {
            self.return_to = None;
        }
        match self.screen {
            Screen::Main if self.search_kind == SearchKind::Tasks => {
                if let Some(&(task, _)) = self.task_hits.get(self.task_selected) {
                    self.screen = Screen::Task {
                        task,
                        from_matrix: false,
                    };
                    self.task_scroll = 0;
                }
            }
            Screen::Main => match self.focus {
                Focus::Search | Focus::Units => {
                    if !self.duties().is_empty() {
                        self.focus = Focus::Duties;
                        self.duty = 0;
                        if let Some(u) = self.selected_unit() {
                            self.note_opened(u);
                        }
                    }
                }
                Focus::Duties => {
                    // Rows: own duties, then partners, then the counterparts' tasks.
                    let own = self.duties();
                    let partners = self.partners();
                    let task = match own.get(self.duty) {
                        Some(&(task, _)) => Some(task),
                        None => self
                            .duty
                            .checked_sub(own.len() + partners.len())
                            .and_then(|i| self.counterpart_duties().get(i).map(|c| c.task))
                            .and_then(|c| self.model.task_position(c)),
                    };
                    if let Some(task) = task {
                        self.screen = Screen::Task {
                            task,
                            from_matrix: false,
                        };
                        self.task_scroll = 0;
                        self.task_unit = 0;
                    } else if let Some(&u) = partners.get(self.duty.saturating_sub(own.len())) {
                        self.open_unit(u);
                    }
                }
            },
            Screen::Meeting | Screen::Timeline => {
                if let Some(task) = self.task_at_cursor() {
                    self.return_to = Some(self.screen);
                    self.screen = Screen::Task {
                        task,
                        from_matrix: false,
                    };
                    self.task_scroll = 0;
                }
            }
            Screen::Matrix => {
                if let Some(&task) = self.matrix_tasks().get(self.matrix.col) {
                    self.screen = Screen::Task {
                        task,
                        from_matrix: true,
                    };
                    self.task_scroll = 0;
                }
            }
            Screen::Progress => {}
            Screen::Task { task, .. } => {
                let unit = self
                    .model
                    .tasks
                    .get(task)
                    .and_then(|t| t.assignments.get(self.task_unit))
                    .and_then(|a| self.model.unit_position(&a.unit));
                if let Some(u) = unit {
                    self.open_unit(u);
                }
            }
        }
    }

    /// The selected unit's partners (index into `Model::units`), as the duties pane lists them
    /// after the duties: most shared tasks first.
    pub fn partners(&self) -> Vec<usize> {
        let Some(u) = self.selected_unit().and_then(|i| self.model.units.get(i)) else {
            return Vec::new();
        };
        self.model
            .partners(&u.id)
            .iter()
            .filter_map(|(p, _)| self.model.unit_position(&p.id))
            .collect()
    }

    /// Shows `unit`'s duties, remembering the current view for Back.
    pub fn open_unit(&mut self, unit: usize) {
        self.back.push(Place {
            query: self.query.clone(),
            unit: self.selected_unit(),
            duty: self.duty,
            focus: self.focus,
            screen: self.screen,
            task_scroll: self.task_scroll,
            task_unit: self.task_unit,
        });
        self.query.clear();
        self.refilter_units_now();
        self.selected = self.hits.iter().position(|h| h.unit == unit).unwrap_or(0);
        self.screen = Screen::Main;
        self.focus = Focus::Duties;
        self.duty = 0;
        self.note_opened(unit);
    }

    fn go_back(&mut self) {
        let Some(p) = self.back.pop() else { return };
        self.query = p.query;
        self.refilter_units_now();
        self.selected = self
            .hits
            .iter()
            .position(|h| Some(h.unit) == p.unit)
            .unwrap_or(0);
        self.duty = p.duty;
        self.focus = p.focus;
        self.screen = p.screen;
        self.task_scroll = p.task_scroll;
        self.task_unit = p.task_unit;
    }

    /// Counts an opened unit towards its ranking (see `prefs::Frecency`).
    fn note_opened(&mut self, unit: usize) {
        let Some(name) = self.model.units.get(unit).map(|u| u.name.clone()) else {
            return;
        };
        if let Some(f) = self.frecency.as_mut() {
            f.record(&name);
            self.ranking.opened = f.scores();
            self.searcher.set_ranking(self.ranking.clone());
        }
    }

    fn move_vertical(&mut self, action: Action) {
        let meeting_len = match self.screen {
            Screen::Meeting => App::meeting_rows(&self.meeting()).len(),
            Screen::Timeline => self.timeline_view(&self.timeline_scope()).len(),
            _ => 0,
        };
        let (pos, len): (&mut usize, usize) = match self.screen {
            Screen::Meeting => (&mut self.meeting_row, meeting_len),
            Screen::Timeline => (&mut self.timeline.row, meeting_len),
            Screen::Task { .. } => (&mut self.task_scroll, self.task_max_scroll.get() + 1),
            Screen::Progress => {
                let n = self.ledger.progress.max_scroll.get() + 1;
                (&mut self.ledger.progress.scroll, n)
            }
            Screen::Matrix => {
                let n = self.matrix_units().len();
                (&mut self.matrix.row, n)
            }
            Screen::Main if self.search_kind == SearchKind::Tasks => {
                (&mut self.task_selected, self.task_hits.len())
            }
            Screen::Main => match self.focus {
                Focus::Search | Focus::Units => (&mut self.selected, self.hits.len()),
                Focus::Duties => {
                    let n = self.duty_rows() + self.partners().len();
                    (&mut self.duty, n)
                }
            },
        };
        let before = *pos;
        *pos = step(*pos, len, action, self.page.get().max(1));
        if self.screen == Screen::Main
            && self.search_kind == SearchKind::Units
            && self.focus != Focus::Duties
            && *pos != before
        {
            self.duty = 0;
        }
    }

    fn move_horizontal(&mut self, action: Action) {
        let n = self.matrix_tasks().len();
        let as_vertical = if action == Action::Left {
            Action::Up
        } else {
            Action::Down
        };
        self.matrix.col = step(self.matrix.col, n, as_vertical, 1);
    }

    /// Tasks shown as matrix columns: those with units, in the chosen document.
    pub fn matrix_tasks(&self) -> Vec<usize> {
        let doc = self
            .matrix
            .document
            .and_then(|i| self.model.documents.get(i));
        self.model
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.assignments.is_empty() && doc.is_none_or(|d| d.id == t.document))
            .map(|(i, _)| i)
            .collect()
    }

    /// What the matrix shows for `unit` on `task`, drawn or copied alike: nothing when the unit
    /// has no role in it, else its role, or with lights on (L) its light.
    pub fn matrix_cell(&self, task: &crate::model::Task, unit: &str) -> Option<MatrixCell> {
        let a = task.assignments.iter().find(|a| a.unit == unit)?;
        Some(if self.matrix.lights {
            MatrixCell::Light(self.ledger.light(task, unit, self.today))
        } else {
            MatrixCell::Role(a.role)
        })
    }

    /// Units shown as matrix rows: those with a task among the columns, sorted as chosen.
    pub fn matrix_units(&self) -> Vec<usize> {
        // Each column's assignees counted once: linear in the assignments shown.
        let mut loads = vec![0usize; self.model.units.len()];
        let ix = self.model.index();
        for t in self.matrix_tasks() {
            let Some(task) = self.model.tasks.get(t) else {
                continue;
            };
            let mut seen: Vec<usize> = Vec::new();
            for a in &task.assignments {
                if let Some(u) = ix.unit(&a.unit)
                    && !seen.contains(&u)
                {
                    seen.push(u);
                    loads[u] += 1;
                }
            }
        }
        let mut rows: Vec<(usize, usize)> = loads
            .into_iter()
            .enumerate()
            .filter(|&(u, n)| n > 0 && (self.matrix.collectives || !self.model.units[u].collective))
            .collect();
        let key = |u: usize| crate::search::pinyin_sort_key(&self.model.units[u].name);
        match self.matrix.sort {
            MatrixSort::Load => rows.sort_by_cached_key(|&(u, n)| (std::cmp::Reverse(n), key(u))),
            MatrixSort::Name => rows.sort_by_cached_key(|&(u, _)| key(u)),
        }
        rows.into_iter().map(|(u, _)| u).collect()
    }
}

/// A cursor moved within `0..len` (clamped; an empty list stays at 0).
fn step(pos: usize, len: usize, action: Action, page: usize) -> usize {
    let last = len.saturating_sub(1);
    let next = match action {
        Action::Up => pos.saturating_sub(1),
        Action::Down => pos + 1,
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageUp => pos.saturating_sub(page),
        Action::PageDown => pos + page,
        _ => pos,
    };
    next.min(last)
}
