//! The one gazetteer of countries: every rule that needs a country (whose
//! body a name is, whose troops a figure counts, which place labels a list
//! item, which forces the checks compare) reads it from here.
//!
//! `data/gazetteer.csv` has one row per surface form: `country,form,surface`,
//! sorted by country, form and surface. To add a country or an alias
//! (`PRC`, `the Peninsula`), add a row; a test keeps the file well formed.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::prefixes::NameStarts;

/// What a surface form is of its country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    /// The country's name or a formal name (`South Korea`, `Republic of Korea`).
    Name,
    /// An abbreviation (`U.S.`, `ROK`, `PRC`).
    Short,
    /// The adjective (`American`, `Chinese`).
    Demonym,
    /// The capital standing for the government (`Seoul`), read only around
    /// a name, never inside one.
    Capital,
    /// A name that is the country only in the possessive (`Korea's`; the
    /// `Korea` of `Korean People's Army` is no one's in particular).
    Possessive,
    /// A territory or island of the country (`Guam`, `Okinawa`): a place,
    /// never an owner.
    Territory,
    /// A region, not a state (`Middle East`, `Baltic States`): a place only.
    Region,
}

impl Form {
    /// The name in the data file.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Name => "name",
            Form::Short => "short",
            Form::Demonym => "demonym",
            Form::Capital => "capital",
            Form::Possessive => "possessive",
            Form::Territory => "territory",
            Form::Region => "region",
        }
    }

    fn parse(s: &str) -> Option<Form> {
        [
            Form::Name,
            Form::Short,
            Form::Demonym,
            Form::Capital,
            Form::Possessive,
            Form::Territory,
            Form::Region,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }
}

/// The forms that name the state itself (an owner, a body's country).
pub const STATE_FORMS: &[Form] = &[Form::Name, Form::Short, Form::Demonym];

/// One row of the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The country (or region) the surface names, as written in the tables.
    pub country: &'static str,
    /// What the surface is of it.
    pub form: Form,
    /// The surface form, case as written in text.
    pub surface: &'static str,
}

const DATA: &str = include_str!("../data/gazetteer.csv");

static ENTRIES: LazyLock<Vec<Entry>> =
    LazyLock::new(|| parse(DATA).expect("data/gazetteer.csv is well formed (see its test)"));

/// Parses the file; the error names the first bad line.
fn parse(data: &'static str) -> Result<Vec<Entry>, String> {
    let mut lines = data.lines();
    if lines.next() != Some("country,form,surface") {
        return Err("header must be country,form,surface".into());
    }
    lines
        .enumerate()
        .map(|(i, line)| {
            let mut f = line.split(',');
            let (Some(country), Some(form), Some(surface), None) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                return Err(format!("line {}: three fields expected: {line:?}", i + 2));
            };
            let form = Form::parse(form)
                .ok_or_else(|| format!("line {}: unknown form {form:?}", i + 2))?;
            Ok(Entry {
                country,
                form,
                surface,
            })
        })
        .collect()
}

/// Every row.
pub fn entries() -> &'static [Entry] {
    &ENTRIES
}

/// The rows of the given forms, as (surface, country) pairs.
pub fn pairs(forms: &[Form]) -> Vec<(&'static str, &'static str)> {
    entries()
        .iter()
        .filter(|e| forms.contains(&e.form))
        .map(|e| (e.surface, e.country))
        .collect()
}

/// The surfaces of the given forms.
pub fn surfaces(forms: &[Form]) -> Vec<&'static str> {
    pairs(forms).into_iter().map(|p| p.0).collect()
}

/// A regex alternation of `names`, escaped, longest first (so that a
/// name is never cut short by a shorter one it starts with), without
/// duplicates; ties keep their order.
pub fn alternation(names: &[&str]) -> String {
    let mut all: Vec<&str> = names.to_vec();
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut seen = std::collections::HashSet::new();
    all.retain(|s| seen.insert(*s));
    all.iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|")
}

/// A regex finding any of `names` as whole words, longest first, a space
/// in a name matching any run of white space (hard-wrapped text breaks
/// names across lines).
pub fn names_regex(names: &[&str]) -> regex::Regex {
    // A name ending in a full stop (`U.S.`) has no word boundary after it.
    let (dotted, words): (Vec<&str>, Vec<&str>) = names.iter().partition(|n| n.ends_with('.'));
    let alt = |v: &[&str]| alternation(v).replace(' ', r"\s+");
    let mut pattern = format!(r"(?-u:\b)(?:{})(?-u:\b)", alt(&words));
    if !dotted.is_empty() {
        pattern = format!(r"(?-u:\b)(?:{})|{pattern}", alt(&dotted));
    }
    regex::Regex::new(&pattern).expect("valid names regex")
}

/// The states a text names (by name, short form or demonym), each once,
/// sorted.
pub fn states_named(text: &str) -> Vec<&'static str> {
    let capitals = crate::bytescan::capital_positions(text.as_bytes());
    states_named_from(text, &capitals)
}

/// [`states_named`], given the text's bytes that can begin a capital
/// ([`TextView::capitals`](crate::textview::TextView::capitals)).
pub fn states_named_from(text: &str, capitals: &[usize]) -> Vec<&'static str> {
    // One automaton, leftmost-longest, as a whole-text search would give:
    // every name begins with a capital, so the automaton runs anchored at
    // the capitals only, from the end of the last match on (the leftmost
    // match starts at the first of them that begins one). On the archive
    // 1.6 ms/MB against 2.1 for the DFA over every byte. Names are matched
    // as written with single spaces, whole words.
    static NAMES: LazyLock<StateNames> = LazyLock::new(|| {
        let pairs = pairs(&[Form::Name, Form::Short, Form::Demonym]);
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(pairs.iter().map(|p| p.0))
            .expect("valid automaton");
        let starts = NameStarts::new(pairs.iter().map(|p| p.0));
        let mut sorted: Vec<&'static str> = pairs.iter().map(|p| p.1).collect();
        sorted.sort_unstable();
        sorted.dedup();
        StateNames {
            ac,
            state_of: pairs
                .iter()
                .map(|p| sorted.binary_search(&p.1).expect("listed"))
                .collect(),
            sorted,
            starts,
        }
    });
    let names = &*NAMES;
    let bytes = text.as_bytes();
    // Which states were named, by place in `sorted`: a text names the
    // same few states again and again (a sort of every mention cost as
    // much as finding them on a large corpus).
    let mut named = vec![false; names.sorted.len()];
    let mut at = 0;
    for &p in capitals {
        if p < at || !names.starts.may_begin(bytes, p) {
            continue;
        }
        let input = aho_corasick::Input::new(text)
            .range(p..)
            .anchored(aho_corasick::Anchored::Yes);
        if let Some(m) = names.ac.find(input) {
            if whole_word(bytes, m.start(), m.end()) {
                named[names.state_of[m.pattern().as_usize()]] = true;
            }
            at = m.end();
        }
    }
    names
        .sorted
        .iter()
        .zip(named)
        .filter_map(|(s, n)| n.then_some(*s))
        .collect()
}

struct StateNames {
    ac: aho_corasick::AhoCorasick,
    /// Every state a pattern names, sorted, each once.
    sorted: Vec<&'static str>,
    /// Per pattern, its state's place in `sorted`.
    state_of: Vec<usize>,
    /// Where a name may begin. Every name begins with a capital, so the
    /// view's list of capitals holds every start (the data file's test
    /// checks).
    starts: NameStarts,
}

/// A match standing as whole words: no letter or digit joined to either
/// end (a name ending in a full stop, `U.S.`, needs none after it).
fn whole_word(bytes: &[u8], start: usize, end: usize) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric();
    let before = start == 0 || !word(bytes[start - 1]);
    let last = bytes[end - 1];
    let after = end == bytes.len() || !word(last) || !word(bytes[end]);
    before && after
}

/// The state a surface names exactly (name, short form or demonym).
pub fn state_of(surface: &str) -> Option<&'static str> {
    // Looked up per name in the chunker and the claims: an index, not a
    // scan of the table. The first row of a surface wins, as a scan's would.
    static INDEX: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
        let mut index = HashMap::new();
        for e in entries().iter().filter(|e| STATE_FORMS.contains(&e.form)) {
            index.entry(e.surface).or_insert(e.country);
        }
        index
    });
    INDEX.get(surface).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `states_named` as first written: the unanchored leftmost-longest
    /// automaton over every byte, the reference of the anchored search.
    fn states_named_reference(text: &str) -> Vec<&'static str> {
        static NAMES: LazyLock<(aho_corasick::AhoCorasick, Vec<&'static str>)> =
            LazyLock::new(|| {
                let pairs = pairs(&[Form::Name, Form::Short, Form::Demonym]);
                let ac = aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(pairs.iter().map(|p| p.0))
                    .expect("valid automaton");
                (ac, pairs.into_iter().map(|p| p.1).collect())
            });
        let (ac, states) = &*NAMES;
        let mut found: Vec<&'static str> = ac
            .find_iter(text)
            .filter(|m| whole_word(text.as_bytes(), m.start(), m.end()))
            .map(|m| states[m.pattern().as_usize()])
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Every state surface, and glue: spaces, stops, possessives, letters
    /// that join a name to a word.
    fn test_words() -> Vec<&'static str> {
        let mut words = surfaces(STATE_FORMS);
        words.extend([
            "South", "North", "United", "X", "x", "n", "'s", " ", " ", " ", "", ".", "-", "\u{e9}",
        ]);
        words
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Names glued to words, overlapping (`South Korea` in `XSouth
        /// Korean`), possessive, with full stops: the same states.
        #[test]
        fn anchored_search_names_the_states_the_whole_text_search_did(
            parts in proptest::collection::vec(
                proptest::sample::select(test_words()),
                0..12,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(states_named(&text), states_named_reference(&text));
        }
    }

    #[test]
    fn states_named_in_a_text() {
        let t = "Japanese and U.S. officials met in South Korea; Japan agreed (not Japanism).";
        assert_eq!(states_named(t), ["Japan", "South Korea", "United States"]);
    }

    #[test]
    fn the_file_is_well_formed_sorted_and_without_duplicates() {
        let rows = parse(DATA).unwrap();
        assert!(rows.len() > 100);
        for e in &rows {
            // The state names are searched from capitals only.
            let first = e.surface.as_bytes()[0];
            assert!(crate::bytescan::may_begin_capital(first), "{e:?}");
            for field in [e.country, e.surface] {
                assert!(!field.is_empty() && field.trim() == field, "{e:?}");
                assert!(!field.contains('"'), "{e:?}");
            }
        }
        let keys: Vec<_> = rows
            .iter()
            .map(|e| (e.country, e.form, e.surface))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_by(|a, b| (a.0, a.1.as_str(), a.2).cmp(&(b.0, b.1.as_str(), b.2)));
        sorted.dedup();
        assert_eq!(
            keys, sorted,
            "data/gazetteer.csv must be sorted, no duplicate rows"
        );
        // A surface names one country.
        let mut seen = std::collections::HashMap::new();
        for e in &rows {
            if let Some(other) = seen.insert(e.surface, e.country) {
                assert_eq!(other, e.country, "{} names two countries", e.surface);
            }
        }
    }

    #[test]
    fn bad_rows_are_errors_naming_their_line() {
        assert!(parse("country,form,surface\nX,planet,Y\n")
            .unwrap_err()
            .contains("line 2"));
        assert!(parse("country,form,surface\nX,name\n")
            .unwrap_err()
            .contains("line 2"));
        assert!(parse("name,surface\n").is_err());
    }

    #[test]
    fn alternations_put_longer_names_first() {
        assert_eq!(
            alternation(&["U.S.", "US", "U.S.A.", "US"]),
            r"U\.S\.A\.|U\.S\.|US"
        );
    }

    #[test]
    fn aliases_name_their_state() {
        for (surface, state) in [
            ("U.S.", "United States"),
            ("American", "United States"),
            ("ROK", "South Korea"),
            ("Republic of Korea", "South Korea"),
            ("PRC", "China"),
            ("Chinese", "China"),
        ] {
            assert_eq!(state_of(surface), Some(state), "{surface}");
        }
        assert_eq!(state_of("Seoul"), None, "a capital is not the state itself");
        assert_eq!(state_of("Middle East"), None);
    }

    #[test]
    fn the_index_answers_as_a_scan_of_the_table() {
        let scan = |surface: &str| {
            entries()
                .iter()
                .find(|e| STATE_FORMS.contains(&e.form) && e.surface == surface)
                .map(|e| e.country)
        };
        for e in entries() {
            assert_eq!(state_of(e.surface), scan(e.surface), "{}", e.surface);
        }
        assert_eq!(state_of(""), None);
    }
}
