//! Codecs: how one kind of Smithy value is read from and written to JSON.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use base64::Engine as _;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::de::{CodecSeed, Key, Members, OptionSeed, PathSegment, Trail};
use super::ser::JsonWriter;

/// One kind of value on the wire, and its Rust type. Implemented by zero-sized markers,
/// which read through [`Decode`] and write through [`Encode`]: a client reads only what
/// responses hold and writes only what requests hold, so a generated shape implements the
/// directions its operations use.
pub trait Codec {
    /// The Rust type of the value.
    type Value;
}

/// Reads one kind of value.
pub trait Decode: Codec {
    /// Reads a value; on error inside a nested value the trail says where.
    fn de<'de, D: Deserializer<'de>>(d: D, trail: &mut Trail) -> Result<Self::Value, D::Error>;
}

/// Writes one kind of value.
pub trait Encode: Codec {
    /// Writes a value.
    fn ser(value: &Self::Value, w: &mut JsonWriter);
}

/// A generated structure or union that responses hold: read from a JSON object.
pub trait DeserializeShape: Sized {
    /// Reads the members of the object, positioned at its first key.
    fn de_members<'de, A: MapAccess<'de>>(object: Members<'_, A>) -> Result<Self, A::Error>;
}

/// A generated structure or union that requests hold: written as a JSON object.
pub trait SerializeShape {
    /// Writes the whole object, braces included.
    fn ser(&self, w: &mut JsonWriter);
}

/// A generated string enum: open, so unknown values are kept.
pub trait StringEnum: for<'a> From<&'a str> {
    /// The wire value.
    fn as_str(&self) -> &str;
}

/// A generated intEnum: open, so unknown values are kept.
pub trait IntEnum: From<i32> {
    /// The wire value.
    fn as_i32(&self) -> i32;
}

/// Map keys: strings, or string enums.
pub trait MapKey: Ord + Sized {
    /// Builds a key from its wire form.
    fn from_wire(s: &str) -> Self;
    /// The wire form.
    fn wire(&self) -> &str;
}

/// A string enum is a map key by its wire value.
impl<T: StringEnum + Ord> MapKey for T {
    fn from_wire(s: &str) -> Self {
        T::from(s)
    }
    fn wire(&self) -> &str {
        self.as_str()
    }
}

/// The impls every generated string enum has beyond its own `as_str`, `values` and
/// `From<&str>`, which they call: `FromStr`, `AsRef<str>`, `Display` and [`StringEnum`]
/// (which makes it a [`MapKey`] too). `string_enum_impls!(Color)`.
#[macro_export]
macro_rules! string_enum_impls {
    ($ty:ty) => {
        impl ::core::str::FromStr for $ty {
            type Err = ::core::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(value))
            }
        }
        impl ::core::convert::AsRef<str> for $ty {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::core::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::json::StringEnum for $ty {
            #[inline]
            fn as_str(&self) -> &str {
                self.as_str()
            }
        }
    };
}

impl MapKey for String {
    fn from_wire(s: &str) -> Self {
        s.to_owned()
    }
    fn wire(&self) -> &str {
        self
    }
}

macro_rules! expecting {
    ($text:expr) => {
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str($text)
        }
    };
}

/// A structure or union shape.
pub struct Shape<T>(PhantomData<T>);

impl<T> Codec for Shape<T> {
    type Value = T;
}

impl<T: DeserializeShape> Decode for Shape<T> {
    fn de<'de, D: Deserializer<'de>>(d: D, trail: &mut Trail) -> Result<T, D::Error> {
        struct ShapeVisitor<'t, T>(&'t mut Trail, PhantomData<T>);
        impl<'de, T: DeserializeShape> Visitor<'de> for ShapeVisitor<'_, T> {
            type Value = T;
            expecting!("a JSON object");
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::de_members(Members::new(map, self.0))
            }
        }
        d.deserialize_map(ShapeVisitor::<T>(trail, PhantomData))
    }
}

impl<T: SerializeShape> Encode for Shape<T> {
    fn ser(value: &T, w: &mut JsonWriter) {
        value.ser(w);
    }
}

/// `smithy.api#String`.
pub struct Str;

impl Codec for Str {
    type Value = String;
}

impl Decode for Str {
    fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<String, D::Error> {
        de::Deserialize::deserialize(d)
    }
}

impl Encode for Str {
    fn ser(value: &String, w: &mut JsonWriter) {
        w.string(value);
    }
}

/// A string enum shape.
pub struct Enum<E>(PhantomData<E>);

impl<E> Codec for Enum<E> {
    type Value = E;
}

impl<E: StringEnum> Decode for Enum<E> {
    fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<E, D::Error> {
        let key: Key<'de> = de::Deserialize::deserialize(d)?;
        Ok(E::from(&*key))
    }
}

impl<E: StringEnum> Encode for Enum<E> {
    fn ser(value: &E, w: &mut JsonWriter) {
        w.string(value.as_str());
    }
}

/// An intEnum shape.
pub struct IntEnumCodec<E>(PhantomData<E>);

impl<E> Codec for IntEnumCodec<E> {
    type Value = E;
}

impl<E: IntEnum> Decode for IntEnumCodec<E> {
    fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<E, D::Error> {
        let v: i32 = de::Deserialize::deserialize(d)?;
        Ok(E::from(v))
    }
}

impl<E: IntEnum> Encode for IntEnumCodec<E> {
    fn ser(value: &E, w: &mut JsonWriter) {
        w.raw_display(value.as_i32());
    }
}

macro_rules! number_codec {
    ($(#[$doc:meta] $name:ident => $ty:ty),* $(,)?) => {$(
        #[$doc]
        pub struct $name;
        impl Codec for $name {
            type Value = $ty;
        }

        impl Decode for $name {
            fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<$ty, D::Error> {
                de::Deserialize::deserialize(d)
            }
        }

        impl Encode for $name {
            fn ser(value: &$ty, w: &mut JsonWriter) {
                w.raw_display(value);
            }
        }
    )*};
}

number_codec! {
    /// `smithy.api#Boolean`.
    Bool => bool,
    /// `smithy.api#Byte`.
    I8 => i8,
    /// `smithy.api#Short`.
    I16 => i16,
    /// `smithy.api#Integer`.
    I32 => i32,
    /// `smithy.api#Long`.
    I64 => i64,
    /// `smithy.api#BigInteger`, limited to the range of `i128`.
    BigInt => i128,
}

/// Floats: JSON numbers, or the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    expecting!("a number or one of \"NaN\", \"Infinity\", \"-Infinity\"");
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
        }
    }
}

fn write_float(value: f64, w: &mut JsonWriter) {
    if value.is_nan() {
        w.string("NaN");
    } else if value == f64::INFINITY {
        w.string("Infinity");
    } else if value == f64::NEG_INFINITY {
        w.string("-Infinity");
    } else {
        w.float(value);
    }
}

/// `smithy.api#Double` (and `BigDecimal`, read as the nearest `f64`).
pub struct F64;

impl Codec for F64 {
    type Value = f64;
}

impl Decode for F64 {
    fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<f64, D::Error> {
        d.deserialize_any(FloatVisitor)
    }
}

impl Encode for F64 {
    fn ser(value: &f64, w: &mut JsonWriter) {
        write_float(*value, w);
    }
}

/// `smithy.api#Float`.
pub struct F32;

impl Codec for F32 {
    type Value = f32;
}

impl Decode for F32 {
    fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<f32, D::Error> {
        let v = d.deserialize_any(FloatVisitor)?;
        if v.is_finite() && v.abs() > f64::from(f32::MAX) {
            return Err(de::Error::custom(format!("{v} is out of range for a 32-bit float")));
        }
        Ok(v as f32)
    }
}

impl Encode for F32 {
    fn ser(value: &f32, w: &mut JsonWriter) {
        if value.is_finite() {
            w.float32(*value);
        } else {
            write_float(f64::from(*value), w);
        }
    }
}

/// `smithy.api#Blob`: base64 with the standard alphabet and padding.
pub struct Blob;

impl Codec for Blob {
    type Value = Vec<u8>;
}

impl Decode for Blob {
    fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<Vec<u8>, D::Error> {
        let text: Key<'de> = de::Deserialize::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map_err(|e| de::Error::custom(format!("invalid base64: {e}")))
    }
}

impl Encode for Blob {
    fn ser(value: &Vec<u8>, w: &mut JsonWriter) {
        w.string(&base64::engine::general_purpose::STANDARD.encode(value));
    }
}

/// `smithy.api#Document`: any JSON value.
pub struct Document;

impl Codec for Document {
    type Value = serde_json::Value;
}

impl Decode for Document {
    fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<serde_json::Value, D::Error> {
        de::Deserialize::deserialize(d)
    }
}

impl Encode for Document {
    fn ser(value: &serde_json::Value, w: &mut JsonWriter) {
        w.document(value);
    }
}

/// A dense list: `null` elements are an error, never silently dropped.
pub struct List<C>(PhantomData<C>);

/// A `@sparse` list: `null` elements are kept as `None`.
pub struct SparseList<C>(PhantomData<C>);

macro_rules! list_codec {
    ($name:ident, $elem:ty, $seed:ident, $expect:expr) => {
        impl<C: Codec> Codec for $name<C> {
            type Value = Vec<$elem>;
        }

        impl<C: Decode> Decode for $name<C> {
            fn de<'de, D: Deserializer<'de>>(d: D, trail: &mut Trail) -> Result<Self::Value, D::Error> {
                struct SeqVisitor<'t, C>(&'t mut Trail, PhantomData<C>);
                impl<'de, C: Decode> Visitor<'de> for SeqVisitor<'_, C> {
                    type Value = Vec<$elem>;
                    expecting!($expect);
                    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                        loop {
                            let index = out.len();
                            match seq.next_element_seed($seed::<C>(self.0, PhantomData)) {
                                Ok(Some(v)) => out.push(v),
                                Ok(None) => return Ok(out),
                                Err(e) => {
                                    self.0.push(PathSegment::Index(index));
                                    return Err(e);
                                }
                            }
                        }
                    }
                }
                d.deserialize_seq(SeqVisitor::<C>(trail, PhantomData))
            }
        }

        impl<C: Encode> Encode for $name<C> {
            fn ser(value: &Self::Value, w: &mut JsonWriter) {
                w.begin_array();
                for item in value {
                    w.element();
                    list_codec!(@write $seed, C, item, w);
                }
                w.end_array();
            }
        }
    };
    (@write CodecSeed, $c:ty, $item:ident, $w:ident) => { <$c>::ser($item, $w) };
    (@write OptionSeed, $c:ty, $item:ident, $w:ident) => {
        match $item {
            Some(v) => <$c>::ser(v, $w),
            None => $w.null(),
        }
    };
}

list_codec!(List, C::Value, CodecSeed, "a JSON array");
list_codec!(SparseList, Option<C::Value>, OptionSeed, "a JSON array");

/// A dense map with string (or string enum) keys: `null` values are an error.
pub struct Map<K, C>(PhantomData<(K, C)>);

/// A `@sparse` map: `null` values are kept as `None`.
pub struct SparseMap<K, C>(PhantomData<(K, C)>);

macro_rules! map_codec {
    ($name:ident, $val:ty, $seed:ident) => {
        impl<K, C: Codec> Codec for $name<K, C> {
            type Value = BTreeMap<K, $val>;
        }

        impl<K: MapKey, C: Decode> Decode for $name<K, C> {
            fn de<'de, D: Deserializer<'de>>(d: D, trail: &mut Trail) -> Result<Self::Value, D::Error> {
                struct MapVisitor<'t, K, C>(&'t mut Trail, PhantomData<(K, C)>);
                impl<'de, K: MapKey, C: Decode> Visitor<'de> for MapVisitor<'_, K, C> {
                    type Value = BTreeMap<K, $val>;
                    expecting!("a JSON object");
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        let mut out = BTreeMap::new();
                        while let Some(key) = map.next_key::<Key<'de>>()? {
                            match map.next_value_seed($seed::<C>(self.0, PhantomData)) {
                                Ok(v) => {
                                    out.insert(K::from_wire(&key), v);
                                }
                                Err(e) => {
                                    self.0.push(PathSegment::Key(key.0.into_owned()));
                                    return Err(e);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(MapVisitor::<K, C>(trail, PhantomData))
            }
        }

        impl<K: MapKey, C: Encode> Encode for $name<K, C> {
            fn ser(value: &Self::Value, w: &mut JsonWriter) {
                w.begin_object();
                for (k, v) in value {
                    w.key(k.wire());
                    list_codec!(@write $seed, C, v, w);
                }
                w.end_object();
            }
        }
    };
}

map_codec!(Map, C::Value, CodecSeed);
map_codec!(SparseMap, Option<C::Value>, OptionSeed);

/// Timestamps written as `epoch-seconds`: a JSON number, fractional to the millisecond.
/// Read in any form (see `AnyTimestamp`), as are the other two.
pub struct EpochSeconds;

/// Timestamps written as `date-time`: RFC 3339, in UTC with `Z`.
pub struct DateTime;

/// Timestamps written as `http-date`: IMF-fixdate, `Sun, 02 Jan 2000 20:34:56 GMT`.
pub struct HttpDate;

impl Codec for EpochSeconds {
    type Value = crate::DateTime;
}

impl Decode for EpochSeconds {
    fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<Self::Value, D::Error> {
        d.deserialize_any(AnyTimestamp { parse_text: crate::time::parse_date_time })
    }
}

/// Reads a response timestamp in any form a service sends, whatever the model's
/// `@timestampFormat` says, as botocore reads them (services do send other formats than
/// modelled): a number of epoch seconds, or a string holding epoch seconds, an RFC 3339
/// date-time or an HTTP date. `parse_text` is tried first for strings (the modelled text
/// form); requests are always written exactly as modelled.
struct AnyTimestamp {
    parse_text: fn(&str) -> Result<crate::DateTime, String>,
}

impl AnyTimestamp {
    fn parse_str(&self, text: &str) -> Result<crate::DateTime, String> {
        (self.parse_text)(text)
            .or_else(|modelled| {
                let trimmed = text.trim();
                let looks_numeric = !trimmed.is_empty()
                    && trimmed.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
                match trimmed.parse::<f64>() {
                    Ok(seconds) if looks_numeric => crate::time::from_epoch_seconds(seconds),
                    _ => Err(modelled),
                }
            })
            .or_else(|e| crate::time::parse_date_time(text).map_err(|_| e))
            .or_else(|e| crate::time::parse_http_date(text).map_err(|_| e))
            .map_err(|e| format!("{e}; nor is it a timestamp in epoch seconds or an HTTP date"))
    }
}

impl Visitor<'_> for AnyTimestamp {
    type Value = crate::DateTime;
    expecting!("a timestamp (epoch seconds, an RFC 3339 date-time or an HTTP date)");
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        crate::time::from_epoch_seconds(v as f64).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        crate::time::from_epoch_seconds(v as f64).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        crate::time::from_epoch_seconds(v).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.parse_str(v).map_err(E::custom)
    }
}

impl Encode for EpochSeconds {
    fn ser(value: &Self::Value, w: &mut JsonWriter) {
        w.raw(&crate::time::format_epoch_seconds(value));
    }
}

macro_rules! text_timestamp_codec {
    ($name:ident, $parse:path, $format:path) => {
        impl Codec for $name {
            type Value = crate::DateTime;
        }

        impl Decode for $name {
            fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<Self::Value, D::Error> {
                d.deserialize_any(AnyTimestamp { parse_text: $parse })
            }
        }

        impl Encode for $name {
            fn ser(value: &Self::Value, w: &mut JsonWriter) {
                w.string(&$format(value));
            }
        }
    };
}

text_timestamp_codec!(
    DateTime,
    crate::time::parse_date_time,
    crate::time::format_date_time
);
text_timestamp_codec!(
    HttpDate,
    crate::time::parse_http_date,
    crate::time::format_http_date
);

/// A boxed value (members that make a type recursive).
pub struct Boxed<C>(PhantomData<C>);

impl<C: Codec> Codec for Boxed<C> {
    type Value = Box<C::Value>;
}

impl<C: Decode> Decode for Boxed<C> {
    fn de<'de, D: Deserializer<'de>>(d: D, trail: &mut Trail) -> Result<Self::Value, D::Error> {
        C::de(d, trail).map(Box::new)
    }
}

impl<C: Encode> Encode for Boxed<C> {
    fn ser(value: &Self::Value, w: &mut JsonWriter) {
        C::ser(value, w);
    }
}

/// A union member targeting `smithy.api#Unit`: `{}` on the wire.
pub struct Unit;

impl Codec for Unit {
    type Value = ();
}

impl Decode for Unit {
    fn de<'de, D: Deserializer<'de>>(d: D, _: &mut Trail) -> Result<(), D::Error> {
        de::Deserialize::deserialize(d).map(|de::IgnoredAny| ())
    }
}

impl Encode for Unit {
    fn ser(_: &(), w: &mut JsonWriter) {
        w.begin_object();
        w.end_object();
    }
}

/// A generated error structure: its members come from the body, its metadata from the
/// protocol.
pub trait ModeledError: DeserializeShape {
    /// Stores code, message, request id and status.
    fn set_meta(&mut self, meta: crate::ErrorMetadata);
}

/// Reads a modeled error from an error response body (empty bodies read as `{}`).
pub fn parse_error<E: ModeledError>(body: &[u8], meta: crate::ErrorMetadata) -> Result<E, super::DeserializeError> {
    let mut error: E = super::from_slice(body)?;
    error.set_meta(meta);
    Ok(error)
}

/// Serializes a shape into a request body.
pub fn to_vec<T: SerializeShape>(value: &T) -> Vec<u8> {
    let mut w = JsonWriter::new();
    value.ser(&mut w);
    w.finish()
}

/// A `@default` blob value: the model writes it in base64.
pub fn default_blob(base64_text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(base64_text).unwrap_or_default()
}

/// A `@default` document value, from its JSON text.
pub fn default_document(json_text: &str) -> serde_json::Value {
    serde_json::from_str(json_text).unwrap_or(serde_json::Value::Null)
}

impl JsonWriter {
    /// Writes `"name": value` with codec `C`.
    pub fn member<C: Encode>(&mut self, name: &str, value: &C::Value) {
        self.key(name);
        C::ser(value, self);
    }

    /// Writes `"name": value` if the value is set; unset members are omitted, never `null`.
    pub fn optional<C: Encode>(&mut self, name: &str, value: &Option<C::Value>) {
        if let Some(value) = value {
            self.member::<C>(name, value);
        }
    }
}
