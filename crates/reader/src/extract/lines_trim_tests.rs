//! [`Aligned::trimmed_from`] against the copy and the trimmed copy of it that it replaced.

use super::*;

/// A piece of `a` as it was cut: copied into an empty text, then trimmed.
fn trimmed_by_two_copies(a: &Aligned, r: Range<usize>) -> Aligned {
    let mut piece = Aligned::default();
    piece.push_from(a, r);
    piece.trimmed()
}

/// Every range between characters of lines over white space, full-width marks and digits,
/// Traditional characters and ASCII (every line of up to three pieces, and 20,000 longer ones
/// drawn with a fixed seed): one copy gives both forms and their alignment as the two copies
/// did.
#[test]
fn one_trimmed_copy_is_the_two_copies() {
    let pieces = [
        " ", "\u{3000}", "\t", "（", "）", "：", "２", "a", "单", "衛", "—", "\u{a0}", "臺灣", "後",
    ];
    let texts = dutymatrix_base::oracle_texts::every_then_random(
        &pieces,
        3,
        20_000,
        4..14,
        0x2545_f491_4f6c_dd1d,
    );
    for t in &texts {
        let a = Aligned::new(t);
        let ends: Vec<usize> = (0..=a.norm.len())
            .filter(|&i| a.norm.is_char_boundary(i))
            .collect();
        let ranges = ends
            .iter()
            .enumerate()
            .flat_map(|(k, &s)| ends[k..].iter().map(move |&e| s..e));
        for r in ranges {
            let want = trimmed_by_two_copies(&a, r.clone());
            let got = a.trimmed_from(r.clone());
            assert_eq!(
                (&got.orig, &got.norm, &got.shifts),
                (&want.orig, &want.norm, &want.shifts),
                "{t:?} {r:?}"
            );
        }
    }
}
