//! Word (.docx): the body's paragraphs with Word's automatic numbering put back before their
//! text, text boxes read in place, and tables as grids with `gridSpan` and `vMerge` resolved.
//! Headers, footers, footnotes and comments live in other parts and are left out.

use super::numbering::Numbering;
use super::xml::{Ev, attr, walk};
use super::zipped::Package;
use super::{Block, Format, Grid, Locator, Paragraph, SourceError};
use std::collections::HashMap;

/// What a paragraph style gives its paragraphs: a list, a heading level.
#[derive(Debug, Clone, Default)]
struct Style {
    num: Option<(String, u8)>,
    heading: Option<u8>,
}

pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, SourceError> {
    let mut pkg = Package::open(bytes, Format::Docx)?;
    let damaged = |e: String| SourceError::damaged(Format::Docx, e);
    let document = pkg
        .part("word/document.xml")?
        .ok_or_else(|| damaged("no word/document.xml".into()))?;
    let mut numbering = match pkg.part("word/numbering.xml")? {
        Some(xml) => Numbering::parse(&xml).map_err(damaged)?,
        None => Numbering::default(),
    };
    let styles = match pkg.part("word/styles.xml")? {
        Some(xml) => styles(&xml).map_err(damaged)?,
        None => HashMap::new(),
    };
    let mut body = Body::default();
    walk(&document, |ev| body.event(ev, &mut numbering, &styles)).map_err(damaged)?;
    Ok(body.out)
}

fn styles(xml: &[u8]) -> Result<HashMap<String, Style>, String> {
    let mut out: HashMap<String, Style> = HashMap::new();
    let mut id: Option<String> = None;
    let mut num: (Option<String>, u8) = (None, 0);
    walk(xml, |ev| match ev {
        Ev::Start("style", a) => {
            id = attr(&a, "styleId").map(str::to_string);
            num = (None, 0);
        }
        Ev::Start("name", a) => {
            if let (Some(id), Some(name)) = (&id, attr(&a, "val")) {
                let lower = name.to_ascii_lowercase();
                if let Some(level) = lower.strip_prefix("heading ").and_then(|l| l.parse().ok()) {
                    out.entry(id.clone()).or_default().heading = Some(level);
                }
            }
        }
        Ev::Start("outlineLvl", a) => {
            if let (Some(id), Some(l)) = (&id, attr(&a, "val").and_then(|v| v.parse::<u8>().ok())) {
                out.entry(id.clone()).or_default().heading = Some(l.saturating_add(1));
            }
        }
        Ev::Start("numId", a) => num.0 = attr(&a, "val").map(str::to_string),
        Ev::Start("ilvl", a) => num.1 = attr(&a, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
        Ev::End("style") => {
            if let (Some(id), Some(n)) = (id.take(), num.0.take()) {
                out.entry(id).or_default().num = Some((n, num.1));
            }
        }
        _ => {}
    })?;
    Ok(out)
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
}

/// A table being read: its rows of (text, columns spanned, continues the cell above).
#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<(String, usize, bool)>>,
    cell: Option<(String, usize, bool)>,
}

#[derive(Debug, Default)]
struct Body {
    out: Vec<Block>,
    /// Paragraphs open now: a text box's paragraphs sit inside a paragraph of the body.
    paras: Vec<Para>,
    tables: Vec<Table>,
    in_text: bool,
    /// Inside content Word keeps twice (`mc:Fallback`) or that is not text (deleted runs,
    /// field codes): its depth, so nesting of the same element is counted.
    skip: usize,
    paragraph_no: usize,
    table_no: usize,
}

impl Body {
    fn event(&mut self, ev: Ev<'_>, numbering: &mut Numbering, styles: &HashMap<String, Style>) {
        if self.skip > 0 {
            match ev {
                Ev::Start("Fallback" | "del" | "instrText", _) => self.skip += 1,
                Ev::End("Fallback" | "del" | "instrText") => self.skip -= 1,
                _ => {}
            }
            return;
        }
        match ev {
            Ev::Start("Fallback" | "del" | "instrText", _) => self.skip = 1,
            Ev::Start("p", _) => self.paras.push(Para::default()),
            Ev::Start("pStyle", a) => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(&a, "val").map(str::to_string);
                }
            }
            Ev::Start("numId", a) => {
                if let Some(p) = self.paras.last_mut() {
                    p.num_id = attr(&a, "val").map(str::to_string);
                }
            }
            Ev::Start("ilvl", a) => {
                if let Some(p) = self.paras.last_mut() {
                    p.ilvl = attr(&a, "val").and_then(|v| v.parse().ok());
                }
            }
            Ev::Start("outlineLvl", a) => {
                if let Some(p) = self.paras.last_mut() {
                    p.outline = attr(&a, "val").and_then(|v| v.parse().ok());
                }
            }
            Ev::Start("t", _) => self.in_text = true,
            Ev::End("t") => self.in_text = false,
            Ev::Text(t) if self.in_text => {
                if let Some(p) = self.paras.last_mut() {
                    p.text.push_str(&t);
                }
            }
            Ev::Start("tab", _) => self.push_char(' '),
            Ev::Start("br" | "cr", _) => self.push_char('\n'),
            Ev::End("p") => {
                if let Some(p) = self.paras.pop() {
                    self.finish(p, numbering, styles);
                }
            }
            Ev::Start("tbl", _) => self.tables.push(Table::default()),
            Ev::Start("tr", _) => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Ev::Start("tc", _) => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some((String::new(), 1, false));
                }
            }
            Ev::Start("gridSpan", a) => {
                if let Some((_, span, _)) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    *span = attr(&a, "val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            Ev::Start("vMerge", a) => {
                if let Some((_, _, cont)) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    *cont = attr(&a, "val") != Some("restart");
                }
            }
            Ev::End("tc") => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(cell) = t.cell.take()
                    && let Some(row) = t.rows.last_mut()
                {
                    row.push(cell);
                }
            }
            Ev::End("tbl") => {
                if let Some(t) = self.tables.pop() {
                    self.finish_table(t);
                }
            }
            _ => {}
        }
    }

    fn push_char(&mut self, c: char) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push(c);
        }
    }

    fn finish(&mut self, p: Para, numbering: &mut Numbering, styles: &HashMap<String, Style>) {
        let style = p.style.as_ref().and_then(|s| styles.get(s));
        let list = match (&p.num_id, style.and_then(|s| s.num.as_ref())) {
            (Some(id), _) => Some((id.clone(), p.ilvl.unwrap_or(0))),
            (None, Some((id, l))) => Some((id.clone(), p.ilvl.unwrap_or(*l))),
            _ => None,
        };
        // An empty paragraph Word numbers still shows its number, and counts.
        let number = list.and_then(|(id, l)| numbering.next(&id, l));
        let heading = p
            .outline
            .map(|l| l.saturating_add(1))
            .or_else(|| style.and_then(|s| s.heading));
        // Inside a table cell, or a text box inside one, the text joins the cell.
        if let Some(t) = self.tables.last_mut()
            && let Some((cell, _, _)) = t.cell.as_mut()
        {
            if !cell.is_empty() {
                cell.push('\n');
            }
            cell.push_str(number.as_deref().unwrap_or_default());
            cell.push_str(&p.text);
            return;
        }
        // A text box's paragraphs come as paragraphs of their own, before the one holding it.
        self.paragraph_no += 1;
        let para = Paragraph {
            text: p.text,
            number,
            heading,
        };
        self.out.push(Block::Paragraph(
            para,
            Locator::Paragraph(self.paragraph_no),
        ));
    }

    fn finish_table(&mut self, t: Table) {
        // A table inside a cell: its text goes into the outer cell, row by row.
        if let Some(outer) = self.tables.last_mut()
            && let Some((cell, _, _)) = outer.cell.as_mut()
        {
            for row in &t.rows {
                let line: Vec<&str> = row.iter().map(|c| c.0.as_str()).collect();
                if !cell.is_empty() {
                    cell.push('\n');
                }
                cell.push_str(&line.join(" "));
            }
            return;
        }
        self.table_no += 1;
        let mut grid = Grid::default();
        for (r, row) in t.rows.iter().enumerate() {
            let mut cells: Vec<String> = Vec::new();
            for (text, span, cont) in row {
                let col = cells.len();
                let value = if *cont {
                    grid.rows
                        .last()
                        .and_then(|above: &Vec<String>| above.get(col))
                        .cloned()
                        .unwrap_or_default()
                } else {
                    text.clone()
                };
                for _ in 0..*span {
                    cells.push(value.clone());
                }
            }
            grid.rows.push(cells);
            grid.at.push(Locator::TableRow {
                table: self.table_no,
                row: r + 1,
            });
        }
        self.out.push(Block::Table(grid));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn docx(document: &str, numbering: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in [
            ("word/document.xml", document),
            ("word/numbering.xml", numbering),
        ] {
            w.start_file(name, opts).expect("start");
            w.write_all(data.as_bytes()).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    const NUMBERING: &str = r#"<w:numbering><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#;

    /// Numbered paragraphs, a deleted run and a field code left out, a text box read once (not
    /// its fallback copy too), and a table whose cells span columns and rows.
    #[test]
    fn paragraphs_numbering_text_boxes_and_merged_cells() {
        let document = r#"<w:document><w:body>
          <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>加强领导</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del></w:p>
          <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:instrText>PAGE</w:instrText><w:t xml:space="preserve">完善&amp;保障</w:t></w:r></w:p>
          <w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>
          <w:tbl>
            <w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>重点任务</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>牵头单位</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>一、产业</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>建设园区</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>市发改委</w:t></w:r></w:p><w:p><w:r><w:t>市财政局</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>市工信局</w:t></w:r></w:p></w:tc></w:tr>
          </w:tbl>
        </w:body></w:document>"#;
        let blocks = blocks(&docx(document, NUMBERING)).expect("reads");
        let paras: Vec<(Option<String>, String, Locator)> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p, at) => Some((p.number.clone(), p.text.clone(), at.clone())),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(
            paras,
            [
                (
                    Some("（一）".into()),
                    "加强领导".into(),
                    Locator::Paragraph(1)
                ),
                (
                    Some("（二）".into()),
                    "完善&保障".into(),
                    Locator::Paragraph(2)
                ),
                (None, "框内".into(), Locator::Paragraph(3)),
                (None, "正文".into(), Locator::Paragraph(4)),
            ]
        );
        let Some(Block::Table(grid)) = blocks.last() else {
            panic!("a table")
        };
        assert_eq!(grid.rows[1], ["一、产业", "一、产业", "一、产业"]);
        assert_eq!(grid.rows[2], ["1", "建设园区", "市发改委\n市财政局"]);
        assert_eq!(grid.rows[3], ["2", "建设园区", "市工信局"]);
        assert_eq!(grid.at[3], Locator::TableRow { table: 1, row: 4 });
    }
}
