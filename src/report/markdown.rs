//! report.md: the entry page's content in Markdown, for reading in a
//! terminal or a repository; bounded like the entry page, the tables hold
//! the rest.

use std::fmt::Write;

use super::{
    failures, first_items, severity_name, shared_entities, source_tallies, summary_line, svg,
    top_agreements, top_series, ReportData, Tally, CONFLICTS_IN_FULL, TOP_ENTITIES,
};

/// A table cell for Markdown: one line, pipes escaped.
fn md_cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn tally_table(out: &mut String, label: &str, rows: &std::collections::BTreeMap<&str, Tally>) {
    let _ = writeln!(
        out,
        "| {label} | files | read | not read | MB | facts |\n|---|---|---|---|---|---|"
    );
    for (k, t) in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.1} | {} |",
            md_cell(k),
            t.files,
            t.ok,
            t.failed,
            t.bytes as f64 / 1e6,
            t.facts
        );
    }
    out.push('\n');
}

/// The Markdown report.
pub fn markdown(d: &ReportData<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# sourcefacts report\n\n{}\n", summary_line(d));
    let _ = writeln!(out, "## Conflicts\n");
    if d.conflicts.is_empty() {
        let _ = writeln!(out, "No statements disagree.\n");
    } else if d.conflicts.len() > CONFLICTS_IN_FULL {
        let _ = writeln!(
            out,
            "The {CONFLICTS_IN_FULL} most severe of {}; all of them are in conflicts.csv and report/conflicts.html.\n",
            d.conflicts.len()
        );
    }
    for (i, c) in d.conflicts.iter().take(CONFLICTS_IN_FULL).enumerate() {
        let _ = writeln!(
            out,
            "### {}. {}: {} — {}\n\n{}\n",
            i + 1,
            severity_name(c),
            c.kind,
            md_cell(&c.key),
            md_cell(&c.reason)
        );
        for (doc, start, end, value, context) in [
            (&c.doc_a, c.start_a, c.end_a, &c.value_a, &c.context_a),
            (&c.doc_b, c.start_b, c.end_b, &c.value_b, &c.context_b),
        ] {
            let _ = writeln!(
                out,
                "- **{}** (`{doc}` bytes {start}–{end})",
                md_cell(value)
            );
            let _ = writeln!(out, "  > {}", md_cell(context));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Force levels over time\n");
    let _ = writeln!(
        out,
        "| force and place | statements | from | to | lowest | highest |\n|---|---|---|---|---|---|"
    );
    for s in top_series(d) {
        let (lo, hi) = s.rows.iter().fold((u64::MAX, 0), |(lo, hi), f| {
            (lo.min(f.value), hi.max(f.value))
        });
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md_cell(&s.title()),
            s.rows.len(),
            s.rows.first().map_or("", |f| f.as_of.as_str()),
            s.rows.last().map_or("", |f| f.as_of.as_str()),
            svg::thousands(lo),
            svg::thousands(hi)
        );
    }
    let _ = writeln!(
        out,
        "\nAll {} figures: figures.csv.\n\n## Agreements\n",
        d.figures.len()
    );
    let _ = writeln!(
        out,
        "| kind | about | value | sources | as written |\n|---|---|---|---|---|"
    );
    for a in top_agreements(d) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            a.kind,
            md_cell(&a.key),
            md_cell(&a.value),
            crate::write::list_len(&a.docs, ";"),
            md_cell(&first_items(&a.as_written, " | ", 3))
        );
    }
    let _ = writeln!(out, "\n## Entities shared between sources\n");
    let _ = writeln!(
        out,
        "| entity | type | short | sources | mentions | variants |\n|---|---|---|---|---|---|"
    );
    for e in shared_entities(d).iter().take(TOP_ENTITIES) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md_cell(&e.canonical),
            e.kind,
            md_cell(&e.short),
            crate::write::list_len(&e.docs, ";"),
            e.mentions,
            md_cell(&first_items(&e.variants, " | ", 5))
        );
    }
    let _ = writeln!(out, "\n## Sources\n\nEvery file: documents.csv.\n");
    let (folders, years) = source_tallies(d);
    tally_table(&mut out, "folder", folders);
    tally_table(&mut out, "year", years);
    let failed: Vec<_> = failures(d).collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "### Not read ({})\n", failed.len());
        for r in failed.iter().take(50) {
            let _ = writeln!(out, "- `{}` ({}): {}", r.doc, r.status, md_cell(&r.reason));
        }
        out.push('\n');
    }
    out
}
