//! The real binary in a pseudo-terminal, read through a terminal emulator (vt100): what an
//! official over SSH would see, and what happens when they leave or the link drops.

use crate::common;

use common::poll_until;
use common::pty::Session;
use portable_pty::PtySize;
use std::time::{Duration, Instant};

#[test]
fn typing_a_unit_shows_it_and_its_tasks() {
    let mut s = Session::start();
    s.wait_for("搜索");
    s.send("卫健委".as_bytes());
    s.wait_for("> 卫健委");
    s.wait_for("省卫生健康委");
    s.wait_for("市卫生健康委");
    // The cursor waits at the query's end (row 1; border + "> " + 6 cells), where an IME opens.
    let cursor = s
        .screen
        .lock()
        .map(|p| p.screen().cursor_position())
        .expect("screen");
    assert_eq!(cursor, (1, 9));
    s.send(b"\x1b[B");
    s.wait_for("全面提升医疗卫生服务水平");
    // Pause between keys as a person does; pty_input tests the keys arriving together.
    for key in [b"\x1b", b"\x1b", b"q"] {
        std::thread::sleep(Duration::from_millis(200));
        s.send(key);
    }
    assert!(
        s.exited_within(Duration::from_secs(5)).is_some(),
        "q quits:\n{}",
        s.contents()
    );
    assert!(
        poll_until(Duration::from_secs(5), || s.restored()),
        "terminal restored after q"
    );
}

#[test]
fn ctrl_c_quits_from_the_search_line() {
    let mut s = Session::start();
    s.wait_for("搜索");
    s.send(b"abc\x03");
    let status = s.exited_within(Duration::from_secs(5)).expect("exited");
    assert!(status.success());
    assert!(poll_until(Duration::from_secs(5), || s.restored()));
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start();
    s.wait_for("搜索");
    let pid = s.child.process_id().expect("pid");
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
    assert!(
        s.exited_within(Duration::from_secs(5)).is_some(),
        "SIGTERM ends it"
    );
    assert!(
        poll_until(Duration::from_secs(5), || s.restored()),
        "screen restored after SIGTERM"
    );
}

#[test]
fn a_dropped_link_ends_the_process_within_a_second() {
    let mut s = Session::start_reading_until(Some("搜索"));
    s.wait_for("搜索");
    // Closing the master side is what a dropped SSH link does to the session's terminal.
    s.writer = None;
    s.master = None;
    assert!(
        s.exited_within(Duration::from_secs(1)).is_some(),
        "still running a second after hang-up"
    );
}

#[test]
fn a_storm_of_resizes_leaves_a_working_dashboard() {
    let mut s = Session::start();
    s.wait_for("搜索");
    s.send("发改委".as_bytes());
    s.wait_for("市发展改革委");
    if let Some(m) = s.master.as_ref() {
        for i in 0..60u16 {
            let (rows, cols) =
                [(1, 1), (6, 20), (10, 40), (50, 200), (24, 80), (3, 7)][usize::from(i % 6)];
            m.resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        }
        m.resize(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    }
    // A key answered after the storm is the proof it survived it; no wait has to guess how
    // long dying would take.
    s.send(b"\x7f");
    s.wait_for("> 发改");
    s.wait_for("市发展改革委");
    assert!(
        s.child.try_wait().ok().flatten().is_none(),
        "still running after the storm"
    );
}

#[test]
fn y_sends_the_duties_to_the_terminal_clipboard() {
    let mut s = Session::start();
    s.wait_for("搜索");
    s.send("市民政局".as_bytes());
    // The search runs beside the screen: the unit's duties show once it has answered, and
    // the footer offers y once Tab has put the focus on the list.
    s.wait_for("职责 · 市民政局");
    s.send(b"\t");
    s.wait_for("Space 标记");
    s.send(b"y");
    s.wait_for("已经终端(OSC 52)发送14行");
    let raw = s
        .raw
        .lock()
        .map(|r| String::from_utf8_lossy(&r).into_owned())
        .unwrap_or_default();
    let start = raw.find("\x1b]52;c;").expect("an OSC 52 sequence") + "\x1b]52;c;".len();
    let end = raw[start..].find('\x07').expect("terminated") + start;
    use base64::Engine;
    let text = base64::engine::general_purpose::STANDARD
        .decode(&raw[start..end])
        .expect("base64");
    let text = String::from_utf8(text).expect("utf-8");
    assert!(text.starts_with("分组\t单位\t级别\t角色\t"), "{text}");
    assert!(text.contains("\t市民政局\t市\t责任\t"), "{text}");
    assert!(text.contains("\t完善政策保障\t"), "{text}");
}

#[test]
fn idle_means_no_bytes() {
    let mut s = Session::start();
    s.wait_for("搜索");
    s.send(b"x");
    s.wait_for("> x");
    // Silence has no condition to poll for: it is a window in which no byte arrives, opened
    // once the answer to the last key has had time to be drawn.
    std::thread::sleep(Duration::from_millis(300));
    let before = s.raw.lock().map(|r| r.len()).unwrap_or(0);
    std::thread::sleep(Duration::from_millis(1500));
    let after = s.raw.lock().map(|r| r.len()).unwrap_or(0);
    assert_eq!(before, after, "the dashboard wrote while idle");
}

fn wait_until(what: &str, ok: impl FnMut() -> bool) {
    assert!(poll_until(Duration::from_secs(10), ok), "never: {what}");
}

#[test]
fn sigquit_and_sigusr1_restore_the_terminal() {
    for sig in ["QUIT", "USR1"] {
        let mut s = Session::start();
        s.wait_for("搜索");
        s.signal(sig);
        assert!(
            s.exited_within(Duration::from_secs(5)).is_some(),
            "SIG{sig} ends it"
        );
        assert!(
            poll_until(Duration::from_secs(5), || s.restored()),
            "screen restored after SIG{sig}"
        );
    }
}

/// As in less and vim: Ctrl-Z (and SIGTSTP) hand the terminal back and stop; SIGCONT (`fg`)
/// takes it again, redraws, and keys reach the program.
#[test]
fn suspend_and_resume() {
    let mut s = Session::start();
    s.wait_for("搜索");
    for stop in ["ctrl-z", "TSTP"] {
        s.send("民政".as_bytes());
        s.wait_for("> 民政");
        if stop == "ctrl-z" {
            s.send(b"\x1a");
        } else {
            s.signal("TSTP");
        }
        wait_until("stopped", || s.state() == 'T');
        wait_until("left the alternate screen", || !s.in_alternate_screen());
        assert!(s.restored(), "terminal restored while stopped ({stop})");
        s.signal("CONT");
        wait_until("back in the alternate screen", || s.in_alternate_screen());
        s.wait_for("搜索");
        s.wait_for("> 民政");
        s.send(b"\x15");
        wait_until("keys reach the program again", || {
            !s.contents().contains("> 民政")
        });
    }
    s.send(b"\x03");
    assert!(s.exited_within(Duration::from_secs(5)).is_some());
}

#[test]
fn from_a_unit_to_a_partner_and_back_in_a_terminal() {
    let mut s = Session::start();
    s.wait_for("搜索");
    s.send("市卫生健康委".as_bytes());
    s.wait_for("> 市卫生健康委");
    std::thread::sleep(Duration::from_millis(150));
    s.send(b"\r");
    // Past its ten duties (the seeds'), the first partner row: partners come before the
    // counterparts' tasks.
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(50));
        s.send(b"j");
    }
    wait_until("a partner selected", || {
        s.contents()
            .lines()
            .any(|l| l.contains("> 市") && l.trim_end().ends_with(")│"))
    });
    // The partner's own row (the search line also starts with "> 市…"): its count ends it.
    let partner = s
        .contents()
        .lines()
        .filter(|l| l.trim_end().ends_with(")│"))
        .find_map(|l| {
            let at = l.find("> 市")?;
            let name: String = l[at + 2..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            Some(name)
        })
        .expect("partner name");
    std::thread::sleep(Duration::from_millis(150));
    assert_ne!(partner, "市卫生健康委", "a partner, not the unit itself");
    s.send(b"\r");
    s.wait_for(&format!("职责 · {partner}"));
    std::thread::sleep(Duration::from_millis(150));
    s.send(b"\x7f");
    s.wait_for("职责 · 市卫生健康委");
    s.wait_for("> 市卫生健康委");
}

/// A shared folder holding a file named with escape sequences: the dashboard says it skipped
/// it, inside the dashboard, and no byte of the name's sequences reaches the terminal.
#[test]
fn skipped_documents_are_reported_inside_and_their_names_are_inert() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("\u{1b}]52;c;aGk=\u{7}\u{1b}[2J坏.txt"), b"").expect("write");
    let d = dir.path().to_str().expect("path").to_string();
    let d: &'static str = Box::leak(d.into_boxed_str());
    let mut s = Session::start_with(None, &[("DUTYMATRIX_DOCS", d)]);
    s.wait_for("已跳过");
    s.wait_for("]52;c;aGk=[2J坏.txt");
    let raw = s.raw_text();
    assert!(!raw.contains("\u{1b}]52"), "an OSC 52 from a file name");
    assert!(
        !raw.contains("\u{1b}[2J坏"),
        "a clear-screen from a file name"
    );
    s.send(b"\x03");
    assert!(s.exited_within(Duration::from_secs(5)).is_some());
}

/// Inside a real tmux with its default settings (no passthrough), `y` hands the rows to tmux
/// and the status line says so; `tmux show-buffer` reads them back.
#[test]
fn y_inside_tmux_lands_in_the_tmux_buffer() {
    use std::process::Command;
    if Command::new("tmux").arg("-V").output().is_err() {
        common::missing(
            "y_inside_tmux_lands_in_the_tmux_buffer",
            "tmux (.ci/run installs it with apt-get)",
        );
        return;
    }
    struct Server(String);
    impl Drop for Server {
        fn drop(&mut self) {
            // A server already gone (the dashboard quit, the last session ended) is not a failure.
            Command::new("tmux")
                .args(["-L", &self.0, "kill-server"])
                .output()
                .ok();
        }
    }
    let server = Server(format!("dutymatrix-test-{}", std::process::id()));
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", &server.0, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs")
    };
    // The pane's shell gets tmux's environment, the test's own: the run's is given through env.
    let home = tempfile::tempdir().expect("dir");
    let quoted = |s: &std::ffi::OsStr| format!("'{}'", s.to_string_lossy().replace('\'', "'\\''"));
    let env: Vec<String> = common::run::environment(home.path())
        .into_iter()
        .map(|(name, value)| match value {
            Some(v) => format!("{}={}", name.to_string_lossy(), quoted(&v)),
            None => format!("-u {}", name.to_string_lossy()),
        })
        .collect();
    let program = format!(
        "env {} {} --today 2022-06-30",
        env.join(" "),
        quoted(std::ffi::OsStr::new(env!("CARGO_BIN_EXE_dutymatrix")))
    );
    let started = tmux(&[
        "new-session",
        "-d",
        "-x",
        "80",
        "-y",
        "24",
        "-s",
        "t",
        &program,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    let screen =
        || String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned();
    wait_until("the dashboard in tmux", || screen().contains("搜索"));
    tmux(&["send-keys", "-t", "t", "-l", "市民政局"]);
    wait_until("the search answered", || {
        screen().contains("职责 · 市民政局")
    });
    tmux(&["send-keys", "-t", "t", "Tab"]);
    wait_until("the list focused", || screen().contains("Space 标记"));
    tmux(&["send-keys", "-t", "t", "y"]);
    wait_until("the status line naming tmux", || {
        screen().contains("已复制14行到 tmux 缓冲区")
    });
    let buffer = String::from_utf8_lossy(&tmux(&["show-buffer"]).stdout).into_owned();
    assert!(
        buffer.starts_with(
            "分组\t单位\t级别\t角色\t牵头单位\t任务编号\t任务\t文件\t期限\t剩余天数\t"
        ),
        "{buffer}"
    );
    assert!(
        buffer.contains("\t完善政策保障\t泰安市康养福地建设实施意见\t2025-12-31\t1280\t"),
        "{buffer}"
    );
}

/// tmux holds an Esc for its escape-time and sends a second with it: two Escs arriving in one
/// read clear the query and leave the search line, so `q` then quits instead of being typed.
#[test]
fn two_escs_arriving_together_are_two_escs() {
    let mut s = Session::start();
    s.wait_for("搜索");
    s.send("民政".as_bytes());
    s.wait_for("> 民政");
    s.send(b"\x1b\x1b");
    wait_until("query cleared", || !s.contents().contains("> 民政"));
    std::thread::sleep(Duration::from_millis(200));
    s.send(b"q");
    assert!(
        s.exited_within(Duration::from_secs(5)).is_some(),
        "q after two Escs quits:\n{}",
        s.contents()
    );
}

/// `dutymatrix --ledger L --today 2022-06-30 ARGS…` as another process (another user's shell).
fn ledger_cli(ledger: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::cmd()
        .arg("--ledger")
        .arg(ledger)
        .args(["--today", "2022-06-30", "ledger"])
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn progress_recorded_elsewhere_shows_in_an_open_dashboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = dir.path().join("ledger.sqlite3");
    assert!(ledger_cli(&ledger, &["init"]).status.success());
    let mut s = Session::start_with_ledger(&ledger);
    s.wait_for("搜索");
    s.send("市民政局".as_bytes());
    s.wait_for("> 市民政局");
    s.wait_for("职责 · 市民政局");
    s.send(b"\r");
    // Due 2025-12-31, three and a half years away: green, nothing recorded yet.
    s.wait_for("> 绿        责任 加快发展健康养老服");
    let task = "taian-2021-kangyang-fudi-shishi-yijian/3.3";
    let out = ledger_cli(
        &ledger,
        &[
            "set",
            task,
            "--unit",
            "市民政局",
            "--status",
            "done",
            "--note",
            "已完成",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = Instant::now();
    // No key is pressed: the dashboard sees the other process's commit by itself.
    s.wait_for("> 灰 已销号 责任 加快发展健康养老服");
    eprintln!("shown {} ms after the write", written.elapsed().as_millis());
    // And with the ledger open and nothing changing, it writes nothing.
    std::thread::sleep(Duration::from_millis(300));
    let before = s.raw.lock().map(|r| r.len()).unwrap_or(0);
    std::thread::sleep(Duration::from_millis(1500));
    let after = s.raw.lock().map(|r| r.len()).unwrap_or(0);
    assert_eq!(
        before, after,
        "the dashboard wrote while idle with a ledger open"
    );
    // The task view shows the unit closed, with its note.
    s.send(b"\r");
    s.wait_for("灰 市民政局         已销号 已完成");
    // Record on the next duty through the form: typed Chinese (as an IME commits it) and a
    // bracketed paste, the cursor after them at their display width.
    s.send(b"\x1b");
    s.wait_for("> 灰 已销号");
    std::thread::sleep(Duration::from_millis(200));
    s.send(b"j");
    std::thread::sleep(Duration::from_millis(200));
    s.send(b"r");
    s.wait_for("登记进展 · 市民政局");
    s.send("已完成选址".as_bytes());
    s.send("\x1b[200~，签订协议2份\n\x1b[201~".as_bytes());
    s.wait_for("> 已完成选址，签订协议2份");
    // Eleven wide characters, the digit, and the pasted line break as a space.
    let note_w = 2 * 11 + 1 + 1;
    let cursor = s
        .screen
        .lock()
        .map(|p| p.screen().cursor_position())
        .expect("screen");
    assert_eq!(
        cursor,
        (12, 9 + 2 + note_w),
        "popup at row 8, note on its 4th line"
    );
    s.send(b"\r");
    s.wait_for("已记录：市民政局");
    let out = ledger_cli(
        &ledger,
        &[
            "history",
            "taian-2021-kangyang-fudi-shishi-yijian/4.2",
            "--json",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("已完成选址，签订协议2份"), "{text}");
    assert!(text.contains("\"doing\""), "{text}");
}

#[test]
fn a_held_write_lock_does_not_freeze_the_dashboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = dir.path().join("ledger.sqlite3");
    assert!(ledger_cli(&ledger, &["init"]).status.success());
    let mut s = Session::start_with_ledger(&ledger);
    s.wait_for("搜索");
    s.send("市民政局".as_bytes());
    s.wait_for("职责 · 市民政局");
    s.send(b"\r");
    s.wait_for("> 绿        责任 加快发展健康养老服");
    // Another process takes the write lock and keeps it.
    let lock = rusqlite::Connection::open(&ledger).expect("sqlite");
    lock.execute_batch("BEGIN IMMEDIATE").expect("lock");
    s.send(b"r");
    s.wait_for("登记进展 · 市民政局");
    s.send("选址完成".as_bytes());
    s.wait_for("> 选址完成");
    s.send(b"\r");
    s.wait_for("等待台账写锁");
    // Still answering keys while it waits, the typed note kept.
    s.send("，已签约".as_bytes());
    s.wait_for("> 选址完成，已签约");
    drop(lock);
    s.wait_for("已记录：市民政局");
    let out = ledger_cli(
        &ledger,
        &[
            "history",
            "taian-2021-kangyang-fudi-shishi-yijian/3.3",
            "--json",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("选址完成，已签约"), "{text}");
}
