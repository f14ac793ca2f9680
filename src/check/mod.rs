//! Checks. Two kinds:
//!
//! 1. Row invariants, before anything is written: a row's span lies inside
//!    its document, on character boundaries, and the document's text there
//!    is exactly the row's text ([`span_matches`]).
//! 2. Cross-source consistency, over the fact rows of the whole corpus
//!    ([`consistency`]): where sources state the same fact, do they agree?
//!    - acronym_expansion (`acronyms`): one short form, two long forms
//!      that both spell it and name one thing in different words, or the
//!      same words in another order;
//!    - troop_figure (`figures`): two claims about one quantity (force,
//!      place, service) compared under the time policy, whose figures no
//!      reading of their qualifiers reconciles;
//!    - date (`dates`): the same subject given two own dates;
//!    - other: a document giving itself two different identifiers.
//!
//!    Facts stated alike by two or more documents become agreements, and
//!    every force level becomes a row of figures.csv.

mod acronyms;
mod dates;
mod figures;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::rows::{
    AcronymCols, Columns, DateCols, DocumentRow, EntityRow, Head, IdentifierCols, Row, TroopCols,
};
use sourcefacts_extract::model::Qualifier;

use acronyms::fold_words;
use dates::{Comparable, DateGroup};
pub use figures::FigureRow;
use figures::{Figure, FigureKey};

/// Checks that `text` is exactly the document's bytes at `start..end`
/// (file offsets; `base` bytes precede the decoded text).
pub fn span_matches(doc_text: &str, base: usize, start: usize, end: usize, text: &str) -> bool {
    let (Some(s), Some(e)) = (start.checked_sub(base), end.checked_sub(base)) else {
        return false;
    };
    s <= e && doc_text.get(s..e) == Some(text)
}

/// How much a conflict matters, first to read first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The same quantity at the same time, far apart.
    High,
    /// A real disagreement with some room: a window of years, a small gap,
    /// a garbled name.
    Medium,
    /// Naming: one short form, two wordings of one name.
    Low,
}

/// conflicts.csv row: two statements that disagree, each with provenance.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ConflictRow {
    /// How much it matters; the table is sorted by it.
    pub severity: Severity,
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
    /// The two values side by side.
    pub note: String,
    /// Why the two statements are compared and why they disagree, in words.
    pub reason: String,
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
    /// The statements as written, ` | `-separated: only those that state
    /// the agreed value.
    pub as_written: String,
    /// Variants and refinements of the value.
    pub note: String,
}

impl Columns for ConflictRow {
    fn header() -> Vec<&'static str> {
        vec![
            "severity",
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
            "reason",
        ]
    }
}

impl Columns for AgreementRow {
    fn header() -> Vec<&'static str> {
        vec![
            "kind",
            "key",
            "value",
            "docs",
            "mentions",
            "as_written",
            "note",
        ]
    }
}

crate::rows::safe_cells! {
    ConflictRow => [key, doc_a, value_a, context_a, doc_b, value_b, context_b, note, reason],
    AgreementRow => [key, value, docs, as_written, note],
}

/// One statement as the checks keep it: where it is and what it says.
/// Only the first statement of each distinct value is kept, so memory
/// grows with distinct facts, not with the corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stmt {
    /// Byte span in the document.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// What it says (the long form, the figure as written, the date value).
    pub value: String,
    /// Its sentence.
    pub context: String,
}

impl Stmt {
    fn of(h: &Head, value: &str, context: &str) -> Self {
        Stmt {
            start: h.start,
            end: h.end,
            value: value.to_string(),
            context: context.to_string(),
        }
    }
}

/// A troop figure as the checks read it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TroopStmt {
    /// The count (low end of a range).
    pub value: u64,
    /// High end of a range.
    pub value_high: Option<u64>,
    /// How the figure bounds the count.
    pub qualifier: Qualifier,
    /// Whose personnel, as written.
    pub force: String,
    /// Where, as written.
    pub location: String,
    /// Governing date value.
    pub as_of: String,
    /// The personnel noun.
    pub unit: String,
    /// The figure as written, with its place.
    pub stmt: Stmt,
}

/// What one document gives the consistency checks: the map step's output,
/// folded into a [`Checker`] in document order.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DocChecks {
    /// (short form, long form statement).
    pub acronyms: Vec<(String, Stmt)>,
    /// Troop figures with a force or a place.
    pub troops: Vec<TroopStmt>,
    /// (subject, how comparable the statement is, date statement).
    pub dates: Vec<(String, Option<Comparable>, Stmt)>,
    /// The document's identifiers, as written.
    pub identifiers: Vec<Stmt>,
}

impl DocChecks {
    /// The check inputs among a document's rows.
    pub fn from_rows(
        dates: &[Row<DateCols>],
        troops: &[Row<TroopCols>],
        acronyms: &[Row<AcronymCols>],
        identifiers: &[Row<IdentifierCols>],
    ) -> Self {
        DocChecks {
            acronyms: acronyms
                .iter()
                .map(|(h, c, t)| (c.short.clone(), Stmt::of(h, &c.long, &t.context)))
                .collect(),
            troops: troops
                .iter()
                .filter(|(_, c, _)| !(c.force.is_empty() && c.location.is_empty()))
                .map(|(h, c, t)| TroopStmt {
                    value: c.value,
                    value_high: c.value_high,
                    qualifier: c.qualifier,
                    force: c.force.clone(),
                    location: c.location.clone(),
                    as_of: c.as_of.clone(),
                    unit: c.unit.clone(),
                    stmt: Stmt::of(h, &c.text, &t.context),
                })
                .collect(),
            dates: dates
                .iter()
                .filter(|(_, c, _)| !c.subject.is_empty() && !c.value.contains("REF"))
                .map(|(h, c, t)| {
                    let st = Stmt::of(h, &c.value, &t.context);
                    // A fiscal year (`FY 2022`) names a budget's edition,
                    // not a calendar year: never compared.
                    let fiscal =
                        c.text.starts_with("FY") || c.text.to_lowercase().starts_with("fiscal");
                    let how = Comparable::of(c.subject_link, c.subject_type).filter(|_| !fiscal);
                    (c.subject.clone(), how, st)
                })
                .collect(),
            identifiers: identifiers
                .iter()
                .map(|(h, c, t)| Stmt::of(h, &c.text, &t.context))
                .collect(),
        }
    }
}

/// Who published a document and when: what the time policy of the
/// checks reads (successive reports of one publisher form a series).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// The web host its metadata gives (`www.` dropped), else the
    /// document itself: documents without metadata are each their own
    /// publisher.
    pub publisher: String,
    /// The document date (`2024-07-28`, `2023`), or empty.
    pub doc_date: String,
}

impl Source {
    /// The source of a documents.csv row.
    pub fn of(row: &DocumentRow) -> Self {
        let host = row
            .source_url
            .split_once("://")
            .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
            .unwrap_or("");
        let host = host.strip_prefix("www.").unwrap_or(host);
        Source {
            publisher: if host.is_empty() {
                row.doc.clone()
            } else {
                host.to_ascii_lowercase()
            },
            doc_date: row.doc_date.clone(),
        }
    }

    /// A document known by its name only.
    pub fn unknown(doc: &str) -> Self {
        Source {
            publisher: doc.to_string(),
            doc_date: String::new(),
        }
    }
}

/// The fact rows the consistency check reads (all in memory; the pipeline
/// streams through a [`Checker`] instead).
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

/// What the checks find: conflicts, agreements and the figures table.
#[derive(Debug, Default)]
pub struct Findings {
    /// conflicts.csv, most severe first.
    pub conflicts: Vec<ConflictRow>,
    /// agreements.csv.
    pub agreements: Vec<AgreementRow>,
    /// figures.csv, by force, place, service and as-of.
    pub figures: Vec<FigureRow>,
}

/// Cross-source conflicts and agreements, in a deterministic order (each
/// document known by its name only).
pub fn consistency(f: &Facts<'_>) -> Findings {
    let mut checker = Checker::default();
    let mut add = |doc: &str, c: DocChecks| checker.add(doc, &Source::unknown(doc), c);
    // Rows in order, each folded in as its own document's statement.
    for r in f.acronyms {
        add(
            &r.0.doc,
            DocChecks::from_rows(&[], &[], std::slice::from_ref(r), &[]),
        );
    }
    for r in f.troops {
        add(
            &r.0.doc,
            DocChecks::from_rows(&[], std::slice::from_ref(r), &[], &[]),
        );
    }
    for r in f.dates {
        add(
            &r.0.doc,
            DocChecks::from_rows(std::slice::from_ref(r), &[], &[], &[]),
        );
    }
    for r in f.identifiers {
        add(
            &r.0.doc,
            DocChecks::from_rows(&[], &[], &[], std::slice::from_ref(r)),
        );
    }
    checker.finish(f.entities)
}

/// A distinct fact value: its first statement, its documents, its count.
#[derive(Debug)]
struct Class {
    first: (u32, Stmt),
    docs: BTreeSet<u32>,
    count: usize,
}

impl Class {
    fn new(doc: u32, s: Stmt) -> Self {
        Class {
            first: (doc, s),
            docs: BTreeSet::from([doc]),
            count: 0,
        }
    }

    fn add(&mut self, doc: u32) {
        self.docs.insert(doc);
        self.count += 1;
    }
}

/// Cross-source consistency, folded document by document: memory holds
/// one statement per distinct acronym or date value, every force level,
/// and the documents stating them.
#[derive(Debug, Default)]
pub struct Checker {
    docs: Vec<String>,
    /// Looked up once per document: hashed, where a B-tree compared the
    /// long shared prefixes of paths at every step (1.3% of the per-file
    /// work of a run).
    doc_ids: foldhash::HashMap<String, u32>,
    /// Each document's publisher (an index into `publishers`).
    doc_publisher: Vec<u32>,
    publishers: Vec<String>,
    publisher_ids: BTreeMap<String, u32>,
    /// short form -> folded long form -> class
    acronyms: BTreeMap<String, BTreeMap<Vec<String>, Class>>,
    /// claim key -> the force levels stated for it
    figures: BTreeMap<FigureKey, Vec<Figure>>,
    /// subject key -> dates
    dates: BTreeMap<String, DateGroup>,
    ordinal: u64,
    /// Per document: its first identifier and the distinct ones seen.
    identifiers: BTreeMap<u32, (Stmt, BTreeSet<String>)>,
    identifier_conflicts: Vec<ConflictRow>,
}

impl Checker {
    fn doc_id(&mut self, doc: &str, source: &Source) -> u32 {
        if let Some(&id) = self.doc_ids.get(doc) {
            return id;
        }
        let id = self.docs.len() as u32;
        self.docs.push(doc.to_string());
        self.doc_ids.insert(doc.to_string(), id);
        let next = self.publishers.len() as u32;
        let p = *self
            .publisher_ids
            .entry(source.publisher.clone())
            .or_insert(next);
        if p == next {
            self.publishers.push(source.publisher.clone());
        }
        self.doc_publisher.push(p);
        id
    }

    /// Room for `n` documents, made at once (see
    /// `Reduce::expect_documents`).
    pub fn expect_documents(&mut self, n: usize) {
        self.docs.reserve(n);
        self.doc_ids.reserve(n);
        self.doc_publisher.reserve(n);
    }

    /// Folds in one document's statements (documents in corpus order).
    pub fn add(&mut self, doc: &str, source: &Source, checks: DocChecks) {
        let d = self.doc_id(doc, source);
        for (short, st) in checks.acronyms {
            self.acronyms
                .entry(short)
                .or_default()
                .entry(fold_words(&st.value))
                .or_insert_with(|| Class::new(d, st))
                .add(d);
        }
        for t in checks.troops {
            self.add_figure(d, &source.doc_date, t);
        }
        for (subject, how, st) in checks.dates {
            self.add_date(d, subject, how, st);
        }
        for st in checks.identifiers {
            self.add_identifier(d, st);
        }
    }

    /// A document giving itself two numbers conflicts with itself.
    fn add_identifier(&mut self, d: u32, st: Stmt) {
        match self.identifiers.get_mut(&d) {
            None => {
                let seen = BTreeSet::from([st.value.clone()]);
                self.identifiers.insert(d, (st, seen));
            }
            Some((first, seen)) => {
                if !seen.insert(st.value.clone()) {
                    return;
                }
                let number = st.value.trim_end_matches(')');
                if !first.value.contains(number)
                    && !number.contains(first.value.trim_end_matches(')'))
                {
                    let row = conflict(
                        &self.docs,
                        ("other", Severity::Medium, "document identifier"),
                        (d, first),
                        (d, &st),
                        "the document gives itself two different numbers".into(),
                        "one document, two identifiers for itself: which is it?".into(),
                    );
                    self.identifier_conflicts.push(row);
                }
            }
        }
    }

    /// Conflicts (most severe first), agreements and figures, in a
    /// deterministic order.
    pub fn finish(self, entities: &[EntityRow]) -> Findings {
        let mut out = self.findings();
        add_name_variants(&mut out, entities);
        out
    }

    /// The findings that need no reconciled entities: [`Self::finish`]
    /// without the name variants, so that they can be worked out while
    /// reconciliation runs.
    pub fn findings(mut self) -> Findings {
        let mut out = Findings::default();
        self.acronym_checks(&mut out.conflicts, &mut out.agreements);
        self.figure_checks(&mut out);
        self.date_checks(&mut out.conflicts, &mut out.agreements);
        let mut ids = std::mem::take(&mut self.identifier_conflicts);
        ids.sort_by(|a, b| a.doc_a.cmp(&b.doc_a));
        out.conflicts.extend(ids);
        // Stable: within a severity, the kinds keep their order above.
        out.conflicts.sort_by_key(|c| c.severity);
        out
    }

    /// Document paths of a set of ids, sorted and `;`-joined.
    fn doc_list<'a>(&self, ids: impl Iterator<Item = &'a u32>) -> (usize, String) {
        let names: BTreeSet<&str> = ids.map(|&d| self.docs[d as usize].as_str()).collect();
        (names.len(), names.into_iter().collect::<Vec<_>>().join(";"))
    }
}

/// Appends an agreement for every entity named in more than one document,
/// with the names it goes by.
pub fn add_name_variants(out: &mut Findings, entities: &[EntityRow]) {
    for e in entities.iter().filter(|e| e.docs.contains(';')) {
        out.agreements.push(AgreementRow {
            kind: "name_variant",
            key: e.canonical.clone(),
            value: e.canonical.clone(),
            docs: e.docs.clone(),
            mentions: e.mentions,
            as_written: e.variants.clone(),
            note: String::new(),
        });
    }
}

/// Items joined into clusters (union-find by index): acronym forms that
/// are variants of one name, figures that agree.
struct Clusters(Vec<usize>);

impl Clusters {
    fn new(n: usize) -> Self {
        Clusters((0..n).collect())
    }

    /// The root of `i`, compressing the path.
    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    /// Puts `i` and `j` in one cluster (the lower index is its root).
    fn join(&mut self, i: usize, j: usize) {
        let (ri, rj) = (self.root(i), self.root(j));
        self.0[ri.max(rj)] = ri.min(rj);
    }

    /// The clusters, each as its members' indexes, in index order (a
    /// cluster's root is its lowest index, so the clusters come in the
    /// order of their first members). One pass: bucketed by root.
    fn groups(mut self) -> Vec<Vec<usize>> {
        let n = self.0.len();
        let mut by_root: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            let r = self.root(i);
            by_root[r].push(i);
        }
        by_root.retain(|g| !g.is_empty());
        by_root
    }
}

/// A conflict row from two statements: (kind, severity, key), each side's
/// (document, statement), the values side by side and the reason.
fn conflict(
    docs: &[String],
    (kind, severity, key): (&'static str, Severity, &str),
    a: (u32, &Stmt),
    b: (u32, &Stmt),
    note: String,
    reason: String,
) -> ConflictRow {
    ConflictRow {
        severity,
        kind,
        key: key.to_string(),
        doc_a: docs[a.0 as usize].clone(),
        start_a: a.1.start,
        end_a: a.1.end,
        value_a: a.1.value.clone(),
        context_a: a.1.context.clone(),
        doc_b: docs[b.0 as usize].clone(),
        start_b: b.1.start,
        end_b: b.1.end,
        value_b: b.1.value.clone(),
        context_b: b.1.context.clone(),
        note,
        reason,
    }
}
