//! The clients the difftest generates from the shared corpora (`../shared/models`), read by
//! both build scripts: each client crate's (`clients/build_client.rs`) and the difftest's
//! glue (`build.rs`). A new service is one entry here, one crate under `clients/` and its
//! dependency in `difftest/Cargo.toml`.

use std::path::{Path, PathBuf};

/// A directory of models in `../shared/models`.
#[derive(Clone, Copy)]
pub enum Corpus {
    /// `corpus-restjson1` (`DIFFTEST_RESTJSON1_DIR` overrides it).
    RestJson1,
    /// `corpus`, the awsJson models (`DIFFTEST_AWSJSON_DIR` overrides it).
    AwsJson,
}

impl Corpus {
    /// The environment variable that overrides the directory.
    pub fn env_var(self) -> &'static str {
        match self {
            Corpus::RestJson1 => "DIFFTEST_RESTJSON1_DIR",
            Corpus::AwsJson => "DIFFTEST_AWSJSON_DIR",
        }
    }

    /// The directory: the override, else its place in `shared_models`.
    pub fn dir(self, shared_models: &Path) -> PathBuf {
        let default = match self {
            Corpus::RestJson1 => "corpus-restjson1",
            Corpus::AwsJson => "corpus",
        };
        std::env::var_os(self.env_var()).map_or_else(|| shared_models.join(default), PathBuf::from)
    }
}

/// A client generated for the difftest.
pub struct Client {
    /// botocore's name of the service; the crate is `difftest-<service>`.
    pub service: &'static str,
    /// The model's file in its corpus.
    pub model: &'static str,
    /// The corpus holding it.
    pub corpus: Corpus,
    /// The official Rust crate compared operation by operation (`aws_sdk_lambda`); without
    /// one only the waiters are compared (with botocore's), so the client is generated
    /// with only the operations its waiters poll.
    pub official: Option<&'static str>,
}

/// Every client: MWAA and Lambda whole, the others for their waiters.
pub const CLIENTS: &[Client] = &[
    Client { service: "mwaa", model: "mwaa.json", corpus: Corpus::RestJson1, official: Some("aws_sdk_mwaa") },
    Client { service: "lambda", model: "lambda.json", corpus: Corpus::RestJson1, official: Some("aws_sdk_lambda") },
    Client { service: "eks", model: "eks.json", corpus: Corpus::RestJson1, official: None },
    Client { service: "dms", model: "database-migration-service.json", corpus: Corpus::AwsJson, official: None },
    Client { service: "kinesis", model: "kinesis.json", corpus: Corpus::AwsJson, official: None },
];

impl Client {
    /// The client of `service`.
    pub fn get(service: &str) -> Option<&'static Client> {
        CLIENTS.iter().find(|c| c.service == service)
    }

    /// The crate's name, `difftest-<service>`.
    pub fn crate_name(&self) -> String {
        format!("difftest-{}", self.service)
    }

    /// The model's path, given `../shared/models`.
    pub fn model_path(&self, shared_models: &Path) -> PathBuf {
        self.corpus.dir(shared_models).join(self.model)
    }

    /// The operations the client is generated with: every one (`None`) for a service
    /// compared with its official crate, else those with a `smithy.waiters#waitable` trait.
    pub fn operations(&self, model: &Path) -> Result<Option<Vec<String>>, String> {
        if self.official.is_some() {
            return Ok(None);
        }
        let loaded = awsgen::model::Model::load(model).map_err(|e| e.to_string())?;
        let waited: Vec<String> = loaded
            .shapes
            .iter()
            .filter(|(_, shape)| shape.kind == "operation" && shape.traits.contains_key(awsgen::waiters::WAITABLE))
            .map(|(id, _)| awsgen::model::shape_name(id).to_owned())
            .collect();
        if waited.is_empty() {
            return Err(format!("{}: no operation has waiters", model.display()));
        }
        Ok(Some(waited))
    }
}
