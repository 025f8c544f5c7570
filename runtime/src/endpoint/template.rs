//! Template strings (`"https://{Region}.{PartitionResult#dnsSuffix}"`) and `getAttr` paths
//! (`resourceId[0]`, `a.b[-1]`), both parsed once when the rule set is loaded.

use serde_json::Value;

/// One step of a `getAttr` path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PathPart {
    /// An object key.
    Key(String),
    /// An array index; negative counts from the end (rules engine 1.1).
    Index(i64),
}

/// A parsed `getAttr` path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AttrPath(Vec<PathPart>);

impl AttrPath {
    /// Splits on `.`; each part is a key, optionally followed by one `[n]` index.
    pub(crate) fn parse(path: &str) -> Result<AttrPath, String> {
        let mut parts = Vec::new();
        for part in path.split('.') {
            let (key, index) = match part.split_once('[') {
                Some((key, rest)) => {
                    let digits = rest
                        .strip_suffix(']')
                        .ok_or_else(|| format!("`{path}`: `[` without a closing `]`"))?;
                    let index = digits
                        .parse::<i64>()
                        .map_err(|_| format!("`{path}`: `{digits}` is not an index"))?;
                    (key, Some(index))
                }
                None => (part, None),
            };
            if key.is_empty() && index.is_none() {
                return Err(format!("`{path}`: empty path segment"));
            }
            if !key.is_empty() {
                parts.push(PathPart::Key(key.to_owned()));
            }
            parts.extend(index.map(PathPart::Index));
        }
        Ok(AttrPath(parts))
    }

    /// Follows the path; `None` when a key is absent, an index is out of range, or a step
    /// meets a value of the wrong shape.
    pub(crate) fn get<'v>(&self, mut value: &'v Value) -> Option<&'v Value> {
        for part in &self.0 {
            value = match (part, value) {
                (PathPart::Key(key), Value::Object(map)) => map.get(key)?,
                (PathPart::Index(i), Value::Array(items)) => {
                    let len = i64::try_from(items.len()).ok()?;
                    let i = if *i < 0 { len + i } else { *i };
                    items.get(usize::try_from(i).ok()?)?
                }
                _ => return None,
            };
        }
        Some(value)
    }
}

/// A piece of a template string.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Part {
    /// Literal text (`{{` / `}}` escapes already resolved).
    Literal(String),
    /// `{Name}` or `{Name#path}`.
    Var {
        /// Parameter or variable name.
        name: String,
        /// The `#` shorthand for `getAttr`, if any.
        path: Option<AttrPath>,
    },
}

/// A parsed template string.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Template(pub(crate) Vec<Part>);

impl Template {
    /// Parses `{Var}` / `{Var#attr.path}` placeholders; `{{` and `}}` stand for literal braces.
    pub(crate) fn parse(s: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut inner = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => inner.push(c),
                            None => return Err(format!("template `{s}`: unclosed `{{`")),
                        }
                    }
                    let (name, path) = match inner.split_once('#') {
                        Some((name, path)) => (name, Some(AttrPath::parse(path)?)),
                        None => (inner.as_str(), None),
                    };
                    if name.is_empty() {
                        return Err(format!("template `{s}`: empty placeholder"));
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Var {
                        name: name.to_owned(),
                        path,
                    });
                }
                '}' => return Err(format!("template `{s}`: unmatched `}}`")),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Template(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths() {
        let v = json!({"a": {"b": [1, 2, 3]}, "resourceId": ["x", "y"]});
        let get = |p: &str| AttrPath::parse(p).expect("valid path").get(&v).cloned();
        assert_eq!(get("a.b[0]"), Some(json!(1)));
        assert_eq!(get("a.b[-1]"), Some(json!(3)));
        assert_eq!(get("a.b[3]"), None);
        assert_eq!(get("a.b[-4]"), None);
        assert_eq!(get("resourceId[1]"), Some(json!("y")));
        assert_eq!(get("missing"), None);
        assert_eq!(get("a.b.c"), None);
        assert_eq!(
            AttrPath::parse("[0]")
                .expect("index only")
                .get(&json!(["z"])),
            Some(&json!("z"))
        );
        assert!(AttrPath::parse("a[x]").is_err());
        assert!(AttrPath::parse("a[0").is_err());
        assert!(AttrPath::parse("a..b").is_err());
    }

    #[test]
    fn templates() {
        let t = Template::parse("https://{Region}.{P#dnsSuffix}/{{x}}").expect("valid");
        assert_eq!(
            t.0,
            vec![
                Part::Literal("https://".into()),
                Part::Var {
                    name: "Region".into(),
                    path: None
                },
                Part::Literal(".".into()),
                Part::Var {
                    name: "P".into(),
                    path: Some(AttrPath(vec![PathPart::Key("dnsSuffix".into())]))
                },
                Part::Literal("/{x}".into()),
            ]
        );
        assert_eq!(
            Template::parse("").expect("empty").0,
            vec![Part::Literal(String::new())]
        );
        assert!(Template::parse("{Region").is_err());
        assert!(Template::parse("a}b").is_err());
        assert!(Template::parse("{}").is_err());
    }
}
