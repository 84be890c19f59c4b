//! A content stream's operators with their operands, read in one pass without building a
//! list: lopdf's parser makes an object tree for every operation, which cost the text layer
//! ten times what reading the same text as .txt costs. Inline images (`BI … ID … EI`) are
//! stepped over; arrays and dictionaries nested deeper than a page ever needs are dropped.

/// An operand.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Number(f32),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Dict(Vec<(Vec<u8>, Operand)>),
    /// `true`, `false`, `null`, or anything else that is not an operator's place.
    Other,
}

impl Operand {
    pub fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

/// Arrays and dictionaries inside one another: a `TJ` array is one level, a marked span's
/// properties two.
const MAX_DEPTH: usize = 16;

/// Calls `f` with each operator and its operands, for at most `max_ops` operators.
pub fn operations(data: &[u8], max_ops: usize, mut f: impl FnMut(&[u8], &[Operand])) {
    let mut lx = Lexer { data, at: 0 };
    let mut operands: Vec<Operand> = Vec::new();
    let mut ops = 0;
    while ops < max_ops {
        lx.space();
        let Some(&b) = lx.data.get(lx.at) else {
            return;
        };
        if is_regular(b) && !b.is_ascii_digit() && !matches!(b, b'+' | b'-' | b'.') {
            let word = lx.word();
            match word {
                b"true" | b"false" | b"null" => operands.push(Operand::Other),
                b"ID" => {
                    lx.inline_image();
                    operands.clear();
                }
                _ => {
                    f(word, &operands);
                    operands.clear();
                    ops += 1;
                }
            }
        } else {
            match lx.operand(0) {
                Some(o) => operands.push(o),
                None => lx.at += 1,
            }
            // A run of operands with no operator is not a page: keep memory bounded.
            if operands.len() > 4096 {
                operands.clear();
            }
        }
    }
}

/// `-12.5`, `.5`, `3`: the numbers a content stream writes, read without a general float
/// parser; None for anything else.
fn decimal(w: &[u8]) -> Option<f32> {
    let (neg, digits) = match w.first()? {
        b'-' => (true, &w[1..]),
        b'+' => (false, &w[1..]),
        _ => (false, w),
    };
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let (mut value, mut scale, mut dot) = (0i64, 1i64, false);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                value = value * 10 + i64::from(b - b'0');
                if dot {
                    scale *= 10;
                }
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    let v = value as f64 / scale as f64;
    Some(if neg { -v } else { v } as f32)
}

struct Lexer<'a> {
    data: &'a [u8],
    at: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0C' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delim(b)
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.at).copied()
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
        while self.peek().is_some_and(is_regular) {
            self.at += 1;
        }
        &self.data[start..self.at]
    }

    /// One operand at the cursor; None when the byte there starts none (a stray `)`, `>`).
    fn operand(&mut self, depth: usize) -> Option<Operand> {
        let b = self.peek()?;
        let opens = b == b'[' || (b == b'<' && self.data.get(self.at + 1) == Some(&b'<'));
        if depth >= MAX_DEPTH && opens {
            self.skip_nested();
            return Some(Operand::Other);
        }
        match b {
            b'/' => {
                self.at += 1;
                Some(Operand::Name(self.word().to_vec()))
            }
            b'(' => Some(Operand::Str(self.literal())),
            b'<' if self.data.get(self.at + 1) == Some(&b'<') => {
                self.at += 2;
                let mut dict = Vec::new();
                loop {
                    self.space();
                    match self.peek() {
                        None => break,
                        Some(b'>') => {
                            self.at += 2;
                            break;
                        }
                        Some(b'/') => {
                            self.at += 1;
                            let key = self.word().to_vec();
                            self.space();
                            let value = self.operand(depth + 1).unwrap_or(Operand::Other);
                            if depth < MAX_DEPTH {
                                dict.push((key, value));
                            }
                        }
                        Some(_) => {
                            if self.operand(depth + 1).is_none() {
                                self.at += 1;
                            }
                        }
                    }
                }
                Some(if depth < MAX_DEPTH {
                    Operand::Dict(dict)
                } else {
                    Operand::Other
                })
            }
            b'<' => Some(Operand::Str(self.hex())),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.space();
                    match self.peek() {
                        None => break,
                        Some(b']') => {
                            self.at += 1;
                            break;
                        }
                        Some(_) => match self.operand(depth + 1) {
                            Some(o) if depth < MAX_DEPTH => items.push(o),
                            Some(_) => {}
                            None => self.at += 1,
                        },
                    }
                }
                Some(if depth < MAX_DEPTH {
                    Operand::Array(items)
                } else {
                    Operand::Other
                })
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let w = self.word();
                let n = decimal(w).or_else(|| {
                    std::str::from_utf8(w)
                        .ok()
                        .and_then(|s| s.parse::<f32>().ok())
                });
                Some(n.map_or(Operand::Other, Operand::Number))
            }
            _ if is_regular(b) => {
                // A word inside an array or a dictionary (true, false, null, or junk).
                self.word();
                Some(Operand::Other)
            }
            _ => None,
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
                b'<' => {
                    self.hex();
                }
                b'(' => {
                    self.literal();
                }
                _ => self.at += 1,
            }
        }
    }

    /// `(…)` with its escapes and balanced brackets.
    fn literal(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.at += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.at += 1;
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
        out
    }

    /// `<…>`: hex digits, white space ignored, an odd last digit followed by 0.
    fn hex(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.at += 1;
            if b == b'>' {
                break;
            }
            let Some(d) = (b as char).to_digit(16) else {
                continue;
            };
            match high.take() {
                Some(h) => out.push((h << 4) | d as u8),
                None => high = Some(d as u8),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
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
mod tests {
    use super::*;

    fn all(data: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut out = Vec::new();
        operations(data, usize::MAX, |op, args| {
            out.push((String::from_utf8_lossy(op).into_owned(), args.to_vec()));
        });
        out
    }

    #[test]
    fn operators_with_their_operands() {
        let got = all(
            b"BT /F1 16 Tf 1 0 0 1 90.5 -7 Tm [<0102> -20 (a\\(b\\)\\101)] TJ\n\
              /Span <</ActualText <FEFF6CF0> /MCID 3>> BDC % a comment\n(x) Tj EMC ET",
        );
        let ops: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(ops, ["BT", "Tf", "Tm", "TJ", "BDC", "Tj", "EMC", "ET"]);
        assert_eq!(
            got[1].1,
            [Operand::Name(b"F1".to_vec()), Operand::Number(16.0)]
        );
        assert_eq!(got[2].1[4], Operand::Number(90.5));
        assert_eq!(got[2].1[5], Operand::Number(-7.0));
        assert_eq!(decimal(b"-.25"), Some(-0.25));
        assert_eq!(decimal(b"1e3"), None);
        assert_eq!(
            got[3].1,
            [Operand::Array(vec![
                Operand::Str(vec![1, 2]),
                Operand::Number(-20.0),
                Operand::Str(b"a(b)A".to_vec()),
            ])]
        );
        assert_eq!(
            got[4].1[1],
            Operand::Dict(vec![
                (
                    b"ActualText".to_vec(),
                    Operand::Str(vec![0xFE, 0xFF, 0x6C, 0xF0])
                ),
                (b"MCID".to_vec(), Operand::Number(3.0)),
            ])
        );
    }

    #[test]
    fn inline_images_and_junk_are_stepped_over() {
        let got = all(b"BI /W 2 /H 1 ID \x00EI\xFF\xFE EI Q ) > ]] (unclosed");
        let ops: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(ops, ["BI", "Q"]);
        // Nested ten thousand deep: stepped over without recursion, the operator after it read.
        let deep = [
            b"[".repeat(10_000),
            b"]".repeat(10_000),
            b" (x) Tj".to_vec(),
        ]
        .concat();
        let got = all(&deep);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1[1], Operand::Str(b"x".to_vec()));
        let open = [b"<<".repeat(10_000), b"(x) Tj".to_vec()].concat();
        assert!(all(&open).is_empty());
        let mut n = 0;
        operations(&b"q Q ".repeat(1000), 7, |_, _| n += 1);
        assert_eq!(n, 7);
    }
}
