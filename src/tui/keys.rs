//! Reading the key map ([`super::key_table`]): the action a key means where the keys are read,
//! how a key is written, and which bindings the status bar and help show.

pub use super::key_table::{Action, BINDINGS, Binding, Key, Mode};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Help's text for a binding: what it does, and where, when one of its keys does something
/// else elsewhere and this binding holds in one or two places (Tab 切换窗格（搜索/列表）,
/// Tab 选择单位（任务）). A binding of every browsing view is the rule the others except.
pub fn help_text(b: &Binding, lang: crate::words::Lang) -> String {
    let what = lang.key_help(b.desc);
    let shared = BINDINGS
        .iter()
        .any(|o| lang.key_help(o.desc) != what && o.keys.iter().any(|k| b.keys.contains(k)));
    if !shared || b.modes.len() > 2 {
        return what.to_string();
    }
    let s = lang.strings();
    let places: Vec<&str> = b.modes.iter().map(|m| lang.place(m.place())).collect();
    format!(
        "{what}{}{}{}",
        s.open_paren,
        places.join("/"),
        s.close_paren
    )
}

/// The action a key means in a mode. On the search line, printable keys are text first.
pub fn action_for(mode: Mode, ev: KeyEvent) -> Option<Action> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let key = match ev.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        code => Key::Code(code),
    };
    if matches!(mode, Mode::Search | Mode::Prompt | Mode::Form)
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
    // On the search line `q` and `?` are text: say there how to leave and get help instead.
    let search_way_out =
        move |b: &Binding| mode == Mode::Search && matches!(b.action, Action::Quit | Action::Help);
    BINDINGS
        .iter()
        .filter(move |b| b.modes.contains(&mode) && (!hint_only || b.hint || search_way_out(b)))
}

#[cfg(test)]
mod tests {
    use super::Key::Code;
    use crate::words::KeyHelp;

    #[test]
    fn help_names_the_place_of_a_key_that_does_different_things() {
        use crate::words::Lang;
        let texts: Vec<String> = BINDINGS
            .iter()
            .filter(|b| b.keys.contains(&Code(KeyCode::Tab)))
            .map(|b| help_text(b, Lang::Zh))
            .collect();
        assert_eq!(
            texts,
            [
                "切换窗格（搜索/列表）",
                "选择单位（任务）",
                "换记录单位（会议/时间）"
            ]
        );
        let up: Vec<String> = BINDINGS
            .iter()
            .filter(|b| b.keys.contains(&Code(KeyCode::Up)))
            .map(|b| help_text(b, Lang::En))
            .collect();
        // Every browsing view's Up is the rule; the search line's and the form's are named.
        assert_eq!(up, ["up (search)", "up", "previous status (form)"]);
        let quit = BINDINGS.iter().find(|b| b.desc == KeyHelp::Quit);
        assert_eq!(
            quit.map(|b| help_text(b, Lang::Zh)).as_deref(),
            Some("退出")
        );
    }

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
        let search: Vec<Action> = bindings_for(Mode::Search, true).map(|b| b.action).collect();
        assert!(search.contains(&Action::Quit) && search.contains(&Action::Help));
    }

    /// Features added side by side must not claim the same key in the same mode: the first
    /// binding would silently win.
    #[test]
    fn no_key_means_two_things_in_one_mode() {
        let mut clashes = Vec::new();
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                for m in a.modes.iter().filter(|m| b.modes.contains(m)) {
                    for k in a.keys.iter().filter(|k| b.keys.contains(k)) {
                        clashes.push(format!("{k:?} in {m:?}: {:?} and {:?}", a.action, b.action));
                    }
                }
            }
        }
        assert!(clashes.is_empty(), "{}", clashes.join("\n"));
    }
}
