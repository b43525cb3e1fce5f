//! Real calls over loopback HTTP against `docsdk mock` (signatures verified with the mock's
//! test key) for the five seed actions: success, every error class as its typed variant,
//! retries with a stable idempotency token, documented rate limits, validation before I/O,
//! secrets kept out of Debug output, and the `call` example as a process.

mod support;

use support::mock::{builder, seed_specs};

use docsdk_clients::alibaba::ecs::v20140526 as ali;
use docsdk_clients::runtime::{
    self, credentials::Credentials, ErrorKind, Operation, OperationError, RateLimits, RateQuota,
    RetryConfig, SdkError,
};
use docsdk_clients::tencent::{
    cvm::v20170312 as cvm, ecm::v20190719 as ecm, vpc::v20170312 as vpc,
};
use docsdk_clients::volcengine::ecs::v20200401 as volc;
use docsdk_mock::{
    LoggedRequest, MockConfig, MockHandle, MockServer, FAIL_CODE_HEADER, FAIL_FIRST_HEADER,
    TEST_ACCESS_KEY_ID,
};
use serde_json::{json, Value};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn mock() -> MockHandle {
    MockServer::start(MockConfig::new(seed_specs())).expect("mock starts")
}

fn client(url: &str, region: &str) -> runtime::Client {
    builder(url, region).build().expect("client")
}

/// One seed action: how to call it, what it documents.
struct Seed {
    name: &'static str,
    region: &'static str,
    ok: Value,
    /// Parameters with one value replaced by `err:<code>`.
    with: fn(&str) -> Value,
    documented: (&'static str, u16),
    common: (&'static str, u16),
    throttle: (&'static str, u16),
    /// Parameters breaking a documented rule.
    invalid: Value,
    /// Rules the invalid parameters break.
    broken: &'static [(&'static str, &'static str)],
}

fn cvm_seed() -> Seed {
    Seed {
        name: "tencent.cvm.DisassociateSecurityGroups",
        region: "ap-guangzhou",
        ok: json!({"SecurityGroupIds": ["sg-9id3l839"], "InstanceIds": ["ins-2zvpghhc"]}),
        with: |v| json!({"SecurityGroupIds": ["sg-9id3l839"], "InstanceIds": [v]}),
        documented: ("InvalidInstanceId.NotFound", 200),
        common: ("AuthFailure.UnauthorizedOperation", 200),
        throttle: ("RequestLimitExceeded", 200),
        invalid: json!({"SecurityGroupIds": ["sg-1", "sg-2"]}),
        broken: &[
            ("SecurityGroupIds", "max_items"),
            ("InstanceIds", "required"),
        ],
    }
}

fn ecm_seed() -> Seed {
    Seed {
        name: "tencent.ecm.DisassociateInstancesKeyPairs",
        region: "ap-guangzhou",
        ok: json!({"InstanceIds": ["ein-1"], "KeyIds": ["skey-1"], "ForceStop": true}),
        with: |v| json!({"InstanceIds": ["ein-1"], "KeyIds": [v]}),
        documented: ("InvalidParameterValue.InvalidKeyPairId", 200),
        common: ("AuthFailure.UnauthorizedOperation", 200),
        throttle: ("RequestLimitExceeded", 200),
        invalid: json!({"InstanceIds": ["ein-1"]}),
        broken: &[("KeyIds", "required")],
    }
}

fn vpc_seed() -> Seed {
    let many: Vec<String> = (0..101).map(|i| format!("eni-{i}")).collect();
    Seed {
        name: "tencent.vpc.DisassociateNetworkInterfaceSecurityGroups",
        region: "ap-guangzhou",
        ok: json!({"NetworkInterfaceIds": ["eni-1"], "SecurityGroupIds": ["sg-1"]}),
        with: |v| json!({"NetworkInterfaceIds": [v], "SecurityGroupIds": ["sg-1"]}),
        documented: ("ResourceNotFound", 200),
        common: ("AuthFailure.UnauthorizedOperation", 200),
        throttle: ("RequestLimitExceeded", 200),
        invalid: json!({"NetworkInterfaceIds": many, "SecurityGroupIds": ["sg-1"]}),
        broken: &[("NetworkInterfaceIds", "max_items")],
    }
}

fn volc_seed() -> Seed {
    Seed {
        name: "volcengine.ecs.DeleteKeyPairs",
        region: "cn-beijing",
        ok: json!({"KeyPairNames": ["ssh_key_pair1", "ssh_key_pair2"]}),
        with: |v| json!({"KeyPairNames": [v]}),
        documented: ("InvalidArgument", 400),
        common: ("AccessDenied", 400),
        throttle: ("FlowLimitExceeded", 429),
        invalid: json!({"KeyPairNames": ["k"], "ClientToken": "x".repeat(65)}),
        broken: &[("ClientToken", "max_length")],
    }
}

fn ali_seed() -> Seed {
    Seed {
        name: "alibaba.ecs.DetachInstanceRamRole",
        region: "cn-hangzhou",
        ok: json!({"RegionId": "cn-hangzhou", "InstanceIds": ["i-1", "i-2"], "RamRoleName": "r"}),
        with: |v| json!({"RegionId": "cn-hangzhou", "InstanceIds": [v]}),
        documented: ("InvalidInstanceId.NotFound", 404),
        common: ("Forbidden.RAM", 400),
        throttle: ("Throttling", 429),
        invalid: json!({"InstanceIds": ["i-1"]}),
        broken: &[("RegionId", "required")],
    }
}

fn typed<O: Operation>(params: &Value) -> O {
    serde_json::from_value(params.clone()).expect("parameters fit the typed request")
}

fn service_error<T, E: std::fmt::Debug>(r: Result<T, SdkError<E>>) -> E {
    match r {
        Err(SdkError::Service(e)) => e,
        other => panic!("expected a service error, got {}", describe(&other)),
    }
}

/// A call result for assertion messages (responses need not implement `Debug`).
fn describe<T, E: std::fmt::Debug>(r: &Result<T, SdkError<E>>) -> String {
    match r {
        Ok(_) => "success".to_string(),
        Err(e) => format!("{e:?}"),
    }
}

fn logged(m: &MockHandle, seed: &Seed) -> Vec<LoggedRequest> {
    let action = seed.name.rsplit('.').next().unwrap_or_default();
    m.requests_for(action)
}

/// Success and the documented / common / unknown error classes for one action.
async fn success_and_errors<O: Operation>(seed: Seed) {
    let m = mock();
    let c = client(&m.url(), seed.region);

    c.execute(typed::<O>(&seed.ok))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", seed.name));
    let log = logged(&m, &seed);
    assert_eq!(log.len(), 1, "{}", seed.name);
    assert!(
        log[0].is_success(),
        "{}: {:?}",
        seed.name,
        log[0].error_code
    );

    for (code, status, kind) in [
        (seed.documented.0, seed.documented.1, ErrorKind::Documented),
        (seed.common.0, seed.common.1, ErrorKind::Common),
        ("Docsdk.BrandNewCode", seed.common.1, ErrorKind::Unknown),
    ] {
        m.clear_requests();
        let params = (seed.with)(&format!("err:{code}"));
        let e = service_error(c.execute(typed::<O>(&params)).await);
        let log = logged(&m, &seed);
        assert_eq!(log.len(), 1, "{}: {code} is not retried", seed.name);
        assert_eq!(e.kind(), kind, "{}: {code}", seed.name);
        assert_eq!(e.code(), code);
        assert!(!e.is_retryable(), "{code}");
        let shown = e.to_string();
        assert!(shown.contains(code), "{shown}");
        assert!(
            shown.contains(&log[0].request_id),
            "{}: the error names the request id {}: {shown}",
            seed.name,
            log[0].request_id
        );
        assert!(shown.contains(&format!("HTTP {status}")), "{shown}");
    }
}

#[tokio::test]
async fn success_and_typed_errors_for_every_seed() {
    success_and_errors::<cvm::DisassociateSecurityGroupsRequest>(cvm_seed()).await;
    success_and_errors::<ecm::DisassociateInstancesKeyPairsRequest>(ecm_seed()).await;
    success_and_errors::<vpc::DisassociateNetworkInterfaceSecurityGroupsRequest>(vpc_seed()).await;
    success_and_errors::<volc::DeleteKeyPairsRequest>(volc_seed()).await;
    success_and_errors::<ali::DetachInstanceRamRoleRequest>(ali_seed()).await;
}

#[tokio::test]
async fn typed_responses_and_variants() {
    let m = mock();
    let volc_client = volc::Client::new(client(&m.url(), "cn-beijing"));
    let out = volc_client
        .delete_key_pairs()
        .key_pair_names(["ssh_key_pair1", "ssh_key_pair2"])
        .send()
        .await
        .expect("documented example answer");
    assert_eq!(out.operation_details.len(), 2);
    assert_eq!(out.operation_details[0].key_pair_name, "ssh_key_pair1");

    let e = service_error(
        volc_client
            .delete_key_pairs()
            .key_pair_names(["err:IdempotentProcessing"])
            .send()
            .await,
    );
    match &e {
        volc::DeleteKeyPairsError::IdempotentProcessing(meta) => {
            assert_eq!(meta.http_status, 412);
            assert!(meta.request_id.is_some());
        }
        other => panic!("expected IdempotentProcessing, got {other:?}"),
    }

    let c = cvm::Client::new(client(&m.url(), "ap-guangzhou"));
    let e = service_error(
        c.disassociate_security_groups()
            .security_group_ids(["sg-1"])
            .instance_ids(["err:InvalidSecurityGroupId.NotFound"])
            .send()
            .await,
    );
    assert!(
        matches!(
            e,
            cvm::DisassociateSecurityGroupsError::InvalidSecurityGroupIdNotFound(_)
        ),
        "{e:?}"
    );
    let e = service_error(
        c.disassociate_security_groups()
            .security_group_ids(["sg-1"])
            .instance_ids(["err:AuthFailure.SignatureExpire"])
            .send()
            .await,
    );
    match &e {
        cvm::DisassociateSecurityGroupsError::Common(c) => {
            assert_eq!(c.code, "AuthFailure.SignatureExpire");
            assert!(!c.retryable);
        }
        other => panic!("expected Common, got {other:?}"),
    }

    let a = ali::Client::new(client(&m.url(), "cn-hangzhou"));
    let e = service_error(
        a.detach_instance_ram_role()
            .region_id("cn-hangzhou")
            .instance_ids(["err:Some.Undocumented"])
            .send()
            .await,
    );
    match &e {
        ali::DetachInstanceRamRoleError::Unknown {
            code,
            request_id,
            http_status,
            ..
        } => {
            assert_eq!(code, "Some.Undocumented");
            assert!(request_id.is_some());
            assert_eq!(*http_status, 400);
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    let e = service_error(
        a.detach_instance_ram_role()
            .region_id("cn-hangzhou")
            .instance_ids(["err:InvalidUser.PassRoleForbidden"])
            .send()
            .await,
    );
    assert!(
        matches!(e, ali::DetachInstanceRamRoleError::InvalidUserPassRoleForbidden(ref m) if m.http_status == 403),
        "{e:?}"
    );
}

/// A throttled action retried until it succeeds; the idempotency token is the same on every
/// attempt.
async fn throttle_then_success<O: Operation>(seed: Seed) {
    let m = mock();
    let c = builder(&m.url(), seed.region)
        .header(FAIL_FIRST_HEADER, "2")
        .build()
        .expect("client");
    c.execute(typed::<O>(&seed.ok))
        .await
        .unwrap_or_else(|e| panic!("{}: retried to success: {e}", seed.name));
    let log = logged(&m, &seed);
    assert_eq!(
        log.len(),
        3,
        "{}: two throttled attempts and one success",
        seed.name
    );
    for r in &log[..2] {
        assert_eq!(
            r.error_code.as_deref(),
            Some(seed.throttle.0),
            "{}",
            seed.name
        );
        assert_eq!(r.status, seed.throttle.1, "{}", seed.name);
    }
    assert!(log[2].is_success());
    if let Some(token_param) = O::META.idempotency_token {
        let tokens: Vec<Option<&str>> = log
            .iter()
            .map(|r| r.param(token_param).and_then(Value::as_str))
            .collect();
        let first = tokens[0].expect("a token was filled in");
        let parsed = uuid::Uuid::parse_str(first).expect("the token is a UUID");
        assert_eq!(parsed.get_version_num(), 4);
        assert!(
            tokens.iter().all(|t| *t == Some(first)),
            "{}: the same token on every attempt: {tokens:?}",
            seed.name
        );
        // Signatures differ per attempt (fresh timestamp / nonce), parameters do not.
        assert_eq!(log[0].params, log[2].params);
    }

    // Throttled on every attempt: the typed throttling error after max_attempts tries.
    let m = mock();
    let c = builder(&m.url(), seed.region)
        .header(FAIL_FIRST_HEADER, "5")
        .max_attempts(3)
        .build()
        .expect("client");
    let e = service_error(c.execute(typed::<O>(&seed.ok)).await);
    assert_eq!(e.code(), seed.throttle.0);
    assert!(e.is_retryable());
    assert_eq!(
        logged(&m, &seed).len(),
        3,
        "{}: default 3 attempts",
        seed.name
    );
}

#[tokio::test]
async fn throttling_is_retried_with_the_same_client_token() {
    throttle_then_success::<cvm::DisassociateSecurityGroupsRequest>(cvm_seed()).await;
    throttle_then_success::<ecm::DisassociateInstancesKeyPairsRequest>(ecm_seed()).await;
    throttle_then_success::<vpc::DisassociateNetworkInterfaceSecurityGroupsRequest>(vpc_seed())
        .await;
    throttle_then_success::<volc::DeleteKeyPairsRequest>(volc_seed()).await;
    throttle_then_success::<ali::DetachInstanceRamRoleRequest>(ali_seed()).await;
}

#[tokio::test]
async fn caller_token_is_kept_and_internal_errors_are_retried() {
    let m = mock();
    let c = volc::Client::new(
        builder(&m.url(), "cn-beijing")
            .header(FAIL_FIRST_HEADER, "1")
            .header(FAIL_CODE_HEADER, "InternalError")
            .build()
            .expect("client"),
    );
    c.delete_key_pairs()
        .key_pair_names(["k1"])
        .client_token("my-token-1")
        .send()
        .await
        .expect("retried after InternalError");
    let log = m.requests_for("DeleteKeyPairs");
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].error_code.as_deref(), Some("InternalError"));
    assert_eq!(log[0].status, 500);
    assert!(log.iter().all(|r| r.client_token() == Some("my-token-1")));

    // Retries off: one attempt, the typed documented InternalError.
    let m = mock();
    let c = volc::Client::new(
        builder(&m.url(), "cn-beijing")
            .retry(RetryConfig::disabled())
            .header(FAIL_FIRST_HEADER, "1")
            .header(FAIL_CODE_HEADER, "InternalError")
            .build()
            .expect("client"),
    );
    let e = service_error(c.delete_key_pairs().key_pair_names(["k1"]).send().await);
    assert!(
        matches!(e, volc::DeleteKeyPairsError::InternalError(_)),
        "{e:?}"
    );
    assert!(e.is_retryable());
    assert_eq!(m.requests_for("DeleteKeyPairs").len(), 1);

    // Five attempts configured: four throttles then success.
    let m = mock();
    let c = ali::Client::new(
        builder(&m.url(), "cn-hangzhou")
            .max_attempts(5)
            .header(FAIL_FIRST_HEADER, "4")
            .build()
            .expect("client"),
    );
    c.detach_instance_ram_role()
        .region_id("cn-hangzhou")
        .instance_ids(["i-1"])
        .send()
        .await
        .expect("fifth attempt succeeds");
    assert_eq!(m.requests_for("DetachInstanceRamRole").len(), 5);
}

#[tokio::test]
async fn validation_failures_send_nothing() {
    async fn check<O: Operation>(m: &MockHandle, seed: Seed) {
        let c = client(&m.url(), seed.region);
        let r = c.execute(typed::<O>(&seed.invalid)).await;
        match &r {
            Err(SdkError::Validation(v)) => {
                for (param, rule) in seed.broken {
                    assert!(
                        v.iter().any(|e| e.param == *param && e.rule == *rule),
                        "{}: {param} {rule} in {v}",
                        seed.name
                    );
                }
            }
            _ => panic!(
                "{}: expected a validation error, got {}",
                seed.name,
                describe(&r)
            ),
        }
        assert!(m.requests().is_empty(), "{}: nothing sent", seed.name);
    }
    let m = mock();
    check::<cvm::DisassociateSecurityGroupsRequest>(&m, cvm_seed()).await;
    check::<ecm::DisassociateInstancesKeyPairsRequest>(&m, ecm_seed()).await;
    check::<vpc::DisassociateNetworkInterfaceSecurityGroupsRequest>(&m, vpc_seed()).await;
    check::<volc::DeleteKeyPairsRequest>(&m, volc_seed()).await;
    check::<ali::DetachInstanceRamRoleRequest>(&m, ali_seed()).await;

    // Through the generic path too: an unknown parameter is rejected before I/O.
    let c = client(&m.url(), "ap-guangzhou");
    let op =
        runtime::Registered::find(docsdk_clients::OPERATIONS, cvm_seed().name).expect("registered");
    let r = c
        .invoke(
            op,
            json!({"SecurityGroupIds": ["sg-1"], "InstanceIds": ["i"], "Bogus": 1}),
        )
        .await;
    assert!(matches!(r, Err(SdkError::Validation(_))), "{r:?}");
    assert!(m.requests().is_empty());

    // With validation off the same request is sent, and the mock rejects it instead.
    let c = builder(&m.url(), "ap-guangzhou")
        .validation(false)
        .build()
        .expect("client");
    let e = service_error(
        c.execute(typed::<cvm::DisassociateSecurityGroupsRequest>(
            &cvm_seed().invalid,
        ))
        .await,
    );
    assert_eq!(m.requests().len(), 1);
    assert!(!e.code().is_empty());
}

/// The mock's arrival times of `action`'s requests, sorted.
fn arrivals(m: &MockHandle, action: &str) -> Vec<Duration> {
    let mut t: Vec<Duration> = m
        .requests_for(action)
        .iter()
        .map(|r| r.since_start)
        .collect();
    t.sort();
    t
}

async fn burst<O: Operation>(c: &runtime::Client, params: &Value, n: usize) {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (c, input) = (c.clone(), typed::<O>(params));
        set.spawn(async move { c.execute(input).await.map(|_| ()) });
    }
    while let Some(r) = set.join_next().await {
        r.expect("task").expect("call succeeds");
    }
}

#[tokio::test]
async fn documented_rate_limits_space_calls_per_action() {
    let m = mock();
    let c = builder(&m.url(), "ap-guangzhou")
        .rate_limits(RateLimits::documented())
        .build()
        .expect("client");
    // ecm documents 20/s, cvm 10/s: concurrent bursts of each, limited independently.
    let started = SystemTime::now();
    let ecm_params = ecm_seed().ok;
    let cvm_params = cvm_seed().ok;
    tokio::join!(
        burst::<ecm::DisassociateInstancesKeyPairsRequest>(&c, &ecm_params, 8),
        burst::<cvm::DisassociateSecurityGroupsRequest>(&c, &cvm_params, 4),
    );
    for (action, n, gap) in [
        (
            "DisassociateInstancesKeyPairs",
            8,
            Duration::from_millis(50),
        ),
        ("DisassociateSecurityGroups", 4, Duration::from_millis(100)),
    ] {
        let log = m.requests_for(action);
        assert_eq!(log.len(), n);
        // The n-th request cannot reach the mock before (n-1) intervals after the burst
        // began (load only delays it further).
        let last = log.iter().map(|r| r.received_at).max().expect("requests");
        let after = last.duration_since(started).unwrap_or_default();
        assert!(
            after + Duration::from_millis(1) >= gap * (n as u32 - 1),
            "{action}: {n} calls arrived within {after:?}"
        );
        // Spacing as the mock saw it, allowing one interval for transit jitter.
        let t = arrivals(&m, action);
        let span = t[n - 1] - t[0];
        assert!(span >= gap * (n as u32 - 2), "{action}: span {span:?}");
    }
    // Per action, not one shared limiter: the two bursts overlap in time.
    let (e, v) = (
        arrivals(&m, "DisassociateInstancesKeyPairs"),
        arrivals(&m, "DisassociateSecurityGroups"),
    );
    assert!(e[0] < v[3] && v[0] < e[7], "interleaved: {e:?} {v:?}");

    // Off: the same burst is not spaced.
    m.clear_requests();
    let fast = builder(&m.url(), "ap-guangzhou").build().expect("client");
    burst::<ecm::DisassociateInstancesKeyPairsRequest>(&fast, &ecm_params, 8).await;
    let t = arrivals(&m, "DisassociateInstancesKeyPairs");
    assert!(
        t[7] - t[0] < Duration::from_millis(300),
        "{:?}",
        t[7] - t[0]
    );

    // A custom quota for an action the page gives no limit: 50/s → 20 ms apart.
    m.clear_requests();
    let quota = RateQuota::with_period(Duration::from_millis(20))
        .expect("non-zero")
        .allow_burst(NonZeroU32::MIN);
    let custom = builder(&m.url(), "cn-beijing")
        .rate_limits(RateLimits::off().with_action("volcengine.ecs.DeleteKeyPairs", quota))
        .build()
        .expect("client");
    burst::<volc::DeleteKeyPairsRequest>(&custom, &volc_seed().ok, 6).await;
    let t = arrivals(&m, "DeleteKeyPairs");
    assert!(
        t[5] - t[0] >= Duration::from_millis(80),
        "{:?}",
        t[5] - t[0]
    );
}

/// A loopback server answering every connection with `reply(n)` (n = 0-based connection
/// number; `None` drops the connection without answering).
async fn raw_server(
    reply: impl Fn(usize) -> Option<Vec<u8>> + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let reply = Arc::new(reply);
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let reply = reply.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head and the body (Content-Length) before answering.
                loop {
                    let Ok(k) = sock.read(&mut chunk).await else {
                        return;
                    };
                    if k == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..k]);
                    let text = String::from_utf8_lossy(&buf).to_ascii_lowercase();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let len = text
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + len {
                            break;
                        }
                    }
                }
                if let Some(bytes) = reply(n) {
                    let _ = sock.write_all(&bytes).await;
                }
                let _ = sock.shutdown().await;
            });
        }
    });
    (url, count)
}

fn http(status: &str, headers: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\n{headers}Connection: close\r\n\r\n{body}").into_bytes()
}

#[tokio::test]
async fn non_json_and_truncated_bodies_are_clear_errors() {
    async fn check<O: Operation>(seed: Seed) {
        // 502 with an HTML page: retried (5xx), then an error naming the status and the bytes.
        let (url, count) = raw_server(|_| {
            let body = "<html><body>502 Bad Gateway</body></html>";
            Some(http(
                "502 Bad Gateway",
                &format!(
                    "Content-Type: text/html\r\nContent-Length: {}\r\n",
                    body.len()
                ),
                body,
            ))
        })
        .await;
        let c = client(&url, seed.region);
        let r = c.execute(typed::<O>(&seed.ok)).await;
        match &r {
            Err(SdkError::Response { status, message }) => {
                assert_eq!(*status, 502);
                assert!(message.contains("not JSON"), "{message}");
                assert!(message.contains("<html><body>502 Bad Gateway"), "{message}");
            }
            _ => panic!("{}: {}", seed.name, describe(&r)),
        }
        assert_eq!(
            count.load(Ordering::SeqCst),
            3,
            "{}: 5xx retried",
            seed.name
        );

        // 200 with a body that is not JSON: not retried; the first bytes are bounded.
        let (url, count) = raw_server(|_| {
            let body = format!("not json {}", "x".repeat(10_000));
            Some(http(
                "200 OK",
                &format!("Content-Length: {}\r\n", body.len()),
                &body,
            ))
        })
        .await;
        let c = client(&url, seed.region);
        let r = c.execute(typed::<O>(&seed.ok)).await;
        match &r {
            Err(SdkError::Response { status, message }) => {
                assert_eq!(*status, 200);
                assert!(message.contains("\"not json xxx"), "{message}");
                assert!(message.len() < 600, "bounded: {} bytes", message.len());
            }
            _ => panic!("{}: {}", seed.name, describe(&r)),
        }
        assert_eq!(count.load(Ordering::SeqCst), 1);

        // Truncated: the connection closes before Content-Length bytes arrived.
        let (url, _) = raw_server(|_| {
            Some(http(
                "200 OK",
                "Content-Type: application/json\r\nContent-Length: 500\r\n",
                r#"{"Response":{"Request"#,
            ))
        })
        .await;
        let c = client(&url, seed.region);
        let r = c.execute(typed::<O>(&seed.ok)).await;
        match &r {
            Err(SdkError::Response { status, message }) => {
                assert_eq!(*status, 200);
                assert!(message.contains("truncated"), "{message}");
            }
            _ => panic!("{}: {}", seed.name, describe(&r)),
        }
    }
    check::<cvm::DisassociateSecurityGroupsRequest>(cvm_seed()).await;
    check::<ecm::DisassociateInstancesKeyPairsRequest>(ecm_seed()).await;
    check::<vpc::DisassociateNetworkInterfaceSecurityGroupsRequest>(vpc_seed()).await;
    check::<volc::DeleteKeyPairsRequest>(volc_seed()).await;
    check::<ali::DetachInstanceRamRoleRequest>(ali_seed()).await;
}

#[tokio::test]
async fn connection_errors_are_retried() {
    // The first connection is dropped unanswered; the second gets the answer. The action
    // carries an idempotency token, so repeating a request that may have arrived is safe.
    let (url, count) = raw_server(|n| {
        (n > 0).then(|| {
            let body =
                r#"{"ResponseMetadata":{"RequestId":"r-ok"},"Result":{"OperationDetails":[]}}"#;
            http(
                "200 OK",
                &format!("Content-Length: {}\r\n", body.len()),
                body,
            )
        })
    })
    .await;
    let c = volc::Client::new(client(&url, "cn-beijing"));
    c.delete_key_pairs()
        .key_pair_names(["k1"])
        .send()
        .await
        .expect("second attempt answers");
    assert_eq!(count.load(Ordering::SeqCst), 2);

    // Without a token a dropped request is not repeated: it may have been carried out.
    let (url, count) = raw_server(|_| None).await;
    let c = cvm::Client::new(client(&url, "ap-guangzhou"));
    let r = c
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(["ins-1"])
        .send()
        .await;
    assert!(matches!(r, Err(SdkError::Transport(_))), "{r:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);

    // Nobody listening: a transport error after the configured attempts.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let c = cvm::Client::new(client(&format!("http://127.0.0.1:{port}"), "ap-guangzhou"));
    let r = c
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(["ins-1"])
        .send()
        .await;
    assert!(matches!(r, Err(SdkError::Transport(_))), "{r:?}");
}

#[tokio::test]
async fn secrets_never_appear_in_debug_output_or_errors() {
    const SECRET: &str = "sk-VerySecret-0123456789";
    const TOKEN: &str = "sts-token-VerySecret-987";
    let m = mock();
    let creds = Credentials::new(TEST_ACCESS_KEY_ID, SECRET).with_security_token(TOKEN);
    let b = builder(&m.url(), "ap-guangzhou").credentials(creds);
    let c = b.clone().build().expect("client");
    let mut shown = vec![format!("{b:?}"), format!("{c:?}")];
    for seed in [cvm_seed(), volc_seed(), ali_seed()] {
        let region_client = builder(&m.url(), seed.region)
            .credentials(Credentials::new(TEST_ACCESS_KEY_ID, SECRET).with_security_token(TOKEN))
            .build()
            .expect("client");
        let r = match seed.name {
            "tencent.cvm.DisassociateSecurityGroups" => {
                let req = typed::<cvm::DisassociateSecurityGroupsRequest>(&seed.ok);
                shown.push(format!("{:?}", region_client.prepare(&req).expect("signs")));
                shown.push(format!("{req:?}"));
                region_client
                    .execute(req)
                    .await
                    .map(|_| ())
                    .map_err(|e| (format!("{e:?}"), e.to_string()))
            }
            "volcengine.ecs.DeleteKeyPairs" => {
                let req = typed::<volc::DeleteKeyPairsRequest>(&seed.ok);
                shown.push(format!("{:?}", region_client.prepare(&req).expect("signs")));
                region_client
                    .execute(req)
                    .await
                    .map(|_| ())
                    .map_err(|e| (format!("{e:?}"), e.to_string()))
            }
            _ => {
                let req = typed::<ali::DetachInstanceRamRoleRequest>(&seed.ok);
                shown.push(format!("{:?}", region_client.prepare(&req).expect("signs")));
                region_client
                    .execute(req)
                    .await
                    .map(|_| ())
                    .map_err(|e| (format!("{e:?}"), e.to_string()))
            }
        };
        // The mock does not know this secret: a signature error, shown both ways.
        let (debug, display) = r.expect_err("wrong secret is rejected");
        shown.push(debug);
        shown.push(display);
    }
    // A configuration error (no region) and a transport error, too.
    let no_region = runtime::Client::builder()
        .endpoint_url("http://127.0.0.1:9")
        .credentials(Credentials::new(TEST_ACCESS_KEY_ID, SECRET))
        .region_from_env(false)
        .max_attempts(1)
        .build()
        .expect("client");
    let e = no_region
        .execute(typed::<cvm::DisassociateSecurityGroupsRequest>(
            &cvm_seed().ok,
        ))
        .await
        .expect_err("no region");
    shown.push(format!("{e:?} {e}"));
    for text in &shown {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }
    assert!(shown.iter().any(|t| t.contains("<redacted>")));
}

#[test]
fn documented_endpoint_over_https_by_default() {
    // No override here (this test binary never sets DOCSDK_ENDPOINT_URL; see tests/env.rs).
    if std::env::var_os(runtime::ENDPOINT_ENV).is_some() {
        return;
    }
    let c = runtime::Client::builder()
        .region("ap-guangzhou")
        .credentials(Credentials::new("AKID", "s"))
        .build()
        .expect("client");
    let req = c
        .prepare(&typed::<cvm::DisassociateSecurityGroupsRequest>(
            &cvm_seed().ok,
        ))
        .expect("prepares");
    assert_eq!(req.base_url, "https://cvm.intl.tencentcloudapi.com");
    assert_eq!(req.host, "cvm.intl.tencentcloudapi.com");
    let req = c
        .prepare(&typed::<volc::DeleteKeyPairsRequest>(&volc_seed().ok))
        .expect("prepares");
    // Volcengine documents a regional endpoint pattern (ecs.{region}.volcengineapi.com).
    assert_eq!(req.base_url, "https://ecs.ap-guangzhou.volcengineapi.com");
    assert!(req
        .url()
        .starts_with("https://ecs.ap-guangzhou.volcengineapi.com/?"));
    let req = c
        .prepare(&typed::<ali::DetachInstanceRamRoleRequest>(&ali_seed().ok))
        .expect("prepares");
    assert!(req.base_url.starts_with("https://ecs"), "{}", req.base_url);
    // The builder option overrides it, scheme included.
    let c = runtime::Client::builder()
        .endpoint_url("http://127.0.0.1:8080/")
        .region("ap-guangzhou")
        .build()
        .expect("client");
    let req = c
        .prepare(&typed::<cvm::DisassociateSecurityGroupsRequest>(
            &cvm_seed().ok,
        ))
        .expect("prepares");
    assert_eq!(req.base_url, "http://127.0.0.1:8080");
    assert_eq!(req.host, "127.0.0.1:8080");
    assert!(matches!(
        runtime::Client::builder()
            .endpoint_url("127.0.0.1:8080")
            .build(),
        Err(runtime::BuildError::EndpointUrl(_))
    ));
}
