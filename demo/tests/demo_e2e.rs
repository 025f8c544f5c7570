//! End to end: the generated client against the embedded fake MWAA Serverless server, which
//! verifies every SigV4 signature independently of the client's signer.

use std::io::{Read as _, Write as _};
use std::time::{Duration, Instant};

use mwaa_demo::fake_server::{
    rfc3339, FakeCredentials, FakeServer, RecordedRequest, DEFAULT_RUN_COUNT, DEMO_ACCESS_KEY_ID,
    DEMO_SECRET_ACCESS_KEY, DEMO_WORKFLOW_ARN,
};
use mwaa_serverless::error::ProvideErrorMetadata;
use mwaa_serverless::operation::list_workflow_runs::ListWorkflowRunsError;
use mwaa_serverless::{Client, SdkError};

/// Every test is bounded; the whole file runs in well under 10 s.
const LIMIT: Duration = Duration::from_secs(8);

/// A client with the credentials, region and endpoint of `server`.
fn client(server: &FakeServer) -> Client {
    Client::new(server.client_config().build())
}

/// A client of `server` that signs with `secret` instead of the server's secret key.
fn client_with_secret(server: &FakeServer, secret: &str) -> Client {
    let config = server
        .client_config()
        .static_credentials(DEMO_ACCESS_KEY_ID, secret, None)
        .build();
    Client::new(config)
}

async fn list_ids(client: &Client, page_size: i32, max_items: Option<usize>) -> Vec<String> {
    let mut paginator = client
        .list_workflow_runs()
        .workflow_arn(DEMO_WORKFLOW_ARN)
        .into_paginator()
        .page_size(page_size);
    if let Some(max) = max_items {
        paginator = paginator.max_items(max);
    }
    let mut items = paginator.items();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        let run = item.unwrap_or_else(|e| panic!("page_size {page_size}: {e}"));
        ids.push(run.run_id.expect("RunId"));
    }
    ids
}

#[tokio::test(flavor = "multi_thread")]
async fn paginates_every_run_once_in_order() {
    tokio::time::timeout(LIMIT, async {
        let server = FakeServer::start().await.expect("fake server");
        let expected: Vec<String> = server.runs().iter().map(|r| r.run_id.clone()).collect();
        assert_eq!(expected.len(), DEFAULT_RUN_COUNT);
        let client = client(&server);
        for page_size in [1, 7, 100] {
            let before = server.request_count();
            let ids = list_ids(&client, page_size, None).await;
            assert_eq!(ids, expected, "page size {page_size}");
            let pages = server.request_count() - before;
            assert_eq!(
                pages,
                DEFAULT_RUN_COUNT.div_ceil(page_size as usize) as u64,
                "page size {page_size}"
            );
        }
        let first_50 = list_ids(&client, 25, Some(50)).await;
        assert_eq!(first_50, expected[..50]);
        // max_items smaller than a page: the paginator asks for fewer and stops.
        assert_eq!(list_ids(&client, 100, Some(50)).await, expected[..50]);
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

#[tokio::test(flavor = "multi_thread")]
async fn summaries_carry_the_wire_fields() {
    tokio::time::timeout(LIMIT, async {
        let server = FakeServer::start_with_runs(30).await.expect("fake server");
        let client = client(&server);
        let page = client
            .list_workflow_runs()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .send()
            .await
            .expect("list");
        let runs = page.workflow_runs.expect("WorkflowRuns");
        assert_eq!(runs.len(), 20, "default MaxResults");
        assert!(page.next_token.is_some());
        for (got, want) in runs.iter().zip(server.runs()) {
            assert_eq!(got.run_id.as_deref(), Some(want.run_id.as_str()));
            assert_eq!(got.workflow_arn.as_deref(), Some(DEMO_WORKFLOW_ARN));
            assert_eq!(
                got.run_type.as_ref().map(|t| t.as_str()),
                Some(want.run_type)
            );
            let detail = got.run_detail_summary.as_ref().expect("RunDetailSummary");
            assert_eq!(
                detail.status.as_ref().map(|s| s.as_str()),
                Some(want.status)
            );
            assert_eq!(
                detail.created_on.map(|t| t.unix_timestamp()),
                Some(want.created_unix)
            );
            assert_eq!(
                detail.started_at.map(|t| t.unix_timestamp()),
                want.started_unix
            );
            assert_eq!(detail.ended_at.map(|t| t.unix_timestamp()), want.ended_unix);
        }
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

#[tokio::test(flavor = "multi_thread")]
async fn get_workflow_run_returns_its_fields() {
    tokio::time::timeout(LIMIT, async {
        let server = FakeServer::start().await.expect("fake server");
        let client = client(&server);
        // A finished run with an error message, so every optional member is present.
        let want = server
            .runs()
            .iter()
            .find(|r| r.status == "FAILED")
            .expect("a failed run")
            .clone();
        let out = client
            .get_workflow_run()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .run_id(want.run_id.clone())
            .send()
            .await
            .expect("GetWorkflowRun");
        assert_eq!(out.run_id.as_deref(), Some(want.run_id.as_str()));
        assert_eq!(out.workflow_arn.as_deref(), Some(DEMO_WORKFLOW_ARN));
        assert_eq!(
            out.workflow_version.as_deref(),
            Some(want.workflow_version.as_str())
        );
        assert_eq!(
            out.run_type.as_ref().map(|t| t.as_str()),
            Some(want.run_type)
        );
        assert!(out.override_parameters.is_some());
        let detail = out.run_detail.expect("RunDetail");
        assert_eq!(
            detail.run_state.as_ref().map(|s| s.as_str()),
            Some("FAILED")
        );
        assert_eq!(
            detail
                .created_at
                .as_ref()
                .map(awsgen_runtime::time::format_date_time),
            Some(rfc3339(want.created_unix))
        );
        assert_eq!(
            detail.started_on.map(|t| t.unix_timestamp()),
            want.started_unix
        );
        assert_eq!(
            detail.completed_on.map(|t| t.unix_timestamp()),
            want.ended_unix
        );
        let duration = want
            .ended_unix
            .zip(want.started_unix)
            .map(|(end, start)| (end - start) as i32);
        assert_eq!(detail.duration, duration);
        assert!(detail
            .error_message
            .as_deref()
            .is_some_and(|m| m.contains("FAILED")));
        assert_eq!(detail.task_instances, Some(want.task_instance_ids()));

        // Unknown run and unknown workflow: 404 ResourceNotFoundException.
        let err = client
            .get_workflow_run()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .run_id("run-99999")
            .send()
            .await
            .expect_err("unknown run");
        let service = err.as_service_error().expect("a service error");
        assert!(service.is_resource_not_found_exception(), "{service}");
        let other =
            "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/other-flow-Zz9yX8wV7u";
        let err = client
            .list_workflow_runs()
            .workflow_arn(other)
            .send()
            .await
            .expect_err("unknown workflow");
        assert_eq!(
            err.as_service_error().and_then(|e| e.code()),
            Some("ResourceNotFoundException")
        );
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// The `AccessDeniedException` message of `err`; panics on any other error.
#[track_caller]
fn access_denied(err: &SdkError<ListWorkflowRunsError>) -> String {
    match err {
        SdkError::Service(service) => {
            assert_eq!(service.raw.status, 403, "{err}");
            match &service.error {
                ListWorkflowRunsError::AccessDeniedException(e) => e.message.clone(),
                other => panic!("expected AccessDeniedException, got {other:?}"),
            }
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

async fn list_first_page(client: &Client) -> Result<usize, SdkError<ListWorkflowRunsError>> {
    let page = client
        .list_workflow_runs()
        .workflow_arn(DEMO_WORKFLOW_ARN)
        .send()
        .await?;
    Ok(page.workflow_runs.unwrap_or_default().len())
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_secret_key_is_rejected_right_key_accepted() {
    tokio::time::timeout(LIMIT, async {
        let server = FakeServer::start_with_runs(45).await.expect("fake server");

        // The wrong secret: a typed AccessDeniedException after one attempt (not retried).
        let wrong = client_with_secret(&server, "definitely-the-wrong-secret");
        let err = list_first_page(&wrong).await.expect_err("wrong secret");
        assert_eq!(access_denied(&err), "signature mismatch");
        assert_eq!(err.attempts(), 1);
        assert_eq!(err.request_id(), Some("fake-00000001"));
        assert_eq!(server.request_count(), 1);
        // Through the paginator: the error, then the end of the stream.
        let mut items = wrong
            .list_workflow_runs()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .into_paginator()
            .items();
        let first = items.next().await.expect("an error item");
        assert_eq!(
            access_denied(&first.expect_err("wrong secret")),
            "signature mismatch"
        );
        assert!(items.next().await.is_none());

        // The right secret, same server: every run.
        let ids = list_ids(&client(&server), 20, None).await;
        assert_eq!(ids.len(), 45);

        // An access key the server does not know, a region outside the credential scope.
        let unknown = server
            .client_config()
            .static_credentials(
                "AKIDUNKNOWN",
                server.credentials().secret_access_key.clone(),
                None,
            )
            .build();
        let err = list_first_page(&Client::new(unknown))
            .await
            .expect_err("unknown key");
        assert!(
            access_denied(&err).contains("unknown access key id"),
            "{err}"
        );
        let other_region = server.client_config().region("eu-west-1").build();
        let err = list_first_page(&Client::new(other_region))
            .await
            .expect_err("region");
        assert!(access_denied(&err).contains("region"), "{err}");
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

#[tokio::test(flavor = "multi_thread")]
async fn session_tokens_are_signed_and_verified() {
    tokio::time::timeout(LIMIT, async {
        let credentials = FakeCredentials::new("ASIADEMOEXAMPLE", "temporary-secret")
            .with_session_token("demo-session-token/+=");
        let server = FakeServer::builder()
            .runs(30)
            .credentials(credentials.clone())
            .start()
            .await
            .expect("fake server");

        // The right token: accepted; it travelled in a signed X-Amz-Security-Token header.
        assert_eq!(
            list_first_page(&client(&server)).await.expect("with token"),
            20
        );
        let request = server.recorded_requests().pop().expect("a request");
        assert_eq!(
            request.header("x-amz-security-token"),
            Some("demo-session-token/+=")
        );
        assert!(
            signed_headers(&request).contains(&"x-amz-security-token".to_owned()),
            "{request:?}"
        );

        // No token, or another one: rejected.
        let without = server
            .client_config()
            .static_credentials("ASIADEMOEXAMPLE", "temporary-secret", None)
            .build();
        let err = list_first_page(&Client::new(without))
            .await
            .expect_err("no token");
        assert_eq!(access_denied(&err), "missing X-Amz-Security-Token");
        let other = server
            .client_config()
            .static_credentials(
                "ASIADEMOEXAMPLE",
                "temporary-secret",
                Some("another-token".to_owned()),
            )
            .build();
        let err = list_first_page(&Client::new(other))
            .await
            .expect_err("other token");
        assert_eq!(access_denied(&err), "the security token is invalid");
        server.shutdown().await;

        // A token sent to a server whose credentials have none: rejected too.
        let plain = FakeServer::start_with_runs(5).await.expect("fake server");
        let config = plain
            .client_config()
            .static_credentials(
                DEMO_ACCESS_KEY_ID,
                plain.credentials().secret_access_key.clone(),
                Some("unexpected".to_owned()),
            )
            .build();
        let err = list_first_page(&Client::new(config))
            .await
            .expect_err("stray token");
        assert!(access_denied(&err).contains("no session token"), "{err}");
        plain.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// The `SignedHeaders` of a recorded request's `Authorization` header.
fn signed_headers(request: &RecordedRequest) -> Vec<String> {
    let auth = request.header("authorization").expect("Authorization");
    let list = auth
        .split(", ")
        .find_map(|p| p.strip_prefix("SignedHeaders="))
        .expect("SignedHeaders");
    list.split(';').map(str::to_owned).collect()
}

/// Sends `request` as raw HTTP/1.1 to `server` and returns the status and the body.
fn send_raw(server: &FakeServer, request: &RecordedRequest) -> (u16, serde_json::Value) {
    let addr = server.base_url().trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("read timeout");
    let mut message = format!("{} {} HTTP/1.1\r\n", request.method, request.path).into_bytes();
    for (name, value) in &request.headers {
        // Connection is not signed, so the server does not mind it being added.
        if name != "connection" {
            message.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
    }
    message.extend_from_slice(b"connection: close\r\n\r\n");
    message.extend_from_slice(&request.body);
    stream.write_all(&message).expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let text = String::from_utf8(response).expect("UTF-8 response");
    let status = text[9..12].parse().expect("status");
    let body = text.split_once("\r\n\r\n").expect("head").1;
    (status, serde_json::from_str(body).expect("JSON body"))
}

/// Requests signed by the client, replayed byte for byte, verify; change one signed byte
/// (body, header, path) and they no longer do.
#[tokio::test(flavor = "multi_thread")]
async fn tampered_requests_fail_verification() {
    tokio::time::timeout(LIMIT, async {
        let server = FakeServer::start_with_runs(30).await.expect("fake server");
        let client = client(&server);
        client
            .list_workflow_runs()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .max_results(5)
            .send()
            .await
            .expect("list");
        let original = server.recorded_requests().pop().expect("a request");
        let signed = signed_headers(&original);
        assert!(signed.windows(2).all(|w| w[0] < w[1]), "{signed:?}");
        for name in ["content-type", "host", "x-amz-date", "x-amz-target"] {
            assert!(signed.iter().any(|h| h == name), "{name} not in {signed:?}");
        }

        let replay = original.clone();
        let server_ref = &server;
        let (status, body) = tokio::task::block_in_place(|| send_raw(server_ref, &replay));
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["WorkflowRuns"].as_array().map(Vec::len), Some(5));

        let mut tampered_body = original.clone();
        tampered_body.body = String::from_utf8(original.body.clone())
            .unwrap()
            .replace("\"MaxResults\":5", "\"MaxResults\":6")
            .into_bytes();
        assert_ne!(tampered_body.body, original.body);
        let mut tampered_header = original.clone();
        for (name, value) in &mut tampered_header.headers {
            if name == "x-amz-target" {
                *value = "AmazonMWAAServerless.GetWorkflowRun".into();
            }
        }
        let mut tampered_path = original.clone();
        tampered_path.path = "/?x=1".into();
        for tampered in [tampered_body, tampered_header, tampered_path] {
            let (status, body) = tokio::task::block_in_place(|| send_raw(server_ref, &tampered));
            assert_eq!(status, 403, "{body}");
            assert_eq!(
                body["__type"],
                "com.amazonaws.mwaaserverless#AccessDeniedException"
            );
            assert_eq!(body["Message"], "signature mismatch");
        }
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// The demo binary, with no AWS settings from this machine's environment or files
/// (`AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` point at files that do not exist).
fn demo_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_list-workflow-runs"));
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
    ] {
        command.env_remove(var);
    }
    let nowhere = std::env::temp_dir().join(format!("awsgen-demo-no-such-file-{}", std::process::id()));
    command.env("AWS_CONFIG_FILE", &nowhere).env("AWS_SHARED_CREDENTIALS_FILE", &nowhere);
    command
}

/// Runs `command` within [`LIMIT`]; its stdout and stderr, after checking that it succeeded.
fn run_demo(mut command: std::process::Command) -> (String, String) {
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn the demo binary");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("the demo binary did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    (stdout, stderr)
}

/// The demo binary with no AWS credentials in the environment: it starts the embedded fake,
/// which verifies the signatures of the credentials it hands out, in the region it is given.
#[test]
fn demo_binary_runs_against_the_embedded_fake() {
    let mut command = demo_command();
    command.env("AWS_REGION", "eu-west-1").args(["--page-size", "9", "--max-items", "30", "--json"]);
    let (stdout, stderr) = run_demo(command);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 30, "{stdout}");
    assert_eq!(lines[0]["RunId"], "run-00001");
    assert_eq!(lines[29]["RunId"], "run-00030");
    assert!(stderr.contains("30 runs in 4 pages"), "{stderr}");
}

/// With `AWS_PROFILE`, the demo takes credentials, region and this service's endpoint URL
/// from the shared files: the server accepts only the demo keys, signed for its own region,
/// which only the files name.
#[test]
fn demo_binary_signs_with_a_profile_from_the_shared_files() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(FakeServer::builder().region("ap-southeast-2").start()).expect("start the fake");
    let dir = std::env::temp_dir().join(format!("awsgen-demo-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let (config, credentials) = (dir.join("config"), dir.join("credentials"));
    // The endpoint comes from the profile's `services` section, the region from the profile.
    let config_text = format!(
        "[default]\nregion = us-east-1\n\n[profile ci]\nregion = ap-southeast-2 # the server's\nservices = local\n\n\
         [services local]\nmwaa_serverless =\n  endpoint_url = {}\n",
        server.base_url()
    );
    std::fs::write(&config, config_text).expect("write config");
    std::fs::write(
        &credentials,
        format!("[default]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = other\n\n[ci]\naws_access_key_id = {DEMO_ACCESS_KEY_ID}\naws_secret_access_key = {DEMO_SECRET_ACCESS_KEY}\n"),
    )
    .expect("write credentials");

    let mut command = demo_command();
    command
        .env("AWS_PROFILE", "ci")
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .args(["--max-items", "5", "--json"]);
    let (stdout, stderr) = run_demo(command);
    assert_eq!(stdout.lines().count(), 5, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let requests = server.recorded_requests();
    assert!(!requests.is_empty());
    let authorization = requests[0].header("authorization").unwrap_or_default();
    assert!(authorization.contains(&format!("Credential={DEMO_ACCESS_KEY_ID}/")), "{authorization}");
    assert!(authorization.contains("/ap-southeast-2/airflow-serverless/aws4_request"), "{authorization}");
    let _ = std::fs::remove_dir_all(&dir);
    runtime.block_on(server.shutdown());
}
