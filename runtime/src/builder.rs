//! What generated structures and builders repeat per member, written once: a builder's
//! three accessors, a structure's `builder()`, and `Debug` with `@sensitive` members redacted.

/// The accessors of a builder's members, one entry per member: the setter the member is
/// named after (one list item or map entry at a time for collections), `set_` (the whole
/// value, or `None`) and `get_` (the value so far), as the official SDK's builders have them.
/// The entry's docs (the member's meaning) go on the setter; `set_` and `get_` link to it.
///
/// Each entry is a kind, the setter, the `set_` and `get_` names, then the type (a map's key
/// and value): `value` (any `Into<T>`), `boxed` (held in a `Box`, for recursive shapes),
/// `list` (appends one `Into<T>`), `sparse_list` (appends an `Option<T>`), `map` (inserts one
/// entry), `sparse_map` (inserts a key and an `Option<V>`). The builder has an
/// `Option<..>` field of the same name as the setter, or the one after `for` when a method
/// name had to differ from its field. A setter named by a keyword (`r#type`) names itself
/// without `r#` after `as` (`r#type(set_type, get_type) as type`), for the links of `set_`'s
/// and `get_`'s docs to it: rustdoc reads `Self::r#type` as `Self::r` and a fragment. An
/// entry's `#[deprecated ..]`, after its docs, goes on all three methods:
///
/// ```
/// #[derive(Default)]
/// struct PetBuilder {
///     name: Option<String>,
///     tags: Option<Vec<String>>,
///     labels: Option<std::collections::BTreeMap<String, String>>,
///     build: Option<i32>,
///     r#type: Option<String>,
/// }
///
/// impl PetBuilder {
///     awsgen_runtime::accessors! {
///         /// The pet's name.
///         value name(set_name, get_name): String;
///         list tags(set_tags, get_tags): String;
///         map labels(set_labels, get_labels): String => String;
///         value build_value(set_build_value, get_build_value) for build: i32;
///         value r#type(set_type, get_type) as type: String;
///     }
/// }
///
/// let pet = PetBuilder::default().name("Rex").tags("good").tags("dog").labels("a", "b").build_value(1).r#type("cat");
/// assert_eq!(pet.get_name().as_deref(), Some("Rex"));
/// assert_eq!(pet.get_tags().as_deref(), Some(&["good".to_owned(), "dog".to_owned()][..]));
/// assert_eq!(pet.get_labels().as_ref().map(|m| m.len()), Some(1));
/// assert_eq!(pet.set_name(None).get_build_value(), &Some(1));
/// ```
///
/// A deprecated entry's methods warn where they are called:
///
/// ```compile_fail
/// #![deny(deprecated)]
/// #[derive(Default)]
/// struct PetBuilder {
///     age: Option<i32>,
/// }
///
/// impl PetBuilder {
///     awsgen_runtime::accessors! {
///         #[deprecated(note = "Use `birthday`.")]
///         value age(set_age, get_age): i32;
///     }
/// }
///
/// let _ = PetBuilder::default().get_age();
/// ```
///
/// Every method is `#[inline]`, as every function of a generated crate is: its code is
/// generated only in a crate that calls it.
#[macro_export]
macro_rules! accessors {
    ($(
        $(#[doc = $doc:literal])*
        $(#[deprecated $($deprecation:tt)*])?
        $kind:ident $setter:ident($set:ident, $get:ident) $(as $link:ident)? $(for $field:ident)?: $ty:ty $(=> $value:ty)?;
    )*) => {
        $(
            $crate::accessors!(
                @member [$($field)? $setter] [$($link)? $setter] $kind [$($doc)*] [$(deprecated $($deprecation)*)?] $setter $set $get $ty $(=> $value)?
            );
        )*
    };
    (@member [$field:ident $($_setter:ident)?] $link:tt value [$($doc:literal)*] [$($deprecated:meta)?] $setter:ident $set:ident $get:ident $ty:ty) => {
        $(#[doc = $doc])*
        $(#[$deprecated])?
        #[inline]
        pub fn $setter(mut self, input: impl ::core::convert::Into<$ty>) -> Self {
            self.$field = ::core::option::Option::Some(input.into());
            self
        }
        $crate::accessors!(@whole [$($deprecated)?] $link $field $setter $set $get $ty, "value");
    };
    (@member [$field:ident $($_setter:ident)?] $link:tt boxed [$($doc:literal)*] [$($deprecated:meta)?] $setter:ident $set:ident $get:ident $ty:ty) => {
        $(#[doc = $doc])*
        $(#[$deprecated])?
        #[inline]
        pub fn $setter(mut self, input: impl ::core::convert::Into<$ty>) -> Self {
            self.$field = ::core::option::Option::Some(::std::boxed::Box::new(input.into()));
            self
        }
        $crate::accessors!(@whole [$($deprecated)?] $link $field $setter $set $get ::std::boxed::Box<$ty>, "value");
    };
    (@member [$field:ident $($_setter:ident)?] $link:tt list [$($doc:literal)*] [$($deprecated:meta)?] $setter:ident $set:ident $get:ident $ty:ty) => {
        $(#[doc = $doc])*
        $(#[$deprecated])?
        #[doc = ""]
        #[doc = concat!("Appends one item; [`", stringify!($set), "`](Self::", stringify!($set), ") replaces the whole list.")]
        #[inline]
        pub fn $setter(mut self, input: impl ::core::convert::Into<$ty>) -> Self {
            self.$field.get_or_insert_with(::std::vec::Vec::new).push(input.into());
            self
        }
        $crate::accessors!(@whole [$($deprecated)?] $link $field $setter $set $get ::std::vec::Vec<$ty>, "list");
    };
    (@member [$field:ident $($_setter:ident)?] $link:tt sparse_list [$($doc:literal)*] [$($deprecated:meta)?] $setter:ident $set:ident $get:ident $ty:ty) => {
        $(#[doc = $doc])*
        $(#[$deprecated])?
        #[doc = ""]
        #[doc = concat!("Appends one item (`None` for a null); [`", stringify!($set), "`](Self::", stringify!($set), ") replaces the whole list.")]
        #[inline]
        pub fn $setter(mut self, input: ::core::option::Option<$ty>) -> Self {
            self.$field.get_or_insert_with(::std::vec::Vec::new).push(input);
            self
        }
        $crate::accessors!(@whole [$($deprecated)?] $link $field $setter $set $get ::std::vec::Vec<::core::option::Option<$ty>>, "list");
    };
    (@member [$field:ident $($_setter:ident)?] $link:tt map [$($doc:literal)*] [$($deprecated:meta)?] $setter:ident $set:ident $get:ident $key:ty => $value:ty) => {
        $(#[doc = $doc])*
        $(#[$deprecated])?
        #[doc = ""]
        #[doc = concat!("Inserts one entry; [`", stringify!($set), "`](Self::", stringify!($set), ") replaces the whole map.")]
        #[inline]
        pub fn $setter(mut self, k: impl ::core::convert::Into<$key>, v: impl ::core::convert::Into<$value>) -> Self {
            self.$field.get_or_insert_with(::core::default::Default::default).insert(k.into(), v.into());
            self
        }
        $crate::accessors!(@whole [$($deprecated)?] $link $field $setter $set $get ::std::collections::BTreeMap<$key, $value>, "map");
    };
    (@member [$field:ident $($_setter:ident)?] $link:tt sparse_map [$($doc:literal)*] [$($deprecated:meta)?] $setter:ident $set:ident $get:ident $key:ty => $value:ty) => {
        $(#[doc = $doc])*
        $(#[$deprecated])?
        #[doc = ""]
        #[doc = concat!("Inserts one entry (`None` for a null); [`", stringify!($set), "`](Self::", stringify!($set), ") replaces the whole map.")]
        #[inline]
        pub fn $setter(mut self, k: impl ::core::convert::Into<$key>, v: ::core::option::Option<$value>) -> Self {
            self.$field.get_or_insert_with(::core::default::Default::default).insert(k.into(), v);
            self
        }
        $crate::accessors!(@whole [$($deprecated)?] $link $field $setter $set $get ::std::collections::BTreeMap<$key, ::core::option::Option<$value>>, "map");
    };
    // `set_` and `get_`, documented by a link to the setter (named without `r#` in the link).
    (@whole [$($deprecated:meta)?] [$link:ident $($_setter:ident)?] $field:ident $setter:ident $set:ident $get:ident $held:ty, $what:literal) => {
        #[doc = concat!("Replaces the whole ", $what, " of [`", stringify!($setter), "`](Self::", stringify!($link), "), or clears it with `None`.")]
        $(#[$deprecated])?
        #[inline]
        pub fn $set(mut self, input: ::core::option::Option<$held>) -> Self {
            self.$field = input;
            self
        }

        #[doc = concat!("The ", $what, " of [`", stringify!($setter), "`](Self::", stringify!($link), ") as set so far.")]
        $(#[$deprecated])?
        #[inline]
        pub fn $get(&self) -> &::core::option::Option<$held> {
            &self.$field
        }
    };
}

/// `builder()`, where every generated structure's value starts: `builder_fn!(Pet => PetBuilder)`
/// gives `Pet::builder()`, the builder's `Default`.
///
/// ```
/// pub struct Pet;
/// #[derive(Default)]
/// pub struct PetBuilder;
///
/// awsgen_runtime::builder_fn!(Pet => PetBuilder);
///
/// let _builder: PetBuilder = Pet::builder();
/// ```
#[macro_export]
macro_rules! builder_fn {
    ($name:ident => $builder:ty) => {
        impl $name {
            #[doc = ::core::concat!("A builder for [`", ::core::stringify!($name), "`].")]
            #[inline]
            pub fn builder() -> $builder {
                ::core::default::Default::default()
            }
        }
    };
}

/// What `Debug` prints in place of a `@sensitive` value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The name `Debug` shows for a field, as `derive(Debug)` shows it: without `r#`.
#[doc(hidden)]
#[inline]
pub fn debug_label(field: &str) -> &str {
    field.strip_prefix("r#").unwrap_or(field)
}

/// `Debug` for a generated structure or builder that `derive` cannot give: one with
/// `@sensitive` members (`field: redacted` prints [`REDACTED`] for its value), or an input
/// builder, whose client (`C`) is left out. Fields print in the order given, named as
/// `derive(Debug)` names them; attributes before the type name go on the impl
/// (`#[allow(deprecated)]` for deprecated fields):
///
/// ```
/// struct Login<C = ()> {
///     user: String,
///     password: String,
///     r#type: u8,
///     _client: C,
/// }
///
/// awsgen_runtime::debug_fields!(Login<C> { user, password: redacted, r#type });
///
/// let login = Login { user: "me".into(), password: "hunter2".into(), r#type: 1, _client: () };
/// assert_eq!(format!("{login:?}"), r#"Login { user: "me", password: "*** Sensitive Data Redacted ***", type: 1 }"#);
/// ```
#[macro_export]
macro_rules! debug_fields {
    ($(#[$attr:meta])* $name:ident $(<$($generic:ident),*>)? { $($field:ident $(: $redacted:ident)?),* $(,)? }) => {
        $(#[$attr])*
        impl $(<$($generic),*>)? ::core::fmt::Debug for $name $(<$($generic),*>)? {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut out = f.debug_struct(::core::stringify!($name));
                $($crate::debug_fields!(@field out self $field $($redacted)?);)*
                out.finish()
            }
        }
    };
    (@field $out:ident $self:ident $field:ident) => {
        $out.field($crate::builder::debug_label(::core::stringify!($field)), &$self.$field)
    };
    (@field $out:ident $self:ident $field:ident redacted) => {
        $out.field($crate::builder::debug_label(::core::stringify!($field)), &$crate::builder::REDACTED)
    };
}
