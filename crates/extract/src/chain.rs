//! The extractor chain: pure per-document maps from a [`TextView`] to facts.
//!
//! Each extractor implements [`Extractor`]. They run in a fixed order over
//! one shared [`DocFacts`], so a later extractor may read what an earlier
//! one found: troop figures take their as-of date from the dates, and body
//! mentions take names from the acronym definitions. Nothing here does I/O
//! or keeps state between documents, so documents can be mapped in parallel
//! (and, later, on other machines).

use crate::acronyms::AcronymExtractor;
use crate::bodies::BodyExtractor;
use crate::dates::DateExtractor;
use crate::extractor::Extractor;
use crate::identifiers::IdentifierExtractor;
use crate::model::{DefinedShort, DocDateSource, DocFacts};
use crate::subjects::SubjectLinker;
use crate::textview::TextView;
use crate::troops::TroopExtractor;

/// The fixed chain of extractors, in dependency order: dates first (the
/// document date, anchors), acronyms (bodies take names from them), bodies,
/// date subjects (need dates and bodies), troops (as-of dates skip dates
/// that belong to a named subject), identifiers. Each is a typed field, so
/// the chain is read here and nothing is looked up by name.
pub struct ExtractorSet {
    dates: DateExtractor,
    acronyms: AcronymExtractor,
    bodies: BodyExtractor,
    subjects: SubjectLinker,
    troops: TroopExtractor,
    identifiers: IdentifierExtractor,
}

impl ExtractorSet {
    /// Builds every extractor (compiles their patterns, loads the lexicon).
    pub fn new(opts: &ExtractOptions) -> Self {
        ExtractorSet {
            dates: DateExtractor::new(opts.vague_dates),
            acronyms: AcronymExtractor,
            bodies: BodyExtractor::new(opts.lexicon.clone()),
            subjects: SubjectLinker,
            troops: TroopExtractor,
            identifiers: IdentifierExtractor,
        }
    }

    /// The chain, in the order it runs.
    pub fn extractors(&self) -> [&dyn Extractor; 6] {
        [
            &self.dates,
            &self.acronyms,
            &self.bodies,
            &self.subjects,
            &self.troops,
            &self.identifiers,
        ]
    }

    /// Runs every extractor on one document. `doc_date` is a user-supplied
    /// document date that overrides detection.
    pub fn run(&self, view: &TextView<'_>, doc_date: Option<&str>) -> DocFacts {
        let known = match doc_date {
            Some(d) => KnownDate::Given(d, DocDateSource::User),
            None => KnownDate::Detect(None),
        };
        self.run_dated(view, known, true, None)
    }

    /// [`Self::run`] with what is known of the document date beforehand;
    /// `has_header` is false for the later sections of a large document.
    /// For a section of a large document, `document_shorts` are the body
    /// short forms the whole document defines (see [`Self::defined_shorts`]).
    pub fn run_dated(
        &self,
        view: &TextView<'_>,
        known: KnownDate<'_>,
        has_header: bool,
        document_shorts: Option<std::sync::Arc<[DefinedShort]>>,
    ) -> DocFacts {
        let mut facts = self.start(view, known, has_header, document_shorts);
        for e in self.extractors() {
            e.extract(view, &mut facts);
        }
        facts
    }

    /// The facts [`Self::run_dated`] starts from, before the first
    /// extractor: what `known`, the front matter and `document_shorts` say.
    /// A caller that runs the chain itself over several documents (one
    /// extractor over all of them before the next) starts each with this.
    pub fn start(
        &self,
        view: &TextView<'_>,
        known: KnownDate<'_>,
        has_header: bool,
        document_shorts: Option<std::sync::Arc<[DefinedShort]>>,
    ) -> DocFacts {
        let mut facts = DocFacts {
            no_header: !has_header,
            document_shorts,
            ..DocFacts::default()
        };
        if has_header {
            facts.front_matter = crate::metadata::front_matter(view.raw());
        }
        match known {
            KnownDate::Detect(path_date) => facts.path_date = path_date.map(str::to_string),
            KnownDate::Given(d, source) => {
                facts.doc_date = Some(d.to_string());
                facts.doc_date_source = Some(source);
                facts.doc_date_settled = true;
            }
            KnownDate::None => facts.doc_date_settled = true,
        }
        facts
    }

    /// Runs the whole chain once over a short built-in text
    /// (`WARM_TEXT`), so that the patterns, automata and tables the
    /// extractors build on first use are built now. A run calls this beside its corpus walk, on a core the walk
    /// leaves idle; otherwise every worker needs them at once on its first
    /// document, and all but one wait for them to be built.
    pub fn warm(&self) {
        let view = TextView::new(WARM_TEXT);
        self.run(&view, None);
        self.defined_shorts(&view);
        crate::gazetteer::states_named_from(view.norm(), view.capitals());
    }

    /// The document date found in a text's front matter or header (the
    /// dates extractor alone), for the sections of a large document.
    pub fn document_date(&self, view: &TextView<'_>) -> Option<(String, DocDateSource)> {
        let mut facts = DocFacts {
            front_matter: crate::metadata::front_matter(view.raw()),
            ..DocFacts::default()
        };
        self.dates.extract(view, &mut facts);
        facts.doc_date.zip(facts.doc_date_source)
    }

    /// The body short forms a text defines (the acronyms extractor, then
    /// the bodies extractor's classification), for the sections of a large
    /// document to share.
    pub fn defined_shorts(&self, view: &TextView<'_>) -> Vec<DefinedShort> {
        let mut facts = DocFacts::default();
        self.acronyms.extract(view, &mut facts);
        self.bodies.defined_shorts(view, &facts)
    }
}

/// A short document that reaches every extractor's patterns: front
/// matter, markup, dates absolute and relative, a troop figure, acronym
/// definitions, bodies of several kinds, a report number. Only
/// [`ExtractorSet::warm`] reads it; what it yields is thrown away.
const WARM_TEXT: &str = "---
title: \"A Joint Statement\"
date: '2024-05-02'
---
# Joint Statement <b>on</b> Defense Cooperation

WASHINGTON, May 2, 2024 -- The Ministry of Defense and the U.S. Department of
State (DoS) met on Tuesday, April 30, with the North Atlantic Treaty
Organization (NATO) in Brussels.[1] About 28,500 U.S. troops, including 1,200
Marines, remain in the Republic of Korea under U.S. Forces Korea (USFK), as
of last year. In fiscal year 2025 (FY2025) and the first quarter of 2026, the
[Council](https://example.org/council) will meet twice; by 2030 the force
could grow to between 3,000 and 4,000 personnel over the next decade.

* Report No. 2024-17, published three weeks ago, covers the 1990s.
* The summit in Seoul on 11/19/2023 set the next talks for next Monday.
";

/// What is known of a document's date before its text is extracted.
#[derive(Debug, Clone, Copy)]
pub enum KnownDate<'a> {
    /// Nothing: look for it in the text's front matter and header, and
    /// take the date of the document's path (if any) when they give none.
    Detect(Option<&'a str>),
    /// This date, from this source (`user`, or `header` for the later
    /// sections of a large document, taken from its first section).
    Given(&'a str, DocDateSource),
    /// None, and none to look for (the later sections of a large document
    /// whose first section has no date).
    None,
}

/// Options that change what the extractors report.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Include vague temporal references (now, recently) as PRESENT_REF etc.
    pub vague_dates: bool,
    /// The bodies lexicon (embedded one plus the user's).
    pub lexicon: std::sync::Arc<crate::bodies::Lexicon>,
}

impl Default for ExtractOptions {
    /// No vague dates; the embedded lexicon, compiled once per process.
    fn default() -> Self {
        ExtractOptions {
            vague_dates: false,
            lexicon: crate::bodies::Lexicon::shared_embedded(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_warm_up_text_reaches_every_extractor() {
        let set = super::ExtractorSet::new(&super::ExtractOptions::default());
        let view = super::TextView::new(super::WARM_TEXT);
        let facts = set.run(&view, None);
        assert!(facts.front_matter.is_some());
        assert!(facts.dates.len() >= 5, "{:?}", facts.dates);
        assert!(facts
            .dates
            .iter()
            .any(|d| d.anchor_span.is_some() || !d.anchor_value.is_empty()));
        assert!(!facts.troops.is_empty());
        assert!(facts.acronyms.len() >= 3, "{:?}", facts.acronyms);
        assert!(facts.bodies.len() >= 3, "{:?}", facts.bodies);
        assert!(!facts.identifiers.is_empty(), "{:?}", facts.identifiers);
        assert!(!set.defined_shorts(&view).is_empty());
        set.warm();
    }

    use super::*;
    use proptest::prelude::*;

    /// Text built from the pieces extractors react to, so random cases
    /// reach deep into the rules rather than only testing the fast path.
    fn tricky_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("(".to_string()),
            Just(" ( ) ".to_string()),
            Just("(;".to_string()),
            Just(")".to_string()),
            Just("[x](#)".to_string()),
            Just("\\(".to_string()),
            Just("**".to_string()),
            Just("\u{2013}".to_string()),
            Just("\u{2014}".to_string()),
            Just("\u{2019}s".to_string()),
            Just("\u{00AD}".to_string()),
            Just("\u{FB01}".to_string()),
            Just("\r\n".to_string()),
            Just("\n\n".to_string()),
            Just(" 1953".to_string()),
            Just("1990s".to_string()),
            Just(" 28,500 troops".to_string()),
            Just(" United Nations Command (UNC)".to_string()),
            Just(" April 2023".to_string()),
            Just(" Camp X".to_string()),
            Just(" U.S.".to_string()),
            "[a-zA-Z0-9 .,;:'-]{0,12}",
            any::<char>().prop_map(|c| c.to_string()),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn extractors_never_panic_and_spans_map_to_char_boundaries(text in tricky_text()) {
            let set = ExtractorSet::new(&ExtractOptions { vague_dates: true, ..Default::default() });
            let view = TextView::new(&text);
            let facts = set.run(&view, None);
            let spans = facts.dates.iter().map(|d| d.span.clone())
                .chain(facts.troops.iter().map(|t| t.span.clone()))
                .chain(facts.acronyms.iter().flat_map(|a| [a.short_span.clone(), a.long_span.clone()]))
                .chain(facts.bodies.iter().map(|b| b.span.clone()));
            for s in spans {
                prop_assert!(s.start <= s.end && s.end <= view.norm().len());
                let r = view.to_raw(s);
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert!(r.start <= r.end && r.end <= text.len());
            }
            let _ = view.context(0);
        }

        #[test]
        fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
            let set = ExtractorSet::new(&ExtractOptions::default());
            let view = TextView::new(&text);
            let _ = set.run(&view, Some("2025-01-01"));
        }
    }
}
