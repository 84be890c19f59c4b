//! The checks that spare work in `candidates`, against what they stand for: a text a check
//! turns away has no dated phrase, and `in_brackets` says what a depth for every character said.

use super::*;

/// A text with no 年 beside a digit has no dated phrase: the check that spares `dated`
/// skips no text it would read. Every text of up to four pieces over the patterns' words,
/// and 200,000 longer ones.
#[test]
fn no_year_beside_a_digit_no_dated_phrase() {
    let pieces = [
        "2023", "1", "12", "年", "月", "日", "底", "末", "前", "每", "起", "到", "x", "。",
        "\u{5e73}", "\u{5e75}",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &pieces,
        4,
        200_000,
        5..14,
        0x9e37_79b9_7f4a_7c15,
    );
    let mut read = 0;
    for t in &texts {
        let mut found = Vec::new();
        dated(t, &years::YearMarks::of(t.as_bytes()), &mut found);
        if years::year_by_digit(t) {
            read += 1;
        } else {
            assert!(found.is_empty(), "{t:?}");
        }
    }
    assert!(read > 10_000, "too few texts with a year to tell: {read}");
}

/// The depths as they were read, a character at a time: the oracle of `in_brackets`.
fn bracket_depths(norm: &str) -> Vec<bool> {
    let mut out = vec![false; norm.len() + 1];
    let mut paren = 0i32;
    let mut title = 0i32;
    for (i, c) in norm.char_indices() {
        out[i] = paren > 0 || title > 0;
        match c {
            '(' => paren += 1,
            ')' => paren -= 1,
            '《' => title += 1,
            '》' => title -= 1,
            _ => {}
        }
    }
    out[norm.len()] = paren > 0 || title > 0;
    out
}

/// At every character of every text of up to five pieces over the brackets and their
/// neighbours, and of 100,000 longer ones: `in_brackets` says what the depths said.
#[test]
fn in_brackets_as_the_depths_of_every_character() {
    let pieces = [
        "(", ")", "《", "》", "「", "、", "。", "年", "a", "\u{3009}", "\u{300c}",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &pieces,
        5,
        100_000,
        6..20,
        0x9e37_79b9_7f4a_7c15,
    );
    for t in &texts {
        let depth = bracket_depths(t);
        for (i, _) in t.char_indices() {
            assert_eq!(in_brackets(t, i), depth[i], "{t:?} {i}");
        }
    }
}

/// A text `year_then_every_year` turns away has no match of `RECURRING_FROM`.
#[test]
fn no_year_before_every_year_no_recurring_from() {
    let pieces = [
        "2023", "1", "年", "月", "起", "开始", "以后", "开", "以", ",", "每年", "每", "底", "x",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &pieces,
        4,
        200_000,
        5..12,
        0x2545_f491_4f6c_dd1d,
    );
    let mut read = 0;
    for t in &texts {
        if years::year_then_every_year(t) {
            read += 1;
        } else {
            assert!(!RECURRING_FROM.is_match(t), "{t:?}");
        }
    }
    assert!(read > 5_000, "too few texts to tell: {read}");
}

/// What `dated` no longer searches for: 每年 is told from the year marks as the search told
/// it, and a text without a 月 (a 底 or a 末) has no month phrase (no year-end phrase), so the
/// searches that spared reading them spared nothing the readers find.
#[test]
fn the_marks_tell_what_the_searches_told() {
    let pieces = [
        "2023",
        "1",
        "12",
        "年",
        "每",
        "每年",
        "月",
        "日",
        "底",
        "末",
        "年底",
        "前",
        "以",
        "到",
        "x",
        "。",
        "\u{5e73}",
        "\u{6bcf}",
        "2023年6月",
        "2024年",
        "6月",
        "30日",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &pieces,
        4,
        200_000,
        5..14,
        0x2545_f491_4f6c_dd1d,
    );
    let (mut every, mut months, mut ends) = (0, 0, 0);
    for t in &texts {
        let marks = years::YearMarks::of(t.as_bytes());
        let every_year = holds_word(t, "每年");
        assert_eq!(marks.after(t.as_bytes(), "每"), every_year, "{t:?}");
        every += usize::from(every_year);
        let m: Vec<_> = years::months(t, &marks).collect();
        assert!(holds(t, '月') || m.is_empty(), "{t:?}");
        months += m.len();
        let e: Vec<_> = years::year_ends(t, &marks).collect();
        assert!(holds(t, '底') || holds(t, '末') || e.is_empty(), "{t:?}");
        ends += e.len();
    }
    assert!(
        every > 10_000 && months > 10_000 && ends > 5_000,
        "too few to tell: {every} {months} {ends}"
    );
}

/// The guard words after a year, compared as prefixes, say what the pattern they replaced
/// said: every text of up to three pieces over the words, their parts and their neighbours.
#[test]
fn not_after_year_as_the_pattern_read_it() {
    let pattern = Regex::new(
        r"^(?:度|版|以来|印发|出台|发布|颁布|制定|修订|的基础|基础上|相比|比|同期|-|至|起每年|开始每年)",
    )
    .expect("pattern");
    let pieces = [
        "度",
        "版",
        "以来",
        "印发",
        "出台",
        "发布",
        "颁布",
        "制定",
        "修订",
        "的基础",
        "基础上",
        "相比",
        "比",
        "同期",
        "-",
        "至",
        "起每年",
        "开始每年",
        "以",
        "的",
        "基础",
        "开始",
        "起",
        "每年",
        "年",
        "x",
        " ",
        "。",
        "印",
        "相",
    ];
    let texts = dutymatrix_base::oracle_texts::every_text(&pieces, 3);
    let mut guarded = 0;
    for t in &texts {
        assert_eq!(years::not_after_year(t), pattern.is_match(t), "{t:?}");
        guarded += usize::from(years::not_after_year(t));
    }
    assert!(guarded > 1_000, "too few guarded texts to tell: {guarded}");
}
