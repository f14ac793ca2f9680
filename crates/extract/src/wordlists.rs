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
///
/// Most words asked about are in no list, so a question first meets two
/// bit sets, of the words' lengths and of their first bytes (ASCII-folded
/// for the case-insensitive test): a word whose length or first letter
/// no listed word has is answered without hashing it.
///
/// A word of up to seven bytes (most asked about: `The`, `In`, `Army`)
/// is looked up as one integer (`pack`): no string hashed, and for the
/// case-insensitive test no buffer folded and checked as UTF-8 again.
#[derive(Debug, Clone)]
pub struct WordSet {
    words: foldhash::HashSet<&'static str>,
    folded: foldhash::HashSet<String>,
    /// The words of up to seven bytes, packed.
    packed: foldhash::HashSet<u64>,
    /// The same, ASCII-lower-cased.
    packed_folded: foldhash::HashSet<u64>,
    longest: usize,
    /// Bit `n` set when a word is `n` bytes long (63: that long or longer).
    lengths: u64,
    /// Bit `b` set when a word begins with byte `b`, as listed.
    firsts: [u64; 4],
    /// The same of the words' ASCII-lower-cased first bytes.
    folded_firsts: [u64; 4],
}

/// `bits` with bit `b` set.
fn with_bit(mut bits: [u64; 4], b: u8) -> [u64; 4] {
    bits[usize::from(b >> 6)] |= 1 << (b & 63);
    bits
}

fn has_bit(bits: &[u64; 4], b: u8) -> bool {
    bits[usize::from(b >> 6)] & (1 << (b & 63)) != 0
}

fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// Longest word looked up packed.
const PACKED: usize = 7;

/// Up to [`PACKED`] bytes and their count in one integer, ASCII-lower-cased
/// if asked: equal keys are equal byte strings (the count tells `ab` from
/// `ab\0`).
fn pack(bytes: &[u8], fold: bool) -> u64 {
    let mut key = [0u8; 8];
    key[..bytes.len()].copy_from_slice(bytes);
    if fold {
        key[..PACKED].make_ascii_lowercase();
    }
    key[PACKED] = bytes.len() as u8;
    u64::from_le_bytes(key)
}

impl WordSet {
    /// The words of one list file (see [`parse`]).
    pub fn parse(data: &'static str) -> Self {
        let words: foldhash::HashSet<&'static str> = parse(data).into_iter().collect();
        let folded = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        let firsts = words.iter().map(|w| w.as_bytes().first().copied());
        let short = || words.iter().filter(|w| w.len() <= PACKED);
        WordSet {
            packed: short().map(|w| pack(w.as_bytes(), false)).collect(),
            packed_folded: short().map(|w| pack(w.as_bytes(), true)).collect(),
            lengths: words.iter().fold(0, |bits, w| bits | length_bit(w.len())),
            firsts: firsts.clone().flatten().fold([0; 4], with_bit),
            folded_firsts: firsts
                .flatten()
                .map(|b| b.to_ascii_lowercase())
                .fold([0; 4], with_bit),
            words,
            folded,
            longest,
        }
    }

    /// Whether `w` is in the list, exactly (the signature of a slice's
    /// `contains`, so a list reads as one).
    pub fn contains(&self, w: &&str) -> bool {
        let may = self.lengths & length_bit(w.len()) != 0
            && w.as_bytes()
                .first()
                .is_none_or(|&b| has_bit(&self.firsts, b));
        may && if w.len() <= PACKED {
            self.packed.contains(&pack(w.as_bytes(), false))
        } else {
            self.words.contains(w)
        }
    }

    /// Whether `w` is in the list but for ASCII case (as
    /// `eq_ignore_ascii_case` against each word would say).
    pub fn contains_ignore_ascii_case(&self, w: &str) -> bool {
        const LONGEST_FOLDED: usize = 64;
        if w.len() > self.longest || w.len() > LONGEST_FOLDED {
            return false;
        }
        let may = self.lengths & length_bit(w.len()) != 0
            && w.as_bytes()
                .first()
                .is_none_or(|&b| has_bit(&self.folded_firsts, b.to_ascii_lowercase()));
        if !may {
            return false;
        }
        if w.len() <= PACKED {
            return self.packed_folded.contains(&pack(w.as_bytes(), true));
        }
        let mut buf = [0u8; LONGEST_FOLDED];
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
    /// A list with words of every length class the bit sets hold (one
    /// past 63 bytes), a non-ASCII first letter and mixed case.
    const ODD_LIST: &str = "word\nA\nab\nAbc\n\u{e9}t\u{e9}\nzz\nqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n";

    #[test]
    fn long_and_non_ascii_words_pass_the_bit_sets() {
        let set = super::WordSet::parse(ODD_LIST);
        for w in super::parse(ODD_LIST) {
            assert!(set.contains(&w), "{w}");
        }
        assert!(set.contains_ignore_ascii_case("ZZ") && set.contains_ignore_ascii_case("aBC"));
        assert!(!set.contains(&"q".repeat(71).as_str()));
        assert!(!set.contains(&"\u{e9}"));
    }

    proptest::proptest! {
        /// Any word: the bit sets never turn away a listed one.
        #[test]
        fn the_bit_sets_never_turn_a_listed_word_away(w in "([aAbBcCzZq]|\u{e9}|t){0,70}") {
            let list = super::parse(ODD_LIST);
            let set = super::WordSet::parse(ODD_LIST);
            let w = w.as_str();
            proptest::prop_assert_eq!(set.contains(&w), list.contains(&w));
            proptest::prop_assert_eq!(
                set.contains_ignore_ascii_case(w),
                list.iter().any(|l| l.eq_ignore_ascii_case(w))
            );
        }
    }

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
