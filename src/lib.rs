//! sourcefacts: a folder of policy and defense documents in, spreadsheet-ready
//! fact tables with byte-exact provenance out.
//!
//! Data flow, one module per stage:
//!
//! ```text
//! ingest      list the corpus (sorted), read and decode each file
//!   (sections   a document over 32 MB: cut into sections, mapped like documents)
//!   -> textview   normalized view + offset map, lines, sentences, noise lines
//!   -> extract/*  dates, acronyms, troops, bodies (pure per-document maps)
//!   -> rows       provenance: byte/char offsets, line, column, context
//!   -> check      every row's text is exactly the document's bytes
//!   -> reconcile  body mentions across documents -> entities
//!      (nations   the country a body's name or its text gives it)
//!   -> check      conflicts and agreements between sources
//!   -> write      CSV tables and reports into a staging folder
//!      (record    one CSV record appended to a string)
//!   -> report     report.md and report.html for a person to read
//!   -> swap       the staging folder replaces the output folder atomically
//! ```
//!
//! [`pipeline::run`] drives it: the per-document stages (ingest to row
//! encoding) are a pure map run on the rayon pool through
//! [`ordered::ordered_map`], a bounded window ahead of the reduce step,
//! which streams rows to the tables in corpus order and folds what crosses
//! documents (reconcile's mention tally, the checks' distinct statements).
//! The binary in `main.rs` only parses the command line and maps the
//! outcome to an exit code.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod cache;
pub mod check;
pub mod config;
mod docrows;
pub mod error;
mod folder;
pub mod formats;
pub mod ingest;
pub mod inputs;
pub mod ordered;
pub mod parts;
pub mod pipeline;
pub mod reconcile;
pub mod record;
pub mod reduce;
pub mod report;
pub mod rows;
pub mod sections;
pub mod swap;
pub mod write;

pub use config::{Config, Summary};
pub use error::{Error, Result};
pub use pipeline::run;
