//! Keys read from the terminal by the dashboard itself. crossterm 0.29 reads ESC ESC arriving
//! together as one Esc (its parser consumes both bytes), and that is common: tmux holds an Esc
//! for its escape-time and passes a second one along with it. Here two Escs are two Escs, Esc and
//! a printable key arriving together are Alt-key (as crossterm reads them), and everything else
//! the dashboard uses (arrows, Home/End, PgUp/PgDn, F1, Ctrl-letters, bracketed paste, UTF-8
//! text, resizes) becomes the same crossterm events as before.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
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
            let _ = bytes.send(Msg::Closed);
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
                        out.push(key(KeyCode::Esc, KeyModifiers::NONE));
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

fn parse(buf: &[u8], flushing: bool) -> Parsed {
    let Some(&b) = buf.first() else {
        return Parsed::Incomplete;
    };
    if b != 0x1b {
        return plain(buf);
    }
    match buf.get(1) {
        None if flushing => Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        None => Parsed::Incomplete,
        // Two Escs are two keys: the second starts afresh.
        Some(0x1b) => Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        Some(b'[') => csi(buf),
        Some(b'O') => match buf.get(2) {
            None => Parsed::Incomplete,
            Some(c) => match ss3_code(*c) {
                Some(code) => Parsed::Event(key(code, KeyModifiers::NONE), 3),
                None => Parsed::Skip(3),
            },
        },
        // Esc and a key together: Alt-key, as crossterm reads it.
        Some(_) => match plain(&buf[1..]) {
            Parsed::Event(Event::Key(k), n) => {
                Parsed::Event(key(k.code, k.modifiers | KeyModifiers::ALT), n + 1)
            }
            Parsed::Skip(n) => Parsed::Skip(n + 1),
            other => other,
        },
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
        _ => return None,
    })
}

/// `ESC [ params final`: arrows, Home/End, PgUp/PgDn, F-keys, the start of a paste.
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
    let params = std::str::from_utf8(&buf[2..end]).unwrap_or("");
    let mut nums = params.split(';').map(|p| p.parse::<u16>().unwrap_or(0));
    let first = nums.next().unwrap_or(0);
    let mods = modifiers(nums.next().unwrap_or(1));
    let n = end + 1;
    let code = match buf[end] {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => KeyCode::BackTab,
        b'P' => KeyCode::F(1),
        b'~' => match first {
            200 => return Parsed::PasteStart(n),
            1 | 7 => KeyCode::Home,
            4 | 8 => KeyCode::End,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            11..=15 => KeyCode::F(u8::try_from(first - 10).unwrap_or(1)),
            17..=21 => KeyCode::F(u8::try_from(first - 11).unwrap_or(6)),
            23 | 24 => KeyCode::F(u8::try_from(first - 12).unwrap_or(11)),
            _ => return Parsed::Skip(n),
        },
        _ => return Parsed::Skip(n),
    };
    Parsed::Event(key(code, mods), n)
}

/// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
fn modifiers(p: u16) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
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
    fn esc_and_a_printable_key_are_alt_key() {
        let mut p = Parser::default();
        let got = p.feed(b"\x1bq");
        assert_eq!(codes(&got), [(KeyCode::Char('q'), KeyModifiers::ALT)]);
        assert!(!p.pending());
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
