//! The document's own date, from a dateline, byline or label near the top.
//!
//! The labels that announce it (`Published:`, `Data as of`, `Issued by
//! ... 10 July 2024`) are data: `data/doc_date_labels.csv`.

use super::*;

/// Where a label stands: just before the date (`prefix`: `Published:`),
/// as the whole text before it (`as_of`: `Data as of`), or opening a line
/// that ends with it (`line`: `Issued by ... 10 July 2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LabelKind {
    Prefix,
    AsOf,
    Line,
}

/// The labels of `data/doc_date_labels.csv`, lower case.
pub(super) static LABELS: LazyLock<Vec<(LabelKind, &str)>> = LazyLock::new(|| {
    parse_labels(include_str!("../../data/doc_date_labels.csv"))
        .expect("data/doc_date_labels.csv is well formed")
});

pub(super) fn parse_labels(data: &'static str) -> Result<Vec<(LabelKind, &'static str)>, String> {
    data.lines()
        .skip(1)
        .map(|line| {
            let (kind, label) = line.split_once(',').ok_or_else(|| format!("{line:?}"))?;
            let kind = match kind {
                "prefix" => LabelKind::Prefix,
                "as_of" => LabelKind::AsOf,
                "line" => LabelKind::Line,
                _ => return Err(format!("unknown label kind in {line:?}")),
            };
            Ok((kind, label))
        })
        .collect()
}

fn labels(kind: LabelKind) -> impl Iterator<Item = &'static str> {
    LABELS
        .iter()
        .filter(move |(k, _)| *k == kind)
        .map(|(_, l)| *l)
}

/// Bytes at the top of a document where its own date may stand.
const HEAD: usize = 1500;

/// The document date: the first full date (or month) near the top that
/// stands as datelines, bylines and labels print it.
pub(super) fn detect_doc_date(text: &str, dates: &[DateFact]) -> Option<String> {
    dates
        .iter()
        .filter(|d| {
            d.span.start < HEAD && matches!(d.granularity, Granularity::Day | Granularity::Month)
        })
        .find(|d| DateLine::of(text, d).is_some_and(|l| l.dates_document()))
        .map(|d| d.value.clone())
}

/// A date with the rest of its line.
struct DateLine<'t> {
    /// The line up to the date, as written.
    raw_before: &'t str,
    /// The same, trimmed, lower case, a closing `:` dropped.
    before: String,
    /// The line after the date, trimmed.
    after: &'t str,
    /// Nothing but blank lines above it.
    first_line: bool,
    /// A day, not a month.
    day: bool,
    /// No lower-case letter from the line's start to the date's end.
    shouted: bool,
}

impl<'t> DateLine<'t> {
    /// The line of `d`; None for a table row (its date dates its row).
    fn of(text: &'t str, d: &DateFact) -> Option<Self> {
        let line_start = text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..].trim_start().starts_with('|') {
            return None;
        }
        let line_end = text[d.span.end..]
            .find('\n')
            .map_or(text.len(), |i| d.span.end + i);
        let raw_before = &text[line_start..d.span.start];
        // Markup around a label or the date is no text: a quote mark, code
        // ticks, emphasis (`> Apr 4th 2020`, ``Published :`2024-07-28` ``).
        let before = raw_before
            .trim()
            .trim_start_matches(['>', ' '])
            .trim_end_matches(['`', '*', '_', ' '])
            .trim_end_matches(':')
            .trim_end()
            .to_ascii_lowercase();
        Some(DateLine {
            raw_before,
            before,
            // (A leading `*` may be a field separator: keep it.)
            after: text[d.span.end..line_end]
                .trim()
                .trim_matches('`')
                .trim_end_matches(['*', '_'])
                .trim(),
            first_line: text[..line_start].trim().is_empty(),
            day: d.granularity == Granularity::Day,
            shouted: !text[line_start..d.span.end].contains(char::is_lowercase),
        })
    }

    fn words_before(&self) -> usize {
        self.before.split_whitespace().count()
    }

    /// The date stands as a document's own date does: alone on its line
    /// or after a label, place, byline or fields, or in a news dateline.
    fn dates_document(&self) -> bool {
        let fields = self.fields();
        let led = self.before.is_empty()
            || self.place_only()
            || fields
            || self.byline()
            || self.prefixed()
            || self.label_line()
            || self.title_line();
        let ends = self.after.is_empty()
            || self.after.len() <= 12
            || is_clock_time(self.after)
            || self.posted_by()
            || self.label_sentence()
            || (fields && self.field_after());
        (led && ends) || self.dateline()
    }

    /// After a place only (`Seoul, November 13, 2023`).
    fn place_only(&self) -> bool {
        self.before.ends_with(',')
            && self.words_before() <= 6
            && self
                .raw_before
                .split_whitespace()
                .all(|w| w.starts_with(|c: char| c.is_uppercase()))
    }

    /// A byline: `By Staff Reporter | June 26, 2023`, `*By Anna Kowalska,
    /// Brussels, 26 June 2025*`.
    fn byline(&self) -> bool {
        let by = self
            .raw_before
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .strip_prefix("By ")
            .is_some_and(|name| name.starts_with(|c: char| c.is_uppercase()));
        by && self.before.ends_with([',', '-']) && self.words_before() <= 8
    }

    /// The date's field may hold its time too (`| 2025-04-02 09:15:33 |
    /// Editor: ...`). (The view has already folded `·` and `•` to `*`.)
    fn field_after(&self) -> bool {
        strip_clock(self.after).starts_with(SEPARATORS)
    }

    /// A header line of fields (`Policy Analysis | Institute | Seoul | 12
    /// December 2024`), the date maybe between two (`Media release | 14
    /// March 2023 | Prime Minister`).
    fn fields(&self) -> bool {
        (self.before.ends_with(SEPARATORS) || (self.before.is_empty() && self.field_after()))
            && self.words_before() + self.after.split_whitespace().count() <= 14
    }

    /// After a label: `Published:`, `Delivered on`; `Data as of 31 March
    /// 2024.` labels the whole document, while a caption (`Troop strength
    /// (as of September 2024):`) only what follows it.
    fn prefixed(&self) -> bool {
        let bare = self.before.trim_start_matches(['*', '_', '#', ' ']);
        labels(LabelKind::AsOf).any(|l| bare == l)
            || labels(LabelKind::Prefix).any(|l| self.before.ends_with(l))
    }

    /// `Delivered on 18 June 2024. (Transcript ...)`: a short label line
    /// may go on after its sentence ends.
    fn label_sentence(&self) -> bool {
        self.prefixed() && self.words_before() <= 3 && self.after.starts_with('.')
    }

    /// A header label line that ends with the date: `Issued by NATO Heads
    /// of State ... in Washington, D.C. 10 July 2024`.
    fn label_line(&self) -> bool {
        labels(LabelKind::Line).any(|l| {
            self.before
                .strip_prefix(l)
                .is_some_and(|rest| rest.starts_with(' '))
        }) && self.words_before() <= 30
            && self.after.trim_end_matches(['.', '*']).is_empty()
    }

    /// A shouted title line that ends with the date: `CONTRACTS FOR JAN.
    /// 17, 2025`, `PRESS BRIEFING, MARCH 3, 2025`.
    fn title_line(&self) -> bool {
        self.first_line && self.day && self.after.is_empty() && self.shouted
    }

    /// `Posted On: 09 SEP 2024 11:05AM by PIB Delhi`: a labelled date may
    /// go on with its time and who posted it.
    fn posted_by(&self) -> bool {
        static CLOCK_BY: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^[0-2]?[0-9][:.][0-5][0-9]\s*(?:[AaPp]\.?[Mm]\.?)?\s+by\s+[A-Z]")
                .expect("valid regex")
        });
        self.prefixed() && CLOCK_BY.is_match(self.after)
    }

    /// A news dateline: `MANILA, Jan. 12, 2024 - The ...` (a place in
    /// capitals, the date, maybe the agency, then a dash).
    fn dateline(&self) -> bool {
        let place = self.raw_before.trim().trim_end_matches(',');
        !place.is_empty()
            && place.len() <= 40
            && place
                .split([',', ' ', '/'])
                .filter(|w| !w.is_empty())
                .all(|w| w.len() <= 2 || w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()))
            && self
                .after
                .strip_prefix('(')
                .and_then(|a| a.split_once(')'))
                .map_or(self.after, |(_, rest)| rest.trim_start())
                .starts_with('-')
    }
}

/// Field separators of a header line.
const SEPARATORS: [char; 2] = ['|', '*'];
