//! Parsing a `smithy.rules#endpointRuleSet` document into a tree, and evaluating it.
//!
//! Everything that can be checked without parameter values (rule shapes, function names and
//! arities, templates, `getAttr` paths, parameter types and defaults) is checked by
//! [`RuleSet::parse`], so evaluation walks a ready tree and never looks at JSON again.

use serde_json::{Map, Value};

use std::sync::Arc;

use super::rule_functions::Func;
use super::partition::Partitions;
use super::template::{AttrPath, Part, Template};
use super::{Builtins, Endpoint, EndpointError, EndpointParams, ParamValue};

/// A parsed endpoint rule set, ready to resolve endpoints. Parse it once and share it.
#[derive(Clone, Debug)]
pub struct RuleSet {
    params: Vec<ParamDef>,
    rules: Vec<Rule>,
    /// `None`: [`Partitions::builtin`].
    partitions: Option<Arc<Partitions>>,
}

#[derive(Clone, Debug)]
struct ParamDef {
    name: String,
    ty: ParamType,
    built_in: Option<String>,
    default: Option<ParamValue>,
    required: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum ParamType {
    String,
    Boolean,
    StringArray,
}

#[derive(Clone, Debug)]
struct Rule {
    conditions: Vec<Condition>,
    kind: RuleKind,
}

#[derive(Clone, Debug)]
enum RuleKind {
    Endpoint(EndpointSpec),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Clone, Debug)]
struct Condition {
    expr: Expr,
    assign: Option<String>,
}

#[derive(Clone, Debug)]
struct EndpointSpec {
    url: Expr,
    headers: Vec<(String, Vec<Expr>)>,
    /// Always an [`Expr::Object`].
    properties: Expr,
}

#[derive(Clone, Debug)]
enum Expr {
    Template(Template),
    Bool(bool),
    Number(serde_json::Number),
    Array(Vec<Expr>),
    /// Only in endpoint properties, where objects are data rather than `ref`/`fn` nodes.
    Object(Vec<(String, Expr)>),
    Ref(String),
    Call(Func, Vec<Expr>),
}

/// The state of one evaluation.
struct Eval<'a> {
    /// Parameters and `assign`ed variables in scope, innermost last. Rule sets are small and
    /// shallow, so a vector searched from the end beats a map, and leaving a rule's scope is a
    /// `truncate`.
    scope: Vec<(&'a str, Value)>,
    partitions: &'a Partitions,
}

impl RuleSet {
    /// Parses the JSON text of an `endpointRuleSet` trait value.
    ///
    /// A malformed rule set is an error naming the offending node, e.g.
    /// `invalid endpoint rule set at rules[1].conditions[0]: unknown function `foo``.
    pub fn parse(json: &str) -> Result<RuleSet, EndpointError> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| EndpointError::new(format!("invalid endpoint rule set: not JSON: {e}")))?;
        RuleSet::from_value(&value)
    }

    /// Parses an `endpointRuleSet` trait value that is already a JSON value (as found in a
    /// Smithy JSON AST model).
    pub fn from_value(value: &Value) -> Result<RuleSet, EndpointError> {
        let root = object(value, "the document")?;
        let params = object(field(root, "parameters", "the document")?, "parameters")?
            .iter()
            .map(|(name, def)| parse_param(name, def))
            .collect::<Result<_, _>>()?;
        let rules = parse_rules(field(root, "rules", "the document")?, "rules")?;
        Ok(RuleSet {
            params,
            rules,
            partitions: None,
        })
    }

    /// Uses `partitions` instead of the built-in table for `aws.partition`.
    pub fn with_partitions(mut self, partitions: Partitions) -> RuleSet {
        self.partitions = Some(Arc::new(partitions));
        self
    }

    /// Binds the client's built-in settings to the parameters that declare the matching
    /// `builtIn` (`AWS::Region`, `AWS::UseFIPS`, `SDK::Endpoint`, ...), under the rule set's
    /// own parameter names. Unset built-ins are left out, so parameter defaults apply.
    pub fn params_from_builtins(&self, builtins: &Builtins) -> EndpointParams {
        let bindings: Vec<(&str, &str)> =
            self.params.iter().filter_map(|def| Some((def.name.as_str(), def.built_in.as_deref()?))).collect();
        EndpointParams::from_builtins(builtins, &bindings)
    }

    /// Resolves the endpoint for `params`: applies defaults, checks required parameters and
    /// parameter types, then evaluates the rules. Parameters the rule set does not declare
    /// are ignored.
    ///
    /// An `error` rule yields an [`EndpointError`] whose message is the rule's message.
    pub fn resolve(&self, params: &EndpointParams) -> Result<Endpoint, EndpointError> {
        let partitions = self
            .partitions
            .as_deref()
            .unwrap_or_else(|| Partitions::active());
        let mut eval = Eval {
            scope: Vec::with_capacity(self.params.len() + 8),
            partitions,
        };
        for def in &self.params {
            match params.get(&def.name).or(def.default.as_ref()) {
                Some(value) if ParamType::of(value) == def.ty => {
                    eval.scope.push((&def.name, value.to_json()))
                }
                Some(_) => return Err(EndpointError::wrong_type(&def.name, def.ty.name())),
                None if def.required => return Err(EndpointError::missing(&def.name)),
                None => {}
            }
        }
        eval.rules(&self.rules)?.ok_or_else(exhausted)
    }

    /// Checks one `smithy.rules#endpointTests` case: resolves `params` (the case's `params`
    /// object) and compares with `expect` (`{"error": message}` or `{"endpoint": {"url",
    /// "headers", "properties"}}`, absent headers and properties meaning empty). `Err`
    /// describes the mismatch.
    pub fn check_test_case(&self, params: &Value, expect: &Value) -> Result<(), String> {
        let params = EndpointParams::from_json(params).map_err(|e| e.to_string())?;
        super::compare_with_expectation(self.resolve(&params), expect)
    }
}

impl ParamType {
    fn of(value: &ParamValue) -> ParamType {
        match value {
            ParamValue::String(_) => ParamType::String,
            ParamValue::Bool(_) => ParamType::Boolean,
            ParamValue::StringArray(_) => ParamType::StringArray,
        }
    }

    fn name(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Boolean => "boolean",
            ParamType::StringArray => "stringArray",
        }
    }
}

fn exhausted() -> EndpointError {
    EndpointError::exhausted()
}

// ---------------------------------------------------------------------------------------
// Evaluation

impl<'a> Eval<'a> {
    /// `Ok(None)`: no rule matched. An error rule or an exhausted tree ends evaluation with
    /// `Err`.
    fn rules(&mut self, rules: &'a [Rule]) -> Result<Option<Endpoint>, EndpointError> {
        for rule in rules {
            let mark = self.scope.len();
            if !self.conditions(&rule.conditions)? {
                self.scope.truncate(mark);
                continue;
            }
            let endpoint = match &rule.kind {
                RuleKind::Endpoint(spec) => self.endpoint(spec)?,
                RuleKind::Error(message) => {
                    return Err(EndpointError::new(self.string(message, "error")?))
                }
                // A tree whose conditions matched is final: no backtracking to later siblings.
                RuleKind::Tree(rules) => self.rules(rules)?.ok_or_else(exhausted)?,
            };
            return Ok(Some(endpoint));
        }
        Ok(None)
    }

    /// Conditions are ANDed in order; `false` or unset fails. `assign` binds into the scope.
    fn conditions(&mut self, conditions: &'a [Condition]) -> Result<bool, EndpointError> {
        for condition in conditions {
            match self.expr(&condition.expr)? {
                None | Some(Value::Bool(false)) => return Ok(false),
                Some(value) => {
                    if let Some(name) = &condition.assign {
                        self.scope.push((name, value));
                    }
                }
            }
        }
        Ok(true)
    }

    fn lookup(&self, name: &str) -> Option<&Value> {
        self.scope
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    /// Evaluates an expression; `None` is an unset optional value.
    fn expr(&self, expr: &Expr) -> Result<Option<Value>, EndpointError> {
        Ok(Some(match expr {
            Expr::Template(t) => Value::String(self.render(t)?),
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Number(n) => Value::Number(n.clone()),
            Expr::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|e| Ok(self.expr(e)?.unwrap_or(Value::Null)))
                    .collect::<Result<_, EndpointError>>()?,
            ),
            Expr::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, e)| Ok((k.clone(), self.expr(e)?.unwrap_or(Value::Null))))
                    .collect::<Result<Map<_, _>, EndpointError>>()?,
            ),
            Expr::Ref(name) => return Ok(self.lookup(name).cloned()),
            Expr::Call(func, args) => {
                let args = args
                    .iter()
                    .map(|a| self.expr(a))
                    .collect::<Result<_, _>>()?;
                return func
                    .apply(args, self.partitions)
                    .map_err(EndpointError::new);
            }
        }))
    }

    fn string(&self, expr: &Expr, what: &str) -> Result<String, EndpointError> {
        match self.expr(expr)? {
            Some(Value::String(s)) => Ok(s),
            other => Err(EndpointError::new(format!(
                "endpoint {what} evaluated to {other:?}, not a string"
            ))),
        }
    }

    fn render(&self, template: &Template) -> Result<String, EndpointError> {
        let mut out = String::new();
        for part in &template.0 {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Var { name, path } => {
                    let unset = || EndpointError::unset(name);
                    let mut value = self.lookup(name).ok_or_else(unset)?;
                    if let Some(path) = path {
                        value = path.get(value).ok_or_else(unset)?;
                    }
                    match value {
                        Value::String(s) => out.push_str(s),
                        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                        Value::Number(n) => out.push_str(&n.to_string()),
                        other => {
                            return Err(EndpointError::new(format!(
                                "template value `{name}` is {other}, which cannot be inserted in a string"
                            )))
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    fn endpoint(&self, spec: &EndpointSpec) -> Result<Endpoint, EndpointError> {
        let url = self.string(&spec.url, "url")?;
        let mut headers = std::collections::BTreeMap::new();
        for (name, values) in &spec.headers {
            let values = values
                .iter()
                .map(|v| self.string(v, "header"))
                .collect::<Result<_, _>>()?;
            headers.insert(name.clone(), values);
        }
        let properties = match self.expr(&spec.properties)? {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        };
        Ok(Endpoint {
            url,
            headers,
            properties,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Parsing

fn invalid(at: &str, message: impl std::fmt::Display) -> EndpointError {
    EndpointError::new(format!("invalid endpoint rule set at {at}: {message}"))
}

fn object<'v>(value: &'v Value, at: &str) -> Result<&'v Map<String, Value>, EndpointError> {
    value
        .as_object()
        .ok_or_else(|| invalid(at, "expected an object"))
}

fn field<'v>(map: &'v Map<String, Value>, key: &str, at: &str) -> Result<&'v Value, EndpointError> {
    map.get(key)
        .ok_or_else(|| invalid(at, format!("missing `{key}`")))
}

fn array<'v>(value: &'v Value, at: &str) -> Result<&'v Vec<Value>, EndpointError> {
    value
        .as_array()
        .ok_or_else(|| invalid(at, "expected an array"))
}

fn parse_param(name: &str, def: &Value) -> Result<ParamDef, EndpointError> {
    let at = format!("parameters.{name}");
    let def = object(def, &at)?;
    let ty = match field(def, "type", &at)?
        .as_str()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("string") => ParamType::String,
        Some("boolean") => ParamType::Boolean,
        Some("stringarray") => ParamType::StringArray,
        _ => {
            return Err(invalid(
                &at,
                "`type` must be `string`, `boolean` or `stringArray`",
            ))
        }
    };
    let default = match def.get("default") {
        None | Some(Value::Null) => None,
        Some(v) => match ParamValue::from_json(v) {
            Some(value) if ParamType::of(&value) == ty => Some(value),
            _ => return Err(invalid(&at, format!("`default` is not a {}", ty.name()))),
        },
    };
    let required = match def.get("required") {
        None => false,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| invalid(&at, "`required` must be a boolean"))?,
    };
    let built_in = match def.get("builtIn") {
        None => None,
        Some(v) => Some(
            v.as_str()
                .ok_or_else(|| invalid(&at, "`builtIn` must be a string"))?
                .to_owned(),
        ),
    };
    Ok(ParamDef {
        name: name.to_owned(),
        ty,
        built_in,
        default,
        required,
    })
}

fn parse_rules(value: &Value, at: &str) -> Result<Vec<Rule>, EndpointError> {
    array(value, at)?
        .iter()
        .enumerate()
        .map(|(i, rule)| parse_rule(rule, &format!("{at}[{i}]")))
        .collect()
}

fn parse_rule(value: &Value, at: &str) -> Result<Rule, EndpointError> {
    let rule = object(value, at)?;
    // The spec requires `conditions` (and, for trees, a non-empty list), but real models have
    // trees with `conditions: []`; both absent and empty mean "always matches".
    let conditions = match rule.get("conditions") {
        None => Vec::new(),
        Some(list) => array(list, &format!("{at}.conditions"))?
            .iter()
            .enumerate()
            .map(|(i, c)| parse_condition(c, &format!("{at}.conditions[{i}]")))
            .collect::<Result<_, _>>()?,
    };
    let kind = match field(rule, "type", at)?.as_str() {
        Some("endpoint") => RuleKind::Endpoint(parse_endpoint(
            field(rule, "endpoint", at)?,
            &format!("{at}.endpoint"),
        )?),
        Some("error") => RuleKind::Error(parse_expr(
            field(rule, "error", at)?,
            &format!("{at}.error"),
        )?),
        Some("tree") => RuleKind::Tree(parse_rules(
            field(rule, "rules", at)?,
            &format!("{at}.rules"),
        )?),
        _ => return Err(invalid(at, "`type` must be `endpoint`, `error` or `tree`")),
    };
    Ok(Rule { conditions, kind })
}

fn parse_condition(value: &Value, at: &str) -> Result<Condition, EndpointError> {
    let map = object(value, at)?;
    let expr = parse_call(map, at)?;
    let assign = match map.get("assign") {
        None => None,
        Some(v) => Some(
            v.as_str()
                .ok_or_else(|| invalid(at, "`assign` must be a string"))?
                .to_owned(),
        ),
    };
    Ok(Condition { expr, assign })
}

fn parse_call(map: &Map<String, Value>, at: &str) -> Result<Expr, EndpointError> {
    let name = field(map, "fn", at)?
        .as_str()
        .ok_or_else(|| invalid(at, "`fn` must be a string"))?;
    let argv = array(field(map, "argv", at)?, &format!("{at}.argv"))?;
    if name == "getAttr" {
        let [target, Value::String(path)] = argv.as_slice() else {
            return Err(invalid(
                at,
                "getAttr takes a value and a literal path string",
            ));
        };
        let path = AttrPath::parse(path).map_err(|e| invalid(at, e))?;
        return Ok(Expr::Call(
            Func::GetAttr(path),
            vec![parse_expr(target, &format!("{at}.argv[0]"))?],
        ));
    }
    let (func, arity) =
        Func::from_name(name).ok_or_else(|| invalid(at, format!("unknown function `{name}`")))?;
    if !arity.contains(&argv.len()) {
        return Err(invalid(
            at,
            format!("`{name}` does not take {} arguments", argv.len()),
        ));
    }
    let args = argv
        .iter()
        .enumerate()
        .map(|(i, a)| parse_expr(a, &format!("{at}.argv[{i}]")))
        .collect::<Result<_, _>>()?;
    Ok(Expr::Call(func, args))
}

fn parse_template(s: &str, at: &str) -> Result<Expr, EndpointError> {
    Template::parse(s)
        .map(Expr::Template)
        .map_err(|e| invalid(at, e))
}

/// An argument, `url`, `error` or header value: a literal, `{"ref"}` or `{"fn", "argv"}`.
fn parse_expr(value: &Value, at: &str) -> Result<Expr, EndpointError> {
    match value {
        Value::String(s) => parse_template(s, at),
        Value::Bool(b) => Ok(Expr::Bool(*b)),
        Value::Number(n) => Ok(Expr::Number(n.clone())),
        Value::Array(items) => Ok(Expr::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, e)| parse_expr(e, &format!("{at}[{i}]")))
                .collect::<Result<_, _>>()?,
        )),
        Value::Object(map) => match map.get("ref") {
            Some(Value::String(name)) => Ok(Expr::Ref(name.clone())),
            Some(_) => Err(invalid(at, "`ref` must be a string")),
            None if map.contains_key("fn") => parse_call(map, at),
            None => Err(invalid(at, "expected a `ref` or `fn` object")),
        },
        Value::Null => Err(invalid(at, "unexpected null")),
    }
}

/// A property value: nested objects, arrays, booleans, numbers and template strings.
fn parse_property(value: &Value, at: &str) -> Result<Expr, EndpointError> {
    match value {
        Value::Object(map) => Ok(Expr::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), parse_property(v, &format!("{at}.{k}"))?)))
                .collect::<Result<_, _>>()?,
        )),
        Value::Array(items) => Ok(Expr::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| parse_property(v, &format!("{at}[{i}]")))
                .collect::<Result<_, _>>()?,
        )),
        Value::String(s) => parse_template(s, at),
        Value::Bool(b) => Ok(Expr::Bool(*b)),
        Value::Number(n) => Ok(Expr::Number(n.clone())),
        Value::Null => Err(invalid(at, "unexpected null")),
    }
}

fn parse_endpoint(value: &Value, at: &str) -> Result<EndpointSpec, EndpointError> {
    let map = object(value, at)?;
    let url = parse_expr(field(map, "url", at)?, &format!("{at}.url"))?;
    let mut headers = Vec::new();
    if let Some(h) = map.get("headers") {
        for (name, values) in object(h, &format!("{at}.headers"))? {
            let at = format!("{at}.headers.{name}");
            let values = array(values, &at)?
                .iter()
                .enumerate()
                .map(|(i, v)| parse_expr(v, &format!("{at}[{i}]")))
                .collect::<Result<_, _>>()?;
            headers.push((name.clone(), values));
        }
    }
    let properties = match map.get("properties") {
        None => Expr::Object(Vec::new()),
        Some(p) => {
            object(p, &format!("{at}.properties"))?;
            parse_property(p, &format!("{at}.properties"))?
        }
    };
    Ok(EndpointSpec {
        url,
        headers,
        properties,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_err(json: &str) -> String {
        match RuleSet::parse(json) {
            Ok(_) => panic!("expected an error for {json}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn rule_set_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<RuleSet>();
    }

    #[test]
    fn malformed_rule_sets_are_errors_naming_the_node() {
        assert!(parse_err("{").contains("not JSON"));
        assert!(parse_err("[]").contains("expected an object"));
        assert!(parse_err(r#"{"parameters": {}}"#).contains("missing `rules`"));
        let e = parse_err(
            r#"{"parameters": {}, "rules": [{"type": "endpoint", "conditions": [{"fn": "nope", "argv": []}], "endpoint": {"url": "x"}}]}"#,
        );
        assert!(
            e.contains("rules[0].conditions[0]") && e.contains("unknown function `nope`"),
            "{e}"
        );
        let e = parse_err(
            r#"{"parameters": {}, "rules": [{"type": "tree", "rules": [{"type": "endpoint", "endpoint": {"url": "{A"}}]}]}"#,
        );
        assert!(
            e.contains("rules[0].rules[0].endpoint.url") && e.contains("unclosed"),
            "{e}"
        );
        let e = parse_err(
            r#"{"parameters": {}, "rules": [{"type": "error", "conditions": [{"fn": "not", "argv": [true, false]}], "error": "x"}]}"#,
        );
        assert!(e.contains("does not take 2 arguments"), "{e}");
        let e =
            parse_err(r#"{"parameters": {"A": {"type": "boolean", "default": "x"}}, "rules": []}"#);
        assert!(
            e.contains("parameters.A") && e.contains("not a boolean"),
            "{e}"
        );
        let e = parse_err(r#"{"parameters": {"A": {"type": "int"}}, "rules": []}"#);
        assert!(e.contains("`type` must be"), "{e}");
        let e = parse_err(r#"{"parameters": {}, "rules": [{"type": "what"}]}"#);
        assert!(e.contains("rules[0]"), "{e}");
        let e = parse_err(
            r#"{"parameters": {}, "rules": [{"type": "endpoint", "conditions": [{"fn": "getAttr", "argv": [{"ref": "x"}, {"ref": "y"}]}], "endpoint": {"url": "x"}}]}"#,
        );
        assert!(e.contains("literal path"), "{e}");
    }

    const RULES: &str = r#"{
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region"},
            "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
            "Bucket": {"type": "string"},
            "Names": {"type": "stringArray", "required": true, "default": ["a", "b"]}
        },
        "rules": [
            {"type": "tree", "conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}], "rules": [
                {"type": "endpoint",
                 "conditions": [{"fn": "aws.parseArn", "argv": [{"ref": "Bucket"}], "assign": "arn"},
                                {"fn": "getAttr", "argv": [{"ref": "arn"}, "resourceId[-1]"], "assign": "last"}],
                 "endpoint": {"url": "https://{last}.{arn#region}.example.com",
                              "headers": {"x-names": ["{Names#[0]}", {"fn": "getAttr", "argv": [{"ref": "Names"}, "[1]"]}]},
                              "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{arn#region}", "double": true}]}}}
            ]},
            {"type": "tree", "conditions": [], "rules": [
                {"type": "error", "conditions": [{"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Region"}]}]}],
                 "error": "Missing Region"},
                {"type": "endpoint",
                 "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"},
                                {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                 "endpoint": {"url": "https://svc-fips.{Region}.{p#dnsSuffix}"}},
                {"type": "endpoint", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "local"]}],
                 "endpoint": {"url": "http://localhost"}}
            ]}
        ]
    }"#;

    fn resolve(params: serde_json::Value) -> Result<Endpoint, EndpointError> {
        let rules = RuleSet::parse(RULES).expect("valid rule set");
        rules.resolve(&EndpointParams::from_json(&params).expect("valid params"))
    }

    #[test]
    fn evaluation() {
        use serde_json::json;
        let e = resolve(json!({"Bucket": "arn:aws:s3:us-west-2:1:ap/x/y"})).expect("endpoint");
        assert_eq!(e.url, "https://y.us-west-2.example.com");
        assert_eq!(e.headers["x-names"], vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(
            serde_json::Value::Object(e.properties),
            json!({"authSchemes": [{"name": "sigv4", "signingRegion": "us-west-2", "double": true}]})
        );
        // The Bucket tree matched but none of its rules did: an error, no fallthrough.
        assert!(resolve(json!({"Bucket": "not-an-arn", "Region": "local"})).is_err());
        assert_eq!(
            resolve(json!({})).map_err(|e| e.to_string()),
            Err("Missing Region".into())
        );
        assert_eq!(
            resolve(json!({"Region": "cn-north-1", "UseFIPS": true}))
                .map(|e| e.url)
                .ok()
                .as_deref(),
            Some("https://svc-fips.cn-north-1.amazonaws.com.cn")
        );
        assert_eq!(
            resolve(json!({"Region": "local"}))
                .map(|e| e.url)
                .ok()
                .as_deref(),
            Some("http://localhost")
        );
        // The empty-conditions tree matched and is exhausted.
        assert!(resolve(json!({"Region": "us-east-1"})).is_err());
        let e = resolve(json!({"Region": true})).expect_err("type error");
        assert!(e.to_string().contains("`Region` must be a string"), "{e}");
    }

    #[test]
    fn builtins_map_by_builtin_name() {
        let rules = RuleSet::parse(RULES).expect("valid rule set");
        let builtins = Builtins {
            region: Some("eu-west-1".into()),
            use_fips: true,
            ..Builtins::default()
        };
        let params = rules.params_from_builtins(&builtins);
        assert_eq!(
            params.get("Region"),
            Some(&ParamValue::String("eu-west-1".into()))
        );
        assert_eq!(params.get("UseFIPS"), Some(&ParamValue::Bool(true)));
        assert_eq!(params.get("Bucket"), None);
        assert_eq!(
            rules.resolve(&params).map(|e| e.url).ok().as_deref(),
            Some("https://svc-fips.eu-west-1.amazonaws.com")
        );
    }
}
