//! Operations: what a generated operation tells the runtime, and the one path that sends any
//! of them.
//!
//! Each generated operation module has a unit struct (`ListWorkflowRuns`) implementing
//! [`Operation`]: its input, output and error types, its [`OperationSpec`], how its request is
//! built and its response read (through the service's protocol module). [`send`] is the rest,
//! written once for every operation.

use std::fmt;
use std::marker::PhantomData;

use crate::body::ByteStream;
use crate::client::{CallOptions, Handle};
use crate::error::{BuildError, SdkError};
use crate::response::RawResponse;
use crate::spec::OperationSpec;

/// One operation of a service, as the generator describes it.
pub trait Operation: 'static {
    /// The built input.
    type Input: Send + Sync + 'static;
    /// The output of a successful call.
    type Output: Send + 'static;
    /// The operation's error enum.
    type Error: Send + 'static;

    /// Name and retry facts.
    const SPEC: &'static OperationSpec;

    /// The unsigned request for `input` (path relative to the endpoint), as the protocol
    /// builds it; an input the protocol cannot send (an unset label, a header value that is
    /// not valid HTTP, a stream of unknown length where a length is required) is an error
    /// before anything is sent.
    fn request(input: &Self::Input) -> Result<http::Request<ByteStream>, BuildError>;

    /// What the operation adds to the request beyond the protocol's part (a host prefix,
    /// compression, headers), if anything.
    fn call_options(_input: &Self::Input) -> Option<CallOptions> {
        None
    }

    /// Reads the whole response: the output, or the operation's error.
    fn parse_response(raw: RawResponse) -> Result<Self::Output, SdkError<Self::Error>>;
}

/// Sends a built input of operation `O` and reads its response.
pub async fn send<O: Operation>(handle: &Handle, input: O::Input) -> Result<O::Output, SdkError<O::Error>> {
    let request = O::request(&input).map_err(SdkError::InvalidInput)?;
    let raw = match O::call_options(&input) {
        Some(options) => handle.call_with(O::SPEC, request, &options).await?,
        None => handle.call(O::SPEC, request).await?,
    };
    O::parse_response(raw)
}

/// [`send`] for the fluent builders' `send()`: the input as its builder's `build()` gave it
/// (a failed check is returned without sending), the handle owned so that the future
/// borrows nothing.
///
/// Generic, so that a generated `send()` is a plain function returning this future: an
/// `async fn` per operation would make every generated crate lay out and borrow-check a
/// state machine per operation, most of its debug build time.
pub async fn send_input<O: Operation>(
    handle: Handle,
    input: Result<O::Input, BuildError>,
) -> Result<O::Output, SdkError<O::Error>> {
    send::<O>(&handle, input?).await
}

/// The client handle an operation's input builder is attached to, which makes it the
/// operation's fluent builder: `ListWorkflowRunsInputBuilder<OperationHandle<ListWorkflowRuns>>`
/// has the input builder's setters and getters and, for operation `O`, `send()`.
///
/// Typed by operation so that an input shared by several operations gets each one's `send`.
pub struct OperationHandle<O> {
    handle: Handle,
    operation: PhantomData<fn() -> O>,
}

impl<O> OperationHandle<O> {
    /// Attaches `handle` for operation `O`.
    pub fn new(handle: Handle) -> Self {
        Self { handle, operation: PhantomData }
    }

    /// The client handle.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }
}

// Not derived: the derives would ask `O`, a unit struct, for `Clone` and `Debug`.
impl<O> Clone for OperationHandle<O> {
    fn clone(&self) -> Self {
        Self::new(self.handle.clone())
    }
}

impl<O> fmt::Debug for OperationHandle<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OperationHandle").field(&self.handle).finish()
    }
}

/// What an input builder's `build()` returns, as the input [`send`] takes: the input itself
/// (a builder without checks), or the input or the [`BuildError`] of a failed check.
pub trait BuiltInput<I> {
    /// The input, or why it could not be built.
    fn into_input(self) -> Result<I, BuildError>;
}

impl<I> BuiltInput<I> for I {
    #[inline]
    fn into_input(self) -> Result<I, BuildError> {
        Ok(self)
    }
}

impl<I> BuiltInput<I> for Result<I, BuildError> {
    #[inline]
    fn into_input(self) -> Result<I, BuildError> {
        self
    }
}

/// An operation's plumbing: the unit struct implementing [`Operation`], and its fluent
/// builder, the input builder attached to the client (`new`, `send`, and `into_paginator` if
/// paginated). What differs per operation is given; what the protocol does is in the
/// request and response functions named:
///
/// ```ignore
/// awsgen_runtime::operation! {
///     pub struct GetThing = "GetThing": GetThingInput => GetThingOutput, GetThingError;
///     retry_safe: true, retryable_errors: ["ThrottlingException" throttling, "InternalError"];
///     request(input) => http_request(input);
///     call_options: call_options;
///     response: awsgen_runtime::protocol::parse_response, protocol::parse_output::<GetThingOutput>;
///     /// Calls `GetThing`: ...
///     pub type GetThingFluentBuilder = GetThingInputBuilder { name, client_token, next_token };
///     idempotency_token: client_token;
///     paginator: GetThingPaginator;
/// }
/// ```
///
/// - `request`: the operation's whole request from `input` (a `&Input`), as
///   [`Operation::request`] returns it.
/// - `call_options` (optional): a `fn(&Input) -> CallOptions`, what the operation adds to
///   every request ([`Operation::call_options`]).
/// - `response`: the protocol's `parse_response` and the function reading a success
///   response's body into the output; the error enum's `from_response` reads an error.
/// - `pub type`: the fluent builder, with every field of the input builder (`new` sets them
///   unset).
/// - `idempotency_token` (optional): the member `send` fills with a fresh token when unset.
/// - `paginator` (optional): the operation's `Paginator` type, which `into_paginator` returns.
///
/// The calling crate is a generated one: the response is read with its
/// `crate::SERVICE.protocol`. Every function is `#[inline]`, as every function of a generated
/// crate is: its code is generated only in a crate that calls it.
#[macro_export]
#[allow(clippy::crate_in_macro_def, reason = "`crate::SERVICE` is the calling (generated) crate's service")]
macro_rules! operation {
    (
        pub struct $operation:ident = $name:literal: $input:ty => $output:ty, $error:ident;
        retry_safe: $retry_safe:literal, retryable_errors: [$($code:literal $($throttling:ident)?),* $(,)?];
        request($request_input:ident) => $request:expr;
        $(call_options: $call_options:path;)?
        response: $parse_response:path, $parse_output:expr;
        $(#[doc = $fluent_doc:literal])*
        pub type $fluent:ident = $($builder:ident)::+ { $($field:ident),* $(,)? };
        $(idempotency_token: $token:ident;)?
        $(paginator: $paginator:ident;)?
    ) => {
        #[doc = ::core::concat!(" The `", $name, "` operation, as the runtime's send and pagination paths see it.")]
        #[derive(Clone, Copy, Debug)]
        pub struct $operation;

        impl $crate::operation::Operation for $operation {
            type Input = $input;
            type Output = $output;
            type Error = $error;
            const SPEC: &'static $crate::spec::OperationSpec = &$crate::spec::OperationSpec {
                name: $name,
                retry_safe: $retry_safe,
                retryable_errors: &[$($crate::spec::RetryableError {
                    code: $code,
                    throttling: $crate::operation!(@throttling $($throttling)?),
                }),*],
            };

            #[inline]
            fn request(
                $request_input: &$input,
            ) -> ::core::result::Result<$crate::http::Request<$crate::ByteStream>, $crate::BuildError> {
                $request
            }

            $(
                #[inline]
                fn call_options(input: &$input) -> ::core::option::Option<$crate::client::CallOptions> {
                    ::core::option::Option::Some($call_options(input))
                }
            )?

            #[inline]
            fn parse_response(
                raw: $crate::RawResponse,
            ) -> ::core::result::Result<$output, $crate::SdkError<$error>> {
                $parse_response(crate::SERVICE.protocol, raw, $parse_output, $error::from_response)
            }
        }

        $(#[doc = $fluent_doc])*
        pub type $fluent = $($builder)::+<$crate::operation::OperationHandle<$operation>>;

        impl $fluent {
            #[allow(deprecated, reason = "a deprecated member is still a field to start unset")]
            #[inline]
            pub(crate) fn new(handle: $crate::client::Handle) -> Self {
                Self { $($field: ::core::option::Option::None,)* _client: $crate::operation::OperationHandle::new(handle) }
            }

            /// Sends the request and waits for the response.
            #[allow(deprecated, reason = "an idempotency token member may be deprecated")]
            #[inline]
            pub fn send(
                self,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<$output, $crate::SdkError<$error>>> {
                let handle = self._client.handle().clone();
                let builder = self;
                $(
                    // An idempotency token the caller left empty gets a fresh one.
                    let mut builder = builder;
                    if builder.$token.is_none() {
                        builder.$token = ::core::option::Option::Some(handle.idempotency_token());
                    }
                )?
                let input = $crate::operation::BuiltInput::<$input>::into_input(builder.build());
                $crate::operation::send_input::<$operation>(handle, input)
            }

            $(
                /// Pages through the results: a stream of pages, or of their items.
                #[inline]
                pub fn into_paginator(self) -> $paginator {
                    $crate::pagination::Paginator::new(self)
                }
            )?
        }
    };
    (@throttling) => { false };
    (@throttling throttling) => { true };
}
