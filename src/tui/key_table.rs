//! The key map, held as data: each binding has its keys, its action, the places it holds and a
//! description. This table alone says which key does what; the `keys` module reads it for key
//! handling, the status-bar hints and the help overlay.

use crate::words::KeyHelp;
use crossterm::event::KeyCode;

/// What the user asked for, whatever key said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Insert(char),
    Backspace,
    DeleteWord,
    /// Esc on the search line: clear the query, or leave the line when it is already empty.
    Escape,
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    NextPane,
    Search,
    Help,
    Matrix,
    Sort,
    Collectives,
    /// In the matrix: each cell's light (亮灯) instead of its role.
    Lights,
    Copy,
    NextDocument,
    /// Mark or unmark the selected unit for the meeting view.
    Mark,
    /// Jump to the selected unit's counterpart at another level.
    Counterpart,
    Meeting,
    Timeline,
    /// Open the export prompt for the sheet on screen.
    Export,
    /// Next timeline filter.
    Scope,
    /// In the task view: select the next unit (Enter opens its duties).
    NextUnit,
    /// In the task view: the text as the document writes it, or in the UI's script.
    Original,
    /// Ctrl-Z: hand the terminal back to the shell and stop, as less and vim do.
    Suspend,
    /// Open the progress form for the selected task and unit.
    Record,
    /// Ask to close out (销号) the selected task for the selected unit.
    CloseOut,
    /// Ask to undo the selected unit's latest record on the selected task.
    Undo,
    /// The progress view (挂图作战).
    Progress,
    /// Save the progress form.
    Submit,
    /// Yes to a confirmation.
    Confirm,
    /// Switch the search line between unit names and task text.
    SearchKind,
}

/// Where keys are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The search line has focus: printable keys are typed into it.
    Search,
    /// A list pane of the main view.
    Pane,
    Task,
    Matrix,
    Help,
    Meeting,
    Timeline,
    /// The export file-name line: printable keys are typed into it.
    Prompt,
    /// The progress form: printable keys are typed into its note.
    Form,
    /// A yes/no question (销号).
    Confirm,
    /// The progress view (挂图作战).
    Progress,
}

impl Mode {
    pub fn place(self) -> crate::words::Place {
        use crate::words::Place;
        match self {
            Mode::Search => Place::Search,
            Mode::Pane => Place::Lists,
            Mode::Task => Place::Task,
            Mode::Matrix => Place::Matrix,
            Mode::Help => Place::Help,
            Mode::Meeting => Place::Meeting,
            Mode::Timeline => Place::Timeline,
            Mode::Prompt => Place::Prompt,
            Mode::Form => Place::Form,
            Mode::Confirm => Place::Question,
            Mode::Progress => Place::Progress,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub modes: &'static [Mode],
    pub desc: KeyHelp,
    /// Shown in the status bar (the rest only in help).
    pub hint: bool,
}

use Key::{Char, Code, Ctrl};
use Mode::{
    Confirm as C, Form as F, Help as H, Matrix as X, Pane as P, Progress as W, Search as S,
    Task as T,
};
use Mode::{Meeting as MT, Prompt as PR, Timeline as TL};

const ALL: &[Mode] = &[S, P, T, X, H, MT, TL, PR, F, C, W];
const BROWSE: &[Mode] = &[P, T, X, H, MT, TL, W];

/// Every binding. Order matters twice: the first match wins, and help lists them in this order.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Ctrl('c')],
        action: Action::Quit,
        modes: ALL,
        desc: KeyHelp::Quit,
        hint: false,
    },
    Binding {
        keys: &[Ctrl('z')],
        action: Action::Suspend,
        modes: ALL,
        desc: KeyHelp::Suspend,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::F(1))],
        action: Action::Help,
        modes: ALL,
        desc: KeyHelp::Help,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::Up), Ctrl('p')],
        action: Action::Up,
        modes: &[S],
        desc: KeyHelp::Up,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::Down), Ctrl('n')],
        action: Action::Down,
        modes: &[S],
        desc: KeyHelp::Down,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Enter)],
        action: Action::Open,
        modes: &[S, P, T, X, MT, TL, PR],
        desc: KeyHelp::Open,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Esc)],
        action: Action::Escape,
        modes: &[S],
        desc: KeyHelp::ClearOrLeave,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Backspace)],
        action: Action::Backspace,
        modes: &[S, PR, F],
        desc: KeyHelp::Delete,
        hint: false,
    },
    Binding {
        keys: &[Ctrl('w'), Ctrl('u')],
        action: Action::DeleteWord,
        modes: &[S, PR],
        desc: KeyHelp::ClearQuery,
        hint: false,
    },
    Binding {
        keys: &[Ctrl('t'), Code(KeyCode::F(2))],
        action: Action::SearchKind,
        modes: &[S, P],
        desc: KeyHelp::SearchKind,
        // In help only: the status bar's hints at 80 columns stay as they were.
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::Tab)],
        action: Action::NextPane,
        modes: &[S, P],
        desc: KeyHelp::NextPane,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Tab)],
        action: Action::NextUnit,
        modes: &[T],
        desc: KeyHelp::NextUnit,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Tab)],
        action: Action::NextUnit,
        modes: &[MT, TL],
        desc: KeyHelp::RecordFor,
        hint: false,
    },
    Binding {
        keys: &[Char('o')],
        action: Action::Original,
        modes: &[T],
        desc: KeyHelp::Original,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        modes: BROWSE,
        desc: KeyHelp::Up,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        modes: BROWSE,
        desc: KeyHelp::Down,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Left), Char('h')],
        action: Action::Left,
        modes: &[X, F],
        desc: KeyHelp::Left,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::Right), Char('l')],
        action: Action::Right,
        modes: &[X, F],
        desc: KeyHelp::Right,
        hint: false,
    },
    Binding {
        keys: &[Char('g'), Code(KeyCode::Home)],
        action: Action::Top,
        modes: BROWSE,
        desc: KeyHelp::Top,
        hint: false,
    },
    Binding {
        keys: &[Char('G'), Code(KeyCode::End)],
        action: Action::Bottom,
        modes: BROWSE,
        desc: KeyHelp::Bottom,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::PageUp)],
        action: Action::PageUp,
        modes: &[S, P, T, X, H, MT, TL, W],
        desc: KeyHelp::PageUp,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::PageDown)],
        action: Action::PageDown,
        modes: &[S, P, T, X, H, MT, TL, W],
        desc: KeyHelp::PageDown,
        hint: false,
    },
    Binding {
        keys: &[Char('/'), Char('、')],
        action: Action::Search,
        modes: &[P, T, X, MT, TL, W],
        desc: KeyHelp::Search,
        hint: true,
    },
    Binding {
        keys: &[Char('s')],
        action: Action::Sort,
        modes: &[X],
        desc: KeyHelp::Sort,
        hint: true,
    },
    Binding {
        keys: &[Char('y')],
        action: Action::Copy,
        modes: &[P, T, X, MT, TL, W],
        desc: KeyHelp::Copy,
        hint: true,
    },
    Binding {
        keys: &[Char('c')],
        action: Action::Collectives,
        modes: &[X],
        desc: KeyHelp::Collectives,
        hint: false,
    },
    Binding {
        keys: &[Char('L')],
        action: Action::Lights,
        modes: &[X],
        desc: KeyHelp::Lights,
        hint: true,
    },
    Binding {
        keys: &[Char('d')],
        action: Action::NextDocument,
        modes: &[X],
        desc: KeyHelp::NextDocument,
        hint: true,
    },
    Binding {
        keys: &[Char('m')],
        action: Action::Matrix,
        modes: &[P, T, X, MT, TL, W],
        desc: KeyHelp::Matrix,
        hint: true,
    },
    Binding {
        keys: &[Char(' ')],
        action: Action::Mark,
        modes: &[P],
        desc: KeyHelp::Mark,
        hint: true,
    },
    // On the search line Space and M are typed into the query: Ctrl-k marks and Ctrl-g opens
    // the meeting there. Not Ctrl-Space, which switches the input method on many desktops,
    // nor Ctrl-b or Ctrl-a, tmux's and screen's prefixes.
    Binding {
        keys: &[Ctrl('k')],
        action: Action::Mark,
        modes: &[S],
        desc: KeyHelp::Mark,
        hint: true,
    },
    Binding {
        keys: &[Ctrl('g')],
        action: Action::Meeting,
        modes: &[S],
        desc: KeyHelp::Meeting,
        hint: true,
    },
    Binding {
        keys: &[Char('c')],
        action: Action::Counterpart,
        modes: &[P],
        desc: KeyHelp::Counterpart,
        hint: false,
    },
    Binding {
        keys: &[Char('M')],
        action: Action::Meeting,
        modes: &[P, T, X, MT, TL],
        desc: KeyHelp::Meeting,
        hint: false,
    },
    Binding {
        keys: &[Char('t')],
        action: Action::Timeline,
        modes: &[P, T, X, MT, TL],
        desc: KeyHelp::Timeline,
        hint: false,
    },
    Binding {
        keys: &[Char('f')],
        action: Action::Scope,
        modes: &[TL],
        desc: KeyHelp::Scope,
        hint: true,
    },
    Binding {
        keys: &[Char('e')],
        action: Action::Export,
        modes: &[P, X, MT, TL, W],
        desc: KeyHelp::Export,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Esc), Code(KeyCode::Backspace)],
        action: Action::Back,
        modes: &[P, T, X, H, MT, TL, W],
        desc: KeyHelp::Back,
        hint: true,
    },
    Binding {
        // In the file-name line Backspace edits the name; only Esc leaves it.
        keys: &[Code(KeyCode::Esc)],
        action: Action::Back,
        modes: &[PR],
        desc: KeyHelp::Cancel,
        hint: true,
    },
    Binding {
        keys: &[Char('r')],
        action: Action::Record,
        modes: &[P, T, X, MT, TL],
        desc: KeyHelp::Record,
        hint: true,
    },
    Binding {
        keys: &[Char('x')],
        action: Action::CloseOut,
        modes: &[P, T, X, MT, TL],
        desc: KeyHelp::CloseOut,
        hint: true,
    },
    Binding {
        keys: &[Char('u')],
        action: Action::Undo,
        modes: &[P, T, X, MT, TL],
        desc: KeyHelp::Undo,
        hint: false,
    },
    Binding {
        keys: &[Char('p')],
        action: Action::Progress,
        modes: &[P, T, X, W],
        desc: KeyHelp::Progress,
        hint: true,
    },
    Binding {
        keys: &[Char('s')],
        action: Action::Sort,
        modes: &[W],
        desc: KeyHelp::SortRed,
        hint: true,
    },
    Binding {
        keys: &[Char('?'), Char('？')],
        action: Action::Help,
        modes: &[P, T, X, H, MT, TL, W],
        desc: KeyHelp::Help,
        hint: true,
    },
    Binding {
        keys: &[Char('q')],
        action: Action::Quit,
        modes: &[P, T, X, H, MT, TL, W],
        desc: KeyHelp::Quit,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Enter)],
        action: Action::Submit,
        modes: &[F],
        desc: KeyHelp::Save,
        hint: true,
    },
    Binding {
        keys: &[Char('y'), Code(KeyCode::Enter)],
        action: Action::Confirm,
        modes: &[C],
        desc: KeyHelp::ConfirmYes,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Esc), Char('n')],
        action: Action::Back,
        modes: &[F, C],
        desc: KeyHelp::Cancel,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Up), Ctrl('p')],
        action: Action::Up,
        modes: &[F],
        desc: KeyHelp::StatusPrev,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::Down), Ctrl('n')],
        action: Action::Down,
        modes: &[F],
        desc: KeyHelp::StatusNext,
        hint: true,
    },
];
