//! Unit tests of the troops extractor.

use super::*;

#[test]
fn qualifier_words_file_is_well_formed_and_sorted() {
    let data = include_str!("../../data/qualifiers.csv");
    let rows = crate::testutil::sorted_rows("qualifiers.csv", data, "words,qualifier");
    assert_eq!(rows.len(), QUALIFIER_WORDS.len(), "every row parses");
}

use crate::gate::{assert_exact, corpus_texts, normalized, texts_of};
use proptest::prelude::*;

fn gated_patterns() -> Vec<(&'static str, &'static Gated)> {
    let p = &*PATTERNS;
    vec![
        ("direct", &p.direct),
        ("numbering", &p.frames[0]),
        ("force_of", &p.frames[1]),
        ("strong", &p.frames[2]),
        ("level", &LEVEL),
        ("implied strength", &IMPLIED[0]),
        ("implied split", &IMPLIED[1]),
        ("implied infobox", &IMPLIED[2]),
        ("implied change", &IMPLIED[3]),
        ("implied number", &IMPLIED[4]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// Searching near triggers finds exactly what a whole-text search
    /// finds, whatever the words, spacing and case.
    #[test]
    fn gated_search_is_exact(text in texts_of(&[
        "about", "more than", "~", "28,500", "4,800-strong", "twenty-five", "thousand",
        "and", "to", "-", "+", "U.S.", "active-duty", "American", "service", "members",
        "servicemembers", "personnel", "TROOPS", "troop", "Marines", "forces", "numbering",
        "totalling", "a", "force", "of", "contingent", "brigade", "500-person",
        "non-personnel", "x", ".", "\u{e9}t\u{e9}", "number", "total", "levels", "strength",
        "from", "declined", "stood at", "in", "the", "Korea", "Middle East", "|", ";", "\n",
        "3,000", "900", "was", "\u{17f}ix", "SEVEN", "Ten", "often", "\u{661}\u{662}\u{663}",
        "x1", "_one", "active duty", "military", "paratroopers", "workforce", "4,800-soldier",
        "two-thousand-man", "Secret Service", "numbered", "levels,", "Of",
        "the armed", "2024,", "in", "additional", "defence personnel", "Defence", "duty", "its",
    ])) {
        assert_exact(&scan(&normalized(&text)), &gated_patterns())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// The level and implied-count frames, from phrases that make their
    /// matches likely: searching near triggers finds exactly what a
    /// whole-text search finds.
    #[test]
    fn gated_frames_are_exact(text in texts_of(&[
        "the number of", "the total number of", "U.S.", "troops", "forces", "service members",
        "troop levels", "troop strength", "in the Middle East", "in", "Korea", "to", "stood at",
        "was", "roughly", "about", "more than", "43,000", "2,700", "900", "2024", "strength of",
        "forces of", "from", "declined", "rose", "personnel", "active-duty", "additional",
        "military", "a", "x", ".", ";", "STRENGTH OF", "NUMBER OF", "From", "FROM", "fRoM",
        "active", "ACTIVE", "Active-duty", "reserve", "Reserves", "and", ",", "|", "|active=",
        "=", "599,000", "\u{661}\u{662}\u{663}", "\n", "inactive", "active1", "no more than",
        "as many as",
    ])) {
        assert_exact(&scan(&normalized(&text)), &gated_patterns())?;
    }
}

#[test]
fn gated_frames_match_their_examples() {
    let p = gated_patterns();
    let pattern = |name: &str| p.iter().find(|(n, _)| *n == name).expect("named").1;
    for (name, text) in [
        ("level", "bringing the number of U.S. troops in the Middle East to roughly 43,000"),
        ("level", "cut troop levels in Europe to 60,000 this year"),
        ("implied strength", "a personnel strength of 3,699,000 in all"),
        ("implied strength", "northern forces of about 345,000 men"),
        ("implied change", "grew from 40,000 to over 300,000 personnel by then"),
        ("implied change", "from 900 to 3,000 active duty military personnel"),
        ("direct", "2,000 active duty active duty active duty active duty military personnel"),
        ("direct", "Two thousand U.S.-led paratroopers"),
        ("direct", "a 4,800-troops unit"),
        ("numbering", "U.S. forces numbering 2,000"),
        ("force_of", "an ARMY of 5,000"),
        ("strong", "a two-thousand-man force"),
        // The longest reach: a three-word qualifier before each count.
        (
            "implied split",
            "no more than 599,000 active-duty , as many as 90,000 reserves",
        ),
        ("level", "the total of troops stood at 43,000"),
        ("level", "troop strength in Korea was 28,500"),
        (
            "implied number",
            "the number of military personnel in Europe declined from 350,000 at its peak to 66,000",
        ),
        // `(?i)` reads the long s as `s`: `rose`.
        (
            "implied number",
            "the number of troops there ro\u{17f}e from 9,000 to 12,000",
        ),
    ] {
        let scan = scan(text);
        assert_eq!(scan.captures(pattern(name)).len(), 1, "{name}: {text}");
        assert_exact(&scan, &p).expect("same matches");
    }
}

/// Every qualifier may stand before the change frame's second count, in
/// any case: the frame's hit test knows each one's last word.
#[test]
fn the_change_frame_reads_every_qualifier() {
    let p = gated_patterns();
    let change = p
        .iter()
        .find(|(n, _)| *n == "implied change")
        .expect("named")
        .1;
    for (q, _) in QUALIFIER_WORDS.iter() {
        for q in [q.to_string(), q.to_uppercase()] {
            let text = format!("grew from 40,000 to {q} 300,000 additional U.S. personnel");
            let scan = scan(&text);
            assert_eq!(scan.captures(change).len(), 1, "{text}");
            assert_exact(&scan, &p).expect("same matches");
        }
    }
}

/// Trigger words are found ASCII-case-insensitively, so the nouns the
/// patterns are triggered by are matched so too: a long s (`ſ`) or a
/// Kelvin sign, which Unicode case folding reads as `s` and `k`, never
/// makes a match the trigger pass cannot see.
#[test]
fn unicode_folds_of_trigger_words_stay_exact() {
    for text in [
        "28,500 \u{17f}oldiers and 4,000 per\u{17f}onnel",
        "2,000 peace\u{212a}eepers, 300 \u{17f}ervice members",
        "a garri\u{17f}on of 5,000 and a force of 300",
    ] {
        assert_exact(&scan(text), &gated_patterns()).expect("same matches");
    }
}

#[test]
fn gated_search_is_exact_on_the_corpus() {
    for text in corpus_texts() {
        assert_exact(&scan(&text), &gated_patterns()).expect("same matches");
    }
}

#[test]
fn person_counts_need_a_military_noun_and_numbered_is_a_frame() {
    assert!(run("A 150-member delegation of business leaders traveled.").is_empty());
    assert_eq!(run("A 2,000-person contingent deployed.")[0].value, 2000);
    assert_eq!(run("The 4,800-strong brigade moved.")[0].value, 4800);
    assert_eq!(
        run("The forces numbered 7,000 at their peak.")[0].value,
        7000
    );
}

#[test]
fn hard_wrapped_text_keeps_place_and_force_on_one_line() {
    let text = "Roughly 10,000 U.S. troops are\ncurrently stationed in Poland on a rotational basis.\n\nThe Polish government, for its part, has announced plans to expand the Polish\nArmed Forces to 300,000 personnel.";
    let figures = dated_all(text);
    let got: Vec<_> = figures
        .iter()
        .map(|f| (f.value, f.force.as_str(), f.location.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (10_000, "U.S.", "Poland"),
            (300_000, "Polish Armed Forces", "")
        ]
    );
    // A blank line ends the search for a place.
    let text = "About 2,000 troops are deployed.\n\nIn Japan the bases grow.";
    assert_eq!(run(text)[0].location, "");
    // The place itself stops at its line's end.
    let text = "Some 500 soldiers are based in Cincu\nTable 2 follows.";
    assert_eq!(run(text)[0].location, "Cincu");
}

#[test]
fn an_owner_serves_one_figure_and_may_stand_across_an_appositive() {
    let forces =
        |text: &str| -> Vec<String> { dated_all(text).into_iter().map(|f| f.force).collect() };
    assert_eq!(
        forces("Around 500 US Marines took part in Exercise Balikatan, alongside some 17,600 personnel in all."),
        ["US", ""]
    );
    assert_eq!(
        forces("Its 45th Panzer Brigade, formally stood up in Vilnius on 1 April 2025, is to reach roughly 4,800 soldiers."),
        ["45th Panzer Brigade"]
    );
    assert_eq!(
        forces("The 2nd Infantry Division, headquartered at Camp Humphreys, fields about 15,000 soldiers."),
        ["2nd Infantry Division"]
    );
    // A body inside a clause of its own, deep in the sentence, owns nothing.
    assert_eq!(
        forces("Officials said that the Finance Ministry, which met in Delhi, agreed, and about 900 troops left."),
        [""]
    );
}

#[test]
fn a_place_may_open_the_sentence() {
    let places =
        |text: &str| -> Vec<String> { dated_all(text).into_iter().map(|f| f.location).collect() };
    assert_eq!(
        places("In Japan, U.S. Forces Japan comprises about 54,000 personnel."),
        ["Japan"]
    );
    assert_eq!(
        places("Across the Baltic States, NATO keeps some 5,000 troops."),
        ["Baltic States"]
    );
    // A place after the figure comes first.
    assert_eq!(
        places("In Japan, about 2,000 Marines moved to Guam."),
        ["Guam"]
    );
    // Dates, bodies and discourse phrases are no places.
    for text in [
        "In September, about 2,000 troops left.",
        "In Congress, members backed 3,000 more troops.",
        "In Total, some 4,000 troops remain.",
        "In 2024, some 4,000 troops remained.",
    ] {
        assert_eq!(places(text), [""], "{text}");
    }
}

#[test]
fn a_year_with_a_footnote_mark_is_no_count() {
    assert!(
        run("The mission ended on 9 November 2022.3 The French Armed Forces now lead.").is_empty()
    );
    assert_eq!(
        run("The army has about 1.2 million active personnel.")[0].value,
        1_200_000
    );
}

#[test]
fn a_scale_word_alone_is_no_count() {
    assert!(run("A rotational presence of several hundred personnel stays.").is_empty());
    assert!(run("A few thousand troops remain.").is_empty());
    assert_eq!(run("Some two thousand troops remain.")[0].value, 2000);
}

/// Each figure of `text` as (text, qualifier, force, as-of date).
fn figure_cells(text: &str, doc_date: Option<&str>) -> Vec<(String, Qualifier, String, String)> {
    let view = TextView::new(text);
    let set = crate::ExtractorSet::new(&Default::default());
    let facts = set.run(&view, doc_date);
    facts
        .troops
        .into_iter()
        .map(|f| {
            let text = view.raw_text(f.span.clone()).to_string();
            (text, f.qualifier, f.force, f.as_of)
        })
        .collect()
}

fn cells_of(rows: &[(&str, Qualifier, &str, &str)]) -> Vec<(String, Qualifier, String, String)> {
    rows.iter()
        .map(|(a, b, c, d)| (a.to_string(), *b, c.to_string(), d.to_string()))
        .collect()
}

#[test]
fn figures_in_a_personnel_table() {
    let text = "Troop strength (as of September 2024):\n| Service | Personnel |\n|---|---|\n| Army | 2,500 |\n| Navy | ~20,000 |\n| Total | 22,500 |\n\n| Base | Opened |\n| Kadena | 1945 |\n";
    assert_eq!(
        figure_cells(text, None),
        cells_of(&[
            ("2,500", Qualifier::Exact, "Army", "2024-09"),
            ("~20,000", Qualifier::Approx, "Navy", "2024-09"),
            ("22,500", Qualifier::Exact, "", "2024-09"),
        ])
    );
}

#[test]
fn a_table_row_may_say_where_its_figure_stands() {
    let place = |text: &str| -> Vec<(String, String)> {
        run(text)
            .into_iter()
            .map(|f| (f.force, f.location))
            .collect()
    };
    // In the row label's parenthesis, or in a column of its own.
    let text = "| Mission | Troops |\n|---|---|\n| KFOR (Kosovo) | 4,300 |\n| Multinational Force and Observers (MFO) | 1,150 |\n";
    assert_eq!(
        place(text),
        [
            ("KFOR".into(), "Kosovo".into()),
            ("Multinational Force and Observers".into(), String::new())
        ]
    );
    let text = "| Unit | Host nation | Personnel |\n|---|---|---|\n| 173rd Airborne Brigade | Italy | 3,300 |\n";
    assert_eq!(
        place(text),
        [("173rd Airborne Brigade".into(), "Italy".into())]
    );
}

#[test]
fn tables_aligned_with_spaces_and_their_captions() {
    let scope = |text: &str| -> Vec<(u64, String, String, String)> {
        run(text)
            .into_iter()
            .map(|f| (f.value, f.force, f.location, f.as_of))
            .collect()
    };
    // The caption names whose personnel and where; a `Country` column
    // is then the place, and an `As of` column dates each row.
    let text = "Table 1. U.S. military personnel stationed abroad\n\nCountry     Personnel    As of\nJapan       53,246       Sept. 2024\nItaly       12,319       June 2023\n";
    let got = scope(text);
    assert_eq!(
        got,
        [
            (53_246, "U.S.".into(), "Japan".into(), "2024-09".into()),
            (12_319, "U.S.".into(), "Italy".into(), "2023-06".into())
        ]
    );
    // A `Year` column labels each row with its year.
    let text = "Figure 1: U.S. troop levels in Korea (thousands)\nYear   Troops\n1955   75,000\n2023   28,500\n";
    let got = scope(text);
    assert_eq!(
        got,
        [
            (75_000, "U.S.".into(), "Korea".into(), "1955".into()),
            (28_500, "U.S.".into(), "Korea".into(), "2023".into())
        ]
    );
    // A column of something of the personnel is no count of them.
    assert!(run("| Service | Personnel costs ($M) |\n|---|---|\n| Army | 61,000 |\n").is_empty());
    // Columns separated by tabs (folded to spaces in the view).
    let text = "Deployed forces (2024)\n\nService\tTroops\nArmy\t10,000\nNavy\t3,000\n";
    let got: Vec<_> = run(text).into_iter().map(|f| (f.value, f.force)).collect();
    assert_eq!(got, [(10_000, "Army".into()), (3_000, "Navy".into())]);
    // A caption's capitalized word is no force unless it names one.
    let text = "Deployed forces by country (2024)\n\nCountry\tTroops\nPoland\t10,000\n";
    assert_eq!(run(text)[0].force, "Poland");
    // Prose with double spaces is no table.
    assert!(run("The force grew.  Troops came  and went in 2023.").is_empty());
}

#[test]
fn labelled_lines_name_their_count() {
    let got: Vec<_> = run(
        "Key figures\n- Troops: 28,500\n- Total strength: about 37,000 (2010)\n- Budget: 4,500\n",
    )
    .into_iter()
    .map(|f| (f.value, f.qualifier, f.unit, f.as_of))
    .collect();
    assert_eq!(
        got,
        [
            (28_500, Qualifier::Exact, "troops".into(), String::new()),
            (37_000, Qualifier::Approx, "strength".into(), "2010".into())
        ]
    );
}

#[test]
fn an_infobox_row_counts_the_force_the_box_is_about() {
    let text = "| Royal Netherlands Army | |\n|---|---|\n| Founded | 9 January 1814 |\n| Active personnel | 21,500 (2023) |\n| Reserve personnel | ~5,000 |\n| Personnel costs | 2,100 |\n";
    assert_eq!(
        figure_cells(text, Some("2025-01-01")),
        cells_of(&[
            ("21,500", Qualifier::Exact, "Royal Netherlands Army", "2023"),
            (
                "~5,000",
                Qualifier::Approx,
                "Royal Netherlands Army",
                "2025-01-01"
            ),
        ])
    );
}

#[test]
fn a_host_country_that_opens_the_sentence_is_the_place() {
    let place = |text: &str| dated_first(text).location;
    assert_eq!(
        place("Germany hosts the largest contingent, about 35,000 U.S. service members, most at Ramstein Air Base."),
        "Germany"
    );
    assert_eq!(
        place("The United Kingdom is home to around 10,000 U.S. troops."),
        "United Kingdom"
    );
    // A body is no host place.
    assert_eq!(place("NATO hosts 2,000 troops for the drill."), "");
    // The place a `where` clause refers to.
    assert_eq!(
        place("They train at Robertson Barracks in Darwin, where around 2,500 U.S. Marines rotate each year."),
        "Darwin"
    );
    // One form for a column: no leading article.
    assert_eq!(
        place("About 1,500 troops are deployed in the Sahel."),
        "Sahel"
    );
}

#[test]
fn the_owner_nearest_the_figure_and_its_subject() {
    let force = |text: &str| dated_first(text).force;
    // A state named between a body and the figure is nearer.
    assert_eq!(
        force("The Kremlin said that Russia's armed forces would grow to 1.5 million active personnel."),
        "Russia"
    );
    // Not a place after a preposition.
    assert_eq!(
        force("The 2nd Infantry Division in South Korea fields about 15,000 soldiers."),
        "2nd Infantry Division"
    );
    // `its` points back to the sentence's subject.
    assert_eq!(
        force("Taiwan's defense ministry said it saw 76 PLA aircraft and that 21,000 personnel of its armed forces were on alert."),
        "Taiwan"
    );
    // A source is no place, nor is a possessive.
    assert_eq!(
        dated_first(
            "Taiwan has about 215,000 active personnel, according to the Ministry's 2023 report."
        )
        .location,
        ""
    );
}

#[test]
fn a_with_phrase_after_a_body_is_its_strength() {
    let force = |text: &str| dated_first(text).force;
    assert_eq!(
        force("The Force Intervention Brigade (FIB), with roughly 3,000 troops, stays."),
        "FIB"
    );
    assert_eq!(
        force("The 3rd Infantry Division, with about 4,000 soldiers, arrived."),
        "3rd Infantry Division"
    );
    // Not across another clause.
    assert_eq!(
        force("The 3rd Infantry Division left Kuwait, and later, with about 4,000 soldiers, Iraq."),
        ""
    );
    // A state a force moves to or from is no owner either.
    assert_eq!(force("The brigade entered Jordan with 2,000 troops."), "");
    assert_eq!(
        force("Jordanian officials said 2,000 troops stay."),
        "Jordanian"
    );
}

#[test]
fn modifiers_before_the_noun_and_compounds_after_it() {
    let f = run("The Regular Army numbered 75,983 full-time trained soldiers.");
    assert_eq!((f[0].value, f[0].unit.as_str()), (75_983, "soldiers"));
    assert_eq!(
        run("About 2,000 peacekeeping troops remain.")[0].value,
        2000
    );
    // `troop-contributing` counts countries, not troops.
    assert!(run("Personnel came from 49 troop-contributing countries.").is_empty());
    assert!(run("They ran 12 soldier-led patrols.").is_empty());
}

#[test]
fn from_names_a_force_only_when_it_is_one() {
    let f = run("Roughly 1,200 personnel from the Japan Ground Self-Defense Force took part.");
    assert_eq!(f[0].force, "Japan Ground Self-Defense Force");
    let f = run("Washington will withdraw 4,500 troops from South Korea next year.");
    assert_eq!(f[0].force, "");
    let f = run("About 900 soldiers of the 2nd Infantry Division trained.");
    assert_eq!(f[0].force, "2nd Infantry Division");
}

/// The figures of `text`, in a document dated 2025-01-01.
fn dated_all(text: &str) -> Vec<TroopFact> {
    let set = crate::ExtractorSet::new(&Default::default());
    set.run(&TextView::new(text), Some("2025-01-01")).troops
}

/// The first figure of `text`, in a document dated 2025-01-01.
fn dated_first(text: &str) -> TroopFact {
    dated_all(text).swap_remove(0)
}

fn run(text: &str) -> Vec<TroopFact> {
    let set = crate::ExtractorSet::new(&Default::default());
    set.run(&TextView::new(text), None).troops
}

fn one(text: &str) -> TroopFact {
    let v = run(text);
    assert_eq!(v.len(), 1, "{text:?} gave {v:?}");
    v.into_iter().next().unwrap()
}

fn span_text(text: &str, f: &TroopFact) -> String {
    let view = TextView::new(text);
    view.raw_text(f.span.clone()).to_string()
}

#[test]
fn numbers_in_all_forms() {
    assert_eq!(one("a presence of 28,500 troops in Korea").value, 28_500);
    assert_eq!(one("a presence of 28500 troops in Korea").value, 28_500);
    assert_eq!(one("some 28.5 thousand troops").value, 28_500);
    assert_eq!(one("1.2 million soldiers").value, 1_200_000);
    assert_eq!(
        one("twenty-eight thousand five hundred troops").value,
        28_500
    );
    assert_eq!(one("two thousand marines landed").value, 2_000);
}

#[test]
fn a_war_is_not_a_place() {
    let f = one("About 60,000 Australian personnel served in the Vietnam War.");
    assert_eq!(f.location, "");
    let f = one("About 6,000 troops served in South Vietnam.");
    assert_eq!(f.location, "South Vietnam");
    let f = one("Some 9,000 troops were in Vietnam. Today none are.");
    assert_eq!(f.location, "Vietnam");
}

#[test]
fn active_personnel() {
    let f = one("The army said it had 183,000 active personnel in June.");
    assert_eq!((f.value, f.unit.as_str()), (183_000, "personnel"));
}

#[test]
fn places_reached_through_or_into() {
    let f = one("Roughly 1,200 Dutch soldiers rotate through Lithuania each year.");
    assert_eq!(f.location, "Lithuania");
    let f = one("Some 900 marines deployed into Norway for the drill.");
    assert_eq!(f.location, "Norway");
}

#[test]
fn qualifiers() {
    let f = one("The U.S. maintains approximately 28,500 troops in South Korea.");
    assert_eq!((f.qualifier, f.value), (Qualifier::Approx, 28_500));
    assert_eq!(
        (f.force.as_str(), f.location.as_str()),
        ("U.S.", "South Korea")
    );
    let t = "Maintains 28,500+ U.S. troops stationed in South Korea.";
    let f = one(t);
    assert_eq!(span_text(t, &f), "28,500+ U.S. troops");
    assert_eq!(
        (f.qualifier, f.force.as_str()),
        (Qualifier::AtLeast, "U.S.")
    );
    assert_eq!(
        one("more than 30,000 soldiers").qualifier,
        Qualifier::AtLeast
    );
    assert_eq!(one("up to 5,000 troops").qualifier, Qualifier::AtMost);
    assert_eq!(one("fewer than 5,000 troops").qualifier, Qualifier::AtMost);
    assert_eq!(one("~4,000 troops").qualifier, Qualifier::Approx);
    assert_eq!(one("nearly 4,000 troops").qualifier, Qualifier::Approx);
    assert_eq!(
        one("exactly the 28,500 U.S. service personnel").qualifier,
        Qualifier::Exact
    );
}

#[test]
fn every_qualifier_word() {
    for (q, want) in [
        ("approximately", Qualifier::Approx),
        ("about", Qualifier::Approx),
        ("around", Qualifier::Approx),
        ("some", Qualifier::Approx),
        ("roughly", Qualifier::Approx),
        ("nearly", Qualifier::Approx),
        ("almost", Qualifier::Approx),
        ("more than", Qualifier::AtLeast),
        ("over", Qualifier::AtLeast),
        ("at least", Qualifier::AtLeast),
        ("up to", Qualifier::AtMost),
        ("fewer than", Qualifier::AtMost),
        ("under", Qualifier::AtMost),
        ("no more than", Qualifier::AtMost),
    ] {
        let f = one(&format!("There are {q} 4,500 troops there."));
        assert_eq!(f.qualifier, want, "{q}");
        assert_eq!(f.value, 4_500, "{q}");
    }
}

#[test]
fn hyphenated_and_coordinated_forms() {
    let t = "the 28,500-troop presence";
    let f = one(t);
    assert_eq!((f.value, f.unit.as_str()), (28_500, "troop"));
    let f = one("some 2,000 American and Korean troops joined");
    assert_eq!((f.value, f.force.as_str()), (2_000, "American and Korean"));
}

#[test]
fn ranges_keep_both_ends() {
    let f = one("between 25,000 and 30,000 troops");
    assert_eq!(
        (f.value, f.value_high, f.qualifier),
        (25_000, Some(30_000), Qualifier::Range)
    );
    let f = one("25,000\u{2013}30,000 troops");
    assert_eq!(
        (f.value, f.value_high, f.qualifier),
        (25_000, Some(30_000), Qualifier::Range)
    );
}

#[test]
fn units_force_location() {
    let t = "starting with the 28,500 U.S. service personnel stationed in the ROK and";
    let f = one(t);
    assert_eq!(span_text(t, &f), "28,500 U.S. service personnel");
    assert_eq!(f.unit, "personnel");
    assert_eq!(f.force, "U.S.");
    assert_eq!(f.location, "ROK");
    assert_eq!(
        one("28,500 American service members").unit,
        "service members"
    );
    assert_eq!(one("2,500 Marines arrived").unit, "marines");
    let f = one("about 37,000 soldiers of the Eighth Army in Japan");
    assert_eq!(f.force, "Eighth Army");
}

#[test]
fn frames() {
    let f = one("troops numbering 28,500 remain");
    assert_eq!((f.value, f.unit.as_str()), (28_500, "troops"));
    assert_eq!(one("a force of 28,500 in Korea").value, 28_500);
    assert_eq!(one("a 28,500-strong garrison").value, 28_500);
    let f = one("Germany pledged a 4,800-strong brigade for Lithuania.");
    assert_eq!((f.value, f.unit.as_str()), (4_800, "brigade"));
    assert_eq!(f.force, "Germany");
    let f = one("A 1,500-person Stryker battalion rotates every nine months.");
    assert_eq!((f.value, f.unit.as_str()), (1_500, "battalion"));
    let f = one("a 600-member contingent arrived");
    assert_eq!((f.value, f.unit.as_str()), (600, "contingent"));
}

#[test]
fn as_of_ignores_other_clauses_and_treaty_dates() {
    let f = one("Some 54,000 American service members are stationed there under the 1960 Treaty of Mutual Cooperation.");
    assert_eq!(f.as_of, "");
    let f = one("About 10,000 U.S. troops are in Poland, and V Corps set up a base in 2023.");
    assert_eq!(f.as_of, "");
    let f = one(
        "As of January 2024, the United States had more than 100,000 military personnel in Europe.",
    );
    assert_eq!(
        (f.as_of.as_str(), f.force.as_str()),
        ("2024-01", "United States")
    );
    let v = run("Its forces total 500,000 personnel, down from 690,000 in 2000, while the Korean People's Army fields an estimated 1.2 million soldiers.");
    let f = v.last().unwrap();
    assert_eq!(
        (f.force.as_str(), f.as_of.as_str()),
        ("Korean People's Army", "")
    );
    // A command stands for the country it serves in.
    let f = one("About 55,000 U.S. military personnel were assigned to USFJ in 2023.");
    assert_eq!((f.force.as_str(), f.location.as_str()), ("U.S.", "Japan"));
    let f = one("They agreed to move 8,000 Marines from Okinawa to Guam.");
    assert_eq!(f.force, "");
    let f = one("Between 25,000 and 30,000 troops took part in Talisman Sabre 2023.");
    assert_eq!((f.location.as_str(), f.as_of.as_str()), ("", "2023"));
}

#[test]
fn as_of_from_a_section_heading() {
    let v = run("Harbor deployments in 2019\n\nAbout 2,500 U.S. troops are in Iraq.");
    assert_eq!(v.last().map(|f| f.as_of.as_str()), Some("2019"));
}

#[test]
fn as_of_from_sentence_or_doc_date() {
    assert_eq!(one("In 2019 there were 28,500 troops there.").as_of, "2019");
    let text = "Title\nNovember 19, 2025\n\nThere are 28,500 troops there.";
    assert_eq!(one(text).as_of, "2025-11-19");
    // A deadline after the figure is a target, not its time.
    let text = "Title\nNovember 19, 2025\n\nA brigade of 4,800 troops is due by 2027.";
    assert_eq!(one(text).as_of, "2025-11-19");
    let text = "Title\nNovember 19, 2025\n\nSome 2,000 troops will stay until 2030.";
    assert_eq!(one(text).as_of, "2025-11-19");
    assert_eq!(one("Some 2,000 troops took part in 2030.").as_of, "2030");
}

#[test]
fn a_plans_year_is_no_as_of_date() {
    let text = "Under the 2012 realignment plan, about 4,000 Marines are to relocate; the first contingent of roughly 100 Marines moved in December 2024.";
    let f = dated_all(text);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0].as_of, "2025-01-01", "{f:?}");
    assert_eq!(f[1].as_of, "2024-12", "{f:?}");
    // A year that is the sentence's time still dates it.
    assert_eq!(
        dated_first("In 2012, about 4,000 Marines served.").as_of,
        "2012"
    );
}

#[test]
fn a_month_is_no_place() {
    let f = one("the first contingent of roughly 100 Marines moved in December 2024.");
    assert_eq!(f.location, "");
    let f = one("some 900 troops arrived on Monday, officials said.");
    assert_eq!(f.location, "");
    assert_eq!(
        one("about 900 troops arrived in Mayotte.").location,
        "Mayotte"
    );
}

#[test]
fn a_country_labelling_the_list_item_is_the_place() {
    let f = one("- **Estonia:** the UK leads the battlegroup, with some 900 British personnel.");
    assert_eq!(
        (f.force.as_str(), f.location.as_str()),
        ("British", "Estonia")
    );
    let f = one("* Latvia: Canada plans to deploy up to 2,200 troops.");
    assert_eq!(f.location, "Latvia");
    // A label that is no place says nothing about where.
    assert_eq!(
        one("- Summary: some 900 British personnel left.").location,
        ""
    );
}

#[test]
fn owners_beyond_the_usual_states_and_not_after_by() {
    assert_eq!(
        one("Canada plans to deploy up to 2,200 troops by 2026.").force,
        "Canada"
    );
    assert_eq!(
        one("NATO's battlegroup in Lithuania, led by Germany, has numbered 1,600 troops.").force,
        "NATO"
    );
    assert_eq!(
        one("The Rapid Force in Lebanon, which has some 10,000 peacekeepers, said so.").force,
        "Rapid Force"
    );
}

#[test]
fn a_count_sharing_the_noun_before_it() {
    let text = "About 2,500 U.S. troops remain in Iraq and some 900 in Syria.";
    let f = run(text);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(span_text(text, &f[1]), "some 900");
    assert_eq!(
        (f[1].value, f[1].qualifier, f[1].unit.as_str()),
        (900, Qualifier::Approx, "troops")
    );
    assert_eq!(
        (f[1].force.as_str(), f[1].location.as_str()),
        ("U.S.", "Syria")
    );
    // Not a year, a sum of money, a number after another number, or a
    // count of something else.
    for t in [
        "About 2,500 troops remain in Iraq and 2024 in Syria.",
        "About 2,500 troops remain in Iraq, 12 ships and 300 in Syria.",
        "About 2,500 troops serve in Iraq and $900 in Syria.",
        "About 2,500 troops serve in Iraq. And 900 in Syria.",
    ] {
        assert_eq!(run(t).len(), 1, "{t:?} gave {:?}", run(t));
    }
}

#[test]
fn a_count_given_as_a_level() {
    let text = "The move brings the number of U.S. troops in the Middle East to roughly 43,000, up from about 34,000.";
    let f = run(text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(span_text(text, &f[0]), "roughly 43,000");
    assert_eq!(
        (f[0].value, f[0].qualifier, f[0].unit.as_str()),
        (43_000, Qualifier::Approx, "troops")
    );
    assert_eq!(
        (f[0].force.as_str(), f[0].location.as_str()),
        ("U.S.", "Middle East")
    );
    let f = one("Washington will cut troop levels in Germany to 24,000 by 2026.");
    assert_eq!((f.value, f.location.as_str()), (24_000, "Germany"));
    // A figure with its own noun is read once.
    assert_eq!(run("raising the number of troops to 5,000 troops").len(), 1);
    // A level of something else is none.
    assert!(run("the number of U.S. aircraft in Japan to 300").is_empty());
}

#[test]
fn not_troop_figures() {
    for t in [
        "a $28,500 budget for troops",
        "28,500 aircraft and ships",
        "a 2.8 percent defense budget for the troops",
        "In 2024 troops were moved",
        "36,000 U.S. soldiers were killed in the war",
        "No. 2025-27(S) troops",
        "the 12 ships carried supplies to the troops",
        "the two forces met",
        "a $5,000 troops bonus",
        "the 82nd Airborne troops and the 7th Fleet sailors",
        "over 300 missiles and 1,200 aircraft near the troops",
    ] {
        assert!(run(t).is_empty(), "{t:?} gave {:?}", run(t));
    }
}

#[test]
fn personnel_file_is_well_formed_and_sorted() {
    let data = include_str!("../../data/personnel.csv");
    let rows = crate::testutil::sorted_rows("personnel.csv", data, "noun,prose,table");
    assert_eq!(parse_personnel(data).unwrap().len(), rows.len());
    assert!(parse_personnel("noun,prose,table\ntroops,maybe,no\n").is_err());
    // Every prose noun is found by the trigger pass the patterns rely on.
    for n in PERSONNEL_NOUNS.iter().filter(|n| n.prose) {
        let text = format!("some 2,000 {} arrived", n.noun);
        assert_eq!(run(&text).len(), 1, "{}", n.noun);
    }
}

/// Named cases: a text and every figure it must give, exactly, as (text,
/// value, value_high, qualifier, unit, force, location).
type Figure = (
    &'static str,
    u64,
    Option<u64>,
    Qualifier,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const CASES: &[(&str, &str, &[Figure])] = &[
    ("approx_with_owner_and_place", "About 2,500 U.S. troops remain in Iraq.", &[("About 2,500 U.S. troops", 2500, None, Qualifier::Approx, "troops", "U.S.", "Iraq")]),
    ("plus_sign", "The garrison holds 4,000+ soldiers.", &[("4,000+ soldiers", 4000, None, Qualifier::AtLeast, "soldiers", "", "")]),
    ("range", "Between 3,000 and 4,000 personnel will rotate through Poland.", &[("Between 3,000 and 4,000 personnel", 3000, Some(4000), Qualifier::Range, "personnel", "", "Poland")]),
    ("up_to", "Up to 1,200 Marines may deploy to Darwin.", &[("Up to 1,200 Marines", 1200, None, Qualifier::AtMost, "marines", "", "Darwin")]),
    ("number_words", "Some two thousand peacekeepers patrol the border.", &[("Some two thousand peacekeepers", 2000, None, Qualifier::Approx, "peacekeepers", "", "")]),
    ("a_force_of", "A force of 800 Dutch troops joined the mission.", &[("800 Dutch troops", 800, None, Qualifier::Exact, "troops", "Dutch", "")]),
    ("casualties_are_not_strength", "In the battle 3,000 soldiers were killed.", &[]),
    ("strength_of", "The army has a personnel strength of 450,000 in total.", &[("450,000", 450000, None, Qualifier::Exact, "personnel", "", "")]),
    ("from_to_shares_the_noun", "The navy grew from 30,000 to over 45,000 personnel.", &[("30,000", 30000, None, Qualifier::Exact, "personnel", "", ""), ("over 45,000 personnel", 45000, None, Qualifier::AtLeast, "personnel", "", "")]),
    ("active_and_reserve", "Its forces (210,000 active and 90,000 reserve) are small.", &[("210,000", 210000, None, Qualifier::Exact, "personnel", "", ""), ("90,000", 90000, None, Qualifier::Exact, "personnel", "", "")]),
    ("active_and_reserve_in_capitals", "Its forces: 210,000 Active and 90,000 RESERVE.", &[("210,000", 210000, None, Qualifier::Exact, "personnel", "", ""), ("90,000", 90000, None, Qualifier::Exact, "personnel", "", "")]),
    ("from_to_opens_a_sentence", "Strength rose. From 30,000 to over 45,000 personnel served.", &[("30,000", 30000, None, Qualifier::Exact, "personnel", "", ""), ("over 45,000 personnel", 45000, None, Qualifier::AtLeast, "personnel", "", "")]),
    ("strength_of_across_a_line_break", "The army reports a STRENGTH\nOF 450,000 in total.", &[("450,000", 450000, None, Qualifier::Exact, "personnel", "", "")]),
    ("infobox_field", "|branches= |active= 120,000 (2020) |ranked=", &[("120,000", 120000, None, Qualifier::Exact, "personnel", "", "")]),
    ("counted_things_are_not_troops", "Cuts left a force of about 12 divisions and 300 active projects.", &[]),
    ("place_by_reference", "Under the pact with Spain, about 3,000 U.S. sailors are based in the country.", &[("about 3,000 U.S. sailors", 3000, None, Qualifier::Approx, "sailors", "U.S.", "Spain")]),
    ("place_by_reference_in_the_paragraph", "Norway is a close ally.\nSome 700 U.S. Marines train there each winter.", &[("Some 700 U.S. Marines", 700, None, Qualifier::Approx, "marines", "U.S.", "Norway")]),
    ("a_command_stands_for_its_country", "U.S. Forces Korea, headquartered at a large base, counts some 27,000 personnel.", &[("some 27,000 personnel", 27000, None, Qualifier::Approx, "personnel", "U.S. Forces Korea", "South Korea")]),
    ("a_mission_stands_for_its_country", "About 450 U.S. soldiers support the Multinational Force and Observers mission.", &[("About 450 U.S. soldiers", 450, None, Qualifier::Approx, "soldiers", "U.S.", "Egypt")]),
    ("the_number_of_forces_is", "The total number of U.S. forces in the Kingdom of Saudi Arabia is roughly 2,500.", &[("roughly 2,500", 2500, None, Qualifier::Approx, "forces", "U.S.", "Kingdom of Saudi Arabia")]),
    ("a_described_subject_owns_its_with_figure", "The Harbor Army (HA) is by far the largest service, with 90,000 personnel as of 2020.", &[("90,000 personnel", 90000, None, Qualifier::Exact, "personnel", "Harbor Army", "")]),
    ("a_service_by_reference_is_the_headings", "Harbor Army\n\nThe Harbor Army guards the coast.\n\nThe army consists of 7 corps and some 95,000 troops.", &[("some 95,000 troops", 95000, None, Qualifier::Approx, "troops", "Harbor Army", "")]),
    ("the_owner_is_not_the_country_referred_to", "Norway is an ally. The U.S. keeps about 900 sailors in the country.", &[("about 900 sailors", 900, None, Qualifier::Approx, "sailors", "U.S.", "Norway")]),
    ("a_host_that_has_troops_is_the_country_referred_to", "Spain has 120,000 troops, with an additional 3,000 U.S. sailors based in the country.", &[("120,000 troops", 120000, None, Qualifier::Exact, "troops", "Spain", ""), ("3,000 U.S. sailors", 3000, None, Qualifier::Exact, "sailors", "U.S.", "Spain")]),
    ("money_is_not_troops", "The plan costs $2,000 troops-related per year and 50 jets.", &[]),
];

#[test]
fn named_cases() {
    let mut failed = Vec::new();
    for (name, text, want) in CASES {
        let got: Vec<Figure> = run(text)
            .iter()
            .map(|f| {
                let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
                (
                    leak(text[f.span.clone()].to_string()),
                    f.value,
                    f.value_high,
                    f.qualifier,
                    leak(f.unit.clone()),
                    leak(f.force.clone()),
                    leak(f.location.clone()),
                )
            })
            .collect();
        if got != *want {
            failed.push(format!("{name}: {text:?}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    crate::testutil::assert_cases_pass(&failed);
}

/// The byte-by-byte column split `tables::aligned_cells` had before it
/// searched for gaps: the reference its cells are tested against.
fn aligned_cells_bytewise(
    line: &str,
    at: usize,
    tab_at: &dyn Fn(usize) -> bool,
) -> Option<Vec<std::ops::Range<usize>>> {
    let bytes = line.as_bytes();
    let tab = |i: usize| bytes[i] == b'\t' || (bytes[i] == b' ' && tab_at(at + i));
    if !(line.contains("  ") || (0..bytes.len()).any(tab)) {
        return None;
    }
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let gap = tab(i) || (bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' '));
        if gap {
            if let Some(s) = start.take() {
                out.push(at + s..at + line[..i].trim_end().len());
            }
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            continue;
        }
        if start.is_none() && bytes[i] != b' ' {
            start = Some(i);
        }
        i += 1;
    }
    if let Some(s) = start {
        out.push(at + s..at + line.trim_end().len());
    }
    (out.len() >= 2).then_some(out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Cells found by searching for gaps are the cells of the byte-by-byte
    /// split, with tabs in the line and spaces that were tabs in the file.
    #[test]
    fn aligned_cells_match_the_bytewise_split(
        line in "(a|7|,| |  |\t|\u{e9}|\u{2003}){0,24}",
        picks in proptest::collection::vec(any::<bool>(), 24),
        at in 0usize..5,
    ) {
        let tabs: Vec<usize> = line
            .bytes()
            .enumerate()
            .filter(|&(i, b)| b == b' ' && picks.get(i).copied().unwrap_or(false))
            .map(|(i, _)| at + i)
            .collect();
        let tab_at = |p: usize| tabs.binary_search(&p).is_ok();
        prop_assert_eq!(
            tables::aligned_cells(&line, at, &tabs),
            aligned_cells_bytewise(&line, at, &tab_at)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    /// A text the pre-test turns away has no table figure.
    #[test]
    fn texts_without_a_unit_at_a_cell_end_have_no_table_figures(
        text in proptest::collection::vec(
            proptest::sample::select(&[
                "| Force | Troops |", "|---|---|", "| Army | 1,200 |", "Name   Troops",
                "Army  500", "Navy\t300", "Troops: 2,000", "- Personnel: 40", "| Strength (2024) |",
                "troops were sent.", "2,000 troops and", "PERSONNEL", "soldiers,", "service members",
                "| Active personnel | 59,095 |", "Strength", " ", "|", ":", "\u{a0}", "(",
                "Korea  Army", "Troops  28,500",
            ][..]),
            0..10,
        ).prop_flat_map(|parts| {
            let n = parts.len();
            proptest::collection::vec(proptest::sample::select(&["", " ", "\n", "  "][..]), n)
                .prop_map(move |seps| parts.iter().zip(seps).flat_map(|(p, s)| [*p, s]).collect::<String>())
        })
    ) {
        let view = TextView::new(&text);
        let scan = Scan::new(view.norm(), gate::view_hits(&view, Lane::Troops));
        if !tables::may_hold_table_figures(&view, &scan) {
            prop_assert!(table_figures(&view, &DocFacts::default()).is_empty());
        }
    }
}

/// `table_blocks` as first written, testing every line: the reference the
/// marked-lines form must equal.
fn table_blocks_reference(view: &TextView<'_>) -> (Vec<tables::Block>, Vec<TableRow>) {
    let text = view.norm();
    // Each block of table lines with the start of the line before it (its
    // caption); labelled lines apart.
    // Tab-separated columns: the view folds tabs to spaces, so where the
    // file had a tab is looked up once (only when it has tabs at all).
    let tabs = if memchr::memchr(b'\t', view.raw().as_bytes()).is_some() {
        view.replaced_bytes(b'\t')
    } else {
        Vec::new()
    };
    let mut blocks: Vec<tables::Block> = Vec::new();
    let mut labelled: Vec<TableRow> = Vec::new();
    // The caption is the last text line before the table, one blank line
    // between them at most.
    let (mut pos, mut prev_line, mut in_block, mut blanks) = (0, None, false, 0);
    for line in text.split_inclusive('\n') {
        let l = line.trim_end_matches(['\n', '\r']);
        if l.trim().is_empty() && !in_block {
            blanks += 1;
            if blanks > 1 {
                prev_line = None;
            }
            pos += line.len();
            continue;
        }
        let row = if l.trim_start().starts_with('|') {
            Some(cells(l, pos))
        } else {
            aligned_cells(l, pos, &tabs)
        };
        match row {
            // A rule line (`|---|---|`) is no row.
            Some(r)
                if r.iter()
                    .all(|c| text[c.clone()].trim_matches(['-', ':', ' ']).is_empty()) => {}
            Some(r) => {
                if !in_block {
                    blocks.push((prev_line, Vec::new()));
                    in_block = true;
                }
                if let Some((_, rows)) = blocks.last_mut() {
                    rows.push((pos, r));
                }
            }
            None => {
                in_block = false;
                prev_line = Some(pos);
                blanks = 0;
                labelled.extend(label_cells(l, pos).map(|r| (pos, r)));
            }
        }
        pos += line.len();
    }
    (blocks, labelled)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Lines of pipes, tabs, colons, runs of spaces, labels and blank
    /// lines: the same blocks, captions and labelled lines.
    #[test]
    fn marked_lines_find_the_tables_every_line_did(
        text in proptest::collection::vec(
            proptest::sample::select(&[
                "| Force | Troops |", "|---|---|", "| Army | 1,200 |", "Name   Troops",
                "Army  500", "Navy\t300", "Troops: 2,000", "- Personnel: 40", "a: b",
                "prose with words.", "", " ", "  ", "\t", "x  ", "  y", "|", "::", "\r",
            ][..]),
            0..14,
        ).prop_map(|lines| lines.join("\n"))
    ) {
        let view = TextView::new(&text);
        prop_assert_eq!(tables::table_blocks(&view), table_blocks_reference(&view));
    }
}

#[test]
fn the_table_pretest_passes_each_unit_at_a_cell_end() {
    let passes = |text: &str| {
        let view = TextView::new(text);
        let scan = Scan::new(view.norm(), gate::view_hits(&view, Lane::Troops));
        tables::may_hold_table_figures(&view, &scan)
    };
    for kept in [
        "| Force | Strength |",
        "STRENGTH\n",
        "Troops: 28,500",
        "| Soldiers |",
        "Service members  500",
        "| Personnel (2024) |",
        "Active personnel",
    ] {
        assert!(passes(kept), "{kept:?}");
    }
    for prose in [
        "troops were sent",
        "the strength of",
        "soldier, ",
        "service member",
        "personnel.",
    ] {
        assert!(!passes(prose), "{prose:?}");
    }
}

/// The figures of a batch whose patterns were searched ahead over every
/// document are those each document gets alone.
#[test]
fn figures_searched_ahead_over_a_batch_are_those_of_each_document_alone() {
    let texts = [
        "About 28,500 U.S. troops are stationed in South Korea, and some 2,000 \
         Marines rotate through Darwin.",
        "The number of troops in Poland stood at 10,000 in 2023; troop levels rose \
         from 4,000 to over 9,000 personnel.",
        "Nothing here counts anyone.",
        "A 4,800-strong brigade and a force of 1,200 soldiers, with troops numbering \
         3,500, deployed.",
    ];
    let views: Vec<TextView<'_>> = texts.iter().map(|t| TextView::new(t)).collect();
    let alone: Vec<Vec<TroopFact>> = views
        .iter()
        .map(|v| {
            let mut facts = DocFacts::default();
            TroopExtractor.extract(v, &mut facts);
            facts.troops
        })
        .collect();
    let refs: Vec<&TextView<'_>> = views.iter().collect();
    let starts: Vec<DocFacts> = texts.iter().map(|_| DocFacts::default()).collect();
    let known: Vec<&DocFacts> = starts.iter().collect();
    let scans = TroopExtractor
        .scans_ahead(&refs, &known)
        .expect("troops scan ahead");
    for (k, view) in views.iter().enumerate() {
        let mut facts = DocFacts::default();
        TroopExtractor.extract_scanned(view, &mut facts, &scans[k]);
        assert_eq!(facts.troops, alone[k], "document {k}");
        assert_eq!(scans[k].ahead_left(), 0, "every search ahead used");
    }
    assert!(
        alone.iter().map(Vec::len).sum::<usize>() >= 6,
        "the texts hold figures"
    );
}
