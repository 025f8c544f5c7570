//! Both clients, set up the same way: region `us-east-1`, static credentials, no network.
//!
//! - [`ours`]: the generated `mwaa-serverless` client, on a
//!   [`StubTransport`](awsgen_runtime::client::test_util::StubTransport) for canned
//!   responses or on its default transport (hyper + rustls, plain HTTP allowed) for loopback.
//! - [`official`]: `aws-sdk-mwaaserverless` 1.32.0, on a canned
//!   [`HttpConnector`](aws_smithy_runtime_api::client::http::HttpConnector) or on
//!   [`LoopbackConnector`](crate::official_http::LoopbackConnector).
//! - [`floor`]: the request value for the serde floor.
//!
//! Retries are off for the canned benchmarks (one attempt, nothing to classify but the
//! response). Everything else is the clients' defaults: both resolve the endpoint from the
//! model's rule set, sign with SigV4 and read the whole body before parsing.

use bytes::Bytes;

/// A current-thread Tokio runtime with time and I/O, for driving either client.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

/// The access key id both clients sign with.
pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
/// The secret key both clients sign with.
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The region of both clients.
pub const REGION: &str = "us-east-1";

/// The generated client.
pub mod ours {
    use super::*;
    use crate::bodies::{create_workflow as cw, CONTENT_TYPE, REQUEST_ID};
    use awsgen_runtime::client::test_util::{StubResponse, StubTransport};
    use awsgen_runtime::client::RetryConfig;
    use mwaa_serverless::operation::create_workflow::{
        CreateWorkflowFluentBuilder, CreateWorkflowInput,
    };
    use mwaa_serverless::types::{
        Code, DefinitionS3Location, EncryptionConfiguration, EncryptionType, EngineVersion,
        Environment, LoggingConfiguration, NetworkConfiguration, S3Location,
    };

    /// `X-Amz-Target` of `ListWorkflowRuns`.
    pub const LIST_WORKFLOW_RUNS: &str = "AmazonMWAAServerless.ListWorkflowRuns";
    /// `X-Amz-Target` of `CreateWorkflow`.
    pub const CREATE_WORKFLOW: &str = "AmazonMWAAServerless.CreateWorkflow";

    /// A client answering from `stub`, with retries off.
    pub fn stub_client(stub: StubTransport) -> mwaa_serverless::Client {
        let config = mwaa_serverless::Config::builder()
            .region(REGION)
            .static_credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None)
            .retry_config(RetryConfig::disabled())
            .transport(stub)
            .build();
        mwaa_serverless::Client::new(config)
    }

    /// A client calling `endpoint` (`http://127.0.0.1:port`) on its default transport, with
    /// the default (standard) retry configuration.
    pub fn loopback_client(endpoint: &str) -> mwaa_serverless::Client {
        let config = mwaa_serverless::Config::builder()
            .region(REGION)
            .static_credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None)
            .endpoint_url(endpoint)
            .build();
        mwaa_serverless::Client::new(config)
    }

    /// A 200 response with `body`, as the service sends it.
    pub fn response(body: Bytes) -> StubResponse {
        StubResponse::new(200, body)
            .header("content-type", CONTENT_TYPE)
            .header("x-amzn-requestid", REQUEST_ID)
    }

    fn definition() -> DefinitionS3Location {
        DefinitionS3Location::builder()
            .bucket(cw::DEFINITION_BUCKET)
            .object_key(cw::DEFINITION_KEY)
            .version_id(cw::DEFINITION_VERSION)
            .build()
            .expect("a valid DefinitionS3Location")
    }

    fn code() -> Code {
        Code::S3Location(
            S3Location::builder()
                .bucket(cw::CODE_BUCKET)
                .object_key(cw::CODE_KEY)
                .version_id(cw::CODE_VERSION)
                .build()
                .expect("a valid S3Location"),
        )
    }

    fn encryption() -> EncryptionConfiguration {
        EncryptionConfiguration::builder()
            .r#type(EncryptionType::from(cw::ENCRYPTION_TYPE))
            .kms_key_id(cw::KMS_KEY_ID)
            .build()
            .expect("a valid EncryptionConfiguration")
    }

    fn logging() -> LoggingConfiguration {
        LoggingConfiguration::builder()
            .log_group_name(cw::LOG_GROUP)
            .build()
            .expect("a valid LoggingConfiguration")
    }

    fn network() -> NetworkConfiguration {
        let mut b = NetworkConfiguration::builder();
        for sg in cw::SECURITY_GROUPS {
            b = b.security_group_ids(sg);
        }
        for subnet in cw::SUBNETS {
            b = b.subnet_ids(subnet);
        }
        b.build()
    }

    fn environment() -> Environment {
        let mut b = Environment::builder();
        for (k, v) in cw::ENVIRONMENT {
            b = b.variables(k, v);
        }
        b.build().expect("a valid Environment")
    }

    /// The `CreateWorkflow` input with every member set; `Environment` only if
    /// `with_environment` (the official SDK's model does not have it).
    pub fn create_workflow_input(with_environment: bool) -> CreateWorkflowInput {
        let mut b = CreateWorkflowInput::builder()
            .name(cw::NAME)
            .client_token(cw::CLIENT_TOKEN)
            .definition_s3_location(definition())
            .code(code())
            .role_arn(cw::ROLE_ARN)
            .description(cw::DESCRIPTION)
            .encryption_configuration(encryption())
            .logging_configuration(logging())
            .engine_version(EngineVersion::from(cw::ENGINE_VERSION))
            .network_configuration(network())
            .trigger_mode(cw::TRIGGER_MODE);
        if with_environment {
            b = b.environment(environment());
        }
        for (k, v) in cw::TAGS {
            b = b.tags(k, v);
        }
        b.build().expect("a valid CreateWorkflowInput")
    }

    /// The `CreateWorkflow` call on `client` with the members of the official SDK's model
    /// (all but `Environment`), built through the fluent builder as a user would.
    pub fn create_workflow_call(client: &mwaa_serverless::Client) -> CreateWorkflowFluentBuilder {
        let mut call = client
            .create_workflow()
            .name(cw::NAME)
            .client_token(cw::CLIENT_TOKEN)
            .definition_s3_location(definition())
            .code(code())
            .role_arn(cw::ROLE_ARN)
            .description(cw::DESCRIPTION)
            .encryption_configuration(encryption())
            .logging_configuration(logging())
            .engine_version(EngineVersion::from(cw::ENGINE_VERSION))
            .network_configuration(network())
            .trigger_mode(cw::TRIGGER_MODE);
        for (k, v) in cw::TAGS {
            call = call.tags(k, v);
        }
        call
    }

    /// The `CreateWorkflow` call with only the required members (and the token).
    pub fn create_workflow_minimal(
        client: &mwaa_serverless::Client,
    ) -> CreateWorkflowFluentBuilder {
        client
            .create_workflow()
            .name(cw::NAME)
            .client_token(cw::CLIENT_TOKEN)
            .definition_s3_location(
                DefinitionS3Location::builder()
                    .bucket(cw::DEFINITION_BUCKET)
                    .object_key(cw::DEFINITION_KEY)
                    .build()
                    .expect("a valid DefinitionS3Location"),
            )
            .role_arn(cw::ROLE_ARN)
    }
}

/// The official SDK.
pub mod official {
    use super::*;
    use crate::bodies::{create_workflow as cw, CONTENT_TYPE, REQUEST_ID};
    use aws_sdk_mwaaserverless as aws;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use aws::operation::create_workflow::builders::CreateWorkflowFluentBuilder;
    use aws::types::{
        Code, DefinitionS3Location, EncryptionConfiguration, EncryptionType, LoggingConfiguration,
        NetworkConfiguration, S3Location,
    };
    use aws_smithy_runtime_api::box_error::BoxError;
    use aws_smithy_runtime_api::client::http::{
        http_client_fn, HttpConnector, HttpConnectorFuture, SharedHttpConnector,
    };
    use aws_smithy_runtime_api::client::interceptors::context::{
        AfterDeserializationInterceptorContextRef, BeforeDeserializationInterceptorContextRef,
    };
    use aws_smithy_runtime_api::client::interceptors::Intercept;
    use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
    use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::config_bag::ConfigBag;

    /// Answers every request with a 200 and the same body, as the service would (the body is
    /// a reference-counted `Bytes`: no copy per call). The request is dropped unread.
    #[derive(Clone, Debug)]
    pub struct CannedConnector {
        body: Bytes,
    }

    impl CannedConnector {
        /// A connector answering `body`.
        pub fn new(body: Bytes) -> Self {
            Self { body }
        }
    }

    impl HttpConnector for CannedConnector {
        fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
            let mut response = HttpResponse::new(
                200u16.try_into().expect("a status"),
                SdkBody::from(self.body.clone()),
            );
            response.headers_mut().insert("content-type", CONTENT_TYPE);
            response
                .headers_mut()
                .insert("x-amzn-requestid", REQUEST_ID);
            HttpConnectorFuture::ready(Ok(response))
        }
    }

    fn config() -> aws::config::Builder {
        aws::Config::builder()
            .behavior_version(aws::config::BehaviorVersion::latest())
            .region(aws::config::Region::new(REGION))
            .credentials_provider(aws::config::Credentials::new(
                ACCESS_KEY_ID,
                SECRET_ACCESS_KEY,
                None,
                None,
                "bench",
            ))
    }

    /// A client whose every call is answered by `connector`, with retries off.
    pub fn client_with(connector: impl HttpConnector + Clone + 'static) -> aws::Client {
        let http_client = http_client_fn(move |_, _| SharedHttpConnector::new(connector.clone()));
        let config = config()
            .http_client(http_client)
            .retry_config(aws::config::retry::RetryConfig::disabled())
            .build();
        aws::Client::from_conf(config)
    }

    /// A client answering every call with `body`, with retries off.
    pub fn canned_client(body: Bytes) -> aws::Client {
        client_with(CannedConnector::new(body))
    }

    /// [`canned_client`] with `timer` among its interceptors.
    pub fn canned_client_timed(body: Bytes, timer: DeserializationTimer) -> aws::Client {
        let connector = CannedConnector::new(body);
        let http_client = http_client_fn(move |_, _| SharedHttpConnector::new(connector.clone()));
        let config = config()
            .http_client(http_client)
            .retry_config(aws::config::retry::RetryConfig::disabled())
            .interceptor(timer)
            .build();
        aws::Client::from_conf(config)
    }

    #[derive(Debug, Default)]
    struct TimerState {
        started: Option<Duration>,
        total: Duration,
        phases: u64,
    }

    /// An interceptor timing the official SDK's deserialization phase through its public
    /// hooks: from `read_before_deserialization` to `read_after_deserialization`. In between
    /// the orchestrator reads the (in-memory) body and runs the operation's response
    /// deserializer: the closest public equivalent of our `parse_response`, whose
    /// deserializer is `pub(crate)`. Clones share the totals.
    #[derive(Clone, Debug)]
    pub struct DeserializationTimer {
        clock: fn() -> Duration,
        state: Arc<Mutex<TimerState>>,
    }

    impl DeserializationTimer {
        /// A timer reading `clock` (wall or thread CPU time).
        pub fn new(clock: fn() -> Duration) -> Self {
            Self {
                clock,
                state: Arc::default(),
            }
        }

        fn state(&self) -> std::sync::MutexGuard<'_, TimerState> {
            self.state.lock().unwrap_or_else(|e| e.into_inner())
        }

        /// The time spent in deserialization phases since the last call, and how many
        /// phases completed.
        pub fn take(&self) -> (Duration, u64) {
            let mut state = self.state();
            let taken = (state.total, state.phases);
            *state = TimerState::default();
            taken
        }
    }

    impl Intercept for DeserializationTimer {
        fn name(&self) -> &'static str {
            "DeserializationTimer"
        }

        fn read_before_deserialization(
            &self,
            _context: &BeforeDeserializationInterceptorContextRef<'_>,
            _runtime_components: &RuntimeComponents,
            _cfg: &mut ConfigBag,
        ) -> Result<(), BoxError> {
            let mut state = self.state();
            state.started = Some((self.clock)());
            Ok(())
        }

        fn read_after_deserialization(
            &self,
            _context: &AfterDeserializationInterceptorContextRef<'_>,
            _runtime_components: &RuntimeComponents,
            _cfg: &mut ConfigBag,
        ) -> Result<(), BoxError> {
            let now = (self.clock)();
            let mut state = self.state();
            if let Some(started) = state.started.take() {
                state.total += now.saturating_sub(started);
                state.phases += 1;
            }
            Ok(())
        }
    }

    /// A client calling `endpoint` (`http://127.0.0.1:port`) through
    /// [`LoopbackConnector`](crate::official_http::LoopbackConnector), with the default
    /// (standard) retry configuration.
    pub fn loopback_client(endpoint: &str) -> aws::Client {
        let connector = crate::official_http::LoopbackConnector::new();
        let http_client = http_client_fn(move |_, _| SharedHttpConnector::new(connector.clone()));
        let config = config()
            .http_client(http_client)
            .endpoint_url(endpoint)
            .build();
        aws::Client::from_conf(config)
    }

    fn definition() -> DefinitionS3Location {
        DefinitionS3Location::builder()
            .bucket(cw::DEFINITION_BUCKET)
            .object_key(cw::DEFINITION_KEY)
            .version_id(cw::DEFINITION_VERSION)
            .build()
            .expect("a valid DefinitionS3Location")
    }

    /// The `CreateWorkflow` call on `client` with every member of its model set (its model
    /// has no `Environment`).
    pub fn create_workflow_call(client: &aws::Client) -> CreateWorkflowFluentBuilder {
        let mut network = NetworkConfiguration::builder();
        for sg in cw::SECURITY_GROUPS {
            network = network.security_group_ids(sg);
        }
        for subnet in cw::SUBNETS {
            network = network.subnet_ids(subnet);
        }
        let mut call = client
            .create_workflow()
            .name(cw::NAME)
            .client_token(cw::CLIENT_TOKEN)
            .definition_s3_location(definition())
            .code(Code::S3Location(
                S3Location::builder()
                    .bucket(cw::CODE_BUCKET)
                    .object_key(cw::CODE_KEY)
                    .version_id(cw::CODE_VERSION)
                    .build()
                    .expect("a valid S3Location"),
            ))
            .role_arn(cw::ROLE_ARN)
            .description(cw::DESCRIPTION)
            .encryption_configuration(
                EncryptionConfiguration::builder()
                    .r#type(EncryptionType::from(cw::ENCRYPTION_TYPE))
                    .kms_key_id(cw::KMS_KEY_ID)
                    .build()
                    .expect("a valid EncryptionConfiguration"),
            )
            .logging_configuration(
                LoggingConfiguration::builder()
                    .log_group_name(cw::LOG_GROUP)
                    .build()
                    .expect("a valid LoggingConfiguration"),
            )
            .engine_version(cw::ENGINE_VERSION)
            .network_configuration(network.build())
            .trigger_mode(cw::TRIGGER_MODE);
        for (k, v) in cw::TAGS {
            call = call.tags(k, v);
        }
        call
    }

    /// The `CreateWorkflow` call with only the required members (and the token).
    pub fn create_workflow_minimal(client: &aws::Client) -> CreateWorkflowFluentBuilder {
        client
            .create_workflow()
            .name(cw::NAME)
            .client_token(cw::CLIENT_TOKEN)
            .definition_s3_location(
                DefinitionS3Location::builder()
                    .bucket(cw::DEFINITION_BUCKET)
                    .object_key(cw::DEFINITION_KEY)
                    .build()
                    .expect("a valid DefinitionS3Location"),
            )
            .role_arn(cw::ROLE_ARN)
    }
}

/// The floor's request value.
pub mod floor {
    use crate::bodies::create_workflow as cw;
    use crate::floor::*;

    fn owned<const N: usize>(items: [&str; N]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    /// The `CreateWorkflow` request with every member set; `Environment` only if
    /// `with_environment`.
    pub fn create_workflow(with_environment: bool) -> CreateWorkflowFloor {
        CreateWorkflowFloor {
            name: Some(cw::NAME.into()),
            client_token: Some(cw::CLIENT_TOKEN.into()),
            definition_s3_location: Some(S3LocationFloor {
                bucket: cw::DEFINITION_BUCKET.into(),
                object_key: cw::DEFINITION_KEY.into(),
                version_id: Some(cw::DEFINITION_VERSION.into()),
            }),
            code: Some(CodeFloor::S3Location(S3LocationFloor {
                bucket: cw::CODE_BUCKET.into(),
                object_key: cw::CODE_KEY.into(),
                version_id: Some(cw::CODE_VERSION.into()),
            })),
            role_arn: Some(cw::ROLE_ARN.into()),
            description: Some(cw::DESCRIPTION.into()),
            encryption_configuration: Some(EncryptionConfigurationFloor {
                r#type: EncryptionTypeFloor::CustomerManagedKey,
                kms_key_id: Some(cw::KMS_KEY_ID.into()),
            }),
            logging_configuration: Some(LoggingConfigurationFloor {
                log_group_name: cw::LOG_GROUP.into(),
            }),
            engine_version: Some(cw::ENGINE_VERSION),
            network_configuration: Some(NetworkConfigurationFloor {
                security_group_ids: Some(owned(cw::SECURITY_GROUPS)),
                subnet_ids: Some(owned(cw::SUBNETS)),
            }),
            environment: with_environment.then(|| EnvironmentFloor {
                variables: Some(
                    cw::ENVIRONMENT
                        .iter()
                        .map(|(k, v)| ((*k).into(), (*v).into()))
                        .collect(),
                ),
            }),
            tags: Some(
                cw::TAGS
                    .iter()
                    .map(|(k, v)| ((*k).into(), (*v).into()))
                    .collect(),
            ),
            trigger_mode: Some(cw::TRIGGER_MODE.into()),
        }
    }
}
