//! The main screen: the search line, the unit list (or the tasks a task search found) and the
//! selected unit's duties, partners and counterparts' tasks. Opening a partner puts a main
//! screen of its own on the stack, so Back returns to this one as it was.

mod draw;
mod duties;
mod task_search;

use crate::export::Sheet;
use crate::search::UnitHit;
use crate::tui::command::{Command, Focus, OpenTask, is_vertical, step};
use crate::tui::key_table::{Action, Mode};
use crate::tui::searcher::{Found, SearchKind};
use crate::tui::shared::Shared;

pub struct MainScreen {
    /// Whether the search line finds units or tasks.
    search_kind: SearchKind,
    query: String,
    hits: Vec<UnitHit>,
    /// Index into `hits`.
    selected: usize,
    /// Tasks found by a task search: (task index, score), best first.
    task_hits: Vec<(usize, i64)>,
    /// Index into `task_hits`.
    task_selected: usize,
    focus: Focus,
    /// Index into the duties pane's rows: the selected unit's duties, then its partners, then
    /// its counterparts' tasks.
    duty: usize,
    /// The unit the last counterpart jump came from.
    jumped_from: Option<String>,
    /// Rows a page moves, recorded from the last drawn height.
    page: usize,
}

impl MainScreen {
    /// Every unit, the search line focused.
    pub fn new(sh: &mut Shared) -> MainScreen {
        let mut main = MainScreen {
            search_kind: SearchKind::Units,
            query: String::new(),
            hits: Vec::new(),
            selected: 0,
            task_hits: Vec::new(),
            task_selected: 0,
            focus: Focus::Search,
            duty: 0,
            jumped_from: None,
            page: 10,
        };
        main.refilter_units_now(sh);
        main
    }

    /// `unit`'s duties (index into `Model::units`), with every unit listed.
    pub fn showing(sh: &mut Shared, unit: usize) -> MainScreen {
        let mut main = MainScreen::new(sh);
        main.selected = main.hits.iter().position(|h| h.unit == unit).unwrap_or(0);
        main.focus = Focus::Duties;
        main.note_opened(sh, unit);
        main
    }

    pub fn mode(&self) -> Mode {
        if self.focus == Focus::Search {
            Mode::Search
        } else {
            Mode::Pane
        }
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn hits(&self) -> &[UnitHit] {
        &self.hits
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn duty(&self) -> usize {
        self.duty
    }

    pub fn search_kind(&self) -> SearchKind {
        self.search_kind
    }

    pub fn task_hits(&self) -> &[(usize, i64)] {
        &self.task_hits
    }

    pub fn task_selected(&self) -> usize {
        self.task_selected
    }

    /// The selected unit's index into `Model::units`.
    pub fn selected_unit(&self) -> Option<usize> {
        self.hits.get(self.selected).map(|h| h.unit)
    }

    /// Keys go to the search line (`/`, a paste, the meeting opened from the command line
    /// leaves it for the list).
    pub fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
    }

    pub fn handle(&mut self, action: Action, sh: &mut Shared) -> Vec<Command> {
        match action {
            Action::Insert(c) if !crate::extract::decode::is_unsafe(c) => {
                self.query.push(c);
                self.refilter(sh);
            }
            Action::Backspace => {
                self.query.pop();
                self.refilter(sh);
            }
            Action::DeleteWord => {
                self.query.clear();
                self.refilter(sh);
            }
            Action::Escape => {
                if self.query.is_empty() {
                    self.focus = Focus::Units;
                } else {
                    self.query.clear();
                    self.refilter(sh);
                }
            }
            Action::SearchKind => {
                self.search_kind = match self.search_kind {
                    SearchKind::Units => SearchKind::Tasks,
                    SearchKind::Tasks => SearchKind::Units,
                };
                self.focus = Focus::Search;
                self.refilter(sh);
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
            Action::Mark => return self.toggle_mark(sh),
            Action::Counterpart => return self.jump_to_counterpart(sh),
            Action::Open => return self.open(sh),
            Action::Copy => return vec![Command::Copy(self.copy_rows(sh))],
            a if is_vertical(a) => self.move_vertical(a, sh),
            _ => {}
        }
        Vec::new()
    }

    /// Pasted text goes into the query as typed text, minus anything a terminal would obey.
    pub fn paste(&mut self, text: &str, sh: &mut Shared) {
        self.focus = Focus::Search;
        self.query.extend(
            text.chars()
                .filter(|c| !crate::extract::decode::is_unsafe(*c)),
        );
        self.refilter(sh);
    }

    fn open(&mut self, sh: &mut Shared) -> Vec<Command> {
        let task = |task| {
            vec![Command::Task(OpenTask {
                task,
                from_matrix: false,
                unit: self.selected_unit(),
            })]
        };
        if self.search_kind == SearchKind::Tasks {
            return match self.task_hits.get(self.task_selected) {
                Some(&(t, _)) => task(t),
                None => Vec::new(),
            };
        }
        match self.focus {
            Focus::Search | Focus::Units => {
                if !sh.duties(self.selected_unit()).is_empty() {
                    self.focus = Focus::Duties;
                    self.duty = 0;
                    if let Some(u) = self.selected_unit() {
                        self.note_opened(sh, u);
                    }
                }
                Vec::new()
            }
            Focus::Duties => {
                // Rows: own duties, then partners, then the counterparts' tasks.
                let unit = self.selected_unit();
                let own = sh.duties(unit);
                let partners = sh.partners(unit);
                let found = match own.get(self.duty) {
                    Some(&(t, _)) => Some(t),
                    None => self
                        .duty
                        .checked_sub(own.len() + partners.len())
                        .and_then(|i| sh.counterpart_duty(unit, i).map(|c| c.task))
                        .and_then(|c| sh.model.task_position(c)),
                };
                if let Some(t) = found {
                    task(t)
                } else if let Some(&u) = partners.get(self.duty.saturating_sub(own.len())) {
                    vec![Command::Unit(u)]
                } else {
                    Vec::new()
                }
            }
        }
    }

    fn move_vertical(&mut self, action: Action, sh: &Shared) {
        let page = self.page.max(1);
        if self.search_kind == SearchKind::Tasks {
            self.task_selected = step(self.task_selected, self.task_hits.len(), action, page);
            return;
        }
        match self.focus {
            Focus::Search | Focus::Units => {
                let before = self.selected;
                self.selected = step(self.selected, self.hits.len(), action, page);
                if self.selected != before {
                    self.duty = 0;
                }
            }
            Focus::Duties => {
                let unit = self.selected_unit();
                let n =
                    sh.duties(unit).len() + sh.counterpart_count(unit) + sh.partners(unit).len();
                self.duty = step(self.duty, n, action, page);
            }
        }
    }

    /// Marks or unmarks the selected unit.
    fn toggle_mark(&mut self, sh: &mut Shared) -> Vec<Command> {
        let Some(id) = self
            .selected_unit()
            .and_then(|i| sh.model.units.get(i))
            .map(|u| u.id.clone())
        else {
            return Vec::new();
        };
        if let Some(at) = sh.marked.iter().position(|m| *m == id) {
            sh.marked.remove(at);
        } else {
            sh.marked.push(id);
        }
        let m = sh.lang.meeting();
        vec![Command::Say((m.marked_n)(sh.marked.len()))]
    }

    /// Jumps the selection to the selected unit's counterpart; again, to the next one.
    fn jump_to_counterpart(&mut self, sh: &mut Shared) -> Vec<Command> {
        let m = sh.lang.meeting();
        let Some(unit) = self
            .selected_unit()
            .and_then(|i| sh.model.units.get(i))
            .map(|u| u.id.clone())
        else {
            return Vec::new();
        };
        let list = sh.counterparts.of(&unit);
        if list.is_empty() {
            return vec![Command::Say(m.no_counterpart.to_string())];
        }
        // Coming back from a jump, go on to the next counterpart rather than straight back.
        let start = self
            .jumped_from
            .as_ref()
            .and_then(|from| list.iter().position(|(_, p)| p.other(&unit) == from))
            .map_or(0, |i| (i + 1) % list.len());
        let Some((_, pair)) = list.get(start) else {
            return Vec::new();
        };
        let target = pair.other(&unit).to_string();
        let how = m.how(&pair.how);
        let Some(ti) = sh.model.unit_position(&target) else {
            return Vec::new();
        };
        if !self.hits.iter().any(|h| h.unit == ti) {
            self.query.clear();
            self.refilter_units_now(sh);
        }
        if let Some(pos) = self.hits.iter().position(|h| h.unit == ti) {
            self.selected = pos;
            self.duty = 0;
        }
        if self.focus == Focus::Search {
            self.focus = Focus::Units;
        }
        self.jumped_from = Some(unit);
        vec![Command::Say(format!("→ {target}（{how}）"))]
    }

    fn note_opened(&self, sh: &mut Shared, unit: usize) {
        if let Some(name) = sh.model.units.get(unit).map(|u| u.name.clone()) {
            sh.search.note_opened(&name);
        }
    }

    /// The unit list for the query again, waited for: a step that then selects a unit in it
    /// (opening a partner, a counterpart jump) must see the new list, not the one a
    /// background search is about to replace.
    fn refilter_units_now(&mut self, sh: &mut Shared) {
        self.search_kind = SearchKind::Units;
        self.refilter(sh);
        self.finish_search(sh);
    }

    pub fn refilter(&mut self, sh: &mut Shared) {
        sh.search.submit(&sh.model, self.search_kind, &self.query);
        if let Some(found) = sh.search.take(Some(std::time::Duration::ZERO)) {
            self.apply(found);
        }
    }

    /// Back on this screen after one above it: the list for the query as the ranking now
    /// orders it, the same unit still selected.
    pub fn resume(&mut self, sh: &mut Shared) {
        let (unit, duty) = (self.selected_unit(), self.duty);
        self.refilter(sh);
        self.finish_search(sh);
        self.selected = self
            .hits
            .iter()
            .position(|h| Some(h.unit) == unit)
            .unwrap_or(0);
        self.duty = duty;
    }

    /// Waits for the running search, if any, and shows its result.
    pub fn finish_search(&mut self, sh: &mut Shared) {
        if sh.search.pending()
            && let Some(found) = sh.search.take(None)
        {
            self.apply(found);
        }
    }

    pub fn apply(&mut self, found: Found) {
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

    /// The (task, unit) the ledger keys act on: the selected duty of the selected unit.
    pub fn ledger_target(&self, sh: &Shared) -> Option<(usize, usize)> {
        if self.focus != Focus::Duties {
            return None;
        }
        let unit = self.selected_unit()?;
        let task = sh.duties(Some(unit)).get(self.duty).map(|&(t, _)| t)?;
        Some((task, unit))
    }

    /// The selected unit's duty sheet.
    pub fn sheet(&self, sh: &Shared) -> Option<Sheet> {
        let unit = self.selected_unit().and_then(|i| sh.model.units.get(i))?;
        Some(crate::export::unit_sheet(
            &sh.model,
            &sh.counterparts,
            &unit.id,
            sh.lang,
            sh.today,
        ))
    }

    /// What the export's file name says the sheet is.
    pub fn file_subject(&self, sh: &Shared) -> String {
        let m = sh.lang.meeting();
        let name = self
            .selected_unit()
            .and_then(|i| sh.model.units.get(i))
            .map_or(String::new(), |u| u.name.clone());
        format!("{}-{name}", m.duty_sheet)
    }

    /// What `y` copies: the unit's duty sheet, in the columns every sheet and every view's
    /// copy share (due date, days left, light, status and latest note among them).
    pub fn copy_rows(&self, sh: &Shared) -> Vec<String> {
        crate::tui::clipboard::sheet_rows(sh, self.sheet(sh))
    }
}
