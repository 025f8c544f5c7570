//! The glue of the restJson1 services, written by `build.rs` from our generator's IR:
//! `Canon`/`FromParams` for every type of both clients and each operation's two calls.

/// MWAA (classic): `difftest-mwaa` against `aws-sdk-mwaa`.
#[allow(deprecated, clippy::all, missing_docs)]
pub mod mwaa {
    include!(concat!(env!("OUT_DIR"), "/glue_mwaa.rs"));
}

/// Lambda: `difftest-lambda` against `aws-sdk-lambda`.
#[allow(deprecated, clippy::all, missing_docs)]
pub mod lambda {
    include!(concat!(env!("OUT_DIR"), "/glue_lambda.rs"));
}
