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

use crate::model::Rule;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::extractor::Extractor;
use crate::gate::{self, Gated, Lane, Scan};
use crate::model::{DateFact, DocFacts};
use crate::model::{DocDateSource, Granularity};
use crate::numbers::{parse_any, parse_ordinal, NUMBER_WORD};
use crate::textview::{window_after, window_before, TextView};
use crate::triggers::dates::{
    ANNIVERSARY, CENTURY, DAY_WORD, DECADE, MONTH_NAME, MONTH_WORD, QUARTER, SEASON, WEEK, YEAR,
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

const MONTH: &str = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?-u:\b)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?-u:\b)\.?|(?:JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)\.)";
const WEEKDAY: &str = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+)";

/// One atomic pattern: its rule name and how to value a match.
struct Atomic {
    rule: Rule,
    re: Gated,
    value: fn(&Captures<'_>) -> Option<(String, Granularity)>,
}

struct Patterns {
    atomic: Vec<Atomic>,
    /// Text that, just before a year, makes it an identifier (`No. 2025`).
    id_before: Regex,
    /// Text that, just after a year, makes it a count (`2000 troops`).
    count_after: Regex,
    /// Range connectors between two dates (the gap text, whole).
    range_gap: Regex,
    /// `from` / `between` just before the first date of a range.
    range_lead: Regex,
    /// An open end of a range: `1990s–Present`.
    present_end: Regex,
    years_offset: Gated,
    the_next: Gated,
    deictic: Gated,
    /// `the end of the year`: the year of the surrounding narrative.
    year_part: Gated,
    /// `Friday`, `last Friday`, `next Monday`.
    weekday: Regex,
    /// `April 7`, `Feb. 28th` without a year.
    month_day: Gated,
    /// `August`, `early December`, `late last July`, `last June`.
    bare_month: Gated,
    /// `last summer`, `this spring`; `this week`, `the last week`.
    season_week: Gated,
    anniversary: Gated,
    vague: Regex,
    /// Future-tense cues in a sentence: bare months and weekdays then point
    /// forward from the document date.
    future: Regex,
}

/// Weekday names, Monday first.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// True for a capitalized word that opens a time, not a place: a month
/// (`December`, `Dec.`), a weekday, a season, a fiscal year's `FY`.
pub(crate) fn is_time_word(w: &str) -> bool {
    static MONTH_WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!("^{MONTH}$")).expect("valid regex"));
    WEEKDAYS.contains(&w)
        || MONTH_WORD.is_match(w)
        || matches!(w, "FY" | "Spring" | "Summer" | "Autumn" | "Fall" | "Winter")
}

/// Year, month and day of a day value (`2025-03-10`, or the start of a
/// range that opens with one).
fn ymd(value: &str) -> Option<(i32, u32, u32)> {
    Some((
        value.get(..4)?.parse().ok()?,
        value.get(5..7)?.parse().ok()?,
        value.get(8..10)?.parse().ok()?,
    ))
}

fn month_num(m: &str) -> Option<u32> {
    let m = m.trim_end_matches('.').to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| m.starts_with(n))
        .map(|i| i as u32 + 1)
}

fn valid_day(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1]
}

fn plausible_year(y: i32) -> bool {
    (1000..=2199).contains(&y)
}

fn day_value(y: &str, m: u32, d: &str) -> Option<(String, Granularity)> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    (plausible_year(y) && valid_day(y, m, d))
        .then(|| (format!("{y:04}-{m:02}-{d:02}"), Granularity::Day))
}

fn cap<'t>(c: &Captures<'t>, name: &str) -> &'t str {
    c.name(name).map_or("", |m| m.as_str())
}

/// The first of the alternative groups `names` that matched.
fn first_of<'t>(c: &Captures<'t>, names: &[&str]) -> Option<&'t str> {
    names.iter().map(|n| cap(c, n)).find(|s| !s.is_empty())
}

/// `mid-`, `pre-`, `post-`, `early-`, `late-` glued before a year.
static YEAR_PART_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^A-Za-z])(?:mid|pre|post|early|late)-$").expect("valid regex")
});

/// Prepositions that make `the next decade` a stretch of time.
static DURATION_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:over|for|within|throughout)\s+$").expect("valid regex")
});

/// A month name at the start of a text (`after March 1953`).
static MONTH_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s|$)")
        .expect("valid regex")
});

// Trigger families: every match of a gated pattern contains one of its
// families' words.

/// Month names exactly as [`MONTH`] spells them; literal enough for the
/// regex engine's own prefilter.
static MONTH_TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    let caps = MONTH_CAPS.replace("?P<month>", "?:");
    Regex::new(&format!(r"(?-u:\b)(?:{MONTH}|{caps})")).expect("valid regex")
});

/// Month abbreviations in capitals without a full stop (`09 SEP 2024`, as
/// official releases print them): only between a day and a year, where no
/// word (`MAY`, `MAR`) can be meant.
const MONTH_CAPS: &str = r"(?P<month>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)(?-u:\b)";

/// How far a gated match may reach from its trigger, in whitespace-separated
/// words: the longest, `the end of the year` and `one hundred twenty-five
/// years later`, need five before and none after.
const WORDS_BEFORE: usize = 12;
const WORDS_AFTER: usize = 6;

/// One document's date triggers: the trigger words and the month names.
#[cfg(test)]
fn scan(text: &str) -> Scan<'_> {
    scan_with(text, gate::hits(text, Lane::Dates))
}

/// [`scan`] from trigger hits already found.
fn scan_with(text: &str, mut hits: Vec<(std::ops::Range<usize>, u16)>) -> Scan<'_> {
    hits.extend(
        MONTH_TRIGGER
            .find_iter(text)
            .map(|m| (m.range(), MONTH_NAME)),
    );
    Scan::new(text, hits)
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |s: &str| Regex::new(s).expect("valid date regex");
    let gated = |re: Regex, triggers: u16| {
        if triggers == 0 {
            Gated::plain(re)
        } else {
            Gated::new(re, triggers, WORDS_BEFORE, WORDS_AFTER)
        }
    };
    let atomic = vec![
        // `November 19, 2025`, `Tuesday, Nov. 19th, 2025`.
        Atomic {
            rule: Rule::DateMonthDayYear,
            re: gated(
                re(&format!(
                    r"(?-u:\b){WEEKDAY}?{MONTH}\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>[0-9]{{4}})(?-u:\b)"
                )),
                MONTH_NAME,
            ),
            value: |c| day_value(cap(c, "year"), month_num(cap(c, "month"))?, cap(c, "day")),
        },
        // `19 November 2025`, `Tuesday 19th of November, 2025`.
        Atomic {
            rule: Rule::DateDayMonthYear,
            re: gated(
                re(&format!(
                    r"(?-u:\b){WEEKDAY}?(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+(?P<year>[0-9]{{4}})(?-u:\b)"
                )),
                MONTH_NAME,
            ),
            value: |c| day_value(cap(c, "year"), month_num(cap(c, "month"))?, cap(c, "day")),
        },
        // `09 SEP 2024`.
        Atomic {
            rule: Rule::DateDayMonthYear,
            re: gated(
                re(&format!(
                    r"(?-u:\b)(?P<day>[0-9]{{1,2}})\s+{MONTH_CAPS}\s+(?P<year>[0-9]{{4}})(?-u:\b)"
                )),
                MONTH_NAME,
            ),
            value: |c| day_value(cap(c, "year"), month_num(cap(c, "month"))?, cap(c, "day")),
        },
        // ISO 8601 `2025-08-22` (also with slashes).
        Atomic {
            rule: Rule::DateIso,
            re: gated(
                re(
                    r"(?-u:\b)(?P<year>[0-9]{4})([-/])(?P<m>[0-9]{2})([-/])(?P<day>[0-9]{2})(?-u:\b)",
                ),
                0,
            ),
            value: |c| day_value(cap(c, "year"), cap(c, "m").parse().ok()?, cap(c, "day")),
        },
        // Year first with dots, the East Asian style: `2024.08.19`,
        // `2024. 8. 19.`.
        Atomic {
            rule: Rule::DateNumericYearFirst,
            re: gated(
                re(
                    r"(?-u:\b)(?P<year>(?:19|20)[0-9]{2})\.\s?(?P<m>[0-9]{1,2})\.\s?(?P<day>[0-9]{1,2})(?-u:\b)\.?",
                ),
                0,
            ),
            value: |c| day_value(cap(c, "year"), cap(c, "m").parse().ok()?, cap(c, "day")),
        },
        // Numeric `11/19/2025`: month first (documented choice), unless
        // the first number cannot be a month (`31/03/2024`). With dots the
        // day comes first, as wherever that style is used (`31.03.2024`).
        Atomic {
            rule: Rule::DateNumeric,
            re: gated(
                re(
                    r"(?-u:\b)(?P<a>[0-9]{1,2})(?P<sep>[/.])(?P<b>[0-9]{1,2})(?:/|\.)(?P<year>(?:19|20)[0-9]{2})(?-u:\b)",
                ),
                0,
            ),
            value: |c| {
                let (a, b): (u32, u32) = (cap(c, "a").parse().ok()?, cap(c, "b").parse().ok()?);
                let day_first = cap(c, "sep") == "." || a > 12;
                let (m, d) = if day_first { (b, a) } else { (a, b) };
                // The two separators must agree (`1/2.2024` is no date).
                if c.get(0)?.as_str().matches(cap(c, "sep")).count() != 2 {
                    return None;
                }
                day_value(cap(c, "year"), m, &d.to_string())
            },
        },
        // Day ranges within a year: `July 11-12, 2024`, `April 22 to May 10,
        // 2025`, `11-12 July 2024`.
        Atomic {
            rule: Rule::DateDayRange,
            re: gated(
                re(&format!(
                    r"(?-u:\b)(?:{MONTH}\s+(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?\s*(?:-|to|through|until)\s*(?:{month2}\s+)?(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?,?|(?P<e1>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*|\s+(?:to|through|until)\s+)(?P<e2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+{month3},?)\s+(?P<year>[0-9]{{4}})(?-u:\b)",
                    month2 = MONTH.replace("?P<month>", "?P<month2>"),
                    month3 = MONTH.replace("?P<month>", "?P<month3>"),
                )),
                MONTH_NAME,
            ),
            value: |c| {
                let (m1, m2, d1, d2) = if cap(c, "month3").is_empty() {
                    let m1 = month_num(cap(c, "month"))?;
                    let m2 = c
                        .name("month2")
                        .map_or(Some(m1), |m| month_num(m.as_str()))?;
                    (m1, m2, cap(c, "d1"), cap(c, "d2"))
                } else {
                    let m = month_num(cap(c, "month3"))?;
                    (m, m, cap(c, "e1"), cap(c, "e2"))
                };
                let (from, _) = day_value(cap(c, "year"), m1, d1)?;
                let (to, _) = day_value(cap(c, "year"), m2, d2)?;
                (from < to).then(|| (format!("{from}/{to}"), Granularity::Range))
            },
        },
        // `April 2023`, `December of 2024`, `Sept. 2021`.
        Atomic {
            rule: Rule::DateMonthYear,
            re: gated(
                re(&format!(
                    r"(?-u:\b){MONTH},?\s+(?:of\s+)?(?P<year>[0-9]{{4}})(?-u:\b)"
                )),
                0,
            ),
            value: |c| {
                let y: i32 = cap(c, "year").parse().ok()?;
                let m = month_num(cap(c, "month"))?;
                plausible_year(y).then(|| (format!("{y:04}-{m:02}"), Granularity::Month))
            },
        },
        // `spring 2024`, `the summer of 2019`.
        Atomic {
            rule: Rule::DateSeason,
            re: gated(
                re(
                    r"(?i)(?-u:\b)(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?P<year>[0-9]{4})(?-u:\b)",
                ),
                0,
            ),
            value: |c| {
                let y: i32 = cap(c, "year").parse().ok()?;
                let s = match cap(c, "season").to_ascii_lowercase().as_str() {
                    "spring" => "SP",
                    "summer" => "SU",
                    "fall" | "autumn" => "FA",
                    _ => "WI",
                };
                plausible_year(y).then(|| (format!("{y}-{s}"), Granularity::Season))
            },
        },
        // `Q1 2024`, `2024 Q1`, `the first quarter of 2024`.
        Atomic {
            rule: Rule::DateQuarter,
            re: gated(
                re(
                    r"(?i)(?-u:\b)(?:Q(?P<q1>[1-4])\s*(?:of\s+)?(?:FY\s*)?(?P<y1>[0-9]{4})|(?P<y2>[0-9]{4})\s*-?\s*Q(?P<q2>[1-4])|(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?(?P<y3>[0-9]{4}))(?-u:\b)",
                ),
                QUARTER,
            ),
            value: |c| {
                let y: i32 = first_of(c, &["y1", "y2", "y3"])?.parse().ok()?;
                let q = match first_of(c, &["q1", "q2"]) {
                    Some(q) => q.parse().ok()?,
                    None => parse_ordinal(cap(c, "qw"))?,
                };
                plausible_year(y).then(|| (format!("{y}-Q{q}"), Granularity::Quarter))
            },
        },
        // Half years, as business and budget reporting names them: `H1 2025`,
        // `1H 2025`, `2025 H2`, `the first half of 2025` (TIMEX3 `2025-H1`).
        Atomic {
            rule: Rule::DateHalfYear,
            re: gated(
                re(
                    r"(?i)(?-u:\b)(?:(?:H(?P<h1>[12])|(?P<h2>[12])H)\s*(?:of\s+)?(?:FY\s*)?(?P<y1>[0-9]{4})|(?P<y2>[0-9]{4})\s*-?\s*H(?P<h3>[12])|(?P<hw>first|second|1st|2nd)\s+half\s+(?:of\s+)?(?P<y3>[0-9]{4}))(?-u:\b)",
                ),
                QUARTER,
            ),
            value: |c| {
                let y: i32 = first_of(c, &["y1", "y2", "y3"])?.parse().ok()?;
                let h: u64 = match first_of(c, &["h1", "h2", "h3"]) {
                    Some(h) => h.parse().ok()?,
                    None => parse_ordinal(cap(c, "hw"))?,
                };
                plausible_year(y).then(|| (format!("{y}-H{h}"), Granularity::Half))
            },
        },
        // Fiscal years `FY2025`, `FY 2025`, `FY25`, `fiscal year 2025`:
        // valued as the year they are named after (sortable), rule says fiscal.
        Atomic {
            rule: Rule::DateFiscalYear,
            re: gated(
                re(
                    r"(?-u:\b)(?:FY\s?-?(?P<y>[0-9]{4}|[0-9]{2})(?:[-\u{2013}/](?P<end>[0-9]{4}|[0-9]{2}))?|[Ff]iscal\s+[Yy]ear\s+(?P<y2>[0-9]{4}))(?-u:\b)",
                ),
                0,
            ),
            value: |c| {
                let raw = if cap(c, "y").is_empty() {
                    cap(c, "y2")
                } else {
                    cap(c, "y")
                };
                let mut y: i32 = raw.parse().ok()?;
                if raw.len() == 2 {
                    y += 2000;
                }
                if !plausible_year(y) {
                    return None;
                }
                // A fiscal year across two calendar years (`FY2023-24`, the
                // Australian and British style) is the span of both.
                match cap(c, "end") {
                    "" => Some((y.to_string(), Granularity::Year)),
                    end => {
                        let e: i32 = end.parse().ok()?;
                        let e = if end.len() == 2 { y / 100 * 100 + e } else { e };
                        (e == y + 1).then(|| (format!("{y}/{e}"), Granularity::Range))
                    }
                }
            },
        },
        // Decades `1990s`, `1990's`, `the '90s`.
        Atomic {
            rule: Rule::DateDecade,
            re: gated(
                re(r"(?:(?-u:\b)(?P<dec>[0-9]{3})0'?s|'(?P<short>[0-9])0s)(?-u:\b)"),
                0,
            ),
            value: |c| {
                if !cap(c, "dec").is_empty() {
                    let d: i32 = cap(c, "dec").parse().ok()?;
                    return plausible_year(d * 10).then(|| (format!("{d}X"), Granularity::Decade));
                }
                let d: i32 = cap(c, "short").parse().ok()?;
                // Two-digit decades: '00s–'20s are this century, the rest the last.
                let century = if d <= 2 { 20 } else { 19 };
                Some((format!("{century}{d}X"), Granularity::Decade))
            },
        },
        // Centuries `twenty-first-century`, `21st century`, `the 1900s` stays a decade.
        Atomic {
            rule: Rule::DateCentury,
            re: gated(
                re(&format!(
                    r"(?i)(?-u:\b)(?P<ord>[0-9]{{1,2}}(?:st|nd|rd|th)|(?:{NUMBER_WORD}-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth))[\s-]+century(?-u:\b)"
                )),
                CENTURY,
            ),
            value: |c| {
                let n = parse_ordinal(cap(c, "ord"))?;
                (1..=30)
                    .contains(&n)
                    .then(|| (format!("{:02}XX", n - 1), Granularity::Century))
            },
        },
        // A year on its own: `1953`, `in 2015`. Guarded by `is_year_context`.
        Atomic {
            rule: Rule::DateYear,
            re: gated(re(r"(?-u:\b)(?P<year>[0-9]{4})(?-u:\b)"), 0),
            value: |c| {
                let y: i32 = cap(c, "year").parse().ok()?;
                plausible_year(y).then(|| (y.to_string(), Granularity::Year))
            },
        },
        // Two-digit range end `1950-53`; with a slash only a span of two
        // years, a financial or academic year (`2023/24`), since `2023/12`
        // may be a month.
        Atomic {
            rule: Rule::DateYearRangeShort,
            re: gated(
                re(r"(?-u:\b)(?P<a>[0-9]{4})\s*(?P<sep>[-/])\s*(?P<b>[0-9]{2})(?-u:\b)"),
                0,
            ),
            value: |c| {
                let a: i32 = cap(c, "a").parse().ok()?;
                let b: i32 = cap(c, "b").parse().ok()?;
                let end = a / 100 * 100 + b;
                let fits = if cap(c, "sep") == "/" {
                    end == a + 1
                } else {
                    end > a
                };
                (plausible_year(a) && fits).then(|| (format!("{a}/{end}"), Granularity::Range))
            },
        },
    ];
    Patterns {
        atomic,
        id_before: re(
            r"(?i)(?:(?-u:\b)(?:no|nos|number|issue|vol|volume|resolution|report|flight|route|highway|model|series|type|code|section|article|page|pp?|h\.\s?r|s\.\s?res|order|unit|room|box|suite|ext|id)\.?\s*[:#]?\s*\(?|#\s*|\$\s*|[A-Za-z]-?|[0-9][.,]|[0-9]\s)$",
        ),
        count_after: re(
            r"(?i)^(?:\s*%|\s*(?:percent|per\s+cent)(?-u:\b)|-?\s*(?:troops|soldiers|personnel|people|persons|men|women|marines|sailors|airmen|service\s*members|members|staff|employees|workers|units|km|kilometers|kilometres|miles|meters|metres|feet|ft|tons|tonnes|kg|pounds|lbs|dollars|won|yen|euros|hours|hrs|rounds|missiles|aircraft|planes|jets|ships|vessels|vehicles|tanks|cases|votes|points|words|pages|GMT|UTC)(?-u:\b)|[A-Za-z(]|-[0-9]|,[0-9]{3})",
        ),
        range_gap: re(r"(?i)^(?:\s*-\s*|\s+(?:to|through|thru|until|till|and)\s+)$"),
        range_lead: re(r"(?i)(?-u:\b)(?:from|between)\s+$"),
        present_end: re(r"(?i)^\s*-\s*(?P<p>present|today|now)(?-u:\b)"),
        years_offset: gated(
            re(&format!(
                r"(?i)(?-u:\b)(?P<n>[0-9]{{1,3}}|{NUMBER_WORD}(?:[\s-]{NUMBER_WORD})*|a|an|one)\s+(?P<unit>years?|decades?|centuries|century|months?)\s+(?P<dir>later|after(?:wards?)?|earlier|before|ago|on)(?-u:\b)"
            )),
            YEAR | MONTH_WORD | DECADE | CENTURY,
        ),
        the_next: gated(
            re(
                r"(?i)(?-u:\b)the\s+(?P<dir>following|next|previous|preceding|prior|same)\s+(?P<unit>year|month|decade)(?-u:\b)",
            ),
            YEAR | MONTH_WORD | DECADE,
        ),
        deictic: gated(
            re(
                r"(?i)(?-u:\b)(?P<dir>last|this|next|past|previous|coming)\s+(?P<unit>(?:fiscal\s+)?year|month|decade)(?-u:\b)|(?-u:\b)(?P<day>yesterday|tomorrow)(?-u:\b)",
            ),
            YEAR | MONTH_WORD | DAY_WORD | DECADE,
        ),
        year_part: gated(
            re(
                r"(?i)(?-u:\b)the\s+(?:end|beginning|start|middle|close|turn)\s+of\s+(?:the\s+)?year(?-u:\b)",
            ),
            YEAR,
        ),
        weekday: re(
            r"(?-u:\b)(?:(?P<dir>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)",
        ),
        month_day: gated(
            re(&format!(
                r"(?-u:\b)(?:{MONTH}\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?(?-u:\b)|(?P<day2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month2})",
                month2 = MONTH.replace("?P<month>", "?P<month2>"),
            )),
            MONTH_NAME,
        ),
        bare_month: gated(
            re(&format!(
                r"(?-u:\b)(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[\s-]+)?(?:(?P<dir>[Ll]ast|[Nn]ext|[Tt]his)\s+)?{MONTH}"
            )),
            MONTH_NAME,
        ),
        season_week: gated(
            re(
                r"(?i)(?-u:\b)(?:the\s+)?(?P<dir>last|next|this|past|coming)\s+(?P<unit>spring|summer|fall|autumn|winter|week)(?-u:\b)",
            ),
            SEASON | WEEK,
        ),
        anniversary: gated(
            re(&format!(
                r"(?i)(?-u:\b)(?:(?P<ord>[0-9]{{1,3}}(?:st|nd|rd|th)|(?:{NUMBER_WORD}-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|twelfth|fifteenth|twentieth|twenty-fifth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|seventy-fifth|eightieth|ninetieth|hundredth))\s+anniversary|(?P<named>sesquicentennial|bicentennial|centennial|centenary|bicentenary))(?-u:\b)"
            )),
            ANNIVERSARY,
        ),
        // TimeML practice: noun phrases and deictic adverbs of the present
        // (`now`, `currently`, `today`), `the past`, `the future`, `at the
        // time`; not manner adverbs such as `recently`.
        vague: re(
            r"(?i)(?-u:\b)(?P<present>now|today|currently|nowadays|at present|presently|these days)(?-u:\b)|(?-u:\b)(?P<past>the past|at the time)(?-u:\b)|(?-u:\b)(?P<future>the future|the coming (?:years|months|weeks|decades)|the years to come|the decades to come)(?-u:\b)",
        ),
        future: re(
            r"(?i)(?-u:\b)(?:will|won't|shall|going to|scheduled|expected to|plans? to|due to|upcoming|set to|postponed until)(?-u:\b)|'ll(?-u:\b)",
        ),
    }
});

/// A candidate atomic date before overlap resolution.
#[derive(Debug, Clone)]
struct Cand {
    span: Range<usize>,
    value: String,
    granularity: Granularity,
    rule: Rule,
}

impl Extractor for DateExtractor {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts) {
        let text = view.norm();
        let p = &*PATTERNS;
        let scan = scan_with(text, gate::view_hits(view, Lane::Dates));
        let mut cands = atomic_candidates(&scan, p);
        cands.retain(|c| !view.in_noise(&c.span));
        let atoms = resolve_overlaps(cands);
        let mut dates = join_ranges(text, p, atoms);
        if facts.doc_date.is_none() && !facts.doc_date_settled {
            if let Some(d) = detect_doc_date(text, &dates) {
                facts.doc_date = Some(d);
                facts.doc_date_source = Some(DocDateSource::Header);
            }
        }
        let mut relative = relative_dates(view, &scan, p, &dates, facts.doc_date.as_deref());
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

/// A month-day without a year that a second day follows is a range in the
/// year it was given: `from March 10 to 20`, `March 10-20` (a range with
/// its year, `July 11-12, 2024`, is one atom already). Not when the second
/// number is a time (`10:30`), a month-day of its own, a count (`March 10
/// to 20 delegates`), or no later day.
fn extend_day_ranges(text: &str, dates: &mut [DateFact]) {
    static SECOND_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*(?:-|\u{2013}|to|through|until)\s*(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?(?-u:\b)",
        )
        .expect("valid regex")
    });
    let mut next_start = vec![text.len(); dates.len()];
    for i in 0..dates.len().saturating_sub(1) {
        next_start[i] = dates[i + 1].span.start;
    }
    for (d, next) in dates.iter_mut().zip(next_start) {
        if !matches!(d.rule, Rule::DateMonthDay | Rule::DateMonthDayInYear)
            || d.granularity != Granularity::Day
        {
            continue;
        }
        let Some(c) = SECOND_DAY.captures(&text[d.span.end..]) else {
            continue;
        };
        let whole = c.get(0).expect("group 0");
        let d2_end = d.span.end + whole.end();
        // `March 10 to 20 delegates`: a lower-case word after a number
        // joined by a word makes it a count; after a dash (`March 10-12
        // ended`) or before a function word (`to 20 in Seoul`) it is a day.
        let word: String = text[d2_end..]
            .trim_start()
            .chars()
            .take_while(|ch| ch.is_alphabetic())
            .collect();
        let dashed = whole.as_str().trim_start().starts_with(['-', '\u{2013}']);
        let counted = !dashed
            && word.starts_with(char::is_lowercase)
            && !matches!(
                word.as_str(),
                "in" | "at"
                    | "on"
                    | "and"
                    | "with"
                    | "for"
                    | "of"
                    | "the"
                    | "when"
                    | "while"
                    | "as"
            );
        // A time or a bigger number goes on after it (`10:30`, `20.5`,
        // `20,000`, `20%`).
        let after = &text.as_bytes()[d2_end..];
        let number_goes_on = after.first() == Some(&b'%')
            || (matches!(after.first(), Some(b':' | b'.' | b','))
                && after.get(1).is_some_and(u8::is_ascii_digit));
        if number_goes_on || counted || d2_end > next {
            continue;
        }
        let (Some(from), Ok(day2)) = (d.value.get(..10), c["d2"].parse::<u32>()) else {
            continue;
        };
        let Some((y, m, day1)) = ymd(from) else {
            continue;
        };
        if day2 <= day1 || !valid_day(y, m, day2) {
            continue;
        }
        d.value = format!("{from}/{y:04}-{m:02}-{day2:02}");
        d.granularity = Granularity::Range;
        d.span.end = d2_end;
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn atomic_candidates(scan: &Scan<'_>, p: &Patterns) -> Vec<Cand> {
    let text = scan.text;
    let mut out = Vec::new();
    for a in &p.atomic {
        for c in scan.captures(&a.re) {
            let m = c.get(0).expect("group 0");
            let Some((value, granularity)) = (a.value)(&c) else {
                continue;
            };
            if matches!(
                a.rule,
                Rule::DateYear | Rule::DateYearRangeShort | Rule::DateIso
            ) && !is_year_context(text, m.start(), m.end(), p, a.rule)
            {
                continue;
            }
            out.push(Cand {
                span: m.start()..m.end(),
                value,
                granularity,
                rule: a.rule,
            });
        }
    }
    out
}

/// Guards bare numbers that look like years: report numbers (`No. 2025-27(S)`,
/// `Brief (2025-23)`), counts (`2000 troops`, `1,953`), money, designators
/// (`KF-2025`), and weak years before 1500 without a cue.
fn is_year_context(text: &str, start: usize, end: usize, p: &Patterns, rule: Rule) -> bool {
    let before = window_before(text, start, 24);
    let after = window_after(text, end, 24);
    // `mid-2026`, `pre-1950`: a part of the year, not a designator.
    if p.id_before.is_match(before) && !YEAR_PART_PREFIX.is_match(before) {
        return false;
    }
    // The second number of a pair (`pp. 1990-2005`, `No. 2001-2003`) is
    // whatever the first one is.
    let b = before.as_bytes();
    let trimmed = before.trim_end().trim_end_matches('-').trim_end();
    if trimmed.len() < before.len() && before.trim_end().ends_with('-') {
        let t = trimmed.as_bytes();
        if t.len() >= 4 && t[t.len() - 4..].iter().all(u8::is_ascii_digit) {
            let first_end = start - (b.len() - t.len());
            let first_start = first_end - 4;
            if p.id_before.is_match(window_before(text, first_start, 24)) {
                return false;
            }
        }
    }
    if rule == Rule::DateIso {
        return true;
    }
    // A number glued to what follows (`2025-27(S)`, `2025-23)` read as an
    // identifier, `2025s`) is not a year.
    if rule == Rule::DateYearRangeShort {
        return !after.starts_with(|c: char| c.is_alphanumeric() || c == '(' || c == '-');
    }
    if p.count_after.is_match(after) {
        // `1953-1990s` and `1950-1953` are ranges, handled by their own pass:
        // a following `-` plus a four-digit year or decade is fine.
        let range_follows = after
            .trim_start()
            .strip_prefix('-')
            .map(str::trim_start)
            .is_some_and(|r| r.len() >= 4 && r.as_bytes()[..4].iter().all(u8::is_ascii_digit));
        if !range_follows {
            return false;
        }
    }
    let y: i32 = text[start..end].parse().unwrap_or(0);
    if y < 1500 {
        let cue = before.trim_end().to_ascii_lowercase();
        return ["in", "since", "year", "by", "of", "circa", "c.", "ad"]
            .iter()
            .any(|w| cue.ends_with(w));
    }
    true
}

/// Keeps the longest candidate wherever candidates overlap (earlier start
/// breaks ties), so `2025-08-22` beats the year `2025` inside it.
fn resolve_overlaps(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        (b.span.len(), a.span.start, a.rule).cmp(&(a.span.len(), b.span.start, b.rule))
    });
    let mut taken = crate::extractor::SpanSet::default();
    let mut kept: Vec<Cand> = cands
        .into_iter()
        .filter(|c| taken.insert(&c.span))
        .collect();
    kept.sort_by_key(|c| c.span.start);
    kept
}

/// Joins neighbouring dates into ranges and turns kept candidates into facts.
fn join_ranges(text: &str, p: &Patterns, atoms: Vec<Cand>) -> Vec<DateFact> {
    let mut out: Vec<DateFact> = Vec::new();
    let mut i = 0;
    while i < atoms.len() {
        let a = &atoms[i];
        if let Some(b) = atoms.get(i + 1) {
            let gap = &text[a.span.end..b.span.start];
            let lead = window_before(text, a.span.start, 12);
            let needs_lead = !gap.trim().starts_with('-');
            let has_lead = p.range_lead.is_match(lead);
            let between_and = gap.trim().eq_ignore_ascii_case("and");
            let lead_fits = if between_and {
                has_lead && lead.to_ascii_lowercase().trim_end().ends_with("between")
            } else {
                !needs_lead || has_lead
            };
            if p.range_gap.is_match(gap)
                && lead_fits
                && a.granularity != Granularity::Range
                && b.granularity != Granularity::Range
                && sort_key(&a.value) < sort_key_end(&b.value)
            {
                out.push(DateFact {
                    span: a.span.start..b.span.end,
                    value: format!("{}/{}", a.value, b.value),
                    granularity: Granularity::Range,
                    anchor_value: String::new(),
                    anchor_span: None,
                    rule: Rule::DateRange,
                    subject: String::new(),
                    subject_type: "",
                });
                i += 2;
                continue;
            }
        }
        if let Some(m) = p.present_end.captures(&text[a.span.end..]) {
            let whole = m.get(0).expect("group 0");
            out.push(DateFact {
                span: a.span.start..a.span.end + whole.end(),
                value: format!("{}/PRESENT_REF", a.value),
                granularity: Granularity::Range,
                anchor_value: String::new(),
                anchor_span: None,
                rule: Rule::DateRangeOpen,
                subject: String::new(),
                subject_type: "",
            });
            i += 1;
            continue;
        }
        out.push(DateFact {
            span: a.span.clone(),
            value: a.value.clone(),
            granularity: a.granularity,
            anchor_value: String::new(),
            anchor_span: None,
            rule: a.rule,
            subject: String::new(),
            subject_type: "",
        });
        i += 1;
    }
    out
}

/// Sort key of a value's start: `199X` sorts as 1990.
fn sort_key(v: &str) -> String {
    v.replace('X', "0")
}

/// Sort key of a value's end: `199X` sorts as 1999.
fn sort_key_end(v: &str) -> String {
    v.replace('X', "9")
}

/// The document date: the first full date (or month) standing alone on a
/// line near the top, as datelines and bylines print it.
fn detect_doc_date(text: &str, dates: &[DateFact]) -> Option<String> {
    const HEAD: usize = 1500;
    const PREFIXES: [&str; 14] = [
        "debated on",
        "last updated",
        "published",
        "published on",
        "updated",
        "updated on",
        "posted",
        "posted on",
        "date",
        "dated",
        "released",
        "released on",
        "delivered on",
        "issued on",
    ];
    dates
        .iter()
        .filter(|d| {
            d.span.start < HEAD && matches!(d.granularity, Granularity::Day | Granularity::Month)
        })
        .find(|d| {
            let line_start = text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
            // A table row's date dates its row, not the document.
            if text[line_start..].trim_start().starts_with('|') {
                return false;
            }
            let line_end = text[d.span.end..]
                .find('\n')
                .map_or(text.len(), |i| d.span.end + i);
            let before = text[line_start..d.span.start]
                .trim()
                .trim_end_matches(':')
                .to_ascii_lowercase();
            let after = text[d.span.end..line_end].trim();
            // A date alone on its line, maybe after `Published:` or a place
            // (`Seoul, November 13, 2023`).
            let place_only = before.ends_with(',')
                && before.split_whitespace().count() <= 6
                && text[line_start..d.span.start]
                    .split_whitespace()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase()));
            // A byline: `By Staff Reporter | June 26, 2023`, `*By Anna
            // Kowalska, Brussels, 26 June 2025*`.
            let by = text[line_start..d.span.start]
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .strip_prefix("By ")
                .is_some_and(|name| name.starts_with(|c: char| c.is_uppercase()));
            // A header line of fields (`Policy Analysis | Institute for
            // National Security Strategy | Seoul | 12 December 2024`), the
            // date maybe between two (`Media release | 14 March 2023 |
            // Prime Minister`).
            // (The view has already folded `·` and `•` to `*`.)
            const SEPARATORS: [char; 2] = ['|', '*'];
            // The date's field may hold its time too (`| 2025-04-02
            // 09:15:33 | Editor: ...`).
            let field_after = strip_clock(after).starts_with(SEPARATORS);
            let fields = (before.ends_with(SEPARATORS) || (before.is_empty() && field_after))
                && before.split_whitespace().count() + after.split_whitespace().count() <= 14;
            let byline = fields
                || (by && before.ends_with([',', '-']) && before.split_whitespace().count() <= 8);
            // `Data as of 31 March 2024.` labels the whole document; a
            // caption (`Troop strength (as of September 2024):`) only what
            // follows it.
            let data_as_of = matches!(
                before.trim_start_matches(['*', '_', '#', ' ']),
                "as of" | "data as of" | "current as of" | "information as of" | "figures as of"
            );
            let prefixed = data_as_of || PREFIXES.iter().any(|p| before.ends_with(p));
            // `Delivered on 18 June 2024. (Transcript ...)`: a short label
            // line may go on after its sentence ends.
            let label_sentence =
                prefixed && before.split_whitespace().count() <= 3 && after.starts_with('.');
            // A header label line that ends with the date: `Issued by NATO
            // Heads of State ... in Washington, D.C. 10 July 2024`.
            let label_line = [
                "issued ",
                "published ",
                "released ",
                "posted ",
                "delivered ",
            ]
            .iter()
            .any(|l| before.starts_with(l))
                && before.split_whitespace().count() <= 30
                && after.trim_end_matches(['.', '*']).is_empty();
            // A shouted title line that ends with the date: `CONTRACTS FOR
            // JAN. 17, 2025`, `PRESS BRIEFING, MARCH 3, 2025`.
            let title_line = text[..line_start].trim().is_empty()
                && d.granularity == Granularity::Day
                && after.is_empty()
                && !text[line_start..d.span.end].contains(char::is_lowercase);
            // `Posted On: 09 SEP 2024 11:05AM by PIB Delhi`: a labelled
            // date may go on with its time and who posted it.
            static CLOCK_BY: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"^[0-2]?[0-9][:.][0-5][0-9]\s*(?:[AaPp]\.?[Mm]\.?)?\s+by\s+[A-Z]")
                    .expect("valid regex")
            });
            let posted_by = prefixed && CLOCK_BY.is_match(after);
            let alone =
                (before.is_empty() || place_only || byline || prefixed || label_line || title_line)
                    && (after.is_empty()
                        || after.len() <= 12
                        || is_clock_time(after)
                        || posted_by
                        || label_sentence
                        || (fields && field_after));
            // A news dateline: `MANILA, Jan. 12, 2024 - The ...` (a place in
            // capitals, the date, maybe the agency, then a dash).
            let place = text[line_start..d.span.start].trim().trim_end_matches(',');
            let dateline = !place.is_empty()
                && place.len() <= 40
                && place
                    .split([',', ' ', '/'])
                    .filter(|w| !w.is_empty())
                    .all(|w| {
                        w.len() <= 2 || w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
                    })
                && after
                    .strip_prefix('(')
                    .and_then(|a| a.split_once(')'))
                    .map_or(after, |(_, rest)| rest.trim_start())
                    .starts_with('-');
            alone || dateline
        })
        .map(|d| d.value.clone())
}

/// `after` without a leading time of day (`09:15:33 `, `14:30`).
fn strip_clock(after: &str) -> &str {
    static LEADING_CLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[0-2]?[0-9]:[0-5][0-9](?::[0-5][0-9])?\s*").expect("valid regex")
    });
    LEADING_CLOCK
        .find(after)
        .map_or(after, |m| &after[m.end()..])
}

/// What may follow a header date: a time of day with its zone (`, 06:12
/// PM IST*`, `at 14:30 GMT`, `| 9:00 a.m. ET`), the line's closing
/// emphasis mark included.
fn is_clock_time(after: &str) -> bool {
    static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[,|*-]\s*|at\s+)?[0-2]?[0-9][:.][0-5][0-9](?:\s*(?:[AaPp]\.?[Mm]\.?))?(?:\s*\(?[A-Z]{1,5}(?:[+-][0-9]{1,2})?\)?)?\s*\**$")
            .expect("valid regex")
    });
    CLOCK.is_match(after)
}

fn year_of(value: &str) -> Option<i32> {
    let v = value.split('/').next_back()?;
    v.get(..4)?.parse().ok()
}

fn relative_fact(
    span: Range<usize>,
    value: String,
    anchor: &str,
    anchor_span: Option<Range<usize>>,
    rule: Rule,
) -> DateFact {
    DateFact {
        span,
        value,
        granularity: Granularity::Relative,
        anchor_value: anchor.to_string(),
        anchor_span,
        rule,
        subject: String::new(),
        subject_type: "",
    }
}

/// Month and day of a `month_day` match (`December 14` or `14 December`);
/// None when a year follows (a full date, found elsewhere).
fn month_day_parts(text: &str, c: &Captures<'_>) -> Option<(u32, u32)> {
    let m = c.get(0).expect("group 0");
    let rest = window_after(text, m.end(), 8).trim_start_matches([',', ' ']);
    if rest.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let (month, day) = match c.name("month2") {
        Some(m) => (m.as_str(), cap(c, "day2")),
        None => (cap(c, "month"), cap(c, "day")),
    };
    Some((month_num(month)?, day.parse().ok()?))
}

/// Relative expressions, resolved against the nearest explicit date before
/// them or against the document date.
fn relative_dates(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    p: &Patterns,
    dates: &[DateFact],
    doc_date: Option<&str>,
) -> Vec<DateFact> {
    let text = view.norm();
    let mut out = Vec::new();
    let explicit: Vec<&DateFact> = dates
        .iter()
        .filter(|d| year_of(&d.value).is_some())
        .collect();
    // Explicit dates do not overlap, so their ends are sorted: binary search.
    let anchor_before = |pos: usize| {
        let i = explicit.partition_point(|d| d.span.end <= pos);
        i.checked_sub(1).map(|i| explicit[i])
    };

    for c in scan.captures(&p.years_offset) {
        let m = c.get(0).expect("group 0");
        if view.in_noise(&(m.start()..m.end())) {
            continue;
        }
        let Some(n) =
            parse_any(cap(&c, "n")).or(match cap(&c, "n").to_ascii_lowercase().as_str() {
                "a" | "an" | "one" => Some(1),
                _ => None,
            })
        else {
            continue;
        };
        let unit = cap(&c, "unit").to_ascii_lowercase();
        let months = unit.starts_with("month");
        let years = n as i32
            * if unit.starts_with("decade") {
                10
            } else if unit.starts_with("centur") {
                100
            } else {
                1
            };
        let dir = cap(&c, "dir").to_ascii_lowercase();
        let sign = if dir.starts_with("later") || dir.starts_with("after") || dir == "on" {
            1
        } else {
            -1
        };
        // `$4.5 billion a year on its posture`: `on` is adverbial (`sixty
        // years on, ...`) only where the phrase ends.
        if dir == "on"
            && window_after(text, m.end(), 4)
                .trim_start_matches(' ')
                .starts_with(|c: char| c.is_alphanumeric())
        {
            continue;
        }
        // `two years after his diagnosis` counts from an event the text
        // does not date: only `after 1953` or an adverbial `later` can be
        // resolved.
        if (dir.starts_with("after") && dir != "afterwards" && dir != "afterward")
            || dir == "before"
        {
            let next = window_after(text, m.end(), 24).trim_start();
            let dated = next.starts_with(|c: char| c.is_ascii_digit())
                || MONTH_START.is_match(next)
                || !next.starts_with(|c: char| c.is_alphanumeric());
            if !dated {
                continue;
            }
        }
        let (anchor_value, anchor_span) = if dir == "ago" {
            match doc_date {
                Some(d) => (d.to_string(), None),
                None => continue,
            }
        } else {
            match anchor_before(m.start()) {
                Some(a) => (a.value.clone(), Some(a.span.clone())),
                None => continue,
            }
        };
        // Months count from an anchor that names its month (`eighteen
        // months ago` in a dated statement); on a bare year they would
        // invent precision.
        let value = if months {
            match anchor_value
                .get(..7)
                .filter(|m| m.as_bytes().get(4) == Some(&b'-'))
            {
                Some(month) => match shift_month(month, sign * n as i32) {
                    Some(v) => v,
                    None => continue,
                },
                None => continue,
            }
        } else {
            let Some(y) = year_of(&anchor_value) else {
                continue;
            };
            (y + sign * years).to_string()
        };
        out.push(relative_fact(
            m.start()..m.end(),
            value,
            &anchor_value,
            anchor_span,
            Rule::DateRelativeOffset,
        ));
    }

    for c in scan.captures(&p.the_next) {
        let m = c.get(0).expect("group 0");
        // `over the next decade`, `for the following year`: a stretch of
        // time (a duration in TIMEX3), not a point to date.
        if DURATION_LEAD.is_match(window_before(text, m.start(), 24)) {
            continue;
        }
        let Some(a) = anchor_before(m.start()) else {
            continue;
        };
        let unit = cap(&c, "unit").to_ascii_lowercase();
        let step = match cap(&c, "dir").to_ascii_lowercase().as_str() {
            "following" | "next" => 1,
            "same" => 0,
            _ => -1,
        };
        let value = match unit.as_str() {
            "year" => year_of(&a.value).map(|y| (y + step).to_string()),
            "decade" => year_of(&a.value).map(|y| format!("{}X", (y / 10 + step))),
            _ => shift_month(&a.value, step),
        };
        if let Some(value) = value {
            out.push(relative_fact(
                m.start()..m.end(),
                value,
                &a.value,
                Some(a.span.clone()),
                Rule::DateRelativeNext,
            ));
        }
    }

    if let Some(dd) = doc_date {
        for c in scan.captures(&p.deictic) {
            let m = c.get(0).expect("group 0");
            let value = if !cap(&c, "day").is_empty() {
                let step = if cap(&c, "day").eq_ignore_ascii_case("yesterday") {
                    -1
                } else {
                    1
                };
                shift_day(dd, step)
            } else {
                let step = match cap(&c, "dir").to_ascii_lowercase().as_str() {
                    "last" | "past" | "previous" => -1,
                    "this" => 0,
                    _ => 1,
                };
                // `the past year` and `the coming year` are durations, not dates.
                let before = window_before(text, m.start(), 16)
                    .trim_end()
                    .to_ascii_lowercase();
                if before.ends_with("the") && step != 0 {
                    continue;
                }
                let unit = cap(&c, "unit").to_ascii_lowercase();
                if unit.ends_with("year") {
                    year_of(dd).map(|y| (y + step).to_string())
                } else if unit == "decade" {
                    // `this decade` -> 202X, `the next decade` is a span.
                    year_of(dd).map(|y| format!("{}X", y / 10 + step))
                } else {
                    shift_month(dd, step)
                }
            };
            if let Some(value) = value {
                out.push(relative_fact(
                    m.start()..m.end(),
                    value,
                    dd,
                    None,
                    Rule::DateDeictic,
                ));
            }
        }
    }

    // `1951 - The treaty is signed on August 30`, `In 2019, talks began on
    // March 3`: a month-day without a year takes the year that opens its
    // sentence, before the document's.
    // One search serves both readings of a month-day.
    let month_days = scan.captures(&p.month_day);
    let mut taken: Vec<Range<usize>> = Vec::new();
    for c in &month_days {
        let m = c.get(0).expect("group 0");
        let Some((month, day)) = month_day_parts(text, c) else {
            continue;
        };
        let sentence = view.sentence_of(m.start());
        let Some(a) = anchor_before(m.start()).filter(|a| a.span.start >= sentence.start) else {
            continue;
        };
        let lead = text[sentence.start..a.span.start]
            .trim_matches(|ch: char| !ch.is_alphanumeric())
            .to_ascii_lowercase();
        let opens = matches!(lead.as_str(), "" | "in" | "on" | "by" | "during");
        let set_off = text[a.span.end..]
            .trim_start_matches(' ')
            .starts_with([',', '-', ':']);
        let Some(y) = year_of(&a.value).filter(|_| opens && set_off) else {
            continue;
        };
        if !valid_day(y, month, day) {
            continue;
        }
        let mut f = relative_fact(
            m.start()..m.end(),
            format!("{y:04}-{month:02}-{day:02}"),
            &a.value,
            Some(a.span.clone()),
            Rule::DateMonthDayInYear,
        );
        f.granularity = Granularity::Day;
        taken.push(f.span.clone());
        out.push(f);
    }

    if let Some(dd) = doc_date.filter(|d| d.len() >= 10) {
        out.extend(
            calendar_relative(view, scan, p, &month_days, dd)
                .into_iter()
                .filter(|f| !taken.iter().any(|t| overlaps(t, &f.span))),
        );
        out.extend(days_of_month(view, dd));
    }

    // `the end of the year`: the year of the latest date in this or the
    // previous sentence (resolved ones included: `early December`), else
    // the document's year.
    let mut anchors: Vec<(Range<usize>, String)> = explicit
        .iter()
        .map(|d| (d.span.clone(), d.value.clone()))
        .chain(out.iter().map(|d| (d.span.clone(), d.value.clone())))
        .filter(|(_, v)| year_of(v).is_some())
        .collect();
    anchors.sort_by_key(|(s, _)| s.end);
    for m in scan
        .captures(&p.year_part)
        .iter()
        .map(|c| c.get(0).expect("group 0"))
    {
        let sentence = view.sentence_index(m.start());
        let from = view.sentences()[sentence.saturating_sub(1)].start;
        let i = anchors.partition_point(|(s, _)| s.end <= m.start());
        let anchor = i
            .checked_sub(1)
            .map(|i| &anchors[i])
            .filter(|(s, _)| s.start >= from);
        let (value, anchor_span) = match (anchor, doc_date) {
            (Some((s, v)), _) => (v.clone(), Some(s.clone())),
            (None, Some(d)) => (d.to_string(), None),
            (None, None) => continue,
        };
        let Some(y) = year_of(&value) else { continue };
        out.push(relative_fact(
            m.start()..m.end(),
            y.to_string(),
            &value,
            anchor_span,
            Rule::DateYearPart,
        ));
    }

    // Anniversaries: the Nth anniversary of something founded in year A is
    // A+N. Prefer a year Y written nearby when Y-N is also a year of the text;
    // otherwise take A as the earliest year written before the mention.
    let years: std::collections::HashSet<i32> = explicit
        .iter()
        .filter(|d| d.granularity == Granularity::Year)
        .filter_map(|d| year_of(&d.value))
        .collect();
    let mut first_span_of_year: std::collections::HashMap<i32, Range<usize>> =
        std::collections::HashMap::new();
    for d in explicit.iter().rev() {
        if let Some(y) = year_of(&d.value) {
            first_span_of_year.insert(y, d.span.clone());
        }
    }
    // Earliest year written before each explicit date (prefix minimum).
    let mut prefix_min: Vec<Option<i32>> = Vec::with_capacity(explicit.len());
    let mut running: Option<i32> = None;
    for d in &explicit {
        running = match (running, year_of(&d.value)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        prefix_min.push(running);
    }
    let mut last_anchor: Option<i32> = None;
    let doc_year = doc_date.and_then(year_of);
    for c in scan.captures(&p.anniversary) {
        let m = c.get(0).expect("group 0");
        let n = match cap(&c, "named").to_ascii_lowercase().as_str() {
            "centennial" | "centenary" => 100,
            "bicentennial" | "bicentenary" => 200,
            "sesquicentennial" => 150,
            _ => match parse_ordinal(cap(&c, "ord")) {
                Some(n) => n as i32,
                None => continue,
            },
        };
        // Years written in this sentence or the one before.
        let sentence = view.sentence_index(m.start());
        let window_start = view.sentences()[sentence.saturating_sub(1)].start;
        let window_end = view.sentences()[sentence].end;
        let from = explicit.partition_point(|d| d.span.start < window_start);
        let to = explicit.partition_point(|d| d.span.start < window_end);
        // A guessed founding year must come before the document: the
        // `75th anniversary` in a statement dated 10 July 2024 is not 2099.
        let before_doc = |a: &i32| doc_year.is_none_or(|d| *a < d);
        let founded = explicit[from..to]
            .iter()
            .filter_map(|d| year_of(&d.value))
            .find(|&y| years.contains(&(y - n)))
            .map(|y| y - n)
            .or(last_anchor.filter(before_doc))
            .or_else(|| {
                let before = explicit.partition_point(|d| d.span.end <= m.start());
                before
                    .checked_sub(1)
                    .and_then(|i| prefix_min[i])
                    .filter(before_doc)
            });
        let Some(a) = founded else { continue };
        last_anchor = Some(a);
        out.push(relative_fact(
            m.start()..m.end(),
            (a + n).to_string(),
            &a.to_string(),
            first_span_of_year.get(&a).cloned(),
            Rule::DateAnniversary,
        ));
    }
    out
}

/// Weekdays, months without a year, month-days without a year, seasons and
/// weeks, resolved against a day-precise document date the way news text
/// uses them: a bare past-leaning reference means the latest such day or
/// month on or before the document date.
/// A day of the document's month named by its ordinal alone, as
/// translated Korean and Japanese releases write it: `announced on the
/// 19th`, `from the 19th to the 29th`. Only after a preposition and before
/// punctuation or a function word, so `the 19th Infantry Division` and `the
/// 19th century` stay out.
fn days_of_month(view: &TextView<'_>, dd: &str) -> Vec<DateFact> {
    // What may follow the ordinal.
    static NEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:\s*[,.;:)]|\s+(?:that|to|and|at|in|with|when|as|through|until)(?-u:\b)|\s*$)",
        )
        .expect("valid regex")
    });
    const LEADS: [&str; 8] = [
        "on", "from", "to", "until", "till", "since", "by", "through",
    ];
    let (Some(y), Some(m)) = (
        dd.get(..4).and_then(|v| v.parse::<i32>().ok()),
        dd.get(5..7).and_then(|v| v.parse::<u32>().ok()),
    ) else {
        return Vec::new();
    };
    let text = view.norm();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // Each `the ` followed by a digit: most texts have none, and the few
    // are read by hand rather than by a search over the whole text.
    static THE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("the "));
    for i in THE.find_iter(bytes) {
        let start = i + 4;
        let digits = bytes[start..]
            .iter()
            .take(3)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(1..=2).contains(&digits) {
            continue;
        }
        let end = start + digits + 2;
        let suffix = text.get(start + digits..end);
        if !matches!(suffix, Some("st" | "nd" | "rd" | "th"))
            || bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        // `the` must stand as a word after one of the leading prepositions.
        let before = text[..i].trim_end_matches(' ');
        let lead = before
            .rsplit(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric()
            || !LEADS.contains(&lead)
            || !NEXT.is_match(&text[end..])
        {
            continue;
        }
        let Ok(day) = text[start..start + digits].parse::<u32>() else {
            continue;
        };
        if valid_day(y, m, day) {
            let mut f = relative_fact(
                start..end,
                format!("{y:04}-{m:02}-{day:02}"),
                dd,
                None,
                Rule::DateDayOfMonth,
            );
            f.granularity = Granularity::Day;
            out.push(f);
        }
    }
    out
}

fn calendar_relative(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    p: &Patterns,
    month_days: &[Captures<'_>],
    dd: &str,
) -> Vec<DateFact> {
    let text = view.norm();
    let mut out = Vec::new();
    let Some((y, m, d)) = ymd(dd) else {
        return out;
    };
    let today = days_from_civil(y, m, d);
    let fact = |span: Range<usize>, value: String, granularity, rule| DateFact {
        span,
        value,
        granularity,
        anchor_value: dd.to_string(),
        anchor_span: None,
        rule,
        subject: String::new(),
        subject_type: "",
    };
    let dir_of = |c: &Captures<'_>| cap(c, "dir").to_ascii_lowercase();

    // Tense of the clause before the expression (`will be held in June`),
    // not of the whole sentence (`spoke on Thursday and will return`).
    let forward = |pos: usize| {
        let from = view.sentence_of(pos).start.max(pos.saturating_sub(60));
        let clause = window_before(text, pos, pos - from.min(pos));
        let clause = clause.rsplit(';').next().unwrap_or(clause);
        let clause = clause.rsplit(" and ").next().unwrap_or(clause);
        p.future.is_match(clause)
    };
    for c in p.weekday.captures_iter(text) {
        let mm = c.get(0).expect("group 0");
        let wd = WEEKDAYS
            .iter()
            .position(|w| *w == cap(&c, "wd"))
            .expect("weekday alternation") as i64;
        let today_wd = (today + 3).rem_euclid(7);
        let back = (today_wd - wd).rem_euclid(7);
        let ahead = (wd - today_wd).rem_euclid(7);
        let delta = match dir_of(&c).as_str() {
            "next" => ahead.max(1),
            "last" => -(if back == 0 { 7 } else { back }),
            _ if forward(mm.start()) => ahead,
            _ => -back,
        };
        let (yy, mo, da) = civil_from_days(today + delta);
        out.push(fact(
            mm.start()..mm.end(),
            format!("{yy:04}-{mo:02}-{da:02}"),
            Granularity::Day,
            Rule::DateWeekday,
        ));
    }
    for c in month_days {
        let mm = c.get(0).expect("group 0");
        let Some((mo, da)) = month_day_parts(text, c) else {
            continue;
        };
        if !valid_day(y, mo, da) {
            continue;
        }
        out.push(fact(
            mm.start()..mm.end(),
            format!("{y:04}-{mo:02}-{da:02}"),
            Granularity::Day,
            Rule::DateMonthDay,
        ));
    }
    for c in scan.captures(&p.bare_month) {
        let mm = c.get(0).expect("group 0");
        let month_text = cap(&c, "month");
        let rest = window_after(text, mm.end(), 8).trim_start_matches([',', ' ', '.']);
        if rest.starts_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        // `May` is mostly the verb: take it only with a modifier or after a
        // preposition.
        let before = window_before(text, mm.start(), 8)
            .trim_end()
            .to_ascii_lowercase();
        let cued = c.name("mod").is_some()
            || c.name("dir").is_some()
            || [
                "in", "on", "since", "until", "by", "of", "from", "through", "during",
            ]
            .iter()
            .any(|w| before.ends_with(&format!(" {w}")) || before == *w);
        if month_text.starts_with("May") && !cued {
            continue;
        }
        let Some(mo) = month_num(month_text) else {
            continue;
        };
        // The first month of a pair takes the year the second one gives
        // (`between January and May 2024`, `from March to June 2023`): it
        // is no relative date.
        static PAIRED: LazyLock<Regex> = LazyLock::new(|| {
            let month = MONTH.replace("?P<month>", "?:");
            Regex::new(&format!(
                r"^\s*(?:and|to|through|until|or|-|\u{{2013}}|\u{{2014}})\s*(?:early\s+|mid-|late\s+)?{month}\s+(?P<year>(?:19|20)\d\d)(?-u:\b)"
            ))
            .expect("valid regex")
        });
        if c.name("dir").is_none() && c.name("mod").is_none() {
            if let Some(paired) = PAIRED.captures(window_after(text, mm.end(), 40)) {
                let year = &paired["year"];
                out.push(DateFact {
                    anchor_value: String::new(),
                    anchor_span: None,
                    ..fact(
                        mm.start()..mm.end(),
                        format!("{year}-{mo:02}"),
                        Granularity::Month,
                        Rule::DateMonthPaired,
                    )
                });
                continue;
            }
        }
        // Past-leaning by default (news reports what happened); forward
        // when the sentence speaks of the future.
        let (ahead, behind) = (
            if mo >= m { y } else { y + 1 },
            if mo <= m { y } else { y - 1 },
        );
        let year = match dir_of(&c).as_str() {
            "last" => {
                if mo < m {
                    y
                } else {
                    y - 1
                }
            }
            "next" => {
                if mo > m {
                    y
                } else {
                    y + 1
                }
            }
            "this" => y,
            _ if forward(mm.start()) => ahead,
            _ => behind,
        };
        out.push(fact(
            mm.start()..mm.end(),
            format!("{year:04}-{mo:02}"),
            Granularity::Month,
            Rule::DateMonth,
        ));
    }
    for c in scan.captures(&p.season_week) {
        let mm = c.get(0).expect("group 0");
        let unit = cap(&c, "unit").to_ascii_lowercase();
        let step: i64 = match dir_of(&c).as_str() {
            "last" | "past" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        let value = if unit == "week" {
            let (wy, wk) = iso_week(today + 7 * step);
            format!("{wy:04}-W{wk:02}")
        } else {
            let code = match unit.as_str() {
                "spring" => "SP",
                "summer" => "SU",
                "fall" | "autumn" => "FA",
                _ => "WI",
            };
            format!("{}-{code}", y + step as i32)
        };
        let granularity = if unit == "week" {
            Granularity::Relative
        } else {
            Granularity::Season
        };
        out.push(fact(
            mm.start()..mm.end(),
            value,
            granularity,
            Rule::DateSeasonWeek,
        ));
    }
    out
}

/// ISO 8601 week-numbering year and week of a day count.
fn iso_week(days: i64) -> (i32, i64) {
    let wd = (days + 3).rem_euclid(7); // Monday = 0
    let thursday = days - wd + 3;
    let (ty, _, _) = civil_from_days(thursday);
    let jan1 = days_from_civil(ty, 1, 1);
    (ty, (thursday - jan1) / 7 + 1)
}

fn shift_month(value: &str, step: i32) -> Option<String> {
    let y: i32 = value.get(..4)?.parse().ok()?;
    let m: i32 = value.get(5..7)?.parse().ok()?;
    let total = y * 12 + (m - 1) + step;
    Some(format!(
        "{:04}-{:02}",
        total.div_euclid(12),
        total.rem_euclid(12) + 1
    ))
}

fn shift_day(value: &str, step: i64) -> Option<String> {
    let y: i32 = value.get(..4)?.parse().ok()?;
    let m: u32 = value.get(5..7)?.parse().ok()?;
    let d: u32 = value.get(8..10)?.parse().ok()?;
    let days = days_from_civil(y, m, d) + step;
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// Vague references, only with `--vague`.
fn vague_dates(view: &TextView<'_>, p: &Patterns) -> Vec<DateFact> {
    p.vague
        .captures_iter(view.norm())
        .map(|c| {
            let m = c.get(0).expect("group 0");
            let value = if c.name("present").is_some() {
                "PRESENT_REF"
            } else if c.name("past").is_some() {
                "PAST_REF"
            } else {
                "FUTURE_REF"
            };
            DateFact {
                span: m.start()..m.end(),
                value: value.to_string(),
                granularity: Granularity::Vague,
                anchor_value: String::new(),
                anchor_span: None,
                rule: Rule::DateVague,
                subject: String::new(),
                subject_type: "",
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
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
        ]);
        all
    }

    fn assert_gate_exact(text: &str) -> Result<(), TestCaseError> {
        crate::gate::assert_exact(&scan(text), &gated_patterns())
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
            "yesterday", "coming", "x", ".", "-", "\u{2013}", "\u{e9}t\u{e9}",
        ])) {
            assert_gate_exact(&text)?;
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
        let text = "Title\n\nSource: Xinhua | 2025-04-02 09:15:33 | Editor: Huaxia\n\nOn Wednesday they met.";
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
        let facts = doc_facts(
            "- 1951 - The treaty is signed in Washington on August 30.\n- 1999 - In force.",
        );
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
        let facts =
            doc_facts("Drills\n\nTAIPEI, April 2, 2025 (Reuters) - Drills began on Tuesday.");
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
        assert!(!v.iter().any(|d| d.0 == "75th anniversary"), "{v:?}");
        let v = run("The 2023 summit celebrated the 70th anniversary of the alliance. The 1953 treaty holds.");
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
        assert_eq!(iso_week(days_from_civil(2013, 3, 22)), (2013, 12));
        assert_eq!(iso_week(days_from_civil(2021, 1, 3)), (2020, 53));
        assert_eq!(iso_week(days_from_civil(2024, 12, 30)), (2025, 1));
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
}
