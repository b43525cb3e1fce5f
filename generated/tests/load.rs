//! Clients under load and faults, over loopback HTTP against `docsdk mock`: `Retry-After`
//! honoured (capped), tracing output (and no secrets in it), the signing options, and a
//! small soak with injected faults.

mod support;

use support::mock::{builder, seed_specs};

use docsdk_clients::alibaba::ecs::v20140526 as ali;
use docsdk_clients::runtime::{self, credentials::Credentials, RetryConfig};
use docsdk_clients::tencent::cvm::v20170312 as cvm;
use docsdk_clients::volcengine::ecs::v20200401 as volc;
use docsdk_mock::{
    LoggedRequest, MockConfig, MockHandle, MockServer, FAIL_FIRST_HEADER, RETRY_AFTER_HEADER,
    TEST_ACCESS_KEY_ID, TEST_SECRET,
};
use std::time::Duration;

fn mock_with(config: impl FnOnce(MockConfig) -> MockConfig) -> MockHandle {
    MockServer::start(config(MockConfig::new(seed_specs()))).expect("mock starts")
}

/// The gaps between consecutive logged requests.
fn gaps(log: &[LoggedRequest]) -> Vec<Duration> {
    log.windows(2)
        .map(|w| w[1].since_start.saturating_sub(w[0].since_start))
        .collect()
}

fn cvm_call(c: &runtime::Client) -> cvm::DisassociateSecurityGroupsBuilder {
    cvm::Client::new(c.clone())
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(["ins-1"])
}

fn volc_call(c: &runtime::Client) -> volc::DeleteKeyPairsBuilder {
    volc::Client::new(c.clone())
        .delete_key_pairs()
        .key_pair_names(["k1"])
}

fn ali_call(c: &runtime::Client) -> ali::DetachInstanceRamRoleBuilder {
    ali::Client::new(c.clone())
        .detach_instance_ram_role()
        .region_id("cn-hangzhou")
        .instance_ids(["i-1"])
}

#[tokio::test]
async fn retry_after_is_honoured_per_cloud_and_capped() {
    // Alibaba: `x-acs-retry-after: 300` (milliseconds) on each throttling answer.
    let m = mock_with(|c| c.with_retry_after(Duration::from_millis(300)));
    let c = builder(&m.url(), "cn-hangzhou")
        .header(FAIL_FIRST_HEADER, "2")
        .build()
        .expect("client");
    ali_call(&c)
        .send()
        .await
        .expect("succeeds on the third try");
    let log = m.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(
        log[0].error_code.as_deref(),
        Some("Throttling"),
        "{:?}",
        log[0]
    );
    for gap in gaps(&log) {
        // Backoff alone would be at most 2–4 ms.
        assert!(gap >= Duration::from_millis(290), "{gap:?}");
        assert!(gap < Duration::from_millis(1500), "{gap:?}");
    }

    // Tencent: the standard `Retry-After: 1` (seconds), asked for per request.
    let m = mock_with(|c| c);
    let c = builder(&m.url(), "ap-guangzhou")
        .header(FAIL_FIRST_HEADER, "1")
        .header(RETRY_AFTER_HEADER, "1000")
        .build()
        .expect("client");
    cvm_call(&c)
        .send()
        .await
        .expect("succeeds on the second try");
    let log = m.requests();
    assert_eq!(log.len(), 2);
    assert!(
        gaps(&log)[0] >= Duration::from_millis(990),
        "{:?}",
        gaps(&log)
    );

    // Volcengine: `Retry-After: 1`, capped by the client at 50 ms.
    let m = mock_with(|c| c.with_retry_after(Duration::from_secs(1)));
    let c = builder(&m.url(), "cn-beijing")
        .header(FAIL_FIRST_HEADER, "2")
        .retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(2))
                .with_max_retry_after(Duration::from_millis(50)),
        )
        .build()
        .expect("client");
    volc_call(&c)
        .send()
        .await
        .expect("succeeds on the third try");
    let log = m.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].status, 429);
    for gap in gaps(&log) {
        assert!(gap >= Duration::from_millis(45), "{gap:?}");
        assert!(gap < Duration::from_millis(700), "capped: {gap:?}");
    }
}

/// Every signing option, verified by the mock (which recomputes each signature with
/// docsdk-auth): Alibaba RPC v1 beside ACS3, STS tokens on all three clouds (and RPC v1),
/// Tencent's unsigned payload.
#[tokio::test]
async fn signing_options_verify_at_the_mock() {
    let m = mock_with(|c| c);
    let sts =
        || Credentials::new(TEST_ACCESS_KEY_ID, TEST_SECRET).with_security_token("sts-tok/+=");

    // Alibaba RPC v1, without and with a token.
    for token in [false, true] {
        let mut b =
            builder(&m.url(), "cn-hangzhou").alibaba_signature(runtime::AlibabaSignature::RpcV1);
        if token {
            b = b.credentials(sts());
        }
        let c = b.build().expect("client");
        let prepared = c
            .prepare(&ali_call(&c).build().expect("valid"))
            .expect("signed");
        assert!(prepared.header("authorization").is_none());
        assert!(prepared
            .query
            .iter()
            .any(|(n, v)| n == "SignatureMethod" && v == "HMAC-SHA1"));
        let dbg = format!("{prepared:?}");
        assert!(!dbg.contains("sts-tok"), "{dbg}");
        ali_call(&c).send().await.expect("RPC v1 verifies");
    }
    let log = m.requests();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|r| r.is_success()), "{log:?}");
    for r in &log {
        assert!(r.target.contains("Signature="), "{}", r.target);
        assert!(r.header("authorization").is_none());
    }
    assert!(!log[0].target.contains("SecurityToken="));
    assert!(
        log[1].target.contains("SecurityToken=sts-tok"),
        "{}",
        log[1].target
    );

    // STS tokens with the default schemes: each cloud's header.
    m.clear_requests();
    let t = builder(&m.url(), "ap-guangzhou")
        .credentials(sts())
        .build()
        .expect("client");
    cvm_call(&t).send().await.expect("TC3 with a token");
    let v = builder(&m.url(), "cn-beijing")
        .credentials(sts())
        .build()
        .expect("client");
    volc_call(&v).send().await.expect("Volcengine with a token");
    let a = builder(&m.url(), "cn-hangzhou")
        .credentials(sts())
        .build()
        .expect("client");
    ali_call(&a).send().await.expect("ACS3 with a token");
    let log = m.requests();
    assert!(log.iter().all(|r| r.is_success()), "{log:?}");
    assert_eq!(log[0].header("x-tc-token"), Some("sts-tok/+="));
    assert_eq!(log[1].header("x-security-token"), Some("sts-tok/+="));
    assert_eq!(log[2].header("x-acs-security-token"), Some("sts-tok/+="));
    assert!(log[2]
        .header("authorization")
        .is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256")));

    // Tencent unsigned payload.
    m.clear_requests();
    let t = builder(&m.url(), "ap-guangzhou")
        .tencent_unsigned_payload(true)
        .build()
        .expect("client");
    cvm_call(&t)
        .send()
        .await
        .expect("unsigned payload verifies");
    let log = m.requests();
    assert_eq!(
        log[0].header("x-tc-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    assert!(log[0].is_success());
}

#[path = "../benches/support/soak.rs"]
mod soak_core;

/// The soak, small: 300 calls at 16 tasks with the same fault mix; every call accounted
/// for, nothing executed twice, tokens stable, documented limits kept, no panic. (Memory is
/// the full soak's check: `cargo bench -p docsdk-clients --bench soak`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_smoke() {
    let mut cfg = soak_core::SoakConfig::new(300, 16);
    cfg.time_limit = Duration::from_secs(60);
    let report = soak_core::run(seed_specs(), cfg).await;
    report.print();
    let failures = report.failures(None);
    assert!(failures.is_empty(), "{failures:?}");
    assert!(report.faults.len() >= 6, "{:?}", report.faults);
}
