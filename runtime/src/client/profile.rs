//! The shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`), read as
//! the AWS CLI and SDKs read them, for what a client takes from a profile: region, static
//! credentials, endpoint URLs (the profile's own and those its `services` section sets for
//! particular services) and the FIPS / dual-stack flags.
//!
//! Profiles that get credentials another way (an assumed role, SSO, a process, a web identity
//! token) are recognised and named in the error a call then returns; `aws-config` (feature
//! `aws-config`, `Config::from_sdk_config`) resolves those.

use std::fmt;
use std::path::{Path, PathBuf};

/// A profile's properties: the credentials file's over the config file's, names lowercased.
/// `Debug` shows property names only (values include secret keys).
#[derive(Clone, Default, PartialEq)]
pub(crate) struct Profile {
    /// The profile's name (`default`, or `AWS_PROFILE`).
    pub(crate) name: String,
    /// Later entries win (the credentials file comes after the config file).
    properties: Vec<(String, String)>,
    /// Every `[services name]` section's endpoint URLs: (section, service key, URL).
    service_endpoints: Vec<(String, String, String)>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.properties.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Profile").field("name", &self.name).field("properties", &names).finish_non_exhaustive()
    }
}

impl Profile {
    /// A property's value, if set and not empty.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        let value = self.properties.iter().rev().find(|(name, _)| name == key).map(|(_, value)| value.as_str());
        value.filter(|v| !v.is_empty())
    }

    /// The endpoint URLs that the `services` section the profile names sets, by service key
    /// (`mwaa_serverless`); empty ones count as unset, as in [`get`](Self::get).
    pub(crate) fn service_endpoint_urls(&self) -> Vec<(String, String)> {
        let Some(section) = self.get("services") else { return Vec::new() };
        let in_section = self.service_endpoints.iter().filter(|(name, _, url)| name == section && !url.is_empty());
        in_section.map(|(_, service, url)| (service.clone(), url.clone())).collect()
    }

    /// A `true`/`false` property (any case); other values count as unset.
    pub(crate) fn flag(&self, key: &str) -> Option<bool> {
        parse_bool(self.get(key)?)
    }

    /// How the profile provides credentials.
    pub(crate) fn credentials(&self) -> ProfileCredentials<'_> {
        // Role assumption, SSO and web identity take precedence over keys in the same
        // profile (the keys may be there as a role's source), as in botocore and aws-config.
        const BEFORE_KEYS: [&str; 5] = ["role_arn", "web_identity_token_file", "sso_session", "sso_start_url", "credential_source"];
        if let Some(key) = BEFORE_KEYS.iter().find(|key| self.get(key).is_some()) {
            return ProfileCredentials::Unsupported(key);
        }
        match (self.get("aws_access_key_id"), self.get("aws_secret_access_key")) {
            (Some(key), Some(secret)) => ProfileCredentials::Static { key, secret, token: self.get("aws_session_token") },
            _ if self.get("credential_process").is_some() => ProfileCredentials::Unsupported("credential_process"),
            (Some(_), None) => ProfileCredentials::Incomplete("aws_secret_access_key"),
            (None, Some(_)) => ProfileCredentials::Incomplete("aws_access_key_id"),
            (None, None) => ProfileCredentials::None,
        }
    }
}

/// Where a profile's credentials come from. `Debug` leaves the secret out.
#[derive(Clone, PartialEq)]
pub(crate) enum ProfileCredentials<'a> {
    /// `aws_access_key_id`, `aws_secret_access_key` and maybe `aws_session_token`.
    Static { key: &'a str, secret: &'a str, token: Option<&'a str> },
    /// A source this client does not resolve, by the property that selects it.
    Unsupported(&'a str),
    /// One of the two keys, without the other (the missing one).
    Incomplete(&'a str),
    /// The profile has no credentials.
    None,
}

impl fmt::Debug for ProfileCredentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Static { key, token, .. } => {
                let token = token.map(|_| "** redacted **");
                f.debug_struct("Static").field("key", key).field("secret", &"** redacted **").field("token", &token).finish()
            }
            Self::Unsupported(property) => f.debug_tuple("Unsupported").field(property).finish(),
            Self::Incomplete(missing) => f.debug_tuple("Incomplete").field(missing).finish(),
            Self::None => f.write_str("None"),
        }
    }
}

/// A shared file that cannot be read or parsed, or a profile that is not there.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ProfileError(String);

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProfileError {}

/// `true`/`false` in any case, as the SDKs read boolean settings.
pub(crate) fn parse_bool(value: &str) -> Option<bool> {
    let value = value.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Loads the selected profile (`AWS_PROFILE`, else `default`) from the files named by
/// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/config` and
/// `~/.aws/credentials`). Missing files are empty. `Ok(None)` when neither file has the
/// `default` profile; a profile named by `AWS_PROFILE` must exist.
pub(crate) fn load(
    var: &dyn Fn(&str) -> Option<String>,
    read: &dyn Fn(&Path) -> std::io::Result<String>,
) -> Result<Option<Profile>, ProfileError> {
    let home = home_dir(var);
    let path_of = |variable: &str, default: &str| match var(variable) {
        Some(path) => Some(expand_home(&path, home.as_deref())),
        None => home.as_ref().map(|home| home.join(".aws").join(default)),
    };
    let named = var("AWS_PROFILE");
    let name = named.clone().unwrap_or_else(|| "default".to_owned());
    let mut contents = FileContents::default();
    let mut searched = Vec::new();
    for (kind, path) in [
        (FileKind::Config, path_of("AWS_CONFIG_FILE", "config")),
        (FileKind::Credentials, path_of("AWS_SHARED_CREDENTIALS_FILE", "credentials")),
    ] {
        let Some(path) = path else { continue };
        let text = match read(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(ProfileError(format!("{}: {e}", path.display()))),
        };
        let at = |(line, what)| ProfileError(format!("{}:{line}: {what}", path.display()));
        parse(&text, kind, &name, &mut contents).map_err(at)?;
        searched.push(path.display().to_string());
    }
    let FileContents { found, properties, service_endpoints } = contents;
    match (found, named) {
        (true, _) => Ok(Some(Profile { name, properties, service_endpoints })),
        (false, None) => Ok(None),
        (false, Some(_)) if searched.is_empty() => {
            Err(ProfileError(format!("AWS_PROFILE is `{name}`, but there is no shared config or credentials file")))
        }
        (false, Some(_)) => Err(ProfileError(format!("AWS_PROFILE is `{name}`, but no such profile is in {}", searched.join(" or ")))),
    }
}

/// The home directory: `HOME`, else (Windows) `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`.
fn home_dir(var: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    var("HOME")
        .or_else(|| var("USERPROFILE"))
        .or_else(|| Some(format!("{}{}", var("HOMEDRIVE")?, var("HOMEPATH")?)))
        .map(PathBuf::from)
}

/// A path with a leading `~` meaning the home directory.
fn expand_home(path: &str, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home.to_owned(),
        (Some(rest), Some(home)) if rest.starts_with(['/', '\\']) => home.join(&rest[1..]),
        _ => PathBuf::from(path),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum FileKind {
    /// Sections are `[default]` and `[profile name]`; others (`[sso-session x]`, ...) are
    /// not profiles.
    Config,
    /// Sections are `[name]`.
    Credentials,
}

/// What the files hold for one profile.
#[derive(Default)]
struct FileContents {
    /// Whether a file has the profile.
    found: bool,
    /// Its properties, in file order.
    properties: Vec<(String, String)>,
    /// Endpoint URLs of every `[services name]` section: (section, service key, URL).
    service_endpoints: Vec<(String, String, String)>,
}

/// The kind of section being read.
enum Section {
    /// Before the first section header.
    None,
    /// The profile asked for.
    Wanted,
    /// `[services name]` (config file): service keys with `endpoint_url` sub-properties.
    Services(String),
    /// Any other section.
    Other,
}

/// Reads one file into `contents`: profile `wanted`'s properties, and the endpoint URLs of its
/// `services` sections. The whole file is checked. Errors carry the 1-based line.
fn parse(text: &str, kind: FileKind, wanted: &str, contents: &mut FileContents) -> Result<(), (usize, String)> {
    let mut section = Section::None;
    // The section's last property: indented lines below it continue its value or, when its
    // value is empty, are its sub-properties (`mwaa_serverless =` then `  endpoint_url = ...`).
    let mut parent: Option<String> = None;
    // Editors on Windows may start the file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = raw.trim_end();
        let content = line.trim_start();
        if content.is_empty() || content.starts_with(['#', ';']) {
            continue;
        }
        if content.len() < line.len() {
            let Some(parent) = &parent else {
                return Err((line_number, "an indented line that continues no property".into()));
            };
            if let (Section::Services(name), Some((key, value))) = (&section, content.split_once('=')) {
                if key.trim().eq_ignore_ascii_case("endpoint_url") {
                    let url = strip_comment(value).trim().to_owned();
                    contents.service_endpoints.push((name.clone(), parent.clone(), url));
                }
            }
            continue;
        }
        if let Some(header) = content.strip_prefix('[') {
            let Some(header) = strip_comment(header).trim_end().strip_suffix(']') else {
                return Err((line_number, "a section header without its closing `]`".into()));
            };
            let header = header.trim();
            section = match profile_name(header, kind) {
                Some(name) if name == wanted => Section::Wanted,
                Some(_) => Section::Other,
                None => match header.strip_prefix("services").filter(|name| name.starts_with([' ', '\t'])) {
                    Some(name) => Section::Services(name.trim().to_owned()),
                    None => Section::Other,
                },
            };
            contents.found |= matches!(section, Section::Wanted);
            parent = None;
            continue;
        }
        let Some((key, value)) = content.split_once('=') else {
            return Err((line_number, "expected `[section]` or `name = value`".into()));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err((line_number, "a property without a name".into()));
        }
        let key = key.to_ascii_lowercase();
        match section {
            Section::None => return Err((line_number, format!("`{key}` is set before any `[section]`"))),
            Section::Wanted => contents.properties.push((key.clone(), strip_comment(value).trim().to_owned())),
            Section::Services(_) | Section::Other => {}
        }
        parent = Some(key);
    }
    Ok(())
}

/// The profile a section header names, if it names one.
fn profile_name(header: &str, kind: FileKind) -> Option<&str> {
    match kind {
        FileKind::Credentials => Some(header),
        FileKind::Config if header == "default" => Some(header),
        FileKind::Config => {
            let name = header.strip_prefix("profile")?;
            name.starts_with([' ', '\t']).then(|| name.trim())
        }
    }
}

/// Text up to a comment: `#` or `;` after whitespace (values such as secrets may hold either
/// character elsewhere).
fn strip_comment(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'#' || b == b';') && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &text[..i];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads with `vars` and files given by path.
    fn load_with(vars: &[(&str, &str)], files: &[(&str, &str)]) -> Result<Option<Profile>, ProfileError> {
        load(&crate::client::fake_env::vars(vars), &crate::client::fake_env::files(files))
    }

    const CONFIG: &str = "\u{feff}\
# a comment
[default] ; comments may follow a header
region = eu-west-1 # inline comment
output=json

[profile dev]
region=us-west-2
use_fips_endpoint = TRUE
s3 =
  max_concurrent_requests = 10
endpoint_url = http://localhost:4566 ; local
services = local

[services local]
mwaa_serverless =
  endpoint_url = http://localhost:9000
s3 =
  addressing_style = path
  ENDPOINT_URL = http://localhost:9001 # s3
kinesis =
  endpoint_url =

[services other]
mwaa_serverless =
  endpoint_url = http://elsewhere

[sso-session corp]
sso_region = us-east-1

[profile sso]
sso_session = corp
";

    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = se#cret;key
; a comment
[dev]
AWS_ACCESS_KEY_ID=AKIDDEV
aws_secret_access_key=devsecret
aws_session_token = devtoken
";

    #[test]
    fn default_profile_merges_both_files() {
        let files = [("/home/u/.aws/config", CONFIG), ("/home/u/.aws/credentials", CREDENTIALS)];
        let profile = load_with(&[("HOME", "/home/u")], &files).unwrap().unwrap();
        assert_eq!(profile.name, "default");
        assert_eq!(profile.get("region"), Some("eu-west-1"));
        assert_eq!(profile.get("output"), Some("json"));
        // `#` and `;` inside a value are kept; after whitespace they start a comment.
        assert_eq!(
            profile.credentials(),
            ProfileCredentials::Static { key: "AKIDDEFAULT", secret: "se#cret;key", token: None }
        );
    }

    #[test]
    fn named_profile_with_sub_properties_and_flags() {
        let files = [("/cfg", CONFIG), ("/creds", CREDENTIALS)];
        let vars = [("AWS_PROFILE", "dev"), ("AWS_CONFIG_FILE", "/cfg"), ("AWS_SHARED_CREDENTIALS_FILE", "/creds")];
        let profile = load_with(&vars, &files).unwrap().unwrap();
        assert_eq!(profile.get("region"), Some("us-west-2"));
        assert_eq!(profile.flag("use_fips_endpoint"), Some(true));
        assert_eq!(profile.get("endpoint_url"), Some("http://localhost:4566"));
        assert_eq!(profile.get("max_concurrent_requests"), None);
        let urls = [("mwaa_serverless", "http://localhost:9000"), ("s3", "http://localhost:9001")];
        assert_eq!(profile.service_endpoint_urls(), urls.map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert_eq!(
            profile.credentials(),
            ProfileCredentials::Static { key: "AKIDDEV", secret: "devsecret", token: Some("devtoken") }
        );
    }

    #[test]
    fn other_credential_sources_are_named() {
        let vars = [("HOME", "/h"), ("AWS_PROFILE", "sso")];
        let profile = load_with(&vars, &[("/h/.aws/config", CONFIG)]).unwrap().unwrap();
        assert_eq!(profile.credentials(), ProfileCredentials::Unsupported("sso_session"));
        assert_eq!(profile.service_endpoint_urls(), Vec::new(), "no `services` property");
        // A role wins over keys that may be its source; a process only when there are no keys.
        let config = "[default]\nrole_arn = arn:aws:iam::1:role/r\naws_access_key_id = A\naws_secret_access_key = S\n";
        let profile = load_with(&[("HOME", "/h")], &[("/h/.aws/config", config)]).unwrap().unwrap();
        assert_eq!(profile.credentials(), ProfileCredentials::Unsupported("role_arn"));
        let config = "[default]\ncredential_process = /bin/creds\n";
        let profile = load_with(&[("HOME", "/h")], &[("/h/.aws/config", config)]).unwrap().unwrap();
        assert_eq!(profile.credentials(), ProfileCredentials::Unsupported("credential_process"));
        let config = "[default]\naws_access_key_id = A\n";
        let profile = load_with(&[("HOME", "/h")], &[("/h/.aws/config", config)]).unwrap().unwrap();
        assert_eq!(profile.credentials(), ProfileCredentials::Incomplete("aws_secret_access_key"));
    }

    #[test]
    fn missing_files_and_profiles() {
        // No files, default profile: nothing, no error.
        assert_eq!(load_with(&[("HOME", "/h")], &[]), Ok(None));
        assert_eq!(load_with(&[], &[]), Ok(None));
        // A profile asked for by name must exist.
        let err = load_with(&[("HOME", "/h"), ("AWS_PROFILE", "prod")], &[("/h/.aws/credentials", CREDENTIALS)]).unwrap_err();
        assert_eq!(err.to_string(), "AWS_PROFILE is `prod`, but no such profile is in /h/.aws/credentials");
        let err = load_with(&[("HOME", "/h"), ("AWS_PROFILE", "prod")], &[]).unwrap_err();
        assert!(err.to_string().contains("no shared config or credentials file"), "{err}");
        // In the config file, `[dev]` is not the profile `dev` (it must be `[profile dev]`).
        let err = load_with(&[("HOME", "/h"), ("AWS_PROFILE", "dev")], &[("/h/.aws/config", "[dev]\nregion = x\n")]).unwrap_err();
        assert!(err.to_string().contains("no such profile"), "{err}");
    }

    #[test]
    fn debug_never_shows_secrets() {
        let profile = load_with(&[("HOME", "/h")], &[("/h/.aws/credentials", CREDENTIALS)]).unwrap().unwrap();
        let shown = format!("{profile:?} {:?}", profile.credentials());
        assert!(!shown.contains("se#cret") && shown.contains("aws_secret_access_key"), "{shown}");
        let session = "[default]\naws_access_key_id = A\naws_secret_access_key = S3CRET\naws_session_token = T0KEN\n";
        let profile = load_with(&[("HOME", "/h")], &[("/h/.aws/credentials", session)]).unwrap().unwrap();
        let shown = format!("{:?}", profile.credentials());
        assert!(!shown.contains("S3CRET") && !shown.contains("T0KEN") && shown.contains("redacted"), "{shown}");
    }

    #[test]
    fn windows_line_endings() {
        let config = "[profile w]\r\nregion = eu-south-1\r\ns3 =\r\n  addressing_style = path\r\n";
        let profile = load_with(&[("HOME", "/h"), ("AWS_PROFILE", "w")], &[("/h/.aws/config", config)]).unwrap().unwrap();
        assert_eq!(profile.get("region"), Some("eu-south-1"));
        assert_eq!(profile.get("s3"), None);
    }

    #[test]
    fn home_expansion_and_windows_home() {
        let vars = [("USERPROFILE", "C:\\Users\\u"), ("AWS_CONFIG_FILE", "~/cfg")];
        let profile = load_with(&vars, &[("C:\\Users\\u/cfg", "[default]\nregion = r\n")]).unwrap().unwrap();
        assert_eq!(profile.get("region"), Some("r"));
    }

    #[test]
    fn malformed_files_name_file_and_line() {
        let cases = [
            ("region = x\n", "/h/.aws/config:1: `region` is set before any `[section]`"),
            ("[default]\nregion\n", "/h/.aws/config:2: expected `[section]` or `name = value`"),
            ("[default\n", "/h/.aws/config:1: a section header without its closing `]`"),
            ("[default]\n  indented = x\n", "/h/.aws/config:2: an indented line that continues no property"),
            ("[default]\n= x\n", "/h/.aws/config:2: a property without a name"),
        ];
        for (text, expected) in cases {
            let err = load_with(&[("HOME", "/h")], &[("/h/.aws/config", text)]).unwrap_err();
            assert_eq!(err.to_string(), expected, "{text:?}");
        }
        // An unreadable file (not a missing one) is an error too.
        let read = |_: &Path| Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        let err = load(&|name: &str| (name == "HOME").then(|| "/h".to_owned()), &read).unwrap_err();
        assert!(err.to_string().starts_with("/h/.aws/config: "), "{err}");
    }
}
