//! Files opened and sized by their name in their folder, held open.
//!
//! The kernel resolves a path component by component each time a file is
//! opened or sized by it, and a corpus file's path has five to eight
//! components; the run sizes every file (the listing) and opens it (the
//! map). Files come folder by folder in both, so a handle on the folder of
//! the last file leaves one component to resolve for the next. Over the
//! archive's 14,393 files in 419 folders (a loop in Python, its own cost
//! included): every `stat` by path 59 ms, by name in the open folder
//! 42 ms; every `open` and `close` 72 and 53 ms. In a one-thread run the
//! system calls' share of the samples fell from 7.6% to 7.0%.
//! Elsewhere than on Linux, files are opened and sized by their paths.

use std::fs;
use std::io;
use std::path::Path;
#[cfg(target_os = "linux")]
use std::path::PathBuf;

/// The folder of the file last opened or sized, held open while the next
/// files are in it. A folder that cannot be opened leaves its files to
/// their paths, with the errors a path gives.
#[derive(Debug, Default)]
pub struct Folder {
    /// The folder's path and, when it could be opened, its handle.
    #[cfg(target_os = "linux")]
    held: Option<(PathBuf, Option<std::os::fd::OwnedFd>)>,
}

impl Folder {
    /// Opens `path` for reading, without waiting for a writer if it is a
    /// named pipe (the caller refuses anything but a regular file).
    pub fn open(&mut self, path: &Path) -> io::Result<fs::File> {
        #[cfg(target_os = "linux")]
        if let Some((dir, name)) = self.split(path) {
            use rustix::fs::{openat, Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
            return openat(dir, name, flags, Mode::empty())
                .map(fs::File::from)
                .map_err(io::Error::from);
        }
        open_by_path(path)
    }

    /// The size of the file at `path` as `fs::metadata` (`follow`: a
    /// symbolic link's target) or `fs::symlink_metadata` gives it; `None`
    /// when it cannot be had.
    pub fn size(&mut self, path: &Path, follow: bool) -> Option<u64> {
        #[cfg(target_os = "linux")]
        if let Some((dir, name)) = self.split(path) {
            use rustix::fs::{statat, AtFlags};
            let flags = if follow {
                AtFlags::empty()
            } else {
                AtFlags::SYMLINK_NOFOLLOW
            };
            return statat(dir, name, flags)
                .ok()
                .and_then(|s| u64::try_from(s.st_size).ok());
        }
        let meta = if follow {
            fs::metadata(path)
        } else {
            fs::symlink_metadata(path)
        };
        meta.ok().map(|m| m.len())
    }

    /// The handle on `path`'s folder (opened when it is not the one held)
    /// and `path`'s name in it; `None` when the folder cannot be opened or
    /// `path` has no folder and name to split into.
    ///
    /// The path is cut at its last `/`, as bytes: `Path::parent` and
    /// `file_name` parse components, and `Path` equality compares them, at
    /// 2,700 instructions a file. Looking `name` up in the folder that
    /// `parent` names is what resolving the whole path does.
    #[cfg(target_os = "linux")]
    fn split<'p>(
        &mut self,
        path: &'p Path,
    ) -> Option<(std::os::fd::BorrowedFd<'_>, &'p std::ffi::OsStr)> {
        use std::ffi::OsStr;
        use std::os::fd::AsFd;
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let cut = memchr::memrchr(b'/', bytes)?;
        let name = OsStr::from_bytes(&bytes[cut + 1..]);
        // The root's own files: `/x.md` is `x.md` in `/`.
        let parent = Path::new(OsStr::from_bytes(&bytes[..cut.max(1)]));
        if name.is_empty() {
            return None;
        }
        if self
            .held
            .as_ref()
            .is_none_or(|(p, _)| p.as_os_str() != parent.as_os_str())
        {
            use rustix::fs::{Mode, OFlags};
            // A handle for lookups only: no read permission is needed.
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::open(parent, flags, Mode::empty()).ok();
            self.held = Some((parent.to_path_buf(), fd));
        }
        let fd = self.held.as_ref()?.1.as_ref()?;
        Some((fd.as_fd(), name))
    }
}

/// Opens `path` as [`Folder::open`] does, by the whole path.
fn open_by_path(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files of two folders, in turn, through one `Folder`: the same
    /// bytes and sizes as by their paths, the same errors for a missing
    /// file, a missing folder and a folder given as a file, and a link
    /// sized as itself or as its target.
    #[test]
    fn opens_and_sizes_as_paths_do() {
        use std::io::Read;
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("1.md"), "one").unwrap();
        fs::write(b.join("2.md"), "second").unwrap();
        fs::write(a.join("3.md"), "").unwrap();
        let mut folder = Folder::default();
        for (path, text) in [
            (a.join("1.md"), "one"),
            (b.join("2.md"), "second"),
            (a.join("3.md"), ""),
        ] {
            let mut got = String::new();
            folder
                .open(&path)
                .unwrap()
                .read_to_string(&mut got)
                .unwrap();
            assert_eq!(got, text);
            assert_eq!(folder.size(&path, false), Some(text.len() as u64));
        }
        for missing in [
            a.join("none.md"),
            root.path().join("gone/1.md"),
            a.join("1.md/x"),
        ] {
            let ours = folder.open(&missing).unwrap_err().to_string();
            assert_eq!(ours, open_by_path(&missing).unwrap_err().to_string());
            assert_eq!(folder.size(&missing, true), None);
        }
        #[cfg(unix)]
        {
            let link = b.join("link.md");
            std::os::unix::fs::symlink(a.join("1.md"), &link).unwrap();
            assert_eq!(folder.size(&link, true), Some(3));
            let own = fs::symlink_metadata(&link).unwrap().len();
            assert_eq!(folder.size(&link, false), Some(own));
        }
        // Doubled and trailing slashes, and a path with no folder part,
        // as the paths have them.
        let doubled = root.path().join("a//1.md");
        assert_eq!(folder.size(&doubled, false), Some(3));
        let trailing = root.path().join("a/1.md/");
        assert_eq!(
            folder.open(&trailing).unwrap_err().to_string(),
            open_by_path(&trailing).unwrap_err().to_string()
        );
        assert!(Folder::default()
            .open(Path::new("no-such-file.md"))
            .is_err());
    }
}
