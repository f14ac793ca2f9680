//! Candidates and ranges: atomic matches resolved against overlaps, then
//! joined into ranges (`1950-1953`, `from 2010 to 2015`), and day ranges
//! extended (`July 11-12, 2024`).

use super::*;

/// A candidate atomic date before overlap resolution.
#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub(super) span: Range<usize>,
    pub(super) value: String,
    pub(super) granularity: Granularity,
    pub(super) rule: Rule,
}

/// A month-day without a year that a second day follows is a range in the
/// year it was given: `from March 10 to 20`, `March 10-20` (a range with
/// its year, `July 11-12, 2024`, is one atom already). Not when the second
/// number is a time (`10:30`), a month-day of its own, a count (`March 10
/// to 20 delegates`), or no later day.
pub(super) fn extend_day_ranges(text: &str, dates: &mut [DateFact]) {
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

pub(super) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

pub(super) fn atomic_candidates(scan: &Scan<'_>, p: &Patterns) -> Vec<Cand> {
    let text = scan.text;
    let mut out = Vec::new();
    for a in &p.atomic {
        if let Some(hand) = &a.hand {
            for span in (hand.find)(scan) {
                let Some((value, granularity)) = (hand.value)(&text[span.clone()]) else {
                    continue;
                };
                if guarded(a.rule) && !is_year_context(text, span.start, span.end, p, a.rule) {
                    continue;
                }
                out.push(Cand {
                    span,
                    value,
                    granularity,
                    rule: a.rule,
                });
            }
            continue;
        }
        for c in scan.captures(&a.re) {
            let m = c.get(0).expect("group 0");
            let Some((value, granularity)) = (a.value)(&c) else {
                continue;
            };
            if guarded(a.rule) && !is_year_context(text, m.start(), m.end(), p, a.rule) {
                continue;
            }
            // A year glued to a capitalized word by scraped markup
            // (`Apr 4th 2020SEOUL`) ends where the word begins.
            let end = c.name("glued").map_or(m.end(), |g| g.start());
            out.push(Cand {
                span: m.start()..end,
                value,
                granularity,
                rule: a.rule,
            });
        }
    }
    out
}

/// Whether a candidate of `rule` must stand in a year's context (see
/// `is_year_context`): a number that may be a count or an identifier.
fn guarded(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::DateYear | Rule::DateYearRangeShort | Rule::DateIso
    )
}

/// Keeps the longest candidate wherever candidates overlap (earlier start
/// breaks ties), so `2025-08-22` beats the year `2025` inside it.
pub(super) fn resolve_overlaps(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        (b.span.len(), a.span.start, a.rule).cmp(&(a.span.len(), b.span.start, b.rule))
    });
    let mut taken = crate::extractor::SpanSet::for_spans(cands.iter().map(|c| &c.span));
    let mut kept: Vec<Cand> = cands
        .into_iter()
        .filter(|c| taken.insert(&c.span))
        .collect();
    kept.sort_by_key(|c| c.span.start);
    kept
}

/// Joins neighbouring dates into ranges and turns kept candidates into facts.
pub(super) fn join_ranges(text: &str, p: &Patterns, atoms: Vec<Cand>) -> Vec<DateFact> {
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
                    subject_link: SubjectLink::None,
                });
                i += 2;
                continue;
            }
        }
        // The open end's dash comes first, after white space at most: a
        // test of a few bytes before the pattern (and its captures' memory)
        // for each date.
        let rest = &text[a.span.end..];
        let dash_next = rest.trim_start().starts_with('-');
        if let Some(whole) = dash_next.then(|| p.present_end.find(rest)).flatten() {
            out.push(DateFact {
                span: a.span.start..a.span.end + whole.end(),
                value: format!("{}/PRESENT_REF", a.value),
                granularity: Granularity::Range,
                anchor_value: String::new(),
                anchor_span: None,
                rule: Rule::DateRangeOpen,
                subject: String::new(),
                subject_type: "",
                subject_link: SubjectLink::None,
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
            subject_link: SubjectLink::None,
        });
        i += 1;
    }
    out
}

/// Sort key of a value's start: `199X` sorts as 1990.
pub(super) fn sort_key(v: &str) -> String {
    v.replace('X', "0")
}

/// Sort key of a value's end: `199X` sorts as 1999.
pub(super) fn sort_key_end(v: &str) -> String {
    v.replace('X', "9")
}
