//! The rules-engine function library: the Smithy standard library plus the `aws.*` functions,
//! typed, as compiled resolvers call them (`rule_functions` adapts them to the interpreter).


/// Whether `s` is an RFC 1123 host label: 1 to 63 characters of `[A-Za-z0-9-]`, not
/// starting with `-`. With `allow_sub_domains`, every `.`-separated label must be one
/// (so empty labels, as in `a..b` or `a.`, are rejected).
pub fn is_valid_host_label(s: &str, allow_sub_domains: bool) -> bool {
    let label = |l: &str| {
        let b = l.as_bytes();
        b.len() <= 63
            && b.first().is_some_and(u8::is_ascii_alphanumeric)
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    };
    if allow_sub_domains {
        s.split('.').all(label)
    } else {
        label(s)
    }
}

/// The `parseURL` record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// `scheme`: `http` or `https`, lowercased.
    pub scheme: String,
    /// `authority`: host and port, without userinfo.
    pub authority: String,
    /// `path`: as given (possibly empty).
    pub path: String,
    /// `normalizedPath`: the path with a leading and a trailing `/`.
    pub normalized_path: String,
    /// `isIp`: the host is an IPv4 or IPv6 address.
    pub is_ip: bool,
}

/// `parseURL` for an `http`/`https` URL without a query string; `None` for anything else.
pub fn parse_url(input: &str) -> Option<Url> {
    let (scheme, rest) = input.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    // A fragment is not sent and not part of the path; a query is rejected by the spec.
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    if rest.contains('?') || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    // The URL structure excludes userinfo.
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (host, port, is_ip) = if authority.starts_with('[') {
        let end = authority.find(']')? + 1;
        let (host, tail) = authority.split_at(end);
        let ipv6 = &host[1..end - 1];
        if !ipv6.contains(':')
            || !ipv6
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        let port = if tail.is_empty() {
            None
        } else {
            Some(tail.strip_prefix(':')?)
        };
        (host, port, true)
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if host.contains(['[', ']', ':']) {
            return None;
        }
        (host, port, is_ipv4(host))
    };
    if host.is_empty()
        || port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut normalized = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized.push('/');
    }
    normalized.push_str(path);
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    Some(Url {
        scheme,
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path: normalized,
        is_ip,
    })
}

/// A dotted quad of decimal numbers, each at most 255.
pub(crate) fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| n <= 255)
        })
}

/// `substring`: `s[start..end]`, or with `reverse` the same range counted from the end.
/// `None` for non-ASCII input or bounds that do not fit.
pub fn substring(s: &str, start: usize, end: usize, reverse: bool) -> Option<String> {
    if !s.is_ascii() || start >= end || end > s.len() {
        return None;
    }
    let (from, to) = if reverse {
        (s.len() - end, s.len() - start)
    } else {
        (start, end)
    };
    s.get(from..to).map(str::to_owned)
}

/// `uriEncode`: RFC 3986 percent-encoding of everything but the unreserved characters,
/// with uppercase hex digits.
pub fn uri_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// `split`: like `str::split`, but a `limit` above 0 caps the number of parts (the last part
/// keeps the rest of the input). An empty delimiter does not split.
pub fn split(s: &str, delimiter: &str, limit: usize) -> Vec<String> {
    if delimiter.is_empty() {
        return vec![s.to_owned()];
    }
    match limit {
        0 => s.split(delimiter).map(str::to_owned).collect(),
        n => s.splitn(n, delimiter).map(str::to_owned).collect(),
    }
}

/// The `aws.parseArn` record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    /// `partition`.
    pub partition: String,
    /// `service`.
    pub service: String,
    /// `region` (may be empty).
    pub region: String,
    /// `accountId` (may be empty).
    pub account_id: String,
    /// `resourceId`: the resource split on `:` and `/`.
    pub resource_id: Vec<String>,
}

/// `aws.parseArn`: `arn:partition:service:region:account-id:resource`, where partition,
/// service and resource are non-empty.
pub fn parse_arn(s: &str) -> Option<Arn> {
    let mut parts = s.splitn(6, ':');
    let mut next = || parts.next();
    let (arn, partition, service, region, account, resource) =
        (next()?, next()?, next()?, next()?, next()?, next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket`: a 3–63 character bucket name of lowercase letters, digits
/// and `-`, starting and ending with a letter or digit. With `allow_sub_domains`, `.` is also
/// allowed, but not next to another `.` or after a `-`/before one, and the name must not look
/// like an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(s: &str, allow_sub_domains: bool) -> bool {
    let b = s.as_bytes();
    let lower_alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !(3..=63).contains(&b.len())
        || !b.first().is_some_and(lower_alnum)
        || !b.last().is_some_and(lower_alnum)
    {
        return false;
    }
    if !allow_sub_domains {
        return b.iter().all(|c| lower_alnum(c) || *c == b'-');
    }
    let pairs_ok = b.windows(2).all(|w| match (w[0], w[1]) {
        (b'.' | b'-', b'.') | (b'.', b'-') => false,
        (_, c) => lower_alnum(&c) || c == b'-' || c == b'.',
    });
    pairs_ok && !is_ipv4(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Option<(String, String, String, String, bool)> {
        let v = parse_url(s)?;
        Some((v.scheme, v.authority, v.path, v.normalized_path, v.is_ip))
    }

    fn t(
        scheme: &str,
        authority: &str,
        path: &str,
        normalized: &str,
        ip: bool,
    ) -> Option<(String, String, String, String, bool)> {
        Some((
            scheme.into(),
            authority.into(),
            path.into(),
            normalized.into(),
            ip,
        ))
    }

    #[test]
    fn parse_url_vectors() {
        assert_eq!(
            url("https://example.com"),
            t("https", "example.com", "", "/", false)
        );
        assert_eq!(
            url("https://authority.com/"),
            t("https", "authority.com", "/", "/", false)
        );
        assert_eq!(
            url("https://authority.com/custom-path"),
            t(
                "https",
                "authority.com",
                "/custom-path",
                "/custom-path/",
                false
            )
        );
        assert_eq!(
            url("http://example.com:80/foo/bar"),
            t("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
        );
        assert_eq!(
            url("https://authority.com:8000/port"),
            t("https", "authority.com:8000", "/port", "/port/", false)
        );
        assert_eq!(
            url("https://127.0.0.1"),
            t("https", "127.0.0.1", "", "/", true)
        );
        assert_eq!(
            url("http://192.168.1.1:1234/foo/"),
            t("http", "192.168.1.1:1234", "/foo/", "/foo/", true)
        );
        assert_eq!(
            url("https://[fe80::1]"),
            t("https", "[fe80::1]", "", "/", true)
        );
        assert_eq!(
            url("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443"),
            t(
                "https",
                "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
                "",
                "/",
                true
            )
        );
        assert_eq!(
            url("https://999.999.abc.blah"),
            t("https", "999.999.abc.blah", "", "/", false)
        );
        assert_eq!(
            url("https://256.1.1.1"),
            t("https", "256.1.1.1", "", "/", false)
        );
        assert_eq!(
            url("http://99_ab-.com"),
            t("http", "99_ab-.com", "", "/", false)
        );
        assert_eq!(
            url("https://user:pw@host.com/x"),
            t("https", "host.com", "/x", "/x/", false)
        );
        // Invalid: query, unknown scheme, bad port, no host, no scheme.
        for bad in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?query1=foo",
            "acbd://example.com",
            "http://abc.com:a/foo",
            "http://abc.com:/foo",
            "https://",
            "https:///path",
            "example.com",
            "https://exa mple.com",
            "https://[::1",
        ] {
            assert_eq!(url(bad), None, "{bad}");
        }
    }

    #[test]
    fn substring_vectors() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 1, 3, false).as_deref(), Some("bc"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true).as_deref(), Some("ef"));
        assert_eq!(substring("abcd", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abc", 0, 4, false), None); // too short
        assert_eq!(substring("abcdef", 3, 3, false), None); // start >= end
        assert_eq!(substring("abcdef", 4, 2, false), None);
        assert_eq!(substring("ab\u{1F600}cdef", 0, 2, false), None); // non-ASCII
        assert_eq!(substring("", 0, 1, false), None);
    }

    #[test]
    fn uri_encode_vectors() {
        assert_eq!(uri_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(uri_encode("a b"), "a%20b");
        assert_eq!(uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"), "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C");
        assert_eq!(uri_encode("\u{e9}"), "%C3%A9");
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("3aws4", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("part1.part2", false));
        assert!(is_valid_host_label("part1.part2", true));
        for bad in [
            "",
            "part1 part2",
            "part1.",
            "part1..part2",
            "part1.-part2",
            "-a",
            ".a",
            "a_b",
        ] {
            assert!(!is_valid_host_label(bad, true), "{bad}");
        }
        assert!(!is_valid_host_label("-a", false));
    }

    #[test]
    fn arns() {
        let arn = parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE")
            .expect("valid");
        assert_eq!(
            (arn.partition.as_str(), arn.service.as_str(), arn.region.as_str(), arn.account_id.as_str()),
            ("aws", "ec2", "us-east-1", "012345678910")
        );
        assert_eq!(arn.resource_id, ["vpc", "vpc-0e9801d129EXAMPLE"]);
        let s3 = parse_arn("arn:aws:s3:::bucket_name").expect("valid");
        assert_eq!((s3.region.as_str(), s3.account_id.as_str()), ("", ""));
        assert_eq!(s3.resource_id, ["bucket_name"]);
        let nested = parse_arn("arn:aws:s3:us-west-2:123:accesspoint:my/ap").expect("valid");
        assert_eq!(nested.resource_id, ["accesspoint", "my", "ap"]);
        for bad in [
            "11111111-2222-3333-4444-555555555555",
            "arn:aws:s3:us-west-2:123",
            "arn::s3:r:a:res",
            "arn:aws::r:a:res",
            "arn:aws:s3:r:a:",
            "urn:aws:s3:r:a:res",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn s3_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("My-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("-ab", false));
        assert!(!is_virtual_hostable_s3_bucket("ab-", true));
        assert!(!is_virtual_hostable_s3_bucket("a..b", true));
        assert!(!is_virtual_hostable_s3_bucket("a-.b", true));
        assert!(!is_virtual_hostable_s3_bucket("a.-b", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
    }

    #[test]
    fn split_and_friends() {
        assert_eq!(split("a--b--c", "--", 0), ["a", "b", "c"]);
        assert_eq!(split("a--b--c", "--", 1), ["a--b--c"]);
        assert_eq!(split("a--b--c", "--", 2), ["a", "b--c"]);
        assert_eq!(split("", "--", 0), [""]);
        assert_eq!(split("--x--", "--", 0), ["", "x", ""]);
    }
}
