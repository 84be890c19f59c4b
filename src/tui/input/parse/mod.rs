//! Terminal input bytes to key, paste, focus and mouse events: the escape-sequence grammar
//! this reader understands (see the parent module for why it exists).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Bytes to key events. Keeps an incomplete sequence until more bytes or [`Parser::flush`].
#[derive(Debug, Default)]
pub struct Parser {
    buf: Vec<u8>,
    /// Inside a bracketed paste: the text so far.
    paste: Option<Vec<u8>>,
}

const PASTE_END: &[u8] = b"\x1b[201~";

/// What the head of the buffer holds.
enum Parsed {
    Event(Event, usize),
    /// A sequence that means nothing here: skip its bytes.
    Skip(usize),
    PasteStart(usize),
    Incomplete,
}

impl Parser {
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.buf.extend_from_slice(bytes);
        self.drain(false)
    }

    /// Whether bytes wait for the rest of a sequence (a lone ESC above all).
    pub fn pending(&self) -> bool {
        !self.buf.is_empty() && self.paste.is_none()
    }

    /// No more bytes came: what is held is keys after all (a lone ESC is Esc).
    pub fn flush(&mut self) -> Vec<Event> {
        self.drain(true)
    }

    fn drain(&mut self, flushing: bool) -> Vec<Event> {
        let mut out = Vec::new();
        loop {
            if let Some(text) = self.paste.as_mut() {
                match find(&self.buf, PASTE_END) {
                    Some(at) => {
                        text.extend_from_slice(&self.buf[..at]);
                        let s = String::from_utf8_lossy(text).into_owned();
                        out.push(Event::Paste(s));
                        self.paste = None;
                        self.buf.drain(..at + PASTE_END.len());
                    }
                    None => {
                        // Keep a possible start of the end marker; the rest is text.
                        let keep = (1..PASTE_END.len())
                            .rev()
                            .find(|&k| self.buf.ends_with(&PASTE_END[..k]))
                            .unwrap_or(0);
                        let cut = self.buf.len() - keep;
                        text.extend(self.buf.drain(..cut));
                        return out;
                    }
                }
                continue;
            }
            if self.buf.is_empty() {
                return out;
            }
            match parse(&self.buf, flushing) {
                Parsed::Event(e, n) => {
                    out.push(e);
                    self.buf.drain(..n);
                }
                Parsed::Skip(n) => {
                    self.buf.drain(..n.max(1));
                }
                Parsed::PasteStart(n) => {
                    self.buf.drain(..n);
                    self.paste = Some(Vec::new());
                }
                Parsed::Incomplete if flushing => {
                    // What never completed: its first byte as a key, then the rest again.
                    if self.buf[0] == 0x1b {
                        out.push(esc());
                    }
                    self.buf.drain(..1);
                }
                Parsed::Incomplete => return out,
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn key(code: KeyCode, mods: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, mods))
}

fn esc() -> Event {
    key(KeyCode::Esc, KeyModifiers::NONE)
}

fn parse(buf: &[u8], flushing: bool) -> Parsed {
    let Some(&b) = buf.first() else {
        return Parsed::Incomplete;
    };
    if b != 0x1b {
        return plain(buf);
    }
    match buf.get(1) {
        None if flushing => Parsed::Event(esc(), 1),
        None => Parsed::Incomplete,
        Some(b'[') => csi(buf),
        Some(b'O') => match buf.get(2) {
            None => Parsed::Incomplete,
            Some(c) => match ss3_code(*c) {
                Some(code) => Parsed::Event(key(code, KeyModifiers::NONE), 3),
                None => Parsed::Skip(3),
            },
        },
        // ESC and anything else that came with it (a second ESC, a letter) is the Esc key
        // pressed just before: tmux's escape-time and SSH deliver them in one read. crossterm
        // makes ESC ESC one Esc and ESC x Alt-x; the dashboard binds no Alt key, and the user
        // pressed two keys, so the rest is read afresh as the next key.
        Some(_) => Parsed::Event(esc(), 1),
    }
}

fn ss3_code(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        // The keypad in application mode (some terminals keep it on after another program).
        b'M' => KeyCode::Enter,
        b'j'..=b'y' => KeyCode::Char(char::from(c - b'j' + b'*')),
        _ => return None,
    })
}

/// The numeric parameters of a CSI sequence: `;` between parameters, `:` between the
/// sub-parameters kitty adds (shifted key, event type).
struct Params<'a>(Vec<&'a str>);

impl Params<'_> {
    fn get(&self, i: usize, sub: usize) -> Option<u32> {
        self.0.get(i)?.split(':').nth(sub)?.parse().ok()
    }

    /// Parameter `i` as xterm's and kitty's modifiers, with kitty's event type after a `:`.
    fn mods(&self, i: usize) -> (KeyModifiers, KeyEventKind) {
        let kind = match self.get(i, 1) {
            Some(2) => KeyEventKind::Repeat,
            Some(3) => KeyEventKind::Release,
            _ => KeyEventKind::Press,
        };
        (modifiers(self.get(i, 0).unwrap_or(1)), kind)
    }
}

/// `ESC [ params final`: arrows, Home/End, PgUp/PgDn, F-keys, kitty's and xterm's
/// modifyOtherKeys encodings of any key, focus changes, SGR mouse reports, the start of a paste.
fn csi(buf: &[u8]) -> Parsed {
    let Some(end) = buf
        .iter()
        .skip(2)
        .position(|b| (0x40..=0x7e).contains(b))
        .map(|p| p + 2)
    else {
        return if buf.len() > 32 {
            Parsed::Skip(buf.len())
        } else {
            Parsed::Incomplete
        };
    };
    let n = end + 1;
    let fin = buf[end];
    let body = &buf[2..end];
    // The legacy mouse report, `CSI M` and three raw bytes: skipped whole, or they would be
    // typed as text.
    if body.is_empty() && fin == b'M' {
        return if buf.len() >= 6 {
            Parsed::Skip(6)
        } else {
            Parsed::Incomplete
        };
    }
    // `<`, `=`, `>`, `?` open private sequences: replies to queries (kitty's `CSI ? flags u`
    // among them) and mouse reports. Only SGR mouse means anything here.
    match body.first() {
        Some(b'<') if matches!(fin, b'M' | b'm') => return mouse(&body[1..], fin, n),
        Some(b'<'..=b'?') => return Parsed::Skip(n),
        _ => {}
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return Parsed::Skip(n);
    };
    let p = Params(text.split(';').collect());
    let first = p.get(0, 0).unwrap_or(1);
    let (mods, kind) = p.mods(1);
    let code = match fin {
        b'u' => return unicode_key(&p, n),
        b'I' if body.is_empty() => return Parsed::Event(Event::FocusGained, n),
        b'O' if body.is_empty() => return Parsed::Event(Event::FocusLost, n),
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => KeyCode::BackTab,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        // Not `R` for F3: `CSI 1;5R` is also a cursor position report; kitty sends `CSI 13~`.
        b'S' => KeyCode::F(4),
        b'~' => match first {
            200 => return Parsed::PasteStart(n),
            // xterm's modifyOtherKeys (and tmux's extended-keys): `CSI 27;mods;code~`.
            27 => {
                let field = |i: usize| p.0.get(i).copied().unwrap_or("");
                return unicode_key(&Params(vec![field(2), field(1)]), n);
            }
            1 | 7 => KeyCode::Home,
            4 | 8 => KeyCode::End,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            11..=15 => fkey(first - 10),
            17..=21 => fkey(first - 11),
            23..=26 => fkey(first - 12),
            28 | 29 => fkey(first - 13),
            31..=34 => fkey(first - 14),
            _ => return Parsed::Skip(n),
        },
        _ => return Parsed::Skip(n),
    };
    Parsed::Event(Event::Key(KeyEvent::new_with_kind(code, mods, kind)), n)
}

fn fkey(n: u32) -> KeyCode {
    KeyCode::F(u8::try_from(n).unwrap_or(u8::MAX))
}

/// kitty's `CSI code[:shifted] ; mods[:event] ; text u`, the key as a Unicode code point (or
/// one of kitty's private-use numbers for keys without one).
fn unicode_key(p: &Params, n: usize) -> Parsed {
    let Some(cp) = p.get(0, 0) else {
        return Parsed::Skip(n);
    };
    let (mut mods, kind) = p.mods(1);
    let code = match cp {
        27 => KeyCode::Esc,
        13 => KeyCode::Enter,
        9 if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        9 => KeyCode::Tab,
        8 | 127 => KeyCode::Backspace,
        57376..=57398 => fkey(cp - 57376 + 13),
        57399..=57408 => KeyCode::Char(char::from_digit(cp - 57399, 10).unwrap_or('0')),
        57409 => KeyCode::Char('.'),
        57410 => KeyCode::Char('/'),
        57411 => KeyCode::Char('*'),
        57412 => KeyCode::Char('-'),
        57413 => KeyCode::Char('+'),
        57414 => KeyCode::Enter,
        57415 => KeyCode::Char('='),
        57416 => KeyCode::Char(','),
        57417 => KeyCode::Left,
        57418 => KeyCode::Right,
        57419 => KeyCode::Up,
        57420 => KeyCode::Down,
        57421 => KeyCode::PageUp,
        57422 => KeyCode::PageDown,
        57423 => KeyCode::Home,
        57424 => KeyCode::End,
        57425 => KeyCode::Insert,
        57426 => KeyCode::Delete,
        // Caps Lock, media keys, modifier keys pressed alone, the rest of the private use
        // area: no key the dashboard reads.
        0xe000..=0xf8ff => return Parsed::Skip(n),
        _ => match char::from_u32(cp) {
            Some(c) => KeyCode::Char(c),
            None => return Parsed::Skip(n),
        },
    };
    // The base key is the unshifted one (`a` for Shift-A): the character typed is the text
    // kitty reports, else the shifted key, else (for a letter) its capital.
    let code = match code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
            // Text of more than one code point (a composed character) is no single key.
            let text = p.0.get(2).filter(|t| !t.contains(':')).and(p.get(2, 0));
            let typed = text
                .or_else(|| p.get(0, 1))
                .and_then(char::from_u32)
                .unwrap_or_else(|| c.to_ascii_uppercase());
            mods -= KeyModifiers::SHIFT;
            KeyCode::Char(typed)
        }
        other => other,
    };
    Parsed::Event(Event::Key(KeyEvent::new_with_kind(code, mods, kind)), n)
}

/// An SGR mouse report, `CSI < button ; column ; row M` (`m` on release); the dashboard does
/// not ask for them, but a terminal left with reporting on by another program sends them.
fn mouse(body: &[u8], fin: u8, n: usize) -> Parsed {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let Ok(text) = std::str::from_utf8(body) else {
        return Parsed::Skip(n);
    };
    let p = Params(text.split(';').collect());
    let (Some(cb), Some(x), Some(y)) = (p.get(0, 0), p.get(1, 0), p.get(2, 0)) else {
        return Parsed::Skip(n);
    };
    let button = match cb & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = match (cb & 0b1100_0011, cb & 0b10_0000 != 0) {
        (0..=2, false) if fin == b'm' => MouseEventKind::Up(button),
        (0..=2, false) => MouseEventKind::Down(button),
        (0..=2, true) => MouseEventKind::Drag(button),
        (3, false) => MouseEventKind::Up(MouseButton::Left),
        (3, true) | (64 | 65, true) => MouseEventKind::Moved,
        (64, false) => MouseEventKind::ScrollUp,
        (65, false) => MouseEventKind::ScrollDown,
        (66, false) => MouseEventKind::ScrollLeft,
        (67, false) => MouseEventKind::ScrollRight,
        _ => return Parsed::Skip(n),
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, m) in [
        (4, KeyModifiers::SHIFT),
        (8, KeyModifiers::ALT),
        (16, KeyModifiers::CONTROL),
    ] {
        if cb & bit != 0 {
            modifiers |= m;
        }
    }
    let cell = |v: u32| u16::try_from(v.saturating_sub(1)).unwrap_or(u16::MAX);
    Parsed::Event(
        Event::Mouse(MouseEvent {
            kind,
            column: cell(x),
            row: cell(y),
            modifiers,
        }),
        n,
    )
}

/// xterm's and kitty's modifier parameter: 1 + (shift 1, alt 2, ctrl 4, super 8, hyper 16,
/// meta 32); Caps Lock and Num Lock (64, 128) change no key's meaning here.
fn modifiers(p: u32) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    for (bit, flag) in [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
        (8, KeyModifiers::SUPER),
        (16, KeyModifiers::HYPER),
        (32, KeyModifiers::META),
    ] {
        if bits & bit != 0 {
            m |= flag;
        }
    }
    m
}

/// One key that is not an escape sequence: a control byte or a UTF-8 character.
fn plain(buf: &[u8]) -> Parsed {
    let Some(&b) = buf.first() else {
        return Parsed::Incomplete;
    };
    let one = |code| Parsed::Event(key(code, KeyModifiers::NONE), 1);
    match b {
        b'\r' | b'\n' => one(KeyCode::Enter),
        b'\t' => one(KeyCode::Tab),
        0x7f | 0x08 => one(KeyCode::Backspace),
        0x1b => one(KeyCode::Esc),
        0x01..=0x1a => Parsed::Event(
            key(
                KeyCode::Char(char::from(b'a' + b - 1)),
                KeyModifiers::CONTROL,
            ),
            1,
        ),
        0x00 | 0x1c..=0x1f => Parsed::Skip(1),
        _ => {
            let len = match b {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => return Parsed::Skip(1),
            };
            if buf.len() < len {
                return Parsed::Incomplete;
            }
            match std::str::from_utf8(&buf[..len])
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(c) => Parsed::Event(key(KeyCode::Char(c), KeyModifiers::NONE), len),
                None => Parsed::Skip(1),
            }
        }
    }
}

#[cfg(test)]
mod tests;
