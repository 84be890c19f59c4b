//! The terminal backend: ratatui's crossterm backend, with a draw that knows a CJK character
//! moves the cursor two columns. ratatui-crossterm 0.1.2 moves the cursor explicitly before
//! every cell that does not follow the previous one by exactly one column, so after each
//! double-width character it sends a cursor move to where the cursor already is: a third of the
//! bytes of a Chinese frame (fixed upstream in ratatui PR #2721, not yet released). This draw
//! also moves the cursor the short way along a row (`CSI n C`) and sends each style change as
//! one SGR sequence with the named colours' own codes. Everything but `draw` is passed through.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::style::{Attribute, Color as CColor};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

pub struct SshBackend<W: Write> {
    inner: CrosstermBackend<W>,
}

impl<W: Write> SshBackend<W> {
    pub fn new(writer: W) -> SshBackend<W> {
        SshBackend {
            inner: CrosstermBackend::new(writer),
        }
    }
}

impl<W: Write> Write for SshBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for SshBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut out: Vec<u8> = Vec::with_capacity(4096);
        let mut pen = Pen::default();
        // Where the terminal's cursor is after the last cell printed.
        let mut cursor: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            move_to(&mut out, cursor, x, y);
            let symbol = cell.symbol();
            let cells = u16::try_from(symbol.width().max(1)).unwrap_or(1);
            cursor = Some((x.saturating_add(cells), y));
            pen.change_to(
                &mut out,
                Pen {
                    fg: cell.fg,
                    bg: cell.bg,
                    underline: cell.underline_color,
                    modifier: cell.modifier,
                },
            );
            out.extend_from_slice(symbol.as_bytes());
        }
        if pen != Pen::default() {
            out.extend_from_slice(b"\x1b[0m");
        }
        self.inner.write_all(&out)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }
    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }
    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// The shortest cursor move from `from` (None: unknown) to column `x` of row `y`: none when
/// already there, forward by n on the same row (`CSI n C`), else an absolute move.
fn move_to(out: &mut Vec<u8>, from: Option<(u16, u16)>, x: u16, y: u16) {
    use std::io::Write as _;
    match from {
        Some((fx, fy)) if fy == y && fx == x => {}
        Some((fx, fy)) if fy == y && fx < x => {
            let n = x - fx;
            if n == 1 {
                out.extend_from_slice(b"\x1b[C");
            } else {
                let _ = write!(out, "\x1b[{n}C");
            }
        }
        _ => {
            let _ = write!(out, "\x1b[{};{}H", y + 1, x + 1);
        }
    }
}

/// The terminal's drawing state: colours and attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Default for Pen {
    fn default() -> Pen {
        Pen {
            fg: Color::Reset,
            bg: Color::Reset,
            underline: Color::Reset,
            modifier: Modifier::empty(),
        }
    }
}

impl Pen {
    /// Writes one SGR sequence taking the terminal from `self` to `to`: the named colours as
    /// their own short codes (33, not 38;5;3), every change in one `CSI … m`.
    fn change_to(&mut self, out: &mut Vec<u8>, to: Pen) {
        if *self == to {
            return;
        }
        let mut codes: Vec<String> = Vec::new();
        modifier_codes(&mut codes, self.modifier, to.modifier);
        if to.fg != self.fg {
            codes.push(color_code(to.fg, 30));
        }
        if to.bg != self.bg {
            codes.push(color_code(to.bg, 40));
        }
        if to.underline != self.underline {
            codes.push(match to.underline {
                Color::Reset => "59".into(),
                c => format!("58;{}", extended(c)),
            });
        }
        if !codes.is_empty() {
            out.extend_from_slice(b"\x1b[");
            out.extend_from_slice(codes.join(";").as_bytes());
            out.push(b'm');
        }
        *self = to;
    }
}

/// SGR for a colour; `base` 30 for foreground, 40 for background.
fn color_code(c: Color, base: u16) -> String {
    let named = |n: u16| (base + n).to_string();
    let bright = |n: u16| (base + 60 + n).to_string();
    match c {
        Color::Reset => named(9),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        other => format!("{};{}", base + 8, extended(other)),
    }
}

/// `5;n` or `2;r;g;b`, for colours beyond the 16 named ones.
fn extended(c: Color) -> String {
    match c {
        Color::Indexed(n) => format!("5;{n}"),
        Color::Rgb(r, g, b) => format!("2;{r};{g};{b}"),
        _ => match c.into_crossterm() {
            CColor::AnsiValue(n) => format!("5;{n}"),
            _ => "5;7".into(),
        },
    }
}

/// The attribute codes from one cell's modifiers to the next (as ratatui-crossterm sends them).
fn modifier_codes(codes: &mut Vec<String>, from: Modifier, to: Modifier) {
    let mut push = |a: Attribute| codes.push(a.sgr().to_string());
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        push(Attribute::NoReverse);
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        // Normal intensity ends both bold and dim: put back whichever stays.
        push(Attribute::NormalIntensity);
        if to.contains(Modifier::DIM) {
            push(Attribute::Dim);
        }
        if to.contains(Modifier::BOLD) {
            push(Attribute::Bold);
        }
    }
    for (m, off) in [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ] {
        if removed.contains(m) {
            push(off);
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        push(Attribute::NoBlink);
    }
    let added = to - from;
    for (m, on) in [
        (Modifier::REVERSED, Attribute::Reverse),
        (Modifier::BOLD, Attribute::Bold),
        (Modifier::ITALIC, Attribute::Italic),
        (Modifier::UNDERLINED, Attribute::Underlined),
        (Modifier::DIM, Attribute::Dim),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut),
        (Modifier::HIDDEN, Attribute::Hidden),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink),
    ] {
        let intensity = matches!(m, Modifier::BOLD | Modifier::DIM);
        if added.contains(m) && !(intensity && reset_intensity) {
            push(on);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Paragraph, Widget};

    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn written(out: &Shared) -> String {
        String::from_utf8(out.0.borrow().clone()).expect("utf8")
    }

    /// The bytes of drawing `text` on a blank 20×1 screen.
    fn frame_bytes(text: &str) -> String {
        let area = Rect::new(0, 0, 20, 1);
        let mut buf = Buffer::empty(area);
        Paragraph::new(text).render(area, &mut buf);
        let blank = Buffer::empty(area);
        let out = Shared::default();
        let mut b = SshBackend::new(out.clone());
        b.draw(blank.diff(&buf).into_iter()).expect("draw");
        written(&out)
    }

    #[test]
    fn no_cursor_move_after_a_wide_character() {
        let out = frame_bytes("卫健委abc");
        assert_eq!(
            out.matches('H').count(),
            1,
            "one move, at the start: {out:?}"
        );
        assert!(out.starts_with("\u{1b}[1;1H卫健委abc"), "{out:?}");
    }

    #[test]
    fn a_gap_still_moves_the_cursor() {
        let area = Rect::new(0, 0, 20, 1);
        let mut before = Buffer::empty(area);
        Paragraph::new("卫健委 abc").render(area, &mut before);
        let mut after = before.clone();
        Paragraph::new("发健委 abd").render(area, &mut after);
        let shared = Shared::default();
        let mut b = SshBackend::new(shared.clone());
        b.draw(before.diff(&after).into_iter()).expect("draw");
        let out = written(&shared);
        assert!(out.starts_with("\u{1b}[1;1H发\u{1b}[7Cd"), "{out:?}");
    }

    #[test]
    fn style_changes_are_one_short_sequence() {
        use ratatui::style::Style;
        use ratatui::text::{Line, Span};
        let area = Rect::new(0, 0, 20, 1);
        let mut buf = Buffer::empty(area);
        let line = Line::from(vec![
            Span::styled("卫", Style::new().yellow().bold()),
            Span::raw("健"),
            Span::styled("委", Style::new().dark_gray().reversed()),
        ]);
        Paragraph::new(line).render(area, &mut buf);
        let shared = Shared::default();
        let mut b = SshBackend::new(shared.clone());
        b.draw(Buffer::empty(area).diff(&buf).into_iter())
            .expect("draw");
        assert_eq!(
            written(&shared),
            "\u{1b}[1;1H\u{1b}[1;33m卫\u{1b}[22;39m健\u{1b}[7;90m委\u{1b}[0m"
        );
    }
}
