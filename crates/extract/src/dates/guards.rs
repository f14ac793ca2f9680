//! Guards: numbers that look like dates but are not (a year that is a
//! count or a designator, a clock time).

use super::*;

/// Guards bare numbers that look like years: report numbers (`No. 2025-27(S)`,
/// `Brief (2025-23)`), counts (`2000 troops`, `1,953`), money, designators
/// (`KF-2025`), and weak years before 1500 without a cue.
pub(super) fn is_year_context(
    text: &str,
    start: usize,
    end: usize,
    p: &Patterns,
    rule: Rule,
) -> bool {
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

/// `after` without a leading time of day (`09:15:33 `, `14:30`).
pub(super) fn strip_clock(after: &str) -> &str {
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
pub(super) fn is_clock_time(after: &str) -> bool {
    static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[,|*-]\s*|at\s+)?[0-2]?[0-9][:.][0-5][0-9](?:\s*(?:[AaPp]\.?[Mm]\.?))?(?:\s*\(?[A-Z]{1,5}(?:[+-][0-9]{1,2})?\)?)?\s*\**$")
            .expect("valid regex")
    });
    CLOCK.is_match(after)
}
