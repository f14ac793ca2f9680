//! The troop patterns: qualifier words (data), personnel nouns, modifiers,
//! owners, and the gated figure patterns, compiled once; reading a
//! qualifier and a unit.

use super::*;

/// Qualifier words and the bound each gives (`data/qualifiers.csv`).
pub(super) static QUALIFIER_WORDS: LazyLock<Vec<(&str, Qualifier)>> = LazyLock::new(|| {
    include_str!("../../data/qualifiers.csv")
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
pub(super) static QUALIFIER: LazyLock<String> = LazyLock::new(|| {
    let words: Vec<&str> = QUALIFIER_WORDS.iter().map(|(w, _)| *w).collect();
    let alt = gazetteer::alternation(&words).replace(' ', r"\s+");
    format!("(?P<qual>{alt})")
});

pub(super) static PERSONNEL: LazyLock<String> = LazyLock::new(|| {
    let nouns: Vec<&str> = PERSONNEL_NOUNS
        .iter()
        .filter(|n| n.prose)
        .map(|n| n.noun)
        .collect();
    // The letters case-insensitive in ASCII only, as the trigger pass
    // finds them (Unicode folding would also read `ſ` as `s` and the
    // Kelvin sign as `k`); the spaces between words stay Unicode `\s+`.
    let alt = gazetteer::alternation(&nouns).replace(' ', r"(?u:\s+)");
    format!(r"(?i:(?P<noun>(?-u:{alt})))(?-u:\b)")
});

/// One row of `data/personnel.csv`: a noun that counts people in arms,
/// and whether it does so in prose (`28,500 troops`) and as a table
/// header (`| Personnel |`, `| Strength |`).
#[derive(Debug, Clone, Copy)]
pub(super) struct PersonnelNoun {
    pub(super) noun: &'static str,
    pub(super) prose: bool,
    pub(super) table: bool,
}

pub(super) static PERSONNEL_NOUNS: LazyLock<Vec<PersonnelNoun>> = LazyLock::new(|| {
    parse_personnel(include_str!("../../data/personnel.csv"))
        .expect("data/personnel.csv is well formed")
});

pub(super) fn parse_personnel(data: &'static str) -> Result<Vec<PersonnelNoun>, String> {
    let flag = |f: &str| match f {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(format!("personnel.csv: yes or no, not {f:?}")),
    };
    data.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let [noun, prose, table] = f[..] else {
                return Err(format!("personnel.csv: three fields: {line:?}"));
            };
            Ok(PersonnelNoun {
                noun,
                prose: flag(prose)?,
                table: flag(table)?,
            })
        })
        .collect()
}

/// Words that may sit between the number and the personnel noun.
pub(super) const MODIFIER: &str = r"(?:[A-Z][A-Za-z.'-]*|active[- ]duty|active|combat|additional|more|ground|regular|reserve|military|foreign|allied|coalition|uniformed|deployed|rotational|permanent|permanently|armed|army|naval|navy|air|special|operations|elite|new|extra|other|American|U\.S\.-led|frontline|front-line|full-time|part-time|trained|serving|enlisted|professional|contract|peacekeeping|international|multinational|infantry|airborne|support|stationed|remaining|total|and)";

// Trigger families: a figure's pattern cannot match without one of its
// family's words (see `gate`).
/// More states and their adjectives that may own a figure (`Canada plans
/// to deploy up to 2,200 troops`).
/// Forces that are not states but own troops in the text (commands,
/// alliances, armies named alone); the states come from the gazetteer.
pub(super) const NON_STATE_FORCES: &[&str] =
    &["EU", "EUFOR", "European Union", "NATO", "PLA", "USFK"];

/// The owner alternation: surfaces ending in a full stop (`U.S.`) first,
/// without the closing word boundary a full stop cannot give, then every
/// other state form and non-state force, longest first.
pub(super) fn owner_alternation() -> String {
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
pub(super) fn scan(text: &str) -> Scan<'_> {
    Scan::new(text, gate::hits(text, Lane::Troops))
}

pub(super) struct Patterns {
    pub(super) direct: Gated,
    /// `troops numbering N`, `a force of N`, `N-strong`.
    pub(super) frames: [Gated; 3],
    pub(super) casualty: Regex,
    pub(super) location: Regex,
    pub(super) force_of: Regex,
    /// A state or force named earlier in the sentence: the figure's owner
    /// when no modifier says (`The U.S. maintains … 28,500 troops`).
    pub(super) sentence_owner: Regex,
}

pub(super) static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let number = format!(
        r"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s+(?:thousand|million))?|(?i:{NUMBER_WORD}(?:(?:\s+|-|\s+and\s+){NUMBER_WORD})*))"
    );
    let high = number.replace("?P<num>", "?P<high>");
    let qualifier = QUALIFIER.as_str();
    let personnel = PERSONNEL.as_str();
    let re = |s: &str| Regex::new(s).expect("valid troop regex");
    Patterns {
        // Qualifier, number, range and modifiers: thirty words at most
        // before the noun; `service members` reaches one word past it.
        direct: Gated::new(
            re(&format!(
                r"(?i:(?-u:\b){qualifier}\s+)?(?P<tilde>~\s*)?(?-u:\b){number}(?:\s*(?:-|to|and)\s*{high})?(?P<plus>\+)?(?:\s+{MODIFIER}){{0,4}}(?:\s+|-){personnel}"
            )),
            PERSONNEL_WORD,
            30,
            2,
        )
        .if_hit(hits::count_then_modifiers),
        frames: [
            Gated::new(
                re(&format!(
                    r"(?i)(?-u:\b)(?P<noun>troops|forces|personnel|soldiers)\s+(?:numbering|numbered|totall?ing|totall?ed)\s+(?:{qualifier}\s+)?{number}(?-u:\b)"
                )),
                NUMBERING,
                1,
                14,
            )
            .if_hit(hits::noun_before),
            Gated::new(
                re(&format!(
                    r"(?i)(?-u:\b)(?:a|an)\s+(?P<noun>(?-u:force|contingent|garrison|army|deployment))\s+of\s+(?:{qualifier}\s+)?{number}(?-u:\b)"
                )),
                FORCE_OF,
                1,
                14,
            )
            .if_hit(hits::of_follows),
            // `a 4,800-strong brigade`: the unit is the noun after `strong`.
            Gated::new(
                re(&format!(
                    r"(?-u:\b){number}-(?P<kind>strong|person|man|member|soldier|troop)(?:\s+(?:[A-Z][A-Za-z]*\s+)?(?P<noun>brigade|force|contingent|garrison|army|division|battalion|regiment|unit|corps|deployment|presence|mission))?(?-u:\b)"
                )),
                STRONG,
                12,
                3,
            )
            .if_hit(hits::count_joined_before),
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

pub(super) fn qualifier_of(qual: &str, plus: bool, tilde: bool, range: bool) -> Qualifier {
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
pub(super) fn unit_of(noun: &str) -> String {
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
