//! Content streams unpacked: a FlateDecode stream (what every producer writes) inflated here
//! by one inflate state kept for the whole document, straight into the page's buffer;
//! anything else, or a stream that will not inflate cleanly, through lopdf, whose way with
//! damaged streams (raw deflate, the bytes as they are) stays the one that counts.

use flate2::{Decompress, FlushDecompress, Status};
use lopdf::{Document, Object, ObjectId, Stream};

/// The content would unpack to more than the limit.
#[derive(Debug)]
pub struct Over;

pub struct Unpacker {
    z: Decompress,
}

impl Unpacker {
    pub fn new() -> Unpacker {
        Unpacker {
            z: Decompress::new(true),
        }
    }

    /// A page's content streams into `out` (cleared first), each followed by a newline, as
    /// lopdf joins them: at most `limit` bytes.
    pub fn page(
        &mut self,
        doc: &Document,
        page: ObjectId,
        limit: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), Over> {
        out.clear();
        for id in doc.get_page_contents(page) {
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            let remaining = limit.saturating_sub(out.len());
            self.stream(stream, remaining, out)?;
            out.push(b'\n');
        }
        Ok(())
    }

    /// Appends a stream's content, unpacked, to `out`: at most `limit` bytes. A stream that
    /// cannot be decoded gives its bytes as they are, as lopdf's page content does.
    pub fn stream(&mut self, stream: &Stream, limit: usize, out: &mut Vec<u8>) -> Result<(), Over> {
        if plain_flate(stream) {
            let start = out.len();
            match self.inflate(&stream.content, limit, out) {
                Ok(true) => return Ok(()),
                Ok(false) => out.truncate(start),
                Err(Over) => {
                    out.truncate(start);
                    return Err(Over);
                }
            }
        }
        match stream.decompressed_content_with_limit(limit) {
            Ok(data) => out.extend_from_slice(&data),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => return Err(Over),
            Err(_) if stream.content.len() <= limit => out.extend_from_slice(&stream.content),
            Err(_) => return Err(Over),
        }
        Ok(())
    }

    /// Inflates a zlib stream onto `out`: true when it ended cleanly, false when it is
    /// damaged (for lopdf to read its way).
    fn inflate(&mut self, input: &[u8], limit: usize, out: &mut Vec<u8>) -> Result<bool, Over> {
        self.z.reset(true);
        let start = out.len();
        // Text content packs four to six times; one guess, then doubling.
        out.reserve(input.len().saturating_mul(6).min(limit.saturating_add(1)));
        loop {
            let (read, wrote) = (self.z.total_in(), self.z.total_out());
            let at = usize::try_from(read).unwrap_or(usize::MAX);
            let rest = input.get(at..).unwrap_or_default();
            let Ok(status) = self.z.decompress_vec(rest, out, FlushDecompress::Finish) else {
                return Ok(false);
            };
            let produced = out.len() - start;
            if produced > limit {
                return Err(Over);
            }
            if status == Status::StreamEnd {
                return Ok(true);
            }
            if out.len() == out.capacity() {
                let room = limit.saturating_add(1) - produced;
                out.reserve(produced.max(4096).min(room));
            } else if (read, wrote) == (self.z.total_in(), self.z.total_out()) {
                // Room to write and nothing written: the stream stops short.
                return Ok(false);
            }
        }
    }
}

/// `/Filter /FlateDecode` (alone, or alone in an array) with no `/DecodeParms`: the streams
/// inflated here. A predictor or a chain of filters is lopdf's to undo.
fn plain_flate(stream: &Stream) -> bool {
    if stream.dict.has(b"DecodeParms") {
        return false;
    }
    match stream.dict.get(b"Filter") {
        Ok(Object::Name(n)) => n == b"FlateDecode",
        Ok(Object::Array(a)) => matches!(a.as_slice(), [Object::Name(n)] if n == b"FlateDecode"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compress, Compression, FlushCompress};

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut c = Compress::new(Compression::default(), true);
        let mut out = Vec::with_capacity(data.len() + 64);
        c.compress_vec(data, &mut out, FlushCompress::Finish)
            .expect("compresses");
        out
    }

    fn flate(content: Vec<u8>) -> Stream {
        let mut dict = lopdf::Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        Stream::new(dict, content)
    }

    #[test]
    fn inflates_within_the_limit_and_falls_back_on_damage() {
        let text = b"BT /F1 16 Tf (x) Tj ET\n".repeat(5000);
        let packed = flate(zlib(&text));
        let mut u = Unpacker::new();
        let mut out = b"q ".to_vec();
        u.stream(&packed, text.len(), &mut out).expect("fits");
        assert_eq!(&out[2..], &text[..]);
        // The state is reused: a second stream reads the same.
        out.clear();
        u.stream(&packed, text.len(), &mut out).expect("fits");
        assert_eq!(out, text);
        out.clear();
        assert!(u.stream(&packed, text.len() - 1, &mut out).is_err());
        // Cut short, or not zlib at all: what lopdf makes of it (the part that inflates;
        // nothing), not an error.
        let mut cut = zlib(&text);
        cut.truncate(cut.len() / 2);
        for damaged in [flate(cut), flate(b"(a) Tj".to_vec())] {
            out.clear();
            u.stream(&damaged, 1 << 20, &mut out).expect("reads");
            let lopdf = damaged.decompressed_content_with_limit(1 << 20);
            assert_eq!(out, lopdf.expect("lopdf reads"));
            assert!(text.starts_with(&out));
        }
    }
}
