//! This crate's clients against `docsdk mock` over loopback HTTP, as a user's integration tests
//! would run them: one action per cloud, each signed with the mock's test key and verified by
//! it. Success with the typed answer the page documents, each error class as its typed variant,
//! throttling retried with one idempotency token, and validation before any I/O.

use docsdk_codegen::load::load_specs;
use docsdk_mock::{
    MockConfig, MockHandle, MockServer, FAIL_FIRST_HEADER, TEST_ACCESS_KEY_ID, TEST_SECRET,
};
use docsdk_runtime::{
    credentials::Credentials, Client, ClientBuilder, ErrorKind, OperationError, RateLimits,
    RetryConfig, SdkError,
};
use std::path::Path;
use std::time::Duration;
use user_clients::alibaba::ecs::v20140526 as ali;
use user_clients::tencent::cvm::v20170312 as cvm;
use user_clients::volcengine::ecs::v20200401 as volc;

/// The mock serves exactly what this crate's build generates from: its pages and reviewed specs.
fn mock() -> MockHandle {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let specs = load_specs(&root.join("specs"), &root.join("docs"))
        .expect("this crate's specs load")
        .specs;
    assert_eq!(specs.len(), 3, "one action per cloud");
    MockServer::start(MockConfig::new(specs)).expect("mock starts")
}

/// A client for the mock: its test key, fast retries, no rate limits.
fn builder(m: &MockHandle, region: &str) -> ClientBuilder {
    Client::builder()
        .endpoint_url(m.url())
        .region(region)
        .credentials(Credentials::new(TEST_ACCESS_KEY_ID, TEST_SECRET))
        .credentials_from_env(false)
        .region_from_env(false)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(2)))
        .rate_limits(RateLimits::off())
}

fn service_error<T, E: std::fmt::Debug>(r: Result<T, SdkError<E>>) -> E {
    match r {
        Err(SdkError::Service(e)) => e,
        Err(other) => panic!("expected a service error, got {other:?}"),
        Ok(_) => panic!("expected a service error, got success"),
    }
}

#[tokio::test]
async fn tencent_answers_with_the_documented_typed_response() {
    let m = mock();
    let c = cvm::Client::new(builder(&m, "ap-guangzhou").build().expect("client"));
    let out = c
        .describe_instances_status()
        .instance_ids(["ins-r8hr2upy", "ins-5d8a23rs"])
        .send()
        .await
        .expect("the documented answer");
    assert_eq!(out.total_count, 2);
    let states: Vec<_> = out
        .instance_status_set
        .iter()
        .map(|s| (s.instance_id.as_str(), s.instance_state.clone()))
        .collect();
    assert_eq!(
        states,
        [
            (
                "ins-r8hr2upy",
                Some(cvm::describe_instances_status::InstanceState::Running)
            ),
            (
                "ins-5d8a23rs",
                Some(cvm::describe_instances_status::InstanceState::Stopped)
            ),
        ]
    );
    let log = m.requests_for("DescribeInstancesStatus");
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].param("InstanceIds"),
        Some(&serde_json::json!(["ins-r8hr2upy", "ins-5d8a23rs"]))
    );
}

#[tokio::test]
async fn each_error_class_is_its_typed_variant() {
    let m = mock();
    let c = cvm::Client::new(builder(&m, "ap-guangzhou").build().expect("client"));
    let e = service_error(
        c.describe_instances_status()
            .instance_ids(["err:InvalidInstanceId.Malformed"])
            .send()
            .await,
    );
    assert!(
        matches!(
            e,
            cvm::DescribeInstancesStatusError::InvalidInstanceIdMalformed(_)
        ),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Documented);

    let a = ali::Client::new(builder(&m, "cn-hangzhou").build().expect("client"));
    let e = service_error(
        a.start_instance()
            .instance_id("err:IncorrectInstanceStatus")
            .send()
            .await,
    );
    match &e {
        ali::StartInstanceError::IncorrectInstanceStatus(meta) => {
            assert_eq!(meta.http_status, 403, "the page's HTTP status");
            assert!(meta.request_id.is_some());
        }
        other => panic!("expected IncorrectInstanceStatus, got {other:?}"),
    }
    let e = service_error(
        a.start_instance()
            .instance_id("err:Forbidden.RAM")
            .send()
            .await,
    );
    assert_eq!(e.kind(), ErrorKind::Common, "{e:?}");
    let e = service_error(
        a.start_instance()
            .instance_id("err:Brand.NewCode")
            .send()
            .await,
    );
    assert_eq!(e.kind(), ErrorKind::Unknown, "{e:?}");
    assert_eq!(e.code(), "Brand.NewCode");
    // Non-retryable errors are tried once.
    assert_eq!(m.requests_for("StartInstance").len(), 3);
}

#[tokio::test]
async fn throttling_is_retried_with_one_client_token() {
    let m = mock();
    let c = volc::Client::new(
        builder(&m, "cn-beijing")
            .header(FAIL_FIRST_HEADER, "2")
            .build()
            .expect("client"),
    );
    c.start_instance()
        .instance_id("i-3tiefmkskq3vj0")
        .send()
        .await
        .expect("succeeds on the third attempt");
    let log = m.requests_for("StartInstance");
    assert_eq!(log.len(), 3, "two throttled attempts, then success");
    assert!(log[..2].iter().all(|r| r.status == 429));
    assert!(log[2].is_success());
    let token = log[0].client_token().expect("a token was filled in");
    assert!(
        log.iter().all(|r| r.client_token() == Some(token)),
        "the same ClientToken on every attempt"
    );
}

#[tokio::test]
async fn the_page_limits_are_checked_before_anything_is_sent() {
    let m = mock();
    let c = cvm::Client::new(builder(&m, "ap-guangzhou").build().expect("client"));
    let too_many: Vec<String> = (0..101).map(|i| format!("ins-{i:08}")).collect();
    match c
        .describe_instances_status()
        .instance_ids(too_many)
        .limit(500)
        .send()
        .await
    {
        Err(SdkError::Validation(v)) => {
            let shown = v.to_string();
            assert!(shown.contains("InstanceIds"), "{shown}");
            assert!(shown.contains("Limit"), "{shown}");
        }
        Err(other) => panic!("expected a validation error, got {other:?}"),
        Ok(_) => panic!("expected a validation error, got success"),
    }
    let v = volc::Client::new(builder(&m, "cn-beijing").build().expect("client"));
    let r = v
        .start_instance()
        .instance_id("i-1")
        .client_token("x".repeat(65))
        .send()
        .await;
    assert!(matches!(r, Err(SdkError::Validation(_))), "{:?}", r.err());
    assert!(m.requests().is_empty(), "nothing reached the server");
}
