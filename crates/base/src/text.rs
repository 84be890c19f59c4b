//! Display widths: CJK characters take two terminal cells, so every column, cut and wrap here
//! counts cells with `unicode-width`, never bytes or chars.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[path = "text_scan.rs"]
mod scan;
pub use scan::{BLOCK, char_marks, find_by_blocks, next_marked};
#[path = "text_bytes.rs"]
mod bytes;
pub use bytes::{find_char, has_whitespace, holds, holds_word, trim, trim_end, trim_start};
#[path = "text_sanitize.rs"]
mod sanitize;
pub use sanitize::sanitize;

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

/// Untrusted text that must stay on one line (a file name, a path in a message): everything a
/// terminal would obey is removed, as for document text, and so are line breaks and tabs.
pub fn one_line(s: &str) -> String {
    s.chars()
        .filter(|c| !is_unsafe(*c) && !is_hidden_format(*c))
        .collect()
}

/// Characters a terminal draws as nothing, or as a break, while counting them as cells (or not)
/// differently from us: line and paragraph separators, soft hyphens, tag characters. In a note
/// or a name they would shift the borders drawn after them.
pub fn is_hidden_format(c: char) -> bool {
    matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{00AD}' | '\u{E0000}'..='\u{E007F}'
    )
}

/// Text bound for someone else's clipboard and spreadsheet: as [`one_line`], and also without
/// the invisible characters that would split or hide text once pasted (line and paragraph
/// separators, soft hyphens, tag characters).
pub fn copy_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !is_unsafe(*c) && !is_hidden_format(*c))
        .collect()
}

/// Untrusted text (ledger notes, logins, titles) made safe for a terminal line and aligned
/// columns: as [`one_line`], but line breaks and tabs become spaces (`\r\n` one space), and
/// ambiguous-width punctuation is replaced as by [`unambiguous`].
pub fn safe_line(s: &str) -> String {
    // Most notes and titles have nothing to change: a report prints a hundred thousand.
    if !needs_safe_line(s) {
        return s.to_owned();
    }
    made_safe_line(s)
}

/// [`safe_line`] of `s` added to `out`, with no string of its own when nothing changes.
pub fn push_safe_line(out: &mut String, s: &str) {
    match needs_safe_line(s) {
        false => out.push_str(s),
        true => out.push_str(&made_safe_line(s)),
    }
}

fn needs_safe_line(s: &str) -> bool {
    s.chars()
        .any(|c| !is_plainly_safe(c) && (is_unsafe(c) || is_hidden_format(c) || is_ambiguous(c)))
}

/// Printable ASCII and the CJK Unified Ideographs: most of any text here, and none of them
/// unsafe, hidden or ambiguous (a test asks each), so they are passed without the lists.
fn is_plainly_safe(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{4e00}'..='\u{9fff}')
}

fn made_safe_line(s: &str) -> String {
    let clean: String = sanitize(s)
        .chars()
        .filter_map(|c| match c {
            '\n' | '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
            c if is_hidden_format(c) => None,
            c => Some(c),
        })
        .collect();
    unambiguous(&clean).into_owned()
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
                // English breaks between words: a space at the break goes, and a word cut in
                // two moves whole to the next line.
                if c == ' ' {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                    continue;
                }
                if is_word(c)
                    && line.ends_with(is_word)
                    && let Some(at) = line.rfind(' ')
                    && at > 0
                {
                    let word = line.split_off(at + 1);
                    lines.push(line.trim_end().to_string());
                    line = word;
                    used = width(&line);
                    line.push(c);
                    used += w;
                    continue;
                }
                // Closing punctuation may not start a line: carry the last few characters over
                // with it, back to one that is not itself closing punctuation.
                let mut carried: Vec<char> = Vec::new();
                if is_closing(c) {
                    while carried.len() < 4 {
                        let Some(last) = line.pop() else { break };
                        carried.push(last);
                        if !is_closing(last) {
                            break;
                        }
                    }
                    // Nor may an opening bracket end one.
                    if line.ends_with(is_opening) && carried.len() < 4 {
                        carried.extend(line.pop());
                    }
                    if line.is_empty() {
                        line.extend(carried.drain(..).rev());
                    }
                }
                lines.push(std::mem::take(&mut line).trim_end_matches(' ').to_string());
                line.extend(carried.into_iter().rev());
                used = width(&line);
            }
            line.push(c);
            used += w;
        }
        lines.push(line);
    }
    lines
}

/// Document text made safe to align: punctuation of ambiguous width (drawn one cell wide by some
/// terminals and two by others, notably CJK setups) becomes an unambiguous equivalent, so every
/// column lines up whatever the terminal's setting.
pub fn unambiguous(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_ambiguous) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '“' => out.push('「'),
            '”' => out.push('」'),
            '‘' => out.push('『'),
            '’' => out.push('』'),
            '—' => out.push('－'),
            '…' => out.push('⋯'),
            '·' | '•' => out.push('・'),
            '①'..='⑳' => out.push_str(&format!("({})", c as u32 - '①' as u32 + 1)),
            c if is_ambiguous(c) => out.push('?'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// East Asian Ambiguous characters that occur in Chinese prose, beyond box drawing.
fn is_ambiguous(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '•' | '①'
            ..='⑳'
                | '§'
                | '¨'
                | '°'
                | '±'
                | '×'
                | '÷'
                | '※'
                | '→'
                | '←'
                | '↑'
                | '↓'
                | '■'
                | '□'
                | '▲'
                | '△'
                | '●'
                | '○'
                | '◆'
                | '◇'
                | '★'
                | '☆'
                | '√'
                | '∶'
    )
}

/// A character of a Latin word or number, which a line break must not split.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '\'' | '.' | ',' | ')' | '(')
}

fn is_opening(c: char) -> bool {
    "（《「『“‘(".contains(c)
}

fn is_closing(c: char) -> bool {
    "，。、；：？！）》」』”’,.;:?!)".contains(c)
}

/// How many bytes the character a UTF-8 byte opens holds, for loops that step over a text a
/// character at a time by its bytes (a Han character one step, not three) without decoding it.
/// Meant for a character's first byte; a byte inside a character is given 1. Counted without
/// a branch: a branch on each character's width is mispredicted where ASCII and Han mix.
#[inline]
pub fn utf8_width(first: u8) -> usize {
    1 + usize::from(first >= 0xC0) + usize::from(first >= 0xE0) + usize::from(first >= 0xF0)
}

/// Characters never to be written to a terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}')
}

/// Where `word` first occurs in `hay`. Meant for the short names and labels the reader
/// tests against word lists many times a line, where `str::find` sets up a substring searcher
/// for each word: the word's last byte is looked for with `memchr` (for a Han character a
/// continuation byte, one byte in a hundred of Chinese text), and the word compared only there.
/// A match starts at a character, as the word's first byte opens one.
#[inline]
pub fn find_word(hay: &str, word: &str) -> Option<usize> {
    let w = word.as_bytes();
    let Some(&last) = w.last() else {
        return Some(0);
    };
    let b = hay.as_bytes();
    memchr::memchr_iter(last, b)
        .find(|&i| b[..=i].ends_with(w))
        .map(|i| i + 1 - w.len())
}

/// Whether `hay` contains one of `words` (see [`find_word`]): one pass over `hay`, each of
/// its characters compared with the words' first characters. A long line and a few words (a
/// whole line tested for a page's counters) go to `str::contains`, whose vector search passes
/// over a line faster than its characters can be decoded one by one.
pub fn contains_any(hay: &str, words: &[&str]) -> bool {
    if hay.len() >= 64 && words.len() <= 4 {
        return words.iter().any(|w| hay.contains(w));
    }
    let mut firsts = ['\0'; 16];
    if words.len() > firsts.len() {
        return words.iter().any(|w| find_word(hay, w).is_some());
    }
    // The first characters' low six bits, one bit each: most characters of a name match none
    // and are passed over with one test, not one comparison per word. A character's low six
    // bits are those of its last byte, so it is tested without being decoded.
    let mut mask = 0u64;
    for (f, w) in firsts.iter_mut().zip(words) {
        match w.chars().next() {
            Some(c) => {
                *f = c;
                mask |= 1u64 << (u32::from(c) & 63);
            }
            None => return true,
        }
    }
    let b = hay.as_bytes();
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        let width = utf8_width(lead);
        let last = b.get(i + width - 1).copied().unwrap_or(lead);
        if mask >> (last & 63) & 1 != 0
            && let Some(c) = hay.get(i..).and_then(|rest| rest.chars().next())
            && (firsts.iter().zip(words)).any(|(&f, w)| f == c && hay[i..].starts_with(w))
        {
            return true;
        }
        i += width;
    }
    false
}

/// Whether `s` ends with one of `words`, the last bytes compared before the rest: most words
/// of a list differ from a name in their last byte, and are turned away without a call.
pub fn ends_with_any(s: &str, words: &[&str]) -> bool {
    let s = s.as_bytes();
    words.iter().any(|w| match (w.as_bytes().last(), s.last()) {
        (None, _) => true,
        (Some(a), Some(b)) => a == b && s.ends_with(w.as_bytes()),
        (Some(_), None) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plainly_safe_characters_are_none_the_lists_name() {
        for c in (' '..='~').chain('\u{4e00}'..='\u{9fff}') {
            assert!(is_plainly_safe(c));
            assert!(
                !(is_unsafe(c) || is_hidden_format(c) || is_ambiguous(c)),
                "{c:?}"
            );
        }
        assert!(!is_plainly_safe('\u{1b}') && !is_plainly_safe('“'));
        assert!(needs_safe_line("推进\u{1b}[31m") && needs_safe_line("“推进”"));
        assert!(!needs_safe_line("推进医养结合, 2026"));
    }

    #[test]
    fn word_lists_answer_as_str_does() {
        let texts = [
            "",
            "单位",
            "牵头单位",
            "市发展改革委",
            "ab单位c",
            "领导小组办公室",
            "位单",
            "市发展改革委、市财政局、市教育局按职责分工负责,ab单位c,领导小组办公室。",
        ];
        let words = ["", "单位", "位", "领导", "领导小组", "委", "c", "ab", "单"];
        for t in texts {
            for w in words {
                assert_eq!(find_word(t, w), t.find(w), "{t} {w}");
                assert_eq!(contains_any(t, &[w]), t.contains(w), "{t} {w}");
                assert_eq!(ends_with_any(t, &[w]), t.ends_with(w), "{t} {w}");
            }
            for list in [
                &words[1..],
                &words[..2],
                &["甲"; 20],
                &["甲"; 20].map(|_| "单"),
            ] {
                assert_eq!(contains_any(t, list), list.iter().any(|w| t.contains(w)));
            }
        }
    }

    /// Every character's first byte gives its length in bytes.
    #[test]
    fn a_first_byte_tells_the_width() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            assert_eq!(
                utf8_width(c.encode_utf8(&mut buf).as_bytes()[0]),
                c.len_utf8()
            );
        }
    }

    #[test]
    fn untrusted_names_lose_what_a_terminal_obeys() {
        assert_eq!(one_line("a\x1b]52;c;eA==\x07b\n.txt"), "a]52;c;eA==b.txt");
        assert_eq!(
            copy_safe("甲\u{2028}乙\u{00AD}丙\u{E0041}\t丁\x1b[2J"),
            "甲乙丙 丁[2J"
        );
    }

    /// Text with nothing to change is copied as it is: so is every character the rewriting
    /// would keep.
    #[test]
    fn a_line_with_nothing_to_change_is_kept_as_the_rewriting_keeps_it() {
        let kept = (0..0x3100u32)
            .chain(0xFE00..0x10000)
            .chain(0xE0000..0xE0080);
        for c in kept.filter_map(char::from_u32) {
            let s = format!("甲{c}乙\r\n");
            assert_eq!(safe_line(&s), made_safe_line(&s), "U+{:04X}", c as u32);
            let s = format!("甲{c}乙");
            assert_eq!(safe_line(&s), made_safe_line(&s), "U+{:04X}", c as u32);
        }
    }

    /// Separators, soft hyphens and tag characters in a note would shift the borders after it.
    #[test]
    fn notes_and_names_lose_invisible_format_characters() {
        let note = "已拨付\u{2028}资金\u{2029}第二段\u{00AD}完\u{E0041}\u{E007F}成";
        assert_eq!(safe_line(note), "已拨付 资金 第二段完成");
        assert_eq!(width(&safe_line(note)), 22);
        assert_eq!(one_line("a\u{2028}b\u{00AD}c\u{E0020}.txt"), "abc.txt");
    }

    #[test]
    fn widths_count_cells() {
        assert_eq!(width("市卫生健康委"), 12);
        assert_eq!(width("ab"), 2);
        assert_eq!(truncate("市卫生健康委", 7), "市卫生…");
        assert_eq!(fit("省民政厅", 10), "省民政厅  ");
        assert_eq!(fit("省民政厅", 5), "省民…");
    }

    #[test]
    fn ambiguous_punctuation_gets_unambiguous_forms() {
        assert_eq!(unambiguous("“十四五”末"), "「十四五」末");
        assert_eq!(unambiguous("养老泰安·养生泰山①…"), "养老泰安・养生泰山(1)⋯");
        assert_eq!(unambiguous("市民政局"), "市民政局");
        for c in "「」『』－・".chars() {
            assert_eq!(char_width(c), 2, "{c}");
        }
        assert_eq!(char_width('⋯'), 1);
    }

    #[test]
    fn english_wraps_between_words() {
        assert_eq!(
            wrap("no deadline stated for this task", 12),
            vec!["no deadline", "stated for", "this task"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wrap_by_cells_and_keep_stops_off_line_starts() {
        assert_eq!(wrap("一二三四五", 4), vec!["一二", "三四", "五"]);
        assert_eq!(wrap("一二三。四", 6), vec!["一二", "三。四"]);
        assert_eq!(wrap("abc(5)、d", 6), vec!["abc", "(5)、d"]);
        for l in wrap(
            "推动医养结合机构兼容享受医疗、医保、养老等领域支持政策。",
            9,
        ) {
            assert!(width(&l) <= 9, "{l}");
            assert!(!l.starts_with(is_closing), "{l}");
        }
    }
}
