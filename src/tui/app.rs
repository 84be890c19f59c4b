//! The dashboard's state: what every screen shares, the screen stack and the overlay stack.
//! [`App::update`] gives each key to the overlay on top, else to the screen on top, and
//! carries out what they ask for ([`Command`]).

pub use super::command::{Focus, Screen};

use super::command::{Command, OpenTask, Toggled, WriteSheet};
use super::key_table::{Action, Mode};
use super::ledger_state::{Ask, LedgerState, ProgressForm};
use super::overlays::Overlay;
use super::overlays::export_prompt::ExportPrompt;
use super::overlays::help::HelpOverlay;
use super::overlays::progress_form::FormOverlay;
use super::overlays::question::Question;
use super::paint::{Theme, status_bar};
use super::screens::main::MainScreen;
use super::screens::matrix::MatrixScreen;
use super::screens::progress::ProgressRow;
use super::screens::task::TaskScreen;
use super::screens::{ScreenStack, ScreenState};
use super::shared::{CounterpartDuty, Shared};
use crate::export::{Format, WriteError, render, write_new};
use crate::ledger::Identity;
use crate::model::{Model, Role};
use crate::words::Lang;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::time::Duration;

mod first_frame;

pub struct App {
    /// The model, language, today, the ledger, the marked units: what every screen reads.
    shared: Shared,
    screens: ScreenStack,
    /// Help, the export prompt, the progress form, a question: over the screens, keys first.
    overlays: Vec<Overlay>,
    /// A one-line message for the status bar, until the next key.
    message: Option<String>,
    /// Text waiting to be sent to the terminal's clipboard (the event loop sends it), and how
    /// many rows it holds, for the message saying where they went.
    clipboard: Option<String>,
    copied_rows: usize,
    quit: bool,
    /// Ctrl-Z was pressed: the event loop hands the terminal back and stops.
    suspend: bool,
    /// The last frame was only the too-small notice: no view is seen, so `q` and Esc quit
    /// wherever the focus was (on the search line `q` would be typed, unseen).
    too_small: bool,
}

impl App {
    pub fn new(model: Model, lang: Lang, today: NaiveDate) -> App {
        let mut shared = Shared::new(model, lang, today);
        let main = MainScreen::new(&mut shared);
        App {
            shared,
            screens: ScreenStack::new(main),
            overlays: Vec::new(),
            message: None,
            clipboard: None,
            copied_rows: 0,
            quit: false,
            suspend: false,
            too_small: false,
        }
    }

    /// The dashboard with the ledger at `path` (None: no ledger path at all), written as the
    /// process's real user.
    pub fn with_ledger(self, path: Option<PathBuf>, warn_days: i64) -> App {
        self.with_ledger_as(path, warn_days, crate::ledger::identity::current())
    }

    /// As [`App::with_ledger`], writing as `who` (tests).
    pub fn with_ledger_as(mut self, path: Option<PathBuf>, warn_days: i64, who: Identity) -> App {
        let sh = &mut self.shared;
        sh.ledger = LedgerState::open(path, &sh.model, sh.lang, warn_days, who);
        self.message = sh
            .ledger
            .notice
            .clone()
            .or_else(|| sh.ledger.own_units_line(&sh.model, sh.today, sh.lang));
        self
    }

    /// The units the user writes for in the ledger rank first among equal matches, then the
    /// units they open most, then their own level.
    pub fn set_preferences(
        &mut self,
        home: Option<crate::model::Level>,
        frecency: Option<crate::prefs::Frecency>,
    ) {
        let member_of = self.shared.ledger.own_units();
        self.shared
            .search
            .set_preferences(home, frecency, member_of);
        if let Some(main) = self.screens.main_mut() {
            main.refilter(&mut self.shared);
        }
    }

    /// Where exported sheets go unless their name says otherwise.
    pub fn set_work_dir(&mut self, dir: PathBuf) {
        self.shared.work_dir = dir;
    }

    /// Marks the given units and opens the meeting view (for `--units`).
    pub fn open_meeting(&mut self, units: Vec<String>) {
        self.shared.marked = units;
        if let Some(main) = self.screens.main_mut() {
            main.set_focus(Focus::Units);
        }
        self.carry_out(Command::Toggle(Toggled::Meeting));
    }

    pub fn model(&self) -> &Model {
        &self.shared.model
    }

    pub fn lang(&self) -> Lang {
        self.shared.lang
    }

    pub fn today(&self) -> NaiveDate {
        self.shared.today
    }

    pub fn ledger(&self) -> &LedgerState {
        &self.shared.ledger
    }

    /// Units marked with Space, in the order marked (ids).
    pub fn marked(&self) -> &[String] {
        &self.shared.marked
    }

    /// The status bar's message, until the next key.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Puts a message on the status bar (the start-up's skipped files).
    pub fn say(&mut self, message: String) {
        self.message = Some(message);
    }

    /// The text the last `y` copied, until the event loop sends it.
    pub fn clipboard(&self) -> Option<&str> {
        self.clipboard.as_deref()
    }

    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    pub fn set_too_small(&mut self, too_small: bool) {
        self.too_small = too_small;
    }

    pub fn too_small(&self) -> bool {
        self.too_small
    }

    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// Whether Ctrl-Z asked to stop; asking clears it.
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    pub fn suspending(&self) -> bool {
        self.suspend
    }

    /// Which screen is on top.
    pub fn screen(&self) -> Screen {
        self.screens.top().map_or(Screen::Main, ScreenState::screen)
    }

    /// Where keys are read now: the overlay on top, else the screen on top.
    pub fn mode(&self) -> Mode {
        match (self.overlays.last(), self.screens.top()) {
            (Some(o), _) => o.mode(),
            (None, Some(s)) => s.mode(),
            (None, None) => Mode::Search,
        }
    }

    /// Whether the help overlay is open.
    pub fn help_open(&self) -> bool {
        self.overlays.iter().any(|o| matches!(o, Overlay::Help(_)))
    }

    /// The export prompt's file name, while it is open.
    pub fn export_prompt(&self) -> Option<&str> {
        self.overlays.iter().find_map(|o| match o {
            Overlay::Export(p) => Some(p.input()),
            _ => None,
        })
    }

    /// Whether the export asks before replacing the file its name points at.
    pub fn asks_to_overwrite(&self) -> bool {
        self.overlays
            .iter()
            .any(|o| matches!(o, Overlay::Question(q) if q.ask().is_none()))
    }

    /// The progress form, while it is open.
    pub fn progress_form(&self) -> Option<&ProgressForm> {
        self.overlays.iter().find_map(|o| match o {
            Overlay::Form(f) => Some(f.form()),
            _ => None,
        })
    }

    /// The close-out or undo question, while it is asked.
    pub fn question(&self) -> Option<&Ask> {
        self.overlays.iter().find_map(|o| match o {
            Overlay::Question(q) => q.ask(),
            _ => None,
        })
    }

    /// The main screen closest to the top: the one the search line and the selection are on.
    pub fn main_screen(&self) -> Option<&MainScreen> {
        self.screens.main()
    }

    pub fn focus(&self) -> Focus {
        self.main_screen().map_or(Focus::Search, MainScreen::focus)
    }

    pub fn query(&self) -> &str {
        self.main_screen().map_or("", MainScreen::query)
    }

    /// The selected unit's index into `Model::units`.
    pub fn selected_unit(&self) -> Option<usize> {
        self.main_screen().and_then(MainScreen::selected_unit)
    }

    /// The selected unit's tasks, grouped by document in document order: (task index, role).
    pub fn duties(&self) -> Vec<(usize, Role)> {
        self.shared.duties(self.selected_unit())
    }

    /// The selected unit's partners (index into `Model::units`), most shared tasks first.
    pub fn partners(&self) -> Vec<usize> {
        self.shared.partners(self.selected_unit())
    }

    /// The selected unit's counterparts' tasks, those above first.
    pub fn counterpart_duties(&self) -> Vec<CounterpartDuty<'_>> {
        self.shared.counterpart_duties(self.selected_unit())
    }

    /// The matrix's state: the one shown or put away, or a fresh one.
    fn matrix(&self) -> MatrixScreen {
        match self.screens.find(Toggled::Matrix) {
            Some(ScreenState::Matrix(x)) => x.clone(),
            _ => MatrixScreen::default(),
        }
    }

    /// Tasks shown as matrix columns.
    pub fn matrix_tasks(&self) -> Vec<usize> {
        self.matrix().tasks(&self.shared)
    }

    /// Units shown as matrix rows.
    pub fn matrix_units(&self) -> Vec<usize> {
        self.matrix().units(&self.shared)
    }

    /// Puts the matrix's cursor on a cell, when the matrix is on top.
    pub fn select_matrix_cell(&mut self, row: usize, col: usize) {
        if let Some(ScreenState::Matrix(x)) = self.screens.top_mut() {
            x.select(row, col);
        }
    }

    /// The progress view's bars, sorted as the progress screen sorts them.
    pub fn progress_rows(&self) -> (Vec<ProgressRow>, Vec<ProgressRow>) {
        let by_red = match self.screens.find(Toggled::Progress) {
            Some(ScreenState::Progress(p)) => p.by_red(),
            _ => false,
        };
        super::screens::progress::rows(&self.shared, by_red)
    }

    /// How far the progress screen on top is scrolled.
    pub fn progress_scroll(&self) -> usize {
        match self.screens.top() {
            Some(ScreenState::Progress(p)) => p.scroll(),
            _ => 0,
        }
    }

    /// Says on the status line where the last copy went.
    pub fn copied(&mut self, to: super::clipboard::Destination) {
        use super::clipboard::Destination;
        let s = self.shared.lang.strings();
        let text = match to {
            Destination::Tmux => s.copied_tmux,
            Destination::Terminal => s.copied,
            Destination::TerminalThroughTmux => s.copied_passthrough,
        };
        self.message = Some(text(self.copied_rows));
    }

    pub fn update(&mut self, action: Action) {
        self.message = None;
        match action {
            Action::Quit => return self.quit = true,
            Action::Suspend => return self.suspend = true,
            // Keys that move or open act on the result of the query typed before them.
            Action::Insert(_) | Action::Backspace | Action::DeleteWord | Action::Escape => {}
            _ => self.finish_search(),
        }
        let commands = match self.overlays.last_mut() {
            Some(overlay) => overlay.handle(action, &mut self.shared),
            None => self.screen_update(action),
        };
        for c in commands {
            self.carry_out(c);
        }
        self.sync_ledger_view();
    }

    /// The keys every screen shares; the rest go to the screen on top.
    fn screen_update(&mut self, action: Action) -> Vec<Command> {
        let sh = &mut self.shared;
        let Some(top) = self.screens.top_mut() else {
            return Vec::new();
        };
        let overlay = match action {
            Action::Help => Ok(Overlay::Help(HelpOverlay::for_mode(top.mode()))),
            // In the progress view `e` writes the 情况通报, a Word document unless the name says
            // otherwise.
            Action::Export if matches!(top, ScreenState::Progress(_)) => Ok(Overlay::Export(
                ExportPrompt::with_extension(&top.file_subject(sh), sh, "docx"),
            )),
            Action::Export => match top.sheet(sh) {
                Some(_) => Ok(Overlay::Export(ExportPrompt::new(
                    &top.file_subject(sh),
                    sh,
                ))),
                None => Err(sh.lang.meeting().no_marked.to_string()),
            },
            Action::Record => FormOverlay::open(sh, top.ledger_target(sh)).map(Overlay::Form),
            Action::CloseOut => {
                Question::close_out(sh, top.ledger_target(sh)).map(Overlay::Question)
            }
            Action::Undo => Question::undo(sh, top.ledger_target(sh)).map(Overlay::Question),
            Action::Matrix => return vec![Command::Toggle(Toggled::Matrix)],
            Action::Meeting => return vec![Command::Toggle(Toggled::Meeting)],
            Action::Timeline => return vec![Command::Toggle(Toggled::Timeline)],
            Action::Progress => return vec![Command::Toggle(Toggled::Progress)],
            Action::Search => return vec![Command::Search],
            Action::Back => return vec![Command::Back],
            _ => return top.handle(action, sh),
        };
        match overlay {
            Ok(o) => self.overlays.push(o),
            Err(m) => self.message = Some(m),
        }
        Vec::new()
    }

    fn carry_out(&mut self, command: Command) {
        match command {
            Command::Say(m) => self.message = Some(m),
            Command::Copy(rows) => {
                self.copied_rows = rows.len().saturating_sub(1);
                let s = self.shared.lang.strings();
                // Until the event loop says where the text went (see `copied`).
                self.message = Some((s.copying)(self.copied_rows));
                self.clipboard = Some(rows.join("\n") + "\n");
            }
            Command::Toggle(kind) => {
                let unit_below = self
                    .selected_unit()
                    .and_then(|u| self.shared.model.units.get(u))
                    .map(|u| u.id.clone());
                self.screens.toggle(kind, unit_below);
            }
            Command::Task(open) => {
                let unit = open.unit.or_else(|| self.selected_unit());
                let task = TaskScreen::new(OpenTask { unit, ..open }, &self.shared);
                self.screens.push(ScreenState::Task(task));
            }
            Command::Unit(u) => {
                let main = MainScreen::showing(&mut self.shared, u);
                self.screens.push(ScreenState::Main(main));
            }
            Command::Search => {
                self.screens.unwind_to_main();
                if let Some(main) = self.screens.main_mut() {
                    main.set_focus(Focus::Search);
                }
            }
            Command::Back => self.screens.back(),
            Command::CloseOverlay => {
                self.overlays.pop();
            }
            Command::CloseOverlays => self.overlays.clear(),
            Command::Write(w) => self.write_sheet(w),
        }
    }

    /// Pasted text goes into an open form's note, else into the search line as typed text.
    pub fn paste(&mut self, text: &str) {
        if let Some(o) = self.overlays.last_mut()
            && o.paste(text)
        {
            return;
        }
        self.screens.unwind_to_main();
        if let Some(main) = self.screens.main_mut() {
            main.paste(text, &mut self.shared);
        }
    }

    /// Writes the sheet on screen where the export prompt says; asks first when the file
    /// exists and may not be replaced.
    fn write_sheet(&mut self, write: WriteSheet) {
        let sh = &self.shared;
        let m = sh.lang.meeting();
        let fengong = matches!(self.screens.top(), Some(ScreenState::Meeting(_)))
            && write
                .path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(m.fengong_title));
        let made = if matches!(self.screens.top(), Some(ScreenState::Progress(_))) {
            super::report_files::report_file(sh, &write.path)
        } else {
            let Some(format) = Format::of_path(&write.path) else {
                self.message = Some(m.unknown_format.to_string());
                return;
            };
            if fengong {
                super::report_files::fengong_file(sh, format)
            } else {
                let Some(sheet) = self.screens.top().and_then(|s| s.sheet(sh)) else {
                    self.overlays.clear();
                    return;
                };
                let sheet = sh.with_ledger(sheet);
                let rows = sheet.rows.len();
                render(&sheet, format, sh.lang).map(|b| (b, rows.to_string()))
            }
        };
        let (bytes, rows) = match made {
            Ok(b) => b,
            Err(e) => {
                self.message = Some(format!("{}: {}", m.write_failed, crate::text::one_line(&e)));
                return;
            }
        };
        // The path joins the working folder, whose name nobody checked: sanitised, not only
        // made width-safe.
        let shown = crate::text::safe_line(&write.path.display().to_string());
        match write_new(&write.path, &bytes, write.replace) {
            Ok(()) => {
                self.overlays.clear();
                self.message = Some((m.written)(&shown, &rows));
            }
            Err(WriteError::Exists) => {
                let input = self.export_prompt().unwrap_or_default().to_string();
                self.overlays
                    .push(Overlay::Question(Question::Overwrite { write, input }));
            }
            Err(WriteError::Io(e)) => {
                self.message = Some(format!("{} {shown}: {e}", m.write_failed));
            }
        }
    }

    /// Keeps what the views need loaded: the open task's history.
    fn sync_ledger_view(&mut self) {
        let sh = &mut self.shared;
        if let Some(ScreenState::Task(t)) = self.screens.top()
            && let Some(id) = sh.model.tasks.get(t.task()).map(|t| t.id.clone())
            && sh.ledger.history_of(&id).is_none()
        {
            sh.ledger.load_history(&sh.model, &id);
        }
    }

    /// The probe the event loop calls when idle: whether the screen needs drawing again.
    pub fn refresh_ledger(&mut self) -> bool {
        if let Some(Overlay::Form(f)) = self.overlays.last_mut()
            && f.waiting()
        {
            let commands = f.retry(&mut self.shared);
            let said = !commands.is_empty();
            for c in commands {
                self.carry_out(c);
            }
            self.sync_ledger_view();
            if said {
                return true;
            }
        }
        let sh = &mut self.shared;
        let notice = sh.ledger.notice.clone();
        let changed = sh.ledger.probe(&sh.model, sh.lang);
        if changed && sh.ledger.notice != notice {
            self.message = sh.ledger.notice.clone();
        }
        changed
    }

    /// Reads the ledger's snapshot again (benchmarks).
    pub fn reload_ledger(&mut self) {
        let sh = &mut self.shared;
        sh.ledger.reload(&sh.model, sh.lang);
    }

    /// From now on searches run on a thread of their own (the dashboard's event loop).
    pub fn search_in_background(&mut self) {
        self.shared.search.in_background();
    }

    /// Builds the task search's index now (on the search thread once it runs), so that the
    /// switch to task search finds it ready.
    pub fn prepare_task_search(&mut self) {
        let sh = &mut self.shared;
        sh.search.prepare_tasks(&sh.model);
    }

    /// Whether a search is running whose result is not shown yet.
    pub fn search_pending(&self) -> bool {
        self.shared.search.pending()
    }

    /// Takes a finished search's result, waiting up to `wait`; whether anything changed.
    pub fn poll_search(&mut self, wait: Duration) -> bool {
        match self.shared.search.take(Some(wait)) {
            Some(found) => {
                if let Some(main) = self.screens.main_mut() {
                    main.apply(found);
                }
                true
            }
            None => false,
        }
    }

    /// Waits for the running search, if any, and shows its result.
    pub fn finish_search(&mut self) {
        if let Some(main) = self.screens.main_mut() {
            main.finish_search(&mut self.shared);
        }
    }

    /// Draws the screen on top, the overlays over it, and the status bar.
    pub fn draw(&mut self, frame: &mut Frame, body: Rect, status: Rect, theme: Theme) {
        let has_keys = self.overlays.is_empty();
        let sh = &self.shared;
        if let Some(top) = self.screens.top_mut() {
            top.draw(frame, body, sh, theme, has_keys);
        }
        for o in &mut self.overlays {
            o.draw(frame, body, sh, theme);
        }
        let written = self
            .overlays
            .last()
            .is_some_and(|o| o.draw_status(frame, status, sh, theme));
        if !written {
            let mode = self.mode();
            status_bar::draw(frame, status, mode, self.message(), sh.lang, theme);
        }
    }
}
