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
//!      `28,500+` agree), for the same as-of year (or both undated), and
//!      less than twice apart (further apart, they count different things:
//!      a unit and the whole force);
//!    - date: the same subject (treaty, body, event) dated differently,
//!      where neither date refines the other (`2023` and `April 2023` agree);
//!    - other: a document giving itself two different identifiers.
//!
//!    Facts stated alike by two or more documents become agreements.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::rows::{
    AcronymCols, Columns, DateCols, EntityRow, Head, IdentifierCols, Row, TroopCols,
};
use sourcefacts_extract::gazetteer;
use sourcefacts_extract::model::{Qualifier, SubjectLink};
use sourcefacts_extract::names::{fingerprint, name_key};

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
    /// Whose personnel.
    pub force: String,
    /// Where.
    pub location: String,
    /// Governing date value.
    pub as_of: String,
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
                    stmt: Stmt::of(h, &c.text, &t.context),
                })
                .collect(),
            dates: dates
                .iter()
                .filter(|(_, c, _)| !c.subject.is_empty() && !c.value.contains("REF"))
                .map(|(h, c, t)| {
                    let st = Stmt::of(h, &c.value, &t.context);
                    let how = Comparable::of(c.subject_link, c.subject_type);
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

/// Cross-source conflicts and agreements, in a deterministic order.
pub fn consistency(f: &Facts<'_>) -> (Vec<ConflictRow>, Vec<AgreementRow>) {
    let mut checker = Checker::default();
    // Rows in order, each folded in as its own document's statement.
    for r in f.acronyms {
        let c = DocChecks::from_rows(&[], &[], std::slice::from_ref(r), &[]);
        checker.add(&r.0.doc, c);
    }
    for r in f.troops {
        checker.add(
            &r.0.doc,
            DocChecks::from_rows(&[], std::slice::from_ref(r), &[], &[]),
        );
    }
    for r in f.dates {
        checker.add(
            &r.0.doc,
            DocChecks::from_rows(std::slice::from_ref(r), &[], &[], &[]),
        );
    }
    for r in f.identifiers {
        let c = DocChecks::from_rows(&[], &[], &[], std::slice::from_ref(r));
        checker.add(&r.0.doc, c);
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

/// A distinct figure: value, high end, qualifier, as-of year.
type FigureClass = (u64, Option<u64>, Qualifier, Option<String>);

/// A distinct figure with its interval (low, high).
type Figure<'a> = (f64, f64, &'a FigureClass, &'a Class);

/// The figures stated for one force at one place.
#[derive(Debug, Default)]
struct TroopGroup {
    label: String,
    count: usize,
    forms: BTreeSet<String>,
    classes: BTreeMap<FigureClass, Class>,
}

/// The dates stated for one subject key.
#[derive(Debug, Default)]
struct DateGroup {
    /// The subject as first written, with the statement's ordinal.
    name: (u64, String),
    /// Each distinct value's first statement (ordinal, doc, statement).
    values: BTreeMap<String, (u64, u32, Stmt)>,
    /// Each distinct value's first statement by a link the checks
    /// compare ([`Comparable`]), the defining one first.
    comparable: BTreeMap<String, DateStmt>,
    docs: BTreeSet<u32>,
    count: usize,
}

/// A date statement the checks compare: how, its ordinal, its document.
type DateStmt = (Comparable, u64, u32, Stmt);

/// How far a date statement commits to being its subject's own date.
/// Declared strongest first, so the minimum is the one to quote.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Comparable {
    /// `Treaty (1953)`, `the EDPC, established in 2010`: the subject's
    /// own date.
    Defining,
    /// `the 1953 Treaty`: the year may name an edition (`the 2022
    /// National Defense Strategy`), so two modifiers never conflict, but a
    /// modifier against a defining date does.
    Modifier,
}

impl Comparable {
    fn of(link: SubjectLink, subject_type: &str) -> Option<Self> {
        if link.is_defining(subject_type) {
            Some(Comparable::Defining)
        } else if link == SubjectLink::Modifier {
            Some(Comparable::Modifier)
        } else {
            None
        }
    }
}

/// Cross-source consistency, folded document by document: memory holds
/// one statement per distinct fact value, plus the documents stating it.
#[derive(Debug, Default)]
pub struct Checker {
    docs: Vec<String>,
    doc_ids: BTreeMap<String, u32>,
    /// short form -> folded long form -> class
    acronyms: BTreeMap<String, BTreeMap<Vec<String>, Class>>,
    /// (force key, place key) -> figures
    troops: BTreeMap<(String, String), TroopGroup>,
    /// subject key -> dates
    dates: BTreeMap<String, DateGroup>,
    ordinal: u64,
    /// Per document: its first identifier and the distinct ones seen.
    identifiers: BTreeMap<u32, (Stmt, BTreeSet<String>)>,
    identifier_conflicts: Vec<ConflictRow>,
}

impl Checker {
    fn doc_id(&mut self, doc: &str) -> u32 {
        if let Some(&id) = self.doc_ids.get(doc) {
            return id;
        }
        let id = self.docs.len() as u32;
        self.docs.push(doc.to_string());
        self.doc_ids.insert(doc.to_string(), id);
        id
    }

    /// Folds in one document's statements (documents in corpus order).
    pub fn add(&mut self, doc: &str, checks: DocChecks) {
        let d = self.doc_id(doc);
        for (short, st) in checks.acronyms {
            self.acronyms
                .entry(short)
                .or_default()
                .entry(fold_words(&st.value))
                .or_insert_with(|| Class::new(d, st))
                .add(d);
        }
        for t in checks.troops {
            let key = (force_key(&t.force), fingerprint(&t.location));
            let g = self.troops.entry(key).or_insert_with(|| TroopGroup {
                label: troop_label(&t.force, &t.location),
                ..TroopGroup::default()
            });
            g.count += 1;
            g.forms.insert(t.stmt.value.clone());
            let year = t.as_of.get(..4).map(str::to_string);
            g.classes
                .entry((t.value, t.value_high, t.qualifier, year))
                .or_insert_with(|| Class::new(d, t.stmt))
                .add(d);
        }
        for (subject, how, st) in checks.dates {
            self.ordinal += 1;
            let ord = self.ordinal;
            let g = self
                .dates
                .entry(name_key(&subject, false))
                .or_insert_with(|| DateGroup {
                    name: (ord, subject),
                    ..DateGroup::default()
                });
            g.docs.insert(d);
            g.count += 1;
            if let Some(c) = how {
                let e = g
                    .comparable
                    .entry(st.value.clone())
                    .or_insert_with(|| (c, ord, d, st.clone()));
                if c < e.0 {
                    *e = (c, ord, d, st.clone());
                }
            }
            g.values
                .entry(st.value.clone())
                .or_insert_with(|| (ord, d, st));
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
                        "other",
                        "document identifier",
                        (d, first),
                        (d, &st),
                        "the document gives itself two different numbers".into(),
                    );
                    self.identifier_conflicts.push(row);
                }
            }
        }
    }

    /// Conflicts and agreements, in a deterministic order.
    pub fn finish(mut self, entities: &[EntityRow]) -> (Vec<ConflictRow>, Vec<AgreementRow>) {
        let mut conflicts = Vec::new();
        let mut agreements = Vec::new();
        self.acronym_checks(&mut conflicts, &mut agreements);
        self.troop_checks(&mut conflicts, &mut agreements);
        self.date_checks(&mut conflicts, &mut agreements);
        let mut ids = std::mem::take(&mut self.identifier_conflicts);
        ids.sort_by(|a, b| a.doc_a.cmp(&b.doc_a));
        conflicts.extend(ids);
        for e in entities.iter().filter(|e| e.docs.contains(';')) {
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

    /// Document paths of a set of ids, sorted and `;`-joined.
    fn doc_list<'a>(&self, ids: impl Iterator<Item = &'a u32>) -> (usize, String) {
        let names: BTreeSet<&str> = ids.map(|&d| self.docs[d as usize].as_str()).collect();
        (names.len(), names.into_iter().collect::<Vec<_>>().join(";"))
    }

    fn acronym_checks(&self, conflicts: &mut Vec<ConflictRow>, agreements: &mut Vec<AgreementRow>) {
        for (short, forms) in &self.acronyms {
            let reps: Vec<(&Vec<String>, &Class)> = forms.iter().collect();
            for (i, (ka, a)) in reps.iter().enumerate() {
                for (kb, b) in &reps[i + 1..] {
                    let mut wa = (*ka).clone();
                    let mut wb = (*kb).clone();
                    wa.sort();
                    wb.sort();
                    let note = if wa == wb {
                        "same words in a different order: one source likely garbles the expansion"
                            .to_string()
                    } else if expansion_variants(&wa, &wb) || homonyms(&wa, &wb) {
                        // `Defense Production Act` and `... Act of 1950`
                        // name one thing; `Trade and Development Agency`
                        // and `Tren de Aragua` two things that share letters.
                        continue;
                    } else {
                        "one acronym, two expansions".to_string()
                    };
                    let (a, b) = (&a.first, &b.first);
                    let key = |x: &(u32, Stmt)| (self.docs[x.0 as usize].clone(), x.1.start);
                    let (a, b) = if key(a) <= key(b) { (a, b) } else { (b, a) };
                    conflicts.push(conflict(
                        &self.docs,
                        "acronym_expansion",
                        short,
                        (a.0, &a.1),
                        (b.0, &b.1),
                        note,
                    ));
                }
            }
            for class in forms.values() {
                let (n, docs) = self.doc_list(class.docs.iter());
                if n >= 2 {
                    agreements.push(AgreementRow {
                        kind: "acronym_expansion",
                        key: short.to_string(),
                        value: class.first.1.value.clone(),
                        docs,
                        mentions: class.count,
                        note: String::new(),
                    });
                }
            }
        }
    }

    fn troop_checks(&self, conflicts: &mut Vec<ConflictRow>, agreements: &mut Vec<AgreementRow>) {
        const SAME_QUANTITY_RATIO: f64 = 2.0;
        for g in self.troops.values() {
            // Per as-of year (or undated), sweep the distinct figures'
            // intervals in order: figures whose intervals chain together
            // form one cluster; neighbouring clusters conflict. Linear in
            // distinct figures, one conflict row per gap between clusters.
            let mut by_year: BTreeMap<Option<&str>, Vec<Figure<'_>>> = BTreeMap::new();
            for (fc, class) in &g.classes {
                let (lo, hi) = allowed(fc.0, fc.1, fc.2);
                by_year
                    .entry(fc.3.as_deref())
                    .or_default()
                    .push((lo, hi, fc, class));
            }
            let mut agreeing: BTreeSet<u32> = BTreeSet::new();
            let mut agreed_value: Option<u64> = None;
            for figs in by_year.values_mut() {
                figs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(b.2)));
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
                    let docs: BTreeSet<u32> = c
                        .iter()
                        .flat_map(|&k| figs[k].3.docs.iter().copied())
                        .collect();
                    if self.doc_list(docs.iter()).0 >= 2 {
                        agreeing.extend(docs);
                        let v = c.iter().map(|&k| figs[k].2 .0).min().unwrap_or(0);
                        agreed_value = Some(agreed_value.map_or(v, |a: u64| a.min(v)));
                    }
                }
                for pair in clusters.windows(2) {
                    let a = &figs[pair[0][0]];
                    let b = &figs[pair[1][0]];
                    // Figures twice apart or more count different things
                    // (the troops on alert and the whole army; a brigade
                    // and a battlegroup), not one quantity two sources
                    // disagree on.
                    let a_hi = pair[0].iter().map(|&k| figs[k].1).fold(0.0, f64::max);
                    if b.0 >= SAME_QUANTITY_RATIO * a_hi {
                        continue;
                    }
                    conflicts.push(conflict(
                        &self.docs,
                        "troop_figure",
                        &g.label,
                        (a.3.first.0, &a.3.first.1),
                        (b.3.first.0, &b.3.first.1),
                        format!("{} ({}) vs {} ({})", a.2 .0, a.2 .2, b.2 .0, b.2 .2),
                    ));
                }
            }
            if let Some(v) = agreed_value {
                agreements.push(AgreementRow {
                    kind: "troop_figure",
                    key: g.label.clone(),
                    value: v.to_string(),
                    docs: self.doc_list(agreeing.iter()).1,
                    mentions: g.count,
                    note: g.forms.iter().cloned().collect::<Vec<_>>().join(" | "),
                });
            }
        }
    }

    fn date_checks(&self, conflicts: &mut Vec<ConflictRow>, agreements: &mut Vec<AgreementRow>) {
        let keys: BTreeSet<String> = self.dates.keys().cloned().collect();
        let rep = subject_groups(&keys);
        // Merge near-identical subject keys into their representative.
        let mut groups: BTreeMap<&str, Vec<&DateGroup>> = BTreeMap::new();
        for (k, g) in &self.dates {
            groups.entry(rep[k].as_str()).or_default().push(g);
        }
        for members in groups.values() {
            let subject = members
                .iter()
                .map(|g| &g.name)
                .min()
                .map_or("", |(_, n)| n.as_str());
            let mut values: BTreeMap<&str, &(u64, u32, Stmt)> = BTreeMap::new();
            for g in members {
                for (v, first) in &g.values {
                    let e = values.entry(v.as_str()).or_insert(first);
                    if first.0 < e.0 {
                        *e = first;
                    }
                }
            }
            let (ndocs, docs) = self.doc_list(members.iter().flat_map(|g| g.docs.iter()));
            let count: usize = members.iter().map(|g| g.count).sum();
            // Sorted values chain into clusters of mutually refining dates
            // (`2023`, `2023-04`); more than one cluster is no agreement.
            let mut heads: Vec<&str> = Vec::new();
            for v in values.keys() {
                if !heads.last().is_some_and(|h| dates_agree(h, v)) {
                    heads.push(v);
                }
            }
            let clash = heads.len() > 1;
            self.date_conflicts(subject, members, conflicts);
            if !clash && ndocs >= 2 {
                let coarsest = values.keys().min_by_key(|v| v.len()).copied().unwrap_or("");
                agreements.push(AgreementRow {
                    kind: "date",
                    key: subject.to_string(),
                    value: coarsest.to_string(),
                    docs,
                    mentions: count,
                    note: values.keys().copied().collect::<Vec<_>>().join(" | "),
                });
            }
        }
    }

    /// Conflicts among one subject's comparable statements: sorted values
    /// chain into clusters of mutually refining dates (`2023`,
    /// `2023-04`); neighbouring clusters conflict when one side states the
    /// subject's own date (one row per gap, however many sources repeat
    /// each value). A date a name merely occurs with (`the University of
    /// X in 2001`, an anniversary counted from the document's year) is
    /// not compared: other people, other events.
    fn date_conflicts(
        &self,
        subject: &str,
        members: &[&DateGroup],
        conflicts: &mut Vec<ConflictRow>,
    ) {
        let mut values: BTreeMap<&str, &DateStmt> = BTreeMap::new();
        for g in members {
            for (v, first) in &g.comparable {
                let e = values.entry(v.as_str()).or_insert(first);
                if (first.0, first.1) < (e.0, e.1) {
                    *e = first;
                }
            }
        }
        // Each cluster: its first value (what later values must refine)
        // and its strongest statement (the one to quote).
        let mut heads: Vec<(&str, &DateStmt)> = Vec::new();
        for (v, first) in &values {
            match heads.last_mut() {
                Some((h, quote)) if dates_agree(h, v) => {
                    if first.0 < quote.0 {
                        *quote = first;
                    }
                }
                _ => heads.push((v, first)),
            }
        }
        for pair in heads.windows(2) {
            let (a, b) = (pair[0].1, pair[1].1);
            if a.0 == Comparable::Modifier && b.0 == Comparable::Modifier {
                continue;
            }
            conflicts.push(conflict(
                &self.docs,
                "date",
                subject,
                (a.2, &a.3),
                (b.2, &b.3),
                format!("{subject}: {} vs {}", a.3.value, b.3.value),
            ));
        }
    }
}

fn conflict(
    docs: &[String],
    kind: &'static str,
    key: &str,
    a: (u32, &Stmt),
    b: (u32, &Stmt),
    note: String,
) -> ConflictRow {
    ConflictRow {
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
    }
}

fn troop_label(force: &str, location: &str) -> String {
    let mut l = if force.is_empty() {
        "troops".to_string()
    } else {
        format!("{force} troops")
    };
    if !location.is_empty() {
        l = format!("{l} in {location}");
    }
    l
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

/// The interval of head counts a figure allows, from its qualifier.
fn allowed(value: u64, high: Option<u64>, qualifier: Qualifier) -> (f64, f64) {
    let v = value as f64;
    match qualifier {
        Qualifier::Approx => (v * 0.95, v * 1.05),
        Qualifier::AtLeast => (v, f64::INFINITY),
        Qualifier::AtMost => (0.0, v),
        Qualifier::Range => (v, high.map_or(v, |h| h as f64)),
        Qualifier::Exact => (v, v),
    }
}

/// Whose troops, folded through the one gazetteer: `U.S.`, `US`,
/// `American`, `United States` and `United States Armed Forces` are one
/// force, and so are `China`, `Chinese` and `PRC`. A state's name followed
/// by a word for its whole military counts as the state.
fn force_key(force: &str) -> String {
    const WHOLE_MILITARY: &[&str] = &[
        " Armed Forces",
        " armed forces",
        " military",
        " Military",
        " forces",
        " Forces",
    ];
    let base = WHOLE_MILITARY
        .iter()
        .find_map(|w| force.strip_suffix(w))
        .unwrap_or(force)
        .trim();
    if let Some(state) = gazetteer::state_of(base) {
        return state.to_string();
    }
    let k = name_key(force, false);
    match k.as_str() {
        "us" | "american" | "us military" | "americans" => "United States".into(),
        "rok" | "korean" | "south korean" | "republic of korea" => "South Korea".into(),
        _ => k,
    }
}

/// Words that carry no meaning of their own in an expansion.
const FUNCTION_WORDS: &[&str] = &["and", "for", "in", "of", "on", "the", "to", "&"];

/// The content words of an expansion, a plural `s` dropped, and the
/// names of the United States and Korea folded (`U.S.` = `United States`).
fn content_words(w: &[String]) -> Vec<String> {
    sourcefacts_extract::nations::fold(&w.join(" "))
        .split_whitespace()
        .filter(|x| !FUNCTION_WORDS.contains(x))
        .map(|x| x.trim_end_matches('s').to_string())
        .collect()
}

/// Two spellings of one word: `Advisers` / `Advisors`, `Decarbonisation`
/// / `Decarbonization`, `technology` / `technologies`.
fn same_word(a: &str, b: &str) -> bool {
    let prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    a == b || prefix >= 6 || strsim::jaro_winkler(a, b) >= 0.92
}

/// One expansion spells the other, or holds every content word of it:
/// case, plural, spelling, hyphenation and line-break variants and longer
/// or shorter forms of one name (`Defense Production Act` and `... Act of
/// 1950`), not a disagreement.
fn expansion_variants(a: &[String], b: &[String]) -> bool {
    let (ca, cb) = (content_words(a), content_words(b));
    if ca.concat() == cb.concat() {
        return true;
    }
    let covered = |x: &[String], y: &[String]| x.iter().all(|w| y.iter().any(|v| same_word(w, v)));
    covered(&ca, &cb) || covered(&cb, &ca)
}

/// Two expansions that share no content word name two different things
/// that happen to share a short form (`Trade and Development Agency`,
/// `Tren de Aragua`).
fn homonyms(a: &[String], b: &[String]) -> bool {
    let (ca, cb) = (content_words(a), content_words(b));
    !ca.iter().any(|w| cb.iter().any(|v| same_word(w, v)))
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
            rule: sourcefacts_extract::model::Rule::DateYear,
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
        qualifier: Qualifier,
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
                granularity: sourcefacts_extract::model::Granularity::Year,
                anchor_value: String::new(),
                anchor_fact_id: String::new(),
                subject: subject.into(),
                subject_type: "agreement",
                subject_link: SubjectLink::Parenthesis,
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
    fn expansion_variants_and_homonyms_are_no_conflicts() {
        let w = |s: &str| fold_words(s);
        for (a, b) in [
            ("Harbor Production Act", "Harbor Production Act of 1950"),
            (
                "non-governmental organizations",
                "nongovernmental organization",
            ),
            (
                "Council of Economic Advisers",
                "Council of Economic Advisors",
            ),
            ("U.S. Marshals Service", "United States Marshals Service"),
            (
                "information and communications technology",
                "information and communications technologies",
            ),
        ] {
            assert!(expansion_variants(&w(a), &w(b)), "{a} / {b}");
        }
        assert!(homonyms(
            &w("Trade and Development Agency"),
            &w("Tren de Aragua")
        ));
        assert!(!homonyms(
            &w("Nuclear Consultative Group"),
            &w("Nuclear Coordination Group")
        ));
        assert!(!expansion_variants(
            &w("Nuclear Consultative Group"),
            &w("Nuclear Coordination Group")
        ));
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
            troop("a", 28_500, Qualifier::Approx, "U.S.", "South Korea", ""),
            troop("a", 28_500, Qualifier::AtLeast, "U.S.", "South Korea", ""),
            troop("b", 28_500, Qualifier::Exact, "American", "the ROK", ""),
        ];
        let (c, a) = run(&[], &rows, &[]);
        assert!(c.is_empty(), "{c:?}");
        assert_eq!(a[0].value, "28500");
        assert_eq!(a[0].docs, "a;b");
        let rows = [
            troop("a", 28_500, Qualifier::Exact, "U.S.", "South Korea", ""),
            troop("b", 37_000, Qualifier::Approx, "U.S.", "South Korea", ""),
            troop("c", 23_500, Qualifier::Exact, "U.S.", "South Korea", "2005"),
            troop("d", 28_500, Qualifier::Exact, "U.S.", "South Korea", "2024"),
        ];
        let (c, _) = run(&[], &rows, &[]);
        // Only a-b: c and d carry as-of years, so they meet only figures of
        // the same year.
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!((c[0].doc_a.as_str(), c[0].doc_b.as_str()), ("a", "b"));
        assert!(c.iter().all(|r| r.kind == "troop_figure"));
        // Twice apart or more: a part and a whole, not a disagreement.
        let rows = [
            troop("a", 21_000, Qualifier::Exact, "Taiwan", "", ""),
            troop("b", 169_000, Qualifier::Approx, "Taiwan", "", ""),
            troop("c", 215_000, Qualifier::Approx, "Taiwan", "", ""),
        ];
        let (c, _) = run(&[], &rows, &[]);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!((c[0].doc_a.as_str(), c[0].doc_b.as_str()), ("b", "c"));
    }

    #[test]
    fn many_sources_repeating_two_figures_give_one_conflict() {
        let docs: Vec<String> = (0..1000).map(|i| format!("d{i:04}")).collect();
        let rows: Vec<Row<TroopCols>> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let v = if i % 2 == 0 { 28_500 } else { 37_000 };
                troop(d, v, Qualifier::Exact, "U.S.", "South Korea", "")
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
    fn only_a_subjects_own_dates_conflict() {
        use SubjectLink::*;
        // Each subject dated twice, in documents a and b: (subject, type,
        // how a's date is linked, a's value, how b's is, b's value).
        let rows = |cases: &[(&str, &'static str, SubjectLink, &str, SubjectLink, &str)]| {
            let mut rows = Vec::new();
            for &(subject, ty, link_a, a, link_b, b) in cases {
                for (doc, link, value) in [("a", link_a, a), ("b", link_b, b)] {
                    let mut r = date(doc, value, subject);
                    r.1.subject_type = ty;
                    r.1.subject_link = link;
                    rows.push(r);
                }
            }
            rows
        };
        let quiet = rows(&[
            // Editions: two years naming two strategies, two acts.
            (
                "Harbor Strategy",
                "agreement",
                Modifier,
                "2022",
                Modifier,
                "2026",
            ),
            // Other people's years at one university.
            (
                "University of Harborton",
                "org",
                Preposition,
                "2001",
                Preposition,
                "2005",
            ),
            // An anniversary counted from each document's year.
            (
                "50th anniversary of the pact",
                "event",
                Anniversary,
                "2022",
                Anniversary,
                "2023",
            ),
            // A citation's date after a publisher's name.
            (
                "Harbor Office",
                "gov",
                Parenthesis,
                "2021-07-09",
                Parenthesis,
                "2022-02-28",
            ),
        ]);
        let (c, _) = run(&quiet, &[], &[]);
        assert!(c.is_empty(), "{c:?}");
        let flagged = rows(&[
            (
                "Harbor Treaty",
                "agreement",
                Modifier,
                "1953",
                Parenthesis,
                "1954",
            ),
            ("Harbor Board", "gov", Founding, "2010", Founding, "2012"),
        ]);
        let (c, _) = run(&flagged, &[], &[]);
        let keys: Vec<&str> = c.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["Harbor Board", "Harbor Treaty"], "{c:?}");
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
