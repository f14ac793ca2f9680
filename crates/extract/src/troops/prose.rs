//! Figures in prose beyond the direct patterns: elliptical counts that
//! share the previous figure's noun, and levels (`the number of troops in
//! X to N`).

use super::*;

/// Four digits that read as a year (`2024`), not a count.
pub(super) fn year_like(num: &str, value: u64) -> bool {
    num.len() == 4 && num.bytes().all(|b| b.is_ascii_digit()) && (1900..2100).contains(&value)
}

/// True when a currency sign stands right before `pos`: money is not a
/// head count (`$28,500 troop bonus`).
pub(super) fn after_money_sign(text: &str, pos: usize) -> bool {
    window_before(text, pos, 4).ends_with(['$', '\u{20AC}', '\u{00A3}', '\u{00A5}', '\u{20A9}'])
}

/// A figure's count as a plain number: digits with thousands separators
/// or a bare number that is no year (`2,500`, `900`; not `2024`).
pub(super) fn plain_count(num: &str) -> Option<u64> {
    let value = parse_any(num)?;
    (!year_like(num, value) && value > 0).then_some(value)
}

/// A place as the location column holds it: no leading `the`, no body.
pub(super) fn place_cell(facts: &DocFacts, loc: &str, span: Range<usize>) -> String {
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
pub(super) fn elliptical_figures(
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

/// The level frame. Every match opens with `number`, `total` or `troop`
/// (the trigger's own word, none before it) and runs at most 24 words on:
/// `of`, three modifiers, a two-word noun, a place of up to eight words, a
/// two-word verb, a three-word qualifier and the count.
/// The personnel nouns of the level frame (`the number of U.S. troops`),
/// as its pattern spells them.
pub(super) const LEVEL_NOUNS: [&str; 7] = [
    "troops",
    "forces",
    "personnel",
    "soldiers",
    r"service\s*members",
    "sailors",
    "marines",
];

pub(super) static LEVEL: LazyLock<Gated> = LazyLock::new(|| {
    let qualifier = QUALIFIER.as_str();
    let nouns = LEVEL_NOUNS.join("|");
    let re = Regex::new(&format!(
        r"(?-u:\b)(?:(?i:number|total)\s+of\s+(?P<mods>(?:[A-Z][A-Za-z.'-]*\s+){{0,3}})(?P<noun>(?i:{nouns}))|(?i:troop\s+(?:levels?|numbers|strength)))(?:\s+(?:in|on|at)\s+(?P<loc>(?:the\s+)?[A-Z][A-Za-z.'-]*(?:\s+(?:of\s+)?[A-Z][A-Za-z.'-]*){{0,3}}))?\s+(?:to|at|of|stood\s+at|stands\s+at|reached|hit|is|was|totals|totaled|remains|remained)\s+(?P<fig>(?i:{qualifier}\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d{{3,}}))(?-u:\b)"
    ))
    .expect("valid regex");
    Gated::new(re, NUMBERING | TROOP, 0, 24).if_hit(hits::level_follows)
});

/// A count given as the level a number of troops reaches: `bringing the
/// number of U.S. troops in the Middle East to roughly 43,000`, `cut troop
/// levels in Europe to 60,000`, `the total number of U.S. forces in the
/// Kingdom of Freedonia is approximately 2,700`. The figure's span is the
/// count itself.
pub(super) fn level_figures(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    facts: &DocFacts,
    figures: &[TroopFact],
) -> Vec<TroopFact> {
    let text = view.norm();
    let mut out = Vec::new();
    for c in scan.captures(&LEVEL) {
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

/// Nouns that count things, not people: `a force of about 28 divisions`
/// counts divisions.
pub(super) const COUNTED_THINGS: &[&str] = &[
    "aircraft",
    "battalions",
    "brigades",
    "companies",
    "divisions",
    "fighters",
    "helicopters",
    "jets",
    "missiles",
    "nations",
    "percent",
    "planes",
    "regiments",
    "ships",
    "squadrons",
    "submarines",
    "tanks",
    "units",
    "vehicles",
    "vessels",
    "warships",
];

/// True when the word after `pos` names things counted, not people.
pub(super) fn counts_things_after(text: &str, pos: usize) -> bool {
    let next = window_after(text, pos, 16)
        .trim_start()
        .split(|ch: char| !ch.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    COUNTED_THINGS.contains(&next.as_str())
}

/// The implied-count patterns of [`implied_figures`], in its order. Four
/// are searched near their triggers:
/// - `strength of` / `forces of`: the trigger's word opens the match, and
///   `of`, a three-word qualifier and the count follow;
/// - `N active and N reserve`: a three-word qualifier and the count
///   before `active`; after it `and` (or a comma), another qualifier and
///   count, and `reserve`;
/// - `from N to N personnel`: as the direct pattern, up to thirty words
///   before the personnel noun (a qualifier, a count, `to`, another
///   qualifier and count, four modifiers of up to two words each) and
///   one past it (`service members`);
/// - `number of personnel ... from N ... to N`: `number` opens the match;
///   after it `of`, four words, a two-word noun, at most 80 bytes without
///   a full stop (40 words at most), the verb, `from`, a qualifier and
///   count, at most 60 bytes (30 words), `to`, a qualifier and count.
///
/// The infobox field (`|active= 599,000`) is searched whole, in the
/// documents that hold a `|` and a `=`.
pub(super) static IMPLIED: LazyLock<[Gated; 5]> = LazyLock::new(|| {
    let q = QUALIFIER.as_str();
    // The same words without a capture group, where a pattern names
    // two qualifiers.
    let q2 = QUALIFIER.replace("?P<qual>", "?:");
    let personnel = PERSONNEL.as_str();
    let num = r"(?P<num>\d{1,3}(?:,\d{3})+|\d{3,})";
    let num2 = r"(?P<num2>\d{1,3}(?:,\d{3})+|\d{3,})";
    let verbs = CHANGE_VERBS.join("|");
    let re = |p: String| Regex::new(&p).expect("valid implied-count regex");
    [
        Gated::new(
            re(format!(
                r"(?i)(?-u:\b)(?:strength|forces)\s+of\s+(?P<fig>(?:{q}\s+)?{num})(?-u:\b)"
            )),
            STRENGTH | FORCE_OF,
            0,
            6,
        )
        .if_hit(hits::of_follows),
        Gated::new(
            re(format!(
                r"(?i)(?-u:\b)(?P<fig>(?:{q}\s+)?{num})\s+active(?:-duty)?\s+(?:and|,)\s+(?P<fig2>(?:{q2}\s+)?{num2})\s+reserves?(?-u:\b)"
            )),
            ACTIVE,
            4,
            6,
        )
        .if_hit(hits::count_right_before),
        Gated::plain_if(
            re(format!(
                r"(?i)\|\s*(?:active|reserve|active_personnel|reserve_personnel|personnel|strength|manpower)\s*=\s*(?P<fig>{num})"
            )),
            |text| {
                let b = text.as_bytes();
                memchr::memchr(b'|', b).is_some() && memchr::memchr(b'=', b).is_some()
            },
        ),
        Gated::new(
            re(format!(
                r"(?i)(?-u:\b)from\s+(?P<fig>(?:{q}\s+)?{num})\s+to\s+(?:{q2}\s+)?\d[\d,]*\s+(?:{MODIFIER}\s+){{0,4}}{personnel}"
            )),
            PERSONNEL_WORD,
            30,
            2,
        )
        .if_hit(hits::change_count_before)
        .if_window(|w| gate::has_word_ignore_ascii_case(w, b"from")),
        Gated::new(
            re(format!(
                r"(?i)(?-u:\b)number\s+of\s+(?:[\w.'-]+\s+){{0,4}}{personnel}[^.;]{{0,80}}?(?-u:\b)(?:{verbs})\s+from\s+(?P<fig>(?:{q}\s+)?{num})[^.;\d]{{0,60}}?(?-u:\b)to\s+(?P<fig2>(?:{q2}\s+)?{num2})(?-u:\b)"
            )),
            NUMBERING,
            0,
            96,
        )
        .if_hit(hits::of_follows)
        .if_window(|w| gate::has_word_ignore_ascii_case(w, b"from") && may_hold_change_verb(w)),
    ]
});

/// The verbs of a change in the number of troops, as the implied-number
/// frame spells them.
const CHANGE_VERBS: [&str; 8] = [
    "declined",
    "fell",
    "dropped",
    "decreased",
    "shrank",
    "rose",
    "grew",
    "increased",
];

/// A window test of the implied-number frame: the window holds one of
/// [`CHANGE_VERBS`] in any ASCII case, or a byte outside ASCII (the
/// frame's `(?i)` also reads `ſ` as `s` and the Kelvin sign as `k`).
fn may_hold_change_verb(w: &str) -> bool {
    !w.is_ascii()
        || CHANGE_VERBS
            .iter()
            .any(|v| gate::has_word_ignore_ascii_case(w, v.as_bytes()))
}

/// Counts whose personnel noun is implied by the frame around them, with
/// the bare number (and its qualifier) as the span and `personnel` as the
/// unit:
/// - a strength: `a personnel strength of 3,699,000`, `northern forces of
///   about 345,000`;
/// - a split: `(599,000 active and 3,100,000 reserve)`;
/// - an infobox field: `|active= 599,000`, `|reserve= 3,100,000`;
/// - the start of a change whose end names the noun: `from 40,000 to
///   over 300,000 personnel`;
/// - a change of a stated number of personnel: `the number of military
///   personnel in Europe declined from 350,000 ... to 66,000`.
pub(super) fn implied_figures(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    facts: &DocFacts,
    figures: &[TroopFact],
) -> Vec<TroopFact> {
    let text = view.norm();
    let mut taken: Vec<Range<usize>> = figures.iter().map(|f| f.span.clone()).collect();
    let mut out = Vec::new();
    for g in IMPLIED.iter() {
        for c in scan.captures(g) {
            for (fig, num) in [("fig", "num"), ("fig2", "num2")] {
                let (Some(f), Some(n)) = (c.name(fig), c.name(num)) else {
                    continue;
                };
                let span = f.start()..f.end();
                let Some(value) = plain_count(n.as_str()) else {
                    continue;
                };
                if counts_things_after(text, span.end)
                    || after_money_sign(text, n.start())
                    || view.in_noise(&span)
                    || taken
                        .iter()
                        .any(|t| t.start < span.end && span.start < t.end)
                {
                    continue;
                }
                let qual = f.as_str()[..n.start() - f.start()].trim();
                let after = previous_figure_end(figures, span.start);
                taken.push(span.clone());
                out.push(TroopFact {
                    span: span.clone(),
                    value,
                    value_high: None,
                    qualifier: qualifier_of(qual, false, false, false),
                    unit: "personnel".to_string(),
                    force: body_owner(facts, view, span.start, after)
                        .or_else(|| sentence_owner(view, span.start, after))
                        .unwrap_or_default(),
                    location: location_of(view, facts, span.start, span.end),
                    as_of: String::new(),
                    rule: Rule::TroopsElliptical,
                });
            }
        }
    }
    out
}
