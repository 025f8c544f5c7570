//! JMESPath expressions of waiters compiled to Rust over the generated types.
//!
//! Each sub-expression has a type known from the IR ([`Kind`]): a string (strings and string
//! enums), a boolean, a number (as `f64`, as JMESPath numbers are), a structure, or a list of
//! one of these. Its code is a Rust expression of that value, either certainly present or an
//! `Option` (JMESPath's `null`: an unset member, an index past the end). Lists become
//! `Vec`s of their elements' values, so projections, flattens and filters are iterator
//! chains. An expression outside what this handles (maps, unions, timestamps, functions
//! other than `length` and `contains`, comparisons of mixed types) is an error naming it,
//! which leaves the waiter out.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::jmespath::{Comparison, Expr};
use crate::index::Simple;
use crate::ir::{CrateIr, MemberIr, NamedKind, Repr, ShapeKind, TypeIr, TypePath};
use crate::naming::ident;

/// The JMESPath type of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A string or string enum: `&str`.
    Str,
    /// A boolean: `bool`.
    Bool,
    /// A number: `f64`.
    Num,
    /// A structure: `&T`; `builder` when it is an operation input held as its builder, whose
    /// members are all optional.
    Struct {
        /// The generated type.
        path: TypePath,
        /// Held as its builder.
        builder: bool,
    },
    /// A list: `Vec<element value>`.
    List(Box<Kind>),
    /// The `{input, output}` object of an `inputOutput` matcher.
    InputOutput {
        /// The input (held as its builder).
        input: TypePath,
        /// The output.
        output: TypePath,
    },
}

/// A compiled value: its code, its kind, and whether the code is the value itself (`true`)
/// or an `Option` of it.
#[derive(Clone, Debug)]
pub struct Value {
    /// The Rust expression.
    pub code: TokenStream,
    /// The JMESPath type.
    pub kind: Kind,
    /// The expression is the value, not an `Option` of it.
    pub present: bool,
}

impl Value {
    /// A value that is certainly there.
    pub fn present(code: TokenStream, kind: Kind) -> Self {
        Self { code, kind, present: true }
    }

    /// The value as an `Option`.
    pub fn optional(&self) -> TokenStream {
        let code = &self.code;
        if self.present {
            quote!(Some(#code))
        } else {
            code.clone()
        }
    }
}

/// `code` as a method receiver or an operand: in parentheses unless it binds tighter than
/// any operator (a path, call, field, literal, block, ...). A `match` is wrapped too: at the
/// start of a block's tail it would end as a statement.
pub fn operand(code: &TokenStream) -> TokenStream {
    use syn::Expr as E;
    match syn::parse2::<syn::Expr>(code.clone()) {
        Ok(E::Path(_) | E::MethodCall(_) | E::Call(_) | E::Field(_) | E::Paren(_) | E::Block(_) | E::Index(_) | E::Tuple(_)) => {
            code.clone()
        }
        Ok(E::Lit(literal)) if !literal.to_token_stream().to_string().starts_with('-') => code.clone(),
        _ => quote!((#code)),
    }
}

/// `code` as an operand of `&&` (`and`) or `||`: comparisons and negations need no
/// parentheses there, an `||` inside an `&&` does.
fn logical_operand(code: &TokenStream, and: bool) -> TokenStream {
    match syn::parse2::<syn::Expr>(code.clone()) {
        Ok(syn::Expr::Binary(binary)) if !(and && matches!(binary.op, syn::BinOp::Or(_))) => code.clone(),
        Ok(syn::Expr::Unary(_)) => code.clone(),
        _ => operand(code),
    }
}

/// Compiles expressions against the generated types of one crate.
pub struct Compiler<'a> {
    krate: &'a CrateIr,
    depth: usize,
}

type Compiled = Result<Value, String>;

impl<'a> Compiler<'a> {
    /// A compiler for `krate`'s types.
    pub fn new(krate: &'a CrateIr) -> Self {
        Self { krate, depth: 0 }
    }

    /// A fresh closure variable name.
    fn var(&mut self, stem: &str) -> Ident {
        self.depth += 1;
        format_ident!("{stem}{}", self.depth)
    }

    /// `value` passed through `then` (given the present value's variable), keeping absence.
    fn and_then(&mut self, value: &Value, then: impl FnOnce(&mut Self, Value) -> Compiled) -> Compiled {
        if value.present {
            return then(self, value.clone());
        }
        let var = self.var("v");
        let inner = then(self, Value::present(quote!(#var), value.kind.clone()))?;
        let (code, body) = (operand(&value.code), &inner.code);
        let code = if inner.present { quote!(#code.map(|#var| #body)) } else { quote!(#code.and_then(|#var| #body)) };
        Ok(Value { code, kind: inner.kind, present: false })
    }

    /// Compiles `expr` evaluated on `current`.
    pub fn compile(&mut self, expr: &Expr, current: &Value) -> Compiled {
        match expr {
            Expr::Current => Ok(current.clone()),
            Expr::Field(name) => self.and_then(current, |this, object| this.field(&object, name)),
            Expr::Sub(left, right) => {
                let left = self.compile(left, current)?;
                self.compile(right, &left)
            }
            Expr::Index(list, index) => {
                let list = self.compile(list, current)?;
                let Kind::List(element) = list.kind.clone() else { return Err(format!("index [{index}] of a non-list")) };
                let index = *index;
                self.and_then(&list, |this, items| {
                    let items = operand(&items.code);
                    let var = this.var("n");
                    let code = match usize::try_from(index) {
                        Ok(0) => quote!(#items.into_iter().next()),
                        Ok(n) => quote!(#items.into_iter().nth(#n)),
                        Err(_) => {
                            let back = index.unsigned_abs() as usize;
                            quote!({
                                let items = #items;
                                items.len().checked_sub(#back).and_then(|#var| items.into_iter().nth(#var))
                            })
                        }
                    };
                    Ok(Value { code, kind: *element, present: false })
                })
            }
            Expr::Flatten(inner) => {
                let list = self.compile(inner, current)?;
                match list.kind.clone() {
                    Kind::List(element) if matches!(*element, Kind::List(_)) => self.and_then(&list, |_, outer| {
                        let outer = operand(&outer.code);
                        Ok(Value::present(quote!(#outer.into_iter().flatten().collect::<Vec<_>>()), *element))
                    }),
                    Kind::List(_) => Ok(list),
                    other => Err(format!("flatten `[]` of a non-list ({other:?})")),
                }
            }
            Expr::Projection(list, then) => {
                let list = self.compile(list, current)?;
                self.project(&list, None, then)
            }
            Expr::Filter { list, condition, then } => {
                let list = self.compile(list, current)?;
                self.project(&list, Some(condition), then)
            }
            Expr::Compare(op, left, right) => {
                let (left, right) = (self.compile(left, current)?, self.compile(right, current)?);
                compare(*op, &left, &right)
            }
            Expr::And(left, right) | Expr::Or(left, right) => {
                let (left, right) = (self.compile(left, current)?, self.compile(right, current)?);
                if left.kind != Kind::Bool || right.kind != Kind::Bool {
                    return Err("`&&` and `||` are supported between booleans only".into());
                }
                let and = matches!(expr, Expr::And(..));
                if left.present && right.present {
                    // Two booleans: JMESPath's `&&` and `||` are Rust's.
                    let (l, r) = (logical_operand(&left.code, and), logical_operand(&right.code, and));
                    let code = if and { quote!(#l && #r) } else { quote!(#l || #r) };
                    return Ok(Value::present(code, Kind::Bool));
                }
                let (left, right) = (left.optional(), right.optional());
                // JMESPath: `a && b` is `a` unless `a` is true; `a || b` is `a` if `a` is true.
                let code = if and {
                    quote!(match #left { Some(true) => #right, other => other })
                } else {
                    quote!(match #left { Some(true) => Some(true), _ => #right })
                };
                Ok(Value { code, kind: Kind::Bool, present: false })
            }
            // `!(a == b)` is `a != b` (and back), as clippy would have it written.
            Expr::Not(operand) => match &**operand {
                Expr::Compare(op @ (Comparison::Eq | Comparison::Ne), left, right) => {
                    let flipped = if *op == Comparison::Eq { Comparison::Ne } else { Comparison::Eq };
                    self.compile(&Expr::Compare(flipped, left.clone(), right.clone()), current)
                }
                _ => {
                    let operand = self.compile(operand, current)?;
                    if operand.kind == Kind::Bool && !operand.present {
                        let code = self::operand(&operand.code);
                        return Ok(Value::present(quote!(#code != Some(true)), Kind::Bool));
                    }
                    let truthy = self::operand(&self.truthy(&operand)?);
                    Ok(Value::present(quote!(!#truthy), Kind::Bool))
                }
            },
            Expr::Literal(value) => literal(value),
            Expr::Call(name, arguments) => self.call(name, arguments, current),
        }
    }

    /// The projection of `then` over the elements of `list` (those `condition` holds for).
    fn project(&mut self, list: &Value, condition: Option<&Expr>, then: &Expr) -> Compiled {
        let Kind::List(element) = list.kind.clone() else { return Err(format!("projection of a non-list ({:?})", list.kind)) };
        let item = self.var("item");
        let element_value = Value::present(quote!(#item), (*element).clone());
        let filter = match condition {
            Some(condition) => {
                if matches!(*element, Kind::List(_)) {
                    return Err("filter over a list of lists".into());
                }
                let test = self.compile(condition, &element_value)?;
                let truthy = self.truthy(&test)?;
                // Elements are `Copy` values (`&str`, `&T`, numbers, booleans).
                quote!(.filter(|#item| { let #item = *#item; #truthy }))
            }
            None => quote!(),
        };
        if *then == Expr::Current && condition.is_none() {
            return Ok(list.clone());
        }
        let mapped = self.compile(then, &element_value)?;
        let body = &mapped.code;
        let map = match (*then == Expr::Current, mapped.present) {
            (true, _) => quote!(),
            (false, true) => quote!(.map(|#item| #body)),
            (false, false) => quote!(.filter_map(|#item| #body)),
        };
        let kind = Kind::List(Box::new(mapped.kind));
        self.and_then(list, |_, items| {
            let items = operand(&items.code);
            Ok(Value::present(quote!(#items.into_iter() #filter #map .collect::<Vec<_>>()), kind))
        })
    }

    /// The member `name` of the structure `object` (present).
    fn field(&mut self, object: &Value, name: &str) -> Compiled {
        let object_code = &object.code;
        let (path, builder) = match &object.kind {
            Kind::Struct { path, builder } => (path, *builder),
            Kind::InputOutput { input, output } => {
                return match name {
                    "input" => Ok(Value::present(quote!(input), Kind::Struct { path: input.clone(), builder: true })),
                    "output" => Ok(Value::present(quote!(output), Kind::Struct { path: output.clone(), builder: false })),
                    other => Err(format!("`{other}` is neither `input` nor `output`")),
                };
            }
            other => return Err(format!("member `{name}` of a non-structure ({other:?})")),
        };
        let member = self.member(path, name)?;
        let field = ident(&member.field);
        let optional = builder || member.repr == Repr::Optional;
        let kind = kind_of(&member.ty)?;
        // A present structure is `&x.y`: its member is `x.y.z` (the borrow is the
        // structure's, not the member's).
        let receiver = match syn::parse2::<syn::Expr>(object_code.clone()) {
            Ok(syn::Expr::Reference(reference)) => operand(&quote::ToTokens::to_token_stream(&reference.expr)),
            _ => operand(object_code),
        };
        let access = quote!(#receiver.#field);
        let leaf = |conversion: TokenStream, direct: TokenStream| -> Value {
            if optional {
                Value { code: quote!(#access #conversion), kind: kind.clone(), present: false }
            } else {
                Value::present(direct, kind.clone())
            }
        };
        Ok(match &member.ty {
            TypeIr::Simple(Simple::String) => leaf(quote!(.as_deref()), quote!(#access.as_str())),
            TypeIr::Named(_, NamedKind::Enum) => leaf(quote!(.as_ref().map(|value| value.as_str())), quote!(#access.as_str())),
            TypeIr::Simple(Simple::Boolean | Simple::Double) => leaf(quote!(), quote!(#access)),
            TypeIr::Simple(Simple::Long) => leaf(quote!(.map(|value| value as f64)), quote!(#access as f64)),
            TypeIr::Simple(_) => leaf(quote!(.map(f64::from)), quote!(f64::from(#access))),
            TypeIr::Named(..) if member.boxed => leaf(quote!(.as_deref()), quote!(&*#access)),
            TypeIr::Named(..) => leaf(quote!(.as_ref()), quote!(&#access)),
            TypeIr::List { member: element, .. } => {
                if optional {
                    let list = self.var("list");
                    let elements = elements(&quote!(#list), element)?;
                    Value { code: quote!(#access.as_ref().map(|#list| #elements)), kind, present: false }
                } else {
                    Value::present(elements(&access, element)?, kind)
                }
            }
            _ => unreachable!("kind_of accepted only the types above"),
        })
    }

    fn member(&self, path: &TypePath, name: &str) -> Result<&'a MemberIr, String> {
        let shape = self.krate.shape(path).ok_or_else(|| format!("no generated type `{}`", path.name))?;
        let ShapeKind::Struct { members, .. } = &shape.kind else { return Err(format!("`{}` is not a structure", path.name)) };
        members.iter().find(|m| m.wire == name).ok_or_else(|| format!("`{}` has no member `{name}`", path.name))
    }

    /// The JMESPath truthiness of `value`, as a `bool` expression.
    fn truthy(&mut self, value: &Value) -> Result<TokenStream, String> {
        let (raw, code) = (&value.code, &operand(&value.code));
        // A number is always true; a structure is false only when it has no member set,
        // which responses do not send (taken as true).
        let has_length = matches!(value.kind, Kind::Str | Kind::List(_));
        Ok(match (&value.kind, value.present) {
            (Kind::Bool, true) => raw.clone(),
            (Kind::Bool, false) => quote!(#code == Some(true)),
            (_, true) if has_length => quote!(!#code.is_empty()),
            (_, true) => quote!(true),
            (_, false) if has_length => {
                let var = self.var("t");
                quote!(#code.is_some_and(|#var| !#var.is_empty()))
            }
            (_, false) => quote!(#code.is_some()),
        })
    }

    fn call(&mut self, name: &str, arguments: &[Expr], current: &Value) -> Compiled {
        let compiled = arguments.iter().map(|a| self.compile(a, current)).collect::<Result<Vec<_>, _>>()?;
        match (name, compiled.as_slice()) {
            ("length", [subject]) => {
                let count = match subject.kind {
                    Kind::Str => quote!(.chars().count()),
                    Kind::List(_) => quote!(.len()),
                    ref other => return Err(format!("length() of {other:?}")),
                };
                self.and_then(subject, |_, value| {
                    let value = operand(&value.code);
                    Ok(Value::present(quote!(#value #count as f64), Kind::Num))
                })
            }
            ("contains", [subject, search]) => {
                let matching = match (&subject.kind, &search.kind) {
                    (Kind::Str, Kind::Str) => true,
                    (Kind::List(element), kind) => **element == *kind && !matches!(kind, Kind::Struct { .. } | Kind::List(_)),
                    _ => false,
                };
                if !matching {
                    return Err(format!("contains() of {:?} in {:?}", search.kind, subject.kind));
                }
                // `str::contains` takes the `&str`, `<[T]>::contains` a reference to the element.
                let reference = if subject.kind == Kind::Str { quote!() } else { quote!(&) };
                let test = if search.present {
                    let search = &search.code;
                    quote!(subject.contains(#reference #search))
                } else {
                    let (var, search) = (self.var("s"), operand(&search.code));
                    quote!(#search.is_some_and(|#var| subject.contains(#reference #var)))
                };
                self.and_then(subject, |_, value| {
                    let value = value.code;
                    Ok(Value::present(quote!({ let subject = #value; #test }), Kind::Bool))
                })
            }
            (name, _) => Err(format!("function `{name}` with {} argument(s) is not supported", arguments.len())),
        }
    }
}

/// The kind of a member type, if expressions can use it.
fn kind_of(ty: &TypeIr) -> Result<Kind, String> {
    Ok(match ty {
        TypeIr::Simple(Simple::String) | TypeIr::Named(_, NamedKind::Enum) => Kind::Str,
        TypeIr::Simple(Simple::Boolean) => Kind::Bool,
        TypeIr::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::Float | Simple::Double) => Kind::Num,
        TypeIr::Named(path, NamedKind::Struct) => Kind::Struct { path: path.clone(), builder: false },
        TypeIr::List { member, sparse: false } => Kind::List(Box::new(kind_of(member)?)),
        other => return Err(format!("a member of type {} in a path", type_label(other))),
    })
}

fn type_label(ty: &TypeIr) -> String {
    match ty {
        TypeIr::Simple(simple) => format!("{simple:?}").to_lowercase(),
        TypeIr::Timestamp(_) => "timestamp".into(),
        TypeIr::List { .. } => "sparse list".into(),
        TypeIr::Map { .. } => "map".into(),
        TypeIr::Stream { .. } => "streaming blob".into(),
        TypeIr::Named(_, NamedKind::Union) => "union".into(),
        TypeIr::Named(_, NamedKind::IntEnum) => "intEnum".into(),
        TypeIr::Named(path, _) => path.name.clone(),
    }
}

/// `Vec` of the element values of the list `list` (a `&Vec<T>` expression).
fn elements(list: &TokenStream, element: &TypeIr) -> Result<TokenStream, String> {
    let map = element_map(element)?;
    Ok(quote!(#list.iter() #map .collect::<Vec<_>>()))
}

/// The adapter from `&T` list elements to their values.
fn element_map(element: &TypeIr) -> Result<TokenStream, String> {
    Ok(match element {
        TypeIr::Simple(Simple::String) => quote!(.map(String::as_str)),
        TypeIr::Named(_, NamedKind::Enum) => quote!(.map(|value| value.as_str())),
        TypeIr::Simple(Simple::Boolean | Simple::Double) => quote!(.copied()),
        TypeIr::Simple(Simple::Long) => quote!(.map(|value| *value as f64)),
        TypeIr::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Float) => quote!(.map(|value| f64::from(*value))),
        TypeIr::Named(_, NamedKind::Struct) => quote!(),
        TypeIr::List { member, sparse: false } => {
            let inner = elements(&quote!(inner), member)?;
            quote!(.map(|inner| #inner))
        }
        other => return Err(format!("a list of {} in a path", type_label(other))),
    })
}

fn literal(value: &serde_json::Value) -> Compiled {
    Ok(match value {
        serde_json::Value::String(text) => Value::present(quote!(#text), Kind::Str),
        serde_json::Value::Bool(b) => Value::present(quote!(#b), Kind::Bool),
        serde_json::Value::Number(n) => {
            let n = Literal::f64_suffixed(n.as_f64().ok_or("a number literal out of range")?);
            Value::present(quote!(#n), Kind::Num)
        }
        other => return Err(format!("literal `{other}`")),
    })
}

fn compare(op: Comparison, left: &Value, right: &Value) -> Compiled {
    if left.kind != right.kind || !matches!(left.kind, Kind::Str | Kind::Num | Kind::Bool) {
        return Err(format!("comparison of {:?} with {:?}", left.kind, right.kind));
    }
    // Both present: compare the values; otherwise both as `Option`s.
    let (l, r) = if left.present && right.present { (operand(&left.code), operand(&right.code)) } else { (operand(&left.optional()), operand(&right.optional())) };
    let equality = match op {
        Comparison::Eq => Some(quote!(==)),
        Comparison::Ne => Some(quote!(!=)),
        _ => None,
    };
    if let Some(operator) = equality {
        // Two absent values are equal in JMESPath, as two `None`s are.
        return Ok(Value::present(quote!(#l #operator #r), Kind::Bool));
    }
    if left.kind != Kind::Num {
        return Err("ordering comparisons are supported between numbers only".into());
    }
    let (l, r) = (left.optional(), right.optional());
    let operator = match op {
        Comparison::Lt => quote!(<),
        Comparison::Le => quote!(<=),
        Comparison::Gt => quote!(>),
        _ => quote!(>=),
    };
    // Ordering with an absent side is `null` in JMESPath.
    Ok(Value { code: quote!(match (#l, #r) { (Some(a), Some(b)) => Some(a #operator b), _ => None }), kind: Kind::Bool, present: false })
}
