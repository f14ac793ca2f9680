//! The library's error type. Fatal problems only: a document that cannot be
//! read is not an error here but a row in documents.csv (see `ingest`).

use std::path::PathBuf;

/// A fatal error that stops the run (exit code 2 in the binary).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus folder is missing, not a folder, or cannot be listed.
    #[error("{}: cannot read corpus folder: {cause}", path.display())]
    Corpus {
        /// The folder the user named.
        path: PathBuf,
        /// Why it failed.
        cause: String,
    },
    /// The output folder or one of its files cannot be written.
    #[error("{}: cannot write output: {source}", path.display())]
    Output {
        /// The file or folder that failed.
        path: PathBuf,
        /// The I/O cause.
        #[source]
        source: std::io::Error,
    },
    /// The run was interrupted (Ctrl-C, SIGTERM) before it published.
    #[error("{}: interrupted; the previous output there is intact", path.display())]
    Interrupted {
        /// The output folder, left as it was.
        path: PathBuf,
    },
    /// A user-supplied auxiliary file (lexicon, doc dates) is unreadable or malformed.
    #[error("{}: {cause}", path.display())]
    Config {
        /// The file the user named.
        path: PathBuf,
        /// What is wrong with it.
        cause: String,
    },
    /// Writing a CSV record failed.
    #[error("{}: cannot write CSV: {source}", path.display())]
    Csv {
        /// The table being written.
        path: PathBuf,
        /// The csv crate's error.
        #[source]
        source: csv::Error,
    },
}

/// Result alias for the library.
pub type Result<T> = std::result::Result<T, Error>;
