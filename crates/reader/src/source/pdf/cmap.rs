//! A font's ToUnicode CMap (`begincodespacerange`, `beginbfchar`, `beginbfrange`): which bytes
//! of a shown string make one code, and which text each code stands for. Without it a CJK font
//! embedded as Identity-H shows glyph numbers, not characters.

use foldhash::{HashMap, HashMapExt};

/// Codes a `bfrange` may cover: a real font has at most 65,536 glyphs, and a crafted range
/// `<0000> <FFFFFFFF>` must not fill memory.
const MAX_CODES: usize = 1 << 17;
/// The codes' texts together: a range giving each of 65,536 codes a long ligature must not
/// fill memory either.
const MAX_TEXT: usize = 16 << 20;

/// Where a code's text is in [`CMap::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Text {
    start: u32,
    end: u32,
}

#[derive(Debug, Clone)]
pub struct CMap {
    /// (length in bytes, low, high): the code space ranges, as declared.
    space: Vec<(usize, u32, u32)>,
    map: HashMap<(usize, u32), Text>,
    /// One-byte codes, the most common kind (a simple font's), looked up by index.
    bytes: Vec<Option<Text>>,
    /// Every code's text, one after another: one string, not one per code.
    text: String,
}

impl CMap {
    /// Parses a CMap's text. Anything not understood is skipped: a partly read map still
    /// gives the codes it declares.
    pub fn parse(data: &[u8]) -> CMap {
        let tokens = tokens(data);
        let mut cmap = CMap {
            space: Vec::new(),
            map: HashMap::new(),
            bytes: vec![None; 256],
            text: String::new(),
        };
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Tok::Word(b"begincodespacerange") => {
                    i += 1;
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        if let (Some((n, lo)), Some((m, hi))) = (code(lo), code(hi))
                            && n == m
                        {
                            cmap.space.push((n, lo, hi));
                        }
                        i += 2;
                    }
                }
                Tok::Word(b"beginbfchar") => {
                    i += 1;
                    while let (Some(Tok::Hex(c)), Some(Tok::Hex(dst))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        if let Some((len, c)) = code(c) {
                            let text = cmap.push(units(dst));
                            cmap.insert(len, c, text);
                        }
                        i += 2;
                    }
                }
                Tok::Word(b"beginbfrange") => {
                    i += 1;
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi)), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
                    {
                        cmap.range(lo, hi, dst);
                        i += 3;
                    }
                }
                _ => i += 1,
            }
        }
        cmap
    }

    fn len(&self) -> usize {
        self.map.len() + self.bytes.iter().filter(|b| b.is_some()).count()
    }

    /// A code's text (UTF-16, the CMap's form; surrogate pairs and ligatures included) added
    /// to `text`, without control characters: nothing a reader should see, and dropped here
    /// once rather than for every glyph shown.
    fn push(&mut self, units: impl Iterator<Item = u16>) -> Option<Text> {
        if self.text.len() > MAX_TEXT {
            return None;
        }
        let start = self.text.len() as u32;
        for c in char::decode_utf16(units) {
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            if !c.is_control() {
                self.text.push(c);
            }
        }
        Some(Text {
            start,
            end: self.text.len() as u32,
        })
    }

    /// One code's text; one-byte codes go to their own table.
    fn insert(&mut self, len: usize, code: u32, text: Option<Text>) {
        let Some(text) = text else {
            return;
        };
        match self.bytes.get_mut(code as usize) {
            Some(slot) if len == 1 => *slot = Some(text),
            _ if self.map.len() < MAX_CODES => {
                self.map.insert((len, code), text);
            }
            _ => {}
        }
    }

    fn range(&mut self, lo: &[u8], hi: &[u8], dst: &Tok) {
        let (Some((len, lo_n)), Some((hi_len, hi_n))) = (code(lo), code(hi)) else {
            return;
        };
        if len != hi_len || hi_n < lo_n || (hi_n - lo_n) as usize >= MAX_CODES {
            return;
        }
        // The last UTF-16 unit counts up with the code.
        let mut start: Vec<u16> = match dst {
            Tok::Hex(digits) => units(digits).collect(),
            _ => Vec::new(),
        };
        let last = start.last().copied();
        for (k, code) in (lo_n..=hi_n).enumerate() {
            if self.map.len() >= MAX_CODES {
                return;
            }
            let text = match dst {
                Tok::Hex(_) => {
                    if let (Some(slot), Some(last)) = (start.last_mut(), last) {
                        *slot = last.wrapping_add(k as u16);
                    }
                    self.push(start.iter().copied())
                }
                Tok::Array(items) => match items.get(k) {
                    Some(item) => self.push(units(item)),
                    None => break,
                },
                Tok::Word(_) => return,
            };
            self.insert(len, code, text);
        }
    }

    /// Calls `f` with each code of `bytes`, its length and its text: each code as long as the
    /// code space says (the first range that holds its first bytes), or `default_len` bytes
    /// where none was declared. A code with no entry gives `None`: the caller may know another
    /// way to read it.
    pub fn each(
        &self,
        bytes: &[u8],
        default_len: usize,
        mut f: impl FnMut(u32, usize, Option<&str>),
    ) {
        let mut i = 0;
        while i < bytes.len() {
            let len = self.code_len(&bytes[i..]).unwrap_or(default_len).max(1);
            let end = (i + len).min(bytes.len());
            let code = number(&bytes[i..end]);
            let text = if end - i == 1 {
                self.bytes.get(code as usize).copied().flatten()
            } else {
                self.map.get(&(end - i, code)).copied()
            };
            let text = text.and_then(|t| self.text.get(t.start as usize..t.end as usize));
            f(code, end - i, text);
            i = end;
        }
    }

    fn code_len(&self, rest: &[u8]) -> Option<usize> {
        // A simple font's map declares <00> <FF>: every code is one byte, no search needed.
        if self.space.first() == Some(&(1, 0, 0xFF)) {
            return Some(1);
        }
        self.space
            .iter()
            .filter(|(len, lo, hi)| {
                rest.len() >= *len && (*lo..=*hi).contains(&number(&rest[..*len]))
            })
            .map(|(len, ..)| *len)
            .min()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn number(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |n, &b| (n << 8) | b as u32)
}

/// The UTF-16 units of a hex string's digits (big-endian pairs of bytes; an odd last
/// digit or byte followed by 0), read without a buffer.
fn units(digits: &[u8]) -> impl Iterator<Item = u16> + '_ {
    let mut nibbles = digits.iter().filter_map(|&c| (c as char).to_digit(16));
    let mut byte = move || {
        let high = nibbles.next()?;
        Some(((high << 4) | nibbles.next().unwrap_or(0)) as u8)
    };
    std::iter::from_fn(move || {
        let high = byte()?;
        Some(u16::from_be_bytes([high, byte().unwrap_or(0)]))
    })
}

/// A code's length in bytes (1 to 4) and its value, from its hex digits.
fn code(digits: &[u8]) -> Option<(usize, u32)> {
    let (mut n, mut value) = (0usize, 0u32);
    for d in digits.iter().filter_map(|&c| (c as char).to_digit(16)) {
        n += 1;
        if n > 8 {
            return None;
        }
        value = (value << 4) | d;
    }
    // An odd last digit is followed by 0, as in any hex string.
    if n % 2 == 1 {
        value <<= 4;
        n += 1;
    }
    (n > 0).then_some((n / 2, value))
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    /// A hex string's digits, decoded where used: most are codes, read without a buffer.
    Hex(&'a [u8]),
    Array(Vec<&'a [u8]>),
    Word(&'a [u8]),
}

/// The CMap's tokens that matter: hex strings, arrays of them, and words. Names, numbers,
/// literal strings and dictionaries become words the parser passes over.
fn tokens(data: &[u8]) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut array: Option<Vec<&[u8]>> = None;
    while i < data.len() {
        let b = data[i];
        match b {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = data[i..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(data.len(), |p| i + p);
                let hex = &data[i + 1..end];
                match &mut array {
                    Some(items) => items.push(hex),
                    None => out.push(Tok::Hex(hex)),
                }
                i = end + 1;
            }
            b'[' => {
                array = Some(Vec::new());
                i += 1;
            }
            b']' => {
                if let Some(items) = array.take() {
                    out.push(Tok::Array(items));
                }
                i += 1;
            }
            b'(' => {
                // A literal string (a CMap's name or registry): skipped, with its escapes
                // and nested brackets.
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !b"<>[]()%/".contains(&data[i])
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                if array.is_none() {
                    out.push(Tok::Word(&data[start..i]));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDENTITY: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <6CF0> <0004> <5B89> endbfchar
2 beginbfrange <0010> <0012> <5E02> <0020> <0021> [<4EBA> <D835DC00>] endbfrange
1 beginbfchar <0030> <00660069> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end";

    fn text(cmap: &CMap, bytes: &[u8], len: usize) -> String {
        let mut out = String::new();
        cmap.each(bytes, len, |_, _, t| out.push_str(t.unwrap_or("?")));
        out
    }

    #[test]
    fn two_byte_codes_through_chars_and_ranges() {
        let c = CMap::parse(IDENTITY);
        assert_eq!(text(&c, &[0, 3, 0, 4], 1), "泰安");
        assert_eq!(text(&c, &[0, 0x10, 0, 0x12], 1), "市帄");
        // An array range, a character outside the BMP, a ligature.
        assert_eq!(text(&c, &[0, 0x20, 0, 0x21, 0, 0x30], 1), "人𝐀fi");
        assert_eq!(text(&c, &[0, 0x99], 1), "?");
        // A code mapped to a control character shows nothing (not unknown, not the control).
        let c =
            CMap::parse(b"1 beginbfchar <41> <0007> endbfchar 1 beginbfchar <42> <0041> endbfchar");
        assert_eq!(text(&c, b"BAB", 1), "AA");
    }

    #[test]
    fn mixed_one_and_two_byte_code_spaces() {
        let c = CMap::parse(
            b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
            2 beginbfchar <41> <0041> <B0B2> <5B89> endbfchar",
        );
        assert_eq!(text(&c, b"A\xB0\xB2A", 2), "A安A");
        // A truncated code at the end is one short code, not a panic.
        let mut n = 0;
        c.each(b"\xB0", 2, |_, _, _| n += 1);
        assert_eq!(n, 1);
    }

    #[test]
    fn crafted_ranges_stay_bounded() {
        let c = CMap::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(c.is_empty());
        let c = CMap::parse(b"beginbfrange <0000> <FFFF> <0041> endbfrange <zz");
        assert_eq!(c.len(), 65536);
        assert!(CMap::parse(b"<<<[[((").is_empty());
    }
}
