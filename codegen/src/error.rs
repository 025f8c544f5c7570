//! Errors of the generator: each names the file and the shape (or JSON path) at fault.

use std::fmt;
use std::path::PathBuf;

/// A problem that stops generation.
#[derive(Debug)]
pub enum Error {
    /// The model file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The model file is not valid JSON, or not a Smithy JSON AST.
    Json {
        /// The file.
        path: PathBuf,
        /// What serde_json said, with line and column.
        message: String,
    },
    /// A shape is malformed or refers to something missing.
    Shape {
        /// The file.
        path: PathBuf,
        /// The shape id (`com.example#Foo`, or `com.example#Foo$member`).
        shape: String,
        /// What is wrong.
        message: String,
    },
    /// The model uses something the generator does not support.
    Unsupported {
        /// The file.
        path: PathBuf,
        /// The shape id.
        shape: String,
        /// What is not supported, and why.
        message: String,
    },
    /// The generator was asked something it cannot do (no model given, a runtime path
    /// without an output directory, a build-script call outside a build script).
    Usage(String),
    /// The generator's own output did not parse as Rust (a generator bug).
    Render {
        /// The generated file.
        file: String,
        /// The parse error.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Json { path, message } => write!(f, "{}: invalid model JSON: {message}", path.display()),
            Error::Shape { path, shape, message } => write!(f, "{}: shape `{shape}`: {message}", path.display()),
            Error::Unsupported { path, shape, message } => {
                write!(f, "{}: shape `{shape}`: unsupported: {message}", path.display())
            }
            Error::Usage(message) => f.write_str(message),
            Error::Render { file, message } => {
                write!(f, "generated file {file} is not valid Rust (generator bug): {message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Shorthand for generator results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
