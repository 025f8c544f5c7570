//! One error enum per operation (modeled errors plus `Unhandled`), and the service-wide
//! `Error` every operation error converts into.

use quote::{format_ident, quote};

use super::template::{doc_attribute, template, Fill, Items};
use super::{doc_literal, type_path};
use crate::ir::{CrateIr, OperationError, OperationIr};

/// The error enum of an operation and its parser: one `awsgen_runtime::operation_error!`
/// entry per modeled error (the runtime writes the enum's impls).
pub fn operation_error(krate: &CrateIr, op: &OperationIr) -> Items {
    let parse_error = super::protocol::parse_error_fn(krate);
    let name = format_ident!("{}Error", crate::naming::type_name(&op.name));
    let predicates = crate::naming::error_predicates(op.errors.iter().map(|e| e.variant.as_str()));
    let variants = op.errors.iter().zip(&predicates).map(|(error, predicate)| {
        let docs = super::doc_attributes(Some(&super::docs::error_variant(krate, error)));
        let variant = format_ident!("{}", error.variant);
        let path = type_path(&error.path);
        let predicate = format_ident!("{}", predicate);
        let codes = std::iter::once(&error.code).chain(&error.query_code);
        quote! {
            #(#docs)*
            #variant(#path) = #(#codes)|*, #predicate;
        }
    });
    let doc = doc_attribute(doc_literal(&format!(" Errors of the `{}` operation.", op.name)));
    let mut items = Items::new();
    items.push_tokens(quote! {
        awsgen_runtime::operation_error! {
            #doc
            pub enum #name, read with #parse_error;
            #(#variants)*
        }
    });
    items
}

/// `Self::Variant(e) => e,` for each modeled error: the arms of the `match` that reaches the
/// error inside a variant.
fn variant_arms<'a>(errors: impl Iterator<Item = &'a OperationError>) -> Vec<syn::Arm> {
    errors
        .map(|e| {
            let variant = format_ident!("{}", e.variant);
            let mut arm = template!(syn::Arm, { Self::__Variant(e) => e, });
            Fill::new().ident("__Variant", &variant).apply(&mut arm);
            arm
        })
        .collect()
}

/// The service-wide error: every modeled error of every operation, plus `Unhandled`.
pub fn service_error(krate: &CrateIr) -> Items {
    let mut all: Vec<&OperationError> = Vec::new();
    for e in krate.operations.iter().flat_map(|op| &op.errors) {
        if !all.iter().any(|seen| seen.path == e.path) {
            all.push(e);
        }
    }
    all.sort_by(|a, b| a.variant.cmp(&b.variant));
    let variants = all
        .iter()
        .map(|e| {
            let variant = format_ident!("{}", e.variant);
            let path = type_path(&e.path);
            let mut definition = template!(syn::Variant, { __Variant(__Error) });
            Fill::new().ident("__Variant", &variant).ty("__Error", &path).apply(&mut definition);
            definition.attrs.push(doc_attribute(doc_literal(&format!(" `{}`.", e.code))));
            definition
        })
        .collect();
    let mut definition = template!(syn::ItemEnum, {
        /// Any error of any operation of this service.
        #[non_exhaustive]
        #[derive(Debug)]
        #[allow(clippy::large_enum_variant, reason = "one variant per modeled error, as the model has them")]
        pub enum Error {
            __variants,
            /// An error response the model does not list.
            Unhandled(awsgen_runtime::error::UnhandledError),
            /// A call that failed without a service error (invalid input, no response, a
            /// malformed response, a repeated pagination token), converted from its `SdkError`.
            Sdk(Box<awsgen_runtime::error::CallFailure>),
        }
    });
    Fill::new().splice("__variants", variants).apply(&mut definition);
    let mut methods = template!(syn::ItemImpl, {
        impl Error {
            /// The error inside the variant.
            fn inner(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
                match self {
                    __variant_arms => {}
                    Self::Unhandled(e) => e,
                    Self::Sdk(e) => e,
                }
            }
        }
    });
    Fill::new().splice("__variant_arms", variant_arms(all.iter().copied())).apply(&mut methods);

    let mut items = Items::new();
    items.push_item(syn::Item::Enum(definition));
    items.push_item(syn::Item::Impl(methods));
    items.push_tokens(quote::quote! {
        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.inner(), f)
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(self.inner())
            }
        }

        /// `?` from any operation's `SdkError` into this error: a service error becomes its
        /// variant (as [`From`] for the operation's error gives it), any other failure
        /// [`Error::Sdk`]. One function can then call several operations and return `Error`.
        impl<E: Into<Error>> From<awsgen_runtime::SdkError<E>> for Error {
            fn from(error: awsgen_runtime::SdkError<E>) -> Self {
                match error.into_service_error_or_failure() {
                    Ok(service) => service.into(),
                    Err(failure) => Self::Sdk(failure),
                }
            }
        }
    });
    for op in &krate.operations {
        let op_mod = crate::naming::ident(&op.fn_name);
        let op_error = format_ident!("{}Error", crate::naming::type_name(&op.name));
        let arms = op
            .errors
            .iter()
            .map(|e| {
                let variant = format_ident!("{}", e.variant);
                let mut arm = template!(syn::Arm, { __OpError::__Variant(e) => Self::__Variant(e), });
                Fill::new().ident("__OpError", &op_error).ident("__Variant", &variant).apply(&mut arm);
                arm
            })
            .collect();
        let mut from = template!(syn::ItemImpl, {
            impl From<crate::operation::__op_mod::__OpError> for Error {
                fn from(error: crate::operation::__op_mod::__OpError) -> Self {
                    use crate::operation::__op_mod::__OpError;
                    match error {
                        __arms => {}
                        __OpError::Unhandled(e) => Self::Unhandled(e),
                    }
                }
            }
        });
        Fill::new().ident("__op_mod", &op_mod).ident("__OpError", &op_error).splice("__arms", arms).apply(&mut from);
        items.push_item(syn::Item::Impl(from));
    }
    items
}
