//! Ingest: list the corpus in a sorted, deterministic order and turn each
//! file into a decoded document or a documents.csv row saying why not.
//!
//! Every file below the corpus folder ends up in documents.csv: `.txt` and
//! `.md` files are read (status `ok` or `empty`) or `skipped` with a reason
//! (binary, unreadable, broken link, symlink loop, too large); other files
//! are listed as `ignored`. Hidden folders (`.git`) are not walked.
//!
//! Offsets: a UTF-8 file's offsets count bytes of the file itself (a BOM is
//! stripped from the text and its 3 bytes added back to every offset).
//! A file that is not UTF-8 is decoded (UTF-16 with a BOM, else
//! Windows-1252), and its offsets count bytes of the decoded UTF-8 text;
//! documents.csv says which in its `offsets` column.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::folder::Folder;
use crate::rows::DocumentRow;

/// Largest document read whole. UTF-8 documents over the section threshold
/// are never read whole (see [`crate::sections`]); this bounds the others
/// (Windows-1252, UTF-16), which are decoded in one piece.
pub const MAX_DOC_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// One file found under the corpus folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the corpus folder, with forward slashes.
    pub doc: String,
    /// Full path.
    pub path: PathBuf,
    /// Why this file cannot be read, known already from the walk
    /// (broken link, loop, not a document type).
    pub walk_problem: Option<(Status, String)>,
    /// Size in bytes as listed (0 when unknown), to bound work in flight.
    pub size: u64,
}

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Read and extracted.
    Ok,
    /// Read, but holds no text.
    Empty,
    /// A document that could not be read; `reason` says why.
    Skipped,
    /// Not a document type the pipeline reads (.txt, .md).
    Ignored,
}

impl Status {
    /// The CSV name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Empty => "empty",
            Status::Skipped => "skipped",
            Status::Ignored => "ignored",
        }
    }
}

/// A decoded document ready for the text view.
#[derive(Debug)]
pub struct Document {
    /// Decoded text, BOM removed.
    pub text: String,
    /// Bytes removed before `text` (a UTF-8 BOM): add to every offset.
    pub base: usize,
}

/// What a corpus folder holds: its files, and the folders skipped because
/// they hold a sourcefacts output set.
#[derive(Debug, Default)]
pub struct Listing {
    /// Every file below the root, sorted by relative path.
    pub files: Vec<SourceFile>,
    /// Folders holding an output set (relative paths): never read as input,
    /// so a run writing its output inside the corpus does not read its own
    /// report back.
    pub output_sets: Vec<String>,
}

/// True for a folder holding a sourcefacts output set: the two files
/// every run writes.
pub fn is_output_set(dir: &Path) -> bool {
    dir.join("documents.csv").is_file() && dir.join("report.md").is_file()
}

/// Lists every file below `root`, sorted by relative path, leaving out
/// hidden folders and folders holding an output set.
pub fn list_corpus(root: &Path) -> Result<Listing> {
    let meta = fs::metadata(root).map_err(|e| Error::Corpus {
        path: root.to_path_buf(),
        cause: e.to_string(),
    })?;
    if !meta.is_dir() {
        return Err(Error::Corpus {
            path: root.to_path_buf(),
            cause: "not a folder".into(),
        });
    }
    fs::read_dir(root).map_err(|e| Error::Corpus {
        path: root.to_path_buf(),
        cause: e.to_string(),
    })?;
    let mut out = Vec::new();
    // The files whose sizes are asked of the file system once the walk is
    // done, in parallel (on the caller's rayon pool): one `stat` a file is
    // most of a walk's time.
    let mut sized: Vec<(usize, walkdir::DirEntry)> = Vec::new();
    let mut output_sets = Vec::new();
    // Unsorted: the listing is sorted once at the end. Sorting each
    // folder's entries in the walk compared file names that walkdir finds
    // again in the path at every comparison: 177 M instructions on one
    // core for the archive's 14,000 files, before the first document was
    // read (callgrind).
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || is_hidden_dir(e) {
                return e.depth() == 0;
            }
            let output = e.file_type().is_dir() && is_output_set(e.path());
            if output {
                output_sets.push(relative_doc(root, e.path()));
            }
            !output
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let path = e.path().to_path_buf();
                let doc = relative_doc(root, &path);
                let problem = if is_document_path(&path) {
                    None
                } else if e.file_type().is_file() {
                    Some((Status::Ignored, "not a .txt or .md file".to_string()))
                } else {
                    Some((Status::Skipped, "not a regular file".to_string()))
                };
                sized.push((out.len(), e));
                out.push(SourceFile {
                    doc,
                    path,
                    walk_problem: problem,
                    size: 0,
                });
            }
            Err(err) => {
                let Some(path) = err.path().map(Path::to_path_buf) else {
                    continue;
                };
                let reason = if err.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else if fs::symlink_metadata(&path).is_ok() && fs::metadata(&path).is_err() {
                    "broken symbolic link".to_string()
                } else {
                    let cause = err
                        .io_error()
                        .map_or_else(|| err.to_string(), ToString::to_string);
                    format!("cannot read: {cause}")
                };
                if err.depth() == 0 {
                    return Err(Error::Corpus {
                        path,
                        cause: reason,
                    });
                }
                out.push(SourceFile {
                    doc: relative_doc(root, &path),
                    path,
                    walk_problem: Some((Status::Skipped, reason)),
                    size: 0,
                });
            }
        }
    }
    // (Entries come folder by folder: each split of the pool's work
    // sizes its files by name in their open folder.)
    let sizes: Vec<u64> = sized
        .par_iter()
        .map_init(Folder::default, |folder, (_, e)| {
            folder.size(e.path(), e.path_is_symlink()).unwrap_or(0)
        })
        .collect();
    for ((i, _), size) in sized.iter().zip(sizes) {
        out[*i].size = size;
    }
    // By name; names that are one (file names not UTF-8, shown with
    // U+FFFD) in the order of their paths, component by component, as a
    // walk sorted by file name meets them: the first is kept.
    out.sort_by(|a, b| a.doc.cmp(&b.doc).then_with(|| a.path.cmp(&b.path)));
    out.dedup_by(|a, b| a.doc == b.doc);
    output_sets.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
    Ok(Listing {
        files: out,
        output_sets,
    })
}

/// One line of `sourcefacts list`: a listed file as JSON, which
/// `sourcefacts extract` reads back (so a shard sees exactly what the
/// walk saw, problems included).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ListedFile {
    /// Path relative to the corpus folder.
    pub doc: String,
    /// Path as reached from the working folder.
    pub path: String,
    /// Size in bytes (0 when unknown).
    pub bytes: u64,
    /// Why the file cannot be read, known from the walk: (status, reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<(String, String)>,
}

impl ListedFile {
    /// The listing entry of a file.
    pub fn of(f: &SourceFile) -> Self {
        ListedFile {
            doc: f.doc.clone(),
            path: f.path.to_string_lossy().into_owned(),
            bytes: f.size,
            problem: f
                .walk_problem
                .as_ref()
                .map(|(s, r)| (s.as_str().to_string(), r.clone())),
        }
    }

    /// Back to the file the walk listed.
    pub fn into_source(self) -> SourceFile {
        let status = |s: &str| match s {
            "ignored" => Status::Ignored,
            "empty" => Status::Empty,
            "ok" => Status::Ok,
            _ => Status::Skipped,
        };
        SourceFile {
            doc: self.doc,
            path: PathBuf::from(self.path),
            walk_problem: self.problem.map(|(s, r)| (status(&s), r)),
            size: self.bytes,
        }
    }
}

/// A file named on the command line of `sourcefacts extract`, classified
/// as the corpus walk would: not a .txt or .md file, not a regular file,
/// a broken link. Its document name is its path below `root`.
pub fn named_file(root: &Path, path: &Path) -> Result<SourceFile> {
    let rel = path.strip_prefix(root).map_err(|_| Error::Config {
        path: path.to_path_buf(),
        cause: format!("not under the corpus root {}", root.display()),
    })?;
    if rel.as_os_str().is_empty() {
        return Err(Error::Config {
            path: path.to_path_buf(),
            cause: "is the corpus root, not a file in it".into(),
        });
    }
    let meta = fs::metadata(path);
    let problem = match &meta {
        Err(_) if fs::symlink_metadata(path).is_ok() => {
            Some((Status::Skipped, "broken symbolic link".to_string()))
        }
        Err(e) => Some((Status::Skipped, format!("cannot read: {e}"))),
        Ok(_) if is_document_path(path) => None,
        Ok(m) if m.is_file() => Some((Status::Ignored, "not a .txt or .md file".to_string())),
        Ok(_) => Some((Status::Skipped, "not a regular file".to_string())),
    };
    Ok(SourceFile {
        doc: relative_doc(root, path),
        path: path.to_path_buf(),
        walk_problem: problem,
        size: meta.map_or(0, |m| m.len()),
    })
}

fn is_hidden_dir(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.')
}

fn is_document_path(p: &Path) -> bool {
    p.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("txt") || x.eq_ignore_ascii_case("md"))
}

fn relative_doc(root: &Path, path: &Path) -> String {
    if let Some(plain) = plain_relative(root, path) {
        return plain.to_string();
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// [`relative_doc`] read off the bytes, for the walk's usual path: the
/// root's bytes, a `/`, then UTF-8 names joined by single `/`s, none `.`.
/// `None` for any other (the components then say). Asked once per file:
/// `strip_prefix` and the components cost about as much as the rest of
/// the listing's own work.
#[cfg(unix)]
fn plain_relative<'p>(root: &Path, path: &'p Path) -> Option<&'p str> {
    use std::os::unix::ffi::OsStrExt;
    let (r, p) = (root.as_os_str().as_bytes(), path.as_os_str().as_bytes());
    let rest = p.strip_prefix(r)?;
    let rest = if r.ends_with(b"/") {
        rest
    } else {
        rest.strip_prefix(b"/")?
    };
    let s = std::str::from_utf8(rest).ok()?;
    let plain = !r.is_empty() && s.split('/').all(|c| !c.is_empty() && c != ".");
    plain.then_some(s)
}

#[cfg(not(unix))]
fn plain_relative<'p>(_root: &Path, _path: &'p Path) -> Option<&'p str> {
    None
}

/// Reads and decodes one file. Always returns its documents.csv row (fact
/// counts and document date still zero/empty); the document itself only
/// when it could be read and holds text.
pub fn load(file: &SourceFile) -> (DocumentRow, Option<Document>) {
    load_in(file, &mut Folder::default())
}

/// [`load`], the file opened through `folder` (see [`Folder`]): a
/// caller reading many files of one folder in turn gives each the same.
pub(crate) fn load_in(file: &SourceFile, folder: &mut Folder) -> (DocumentRow, Option<Document>) {
    let mut info = listing_row(file);
    if let Some((status, reason)) = &file.walk_problem {
        info.status = status.as_str();
        if let Ok(m) = fs::metadata(&file.path) {
            info.bytes = m.len();
        }
        append_reason(&mut info, reason);
        return (info, None);
    }
    let bytes = match read_bounded(&file.path, folder) {
        Ok(b) => b,
        Err(reason) => {
            info.status = Status::Skipped.as_str();
            append_reason(&mut info, &reason);
            return (info, None);
        }
    };
    info.bytes = bytes.len() as u64;
    info.sha256 = hex(&Sha256::digest(&bytes));
    match decode(bytes) {
        Err(reason) => {
            info.status = Status::Skipped.as_str();
            append_reason(&mut info, &reason);
            (info, None)
        }
        Ok((doc, encoding, offsets)) => {
            info.encoding = encoding.into();
            info.offsets = offsets.into();
            info.line_endings = line_endings(&doc.text).into();
            if doc.text.trim().is_empty() {
                info.status = Status::Empty.as_str();
                (info, None)
            } else {
                info.status = Status::Ok.as_str();
                (info, Some(doc))
            }
        }
    }
}

/// A file's documents.csv row with what the listing knows: its names,
/// and a note when its name is not UTF-8.
pub fn listing_row(file: &SourceFile) -> DocumentRow {
    // One check of the name's UTF-8 (asked of every document), and a copy
    // that replaces nothing where there is nothing to replace.
    let (path, valid) = match file.path.to_str() {
        Some(p) => (std::borrow::Cow::Borrowed(p), true),
        None => (file.path.to_string_lossy(), false),
    };
    let path = if path.contains('\\') {
        path.replace('\\', "/")
    } else {
        path.into_owned()
    };
    let mut info = DocumentRow {
        doc: file.doc.clone(),
        path,
        ..DocumentRow::default()
    };
    if !valid {
        info.reason = "file name is not valid UTF-8 (shown with U+FFFD)".into();
    }
    info
}

/// Adds a reason to a row's `reason` column.
pub fn append_reason(info: &mut DocumentRow, reason: &str) {
    if info.reason.is_empty() {
        info.reason = reason.to_string();
    } else {
        info.reason = format!("{}; {reason}", info.reason);
    }
}

/// Reads a regular file of at most [`MAX_DOC_BYTES`].
///
/// The file is opened first and asked for its size through the open
/// handle, and read through a limit: a path's `stat`, an open, and the
/// standard library's own `fstat` and `lseek` in `read_to_end` were three
/// lookups of what one gives (`statx` was 1.3% of a one-thread run).
/// Opening does not wait on a named pipe (non-blocking on Linux), so a
/// pipe in the corpus is refused as before, not waited on.
fn read_bounded(path: &Path, folder: &mut Folder) -> std::result::Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    let f = folder.open(path).map_err(cannot)?;
    let meta = f.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_DOC_BYTES {
        return Err(format!(
            "too large: {} bytes (limit {MAX_DOC_BYTES})",
            meta.len()
        ));
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    // One byte past the limit tells a file that grew since it was sized.
    (&f).take(MAX_DOC_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(cannot)?;
    if buf.len() as u64 > MAX_DOC_BYTES {
        return Err(format!(
            "too large: more than {MAX_DOC_BYTES} bytes (it grew while read)"
        ));
    }
    Ok(buf)
}

/// Decodes file bytes: UTF-8 (BOM stripped), UTF-16 with BOM, else
/// Windows-1252. Text with NUL bytes (and no UTF-16 BOM) is binary. UTF-8
/// without a BOM, nearly every file, becomes the text in place, uncopied.
pub fn decode(
    bytes: Vec<u8>,
) -> std::result::Result<(Document, &'static str, &'static str), String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        if enc == encoding_rs::UTF_8 {
            return match simdutf8::basic::from_utf8(&bytes[bom_len..]) {
                Ok(s) => Ok((
                    Document {
                        text: s.to_string(),
                        base: bom_len,
                    },
                    "utf-8 (BOM)",
                    "file-bytes",
                )),
                Err(_) => decode_1252(&bytes[bom_len..]),
            };
        }
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(format!("binary or corrupt {} text", enc.name()));
        }
        let name = if enc == encoding_rs::UTF_16LE {
            "utf-16le"
        } else {
            "utf-16be"
        };
        return Ok((
            Document {
                text: text.into_owned(),
                base: 0,
            },
            name,
            "decoded-utf8",
        ));
    }
    if memchr_nul(&bytes) {
        return Err("binary file (contains NUL bytes)".into());
    }
    // Checked with vector instructions, then copied into a `String`
    // (`String::from_utf8` would check every byte again, four times
    // slower than the copy and the check together; taking the bytes
    // without a check needs unsafe code).
    match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => Ok((
            Document {
                text: text.to_owned(),
                base: 0,
            },
            "utf-8",
            "file-bytes",
        )),
        Err(_) => decode_1252(&bytes),
    }
}

/// Decodes text that is not valid UTF-8. Mostly-UTF-8 text with a few
/// stray bytes (a Windows-1252 apostrophe pasted into a UTF-8 file) keeps
/// its UTF-8 and decodes only the stray bytes as Windows-1252; text with no
/// UTF-8 multi-byte sequence at all is decoded as Windows-1252 whole.
fn decode_1252(
    bytes: &[u8],
) -> std::result::Result<(Document, &'static str, &'static str), String> {
    if memchr_nul(bytes) {
        return Err("binary file (contains NUL bytes)".into());
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut rest = bytes;
    let mut utf8_multibyte = false;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                utf8_multibyte |= !s.is_ascii();
                text.push_str(s);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                let valid = std::str::from_utf8(valid).expect("checked prefix");
                utf8_multibyte |= !valid.is_ascii();
                text.push_str(valid);
                let bad = e.error_len().unwrap_or(after.len()).max(1);
                let (decoded, _) =
                    encoding_rs::WINDOWS_1252.decode_without_bom_handling(&after[..bad]);
                text.push_str(&decoded);
                rest = &after[bad..];
            }
        }
    }
    if !utf8_multibyte {
        let (whole, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        text = whole.into_owned();
    }
    let encoding = if utf8_multibyte {
        "utf-8 + windows-1252 (mixed)"
    } else {
        "windows-1252"
    };
    Ok((Document { text, base: 0 }, encoding, "decoded-utf8"))
}

fn memchr_nul(bytes: &[u8]) -> bool {
    // The memchr crate's search, not `<[u8]>::contains`: core's is a
    // word-at-a-time loop, several times slower over a whole file.
    memchr::memchr(0, bytes).is_some()
}

fn line_endings(text: &str) -> &'static str {
    // Most texts have no CR: one memchr pass, and a second only for those
    // that have (a substring search for CRLF cost more than both).
    let bytes = text.as_bytes();
    let newlines = memchr::memchr_iter(b'\n', bytes).count();
    let (mut cr, mut crlf) = (0, 0);
    for i in memchr::memchr_iter(b'\r', bytes) {
        cr += 1;
        crlf += usize::from(bytes.get(i + 1) == Some(&b'\n'));
    }
    line_endings_of(newlines - crlf, crlf, cr - crlf)
}

/// The documents.csv name of a text's line endings, from the counts of
/// lone LFs, CRLF pairs and lone CRs.
pub fn line_endings_of(lf: usize, crlf: usize, cr: usize) -> &'static str {
    match (lf > 0, crlf > 0, cr > 0) {
        (false, false, false) => "",
        (true, false, false) => "lf",
        (false, true, false) => "crlf",
        (false, false, true) => "cr",
        _ => "mixed",
    }
}

pub use sourcefacts_extract::hex;

#[cfg(test)]
mod tests {
    use super::*;

    /// `relative_doc` by the components alone, as it was.
    fn relative_by_components(root: &Path, path: &Path) -> String {
        let rel = path.strip_prefix(root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    proptest::proptest! {
        #[test]
        fn relative_names_read_off_the_bytes_are_the_components(
            root in "(?:\\.|\\.\\.|/|a|b|é|//|/\\./){0,5}",
            rest in "(?:\\.|\\.\\.|/|a|b|é|//|x\\.md){0,6}",
        ) {
            let path = format!("{root}{rest}");
            let (root, path) = (Path::new(&root), Path::new(&path));
            proptest::prop_assert_eq!(relative_doc(root, path), relative_by_components(root, path));
        }
    }

    #[test]
    fn relative_names_of_usual_walks() {
        for (root, path, want) in [
            ("corpus", "corpus/a/b.md", "a/b.md"),
            ("corpus/", "corpus/a/b.md", "a/b.md"),
            ("corpus", "corpus2/b.md", "corpus2/b.md"),
            ("./corpus", "./corpus/./b.md", "b.md"),
            ("../shared/x", "../shared/x/y/z.txt", "y/z.txt"),
            ("/", "/etc/a.txt", "etc/a.txt"),
        ] {
            assert_eq!(
                relative_doc(Path::new(root), Path::new(path)),
                want,
                "{path}"
            );
            assert_eq!(
                relative_by_components(Path::new(root), Path::new(path)),
                want,
                "{path}"
            );
        }
    }

    /// The listing's order does not hang on the order the file system
    /// hands entries out: by name, and names that are one (not UTF-8,
    /// shown alike) by their paths, the first kept.
    #[test]
    // (File names that are not UTF-8: Linux file systems take any bytes.)
    #[cfg(target_os = "linux")]
    fn the_listing_is_sorted_by_name_and_keeps_the_first_of_names_alike() {
        use std::os::unix::ffi::OsStrExt;
        let root = std::env::temp_dir().join(format!("sf-listing-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for dir in ["b", "a", "a-c", "a/z"] {
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        for file in ["b/1.md", "a-c/2.md", "a/z/3.md", "a/4.md", "0.txt"] {
            fs::write(root.join(file), "text").unwrap();
        }
        // Two names not UTF-8 that read alike once made valid.
        for name in [&b"x\xff.md"[..], &b"x\xfe.md"[..]] {
            let path = root.join(std::ffi::OsStr::from_bytes(name));
            fs::write(path, name).unwrap();
        }
        let listing = list_corpus(&root).unwrap();
        let docs: Vec<&str> = listing.files.iter().map(|f| f.doc.as_str()).collect();
        assert_eq!(
            docs,
            [
                "0.txt",
                "a-c/2.md",
                "a/4.md",
                "a/z/3.md",
                "b/1.md",
                "x\u{FFFD}.md"
            ]
        );
        let kept = listing.files.last().unwrap();
        assert_eq!(kept.path.file_name().unwrap().as_bytes(), b"x\xfe.md");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn utf8_with_bom_keeps_file_offsets() {
        let (d, enc, off) = decode(b"\xEF\xBB\xBFHello".to_vec()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.base, enc, off),
            ("Hello", 3, "utf-8 (BOM)", "file-bytes")
        );
    }

    #[test]
    fn windows_1252_is_decoded() {
        let (d, enc, off) = decode(b"Korea\x92s \x93war\x94 \x96 1953".to_vec()).unwrap();
        assert_eq!(d.text, "Korea\u{2019}s \u{201C}war\u{201D} \u{2013} 1953");
        assert_eq!((enc, off), ("windows-1252", "decoded-utf8"));
    }

    #[test]
    fn mixed_encodings_keep_utf8_and_decode_stray_bytes() {
        let mut bytes = "Korea\u{2019}s war ".as_bytes().to_vec();
        bytes.extend_from_slice(b"\x93ended\x94.");
        let (d, enc, off) = decode(bytes.clone()).unwrap();
        assert_eq!(d.text, "Korea\u{2019}s war \u{201C}ended\u{201D}.");
        assert_eq!((enc, off), ("utf-8 + windows-1252 (mixed)", "decoded-utf8"));
    }

    #[test]
    fn utf16_with_bom_is_decoded_not_binary() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hi 1953".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (d, enc, _) = decode(bytes.clone()).unwrap();
        assert_eq!((d.text.as_str(), enc), ("Hi 1953", "utf-16le"));
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert!(decode(b"PK\x03\x04\x00\x00".to_vec())
            .unwrap_err()
            .contains("binary"));
    }

    #[test]
    fn line_endings_are_named() {
        assert_eq!(line_endings("a\r\nb\r\n"), "crlf");
        assert_eq!(line_endings("a\nb\r\n"), "mixed");
        assert_eq!(line_endings("a\nb"), "lf");
        assert_eq!(line_endings("a\rb\r"), "cr");
        assert_eq!(line_endings("a\r\r\nb"), "mixed");
        assert_eq!(line_endings("ab"), "");
    }

    proptest::proptest! {
        /// The counts are those of the substring searches they replace.
        #[test]
        fn line_ending_counts_match_the_searches(text in "[a\r\n]{0,20}") {
            let crlf = text.matches("\r\n").count();
            let lf = text.matches('\n').count() - crlf;
            let cr = text.matches('\r').count() - crlf;
            proptest::prop_assert_eq!(line_endings(&text), line_endings_of(lf, crlf, cr));
        }
    }
}
