//! Publishing a run's output as one atomic step.
//!
//! All tables and reports are written into a staging folder beside the
//! output folder (same filesystem), which is then exchanged with the output
//! folder in a single `renameat2(RENAME_EXCHANGE)` call on Linux. Whoever
//! looks at the output folder, at any moment, sees either the previous
//! complete set or the new complete set, never a mix, and a run killed at
//! any point (SIGINT, SIGKILL, power loss after the fsyncs) leaves the
//! previous set intact. Elsewhere (or on a filesystem without the call) the
//! swap falls back to two renames, which can leave a moment with no output
//! folder but still never a mixed one.
//!
//! Files in the output folder that the run does not produce (a README, a
//! note of the user's) are carried into the new set unchanged. A folder
//! inside the output folder is refused: the swap would move it too.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A staging folder for the next output set.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    published: bool,
}

impl Drop for Staging {
    /// A run that fails before publishing leaves no staging folder behind.
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn out_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Output {
        path: path.to_path_buf(),
        source,
    }
}

/// Folders of an output set the tool writes itself (`--format jsonl`,
/// `parquet`, the report's pages): replaced with the set, never refused.
pub const OWN_FOLDERS: &[&str] = &["jsonl", "parquet", "report"];

fn stale_prefix(out: &Path) -> String {
    let name = out
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.sourcefacts-")
}

impl Staging {
    /// Creates a fresh staging folder beside `out`, removing what killed
    /// runs left behind, and checks that `out` can be replaced.
    pub fn new(out: &Path) -> Result<Staging> {
        let out = if out.is_absolute() {
            out.to_path_buf()
        } else {
            std::env::current_dir().map_err(out_err(out))?.join(out)
        };
        let parent = out.parent().ok_or_else(|| Error::Output {
            path: out.clone(),
            source: std::io::Error::other("the output folder has no parent folder"),
        })?;
        fs::create_dir_all(parent).map_err(out_err(parent))?;
        if let Ok(meta) = fs::metadata(&out) {
            if !meta.is_dir() {
                return Err(Error::Output {
                    path: out.clone(),
                    source: std::io::Error::other("exists and is not a folder"),
                });
            }
            if let Some(sub) = fs::read_dir(&out)
                .map_err(out_err(&out))?
                .filter_map(std::result::Result::ok)
                .filter(|e| !OWN_FOLDERS.iter().any(|f| e.file_name() == *f))
                .find(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            {
                return Err(Error::Output {
                    path: out.clone(),
                    source: std::io::Error::other(format!(
                        "holds a folder ({}); the output folder is replaced as a whole, so use one without sub-folders",
                        sub.file_name().to_string_lossy()
                    )),
                });
            }
        }
        let prefix = stale_prefix(&out);
        if let Ok(entries) = fs::read_dir(parent) {
            for e in entries.filter_map(std::result::Result::ok) {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .permissions(crate::write::shared_dir())
            .tempdir_in(parent)
            .map_err(out_err(parent))?
            .keep();
        Ok(Staging {
            dir,
            out,
            published: false,
        })
    }

    /// Where the new set is written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Carries over files of the current output folder that this run does
    /// not write, then swaps the staging folder in and removes the old set.
    pub fn publish(mut self, produced: &[&str]) -> Result<()> {
        if let Ok(entries) = fs::read_dir(&self.out) {
            for e in entries.filter_map(std::result::Result::ok) {
                let name = e.file_name();
                let to = self.dir.join(&name);
                // A file this run wrote is never replaced by the old one.
                let keep = !produced.iter().any(|p| name.to_string_lossy() == *p)
                    && e.file_type().is_ok_and(|t| t.is_file())
                    && !to.exists();
                if keep && fs::hard_link(e.path(), &to).is_err() {
                    fs::copy(e.path(), &to).map_err(out_err(&to))?;
                }
            }
        }
        sync_files(&self.dir)?;
        sync_dir(&self.dir)?;
        if self.out.exists() {
            exchange(&self.dir, &self.out)?;
            // `self.dir` now holds the previous set.
            fs::remove_dir_all(&self.dir).map_err(out_err(&self.dir))?;
        } else {
            fs::rename(&self.dir, &self.out).map_err(out_err(&self.out))?;
        }
        self.published = true;
        if let Some(parent) = self.out.parent() {
            sync_dir(parent)?;
        }
        Ok(())
    }
}

/// Makes every file of the staging folder durable before the swap, so a
/// power loss right after it cannot publish files whose data never reached
/// the disk. Files already synced (by the writer's background sync)
/// cost next to nothing here. The files are synced concurrently: an
/// fsync waits on the disk, not the CPU, and the file system commits
/// concurrent syncs together (the archive's 130 report pages, synced one
/// after another, held the end of a run for about 40 ms).
fn sync_files(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    list_tree(dir, &mut files, &mut dirs)?;
    sync_concurrently(&files)?;
    // A folder's entries are durable once its files are.
    for d in &dirs {
        sync_dir(d)?;
    }
    Ok(())
}

/// The files below `dir`, and its folders, deepest first.
fn list_tree(dir: &Path, files: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) -> Result<()> {
    for e in fs::read_dir(dir)
        .map_err(out_err(dir))?
        .filter_map(std::result::Result::ok)
    {
        let path = e.path();
        if e.file_type().is_ok_and(|t| t.is_file()) {
            files.push(path);
        } else if e.file_type().is_ok_and(|t| t.is_dir()) {
            list_tree(&path, files, dirs)?;
            dirs.push(path);
        }
    }
    Ok(())
}

/// Threads syncing files at once: enough for the file system to commit
/// them together; each waits on the disk, so they cost no CPU.
const SYNC_THREADS: usize = 8;

/// `fsync`s every file of `files`, on up to [`SYNC_THREADS`] threads.
/// The error reported is the first in `files`' order, whatever the timing.
fn sync_concurrently(files: &[PathBuf]) -> Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let sync_next = || {
        let mut failed = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else {
                return failed;
            };
            if let Err(e) = fs::File::open(path).and_then(|f| f.sync_all()) {
                failed.push((i, e));
            }
        }
    };
    let threads = SYNC_THREADS.min(files.len());
    let mut failed: Vec<(usize, std::io::Error)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads).map(|_| s.spawn(sync_next)).collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    failed.sort_by_key(|(i, _)| *i);
    match failed.into_iter().next() {
        Some((i, e)) => Err(out_err(&files[i])(e)),
        None => Ok(()),
    }
}

fn sync_dir(dir: &Path) -> Result<()> {
    // Directory fsync makes the renames durable; it is not supported
    // everywhere, and a failure there is no reason to fail the run.
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(_) => two_renames(a, b),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    two_renames(a, b)
}

/// Fallback swap: `b` -> `b.old`, `a` -> `b`, `b.old` -> `a`.
fn two_renames(a: &Path, b: &Path) -> Result<()> {
    let old = a.with_extension("old");
    fs::rename(b, &old).map_err(out_err(b))?;
    fs::rename(a, b).map_err(out_err(b))?;
    fs::rename(&old, a).map_err(out_err(a))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_replaces_the_set_and_keeps_other_files() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("output");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("README.md"), "mine").unwrap();
        fs::write(out.join("dates.csv"), "old").unwrap();
        fs::write(out.join("stale.csv"), "old table").unwrap();
        let s = Staging::new(&out).unwrap();
        fs::write(s.dir().join("dates.csv"), "new").unwrap();
        // A file the run wrote but did not declare is still not replaced
        // by the old one.
        fs::write(out.join("new.csv"), "old").unwrap();
        fs::write(s.dir().join("new.csv"), "new").unwrap();
        s.publish(&["dates.csv", "stale.csv"]).unwrap();
        assert_eq!(fs::read_to_string(out.join("dates.csv")).unwrap(), "new");
        assert_eq!(fs::read_to_string(out.join("new.csv")).unwrap(), "new");
        assert_eq!(fs::read_to_string(out.join("README.md")).unwrap(), "mine");
        assert!(!out.join("stale.csv").exists());
        let leftovers: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders left behind");
    }

    #[test]
    fn a_missing_output_folder_is_created_and_sub_folders_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("new-out");
        let s = Staging::new(&out).unwrap();
        fs::write(s.dir().join("a.csv"), "x").unwrap();
        s.publish(&["a.csv"]).unwrap();
        assert!(out.join("a.csv").exists());
        fs::create_dir(out.join("sub")).unwrap();
        assert!(Staging::new(&out).is_err());
    }

    #[test]
    fn files_are_synced_below_every_folder_and_the_first_failure_is_named() {
        let root = tempfile::tempdir().unwrap();
        let deep = root.path().join("a").join("b");
        fs::create_dir_all(&deep).unwrap();
        let names: Vec<PathBuf> = (0..20).map(|i| deep.join(format!("{i:02}.csv"))).collect();
        for n in &names {
            fs::write(n, "x").unwrap();
        }
        fs::write(root.path().join("top.csv"), "x").unwrap();
        let (mut files, mut dirs) = (Vec::new(), Vec::new());
        list_tree(root.path(), &mut files, &mut dirs).unwrap();
        assert_eq!(files.len(), 21);
        // Deepest folder first: its entries before its parent's.
        assert_eq!(dirs, vec![deep.clone(), root.path().join("a")]);
        assert!(sync_files(root.path()).is_ok());
        // Two files gone: the error names the first of them in order,
        // however the threads met them.
        let mut listed = names.clone();
        listed.insert(5, deep.join("gone-1"));
        listed.push(deep.join("gone-2"));
        for _ in 0..5 {
            match sync_concurrently(&listed) {
                Err(Error::Output { path, .. }) => assert_eq!(path, deep.join("gone-1")),
                other => panic!("expected an output error, got {other:?}"),
            }
        }
    }

    #[test]
    fn leftovers_of_killed_runs_are_cleaned() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("output");
        let stale = root.path().join(".output.sourcefacts-dead");
        fs::create_dir(&stale).unwrap();
        let s = Staging::new(&out).unwrap();
        assert!(!stale.exists());
        s.publish(&[]).unwrap();
    }
}
