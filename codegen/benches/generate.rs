//! Codegen throughput, formatting (prettyplease) included. Target: ≥ 2,000 actions/s.
//! `cargo bench -p docsdk-codegen --bench generate`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use docsdk_codegen::generate::{generate, Settings};

#[path = "support/synth.rs"]
mod synth;

fn bench(c: &mut Criterion) {
    let specs = synth::specs(200);
    let settings = Settings::new();
    let mut g = c.benchmark_group("generate");
    g.throughput(Throughput::Elements(specs.len() as u64));
    g.sample_size(10);
    g.bench_function("200 synthesized actions", |b| {
        b.iter(|| generate(&specs, &settings).expect("generates"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
