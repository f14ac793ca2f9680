//! Identifiers a document gives itself: report and series numbers such as
//! `No. 2025-27(S)` in a header or `Asan Issue Brief (2025-23)` in a closing
//! line. Two different ones in one document are worth a look (check.rs).
//!
//! Only numbers shaped like publication numbers count, so `No. 1 priority`
//! in prose does not: a year, a hyphen and a sequence number (`No.
//! 2025-27(S)`), a GAO report number (`GAO-24-106291`), or a CRS product
//! number (`R47888`, `IN12345`, `IF10699`) in a header that names the
//! Congressional Research Service. And only where the document speaks of
//! itself: in its header (the first 1500 bytes) or in a sentence saying
//! `this article`, `this report`, …, never in a sentence that cites
//! (`see Army Release No. 2023-0117`, `according to GAO-22-104321`), so a
//! citation of another report is not taken for the document's own number.

use std::sync::LazyLock;

use regex::Regex;

use crate::extractor::Extractor;
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

/// Words that make a sentence point at another publication: a number
/// after them is a citation, not the document's own.
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:see|cf\.|according to|cited|citing|reported in|referenced in|quoted in|as noted in|in its)(?-u:\b)")
        .expect("valid regex")
});

/// Report numbers of publishers whose series carry no year: GAO
/// (`GAO-24-106291`) anywhere its form stands, CRS products (`R47888`,
/// `RL33436`, `IN12345`, `IF10699`) only where the header names CRS.
static SERIES_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:(?P<gao>GAO-\d{2}-\d{3,6})|(?P<crs>(?:RL|RS|IN|IF|IG|R)\d{4,5}))(?-u:\b)",
    )
    .expect("valid regex")
});

/// A header that names the Congressional Research Service.
static CRS_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:CRS|Congressional Research Service|crsreports)(?-u:\b)")
        .expect("valid regex")
});

/// A report number, searched near its year (`19` or `20`): a series name
/// of at most eight words before it, and nothing past the number's word.
static ID: LazyLock<Gated> = LazyLock::new(|| {
    let re = Regex::new(
        r"(?-u:\b)(?:(?P<series>(?:[A-Z][\w-]*\s+){0,3}(?:Issue Brief|Policy Brief|Brief|Report|Working Paper|Paper|Series|Commentary|Backgrounder|Analysis|Memo))\s*\(?\s*(?:No\.?\s*)?|(?:No|Nr|Number)\.?\s*)(?P<id>(?:19|20)\d{2}-\d{1,4}(?-u:\b)(?:\([A-Z]\))?)\)?",
    )
    .expect("valid identifier regex");
    Gated::new(re, 1, 10, 1).if_hit(year_dash_number_at)
});

/// Hit test: the `19` or `20` opens a report number (`2025-27`) that a
/// label or a series name leads: two digits, a hyphen and a digit follow
/// it, and before it, past white space and an opening bracket, stands a
/// letter or a full stop (`No. `, `Nr`, `Brief (`). Every match holds
/// such a hit, its number's; most hits are years in prose or the dates of
/// front matter (`date: 2025-01-22`) and open no window. The pattern's
/// `\d` reads digits of any script, so bytes outside ASCII right after
/// the hit pass.
fn year_dash_number_at(bytes: &[u8], hit: std::ops::Range<usize>) -> bool {
    let after = &bytes[hit.end..bytes.len().min(hit.end + 16)];
    let number = !after.is_ascii()
        || matches!(after, [a, b, b'-', c, ..]
            if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit());
    let skip_space = |mut i: usize| {
        while i > 0 && gate::is_space(bytes[i - 1]) {
            i -= 1;
        }
        i
    };
    let mut lead = skip_space(hit.start);
    if lead > 0 && bytes[lead - 1] == b'(' {
        lead = skip_space(lead - 1);
    }
    number && lead > 0 && (bytes[lead - 1].is_ascii_alphabetic() || bytes[lead - 1] == b'.')
}

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
        let mut ids: Vec<IdentifierFact> = scan
            .captures(&ID)
            .into_iter()
            .filter_map(|c| {
                let m = c.get(0).expect("group 0");
                let span = m.start()..m.end();
                own(view, facts, &span).then(|| IdentifierFact {
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
        ids.extend(series_ids(view, facts));
        ids.sort_by_key(|i| i.span.start);
        facts.identifiers = ids;
    }
}

/// True when the number at `span` is the document's own: in its header or
/// in a sentence about itself, not in a sentence that cites, not in noise.
fn own(view: &TextView<'_>, facts: &DocFacts, span: &std::ops::Range<usize>) -> bool {
    let sentence = view.sentence_of(span.start);
    let before = &view.norm()[sentence.start.min(span.start)..span.start];
    let placed = (span.start < HEADER && !facts.no_header)
        || SELF_REFERENCE.is_match(&view.norm()[sentence]);
    placed && !CITATION.is_match(before) && !view.in_noise(span)
}

/// GAO and CRS report numbers in the header (see [`SERIES_ID`]).
fn series_ids(view: &TextView<'_>, facts: &DocFacts) -> Vec<IdentifierFact> {
    if facts.no_header {
        return Vec::new();
    }
    let text = view.norm();
    let mut end = HEADER.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let header = &text[..end];
    let crs = CRS_HEADER.is_match(header);
    SERIES_ID
        .captures_iter(header)
        .filter_map(|c| {
            let (m, series) = match (c.name("gao"), c.name("crs")) {
                (Some(m), _) => (m, "GAO"),
                (None, Some(m)) if crs => (m, "CRS"),
                _ => return None,
            };
            let span = m.start()..m.end();
            own(view, facts, &span).then(|| IdentifierFact {
                span,
                value: m.as_str().to_string(),
                series: series.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::{assert_exact, corpus_texts, normalized, texts_of};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Searching near years finds exactly what a whole-text search finds.
        #[test]
        fn gated_search_is_exact(text in texts_of(&[
            "Asan", "Issue", "Brief", "Working Paper", "No.", "(2025-23)", "2025-27(S)",
            "1999-4", "(No.", "Nr", "Number", "x", "2020", "Report", "-", "20", "19",
            "2025", "-7", "20\u{661}\u{662}-\u{663}", "\u{661}", "20\u{a0}-",
        ])) {
            assert_exact(&scan(&normalized(&text)), &[("id", &ID)])?;
        }
    }

    #[test]
    fn only_a_labelled_year_before_a_hyphen_and_a_number_opens_a_window() {
        use crate::gate::hit_test_at as at;
        assert!(at(year_dash_number_at, "No. 2025-27(S)", "20"));
        assert!(at(year_dash_number_at, "No2025-27", "20"));
        assert!(at(year_dash_number_at, "Brief ( 1999-4)", "19"));
        assert!(at(year_dash_number_at, "Report\n2001-12", "20"));
        assert!(!at(year_dash_number_at, "in 2025, the", "20"));
        assert!(!at(year_dash_number_at, "No. 2025-, then", "20"));
        assert!(!at(year_dash_number_at, "date: 2025-01-22", "20"));
        assert!(!at(year_dash_number_at, "(2025-23)", "20"));
        assert!(!at(year_dash_number_at, "2025-23", "20"));
        // Digits of other scripts are left to the pattern.
        assert!(at(
            year_dash_number_at,
            "No. 20\u{661}\u{662}-\u{663}",
            "20"
        ));
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
    fn report_series_of_other_publishers_in_the_header() {
        assert_eq!(
            ids("Congressional Research Service\nIN10234\nBase Politics on Guam\nUpdated May 2, 2024\n"),
            [("IN10234".into(), "CRS".into())]
        );
        assert_eq!(
            ids("CRS Report for Congress\nPrepared for Members\nOrder Code RL30123\n"),
            [("RL30123".into(), "CRS".into())]
        );
        assert_eq!(
            ids("United States Government Accountability Office\nGAO-25-107002\nReport to Congressional Committees\n"),
            [("GAO-25-107002".into(), "GAO".into())]
        );
        // Without CRS in the header, a letter and digits are not a CRS number.
        assert!(ids("Team R2024 met.\nModel IF3000 shipped.\n").is_empty());
        // Deep in the text, a series number is no longer the document's.
        let pad = "x ".repeat(1000);
        assert!(ids(&format!(
            "Congressional Research Service\n{pad} R47001 says."
        ))
        .is_empty());
    }

    #[test]
    fn a_cited_number_is_not_the_documents_own() {
        assert!(ids("Press Release\nFor details, see Army Release No. 2023-0117.\n").is_empty());
        assert!(ids("Memo\nAccording to GAO-22-104321, costs rose.\n").is_empty());
        assert!(
            ids("Congressional Research Service\nAs noted in R46001, bases matter.\n").is_empty()
        );
        // The document's own number beside a citation is still read.
        assert_eq!(
            ids("Fact Sheet No. 2024-31\nSee also No. 2023-12 for background.\n"),
            [("2024-31".into(), String::new())]
        );
    }

    #[test]
    fn ordinary_numbers_are_not_identifiers() {
        assert!(ids("the No. 1 priority, in 2025-26 budgets, 28,500 troops").is_empty());
    }
}
