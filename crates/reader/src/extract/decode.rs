//! Bytes to clean text: encoding detection, and the removal of anything a terminal would obey.

pub use crate::text::{is_unsafe, sanitize};
use encoding_rs::{BIG5, Encoding, GB18030, UTF_8};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("this is a binary file, not a text document")]
    Binary,
    /// The bytes are not valid in the named encoding.
    #[error("the bytes are not valid {0} text")]
    Invalid(String),
    #[error("unknown encoding '{0}' (try utf-8, gbk, gb18030, big5, utf-16le, utf-16be)")]
    UnknownEncoding(String),
}

/// The text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// 1-based lines where bytes that were not valid text were read as U+FFFD (a stray byte, a
    /// copy cut in the middle of a character); empty when the text was valid throughout.
    pub replaced: Vec<usize>,
}

/// Decodes `bytes`, honouring `forced` (an encoding label such as `gbk`) when given.
///
/// Detection order: a BOM (UTF-8, UTF-16), strict UTF-8, a Big5 declaration, UTF-8 with a few
/// bad bytes, then GB18030 (a superset of GBK, what Chinese government sites serve when they are
/// not UTF-8) or Big5, whichever `chardetng` finds likelier first. Text valid but for a few bytes
/// is read with those bytes replaced, and their lines are named in [`Decoded::replaced`].
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some(label) = forced {
        let enc = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))?;
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(DecodeError::Invalid(enc.name().to_string()));
        }
        return finish(&text, enc);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(DecodeError::Invalid(enc.name().to_string()));
        }
        return finish(&text, enc);
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    // Checked with SIMD: Chinese text defeats std's ASCII fast path, and every file is checked.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return finish(text, UTF_8);
    }
    if declares_big5(bytes) {
        let (text, had_errors) = BIG5.decode_without_bom_handling(bytes);
        if !had_errors {
            return finish(&text, BIG5);
        }
    }
    if mostly_utf8(bytes) {
        return finish_lossy(&String::from_utf8_lossy(bytes), UTF_8);
    }
    // GB18030 decodes nearly any byte string, so which of it and Big5 to try first is asked of
    // a detector trained on real text.
    let order = if guess(bytes) == BIG5 {
        [BIG5, GB18030]
    } else {
        [GB18030, BIG5]
    };
    for enc in order {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return finish(&text, enc);
        }
    }
    let (text, _) = order[0].decode_without_bom_handling(bytes);
    finish_lossy(&text, order[0])
}

/// The likelier of the legacy encodings, as `chardetng` guesses (GBK stands for GB18030).
fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// UTF-8 but for a few bytes: a stray byte, or a copy cut in the middle of a character.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut bad, mut good) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        bad += chunk.invalid().len();
        good += chunk.valid().len() - chunk.valid().chars().filter(char::is_ascii).count();
    }
    bad <= 16 && bad * 10 < good
}

/// Text read with replacement characters: accepted when they are few, with their lines named.
fn finish_lossy(text: &str, enc: &'static Encoding) -> Result<Decoded, DecodeError> {
    let mut d = finish(text, enc)?;
    d.replaced = d
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains('\u{FFFD}'))
        .map(|(i, _)| i + 1)
        .collect();
    Ok(d)
}

fn finish(text: &str, enc: &'static Encoding) -> Result<Decoded, DecodeError> {
    let text = sanitize(text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if control_ratio_too_high(&text) {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded {
        text,
        encoding: if enc == encoding_rs::GBK {
            GB18030.name()
        } else {
            enc.name()
        },
        replaced: Vec::new(),
    })
}

/// A charset declaration left over from the web page (`charset=big5`, `encoding="Big5"`).
fn declares_big5(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let ascii: String = head
        .iter()
        .filter(|b| b.is_ascii())
        .map(|b| (*b as char).to_ascii_lowercase())
        .collect();
    ascii.contains("charset=big5")
        || ascii.contains("charset=\"big5")
        || ascii.contains("encoding=\"big5")
}

/// NUL bytes never occur in a text document in a byte-oriented encoding. Looked for with
/// `memchr`'s vector search: `slice::contains` read the 8 KiB a word at a time, 2.4 M
/// instructions over 300 documents.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    memchr::memchr(0, sample).is_some()
}

/// Replacement characters from a lenient decode, or private-use noise, in bulk mean "not text".
fn control_ratio_too_high(text: &str) -> bool {
    // Counted by bytes, the whole text being read here: U+E000..U+EFFF open with EE,
    // U+F000..U+F8FF with EF 80..A3, and U+FFFD is EF BF BD; a search finds the few EE and EF.
    let b = text.as_bytes();
    // EF opens the full-width punctuation too (，（）：), so a search for it stopped a few times
    // a line: a block test tells most texts apart first, with no odd character at all.
    if !holds_odd(b) {
        return false;
    }
    let odd = memchr::memchr2_iter(0xEE, 0xEF, b)
        .filter(|&i| {
            b[i] == 0xEE
                || matches!(
                    (b.get(i + 1), b.get(i + 2)),
                    (Some(0x80..=0xA3), _) | (Some(0xBF), Some(0xBD))
                )
        })
        .count();
    // The characters are counted only when there is something to compare: most documents
    // have no odd character, and the count read every byte of them again.
    odd > 0 && odd * 10 > text.chars().count().max(1)
}

/// Whether `b` holds a character [`control_ratio_too_high`] counts: a byte EE, or EF before
/// 80..=A3, or EF BF BD. Tested a block at a time, with no exit inside a block, which the
/// compiler makes vector compares of. A byte inside a character is never EE or EF, so every
/// byte is asked; a zero after the text is none of them.
fn holds_odd(b: &[u8]) -> bool {
    use crate::text::BLOCK;
    let odd_in = |w: &[u8; BLOCK + 2]| {
        let any = (0..BLOCK).fold(false, |any, k| {
            let (x, y, z) = (w[k], w[k + 1], w[k + 2]);
            any | (x == 0xEE)
                | ((x == 0xEF) & ((y.wrapping_sub(0x80) < 0x24) | ((y == 0xBF) & (z == 0xBD))))
        });
        any.then_some(0)
    };
    crate::text::find_by_blocks(b, 0, odd_in).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("牵头单位".as_bytes(), None).unwrap();
        assert_eq!(plain.text, "牵头单位");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("牵头单位".as_bytes());
        assert_eq!(decode(&bom, None).unwrap().text, "牵头单位");
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("（责任单位：市卫生健康委）");
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "（责任单位：市卫生健康委）");
        assert_eq!(d.encoding, "gb18030");
    }

    #[test]
    fn big5_when_declared() {
        let (body, _, _) = encoding_rs::BIG5.encode("（牽頭單位：省衛生福利部）");
        let mut bytes = b"<meta charset=big5>\n".to_vec();
        bytes.extend_from_slice(&body);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert!(d.text.ends_with("（牽頭單位：省衛生福利部）"));
    }

    #[test]
    fn big5_without_a_declaration() {
        let text = "體育產業2023年行動計劃\n一、主要任務\n1.舉辦品牌賽事，推動全民健身。（牽頭單位：縣體育局；配合單位：縣教育局、縣財政局）\n";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("Big5", text));
    }

    #[test]
    fn a_few_bad_bytes_are_replaced_and_their_lines_named() {
        let mut bytes = "第一行，推进社区养老服务设施建设，市民政局\n第二行"
            .as_bytes()
            .to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice("，市财政局\n第三行".as_bytes());
        // Cut in the middle of a character.
        bytes.extend_from_slice(&"局".as_bytes()[..2]);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replaced, [2, 3]);
        assert!(d.text.contains("\n第二行\u{FFFD}，市财政局"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "市民政局".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes, None).unwrap().text, "市民政局");
    }

    #[test]
    fn forced_encoding_wins_and_bad_labels_are_named() {
        let (bytes, _, _) = encoding_rs::GBK.encode("省财政厅");
        assert_eq!(decode(&bytes, Some("gbk")).unwrap().text, "省财政厅");
        assert_eq!(
            decode(&bytes, Some("klingon")),
            Err(DecodeError::UnknownEncoding("klingon".into()))
        );
        assert_eq!(
            decode(&bytes, Some("utf-8")),
            Err(DecodeError::Invalid("UTF-8".to_string()))
        );
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t\n", None), Err(DecodeError::Empty));
        assert_eq!(
            decode(&[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0], None),
            Err(DecodeError::Binary)
        );
    }

    /// `control_ratio_too_high` as it was, by characters: the oracle of the byte count.
    fn ratio_by_chars(text: &str) -> bool {
        let total = text.chars().count().max(1);
        let odd = text
            .chars()
            .filter(|c| *c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(c))
            .count();
        odd * 10 > total
    }

    /// Each character as one in nine of a text (where one odd character decides) and one in ten, and 100,000 texts over the
    /// ranges' ends drawn with a fixed seed: the bytes are counted as the characters were.
    #[test]
    fn the_ratio_counts_bytes_as_it_counted_characters() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for t in [
                format!("{c}甲甲甲甲甲甲甲甲"),
                format!("甲甲甲甲甲甲甲甲甲{c}"),
            ] {
                assert_eq!(control_ratio_too_high(&t), ratio_by_chars(&t), "{t:?}");
            }
        }
        let alphabet = [
            'a',
            '甲',
            '\u{D7FF}',
            '\u{E000}',
            '\u{EFFF}',
            '\u{F000}',
            '\u{F8FF}',
            '\u{F900}',
            '\u{FFFC}',
            '\u{FFFD}',
            '\u{FFFE}',
            '（',
            '\u{10FFFF}',
        ];
        for t in dutymatrix_base::oracle_texts::random_texts(
            &alphabet,
            100_000,
            1..25,
            0x9e37_79b9_7f4a_7c15,
        ) {
            assert_eq!(control_ratio_too_high(&t), ratio_by_chars(&t), "{t:?}");
        }
    }

    /// The block test against a search for the bytes, over 100,000 texts drawn with a fixed
    /// seed, long enough for an odd character to fall at every place of a block and across
    /// its end.
    #[test]
    fn the_block_test_finds_what_the_search_found() {
        let alphabet = [
            'a', '甲', '（', '\u{E000}', '\u{F8FF}', '\u{F900}', '\u{FFFD}', '\u{FFFC}',
        ];
        let by_search = |b: &[u8]| {
            memchr::memchr2_iter(0xEE, 0xEF, b).any(|i| {
                b[i] == 0xEE
                    || matches!(
                        (b.get(i + 1), b.get(i + 2)),
                        (Some(0x80..=0xA3), _) | (Some(0xBF), Some(0xBD))
                    )
            })
        };
        let texts = dutymatrix_base::oracle_texts::random_texts(
            &alphabet,
            100_000,
            1..60,
            0x2545_f491_4f6c_dd1d,
        );
        for t in &texts {
            assert_eq!(holds_odd(t.as_bytes()), by_search(t.as_bytes()), "{t:?}");
        }
    }

    #[test]
    fn escape_sequences_never_survive() {
        let dirty = "市\x1b[2J民政局\x07\r\n第二行\u{202E}\u{9b}x";
        assert_eq!(sanitize(dirty), "市[2J民政局\n第二行x");
    }
}
