//! PDF with a text layer, through lopdf (objects, streams, decryption with an empty password)
//! and the reading done here: each font's codes mapped through its ToUnicode CMap (`cmap`,
//! `font`), the content stream read (`lex`) and each string placed by the text matrix
//! (`content`), lines put in reading order, tables found by where their cells fall (`table`),
//! page furniture dropped and broken lines joined (`layout`). Each paragraph's locator is the
//! page it starts on. A PDF with no text (a scan) or one locked by a password is refused as
//! such.

mod cmap;
mod content;
mod font;
mod layout;
mod lex;
mod table;

use super::{Block, Grid, Locator, Paragraph, SourceError};
use content::Fonts;
use foldhash::{HashMap, HashMapExt};
use font::Font;
use lopdf::{Document, LoadOptions, ObjectId};
use std::rc::Rc;

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
    let mut fonts: HashMap<ObjectId, Rc<Font>> = HashMap::new();
    let mut budget = MAX_CONTENT;
    let mut all = Vec::with_capacity(pages.len());
    for &id in pages.values() {
        let data = doc
            .get_page_content_with_limit(id, MAX_PAGE.min(budget))
            .map_err(|_| {
                too_large(if budget < MAX_PAGE {
                    "its pages' content unpacks to over 128 MB"
                } else {
                    "a page's content unpacks to over 16 MB"
                })
            })?;
        budget = budget.saturating_sub(data.len());
        let page_fonts = page_fonts(&doc, id, &mut fonts);
        all.push(layout::lines(content::runs(&data, MAX_OPS, &page_fonts)));
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

/// The page's fonts by resource name; a font shared by pages (the usual case) is read once.
fn page_fonts(doc: &Document, page: ObjectId, cache: &mut HashMap<ObjectId, Rc<Font>>) -> Fonts {
    let mut out = Fonts::new();
    let Ok(named) = doc.get_page_fonts(page) else {
        return out;
    };
    let (inline, referred) = doc.get_page_resources(page).unwrap_or((None, Vec::new()));
    let resources = inline
        .into_iter()
        .chain(referred.iter().filter_map(|&r| doc.get_dictionary(r).ok()));
    // The ids of the fonts named in the page's resources, to find them in the cache.
    let ids = font_ids(doc, resources);
    for (name, dict) in named {
        let font = match ids.get(&name) {
            Some(id) => cache
                .entry(*id)
                .or_insert_with(|| Rc::new(Font::new(doc, dict)))
                .clone(),
            None => Rc::new(Font::new(doc, dict)),
        };
        out.insert(name, font);
    }
    out
}

fn font_ids<'a>(
    doc: &'a Document,
    resources: impl Iterator<Item = &'a lopdf::Dictionary>,
) -> HashMap<Vec<u8>, ObjectId> {
    let mut out = HashMap::new();
    for res in resources {
        let Ok((_, fonts)) = res.get(b"Font").and_then(|o| doc.dereference(o)) else {
            continue;
        };
        let Ok(fonts) = fonts.as_dict() else {
            continue;
        };
        for (name, value) in fonts.iter() {
            if let Ok(id) = value.as_reference() {
                out.entry(name.clone()).or_insert(id);
            }
        }
    }
    out
}

fn too_large(detail: &str) -> SourceError {
    SourceError::TooLarge {
        format: "pdf".into(),
        detail: detail.into(),
    }
}
