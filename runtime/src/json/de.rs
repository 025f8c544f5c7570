//! Reading JSON with serde_json's streaming deserializer, keeping the member path of errors.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess};

use super::codec::{Decode, DeserializeShape, Shape};

/// One step of the path from the document root to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// A structure member, by its wire name.
    Member(&'static str),
    /// An index into a list.
    Index(usize),
    /// A key of a map.
    Key(String),
}

/// The path to the value being read, filled in innermost-first while an error unwinds.
#[derive(Debug, Default)]
pub struct Trail {
    segments: Vec<PathSegment>,
    /// Member names the next object read skips ([`from_slice_skipping`]).
    skip_next: &'static [&'static str],
}

impl Trail {
    /// Records that the error being returned happened below `segment`.
    pub fn push(&mut self, segment: PathSegment) {
        self.segments.push(segment);
    }

    /// Renders the path as `WorkflowRuns[3].RunDetailSummary.CreatedOn`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for segment in self.segments.iter().rev() {
            match segment {
                PathSegment::Member(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                PathSegment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                PathSegment::Key(k) => {
                    out.push('[');
                    out.push_str(&format!("{k:?}"));
                    out.push(']');
                }
            }
        }
        out
    }
}

/// A response body that could not be read into the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeserializeError {
    /// The member path of the offending value (`""` for the document itself).
    pub path: String,
    /// What was wrong, with line and column from serde_json where known.
    pub message: String,
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "invalid JSON document: {}", self.message)
        } else {
            write!(f, "invalid value at `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DeserializeError {}

/// Reads a whole body into `T`. An empty body (or only whitespace) reads as `{}`, as the
/// awsJson protocols require of clients.
///
/// The body must be UTF-8 throughout, as botocore requires too: invalid bytes, even inside a
/// member this client does not know, are an error naming the member being read there.
pub fn from_slice<T: DeserializeShape>(body: &[u8]) -> Result<T, DeserializeError> {
    from_slice_skipping(body, &[])
}

/// The value Smithy's client error correction gives a missing `@required` structure: an
/// empty object read as `T`, so that its own required members are corrected and its
/// defaults filled, as a response holding `{}` would be read.
pub fn corrected_empty<T: DeserializeShape>() -> T {
    // Reading `{}` into a structure reads no member, so nothing in it can fail; the
    // generator corrects no union (which `{}` is not) and no member that closes a cycle.
    from_str("{}", &[]).unwrap_or_else(|err| unreachable!("`{{}}` read as a structure: {err}"))
}

/// [`from_slice`], skipping the object's members named in `skip` whatever their values: in
/// restJson1 a member bound to a header or the status is not a body member, even if a body
/// holds one of its name.
pub fn from_slice_skipping<T: DeserializeShape>(body: &[u8], skip: &'static [&'static str]) -> Result<T, DeserializeError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"{}".as_slice() } else { body };
    match std::str::from_utf8(body) {
        // Checked once here, the text is read without serde_json's check of every string
        // (a fifth of the decoding time of a typical page).
        Ok(text) => from_str(text, skip),
        Err(err) => {
            // Reading the valid prefix stops inside the value that holds the bad bytes, so
            // its trail names the member.
            let valid = err.valid_up_to();
            let prefix = std::str::from_utf8(&body[..valid]).unwrap_or_default();
            let path = from_str::<T>(prefix, skip).err().map(|e| e.path).unwrap_or_default();
            Err(DeserializeError { path, message: format!("invalid UTF-8 at byte {valid} of the body") })
        }
    }
}

/// Reads a whole body as one value of codec `C` (a payload: a structure, union or document,
/// which may be a JSON scalar). The body must not be empty.
pub fn from_slice_with<C: Decode>(body: &[u8]) -> Result<C::Value, DeserializeError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| DeserializeError { path: String::new(), message: format!("invalid UTF-8 at byte {} of the body", e.valid_up_to()) })?;
    let mut trail = Trail::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let result = C::de(&mut de, &mut trail).and_then(|value| de.end().map(|()| value));
    result.map_err(|err| DeserializeError { path: trail.render(), message: err.to_string() })
}

fn from_str<T: DeserializeShape>(text: &str, skip: &'static [&'static str]) -> Result<T, DeserializeError> {
    let mut trail = Trail { skip_next: skip, ..Trail::default() };
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Shape::<T>::de(&mut de, &mut trail).and_then(|value| de.end().map(|()| value));
    result.map_err(|err| DeserializeError { path: trail.render(), message: err.to_string() })
}

/// A map key that borrows from the input when it can (keys without escapes).
pub struct Key<'de>(pub Cow<'de, str>);

impl std::ops::Deref for Key<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Seeds serde with a codec and the trail, so nested values can report their path.
pub(crate) struct CodecSeed<'t, C>(pub &'t mut Trail, pub std::marker::PhantomData<C>);

impl<'de, C: Decode> DeserializeSeed<'de> for CodecSeed<'_, C> {
    type Value = C::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<C::Value, D::Error> {
        C::de(d, self.0)
    }
}

/// Like [`CodecSeed`], but JSON `null` reads as `None` (an absent structure member).
pub(crate) struct OptionSeed<'t, C>(pub &'t mut Trail, pub std::marker::PhantomData<C>);

impl<'de, C: Decode> DeserializeSeed<'de> for OptionSeed<'_, C> {
    type Value = Option<C::Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct OptionVisitor<'t, C>(&'t mut Trail, std::marker::PhantomData<C>);
        impl<'de, C: Decode> de::Visitor<'de> for OptionVisitor<'_, C> {
            type Value = Option<C::Value>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                C::de(d, self.0).map(Some)
            }
        }
        d.deserialize_option(OptionVisitor::<C>(self.0, std::marker::PhantomData))
    }
}

/// The members of a JSON object being read into a generated structure or union, with the
/// trail that records where an error happened.
pub struct Members<'t, A> {
    map: A,
    trail: &'t mut Trail,
    skip: &'static [&'static str],
}

impl<'t, 'de, A: MapAccess<'de>> Members<'t, A> {
    /// The object's members, read from `map` (positioned at the first key).
    pub fn new(map: A, trail: &'t mut Trail) -> Self {
        let skip = std::mem::take(&mut trail.skip_next);
        Members { map, trail, skip }
    }

    /// The next member's name, or `None` at the end of the object.
    pub fn next_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        loop {
            match self.map.next_key::<Key<'de>>()? {
                Some(key) if self.skip.contains(&&*key) => self.skip_value()?,
                key => return Ok(key),
            }
        }
    }

    /// Reads the value of member `name` with codec `C`; `null` reads as `None`. On error,
    /// records `name` in the trail.
    pub fn value<C: Decode>(&mut self, name: &'static str) -> Result<Option<C::Value>, A::Error> {
        let trail = &mut *self.trail;
        self.map
            .next_value_seed(OptionSeed::<C>(trail, std::marker::PhantomData))
            .inspect_err(|_| trail.push(PathSegment::Member(name)))
    }

    /// Skips the value of a member this client does not know (forward compatibility).
    pub fn skip_value(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<de::IgnoredAny>().map(|_| ())
    }

    /// Reads the value of a union member this client does not know: `Some(())` unless it is
    /// `null` (null members do not count as the union's value).
    pub fn unknown_member(&mut self) -> Result<Option<()>, A::Error> {
        let value: Option<de::IgnoredAny> = self.map.next_value()?;
        Ok(value.map(|_| ()))
    }

    /// An error for a malformed object, in the deserializer's own error type.
    pub fn invalid(&self, message: &str) -> A::Error {
        de::Error::custom(message)
    }
}
