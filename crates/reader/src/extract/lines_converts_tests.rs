//! [`Aligned::needs_conversion`], answered from what the lines' fold found, against
//! [`needs_conversion`] of the text itself.

use super::*;

/// Pieces that convert, pieces that do not, and the phrases of the conversion cut at every
/// character, so that pieces put together make a phrase across the joint.
fn pieces() -> Vec<String> {
    let mut pieces: Vec<String> = [
        "推进",
        "落实",
        "。",
        "，",
        "（",
        "）",
        "a",
        "1",
        " ",
        "\n",
        "單",
        "衞",
        "台",
        "臺",
        "后",
        "\u{20000}",
        "é",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut phrases: Vec<&String> = triggers().phrases.values().flatten().collect();
    phrases.sort();
    for p in phrases.iter().step_by(phrases.len() / 60 + 1) {
        pieces.push(p.to_string());
        for (i, _) in p.char_indices().skip(1) {
            pieces.push(p[..i].to_string());
            pieces.push(p[i..].to_string());
        }
    }
    pieces
}

/// The char boundaries of `s`, its end included.
fn bounds(s: &str) -> Vec<usize> {
    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect()
}

/// Lines of random pieces, and texts put together from random ranges of them and random
/// characters, trimmed and not (drawn with a fixed seed): the answer from the flag is the
/// scan's, at every step.
#[test]
fn the_flag_answers_as_the_scan() {
    let pieces = pieces();
    let lines: Vec<Aligned> =
        dutymatrix_base::oracle_texts::random_texts(&pieces, 4_000, 1..5, 0x2545_f491_4f6c_dd1d)
            .iter()
            .map(|t| Aligned::new(t))
            .collect();
    let plain = lines.iter().filter(|l| !l.converts).count();
    assert!(
        plain > 500 && plain < lines.len(),
        "{plain} of {}",
        lines.len()
    );
    let check = |a: &Aligned| {
        assert_eq!(
            a.needs_conversion(),
            needs_conversion(&a.orig),
            "{:?}",
            a.orig
        );
    };
    let chars = ['\n', ' ', '单', '單', '台', '。', '后'];
    let mut random = dutymatrix_base::oracle_texts::Xorshift(0x9e37_79b9_7f4a_7c15);
    let mut joined = 0;
    for _ in 0..20_000 {
        let mut out = Aligned::default();
        for _ in 0..random.next_u64() % 5 + 1 {
            let line = &lines[(random.next_u64() % lines.len() as u64) as usize];
            check(line);
            let b = bounds(&line.norm);
            let x = b[(random.next_u64() % b.len() as u64) as usize];
            let y = b[(random.next_u64() % b.len() as u64) as usize];
            let r = x.min(y)..x.max(y);
            out.push_from(line, r.clone());
            check(&out);
            check(&line.trimmed_from(r));
            if random.next_u64().is_multiple_of(3) {
                out.push_char(chars[(random.next_u64() % chars.len() as u64) as usize]);
                check(&out);
            }
        }
        check(&out.trimmed());
        joined += usize::from(!out.converts && out.orig.chars().count() > 3);
    }
    assert!(joined > 200, "too few plain texts put together: {joined}");
}

/// A phrase cut in two: each half alone has nothing to convert, the two put together do, and
/// the flag says so.
#[test]
fn a_phrase_across_a_joint_is_seen() {
    let mut seen = 0;
    for p in triggers().phrases.values().flatten() {
        let Some((i, _)) = p.char_indices().nth(1) else {
            continue;
        };
        let (a, b) = (Aligned::new(&p[..i]), Aligned::new(&p[i..]));
        if a.converts || b.converts || !needs_conversion(p) {
            continue;
        }
        let mut out = a.clone();
        out.push_all(&b);
        assert!(out.needs_conversion(), "{p}");
        seen += 1;
    }
    assert!(seen > 10, "{seen}");
}
