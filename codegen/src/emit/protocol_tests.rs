//! `src/protocol_tests.rs`: one test per client case of the model's `smithy.test#httpRequestTests`
//! and `smithy.test#httpResponseTests` traits (on operations and on error structures).
//!
//! - A request test builds the input from the case's `params` through the public fluent
//!   builder, sends it through the real client (endpoint, signing, request building) to a
//!   capturing transport that answers `200 {}`, with a fixed clock and the test idempotency
//!   token, and checks method, URI, query, headers, host and body.
//! - A response test feeds `code`, `headers` and `body` to the operation's response parser and
//!   compares the output, or the typed error and its members, with a value built from `params`
//!   through the builders (NaN-aware when the params hold NaN).
//!
//! A case whose params the generator cannot express still becomes a test, one that fails and
//! says why, so that no case is silently lost.

use std::cell::Cell;

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::builders::{build_is_fallible, setter_names};
use super::{builder_path, type_path};
use crate::index::Simple;
use crate::ir::{CrateIr, MemberIr, NamedKind, OperationIr, ShapeIr, ShapeKind, TypeIr, TypePath};
use crate::naming::ident;

/// Request or response case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseKind {
    /// `smithy.test#httpRequestTests`.
    Request,
    /// `smithy.test#httpResponseTests`.
    Response,
}

/// One test case of the model, and what became of it.
#[derive(Clone, Debug)]
pub struct CaseInfo {
    /// The case's `id`.
    pub id: String,
    /// Request or response.
    pub kind: CaseKind,
    /// The operation or error structure it is on.
    pub owner: String,
    /// The generated test function (in `protocol_tests`), if one was generated.
    pub test_name: Option<String>,
    /// Why no test was generated: `"server-only"` (`appliesTo: server`) or another protocol.
    pub skipped: Option<String>,
}

struct RawCase<'a> {
    case: &'a Value,
    kind: CaseKind,
    /// The operation to run it against.
    op: Option<&'a OperationIr>,
    /// The error structure it is on, for error response cases.
    error: Option<&'a ShapeIr>,
    owner: String,
}

fn protocol_id(krate: &CrateIr) -> &'static str {
    krate.service.protocol.trait_id()
}

fn raw_cases(krate: &CrateIr) -> Vec<RawCase<'_>> {
    let mut out = Vec::new();
    for op in &krate.operations {
        for case in &op.request_tests {
            out.push(RawCase { case, kind: CaseKind::Request, op: Some(op), error: None, owner: op.name.clone() });
        }
        for case in &op.response_tests {
            out.push(RawCase { case, kind: CaseKind::Response, op: Some(op), error: None, owner: op.name.clone() });
        }
    }
    for shape in &krate.shapes {
        // The first operation that can return the error runs its cases.
        let op = krate.operations.iter().find(|op| op.errors.iter().any(|e| e.path == shape.path));
        for case in &shape.response_tests {
            let owner = shape.id.rsplit('#').next().unwrap_or(&shape.id).to_owned();
            out.push(RawCase { case, kind: CaseKind::Response, op, error: Some(shape), owner });
        }
    }
    out
}

fn skip_reason(krate: &CrateIr, case: &Value) -> Option<String> {
    if case.get("appliesTo").and_then(Value::as_str) == Some("server") {
        return Some("server-only".to_owned());
    }
    match case.get("protocol").and_then(Value::as_str) {
        Some(p) if p != protocol_id(krate) => Some(format!("protocol {p}")),
        _ => None,
    }
}

/// Every case of the model, with its test name or the reason it was skipped.
pub fn cases(krate: &CrateIr) -> Vec<CaseInfo> {
    let mut used: Vec<String> = Vec::new();
    raw_cases(krate)
        .into_iter()
        .map(|raw| {
            let id = raw.case.get("id").and_then(Value::as_str).unwrap_or("unnamed").to_owned();
            let skipped = skip_reason(krate, raw.case);
            let test_name = skipped.is_none().then(|| {
                let prefix = match raw.kind {
                    CaseKind::Request => "request",
                    CaseKind::Response => "response",
                };
                let base = format!("{prefix}_{}", id.to_snake_case());
                let mut name = base.clone();
                let mut n = 1;
                while used.contains(&name) {
                    n += 1;
                    name = format!("{base}_{n}");
                }
                used.push(name.clone());
                name
            });
            CaseInfo { id, kind: raw.kind, owner: raw.owner, test_name, skipped }
        })
        .collect()
}

/// Whether the crate gets a `protocol_tests` module (it has a case a client runs).
pub fn has_cases(krate: &CrateIr) -> bool {
    cases(krate).iter().any(|c| c.test_name.is_some())
}

/// The `protocol_tests` module.
pub fn protocol_tests(krate: &CrateIr) -> TokenStream {
    let infos = cases(krate);
    let tests = raw_cases(krate).into_iter().zip(&infos).filter_map(|(raw, info)| {
        let name = info.test_name.as_ref()?;
        let body = match raw.kind {
            CaseKind::Request => request_test(krate, &raw),
            CaseKind::Response => response_test(krate, &raw),
        }
        .unwrap_or_else(|reason| {
            let message = format!("awsgen cannot express this case yet: {reason}");
            quote!(panic!(#message);)
        });
        let name = format_ident!("{}", name);
        let doc = format!(" `{}` ({}): {}", info.id, info.owner, doc_of(raw.case));
        Some(quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                #body
            }
        })
    });
    let protocol = super::protocol::import(krate);
    quote! {
        //! The model's `smithy.test` protocol compliance cases, one test per client case.
        #![allow(deprecated, clippy::approx_constant, clippy::unreadable_literal, clippy::excessive_precision)]
        #[allow(unused_imports)]
        #protocol
        #(#tests)*
    }
}

fn doc_of(case: &Value) -> String {
    let text = case.get("documentation").and_then(Value::as_str).unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn str_field<'a>(case: &'a Value, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

fn str_list(case: &Value, key: &str) -> Vec<String> {
    case.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn header_pairs(case: &Value) -> Vec<TokenStream> {
    case.get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(name, value)| {
                    let value = value.as_str().unwrap_or_default();
                    quote!((#name, #value))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn input_members<'a>(krate: &'a CrateIr, op: &OperationIr) -> &'a [MemberIr] {
    match krate.shapes.iter().find(|s| s.path == op.input).map(|s| &s.kind) {
        Some(ShapeKind::Struct { members, .. }) => members,
        _ => &[],
    }
}

fn request_test(krate: &CrateIr, raw: &RawCase<'_>) -> Result<TokenStream, String> {
    let case = raw.case;
    let op = raw.op.ok_or("no operation")?;
    let values = Values { krate, nan: Cell::new(false) };
    let setters = values.setters(input_members(krate, op), case.get("params"), &op.name)?;
    let endpoint = match str_field(case, "host") {
        Some(host) if host.contains("://") => host.to_owned(),
        Some(host) => format!("https://{host}"),
        None => "https://example.com".to_owned(),
    };
    let method = str_field(case, "method").unwrap_or("POST");
    let uri = str_field(case, "uri").unwrap_or("/");
    let list = |key: &str| {
        let items = str_list(case, key);
        quote!(&[#(#items),*])
    };
    let (query_params, forbid_query, require_query) =
        (list("queryParams"), list("forbidQueryParams"), list("requireQueryParams"));
    let (forbid_headers, require_headers) = (list("forbidHeaders"), list("requireHeaders"));
    let headers = header_pairs(case);
    let resolved_host = opt_str(str_field(case, "resolvedHost"));
    let body = opt_str(str_field(case, "body"));
    let media_type = opt_str(str_field(case, "bodyMediaType"));
    let method_name = ident(&op.fn_name);
    Ok(quote! {
        let transport = awsgen_runtime::testing::capturing_transport();
        let client = crate::Client::new(awsgen_runtime::testing::config(#endpoint, std::sync::Arc::new(transport.clone())));
        let result = awsgen_runtime::testing::block_on(client.#method_name() #(#setters)* .send());
        let request = transport.last_request().unwrap_or_else(|| panic!("no request was sent: {result:?}"));
        let expected = awsgen_runtime::testing::ExpectedRequest {
            method: #method,
            uri: #uri,
            query_params: #query_params,
            forbid_query_params: #forbid_query,
            require_query_params: #require_query,
            headers: &[#(#headers),*],
            forbid_headers: #forbid_headers,
            require_headers: #require_headers,
            resolved_host: #resolved_host,
            body: #body,
            body_media_type: #media_type,
        };
        expected.check(&request).unwrap_or_else(|e| panic!("{e}"));
    })
}

fn response_test(krate: &CrateIr, raw: &RawCase<'_>) -> Result<TokenStream, String> {
    let case = raw.case;
    let op = raw.op.ok_or("no operation of the service returns this error")?;
    let status = case.get("code").and_then(Value::as_u64).ok_or("the case has no `code`")?;
    let status = u16::try_from(status).map_err(|_| "the status is out of range")?;
    let headers = header_pairs(case);
    let body = str_field(case, "body").unwrap_or("");
    let op_module = ident(&op.fn_name);
    let op_error = format_ident!("{}Error", crate::naming::type_name(&op.name));
    let parse_output = super::protocol::parse_output_fn(krate, op);
    let parse = super::protocol::parse_response_fn(krate);
    let values = Values { krate, nan: Cell::new(false) };
    let request_id = case
        .get("headers")
        .and_then(Value::as_object)
        .and_then(|h| {
            h.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("x-amzn-requestid") || k.eq_ignore_ascii_case("x-amz-request-id"))
        })
        .and_then(|(_, v)| v.as_str());
    let preamble = quote! {
        let raw = awsgen_runtime::testing::raw_response(#status, &[#(#headers),*], #body);
        let result = #parse(
            crate::SERVICE.protocol,
            raw,
            #parse_output,
            crate::operation::#op_module::#op_error::from_response,
        );
    };
    match raw.error {
        None => {
            let expected = values.structure(&op.output, case.get("params"))?;
            let compare = compare(&values);
            let request_id = opt_str(request_id);
            let output = super::type_path(&op.output);
            // The `serde` feature: the output read back from its serialization is the same
            // (but for a stream, which the serde form leaves out).
            let streams = krate.shape(&op.output).is_some_and(|s| {
                matches!(&s.kind, crate::ir::ShapeKind::Struct { members, .. } if members.iter().any(|m| !m.ty.in_json()))
            });
            let serde_round_trip = (!streams).then(|| {
                quote! {
                    #[cfg(feature = "serde")]
                    {
                        let text = awsgen_runtime::serde_json::to_string(&actual).expect("serializes");
                        let mut actual: #output = awsgen_runtime::serde_json::from_str(&text).expect("deserializes");
                        awsgen_runtime::protocol::OperationOutput::set_request_id(&mut actual, expected.request_id().map(str::to_owned));
                        #compare
                    }
                }
            });
            Ok(quote! {
                #preamble
                let actual = result.unwrap_or_else(|e| panic!("expected an output, got {e:?}"));
                assert_eq!(actual.request_id(), #request_id, "request id");
                let mut expected = #expected;
                awsgen_runtime::protocol::OperationOutput::set_request_id(&mut expected, actual.request_id().map(str::to_owned));
                #compare
                #serde_round_trip
            })
        }
        Some(error) => {
            let variant =
                op.errors.iter().find(|e| e.path == error.path).ok_or("the operation does not list the error")?;
            let variant_ident = format_ident!("{}", variant.variant);
            let name = &variant.variant;
            let expected = values.structure(&error.path, case.get("params"))?;
            let compare = compare(&values);
            let vendor = case.get("vendorParams");
            let code = vendor.and_then(|v| v.get("code")).and_then(Value::as_str).unwrap_or(&variant.code);
            let query_type = match vendor.and_then(|v| v.get("type")).and_then(Value::as_str) {
                Some(kind) => quote! {
                    assert_eq!(
                        awsgen_runtime::protocol::query_compatible::query_error(&service_error.raw).map(|(_, kind)| kind),
                        Some(#kind),
                        "awsQuery error type"
                    );
                },
                None => quote!(),
            };
            let request_id = opt_str(request_id);
            Ok(quote! {
                #preamble
                let service_error = match result {
                    Err(awsgen_runtime::SdkError::Service(e)) => *e,
                    other => panic!("expected the service error {}, got {other:?}", #name),
                };
                let actual = match service_error.error {
                    crate::operation::#op_module::#op_error::#variant_ident(actual) => actual,
                    other => panic!("expected {}, got {other:?}", #name),
                };
                assert_eq!(actual.meta().code.as_deref(), Some(#code), "error code");
                assert_eq!(actual.meta().status, #status, "status");
                assert_eq!(actual.meta().request_id.as_deref(), #request_id, "request id");
                #query_type
                let mut expected = #expected;
                awsgen_runtime::json::ModeledError::set_meta(&mut expected, actual.meta().clone());
                #compare
            })
        }
    }
}

fn compare(values: &Values<'_>) -> TokenStream {
    if values.nan.get() {
        quote!(awsgen_runtime::testing::assert_same_debug(&actual, &expected);)
    } else {
        quote!(assert_eq!(actual, expected);)
    }
}

/// Rust expressions for test params.
struct Values<'a> {
    krate: &'a CrateIr,
    /// Whether a NaN float was written (values then compare by their `Debug` forms).
    nan: Cell<bool>,
}

impl Values<'_> {
    fn shape(&self, path: &TypePath) -> Result<&ShapeIr, String> {
        self.krate.shapes.iter().find(|s| &s.path == path).ok_or_else(|| format!("no generated type {}", path.name))
    }

    /// `.set_x(Some(value))` calls for the members given in `params` (an object or absent).
    fn setters(&self, members: &[MemberIr], params: Option<&Value>, owner: &str) -> Result<Vec<TokenStream>, String> {
        let Some(params) = params else { return Ok(Vec::new()) };
        let params = params.as_object().ok_or_else(|| format!("params of {owner} are not an object"))?;
        let mut out = Vec::new();
        for (key, value) in params {
            let member =
                members.iter().find(|m| &m.wire == key).ok_or_else(|| format!("{owner} has no member `{key}`"))?;
            if value.is_null() {
                continue;
            }
            let (_, set, _) = setter_names(member);
            let value = self.value(&member.ty, value)?;
            let value = if member.boxed { quote!(Box::new(#value)) } else { value };
            out.push(quote!(.#set(Some(#value))));
        }
        Ok(out)
    }

    /// A structure value built through its builder.
    fn structure(&self, path: &TypePath, params: Option<&Value>) -> Result<TokenStream, String> {
        let shape = self.shape(path)?;
        let ShapeKind::Struct { members, role } = &shape.kind else {
            return Err(format!("{} is not a structure", path.name));
        };
        let setters = self.setters(members, params, &path.name)?;
        let builder = builder_path(path);
        let build = if build_is_fallible(members, role) {
            let message = format!("the test params make a valid {}", path.name);
            quote!(.build().expect(#message))
        } else {
            quote!(.build())
        };
        Ok(quote!(#builder::default() #(#setters)* #build))
    }

    fn value(&self, ty: &TypeIr, v: &Value) -> Result<TokenStream, String> {
        let bad = || format!("cannot make a {} from {v}", quote::ToTokens::to_token_stream(&super::rust_type(ty)).to_string().replace(' ', ""));
        Ok(match ty {
            TypeIr::Simple(simple) => match simple {
                Simple::String => {
                    let s = v.as_str().ok_or_else(bad)?;
                    quote!(#s.to_owned())
                }
                Simple::Boolean => {
                    let b = v.as_bool().ok_or_else(bad)?;
                    quote!(#b)
                }
                Simple::Byte => int(v, "i8").ok_or_else(bad)?,
                Simple::Short => int(v, "i16").ok_or_else(bad)?,
                Simple::Integer => int(v, "i32").ok_or_else(bad)?,
                Simple::Long => int(v, "i64").ok_or_else(bad)?,
                Simple::BigInteger => int(v, "i128").ok_or_else(bad)?,
                Simple::Float => self.float(v, true).ok_or_else(bad)?,
                Simple::Double | Simple::BigDecimal => self.float(v, false).ok_or_else(bad)?,
                Simple::Blob => {
                    let s = v.as_str().ok_or_else(bad)?;
                    quote!(#s.as_bytes().to_vec())
                }
                Simple::Timestamp => timestamp(v).ok_or_else(bad)?,
                Simple::Document => {
                    let text = v.to_string();
                    quote!(awsgen_runtime::testing::document(#text))
                }
            },
            TypeIr::Timestamp(_) => timestamp(v).ok_or_else(bad)?,
            TypeIr::Stream { .. } => {
                let s = v.as_str().ok_or_else(bad)?;
                quote!(awsgen_runtime::ByteStream::from(#s))
            }
            TypeIr::List { member, sparse } => {
                let items = v.as_array().ok_or_else(bad)?;
                if items.is_empty() {
                    return Ok(quote!(Vec::new()));
                }
                let items =
                    items.iter().map(|item| self.element(member, *sparse, item)).collect::<Result<Vec<_>, _>>()?;
                quote!(vec![#(#items),*])
            }
            TypeIr::Map { key, value, sparse } => {
                let entries = v.as_object().ok_or_else(bad)?;
                if entries.is_empty() {
                    return Ok(quote!(std::collections::BTreeMap::new()));
                }
                let entries = entries
                    .iter()
                    .map(|(k, item)| {
                        let key = self.value(key, &Value::String(k.clone()))?;
                        let item = self.element(value, *sparse, item)?;
                        Ok(quote!((#key, #item)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                quote!([#(#entries),*].into_iter().collect::<std::collections::BTreeMap<_, _>>())
            }
            TypeIr::Named(path, kind) => match kind {
                NamedKind::Struct => self.structure(path, Some(v))?,
                NamedKind::Union => self.union(path, v)?,
                NamedKind::Enum => {
                    let s = v.as_str().ok_or_else(bad)?;
                    let path = type_path(path);
                    quote!(#path::from(#s))
                }
                NamedKind::IntEnum => {
                    let n = v.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or_else(bad)?;
                    let path = type_path(path);
                    let n = Literal::i32_unsuffixed(n);
                    quote!(#path::from(#n))
                }
            },
        })
    }

    fn element(&self, ty: &TypeIr, sparse: bool, v: &Value) -> Result<TokenStream, String> {
        match (sparse, v.is_null()) {
            (true, true) => Ok(quote!(None)),
            (true, false) => {
                let value = self.value(ty, v)?;
                Ok(quote!(Some(#value)))
            }
            (false, true) => Err("a null in a dense collection".to_owned()),
            (false, false) => self.value(ty, v),
        }
    }

    fn union(&self, path: &TypePath, v: &Value) -> Result<TokenStream, String> {
        let shape = self.shape(path)?;
        let ShapeKind::Union(variants) = &shape.kind else {
            return Err(format!("{} is not a union", path.name));
        };
        let object = v.as_object().ok_or_else(|| format!("a {} union from {v}", path.name))?;
        let mut set = object.iter().filter(|(_, value)| !value.is_null());
        let (Some((key, value)), None) = (set.next(), set.next()) else {
            return Err(format!("a {} union needs exactly one member set: {v}", path.name));
        };
        let variant = variants
            .iter()
            .find(|var| &var.wire == key)
            .ok_or_else(|| format!("{} has no member `{key}`", path.name))?;
        let union = type_path(path);
        let name = format_ident!("{}", variant.variant);
        Ok(match &variant.ty {
            None => quote!(#union::#name),
            Some(ty) => {
                let value = self.value(ty, value)?;
                let value = if variant.boxed { quote!(Box::new(#value)) } else { value };
                quote!(#union::#name(#value))
            }
        })
    }

    fn float(&self, v: &Value, single: bool) -> Option<TokenStream> {
        let ty = if single { quote!(f32) } else { quote!(f64) };
        match v {
            Value::String(s) => match s.as_str() {
                "NaN" => {
                    self.nan.set(true);
                    Some(quote!(#ty::NAN))
                }
                "Infinity" => Some(quote!(#ty::INFINITY)),
                "-Infinity" => Some(quote!(#ty::NEG_INFINITY)),
                _ => None,
            },
            Value::Number(n) => {
                let x = n.as_f64()?;
                Some(if single {
                    let lit = Literal::f32_suffixed(x as f32);
                    quote!(#lit)
                } else {
                    let lit = Literal::f64_suffixed(x);
                    quote!(#lit)
                })
            }
            _ => None,
        }
    }
}

fn int(v: &Value, suffix: &str) -> Option<TokenStream> {
    let n = v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from))?;
    let lit = match suffix {
        "i8" => Literal::i8_suffixed(i8::try_from(n).ok()?),
        "i16" => Literal::i16_suffixed(i16::try_from(n).ok()?),
        "i32" => Literal::i32_suffixed(i32::try_from(n).ok()?),
        "i64" => Literal::i64_suffixed(i64::try_from(n).ok()?),
        _ => Literal::i128_suffixed(n),
    };
    Some(quote!(#lit))
}

fn timestamp(v: &Value) -> Option<TokenStream> {
    let seconds = Literal::f64_suffixed(v.as_f64()?);
    Some(quote!(awsgen_runtime::testing::timestamp(#seconds)))
}
