//! `src/endpoint.rs`: the service's endpoint rule set compiled to one Rust function.
//!
//! Each rule becomes a labelled block whose conditions `break` out of it when they fail;
//! `assign`ed values become `let` bindings (`let Some(partition_result) = ... else`), and a
//! tree's block ends in the "rules exhausted" error, as the rules engine specifies. The
//! rule set was checked and typed by [`crate::rules`], so this only writes code.

use std::collections::HashMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use crate::naming::{field_name, ident};
use crate::rules::{AttrStep, ConditionIr, Expr, Function, PropertyIr, RuleIr, RuleKindIr, RuleSetIr, RuleType, TemplatePart, TypedExpr};

/// The file: the built-in bindings and `resolve`.
pub fn endpoint_file(rules: &RuleSetIr) -> TokenStream {
    let bindings = rules.params.iter().filter_map(|p| {
        let built_in = p.built_in.as_deref()?;
        let name = &p.name;
        Some(quote!((#name, #built_in)))
    });
    let mut compiler = Compiler::default();
    let prelude: Vec<TokenStream> = rules.params.iter().map(|p| compiler.param(p)).collect();
    let mut body = Vec::new();
    let tail = compiler.rules(&rules.rules, &mut body);
    let module = compiler.uses_library.then(|| quote!(self,));
    quote! {
        //! Endpoint resolution, compiled from the service's `smithy.rules#endpointRuleSet`.

        use awsgen_runtime::endpoint::{#module Endpoint, EndpointError, EndpointParams};

        /// Rule-set parameters bound to client settings: (parameter, `builtIn`).
        pub(crate) const BUILTINS: &[(&str, &str)] = &[#(#bindings),*];

        /// Resolves the endpoint for `params`: the rules in order, the first that matches wins.
        pub(crate) fn resolve(params: &EndpointParams) -> Result<Endpoint, EndpointError> {
            #(#prelude)*
            #(#body)*
            #tail
        }
    }
}

/// How a variable is held.
#[derive(Clone)]
struct Var {
    ident: Ident,
    ty: RuleType,
    optional: bool,
    /// `String`, `Vec<String>` or a record by value, rather than `&str` / `&[String]`.
    owned: bool,
}

/// A value as Rust code: `&str`/`String`, `bool`, `&[String]`/`Vec<String>`, an integer,
/// or a record; wrapped in `Option` when `optional`.
struct Value {
    code: TokenStream,
    ty: RuleType,
    optional: bool,
    owned: bool,
    /// For a boolean computed by a test, the test (so negating it stays readable).
    test: Option<Bool>,
    /// For a string held in a `String` place (a variable, a record field), the place:
    /// `format!` arguments need no `.as_str()`.
    place: Option<TokenStream>,
}

/// A boolean as code, kept in a form that negates without `!(...)` or `== true`.
#[derive(Clone)]
enum Bool {
    Const(bool),
    Is(TokenStream),
    IsNot(TokenStream),
    Eq(TokenStream, TokenStream),
    Ne(TokenStream, TokenStream),
    /// `x.is_some()`.
    Set(TokenStream),
    /// `x.is_none()`.
    Unset(TokenStream),
}

impl Bool {
    fn not(self) -> Bool {
        match self {
            Bool::Const(b) => Bool::Const(!b),
            Bool::Is(t) => Bool::IsNot(t),
            Bool::IsNot(t) => Bool::Is(t),
            Bool::Eq(a, b) => Bool::Ne(a, b),
            Bool::Ne(a, b) => Bool::Eq(a, b),
            Bool::Set(t) => Bool::Unset(t),
            Bool::Unset(t) => Bool::Set(t),
        }
    }

    fn code(&self) -> TokenStream {
        match self {
            Bool::Const(b) => quote!(#b),
            Bool::Is(t) => t.clone(),
            Bool::IsNot(t) => quote!(!#t),
            Bool::Eq(a, b) => quote!(#a == #b),
            Bool::Ne(a, b) => quote!(#a != #b),
            Bool::Set(t) => quote!(#t.is_some()),
            Bool::Unset(t) => quote!(#t.is_none()),
        }
    }

    /// As an operand of `==` or a method receiver.
    fn operand(&self) -> TokenStream {
        match self {
            Bool::Eq(..) | Bool::Ne(..) | Bool::IsNot(_) => {
                let code = self.code();
                quote!((#code))
            }
            _ => self.code(),
        }
    }
}

/// Where an expression is evaluated: in a condition an unset argument fails the rule
/// (`break 'label`); in an endpoint or error it is an error.
#[derive(Clone, Copy)]
enum Context<'a> {
    Condition(&'a Ident),
    Output,
}

#[derive(Default)]
struct Compiler {
    /// Variables in scope, innermost last, by rule-set name.
    scope: Vec<(String, Var)>,
    /// Rust names given to rule-set names, unique across the function.
    names: HashMap<String, Ident>,
    /// Nesting depth of rule blocks: siblings never overlap, so a label per depth is enough.
    depth: usize,
    temporaries: usize,
    /// Whether the code names the runtime's `endpoint` module (library functions, property
    /// values): a rule set of plain conditions and URLs does not, and must not import it.
    uses_library: bool,
}

impl Compiler {
    fn name(&mut self, name: &str) -> Ident {
        if let Some(ident) = self.names.get(name) {
            return ident.clone();
        }
        let base = field_name(name);
        let mut text = if base == "params" { "params_".to_owned() } else { base };
        while self.names.values().any(|i| i == &crate::naming::ident_text(&text)) {
            text.push('_');
        }
        let ident = ident(&text);
        self.names.insert(name.to_owned(), ident.clone());
        ident
    }

    fn var(&self, name: &str) -> &Var {
        // The checker resolved every reference.
        &self.scope.iter().rev().find(|(n, _)| n == name).expect("checked rule set").1
    }

    /// `let region = params.string("Region")?;` and its kin.
    fn param(&mut self, p: &crate::rules::ParamIr) -> TokenStream {
        let name = &p.name;
        let read = match p.ty {
            RuleType::Boolean => quote!(params.boolean(#name)?),
            RuleType::StringArray => quote!(params.string_array(#name)?),
            _ => quote!(params.string(#name)?),
        };
        let (code, optional, owned) = match (&p.default, p.ty) {
            (Some(serde_json::Value::Bool(b)), _) => (quote!(#read.unwrap_or(#b)), false, false),
            (Some(serde_json::Value::String(s)), _) => (quote!(#read.unwrap_or(#s)), false, false),
            (Some(serde_json::Value::Array(items)), _) => {
                let items = items.iter().filter_map(serde_json::Value::as_str);
                (quote!(#read.map(<[String]>::to_vec).unwrap_or_else(|| vec![#(#items.to_owned()),*])), false, true)
            }
            _ if p.required => (quote!(#read.ok_or_else(|| EndpointError::missing(#name))?), false, false),
            _ => (read.clone(), true, false),
        };
        if !p.used {
            // Still read, so that a value of the wrong type, or a missing required one, is an
            // error as in any resolver.
            return if p.required { quote!(#code;) } else { quote!(#read;) };
        }
        let ident = self.name(name);
        self.scope.push((name.clone(), Var { ident: ident.clone(), ty: p.ty, optional, owned }));
        quote!(let #ident = #code;)
    }

    fn label(&self) -> Ident {
        match self.depth {
            0 => format_ident!("rule"),
            depth => format_ident!("rule_{}", depth),
        }
    }

    /// Writes `rules` into `out`; returns the expression that ends the list: the outcome of
    /// its last rule when that one always matches, else the "exhausted" error.
    fn rules(&mut self, rules: &[RuleIr], out: &mut Vec<TokenStream>) -> TokenStream {
        for rule in rules {
            let mark = self.scope.len();
            let label = self.label();
            let mut body = Vec::new();
            let mut breaks = false;
            let mut never = false;
            for condition in &rule.conditions {
                match self.condition(condition, &label, &mut body) {
                    Some(true) => breaks = true,
                    Some(false) => {}
                    None => {
                        never = true;
                        break;
                    }
                }
            }
            if never {
                // A condition that is always false: the rule can never match.
                self.scope.truncate(mark);
                continue;
            }
            let outcome = match &rule.kind {
                RuleKindIr::Endpoint { url, headers, properties } => self.endpoint(url, headers, properties),
                RuleKindIr::Error(message) => {
                    let message = self.set_value(message, Context::Output, &mut body).code;
                    quote!(Err(EndpointError::new(#message)))
                }
                RuleKindIr::Tree(rules) => {
                    self.depth += 1;
                    let tail = self.rules(rules, &mut body);
                    self.depth -= 1;
                    tail
                }
            };
            self.scope.truncate(mark);
            if !breaks {
                // Always matches: later rules are unreachable.
                out.extend(body);
                return outcome;
            }
            let label = syn_label(&label);
            out.push(quote! {
                #label: {
                    #(#body)*
                    return #outcome;
                }
            });
        }
        quote!(Err(EndpointError::exhausted()))
    }

    /// Writes a condition's statements; `Some(true)` if it can fail, `Some(false)` if it
    /// always holds, `None` if it never does.
    fn condition(&mut self, condition: &ConditionIr, label: &Ident, out: &mut Vec<TokenStream>) -> Option<bool> {
        let label_code = syn_label(label);
        let brk = quote!(break #label_code);
        if let Some(name) = &condition.narrows {
            let var = self.var(name).clone();
            let ident = &var.ident;
            out.push(quote!(let Some(#ident) = #ident else { #brk };));
            self.scope.push((name.clone(), Var { optional: false, ..var }));
            return Some(true);
        }
        let context = Context::Condition(label);
        let mut statements = Vec::new();
        let value = self.value(&condition.expr, context, &mut statements);
        let hoisted = !statements.is_empty();
        out.extend(statements);
        let assign = condition.assign.as_ref().filter(|(_, used)| *used).map(|(name, _)| name.clone());
        let can_fail = match (value.ty, value.optional) {
            (RuleType::Boolean, false) => {
                let test = self.boolean_of(value);
                match test {
                    Bool::Const(false) => return None,
                    Bool::Const(true) => hoisted,
                    test => {
                        let fails = test.not().code();
                        out.push(quote!(if #fails { #brk; }));
                        true
                    }
                }
            }
            (RuleType::Boolean, true) => {
                let code = value.code;
                out.push(quote!(if #code != Some(true) { #brk; }));
                true
            }
            (ty, true) => {
                let code = value.code;
                match &assign {
                    Some(name) => {
                        let ident = self.name(name);
                        out.push(quote!(let Some(#ident) = #code else { #brk };));
                        self.scope.push((name.clone(), Var { ident, ty, optional: false, owned: value.owned }));
                    }
                    None => out.push(quote!(if #code.is_none() { #brk; })),
                }
                return Some(true);
            }
            (ty, false) => {
                if let Some(name) = &assign {
                    let ident = self.name(name);
                    let code = value.code;
                    out.push(quote!(let #ident = #code;));
                    self.scope.push((name.clone(), Var { ident, ty, optional: false, owned: value.owned }));
                }
                return Some(hoisted);
            }
        };
        if let Some(name) = assign {
            // A bound boolean is `true`: the condition failed otherwise.
            let ident = self.name(&name);
            out.push(quote!(let #ident = true;));
            self.scope.push((name, Var { ident, ty: RuleType::Boolean, optional: false, owned: false }));
        }
        Some(can_fail)
    }

    /// An expression as a value.
    fn value(&mut self, e: &TypedExpr, context: Context<'_>, out: &mut Vec<TokenStream>) -> Value {
        let plain = |code, owned| Value { code, ty: e.ty, optional: e.optional, owned, test: None, place: None };
        match &e.expr {
            Expr::Template(parts) => self.template(parts, context, out),
            Expr::Bool(b) => Value { test: Some(Bool::Const(*b)), ..plain(quote!(#b), false) },
            Expr::Integer(i) => {
                let lit = Literal::i64_unsuffixed(*i);
                plain(quote!(#lit), false)
            }
            Expr::Ref(name) => {
                let var = self.var(name);
                let ident = &var.ident;
                let place = (var.ty == RuleType::String && var.owned && !var.optional).then(|| quote!(#ident));
                let code = match (var.ty, var.owned, var.optional) {
                    (RuleType::String | RuleType::StringArray, true, true) => quote!(#ident.as_deref()),
                    (RuleType::Partition | RuleType::Url | RuleType::Arn, _, true) => quote!(#ident.as_ref()),
                    (ty, owned, _) => borrowed(quote!(#ident), ty, owned),
                };
                Value { code, ty: var.ty, optional: var.optional, owned: false, test: None, place }
            }
            Expr::GetAttr { var, path, .. } => self.get_attr(var, path, e),
            Expr::Call(function, args) => self.call(*function, args, e, context, out),
        }
    }

    fn get_attr(&mut self, var: &str, path: &[AttrStep], e: &TypedExpr) -> Value {
        let base = self.var(var);
        // Only list parameters can be unset here (records come from conditions that bind them).
        let unset_list = base.optional.then(|| base.ident.clone());
        let mut place = if base.optional { quote!(list) } else { base.ident.to_token_stream() };
        let mut ty = base.ty;
        let mut indexed = false;
        for step in path {
            match step {
                AttrStep::Field(field) => {
                    // The checker accepted the path, so the field exists.
                    ty = ty.field(field).unwrap_or(ty);
                    let field = format_ident!("{}", field_name(field));
                    place = quote!(#place.#field);
                }
                AttrStep::Index(i) => {
                    place = match *i {
                        0 => quote!(#place.first()),
                        -1 => quote!(#place.last()),
                        i if i > 0 => {
                            let i = Literal::usize_unsuffixed(usize::try_from(i).unwrap_or(usize::MAX));
                            quote!(#place.get(#i))
                        }
                        i => {
                            let back = Literal::usize_unsuffixed(usize::try_from(-i - 1).unwrap_or(usize::MAX));
                            quote!(#place.iter().nth_back(#back))
                        }
                    };
                    place = quote!(#place.map(String::as_str));
                    (ty, indexed) = (RuleType::String, true);
                }
            }
        }
        let value = |code, place| Value { code, ty: e.ty, optional: e.optional, owned: false, test: None, place };
        if let Some(list) = unset_list {
            return value(quote!(#list.and_then(|list| #place)), None);
        }
        match ty {
            _ if indexed => value(place, None),
            RuleType::String => value(quote!(#place.as_str()), Some(place)),
            RuleType::StringArray => value(quote!(#place.as_slice()), None),
            _ => value(place, None),
        }
    }

    /// `value` with an unset value handled: in a condition it is bound by `let ... else
    /// break`, in an endpoint or error it is the "not set" error.
    fn required(&mut self, value: Value, what: &str, context: Context<'_>, out: &mut Vec<TokenStream>) -> Value {
        if !value.optional {
            return value;
        }
        let code = value.code;
        match context {
            Context::Condition(label) => {
                self.temporaries += 1;
                let temp = format_ident!("value_{}", self.temporaries);
                let label = syn_label(label);
                out.push(quote!(let Some(#temp) = #code else { break #label };));
                Value { code: borrowed(quote!(#temp), value.ty, value.owned), optional: false, owned: false, ..value }
            }
            Context::Output => {
                Value { code: quote!(#code.ok_or_else(|| EndpointError::unset(#what))?), optional: false, ..value }
            }
        }
    }

    /// An expression whose value must be set here ([`Self::required`]).
    fn set_value(&mut self, e: &TypedExpr, context: Context<'_>, out: &mut Vec<TokenStream>) -> Value {
        let value = self.value(e, context, out);
        self.required(value, &describe(e), context, out)
    }

    /// A required argument as code of its plain type (`&str`, `bool`, ...).
    fn argument(&mut self, e: &TypedExpr, context: Context<'_>, out: &mut Vec<TokenStream>) -> Value {
        let value = self.set_value(e, context, out);
        if value.owned && value.ty == RuleType::String {
            let code = value.code;
            return Value { code: quote!(#code.as_str()), owned: false, ..value };
        }
        value
    }

    fn boolean_of(&self, value: Value) -> Bool {
        value.test.unwrap_or(Bool::Is(value.code))
    }

    fn call(&mut self, function: Function, args: &[TypedExpr], e: &TypedExpr, context: Context<'_>, out: &mut Vec<TokenStream>) -> Value {
        let result = |code, owned| Value { code, ty: e.ty, optional: e.optional, owned, test: None, place: None };
        let test =
            |test: Bool| Value { code: test.code(), ty: RuleType::Boolean, optional: false, owned: false, test: Some(test), place: None };
        match function {
            Function::IsSet => {
                let value = self.value(&args[0], context, out);
                test(if value.optional { Bool::Set(value.code) } else { Bool::Const(true) })
            }
            Function::Coalesce => {
                let values: Vec<Value> = args.iter().map(|a| self.value(a, context, out)).collect();
                let owned = values.iter().any(|v| v.owned);
                let mut code: Option<TokenStream> = None;
                let mut optional = true;
                for v in values {
                    let set = !v.optional;
                    let next = owned_if(v, owned);
                    code = Some(match (code, set) {
                        (None, _) => next,
                        (Some(acc), false) => quote!(#acc.or(#next)),
                        (Some(acc), true) => quote!(#acc.unwrap_or(#next)),
                    });
                    if set {
                        optional = false;
                        break;
                    }
                }
                Value { code: code.unwrap_or_default(), ty: e.ty, optional, owned, test: None, place: None }
            }
            Function::Ite => {
                let condition = self.value(&args[0], context, out);
                let condition = if condition.optional {
                    let c = condition.code;
                    quote!(#c == Some(true))
                } else {
                    self.boolean_of(condition).code()
                };
                let (then, otherwise) = (self.value(&args[1], context, out), self.value(&args[2], context, out));
                let owned = then.owned || otherwise.owned;
                let optional = then.optional || otherwise.optional;
                let shape = |v: Value| {
                    let wrap = optional && !v.optional;
                    let c = owned_if(v, owned);
                    if wrap {
                        quote!(Some(#c))
                    } else {
                        c
                    }
                };
                let (a, b) = (shape(then), shape(otherwise));
                Value { code: quote!(if #condition { #a } else { #b }), ty: e.ty, optional, owned, test: None, place: None }
            }
            Function::Not => {
                let value = self.argument(&args[0], context, out);
                test(self.boolean_of(value).not())
            }
            Function::BooleanEquals => {
                let a = self.argument(&args[0], context, out);
                let b = self.argument(&args[1], context, out);
                let (a, b) = (self.boolean_of(a), self.boolean_of(b));
                test(match (a, b) {
                    (Bool::Const(x), Bool::Const(y)) => Bool::Const(x == y),
                    (Bool::Const(true), other) | (other, Bool::Const(true)) => other,
                    (Bool::Const(false), other) | (other, Bool::Const(false)) => other.not(),
                    (a, b) => Bool::Eq(a.operand(), b.operand()),
                })
            }
            Function::StringEquals => {
                let is_empty = |e: &TypedExpr| matches!(&e.expr, Expr::Template(parts) if parts == &[TemplatePart::Literal(String::new())]);
                let a = self.argument(&args[0], context, out);
                let b = self.argument(&args[1], context, out);
                // `x == ""` is `x.is_empty()` (clippy's `comparison_to_empty`), on the `String`
                // itself when there is one.
                test(match (is_empty(&args[0]), is_empty(&args[1])) {
                    (_, true) => {
                        let a = a.place.unwrap_or(a.code);
                        Bool::Is(quote!(#a.is_empty()))
                    }
                    (true, _) => {
                        let b = b.place.unwrap_or(b.code);
                        Bool::Is(quote!(#b.is_empty()))
                    }
                    _ => Bool::Eq(a.code, b.code),
                })
            }
            _ => {
                let args: Vec<TokenStream> = args
                    .iter()
                    .map(|a| match a.expr {
                        // Bounds and limits are `usize`; a negative one fits nothing.
                        Expr::Integer(n) => {
                            let lit = Literal::usize_unsuffixed(usize::try_from(n).unwrap_or(usize::MAX));
                            quote!(#lit)
                        }
                        _ => self.argument(a, context, out).code,
                    })
                    .collect();
                let name = match function {
                    Function::ParseUrl => "parse_url",
                    Function::Substring => "substring",
                    Function::UriEncode => "uri_encode",
                    Function::IsValidHostLabel => "is_valid_host_label",
                    Function::Split => "split",
                    Function::Partition => "partition",
                    Function::ParseArn => "parse_arn",
                    _ => "is_virtual_hostable_s3_bucket",
                };
                let name = format_ident!("{name}");
                let owned = !matches!(e.ty, RuleType::Boolean);
                self.uses_library = true;
                result(quote!(endpoint::#name(#(#args),*)), owned)
            }
        }
    }

    /// A string value: a literal, a single value, or `format!`.
    fn template(&mut self, parts: &[TemplatePart], context: Context<'_>, out: &mut Vec<TokenStream>) -> Value {
        let string = |code, owned| Value { code, ty: RuleType::String, optional: false, owned, test: None, place: None };
        if let [TemplatePart::Literal(text)] = parts {
            return string(quote!(#text), false);
        }
        let mut format = String::new();
        let mut args = Vec::new();
        let mut values = Vec::new();
        for part in parts {
            match part {
                TemplatePart::Literal(text) => format.push_str(&text.replace('{', "{{").replace('}', "}}")),
                TemplatePart::Value(e) => {
                    let value = self.set_value(e, context, out);
                    let shown = value.place.clone().unwrap_or_else(|| value.code.clone());
                    let text = shown.to_string();
                    if syn::parse_str::<Ident>(&text).is_ok() {
                        format.push_str(&format!("{{{text}}}"));
                    } else {
                        format.push_str("{}");
                        args.push(shown);
                    }
                    values.push(value);
                }
            }
        }
        if let ([TemplatePart::Value(_)], [value]) = (parts, values.as_slice()) {
            if value.ty == RuleType::String {
                return string(value.code.clone(), value.owned);
            }
        }
        string(quote!(format!(#format #(, #args)*)), true)
    }

    fn endpoint(&mut self, url: &TypedExpr, headers: &[(String, Vec<TypedExpr>)], properties: &[(String, PropertyIr)]) -> TokenStream {
        let mut unused = Vec::new();
        let url = self.set_value(url, Context::Output, &mut unused).code;
        let headers: Vec<TokenStream> = headers
            .iter()
            .map(|(name, values)| {
                let values = values.iter().map(|v| {
                    let value = self.set_value(v, Context::Output, &mut unused);
                    match (value.owned, value.place) {
                        (true, _) => value.code,
                        (false, Some(place)) => quote!(#place.clone()),
                        (false, None) => {
                            let code = value.code;
                            quote!(#code.to_owned())
                        }
                    }
                });
                let values: Vec<TokenStream> = values.collect();
                quote!(.with_header(#name, vec![#(#values),*]))
            })
            .collect();
        let properties: Vec<TokenStream> = properties
            .iter()
            .map(|(name, value)| {
                let value = self.property(value, &mut unused);
                quote!(.with_property(#name, #value))
            })
            .collect();
        quote!(Ok(Endpoint::new(#url) #(#headers)* #(#properties)*))
    }

    fn property(&mut self, p: &PropertyIr, out: &mut Vec<TokenStream>) -> TokenStream {
        self.uses_library = true;
        match p {
            PropertyIr::Object(fields) => {
                let fields: Vec<TokenStream> = fields
                    .iter()
                    .map(|(k, v)| {
                        let v = self.property(v, out);
                        quote!((#k, #v))
                    })
                    .collect();
                quote!(endpoint::object([#(#fields),*]))
            }
            PropertyIr::Array(items) => {
                let items: Vec<TokenStream> = items.iter().map(|v| self.property(v, out)).collect();
                quote!(endpoint::Value::Array(vec![#(#items),*]))
            }
            PropertyIr::Number(n) => {
                let lit = match n.as_i64() {
                    Some(i) => Literal::i64_suffixed(i),
                    None => Literal::f64_suffixed(n.as_f64().unwrap_or_default()),
                };
                quote!(endpoint::Value::from(#lit))
            }
            PropertyIr::Value(e) => {
                let code = self.set_value(e, Context::Output, out).code;
                quote!(endpoint::Value::from(#code))
            }
        }
    }
}

/// A set value held in `place` as a borrow: `&str`, `&[String]`, `&Record`.
fn borrowed(place: TokenStream, ty: RuleType, owned: bool) -> TokenStream {
    match (ty, owned) {
        (RuleType::String, true) => quote!(#place.as_str()),
        (RuleType::StringArray, true) => quote!(#place.as_slice()),
        (RuleType::Partition | RuleType::Url | RuleType::Arn, true) => quote!(&#place),
        _ => place,
    }
}

/// A string value as an owned `String` (or `Option<String>`) when `owned` is asked for, so
/// that the branches of `coalesce` and `ite` have one type.
fn owned_if(v: Value, owned: bool) -> TokenStream {
    let code = v.code;
    match (owned && !v.owned && v.ty == RuleType::String, v.optional) {
        (true, true) => quote!(#code.map(str::to_owned)),
        (true, false) => quote!(#code.to_owned()),
        (false, _) => code,
    }
}

/// How an expression is named in a "not set" error.
fn describe(e: &TypedExpr) -> String {
    match &e.expr {
        Expr::Ref(name) | Expr::GetAttr { var: name, .. } => name.clone(),
        _ => "value".to_owned(),
    }
}

/// The block label `'rule_1` for `rule_1` (`quote!` cannot spell a lifetime from an ident).
fn syn_label(name: &Ident) -> syn::Lifetime {
    syn::Lifetime::new(&format!("'{name}"), proc_macro2::Span::call_site())
}
