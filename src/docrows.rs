//! From one document's facts to its rows: provenance for every fact,
//! each row checked against the document's own bytes, the body mentions
//! made distinct, and the rows encoded as CSV records for the reduce.

use crate::check::{span_matches, DocChecks};
use crate::reconcile::MentionSig;
use crate::reduce::DocOutput;
use crate::rows::{
    AcronymCols, BodyCols, DateCols, Head, IdentifierCols, Origin, Provenance, Row, SafeCells,
    TroopCols,
};
use crate::write::encode_records;
use sourcefacts_extract::model::{DocFacts, Rule};
use sourcefacts_extract::textview::TextView;

/// A document's rows, once the extractors have run and `out` holds the
/// states the text names: the rows with provenance, each checked against
/// the text's own bytes, to be encoded.
pub(crate) fn checked_rows(
    text: &str,
    doc: &str,
    origin: Origin,
    view: TextView<'_>,
    facts: DocFacts,
    out: &mut DocOutput,
) -> DocRows {
    out.doc_date = facts.doc_date.clone().unwrap_or_default();
    out.doc_date_source = facts.doc_date_source;
    if let Some(fm) = &facts.front_matter {
        out.title = fm.title.clone().unwrap_or_default();
        out.source_url = fm.source_url.clone().unwrap_or_default();
    }
    let prov = Provenance::of_section(&view, doc, origin);
    let mut rows = DocRows::default();
    build_rows(facts, &prov, &mut rows);
    // Peak memory on a large document: free each stage once done.
    drop(prov);
    drop(view);
    // Check every row against the document's own bytes.
    let ok = |h: &Head, t: &str| span_matches(text, origin.byte, h.start, h.end, t);
    let inv = &mut out.invalid;
    retain_valid(&mut rows.dates, "dates", |r| ok(&r.0, &r.1.text), inv);
    retain_valid(&mut rows.troops, "troops", |r| ok(&r.0, &r.1.text), inv);
    retain_valid(
        &mut rows.acronyms,
        "acronyms",
        |r| ok(&r.0, &r.1.short),
        inv,
    );
    retain_valid(
        &mut rows.identifiers,
        "identifiers",
        |r| ok(&r.0, &r.1.text),
        inv,
    );
    let keep = retain_valid(&mut rows.bodies, "bodies", |r| ok(&r.0, &r.1.text), inv);
    if keep.contains(&false) {
        let mut keep = keep.into_iter();
        rows.mention_of.retain(|_| keep.next().unwrap_or(true));
        renumber_mentions(&mut rows.mentions, &mut rows.mention_of);
    }
    rows
}

/// Keeps the mentions the rows still name, numbered again in the order
/// the rows first name them (as when every row is kept).
fn renumber_mentions(mentions: &mut Vec<MentionSig>, mention_of: &mut [u32]) {
    let mut new_id: Vec<Option<u32>> = vec![None; mentions.len()];
    let mut order: Vec<usize> = Vec::new();
    for id in mention_of.iter_mut() {
        let old = *id as usize;
        *id = *new_id[old].get_or_insert_with(|| {
            order.push(old);
            (order.len() - 1) as u32
        });
    }
    let mut old: Vec<Option<MentionSig>> = std::mem::take(mentions).into_iter().map(Some).collect();
    *mentions = order
        .into_iter()
        .map(|k| old[k].take().expect("each mention once"))
        .collect();
}

/// A document's rows before encoding.
#[derive(Default)]
pub(crate) struct DocRows {
    dates: Vec<Row<DateCols>>,
    troops: Vec<Row<TroopCols>>,
    acronyms: Vec<Row<AcronymCols>>,
    bodies: Vec<Row<BodyCols>>,
    identifiers: Vec<Row<IdentifierCols>>,
    /// The distinct mentions of the body rows, in the order rows first
    /// name them.
    mentions: Vec<MentionSig>,
    /// Per body row, its mention's index in `mentions`.
    mention_of: Vec<u32>,
    definitions: Vec<(String, String)>,
}

impl DocRows {
    /// Encodes the rows as CSV records and extracts what crosses documents.
    pub(crate) fn encode(self, safe: bool, out: &mut DocOutput) {
        out.counts = [
            self.dates.len(),
            self.troops.len(),
            self.acronyms.len(),
            self.bodies.len(),
            self.identifiers.len(),
        ];
        out.checks =
            DocChecks::from_rows(&self.dates, &self.troops, &self.acronyms, &self.identifiers);
        // Each table's rows are freed as soon as they are encoded.
        out.dates = encode_records(&self.dates, safe);
        drop(self.dates);
        out.troops = encode_records(&self.troops, safe);
        drop(self.troops);
        out.acronyms = encode_records(&self.acronyms, safe);
        drop(self.acronyms);
        out.identifiers = encode_records(&self.identifiers, safe);
        drop(self.identifiers);
        out.definitions = self.definitions;
        out.mentions = self.mentions;
        out.bodies
            .reserve(self.bodies.len() * crate::write::RECORD_BYTES);
        out.body_cuts.reserve(self.bodies.len());
        for (mut r, id) in self.bodies.into_iter().zip(self.mention_of) {
            if safe {
                r.neutralize();
            }
            let (h, c, t) = r;
            // The record's two parts, joined where the spool puts the
            // entity columns in: the first without its newline.
            let before_len = crate::record::append(&(h, c.text, c.kind), &mut out.bodies) - 1;
            out.bodies.pop();
            let after_len = crate::record::append(&t, &mut out.bodies);
            out.body_cuts
                .push((before_len as u32, after_len as u32, id));
        }
    }
}

/// Drops rows whose span fails the invariant, naming each in `invalid`.
/// Returns one keep-flag per original row.
fn retain_valid<C>(
    rows: &mut Vec<Row<C>>,
    table: &str,
    ok: impl Fn(&Row<C>) -> bool,
    invalid: &mut Vec<String>,
) -> Vec<bool> {
    let flags: Vec<bool> = rows.iter().map(&ok).collect();
    for (r, _) in rows.iter().zip(&flags).filter(|(_, k)| !**k) {
        invalid.push(format!(
            "{}: {table} row {}..{} does not match its text (extractor bug)",
            r.0.doc, r.0.start, r.0.end
        ));
    }
    let mut it = flags.iter();
    rows.retain(|_| *it.next().expect("one flag per row"));
    flags
}

/// The rows of a document's facts. The facts are used up: their strings
/// move into the rows (the facts are dropped right after anyway).
fn build_rows(facts: DocFacts, prov: &Provenance<'_, '_>, out: &mut DocRows) {
    // Rows are large: a vector grown by doubling copies them each time.
    out.dates.reserve(facts.dates.len());
    out.troops.reserve(facts.troops.len());
    out.acronyms.reserve(facts.acronyms.len());
    out.identifiers.reserve(facts.identifiers.len());
    out.bodies.reserve(facts.bodies.len());
    out.mention_of.reserve(facts.bodies.len());
    let mut date_ids: Vec<(std::ops::Range<usize>, crate::rows::FactId)> =
        Vec::with_capacity(facts.dates.len());
    let mut anchors: Vec<Option<std::ops::Range<usize>>> = Vec::with_capacity(facts.dates.len());
    for d in facts.dates {
        let (head, tail, text) = prov.of("dates", d.span.clone(), d.rule);
        date_ids.push((d.span, head.fact_id.clone()));
        anchors.push(d.anchor_span);
        out.dates.push((
            head,
            DateCols {
                text: text.to_string(),
                value: d.value,
                granularity: d.granularity,
                anchor_value: d.anchor_value,
                anchor_fact_id: String::new(),
                subject: d.subject,
                subject_type: d.subject_type,
                subject_link: d.subject_link,
            },
            tail,
        ));
    }
    for (row, anchor) in out.dates.iter_mut().zip(&anchors) {
        if let Some(a) = anchor {
            if let Some((_, id)) = date_ids.iter().find(|(s, _)| s == a) {
                row.1.anchor_fact_id = id.to_string();
            }
        }
    }
    for i in facts.identifiers {
        let (head, tail, text) = prov.of("identifiers", i.span.clone(), Rule::IdentifierSelf);
        out.identifiers.push((
            head,
            IdentifierCols {
                text: text.to_string(),
                value: i.value,
                series: i.series,
            },
            tail,
        ));
    }
    for t in facts.troops {
        let (head, tail, text) = prov.of("troops", t.span.clone(), t.rule);
        out.troops.push((
            head,
            TroopCols {
                text: text.to_string(),
                value: t.value,
                value_high: t.value_high,
                qualifier: t.qualifier,
                unit: t.unit,
                force: t.force,
                location: t.location,
                as_of: t.as_of,
            },
            tail,
        ));
    }
    for a in &facts.acronyms {
        let (head, tail, short) = prov.of("acronyms", a.short_span.clone(), a.rule);
        let (long_start, long_end) = prov.offsets(a.long_span.clone());
        // The `long` column is the bytes at long_start..long_end; what the
        // checks compare is the long form as read, without link markup.
        let long = prov.display_text(a.long_span.clone());
        out.definitions.push((short.to_string(), long));
        out.acronyms.push((
            head,
            AcronymCols {
                short: short.to_string(),
                long: prov.raw_text(a.long_span.clone()).to_string(),
                long_start,
                long_end,
            },
            tail,
        ));
    }
    // Mentions repeat within a document: each distinct one is made once,
    // found by a key that borrows its text.
    let mut distinct: foldhash::HashMap<MentionKey<'_>, u32> = Default::default();
    for b in &facts.bodies {
        let (head, tail, text) = prov.of("bodies", b.span.clone(), b.rule);
        let key = MentionKey {
            // Names are compared and listed as read, without link markup.
            text: prov.display_cow(b.span.clone()),
            resolved: &b.resolved,
            is_short: b.is_short,
            kind: b.kind,
            rule: b.rule,
            nation: &b.nation,
        };
        let id = match distinct.get(&key) {
            Some(&id) => id,
            None => {
                let id = out.mentions.len() as u32;
                out.mentions.push(key.sig());
                distinct.insert(key, id);
                id
            }
        };
        out.mention_of.push(id);
        out.bodies.push((
            head,
            BodyCols {
                text: text.to_string(),
                kind: b.kind.as_str(),
                entity_id: String::new(),
                canonical: String::new(),
                method: String::new(),
            },
            tail,
        ));
    }
}

/// A [`MentionSig`] of one document, borrowing its strings.
#[derive(PartialEq, Eq, Hash)]
struct MentionKey<'a> {
    text: std::borrow::Cow<'a, str>,
    resolved: &'a str,
    is_short: bool,
    kind: sourcefacts_extract::model::BodyType,
    rule: Rule,
    nation: &'a str,
}

impl MentionKey<'_> {
    fn sig(&self) -> MentionSig {
        MentionSig {
            text: self.text.to_string(),
            resolved: self.resolved.to_string(),
            is_short: self.is_short,
            kind: self.kind,
            rule: self.rule,
            nation: self.nation.to_string(),
            scope: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sourcefacts_extract::{ExtractorSet, KnownDate};

    /// Every table's rows of the bundled documents, with the probes'
    /// quotes, commas and line breaks: `record` writes the bytes the csv
    /// crate writes for each record.
    #[test]
    fn every_table_encodes_as_the_csv_crate_does() {
        fn same<T: serde::Serialize>(rows: &[T]) -> usize {
            for row in rows {
                let mut ours = String::new();
                crate::record::append(row, &mut ours);
                assert_eq!(ours, crate::record::by_csv(row));
            }
            rows.len()
        }
        let set = ExtractorSet::new(&sourcefacts_extract::chain::ExtractOptions::default());
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut counts = [0usize; 5];
        for dir in ["corpus", "tests/probes"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .expect("bundled folder")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.is_file())
                .collect();
            paths.sort();
            for path in paths {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let view = TextView::new(&text);
                let facts = set.run_dated(&view, KnownDate::Detect(None), true, None);
                let mut out = DocOutput::default();
                let rows = checked_rows(&text, "d.md", Origin::default(), view, facts, &mut out);
                counts[0] += same(&rows.dates);
                counts[1] += same(&rows.troops);
                counts[2] += same(&rows.acronyms);
                counts[3] += same(&rows.identifiers);
                // The two parts a body record is encoded in.
                for (h, c, t) in &rows.bodies {
                    same(&[(h, &c.text, &c.kind)]);
                    same(&[t]);
                    counts[4] += 1;
                }
            }
        }
        assert!(
            counts.iter().all(|&n| n > 0),
            "rows of every table: {counts:?}"
        );
    }

    #[test]
    fn mentions_are_renumbered_in_first_use_order_after_rows_are_dropped() {
        let sig = |text: &str| {
            MentionKey {
                text: text.into(),
                resolved: text,
                is_short: false,
                kind: sourcefacts_extract::model::BodyType::Gov,
                rule: Rule::BodyLexicon,
                nation: "",
            }
            .sig()
        };
        // Mentions a b c, numbered by rows that named a b a c; with the first
        // row dropped the rows name b a c.
        let mut mentions = vec![sig("a"), sig("b"), sig("c")];
        let mut mention_of = vec![1, 0, 2];
        renumber_mentions(&mut mentions, &mut mention_of);
        assert_eq!(mention_of, [0, 1, 2]);
        let texts: Vec<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["b", "a", "c"]);
        // A mention no row names any more is gone.
        let mut mention_of = vec![2, 2];
        renumber_mentions(&mut mentions, &mut mention_of);
        assert_eq!((mention_of, mentions.len()), (vec![0, 0], 1));
        assert_eq!(mentions[0].text, "c");
    }
}
