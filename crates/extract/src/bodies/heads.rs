//! Head nouns and the body types they give (`... Command` military,
//! `... Agency` gov), and the word lists that stop or type a name.

use super::*;

/// Plural nouns for people, which lead a sentence (`Members of the
/// National Assembly`) but never a name.
pub(super) static PEOPLE: LazyLock<wordlists::WordSet> =
    LazyLock::new(|| wordlists::WordSet::parse(include_str!("../../data/words/people.csv")));

pub(super) const CONNECTORS: &[&str] = &["of", "for", "and", "on", "the", "&", "de", "in"];

/// Leading words that are not part of a name (`The`, `Bilateral`, `In`).
pub(super) static LEADING_STOP: LazyLock<wordlists::WordSet> =
    LazyLock::new(|| wordlists::WordSet::parse(include_str!("../../data/words/leading_stop.csv")));

/// Words that end an event's name: a chunk ending in one is no body.
pub(super) static EVENT_NOUNS: LazyLock<wordlists::WordSet> =
    LazyLock::new(|| wordlists::WordSet::parse(include_str!("../../data/words/event_nouns.csv")));

/// Tokens that make a following `Forces` a named force (`Armed Forces`,
/// `U.S. Forces Korea`), not a list word (`Installations and Forces`).
pub(super) static FORCES_QUALIFIERS: LazyLock<wordlists::WordSet> = LazyLock::new(|| {
    wordlists::WordSet::parse(include_str!("../../data/words/forces_qualifiers.csv"))
});

/// Head noun of a name and the type it gives, or None.
pub(super) fn head_type(tokens: &[Token<'_>], i: usize) -> Option<BodyType> {
    let t = tokens[i].text;
    let prev = i.checked_sub(1).map(|j| tokens[j].text).unwrap_or("");
    // A head joined to a place by a hyphen: `Marine Rotational Force-Darwin`.
    // (A byte loop: tokens are short, and `split_once` sets up a searcher
    // for each.)
    if let Some(k) = t.bytes().position(|b| b == b'-') {
        let (head, place) = (&t[..k], &t[k + 1..]);
        if is_cap(place) && !head.is_empty() {
            return head_word_type(head, prev);
        }
    }
    head_word_type(t, prev)
}

/// When a head noun names a body: always, after a capitalized word
/// (`Mutual Defense Board`, not `the Board`), after one of some words
/// (`Joint Staff`, not `White House Staff`), or after a word that makes
/// `Forces` a named force.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum HeadContext {
    Any,
    AfterCapitalized,
    After(&'static [&'static str]),
    AfterForcesQualifier,
}

// `head_rules`: `data/heads.csv` compiled to a match by build.rs.
include!(concat!(env!("OUT_DIR"), "/heads.rs"));

/// The type head noun `t` gives after the word `prev`, if it is a head.
pub(super) fn head_word_type(t: &str, prev: &str) -> Option<BodyType> {
    head_rules(t)
        .iter()
        .find(|(_, context)| match context {
            HeadContext::Any => true,
            HeadContext::AfterCapitalized => is_cap(prev),
            HeadContext::After(words) => words.contains(&prev),
            HeadContext::AfterForcesQualifier => FORCES_QUALIFIERS.contains(&prev),
        })
        .map(|(kind, _)| *kind)
}
