//! A fake environment for configuration tests: variables and files given as slices, and what
//! a configured credentials provider gives.

use std::path::Path;

use aws_credential_types::provider::ProvideCredentials;

use super::Config;

/// Looks variables up in `vars` (name, value).
pub(crate) fn vars<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
}

/// Reads files from `files` (path, text); other paths are not found.
pub(crate) fn files<'a>(files: &'a [(&'a str, &'a str)]) -> impl Fn(&Path) -> std::io::Result<String> + 'a {
    move |path| {
        let file = files.iter().find(|(p, _)| Path::new(p) == path);
        file.map(|(_, text)| (*text).to_owned()).ok_or_else(|| std::io::ErrorKind::NotFound.into())
    }
}

/// What the configured credentials provider gives: the access key id, or the error's source
/// text (its own text when it has no source).
pub(crate) fn access_key_id(config: &Config) -> Result<String, String> {
    let provider = config.credentials_provider().expect("a credentials provider");
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    runtime.block_on(provider.provide_credentials()).map(|c| c.access_key_id().to_owned()).map_err(|e| {
        std::error::Error::source(&e).map_or_else(|| e.to_string(), |source| source.to_string())
    })
}
