//! `sanitize`: a whole document's text made safe for a terminal, read a block of bytes at a time.

use super::BLOCK;

/// Removes everything that could make a terminal do something: C0/C1 controls (ESC above all),
/// DEL, and the invisible format characters that reorder or hide text. Keeps `\n` and `\t`;
/// `\r\n` and lone `\r` become `\n`.
pub fn sanitize(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // The text kept is copied a run at a time, up to each character dropped.
    let mut run = 0;
    let mut from = 0;
    while let Some(i) = next_unsafe(b, from) {
        let len = unsafe_len(b, i);
        out.push_str(&text[run..i]);
        run = i + len;
        if b[i] == b'\r' && b.get(i + 1) != Some(&b'\n') {
            out.push('\n');
        }
        from = i + len.max(1);
    }
    out.push_str(&text[run..]);
    out
}

/// Where the next character `sanitize` drops or replaces starts, from byte `from` on: tested a
/// block at a time (a block with nothing to drop costs a few vector compares, where a test per
/// character cost six instructions a byte).
fn next_unsafe(b: &[u8], from: usize) -> Option<usize> {
    super::find_by_blocks(b, from, first_unsafe)
}

/// The first of a block's `BLOCK` places that opens a character `sanitize` drops, the block
/// given with the two bytes after it.
#[inline(always)]
fn first_unsafe(w: &[u8; BLOCK + 2]) -> Option<usize> {
    // With no exit inside it, a looser test of the whole block (a byte and the one after it)
    // is made a few vector compares; only a block it lets through is read place by place.
    let held = (0..BLOCK).fold(false, |any, k| any | may_open_unsafe(w[k], w[k + 1]));
    if !held {
        return None;
    }
    (0..BLOCK).find(|&k| opens_unsafe(w[k], w[k + 1], w[k + 2]))
}

/// True wherever [`opens_unsafe`] is, from two bytes: C0 controls but `\n` and `\t`, DEL,
/// C2, E2 before 80 or 81, EF before BB or BF (`y | 4` is BF for those two alone). Full-width
/// punctuation (EF BC) and most of U+2000..U+203F pass it.
#[inline(always)]
fn may_open_unsafe(x: u8, y: u8) -> bool {
    ((x < 0x20) & (x != b'\n') & (x != b'\t'))
        | (x == 0x7F)
        | (x == 0xC2)
        | ((x == 0xE2) & (y & 0xFE == 0x80))
        | ((x == 0xEF) & (y | 0x04 == 0xBF))
}

/// Whether byte `x`, followed by `y` and `z`, opens a character `sanitize` drops or replaces:
/// `unsafe_len` is not 0 there. No continuation byte (0x80..=0xBF) is one of the first bytes
/// named, so in valid UTF-8 this holds only where a character starts, and every byte can be
/// asked without knowing where the characters are.
#[inline(always)]
fn opens_unsafe(x: u8, y: u8, z: u8) -> bool {
    let c0 = (x < 0x20 && x != b'\n' && x != b'\t') | (x == 0x7F);
    let c1 = (x == 0xC2) & (y.wrapping_sub(0x80) < 0x20);
    let format = (x == 0xE2)
        & (((y == 0x80) & ((0x8B..=0x8F).contains(&z) | (0xAA..=0xAE).contains(&z)))
            | ((y == 0x81) & (0xA0..=0xAF).contains(&z)));
    let specials =
        (x == 0xEF) & (((y == 0xBB) & (z == 0xBF)) | ((y == 0xBF) & (0xB9..=0xBB).contains(&z)));
    c0 | c1 | format | specials
}

/// The length in bytes of the character at `i` when `sanitize` drops or replaces it, else 0:
/// `is_unsafe` and `\r`, written as UTF-8.
fn unsafe_len(b: &[u8], i: usize) -> usize {
    let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        0x00..=0x1F | 0x7F => 1,
        // U+0080..U+009F, the C1 controls.
        0xC2 if matches!(next(1), 0x80..=0x9F) => 2,
        // U+200B..U+200F, U+202A..U+202E, U+2060..U+206F.
        0xE2 => match (next(1), next(2)) {
            (0x80, 0x8B..=0x8F | 0xAA..=0xAE) | (0x81, 0xA0..=0xAF) => 3,
            _ => 0,
        },
        // U+FEFF, U+FFF9..U+FFFB.
        0xEF => match (next(1), next(2)) {
            (0xBB, 0xBF) | (0xBF, 0xB9..=0xBB) => 3,
            _ => 0,
        },
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{is_unsafe, utf8_width};
    use super::*;

    /// `sanitize` as it was, a character at a time: the oracle the byte scanners are held to.
    fn sanitize_by_chars(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let kept = match c {
                '\n' | '\t' => true,
                '\r' | '\u{FEFF}' => false,
                c => !is_unsafe(c),
            };
            if kept {
                out.push(c);
            } else if c == '\r' && chars.peek() != Some(&'\n') {
                out.push('\n');
            }
        }
        out
    }

    /// The first bytes that can open a character `sanitize` drops: C0 controls but `\n` and
    /// `\t`, DEL, and the lead bytes of U+0080..U+009F, U+2000..U+2FFF and U+F000..U+FFFF.
    static OPENS_UNSAFE: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = b != b'\n' as usize && b != b'\t' as usize;
            b += 1;
        }
        t[0x7F] = true;
        t[0xC2] = true;
        t[0xE2] = true;
        t[0xEF] = true;
        t
    };

    /// `sanitize` as it was before the block test, a character at a time by its first byte.
    fn sanitize_by_lead_bytes(text: &str) -> String {
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut run = 0;
        let mut i = 0;
        while i < b.len() {
            if !OPENS_UNSAFE[usize::from(b[i])] {
                i += utf8_width(b[i]);
                continue;
            }
            let len = unsafe_len(b, i);
            if len == 0 {
                i += utf8_width(b[i]);
                continue;
            }
            out.push_str(&text[run..i]);
            run = i + len;
            if b[i] == b'\r' && b.get(i + 1) != Some(&b'\n') {
                out.push('\n');
            }
            i += len;
        }
        out.push_str(&text[run..]);
        out
    }

    /// Every character alone and between others, every text of up to four characters over the
    /// bytes' neighbours (each range's ends, `\r` and `\n`), and 200,000 longer ones drawn with
    /// a fixed seed, some of them long enough to cross blocks; each also after 0 to 40 bytes of
    /// plain text, so that a character falls at every place of a block and across its end.
    #[test]
    fn sanitize_reads_bytes_as_the_characters_read() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let t = format!("a{c}\r{c}{c}\n");
            assert_eq!(sanitize(&t), sanitize_by_chars(&t), "{:x}", c as u32);
        }
        let alphabet = [
            'a', '\n', '\r', '\t', '\0', '\x1f', ' ', '\x7f', '\u{80}', '\u{9f}', '\u{a0}', '·',
            '\u{200a}', '\u{200b}', '\u{200f}', '\u{2010}', '\u{2029}', '\u{202a}', '\u{202e}',
            '\u{202f}', '\u{205f}', '\u{2060}', '\u{206f}', '\u{2070}', '—', '①', '\u{feff}',
            '\u{fefe}', '\u{fff8}', '\u{fff9}', '\u{fffb}', '\u{fffc}', '\u{fffd}', '（', '单',
            '\x1b', '\u{85}', '\u{2d}', '\u{ff08}', '\u{bb}', '\u{bf}',
        ];
        let mut texts = crate::oracle_texts::every_then_random(
            &alphabet,
            4,
            200_000,
            5..35,
            0x2545_f491_4f6c_dd1d,
        );
        texts.extend(crate::oracle_texts::random_texts(
            &alphabet,
            20_000,
            30..120,
            0x9e37_79b9_7f4a_7c15,
        ));
        for t in &texts {
            let want = sanitize_by_chars(t);
            assert_eq!(sanitize(t), want, "{t:?}");
            assert_eq!(sanitize_by_lead_bytes(t), want, "{t:?}");
        }
        for pad in 0..=40 {
            let lead = "x".repeat(pad);
            for t in texts.iter().step_by(97) {
                let t = format!("{lead}{t}");
                assert_eq!(sanitize(&t), sanitize_by_chars(&t), "{t:?}");
            }
        }
    }

    /// Every byte triple: the test of a place says what `unsafe_len` says at a character's
    /// start, and the block's looser test lets it through.
    #[test]
    fn the_block_test_is_unsafe_len() {
        for x in 0..=255u8 {
            for y in 0..=255u8 {
                for z in 0..=255u8 {
                    let b = [x, y, z];
                    let by_len = OPENS_UNSAFE[usize::from(x)] && unsafe_len(&b, 0) > 0;
                    assert_eq!(opens_unsafe(x, y, z), by_len, "{x:x} {y:x} {z:x}");
                    assert!(!by_len || may_open_unsafe(x, y), "{x:x} {y:x} {z:x}");
                }
            }
        }
    }
}
