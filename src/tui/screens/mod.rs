//! The screens, one state type each; the enum that holds any of them; and the screen stack.
//! Keys, drawing and copying go to the screen on top through here.

pub mod main;
pub mod matrix;
pub mod meeting;
pub mod progress;
pub mod standing;
pub mod task;
pub mod timeline;

use super::command::{Command, Screen, Toggled};
use super::key_table::{Action, Mode};
use super::paint::Theme;
use super::shared::Shared;
use crate::export::Sheet;
use main::MainScreen;
use matrix::MatrixScreen;
use meeting::MeetingScreen;
use progress::ProgressScreen;
use ratatui::Frame;
use ratatui::layout::Rect;
use task::TaskScreen;
use timeline::TimelineScreen;

pub enum ScreenState {
    Main(MainScreen),
    Task(TaskScreen),
    Matrix(MatrixScreen),
    Meeting(MeetingScreen),
    Timeline(TimelineScreen),
    Progress(ProgressScreen),
}

impl ScreenState {
    /// A fresh screen of a kind a key opens.
    fn toggled(kind: Toggled) -> ScreenState {
        match kind {
            Toggled::Matrix => ScreenState::Matrix(MatrixScreen::default()),
            Toggled::Meeting => ScreenState::Meeting(MeetingScreen::default()),
            Toggled::Timeline => ScreenState::Timeline(TimelineScreen::new(None)),
            Toggled::Progress => ScreenState::Progress(ProgressScreen::default()),
        }
    }

    pub fn screen(&self) -> Screen {
        match self {
            ScreenState::Main(_) => Screen::Main,
            ScreenState::Task(t) => t.screen(),
            ScreenState::Matrix(_) => Screen::Matrix,
            ScreenState::Meeting(_) => Screen::Meeting,
            ScreenState::Timeline(_) => Screen::Timeline,
            ScreenState::Progress(_) => Screen::Progress,
        }
    }

    /// Shown again by its key: the meeting starts at its top (the marks may have changed);
    /// the timeline offers the unit now selected below it.
    fn reopened(&mut self, unit_below: Option<String>) {
        match self {
            ScreenState::Meeting(m) => *m = MeetingScreen::default(),
            ScreenState::Timeline(t) => t.set_unit_below(unit_below),
            ScreenState::Progress(p) => p.set_unit(unit_below),
            _ => {}
        }
    }

    /// The kind a key toggles, for the screens a key toggles.
    pub fn kind(&self) -> Option<Toggled> {
        match self {
            ScreenState::Matrix(_) => Some(Toggled::Matrix),
            ScreenState::Meeting(_) => Some(Toggled::Meeting),
            ScreenState::Timeline(_) => Some(Toggled::Timeline),
            ScreenState::Progress(_) => Some(Toggled::Progress),
            ScreenState::Main(_) | ScreenState::Task(_) => None,
        }
    }

    /// Where keys are read while this screen is on top and no overlay is open.
    pub fn mode(&self) -> Mode {
        match self {
            ScreenState::Main(m) => m.mode(),
            ScreenState::Task(_) => Mode::Task,
            ScreenState::Matrix(_) => Mode::Matrix,
            ScreenState::Meeting(_) => Mode::Meeting,
            ScreenState::Timeline(_) => Mode::Timeline,
            ScreenState::Progress(_) => Mode::Progress,
        }
    }

    pub fn handle(&mut self, action: Action, sh: &mut Shared) -> Vec<Command> {
        match self {
            ScreenState::Main(m) => m.handle(action, sh),
            ScreenState::Task(t) => t.handle(action, sh),
            ScreenState::Matrix(x) => x.handle(action, sh),
            ScreenState::Meeting(m) => m.handle(action, sh),
            ScreenState::Timeline(t) => t.handle(action, sh),
            ScreenState::Progress(p) => p.handle(action, sh),
        }
    }

    /// Draws the screen; `has_keys` when no overlay is open over it.
    pub fn draw(
        &mut self,
        frame: &mut Frame,
        area: Rect,
        sh: &Shared,
        theme: Theme,
        has_keys: bool,
    ) {
        match self {
            ScreenState::Main(m) => m.draw(frame, area, sh, theme, has_keys),
            ScreenState::Task(t) => t.draw(frame, area, sh, theme),
            ScreenState::Matrix(x) => x.draw(frame, area, sh, theme),
            ScreenState::Meeting(m) => m.draw(frame, area, sh, theme),
            ScreenState::Timeline(t) => t.draw(frame, area, sh, theme),
            ScreenState::Progress(p) => p.draw(frame, area, sh, theme),
        }
    }

    /// The sheet of what is on screen, if there is one to write.
    pub fn sheet(&self, sh: &Shared) -> Option<Sheet> {
        match self {
            ScreenState::Main(m) => m.sheet(sh),
            ScreenState::Matrix(x) => x.sheet(sh),
            ScreenState::Meeting(m) => m.sheet(sh),
            ScreenState::Timeline(t) => t.sheet(sh),
            ScreenState::Task(_) | ScreenState::Progress(_) => None,
        }
    }

    /// What an export's file name says the sheet is.
    pub fn file_subject(&self, sh: &Shared) -> String {
        match self {
            ScreenState::Main(m) => m.file_subject(sh),
            ScreenState::Meeting(m) => m.file_subject(sh),
            ScreenState::Timeline(t) => t.file_subject(sh),
            ScreenState::Progress(_) => sh.lang.ledger_ui().report_file.to_string(),
            _ => sh.lang.strings().matrix.to_string(),
        }
    }

    /// The (task, unit) the ledger keys act on, as indexes into the model.
    pub fn ledger_target(&self, sh: &Shared) -> Option<(usize, usize)> {
        match self {
            ScreenState::Main(m) => m.ledger_target(sh),
            ScreenState::Task(t) => t.ledger_target(sh),
            ScreenState::Meeting(m) => m.ledger_target(sh),
            ScreenState::Timeline(t) => t.ledger_target(sh),
            ScreenState::Matrix(m) => m.ledger_target(sh),
            _ => None,
        }
    }
}

/// The screens shown, a main screen at the bottom; Esc and Backspace take the top one away,
/// one step back each time. The screens a key toggles (matrix, meeting, timeline, progress)
/// are kept when they go, and their key shows them again as they were left.
pub struct ScreenStack {
    /// Never empty: the bottom one is a main screen.
    shown: Vec<ScreenState>,
    /// Toggled screens taken off the stack, at most one of each kind.
    put_away: Vec<ScreenState>,
}

impl ScreenStack {
    pub fn new(main: MainScreen) -> ScreenStack {
        ScreenStack {
            shown: vec![ScreenState::Main(main)],
            put_away: Vec::new(),
        }
    }

    pub fn top(&self) -> Option<&ScreenState> {
        self.shown.last()
    }

    pub fn top_mut(&mut self) -> Option<&mut ScreenState> {
        self.shown.last_mut()
    }

    /// The screens shown, the bottom one first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &ScreenState> {
        self.shown.iter()
    }

    pub fn push(&mut self, screen: ScreenState) {
        self.shown.push(screen);
    }

    /// One step back; the main screen at the bottom stays.
    pub fn back(&mut self) {
        if self.shown.len() < 2 {
            return;
        }
        if let Some(gone) = self.shown.pop()
            && gone.kind().is_some()
        {
            self.put_away.retain(|s| s.kind() != gone.kind());
            self.put_away.push(gone);
        }
    }

    /// A key's screen: closed when it is on top; else back to it when it is on the stack, or
    /// brought back as it was left, or opened anew.
    pub fn toggle(&mut self, kind: Toggled, unit_below: Option<String>) {
        if self.top().and_then(ScreenState::kind) == Some(kind) {
            return self.back();
        }
        let from_meeting = self.top().map(ScreenState::screen) == Some(Screen::Meeting);
        if self.shown.iter().any(|s| s.kind() == Some(kind)) {
            while self.shown.len() > 1 && self.top().and_then(ScreenState::kind) != Some(kind) {
                self.back();
            }
        } else if let Some(at) = self.put_away.iter().position(|s| s.kind() == Some(kind)) {
            let screen = self.put_away.remove(at);
            self.shown.push(screen);
        } else {
            self.shown.push(ScreenState::toggled(kind));
        }
        if let Some(top) = self.shown.last_mut() {
            top.reopened(unit_below);
            // From a meeting, the timeline is the meeting's: its marked units' tasks.
            if let (ScreenState::Timeline(t), true) = (&mut *top, from_meeting) {
                t.show_marked();
            }
        }
    }

    /// Back to the main screen closest to the top.
    pub fn unwind_to_main(&mut self) {
        while self.shown.len() > 1 && !matches!(self.top(), Some(ScreenState::Main(_))) {
            self.back();
        }
    }

    /// The main screen closest to the top: the one the search line and the selection are on.
    pub fn main(&self) -> Option<&MainScreen> {
        self.shown.iter().rev().find_map(|s| match s {
            ScreenState::Main(m) => Some(m),
            _ => None,
        })
    }

    pub fn main_mut(&mut self) -> Option<&mut MainScreen> {
        self.shown.iter_mut().rev().find_map(|s| match s {
            ScreenState::Main(m) => Some(m),
            _ => None,
        })
    }

    /// A screen of a kind a key toggles, shown or put away.
    pub fn find(&self, kind: Toggled) -> Option<&ScreenState> {
        let mut all = self.shown.iter().rev().chain(self.put_away.iter());
        all.find(|s| s.kind() == Some(kind))
    }
}
