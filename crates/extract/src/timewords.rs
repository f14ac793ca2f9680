//! Calendar words every extractor may need to tell a time from a name:
//! month names (as a pattern) and weekdays. A leaf module: dates, bodies
//! and troops read it, it reads none of them.

use std::sync::LazyLock;

use regex::Regex;

/// A month name, full, abbreviated or shouted (group `month`).
pub(crate) const MONTH: &str = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?-u:\b)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?-u:\b)\.?|(?:JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)\.)";

/// Weekday names, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = [
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
