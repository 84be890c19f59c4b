//! Display widths: CJK characters take two terminal cells, so every column, cut and wrap here
//! counts cells with `unicode-width`, never bytes or chars.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

pub fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Cuts `s` to at most `max` cells, ending with `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `cells` cells.
pub fn fit(s: &str, cells: usize) -> String {
    let mut out = truncate(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// Wraps text into lines of at most `max` cells. Chinese has no spaces to break at, so any
/// character boundary will do, except that closing punctuation is not left to start a line.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for c in para.chars() {
            let c = if c == '\t' { ' ' } else { c };
            let w = char_width(c);
            if used + w > max && !line.is_empty() {
                if is_closing(c) && used <= max {
                    // Keep the stop with its sentence by carrying the last char over instead.
                    if let Some(last) = line.pop() {
                        lines.push(std::mem::take(&mut line));
                        line.push(last);
                        used = char_width(last);
                    }
                } else {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
            }
            line.push(c);
            used += w;
        }
        lines.push(line);
    }
    lines
}

fn is_closing(c: char) -> bool {
    "，。、；：？！）》」』”’,.;:?!)".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cells() {
        assert_eq!(width("市卫生健康委"), 12);
        assert_eq!(width("ab"), 2);
        assert_eq!(truncate("市卫生健康委", 7), "市卫生…");
        assert_eq!(fit("省民政厅", 10), "省民政厅  ");
        assert_eq!(fit("省民政厅", 5), "省民…");
    }

    #[test]
    fn wrap_by_cells_and_keep_stops_off_line_starts() {
        assert_eq!(wrap("一二三四五", 4), vec!["一二", "三四", "五"]);
        assert_eq!(wrap("一二三。四", 6), vec!["一二", "三。四"]);
        for l in wrap(
            "推动医养结合机构兼容享受医疗、医保、养老等领域支持政策。",
            9,
        ) {
            assert!(width(&l) <= 9, "{l}");
            assert!(!l.starts_with(is_closing), "{l}");
        }
    }
}
