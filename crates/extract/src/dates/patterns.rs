//! The atomic patterns: full dates, months, years, seasons, quarters,
//! fiscal years, decades and centuries, each with its trigger family and
//! the value it gives (`Patterns`), compiled once.

use super::*;

pub(super) const WEEKDAY: &str = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+)";

/// One atomic pattern: its rule name and how to value a match.
pub(super) struct Atomic {
    pub(super) rule: Rule,
    pub(super) re: Gated,
    pub(super) value: fn(&Captures<'_>) -> Option<(String, Granularity)>,
    /// The pattern's matches found without the regex, where a hit test
    /// alone decides them (tests compare with the regex): the spans and
    /// how to value a span's text, which `value` also calls, so that a
    /// match has one value whichever path found it.
    pub(super) hand: Option<Hand>,
}

/// Matches found by hand (see [`Atomic::hand`]).
pub(super) struct Hand {
    pub(super) find: fn(&Scan<'_>) -> Vec<std::ops::Range<usize>>,
    pub(super) value: fn(&str) -> Option<(String, Granularity)>,
}

/// The matches of `\b[0-9]{4}\b` (ASCII word bounds): the runs of four
/// digits the trigger pass found, each standing alone. A regex search per
/// run cost more than the run's test (108,000 runs on the archive).
pub(super) fn years_alone(scan: &Scan<'_>) -> Vec<std::ops::Range<usize>> {
    let bytes = scan.text.as_bytes();
    scan.spans_of(FOUR_DIGITS)
        .filter(|h| hits::year_alone(bytes, (*h).clone()))
        .cloned()
        .collect()
}

/// The matches of the ISO pattern: a run of four digits standing at a
/// word start, followed by a dash or slash, two digits, a dash or slash
/// and two digits (the hit test) that end a word. Most are the dates of
/// front matter, two or three a document.
pub(super) fn iso_dates(scan: &Scan<'_>) -> Vec<std::ops::Range<usize>> {
    let bytes = scan.text.as_bytes();
    scan.spans_of(FOUR_DIGITS)
        .filter(|h| {
            hits::iso_rest(bytes, (*h).clone())
                && !gate::is_word_byte_at(bytes, h.start.wrapping_sub(1))
                && !gate::is_word_byte_at(bytes, h.end + 6)
        })
        .map(|h| h.start..h.end + 6)
        .collect()
}

/// The value of an ISO date's text (`2025-08-22`).
fn iso_value(text: &str) -> Option<(String, Granularity)> {
    day_value(&text[..4], text[5..7].parse().ok()?, &text[8..10])
}

/// The matches of the short year range pattern, `\b[0-9]{4}\s*[-/]\s*[0-9]{2}\b`
/// (`1950-53`, `2023 / 24`): a run of four digits standing at a word
/// start, white space (Unicode's, as `\s`), a dash or slash, white
/// space, two digits that end a word. Most are the year and month of a
/// front matter's dates, one search each before.
pub(super) fn short_year_ranges(scan: &Scan<'_>) -> Vec<std::ops::Range<usize>> {
    let (text, bytes) = (scan.text, scan.text.as_bytes());
    scan.spans_of(FOUR_DIGITS)
        .filter(|h| !gate::is_word_byte_at(bytes, h.start.wrapping_sub(1)))
        .filter_map(|h| {
            let sep = skip_white_space(text, h.end);
            if !matches!(bytes.get(sep), Some(b'-' | b'/')) {
                return None;
            }
            let digits = skip_white_space(text, sep + 1);
            let end = digits + 2;
            let two = bytes.get(digits..end)?;
            (two.iter().all(u8::is_ascii_digit) && !gate::is_word_byte_at(bytes, end))
                .then_some(h.start..end)
        })
        .collect()
}

/// The end of the white space (`\s`: Unicode's) from `i`.
fn skip_white_space(text: &str, i: usize) -> usize {
    let run: usize = text[i..]
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    i + run
}

/// The value of a short year range's text: the span of the two years
/// (a slash only for consecutive years, a financial or academic year).
fn short_range_value(text: &str) -> Option<(String, Granularity)> {
    let a: i32 = text.get(..4)?.parse().ok()?;
    let b: i32 = text.get(text.len().checked_sub(2)?..)?.parse().ok()?;
    let end = a / 100 * 100 + b;
    let fits = if text.contains('/') {
        end == a + 1
    } else {
        end > a
    };
    (plausible_year(a) && fits).then(|| (format!("{a}/{end}"), Granularity::Range))
}

/// The matches of the decade pattern, `(?:\b[0-9]{3}0'?s|'[0-9]0s)\b`
/// (ASCII word bounds): each `0s` or `0's` after three digits standing at
/// a word start, or `0s` after an apostrophe and a digit, with no word
/// character after the `s`. The regex searched every text holding `0s`
/// (one in twenty on the archive) for the few it found.
pub(super) fn decades(scan: &Scan<'_>) -> Vec<std::ops::Range<usize>> {
    use memchr::memmem::find_iter;
    let b = scan.text.as_bytes();
    let mut found: Vec<std::ops::Range<usize>> = find_iter(b, b"0s")
        .chain(find_iter(b, b"0's"))
        .filter_map(|zero| decade_at(b, zero))
        .collect();
    found.sort_unstable_by_key(|r| r.start);
    // Non-overlapping, as a search reports them (none overlap in
    // practice: a match ends before a non-word byte).
    let mut end = 0;
    found.retain(|r| {
        let keep = r.start >= end;
        if keep {
            end = r.end;
        }
        keep
    });
    found
}

/// The decade whose `0s` or `0's` starts at `zero`, if one does.
fn decade_at(b: &[u8], zero: usize) -> Option<std::ops::Range<usize>> {
    let apostrophe = b.get(zero + 1) == Some(&b'\'');
    let end = zero + if apostrophe { 3 } else { 2 };
    if gate::is_word_byte_at(b, end) {
        return None;
    }
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let long = zero.checked_sub(3).filter(|&start| {
        (start..zero).all(digit) && !gate::is_word_byte_at(b, start.wrapping_sub(1))
    });
    let short = zero
        .checked_sub(2)
        .filter(|&start| !apostrophe && b[start] == b'\'' && digit(zero - 1));
    long.or(short).map(|start| start..end)
}

/// The value of a decade's text: `1990s` is `199X`; `'90s` too, and
/// `'00s` to `'20s` are this century's.
fn decade_value(text: &str) -> Option<(String, Granularity)> {
    if let Some(short) = text.strip_prefix('\'') {
        let d: i32 = short.get(..1)?.parse().ok()?;
        let century = if d <= 2 { 20 } else { 19 };
        return Some((format!("{century}{d}X"), Granularity::Decade));
    }
    let d: i32 = text.get(..3)?.parse().ok()?;
    plausible_year(d * 10).then(|| (format!("{d}X"), Granularity::Decade))
}

/// The value of a year alone.
fn year_value(text: &str) -> Option<(String, Granularity)> {
    let y: i32 = text.parse().ok()?;
    plausible_year(y).then(|| (y.to_string(), Granularity::Year))
}

pub(super) struct Patterns {
    pub(super) atomic: Vec<Atomic>,
    /// Text that, just before a year, makes it an identifier (`No. 2025`).
    pub(super) id_before: Regex,
    /// Text that, just after a year, makes it a count (`2000 troops`).
    pub(super) count_after: Regex,
    /// Range connectors between two dates (the gap text, whole).
    pub(super) range_gap: Regex,
    /// `from` / `between` just before the first date of a range.
    pub(super) range_lead: Regex,
    /// An open end of a range: `1990s–Present`.
    pub(super) present_end: Regex,
    pub(super) years_offset: Gated,
    pub(super) the_next: Gated,
    pub(super) deictic: Gated,
    /// `the end of the year`: the year of the surrounding narrative.
    pub(super) year_part: Gated,
    /// `Friday`, `last Friday`, `next Monday`.
    pub(super) weekday: Gated,
    /// `April 7`, `Feb. 28th` without a year.
    pub(super) month_day: Gated,
    /// `August`, `early December`, `late last July`, `last June`.
    pub(super) bare_month: Gated,
    /// `last summer`, `this spring`; `this week`, `the last week`.
    pub(super) season_week: Gated,
    pub(super) anniversary: Gated,
    pub(super) vague: Regex,
    /// Future-tense cues in a sentence: bare months and weekdays then point
    /// forward from the document date.
    pub(super) future: Regex,
}

/// `mid-`, `pre-`, `post-`, `early-`, `late-` glued before a year.
pub(super) static YEAR_PART_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^A-Za-z])(?:mid|pre|post|early|late)-$").expect("valid regex")
});

/// Prepositions that make `the next decade` a stretch of time.
pub(super) static DURATION_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:over|for|within|throughout)\s+$").expect("valid regex")
});

/// A month name at the start of a text (`after March 1953`).
pub(super) static MONTH_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s|$)")
        .expect("valid regex")
});

// Trigger families: every match of a gated pattern contains one of its
// families' words.

/// Month names exactly as [`MONTH`] spells them; literal enough for the
/// regex engine's own prefilter.
pub(super) static MONTH_TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    let caps = MONTH_CAPS.replace("?P<month>", "?:");
    Regex::new(&format!(r"(?-u:\b)(?:{MONTH}|{caps})")).expect("valid regex")
});

/// Month abbreviations in capitals without a full stop (`09 SEP 2024`, as
/// official releases print them): only between a day and a year, where no
/// word (`MAY`, `MAR`) can be meant.
pub(super) const MONTH_CAPS: &str =
    r"(?P<month>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)(?-u:\b)";

/// One document's date triggers: the trigger words and the month names.
#[cfg(test)]
pub(super) fn scan(text: &str) -> Scan<'_> {
    let runs = crate::bytescan::digit_runs(text.as_bytes());
    scan_with(text, gate::hits(text, Lane::Dates), &runs)
}

/// [`scan`] from trigger hits and the text's runs of digits already
/// found: each run of exactly four (the years and the year parts of
/// numeric dates) is a hit for all the numeric patterns, each of which
/// read every byte of the text before.
pub(super) fn scan_with<'t>(
    text: &'t str,
    mut hits: Vec<(std::ops::Range<usize>, u16)>,
    digit_runs: &[std::ops::Range<usize>],
) -> Scan<'t> {
    hits.extend(
        MONTH_TRIGGER
            .find_iter(text)
            .map(|m| (m.range(), MONTH_NAME)),
    );
    hits.extend(
        digit_runs
            .iter()
            .filter(|r| r.len() == 4)
            .map(|r| (r.clone(), FOUR_DIGITS)),
    );
    Scan::new(text, hits)
}

// Pre-tests of the whole-text patterns that rare text holds: each passes
// every text the pattern matches in, reading only the bytes a match needs.

/// A decade (`1990s`, `1990's`, `'90s`) ends in `0s` or `0's`.
fn has_decade_suffix(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memmem::find(b, b"0s").is_some() || memchr::memmem::find(b, b"0's").is_some()
}

pub(super) static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |s: &str| Regex::new(s).expect("valid date regex");
    // A gated pattern is searched only as far around its trigger as its
    // longest match reaches, in whitespace-separated words (`before`,
    // `after` of `Gated::new`), not a reach common to all of them.
    // Trigger words are found ASCII-case-insensitively, so a pattern spells
    // the words it is triggered by the same way (`(?-u:...)` under `(?i)`):
    // Unicode folding would also match `ſ` for `s` and the Kelvin sign for
    // `k`, which no trigger finds.
    let atomic = vec![
        // `November 19, 2025`, `Tuesday, Nov. 19th, 2025`.
        Atomic {
            rule: Rule::DateMonthDayYear,
            re: Gated::new(
                re(&format!(
                    r"(?-u:\b){WEEKDAY}?{MONTH}\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>[0-9]{{4}})(?:(?-u:\b)|(?P<glued>[A-Z]{{2}}))"
                )),
                // A weekday before the month; the day and the year after it.
                MONTH_NAME,
                1,
                2,
            )
            .if_hit(hits::year_within::<2>),
            value: |c| day_value(cap(c, "year"), month_num(cap(c, "month"))?, cap(c, "day")),
            hand: None,
        },
        // `19 November 2025`, `Tuesday 19th of November, 2025`.
        Atomic {
            rule: Rule::DateDayMonthYear,
            re: Gated::new(
                re(&format!(
                    r"(?-u:\b){WEEKDAY}?(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+(?P<year>[0-9]{{4}})(?-u:\b)"
                )),
                // A weekday, the day and `of` before the month; the year after.
                MONTH_NAME,
                3,
                1,
            )
            .if_hit(hits::year_within::<1>),
            value: |c| day_value(cap(c, "year"), month_num(cap(c, "month"))?, cap(c, "day")),
            hand: None,
        },
        // `09 SEP 2024`.
        Atomic {
            rule: Rule::DateDayMonthYear,
            re: Gated::new(
                re(&format!(
                    r"(?-u:\b)(?P<day>[0-9]{{1,2}})\s+{MONTH_CAPS}\s+(?P<year>[0-9]{{4}})(?-u:\b)"
                )),
                // The day before the month, the year after.
                MONTH_NAME,
                1,
                1,
            )
            .if_hit(hits::year_within::<1>),
            value: |c| day_value(cap(c, "year"), month_num(cap(c, "month"))?, cap(c, "day")),
            hand: None,
        },
        // ISO 8601 `2025-08-22` (also with slashes).
        Atomic {
            rule: Rule::DateIso,
            re: Gated::new(
                re(
                    r"(?-u:\b)(?P<year>[0-9]{4})([-/])(?P<m>[0-9]{2})([-/])(?P<day>[0-9]{2})(?-u:\b)",
                ),
                // One word.
                FOUR_DIGITS,
                0,
                0,
            )
            .if_hit(hits::iso_rest),
            value: |c| iso_value(c.get(0)?.as_str()),
            hand: Some(Hand {
                find: iso_dates,
                value: iso_value,
            }),
        },
        // Year first with dots, the East Asian style: `2024.08.19`,
        // `2024. 8. 19.`.
        Atomic {
            rule: Rule::DateNumericYearFirst,
            re: Gated::new(
                re(
                    r"(?-u:\b)(?P<year>(?:19|20)[0-9]{2})\.\s?(?P<m>[0-9]{1,2})\.\s?(?P<day>[0-9]{1,2})(?-u:\b)\.?",
                ),
                // The month and the day, each after one space at most.
                FOUR_DIGITS,
                0,
                2,
            )
            .if_hit(hits::year_dot_number),
            value: |c| day_value(cap(c, "year"), cap(c, "m").parse().ok()?, cap(c, "day")),
            hand: None,
        },
        // Numeric `11/19/2025`: month first (documented choice), unless
        // the first number cannot be a month (`31/03/2024`). With dots the
        // day comes first, as wherever that style is used (`31.03.2024`).
        Atomic {
            rule: Rule::DateNumeric,
            re: Gated::new(
                re(
                    r"(?-u:\b)(?P<a>[0-9]{1,2})(?P<sep>[/.])(?P<b>[0-9]{1,2})(?:/|\.)(?P<year>(?:19|20)[0-9]{2})(?-u:\b)",
                ),
                // One word, the year last.
                FOUR_DIGITS,
                0,
                0,
            )
            .if_hit(hits::number_slash_before),
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
            hand: None,
        },
        // Day ranges within a year: `July 11-12, 2024`, `April 22 to May 10,
        // 2025`, `11-12 July 2024`.
        Atomic {
            rule: Rule::DateDayRange,
            re: Gated::new(
                re(&format!(
                    r"(?-u:\b)(?:{MONTH}\s+(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?\s*(?:-|to|through|until)\s*(?:{month2}\s+)?(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?,?|(?P<e1>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*|\s+(?:to|through|until)\s+)(?P<e2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+{month3},?)\s+(?P<year>[0-9]{{4}})(?-u:\b)",
                    month2 = MONTH.replace("?P<month>", "?P<month2>"),
                    month3 = MONTH.replace("?P<month>", "?P<month3>"),
                )),
                // `11 - 12 July, 2024`, `July 11 to August`: three words before
                // a month; `July 11 to 12, 2024`: four after.
                MONTH_NAME,
                3,
                4,
            )
            .if_hit(hits::year_within::<4>),
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
            hand: None,
        },
        // `April 2023`, `December of 2024`, `Sept. 2021`.
        Atomic {
            rule: Rule::DateMonthYear,
            re: Gated::new(
                re(&format!(
                    r"(?-u:\b){MONTH},?\s+(?:of\s+)?(?P<year>[0-9]{{4}})(?-u:\b)"
                )),
                // The year, after `of`.
                MONTH_NAME,
                0,
                2,
            )
            .if_hit(hits::year_within::<2>),
            value: |c| {
                let y: i32 = cap(c, "year").parse().ok()?;
                let m = month_num(cap(c, "month"))?;
                plausible_year(y).then(|| (format!("{y:04}-{m:02}"), Granularity::Month))
            },
            hand: None,
        },
        // `spring 2024`, `the summer of 2019`.
        Atomic {
            rule: Rule::DateSeason,
            re: Gated::new(
                re(
                    r"(?i)(?-u:\b)(?P<season>(?-u:spring|summer|fall|autumn|winter))\s+(?:of\s+)?(?P<year>[0-9]{4})(?-u:\b)",
                ),
                // The year, after `of`.
                SEASON,
                0,
                2,
            )
            .if_hit(hits::year_within::<2>),
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
            hand: None,
        },
        // `Q1 2024`, `2024 Q1`, `the first quarter of 2024`.
        Atomic {
            rule: Rule::DateQuarter,
            re: Gated::new(
                re(
                    r"(?i)(?-u:\b)(?:Q(?P<q1>[1-4])\s*(?:of\s+)?(?:FY\s*)?(?P<y1>[0-9]{4})|(?P<y2>[0-9]{4})\s*-?\s*Q(?P<q2>[1-4])|(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?(?P<y3>[0-9]{4}))(?-u:\b)",
                ),
                // `2024 - Q1`; `Q1 of FY 2024`.
                QUARTER,
                2,
                3,
            ),
            value: |c| {
                let y: i32 = first_of(c, &["y1", "y2", "y3"])?.parse().ok()?;
                let q = match first_of(c, &["q1", "q2"]) {
                    Some(q) => q.parse().ok()?,
                    None => parse_ordinal(cap(c, "qw"))?,
                };
                plausible_year(y).then(|| (format!("{y}-Q{q}"), Granularity::Quarter))
            },
            hand: None,
        },
        // Half years, as business and budget reporting names them: `H1 2025`,
        // `1H 2025`, `2025 H2`, `the first half of 2025` (TIMEX3 `2025-H1`).
        Atomic {
            rule: Rule::DateHalfYear,
            re: Gated::new(
                re(
                    r"(?i)(?-u:\b)(?:(?:H(?P<h1>[12])|(?P<h2>[12])H)\s*(?:of\s+)?(?:FY\s*)?(?P<y1>[0-9]{4})|(?P<y2>[0-9]{4})\s*-?\s*H(?P<h3>[12])|(?P<hw>first|second|1st|2nd)\s+half\s+(?:of\s+)?(?P<y3>[0-9]{4}))(?-u:\b)",
                ),
                // `2024 - H1`; `H1 of FY 2024`, `first half of 2025`.
                QUARTER,
                2,
                3,
            ),
            value: |c| {
                let y: i32 = first_of(c, &["y1", "y2", "y3"])?.parse().ok()?;
                let h: u64 = match first_of(c, &["h1", "h2", "h3"]) {
                    Some(h) => h.parse().ok()?,
                    None => parse_ordinal(cap(c, "hw"))?,
                };
                plausible_year(y).then(|| (format!("{y}-H{h}"), Granularity::Half))
            },
            hand: None,
        },
        // Fiscal years `FY2025`, `FY 2025`, `FY25`, `fiscal year 2025`:
        // valued as the year they are named after (sortable), rule says fiscal.
        Atomic {
            rule: Rule::DateFiscalYear,
            re: Gated::new(
                re(
                    r"(?-u:\b)(?:FY\s?-?(?P<y>[0-9]{4}|[0-9]{2})(?:[-\u{2013}/](?P<end>[0-9]{4}|[0-9]{2}))?|[Ff]iscal\s+[Yy]ear\s+(?P<y2>[0-9]{4}))(?-u:\b)",
                ),
                // `FY -2024/25` and `fiscal year 2025` open with their
                // trigger; two words follow at most.
                FISCAL,
                0,
                2,
            )
            .if_hit(hits::fiscal_at),
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
            hand: None,
        },
        // Decades `1990s`, `1990's`, `the '90s`.
        Atomic {
            rule: Rule::DateDecade,
            re: Gated::plain_if(
                re(r"(?:(?-u:\b)(?P<dec>[0-9]{3})0'?s|'(?P<short>[0-9])0s)(?-u:\b)"),
                has_decade_suffix,
            ),
            value: |c| decade_value(c.get(0)?.as_str()),
            hand: Some(Hand {
                find: decades,
                value: decade_value,
            }),
        },
        // Centuries `twenty-first-century`, `21st century`, `the 1900s` stays a decade.
        Atomic {
            rule: Rule::DateCentury,
            re: Gated::new(
                re(&format!(
                    r"(?i)(?-u:\b)(?P<ord>[0-9]{{1,2}}(?:st|nd|rd|th)|(?:{NUMBER_WORD}-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth))(?:\s+|\s*-\s*(?:-\s*){{0,3}})century(?-u:\b)"
                )),
                // The ordinal and up to four hyphens, each may stand free
                // (`21st - century`, `first - - century`): five words. (An
                // unbounded run of hyphens had no bounded reach.)
                CENTURY,
                5,
                0,
            ),
            value: |c| {
                let n = parse_ordinal(cap(c, "ord"))?;
                (1..=30)
                    .contains(&n)
                    .then(|| (format!("{:02}XX", n - 1), Granularity::Century))
            },
            hand: None,
        },
        // A year on its own: `1953`, `in 2015`. Guarded by `is_year_context`.
        Atomic {
            rule: Rule::DateYear,
            re: Gated::new(re(r"(?-u:\b)(?P<year>[0-9]{4})(?-u:\b)"), FOUR_DIGITS, 0, 0)
                .if_hit(hits::year_alone),
            value: |c| year_value(c.get(0)?.as_str()),
            hand: Some(Hand {
                find: years_alone,
                value: year_value,
            }),
        },
        // Two-digit range end `1950-53`; with a slash only a span of two
        // years, a financial or academic year (`2023/24`), since `2023/12`
        // may be a month.
        Atomic {
            rule: Rule::DateYearRangeShort,
            re: Gated::new(
                re(r"(?-u:\b)(?P<a>[0-9]{4})\s*(?P<sep>[-/])\s*(?P<b>[0-9]{2})(?-u:\b)"),
                // `1950 - 53`.
                FOUR_DIGITS,
                0,
                2,
            )
            .if_hit(hits::short_range_rest),
            value: |c| short_range_value(c.get(0)?.as_str()),
            hand: Some(Hand {
                find: short_year_ranges,
                value: short_range_value,
            }),
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
        years_offset: Gated::new(
            re(&format!(
                r"(?i)(?-u:\b)(?P<n>[0-9]{{1,3}}|{NUMBER_WORD}(?:[\s-]{NUMBER_WORD})*|a|an|one)\s+(?P<unit>years?|decades?|centuries|century|months?)\s+(?P<dir>later|after(?:wards?)?|earlier|before|ago|on)(?-u:\b)"
            )),
            // Number words before the unit (`one hundred twenty-five
            // years`), then the direction.
            YEAR | MONTH_WORD | DECADE | CENTURY,
            12,
            1,
        )
        .if_hit(hits::direction_follows),
        the_next: Gated::new(
            re(
                r"(?i)(?-u:\b)the\s+(?P<dir>following|next|previous|preceding|prior|same)\s+(?P<unit>year|month|decade)(?-u:\b)",
            ),
            // `the following year`.
            YEAR | MONTH_WORD | DECADE,
            2,
            0,
        )
        .if_hit(hits::the_next_before),
        deictic: Gated::new(
            re(
                r"(?i)(?-u:\b)(?P<dir>last|this|next|past|previous|coming)\s+(?P<unit>(?:fiscal\s+)?year|month|decade)(?-u:\b)|(?-u:\b)(?P<day>(?-u:yesterday|tomorrow))(?-u:\b)",
            ),
            // `last fiscal year`; `yesterday`.
            YEAR | MONTH_WORD | DAY_WORD | DECADE,
            2,
            0,
        )
        .if_hit(hits::deictic_before),
        year_part: Gated::new(
            re(
                r"(?i)(?-u:\b)the\s+(?:end|beginning|start|middle|close|turn)\s+of\s+(?:the\s+)?year(?-u:\b)",
            ),
            // `the end of the year`.
            YEAR,
            4,
            0,
        )
        .if_hit(hits::year_part_before),
        // `this`, `next` and `last` are common words: the search starts
        // at the day's name, and looks one word back.
        weekday: Gated::new(
            re(
                r"(?-u:\b)(?:(?P<dir>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)",
            ),
            DAY_NAME,
            1,
            0,
        ),
        month_day: Gated::new(
            re(&format!(
                r"(?-u:\b)(?:{MONTH}\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?(?-u:\b)|(?P<day2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month2})",
                month2 = MONTH.replace("?P<month>", "?P<month2>"),
            )),
            // `12th of April`; `April 12`.
            MONTH_NAME,
            2,
            1,
        )
        .if_hit(hits::day_beside),
        bare_month: Gated::new(
            re(&format!(
                r"(?-u:\b)(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[\s-]+)?(?:(?P<dir>[Ll]ast|[Nn]ext|[Tt]his)\s+)?{MONTH}"
            )),
            // `early - last July`.
            MONTH_NAME,
            3,
            0,
        ),
        season_week: Gated::new(
            re(
                r"(?i)(?-u:\b)(?:the\s+)?(?P<dir>last|next|this|past|coming)\s+(?P<unit>(?-u:spring|summer|fall|autumn|winter|week))(?-u:\b)",
            ),
            // `the last week`.
            SEASON | WEEK,
            2,
            0,
        )
        .if_hit(hits::season_week_before),
        anniversary: Gated::new(
            re(&format!(
                r"(?i)(?-u:\b)(?:(?P<ord>[0-9]{{1,3}}(?:st|nd|rd|th)|(?:{NUMBER_WORD}-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|twelfth|fifteenth|twentieth|twenty-fifth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|seventy-fifth|eightieth|ninetieth|hundredth))\s+(?-u:anniversary)|(?P<named>sesquicentennial|bicentennial|centennial|centenary|bicentenary))(?-u:\b)"
            )),
            // The ordinal before `anniversary`.
            ANNIVERSARY,
            1,
            0,
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
