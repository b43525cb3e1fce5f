//! Per-call overhead of the generated clients without the network: build the typed request
//! with its builder, serialize it to plain parameters, fill the idempotency token, validate it
//! against the page's rules, encode the provider's wire form and sign it — everything `send()`
//! does before the socket. Compare with the bare signers:
//! `cargo bench -p docsdk-auth --bench signing`.
//!
//! `cargo bench -p docsdk-clients --bench call_overhead`

use criterion::{criterion_group, criterion_main, Criterion};
use docsdk_clients::alibaba::ecs::v20140526 as ali;
use docsdk_clients::runtime::{self, credentials::Credentials, signing};
use docsdk_clients::tencent::{
    cvm::v20170312 as cvm, ecm::v20190719 as ecm, vpc::v20170312 as vpc,
};
use docsdk_clients::volcengine::ecs::v20200401 as volc;
use std::hint::black_box;
use std::time::Duration;

fn client(region: &str) -> runtime::Client {
    runtime::Client::builder()
        .endpoint_url("http://127.0.0.1:9")
        .region(region)
        .credentials(Credentials::new(
            "AKIDdocsdkBenchKey",
            "docsdk-bench-secret",
        ))
        .build()
        .expect("client")
}

fn overhead(c: &mut Criterion) {
    let mut g = c.benchmark_group("call_overhead");
    let tc = client("ap-guangzhou");
    let vc = client("cn-beijing");
    let ac = client("cn-hangzhou");

    g.bench_function("tencent.cvm.DisassociateSecurityGroups", |b| {
        b.iter(|| {
            let input = cvm::DisassociateSecurityGroupsRequest::builder()
                .security_group_ids(["sg-9id3l839"])
                .instance_ids(["ins-2zvpghhc", "ins-5d8a23rs"])
                .0
                .input;
            tc.prepare(black_box(&input)).expect("prepared")
        })
    });
    g.bench_function("tencent.ecm.DisassociateInstancesKeyPairs", |b| {
        b.iter(|| {
            let input = ecm::DisassociateInstancesKeyPairsRequest::builder()
                .instance_ids(["ein-r8hr2upy"])
                .key_ids(["skey-3glfot13"])
                .force_stop(true)
                .0
                .input;
            tc.prepare(black_box(&input)).expect("prepared")
        })
    });
    g.bench_function(
        "tencent.vpc.DisassociateNetworkInterfaceSecurityGroups",
        |b| {
            b.iter(|| {
                let input = vpc::DisassociateNetworkInterfaceSecurityGroupsRequest::builder()
                    .network_interface_ids(["eni-1", "eni-2"])
                    .security_group_ids(["sg-1"])
                    .0
                    .input;
                tc.prepare(black_box(&input)).expect("prepared")
            })
        },
    );
    // Includes a fresh UUID v4 ClientToken per call.
    g.bench_function("volcengine.ecs.DeleteKeyPairs", |b| {
        b.iter(|| {
            let input = volc::DeleteKeyPairsRequest::builder()
                .key_pair_names(["ssh_key_pair1", "ssh_key_pair2"])
                .0
                .input;
            vc.prepare(black_box(&input)).expect("prepared")
        })
    });
    g.bench_function("alibaba.ecs.DetachInstanceRamRole", |b| {
        b.iter(|| {
            let input = ali::DetachInstanceRamRoleRequest::builder()
                .region_id("cn-hangzhou")
                .instance_ids(["i-1", "i-2"])
                .ram_role_name("EcsRamRoleDocumentTesting")
                .0
                .input;
            ac.prepare(black_box(&input)).expect("prepared")
        })
    });
    g.finish();

    // The signers alone on the same requests, for the split.
    let mut g = c.benchmark_group("sign_only");
    let input = cvm::DisassociateSecurityGroupsRequest::builder()
        .security_group_ids(["sg-9id3l839"])
        .instance_ids(["ins-2zvpghhc", "ins-5d8a23rs"])
        .0
        .input;
    let prepared = tc.prepare(&input).expect("prepared");
    let creds = Credentials::new("AKIDdocsdkBenchKey", "docsdk-bench-secret");
    g.bench_function("tc3/DisassociateSecurityGroups", |b| {
        let view = signing::SignableRequest {
            method: &prepared.method,
            host: &prepared.host,
            path: &prepared.path,
            query: &prepared.query,
            headers: &prepared.headers,
            body: &prepared.body,
        };
        let params = signing::tc3::Tc3Params {
            service: "cvm",
            timestamp: signing::UtcTime::from_unix_seconds(1_704_164_645),
            unsigned_payload: false,
        };
        b.iter(|| signing::tc3::sign(black_box(&view), &creds, &params).expect("signs"))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = overhead
}
criterion_main!(benches);
