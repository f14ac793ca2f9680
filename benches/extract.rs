//! Per-extractor and text-view throughput on a fixed ~10 MB text made by
//! repeating the bundled corpus. Run: `cargo bench --bench extract`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sourcefacts_extract::model::DocFacts;
use sourcefacts_extract::textview::TextView;
use sourcefacts_extract::{gate, ExtractOptions, ExtractorSet};

const TARGET_BYTES: usize = 10 * 1024 * 1024;

fn sample_text() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let one: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("utf-8 sample"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut text = String::with_capacity(TARGET_BYTES + one.len());
    while text.len() < TARGET_BYTES {
        text.push_str(&one);
        text.push_str("\n\n");
    }
    text
}

fn benches(c: &mut Criterion) {
    let text = sample_text();
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("textview", |b| b.iter(|| black_box(TextView::new(&text))));
    let view = TextView::new(&text);
    // The trigger words of dates, troops and identifiers are found in one
    // pass that the view keeps: measured here once, and paid by the first
    // of those extractors in a run, so not in their own figures below.
    g.bench_function("triggers", |b| {
        b.iter(|| black_box(gate::hits(view.norm(), gate::Lane::Dates)))
    });
    let set = ExtractorSet::new(&ExtractOptions::default());
    // Extractors run in dependency order; each is measured given the facts
    // of the ones before it, as in the pipeline.
    let mut before = DocFacts::default();
    for e in set.extractors() {
        g.bench_function(e.name(), |b| {
            b.iter(|| {
                let mut facts = DocFacts {
                    doc_date: before.doc_date.clone(),
                    dates: before.dates.clone(),
                    acronyms: before.acronyms.clone(),
                    ..DocFacts::default()
                };
                e.extract(&view, &mut facts);
                black_box(facts)
            })
        });
        e.extract(&view, &mut before);
    }
    // A fresh view per run (built outside the timing), so the shared
    // trigger pass is paid as in the pipeline.
    g.bench_function("all", |b| {
        b.iter_batched(
            || TextView::new(&text),
            |view| black_box(set.run(&view, None)),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(extract, benches);
criterion_main!(extract);
