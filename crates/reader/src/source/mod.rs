//! The source layer: any supported file (Word, Excel, a web page, Markdown, PDF) as one sequence of
//! blocks, paragraphs and tables, each with the place it came from. Plain text does not pass
//! here: `extract` reads it line by line as it always has.
//!
//! `detect` tells the format from the content (the extension only breaks ties between text
//! formats), `zipped` opens zip packages within limits, and one module per format makes blocks;
//! `headings` numbers a Word or Markdown file's unnumbered headings for the outline.

pub mod detect;
mod docx;
mod headings;
mod html;
mod markdown;
mod numbering;
mod ods_merges;
mod pdf;
mod sheet;
mod xml;
mod zipped;

pub use detect::{Format, detect};

use serde::{Deserialize, Serialize};

pub use crate::domain::{Locator, column_name};

/// A paragraph: its text, the number the format put before it (Word's automatic numbering,
/// which is not in the text), and its heading level where the format marks one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paragraph {
    pub text: String,
    pub number: Option<String>,
    pub heading: Option<u8>,
}

/// A table as a grid of cells, merged cells already copied into every cell they cover, and
/// where each row is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    pub rows: Vec<Vec<String>>,
    pub at: Vec<Locator>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph, Locator),
    Table(Grid),
}

/// Why a file could not be opened as its format says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SourceError {
    /// An Office file with a password: the package is encrypted.
    #[error("the file is password-protected: save it again without a password")]
    Encrypted,
    /// An old binary format (.doc, .wps, .et) or one this reader does not open.
    #[error("is a .{0} file, which this reader does not open: {advice}", advice = advice_en(.0))]
    Unsupported(String),
    /// A PDF with no text layer: pictures of pages, as a scanner makes.
    #[error(
        "is a scanned PDF with no text in it: run it through text recognition (OCR) first, or use the .docx or text it was made from"
    )]
    ScannedPdf,
    /// A PDF with a password.
    #[error(
        "is an encrypted PDF file that needs a password to open: save a copy without the password"
    )]
    EncryptedPdf,
    /// Damaged: a broken zip or XML.
    #[error("is a damaged {format} file ({detail})")]
    Damaged { format: String, detail: String },
    /// Over the limits that keep a crafted file (a zip bomb, a nesting bomb) harmless.
    #[error("is a {format} file too large to open safely ({detail})")]
    TooLarge { format: String, detail: String },
}

/// What to do with a file of a format not read, in English.
fn advice_en(format: &str) -> &'static str {
    match format {
        "doc" | "wps" | "odt" => "save it as .docx",
        "et" | "ole" => "save it as .xlsx (a workbook) or .docx (a document)",
        "zip" => "unpack it and read the documents inside",
        _ => "it is not a document",
    }
}

impl SourceError {
    pub(crate) fn damaged(format: Format, detail: impl std::fmt::Display) -> SourceError {
        SourceError::Damaged {
            format: format.name().to_string(),
            detail: crate::text::truncate(&detail.to_string(), 80),
        }
    }
}

/// The blocks of a container file. Text formats (`Text`, `Markdown`) come decoded: `text` is
/// used for them and `bytes` for the others.
pub fn blocks(format: Format, bytes: &[u8], text: Option<&str>) -> Result<Vec<Block>, SourceError> {
    match format {
        Format::Markdown => {
            let mut blocks = markdown::blocks(text.unwrap_or_default());
            headings::number(&mut blocks);
            Ok(blocks)
        }
        Format::Text => Ok(text
            .unwrap_or_default()
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let p = Paragraph {
                    text: l.to_string(),
                    ..Paragraph::default()
                };
                Block::Paragraph(p, Locator::Line(i + 1))
            })
            .collect()),
        Format::Html => html::blocks(bytes),
        Format::Docx => docx::blocks(bytes).map(|mut blocks| {
            headings::number(&mut blocks);
            blocks
        }),
        Format::Xlsx | Format::Xls | Format::Ods => sheet::blocks(format, bytes),
        Format::Encrypted => Err(SourceError::Encrypted),
        Format::Pdf => pdf::blocks(bytes),
        Format::Legacy(name) | Format::OtherZip(name) => {
            Err(SourceError::Unsupported(name.to_string()))
        }
    }
}
