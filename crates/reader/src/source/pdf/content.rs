//! A page's content stream played far enough to know where each shown string lands: the
//! graphics state's matrix (`q`, `Q`, `cm`), the text matrix (`BT`, `Tm`, `Td`, `TD`, `T*`,
//! `TL`), fonts (`Tf`), spacing (`Tc`, `Tw`, `Tz`), the strings (`Tj`, `TJ`, `'`, `"`) and form
//! XObjects (`Do`), played in place with their own matrix and fonts. A marked span's
//! `/ActualText` replaces the glyphs shown inside it, as a viewer's copy does.

use super::font::Font;
use super::lex::{self, Operand, Operands};
use foldhash::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// A string as shown: where it starts and ends on the page (x grows right, y grows up), its
/// size, and where its text is in the page's `text`.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    pub end: f32,
    pub y: f32,
    pub size: f32,
    pub text: Range<usize>,
}

/// The strings a page shows, their texts one after another in one string: a page has
/// thousands of them, and a string each cost as much as placing them.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Page {
    pub runs: Vec<Run>,
    pub text: String,
}

/// Nesting kept for `q`: a crafted page pushing forever must not grow memory.
const MAX_STACK: usize = 256;
/// Forms drawn inside forms: Word and WPS nest two or three; a form drawing itself through
/// others must end.
const MAX_FORMS: usize = 12;
/// Content played from forms on one page: a form of megabytes of operands with no operator
/// costs no operation, and drawn a million times must not cost a million reads.
const MAX_FORM_BYTES: usize = 32 << 20;

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

#[derive(Clone)]
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

/// A form XObject to play: its content, its matrix, its fonts, and its resources (`scope`) to
/// find the forms it draws in turn. `id` tells one form from another.
#[derive(Clone)]
pub struct Form<S> {
    pub id: u32,
    pub content: Rc<[u8]>,
    pub matrix: [f32; 6],
    pub fonts: Rc<Fonts>,
    pub scope: S,
}

/// Where a content stream's names lead: the PDF reader knows; playing the content does not.
pub trait Resources {
    type Scope;
    /// The form XObject named `name` in `scope`; None for an image or a name not defined.
    fn form(&mut self, scope: &Self::Scope, name: &[u8]) -> Option<Form<Self::Scope>>;
}

/// The strings a page's content stream `data` shows, from at most `max_ops` operations (those
/// of the forms it draws counted in).
pub fn runs<R: Resources>(
    data: &[u8],
    max_ops: usize,
    fonts: &Fonts,
    scope: &R::Scope,
    res: &mut R,
) -> Page {
    let mut p = Player {
        s: State {
            ctm: Matrix::ID,
            tm: Matrix::ID,
            line: Matrix::ID,
            font: None,
            size: 0.0,
            leading: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
        },
        saved: Vec::new(),
        spans: Vec::new(),
        page: Page::default(),
        ops_left: max_ops,
        form_bytes: MAX_FORM_BYTES,
        forms: Vec::new(),
        fallback: Font::default(),
        res,
    };
    p.play(data, fonts, scope);
    p.page
}

/// An operator's bytes as one number, to match on without comparing strings.
const fn key(op: &[u8]) -> u32 {
    if op.is_empty() || op.len() > 3 {
        return 0;
    }
    let mut k = 0u32;
    let mut i = 0;
    while i < op.len() {
        k = (k << 8) | op[i] as u32;
        i += 1;
    }
    k
}

const Q_SAVE: u32 = key(b"q");
const Q_RESTORE: u32 = key(b"Q");
const CM: u32 = key(b"cm");
const BT: u32 = key(b"BT");
const TM: u32 = key(b"Tm");
const TD: u32 = key(b"Td");
const TD_LEADING: u32 = key(b"TD");
const T_STAR: u32 = key(b"T*");
const TL: u32 = key(b"TL");
const TC: u32 = key(b"Tc");
const TW: u32 = key(b"Tw");
const TZ: u32 = key(b"Tz");
const TF: u32 = key(b"Tf");
const BDC: u32 = key(b"BDC");
const BMC: u32 = key(b"BMC");
const EMC: u32 = key(b"EMC");
const TJ: u32 = key(b"Tj");
const TJ_ARRAY: u32 = key(b"TJ");
const QUOTE: u32 = key(b"'");
const QUOTES: u32 = key(b"\"");
const DO: u32 = key(b"Do");

struct Player<'r, R: Resources> {
    s: State,
    saved: Vec<(Matrix, Option<Rc<Font>>, f32)>,
    /// Each marked span: its ActualText if it has one, and whether that was shown yet.
    spans: Vec<Option<(String, bool)>>,
    page: Page,
    ops_left: usize,
    /// What is left of [`MAX_FORM_BYTES`].
    form_bytes: usize,
    /// The forms being played, outermost first.
    forms: Vec<u32>,
    /// For a font the page names but does not define.
    fallback: Font,
    res: &'r mut R,
}

impl<R: Resources> Player<'_, R> {
    fn play(&mut self, data: &[u8], fonts: &Fonts, scope: &R::Scope) {
        lex::operations(data, |op, args| {
            if self.ops_left == 0 {
                return false;
            }
            self.ops_left -= 1;
            self.op(key(op), args, fonts, scope);
            true
        });
    }

    fn op(&mut self, op: u32, args: &Operands, fonts: &Fonts, scope: &R::Scope) {
        let s = &mut self.s;
        let n = |i: usize| args.number(i);
        match op {
            Q_SAVE if self.saved.len() < MAX_STACK => {
                self.saved.push((s.ctm, s.font.clone(), s.size));
            }
            Q_RESTORE => {
                if let Some((ctm, font, size)) = self.saved.pop() {
                    (s.ctm, s.font, s.size) = (ctm, font, size);
                }
            }
            CM => {
                if let Some(m) = matrix(args) {
                    s.ctm = m.then(s.ctm);
                }
            }
            BT => {
                s.tm = Matrix::ID;
                s.line = Matrix::ID;
            }
            TM => {
                if let Some(m) = matrix(args) {
                    s.tm = m;
                    s.line = m;
                }
            }
            TD | TD_LEADING => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    if op == TD_LEADING {
                        s.leading = -y;
                    }
                    s.line = Matrix::translate(x, y).then(s.line);
                    s.tm = s.line;
                }
            }
            T_STAR => next_line(s),
            TL => s.leading = n(0).unwrap_or(s.leading),
            TC => s.char_space = n(0).unwrap_or(0.0),
            TW => s.word_space = n(0).unwrap_or(0.0),
            TZ => s.scale = n(0).unwrap_or(100.0) / 100.0,
            TF => {
                s.font = match args.list.first() {
                    Some(o @ Operand::Name(_)) => fonts.get(args.bytes(o)).cloned(),
                    _ => None,
                };
                s.size = n(1).unwrap_or(0.0);
            }
            BDC => self.spans.push(actual_text(args).map(|t| (t, false))),
            BMC => self.spans.push(None),
            EMC => {
                self.spans.pop();
            }
            TJ | TJ_ARRAY | QUOTE | QUOTES => {
                if op == QUOTES {
                    s.word_space = n(0).unwrap_or(s.word_space);
                    s.char_space = n(1).unwrap_or(s.char_space);
                }
                if op == QUOTE || op == QUOTES {
                    next_line(s);
                }
                self.show(args);
            }
            DO => {
                if let Some(o @ Operand::Name(_)) = args.list.first() {
                    self.form(args.bytes(o), scope);
                }
            }
            _ => {}
        }
    }

    /// A `Tj` string or a `TJ` array: its run, the text matrix moved past it.
    fn show(&mut self, args: &Operands) {
        let font = self.s.font.clone();
        let font = font.as_deref().unwrap_or(&self.fallback);
        let start = self.page.text.len();
        let (x, end, y, size) = show(&mut self.s, font, args, &mut self.page.text);
        // Inside a span with an ActualText, the span's text stands for its glyphs, placed
        // where the first of them is.
        match self.spans.iter_mut().rev().find_map(Option::as_mut) {
            Some((text, done)) if !*done => {
                *done = true;
                self.page.text.truncate(start);
                self.page.text.push_str(text);
            }
            Some(_) => self.page.text.truncate(start),
            None => {}
        }
        let text = start..self.page.text.len();
        if !text.is_empty() {
            self.page.runs.push(Run {
                x,
                end,
                y,
                size,
                text,
            });
        }
    }

    /// `Do` of a form: played as if its content stood here between `q` and `Q`, its matrix
    /// put before the page's. A form already being played (one that draws itself) is not
    /// played again, nesting stops at [`MAX_FORMS`], and forms stop being played once a
    /// page's have given [`MAX_FORM_BYTES`].
    fn form(&mut self, name: &[u8], scope: &R::Scope) {
        if self.forms.len() >= MAX_FORMS {
            return;
        }
        let Some(form) = self.res.form(scope, name) else {
            return;
        };
        if self.forms.contains(&form.id) || form.content.len() > self.form_bytes {
            return;
        }
        self.form_bytes -= form.content.len();
        let (state, saved, spans) = (self.s.clone(), self.saved.len(), self.spans.len());
        self.s.ctm = Matrix(form.matrix).then(self.s.ctm);
        self.forms.push(form.id);
        self.play(&form.content, &form.fonts, &form.scope);
        self.forms.pop();
        self.s = state;
        self.saved.truncate(saved);
        self.spans.truncate(spans);
    }
}

fn next_line(s: &mut State) {
    s.line = Matrix::translate(0.0, -s.leading).then(s.line);
    s.tm = s.line;
}

fn matrix(args: &Operands) -> Option<Matrix> {
    let mut m = [0.0f32; 6];
    for (k, slot) in m.iter_mut().enumerate() {
        *slot = args.number(k)?;
    }
    Some(Matrix(m))
}

/// Shows a `Tj` string or a `TJ` array's strings, their text to `text`: where the run starts
/// and ends (x, end, y) and its size.
fn show(s: &mut State, font: &Font, args: &Operands, text: &mut String) -> (f32, f32, f32, f32) {
    let start = s.tm.then(s.ctm);
    let first = text.len();
    let advance = |s: &mut State, tx: f32| s.tm = Matrix::translate(tx, 0.0).then(s.tm);
    let items: &[Operand] = match args.list.last() {
        Some(o @ Operand::Array(_)) => args.items(o),
        Some(o) => std::slice::from_ref(o),
        None => &[],
    };
    for item in items {
        match item {
            Operand::Str(_) => {
                // The advance is summed and the matrix moved once: strings are never rotated
                // mid-way.
                let mut tx = 0.0;
                font.each(args.bytes(item), |glyph, width, space| {
                    text.push_str(glyph);
                    let spacing = s.char_space + if space { s.word_space } else { 0.0 };
                    tx += (width / 1000.0 * s.size + spacing) * s.scale;
                });
                advance(s, tx);
            }
            Operand::Number(adj) => {
                let adj = if adj.is_finite() { *adj } else { 0.0 };
                // A wide gap in a TJ array is a space between words of Latin text.
                if adj < -250.0
                    && text.len() > first
                    && text.ends_with(|c: char| c.is_ascii_alphanumeric())
                {
                    text.push(' ');
                }
                advance(s, -adj / 1000.0 * s.size * s.scale);
            }
            _ => {}
        }
    }
    let end = s.tm.then(s.ctm);
    let [_, _, c, d, x, y] = start.0;
    (x, end.0[4], y, (s.size * (c * c + d * d).sqrt()).abs())
}

/// The `/ActualText` of a `BDC`'s properties (inline, or named in the page's resources,
/// which is rare enough to leave out): a PDF text string, UTF-16BE with its mark or
/// PDFDocEncoding (Latin-1 in its letters).
fn actual_text(args: &Operands) -> Option<String> {
    let value = args.get(args.list.get(1)?, b"ActualText")?;
    if !matches!(value, Operand::Str(_)) {
        return None;
    }
    let bytes = args.bytes(value);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name is one form: `content`, drawn with a matrix moving it up by 10.
    struct OneForm(Rc<[u8]>);

    impl Resources for OneForm {
        type Scope = ();
        fn form(&mut self, _: &(), _: &[u8]) -> Option<Form<()>> {
            Some(Form {
                id: 1,
                content: self.0.clone(),
                matrix: [1.0, 0.0, 0.0, 1.0, 0.0, 10.0],
                fonts: Rc::new(Fonts::default()),
                scope: (),
            })
        }
    }

    #[test]
    fn forms_played_in_place_within_bounds() {
        // The form shows "x" at its origin and draws itself: played once per Do, not again
        // from inside.
        let mut res = OneForm(Rc::from(&b"BT 5 0 Td (x) Tj ET /Self Do"[..]));
        let page = runs(
            b"1 0 0 1 0 100 cm /F Do /F Do",
            1000,
            &Fonts::default(),
            &(),
            &mut res,
        );
        assert_eq!(page.text, "xx");
        assert_eq!((page.runs[0].x, page.runs[0].y), (5.0, 110.0));
        // Just over a megabyte of operands without an operator, drawn 100 times: played while
        // the page's 32 MB last (31 times), then not.
        let junk = [b"(x) Tj ".as_slice(), &b"1 ".repeat(1 << 19)].concat();
        let mut res = OneForm(Rc::from(junk));
        let page = runs(
            &b"/F Do ".repeat(100),
            1000,
            &Fonts::default(),
            &(),
            &mut res,
        );
        assert_eq!(page.runs.len(), 31);
    }
}
