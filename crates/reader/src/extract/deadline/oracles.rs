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
    let mut texts = dutymatrix_base::oracle_texts::every_text(&pieces, 4);
    texts.extend(dutymatrix_base::oracle_texts::random_texts(
        &pieces,
        200_000,
        5..14,
        0x9e37_79b9_7f4a_7c15,
    ));
    let mut read = 0;
    for t in &texts {
        let mut found = Vec::new();
        dated(t, &mut found);
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
    let mut texts = dutymatrix_base::oracle_texts::every_text(&pieces, 5);
    texts.extend(dutymatrix_base::oracle_texts::random_texts(
        &pieces,
        100_000,
        6..20,
        0x9e37_79b9_7f4a_7c15,
    ));
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
    let mut texts = dutymatrix_base::oracle_texts::every_text(&pieces, 4);
    texts.extend(dutymatrix_base::oracle_texts::random_texts(
        &pieces,
        200_000,
        5..12,
        0x2545_f491_4f6c_dd1d,
    ));
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
