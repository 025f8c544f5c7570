//! Clock skew correction against a fake service whose clock is 20 minutes off this machine's
//! and which, like AWS, rejects signatures more than five minutes from its own time.

use std::time::Duration;

use mwaa_demo::fake_server::{FakeServer, DEMO_WORKFLOW_ARN};
use mwaa_serverless::error::ProvideErrorMetadata;
use mwaa_serverless::operation::get_workflow_run::GetWorkflowRunError;
use mwaa_serverless::{Client, SdkError};

const TWENTY_MINUTES: i64 = 20 * 60;

async fn skewed_server(offset_secs: i64) -> FakeServer {
    FakeServer::builder()
        .runs(3)
        .clock_offset(offset_secs)
        .reject_skew_over(Duration::from_secs(300))
        .start()
        .await
        .expect("fake server")
}

/// Calls `GetWorkflowRun` for the server's first run.
async fn get_run(client: &Client, server: &FakeServer) -> Result<(), SdkError<GetWorkflowRunError>> {
    let run_id = server.runs()[0].run_id.clone();
    client.get_workflow_run().workflow_arn(DEMO_WORKFLOW_ARN).run_id(run_id).send().await.map(drop)
}

#[tokio::test]
async fn the_first_call_is_resent_once_corrected_and_later_calls_are_signed_right() {
    for offset in [TWENTY_MINUTES, -TWENTY_MINUTES] {
        let server = skewed_server(offset).await;
        let client = Client::new(server.client_config().build());
        get_run(&client, &server).await.unwrap_or_else(|e| panic!("offset {offset}: {e}"));
        // Rejected once for its time, then accepted with the corrected time.
        assert_eq!(server.request_count(), 2, "offset {offset}");
        let dates: Vec<String> = server
            .recorded_requests()
            .iter()
            .map(|r| r.header("x-amz-date").unwrap_or_default().to_owned())
            .collect();
        assert_ne!(dates[0], dates[1], "the resent request carries the corrected time");

        // Later calls, and a clone of the client, are right on their first attempt.
        get_run(&client, &server).await.expect("second call");
        get_run(&client.clone(), &server).await.expect("third call");
        assert_eq!(server.request_count(), 4, "offset {offset}");
        server.shutdown().await;
    }
}

#[tokio::test]
async fn without_correction_the_service_rejects_the_signature() {
    let server = skewed_server(TWENTY_MINUTES).await;
    let client = Client::new(server.client_config().correct_clock_skew(false).build());
    let err = get_run(&client, &server).await.expect_err("signature expired");
    let code = err.as_service_error().and_then(|e| e.code()).map(str::to_owned);
    assert_eq!(code.as_deref(), Some("InvalidSignatureException"), "{err}");
    assert_eq!(server.request_count(), 1, "a client error is not retried");
    server.shutdown().await;
}

#[tokio::test]
async fn a_service_whose_clock_agrees_sees_one_request_per_call() {
    let server = skewed_server(30).await;
    let client = Client::new(server.client_config().build());
    get_run(&client, &server).await.expect("call");
    get_run(&client, &server).await.expect("call");
    assert_eq!(server.request_count(), 2);
    server.shutdown().await;
}
