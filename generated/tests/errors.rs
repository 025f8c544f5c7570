//! Error responses of `ListWorkflowRuns` (awsJson1_0), parsed the way the client does:
//! `awsgen_runtime::protocol::parse_response` with the protocol's error metadata and
//! the public `ListWorkflowRunsError::from_response`.

use awsgen_runtime::error::{ServiceError, UnhandledError};
use awsgen_runtime::protocol::{aws_json, parse_response};
use awsgen_runtime::spec::Protocol;
use awsgen_runtime::{ErrorMetadata, RawResponse, SdkError};
use mwaa_serverless::error::ProvideErrorMetadata;
use mwaa_serverless::operation::get_workflow_run::{GetWorkflowRunError, GetWorkflowRunOutput};
use mwaa_serverless::operation::list_workflow_runs::{
    ListWorkflowRunsError, ListWorkflowRunsOutput,
};
use mwaa_serverless::types::ValidationExceptionReason;

const REQUEST_ID: &str = "5f2c8a1e-3b7d-4c9a-8e61-0d4f2b9c7a13";

/// An error response with the request id header.
fn response(status: u16, body: &str) -> RawResponse {
    RawResponse::new(status, body.to_owned()).with_header("x-amzn-RequestId", REQUEST_ID)
}

/// Runs the response through the client's parsing path and returns the service error.
#[track_caller]
fn list_runs_error(raw: RawResponse) -> ListWorkflowRunsError {
    let status = raw.status;
    match parse_response(
        Protocol::AwsJson1_0,
        raw,
        aws_json::parse_output::<ListWorkflowRunsOutput>,
        ListWorkflowRunsError::from_response,
    ) {
        Err(SdkError::Service(service)) => {
            let ServiceError { error, raw } = *service;
            assert_eq!(raw.status, status);
            error
        }
        Err(other) => panic!("expected a service error, got {other:?}"),
        Ok(output) => panic!("expected an error, got {output:?}"),
    }
}

#[track_caller]
fn assert_meta(
    err: &ListWorkflowRunsError,
    code: Option<&str>,
    message: Option<&str>,
    status: u16,
) {
    assert_eq!(err.code(), code, "code");
    assert_eq!(err.message(), message, "message");
    assert_eq!(err.request_id(), Some(REQUEST_ID), "request id");
    assert_eq!(err.meta().status, status, "status");
}

#[test]
fn access_denied_exception() {
    let err = list_runs_error(response(
        403,
        r#"{"__type":"AccessDeniedException","Message":"User: arn:aws:iam::111122223333:user/alice is not authorized to perform: airflow-serverless:ListWorkflowRuns"}"#,
    ));
    let ListWorkflowRunsError::AccessDeniedException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.message,
        "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: airflow-serverless:ListWorkflowRuns"
    );
    assert_meta(
        &err,
        Some("AccessDeniedException"),
        Some(e.message.as_str()),
        403,
    );
    assert!(err.is_access_denied_exception());
    assert!(!err.is_retryable());
    assert!(!err.is_throttling());
    assert_eq!(
        err.to_string(),
        "AccessDeniedException: User: arn:aws:iam::111122223333:user/alice is not authorized to perform: airflow-serverless:ListWorkflowRuns"
    );
    insta::assert_debug_snapshot!("access_denied_exception", err);
}

#[test]
fn internal_server_exception() {
    let err = list_runs_error(response(
        500,
        r#"{"__type":"InternalServerException","Message":"An internal error occurred. Try again later.","RetryAfterSeconds":5}"#,
    ));
    let ListWorkflowRunsError::InternalServerException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message, "An internal error occurred. Try again later.");
    assert_eq!(e.retry_after_seconds, Some(5));
    assert_meta(
        &err,
        Some("InternalServerException"),
        Some("An internal error occurred. Try again later."),
        500,
    );
    assert!(err.is_internal_server_exception());
    assert!(err.is_retryable());
    assert!(!err.is_throttling());
    insta::assert_debug_snapshot!("internal_server_exception", err);
}

#[test]
fn operation_timeout_exception() {
    let err = list_runs_error(response(
        504,
        r#"{"__type":"OperationTimeoutException","Message":"The operation did not complete within 30 seconds."}"#,
    ));
    let ListWorkflowRunsError::OperationTimeoutException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.message.as_deref(),
        Some("The operation did not complete within 30 seconds.")
    );
    assert_eq!(
        e.message(),
        Some("The operation did not complete within 30 seconds.")
    );
    assert_meta(
        &err,
        Some("OperationTimeoutException"),
        Some("The operation did not complete within 30 seconds."),
        504,
    );
    assert!(err.is_operation_timeout_exception());
    assert!(!err.is_retryable());
    assert!(!err.is_throttling());
    insta::assert_debug_snapshot!("operation_timeout_exception", err);

    // `Message` is optional for this error: an empty body still gives the variant.
    let err = list_runs_error(response(504, r#"{"__type":"OperationTimeoutException"}"#));
    let ListWorkflowRunsError::OperationTimeoutException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message, None);
    assert_eq!(e.message(), None);
    assert_eq!(err.to_string(), "OperationTimeoutException");
}

#[test]
fn throttling_exception() {
    let err = list_runs_error(response(
        429,
        r#"{"__type":"ThrottlingException","Message":"Rate exceeded","ServiceCode":"airflow-serverless","QuotaCode":"L-3F1B7C2E","RetryAfterSeconds":2}"#,
    ));
    let ListWorkflowRunsError::ThrottlingException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message, "Rate exceeded");
    assert_eq!(e.service_code, "airflow-serverless");
    assert_eq!(e.quota_code, "L-3F1B7C2E");
    assert_eq!(e.retry_after_seconds, Some(2));
    assert_meta(
        &err,
        Some("ThrottlingException"),
        Some("Rate exceeded"),
        429,
    );
    assert!(err.is_throttling_exception());
    assert!(err.is_retryable());
    assert!(err.is_throttling());
    insta::assert_debug_snapshot!("throttling_exception", err);
}

#[test]
fn validation_exception() {
    let err = list_runs_error(response(
        400,
        r#"{
  "__type": "ValidationException",
  "Message": "2 validation errors detected",
  "Reason": "fieldValidationFailed",
  "FieldList": [
    {"Name": "MaxResults", "Message": "Value '500' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"},
    {"Name": "WorkflowArn", "Message": "Value at 'workflowArn' failed to satisfy constraint: Member must satisfy regular expression pattern"}
  ]
}"#,
    ));
    let ListWorkflowRunsError::ValidationException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message, "2 validation errors detected");
    assert_eq!(e.reason, ValidationExceptionReason::FieldValidationFailed);
    let fields = e.field_list.as_deref().expect("FieldList");
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0].name, "MaxResults");
    assert!(fields[0].message.contains("less than or equal to 100"));
    assert_eq!(fields[1].name, "WorkflowArn");
    assert_meta(
        &err,
        Some("ValidationException"),
        Some("2 validation errors detected"),
        400,
    );
    assert!(err.is_validation_exception());
    assert!(!err.is_retryable());
    assert!(!err.is_throttling());
    insta::assert_debug_snapshot!("validation_exception", err);

    // Every reason the model lists, and an unknown one kept as is.
    for (wire, reason) in [
        (
            "unknownOperation",
            ValidationExceptionReason::UnknownOperation,
        ),
        ("cannotParse", ValidationExceptionReason::CannotParse),
        (
            "fieldValidationFailed",
            ValidationExceptionReason::FieldValidationFailed,
        ),
        ("other", ValidationExceptionReason::Other),
        (
            "invalidPaginationToken",
            ValidationExceptionReason::Unknown("invalidPaginationToken".into()),
        ),
    ] {
        let body = format!(r#"{{"__type":"ValidationException","Message":"m","Reason":"{wire}"}}"#);
        let err = list_runs_error(response(400, &body));
        let ListWorkflowRunsError::ValidationException(e) = err else {
            panic!("{wire}")
        };
        assert_eq!(e.reason, reason);
        assert_eq!(e.field_list, None);
    }
}

#[test]
fn unmodeled_error_is_unhandled_and_keeps_its_metadata() {
    let err = list_runs_error(response(
        503,
        r#"{"__type":"com.amazonaws.mwaaserverless#ServiceUnavailableException","message":"The service is temporarily unavailable."}"#,
    ));
    let ListWorkflowRunsError::Unhandled(UnhandledError { meta }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        meta,
        &ErrorMetadata {
            code: Some("ServiceUnavailableException".into()),
            message: Some("The service is temporarily unavailable.".into()),
            request_id: Some(REQUEST_ID.into()),
            status: 503,
        }
    );
    assert_meta(
        &err,
        Some("ServiceUnavailableException"),
        Some("The service is temporarily unavailable."),
        503,
    );
    assert!(!err.is_retryable());
    assert!(!err.is_throttling());
    assert_eq!(
        err.to_string(),
        format!(
            "unhandled service error: ServiceUnavailableException: The service is temporarily unavailable. (HTTP 503, request id {REQUEST_ID})"
        )
    );
    insta::assert_debug_snapshot!("unmodeled_error", err);
}

#[test]
fn namespaced_type_is_sanitized() {
    let body = r#"{"__type":"com.amazonaws.mwaaserverless#ResourceNotFoundException","Message":"Workflow arn:aws:airflow-serverless:us-east-1:111122223333:workflow/nightly-sales-etl-Ab12Cd34Ef not found","ResourceId":"arn:aws:airflow-serverless:us-east-1:111122223333:workflow/nightly-sales-etl-Ab12Cd34Ef","ResourceType":"Workflow"}"#;
    let message =
        "Workflow arn:aws:airflow-serverless:us-east-1:111122223333:workflow/nightly-sales-etl-Ab12Cd34Ef not found";

    // ListWorkflowRuns does not list ResourceNotFoundException: Unhandled, with the short code.
    let err = list_runs_error(response(404, body));
    assert!(
        matches!(err, ListWorkflowRunsError::Unhandled(_)),
        "{err:?}"
    );
    assert_meta(&err, Some("ResourceNotFoundException"), Some(message), 404);
    insta::assert_debug_snapshot!("namespaced_type_list_workflow_runs", err);

    // GetWorkflowRun lists it: the modeled variant, with its members.
    let sdk_error = parse_response(
        Protocol::AwsJson1_0,
        response(404, body),
        aws_json::parse_output::<GetWorkflowRunOutput>,
        GetWorkflowRunError::from_response,
    )
    .unwrap_err();
    assert_eq!(sdk_error.request_id(), Some(REQUEST_ID));
    let err = sdk_error.into_service_error().expect("a service error");
    let GetWorkflowRunError::ResourceNotFoundException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message, message);
    assert_eq!(
        e.resource_id,
        "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/nightly-sales-etl-Ab12Cd34Ef"
    );
    assert_eq!(e.resource_type, "Workflow");
    assert_eq!(e.meta().code.as_deref(), Some("ResourceNotFoundException"));
    assert_eq!(e.meta().request_id.as_deref(), Some(REQUEST_ID));
    assert!(!err.is_retryable());
    // And it converts into the service-wide error.
    assert!(matches!(
        mwaa_serverless::Error::from(err),
        mwaa_serverless::Error::ResourceNotFoundException(_)
    ));
}

#[test]
fn error_type_header_with_url_suffix() {
    // No `__type` in the body: the code comes from `X-Amzn-Errortype`, suffix dropped.
    let raw = response(
        429,
        r#"{"Message":"Rate exceeded","ServiceCode":"airflow-serverless","QuotaCode":"L-3F1B7C2E"}"#,
    )
    .with_header(
        "X-Amzn-Errortype",
        "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/",
    );
    let err = list_runs_error(raw);
    let ListWorkflowRunsError::ThrottlingException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.service_code, "airflow-serverless");
    assert_eq!(e.retry_after_seconds, None);
    assert_meta(
        &err,
        Some("ThrottlingException"),
        Some("Rate exceeded"),
        429,
    );
    assert!(err.is_retryable());
    assert!(err.is_throttling());
    insta::assert_debug_snapshot!("error_type_header", err);

    // The header wins over a conflicting `__type`.
    let raw = response(
        400,
        r#"{"__type":"ValidationException","Message":"Rate exceeded"}"#,
    )
    .with_header(
        "X-Amzn-Errortype",
        "com.amazonaws.mwaaserverless#AccessDeniedException:http://internal.amazon.com/",
    );
    assert!(list_runs_error(raw).is_access_denied_exception());
}

#[test]
fn html_bad_gateway_is_unhandled() {
    let raw = RawResponse::new(
        502,
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
    )
    .with_header("content-type", "text/html");
    let err = list_runs_error(raw);
    let ListWorkflowRunsError::Unhandled(UnhandledError { meta }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        meta,
        &ErrorMetadata {
            code: None,
            message: None,
            request_id: None,
            status: 502
        }
    );
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), None);
    assert_eq!(err.request_id(), None);
    assert!(!err.is_retryable());
    assert!(!err.is_throttling());
    assert_eq!(
        err.to_string(),
        "unhandled service error: unknown error (HTTP 502)"
    );
    insta::assert_debug_snapshot!("html_bad_gateway", err);
}

#[test]
fn from_response_is_public_and_direct() {
    let meta = ErrorMetadata {
        code: Some("ThrottlingException".into()),
        message: Some("Rate exceeded".into()),
        request_id: Some(REQUEST_ID.into()),
        status: 429,
    };
    let body = br#"{"Message":"Rate exceeded","ServiceCode":"airflow-serverless","QuotaCode":"L-3F1B7C2E","RetryAfterSeconds":1}"#;
    let err = ListWorkflowRunsError::from_response(meta.clone(), &RawResponse::new(429, &body[..])).unwrap();
    let ListWorkflowRunsError::ThrottlingException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.meta(), &meta);
    assert_eq!(e.retry_after_seconds, Some(1));

    // A modeled error whose body does not match its shape is a deserialize error with the path.
    let bad =
        ListWorkflowRunsError::from_response(meta, &RawResponse::new(429, r#"{"RetryAfterSeconds":"soon"}"#))
            .unwrap_err();
    assert_eq!(bad.path, "RetryAfterSeconds");
}

#[test]
fn malformed_modeled_error_body_is_a_malformed_response() {
    let raw = response(
        429,
        r#"{"__type":"ThrottlingException","Message":"Rate exceeded","RetryAfterSeconds":"2s"}"#,
    );
    let result = parse_response(
        Protocol::AwsJson1_0,
        raw,
        aws_json::parse_output::<ListWorkflowRunsOutput>,
        ListWorkflowRunsError::from_response,
    );
    let Err(SdkError::MalformedResponse(m)) = result else {
        panic!("{result:?}")
    };
    assert_eq!(m.status, 429);
    assert_eq!(m.request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(m.error.path, "RetryAfterSeconds");
}

/// awsJson services commonly send the message as lowercase `message`; the protocol's error
/// metadata reads it, but the modeled error structures only read `Message`, so their
/// required `message` member is empty and `message()` returns `Some("")`.
#[test]
fn lowercase_message_key_fills_modeled_message() {
    let err = list_runs_error(response(
        403,
        r#"{"__type":"AccessDeniedException","message":"Not authorized"}"#,
    ));
    let ListWorkflowRunsError::AccessDeniedException(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(err.message(), Some("Not authorized"));
    assert_eq!(e.message(), Some("Not authorized"));
}

#[test]
fn variants_answer_through_error_variant_and_convert_to_the_service_error() {
    use awsgen_runtime::error::ErrorVariant;
    use std::error::Error as _;

    let throttled = list_runs_error(response(
        429,
        r#"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#,
    ));
    let ListWorkflowRunsError::ThrottlingException(e) = &throttled else {
        panic!("{throttled:?}")
    };
    // The modeled structure carries the model's retry traits.
    assert!(e.is_retryable() && e.is_throttling());
    assert_eq!(ErrorVariant::meta(e).status, 429);
    // The enum's source is the variant's error, with the same text.
    let source = throttled.source().expect("a modeled error has a source");
    assert_eq!(source.to_string(), "ThrottlingException: Rate exceeded");
    assert_eq!(throttled.to_string(), source.to_string());

    let service: mwaa_serverless::Error = throttled.into();
    assert!(matches!(
        service,
        mwaa_serverless::Error::ThrottlingException(_)
    ));
    assert_eq!(service.to_string(), "ThrottlingException: Rate exceeded");
    assert_eq!(
        service.source().map(ToString::to_string).as_deref(),
        Some("ThrottlingException: Rate exceeded")
    );

    let denied = list_runs_error(response(
        403,
        r#"{"__type":"AccessDeniedException","Message":"no"}"#,
    ));
    let ListWorkflowRunsError::AccessDeniedException(e) = &denied else {
        panic!("{denied:?}")
    };
    assert!(!e.is_retryable() && !e.is_throttling());

    let unhandled = list_runs_error(response(
        400,
        r#"{"__type":"BrandNewException","message":"new"}"#,
    ));
    let service: mwaa_serverless::Error = unhandled.into();
    let mwaa_serverless::Error::Unhandled(e) = &service else {
        panic!("{service:?}")
    };
    assert!(!e.is_retryable());
    assert_eq!(e.meta().code.as_deref(), Some("BrandNewException"));
    assert_eq!(
        service.to_string(),
        format!(
            "unhandled service error: BrandNewException: new (HTTP 400, request id {REQUEST_ID})"
        )
    );
}

/// `?` turns any operation's `SdkError` into the service-wide `Error`, as the official crates
/// allow: service errors keep their variant, other failures become `Error::Sdk`.
#[tokio::test]
async fn question_mark_converts_sdk_errors_of_any_operation_into_the_service_error() {
    use awsgen_runtime::client::test_util::{StubResponse, StubTransport};
    use awsgen_runtime::client::RetryConfig;

    const ARN: &str = "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/a-Ab12Cd34Ef";
    /// Two different operations in one function, one error type.
    async fn get_then_list(client: &mwaa_serverless::Client) -> Result<usize, mwaa_serverless::Error> {
        let workflow = client.get_workflow().workflow_arn(ARN).send().await?;
        let runs = client.list_workflow_runs().workflow_arn(ARN).send().await?;
        Ok(usize::from(workflow.name.is_some()) + runs.workflow_runs.map_or(0, |r| r.len()))
    }
    let stub = StubTransport::new();
    let config = mwaa_serverless::Config::builder()
        .region("us-east-1")
        .static_credentials("AKIDEXAMPLE", "SECRET", None)
        .transport(stub.clone())
        .retry_config(RetryConfig::disabled())
        .build();
    let client = mwaa_serverless::Client::new(config);

    // The second operation's modeled error arrives as its variant.
    stub.expect("AmazonMWAAServerless.GetWorkflow", None, StubResponse::json(200, &serde_json::json!({})))
        .expect("AmazonMWAAServerless.ListWorkflowRuns", None, StubResponse::error(400, "ValidationException", "bad"));
    let err = get_then_list(&client).await.expect_err("a service error");
    assert!(matches!(err, mwaa_serverless::Error::ValidationException(_)), "{err:?}");
    assert_eq!(err.to_string(), "ValidationException: bad");

    // A failure without a service error (here the response is not JSON) is `Error::Sdk`,
    // whose text and source are the `SdkError`'s.
    stub.expect("AmazonMWAAServerless.GetWorkflow", None, StubResponse::new(200, "not json"));
    let err = get_then_list(&client).await.expect_err("a malformed response");
    let mwaa_serverless::Error::Sdk(failure) = &err else { panic!("{err:?}") };
    assert!(matches!(**failure, SdkError::MalformedResponse(_)), "{failure:?}");
    assert_eq!(err.to_string(), failure.to_string());
    assert!(std::error::Error::source(&err).is_some());

    // Input the model rejects never reaches the service and is `Error::Sdk` too.
    let err: mwaa_serverless::Error =
        client.list_workflow_runs().send().await.expect_err("WorkflowArn is required").into();
    assert!(matches!(&err, mwaa_serverless::Error::Sdk(f) if matches!(**f, SdkError::InvalidInput(_))), "{err:?}");

    // An error code the model does not list stays `Unhandled`.
    stub.expect("AmazonMWAAServerless.GetWorkflow", None, StubResponse::error(400, "NewException", "new"));
    let err = get_then_list(&client).await.expect_err("an unmodeled error");
    assert!(matches!(err, mwaa_serverless::Error::Unhandled(_)), "{err:?}");
}
