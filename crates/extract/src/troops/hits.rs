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

use crate::gate;
use crate::numbers::is_number_word;

/// Words from a personnel noun's trigger back to the last word of its
/// count: the noun's first word (`military personnel`), four modifiers of
/// up to two words each (`active duty`), and the count's own word.
const COUNT_REACH: usize = 10;

/// A count stands at most [`COUNT_REACH`] words before the hit, or in the
/// hit's own word before it (`4,800-troops`): the direct figure
/// (`28,500 U.S. troops`) and a change ending in its noun (`from 40,000 to
/// over 300,000 personnel`).
///
/// The words are read as one stretch of text, from the first of them to
/// the hit: a digit or a byte outside ASCII anywhere in it is in one of
/// them, and cut at every byte that is no letter, it gives the same
/// pieces as its words cut so (tested against the word-by-word reading).
pub(super) fn count_before(bytes: &[u8], hit: Range<usize>) -> bool {
    may_end_count(&bytes[gate::words_back(bytes, hit.start, COUNT_REACH)..hit.start])
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

/// The level frame's opening: `number of`, `total of`, `troop levels`,
/// `troop numbers`, `troop strength`.
pub(super) fn level_follows(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::next_word_is(
        bytes,
        &hit,
        &["of", "level", "levels", "numbers", "strength"],
    )
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
