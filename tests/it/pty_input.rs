//! Keys as a terminal sends them, typed into the real binary in a pseudo-terminal and read off
//! the screen through vt100: ESC ESC and ESC with a letter arriving in one read (as tmux's
//! escape-time and SSH deliver them), a bracketed paste of Chinese text, kitty-encoded keys.
//! And the measurement behind `src/tui/input.rs`: the same bytes read by crossterm itself.

use crate::common;

use common::pty::Session;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The hint the status bar shows only while the search line has the keys.
const ON_SEARCH_LINE: &str = "Ctrl-k 标记";
/// A hint the status bar shows only in the lists.
const IN_THE_LISTS: &str = "? 帮助  Space 标记  c 跳到上下级对口";

/// The search line's row: the query after `>`, the hit count at the right.
fn search_line(s: &Session) -> String {
    s.rows().get(1).cloned().unwrap_or_default()
}

fn wait_until(what: &str, s: &Session, ok: impl Fn(&Session) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if ok(s) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("never {what}; the screen shows:\n{}", s.rows().join("\n"));
}

/// Waits for the search line to show an empty query (every unit a hit).
fn wait_cleared(s: &Session) {
    wait_until("cleared the query", s, |s| search_line(s).contains("43/43"));
}

/// A session with `民政` typed into the search line.
fn with_query() -> Session {
    let mut s = Session::start();
    s.wait_for("搜索");
    s.send("民政".as_bytes());
    s.wait_for_row("> 民政");
    s.wait_for_row("2/43");
    s
}

#[test]
fn two_escs_in_one_read_clear_the_query_and_leave_the_line() {
    let mut s = with_query();
    s.send(b"\x1b\x1b");
    s.wait_for_row(IN_THE_LISTS);
    let line = search_line(&s);
    assert!(
        line.contains("43/43") && !line.contains("民政"),
        "query not cleared: {line}"
    );
    // Out of the search line, `m` is the matrix, not a letter of the query.
    s.keys(&[b"m"]);
    s.wait_for_row("责任矩阵");
}

#[test]
fn esc_and_a_letter_in_one_read_are_the_two_keys() {
    let mut s = with_query();
    // Esc clears the query, then `q` is typed: neither Alt-q nor a quit.
    s.send(b"\x1bq");
    s.wait_for_row("> q");
    // The search runs beside the screen: on a busy machine the query line can be drawn a frame
    // before the lists it picks.
    let cleared = common::poll_until(Duration::from_secs(10), || !s.contents().contains("民政"));
    assert!(cleared, "{}", s.contents());
    assert!(s.exited_within(Duration::from_millis(200)).is_none());
    // Esc and a Chinese character: the query cleared, the character typed.
    s.send("\x1b卫健委".as_bytes());
    s.wait_for_row("> 卫健委");
    // Esc alone clears; Esc and `m` together leave the line and open the matrix.
    s.keys(&[b"\x1b"]);
    wait_cleared(&s);
    s.send(b"\x1bm");
    s.wait_for_row("责任矩阵");
}

#[test]
fn a_bracketed_paste_of_chinese_text_is_typed_into_the_search_line() {
    let mut s = Session::start();
    s.wait_for("搜索");
    // Split across reads inside a character and inside the end marker, with an ESC ESC q in
    // the text: pasted bytes are text, never keys (as keys they would leave and quit).
    let text = "市民政局".as_bytes();
    let mut first = b"\x1b[200~".to_vec();
    first.extend_from_slice(&text[..7]);
    s.send(&first);
    std::thread::sleep(Duration::from_millis(100));
    let mut second = text[7..].to_vec();
    second.extend_from_slice(b"\x1b\x1bq\x1b[2");
    s.send(&second);
    std::thread::sleep(Duration::from_millis(100));
    s.send(b"01~");
    s.wait_for_row("> 市民政局q");
    assert!(s.rows().iter().any(|r| r.contains(ON_SEARCH_LINE)));
    // The escapes were dropped from the text; without the `q` the unit is found.
    s.send(b"\x7f");
    s.wait_for_row("1/43");
    s.wait_for_row("> 市民政局");
    assert!(s.exited_within(Duration::from_millis(100)).is_none());
}

#[test]
fn kitty_encoded_keys_work() {
    let mut s = with_query();
    // kitty's Ctrl-U (and xterm's modifyOtherKeys one, as tmux's extended-keys sends it).
    s.send(b"\x1b[117;5u");
    wait_cleared(&s);
    s.send("卫".as_bytes());
    s.wait_for_row("> 卫");
    s.send(b"\x1b[27;5;117~");
    wait_cleared(&s);
    // kitty's Esc and its release in one read: the release is no second Esc.
    s.send("民政".as_bytes());
    s.wait_for_row("> 民政");
    s.send(b"\x1b[27u\x1b[27;1:3u");
    wait_cleared(&s);
    std::thread::sleep(Duration::from_millis(200));
    assert!(s.rows().iter().any(|r| r.contains(ON_SEARCH_LINE)));
    // A second kitty Esc leaves the line; kitty's `m` opens the matrix.
    s.send(b"\x1b[27u");
    s.wait_for_row(IN_THE_LISTS);
    s.send(b"\x1b[109u");
    s.wait_for_row("责任矩阵");
}

/// Set for the copy of this test binary that reads keys through crossterm.
const PROBE: &str = "DUTYMATRIX_CROSSTERM_PROBE";

/// The crossterm side of the measurement below, run by it in a pseudo-terminal: crossterm's
/// own reader prints each key until `z`. Ignored, so it runs only when the measurement starts
/// it (`--ignored --exact pty_input::crossterm_probe_child`), never as a test of its own.
#[test]
#[ignore = "started by crossterm_reads_two_escs_in_one_read_as_one"]
fn crossterm_probe_child() {
    if std::env::var_os(PROBE).is_none() {
        panic!("crossterm_probe_child is started by the measurement, with {PROBE} set");
    }
    let mut out = std::io::stdout();
    crossterm::terminal::enable_raw_mode().expect("raw mode");
    out.write_all(b"READY\r\n").expect("stdout");
    out.flush().expect("stdout");
    while let Ok(ev) = crossterm::event::read() {
        if let Event::Key(k) = ev {
            out.write_all(format!("KEY {}\r\n", shown(k)).as_bytes())
                .expect("stdout");
            out.flush().expect("stdout");
            if k.code == KeyCode::Char('z') {
                break;
            }
        }
    }
    crossterm::terminal::disable_raw_mode().expect("raw mode off");
}

fn shown(k: KeyEvent) -> String {
    format!("{:?} {:?}", k.code, k.modifiers)
}

/// Why `src/tui/input.rs` exists, measured: `ESC ESC` and `ESC q`, each in one write, read by
/// crossterm 0.29's `event::read` in a pseudo-terminal and by the dashboard's parser. When
/// this fails on a crossterm upgrade because crossterm reads two Escs, the module's exit
/// condition is met: see its documentation.
#[test]
fn crossterm_reads_two_escs_in_one_read_as_one() {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let mut cmd = CommandBuilder::new(std::env::current_exe().expect("test binary"));
    cmd.args([
        "--ignored",
        "--exact",
        "pty_input::crossterm_probe_child",
        "--nocapture",
        "--test-threads=1",
    ]);
    cmd.env(PROBE, "1");
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut writer = pair.master.take_writer().expect("writer");
    let out = Arc::new(Mutex::new(String::new()));
    let o = out.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut o) = o.lock() {
                o.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
    });
    let seen = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if out.lock().is_ok_and(|o| o.contains(needle)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    };
    let ready = seen("READY");
    // Each case in one write, and a pause after it: one read each, as tmux delivers them.
    for bytes in [&b"\x1b\x1b"[..], b"\x1bq", b"z"] {
        writer.write_all(bytes).expect("write");
        writer.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(300));
    }
    let done = seen("KEY Char('z')");
    // The probe has left after `z` unless it hung: then this ends it, and the assert says why.
    child.kill().ok();
    child.wait().ok();
    let text = out.lock().map(|o| o.clone()).unwrap_or_default();
    assert!(ready && done, "the probe did not run:\n{text}");
    let crossterm: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim_end_matches('\r').strip_prefix("KEY "))
        .collect();

    let mut ours = dutymatrix::tui::input::Parser::default();
    let mut events = ours.feed(b"\x1b\x1b");
    events.extend(ours.flush());
    events.extend(ours.feed(b"\x1bq"));
    events.extend(ours.feed(b"z"));
    let ours: Vec<String> = events
        .into_iter()
        .filter_map(|e| match e {
            Event::Key(k) => Some(shown(k)),
            _ => None,
        })
        .collect();

    let key = |code, mods| shown(KeyEvent::new(code, mods));
    let none = KeyModifiers::NONE;
    assert_eq!(
        ours,
        [
            key(KeyCode::Esc, none),
            key(KeyCode::Esc, none),
            key(KeyCode::Esc, none),
            key(KeyCode::Char('q'), none),
            key(KeyCode::Char('z'), none),
        ]
    );
    assert_eq!(
        crossterm,
        [
            key(KeyCode::Esc, none),
            key(KeyCode::Char('q'), KeyModifiers::ALT),
            key(KeyCode::Char('z'), none),
        ],
        "crossterm no longer reads ESC ESC as one Esc (or ESC q as Alt-q): the exit condition \
         in src/tui/input.rs's documentation may be met"
    );
}
