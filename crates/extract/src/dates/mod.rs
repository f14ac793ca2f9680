//! Dates: temporal expressions normalized to TIMEX3-style values.
//!
//! Three passes over the normalized text:
//! 1. atomic expressions (full dates, months, years, seasons, quarters,
//!    fiscal years, decades, centuries), each pattern with its own guard
//!    against numbers that are not dates (report numbers, counts, designators);
//! 2. ranges, by joining two atomic dates with a range connector
//!    (`1950–1953`, `from 2010 to 2015`, `between 1950 and 1953`,
//!    `1953–1990s`, `1990s–Present`);
//! 3. relative expressions resolved against an anchor in the text
//!    (`Seventy years later`, `the 70th anniversary`) or the document date
//!    (`last year`, `this month`).
//!
//! The document's own date is detected from a dateline or byline near the
//! top unless the user supplied one.
//!
//! One module per concern: `patterns` (the atomic patterns), `values`
//! (calendar words and values), `guards` (numbers that are not dates),
//! `ranges` (overlaps and ranges), `relative` (anchored expressions),
//! `calendar` (weekdays and months against the document date),
//! `doc_date` (the document's own date).

mod calendar;
mod citations;
mod doc_date;
mod guards;
mod hits;
mod patterns;
mod ranges;
mod relative;
#[cfg(test)]
mod tests;
mod values;

use calendar::*;
use citations::*;
use doc_date::*;
use guards::*;
use patterns::*;
use ranges::*;
use relative::*;
use values::*;

/// Month names, January first (the generated corpus writes them too).
pub use crate::timewords::MONTH_NAMES;
pub(crate) use crate::timewords::{is_time_word, MONTH, WEEKDAYS};

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::extractor::Extractor;
use crate::gate::{self, Gated, Lane, Scan};
use crate::model::{DateFact, DocDateSource, DocFacts, Granularity, Rule, SubjectLink};
use crate::numbers::{parse_any, parse_ordinal, NUMBER_WORD};
use crate::textview::{window_after, window_before, TextView};
use crate::triggers::dates::{
    ANNIVERSARY, CENTURY, DAY_NAME, DAY_WORD, DECADE, FISCAL, FOUR_DIGITS, MONTH_NAME, MONTH_WORD,
    QUARTER, SEASON, WEEK, YEAR,
};

/// Extracts dates; `vague` adds PRESENT_REF/PAST_REF/FUTURE_REF mentions.
pub struct DateExtractor {
    vague: bool,
}

impl DateExtractor {
    /// A dates extractor. Patterns are compiled once, process-wide.
    pub fn new(vague: bool) -> Self {
        LazyLock::force(&PATTERNS);
        DateExtractor { vague }
    }
}

impl Extractor for DateExtractor {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts) {
        self.extract_from(view, facts, &scan_of(view));
    }

    fn scans_ahead<'v>(
        &self,
        views: &[&'v TextView<'_>],
        facts: &[&DocFacts],
    ) -> Option<Vec<Scan<'v>>> {
        Some(scans_of_batch(views, facts))
    }

    fn extract_scanned(&self, view: &TextView<'_>, facts: &mut DocFacts, scan: &Scan<'_>) {
        self.extract_from(view, facts, scan);
    }
}

/// The gated scan of a view's dates.
fn scan_of<'v>(view: &'v TextView<'_>) -> Scan<'v> {
    scan_with(
        view.norm(),
        gate::view_hits(view, Lane::Dates),
        view.digit_runs(),
    )
}

/// [`Extractor::scans_ahead`] of the dates: each pattern the extractor
/// searches in every document, and, in a document whose date is known
/// beforehand (`facts` tell), those it searches with a date (one it ends
/// up not searching is dropped).
fn scans_of_batch<'v>(views: &[&'v TextView<'_>], facts: &[&DocFacts]) -> Vec<Scan<'v>> {
    let p = &*PATTERNS;
    let scans: Vec<Scan<'v>> = views.iter().map(|v| scan_of(v)).collect();
    // The patterns every document is searched with, whatever its text.
    let always = p
        .atomic
        .iter()
        .filter(|a| a.hand.is_none())
        .map(|a| &a.re)
        .chain([
            &p.years_offset,
            &p.the_next,
            &p.month_day,
            &p.year_part,
            &p.anniversary,
        ]);
    for g in always {
        for scan in &scans {
            scan.search_ahead(g);
        }
    }
    // Those of a document with a full date known beforehand (a
    // searched-ahead pattern the extractor does not search is dropped).
    let dated: Vec<&Scan<'v>> = scans
        .iter()
        .zip(facts)
        .filter(|(_, f)| known_date(f).is_some_and(|d| d.len() >= 10))
        .map(|(s, _)| s)
        .collect();
    for g in [&p.deictic, &p.weekday, &p.bare_month, &p.season_week] {
        for scan in &dated {
            scan.search_ahead(g);
        }
    }
    scans
}

/// The document date the extractor will take before any text of its
/// own: the one given, else the front matter's.
fn known_date(facts: &DocFacts) -> Option<&str> {
    facts
        .doc_date
        .as_deref()
        .or_else(|| facts.front_matter.as_ref()?.date.as_deref())
}

impl DateExtractor {
    /// [`Extractor::extract`] with the document's scan.
    fn extract_from(&self, view: &TextView<'_>, facts: &mut DocFacts, scan: &Scan<'_>) {
        let text = view.norm();
        let p = &*PATTERNS;
        let mut cands = atomic_candidates(scan, p);
        cands.retain(|c| !view.in_noise(&c.span));
        let atoms = resolve_overlaps(cands);
        let mut dates = join_ranges(text, p, atoms);
        // The years of author-year citations are references, not dates.
        let cited = citation_years(text);
        if !cited.is_empty() {
            dates.retain(|d| {
                !cited
                    .iter()
                    .any(|c| c.start >= d.span.start && c.end <= d.span.end)
            });
        }
        if facts.doc_date.is_none() && !facts.doc_date_settled {
            // By precedence: front matter, header line, path.
            let found = (facts.front_matter.as_ref())
                .and_then(|fm| fm.date.clone())
                .map(|d| (d, DocDateSource::FrontMatter))
                .or_else(|| detect_doc_date(text, &dates).map(|d| (d, DocDateSource::Header)))
                .or_else(|| facts.path_date.clone().map(|d| (d, DocDateSource::Path)));
            if let Some((d, source)) = found {
                facts.doc_date = Some(d);
                facts.doc_date_source = Some(source);
            }
        }
        let mut relative = relative_dates(view, scan, p, &dates, facts.doc_date.as_deref());
        if self.vague {
            relative.extend(vague_dates(view, p));
        }
        // Relative expressions never override an explicit date they overlap.
        relative.retain(|r| {
            let i = dates.partition_point(|d| d.span.end <= r.span.start);
            dates.get(i).is_none_or(|d| !overlaps(&d.span, &r.span))
        });
        dates.extend(relative);
        dates.sort_by_key(|d| (d.span.start, d.span.end));
        dates.dedup_by(|a, b| overlaps(&a.span, &b.span));
        extend_day_ranges(text, &mut dates);
        facts.dates = dates;
    }
}
