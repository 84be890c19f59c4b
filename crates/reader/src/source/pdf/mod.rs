//! PDF with a text layer, through lopdf (objects, streams, decryption with an empty password)
//! and the reading done here: each font's codes mapped through its ToUnicode CMap (`cmap`,
//! `font`), the content stream unpacked (`stream`), read (`lex`) and each string placed by
//! the text matrix (`content`, form XObjects played in place), lines put in reading order,
//! tables found by where their cells fall (`table`),
//! page furniture dropped and broken lines joined (`layout`). Each paragraph's locator is the
//! page it starts on. A PDF with no text (a scan) or one locked by a password is refused as
//! such.

mod cmap;
mod content;
mod font;
mod layout;
mod lex;
mod stream;
mod table;

use super::{Block, Grid, Locator, Paragraph, SourceError};
use content::{Fonts, Form};
use foldhash::{HashMap, HashMapExt};
use font::{Font, deref};
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use std::rc::Rc;
use stream::Unpacker;

/// A policy document runs to tens of pages, a compilation to a few hundred; more than this is
/// not one, and would cost time for nothing.
pub const MAX_PAGES: usize = 2_000;
/// One stream unpacked while loading (object and cross-reference streams).
const MAX_STREAM: usize = 32 << 20;
/// One page's content, unpacked.
const MAX_PAGE: usize = 16 << 20;
/// All pages' content together.
const MAX_CONTENT: usize = 128 << 20;
/// Operations played on one page: text pages have thousands; a crafted page may have
/// millions of no-ops.
const MAX_OPS: usize = 2_000_000;
/// Fewer non-blank characters than this a page, and the PDF has no text layer to speak of.
const SCAN_CHARS_PER_PAGE: usize = 5;

pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, SourceError> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => SourceError::EncryptedPdf,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            too_large("a stream unpacks to over 32 MB")
        }
        e => SourceError::damaged(super::Format::Pdf, e),
    })?;
    // lopdf opens a file locked only against printing or copying (the empty password); one
    // that needs a password to be opened stays encrypted.
    if doc.trailer.has(b"Encrypt") && !doc.was_encrypted() {
        return Err(SourceError::EncryptedPdf);
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(too_large(&format!("over {MAX_PAGES} pages")));
    }
    let mut ctx = Ctx {
        doc: &doc,
        fonts: HashMap::new(),
        scopes: HashMap::new(),
        forms: HashMap::new(),
        budget: MAX_CONTENT,
        drawn: MAX_CONTENT,
        unpacker: Unpacker::new(),
    };
    // One buffer for every page's content.
    let mut data = Vec::new();
    let mut all = Vec::with_capacity(pages.len());
    for &id in pages.values() {
        let budget = ctx.budget;
        ctx.unpacker
            .page(&doc, id, MAX_PAGE.min(budget), &mut data)
            .map_err(|_| {
                too_large(if budget < MAX_PAGE {
                    "its pages' content unpacks to over 128 MB"
                } else {
                    "a page's content unpacks to over 16 MB"
                })
            })?;
        ctx.budget = budget.saturating_sub(data.len());
        let scope = page_scope(&doc, id);
        let fonts = ctx.fonts_of(&scope);
        let page = content::runs(&data, MAX_OPS, &fonts, &scope, &mut ctx);
        all.push(layout::lines(page));
    }
    let chars: usize = all
        .iter()
        .flatten()
        .map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if chars < SCAN_CHARS_PER_PAGE * pages.len().max(1) {
        return Err(SourceError::ScannedPdf);
    }
    layout::drop_furniture(&mut all);
    let mut tables: Vec<Option<Grid>> = table::take(&mut all).into_iter().map(Some).collect();
    Ok(layout::paragraphs(&all)
        .into_iter()
        .filter_map(|p| match p.table {
            Some(i) => tables.get_mut(i).and_then(Option::take).map(Block::Table),
            None => {
                let para = Paragraph {
                    text: p.text,
                    ..Paragraph::default()
                };
                Some(Block::Paragraph(para, Locator::Page(p.page)))
            }
        })
        .collect())
}

/// A content stream's resources: the dictionaries its names are looked up in, nearest first
/// (a page's own, then those it inherits).
type Scope<'d> = Rc<Vec<&'d Dictionary>>;

/// What the pages share: fonts read once, each set of resources' fonts gathered once, each
/// form unpacked once, and what is left of the content budget.
struct Ctx<'d> {
    doc: &'d Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    /// By the addresses of the scope's dictionaries: pages mostly share one.
    scopes: HashMap<Vec<usize>, Rc<Fonts>>,
    forms: HashMap<ObjectId, Option<Form<Scope<'d>>>>,
    budget: usize,
    /// What is left of [`MAX_CONTENT`] for forms' content played, over all pages.
    drawn: usize,
    unpacker: Unpacker,
}

fn page_scope<'d>(doc: &'d Document, page: ObjectId) -> Scope<'d> {
    let (inline, referred) = doc.get_page_resources(page).unwrap_or((None, Vec::new()));
    Rc::new(
        inline
            .into_iter()
            .chain(referred.iter().filter_map(|&r| doc.get_dictionary(r).ok()))
            .collect(),
    )
}

impl<'d> Ctx<'d> {
    /// The fonts a scope names, the nearest dictionary's first; a font shared by pages (the
    /// usual case) is read once.
    fn fonts_of(&mut self, scope: &Scope<'d>) -> Rc<Fonts> {
        let key: Vec<usize> = scope
            .iter()
            .map(|d| *d as *const Dictionary as usize)
            .collect();
        if let Some(fonts) = self.scopes.get(&key) {
            return fonts.clone();
        }
        let doc = self.doc;
        let mut out = Fonts::new();
        for res in scope.iter() {
            let Some(named) = deref(doc, res.get(b"Font").ok()).and_then(|o| o.as_dict().ok())
            else {
                continue;
            };
            for (name, value) in named.iter() {
                if out.contains_key(name) {
                    continue;
                }
                let font = match value {
                    Object::Reference(id) => match doc.get_dictionary(*id) {
                        Ok(dict) => self
                            .fonts
                            .entry(*id)
                            .or_insert_with(|| Rc::new(Font::new(doc, dict, &mut self.unpacker)))
                            .clone(),
                        Err(_) => continue,
                    },
                    Object::Dictionary(dict) => Rc::new(Font::new(doc, dict, &mut self.unpacker)),
                    _ => continue,
                };
                out.insert(name.clone(), font);
            }
        }
        let out = Rc::new(out);
        self.scopes.insert(key, out.clone());
        out
    }

    /// The form XObject with this id: its content unpacked within the budget, its matrix, and
    /// its own resources (a form without them uses those of where it is drawn).
    fn load_form(&mut self, id: ObjectId, scope: &Scope<'d>) -> Option<Form<Scope<'d>>> {
        let doc = self.doc;
        let stream = doc.get_object(id).and_then(Object::as_stream).ok()?;
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return None;
        }
        // Forms' content counts against the budget as pages' does; one that will not unpack
        // within it is not drawn, and costs what was tried, so that many such forms cannot
        // each cost that much again.
        let limit = MAX_PAGE.min(self.budget);
        let mut content = Vec::new();
        let unpacked = self.unpacker.stream(stream, limit, &mut content);
        self.budget = self.budget.saturating_sub(match unpacked {
            Ok(()) => content.len(),
            Err(_) => limit,
        });
        unpacked.ok()?;
        let mut matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        if let Some(m) = deref(doc, stream.dict.get(b"Matrix").ok()).and_then(|o| o.as_array().ok())
        {
            let numbers: Vec<f32> = m
                .iter()
                .filter_map(|o| deref(doc, Some(o))?.as_float().ok())
                .filter(|f| f.is_finite())
                .collect();
            if let Ok(m) = <[f32; 6]>::try_from(numbers) {
                matrix = m;
            }
        }
        let scope =
            match deref(doc, stream.dict.get(b"Resources").ok()).and_then(|o| o.as_dict().ok()) {
                Some(own) => Rc::new(vec![own]),
                None => scope.clone(),
            };
        Some(Form {
            id: id.0,
            content: content.into(),
            matrix,
            fonts: self.fonts_of(&scope),
            scope,
        })
    }
}

impl<'d> content::Resources for Ctx<'d> {
    type Scope = Scope<'d>;

    fn form(&mut self, scope: &Scope<'d>, name: &[u8]) -> Option<Form<Scope<'d>>> {
        let doc = self.doc;
        // Streams are always indirect: a name not referring to one draws nothing.
        let id = scope.iter().find_map(|res| {
            let named = deref(doc, res.get(b"XObject").ok())?.as_dict().ok()?;
            named.get(name).and_then(Object::as_reference).ok()
        })?;
        let form = match self.forms.get(&id) {
            Some(form) => form.clone(),
            None => {
                let form = self.load_form(id, scope);
                self.forms.insert(id, form.clone());
                form
            }
        }?;
        // Every drawing of a form counts against the document's content budget: a form
        // unpacked once but drawn on each of thousands of pages is read each time.
        self.drawn = self.drawn.checked_sub(form.content.len())?;
        Some(form)
    }
}

fn too_large(detail: &str) -> SourceError {
    SourceError::TooLarge {
        format: "pdf".into(),
        detail: detail.into(),
    }
}
