//! The generated clients against a local HTTP server: wire shapes per provider, envelopes,
//! typed errors, and validation before any I/O.

use docsdk_clients::alibaba::ecs::v20140526 as ali;
use docsdk_clients::runtime::{self, credentials::Credentials, SdkError};
use docsdk_clients::tencent::cvm::v20170312 as cvm;
use docsdk_clients::volcengine::ecs::v20200401 as volc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn query(&self) -> Vec<(String, String)> {
        let q = self.target.split_once('?').map(|x| x.1).unwrap_or("");
        runtime::signing::form_urldecode(q).expect("query decodes")
    }
}

/// Serves one request with `status` and `body`; returns the base URL and what it saw.
async fn serve_once(status: u16, body: &'static str) -> (String, tokio::task::JoinHandle<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.expect("accept");
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            let n = sock.read(&mut chunk).await.expect("read");
            assert!(n > 0, "connection closed before headers");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break pos + 4;
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
        let mut lines = head.split("\r\n");
        let first = lines.next().unwrap_or_default().to_string();
        let mut parts = first.split(' ');
        let method = parts.next().unwrap_or_default().to_string();
        let target = parts.next().unwrap_or_default().to_string();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + len {
            let n = sock.read(&mut chunk).await.expect("read body");
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let seen_body = String::from_utf8_lossy(&buf[head_end..]).to_string();
        let reply = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        sock.write_all(reply.as_bytes()).await.expect("write");
        sock.shutdown().await.ok();
        Seen {
            method,
            target,
            headers,
            body: seen_body,
        }
    });
    (url, task)
}

fn client(url: &str, region: Option<&str>, creds: bool) -> runtime::Client {
    // One attempt: the one-shot server answers once.
    let mut b = runtime::Client::builder()
        .endpoint_url(url)
        .credentials_from_env(false)
        .region_from_env(false)
        .max_attempts(1);
    if let Some(r) = region {
        b = b.region(r);
    }
    if creds {
        b = b.credentials(Credentials::new("AKIDEXAMPLE", "secret"));
    }
    b.build().expect("client")
}

#[tokio::test]
async fn tencent_posts_json_and_unwraps_response() {
    let (url, seen) = serve_once(200, r#"{"Response":{"RequestId":"req-1"}}"#).await;
    let c = cvm::Client::new(client(&url, Some("ap-guangzhou"), true));
    let out = c
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(vec!["ins-1".to_string(), "ins-2".to_string()])
        .send()
        .await
        .expect("call succeeds");
    assert_eq!(out.request_id, "req-1");
    let seen = seen.await.expect("server");
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.header("X-TC-Action"),
        Some("DisassociateSecurityGroups")
    );
    assert_eq!(seen.header("X-TC-Version"), Some("2017-03-12"));
    assert_eq!(seen.header("X-TC-Region"), Some("ap-guangzhou"));
    assert!(seen
        .header("Authorization")
        .is_some_and(|a| a.starts_with("TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/")));
    let body: serde_json::Value = serde_json::from_str(&seen.body).expect("json body");
    assert_eq!(
        body,
        serde_json::json!({"SecurityGroupIds": ["sg-1"], "InstanceIds": ["ins-1", "ins-2"]})
    );
}

#[tokio::test]
async fn tencent_error_becomes_typed_variant_with_request_id() {
    let (url, _seen) = serve_once(
        200,
        r#"{"Response":{"Error":{"Code":"InvalidInstanceId.NotFound","Message":"no such instance"},"RequestId":"req-2"}}"#,
    )
    .await;
    let c = cvm::Client::new(client(&url, Some("ap-guangzhou"), false));
    let err = c
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(["ins-1"])
        .send()
        .await
        .expect_err("service error");
    let e = err.service_error().expect("typed service error");
    assert!(matches!(
        e,
        cvm::DisassociateSecurityGroupsError::InvalidInstanceIdNotFound(_)
    ));
    assert_eq!(e.code(), "InvalidInstanceId.NotFound");
    assert_eq!(e.message(), "no such instance");
    assert_eq!(e.request_id(), Some("req-2"));
    assert!(!e.is_retryable());
    let shown = e.to_string();
    assert!(
        shown.contains("InvalidInstanceId.NotFound") && shown.contains("req-2"),
        "{shown}"
    );
}

#[tokio::test]
async fn common_and_unknown_codes() {
    let (url, _s) = serve_once(
        200,
        r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"r3"}}"#,
    )
    .await;
    let c = cvm::Client::new(client(&url, Some("ap-guangzhou"), false));
    let err = c
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(["ins-1"])
        .send()
        .await
        .expect_err("throttled");
    let e = err.service_error().expect("typed");
    assert!(matches!(e, cvm::DisassociateSecurityGroupsError::Common(_)));
    assert!(e.is_retryable());

    let (url, _s) = serve_once(
        200,
        r#"{"Response":{"Error":{"Code":"Brand.New","Message":"?"},"RequestId":"r4"}}"#,
    )
    .await;
    let c = cvm::Client::new(client(&url, Some("ap-guangzhou"), false));
    let err = c
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(["ins-1"])
        .send()
        .await
        .expect_err("unknown");
    match err.service_error() {
        Some(cvm::DisassociateSecurityGroupsError::Unknown {
            code,
            message,
            request_id,
            ..
        }) => {
            assert_eq!(code, "Brand.New");
            assert_eq!(message, "?");
            assert_eq!(request_id.as_deref(), Some("r4"));
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
}

#[tokio::test]
async fn volcengine_sends_one_based_query_and_reads_result() {
    let (url, seen) = serve_once(
        200,
        r#"{"ResponseMetadata":{"RequestId":"v1"},"Result":{"OperationDetails":[{"KeyPairName":"a","Error":null},{"KeyPairName":"b","Error":{"Code":"InvalidKeyPair.InUse","Message":"busy"}}]}}"#,
    )
    .await;
    let c = volc::Client::new(client(&url, Some("cn-beijing"), true));
    let out = c
        .delete_key_pairs()
        .key_pair_names(["a", "b"])
        .client_token("tok-1")
        .send()
        .await
        .expect("ok");
    assert_eq!(out.operation_details.len(), 2);
    assert_eq!(out.operation_details[0].error, None);
    let item = out.operation_details[1].error.as_ref().expect("item error");
    assert_eq!(
        item.code,
        Some(volc::delete_key_pairs::DeleteKeyPairsItemError::InvalidKeyPairInUse)
    );
    let seen = seen.await.expect("server");
    assert_eq!(seen.method, "GET");
    let q = seen.query();
    for pair in [
        ("Action", "DeleteKeyPairs"),
        ("Version", "2020-04-01"),
        ("KeyPairNames.1", "a"),
        ("KeyPairNames.2", "b"),
        ("ClientToken", "tok-1"),
    ] {
        assert!(
            q.contains(&(pair.0.to_string(), pair.1.to_string())),
            "{pair:?} missing from {q:?}"
        );
    }
    assert!(seen
        .header("Authorization")
        .is_some_and(|a| a.contains("/cn-beijing/ecs/request")));
}

#[tokio::test]
async fn alibaba_sends_json_array_and_maps_http_errors() {
    let (url, seen) = serve_once(
        404,
        r#"{"RequestId":"a1","Code":"InvalidInstanceId.NotFound","Message":"The specified instanceId does not exist."}"#,
    )
    .await;
    let c = ali::Client::new(client(&url, Some("cn-hangzhou"), true));
    let err = c
        .detach_instance_ram_role()
        .region_id("cn-hangzhou")
        .instance_ids(["i-1", "i-2"])
        .send()
        .await
        .expect_err("404");
    let e = err.service_error().expect("typed");
    assert!(matches!(
        e,
        ali::DetachInstanceRamRoleError::InvalidInstanceIdNotFound(_)
    ));
    assert_eq!(e.http_status(), 404);
    assert_eq!(e.request_id(), Some("a1"));
    let seen = seen.await.expect("server");
    let q = seen.query();
    assert!(
        q.contains(&("InstanceIds".to_string(), r#"["i-1","i-2"]"#.to_string())),
        "{q:?}"
    );
    assert!(q.contains(&("RegionId".to_string(), "cn-hangzhou".to_string())));
    assert!(seen
        .header("Authorization")
        .is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256")));
}

#[tokio::test]
async fn alibaba_wrapped_lists_deserialize() {
    let (url, _seen) = serve_once(
        200,
        r#"{"RequestId":"a2","TotalCount":1,"FailCount":0,"DetachInstanceRamRoleResults":{"DetachInstanceRamRoleResult":[{"Code":"200","InstanceId":"i-1","Success":true,"InstanceRamRoleSets":{"InstanceRamRoleSet":[{"RamRoleName":"r","InstanceId":"i-1"}]}}]}}"#,
    )
    .await;
    let c = ali::Client::new(client(&url, Some("cn-hangzhou"), false));
    let out = c
        .detach_instance_ram_role()
        .region_id("cn-hangzhou")
        .instance_ids(["i-1"])
        .send()
        .await
        .expect("ok");
    assert_eq!(out.total_count, 1);
    let r = &out.detach_instance_ram_role_results[0];
    assert!(r.success);
    assert_eq!(r.instance_ram_role_sets[0].ram_role_name, "r");
}

#[tokio::test]
async fn validation_reports_every_violation_before_io() {
    // No server: validation must fail first.
    let c = volc::Client::new(client("http://127.0.0.1:9", Some("cn-beijing"), false));
    let names: Vec<String> = (0..101).map(|i| format!("k{i}")).collect();
    let err = c
        .delete_key_pairs()
        .key_pair_names(names)
        .client_token("é".repeat(65))
        .send()
        .await
        .expect_err("invalid");
    let SdkError::Validation(v) = err else {
        panic!("expected validation error, got {err:?}");
    };
    let rules: Vec<(&str, &str)> = v.iter().map(|e| (e.param.as_str(), e.rule)).collect();
    assert_eq!(
        rules,
        vec![
            ("KeyPairNames", "max_items"),
            ("ClientToken", "max_length"),
            ("ClientToken", "ascii_only")
        ]
    );
    assert!(v.0.iter().all(|e| !e.evidence.is_empty()));

    let missing = cvm::DisassociateSecurityGroupsRequest::builder()
        .build()
        .expect_err("required params missing");
    let params: Vec<&str> = missing.iter().map(|e| e.param.as_str()).collect();
    assert_eq!(params, vec!["SecurityGroupIds", "InstanceIds"]);
    assert!(missing.to_string().contains("SecurityGroupIds"));
}

#[tokio::test]
async fn validation_can_be_turned_off() {
    let (url, seen) = serve_once(200, r#"{"Response":{"RequestId":"x"}}"#).await;
    let rt = runtime::Client::builder()
        .endpoint_url(&url)
        .region("ap-guangzhou")
        .credentials_from_env(false)
        .validation(false)
        .build()
        .expect("client");
    let c = cvm::Client::new(rt);
    c.disassociate_security_groups()
        .security_group_ids(["sg-1", "sg-2"])
        .send()
        .await
        .expect("sent despite two groups and no instances");
    let seen = seen.await.expect("server");
    assert!(seen.body.contains("sg-2"));
}

#[test]
fn requests_deserialize_from_plain_json_params() {
    let req: ali::DetachInstanceRamRoleRequest = serde_json::from_value(serde_json::json!({
        "RegionId": "cn-hangzhou",
        "InstanceIds": ["i-1"]
    }))
    .expect("plain params");
    assert_eq!(req.instance_ids, vec!["i-1".to_string()]);
    let unknown = serde_json::from_value::<ali::DetachInstanceRamRoleRequest>(
        serde_json::json!({"RegionID": "typo"}),
    );
    assert!(unknown.is_err(), "unknown parameters are rejected");
}
