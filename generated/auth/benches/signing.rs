//! Cost of each signer on a typical request, and of each scheme's bare HMAC chain.
//!
//! `cargo bench -p docsdk-clients --bench signing`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use docsdk_auth::credentials::Credentials;
use docsdk_auth::signing::{acs3, acs_rpc, tc3, volc, SignableRequest, UtcTime};

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

const TIME: UtcTime = UtcTime::from_unix_seconds(1_704_164_645);
const STRING_TO_SIGN: &str = "HMAC-SHA256\n20240102T030405Z\n20240102/cn-beijing/ecs/request\nbf4969223e6894198cdedc6198576708fabb5a92cf1fbd93164e38fe7bd1098c";

fn signers(c: &mut Criterion) {
    let mut g = c.benchmark_group("sign");

    let tc3_headers = pairs(&[
        ("Content-Type", "application/json"),
        ("Host", "cvm.tencentcloudapi.com"),
        ("X-TC-Action", "DescribeInstances"),
        ("X-TC-Version", "2017-03-12"),
        ("X-TC-Region", "ap-guangzhou"),
    ]);
    let tc3_body = br#"{"Filters": [{"Name": "instance-name", "Values": ["web server *1*", "~tmp/a b"]}], "Offset": 0, "Limit": 20}"#;
    let tc3_creds = Credentials::new("AKIDdevEXAMPLE", "devSecretKeyEXAMPLE");
    let tc3_req = SignableRequest {
        method: "POST",
        host: "cvm.tencentcloudapi.com",
        path: "/",
        query: &[],
        headers: &tc3_headers,
        body: tc3_body,
    };
    let tc3_params = tc3::Tc3Params {
        service: "cvm",
        timestamp: TIME,
        unsigned_payload: false,
    };
    g.bench_function("tc3/post_json", |b| {
        b.iter(|| tc3::sign(black_box(&tc3_req), &tc3_creds, &tc3_params))
    });
    // The clients' per-call form: same signature, no intermediates kept.
    g.bench_function("tc3/post_json/authorize", |b| {
        b.iter(|| tc3::authorize(black_box(&tc3_req), &tc3_creds, &tc3_params))
    });

    let volc_query = pairs(&[
        ("KeyPairNames.1", "kp-alpha"),
        ("KeyPairNames.2", "kp beta"),
        ("KeyPairNames.3", "kp*gamma~/δ"),
        ("Action", "DeleteKeyPairs"),
        ("Version", "2020-04-01"),
    ]);
    let volc_headers = pairs(&[
        ("Accept", "application/json"),
        ("Content-Type", "text/plain"),
        ("User-Agent", "docsdk"),
        (
            "X-Sdk-Invocation-Id",
            "11111111-2222-4333-8444-555555555555",
        ),
        ("Host", "open.volcengineapi.com"),
    ]);
    let volc_creds = Credentials::new("AKLTdevEXAMPLE", "devSecretEXAMPLE");
    g.bench_function("volc/get_query", |b| {
        let req = SignableRequest {
            method: "GET",
            host: "open.volcengineapi.com",
            path: "/",
            query: &volc_query,
            headers: &volc_headers,
            body: b"",
        };
        let params = volc::VolcParams {
            region: "cn-beijing",
            service: "ecs",
            timestamp: TIME,
        };
        b.iter(|| volc::sign(black_box(&req), &volc_creds, &params))
    });

    let acs_query = pairs(&[
        (
            "InstanceIds",
            r#"["i-bp67acfmxazb4ph1", "i-bp67acfmxazb4ph2"]"#,
        ),
        ("RamRoleName", "EcsRamRoleDev"),
        ("RegionId", "cn-hangzhou"),
    ]);
    let acs3_headers = pairs(&[
        ("host", "ecs-cn-hangzhou.aliyuncs.com"),
        ("x-acs-version", "2014-05-26"),
        ("x-acs-action", "DetachInstanceRamRole"),
        ("user-agent", "docsdk"),
        ("accept", "application/json"),
    ]);
    let acs_creds = Credentials::new("LTAIdevEXAMPLE", "devSecretEXAMPLE");
    g.bench_function("acs3/rpc_style_query", |b| {
        let req = SignableRequest {
            method: "POST",
            host: "ecs-cn-hangzhou.aliyuncs.com",
            path: "/",
            query: &acs_query,
            headers: &acs3_headers,
            body: b"",
        };
        let params = acs3::Acs3Params {
            timestamp: TIME,
            signature_nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        };
        b.iter(|| acs3::sign(black_box(&req), &acs_creds, &params))
    });

    let mut rpc_query = pairs(&[
        ("Action", "DetachInstanceRamRole"),
        ("Format", "json"),
        ("Version", "2014-05-26"),
    ]);
    rpc_query.extend(acs_query.iter().cloned());
    g.bench_function("acs_rpc/query", |b| {
        let req: SignableRequest = SignableRequest {
            method: "POST",
            host: "ecs-cn-hangzhou.aliyuncs.com",
            path: "/",
            query: &rpc_query,
            headers: &[],
            body: b"",
        };
        let params = acs_rpc::AcsRpcParams {
            timestamp: TIME,
            signature_nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        };
        b.iter(|| acs_rpc::sign(black_box(&req), &acs_creds, &params))
    });
    g.finish();
}

/// Key derivation plus the final HMAC, without any canonicalisation.
fn hmac_chains(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac_chain");
    g.bench_function("tc3/4x_sha256", |b| {
        b.iter(|| {
            let key = tc3::signing_key(black_box("devSecretKeyEXAMPLE"), "2024-01-02", "cvm")?;
            final_hmac(&key, STRING_TO_SIGN)
        })
    });
    g.bench_function("volc/5x_sha256", |b| {
        b.iter(|| {
            let key = volc::signing_key(
                black_box("devSecretEXAMPLE"),
                "20240102",
                "cn-beijing",
                "ecs",
            )?;
            final_hmac(&key, STRING_TO_SIGN)
        })
    });
    g.bench_function("acs3/1x_sha256", |b| {
        b.iter(|| acs3::signature_hex(black_box("devSecretEXAMPLE"), STRING_TO_SIGN))
    });
    g.bench_function("acs_rpc/1x_sha1_base64", |b| {
        b.iter(|| acs_rpc::signature_base64(black_box("devSecretEXAMPLE"), STRING_TO_SIGN))
    });
    g.finish();
}

/// hex(HMAC-SHA256(derived key, string to sign)): the last step of TC3 and Volcengine.
fn final_hmac(key: &[u8; 32], data: &str) -> Result<String, docsdk_auth::signing::SigningError> {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key)?;
    mac.update(data.as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes()))
}

criterion_group!(benches, signers, hmac_chains);
criterion_main!(benches);
