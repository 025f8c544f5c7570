//! The generated `ListWorkflowRuns` paginator over canned pages (`StubTransport`, no
//! network): where it stops, what it sends, and how it bounds itself.

use awsgen_runtime::client::test_util::{StubResponse, StubTransport};
use awsgen_runtime::pagination::{RepeatedTokenError, StreamEnd};
use mwaa_serverless::operation::list_workflow_runs::{
    ListWorkflowRunsError, ListWorkflowRunsPaginator,
};
use mwaa_serverless::{Client, SdkError};
use serde_json::{json, Value};

const TARGET: &str = "AmazonMWAAServerless.ListWorkflowRuns";
const ARN: &str =
    "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/nightly-sales-etl-Ab12Cd34Ef";

/// A client whose requests are answered by `stub`, in order.
fn client(stub: &StubTransport) -> Client {
    Client::new(stub.config())
}

fn paginator(stub: &StubTransport) -> ListWorkflowRunsPaginator {
    client(stub)
        .list_workflow_runs()
        .workflow_arn(ARN)
        .into_paginator()
}

/// The request body the paginator should send: the ARN, plus `MaxResults` and `NextToken`
/// when given.
fn body(max_results: Option<i32>, token: Option<&str>) -> Value {
    let mut body = json!({ "WorkflowArn": ARN });
    if let Some(n) = max_results {
        body["MaxResults"] = json!(n);
    }
    if let Some(t) = token {
        body["NextToken"] = json!(t);
    }
    body
}

/// A page holding runs `ids` and `next_token` (`None`: member absent).
fn page(ids: &[&str], next_token: Option<&str>) -> StubResponse {
    let runs: Vec<Value> = ids.iter().map(|id| json!({ "RunId": id })).collect();
    let mut page = json!({ "WorkflowRuns": runs });
    if let Some(t) = next_token {
        page["NextToken"] = json!(t);
    }
    StubResponse::json(200, &page)
}

/// Every item's RunId, or the first error (the stream must end right after it).
async fn collect_ids(
    paginator: ListWorkflowRunsPaginator,
) -> Result<Vec<String>, SdkError<ListWorkflowRunsError>> {
    let mut items = paginator.items();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(run) => ids.push(run.run_id.expect("RunId")),
            Err(e) => {
                assert!(
                    items.next().await.is_none(),
                    "the stream ends after an error"
                );
                return Err(e);
            }
        }
    }
    Ok(ids)
}

/// A fluent builder reads back what was set through its input builder's getters.
#[test]
fn fluent_builders_read_back_through_the_input_getters() {
    let fluent = client(&StubTransport::new())
        .list_workflow_runs()
        .workflow_arn(ARN)
        .set_max_results(Some(5));
    assert_eq!(fluent.get_workflow_arn().as_deref(), Some(ARN));
    assert_eq!(fluent.get_max_results(), &Some(5));
    assert_eq!(fluent.get_next_token(), &None);
}

#[tokio::test]
async fn three_pages_then_an_empty_token_stops() {
    let stub = StubTransport::new();
    stub.expect(
        TARGET,
        Some(body(None, None)),
        page(&["r1", "r2"], Some("t1")),
    )
    .expect(
        TARGET,
        Some(body(None, Some("t1"))),
        page(&["r3"], Some("t2")),
    )
    .expect(
        TARGET,
        Some(body(None, Some("t2"))),
        page(&["r4", "r5"], Some("")),
    );
    let ids = collect_ids(paginator(&stub)).await.expect("three pages");
    assert_eq!(ids, ["r1", "r2", "r3", "r4", "r5"]);
    // Exactly three requests: a fourth would have been a mismatch ("no expectation left").
    stub.assert_done();
}

#[tokio::test]
async fn an_absent_token_stops_and_pages_come_out_whole() {
    let stub = StubTransport::new();
    stub.expect(
        TARGET,
        Some(body(None, None)),
        page(&["r1", "r2"], Some("t1")),
    )
    .expect(TARGET, Some(body(None, Some("t1"))), page(&["r3"], None));
    let mut pages = paginator(&stub).send();
    let first = pages.next().await.expect("page 1").expect("ok");
    assert_eq!(first.workflow_runs.as_ref().map(Vec::len), Some(2));
    assert_eq!(first.next_token.as_deref(), Some("t1"));
    let second = pages.next().await.expect("page 2").expect("ok");
    assert_eq!(second.next_token, None);
    assert!(pages.next().await.is_none());
    stub.assert_done();
}

#[tokio::test]
async fn a_page_without_items_but_with_a_token_continues() {
    let stub = StubTransport::new();
    stub.expect(TARGET, Some(body(None, None)), page(&[], Some("t1")))
        // No `WorkflowRuns` member at all.
        .expect(
            TARGET,
            Some(body(None, Some("t1"))),
            StubResponse::json(200, &json!({ "NextToken": "t2" })),
        )
        .expect(TARGET, Some(body(None, Some("t2"))), page(&["r1"], None));
    let ids = collect_ids(paginator(&stub)).await.expect("pages");
    assert_eq!(ids, ["r1"]);
    stub.assert_done();
}

/// Three pages whose last token is the first one again.
fn looping_pages(stub: &StubTransport) {
    stub.expect(TARGET, Some(body(None, None)), page(&["r1"], Some("A")))
        .expect(
            TARGET,
            Some(body(None, Some("A"))),
            page(&["r2"], Some("B")),
        )
        // Back to "A": following it would loop forever.
        .expect(
            TARGET,
            Some(body(None, Some("B"))),
            page(&["r3"], Some("A")),
        );
}

#[tokio::test]
async fn a_repeated_token_ends_the_stream_after_its_page() {
    let stub = StubTransport::new();
    looping_pages(&stub);
    let mut pages = paginator(&stub).send();
    // The page that carries the repeated token is still delivered (nothing is lost), then
    // the stream ends, as the Smithy spec allows, instead of requesting "A" again.
    for expected in ["r1", "r2", "r3"] {
        let page = pages.next().await.expect("a page").expect("ok");
        let runs = page.workflow_runs.expect("runs");
        assert_eq!(runs[0].run_id.as_deref(), Some(expected));
    }
    assert!(pages.next().await.is_none(), "no request for the repeated token");
    assert_eq!(
        pages.end(),
        Some(&StreamEnd::RepeatedToken(RepeatedTokenError { token: "A".into(), pages: 3 }))
    );
    stub.assert_done();

    // The same token twice in a row, through the item stream: every item, then the end.
    let stub = StubTransport::new();
    stub.expect(TARGET, Some(body(None, None)), page(&["r1"], Some("same")))
        .expect(
            TARGET,
            Some(body(None, Some("same"))),
            page(&["r2"], Some("same")),
        );
    assert_eq!(collect_ids(paginator(&stub)).await.expect("no error"), ["r1", "r2"]);
    stub.assert_done();
}

#[tokio::test]
async fn a_repeated_token_is_an_error_on_request() {
    let stub = StubTransport::new();
    looping_pages(&stub);
    let mut pages = paginator(&stub).error_on_repeated_token(true).send();
    for _ in 0..3 {
        pages.next().await.expect("a page").expect("ok");
    }
    match pages.next().await.expect("the error") {
        Err(SdkError::RepeatedToken(RepeatedTokenError { token, pages })) => {
            assert_eq!((token.as_str(), pages), ("A", 3));
        }
        other => panic!("expected RepeatedToken, got {other:?}"),
    }
    assert!(pages.next().await.is_none(), "no request after the error");
    stub.assert_done();
}

#[tokio::test]
async fn max_items_truncates_and_stops_early() {
    // The service returns more than asked for (no page size): the page is cut, and no
    // further page is requested although it has a token.
    let stub = StubTransport::new();
    stub.expect(
        TARGET,
        Some(body(None, None)),
        page(&["r1", "r2", "r3", "r4", "r5"], Some("t1")),
    );
    let ids = collect_ids(paginator(&stub).max_items(3))
        .await
        .expect("ok");
    assert_eq!(ids, ["r1", "r2", "r3"]);
    stub.assert_done();

    // With a page size, the last request asks only for what is still wanted.
    let stub = StubTransport::new();
    stub.expect(
        TARGET,
        Some(body(Some(2), None)),
        page(&["r1", "r2"], Some("t1")),
    )
    .expect(
        TARGET,
        Some(body(Some(2), Some("t1"))),
        page(&["r3", "r4"], Some("t2")),
    )
    .expect(
        TARGET,
        Some(body(Some(1), Some("t2"))),
        page(&["r5"], Some("t3")),
    );
    let ids = collect_ids(paginator(&stub).page_size(2).max_items(5))
        .await
        .expect("ok");
    assert_eq!(ids, ["r1", "r2", "r3", "r4", "r5"]);
    stub.assert_done();

    // max_pages bounds by pages.
    let stub = StubTransport::new();
    stub.expect(TARGET, Some(body(None, None)), page(&["r1"], Some("t1")))
        .expect(
            TARGET,
            Some(body(None, Some("t1"))),
            page(&["r2"], Some("t2")),
        );
    let ids = collect_ids(paginator(&stub).max_pages(2))
        .await
        .expect("ok");
    assert_eq!(ids, ["r1", "r2"]);
    stub.assert_done();
}

#[tokio::test]
async fn page_size_sets_max_results_in_every_request() {
    let stub = StubTransport::new();
    stub.expect(TARGET, Some(body(Some(7), None)), page(&["r1"], Some("t1")))
        .expect(
            TARGET,
            Some(body(Some(7), Some("t1"))),
            page(&["r2"], Some("t2")),
        )
        .expect(TARGET, Some(body(Some(7), Some("t2"))), page(&["r3"], None));
    let ids = collect_ids(paginator(&stub).page_size(7))
        .await
        .expect("ok");
    assert_eq!(ids, ["r1", "r2", "r3"]);
    stub.assert_done();
}

#[tokio::test]
async fn starting_token_is_sent_on_the_first_request() {
    let stub = StubTransport::new();
    stub.expect(
        TARGET,
        Some(body(Some(50), Some("resume-here"))),
        page(&["r41"], Some("t2")),
    )
    .expect(
        TARGET,
        Some(body(Some(50), Some("t2"))),
        page(&["r42"], None),
    );
    let ids = collect_ids(paginator(&stub).page_size(50).starting_token("resume-here"))
        .await
        .expect("ok");
    assert_eq!(ids, ["r41", "r42"]);
    stub.assert_done();
}

#[tokio::test]
async fn a_service_error_ends_the_stream_typed() {
    let stub = StubTransport::new();
    stub.expect(TARGET, Some(body(None, None)), page(&["r1"], Some("t1")))
        .expect(
            TARGET,
            Some(body(None, Some("t1"))),
            StubResponse::error(400, "ValidationException", "NextToken is invalid"),
        );
    let mut items = paginator(&stub).items();
    assert_eq!(
        items
            .next()
            .await
            .expect("r1")
            .expect("ok")
            .run_id
            .as_deref(),
        Some("r1")
    );
    let err = items.next().await.expect("the error").expect_err("error");
    assert!(
        matches!(
            err.as_service_error(),
            Some(ListWorkflowRunsError::ValidationException(_))
        ),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 1);
    assert!(items.next().await.is_none());
    stub.assert_done();
}

#[tokio::test]
async fn a_service_echoing_the_starting_token_is_not_followed() {
    let stub = StubTransport::new();
    stub.expect(TARGET, Some(body(None, Some("S"))), page(&["r1"], Some("S")));
    let mut pages = paginator(&stub).starting_token("S").send();
    let first = pages.next().await.expect("a page").expect("ok");
    assert_eq!(first.workflow_runs.expect("runs").len(), 1);
    assert!(pages.next().await.is_none());
    assert!(matches!(pages.end(), Some(StreamEnd::RepeatedToken(e)) if e.token == "S" && e.pages == 1));
    stub.assert_done();
}

/// After an error, `resume_token()` is the token of the page that failed: resuming from it
/// fetches that page again and goes on.
#[tokio::test]
async fn resume_token_after_an_error_retries_the_failed_page() {
    let stub = StubTransport::new();
    stub.expect(TARGET, Some(body(None, None)), page(&["r1"], Some("t1")))
        .expect(
            TARGET,
            Some(body(None, Some("t1"))),
            StubResponse::error(500, "InternalServerException", "try again"),
        )
        .expect(
            TARGET,
            Some(body(None, Some("t1"))),
            page(&["r2"], None),
        );
    let mut pages = paginator(&stub).send();
    pages.next().await.expect("page 1").expect("ok");
    assert!(pages.next().await.expect("the error").is_err());
    assert_eq!(pages.end(), None, "a retryable error keeps the stream's place");
    let resume: Option<&String> = pages.resume_token();
    assert_eq!(resume.map(String::as_str), Some("t1"));
    let rest = collect_ids(paginator(&stub).starting_token(resume.cloned().expect("a token")))
        .await
        .expect("the rest");
    assert_eq!(rest, ["r2"]);
    stub.assert_done();
}

/// A caller who keeps polling after a retryable error gets the failed page again; a
/// non-retryable error ends the stream at once.
#[tokio::test]
async fn polling_again_after_a_retryable_error_fetches_the_page_again() {
    let stub = StubTransport::new();
    stub.expect(TARGET, Some(body(None, None)), page(&["r1"], Some("t1")))
        .expect(
            TARGET,
            Some(body(None, Some("t1"))),
            StubResponse::error(429, "ThrottlingException", "slow down"),
        )
        .expect(
            TARGET,
            Some(body(None, Some("t1"))),
            page(&["r2"], None),
        );
    let mut items = paginator(&stub)
        .failure_backoff(std::time::Duration::from_millis(1))
        .items();
    let mut ids = Vec::new();
    let mut errors = 0;
    while let Some(item) = items.next().await {
        match item {
            Ok(run) => ids.push(run.run_id.expect("RunId")),
            Err(e) => {
                assert!(e.is_transient(), "{e:?}");
                errors += 1;
            }
        }
    }
    assert_eq!((ids, errors), (vec!["r1".to_owned(), "r2".to_owned()], 1));
    assert_eq!(items.end(), Some(&StreamEnd::LastPage));
    stub.assert_done();

    let stub = StubTransport::new();
    stub.expect(
        TARGET,
        Some(body(None, None)),
        StubResponse::error(403, "AccessDeniedException", "no"),
    );
    let mut items = paginator(&stub).items();
    let err = items.next().await.expect("the error").expect_err("denied");
    assert!(!err.is_transient());
    assert!(items.next().await.is_none());
    assert_eq!(items.end(), Some(&StreamEnd::Error));
    stub.assert_done();
}
