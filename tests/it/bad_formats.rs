//! Containers that are damaged or crafted stay harmless: a zip bomb, a package of ten thousand
//! parts, a password-protected Office file, a cut zip, broken XML, a page nested ten thousand
//! deep, a sheet of too many rows each end in a clear message or a read; and a mutation fuzz
//! of each format (fixed seed, bounded cases) never panics.

use super::formats::file;
use crate::common::cmd;
use dutymatrix::extract::{self, ExtractError};
use dutymatrix::source::SourceError;
use std::io::Write;

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn read(bytes: &[u8], ext: &str) -> Result<usize, ExtractError> {
    extract::read_as("bad", bytes, None, Some(ext)).map(|x| x.model.tasks.len())
}

fn too_large(r: Result<usize, ExtractError>) -> bool {
    matches!(r, Err(ExtractError::Source(SourceError::TooLarge { .. })))
}

fn damaged(r: Result<usize, ExtractError>) -> bool {
    matches!(r, Err(ExtractError::Source(SourceError::Damaged { .. })))
}

/// 40 MB of XML that packs into some tens of KB (a thousand to one): refused by its ratio before
/// it is unpacked whole, in a Word file and in a workbook (whose parts calamine unpacks, checked
/// first).
#[test]
fn zip_bombs_are_refused() {
    let xml = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", " ".repeat(40 << 20));
    let docx = zip_of(&[("word/document.xml", xml.as_bytes())]);
    assert!(docx.len() < 100 << 10, "{}", docx.len());
    assert!(too_large(read(&docx, "docx")), "{:?}", read(&docx, "docx"));
    let xlsx = zip_of(&[
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", xml.as_bytes()),
    ]);
    assert!(too_large(read(&xlsx, "xlsx")));
}

#[test]
fn ten_thousand_parts_are_refused() {
    let names: Vec<String> = (0..10_001).map(|i| format!("p{i}.xml")).collect();
    let parts: Vec<(&str, &[u8])> = std::iter::once(("word/document.xml", &b"<a/>"[..]))
        .chain(names.iter().map(|n| (n.as_str(), &b""[..])))
        .collect();
    assert!(too_large(read(&zip_of(&parts), "docx")));
}

/// An Office file with a password is an OLE file holding an `EncryptedPackage`: 「有密码保护」.
#[test]
fn a_password_protected_package_is_refused_as_such() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(512, 0);
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    ole.resize(4096, 0);
    assert_eq!(
        read(&ole, "xlsx"),
        Err(ExtractError::Source(SourceError::Encrypted))
    );
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("分工表.xlsx");
    std::fs::write(&path, &ole).expect("write");
    let out = cmd().arg("check").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("有密码保护"), "{stderr}");
}

/// A Word file cut in half (its directory gone), a package whose XML is broken, one without
/// its document part: each says it is a damaged docx.
#[test]
fn cut_zips_and_broken_xml_are_damaged_files() {
    let docx = file("taian-kangyang.docx");
    assert!(damaged(read(&docx[..docx.len() / 2], "docx")));
    let broken = zip_of(&[("word/document.xml", "<w:body><w:p><w:t>甲</w:x>".as_bytes())]);
    assert!(damaged(read(&broken, "docx")));
    let empty = zip_of(&[("word/document.xml", b"")]);
    assert_eq!(read(&empty, "docx"), Err(ExtractError::NoAnnotations));
    let cut_sheet = file("taian-fengong.xlsx");
    assert!(read(&cut_sheet[..cut_sheet.len() - 200], "xlsx").is_err());
}

/// Ten thousand nested elements cost no stack: the task inside is still read.
#[test]
fn a_page_nested_ten_thousand_deep_is_read() {
    let mut page = "<html><body>".to_string() + &"<div><span>".repeat(10_000);
    page += "<p>一、主要任务</p><p>（一）建设平台。（责任单位：市民政局）</p>";
    page += &"</span></div>".repeat(10_000);
    assert_eq!(read(page.as_bytes(), "html"), Ok(1));
    let docx = zip_of(&[(
        "word/document.xml",
        ("<w:document><w:body>".to_string()
            + &"<w:tbl><w:tr><w:tc>".repeat(10_000)
            + "<w:p><w:r><w:t>一、甲（责任单位：市民政局）</w:t></w:r></w:p>"
            + &"</w:tc></w:tr></w:tbl>".repeat(10_000)
            + "</w:body></w:document>")
            .as_bytes(),
    )]);
    assert!(read(&docx, "docx").is_ok());
}

/// A sheet of more rows than any plan has is refused, not read into memory as a model.
#[test]
fn a_sheet_of_too_many_rows_is_refused() {
    let mut sheet = String::from(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..=100_001 {
        sheet.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    sheet.push_str("</sheetData></worksheet>");
    let xlsx = zip_of(&[
        ("[Content_Types].xml", br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#),
        ("_rels/.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    assert!(too_large(read(&xlsx, "xlsx")), "{:?}", read(&xlsx, "xlsx"));
}

/// A fixed-seed generator: the same mutants on every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes flipped, cut off, or a stretch copied over another: whatever comes of a mutant, a
/// read or a reason, it never panics.
#[test]
fn mutants_of_each_format_never_panic() {
    let mut rng = Seeded(0x5eed_0016);
    for name in [
        "taian-kangyang.docx",
        "taian-fengong.xlsx",
        "taian-fengong.docx",
        "taian-kangyang.html",
        "taian-kangyang.md",
        "taian-kangyang.pdf",
    ] {
        let original = file(name);
        let ext = name.rsplit_once('.').map(|(_, e)| e);
        let (mut read_ok, mut refused) = (0, 0);
        for _ in 0..120 {
            let mut bytes = original.clone();
            match rng.below(3) {
                0 => {
                    for _ in 0..1 + rng.below(8) {
                        let i = rng.below(bytes.len());
                        bytes[i] ^= 1 << rng.below(8);
                    }
                }
                1 => bytes.truncate(rng.below(bytes.len())),
                _ => {
                    let (from, to) = (rng.below(bytes.len()), rng.below(bytes.len()));
                    let len = rng.below(64).min(bytes.len() - from.max(to));
                    let chunk = bytes[from..from + len].to_vec();
                    bytes[to..to + len].copy_from_slice(&chunk);
                }
            }
            match extract::read_as("mutant", &bytes, None, ext) {
                Ok(_) => read_ok += 1,
                Err(_) => refused += 1,
            }
        }
        assert_eq!(read_ok + refused, 120, "{name}");
    }
}
