//! Tests of the task reader's scanners, each held to the code it replaced.

use super::*;

/// `trailing_fields` as it was, the tail's labels read again from the tail: the oracle.
fn trailing_fields_read_twice(norm: &str, from: usize) -> Option<(usize, Vec<Label>)> {
    let rest = norm.get(from..)?;
    let start = fields::labels(rest, true).into_iter().find_map(|l| {
        let before = rest[..l.range.start].trim_end_matches(' ');
        let opens = before.trim().is_empty()
            || before.ends_with(['。', ';', ',', ')', ']', '】', '.'])
            || before.len() < rest[..l.range.start].len();
        opens.then_some(from + l.range.start)
    })?;
    Some((start, fields::labels(&norm[start..], true)))
}

/// Every text of up to four pieces (label words and the heads a long run is cut at, Han
/// characters, brackets, colons, stops and spaces) and 300,000 longer ones drawn with a fixed
/// seed, read from each of their first characters: the tail's labels, taken from the labels
/// found after `from`, are those read from the tail itself; whether the line holds square
/// brackets, told or searched for, changes nothing.
#[test]
fn the_tails_labels_are_those_found_before_it() {
    let pieces = [
        "牵头",
        "单位",
        "完成时限",
        "推进市商务局",
        "责任",
        "领导",
        "甲乙丙",
        "甲",
        ":",
        " ",
        "(",
        ")",
        "[",
        "]",
        "【",
        "】",
        "。",
        ";",
        ",",
        "a",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &pieces,
        4,
        300_000,
        5..16,
        0x9e37_79b9_7f4a_7c15,
    );
    let mut tails = 0;
    for t in &texts {
        let square = fields::has_square_brackets(t.as_bytes());
        for (from, _) in t.char_indices().take(3) {
            let read_once = trailing_fields(t, from, square);
            assert_eq!(
                read_once,
                trailing_fields_read_twice(t, from),
                "{t:?} {from}"
            );
            tails += usize::from(read_once.is_some_and(|f| f.1.len() > 1));
        }
    }
    assert!(tails > 500, "too few tails of two labels to tell: {tails}");
}

#[test]
fn ordinals_and_sentence_ends_as_the_library_finds_them() {
    for ordinals in [&[][..], &[1], &[1, 2, 3], &[10, 0, 907], &[usize::MAX]] {
        let joined: Vec<String> = ordinals.iter().map(usize::to_string).collect();
        let mut dotted = String::from("doc/");
        push_dotted(&mut dotted, ordinals);
        assert_eq!(dotted, format!("doc/{}", joined.join(".")));
    }
    for text in [
        "",
        "甲",
        "甲。乙",
        "甲、乙\n丙。",
        "“甲”、〔乙〕\n",
        "a\nb。",
        "。",
    ] {
        let end = text.find(['。', '\n']).unwrap_or(text.len());
        assert_eq!(sentence::sentence_end(text), end, "{text:?}");
    }
}

/// A closing sentence of prose roles is read with no labels: every text of up to four pieces
/// (names, role words, stops, colons, brackets) and 100,000 longer ones drawn with a fixed
/// seed hold none where such a sentence starts.
#[test]
fn prose_sentences_hold_no_labels() {
    let pieces = [
        "县商务局",
        "牵头",
        "配合",
        "县供销社",
        "、",
        ",",
        "。",
        ":",
        "单位",
        ";",
        " ",
        ".",
        "(",
        "由",
        "负责组织实施",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &pieces,
        4,
        100_000,
        5..12,
        0x2545_f491_4f6c_dd1d,
    );
    let mut sentences = 0;
    for t in &texts {
        if let Some((at, _)) = annotation::prose_sentence(t) {
            assert_eq!(fields::labels(&t[at..], true), [], "{t:?}");
            sentences += 1;
        }
    }
    assert!(
        sentences > 1_000,
        "too few prose sentences to tell: {sentences}"
    );
}

/// No key of the dictionaries `simplify` converts by holds a stop ([`sentence::is_stop`]): a
/// text converts as its two sides of a stop do, which is what converting a task's text as its
/// title and the rest counts on.
#[test]
fn no_conversion_key_holds_a_stop() {
    use hanconv::Dictionary;
    let dictionaries = [
        Dictionary::HKVariantsRevPhrases,
        Dictionary::HKVariantsRev,
        Dictionary::TSPhrases,
        Dictionary::TSCharacters,
    ];
    let mut keys = 0;
    for (key, _) in dictionaries.iter().flat_map(|d| d.iter()) {
        assert!(!key.chars().any(sentence::is_stop), "{key:?}");
        keys += 1;
    }
    assert!(keys > 1_000, "too few keys to tell: {keys}");
}

/// A title and its text, Simplified together, come out as each Simplified alone: every text
/// of up to four pieces (Traditional characters and phrases, Hong Kong variants, stops,
/// spaces, line breaks) and 100,000 longer ones drawn with a fixed seed, with the titles read
/// from them and titles that do not open them.
#[test]
fn title_and_text_simplified_together_as_alone() {
    let pieces = [
        "發展", "衞生", "乾", "乾淨", "著", "著名", "於", "。", ".", " ", "\n", "\u{3000}", "甲",
        "頭髮", "台", "臺灣", "后", "後",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &pieces,
        4,
        100_000,
        5..14,
        0x51_7cc1_b727_220a,
    );
    let mut split = 0;
    for t in &texts {
        let text = Aligned::new(t);
        let title = first_sentence(&text);
        for title in [title, "發展", ""] {
            let (title_simplified, text_simplified) = sentence::simplified(title, &text.orig);
            assert_eq!(title_simplified, simplify(title), "{t:?}");
            assert_eq!(text_simplified, simplify(&text.orig), "{t:?} {title:?}");
        }
        split += usize::from(text.orig.len() > title.len() && text.orig.starts_with(title));
    }
    assert!(
        split > 10_000,
        "too few texts cut after their title to tell: {split}"
    );
}
