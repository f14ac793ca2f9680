//! Force levels as claims, read as timelines and compared under a time
//! policy.
//!
//! A troop figure is a claim about a quantity: whose forces, where, and
//! which service ([`FigureKey`], named one way by
//! [`sourcefacts_extract::claims`]). Casualties, changes (`an additional
//! 4,000`) and civilian staff are no force levels and are left out.
//!
//! When two statements of one quantity are compared (the time policy):
//! - in one document, always, unless both carry dates of their own that
//!   differ (`23,500 in 2005`, `28,500 today`: a change);
//! - from one publisher, only for the same as-of date: successive
//!   reports (a twice-yearly letter, an annual white paper) form a series
//!   whose differences are changes, shown in figures.csv's `change`;
//! - from different publishers, for the same year when both give dates of
//!   their own; when either states the present without a date of its own
//!   (its as-of is its document's date), for documents within
//!   [`WINDOW_YEARS`] years: real force levels rarely move far that fast;
//! - when neither is dated at all, always (nothing sets them apart); an
//!   undated statement is not compared with a dated one.
//!
//! A publisher's later report supersedes its earlier one: another
//! publisher's statement is compared with the one nearest in time.
//!
//! Two compared statements conflict when no reading of their qualifiers
//! reconciles them ([`allowed`]: an approximate figure is within one unit
//! of its last significant digit and at least 2%, an exact one rounded to
//! within 0.5%, so 600,000 and 599,000 agree)
//! and they are less than twice apart (further apart they count
//! different things: a unit and the whole force).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use sourcefacts_extract::claims;
use sourcefacts_extract::model::Qualifier;

use super::{
    conflict, AgreementRow, Checker, Clusters, Columns, ConflictRow, Findings, Severity, Stmt,
    TroopStmt,
};

/// Years within which two statements of the present from different
/// publishers are compared.
pub const WINDOW_YEARS: i32 = 3;

/// Figures this many times apart or more count different things.
const SAME_QUANTITY_RATIO: f64 = 2.0;

/// Up to this many distinct figures of one quantity, every pair is
/// compared. Beyond (a quantity stated with thousands of different
/// values), each figure is compared with the next figures up that
/// disagree with it: until this many conflicts stand...
const EXACT_CLASSES: usize = 64;
const NEAREST_STANDING: usize = 8;
/// ...or this many were examined, or this many classes visited (agreeing
/// ones included).
const NEAREST_EXAMINED: usize = 32;
const NEAREST_VISITED: usize = 256;
/// Up to this many statements of one quantity, agreements join every
/// agreeing pair; beyond, each statement is joined with this many
/// neighbours in value order.
const EXACT_STATEMENTS: usize = 1_024;
const NEAREST_AGREEING: usize = 64;

/// What a figure is a claim about: (force, place, service, component:
/// active, reserve or the whole).
pub(super) type FigureKey = (String, String, &'static str, &'static str);

/// Where a figure's as-of date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AsOfSource {
    /// The text: its sentence, or a heading above it.
    Text,
    /// The document's date: the figure states the present.
    Document,
    /// No date at all.
    None,
}

/// One force level, as the checks keep it.
#[derive(Debug)]
pub(super) struct Figure {
    doc: u32,
    value: u64,
    high: Option<u64>,
    qualifier: Qualifier,
    as_of: String,
    source: AsOfSource,
    force: String,
    location: String,
    stmt: Stmt,
}

impl Figure {
    fn year(&self) -> Option<i32> {
        self.as_of.get(..4)?.parse().ok()
    }

    fn interval(&self) -> (f64, f64) {
        allowed(self.value, self.high, self.qualifier)
    }
}

/// One quantity's dated statements per publisher, sorted by day, so
/// `superseded` finds a publisher's statement nearest a day in
/// logarithmic time instead of scanning every statement for every pair
/// (which made the checks cubic in the statements of one quantity).
struct Nearest(std::collections::HashMap<u32, Vec<(u32, u32)>>);

impl Nearest {
    fn new(figs: &[Figure], doc_publisher: &[u32]) -> Self {
        let mut by: std::collections::HashMap<u32, Vec<(u32, u32)>> =
            std::collections::HashMap::new();
        for f in figs {
            if let Some(day) = day_number(&f.as_of) {
                by.entry(doc_publisher[f.doc as usize])
                    .or_default()
                    .push((day, f.doc));
            }
        }
        for v in by.values_mut() {
            v.sort_unstable();
        }
        Nearest(by)
    }

    /// True when `publisher` has a statement outside document `doc` whose
    /// day is less than `gap` days from `day`.
    fn nearer(&self, publisher: u32, doc: u32, day: u32, gap: u32) -> bool {
        let Some(v) = self.0.get(&publisher) else {
            return false;
        };
        let i = v.partition_point(|&(d, _)| d < day);
        let later = v[i..].iter().take_while(|&&(d, _)| d - day < gap);
        let earlier = v[..i].iter().rev().take_while(|&&(d, _)| day - d < gap);
        later.chain(earlier).any(|&(_, x)| x != doc)
    }
}

/// True when two sorted lists share an item (a merge, linear in both).
fn sorted_meet(a: &[usize], b: &[usize]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// How figures.csv names a force: a state by its name; any other force
/// (a folded key such as `kfor`) as its statements write it most often
/// (`KFOR`), the first in order on a tie.
fn shown_force(key: &str, figs: &[Figure]) -> String {
    if key.chars().any(char::is_uppercase) {
        return key.to_string();
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in figs {
        *counts.entry(f.force.trim()).or_default() += 1;
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or_else(|| key.to_string(), |(name, _)| (*name).to_string())
}

/// figures.csv row: one statement of a force level, canonical names first
/// so that sorting reads each quantity as a timeline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FigureRow {
    /// Whose forces, one name per state (`United States`).
    pub force: String,
    /// Where, one name per country (`South Korea`).
    pub place: String,
    /// Which service, or empty for the forces as a whole.
    pub service: String,
    /// Which part: active, reserve, paramilitary, or empty for the whole.
    pub component: String,
    /// When the figure holds.
    pub as_of: String,
    /// Where `as_of` comes from: text, document or none.
    pub as_of_source: AsOfSource,
    /// The count (low end of a range).
    pub value: u64,
    /// High end of a range.
    pub value_high: Option<u64>,
    /// exact|approx|at_least|at_most|range.
    pub qualifier: Qualifier,
    /// Against the same publisher's previous figure for this quantity
    /// (`up 171 since 2021-06-08`), empty for the first.
    pub change: String,
    /// The document's publisher (web host, else the document).
    pub publisher: String,
    /// Document.
    pub doc: String,
    /// Byte span of the figure.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// The figure as written.
    pub text: String,
    /// The force as written.
    pub force_as_written: String,
    /// The place as written.
    pub location_as_written: String,
    /// The sentence.
    pub context: String,
}

impl Columns for FigureRow {
    fn header() -> Vec<&'static str> {
        vec![
            "force",
            "place",
            "service",
            "component",
            "as_of",
            "as_of_source",
            "value",
            "value_high",
            "qualifier",
            "change",
            "publisher",
            "doc",
            "start",
            "end",
            "text",
            "force_as_written",
            "location_as_written",
            "context",
        ]
    }
}

crate::rows::safe_cells! {
    FigureRow => [force, place, as_of, change, publisher, doc, text, force_as_written, location_as_written, context],
}

/// Why two statements of one quantity are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// One document states both.
    SameDocument,
    /// Both hold for the same time.
    SameTime,
    /// Both state the present, in documents this many years apart.
    Window(i32),
    /// Neither says when: nothing tells them apart in time.
    Undated,
}

impl Checker {
    /// Folds in one troop figure of document `d`, dated `doc_date`.
    pub(super) fn add_figure(&mut self, d: u32, doc_date: &str, t: TroopStmt) {
        let force = claims::force_key(&t.force);
        let place = claims::place_of(&t.force, &t.location, &t.stmt.context);
        if force.is_empty() || place.is_empty() {
            return;
        }
        if claims::not_a_level(t.value, &t.stmt.value, &t.stmt.context, &t.force).is_some() {
            return;
        }
        let source = if t.as_of.is_empty() {
            AsOfSource::None
        } else if t.as_of == doc_date {
            AsOfSource::Document
        } else {
            AsOfSource::Text
        };
        let service = claims::counted(&t.force, &t.unit);
        let part = claims::component(&t.stmt.value, &t.stmt.context);
        let key = (force, place, service, part);
        self.figures.entry(key).or_default().push(Figure {
            doc: d,
            value: t.value,
            high: t.value_high,
            qualifier: t.qualifier,
            as_of: t.as_of,
            source,
            force: t.force,
            location: t.location,
            stmt: t.stmt,
        });
    }

    /// Whether and why two statements of one quantity are compared (the
    /// time policy in the module's documentation).
    fn basis(&self, a: &Figure, b: &Figure) -> Option<Basis> {
        let own = |f: &Figure| f.source == AsOfSource::Text;
        let undated = |f: &Figure| f.source == AsOfSource::None;
        if undated(a) && undated(b) {
            return Some(if a.doc == b.doc {
                Basis::SameDocument
            } else {
                Basis::Undated
            });
        }
        if a.doc == b.doc {
            return (!(own(a) && own(b) && a.as_of != b.as_of)).then_some(Basis::SameDocument);
        }
        let publisher = |f: &Figure| self.doc_publisher[f.doc as usize];
        if publisher(a) == publisher(b) {
            return (!a.as_of.is_empty() && a.as_of == b.as_of).then_some(Basis::SameTime);
        }
        let (ya, yb) = (a.year()?, b.year()?);
        if own(a) && own(b) {
            return (ya == yb).then_some(Basis::SameTime);
        }
        let years = (ya - yb).abs();
        (years <= WINDOW_YEARS).then_some(if years == 0 {
            Basis::SameTime
        } else {
            Basis::Window(years)
        })
    }

    /// Whether `a`'s publisher has a statement of the same quantity
    /// nearer in time to `b` than `a` (another document): its later report
    /// supersedes `a` for the comparison with `b`.
    fn superseded(&self, a: &Figure, b: &Figure, near: &Nearest) -> bool {
        let publisher = |f: &Figure| self.doc_publisher[f.doc as usize];
        if a.doc == b.doc || publisher(a) == publisher(b) {
            return false;
        }
        let (Some(day_a), Some(day_b)) = (day_number(&a.as_of), day_number(&b.as_of)) else {
            return false;
        };
        near.nearer(publisher(a), a.doc, day_b, day_a.abs_diff(day_b))
    }

    /// Conflicts, agreements and figures.csv from the force levels.
    pub(super) fn figure_checks(&self, out: &mut Findings) {
        for (key, figs) in &self.figures {
            let label = figure_label(key);
            self.figure_conflicts(&label, figs, &mut out.conflicts);
            self.figure_agreements(&label, figs, &mut out.agreements);
        }
        out.figures = self.figure_rows();
    }

    fn figure_conflicts(&self, label: &str, figs: &[Figure], conflicts: &mut Vec<ConflictRow>) {
        // Distinct figures (value, high end, qualifier), lowest first.
        let mut classes: BTreeMap<(u64, Option<u64>, Qualifier), Vec<&Figure>> = BTreeMap::new();
        for f in figs {
            classes
                .entry((f.value, f.high, f.qualifier))
                .or_default()
                .push(f);
        }
        let classes: Vec<&Vec<&Figure>> = classes.values().collect();
        let near = Nearest::new(figs, &self.doc_publisher);
        // Every pair of distinct figures that disagree and have a pair of
        // statements compared under the policy: the first such pair.
        // A quantity with many distinct figures compares each with its
        // nearest disagreeing figures only (farther ones are chained
        // through them whenever the nearer pairs stand), so the work and
        // the rows stay linear in the figures.
        let bounded = classes.len() > EXACT_CLASSES;
        let mut found: BTreeMap<(usize, usize), (&Figure, &Figure, Basis)> = BTreeMap::new();
        for (i, ci) in classes.iter().enumerate() {
            let (mut examined, mut stood) = (0, 0);
            for (visited, (j, cj)) in classes.iter().enumerate().skip(i + 1).enumerate() {
                // Classes go up in value: once one is twice apart, all
                // after it are.
                if far_apart(ci[0], cj[0]) || (bounded && visited >= NEAREST_VISITED) {
                    break;
                }
                if !disagree(ci[0], cj[0]) {
                    continue;
                }
                if bounded && (stood >= NEAREST_STANDING || examined >= NEAREST_EXAMINED) {
                    break;
                }
                examined += 1;
                let pair = ci.iter().find_map(|a| {
                    cj.iter()
                        .filter(|b| !self.superseded(a, b, &near) && !self.superseded(b, a, &near))
                        .find_map(|b| self.basis(a, b).map(|basis| (*a, *b, basis)))
                });
                if let Some(p) = pair {
                    found.insert((i, j), p);
                    stood += 1;
                }
            }
        }
        // One row per gap: (i, k) goes when (i, j) and (j, k) both stand.
        // The classes after i and before k that stand with it, sorted (the
        // map iterates in key order): their intersection is the chain.
        let mut after: Vec<Vec<usize>> = vec![Vec::new(); classes.len()];
        let mut before: Vec<Vec<usize>> = vec![Vec::new(); classes.len()];
        for &(i, j) in found.keys() {
            after[i].push(j);
            before[j].push(i);
        }
        for b in &mut before {
            b.sort_unstable();
        }
        let chained = |i: usize, k: usize| sorted_meet(&after[i], &before[k]);
        for (&(i, k), &(a, b, basis)) in &found {
            if chained(i, k) {
                continue;
            }
            let (a, b) = if (&self.docs[a.doc as usize], a.stmt.start)
                <= (&self.docs[b.doc as usize], b.stmt.start)
            {
                (a, b)
            } else {
                (b, a)
            };
            let gap = relative_gap(a, b);
            let severity = match basis {
                Basis::SameDocument | Basis::SameTime if gap >= 0.10 => Severity::High,
                _ => Severity::Medium,
            };
            conflicts.push(conflict(
                &self.docs,
                ("troop_figure", severity, label),
                (a.doc, &a.stmt),
                (b.doc, &b.stmt),
                format!(
                    "{} ({}) vs {} ({})",
                    a.value, a.qualifier, b.value, b.qualifier
                ),
                figure_reason(label, a, b, basis, gap),
            ));
        }
    }

    fn figure_agreements(&self, label: &str, figs: &[Figure], agreements: &mut Vec<AgreementRow>) {
        // Statements compared under the policy that agree, joined.
        let mut clusters = Clusters::new(figs.len());
        let agree = |a: &Figure, b: &Figure| {
            a.doc != b.doc && !disagree(a, b) && !far_apart(a, b) && self.basis(a, b).is_some()
        };
        if figs.len() <= EXACT_STATEMENTS {
            for i in 0..figs.len() {
                for j in i + 1..figs.len() {
                    if agree(&figs[i], &figs[j]) {
                        clusters.join(i, j);
                    }
                }
            }
        } else {
            // Thousands of statements of one quantity: each is joined with
            // its nearest statements in value order (clusters are
            // transitive, so dense values still chain into one).
            let mut order: Vec<usize> = (0..figs.len()).collect();
            order.sort_by_key(|&i| (figs[i].value, figs[i].doc, figs[i].stmt.start));
            for (p, &i) in order.iter().enumerate() {
                for &j in order.iter().skip(p + 1).take(NEAREST_AGREEING) {
                    if agree(&figs[i], &figs[j]) {
                        clusters.join(i, j);
                    }
                }
            }
        }
        for group in clusters.groups() {
            let members: Vec<&Figure> = group.iter().map(|&i| &figs[i]).collect();
            let docs: BTreeSet<u32> = members.iter().map(|f| f.doc).collect();
            if docs.len() < 2 {
                continue;
            }
            // The value stated most often (the lowest of a tie) is agreed.
            let mut counts: BTreeMap<u64, usize> = BTreeMap::new();
            for f in &members {
                *counts.entry(f.value).or_default() += 1;
            }
            let value = counts
                .iter()
                .max_by_key(|(v, n)| (**n, std::cmp::Reverse(**v)))
                .map_or(0, |(v, _)| *v);
            let written: BTreeSet<String> = members
                .iter()
                .map(|f| {
                    f.stmt
                        .value
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let as_of: BTreeSet<&str> = members
                .iter()
                .map(|f| f.as_of.as_str())
                .filter(|a| !a.is_empty())
                .collect();
            agreements.push(AgreementRow {
                kind: "troop_figure",
                key: label.to_string(),
                value: value.to_string(),
                docs: self.doc_list(docs.iter()).1,
                mentions: members.len(),
                as_written: written.into_iter().collect::<Vec<_>>().join(" | "),
                note: if as_of.is_empty() {
                    String::new()
                } else {
                    format!(
                        "as of {}",
                        as_of.into_iter().collect::<Vec<_>>().join(" | ")
                    )
                },
            });
        }
    }

    /// figures.csv: every force level, by quantity and time, each with its
    /// change against the same publisher's previous figure.
    fn figure_rows(&self) -> Vec<FigureRow> {
        let mut rows = Vec::new();
        for ((force, place, service, part), figs) in &self.figures {
            let mut order: Vec<&Figure> = figs.iter().collect();
            order.sort_by(|a, b| {
                (a.as_of.as_str(), &self.docs[a.doc as usize], a.stmt.start).cmp(&(
                    b.as_of.as_str(),
                    &self.docs[b.doc as usize],
                    b.stmt.start,
                ))
            });
            let shown = shown_force(force, figs);
            // Each publisher's statements so far, in as-of order: its
            // previous figure is the last one dated before.
            let mut seen: std::collections::HashMap<u32, Vec<&Figure>> = Default::default();
            for f in &order {
                let publisher = self.doc_publisher[f.doc as usize];
                let earlier = seen.entry(publisher).or_default();
                let before = earlier.partition_point(|p| p.as_of < f.as_of);
                let previous = before
                    .checked_sub(1)
                    .map(|k| earlier[k])
                    .filter(|p| !p.as_of.is_empty());
                earlier.push(f);
                // In words, so no spreadsheet reads `+171` as a formula.
                let change = previous.map_or_else(String::new, |p| {
                    let (v, was) = (f.value, p.value);
                    match v.cmp(&was) {
                        std::cmp::Ordering::Equal => format!("unchanged since {}", p.as_of),
                        std::cmp::Ordering::Greater => format!("up {} since {}", v - was, p.as_of),
                        std::cmp::Ordering::Less => format!("down {} since {}", was - v, p.as_of),
                    }
                });
                rows.push(FigureRow {
                    force: shown.clone(),
                    place: place.clone(),
                    service: service.to_string(),
                    component: part.to_string(),
                    as_of: f.as_of.clone(),
                    as_of_source: f.source,
                    value: f.value,
                    value_high: f.high,
                    qualifier: f.qualifier,
                    change,
                    publisher: self.publishers[publisher as usize].clone(),
                    doc: self.docs[f.doc as usize].clone(),
                    start: f.stmt.start,
                    end: f.stmt.end,
                    text: f.stmt.value.clone(),
                    force_as_written: f.force.clone(),
                    location_as_written: f.location.clone(),
                    context: f.stmt.context.clone(),
                });
            }
        }
        rows
    }
}

/// `United States forces in South Korea`, `South Korea army (active) in
/// South Korea`.
fn figure_label((force, place, service, part): &FigureKey) -> String {
    let what = if service.is_empty() {
        "forces"
    } else {
        service
    };
    let part = if part.is_empty() {
        String::new()
    } else {
        format!(" ({part})")
    };
    format!("{force} {what}{part} in {place}")
}

/// No reading of the two figures' qualifiers reconciles them, and they
/// are close enough to count the same thing.
fn disagree(a: &Figure, b: &Figure) -> bool {
    let ((alo, ahi), (blo, bhi)) = (a.interval(), b.interval());
    (ahi < blo || bhi < alo) && !far_apart(a, b)
}

/// Twice apart or more: a part and a whole, not one quantity.
fn far_apart(a: &Figure, b: &Figure) -> bool {
    let (lo, hi) = if a.value <= b.value { (a, b) } else { (b, a) };
    hi.value as f64 >= SAME_QUANTITY_RATIO * lo.interval().1
}

/// How far apart two figures are, relative to the larger.
fn relative_gap(a: &Figure, b: &Figure) -> f64 {
    let (x, y) = (a.value as f64, b.value as f64);
    (x - y).abs() / x.max(y).max(1.0)
}

fn figure_reason(label: &str, a: &Figure, b: &Figure, basis: Basis, gap: f64) -> String {
    let when = |f: &Figure| match f.source {
        AsOfSource::Text => format!("as of {}", f.as_of),
        AsOfSource::Document => format!("in a document of {}", f.as_of),
        AsOfSource::None => "undated".to_string(),
    };
    let why = match basis {
        Basis::SameDocument => "one document gives both".to_string(),
        Basis::SameTime => "both hold for the same time".to_string(),
        Basis::Undated => "neither says when".to_string(),
        Basis::Window(y) => format!(
            "both state the present, {y} year{} apart (within the {WINDOW_YEARS}-year window)",
            if y == 1 { "" } else { "s" }
        ),
    };
    format!(
        "{label}: {} ({}) vs {} ({}), {:.0}% apart; {why}",
        a.value,
        when(a),
        b.value,
        when(b),
        gap * 100.0
    )
}

/// The interval of head counts a figure allows, from its qualifier: an
/// exact figure is taken as rounded to within 0.5%; an approximate one
/// as within one unit of its last significant digit, and at least 2%
/// (`about 520,000`: 510,000 to 530,000; `approximately 28,500`: 27,930
/// to 29,070; `about 30,000`: 20,000 to 40,000).
pub(super) fn allowed(value: u64, high: Option<u64>, qualifier: Qualifier) -> (f64, f64) {
    let v = value as f64;
    match qualifier {
        Qualifier::Approx => {
            let unit = 10f64.powi(trailing_zeros(value) as i32);
            let room = unit.max(v * 0.02);
            (v - room, v + room)
        }
        Qualifier::AtLeast => (v, f64::INFINITY),
        Qualifier::AtMost => (0.0, v),
        Qualifier::Range => (v, high.map_or(v, |h| h as f64)),
        Qualifier::Exact => (v * 0.995, v * 1.005),
    }
}

/// How many zeros end `n` (0 for 0).
fn trailing_zeros(mut n: u64) -> u32 {
    let mut zeros = 0;
    while n != 0 && n % 10 == 0 {
        n /= 10;
        zeros += 1;
    }
    zeros
}

/// A date value as a day count, for distances in time: `2021-06-08`,
/// `2021-06` (its first day), `2021`; None when it is none of these.
fn day_number(value: &str) -> Option<u32> {
    let mut parts = value.splitn(3, '-');
    let year: u32 = parts.next()?.get(..4)?.parse().ok()?;
    let month: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(1);
    let day: u32 = parts
        .next()
        .and_then(|d| d.get(..2)?.parse().ok())
        .unwrap_or(1);
    Some(year * 372 + month * 31 + day)
}

#[cfg(test)]
mod tests {
    use super::Nearest;
    use proptest::prelude::*;

    #[test]
    fn sorted_lists_meet_when_they_share_an_item() {
        assert!(super::sorted_meet(&[1, 4, 7], &[2, 7]));
        assert!(!super::sorted_meet(&[1, 4], &[2, 3, 5]));
        assert!(!super::sorted_meet(&[], &[1]));
    }

    proptest! {
        /// The index answers as the scan it replaced: is there a statement
        /// of the publisher, outside the document, less than `gap` days
        /// from `day`?
        #[test]
        fn nearest_agrees_with_a_scan(
            stmts in proptest::collection::vec((0u32..3, 0u32..6, 0u32..60), 0..40),
            publisher in 0u32..3, doc in 0u32..6, day in 0u32..60, gap in 0u32..30,
        ) {
            let mut by: std::collections::HashMap<u32, Vec<(u32, u32)>> = Default::default();
            for &(p, d, x) in &stmts {
                by.entry(p).or_default().push((x, d));
            }
            for v in by.values_mut() {
                v.sort_unstable();
            }
            let scan = stmts
                .iter()
                .any(|&(p, d, x)| p == publisher && d != doc && x.abs_diff(day) < gap);
            prop_assert_eq!(Nearest(by).nearer(publisher, doc, day, gap), scan);
        }
    }
}
