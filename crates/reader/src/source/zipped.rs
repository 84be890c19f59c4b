//! A zip package opened within limits, so a crafted file (a zip bomb, a package of a million
//! parts) costs a message and not the machine: parts are counted, and a part is read only up to
//! a size and a compression ratio no real document comes near.

use super::{Format, SourceError};
use std::io::{Cursor, Read};

/// More parts than any Office file has (a large workbook has a few hundred).
pub const MAX_PARTS: usize = 10_000;
/// One part decompressed: a document.xml of a thousand pages is some tens of MB.
pub const MAX_PART: u64 = 128 * 1024 * 1024;
/// XML packs well, some 10 to 30 times; a bomb packs a thousand times and more.
pub const MAX_RATIO: u64 = 200;

pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    format: Format,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8], format: Format) -> Result<Package<'a>, SourceError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| SourceError::damaged(format, e))?;
        if zip.len() > MAX_PARTS {
            return Err(too_large(format, format!("{} parts", zip.len())));
        }
        Ok(Package { zip, format })
    }

    /// A part's bytes, or None when the package has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, SourceError> {
        let format = self.format;
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let file = self
            .zip
            .by_index(index)
            .map_err(|e| SourceError::damaged(format, e))?;
        let packed = file.compressed_size().max(1);
        // Bound by the part's own ratio as well as its size; the size the header claims is not
        // trusted, the bytes read are.
        let limit = MAX_PART.min(packed.saturating_mul(MAX_RATIO).max(1024 * 1024));
        let mut out = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| SourceError::damaged(format, e))?;
        if out.len() as u64 > limit {
            return Err(too_large(
                format,
                format!("{name} unpacks to over {} MB", limit >> 20),
            ));
        }
        Ok(Some(out))
    }
}

/// For a package another crate unpacks: the part count, and each part's declared size and
/// ratio. (Each part's reader stops at its declared size, so a part cannot unpack to more.)
pub fn check_declared(bytes: &[u8], format: Format) -> Result<(), SourceError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| SourceError::damaged(format, e))?;
    if zip.len() > MAX_PARTS {
        return Err(too_large(format, format!("{} parts", zip.len())));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(file) = zip.by_index_raw(i) else {
            continue;
        };
        let (size, packed) = (file.size(), file.compressed_size().max(1));
        total = total.saturating_add(size);
        let limit = MAX_PART.min(packed.saturating_mul(MAX_RATIO).max(1024 * 1024));
        if size > limit || total > 2 * MAX_PART {
            return Err(too_large(
                format,
                format!(
                    "{} unpacks to {} MB",
                    file.name().unwrap_or_default(),
                    size >> 20
                ),
            ));
        }
    }
    Ok(())
}

/// How often `needle` occurs in the parts whose names start with `prefix`, each part read
/// within the same limits as `Package::part`.
pub fn count_in_parts(
    bytes: &[u8],
    format: Format,
    prefix: &str,
    needle: &[u8],
) -> Result<usize, SourceError> {
    let mut pkg = Package::open(bytes, format)?;
    let names: Vec<String> = pkg
        .zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with(prefix))
        .map(|n| n.into_owned())
        .collect();
    let mut count = 0;
    for name in names {
        let part = pkg.part(&name)?.unwrap_or_default();
        let mut at = 0;
        while let Some(i) = super::detect::find(&part[at..], needle) {
            count += 1;
            at += i + needle.len();
        }
    }
    Ok(count)
}

fn too_large(format: Format, detail: String) -> SourceError {
    SourceError::TooLarge {
        format: format.name().to_string(),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            w.start_file(*name, opts).expect("start");
            w.write_all(data).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    #[test]
    fn a_bomb_is_refused_and_a_missing_part_is_none() {
        let zeros = vec![0u8; 300 * 1024 * 1024 / 100];
        let bomb = zip_of(&[("word/document.xml", &zeros)]);
        let mut p = Package::open(&bomb, Format::Docx).expect("opens");
        assert!(matches!(
            p.part("word/document.xml"),
            Err(SourceError::TooLarge { .. })
        ));
        assert_eq!(p.part("word/numbering.xml"), Ok(None));
        let fine = zip_of(&[("a.xml", b"<a/>")]);
        let mut p = Package::open(&fine, Format::Docx).expect("opens");
        assert_eq!(p.part("a.xml"), Ok(Some(b"<a/>".to_vec())));
        assert!(matches!(
            Package::open(b"PK\x03\x04junk", Format::Docx),
            Err(SourceError::Damaged { .. })
        ));
    }
}
