//! The report a person reads first, bounded whatever the corpus's size:
//!
//! - `report.html`, the entry page: the run's summary, the conflicts
//!   ranked by severity (the first ones in full), force levels over time
//!   as SVG timelines, the facts sources agree on, the entities most
//!   sources share and the sources summarised by folder and year; lists
//!   filter without a server (a small inline script, no network);
//! - `report/conflicts.html` and `report/figures.html`: the full lists;
//! - `report/docs/*.html`: one page per document that holds a conflict or
//!   a listed figure, its text as a reader sees it (markup left out) with
//!   every fact highlighted and anchored (`#fact-ID`), so a conflict is
//!   checked in two clicks; large documents, and all once the pages have
//!   shown their budget of text, as excerpts around the linked passages;
//! - `report.md`: the entry page's content in Markdown.
//!
//! The tables stay the complete record; the report links to them.

mod html;
mod markdown;
mod pages;
mod svg;

use std::collections::BTreeMap;

// Keyed by our own strings and offsets (see pages.rs).
use foldhash::{HashMap, HashMapExt};
use std::path::Path;

use crate::check::{AgreementRow, ConflictRow, FigureRow, Severity};
use crate::error::Result;
use crate::rows::{DocumentRow, EntityRow};
use crate::write::write_text;

pub use html::entry_page;
pub use markdown::markdown;

/// Everything the report shows.
pub struct ReportData<'a> {
    /// documents.csv rows.
    pub documents: &'a [DocumentRow],
    /// entities.csv rows.
    pub entities: &'a [EntityRow],
    /// conflicts.csv rows, most severe first.
    pub conflicts: &'a [ConflictRow],
    /// agreements.csv rows.
    pub agreements: &'a [AgreementRow],
    /// figures.csv rows: force levels in timeline order.
    pub figures: &'a [FigureRow],
    /// Per document (as `documents`), the byte ranges of its rows in the
    /// five fact tables ([`TABLE_FILES`] order), so that document pages
    /// read their facts without reading the tables whole. Empty when no
    /// table was written (every page then shows no facts).
    pub fact_ranges: &'a [FactRanges],
    /// What report.md and report.html both show, made by the first that
    /// asks (`Default::default()` to start).
    pub memo: Memo<'a>,
}

/// Summaries of [`ReportData`] that both reports show, each made once.
#[derive(Default)]
pub struct Memo<'a> {
    shared: std::sync::OnceLock<Vec<&'a EntityRow>>,
    tallies: std::sync::OnceLock<Tallies<'a>>,
}

/// The sources by folder and by the year of their own date.
type Tallies<'a> = (BTreeMap<&'a str, Tally>, BTreeMap<&'a str, Tally>);

/// The fact tables a document page marks, in the order of
/// [`FactRanges`].
pub const TABLE_FILES: [&str; 5] = [
    "dates.csv",
    "troops.csv",
    "acronyms.csv",
    "bodies.csv",
    "identifiers.csv",
];

/// The index of bodies.csv in [`TABLE_FILES`].
pub const BODIES: usize = 3;

/// One document's rows in each of the [`TABLE_FILES`]: byte ranges.
pub type FactRanges = [std::ops::Range<u64>; 5];

/// Conflicts the entry page shows in full; the rest are on the full list.
const CONFLICTS_IN_FULL: usize = 30;
/// Conflicts the full list shows in full (conflicts.csv holds them all).
const CONFLICTS_LISTED: usize = 1_000;
/// Points a timeline draws at most (after merging equal statements of
/// one publisher).
const MAX_POINTS: usize = 400;
/// Figure rows the entry page lists (and whose documents get a page).
const FIGURES_LISTED: usize = 300;
/// Timelines drawn: the series with the most statements.
const TIMELINES: usize = 8;
/// Entities and agreements the entry page lists.
const TOP_ENTITIES: usize = 40;
const TOP_AGREEMENTS: usize = 25;
/// At most this many document pages (conflicts' documents first).
const MAX_DOC_PAGES: usize = 2_000;

/// Writes report.md, report.html and the report/ folder into `dir` (the
/// staging folder, whose fact tables are complete).
/// A run does the same in two steps ([`EarlyPages::read`], then
/// [`write_reports_after`]), reading most tables while bodies.csv is
/// still written.
pub fn write_reports(dir: &Path, d: &ReportData<'_>) -> Result<()> {
    let early = EarlyPages::read(dir, d)?;
    write_reports_after(dir, d, early)
}

/// What the reports read before the bodies table is complete: which
/// documents get a page, and their facts in every other table. `d`'s
/// bodies ranges are not read.
pub struct EarlyPages {
    plan: pages::Plan,
    facts: pages::FactLists,
}

impl EarlyPages {
    /// Plans the pages of `d` and reads their facts from every table but
    /// bodies.csv.
    pub fn read(dir: &Path, d: &ReportData<'_>) -> Result<Self> {
        let plan = pages::plan(d);
        let facts = pages::read_tables(dir, &plan, d.fact_ranges, |t| t != BODIES)?;
        Ok(EarlyPages { plan, facts })
    }
}

/// [`write_reports`] after [`EarlyPages::read`]: only the bodies table
/// is read here (`d` now holds its ranges).
pub fn write_reports_after(dir: &Path, d: &ReportData<'_>, early: EarlyPages) -> Result<()> {
    let bodies = pages::read_tables(dir, &early.plan, d.fact_ranges, |t| t == BODIES)?;
    let facts = pages::Facts::from_lists(vec![early.facts, bodies]);
    write_planned(dir, d, early.plan, facts)
}

/// The reports, once the pages are planned and their facts read.
fn write_planned(
    dir: &Path,
    d: &ReportData<'_>,
    pages: pages::Plan,
    facts: pages::Facts,
) -> Result<()> {
    let sub = dir.join("report");
    std::fs::create_dir_all(sub.join("docs")).map_err(|source| crate::error::Error::Output {
        path: sub.clone(),
        source,
    })?;
    // The pages first: a link goes to a passage only where its page shows
    // it. report.md links to no page, so it is written beside them
    // instead of after them, at the end of the run's serial tail.
    let (shown, md) = rayon::join(
        || pages::write_doc_pages(&sub.join("docs"), d, &pages, &facts),
        || write_text(dir, "report.md", &markdown(d)),
    );
    let links = Links::new(d, &pages, &facts, shown?);
    md?;
    write_text(dir, "report.html", &entry_page(d, &links))?;
    write_text(&sub, "conflicts.html", &html::conflicts_page(d, &links))?;
    write_text(&sub, "figures.html", &html::figures_page(d, &links)).map(|_| ())
}

/// Where a fact of a document is shown: its document's page and anchor.
pub struct Links {
    /// Page file name per document that has a page.
    page: HashMap<String, String>,
    /// Fact id per (document, start, end), for the spans the report
    /// links to.
    fact: HashMap<(String, usize, usize), String>,
    /// What each page shows of its text; a document missing here shows
    /// all of it.
    shown: HashMap<String, pages::Shown>,
}

impl Links {
    fn new(
        d: &ReportData<'_>,
        pages: &pages::Plan,
        facts: &pages::Facts,
        shown: HashMap<String, pages::Shown>,
    ) -> Self {
        // Only the spans a link asks for: the pages of a large corpus hold
        // millions of facts.
        let wanted: foldhash::HashSet<(&str, usize, usize)> = d
            .conflicts
            .iter()
            .take(CONFLICTS_LISTED)
            .flat_map(|c| {
                [
                    (c.doc_a.as_str(), c.start_a, c.end_a),
                    (c.doc_b.as_str(), c.start_b, c.end_b),
                ]
            })
            .chain(d.figures.iter().map(|f| (f.doc.as_str(), f.start, f.end)))
            .collect();
        let mut fact = HashMap::new();
        for (doc, list) in &facts.by_doc {
            for f in list {
                if wanted.contains(&(doc.as_str(), f.start, f.end)) {
                    fact.entry((doc.clone(), f.start, f.end))
                        .or_insert_with(|| f.id.clone());
                }
            }
        }
        Links {
            page: pages.names.clone(),
            fact,
            shown,
        }
    }

    /// The link to a span of a document, relative to `from` (`""` for the
    /// entry page, `"../"` for a page in report/), if it has a page: to
    /// the span's mark when the page shows it, else to the page.
    fn to(&self, from: &str, doc: &str, start: usize, end: usize) -> Option<String> {
        let page = self.page.get(doc)?;
        if self.shown.get(doc).is_some_and(|s| !s.holds(start, end)) {
            return Some(format!("{from}report/docs/{page}"));
        }
        let anchor = self
            .fact
            .get(&(doc.to_string(), start, end))
            .map_or_else(|| format!("at-{start}-{end}"), |id| format!("fact-{id}"));
        Some(format!("{from}report/docs/{page}#{anchor}"))
    }
}

/// The conflict's severity as the report names it.
fn severity_name(c: &ConflictRow) -> &'static str {
    match c.severity {
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
    }
}

/// The top folder of a document path (`articles/2025-02/x.md` is in
/// `articles`), `.` for a document at the corpus root.
fn folder_of(doc: &str) -> &str {
    memchr::memchr(b'/', doc.as_bytes()).map_or(".", |i| &doc[..i])
}

/// Entities named by two or more documents, most widely shared first.
fn shared_entities<'d, 'a>(d: &'d ReportData<'a>) -> &'d [&'a EntityRow] {
    d.memo.shared.get_or_init(|| rank_shared_entities(d))
}

fn rank_shared_entities<'a>(d: &ReportData<'a>) -> Vec<&'a EntityRow> {
    // Each entity's document count once, not twice per comparison.
    let mut v: Vec<(usize, &EntityRow)> = d
        .entities
        .iter()
        .filter(|e| e.docs.contains(';'))
        .map(|e| (crate::write::list_len(&e.docs, ";"), e))
        .collect();
    v.sort_by(|(na, a), (nb, b)| {
        nb.cmp(na)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.canonical.cmp(&b.canonical))
    });
    v.into_iter().map(|(_, e)| e).collect()
}

/// How many entities two or more sources share.
fn shared_count(d: &ReportData<'_>) -> usize {
    shared_entities(d).len()
}

/// Agreements stated most often first.
fn top_agreements<'a>(d: &ReportData<'a>) -> Vec<&'a AgreementRow> {
    let mut v: Vec<&AgreementRow> = d.agreements.iter().collect();
    v.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.key.cmp(&b.key)));
    v.truncate(TOP_AGREEMENTS);
    v
}

/// One timeline: the figures of one force in one place (and service and
/// component), in figures.csv order (by as-of date).
struct Series<'a> {
    force: &'a str,
    place: &'a str,
    service: &'a str,
    component: &'a str,
    rows: Vec<&'a FigureRow>,
}

impl Series<'_> {
    /// Its title: `United States in Jordan`, with the service and component.
    fn title(&self) -> String {
        let mut t = if self.place.is_empty() {
            self.force.to_string()
        } else {
            format!("{} in {}", self.force, self.place)
        };
        for extra in [self.service, self.component] {
            if !extra.is_empty() {
                t.push_str(&format!(" ({extra})"));
            }
        }
        t
    }
}

/// The series with the most dated statements (at least two), most first.
fn top_series<'a>(d: &ReportData<'a>) -> Vec<Series<'a>> {
    let mut by: BTreeMap<(&str, &str, &str, &str), Vec<&FigureRow>> = BTreeMap::new();
    for f in d.figures {
        if svg::year_of(&f.as_of).is_some() {
            by.entry((&f.force, &f.place, &f.service, &f.component))
                .or_default()
                .push(f);
        }
    }
    let mut v: Vec<Series<'_>> = by
        .into_iter()
        .filter(|(_, rows)| rows.len() >= 2)
        .map(|((force, place, service, component), rows)| Series {
            force,
            place,
            service,
            component,
            rows,
        })
        .collect();
    // Stable sort: equal counts keep the key order.
    v.sort_by_key(|s| std::cmp::Reverse(s.rows.len()));
    v.truncate(TIMELINES);
    v
}

/// Per folder or per year: documents by status, and facts.
#[derive(Default)]
struct Tally {
    files: usize,
    ok: usize,
    failed: usize,
    bytes: u64,
    facts: usize,
}

impl Tally {
    fn add(&mut self, r: &DocumentRow) {
        self.files += 1;
        match r.status {
            "ok" => self.ok += 1,
            "skipped" | "empty" => self.failed += 1,
            _ => {}
        }
        self.bytes += r.bytes;
        self.facts += r.dates + r.troops + r.acronyms + r.bodies + r.identifiers;
    }
}

/// The sources summarised by folder and by the year of their own date.
fn source_tallies<'d, 'a>(d: &'d ReportData<'a>) -> &'d Tallies<'a> {
    d.memo.tallies.get_or_init(|| {
        let mut folders: BTreeMap<&str, Tally> = BTreeMap::new();
        let mut years: BTreeMap<&str, Tally> = BTreeMap::new();
        for r in d.documents {
            folders.entry(folder_of(&r.doc)).or_default().add(r);
            let year = r
                .doc_date
                .get(..4)
                .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or("undated");
            years.entry(year).or_default().add(r);
        }
        (folders, years)
    })
}

/// Documents that were not read, with their reasons.
fn failures<'a>(d: &ReportData<'a>) -> impl Iterator<Item = &'a DocumentRow> {
    d.documents
        .iter()
        .filter(|r| matches!(r.status, "skipped" | "empty"))
}

/// One line of the run's numbers.
fn summary_line(d: &ReportData<'_>) -> String {
    let ok = d.documents.iter().filter(|r| r.status == "ok").count();
    let by = |s: Severity| d.conflicts.iter().filter(|c| c.severity == s).count();
    format!(
        "{} files, {ok} read, {} not read. {} conflicts ({} high, {} medium, {} low), {} agreements, {} force-level figures, {} entities shared by two or more sources.",
        d.documents.len(),
        failures(d).count(),
        d.conflicts.len(),
        by(Severity::High),
        by(Severity::Medium),
        by(Severity::Low),
        d.agreements.len(),
        d.figures.len(),
        shared_count(d)
    )
}

/// Shows the first `n` items of a `sep`-separated list and counts the rest.
fn first_items(list: &str, sep: &str, n: usize) -> String {
    let items: Vec<&str> = list.split(sep).filter(|s| !s.is_empty()).collect();
    if items.len() <= n {
        return items.join(", ");
    }
    format!("{} … (+{} more)", items[..n].join(", "), items.len() - n)
}

#[cfg(test)]
mod tests;
