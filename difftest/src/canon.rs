//! Two small traits implemented for the types of both clients, member by member:
//!
//! - [`FromParams`] fills a client's builders from a params value (member names as keys);
//! - [`Canon`] turns a parsed value into a canonical JSON value (member names as keys,
//!   unset members left out, timestamps as epoch nanoseconds, enums as their wire values),
//!   so results of the two clients compare as values.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Number, Value};

/// A canonical form of a parsed value.
pub trait Canon {
    /// The canonical JSON value (`Null` for "not set").
    fn canon(&self) -> Value;
}

/// A value built from a params value.
pub trait FromParams: Sized {
    /// Builds the value, or says why the client's builder refused it.
    fn from_params(v: &Value) -> Result<Self, String>;
}

/// The member `key` of a params object, converted.
pub fn opt<T: FromParams>(v: &Value, key: &str) -> Result<Option<T>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => T::from_params(x).map(Some),
    }
}

/// The result of a builder's `build()`, fallible or not.
pub trait Built<T> {
    /// The built value, or the builder's error as text.
    fn into_built(self) -> Result<T, String>;
}

impl<T> Built<T> for Result<T, aws_smithy_types::error::operation::BuildError> {
    fn into_built(self) -> Result<T, String> {
        self.map_err(|e| format!("official BuildError: {e}"))
    }
}

impl<T> Built<T> for Result<T, awsgen_runtime::BuildError> {
    fn into_built(self) -> Result<T, String> {
        self.map_err(|e| format!("awsgen BuildError: {e}"))
    }
}

/// Inserts `value` under `key` unless it is `Null`.
pub fn put(map: &mut Map<String, Value>, key: &str, value: Value) {
    if !value.is_null() {
        map.insert(key.to_owned(), value);
    }
}

/// Epoch nanoseconds as text: the canonical timestamp.
pub fn instant(nanos: i128) -> Value {
    Value::String(format!("@{nanos}"))
}

impl Canon for String {
    fn canon(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Canon for i32 {
    fn canon(&self) -> Value {
        Value::from(*self)
    }
}

macro_rules! numbers {
    ($($ty:ty => $wide:ty),* $(,)?) => {
        $(
            impl Canon for $ty {
                fn canon(&self) -> Value {
                    Value::from(<$wide>::from(*self))
                }
            }
            impl FromParams for $ty {
                fn from_params(v: &Value) -> Result<Self, String> {
                    v.as_i64()
                        .and_then(|n| <$ty>::try_from(n).ok())
                        .ok_or_else(|| format!(concat!("expected an ", stringify!($ty), ", got {}"), v))
                }
            }
        )*
    };
}

numbers!(i8 => i64, i16 => i64, i64 => i64, u8 => u64);

impl Canon for f64 {
    fn canon(&self) -> Value {
        Number::from_f64(*self).map_or_else(|| Value::String(format!("non-finite {self}")), Value::Number)
    }
}

impl Canon for f32 {
    fn canon(&self) -> Value {
        f64::from(*self).canon()
    }
}

impl FromParams for f64 {
    fn from_params(v: &Value) -> Result<Self, String> {
        v.as_f64()
            .ok_or_else(|| format!("expected a number, got {v}"))
    }
}

impl FromParams for f32 {
    fn from_params(v: &Value) -> Result<Self, String> {
        // params hold f32 values exactly (see `gen`)
        f64::from_params(v).map(|f| f as f32)
    }
}

impl<T: Canon> Canon for Box<T> {
    fn canon(&self) -> Value {
        (**self).canon()
    }
}

impl<T: FromParams> FromParams for Box<T> {
    fn from_params(v: &Value) -> Result<Self, String> {
        T::from_params(v).map(Box::new)
    }
}

/// Blobs: a list of byte values (ours are `Vec<u8>`).
impl Canon for aws_smithy_types::Blob {
    fn canon(&self) -> Value {
        self.as_ref().to_vec().canon()
    }
}

impl FromParams for aws_smithy_types::Blob {
    fn from_params(v: &Value) -> Result<Self, String> {
        Vec::<u8>::from_params(v).map(Self::new)
    }
}

/// Streaming payloads: a list of byte values, sent from memory.
impl FromParams for aws_smithy_types::byte_stream::ByteStream {
    fn from_params(v: &Value) -> Result<Self, String> {
        Vec::<u8>::from_params(v).map(Self::from)
    }
}

impl FromParams for awsgen_runtime::body::ByteStream {
    fn from_params(v: &Value) -> Result<Self, String> {
        Vec::<u8>::from_params(v).map(Self::new)
    }
}

/// Params timestamps are epoch seconds with up to nine decimals (see `gen`), read from
/// their decimal text (`-1.5`, `1e-6`) so that no float rounding enters.
pub fn epoch_nanos(v: &Value) -> Result<i128, String> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        other => return Err(format!("expected epoch seconds, got {other}")),
    };
    let bad = || format!("bad epoch seconds {text}");
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().map_err(|_| bad())?),
        None => (text.as_str(), 0),
    };
    let negative = mantissa.starts_with('-');
    let (whole, frac) = mantissa
        .trim_start_matches('-')
        .split_once('.')
        .unwrap_or((mantissa.trim_start_matches('-'), ""));
    let digits: i128 = format!("{whole}{frac}").parse().map_err(|_| bad())?;
    // value = digits * 10^(exponent - frac.len()); in nanoseconds, times 10^9
    let shift = exponent + 9 - frac.len() as i32;
    let nanos = if shift >= 0 {
        10i128
            .checked_pow(shift as u32)
            .and_then(|p| digits.checked_mul(p))
            .ok_or_else(bad)?
    } else {
        let p = 10i128.checked_pow((-shift) as u32).ok_or_else(bad)?;
        if digits % p != 0 {
            return Err(format!("{text}: finer than a nanosecond"));
        }
        digits / p
    };
    Ok(if negative { -nanos } else { nanos })
}

impl FromParams for aws_smithy_types::DateTime {
    fn from_params(v: &Value) -> Result<Self, String> {
        let nanos = epoch_nanos(v)?;
        let secs = i64::try_from(nanos.div_euclid(1_000_000_000)).map_err(|e| e.to_string())?;
        Ok(Self::from_secs_and_nanos(secs, nanos.rem_euclid(1_000_000_000) as u32))
    }
}

impl FromParams for time::OffsetDateTime {
    fn from_params(v: &Value) -> Result<Self, String> {
        Self::from_unix_timestamp_nanos(epoch_nanos(v)?).map_err(|e| e.to_string())
    }
}

impl Canon for bool {
    fn canon(&self) -> Value {
        Value::Bool(*self)
    }
}

impl<T: Canon> Canon for Option<T> {
    fn canon(&self) -> Value {
        self.as_ref().map_or(Value::Null, Canon::canon)
    }
}

impl<T: Canon> Canon for Vec<T> {
    fn canon(&self) -> Value {
        Value::Array(self.iter().map(Canon::canon).collect())
    }
}

/// A map key's text: a string, or a string enum's value.
fn key_text<K: Canon>(key: &K) -> String {
    match key.canon() {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

impl<K: Canon, T: Canon> Canon for HashMap<K, T> {
    fn canon(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (key_text(k), v.canon())).collect())
    }
}

impl<K: Canon, T: Canon> Canon for BTreeMap<K, T> {
    fn canon(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (key_text(k), v.canon())).collect())
    }
}

impl Canon for aws_smithy_types::DateTime {
    fn canon(&self) -> Value {
        instant(i128::from(self.secs()) * 1_000_000_000 + i128::from(self.subsec_nanos()))
    }
}

impl Canon for time::OffsetDateTime {
    fn canon(&self) -> Value {
        instant(self.unix_timestamp_nanos())
    }
}

/// Documents: `serde_json::Value` (ours) as is.
impl Canon for Value {
    fn canon(&self) -> Value {
        self.clone()
    }
}

impl Canon for aws_smithy_types::Document {
    fn canon(&self) -> Value {
        use aws_smithy_types::Document as D;
        match self {
            D::Null => Value::Null,
            D::Bool(b) => Value::Bool(*b),
            D::String(s) => Value::String(s.clone()),
            D::Number(aws_smithy_types::Number::PosInt(n)) => Value::from(*n),
            D::Number(aws_smithy_types::Number::NegInt(n)) => Value::from(*n),
            D::Number(aws_smithy_types::Number::Float(f)) => Number::from_f64(*f)
                .map_or_else(|| Value::String(format!("non-finite {f}")), Value::Number),
            D::Array(items) => Value::Array(items.iter().map(Canon::canon).collect()),
            D::Object(obj) => {
                Value::Object(obj.iter().map(|(k, v)| (k.clone(), v.canon())).collect())
            }
        }
    }
}

impl FromParams for String {
    fn from_params(v: &Value) -> Result<Self, String> {
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("expected a string, got {v}"))
    }
}

impl FromParams for i32 {
    fn from_params(v: &Value) -> Result<Self, String> {
        v.as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .ok_or_else(|| format!("expected an i32, got {v}"))
    }
}

impl FromParams for bool {
    fn from_params(v: &Value) -> Result<Self, String> {
        v.as_bool()
            .ok_or_else(|| format!("expected a bool, got {v}"))
    }
}

impl<T: FromParams> FromParams for Vec<T> {
    fn from_params(v: &Value) -> Result<Self, String> {
        v.as_array()
            .ok_or_else(|| format!("expected a list, got {v}"))?
            .iter()
            .map(T::from_params)
            .collect()
    }
}

impl<K: FromParams + Eq + std::hash::Hash, T: FromParams> FromParams for HashMap<K, T> {
    fn from_params(v: &Value) -> Result<Self, String> {
        let obj = v
            .as_object()
            .ok_or_else(|| format!("expected a map, got {v}"))?;
        obj.iter()
            .map(|(k, v)| Ok((K::from_params(&Value::String(k.clone()))?, T::from_params(v)?)))
            .collect()
    }
}

impl<K: FromParams + Ord, T: FromParams> FromParams for BTreeMap<K, T> {
    fn from_params(v: &Value) -> Result<Self, String> {
        let obj = v
            .as_object()
            .ok_or_else(|| format!("expected a map, got {v}"))?;
        obj.iter()
            .map(|(k, v)| Ok((K::from_params(&Value::String(k.clone()))?, T::from_params(v)?)))
            .collect()
    }
}

/// Documents: ours are `serde_json::Value`.
impl FromParams for Value {
    fn from_params(v: &Value) -> Result<Self, String> {
        Ok(v.clone())
    }
}

impl FromParams for aws_smithy_types::Document {
    fn from_params(v: &Value) -> Result<Self, String> {
        use aws_smithy_types::{Document as D, Number as N};
        Ok(match v {
            Value::Null => D::Null,
            Value::Bool(b) => D::Bool(*b),
            Value::String(s) => D::String(s.clone()),
            Value::Number(n) => D::Number(if let Some(u) = n.as_u64() {
                N::PosInt(u)
            } else if let Some(i) = n.as_i64() {
                N::NegInt(i)
            } else {
                N::Float(n.as_f64().unwrap_or(f64::NAN))
            }),
            Value::Array(items) => {
                D::Array(items.iter().map(D::from_params).collect::<Result<_, _>>()?)
            }
            Value::Object(obj) => D::Object(
                obj.iter()
                    .map(|(k, v)| Ok((k.clone(), D::from_params(v)?)))
                    .collect::<Result<_, String>>()?,
            ),
        })
    }
}

/// `Canon` (and, with `build`, `FromParams`) for structures of both clients: one line per
/// member, `"WireName" => field`.
#[macro_export]
macro_rules! structure {
    ($($ty:ty),+ ; $members:tt) => {
        $( $crate::structure!(@one $ty; $members); )+
    };
    (@one $ty:ty; { $($key:literal => $field:ident / $setter:ident),* $(,)? }) => {
        impl $crate::canon::Canon for $ty {
            fn canon(&self) -> ::serde_json::Value {
                #[allow(unused_mut)]
                let mut map = ::serde_json::Map::new();
                $( $crate::canon::put(&mut map, $key, $crate::canon::Canon::canon(&self.$field)); )*
                ::serde_json::Value::Object(map)
            }
        }
        impl $crate::canon::FromParams for $ty {
            #[allow(unused_variables)]
            fn from_params(v: &::serde_json::Value) -> Result<Self, String> {
                let builder = <$ty>::builder() $( .$setter($crate::canon::opt(v, $key)?) )*;
                $crate::canon::Built::<$ty>::into_built(builder.build())
            }
        }
    };
}

/// `Built` for structures whose `build()` cannot fail.
#[macro_export]
macro_rules! infallible_build {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl $crate::canon::Built<$ty> for $ty {
                fn into_built(self) -> Result<$ty, String> {
                    Ok(self)
                }
            }
        )+
    };
}

/// `Canon` and `FromParams` for string enums (`as_str`, `From<&str>`).
#[macro_export]
macro_rules! string_enum {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl $crate::canon::Canon for $ty {
                fn canon(&self) -> ::serde_json::Value {
                    ::serde_json::Value::String(self.as_str().to_owned())
                }
            }
            impl $crate::canon::FromParams for $ty {
                fn from_params(v: &::serde_json::Value) -> Result<Self, String> {
                    v.as_str().map(<$ty>::from).ok_or_else(|| format!("expected an enum string, got {v}"))
                }
            }
        )+
    };
}

/// `Canon` only (outputs, errors and types that are never sent).
#[macro_export]
macro_rules! canon {
    ($($ty:ty),+ ; $members:tt) => {
        $( $crate::canon!(@one $ty; $members); )+
    };
    (@one $ty:ty; { $($key:literal => $field:ident),* $(,)? }) => {
        impl $crate::canon::Canon for $ty {
            fn canon(&self) -> ::serde_json::Value {
                #[allow(unused_mut)]
                let mut map = ::serde_json::Map::new();
                $( $crate::canon::put(&mut map, $key, $crate::canon::Canon::canon(&self.$field)); )*
                ::serde_json::Value::Object(map)
            }
        }
    };
}
