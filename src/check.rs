//! Checks. Two kinds:
//!
//! 1. Row invariants, before anything is written: a row's span lies inside
//!    its document, on character boundaries, and the document's text there
//!    is exactly the row's text ([`span_matches`]).
//! 2. Cross-source consistency, over the fact rows of the whole corpus
//!    ([`consistency`]): where sources state the same fact, do they agree?
//!    - acronym_expansion: one short form, two long forms (compared after
//!      folding case, punctuation and spacing, so only real differences
//!      count; a reordering of the same words is called out as garbling);
//!    - troop_figure: the same force at the same place with figures that no
//!      reading of their qualifiers reconciles (`approximately 28,500` and
//!      `28,500+` agree), for the same as-of year (or both undated);
//!    - date: the same subject (treaty, body, event) dated differently,
//!      where neither date refines the other (`2023` and `April 2023` agree);
//!    - other: a document giving itself two different identifiers.
//!
//!    Facts stated alike by two or more documents become agreements.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::reconcile::{fingerprint, name_key};
use crate::rows::{
    AcronymCols, Columns, DateCols, EntityRow, Head, IdentifierCols, Row, TroopCols,
};

/// Checks that `text` is exactly the document's bytes at `start..end`
/// (file offsets; `base` bytes precede the decoded text).
pub fn span_matches(doc_text: &str, base: usize, start: usize, end: usize, text: &str) -> bool {
    let (Some(s), Some(e)) = (start.checked_sub(base), end.checked_sub(base)) else {
        return false;
    };
    s <= e && doc_text.get(s..e) == Some(text)
}

/// conflicts.csv row: two statements that disagree, each with provenance.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ConflictRow {
    /// acronym_expansion|troop_figure|date|other.
    pub kind: &'static str,
    /// What the statements are about (the acronym, the force, the subject).
    pub key: String,
    /// First document.
    pub doc_a: String,
    /// Its byte span.
    pub start_a: usize,
    /// End of its span.
    pub end_a: usize,
    /// What it says.
    pub value_a: String,
    /// Its sentence.
    pub context_a: String,
    /// Second document (equal to doc_a for an inconsistency inside one source).
    pub doc_b: String,
    /// Its byte span.
    pub start_b: usize,
    /// End of its span.
    pub end_b: usize,
    /// What it says.
    pub value_b: String,
    /// Its sentence.
    pub context_b: String,
    /// Why this was flagged.
    pub note: String,
}

/// agreements.csv row: a fact two or more documents state alike.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AgreementRow {
    /// acronym_expansion|troop_figure|date|name_variant.
    pub kind: &'static str,
    /// What the fact is about.
    pub key: String,
    /// The agreed value.
    pub value: String,
    /// Documents stating it, `;`-separated.
    pub docs: String,
    /// Number of statements.
    pub mentions: usize,
    /// The forms in which it is stated.
    pub note: String,
}

impl Columns for ConflictRow {
    fn header() -> Vec<&'static str> {
        vec![
            "kind",
            "key",
            "doc_a",
            "start_a",
            "end_a",
            "value_a",
            "context_a",
            "doc_b",
            "start_b",
            "end_b",
            "value_b",
            "context_b",
            "note",
        ]
    }
}

impl Columns for AgreementRow {
    fn header() -> Vec<&'static str> {
        vec!["kind", "key", "value", "docs", "mentions", "note"]
    }
}

crate::rows::safe_cells! {
    ConflictRow => [key, doc_a, value_a, context_a, doc_b, value_b, context_b, note],
    AgreementRow => [key, value, docs, note],
}

/// The fact rows the consistency check reads.
pub struct Facts<'a> {
    /// dates.csv rows.
    pub dates: &'a [Row<DateCols>],
    /// troops.csv rows.
    pub troops: &'a [Row<TroopCols>],
    /// acronyms.csv rows.
    pub acronyms: &'a [Row<AcronymCols>],
    /// identifiers.csv rows.
    pub identifiers: &'a [Row<IdentifierCols>],
    /// entities.csv rows.
    pub entities: &'a [EntityRow],
}

/// Cross-source conflicts and agreements, in a deterministic order.
pub fn consistency(f: &Facts<'_>) -> (Vec<ConflictRow>, Vec<AgreementRow>) {
    let mut conflicts = Vec::new();
    let mut agreements = Vec::new();
    acronym_checks(f.acronyms, &mut conflicts, &mut agreements);
    troop_checks(f.troops, &mut conflicts, &mut agreements);
    date_checks(f.dates, &mut conflicts, &mut agreements);
    identifier_checks(f.identifiers, &mut conflicts);
    for e in f.entities.iter().filter(|e| e.docs.contains(';')) {
        agreements.push(AgreementRow {
            kind: "name_variant",
            key: e.canonical.clone(),
            value: e.canonical.clone(),
            docs: e.docs.clone(),
            mentions: e.mentions,
            note: e.variants.clone(),
        });
    }
    (conflicts, agreements)
}

/// One statement: where it is and what it says.
struct Statement<'a> {
    head: &'a Head,
    context: &'a str,
    value: String,
}

fn conflict(
    kind: &'static str,
    key: &str,
    a: &Statement<'_>,
    b: &Statement<'_>,
    note: String,
) -> ConflictRow {
    ConflictRow {
        kind,
        key: key.to_string(),
        doc_a: a.head.doc.clone(),
        start_a: a.head.start,
        end_a: a.head.end,
        value_a: a.value.clone(),
        context_a: a.context.to_string(),
        doc_b: b.head.doc.clone(),
        start_b: b.head.start,
        end_b: b.head.end,
        value_b: b.value.clone(),
        context_b: b.context.to_string(),
        note,
    }
}

fn docs_of<'a>(statements: impl Iterator<Item = &'a Statement<'a>>) -> BTreeSet<&'a str> {
    statements.map(|s| s.head.doc.as_str()).collect()
}

/// Case, punctuation and spacing folded: `Democratic People's Republic`
/// equals `democratic peoples republic`.
fn fold_words(s: &str) -> Vec<String> {
    s.chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '.'))
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn acronym_checks(
    rows: &[Row<AcronymCols>],
    conflicts: &mut Vec<ConflictRow>,
    agreements: &mut Vec<AgreementRow>,
) {
    // short form -> folded long form -> statements
    let mut by_short: BTreeMap<&str, BTreeMap<Vec<String>, Vec<Statement<'_>>>> = BTreeMap::new();
    for (h, c, t) in rows {
        by_short
            .entry(c.short.as_str())
            .or_default()
            .entry(fold_words(&c.long))
            .or_default()
            .push(Statement {
                head: h,
                context: &t.context,
                value: c.long.clone(),
            });
    }
    for (short, forms) in &by_short {
        let reps: Vec<(&Vec<String>, &Statement<'_>)> =
            forms.iter().map(|(k, v)| (k, &v[0])).collect();
        for (i, (ka, a)) in reps.iter().enumerate() {
            for (kb, b) in &reps[i + 1..] {
                let mut wa = (*ka).clone();
                let mut wb = (*kb).clone();
                wa.sort();
                wb.sort();
                let note = if wa == wb {
                    "same words in a different order: one source likely garbles the expansion"
                        .to_string()
                } else {
                    "one acronym, two expansions".to_string()
                };
                let (a, b) = if (&a.head.doc, a.head.start) <= (&b.head.doc, b.head.start) {
                    (a, b)
                } else {
                    (b, a)
                };
                conflicts.push(conflict("acronym_expansion", short, a, b, note));
            }
        }
        for statements in forms.values() {
            let docs = docs_of(statements.iter());
            if docs.len() >= 2 {
                agreements.push(AgreementRow {
                    kind: "acronym_expansion",
                    key: short.to_string(),
                    value: statements[0].value.clone(),
                    docs: docs.into_iter().collect::<Vec<_>>().join(";"),
                    mentions: statements.len(),
                    note: String::new(),
                });
            }
        }
    }
}

/// The interval of head counts a figure allows, from its qualifier.
fn allowed(value: u64, high: Option<u64>, qualifier: &str) -> (f64, f64) {
    let v = value as f64;
    match qualifier {
        "approx" => (v * 0.95, v * 1.05),
        "at_least" => (v, f64::INFINITY),
        "at_most" => (0.0, v),
        "range" => (v, high.map_or(v, |h| h as f64)),
        _ => (v, v),
    }
}

/// Whose troops, folded: `U.S.`, `US`, `American`, `United States` are one.
fn force_key(force: &str) -> String {
    let k = name_key(force, false);
    match k.as_str() {
        "us" | "american" | "us military" | "americans" => "us".into(),
        "rok" | "korean" | "south korean" | "republic of korea" => "rok".into(),
        _ => k,
    }
}

/// A distinct figure: value, high end, qualifier, as-of year.
type FigureClass<'a> = (u64, Option<u64>, &'a str, Option<&'a str>);

/// A distinct figure with its interval (low, high) and its statements.
type Figure<'a, 's> = (f64, f64, FigureClass<'a>, &'s Vec<&'s Statement<'a>>);

/// Figures stated for one force at one place, with where each is stated.
type TroopGroup<'a> = Vec<(&'a TroopCols, Statement<'a>)>;

fn troop_checks(
    rows: &[Row<TroopCols>],
    conflicts: &mut Vec<ConflictRow>,
    agreements: &mut Vec<AgreementRow>,
) {
    // (force key, place key) -> the figures stated for it
    let mut groups: BTreeMap<(String, String), TroopGroup<'_>> = BTreeMap::new();
    for (h, c, t) in rows {
        if c.force.is_empty() && c.location.is_empty() {
            continue; // nothing says whose or where: not comparable
        }
        let key = (force_key(&c.force), fingerprint(&c.location));
        groups.entry(key).or_default().push((
            c,
            Statement {
                head: h,
                context: &t.context,
                value: c.text.clone(),
            },
        ));
    }
    for items in groups.values() {
        let label = {
            let c = items[0].0;
            let mut l = if c.force.is_empty() {
                "troops".to_string()
            } else {
                format!("{} troops", c.force)
            };
            if !c.location.is_empty() {
                l = format!("{l} in {}", c.location);
            }
            l
        };
        // Compare distinct figures (value, high end, qualifier, as-of year),
        // not every pair of statements: a figure repeated by a thousand
        // documents is one class, so the cost stays near-linear.
        let mut classes: BTreeMap<FigureClass<'_>, Vec<&Statement<'_>>> = BTreeMap::new();
        for (c, st) in items {
            classes
                .entry((c.value, c.value_high, c.qualifier, c.as_of.get(..4)))
                .or_default()
                .push(st);
        }
        // Per as-of year (or undated), sweep the figures' intervals in
        // order: figures whose intervals chain together form one cluster;
        // neighbouring clusters conflict. Linear in distinct figures, and
        // one conflict row per gap between clusters, not one per pair.
        let mut by_year: BTreeMap<Option<&str>, Vec<Figure<'_, '_>>> = BTreeMap::new();
        for (class, sts) in &classes {
            let (lo, hi) = allowed(class.0, class.1, class.2);
            by_year
                .entry(class.3)
                .or_default()
                .push((lo, hi, *class, sts));
        }
        let mut agreeing: BTreeSet<&str> = BTreeSet::new();
        let mut agreed_value: Option<u64> = None;
        for figs in by_year.values_mut() {
            figs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
            let mut clusters: Vec<Vec<usize>> = Vec::new();
            let mut reach = f64::NEG_INFINITY;
            for (k, f) in figs.iter().enumerate() {
                match clusters.last_mut() {
                    Some(c) if f.0 <= reach => c.push(k),
                    _ => clusters.push(vec![k]),
                }
                reach = if clusters.last().is_some_and(|c| c.len() > 1) {
                    reach.max(f.1)
                } else {
                    f.1
                };
            }
            for c in &clusters {
                let docs: BTreeSet<&str> = c
                    .iter()
                    .flat_map(|&k| figs[k].3.iter().map(|s| s.head.doc.as_str()))
                    .collect();
                if docs.len() >= 2 {
                    agreeing.extend(docs);
                    let v = c.iter().map(|&k| figs[k].2 .0).min().unwrap_or(0);
                    agreed_value = Some(agreed_value.map_or(v, |a: u64| a.min(v)));
                }
            }
            for pair in clusters.windows(2) {
                let a = &figs[pair[0][0]];
                let b = &figs[pair[1][0]];
                conflicts.push(conflict(
                    "troop_figure",
                    &label,
                    a.3[0],
                    b.3[0],
                    format!("{} ({}) vs {} ({})", a.2 .0, a.2 .2, b.2 .0, b.2 .2),
                ));
            }
        }
        if let Some(v) = agreed_value {
            let forms: BTreeSet<&str> = items.iter().map(|(_, s)| s.value.as_str()).collect();
            agreements.push(AgreementRow {
                kind: "troop_figure",
                key: label,
                value: v.to_string(),
                docs: agreeing.into_iter().collect::<Vec<_>>().join(";"),
                mentions: items.len(),
                note: forms.into_iter().collect::<Vec<_>>().join(" | "),
            });
        }
    }
}

/// Two date values agree when equal or when one refines the other
/// (`2023` and `2023-04`).
fn dates_agree(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}-")) || b.starts_with(&format!("{a}-"))
}

/// Groups subjects whose keys are equal or nearly so (`korean war` and
/// `korea war`), blocking on the last word so comparisons stay few.
fn subject_groups(keys: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut blocks: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for k in keys {
        blocks
            .entry(k.rsplit(' ').next().unwrap_or(k))
            .or_default()
            .push(k);
    }
    let mut rep: BTreeMap<String, String> = BTreeMap::new();
    for members in blocks.values() {
        let mut reps: Vec<&String> = Vec::new();
        for k in members {
            let found = reps
                .iter()
                .find(|r| strsim::jaro_winkler(r, k) >= 0.95)
                .map(|r| (*r).clone());
            match found {
                Some(r) => {
                    rep.insert((*k).clone(), r);
                }
                None => {
                    reps.push(k);
                    rep.insert((*k).clone(), (*k).clone());
                }
            }
        }
    }
    rep
}

fn date_checks(
    rows: &[Row<DateCols>],
    conflicts: &mut Vec<ConflictRow>,
    agreements: &mut Vec<AgreementRow>,
) {
    let keyed: Vec<(String, &Row<DateCols>)> = rows
        .iter()
        .filter(|(_, c, _)| !c.subject.is_empty() && !c.value.contains("REF"))
        .map(|r| (name_key(&r.1.subject, false), r))
        .collect();
    let keys: BTreeSet<String> = keyed.iter().map(|(k, _)| k.clone()).collect();
    let rep = subject_groups(&keys);
    let mut groups: BTreeMap<&str, Vec<Statement<'_>>> = BTreeMap::new();
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    for (k, (h, c, t)) in &keyed {
        let r = rep[k].as_str();
        names.entry(r).or_insert(c.subject.as_str());
        groups.entry(r).or_default().push(Statement {
            head: h,
            context: &t.context,
            value: c.value.clone(),
        });
    }
    for (key, statements) in &groups {
        let subject = names[key];
        let docs = docs_of(statements.iter());
        let values: BTreeSet<&str> = statements.iter().map(|s| s.value.as_str()).collect();
        // Sorted values chain into clusters of mutually refining dates
        // (`2023`, `2023-04`); neighbouring clusters conflict: one row per
        // gap, however many sources repeat each value.
        let mut heads: Vec<&Statement<'_>> = Vec::new();
        for v in &values {
            if heads.last().is_some_and(|h| dates_agree(&h.value, v)) {
                continue;
            }
            if let Some(s) = statements.iter().find(|s| s.value == *v) {
                heads.push(s);
            }
        }
        let clash = heads.len() > 1;
        for pair in heads.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            conflicts.push(conflict(
                "date",
                subject,
                a,
                b,
                format!("{subject}: {} vs {}", a.value, b.value),
            ));
        }
        if !clash && docs.len() >= 2 {
            let coarsest = values.iter().min_by_key(|v| v.len()).copied().unwrap_or("");
            agreements.push(AgreementRow {
                kind: "date",
                key: subject.to_string(),
                value: coarsest.to_string(),
                docs: docs.into_iter().collect::<Vec<_>>().join(";"),
                mentions: statements.len(),
                note: values.into_iter().collect::<Vec<_>>().join(" | "),
            });
        }
    }
}

fn identifier_checks(rows: &[Row<IdentifierCols>], conflicts: &mut Vec<ConflictRow>) {
    let mut by_doc: BTreeMap<&str, Vec<Statement<'_>>> = BTreeMap::new();
    for (h, c, t) in rows {
        let list = by_doc.entry(h.doc.as_str()).or_default();
        if !list.iter().any(|s| s.value == c.text) {
            list.push(Statement {
                head: h,
                context: &t.context,
                value: c.text.clone(),
            });
        }
    }
    for statements in by_doc.values() {
        let mut seen: Vec<&Statement<'_>> = Vec::new();
        for s in statements {
            let number = s.value.trim_end_matches(')');
            if let Some(first) = seen.first() {
                if !first.value.contains(number)
                    && !number.contains(first.value.trim_end_matches(')'))
                {
                    conflicts.push(conflict(
                        "other",
                        "document identifier",
                        first,
                        s,
                        "the document gives itself two different numbers".into(),
                    ));
                }
            }
            seen.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::Tail;

    fn head(doc: &str, start: usize) -> Head {
        Head {
            fact_id: String::new(),
            doc: doc.into(),
            start,
            end: start + 1,
            char_start: start,
            char_end: start + 1,
            line: 1,
            col: 1,
        }
    }

    fn tail() -> Tail {
        Tail {
            sentence: 1,
            rule: "t",
            context: "ctx".into(),
        }
    }

    fn acr(doc: &str, start: usize, short: &str, long: &str) -> Row<AcronymCols> {
        (
            head(doc, start),
            AcronymCols {
                short: short.into(),
                long: long.into(),
                long_start: 0,
                long_end: 0,
            },
            tail(),
        )
    }

    fn troop(
        doc: &str,
        value: u64,
        qualifier: &'static str,
        force: &str,
        loc: &str,
        as_of: &str,
    ) -> Row<TroopCols> {
        (
            head(doc, 0),
            TroopCols {
                text: format!("{value} troops"),
                value,
                value_high: None,
                qualifier,
                unit: "troops".into(),
                force: force.into(),
                location: loc.into(),
                as_of: as_of.into(),
            },
            tail(),
        )
    }

    fn date(doc: &str, value: &str, subject: &str) -> Row<DateCols> {
        (
            head(doc, 0),
            DateCols {
                text: value.into(),
                value: value.into(),
                granularity: "year",
                anchor_value: String::new(),
                anchor_fact_id: String::new(),
                subject: subject.into(),
                subject_type: "agreement",
            },
            tail(),
        )
    }

    fn run(
        dates: &[Row<DateCols>],
        troops: &[Row<TroopCols>],
        acronyms: &[Row<AcronymCols>],
    ) -> (Vec<ConflictRow>, Vec<AgreementRow>) {
        consistency(&Facts {
            dates,
            troops,
            acronyms,
            identifiers: &[],
            entities: &[],
        })
    }

    #[test]
    fn exact_slices_pass_and_others_fail() {
        let t = "Korea\u{2019}s 1953";
        assert!(span_matches(t, 0, 10, 14, "1953"));
        assert!(span_matches(t, 3, 13, 17, "1953"));
        assert!(!span_matches(t, 0, 10, 14, "1954"));
        assert!(!span_matches(t, 0, 6, 8, "\u{2019}"));
        assert!(!span_matches(t, 0, 14, 99, ""));
        assert!(!span_matches(t, 3, 1, 2, ""));
    }

    #[test]
    fn garbled_acronym_expansion_is_a_conflict_spelling_is_not() {
        let rows = [
            acr("a", 1, "DPRK", "Democratic People's Republic of Korea"),
            acr(
                "b",
                1,
                "DPRK",
                "Democratic Republic People\u{2019}s of Korea",
            ),
            acr("a", 5, "NCG", "Nuclear Consultative Group"),
            acr("b", 5, "NCG", "nuclear consultative group"),
        ];
        let (c, a) = run(&[], &[], &rows);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].key, "DPRK");
        assert!(c[0].note.contains("different order"));
        assert!(a.iter().any(|r| r.key == "NCG" && r.docs == "a;b"));
    }

    #[test]
    fn hedged_troop_figures_agree_different_ones_conflict() {
        let rows = [
            troop("a", 28_500, "approx", "U.S.", "South Korea", ""),
            troop("a", 28_500, "at_least", "U.S.", "South Korea", ""),
            troop("b", 28_500, "exact", "American", "the ROK", ""),
        ];
        let (c, a) = run(&[], &rows, &[]);
        assert!(c.is_empty(), "{c:?}");
        assert_eq!(a[0].value, "28500");
        assert_eq!(a[0].docs, "a;b");
        let rows = [
            troop("a", 28_500, "exact", "U.S.", "South Korea", ""),
            troop("b", 37_000, "approx", "U.S.", "South Korea", ""),
            troop("c", 23_500, "exact", "U.S.", "South Korea", "2005"),
            troop("d", 28_500, "exact", "U.S.", "South Korea", "2024"),
        ];
        let (c, _) = run(&[], &rows, &[]);
        // Only a-b: c and d carry as-of years, so they meet only figures of
        // the same year.
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!((c[0].doc_a.as_str(), c[0].doc_b.as_str()), ("a", "b"));
        assert!(c.iter().all(|r| r.kind == "troop_figure"));
    }

    #[test]
    fn many_sources_repeating_two_figures_give_one_conflict() {
        let docs: Vec<String> = (0..1000).map(|i| format!("d{i:04}")).collect();
        let rows: Vec<Row<TroopCols>> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let v = if i % 2 == 0 { 28_500 } else { 37_000 };
                troop(d, v, "exact", "U.S.", "South Korea", "")
            })
            .collect();
        let (c, a) = run(&[], &rows, &[]);
        assert_eq!(c.len(), 1, "one gap between the two clusters");
        assert_eq!(a.len(), 1);
        let dates: Vec<Row<DateCols>> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                date(
                    d,
                    ["1953", "1953-10", "1954"][i % 3],
                    "Mutual Defense Treaty",
                )
            })
            .collect();
        let (c, _) = run(&dates, &[], &[]);
        assert_eq!(
            c.len(),
            1,
            "1953 and 1953-10 agree; 1954 is the one gap: {c:?}"
        );
    }

    #[test]
    fn subject_dates_agree_at_any_granularity_and_conflict_otherwise() {
        let rows = [
            date("a", "1953", "U.S.-ROK Mutual Defense Treaty"),
            date("b", "1953", "Mutual Defense Treaty"),
            date("a", "2023", "Washington Declaration"),
            date("b", "2023-04", "Washington Declaration"),
            date("a", "1950/1953", "Korean War"),
            date("b", "1950/1953", "Korea War"),
            date(
                "a",
                "2015",
                "Extended Deterrence Strategy and Consultation Group",
            ),
            date(
                "b",
                "2016",
                "EDSCG Extended Deterrence Strategy and Consultation Group",
            ),
            date("a", "2022-12", "ROK Indo-Pacific Strategy"),
            date("b", "2022-02", "US Indo-Pacific Strategy"),
        ];
        let (c, a) = run(&rows, &[], &[]);
        let keys: Vec<&str> = a.iter().map(|r| r.key.as_str()).collect();
        assert!(
            keys.contains(&"U.S.-ROK Mutual Defense Treaty")
                || keys.contains(&"Mutual Defense Treaty")
        );
        assert!(a
            .iter()
            .any(|r| r.key == "Washington Declaration" && r.value == "2023"));
        assert!(
            a.iter().any(|r| r.value == "1950/1953" && r.docs == "a;b"),
            "{a:?}"
        );
        assert!(
            c.is_empty(),
            "different names or owners are not one subject: {c:?}"
        );
        let rows = [
            date("a", "2015", "Consultation Group"),
            date("b", "2016", "Consultation Group"),
        ];
        let (c, _) = run(&rows, &[], &[]);
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn two_identifiers_in_one_document_conflict() {
        let id = |doc: &str, text: &str| {
            (
                head(doc, 0),
                IdentifierCols {
                    text: text.into(),
                    value: String::new(),
                    series: String::new(),
                },
                tail(),
            )
        };
        let rows = [
            id("a", "No. 2025-27(S)"),
            id("a", "Asan Issue Brief (2025-23)"),
            id("b", "No. 2025-01"),
        ];
        let (c, _) = consistency(&Facts {
            dates: &[],
            troops: &[],
            acronyms: &[],
            identifiers: &rows,
            entities: &[],
        });
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].doc_a.as_str(), c[0].doc_b.as_str()), ("a", "a"));
    }
}
