//! The real binary in a pseudo-terminal, read through a terminal emulator (vt100), as the
//! PTY tests share it: every run on a fixed day, without colour, and in a home of its own, as
//! [`super::run`] isolates every run of the binary.

use super::poll_until;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running dashboard. Dropping it kills the child, so no failure path leaves one behind.
pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Option<Box<dyn MasterPty + Send>>,
    pub writer: Option<Box<dyn Write + Send>>,
    pub screen: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// The run's home, holding its config, cache and data folders, so a run never reads or
    /// writes the real ones.
    _home: tempfile::TempDir,
}

impl Drop for Session {
    fn drop(&mut self) {
        // A child that has already exited cannot be killed or waited for again: not a failure.
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Session {
    pub fn start() -> Session {
        Session::start_reading_until(None)
    }

    /// With `until`, the reader stops (and closes its copy of the pty) once the screen shows it,
    /// so that dropping the master really closes the terminal.
    pub fn start_reading_until(until: Option<&'static str>) -> Session {
        Session::spawn(until, None, &[], &[])
    }

    /// With extra environment variables for the dashboard.
    pub fn start_with(until: Option<&'static str>, env: &[(&str, &str)]) -> Session {
        Session::spawn(until, None, env, &[])
    }

    /// A dashboard on the ledger at `ledger`.
    pub fn start_with_ledger(ledger: &std::path::Path) -> Session {
        Session::spawn(None, Some(ledger), &[], &[])
    }

    /// A dashboard given these environment variables and command-line arguments.
    pub fn start_env_args(env: &[(&str, &str)], args: &[&str]) -> Session {
        Session::spawn(None, None, env, args)
    }

    /// The screen once it has stopped changing for `quiet` (within 30 s).
    pub fn settled(&self, quiet: Duration) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let mut last = self.contents();
        loop {
            std::thread::sleep(quiet);
            let now = self.contents();
            if now == last {
                return now;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the screen never settled:\n{now}"
            );
            last = now;
        }
    }

    /// The screen as the first frame left it: the output up to the end of the first
    /// synchronized update, however soon the next frame followed. Waits (up to 30 s) for that
    /// end: part of a frame may be on screen before the rest of it has arrived.
    pub fn first_frame(&self) -> String {
        const END: &[u8] = b"\x1b[?2026l";
        let end_of = |raw: &[u8]| {
            (raw.windows(END.len()))
                .position(|w| w == END)
                .map(|at| at + END.len())
        };
        let ended = poll_until(Duration::from_secs(30), || {
            self.raw.lock().is_ok_and(|r| end_of(&r).is_some())
        });
        assert!(ended, "no frame ended:\n{}", self.contents());
        let raw = self.raw.lock().map(|r| r.clone()).unwrap_or_default();
        let end = end_of(&raw).unwrap_or(raw.len());
        let mut p = vt100::Parser::new(24, 80, 0);
        p.process(&raw[..end]);
        p.screen().contents()
    }

    /// A dashboard given these command-line arguments.
    pub fn start_args(args: &[&str]) -> Session {
        Session::spawn(None, None, &[], args)
    }

    fn spawn(
        until: Option<&'static str>,
        ledger: Option<&std::path::Path>,
        env: &[(&str, &str)],
        args: &[&str],
    ) -> Session {
        let home = tempfile::tempdir().expect("home dir");
        let cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dutymatrix"));
        Session::launch(cmd, home, until, ledger, env, args)
    }

    /// The dashboard at `bin` run as another Unix user through setpriv (`--reuid`, `--regid`,
    /// that user's groups), in `home`, which that user must be able to write.
    pub fn start_as(
        user: &str,
        bin: &std::path::Path,
        home: tempfile::TempDir,
        ledger: &std::path::Path,
        args: &[&str],
    ) -> Session {
        let mut cmd = CommandBuilder::new("/usr/bin/setpriv");
        cmd.args(["--reuid", user, "--regid", user, "--init-groups"]);
        cmd.arg(bin);
        Session::launch(cmd, home, None, Some(ledger), &[], args)
    }

    fn launch(
        mut cmd: CommandBuilder,
        home: tempfile::TempDir,
        until: Option<&'static str>,
        ledger: Option<&std::path::Path>,
        env: &[(&str, &str)],
        args: &[&str],
    ) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        cmd.arg("--today");
        cmd.arg("2022-06-30");
        // No test reads or writes the config, cache or ledger of whoever runs the tests.
        for (name, value) in super::run::environment(home.path()) {
            match value {
                Some(v) => cmd.env(name, v),
                None => cmd.env_remove(name),
            }
        }
        cmd.env("TERM", "xterm-256color");
        // Inside tmux, y would hand the rows to tmux instead of the terminal the test reads.
        cmd.env_remove("TMUX");
        if let Some(l) = ledger {
            cmd.arg("--ledger");
            cmd.arg(l);
        }
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = s.lock() {
                    p.process(&buf[..n]);
                }
                if let Ok(mut v) = r.lock() {
                    v.extend_from_slice(&buf[..n]);
                }
                let seen = s
                    .lock()
                    .map(|p| until.is_some_and(|u| p.screen().contents().contains(u)));
                if seen.unwrap_or(false) {
                    break;
                }
            }
        });
        Session {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            screen,
            raw,
            _home: home,
        }
    }

    pub fn raw_text(&self) -> String {
        self.raw
            .lock()
            .map(|r| String::from_utf8_lossy(&r).into_owned())
            .unwrap_or_default()
    }

    pub fn pid(&self) -> String {
        self.child.process_id().expect("pid").to_string()
    }

    /// The process state letter from /proc (`T` when stopped).
    pub fn state(&self) -> char {
        std::fs::read_to_string(format!("/proc/{}/stat", self.pid()))
            .ok()
            .and_then(|s| {
                let after = s.rfind(')')?;
                s[after + 1..].trim_start().chars().next()
            })
            .unwrap_or('?')
    }

    pub fn signal(&self, sig: &str) {
        let ok = std::process::Command::new("kill")
            .args([&format!("-{sig}"), &self.pid()])
            .status()
            .expect("kill");
        assert!(ok.success(), "kill -{sig}");
    }

    pub fn in_alternate_screen(&self) -> bool {
        self.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    pub fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    pub fn wait_for(&self, needle: &str) {
        // Generous: a loaded CI machine can stall a child for seconds; a pass costs no wait.
        let shown = poll_until(Duration::from_secs(30), || self.contents().contains(needle));
        assert!(
            shown,
            "screen never showed {needle:?}; it shows:\n{}",
            self.contents()
        );
    }

    pub fn send(&mut self, bytes: &[u8]) {
        if let Some(w) = self.writer.as_mut() {
            w.write_all(bytes).expect("write to pty");
            w.flush().expect("flush pty");
        }
    }

    pub fn exited_within(&mut self, limit: Duration) -> Option<portable_pty::ExitStatus> {
        let mut status = None;
        poll_until(limit, || {
            status = self.child.try_wait().ok().flatten();
            status.is_some()
        });
        status
    }

    pub fn restored(&self) -> bool {
        let p = self.screen.lock().expect("screen");
        let s = p.screen();
        let raw = self.raw.lock().expect("raw");
        let tail = String::from_utf8_lossy(&raw);
        !s.alternate_screen() && !s.hide_cursor() && tail.contains("\x1b[?1049l")
    }

    /// The screen's rows as text.
    pub fn rows(&self) -> Vec<String> {
        self.screen
            .lock()
            .map(|p| p.screen().rows(0, 80).collect())
            .unwrap_or_default()
    }

    /// As [`Session::wait_for`], the needle within one row.
    pub fn wait_for_row(&self, needle: &str) {
        let shown = poll_until(Duration::from_secs(10), || {
            self.rows().iter().any(|r| r.contains(needle))
        });
        assert!(
            shown,
            "screen never showed {needle:?}; it shows:\n{}",
            self.rows().join("\n")
        );
    }

    /// Sends keys one at a time, pausing as a person does (pty_input sends them together).
    pub fn keys(&mut self, keys: &[&[u8]]) {
        for k in keys {
            self.send(k);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// The rows under a heading, up to the next heading (a row not indented by two spaces).
    pub fn section(&self, heading: &str) -> Vec<String> {
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
