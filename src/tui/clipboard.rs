//! Copying over SSH: the OSC 52 escape asks the user's own terminal to set its clipboard, so a
//! copy works on the laptop in the meeting, not on the server. Inside tmux the sequence is
//! wrapped so tmux passes it on. Rows are tab-separated: they paste into a spreadsheet as cells.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The escape sequence that puts `text` on the terminal's clipboard.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let payload = STANDARD.encode(text.as_bytes());
    if in_tmux {
        format!("\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\")
    } else {
        format!("\x1b]52;c;{payload}\x07")
    }
}

/// One row of cells; tabs and line breaks inside a cell would split it, so they become spaces.
pub fn row<I, S>(cells: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    cells
        .into_iter()
        .map(|c| c.as_ref().replace(['\t', '\n', '\r'], " "))
        .collect::<Vec<_>>()
        .join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_plain_and_inside_tmux() {
        assert_eq!(osc52("市民政局", false), "\x1b]52;c;5biC5rCR5pS/5bGA\x07");
        assert_eq!(osc52("a", true), "\x1bPtmux;\x1b\x1b]52;c;YQ==\x07\x1b\\");
        assert_eq!(row(["甲", "乙\t丙", "丁\n戊"]), "甲\t乙 丙\t丁 戊");
    }
}
