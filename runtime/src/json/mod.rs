//! JSON wire codecs shared by every JSON protocol (awsJson1_0, awsJson1_1, later restJson1).
//!
//! Generated shapes implement [`DeserializeShape`] (what responses hold) and
//! [`SerializeShape`] (what requests hold); their members are read and written through
//! zero-sized [`Codec`] markers ([`Str`], [`List`], [`DateTime`], ...) so that the generated
//! code stays a flat list of member names and codecs while the logic lives here, once.

mod codec;
mod de;
mod ser;
pub mod serde_bridge;

pub use codec::*;
pub use de::{corrected_empty, from_slice, from_slice_skipping, from_slice_with, DeserializeError, Key, Members, PathSegment, Trail};
pub use serde::de::MapAccess;
pub use ser::JsonWriter;
