//! Troop figures: counts of military personnel with qualifier, unit, force,
//! location and as-of date.
//!
//! A figure is a number tied to a personnel noun: directly (`28,500 troops`,
//! `28,500+ U.S. service personnel`, across up to four modifiers), or through
//! a frame (`troops numbering 28,500`, `a force of 28,500`, `28,500-strong`).
//! Casualty counts (`36,000 soldiers were killed`) are left out: they count
//! losses, not strength, and would raise false conflicts against deployment
//! figures (see README).
//!
//! One module per concern: `patterns`, `owner` (whose), `place` (where),
//! `prose` (elliptical counts and levels), `tables`, `as_of` (when).

mod as_of;
mod hits;
mod owner;
mod patterns;
mod place;
mod prose;
mod tables;
#[cfg(test)]
mod tests;

use as_of::*;
use owner::*;
use patterns::*;
use place::*;
use prose::*;
use tables::*;

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::claims;
use crate::extractor::Extractor;
use crate::gate::{self, Gated, Lane, Scan};
use crate::gazetteer::{self, Form};
use crate::model::{BodyType, DocFacts, Granularity, Qualifier, Rule, TroopFact};
use crate::numbers::{parse_any, NUMBER_WORD};
use crate::textview::{window_after, window_before, TextView};
use crate::triggers::troops::{
    ACTIVE, FORCE_OF, NUMBERING, PERSONNEL_WORD, STRENGTH, STRONG, TROOP,
};

/// Finds troop figures.
pub struct TroopExtractor;

impl Extractor for TroopExtractor {
    fn name(&self) -> &'static str {
        "troops"
    }

    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts) {
        extract_from(view, facts, &scan_of(view));
    }

    /// Searched ahead: the patterns every document is searched with.
    fn scans_ahead<'v>(
        &self,
        views: &[&'v TextView<'_>],
        _facts: &[&DocFacts],
    ) -> Option<Vec<Scan<'v>>> {
        let p = &*PATTERNS;
        let scans: Vec<Scan<'v>> = views.iter().map(|v| scan_of(v)).collect();
        let every = [&p.direct, &*prose::LEVEL]
            .into_iter()
            .chain(prose::IMPLIED.iter())
            .chain(p.frames.iter());
        for g in every {
            for scan in &scans {
                scan.search_ahead(g);
            }
        }
        Some(scans)
    }

    fn extract_scanned(&self, view: &TextView<'_>, facts: &mut DocFacts, scan: &Scan<'_>) {
        extract_from(view, facts, scan);
    }
}

/// The gated scan of a view's troop figures.
fn scan_of<'v>(view: &'v TextView<'_>) -> Scan<'v> {
    Scan::new(view.norm(), gate::view_hits(view, Lane::Troops))
}

/// [`Extractor::extract`] of the troops with the document's scan.
fn extract_from(view: &TextView<'_>, facts: &mut DocFacts, scan: &Scan<'_>) {
    let text = view.norm();
    let p = &*PATTERNS;
    let mut out: Vec<TroopFact> = Vec::new();
    for c in scan.captures(&p.direct) {
        let m = c.get(0).expect("group 0");
        let num = &c["num"];
        let Some(value) = parse_any(num) else {
            continue;
        };
        // A bare year before a noun (`in 2024 troops`) is not a figure.
        if year_like(num, value) {
            continue;
        }
        // A fraction counts no one unless a scale word follows it
        // (`1.2 million`): `2022.3 The French Armed Forces` is a year
        // with its footnote mark run into the next sentence.
        if num.contains('.') && !num.contains(char::is_alphabetic) {
            continue;
        }
        // `several hundred personnel`, `a few thousand troops`: a scale
        // word alone is no count.
        if matches!(
            num.to_ascii_lowercase().as_str(),
            "hundred" | "thousand" | "million"
        ) {
            continue;
        }
        // Money is not a head count (`$28,500 troop bonus`).
        if after_money_sign(text, m.start()) {
            continue;
        }
        let noun = &c["noun"];
        if noun.eq_ignore_ascii_case("forces") && value < 100 {
            continue;
        }
        // A noun that opens a compound modifier counts something else:
        // `49 troop-contributing countries`, `12 soldier-led patrols`.
        let rest = &text[m.end()..];
        if rest.starts_with('-') && rest[1..].starts_with(char::is_alphabetic) {
            continue;
        }
        let qual = c.name("qual").map_or("", |q| q.as_str());
        let high = c.name("high").and_then(|h| parse_any(h.as_str()));
        let is_between = qual.eq_ignore_ascii_case("between");
        if is_between && high.is_none() {
            continue;
        }
        let range = high.is_some_and(|h| h > value);
        let end = m.end();
        if p.casualty.is_match(&text[end..]) || view.in_noise(&(m.start()..end)) {
            continue;
        }
        let after = previous_figure_end(&out, m.start());
        out.push(TroopFact {
            span: m.start()..end,
            value,
            value_high: high.filter(|_| range),
            qualifier: qualifier_of(
                qual,
                c.name("plus").is_some(),
                c.name("tilde").is_some(),
                range,
            ),
            unit: unit_of(noun),
            force: force_of(text, &c, end)
                .or_else(|| its_owner(view, m.start(), end))
                .or_else(|| body_owner(facts, view, m.start(), after))
                .or_else(|| sentence_owner(view, m.start(), after))
                .or_else(|| heading_owner(view, facts, m.start()))
                .unwrap_or_default(),
            location: location_of(view, facts, m.start(), end),
            as_of: String::new(),
            rule: Rule::TroopsNumberNoun,
        });
    }
    out.extend(elliptical_figures(view, facts, &out));
    out.extend(level_figures(view, scan, facts, &out));
    out.extend(implied_figures(view, scan, facts, &out));
    for c in p.frames.iter().flat_map(|g| scan.captures(g)) {
        let m = c.get(0).expect("group 0");
        if out
            .iter()
            .any(|f| f.span.start < m.end() && m.start() < f.span.end)
        {
            continue;
        }
        let Some(value) = parse_any(&c["num"]) else {
            continue;
        };
        // `a force of about 28 divisions` counts divisions.
        if counts_things_after(text, m.end()) {
            continue;
        }
        // `a 150-member delegation`: a person count is a troop figure
        // only with a military noun (`a 2,000-person contingent`).
        let people = c
            .name("kind")
            .is_some_and(|k| matches!(k.as_str(), "person" | "man" | "member"));
        if people && c.name("noun").is_none() {
            continue;
        }
        let unit = c
            .name("noun")
            .map_or("strong".to_string(), |n| n.as_str().to_lowercase());
        let qual = c.name("qual").map_or("", |q| q.as_str());
        if p.casualty.is_match(&text[m.end()..]) || view.in_noise(&(m.start()..m.end())) {
            continue;
        }
        let after = previous_figure_end(&out, m.start());
        out.push(TroopFact {
            span: m.start()..m.end(),
            value,
            value_high: None,
            qualifier: qualifier_of(qual, false, false, false),
            unit,
            // `Germany will station a 4,000-strong brigade`: the owner
            // named earlier, as for a figure with its noun.
            force: body_owner(facts, view, m.start(), after)
                .or_else(|| sentence_owner(view, m.start(), after))
                .unwrap_or_default(),
            location: location_of(view, facts, m.start(), m.end()),
            as_of: String::new(),
            rule: Rule::TroopsFrame,
        });
    }
    for f in &mut out {
        f.as_of = as_of(view, facts, &f.span);
    }
    // Tables and labelled lines name personnel in a header or label.
    if scan.any(PERSONNEL_WORD | STRENGTH) && may_hold_table_figures(view, scan) {
        out.extend(table_figures(view, facts));
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    // Names taken from hard-wrapped text (`the Polish\nArmed Forces`)
    // are spreadsheet values: one line, single spaces.
    for f in &mut out {
        for field in [&mut f.force, &mut f.location] {
            if field.contains(char::is_whitespace) {
                // A char is at least a byte: the length never cuts.
                *field = crate::textview::collapse_ws(field, field.len());
            }
        }
    }
    facts.troops = out;
}
