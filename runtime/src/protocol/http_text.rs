//! The text forms of values bound to URI labels, query parameters and headers (Smithy "HTTP
//! binding traits"): every HTTP-binding protocol writes and reads them alike.
//!
//! A value's form is chosen by its JSON codec type, so that generated code names one type per
//! member whatever the location: `true`/`false`, plain decimals, `NaN`/`Infinity`/`-Infinity`,
//! enum values, timestamps in the member's format (the generator resolves the location's
//! default: `http-date` in headers, `date-time` in labels and queries), blobs in base64.

use base64::Engine;

use crate::json::{self, Codec, IntEnum, StringEnum};

/// A codec whose values have a text form in labels, query strings and headers.
pub trait HttpText: Codec {
    /// Whether a header list quotes an element that holds `,` or `"` (strings and enums;
    /// never timestamps, whose http-date form holds a comma of its own).
    const QUOTED_IN_LISTS: bool = false;
    /// How many commas one value's text holds (an http-date has one): a header list is split
    /// after every `COMMAS + 1`-th comma.
    const COMMAS: usize = 0;
    /// The text form.
    fn to_text(value: &Self::Value) -> String;
    /// Reads the text form.
    fn from_text(text: &str) -> Result<Self::Value, String>;
}

impl HttpText for json::Str {
    const QUOTED_IN_LISTS: bool = true;
    fn to_text(value: &String) -> String {
        value.clone()
    }
    fn from_text(text: &str) -> Result<String, String> {
        Ok(text.to_owned())
    }
}

impl<E: StringEnum> HttpText for json::Enum<E> {
    const QUOTED_IN_LISTS: bool = true;
    fn to_text(value: &E) -> String {
        value.as_str().to_owned()
    }
    fn from_text(text: &str) -> Result<E, String> {
        Ok(E::from(text))
    }
}

impl<E: IntEnum> HttpText for json::IntEnumCodec<E> {
    fn to_text(value: &E) -> String {
        value.as_i32().to_string()
    }
    fn from_text(text: &str) -> Result<E, String> {
        text.parse::<i32>().map(E::from).map_err(|e| format!("`{}` is not an integer: {e}", excerpt(text)))
    }
}

macro_rules! display_text {
    ($($codec:ident => $what:literal),* $(,)?) => {$(
        impl HttpText for json::$codec {
            fn to_text(value: &Self::Value) -> String {
                value.to_string()
            }
            fn from_text(text: &str) -> Result<Self::Value, String> {
                text.parse().map_err(|e| format!("`{}` is not {}: {e}", excerpt(text), $what))
            }
        }
    )*};
}

display_text! {
    Bool => "a boolean",
    I8 => "a byte",
    I16 => "a short",
    I32 => "an integer",
    I64 => "a long",
    BigInt => "a big integer",
}

/// `NaN`, `Infinity` and `-Infinity` spelt as Smithy does; other values as Rust prints
/// them (the shortest text that reads back the same value of the type).
fn float_text(value: f64, finite: impl FnOnce() -> String) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value == f64::INFINITY {
        "Infinity".to_owned()
    } else if value == f64::NEG_INFINITY {
        "-Infinity".to_owned()
    } else {
        finite()
    }
}

fn parse_float(text: &str) -> Result<f64, String> {
    match text {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        // Rust reads `inf`, `infinity` and `nan` in any case too, as botocore's `float()` does.
        _ => text.parse().map_err(|e| format!("`{}` is not a number: {e}", excerpt(text))),
    }
}

impl HttpText for json::F64 {
    fn to_text(value: &f64) -> String {
        float_text(*value, || value.to_string())
    }
    fn from_text(text: &str) -> Result<f64, String> {
        parse_float(text)
    }
}

impl HttpText for json::F32 {
    fn to_text(value: &f32) -> String {
        // Printed as an `f32`: widened first, 1.1 would print as 1.100000023841858.
        float_text(f64::from(*value), || value.to_string())
    }
    fn from_text(text: &str) -> Result<f32, String> {
        // As in JSON bodies: a finite value beyond `f32` is an error, not an infinity.
        let value = parse_float(text)?;
        if value.is_finite() && value.abs() > f64::from(f32::MAX) {
            return Err(format!("`{}` is out of range for a 32-bit float", excerpt(text)));
        }
        Ok(value as f32)
    }
}

impl HttpText for json::Blob {
    fn to_text(value: &Vec<u8>) -> String {
        base64::engine::general_purpose::STANDARD.encode(value)
    }
    fn from_text(text: &str) -> Result<Vec<u8>, String> {
        base64::engine::general_purpose::STANDARD.decode(text).map_err(|e| format!("invalid base64: {e}"))
    }
}

impl HttpText for json::EpochSeconds {
    fn to_text(value: &crate::DateTime) -> String {
        crate::time::format_epoch_seconds(value)
    }
    fn from_text(text: &str) -> Result<crate::DateTime, String> {
        let seconds: f64 = text.parse().map_err(|e| format!("`{}` is not epoch seconds: {e}", excerpt(text)))?;
        crate::time::from_epoch_seconds(seconds)
    }
}

impl HttpText for json::DateTime {
    fn to_text(value: &crate::DateTime) -> String {
        crate::time::format_date_time(value)
    }
    fn from_text(text: &str) -> Result<crate::DateTime, String> {
        crate::time::parse_date_time(text)
    }
}

impl HttpText for json::HttpDate {
    const COMMAS: usize = 1;
    fn to_text(value: &crate::DateTime) -> String {
        crate::time::format_http_date(value)
    }
    fn from_text(text: &str) -> Result<crate::DateTime, String> {
        crate::time::parse_http_date(text)
    }
}

/// At most the first 64 characters of `text`, for error messages: a header can be long, an
/// error saying what was wrong should not be.
pub(crate) fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 64;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]).into(),
        None => text.into(),
    }
}

/// Percent-encodes `text` for a URI: everything but `A-Z a-z 0-9 - . _ ~` (and `/` in a greedy
/// label, which spans path segments), from UTF-8, with upper-case hex.
pub fn percent_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') || (keep_slash && byte == b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// One element of a header list: quoted, with `"` and `\` escaped, if it holds a comma or a
/// quote or starts or ends with whitespace (which a reader would trim).
pub fn quote_list_element(text: &str) -> String {
    let needs_quotes = text.contains([',', '"']) || text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace);
    if !needs_quotes {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Splits a header list value at commas outside double quotes, trims each element, and
/// removes the quotes and backslash escapes of quoted ones. `commas` is how many commas one
/// element holds itself (see [`HttpText::COMMAS`]).
pub fn split_list(value: &str, commas: usize) -> Result<Vec<String>, String> {
    let mut raw = Vec::new();
    let (mut current, mut quoted, mut escaped, mut seen_commas) = (String::new(), false, false, 0);
    for c in value.chars() {
        if escaped {
            current.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => {
                current.push(c);
                escaped = true;
            }
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted && seen_commas == commas => {
                raw.push(std::mem::take(&mut current));
                seen_commas = 0;
            }
            ',' if !quoted => {
                seen_commas += 1;
                current.push(c);
            }
            _ => current.push(c),
        }
    }
    if quoted {
        return Err(format!("unterminated quote in header list `{}`", excerpt(value)));
    }
    raw.push(current);
    Ok(raw.iter().map(|element| unquote(element.trim())).collect())
}

fn unquote(element: &str) -> String {
    let Some(inner) = element.strip_prefix('"').and_then(|e| e.strip_suffix('"')) else {
        return element.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encodes_all_but_unreserved() {
        let text = " %:/?#[]@!$&'()*+,;=😹";
        assert_eq!(percent_encode(text, false), "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9");
        assert_eq!(percent_encode("there/guy", true), "there/guy");
        assert_eq!(percent_encode("a-b.c_d~e", false), "a-b.c_d~e");
    }

    #[test]
    fn header_lists_quote_and_split_back() {
        let elements = ["b,c", "\"def\"", "a"];
        let joined = elements.iter().map(|e| quote_list_element(e)).collect::<Vec<_>>().join(", ");
        assert_eq!(joined, r#""b,c", "\"def\"", a"#);
        assert_eq!(split_list(&joined, 0).unwrap(), elements);
        assert!(split_list("\"open", 0).is_err());
    }

    #[test]
    fn http_date_lists_split_after_every_second_comma() {
        let value = "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT";
        assert_eq!(split_list(value, 1).unwrap(), ["Mon, 16 Dec 2019 23:48:18 GMT"; 2]);
    }

    #[test]
    fn floats_print_as_their_type() {
        assert_eq!(json::F32::to_text(&1.1), "1.1");
        assert_eq!(json::F64::to_text(&f64::NEG_INFINITY), "-Infinity");
        assert!(json::F64::from_text("NaN").unwrap().is_nan());
        assert!(json::I32::from_text("x").unwrap_err().contains("`x`"));
        assert!(json::F32::from_text("1e39").unwrap_err().contains("out of range"));
        assert_eq!(json::F32::from_text("-Infinity"), Ok(f32::NEG_INFINITY));
    }

    #[test]
    fn messages_show_an_excerpt_of_long_values() {
        let long = "9".repeat(100_000);
        let message = json::I32::from_text(&long).unwrap_err();
        assert!(message.len() < 200 && message.contains(&format!("`{}…`", &long[..64])), "{message}");
        assert_eq!(excerpt("é".repeat(64).as_str()), "é".repeat(64));
    }
}
