//! What screens and overlays ask of the dashboard, and the small types they share: a screen
//! changes its own state itself, and asks in a [`Command`] for anything beyond it (another
//! screen, an overlay, the status line, the clipboard). Below every screen, so no screen needs
//! the modules that dispatch to it.

use super::key_table::Action;

/// Which pane of the main screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Search,
    Units,
    Duties,
}

/// Which screen is on top, as tests and the dashboard's callers see it.
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

/// The screens a key opens over whatever is shown, and closes again when it is on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggled {
    Matrix,
    Meeting,
    Timeline,
    Progress,
}

/// A task to show in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenTask {
    /// Index into `Model::tasks`.
    pub task: usize,
    pub from_matrix: bool,
    /// The unit the ledger keys act for in the task view (index into `Model::units`): the
    /// matrix row it was opened from, or the unit selected on the main screen.
    pub unit: Option<usize>,
}

/// An export: the path named, and whether an existing file may be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteSheet {
    pub path: std::path::PathBuf,
    pub replace: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A one-line message for the status bar, until the next key.
    Say(String),
    /// Rows for the clipboard, the header first.
    Copy(Vec<String>),
    Toggle(Toggled),
    Task(OpenTask),
    /// A unit's duties (index into `Model::units`) on a main screen of their own.
    Unit(usize),
    /// The closest main screen's search line.
    Search,
    /// One step back: the screen on top goes.
    Back,
    /// The overlay on top goes.
    CloseOverlay,
    /// Every overlay goes (an export cancelled from its overwrite question).
    CloseOverlays,
    /// Writes the sheet on screen (the export prompt and its overwrite question).
    Write(WriteSheet),
}

/// A cursor moved within `0..len` (clamped; an empty list stays at 0).
pub fn step(pos: usize, len: usize, action: Action, page: usize) -> usize {
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

/// Whether an action moves a cursor up or down.
pub fn is_vertical(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown
    )
}
