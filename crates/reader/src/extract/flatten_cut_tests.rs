//! The byte readers of [`super::cuts_in`] and [`super::split_label`] against the character
//! loops they replaced.

use super::*;

/// The cutting as it was, a character at a time: the oracle of [`cuts_in`].
fn cuts_by_chars(norm: &str, opening: Option<&Marker>, numbering: &mut Numbering) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut prev: Option<char> = None;
    // Inside a section heading's words (`一、主要任务1.推进…`): its first item may follow
    // straight on, with no stop between them.
    let mut heading = opening.is_some_and(|m| m.depth == 1);
    for (i, c) in norm.char_indices() {
        if prev.is_some_and(is_break) {
            heading = false;
        }
        // `…区委组织部抄送:区委各部门`: the distribution list, run into the last annotation.
        if i > 0 && c == '抄' && norm[i..].starts_with("抄送:") {
            cuts.push(i);
            prev = Some(c);
            continue;
        }
        // `(一)` closes itself, so it may start an item right after a heading's last word
        // (`一、持续提升投资建设便利度（一）优化…`); `第(一)项` is a reference, not an item.
        let after = prev.is_some_and(is_break)
            || (c == '(' && prev.is_some_and(|p| p != '第') && bracketed_item(&norm[i..]))
            // `…、区交通局2.提升…`: a unit list runs into the next item's number.
            || (c.is_ascii_digit() && prev.is_some_and(ends_a_unit))
            || (heading && c == '1' && prev.is_some_and(|p| !p.is_ascii_digit()));
        if i > 0
            && after
            && !c.is_whitespace()
            && let Some(m) = marker(&norm[i..]).or_else(|| dated_item(&norm[i..], numbering))
            && numbering.continues(m.depth, m.ordinal)
        {
            numbering.see(m.depth, m.ordinal);
            heading = m.depth == 1;
            cuts.push(i);
        }
        prev = Some(c);
    }
    cuts
}

/// Every text of up to three pieces (numbers of each style, every break, unit endings, 第,
/// 抄送, a year) from four states of the numbering, and 300,000 longer ones drawn with a
/// fixed seed: the same cuts, and the numbering left the same.
#[test]
fn cuts_read_by_bytes_as_by_characters() {
    let pieces = [
        "一、", "二", "(一)", "(二)", "1.", "2.", "3、", "1", "2021年", "甲", "。", " ", "局",
        "第", "抄送:", "抄", "①", "②", ")", "十", ":", "”", "5", "a", "】", "\u{3000}", "]", ";",
        "!", "?", "⑳", "\u{2474}",
    ];
    let starts = [
        [0, 0, 0, 0, 0, 0],
        [0, 1, 1, 1, 1, 1],
        [0, 2, 3, 4, 0, 0],
        [0, 0, 0, 1, 0, 0],
    ];
    let check = |t: &str| {
        let opening = marker(t);
        for last in starts {
            let mut a = Numbering { last };
            let mut b = Numbering { last };
            if let Some(m) = &opening {
                a.see(m.depth, m.ordinal);
                b.see(m.depth, m.ordinal);
            }
            let by_bytes = cuts_in(t, opening.as_ref(), &mut a);
            let by_chars = cuts_by_chars(t, opening.as_ref(), &mut b);
            assert_eq!((by_bytes, &a), (by_chars, &b), "{t:?} {last:?}");
        }
    };
    let texts = dutymatrix_base::oracle_texts::every_text(&pieces, 3);
    texts.iter().for_each(|t| check(t));
    for t in
        dutymatrix_base::oracle_texts::random_texts(&pieces, 300_000, 5..21, 0x9e37_79b9_7f4a_7c15)
    {
        check(&t);
    }
}

/// The last-character test only spares work: over every pair of texts of up to three
/// pieces of labels, `split_label` answers as the comparisons alone do.
#[test]
fn the_last_character_test_changes_no_answer() {
    let by_comparing = |this: &str, next: &str| {
        LABELS.iter().any(|label| {
            label
                .char_indices()
                .skip(2)
                .map(|(i, _)| i)
                .chain([label.len()])
                .any(|cut| {
                    this.ends_with(&label[..cut])
                        && next
                            .trim_start()
                            .strip_prefix(&label[cut..])
                            .is_some_and(|r| r.starts_with(':'))
                })
        })
    };
    let pieces = [
        "责任",
        "单",
        "位",
        "牵头单",
        "部门",
        "完成时",
        "限",
        ":",
        " ",
        "甲",
    ];
    let texts = dutymatrix_base::oracle_texts::every_text(&pieces, 3);
    let mut split = 0;
    for a in &texts {
        for b in texts.iter().step_by(7) {
            assert_eq!(split_label(a, b), by_comparing(a, b), "{a:?} {b:?}");
            split += usize::from(split_label(a, b));
        }
    }
    assert!(split > 100, "too few splits to tell: {split}");
}

/// Every character a cut may start at (抄, or one a number opens with) stops the byte scan,
/// over all of Unicode.
#[test]
fn the_byte_filter_lets_every_character_that_matters_through() {
    let mut through = 0;
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let matters = c == '抄'
            || c == '('
            || c.is_ascii_digit()
            || is_numeral(c)
            || ('①'..='⑳').contains(&c);
        let mut buf = [0; 4];
        let b = c.encode_utf8(&mut buf).as_bytes();
        if matters {
            assert_eq!(crate::text::next_marked(b, 0, &OPENERS), 0, "{c:?}");
            through += 1;
        }
    }
    assert!(through > 40);
}

/// The characters a piece of a label ends with are those of the labels but their first.
#[test]
fn the_label_pieces_end_with_the_labels_characters() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let in_labels = LABELS.iter().any(|l| l.chars().skip(1).any(|x| x == c));
        assert_eq!(ends_a_label_piece(c), in_labels, "{c:?}");
    }
}
