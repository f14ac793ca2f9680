//! Date checks: one subject, two dates where neither refines the other,
//! and at least one is the subject's own date.

use std::collections::{BTreeMap, BTreeSet};

use sourcefacts_extract::model::SubjectLink;
use sourcefacts_extract::names::name_key;

use crate::reconcile::{jaro_winkler_counted, CharCounts};

use super::{conflict, AgreementRow, Checker, ConflictRow, Severity, Stmt};

/// The dates stated for one subject key.
#[derive(Debug, Default)]
pub(super) struct DateGroup {
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
    pub(super) fn of(link: SubjectLink, subject_type: &str) -> Option<Self> {
        if link.is_defining(subject_type) {
            Some(Comparable::Defining)
        } else if link == SubjectLink::Modifier {
            Some(Comparable::Modifier)
        } else {
            None
        }
    }
}

impl Checker {
    /// Folds in one date statement about `subject`.
    pub(super) fn add_date(&mut self, d: u32, subject: String, how: Option<Comparable>, st: Stmt) {
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

    pub(super) fn date_checks(
        &self,
        conflicts: &mut Vec<ConflictRow>,
        agreements: &mut Vec<AgreementRow>,
    ) {
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
                    as_written: values.keys().copied().collect::<Vec<_>>().join(" | "),
                    note: String::new(),
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
        // `the Task Force`, `the Working Group`: a name made of generic
        // words refers to some body named in full elsewhere; two
        // documents' task forces are two bodies.
        if sourcefacts_extract::bodies::is_generic_name(subject) {
            return;
        }
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
            let both = a.0 == Comparable::Defining && b.0 == Comparable::Defining;
            let severity = if both {
                Severity::High
            } else {
                Severity::Medium
            };
            let how = |c: Comparable| match c {
                Comparable::Defining => "as its own date",
                Comparable::Modifier => "in its name",
            };
            let reason = format!(
                "{subject}: one source gives {} {}, another {} {}; neither date refines the other",
                a.3.value,
                how(a.0),
                b.3.value,
                how(b.0)
            );
            conflicts.push(conflict(
                &self.docs,
                ("date", severity, subject),
                (a.2, &a.3),
                (b.2, &b.3),
                format!("{subject}: {} vs {}", a.3.value, b.3.value),
                reason,
            ));
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
    const SAME: f64 = 0.95;
    let mut rep: BTreeMap<String, String> = BTreeMap::new();
    for members in blocks.values() {
        // (`jaro_winkler_counted` skips pairs that cannot reach `SAME`;
        // each key is counted once, for its comparisons with every rep.)
        let mut reps: Vec<(&String, CharCounts)> = Vec::new();
        for k in members {
            let ck = CharCounts::of(k);
            let found = reps
                .iter()
                .find(|(r, cr)| jaro_winkler_counted(r, cr, k, &ck, SAME).is_some())
                .map(|(r, _)| (*r).clone());
            match found {
                Some(r) => {
                    rep.insert((*k).clone(), r);
                }
                None => {
                    reps.push((k, ck));
                    rep.insert((*k).clone(), (*k).clone());
                }
            }
        }
    }
    rep
}
