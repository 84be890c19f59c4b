//! A content stream's operators with their operands, read in one pass without building a
//! list: lopdf's parser makes an object tree for every operation, which cost the text layer
//! ten times what reading the same text as .txt costs. Operands live in buffers kept from one
//! operator to the next (strings and names in one byte buffer, array and dictionary items in
//! one list), so a page is read without an allocation per operand. Inline images
//! (`BI … ID … EI`) are stepped over; arrays and dictionaries nested deeper than a page ever
//! needs are dropped.

/// Where an operand's bytes or items are, in the buffers of [`Operands`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// An operand: numbers held, the rest found through [`Operands`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operand {
    Number(f32),
    Name(Span),
    Str(Span),
    Array(Span),
    /// Keys (names) and values, alternating.
    Dict(Span),
    /// `true`, `false`, `null`, or anything else that is not an operator's place.
    Other,
}

/// The operands of one operator.
pub struct Operands<'a> {
    pub list: &'a [Operand],
    items: &'a [Operand],
    bytes: &'a [u8],
}

impl<'a> Operands<'a> {
    pub fn number(&self, i: usize) -> Option<f32> {
        match self.list.get(i) {
            Some(Operand::Number(n)) if n.is_finite() => Some(*n),
            _ => None,
        }
    }

    /// A name's or a string's bytes; empty for anything else.
    pub fn bytes(&self, o: &Operand) -> &'a [u8] {
        match o {
            Operand::Name(s) | Operand::Str(s) => self.bytes.get(s.range()).unwrap_or_default(),
            _ => &[],
        }
    }

    /// An array's or a dictionary's items; empty for anything else.
    pub fn items(&self, o: &Operand) -> &'a [Operand] {
        match o {
            Operand::Array(s) | Operand::Dict(s) => self.items.get(s.range()).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The value of `key` in a dictionary operand.
    pub fn get(&self, dict: &Operand, key: &[u8]) -> Option<&'a Operand> {
        if !matches!(dict, Operand::Dict(_)) {
            return None;
        }
        self.items(dict)
            .chunks_exact(2)
            .find(|kv| matches!(kv[0], Operand::Name(_)) && self.bytes(&kv[0]) == key)
            .map(|kv| &kv[1])
    }
}

/// Arrays and dictionaries inside one another: a `TJ` array is one level, a marked span's
/// properties two.
const MAX_DEPTH: usize = 16;

/// Operands kept for one operator: a run of operands with no operator is not a page.
const MAX_OPERANDS: usize = 4096;

/// Calls `f` with each operator and its operands until `f` says stop (false) or the data ends.
pub fn operations(data: &[u8], mut f: impl FnMut(&[u8], &Operands) -> bool) {
    let mut lx = Lexer {
        data,
        at: 0,
        bytes: Vec::new(),
        items: Vec::new(),
        levels: Vec::new(),
    };
    let mut list: Vec<Operand> = Vec::new();
    // The common operands (numbers, names, hex strings) and the operators are read here;
    // the rest by `Lexer::operand`.
    while let Some(&b) = lx.data.get(lx.at) {
        match CLASS[b as usize] {
            SPACE => lx.at += 1,
            NUMBER => {
                let (o, end) = number(lx.data, lx.at);
                list.push(o);
                lx.at = end;
            }
            REGULAR => {
                let word = lx.word();
                match word {
                    [b't' | b'f' | b'n', ..] if matches!(word, b"true" | b"false" | b"null") => {
                        list.push(Operand::Other)
                    }
                    b"ID" => {
                        lx.inline_image();
                        lx.clear(&mut list);
                    }
                    _ => {
                        let operands = Operands {
                            list: &list,
                            items: &lx.items,
                            bytes: &lx.bytes,
                        };
                        if !f(word, &operands) {
                            return;
                        }
                        lx.clear(&mut list);
                    }
                }
            }
            _ if b == b'/' => {
                let name = lx.name();
                list.push(name);
            }
            _ if b == b'%' => lx.space(),
            _ => match lx.operand(0) {
                Some(o) => list.push(o),
                None => lx.at += 1,
            },
        }
        if list.len() > MAX_OPERANDS {
            lx.clear(&mut list);
        }
    }
}

/// Negative powers of ten, to scale a number's digits by where its point was: multiplied
/// in f64, a division's latency saved; the f32 kept can differ from the division's only
/// when the value lies within a rounding error of halfway between two f32s, and then by
/// one f32 step (under a ten-thousandth of a point on a page).
const SCALE: [f64; 16] = [
    1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14,
    1e-15,
];

/// The number starting at `start` (`-12.5`, `.5`, `3`: the numbers a content stream writes,
/// read in one pass without a general float parser; `1e3` and other oddities through it),
/// and where it ends. Inlined: returned through memory, its result cost more than reading it.
#[inline(always)]
fn number(data: &[u8], start: usize) -> (Operand, usize) {
    let mut at = start;
    let neg = match data.get(at) {
        Some(b'-') => {
            at += 1;
            true
        }
        Some(b'+') => {
            at += 1;
            false
        }
        _ => false,
    };
    let (mut value, mut digits, mut frac, mut dot) = (0u64, 0usize, 0usize, false);
    while let Some(&b) = data.get(at) {
        match b {
            b'0'..=b'9' => {
                value = value.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                digits += 1;
                frac += usize::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => break,
        }
        at += 1;
    }
    let end = word_end(data, at);
    if end != at || digits == 0 || digits > 15 {
        let n = std::str::from_utf8(&data[start..end])
            .ok()
            .and_then(|s| s.parse::<f32>().ok());
        return (n.map_or(Operand::Other, Operand::Number), end);
    }
    let v = value as f64 * SCALE[frac];
    (Operand::Number(if neg { -v } else { v } as f32), end)
}

/// Where the run of regular characters from `at` ends.
fn word_end(data: &[u8], at: usize) -> usize {
    let rest = data.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|&b| CLASS[b as usize] < NUMBER)
        .unwrap_or(rest.len())
}

const SPACE: u8 = 0;
const DELIM: u8 = 1;
/// A regular character that may start a number.
const NUMBER: u8 = 2;
const REGULAR: u8 = 3;

/// Each byte's class, looked up once instead of matched against lists.
const CLASS: [u8; 256] = {
    let mut t = [REGULAR; 256];
    let spaces = b" \n\r\t\x0C\0";
    let mut i = 0;
    while i < spaces.len() {
        t[spaces[i] as usize] = SPACE;
        i += 1;
    }
    let delims = b"()<>[]{}/%";
    let mut i = 0;
    while i < delims.len() {
        t[delims[i] as usize] = DELIM;
        i += 1;
    }
    let numbers = b"0123456789+-.";
    let mut i = 0;
    while i < numbers.len() {
        t[numbers[i] as usize] = NUMBER;
        i += 1;
    }
    t
};

struct Lexer<'a> {
    data: &'a [u8],
    at: usize,
    /// The bytes of the current operands' names and strings.
    bytes: Vec<u8>,
    /// The items of the current operands' arrays and dictionaries, inner ones first.
    items: Vec<Operand>,
    /// An array or dictionary's items while it is read, one list per depth, kept for reuse.
    levels: Vec<Vec<Operand>>,
}

fn is_space(b: u8) -> bool {
    CLASS[b as usize] == SPACE
}

fn is_regular(b: u8) -> bool {
    CLASS[b as usize] >= NUMBER
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.at).copied()
    }

    fn clear(&mut self, list: &mut Vec<Operand>) {
        list.clear();
        self.bytes.clear();
        self.items.clear();
    }

    /// White space and comments.
    fn space(&mut self) {
        while let Some(b) = self.peek() {
            if is_space(b) {
                self.at += 1;
            } else if b == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.at;
        self.at = word_end(self.data, start);
        &self.data[start..self.at]
    }

    /// The span of what was pushed to `bytes` since `start`.
    fn span_from(&self, start: usize) -> Span {
        Span {
            start: start as u32,
            end: self.bytes.len() as u32,
        }
    }

    fn name(&mut self) -> Operand {
        self.at += 1;
        let start = self.bytes.len();
        let word = self.word();
        self.bytes.extend_from_slice(word);
        Operand::Name(self.span_from(start))
    }

    /// One operand at the cursor; None when the byte there starts none (a stray `)`, `>`).
    fn operand(&mut self, depth: usize) -> Option<Operand> {
        let b = self.peek()?;
        let dict = b == b'<' && self.data.get(self.at + 1) == Some(&b'<');
        if depth >= MAX_DEPTH && (dict || b == b'[') {
            self.skip_nested();
            return Some(Operand::Other);
        }
        match b {
            b'/' => Some(self.name()),
            b'(' => {
                let start = self.bytes.len();
                self.literal();
                Some(Operand::Str(self.span_from(start)))
            }
            b'<' if dict => {
                self.at += 2;
                Some(Operand::Dict(self.collect(depth, true)))
            }
            b'<' => {
                let start = self.bytes.len();
                self.hex();
                Some(Operand::Str(self.span_from(start)))
            }
            b'[' => {
                self.at += 1;
                Some(Operand::Array(self.collect(depth, false)))
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let (o, end) = number(self.data, self.at);
                self.at = end;
                Some(o)
            }
            _ if is_regular(b) => {
                // A word inside an array or a dictionary (true, false, null, or junk).
                self.word();
                Some(Operand::Other)
            }
            _ => None,
        }
    }

    /// The items of an array (after its `[`) or a dictionary's keys and values (after its
    /// `<<`), moved to `items` once read: inner ones land there first, so the spans stay put.
    fn collect(&mut self, depth: usize, dict: bool) -> Span {
        if self.levels.len() <= depth {
            self.levels.resize_with(depth + 1, Vec::new);
        }
        let mut level = std::mem::take(&mut self.levels[depth]);
        loop {
            self.space();
            match self.peek() {
                None => break,
                Some(b']') if !dict => {
                    self.at += 1;
                    break;
                }
                Some(b'>') if dict => {
                    self.at += 2;
                    break;
                }
                Some(b'/') if dict => {
                    let key = self.name();
                    self.space();
                    let value = self.operand(depth + 1).unwrap_or(Operand::Other);
                    level.extend([key, value]);
                }
                Some(_) => match self.operand(depth + 1) {
                    Some(o) if !dict => level.push(o),
                    Some(_) => {}
                    None => self.at += 1,
                },
            }
        }
        let start = self.items.len() as u32;
        self.items.append(&mut level);
        self.levels[depth] = level;
        Span {
            start,
            end: self.items.len() as u32,
        }
    }

    /// Steps over an array or dictionary too deep to keep, without recursion.
    fn skip_nested(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            let next = self.data.get(self.at + 1).copied();
            match b {
                b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'<' if next == Some(b'<') => {
                    depth += 1;
                    self.at += 2;
                }
                b']' | b'>' => {
                    self.at += if b == b'>' && next == Some(b'>') {
                        2
                    } else {
                        1
                    };
                    if b == b']' || next == Some(b'>') {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return;
                        }
                    }
                }
                // Strings are read to be stepped over, their bytes dropped again.
                b'<' | b'(' => {
                    let start = self.bytes.len();
                    if b == b'<' {
                        self.hex();
                    } else {
                        self.literal();
                    }
                    self.bytes.truncate(start);
                }
                _ => self.at += 1,
            }
        }
    }

    /// `(…)` with its escapes and balanced brackets, to `bytes`.
    fn literal(&mut self) {
        self.at += 1;
        let out = &mut self.bytes;
        let data = self.data;
        let mut at = self.at;
        let mut depth = 1usize;
        while let Some(&b) = data.get(at) {
            at += 1;
            match b {
                b'\\' => {
                    let Some(&e) = data.get(at) else { break };
                    at += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if data.get(at) == Some(&b'\n') {
                                at += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match data.get(at) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
        self.at = at;
    }

    /// `<…>`: hex digits, white space ignored, an odd last digit followed by 0; to `bytes`.
    fn hex(&mut self) {
        self.at += 1;
        let rest = &self.data[self.at..];
        let len = rest.iter().position(|&b| b == b'>');
        let body = &rest[..len.unwrap_or(rest.len())];
        self.at += len.map_or(body.len(), |n| n + 1);
        let mut high: Option<u8> = None;
        for d in body.iter().filter_map(|&b| hex_digit(b)) {
            match high.take() {
                Some(h) => self.bytes.push((h << 4) | d),
                None => high = Some(d),
            }
        }
        if let Some(h) = high {
            self.bytes.push(h << 4);
        }
    }

    /// After `ID`: the image's bytes up to `EI` standing alone.
    fn inline_image(&mut self) {
        self.at += 1;
        while self.at + 2 <= self.data.len() {
            if &self.data[self.at..self.at + 2] == b"EI"
                && self.at > 0
                && is_space(self.data[self.at - 1])
                && self.data.get(self.at + 2).is_none_or(|&b| !is_regular(b))
            {
                self.at += 2;
                return;
            }
            self.at += 1;
        }
        self.at = self.data.len();
    }
}

#[cfg(test)]
mod tests;
