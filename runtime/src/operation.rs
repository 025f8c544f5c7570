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
