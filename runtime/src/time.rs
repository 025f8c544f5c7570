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
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|t| t.to_offset(UtcOffset::UTC))
        .map_err(|e| format!("`{text}` is not an RFC 3339 date-time: {e}"))
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
    let invalid = || format!("`{text}` is not an HTTP date (expected `Sun, 02 Jan 2000 20:34:56 GMT`)");
    let parts: Vec<&str> = text.split(' ').collect();
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

    #[test]
    fn http_date_round_trips() {
        let t = parse_http_date("Sun, 02 Jan 2000 20:34:56 GMT").unwrap();
        assert_eq!(t.unix_timestamp(), 946845296);
        assert_eq!(format_http_date(&t), "Sun, 02 Jan 2000 20:34:56 GMT");
        assert!(parse_http_date("Sun, 02 Jan 2000 20:34:56.123 GMT").is_err());
    }
}
