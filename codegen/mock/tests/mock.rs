//! `docsdk mock` over real HTTP on loopback: requests built and signed by hand with
//! docsdk-auth, exactly as each provider's SDK sends them, for the five seed actions.

#[path = "../../tests/common.rs"]
mod common;

use common::*;
use docsdk_auth::credentials::Credentials;
use docsdk_auth::signing::{acs3, acs_rpc, form_urlencode, tc3, volc, SignableRequest, UtcTime};
use docsdk_codegen::load::load_specs;
use docsdk_codegen::spec::Spec;
use docsdk_mock::{
    MockConfig, MockHandle, MockServer, FAIL_CODE_HEADER, FAIL_FIRST_HEADER, TEST_ACCESS_KEY_ID,
    TEST_SECRET,
};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::sync::OnceLock;

fn seed_specs() -> Vec<Spec> {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS
        .get_or_init(|| {
            let dir = specs_dir();
            load_specs(&dir, &dir.join("docs"))
                .expect("seed specs load")
                .specs
        })
        .clone()
}

fn start() -> MockHandle {
    MockServer::start(MockConfig::new(seed_specs())).expect("mock starts")
}

fn good() -> Credentials {
    Credentials::new(TEST_ACCESS_KEY_ID, TEST_SECRET)
}

fn wrong_secret() -> Credentials {
    Credentials::new(TEST_ACCESS_KEY_ID, "not-the-secret")
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[derive(Debug)]
struct Resp {
    status: u16,
    body: Value,
}

impl Resp {
    /// The error code wherever the provider's envelope puts it.
    fn code(&self) -> Option<&str> {
        self.body["Response"]["Error"]["Code"]
            .as_str()
            .or_else(|| self.body["ResponseMetadata"]["Error"]["Code"].as_str())
            .or_else(|| self.body["Code"].as_str())
            .or_else(|| self.body["Error"]["Code"].as_str())
    }

    fn message(&self) -> &str {
        self.body["Response"]["Error"]["Message"]
            .as_str()
            .or_else(|| self.body["ResponseMetadata"]["Error"]["Message"].as_str())
            .or_else(|| self.body["Message"].as_str())
            .or_else(|| self.body["Error"]["Message"].as_str())
            .unwrap_or("")
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

async fn send(method: &str, url: String, headers: &[(String, String)], body: Vec<u8>) -> Resp {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut b = http().request(method, url);
    for (k, v) in headers {
        b = b.header(k.as_str(), v.as_str());
    }
    let resp = b.body(body).send().await.expect("request reaches the mock");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    Resp { status, body }
}

fn url(h: &MockHandle, query: &[(String, String)]) -> String {
    if query.is_empty() {
        format!("{}/", h.url())
    } else {
        format!("{}/?{}", h.url(), form_urlencode(query))
    }
}

// ---- Tencent: POST / with a JSON body, X-TC-* headers, TC3-HMAC-SHA256 ----

#[derive(Clone, Copy)]
struct Tc3 {
    service: &'static str,
    action: &'static str,
    version: &'static str,
    region: Option<&'static str>,
}

const CVM: Tc3 = Tc3 {
    service: "cvm",
    action: "DisassociateSecurityGroups",
    version: "2017-03-12",
    region: Some("ap-guangzhou"),
};
const ECM: Tc3 = Tc3 {
    service: "ecm",
    action: "DisassociateInstancesKeyPairs",
    version: "2019-07-19",
    region: None,
};
const VPC: Tc3 = Tc3 {
    service: "vpc",
    action: "DisassociateNetworkInterfaceSecurityGroups",
    version: "2017-03-12",
    region: Some("ap-shanghai"),
};

fn tc3_signed(
    h: &MockHandle,
    t: &Tc3,
    body: &[u8],
    creds: &Credentials,
    at: UtcTime,
) -> Vec<(String, String)> {
    let host = h.addr().to_string();
    let headers = pairs(&[("Content-Type", "application/json")]);
    let req = SignableRequest {
        method: "POST",
        host: &host,
        path: "/",
        query: &[],
        headers: &headers,
        body,
    };
    let params = tc3::Tc3Params {
        service: t.service,
        timestamp: at,
        unsigned_payload: false,
    };
    let signed = tc3::sign(&req, creds, &params).expect("tc3 signs");
    let mut out = headers;
    out.push(("X-TC-Action".into(), t.action.into()));
    out.push(("X-TC-Version".into(), t.version.into()));
    if let Some(r) = t.region {
        out.push(("X-TC-Region".into(), r.into()));
    }
    out.extend(signed.headers_to_add);
    out
}

async fn tencent_with(h: &MockHandle, t: &Tc3, body: &Value, creds: &Credentials) -> Resp {
    let bytes = body.to_string().into_bytes();
    let headers = tc3_signed(h, t, &bytes, creds, UtcTime::now());
    send("POST", url(h, &[]), &headers, bytes).await
}

async fn tencent(h: &MockHandle, t: &Tc3, body: Value) -> Resp {
    tencent_with(h, t, &body, &good()).await
}

fn cvm_ok() -> Value {
    json!({"SecurityGroupIds": ["sg-9id3l839"], "InstanceIds": ["ins-2zvpghhc", "ins-915zrb0p"]})
}

// ---- Volcengine: GET with Action/Version/Name.N query, HMAC-SHA256 ----

async fn volc_with(
    h: &MockHandle,
    action: &str,
    params: &[(&str, &str)],
    creds: &Credentials,
    extra_headers: &[(&str, &str)],
) -> Resp {
    let mut query = pairs(&[("Action", action), ("Version", "2020-04-01")]);
    query.extend(pairs(params));
    let host = h.addr().to_string();
    let req = SignableRequest::get(&host, &query);
    let p = volc::VolcParams {
        region: "cn-beijing",
        service: "ecs",
        timestamp: UtcTime::now(),
    };
    let signed = volc::sign(&req, creds, &p).expect("volc signs");
    let mut headers = signed.headers_to_add;
    headers.extend(pairs(extra_headers));
    send("GET", url(h, &query), &headers, Vec::new()).await
}

async fn volc(h: &MockHandle, params: &[(&str, &str)]) -> Resp {
    volc_with(h, "DeleteKeyPairs", params, &good(), &[]).await
}

// ---- Alibaba: RPC-style query, ACS3-HMAC-SHA256 (and RPC v1 HMAC-SHA1) ----

async fn acs3_with(
    h: &MockHandle,
    action: &str,
    version: &str,
    params: &[(&str, &str)],
    creds: &Credentials,
    extra_headers: &[(&str, &str)],
) -> Resp {
    let query = pairs(params);
    let host = h.addr().to_string();
    let mut headers = pairs(&[("x-acs-action", action), ("x-acs-version", version)]);
    headers.extend(pairs(extra_headers));
    let req = SignableRequest {
        method: "POST",
        host: &host,
        path: "/",
        query: &query,
        headers: &headers,
        body: b"",
    };
    let nonce = format!("nonce-{:?}", std::time::Instant::now());
    let p = acs3::Acs3Params {
        timestamp: UtcTime::now(),
        signature_nonce: &nonce,
    };
    let signed = acs3::sign(&req, creds, &p).expect("acs3 signs");
    headers.extend(signed.headers_to_add);
    send("POST", url(h, &query), &headers, Vec::new()).await
}

async fn acs3(h: &MockHandle, params: &[(&str, &str)]) -> Resp {
    acs3_with(
        h,
        "DetachInstanceRamRole",
        "2014-05-26",
        params,
        &good(),
        &[],
    )
    .await
}

async fn acs_rpc_with(h: &MockHandle, params: &[(&str, &str)], creds: &Credentials) -> Resp {
    let mut query = pairs(&[
        ("Action", "DetachInstanceRamRole"),
        ("Version", "2014-05-26"),
        ("Format", "JSON"),
    ]);
    query.extend(pairs(params));
    let host = h.addr().to_string();
    let req = SignableRequest::get(&host, &query);
    let nonce = format!("rpc-{:?}", std::time::Instant::now());
    let p = acs_rpc::AcsRpcParams {
        timestamp: UtcTime::now(),
        signature_nonce: &nonce,
    };
    let signed = acs_rpc::sign(&req, creds, &p).expect("rpc signs");
    query.extend(signed.query_to_add);
    send("GET", url(h, &query), &[], Vec::new()).await
}

const ALI_OK: [(&str, &str); 2] = [
    ("RegionId", "cn-hangzhou"),
    (
        "InstanceIds",
        r#"["i-bp67acfmxazb4p01","i-bp67acfmxazb4p02"]"#,
    ),
];

// ---- success ----

#[tokio::test]
async fn every_seed_action_succeeds_in_its_providers_envelope() {
    let h = start();

    for (t, body) in [
        (&CVM, cvm_ok()),
        (
            &ECM,
            json!({"InstanceIds": ["ein-ss23fw23"], "KeyIds": ["skey-3cvmq2vn"], "ForceStop": true}),
        ),
        (
            &VPC,
            json!({"NetworkInterfaceIds": ["eni-12345678"], "SecurityGroupIds": ["sg-12345678"]}),
        ),
    ] {
        let r = tencent(&h, t, body).await;
        assert_eq!(r.status, 200, "{}: {:?}", t.action, r);
        assert!(r.code().is_none(), "{}: {:?}", t.action, r);
        let id = r.body["Response"]["RequestId"].as_str().expect("RequestId");
        assert_eq!(id.len(), 36, "{id}");
        // A fresh id, not the documented example's.
        assert!(![
            "3385dcf2-e1f0-4ed8-a924-c296721ab65f",
            "d40cdb72-7bc0-4b48-b3aa-25e8401f6999"
        ]
        .contains(&id));
    }

    let r = volc(
        &h,
        &[
            ("KeyPairNames.1", "ssh_key_pair1"),
            ("KeyPairNames.2", "ssh_key_pair2"),
            ("ClientToken", "tok-success"),
        ],
    )
    .await;
    assert_eq!(r.status, 200, "{r:?}");
    let meta = &r.body["ResponseMetadata"];
    assert_eq!(meta["Action"], "DeleteKeyPairs");
    assert_eq!(meta["Version"], "2020-04-01");
    assert_eq!(meta["Service"], "ecs");
    assert_eq!(meta["Region"], "cn-beijing");
    assert!(meta.get("Error").is_none(), "{r:?}");
    assert_ne!(meta["RequestId"], "202106111445100102252431000052****");
    // The documented example answer, kept field for field.
    assert_eq!(
        r.body["Result"]["OperationDetails"][1]["Error"]["Code"],
        "InvalidKeyPair.NotFound"
    );

    for r in [
        acs3(&h, &ALI_OK).await,
        acs_rpc_with(&h, &ALI_OK, &good()).await,
    ] {
        assert_eq!(r.status, 200, "{r:?}");
        assert_eq!(r.body["TotalCount"], 1);
        assert_eq!(
            r.body["DetachInstanceRamRoleResults"]["DetachInstanceRamRoleResult"][0]["Success"],
            true
        );
        let id = r.body["RequestId"].as_str().expect("RequestId");
        assert_eq!(id, id.to_ascii_uppercase());
        assert_ne!(id, "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E");
    }

    // The log saw every call, typed by the spec.
    let log = h.requests();
    assert_eq!(log.len(), 6);
    assert!(log.iter().all(|r| r.is_success()));
    let v = &log[3];
    assert_eq!(v.action.as_deref(), Some("DeleteKeyPairs"));
    assert_eq!(
        v.params["KeyPairNames"],
        json!(["ssh_key_pair1", "ssh_key_pair2"])
    );
    assert_eq!(v.client_token(), Some("tok-success"));
    assert_eq!(v.region.as_deref(), Some("cn-beijing"));
    let a = &log[4];
    assert_eq!(
        a.params["InstanceIds"],
        json!(["i-bp67acfmxazb4p01", "i-bp67acfmxazb4p02"])
    );
    assert_eq!(a.region.as_deref(), Some("cn-hangzhou"));
    assert!(a.header("x-acs-signature-nonce").is_some());
    assert!(log.windows(2).all(|w| w[0].since_start <= w[1].since_start));
    assert_eq!(h.requests_for("DisassociateSecurityGroups").len(), 1);
}

// ---- signatures ----

#[tokio::test]
async fn bad_signatures_are_rejected_with_each_providers_auth_error() {
    let h = start();

    let r = tencent_with(&h, &CVM, &cvm_ok(), &wrong_secret()).await;
    assert_eq!(
        (r.status, r.code()),
        (200, Some("AuthFailure.SignatureFailure"))
    );
    let r = volc_with(
        &h,
        "DeleteKeyPairs",
        &[("KeyPairNames.1", "k")],
        &wrong_secret(),
        &[],
    )
    .await;
    assert_eq!((r.status, r.code()), (401, Some("SignatureDoesNotMatch")));
    let r = acs3_with(
        &h,
        "DetachInstanceRamRole",
        "2014-05-26",
        &ALI_OK,
        &wrong_secret(),
        &[],
    )
    .await;
    assert_eq!((r.status, r.code()), (400, Some("SignatureDoesNotMatch")));
    assert!(r.body["HostId"].is_string() && r.body["Recommend"].is_string());
    let r = acs_rpc_with(&h, &ALI_OK, &wrong_secret()).await;
    assert_eq!((r.status, r.code()), (400, Some("SignatureDoesNotMatch")));

    // Unknown access keys.
    let stranger = Credentials::new("AKIDstranger", TEST_SECRET);
    let r = tencent_with(&h, &CVM, &cvm_ok(), &stranger).await;
    assert_eq!(r.code(), Some("AuthFailure.SecretIdNotFound"));
    let r = volc_with(
        &h,
        "DeleteKeyPairs",
        &[("KeyPairNames.1", "k")],
        &stranger,
        &[],
    )
    .await;
    assert_eq!((r.status, r.code()), (401, Some("InvalidAccessKey")));
    let r = acs_rpc_with(&h, &ALI_OK, &stranger).await;
    assert_eq!(
        (r.status, r.code()),
        (404, Some("InvalidAccessKeyId.NotFound"))
    );

    // A body changed after signing.
    let signed_body = cvm_ok().to_string().into_bytes();
    let headers = tc3_signed(&h, &CVM, &signed_body, &good(), UtcTime::now());
    let tampered = json!({"SecurityGroupIds": ["sg-other"], "InstanceIds": ["ins-2zvpghhc"]});
    let r = send(
        "POST",
        url(&h, &[]),
        &headers,
        tampered.to_string().into_bytes(),
    )
    .await;
    assert_eq!(r.code(), Some("AuthFailure.SignatureFailure"), "{r:?}");

    // A signature from an hour ago.
    let old = UtcTime::from_unix_seconds(UtcTime::now().unix_seconds() - 3600);
    let headers = tc3_signed(&h, &CVM, &signed_body, &good(), old);
    let r = send("POST", url(&h, &[]), &headers, signed_body.clone()).await;
    assert_eq!(r.code(), Some("AuthFailure.SignatureExpire"), "{r:?}");

    // No signature at all.
    let unsigned = pairs(&[
        ("Content-Type", "application/json"),
        ("X-TC-Action", CVM.action),
        ("X-TC-Version", CVM.version),
        ("X-TC-Region", "ap-guangzhou"),
    ]);
    let r = send("POST", url(&h, &[]), &unsigned, signed_body.clone()).await;
    assert_eq!(r.code(), Some("AuthFailure.InvalidAuthorization"));
    let r = send(
        "GET",
        url(
            &h,
            &pairs(&[("Action", "DeleteKeyPairs"), ("Version", "2020-04-01")]),
        ),
        &pairs(&[("X-Date", "20240102T030405Z")]),
        Vec::new(),
    )
    .await;
    assert_eq!((r.status, r.code()), (401, Some("MissingSignature")));

    assert!(h.requests().iter().all(|r| !r.is_success()));
}

#[tokio::test]
async fn verification_can_be_switched_off() {
    let h = MockServer::start(MockConfig::new(seed_specs()).verify_signatures(false))
        .expect("mock starts");
    let r = send(
        "POST",
        url(&h, &[]),
        &pairs(&[
            ("Content-Type", "application/json"),
            ("X-TC-Action", ECM.action),
            ("X-TC-Version", ECM.version),
        ]),
        json!({"InstanceIds": ["ein-1"], "KeyIds": ["skey-1"]})
            .to_string()
            .into_bytes(),
    )
    .await;
    assert_eq!((r.status, r.code()), (200, None), "{r:?}");
    // Unsigned Alibaba RPC is recognised by its action alone.
    let mut q = pairs(&[
        ("Action", "DetachInstanceRamRole"),
        ("Version", "2014-05-26"),
    ]);
    q.extend(pairs(&ALI_OK));
    let r = send("GET", url(&h, &q), &[], Vec::new()).await;
    assert_eq!((r.status, r.code()), (200, None), "{r:?}");
}

// ---- missing parameters ----

#[tokio::test]
async fn missing_required_parameters_name_the_parameter() {
    let h = start();

    let r = tencent(&h, &CVM, json!({"SecurityGroupIds": ["sg-1"]})).await;
    assert_eq!((r.status, r.code()), (200, Some("MissingParameter")));
    assert!(r.message().contains("InstanceIds"), "{}", r.message());

    let no_region = Tc3 {
        region: None,
        ..CVM
    };
    let r = tencent(&h, &no_region, cvm_ok()).await;
    assert_eq!(r.code(), Some("MissingParameter"));
    assert!(r.message().contains("X-TC-Region"), "{}", r.message());

    // Volcengine documents its own code for this parameter; the mock uses it.
    let r = volc(&h, &[("ClientToken", "t")]).await;
    assert_eq!(
        (r.status, r.code()),
        (400, Some("MissingParameter.KeyPairNames"))
    );
    assert!(r.message().contains("KeyPairNames"));

    let r = acs3(&h, &[("RegionId", "cn-hangzhou")]).await;
    assert_eq!((r.status, r.code()), (400, Some("MissingParameter")));
    assert!(r.message().contains("InstanceIds"), "{}", r.message());
}

// ---- err:<Code> ----

#[tokio::test]
async fn err_values_answer_with_the_documented_error_and_status() {
    let h = start();

    // Documented, with a documented status and message.
    let r = volc(&h, &[("KeyPairNames.1", "err:IdempotentProcessing")]).await;
    assert_eq!((r.status, r.code()), (412, Some("IdempotentProcessing")));
    assert!(r.message().contains("still in process"), "{}", r.message());
    assert_eq!(r.body["ResponseMetadata"]["Action"], "DeleteKeyPairs");

    // Inside a JSON-array string.
    let r = acs3(
        &h,
        &[
            ("RegionId", "cn-hangzhou"),
            ("InstanceIds", r#"["i-1","err:InvalidInstanceId.NotFound"]"#),
        ],
    )
    .await;
    assert_eq!(
        (r.status, r.code()),
        (404, Some("InvalidInstanceId.NotFound"))
    );
    assert_eq!(r.message(), "The specified instanceId does not exist.");

    // Tencent: documented code, HTTP 200 as always.
    let r = tencent(
        &h,
        &CVM,
        json!({"SecurityGroupIds": ["sg-1"], "InstanceIds": ["err:InvalidInstanceId.NotFound"]}),
    )
    .await;
    assert_eq!(
        (r.status, r.code()),
        (200, Some("InvalidInstanceId.NotFound"))
    );
    assert_eq!(r.message(), "No instance found.");

    // Undocumented common codes get the provider's usual status.
    let r = tencent(
        &h,
        &VPC,
        json!({"NetworkInterfaceIds": ["err:RequestLimitExceeded"], "SecurityGroupIds": ["sg-1"]}),
    )
    .await;
    assert_eq!((r.status, r.code()), (200, Some("RequestLimitExceeded")));
    let r = volc(
        &h,
        &[("KeyPairNames.1", "k"), ("ClientToken", "err:Throttling")],
    )
    .await;
    assert_eq!((r.status, r.code()), (429, Some("Throttling")));
    let r = acs3(
        &h,
        &[
            ("RegionId", "err:InternalError"),
            ("InstanceIds", r#"["i-1"]"#),
        ],
    )
    .await;
    assert_eq!((r.status, r.code()), (500, Some("InternalError")));
    let r = acs3(
        &h,
        &[
            ("RegionId", "cn-hangzhou"),
            ("InstanceIds", r#"["i-1"]"#),
            ("RamRoleName", "err:Forbidden.RAM"),
        ],
    )
    .await;
    assert_eq!((r.status, r.code()), (400, Some("Forbidden.RAM")));
}

#[tokio::test]
async fn item_scoped_codes_fail_one_batch_item_not_the_call() {
    let h = start();
    // Volcengine documents InvalidKeyPair.InUse per batch item (`Error` member of each
    // OperationDetails entry).
    let r = volc(
        &h,
        &[
            ("KeyPairNames.1", "kp-ok"),
            ("KeyPairNames.2", "err:InvalidKeyPair.InUse"),
        ],
    )
    .await;
    assert_eq!((r.status, r.code()), (200, None), "{r:?}");
    let details = &r.body["Result"]["OperationDetails"];
    assert_eq!(details[0]["KeyPairName"], "kp-ok");
    assert!(details[0]["Error"].is_null());
    assert_eq!(details[1]["Error"]["Code"], "InvalidKeyPair.InUse");
    assert_eq!(
        details[1]["Error"]["Message"],
        "The specified KeyPair is in use."
    );
    assert_eq!(details.as_array().map(Vec::len), Some(2));
    // The same code on a non-list parameter cannot fail an item: the call fails.
    let r = volc(
        &h,
        &[
            ("KeyPairNames.1", "k"),
            ("ClientToken", "err:FlowLimitExceeded"),
        ],
    )
    .await;
    assert_eq!((r.status, r.code()), (429, Some("FlowLimitExceeded")));

    // Alibaba-style items carry Code/Message/Success themselves; counters follow.
    let mut specs = seed_specs();
    let ali = specs
        .iter_mut()
        .find(|s| s.action.name == "DetachInstanceRamRole")
        .expect("seed");
    ali.errors.push(docsdk_codegen::spec::ErrorCode {
        code: "InvalidInstanceId.NotAttached".into(),
        http_status: None,
        message: "The instance has no RAM role attached.".into(),
        description: String::new(),
        scope: Some(docsdk_codegen::spec::ErrorScope::Item),
        line: None,
    });
    let h = MockServer::start(MockConfig::new(specs)).expect("mock");
    let r = acs3(
        &h,
        &[
            ("RegionId", "cn-hangzhou"),
            (
                "InstanceIds",
                r#"["i-1","err:InvalidInstanceId.NotAttached","i-3"]"#,
            ),
        ],
    )
    .await;
    assert_eq!((r.status, r.code()), (200, None), "{r:?}");
    let items = &r.body["DetachInstanceRamRoleResults"]["DetachInstanceRamRoleResult"];
    assert_eq!(items.as_array().map(Vec::len), Some(3));
    assert_eq!(items[0]["InstanceId"], "i-1");
    assert_eq!(items[0]["Success"], true);
    assert_eq!(items[1]["Code"], "InvalidInstanceId.NotAttached");
    assert_eq!(items[1]["Success"], false);
    assert_eq!(items[2]["InstanceId"], "i-3");
    assert_eq!(
        (r.body["TotalCount"].as_i64(), r.body["FailCount"].as_i64()),
        (Some(3), Some(1))
    );
}

// ---- validation ----

#[tokio::test]
async fn constraint_violations_are_rejected_naming_parameter_and_rule() {
    let h = start();

    // "Only one security group can be disassociated."
    let r = tencent(
        &h,
        &CVM,
        json!({"SecurityGroupIds": ["sg-1", "sg-2"], "InstanceIds": ["ins-1"]}),
    )
    .await;
    assert_eq!(r.code(), Some("InvalidParameterValue.LimitExceeded"));
    assert!(
        r.message().contains("SecurityGroupIds") && r.message().contains("Only one security group"),
        "{}",
        r.message()
    );
    // Types: a boolean sent as a string, a list sent as a string, an unknown parameter.
    let r = tencent(
        &h,
        &ECM,
        json!({"InstanceIds": ["ein-1"], "KeyIds": ["skey-1"], "ForceStop": "yes"}),
    )
    .await;
    assert_eq!(r.code(), Some("InvalidParameter"));
    assert!(r.message().contains("ForceStop"));
    let r = tencent(
        &h,
        &ECM,
        json!({"InstanceIds": "ein-1", "KeyIds": ["skey-1"]}),
    )
    .await;
    assert_eq!(r.code(), Some("InvalidParameter"));
    let r = tencent(
        &h,
        &ECM,
        json!({"InstanceIds": ["ein-1"], "KeyIds": ["skey-1"], "Bogus": 1}),
    )
    .await;
    assert_eq!(r.code(), Some("UnknownParameter"));
    assert!(r.message().contains("Bogus"));

    // Volcengine: ASCII-only and max length on ClientToken (answered with the code the page
    // documents for a malformed ClientToken), max items on KeyPairNames.
    let r = volc(&h, &[("KeyPairNames.1", "k"), ("ClientToken", "令牌")]).await;
    assert_eq!(
        (r.status, r.code()),
        (400, Some("InvalidClientToken.Malformed"))
    );
    assert!(r.message().contains("ClientToken") && r.message().contains("ASCII"));
    let long = "t".repeat(65);
    let r = volc(&h, &[("KeyPairNames.1", "k"), ("ClientToken", &long)]).await;
    assert_eq!(
        (r.status, r.code()),
        (400, Some("InvalidClientToken.Malformed"))
    );
    assert!(r.message().contains("at most 64"), "{}", r.message());
    let many: Vec<(String, String)> = (1..=101)
        .map(|i| (format!("KeyPairNames.{i}"), format!("k{i}")))
        .collect();
    let many_ref: Vec<(&str, &str)> = many.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = volc(&h, &many_ref).await;
    assert_eq!(
        (r.status, r.code()),
        (400, Some("LimitExceeded.MaximumKeyPairNames"))
    );
    // Items are numbered from 1.
    let r = volc(&h, &[("KeyPairNames.0", "k")]).await;
    assert_eq!((r.status, r.code()), (400, Some("InvalidParameter")));
    assert!(r.message().contains("KeyPairNames.N"), "{}", r.message());

    // Alibaba: the JSON-array string must parse and hold at most 100 ids.
    let r = acs3(
        &h,
        &[("RegionId", "cn-hangzhou"), ("InstanceIds", "i-1,i-2")],
    )
    .await;
    assert_eq!(
        (r.status, r.code()),
        (400, Some("InvalidInstanceIds.Malformed"))
    );
    let ids: Vec<String> = (0..101).map(|i| format!("i-{i}")).collect();
    let ids = serde_json::to_string(&ids).expect("json");
    let r = acs3(&h, &[("RegionId", "cn-hangzhou"), ("InstanceIds", &ids)]).await;
    assert_eq!((r.status, r.code()), (400, Some("InvalidParameter")));
    assert!(r.message().contains("101 items"), "{}", r.message());
}

// ---- routing ----

#[tokio::test]
async fn unknown_actions_and_versions_get_the_providers_error() {
    let h = start();
    let nope = Tc3 {
        action: "RunInstances",
        ..CVM
    };
    let r = tencent(&h, &nope, json!({})).await;
    assert_eq!((r.status, r.code()), (200, Some("InvalidAction")));
    let old = Tc3 {
        version: "2000-01-01",
        ..CVM
    };
    let r = tencent(&h, &old, cvm_ok()).await;
    assert_eq!(r.code(), Some("NoSuchVersion"));
    let r = volc_with(&h, "RunInstances", &[], &good(), &[]).await;
    assert_eq!((r.status, r.code()), (404, Some("InvalidActionOrVersion")));
    let r = acs3_with(&h, "RunInstances", "2014-05-26", &[], &good(), &[]).await;
    assert_eq!((r.status, r.code()), (404, Some("InvalidAction.NotFound")));
}

#[tokio::test]
async fn malformed_requests_get_clear_errors_and_the_server_keeps_serving() {
    let h = start();
    // Nothing that says which cloud.
    let r = send("GET", format!("{}/anything", h.url()), &[], Vec::new()).await;
    assert_eq!((r.status, r.code()), (400, Some("UnrecognizedRequest")));
    // A signed body that is not JSON.
    let garbage = b"{not json".to_vec();
    let headers = tc3_signed(&h, &CVM, &garbage, &good(), UtcTime::now());
    let r = send("POST", url(&h, &[]), &headers, garbage).await;
    assert_eq!(r.code(), Some("InvalidParameter"));
    assert!(r.message().contains("not JSON"), "{}", r.message());
    // A query that does not decode, and a nonsense Authorization.
    let r = send(
        "GET",
        format!("{}/?Action=DeleteKeyPairs&Version=%ZZ", h.url()),
        &pairs(&[("Authorization", "HMAC-SHA256 garbage")]),
        Vec::new(),
    )
    .await;
    assert_eq!((r.status, r.code()), (400, Some("InvalidParameter")));
    let r = send(
        "GET",
        url(
            &h,
            &pairs(&[("Action", "DeleteKeyPairs"), ("Version", "2020-04-01")]),
        ),
        &pairs(&[(
            "Authorization",
            "HMAC-SHA256 Credential=a/b, SignedHeaders=, Signature=x",
        )]),
        Vec::new(),
    )
    .await;
    assert_eq!((r.status, r.code()), (400, Some("InvalidAuthorization")));

    // Raw bytes that are not HTTP at all.
    let mut s = std::net::TcpStream::connect(h.addr()).expect("connect");
    s.write_all(b"\x00\x01garbage\r\n\r\n").expect("write");
    let mut sink = Vec::new();
    let _ = s.read_to_end(&mut sink);

    let r = tencent(&h, &CVM, cvm_ok()).await;
    assert_eq!((r.status, r.code()), (200, None), "{r:?}");
}

// ---- fail first N ----

#[tokio::test]
async fn fail_first_n_then_succeed_keyed_by_client_token() {
    let h = start();
    let fail2 = [(FAIL_FIRST_HEADER, "2")];
    let call = |token: &'static str| {
        let h = &h;
        async move {
            volc_with(
                h,
                "DeleteKeyPairs",
                &[("KeyPairNames.1", "k"), ("ClientToken", token)],
                &good(),
                &fail2,
            )
            .await
        }
    };
    let statuses = [
        call("tok-a").await,
        call("tok-a").await,
        call("tok-b").await,
        call("tok-a").await,
    ]
    .map(|r| (r.status, r.code().map(str::to_string)));
    assert_eq!(
        statuses,
        [
            (429, Some("FlowLimitExceeded".into())),
            (429, Some("FlowLimitExceeded".into())),
            // Another token has its own count.
            (429, Some("FlowLimitExceeded".into())),
            (200, None),
        ]
    );
    let log = h.requests_for("DeleteKeyPairs");
    let tokens: Vec<_> = log.iter().map(|r| r.client_token()).collect();
    assert_eq!(
        tokens,
        [Some("tok-a"), Some("tok-a"), Some("tok-b"), Some("tok-a")]
    );
    assert!(log[0].since_start <= log[1].since_start);

    // Tencent's throttling error comes with HTTP 200; a chosen code works too.
    let body = cvm_ok().to_string().into_bytes();
    let mut headers = tc3_signed(&h, &CVM, &body, &good(), UtcTime::now());
    headers.push((FAIL_FIRST_HEADER.into(), "1".into()));
    let r = send("POST", url(&h, &[]), &headers, body.clone()).await;
    assert_eq!((r.status, r.code()), (200, Some("RequestLimitExceeded")));
    let r = send("POST", url(&h, &[]), &headers, body).await;
    assert_eq!((r.status, r.code()), (200, None));

    let with_code = [
        (FAIL_FIRST_HEADER, "1"),
        (FAIL_CODE_HEADER, "InternalError"),
    ];
    let r = acs3_with(
        &h,
        "DetachInstanceRamRole",
        "2014-05-26",
        &ALI_OK,
        &good(),
        &with_code,
    )
    .await;
    assert_eq!((r.status, r.code()), (500, Some("InternalError")));
    let r = acs3_with(
        &h,
        "DetachInstanceRamRole",
        "2014-05-26",
        &ALI_OK,
        &good(),
        &with_code,
    )
    .await;
    assert_eq!((r.status, r.code()), (200, None));

    // The config applies it to every key.
    let all = MockServer::start(MockConfig::new(seed_specs()).with_fail_first(1)).expect("mock");
    let r = acs3(&all, &ALI_OK).await;
    assert_eq!((r.status, r.code()), (429, Some("Throttling")));
    let r = acs3(&all, &ALI_OK).await;
    assert_eq!(r.status, 200);
}

// ---- synthesized answers ----

#[tokio::test]
async fn actions_without_an_example_answer_every_documented_field() {
    let mut specs = seed_specs();
    for s in &mut specs {
        s.examples.clear();
    }
    let h = MockServer::start(MockConfig::new(specs)).expect("mock");
    let r = acs3(&h, &ALI_OK).await;
    assert_eq!(r.status, 200, "{r:?}");
    let b = &r.body;
    assert!(b["TotalCount"].is_i64(), "{b}");
    assert!(b["FailCount"].is_i64());
    assert_eq!(b["RamRoleName"], "RamRoleTest");
    let item = &b["DetachInstanceRamRoleResults"]["DetachInstanceRamRoleResult"][0];
    assert_eq!(item["Success"], true);
    assert!(item["InstanceRamRoleSets"]["InstanceRamRoleSet"][0]["InstanceId"].is_string());
    assert!(b["RequestId"].is_string());

    let r = volc(&h, &[("KeyPairNames.1", "k")]).await;
    let details = &r.body["Result"]["OperationDetails"];
    assert!(details[0]["KeyPairName"].is_string(), "{}", r.body);
    assert!(details[0]["Error"]["Code"].is_string());
}
