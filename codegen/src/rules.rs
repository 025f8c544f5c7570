//! Stage 3 for endpoints: a `smithy.rules#endpointRuleSet` (decision-tree form) checked and
//! typed, ready to be compiled to a Rust function by `emit::endpoint`.
//!
//! Everything that could fail is found here, with the path of the offending node: unknown
//! functions and variables, wrong argument counts and types, bad templates and `getAttr`
//! paths. Each expression carries its type and whether it may be unset, which is what lets
//! the emitter write plain typed Rust instead of an interpreter over JSON values.

use serde_json::{Map, Value};

/// A checked rule set.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSetIr {
    /// Parameters in declaration order.
    pub params: Vec<ParamIr>,
    /// The top-level rules.
    pub rules: Vec<RuleIr>,
}

/// A rule-set parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamIr {
    /// The name rules refer to (`Region`).
    pub name: String,
    /// `String`, `Boolean` or `StringArray`.
    pub ty: RuleType,
    /// The client setting it binds to (`AWS::Region`).
    pub built_in: Option<String>,
    /// The default value.
    pub default: Option<Value>,
    /// `required` without a default: resolution fails when it is unset.
    pub required: bool,
    /// Whether any rule reads it.
    pub used: bool,
}

/// The value types of the rules language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleType {
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// A list of strings.
    StringArray,
    /// An integer literal (`substring` and `split` bounds).
    Integer,
    /// The `aws.partition` record.
    Partition,
    /// The `parseURL` record.
    Url,
    /// The `aws.parseArn` record.
    Arn,
}

/// A rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleIr {
    /// Conditions, ANDed in order.
    pub conditions: Vec<ConditionIr>,
    /// What the rule yields when its conditions hold.
    pub kind: RuleKindIr,
}

/// One condition.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionIr {
    /// The tested expression: it holds when set and not `false`.
    pub expr: TypedExpr,
    /// The variable it binds, and whether later conditions or the rule body read it.
    pub assign: Option<(String, bool)>,
    /// `isSet(ref)` of an optional variable that is read later: the variable counts as set
    /// for the rest of the rule.
    pub narrows: Option<String>,
}

/// What a rule yields.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleKindIr {
    /// An endpoint.
    Endpoint {
        /// The URL (a string expression).
        url: TypedExpr,
        /// Headers and their value expressions.
        headers: Vec<(String, Vec<TypedExpr>)>,
        /// Properties (`authSchemes`, ...).
        properties: Vec<(String, PropertyIr)>,
    },
    /// An error with this message.
    Error(TypedExpr),
    /// Nested rules; when the conditions hold, one of them must match.
    Tree(Vec<RuleIr>),
}

/// An endpoint property value: JSON data whose strings are templates.
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyIr {
    /// An object.
    Object(Vec<(String, PropertyIr)>),
    /// An array.
    Array(Vec<PropertyIr>),
    /// A string, boolean or other expression.
    Value(TypedExpr),
    /// A number.
    Number(serde_json::Number),
}

/// An expression with its type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypedExpr {
    /// The expression.
    pub expr: Expr,
    /// Its type.
    pub ty: RuleType,
    /// It may be unset (an optional parameter, a function that can fail).
    pub optional: bool,
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A string template; a plain string is one literal part.
    Template(Vec<TemplatePart>),
    /// A boolean literal.
    Bool(bool),
    /// An integer literal.
    Integer(i64),
    /// A parameter or assigned variable.
    Ref(String),
    /// A library function call.
    Call(Function, Vec<TypedExpr>),
    /// `getAttr` on a variable.
    GetAttr {
        /// The variable.
        var: String,
        /// Its type.
        of: RuleType,
        /// The steps.
        path: Vec<AttrStep>,
    },
}

/// A piece of a template.
#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Literal text.
    Literal(String),
    /// `{Name}` or `{Name#path}`.
    Value(TypedExpr),
}

/// One step of a `getAttr` path.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrStep {
    /// A record field, by its name in the rules language (`dnsSuffix`).
    Field(String),
    /// A list index; negative counts from the end.
    Index(i64),
}

/// The library functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    /// `isSet`.
    IsSet,
    /// `not`.
    Not,
    /// `booleanEquals`.
    BooleanEquals,
    /// `stringEquals`.
    StringEquals,
    /// `parseURL`.
    ParseUrl,
    /// `substring`.
    Substring,
    /// `uriEncode`.
    UriEncode,
    /// `isValidHostLabel`.
    IsValidHostLabel,
    /// `coalesce`.
    Coalesce,
    /// `ite`.
    Ite,
    /// `split`.
    Split,
    /// `aws.partition`.
    Partition,
    /// `aws.parseArn`.
    ParseArn,
    /// `aws.isVirtualHostableS3Bucket`.
    IsVirtualHostableS3Bucket,
}

use RuleType as T;

impl Function {
    fn from_name(name: &str) -> Option<Function> {
        Some(match name {
            "isSet" => Function::IsSet,
            "not" => Function::Not,
            "booleanEquals" => Function::BooleanEquals,
            "stringEquals" => Function::StringEquals,
            "parseURL" => Function::ParseUrl,
            "substring" => Function::Substring,
            "uriEncode" => Function::UriEncode,
            "isValidHostLabel" => Function::IsValidHostLabel,
            "coalesce" => Function::Coalesce,
            "ite" => Function::Ite,
            "split" => Function::Split,
            "aws.partition" => Function::Partition,
            "aws.parseArn" => Function::ParseArn,
            "aws.isVirtualHostableS3Bucket" => Function::IsVirtualHostableS3Bucket,
            _ => return None,
        })
    }

    /// Parameter types and the result type (`None` for the generic `isSet`, `coalesce`,
    /// `ite`), and whether the result may be unset even with every argument set.
    fn signature(self) -> Option<(&'static [RuleType], RuleType, bool)> {
        Some(match self {
            Function::Not => (&[T::Boolean], T::Boolean, false),
            Function::BooleanEquals => (&[T::Boolean, T::Boolean], T::Boolean, false),
            Function::StringEquals => (&[T::String, T::String], T::Boolean, false),
            Function::ParseUrl => (&[T::String], T::Url, true),
            Function::Substring => (&[T::String, T::Integer, T::Integer, T::Boolean], T::String, true),
            Function::UriEncode => (&[T::String], T::String, false),
            Function::IsValidHostLabel => (&[T::String, T::Boolean], T::Boolean, false),
            Function::Split => (&[T::String, T::String, T::Integer], T::StringArray, false),
            Function::Partition => (&[T::String], T::Partition, true),
            Function::ParseArn => (&[T::String], T::Arn, true),
            Function::IsVirtualHostableS3Bucket => (&[T::String, T::Boolean], T::Boolean, false),
            Function::IsSet | Function::Coalesce | Function::Ite => return None,
        })
    }
}

impl RuleType {
    fn name(self) -> &'static str {
        match self {
            T::String => "string",
            T::Boolean => "boolean",
            T::StringArray => "stringArray",
            T::Integer => "integer",
            T::Partition => "partition record",
            T::Url => "URL record",
            T::Arn => "ARN record",
        }
    }

    /// The type of `field` of a record type.
    pub fn field(self, field: &str) -> Option<RuleType> {
        Some(match (self, field) {
            (T::Partition, "name" | "dnsSuffix" | "dualStackDnsSuffix" | "implicitGlobalRegion") => T::String,
            (T::Partition, "supportsFIPS" | "supportsDualStack") => T::Boolean,
            (T::Url, "scheme" | "authority" | "path" | "normalizedPath") => T::String,
            (T::Url, "isIp") => T::Boolean,
            (T::Arn, "partition" | "service" | "region" | "accountId") => T::String,
            (T::Arn, "resourceId") => T::StringArray,
            _ => return None,
        })
    }
}

/// Checks and types a rule set (the trait value).
pub fn check(rule_set: &Value) -> Result<RuleSetIr, String> {
    let root = rule_set.as_object().ok_or("the rule set is not an object")?;
    if root.contains_key("bdd") || root.contains_key("nodes") {
        return Err("the binary-decision-diagram form (`endpointBdd`) is not supported".into());
    }
    let declared = root.get("parameters").and_then(Value::as_object).ok_or("no `parameters` object")?;
    let mut params = Vec::new();
    for (name, def) in declared {
        params.push(param(name, def).map_err(|e| format!("parameters.{name}: {e}"))?);
    }
    let mut checker = Checker {
        scope: params
            .iter()
            .map(|p| (p.name.clone(), p.ty, p.default.is_none() && !p.required))
            .collect(),
    };
    let rules = checker.rules(root.get("rules").ok_or("no `rules`")?, "rules")?;
    for p in &mut params {
        p.used = rules.iter().any(|r| rule_reads(r, &p.name));
    }
    Ok(RuleSetIr { params, rules })
}

fn param(name: &str, def: &Value) -> Result<ParamIr, String> {
    let ty = match def.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("string") => T::String,
        Some("boolean") => T::Boolean,
        Some("stringarray") => T::StringArray,
        other => return Err(format!("unsupported parameter type {other:?}")),
    };
    let default = def.get("default").filter(|d| !d.is_null()).cloned();
    let fits = |v: &Value| match ty {
        T::String => v.is_string(),
        T::Boolean => v.is_boolean(),
        _ => v.as_array().is_some_and(|items| items.iter().all(Value::is_string)),
    };
    if let Some(d) = default.as_ref().filter(|d| !fits(d)) {
        return Err(format!("default {d} is not a {}", ty.name()));
    }
    Ok(ParamIr {
        name: name.to_owned(),
        ty,
        built_in: def.get("builtIn").and_then(Value::as_str).map(str::to_owned),
        required: def.get("required").and_then(Value::as_bool).unwrap_or(false) && default.is_none(),
        default,
        used: false,
    })
}

struct Checker {
    /// Variables in scope, innermost last: name, type, may be unset.
    scope: Vec<(String, RuleType, bool)>,
}

impl Checker {
    fn rules(&mut self, value: &Value, at: &str) -> Result<Vec<RuleIr>, String> {
        let list = value.as_array().ok_or_else(|| format!("{at}: not an array"))?;
        list.iter().enumerate().map(|(i, rule)| self.rule(rule, &format!("{at}[{i}]"))).collect()
    }

    fn rule(&mut self, value: &Value, at: &str) -> Result<RuleIr, String> {
        let rule = value.as_object().ok_or_else(|| format!("{at}: not an object"))?;
        let mark = self.scope.len();
        let mut conditions = Vec::new();
        let listed = rule.get("conditions").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for (i, condition) in listed.iter().enumerate() {
            let at = format!("{at}.conditions[{i}]");
            let expr = self.expr(condition, &at)?;
            let assign = match condition.get("assign") {
                None => None,
                Some(Value::String(name)) => {
                    // A bound value is set (the condition fails otherwise).
                    self.scope.push((name.clone(), expr.ty, false));
                    Some((name.clone(), false))
                }
                Some(_) => return Err(format!("{at}: `assign` is not a string")),
            };
            let narrows = match &expr.expr {
                Expr::Call(Function::IsSet, args) => match &args[0].expr {
                    Expr::Ref(name) if args[0].optional => {
                        self.scope.push((name.clone(), args[0].ty, false));
                        Some(name.clone())
                    }
                    _ => None,
                },
                _ => None,
            };
            conditions.push(ConditionIr { expr, assign, narrows });
        }
        let kind = match rule.get("type").and_then(Value::as_str) {
            Some("endpoint") => self.endpoint(rule.get("endpoint").ok_or_else(|| format!("{at}: no `endpoint`"))?, at)?,
            Some("error") => {
                let at = format!("{at}.error");
                let message = self.expr(rule.get("error").ok_or_else(|| format!("{at}: missing"))?, &at)?;
                Expr::expect(&message, T::String, &at)?;
                RuleKindIr::Error(message)
            }
            Some("tree") => RuleKindIr::Tree(self.rules(rule.get("rules").ok_or_else(|| format!("{at}: no `rules`"))?, &format!("{at}.rules"))?),
            other => return Err(format!("{at}: unknown rule type {other:?}")),
        };
        self.scope.truncate(mark);
        // Whether each binding is read later in the rule decides how the emitter writes it.
        for i in 0..conditions.len() {
            let (before, after) = conditions.split_at_mut(i + 1);
            let read_later = |name: &str| after.iter().any(|c| expr_reads(&c.expr, name)) || kind_reads(&kind, name);
            let condition = &mut before[i];
            if let Some((name, used)) = &mut condition.assign {
                *used = read_later(name);
            }
            if condition.narrows.as_deref().is_some_and(|name| !read_later(name)) {
                condition.narrows = None;
            }
        }
        Ok(RuleIr { conditions, kind })
    }

    fn endpoint(&mut self, value: &Value, at: &str) -> Result<RuleKindIr, String> {
        let at = format!("{at}.endpoint");
        let url = self.expr(value.get("url").ok_or_else(|| format!("{at}: no `url`"))?, &format!("{at}.url"))?;
        Expr::expect(&url, T::String, &at)?;
        let mut headers = Vec::new();
        for (name, values) in value.get("headers").and_then(Value::as_object).into_iter().flatten() {
            let at = format!("{at}.headers.{name}");
            let values = values.as_array().ok_or_else(|| format!("{at}: not an array"))?;
            let values = values
                .iter()
                .map(|v| {
                    let e = self.expr(v, &at)?;
                    Expr::expect(&e, T::String, &at)?;
                    Ok(e)
                })
                .collect::<Result<_, String>>()?;
            headers.push((name.clone(), values));
        }
        let mut properties = Vec::new();
        for (name, v) in value.get("properties").and_then(Value::as_object).into_iter().flatten() {
            properties.push((name.clone(), self.property(v, &format!("{at}.properties.{name}"))?));
        }
        Ok(RuleKindIr::Endpoint { url, headers, properties })
    }

    fn property(&mut self, value: &Value, at: &str) -> Result<PropertyIr, String> {
        Ok(match value {
            Value::Object(map) if !map.contains_key("ref") && !map.contains_key("fn") => PropertyIr::Object(
                map.iter().map(|(k, v)| Ok((k.clone(), self.property(v, &format!("{at}.{k}"))?))).collect::<Result<_, String>>()?,
            ),
            Value::Array(items) => PropertyIr::Array(
                items.iter().enumerate().map(|(i, v)| self.property(v, &format!("{at}[{i}]"))).collect::<Result<_, _>>()?,
            ),
            Value::Number(n) => PropertyIr::Number(n.clone()),
            Value::Null => return Err(format!("{at}: null is not a property value")),
            other => {
                let e = self.expr(other, at)?;
                if !matches!(e.ty, T::String | T::Boolean | T::StringArray) {
                    return Err(format!("{at}: a {} is not a property value", e.ty.name()));
                }
                PropertyIr::Value(e)
            }
        })
    }

    fn lookup(&self, name: &str, at: &str) -> Result<(RuleType, bool), String> {
        self.scope
            .iter()
            .rev()
            .find(|(n, ..)| n == name)
            .map(|(_, ty, optional)| (*ty, *optional))
            .ok_or_else(|| format!("{at}: unknown variable `{name}`"))
    }

    fn expr(&self, value: &Value, at: &str) -> Result<TypedExpr, String> {
        let typed = |expr, ty, optional| Ok(TypedExpr { expr, ty, optional });
        match value {
            Value::String(s) => typed(Expr::Template(self.template(s, at)?), T::String, false),
            Value::Bool(b) => typed(Expr::Bool(*b), T::Boolean, false),
            Value::Number(n) => match n.as_i64() {
                Some(i) => typed(Expr::Integer(i), T::Integer, false),
                None => Err(format!("{at}: {n} is not an integer")),
            },
            Value::Object(map) => {
                if let Some(name) = map.get("ref") {
                    let name = name.as_str().ok_or_else(|| format!("{at}: `ref` is not a string"))?;
                    let (ty, optional) = self.lookup(name, at)?;
                    return typed(Expr::Ref(name.to_owned()), ty, optional);
                }
                self.call(map, at)
            }
            other => Err(format!("{at}: unexpected {other}")),
        }
    }

    fn call(&self, map: &Map<String, Value>, at: &str) -> Result<TypedExpr, String> {
        let name = map.get("fn").and_then(Value::as_str).ok_or_else(|| format!("{at}: neither `ref` nor `fn`"))?;
        let argv = map.get("argv").and_then(Value::as_array).ok_or_else(|| format!("{at}: `{name}` without `argv`"))?;
        if name == "getAttr" {
            return self.get_attr(argv, at);
        }
        let function = Function::from_name(name).ok_or_else(|| format!("{at}: unknown function `{name}`"))?;
        let args = argv
            .iter()
            .enumerate()
            .map(|(i, a)| self.expr(a, &format!("{at}.argv[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let arity = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!("{at}: `{name}` takes {n} arguments, not {}", args.len()))
            }
        };
        let typed = |ty, optional| Ok(TypedExpr { expr: Expr::Call(function, args.clone()), ty, optional });
        match function.signature() {
            Some((params, result, maybe)) => {
                arity(params.len())?;
                for (i, (arg, want)) in args.iter().zip(params).enumerate() {
                    Expr::expect(arg, *want, &format!("{at}.argv[{i}]"))?;
                    if *want == T::Integer && !matches!(arg.expr, Expr::Integer(_)) {
                        return Err(format!("{at}.argv[{i}]: `{name}` needs an integer literal here"));
                    }
                }
                typed(result, maybe)
            }
            None => match function {
                Function::IsSet => {
                    arity(1)?;
                    typed(T::Boolean, false)
                }
                Function::Coalesce => {
                    if args.len() < 2 {
                        return Err(format!("{at}: `coalesce` takes at least 2 arguments"));
                    }
                    for (i, arg) in args.iter().enumerate() {
                        Expr::expect(arg, args[0].ty, &format!("{at}.argv[{i}]"))?;
                    }
                    typed(args[0].ty, args.iter().all(|a| a.optional))
                }
                _ => {
                    arity(3)?;
                    Expr::expect(&args[0], T::Boolean, &format!("{at}.argv[0]"))?;
                    Expr::expect(&args[2], args[1].ty, &format!("{at}.argv[2]"))?;
                    typed(args[1].ty, args[1].optional || args[2].optional)
                }
            },
        }
    }

    fn get_attr(&self, argv: &[Value], at: &str) -> Result<TypedExpr, String> {
        let [target, Value::String(path)] = argv else {
            return Err(format!("{at}: `getAttr` takes a variable and a path string"));
        };
        let name = target
            .get("ref")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{at}: `getAttr` on something other than a variable is not supported"))?;
        let (of, optional) = self.lookup(name, at)?;
        self.attr(name, of, optional, path, at)
    }

    /// `var#path` in a template or `getAttr(var, path)`.
    fn attr(&self, var: &str, of: RuleType, optional: bool, path: &str, at: &str) -> Result<TypedExpr, String> {
        let mut steps = Vec::new();
        let (mut ty, mut maybe) = (of, optional);
        for part in path.split('.') {
            let (field, index) = match part.split_once('[') {
                Some((field, rest)) => {
                    let digits = rest.strip_suffix(']').ok_or_else(|| format!("{at}: bad path `{path}`"))?;
                    (field, Some(digits.parse::<i64>().map_err(|_| format!("{at}: bad index in `{path}`"))?))
                }
                None => (part, None),
            };
            if !field.is_empty() {
                ty = ty.field(field).ok_or_else(|| format!("{at}: a {} has no `{field}`", ty.name()))?;
                steps.push(AttrStep::Field(field.to_owned()));
            }
            if let Some(i) = index {
                if ty != T::StringArray {
                    return Err(format!("{at}: `{path}` indexes a {}", ty.name()));
                }
                (ty, maybe) = (T::String, true);
                steps.push(AttrStep::Index(i));
            }
        }
        if steps.is_empty() {
            return Err(format!("{at}: empty path"));
        }
        Ok(TypedExpr { expr: Expr::GetAttr { var: var.to_owned(), of, path: steps }, ty, optional: maybe })
    }

    fn template(&self, s: &str, at: &str) -> Result<Vec<TemplatePart>, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' | '}' if chars.peek() == Some(&c) => {
                    chars.next();
                    literal.push(c);
                }
                '{' => {
                    let mut inner = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => inner.push(c),
                            None => return Err(format!("{at}: template `{s}` has an unclosed `{{`")),
                        }
                    }
                    let value = match inner.split_once('#') {
                        Some((name, path)) => {
                            let (ty, optional) = self.lookup(name, at)?;
                            self.attr(name, ty, optional, path, at)?
                        }
                        None => {
                            let (ty, optional) = self.lookup(&inner, at)?;
                            TypedExpr { expr: Expr::Ref(inner), ty, optional }
                        }
                    };
                    if !matches!(value.ty, T::String | T::Boolean) {
                        return Err(format!("{at}: a {} cannot be inserted in template `{s}`", value.ty.name()));
                    }
                    if !literal.is_empty() {
                        parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(TemplatePart::Value(value));
                }
                '}' => return Err(format!("{at}: template `{s}` has an unmatched `}}`")),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        Ok(parts)
    }
}

impl Expr {
    fn expect(e: &TypedExpr, ty: RuleType, at: &str) -> Result<(), String> {
        if e.ty == ty {
            Ok(())
        } else {
            Err(format!("{at}: expected a {}, found a {}", ty.name(), e.ty.name()))
        }
    }
}

/// Whether `e` reads variable `name`.
pub fn expr_reads(e: &TypedExpr, name: &str) -> bool {
    match &e.expr {
        Expr::Ref(n) | Expr::GetAttr { var: n, .. } => n == name,
        Expr::Call(_, args) => args.iter().any(|a| expr_reads(a, name)),
        Expr::Template(parts) => parts.iter().any(|p| matches!(p, TemplatePart::Value(v) if expr_reads(v, name))),
        Expr::Bool(_) | Expr::Integer(_) => false,
    }
}

fn property_reads(p: &PropertyIr, name: &str) -> bool {
    match p {
        PropertyIr::Object(fields) => fields.iter().any(|(_, v)| property_reads(v, name)),
        PropertyIr::Array(items) => items.iter().any(|v| property_reads(v, name)),
        PropertyIr::Value(e) => expr_reads(e, name),
        PropertyIr::Number(_) => false,
    }
}

fn kind_reads(kind: &RuleKindIr, name: &str) -> bool {
    match kind {
        RuleKindIr::Endpoint { url, headers, properties } => {
            expr_reads(url, name)
                || headers.iter().flat_map(|(_, v)| v).any(|e| expr_reads(e, name))
                || properties.iter().any(|(_, p)| property_reads(p, name))
        }
        RuleKindIr::Error(message) => expr_reads(message, name),
        RuleKindIr::Tree(rules) => rules.iter().any(|r| rule_reads(r, name)),
    }
}

fn rule_reads(rule: &RuleIr, name: &str) -> bool {
    rule.conditions.iter().any(|c| expr_reads(&c.expr, name)) || kind_reads(&rule.kind, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(rules: Value) -> Result<RuleSetIr, String> {
        check(&json!({
            "version": "1.0",
            "parameters": {
                "Region": {"type": "String", "builtIn": "AWS::Region"},
                "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false}
            },
            "rules": rules
        }))
    }

    #[test]
    fn types_and_optionality() {
        let set = rules(json!([{
            "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}
            ],
            "type": "endpoint",
            "endpoint": {"url": "https://x.{Region}.{PartitionResult#dnsSuffix}"}
        }]))
        .unwrap();
        assert!(set.params[0].used && !set.params[1].used);
        assert!(!set.params[1].required, "a default makes a required parameter always set");
        let rule = &set.rules[0];
        assert_eq!(rule.conditions[0].narrows.as_deref(), Some("Region"));
        assert_eq!(rule.conditions[1].assign, Some(("PartitionResult".to_owned(), true)));
        let TypedExpr { ty, optional, .. } = &rule.conditions[1].expr;
        assert_eq!((*ty, *optional), (RuleType::Partition, true));
        let RuleKindIr::Endpoint { url, .. } = &rule.kind else { panic!() };
        let Expr::Template(parts) = &url.expr else { panic!() };
        // After `isSet`, Region is set.
        assert!(matches!(&parts[1], TemplatePart::Value(v) if !v.optional));
    }

    #[test]
    fn errors_name_the_node() {
        let err = |r: Value| rules(r).unwrap_err();
        assert_eq!(
            err(json!([{"conditions": [{"fn": "nope", "argv": []}], "type": "error", "error": "x"}])),
            "rules[0].conditions[0]: unknown function `nope`"
        );
        assert_eq!(
            err(json!([{"conditions": [{"fn": "not", "argv": [{"ref": "Region"}]}], "type": "error", "error": "x"}])),
            "rules[0].conditions[0].argv[0]: expected a boolean, found a string"
        );
        assert_eq!(
            err(json!([{"conditions": [], "type": "endpoint", "endpoint": {"url": "{Nope}"}}])),
            "rules[0].endpoint.url: unknown variable `Nope`"
        );
        assert_eq!(
            err(json!([{"conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "P"}],
                        "type": "error", "error": "{P#nope}"}])),
            "rules[0].error: a partition record has no `nope`"
        );
        // An assigned variable is out of scope in the next rule.
        assert_eq!(
            err(json!([
                {"conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "P"}], "type": "error", "error": "a"},
                {"conditions": [], "type": "error", "error": "{P#name}"}
            ])),
            "rules[1].error: unknown variable `P`"
        );
    }
}
