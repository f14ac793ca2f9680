//! Date subjects: what each date is the date of, so that sources can be
//! compared ("1953" for the Mutual Defense Treaty in three documents).
//!
//! A date is linked to a named body or event only on close syntactic
//! evidence, never on mere co-occurrence:
//! - the date modifies the name: `the 1953 Mutual Defense Treaty`,
//!   `the April 2023 Washington Declaration`;
//! - the date follows the name in parentheses: `Mutual Defense Treaty
//!   (1953)`, `Korean War and U.S. Commitment (1950–1953)`;
//! - the name is followed by `in`/`on` or a founding verb and the date:
//!   `the EDPC in 2010`, `(AFGSC-AFSTRAT), activated August 7, 2009`;
//! - a founding verb links the sentence's only explicit date to the first
//!   agreement after it: `In 1953 the two states signed the Mutual Defense
//!   Treaty`;
//! - an anniversary names its own subject: `the 70th anniversary of the
//!   alliance`.
//!
//! A possessive owner before the name is kept (`the ROK government's
//! Indo-Pacific Strategy` is the ROK's, not the U.S. one).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::extractor::Extractor;
use crate::model::{BodyType, DocFacts, Granularity, Rule, SubjectLink};
use crate::names::fingerprint;
use crate::textview::{window_after, window_before, TextView};

/// Links dates to the bodies and events they date.
pub struct SubjectLinker;

struct Patterns {
    paren_gap: Regex,
    in_gap: Regex,
    founding: Regex,
    establishing: Regex,
    owner: Regex,
    anniversary_of: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |s: &str| Regex::new(s).expect("valid subject regex");
    Patterns {
        // Between a name and its parenthesized date: nothing, or a
        // coordinated capitalized phrase (`War and U.S. Commitment`).
        paren_gap: re(r"^(?:\s+and\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4})?\s*\($"),
        // Between a name and a following date: an optional acronym, then
        // `in`/`on`/`since` or a founding verb.
        in_gap: re(
            r"^(?:\s*\([^()]{1,20}\))?,?\s+(?:(?:was\s+|were\s+)?(?:activated|established|founded|created|formed|launched|signed|adopted|set\s+up|inaugurated|announced|released|concluded|ratified)\s+)?(?:in|on|since)?\s*$",
        ),
        founding: re(
            r"(?i)(?-u:\b)(?:signed|established|founded|created|formed|launched|adopted|set\s+up|inaugurated|announced|released|unveiled|published|concluded|ratified|activated|enacted|issued)(?-u:\b)",
        ),
        establishing: re(
            r"(?i)(?-u:\b)(?:established|founded|created|formed|launched|set\s+up|inaugurated|activated|stood\s+up)(?-u:\b)",
        ),
        owner: re(
            r"(?P<owner>U\.S\.|US|ROK|DPRK|PRC|UK|EU|NATO|[A-Z][a-z]+)(?:\s+(?:government|administration|military|ministry))?'s\s+(?:[a-z]+\s+){0,2}$",
        ),
        anniversary_of: re(
            r"^\s+of\s+(?:the\s+)?(?P<x>[\w.'-]+(?:\s+[\w.'-]+){0,4}?)(?:[,.;:)]|\s+(?:and|in|on|at|with|by|to|as|is|was|this|which|that)\s|\s*$)",
        ),
    }
});

/// A name a date can belong to.
struct Name {
    span: Range<usize>,
    kind: Option<BodyType>,
}

impl Extractor for SubjectLinker {
    fn name(&self) -> &'static str {
        "subjects"
    }

    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts) {
        let text = view.norm();
        let p = &*PATTERNS;
        let mut names: Vec<Name> = facts
            .bodies
            .iter()
            .filter(|b| !b.is_short)
            .map(|b| Name {
                span: b.span.clone(),
                kind: Some(b.kind),
            })
            .chain(facts.events.iter().map(|e| Name {
                span: e.clone(),
                kind: None,
            }))
            .collect();
        names.sort_by_key(|n| n.span.start);
        let subjects: Vec<(String, &'static str, SubjectLink)> = facts
            .dates
            .iter()
            .map(|d| {
                if d.granularity == Granularity::Vague {
                    return (String::new(), "", SubjectLink::None);
                }
                if d.rule == Rule::DateAnniversary {
                    let s = anniversary_subject(text, p, &d.span);
                    return (s, "event", SubjectLink::Anniversary);
                }
                if d.granularity == Granularity::Relative {
                    return (String::new(), "", SubjectLink::None);
                }
                link(view, p, &names, &facts.dates, &d.span)
                    .map(|(n, how)| {
                        let kind = n.kind.map_or("event", BodyType::as_str);
                        (with_owner(text, p, &n.span), kind, how)
                    })
                    .unwrap_or_default()
            })
            .collect();
        for (d, (s, kind, how)) in facts.dates.iter_mut().zip(subjects) {
            d.subject = s;
            d.subject_type = kind;
            d.subject_link = how;
        }
    }
}

/// True when a capitalized word follows a name on the same line
/// (`the March 2022 Harbor Treaty Implementation Memo`): the name is only
/// the start of a longer title, and a date before it dates that title.
fn title_goes_on(after: &str) -> bool {
    let mut chars = after.chars();
    chars.next() == Some(' ') && chars.next().is_some_and(|c| c.is_ascii_uppercase())
}

fn link<'n>(
    view: &TextView<'_>,
    p: &Patterns,
    names: &'n [Name],
    dates: &[crate::model::DateFact],
    d: &Range<usize>,
) -> Option<(&'n Name, SubjectLink)> {
    let text = view.norm();
    // 1. The date modifies the name right after it.
    let i = names.partition_point(|n| n.span.start < d.end);
    if let Some(n) = names.get(i) {
        if n.span.start <= d.end + 1
            && text[d.end..n.span.start].trim().is_empty()
            && !title_goes_on(&text[n.span.end..])
        {
            return Some((n, SubjectLink::Modifier));
        }
    }
    // 2./3. A name shortly before: `Name (date)` or `Name in date`.
    let before = names.partition_point(|n| n.span.end <= d.start);
    for n in names[..before].iter().rev().take(3) {
        if d.start - n.span.end > 60 {
            break;
        }
        let gap = &text[n.span.end..d.start];
        if p.paren_gap.is_match(gap) {
            return Some((n, SubjectLink::Parenthesis));
        }
        // `activated at Fuchu Air Station on 1 July 1957`: a name after
        // `at`/`in`/`from`/`to` is where something happened, not what.
        let lead = window_before(text, n.span.start, 6)
            .trim_end()
            .to_ascii_lowercase();
        let locative = ["at", "in", "from", "to", "near"]
            .iter()
            .any(|w| crate::textview::ends_with_word(&lead, w) || lead == *w);
        // `scrapped the 2018 Comprehensive Military Agreement (CMA) in
        // November 2023`: a name already dated where it is named is not
        // what a later `in <date>` dates; the verb's event is.
        let k = dates.partition_point(|x| x.span.end <= n.span.start);
        let dated_before = k > 0 && {
            let x = &dates[k - 1].span;
            x.end + 1 >= n.span.start && text[x.end..n.span.start].trim().is_empty()
        };
        // A body that `announced` something on a date was not founded
        // then (`the CFC announced on the 19th that ...`); an agreement or
        // strategy announced then was.
        let announcing = (gap.contains("announced") || gap.contains("released"))
            && n.kind != Some(BodyType::Agreement);
        if p.in_gap.is_match(gap) && !locative && !dated_before && !announcing {
            // A body is founded (`established in 2010`); only an
            // agreement is also signed, adopted or issued: `the Letter
            // to the United Nations signed on` dates the letter.
            let founds = if n.kind == Some(BodyType::Agreement) {
                p.founding.is_match(gap)
            } else {
                p.establishing.is_match(gap)
            };
            let how = if founds {
                SubjectLink::Founding
            } else {
                SubjectLink::Preposition
            };
            return Some((n, how));
        }
        // `the Mutual Defense Treaty of 1953`, `the National Security Act
        // of 1947`: an agreement named with its year, which may tell one
        // act from another of the same name (`... Act of 1992`, `... Act
        // of 2005`), as a modifier does.
        if n.kind == Some(BodyType::Agreement) && gap == " of " {
            return Some((n, SubjectLink::Modifier));
        }
    }
    // 4. A founding verb: the sentence's only explicit date and the first
    //    agreement (else group or command) after the verb.
    // (Dates and names are sorted by start: binary searches keep this
    // logarithmic per date, however long the document.)
    let sentence = view.sentence_of(d.start);
    let (from, to) = (
        dates.partition_point(|x| x.span.start < sentence.start),
        dates.partition_point(|x| x.span.start < sentence.end),
    );
    let explicit = dates[from..to]
        .iter()
        .filter(|x| x.granularity != Granularity::Vague && x.granularity != Granularity::Relative)
        .filter(|x| x.span.end <= sentence.end)
        .count();
    if explicit != 1 {
        return None;
    }
    // What the verb could date: an agreement, group or command named in
    // the sentence. Without one the verb is not searched for.
    let datable = |n: &&Name| {
        n.span.end <= sentence.end
            && matches!(
                n.kind,
                Some(BodyType::Agreement | BodyType::Group | BodyType::Military | BodyType::Gov)
            )
    };
    let named = &names[names.partition_point(|n| n.span.start < sentence.start)
        ..names.partition_point(|n| n.span.start < sentence.end)];
    if !named.iter().any(|n| datable(&n)) {
        return None;
    }
    let verb = p.founding.find(&text[sentence.clone()])?;
    let verb_end = sentence.start + verb.end();
    let (from, to) = (
        names.partition_point(|n| n.span.start < verb_end),
        names.partition_point(|n| n.span.start < sentence.end),
    );
    let in_sentence = |n: &&Name| n.span.end <= sentence.end;
    let candidates = &names[from..to];
    candidates
        .iter()
        .filter(in_sentence)
        .find(|n| n.kind == Some(BodyType::Agreement))
        .or_else(|| {
            candidates.iter().filter(in_sentence).find(|n| {
                matches!(
                    n.kind,
                    Some(BodyType::Group | BodyType::Military | BodyType::Gov)
                )
            })
        })
        .map(|n| (n, SubjectLink::Sentence))
}

/// The subject's name, with a possessive owner in front when the text has
/// one (`ROK government's inaugural Indo-Pacific Strategy`).
fn with_owner(text: &str, p: &Patterns, span: &Range<usize>) -> String {
    let name = text[span.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match p.owner.captures(window_before(text, span.start, 48)) {
        Some(c) if !name.starts_with(&c["owner"]) => format!("{} {name}", &c["owner"]),
        _ => name,
    }
}

fn anniversary_subject(text: &str, p: &Patterns, span: &Range<usize>) -> String {
    let expr = text[span.clone()].to_lowercase();
    let of = p
        .anniversary_of
        .captures(window_after(text, span.end, 80))
        .map(|c| {
            // `the U.S.-ROK Alliance` and `the alliance` are one subject.
            const PARTIES: &[&str] = &["us", "rok", "uk", "japan", "nato", "eu"];
            fingerprint(&c["x"])
                .split(' ')
                .filter(|w| !PARTIES.contains(w))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    if of.is_empty() {
        expr
    } else {
        format!("{expr} of {of}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExtractOptions, ExtractorSet};

    /// Each date of `text` as written, with its subject and link.
    fn subjects(text: &str) -> Vec<(String, String, SubjectLink)> {
        let set = ExtractorSet::new(&ExtractOptions::default());
        let view = TextView::new(text);
        let facts = set.run(&view, None);
        facts
            .dates
            .iter()
            .map(|d| {
                let written = view.raw_text(d.span.clone()).to_string();
                (written, d.subject.clone(), d.subject_link)
            })
            .collect()
    }

    fn date_of(text: &str, date: &str) -> (String, String, SubjectLink) {
        subjects(text)
            .into_iter()
            .find(|(d, ..)| d == date)
            .unwrap_or_else(|| panic!("{date} not found in {text:?}"))
    }

    fn subject_of(text: &str, date: &str) -> String {
        date_of(text, date).1
    }

    fn link_of(text: &str, date: &str) -> SubjectLink {
        date_of(text, date).2
    }

    #[test]
    fn how_a_date_is_linked() {
        use SubjectLink::*;
        let cases = [
            ("The 1953 Harbor Treaty holds.", "1953", Modifier),
            ("The Harbor Treaty of 1953 holds.", "1953", Modifier),
            (
                "In its March 2022 Harbor Treaty Implementation Memo, it said.",
                "March 2022",
                None,
            ),
            ("The Harbor Treaty (1953) holds.", "1953", Parenthesis),
            (
                "The Harbor Board, established in 2010, met.",
                "2010",
                Founding,
            ),
            (
                "The Harbor Treaty, signed in 1953, holds.",
                "1953",
                Founding,
            ),
            (
                "A letter to the Harbor Board signed on May 2, 2021 left.",
                "May 2, 2021",
                Preposition,
            ),
            (
                "She studied at the University of Harborton in 2001.",
                "2001",
                Preposition,
            ),
            (
                "In 1953 the two states signed the Harbor Treaty.",
                "1953",
                Sentence,
            ),
            (
                "Harborton, 10 July 2024\n\nToday is the 70th anniversary of the Harbor Treaty.",
                "70th anniversary",
                Anniversary,
            ),
        ];
        for (text, date, want) in cases {
            assert_eq!(link_of(text, date), want, "{text}");
        }
    }

    #[test]
    fn modifier_and_parenthesis() {
        assert_eq!(
            subject_of("The [1953 Mutual Defense Treaty](#), signed after", "1953"),
            "Mutual Defense Treaty"
        );
        assert_eq!(
            subject_of("* U.S.-ROK Mutual Defense Treaty (1953): Ensures", "1953"),
            "U.S.-ROK Mutual Defense Treaty"
        );
        assert_eq!(
            subject_of(
                "The April 2023 Washington Declaration represents",
                "April 2023"
            ),
            "Washington Declaration"
        );
        assert_eq!(
            subject_of(
                "* Korean War and U.S. Commitment (1950\u{2013}1953): After",
                "1950\u{2013}1953"
            ),
            "Korean War"
        );
    }

    #[test]
    fn in_phrase_and_founding_verbs() {
        let t = "the Extended Deterrence Policy Committee (EDPC) in 2010, followed by the Deterrence Strategy Committee (DSC) and more in 2015.";
        assert_eq!(
            subject_of(t, "2010"),
            "Extended Deterrence Policy Committee"
        );
        assert_eq!(
            subject_of("In 1953 the United States and Republic of Korea (ROK) signed the Mutual Defense Treaty pledging peace.", "1953"),
            "Mutual Defense Treaty"
        );
        assert_eq!(
            subject_of(
                "Air Force Global Strike Command (AFGSC), activated August 7, 2009, is a command.",
                "August 7, 2009"
            ),
            "Air Force Global Strike Command"
        );
    }

    #[test]
    fn a_name_dated_where_it_stands_is_not_dated_again() {
        let t =
            "Pyongyang scrapped the 2018 Comprehensive Military Agreement (CMA) in November 2023.";
        assert_eq!(subject_of(t, "2018"), "Comprehensive Military Agreement");
        assert_eq!(subject_of(t, "November 2023"), "");
    }

    #[test]
    fn a_body_announcing_was_not_founded_then() {
        let t = "The Combined Forces Command (CFC) announced on 19 August 2024 that drills begin.";
        assert_eq!(subject_of(t, "19 August 2024"), "");
        let t = "The Indo-Pacific Strategy, announced in December 2022, set goals.";
        assert_eq!(subject_of(t, "December 2022"), "Indo-Pacific Strategy");
    }

    #[test]
    fn owner_and_anniversary() {
        assert_eq!(
            subject_of(
                "from the ROK government's inaugural Indo-Pacific Strategy (December 2022), the",
                "December 2022"
            ),
            "ROK Indo-Pacific Strategy"
        );
        let t = "In 1953 they signed. In commemorating the 70th Anniversary of the U.S.-ROK Alliance, they met.";
        assert_eq!(
            subject_of(t, "70th Anniversary"),
            "70th anniversary of alliance"
        );
    }

    #[test]
    fn a_place_is_not_the_subject() {
        assert_eq!(
            subject_of(
                "It was activated at Fuchu Air Station on 1 July 1957 to succeed it.",
                "1 July 1957"
            ),
            ""
        );
    }

    #[test]
    fn no_subject_without_close_evidence() {
        assert_eq!(
            subject_of(
                "In 2015 the weather was fine near the Mutual Defense Treaty office.",
                "2015"
            ),
            ""
        );
        assert_eq!(
            subject_of(
                "By 2030 and 2040, the Washington Declaration was signed.",
                "2030"
            ),
            ""
        );
    }
}
