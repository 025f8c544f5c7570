//! Errors returned by generated clients.

use std::error::Error as StdError;
use std::fmt;

use crate::json::DeserializeError;
use crate::response::RawResponse;

/// What the protocol tells about a failed call: code, message, request id, status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    /// The sanitised error code (`ThrottlingException`), if the service sent one.
    pub code: Option<String>,
    /// The human-readable message, if any.
    pub message: Option<String>,
    /// The `x-amzn-RequestId` of the response.
    pub request_id: Option<String>,
    /// The HTTP status code.
    pub status: u16,
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.as_deref().unwrap_or("unknown error"))?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, ")")
    }
}

/// An error response that matches no modeled error of the operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnhandledError {
    /// Code, message, request id and status.
    pub meta: ErrorMetadata,
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unhandled service error: {}", self.meta)
    }
}

impl StdError for UnhandledError {}

impl ErrorVariant for UnhandledError {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    fn as_error(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self
    }
}

/// What an operation's error enum asks of each of its variants, the modeled error
/// structures and [`UnhandledError`]: the enum dispatches through it once rather than
/// matching on itself in every method.
pub trait ErrorVariant: StdError + Send + Sync + 'static {
    /// Code, message, request id and status of the error response.
    fn meta(&self) -> &ErrorMetadata;

    /// Whether the model marks the error `@retryable`.
    fn is_retryable(&self) -> bool {
        false
    }

    /// Whether the model marks the error `@retryable(throttling: true)`.
    fn is_throttling(&self) -> bool {
        false
    }

    /// The error itself, as a `std::error::Error` (for `Display` and `source`).
    fn as_error(&self) -> &(dyn StdError + Send + Sync + 'static);
}

/// The impls every generated error structure has beyond its members and builder: `meta()`
/// and `message()`, `Display` (`Code: message`), `std::error::Error`, [`ErrorVariant`] and
/// [`ModeledError`](crate::json::ModeledError), written once here rather than per error.
/// The structure has a `_meta: ErrorMetadata` field.
///
/// `modeled_error_impls!(Throttled, "Throttled", optional message; retryable, throttling)`:
/// after the type and its code, where the message comes from — nothing (the error response's
/// metadata only), `optional field` or `required field` (a member named `message`, the
/// metadata's when it is unset or empty), or `hidden` (a `@sensitive` message: never shown) —
/// then, after `;`, the retry flags the model sets (`retryable`, `throttling`).
///
/// Every function is `#[inline]`, as every function of a generated crate is: its code is
/// generated only in a crate that calls it.
#[macro_export]
macro_rules! modeled_error_impls {
    ($ty:ident, $code:literal $(, $source:ident $($field:ident)?)? $(; $($flag:ident),*)?) => {
        impl $ty {
            /// Code, message, request id and status of the error response.
            #[inline]
            pub fn meta(&self) -> &$crate::ErrorMetadata {
                &self._meta
            }

            /// The error message, if any.
            #[inline]
            pub fn message(&self) -> ::core::option::Option<&str> {
                $crate::modeled_error_impls!(@message self $($source $($field)?)?)
            }
        }

        impl ::core::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($code)?;
                if let ::core::option::Option::Some(message) = self.message() {
                    ::core::write!(f, ": {message}")?;
                }
                ::core::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for $ty {}

        impl $crate::error::ErrorVariant for $ty {
            #[inline]
            fn meta(&self) -> &$crate::ErrorMetadata {
                &self._meta
            }

            #[inline]
            fn as_error(&self) -> &(dyn ::std::error::Error + Send + Sync + 'static) {
                self
            }

            $($($crate::modeled_error_impls!(@flag $flag);)*)?
        }

        impl $crate::json::ModeledError for $ty {
            #[inline]
            fn set_meta(&mut self, meta: $crate::ErrorMetadata) {
                self._meta = meta;
            }
        }
    };
    (@message $self:ident) => { $self._meta.message.as_deref() };
    (@message $self:ident hidden) => { ::core::option::Option::None };
    (@message $self:ident optional $field:ident) => { $self.$field.as_deref().or($self._meta.message.as_deref()) };
    (@message $self:ident required $field:ident) => {
        ::core::option::Option::Some($self.$field.as_str()).filter(|m| !m.is_empty()).or($self._meta.message.as_deref())
    };
    (@flag retryable) => {
        #[inline]
        fn is_retryable(&self) -> bool {
            true
        }
    };
    (@flag throttling) => {
        #[inline]
        fn is_throttling(&self) -> bool {
            true
        }
    };
}

/// An operation's error enum: a variant per modeled error plus `Unhandled`, with
/// [`ProvideErrorMetadata`], `Display`, `Error`, an `is_` method per variant and
/// `from_response`, which picks the variant by the error code and reads its members with the
/// protocol's `parse_error`. One entry per variant: the variant and its error structure, the
/// codes that select it (a query-compatible service's code too), the `is_` method:
///
/// ```ignore
/// awsgen_runtime::operation_error! {
///     /// Errors of the `GetThing` operation.
///     pub enum GetThingError, read with protocol::parse_error;
///     /// The thing does not exist.
///     NotFound(crate::error::NotFound) = "NotFound", is_not_found;
///     Throttled(crate::error::Throttled) = "Throttled" | "AWS.Throttled", is_throttled;
/// }
/// ```
///
/// Every function is `#[inline]`, as every function of a generated crate is: its code is
/// generated only in a crate that calls it.
#[macro_export]
macro_rules! operation_error {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident, read with $parse:path;
        $(
            $(#[doc = $variant_doc:literal])*
            $variant:ident($error:ty) = $($code:literal)|+, $is:ident;
        )*
    ) => {
        $(#[doc = $doc])*
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum $name {
            $(
                $(#[doc = $variant_doc])*
                $variant($error),
            )*
            /// An error this operation's model does not list (code, message and status are kept).
            Unhandled($crate::error::UnhandledError),
        }

        impl $crate::error::ProvideErrorMetadata for $name {
            #[inline]
            fn variant(&self) -> &dyn $crate::error::ErrorVariant {
                match self {
                    $(Self::$variant(e) => e,)*
                    Self::Unhandled(e) => e,
                }
            }
        }

        impl $name {
            $(
                #[doc = concat!("Whether this is [`", stringify!($variant), "`](Self::", stringify!($variant), ").")]
                #[inline]
                pub fn $is(&self) -> bool {
                    ::core::matches!(self, Self::$variant(_))
                }
            )*

            $crate::operation_error!(@from_response $parse; $($variant = $($code)|+;)*);
        }

        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt($crate::error::ProvideErrorMetadata::variant(self).as_error(), f)
            }
        }

        impl ::std::error::Error for $name {
            #[inline]
            fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                ::core::option::Option::Some($crate::error::ProvideErrorMetadata::variant(self).as_error())
            }
        }
    };
    (@from_response $parse:path;) => {
        /// Reads an error response: this operation's model lists no errors, so every error is
        /// `Unhandled`.
        #[inline]
        pub fn from_response(
            meta: $crate::ErrorMetadata,
            _raw: &$crate::RawResponse,
        ) -> ::core::result::Result<Self, $crate::json::DeserializeError> {
            ::core::result::Result::Ok(Self::Unhandled($crate::error::UnhandledError { meta }))
        }
    };
    (@from_response $parse:path; $($variant:ident = $($code:literal)|+;)+) => {
        /// Reads an error response: the protocol's error metadata picks the variant (unknown
        /// codes are `Unhandled`), the response fills its members.
        #[inline]
        pub fn from_response(
            meta: $crate::ErrorMetadata,
            raw: &$crate::RawResponse,
        ) -> ::core::result::Result<Self, $crate::json::DeserializeError> {
            ::core::result::Result::Ok(match meta.code.as_deref() {
                $(::core::option::Option::Some($($code)|+) => Self::$variant($parse(raw, meta)?),)+
                _ => Self::Unhandled($crate::error::UnhandledError { meta }),
            })
        }
    };
}

/// Code, message, request id and retry facts of an operation's error enum, read from the
/// error inside its variant. Generated crates re-export it from their `error` module:
/// `use <crate>::error::ProvideErrorMetadata;` brings `code()`, `message()`, ... into scope.
pub trait ProvideErrorMetadata {
    /// The error inside the variant (a modeled error structure or [`UnhandledError`]).
    fn variant(&self) -> &dyn ErrorVariant;

    /// Code, message, request id and status of the error response.
    fn meta(&self) -> &ErrorMetadata {
        self.variant().meta()
    }

    /// The error code (`ValidationException`), if the service sent one.
    fn code(&self) -> Option<&str> {
        self.meta().code.as_deref()
    }

    /// The error message, if any.
    fn message(&self) -> Option<&str> {
        self.meta().message.as_deref()
    }

    /// The request id of the failed response.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id.as_deref()
    }

    /// Whether the model marks this error `@retryable`.
    fn is_retryable(&self) -> bool {
        self.variant().is_retryable()
    }

    /// Whether the model marks this error as throttling.
    fn is_throttling(&self) -> bool {
        self.variant().is_throttling()
    }
}

/// Why an input or shape could not be built.
#[derive(Clone, Debug, PartialEq)]
pub enum BuildProblem {
    /// A `@required` member was not set.
    Missing,
    /// A number outside its `@range`.
    OutOfRange {
        /// The value given.
        value: f64,
        /// The lower bound, if any.
        min: Option<f64>,
        /// The upper bound, if any.
        max: Option<f64>,
    },
    /// A string, blob, list or map whose `@length` is outside the bounds.
    Length {
        /// The length given (characters, bytes or entries).
        length: usize,
        /// The lower bound, if any.
        min: Option<u64>,
        /// The upper bound, if any.
        max: Option<u64>,
    },
    /// A union value this client cannot send (an unknown variant).
    UnknownVariant,
    /// A value bound to an HTTP header that a header cannot hold (a line break, a control
    /// character, a name that is not a header name).
    InvalidHeader {
        /// The header's name.
        header: String,
    },
    /// A streaming body of unknown length for a member whose target is `@requiresLength`.
    LengthRequired,
    /// An empty string for a member bound to a path segment (`@httpLabel`): the request
    /// would name another resource (`DELETE /functions/` for `DELETE /functions/{name}`).
    EmptyLabel,
}

/// A shape or input that does not satisfy its model constraints.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildError {
    /// The shape being built (`ListWorkflowRunsInput`).
    pub shape: &'static str,
    /// The offending member (`WorkflowArn`).
    pub member: &'static str,
    /// What is wrong with it.
    pub problem: BuildProblem,
}

fn bound<T: fmt::Display>(min: &Option<T>, max: &Option<T>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("between {a} and {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "unbounded".to_owned(),
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { shape, member, problem } = self;
        match problem {
            BuildProblem::Missing => write!(f, "{shape}.{member} is required but was not set"),
            BuildProblem::OutOfRange { value, min, max } => {
                write!(f, "{shape}.{member} is {value}, but must be {}", bound(min, max))
            }
            BuildProblem::Length { length, min, max } => write!(
                f,
                "{shape}.{member} has length {length}, but its length must be {}",
                bound(min, max)
            ),
            BuildProblem::UnknownVariant => {
                write!(f, "{shape}.{member} holds an unknown union variant, which cannot be sent")
            }
            BuildProblem::InvalidHeader { header } => {
                write!(f, "{shape}.{member} cannot be sent in the HTTP header {header:?}: not a valid header value")
            }
            BuildProblem::EmptyLabel => {
                write!(f, "{shape}.{member} is empty, but it is part of the request's path and must not be")
            }
            BuildProblem::LengthRequired => write!(
                f,
                "{shape}.{member} is a stream of unknown length, but the service requires its length: \
                 give bytes, a file, or a stream with its length (`ByteStream::from_stream_with_length`)"
            ),
        }
    }
}

impl StdError for BuildError {}

/// The constraint checks of one shape's builder: `@required`, `@length` and `@range`, each
/// naming the shape and the member when it fails. Unset optional members pass.
#[derive(Clone, Copy, Debug)]
pub struct Constraints {
    shape: &'static str,
}

impl Constraints {
    /// Checks for the members of `shape`.
    pub fn new(shape: &'static str) -> Self {
        Self { shape }
    }

    fn error(&self, member: &'static str, problem: BuildProblem) -> BuildError {
        BuildError { shape: self.shape, member, problem }
    }

    /// A `@required` member must be set.
    pub fn required<T>(&self, member: &'static str, value: &Option<T>) -> Result<(), BuildError> {
        match value {
            Some(_) => Ok(()),
            None => Err(self.error(member, BuildProblem::Missing)),
        }
    }

    /// A `@required` member's value, which must be set.
    pub fn present<T>(&self, member: &'static str, value: Option<T>) -> Result<T, BuildError> {
        value.ok_or_else(|| self.error(member, BuildProblem::Missing))
    }

    /// `@length`: characters of a string, bytes of a blob, items of a list or map.
    pub fn length<T: Length>(
        &self,
        member: &'static str,
        value: &Option<T>,
        min: Option<u64>,
        max: Option<u64>,
    ) -> Result<(), BuildError> {
        let Some(value) = value else { return Ok(()) };
        let length = value.length();
        let below = min.is_some_and(|m| (length as u64) < m);
        let above = max.is_some_and(|m| (length as u64) > m);
        if below || above {
            return Err(self.error(member, BuildProblem::Length { length, min, max }));
        }
        Ok(())
    }

    /// `@range` of a number, compared as an `f64`.
    pub fn range<T: Number>(
        &self,
        member: &'static str,
        value: Option<T>,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Result<(), BuildError> {
        let Some(value) = value.map(Number::as_f64) else { return Ok(()) };
        let below = min.is_some_and(|m| value < m);
        let above = max.is_some_and(|m| value > m);
        if below || above {
            return Err(self.error(member, BuildProblem::OutOfRange { value, min, max }));
        }
        Ok(())
    }

    /// The error for a union member that holds a variant this client does not know (it
    /// cannot be sent back).
    pub fn unknown_variant(&self, member: &'static str) -> BuildError {
        self.error(member, BuildProblem::UnknownVariant)
    }
}

/// What `@length` counts.
pub trait Length {
    /// Characters of a string, bytes of a blob, items of a list or map.
    fn length(&self) -> usize;
}

impl Length for String {
    fn length(&self) -> usize {
        self.chars().count()
    }
}

impl<T> Length for Vec<T> {
    fn length(&self) -> usize {
        self.len()
    }
}

impl<K, V> Length for std::collections::BTreeMap<K, V> {
    fn length(&self) -> usize {
        self.len()
    }
}

/// Numbers that `@range` applies to.
pub trait Number: Copy {
    /// The value as an `f64`, as ranges are compared.
    fn as_f64(self) -> f64;
}

macro_rules! number {
    ($($ty:ty),*) => {$(
        impl Number for $ty {
            fn as_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}

number!(i8, i16, i32, i64, i128, f32, f64);

/// Which timeout fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Establishing the connection.
    Connect,
    /// One attempt (request sent to response body read).
    Attempt,
    /// The whole operation, retries included.
    Operation,
}

/// Why a request could not be sent or no response was received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DispatchKind {
    /// The endpoint could not be resolved (bad region, FIPS with a custom endpoint, ...).
    Endpoint,
    /// No credentials could be loaded.
    Credentials,
    /// The request could not be signed.
    Signing,
    /// A connection or I/O failure.
    Io,
    /// A timeout.
    Timeout(TimeoutKind),
    /// The response body exceeded the configured size limit.
    BodyTooLarge,
}

/// A failure before a complete HTTP response arrived.
#[derive(Debug)]
pub struct DispatchFailure {
    /// What failed.
    pub kind: DispatchKind,
    /// How many attempts were made (0 when nothing was sent).
    pub attempts: u32,
    /// Details.
    pub message: String,
    /// The underlying error, if any.
    pub source: Option<Box<dyn StdError + Send + Sync>>,
}

impl fmt::Display for DispatchFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            DispatchKind::Endpoint => "failed to resolve the endpoint",
            DispatchKind::Credentials => "failed to load credentials",
            DispatchKind::Signing => "failed to sign the request",
            DispatchKind::Io => "failed to send the request",
            DispatchKind::Timeout(TimeoutKind::Connect) => "connect timeout",
            DispatchKind::Timeout(TimeoutKind::Attempt) => "attempt timeout",
            DispatchKind::Timeout(TimeoutKind::Operation) => "operation timeout",
            DispatchKind::BodyTooLarge => "response body too large",
        };
        write!(f, "{what}: {} (after {} attempt(s))", self.message, self.attempts)
    }
}

impl StdError for DispatchFailure {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

/// A response that arrived but could not be understood.
#[derive(Debug)]
pub struct MalformedResponse {
    /// The HTTP status.
    pub status: u16,
    /// The request id, if the response had one.
    pub request_id: Option<String>,
    /// How many attempts were made.
    pub attempts: u32,
    /// What could not be read, and where.
    pub error: DeserializeError,
}

impl fmt::Display for MalformedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed response (HTTP {}): {}", self.status, self.error)
    }
}

impl StdError for MalformedResponse {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.error)
    }
}

/// A modeled or unhandled error returned by the service.
#[derive(Debug)]
pub struct ServiceError<E> {
    /// The operation's typed error.
    pub error: E,
    /// The raw response (status, headers, body).
    pub raw: RawResponse,
}

/// Everything that can go wrong when calling an operation.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input does not satisfy the model (missing required member, out of range, ...).
    InvalidInput(BuildError),
    /// No complete response arrived (endpoint, credentials, I/O, timeouts).
    Dispatch(DispatchFailure),
    /// A response arrived but could not be parsed.
    MalformedResponse(Box<MalformedResponse>),
    /// The service returned an error.
    Service(Box<ServiceError<E>>),
    /// A paginator stopped because the service repeated a token.
    RepeatedToken(crate::pagination::RepeatedTokenError),
}

impl<E> SdkError<E> {
    /// The typed service error, if this is one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service(e) => Some(&e.error),
            _ => None,
        }
    }

    /// The typed service error, if this is one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Self::Service(e) => Some(e.error),
            _ => None,
        }
    }

    /// How many attempts were made before giving up.
    pub fn attempts(&self) -> u32 {
        match self {
            Self::InvalidInput(_) | Self::RepeatedToken(_) => 0,
            Self::Dispatch(d) => d.attempts,
            Self::MalformedResponse(m) => m.attempts,
            Self::Service(s) => s.raw.attempts,
        }
    }

    /// The request id of the failed response, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::MalformedResponse(m) => m.request_id.as_deref(),
            Self::Service(s) => s.raw.request_id(),
            _ => None,
        }
    }

    /// Whether this is a timeout, and which.
    pub fn timeout(&self) -> Option<TimeoutKind> {
        match self {
            Self::Dispatch(DispatchFailure { kind: DispatchKind::Timeout(kind), .. }) => Some(*kind),
            _ => None,
        }
    }

    /// Whether sending the request again later may succeed: a transient service error
    /// (throttling, a 5xx, a modeled `@retryable` error; see [`RawResponse::is_transient`]),
    /// an I/O failure or a timeout of a request that was sent. What a paginator polls its
    /// failed page again for.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Service(e) => e.raw.is_transient(),
            // Something was sent: a setup failure (no transport, a bad header) is not transient.
            Self::Dispatch(d) => d.attempts > 0 && matches!(d.kind, DispatchKind::Io | DispatchKind::Timeout(_)),
            Self::InvalidInput(_) | Self::MalformedResponse(_) | Self::RepeatedToken(_) => false,
        }
    }

    /// The typed service error, or the failure that is not one (what a generated crate's
    /// service-wide `Error` keeps of an `SdkError` converted with `?`).
    pub fn into_service_error_or_failure(self) -> Result<E, Box<CallFailure>> {
        let failure = match self {
            Self::Service(e) => return Ok(e.error),
            Self::InvalidInput(e) => CallFailure::InvalidInput(e),
            Self::Dispatch(e) => CallFailure::Dispatch(e),
            Self::MalformedResponse(e) => CallFailure::MalformedResponse(e),
            Self::RepeatedToken(e) => CallFailure::RepeatedToken(e),
        };
        Err(Box::new(failure))
    }
}

/// A failed call that is not a service error: invalid input, no response, a malformed
/// response or a repeated pagination token (an [`SdkError`] whose `Service` variant cannot
/// occur).
pub type CallFailure = SdkError<std::convert::Infallible>;

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidInput(e) => write!(f, "invalid input: {e}"),
            Self::Dispatch(e) => e.fmt(f),
            Self::MalformedResponse(e) => e.fmt(f),
            Self::Service(e) => {
                write!(f, "service error: {} (after {} attempt(s))", e.error, e.raw.attempts)
            }
            Self::RepeatedToken(e) => e.fmt(f),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::InvalidInput(e) => Some(e),
            Self::Dispatch(e) => Some(e),
            Self::MalformedResponse(e) => Some(e),
            Self::Service(e) => Some(&e.error),
            Self::RepeatedToken(e) => Some(e),
        }
    }
}

impl<E> From<BuildError> for SdkError<E> {
    fn from(e: BuildError) -> Self {
        Self::InvalidInput(e)
    }
}

impl<E> From<DispatchFailure> for SdkError<E> {
    fn from(e: DispatchFailure) -> Self {
        Self::Dispatch(e)
    }
}
