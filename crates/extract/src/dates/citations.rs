//! Author-year citations are references, not dates: `(Calder, 2007)`,
//! `(Glaser 2017; RAND, 2019)`, `(Smith et al., 2020, p. 12)`, `Calder
//! (2007)`, and reference-list entries `Smith, J. (2019).`. The years they
//! hold are dropped before anything is dated or anchored on them.
//!
//! A parenthesis whose every `;`-part is a name and a year is a citation
//! on its own. A name followed by a year in parentheses is one when the
//! name is written as an author's (initials after a comma: `Cha, V.
//! (2019)`), or when its paragraph cites in parentheses too and the name
//! heads no body or event (`Washington Declaration (2012)` and `Mutual
//! Defense Treaty (1953)` stay dates). The evidence is the paragraph's,
//! not the document's, so a document read in sections (cut at paragraph
//! breaks) gives the same rows as read whole.

use super::*;

/// A name part of a citation: capitalized words, `and`/`&`, `et al.`.
const WHO: &str =
    r"[A-Z][\p{L}'’.&-]*(?:,?\s+(?:[A-Z][\p{L}'’.&-]*|and|&|et\s+al\.?|de|van|von|der)){0,6}";

/// One `;`-part of a parenthetical citation: `see Calder, 2007, p. 12`.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*(?:(?:see|cf\.|e\.g\.,?|also)\s+)*(?P<who>{WHO})(?P<comma>,)?\s+(?P<year>(?:1[6-9]|20)\d\d)[a-z]?(?:,\s*(?:p|pp)\.?\s*[\d–-]+)?\s*$"
    ))
    .expect("valid regex")
});

/// A parenthesis on one line, without nested ones.
static PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^()\n]{4,200}\)").expect("valid regex"));

/// `Calder (2007)`, `Smith and Lee (2020)`, `Cha, V. (2019)`, `Smith et
/// al. (2020)`: a name, then a year in parentheses.
static NARRATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<who>[A-Z][\p{L}'’-]+)(?P<initials>,\s+(?:[A-Z]\.\s*){1,3})?(?:;?\s+(?:and|&)\s+[A-Z][\p{L}'’.-]+|;?\s+et\s+al\.?)?\s+\((?P<year>(?:1[6-9]|20)\d\d)[a-z]?(?:,\s*(?:p|pp)\.?\s*[\d–-]+)?\)",
    )
    .expect("valid regex")
});

/// Words that open a date, not a name (`May 2007`, `Spring 2019`).
fn is_date_word(w: &str) -> bool {
    let lower = w.trim_end_matches('.').to_ascii_lowercase();
    // A month's name or its first three letters or more, in any case.
    let month = lower.len() >= 3
        && MONTH_NAMES.iter().any(|m| {
            m.get(..lower.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(&lower))
        })
        || lower == "sept";
    month
        || is_time_word(w)
        || matches!(
            w.to_ascii_lowercase().as_str(),
            "spring"
                | "summer"
                | "fall"
                | "autumn"
                | "winter"
                | "since"
                | "in"
                | "by"
                | "fy"
                | "until"
                | "before"
                | "after"
                | "from"
                | "circa"
                | "c."
                | "early"
                | "late"
                | "mid"
        )
}

/// The paragraph around `pos`: from after the blank line before it to the
/// blank line after it.
fn paragraph(text: &str, pos: usize) -> Range<usize> {
    let start = text[..pos].rfind("\n\n").map_or(0, |i| i + 2);
    let end = text[pos..].find("\n\n").map_or(text.len(), |i| pos + i);
    start..end
}

/// Spans of the years that are citations.
pub(super) fn citation_years(text: &str) -> Vec<Range<usize>> {
    let mut years = Vec::new();
    // Citations hold a year: no parenthesis without four digits in a row
    // is worth the patterns.
    let has_year = |s: &str| {
        s.as_bytes()
            .windows(4)
            .any(|w| w.iter().all(u8::is_ascii_digit))
    };
    if !has_year(text) {
        return years;
    }
    // The text inside: the match less its one-byte parentheses (a search
    // without groups; most parentheses hold no year).
    for m in PAREN.find_iter(text) {
        let inner = m.start() + 1..m.end() - 1;
        if !has_year(&text[inner.clone()]) {
            continue;
        }
        let parts: Vec<(usize, &str)> = text[inner.clone()]
            .split(';')
            .scan(inner.start, |at, part| {
                let here = *at;
                *at += part.len() + 1;
                Some((here, part))
            })
            .collect();
        let cited: Option<Vec<Range<usize>>> = parts
            .iter()
            .map(|(at, part)| {
                let m = PART.captures(part)?;
                let who = &m["who"];
                // `(Coming Summer 2025)` dates; `(GATT 1994)` names an
                // agreement by its year, while `(RAND, 2019)` cites.
                let dated = who.split_whitespace().any(is_date_word);
                // Without a comma, one name (`Calder 2007`), authors
                // (`Kim et al. 2023`, `Lee and Park 2019`), never a title
                // with its year (`Motor Vehicles 2025`).
                let comma = m.name("comma").is_some();
                let acronym_name = !comma && who.chars().all(|ch| !ch.is_lowercase());
                let authors = who.split_whitespace().count() == 1
                    || who.contains(" et al")
                    || who.contains(" and ")
                    || who.contains(" & ");
                (!dated && !acronym_name && (comma || authors)).then(|| {
                    let y = m.name("year").expect("group year");
                    at + y.start()..at + y.end()
                })
            })
            .collect();
        years.extend(cited.into_iter().flatten());
    }
    let parenthetical = years.clone();
    // A narrative citation ends in `(YYYY)`: skip the pattern where no
    // parenthesis opens on a year.
    let year_paren = memchr::memchr_iter(b'(', text.as_bytes()).any(|i| {
        text.as_bytes()
            .get(i + 1..i + 5)
            .is_some_and(|w| w.iter().all(u8::is_ascii_digit))
    });
    if !year_paren {
        years.sort_by_key(|r| r.start);
        years.dedup();
        return years;
    }
    for c in NARRATIVE.captures_iter(text) {
        let who = &c["who"];
        let author_form = c.name("initials").is_some();
        let para = paragraph(text, c.get(0).expect("group 0").start());
        let cites_in_parentheses = parenthetical
            .iter()
            .any(|y| para.start <= y.start && y.end <= para.end);
        let plain_name = cites_in_parentheses
            && !is_date_word(who)
            && !crate::bodies::is_name_head(who)
            && !who.chars().all(|ch| ch.is_uppercase());
        if author_form || plain_name {
            let y = c.name("year").expect("group year");
            years.push(y.start()..y.end());
        }
    }
    years.sort_by_key(|r| r.start);
    years.dedup();
    years
}
