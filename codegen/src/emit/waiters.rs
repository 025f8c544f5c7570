//! Waiters: `src/waiters.rs` (each waiter's delays and acceptors, the matchers compiled from
//! the model's JMESPath) and the `Client::wait_until_...` methods that run them on the
//! runtime's generic polling loop (`awsgen_runtime::waiter`).

use heck::ToShoutySnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::builders::build_is_fallible;
use super::{builder_path, doc_lines, type_path};
use crate::ir::{CrateIr, OperationIr, ShapeKind};
use crate::naming::ident;
use crate::waiters::{AcceptorState, Comparator, Matcher, WaiterIr};

/// The operation a waiter polls (lowering only keeps waiters of generated operations).
fn operation<'a>(krate: &'a CrateIr, waiter: &WaiterIr) -> Option<&'a OperationIr> {
    krate.operations.iter().find(|op| op.name == waiter.operation)
}

/// The `WaiterSpec<Input builder, Output, Error>` type of a waiter of `op`.
fn spec_type(op: &OperationIr) -> TokenStream {
    let (input, output) = (builder_path(&op.input), type_path(&op.output));
    let error = format_ident!("{}Error", crate::naming::type_name(&op.name));
    let module = ident(&op.fn_name);
    quote!(#input, #output, crate::operation::#module::#error)
}

fn spec_name(waiter: &WaiterIr) -> proc_macro2::Ident {
    format_ident!("{}", waiter.name.to_shouty_snake_case())
}

/// Sends `input` (the input builder) through `handle` once: the one place waiters meet the
/// operation's send path. `None` if the input is no structure of the crate.
fn poll_once(krate: &CrateIr, op: &OperationIr) -> Option<TokenStream> {
    let module = ident(&op.fn_name);
    let operation = format_ident!("{}", crate::naming::type_name(&op.name));
    let ShapeKind::Struct { members, role } = &krate.shape(&op.input)?.kind else { return None };
    // `build()` returns the input itself when no member can be missing or out of bounds.
    let input = if build_is_fallible(members, role) { quote!(input.build()?) } else { quote!(input.build()) };
    Some(quote!(awsgen_runtime::operation::send::<crate::operation::#module::#operation>(&handle, #input).await))
}

/// `src/waiters.rs` (for a crate with waiters).
pub fn waiters_file(krate: &CrateIr) -> TokenStream {
    let specs = krate.waiters.iter().filter_map(|waiter| {
        let op = operation(krate, waiter)?;
        let (name, spec_name, spec_type) = (&waiter.name, spec_name(waiter), spec_type(op));
        let (min_delay, max_delay) = (Literal::u64_unsuffixed(waiter.min_delay), Literal::u64_unsuffixed(waiter.max_delay));
        let acceptors = waiter.acceptors.iter().map(|acceptor| {
            let state = match acceptor.state {
                AcceptorState::Success => quote!(Success),
                AcceptorState::Failure => quote!(Failure),
                AcceptorState::Retry => quote!(Retry),
            };
            // Lowering compiled every matcher once: one that fails here was left out there.
            let test = crate::waiters::matcher_code(krate, op, &acceptor.matcher).unwrap_or_else(|_| quote!(false));
            let input = if matches!(acceptor.matcher, Matcher::InputOutput(_)) { quote!(input) } else { quote!(_) };
            quote!(awsgen_runtime::waiter::Acceptor { state: awsgen_runtime::waiter::AcceptorState::#state, matcher: |#input, result| #test })
        });
        let doc = format!(" `{name}`: polls `{}`.", op.name);
        Some(quote! {
            #[doc = #doc]
            pub(crate) static #spec_name: awsgen_runtime::waiter::WaiterSpec<#spec_type> = awsgen_runtime::waiter::WaiterSpec {
                name: #name,
                min_delay: std::time::Duration::from_secs(#min_delay),
                max_delay: std::time::Duration::from_secs(#max_delay),
                acceptors: &[#(#acceptors),*],
            };
        })
    });
    quote! {
        //! The waiters' delays and acceptors, compiled from the model's
        //! `smithy.waiters#waitable` traits; `Client::wait_until_...` runs them.
        #(#specs)*
    }
}

/// The `wait_until_...` methods of the `Client`.
pub fn client_methods(krate: &CrateIr) -> Vec<TokenStream> {
    krate
        .waiters
        .iter()
        .filter_map(|waiter| {
            let op = operation(krate, waiter)?;
            let (method, spec_name, spec_type) = (ident(&waiter.fn_name), spec_name(waiter), spec_type(op));
            let input = builder_path(&op.input);
            let doc = doc_lines(&method_docs(waiter, op));
            let deprecated = waiter.deprecated.then(|| quote!(#[deprecated(note = "the model deprecates this waiter")]));
            let poll = poll_once(krate, op)?;
            Some(quote! {
                #doc
                #deprecated
                pub fn #method(&self, input: #input) -> awsgen_runtime::waiter::Waiter<#spec_type> {
                    let handle = self.handle.clone();
                    let poll: awsgen_runtime::waiter::PollOnce<#spec_type> = Box::new(move |input| {
                        let handle = handle.clone();
                        Box::pin(async move { #poll })
                    });
                    awsgen_runtime::waiter::Waiter::new(&crate::waiters::#spec_name, input, poll)
                }
            })
        })
        .collect()
}

/// A waiter method's documentation: the model's, how to run it, its delays and acceptors.
fn method_docs(waiter: &WaiterIr, op: &OperationIr) -> String {
    let mut text = match &waiter.docs {
        Some(docs) => format!("{}\n\n", docs.trim()),
        None => String::new(),
    };
    text.push_str(&format!(
        "The `{}` waiter: polls [`{}`](Self::{}) with `input` (the operation's input builder, as boto3's \
         `get_waiter(...).wait(**params)` takes its parameters) until an acceptor below decides, or the maximum wait \
         passed to `.wait(max_wait)` is spent. The `Ok` value is the last poll.\n\n",
        waiter.name, op.name, op.fn_name
    ));
    text.push_str(&format!(
        "Delays between polls: from {} s, doubling up to {} s, with jitter; the last poll comes at the maximum wait, \
         never after it (`min_delay` and `max_delay` on the returned waiter override these).\n\n\
         Acceptors, in order (the first that matches a poll decides; a failed poll no acceptor matches ends the wait):\n\n",
        waiter.min_delay, waiter.max_delay
    ));
    for (i, acceptor) in waiter.acceptors.iter().enumerate() {
        let state = match acceptor.state {
            AcceptorState::Success => "success",
            AcceptorState::Failure => "failure",
            AcceptorState::Retry => "retry",
        };
        text.push_str(&format!("{}. **{state}** when {}\n", i + 1, matcher_words(&acceptor.matcher)));
    }
    text
}

fn matcher_words(matcher: &Matcher) -> String {
    let (subject, path) = match matcher {
        Matcher::Success(true) => return "the call succeeds.".into(),
        Matcher::Success(false) => return "the call fails.".into(),
        Matcher::ErrorType(code) => return format!("the call fails with `{code}`."),
        Matcher::Output(path) => ("the output", path),
        Matcher::InputOutput(path) => ("`{input, output}`", path),
    };
    let expected = &path.expected;
    let comparison = match path.comparator {
        Comparator::StringEquals => format!("is `\"{expected}\"`"),
        Comparator::BooleanEquals => format!("is `{expected}`"),
        Comparator::AllStringEquals => format!("are all `\"{expected}\"` (and there is at least one)"),
        Comparator::AnyStringEquals => format!("include `\"{expected}\"`"),
    };
    // A double-backtick code span, since JMESPath literals are written between backticks.
    format!("`` {} `` of {subject} {comparison}.", path.path)
}
