//! The grammar, sequence by sequence.

use super::*;

fn codes(events: &[Event]) -> Vec<(KeyCode, KeyModifiers)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Key(k) => Some((k.code, k.modifiers)),
            _ => None,
        })
        .collect()
}

const NONE: KeyModifiers = KeyModifiers::NONE;

#[test]
fn two_escs_together_are_two_escs() {
    let mut p = Parser::default();
    let mut got = p.feed(b"\x1b\x1b");
    assert!(p.pending(), "the second may start a sequence");
    got.extend(p.flush());
    assert_eq!(codes(&got), [(KeyCode::Esc, NONE), (KeyCode::Esc, NONE)]);
    // And an arrow right after an Esc is an Esc and an arrow.
    let got = p.feed(b"\x1b\x1b[A");
    assert_eq!(codes(&got), [(KeyCode::Esc, NONE), (KeyCode::Up, NONE)]);
}

#[test]
fn esc_and_a_key_together_are_the_two_keys() {
    let mut p = Parser::default();
    let got = p.feed("\x1bq\x1b民\x1b\x15".as_bytes());
    assert_eq!(
        codes(&got),
        [
            (KeyCode::Esc, NONE),
            (KeyCode::Char('q'), NONE),
            (KeyCode::Esc, NONE),
            (KeyCode::Char('民'), NONE),
            (KeyCode::Esc, NONE),
            (KeyCode::Char('u'), KeyModifiers::CONTROL),
        ]
    );
    assert!(!p.pending());
    // Nothing the reader gives is an Alt key unless the terminal said Alt in a sequence.
    let got = p.feed(b"\x1b\x1bm\x1b[1;3A");
    assert_eq!(
        codes(&got),
        [
            (KeyCode::Esc, NONE),
            (KeyCode::Esc, NONE),
            (KeyCode::Char('m'), NONE),
            (KeyCode::Up, KeyModifiers::ALT),
        ]
    );
}

fn kinds(events: &[Event]) -> Vec<KeyEventKind> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Key(k) => Some(k.kind),
            _ => None,
        })
        .collect()
}

#[test]
fn kitty_keys() {
    let mut p = Parser::default();
    // Esc, Ctrl-U, Shift-g as the base key only, with the shifted key, with its text; a
    // release; F5 and keypad Enter; Enter, Tab, Backspace; Shift-Tab.
    let got = p.feed(
        b"\x1b[27u\x1b[117;5u\x1b[103;2u\x1b[109:77;2u\x1b[63;2;65311u\x1b[27;1:3u\
          \x1b[15~\x1b[57414u\x1b[13u\x1b[9u\x1b[127u\x1b[9;2u",
    );
    let ctrl = KeyModifiers::CONTROL;
    assert_eq!(
        codes(&got),
        [
            (KeyCode::Esc, NONE),
            (KeyCode::Char('u'), ctrl),
            (KeyCode::Char('G'), NONE),
            (KeyCode::Char('M'), NONE),
            (KeyCode::Char('？'), NONE),
            (KeyCode::Esc, NONE),
            (KeyCode::F(5), NONE),
            (KeyCode::Enter, NONE),
            (KeyCode::Enter, NONE),
            (KeyCode::Tab, NONE),
            (KeyCode::Backspace, NONE),
            (KeyCode::BackTab, KeyModifiers::SHIFT),
        ]
    );
    assert_eq!(kinds(&got)[5], KeyEventKind::Release);
    // Arrows with kitty's event type; a repeat; a modifier key pressed alone is no key;
    // the reply to a query of the protocol's flags is no key either.
    let got = p.feed(b"\x1b[1;1:3A\x1b[1;5:2B\x1b[57441;2u\x1b[?1u\x1b[3~");
    assert_eq!(
        codes(&got),
        [
            (KeyCode::Up, NONE),
            (KeyCode::Down, ctrl),
            (KeyCode::Delete, NONE)
        ]
    );
    assert_eq!(
        kinds(&got),
        [
            KeyEventKind::Release,
            KeyEventKind::Repeat,
            KeyEventKind::Press
        ]
    );
    // xterm's modifyOtherKeys, as tmux's extended-keys sends it: Ctrl-U and Esc.
    let got = p.feed(b"\x1b[27;5;117~\x1b[27;1;27~");
    assert_eq!(
        codes(&got),
        [(KeyCode::Char('u'), ctrl), (KeyCode::Esc, NONE)]
    );
    // Malformed or truncated parameters are skipped, never a panic.
    let got = p.feed(b"\x1b[;;u\x1b[27~\x1b[27;5~\x1b[99999999999u\x1b[1114112ux");
    assert_eq!(codes(&got), [(KeyCode::Char('x'), NONE)]);
}

#[test]
fn focus_and_mouse() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut p = Parser::default();
    let got = p.feed(b"\x1b[I\x1b[O\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<65;1;1M\x1b[<20;3;4M");
    let at = |kind, column, row, modifiers| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers,
        })
    };
    assert_eq!(
        got,
        [
            Event::FocusGained,
            Event::FocusLost,
            at(MouseEventKind::Down(MouseButton::Left), 9, 4, NONE),
            at(MouseEventKind::Up(MouseButton::Left), 9, 4, NONE),
            at(MouseEventKind::ScrollDown, 0, 0, NONE),
            at(
                MouseEventKind::Down(MouseButton::Left),
                2,
                3,
                KeyModifiers::SHIFT | KeyModifiers::CONTROL
            ),
        ]
    );
    // A legacy mouse report, split across reads, is no text.
    assert!(p.feed(b"\x1b[M ").is_empty());
    assert_eq!(codes(&p.feed(b"!!x")), [(KeyCode::Char('x'), NONE)]);
}

#[test]
fn keys_sequences_text_and_paste() {
    let mut p = Parser::default();
    let got = p.feed("a卫\r\t\x7f\x03\x1aOP".as_bytes());
    assert_eq!(
        codes(&got),
        [
            (KeyCode::Char('a'), NONE),
            (KeyCode::Char('卫'), NONE),
            (KeyCode::Enter, NONE),
            (KeyCode::Tab, NONE),
            (KeyCode::Backspace, NONE),
            (KeyCode::Char('c'), KeyModifiers::CONTROL),
            (KeyCode::Char('z'), KeyModifiers::CONTROL),
            (KeyCode::Char('O'), NONE),
            (KeyCode::Char('P'), NONE),
        ]
    );
    let got = p.feed(b"\x1b[B\x1b[5~\x1b[6~\x1bOP\x1b[11~\x1b[H\x1b[4~\x1b[1;5C");
    assert_eq!(
        codes(&got),
        [
            (KeyCode::Down, NONE),
            (KeyCode::PageUp, NONE),
            (KeyCode::PageDown, NONE),
            (KeyCode::F(1), NONE),
            (KeyCode::F(1), NONE),
            (KeyCode::Home, NONE),
            (KeyCode::End, NONE),
            (KeyCode::Right, KeyModifiers::CONTROL),
        ]
    );
    // A character split across reads waits for its other bytes.
    let bytes = "健".as_bytes();
    assert!(p.feed(&bytes[..1]).is_empty());
    assert_eq!(codes(&p.feed(&bytes[1..])), [(KeyCode::Char('健'), NONE)]);
    // A paste, split across reads, with an escape inside it kept as text for the app.
    assert!(p.feed(b"\x1b[200~\xe6\xb0\x91\x1b[3").is_empty());
    let got = p.feed(b"1m\x1b[201~x");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0], Event::Paste("民\x1b[31m".into()));
    assert_eq!(codes(&got[1..]), [(KeyCode::Char('x'), NONE)]);
}
