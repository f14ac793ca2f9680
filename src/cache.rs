//! The fact cache of incremental runs.
//!
//! Each run writes `.sourcefacts-cache.bin` into the output set (so it is
//! published atomically with the tables it explains). Layout:
//!
//! ```text
//! MAGIC | entry | entry | ... | index | index offset (u64 LE) | MAGIC
//! ```
//!
//! Entries and the index are postcard-encoded. The index holds the cache
//! key (which code and options produced the facts: another build,
//! `--vague`, another lexicon discard the whole cache) and, per document,
//! its path, content hash, `--doc-dates` entry and where its entry lies.
//! Loading reads only the index; a document's entry is read when asked
//! for, so memory does not grow with the corpus. Reused facts are the very
//! records a fresh extraction would give, so an incremental run writes the
//! same bytes as a full one.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The cache file's name inside the output folder.
pub const CACHE_FILE: &str = ".sourcefacts-cache.bin";

const MAGIC: &[u8; 8] = b"SFCACHE2";

#[derive(Serialize, Deserialize)]
struct Index {
    key: String,
    entries: Vec<IndexEntry>,
}

#[derive(Serialize, Deserialize)]
struct IndexEntry {
    doc: String,
    sha256: String,
    doc_date_override: Option<String>,
    offset: u64,
    len: u64,
}

/// Cached facts by document, valid for one cache key.
pub struct Cache<T> {
    /// Workers read entries concurrently; a read is a seek and a copy.
    file: Option<Mutex<std::fs::File>>,
    entries: HashMap<String, IndexEntry>,
    _output: std::marker::PhantomData<fn() -> T>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache {
            file: None,
            entries: HashMap::new(),
            _output: std::marker::PhantomData,
        }
    }
}

impl<T: for<'de> Deserialize<'de>> Cache<T> {
    /// Opens the cache at `path` if it exists and was made under `key`;
    /// otherwise (missing, other key, unreadable, corrupt) an empty cache:
    /// a bad cache costs time, never correctness.
    pub fn load(path: &Path, key: &str) -> Self {
        Self::try_load(path, key).unwrap_or_default()
    }

    fn try_load(path: &Path, key: &str) -> Option<Self> {
        let mut file = std::fs::File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        let trailer = 16;
        if size < (MAGIC.len() + trailer) as u64 {
            return None;
        }
        let mut head = [0u8; 8];
        read_at(&mut file, &mut head, 0)?;
        let mut tail = [0u8; 16];
        read_at(&mut file, &mut tail, size - 16)?;
        if &head != MAGIC || &tail[8..] != MAGIC {
            return None;
        }
        let index_at = u64::from_le_bytes(tail[..8].try_into().ok()?);
        let index_len = (size - 16).checked_sub(index_at)?;
        let mut buf = vec![0u8; usize::try_from(index_len).ok()?];
        read_at(&mut file, &mut buf, index_at)?;
        let index: Index = postcard::from_bytes(&buf).ok()?;
        if index.key != key {
            return None;
        }
        let entries = index
            .entries
            .into_iter()
            .filter(|e| {
                e.offset
                    .checked_add(e.len)
                    .is_some_and(|end| end <= index_at)
            })
            .map(|e| (e.doc.clone(), e))
            .collect();
        Some(Cache {
            file: Some(Mutex::new(file)),
            entries,
            _output: std::marker::PhantomData,
        })
    }

    /// The cached facts of `doc`, if its content and date override match
    /// (and its entry reads back whole).
    pub fn get(&self, doc: &str, sha256: &str, doc_date_override: Option<&str>) -> Option<T> {
        let e = self.entries.get(doc).filter(|e| {
            e.sha256 == sha256 && e.doc_date_override.as_deref() == doc_date_override
        })?;
        let mut buf = vec![0u8; usize::try_from(e.len).ok()?];
        let mut file = self.file.as_ref()?.lock().ok()?;
        read_at(&mut file, &mut buf, e.offset)?;
        postcard::from_bytes(&buf).ok()
    }
}

fn read_at(file: &mut std::fs::File, buf: &mut [u8], at: u64) -> Option<()> {
    file.seek(SeekFrom::Start(at)).ok()?;
    file.read_exact(buf).ok()
}

impl<T> Cache<T> {
    /// Number of documents cached.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A writer that counts what passes through it.
struct Counting<'w, W> {
    inner: &'w mut W,
    bytes: u64,
    /// The first write error, kept for the message.
    failure: Option<std::io::Error>,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.inner.write(buf) {
            Ok(n) => {
                self.bytes += n as u64;
                Ok(n)
            }
            Err(e) => {
                let kind = e.kind();
                let text = e.to_string();
                self.failure.get_or_insert(e);
                Err(std::io::Error::new(kind, text))
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a cache file entry by entry; the index goes last.
pub struct CacheWriter {
    out: BufWriter<std::fs::File>,
    path: std::path::PathBuf,
    index: Index,
    offset: u64,
}

impl CacheWriter {
    /// Starts `dir/CACHE_FILE`.
    pub fn create(dir: &Path, key: &str) -> Result<Self> {
        let path = dir.join(CACHE_FILE);
        let err = |source| Error::Output {
            path: path.clone(),
            source,
        };
        let file = std::fs::File::create(&path).map_err(err)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(MAGIC).map_err(err)?;
        Ok(CacheWriter {
            out,
            path,
            index: Index {
                key: key.to_string(),
                entries: Vec::new(),
            },
            offset: MAGIC.len() as u64,
        })
    }

    /// Appends one document's entry.
    pub fn entry<T: Serialize>(
        &mut self,
        doc: &str,
        sha256: &str,
        doc_date_override: Option<&str>,
        output: &T,
    ) -> Result<()> {
        // Streamed into the file (no copy of a large document's rows),
        // counting the bytes for the index.
        let mut counted = Counting {
            inner: &mut self.out,
            bytes: 0,
            failure: None,
        };
        let written = postcard::to_io(output, &mut counted).map(|_| ());
        let (len, failure) = (counted.bytes, counted.failure);
        // postcard reports a failed write as its own error; the I/O error
        // (disk full, ...) is what the user needs to see.
        written.map_err(|e| Error::Output {
            path: self.path.clone(),
            source: failure.unwrap_or_else(|| std::io::Error::other(e)),
        })?;
        self.index.entries.push(IndexEntry {
            doc: doc.to_string(),
            sha256: sha256.to_string(),
            doc_date_override: doc_date_override.map(str::to_string),
            offset: self.offset,
            len,
        });
        self.offset += len;
        Ok(())
    }

    fn encode<S: Serialize>(&self, value: &S) -> Result<Vec<u8>> {
        postcard::to_stdvec(value).map_err(|e| Error::Output {
            path: self.path.clone(),
            source: std::io::Error::other(e),
        })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(|source| Error::Output {
            path: self.path.clone(),
            source,
        })
    }

    /// Another handle on the cache file, for [`crate::write::Writeback`].
    pub fn handle(&self) -> Option<std::fs::File> {
        self.out.get_ref().try_clone().ok()
    }

    /// Writes the index and flushes the file (the staging folder it lives
    /// in is synced as a whole before it is published).
    pub fn finish(mut self) -> Result<()> {
        let index = self.encode(&self.index)?;
        self.write(&index)?;
        self.write(&self.offset.to_le_bytes())?;
        self.write(MAGIC)?;
        let path = self.path.clone();
        let err = |source| Error::Output {
            path: path.clone(),
            source,
        };
        self.out.flush().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_key_mismatch() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = CacheWriter::create(dir.path(), "k1").unwrap();
        w.entry("a.txt", "abc", None, &vec![1u32, 2, 3]).unwrap();
        w.entry("b.txt", "def", Some("2025-01-01"), &vec![4u32])
            .unwrap();
        w.finish().unwrap();
        let c: Cache<Vec<u32>> = Cache::load(&dir.path().join(CACHE_FILE), "k1");
        assert_eq!(c.len(), 2);
        assert_eq!(c.get("a.txt", "abc", None), Some(vec![1, 2, 3]));
        assert_eq!(c.get("a.txt", "abd", None), None);
        assert_eq!(c.get("a.txt", "abc", Some("2025-01-01")), None);
        assert_eq!(c.get("b.txt", "def", Some("2025-01-01")), Some(vec![4]));
        let other: Cache<Vec<u32>> = Cache::load(&dir.path().join(CACHE_FILE), "k2");
        assert!(other.is_empty());
    }

    #[test]
    fn a_failed_write_keeps_its_io_error() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full;
        let mut counted = Counting {
            inner: &mut full,
            bytes: 0,
            failure: None,
        };
        assert!(postcard::to_io(&vec![1u32; 100], &mut counted).is_err());
        let kind = counted.failure.map(|e| e.kind());
        assert_eq!(kind, Some(std::io::ErrorKind::StorageFull));
    }

    #[test]
    fn corrupt_or_truncated_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CACHE_FILE);
        std::fs::write(&path, "not a cache at all, just some text\n").unwrap();
        let c: Cache<u32> = Cache::load(&path, "k");
        assert!(c.is_empty());
        let mut w = CacheWriter::create(dir.path(), "k").unwrap();
        w.entry("a.txt", "abc", None, &7u32).unwrap();
        w.finish().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        for cut in [1, 9, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            let c: Cache<u32> = Cache::load(&path, "k");
            assert!(c.is_empty(), "cut at {cut}");
        }
    }
}
