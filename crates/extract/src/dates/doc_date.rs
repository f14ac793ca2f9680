//! The document's own date, from a dateline, byline or label near the top.

use super::*;

/// The document date: the first full date (or month) standing alone on a
/// line near the top, as datelines and bylines print it.
pub(super) fn detect_doc_date(text: &str, dates: &[DateFact]) -> Option<String> {
    const HEAD: usize = 1500;
    const PREFIXES: [&str; 14] = [
        "debated on",
        "last updated",
        "published",
        "published on",
        "updated",
        "updated on",
        "posted",
        "posted on",
        "date",
        "dated",
        "released",
        "released on",
        "delivered on",
        "issued on",
    ];
    dates
        .iter()
        .filter(|d| {
            d.span.start < HEAD && matches!(d.granularity, Granularity::Day | Granularity::Month)
        })
        .find(|d| {
            let line_start = text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
            // A table row's date dates its row, not the document.
            if text[line_start..].trim_start().starts_with('|') {
                return false;
            }
            let line_end = text[d.span.end..]
                .find('\n')
                .map_or(text.len(), |i| d.span.end + i);
            let before = text[line_start..d.span.start]
                .trim()
                .trim_end_matches(':')
                .to_ascii_lowercase();
            let after = text[d.span.end..line_end].trim();
            // A date alone on its line, maybe after `Published:` or a place
            // (`Seoul, November 13, 2023`).
            let place_only = before.ends_with(',')
                && before.split_whitespace().count() <= 6
                && text[line_start..d.span.start]
                    .split_whitespace()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase()));
            // A byline: `By Staff Reporter | June 26, 2023`, `*By Anna
            // Kowalska, Brussels, 26 June 2025*`.
            let by = text[line_start..d.span.start]
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .strip_prefix("By ")
                .is_some_and(|name| name.starts_with(|c: char| c.is_uppercase()));
            // A header line of fields (`Policy Analysis | Institute for
            // National Security Strategy | Seoul | 12 December 2024`), the
            // date maybe between two (`Media release | 14 March 2023 |
            // Prime Minister`).
            // (The view has already folded `·` and `•` to `*`.)
            const SEPARATORS: [char; 2] = ['|', '*'];
            // The date's field may hold its time too (`| 2025-04-02
            // 09:15:33 | Editor: ...`).
            let field_after = strip_clock(after).starts_with(SEPARATORS);
            let fields = (before.ends_with(SEPARATORS) || (before.is_empty() && field_after))
                && before.split_whitespace().count() + after.split_whitespace().count() <= 14;
            let byline = fields
                || (by && before.ends_with([',', '-']) && before.split_whitespace().count() <= 8);
            // `Data as of 31 March 2024.` labels the whole document; a
            // caption (`Troop strength (as of September 2024):`) only what
            // follows it.
            let data_as_of = matches!(
                before.trim_start_matches(['*', '_', '#', ' ']),
                "as of" | "data as of" | "current as of" | "information as of" | "figures as of"
            );
            let prefixed = data_as_of || PREFIXES.iter().any(|p| before.ends_with(p));
            // `Delivered on 18 June 2024. (Transcript ...)`: a short label
            // line may go on after its sentence ends.
            let label_sentence =
                prefixed && before.split_whitespace().count() <= 3 && after.starts_with('.');
            // A header label line that ends with the date: `Issued by NATO
            // Heads of State ... in Washington, D.C. 10 July 2024`.
            let label_line = [
                "issued ",
                "published ",
                "released ",
                "posted ",
                "delivered ",
            ]
            .iter()
            .any(|l| before.starts_with(l))
                && before.split_whitespace().count() <= 30
                && after.trim_end_matches(['.', '*']).is_empty();
            // A shouted title line that ends with the date: `CONTRACTS FOR
            // JAN. 17, 2025`, `PRESS BRIEFING, MARCH 3, 2025`.
            let title_line = text[..line_start].trim().is_empty()
                && d.granularity == Granularity::Day
                && after.is_empty()
                && !text[line_start..d.span.end].contains(char::is_lowercase);
            // `Posted On: 09 SEP 2024 11:05AM by PIB Delhi`: a labelled
            // date may go on with its time and who posted it.
            static CLOCK_BY: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"^[0-2]?[0-9][:.][0-5][0-9]\s*(?:[AaPp]\.?[Mm]\.?)?\s+by\s+[A-Z]")
                    .expect("valid regex")
            });
            let posted_by = prefixed && CLOCK_BY.is_match(after);
            let alone =
                (before.is_empty() || place_only || byline || prefixed || label_line || title_line)
                    && (after.is_empty()
                        || after.len() <= 12
                        || is_clock_time(after)
                        || posted_by
                        || label_sentence
                        || (fields && field_after));
            // A news dateline: `MANILA, Jan. 12, 2024 - The ...` (a place in
            // capitals, the date, maybe the agency, then a dash).
            let place = text[line_start..d.span.start].trim().trim_end_matches(',');
            let dateline = !place.is_empty()
                && place.len() <= 40
                && place
                    .split([',', ' ', '/'])
                    .filter(|w| !w.is_empty())
                    .all(|w| {
                        w.len() <= 2 || w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
                    })
                && after
                    .strip_prefix('(')
                    .and_then(|a| a.split_once(')'))
                    .map_or(after, |(_, rest)| rest.trim_start())
                    .starts_with('-');
            alone || dateline
        })
        .map(|d| d.value.clone())
}
