//! Waiters (`smithy.waiters#waitable`): the model's waiters lowered to typed IR, and their
//! acceptors' matchers compiled to Rust.
//!
//! A waiter whose trait value is malformed, or whose JMESPath expression uses what
//! [`jmespath`] or [`compile`] do not handle, is left out (`CrateIr::skipped_waiters`) with
//! the reason; the operation and the other waiters are generated.

pub mod compile;
pub mod jmespath;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::index::ShapeIndex;
use crate::ir::{CrateIr, OperationIr, SkippedOperation};
use compile::{Compiler, Kind};
use jmespath::Expr;

/// The trait id.
pub const WAITABLE: &str = "smithy.waiters#waitable";

/// The specification's delays when the model gives none.
const DEFAULT_MIN_DELAY: u64 = 2;
const DEFAULT_MAX_DELAY: u64 = 120;

/// One waiter of an operation.
#[derive(Clone, Debug)]
pub struct WaiterIr {
    /// The waiter's name (`TableExists`).
    pub name: String,
    /// The client method (`wait_until_table_exists`).
    pub fn_name: String,
    /// The operation it polls (its `OperationIr::name`).
    pub operation: String,
    /// Documentation.
    pub docs: Option<String>,
    /// The shortest delay between polls, in seconds.
    pub min_delay: u64,
    /// The longest delay between polls, in seconds.
    pub max_delay: u64,
    /// `deprecated: true` in the model.
    pub deprecated: bool,
    /// The acceptors, in order.
    pub acceptors: Vec<AcceptorIr>,
}

/// What an acceptor's match makes of the waiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// Done.
    Success,
    /// Will never get there.
    Failure,
    /// Poll again.
    Retry,
}

/// One acceptor.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptorIr {
    /// The state it moves to.
    pub state: AcceptorState,
    /// When it matches.
    pub matcher: Matcher,
}

/// How a path's result is compared with the expected value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// The result is the expected string.
    StringEquals,
    /// The result is the expected boolean.
    BooleanEquals,
    /// The result is a non-empty list of strings, all the expected one.
    AllStringEquals,
    /// The result is a list of strings, one of them the expected one.
    AnyStringEquals,
}

/// A JMESPath matcher.
#[derive(Clone, Debug, PartialEq)]
pub struct PathMatcher {
    /// The expression as written in the model.
    pub path: String,
    /// The expression parsed.
    pub expr: Expr,
    /// The expected value.
    pub expected: String,
    /// The comparison.
    pub comparator: Comparator,
}

/// An acceptor's matcher.
#[derive(Clone, Debug, PartialEq)]
pub enum Matcher {
    /// A path over the output of a successful poll.
    Output(PathMatcher),
    /// A path over `{input, output}` of a successful poll.
    InputOutput(PathMatcher),
    /// `true`: the poll succeeded; `false`: it failed.
    Success(bool),
    /// The poll failed with this error code (the error shape's name).
    ErrorType(String),
}

/// The waiters of the crate's operations, and those left out with the reason (`name` is the
/// waiter's).
pub fn lower(index: &ShapeIndex, operation_ids: &[String], krate: &CrateIr) -> (Vec<WaiterIr>, Vec<SkippedOperation>) {
    let (mut waiters, mut skipped) = (Vec::new(), Vec::new());
    for op in &krate.operations {
        let Some(op_id) = operation_ids.iter().find(|id| id.rsplit('#').next() == Some(op.name.as_str())) else { continue };
        let Some(Value::Object(defined)) = index.get(op_id, op_id).ok().and_then(|shape| shape.traits.get(WAITABLE)) else { continue };
        for (name, definition) in defined {
            match waiter(name, definition, op).and_then(|w| check(krate, op, &w).map(|()| w)) {
                Ok(waiter) => waiters.push(waiter),
                Err(reason) => skipped.push(SkippedOperation { name: name.clone(), reason }),
            }
        }
    }
    waiters.sort_by(|a, b| a.fn_name.cmp(&b.fn_name));
    skipped.sort_by(|a, b| a.name.cmp(&b.name));
    (waiters, skipped)
}

/// A waiter from its trait value.
fn waiter(name: &str, definition: &Value, op: &OperationIr) -> Result<WaiterIr, String> {
    let delay = |key: &str, default: u64| match definition.get(key) {
        None => Ok(default),
        Some(value) => value.as_u64().filter(|d| *d >= 1).ok_or_else(|| format!("`{key}` must be a positive integer, not {value}")),
    };
    let (min_delay, max_delay) = (delay("minDelay", DEFAULT_MIN_DELAY)?, delay("maxDelay", DEFAULT_MAX_DELAY)?);
    if min_delay > max_delay {
        return Err(format!("minDelay {min_delay} exceeds maxDelay {max_delay}"));
    }
    let acceptors = definition.get("acceptors").and_then(Value::as_array).filter(|a| !a.is_empty()).ok_or("no acceptors")?;
    Ok(WaiterIr {
        name: name.to_owned(),
        fn_name: format!("wait_until_{}", crate::naming::fn_name(name)),
        operation: op.name.clone(),
        docs: definition.get("documentation").and_then(Value::as_str).map(crate::naming::docs_to_markdown).filter(|d| !d.is_empty()),
        min_delay,
        max_delay,
        deprecated: definition.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
        acceptors: acceptors.iter().enumerate().map(|(i, a)| acceptor(a).map_err(|e| format!("acceptor {}: {e}", i + 1))).collect::<Result<_, _>>()?,
    })
}

fn acceptor(value: &Value) -> Result<AcceptorIr, String> {
    let state = match value.get("state").and_then(Value::as_str) {
        Some("success") => AcceptorState::Success,
        Some("failure") => AcceptorState::Failure,
        Some("retry") => AcceptorState::Retry,
        other => return Err(format!("unknown state {other:?}")),
    };
    let Some(Value::Object(matcher)) = value.get("matcher") else { return Err("no matcher".into()) };
    let (kind, body) = matcher.iter().next().filter(|_| matcher.len() == 1).ok_or("a matcher must have exactly one member")?;
    let matcher = match (kind.as_str(), body) {
        ("success", Value::Bool(success)) => Matcher::Success(*success),
        ("errorType", Value::String(error)) => Matcher::ErrorType(error.rsplit('#').next().unwrap_or(error).to_owned()),
        ("output", body) => Matcher::Output(path_matcher(body)?),
        ("inputOutput", body) => Matcher::InputOutput(path_matcher(body)?),
        (other, body) => return Err(format!("unsupported matcher `{other}`: {body}")),
    };
    Ok(AcceptorIr { state, matcher })
}

fn path_matcher(body: &Value) -> Result<PathMatcher, String> {
    let text = |key: &str| body.get(key).and_then(Value::as_str).ok_or_else(|| format!("the matcher has no `{key}` string"));
    let comparator = match text("comparator")? {
        "stringEquals" => Comparator::StringEquals,
        "booleanEquals" => Comparator::BooleanEquals,
        "allStringEquals" => Comparator::AllStringEquals,
        "anyStringEquals" => Comparator::AnyStringEquals,
        other => return Err(format!("unknown comparator `{other}`")),
    };
    let path = text("path")?;
    let expr = jmespath::parse(path).map_err(|e| format!("path `{path}`: {e}"))?;
    Ok(PathMatcher { path: path.to_owned(), expr, expected: text("expected")?.to_owned(), comparator })
}

/// Compiles every matcher once, so that a waiter the emitter cannot generate is left out.
fn check(krate: &CrateIr, op: &OperationIr, waiter: &WaiterIr) -> Result<(), String> {
    for (i, acceptor) in waiter.acceptors.iter().enumerate() {
        matcher_code(krate, op, &acceptor.matcher).map_err(|e| format!("acceptor {}: {e}", i + 1))?;
    }
    Ok(())
}

/// The body of an acceptor's matcher: a `bool` expression over `input` (the input builder)
/// and `result` (the poll's `Result<Output, SdkError<Error>>`).
pub fn matcher_code(krate: &CrateIr, op: &OperationIr, matcher: &Matcher) -> Result<TokenStream, String> {
    let (path, root) = match matcher {
        Matcher::Success(true) => return Ok(quote!(result.is_ok())),
        Matcher::Success(false) => return Ok(quote!(result.is_err())),
        Matcher::ErrorType(code) => {
            return Ok(quote!(result.as_ref().err().and_then(|error| error.as_service_error()).and_then(awsgen_runtime::error::ProvideErrorMetadata::code) == Some(#code)));
        }
        Matcher::Output(path) => (path, compile::Value::present(quote!(output), Kind::Struct { path: op.output.clone(), builder: false })),
        Matcher::InputOutput(path) => {
            (path, compile::Value::present(quote!(()), Kind::InputOutput { input: op.input.clone(), output: op.output.clone() }))
        }
    };
    let value = Compiler::new(krate).compile(&path.expr, &root).map_err(|e| format!("path `{}`: {e}", path.path))?;
    let test = comparison(&value, path).map_err(|e| format!("path `{}`: {e}", path.path))?;
    Ok(quote!(result.as_ref().is_ok_and(|output| #test)))
}

/// `value` compared with the matcher's expected value.
fn comparison(value: &compile::Value, matcher: &PathMatcher) -> Result<TokenStream, String> {
    let expected = &matcher.expected;
    let (raw, code) = (&value.code, &compile::operand(&value.code));
    // The list's values, bound to `values` when present, tested as an `Option` otherwise.
    let on_list = |test: TokenStream| {
        if value.present {
            quote!({ let values = #code; #test })
        } else {
            quote!(#code.is_some_and(|values| #test))
        }
    };
    let is_string_list = value.kind == Kind::List(Box::new(Kind::Str));
    Ok(match (matcher.comparator, &value.kind) {
        (Comparator::StringEquals, Kind::Str) if value.present => quote!(#code == #expected),
        (Comparator::StringEquals, Kind::Str) => quote!(#code == Some(#expected)),
        (Comparator::BooleanEquals, Kind::Bool) => {
            let expected: bool = expected.parse().map_err(|_| format!("booleanEquals expects `true` or `false`, not `{expected}`"))?;
            if value.present {
                if expected {
                    raw.clone()
                } else {
                    quote!(!#code)
                }
            } else {
                quote!(#code == Some(#expected))
            }
        }
        // An empty list matches no `allStringEquals` (as in botocore and smithy-rs).
        (Comparator::AllStringEquals, _) if is_string_list => {
            on_list(quote!(!values.is_empty() && values.iter().all(|value| *value == #expected)))
        }
        (Comparator::AnyStringEquals, _) if is_string_list => on_list(quote!(values.contains(&#expected))),
        (comparator, kind) => return Err(format!("{comparator:?} on a value of type {kind:?}")),
    })
}
