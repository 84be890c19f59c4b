//! The dated phrases that hang on a year (`力争到2025年6月底前`, `2023年底`, `到2025年`), read by
//! hand. They were three patterns, each searched over every task text with a 年 and a digit
//! (a twentieth of reading from text); the test keeps the patterns and checks that each reader
//! here finds what its pattern found, at the same places.
//!
//! Every phrase has the same head, `(力争|争取)?(到|于|在)?([0-9]{4})年`, so each is found from
//! a 年 with four ASCII digits before it, stretched back over the words that may open it.
//! Phrases of one kind never overlap: the words that open one (力争取到于在) are none of those
//! that end one (年月日底末前, digits before 年 or 日), so the patterns' left-to-right search
//! and this walk over each 年 in turn meet the same phrases.

use std::ops::Range;

/// A phrase with a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Phrase {
    /// Where it starts: at 力争/争取 or 到/于/在 when one opens it, else at the year.
    pub start: usize,
    pub end: usize,
    /// The year's four digits.
    pub year: Range<usize>,
    /// The month's digits (`6` of `6月`), in a month phrase.
    pub month: Option<Range<usize>>,
    /// The day's digits, when the month phrase has one.
    pub day: Option<Range<usize>>,
}

impl Phrase {
    /// Whether a word opens it (力争, 到 …): a target, more likely a deadline than a bare year.
    pub fn marked(&self) -> bool {
        self.start < self.year.start
    }
}

/// What follows a year's 年 in a phrase: where the phrase ends, its month and day.
type Tail = (usize, Option<Range<usize>>, Option<Range<usize>>);

/// Where each 年 of a text starts, found once for the readers of the phrases: each found them
/// anew, and a search by the 年's last byte (B4) stops at many other characters in a Han text.
/// Kept on the stack up to [`YearMarks::ON_STACK`], the case of nearly every task text.
pub(super) struct YearMarks {
    on_stack: [usize; YearMarks::ON_STACK],
    len: usize,
    /// All of them, when there are more than the stack holds.
    more: Vec<usize>,
}

impl YearMarks {
    const ON_STACK: usize = 8;

    #[inline]
    pub(super) fn of(b: &[u8]) -> YearMarks {
        let mut marks = YearMarks {
            on_stack: [0; YearMarks::ON_STACK],
            len: 0,
            more: Vec::new(),
        };
        for y in year_marks(b) {
            match marks.on_stack.get_mut(marks.len) {
                Some(slot) => *slot = y,
                None if marks.more.is_empty() => {
                    marks.more.extend_from_slice(&marks.on_stack);
                    marks.more.push(y);
                }
                None => marks.more.push(y),
            }
            marks.len += 1;
        }
        marks
    }

    pub(super) fn at(&self) -> &[usize] {
        if self.more.is_empty() {
            &self.on_stack[..self.len]
        } else {
            &self.more
        }
    }

    /// Whether a 年 follows `word` (`每` for 每年): a search for the pair, told from the marks.
    pub(super) fn after(&self, b: &[u8], word: &str) -> bool {
        self.at().iter().any(|&y| b[..y].ends_with(word.as_bytes()))
    }

    /// [`year_by_digit`] over the marks.
    pub(super) fn by_digit(&self, b: &[u8]) -> bool {
        self.at().iter().any(|&y| {
            (y >= 1 && b[y - 1].is_ascii_digit()) || b.get(y + 3).is_some_and(u8::is_ascii_digit)
        })
    }
}

/// `2025年`, as `(力争|争取)?(到|于|在)?([0-9]{4})年` reads it.
pub(super) fn years<'a>(norm: &'a str, marks: &'a YearMarks) -> impl Iterator<Item = Phrase> + 'a {
    phrases(norm, marks, |_, at| Some((at, None, None)))
}

/// `2023年底前`, as `…([0-9]{4})年(?:年底|年末|底|末)(前|以前)?` reads it.
pub(super) fn year_ends<'a>(
    norm: &'a str,
    marks: &'a YearMarks,
) -> impl Iterator<Item = Phrase> + 'a {
    phrases(norm, marks, |b, at| {
        let at = word_at(b, at, &["年底", "年末", "底", "末"])?;
        Some((word_at(b, at, &["前", "以前"]).unwrap_or(at), None, None))
    })
}

/// `2023年6月30日前`, as `…([0-9]{4})年([0-9]{1,2})月(?:([0-9]{1,2})日)?(底|末)?(前|以前)?`
/// reads it.
pub(super) fn months<'a>(norm: &'a str, marks: &'a YearMarks) -> impl Iterator<Item = Phrase> + 'a {
    phrases(norm, marks, |b, at| {
        let (month, day, at) = month_and_day(b, at)?;
        let at = word_at(b, at, &["底", "末"]).unwrap_or(at);
        Some((
            word_at(b, at, &["前", "以前"]).unwrap_or(at),
            Some(month),
            day,
        ))
    })
}

/// `6月` or `6月30日` from byte `at`, as `([0-9]{1,2})月(?:([0-9]{1,2})日)?` reads it: the month's
/// digits, the day's, and where the phrase ends. Read alike after a year and after 每年.
fn month_and_day(b: &[u8], at: usize) -> Option<(Range<usize>, Option<Range<usize>>, usize)> {
    let month = at..at + short_number(b, at)?;
    let at = word_at(b, month.end, &["月"])?;
    if let Some(n) = short_number(b, at)
        && let Some(after) = word_at(b, at + n, &["日"])
    {
        return Some((month, Some(at..at + n), after));
    }
    Some((month, None, at))
}

/// A yearly phrase (`每年6月底前`): where it starts (at 每) and ends, and its month's and day's
/// digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Yearly {
    pub start: usize,
    pub end: usize,
    pub month: Range<usize>,
    pub day: Option<Range<usize>>,
}

/// `每年6月底前`, as `每年([0-9]{1,2})月(?:([0-9]{1,2})日|底|末)?(?:前|以前)?` reads it, from each
/// 年 of the marks after a 每: the pattern's search cost more than the rest of reading a task's
/// dates. Phrases never overlap, as none holds a 每 after its own. Read as they are taken, as
/// the other phrases are: no list is made of them.
pub(super) fn yearly<'a>(norm: &'a str, marks: &'a YearMarks) -> impl Iterator<Item = Yearly> + 'a {
    let b = norm.as_bytes();
    marks.at().iter().filter_map(move |&y| {
        let every = "每".as_bytes();
        let start = y.checked_sub(every.len()).filter(|&s| &b[s..y] == every)?;
        let (month, day, mut at) = month_and_day(b, y + "年".len())?;
        // 底 or 末 only where no day is given, as the pattern reads them.
        if day.is_none() {
            at = word_at(b, at, &["底", "末"]).unwrap_or(at);
        }
        at = word_at(b, at, &["前", "以前"]).unwrap_or(at);
        Some(Yearly {
            start,
            end: at,
            month,
            day,
        })
    })
}

/// The phrases whose head is a year, each ended as `tail` reads what follows its 年 (None: no
/// phrase there), in order, read as they are taken: a list of them for each kind of phrase
/// and each text cost its allocation.
fn phrases<'a>(
    norm: &'a str,
    marks: &'a YearMarks,
    tail: impl Fn(&[u8], usize) -> Option<Tail> + 'a,
) -> impl Iterator<Item = Phrase> + 'a {
    let b = norm.as_bytes();
    // Where the last phrase ended: the next starts no earlier (the patterns' search resumed
    // there), though the words that open and end a phrase never let them meet.
    let mut floor = 0;
    marks.at().iter().filter_map(move |&y| {
        let digits = y.checked_sub(4).filter(|&d| d >= floor)?;
        if !b[digits..y].iter().all(u8::is_ascii_digit) {
            return None;
        }
        // Leftmost first: the longest opening that is there, 力争 before 到 (`力争到2025年`).
        let mut start = digits;
        for words in [&["到", "于", "在"][..], &["力争", "争取"]] {
            if let Some(w) = words
                .iter()
                .find(|w| b[floor..start].ends_with(w.as_bytes()))
            {
                start -= w.len();
            }
        }
        let (end, month, day) = tail(b, y + "年".len())?;
        floor = end;
        Some(Phrase {
            start,
            end,
            year: digits..y,
            month,
            day,
        })
    })
}

/// Where each 年 (E5 B9 B4) starts, found by its last byte: the library's search for the
/// character stopped at every match with more work than the bytes take.
pub(super) fn year_marks(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(0xB4, b)
        .filter(move |&i| i >= 2 && b[i - 2] == 0xE5 && b[i - 1] == 0xB9)
        .map(|i| i - 2)
}

/// Whether a 年 stands beside an ASCII digit: every dated pattern holds one, a year's digits
/// before it (`2025年`) or a month's after it (`每年6月`). Told by the bytes around each 年
/// (E5 B9 B4, found by its last byte), where a search for 年 and a scan for any digit went
/// over most of a text twice. Read now by [`YearMarks::by_digit`] over marks found once: this
/// is its oracle.
#[cfg(test)]
pub(super) fn year_by_digit(norm: &str) -> bool {
    let b = norm.as_bytes();
    year_marks(b).any(|y| {
        (y >= 1 && b[y - 1].is_ascii_digit()) || b.get(y + 3).is_some_and(u8::is_ascii_digit)
    })
}

/// Whether a year's 年 (a digit before it) is followed by what opens the rest of
/// `RECURRING_FROM` (起, 开始, 以后, a comma, 每年): most texts with 每年 name no year it runs
/// from, and are spared the pattern.
#[inline]
pub(super) fn year_then_every_year(norm: &str) -> bool {
    let b = norm.as_bytes();
    year_marks(b).any(|y| {
        y >= 1
            && b[y - 1].is_ascii_digit()
            && b.get(y + 3..).is_some_and(|rest| {
                ["起", "开", "以", ",", "每"]
                    .iter()
                    .any(|w| rest.starts_with(w.as_bytes()))
            })
    })
}

/// Whether `rest`, what follows a year, opens with a word that makes the year a citation or a
/// base, not a deadline (`度|版|以来|印发|出台|发布|颁布|制定|修订|的基础|基础上|相比|比|同期|-|至|
/// 起每年|开始每年`). Told by its first character: the pattern it was cost half a million
/// instructions a run to build, and the words compared in turn more than that.
pub(super) fn not_after_year(rest: &str) -> bool {
    let word = |w: &str| rest.starts_with(w);
    match rest.chars().next() {
        Some('度' | '版' | '比' | '-' | '至') => true,
        Some('以') => word("以来"),
        Some('印') => word("印发"),
        Some('出') => word("出台"),
        Some('发') => word("发布"),
        Some('颁') => word("颁布"),
        Some('制') => word("制定"),
        Some('修') => word("修订"),
        Some('的') => word("的基础"),
        Some('基') => word("基础上"),
        Some('相') => word("相比"),
        Some('同') => word("同期"),
        Some('起') => word("起每年"),
        Some('开') => word("开始每年"),
        _ => false,
    }
}

/// Where the first of `words` that `b` has at `at` ends.
fn word_at(b: &[u8], at: usize, words: &[&str]) -> Option<usize> {
    let rest = b.get(at..)?;
    words
        .iter()
        .find(|w| rest.starts_with(w.as_bytes()))
        .map(|w| at + w.len())
}

/// How many ASCII digits open `b` at `at`, when one or two (`[0-9]{1,2}` before a word that is
/// no digit: three digits leave no place for the word).
fn short_number(b: &[u8], at: usize) -> Option<usize> {
    let n = b
        .get(at..)?
        .iter()
        .take(3)
        .take_while(|c| c.is_ascii_digit())
        .count();
    (1..=2).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    const HEAD: &str = r"(力争|争取)?(到|于|在)?([0-9]{4})年";

    /// Each pattern's matches as phrases: the whole match, group 3 the year, and in a month
    /// phrase (`dated`) groups 4 and 5 the month and day.
    fn by_pattern(re: &Regex, norm: &str, dated: bool) -> Vec<Phrase> {
        re.captures_iter(norm)
            .map(|c| {
                let whole = c.get(0).expect("match");
                let year = c.get(3).expect("year").range();
                assert_eq!(
                    c.get(1).is_some() || c.get(2).is_some(),
                    whole.start() < year.start
                );
                Phrase {
                    start: whole.start(),
                    end: whole.end(),
                    year,
                    month: c.get(4).filter(|_| dated).map(|m| m.range()),
                    day: c.get(5).filter(|_| dated).map(|m| m.range()),
                }
            })
            .collect()
    }

    /// A small xorshift: the same texts on every run, with no crate for it.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// Every text of up to four pieces over the phrases' own words (and digit runs too short or
    /// too long), and 300,000 longer ones drawn with a fixed seed: each reader finds what its
    /// pattern found.
    #[test]
    fn the_readers_find_what_the_patterns_found() {
        let month = Regex::new(&format!(
            "{HEAD}([0-9]{{1,2}})月(?:([0-9]{{1,2}})日)?(底|末)?(前|以前)?"
        ))
        .expect("pattern");
        let year_end =
            Regex::new(&format!("{HEAD}(?:年底|年末|底|末)(前|以前)?")).expect("pattern");
        let year = Regex::new(HEAD).expect("pattern");
        let pieces = [
            "2023", "1", "12", "123", "0", "年", "月", "日", "底", "末", "前", "以", "力", "争",
            "取", "到", "于", "在", "x", "年底",
        ];
        let check = |t: &str| {
            let marks = YearMarks::of(t.as_bytes());
            assert_eq!(marks.at(), year_marks(t.as_bytes()).collect::<Vec<_>>());
            assert_eq!(marks.by_digit(t.as_bytes()), year_by_digit(t), "{t:?}");
            let read: Vec<Phrase> = months(t, &marks).collect();
            assert_eq!(read, by_pattern(&month, t, true), "{t:?}");
            let read: Vec<Phrase> = year_ends(t, &marks).collect();
            assert_eq!(read, by_pattern(&year_end, t, false), "{t:?}");
            let read: Vec<Phrase> = years(t, &marks).collect();
            assert_eq!(read, by_pattern(&year, t, false), "{t:?}");
        };
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts.iter().for_each(|t| check(t));
        let mut state = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..300_000 {
            let n = 5 + next(&mut state) % 10;
            let t: String = (0..n)
                .map(|_| pieces[(next(&mut state) % pieces.len() as u64) as usize])
                .collect();
            check(&t);
        }
        check("力争到2025年6月底前，争取于2023年底前完成，2024年12月31日以前");
        // More years than the marks keep on the stack.
        check(&"2023年底,".repeat(YearMarks::ON_STACK * 2 + 1));
        check(&"2023年底,".repeat(YearMarks::ON_STACK));
        check(&"2023年底,".repeat(YearMarks::ON_STACK + 1));
    }

    /// Every text of up to five pieces over the yearly phrases' words, and 300,000 longer
    /// ones drawn with a fixed seed: [`yearly`] finds what the pattern it replaced found.
    #[test]
    fn yearly_phrases_as_the_pattern_found_them() {
        let recurring = Regex::new(r"每年([0-9]{1,2})月(?:([0-9]{1,2})日|底|末)?(?:前|以前)?")
            .expect("pattern");
        let pieces = [
            "每",
            "年",
            "每年",
            "1",
            "12",
            "123",
            "月",
            "日",
            "底",
            "末",
            "前",
            "以",
            "以前",
            "x",
            "\u{6bcd}",
            "每年6月",
            "每年12月",
            "6月",
            "30日",
        ];
        let texts = dutymatrix_base::oracle_texts::every_then_random(
            &pieces,
            5,
            300_000,
            6..16,
            0x2545_f491_4f6c_dd1d,
        );
        let mut found = 0;
        for t in &texts {
            let by_pattern: Vec<Yearly> = recurring
                .captures_iter(t)
                .map(|c| {
                    let whole = c.get(0).expect("match");
                    Yearly {
                        start: whole.start(),
                        end: whole.end(),
                        month: c.get(1).expect("month").range(),
                        day: c.get(2).map(|d| d.range()),
                    }
                })
                .collect();
            let by_hand: Vec<Yearly> = yearly(t, &YearMarks::of(t.as_bytes())).collect();
            assert_eq!(by_hand, by_pattern, "{t:?}");
            found += by_hand.len();
        }
        assert!(found > 20_000, "too few phrases to tell: {found}");
    }
}
