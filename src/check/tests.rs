//! Unit tests of the consistency checks.

use super::acronyms::{expansion_variants, fold_words, homonyms};
use super::*;
use crate::rows::{FactId, Tail};
use sourcefacts_extract::model::SubjectLink;

fn head(doc: &str, start: usize) -> Head {
    Head {
        fact_id: FactId::default(),
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
    let found = consistency(&Facts {
        dates,
        troops,
        acronyms,
        identifiers: &[],
        entities: &[],
    });
    (found.conflicts, found.agreements)
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
    let variants = [
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
        ("Harbor Ofﬁce for Review", "Harbor Office for Review"),
        (
            "Global Partnership on AI",
            "Global Partnership on Artificial Intelligence",
        ),
        ("Harbor \u{2013} United Kingdom", "Harbor-UK"),
        ("emergency use listing", "Emergency Use Listed"),
        ("science and mathematics", "science and math"),
        ("measure and verify", "measurement and verification"),
    ];
    for (a, b) in variants {
        assert!(expansion_variants(&w(a), &w(b)), "{a} / {b}");
    }
    let homonym_pairs = [
        // No word shared.
        ("Trade and Development Agency", "Tren de Aragua"),
        // Two words shared, a modifier differs.
        ("Harbor Cancer Society", "Harbor Chemical Society"),
        // Heads of different kinds: a body and a law.
        ("Harbor Protection Agency", "Harbor Protection Act"),
    ];
    for (a, b) in homonym_pairs {
        assert!(homonyms(&w(a), &w(b)), "{a} / {b}");
    }
    // Heads of one kind, or three words shared: one body named two ways.
    let one_body = [
        (
            "Harbor Enforcement Administration",
            "Harbor Enforcement Agency",
        ),
        (
            "Harbor Nuclear Consultative Group",
            "Harbor Nuclear Coordination Group",
        ),
    ];
    for (a, b) in one_body {
        assert!(!homonyms(&w(a), &w(b)), "{a} / {b}");
        assert!(!expansion_variants(&w(a), &w(b)), "{a} / {b}");
    }
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
        troop("a", 21_000, Qualifier::Exact, "Taiwan", "Taiwan", ""),
        troop("b", 169_000, Qualifier::Approx, "Taiwan", "Taiwan", ""),
        troop("c", 215_000, Qualifier::Approx, "Taiwan", "Taiwan", ""),
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
    // Each side agrees within itself, and lists only its own figure.
    assert_eq!(a.len(), 2);
    assert!(a
        .iter()
        .all(|r| r.as_written == format!("{} troops", r.value)));
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
        keys.contains(&"U.S.-ROK Mutual Defense Treaty") || keys.contains(&"Mutual Defense Treaty")
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
        // Two documents' task forces.
        (
            "Task Force",
            "group",
            Founding,
            "2021-06",
            Founding,
            "2022-02",
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
    let c = consistency(&Facts {
        dates: &[],
        troops: &[],
        acronyms: &[],
        identifiers: &rows,
        entities: &[],
    })
    .conflicts;
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].doc_a.as_str(), c[0].doc_b.as_str()), ("a", "a"));
}

/// A troop statement of document `doc` as the checks receive it.
fn figure(value: u64, qualifier: Qualifier, force: &str, place: &str, as_of: &str) -> DocChecks {
    let (_, cols, _) = troop("x", value, qualifier, force, place, as_of);
    DocChecks {
        troops: vec![TroopStmt {
            value: cols.value,
            value_high: None,
            qualifier,
            force: cols.force,
            location: cols.location,
            as_of: cols.as_of,
            unit: cols.unit,
            stmt: Stmt {
                start: 0,
                end: 1,
                value: cols.text,
                context: format!("{value} troops are stationed there."),
            },
        }],
        ..DocChecks::default()
    }
}

fn source(publisher: &str, doc_date: &str) -> Source {
    Source {
        publisher: publisher.into(),
        doc_date: doc_date.into(),
    }
}

#[test]
fn one_publishers_reports_form_a_series_of_changes() {
    let mut c = Checker::default();
    for (doc, date, value) in [
        ("r1", "2021-06-08", 2976),
        ("r2", "2021-12-07", 3147),
        ("r3", "2022-06-08", 2833),
    ] {
        let f = figure(value, Qualifier::Approx, "United States", "Jordan", date);
        c.add(doc, &source("letters.example.gov", date), f);
    }
    let found = c.finish(&[]);
    assert!(found.conflicts.is_empty(), "{:?}", found.conflicts);
    let changes: Vec<&str> = found.figures.iter().map(|f| f.change.as_str()).collect();
    assert_eq!(
        changes,
        ["", "up 171 since 2021-06-08", "down 314 since 2021-12-07"]
    );
    assert!(found
        .figures
        .iter()
        .all(|f| f.place == "Jordan" && f.force == "United States"));
}

#[test]
fn publishers_stating_the_present_years_apart_are_compared_within_the_window() {
    let run = |date_b: &str| {
        let mut c = Checker::default();
        let a = figure(
            28_500,
            Qualifier::Exact,
            "American",
            "South Korea",
            "2020-04-04",
        );
        c.add("a", &source("news.example", "2020-04-04"), a);
        let b = figure(
            50_000,
            Qualifier::Exact,
            "US",
            "the Republic of Korea",
            date_b,
        );
        c.add("b", &source("essays.example", date_b), b);
        c.finish(&[]).conflicts
    };
    let within = run("2023");
    assert_eq!(within.len(), 1, "{within:?}");
    assert_eq!(within[0].key, "United States forces in South Korea");
    assert_eq!(within[0].severity, Severity::Medium);
    assert!(
        within[0].reason.contains("3 years apart"),
        "{}",
        within[0].reason
    );
    assert!(
        run("2025").is_empty(),
        "five years apart: a change, not a conflict"
    );
}

#[test]
fn casualties_and_changes_are_no_force_levels() {
    let mut c = Checker::default();
    let mut hurt = figure(12, Qualifier::Exact, "U.S.", "Iraq", "2024");
    hurt.troops[0].stmt.context = "A rocket attack wounded 12 troops in Iraq.".into();
    c.add("a", &source("a", "2024"), hurt);
    let mut sent = figure(4_000, Qualifier::Exact, "U.S.", "Iraq", "2024");
    sent.troops[0].stmt.value = "4,000 troops".into();
    sent.troops[0].stmt.context = "The Pentagon sent an additional 4,000 troops to Iraq.".into();
    c.add("b", &source("b", "2024"), sent);
    assert!(c.finish(&[]).figures.is_empty());
}

#[test]
fn a_force_that_is_no_state_is_named_as_written() {
    let mut c = Checker::default();
    for (doc, date) in [("r1", "2021-06-08"), ("r2", "2021-12-07")] {
        let f = figure(4000, Qualifier::Approx, "KFOR", "Kosovo", date);
        c.add(doc, &source("letters.example.gov", date), f);
    }
    let found = c.finish(&[]);
    assert_eq!(found.figures.len(), 2);
    assert!(
        found.figures.iter().all(|f| f.force == "KFOR"),
        "{:?}",
        found.figures
    );
}

#[test]
fn a_quantity_stated_with_many_values_gives_rows_linear_in_them() {
    let mut c = Checker::default();
    // 200 publishers, each stating a different figure in the same year:
    // every pair disagrees, and the chain through neighbours thins them.
    for k in 0..200u64 {
        let doc = format!("d{k:03}");
        let f = figure(
            10_000 + 500 * k,
            Qualifier::Exact,
            "United States",
            "Jordan",
            "2021-06-08",
        );
        c.add(&doc, &source(&format!("p{k}.example.org"), "2021-06-08"), f);
    }
    let found = c.finish(&[]);
    let rows = found.conflicts.len();
    assert!((199..=200 * 8).contains(&rows), "{rows} conflicts");
    assert_eq!(found.figures.len(), 200);
}
