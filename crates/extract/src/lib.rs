//! sourcefacts-extract: text in, facts out.
//!
//! The pure layer of sourcefacts: no file I/O, no printing, no unsafe code.
//! Data flow inside one document:
//!
//! ```text
//! textview    normalized view + offset map, lines, sentences, noise lines
//!   gate      one trigger-word pass shared by the gated patterns
//!   chain     the extractors in their fixed order, over one DocFacts:
//!     dates -> acronyms -> bodies (nations) -> subjects -> troops -> identifiers
//! model       the facts, in normalized-view coordinates
//! names       name folding shared with reconciliation
//! ```
//!
//! Rules that are data (the lexicon of well-known bodies, ...) live in
//! `data/` beside this crate's sources and are compiled in.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod acronyms;
pub mod bodies;
pub mod bytescan;
pub mod chain;
pub mod claims;
pub mod dates;
pub mod extractor;
mod flatyaml;
pub mod gate;
pub mod gazetteer;
pub mod identifiers;
pub mod metadata;
pub mod model;
pub mod names;
pub mod nations;
pub mod numbers;
pub mod prefixes;
pub mod sentences;
pub mod subjects;
#[cfg(test)]
mod testutil;
pub mod textview;
mod timewords;
pub(crate) mod triggers;
pub mod troops;
pub mod wordlists;

pub use chain::{ExtractOptions, ExtractorSet, KnownDate};
pub use extractor::Extractor;

/// The lower-case hexadecimal digits, by value.
pub const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hexadecimal of `bytes` (document hashes, fingerprints).
pub fn hex(bytes: &[u8]) -> String {
    // Two table reads a byte, where `write!` formatting cost as much as
    // a short hash itself.
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(HEX_DIGITS[usize::from(b >> 4)]));
        s.push(char::from(HEX_DIGITS[usize::from(b & 0x0f)]));
    }
    s
}
