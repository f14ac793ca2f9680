//! Calendar words every extractor may need to tell a time from a name:
//! month names (as a pattern) and weekdays. A leaf module: dates, bodies
//! and troops read it, it reads none of them.

use std::sync::LazyLock;

use regex::Regex;

/// A month name, full, abbreviated or shouted (group `month`).
pub(crate) const MONTH: &str = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?-u:\b)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?-u:\b)\.?|(?:JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)\.)";

/// Month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

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
    // Every such word is two to nine bytes and opens with one of these
    // capitals: most capitalized words are settled without the pattern.
    let may = (2..=9).contains(&w.len()) && b"ADFJMNOSTW".contains(&w.as_bytes()[0]);
    may && (WEEKDAYS.contains(&w)
        || MONTH_WORD.is_match(w)
        || matches!(w, "FY" | "Spring" | "Summer" | "Autumn" | "Fall" | "Winter"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `is_time_word` without its pre-test of length and first byte.
    fn by_the_lists(w: &str) -> bool {
        let month = Regex::new(&format!("^{MONTH}$")).expect("valid regex");
        WEEKDAYS.contains(&w)
            || month.is_match(w)
            || matches!(w, "FY" | "Spring" | "Summer" | "Autumn" | "Fall" | "Winter")
    }

    #[test]
    fn every_time_word_passes() {
        let mut words: Vec<String> = Vec::new();
        for m in MONTH_NAMES {
            words.push(m.to_string());
            words.push(m.to_uppercase());
            let short = if m == "September" { "Sept" } else { &m[..3] };
            for s in [short, &m[..3]] {
                words.push(s.to_string());
                words.push(format!("{s}."));
                words.push(format!("{}.", s.to_uppercase()));
            }
        }
        words.extend(WEEKDAYS.iter().map(|w| w.to_string()));
        words.extend(["FY", "Spring", "Summer", "Autumn", "Fall", "Winter"].map(String::from));
        for w in words {
            assert_eq!(is_time_word(&w), by_the_lists(&w), "{w}");
        }
        assert!(is_time_word("SEPT."));
        assert!(is_time_word("Wednesday"));
        assert!(!is_time_word("Korea"));
        assert!(!is_time_word("Mayday"));
    }

    proptest! {
        /// The pre-test only settles words the lists would refuse.
        #[test]
        fn the_pre_test_refuses_only_what_the_lists_refuse(w in "[A-Za-z.]{0,11}") {
            prop_assert_eq!(is_time_word(&w), by_the_lists(&w));
        }
    }
}
