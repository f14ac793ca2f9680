//! Whose body a name is: the country a name carries (`ROK Navy`, `Japanese
//! Ministry of Defense`, `Ministry of National Defense of the Republic of
//! Korea`) or that the text gives it (`Taiwan's Ministry of National
//! Defense`, `the ROK government's Indo-Pacific Strategy`).
//!
//! Every state has a ministry of defense, a navy, a national assembly and a
//! joint chiefs of staff: without their country, such names from documents
//! about different states would reconcile into one entity. Reconciliation
//! keys a name by its base (the name without its country words) and its
//! country.

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use regex::Regex;

use crate::gazetteer::{self, Form, STATE_FORMS};

/// Country names as written (capitalized; `US` only in capitals, so that
/// the pronoun never counts), their demonyms and short forms, with the
/// country each one names: the gazetteer's state forms.
static SURFACES: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| gazetteer::pairs(STATE_FORMS));

/// A bare `Korea's` is the South in the possessive, while the `Korea` or
/// `Korean` of a name is no one's in particular (`Korean People's Army`,
/// `Korean Armistice Agreement`, `Korea Institute for Defense Analyses`).
static POSSESSIVE_ONLY: LazyLock<Vec<(&str, &str)>> =
    LazyLock::new(|| gazetteer::pairs(&[Form::Possessive]));

/// Capitals standing for their governments, recognized only around a name
/// (`Seoul's Ministry of National Defense`, `the Ministry of National
/// Defense in Seoul`), never inside one.
static CAPITALS: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| gazetteer::pairs(&[Form::Capital]));

/// The long names `fold` writes as their short form, in the order they
/// are replaced (the longest of a state's first), framed by spaces so that
/// only whole words are.
const STATE_SHORT_NAMES: [(&str, &str); 6] = [
    (" united states of america ", " us "),
    (" united states ", " us "),
    (" usa ", " us "),
    (" republic of korea ", " rok "),
    (" south korea ", " rok "),
    (" south korean ", " rok "),
];

/// Folds a name for matching: lower case, no full stops or apostrophes,
/// other punctuation as spaces, and the long names of the two states this
/// corpus names most in their short form (`United States` = `U.S.` =
/// `us`, `Republic of Korea` = `South Korea` = `rok`).
pub fn fold(name: &str) -> String {
    // Built in one pass, the words already joined by single spaces and
    // framed by a space each side for the whole-word replacements; called
    // for every distinct name of every document, so no per-word strings.
    let mut joined = String::with_capacity(name.len() + 2);
    joined.push(' ');
    let mut gap = false;
    for c in name.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\'' | '.' => {}
            c if c.is_alphanumeric() => {
                if gap && joined.len() > 1 {
                    joined.push(' ');
                }
                gap = false;
                if c.is_ascii() {
                    joined.push(c.to_ascii_lowercase());
                } else {
                    joined.extend(c.to_lowercase());
                }
            }
            _ => gap = true,
        }
    }
    joined.push(' ');
    for (from, to) in STATE_SHORT_NAMES {
        if joined.contains(from) {
            joined = joined.replace(from, to);
        }
    }
    joined.trim().to_string()
}

/// Folded country words (one to three words) and the country each names.
static FOLDED: LazyLock<foldhash::HashMap<String, &'static str>> = LazyLock::new(|| {
    SURFACES
        .iter()
        .map(|&(surface, nation)| (fold(surface), nation))
        .collect()
});

/// The country words at `words[at..]`, longest first: (country, words used).
/// `words` are slices of `folded`: where single spaces separate them, a
/// phrase of them is a slice of `folded` too, and needs no joining.
fn nation_at(folded: &str, words: &[&str], at: usize) -> Option<(&'static str, usize)> {
    let offset = |w: &str| w.as_ptr() as usize - folded.as_ptr() as usize;
    (1..=3).rev().find_map(|n| {
        let phrase = words.get(at..at + n)?;
        let (start, last) = (offset(phrase[0]), phrase[n - 1]);
        let end = offset(last) + last.len();
        let joined_len = phrase.iter().map(|w| w.len() + 1).sum::<usize>() - 1;
        let nation = if end - start == joined_len {
            FOLDED.get(&folded[start..end])
        } else {
            FOLDED.get(&phrase.join(" "))
        };
        nation.map(|&nation| (nation, n))
    })
}

/// A name split into its countries and its base: the leading country words
/// (`ROK`, `U.S.-ROK`, `Japanese`) and a closing `of (the) <country>` go to
/// the countries, the rest is the base. Works on folded names (see
/// [`fold`]); a name that is only country words keeps them as its base.
pub fn split_folded(folded: &str) -> (Vec<&'static str>, String) {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut nations: Vec<&'static str> = Vec::new();
    // Leading descriptors go too, as in every fingerprint (`the`,
    // `Bilateral`), wherever they stand among the country words.
    let mut start = 0;
    loop {
        let rest = words.len() - start;
        if rest > 1 && matches!(words[start], "the" | "bilateral" | "trilateral") {
            start += 1;
            continue;
        }
        match nation_at(folded, &words, start) {
            // A list of countries is the name itself (`Australia, New
            // Zealand and United States Security Treaty`).
            Some((_, n)) if words.get(start + n) == Some(&"and") => {
                nations.clear();
                start = 0;
                break;
            }
            Some((nation, n)) if n < rest => {
                nations.push(nation);
                start += n;
            }
            // Only countries: a list again (`Australia-UK-US`).
            Some(_) if !nations.is_empty() => {
                nations.clear();
                start = 0;
                break;
            }
            _ => break,
        }
    }
    let mut end = words.len();
    // `... of (the) Republic of Korea`: the trailing country, found from
    // each `of` that leaves a base of two words or more.
    for of in (start + 2..end).rev().filter(|&i| words[i] == "of") {
        let at = of + 1 + usize::from(words.get(of + 1) == Some(&"the"));
        if let Some((nation, n)) = nation_at(folded, &words, at) {
            if at + n == end {
                nations.push(nation);
                end = of;
                break;
            }
        }
    }
    nations.sort_unstable();
    nations.dedup();
    (nations, words[start..end].join(" "))
}

/// Each base name given exactly one country by `names` (base, country
/// pairs; an empty country gives none), with that country: the one a
/// mention of the name that says no country can take.
pub fn only_countries<'a>(
    names: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> HashMap<&'a str, &'a str> {
    let mut given: HashMap<&str, Option<&str>> = HashMap::new();
    for (base, nation) in names.into_iter().filter(|(_, n)| !n.is_empty()) {
        given
            .entry(base)
            .and_modify(|only| {
                if *only != Some(nation) {
                    *only = None;
                }
            })
            .or_insert(Some(nation));
    }
    given
        .into_iter()
        .filter_map(|(base, only)| Some((base, only?)))
        .collect()
}

/// The country (or countries, `/`-joined, for a bilateral name) a name
/// carries in its own words; empty when it carries none.
pub fn of_name(name: &str) -> String {
    split_folded(&fold(name)).0.join("/")
}

/// The alternation of the surfaces of these lists, longest first.
fn alternation(lists: &[&[(&str, &str)]]) -> String {
    let all: Vec<&str> = lists.iter().flat_map(|l| l.iter().map(|p| p.0)).collect();
    gazetteer::alternation(&all)
}

/// A possessive country just before a name: `Taiwan's`, `the ROK
/// government's`, `Seoul's`, `the Philippines'`, with at most one
/// lower-case word between (`Korea's inaugural Indo-Pacific Strategy`).
static POSSESSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^\w.])(?P<n>{})(?:'s?|\s+(?:government|administration|military|state)'s)\s+(?:(?P<word>[a-z][a-z-]*)\s+)?$",
        alternation(&[&SURFACES, &CAPITALS, &POSSESSIVE_ONLY])
    ))
    .expect("valid regex")
});

/// Words that cannot stand between a possessive and the name it owns: in
/// `Japan's ambassador to NATO` the name is not Japan's.
const NOT_BETWEEN: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "than", "that", "which", "who", "is", "was", "are", "were", "be", "been", "has",
    "have", "had", "will", "would", "said", "says", "told", "against", "into", "over", "under",
    "about", "after", "before", "since", "while", "when", "if", "not",
];

/// The country a possessive just before `start` gives the name there.
pub fn possessive_before(text: &str, start: usize) -> Option<&'static str> {
    // A possessive phrase is short: look at the last 80 bytes only.
    let mut from = start.saturating_sub(80);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    // Most names have no apostrophe before them: skip the regex then.
    memchr::memrchr(b'\'', &text.as_bytes()[from..start])?;
    let c = POSSESSIVE.captures(&text[from..start])?;
    if c.name("word")
        .is_some_and(|w| NOT_BETWEEN.contains(&w.as_str()))
    {
        return None;
    }
    let n = c.name("n")?.as_str();
    SURFACES
        .iter()
        .chain(CAPITALS.iter())
        .chain(POSSESSIVE_ONLY.iter())
        .find(|p| p.0 == n)
        .map(|p| p.1)
}

/// A capital just after a name (and its short form) says whose it is: `the
/// Ministry of National Defense (MND) in Seoul`.
static CAPITAL_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\s*\([^()\n]{{1,12}}\))?\s+in\s+(?P<n>{})(?:[^\w]|$)",
        alternation(&[&CAPITALS])
    ))
    .expect("valid regex")
});

/// The country a capital just after `end` gives the name before it.
pub fn capital_after(text: &str, end: usize) -> Option<&'static str> {
    let rest = &text[end..];
    // ` in ` comes within a short form's parenthesis: look no further.
    let window = &rest.as_bytes()[..rest.len().min(40)];
    memchr::memmem::find(window, b" in ")?;
    let mut cut = rest.len().min(60);
    while !rest.is_char_boundary(cut) {
        cut -= 1;
    }
    let n = CAPITAL_AFTER.captures(&rest[..cut])?.name("n")?.as_str();
    CAPITALS.iter().find(|p| p.0 == n).map(|p| p.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fold` as first written (collect, join, six replacements): the
    /// reference the one-pass form must equal.
    fn fold_reference(name: &str) -> String {
        let mut s = String::with_capacity(name.len());
        for c in name.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '\'' | '.' => {}
                c if c.is_alphanumeric() => s.extend(c.to_lowercase()),
                _ => s.push(' '),
            }
        }
        let words: Vec<&str> = s.split_whitespace().collect();
        let mut joined = format!(" {} ", words.join(" "));
        for (from, to) in STATE_SHORT_NAMES {
            joined = joined.replace(from, to);
        }
        joined.trim().to_string()
    }

    /// Names from country words, connectors and punctuation, so that
    /// replacements, country lookups and odd spacing all occur.
    fn names() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let word = proptest::sample::select(
            &[
                "United",
                "States",
                "of",
                "America",
                "USA",
                "U.S.",
                "Republic",
                "Korea",
                "South",
                "Korean",
                "the",
                "The",
                "and",
                "Japan",
                "Japanese",
                "Ministry",
                "Defense",
                "Navy",
                "ROK",
                "Bilateral",
                "North",
                "New",
                "Zealand",
                "\u{c9}tats",
                "O\u{2019}Neil",
                "1st",
                "-",
                ",",
                "",
                "KOREA",
            ][..],
        );
        let sep = proptest::sample::select(&[" ", "  ", "-", "", "\t", ". "][..]);
        proptest::collection::vec((word, sep), 0..8)
            .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
    }

    #[test]
    fn phrases_are_looked_up_whatever_the_spacing() {
        for folded in [
            "north korea navy",
            "north  korea navy",
            " new zealand",
            "the  japan",
        ] {
            let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
            let at = usize::from(words[0] == "the");
            assert_eq!(
                nation_at(folded, &words, at).map(|(_, n)| n),
                Some(if folded.contains("japan") { 1 } else { 2 }),
                "{folded:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_fold_equals_the_reference(name in names()) {
            proptest::prop_assert_eq!(fold(&name), fold_reference(&name));
        }

        /// Phrases sliced from the folded name find what joined words did,
        /// whatever the spacing of the string given.
        #[test]
        fn sliced_phrases_find_what_joined_ones_did(name in names(), spaced in proptest::bool::ANY) {
            let folded = if spaced { name.to_lowercase() } else { fold(&name) };
            let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
            for at in 0..words.len() {
                let joined = (1..=3).rev().find_map(|n| {
                    let phrase = words.get(at..at + n)?.join(" ");
                    FOLDED.get(&phrase).map(|&nation| (nation, n))
                });
                proptest::prop_assert_eq!(nation_at(&folded, &words, at), joined);
            }
        }
    }

    fn split(name: &str) -> (String, String) {
        let (n, base) = split_folded(&fold(name));
        (n.join("/"), base)
    }

    #[test]
    fn names_carry_their_country() {
        assert_eq!(split("ROK Navy"), ("South Korea".into(), "navy".into()));
        assert_eq!(split("U.S. Navy"), ("United States".into(), "navy".into()));
        assert_eq!(
            split("Japanese Ministry of Defense"),
            ("Japan".into(), "ministry of defense".into())
        );
        assert_eq!(
            split("Ministry of National Defense of the Republic of Korea"),
            ("South Korea".into(), "ministry of national defense".into())
        );
        assert_eq!(
            split("Republic of Korea Armed Forces"),
            split("ROK Armed Forces")
        );
        assert_eq!(
            split("U.S.-ROK Combined Forces Command"),
            (
                "South Korea/United States".into(),
                "combined forces command".into()
            )
        );
        assert_eq!(
            split("ROK-U.S. Combined Forces Command"),
            split("U.S.-ROK Combined Forces Command")
        );
        // `Korea` here is where the forces are, not whose.
        assert_eq!(
            split("United States Forces Korea"),
            ("United States".into(), "forces korea".into())
        );
        assert_eq!(
            split("the North Korean People's Army").0,
            "North Korea".to_string()
        );
        // No country: the name is its own base.
        assert_eq!(
            split("Joint Chiefs of Staff"),
            (String::new(), "joint chiefs of staff".into())
        );
        assert_eq!(split("Bank of England").0, "");
        // Country words alone stay a name.
        assert_eq!(split("Japan"), (String::new(), "japan".into()));
        assert_eq!(of_name("Joint Staff of Japan"), "Japan");
    }

    #[test]
    fn possessives_give_the_country() {
        let at = |s: &str, name: &str| possessive_before(s, s.find(name).unwrap());
        assert_eq!(
            at("Taiwan's Ministry of National Defense said", "Ministry"),
            Some("Taiwan")
        );
        assert_eq!(
            at(
                "the ROK government's inaugural Indo-Pacific Strategy (2022)",
                "Indo"
            ),
            Some("South Korea")
        );
        assert_eq!(
            at("Seoul's Joint Chiefs of Staff", "Joint"),
            Some("South Korea")
        );
        assert_eq!(
            at("the Philippines' Department of National Defense", "Dep"),
            Some("Philippines")
        );
        assert_eq!(
            at("South Korea's National Assembly", "National"),
            Some("South Korea")
        );
        // Not the name's owner.
        assert_eq!(at("Japan's ambassador to NATO", "NATO"), None);
        assert_eq!(at("It was Japan that the Ministry", "Ministry"), None);
        assert_eq!(at("told us's Ministry", "Ministry"), None);
        assert_eq!(at("Japan's support for the Quad", "Quad"), None);
        assert_eq!(
            at("Korea's Ministry of National Defense", "Ministry"),
            Some("South Korea")
        );
    }

    #[test]
    fn capitals_after_give_the_country() {
        let after = |s: &str, name: &str| capital_after(s, s.find(name).unwrap() + name.len());
        assert_eq!(
            after(
                "the Ministry of National Defense (MND) in Seoul has resumed",
                "Defense"
            ),
            Some("South Korea")
        );
        assert_eq!(
            after("the Defense Ministry in Tokyo said", "Ministry"),
            Some("Japan")
        );
        assert_eq!(
            after("the Defense Ministry in Tokyoite style", "Ministry"),
            None
        );
        assert_eq!(
            after("the Defense Ministry invested in Seoul", "Ministry"),
            None
        );
    }

    #[test]
    fn a_name_takes_only_its_only_country() {
        let only = only_countries([
            ("navy", "South Korea"),
            ("navy", ""),
            ("navy", "South Korea"),
            ("ministry of defense", "Japan"),
            ("ministry of defense", "Russia"),
            ("armed forces", ""),
        ]);
        assert_eq!(only.get("navy"), Some(&"South Korea"));
        assert_eq!(only.get("ministry of defense"), None, "two countries");
        assert_eq!(only.get("armed forces"), None, "none");
    }

    #[test]
    fn korean_and_lists_are_no_ones() {
        assert_eq!(of_name("Korean People's Army"), "");
        assert_eq!(of_name("Korea Institute for Defense Analyses"), "");
        assert_eq!(
            of_name("Australia, New Zealand and United States Security Treaty"),
            ""
        );
        assert_eq!(of_name("Australia-UK-US"), "");
    }
}
