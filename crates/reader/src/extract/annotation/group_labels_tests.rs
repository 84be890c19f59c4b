//! The labels inside a line's groups, found by the scan for the line's own labels
//! (`fields::labels_with_groups`), against the two scans they replace: `fields::labels` of the
//! line, then of each group's inside.

use super::groups;
use crate::extract::fields::{GroupLabels, labels, labels_with_groups};
use dutymatrix_base::oracle_texts::every_then_random;

const PIECES: [&str; 33] = [
    // Whole fields, so that drawn texts hold labels inside groups often.
    "(牵头单位:",
    "【配合单位:",
    "[完成时限:",
    "责任单位",
    "牵头单位",
    "配合单位",
    "完成时限",
    "市商务局",
    "县财政局",
    "甲",
    ":",
    "：",
    "(",
    ")",
    "（",
    "）",
    "[",
    "]",
    "【",
    "】",
    "、",
    "，",
    "；",
    ",",
    ";",
    "。",
    " ",
    "a",
    "负责",
    "牵头",
    "单位",
    "2025年底",
    "\u{3000}",
];

/// What the two scans find after `from`, where a group holding `from` leaves them apart (the
/// reader then reads each group again, as before).
fn check(text: &str, from: usize, found: &mut GroupLabels) -> usize {
    let Some(rest) = text.get(from..) else {
        return 0;
    };
    assert_eq!(
        labels_with_groups(rest, true, found),
        labels(rest, true),
        "{text:?} from {from}"
    );
    let mut inside = 0;
    for g in groups(text, true) {
        if g.outer.start < from {
            if g.outer.end > from {
                return inside;
            }
            continue;
        }
        let twice = labels(&text[g.inner.clone()], true);
        assert_eq!(
            found.of(g.inner.start - from),
            twice,
            "{text:?} from {from}"
        );
        inside += twice.len();
    }
    inside
}

/// Every text of up to three pieces and 60,000 longer ones drawn with a fixed seed, read from
/// their start and from each piece boundary.
#[test]
fn one_scan_finds_the_labels_two_found() {
    let texts = every_then_random(&PIECES, 3, 60_000, 4..16, 0x5eed_46a1_b2c3_d4e5);
    let mut found = GroupLabels::default();
    let mut inside = 0;
    for t in &texts {
        for from in (0..=t.len()).filter(|&i| t.is_char_boundary(i)).step_by(3) {
            inside += check(t, from, &mut found);
        }
    }
    assert!(
        inside > 10_000,
        "too few labels inside groups to tell: {inside}"
    );
}
