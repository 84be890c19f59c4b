//! Scans of UTF-8 text by bytes, for the loops that pass over every character of a document
//! looking for a few.

/// The first character from byte `i` of `b` (UTF-8) that `marks` holds (one bit per character of
/// the Basic Multilingual Plane, as [`char_marks`] makes it), or that has two bytes or four, or
/// the end: the next character a scan must look at. ASCII and a character of three bytes (a Han
/// character, most of the text) are tested without being decoded, the first two bytes of the
/// latter choosing the word and its third the bit. A run of three-byte characters goes through
/// a loop of its own over what is left of the text, taken apart as a slice pattern: no offset
/// to add to or test against the length. It takes two characters a turn, one test of what is
/// left and of both leads serving the two: 31 instructions a pair, where one character a turn
/// took 18 (and an offset's sum and its overflow test 21). The scans of each line through it
/// (the fold, the cutting of flattened lines, the conversion's) cost 3.3 M instructions fewer
/// over 300 documents.
// Always inlined: grown by the pair loop, it was left a call of its own (without LTO), and a
// call at every stop took back what the loop saved.
#[inline(always)]
pub fn next_marked(b: &[u8], i: usize, marks: &[u64; 1024]) -> usize {
    let Some(mut rest) = b.get(i..) else {
        return i;
    };
    // A character of three bytes (its lead 0xE0 to 0xEF) is marked: the lead's low four bits
    // and the second byte's low six choose the word, the third byte's low six the bit.
    let marked = |lead: &u8, second: &u8, third: &u8| {
        let word = usize::from(lead & 0x0F) << 6 | usize::from(second & 0x3F);
        marks[word] >> (third & 0x3F) & 1 != 0
    };
    loop {
        while let [a, a2, a3, b1, b2, b3, tail @ ..] = rest {
            if (a.wrapping_sub(0xE0) | b1.wrapping_sub(0xE0)) >= 0x10 {
                break;
            }
            if marked(a, a2, a3) {
                return b.len() - rest.len();
            }
            if marked(b1, b2, b3) {
                return b.len() - rest.len() + 3;
            }
            rest = tail;
        }
        match rest {
            [lead, second, third, tail @ ..] if lead.wrapping_sub(0xE0) < 0x10 => {
                if marked(lead, second, third) {
                    return b.len() - rest.len();
                }
                rest = tail;
            }
            [lead, tail @ ..] if *lead < 0x80 => {
                if marks[usize::from(lead >> 6)] >> (lead & 63) & 1 != 0 {
                    return b.len() - rest.len();
                }
                rest = tail;
            }
            // Two bytes or four, a three-byte character cut short, or the end.
            _ => return b.len() - rest.len(),
        }
    }
}

/// Bytes a block test sees at once, besides the two after them that a test of the block's last
/// character may read.
pub const BLOCK: usize = 32;

/// The first place from byte `from` on where `test` finds something in a block: it is given
/// each block with the two bytes after it and says the place in the block. The last bytes are
/// given with zeros after them, and a place among the zeros is not taken. A block a test can
/// pass with a few vector compares (nearly every block of every document) costs less than a
/// test of each character.
#[inline]
pub fn find_by_blocks(
    b: &[u8],
    from: usize,
    test: impl Fn(&[u8; BLOCK + 2]) -> Option<usize>,
) -> Option<usize> {
    let mut at = from;
    while let Some(window) = b.get(at..at + BLOCK + 2) {
        if let Some(k) = window.try_into().ok().and_then(&test) {
            return Some(at + k);
        }
        at += BLOCK;
    }
    while at < b.len() {
        let mut window = [0u8; BLOCK + 2];
        let rest = b.get(at..).unwrap_or_default();
        let take = rest.len().min(BLOCK + 2);
        window[..take].copy_from_slice(&rest[..take]);
        if let Some(k) = test(&window).filter(|&k| k < rest.len()) {
            return Some(at + k);
        }
        at += BLOCK;
    }
    None
}

/// The set [`next_marked`] reads, of `chars` (those beyond the Basic Multilingual Plane, at
/// which it stops anyway, left out).
pub const fn char_marks(chars: &[char]) -> [u64; 1024] {
    let mut marks = [0u64; 1024];
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k] as usize;
        if c < 0x10000 {
            marks[c >> 6] |= 1 << (c & 63);
        }
        k += 1;
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Over every character alone and between others, the scan stops where a scan by
    /// characters would: at a marked character, or one of two bytes or four.
    #[test]
    fn the_byte_scan_stops_where_the_characters_say() {
        let marked = ['a', '~', '，', '一', '\u{a0}', '\u{ffff}', '\u{800}'];
        let marks = char_marks(&marked);
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for t in [format!("{c}"), format!("b甲{c}乙{c}")] {
                let stops = |from: usize| {
                    t[from..]
                        .char_indices()
                        .find(|(_, c)| marked.contains(c) || matches!(c.len_utf8(), 2 | 4))
                        .map_or(t.len(), |(i, _)| from + i)
                };
                let mut from = 0;
                while from < t.len() {
                    let at = next_marked(t.as_bytes(), from, &marks);
                    assert_eq!(at, stops(from), "{t:?} from {from}");
                    from = at + t[at..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
    }

    /// The scan as it was, an offset tested against the length for each character: the oracle
    /// of the scan over what is left as a slice.
    fn next_marked_by_offsets(b: &[u8], mut i: usize, marks: &[u64; 1024]) -> usize {
        loop {
            while let Some(&[lead, second, third]) = b.get(i..i + 3) {
                if lead & 0xF0 != 0xE0 {
                    break;
                }
                let word = usize::from(lead & 0x0F) << 6 | usize::from(second & 0x3F);
                if marks[word] >> (third & 0x3F) & 1 != 0 {
                    return i;
                }
                i += 3;
            }
            match b.get(i) {
                Some(&lead) if lead < 0x80 => {
                    if marks[usize::from(lead >> 6)] >> (lead & 63) & 1 != 0 {
                        return i;
                    }
                    i += 1;
                }
                // Two bytes or four, a three-byte character cut short, or the end.
                _ => return i,
            }
        }
    }

    /// Over texts drawn with a fixed seed from marked and unmarked characters of every width
    /// (and a three-byte character cut short at the end), from every place, both scans stop at
    /// the same byte.
    #[test]
    fn the_slice_scan_stops_where_the_offset_scan_does() {
        let marked = ['~', '，', '一', '\u{3000}', '（'];
        let marks = char_marks(&marked);
        let pieces = [
            "~",
            "，",
            "一",
            "\u{3000}",
            "（",
            "a",
            "甲",
            "乙",
            "é",
            "\u{20000}",
            "\u{ffff}",
            "0",
            " ",
        ];
        let texts =
            crate::oracle_texts::random_texts(&pieces, 20_000, 0..16, 0x9e37_79b9_7f4a_7c15);
        for t in &texts {
            let mut b = t.as_bytes().to_vec();
            for end in [b.len(), b.len().saturating_sub(1)] {
                b.truncate(end);
                for from in 0..=b.len() + 1 {
                    let want = next_marked_by_offsets(&b, from, &marks);
                    assert_eq!(next_marked(&b, from, &marks), want, "{t:?} from {from}");
                }
            }
        }
    }
}
