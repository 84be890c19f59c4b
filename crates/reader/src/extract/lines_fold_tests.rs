//! The one-pass fold of a line ([`fold_plain`]) and the one-test trigger
//! (`Triggers::converts_at`) against the two passes and two tests they replaced.

use super::simplify::changes_alone;
use super::*;

/// `needs_conversion` as it was: each character tested against both bit sets.
fn needs_conversion_by_two_tests(s: &str) -> bool {
    let t = triggers();
    s.char_indices().any(|(i, c)| {
        changes_alone(&t.changes, c)
            || changes_alone(&t.phrase_starts, c)
                && t.phrases
                    .get(&c)
                    .is_some_and(|ps| ps.iter().any(|p| s[i..].starts_with(p)))
    })
}

/// `Aligned::new` as it was: a pass to ask whether anything converts, then one to fold.
fn aligned_by_two_passes(orig: &str) -> (String, String, Vec<(u32, u32)>) {
    let mut norm = String::with_capacity(orig.len());
    let mut shifts = Vec::new();
    let simple = if needs_conversion_by_two_tests(orig) {
        simplified_aligned(orig)
    } else {
        Cow::Borrowed(orig)
    };
    match simple {
        Cow::Borrowed(_) => {
            let mut run = 0;
            for (i, a) in orig.char_indices() {
                let b = fold_char(a);
                if b == a {
                    continue;
                }
                norm.push_str(&orig[run..i]);
                run = i + a.len_utf8();
                norm.push(b);
                if a.len_utf8() != b.len_utf8() {
                    shifts.push((norm.len() as u32, run as u32));
                }
            }
            norm.push_str(&orig[run..]);
        }
        Cow::Owned(simple) => {
            let (mut o, mut n) = (0usize, 0usize);
            for (a, b) in orig.chars().zip(simple.chars()) {
                let b = fold_char(b);
                norm.push(b);
                o += a.len_utf8();
                n += b.len_utf8();
                if a.len_utf8() != b.len_utf8() {
                    shifts.push((n as u32, o as u32));
                }
            }
            if (n, o) != (norm.len(), orig.len()) {
                shifts.push((norm.len() as u32, orig.len() as u32));
            }
        }
    }
    (orig.to_string(), norm, shifts)
}

fn check(t: &str) {
    assert_eq!(
        needs_conversion(t),
        needs_conversion_by_two_tests(t),
        "{t:?}"
    );
    let a = Aligned::new(t);
    assert_eq!(
        (a.orig, a.norm, a.shifts),
        aligned_by_two_passes(t),
        "{t:?}"
    );
}

/// Pieces that fold, convert alone, open a phrase or finish one, and plain text: every text of
/// up to three of them, and 100,000 longer ones drawn with a fixed seed.
#[test]
fn one_pass_folds_as_two_did() {
    let t = triggers();
    let mut pieces: Vec<String> = [
        "a",
        "~",
        "（",
        "）",
        "２",
        "　",
        "\u{a0}",
        "—",
        "〔",
        "单",
        "衛",
        "單",
        "台",
        "臺",
        "發",
        "后",
        "\u{20000}",
        "。",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Phrases that decide alone: their first characters, and the phrases whole.
    let mut phrases: Vec<&String> = t.phrases.values().flatten().collect();
    phrases.sort();
    for p in phrases.iter().step_by(phrases.len() / 6 + 1) {
        pieces.push(p.to_string());
        pieces.extend(p.chars().take(1).map(String::from));
    }
    let texts = dutymatrix_base::oracle_texts::every_text(&pieces, 3);
    texts.iter().for_each(|t| check(t));
    for t in
        dutymatrix_base::oracle_texts::random_texts(&pieces, 100_000, 4..16, 0x9e37_79b9_7f4a_7c15)
    {
        check(&t);
    }
}

/// Every character, alone and between others: the byte scan stops at each that folds or may
/// convert, as the scan by characters did.
#[test]
fn every_character_folds_as_it_did() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        assert_eq!(fold_char(c) != c, FOLDED.contains(&c), "{c:?}");
        check(&format!("{c}"));
        check(&format!("a{c}单{c}，"));
    }
}
