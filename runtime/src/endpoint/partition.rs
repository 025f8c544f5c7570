//! The `aws.partition` function: the AWS partition table and its lookup.
//!
//! Lookup follows the reference implementations: an exact region key first, then the first
//! partition whose `regionRegex` matches, then the `aws` partition, so any region string
//! resolves to some partition.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::EndpointError;

/// The built-in table: `partitions.json` version 1.1 as bundled with `smithy-aws-endpoints`
/// (region descriptions dropped; they are documentation, not outputs).
const BUILTIN: &str = r#"{"version": "1.1", "partitions": [
  {"id": "aws", "regionRegex": "^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$",
   "regions": {"af-south-1": {}, "ap-east-1": {}, "ap-east-2": {}, "ap-northeast-1": {}, "ap-northeast-2": {},
     "ap-northeast-3": {}, "ap-south-1": {}, "ap-south-2": {}, "ap-southeast-1": {}, "ap-southeast-2": {},
     "ap-southeast-3": {}, "ap-southeast-4": {}, "ap-southeast-5": {}, "ap-southeast-6": {}, "ap-southeast-7": {},
     "aws-global": {}, "ca-central-1": {}, "ca-west-1": {}, "eu-central-1": {}, "eu-central-2": {}, "eu-north-1": {},
     "eu-south-1": {}, "eu-south-2": {}, "eu-west-1": {}, "eu-west-2": {}, "eu-west-3": {}, "il-central-1": {},
     "me-central-1": {}, "me-south-1": {}, "mx-central-1": {}, "sa-east-1": {}, "us-east-1": {}, "us-east-2": {},
     "us-west-1": {}, "us-west-2": {}},
   "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
     "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "us-east-1"}},
  {"id": "aws-cn", "regionRegex": "^cn\\-\\w+\\-\\d+$",
   "regions": {"aws-cn-global": {}, "cn-north-1": {}, "cn-northwest-1": {}},
   "outputs": {"name": "aws-cn", "dnsSuffix": "amazonaws.com.cn", "dualStackDnsSuffix": "api.amazonwebservices.com.cn",
     "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "cn-northwest-1"}},
  {"id": "aws-eusc", "regionRegex": "^eusc\\-(de)\\-\\w+\\-\\d+$",
   "regions": {"eusc-de-east-1": {}},
   "outputs": {"name": "aws-eusc", "dnsSuffix": "amazonaws.eu", "dualStackDnsSuffix": "api.amazonwebservices.eu",
     "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "eusc-de-east-1"}},
  {"id": "aws-iso", "regionRegex": "^us\\-iso\\-\\w+\\-\\d+$",
   "regions": {"aws-iso-global": {}, "us-iso-east-1": {}, "us-iso-west-1": {}},
   "outputs": {"name": "aws-iso", "dnsSuffix": "c2s.ic.gov", "dualStackDnsSuffix": "api.aws.ic.gov",
     "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "us-iso-east-1"}},
  {"id": "aws-iso-b", "regionRegex": "^us\\-isob\\-\\w+\\-\\d+$",
   "regions": {"aws-iso-b-global": {}, "us-isob-east-1": {}, "us-isob-west-1": {}},
   "outputs": {"name": "aws-iso-b", "dnsSuffix": "sc2s.sgov.gov", "dualStackDnsSuffix": "api.aws.scloud",
     "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "us-isob-east-1"}},
  {"id": "aws-iso-e", "regionRegex": "^eu\\-isoe\\-\\w+\\-\\d+$",
   "regions": {"aws-iso-e-global": {}, "eu-isoe-west-1": {}},
   "outputs": {"name": "aws-iso-e", "dnsSuffix": "cloud.adc-e.uk", "dualStackDnsSuffix": "api.cloud-aws.adc-e.uk",
     "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "eu-isoe-west-1"}},
  {"id": "aws-iso-f", "regionRegex": "^us\\-isof\\-\\w+\\-\\d+$",
   "regions": {"aws-iso-f-global": {}, "us-isof-east-1": {}, "us-isof-south-1": {}},
   "outputs": {"name": "aws-iso-f", "dnsSuffix": "csp.hci.ic.gov", "dualStackDnsSuffix": "api.aws.hci.ic.gov",
     "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "us-isof-south-1"}},
  {"id": "aws-us-gov", "regionRegex": "^us\\-gov\\-\\w+\\-\\d+$",
   "regions": {"aws-us-gov-global": {}, "us-gov-east-1": {}, "us-gov-west-1": {}},
   "outputs": {"name": "aws-us-gov", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
     "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "us-gov-west-1"}}
]}"#;

/// The partition table behind `aws.partition`: a `partitions.json` document.
///
/// [`Partitions::builtin`] is used unless a rule set is given another table with
/// `RuleSet::with_partitions` (feature `rules-interpreter`), for example a newer
/// `partitions.json` than this runtime ships (the reference SDKs allow the same override).
#[derive(Clone, Debug)]
pub struct Partitions(Vec<Partition>);

#[derive(Clone, Debug)]
struct Partition {
    id: String,
    regex: RegionRegex,
    /// Explicit regions with their outputs (partition outputs plus any region overrides).
    regions: Vec<(String, Value)>,
    outputs: Value,
}

impl Partitions {
    /// The table this runtime ships (`partitions.json` 1.1).
    pub fn builtin() -> &'static Partitions {
        static TABLE: OnceLock<Partitions> = OnceLock::new();
        // A unit test checks that BUILTIN parses; an empty table would only make every
        // `aws.partition` call unset.
        TABLE.get_or_init(|| Partitions::from_json(BUILTIN).unwrap_or(Partitions(Vec::new())))
    }

    /// The table endpoint resolution uses: the file named by `AWS_PARTITIONS_FILE_OVERRIDE`
    /// if that variable is set (as the Smithy reference implementation allows), else
    /// [`Partitions::builtin`]. A file that cannot be read or parsed is reported once on
    /// standard error and the built-in table is used.
    pub fn active() -> &'static Partitions {
        static ACTIVE: OnceLock<Option<Partitions>> = OnceLock::new();
        let overridden = ACTIVE.get_or_init(|| {
            let path = std::env::var_os("AWS_PARTITIONS_FILE_OVERRIDE")?;
            let loaded = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| Partitions::from_json(&text).map_err(|e| e.to_string()));
            match loaded {
                Ok(table) => Some(table),
                Err(e) => {
                    eprintln!("AWS_PARTITIONS_FILE_OVERRIDE={}: {e}; using the built-in table", path.to_string_lossy());
                    None
                }
            }
        });
        overridden.as_ref().unwrap_or_else(Partitions::builtin)
    }

    /// Parses a `partitions.json` document: `{"partitions": [{"id", "regionRegex",
    /// "regions": {name: overrides}, "outputs": {...}}]}`. Region regexes must use the
    /// subset AWS uses (anchors, literals, `(a|b)` groups, `\w+`, `\d+`).
    pub fn from_json(json: &str) -> Result<Partitions, EndpointError> {
        let bad = |what: String| EndpointError::new(format!("invalid partitions document: {what}"));
        let doc: Value = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
        let list = doc["partitions"]
            .as_array()
            .ok_or_else(|| bad("no `partitions` array".into()))?;
        let mut partitions = Vec::with_capacity(list.len());
        for p in list {
            let id = p["id"]
                .as_str()
                .ok_or_else(|| bad("a partition without an `id`".into()))?;
            let pattern = p["regionRegex"]
                .as_str()
                .ok_or_else(|| bad(format!("{id}: no `regionRegex`")))?;
            let regex = RegionRegex::compile(pattern)
                .ok_or_else(|| bad(format!("{id}: unsupported `regionRegex` {pattern}")))?;
            let mut outputs = p["outputs"]
                .as_object()
                .cloned()
                .ok_or_else(|| bad(format!("{id}: no `outputs`")))?;
            outputs.entry("name").or_insert_with(|| id.into());
            let regions = match p.get("regions") {
                None => Vec::new(),
                Some(r) => r
                    .as_object()
                    .ok_or_else(|| bad(format!("{id}: `regions` is not an object")))?
                    .iter()
                    .map(|(name, overrides)| (name.clone(), merged(&outputs, overrides)))
                    .collect(),
            };
            partitions.push(Partition {
                id: id.to_owned(),
                regex,
                regions,
                outputs: Value::Object(outputs),
            });
        }
        Ok(Partitions(partitions))
    }

    /// `aws.partition(region)`: the `Partition` record (`name`, `dnsSuffix`,
    /// `dualStackDnsSuffix`, `supportsFIPS`, `supportsDualStack`, `implicitGlobalRegion`).
    /// Exact region key first, then the first matching `regionRegex`, then `aws`.
    pub(crate) fn lookup(&self, region: &str) -> Option<Value> {
        let exact = self
            .0
            .iter()
            .find_map(|p| p.regions.iter().find(|(name, _)| name == region));
        if let Some((_, outputs)) = exact {
            return Some(outputs.clone());
        }
        let by_regex = self.0.iter().find(|p| p.regex.is_match(region));
        by_regex
            .or_else(|| self.0.iter().find(|p| p.id == "aws"))
            .map(|p| p.outputs.clone())
    }
}

/// The `aws.partition` record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionResult {
    /// `name`: the partition id (`aws`, `aws-cn`, ...).
    pub name: String,
    /// `dnsSuffix` (`amazonaws.com`).
    pub dns_suffix: String,
    /// `dualStackDnsSuffix` (`api.aws`).
    pub dual_stack_dns_suffix: String,
    /// `supportsFIPS`.
    pub supports_fips: bool,
    /// `supportsDualStack`.
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`.
    pub implicit_global_region: String,
}

/// `aws.partition(region)` in the [active](Partitions::active) table, for resolvers the
/// generator compiles from rule sets. Outputs missing from a (custom) table read as empty
/// strings and `false`.
pub fn partition(region: &str) -> Option<PartitionResult> {
    let outputs = Partitions::active().lookup(region)?;
    let text = |key: &str| outputs.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let flag = |key: &str| outputs.get(key).and_then(Value::as_bool).unwrap_or_default();
    Some(PartitionResult {
        name: text("name"),
        dns_suffix: text("dnsSuffix"),
        dual_stack_dns_suffix: text("dualStackDnsSuffix"),
        supports_fips: flag("supportsFIPS"),
        supports_dual_stack: flag("supportsDualStack"),
        implicit_global_region: text("implicitGlobalRegion"),
    })
}

/// Partition outputs with a region's overrides applied (`description` is documentation).
fn merged(outputs: &Map<String, Value>, overrides: &Value) -> Value {
    let mut out = outputs.clone();
    if let Some(overrides) = overrides.as_object() {
        for (k, v) in overrides.iter().filter(|(k, _)| *k != "description") {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// The subset of regular expressions that `regionRegex` values use: anchors, literal
/// characters (`\-` escapes), one-level groups of literal alternatives, and `\w+` / `\d+`.
/// Hand-written so the runtime does not depend on a regex engine.
#[derive(Clone, Debug)]
struct RegionRegex(Vec<Token>);

#[derive(Clone, Debug)]
enum Token {
    Literal(char),
    Alternatives(Vec<String>),
    /// `\w+` (`true`) or `\d+` (`false`).
    OneOrMore {
        word: bool,
    },
}

impl RegionRegex {
    fn compile(pattern: &str) -> Option<RegionRegex> {
        let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
        let mut tokens = Vec::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let escaped = chars.next()?;
                    match escaped {
                        'w' | 'd' => {
                            if chars.next() != Some('+') {
                                return None;
                            }
                            tokens.push(Token::OneOrMore {
                                word: escaped == 'w',
                            });
                        }
                        _ if !escaped.is_ascii_alphanumeric() => {
                            tokens.push(Token::Literal(escaped))
                        }
                        _ => return None,
                    }
                }
                '(' => {
                    let mut group = String::new();
                    loop {
                        match chars.next()? {
                            ')' => break,
                            '\\' => group.push(chars.next()?),
                            c => group.push(c),
                        }
                    }
                    tokens.push(Token::Alternatives(
                        group.split('|').map(String::from).collect(),
                    ));
                }
                '[' | ']' | '*' | '+' | '?' | '.' | '{' | '}' | '|' | ')' | '^' | '$' => {
                    return None
                }
                c => tokens.push(Token::Literal(c)),
            }
        }
        Some(RegionRegex(tokens))
    }

    fn is_match(&self, input: &str) -> bool {
        match_tokens(&self.0, input)
    }
}

/// Backtracking match of the whole `input` (the pattern is anchored at both ends).
fn match_tokens(tokens: &[Token], input: &str) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return input.is_empty();
    };
    match first {
        Token::Literal(c) => input
            .strip_prefix(*c)
            .is_some_and(|tail| match_tokens(rest, tail)),
        Token::Alternatives(alts) => alts.iter().any(|alt| {
            input
                .strip_prefix(alt.as_str())
                .is_some_and(|tail| match_tokens(rest, tail))
        }),
        Token::OneOrMore { word } => {
            let class = |c: char| {
                if *word {
                    c.is_ascii_alphanumeric() || c == '_'
                } else {
                    c.is_ascii_digit()
                }
            };
            let run = input.chars().take_while(|&c| class(c)).count();
            // All class characters are ASCII, so char counts are byte offsets.
            (1..=run).rev().any(|n| match_tokens(rest, &input[n..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(region: &str, key: &str) -> Value {
        Partitions::builtin().lookup(region).unwrap_or_default()[key].clone()
    }

    #[test]
    fn builtin_table_parses() {
        let table = Partitions::from_json(BUILTIN).expect("the built-in table parses");
        assert_eq!(table.0.len(), 8);
    }

    #[test]
    fn regex_matcher() {
        let aws =
            RegionRegex::compile(r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$").expect("compiles");
        assert!(aws.is_match("us-east-1"));
        assert!(aws.is_match("mx-central-42"));
        assert!(aws.is_match("eu-west_x-1"));
        assert!(!aws.is_match("us-gov-west-1"));
        assert!(!aws.is_match("xx-east-1"));
        assert!(!aws.is_match("us-east-"));
        assert!(!aws.is_match("us-east-1a"));
        assert!(!aws.is_match("us--1"));
        let eusc = RegionRegex::compile(r"^eusc\-(de)\-\w+\-\d+$").expect("compiles");
        assert!(eusc.is_match("eusc-de-south-2"));
        assert!(!eusc.is_match("eusc-fr-south-2"));
        assert!(RegionRegex::compile(r"^us-[a-z]+$").is_none());
        assert!(RegionRegex::compile(r"us-\w+").is_none());
    }

    #[test]
    fn lookup() {
        assert_eq!(field("us-east-1", "name"), "aws");
        assert_eq!(field("us-east-1", "dualStackDnsSuffix"), "api.aws");
        assert_eq!(field("us-east-1", "supportsFIPS"), true);
        assert_eq!(field("aws-global", "name"), "aws");
        assert_eq!(field("us-gov-west-1", "name"), "aws-us-gov");
        assert_eq!(
            field("us-gov-west-1", "implicitGlobalRegion"),
            "us-gov-west-1"
        );
        assert_eq!(field("aws-us-gov-global", "name"), "aws-us-gov");
        assert_eq!(field("cn-north-1", "name"), "aws-cn");
        assert_eq!(field("cn-north-1", "dnsSuffix"), "amazonaws.com.cn");
        assert_eq!(field("aws-cn-global", "name"), "aws-cn");
        assert_eq!(field("eusc-de-east-1", "name"), "aws-eusc");
        assert_eq!(field("eusc-de-east-1", "dnsSuffix"), "amazonaws.eu");
        assert_eq!(field("us-isob-west-7", "name"), "aws-iso-b");
        assert_eq!(
            field("eu-isoe-west-1", "dualStackDnsSuffix"),
            "api.cloud-aws.adc-e.uk"
        );
        assert_eq!(field("us-isof-north-9", "name"), "aws-iso-f");
        assert_eq!(field("ap-future-9", "name"), "aws");
    }

    #[test]
    fn unknown_regions_fall_back_to_aws() {
        for region in ["xx-fake-1", "local", "fips", ""] {
            assert_eq!(field(region, "name"), "aws", "{region}");
            assert_eq!(field(region, "dualStackDnsSuffix"), "api.aws", "{region}");
        }
    }

    #[test]
    fn custom_tables_and_region_overrides() {
        let table = Partitions::from_json(
            r#"{"partitions": [{"id": "p", "regionRegex": "^p\\-\\w+\\-\\d+$",
                "regions": {"p-odd-1": {"description": "x", "dnsSuffix": "odd.example"}},
                "outputs": {"dnsSuffix": "example", "supportsFIPS": false}}]}"#,
        )
        .expect("valid table");
        let odd = table.lookup("p-odd-1").expect("found");
        assert_eq!(
            (
                odd["name"].clone(),
                odd["dnsSuffix"].clone(),
                odd.get("description")
            ),
            ("p".into(), "odd.example".into(), None)
        );
        assert_eq!(
            table.lookup("p-any-2").expect("found")["dnsSuffix"],
            "example"
        );
        assert_eq!(table.lookup("us-east-1"), None); // no `aws` partition to fall back to
        assert!(Partitions::from_json(
            r#"{"partitions": [{"id": "p", "regionRegex": "p.*", "outputs": {}}]}"#
        )
        .is_err());
        assert!(Partitions::from_json("[]").is_err());
    }
}
