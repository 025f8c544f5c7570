//! One error enum per operation (modeled errors plus `Unhandled`), and the service-wide
//! `Error` every operation error converts into.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{lit, type_path};
use crate::ir::{CrateIr, OperationError, OperationIr};

/// The error enum of an operation and its parser.
pub fn operation_error(krate: &CrateIr, op: &OperationIr) -> TokenStream {
    let query_codes: Vec<(&crate::ir::TypePath, &str)> = krate
        .shapes
        .iter()
        .filter_map(|s| match &s.kind {
            crate::ir::ShapeKind::Struct { role: crate::ir::StructRole::Error(info), .. } => {
                info.query_error_code.as_deref().map(|code| (&s.path, code))
            }
            _ => None,
        })
        .collect();
    let name = format_ident!("{}Error", crate::naming::type_name(&op.name));
    let doc = format!(" Errors of the `{}` operation.", op.name);
    let variants = op.errors.iter().map(|e| {
        let variant = format_ident!("{}", e.variant);
        let path = type_path(&e.path);
        let doc = format!(" The service returned `{}`.", e.code);
        quote! { #[doc = #doc] #variant(#path), }
    });
    let variant_arms = variant_arms(op.errors.iter());
    let predicates = crate::naming::error_predicates(op.errors.iter().map(|e| e.variant.as_str()));
    let is_methods = op.errors.iter().zip(predicates).map(|(e, method)| {
        let variant = format_ident!("{}", e.variant);
        let method = format_ident!("{}", method);
        let doc = format!(" Whether this is `{}`.", e.code);
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> bool {
                matches!(self, Self::#variant(_))
            }
        }
    });
    let parse_arms = op.errors.iter().map(|e| {
        let variant = format_ident!("{}", e.variant);
        let code = lit(&e.code);
        // `@awsQueryCompatible` services may name the error by its `@awsQueryError` code.
        let pattern = match query_codes.iter().find(|(path, _)| *path == &e.path) {
            Some((_, query)) if *query != e.code => {
                let query = lit(query);
                quote!(Some(#code | #query))
            }
            _ => quote!(Some(#code)),
        };
        quote!(#pattern => Self::#variant(json::parse_error(body, meta)?),)
    });
    let body = if op.errors.is_empty() { quote!(_body) } else { quote!(body) };
    let parse = if op.errors.is_empty() {
        quote!(Ok(Self::Unhandled(awsgen_runtime::error::UnhandledError { meta })))
    } else {
        quote! {
            Ok(match meta.code.as_deref() {
                #(#parse_arms)*
                _ => Self::Unhandled(awsgen_runtime::error::UnhandledError { meta }),
            })
        }
    };
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
            /// An error this operation's model does not list (code, message and status are kept).
            Unhandled(awsgen_runtime::error::UnhandledError),
        }
        impl #name {
            /// The error of the variant, through the trait all variants implement.
            fn variant(&self) -> &dyn awsgen_runtime::error::ErrorVariant {
                match self {
                    #(#variant_arms)*
                    Self::Unhandled(e) => e,
                }
            }
            /// Code, message, request id and status of the error response.
            pub fn meta(&self) -> &awsgen_runtime::ErrorMetadata {
                self.variant().meta()
            }
            /// The error code (`ValidationException`), if the service sent one.
            pub fn code(&self) -> Option<&str> {
                self.meta().code.as_deref()
            }
            /// The error message, if any.
            pub fn message(&self) -> Option<&str> {
                self.meta().message.as_deref()
            }
            /// The request id of the failed response.
            pub fn request_id(&self) -> Option<&str> {
                self.meta().request_id.as_deref()
            }
            /// Whether the model marks this error `@retryable`.
            pub fn is_retryable(&self) -> bool {
                self.variant().is_retryable()
            }
            /// Whether the model marks this error as throttling.
            pub fn is_throttling(&self) -> bool {
                self.variant().is_throttling()
            }
            #(#is_methods)*
            /// Reads an error response: the protocol's error metadata picks the variant (unknown
            /// codes are `Unhandled`), the body fills its members.
            pub fn from_response(meta: awsgen_runtime::ErrorMetadata, #body: &[u8]) -> Result<Self, json::DeserializeError> {
                #parse
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.variant().as_error(), f)
            }
        }
        impl std::error::Error for #name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(self.variant().as_error())
            }
        }
    }
}

/// `Self::Variant(e) => e,` for each modeled error: the arms of the `match` that reaches the
/// error inside a variant.
fn variant_arms<'a>(errors: impl Iterator<Item = &'a OperationError>) -> Vec<TokenStream> {
    errors
        .map(|e| {
            let variant = format_ident!("{}", e.variant);
            quote!(Self::#variant(e) => e,)
        })
        .collect()
}

/// The service-wide error: every modeled error of every operation, plus `Unhandled`.
pub fn service_error(krate: &CrateIr) -> TokenStream {
    let mut all: Vec<&OperationError> = Vec::new();
    for e in krate.operations.iter().flat_map(|op| &op.errors) {
        if !all.iter().any(|seen| seen.path == e.path) {
            all.push(e);
        }
    }
    all.sort_by(|a, b| a.variant.cmp(&b.variant));
    let variants = all.iter().map(|e| {
        let variant = format_ident!("{}", e.variant);
        let path = type_path(&e.path);
        let doc = format!(" `{}`.", e.code);
        quote! { #[doc = #doc] #variant(#path), }
    });
    let variant_arms = variant_arms(all.iter().copied());
    let froms = krate.operations.iter().map(|op| {
        let op_mod = crate::naming::ident(&op.fn_name);
        let op_error = format_ident!("{}Error", crate::naming::type_name(&op.name));
        let arms = op.errors.iter().map(|e| {
            let variant = format_ident!("{}", e.variant);
            quote!(#op_error::#variant(e) => Self::#variant(e),)
        });
        quote! {
            impl From<crate::operation::#op_mod::#op_error> for Error {
                fn from(error: crate::operation::#op_mod::#op_error) -> Self {
                    use crate::operation::#op_mod::#op_error;
                    match error {
                        #(#arms)*
                        #op_error::Unhandled(e) => Self::Unhandled(e),
                    }
                }
            }
        }
    });
    quote! {
        /// Any error of any operation of this service.
        #[non_exhaustive]
        #[derive(Debug)]
        #[allow(clippy::large_enum_variant, reason = "one variant per modeled error, as the model has them")]
        pub enum Error {
            #(#variants)*
            /// An error the model does not list.
            Unhandled(awsgen_runtime::error::UnhandledError),
        }
        impl Error {
            /// The error of the variant, through the trait all variants implement.
            fn variant(&self) -> &dyn awsgen_runtime::error::ErrorVariant {
                match self {
                    #(#variant_arms)*
                    Self::Unhandled(e) => e,
                }
            }
        }
        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.variant().as_error(), f)
            }
        }
        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(self.variant().as_error())
            }
        }
        #(#froms)*
    }
}
