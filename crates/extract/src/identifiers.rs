//! Identifiers a document gives itself: report and series numbers such as
//! `No. 2025-27(S)` in a header or `Asan Issue Brief (2025-23)` in a closing
//! line. Two different ones in one document are worth a look (check.rs).
//!
//! Only numbers shaped like publication numbers (a year, a hyphen and a
//! sequence number) count, so `No. 1 priority` in prose does not; and only
//! where the document speaks of itself: in its header (the first 1500
//! bytes) or in a sentence saying `this article`, `this report`, … so a
//! citation of another report is not taken for the document's own number.

use std::sync::LazyLock;

use regex::Regex;

use crate::chain::Extractor;
use crate::gate::{self, Gated, Lane, Scan};
use crate::model::{DocFacts, IdentifierFact};
use crate::textview::TextView;

/// Finds a document's own identifiers.
pub struct IdentifierExtractor;

static SELF_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)this\s+(?:article|report|brief|paper|summary|publication|document|issue brief|commentary|memo|analysis)(?-u:\b)")
        .expect("valid regex")
});

/// Bytes at the top of a document that count as its header.
const HEADER: usize = 1500;

/// A report number, searched near its year (`19` or `20`): a series name
/// of at most eight words before it, and nothing past the number's word.
static ID: LazyLock<Gated> = LazyLock::new(|| {
    let re = Regex::new(
        r"(?-u:\b)(?:(?P<series>(?:[A-Z][\w-]*\s+){0,3}(?:Issue Brief|Policy Brief|Brief|Report|Working Paper|Paper|Series|Commentary|Backgrounder|Analysis|Memo))\s*\(?\s*(?:No\.?\s*)?|(?:No|Nr|Number)\.?\s*)(?P<id>(?:19|20)\d{2}-\d{1,4}(?-u:\b)(?:\([A-Z]\))?)\)?",
    )
    .expect("valid identifier regex");
    Gated::new(re, 1, 10, 1)
});

pub(super) const TRIGGER_WORDS: &[(&str, u16)] = &[("19", 1), ("20", 1)];

#[cfg(test)]
fn scan(text: &str) -> Scan<'_> {
    Scan::new(text, gate::hits(text, Lane::Identifiers))
}

impl Extractor for IdentifierExtractor {
    fn name(&self) -> &'static str {
        "identifiers"
    }

    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts) {
        let text = view.norm();
        let scan = Scan::new(text, gate::view_hits(view, Lane::Identifiers));
        facts.identifiers = scan
            .captures(&ID)
            .into_iter()
            .filter_map(|c| {
                let m = c.get(0).expect("group 0");
                let span = m.start()..m.end();
                let own = (span.start < HEADER && !facts.no_header)
                    || SELF_REFERENCE.is_match(&view.norm()[view.sentence_of(span.start)]);
                (own && !view.in_noise(&span)).then(|| IdentifierFact {
                    span,
                    value: c["id"].to_string(),
                    series: c
                        .name("series")
                        .map_or("", |s| s.as_str())
                        .trim()
                        .to_string(),
                })
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::{assert_exact, corpus_texts, texts_of};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Searching near years finds exactly what a whole-text search finds.
        #[test]
        fn gated_search_is_exact(text in texts_of(&[
            "Asan", "Issue", "Brief", "Working Paper", "No.", "(2025-23)", "2025-27(S)",
            "1999-4", "(No.", "Nr", "Number", "x", "2020", "Report",
        ])) {
            assert_exact(&scan(&text), &[("id", &ID)])?;
        }
    }

    #[test]
    fn gated_search_is_exact_on_the_corpus() {
        for text in corpus_texts() {
            assert_exact(&scan(&text), &[("id", &ID)]).expect("same matches");
        }
    }

    fn ids(text: &str) -> Vec<(String, String)> {
        let view = TextView::new(text);
        let mut facts = DocFacts::default();
        IdentifierExtractor.extract(&view, &mut facts);
        facts
            .identifiers
            .into_iter()
            .map(|i| (i.value, i.series))
            .collect()
    }

    #[test]
    fn header_and_series_numbers() {
        assert_eq!(
            ids("ISSUE BRIEF\n\nNo. 2025-27(S)\n"),
            [("2025-27(S)".into(), String::new())]
        );
        let pad = "x ".repeat(1000);
        assert!(ids(&format!("{pad} as CRS Report (2024-11) showed.")).is_empty());
        assert_eq!(
            ids(&format!(
                "{pad} This article is an English Summary of Asan Issue Brief (2025-23)."
            )),
            [("2025-23".into(), "Asan Issue Brief".into())]
        );
    }

    #[test]
    fn ordinary_numbers_are_not_identifiers() {
        assert!(ids("the No. 1 priority, in 2025-26 budgets, 28,500 troops").is_empty());
    }
}
