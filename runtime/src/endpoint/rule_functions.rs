//! The function library as the interpreter ([`super::RuleSet`]) calls it: by name, on JSON
//! values.

use serde_json::{Map, Value};

use super::functions::{
    is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url, split, substring,
    uri_encode, Arn, Url,
};
use super::partition::Partitions;
use super::template::AttrPath;

/// A library function, resolved from its name when the rule set is parsed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    /// `getAttr`; its path argument must be a literal, so it is parsed up front.
    GetAttr(AttrPath),
    ParseUrl,
    Substring,
    UriEncode,
    IsValidHostLabel,
    Coalesce,
    Ite,
    Split,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Func {
    /// The function for `name` (other than `getAttr`) and its accepted argument counts.
    pub(crate) fn from_name(name: &str) -> Option<(Func, std::ops::RangeInclusive<usize>)> {
        Some(match name {
            "isSet" => (Func::IsSet, 1..=1),
            "not" => (Func::Not, 1..=1),
            "booleanEquals" => (Func::BooleanEquals, 2..=2),
            "stringEquals" => (Func::StringEquals, 2..=2),
            "parseURL" => (Func::ParseUrl, 1..=1),
            "substring" => (Func::Substring, 4..=4),
            "uriEncode" => (Func::UriEncode, 1..=1),
            "isValidHostLabel" => (Func::IsValidHostLabel, 2..=2),
            "coalesce" => (Func::Coalesce, 2..=usize::MAX),
            "ite" => (Func::Ite, 3..=3),
            "split" => (Func::Split, 3..=3),
            "aws.partition" => (Func::Partition, 1..=1),
            "aws.parseArn" => (Func::ParseArn, 1..=1),
            "aws.isVirtualHostableS3Bucket" => (Func::IsVirtualHostableS3Bucket, 2..=2),
            _ => return None,
        })
    }

    /// Applies the function to evaluated arguments (`None` = an unset optional).
    ///
    /// Apart from `isSet`, `coalesce` and `ite`, which exist to handle unset values, an unset
    /// argument makes the result unset, which fails the enclosing condition. Rule sets guard
    /// optional values with `isSet` first, so this only matters for malformed rule sets, where
    /// failing the condition is kinder than aborting. `Err` is a type error.
    pub(crate) fn apply(
        &self,
        args: Vec<Option<Value>>,
        partitions: &Partitions,
    ) -> Result<Option<Value>, String> {
        match self {
            Func::IsSet => return Ok(Some(Value::Bool(args.iter().all(Option::is_some)))),
            // The first set argument; if none is set, the last one, which is unset too.
            Func::Coalesce => return Ok(args.into_iter().flatten().next()),
            Func::Ite => {
                let mut args = args.into_iter();
                let cond = args.next().flatten();
                let (then, otherwise) = (args.next().flatten(), args.next().flatten());
                return match cond {
                    Some(Value::Bool(true)) => Ok(then),
                    Some(Value::Bool(false)) | None => Ok(otherwise),
                    Some(_) => Err("ite: the condition must be a boolean".into()),
                };
            }
            _ => {}
        }
        let Some(args) = args.into_iter().collect::<Option<Vec<Value>>>() else {
            return Ok(None);
        };
        use Value::{Bool, String as Str};
        let result = match (self, args.as_slice()) {
            (Func::Not, [Bool(b)]) => Bool(!b),
            (Func::BooleanEquals, [Bool(a), Bool(b)]) => Bool(a == b),
            (Func::StringEquals, [Str(a), Str(b)]) => Bool(a == b),
            (Func::GetAttr(path), [value]) => return Ok(path.get(value).cloned()),
            (Func::ParseUrl, [Str(s)]) => return Ok(parse_url(s).as_ref().map(Url::to_value)),
            (
                Func::Substring,
                [Str(s), Value::Number(start), Value::Number(end), Bool(reverse)],
            ) => {
                let index =
                    |n: &serde_json::Number| n.as_u64().and_then(|n| usize::try_from(n).ok());
                return Ok(match (index(start), index(end)) {
                    (Some(start), Some(end)) => substring(s, start, end, *reverse).map(Str),
                    _ => None,
                });
            }
            (Func::UriEncode, [Str(s)]) => Str(uri_encode(s)),
            (Func::IsValidHostLabel, [Str(s), Bool(sub)]) => Bool(is_valid_host_label(s, *sub)),
            (Func::Split, [Str(s), Str(delimiter), Value::Number(limit)]) => {
                let limit = limit.as_u64().and_then(|n| usize::try_from(n).ok());
                let limit = limit.ok_or("split: the limit must be a non-negative integer")?;
                Value::Array(split(s, delimiter, limit).into_iter().map(Str).collect())
            }
            (Func::Partition, [Str(region)]) => return Ok(partitions.lookup(region)),
            (Func::ParseArn, [Str(s)]) => return Ok(parse_arn(s).as_ref().map(Arn::to_value)),
            (Func::IsVirtualHostableS3Bucket, [Str(s), Bool(sub)]) => {
                Bool(is_virtual_hostable_s3_bucket(s, *sub))
            }
            _ => {
                return Err(format!(
                    "{}: arguments of the wrong type: {args:?}",
                    self.name()
                ))
            }
        };
        Ok(Some(result))
    }

    fn name(&self) -> &'static str {
        match self {
            Func::IsSet => "isSet",
            Func::Not => "not",
            Func::BooleanEquals => "booleanEquals",
            Func::StringEquals => "stringEquals",
            Func::GetAttr(_) => "getAttr",
            Func::ParseUrl => "parseURL",
            Func::Substring => "substring",
            Func::UriEncode => "uriEncode",
            Func::IsValidHostLabel => "isValidHostLabel",
            Func::Coalesce => "coalesce",
            Func::Ite => "ite",
            Func::Split => "split",
            Func::Partition => "aws.partition",
            Func::ParseArn => "aws.parseArn",
            Func::IsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
        }
    }
}

impl Url {
    /// The record as the interpreter sees it.
    fn to_value(&self) -> Value {
        let mut url = Map::new();
        url.insert("scheme".into(), self.scheme.as_str().into());
        url.insert("authority".into(), self.authority.as_str().into());
        url.insert("path".into(), self.path.as_str().into());
        url.insert("normalizedPath".into(), self.normalized_path.as_str().into());
        url.insert("isIp".into(), self.is_ip.into());
        Value::Object(url)
    }
}

impl Arn {
    /// The record as the interpreter sees it.
    fn to_value(&self) -> Value {
        let mut out = Map::new();
        out.insert("partition".into(), self.partition.as_str().into());
        out.insert("service".into(), self.service.as_str().into());
        out.insert("region".into(), self.region.as_str().into());
        out.insert("accountId".into(), self.account_id.as_str().into());
        out.insert("resourceId".into(), self.resource_id.iter().map(|r| Value::from(r.as_str())).collect());
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_as_json() {
        let arn = parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE").expect("valid");
        assert_eq!(
            arn.to_value(),
            json!({"partition": "aws", "service": "ec2", "region": "us-east-1",
                   "accountId": "012345678910", "resourceId": ["vpc", "vpc-0e9801d129EXAMPLE"]})
        );
        let url = parse_url("https://example.com:8443/a").expect("valid");
        assert_eq!(
            url.to_value(),
            json!({"scheme": "https", "authority": "example.com:8443", "path": "/a",
                   "normalizedPath": "/a/", "isIp": false})
        );
    }

    #[test]
    fn unset_arguments_and_type_errors() {
        let apply = |f: Func, args: Vec<Option<Value>>| f.apply(args, Partitions::builtin());
        assert_eq!(
            apply(
                Func::Coalesce,
                vec![None, Some(json!("b")), Some(json!("c"))]
            ),
            Ok(Some(json!("b")))
        );
        assert_eq!(
            apply(Func::Coalesce, vec![Some(json!(false)), Some(json!(true))]),
            Ok(Some(json!(false)))
        );
        assert_eq!(apply(Func::Coalesce, vec![None, None]), Ok(None));
        assert_eq!(
            apply(
                Func::Ite,
                vec![Some(json!(true)), Some(json!("-fips")), Some(json!(""))]
            ),
            Ok(Some(json!("-fips")))
        );
        assert_eq!(
            apply(
                Func::Ite,
                vec![Some(json!(false)), Some(json!("-fips")), Some(json!(""))]
            ),
            Ok(Some(json!("")))
        );
        assert_eq!(apply(Func::IsSet, vec![None]), Ok(Some(json!(false))));
        assert_eq!(
            apply(Func::IsSet, vec![Some(json!(false))]),
            Ok(Some(json!(true)))
        );
        assert_eq!(
            apply(Func::StringEquals, vec![None, Some(json!("a"))]),
            Ok(None)
        );
        assert!(apply(
            Func::StringEquals,
            vec![Some(json!(true)), Some(json!("a"))]
        )
        .is_err());
        assert!(apply(Func::Not, vec![Some(json!("a"))]).is_err());
    }
}
