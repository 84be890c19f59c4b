//! A page's font as far as reading its text needs: how its codes become characters (the
//! ToUnicode CMap first; else a predefined Chinese CMap such as `UniGB-UCS2-H` or `GBK-EUC-H`;
//! else a single-byte encoding), and how wide each glyph is, so that a string shown after
//! another without a new position is placed after it.

use super::cmap::CMap;
use super::stream::Unpacker;
use foldhash::{HashMap, HashMapExt};
use lopdf::{Dictionary, Document, Object};

/// A ToUnicode CMap larger than this is not a font's map.
const MAX_CMAP: usize = 4 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fallback {
    /// Codes are UTF-16BE (the UCS2 and UTF16 CMaps).
    Ucs2,
    /// Codes are GBK (GB-EUC, GBK-EUC, GBK2K).
    Gbk,
    /// Codes are Big5 (B5pc, ETen-B5).
    Big5,
    /// Identity-H with no ToUnicode: glyph numbers, no characters.
    Glyphs,
    /// A simple font: one byte a code, read as Latin-1 (WinAnsi agrees on the letters).
    Latin,
}

#[derive(Debug, Clone)]
pub struct Font {
    cmap: Option<CMap>,
    fallback: Fallback,
    two_byte: bool,
    widths: HashMap<u32, f32>,
    /// The widths of codes under 256, by index: a simple font's every code.
    low: Vec<Option<f32>>,
    default_width: f32,
}

impl Default for Font {
    /// A font the page names but does not define: bytes read as Latin-1.
    fn default() -> Font {
        Font {
            cmap: None,
            fallback: Fallback::Latin,
            two_byte: false,
            widths: HashMap::new(),
            low: vec![None; 256],
            default_width: 500.0,
        }
    }
}

impl Font {
    pub fn new(doc: &Document, dict: &Dictionary, unpacker: &mut Unpacker) -> Font {
        let cmap = deref(doc, dict.get(b"ToUnicode").ok())
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| {
                let mut data = Vec::new();
                unpacker.stream(s, MAX_CMAP, &mut data).ok()?;
                Some(data)
            })
            .map(|data| CMap::parse(&data))
            .filter(|c| !c.is_empty());
        let composite = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        let encoding = dict
            .get(b"Encoding")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let fallback = if !composite {
            Fallback::Latin
        } else if encoding.contains("UCS2") || encoding.contains("UTF16") {
            Fallback::Ucs2
        } else if encoding.contains("GB") && encoding.contains("EUC") || encoding.contains("GBK") {
            Fallback::Gbk
        } else if encoding.contains("B5") {
            Fallback::Big5
        } else {
            Fallback::Glyphs
        };
        let mut font = Font {
            cmap,
            fallback,
            two_byte: composite,
            widths: HashMap::new(),
            low: vec![None; 256],
            default_width: if composite { 1000.0 } else { 500.0 },
        };
        if composite {
            let descendant = deref(doc, dict.get(b"DescendantFonts").ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|a| deref(doc, a.first()))
                .and_then(|o| o.as_dict().ok());
            if let Some(cid) = descendant {
                font.cid_widths(doc, cid);
            }
        } else {
            font.simple_widths(doc, dict);
        }
        font
    }

    fn set_width(&mut self, code: u32, width: f32) {
        match self.low.get_mut(code as usize) {
            Some(slot) => *slot = Some(width),
            None => {
                self.widths.insert(code, width);
            }
        }
    }

    fn simple_widths(&mut self, doc: &Document, dict: &Dictionary) {
        let first = dict.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0);
        if let Some(ws) = deref(doc, dict.get(b"Widths").ok()).and_then(|o| o.as_array().ok()) {
            for (k, w) in ws.iter().take(256).enumerate() {
                if let (Ok(code), Some(w)) = (u32::try_from(first + k as i64), number(doc, w)) {
                    self.set_width(code, w);
                }
            }
        }
    }

    /// `/DW` and `/W` (`c [w1 w2 …]` and `c_first c_last w`). Codes are CIDs under Identity-H;
    /// under another CMap the default width is the best guess, and CJK glyphs are all as
    /// wide anyway.
    fn cid_widths(&mut self, doc: &Document, cid: &Dictionary) {
        if let Some(dw) = cid.get(b"DW").ok().and_then(|o| number(doc, o)) {
            self.default_width = dw;
        }
        let Some(w) = deref(doc, cid.get(b"W").ok()).and_then(|o| o.as_array().ok()) else {
            return;
        };
        let mut i = 0;
        while i < w.len() && self.widths.len() < 65_536 {
            let Some(start) = number(doc, &w[i]) else {
                break;
            };
            let start = start as u32;
            match deref(doc, w.get(i + 1)) {
                Some(Object::Array(each)) => {
                    for (k, o) in each.iter().take(65_536).enumerate() {
                        if let Some(width) = number(doc, o) {
                            self.set_width(start.saturating_add(k as u32), width);
                        }
                    }
                    i += 2;
                }
                Some(end) => {
                    let (Some(end), Some(width)) =
                        (number(doc, end), w.get(i + 2).and_then(|o| number(doc, o)))
                    else {
                        break;
                    };
                    let end = (end as u32).min(start.saturating_add(65_535));
                    for code in start..=end {
                        self.set_width(code, width);
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }

    /// Calls `f` with each code of a shown string: its text (empty if unknown; no control
    /// characters), its advance in text space units (thousandths of the font size), and
    /// whether it is the single-byte space that word spacing widens.
    pub fn each(&self, bytes: &[u8], mut f: impl FnMut(&str, f32, bool)) {
        let mut glyph = |code: u32, len: usize, text: &str| {
            let width = match self.low.get(code as usize) {
                Some(w) => *w,
                None => self.widths.get(&code).copied(),
            }
            .unwrap_or(self.default_width);
            f(text, width, len == 1 && code == 32);
        };
        let mut buf = [0u8; 4];
        if let Some(cmap) = &self.cmap {
            let default_len = if self.two_byte { 2 } else { 1 };
            cmap.each(bytes, default_len, |code, len, text| match text {
                Some(text) => glyph(code, len, text),
                None => glyph(code, len, self.fallback_text(code, len, &mut buf)),
            });
            return;
        }
        let mut i = 0;
        while i < bytes.len() {
            // Without a CMap, codes split as the predefined encoding does (GBK and Big5 mix
            // one- and two-byte codes).
            let len = match self.fallback {
                Fallback::Gbk | Fallback::Big5 if bytes[i] < 0x81 => 1,
                Fallback::Latin => 1,
                _ => 2,
            };
            let end = (i + len).min(bytes.len());
            let code = bytes[i..end].iter().fold(0u32, |n, &b| (n << 8) | b as u32);
            glyph(code, end - i, self.fallback_text(code, end - i, &mut buf));
            i = end;
        }
    }

    /// A code's character without a CMap, written to `buf`; empty when there is none.
    fn fallback_text<'b>(&self, code: u32, len: usize, buf: &'b mut [u8; 4]) -> &'b str {
        let c = match (self.fallback, len) {
            (Fallback::Glyphs, _) => None,
            (Fallback::Ucs2, _) | (_, 1) => char::from_u32(code),
            (Fallback::Gbk | Fallback::Big5, _) => {
                let enc = if self.fallback == Fallback::Gbk {
                    encoding_rs::GBK
                } else {
                    encoding_rs::BIG5
                };
                // Decoded into a buffer on the stack: one code is one character.
                let mut out = [0u8; 16];
                let mut decoder = enc.new_decoder_without_bom_handling();
                let (result, _, written) = decoder.decode_to_utf8_without_replacement(
                    &(code as u16).to_be_bytes(),
                    &mut out,
                    true,
                );
                match result {
                    encoding_rs::DecoderResult::InputEmpty => std::str::from_utf8(&out[..written])
                        .ok()
                        .and_then(|t| t.chars().next()),
                    _ => None,
                }
            }
            (Fallback::Latin, _) => None,
        };
        match c.filter(|c| !c.is_control()) {
            Some(c) => c.encode_utf8(buf),
            None => "",
        }
    }
}

pub fn deref<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Object> {
    doc.dereference(o?).ok().map(|(_, o)| o)
}

fn number(doc: &Document, o: &Object) -> Option<f32> {
    deref(doc, Some(o))?
        .as_float()
        .ok()
        .filter(|f| f.is_finite())
}
