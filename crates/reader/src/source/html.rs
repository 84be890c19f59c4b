//! Web pages (.html, .htm) through html5ever: the charset from a byte-order mark, a `<meta>` or
//! the bytes themselves; scripts, styles, navigation and page furniture dropped; block elements
//! and `<br>` as line structure; innermost tables as grids with `rowspan`/`colspan` resolved
//! (a table holding tables is page layout, and its cells are read as text).

use super::detect::find;
use super::{Block, Grid, Locator, Paragraph, SourceError};
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// Rows × columns of one table, and a cell's span: a crafted page cannot make a grid larger.
const MAX_CELLS: usize = 1_000_000;
const MAX_SPAN: usize = 1_000;

pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, SourceError> {
    let text = decode(bytes);
    let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(text);
    let mut page = Page::default();
    page.walk(&dom.document);
    page.flush();
    Ok(page.out)
}

/// The page's text: BOM, then a declared charset, then UTF-8 if valid, then a guess.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let declared = find(&head, b"charset=").and_then(|at| {
        let rest = &head[at + 8..];
        let rest = rest
            .strip_prefix(b"\"")
            .or(rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
            .unwrap_or(rest.len());
        encoding_rs::Encoding::for_label(&rest[..end])
    });
    // A page saved as UTF-8 keeps the meta of the GBK original: trust the bytes when valid.
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let enc = declared.unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(Some(b"cn"), chardetng::Utf8Detection::Deny)
    });
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

fn tag(node: &Handle) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } => Some(&name.local),
        _ => None,
    }
}

fn attr(node: &Handle, key: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == key)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

/// Left out with everything in it: code, styling, forms, and the page around the article.
fn dropped(node: &Handle) -> bool {
    let Some(t) = tag(node) else {
        return matches!(node.data, NodeData::Comment { .. });
    };
    if matches!(
        t,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "nav"
            | "footer"
            | "aside"
            | "iframe"
            | "select"
            | "button"
            | "svg"
            | "object"
    ) {
        return true;
    }
    let marks = format!(
        "{} {}",
        attr(node, "class").unwrap_or_default(),
        attr(node, "id").unwrap_or_default()
    )
    .to_ascii_lowercase();
    ["nav", "menu", "footer", "breadcrumb", "share", "sidebar"]
        .iter()
        .any(|m| marks.split([' ', '-', '_']).any(|w| w == *m))
}

fn is_block(t: &str) -> bool {
    matches!(
        t,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "blockquote"
            | "pre"
            | "dd"
            | "dt"
            | "dl"
            | "center"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "hr"
            | "header"
            | "main"
            | "form"
            | "title"
    )
}

/// Text being collected into lines.
#[derive(Default)]
struct Lines {
    lines: Vec<(String, Option<u8>)>,
    current: String,
    heading: Option<u8>,
}

impl Lines {
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            // White space in HTML is one space; a page's indent (&nbsp;, 　) at a line's start
            // is dropped with it.
            if c.is_whitespace() {
                if !self.current.is_empty() && !self.current.ends_with(' ') {
                    self.current.push(' ');
                }
            } else {
                self.current.push(c);
            }
        }
    }

    fn flush(&mut self) {
        let line = self.current.trim().to_string();
        self.current.clear();
        if !line.is_empty() {
            self.lines.push((line, self.heading));
        }
    }
}

#[derive(Default)]
struct Page {
    out: Vec<Block>,
    lines: Lines,
    paragraph_no: usize,
    table_no: usize,
}

enum Step {
    Enter(Handle),
    Leave(String),
}

impl Page {
    fn flush(&mut self) {
        self.lines.flush();
        for (text, heading) in std::mem::take(&mut self.lines.lines) {
            self.paragraph_no += 1;
            let p = Paragraph {
                text,
                number: None,
                heading,
            };
            self.out
                .push(Block::Paragraph(p, Locator::Paragraph(self.paragraph_no)));
        }
    }

    /// The whole tree, without recursion: a page nested ten thousand deep costs no stack.
    fn walk(&mut self, root: &Handle) {
        let mut stack = vec![Step::Enter(root.clone())];
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Leave(t) => {
                    if t.starts_with('h') && t.len() == 2 {
                        self.lines.flush();
                        self.lines.heading = None;
                    } else if is_block(&t) {
                        self.lines.flush();
                    }
                    continue;
                }
                Step::Enter(node) => node,
            };
            if dropped(&node) {
                continue;
            }
            match &node.data {
                NodeData::Text { contents } => {
                    self.lines.text(&contents.borrow());
                    continue;
                }
                NodeData::Element { .. } => {}
                NodeData::Document => {}
                _ => continue,
            }
            if let Some(t) = tag(&node) {
                if t == "table" && !has_table_inside(&node) {
                    self.flush();
                    self.table(&node);
                    continue;
                }
                if is_block(t) {
                    self.lines.flush();
                }
                if let Some(level) = t.strip_prefix('h').and_then(|l| l.parse::<u8>().ok()) {
                    self.lines.heading = Some(level);
                }
                stack.push(Step::Leave(t.to_string()));
            }
            for child in node.children.borrow().iter().rev() {
                stack.push(Step::Enter(child.clone()));
            }
        }
    }

    fn table(&mut self, table: &Handle) {
        self.table_no += 1;
        let mut rows: Vec<Vec<String>> = Vec::new();
        // Cells still covered from rows above: column → (rows left, text).
        let mut pending: Vec<(usize, String)> = Vec::new();
        let mut cells = 0usize;
        for tr in rows_of(table) {
            let mut row: Vec<String> = Vec::new();
            let mut col = 0;
            let fill =
                |row: &mut Vec<String>, col: &mut usize, pending: &mut Vec<(usize, String)>| {
                    while let Some(p) = pending.get_mut(*col).filter(|p| p.0 > 0) {
                        p.0 -= 1;
                        row.push(p.1.clone());
                        *col += 1;
                    }
                };
            for td in tr.children.borrow().iter() {
                if !matches!(tag(td), Some("td" | "th")) {
                    continue;
                }
                fill(&mut row, &mut col, &mut pending);
                let span = |k: &str| {
                    attr(td, k)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, MAX_SPAN)
                };
                let (rowspan, colspan) = (span("rowspan"), span("colspan"));
                let text = cell_text(td);
                for _ in 0..colspan {
                    if pending.len() <= col {
                        pending.resize(col + 1, (0, String::new()));
                    }
                    pending[col] = (rowspan - 1, text.clone());
                    row.push(text.clone());
                    col += 1;
                }
            }
            fill(&mut row, &mut col, &mut pending);
            cells += row.len();
            if cells > MAX_CELLS {
                break;
            }
            rows.push(row);
        }
        let at = (0..rows.len())
            .map(|r| Locator::TableRow {
                table: self.table_no,
                row: r + 1,
            })
            .collect();
        self.out.push(Block::Table(Grid { rows, at }));
    }
}

/// The rows of a table, through its thead, tbody and tfoot.
fn rows_of(table: &Handle) -> Vec<Handle> {
    let mut out = Vec::new();
    for child in table.children.borrow().iter() {
        match tag(child) {
            Some("tr") => out.push(child.clone()),
            Some("thead" | "tbody" | "tfoot") => out.extend(
                child
                    .children
                    .borrow()
                    .iter()
                    .filter(|c| tag(c) == Some("tr"))
                    .cloned(),
            ),
            _ => {}
        }
    }
    out
}

fn has_table_inside(node: &Handle) -> bool {
    let mut stack: Vec<Handle> = node.children.borrow().iter().cloned().collect();
    while let Some(n) = stack.pop() {
        if tag(&n) == Some("table") {
            return true;
        }
        stack.extend(n.children.borrow().iter().cloned());
    }
    false
}

/// A cell's text, its paragraphs and `<br>`s as lines.
fn cell_text(td: &Handle) -> String {
    let mut page = Page::default();
    for child in td.children.borrow().iter() {
        page.walk(child);
    }
    page.lines.flush();
    page.lines
        .lines
        .into_iter()
        .map(|(l, _)| l)
        .collect::<Vec<_>>()
        .join("\n")
}
