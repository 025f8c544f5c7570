//! `serde` for generated types (their crates' `serde` feature) through the same JSON codecs
//! the client uses on the wire, so a value saved from a response reads back identically and
//! a generated type serializes as the service would send it (member names, timestamp and
//! blob encodings as on the wire): not a second, diverging derive. The codec's JSON passes
//! through a `serde_json::Value`, which lets any serde format carry it.

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{DeserializeShape, IntEnum, SerializeShape, StringEnum};

/// Serializes a structure or union as its JSON wire form.
pub fn serialize_shape<T: SerializeShape, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let json: serde_json::Value = serde_json::from_slice(&super::to_vec(value)).map_err(S::Error::custom)?;
    json.serialize(serializer)
}

/// Deserializes a structure or union from its JSON wire form; errors name the member path.
pub fn deserialize_shape<'de, T: DeserializeShape, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let json = serde_json::Value::deserialize(deserializer)?;
    let bytes = serde_json::to_vec(&json).map_err(D::Error::custom)?;
    super::from_slice(&bytes).map_err(D::Error::custom)
}

/// A string enum as its wire value (unknown values included).
pub fn serialize_string_enum<T: StringEnum, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_str())
}

/// A string enum from its wire value; an unknown value is kept, as on the wire.
pub fn deserialize_string_enum<'de, T: StringEnum, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let text = String::deserialize(deserializer)?;
    Ok(T::from(text.as_str()))
}

/// An intEnum as its wire value.
pub fn serialize_int_enum<T: IntEnum, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_i32(value.as_i32())
}

/// An intEnum from its wire value; an unknown value is kept.
pub fn deserialize_int_enum<'de, T: IntEnum, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    Ok(T::from(i32::deserialize(deserializer)?))
}

/// `impl Serialize` and `impl Deserialize` for generated types, through the functions above:
/// `serde_impls!(shape Foo)`, `serde_impls!(string_enum Color)`, `serde_impls!(int_enum Size)`.
#[macro_export]
macro_rules! serde_impls {
    (@impl $ty:ty, $ser:ident, $de:ident) => {
        impl $crate::serde::Serialize for $ty {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::json::serde_bridge::$ser(self, serializer)
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::json::serde_bridge::$de(deserializer)
            }
        }
    };
    (shape $ty:ty) => {
        $crate::serde_impls!(@impl $ty, serialize_shape, deserialize_shape);
    };
    (string_enum $ty:ty) => {
        $crate::serde_impls!(@impl $ty, serialize_string_enum, deserialize_string_enum);
    };
    (int_enum $ty:ty) => {
        $crate::serde_impls!(@impl $ty, serialize_int_enum, deserialize_int_enum);
    };
}
