//! Per-call overhead of the generated clients without the network: build the typed request
//! with its builder, serialize it to plain parameters, fill the idempotency token, validate it
//! against the page's rules, encode the provider's wire form and sign it — everything `send()`
//! does before the socket. Compare with the bare signers:
//! `cargo bench -p docsdk-auth --bench signing`.
//!
//! `cargo bench -p docsdk-clients --bench call_overhead`
//!
//! At the end it times the Tencent call once more in a plain loop and runs
//! `benches/python_tc3_overhead.py` (the Tencent Python SDK doing the same work: build the
//! request model, serialize, TC3-sign; `pip install tencentcloud-sdk-python-common
//! tencentcloud-sdk-python-cvm`), and prints both per-call figures and their ratio. Set
//! `DOCSDK_BENCH_PYTHON=0` to skip that, or to the interpreter to use (default `python3`).

use criterion::{criterion_group, Criterion};
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
    g.bench_function("tc3/DisassociateSecurityGroups", |b| {
        b.iter(|| signing::tc3::sign(black_box(&view), &creds, &params).expect("signs"))
    });
    // What the client runs per call: the same signature, no intermediates kept.
    g.bench_function("tc3-authorize/DisassociateSecurityGroups", |b| {
        b.iter(|| signing::tc3::authorize(black_box(&view), &creds, &params).expect("signs"))
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
fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Not under `cargo test --all-targets` (which runs each bench once, in debug).
    if std::env::args().any(|a| a == "--bench") {
        python_comparison();
    }
}

/// The Tencent call in a plain timed loop: µs per call.
fn rust_tc3_us(n: u32) -> f64 {
    let tc = client("ap-guangzhou");
    let start = std::time::Instant::now();
    for _ in 0..n {
        let input = cvm::DisassociateSecurityGroupsRequest::builder()
            .security_group_ids(["sg-9id3l839"])
            .instance_ids(["ins-2zvpghhc", "ins-5d8a23rs"])
            .0
            .input;
        black_box(tc.prepare(black_box(&input)).expect("prepared"));
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

/// docsdk and the Tencent Python SDK on the same request, same machine, same run: five
/// alternating rounds (Rust 100,000 calls, Python 10,000), medians compared (a shared
/// 2-core machine disturbs single rounds of either).
fn python_comparison() {
    let python = std::env::var("DOCSDK_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    if python == "0" {
        return;
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/python_tc3_overhead.py"
    );
    const ROUNDS: usize = 5;
    let (mut rust, mut py) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        rust.push(rust_tc3_us(100_000));
        let out = std::process::Command::new(&python)
            .args([script, "10000"])
            .output();
        match &out {
            Ok(o) if o.status.success() => {
                if let Some(us) = String::from_utf8_lossy(&o.stdout)
                    .split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
                {
                    py.push(us);
                }
            }
            _ => {
                let why = match &out {
                    Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_string(),
                    Err(e) => e.to_string(),
                };
                println!(
                    "per-call overhead: docsdk {:.2} µs; the Python SDK comparison did not run \
                     ({python} {script}: {why})",
                    rust[0]
                );
                return;
            }
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (r, p) = (median(&mut rust.clone()), median(&mut py.clone()));
    println!(
        "per-call overhead, tencent.cvm.DisassociateSecurityGroups (build, serialize, TC3-sign; \
         no network), median of {ROUNDS} alternating rounds: docsdk {r:.2} µs {rust:.2?}, \
         tencentcloud-sdk-python {p:.2} µs {py:.2?}: {:.1}× faster",
        p / r
    );
}
