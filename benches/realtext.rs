//! Throughput on real text: a slice of the White House archive
//! (`../shared/corpora/whitehouse`, every 10th file in path order, about
//! 14 MB of real releases with front matter and markdown remnants), read
//! from ../shared when it is there. Each stage is measured over the same
//! documents, so the figures add up and compare with the plain read of
//! the same files (the floor):
//!
//! - `read`: reading the files, nothing else;
//! - `textview`: the normalized view of each document;
//! - `triggers`: the trigger-word pass the gated patterns share;
//! - `lexer_floor`: one pass cutting each text into word tokens with a
//!   few flags, the least a shared lexer would cost;
//! - one figure per extractor, in pipeline order, given the facts of the
//!   ones before it;
//! - `chain_batch_N`: views and the whole chain of extractors, N
//!   documents at a time, each extractor over all N before the next (as
//!   a run's batches do; N = 1 is one document at a time);
//! - `run`: the whole pipeline (`sourcefacts run --full`, all threads)
//!   over a copy of the slice in a temporary folder.
//!
//! Run: `cargo bench --bench realtext`. `SOURCEFACTS_BENCH_STRIDE` sets the
//! slice (every Nth file; default 10). Without the archive it says so and
//! measures nothing.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sourcefacts::{run, Config};
use sourcefacts_extract::model::DocFacts;
use sourcefacts_extract::textview::TextView;
use sourcefacts_extract::{gate, ExtractOptions, ExtractorSet};

fn archive() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/whitehouse")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The slice: every `stride`-th file of the archive, in path order.
fn slice(stride: usize) -> Vec<PathBuf> {
    let mut files = Vec::new();
    files_under(&archive(), &mut files);
    files.sort();
    files.into_iter().step_by(stride.max(1)).collect()
}

#[allow(clippy::print_stderr)] // says why nothing is measured
fn benches(c: &mut Criterion) {
    if !archive().is_dir() {
        eprintln!(
            "{} absent: the real-text benchmark needs the White House archive",
            archive().display()
        );
        return;
    }
    let stride = std::env::var("SOURCEFACTS_BENCH_STRIDE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let files = slice(stride);
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let mut g = c.benchmark_group(format!("whitehouse_every_{stride}th"));
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("read", |b| {
        b.iter(|| {
            for p in &files {
                black_box(std::fs::read(p).ok());
            }
        })
    });
    g.bench_function("textview", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(TextView::new(t));
            }
        })
    });
    let views: Vec<TextView<'_>> = texts.iter().map(|t| TextView::new(t)).collect();
    let set = ExtractorSet::new(&ExtractOptions::default());
    // The trigger-word pass of dates, troops and identifiers: a view keeps
    // it after the first extractor asks, so it is measured here once and
    // is in none of the extractors' figures below.
    g.bench_function("triggers", |b| {
        b.iter(|| {
            for v in &views {
                black_box(gate::hits(v.norm(), gate::Lane::Dates));
            }
        })
    });
    // The floor of the shared lexer issue #21 proposes: one pass cutting
    // each normalized text into word tokens with a few flags, nothing
    // looked up (every consumer of such tokens would add its own work).
    g.bench_function("lexer_floor", |b| {
        let mut tokens = Vec::new();
        b.iter(|| {
            for v in &views {
                tokens.clear();
                word_tokens(v.norm(), &mut tokens);
                black_box(&tokens);
            }
        })
    });
    // Each extractor given the facts of the ones before it, as in a run.
    let mut before: Vec<DocFacts> = views.iter().map(|_| DocFacts::default()).collect();
    for e in set.extractors() {
        g.bench_function(e.name(), |b| {
            b.iter(|| {
                for (view, prior) in views.iter().zip(&before) {
                    let mut facts = DocFacts {
                        doc_date: prior.doc_date.clone(),
                        dates: prior.dates.clone(),
                        acronyms: prior.acronyms.clone(),
                        ..DocFacts::default()
                    };
                    e.extract(view, &mut facts);
                    black_box(facts);
                }
            })
        });
        for (view, prior) in views.iter().zip(before.iter_mut()) {
            e.extract(view, prior);
        }
    }
    drop(views);
    // The whole chain, view included, document by document (as a run
    // does it) and extractor by extractor over batches of documents.
    for batch in [1usize, 8, 32] {
        g.bench_function(format!("chain_batch_{batch}"), |b| {
            b.iter(|| {
                for docs in texts.chunks(batch) {
                    let views: Vec<TextView<'_>> = docs.iter().map(|t| TextView::new(t)).collect();
                    let mut facts: Vec<DocFacts> =
                        views.iter().map(|_| DocFacts::default()).collect();
                    for e in set.extractors() {
                        for (v, f) in views.iter().zip(facts.iter_mut()) {
                            e.extract(v, f);
                        }
                    }
                    black_box(facts);
                }
            })
        });
    }
    // The whole run over a copy of the slice (outside the repository).
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    for (k, p) in files.iter().enumerate() {
        let rel = p.strip_prefix(archive()).unwrap_or(p);
        let to = corpus
            .join(format!("{k:05}"))
            .join(rel.file_name().unwrap_or_default());
        std::fs::create_dir_all(to.parent().expect("parent")).expect("temp folder");
        std::fs::copy(p, &to).expect("copy into the temp folder");
    }
    let mut cfg = Config::new(&corpus, dir.path().join("out"));
    cfg.full = true;
    cfg.no_cache = true;
    g.bench_function("run", |b| b.iter(|| run(&cfg).expect("run succeeds")));
    g.finish();
}

/// Word tokens of `text`: runs of ASCII letters and digits and of
/// non-ASCII bytes, each with flags (1: starts with an ASCII capital, 2:
/// holds a digit).
fn word_tokens(text: &str, out: &mut Vec<(u32, u32, u8)>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
        while i < bytes.len() && !word(bytes[i]) {
            i += 1;
        }
        let start = i;
        let mut flags = u8::from(bytes.get(i).is_some_and(u8::is_ascii_uppercase));
        while i < bytes.len() && word(bytes[i]) {
            flags |= u8::from(bytes[i].is_ascii_digit()) << 1;
            i += 1;
        }
        if i > start {
            out.push((start as u32, i as u32, flags));
        }
    }
}

criterion_group!(realtext, benches);
criterion_main!(realtext);
