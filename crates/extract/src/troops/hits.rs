//! Hit tests of the gated troop patterns (see `gate::Gated::if_hit`): what
//! must stand right beside a trigger word for a figure to hold it. The
//! trigger words are common (`force` in `workforce`, `service`), and a
//! figure is rare: most hits fail a test of a few bytes, and their windows
//! of up to thirty words are never searched.
//!
//! Each test is a promise about its pattern: every match passes it at one
//! of the hits it holds. Words are whitespace-separated, as the gate counts
//! them; a word holding a byte outside ASCII always passes, since the
//! patterns' `\d` and `(?i)` read other scripts' digits and fold `ſ` and the
//! Kelvin sign to `s` and `k`.

use std::ops::Range;
use std::sync::LazyLock;

use super::patterns::{MODIFIER, PERSONNEL_NOUNS, QUALIFIER_WORDS};
use super::prose::LEVEL_NOUNS;
use crate::gate;
use crate::numbers::is_number_word;

/// Words from a personnel noun's trigger back to the last word of its
/// count: the noun's first word (`military personnel`), four modifiers of
/// up to two words each (`active duty`), and the count's own word.
const COUNT_REACH: usize = 10;

/// A count stands at most [`COUNT_REACH`] words before the hit, or in the
/// hit's own word before it (`4,800-troops`), with only what the direct
/// figure may hold between the count and its noun (`28,500 U.S. troops`,
/// `2,000 additional active-duty military personnel`): reading back from
/// the hit, every word before the nearest that may end a count may be a
/// modifier of the pattern or a leading word of a personnel noun. A
/// personnel noun is common and a figure rare: most hits with a count
/// somewhere in reach have a year or some other number a few words back
/// with ordinary words between (`in 2024, the armed forces`), and fail
/// here at the first of them, their windows of thirty words never
/// searched.
pub(super) fn count_then_modifiers(bytes: &[u8], hit: Range<usize>) -> bool {
    if may_end_count(&bytes[gate::word_start(bytes, hit.start)..hit.start]) {
        return true;
    }
    for word in gate::words_before(bytes, hit.start, COUNT_REACH) {
        if may_end_count(word) {
            return true;
        }
        if !may_stand_between(word) {
            return false;
        }
    }
    false
}

/// The change frame's second count before its noun (`from 2,000 to
/// about 3,000 additional U.S. troops`): reading back from the hit over
/// words of letters (its modifiers, which `(?i)` lets be any such word,
/// and the noun's leading words), the first other word is a count of
/// digits and commas, and the word before it is `to` or the last word
/// of a qualifier. A word holding a byte outside ASCII passes (a digit of
/// another script, or a letter `(?i)` folds to ASCII: `ſ`, the Kelvin
/// sign).
pub(super) fn change_count_before(bytes: &[u8], hit: Range<usize>) -> bool {
    let letters = |w: &[u8]| {
        w.iter()
            .all(|&b| b.is_ascii_alphabetic() || matches!(b, b'.' | b'\'' | b'-'))
    };
    let mut words = gate::words_before(bytes, hit.start, COUNT_REACH + 1);
    for word in words.by_ref() {
        if !word.is_ascii() {
            return true;
        }
        match word.first() {
            Some(b) if b.is_ascii_alphabetic() && letters(word) => continue,
            Some(b)
                if b.is_ascii_digit() && word.iter().all(|&b| b.is_ascii_digit() || b == b',') =>
            {
                return words
                    .next()
                    .is_some_and(|w| !w.is_ascii() || opens_change_count(w));
            }
            _ => return false,
        }
    }
    false
}

/// `to`, or the last word of a qualifier (`about`, `than`, `~`), in any
/// ASCII case.
fn opens_change_count(word: &[u8]) -> bool {
    static LAST_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let lasts = QUALIFIER_WORDS
            .iter()
            .filter_map(|(q, _)| q.split(' ').next_back());
        std::iter::once("to")
            .chain(lasts)
            .map(str::to_ascii_lowercase)
            .collect()
    });
    LAST_WORDS
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

/// Whether `word` may stand between a count and its personnel noun: a
/// word opening with a capital (the modifiers' `[A-Z][A-Za-z.'-]*`), or
/// one of [`BETWEEN_WORDS`] in any ASCII case. (A word holding a byte
/// outside ASCII may end a count, and never reaches this test.)
fn may_stand_between(word: &[u8]) -> bool {
    const LONGEST: usize = 24;
    match word.first() {
        Some(b) if b.is_ascii_uppercase() => true,
        Some(_) if word.len() <= LONGEST => {
            let mut folded = [0u8; LONGEST];
            let folded = &mut folded[..word.len()];
            folded.copy_from_slice(word);
            folded.make_ascii_lowercase();
            BETWEEN_WORDS.contains(&*folded)
        }
        _ => false,
    }
}

/// The lower-case words that may stand between a count and its noun: the
/// modifiers the pattern lists (`MODIFIER`; both words of `active[- ]duty`
/// and the hyphenated one) and the leading words of the personnel nouns
/// (`military` of `military personnel`), lower-cased.
static BETWEEN_WORDS: LazyLock<foldhash::HashSet<Vec<u8>>> = LazyLock::new(|| {
    let mut words = foldhash::HashSet::default();
    for alt in modifier_alternatives() {
        match alt {
            Alternative::Words(ws) => {
                words.extend(ws.into_iter().map(|w| w.to_ascii_lowercase().into_bytes()))
            }
            Alternative::Capitalized => {}
        }
    }
    for noun in PERSONNEL_NOUNS.iter().filter(|n| n.prose) {
        let mut parts: Vec<&str> = noun.noun.split(' ').collect();
        parts.pop();
        words.extend(
            parts
                .into_iter()
                .map(|w| w.to_ascii_lowercase().into_bytes()),
        );
    }
    words
});

/// What one alternative of `MODIFIER` may be as whitespace-separated words.
#[derive(Debug, PartialEq)]
enum Alternative {
    /// The words it may be, each alone.
    Words(Vec<String>),
    /// A word opening with a capital, which [`may_stand_between`] passes
    /// whole.
    Capitalized,
}

/// The alternatives of `MODIFIER`, read from its pattern: a plain word
/// (`active`, `front-line`), a pair joined by a space or a hyphen
/// (`active[- ]duty`: `active-duty`, `active`, `duty`), or a capitalized
/// word (`[A-Z][A-Za-z.'-]*`, `American`, `U\.S\.-led`). Any other shape
/// panics: the hit test would not know what the pattern matches.
fn modifier_alternatives() -> Vec<Alternative> {
    let inner = MODIFIER
        .strip_prefix("(?:")
        .and_then(|m| m.strip_suffix(')'))
        .expect("MODIFIER is one non-capturing group");
    inner
        .split('|')
        .map(|alt| {
            let plain =
                |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
            if plain(alt) {
                Alternative::Words(vec![alt.to_string()])
            } else if let Some((a, b)) =
                alt.split_once("[- ]").filter(|(a, b)| plain(a) && plain(b))
            {
                Alternative::Words(vec![format!("{a}-{b}"), a.to_string(), b.to_string()])
            } else if alt.starts_with("[A-Z]") || alt.starts_with(|c: char| c.is_ascii_uppercase())
            {
                Alternative::Capitalized
            } else {
                panic!("a MODIFIER alternative the troop hit test cannot read: {alt:?}")
            }
        })
        .collect()
}

/// A count ends right before the hit's word, white space between: `599,000
/// active`. The count's last character is a digit, of any script (`\d`).
pub(super) fn count_right_before(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::word_start(bytes, hit.start) == hit.start
        && gate::words_before(bytes, hit.start, 1).any(|word| {
            word.last()
                .is_some_and(|&b| b.is_ascii_digit() || !b.is_ascii())
        })
}

/// A count stands in the hit's own word before it: `4,800-strong`,
/// `two-thousand-man`, `4,800-soldier`.
pub(super) fn count_joined_before(bytes: &[u8], hit: Range<usize>) -> bool {
    may_end_count(&bytes[gate::word_start(bytes, hit.start)..hit.start])
}

/// The word after the hit's is `of`: `a force of`, `strength of`,
/// `number of`.
pub(super) fn of_follows(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::next_word_is(bytes, &hit, &["of"])
}

/// How each of [`LEVEL_NOUNS`] begins: up to its first regex escape
/// (`service` of `service\s*members`).
static LEVEL_NOUN_STARTS: LazyLock<Vec<&'static [u8]>> = LazyLock::new(|| {
    LEVEL_NOUNS
        .iter()
        .map(|n| n.split('\\').next().unwrap_or(n).as_bytes())
        .collect()
});

/// The level frame's opening: `troop levels`, `troop numbers`, `troop
/// strength`, or `number of` and `total of` with a personnel noun of
/// [`LEVEL_NOUNS`] after at most three capitalized words (`the number of
/// U.S. troops`; most uses, `a number of reasons`, open no window). A
/// word holding a byte outside ASCII passes (the nouns are read under
/// `(?i)`, where `ſ` is an `s`).
pub(super) fn level_follows(bytes: &[u8], hit: Range<usize>) -> bool {
    let mut after = gate::words_after(bytes, hit.start, 5);
    let Some(next) = after.next() else {
        return false;
    };
    let is = |w: &[u8], words: &[&str]| words.iter().any(|x| w.eq_ignore_ascii_case(x.as_bytes()));
    if !next.is_ascii() || is(next, &["level", "levels", "numbers", "strength"]) {
        return true;
    }
    if !is(next, &["of"]) {
        return false;
    }
    for (k, word) in after.enumerate() {
        let noun = LEVEL_NOUN_STARTS.iter().any(|n| {
            word.get(..n.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(n))
        });
        if !word.is_ascii() || noun {
            return true;
        }
        if k == 3 || !word[0].is_ascii_uppercase() {
            return false;
        }
    }
    false
}

/// The word before the hit's names the personnel a `numbering` or
/// `totaling` frame counts (`troops numbering`).
pub(super) fn noun_before(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::prev_word_ends_with(bytes, &hit, &["troops", "forces", "personnel", "soldiers"])
}

/// True when `word` may hold the end of a count: an ASCII digit, a number
/// word between non-letters (`thousand`, `twenty-five`), or a byte outside
/// ASCII.
fn may_end_count(word: &[u8]) -> bool {
    // Branch-free over every byte, so that it vectorizes: most stretches
    // hold neither, and are then cut into words.
    let digit_or_wide = word.iter().fold(false, |any, &b| {
        any | (b.wrapping_sub(b'0') < 10) | (b >= 0x80)
    });
    digit_or_wide || word.split(|b| !b.is_ascii_alphabetic()).any(is_number_word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::hit_test_at as at;

    /// The reference the hit tests narrow: a count stands at most
    /// [`COUNT_REACH`] words before the hit, or in the
    /// hit's own word before it (`4,800-troops`): the direct figure
    /// (`28,500 U.S. troops`) and a change ending in its noun (`from 40,000 to
    /// over 300,000 personnel`).
    ///
    /// The words are read as one stretch of text, from the first of them to
    /// the hit: a digit or a byte outside ASCII anywhere in it is in one of
    /// them, and cut at every byte that is no letter, it gives the same
    /// pieces as its words cut so (tested against the word-by-word reading).
    fn count_before(bytes: &[u8], hit: Range<usize>) -> bool {
        may_end_count(&bytes[gate::words_back(bytes, hit.start, COUNT_REACH)..hit.start])
    }

    #[test]
    fn a_count_right_before_active() {
        assert!(at(count_right_before, "(599,000 active and", "active"));
        assert!(at(count_right_before, "900\n ACTIVE", "ACTIVE"));
        assert!(at(count_right_before, "\u{661}\u{662} active", "active"));
        assert!(!at(count_right_before, "599,000active", "active"));
        assert!(!at(count_right_before, "an active role", "active"));
        assert!(!at(count_right_before, "active duty", "active"));
    }

    #[test]
    fn a_count_before_the_noun() {
        assert!(at(count_before, "some 2,000 troops", "troop"));
        assert!(at(count_before, "Two thousand troops", "troop"));
        assert!(at(count_before, "twenty-five soldiers", "soldier"));
        assert!(at(count_before, "a 4,800-troops unit", "troop"));
        assert!(at(count_before, "5,000+ paratroopers", "troop"));
        // The longest reach: four two-word modifiers and a two-word noun.
        let far = "2,000 active duty active duty active duty active duty military personnel";
        assert!(at(count_before, far, "personnel"));
        assert!(at(count_before, "ſix troops", "troop"));
        assert!(!at(count_before, "the armed forces", "force"));
        assert!(!at(count_before, "our workforce", "force"));
        assert!(!at(count_before, "someone in public service", "service"));
        let beyond = "2,000 a b c d e f g h i j troops";
        assert!(!at(count_before, beyond, "troop"));
    }

    proptest::proptest! {
        /// Reading the stretch whole says what reading each word says.
        #[test]
        fn the_stretch_reads_as_its_words(
            text in "(2,000|two|Thousand|a|b|\u{e9}|-|troops| |  |\n){0,30}",
            at in 0usize..200,
        ) {
            let bytes = text.as_bytes();
            let at = at.min(bytes.len());
            let by_words = may_end_count(&bytes[gate::word_start(bytes, at)..at])
                || gate::words_before(bytes, at, COUNT_REACH).any(may_end_count);
            proptest::prop_assert_eq!(count_before(bytes, at..at), by_words);
        }

        /// The stricter test passes only where `count_before` does (it
        /// reads the same words, and some of them more closely).
        #[test]
        fn modifiers_only_narrow_count_before(
            text in "(2,000|two|Thousand|a|the|U.S.|active|duty|\u{e9}|-|troops| |  |\n){0,30}",
            at in 0usize..200,
        ) {
            let bytes = text.as_bytes();
            let at = at.min(bytes.len());
            if count_then_modifiers(bytes, at..at) {
                proptest::prop_assert!(count_before(bytes, at..at));
            }
        }
    }

    #[test]
    fn a_count_then_only_modifiers() {
        let t = count_then_modifiers;
        assert!(at(t, "some 2,000 troops", "troop"));
        assert!(at(
            t,
            "nearly 900 additional active-duty soldiers",
            "soldier"
        ));
        assert!(at(
            t,
            "4,000 new active duty uniformed personnel",
            "personnel"
        ));
        assert!(at(t, "Six hundred Royal Navy sailors", "sailor"));
        assert!(at(t, "300 American and Polish troops", "troop"));
        assert!(at(t, "12 Defence Personnel", "Personnel"));
        assert!(at(t, "12 dEfence personnel", "personnel"));
        assert!(at(t, "a 4,800-troops unit", "troop"));
        assert!(at(t, "\u{661}\u{662} troops", "troop"));
        // A number some words back with ordinary words between.
        assert!(!at(t, "In 2024, the armed forces", "force"));
        assert!(!at(t, "3 of the new troops", "troop"));
        assert!(!at(t, "the armed forces", "force"));
        // What `count_before` already refuses, refused.
        assert!(!at(t, "2,000 a b c d e f g h i j troops", "troop"));
    }

    #[test]
    fn a_change_count_before() {
        let t = change_count_before;
        assert!(at(t, "from 2,000 to 3,000 troops", "troop"));
        assert!(at(t, "TO about 3,000 troops", "troop"));
        assert!(at(
            t,
            "to no more than 300,000 additional active duty U.S. military personnel",
            "personnel"
        ));
        assert!(at(t, "to ~ 90 troops", "troop"));
        assert!(at(t, "to \u{661}\u{662} troops", "troop"));
        assert!(at(t, "to 90 \u{17f}pecial forces", "force"));
        assert!(at(t, "le\u{17f}\u{17f} than 90 forces", "force"));
        assert!(!at(t, "in 2024, the armed forces", "force"));
        assert!(!at(t, "in 2024 the armed forces", "force"));
        assert!(!at(t, "to (2,000) troops", "troop"));
        assert!(!at(t, "to 2,000 F-35 troops", "troop"));
        assert!(!at(t, "troops", "troop"));
        assert!(!at(t, "to 2,000 a b c d e f g h i j troops", "troop"));
    }

    #[test]
    fn every_modifier_alternative_is_read() {
        let alts = modifier_alternatives();
        assert!(alts.contains(&Alternative::Capitalized));
        let words = |w: &[&str]| Alternative::Words(w.iter().map(|s| s.to_string()).collect());
        assert!(alts.contains(&words(&["active-duty", "active", "duty"])));
        assert!(alts.contains(&words(&["front-line"])));
        for w in [
            "additional",
            "duty",
            "military",
            "defence",
            "defense",
            "service",
            "uniformed",
        ] {
            assert!(may_stand_between(w.as_bytes()), "{w}");
        }
        for w in ["the", "of", "in", "its", "2,000", ""] {
            assert!(!may_stand_between(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn a_count_joined_before() {
        assert!(at(count_joined_before, "a 4,800-strong brigade", "-strong"));
        assert!(at(count_joined_before, "a two-thousand-man force", "-man"));
        assert!(!at(count_joined_before, "a well-manned post", "-man"));
        assert!(!at(count_joined_before, "2,000 troops", "troop"));
    }

    #[test]
    fn the_word_after() {
        assert!(at(of_follows, "a force of 2,000", "force"));
        assert!(at(of_follows, "forces  Of about", "force"));
        assert!(!at(of_follows, "the task force said", "force"));
        assert!(at(level_follows, "troop levels in", "troop"));
        assert!(at(level_follows, "the number of troops", "number"));
        assert!(at(level_follows, "troop ſtrength", "troop"));
        assert!(!at(level_follows, "troops deployed", "troop"));
        assert!(at(
            level_follows,
            "the number of U.S. Army soldiers",
            "number"
        ));
        assert!(at(
            level_follows,
            "the total of Allied servicemembers",
            "total"
        ));
        assert!(at(level_follows, "the number of A B C troops", "number"));
        assert!(at(level_follows, "the number of \u{17f}oldiers", "number"));
        assert!(at(level_follows, "Number Of FORCES", "Number"));
        assert!(!at(level_follows, "the number of A B C D troops", "number"));
        assert!(!at(level_follows, "a number of reasons", "number"));
        assert!(!at(level_follows, "the number of the troops", "number"));
        assert!(!at(level_follows, "the number of", "number"));
        assert!(!at(of_follows, "a force", "force"));
    }

    #[test]
    fn the_noun_before() {
        assert!(at(noun_before, "troops numbering 2,000", "number"));
        assert!(at(noun_before, "U.S. Forces totaling", "total"));
        assert!(!at(noun_before, "a total of", "total"));
        assert!(!at(noun_before, "numbering 2,000", "number"));
    }
}
