//! The batch run: list the corpus, map every document to fact rows in
//! parallel (read, decode, view, extract, provenance, check; the text is
//! dropped when its rows are out), reconcile bodies across documents, and
//! write the tables.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::cache::{Cache, CacheWriter, Entry, CACHE_FILE};
use crate::check::{consistency, span_matches, AgreementRow, ConflictRow, Facts};
use crate::error::{Error, Result};
use crate::extract::{ExtractOptions, ExtractorSet};
use crate::ingest::{self, SourceFile};
use crate::model::DocFacts;
use crate::reconcile::{reconcile, MentionKey};
use crate::report::{self, ReportData};
use crate::rows::{
    AcronymCols, BodyCols, DateCols, DocumentRow, EntityRow, Head, IdentifierCols, Provenance, Row,
    TroopCols,
};
use crate::swap::Staging;
use crate::textview::TextView;
use crate::write::{write_table, write_text};

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
    /// Extract every document, ignoring the fact cache of earlier runs.
    pub full: bool,
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
            full: false,
        }
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
}

/// Everything one document contributes (also the unit of the fact cache).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct DocOutput {
    /// Rebuilt from the file on every run, so not cached.
    #[serde(skip)]
    row: Option<DocumentRow>,
    /// The document date found or given (cached: it is derived from the text).
    doc_date: String,
    /// Where it came from (header|user).
    doc_date_source: String,
    dates: Vec<Row<DateCols>>,
    troops: Vec<Row<TroopCols>>,
    acronyms: Vec<Row<AcronymCols>>,
    bodies: Vec<Row<BodyCols>>,
    identifiers: Vec<Row<IdentifierCols>>,
    mentions: Vec<MentionKey>,
    definitions: Vec<(String, String)>,
    invalid: Vec<String>,
}

impl DocOutput {
    /// Copies the fact counts into the document's documents.csv row.
    fn set_counts(&self, row: &mut DocumentRow) {
        row.dates = self.dates.len();
        row.troops = self.troops.len();
        row.acronyms = self.acronyms.len();
        row.bodies = self.bodies.len();
        row.identifiers = self.identifiers.len();
    }
}

/// Runs the whole batch.
pub fn run(cfg: &Config) -> Result<Summary> {
    run_with_progress(cfg, &|_| {})
}

/// How far a run is: documents done of the total, and bytes read so far.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Documents processed.
    pub done: usize,
    /// Files listed.
    pub total: usize,
    /// Bytes of the processed files.
    pub bytes: u64,
}

/// [`run`], calling `on_progress` after each document (from worker
/// threads, in any order). The library never prints; the binary draws.
pub fn run_with_progress(cfg: &Config, on_progress: &(dyn Fn(Progress) + Sync)) -> Result<Summary> {
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    let started = Instant::now();
    let files = ingest::list_corpus(&cfg.corpus)?;
    let (done, bytes) = (AtomicUsize::new(0), AtomicU64::new(0));
    let total = files.len();
    let tick = |o: &DocOutput| {
        let b = o.row.as_ref().map_or(0, |r| r.bytes);
        on_progress(Progress {
            done: done.fetch_add(1, Ordering::Relaxed) + 1,
            total,
            bytes: bytes.fetch_add(b, Ordering::Relaxed) + b,
        });
    };
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
    let outputs: Vec<(DocOutput, bool)> = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let out = process_isolated(f, &extractors, cfg, &cache);
                tick(&out.0);
                out
            })
            .collect()
    });
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };
    let mut tables = Tables::default();
    let mut cache_out = CacheWriter::create(staging.dir(), &key)?;
    for (mut o, reused) in outputs {
        summary.reused += usize::from(reused);
        if let Some(r) = o.row.as_ref().filter(|r| r.status == "ok") {
            cache_out.entry(&Entry {
                doc: r.doc.clone(),
                sha256: r.sha256.clone(),
                doc_date_override: user_doc_date(cfg, &r.doc).map(str::to_string),
                output: &o,
            })?;
        }
        let row = o.row.take().expect("every document yields a row");
        match row.status {
            "ok" | "empty" => summary.read += 1,
            "ignored" => summary.ignored += 1,
            _ => summary.skipped.push((row.doc.clone(), row.reason.clone())),
        }
        summary.bytes += row.bytes;
        summary.invalid_rows.append(&mut o.invalid);
        tables.documents.push(row);
        tables.dates.append(&mut o.dates);
        tables.troops.append(&mut o.troops);
        tables.acronyms.append(&mut o.acronyms);
        tables.bodies.append(&mut o.bodies);
        tables.identifiers.append(&mut o.identifiers);
        tables.mentions.append(&mut o.mentions);
        tables.definitions.append(&mut o.definitions);
    }
    let (assignments, entities) = reconcile(&tables.mentions, &tables.definitions);
    for (row, a) in tables.bodies.iter_mut().zip(assignments) {
        row.1.entity_id = a.entity_id;
        row.1.canonical = a.canonical;
        row.1.method = a.method.to_string();
    }
    tables.entities = entities;
    let (conflicts, agreements) = consistency(&Facts {
        dates: &tables.dates,
        troops: &tables.troops,
        acronyms: &tables.acronyms,
        identifiers: &tables.identifiers,
        entities: &tables.entities,
    });
    tables.conflicts = conflicts;
    tables.agreements = agreements;
    summary.conflicts = tables.conflicts.len();
    summary.agreements = tables.agreements.len();
    summary.dates = tables.dates.len();
    summary.troops = tables.troops.len();
    summary.acronyms = tables.acronyms.len();
    summary.bodies = tables.bodies.len();
    summary.entities = tables.entities.len();
    cache_out.finish()?;
    tables.write(staging.dir(), !cfg.raw_csv)?;
    staging.publish(PRODUCED)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Every file a run writes into the output folder.
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
    "report.md",
    "report.html",
    CACHE_FILE,
];

#[derive(Default)]
struct Tables {
    documents: Vec<DocumentRow>,
    dates: Vec<Row<DateCols>>,
    troops: Vec<Row<TroopCols>>,
    acronyms: Vec<Row<AcronymCols>>,
    bodies: Vec<Row<BodyCols>>,
    identifiers: Vec<Row<IdentifierCols>>,
    entities: Vec<EntityRow>,
    conflicts: Vec<ConflictRow>,
    agreements: Vec<AgreementRow>,
    mentions: Vec<MentionKey>,
    definitions: Vec<(String, String)>,
}

impl Tables {
    fn write(&self, out: &Path, safe: bool) -> Result<()> {
        write_table(out, "dates.csv", &self.dates, safe)?;
        write_table(out, "troops.csv", &self.troops, safe)?;
        write_table(out, "acronyms.csv", &self.acronyms, safe)?;
        write_table(out, "bodies.csv", &self.bodies, safe)?;
        write_table(out, "identifiers.csv", &self.identifiers, safe)?;
        write_table(out, "entities.csv", &self.entities, safe)?;
        write_table(out, "conflicts.csv", &self.conflicts, safe)?;
        write_table(out, "agreements.csv", &self.agreements, safe)?;
        let report = ReportData {
            documents: &self.documents,
            entities: &self.entities,
            conflicts: &self.conflicts,
            agreements: &self.agreements,
        };
        write_text(out, "report.md", &report::markdown(&report))?;
        write_text(out, "report.html", &report::html(&report))?;
        write_table(out, "documents.csv", &self.documents, safe)?;
        Ok(())
    }
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

/// The per-document map: file in, rows out. Pure apart from reading the file.
/// Reuses the cached facts of an unchanged document (same path, content
/// and date override); the flag says whether it did.
fn process(
    file: &SourceFile,
    extractors: &ExtractorSet,
    cfg: &Config,
    cache: &Cache<DocOutput>,
) -> (DocOutput, bool) {
    let (mut row, doc) = ingest::load(file);
    if doc.is_some() {
        if let Some(cached) = cache.get(&row.doc, &row.sha256, user_doc_date(cfg, &row.doc)) {
            let mut out = cached.clone();
            row.doc_date = out.doc_date.clone();
            row.doc_date_source = match out.doc_date_source.as_str() {
                "header" => "header",
                "user" => "user",
                _ => "",
            };
            out.set_counts(&mut row);
            out.row = Some(row);
            return (out, true);
        }
    }
    let mut out = DocOutput::default();
    if let Some(doc) = doc {
        let view = TextView::new(&doc.text);
        let facts = extractors.run(&view, user_doc_date(cfg, &row.doc));
        row.doc_date = facts.doc_date.clone().unwrap_or_default();
        row.doc_date_source = facts.doc_date_source;
        out.doc_date = row.doc_date.clone();
        out.doc_date_source = row.doc_date_source.to_string();
        let prov = Provenance::new(&view, &row.doc, doc.base);
        build_rows(&facts, &prov, &mut out);
        // Check every row against the document's own bytes.
        let ok = |h: &Head, t: &str| span_matches(&doc.text, doc.base, h.start, h.end, t);
        let inv = &mut out.invalid;
        retain_valid(&mut out.dates, "dates", |r| ok(&r.0, &r.1.text), inv);
        retain_valid(&mut out.troops, "troops", |r| ok(&r.0, &r.1.text), inv);
        retain_valid(&mut out.acronyms, "acronyms", |r| ok(&r.0, &r.1.short), inv);
        retain_valid(
            &mut out.identifiers,
            "identifiers",
            |r| ok(&r.0, &r.1.text),
            inv,
        );
        let keep = retain_valid(&mut out.bodies, "bodies", |r| ok(&r.0, &r.1.text), inv);
        let mut keep = keep.into_iter();
        out.mentions.retain(|_| keep.next().unwrap_or(true));
        out.set_counts(&mut row);
    }
    out.row = Some(row);
    (out, false)
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

fn build_rows(facts: &DocFacts, prov: &Provenance<'_, '_>, out: &mut DocOutput) {
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
        let (head, tail, text) = prov.of("identifiers", i.span.clone(), "identifier.self");
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
        let long = prov_text(prov, a.long_span.clone());
        out.definitions.push((short.to_string(), long.clone()));
        out.acronyms.push((
            head,
            AcronymCols {
                short: short.to_string(),
                long,
                long_start,
                long_end,
            },
            tail,
        ));
    }
    for b in &facts.bodies {
        let (head, tail, text) = prov.of("bodies", b.span.clone(), b.rule);
        out.mentions.push(MentionKey {
            doc: head.doc.clone(),
            text: text.to_string(),
            resolved: b.resolved.clone(),
            is_short: b.is_short,
            kind: b.kind,
            rule: b.rule,
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

fn prov_text(prov: &Provenance<'_, '_>, span: std::ops::Range<usize>) -> String {
    let (_, _, text) = prov.of("", span, "");
    text.to_string()
}

/// What the cached facts depend on besides a document's bytes: this build
/// of the code, and the options that change extraction.
fn cache_key(cfg: &Config) -> String {
    format!(
        "{}|vague={}|lexicon={}",
        env!("SOURCEFACTS_BUILD_ID"),
        cfg.extract.vague_dates,
        cfg.extract.lexicon.fingerprint()
    )
}

/// Reads a `--doc-dates` CSV: columns `doc` and `date` (or `value`).
pub fn load_doc_dates(path: &Path) -> Result<HashMap<String, String>> {
    let err = |cause: String| Error::Config {
        path: path.to_path_buf(),
        cause,
    };
    let mut rdr = csv::Reader::from_path(path).map_err(|e| err(format!("cannot read: {e}")))?;
    let headers = rdr.headers().map_err(|e| err(e.to_string()))?.clone();
    let doc_col = headers.iter().position(|h| h == "doc");
    let date_col = headers.iter().position(|h| h == "date" || h == "value");
    let (Some(doc_col), Some(date_col)) = (doc_col, date_col) else {
        return Err(err("needs columns doc and date".into()));
    };
    let mut out = HashMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| err(e.to_string()))?;
        let date = rec.get(date_col).unwrap_or("").trim();
        let valid = date.len() >= 4 && date[..4].bytes().all(|b| b.is_ascii_digit());
        if !valid {
            return Err(err(format!(
                "row {}: {date:?} is not a date like 2025-11-19",
                i + 2
            )));
        }
        out.insert(rec.get(doc_col).unwrap_or("").to_string(), date.to_string());
    }
    Ok(out)
}
