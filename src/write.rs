//! Output files: one CSV per table (header first, RFC 4180, UTF-8) and the
//! text reports, each written to a temporary file beside its destination
//! and renamed into place. The whole set is published by `swap`.

use std::io::IoSlice;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::rows::{Columns, SafeCells};

/// Writes `rows` to `dir/name` atomically, header first, RFC 4180, UTF-8.
///
/// With `safe`, text cells that a spreadsheet would run as formulas are
/// neutralized on the way out (see [`crate::rows::SafeCells`]).
pub fn write_table<T: Serialize + Columns + SafeCells + Clone>(
    dir: &Path,
    name: &str,
    rows: &[T],
    style: CsvStyle,
) -> Result<PathBuf> {
    let mut w = TableWriter::create(dir, name, &T::header(), style.bom)?;
    // A chunk at a time: a table's whole encoding (tens of megabytes) would
    // be memory touched once, and grown by copies.
    for chunk in rows.chunks(WRITE_CHUNK_ROWS) {
        w.write_records(encode_records(chunk, style.safe).into_bytes())?;
    }
    w.finish()
}

/// Rows encoded per write by [`write_table`].
const WRITE_CHUNK_ROWS: usize = 1024;

/// How CSV tables are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvStyle {
    /// Neutralize cells a spreadsheet would run as formulas.
    pub safe: bool,
    /// Start every table with a UTF-8 byte-order mark (`--bom`), which
    /// Excel needs to read UTF-8 (without it, `’` shows as `â€™`).
    pub bom: bool,
}

/// A CSV table written as rows stream in: header first, then records
/// already encoded by the workers, into a temp file renamed into place by
/// [`TableWriter::finish`]. Memory stays at one buffer, whatever the size.
pub struct TableWriter {
    dest: PathBuf,
    tmp: tempfile::NamedTempFile,
    out: Gather,
    /// Bytes written so far, header included: where the next record starts.
    written: u64,
}

impl TableWriter {
    /// Starts `dir/name` with the header row `columns` (after a UTF-8
    /// byte-order mark with `bom`).
    pub fn create(dir: &Path, name: &str, columns: &[&str], bom: bool) -> Result<Self> {
        let dest = dir.join(name);
        let out_err = |source| Error::Output {
            path: dest.clone(),
            source,
        };
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .permissions(shared_file())
            .tempfile_in(dir)
            .map_err(out_err)?;
        let file = tmp.as_file().try_clone().map_err(out_err)?;
        let mut out = Gather::new(file);
        let mut line = if bom {
            "\u{feff}".to_string()
        } else {
            String::new()
        };
        line.push_str(&columns.join(","));
        line.push('\n');
        let written = line.len() as u64;
        out.push(line.into_bytes()).map_err(out_err)?;
        Ok(TableWriter {
            dest,
            tmp,
            out,
            written,
        })
    }

    /// Appends encoded records (each ending in a newline).
    pub fn write_records(&mut self, bytes: Vec<u8>) -> Result<()> {
        self.written += bytes.len() as u64;
        self.out.push(bytes).map_err(|source| Error::Output {
            path: self.dest.clone(),
            source,
        })
    }

    /// The byte offset in the table where the next record starts.
    pub fn position(&self) -> u64 {
        self.written
    }

    /// The file, with everything written so far flushed to it, for
    /// writes at offsets past [`Self::position`] (which this writer no
    /// longer tracks).
    #[cfg(unix)]
    pub fn positional(&mut self) -> Result<std::fs::File> {
        let out_err = |source| Error::Output {
            path: self.dest.clone(),
            source,
        };
        self.out.flush().map_err(out_err)?;
        self.out.get_ref().try_clone().map_err(out_err)
    }

    /// Another handle on the file being written, for [`Writeback`].
    pub fn handle(&self) -> Option<std::fs::File> {
        self.tmp.as_file().try_clone().ok()
    }

    /// Flushes and renames the table into place. It is not synced here:
    /// tables are written into a staging folder, and
    /// [`crate::swap::Staging::publish`] makes every file in it durable at
    /// once before publishing, so the run waits on the disk once, not per
    /// file (see also [`sync_in_background`]).
    pub fn finish(self) -> Result<PathBuf> {
        let TableWriter { dest, tmp, out, .. } = self;
        let out_err = |source| Error::Output {
            path: dest.clone(),
            source,
        };
        out.into_inner().map_err(out_err)?;
        tmp.persist(&dest).map_err(|e| out_err(e.error))?;
        Ok(dest)
    }
}

/// A file written from owned byte strings, gathered and handed to the
/// kernel with one `writev` per [`GATHER_BYTES`]: the workers encode each
/// document's rows into strings the writer can keep until then, where a
/// `BufWriter` copied every byte of every table into its buffer first (a
/// second copy of the output, the kernel's being the other).
pub struct Gather {
    file: std::fs::File,
    pending: Vec<Vec<u8>>,
    bytes: usize,
}

/// Bytes gathered before they are written.
const GATHER_BYTES: usize = 1 << 20;

/// Slices one `writev` takes at most (`IOV_MAX` on Linux and the BSDs).
const MAX_SLICES: usize = 1024;

impl Gather {
    /// Writes to `file` from its current position on.
    pub fn new(file: std::fs::File) -> Self {
        Gather {
            file,
            pending: Vec::new(),
            bytes: 0,
        }
    }

    /// Appends `bytes`, written once a megabyte or so is gathered.
    pub fn push(&mut self, bytes: Vec<u8>) -> std::io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.bytes += bytes.len();
        self.pending.push(bytes);
        if self.bytes >= GATHER_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes everything gathered so far.
    pub fn flush(&mut self) -> std::io::Result<()> {
        write_all_gathered(&mut self.file, &self.pending)?;
        self.pending.clear();
        self.bytes = 0;
        Ok(())
    }

    /// The file being written (what is gathered not yet in it).
    pub fn get_ref(&self) -> &std::fs::File {
        &self.file
    }

    /// The file, with everything gathered written to it.
    pub fn into_inner(mut self) -> std::io::Result<std::fs::File> {
        self.flush()?;
        Ok(self.file)
    }
}

/// Writes `bufs` (none empty) to `out` in order, whole, with as few
/// vectored writes as the kernel allows.
fn write_all_gathered(out: &mut impl std::io::Write, bufs: &[Vec<u8>]) -> std::io::Result<()> {
    // The next byte to write: buffer `k`, offset `off`.
    let (mut k, mut off) = (0, 0);
    while k < bufs.len() {
        let slices: Vec<IoSlice<'_>> = std::iter::once(IoSlice::new(&bufs[k][off..]))
            .chain(bufs[k + 1..].iter().map(|b| IoSlice::new(b)))
            .take(MAX_SLICES)
            .collect();
        let mut n = match out.write_vectored(&slices) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        while n > 0 {
            let rest = bufs[k].len() - off;
            if n < rest {
                off += n;
                break;
            }
            n -= rest;
            k += 1;
            off = 0;
        }
    }
    Ok(())
}

/// The most characters a spreadsheet cell holds.
pub const CELL_MAX: usize = 32_767;

/// The most items a list cell shows in CSV (the JSONL rows hold them all).
pub const LIST_ITEMS_MAX: usize = 50;

/// A `sep`-separated list cell cut, in place, to its first
/// [`LIST_ITEMS_MAX`] items and within [`CELL_MAX`] characters, the rest
/// counted (`a;b;… (+12 more)`); a shorter cell is left as it is.
///
/// Every entity's lists pass here in the finish, on its critical path:
/// separators are counted only up to the cap, with `memmem`, and a short
/// cell is not copied (counting every `" | "` with the standard library's
/// substring search and copying every cell was 1.4% of the run's last
/// half second).
pub fn cap_list(cell: &mut String, sep: &str) {
    let separators = memchr::memmem::find_iter(cell.as_bytes(), sep.as_bytes());
    // A cell too short to hold the cap's separators is not searched.
    let may_hold_cap = cell.len() >= LIST_ITEMS_MAX * sep.len();
    if cell.len() <= CELL_MAX
        && !(may_hold_cap && separators.clone().nth(LIST_ITEMS_MAX - 1).is_some())
    {
        return;
    }
    // The items are counted by the fast search and only the shown ones
    // are cut out (a name in thousands of documents lists them all).
    let items = separators.count() + 1;
    let mut out = String::new();
    let mut shown = 0;
    for item in cell.split(sep) {
        // Room for the note (`… (+N more)`) is kept.
        let grown = out.len() + sep.len() + item.len() + 32;
        if shown == LIST_ITEMS_MAX || grown > CELL_MAX {
            break;
        }
        if shown > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
        shown += 1;
    }
    if shown < items {
        out.push_str(&format!("{sep}\u{2026} (+{} more)", items - shown));
    }
    *cell = out;
}

/// How many items a list cell names, capped by [`cap_list`] or not: a
/// capped cell shows its first items and counts the rest in its last
/// (`a;b;… (+12 more)`), so that its length is the shown items and the
/// count. (The report counts an entity's documents this way: a run's
/// widely named entities stand in thousands.)
pub fn list_len(cell: &str, sep: &str) -> usize {
    let shown = memchr::memmem::find_iter(cell.as_bytes(), sep.as_bytes()).count() + 1;
    let more = cell
        .rsplit_once(sep)
        .and_then(|(_, last)| last.strip_prefix("\u{2026} (+")?.strip_suffix(" more)"))
        .and_then(|n| n.parse::<usize>().ok());
    match more {
        Some(n) => shown - 1 + n,
        None => shown,
    }
}

/// Encodes rows as CSV records (no header), neutralizing formula-like
/// cells when `safe` (see [`crate::rows::SafeCells`]).
pub fn encode_records<T: Serialize + SafeCells + Clone>(rows: &[T], safe: bool) -> String {
    if !safe {
        return encode_plain(rows);
    }
    // A neutralized copy of a row only where one of its cells needs it
    // (a few rows in a thousand), one at a time.
    encode_iter(
        rows.len(),
        rows.iter().map(|row| {
            if row.is_safe() {
                return std::borrow::Cow::Borrowed(row);
            }
            let mut r = row.clone();
            r.neutralize();
            std::borrow::Cow::Owned(r)
        }),
    )
}

/// Encodes values as CSV records (no header), cells verbatim.
pub fn encode_plain<T: Serialize>(rows: &[T]) -> String {
    encode_iter(rows.len(), rows.iter())
}

/// Bytes reserved per record: a fact row is about 380 bytes on the
/// archive (its context cell, up to 300 characters, is most of it), and
/// a string grown by doubling copies itself at each step.
pub const RECORD_BYTES: usize = 400;

fn encode_iter<T: Serialize>(n: usize, rows: impl Iterator<Item = T>) -> String {
    let mut out = String::with_capacity(n * RECORD_BYTES);
    for row in rows {
        crate::record::append(&row, &mut out);
    }
    out
}

/// Starts writing finished files to disk on a background thread, so the
/// wait overlaps the work still to do; [`SyncJob::wait`] collects the
/// outcome. Syncing is what makes the staging folder's publication survive
/// a power loss.
pub fn sync_in_background(paths: Vec<PathBuf>) -> SyncJob {
    SyncJob(std::thread::spawn(move || {
        for path in paths {
            let synced = std::fs::File::open(&path).and_then(|f| f.sync_all());
            synced.map_err(|source| Error::Output { path, source })?;
        }
        Ok(())
    }))
}

/// How many bytes a run writes between two background writebacks.
const WRITEBACK_EVERY: usize = 256 << 20;

/// Writes output to disk while the run goes on. The kernel starts writing
/// dirty pages back only past a share of memory (gigabytes on a large
/// machine), so without this a run over a large corpus would leave
/// gigabytes for the final sync to wait on. Every `WRITEBACK_EVERY`
/// bytes, a background thread syncs the files written so far (and, past
/// [`cache_budget`], drops their pages from the cache); its errors are
/// dropped, as the final sync before publishing reports them.
pub struct Writeback {
    files: Vec<std::fs::File>,
    since: usize,
    /// Bytes written in all.
    total: u64,
    /// Past this many bytes written, each writeback also drops the synced
    /// pages from the cache ([`drop_cached`]).
    keep_cached: u64,
    job: Option<std::thread::JoinHandle<()>>,
}

impl Writeback {
    /// Writes back `files` as they grow.
    pub fn new(files: Vec<std::fs::File>) -> Self {
        Writeback {
            files,
            since: 0,
            total: 0,
            keep_cached: cache_budget(),
            job: None,
        }
    }

    /// Counts `bytes` more written; starts a writeback when enough piled up
    /// and the previous one is done.
    pub fn wrote(&mut self, bytes: usize) {
        self.since += bytes;
        self.total += bytes as u64;
        let busy = self.job.as_ref().is_some_and(|j| !j.is_finished());
        if self.since < WRITEBACK_EVERY || busy {
            return;
        }
        self.since = 0;
        let drop = self.total > self.keep_cached;
        let files: Vec<std::fs::File> = self
            .files
            .iter()
            .filter_map(|f| f.try_clone().ok())
            .collect();
        self.job = Some(std::thread::spawn(move || {
            for f in files {
                if f.sync_data().is_ok() && drop {
                    drop_cached(&f);
                }
            }
        }));
    }
}

/// How much of its output a writer leaves in the page cache: a sixteenth
/// of the machine's memory (1.5 GB of 24 GB). Up to that, the output stays
/// cached for the report, which reads rows back, and for the analyst's
/// first look; past it, a run streams its output through the cache
/// instead of filling memory with it (see [`drop_cached`]).
#[cfg(target_os = "linux")]
fn cache_budget() -> u64 {
    let info = rustix::system::sysinfo();
    (info.totalram as u64).saturating_mul(u64::from(info.mem_unit.max(1))) / 16
}

/// Elsewhere nothing is dropped.
#[cfg(not(target_os = "linux"))]
fn cache_budget() -> u64 {
    u64::MAX
}

/// Asks the kernel to drop the pages of `file` that are on disk (after a
/// sync: all it held then). A run over a large corpus writes several times
/// its size; kept in the page cache, its output pushes out what the
/// machine had cached (the corpus the next run reads) and makes the kernel
/// take fresh memory for every page it writes. On a virtual machine whose
/// host backs a page only when the guest first touches it, that costs
/// several times the copy: writing 12 GB took 29.8 s of system time into
/// untouched memory and 5.1 s with the pages dropped behind
/// (docs/PERFORMANCE.md, session 31). Dropped pages are reused for the
/// next writes. Pages still dirty are skipped, and a failure only leaves
/// them cached: the advice is an optimization.
#[cfg(target_os = "linux")]
fn drop_cached(file: &std::fs::File) {
    let _ = rustix::fs::fadvise(file, 0, None, rustix::fs::Advice::DontNeed);
}

/// Elsewhere the kernel keeps what it likes.
#[cfg(not(target_os = "linux"))]
fn drop_cached(_file: &std::fs::File) {}

/// Files being synced by [`sync_in_background`].
pub struct SyncJob(std::thread::JoinHandle<Result<()>>);

impl SyncJob {
    /// Waits for the sync; the first file that failed is the error.
    pub fn wait(self) -> Result<()> {
        self.0.join().unwrap_or_else(|_| {
            Err(Error::Output {
                path: PathBuf::new(),
                source: std::io::Error::other("the sync thread panicked"),
            })
        })
    }
}

/// Writes a text file to `dir/name` atomically (temp file, then rename);
/// like [`TableWriter::finish`], it leaves syncing to the staging folder.
pub fn write_text(dir: &Path, name: &str, content: &str) -> Result<PathBuf> {
    use std::io::Write;
    let dest = dir.join(name);
    let out_err = |source| Error::Output {
        path: dest.clone(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(shared_file())
        .tempfile_in(dir)
        .map_err(out_err)?;
    tmp.write_all(content.as_bytes()).map_err(out_err)?;
    tmp.persist(&dest).map_err(|e| out_err(e.error))?;
    Ok(dest)
}

/// Writes bodies.csv: each spooled row with its entity cells spliced in
/// (`pre`, cells, `post`), then deletes the spool. Returns the table and
/// the byte offset of each of `marks` (row indexes, ascending): where a
/// document's rows begin.
///
/// Every row's length is known before a byte is written, so each row's
/// place in the table is too: on Unix the rows are joined in chunks on
/// the pool, each read from its place in the spool and written at its
/// place in the table, and the bytes are the same whatever the threads.
pub(crate) fn join_bodies(
    dir: &Path,
    spool_path: &Path,
    body_index: &[(u32, u32, u32)],
    cells: &[String],
    bom: bool,
    marks: &[u32],
) -> Result<(PathBuf, Vec<u64>)> {
    let spool_err = |source| Error::Output {
        path: spool_path.to_path_buf(),
        source,
    };
    let mut bodies = TableWriter::create(
        dir,
        "bodies.csv",
        &crate::rows::Row::<crate::rows::BodyCols>::header(),
        bom,
    )?;
    // Where each row starts in the spool and in the table, and the ends.
    let mut spool_at = Vec::with_capacity(body_index.len() + 1);
    let mut table_at = Vec::with_capacity(body_index.len() + 1);
    let (mut s, mut t) = (0u64, bodies.position());
    for &(pre, post, sig) in body_index {
        spool_at.push(s);
        table_at.push(t);
        s += u64::from(pre) + u64::from(post);
        t += u64::from(pre) + u64::from(post) + 2 + cells[sig as usize].len() as u64;
    }
    spool_at.push(s);
    table_at.push(t);
    let offsets = marks
        .iter()
        .map(|&m| table_at[(m as usize).min(body_index.len())])
        .collect();
    let spool = std::fs::File::open(spool_path).map_err(spool_err)?;
    let join = JoinRows {
        body_index,
        cells,
        spool_at: &spool_at,
        table_at: &table_at,
        chunk: JOIN_CHUNK,
    };
    join.write(&spool, &mut bodies, spool_path)?;
    let path = bodies.finish()?;
    drop(spool);
    std::fs::remove_file(spool_path).map_err(spool_err)?;
    Ok((path, offsets))
}

/// Rows of the join handed to a worker at once (about this many bytes).
/// The join is bound by the writes, so small chunks cost no time; with
/// 8 MB ones the archive's peak RSS was 25 to 45 MB higher.
const JOIN_CHUNK: u64 = 2 << 20;

/// The body rows and where each goes: [`join_bodies`]'s work.
struct JoinRows<'a> {
    body_index: &'a [(u32, u32, u32)],
    cells: &'a [String],
    spool_at: &'a [u64],
    table_at: &'a [u64],
    /// Table bytes a chunk holds, about ([`JOIN_CHUNK`]).
    chunk: u64,
}

impl JoinRows<'_> {
    /// Rows in chunks of about `chunk` table bytes.
    fn chunks(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for row in 0..self.body_index.len() {
            if self.table_at[row + 1] - self.table_at[start] >= self.chunk {
                out.push(start..row + 1);
                start = row + 1;
            }
        }
        if start < self.body_index.len() {
            out.push(start..self.body_index.len());
        }
        out
    }

    /// The table bytes of `rows` into `out` (cleared first), from their
    /// spool bytes.
    fn join(&self, rows: std::ops::Range<usize>, spooled: &[u8], out: &mut Vec<u8>) {
        let base = self.spool_at[rows.start];
        out.clear();
        for row in rows {
            let (pre, _, sig) = self.body_index[row];
            let from = (self.spool_at[row] - base) as usize;
            let (to, cut) = (
                (self.spool_at[row + 1] - base) as usize,
                from + pre as usize,
            );
            out.extend_from_slice(&spooled[from..cut]);
            out.push(b',');
            out.extend_from_slice(self.cells[sig as usize].as_bytes());
            out.push(b',');
            out.extend_from_slice(&spooled[cut..to]);
        }
    }

    /// The table bytes of `rows` into `bytes`, their spool bytes first read
    /// into `spooled` by `read` (given the buffer and its spool offset).
    fn read_and_join(
        &self,
        rows: std::ops::Range<usize>,
        (spooled, bytes): (&mut Vec<u8>, &mut Vec<u8>),
        spool_path: &Path,
        read: impl FnOnce(&mut [u8], u64) -> std::io::Result<()>,
    ) -> Result<()> {
        let at = self.spool_at[rows.start];
        spooled.resize((self.spool_at[rows.end] - at) as usize, 0);
        read(spooled, at).map_err(|source| Error::Output {
            path: spool_path.to_path_buf(),
            source,
        })?;
        self.join(rows, spooled, bytes);
        Ok(())
    }

    /// Each chunk read from its place in the spool, joined and written at
    /// its place in the table, on the pool.
    #[cfg(unix)]
    fn write(
        &self,
        spool: &std::fs::File,
        table: &mut TableWriter,
        spool_path: &Path,
    ) -> Result<()> {
        use rayon::prelude::*;
        use std::os::unix::fs::FileExt;
        let file = table.positional()?;
        let writeback = std::sync::Mutex::new(Writeback::new(vec![file.try_clone().map_err(
            |source| Error::Output {
                path: table.dest.clone(),
                source,
            },
        )?]));
        // Each worker's buffers serve all its chunks: fresh ones would be
        // fresh pages, faulted in and zeroed every time.
        let buffers = || (Vec::new(), Vec::new());
        self.chunks()
            .into_par_iter()
            .try_for_each_init(buffers, |(spooled, bytes), rows| {
                let at = self.table_at[rows.start];
                self.read_and_join(rows, (spooled, bytes), spool_path, |buf, from| {
                    spool.read_exact_at(buf, from)
                })?;
                // One writer at a time: writes to one file take its inode's
                // lock, and a second writer spins on it in the kernel (3 s of
                // system time on the 1 GB corpus); waiting here, it sleeps.
                let mut writeback = writeback
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                file.write_all_at(bytes, at)
                    .map_err(|source| Error::Output {
                        path: table.dest.clone(),
                        source,
                    })?;
                writeback.wrote(bytes.len());
                Ok(())
            })
    }

    /// Each chunk read and written in turn.
    #[cfg(not(unix))]
    fn write(
        &self,
        spool: &std::fs::File,
        table: &mut TableWriter,
        spool_path: &Path,
    ) -> Result<()> {
        use std::io::Read;
        let mut spool = spool;
        let mut writeback = Writeback::new(table.handle().into_iter().collect());
        let (mut spooled, mut bytes) = (Vec::new(), Vec::new());
        for rows in self.chunks() {
            // In order: the spool is read straight on.
            self.read_and_join(rows, (&mut spooled, &mut bytes), spool_path, |buf, _| {
                spool.read_exact(buf)
            })?;
            table.write_records(bytes.clone())?;
            writeback.wrote(bytes.len());
        }
        Ok(())
    }
}

/// Permissions for an output file: readable by everyone the user's umask
/// lets read it (0644 by default), as a plain `create` would give; a
/// temporary file's 0600 would keep colleagues on a shared folder out.
pub(crate) fn shared_file() -> std::fs::Permissions {
    mode(0o666)
}

/// Permissions for an output folder (0755 by default, after the umask).
pub(crate) fn shared_dir() -> std::fs::Permissions {
    mode(0o777)
}

#[cfg(unix)]
fn mode(bits: u32) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(bits)
}

#[cfg(not(unix))]
fn mode(_bits: u32) -> std::fs::Permissions {
    // Elsewhere a new file's permissions follow its folder's: a file the
    // way a plain `create` makes it.
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .map(|m| m.permissions())
        .expect("a temporary file")
}

#[cfg(test)]
mod tests {
    /// A writer that takes at most `limit` bytes and a few slices a call,
    /// as a kernel may.
    struct Stingy {
        got: Vec<u8>,
        limit: usize,
        calls: usize,
    }

    impl std::io::Write for Stingy {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.write_vectored(&[std::io::IoSlice::new(buf)])
        }

        fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
            self.calls += 1;
            // Every third call is interrupted before writing anything.
            if self.calls % 3 == 0 {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let mut n = 0;
            for b in bufs.iter().take(5) {
                let take = b.len().min(self.limit - n);
                self.got.extend_from_slice(&b[..take]);
                n += take;
                if n == self.limit {
                    break;
                }
            }
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Gathered buffers reach the file whole and in order, however the
    /// writes are cut: more buffers than one call takes, partial writes,
    /// interrupted calls.
    #[test]
    fn gathered_buffers_are_written_whole_and_in_order() {
        let bufs: Vec<Vec<u8>> = (0..3000u32)
            .map(|i| format!("row {i}{}\n", "x".repeat((i % 7) as usize)).into_bytes())
            .collect();
        let want: Vec<u8> = bufs.concat();
        for limit in [1, 3, 17, 4096, usize::MAX / 2] {
            let mut out = Stingy {
                got: Vec::new(),
                limit,
                calls: 0,
            };
            super::write_all_gathered(&mut out, &bufs).unwrap();
            assert_eq!(out.got, want, "limit {limit}");
        }
    }

    /// A `Gather` writes what it was given, in order, by the time it is
    /// flushed, pushes of nothing included.
    #[test]
    fn a_gather_writes_every_push() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t");
        let mut g = super::Gather::new(std::fs::File::create(&path).unwrap());
        let mut want = Vec::new();
        for i in 0..20_000u32 {
            let b = if i % 5 == 0 {
                Vec::new()
            } else {
                format!("{i},{}\n", "y".repeat((i % 300) as usize)).into_bytes()
            };
            want.extend_from_slice(&b);
            g.push(b).unwrap();
        }
        g.into_inner().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), want);
    }

    /// Rows joined in chunks of any size, each written at its place, make
    /// the table one pass in order makes.
    #[test]
    fn body_rows_are_joined_in_place_whatever_the_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let rows = [
            ("F1,a.txt", "x\n"),
            ("F2,a.txt,\"q\"", "yy\n"),
            ("F3,b.txt", "z\n"),
        ];
        let cells = [
            "E1,Alpha,lexicon".to_string(),
            "E2,Beta,acronym".to_string(),
        ];
        let sigs = [1u32, 0, 1];
        let spool: String = rows
            .iter()
            .map(|(pre, post)| format!("{pre}{post}"))
            .collect();
        let spool_path = dir.path().join("spool");
        std::fs::write(&spool_path, &spool).unwrap();
        let body_index: Vec<(u32, u32, u32)> = rows
            .iter()
            .zip(sigs)
            .map(|((pre, post), sig)| (pre.len() as u32, post.len() as u32, sig))
            .collect();
        let mut want = "h\n".to_string();
        for ((pre, post), sig) in rows.iter().zip(sigs) {
            want += &format!("{pre},{},{post}", cells[sig as usize]);
        }
        for chunk in [1, 60, 1 << 20] {
            let mut table = TableWriter::create(dir.path(), "t.csv", &["h"], false).unwrap();
            let (mut s, mut t) = (0, table.position());
            let (mut spool_at, mut table_at) = (vec![], vec![]);
            for &(pre, post, sig) in &body_index {
                spool_at.push(s);
                table_at.push(t);
                s += u64::from(pre + post);
                t += u64::from(pre + post) + 2 + cells[sig as usize].len() as u64;
            }
            spool_at.push(s);
            table_at.push(t);
            let join = JoinRows {
                body_index: &body_index,
                cells: &cells,
                spool_at: &spool_at,
                table_at: &table_at,
                chunk,
            };
            assert_eq!(
                join.chunks().len(),
                if chunk == 1 {
                    3
                } else if chunk == 60 {
                    2
                } else {
                    1
                }
            );
            let file = std::fs::File::open(&spool_path).unwrap();
            join.write(&file, &mut table, &spool_path).unwrap();
            let path = table.finish().unwrap();
            assert_eq!(
                std::fs::read_to_string(path).unwrap(),
                want,
                "chunks of {chunk}"
            );
        }
    }

    #[test]
    fn a_join_of_many_chunks_on_the_pool_loses_no_row() {
        let dir = tempfile::tempdir().unwrap();
        let cells: Vec<String> = (0..5).map(|i| format!("E{i},Name {i},lexicon")).collect();
        let (mut spool, mut body_index, mut want) = (Vec::new(), Vec::new(), String::new());
        // About 7 MB of spool: several chunks of odd lengths.
        for i in 0..150_000u32 {
            let pre = format!("F{i},doc{}.txt,{}", i % 7, "w".repeat((i % 61) as usize));
            let post = format!("{}\n", i * 7);
            want += &format!("{pre},{},{post}", cells[(i % 5) as usize]);
            spool.extend_from_slice(pre.as_bytes());
            spool.extend_from_slice(post.as_bytes());
            body_index.push((pre.len() as u32, post.len() as u32, i % 5));
        }
        assert!(spool.len() as u64 > 3 * JOIN_CHUNK);
        let spool_path = dir.path().join("spool");
        std::fs::write(&spool_path, &spool).unwrap();
        let marks = [0, 70_000, 150_000];
        let (path, offsets) =
            join_bodies(dir.path(), &spool_path, &body_index, &cells, false, &marks).unwrap();
        let table = std::fs::read_to_string(path).unwrap();
        let header = table.find('\n').unwrap() + 1;
        assert_eq!(table[header..], want);
        // Each mark is where its row starts in the table (the end, past the last).
        assert_eq!(offsets[0], header as u64);
        assert!(table[offsets[1] as usize..].starts_with("F70000,"));
        assert_eq!(offsets[2], table.len() as u64);
        assert!(!spool_path.exists());
    }

    fn capped(cell: &str, sep: &str) -> String {
        let mut cell = cell.to_string();
        super::cap_list(&mut cell, sep);
        cell
    }

    #[test]
    fn long_list_cells_are_capped_with_a_count() {
        let many: Vec<String> = (0..120).map(|i| format!("doc{i}.txt")).collect();
        let cell = capped(&many.join(";"), ";");
        assert!(cell.starts_with("doc0.txt;doc1.txt;"));
        assert!(cell.ends_with(";\u{2026} (+70 more)"), "{cell}");
        let huge: Vec<String> = (0..20)
            .map(|i| format!("{i}{}", "x".repeat(5000)))
            .collect();
        let cell = capped(&huge.join(" | "), " | ");
        assert!(
            cell.len() <= super::CELL_MAX && cell.ends_with("more)"),
            "{}",
            cell.len()
        );
        assert_eq!(capped("a;b", ";"), "a;b");
    }

    /// The first version: every separator counted, every cell copied.
    fn cap_list_by_counting_all(cell: &str, sep: &str) -> String {
        if cell.len() <= super::CELL_MAX && cell.matches(sep).count() < super::LIST_ITEMS_MAX {
            return cell.to_string();
        }
        let items: Vec<&str> = cell.split(sep).collect();
        let mut out = String::new();
        let mut shown = 0;
        for item in &items {
            let grown = out.len() + sep.len() + item.len() + 32;
            if shown == super::LIST_ITEMS_MAX || grown > super::CELL_MAX {
                break;
            }
            if shown > 0 {
                out.push_str(sep);
            }
            out.push_str(item);
            shown += 1;
        }
        if shown < items.len() {
            out.push_str(&format!("{sep}\u{2026} (+{} more)", items.len() - shown));
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// A list's length reads back from its cell, capped or not, by
        /// items or by characters: document names (no separator inside).
        #[test]
        fn a_capped_list_keeps_its_length(
            n in 1usize..200,
            long in proptest::collection::vec(0usize..200, 0..6),
        ) {
            let mut items: Vec<String> = (0..n).map(|i| format!("folder/doc-{i}.md")).collect();
            for at in long {
                if at < n {
                    items[at] = format!("{}.md", "y".repeat(9000));
                }
            }
            let cell = capped(&items.join(";"), ";");
            proptest::prop_assert_eq!(super::list_len(&cell, ";"), n);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Lists of any length around the cap, items short, empty or long
        /// enough to pass the character cap, separators glued together.
        #[test]
        fn capped_as_counting_every_separator(
            items in proptest::collection::vec("(|a|b c|x{1,3}|;|\\|)", 0..120),
            long in proptest::collection::vec((0usize..120, 1000usize..9000), 0..7),
            bar in proptest::bool::ANY,
        ) {
            let sep = if bar { " | " } else { ";" };
            let mut items = items;
            for (at, len) in long {
                if at < items.len() {
                    items[at] = "y".repeat(len);
                }
            }
            let cell = items.join(sep);
            proptest::prop_assert_eq!(capped(&cell, sep), cap_list_by_counting_all(&cell, sep));
        }
    }

    #[test]
    fn a_list_at_the_item_cap_is_cut_only_past_it() {
        let items = |n: usize| {
            (0..n)
                .map(|i| format!("d{i}"))
                .collect::<Vec<_>>()
                .join(" | ")
        };
        // 50 items (49 separators) stay whole; 51 are cut to 50 and counted.
        assert_eq!(capped(&items(50), " | "), items(50));
        let cut = capped(&items(51), " | ");
        assert_eq!(cut, format!("{} | \u{2026} (+1 more)", items(50)));
        // Separators glued to each other count as the standard search counts
        // them (non-overlapping).
        assert_eq!(capped(&";".repeat(49), ";"), ";".repeat(49));
        assert!(capped(&";".repeat(50), ";").ends_with("(+1 more)"));
    }

    use super::*;
    use crate::rows::EntityRow;
    use std::fs;

    #[test]
    fn writeback_starts_once_enough_is_written_and_one_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let p = write_text(dir.path(), "a.txt", "x\n").unwrap();
        let mut wb = Writeback::new(vec![std::fs::File::open(&p).unwrap()]);
        // Past the budget at once: the writeback drops what it synced.
        wb.keep_cached = 0;
        wb.wrote(WRITEBACK_EVERY - 1);
        assert!(wb.job.is_none());
        wb.wrote(1);
        let job = wb.job.take().expect("a writeback started");
        job.join().unwrap();
        assert_eq!(wb.since, 0);
        // The synced pages were dropped from the cache, not the file.
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "x\n");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn output_stays_cached_up_to_a_sixteenth_of_memory() {
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap();
        let kb: u64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().strip_suffix("kB"))
            .and_then(|v| v.trim().parse().ok())
            .expect("MemTotal in /proc/meminfo");
        assert_eq!(cache_budget(), kb * 1024 / 16);
        assert_eq!(Writeback::new(Vec::new()).keep_cached, cache_budget());
    }

    #[test]
    fn dropping_cached_pages_keeps_every_byte_written_before_and_after() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut f = std::fs::File::create(&path).unwrap();
        let block: Vec<u8> = (0..=255u8).cycle().take(1 << 16).collect();
        f.write_all(&block).unwrap();
        f.sync_data().unwrap();
        drop_cached(&f);
        // Written after the drop, and dropped while still dirty.
        f.write_all(&block[..1000]).unwrap();
        drop_cached(&f);
        let mut want = block.clone();
        want.extend_from_slice(&block[..1000]);
        assert_eq!(std::fs::read(&path).unwrap(), want);
    }

    #[test]
    fn background_sync_reports_the_file_it_could_not_sync() {
        let dir = tempfile::tempdir().unwrap();
        let p = write_text(dir.path(), "a.txt", "x\n").unwrap();
        assert!(sync_in_background(vec![p.clone()]).wait().is_ok());
        let missing = dir.path().join("gone.csv");
        match sync_in_background(vec![p, missing.clone()]).wait() {
            Err(Error::Output { path, .. }) => assert_eq!(path, missing),
            other => panic!("expected an output error, got {other:?}"),
        }
    }

    #[test]
    fn empty_tables_get_a_header_and_no_temp_files_remain() {
        let dir = tempfile::tempdir().unwrap();
        let rows: Vec<EntityRow> = Vec::new();
        let style = CsvStyle {
            safe: true,
            bom: false,
        };
        let p = write_table(dir.path(), "entities.csv", &rows, style).unwrap();
        assert_eq!(
            fs::read_to_string(p).unwrap(),
            "entity_id,type,canonical,short,variants,docs,mentions,method,nation\n"
        );
        write_text(dir.path(), "r.md", "# x\n").unwrap();
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn records_appended_one_at_a_time_are_the_table() {
        let mut out = String::new();
        assert_eq!(crate::record::append(&("a", "b,c", 1), &mut out), 10);
        assert_eq!(
            crate::record::append(&("x\ny",), &mut out),
            6,
            "records of any shape"
        );
        assert_eq!(out, "a,\"b,c\",1\n\"x\ny\"\n");
        assert_eq!(
            out,
            encode_plain(&[("a", "b,c", 1)]) + &encode_plain(&[("x\ny",)])
        );
    }

    #[test]
    fn rewriting_replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        write_text(dir.path(), "a.txt", "a much longer first version\n").unwrap();
        write_text(dir.path(), "a.txt", "short\n").unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "short\n"
        );
    }
}
