//! An entry as the cache file keeps it: the outcome's bytes compressed with LZ4 block format,
//! `[length before compression: u32 LE][LZ4 block]`. Chinese text in UTF-8 roughly halves,
//! so the cache stays under the corpus's own size (it was 1.4–1.6× before) and a start with the
//! page cache dropped reads half as much; LZ4 decodes at about the speed of a copy.

/// The entry's bytes as written to the file.
pub(super) fn stored(raw: &[u8]) -> Option<Vec<u8>> {
    let len = u32::try_from(raw.len()).ok()?;
    let mut out = len.to_le_bytes().to_vec();
    out.extend(lz4_flex::block::compress(raw));
    Some(out)
}

/// The entry's bytes as [`stored`] took them; None when they do not decompress to the length
/// they claim. A damaged length cannot ask for more than LZ4 can expand to (255 to 1), so a
/// flipped bit never allocates gigabytes.
pub(super) fn unstored(blob: &[u8]) -> Option<Vec<u8>> {
    let (len, body) = blob.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if len > body.len().saturating_mul(255).saturating_add(16) {
        return None;
    }
    // Not zeroed first: the decompressor writes every byte it returns.
    lz4_flex::block::decompress(body, len)
        .ok()
        .filter(|out| out.len() == len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_as_they_went_and_damage_is_refused() {
        let raw = "（责任单位：市卫生健康委、市民政局）"
            .repeat(40)
            .into_bytes();
        let kept = stored(&raw).expect("stored");
        assert!(
            kept.len() < raw.len() / 4,
            "{} of {}",
            kept.len(),
            raw.len()
        );
        assert_eq!(unstored(&kept).as_deref(), Some(&raw[..]));
        assert_eq!(
            unstored(&stored(b"").expect("empty")).as_deref(),
            Some(&b""[..])
        );
        // A length that claims more than the body holds, a cut body, a flipped byte.
        let mut long = kept.clone();
        long[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(unstored(&long), None);
        assert_eq!(unstored(&kept[..kept.len() - 3]), None);
        assert_eq!(unstored(&kept[..3]), None);
        let mut off = kept.clone();
        off[..4].copy_from_slice(&(raw.len() as u32 + 1).to_le_bytes());
        assert_eq!(unstored(&off), None);
    }
}
