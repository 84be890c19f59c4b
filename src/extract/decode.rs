//! Bytes to clean text: encoding detection, and the removal of anything a terminal would obey.

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
    /// The bytes are not valid in the named encoding.
    Invalid(&'static str),
    UnknownEncoding(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "the file is empty"),
            DecodeError::Binary => write!(f, "this is a binary file, not a text document"),
            DecodeError::Invalid(enc) => write!(f, "the bytes are not valid {enc} text"),
            DecodeError::UnknownEncoding(label) => write!(
                f,
                "unknown encoding '{label}' (try utf-8, gbk, gb18030, big5, utf-16le, utf-16be)"
            ),
        }
    }
}

/// The text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes`, honouring `forced` (an encoding label such as `gbk`) when given.
///
/// Detection order: a BOM (UTF-8, UTF-16), strict UTF-8, then GB18030 (a superset of GBK, which is
/// what Chinese government sites serve when they are not UTF-8), then Big5 when GB18030 fails.
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some(label) = forced {
        let enc = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))?;
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(DecodeError::Invalid(enc.name()));
        }
        return finish(&text, enc);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(DecodeError::Invalid(enc.name()));
        }
        return finish(&text, enc);
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(text, UTF_8);
    }
    // GB18030 decodes nearly any byte string, so Big5 is taken only when the text says so.
    if declares_big5(bytes) {
        let (text, had_errors) = BIG5.decode_without_bom_handling(bytes);
        if !had_errors {
            return finish(&text, BIG5);
        }
    }
    for enc in [GB18030, BIG5] {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return finish(&text, enc);
        }
    }
    Err(DecodeError::Invalid("UTF-8, GBK/GB18030 or Big5"))
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
        encoding: enc.name(),
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

/// NUL bytes never occur in a text document in a byte-oriented encoding.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    sample.contains(&0)
}

/// Replacement characters from a lenient decode, or private-use noise, in bulk mean "not text".
fn control_ratio_too_high(text: &str) -> bool {
    let total = text.chars().count().max(1);
    let odd = text
        .chars()
        .filter(|c| *c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(c))
        .count();
    odd * 10 > total
}

/// Removes everything that could make a terminal do something: C0/C1 controls (ESC above all),
/// DEL, and the invisible format characters that reorder or hide text. Keeps `\n` and `\t`;
/// `\r\n` and lone `\r` become `\n`.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            '\u{FEFF}' => {}
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Characters never to be written to a terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}')
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
            Err(DecodeError::Invalid("UTF-8"))
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

    #[test]
    fn escape_sequences_never_survive() {
        let dirty = "市\x1b[2J民政局\x07\r\n第二行\u{202E}\u{9b}x";
        assert_eq!(sanitize(dirty), "市[2J民政局\n第二行x");
    }
}
