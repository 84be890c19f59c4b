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

mod parse;
use crossterm::event::Event;
pub use parse::Parser;
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
