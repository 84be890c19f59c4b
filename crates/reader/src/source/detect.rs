//! The format of a file, told from its content: a zip package by its parts, an OLE compound
//! file by its streams, a PDF by `%PDF`, a web page by its first tags. The extension only
//! decides between text formats (`.md`) and names a package too damaged to look into.

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
    Xlsx,
    Xls,
    Ods,
    /// A PDF; whether it needs a password its reader finds out (one locked only against
    /// printing opens without one).
    Pdf,
    /// An Office package with a password (an OLE file holding an `EncryptedPackage`).
    Encrypted,
    /// An old binary format the reader does not open, named for the user.
    Legacy(&'static str),
    /// A zip package of another kind (an .odt, a .pptx, any zip).
    OtherZip(&'static str),
}

impl Format {
    /// The name shown to the user and written in the JSON export.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Pdf => "pdf",
            Format::Encrypted => "office",
            Format::Legacy(name) | Format::OtherZip(name) => name,
        }
    }

    /// Whether the reader reads it as text, line by line, as it always has.
    pub fn is_plain_text(self) -> bool {
        self == Format::Text
    }
}

/// Every extension a folder is searched for: the formats read, and those refused with a reason
/// a user should see (an old .doc is reported, not silently passed over).
pub const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "docx", "docm", "xlsx", "xlsm", "xls",
    "ods", "et", "doc", "wps", "pdf",
];

const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The format of `bytes`; `ext` is the file's extension, lower case, if it has one.
pub fn detect(bytes: &[u8], ext: Option<&str>) -> Format {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes, ext);
    }
    if bytes.starts_with(OLE) {
        return ole_kind(bytes, ext);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if looks_html(head) || matches!(ext, Some("html" | "htm" | "xhtml")) && !head.is_empty() {
        return Format::Html;
    }
    if matches!(ext, Some("md" | "markdown")) {
        return Format::Markdown;
    }
    Format::Text
}

/// A zip package by the parts it holds.
fn zip_kind(bytes: &[u8], ext: Option<&str>) -> Format {
    let by_ext = match ext {
        Some("docx" | "docm") => Format::Docx,
        Some("xlsx" | "xlsm") => Format::Xlsx,
        Some("ods") => Format::Ods,
        _ => Format::OtherZip("zip"),
    };
    let Ok(zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // Too damaged to list: its reader says so under the name the user gave it.
        return by_ext;
    };
    let has = |name: &str| zip.index_for_name(name).is_some();
    if has("word/document.xml") {
        Format::Docx
    } else if has("xl/workbook.xml") || has("xl/workbook.bin") {
        Format::Xlsx
    } else if has("content.xml") && mimetype(bytes).contains("spreadsheet") {
        Format::Ods
    } else if has("content.xml") && mimetype(bytes).contains("text") {
        Format::OtherZip("odt")
    } else if has("ppt/presentation.xml") {
        Format::OtherZip("pptx")
    } else {
        Format::OtherZip("zip")
    }
}

/// An OpenDocument package's `mimetype`, which is stored first and uncompressed.
fn mimetype(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(200)];
    match find(head, b"application/vnd.oasis.opendocument.") {
        Some(at) => String::from_utf8_lossy(&head[at..]).into_owned(),
        None => String::new(),
    }
}

/// An OLE compound file by the names of its streams (UTF-16 in its directory).
fn ole_kind(bytes: &[u8], ext: Option<&str>) -> Format {
    let named = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        find(bytes, &utf16).is_some()
    };
    if named("EncryptedPackage") {
        Format::Encrypted
    } else if named("WordDocument") {
        Format::Legacy(if ext == Some("wps") { "wps" } else { "doc" })
    } else if named("Workbook") || named("Book") {
        Format::Xls
    } else if named("PowerPoint Document") {
        Format::Legacy("ppt")
    } else {
        Format::Legacy(match ext {
            Some("et") => "et",
            Some("wps") => "wps",
            _ => "ole",
        })
    }
}

/// A web page: after a byte-order mark and white space, a tag that only HTML starts with.
fn looks_html(head: &[u8]) -> bool {
    let start = head
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(head)
        .trim_ascii_start();
    if !start.starts_with(b"<") {
        return false;
    }
    let lower = start.to_ascii_lowercase();
    let has = |tags: &[&[u8]]| tags.iter().any(|tag| find(&lower, tag).is_some());
    // A text saved from a page may keep a stray <meta charset>: only a page's frame, or block
    // elements that are closed, make it a page.
    has(&[b"<!doctype html", b"<html", b"<head", b"<body"])
        || (has(&[b"<table", b"<div", b"<p>", b"<p "]) && has(&[b"</"]))
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..=hay.len() - needle.len()]
            .iter()
            .position(|&b| b == first)
        {
            None => return None,
            Some(p) => {
                i += p;
                if hay[i..].starts_with(needle) {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_content_whatever_the_extension() {
        assert_eq!(detect(b"%PDF-1.7\n...", Some("txt")), Format::Pdf);
        assert_eq!(
            detect(b"\xEF\xBB\xBF  <!DOCTYPE html><html>", Some("txt")),
            Format::Html
        );
        assert_eq!(
            detect("一、总体要求".as_bytes(), Some("html")),
            Format::Html
        );
        assert_eq!(detect("一、总体要求".as_bytes(), None), Format::Text);
        assert_eq!(detect("# 标题".as_bytes(), Some("md")), Format::Markdown);
        assert_eq!(detect(b"<\xE7\x94\xB2>", None), Format::Text);
        let saved = "<meta charset=\"big5\">\n一、主要任务".as_bytes();
        assert_eq!(detect(saved, None), Format::Text);
        assert_eq!(
            detect("<div><p>甲</p></div>".as_bytes(), None),
            Format::Html
        );
        let mut ole = OLE.to_vec();
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(detect(&ole, Some("docx")), Format::Encrypted);
        let mut doc = OLE.to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(detect(&doc, Some("wps")), Format::Legacy("wps"));
        assert_eq!(detect(&doc, None), Format::Legacy("doc"));
        assert_eq!(detect(b"PK\x03\x04broken", Some("docx")), Format::Docx);
        assert_eq!(detect(b"PK\x03\x04broken", None), Format::OtherZip("zip"));
    }

    #[test]
    fn spreadsheet_columns_are_named() {
        let names: Vec<String> = [0, 25, 26, 701, 702]
            .map(super::super::column_name)
            .to_vec();
        assert_eq!(names, ["A", "Z", "AA", "ZZ", "AAA"]);
    }
}
