//! A page's content stream played far enough to know where each shown string lands: the
//! graphics state's matrix (`q`, `Q`, `cm`), the text matrix (`BT`, `Tm`, `Td`, `TD`, `T*`,
//! `TL`), fonts (`Tf`), spacing (`Tc`, `Tw`, `Tz`) and the strings (`Tj`, `TJ`, `'`, `"`).
//! A marked span's `/ActualText` replaces the glyphs shown inside it, as a viewer's copy does.

use super::font::Font;
use super::lex::{self, Operand};
use foldhash::HashMap;
use std::rc::Rc;

/// A string as shown: where it starts and ends on the page (x grows right, y grows up), its
/// size, and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    pub end: f32,
    pub y: f32,
    pub size: f32,
    pub text: String,
}

/// Nesting kept for `q`: a crafted page pushing forever must not grow memory.
const MAX_STACK: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const ID: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `then`: the PDF order (a point is multiplied by self first).
    fn then(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }
}

struct State {
    ctm: Matrix,
    tm: Matrix,
    line: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    leading: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
}

/// Fonts by their resource name, read once per page.
pub type Fonts = HashMap<Vec<u8>, Rc<Font>>;

/// The strings a page's content stream `data` shows, from at most `max_ops` operations.
pub fn runs(data: &[u8], max_ops: usize, fonts: &Fonts) -> Vec<Run> {
    let mut out = Vec::new();
    let mut s = State {
        ctm: Matrix::ID,
        tm: Matrix::ID,
        line: Matrix::ID,
        font: None,
        size: 0.0,
        leading: 0.0,
        char_space: 0.0,
        word_space: 0.0,
        scale: 1.0,
    };
    let mut saved: Vec<(Matrix, Option<Rc<Font>>, f32)> = Vec::new();
    // Each marked span: its ActualText if it has one, and whether that was shown yet.
    let mut spans: Vec<Option<(String, bool)>> = Vec::new();
    let fallback = Font::default();
    lex::operations(data, max_ops, |operator, operands| {
        let n = |i: usize| operands.get(i).and_then(Operand::number);
        let operator = std::str::from_utf8(operator).unwrap_or_default();
        match operator {
            "q" if saved.len() < MAX_STACK => saved.push((s.ctm, s.font.clone(), s.size)),
            "Q" => {
                if let Some((ctm, font, size)) = saved.pop() {
                    (s.ctm, s.font, s.size) = (ctm, font, size);
                }
            }
            "cm" => {
                if let Some(m) = matrix(operands) {
                    s.ctm = m.then(s.ctm);
                }
            }
            "BT" => {
                s.tm = Matrix::ID;
                s.line = Matrix::ID;
            }
            "Tm" => {
                if let Some(m) = matrix(operands) {
                    s.tm = m;
                    s.line = m;
                }
            }
            "Td" | "TD" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    if operator == "TD" {
                        s.leading = -y;
                    }
                    s.line = Matrix::translate(x, y).then(s.line);
                    s.tm = s.line;
                }
            }
            "T*" => next_line(&mut s),
            "TL" => s.leading = n(0).unwrap_or(s.leading),
            "Tc" => s.char_space = n(0).unwrap_or(0.0),
            "Tw" => s.word_space = n(0).unwrap_or(0.0),
            "Tz" => s.scale = n(0).unwrap_or(100.0) / 100.0,
            "Tf" => {
                s.font = match operands.first() {
                    Some(Operand::Name(name)) => fonts.get(name.as_slice()).cloned(),
                    _ => None,
                };
                s.size = n(1).unwrap_or(0.0);
            }
            "BDC" => spans.push(actual_text(operands).map(|t| (t, false))),
            "BMC" => spans.push(None),
            "EMC" => {
                spans.pop();
            }
            "Tj" | "'" | "\"" | "TJ" => {
                if operator == "\"" {
                    s.word_space = n(0).unwrap_or(s.word_space);
                    s.char_space = n(1).unwrap_or(s.char_space);
                }
                if operator != "Tj" && operator != "TJ" {
                    next_line(&mut s);
                }
                let font = s.font.clone();
                let shown = show(&mut s, font.as_deref().unwrap_or(&fallback), operands);
                // Inside a span with an ActualText, the span's text stands for its glyphs,
                // placed where the first of them is.
                let actual = spans.iter_mut().rev().find_map(Option::as_mut);
                let text = match actual {
                    Some((text, done)) if !*done => {
                        *done = true;
                        std::mem::take(text)
                    }
                    Some(_) => return,
                    None => shown.text,
                };
                if !text.is_empty() {
                    out.push(Run { text, ..shown });
                }
            }
            _ => {}
        }
    });
    out
}

fn next_line(s: &mut State) {
    s.line = Matrix::translate(0.0, -s.leading).then(s.line);
    s.tm = s.line;
}

fn matrix(ops: &[Operand]) -> Option<Matrix> {
    let mut m = [0.0f32; 6];
    for (k, slot) in m.iter_mut().enumerate() {
        *slot = ops.get(k)?.number()?;
    }
    Some(Matrix(m))
}

/// Shows a `Tj` string or a `TJ` array: the run it makes, the text matrix moved past it.
fn show(s: &mut State, font: &Font, operands: &[Operand]) -> Run {
    let start = s.tm.then(s.ctm);
    let mut text = String::new();
    let advance = |s: &mut State, tx: f32| s.tm = Matrix::translate(tx, 0.0).then(s.tm);
    let items: &[Operand] = match operands.last() {
        Some(Operand::Array(items)) => items,
        Some(o) => std::slice::from_ref(o),
        None => &[],
    };
    for item in items {
        match item {
            Operand::Str(bytes) => {
                // The advance is summed and the matrix moved once: strings are never rotated
                // mid-way.
                let mut tx = 0.0;
                font.each(bytes, |glyph, width, space| {
                    text.extend(glyph.chars().filter(|c| !c.is_control()));
                    let spacing = s.char_space + if space { s.word_space } else { 0.0 };
                    tx += (width / 1000.0 * s.size + spacing) * s.scale;
                });
                advance(s, tx);
            }
            Operand::Number(adj) => {
                let adj = if adj.is_finite() { *adj } else { 0.0 };
                // A wide gap in a TJ array is a space between words of Latin text.
                if adj < -250.0 && text.ends_with(|c: char| c.is_ascii_alphanumeric()) {
                    text.push(' ');
                }
                advance(s, -adj / 1000.0 * s.size * s.scale);
            }
            _ => {}
        }
    }
    let end = s.tm.then(s.ctm);
    let [_, _, c, d, x, y] = start.0;
    Run {
        x,
        end: end.0[4],
        y,
        size: (s.size * (c * c + d * d).sqrt()).abs(),
        text,
    }
}

/// The `/ActualText` of a `BDC`'s properties (inline, or named in the page's resources,
/// which is rare enough to leave out): a PDF text string, UTF-16BE with its mark or
/// PDFDocEncoding (Latin-1 in its letters).
fn actual_text(operands: &[Operand]) -> Option<String> {
    let Some(Operand::Dict(props)) = operands.get(1) else {
        return None;
    };
    let bytes = props.iter().find_map(|(k, v)| match v {
        Operand::Str(s) if k == b"ActualText" => Some(s),
        _ => None,
    })?;
    let text = match bytes.strip_prefix(b"\xFE\xFF") {
        Some(be) => {
            let units: Vec<u16> = be
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| b as char).collect(),
    };
    Some(text.chars().filter(|c| !c.is_control()).collect())
}
