//! The reduce step: every document's output, in corpus order, folded into
//! the output set. Rows stream to the tables; what crosses documents
//! (mention signatures, definitions, check statements) is folded as it
//! arrives; reconciliation, the checks and the report run at the end.
//! `sourcefacts run` feeds it from its own map; `sourcefacts reduce` from
//! the Parquet parts of `sourcefacts extract` (see `parts`).

use std::path::{Path, PathBuf};

use crate::cache::{CacheWriter, CACHE_FILE};
use crate::check::{AgreementRow, Checker, DocChecks, Findings, Source};
use crate::config::{user_doc_date, Config, Summary};
use crate::error::{Error, Result};
use crate::ingest;
use crate::reconcile::{MentionSig, MentionTally};
use crate::report::{self, ReportData, BODIES};
use crate::rows::{
    AcronymCols, Columns, DateCols, DocumentRow, EntityRow, IdentifierCols, Row, TroopCols,
};
use crate::write::{write_table, TableWriter};
use sourcefacts_extract::model::DocDateSource;

/// Everything one document contributes: the map step's output, and the
/// unit of the fact cache. Rows come already encoded as CSV records, so
/// the consumer only copies bytes; what crosses documents (body mentions,
/// definitions, check statements) comes as compact values.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct DocOutput {
    /// Rebuilt from the file on every run, so not cached.
    #[serde(skip)]
    pub(crate) row: Option<DocumentRow>,
    /// The document date found or given (cached: it is derived from the text).
    pub(crate) doc_date: String,
    /// Where it came from.
    pub(crate) doc_date_source: Option<DocDateSource>,
    /// Title and address from the front matter.
    pub(crate) title: String,
    pub(crate) source_url: String,
    /// Rows per table: dates, troops, acronyms, bodies, identifiers.
    pub(crate) counts: [usize; 5],
    /// dates.csv records.
    pub(crate) dates: String,
    /// troops.csv records.
    pub(crate) troops: String,
    /// acronyms.csv records.
    pub(crate) acronyms: String,
    /// identifiers.csv records.
    pub(crate) identifiers: String,
    /// bodies.csv records without their entity columns: each row's part
    /// before them, then its part after them (newline included).
    pub(crate) bodies: String,
    /// Per body row: the lengths of the two parts, and its mention (an
    /// index into `mentions`).
    pub(crate) body_cuts: Vec<(u32, u32, u32)>,
    /// The document's distinct body mentions.
    pub(crate) mentions: Vec<MentionSig>,
    /// Acronym definitions (short, long), for reconciliation.
    pub(crate) definitions: Vec<(String, String)>,
    /// The states the text names, for reconciliation.
    pub(crate) states: Vec<String>,
    /// What the consistency checks read.
    pub(crate) checks: DocChecks,
    /// Rows dropped by the span check (extractor bugs), described.
    pub(crate) invalid: Vec<String>,
    /// Set when this is one section of a large document.
    #[serde(skip)]
    pub(crate) part: Option<Part>,
}

/// Which section of a large document an output holds.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// Its index, and the number of sections.
    pub(crate) k: usize,
    pub(crate) n: usize,
    /// Its length in bytes.
    pub(crate) bytes: u64,
    /// Why it gave no rows (unreadable, or an extractor panicked).
    pub(crate) failure: Option<String>,
}

impl DocOutput {
    /// Copies the fact counts into the document's documents.csv row.
    pub(crate) fn set_counts(&self, row: &mut DocumentRow) {
        [
            row.dates,
            row.troops,
            row.acronyms,
            row.bodies,
            row.identifiers,
        ] = self.counts;
    }
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
pub(crate) struct Reduce {
    pub(crate) dir: PathBuf,
    pub(crate) safe: bool,
    /// CSV tables start with a byte-order mark.
    pub(crate) bom: bool,
    /// Output formats besides CSV.
    pub(crate) formats: crate::formats::Formats,
    pub(crate) documents: Vec<DocumentRow>,
    pub(crate) dates: TableWriter,
    pub(crate) troops: TableWriter,
    pub(crate) acronyms: TableWriter,
    pub(crate) identifiers: TableWriter,
    pub(crate) spool: crate::write::Gather,
    /// Per body row: part lengths and corpus-wide mention signature.
    pub(crate) body_index: Vec<(u32, u32, u32)>,
    pub(crate) tally: MentionTally,
    pub(crate) checker: Checker,
    /// None with `--no-cache`.
    pub(crate) cache_out: Option<CacheWriter>,
    /// Gets the tables and the cache to disk during the run. The body spool
    /// is left out: it is deleted at the end, and the kernel drops dirty
    /// pages of a deleted file without writing them.
    pub(crate) writeback: crate::write::Writeback,
    /// Row counts of a large document's sections so far.
    pub(crate) part_counts: [usize; 5],
    /// Sections of it that gave no rows, and why.
    pub(crate) part_failures: Vec<String>,
    /// Per document (as `documents`), where its rows are in the tables, in
    /// [`report::TABLE_FILES`] order: byte ranges, except bodies, whose
    /// rows are counted here and placed once the table is joined.
    pub(crate) fact_ranges: Vec<report::FactRanges>,
    /// Where the current document's rows began (its first unit's).
    pub(crate) doc_start: Option<report::FactRanges>,
}

impl Reduce {
    pub(crate) fn new(dir: &Path, cache_key: Option<&str>, safe: bool, bom: bool) -> Result<Self> {
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
            spool: crate::write::Gather::new(spool),
            body_index: Vec::new(),
            tally: MentionTally::default(),
            checker: Checker::default(),
            cache_out,
            writeback: crate::write::Writeback::new(handles),
            part_counts: [0; 5],
            part_failures: Vec::new(),
            fact_ranges: Vec::new(),
            doc_start: None,
        })
    }

    fn spool_err(&self, source: std::io::Error) -> Error {
        Error::Output {
            path: self.dir.join(BODY_SPOOL),
            source,
        }
    }

    /// Room for `n` documents' rows and ids, made at once: grown by
    /// doubling, the per-document lists and the checker's table of ids
    /// were copied and rehashed a dozen times over an archive.
    pub(crate) fn expect_documents(&mut self, n: usize) {
        self.documents.reserve(n);
        self.fact_ranges.reserve(n);
        self.checker.expect_documents(n);
    }

    /// Folds in the next document's output.
    pub(crate) fn add(
        &mut self,
        cfg: &Config,
        mut o: DocOutput,
        summary: &mut Summary,
    ) -> Result<()> {
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
        if self.doc_start.is_none() {
            self.doc_start = Some(self.positions());
        }
        // The encoded rows are handed over, not copied (see `Gather`).
        let take = |s: &mut String| std::mem::take(s).into_bytes();
        self.dates.write_records(take(&mut o.dates))?;
        self.troops.write_records(take(&mut o.troops))?;
        self.acronyms.write_records(take(&mut o.acronyms))?;
        self.identifiers.write_records(take(&mut o.identifiers))?;
        let written = self.spool.push(take(&mut o.bodies));
        written.map_err(|e| self.spool_err(e))?;
        let doc_id = self.documents.len() as u32;
        let mut global: Vec<Option<u32>> = vec![None; o.mentions.len()];
        for (pre, post, m) in o.body_cuts {
            let sig = match global[m as usize] {
                Some(g) => self.tally.count_again(g, doc_id),
                None => {
                    let g = self.tally.add(doc_id, &o.mentions[m as usize]);
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
            let end = self.positions();
            let start = self.doc_start.take().unwrap_or_else(|| end.clone());
            self.fact_ranges
                .push(std::array::from_fn(|t| start[t].start..end[t].start));
            self.documents.push(row);
        }
        Ok(())
    }

    /// Where the next rows go in each table (bodies: the row count).
    /// (The body rows of a document are contiguous in the spool and in
    /// bodies.csv alike, so a count places them once the table is joined.)
    fn positions(&self) -> report::FactRanges {
        let at = |p: u64| p..p;
        [
            at(self.dates.position()),
            at(self.troops.position()),
            at(self.acronyms.position()),
            at(self.body_index.len() as u64),
            at(self.identifiers.position()),
        ]
    }

    /// Reconciles, checks, writes the remaining tables and the reports.
    pub(crate) fn finish(self, summary: &mut Summary) -> Result<()> {
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
            mut fact_ranges,
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
        spool.into_inner().map_err(spool_err)?;

        let doc_names: Vec<String> = documents.iter().map(|d| d.doc.clone()).collect();
        // Each document's first body row, and the end: their byte offsets
        // in bodies.csv place each document's rows there.
        let marks: Vec<u32> = fact_ranges
            .iter()
            .map(|r| r[BODIES].start as u32)
            .chain([body_index.len() as u32])
            .collect();
        let style = crate::write::CsvStyle { safe, bom };
        // The checks (all but their name variants, which need the
        // entities) run beside reconciliation, and then beside the bodies
        // table, a join of the spool with the entity cells and the largest
        // table of a run, which needs only reconciliation. The checked
        // tables follow the checks. The join and the checked tables run on
        // the run's pool, so that `--threads` holds there too.
        let (bodies, checked) = std::thread::scope(|scope| {
            let checks = scope.spawn(move || checker.findings());
            let (per_sig, entities) = tally.reconcile(&doc_names);
            // The tally (every distinct name, its documents and counts) is
            // freed beside the joins below, not at the very end after the
            // reports, where it was the last half second's largest drop.
            scope.spawn(move || drop(tally));
            let cells = entity_cells(&per_sig, safe);
            rayon::join(
                || {
                    let join = || {
                        crate::write::join_bodies(
                            &dir,
                            &spool_path,
                            &body_index,
                            &cells,
                            bom,
                            &marks,
                        )
                    };
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(join)).unwrap_or_else(
                        |_| {
                            Err(spool_err(std::io::Error::other(
                                "the bodies writer panicked",
                            )))
                        },
                    )
                },
                || {
                    let mut findings = checks
                        .join()
                        .map_err(|_| spool_err(std::io::Error::other("the checks panicked")))?;
                    crate::check::add_name_variants(&mut findings, &entities);
                    let checked = check_and_write(&dir, findings, entities, style, formats)?;
                    // The report's pages read the tables that are complete
                    // while the bodies join still writes (on a large corpus
                    // this branch ends first).
                    let early = report::EarlyPages::read(
                        &dir,
                        &checked.report_data(&documents, &fact_ranges),
                    )?;
                    Ok((checked, early))
                },
            )
        });
        let (bodies, offsets) = bodies?;
        for (r, at) in fact_ranges.iter_mut().zip(offsets.windows(2)) {
            r[BODIES] = at[0]..at[1];
        }
        let bodies_syncing = crate::write::sync_in_background(vec![bodies]);
        let (checked, early) = checked?;
        summary.entities = checked.entities.len();
        summary.conflicts = checked.conflicts.len();
        summary.agreements = checked.agreements.len();
        // documents.csv beside the reports (which do not read it); the
        // document pages read the finished fact tables.
        let (documents_written, reports_written) = rayon::join(
            || write_table(&dir, "documents.csv", &documents, style),
            || {
                report::write_reports_after(
                    &dir,
                    &checked.report_data(&documents, &fact_ranges),
                    early,
                )
            },
        );
        documents_written?;
        reports_written?;
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
        // Hundreds of thousands of strings: freed beside the syncs and the
        // publication, not before them (about 10 ms on the archive).
        drop_in_background((documents, checked, fact_ranges));
        syncing.wait()?;
        bodies_syncing.wait()
    }
}

/// Drops `value` on a thread of its own, which nothing waits for: the
/// memory goes back while the run finishes, or with the process.
fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// What the checks found, capped for spreadsheets as written: the report
/// shows it once the bodies table is complete too.
struct Checked {
    entities: Vec<EntityRow>,
    conflicts: Vec<crate::check::ConflictRow>,
    agreements: Vec<AgreementRow>,
    figures: Vec<crate::check::FigureRow>,
}

impl Checked {
    /// What the reports show: these findings, with the run's documents
    /// and where their rows are in the tables.
    fn report_data<'a>(
        &'a self,
        documents: &'a [DocumentRow],
        fact_ranges: &'a [report::FactRanges],
    ) -> ReportData<'a> {
        ReportData {
            documents,
            entities: &self.entities,
            conflicts: &self.conflicts,
            agreements: &self.agreements,
            figures: &self.figures,
            fact_ranges,
            memo: Default::default(),
        }
    }
}

/// Each signature's entity cells (`entity_id,canonical,method`), encoded
/// once for all its rows.
fn entity_cells(per_sig: &[crate::reconcile::Assignment], safe: bool) -> Vec<String> {
    use rayon::prelude::*;
    // On the pool: this lies between reconciliation and the joins.
    per_sig
        .par_iter()
        .map(|a| {
            let mut canonical = a.canonical.clone();
            if safe {
                crate::rows::neutralize_cell(&mut canonical);
            }
            let mut cell = String::with_capacity(a.entity_id.len() + canonical.len() + 16);
            crate::record::append(&(a.entity_id.as_str(), canonical, a.method), &mut cell);
            cell.pop();
            cell
        })
        .collect()
}

/// Writes the entities and the checks' findings: conflicts, agreements
/// and figures.
fn check_and_write(
    dir: &Path,
    findings: Findings,
    mut entities: Vec<EntityRow>,
    style: crate::write::CsvStyle,
    formats: crate::formats::Formats,
) -> Result<Checked> {
    use crate::write::cap_list;
    let Findings {
        conflicts,
        agreements,
        figures,
    } = findings;
    if formats.jsonl {
        // The lists whole: CSV caps them below.
        crate::formats::jsonl_rows(dir, "entities", &entities)?;
        crate::formats::jsonl_rows(dir, "conflicts", &conflicts)?;
        crate::formats::jsonl_rows(dir, "agreements", &agreements)?;
        crate::formats::jsonl_rows(dir, "figures", &figures)?;
    }
    // A spreadsheet cell holds 32,767 characters: list cells show their
    // first items and count the rest.
    // Capped in place: the whole lists (a name in thousands of documents)
    // are not copied to be cut.
    for e in &mut entities {
        cap_list(&mut e.variants, " | ");
        cap_list(&mut e.docs, ";");
    }
    let mut agreements = agreements;
    for a in &mut agreements {
        cap_list(&mut a.docs, ";");
        cap_list(&mut a.as_written, " | ");
    }
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
