//! Troop figures: counts of military personnel with qualifier, unit, force,
//! location and as-of date.
//!
//! A figure is a number tied to a personnel noun: directly (`28,500 troops`,
//! `28,500+ U.S. service personnel`, across up to four modifiers), or through
//! a frame (`troops numbering 28,500`, `a force of 28,500`, `28,500-strong`).
//! Casualty counts (`36,000 soldiers were killed`) are left out: they count
//! losses, not strength, and would raise false conflicts against deployment
//! figures (see README).

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::extractor::Extractor;
use crate::gate::{self, Gated, Lane, Scan};
use crate::gazetteer::{self, Form};
use crate::model::{BodyType, DocFacts, Granularity, Qualifier, Rule, TroopFact};
use crate::numbers::{parse_any, NUMBER_WORD};
use crate::textview::{window_after, window_before, TextView};
use crate::triggers::troops::{FORCE_OF, NUMBERING, PERSONNEL_WORD, STRONG};

/// Finds troop figures.
pub struct TroopExtractor;

/// Qualifier words and the bound each gives (`data/qualifiers.csv`).
static QUALIFIER_WORDS: LazyLock<Vec<(&str, Qualifier)>> = LazyLock::new(|| {
    include_str!("../data/qualifiers.csv")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let (words, q) = l.split_once(',')?;
            Some((words, Qualifier::parse(q)?))
        })
        .collect()
});

/// The qualifier words as a capture group `qual`, longest first, spaces
/// matching any white space.
static QUALIFIER: LazyLock<String> = LazyLock::new(|| {
    let words: Vec<&str> = QUALIFIER_WORDS.iter().map(|(w, _)| *w).collect();
    let alt = gazetteer::alternation(&words).replace(' ', r"\s+");
    format!("(?P<qual>{alt})")
});

const PERSONNEL: &str = r"(?i:(?P<noun>service\s*members|service\s*men|service\s*women|servicemembers|servicemen|servicewomen|(?:military|service|uniformed|defense|defence)\s+personnel|personnel|troops|soldiers|marines|sailors|airmen|guardsmen|reservists|paratroopers|commandos|peacekeepers|infantrymen|conscripts|forces|troop))(?-u:\b)";

/// Words that may sit between the number and the personnel noun.
const MODIFIER: &str = r"(?:[A-Z][A-Za-z.'-]*|active[- ]duty|active|combat|additional|more|ground|regular|reserve|military|foreign|allied|coalition|uniformed|deployed|rotational|permanent|permanently|armed|army|naval|navy|air|special|operations|elite|new|extra|other|American|U\.S\.-led|frontline|front-line|full-time|part-time|trained|serving|enlisted|professional|contract|peacekeeping|international|multinational|infantry|airborne|support|stationed|remaining|total|and)";

// Trigger families: a figure's pattern cannot match without one of its
// family's words (see `gate`).
/// More states and their adjectives that may own a figure (`Canada plans
/// to deploy up to 2,200 troops`).
/// Forces that are not states but own troops in the text (commands,
/// alliances, armies named alone); the states come from the gazetteer.
const NON_STATE_FORCES: &[&str] = &["EU", "EUFOR", "European Union", "NATO", "PLA", "USFK"];

/// The owner alternation: surfaces ending in a full stop (`U.S.`) first,
/// without the closing word boundary a full stop cannot give, then every
/// other state form and non-state force, longest first.
fn owner_alternation() -> String {
    let mut names: Vec<&str> = gazetteer::surfaces(gazetteer::STATE_FORMS);
    names.extend(NON_STATE_FORCES);
    let (dotted, words): (Vec<&str>, Vec<&str>) = names.into_iter().partition(|n| n.ends_with('.'));
    format!(
        r"(?-u:\b)(?:{}|(?:{})(?-u:\b))",
        gazetteer::alternation(&dotted),
        gazetteer::alternation(&words)
    )
}

#[cfg(test)]
fn scan(text: &str) -> Scan<'_> {
    Scan::new(text, gate::hits(text, Lane::Troops))
}

struct Patterns {
    direct: Gated,
    /// `troops numbering N`, `a force of N`, `N-strong`.
    frames: [Gated; 3],
    casualty: Regex,
    location: Regex,
    force_of: Regex,
    /// A state or force named earlier in the sentence: the figure's owner
    /// when no modifier says (`The U.S. maintains … 28,500 troops`).
    sentence_owner: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let number = format!(
        r"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s+(?:thousand|million))?|(?i:{NUMBER_WORD}(?:(?:\s+|-|\s+and\s+){NUMBER_WORD})*))"
    );
    let high = number.replace("?P<num>", "?P<high>");
    let qualifier = QUALIFIER.as_str();
    let re = |s: &str| Regex::new(s).expect("valid troop regex");
    Patterns {
        // Qualifier, number, range and modifiers: thirty words at most
        // before the noun; `service members` reaches one word past it.
        direct: Gated::new(
            re(&format!(
                r"(?i:(?-u:\b){qualifier}\s+)?(?P<tilde>~\s*)?(?-u:\b){number}(?:\s*(?:-|to|and)\s*{high})?(?P<plus>\+)?(?:\s+{MODIFIER}){{0,4}}(?:\s+|-){PERSONNEL}"
            )),
            PERSONNEL_WORD,
            30,
            2,
        ),
        frames: [
            Gated::new(
                re(&format!(
                    r"(?i)(?-u:\b)(?P<noun>troops|forces|personnel|soldiers)\s+(?:numbering|numbered|totall?ing|totall?ed)\s+(?:{qualifier}\s+)?{number}(?-u:\b)"
                )),
                NUMBERING,
                1,
                14,
            ),
            Gated::new(
                re(&format!(
                    r"(?i)(?-u:\b)(?:a|an)\s+(?P<noun>force|contingent|garrison|army|deployment)\s+of\s+(?:{qualifier}\s+)?{number}(?-u:\b)"
                )),
                FORCE_OF,
                1,
                14,
            ),
            // `a 4,800-strong brigade`: the unit is the noun after `strong`.
            Gated::new(
                re(&format!(
                    r"(?-u:\b){number}-(?P<kind>strong|person|man|member|soldier|troop)(?:\s+(?:[A-Z][A-Za-z]*\s+)?(?P<noun>brigade|force|contingent|garrison|army|division|battalion|regiment|unit|corps|deployment|presence|mission))?(?-u:\b)"
                )),
                STRONG,
                12,
                3,
            ),
        ],
        casualty: re(
            r"(?i)^[^.;]{0,40}?(?-u:\b)(?:killed|died|dead|deaths|wounded|injured|casualties|missing in action|captured|lost their lives|were lost)(?-u:\b)",
        ),
        location: re(
            r"^[^.;]{0,40}?(?-u:\b)(?:in|on|at|across|throughout|through|into|to)\s+(?P<loc>(?:the\s+)?(?:[A-Z][A-Za-z.'-]*)(?:\s+(?:of\s+)?[A-Z][A-Za-z.'-]*){0,3})",
        ),
        sentence_owner: re(&owner_alternation()),
        // `troops of the 8th Army`, `personnel from the Japan Ground Self-Defense Force`.
        force_of: re(
            r"^\s+(?P<via>of|from)\s+(?P<f>(?:the\s+)?(?:[0-9]{1,3}(?:st|nd|rd|th)\s+)?[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,3})",
        ),
    }
});

fn qualifier_of(qual: &str, plus: bool, tilde: bool, range: bool) -> Qualifier {
    if range {
        return Qualifier::Range;
    }
    if plus {
        return Qualifier::AtLeast;
    }
    if tilde {
        return Qualifier::Approx;
    }
    let q = qual.to_ascii_lowercase();
    let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
    if q.is_empty() {
        return Qualifier::Exact;
    }
    QUALIFIER_WORDS
        .iter()
        .find(|(w, _)| *w == q)
        .map_or(Qualifier::Approx, |(_, b)| *b)
}

/// `service personnel` -> `personnel`; `service members` stays.
fn unit_of(noun: &str) -> String {
    let n = noun
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if n.starts_with("service") && !n.ends_with("personnel") {
        return n;
    }
    n.rsplit(' ').next().unwrap_or(&n).to_string()
}

/// A military or government body named earlier in the sentence, in the
/// same clause (`the Korean People's Army fields 1.2 million soldiers`)
/// or as its subject across an appositive (`Its 45th Panzer Brigade,
/// stood up in Vilnius in 2025, is to reach roughly 4,800 soldiers`), and
/// not before `after` (the end of the sentence's previous figure).
fn body_owner(facts: &DocFacts, view: &TextView<'_>, pos: usize, after: usize) -> Option<String> {
    let sentence = view.sentence_of(pos);
    let lo = sentence.start.max(after);
    let owns = |b: &crate::model::BodyMention| {
        b.span.start >= lo && matches!(b.kind, BodyType::Military | BodyType::Gov)
    };
    let before = &facts.bodies[..facts.bodies.partition_point(|b| b.span.end <= pos)];
    let name = |b: &crate::model::BodyMention| view.norm()[b.span.clone()].to_string();
    let last = before.last()?;
    // A short form in its definition's parenthesis stands for the name
    // before it: `The Force Intervention Brigade (FIB), with roughly 3,000
    // troops`. A `with` phrase right after the body is the body's.
    // So is a `which has` clause, and either may follow where the body is:
    // `The United Nations Interim Force in Lebanon, which has some 10,000
    // peacekeepers`.
    static WITH_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s+in\s+(?:the\s+)?[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,2})?,\s+(?:with|which\s+(?:has|had|have|numbers|numbered|fields|includes|comprises))\s")
            .expect("valid regex")
    });
    let between = &view.norm()[last.span.end.min(pos)..pos];
    let between = between.strip_prefix(')').unwrap_or(between);
    let with_phrase = WITH_PHRASE
        .find(between)
        .is_some_and(|m| !between[m.end()..].contains([',', ';', '(', ':']));
    if owns(last) && (with_phrase || !between.contains([',', ';', '(', ':'])) {
        // A state named between the body and the figure is nearer: `The
        // Kremlin said that Russia's armed forces would grow to 1.5
        // million active personnel`.
        // (A place after a preposition is where the body is, not an owner:
        // `the 2nd Infantry Division in South Korea fields ...`.)
        let nearer = owners_in(between).last();
        return Some(nearer.map_or_else(|| name(last), str::to_string));
    }
    // The sentence's subject, with one appositive between it and the
    // figure (bodies inside the appositive, a base, a city, are skipped).
    let subject = before.iter().find(|b| b.span.start >= sentence.start)?;
    let between = &view.norm()[subject.span.end.min(pos)..pos];
    let opens_sentence = view.norm()[sentence.start..subject.span.start]
        .split_whitespace()
        .count()
        <= 1;
    (owns(subject)
        && opens_sentence
        && between.starts_with(',')
        && between.matches(',').count() == 2
        && !between.contains([';', '(', ':']))
    .then(|| name(subject))
}

/// `21,000 personnel of its armed forces`: `its` is the sentence's
/// subject, the first state or force the sentence names (`Taiwan's
/// Ministry of National Defense said ...`), not the nearest one.
fn its_owner(view: &TextView<'_>, pos: usize, noun_end: usize) -> Option<String> {
    static ITS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s+(?:of|from)\s+(?:its|their)\s").expect("valid regex"));
    if !ITS.is_match(&view.norm()[noun_end..]) {
        return None;
    }
    let from = view.sentence_of(pos).start.min(pos);
    PATTERNS
        .sentence_owner
        .find(&view.norm()[from..pos])
        .map(|m| m.as_str().to_string())
}

/// The states and forces named in `text` that can own a figure: not a
/// place after a preposition, which is where something is (`the 2nd
/// Infantry Division in South Korea fields ...`), nor an agent after `by`
/// (`the battlegroup in Lithuania, led by Germany, has numbered ...` is
/// NATO's).
fn owners_in(text: &str) -> impl Iterator<Item = &str> {
    PATTERNS
        .sentence_owner
        .find_iter(text)
        .filter_map(move |m| {
            let word = text[..m.start()]
                .trim_end()
                .rsplit(' ')
                .next()
                .unwrap_or("");
            let placed = matches!(
                word,
                "in" | "at"
                    | "to"
                    | "from"
                    | "near"
                    | "across"
                    | "of"
                    | "with"
                    | "on"
                    | "into"
                    | "by"
                    | "toward"
                    | "towards"
                    // A state a force moves to or from is a place too
                    // (`the division left Kuwait`, `troops entered Syria`).
                    | "left"
                    | "leave"
                    | "leaves"
                    | "leaving"
                    | "entered"
                    | "enters"
                    | "reached"
                    | "invaded"
                    | "invade"
                    | "visited"
            );
            (!placed).then_some(m.as_str())
        })
}

/// The last state or force named in the sentence before `pos`, and not
/// before `after`.
fn sentence_owner(view: &TextView<'_>, pos: usize, after: usize) -> Option<String> {
    let from = view.sentence_of(pos).start.max(after).min(pos);
    owners_in(&view.norm()[from..pos])
        .last()
        .map(str::to_string)
}

/// Where the figure before `pos` ends (0 without one): an owner named
/// before it is that figure's, not the next one's (`500 US Marines took
/// part, alongside some 17,600 personnel in all`).
fn previous_figure_end(out: &[TroopFact], pos: usize) -> usize {
    out.iter()
        .map(|f| f.span.end)
        .filter(|&e| e <= pos)
        .max()
        .unwrap_or(0)
}

/// Whose troops: the capitalized modifiers between number and noun
/// (`U.S.`, `South Korean`), else `of USFK` after the noun.
fn force_of(text: &str, c: &Captures<'_>, noun_end: usize) -> Option<String> {
    let num_end = c.name("high").or(c.name("num")).map_or(0, |m| m.end());
    let noun_start = c.name("noun").map_or(noun_end, |m| m.start());
    // From the first to the last capitalized modifier, keeping an `and`
    // between them (`American and Korean`), dropping `service`, `combat`.
    let words: Vec<&str> = text[num_end..noun_start]
        .trim_start_matches('+')
        .split_whitespace()
        .collect();
    let is_name = |w: &&str| w.starts_with(|ch: char| ch.is_uppercase());
    let mods: &[&str] = match (
        words.iter().position(is_name),
        words.iter().rposition(is_name),
    ) {
        (Some(a), Some(b)) => &words[a..=b],
        _ => &[],
    };
    if !mods.is_empty() {
        return Some(mods.join(" "));
    }
    let c = PATTERNS.force_of.captures(&text[noun_end..])?;
    let force = c["f"].trim_start_matches("the ");
    // `from` names the force only when it is one (`personnel from the
    // Japan Ground Self-Defense Force`); `troops from South Korea` is
    // where they leave.
    let military = force.rsplit(' ').next().is_some_and(|w| {
        let head = w.split('-').next().unwrap_or(w);
        matches!(
            head,
            "Force"
                | "Forces"
                | "Army"
                | "Navy"
                | "Corps"
                | "Command"
                | "Division"
                | "Brigade"
                | "Regiment"
                | "Battalion"
                | "Marines"
                | "Guard"
                | "Fleet"
                | "Wing"
                | "Squadron"
        )
    });
    (&c["via"] == "of" || military).then(|| force.to_string())
}

/// Where the figure is: a place named right after it (`in South Korea`,
/// `at Camp Humphreys`), not a body (`assigned to USFJ`) other than an
/// installation, and not an event (`took part in Talisman Sabre`).
fn location_after(text: &str, end: usize, bodies: &[crate::model::BodyMention]) -> String {
    let rest = window_after(text, end, 120);
    // Hard-wrapped text (PDF extractions, e-mail) runs a sentence over
    // several lines: the place may sit on the next line, but not past a
    // blank line.
    let rest = &rest[..paragraph_end(rest)];
    let Some(c) = PATTERNS.location.captures(rest) else {
        return String::new();
    };
    // `took part in Talisman Sabre`, `participated in RIMPAC`: an event,
    // not a place.
    let loc = c.name("loc").expect("loc group");
    let lead = rest[..loc.start()].trim_end();
    let lead = lead
        .trim_end_matches(|ch: char| ch.is_alphabetic())
        .trim_end();
    let last_word = lead.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
    // `according to the Ministry's report`: a source, not a place.
    if matches!(
        last_word.as_str(),
        "part" | "participated" | "participate" | "engaged" | "involved" | "according"
    ) {
        return String::new();
    }
    // A sentence ends inside the match (`in Vietnam. Today ...`): the
    // place stops there (`U.S. Army` keeps its dots: capitals before them).
    let mut loc_text = loc.as_str();
    // A place name does not run on into the next line.
    loc_text = &loc_text[..loc_text.find('\n').unwrap_or(loc_text.len())];
    if let Some(m) = SENTENCE_END_INSIDE.find(loc_text) {
        loc_text = &loc_text[..m.start() + 1];
    }
    // `served in the Vietnam War`: a war or a meeting is no place.
    let last = loc_text
        .trim_end_matches(['.', ','])
        .rsplit(' ')
        .next()
        .unwrap_or("");
    if matches!(
        last,
        "War" | "Wars" | "Conflict" | "Campaign" | "Summit" | "Conference" | "Exercise" | "Games"
    ) {
        return String::new();
    }
    if names_a_body(bodies, end + loc.start()..end + loc.end()) {
        return String::new();
    }
    // `moved in December 2024`: a time, not a place.
    let first = loc_text
        .trim_start_matches("the ")
        .split([' ', '.', ','])
        .next()
        .unwrap_or("");
    if crate::dates::is_time_word(first) {
        return String::new();
    }
    let loc_text = loc_text.trim_end_matches(['.', ',']);
    // A possessive owns what follows (`the Ministry's 2023 report`).
    if loc_text.ends_with("'s") {
        return String::new();
    }
    // One form for a spreadsheet column: `the Sahel` is `Sahel`, as an
    // opening `In the Sahel,` gives it.
    loc_text
        .strip_prefix("the ")
        .unwrap_or(loc_text)
        .to_string()
}

/// Where a figure stands: a place after it (`stationed in Poland`), else
/// one that opens its sentence (`In Japan, U.S. Forces Japan comprises
/// about 54,000 personnel`).
fn location_of(view: &TextView<'_>, facts: &DocFacts, start: usize, end: usize) -> String {
    if let Some(host) = host_place(view, facts, start) {
        return host;
    }
    let after = location_after(view.norm(), end, &facts.bodies);
    if !after.is_empty() {
        return after;
    }
    where_place(view, facts, start)
        .or_else(|| opening_place(view, facts, start))
        .or_else(|| label_place(view, facts, start))
        .unwrap_or_default()
}

/// Countries, territories and regions a list item may be labelled with.
static PLACE_LABELS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    gazetteer::surfaces(&[Form::Name, Form::Possessive, Form::Territory, Form::Region])
});

/// A country that labels the list item holding the figure: `- **Estonia:**
/// the United Kingdom leads the battlegroup at Tapa, with some 900 British
/// personnel`.
fn label_place(view: &TextView<'_>, facts: &DocFacts, pos: usize) -> Option<String> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[-*\u{2022}]\s+)?(?:\*\*)?(?P<loc>[A-Z][A-Za-z'-]*(?:\s+(?:and\s+)?[A-Z][A-Za-z'-]*){0,2})(?:\*\*)?:(?:\*\*)?\s")
            .expect("valid regex")
    });
    place_before(view, facts, pos, &LABEL)
        .filter(|loc| PLACE_LABELS.contains(loc))
        .map(str::to_string)
}

/// A place named by the opening phrase of the sentence holding `pos`:
/// `In Japan,`, `Across the Baltic States,`. Not a date (`In September,`),
/// a body (`In Congress,`) or a discourse phrase (`In Total,`).
fn opening_place(view: &TextView<'_>, facts: &DocFacts, pos: usize) -> Option<String> {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\*\s+|-\s+)?(?:In|At|Across|Throughout)\s+(?P<loc>(?:the\s+)?[A-Z][A-Za-z.'-]*(?:\s+(?:of\s+)?[A-Z][A-Za-z.'-]*){0,3}),")
            .expect("valid regex")
    });
    let loc = place_before(view, facts, pos, &OPENING)?;
    let first = loc.split(' ').next()?;
    let discourse = matches!(
        first,
        "Addition"
            | "Total"
            | "Summary"
            | "Short"
            | "Brief"
            | "Particular"
            | "Practice"
            | "Response"
            | "Contrast"
            | "Comparison"
            | "General"
            | "Conclusion"
            | "Turn"
            | "Fact"
    );
    (!discourse).then(|| loc.to_string())
}

/// A place that opens the sentence as the host of what it counts:
/// `Germany hosts about 35,000 U.S. service members`, `Japan is home to
/// some 54,000`. A body (`NATO hosts`) or a date is no host place.
fn host_place(view: &TextView<'_>, facts: &DocFacts, pos: usize) -> Option<String> {
    static HOST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\*\s+|-\s+)?(?:The\s+)?(?P<loc>[A-Z][A-Za-z.'-]*(?:\s+(?:of\s+)?[A-Z][A-Za-z.'-]*){0,3})\s+(?:hosts|hosted|houses|housed|is\s+home\s+to|was\s+home\s+to)\s")
            .expect("valid regex")
    });
    place_before(view, facts, pos, &HOST).map(str::to_string)
}

/// The place a `where` clause holding the figure refers to: `Robertson
/// Barracks in Darwin, where around 2,500 U.S. Marines rotate`.
fn where_place(view: &TextView<'_>, facts: &DocFacts, pos: usize) -> Option<String> {
    static WHERE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|\s)(?:in|at)\s+(?:the\s+)?(?P<loc>[A-Z][A-Za-z.'-]*(?:\s+(?:of\s+)?[A-Z][A-Za-z.'-]*){0,3}),\s+where\s+$")
            .expect("valid regex")
    });
    place_before(view, facts, pos, &WHERE).map(str::to_string)
}

/// The `loc` group of `re` matched on the sentence text before `pos`,
/// without a leading `the`, unless it is a date, a body's name or runs
/// over a line break.
fn place_before<'v>(
    view: &'v TextView<'_>,
    facts: &DocFacts,
    pos: usize,
    re: &Regex,
) -> Option<&'v str> {
    let sentence = view.sentence_of(pos);
    let text = &view.norm()[sentence.start..pos];
    let loc = re.captures(text)?.name("loc")?;
    let span = sentence.start + loc.start()..sentence.start + loc.end();
    let dated = facts
        .dates
        .iter()
        .any(|d| d.span.start < span.end && span.start < d.span.end);
    let loc = loc.as_str();
    (!dated && !names_a_body(&facts.bodies, span) && !loc.contains('\n'))
        .then(|| loc.trim_start_matches("the "))
}

/// True when a body other than an installation overlaps `span` (a place
/// phrase that is a body's name is no place: `in Congress`).
fn names_a_body(bodies: &[crate::model::BodyMention], span: Range<usize>) -> bool {
    let i = bodies.partition_point(|b| b.span.end <= span.start);
    bodies
        .get(i)
        .is_some_and(|b| b.span.start < span.end && b.kind != BodyType::Installation)
}

/// Where the paragraph holding the start of `s` ends: at its first blank
/// line, or at the end of `s`.
fn paragraph_end(s: &str) -> usize {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if pos > 0 && line.trim().is_empty() {
            return pos;
        }
        pos += line.len();
    }
    s.len()
}

/// A lower-case letter, a period and a space: a sentence end, not `U.S.`.
static SENTENCE_END_INSIDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[a-z]\.\s").expect("valid regex"));

impl Extractor for TroopExtractor {
    fn name(&self) -> &'static str {
        "troops"
    }

    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts) {
        let text = view.norm();
        let p = &*PATTERNS;
        let mut out: Vec<TroopFact> = Vec::new();
        let scan = Scan::new(text, gate::view_hits(view, Lane::Troops));
        for c in scan.captures(&p.direct) {
            let m = c.get(0).expect("group 0");
            let num = &c["num"];
            let Some(value) = parse_any(num) else {
                continue;
            };
            // A bare year before a noun (`in 2024 troops`) is not a figure.
            if year_like(num, value) {
                continue;
            }
            // A fraction counts no one unless a scale word follows it
            // (`1.2 million`): `2022.3 The French Armed Forces` is a year
            // with its footnote mark run into the next sentence.
            if num.contains('.') && !num.contains(char::is_alphabetic) {
                continue;
            }
            // `several hundred personnel`, `a few thousand troops`: a scale
            // word alone is no count.
            if matches!(
                num.to_ascii_lowercase().as_str(),
                "hundred" | "thousand" | "million"
            ) {
                continue;
            }
            // Money is not a head count (`$28,500 troop bonus`).
            if after_money_sign(text, m.start()) {
                continue;
            }
            let noun = &c["noun"];
            if noun.eq_ignore_ascii_case("forces") && value < 100 {
                continue;
            }
            // A noun that opens a compound modifier counts something else:
            // `49 troop-contributing countries`, `12 soldier-led patrols`.
            let rest = &text[m.end()..];
            if rest.starts_with('-') && rest[1..].starts_with(char::is_alphabetic) {
                continue;
            }
            let qual = c.name("qual").map_or("", |q| q.as_str());
            let high = c.name("high").and_then(|h| parse_any(h.as_str()));
            let is_between = qual.eq_ignore_ascii_case("between");
            if is_between && high.is_none() {
                continue;
            }
            let range = high.is_some_and(|h| h > value);
            let end = m.end();
            if p.casualty.is_match(&text[end..]) || view.in_noise(&(m.start()..end)) {
                continue;
            }
            let after = previous_figure_end(&out, m.start());
            out.push(TroopFact {
                span: m.start()..end,
                value,
                value_high: high.filter(|_| range),
                qualifier: qualifier_of(
                    qual,
                    c.name("plus").is_some(),
                    c.name("tilde").is_some(),
                    range,
                ),
                unit: unit_of(noun),
                force: force_of(text, &c, end)
                    .or_else(|| its_owner(view, m.start(), end))
                    .or_else(|| body_owner(facts, view, m.start(), after))
                    .or_else(|| sentence_owner(view, m.start(), after))
                    .unwrap_or_default(),
                location: location_of(view, facts, m.start(), end),
                as_of: String::new(),
                rule: Rule::TroopsNumberNoun,
            });
        }
        out.extend(elliptical_figures(view, facts, &out));
        out.extend(level_figures(view, facts, &out));
        for c in p.frames.iter().flat_map(|g| scan.captures(g)) {
            let m = c.get(0).expect("group 0");
            if out
                .iter()
                .any(|f| f.span.start < m.end() && m.start() < f.span.end)
            {
                continue;
            }
            let Some(value) = parse_any(&c["num"]) else {
                continue;
            };
            // `a 150-member delegation`: a person count is a troop figure
            // only with a military noun (`a 2,000-person contingent`).
            let people = c
                .name("kind")
                .is_some_and(|k| matches!(k.as_str(), "person" | "man" | "member"));
            if people && c.name("noun").is_none() {
                continue;
            }
            let unit = c
                .name("noun")
                .map_or("strong".to_string(), |n| n.as_str().to_lowercase());
            let qual = c.name("qual").map_or("", |q| q.as_str());
            if p.casualty.is_match(&text[m.end()..]) || view.in_noise(&(m.start()..m.end())) {
                continue;
            }
            let after = previous_figure_end(&out, m.start());
            out.push(TroopFact {
                span: m.start()..m.end(),
                value,
                value_high: None,
                qualifier: qualifier_of(qual, false, false, false),
                unit,
                // `Germany will station a 4,000-strong brigade`: the owner
                // named earlier, as for a figure with its noun.
                force: body_owner(facts, view, m.start(), after)
                    .or_else(|| sentence_owner(view, m.start(), after))
                    .unwrap_or_default(),
                location: location_of(view, facts, m.start(), m.end()),
                as_of: String::new(),
                rule: Rule::TroopsFrame,
            });
        }
        for f in &mut out {
            f.as_of = as_of(view, facts, &f.span);
        }
        // Tables and labelled lines name personnel in a header or label.
        if scan.any(PERSONNEL_WORD) || text.contains("trength") {
            out.extend(table_figures(view, facts));
        }
        out.sort_by_key(|f| (f.span.start, f.span.end));
        // Names taken from hard-wrapped text (`the Polish\nArmed Forces`)
        // are spreadsheet values: one line, single spaces.
        for f in &mut out {
            for field in [&mut f.force, &mut f.location] {
                if field.contains(char::is_whitespace) {
                    // A char is at least a byte: the length never cuts.
                    *field = crate::textview::collapse_ws(field, field.len());
                }
            }
        }
        facts.troops = out;
    }
}

/// Four digits that read as a year (`2024`), not a count.
fn year_like(num: &str, value: u64) -> bool {
    num.len() == 4 && num.bytes().all(|b| b.is_ascii_digit()) && (1900..2100).contains(&value)
}

/// True when a currency sign stands right before `pos`: money is not a
/// head count (`$28,500 troop bonus`).
fn after_money_sign(text: &str, pos: usize) -> bool {
    window_before(text, pos, 4).ends_with(['$', '\u{20AC}', '\u{00A3}', '\u{00A5}', '\u{20A9}'])
}

/// A figure's count as a plain number: digits with thousands separators
/// or a bare number that is no year (`2,500`, `900`; not `2024`).
fn plain_count(num: &str) -> Option<u64> {
    let value = parse_any(num)?;
    (!year_like(num, value) && value > 0).then_some(value)
}

/// A place as the location column holds it: no leading `the`, no body.
fn place_cell(facts: &DocFacts, loc: &str, span: Range<usize>) -> String {
    if names_a_body(&facts.bodies, span) || loc.ends_with("'s") {
        return String::new();
    }
    // A sentence's full stop is no part of it (`Syria.`); an abbreviation's
    // is (`the U.S.`).
    let mut loc = loc.trim_end_matches(',');
    if loc.ends_with('.') && loc[..loc.len() - 1].ends_with(char::is_lowercase) {
        loc = &loc[..loc.len() - 1];
    }
    loc.strip_prefix("the ").unwrap_or(loc).to_string()
}

/// A number that shares the noun of the figure before it in the same
/// sentence: `About 2,500 U.S. troops remain in Iraq and some 900 in
/// Syria` gives 900 troops in Syria too. Only a count followed straight by
/// `in`/`at`/`on` and a capitalized place, with no other number between.
fn elliptical_figures(
    view: &TextView<'_>,
    facts: &DocFacts,
    figures: &[TroopFact],
) -> Vec<TroopFact> {
    static ELLIPTICAL: LazyLock<Regex> = LazyLock::new(|| {
        let qualifier = QUALIFIER.as_str();
        Regex::new(&format!(
            r"^[^.;:\d]*?(?-u:\b)(?:and|while|with|plus)\s+(?P<fig>(?i:{qualifier}\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d{{2,}}))\s+(?:more\s+)?(?:in|at|on)\s+(?P<loc>(?:the\s+)?[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){{0,2}})"
        ))
        .expect("valid regex")
    });
    let text = view.norm();
    let mut out = Vec::new();
    for f in figures.iter().filter(|f| f.rule == Rule::TroopsNumberNoun) {
        let sentence_end = view.sentence_of(f.span.start).end.max(f.span.end);
        let rest = &text[f.span.end..sentence_end];
        let Some(c) = ELLIPTICAL.captures(rest) else {
            continue;
        };
        let Some(value) = plain_count(&c["num"]) else {
            continue;
        };
        let fig = c.name("fig").expect("fig group");
        let span = f.span.end + fig.start()..f.span.end + fig.end();
        if after_money_sign(text, span.start) || view.in_noise(&span) {
            continue;
        }
        let loc = c.name("loc").expect("loc group");
        let qual = c.name("qual").map_or("", |q| q.as_str());
        out.push(TroopFact {
            span,
            value,
            value_high: None,
            qualifier: qualifier_of(qual, false, false, false),
            unit: f.unit.clone(),
            force: f.force.clone(),
            location: place_cell(
                facts,
                loc.as_str(),
                f.span.end + loc.start()..f.span.end + loc.end(),
            ),
            as_of: String::new(),
            rule: Rule::TroopsElliptical,
        });
    }
    out
}

/// A count given as the level a number of troops reaches: `bringing the
/// number of U.S. troops in the Middle East to roughly 43,000`, `cut troop
/// levels in Europe to 60,000`. The figure's span is the count itself.
fn level_figures(view: &TextView<'_>, facts: &DocFacts, figures: &[TroopFact]) -> Vec<TroopFact> {
    static LEVEL: LazyLock<Regex> = LazyLock::new(|| {
        let qualifier = QUALIFIER.as_str();
        Regex::new(&format!(
            r"(?-u:\b)(?:(?i:number|total)\s+of\s+(?P<mods>(?:[A-Z][A-Za-z.'-]*\s+){{0,3}})(?P<noun>(?i:troops|forces|personnel|soldiers|service\s*members|sailors|marines))|(?i:troop\s+(?:levels?|numbers|strength)))(?:\s+(?:in|on|at)\s+(?P<loc>(?:the\s+)?[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){{0,2}}))?\s+(?:to|at|of|stood\s+at|reached|hit)\s+(?P<fig>(?i:{qualifier}\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d{{3,}}))(?-u:\b)"
        ))
        .expect("valid regex")
    });
    let text = view.norm();
    let mut out = Vec::new();
    for c in LEVEL.captures_iter(text) {
        let fig = c.name("fig").expect("fig group");
        let span = fig.start()..fig.end();
        let taken = figures
            .iter()
            .any(|f| f.span.start < span.end && span.start < f.span.end);
        let Some(value) = plain_count(&c["num"]) else {
            continue;
        };
        // `the number of troops to 5,000 from 3,000`, fine; `... to 5,000
        // troops` is a figure with its noun, already read.
        if taken || view.in_noise(&span) || PATTERNS.casualty.is_match(&text[span.end..]) {
            continue;
        }
        let mods = c.name("mods").map_or("", |m| m.as_str().trim());
        let start = c.get(0).expect("group 0").start();
        let after = previous_figure_end(figures, start);
        let location = c.name("loc").map_or_else(
            || location_of(view, facts, span.start, span.end),
            |l| place_cell(facts, l.as_str(), l.start()..l.end()),
        );
        out.push(TroopFact {
            span: span.clone(),
            value,
            value_high: None,
            qualifier: qualifier_of(
                c.name("qual").map_or("", |q| q.as_str()),
                false,
                false,
                false,
            ),
            unit: c
                .name("noun")
                .map_or("troops".to_string(), |n| unit_of(n.as_str())),
            force: if mods.is_empty() {
                body_owner(facts, view, start, after)
                    .or_else(|| sentence_owner(view, start, after))
                    .unwrap_or_default()
            } else {
                mods.to_string()
            },
            location,
            as_of: String::new(),
            rule: Rule::TroopsLevel,
        });
    }
    out
}

/// Header words that make a table column a count of personnel.
const TABLE_UNITS: &[&str] = &[
    "personnel",
    "troops",
    "soldiers",
    "service members",
    "strength",
];

/// A count alone in a cell: `20,000`, `~2,500`, `about 37,000`. A
/// parenthesis may follow, dating or qualifying it: `59,095 (2022-23)`.
static CELL_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<qual>(?i:about|approximately|approx\.|around|some|roughly|nearly|almost|over|more\s+than|at\s+least|up\s+to|fewer\s+than|less\s+than))\s+)?(?P<tilde>~\s*)?(?P<num>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\s*\([^()]*\))?$")
        .expect("valid regex")
});

/// A table row: where its line starts, its cells' spans.
type TableRow = (usize, Vec<std::ops::Range<usize>>);

/// Troop figures in tables and labelled lines. A table is a block of pipe
/// rows (`| Service | Personnel |`) or of columns aligned with runs of
/// spaces (PDF extractions); a header cell naming personnel makes its
/// column counts. A row's first cell is the force it counts, or its place
/// under a `Country` header; a date in the row, else in the line above the
/// table (`Troop strength, as of September 2024:`), else the document's
/// date dates it. A block with no such column may be an infobox (`| Active
/// personnel | 59,095 |`), as lone labelled lines are (`Troops: 28,500`).
fn table_figures(view: &TextView<'_>, facts: &DocFacts) -> Vec<TroopFact> {
    let text = view.norm();
    // Each block of table lines with the start of the line before it (its
    // caption); labelled lines apart.
    // Tab-separated columns: the view folds tabs to spaces, so a space is
    // looked up in the file, and only when the file has tabs at all.
    let has_tabs = memchr::memchr(b'\t', view.raw().as_bytes()).is_some();
    let tab_at = |pos: usize| {
        has_tabs && {
            let raw = view.to_raw(pos..pos + 1);
            view.raw().as_bytes().get(raw.start) == Some(&b'\t') && raw.len() == 1
        }
    };
    let mut blocks: Vec<(Option<usize>, Vec<TableRow>)> = Vec::new();
    let mut labelled: Vec<TableRow> = Vec::new();
    // The caption is the last text line before the table, one blank line
    // between them at most.
    let (mut pos, mut prev_line, mut in_block, mut blanks) = (0, None, false, 0);
    for line in text.split_inclusive('\n') {
        let l = line.trim_end_matches(['\n', '\r']);
        if l.trim().is_empty() && !in_block {
            blanks += 1;
            if blanks > 1 {
                prev_line = None;
            }
            pos += line.len();
            continue;
        }
        let row = if l.trim_start().starts_with('|') {
            Some(cells(l, pos))
        } else {
            aligned_cells(l, pos, &tab_at)
        };
        match row {
            // A rule line (`|---|---|`) is no row.
            Some(r)
                if r.iter()
                    .all(|c| text[c.clone()].trim_matches(['-', ':', ' ']).is_empty()) => {}
            Some(r) => {
                if !in_block {
                    blocks.push((prev_line, Vec::new()));
                    in_block = true;
                }
                if let Some((_, rows)) = blocks.last_mut() {
                    rows.push((pos, r));
                }
            }
            None => {
                in_block = false;
                prev_line = Some(pos);
                blanks = 0;
                labelled.extend(label_cells(l, pos).map(|r| (pos, r)));
            }
        }
        pos += line.len();
    }
    let mut out = Vec::new();
    for (caption_start, block) in blocks {
        let (hpos, header) = &block[0];
        // The header names the count itself (`Uniformed personnel`, `Troops
        // (2024)`), not something of it (`Personnel costs`).
        let unit_in = |c: &std::ops::Range<usize>| {
            let h = text[c.clone()].to_ascii_lowercase();
            let h = h
                .rsplit_once(" (")
                .filter(|(_, note)| note.ends_with(')'))
                .map_or(h.as_str(), |(head, _)| head);
            TABLE_UNITS.iter().find(|u| h.ends_with(*u)).copied()
        };
        let Some((col, unit)) = header
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(j, c)| unit_in(c).map(|u| (j, u)))
        else {
            out.extend(infobox_figures(view, facts, &block[1..], &header[..]));
            continue;
        };
        // A column naming where the figure stands (`| Host nation |`).
        let is_place_header = |c: &std::ops::Range<usize>| {
            let h = text[c.clone()].to_ascii_lowercase();
            PLACE_HEADERS
                .iter()
                .any(|p| h == *p || h.starts_with(&format!("{p} ")))
        };
        let place_col = header.iter().position(is_place_header);
        let header_end = header.last().map_or(*hpos, |c| c.end);
        let caption = caption_start.map_or(*hpos..*hpos, |start| start..header_end);
        let (caption_force, caption_place) = caption_scope(&text[caption.start..*hpos]);
        // A column of the date each row's figure is for (`| As of |`); a
        // date in another column dates something else (`| Established |`).
        // As the first column (`| Year | Troops |`), its bare years are
        // the rows' labels.
        let date_col = header.iter().position(|c| {
            matches!(
                text[c.clone()].to_ascii_lowercase().as_str(),
                "year" | "as of" | "as at" | "date" | "updated"
            )
        });
        let year_rows = date_col == Some(0);
        let dated_within = |r: std::ops::Range<usize>| {
            facts
                .dates
                .iter()
                .rfind(|d| r.start <= d.span.start && d.span.end <= r.end)
                .map(|d| d.value.clone())
        };
        let table_date = dated_within(caption).or_else(|| facts.doc_date.clone());
        for (_, row) in &block[1..] {
            let (Some(first), Some(cell)) = (row.first(), row.get(col)) else {
                continue;
            };
            let Some((value, span, qualifier)) = cell_figure(text, cell) else {
                continue;
            };
            if view.in_noise(&span) {
                continue;
            }
            let (label, label_place) = split_row_label(&text[first.clone()]);
            let total =
                ["total", "totals", "all", "sum"].contains(&label.to_ascii_lowercase().as_str());
            // Under a `Country` header the label is the place when the
            // caption names whose personnel the table counts (`U.S.
            // military personnel stationed abroad`); else it is the force.
            let (force, label_place) = if place_col == Some(0) && caption_force.is_some() {
                ("", Some(label).filter(|_| !total))
            } else if total
                || label.starts_with(char::is_lowercase)
                || !label.chars().any(char::is_uppercase)
            {
                ("", label_place)
            } else {
                // A name, maybe numbered (`173rd Airborne Brigade`).
                (label, label_place)
            };
            let force = Some(force)
                .filter(|f| !f.is_empty())
                .or(caption_force)
                .unwrap_or_default();
            let location = place_col
                .filter(|&j| j != 0 && j != col)
                .and_then(|j| row.get(j))
                .map(|c| &text[c.clone()])
                .filter(|p| p.starts_with(char::is_uppercase))
                .or(label_place)
                .or(caption_place)
                .unwrap_or_default();
            let row_date = date_col
                .filter(|&j| j != 0)
                .and_then(|j| row.get(j))
                .and_then(|c| dated_within(c.clone()));
            let label_year = Some(label)
                .filter(|l| year_rows && l.len() == 4 && l.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string);
            out.push(TroopFact {
                span,
                value,
                value_high: None,
                qualifier,
                unit: unit.to_string(),
                force: force.to_string(),
                location: location.to_string(),
                as_of: row_date
                    .or(label_year)
                    .or_else(|| table_date.clone())
                    .unwrap_or_default(),
                rule: Rule::TroopsTable,
            });
        }
    }
    out.extend(infobox_figures(view, facts, &labelled, &[]));
    out.sort_by_key(|f| f.span.start);
    out
}

/// What a table's caption says of all its rows: whose personnel it counts
/// (`U.S. military personnel stationed abroad`, `U.S. troop levels`) and
/// where (`... in Korea`).
fn caption_scope(caption: &str) -> (Option<&str>, Option<&str>) {
    static FORCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[\s:.])(?P<f>U\.S\.|U\.K\.|[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)\s+(?:(?:military|armed\s+forces|active-duty|service)\s+)?(?i:troop|troops|personnel|forces|soldiers|service\s+members)(?-u:\b)")
            .expect("valid regex")
    });
    static PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)in\s+(?:the\s+)?(?P<l>[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,2})")
            .expect("valid regex")
    });
    let force = FORCE
        .captures(caption)
        .and_then(|c| c.name("f"))
        .map(|m| m.as_str())
        // A state or force the text names elsewhere too, not a caption's
        // capitalized word (`Deployed forces by country`).
        .filter(|f| {
            PATTERNS
                .sentence_owner
                .find(f)
                .is_some_and(|m| m.range() == (0..f.len()))
        });
    let place = PLACE
        .captures(caption)
        .and_then(|c| c.name("l"))
        .map(|m| m.as_str());
    (force, place)
}

/// The count in a table cell: its value, the span of the number (a
/// qualifier word before it kept, a note in parentheses after it left
/// out), and its qualifier.
fn cell_figure(
    text: &str,
    cell: &std::ops::Range<usize>,
) -> Option<(u64, std::ops::Range<usize>, Qualifier)> {
    let c = CELL_NUMBER.captures(&text[cell.clone()])?;
    let value = parse_any(&c["num"])?;
    let num = c.name("num")?;
    let start = cell.start + c.get(0)?.start();
    let qual = c.name("qual").map_or("", |q| q.as_str());
    let qualifier = qualifier_of(qual, false, c.name("tilde").is_some(), false);
    Some((value, start..cell.start + num.end(), qualifier))
}

/// The cells of a line whose columns are aligned with runs of spaces or
/// tabs (`Japan            53,246      Sept. 2024`): two cells at least,
/// else None.
/// `tab_at` tells whether a space of the normalized text was a tab in the
/// file (the view folds tabs to spaces): a tab alone separates columns.
fn aligned_cells(
    line: &str,
    at: usize,
    tab_at: &dyn Fn(usize) -> bool,
) -> Option<Vec<std::ops::Range<usize>>> {
    let bytes = line.as_bytes();
    let tab = |i: usize| bytes[i] == b'\t' || (bytes[i] == b' ' && tab_at(at + i));
    if !(line.contains("  ") || (0..bytes.len()).any(tab)) {
        return None;
    }
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let gap = tab(i) || (bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' '));
        if gap {
            if let Some(s) = start.take() {
                out.push(at + s..at + line[..i].trim_end().len());
            }
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            continue;
        }
        if start.is_none() && bytes[i] != b' ' {
            start = Some(i);
        }
        i += 1;
    }
    if let Some(s) = start {
        out.push(at + s..at + line.trim_end().len());
    }
    (out.len() >= 2).then_some(out)
}

/// A labelled line (`- Troops: 28,500`, `Total strength: about 37,000`):
/// its label and its value as two cells.
fn label_cells(line: &str, at: usize) -> Option<Vec<std::ops::Range<usize>>> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:[-*]\s+)?(?P<label>[A-Za-z][A-Za-z -]{0,40}):\s+(?P<value>\S.*?)\s*$")
            .expect("valid regex")
    });
    // Only a label naming personnel is worth the regex.
    let colon = memchr::memchr(b':', line.as_bytes())?;
    let label = &line.as_bytes()[..colon];
    let names_personnel = TABLE_UNITS.iter().any(|u| {
        label.len() >= u.len() && label[label.len() - u.len()..].eq_ignore_ascii_case(u.as_bytes())
    });
    if !names_personnel {
        return None;
    }
    let c = LABEL.captures(line)?;
    let (l, v) = (c.name("label")?, c.name("value")?);
    Some(vec![
        at + l.start()..at + l.end(),
        at + v.start()..at + v.end(),
    ])
}

/// Figures in a two-column infobox (`| Active personnel | 59,095 (2022-23)
/// |`) or labelled lines: a row whose label names personnel counts the
/// force the box is about, its title in the header (`| Australian Defence
/// Force | |`). A date in the row dates it, else the document's date.
fn infobox_figures(
    view: &TextView<'_>,
    facts: &DocFacts,
    rows: &[TableRow],
    header: &[std::ops::Range<usize>],
) -> Vec<TroopFact> {
    let text = view.norm();
    let title = header
        .first()
        .map(|c| text[c.clone()].trim_matches('*'))
        .filter(|t| t.starts_with(char::is_uppercase) && header.len() <= 2)
        .unwrap_or_default();
    let mut out = Vec::new();
    for (_, row) in rows {
        let [label, cell] = row.as_slice() else {
            continue;
        };
        let l = text[label.clone()].to_ascii_lowercase();
        // `Active personnel`, `Reserve personnel`, `Troops`; not `Personnel
        // costs` or `Budget`.
        let Some(unit) = TABLE_UNITS.iter().find(|u| l.ends_with(*u)) else {
            continue;
        };
        let Some((value, span, qualifier)) = cell_figure(text, cell) else {
            continue;
        };
        if view.in_noise(&span) {
            continue;
        }
        let as_of = facts
            .dates
            .iter()
            .find(|d| cell.start <= d.span.start && d.span.end <= cell.end)
            .map(|d| d.value.clone())
            .or_else(|| facts.doc_date.clone())
            .unwrap_or_default();
        out.push(TroopFact {
            span,
            value,
            value_high: None,
            qualifier,
            unit: unit.to_string(),
            force: title.to_string(),
            location: String::new(),
            as_of,
            rule: Rule::TroopsTable,
        });
    }
    out
}

/// Header cells of a column that says where a row's figure stands.
const PLACE_HEADERS: &[&str] = &[
    "location",
    "country",
    "host",
    "host nation",
    "host country",
    "place",
    "deployed to",
    "region",
];

/// A row label with a parenthesis: `UNIFIL (Lebanon)` is a force and its
/// place; `Interim Force in Lebanon (UNIFIL)` is a name and its acronym,
/// so the force is the name.
fn split_row_label(label: &str) -> (&str, Option<&str>) {
    let Some(inner) = label
        .strip_suffix(')')
        .and_then(|l| l.rsplit_once('('))
        .filter(|(name, _)| !name.trim().is_empty())
    else {
        return (label, None);
    };
    let (name, inside) = (inner.0.trim_end(), inner.1.trim());
    let is_place = inside.starts_with(char::is_uppercase)
        && inside.chars().any(char::is_lowercase)
        && inside
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) || matches!(w, "of" | "and" | "the"));
    (name, is_place.then_some(inside))
}

/// The cells of a pipe-table row at byte `at`, trimmed, without the empty
/// edges outside the first and last pipes.
fn cells(line: &str, at: usize) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, _) in line.match_indices('|').chain([(line.len(), "")]) {
        let raw = &line[start..i];
        let lead = raw.len() - raw.trim_start().len();
        let core = raw.trim();
        out.push(at + start + lead..at + start + lead + core.len());
        start = i + 1;
    }
    if out.first().is_some_and(|c| c.is_empty()) {
        out.remove(0);
    }
    if out.last().is_some_and(|c| c.is_empty()) {
        out.pop();
    }
    out
}

/// The date governing a figure: the nearest date before it in its sentence
/// (`As of January 2024, … 100,000 personnel`), else one shortly after it
/// in the same clause (`90,000 troops in 2024`), else the document date.
/// A date in another clause (`…, and V Corps was set up in 2023`) or one
/// that dates a treaty named after the figure does not govern it.
fn as_of(view: &TextView<'_>, facts: &DocFacts, span: &std::ops::Range<usize>) -> String {
    let text = view.norm();
    let sentence = view.sentence_of(span.start);
    let from = facts
        .dates
        .partition_point(|d| d.span.start < sentence.start);
    let to = facts.dates.partition_point(|d| d.span.start < sentence.end);
    let dates = &facts.dates[from..to];
    // A year that modifies a noun names a thing, not a time: `the 2012
    // realignment plan`, `its 2023 budget`.
    let attributive = |d: &crate::model::DateFact| {
        let lead = text[sentence.start..d.span.start].trim_end();
        let determined = ["the", "a", "an", "its", "their", "this"]
            .iter()
            .any(|w| lead.ends_with(&format!(" {w}")) || lead.eq_ignore_ascii_case(w))
            || lead.ends_with("'s");
        determined
            && d.granularity == Granularity::Year
            && text[d.span.end..]
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_lowercase()))
    };
    let usable = |d: &&crate::model::DateFact| {
        // The date of an exercise or event is the figure's time; the date
        // of a treaty or a body's founding is not.
        d.granularity != Granularity::Vague
            && d.span.end <= sentence.end
            && matches!(d.subject_type, "" | "exercise" | "event")
            && !attributive(d)
    };
    // A date before the figure governs it when it opens the sentence (`As
    // of January 2024, …`), unless a semicolon starts another clause, or
    // when it sits in the figure's clause.
    let opens = |d: &crate::model::DateFact| {
        let lead = text[sentence.start..d.span.start]
            .trim()
            .to_ascii_lowercase();
        lead.split_whitespace().count() <= 2 && !text[d.span.end..span.start].contains(';')
    };
    let before = dates.iter().filter(usable).rfind(|d| {
        d.span.end <= span.start
            && (opens(d) || !text[d.span.end..span.start].contains([';', ',', '(', ':']))
    });
    // `by 2027`, `until 2030` after a figure set a deadline or a term: a
    // target, not the time the figure was counted.
    let deadline = |d: &crate::model::DateFact| {
        let lead = text[span.end..d.span.start].trim_end().to_ascii_lowercase();
        ["by", "until", "till", "before", "through", "within"]
            .iter()
            .any(|w| {
                lead.ends_with(w) && !lead[..lead.len() - w.len()].ends_with(char::is_alphanumeric)
            })
    };
    let after = dates.iter().filter(usable).find(|d| {
        d.span.start >= span.end
            && d.span.start - span.end <= 60
            && !text[span.end..d.span.start].contains([';', ',', '(', ':'])
            && !deadline(d)
    });
    before
        .or(after)
        .map(|d| d.value.clone())
        .or_else(|| facts.doc_date.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifier_words_file_is_well_formed_and_sorted() {
        let data = include_str!("../data/qualifiers.csv");
        let mut lines = data.lines();
        assert_eq!(lines.next(), Some("words,qualifier"));
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), QUALIFIER_WORDS.len(), "every row parses");
        let mut sorted = rows.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(rows, sorted, "data/qualifiers.csv: sort it, no duplicates");
    }
    use crate::gate::{assert_exact, corpus_texts, texts_of};
    use proptest::prelude::*;

    fn gated_patterns() -> Vec<(&'static str, &'static Gated)> {
        let p = &*PATTERNS;
        vec![
            ("direct", &p.direct),
            ("numbering", &p.frames[0]),
            ("force_of", &p.frames[1]),
            ("strong", &p.frames[2]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// Searching near triggers finds exactly what a whole-text search
        /// finds, whatever the words, spacing and case.
        #[test]
        fn gated_search_is_exact(text in texts_of(&[
            "about", "more than", "~", "28,500", "4,800-strong", "twenty-five", "thousand",
            "and", "to", "-", "+", "U.S.", "active-duty", "American", "service", "members",
            "servicemembers", "personnel", "TROOPS", "troop", "Marines", "forces", "numbering",
            "totalling", "a", "force", "of", "contingent", "brigade", "500-person",
            "non-personnel", "x", ".", "\u{e9}t\u{e9}",
        ])) {
            assert_exact(&scan(&text), &gated_patterns())?;
        }
    }

    #[test]
    fn gated_search_is_exact_on_the_corpus() {
        for text in corpus_texts() {
            assert_exact(&scan(&text), &gated_patterns()).expect("same matches");
        }
    }

    #[test]
    fn person_counts_need_a_military_noun_and_numbered_is_a_frame() {
        assert!(run("A 150-member delegation of business leaders traveled.").is_empty());
        assert_eq!(run("A 2,000-person contingent deployed.")[0].value, 2000);
        assert_eq!(run("The 4,800-strong brigade moved.")[0].value, 4800);
        assert_eq!(
            run("The forces numbered 7,000 at their peak.")[0].value,
            7000
        );
    }

    #[test]
    fn hard_wrapped_text_keeps_place_and_force_on_one_line() {
        let text = "Roughly 10,000 U.S. troops are\ncurrently stationed in Poland on a rotational basis.\n\nThe Polish government, for its part, has announced plans to expand the Polish\nArmed Forces to 300,000 personnel.";
        let figures = dated_all(text);
        let got: Vec<_> = figures
            .iter()
            .map(|f| (f.value, f.force.as_str(), f.location.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (10_000, "U.S.", "Poland"),
                (300_000, "Polish Armed Forces", "")
            ]
        );
        // A blank line ends the search for a place.
        let text = "About 2,000 troops are deployed.\n\nIn Japan the bases grow.";
        assert_eq!(run(text)[0].location, "");
        // The place itself stops at its line's end.
        let text = "Some 500 soldiers are based in Cincu\nTable 2 follows.";
        assert_eq!(run(text)[0].location, "Cincu");
    }

    #[test]
    fn an_owner_serves_one_figure_and_may_stand_across_an_appositive() {
        let forces =
            |text: &str| -> Vec<String> { dated_all(text).into_iter().map(|f| f.force).collect() };
        assert_eq!(
            forces("Around 500 US Marines took part in Exercise Balikatan, alongside some 17,600 personnel in all."),
            ["US", ""]
        );
        assert_eq!(
            forces("Its 45th Panzer Brigade, formally stood up in Vilnius on 1 April 2025, is to reach roughly 4,800 soldiers."),
            ["45th Panzer Brigade"]
        );
        assert_eq!(
            forces("The 2nd Infantry Division, headquartered at Camp Humphreys, fields about 15,000 soldiers."),
            ["2nd Infantry Division"]
        );
        // A body inside a clause of its own, deep in the sentence, owns nothing.
        assert_eq!(
            forces("Officials said that the Finance Ministry, which met in Delhi, agreed, and about 900 troops left."),
            [""]
        );
    }

    #[test]
    fn a_place_may_open_the_sentence() {
        let places = |text: &str| -> Vec<String> {
            dated_all(text).into_iter().map(|f| f.location).collect()
        };
        assert_eq!(
            places("In Japan, U.S. Forces Japan comprises about 54,000 personnel."),
            ["Japan"]
        );
        assert_eq!(
            places("Across the Baltic States, NATO keeps some 5,000 troops."),
            ["Baltic States"]
        );
        // A place after the figure comes first.
        assert_eq!(
            places("In Japan, about 2,000 Marines moved to Guam."),
            ["Guam"]
        );
        // Dates, bodies and discourse phrases are no places.
        for text in [
            "In September, about 2,000 troops left.",
            "In Congress, members backed 3,000 more troops.",
            "In Total, some 4,000 troops remain.",
            "In 2024, some 4,000 troops remained.",
        ] {
            assert_eq!(places(text), [""], "{text}");
        }
    }

    #[test]
    fn a_year_with_a_footnote_mark_is_no_count() {
        assert!(
            run("The mission ended on 9 November 2022.3 The French Armed Forces now lead.")
                .is_empty()
        );
        assert_eq!(
            run("The army has about 1.2 million active personnel.")[0].value,
            1_200_000
        );
    }

    #[test]
    fn a_scale_word_alone_is_no_count() {
        assert!(run("A rotational presence of several hundred personnel stays.").is_empty());
        assert!(run("A few thousand troops remain.").is_empty());
        assert_eq!(run("Some two thousand troops remain.")[0].value, 2000);
    }

    /// Each figure of `text` as (text, qualifier, force, as-of date).
    fn figure_cells(
        text: &str,
        doc_date: Option<&str>,
    ) -> Vec<(String, Qualifier, String, String)> {
        let view = TextView::new(text);
        let set = crate::ExtractorSet::new(&Default::default());
        let facts = set.run(&view, doc_date);
        facts
            .troops
            .into_iter()
            .map(|f| {
                let text = view.raw_text(f.span.clone()).to_string();
                (text, f.qualifier, f.force, f.as_of)
            })
            .collect()
    }

    fn cells_of(
        rows: &[(&str, Qualifier, &str, &str)],
    ) -> Vec<(String, Qualifier, String, String)> {
        rows.iter()
            .map(|(a, b, c, d)| (a.to_string(), *b, c.to_string(), d.to_string()))
            .collect()
    }

    #[test]
    fn figures_in_a_personnel_table() {
        let text = "Troop strength (as of September 2024):\n| Service | Personnel |\n|---|---|\n| Army | 2,500 |\n| Navy | ~20,000 |\n| Total | 22,500 |\n\n| Base | Opened |\n| Kadena | 1945 |\n";
        assert_eq!(
            figure_cells(text, None),
            cells_of(&[
                ("2,500", Qualifier::Exact, "Army", "2024-09"),
                ("~20,000", Qualifier::Approx, "Navy", "2024-09"),
                ("22,500", Qualifier::Exact, "", "2024-09"),
            ])
        );
    }

    #[test]
    fn a_table_row_may_say_where_its_figure_stands() {
        let place = |text: &str| -> Vec<(String, String)> {
            run(text)
                .into_iter()
                .map(|f| (f.force, f.location))
                .collect()
        };
        // In the row label's parenthesis, or in a column of its own.
        let text = "| Mission | Troops |\n|---|---|\n| KFOR (Kosovo) | 4,300 |\n| Multinational Force and Observers (MFO) | 1,150 |\n";
        assert_eq!(
            place(text),
            [
                ("KFOR".into(), "Kosovo".into()),
                ("Multinational Force and Observers".into(), String::new())
            ]
        );
        let text = "| Unit | Host nation | Personnel |\n|---|---|---|\n| 173rd Airborne Brigade | Italy | 3,300 |\n";
        assert_eq!(
            place(text),
            [("173rd Airborne Brigade".into(), "Italy".into())]
        );
    }

    #[test]
    fn tables_aligned_with_spaces_and_their_captions() {
        let scope = |text: &str| -> Vec<(u64, String, String, String)> {
            run(text)
                .into_iter()
                .map(|f| (f.value, f.force, f.location, f.as_of))
                .collect()
        };
        // The caption names whose personnel and where; a `Country` column
        // is then the place, and an `As of` column dates each row.
        let text = "Table 1. U.S. military personnel stationed abroad\n\nCountry     Personnel    As of\nJapan       53,246       Sept. 2024\nItaly       12,319       June 2023\n";
        let got = scope(text);
        assert_eq!(
            got,
            [
                (53_246, "U.S.".into(), "Japan".into(), "2024-09".into()),
                (12_319, "U.S.".into(), "Italy".into(), "2023-06".into())
            ]
        );
        // A `Year` column labels each row with its year.
        let text = "Figure 1: U.S. troop levels in Korea (thousands)\nYear   Troops\n1955   75,000\n2023   28,500\n";
        let got = scope(text);
        assert_eq!(
            got,
            [
                (75_000, "U.S.".into(), "Korea".into(), "1955".into()),
                (28_500, "U.S.".into(), "Korea".into(), "2023".into())
            ]
        );
        // A column of something of the personnel is no count of them.
        assert!(
            run("| Service | Personnel costs ($M) |\n|---|---|\n| Army | 61,000 |\n").is_empty()
        );
        // Columns separated by tabs (folded to spaces in the view).
        let text = "Deployed forces (2024)\n\nService\tTroops\nArmy\t10,000\nNavy\t3,000\n";
        let got: Vec<_> = run(text).into_iter().map(|f| (f.value, f.force)).collect();
        assert_eq!(got, [(10_000, "Army".into()), (3_000, "Navy".into())]);
        // A caption's capitalized word is no force unless it names one.
        let text = "Deployed forces by country (2024)\n\nCountry\tTroops\nPoland\t10,000\n";
        assert_eq!(run(text)[0].force, "Poland");
        // Prose with double spaces is no table.
        assert!(run("The force grew.  Troops came  and went in 2023.").is_empty());
    }

    #[test]
    fn labelled_lines_name_their_count() {
        let got: Vec<_> = run("Key figures\n- Troops: 28,500\n- Total strength: about 37,000 (2010)\n- Budget: 4,500\n")
            .into_iter()
            .map(|f| (f.value, f.qualifier, f.unit, f.as_of))
            .collect();
        assert_eq!(
            got,
            [
                (28_500, Qualifier::Exact, "troops".into(), String::new()),
                (37_000, Qualifier::Approx, "strength".into(), "2010".into())
            ]
        );
    }

    #[test]
    fn an_infobox_row_counts_the_force_the_box_is_about() {
        let text = "| Royal Netherlands Army | |\n|---|---|\n| Founded | 9 January 1814 |\n| Active personnel | 21,500 (2023) |\n| Reserve personnel | ~5,000 |\n| Personnel costs | 2,100 |\n";
        assert_eq!(
            figure_cells(text, Some("2025-01-01")),
            cells_of(&[
                ("21,500", Qualifier::Exact, "Royal Netherlands Army", "2023"),
                (
                    "~5,000",
                    Qualifier::Approx,
                    "Royal Netherlands Army",
                    "2025-01-01"
                ),
            ])
        );
    }

    #[test]
    fn a_host_country_that_opens_the_sentence_is_the_place() {
        let place = |text: &str| dated_first(text).location;
        assert_eq!(
            place("Germany hosts the largest contingent, about 35,000 U.S. service members, most at Ramstein Air Base."),
            "Germany"
        );
        assert_eq!(
            place("The United Kingdom is home to around 10,000 U.S. troops."),
            "United Kingdom"
        );
        // A body is no host place.
        assert_eq!(place("NATO hosts 2,000 troops for the drill."), "");
        // The place a `where` clause refers to.
        assert_eq!(
            place("They train at Robertson Barracks in Darwin, where around 2,500 U.S. Marines rotate each year."),
            "Darwin"
        );
        // One form for a column: no leading article.
        assert_eq!(
            place("About 1,500 troops are deployed in the Sahel."),
            "Sahel"
        );
    }

    #[test]
    fn the_owner_nearest_the_figure_and_its_subject() {
        let force = |text: &str| dated_first(text).force;
        // A state named between a body and the figure is nearer.
        assert_eq!(
            force("The Kremlin said that Russia's armed forces would grow to 1.5 million active personnel."),
            "Russia"
        );
        // Not a place after a preposition.
        assert_eq!(
            force("The 2nd Infantry Division in South Korea fields about 15,000 soldiers."),
            "2nd Infantry Division"
        );
        // `its` points back to the sentence's subject.
        assert_eq!(
            force("Taiwan's defense ministry said it saw 76 PLA aircraft and that 21,000 personnel of its armed forces were on alert."),
            "Taiwan"
        );
        // A source is no place, nor is a possessive.
        assert_eq!(
            dated_first("Taiwan has about 215,000 active personnel, according to the Ministry's 2023 report.").location,
            ""
        );
    }

    #[test]
    fn a_with_phrase_after_a_body_is_its_strength() {
        let force = |text: &str| dated_first(text).force;
        assert_eq!(
            force("The Force Intervention Brigade (FIB), with roughly 3,000 troops, stays."),
            "FIB"
        );
        assert_eq!(
            force("The 3rd Infantry Division, with about 4,000 soldiers, arrived."),
            "3rd Infantry Division"
        );
        // Not across another clause.
        assert_eq!(
            force("The 3rd Infantry Division left Kuwait, and later, with about 4,000 soldiers, Iraq."),
            ""
        );
        // A state a force moves to or from is no owner either.
        assert_eq!(force("The brigade entered Jordan with 2,000 troops."), "");
        assert_eq!(
            force("Jordanian officials said 2,000 troops stay."),
            "Jordanian"
        );
    }

    #[test]
    fn modifiers_before_the_noun_and_compounds_after_it() {
        let f = run("The Regular Army numbered 75,983 full-time trained soldiers.");
        assert_eq!((f[0].value, f[0].unit.as_str()), (75_983, "soldiers"));
        assert_eq!(
            run("About 2,000 peacekeeping troops remain.")[0].value,
            2000
        );
        // `troop-contributing` counts countries, not troops.
        assert!(run("Personnel came from 49 troop-contributing countries.").is_empty());
        assert!(run("They ran 12 soldier-led patrols.").is_empty());
    }

    #[test]
    fn from_names_a_force_only_when_it_is_one() {
        let f = run("Roughly 1,200 personnel from the Japan Ground Self-Defense Force took part.");
        assert_eq!(f[0].force, "Japan Ground Self-Defense Force");
        let f = run("Washington will withdraw 4,500 troops from South Korea next year.");
        assert_eq!(f[0].force, "");
        let f = run("About 900 soldiers of the 2nd Infantry Division trained.");
        assert_eq!(f[0].force, "2nd Infantry Division");
    }

    /// The figures of `text`, in a document dated 2025-01-01.
    fn dated_all(text: &str) -> Vec<TroopFact> {
        let set = crate::ExtractorSet::new(&Default::default());
        set.run(&TextView::new(text), Some("2025-01-01")).troops
    }

    /// The first figure of `text`, in a document dated 2025-01-01.
    fn dated_first(text: &str) -> TroopFact {
        dated_all(text).swap_remove(0)
    }

    fn run(text: &str) -> Vec<TroopFact> {
        let set = crate::ExtractorSet::new(&Default::default());
        set.run(&TextView::new(text), None).troops
    }

    fn one(text: &str) -> TroopFact {
        let v = run(text);
        assert_eq!(v.len(), 1, "{text:?} gave {v:?}");
        v.into_iter().next().unwrap()
    }

    fn span_text(text: &str, f: &TroopFact) -> String {
        let view = TextView::new(text);
        view.raw_text(f.span.clone()).to_string()
    }

    #[test]
    fn numbers_in_all_forms() {
        assert_eq!(one("a presence of 28,500 troops in Korea").value, 28_500);
        assert_eq!(one("a presence of 28500 troops in Korea").value, 28_500);
        assert_eq!(one("some 28.5 thousand troops").value, 28_500);
        assert_eq!(one("1.2 million soldiers").value, 1_200_000);
        assert_eq!(
            one("twenty-eight thousand five hundred troops").value,
            28_500
        );
        assert_eq!(one("two thousand marines landed").value, 2_000);
    }

    #[test]
    fn a_war_is_not_a_place() {
        let f = one("About 60,000 Australian personnel served in the Vietnam War.");
        assert_eq!(f.location, "");
        let f = one("About 6,000 troops served in South Vietnam.");
        assert_eq!(f.location, "South Vietnam");
        let f = one("Some 9,000 troops were in Vietnam. Today none are.");
        assert_eq!(f.location, "Vietnam");
    }

    #[test]
    fn active_personnel() {
        let f = one("The army said it had 183,000 active personnel in June.");
        assert_eq!((f.value, f.unit.as_str()), (183_000, "personnel"));
    }

    #[test]
    fn places_reached_through_or_into() {
        let f = one("Roughly 1,200 Dutch soldiers rotate through Lithuania each year.");
        assert_eq!(f.location, "Lithuania");
        let f = one("Some 900 marines deployed into Norway for the drill.");
        assert_eq!(f.location, "Norway");
    }

    #[test]
    fn qualifiers() {
        let f = one("The U.S. maintains approximately 28,500 troops in South Korea.");
        assert_eq!((f.qualifier, f.value), (Qualifier::Approx, 28_500));
        assert_eq!(
            (f.force.as_str(), f.location.as_str()),
            ("U.S.", "South Korea")
        );
        let t = "Maintains 28,500+ U.S. troops stationed in South Korea.";
        let f = one(t);
        assert_eq!(span_text(t, &f), "28,500+ U.S. troops");
        assert_eq!(
            (f.qualifier, f.force.as_str()),
            (Qualifier::AtLeast, "U.S.")
        );
        assert_eq!(
            one("more than 30,000 soldiers").qualifier,
            Qualifier::AtLeast
        );
        assert_eq!(one("up to 5,000 troops").qualifier, Qualifier::AtMost);
        assert_eq!(one("fewer than 5,000 troops").qualifier, Qualifier::AtMost);
        assert_eq!(one("~4,000 troops").qualifier, Qualifier::Approx);
        assert_eq!(one("nearly 4,000 troops").qualifier, Qualifier::Approx);
        assert_eq!(
            one("exactly the 28,500 U.S. service personnel").qualifier,
            Qualifier::Exact
        );
    }

    #[test]
    fn every_qualifier_word() {
        for (q, want) in [
            ("approximately", Qualifier::Approx),
            ("about", Qualifier::Approx),
            ("around", Qualifier::Approx),
            ("some", Qualifier::Approx),
            ("roughly", Qualifier::Approx),
            ("nearly", Qualifier::Approx),
            ("almost", Qualifier::Approx),
            ("more than", Qualifier::AtLeast),
            ("over", Qualifier::AtLeast),
            ("at least", Qualifier::AtLeast),
            ("up to", Qualifier::AtMost),
            ("fewer than", Qualifier::AtMost),
            ("under", Qualifier::AtMost),
            ("no more than", Qualifier::AtMost),
        ] {
            let f = one(&format!("There are {q} 4,500 troops there."));
            assert_eq!(f.qualifier, want, "{q}");
            assert_eq!(f.value, 4_500, "{q}");
        }
    }

    #[test]
    fn hyphenated_and_coordinated_forms() {
        let t = "the 28,500-troop presence";
        let f = one(t);
        assert_eq!((f.value, f.unit.as_str()), (28_500, "troop"));
        let f = one("some 2,000 American and Korean troops joined");
        assert_eq!((f.value, f.force.as_str()), (2_000, "American and Korean"));
    }

    #[test]
    fn ranges_keep_both_ends() {
        let f = one("between 25,000 and 30,000 troops");
        assert_eq!(
            (f.value, f.value_high, f.qualifier),
            (25_000, Some(30_000), Qualifier::Range)
        );
        let f = one("25,000\u{2013}30,000 troops");
        assert_eq!(
            (f.value, f.value_high, f.qualifier),
            (25_000, Some(30_000), Qualifier::Range)
        );
    }

    #[test]
    fn units_force_location() {
        let t = "starting with the 28,500 U.S. service personnel stationed in the ROK and";
        let f = one(t);
        assert_eq!(span_text(t, &f), "28,500 U.S. service personnel");
        assert_eq!(f.unit, "personnel");
        assert_eq!(f.force, "U.S.");
        assert_eq!(f.location, "ROK");
        assert_eq!(
            one("28,500 American service members").unit,
            "service members"
        );
        assert_eq!(one("2,500 Marines arrived").unit, "marines");
        let f = one("about 37,000 soldiers of the Eighth Army in Japan");
        assert_eq!(f.force, "Eighth Army");
    }

    #[test]
    fn frames() {
        let f = one("troops numbering 28,500 remain");
        assert_eq!((f.value, f.unit.as_str()), (28_500, "troops"));
        assert_eq!(one("a force of 28,500 in Korea").value, 28_500);
        assert_eq!(one("a 28,500-strong garrison").value, 28_500);
        let f = one("Germany pledged a 4,800-strong brigade for Lithuania.");
        assert_eq!((f.value, f.unit.as_str()), (4_800, "brigade"));
        assert_eq!(f.force, "Germany");
        let f = one("A 1,500-person Stryker battalion rotates every nine months.");
        assert_eq!((f.value, f.unit.as_str()), (1_500, "battalion"));
        let f = one("a 600-member contingent arrived");
        assert_eq!((f.value, f.unit.as_str()), (600, "contingent"));
    }

    #[test]
    fn as_of_ignores_other_clauses_and_treaty_dates() {
        let f = one("Some 54,000 American service members are stationed there under the 1960 Treaty of Mutual Cooperation.");
        assert_eq!(f.as_of, "");
        let f = one("About 10,000 U.S. troops are in Poland, and V Corps set up a base in 2023.");
        assert_eq!(f.as_of, "");
        let f = one("As of January 2024, the United States had more than 100,000 military personnel in Europe.");
        assert_eq!(
            (f.as_of.as_str(), f.force.as_str()),
            ("2024-01", "United States")
        );
        let v = run("Its forces total 500,000 personnel, down from 690,000 in 2000, while the Korean People's Army fields an estimated 1.2 million soldiers.");
        let f = v.last().unwrap();
        assert_eq!(
            (f.force.as_str(), f.as_of.as_str()),
            ("Korean People's Army", "")
        );
        let f = one("About 55,000 U.S. military personnel were assigned to USFJ in 2023.");
        assert_eq!((f.force.as_str(), f.location.as_str()), ("U.S.", ""));
        let f = one("They agreed to move 8,000 Marines from Okinawa to Guam.");
        assert_eq!(f.force, "");
        let f = one("Between 25,000 and 30,000 troops took part in Talisman Sabre 2023.");
        assert_eq!((f.location.as_str(), f.as_of.as_str()), ("", "2023"));
    }

    #[test]
    fn as_of_from_sentence_or_doc_date() {
        assert_eq!(one("In 2019 there were 28,500 troops there.").as_of, "2019");
        let text = "Title\nNovember 19, 2025\n\nThere are 28,500 troops there.";
        assert_eq!(one(text).as_of, "2025-11-19");
        // A deadline after the figure is a target, not its time.
        let text = "Title\nNovember 19, 2025\n\nA brigade of 4,800 troops is due by 2027.";
        assert_eq!(one(text).as_of, "2025-11-19");
        let text = "Title\nNovember 19, 2025\n\nSome 2,000 troops will stay until 2030.";
        assert_eq!(one(text).as_of, "2025-11-19");
        assert_eq!(one("Some 2,000 troops took part in 2030.").as_of, "2030");
    }

    #[test]
    fn a_plans_year_is_no_as_of_date() {
        let text = "Under the 2012 realignment plan, about 4,000 Marines are to relocate; the first contingent of roughly 100 Marines moved in December 2024.";
        let f = dated_all(text);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].as_of, "2025-01-01", "{f:?}");
        assert_eq!(f[1].as_of, "2024-12", "{f:?}");
        // A year that is the sentence's time still dates it.
        assert_eq!(
            dated_first("In 2012, about 4,000 Marines served.").as_of,
            "2012"
        );
    }

    #[test]
    fn a_month_is_no_place() {
        let f = one("the first contingent of roughly 100 Marines moved in December 2024.");
        assert_eq!(f.location, "");
        let f = one("some 900 troops arrived on Monday, officials said.");
        assert_eq!(f.location, "");
        assert_eq!(
            one("about 900 troops arrived in Mayotte.").location,
            "Mayotte"
        );
    }

    #[test]
    fn a_country_labelling_the_list_item_is_the_place() {
        let f =
            one("- **Estonia:** the UK leads the battlegroup, with some 900 British personnel.");
        assert_eq!(
            (f.force.as_str(), f.location.as_str()),
            ("British", "Estonia")
        );
        let f = one("* Latvia: Canada plans to deploy up to 2,200 troops.");
        assert_eq!(f.location, "Latvia");
        // A label that is no place says nothing about where.
        assert_eq!(
            one("- Summary: some 900 British personnel left.").location,
            ""
        );
    }

    #[test]
    fn owners_beyond_the_usual_states_and_not_after_by() {
        assert_eq!(
            one("Canada plans to deploy up to 2,200 troops by 2026.").force,
            "Canada"
        );
        assert_eq!(
            one("NATO's battlegroup in Lithuania, led by Germany, has numbered 1,600 troops.")
                .force,
            "NATO"
        );
        assert_eq!(
            one("The Rapid Force in Lebanon, which has some 10,000 peacekeepers, said so.").force,
            "Rapid Force"
        );
    }

    #[test]
    fn a_count_sharing_the_noun_before_it() {
        let text = "About 2,500 U.S. troops remain in Iraq and some 900 in Syria.";
        let f = run(text);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(span_text(text, &f[1]), "some 900");
        assert_eq!(
            (f[1].value, f[1].qualifier, f[1].unit.as_str()),
            (900, Qualifier::Approx, "troops")
        );
        assert_eq!(
            (f[1].force.as_str(), f[1].location.as_str()),
            ("U.S.", "Syria")
        );
        // Not a year, a sum of money, a number after another number, or a
        // count of something else.
        for t in [
            "About 2,500 troops remain in Iraq and 2024 in Syria.",
            "About 2,500 troops remain in Iraq, 12 ships and 300 in Syria.",
            "About 2,500 troops serve in Iraq and $900 in Syria.",
            "About 2,500 troops serve in Iraq. And 900 in Syria.",
        ] {
            assert_eq!(run(t).len(), 1, "{t:?} gave {:?}", run(t));
        }
    }

    #[test]
    fn a_count_given_as_a_level() {
        let text = "The move brings the number of U.S. troops in the Middle East to roughly 43,000, up from about 34,000.";
        let f = run(text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(span_text(text, &f[0]), "roughly 43,000");
        assert_eq!(
            (f[0].value, f[0].qualifier, f[0].unit.as_str()),
            (43_000, Qualifier::Approx, "troops")
        );
        assert_eq!(
            (f[0].force.as_str(), f[0].location.as_str()),
            ("U.S.", "Middle East")
        );
        let f = one("Washington will cut troop levels in Germany to 24,000 by 2026.");
        assert_eq!((f.value, f.location.as_str()), (24_000, "Germany"));
        // A figure with its own noun is read once.
        assert_eq!(run("raising the number of troops to 5,000 troops").len(), 1);
        // A level of something else is none.
        assert!(run("the number of U.S. aircraft in Japan to 300").is_empty());
    }

    #[test]
    fn not_troop_figures() {
        for t in [
            "a $28,500 budget for troops",
            "28,500 aircraft and ships",
            "a 2.8 percent defense budget for the troops",
            "In 2024 troops were moved",
            "36,000 U.S. soldiers were killed in the war",
            "No. 2025-27(S) troops",
            "the 12 ships carried supplies to the troops",
            "the two forces met",
            "a $5,000 troops bonus",
            "the 82nd Airborne troops and the 7th Fleet sailors",
            "over 300 missiles and 1,200 aircraft near the troops",
        ] {
            assert!(run(t).is_empty(), "{t:?} gave {:?}", run(t));
        }
    }
}
