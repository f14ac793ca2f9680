//! Facts as the extractors produce them: spans in the normalized view plus
//! the typed values of each table. `pipeline` turns them into CSV rows with
//! provenance (raw offsets, line, column, context) before the text is dropped.

use std::ops::Range;

/// How precise a date value is (TIMEX3-style values in `dates.csv`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    // Declared in the alphabetical order of their CSV names, so sorting
    // by granularity sorts as the names do.
    /// `20XX`.
    Century,
    /// `2025-08-22`.
    Day,
    /// `199X`.
    Decade,
    /// `2025-H1`.
    Half,
    /// `2023-04`.
    Month,
    /// `2024-Q1`.
    Quarter,
    /// An ISO interval, `1950/1953`.
    Range,
    /// Resolved against an anchor (`last year`, `this week`).
    Relative,
    /// `2024-SP`.
    Season,
    /// `PRESENT_REF`, `PAST_REF`, `FUTURE_REF` (with `--vague`).
    Vague,
    /// `1953`.
    Year,
}

impl Granularity {
    /// The name written to CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Century => "century",
            Granularity::Day => "day",
            Granularity::Decade => "decade",
            Granularity::Half => "half",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Range => "range",
            Granularity::Relative => "relative",
            Granularity::Season => "season",
            Granularity::Vague => "vague",
            Granularity::Year => "year",
        }
    }
}

impl std::fmt::Display for Granularity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares [`Rule`]: one variant per extractor rule, with the id written
/// to the `rule` column.
macro_rules! rules {
    ($($variant:ident => $id:literal,)*) => {
        /// The extractor rule that produced a fact; its id (`date.iso`) is
        /// the `rule` column of every table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = concat!("`", $id, "`")] $variant,)*
        }

        impl Rule {
            /// Every rule, in id order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The id written to the `rule` column.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }
        }
    };
}

rules! {
    AcronymDash => "acronym.dash",
    AcronymInitialsUnordered => "acronym.initials_unordered",
    AcronymOr => "acronym.or",
    AcronymSh => "acronym.sh",
    AcronymShDigits => "acronym.sh_digits",
    AcronymShInside => "acronym.sh_inside",
    AcronymShPlural => "acronym.sh_plural",
    AcronymShReverse => "acronym.sh_reverse",
    BodyAcronymLong => "bodies.acronym_long",
    BodyAcronymShort => "bodies.acronym_short",
    BodyHeadNoun => "bodies.head_noun",
    BodyLexicon => "bodies.lexicon",
    DateAnniversary => "date.anniversary",
    DateCentury => "date.century",
    DateDayMonthYear => "date.day_month_year",
    DateDayOfMonth => "date.day_of_month",
    DateDayRange => "date.day_range",
    DateDecade => "date.decade",
    DateDeictic => "date.deictic",
    DateFiscalYear => "date.fiscal_year",
    DateHalfYear => "date.half_year",
    DateIso => "date.iso",
    DateMonth => "date.month",
    DateMonthDay => "date.month_day",
    DateMonthDayInYear => "date.month_day_in_year",
    DateMonthDayYear => "date.month_day_year",
    DateMonthPaired => "date.month_paired",
    DateMonthYear => "date.month_year",
    DateNumeric => "date.numeric",
    DateNumericYearFirst => "date.numeric_year_first",
    DateQuarter => "date.quarter",
    DateRange => "date.range",
    DateRangeOpen => "date.range_open",
    DateRelativeNext => "date.relative_next",
    DateRelativeOffset => "date.relative_offset",
    DateSeason => "date.season",
    DateSeasonWeek => "date.season_week",
    DateVague => "date.vague",
    DateWeekday => "date.weekday",
    DateYear => "date.year",
    DateYearPart => "date.year_part",
    DateYearRangeShort => "date.year_range_short",
    IdentifierSelf => "identifier.self",
    TroopsElliptical => "troops.elliptical",
    TroopsFrame => "troops.frame",
    TroopsLevel => "troops.level",
    TroopsNumberNoun => "troops.number_noun",
    TroopsTable => "troops.table",
}

impl Rule {
    /// The rule with this id.
    pub fn parse(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.as_str() == id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Rule::parse(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule {id:?}")))
    }
}

/// How a date was linked to its subject: how much the text commits to
/// the date being *the* date of that subject. The checks compare only
/// defining links; the others still make agreements.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SubjectLink {
    /// No subject.
    #[default]
    #[serde(rename = "")]
    None,
    /// The date modifies the name (`the 1953 Mutual Defense Treaty`,
    /// `the 2022 National Defense Strategy`, `the Energy Policy Act of
    /// 1992`): the year may name an edition.
    Modifier,
    /// The date follows the name in parentheses (`Treaty (1953)`).
    Parenthesis,
    /// A founding verb joins the name to the date (`the EDPC, established
    /// in 2010`, `the Treaty, signed in 1953`).
    Founding,
    /// A bare `in`/`on`/`since` joins the name to the date (`the EDPC in
    /// 2010`, `the University of X in 2001`): something happened then.
    Preposition,
    /// A founding verb elsewhere in the sentence (`In 1953 the two states
    /// signed the Treaty`).
    Sentence,
    /// An anniversary naming its subject (`the 70th anniversary of the
    /// alliance`), dated by its anchor.
    Anniversary,
}

impl SubjectLink {
    /// The name written to CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectLink::None => "",
            SubjectLink::Modifier => "modifier",
            SubjectLink::Parenthesis => "parenthesis",
            SubjectLink::Founding => "founding",
            SubjectLink::Preposition => "preposition",
            SubjectLink::Sentence => "sentence",
            SubjectLink::Anniversary => "anniversary",
        }
    }

    /// Whether the text states the date as the subject's own date (its
    /// signing, founding, or the years it spans), so that two sources
    /// giving two such dates disagree. A date in parentheses after an
    /// agreement, exercise or event is its date; after a body it is as
    /// often a citation's (`White House (Feb. 28, 2022)`) or a meeting's.
    pub fn is_defining(self, subject_type: &str) -> bool {
        match self {
            SubjectLink::Founding => true,
            SubjectLink::Parenthesis => matches!(subject_type, "agreement" | "exercise" | "event"),
            _ => false,
        }
    }
}

/// A temporal expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFact {
    /// Span in the normalized view.
    pub span: Range<usize>,
    /// TIMEX3-style value: `2025-08-22`, `2023-04`, `1953`, `199X`, `1950/1953`, `PRESENT_REF`.
    pub value: String,
    /// How precise the value is.
    pub granularity: Granularity,
    /// For relative expressions: the value they were resolved against.
    pub anchor_value: String,
    /// For relative expressions: the span of the anchoring date, if in the text.
    pub anchor_span: Option<Range<usize>>,
    /// The rule that produced the fact.
    pub rule: Rule,
    /// What the date is the date of (`Mutual Defense Treaty`, `Korean War`),
    /// filled by the subject linker; empty when the text does not say.
    pub subject: String,
    /// The subject's body type (`agreement`, `exercise`), `event`, or empty.
    pub subject_type: &'static str,
    /// How the text links the date to its subject.
    pub subject_link: SubjectLink,
}

/// How a troop figure bounds the count it gives.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[derive(Default)]
pub enum Qualifier {
    // Declared in the alphabetical order of their CSV names, so sorting
    // by qualifier sorts as the names do.
    /// About (`approximately`, `some`, `~`).
    Approx,
    /// At least (`more than`, `28,500+`).
    AtLeast,
    /// At most (`up to`, `fewer than`).
    AtMost,
    /// As written, no qualifier word (`28,500 troops`).
    #[default]
    Exact,
    /// A range (`3,000-4,000`), high end in `value_high`.
    Range,
}

impl Qualifier {
    /// The name written to CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Range => "range",
        }
    }

    /// Parses the CSV name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Qualifier::Exact,
            Qualifier::Approx,
            Qualifier::AtLeast,
            Qualifier::AtMost,
            Qualifier::Range,
        ]
        .into_iter()
        .find(|q| q.as_str() == s)
    }
}

impl std::fmt::Display for Qualifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A count of military personnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TroopFact {
    /// Span in the normalized view (qualifier word, number and personnel noun).
    pub span: Range<usize>,
    /// The count (low end for ranges).
    pub value: u64,
    /// High end of a range, else None.
    pub value_high: Option<u64>,
    /// How the figure bounds the count.
    pub qualifier: Qualifier,
    /// The personnel noun as written, lower-cased (`troops`, `personnel`).
    pub unit: String,
    /// Whose personnel (`U.S.`, `ROK`, `Chinese`), empty when unsaid.
    pub force: String,
    /// Where (`South Korea`, `the Peninsula`), empty when unsaid.
    pub location: String,
    /// The date governing the sentence, else the document date, else empty.
    pub as_of: String,
    /// The rule that produced the fact.
    pub rule: Rule,
}

/// An acronym definition: a short form introduced with its long form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcronymFact {
    /// Span of the short form at the definition site (normalized view).
    pub short_span: Range<usize>,
    /// Span of the long form (normalized view).
    pub long_span: Range<usize>,
    /// The rule that produced the fact.
    pub rule: Rule,
}

/// Types of named bodies.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum BodyType {
    /// Think tank, company, university, NGO, international organization.
    Org,
    /// Government agency, ministry, legislature.
    Gov,
    /// Command, service, force, unit.
    Military,
    /// Committee, consultative or working group, dialogue, alliance or pact.
    Group,
    /// Base, camp, installation.
    Installation,
    /// Treaty, law, declaration, named strategy or framework.
    Agreement,
    /// Named military exercise.
    Exercise,
}

impl BodyType {
    /// Every type, in the order of their CSV names.
    pub const ALL: [BodyType; 7] = [
        BodyType::Agreement,
        BodyType::Exercise,
        BodyType::Gov,
        BodyType::Group,
        BodyType::Installation,
        BodyType::Military,
        BodyType::Org,
    ];

    /// The lower-case name written to CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyType::Org => "org",
            BodyType::Gov => "gov",
            BodyType::Military => "military",
            BodyType::Group => "group",
            BodyType::Installation => "installation",
            BodyType::Agreement => "agreement",
            BodyType::Exercise => "exercise",
        }
    }

    /// Parses the CSV name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "org" => BodyType::Org,
            "gov" => BodyType::Gov,
            "military" => BodyType::Military,
            "group" => BodyType::Group,
            "installation" => BodyType::Installation,
            "agreement" => BodyType::Agreement,
            "exercise" => BodyType::Exercise,
            _ => return None,
        })
    }
}

/// A mention of a named body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyMention {
    /// Span in the normalized view.
    pub span: Range<usize>,
    /// Type of the body.
    pub kind: BodyType,
    /// The name this mention resolves to inside the document (the long form
    /// for an acronym, the lexicon's canonical name), used by reconciliation.
    pub resolved: String,
    /// True when the mention is a short form (acronym).
    pub is_short: bool,
    /// The rule that produced the mention.
    pub rule: Rule,
    /// The country whose body this is (see [`crate::nations`]): the one
    /// its name carries, a possessive before it gives, or its document
    /// gives the same name elsewhere; `/`-joined for a bilateral name,
    /// empty when unknown.
    pub nation: String,
}

/// An identifier a document gives itself (`No. 2025-27(S)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentifierFact {
    /// Span of the whole mention (series name and number).
    pub span: Range<usize>,
    /// The number as written (`2025-27(S)`).
    pub value: String,
    /// The series it belongs to, when named (`Asan Issue Brief`).
    pub series: String,
}

/// Where a document's own date came from (`doc_date_source` in
/// documents.csv).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DocDateSource {
    /// Given by the user (`--doc-dates`).
    User,
    /// The document's front matter (`date:` between `---` lines).
    #[serde(rename = "front_matter")]
    FrontMatter,
    /// Found in the document's first bytes (dateline, byline, label).
    Header,
    /// A date in the document's file name or folder (`2021-06-08-letter.md`).
    Path,
}

impl DocDateSource {
    /// The name written to CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            DocDateSource::User => "user",
            DocDateSource::FrontMatter => "front_matter",
            DocDateSource::Header => "header",
            DocDateSource::Path => "path",
        }
    }
}

/// Everything extracted from one document, in normalized-view coordinates.
#[derive(Debug, Default)]
pub struct DocFacts {
    /// The document's own date (TIMEX3 day/month/year value), if known.
    pub doc_date: Option<String>,
    /// Where `doc_date` came from, when there is one.
    pub doc_date_source: Option<DocDateSource>,
    /// The date the document's path gives (`2021-06-08-letter.md`), used
    /// when neither its front matter nor its header dates it.
    pub path_date: Option<String>,
    /// What the document's front matter says of it (date, title,
    /// address), read once before the extractors run.
    pub front_matter: Option<crate::metadata::FrontMatter>,
    /// The document date was decided before extraction (given, or taken
    /// from a large document's first section, maybe as none): do not
    /// look for one in this text.
    pub doc_date_settled: bool,
    /// The text is a later section of a large document, so it has no
    /// header of its own (identifiers there are not the document's).
    pub no_header: bool,
    /// Dates.
    pub dates: Vec<DateFact>,
    /// Troop figures.
    pub troops: Vec<TroopFact>,
    /// Acronym definitions.
    pub acronyms: Vec<AcronymFact>,
    /// Body mentions.
    pub bodies: Vec<BodyMention>,
    /// Named events (`Korean War`, `Camp David Summit`): not bodies, but
    /// subjects dates can belong to.
    pub events: Vec<Range<usize>>,
    /// Identifiers the document gives itself.
    pub identifiers: Vec<IdentifierFact>,
    /// For a section of a large document: the short forms its whole text
    /// defines, so a section finds the uses of a short form defined in
    /// another, as a whole-document run does.
    pub document_shorts: Option<std::sync::Arc<[DefinedShort]>>,
}

/// A short form defined in a document and the body it names.
#[derive(Debug, Clone, PartialEq)]
pub struct DefinedShort {
    /// The short form as written (normalized text).
    pub short: String,
    /// The type of body it names.
    pub kind: BodyType,
    /// The body's name (lexicon canonical, or the long form).
    pub resolved: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_prefixed_by_their_table_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &r in Rule::ALL {
            let id = r.as_str();
            assert!(seen.insert(id), "{id} twice");
            let (table, name) = id.split_once('.').expect("table.name");
            assert!(
                ["date", "troops", "acronym", "bodies", "identifier"].contains(&table),
                "{id}"
            );
            assert!(!name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert_eq!(Rule::parse(id), Some(r));
        }
        assert_eq!(Rule::parse("date.nothing"), None);
    }

    #[test]
    fn enums_are_written_as_their_csv_names() {
        assert_eq!(Qualifier::AtLeast.as_str(), "at_least");
        assert_eq!(Granularity::Half.to_string(), "half");
        assert_eq!(DocDateSource::User.as_str(), "user");
        // Variants sort as their names do (tables sort by them).
        let mut q = [
            Qualifier::Range,
            Qualifier::Exact,
            Qualifier::Approx,
            Qualifier::AtMost,
            Qualifier::AtLeast,
        ];
        q.sort();
        let names: Vec<_> = q.iter().map(|x| x.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }
}
