//! Relative expressions resolved against an anchor in the text or the
//! document date (`Seventy years later`, `the 70th anniversary`, `last
//! year`), days of the month, and vague references.

use super::*;

pub(super) fn year_of(value: &str) -> Option<i32> {
    let v = value.split('/').next_back()?;
    v.get(..4)?.parse().ok()
}

pub(super) fn relative_fact(
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
        subject_link: SubjectLink::None,
    }
}

/// Month and day of a `month_day` match (`December 14` or `14 December`);
/// None when a year follows (a full date, found elsewhere).
pub(super) fn month_day_parts(text: &str, c: &Captures<'_>) -> Option<(u32, u32)> {
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
pub(super) fn relative_dates(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    p: &Patterns,
    dates: &[DateFact],
    doc_date: Option<&str>,
) -> Vec<DateFact> {
    let explicit = Explicit::new(dates);
    let mut out = offset_dates(view, scan, p, &explicit, doc_date);
    out.extend(next_dates(view.norm(), scan, p, &explicit));
    if let Some(dd) = doc_date {
        out.extend(deictic_dates(view.norm(), scan, p, dd));
    }
    // One search serves both readings of a month-day: in the year that
    // opens its sentence, else against the document date.
    let month_days = scan.captures(&p.month_day);
    let in_year = month_days_in_year(view, &month_days, &explicit);
    let taken: Vec<Range<usize>> = in_year.iter().map(|f| f.span.clone()).collect();
    out.extend(in_year);
    if let Some(dd) = doc_date.filter(|d| d.len() >= 10) {
        out.extend(
            calendar_relative(view, scan, p, &month_days, dd)
                .into_iter()
                .filter(|f| !taken.iter().any(|t| overlaps(t, &f.span))),
        );
        out.extend(days_of_month(view, dd));
    }
    let parts = year_part_dates(view, scan, p, &explicit, &out, doc_date);
    out.extend(parts);
    out.extend(anniversary_dates(view, scan, p, &explicit, doc_date));
    out
}

/// The dates of the text that give a year, in text order: the anchors of
/// relative expressions.
pub(super) struct Explicit<'d> {
    pub(super) dates: Vec<&'d DateFact>,
}

impl<'d> Explicit<'d> {
    fn new(dates: &'d [DateFact]) -> Self {
        Explicit {
            dates: dates
                .iter()
                .filter(|d| year_of(&d.value).is_some())
                .collect(),
        }
    }

    /// The last explicit date ending before `pos`. Explicit dates do not
    /// overlap, so their ends are sorted: binary search.
    fn before(&self, pos: usize) -> Option<&'d DateFact> {
        let i = self.dates.partition_point(|d| d.span.end <= pos);
        i.checked_sub(1).map(|i| self.dates[i])
    }
}

/// `Seventy years later`, `two years ago`, `sixty years on`: an offset from
/// the date before (or, for `ago`, the document date).
fn offset_dates(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    p: &Patterns,
    explicit: &Explicit<'_>,
    doc_date: Option<&str>,
) -> Vec<DateFact> {
    let text = view.norm();
    let mut out = Vec::new();
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
            match explicit.before(m.start()) {
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
    out
}

/// `the following year`, `the same month`, `the previous decade`: one step
/// from the date before.
fn next_dates(text: &str, scan: &Scan<'_>, p: &Patterns, explicit: &Explicit<'_>) -> Vec<DateFact> {
    let mut out = Vec::new();
    for c in scan.captures(&p.the_next) {
        let m = c.get(0).expect("group 0");
        // `over the next decade`, `for the following year`: a stretch of
        // time (a duration in TIMEX3), not a point to date.
        if DURATION_LEAD.is_match(window_before(text, m.start(), 24)) {
            continue;
        }
        let Some(a) = explicit.before(m.start()) else {
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
    out
}

/// `yesterday`, `last year`, `this month`, `next week`: against the
/// document date `dd`.
fn deictic_dates(text: &str, scan: &Scan<'_>, p: &Patterns, dd: &str) -> Vec<DateFact> {
    let mut out = Vec::new();
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
    out
}

/// `1951 - The treaty is signed on August 30`, `In 2019, talks began on
/// March 3`: a month-day without a year takes the year that opens its
/// sentence, before the document's.
fn month_days_in_year(
    view: &TextView<'_>,
    month_days: &[Captures<'_>],
    explicit: &Explicit<'_>,
) -> Vec<DateFact> {
    let text = view.norm();
    let mut out = Vec::new();
    for c in month_days {
        let m = c.get(0).expect("group 0");
        let Some((month, day)) = month_day_parts(text, c) else {
            continue;
        };
        let sentence = view.sentence_of(m.start());
        let Some(a) = explicit
            .before(m.start())
            .filter(|a| a.span.start >= sentence.start)
        else {
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
        out.push(f);
    }
    out
}

/// `the end of the year`: the year of the latest date in this or the
/// previous sentence (resolved ones included: `early December`), else the
/// document's year.
fn year_part_dates(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    p: &Patterns,
    explicit: &Explicit<'_>,
    resolved: &[DateFact],
    doc_date: Option<&str>,
) -> Vec<DateFact> {
    let mut out = Vec::new();
    let mut anchors: Vec<(Range<usize>, String)> = explicit
        .dates
        .iter()
        .map(|d| (d.span.clone(), d.value.clone()))
        .chain(resolved.iter().map(|d| (d.span.clone(), d.value.clone())))
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
    out
}

/// Anniversaries: the Nth anniversary of something founded in year A is
/// A+N. Prefer a year Y written nearby when Y-N is also a year of the
/// text; otherwise take A as the earliest year written before the mention.
fn anniversary_dates(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    p: &Patterns,
    explicit: &Explicit<'_>,
    doc_date: Option<&str>,
) -> Vec<DateFact> {
    let explicit = &explicit.dates;
    let mut out = Vec::new();
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
    for d in explicit.iter() {
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
        let this_sentence = view.sentences()[sentence].clone();
        let window_end = this_sentence.end;
        let from = explicit.partition_point(|d| d.span.start < window_start);
        let to = explicit.partition_point(|d| d.span.start < window_end);
        // The event the anniversary counts from, dated right after it (`the
        // 20th anniversary of September 11, 2001`) within its clause.
        let text = view.norm();
        let of_event = explicit
            .iter()
            .find(|d| d.span.start >= m.end() && d.span.start < this_sentence.end)
            .filter(|d| {
                let between = &text[m.end()..d.span.start];
                between.len() <= 60 && !between.contains([',', ';', '.'])
            })
            .and_then(|d| year_of(&d.value));
        // A year modifying the anniversary dates it (`the 1999 50th
        // anniversary event`).
        let modified = explicit
            .iter()
            .rfind(|d| d.span.end <= m.start() && text[d.span.end..m.start()].trim().is_empty())
            .and_then(|d| year_of(&d.value).map(|y| (y, d.span.clone())));
        if let Some((year, span)) = modified {
            out.push(relative_fact(
                m.start()..m.end(),
                year.to_string(),
                &year.to_string(),
                Some(span),
                Rule::DateAnniversary,
            ));
            continue;
        }
        // A guessed founding year must come before the document: the
        // `75th anniversary` in a statement dated 10 July 2024 is not 2099.
        let before_doc = |a: &i32| doc_year.is_none_or(|d| *a < d);
        let nearby = explicit[from..to]
            .iter()
            .filter_map(|d| year_of(&d.value))
            .find(|&y| years.contains(&(y - n)))
            .map(|y| y - n);
        // Without a document date, the earliest year written before the
        // mention is the best guess at a founding; with one, an anniversary
        // not counted from a stated event is one marked now (below).
        let guessed = || {
            doc_year.is_none().then(|| {
                last_anchor.filter(before_doc).or_else(|| {
                    let before = explicit.partition_point(|d| d.span.end <= m.start());
                    before
                        .checked_sub(1)
                        .and_then(|i| prefix_min[i])
                        .filter(before_doc)
                })
            })?
        };
        let founded = of_event.or(nearby).or_else(guessed);
        let Some(a) = founded else {
            // No founding year in sight: an anniversary being marked is
            // the year its own sentence is dated (`met on 26 April 2023 to
            // mark the 70th anniversary`), else the document's.
            let dated = explicit
                .iter()
                .filter(|d| this_sentence.start <= d.span.start && d.span.end <= this_sentence.end)
                .find_map(|d| year_of(&d.value).map(|y| (y, Some(d.span.clone()))))
                .or(doc_year.map(|y| (y, None)));
            if let Some((year, span)) = dated {
                out.push(relative_fact(
                    m.start()..m.end(),
                    year.to_string(),
                    &year.to_string(),
                    span,
                    Rule::DateAnniversary,
                ));
            }
            continue;
        };
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
/// Where `the ` stands right before a run of one or two ASCII digits,
/// with the run's length, in text order. The text's digit runs (found once
/// for the view) are walked and the four bytes before each compared: `the `
/// is among the commonest words of English, digits far rarer, so a search
/// for `the ` stopped every few dozen bytes.
fn the_then_digits<'r>(
    bytes: &'r [u8],
    digit_runs: &'r [Range<usize>],
) -> impl Iterator<Item = (usize, usize)> + 'r {
    digit_runs.iter().filter_map(|r| {
        let (s, len) = (r.start, r.len());
        (len <= 2 && s >= 4 && &bytes[s - 4..s] == b"the ").then(|| (s - 4, len))
    })
}

pub(super) fn days_of_month(view: &TextView<'_>, dd: &str) -> Vec<DateFact> {
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
    // Each `the ` followed by one or two digits: most texts have none,
    // and the few are read by hand rather than by a search over the
    // whole text.
    for (i, digits) in the_then_digits(bytes, view.digit_runs()) {
        let start = i + 4;
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

/// Vague references, only with `--vague`.
pub(super) fn vague_dates(view: &TextView<'_>, p: &Patterns) -> Vec<DateFact> {
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
                subject_link: SubjectLink::None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain reading of [`the_then_digits`]: every `the `, kept when
    /// one or two digits (not three) follow it.
    fn by_search(bytes: &[u8]) -> Vec<(usize, usize)> {
        memchr::memmem::find_iter(bytes, "the ")
            .filter_map(|i| {
                let digits = bytes[i + 4..]
                    .iter()
                    .take(3)
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                (1..=2).contains(&digits).then_some((i, digits))
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn digit_runs_after_the_are_those_the_search_finds(
            s in "(the |the|he |1|22|333|4th| |a|x9|\u{e9})*"
        ) {
            let runs = crate::bytescan::digit_runs(s.as_bytes());
            prop_assert_eq!(the_then_digits(s.as_bytes(), &runs).collect::<Vec<_>>(), by_search(s.as_bytes()));
        }
    }

    #[test]
    fn finds_the_day_after_the() {
        let text = "on the 4th, the 22nd and the 333rd; bathe 5th; the 7";
        let runs = crate::bytescan::digit_runs(text.as_bytes());
        let found: Vec<_> = the_then_digits(text.as_bytes(), &runs).collect();
        // Three digits are no day; `bathe` is left to the caller's word test.
        assert_eq!(found, vec![(3, 1), (12, 2), (38, 1), (47, 1)]);
    }
}
