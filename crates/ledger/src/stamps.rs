//! The times and dates a ledger stores as text (SQLite; the rows `ledger import` copies), read
//! back. A whole read at 1,000,000 rows parses 100,000 of each: the shape every ledger writes
//! (`2025-01-11T04:45:08.000Z`, `2025-06-30`) is read digit by digit, anything else by chrono.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// A stored time (RFC 3339); the epoch when it is not one, as it always was.
pub(crate) fn time(at: &str) -> DateTime<Utc> {
    written_time(at.as_bytes()).unwrap_or_else(|| {
        DateTime::parse_from_rfc3339(at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    })
}

/// A stored date (`YYYY-MM-DD`), or None.
pub(crate) fn date(d: &str) -> Option<NaiveDate> {
    match written_date(d.as_bytes()) {
        Some(day) => Some(day),
        None => d.parse().ok(),
    }
}

/// `YYYY-MM-DD`, exactly.
pub(crate) fn written_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, exactly, as `SecondsFormat::Millis` writes it in UTC. A leap
/// second (`:60`) is left to chrono, which reads it its own way.
pub(crate) fn written_time(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() != 24 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'.' {
        return None;
    }
    if b[23] != b'Z' {
        return None;
    }
    let day = written_date(&b[..10])?;
    let time = NaiveTime::from_hms_milli_opt(
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
        digits(&b[20..23])?,
    )?;
    Some(day.and_time(time).and_utc())
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape read digit by digit gives what chrono gives, and anything else still reads.
    #[test]
    fn written_shapes_read_as_chrono_reads_them() {
        for at in [
            "2025-01-11T04:45:08.000Z",
            "2026-12-05T23:59:59.999Z",
            "2024-02-29T00:00:00.001Z",
            "2025-01-11T04:45:08Z",
            "2025-01-11T12:45:08.5+08:00",
            "2016-12-31T23:59:60.000Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(at).map(|t| t.with_timezone(&Utc));
            assert_eq!(time(at), chrono.unwrap_or_default(), "{at}");
        }
        assert!(written_time(b"2025-01-11T04:45:08.000Z").is_some());
        assert_eq!(time("2025-13-11T04:45:08.000Z"), DateTime::<Utc>::default());
        assert_eq!(time("not a time"), DateTime::<Utc>::default());
        assert_eq!(date("2025-06-30"), NaiveDate::from_ymd_opt(2025, 6, 30));
        assert_eq!(date("2025-02-30"), None);
        assert_eq!(date("2025-6-30"), "2025-6-30".parse().ok());
        assert_eq!(date("+2025-06-30"), "+2025-06-30".parse().ok());
        assert_eq!(date(""), None);
    }
}
