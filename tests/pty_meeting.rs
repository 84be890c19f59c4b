//! The meeting in the real binary, in a pseudo-terminal read through vt100: mark two units with
//! Space, open the meeting view, and read the task they share off the screen; and a meeting
//! opened ready with `--units`.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running dashboard; dropping it kills the child, so no failure path leaves one behind.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dutymatrix"));
        cmd.args(["--today", "2022-06-30"]);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("DUTYMATRIX_DOCS");
        cmd.env_remove("DUTYMATRIX_TODAY");
        cmd.env_remove("TMUX");
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let s = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = s.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        Session {
            child,
            _master: pair.master,
            writer,
            screen,
        }
    }

    fn rows(&self) -> Vec<String> {
        self.screen
            .lock()
            .map(|p| p.screen().rows(0, 80).collect())
            .unwrap_or_default()
    }

    fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.rows().iter().any(|r| r.contains(needle)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "screen never showed {needle:?}; it shows:\n{}",
            self.rows().join("\n")
        );
    }

    /// Sends keys one at a time, pausing as a person does (Esc and a key at once read as Alt).
    fn keys(&mut self, keys: &[&[u8]]) {
        for k in keys {
            self.writer.write_all(k).expect("write to pty");
            self.writer.flush().expect("flush pty");
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// The rows under a heading, up to the next heading (a row not indented by two spaces).
    fn section(&self, heading: &str) -> Vec<String> {
        let rows = self.rows();
        let inner: Vec<String> = rows
            .iter()
            .map(|r| {
                r.trim_start_matches('│')
                    .trim_end()
                    .trim_end_matches('│')
                    .to_string()
            })
            .collect();
        let Some(at) = inner.iter().position(|r| r.starts_with(heading)) else {
            return Vec::new();
        };
        inner[at + 1..]
            .iter()
            .take_while(|r| r.starts_with("  ") || r.starts_with("> "))
            .cloned()
            .collect()
    }
}

#[test]
fn marking_two_units_shows_their_shared_task() {
    let mut s = Session::start(&[]);
    s.wait_for("搜索");
    s.keys(&["市卫生健康委".as_bytes()]);
    s.wait_for("1/43");
    // Tab leaves the search line for the unit list, Space marks, / and Ctrl-U start a new search.
    s.keys(&[b"\t", b" "]);
    s.wait_for("已标记1");
    s.keys(&[b"/", b"\x15", "市民政局".as_bytes()]);
    s.wait_for("> 市民政局");
    s.keys(&[b"\t", b" "]);
    s.wait_for("已标记2");
    s.wait_for(">*市民政局");
    s.keys(&[b"M"]);
    s.wait_for("共同任务 (3)");
    let shared = s.section("共同任务");
    assert_eq!(shared.len(), 3, "{shared:?}");
    assert!(
        shared[0].contains("加快发展健康养老服务业") && shared[0].contains("卫生健康委、民政局"),
        "{shared:?}"
    );
    assert!(s.rows()[0].contains("会议 · 2个单位 · 任务10 · 共同3 · 逾期0"));
}

#[test]
fn units_on_the_command_line_open_the_meeting_ready() {
    let mut s = Session::start(&["--units", "市卫健委,市民政局"]);
    s.wait_for("共同任务 (3)");
    assert!(s.section("共同任务")[1].contains("完善政策保障"));
    s.keys(&[b"t"]);
    s.wait_for("时间表");
    s.keys(&[b"q"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = s.child.try_wait() {
            assert!(status.success());
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("q did not quit");
}
