//! Timestamp formats of the Smithy spec: epoch-seconds, date-time and http-date.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// A point in time, as used by every generated timestamp member.
pub type DateTime = OffsetDateTime;

/// 1970-01-01T00:00:00Z, the value a missing required timestamp is corrected to.
pub const EPOCH: DateTime = OffsetDateTime::UNIX_EPOCH;

/// A `@default` timestamp given in epoch seconds.
pub fn default_timestamp(seconds: f64) -> DateTime {
    from_epoch_seconds(seconds).unwrap_or(EPOCH)
}

/// A `@default` timestamp given as text (RFC 3339).
pub fn default_timestamp_text(text: &str) -> DateTime {
    parse_date_time(text).unwrap_or(EPOCH)
}

/// Builds a timestamp from (possibly fractional) Unix seconds.
pub fn from_epoch_seconds(seconds: f64) -> Result<DateTime, String> {
    if !seconds.is_finite() {
        return Err(format!("{seconds} is not a valid epoch-seconds timestamp"));
    }
    // A double holds about 16 significant digits: for present-day seconds that is
    // microseconds, so round the fraction there rather than keep binary noise.
    let whole = seconds.floor();
    if whole.abs() > 1e15 {
        return Err(format!("{seconds} is out of range for a timestamp"));
    }
    let micros = ((seconds - whole) * 1e6).round() as i128;
    let nanos = whole as i128 * 1_000_000_000 + micros * 1000;
    OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .map_err(|e| format!("{seconds} is out of range for a timestamp: {e}"))
}

/// Unix seconds, with milliseconds after a `.` when there are any (`1515531081.123`).
pub fn format_epoch_seconds(value: &DateTime) -> String {
    // Truncate toward zero to whole milliseconds, then print sign and magnitude.
    let millis = value.unix_timestamp_nanos() / 1_000_000;
    let sign = if millis < 0 { "-" } else { "" };
    let (seconds, fraction) = (millis.unsigned_abs() / 1000, millis.unsigned_abs() % 1000);
    if fraction == 0 {
        format!("{sign}{seconds}")
    } else {
        let text = format!("{sign}{seconds}.{fraction:03}");
        text.trim_end_matches('0').to_owned()
    }
}

/// Parses RFC 3339 (`2000-01-02T20:34:56.123Z`, or with an offset) into UTC.
pub fn parse_date_time(text: &str) -> Result<DateTime, String> {
    if let Some(utc) = parse_plain_utc(text.as_bytes()) {
        return Ok(utc);
    }
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|t| t.to_offset(UtcOffset::UTC))
        .map_err(|e| format!("`{}` is not an RFC 3339 date-time: {e}", crate::protocol::http_text::excerpt(text)))
}

/// The shape services send nearly always, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, read without
/// the general RFC 3339 parser (a tenth of the time of decoding a response went there).
/// Anything else, including leap seconds, lowercase `t`/`z` and offsets, is `None` and left
/// to the `time` crate, so both paths accept and produce the same values.
fn parse_plain_utc(text: &[u8]) -> Option<DateTime> {
    let (head, rest) = text.split_at_checked(19)?;
    let fraction = rest.strip_suffix(b"Z")?;
    let digits = |range: std::ops::Range<usize>| {
        head[range].iter().try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    let punctuation = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if punctuation.iter().any(|&(at, byte)| head[at] != byte) {
        return None;
    }
    let nanos = match fraction {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) => {
            let value = digits.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
            value * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let second = digits(17..19)?;
    if second == 60 {
        return None;
    }
    let date = Date::from_calendar_date(
        i32::try_from(digits(0..4)?).ok()?,
        Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?,
        u8::try_from(digits(8..10)?).ok()?,
    )
    .ok()?;
    let time = Time::from_hms_nano(
        u8::try_from(digits(11..13)?).ok()?,
        u8::try_from(digits(14..16)?).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// RFC 3339 in UTC with `Z`, and the fraction of a second when there is one, to the
/// nanosecond with trailing zeros trimmed (`2000-01-02T20:34:56.123Z`): no precision a
/// response carried is lost when it is written back.
pub fn format_date_time(value: &DateTime) -> String {
    let t = value.to_offset(UtcOffset::UTC);
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    match t.nanosecond() {
        0 => format!("{base}Z"),
        nanos => format!("{base}.{}Z", format!("{nanos:09}").trim_end_matches('0')),
    }
}

/// Parses an IMF-fixdate (`Sun, 02 Jan 2000 20:34:56 GMT`); fractional seconds are rejected.
pub fn parse_http_date(text: &str) -> Result<DateTime, String> {
    let invalid = || format!("`{}` is not an HTTP date (expected `Sun, 02 Jan 2000 20:34:56 GMT`)", crate::protocol::http_text::excerpt(text));
    // At most 7 parts: a long header of spaces is no long list.
    let parts: Vec<&str> = text.splitn(7, ' ').collect();
    let [weekday, day, month, year, clock, "GMT"] = parts.as_slice() else {
        return Err(invalid());
    };
    if weekday.len() != 4 || !weekday.ends_with(',') {
        return Err(invalid());
    }
    let month = MONTHS.iter().position(|m| m == month).ok_or_else(invalid)?;
    let number = |s: &str, len: usize| -> Result<u32, String> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| invalid())
        } else {
            Err(invalid())
        }
    };
    let clock: Vec<&str> = clock.split(':').collect();
    let [hour, minute, second] = clock.as_slice() else {
        return Err(invalid());
    };
    let date = Date::from_calendar_date(
        number(year, 4)? as i32,
        Month::try_from(month as u8 + 1).map_err(|_| invalid())?,
        number(day, 2)? as u8,
    )
    .map_err(|e| format!("{}: {e}", invalid()))?;
    let time = Time::from_hms(number(hour, 2)? as u8, number(minute, 2)? as u8, number(second, 2)? as u8)
        .map_err(|e| format!("{}: {e}", invalid()))?;
    Ok(PrimitiveDateTime::new(date, time).assume_utc())
}

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// IMF-fixdate in GMT: `Sun, 02 Jan 2000 20:34:56 GMT`.
pub fn format_http_date(value: &DateTime) -> String {
    let t = value.to_offset(UtcOffset::UTC);
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[t.weekday().number_days_from_monday() as usize],
        t.day(),
        MONTHS[u8::from(t.month()) as usize - 1],
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_round_trip_to_the_millisecond() {
        let t = from_epoch_seconds(1515531081.123).unwrap();
        assert_eq!(format_epoch_seconds(&t), "1515531081.123");
        let whole = from_epoch_seconds(946845296.0).unwrap();
        assert_eq!(format_epoch_seconds(&whole), "946845296");
        assert_eq!(format_epoch_seconds(&from_epoch_seconds(1.5).unwrap()), "1.5");
        assert_eq!(format_epoch_seconds(&from_epoch_seconds(-1.5).unwrap()), "-1.5");
        assert!(from_epoch_seconds(1e300).is_err());
        assert!(from_epoch_seconds(f64::NAN).is_err());
    }

    #[test]
    fn date_time_normalises_offsets_to_utc() {
        let a = parse_date_time("2019-12-16T22:48:18-01:00").unwrap();
        let b = parse_date_time("2019-12-17T00:48:18+01:00").unwrap();
        assert_eq!(a.unix_timestamp(), 1576540098);
        assert_eq!(b.unix_timestamp(), 1576540098);
        let f = parse_date_time("2000-01-02T20:34:56.123Z").unwrap();
        assert_eq!(format_date_time(&f), "2000-01-02T20:34:56.123Z");
        let micro = parse_date_time("2000-01-02T20:34:56.123456Z").unwrap();
        assert_eq!(format_date_time(&micro), "2000-01-02T20:34:56.123456Z");
        assert!(parse_date_time("yesterday").is_err());
    }

    /// The `time` crate's RFC 3339 parser, as `parse_date_time` uses it for what the fast
    /// path leaves.
    fn general(text: &str) -> Option<DateTime> {
        OffsetDateTime::parse(text, &Rfc3339).ok().map(|t| t.to_offset(UtcOffset::UTC))
    }

    #[test]
    fn the_plain_utc_fast_path_agrees_with_the_general_parser() {
        // Valid, invalid and edge-case texts; then every one-byte change of a few of them.
        let mut cases: Vec<String> = [
            "2026-11-26T09:30:00Z",
            "2026-11-26T09:30:00.000Z",
            "2026-11-26T09:30:00.1Z",
            "2026-11-26T09:30:00.123456789Z",
            "2026-11-26T09:30:00.1234567890Z",
            "2026-11-26T09:30:00.Z",
            "2024-02-29T23:59:59.999Z",
            "2023-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z",
            "2026-12-00T00:00:00Z",
            "2026-12-31T24:00:00Z",
            "2026-12-31T23:60:00Z",
            "2016-12-31T23:59:60Z",
            "2026-12-31T23:59:61Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2026-11-26t09:30:00z",
            "2026-11-26 09:30:00Z",
            "2026-11-26T09:30:00+00:00",
            "2026-11-26T09:30:00-01:30",
            "2026-11-26T09:30Z",
            "+2026-11-26T09:30:00Z",
            "2026-1-26T09:30:00Z",
            "2026-11-26T09:30:00ZZ",
            "",
            "Z",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for seed in ["2026-11-26T09:30:00Z", "2024-02-29T23:59:59.5Z"] {
            for at in 0..seed.len() {
                for byte in [b'0', b'9', b'5', b'-', b':', b'T', b'Z', b'.', b'x', b' '] {
                    let mut bytes = seed.as_bytes().to_vec();
                    bytes[at] = byte;
                    cases.push(String::from_utf8(bytes).unwrap());
                }
            }
        }
        let mut fast = 0;
        for text in &cases {
            let ours = parse_date_time(text).ok();
            assert_eq!(ours, general(text), "{text:?}");
            if parse_plain_utc(text.as_bytes()).is_some() {
                fast += 1;
            }
        }
        // The fast path is really taken (and never where the general parser disagrees).
        assert!(fast > 50, "{fast} of {} cases took the fast path", cases.len());
    }

    #[test]
    fn http_date_round_trips() {
        let t = parse_http_date("Sun, 02 Jan 2000 20:34:56 GMT").unwrap();
        assert_eq!(t.unix_timestamp(), 946845296);
        assert_eq!(format_http_date(&t), "Sun, 02 Jan 2000 20:34:56 GMT");
        assert!(parse_http_date("Sun, 02 Jan 2000 20:34:56.123 GMT").is_err());
    }
}
