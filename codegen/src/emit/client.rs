//! The `Client`: one method per operation, each returning the operation's fluent builder.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc_lines;
use crate::ir::CrateIr;
use crate::naming::ident;

/// `src/client.rs`.
pub fn client(krate: &CrateIr) -> TokenStream {
    let methods = krate.operations.iter().map(|op| {
        let method = ident(&op.fn_name);
        let module = ident(&op.fn_name);
        let fluent = format_ident!("{}FluentBuilder", crate::naming::type_name(&op.name));
        let doc = doc_lines(&super::docs::client_method(krate, op));
        let deprecated = op.deprecated.as_ref().map(super::deprecated_attribute);
        // The method is `#[deprecated]` for callers; its body necessarily names the deprecated
        // operation's own fluent builder, which would warn inside the crate.
        let allow = op.deprecated.is_some().then(|| quote!(#[allow(deprecated)]));
        quote! {
            #doc
            #deprecated
            #allow
            pub fn #method(&self) -> crate::operation::#module::#fluent {
                crate::operation::#module::#fluent::new(self.handle.clone())
            }
        }
    });
    let waiters = super::waiters::client_methods(krate);
    let title = &krate.service.title;
    let doc = format!(" A client for {title}: one method per operation.");
    quote! {
        #[doc = #doc]
        ///
        /// Cheap to clone: clones share the connection pool, configuration and retry quota.
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: awsgen_runtime::client::Handle,
        }

        impl Client {
            /// A client with the given configuration.
            pub fn new(config: crate::Config) -> Self {
                Self { handle: awsgen_runtime::client::Handle::new(&crate::SERVICE, config) }
            }
            /// The client's configuration.
            pub fn config(&self) -> &crate::Config {
                self.handle.config()
            }
            #(#methods)*
            #(#waiters)*
        }
    }
}
