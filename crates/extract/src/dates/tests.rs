//! Unit tests of the dates extractor.

use super::*;
use crate::gate::texts_of;
use proptest::prelude::*;

/// Every gated pattern, by name.
fn gated_patterns() -> Vec<(&'static str, &'static Gated)> {
    let p = &*PATTERNS;
    let mut all: Vec<(&'static str, &'static Gated)> =
        p.atomic.iter().map(|a| (a.rule.as_str(), &a.re)).collect();
    all.extend([
        ("years_offset", &p.years_offset),
        ("the_next", &p.the_next),
        ("deictic", &p.deictic),
        ("year_part", &p.year_part),
        ("bare_month", &p.bare_month),
        ("month_day", &p.month_day),
        ("season_week", &p.season_week),
        ("anniversary", &p.anniversary),
        ("weekday", &p.weekday),
    ]);
    all
}

fn assert_gate_exact(text: &str) -> Result<(), TestCaseError> {
    let text = crate::gate::normalized(text);
    assert_hand_exact(&text)?;
    crate::gate::assert_exact(&scan(&text), &gated_patterns())
}

/// Each pattern matched by hand finds exactly its regex's matches.
fn assert_hand_exact(text: &str) -> Result<(), TestCaseError> {
    let s = scan(text);
    for a in &PATTERNS.atomic {
        let Some(hand) = &a.hand else { continue };
        let by_regex: Vec<_> = a.re.re.find_iter(text).map(|m| m.range()).collect();
        prop_assert_eq!(
            (hand.find)(&s),
            by_regex,
            "{} in {:?}",
            a.rule.as_str(),
            text
        );
        for m in a.re.re.captures_iter(text) {
            let span = m.get(0).expect("group 0");
            prop_assert_eq!((hand.value)(span.as_str()), (a.value)(&m));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// Searching near triggers finds exactly what a whole-text search
    /// finds, whatever the words, spacing and case.
    #[test]
    fn gated_search_is_exact(text in texts_of(&[
        "the", "The", "end", "of", "year", "YEARS", "last", "Next", "month", "decade",
        "seventy-five", "one", "hundred", "later", "ago", "on", "70th", "anniversary",
        "Centennial", "twenty-first", "century", "Q3", "quarter", "first", "FY", "2024",
        "1953", "19", "Tuesday,", "Nov.", "November", "May", "early", "summer", "week", "11-12",
        "to", "through",
        "yesterday", "coming", "x", ".", "-", "\u{2013}", "\u{e9}t\u{e9}", "this", "Sunday",
        "MONDAY", "Fridays", "year\u{17f}", "Earlier", "BEFORE", "afterwards", "\u{b}",
        "(last", "following", "PRIOR", "fiscal", "\u{17f}ame", "spring", "past", "turn", "ago,",
        "years'", "month-long", "on-year", "FY2025", "FY", "fy", "justify", "FISCAL", "Fiscal",
        "FY-25", "2024/25", "\u{2013}",
    ])) {
        assert_gate_exact(&text)?;
    }

    /// The same with each pattern's longest reach around its trigger as
    /// one piece, so that the word bounds of every pattern are tried at
    /// their limit, beside other dates and glued to other words.
    #[test]
    fn gated_search_is_exact_at_the_word_bounds(text in texts_of(LONGEST_REACH)) {
        assert_gate_exact(&text)?;
    }
}

/// For every gated pattern, matches that reach as many words before and
/// after their trigger as the pattern allows, with words of other dates.
const LONGEST_REACH: &[&str] = &[
    "FY -2024/25",
    "fiscal year 2025",
    "Fiscal Year 2026",
    "Tuesday, Nov. 19th, 2025",
    "Tuesday 19th of November, 2025",
    "09 SEP 2024",
    "July 11 to August 12, 2024",
    "July 11 to 12, 2024",
    "11 - 12 July, 2024",
    "December of 2024",
    "Sept. 2021",
    "the summer of 2019",
    "2024 - Q1",
    "Q1 of FY 2024",
    "the first quarter of 2024",
    "2025 - H2",
    "1H of FY 2025",
    "the second half of 2025",
    "21st - century",
    "first - - - - century",
    "twenty-first century",
    "one hundred twenty-five years later",
    "two years on",
    "a decade AGO",
    "(last year)",
    "the previous month",
    "THE SAME decade",
    "the turn of year",
    "the past week",
    "tomorrow",
    "seventy years after",
    "the following year",
    "last fiscal year",
    "yesterday",
    "the end of the year",
    "12th of April",
    "April 12",
    "early - last July",
    "mid-July",
    "the last week",
    "this coming spring",
    "the 70th anniversary",
    "bicentennial",
    "2025-08-22",
    "2024. 8. 19.",
    "11/19/2025",
    "31.03.2024",
    "1950 - 53",
    "12345",
    "of",
    "the",
    "2024",
    "x",
    ",",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// The numeric patterns, searched near runs of four digits, and the
    /// decade's pre-test find what a whole-text search finds: numbers,
    /// slashes, stops and decades, glued or spaced.
    #[test]
    fn pretested_search_is_exact(text in texts_of(&[
        "1990", "2024", "19", "20", "s", "'s", "0s", "0's", "'9", "'90s", "1990s", "1990's", "08", "8",
        "31", "11", "/", ".", ". ", "2024.08.19", "11/19/2025", "31.03.2024", "1.2.2024",
        "2024. 8. 19.", "x", "-", "12345", "a", "_", "1950 - 53", "2023/24", "2025-08-22",
        "\u{a0}", "\u{2003}", "2024.\u{2003}8", "1950\u{a0}-", "\u{2019}", "2025/", "/08",
    ])) {
        assert_gate_exact(&text)?;
    }
}

/// Each pattern with a hit test finds its examples, alone and inside a
/// sentence, as the whole-text search does: the test passes at the unit.
#[test]
fn hit_tested_patterns_find_their_examples() {
    let p = gated_patterns();
    let pattern = |name: &str| p.iter().find(|(n, _)| *n == name).expect("named").1;
    for (name, example) in [
        ("years_offset", "two years on"),
        ("years_offset", "a decade AGO"),
        ("years_offset", "seventy-five months afterwards"),
        ("the_next", "the following year"),
        ("the_next", "THE SAME decade"),
        ("deictic", "(last year)"),
        ("deictic", "this fiscal year"),
        ("deictic", "yesterday"),
        ("year_part", "the end of the year"),
        ("year_part", "the turn of year"),
        ("season_week", "the past week"),
        ("season_week", "next spring"),
    ] {
        for text in [example.to_string(), format!("It was {example}, they said.")] {
            let scan = scan(&text);
            assert_eq!(scan.captures(pattern(name)).len(), 1, "{name}: {text}");
            crate::gate::assert_exact(&scan, &p).expect("same matches");
        }
    }
}

#[test]
fn gated_search_is_exact_on_the_corpus() {
    for text in crate::gate::corpus_texts() {
        assert_gate_exact(&text).expect("same matches");
    }
}

fn run(text: &str) -> Vec<(String, String, &'static str)> {
    run_opts(text, false, None)
}

fn run_opts(
    text: &str,
    vague: bool,
    doc_date: Option<&str>,
) -> Vec<(String, String, &'static str)> {
    let view = TextView::new(text);
    let mut facts = DocFacts {
        doc_date: doc_date.map(str::to_string),
        ..DocFacts::default()
    };
    DateExtractor::new(vague).extract(&view, &mut facts);
    facts
        .dates
        .iter()
        .map(|d| {
            (
                view.raw_text(d.span.clone()).to_string(),
                d.value.clone(),
                // As written in dates.csv, so cases read like the table.
                d.granularity.as_str(),
            )
        })
        .collect()
}

/// The date facts of an ASCII text (normalized and raw spans agree).
fn doc_facts(text: &str) -> DocFacts {
    let view = TextView::new(text);
    let mut facts = DocFacts::default();
    DateExtractor::new(false).extract(&view, &mut facts);
    facts
}

#[test]
fn a_byline_with_place_and_date_dates_the_document() {
    let text = "# Allies agree\n\n*By Anna Kowalska, Brussels, 26 June 2025*\n\nMinisters met on Thursday.";
    let facts = doc_facts(text);
    assert_eq!(facts.doc_date.as_deref(), Some("2025-06-26"));
    let thursday = facts
        .dates
        .iter()
        .find(|d| &text[d.span.clone()] == "Thursday")
        .expect("the weekday is read");
    // The document's own day is a Thursday: `met on Thursday` is that day.
    assert_eq!(
        (thursday.value.as_str(), thursday.rule),
        ("2025-06-26", Rule::DateWeekday)
    );
    // A sentence that starts with `By` is no byline.
    let text = "By 2030, the force will grow, 26 June 2025";
    let facts = doc_facts(text);
    assert_eq!(facts.doc_date, None);
}

#[test]
fn a_delivered_on_line_dates_a_speech_and_decades_resolve() {
    let text = "Speech: Defence Secretary at RUSI\n\nDelivered on 18 June 2024. (Transcript of the speech.)\n\nA decade ago few foresaw this. By the end of this decade the Army will grow. In the financial year 2023/24 spending rose.";
    let facts = doc_facts(text);
    assert_eq!(facts.doc_date.as_deref(), Some("2024-06-18"));
    let got: Vec<(&str, &str)> = facts
        .dates
        .iter()
        .map(|d| (&text[d.span.clone()], d.value.as_str()))
        .collect();
    assert!(got.contains(&("A decade ago", "2014")), "{got:?}");
    assert!(got.contains(&("this decade", "202X")), "{got:?}");
    assert!(got.contains(&("2023/24", "2023/2024")), "{got:?}");
    // A slash between a year and a month-like number is no range.
    assert!(!run("Filed under 2023/12 in the archive.")
        .iter()
        .any(|d| d.2 == "range"));
}

#[test]
fn a_header_date_may_carry_its_time_of_day() {
    for (header, want) in [
        ("*Updated: Nov 8, 2023, 06:12 PM IST*", "2023-11-08"),
        ("Published 3 March 2021 at 14:30 GMT", "2021-03-03"),
        ("Posted: January 5, 2024 | 9:05 a.m. ET", "2024-01-05"),
    ] {
        let text = format!("{header}\n\nOn Wednesday the ministers met again.");
        assert_eq!(doc_facts(&text).doc_date.as_deref(), Some(want), "{header}");
    }
    // Data and debate labels date the document too; a table row's date
    // dates its row only.
    for (header, want) in [
        (
            "*Data as of 31 March 2024. Source: the ministry.*",
            "2024-03-31",
        ),
        ("Volume 748: debated on Tuesday 12 March 2024", "2024-03-12"),
    ] {
        let text = format!("Title\n{header}\n\nLast year the force grew.");
        assert_eq!(doc_facts(&text).doc_date.as_deref(), Some(want), "{header}");
    }
    let text =
        "Title\n\nSource: Xinhua | 2025-04-02 09:15:33 | Editor: Huaxia\n\nOn Wednesday they met.";
    assert_eq!(doc_facts(text).doc_date.as_deref(), Some("2025-04-02"));
    let text = "| Mission | Established |\n|---|---|\n| KFOR | 12 June 1999 |\n";
    assert_eq!(doc_facts(text).doc_date, None);
    let text = "Title\n\nTroop strength (as of September 2024):\n| Army | 2,500 |\n";
    assert_eq!(doc_facts(text).doc_date, None);
    // A place of a few words before the date (`Camp Aguinaldo, Quezon
    // City, 14 October 2024`).
    let text = "Joint Statement\n\nCamp Aguinaldo, Quezon City, 14 October 2024\n\nThey met.";
    assert_eq!(doc_facts(text).doc_date.as_deref(), Some("2024-10-14"));
    // A shouted first line ending with the date is a dated title.
    let text = "CONTRACTS FOR JAN. 17, 2025\n\nARMY\n\nWork starts on Friday.";
    assert_eq!(doc_facts(text).doc_date.as_deref(), Some("2025-01-17"));
    let text = "The Armistice of July 27, 1953\n\nIt held.";
    assert_eq!(doc_facts(text).doc_date, None);
    // A sentence that goes on after the date is no header.
    let text = "Published on 3 March 2021, 14 hours after the vote, the report said";
    assert_eq!(doc_facts(text).doc_date, None);
}

#[test]
fn a_day_of_the_documents_month_by_its_ordinal() {
    let text = "Release date: 2024. 8. 19.\n\nThe JCS announced on the 19th that drills run from the 19th to the 29th. It moved to the 2nd Infantry Division on the 5th floor in the 19th century.";
    let facts = doc_facts(text);
    let got: Vec<(&str, &str)> = facts
        .dates
        .iter()
        .filter(|d| d.rule == Rule::DateDayOfMonth)
        .map(|d| (&text[d.span.clone()], d.value.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("19th", "2024-08-19"),
            ("19th", "2024-08-19"),
            ("29th", "2024-08-29")
        ]
    );
    // Without a document date there is no month to read them in.
    let facts = doc_facts("They met on the 19th and left.");
    assert!(facts.dates.is_empty());
}

#[test]
fn a_month_day_takes_the_year_that_opens_its_sentence() {
    let facts =
        doc_facts("- 1951 - The treaty is signed in Washington on August 30.\n- 1999 - In force.");
    assert!(
        facts.dates.iter().any(|d| d.value == "1951-08-30"),
        "{:?}",
        facts.dates
    );
    let value_of = |text: &str, doc_date: &str, expr: &str| {
        run_opts(text, false, Some(doc_date))
            .into_iter()
            .find(|d| d.0 == expr)
            .map(|d| d.1)
    };
    let v = value_of("In 2019, talks began on March 3.", "2024-05-01", "March 3");
    assert_eq!(v.as_deref(), Some("2019-03-03"));
    // A year that modifies a name does not date the sentence.
    let v = value_of(
        "The 2018 agreement was scrapped on November 22.",
        "2023-12-01",
        "November 22",
    );
    assert_eq!(v.as_deref(), Some("2023-11-22"));
}

#[test]
fn a_dateline_may_name_its_agency() {
    let facts = doc_facts("Drills\n\nTAIPEI, April 2, 2025 (Reuters) - Drills began on Tuesday.");
    assert_eq!(facts.doc_date.as_deref(), Some("2025-04-02"));
    assert!(facts.dates.iter().any(|d| d.value == "2025-04-01"));
}

#[test]
fn day_ranges_without_a_year_take_the_days_year() {
    for (text, span, want) in [
        (
            "Drills will run from March 10 to 20, officials said.",
            "March 10 to 20",
            "2025-03-10/2025-03-20",
        ),
        (
            "Talks on March 10-12 ended.",
            "March 10-12",
            "2025-03-10/2025-03-12",
        ),
        (
            "Talks were held March 10-12.",
            "March 10-12",
            "2025-03-10/2025-03-12",
        ),
    ] {
        let got = run_opts(text, false, Some("2025-03-01"));
        assert!(
            got.iter()
                .any(|d| d.0 == span && d.1 == want && d.2 == "range"),
            "{text:?} gave {got:?}"
        );
    }
    // A time, a count or an earlier day is no second day.
    for text in [
        "It opens on March 10 at 10:30 sharp.",
        "On March 10 to 20 delegates came.",
        "From March 12 to 3 in the afternoon.",
        "Between March 10 and 20,000 troops left.",
        "On March 10 to 20.5 percent.",
    ] {
        let got = run_opts(text, false, Some("2025-03-01"));
        assert!(got.iter().all(|d| d.2 != "range"), "{text:?} gave {got:?}");
    }
}

#[test]
fn official_release_headers() {
    let facts = doc_facts(
        "Ministry of Defence\n\nPosted On: 09 SEP 2024 11:05AM by PIB Delhi\n\nIt runs from 09th to 22nd September 2024.",
    );
    assert_eq!(facts.doc_date.as_deref(), Some("2024-09-09"));
    assert!(
        facts
            .dates
            .iter()
            .any(|d| d.value == "2024-09-09/2024-09-22"),
        "{:?}",
        facts.dates
    );
    // Capitals without a full stop are a month only between a day and a
    // year.
    assert!(run("THE MAY 2 DEADLINE")
        .iter()
        .all(|d| d.1 != "2025-05-02"));
    assert_eq!(one("on 3 MAR 2023 the").1, "2023-03-03");
}

#[test]
fn the_first_month_of_a_pair_takes_the_second_ones_year() {
    for (text, want) in [
        ("It ran between January and May 2024 in Europe.", "2024-01"),
        ("Drills ran from March to June 2023, then ended.", "2023-03"),
        ("Talks in November and December 2022 failed.", "2022-11"),
    ] {
        let got = run_opts(text, false, Some("2025-03-03"));
        assert_eq!(got[0].1, want, "{text:?} gave {got:?}");
    }
    // Without a pair, a bare month is relative to the document date.
    let got = run_opts("Talks resumed in November.", false, Some("2025-03-03"));
    assert_eq!(got[0].1, "2024-11", "{got:?}");
}

#[test]
fn day_first_month_days_take_the_document_year() {
    let got = run_opts(
        "After the impeachment vote of 14 December, talks stalled. On 3rd of March they resumed.",
        false,
        Some("2024-12-20"),
    );
    assert!(
        got.contains(&("14 December".to_string(), "2024-12-14".to_string(), "day")),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|d| d.0 == "3rd of March" && d.1.ends_with("-03-03")),
        "{got:?}"
    );
}

#[test]
fn day_ranges_within_a_year() {
    let got = run("The summit met July 11\u{2013}12, 2024, in Washington.");
    assert_eq!(
        got,
        vec![(
            "July 11\u{2013}12, 2024".to_string(),
            "2024-07-11/2024-07-12".to_string(),
            "range"
        )]
    );
    assert_eq!(
        one("It ran from April 22 to May 10, 2025.").1,
        "2025-04-22/2025-05-10"
    );
    assert_eq!(
        one("Held 11-12 July 2024 in Vilnius.").1,
        "2024-07-11/2024-07-12"
    );
    assert_eq!(
        one("The drill ran from 3 to 7 June 2023, then ended.").1,
        "2023-06-03/2023-06-07"
    );
    // Not a range: the end comes first, or a day is impossible.
    assert!(!run("On July 12-11, 2024 it rained.")
        .iter()
        .any(|d| d.2 == "range"));
    assert!(!run("On Feb. 28-30, 2023 it rained.")
        .iter()
        .any(|d| d.2 == "range"));
}

fn one(text: &str) -> (String, String, &'static str) {
    let v = run(text);
    assert_eq!(v.len(), 1, "{text:?} gave {v:?}");
    v.into_iter().next().unwrap()
}

#[test]
fn parts_of_a_year_with_a_hyphen() {
    let v = run("barracks ready by mid-2026 and pre-1950 records; the KF-2025 jet");
    assert!(v.contains(&("2026".into(), "2026".into(), "year")), "{v:?}");
    assert!(v.contains(&("1950".into(), "1950".into(), "year")), "{v:?}");
    assert!(!v.iter().any(|d| d.0 == "2025"), "{v:?}");
}

#[test]
fn full_dates() {
    assert_eq!(one("on November 19, 2025 we").1, "2025-11-19");
    assert_eq!(one("on 19 November 2025 we").1, "2025-11-19");
    assert_eq!(one("on Nov. 19, 2025 we").1, "2025-11-19");
    assert_eq!(one("dated 2025-08-22.").1, "2025-08-22");
    assert_eq!(one("filed 11/19/2025.").1, "2025-11-19");
    // Day first when the first number cannot be a month, or with dots.
    assert_eq!(one("filed 31/03/2024.").1, "2024-03-31");
    assert_eq!(one("as of 01.03.2024 the").1, "2024-03-01");
    assert_eq!(one("as of 1.7.2010 the").1, "2010-07-01");
    // Year first with dots (East Asian releases).
    assert_eq!(one("Release date: 2024. 8. 19. (Mon)").1, "2024-08-19");
    assert_eq!(one("posted 2024.08.19 by").1, "2024-08-19");
    // Mixed separators and impossible days are no dates.
    assert!(!run("version 1/2.2024 shipped").iter().any(|d| d.2 == "day"));
    assert!(!run("on 13.13.2024 nothing").iter().any(|d| d.2 == "day"));
    let (t, v, g) = one("on Wednesday, November 19, 2025, the");
    assert_eq!(
        (t.as_str(), v.as_str(), g),
        ("Wednesday, November 19, 2025", "2025-11-19", "day")
    );
    assert_eq!(one("activated August 7, 2009, is").0, "August 7, 2009");
}

#[test]
fn invalid_calendar_dates_are_not_days() {
    assert!(run("on February 30, 2023 x").iter().all(|d| d.2 != "day"));
    assert!(run("code 2023-13-45 x").is_empty());
}

#[test]
fn months_years_seasons_quarters() {
    assert_eq!(one("In April 2023 the").1, "2023-04");
    assert_eq!(one("in December of 2024, facilitating").1, "2024-12");
    assert_eq!(one("Established in 1953 through").1, "1953");
    assert_eq!(one("in spring 2024 they").1, "2024-SP");
    assert_eq!(one("in the summer of 2019 they").1, "2019-SU");
    assert_eq!(one("results for Q1 2024 show").1, "2024-Q1");
    assert_eq!(one("the third quarter of 2022 saw").1, "2022-Q3");
    assert_eq!(one("the FY2025 budget").1, "2025");
    assert_eq!(one("for fiscal year 2025 the").1, "2025");
    // Half years.
    assert_eq!(
        one("slipped to H1 2025 at"),
        ("H1 2025".into(), "2025-H1".into(), "half")
    );
    assert_eq!(one("in 2H 2024 the").1, "2024-H2");
    assert_eq!(one("by 2026 H2 the").1, "2026-H2");
    assert_eq!(
        one("in the second half of 2026 the"),
        ("second half of 2026".into(), "2026-H2".into(), "half")
    );
    assert_eq!(one("the first half of 1951 saw").1, "1951-H1");
    // Not half years: a heading tag, a flu strain.
    assert!(run("<h1>2025 review</h1>").iter().all(|d| d.2 != "half"));
    assert!(run("the H1N1 2009 pandemic").iter().all(|d| d.2 != "half"));
    // Across two calendar years.
    assert_eq!(
        one("a budget of A$52.6 billion (FY2023-24)"),
        ("FY2023-24".into(), "2023/2024".into(), "range")
    );
    assert_eq!(one("in FY 2024/2025 the").1, "2024/2025");
}

#[test]
fn decades_and_centuries() {
    assert_eq!(one("since the 1990s, the").1, "199X");
    assert_eq!(one("back in the '90s it").1, "199X");
    let (t, v, g) = one("of twenty-first-century geopolitics");
    assert_eq!(
        (t.as_str(), v.as_str(), g),
        ("twenty-first-century", "20XX", "century")
    );
    assert_eq!(one("21st-century challenges").1, "20XX");
    assert_eq!(one("the 19th century saw").1, "18XX");
    // Hyphens between the ordinal and `century` may stand free, up to
    // four: the pattern's reach stays bounded, so its gated search exact.
    assert_eq!(one("the 21st -  century").1, "20XX");
    assert_eq!(one("a 19th - - century house").1, "18XX");
    let five = run("a 19th - - - - - century house");
    assert!(five.iter().all(|d| d.2 != "century"), "{five:?}");
}

#[test]
fn ranges() {
    let (t, v, g) = one("Korean War (1950\u{2013}1953): After");
    assert_eq!(
        (t.as_str(), v.as_str(), g),
        ("1950\u{2013}1953", "1950/1953", "range")
    );
    assert_eq!(one("war (1950-53) ended").1, "1950/1953");
    assert_eq!(one("from 2010 to 2015 the").1, "2010/2015");
    assert_eq!(one("from 2010 to 2015 the").0, "2010 to 2015");
    assert_eq!(one("between 1950 and 1953, x").1, "1950/1953");
    assert_eq!(one("Modernization (1953\u{2013}1990s): The").1, "1953/199X");
    let (t, v, _) = one("Expansion (1990s\u{2013}Present): The");
    assert_eq!(
        (t.as_str(), v.as_str()),
        ("1990s\u{2013}Present", "199X/PRESENT_REF")
    );
    assert_eq!(one("from April 2023 to July 2024 it").1, "2023-04/2024-07");
}

#[test]
fn two_years_with_and_are_not_a_range_without_between() {
    assert_eq!(run("in 2010 and 2015 there were").len(), 2);
}

#[test]
fn relative_to_anchor_in_text() {
    let v = run("In 1953 the treaty was signed. Seventy years later, the alliance stands.");
    assert_eq!(
        v[1],
        ("Seventy years later".into(), "2023".into(), "relative")
    );
    let v = run("In 2010 it began. The following year it grew.");
    assert_eq!(v[1].1, "2011");
    let v = run("It was founded in 1990; a decade later it split.");
    assert_eq!(v[1].1, "2000");
    let v = run("The war ended in 1953. Two years after 1953 the pact held.");
    assert!(v.iter().any(|d| d.0 == "Two years after" && d.1 == "1955"));
}

#[test]
fn a_rate_is_not_a_relative_date() {
    let v = run("In 2020 it spent $4 billion a year on its bases.");
    assert!(!v.iter().any(|d| d.0.contains("year on")), "{v:?}");
    let v = run("The war ended in 1953. Sixty years on, the pact holds.");
    assert!(
        v.iter().any(|d| d.0 == "Sixty years on" && d.1 == "2013"),
        "{v:?}"
    );
}

#[test]
fn stretches_and_event_anchors_are_not_resolved() {
    // Counted from an event the text does not date.
    let v = run("It began in 2009. Two years after his diagnosis, he ran again.");
    assert!(!v.iter().any(|d| d.0.contains("years after")), "{v:?}");
    // `over the next decade` is a duration.
    let v = run("Sales grew in 2010 and will double over the next decade.");
    assert!(!v.iter().any(|d| d.0.contains("decade")), "{v:?}");
    let v = run("It opened in 2010. In the following year it doubled.");
    assert!(v
        .iter()
        .any(|d| d.0 == "the following year" && d.1 == "2011"));
}

#[test]
fn part_of_the_year_takes_the_narrative_year() {
    let v = run_opts(
        "The season began in December 2012 and peaked by the end of the year.",
        false,
        Some("2013-03-22"),
    );
    assert_eq!(
        v[1],
        ("the end of the year".into(), "2012".into(), "relative")
    );
    let v = run_opts(
        "Talks resume at the beginning of the year.",
        false,
        Some("2013-03-22"),
    );
    assert_eq!(v[0].1, "2013");
}

#[test]
fn anniversaries() {
    let v = run("In 1953 they signed. In commemorating the 70th Anniversary of the Alliance, they met. Ahead of its centennial they plan.");
    assert_eq!(v[1], ("70th Anniversary".into(), "2023".into(), "relative"));
    assert_eq!(v[2], ("centennial".into(), "2053".into(), "relative"));
    let v = run_opts(
        "Washington, 10 July 2024\n\nWe celebrate the 75th anniversary of the Alliance.",
        false,
        None,
    );
    // No founding year in the text: the anniversary being celebrated is
    // the document's year, never a guess from the dates around it (2099).
    let a = v
        .iter()
        .find(|d| d.0 == "75th anniversary")
        .expect("resolved");
    assert_eq!(a.1, "2024", "{v:?}");
    // Counted from a dated event right after it.
    let v = run_opts(
        "We marked the 20th anniversary of September 11, 2001 today.",
        false,
        Some("2021-09-11"),
    );
    let a = v
        .iter()
        .find(|d| d.0 == "20th anniversary")
        .expect("resolved");
    assert_eq!(a.1, "2021");
    // Dated by a year that modifies it.
    let v = run_opts(
        "It hosted the 1999 50th anniversary event.",
        false,
        Some("2024-07-05"),
    );
    let a = v
        .iter()
        .find(|d| d.0 == "50th anniversary")
        .expect("resolved");
    assert_eq!(a.1, "1999");
    let v = run(
        "The 2023 summit celebrated the 70th anniversary of the alliance. The 1953 treaty holds.",
    );
    let a = v.iter().find(|d| d.0 == "70th anniversary").unwrap();
    assert_eq!(a.1, "2023");
}

#[test]
fn deictic_needs_document_date() {
    assert!(run("Last year the budget grew.").is_empty());
    let v = run_opts(
        "Last year the budget grew. This month it fell.",
        false,
        Some("2025-11-19"),
    );
    assert_eq!(v[0].1, "2024");
    assert_eq!(v[1].1, "2025-11");
    let v = run_opts("It happened yesterday.", false, Some("2025-03-01"));
    assert_eq!(v[0].1, "2025-02-28");
    let v = run_opts("Three years ago it began.", false, Some("2025-03-01"));
    assert_eq!(v[0].1, "2022");
    // Months count from an anchor that names a month, never a bare year.
    let v = run_opts("Eighteen months ago we began.", false, Some("2023-03-14"));
    assert_eq!(
        (v[0].0.as_str(), v[0].1.as_str()),
        ("Eighteen months ago", "2021-09")
    );
    let v = run("The base opened in March 2020. Six months later it grew.");
    assert!(
        v.iter()
            .any(|d| d.0 == "Six months later" && d.1 == "2020-09"),
        "{v:?}"
    );
    let v = run("The base opened in 2020. Six months later it grew.");
    assert!(!v.iter().any(|d| d.0.contains("months")), "{v:?}");
    let v = run_opts("Eighteen months ago we began.", false, Some("2023"));
    assert!(v.is_empty(), "{v:?}");
    let v = run_opts(
        "The budget for this fiscal year grew.",
        false,
        Some("2013-03-22"),
    );
    assert_eq!(
        (v[0].0.as_str(), v[0].1.as_str()),
        ("this fiscal year", "2013")
    );
}

#[test]
fn news_style_references_resolve_against_document_date() {
    // 2013-03-22 was a Friday.
    let dd = Some("2013-03-22");
    let v = run_opts(
        "He spoke on Thursday and will return next Monday.",
        false,
        dd,
    );
    assert_eq!(v[0], ("Thursday".into(), "2013-03-21".into(), "day"));
    assert_eq!(v[1].1, "2013-03-25");
    let v = run_opts("It happened Friday.", false, dd);
    assert_eq!(v[0].1, "2013-03-22");
    let v = run_opts(
        "The vote is set for April 7 and Feb. 28 was quiet.",
        false,
        dd,
    );
    assert_eq!(
        (v[0].1.as_str(), v[1].1.as_str()),
        ("2013-04-07", "2013-02-28")
    );
    let v = run_opts(
        "It began in early December and peaked in August, then late last July.",
        false,
        dd,
    );
    assert_eq!(v[0], ("early December".into(), "2012-12".into(), "month"));
    assert_eq!(v[1].1, "2012-08");
    assert_eq!(v[2], ("late last July".into(), "2012-07".into(), "month"));
    let v = run_opts("Elections will be held in June, on Sunday.", false, dd);
    assert_eq!(
        (v[0].1.as_str(), v[1].1.as_str()),
        ("2013-06", "2013-03-24")
    );
    let v = run_opts("Prices rose last summer and again this week.", false, dd);
    assert_eq!(v[0].1, "2012-SU");
    assert_eq!(v[1].1, "2013-W12");
    // `May` the verb is not a month; no document date, no resolution.
    assert!(run_opts("Officials May decide.", false, dd).is_empty());
    assert!(run("He spoke on Thursday in August.").is_empty());
}

#[test]
fn iso_weeks() {
    assert_eq!(iso_week(civil(2013, 3, 22).unwrap()), (2013, 12));
    assert_eq!(iso_week(civil(2021, 1, 3).unwrap()), (2020, 53));
    assert_eq!(iso_week(civil(2024, 12, 30).unwrap()), (2025, 1));
}

#[test]
fn vague_only_on_request() {
    assert!(run("Today the alliance is strong, as in the past.").is_empty());
    let v = run_opts("Today the alliance is strong, as in the past.", true, None);
    assert_eq!(v[0].1, "PRESENT_REF");
    assert_eq!((v[1].0.as_str(), v[1].1.as_str()), ("the past", "PAST_REF"));
    assert_eq!(v[0].2, "vague");
}

#[test]
fn not_dates() {
    for text in [
        "No. 2025-27(S)",
        "English Summary of Asan Issue Brief (2025-23).",
        "approximately 28,500 troops",
        "missiles (KN-23, KN-24) and the B-21, F-16s and NC3",
        "a 2.8 percent defense budget",
        "the 11th meeting and the 4th round",
        "about 2000 troops were sent",
        "it cost $2024 million",
        "see page 1999 of the report",
        "UN Security Council Resolution 2397 imposed",
        "some 1200 soldiers",
        "grew by 2025% overnight",
        "Smith, pp. 1990-2005.",
        "see https://www.defense.gov/News/Releases/2023/04/26/ here",
    ] {
        assert!(run(text).is_empty(), "{text:?} gave {:?}", run(text));
    }
}

#[test]
fn year_in_name_is_still_a_date() {
    assert_eq!(one("the [1953 Mutual Defense Treaty](#), signed").0, "1953");
    assert_eq!(
        one("the 2024 U.S. Strategic Command Deterrence Essay Award").1,
        "2024"
    );
}

#[test]
fn garbage_lines_give_no_dates() {
    let t = "cli9nTEMCe91 (en t)11 (o the succe)3 (s)23.1 (sfui) 1.1 (. SgGS0 ge.BDC BT10 1995 0 10 72 677 Tm{(and impd17Ped lw i72 63\n";
    assert!(run(t).is_empty());
}

#[test]
fn document_date_from_dateline_or_byline() {
    let view = TextView::new("Title\n\nBy A. Writer\nNovember 19, 2025\n\nIn 1953 the treaty.");
    let mut facts = DocFacts::default();
    DateExtractor::new(false).extract(&view, &mut facts);
    assert_eq!(facts.doc_date.as_deref(), Some("2025-11-19"));
    let view = TextView::new("In 1953 the treaty was signed on 1 May 1953 in town.");
    let mut facts = DocFacts::default();
    DateExtractor::new(false).extract(&view, &mut facts);
    assert_eq!(facts.doc_date, None);
}

#[test]
fn news_dateline_gives_the_document_date() {
    let view = TextView::new(
        "# Title\n\nMANILA, Jan. 12, 2024 \u{2014} The two sides on Friday announced sites.",
    );
    let mut facts = DocFacts::default();
    DateExtractor::new(false).extract(&view, &mut facts);
    assert_eq!(facts.doc_date.as_deref(), Some("2024-01-12"));
    let fri = facts
        .dates
        .iter()
        .find(|d| d.rule == Rule::DateWeekday)
        .unwrap();
    assert_eq!(fri.value, "2024-01-12");
    let view =
        TextView::new("JOINT STATEMENT\nSeoul, November 13, 2023\n\n1. The meeting was held.");
    let mut facts = DocFacts::default();
    DateExtractor::new(false).extract(&view, &mut facts);
    assert_eq!(facts.doc_date.as_deref(), Some("2023-11-13"));
    let view = TextView::new("Title\n\nBy Staff Writer | June 26, 2023\n\nBody text.");
    let mut facts = DocFacts::default();
    DateExtractor::new(false).extract(&view, &mut facts);
    assert_eq!(facts.doc_date.as_deref(), Some("2023-06-26"));
    for header in [
        "Media release | 14 March 2023 | Prime Minister of Australia",
        "14 March 2023 \u{b7} Ministry of Defence \u{b7} News story",
    ] {
        let text = format!("Title\n\n{header}\n\nBody text.");
        let view = TextView::new(&text);
        let mut facts = DocFacts::default();
        DateExtractor::new(false).extract(&view, &mut facts);
        assert_eq!(facts.doc_date.as_deref(), Some("2023-03-14"), "{header}");
    }
    let text = "Summit Declaration\n\nIssued by the Heads of State and Government in \
                Washington, D.C. 10 July 2024\n\n1. We met.";
    let view = TextView::new(text);
    let mut facts = DocFacts::default();
    DateExtractor::new(false).extract(&view, &mut facts);
    assert_eq!(facts.doc_date.as_deref(), Some("2024-07-10"));
    let view = TextView::new("Notes | 14 March 2023 | the talks began and went on for hours");
    let mut facts = DocFacts::default();
    DateExtractor::new(false).extract(&view, &mut facts);
    assert_eq!(facts.doc_date.as_deref(), Some("2023-03-14"));
    let view = TextView::new("The talks, held January 12, 2024 - as planned - ended.");
    let mut facts = DocFacts::default();
    DateExtractor::new(false).extract(&view, &mut facts);
    assert_eq!(facts.doc_date, None);
}

#[test]
fn calendar_arithmetic() {
    assert_eq!(shift_day("2024-03-01", -1).unwrap(), "2024-02-29");
    assert_eq!(shift_day("2024-12-31", 1).unwrap(), "2025-01-01");
    assert_eq!(shift_month("2024-01", -1).unwrap(), "2023-12");
}

#[test]
fn doc_date_labels_file_is_well_formed_and_sorted() {
    let data = include_str!("../../data/doc_date_labels.csv");
    let rows = crate::testutil::sorted_rows("doc_date_labels.csv", data, "kind,label");
    assert_eq!(parse_labels(data).unwrap().len(), rows.len());
    assert!(parse_labels("kind,label\nsuffix,x\n").is_err());
}

/// One named case: a text (with the document date, if any) and every date
/// it must give, exactly, as (text, value, granularity): a new false
/// positive fails the case as surely as a miss.
struct Case {
    name: &'static str,
    text: &'static str,
    doc_date: Option<&'static str>,
    want: &'static [(&'static str, &'static str, &'static str)],
}

const fn t(
    name: &'static str,
    text: &'static str,
    doc_date: Option<&'static str>,
    want: &'static [(&'static str, &'static str, &'static str)],
) -> Case {
    Case {
        name,
        text,
        doc_date,
        want,
    }
}

const DD: Option<&str> = Some("2024-06-20"); // a Thursday

#[rustfmt::skip]
const CASES: &[Case] = &[
    t("iso_day", "The review closed on 2024-03-15 after two rounds.", None, &[("2024-03-15", "2024-03-15", "day")]),
    t("month_day_year", "The accord was signed on April 4, 2020, in Seoul.", None, &[("April 4, 2020", "2020-04-04", "day")]),
    t("ordinal_day", "Talks resumed on April 4th 2020 in Geneva.", None, &[("April 4th 2020", "2020-04-04", "day")]),
    t("day_month_year", "The exercise ended on 12 March 2023 at dawn.", None, &[("12 March 2023", "2023-03-12", "day")]),
    t("month_year", "Deployments peaked in June 2019 across the region.", None, &[("June 2019", "2019-06", "month")]),
    t("bare_year", "The base opened in 1987 near the coast.", None, &[("1987", "1987", "year")]),
    t("decade", "Tensions rose through the 1990s and beyond.", None, &[("1990s", "199X", "decade")]),
    t("century", "Alliances of the 21st century look different.", None, &[("21st century", "20XX", "century")]),
    t("year_range", "The war lasted from 1950 to 1953 on the peninsula.", None, &[("1950 to 1953", "1950/1953", "range")]),
    t("dash_range", "The 2010-2015 plan was shelved.", None, &[("2010-2015", "2010/2015", "range")]),
    t("fiscal_year", "Funding in FY2025 grew by a tenth.", None, &[("FY2025", "2025", "year")]),
    t("quarter", "Deliveries slip to Q3 2026 at the earliest.", None, &[("Q3 2026", "2026-Q3", "quarter")]),
    t("half_year", "Procurement resumes in H1 2025.", None, &[("H1 2025", "2025-H1", "half")]),
    t("season", "Troops rotated in the spring of 2022.", None, &[("spring of 2022", "2022-SP", "season")]),
    t("numeric_us_order", "The memo dated 11/19/2025 was leaked.", None, &[("11/19/2025", "2025-11-19", "day")]),
    t("day_range", "The summit ran July 11-12, 2024 in the capital.", None, &[("July 11-12, 2024", "2024-07-11/2024-07-12", "range")]),
    t("anniversary", "The alliance was founded in 1953. Leaders marked its 70th anniversary with a parade.", None, &[("1953", "1953", "year"), ("70th anniversary", "2023", "relative")]),
    t("years_later", "The treaty was signed in 1960. Thirty years later it was revised.", None, &[("1960", "1960", "year"), ("Thirty years later", "1990", "relative")]),
    t("counts_are_not_years", "Some 2024 soldiers and 1500 vehicles took part.", None, &[]),
    t("last_year", "The ministry said last year that budgets would grow.", DD, &[("last year", "2023", "relative")]),
    t("weekday_past", "Ministers met on Thursday to sign the plan.", DD, &[("Thursday", "2024-06-20", "day")]),
    t("weekday_future", "Ministers will meet on Friday to sign the plan.", DD, &[("Friday", "2024-06-21", "day")]),
    t("this_month", "Drills resume this month along the coast.", DD, &[("this month", "2024-06", "relative")]),
    t("years_ago", "Two years ago the base closed.", DD, &[("Two years ago", "2022", "relative")]),
    t("bare_month_past", "The carrier arrived in August with escorts.", DD, &[("August", "2023-08", "month")]),
    t("month_day_no_year", "The envoy landed on March 3 for talks.", DD, &[("March 3", "2024-03-03", "day")]),
    t("month_paired", "Between January and May 2024 the drills doubled.", DD, &[("January", "2024-01", "month"), ("May 2024", "2024-05", "month")]),
    t("this_week", "Officials met this week in the capital.", DD, &[("this week", "2024-W25", "relative")]),
    t("parenthetical_citations", "Bases shape local politics (Marlow, 2011; Ostrand 2016).", None, &[]),
    t("narrative_citation", "As Marlow (2011) argues, bases matter (Ostrand, 2016, p. 4).", None, &[]),
    t("a_named_treaty_year_is_a_date", "The Harbor Access Treaty (1961) still binds them (Marlow, 2011).", None, &[("1961", "1961", "year")]),
    t("reference_entry", "Marlow, K. (2011). Bases and Politics. Harbor Press.", None, &[]),
    t("a_month_in_parentheses_is_a_date", "The drill (May 2019) was short.", None, &[("May 2019", "2019-05", "month")]),
    t("a_name_and_year_without_citations_elsewhere", "As Marlow (2011) argued, the port grew.", None, &[("2011", "2011", "year")]),
    t("a_season_in_parentheses_is_a_date", "The course opens soon (Coming Summer 2025) online.", None, &[("Summer 2025", "2025-SU", "season")]),
    t("years_in_file_names_are_no_dates", "See Port_Visit_(PV)_2010_drill.jpg and https://example.org/2011/05/06/x for 2012.", None, &[("2012", "2012", "year")]),
    t("weekday_without_doc_date", "Ministers met on Thursday to sign the plan.", None, &[]),
];

#[test]
fn named_cases() {
    let mut failed = Vec::new();
    for c in CASES {
        let got = run_opts(c.text, false, c.doc_date);
        let want: Vec<(String, String, &str)> = c
            .want
            .iter()
            .map(|(t, v, g)| (t.to_string(), v.to_string(), *g))
            .collect();
        if got != want {
            failed.push(format!(
                "{}: {:?}\n  want {want:?}\n  got  {got:?}",
                c.name, c.text
            ));
        }
    }
    crate::testutil::assert_cases_pass(&failed);
}

#[test]
fn citation_years_are_found_and_titles_with_years_are_not() {
    fn years(text: &str) -> Vec<&str> {
        citation_years(text).into_iter().map(|r| &text[r]).collect()
    }
    assert_eq!(years("(Marlow, 2011; Ostrand 2016)"), ["2011", "2016"]);
    assert_eq!(
        years("(Kim et al. 2023) and (Lee and Park 2019)"),
        ["2023", "2019"]
    );
    assert_eq!(years("Marlow, K. (2011). Bases."), ["2011"]);
    assert!(years("(Coastal Zones 2025)").is_empty());
    assert!(years("(GATT 1994)").is_empty());
    assert!(years("(Coming Summer 2025)").is_empty());
    assert!(years("(May 2019)").is_empty());
}

/// A trigger word is found ASCII-case-insensitively, so the patterns match
/// their trigger words so too: `ſ` and the Kelvin sign, which Unicode case
/// folding reads as `s` and `k`, never make a gated match the trigger pass
/// cannot see.
#[test]
fn unicode_folds_of_trigger_words_stay_exact() {
    for text in [
        "the last wee\u{212a}s and this \u{17f}pring 2024",
        "ye\u{17f}terday, and the 70th anniver\u{17f}ary",
    ] {
        assert_gate_exact(text).expect("same matches");
    }
}

/// The dates of a batch whose patterns were searched ahead over every
/// document are those each document gets alone, front-matter dates,
/// given dates and none alike.
#[test]
fn dates_searched_ahead_over_a_batch_are_those_of_each_document_alone() {
    let texts = [
        "---\ndate: '2024-05-02'\ntitle: A release\n---\nOn Thursday the ministers met; \
         last March they had agreed, and next year they meet again. Two years ago, in \
         late 2021, the 75th anniversary passed.",
        "The summit of 12 March 2019 opened the year. The following week, on Monday, \
         the end of the year was set as the deadline.",
        "No date at all here, only words.",
        "---\ndate: 2023\n---\nIn the spring of 2022 and on May 3 they met.",
        "On Friday and next Tuesday, the third quarter of 2020 and FY2021 were reviewed.",
    ];
    let views: Vec<TextView<'_>> = texts.iter().map(|t| TextView::new(t)).collect();
    let given = [None, Some("2019-03-20"), Some("2020-01-01"), None, None];
    let start = |k: usize| DocFacts {
        front_matter: crate::metadata::front_matter(texts[k]),
        doc_date: given[k].map(str::to_string),
        ..DocFacts::default()
    };
    let extractor = DateExtractor::new(false);
    let alone: Vec<Vec<DateFact>> = (0..texts.len())
        .map(|k| {
            let mut facts = start(k);
            extractor.extract(&views[k], &mut facts);
            facts.dates
        })
        .collect();
    let refs: Vec<&TextView<'_>> = views.iter().collect();
    let starts: Vec<DocFacts> = (0..texts.len()).map(start).collect();
    let known: Vec<&DocFacts> = starts.iter().collect();
    let scans = extractor
        .scans_ahead(&refs, &known)
        .expect("dates scan ahead");
    for k in 0..texts.len() {
        let mut facts = start(k);
        extractor.extract_scanned(&views[k], &mut facts, &scans[k]);
        assert_eq!(facts.dates, alone[k], "document {k}");
        // Each document here has a date or none known beforehand and
        // none found later: no search ahead goes unused.
        assert_eq!(
            scans[k].ahead_left(),
            0,
            "document {k}: every search ahead used"
        );
    }
    assert!(
        alone.iter().map(Vec::len).sum::<usize>() > 10,
        "the texts hold dates"
    );
}
