//! Document pages: a document's text as a reader sees it (what
//! normalization deletes as markup is left out, typography kept), with
//! every fact of the tables highlighted by kind and anchored by its fact
//! id, in the manner of displaCy. Offsets stay the tables' own: a page
//! is drawn from the original text, so `#fact-ID` marks exactly the bytes
//! of the row.

use std::collections::BTreeSet;

// Keyed by our own strings and offsets: foldhash, as in the reduce (SipHash
// was 0.15% of a run here).
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::fmt::Write;
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use sourcefacts_extract::textview::deleted_ranges;

use super::html::{self, esc, page_head, PAGE_END};
use super::{
    folder_of, svg, FactRanges, ReportData, CONFLICTS_LISTED, FIGURES_LISTED, MAX_DOC_PAGES,
    TABLE_FILES,
};
use crate::error::{Error, Result};
use crate::write::write_text;

/// A page shows its document's whole text when the document is at most
/// this large (a page a browser opens at once)...
const WHOLE_TEXT_BYTES: u64 = 1024 * 1024;
/// ...and the pages before it, in documents.csv order, have shown less
/// than this in all: the report stays bounded whatever the corpus. Other
/// pages show excerpts.
const WHOLE_TEXT_BUDGET: u64 = 32 * 1024 * 1024;
/// An excerpt is the line around a passage the report links to, cut at
/// a word this many bytes at most before and after the passage.
const EXCERPT_REACH: usize = 600;
/// Excerpts closer than this are shown as one, with the bytes between.
const MIN_GAP: usize = 80;
/// Excerpts one page shows at most: the conflicts' passages first, then
/// the figures', in the report's order.
const MAX_EXCERPTS: usize = 200;

/// Which documents get a page, and its file name.
pub struct Plan {
    /// Page file name per document.
    pub names: HashMap<String, String>,
    /// The documents, in documents.csv order.
    pub docs: Vec<String>,
    /// Their indexes in documents.csv.
    pub indexes: Vec<usize>,
    /// Per document of `docs`, whether its page shows the whole text
    /// (else excerpts).
    pub whole: Vec<bool>,
    /// Per document of `docs`, whether its page shows any text (see
    /// [`shows_text`]); the facts of one that does not are not read.
    pub text: Vec<bool>,
    /// Per document of `docs`, the facts its page needs whole: all of
    /// them (None) for a page with the whole text, else [`Keep`].
    pub keep: Vec<Option<Keep>>,
}

/// The facts an excerpt page needs whole, out of the many its document
/// holds: those starting within reach of a passage the report links to
/// (an excerpt never reaches further, see [`excerpt_windows`]), and those
/// on a conflict's statement (so that a statement with a fact row gets no
/// mark of its own). The others are only counted, for the legend: on a
/// 1 GB corpus, building every fact of 250 excerpt pages cost more than
/// reading them.
#[derive(Debug, Clone, Default)]
pub struct Keep {
    /// Byte ranges (inclusive) of the file, sorted and disjoint.
    reach: Vec<(usize, usize)>,
    /// Spans of the document's conflict statements.
    statements: HashSet<(usize, usize)>,
}

impl Keep {
    fn new(linked: &[(usize, usize)], statements: HashSet<(usize, usize)>) -> Self {
        let mut around: Vec<(usize, usize)> = linked
            .iter()
            .map(|&(s, e)| {
                (
                    s.saturating_sub(EXCERPT_REACH),
                    e.saturating_add(EXCERPT_REACH),
                )
            })
            .collect();
        around.sort_unstable();
        let mut reach: Vec<(usize, usize)> = Vec::with_capacity(around.len());
        for (lo, hi) in around {
            // Merged as excerpts are merged, so a gap an excerpt shows
            // is within reach too.
            match reach.last_mut() {
                Some(last) if lo <= last.1.saturating_add(MIN_GAP) => last.1 = last.1.max(hi),
                _ => reach.push((lo, hi)),
            }
        }
        Keep { reach, statements }
    }

    fn holds(&self, start: usize, end: usize) -> bool {
        let i = self.reach.partition_point(|&(_, hi)| hi < start);
        self.reach.get(i).is_some_and(|&(lo, _)| lo <= start)
            || self.statements.contains(&(start, end))
    }
}

/// Whether a document of `bytes` bytes gets any text on its page: one the
/// run cut into sections (a dump, a concatenated archive) is not held
/// whole here either, nor are its millions of facts read back.
fn shows_text(bytes: u64) -> bool {
    bytes <= crate::sections::Sizes::default().threshold
}

/// What a document page shows of its text.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// All of it.
    Whole,
    /// These byte ranges of the file, in order and disjoint.
    Excerpts(Vec<Range<usize>>),
    /// None (the file could not be read again).
    Nothing,
}

impl Shown {
    /// Whether the bytes `start..end` of the file are on the page.
    pub fn holds(&self, start: usize, end: usize) -> bool {
        match self {
            Shown::Whole => true,
            Shown::Excerpts(windows) => {
                let i = windows.partition_point(|w| w.end < end);
                windows.get(i).is_some_and(|w| w.start <= start)
            }
            Shown::Nothing => false,
        }
    }
}

/// The documents that hold a conflict (first) or a listed figure, at most
/// `MAX_DOC_PAGES`, each with a file name made of its documents.csv index
/// and a readable part of its name.
pub fn plan(d: &ReportData<'_>) -> Plan {
    let index: HashMap<&str, usize> = d
        .documents
        .iter()
        .enumerate()
        .map(|(i, r)| (r.doc.as_str(), i))
        .collect();
    let wanted = d
        .conflicts
        .iter()
        .take(CONFLICTS_LISTED)
        .flat_map(|c| [c.doc_a.as_str(), c.doc_b.as_str()])
        .chain(
            d.figures
                .iter()
                .take(FIGURES_LISTED)
                .map(|f| f.doc.as_str()),
        );
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    for doc in wanted {
        if chosen.len() >= MAX_DOC_PAGES {
            break;
        }
        if let Some(&i) = index.get(doc) {
            chosen.insert(i);
        }
    }
    let docs: Vec<String> = chosen.iter().map(|&i| d.documents[i].doc.clone()).collect();
    let mut budget = WHOLE_TEXT_BUDGET;
    let whole: Vec<bool> = chosen
        .iter()
        .map(|&i| {
            let bytes = d.documents[i].bytes;
            let fits = bytes <= WHOLE_TEXT_BYTES && bytes <= budget;
            if fits {
                budget -= bytes;
            }
            fits
        })
        .collect();
    let text = chosen
        .iter()
        .map(|&i| shows_text(d.documents[i].bytes))
        .collect();
    let linked = linked_spans(d);
    let excerpted: HashSet<&str> = chosen
        .iter()
        .zip(&whole)
        .filter(|(_, &whole)| !whole)
        .map(|(&i, _)| d.documents[i].doc.as_str())
        .collect();
    let statements = statement_spans(d, &excerpted);
    let keep = chosen
        .iter()
        .zip(&whole)
        .map(|(&i, &whole)| {
            let doc = d.documents[i].doc.as_str();
            (!whole).then(|| {
                Keep::new(
                    linked.get(doc).map_or(&[][..], Vec::as_slice),
                    statements.get(doc).cloned().unwrap_or_default(),
                )
            })
        })
        .collect();
    let names = chosen
        .iter()
        .map(|&i| {
            (
                d.documents[i].doc.clone(),
                page_name(i, &d.documents[i].doc),
            )
        })
        .collect();
    Plan {
        names,
        docs,
        indexes: chosen.into_iter().collect(),
        whole,
        text,
        keep,
    }
}

/// The spans of the conflict statements (of all conflicts, listed or
/// not) in each of `docs`.
fn statement_spans<'d>(
    d: &'d ReportData<'_>,
    docs: &HashSet<&str>,
) -> HashMap<&'d str, HashSet<(usize, usize)>> {
    let mut out: HashMap<&str, HashSet<(usize, usize)>> = HashMap::new();
    let sides = d.conflicts.iter().flat_map(|c| {
        [
            (c.doc_a.as_str(), c.start_a, c.end_a),
            (c.doc_b.as_str(), c.start_b, c.end_b),
        ]
    });
    for (doc, s, e) in sides.filter(|(doc, _, _)| docs.contains(doc)) {
        out.entry(doc).or_default().insert((s, e));
    }
    out
}

/// `00042-fact-sheet-on-x.html`: the index keeps names unique and in
/// corpus order, the stem (safe characters only, cut short) says which.
fn page_name(index: usize, doc: &str) -> String {
    let stem = doc.rsplit('/').next().unwrap_or(doc);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(48)
        .collect();
    format!("{index:05}-{safe}.html")
}

/// What a highlighted fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    Date,
    Troops,
    Acronym,
    Body,
    Identifier,
    /// A conflict's statement that is no fact row (its span is shown).
    Statement,
}

impl FactKind {
    fn class(self) -> &'static str {
        match self {
            FactKind::Date => "date",
            FactKind::Troops => "troops",
            FactKind::Acronym => "acronym",
            FactKind::Body => "body",
            FactKind::Identifier => "identifier",
            FactKind::Statement => "statement",
        }
    }
}

/// One fact of a document page.
#[derive(Debug, Clone)]
pub struct PageFact {
    pub kind: FactKind,
    pub id: String,
    pub start: usize,
    pub end: usize,
    /// What the fact says, for the tooltip (`2023-04-26`, `gov: ...`).
    pub label: String,
}

/// The facts of the paged documents, per document.
#[derive(Default)]
pub struct Facts {
    /// The facts a page needs (see [`Keep`]).
    pub by_doc: HashMap<String, Vec<PageFact>>,
    /// Every fact of a document's tables counted, per table read.
    pub tallies: HashMap<String, Vec<Tally>>,
}

/// The facts of one kind in a document: how many, and the span of the
/// first in a page's order (by start, the longest first, then row order),
/// which places the kind in the page's legend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tally {
    pub kind: FactKind,
    pub count: usize,
    pub first: (usize, usize),
}

impl Tally {
    fn add(tally: &mut Option<Tally>, kind: FactKind, start: usize, end: usize) {
        match tally {
            None => {
                *tally = Some(Tally {
                    kind,
                    count: 1,
                    first: (start, end),
                })
            }
            Some(t) => {
                t.count += 1;
                let (s, e) = t.first;
                if start < s || (start == s && end > e) {
                    t.first = (start, end);
                }
            }
        }
    }
}

/// A fact table and the columns that make a fact's label.
struct Table {
    file: &'static str,
    kind: FactKind,
    label: &'static [&'static str],
}

const TABLES: [Table; 5] = [
    Table {
        file: TABLE_FILES[0],
        kind: FactKind::Date,
        label: &["value", "subject"],
    },
    Table {
        file: TABLE_FILES[1],
        kind: FactKind::Troops,
        label: &["value", "qualifier", "force", "location", "as_of"],
    },
    Table {
        file: TABLE_FILES[2],
        kind: FactKind::Acronym,
        label: &["long"],
    },
    Table {
        file: TABLE_FILES[3],
        kind: FactKind::Body,
        label: &["type", "canonical"],
    },
    Table {
        file: TABLE_FILES[4],
        kind: FactKind::Identifier,
        label: &["value"],
    },
];

/// Reads the rows of the paged documents from the fact tables `wanted`
/// picks (by index in [`TABLE_FILES`]) in `dir`: only each document's own
/// byte range of a table (`ranges`, per documents.csv index), not the
/// table whole, one range per task on the pool (bodies.csv alone holds
/// most of the rows). A run reads the tables that are complete while the
/// bodies table is still being written, and that one after
/// ([`Facts::from_lists`] puts the parts together).
pub fn read_tables(
    dir: &Path,
    plan: &Plan,
    ranges: &[FactRanges],
    wanted: impl Fn(usize) -> bool,
) -> Result<FactLists> {
    type Job<'p> = (usize, &'p str, Option<&'p Keep>, std::ops::Range<u64>);
    let jobs: Vec<Job<'_>> = (0..TABLES.len())
        .filter(|&t| wanted(t))
        .flat_map(|t| {
            plan.indexes
                .iter()
                .zip(&plan.docs)
                .zip(plan.text.iter().zip(&plan.keep))
                .filter(|(_, (&text, _))| text)
                .filter_map(move |((&i, doc), (_, keep))| {
                    Some((t, doc.as_str(), keep.as_ref(), ranges.get(i)?[t].clone()))
                })
        })
        .filter(|(_, _, _, r)| !r.is_empty())
        .collect();
    // The columns of each table read from, once (a CSV reader is costly
    // to build, and there are five tables per page).
    let mut columns: Vec<Option<Columns>> = Vec::new();
    for (t, table) in TABLES.iter().enumerate() {
        let used = jobs.iter().any(|(j, _, _, _)| *j == t);
        columns.push(if used {
            Columns::of(&dir.join(table.file), table)?
        } else {
            None
        });
    }
    let lists = jobs
        .par_iter()
        .filter_map(|(t, doc, keep, range)| Some((t, columns[*t].as_ref()?, doc, keep, range)))
        .map(|(t, cols, doc, keep, range)| {
            let (facts, tally) = read_table(
                &dir.join(TABLES[*t].file),
                &TABLES[*t],
                cols,
                (doc, *keep),
                range.clone(),
            )?;
            Ok((*t, doc.to_string(), facts, tally))
        })
        .collect::<Result<_>>()?;
    Ok(FactLists(lists))
}

/// Facts read from some of the tables: per (table, document) in table
/// order, then plan order, with the tally of the document's rows there.
pub struct FactLists(Vec<(usize, String, Vec<PageFact>, Option<Tally>)>);

impl Facts {
    /// The facts of `parts` per document, in table order and, within a
    /// table, row order, whichever part read them: the order the pages
    /// break ties in.
    pub fn from_lists(parts: Vec<FactLists>) -> Facts {
        let mut lists: Vec<(usize, String, Vec<PageFact>, Option<Tally>)> =
            parts.into_iter().flat_map(|p| p.0).collect();
        // Stable: each part holds its tables in plan order already.
        lists.sort_by_key(|(t, _, _, _)| *t);
        let mut facts = Facts::default();
        for (_, doc, list, tally) in lists {
            facts.tallies.entry(doc.clone()).or_default().extend(tally);
            facts.by_doc.entry(doc).or_default().extend(list);
        }
        facts
    }
}

/// Where a fact table keeps the cells a page needs.
struct Columns {
    id: usize,
    doc: usize,
    start: usize,
    end: usize,
    labels: Vec<usize>,
}

impl Columns {
    /// The columns of table `t` at `path`, from its header; None when one
    /// is missing.
    fn of(path: &Path, t: &Table) -> Result<Option<Columns>> {
        let io_err = |source: std::io::Error| Error::Output {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io_err)?;
        let headers = csv::Reader::from_reader(file)
            .byte_headers()
            .map_err(|e| io_err(std::io::Error::other(e.to_string())))?
            .clone();
        let col = |name: &str| headers.iter().position(|h| h == name.as_bytes());
        let (Some(id), Some(doc), Some(start), Some(end)) =
            (col("fact_id"), col("doc"), col("start"), col("end"))
        else {
            return Ok(None);
        };
        let labels = t.label.iter().filter_map(|n| col(n)).collect();
        Ok(Some(Columns {
            id,
            doc,
            start,
            end,
            labels,
        }))
    }
}

/// The rows of `path` in `range` (document `doc`'s rows): those `keep`
/// holds (all without one) as page facts, and the tally of all.
fn read_table(
    path: &Path,
    t: &Table,
    cols: &Columns,
    (doc, keep): (&str, Option<&Keep>),
    range: std::ops::Range<u64>,
) -> Result<(Vec<PageFact>, Option<Tally>)> {
    use std::io::{Read, Seek, SeekFrom};
    let io_err = |source: std::io::Error| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    let mut file = std::fs::File::open(path).map_err(io_err)?;
    let Columns {
        id,
        doc: doc_col,
        start,
        end,
        ref labels,
    } = *cols;
    file.seek(SeekFrom::Start(range.start)).map_err(io_err)?;
    let mut bytes = vec![0; (range.end - range.start) as usize];
    file.read_exact(&mut bytes).map_err(io_err)?;
    let mut recs = crate::record::Records::new(&bytes);
    let mut cells = Vec::new();
    let mut tally = None;
    let text = |v: Option<std::borrow::Cow<'_, [u8]>>| {
        v.map_or_else(String::new, |v| String::from_utf8_lossy(&v).into_owned())
    };
    let num = |v: Option<std::borrow::Cow<'_, [u8]>>| {
        std::str::from_utf8(&v?).ok()?.parse::<usize>().ok()
    };
    while recs.next_into(&mut cells) {
        let cell = |i: usize| cells.get(i).map(|r| recs.cell(r.clone()));
        // The range holds this document's rows and no other's.
        if cell(doc_col).as_deref() != Some(doc.as_bytes()) {
            continue;
        }
        let (Some(s), Some(e)) = (num(cell(start)), num(cell(end))) else {
            continue;
        };
        Tally::add(&mut tally, t.kind, s, e);
        if keep.is_some_and(|k| !k.holds(s, e)) {
            continue;
        }
        let label: Vec<String> = labels
            .iter()
            .map(|&i| text(cell(i)))
            .filter(|v| !v.is_empty())
            .collect();
        out.push(PageFact {
            kind: t.kind,
            id: text(cell(id)),
            start: s,
            end: e,
            label: format!("{}: {}", t.kind.class(), label.join(" · ")),
        });
    }
    Ok((out, tally))
}

/// Writes one page per planned document into `dir`, in parallel, and
/// says what each page shows of its text (so links go only to passages
/// that are there).
pub fn write_doc_pages(
    dir: &Path,
    d: &ReportData<'_>,
    plan: &Plan,
    facts: &Facts,
) -> Result<HashMap<String, Shown>> {
    let rows: HashMap<&str, &crate::rows::DocumentRow> =
        d.documents.iter().map(|r| (r.doc.as_str(), r)).collect();
    // Each document's conflicts (indexes into the sorted list), found once.
    let mut conflicts: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in d.conflicts.iter().enumerate() {
        conflicts.entry(c.doc_a.as_str()).or_default().push(i);
        if c.doc_b != c.doc_a {
            conflicts.entry(c.doc_b.as_str()).or_default().push(i);
        }
    }
    let linked = linked_spans(d);
    let shown = plan
        .docs
        .par_iter()
        .zip(&plan.whole)
        .map(|(doc, &whole)| {
            let Some(row) = rows.get(doc.as_str()) else {
                return Ok(None);
            };
            let here = conflicts.get(doc.as_str()).map_or(&[][..], Vec::as_slice);
            let mut list = facts.by_doc.get(doc).cloned().unwrap_or_default();
            add_statements(d, doc, here, &mut list);
            let wanted = if whole {
                None
            } else {
                Some(linked.get(doc.as_str()).map_or(&[][..], Vec::as_slice))
            };
            let tallies = facts.tallies.get(doc).map_or(&[][..], Vec::as_slice);
            let (page, shown) = doc_page(d, row, here, (list, tallies), wanted);
            write_text(dir, &plan.names[doc], &page)?;
            Ok(Some((doc.clone(), shown)))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(shown.into_iter().flatten().collect())
}

/// The spans of each document the report links to, conflicts' passages
/// (in the list's order) before figures' (in theirs).
fn linked_spans<'d>(d: &'d ReportData<'_>) -> HashMap<&'d str, Vec<(usize, usize)>> {
    let mut out: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let sides = d.conflicts.iter().take(CONFLICTS_LISTED).flat_map(|c| {
        [
            (c.doc_a.as_str(), c.start_a, c.end_a),
            (c.doc_b.as_str(), c.start_b, c.end_b),
        ]
    });
    let figures = d.figures.iter().map(|f| (f.doc.as_str(), f.start, f.end));
    for (doc, s, e) in sides.chain(figures) {
        let spans = out.entry(doc).or_default();
        if !spans.contains(&(s, e)) {
            spans.push((s, e));
        }
    }
    out
}

/// Conflict statements whose span is no fact row get a mark of their own,
/// so every conflict side has a place to link to.
fn add_statements(d: &ReportData<'_>, doc: &str, here: &[usize], list: &mut Vec<PageFact>) {
    let known: HashSet<(usize, usize)> = list.iter().map(|f| (f.start, f.end)).collect();
    let sides = here.iter().map(|&i| &d.conflicts[i]).flat_map(|c| {
        [
            (&c.doc_a, c.start_a, c.end_a, &c.value_a),
            (&c.doc_b, c.start_b, c.end_b, &c.value_b),
        ]
    });
    let mut seen = HashSet::new();
    for (cdoc, s, e, value) in sides {
        if cdoc == doc && !known.contains(&(s, e)) && seen.insert((s, e)) {
            list.push(PageFact {
                kind: FactKind::Statement,
                id: format!("at-{s}-{e}"),
                start: s,
                end: e,
                label: format!("statement: {value}"),
            });
        }
    }
}

/// The document's text, decoded as the run decoded it, or why not shown
/// (see [`shows_text`]).
fn load_text(row: &crate::rows::DocumentRow) -> std::result::Result<(String, usize), String> {
    if !shows_text(row.bytes) {
        return Err(format!(
            "The text is not shown: the document is {} MB; the tables hold its facts.",
            row.bytes / 1_000_000
        ));
    }
    let bytes = std::fs::read(&row.path).map_err(|e| format!("{}: {e}", row.path))?;
    let (doc, _, _) = crate::ingest::decode(bytes)?;
    Ok((doc.text, doc.base))
}

/// One document page, and what it shows of the text: the whole text, or
/// (`excerpts`: the spans the report links to, most wanted first) the
/// lines around those spans.
fn doc_page(
    d: &ReportData<'_>,
    row: &crate::rows::DocumentRow,
    here: &[usize],
    (mut facts, tallies): (Vec<PageFact>, &[Tally]),
    excerpts: Option<&[(usize, usize)]>,
) -> (String, Shown) {
    facts.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let title = if row.title.is_empty() {
        row.doc.as_str()
    } else {
        row.title.as_str()
    };
    let mut out = page_head(title);
    let _ = writeln!(
        out,
        "<p class=\"nav\"><a href=\"../../report.html\">report</a> · <a href=\"../conflicts.html\">all conflicts</a> · <a href=\"../figures.html\">all figures</a></p>"
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(title));
    let _ = writeln!(
        out,
        "<p class=\"prov\">{} · folder {} · dated {} · {} bytes</p>",
        esc(&row.doc),
        esc(folder_of(&row.doc)),
        esc(if row.doc_date.is_empty() {
            "-"
        } else {
            &row.doc_date
        }),
        row.bytes
    );
    let mut counts: Vec<(FactKind, usize)> = Vec::new();
    if !shows_text(row.bytes) {
        // Its facts were not read: documents.csv counts them.
        let tables = [
            (FactKind::Date, row.dates),
            (FactKind::Troops, row.troops),
            (FactKind::Acronym, row.acronyms),
            (FactKind::Body, row.bodies),
            (FactKind::Identifier, row.identifiers),
        ];
        counts.extend(tables.into_iter().filter(|(_, n)| *n > 0));
        // No table was read: the facts are the conflict statements.
        counts.extend(legend(&[], &facts));
    } else {
        counts = legend(tallies, &facts);
    }
    let _ = write!(out, "<p class=\"legend\">");
    for (k, n) in &counts {
        let _ = write!(
            out,
            "<mark class=\"k-{}\">{} {n}</mark> ",
            k.class(),
            k.class()
        );
    }
    let _ = writeln!(out, "</p>");
    conflicts_here(&mut out, d, here);
    let text = load_text(row);
    let shown = match (&text, excerpts) {
        (Err(_), _) => Shown::Nothing,
        (Ok(_), None) => Shown::Whole,
        (Ok((text, base)), Some(spans)) => Shown::Excerpts(
            excerpt_windows(text, *base, spans)
                .into_iter()
                .map(|w| w.start + base..w.end + base)
                .collect(),
        ),
    };
    let dated: Vec<(&str, &str)> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Date && shown.holds(f.start, f.end))
        .map(|f| (f.label.trim_start_matches("date: "), f.id.as_str()))
        .collect();
    if let Some(strip) = svg::date_strip(&dated, &row.doc_date) {
        let _ = writeln!(out, "<h2>Dated facts</h2>{strip}");
    }
    let _ = writeln!(out, "<h2>Text</h2>");
    match (&text, &shown) {
        (Ok((text, base)), Shown::Whole) => {
            let all = 0..text.len();
            let _ = writeln!(
                out,
                "<pre class=\"doc\">{}</pre>",
                marked_text(text, *base, &facts, std::slice::from_ref(&all))
            );
        }
        (Ok((text, base)), Shown::Excerpts(windows)) => {
            let local: Vec<Range<usize>> = windows
                .iter()
                .map(|w| w.start - base..w.end - base)
                .collect();
            let kept: usize = local.iter().map(|w| w.len()).sum();
            let _ = writeln!(
                out,
                "<p class=\"prov\">Excerpts: the lines around the passages the report links to ({kept} of {} bytes). The tables hold every fact of the document.</p>",
                text.len()
            );
            let _ = writeln!(
                out,
                "<pre class=\"doc\">{}</pre>",
                marked_text(text, *base, &facts, &local)
            );
        }
        (Err(why), _) => {
            let _ = writeln!(out, "<p>{}</p>", esc(why));
        }
        (Ok(_), Shown::Nothing) => {}
    }
    out.push_str(PAGE_END);
    (out, shown)
}

/// Each kind of fact on a page with its count, in the order the kinds
/// first appear in the text: by the first fact of each (by start, the
/// longest first), a tie going to the table read first, statements last.
/// `tallies` counts every row of the tables; `facts` adds the
/// statements.
fn legend(tallies: &[Tally], facts: &[PageFact]) -> Vec<(FactKind, usize)> {
    let mut all = tallies.to_vec();
    let mut statements = None;
    for f in facts.iter().filter(|f| f.kind == FactKind::Statement) {
        Tally::add(&mut statements, f.kind, f.start, f.end);
    }
    all.extend(statements);
    all.sort_by_key(|t| (t.first.0, std::cmp::Reverse(t.first.1), t.kind as u8));
    all.into_iter().map(|t| (t.kind, t.count)).collect()
}

/// The excerpts of `text` around the first [`MAX_EXCERPTS`] of `spans`
/// (file offsets; `base` is where `text` starts in the file), in text
/// offsets, in order and merged: each span's line, cut at a word
/// [`EXCERPT_REACH`] bytes before and after the span when the line is
/// longer.
fn excerpt_windows(text: &str, base: usize, spans: &[(usize, usize)]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut windows: Vec<Range<usize>> = spans
        .iter()
        .filter_map(|&(s, e)| Some((s.checked_sub(base)?, e.checked_sub(base)?)))
        .filter(|&(s, e)| {
            s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
        })
        .take(MAX_EXCERPTS)
        .map(|(s, e)| {
            let line_start = memchr::memrchr(b'\n', &bytes[..s]).map_or(0, |i| i + 1);
            let line_end = memchr::memchr(b'\n', &bytes[e..]).map_or(text.len(), |i| e + i);
            let start = if s - line_start > EXCERPT_REACH {
                // The first word that starts within reach.
                let from = s - EXCERPT_REACH;
                memchr::memchr(b' ', &bytes[from..s]).map_or(s, |i| from + i + 1)
            } else {
                line_start
            };
            let end = if line_end - e > EXCERPT_REACH {
                // The last word that ends within reach.
                let to = e + EXCERPT_REACH;
                memchr::memrchr(b' ', &bytes[e..to]).map_or(e, |i| e + i)
            } else {
                line_end
            };
            start..end
        })
        .collect();
    windows.sort_by_key(|w| (w.start, w.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for w in windows {
        match merged.last_mut() {
            // A gap shorter than its own marker is shown instead.
            Some(last) if w.start <= last.end + MIN_GAP => last.end = last.end.max(w.end),
            _ => merged.push(w),
        }
    }
    merged
}

/// The conflicts this document takes part in, linked to the full list.
/// Only those on the full list link there; the rest are counted.
fn conflicts_here(out: &mut String, d: &ReportData<'_>, here: &[usize]) {
    if here.is_empty() {
        return;
    }
    let listed = here.partition_point(|&i| i < CONFLICTS_LISTED);
    let _ = writeln!(out, "<h2>Conflicts</h2><ul>");
    for &i in &here[..listed] {
        let c = &d.conflicts[i];
        let _ = writeln!(
            out,
            "<li><a href=\"../conflicts.html#c{}\">{}. {}: {}</a> — {}</li>",
            i + 1,
            i + 1,
            super::severity_name(c),
            esc(&c.key),
            esc(&c.reason)
        );
    }
    if listed < here.len() {
        let _ = writeln!(
            out,
            "<li>… {} more, past the full list: conflicts.csv</li>",
            here.len() - listed
        );
    }
    let _ = writeln!(out, "</ul>");
}

/// The text in `windows` (text offsets, in order, disjoint) with facts
/// as nested `<mark>` elements and deleted markup left out; a gap between
/// windows is marked with the bytes it leaves out. Facts are sorted by
/// start, longest first; a fact that runs past the one enclosing it, or
/// past its window, is cut there, so marks always nest.
fn marked_text(text: &str, base: usize, facts: &[PageFact], windows: &[Range<usize>]) -> String {
    let deleted: Vec<Range<usize>> = deleted_ranges(text);
    let shown: usize = windows.iter().map(|w| w.len()).sum();
    let mut w = Writer {
        text,
        deleted: &deleted,
        next_del: 0,
        pos: 0,
        out: String::with_capacity(shown * 2),
        stack: Vec::new(),
    };
    let mut facts = facts
        .iter()
        .filter_map(|f| Some((f, f.start.checked_sub(base)?, f.end.checked_sub(base)?)))
        .peekable();
    for window in windows {
        w.gap(window.start);
        while let Some(&(f, s, e)) = facts.peek() {
            if s >= window.end {
                break;
            }
            facts.next();
            if e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) || s < w.pos
            {
                continue;
            }
            w.advance(s);
            let e = w
                .stack
                .last()
                .map_or(e, |&outer| e.min(outer))
                .min(window.end);
            if e <= s {
                continue;
            }
            let _ = write!(
                w.out,
                "<mark class=\"k-{}\" id=\"{}{}\" title=\"{}\">",
                f.kind.class(),
                if f.kind == FactKind::Statement {
                    ""
                } else {
                    "fact-"
                },
                esc(&f.id),
                esc(&f.label)
            );
            w.stack.push(e);
        }
        w.advance(window.end);
    }
    w.gap(text.len());
    w.out
}

/// Writes the text up to a position, closing the marks that end on the way.
struct Writer<'a> {
    text: &'a str,
    deleted: &'a [Range<usize>],
    next_del: usize,
    pos: usize,
    out: String,
    stack: Vec<usize>,
}

impl Writer<'_> {
    /// Leaves out the text from `pos` to `to` (none when `to` is `pos`),
    /// saying how much.
    fn gap(&mut self, to: usize) {
        if to > self.pos {
            let _ = write!(
                self.out,
                "<span class=\"gap\">[… {} bytes left out …]</span>",
                to - self.pos
            );
            self.pos = to;
        }
    }

    fn advance(&mut self, to: usize) {
        while let Some(&end) = self.stack.last() {
            if end > to {
                break;
            }
            self.emit(end);
            self.out.push_str("</mark>");
            self.stack.pop();
        }
        self.emit(to);
    }

    /// Text from `pos` to `to`, escaped, without the deleted ranges.
    fn emit(&mut self, to: usize) {
        while self.pos < to {
            while self
                .deleted
                .get(self.next_del)
                .is_some_and(|r| r.end <= self.pos)
            {
                self.next_del += 1;
            }
            let (keep_to, skip_to) = match self.deleted.get(self.next_del) {
                Some(r) if r.start <= self.pos => (self.pos, r.end.min(to)),
                Some(r) => (r.start.min(to), r.start.min(to)),
                None => (to, to),
            };
            html::esc_into(&mut self.out, &self.text[self.pos..keep_to]);
            self.pos = skip_to.max(keep_to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(kind: FactKind, id: &str, start: usize, end: usize) -> PageFact {
        PageFact {
            kind,
            id: id.into(),
            start,
            end,
            label: String::new(),
        }
    }

    /// Facts read in two parts (the tables complete early, then bodies)
    /// come out per document in the order one read of all five gives:
    /// table order, then row order, which the pages break ties by.
    #[test]
    fn facts_read_in_parts_keep_the_order_of_one_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut ranges: Vec<FactRanges> = vec![Default::default(); 2];
        for (t, table) in TABLES.iter().enumerate() {
            let mut csv = String::from("fact_id,doc,start,end\n");
            for (i, doc) in ["a.txt", "b.txt"].iter().enumerate() {
                let from = csv.len() as u64;
                // Every table marks the same span, twice per document.
                for k in 0..2 {
                    csv.push_str(&format!("F{t}{i}{k},{doc},3,9\n"));
                }
                ranges[i][t] = from..csv.len() as u64;
            }
            std::fs::write(dir.path().join(table.file), csv).unwrap();
        }
        let plan = Plan {
            names: HashMap::new(),
            docs: vec!["a.txt".into(), "b.txt".into()],
            indexes: vec![0, 1],
            whole: vec![true, true],
            text: vec![true, true],
            keep: vec![None, None],
        };
        let ids = |facts: &Facts, doc: &str| -> Vec<String> {
            facts.by_doc[doc].iter().map(|f| f.id.clone()).collect()
        };
        let whole = Facts::from_lists(vec![
            read_tables(dir.path(), &plan, &ranges, |_| true).unwrap()
        ]);
        let early = read_tables(dir.path(), &plan, &ranges, |t| t != super::super::BODIES).unwrap();
        let late = read_tables(dir.path(), &plan, &ranges, |t| t == super::super::BODIES).unwrap();
        let parts = Facts::from_lists(vec![early, late]);
        for doc in ["a.txt", "b.txt"] {
            assert_eq!(ids(&parts, doc), ids(&whole, doc));
            assert_eq!(ids(&whole, doc).len(), 10);
        }
        assert_eq!(
            ids(&whole, "b.txt")[6..8],
            ["F310", "F311"],
            "bodies before identifiers"
        );
    }

    #[test]
    fn an_excerpt_is_the_line_or_the_words_within_reach() {
        let short = "first line\nthe short line with X in it\nlast line\n";
        let x = short.find('X').unwrap();
        let w = excerpt_windows(short, 0, &[(x, x + 1)]);
        assert_eq!(&short[w[0].clone()], "the short line with X in it");
        // A long line is cut at a word within reach on each side.
        let long = format!("{}Y{}", "word ".repeat(400), " more".repeat(400));
        let y = long.find('Y').unwrap();
        let w = excerpt_windows(&long, 0, &[(y, y + 1)]);
        assert_eq!(w.len(), 1);
        assert!(w[0].start < y && y - w[0].start <= EXCERPT_REACH);
        assert!(w[0].end > y + 1 && w[0].end - (y + 1) <= EXCERPT_REACH);
        assert!(long[w[0].clone()].starts_with("word ") && long[w[0].clone()].ends_with("more"));
        // `base`: spans are file offsets, windows text offsets.
        assert_eq!(excerpt_windows(short, 3, &[(x + 3, x + 4)]), w_of(short, x));
    }

    fn w_of(text: &str, at: usize) -> Vec<Range<usize>> {
        excerpt_windows(text, 0, &[(at, at + 1)])
    }

    #[test]
    fn close_excerpts_merge_and_spans_off_the_text_are_dropped() {
        let text = "alpha A\n\nbeta B\n".to_string() + &"filler\n".repeat(40) + "gamma C\n";
        let (a, b, c) = (
            text.find('A').unwrap(),
            text.find('B').unwrap(),
            text.find('C').unwrap(),
        );
        let spans = [
            (c, c + 1),
            (a, a + 1),
            (b, b + 1),
            (text.len() + 5, text.len() + 6),
        ];
        let w = excerpt_windows(&text, 0, &spans);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(&text[w[0].clone()], "alpha A\n\nbeta B");
        assert_eq!(&text[w[1].clone()], "gamma C");
    }

    #[test]
    fn excerpts_mark_their_facts_and_say_what_they_leave_out() {
        let text = "one two three four five six seven";
        let facts = [
            fact(FactKind::Date, "D1", 4, 7),
            // Starts in the first window, runs past it: cut at its end.
            fact(FactKind::Body, "B1", 8, 18),
            // Outside every window: not shown.
            fact(FactKind::Date, "D2", 19, 23),
            fact(FactKind::Troops, "T1", 24, 27),
        ];
        let html = marked_text(text, 0, &facts, &[4..13, 24..33]);
        assert_eq!(
            html,
            "<span class=\"gap\">[… 4 bytes left out …]</span>\
             <mark class=\"k-date\" id=\"fact-D1\" title=\"\">two</mark> \
             <mark class=\"k-body\" id=\"fact-B1\" title=\"\">three</mark>\
             <span class=\"gap\">[… 11 bytes left out …]</span>\
             <mark class=\"k-troops\" id=\"fact-T1\" title=\"\">six</mark> seven"
        );
        // The whole text as one window: no gap.
        let all = marked_text(text, 0, &facts[..1], std::slice::from_ref(&(0..text.len())));
        assert!(!all.contains("gap") && all.starts_with("one <mark"));
    }

    #[test]
    fn a_page_holds_a_span_when_one_excerpt_holds_it_whole() {
        let shown = Shown::Excerpts(vec![10..20, 30..40]);
        assert!(shown.holds(10, 20) && shown.holds(32, 35));
        assert!(!shown.holds(15, 25) && !shown.holds(20, 30) && !shown.holds(0, 5));
        assert!(Shown::Whole.holds(0, 1_000_000) && !Shown::Nothing.holds(0, 1));
    }

    #[test]
    fn an_excerpt_page_keeps_facts_within_reach_and_on_statements() {
        let statements: HashSet<_> = [(9_000, 9_010)].into_iter().collect();
        let keep = Keep::new(&[(1_000, 1_010), (1_700, 1_705)], statements);
        // Within reach of a passage, or in the gap two merged excerpts show.
        assert!(keep.holds(1_000 - EXCERPT_REACH, 1_000));
        assert!(keep.holds(1_610, 1_620));
        assert!(keep.holds(1_705 + EXCERPT_REACH, 1_705 + EXCERPT_REACH + 3));
        // Out of reach: counted only.
        assert!(!keep.holds(1_000 - EXCERPT_REACH - 1, 1_000));
        assert!(!keep.holds(1_706 + EXCERPT_REACH, 1_710 + EXCERPT_REACH));
        // A conflict's statement far from any excerpt, so that it gets no
        // mark of its own when a fact row holds it.
        assert!(keep.holds(9_000, 9_010));
        assert!(!keep.holds(9_000, 9_011));
    }

    /// The legend as first written: kinds in the order they first appear
    /// among all the page's facts, sorted as a page sorts them.
    fn legend_of_all(mut facts: Vec<PageFact>) -> Vec<(FactKind, usize)> {
        facts.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut counts: Vec<(FactKind, usize)> = Vec::new();
        for f in &facts {
            match counts.iter_mut().find(|(k, _)| *k == f.kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((f.kind, 1)),
            }
        }
        counts
    }

    const KINDS: [FactKind; 6] = [
        FactKind::Date,
        FactKind::Troops,
        FactKind::Acronym,
        FactKind::Body,
        FactKind::Identifier,
        FactKind::Statement,
    ];

    proptest::proptest! {
        /// Tallies of the tables' rows and the statements give the legend
        /// all facts gave, ties between kinds included.
        #[test]
        fn tallies_give_the_legend_of_all_facts(
            rows in proptest::collection::vec((0usize..6, 0usize..8, 0usize..4), 0..30)
        ) {
            // Facts as a page lists them: table by table, statements last.
            let mut facts: Vec<PageFact> = rows
                .iter()
                .map(|&(k, s, len)| fact(KINDS[k], "", s, s + len))
                .collect();
            facts.sort_by_key(|f| f.kind as u8);
            let mut tallies: Vec<Option<Tally>> = vec![None; 5];
            for f in facts.iter().filter(|f| f.kind != FactKind::Statement) {
                Tally::add(&mut tallies[f.kind as usize], f.kind, f.start, f.end);
            }
            let tallies: Vec<Tally> = tallies.into_iter().flatten().collect();
            let statements: Vec<PageFact> = facts
                .iter()
                .filter(|f| f.kind == FactKind::Statement)
                .cloned()
                .collect();
            proptest::prop_assert_eq!(legend(&tallies, &statements), legend_of_all(facts));
        }

        /// An excerpt page marks the same text with only the facts `Keep`
        /// holds as with all of them.
        #[test]
        fn kept_facts_mark_excerpts_as_all_facts_do(
            words in proptest::collection::vec("[a-z]{1,9}", 20..400),
            line in 1usize..200,
            linked in proptest::collection::vec((0usize..3000, 0usize..20), 1..4),
            facts in proptest::collection::vec((0usize..3000, 1usize..40), 0..60),
        ) {
            // Lines of `line` words: short ones, and ones longer than an
            // excerpt's reach.
            let text: String = words
                .iter()
                .enumerate()
                .map(|(i, w)| format!("{w}{}", if i % line == line - 1 { '\n' } else { ' ' }))
                .collect();
            let n = text.len();
            let linked: Vec<(usize, usize)> = linked
                .into_iter()
                .map(|(s, len)| (s % n, (s % n + len).min(n)))
                .collect();
            let all: Vec<PageFact> = facts
                .into_iter()
                .map(|(s, len)| fact(FactKind::Date, &format!("{s}"), s % n, (s % n + len).min(n)))
                .collect();
            let mut all = all;
            all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let keep = Keep::new(&linked, HashSet::new());
            let kept: Vec<PageFact> = all.iter().filter(|f| keep.holds(f.start, f.end)).cloned().collect();
            let windows = excerpt_windows(&text, 0, &linked);
            proptest::prop_assert_eq!(
                marked_text(&text, 0, &kept, &windows),
                marked_text(&text, 0, &all, &windows)
            );
            let shown = Shown::Excerpts(windows);
            for f in all.iter().filter(|f| shown.holds(f.start, f.end)) {
                proptest::prop_assert!(keep.holds(f.start, f.end));
            }
        }
    }
}
