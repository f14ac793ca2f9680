//! Named bodies: organizations, government bodies, commands and services,
//! groups, installations, agreements and exercises.
//!
//! Three sources of mentions, merged with a fixed precedence:
//! 1. acronym definitions whose long form names a body (the long form and
//!    every use of the short form in the document);
//! 2. the lexicon of well-known bodies (embedded `data/lexicon.csv` plus the
//!    user's `--lexicon`), matched with Aho-Corasick on word boundaries;
//! 3. a capitalized-phrase chunker whose head nouns give the type
//!    (`… Command` military, `… Agency` gov, `… Treaty` agreement,
//!    `Camp …` installation).
//!
//! Countries, people, headings and events (`… Summit`, `… War`) carry no
//! head noun or are dropped explicitly.
//!
//! One module per concern: `lexicon`, `tokens`, `heads` (head nouns and
//! word lists), `chunk` (the capitalized-phrase chunker), `resolve`
//! (precedence and countries).

mod chunk;
mod heads;
mod lexicon;
mod resolve;
#[cfg(test)]
mod tests;
mod tokens;

use chunk::*;
use heads::*;
use resolve::*;
use tokens::*;

pub use lexicon::{LexEntry, Lexicon};

/// True when `word` heads a body's or an event's name whatever precedes
/// it (`Treaty`, `Command`, `War`): a name, not a person's.
pub(crate) fn is_name_head(word: &str) -> bool {
    head_word_type(word, "X").is_some() || EVENT_NOUNS.contains(&word)
}

/// Words that, with head nouns only, make a generic name.
static GENERIC_MODIFIERS: LazyLock<wordlists::WordSet> = LazyLock::new(|| {
    wordlists::WordSet::parse(include_str!("../../data/words/generic_modifiers.csv"))
});

/// A name many bodies share, made only of head nouns and generic words
/// (`Working Group`, `Senate Committee`, `Memorandum of Agreement`): in
/// two documents, likely two bodies. One word alone (`Congress`) is not.
pub fn is_generic_name(name: &str) -> bool {
    // Every word generic, and two of them at least. (The reduce calls
    // this once per mention: no allocation on the way.)
    let mut words = 0;
    let content = name
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && !CONNECTORS.contains(w));
    for w in content {
        if !is_generic_word(w) {
            return false;
        }
        words += 1;
    }
    words >= 2
}

/// A modifier any body may carry (`national`) or a head noun.
fn is_generic_word(w: &str) -> bool {
    // The list is lower case: an ASCII word is folded on the stack.
    let modifier = if w.is_ascii() {
        GENERIC_MODIFIERS.contains_ignore_ascii_case(w)
    } else {
        GENERIC_MODIFIERS.contains(&w.to_lowercase().as_str())
    };
    modifier || head_noun_type(w).is_some()
}

/// The body type a head noun gives after a capitalized word (`agency`:
/// gov, `act`: agreement), whatever its case; None for a word that heads
/// no name.
pub fn head_noun_type(word: &str) -> Option<BodyType> {
    // An ASCII word takes its capital on the stack (the reduce asks once
    // per mention word).
    let mut buf = [0u8; 32];
    if word.is_ascii() && !word.is_empty() && word.len() <= buf.len() {
        let title = &mut buf[..word.len()];
        title.copy_from_slice(word.as_bytes());
        title[0].make_ascii_uppercase();
        return std::str::from_utf8(title)
            .ok()
            .and_then(|t| head_word_type(t, "X"));
    }
    let mut chars = word.chars();
    let first = chars.next()?;
    let title: String = first.to_uppercase().chain(chars).collect();
    head_word_type(&title, "X")
}

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind, StartKind};
use regex::Regex;

use crate::extractor::Extractor;
use crate::model::{AcronymFact, BodyMention, BodyType, DefinedShort, DocFacts, Rule};
use crate::nations;
use crate::textview::{window_before, TextView};
use crate::wordlists;

/// Finds body mentions.
pub struct BodyExtractor {
    lexicon: std::sync::Arc<Lexicon>,
}

impl BodyExtractor {
    /// A bodies extractor over the given lexicon.
    pub fn new(lexicon: std::sync::Arc<Lexicon>) -> Self {
        BodyExtractor { lexicon }
    }
}

/// A candidate mention before overlap resolution.
#[derive(Debug, Clone)]
struct Cand {
    span: Range<usize>,
    kind: BodyType,
    resolved: String,
    is_short: bool,
    priority: u8,
    rule: Rule,
}

impl Extractor for BodyExtractor {
    fn name(&self) -> &'static str {
        "bodies"
    }

    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts) {
        let text = view.norm();
        let mut cands = Vec::new();
        // A chunk stops where a defined name starts, its prefix included
        // (`Eastern Theater Command of the | Chinese People's Liberation
        // Army (PLA)`).
        let mut long_forms: Vec<Range<usize>> = facts
            .acronyms
            .iter()
            .map(|a| extend_name_prefix(text, a.long_span.start).0..a.long_span.end)
            .collect();
        long_forms.sort_unstable_by_key(|r| (r.start, r.end));
        let body_shorts = self.acronym_mentions(text, facts, &mut cands);
        self.lexicon_mentions(view, &body_shorts, &mut cands);
        let mut events = Vec::new();
        chunk_mentions(view, &long_forms, &mut cands, &mut events);
        cands.retain(|c| !view.in_noise(&c.span));
        facts.bodies = resolve(cands);
        assign_nations(text, &mut facts.bodies);
        events.retain(|e| !view.in_noise(e));
        facts.events = events;
    }
}

/// Short forms up to which each is searched on its own (`memmem`, about
/// 0.1 ms per MB a pass); past it one packed search finds them all.
const SHORTS_SEARCHED_ALONE: usize = 8;

/// Every occurrence of every short form in `text`, overlapping ones
/// included, as (short form index, start, length), grouped by short form
/// in text order. A document defines few short forms: searched one by one
/// they cost less than one search for all of them, which the many still
/// use.
fn short_form_occurrences(text: &str, shorts: &[DefinedShort]) -> Vec<(usize, usize, usize)> {
    if shorts.len() <= SHORTS_SEARCHED_ALONE {
        occurrences_one_by_one(text, shorts)
    } else {
        occurrences_at_starts(text, shorts)
    }
}

/// [`short_form_occurrences`] by one `memmem` search per short form.
fn occurrences_one_by_one(text: &str, shorts: &[DefinedShort]) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (k, d) in shorts.iter().enumerate() {
        let finder = memchr::memmem::Finder::new(d.short.as_bytes());
        let mut from = 0;
        while let Some(at) = bytes.get(from..).and_then(|rest| finder.find(rest)) {
            out.push((k, from + at, d.short.len()));
            from += at + 1;
        }
    }
    out
}

/// [`short_form_occurrences`] by a leftmost search for all of them at
/// once, which finds each place where one starts, and there a test of
/// each. Built per document, a packed (SIMD) searcher costs little to
/// make and runs with its own prefilter, where an overlapping
/// automaton search (the same occurrences) reads every byte and its
/// automaton costs more to build.
fn occurrences_at_starts(text: &str, shorts: &[DefinedShort]) -> Vec<(usize, usize, usize)> {
    let Some(searcher) = aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .builder()
        .extend(shorts.iter().map(|d| &d.short))
        .build()
    else {
        return occurrences_one_by_one(text, shorts);
    };
    let bytes = text.as_bytes();
    let mut by_short: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); shorts.len()];
    let mut at = 0;
    while at < bytes.len() {
        let Some(m) = searcher.find_in(bytes, aho_corasick::Span::from(at..bytes.len())) else {
            break;
        };
        let p = m.start();
        for (k, d) in shorts.iter().enumerate() {
            if bytes[p..].starts_with(d.short.as_bytes()) {
                by_short[k].push((k, p, d.short.len()));
            }
        }
        at = p + 1;
    }
    by_short.into_iter().flatten().collect()
}

impl BodyExtractor {
    /// The body short forms `facts.acronyms` define, in document order
    /// (only this extractor knows which definitions name a body).
    pub(crate) fn defined_shorts(
        &self,
        view: &TextView<'_>,
        facts: &DocFacts,
    ) -> Vec<DefinedShort> {
        self.definitions(view.norm(), &facts.acronyms).1
    }

    /// Classifies a name by the lexicon, then by its head noun. A compound
    /// name (`Air Force Global Strike Command - Air Forces Strategic`) is
    /// classified by its first part that names a body.
    fn classify(&self, name: &str) -> Option<(BodyType, String)> {
        if let Some((e, t)) = self.lexicon.get(name) {
            return Some((t, e.canonical.clone()));
        }
        name.split(" - ")
            .find_map(|part| {
                let toks = tokens(part);
                name_head(&toks)
                    .or_else(|| defined_name_head(&toks))
                    .map(|(_, kind)| kind)
            })
            .map(|kind| (kind, name.to_string()))
    }

    /// The body names acronym definitions give: a long-form candidate per
    /// definition that names a body, and each such short form once, with
    /// the body of its first definition, in document order.
    fn definitions(&self, text: &str, acronyms: &[AcronymFact]) -> (Vec<Cand>, Vec<DefinedShort>) {
        let mut longs = Vec::new();
        let mut shorts: Vec<DefinedShort> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for a in acronyms {
            let long = &text[a.long_span.clone()];
            let short = &text[a.short_span.clone()];
            // `U.S. European Command (EUCOM)`: the name with its country
            // prefix is the one the lexicon may know.
            let (mut start, mut prefix) = extend_name_prefix(text, a.long_span.start);
            let prefixed = &text[start..a.long_span.end];
            let known = (prefix != Prefix::None)
                .then(|| self.lexicon.get(prefixed))
                .flatten()
                .map(|(e, t)| (t, e.canonical.clone()));
            let class = known
                .or_else(|| self.classify(long))
                .or_else(|| self.classify(short));
            let Some((kind, mut resolved)) = class else {
                continue;
            };
            // A numbered unit is a body of its own: the 58th and the 20th
            // Combined Arms Army are not one entity. (A numbered agreement,
            // `the 12th Special Measures Agreement`, is one edition of it.)
            if prefix == Prefix::Ordinal && kind != BodyType::Military {
                (start, prefix) = (a.long_span.start, Prefix::None);
            }
            if prefix == Prefix::Ordinal && resolved == long {
                resolved = text[start..a.long_span.end].to_string();
            }
            if seen.insert(short) {
                shorts.push(DefinedShort {
                    short: short.to_string(),
                    kind,
                    resolved: resolved.clone(),
                });
            }
            longs.push(Cand {
                span: start..a.long_span.end,
                kind,
                resolved,
                is_short: false,
                priority: 3,
                rule: Rule::BodyAcronymLong,
            });
        }
        (longs, shorts)
    }

    /// Adds the acronym mentions; returns the short forms that name bodies.
    fn acronym_mentions(&self, text: &str, facts: &DocFacts, out: &mut Vec<Cand>) -> Vec<String> {
        // Long forms where defined; then every use of each distinct short
        // form, all short forms found in one pass over the text. A section
        // of a large document looks for every short form its document
        // defines.
        let (longs, local) = self.definitions(text, &facts.acronyms);
        out.extend(longs);
        let shorts: &[DefinedShort] = facts.document_shorts.as_deref().unwrap_or(&local);
        if shorts.is_empty() {
            return Vec::new();
        }
        let mut uses: Vec<Vec<Range<usize>>> = vec![Vec::new(); shorts.len()];
        let is_body_code =
            |code: &str| shorts.iter().any(|d| d.short == code) || self.lexicon.get(code).is_some();
        // Every occurrence of each short form, overlapping ones included,
        // so that each is found wherever it stands alone.
        for (k, start, len) in short_form_occurrences(text, shorts) {
            if let Some(end) = short_form_end(text, start, len, &is_body_code) {
                uses[k].push(start..end);
            }
        }
        for (d, spans) in shorts.iter().zip(uses) {
            out.extend(spans.into_iter().map(|span| Cand {
                span,
                kind: d.kind,
                resolved: d.resolved.clone(),
                is_short: true,
                priority: 3,
                rule: Rule::BodyAcronymShort,
            }));
        }
        shorts.iter().map(|d| d.short.clone()).collect()
    }

    fn lexicon_mentions(&self, view: &TextView<'_>, body_shorts: &[String], out: &mut Vec<Cand>) {
        let text = view.norm();
        let is_body_code =
            |code: &str| self.lexicon.get(code).is_some() || body_shorts.iter().any(|s| s == code);
        for (id, m) in self.lexicon.matcher.find_all(text, view.capitals()) {
            let (entry, kind) = &self.lexicon.entries[id];
            let is_short = entry.name.chars().all(|c| !c.is_lowercase());
            let end = if is_short {
                match short_form_end(text, m.start, m.len(), &is_body_code) {
                    Some(e) => e,
                    None => continue,
                }
            } else if word_bounded(text, m.start, m.end) {
                m.end
            } else {
                continue;
            };
            out.push(Cand {
                span: m.start..end,
                kind: *kind,
                resolved: entry.canonical.clone(),
                is_short,
                priority: 1,
                rule: Rule::BodyLexicon,
            });
        }
    }
}
