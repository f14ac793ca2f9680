//! The output contract: one serde struct per CSV table, or per column group.
//!
//! Fact tables are written as `(Head, Columns, Tail)` tuples: `Head` holds
//! the provenance every fact row shares (id, doc, byte and char offsets,
//! line, column), the middle struct the table's own columns, and `Tail` the
//! sentence number, producing rule and context. The csv crate writes the
//! three as one record, headers included.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use sourcefacts_extract::model::{DocDateSource, Granularity, Qualifier, Rule, SubjectLink};
use sourcefacts_extract::textview::TextView;

/// Where a section starts, in the whole document's coordinates.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Byte offset in the file (a UTF-8 BOM included).
    pub byte: usize,
    /// Characters of the text before it.
    pub char: usize,
    /// Lines before it (newlines before its first byte).
    pub line: usize,
    /// Characters between the start of its first line and its first byte
    /// (0 unless it was cut inside a line).
    pub col: usize,
    /// Sentences before it.
    pub sentence: usize,
}

/// Provenance columns at the front of every fact row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Head {
    /// Stable id: a hash of doc, table, start and end.
    pub fact_id: FactId,
    /// Document path relative to the corpus folder (one string shared
    /// by all of a document's rows).
    pub doc: Arc<str>,
    /// Byte offset of the first byte (see documents.csv `offsets`).
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Start in Unicode scalar values of the decoded text (BOM excluded).
    pub char_start: usize,
    /// End in Unicode scalar values.
    pub char_end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

/// Columns at the end of every fact row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tail {
    /// 1-based index of the sentence holding the fact.
    pub sentence: usize,
    /// The extractor rule that produced the row.
    pub rule: Rule,
    /// The containing sentence, whitespace collapsed, at most 300 chars
    /// (one string shared by the rows of a sentence).
    pub context: Arc<str>,
}

/// dates.csv columns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DateCols {
    /// The expression exactly as written.
    pub text: String,
    /// TIMEX3-style value.
    pub value: String,
    /// How precise the value is.
    pub granularity: Granularity,
    /// What a relative expression was resolved against.
    pub anchor_value: String,
    /// fact_id of the anchoring date row, when the anchor is in the text.
    pub anchor_fact_id: String,
    /// What the date is the date of (a body or event), when the text says.
    pub subject: String,
    /// The subject's type: a body type, `event`, or empty.
    #[serde(deserialize_with = "intern")]
    pub subject_type: Sym,
    /// How the text links the date to its subject (`modifier`,
    /// `parenthesis`, `founding`, `preposition`, `sentence`, `anniversary`).
    pub subject_link: SubjectLink,
}

/// troops.csv columns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TroopCols {
    /// The figure exactly as written.
    pub text: String,
    /// The count (low end of a range).
    pub value: u64,
    /// High end of a range.
    pub value_high: Option<u64>,
    /// exact|approx|at_least|at_most|range.
    pub qualifier: Qualifier,
    /// Personnel noun, lower-cased.
    pub unit: String,
    /// Whose personnel.
    pub force: String,
    /// Where.
    pub location: String,
    /// Governing date value.
    pub as_of: String,
}

/// acronyms.csv columns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AcronymCols {
    /// The short form as written (start/end span it).
    pub short: String,
    /// The long form as written.
    pub long: String,
    /// Byte offset of the long form's start.
    pub long_start: usize,
    /// Byte offset of the long form's end.
    pub long_end: usize,
}

/// identifiers.csv columns: numbers a document gives itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdentifierCols {
    /// The mention as written.
    pub text: String,
    /// The number (`2025-27(S)`).
    pub value: String,
    /// The series, when named (`Asan Issue Brief`).
    pub series: String,
}

/// bodies.csv columns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BodyCols {
    /// The mention exactly as written.
    pub text: String,
    /// org|gov|military|group|installation|agreement|exercise.
    #[serde(rename = "type")]
    #[serde(deserialize_with = "intern")]
    pub kind: Sym,
    /// Corpus-wide entity id (see entities.csv).
    pub entity_id: String,
    /// The entity's canonical name.
    pub canonical: String,
    /// How the mention was linked to its entity.
    pub method: String,
}

/// A fact row: provenance, table columns, tail.
pub type Row<C> = (Head, C, Tail);

/// The column names of a row type, for the header of an empty table.
/// A unit test checks each list against what serde writes.
pub trait Columns {
    /// Column names in order.
    fn header() -> Vec<&'static str>;
}

macro_rules! columns {
    ($($t:ty => [$($c:literal),* $(,)?]),* $(,)?) => {
        $(impl Columns for $t {
            fn header() -> Vec<&'static str> {
                vec![$($c),*]
            }
        })*
    };
}

columns! {
    Head => ["fact_id", "doc", "start", "end", "char_start", "char_end", "line", "col"],
    Tail => ["sentence", "rule", "context"],
    DateCols => ["text", "value", "granularity", "anchor_value", "anchor_fact_id", "subject", "subject_type", "subject_link"],
    IdentifierCols => ["text", "value", "series"],
    TroopCols => ["text", "value", "value_high", "qualifier", "unit", "force", "location", "as_of"],
    AcronymCols => ["short", "long", "long_start", "long_end"],
    BodyCols => ["text", "type", "entity_id", "canonical", "method"],
    DocumentRow => ["doc", "path", "bytes", "sha256", "encoding", "offsets", "line_endings",
        "status", "reason", "doc_date", "doc_date_source", "dates", "troops", "acronyms", "bodies",
        "identifiers", "title", "source_url"],
    EntityRow => ["entity_id", "type", "canonical", "short", "variants", "docs", "mentions", "method", "nation"],
}

impl<C: Columns> Columns for (Head, C, Tail) {
    fn header() -> Vec<&'static str> {
        let mut h = Head::header();
        h.extend(C::header());
        h.extend(Tail::header());
        h
    }
}

/// documents.csv row.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DocumentRow {
    /// Path relative to the corpus folder.
    pub doc: String,
    /// Path as reached from the working folder.
    pub path: String,
    /// File size.
    pub bytes: u64,
    /// SHA-256 of the file bytes.
    pub sha256: String,
    /// Encoding the text was decoded from.
    pub encoding: String,
    /// What offsets count: file-bytes or decoded-utf8.
    pub offsets: String,
    /// lf|crlf|cr|mixed.
    pub line_endings: String,
    /// ok|empty|skipped|ignored.
    #[serde(deserialize_with = "intern")]
    pub status: Sym,
    /// Why skipped or ignored, or decoding notes.
    pub reason: String,
    /// The document's own date.
    pub doc_date: String,
    /// header|user, or empty.
    pub doc_date_source: Option<DocDateSource>,
    /// Facts found, per table.
    pub dates: usize,
    /// Troop figures found.
    pub troops: usize,
    /// Acronym definitions found.
    pub acronyms: usize,
    /// Body mentions found.
    pub bodies: usize,
    /// Identifiers the document gives itself.
    pub identifiers: usize,
    /// Its title, from its front matter.
    pub title: String,
    /// Where it was published, from its front matter (`source_url`,
    /// `permalink`).
    pub source_url: String,
}

/// entities.csv row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityRow {
    /// Entity id, as in bodies.csv.
    pub entity_id: String,
    /// Most common type of its mentions.
    #[serde(rename = "type")]
    #[serde(deserialize_with = "intern")]
    pub kind: Sym,
    /// Canonical name.
    pub canonical: String,
    /// Most common short form, if any.
    pub short: String,
    /// Every distinct surface form, ` | `-separated.
    pub variants: String,
    /// Documents naming it, `;`-separated.
    pub docs: String,
    /// Number of mentions.
    pub mentions: usize,
    /// How mentions were linked (`;`-separated methods).
    pub method: String,
    /// The country whose body it is (`/`-joined for a bilateral body),
    /// empty when no document says.
    #[serde(default)]
    pub nation: String,
}

/// Spreadsheet safety: a text cell that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return can run as a formula when the CSV is opened in
/// Excel or LibreOffice. Following the OWASP guidance on CSV injection,
/// such a cell gets a leading apostrophe, which spreadsheets read as "this
/// is text". Offsets still point at the original bytes: the cell is the
/// original text with one apostrophe in front. `--raw-csv` turns this off.
pub trait SafeCells {
    /// Neutralizes every text cell of the row in place.
    fn neutralize(&mut self);
    /// True when no text cell needs neutralizing: the row is written as
    /// it is, without a neutralized copy.
    fn is_safe(&self) -> bool;
}

/// True for a cell a spreadsheet could run (see [`SafeCells`]).
pub fn is_formula_like(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Neutralizes one cell (see [`SafeCells`]).
pub fn neutralize_cell(cell: &mut String) {
    if is_formula_like(cell) {
        cell.insert(0, '\'');
    }
}

/// [`neutralize_cell`] for a cell shared by several rows: a cell that
/// needs it gets its own neutralized copy.
pub fn neutralize_shared(cell: &mut Arc<str>) {
    if is_formula_like(cell) {
        *cell = format!("'{cell}").into();
    }
}

/// Implements [`SafeCells`] for row types by listing their text columns.
macro_rules! safe_cells {
    ($($t:ty => [$($f:ident),* $(,)?]),* $(,)?) => {
        $(impl $crate::rows::SafeCells for $t {
            fn neutralize(&mut self) {
                $($crate::rows::neutralize_cell(&mut self.$f);)*
            }
            fn is_safe(&self) -> bool {
                true $(&& !$crate::rows::is_formula_like(&self.$f))*
            }
        })*
    };
}
pub(crate) use safe_cells;

impl SafeCells for Head {
    fn neutralize(&mut self) {
        neutralize_shared(&mut self.doc);
    }
    fn is_safe(&self) -> bool {
        !is_formula_like(&self.doc)
    }
}

impl SafeCells for Tail {
    fn neutralize(&mut self) {
        neutralize_shared(&mut self.context);
    }
    fn is_safe(&self) -> bool {
        !is_formula_like(&self.context)
    }
}

safe_cells! {
    DateCols => [text, value, anchor_value, subject],
    TroopCols => [text, unit, force, location, as_of],
    AcronymCols => [short, long],
    BodyCols => [text, canonical],
    IdentifierCols => [text, value, series],
    DocumentRow => [doc, path, reason, title, source_url],
    EntityRow => [canonical, short, variants, docs],
}

impl<C: SafeCells> SafeCells for (Head, C, Tail) {
    fn neutralize(&mut self) {
        self.0.neutralize();
        self.1.neutralize();
        self.2.neutralize();
    }
    fn is_safe(&self) -> bool {
        self.0.is_safe() && self.1.is_safe() && self.2.is_safe()
    }
}

/// A value from a small closed set (rule names, granularities, types),
/// written as an alias so serde does not take `&'static str` fields for
/// borrowed data; [`intern`] reads them back.
pub type Sym = &'static str;

/// Reads a string into the `&'static str` fields of rows (rule names,
/// granularities, qualifiers, types, statuses: a small closed set), so
/// cached rows read back are the same values fresh rows hold. Each distinct
/// value is allocated once for the life of the process.
pub fn intern<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let s = String::deserialize(d)?;
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(v) = seen.get(s.as_str()) {
        return Ok(v);
    }
    let v: &'static str = Box::leak(s.into_boxed_str());
    seen.insert(v);
    Ok(v)
}

/// A stable fact id: `F` and 16 hex digits of SHA-256 over doc, table and
/// span. The letter keeps spreadsheets from reading an id as a number
/// (`4860067148016004` rounded, `67077993401013e8` as 6.7E+21), as the
/// `E` of entity ids does.
pub fn fact_id(doc: &str, table: &str, start: usize, end: usize) -> FactId {
    fact_id_after(id_prefix(doc, table), start, end)
}

/// Bytes of a fact id: `F` and 16 hex digits.
const FACT_ID_LEN: usize = 17;

/// A fact id held in place: every row has one, and as a `String` it was
/// an allocation per row. Empty by default (rows of tests); otherwise
/// what [`fact_id`] makes, or what a cache file held.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct FactId(heapless::String<FACT_ID_LEN>);

impl FactId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl std::fmt::Debug for FactId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for FactId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<&str> for FactId {
    type Error = String;
    /// Any text of at most 17 bytes (a cache written by this version
    /// holds only ids [`fact_id`] made).
    fn try_from(s: &str) -> Result<Self, String> {
        let mut id = FactId::default();
        id.0.push_str(s)
            .map_err(|()| format!("not a fact id: {s:?}"))?;
        Ok(id)
    }
}

impl Serialize for FactId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FactId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        FactId::try_from(&*s).map_err(serde::de::Error::custom)
    }
}

/// The hash state after a fact id's document and table: the part of the
/// input all of one table's rows of a document share.
fn id_prefix(doc: &str, table: &str) -> Sha256 {
    let mut h = Sha256::new();
    h.update(doc.as_bytes());
    h.update([0]);
    h.update(table.as_bytes());
    h.update([0]);
    h
}

/// [`fact_id`] from its [`id_prefix`].
fn fact_id_after(mut h: Sha256, start: usize, end: usize) -> FactId {
    use sourcefacts_extract::HEX_DIGITS as DIGITS;
    h.update(start.to_le_bytes());
    h.update(end.to_le_bytes());
    let mut id = FactId::default();
    // 17 bytes, the capacity: no push can fail.
    let _ = id.0.push('F');
    for &b in &h.finalize()[..8] {
        let _ = id.0.push(char::from(DIGITS[usize::from(b >> 4)]));
        let _ = id.0.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    id
}

/// Builds the provenance of normalized spans of one document.
pub struct Provenance<'v, 'a> {
    view: &'v TextView<'a>,
    doc: Arc<str>,
    /// Where the view's text starts in the document (a BOM, a section).
    origin: Origin,
    /// Context cells already built, by sentence index (many facts share
    /// one).
    contexts: std::cell::RefCell<Vec<Option<Arc<str>>>>,
    /// The buffer each context cell is collapsed into before its shared
    /// copy is made: one allocation per cell, not two.
    scratch: std::cell::RefCell<String>,
    /// Fact-id hash states after this document and a table, by table: a
    /// document's name is most of an id's input, hashed once per table.
    id_prefixes: std::cell::RefCell<Vec<(&'static str, Sha256)>>,
}

impl<'v, 'a> Provenance<'v, 'a> {
    /// Provenance for `view` of document `doc` whose raw offsets shift by
    /// `base` bytes (a BOM).
    pub fn new(view: &'v TextView<'a>, doc: &'v str, base: usize) -> Self {
        let origin = Origin {
            byte: base,
            ..Origin::default()
        };
        Self::of_section(view, doc, origin)
    }

    /// Provenance for `view` of one section of document `doc`: offsets,
    /// lines, columns and sentence numbers count from the document's start.
    pub fn of_section(view: &'v TextView<'a>, doc: &'v str, origin: Origin) -> Self {
        Provenance {
            view,
            doc: doc.into(),
            origin,
            contexts: std::cell::RefCell::new(vec![None; view.sentences().len() + 1]),
            scratch: Default::default(),
            id_prefixes: Default::default(),
        }
    }

    /// [`fact_id`] of a row of `table` in this document.
    fn fact_id(&self, table: &'static str, start: usize, end: usize) -> FactId {
        let mut prefixes = self.id_prefixes.borrow_mut();
        let k = match prefixes.iter().position(|(t, _)| *t == table) {
            Some(k) => k,
            None => {
                prefixes.push((table, id_prefix(&self.doc, table)));
                prefixes.len() - 1
            }
        };
        fact_id_after(prefixes[k].1.clone(), start, end)
    }

    /// Head and tail for a normalized span, plus the raw text under it.
    pub fn of(
        &self,
        table: &'static str,
        span: std::ops::Range<usize>,
        rule: Rule,
    ) -> (Head, Tail, &'a str) {
        let raw = self.view.to_raw(span.clone());
        let (line, mut col, chars) = self.view.place(raw.clone());
        if line == 1 {
            col += self.origin.col;
        }
        let base = self.origin.byte;
        let head = Head {
            fact_id: self.fact_id(table, base + raw.start, base + raw.end),
            doc: Arc::clone(&self.doc),
            start: base + raw.start,
            end: base + raw.end,
            char_start: self.origin.char + chars.start,
            char_end: self.origin.char + chars.end,
            line: self.origin.line + line,
            col,
        };
        let sentence = self.view.sentence_index(span.start);
        let context = {
            let mut contexts = self.contexts.borrow_mut();
            let slot = &mut contexts[sentence];
            Arc::clone(slot.get_or_insert_with(|| {
                let mut cell = self.scratch.borrow_mut();
                self.view.context_into(span.start, &mut cell);
                Arc::from(cell.as_str())
            }))
        };
        let tail = Tail {
            sentence: self.origin.sentence + sentence + 1,
            rule,
            context,
        };
        (head, tail, &self.view.raw()[raw])
    }

    /// The document's text under a normalized span.
    pub fn raw_text(&self, span: std::ops::Range<usize>) -> &'a str {
        self.view.raw_text(span)
    }

    /// The document's text under a normalized span as a reader sees it:
    /// markup left out (see `TextView::display_text`).
    pub fn display_text(&self, span: std::ops::Range<usize>) -> String {
        self.view.display_text(span)
    }

    /// [`Provenance::display_text`], borrowed where nothing was deleted.
    pub fn display_cow(&self, span: std::ops::Range<usize>) -> std::borrow::Cow<'a, str> {
        self.view.display_cow(span)
    }

    /// Byte offsets (file coordinates) of a normalized span.
    pub fn offsets(&self, span: std::ops::Range<usize>) -> (usize, usize) {
        let raw = self.view.to_raw(span);
        (self.origin.byte + raw.start, self.origin.byte + raw.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serialized_header<T: Serialize>(row: &T) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        out.lines().next().unwrap().to_string()
    }

    fn head() -> Head {
        Head {
            fact_id: FactId::default(),
            doc: "".into(),
            start: 0,
            end: 0,
            char_start: 0,
            char_end: 0,
            line: 1,
            col: 1,
        }
    }

    fn tail() -> Tail {
        Tail {
            sentence: 1,
            rule: Rule::DateYear,
            context: "".into(),
        }
    }

    fn check<T: Serialize + Columns>(row: T) {
        assert_eq!(serialized_header(&row), T::header().join(","));
    }

    #[test]
    fn a_shared_cell_is_neutralized_in_its_own_copy() {
        let doc: Arc<str> = "=cmd.md".into();
        let mut a = Head {
            doc: Arc::clone(&doc),
            ..head()
        };
        let b = Head {
            doc: Arc::clone(&doc),
            ..head()
        };
        assert!(!a.is_safe());
        a.neutralize();
        assert_eq!(&*a.doc, "'=cmd.md");
        assert!(a.is_safe());
        // The other row's cell is untouched until its own turn.
        assert_eq!(&*b.doc, "=cmd.md");
        let mut t = Tail {
            context: "+1 more".into(),
            ..tail()
        };
        t.neutralize();
        assert_eq!(&*t.context, "'+1 more");
        let mut plain = Tail {
            context: "Plain.".into(),
            ..tail()
        };
        let before = Arc::clone(&plain.context);
        plain.neutralize();
        assert!(
            Arc::ptr_eq(&before, &plain.context),
            "a safe cell is not copied"
        );
    }

    #[test]
    fn declared_headers_match_serialized_ones() {
        check((
            head(),
            DateCols {
                text: "1953".into(),
                value: "1953".into(),
                granularity: Granularity::Year,
                anchor_value: String::new(),
                anchor_fact_id: String::new(),
                subject: String::new(),
                subject_type: "",
                subject_link: SubjectLink::None,
            },
            tail(),
        ));
        check((
            head(),
            IdentifierCols {
                text: String::new(),
                value: String::new(),
                series: String::new(),
            },
            tail(),
        ));
        check((
            head(),
            TroopCols {
                text: String::new(),
                value: 1,
                value_high: None,
                qualifier: Qualifier::Exact,
                unit: String::new(),
                force: String::new(),
                location: String::new(),
                as_of: String::new(),
            },
            tail(),
        ));
        check((
            head(),
            AcronymCols {
                short: String::new(),
                long: String::new(),
                long_start: 0,
                long_end: 0,
            },
            tail(),
        ));
        check((
            head(),
            BodyCols {
                text: String::new(),
                kind: "org",
                entity_id: String::new(),
                canonical: String::new(),
                method: String::new(),
            },
            tail(),
        ));
        check(EntityRow {
            entity_id: String::new(),
            kind: "org",
            canonical: String::new(),
            short: String::new(),
            variants: String::new(),
            docs: String::new(),
            mentions: 0,
            method: String::new(),
            nation: String::new(),
        });
        check(DocumentRow {
            doc: String::new(),
            path: String::new(),
            bytes: 0,
            sha256: String::new(),
            encoding: String::new(),
            offsets: String::new(),
            line_endings: String::new(),
            status: "ok",
            reason: String::new(),
            doc_date: String::new(),
            doc_date_source: None,
            dates: 0,
            troops: 0,
            acronyms: 0,
            bodies: 0,
            identifiers: 0,
            title: String::new(),
            source_url: String::new(),
        });
    }

    #[test]
    fn formula_like_cells_are_neutralized() {
        for (raw, safe) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("- A shifting posture", "'- A shifting posture"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("28,500 troops", "28,500 troops"),
            ("", ""),
        ] {
            let mut c = raw.to_string();
            neutralize_cell(&mut c);
            assert_eq!(c, safe);
        }
        let mut row = (
            head(),
            AcronymCols {
                short: "=X".into(),
                long: "ok".into(),
                long_start: 0,
                long_end: 0,
            },
            tail(),
        );
        row.neutralize();
        assert_eq!((row.1.short.as_str(), row.1.long.as_str()), ("'=X", "ok"));
    }

    #[test]
    fn fact_ids_are_stable_and_distinct() {
        assert_eq!(
            fact_id("a.txt", "dates", 1, 5),
            fact_id("a.txt", "dates", 1, 5)
        );
        assert_ne!(
            fact_id("a.txt", "dates", 1, 5),
            fact_id("a.txt", "bodies", 1, 5)
        );
        let id = fact_id("a.txt", "dates", 1, 5);
        assert!(
            id.as_str().len() == 17 && id.as_str().starts_with('F'),
            "{id}"
        );
        // The first 8 bytes of SHA-256("a.txt\0dates\0" + 1 and 5 as
        // little-endian u64s), as Python's hashlib gives them: ids are
        // keys users keep, so the recipe must not drift.
        assert_eq!(id.as_str(), "F2b60125e15a7fc7f");
    }

    #[test]
    fn fact_ids_read_back_as_written_and_longer_ones_are_refused() {
        let id = fact_id("a.txt", "dates", 1, 5);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize((&id, 7)).unwrap();
        let bytes = w.into_inner().unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            format!("{id},7\n")
        );
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[..]);
        let (back, n): (FactId, u32) = r.deserialize().next().unwrap().unwrap();
        assert_eq!((&back, n), (&id, 7));
        assert_eq!(FactId::default().as_str(), "");
        assert_eq!(FactId::try_from("").unwrap(), FactId::default());
        assert!(FactId::try_from("F0123456789abcdef0").is_err(), "18 bytes");
        assert_eq!(FactId::try_from("F\u{e9}").unwrap().as_str(), "F\u{e9}");
        assert_eq!(format!("{id:?}"), format!("{:?}", id.as_str()));
    }

    #[test]
    fn provenance_ids_are_the_fact_ids_of_their_rows() {
        let view = TextView::new("Seoul, 2024. USFK and NATO.");
        let p = Provenance::new(&view, "dir/a.txt", 3);
        for (table, span) in [
            ("dates", 7..11),
            ("bodies", 13..17),
            ("dates", 0..5),
            ("bodies", 22..26),
        ] {
            let (head, _, _) = p.of(table, span.clone(), Rule::DateIso);
            assert_eq!(
                head.fact_id,
                fact_id("dir/a.txt", table, span.start + 3, span.end + 3)
            );
        }
    }

    #[test]
    fn char_offsets_count_scalars_across_marks() {
        let text = format!("{}\u{2019}{}x", "a".repeat(5000), "b".repeat(5000));
        let view = TextView::new(&text);
        let chars = |raw: std::ops::Range<usize>| view.place(raw).2;
        let x = text.find('x').unwrap();
        assert_eq!(chars(x..x + 1), 10_001..10_002);
        assert_eq!(chars(5000..5003), 5000..5001);
        assert_eq!(chars(0..x), 0..10_001);
        assert_eq!(view.place(x..x + 1).1, 10_002);
    }
}
