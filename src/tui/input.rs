//! Keys read from the terminal by the dashboard itself instead of by `crossterm::event::read`,
//! for one reason: crossterm 0.29 reads ESC ESC arriving in one read as a single Esc, and that
//! is common. tmux holds an Esc for its escape-time and sends a second one along with it, and
//! SSH bunches keys typed quickly. On the search line Esc clears the query and a second Esc
//! leaves the line (README); read as one, the second is lost, and the `q` typed next to quit
//! lands in the query.
//!
//! # The measurement
//!
//! `crossterm_reads_two_escs_in_one_read_as_one` in `tests/pty_input.rs` writes each input
//! below to a pseudo-terminal in one write, reads it with crossterm's own `event::read` (the
//! test binary runs itself as the reader), and feeds the same bytes to [`Parser`]
//! (`cargo test --test pty_input crossterm`). With crossterm 0.29.0:
//!
//! | bytes in one read | crossterm 0.29.0 | this reader |
//! |-------------------|------------------|-------------|
//! | `ESC ESC`         | Esc              | Esc, Esc    |
//! | `ESC q`           | Alt-q            | Esc, q      |
//!
//! The cause is `parse_event` in crossterm's `src/event/sys/unix/parse.rs`: after an ESC, a
//! second ESC returns one `KeyCode::Esc` for both bytes. (Two Escs in separate reads are two
//! Escs in crossterm too, which is why it shows up over tmux and SSH rather than locally.)
//!
//! # Upstream
//!
//! No crossterm issue or pull request reports this (its tracker searched in December 2026 for
//! ESC ESC read as one Esc, double escape, Alt-Esc). The nearest two:
//! - <https://github.com/crossterm-rs/crossterm/pull/1124> (open): reads `ESC ESC [ A` as
//!   Alt-Up, and states that it keeps repeated Escape as it is, so it would not retire this.
//! - <https://github.com/crossterm-rs/crossterm/issues/993> (open): whether an ESC starts a
//!   sequence depends on how many bytes one `read()` returned; this reader waits `ESC_TIME`
//!   (40 ms) for the rest instead.
//!
//! The issue to file is written out in `docs/upstream-crossterm.md`.
//!
//! # Exit condition
//!
//! Remove this module, and read with `crossterm::event::{poll, read}` again, when crossterm
//! (≥ the first release after 0.29.0 that does it) reads `ESC ESC` in one read as two
//! `KeyCode::Esc` events. The measurement then fails and says so. Two things to carry over
//! when that happens: crossterm will still read `ESC q` as Alt-q, so `tui::handle` must again
//! take an Alt-character without Ctrl as Esc's action and then the character's (as it did
//! before this section was written), unless the dashboard has real Alt bindings by then; and
//! check #993's split reads over SSH.
//!
//! # What it reads
//!
//! Esc and whatever arrived with it (a second Esc, a letter, a Chinese character) are two key
//! events here, so nothing downstream has to split an Alt-key again; Alt comes only from a
//! sequence that says Alt (`CSI 1;3A`, kitty's `CSI 109;3u`). Also read, so that no key the
//! dashboard binds is lost by leaving crossterm's reader: arrows, Home/End, PgUp/PgDn, F-keys, Ctrl-letters,
//! UTF-8 text, bracketed paste (which the dashboard turns on), resizes; and what a terminal or
//! tmux may send without the dashboard asking (a program before it left the mode on, tmux's
//! `extended-keys always`): the kitty keyboard protocol's `CSI … u` with its event types and
//! shifted keys, xterm's modifyOtherKeys `CSI 27;mods;key ~`, focus events, SGR mouse reports.
//! Replies to queries and the legacy mouse report are skipped whole, never typed as text.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// How long a lone ESC waits for the rest of a sequence before it counts as the Esc key. Over
/// SSH a key's bytes travel in one packet, so this only has to cover a local read split.
const ESC_TIME: Duration = Duration::from_millis(40);

enum Msg {
    Bytes(Vec<u8>),
    Resize,
    Closed,
}

/// What waiting for input brought.
pub enum Next {
    Event(Event),
    /// The deadline passed with nothing typed.
    Timeout,
    /// The terminal is gone.
    Closed,
}

/// Events from the terminal, in order.
pub struct Input {
    rx: Receiver<Msg>,
    parser: Parser,
    queue: VecDeque<Event>,
}

impl Input {
    /// Starts reading standard input (the dashboard only runs on a terminal) and resizes.
    pub fn start() -> io::Result<Input> {
        use std::os::fd::AsFd;
        let mut tty = std::fs::File::from(io::stdin().as_fd().try_clone_to_owned()?);
        let (tx, rx) = channel();
        let bytes = tx.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match tty.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        if bytes.send(Msg::Bytes(buf[..n].to_vec())).is_err() {
                            return;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            // The loop may have gone first (the dashboard is quitting): no one to tell.
            bytes.send(Msg::Closed).ok();
        });
        resizes(tx)?;
        Ok(Input {
            rx,
            parser: Parser::default(),
            queue: VecDeque::new(),
        })
    }

    /// The next event, waiting for one; None once the terminal is gone.
    pub fn read(&mut self) -> Option<Event> {
        match self.read_until(None) {
            Next::Event(e) => Some(e),
            Next::Timeout | Next::Closed => None,
        }
    }

    /// The next event, waiting for one until `deadline` (for ever without one).
    pub fn read_until(&mut self, deadline: Option<Instant>) -> Next {
        loop {
            if let Some(e) = self.queue.pop_front() {
                return Next::Event(e);
            }
            // A lone ESC waits only as long as the rest of a key sequence would take.
            let wait = if self.parser.pending() {
                Some(ESC_TIME)
            } else {
                deadline.map(|d| d.saturating_duration_since(Instant::now()))
            };
            let msg = match wait {
                None => match self.rx.recv() {
                    Ok(m) => m,
                    Err(_) => return Next::Closed,
                },
                Some(wait) => match self.rx.recv_timeout(wait) {
                    Ok(m) => m,
                    Err(RecvTimeoutError::Timeout) if self.parser.pending() => {
                        self.queue.extend(self.parser.flush());
                        continue;
                    }
                    Err(RecvTimeoutError::Timeout) => return Next::Timeout,
                    Err(RecvTimeoutError::Disconnected) => return Next::Closed,
                },
            };
            if !self.take(msg) {
                return Next::Closed;
            }
        }
    }

    /// An event that has already arrived, without waiting.
    pub fn try_read(&mut self) -> Option<Event> {
        while self.queue.is_empty() {
            let msg = self.rx.try_recv().ok()?;
            if !self.take(msg) {
                return None;
            }
        }
        self.queue.pop_front()
    }

    fn take(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Bytes(b) => self.queue.extend(self.parser.feed(&b)),
            Msg::Resize => {
                let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
                self.queue.push_back(Event::Resize(w, h));
            }
            Msg::Closed => return false,
        }
        true
    }
}

/// SIGWINCH becomes a resize event (and wakes the loop after a resume, which raises it).
fn resizes(tx: Sender<Msg>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGWINCH])?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            if tx.send(Msg::Resize).is_err() {
                return;
            }
        }
    });
    Ok(())
}

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
mod tests {
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
}
