//! The batch run: list the corpus, map every document to fact rows in
//! parallel (read, decode, view, extract, provenance, check; the text is
//! dropped when its rows are out), reconcile bodies across documents, and
//! write the tables.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::cache::{Cache, CacheWriter, CACHE_FILE};
use crate::check::{span_matches, AgreementRow, Checker, DocChecks, Findings, Source};
use crate::error::{Error, Result};
use crate::ingest::{self, SourceFile};
use crate::ordered::{ordered_map, Bounds};
use crate::reconcile::{MentionSig, MentionTally};
use crate::report::{self, ReportData};
use crate::rows::Origin;
use crate::rows::{
    AcronymCols, BodyCols, Columns, DateCols, DocumentRow, EntityRow, Head, IdentifierCols,
    Provenance, Row, SafeCells, TroopCols,
};
use crate::sections::{self, Sizes};
use crate::swap::Staging;
use crate::write::{encode_plain, encode_records, write_table, RecordEncoder, TableWriter};
use sourcefacts_extract::metadata::path_date;
use sourcefacts_extract::model::{DefinedShort, DocDateSource, DocFacts, Rule};
use sourcefacts_extract::textview::TextView;
use sourcefacts_extract::{ExtractOptions, ExtractorSet, KnownDate};

/// A validated run configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Worker threads; None means all cores.
    pub threads: Option<usize>,
    /// Extractor options (vague dates, lexicon).
    pub extract: ExtractOptions,
    /// User-supplied document dates, by doc path or file name.
    pub doc_dates: HashMap<String, String>,
    /// Write cells verbatim, without spreadsheet-formula neutralization.
    pub raw_csv: bool,
    /// Start every CSV table with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// Extract every document, ignoring the fact cache of earlier runs.
    pub full: bool,
    /// Write no fact cache (a one-off run: about half the bytes written).
    pub no_cache: bool,
    /// When a document is cut into sections, and their length.
    pub sections: Sizes,
    /// Output formats besides CSV.
    pub formats: crate::formats::Formats,
    /// Set (by a signal handler) to stop the run before it publishes; the
    /// staging folder is removed and the previous output kept.
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Config {
    /// A configuration with defaults for everything but the folders.
    pub fn new(corpus: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Config {
            corpus: corpus.into(),
            out: out.into(),
            threads: None,
            extract: ExtractOptions::default(),
            doc_dates: HashMap::new(),
            raw_csv: false,
            bom: false,
            full: false,
            no_cache: false,
            sections: Sizes::default(),
            formats: crate::formats::Formats::default(),
            cancel: std::sync::Arc::default(),
        }
    }

    /// An error if the run was asked to stop.
    fn check_cancel(&self) -> Result<()> {
        if self.cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Error::Interrupted {
                path: self.out.clone(),
            });
        }
        Ok(())
    }
}

/// What a run did, for the summary line and the exit code.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Files listed in documents.csv.
    pub files: usize,
    /// Documents read (ok or empty).
    pub read: usize,
    /// Documents skipped, with reasons: (doc, reason).
    pub skipped: Vec<(String, String)>,
    /// Files ignored (not .txt/.md).
    pub ignored: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Rows per table.
    pub dates: usize,
    /// Troop rows.
    pub troops: usize,
    /// Acronym rows.
    pub acronyms: usize,
    /// Body rows.
    pub bodies: usize,
    /// Entities.
    pub entities: usize,
    /// Conflicts between statements.
    pub conflicts: usize,
    /// Facts stated alike by several documents.
    pub agreements: usize,
    /// Rows dropped because their span failed the invariant check (a bug).
    pub invalid_rows: Vec<String>,
    /// Documents whose facts were reused from the previous run's cache.
    pub reused: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Folders inside the corpus holding an output set, not read.
    pub output_sets: Vec<String>,
    /// `--doc-dates` rows naming no document.
    pub unused_doc_dates: Vec<String>,
    /// Ignored files by extension (`.pdf`: 3).
    pub ignored_kinds: std::collections::BTreeMap<String, usize>,
}

/// Everything one document contributes: the map step's output, and the
/// unit of the fact cache. Rows come already encoded as CSV records, so
/// the consumer only copies bytes; what crosses documents (body mentions,
/// definitions, check statements) comes as compact values.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct DocOutput {
    /// Rebuilt from the file on every run, so not cached.
    #[serde(skip)]
    row: Option<DocumentRow>,
    /// The document date found or given (cached: it is derived from the text).
    doc_date: String,
    /// Where it came from.
    doc_date_source: Option<DocDateSource>,
    /// Title and address from the front matter.
    title: String,
    source_url: String,
    /// Rows per table: dates, troops, acronyms, bodies, identifiers.
    counts: [usize; 5],
    /// dates.csv records.
    dates: String,
    /// troops.csv records.
    troops: String,
    /// acronyms.csv records.
    acronyms: String,
    /// identifiers.csv records.
    identifiers: String,
    /// bodies.csv records without their entity columns: each row's part
    /// before them, then its part after them (newline included).
    bodies: String,
    /// Per body row: the lengths of the two parts, and its mention (an
    /// index into `mentions`).
    body_cuts: Vec<(u32, u32, u32)>,
    /// The document's distinct body mentions.
    mentions: Vec<MentionSig>,
    /// Acronym definitions (short, long), for reconciliation.
    definitions: Vec<(String, String)>,
    /// The states the text names, for reconciliation.
    states: Vec<String>,
    /// What the consistency checks read.
    checks: DocChecks,
    /// Rows dropped by the span check (extractor bugs), described.
    invalid: Vec<String>,
    /// Set when this is one section of a large document.
    #[serde(skip)]
    part: Option<Part>,
}

/// Which section of a large document an output holds.
#[derive(Debug, Clone)]
struct Part {
    /// Its index, and the number of sections.
    k: usize,
    n: usize,
    /// Its length in bytes.
    bytes: u64,
    /// Why it gave no rows (unreadable, or an extractor panicked).
    failure: Option<String>,
}

impl DocOutput {
    /// Copies the fact counts into the document's documents.csv row.
    fn set_counts(&self, row: &mut DocumentRow) {
        [
            row.dates,
            row.troops,
            row.acronyms,
            row.bodies,
            row.identifiers,
        ] = self.counts;
    }
}

/// Runs the whole batch.
pub fn run(cfg: &Config) -> Result<Summary> {
    run_with_progress(cfg, &|_| {})
}

/// How far a run is: documents done of the total, and bytes read so far.
#[derive(Debug, Clone)]
/// What the progress callback receives after each document, and once
/// when the documents are done and the cross-document work begins.
pub struct Progress {
    /// Documents processed.
    pub done: usize,
    /// Files listed.
    pub total: usize,
    /// Bytes of the processed files.
    pub bytes: u64,
    /// Bytes of all listed files.
    pub total_bytes: u64,
    /// The step after the documents (`reconciling 184,212 names`), once
    /// they are all read.
    pub phase: Option<String>,
}

/// Documents in flight at once, per worker thread.
const WINDOW_PER_THREAD: usize = 16;

/// Bytes of input in flight at once (a larger single document runs alone).
const BYTES_IN_FLIGHT: u64 = 64 << 20;

/// [`run`], calling `on_progress` after each document (in order, from the
/// calling thread). The library never prints; the binary draws.
///
/// The map step (read, decode, extract, encode rows) runs on the pool,
/// a bounded window of documents ahead of the reduce step on this thread,
/// which streams rows to the tables and folds what crosses documents:
/// mention signatures for reconciliation, statements for the checks. Body
/// rows wait in a spool file until reconciliation gives their entities.
pub fn run_with_progress(cfg: &Config, on_progress: &(dyn Fn(Progress) + Sync)) -> Result<Summary> {
    let started = Instant::now();
    let listing = ingest::list_corpus(&cfg.corpus)?;
    let files = listing.files;
    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let key = cache_key(cfg);
    let cache: Cache<DocOutput> = if cfg.full {
        Cache::default()
    } else {
        Cache::load(&cfg.out.join(CACHE_FILE), &key)
    };
    let staging = Staging::new(&cfg.out)?;
    let extractors = ExtractorSet::new(&cfg.extract);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Config {
            path: PathBuf::from("--threads"),
            cause: e.to_string(),
        })?;
    let cache_key = (!cfg.no_cache).then_some(key.as_str());
    let mut reduce = Reduce::new(staging.dir(), cache_key, !cfg.raw_csv, cfg.bom)?;
    reduce.formats = cfg.formats;
    let mut summary = Summary {
        files: files.len(),
        unused_doc_dates: crate::inputs::unused_doc_dates(&cfg.doc_dates, &files),
        output_sets: listing.output_sets,
        ..Summary::default()
    };
    let bounds = Bounds {
        window: WINDOW_PER_THREAD * pool.current_num_threads(),
        budget: BYTES_IN_FLIGHT,
    };
    let units = work_units(&pool, &files, &extractors, cfg);
    ordered_map(
        &pool,
        &units,
        bounds,
        Unit::cost,
        |u| match u {
            Unit::Whole(f) => process_isolated(f, &extractors, cfg, &cache),
            Unit::Section { file, large, k } => {
                (process_section(file, large, *k, &extractors, cfg), false)
            }
        },
        |_, (out, reused)| {
            summary.reused += usize::from(reused);
            reduce.add(cfg, out, &mut summary)?;
            on_progress(Progress {
                done: reduce.documents.len(),
                total: files.len(),
                bytes: summary.bytes,
                total_bytes,
                phase: None,
            });
            cfg.check_cancel()
        },
    )?;
    on_progress(Progress {
        done: reduce.documents.len(),
        total: files.len(),
        bytes: summary.bytes,
        total_bytes,
        phase: Some(format!(
            "reconciling {} distinct names, checking sources, writing tables and reports",
            reduce.tally.len()
        )),
    });
    reduce.finish(&mut summary)?;
    cfg.check_cancel()?;
    staging.publish(PRODUCED)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Every file a run writes into the output folder (or may write: an
/// earlier run's workbook is not carried over into a run without one).
pub const PRODUCED: &[&str] = &[
    "documents.csv",
    "dates.csv",
    "troops.csv",
    "acronyms.csv",
    "bodies.csv",
    "identifiers.csv",
    "entities.csv",
    "conflicts.csv",
    "agreements.csv",
    "figures.csv",
    "report.md",
    "report.html",
    "sourcefacts.xlsx",
    CACHE_FILE,
];

/// The body-row spool inside the staging folder (removed when done).
const BODY_SPOOL: &str = ".bodies.spool";

/// The reduce step: documents in corpus order in, tables out. Holds one
/// row per document, the distinct mention signatures, the checks' distinct
/// statements and 12 bytes per body row; rows themselves stream to disk.
struct Reduce {
    dir: PathBuf,
    safe: bool,
    /// CSV tables start with a byte-order mark.
    bom: bool,
    /// Output formats besides CSV.
    formats: crate::formats::Formats,
    documents: Vec<DocumentRow>,
    dates: TableWriter,
    troops: TableWriter,
    acronyms: TableWriter,
    identifiers: TableWriter,
    spool: std::io::BufWriter<std::fs::File>,
    /// Per body row: part lengths and corpus-wide mention signature.
    body_index: Vec<(u32, u32, u32)>,
    tally: MentionTally,
    checker: Checker,
    /// None with `--no-cache`.
    cache_out: Option<CacheWriter>,
    /// Gets the tables and the cache to disk during the run. The body spool
    /// is left out: it is deleted at the end, and the kernel drops dirty
    /// pages of a deleted file without writing them.
    writeback: crate::write::Writeback,
    /// Row counts of a large document's sections so far.
    part_counts: [usize; 5],
    /// Sections of it that gave no rows, and why.
    part_failures: Vec<String>,
}

impl Reduce {
    fn new(dir: &Path, cache_key: Option<&str>, safe: bool, bom: bool) -> Result<Self> {
        let spool_path = dir.join(BODY_SPOOL);
        let spool = std::fs::File::create(&spool_path).map_err(|source| Error::Output {
            path: spool_path,
            source,
        })?;
        let dates = TableWriter::create(dir, "dates.csv", &Row::<DateCols>::header(), bom)?;
        let troops = TableWriter::create(dir, "troops.csv", &Row::<TroopCols>::header(), bom)?;
        let acronyms =
            TableWriter::create(dir, "acronyms.csv", &Row::<AcronymCols>::header(), bom)?;
        let identifiers = TableWriter::create(
            dir,
            "identifiers.csv",
            &Row::<IdentifierCols>::header(),
            bom,
        )?;
        let cache_out = cache_key.map(|k| CacheWriter::create(dir, k)).transpose()?;
        let handles = [&dates, &troops, &acronyms, &identifiers]
            .into_iter()
            .filter_map(TableWriter::handle)
            .chain(cache_out.as_ref().and_then(CacheWriter::handle))
            .collect();
        Ok(Reduce {
            dir: dir.to_path_buf(),
            safe,
            bom,
            formats: crate::formats::Formats::default(),
            documents: Vec::new(),
            dates,
            troops,
            acronyms,
            identifiers,
            spool: std::io::BufWriter::with_capacity(1 << 20, spool),
            body_index: Vec::new(),
            tally: MentionTally::default(),
            checker: Checker::default(),
            cache_out,
            writeback: crate::write::Writeback::new(handles),
            part_counts: [0; 5],
            part_failures: Vec::new(),
        })
    }

    fn spool_err(&self, source: std::io::Error) -> Error {
        Error::Output {
            path: self.dir.join(BODY_SPOOL),
            source,
        }
    }

    /// Folds in the next document's output.
    fn add(&mut self, cfg: &Config, mut o: DocOutput, summary: &mut Summary) -> Result<()> {
        use std::io::Write;
        let mut row = o.row.take().expect("every document yields a row");
        let part = o.part.take();
        let cacheable = row.status == "ok" && part.is_none();
        if let Some(cache) = self.cache_out.as_mut().filter(|_| cacheable) {
            cache.entry(&row.doc, &row.sha256, user_doc_date(cfg, &row.doc), &o)?;
        }
        // A large document's sections add up to one documents.csv row,
        // pushed with its last section.
        let last = part.as_ref().is_none_or(|p| p.k + 1 == p.n);
        if let Some(p) = &part {
            for (sum, n) in self.part_counts.iter_mut().zip(o.counts) {
                *sum += n;
            }
            self.part_failures.extend(p.failure.clone());
            if last {
                [
                    row.dates,
                    row.troops,
                    row.acronyms,
                    row.bodies,
                    row.identifiers,
                ] = std::mem::take(&mut self.part_counts);
                for f in std::mem::take(&mut self.part_failures) {
                    ingest::append_reason(&mut row, &f);
                }
            }
        }
        if last {
            match row.status {
                "ok" | "empty" => summary.read += 1,
                "ignored" => {
                    summary.ignored += 1;
                    let ext = std::path::Path::new(&row.doc).extension().map_or_else(
                        || "no extension".to_string(),
                        |e| format!(".{}", e.to_string_lossy().to_lowercase()),
                    );
                    *summary.ignored_kinds.entry(ext).or_default() += 1;
                }
                _ => summary.skipped.push((row.doc.clone(), row.reason.clone())),
            }
        }
        summary.bytes += part.as_ref().map_or(row.bytes, |p| p.bytes);
        summary.invalid_rows.append(&mut o.invalid);
        summary.dates += o.counts[0];
        summary.troops += o.counts[1];
        summary.acronyms += o.counts[2];
        summary.bodies += o.counts[3];
        // The cache entry is about the size of the table rows it holds.
        let table_bytes = o.dates.len() + o.troops.len() + o.acronyms.len() + o.identifiers.len();
        let cache_bytes = if self.cache_out.is_some() {
            table_bytes + o.bodies.len()
        } else {
            0
        };
        self.writeback.wrote(table_bytes + cache_bytes);
        self.dates.write_records(o.dates.as_bytes())?;
        self.troops.write_records(o.troops.as_bytes())?;
        self.acronyms.write_records(o.acronyms.as_bytes())?;
        self.identifiers.write_records(o.identifiers.as_bytes())?;
        let written = self.spool.write_all(o.bodies.as_bytes());
        written.map_err(|e| self.spool_err(e))?;
        let doc_id = self.documents.len() as u32;
        let mut global: Vec<Option<u32>> = vec![None; o.mentions.len()];
        for (pre, post, m) in o.body_cuts {
            let sig = match global[m as usize] {
                Some(g) => self.tally.count_again(g, doc_id),
                None => {
                    let g = self.tally.add(doc_id, o.mentions[m as usize].clone());
                    global[m as usize] = Some(g);
                    g
                }
            };
            self.body_index.push((pre, post, sig));
        }
        for (s, l) in &o.definitions {
            self.tally.add_definition(s, l);
        }
        self.tally.add_states(doc_id, &o.states);
        self.checker.add(&row.doc, &Source::of(&row), o.checks);
        if last {
            self.documents.push(row);
        }
        Ok(())
    }

    /// Reconciles, checks, writes the remaining tables and the reports.
    fn finish(self, summary: &mut Summary) -> Result<()> {
        let Reduce {
            dir,
            safe,
            bom,
            formats,
            documents,
            dates,
            troops,
            acronyms,
            identifiers,
            spool,
            body_index,
            tally,
            checker,
            cache_out,
            ..
        } = self;
        let mut finished = vec![
            dates.finish()?,
            troops.finish()?,
            acronyms.finish()?,
            identifiers.finish()?,
        ];
        if let Some(cache) = cache_out {
            cache.finish()?;
            finished.push(dir.join(crate::cache::CACHE_FILE));
        }
        // The largest files are done: their trip to the disk overlaps the
        // reconciliation and the bodies table below.
        let syncing = crate::write::sync_in_background(finished);
        let spool_path = dir.join(BODY_SPOOL);
        let spool_err = |source| Error::Output {
            path: spool_path.clone(),
            source,
        };
        spool.into_inner().map_err(|e| spool_err(e.into_error()))?;

        let doc_names: Vec<String> = documents.iter().map(|d| d.doc.clone()).collect();
        let (per_sig, entities) = tally.reconcile(&doc_names);
        // Each signature's entity cells, encoded once.
        let cells: Vec<String> = per_sig
            .iter()
            .map(|a| {
                let mut canonical = a.canonical.clone();
                if safe {
                    crate::rows::neutralize_cell(&mut canonical);
                }
                let rec = encode_plain(&[(a.entity_id.as_str(), canonical, a.method)]);
                rec.trim_end_matches('\n').to_string()
            })
            .collect();
        // The bodies table (a join of the spool with the entity cells, the
        // largest table of a run) and the checks plus reports are
        // independent: they run side by side.
        let (bodies, checked) = std::thread::scope(|scope| {
            let bodies = scope
                .spawn(|| crate::write::join_bodies(&dir, &spool_path, &body_index, &cells, bom));
            let style = crate::write::CsvStyle { safe, bom };
            let checked = check_and_write(&dir, checker, &entities, style, formats);
            let bodies = bodies.join().unwrap_or_else(|_| {
                Err(spool_err(std::io::Error::other(
                    "the bodies writer panicked",
                )))
            });
            (bodies, checked)
        });
        let bodies_syncing = crate::write::sync_in_background(vec![bodies?]);
        let checked = checked?;
        summary.entities = entities.len();
        summary.conflicts = checked.conflicts.len();
        summary.agreements = checked.agreements.len();
        let style = crate::write::CsvStyle { safe, bom };
        write_table(&dir, "documents.csv", &documents, style)?;
        // Document pages read the finished fact tables.
        report::write_reports(
            &dir,
            &ReportData {
                documents: &documents,
                entities: &checked.entities,
                conflicts: &checked.conflicts,
                agreements: &checked.agreements,
                figures: &checked.figures,
            },
        )?;
        if formats.jsonl {
            crate::formats::jsonl_rows(&dir, "documents", &documents)?;
            for stem in ["dates", "troops", "acronyms", "identifiers", "bodies"] {
                crate::formats::jsonl_from_csv(&dir, stem, safe)?;
            }
        }
        if formats.xlsx {
            crate::formats::write_xlsx(&dir, safe)?;
        }
        if formats.parquet {
            crate::formats::write_parquet(&dir, safe)?;
        }
        syncing.wait()?;
        bodies_syncing.wait()
    }
}

/// What the checks found, capped for spreadsheets as written: the report
/// shows it once the bodies table is complete too.
struct Checked {
    entities: Vec<EntityRow>,
    conflicts: Vec<crate::check::ConflictRow>,
    agreements: Vec<AgreementRow>,
    figures: Vec<crate::check::FigureRow>,
}

/// Runs the cross-source checks and writes entities, conflicts, agreements
/// and figures.
fn check_and_write(
    dir: &Path,
    checker: Checker,
    entities: &[EntityRow],
    style: crate::write::CsvStyle,
    formats: crate::formats::Formats,
) -> Result<Checked> {
    use crate::write::cap_list;
    let Findings {
        conflicts,
        agreements,
        figures,
    } = checker.finish(entities);
    if formats.jsonl {
        // The lists whole: CSV caps them below.
        crate::formats::jsonl_rows(dir, "entities", entities)?;
        crate::formats::jsonl_rows(dir, "conflicts", &conflicts)?;
        crate::formats::jsonl_rows(dir, "agreements", &agreements)?;
        crate::formats::jsonl_rows(dir, "figures", &figures)?;
    }
    // A spreadsheet cell holds 32,767 characters: list cells show their
    // first items and count the rest.
    let entities: Vec<EntityRow> = entities
        .iter()
        .map(|e| EntityRow {
            variants: cap_list(&e.variants, " | "),
            docs: cap_list(&e.docs, ";"),
            ..e.clone()
        })
        .collect();
    let agreements: Vec<AgreementRow> = agreements
        .into_iter()
        .map(|a| AgreementRow {
            docs: cap_list(&a.docs, ";"),
            as_written: cap_list(&a.as_written, " | "),
            ..a
        })
        .collect();
    write_table(dir, "entities.csv", &entities, style)?;
    write_table(dir, "conflicts.csv", &conflicts, style)?;
    write_table(dir, "agreements.csv", &agreements, style)?;
    write_table(dir, "figures.csv", &figures, style)?;
    Ok(Checked {
        entities,
        conflicts,
        agreements,
        figures,
    })
}

fn user_doc_date<'c>(cfg: &'c Config, doc: &str) -> Option<&'c str> {
    cfg.doc_dates
        .get(doc)
        .or_else(|| cfg.doc_dates.get(doc.rsplit('/').next().unwrap_or(doc)))
        .map(String::as_str)
}

/// Runs [`process`] so that a bug in an extractor costs one document, not
/// the run: a panic becomes a `skipped` row naming the internal error.
fn process_isolated(
    file: &SourceFile,
    extractors: &ExtractorSet,
    cfg: &Config,
    cache: &Cache<DocOutput>,
) -> (DocOutput, bool) {
    let run = std::panic::AssertUnwindSafe(|| process(file, extractors, cfg, cache));
    std::panic::catch_unwind(run).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let (mut row, _) = ingest::load(file);
        row.status = "skipped";
        row.reason = format!("internal error in extraction (please report): {what}");
        let out = DocOutput {
            row: Some(row),
            ..DocOutput::default()
        };
        (out, false)
    })
}

/// The per-document map: file in, encoded rows out. Pure apart from
/// reading the file. Reuses the cached output of an unchanged document
/// (same path, content and date override); the flag says whether it did.
fn process(
    file: &SourceFile,
    extractors: &ExtractorSet,
    cfg: &Config,
    cache: &Cache<DocOutput>,
) -> (DocOutput, bool) {
    let (mut row, doc) = ingest::load(file);
    let Some(doc) = doc else {
        let out = DocOutput {
            row: Some(row),
            ..DocOutput::default()
        };
        return (out, false);
    };
    let cached = cache.get(&row.doc, &row.sha256, user_doc_date(cfg, &row.doc));
    let reused = cached.is_some();
    let mut out = cached.unwrap_or_else(|| {
        let mut out = DocOutput::default();
        let origin = Origin {
            byte: doc.base,
            ..Origin::default()
        };
        let path_date = path_date(&row.doc);
        let date = match user_doc_date(cfg, &row.doc) {
            Some(d) => KnownDate::Given(d, DocDateSource::User),
            None => KnownDate::Detect(path_date.as_deref()),
        };
        let known = Known { date, shorts: None };
        extract_text(
            &doc.text, &row.doc, origin, known, extractors, cfg, &mut out,
        );
        out
    });
    drop(doc);
    row.doc_date = out.doc_date.clone();
    row.doc_date_source = out.doc_date_source;
    row.title = out.title.clone();
    row.source_url = out.source_url.clone();
    out.set_counts(&mut row);
    out.row = Some(row);
    (out, reused)
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
    out.states = sourcefacts_extract::gazetteer::states_named(view.norm())
        .into_iter()
        .map(str::to_string)
        .collect();
    out.doc_date = facts.doc_date.clone().unwrap_or_default();
    out.doc_date_source = facts.doc_date_source;
    if let Some(fm) = &facts.front_matter {
        out.title = fm.title.clone().unwrap_or_default();
        out.source_url = fm.source_url.clone().unwrap_or_default();
    }
    let prov = Provenance::of_section(&view, doc, origin);
    let mut rows = DocRows::default();
    build_rows(&facts, &prov, &mut rows);
    // Peak memory on a large document: free each stage once done.
    drop(prov);
    drop(facts);
    drop(view);
    // Check every row against the document's own bytes.
    let ok = |h: &Head, t: &str| span_matches(text, origin.byte, h.start, h.end, t);
    let inv = &mut out.invalid;
    retain_valid(&mut rows.dates, "dates", |r| ok(&r.0, &r.1.text), inv);
    retain_valid(&mut rows.troops, "troops", |r| ok(&r.0, &r.1.text), inv);
    retain_valid(
        &mut rows.acronyms,
        "acronyms",
        |r| ok(&r.0, &r.1.short),
        inv,
    );
    retain_valid(
        &mut rows.identifiers,
        "identifiers",
        |r| ok(&r.0, &r.1.text),
        inv,
    );
    let keep = retain_valid(&mut rows.bodies, "bodies", |r| ok(&r.0, &r.1.text), inv);
    let mut keep = keep.into_iter();
    rows.mentions.retain(|_| keep.next().unwrap_or(true));
    rows.encode(!cfg.raw_csv, out);
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

/// A document's rows before encoding.
#[derive(Default)]
struct DocRows {
    dates: Vec<Row<DateCols>>,
    troops: Vec<Row<TroopCols>>,
    acronyms: Vec<Row<AcronymCols>>,
    bodies: Vec<Row<BodyCols>>,
    identifiers: Vec<Row<IdentifierCols>>,
    mentions: Vec<MentionSig>,
    definitions: Vec<(String, String)>,
}

impl DocRows {
    /// Encodes the rows as CSV records and extracts what crosses documents.
    fn encode(self, safe: bool, out: &mut DocOutput) {
        out.counts = [
            self.dates.len(),
            self.troops.len(),
            self.acronyms.len(),
            self.bodies.len(),
            self.identifiers.len(),
        ];
        out.checks =
            DocChecks::from_rows(&self.dates, &self.troops, &self.acronyms, &self.identifiers);
        // Each table's rows are freed as soon as they are encoded.
        out.dates = encode_records(&self.dates, safe);
        drop(self.dates);
        out.troops = encode_records(&self.troops, safe);
        drop(self.troops);
        out.acronyms = encode_records(&self.acronyms, safe);
        drop(self.acronyms);
        out.identifiers = encode_records(&self.identifiers, safe);
        drop(self.identifiers);
        out.definitions = self.definitions;
        let mut distinct: HashMap<MentionSig, u32> = HashMap::new();
        let mut enc = RecordEncoder::default();
        for (mut r, m) in self.bodies.into_iter().zip(self.mentions) {
            if safe {
                r.neutralize();
            }
            let (h, c, t) = r;
            // The record's two parts, joined where the spool puts the
            // entity columns in: the first without its newline.
            let before_len = enc.encode_into((h, c.text, c.kind), &mut out.bodies) - 1;
            out.bodies.pop();
            let after_len = enc.encode_into(t, &mut out.bodies);
            let id = match distinct.get(&m) {
                Some(&id) => id,
                None => {
                    let id = out.mentions.len() as u32;
                    out.mentions.push(m.clone());
                    distinct.insert(m, id);
                    id
                }
            };
            out.body_cuts
                .push((before_len as u32, after_len as u32, id));
        }
    }
}

/// Drops rows whose span fails the invariant, naming each in `invalid`.
/// Returns one keep-flag per original row.
fn retain_valid<C>(
    rows: &mut Vec<Row<C>>,
    table: &str,
    ok: impl Fn(&Row<C>) -> bool,
    invalid: &mut Vec<String>,
) -> Vec<bool> {
    let flags: Vec<bool> = rows.iter().map(&ok).collect();
    for (r, _) in rows.iter().zip(&flags).filter(|(_, k)| !**k) {
        invalid.push(format!(
            "{}: {table} row {}..{} does not match its text (extractor bug)",
            r.0.doc, r.0.start, r.0.end
        ));
    }
    let mut it = flags.iter();
    rows.retain(|_| *it.next().expect("one flag per row"));
    flags
}

fn build_rows(facts: &DocFacts, prov: &Provenance<'_, '_>, out: &mut DocRows) {
    let mut date_ids: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for d in &facts.dates {
        let (head, tail, text) = prov.of("dates", d.span.clone(), d.rule);
        date_ids.push((d.span.clone(), head.fact_id.clone()));
        out.dates.push((
            head,
            DateCols {
                text: text.to_string(),
                value: d.value.clone(),
                granularity: d.granularity,
                anchor_value: d.anchor_value.clone(),
                anchor_fact_id: String::new(),
                subject: d.subject.clone(),
                subject_type: d.subject_type,
                subject_link: d.subject_link,
            },
            tail,
        ));
    }
    for (row, d) in out.dates.iter_mut().zip(&facts.dates) {
        if let Some(a) = &d.anchor_span {
            if let Some((_, id)) = date_ids.iter().find(|(s, _)| s == a) {
                row.1.anchor_fact_id = id.clone();
            }
        }
    }
    for i in &facts.identifiers {
        let (head, tail, text) = prov.of("identifiers", i.span.clone(), Rule::IdentifierSelf);
        out.identifiers.push((
            head,
            IdentifierCols {
                text: text.to_string(),
                value: i.value.clone(),
                series: i.series.clone(),
            },
            tail,
        ));
    }
    for t in &facts.troops {
        let (head, tail, text) = prov.of("troops", t.span.clone(), t.rule);
        out.troops.push((
            head,
            TroopCols {
                text: text.to_string(),
                value: t.value,
                value_high: t.value_high,
                qualifier: t.qualifier,
                unit: t.unit.clone(),
                force: t.force.clone(),
                location: t.location.clone(),
                as_of: t.as_of.clone(),
            },
            tail,
        ));
    }
    for a in &facts.acronyms {
        let (head, tail, short) = prov.of("acronyms", a.short_span.clone(), a.rule);
        let (long_start, long_end) = prov.offsets(a.long_span.clone());
        // The `long` column is the bytes at long_start..long_end; what the
        // checks compare is the long form as read, without link markup.
        let long = prov.display_text(a.long_span.clone());
        out.definitions.push((short.to_string(), long));
        out.acronyms.push((
            head,
            AcronymCols {
                short: short.to_string(),
                long: prov.raw_text(a.long_span.clone()).to_string(),
                long_start,
                long_end,
            },
            tail,
        ));
    }
    for b in &facts.bodies {
        let (head, tail, text) = prov.of("bodies", b.span.clone(), b.rule);
        out.mentions.push(MentionSig {
            // Names are compared and listed as read, without link markup.
            text: prov.display_text(b.span.clone()),
            resolved: b.resolved.clone(),
            is_short: b.is_short,
            kind: b.kind,
            rule: b.rule,
            nation: b.nation.clone(),
            scope: None,
        });
        out.bodies.push((
            head,
            BodyCols {
                text: text.to_string(),
                kind: b.kind.as_str(),
                entity_id: String::new(),
                canonical: String::new(),
                method: String::new(),
            },
            tail,
        ));
    }
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
