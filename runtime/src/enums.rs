//! Generated enums, each value written once: [`string_enum!`](crate::string_enum) and
//! [`int_enum!`](crate::int_enum) take an enum with one `Variant = value` line per value and
//! write the enum, its conversions to and from the wire value and the std impls.

/// A string enum (Smithy `enum`, or a string with `@enum`) from one line per value:
///
/// ```
/// awsgen_runtime::string_enum! {
///     /// A pet's colour.
///     pub enum Color {
///         Red = "red",
///         /// Dark blue.
///         NavyBlue = "navy-blue",
///     }
/// }
///
/// assert_eq!(Color::NavyBlue.as_str(), "navy-blue");
/// assert_eq!(Color::from("red"), Color::Red);
/// assert_eq!(Color::from("green"), Color::Unknown("green".to_owned()));
/// assert_eq!("green".parse::<Color>().unwrap().to_string(), "green");
/// assert_eq!(Color::values(), &["red", "navy-blue"]);
/// ```
///
/// The enum is open, as Smithy enums are: `#[non_exhaustive]`, with `Unknown(String)` keeping
/// a value this client does not know, so that it can be sent back unchanged. It derives
/// `Clone`, `PartialEq`, `Eq`, `PartialOrd`, `Ord`, `Hash` and `Debug`, and has `as_str`,
/// `values()`, `From<&str>` and what [`string_enum_impls!`](crate::string_enum_impls) adds
/// (`FromStr`, `AsRef<str>`, `Display`, [`StringEnum`](crate::json::StringEnum)).
///
/// A variant's attributes (docs, `#[deprecated]`) are kept; docs come first. A variant without
/// docs is documented by its wire value (`` `red` ``). Every function is `#[inline]`, as every
/// function of a generated crate is: its code is generated only in a crate that calls it.
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $( $(#[$($variant_attr:tt)*])* $variant:ident = $value:literal ),* $(,)?
        }
    ) => {
        $crate::open_enum! {
            $(#[$attr])*
            #[doc = ""]
            #[doc = " Open: values this client does not know are kept in [`Self::Unknown`] and sent back unchanged."]
            #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
            pub enum $name(::std::string::String) {
                $( $(#[$($variant_attr)*])* $variant = $value, )*
            }
        }

        #[allow(deprecated, reason = "a deprecated value is still one the wire may carry")]
        impl $name {
            /// The wire value.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }

            /// Every value this client knows.
            #[inline]
            pub const fn values() -> &'static [&'static str] {
                &[$($value),*]
            }
        }

        #[allow(deprecated, reason = "a deprecated value is still one the wire may carry")]
        impl ::core::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        $crate::string_enum_impls!($name);
    };
}

/// An intEnum from one line per value, as [`string_enum!`](crate::string_enum) does for
/// strings:
///
/// ```
/// awsgen_runtime::int_enum! {
///     /// A size.
///     pub enum Size {
///         Small = 1,
///         /// The largest.
///         Large = 3,
///     }
/// }
///
/// assert_eq!(Size::Large.as_i32(), 3);
/// assert_eq!(Size::from(1), Size::Small);
/// assert_eq!(Size::from(2), Size::Unknown(2));
/// assert_eq!(Size::values(), &[1, 3]);
/// ```
///
/// The enum is open (`#[non_exhaustive]`, `Unknown(i32)`), derives `Clone`, `Copy`,
/// `PartialEq`, `Eq`, `PartialOrd`, `Ord`, `Hash` and `Debug`, and has `as_i32`, `values()`,
/// `From<i32>` and [`IntEnum`](crate::json::IntEnum).
#[macro_export]
macro_rules! int_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $( $(#[$($variant_attr:tt)*])* $variant:ident = $value:literal ),* $(,)?
        }
    ) => {
        $crate::open_enum! {
            $(#[$attr])*
            #[doc = ""]
            #[doc = " Open: values this client does not know are kept in [`Self::Unknown`]."]
            #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
            pub enum $name(i32) {
                $( $(#[$($variant_attr)*])* $variant = $value, )*
            }
        }

        #[allow(deprecated, reason = "a deprecated value is still one the wire may carry")]
        impl $name {
            /// The wire value.
            #[inline]
            pub fn as_i32(&self) -> i32 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => *value,
                }
            }

            /// Every value this client knows.
            #[inline]
            pub const fn values() -> &'static [i32] {
                &[$($value),*]
            }
        }

        #[allow(deprecated, reason = "a deprecated value is still one the wire may carry")]
        impl ::core::convert::From<i32> for $name {
            #[inline]
            fn from(value: i32) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl $crate::json::IntEnum for $name {
            #[inline]
            fn as_i32(&self) -> i32 {
                self.as_i32()
            }
        }
    };
}

/// The definition of an open enum: its variants, each documented ([`enum_value_doc!`]), and
/// `Unknown` holding the type in parentheses.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident($unknown:ty) {
            $( $(#[$($variant_attr:tt)*])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$attr])*
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$($variant_attr)*])*
                #[doc = $crate::enum_value_doc!([$([$($variant_attr)*])*] $value)]
                $variant,
            )*
            /// A value this client does not know.
            Unknown($unknown),
        }
    };
}

/// The doc line an enum variant gets beside its attributes: none (`""`) if they start with
/// docs, else its wire value in backticks.
#[doc(hidden)]
#[macro_export]
macro_rules! enum_value_doc {
    ([[doc $($_doc:tt)*] $($_rest:tt)*] $value:literal) => {
        ""
    };
    ([$($_attrs:tt)*] $value:literal) => {
        ::core::concat!("`", $value, "`")
    };
}
