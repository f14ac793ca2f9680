//! Acronym checks: one short form, two long forms.
//!
//! Expansions are compared as folded words. Two expansions of one short
//! form are
//! - a garble when they hold the same words in another order (one source
//!   garbles the name): a conflict;
//! - not compared when one does not spell the short form (an extraction
//!   error: `in section 1(c)` for `ii`);
//! - variants of one name (case, plural, spelling, hyphenation, line
//!   breaks, `U.S.` = `United States`, `UN` = `United Nations`, one
//!   holding every content word of the other): one agreement, the
//!   variants listed;
//! - homonyms when they share at most one content word (`Department of
//!   Homeland Security`, `Department of Human Services`): two bodies;
//! - otherwise one name worded two ways: a conflict of low severity.

use std::collections::BTreeSet;

use sourcefacts_extract::bodies::head_noun_type;
use sourcefacts_extract::model::BodyType;

use super::{conflict, AgreementRow, Checker, Class, Clusters, ConflictRow, Severity};

/// Case, punctuation and spacing folded: `Democratic People's Republic`
/// equals `democratic peoples republic`.
pub(super) fn fold_words(s: &str) -> Vec<String> {
    if s.is_ascii() {
        return fold_ascii_words(s.as_bytes());
    }
    fold_words_chars(s)
}

/// [`fold_words`] of ASCII text, read as bytes: each word is built once,
/// without the folded copy of the whole text first (the checks fold
/// every acronym statement of every document, on the reduce's thread).
fn fold_ascii_words(s: &[u8]) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for &b in s {
        if matches!(b, b'\'' | b'.') {
            continue;
        }
        if b.is_ascii_alphanumeric() {
            word.push(char::from(b.to_ascii_lowercase()));
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// [`fold_words`] of any text, a char at a time.
fn fold_words_chars(s: &str) -> Vec<String> {
    s.chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '.'))
        .flat_map(unligature)
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// A character as the normalized text view writes it (a typographic
/// ligature as its letters, `ﬁ` is `fi`: PDF extractions write `Ofﬁce`;
/// curly quotes straight), any other character as itself.
fn unligature(c: char) -> impl Iterator<Item = char> {
    let folded = sourcefacts_extract::textview::fold_char(c);
    let single = folded.is_none().then_some(c);
    folded.unwrap_or("").chars().chain(single)
}

/// Words that carry no meaning of their own in an expansion, and need no
/// letter of the short form.
const FUNCTION_WORDS: &[&str] = &[
    "&", "a", "an", "and", "at", "by", "de", "for", "from", "in", "of", "on", "or", "the", "to",
    "with",
];

/// How two expansions of one short form relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// The same words in another order.
    Garbled,
    /// One name, spelled or shortened differently.
    Variant,
    /// Two different things sharing letters.
    Homonym,
    /// One of them does not spell the short form.
    Unspelled,
    /// One name worded two ways.
    Reworded,
}

/// How the expansions `a` and `b` of `short` relate; `listed` when either
/// was written as a comma-separated list.
fn relation(short: &str, a: &[String], b: &[String], listed: bool) -> Relation {
    let sorted = |w: &[String]| {
        let mut w = w.to_vec();
        w.sort();
        w
    };
    if sorted(a) == sorted(b) {
        // Items of a list in another order (`state, local, Tribal, and
        // territorial`) are the same list; a name's words are not.
        if listed {
            Relation::Variant
        } else {
            Relation::Garbled
        }
    } else if expansion_variants(a, b) {
        Relation::Variant
    } else if !spells(short, a) || !spells(short, b) {
        Relation::Unspelled
    } else if homonyms(a, b) {
        Relation::Homonym
    } else {
        Relation::Reworded
    }
}

impl Checker {
    pub(super) fn acronym_checks(
        &self,
        conflicts: &mut Vec<ConflictRow>,
        agreements: &mut Vec<AgreementRow>,
    ) {
        for (short, forms) in &self.acronyms {
            let reps: Vec<(&Vec<String>, &Class)> = forms.iter().collect();
            let listed = |c: &Class| c.first.1.value.contains(',');
            // Variants of one name form one cluster.
            let mut clusters = Clusters::new(reps.len());
            for i in 0..reps.len() {
                for j in i + 1..reps.len() {
                    let (ka, a) = reps[i];
                    let (kb, b) = reps[j];
                    if relation(short, ka, kb, listed(a) || listed(b)) == Relation::Variant {
                        clusters.join(i, j);
                    }
                }
            }
            let groups = clusters.groups();
            let mut cluster_of = vec![0; reps.len()];
            for (g, members) in groups.iter().enumerate() {
                for &i in members {
                    cluster_of[i] = g;
                }
            }
            // Each cluster is named by its form stated most often.
            let main = |g: &[usize]| {
                *g.iter()
                    .max_by_key(|&&i| (reps[i].1.count, std::cmp::Reverse(i)))
                    .expect("a cluster has a member")
            };
            // Compared: the clusters' main forms, and within a cluster
            // the forms whose words are the same in another order (a
            // variant of both may have joined them). Two forms a variant
            // joined that differ in words mostly add words (`... Act of
            // 1994`, `... Reauthorization Act`): no conflict.
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            for (x, gx) in groups.iter().enumerate() {
                pairs.extend(groups[x + 1..].iter().map(|gy| (main(gx), main(gy))));
                for (k, &i) in gx.iter().enumerate() {
                    pairs.extend(gx[k + 1..].iter().map(|&j| (i, j)));
                }
            }
            for (i, j) in pairs {
                let same_cluster = cluster_of[i] == cluster_of[j];
                if let Some(row) = self.acronym_conflict(short, reps[i], reps[j], same_cluster) {
                    conflicts.push(row);
                }
            }
            for g in &groups {
                let members: Vec<&Class> = g.iter().map(|&i| reps[i].1).collect();
                let docs: BTreeSet<u32> = members
                    .iter()
                    .flat_map(|c| c.docs.iter().copied())
                    .collect();
                let (n, docs) = self.doc_list(docs.iter());
                if n < 2 {
                    continue;
                }
                let written: Vec<&str> = members.iter().map(|c| c.first.1.value.as_str()).collect();
                agreements.push(AgreementRow {
                    kind: "acronym_expansion",
                    key: short.to_string(),
                    value: reps[main(g)].1.first.1.value.clone(),
                    docs,
                    mentions: members.iter().map(|c| c.count).sum(),
                    as_written: written.join(" | "),
                    note: if members.len() > 1 {
                        "variants of one name".into()
                    } else {
                        String::new()
                    },
                });
            }
        }
    }

    /// The conflict between two forms of `short`, if they conflict: the
    /// same words in another order, or (across clusters) one name worded
    /// two ways.
    fn acronym_conflict(
        &self,
        short: &str,
        (ka, a): (&Vec<String>, &Class),
        (kb, b): (&Vec<String>, &Class),
        same_cluster: bool,
    ) -> Option<ConflictRow> {
        let listed = a.first.1.value.contains(',') || b.first.1.value.contains(',');
        let (severity, note, reason) = match relation(short, ka, kb, listed) {
            Relation::Garbled => (
                Severity::Medium,
                "same words in a different order",
                "the same words in another order: one source garbles the name".to_string(),
            ),
            Relation::Reworded if !same_cluster => (
                Severity::Low,
                "one acronym, two expansions",
                reworded(ka, kb),
            ),
            _ => return None,
        };
        let (a, b) = (&a.first, &b.first);
        let key = |x: &(u32, super::Stmt)| (self.docs[x.0 as usize].clone(), x.1.start);
        let (a, b) = if key(a) <= key(b) { (a, b) } else { (b, a) };
        Some(conflict(
            &self.docs,
            ("acronym_expansion", severity, short),
            (a.0, &a.1),
            (b.0, &b.1),
            note.to_string(),
            reason,
        ))
    }
}

/// The reason for two wordings of one name: the words each has alone.
fn reworded(a: &[String], b: &[String]) -> String {
    let (ca, cb) = (content_words(a), content_words(b));
    let only = |x: &[String], y: &[String]| {
        x.iter()
            .filter(|w| !y.iter().any(|v| same_word(w, v)))
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "both spell the short form and share most words, but one says `{}` where the other says `{}`",
        only(&ca, &cb),
        only(&cb, &ca)
    )
}

/// The short form's letters, lower-cased, a plural `s` dropped (`SSNs`).
fn letters(short: &str) -> Vec<char> {
    let mut l: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let plural = short.ends_with('s') && short.chars().filter(|c| c.is_uppercase()).count() >= 2;
    if plural {
        l.pop();
    }
    l
}

/// Whether an expansion spells its short form: the initials of its
/// content words are letters of the short form, in order, the first
/// first, at most one word (of three or more) skipped (`Centers for
/// Medicare & Medicaid Services` is CMS), covering at least half of the
/// letters (`Pipeline and Hazardous Materials Safety Administration`
/// spells PHMSA; `in section 1(c)` does not spell `ii`).
fn spells(short: &str, words: &[String]) -> bool {
    let letters = letters(short);
    let initials: Vec<char> = words
        .iter()
        .filter(|w| !FUNCTION_WORDS.contains(&w.as_str()))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter_map(|w| w.chars().next())
        .collect();
    if initials.is_empty() || letters.first() != initials.first() {
        return false;
    }
    // Greedy: each initial takes the next matching letter, or is skipped.
    let (mut next, mut matched) = (0, 0);
    for c in &initials {
        if let Some(k) = letters[next..].iter().position(|l| l == c) {
            next += k + 1;
            matched += 1;
        }
    }
    let skipped = initials.len() - matched;
    let allowed_skips = usize::from(initials.len() >= 3);
    // A name has no auxiliary verb: `the pipeline has a safety and
    // management administration` is a sentence, not PHMSA's name.
    const AUXILIARIES: &[&str] = &["is", "are", "was", "were", "has", "have", "had", "been"];
    let sentence = words.iter().any(|w| AUXILIARIES.contains(&w.as_str()));
    // A short form holding a word keeps it (`Open RAN`: `open ...`).
    let words_kept = short
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().filter(|c| c.is_lowercase()).count() >= 2)
        .all(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w)));
    skipped <= allowed_skips && !sentence && words_kept && matched * 2 >= letters.len()
}

/// The content words of an expansion, a plural `s` dropped, and the
/// names of the United States, Korea and the United Nations folded
/// (`U.S.` = `United States`, `UN` = `United Nations`).
fn content_words(w: &[String]) -> Vec<String> {
    let folded = sourcefacts_extract::nations::fold(&w.join(" "));
    format!(" {folded} ")
        .replace(" united nations ", " un ")
        .split_whitespace()
        .filter(|x| !FUNCTION_WORDS.contains(x))
        .map(|x| x.trim_end_matches('s').to_string())
        .collect()
}

/// Two spellings or forms of one word: `Advisers` / `Advisors`,
/// `Decarbonisation` / `Decarbonization`, `technology` / `technologies`,
/// `listed` / `listing`, `math` / `mathematics`.
fn same_word(a: &str, b: &str) -> bool {
    let prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let shorter = a.len().min(b.len());
    // `math` / `mathematics`, `verify` / `verification`, `Oceanic` /
    // `Oceanographic`; not `interest` / `international`.
    let shared_stem = prefix >= 4 && prefix * 10 >= shorter * 7;
    a == b
        || prefix >= 6
        || shared_stem
        || stem(a) == stem(b)
        || crate::reconcile::jaro_winkler_reaching(a, b, 0.92).is_some()
}

/// A word without its inflection (`listing`, `listed`: `list`), for
/// words of five letters or more.
fn stem(w: &str) -> &str {
    if w.len() < 5 {
        return w;
    }
    ["ation", "ing", "ion", "ed", "es", "al"]
        .iter()
        .find_map(|suffix| w.strip_suffix(suffix).filter(|s| s.len() >= 4))
        .unwrap_or(w)
}

/// One expansion spells the other, or holds every content word of it:
/// case, plural, spelling, hyphenation and line-break variants and longer
/// or shorter forms of one name (`Defense Production Act` and `... Act of
/// 1950`), not a disagreement.
pub(super) fn expansion_variants(a: &[String], b: &[String]) -> bool {
    let (ca, cb) = (content_words(a), content_words(b));
    let (ca, cb) = (spell_out(&ca, &cb), spell_out(&cb, &ca));
    if ca.concat() == cb.concat() {
        return true;
    }
    let covered = |x: &[String], y: &[String]| x.iter().all(|w| y.iter().any(|v| same_word(w, v)));
    covered(&ca, &cb) || covered(&cb, &ca)
}

/// Two expansions name two different things that happen to share a
/// short form when they share at most one content word (`Trade and
/// Development Agency`, `Tren de Aragua`), or two and differ in a word
/// that is not a head noun (`American Cancer Society`, `American Chemical
/// Society`), or differ in heads of different kinds (`Environmental
/// Protection Agency`, a body; `... Act`, an agreement). Heads of one
/// kind (`Agency`, `Administration`) are one body named two ways.
pub(super) fn homonyms(a: &[String], b: &[String]) -> bool {
    let (ca, cb) = (content_words(a), content_words(b));
    let (ca, cb) = (spell_out(&ca, &cb), spell_out(&cb, &ca));
    let only = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter()
            .filter(|w| !y.iter().any(|v| same_word(w, v)))
            .cloned()
            .collect()
    };
    let (oa, ob) = (only(&ca, &cb), only(&cb, &ca));
    let shared = ca.len() - oa.len();
    if shared <= 1 {
        return true;
    }
    let kinds =
        |o: &[String]| -> Option<Vec<BodyType>> { o.iter().map(|w| head_noun_type(w)).collect() };
    match (kinds(&oa), kinds(&ob)) {
        (Some(ka), Some(kb)) => {
            ka.iter().any(|k| !kb.contains(k)) || kb.iter().any(|k| !ka.contains(k))
        }
        _ => shared <= 2,
    }
}

/// `words` with a short form spelled out when the other expansion has
/// the words it stands for (`Global Partnership on AI` against `... on
/// Artificial Intelligence`; `Australia-UK-US` against `Australia -
/// United Kingdom - United States`).
fn spell_out(words: &[String], other: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let n = w.len();
        let found = if (2..=4).contains(&n) && !other.contains(w) {
            other
                .windows(n)
                .find(|run| run.iter().zip(w.chars()).all(|(r, c)| r.starts_with(c)))
        } else {
            None
        };
        match found {
            Some(run) => out.extend(run.iter().cloned()),
            None => out.push(w.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// ASCII text folds to the words the char-by-char fold gives.
        #[test]
        fn ascii_folding_matches_the_char_fold(s in "[aZ9'. ,\\-()\t\n/&]{0,40}") {
            proptest::prop_assert_eq!(fold_ascii_words(s.as_bytes()), fold_words_chars(&s));
        }
    }

    #[test]
    fn folding_drops_apostrophes_and_periods_and_splits_on_the_rest() {
        assert_eq!(
            fold_words("U.S. People's  Liberation-Army"),
            ["us", "peoples", "liberation", "army"]
        );
        assert_eq!(fold_words("Peoples\u{2019} ﬁnance"), ["peoples", "finance"]);
    }
}
