//! The HTTP client behind generated operations: config, endpoint, signing, retries, timeouts.
