//! The whole pipeline (every extractor, reconciliation, checks, CSV writing)
//! on a generated corpus, in MB/s. The corpus comes from the `gen-corpus`
//! binary, so it is the same one the README's end-to-end runs use, smaller.
//! `SOURCEFACTS_BENCH_MB` sets its size (default 20).

use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sourcefacts::{run, Config};

fn benches(c: &mut Criterion) {
    let mb: u64 = std::env::var("SOURCEFACTS_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let status = Command::new(env!("CARGO_BIN_EXE_gen-corpus"))
        .arg("--mb")
        .arg(mb.to_string())
        .arg(&corpus)
        .status()
        .expect("gen-corpus runs");
    assert!(status.success(), "gen-corpus failed");
    let mut cfg = Config::new(&corpus, dir.path().join("out"));
    cfg.full = true; // measure extraction, not the cache
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(mb * 1_000_000));
    g.bench_function(format!("generated_{mb}mb"), |b| {
        b.iter(|| run(&cfg).expect("run succeeds"))
    });
    g.finish();
}

criterion_group!(pipeline_benches, benches);
criterion_main!(pipeline_benches);
