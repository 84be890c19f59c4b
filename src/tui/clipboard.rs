//! Copying over SSH: the OSC 52 escape asks the user's own terminal to set its clipboard, so a
//! copy works on the laptop in the meeting, not on the server. Inside tmux the text is handed to
//! tmux itself (`tmux load-buffer -w -`): tmux's default `allow-passthrough off` drops a wrapped
//! OSC 52, while its own buffer always works and reaches the outer clipboard when tmux's
//! `set-clipboard` allows. Rows are tab-separated: they paste into a spreadsheet as cells.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Where copied text went, so the status line can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// tmux's paste buffer (and the outer clipboard if tmux forwards it).
    Tmux,
    /// An OSC 52 sequence to the terminal: set if the terminal honours it.
    Terminal,
    /// tmux refused the buffer: an OSC 52 wrapped for passthrough was sent instead.
    TerminalThroughTmux,
}

/// Sends `text` to the clipboard the session can reach: tmux's when inside tmux, otherwise the
/// terminal's through `out`.
pub fn send(text: &str, out: &mut impl Write) -> io::Result<Destination> {
    let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    if in_tmux && tmux_load_buffer(text) {
        return Ok(Destination::Tmux);
    }
    out.write_all(osc52(text, in_tmux).as_bytes())?;
    out.flush()?;
    Ok(if in_tmux {
        Destination::TerminalThroughTmux
    } else {
        Destination::Terminal
    })
}

/// `tmux load-buffer -w -` (`-w` also sets the outer clipboard; tmux before 3.2 lacks it).
fn tmux_load_buffer(text: &str) -> bool {
    [&["load-buffer", "-w", "-"][..], &["load-buffer", "-"][..]]
        .iter()
        .any(|args| {
            let Ok(mut child) = Command::new("tmux")
                .args(*args)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
            else {
                return false;
            };
            let wrote = child
                .stdin
                .take()
                .is_some_and(|mut i| i.write_all(text.as_bytes()).is_ok());
            child.wait().is_ok_and(|s| s.success()) && wrote
        })
}

/// The escape sequence that puts `text` on the terminal's clipboard.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let payload = STANDARD.encode(text.as_bytes());
    if in_tmux {
        format!("\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\")
    } else {
        format!("\x1b]52;c;{payload}\x07")
    }
}

/// One row of cells; tabs and line breaks inside a cell would split it, so they become spaces,
/// and anything a terminal or spreadsheet would act on or hide is dropped
/// ([`crate::text::copy_safe`]).
pub fn row<I, S>(cells: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    cells
        .into_iter()
        .map(|c| crate::text::copy_safe(c.as_ref()))
        .collect::<Vec<_>>()
        .join("\t")
}

/// What `y` copies on every screen but the matrix and the progress counts: the sheet's rows,
/// in the one set of columns every sheet has (with where each stands in the ledger),
/// tab-separated.
pub fn sheet_rows(sh: &super::shared::Shared, sheet: Option<crate::export::Sheet>) -> Vec<String> {
    let Some(sheet) = sheet else {
        return Vec::new();
    };
    crate::export::table(&sh.with_ledger(sheet), sh.lang)
        .into_iter()
        .map(row)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_plain_and_inside_tmux() {
        assert_eq!(osc52("市民政局", false), "\x1b]52;c;5biC5rCR5pS/5bGA\x07");
        assert_eq!(osc52("a", true), "\x1bPtmux;\x1b\x1b]52;c;YQ==\x07\x1b\\");
        assert_eq!(row(["甲", "乙\t丙", "丁\n戊"]), "甲\t乙 丙\t丁 戊");
        assert_eq!(row(["a\u{1b}]52;c;x\u{7}", "b\u{2029}c"]), "a]52;c;x\tbc");
    }
}
