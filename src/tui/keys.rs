//! The key map, held as data: each binding has its keys, its action and a description, and the
//! same table feeds key handling, the status-bar hints and the help overlay.

use crate::i18n::KeyHelp;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
    Copy,
    NextDocument,
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
use Mode::{Help as H, Matrix as X, Pane as P, Search as S, Task as T};

const ALL: &[Mode] = &[S, P, T, X, H];
const BROWSE: &[Mode] = &[P, T, X];

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
        modes: &[S, P, X],
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
        modes: &[S],
        desc: KeyHelp::Delete,
        hint: false,
    },
    Binding {
        keys: &[Ctrl('w'), Ctrl('u')],
        action: Action::DeleteWord,
        modes: &[S],
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
        modes: &[X],
        desc: KeyHelp::Left,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::Right), Char('l')],
        action: Action::Right,
        modes: &[X],
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
        modes: &[S, P, T, X],
        desc: KeyHelp::PageUp,
        hint: false,
    },
    Binding {
        keys: &[Code(KeyCode::PageDown)],
        action: Action::PageDown,
        modes: &[S, P, T, X],
        desc: KeyHelp::PageDown,
        hint: false,
    },
    Binding {
        keys: &[Char('/'), Char('、')],
        action: Action::Search,
        modes: &[P, T, X],
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
        modes: &[P, T, X],
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
        keys: &[Char('d')],
        action: Action::NextDocument,
        modes: &[X],
        desc: KeyHelp::NextDocument,
        hint: true,
    },
    Binding {
        keys: &[Char('m')],
        action: Action::Matrix,
        modes: &[P, T, X],
        desc: KeyHelp::Matrix,
        hint: true,
    },
    Binding {
        keys: &[Code(KeyCode::Esc), Code(KeyCode::Backspace)],
        action: Action::Back,
        modes: &[T, X, H],
        desc: KeyHelp::Back,
        hint: true,
    },
    Binding {
        keys: &[Char('?'), Char('？')],
        action: Action::Help,
        modes: &[P, T, X, H],
        desc: KeyHelp::Help,
        hint: true,
    },
    Binding {
        keys: &[Char('q')],
        action: Action::Quit,
        modes: &[P, T, X, H],
        desc: KeyHelp::Quit,
        hint: true,
    },
];

/// The action a key means in a mode. On the search line, printable keys are text first.
pub fn action_for(mode: Mode, ev: KeyEvent) -> Option<Action> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let key = match ev.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        code => Key::Code(code),
    };
    if mode == Mode::Search
        && let Key::Char(c) = key
    {
        return Some(Action::Insert(c));
    }
    BINDINGS
        .iter()
        .find(|b| b.modes.contains(&mode) && b.keys.contains(&key))
        .map(|b| b.action)
}

/// How a key is written in hints and help.
pub fn label(key: Key) -> String {
    match key {
        Key::Char(' ') => "Space".into(),
        Key::Char(c) => c.to_string(),
        Key::Ctrl(c) => format!("Ctrl-{c}"),
        Key::Code(code) => match code {
            // Words, not arrows: arrows are ambiguous-width and would shift the status bar.
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        },
    }
}

/// The bindings of one mode, for hints (`hint_only`) or help.
pub fn bindings_for(mode: Mode, hint_only: bool) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| b.modes.contains(&mode) && (!hint_only || b.hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn search_line_takes_printable_keys_first() {
        assert_eq!(
            action_for(Mode::Search, key(KeyCode::Char('q'))),
            Some(Action::Insert('q'))
        );
        assert_eq!(
            action_for(Mode::Search, key(KeyCode::Char('/'))),
            Some(Action::Insert('/'))
        );
        assert_eq!(
            action_for(Mode::Pane, key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
    }

    #[test]
    fn ime_punctuation_and_control_keys() {
        assert_eq!(
            action_for(Mode::Pane, key(KeyCode::Char('、'))),
            Some(Action::Search)
        );
        assert_eq!(
            action_for(Mode::Pane, key(KeyCode::Char('？'))),
            Some(Action::Help)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for m in [
            Mode::Search,
            Mode::Pane,
            Mode::Task,
            Mode::Matrix,
            Mode::Help,
        ] {
            assert_eq!(action_for(m, ctrl_c), Some(Action::Quit));
            assert_eq!(action_for(m, key(KeyCode::F(1))), Some(Action::Help));
        }
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Mode::Search, ctrl_n), Some(Action::Down));
    }

    #[test]
    fn every_mode_has_hints() {
        for m in [
            Mode::Search,
            Mode::Pane,
            Mode::Task,
            Mode::Matrix,
            Mode::Help,
        ] {
            assert!(bindings_for(m, true).count() > 0, "{m:?}");
        }
    }
}
