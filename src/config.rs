//! What a run is asked to do (`Config`) and what it did (`Summary`,
//! `Progress`): shared by the map, the reduce and the binary.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::sections::Sizes;
use sourcefacts_extract::ExtractOptions;

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
    pub(crate) fn check_cancel(&self) -> Result<()> {
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
    /// Distinct body-mention signatures the reduce reconciled.
    pub distinct_names: usize,
    /// Ignored files by extension (`.pdf`: 3).
    pub ignored_kinds: std::collections::BTreeMap<String, usize>,
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

impl Progress {
    /// Progress through the documents (no phase named yet).
    pub fn documents(done: usize, total: usize, bytes: u64, total_bytes: u64) -> Self {
        Progress {
            done,
            total,
            bytes,
            total_bytes,
            phase: None,
        }
    }
}

pub(crate) fn user_doc_date<'c>(cfg: &'c Config, doc: &str) -> Option<&'c str> {
    // Asked of every document; most runs give no dates at all.
    if cfg.doc_dates.is_empty() {
        return None;
    }
    let name = memchr::memrchr(b'/', doc.as_bytes()).map_or(doc, |i| &doc[i + 1..]);
    cfg.doc_dates
        .get(doc)
        .or_else(|| cfg.doc_dates.get(name))
        .map(String::as_str)
}
