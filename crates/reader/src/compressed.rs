//! Bytes compressed with LZ4 block format, `[length before compression: u32 LE][LZ4 block]`:
//! how the cache file keeps an entry, and how a model keeps the texts it seldom shows
//! ([`crate::shared_str`]). Chinese text in UTF-8 roughly halves, so the cache stays under the
//! corpus's own size (it was 1.4–1.6× before) and a start with the page cache dropped reads
//! half as much; LZ4 decodes at about the speed of a copy.

/// `raw` compressed; None past 4 GB.
pub(crate) fn compress(raw: &[u8]) -> Option<Vec<u8>> {
    let len = u32::try_from(raw.len()).ok()?;
    let mut out = len.to_le_bytes().to_vec();
    out.extend(lz4_flex::block::compress(raw));
    Some(out)
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
