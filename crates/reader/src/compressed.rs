//! Bytes compressed with LZ4 block format, `[length before compression: u32 LE][LZ4 block]`:
//! how the cache file keeps an entry, and how a model keeps the texts it seldom shows
//! ([`crate::shared_str`]). Chinese text in UTF-8 roughly halves, so the cache stays under the
//! corpus's own size (it was 1.4–1.6× before) and a start with the page cache dropped reads
//! half as much; LZ4 decodes at about the speed of a copy.

use std::cell::RefCell;

/// `raw` compressed; None past 4 GB.
pub(crate) fn compress(raw: &[u8]) -> Option<Vec<u8>> {
    compressed_with(raw, <[u8]>::to_vec)
}

/// [`compress`], boxed as a closed block keeps it ([`crate::shared_str::BlockText::packed`]).
pub(crate) fn compress_boxed(raw: &[u8]) -> Option<Box<[u8]>> {
    compressed_with(raw, |bytes| Box::from(bytes))
}

/// Inputs shorter than this LZ4 keeps as one run of literals (lz4_flex's `LZ4_MIN_LENGTH`).
const ALL_LITERALS_BELOW: usize = 13;

/// Outputs past this are compressed into a buffer of their own, not kept for the next: a
/// document's paragraphs are some 10 KB compressed.
const SCRATCH_KEPT: usize = 1 << 16;

thread_local! {
    /// Room for the longest output so far on this thread, up to [`SCRATCH_KEPT`], reused: a
    /// buffer made for each call was zeroed first, a byte and a half of work per byte.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// `raw` compressed, `[length][LZ4 block]`, handed to `take` from a buffer of the longest
/// output. The library's `compress` made such a buffer too, then shrank it (a copy), and the
/// length went in front (another), and a model's closed block was a copy of that: four copies
/// of every paragraph a document has, where one now leaves the buffer.
fn compressed_with<T>(raw: &[u8], take: impl FnOnce(&[u8]) -> T) -> Option<T> {
    let len = u32::try_from(raw.len()).ok()?;
    if raw.len() < ALL_LITERALS_BELOW {
        // What the library writes for so few bytes, without the table of 8 KB it allocates
        // and zeroes first.
        let mut out = [0u8; 4 + 1 + ALL_LITERALS_BELOW];
        out[..4].copy_from_slice(&len.to_le_bytes());
        out[4] = (raw.len() as u8) << 4;
        out[5..5 + raw.len()].copy_from_slice(raw);
        return Some(take(&out[..5 + raw.len()]));
    }
    let room = 4 + lz4_flex::block::get_maximum_output_size(raw.len());
    let into = |out: &mut Vec<u8>| {
        if out.len() < room {
            // Grown to the size asked, not doubled: the buffer stays with its thread.
            out.reserve_exact(room - out.len());
            out.resize(room, 0);
        }
        out[..4].copy_from_slice(&len.to_le_bytes());
        let n = lz4_flex::block::compress_into(raw, &mut out[4..]).ok()?;
        Some(take(&out[..4 + n]))
    };
    if room > SCRATCH_KEPT {
        return into(&mut Vec::new());
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut out) => into(&mut out),
        Err(_) => into(&mut Vec::new()),
    })
}

/// The bytes [`compress`] took; None when they do not decompress to the length they claim. A
/// damaged length cannot ask for more than LZ4 can expand to (255 to 1), so a flipped bit
/// never allocates gigabytes.
pub(crate) fn decompress(blob: &[u8]) -> Option<Vec<u8>> {
    let len = claimed_len(blob)?;
    let body = blob.get(4..)?;
    // Not zeroed first: the decompressor writes every byte it returns.
    lz4_flex::block::decompress(body, len)
        .ok()
        .filter(|out| out.len() == len)
}

/// [`decompress`] into `out`, whose memory is reused (a pass that opens thousands of blocks
/// allocates once); false, and `out` empty, when `blob` does not decompress to the length it
/// claims.
pub(crate) fn decompress_into(blob: &[u8], out: &mut Vec<u8>) -> bool {
    let done = claimed_len(blob)
        .zip(blob.get(4..))
        .is_some_and(|(len, body)| {
            // Zeroed only where the buffer grows: the decompressor writes every byte it returns.
            out.resize(len, 0);
            lz4_flex::block::decompress_into(body, out).is_ok_and(|n| n == len)
        });
    if !done {
        out.clear();
    }
    done
}

/// The length `blob` says it decompresses to, when LZ4 could expand its body that far.
pub(crate) fn claimed_len(blob: &[u8]) -> Option<usize> {
    let (len, body) = blob.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    (len <= body.len().saturating_mul(255).saturating_add(16)).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The library's own `compress`, the length in front: what [`compress`] wrote before it
    /// reused its buffer, kept as the oracle of the bytes the cache holds.
    fn oracle(raw: &[u8]) -> Vec<u8> {
        let mut out = (raw.len() as u32).to_le_bytes().to_vec();
        out.extend(lz4_flex::block::compress(raw));
        out
    }

    /// The same bytes as the library's: short inputs written here, and long ones, past the
    /// 64 KB of the smaller table.
    #[test]
    fn the_bytes_are_the_library_s() {
        let pieces = [
            "市",
            "卫生",
            "健康委",
            "、",
            "（一）",
            "a",
            "\n",
            "责任单位：",
            "0",
        ];
        let texts = dutymatrix_base::oracle_texts::every_then_random(
            &pieces,
            3,
            2_000,
            0..400,
            0x5bd1_e995_1234_5678,
        );
        let long = dutymatrix_base::oracle_texts::random_texts(&pieces, 3, 30_000..90_000, 7);
        let huge = long.concat().repeat(3);
        for raw in texts.iter().chain(&long).chain([&huge]).chain(&texts[..50]) {
            let raw = raw.as_bytes();
            assert_eq!(compress(raw).as_deref(), Some(&oracle(raw)[..]), "{raw:?}");
            assert_eq!(compress_boxed(raw).as_deref(), Some(&oracle(raw)[..]));
        }
    }

    #[test]
    fn entries_come_back_as_they_went_and_damage_is_refused() {
        let raw = "（责任单位：市卫生健康委、市民政局）"
            .repeat(40)
            .into_bytes();
        let kept = compress(&raw).expect("stored");
        assert!(
            kept.len() < raw.len() / 4,
            "{} of {}",
            kept.len(),
            raw.len()
        );
        assert_eq!(decompress(&kept).as_deref(), Some(&raw[..]));
        assert_eq!(
            decompress(&compress(b"").expect("empty")).as_deref(),
            Some(&b""[..])
        );
        // A length that claims more than the body holds, a cut body, a flipped byte.
        let mut long = kept.clone();
        long[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decompress(&long), None);
        assert_eq!(decompress(&kept[..kept.len() - 3]), None);
        assert_eq!(decompress(&kept[..3]), None);
        let mut off = kept.clone();
        off[..4].copy_from_slice(&(raw.len() as u32 + 1).to_le_bytes());
        assert_eq!(decompress(&off), None);
        // Into a buffer reused: the same bytes, and damage leaves it empty.
        let mut buf = vec![7u8; 3];
        assert!(decompress_into(&kept, &mut buf));
        assert_eq!(buf, raw);
        assert!(!decompress_into(&off, &mut buf));
        assert!(buf.is_empty());
        assert!(decompress_into(&kept, &mut buf) && buf == raw);
    }
}
