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

/// A word list for membership tests: hashed (the rules ask per token, and
/// a scan of a hundred words per token was a measurable part of the
/// chunker, a binary search still 1.7% of a run), and folded to lower case
/// once for case-insensitive lookups.
#[derive(Debug, Clone)]
pub struct WordSet {
    words: foldhash::HashSet<&'static str>,
    folded: foldhash::HashSet<String>,
    longest: usize,
}

impl WordSet {
    /// The words of one list file (see [`parse`]).
    pub fn parse(data: &'static str) -> Self {
        let words: foldhash::HashSet<&'static str> = parse(data).into_iter().collect();
        let folded = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        WordSet {
            words,
            folded,
            longest,
        }
    }

    /// Whether `w` is in the list, exactly (the signature of a slice's
    /// `contains`, so a list reads as one).
    pub fn contains(&self, w: &&str) -> bool {
        self.words.contains(w)
    }

    /// Whether `w` is in the list but for ASCII case (as
    /// `eq_ignore_ascii_case` against each word would say).
    pub fn contains_ignore_ascii_case(&self, w: &str) -> bool {
        let mut buf = [0u8; 64];
        if w.len() > self.longest || w.len() > buf.len() {
            return false;
        }
        let folded = &mut buf[..w.len()];
        folded.copy_from_slice(w.as_bytes());
        folded.make_ascii_lowercase();
        std::str::from_utf8(folded).is_ok_and(|f| self.folded.contains(f))
    }
}

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

    /// A set answers as a scan of its list does, exactly and ignoring ASCII
    /// case, for its words in every case and for words it lacks.
    #[test]
    fn a_word_set_answers_as_a_scan_of_its_list() {
        for (name, data) in LISTS {
            let list = super::parse(data);
            let set = super::WordSet::parse(data);
            let mut probes: Vec<String> = Vec::new();
            for w in &list {
                probes.push(w.to_string());
                probes.push(w.to_ascii_uppercase());
                probes.push(format!("{w}s"));
                probes.push(w[..w.len() - 1].to_string());
                let mut cap = w.to_string();
                cap[..1].make_ascii_uppercase();
                probes.push(cap);
            }
            probes.extend(["", "x", "\u{e9}t\u{e9}", "Zzzz"].map(String::from));
            for p in &probes {
                let p = p.as_str();
                assert_eq!(set.contains(&p), list.contains(&p), "{name}: {p:?}");
                assert_eq!(
                    set.contains_ignore_ascii_case(p),
                    list.iter().any(|w| w.eq_ignore_ascii_case(p)),
                    "{name}: {p:?}"
                );
            }
        }
    }
}
