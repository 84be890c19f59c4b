//! Oracles of the unit list readers in `names.rs`, and their property tests.

use super::*;

/// What the end of a name was read as before the tests on its last character: the oracle.
fn without_closing_deng_by_suffixes(name: &str) -> &str {
    ["等部门和单位", "等部门", "等单位"]
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name)
        .trim_end_matches('等')
        .trim_end()
}

fn strip_role_tail_by_suffixes(s: &str) -> &str {
    for tail in ROLE_TAILS {
        if let Some(x) = s.strip_suffix(tail) {
            return x;
        }
    }
    s
}

/// `items` as it was, a character at a time: its oracle.
fn items_by_chars(list: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in list.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '、' | ',' | ';' | '/' | ' ' if depth <= 0 => {
                out.push(start..i);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(start..list.len());
    out.into_iter()
        .filter_map(|r| {
            let raw = &list[r.clone()];
            let t = trim(raw).trim_end_matches(['。', '.']);
            (!t.is_empty()).then(|| {
                let lead = raw.len() - trim_start(raw).len();
                r.start + lead..r.start + lead + t.len()
            })
        })
        .collect()
}

/// The pieces as they were split, a space looked for in each: the oracle of `pieces`.
fn pieces_by_search(units_part: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut piece = |r: Range<usize>| {
        if trim(&units_part[r.clone()]).contains(' ') {
            out.extend(
                split_spaces(units_part, r)
                    .into_iter()
                    .filter(|p| !trim(&units_part[p.clone()]).is_empty()),
            );
        } else if !trim(&units_part[r.clone()]).is_empty() {
            out.push(r);
        }
    };
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in units_part.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '、' | ',' | ';' | '/' if depth <= 0 => {
                piece(start..i);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    piece(start..units_part.len());
    out
}

/// Every text of up to four pieces over separators, brackets, white space and names, and
/// 100,000 longer ones drawn with a fixed seed: `items` cuts what it cut a character at a
/// time.
#[test]
fn items_read_by_bytes_as_by_characters() {
    let words = [
        "市局",
        "(",
        ")",
        "[",
        "]",
        "、",
        ",",
        ";",
        "/",
        " ",
        "\u{3000}",
        "。",
        ".",
        "县教育局",
        "甲",
        "\u{3001}\u{3002}",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &words,
        4,
        100_000,
        5..16,
        0x2545_f491_4f6c_dd1d,
    );
    for t in &texts {
        assert_eq!(items(t), items_by_chars(t), "{t:?}");
    }
}

/// Every text of up to four pieces over the words the ends are told by, their last
/// characters, separators and white space, and 200,000 longer ones drawn with a fixed seed:
/// the tests on a last character change no reading.
#[test]
fn last_characters_spare_only_what_matches_nothing() {
    let words = [
        "市局",
        "等",
        "部门",
        "单位",
        "和",
        "负责",
        "落实",
        "牵头",
        "配合",
        "(牵头)",
        "为",
        "门",
        "位",
        "头",
        "责",
        "实",
        "合",
        ")",
        " ",
        "\u{3000}",
        "。",
        ".",
        "、",
        ",",
        "(",
        "县教育局",
        "各",
        "2023年底",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &words,
        4,
        200_000,
        5..12,
        0x9e37_79b9_7f4a_7c15,
    );
    for t in &texts {
        assert_eq!(
            without_closing_deng(t),
            without_closing_deng_by_suffixes(t),
            "{t:?}"
        );
        assert_eq!(strip_role_tail(t), strip_role_tail_by_suffixes(t), "{t:?}");
        let trimmed = trim(t);
        let name = without_closing_deng(trimmed.trim_end_matches(['。', '.']));
        assert_eq!(
            name_and_last(trimmed),
            (name, name.chars().next_back()),
            "{t:?}"
        );
        assert_eq!(
            lead_marked(t, last_char(t)),
            LEAD_MARKS.iter().find_map(|m| t.strip_suffix(m)),
            "{t:?}"
        );
        let b = t.as_bytes();
        for i in (0..=b.len()).filter(|&i| t.is_char_boundary(i)) {
            let by_bytes = (i..b.len())
                .find(|&j| b[j] < 0x80 || b[j] == 0xE3)
                .unwrap_or(b.len());
            assert_eq!(next_listed_byte(b, i), by_bytes, "{t:?} {i}");
        }
        let mut split = Vec::new();
        pieces(t, |r| split.push(r));
        assert_eq!(split, pieces_by_search(t), "{t:?}");
    }
}
