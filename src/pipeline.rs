//! The batch run: list the corpus, map every document to fact rows in
//! parallel (read, decode, view, extract, provenance, check; the text is
//! dropped when its rows are out), reconcile bodies across documents, and
//! write the tables.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::cache::{Cache, CACHE_FILE};
pub use crate::config::Progress;
use crate::config::{user_doc_date, Config, Summary};
use crate::docrows::checked_rows;
use crate::error::{Error, Result};
use crate::folder::Folder;
use crate::ingest::{self, SourceFile};
use crate::ordered::{ordered_map, Bounds};
use crate::parts::{PartReader, PartWriter};
pub use crate::reduce::PRODUCED;
use crate::reduce::{DocOutput, Part, Reduce};
use crate::rows::{DocumentRow, Origin};
use crate::sections;
use crate::swap::Staging;
use sourcefacts_extract::extractor::Extractor;
use sourcefacts_extract::metadata::path_date;
use sourcefacts_extract::model::{DefinedShort, DocDateSource, DocFacts};
use sourcefacts_extract::textview::{Stages, TextView};
use sourcefacts_extract::{ExtractorSet, KnownDate};

/// Runs the whole batch.
pub fn run(cfg: &Config) -> Result<Summary> {
    run_with_progress(cfg, &|_| {})
}

/// Documents in flight at once, per worker thread: room for a whole batch
/// of small documents (see [`BATCH_BYTES`]) while the reduce catches up.
const WINDOW_PER_THREAD: usize = 256;

/// Bytes of input in flight at once (a larger single document runs alone).
const BYTES_IN_FLIGHT: u64 = 64 << 20;

/// Bytes of input a worker maps together ([`process_batch`]: one
/// extractor over every document of the batch, then the next) and hands
/// over at once. The archive's releases average 10 KB; on it, batches of
/// 64 KB, 256 KB and 1 MB took 6%, 13% and 17% less CPU than one document
/// at a time, 4 MB no less than 1 MB (`scripts/paired-time.sh`, 4 to 6
/// alternating runs each).
const BATCH_BYTES: u64 = 1 << 20;

/// [`run`], calling `on_progress` after each document (in order, from the
/// calling thread). The library never prints; the binary draws.
///
/// The map step (read, decode, extract, encode rows) runs on the pool,
/// a bounded window of documents ahead of the reduce step on this thread,
/// which streams rows to the tables and folds what crosses documents:
/// mention signatures for reconciliation, statements for the checks. Body
/// rows wait in a spool file until reconciliation gives their entities.
/// [`extract`] and [`reduce_parts`] are the same two steps apart.
pub fn run_with_progress(cfg: &Config, on_progress: &(dyn Fn(Progress) + Sync)) -> Result<Summary> {
    let started = Instant::now();
    let pool = thread_pool(cfg)?;
    let (listing, extractors) = listing_and_extractors(cfg, &pool);
    let listing = listing?;
    let files = listing.files;
    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let key = cache_key(cfg);
    let cache: Cache<DocOutput> = if cfg.full {
        Cache::default()
    } else {
        Cache::load(&cfg.out.join(CACHE_FILE), &key)
    };
    let staging = Staging::new(&cfg.out)?;
    let cache_key = (!cfg.no_cache).then_some(key.as_str());
    let mut reduce = Reduce::new(staging.dir(), cache_key, !cfg.raw_csv, cfg.bom)?;
    reduce.formats = cfg.formats;
    reduce.expect_documents(files.len());
    let mut summary = Summary {
        files: files.len(),
        unused_doc_dates: crate::inputs::unused_doc_dates(&cfg.doc_dates, &files),
        output_sets: listing.output_sets,
        ..Summary::default()
    };
    map_files(cfg, &pool, &files, &extractors, &cache, |out, reused| {
        summary.reused += usize::from(reused);
        reduce.add(cfg, out, &mut summary)?;
        on_progress(Progress::documents(
            reduce.documents.len(),
            files.len(),
            summary.bytes,
            total_bytes,
        ));
        Ok(())
    })?;
    finish_reduce(
        cfg,
        &pool,
        reduce,
        staging,
        &mut summary,
        on_progress,
        total_bytes,
    )?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The corpus walk and, beside it, the extractors, built and warmed
/// (see [`ExtractorSet::warm`]) on a thread of the map's `pool`: the walk
/// mostly waits on the file system, and the workers would otherwise build
/// the patterns on their first documents, one waiting for the other. (A
/// regex keeps its fast cache for the first thread that searches with
/// it, so the warming is done by a worker, as the first document was.)
fn listing_and_extractors(
    cfg: &Config,
    pool: &rayon::ThreadPool,
) -> (Result<ingest::Listing>, ExtractorSet) {
    let mut extractors = None;
    let listing = pool.in_place_scope(|s| {
        s.spawn(|_| {
            let set = ExtractorSet::new(&cfg.extract);
            set.warm();
            extractors = Some(set);
        });
        pool.install(|| ingest::list_corpus(&cfg.corpus))
    });
    let extractors = extractors.expect("the scope waited for the extractors");
    (listing, extractors)
}

/// Reconciles, checks, writes the rest of the set and publishes it, on
/// `pool`: a run's one pool serves the walk, the map and the finish, so
/// that no worker is started or stopped (its memory handed back) while
/// the run waits on it.
fn finish_reduce(
    cfg: &Config,
    pool: &rayon::ThreadPool,
    reduce: Reduce,
    staging: Staging,
    summary: &mut Summary,
    on_progress: &(dyn Fn(Progress) + Sync),
    total_bytes: u64,
) -> Result<()> {
    on_progress(Progress {
        done: reduce.documents.len(),
        total: summary.files,
        bytes: summary.bytes,
        total_bytes,
        phase: Some(format!(
            "reconciling {} distinct names, checking sources, writing tables and reports",
            reduce.tally.len()
        )),
    });
    summary.distinct_names = reduce.tally.len();
    // Reconciliation spreads over the threads the map used (`--threads`).
    pool.install(|| reduce.finish(summary))?;
    cfg.check_cancel()?;
    staging.publish(PRODUCED)
}

/// The corpus walk of `cfg.corpus` (see [`ingest::list_corpus`]), its
/// file sizes asked on `--threads` threads (`sourcefacts list`; a run
/// walks on its own pool, see `listing_and_extractors`).
pub fn list_corpus(cfg: &Config) -> Result<ingest::Listing> {
    thread_pool(cfg)?.install(|| ingest::list_corpus(&cfg.corpus))
}

/// A pool of `--threads` threads (all cores by default).
fn thread_pool(cfg: &Config) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Config {
            path: PathBuf::from("--threads"),
            cause: e.to_string(),
        })
}

/// The map: every file's units on the pool, their outputs handed to `sink`
/// in corpus order (with whether the cache gave them).
fn map_files(
    cfg: &Config,
    pool: &rayon::ThreadPool,
    files: &[SourceFile],
    extractors: &ExtractorSet,
    cache: &Cache<DocOutput>,
    mut sink: impl FnMut(DocOutput, bool) -> Result<()>,
) -> Result<()> {
    let bounds = Bounds {
        window: WINDOW_PER_THREAD * pool.current_num_threads(),
        budget: BYTES_IN_FLIGHT,
        batch: BATCH_BYTES,
    };
    let units = work_units(pool, files, extractors, cfg);
    ordered_map(
        pool,
        &units,
        bounds,
        Unit::cost,
        |batch| map_units(batch, extractors, cfg, cache),
        |_, (out, reused)| {
            sink(out, reused)?;
            cfg.check_cancel()
        },
    )
}

/// `sourcefacts extract`: the map alone, for one shard of a corpus. Every
/// file of `files` (sorted by document name, each once) is mapped as
/// `run` maps it, and its units go to the part `cfg.out` (see `parts`).
/// Knows nothing of other shards, uses no cache. Returns the files and
/// bytes mapped.
pub fn extract(
    cfg: &Config,
    mut files: Vec<SourceFile>,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary> {
    let started = Instant::now();
    files.sort_by(|a, b| a.doc.cmp(&b.doc));
    files.dedup_by(|a, b| a.doc == b.doc);
    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let mut part = PartWriter::create(&cfg.out, &cache_key(cfg), cfg.raw_csv)?;
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };
    let extractors = ExtractorSet::new(&cfg.extract);
    let pool = thread_pool(cfg)?;
    map_files(
        cfg,
        &pool,
        &files,
        &extractors,
        &Cache::default(),
        |out, _| {
            let last = out.part.as_ref().is_none_or(|p| p.k + 1 == p.n);
            summary.bytes += out
                .part
                .as_ref()
                .map_or_else(|| out.row.as_ref().map_or(0, |r| r.bytes), |p| p.bytes);
            summary.read += usize::from(last);
            part.add(out)?;
            on_progress(Progress::documents(
                summary.read,
                files.len(),
                summary.bytes,
                total_bytes,
            ));
            Ok(())
        },
    )?;
    part.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// `sourcefacts reduce`: the parts of every shard, merged in corpus order
/// (each part is sorted; a heap takes the least next unit), folded by the
/// same reduce step as `run`, published to `cfg.out` atomically. The parts
/// must come from the same build with the same extraction options.
pub fn reduce_parts(
    cfg: &Config,
    parts: &[PathBuf],
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary> {
    use std::cmp::Reverse;
    let started = Instant::now();
    let mut readers = parts
        .iter()
        .map(|p| PartReader::open(p))
        .collect::<Result<Vec<_>>>()?;
    let safe = check_part_keys(&readers)?;
    let staging = Staging::new(&cfg.out)?;
    let mut reduce = Reduce::new(staging.dir(), None, safe, cfg.bom)?;
    reduce.formats = cfg.formats;
    let mut summary = Summary::default();
    let mut heap = std::collections::BinaryHeap::new();
    let mut pending: Vec<Option<DocOutput>> = Vec::with_capacity(readers.len());
    for (i, r) in readers.iter_mut().enumerate() {
        pending.push(r.next_unit()?.map(|(key, o)| {
            heap.push(Reverse((key, i)));
            o
        }));
    }
    let mut last: Option<(String, i64)> = None;
    while let Some(Reverse((key, i))) = heap.pop() {
        if last.as_ref() == Some(&key) {
            return Err(Error::Config {
                path: readers[i].path().to_path_buf(),
                cause: format!("{} is in two parts", key.0),
            });
        }
        let out = pending[i].take().expect("a pending unit per heap entry");
        reduce.add(cfg, out, &mut summary)?;
        on_progress(Progress::documents(
            reduce.documents.len(),
            0,
            summary.bytes,
            0,
        ));
        cfg.check_cancel()?;
        if let Some((next, o)) = readers[i].next_unit()? {
            heap.push(Reverse((next, i)));
            pending[i] = Some(o);
        }
        last = Some(key);
    }
    summary.files = reduce.documents.len();
    let bytes = summary.bytes;
    let pool = thread_pool(cfg)?;
    finish_reduce(
        cfg,
        &pool,
        reduce,
        staging,
        &mut summary,
        on_progress,
        bytes,
    )?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Parts must share their extraction key and come from this build.
/// Returns whether cells are guarded (not `--raw-csv`), as the parts say,
/// for the cells the reduce writes itself.
fn check_part_keys(readers: &[PartReader]) -> Result<bool> {
    let Some(first) = readers.first() else {
        return Err(Error::Config {
            path: PathBuf::from("PART"),
            cause: "no part given".into(),
        });
    };
    for r in readers {
        if r.key != first.key {
            return Err(Error::Config {
                path: r.path().to_path_buf(),
                cause: format!(
                    "made with other options or another build than {} ({} against {})",
                    first.path().display(),
                    r.key,
                    first.key
                ),
            });
        }
    }
    let build = first.key.split('|').next().unwrap_or("");
    if build != env!("SOURCEFACTS_BUILD_ID") {
        return Err(Error::Config {
            path: first.path().to_path_buf(),
            cause: format!(
                "made by another build of sourcefacts ({build}); extract and reduce with the same binary"
            ),
        });
    }
    Ok(!first.raw_csv)
}

/// Maps a batch of consecutive units: each run of whole documents
/// together ([`process_batch`]), each section alone.
fn map_units(
    units: &[Unit<'_>],
    extractors: &ExtractorSet,
    cfg: &Config,
    cache: &Cache<DocOutput>,
) -> Vec<(DocOutput, bool)> {
    let mut out = Vec::with_capacity(units.len());
    let mut rest = units;
    while let Some(first) = rest.first() {
        match first {
            Unit::Section { file, large, k } => {
                out.push((process_section(file, large, *k, extractors, cfg), false));
                rest = &rest[1..];
            }
            Unit::Whole(_) => {
                let files: Vec<&SourceFile> = rest
                    .iter()
                    .map_while(|u| match u {
                        Unit::Whole(f) => Some(*f),
                        Unit::Section { .. } => None,
                    })
                    .collect();
                out.extend(process_batch(&files, extractors, cfg, cache));
                rest = &rest[files.len()..];
            }
        }
    }
    out
}

/// Runs `f` so that a bug in an extractor costs one document, not the
/// run: a panic becomes its message (see [`skipped`]).
fn isolated<R>(f: impl FnOnce() -> R) -> std::result::Result<R, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into())
    })
}

/// The output of a document whose mapping panicked: a `skipped` row
/// naming the internal error.
fn skipped(file: &SourceFile, what: &str) -> (DocOutput, bool) {
    let (mut row, _) = ingest::load(file);
    row.status = "skipped";
    row.reason = format!("internal error in extraction (please report): {what}");
    let out = DocOutput {
        row: Some(row),
        ..DocOutput::default()
    };
    (out, false)
}

/// A document read, and not in the cache: its text waits for the
/// extractors.
struct Loaded {
    row: DocumentRow,
    doc: ingest::Document,
    path_date: Option<String>,
}

/// What reading a document gives: its output already (unreadable,
/// ignored, or unchanged since the cached run), or a text to extract.
enum Read {
    Done(Box<(DocOutput, bool)>),
    Extract(Box<Loaded>),
}

/// Whole documents mapped together, each exactly as alone: file in,
/// encoded rows out, pure apart from reading the files. Each step runs
/// over every document of the batch before the next does (the view's
/// stages, the front matter, the trigger pass, each extractor, the states
/// named, the checked rows, their encoding), so its automata, tables and
/// code stay in the core's caches: with 1 MB batches a run of the archive
/// took 17% less CPU than one document at a time. A panic costs its own
/// document only.
fn process_batch(
    files: &[&SourceFile],
    extractors: &ExtractorSet,
    cfg: &Config,
    cache: &Cache<DocOutput>,
) -> Vec<(DocOutput, bool)> {
    let (mut batch, loaded) = read_batch(files, cfg, cache);
    let work = loaded.iter().map(|(i, l)| (*i, Some(l))).collect();
    let mut work = batch.map(work, |l| (l, Stages::normalize(&l.doc.text)));
    batch.step(&mut work, |(_, stages)| stages.find_noise());
    let work = batch.map(work, |(l, stages)| (l, stages.segment()));
    let mut work = batch.map(work, |(l, view)| {
        let date = match user_doc_date(cfg, &l.row.doc) {
            Some(d) => KnownDate::Given(d, DocDateSource::User),
            None => KnownDate::Detect(l.path_date.as_deref()),
        };
        let facts = extractors.start(&view, date, true, None);
        InFlight {
            doc: l,
            view,
            facts,
            states: Vec::new(),
        }
    });
    batch.step(&mut work, |d| sourcefacts_extract::gate::prime(&d.view));
    for e in extractors.extractors() {
        extract_batch(&mut batch, &mut work, e);
    }
    batch.step(&mut work, |d| d.states = states_named(&d.view));
    let work = batch.map(work, |d| {
        let mut out = DocOutput {
            states: d.states,
            ..DocOutput::default()
        };
        let (l, text) = (d.doc, &d.doc.doc.text);
        let origin = Origin {
            byte: l.doc.base,
            ..Origin::default()
        };
        let rows = checked_rows(text, &l.row.doc, origin, d.view, d.facts, &mut out);
        (l, rows, out)
    });
    let done = batch.map(work, |(l, rows, mut out)| {
        rows.encode(!cfg.raw_csv, &mut out);
        with_row(l.row.clone(), out)
    });
    for (i, out) in done {
        if let Some(out) = out {
            batch.outs[i] = Some((out, false));
        }
    }
    batch
        .outs
        .into_iter()
        .map(|o| o.expect("every document of the batch has an output"))
        .collect()
}

/// One extractor over the documents of a batch. An extractor of gated
/// patterns has each pattern searched over every document before the
/// next ([`Extractor::scans_ahead`]), then each document's facts from its
/// scan: document by document, each pattern's automaton was cold again
/// at every document (on the archive, one thread, the dates' gated
/// searches took 300 to 316 ms that way, 244 to 247 ms pattern by
/// pattern). A panic costs its own document, as in [`Batch::step`]; one
/// in the search ahead costs none (each document is then searched alone).
fn extract_batch(
    batch: &mut Batch<'_>,
    work: &mut [(usize, Option<InFlight<'_>>)],
    e: &dyn Extractor,
) {
    // The facts leave the documents while the scans borrow their views.
    let mut facts: Vec<Option<DocFacts>> = work
        .iter_mut()
        .map(|(_, d)| d.as_mut().map(|d| std::mem::take(&mut d.facts)))
        .collect();
    let mut failed: Vec<(usize, String)> = Vec::new();
    {
        let live: Vec<(usize, &TextView<'_>)> = (work.iter().enumerate())
            .filter_map(|(k, (_, d))| d.as_ref().map(|d| (k, &d.view)))
            .collect();
        let views: Vec<&TextView<'_>> = live.iter().map(|(_, v)| *v).collect();
        let known: Vec<&DocFacts> = (live.iter())
            .filter_map(|(k, _)| facts[*k].as_ref())
            .collect();
        let scans = isolated(|| {
            #[cfg(test)]
            for view in &views {
                tests::panic_if_told(view.raw(), "search ahead");
            }
            e.scans_ahead(&views, &known)
        })
        .ok()
        .flatten();
        for (n, (k, view)) in live.iter().enumerate() {
            let Some(f) = facts[*k].as_mut() else {
                continue;
            };
            let done = isolated(|| {
                #[cfg(test)]
                tests::panic_if_told(view.raw(), e.name());
                match scans.as_ref().and_then(|s| s.get(n)) {
                    Some(scan) => e.extract_scanned(view, f, scan),
                    None => e.extract(view, f),
                }
            });
            if let Err(what) = done {
                failed.push((*k, what));
            }
        }
    }
    for ((_, d), f) in work.iter_mut().zip(facts) {
        if let (Some(d), Some(f)) = (d.as_mut(), f) {
            d.facts = f;
        }
    }
    for (k, what) in failed {
        let (i, slot) = &mut work[k];
        batch.fail(*i, &what);
        *slot = None;
    }
}

/// Reads a batch's documents: the batch with the outputs known already
/// (unreadable, ignored, cached, or a panic), and the texts to extract,
/// each with its place in the batch.
fn read_batch<'b>(
    files: &'b [&'b SourceFile],
    cfg: &Config,
    cache: &Cache<DocOutput>,
) -> (Batch<'b>, Vec<(usize, Loaded)>) {
    let mut outs = Vec::with_capacity(files.len());
    let mut loaded = Vec::new();
    // A batch's files are consecutive in the listing, mostly of one folder.
    let mut folder = Folder::default();
    for (i, file) in files.iter().enumerate() {
        match isolated(|| read(file, cfg, cache, &mut folder)) {
            Ok(Read::Extract(l)) => {
                outs.push(None);
                loaded.push((i, *l));
            }
            Ok(Read::Done(out)) => outs.push(Some(*out)),
            Err(what) => outs.push(Some(skipped(file, &what))),
        }
    }
    (Batch { files, outs }, loaded)
}

/// One document of a batch between its view and its rows.
struct InFlight<'t> {
    doc: &'t Loaded,
    view: TextView<'t>,
    facts: DocFacts,
    states: Vec<String>,
}

/// A batch's files and their outputs so far (`None`: not yet mapped).
struct Batch<'b> {
    files: &'b [&'b SourceFile],
    outs: Vec<Option<(DocOutput, bool)>>,
}

impl Batch<'_> {
    /// Gives document `i` the output of a panic (see [`skipped`]).
    fn fail(&mut self, i: usize, what: &str) {
        self.outs[i] = Some(skipped(self.files[i], what));
    }

    /// Runs `f` on every document still in `work` (each with its place in
    /// the batch); one that panics leaves `work` and fails.
    fn step<T>(&mut self, work: &mut [(usize, Option<T>)], mut f: impl FnMut(&mut T)) {
        for (i, slot) in work.iter_mut() {
            let Some(d) = slot.as_mut() else { continue };
            if let Err(what) = isolated(|| f(d)) {
                self.fail(*i, &what);
                *slot = None;
            }
        }
    }

    /// [`Self::step`] for a step that turns each document into its next
    /// form.
    fn map<T, U>(
        &mut self,
        work: Vec<(usize, Option<T>)>,
        mut f: impl FnMut(T) -> U,
    ) -> Vec<(usize, Option<U>)> {
        work.into_iter()
            .map(|(i, slot)| {
                let next = slot.and_then(|d| match isolated(|| f(d)) {
                    Ok(next) => Some(next),
                    Err(what) => {
                        self.fail(i, &what);
                        None
                    }
                });
                (i, next)
            })
            .collect()
    }
}

/// Reads one document and looks it up in the cache (same path, content
/// and date override).
fn read(file: &SourceFile, cfg: &Config, cache: &Cache<DocOutput>, folder: &mut Folder) -> Read {
    let (row, doc) = ingest::load_in(file, folder);
    let Some(doc) = doc else {
        let out = DocOutput {
            row: Some(row),
            ..DocOutput::default()
        };
        return Read::Done(Box::new((out, false)));
    };
    match cache.get(&row.doc, &row.sha256, user_doc_date(cfg, &row.doc)) {
        Some(cached) => Read::Done(Box::new((with_row(row, cached), true))),
        None => Read::Extract(Box::new(Loaded {
            path_date: path_date(&row.doc),
            row,
            doc,
        })),
    }
}

/// A document's output with its documents.csv row, which takes the
/// document date, title and counts from it.
fn with_row(mut row: DocumentRow, mut out: DocOutput) -> DocOutput {
    row.doc_date = out.doc_date.clone();
    row.doc_date_source = out.doc_date_source;
    row.title = out.title.clone();
    row.source_url = out.source_url.clone();
    out.set_counts(&mut row);
    out.row = Some(row);
    out
}

/// View, extract, build rows with provenance, check every row against the
/// text's own bytes, encode: one document's text, or one section's
/// (`origin` says where it starts in the document).
fn extract_text(
    text: &str,
    doc: &str,
    origin: Origin,
    known: Known<'_>,
    extractors: &ExtractorSet,
    cfg: &Config,
    out: &mut DocOutput,
) {
    let view = TextView::new(text);
    // Only a document's first bytes are its header.
    let has_header = origin.char == 0;
    let facts = extractors.run_dated(&view, known.date, has_header, known.shorts);
    out.states = states_named(&view);
    let rows = checked_rows(text, doc, origin, view, facts, out);
    rows.encode(!cfg.raw_csv, out);
}

/// The states a text names (for the reconciliation of bodies).
fn states_named(view: &TextView<'_>) -> Vec<String> {
    sourcefacts_extract::gazetteer::states_named_from(view.norm(), view.capitals())
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// What is known of a document before one text of it is extracted: its
/// date, and for a section of a large document the body short forms the
/// whole document defines.
struct Known<'a> {
    date: KnownDate<'a>,
    shorts: Option<Arc<[DefinedShort]>>,
}

/// One unit of the map: a document, or one section of a large one.
enum Unit<'a> {
    Whole(&'a SourceFile),
    Section {
        file: &'a SourceFile,
        large: Arc<LargeDoc>,
        k: usize,
    },
}

impl Unit<'_> {
    fn cost(&self) -> u64 {
        match self {
            Unit::Whole(f) => f.size,
            Unit::Section { large, k, .. } => {
                let r = &large.plan.sections[*k].range;
                r.end - r.start
            }
        }
    }
}

/// A document mapped in sections: its plan, with sentence origins, and
/// the documents.csv row every section carries.
struct LargeDoc {
    plan: sections::Plan,
    doc_date: Option<(String, DocDateSource)>,
    /// The body short forms the whole document defines, shared by its
    /// sections.
    shorts: Arc<[DefinedShort]>,
    row: DocumentRow,
}

/// The map's units in corpus order: files larger than the section
/// threshold that are plain UTF-8 become their sections; the rest, and
/// any large file that cannot be planned, stay whole (and are read, or
/// reported, as usual).
fn work_units<'a>(
    pool: &rayon::ThreadPool,
    files: &'a [SourceFile],
    extractors: &ExtractorSet,
    cfg: &Config,
) -> Vec<Unit<'a>> {
    use rayon::prelude::*;
    let mut units = Vec::with_capacity(files.len());
    for file in files {
        let large = (file.walk_problem.is_none() && file.size > cfg.sections.threshold)
            .then(|| pool.install(|| plan_large(file, extractors, cfg)))
            .flatten();
        match large {
            None => units.push(Unit::Whole(file)),
            Some(large) => {
                let large = Arc::new(large);
                units.extend((0..large.plan.sections.len()).map(|k| Unit::Section {
                    file,
                    large: Arc::clone(&large),
                    k,
                }));
            }
        }
    }
    return units;

    /// Plans one large file: cut points, then (in parallel, a few sections
    /// in memory at a time) each section's sentence count, for the
    /// sentence numbers of the next, and the first one's document date.
    fn plan_large(file: &SourceFile, extractors: &ExtractorSet, cfg: &Config) -> Option<LargeDoc> {
        let mut plan = sections::plan(&file.path, cfg.sections.nominal).ok()??;
        type Scan = (usize, Option<(String, DocDateSource)>, Vec<DefinedShort>);
        let scans: Vec<Scan> = plan
            .sections
            .par_iter()
            .enumerate()
            .map(|(k, s)| {
                let text = sections::read_section(&file.path, &s.range)?;
                let view = TextView::new(&text);
                let date = if k == 0 {
                    extractors.document_date(&view)
                } else {
                    None
                };
                let shorts = extractors.defined_shorts(&view);
                Ok((view.sentences().len(), date, shorts))
            })
            .collect::<std::result::Result<_, String>>()
            .ok()?;
        let mut sentences = 0;
        for (s, (n, _, _)) in plan.sections.iter_mut().zip(&scans) {
            s.origin.sentence = sentences;
            sentences += n;
        }
        // In document order, each short form with its first definition's
        // body, as a whole-document run takes it.
        let mut seen = std::collections::HashSet::new();
        let shorts: Arc<[DefinedShort]> = scans
            .iter()
            .flat_map(|(_, _, d)| d)
            .filter(|d| seen.insert(d.short.clone()))
            .cloned()
            .collect();
        let mut row = ingest::listing_row(file);
        let doc_date = match user_doc_date(cfg, &row.doc) {
            Some(d) => Some((d.to_string(), DocDateSource::User)),
            None => scans[0]
                .1
                .clone()
                .or_else(|| path_date(&row.doc).map(|d| (d, DocDateSource::Path))),
        };
        row.bytes = plan.bytes;
        row.sha256 = plan.sha256.clone();
        row.encoding = if plan.bom { "utf-8 (BOM)" } else { "utf-8" }.into();
        row.offsets = "file-bytes".into();
        row.line_endings = plan.line_endings.into();
        row.status = ingest::Status::Ok.as_str();
        if let Some((d, source)) = &doc_date {
            row.doc_date = d.clone();
            row.doc_date_source = Some(*source);
        }
        Some(LargeDoc {
            plan,
            doc_date,
            shorts,
            row,
        })
    }
}

/// Maps one section of a large document. A panic or a read error costs
/// the section's rows, never the run, and is named in the document's row.
fn process_section(
    file: &SourceFile,
    large: &LargeDoc,
    k: usize,
    extractors: &ExtractorSet,
    cfg: &Config,
) -> DocOutput {
    let section = &large.plan.sections[k];
    let range = &section.range;
    let date = match &large.doc_date {
        Some((d, source)) => KnownDate::Given(d, *source),
        None => KnownDate::None,
    };
    let run = std::panic::AssertUnwindSafe(|| {
        let text = sections::read_section(&file.path, range)?;
        let mut out = DocOutput::default();
        extract_text(
            &text,
            &large.row.doc,
            section.origin,
            Known {
                date,
                shorts: Some(Arc::clone(&large.shorts)),
            },
            extractors,
            cfg,
            &mut out,
        );
        Ok::<_, String>(out)
    });
    let (mut out, failure) = match std::panic::catch_unwind(run) {
        Ok(Ok(out)) => (out, None),
        Ok(Err(reason)) => (DocOutput::default(), Some(reason)),
        Err(_) => (
            DocOutput::default(),
            Some("internal error in extraction (please report)".to_string()),
        ),
    };
    out.row = Some(large.row.clone());
    out.part = Some(Part {
        k,
        n: large.plan.sections.len(),
        bytes: range.end - range.start,
        failure: failure
            .map(|f| format!("bytes {}..{} not extracted: {f}", range.start, range.end)),
    });
    out
}

/// What the cached facts depend on besides a document's bytes: this build
/// of the code, and the options that change extraction.
fn cache_key(cfg: &Config) -> String {
    format!(
        "{}|vague={}|raw_csv={}|lexicon={}",
        env!("SOURCEFACTS_BUILD_ID"),
        cfg.extract.vague_dates,
        cfg.raw_csv,
        cfg.extract.lexicon.fingerprint()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Mutex, PoisonError};

    /// A mark in a text, and an extractor that panics on texts with it
    /// (test builds only).
    static PANIC_ON: Mutex<Option<(String, &'static str)>> = Mutex::new(None);

    pub(super) fn panic_if_told(text: &str, extractor: &str) {
        let told = PANIC_ON.lock().unwrap_or_else(PoisonError::into_inner);
        if told
            .as_ref()
            .is_some_and(|(mark, e)| text.contains(mark.as_str()) && *e == extractor)
        {
            panic!("told to panic in {extractor}");
        }
    }

    fn table(dir: &std::path::Path, name: &str) -> Vec<csv::StringRecord> {
        let mut r = csv::Reader::from_path(dir.join(name)).expect("table written");
        r.records().map(|x| x.expect("a record")).collect()
    }

    /// Documents are mapped in batches, one extractor over the whole batch
    /// at a time: a panic in one document's extractor must still cost that
    /// document alone, and leave its neighbours' rows as a run without
    /// the panic writes them.
    #[test]
    fn a_panic_in_a_batch_costs_its_own_document_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("corpus folder");
        let text = "On 5 May 2020 the Joint Staff of the Ministry of Defense said \
                    that 2,500 troops would stay until March 2021.\n";
        for name in ["a.txt", "b-panics-in-bodies.txt", "c.txt"] {
            let text = match name {
                "b-panics-in-bodies.txt" => format!("{text}Mark 7f3a.\n"),
                _ => text.to_string(),
            };
            std::fs::write(corpus.join(name), text).expect("write a document");
        }
        let run_to = |out: &str| {
            let mut cfg = Config::new(&corpus, dir.path().join(out));
            cfg.full = true;
            cfg.no_cache = true;
            cfg.threads = Some(1);
            run(&cfg).expect("the run succeeds");
            dir.path().join(out)
        };
        let calm = run_to("calm");
        // The bodies extractor has no patterns searched ahead over the
        // batch; the dates and troops extractors have.
        for extractor in ["bodies", "dates", "troops"] {
            *PANIC_ON.lock().unwrap_or_else(PoisonError::into_inner) =
                Some(("Mark 7f3a".into(), extractor));
            let hit = run_to(extractor);
            *PANIC_ON.lock().unwrap_or_else(PoisonError::into_inner) = None;

            let docs = table(&hit, "documents.csv");
            assert_eq!(docs.len(), 3, "every document keeps its row");
            let b = docs
                .iter()
                .find(|r| r.iter().any(|c| c == "b-panics-in-bodies.txt"))
                .expect("b has a row");
            let row = b.iter().collect::<Vec<_>>().join("|");
            assert!(row.contains("skipped"), "{row}");
            assert!(
                row.contains(&format!(
                    "internal error in extraction (please report): told to panic in {extractor}"
                )),
                "{row}"
            );
            for t in ["dates.csv", "bodies.csv", "troops.csv"] {
                let of = |dir: &std::path::Path, doc: &str| -> Vec<csv::StringRecord> {
                    table(dir, t)
                        .into_iter()
                        .filter(|r| r.iter().any(|c| c == doc))
                        .collect()
                };
                for doc in ["a.txt", "c.txt"] {
                    let rows = of(&hit, doc);
                    assert!(!rows.is_empty(), "{doc} has {t} rows");
                    assert_eq!(
                        rows,
                        of(&calm, doc),
                        "{doc}'s {t} rows are as without the panic"
                    );
                }
                assert!(
                    of(&hit, "b-panics-in-bodies.txt").is_empty(),
                    "no {t} rows for b"
                );
            }
        }
        // A panic in a search ahead over the batch costs no document:
        // each is then searched alone.
        *PANIC_ON.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(("Mark 7f3a".into(), "search ahead"));
        let ahead = run_to("ahead");
        *PANIC_ON.lock().unwrap_or_else(PoisonError::into_inner) = None;
        for t in ["documents.csv", "dates.csv", "bodies.csv", "troops.csv"] {
            assert_eq!(table(&ahead, t), table(&calm, t), "{t}");
        }
    }
}
