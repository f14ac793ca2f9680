//! The fact cache of incremental runs.
//!
//! Each run writes `.sourcefacts-cache.jsonl` into the output set (so it is
//! published atomically with the tables it explains). Format, one JSON
//! object per line:
//!
//! ```text
//! {"format":1,"key":"<build id>|vague=false|lexicon=<sha256>"}
//! {"doc":"a.txt","sha256":"…","doc_date_override":null,"output":{…rows…}}
//! ```
//!
//! The first line says which code and options produced the facts; any
//! difference (another build, `--vague`, another lexicon) discards the whole
//! cache. A document's cached facts are reused when its path, content hash
//! and `--doc-dates` entry are unchanged; removed documents simply are not
//! asked for. Reused facts are the very rows a fresh extraction would give,
//! so an incremental run writes the same bytes as a full one.

use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The cache file's name inside the output folder.
pub const CACHE_FILE: &str = ".sourcefacts-cache.jsonl";

const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    key: String,
}

/// One document's cached facts.
#[derive(Serialize, Deserialize)]
pub struct Entry<T> {
    /// Document path relative to the corpus folder.
    pub doc: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The `--doc-dates` value used, if any.
    pub doc_date_override: Option<String>,
    /// The document's rows.
    pub output: T,
}

/// Cached facts by document, valid for one cache key.
pub struct Cache<T> {
    entries: HashMap<String, Entry<T>>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache {
            entries: HashMap::new(),
        }
    }
}

impl<T: for<'de> Deserialize<'de>> Cache<T> {
    /// Reads the cache at `path` if it exists and was made under `key`;
    /// otherwise (missing, other key, unreadable, corrupt) an empty cache:
    /// a bad cache costs time, never correctness.
    pub fn load(path: &Path, key: &str) -> Self {
        let Ok(file) = std::fs::File::open(path) else {
            return Cache::default();
        };
        let mut lines = std::io::BufReader::new(file).lines();
        let header: Option<Header> = lines
            .next()
            .and_then(|l| l.ok())
            .and_then(|l| serde_json::from_str(&l).ok());
        if !header.is_some_and(|h| h.format == FORMAT && h.key == key) {
            return Cache::default();
        }
        let mut entries = HashMap::new();
        for line in lines {
            let Ok(line) = line else {
                return Cache::default();
            };
            match serde_json::from_str::<Entry<T>>(&line) {
                Ok(e) => {
                    entries.insert(e.doc.clone(), e);
                }
                Err(_) => return Cache::default(),
            }
        }
        Cache { entries }
    }
}

impl<T> Cache<T> {
    /// The cached facts of `doc`, if its content and date override match.
    pub fn get(&self, doc: &str, sha256: &str, doc_date_override: Option<&str>) -> Option<&T> {
        self.entries
            .get(doc)
            .filter(|e| e.sha256 == sha256 && e.doc_date_override.as_deref() == doc_date_override)
            .map(|e| &e.output)
    }

    /// Number of documents cached.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Writes a cache file line by line.
pub struct CacheWriter {
    out: BufWriter<std::fs::File>,
    path: std::path::PathBuf,
}

impl CacheWriter {
    /// Starts `dir/CACHE_FILE` with its header.
    pub fn create(dir: &Path, key: &str) -> Result<Self> {
        let path = dir.join(CACHE_FILE);
        let err = |source| Error::Output {
            path: path.clone(),
            source,
        };
        let file = std::fs::File::create(&path).map_err(err)?;
        let mut w = CacheWriter {
            out: BufWriter::with_capacity(1 << 20, file),
            path,
        };
        w.line(&Header {
            format: FORMAT,
            key: key.to_string(),
        })?;
        Ok(w)
    }

    /// Appends one document's entry.
    pub fn entry<T: Serialize>(&mut self, entry: &Entry<&T>) -> Result<()> {
        self.line(entry)
    }

    fn line<S: Serialize>(&mut self, value: &S) -> Result<()> {
        let err = |e: std::io::Error| Error::Output {
            path: self.path.clone(),
            source: e,
        };
        serde_json::to_writer(&mut self.out, value).map_err(|e| err(e.into()))?;
        self.out.write_all(b"\n").map_err(err)
    }

    /// Flushes and syncs the file.
    pub fn finish(mut self) -> Result<()> {
        let path = self.path.clone();
        let err = |source| Error::Output {
            path: path.clone(),
            source,
        };
        self.out.flush().map_err(err)?;
        let file = self
            .out
            .into_inner()
            .map_err(|e| e.into_error())
            .map_err(&err)?;
        file.sync_all().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_key_mismatch() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = CacheWriter::create(dir.path(), "k1").unwrap();
        let value = vec![1u32, 2, 3];
        w.entry(&Entry {
            doc: "a.txt".into(),
            sha256: "abc".into(),
            doc_date_override: None,
            output: &value,
        })
        .unwrap();
        w.finish().unwrap();
        let c: Cache<Vec<u32>> = Cache::load(&dir.path().join(CACHE_FILE), "k1");
        assert_eq!(c.get("a.txt", "abc", None), Some(&vec![1, 2, 3]));
        assert_eq!(c.get("a.txt", "abd", None), None);
        assert_eq!(c.get("a.txt", "abc", Some("2025-01-01")), None);
        let other: Cache<Vec<u32>> = Cache::load(&dir.path().join(CACHE_FILE), "k2");
        assert!(other.is_empty());
    }

    #[test]
    fn corrupt_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CACHE_FILE),
            "{\"format\":1,\"key\":\"k\"}\nnot json\n",
        )
        .unwrap();
        let c: Cache<u32> = Cache::load(&dir.path().join(CACHE_FILE), "k");
        assert!(c.is_empty());
    }
}
