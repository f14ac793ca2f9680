//! Word lists as data: each `data/words/NAME.csv` holds one column, `word`,
//! sorted, one word a line, compiled in. A rule that tests membership in a
//! list reads it from there, so a word is added without touching code:
//!
//! - `event_nouns.csv`: Head nouns of named events (`... Summit`, `... War`): subjects of dates, not bodies. (bodies.rs)
//! - `forces_qualifiers.csv`: Words before `Forces` that make the phrase a military body (`Armed Forces`). (bodies.rs)
//! - `function_words.csv`: Function words a long form may hold without a letter of the short form (`Department of Defense`). (acronyms.rs)
//! - `generic_modifiers.csv`: Words that, with head nouns only, make a generic name many bodies share (`Working Group`, `Senate Committee`). (bodies.rs)
//! - `generic_site_words.csv`: Words of a generic site name (`Naval Base`), which keeps its `in <place>`. (bodies.rs)
//! - `leading_stop.csv`: Words a capitalized phrase drops from its start (sentence openers, pronouns, determiners). (bodies.rs)
//! - `name_continuing.csv`: Words after which a name goes on past a line break or a lower-case word. (bodies.rs)
//! - `people.csv`: Titles and kin words that open a person's name or role (`Secretary of Defense`), never a body. (bodies.rs)

/// The words of one list file (its header dropped). The lists are checked
/// well formed by this module's tests; a malformed line is kept as is.
pub fn parse(data: &'static str) -> Vec<&'static str> {
    data.lines().skip(1).filter(|l| !l.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    /// Every list, by file name.
    const LISTS: &[(&str, &str)] = &[
        ("event_nouns", include_str!("../data/words/event_nouns.csv")),
        (
            "forces_qualifiers",
            include_str!("../data/words/forces_qualifiers.csv"),
        ),
        (
            "function_words",
            include_str!("../data/words/function_words.csv"),
        ),
        (
            "generic_site_words",
            include_str!("../data/words/generic_site_words.csv"),
        ),
        (
            "generic_modifiers",
            include_str!("../data/words/generic_modifiers.csv"),
        ),
        (
            "leading_stop",
            include_str!("../data/words/leading_stop.csv"),
        ),
        (
            "name_continuing",
            include_str!("../data/words/name_continuing.csv"),
        ),
        ("people", include_str!("../data/words/people.csv")),
    ];

    #[test]
    fn every_list_is_well_formed_sorted_and_without_duplicates() {
        for (name, data) in LISTS {
            let words = crate::testutil::sorted_rows(name, data, "word");
            assert!(!words.is_empty(), "{name}: empty");
            for w in &words {
                assert!(!w.is_empty() && w.trim() == *w, "{name}: {w:?}");
                assert!(!w.contains(',') && !w.contains('"'), "{name}: {w:?}");
            }
        }
    }
}
