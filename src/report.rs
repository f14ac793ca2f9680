//! The report a person reads first: report.md and a self-contained
//! report.html (inline CSS, no scripts, no network) with, in this order,
//! the conflicts between sources (both statements quoted, with provenance),
//! the facts sources agree on, the entities several sources share, and a
//! summary per source.

use std::fmt::Write;

use crate::check::{AgreementRow, ConflictRow};
use crate::rows::{DocumentRow, EntityRow};

/// Everything the report shows.
pub struct ReportData<'a> {
    /// documents.csv rows.
    pub documents: &'a [DocumentRow],
    /// entities.csv rows.
    pub entities: &'a [EntityRow],
    /// conflicts.csv rows.
    pub conflicts: &'a [ConflictRow],
    /// agreements.csv rows.
    pub agreements: &'a [AgreementRow],
}

/// Entities named by two or more documents, most widely shared first.
fn shared_entities<'a>(d: &ReportData<'a>) -> Vec<&'a EntityRow> {
    let mut v: Vec<&EntityRow> = d.entities.iter().filter(|e| e.docs.contains(';')).collect();
    v.sort_by(|a, b| {
        let n = |e: &EntityRow| e.docs.split(';').count();
        n(b).cmp(&n(a))
            .then(b.mentions.cmp(&a.mentions))
            .then(a.canonical.cmp(&b.canonical))
    });
    v
}

/// The conflict's severity as the report names it (most severe first, as
/// conflicts.csv is sorted).
fn severity_name(c: &ConflictRow) -> &'static str {
    match c.severity {
        crate::check::Severity::High => "high",
        crate::check::Severity::Medium => "medium",
        crate::check::Severity::Low => "low",
    }
}

/// A table cell for Markdown: one line, pipes escaped.
fn md_cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The Markdown report.
pub fn markdown(d: &ReportData<'_>) -> String {
    let mut out = String::new();
    let ok = d.documents.iter().filter(|r| r.status == "ok").count();
    let _ = writeln!(out, "# sourcefacts report\n");
    let _ = writeln!(
        out,
        "{} files, {ok} read. {} conflicts, {} agreements, {} entities shared by two or more sources.\n",
        d.documents.len(),
        d.conflicts.len(),
        d.agreements.len(),
        shared_entities(d).len()
    );
    let _ = writeln!(out, "## Conflicts\n");
    if d.conflicts.is_empty() {
        let _ = writeln!(out, "No statements disagree.\n");
    }
    for (i, c) in d.conflicts.iter().enumerate() {
        let severity = severity_name(c);
        let _ = writeln!(
            out,
            "### {}. {severity}: {} — {}\n",
            i + 1,
            c.kind,
            md_cell(&c.key)
        );
        let _ = writeln!(out, "{}\n", md_cell(&c.reason));
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
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Agreements\n");
    let _ = writeln!(
        out,
        "| kind | about | value | sources | as written |\n|---|---|---|---|---|"
    );
    for a in d.agreements {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            a.kind,
            md_cell(&a.key),
            md_cell(&a.value),
            md_cell(&a.docs.replace(';', ", ")),
            md_cell(&a.as_written)
        );
    }
    let _ = writeln!(out, "\n## Entities shared between sources\n");
    let _ = writeln!(
        out,
        "| entity | type | short | sources | mentions | variants |\n|---|---|---|---|---|---|"
    );
    for e in shared_entities(d) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md_cell(&e.canonical),
            e.kind,
            md_cell(&e.short),
            md_cell(&e.docs.replace(';', ", ")),
            e.mentions,
            md_cell(&e.variants)
        );
    }
    let _ = writeln!(out, "\n## Sources\n");
    let _ = writeln!(
        out,
        "| document | status | date | dates | troops | acronyms | bodies | note |\n|---|---|---|---|---|---|---|---|"
    );
    for r in d.documents {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            md_cell(&r.doc),
            r.status,
            r.doc_date,
            r.dates,
            r.troops,
            r.acronyms,
            r.bodies,
            md_cell(&r.reason)
        );
    }
    out
}

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}\
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}\
th{background:#f4f4f4}.conflict{border-left:4px solid #c0392b;background:#fdf3f2;padding:.6em 1em;margin:1em 0}\
.conflict h3{margin:.2em 0;font-size:1.05em}.stmt{margin:.5em 0}.prov{color:#666;font-size:.85em;font-family:monospace}\
blockquote{margin:.3em 0 .3em 1em;padding-left:.8em;border-left:3px solid #ccc;color:#444}.none{color:#2e7d32}";

/// The HTML report: one self-contained page.
pub fn html(d: &ReportData<'_>) -> String {
    let mut out = String::new();
    let ok = d.documents.iter().filter(|r| r.status == "ok").count();
    let shared = shared_entities(d);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sourcefacts report</title><style>{STYLE}</style></head><body>\n"
    );
    let _ = writeln!(out, "<h1>sourcefacts report</h1>");
    let _ = writeln!(
        out,
        "<p id=\"summary\">{} files, {ok} read. {} conflicts, {} agreements, {} entities shared by two or more sources.</p>",
        d.documents.len(),
        d.conflicts.len(),
        d.agreements.len(),
        shared.len()
    );
    let _ = writeln!(out, "<h2 id=\"conflicts\">Conflicts</h2>");
    if d.conflicts.is_empty() {
        let _ = writeln!(out, "<p class=\"none\">No statements disagree.</p>");
    }
    for (i, c) in d.conflicts.iter().enumerate() {
        let _ = writeln!(
            out,
            "<div class=\"conflict\"><h3>{}. {}: {} — {}</h3><p>{}</p>",
            i + 1,
            severity_name(c),
            esc(c.kind),
            esc(&c.key),
            esc(&c.reason)
        );
        for (doc, start, end, value, context) in [
            (&c.doc_a, c.start_a, c.end_a, &c.value_a, &c.context_a),
            (&c.doc_b, c.start_b, c.end_b, &c.value_b, &c.context_b),
        ] {
            let _ = writeln!(
                out,
                "<div class=\"stmt\"><strong>{}</strong> <span class=\"prov\">{} bytes {start}–{end}</span><blockquote>{}</blockquote></div>",
                esc(value),
                esc(doc),
                esc(context)
            );
        }
        let _ = writeln!(out, "</div>");
    }
    let _ = writeln!(out, "<h2 id=\"agreements\">Agreements</h2>");
    let _ = writeln!(out, "<table><tr><th>kind</th><th>about</th><th>value</th><th>sources</th><th>as written</th></tr>");
    for a in d.agreements {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(a.kind),
            esc(&a.key),
            esc(&a.value),
            esc(&a.docs.replace(';', ", ")),
            esc(&a.as_written)
        );
    }
    let _ = writeln!(out, "</table>");
    let _ = writeln!(
        out,
        "<h2 id=\"entities\">Entities shared between sources</h2>"
    );
    let _ = writeln!(out, "<table><tr><th>entity</th><th>type</th><th>short</th><th>sources</th><th>mentions</th><th>variants</th></tr>");
    for e in shared {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&e.canonical),
            esc(e.kind),
            esc(&e.short),
            esc(&e.docs.replace(';', ", ")),
            e.mentions,
            esc(&e.variants)
        );
    }
    let _ = writeln!(out, "</table>");
    let _ = writeln!(out, "<h2 id=\"sources\">Sources</h2>");
    let _ = writeln!(out, "<table><tr><th>document</th><th>status</th><th>date</th><th>dates</th><th>troops</th><th>acronyms</th><th>bodies</th><th>note</th></tr>");
    for r in d.documents {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.doc),
            esc(r.status),
            esc(&r.doc_date),
            r.dates,
            r.troops,
            r.acronyms,
            r.bodies,
            esc(&r.reason)
        );
    }
    let _ = writeln!(out, "</table>\n</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conflict() -> ConflictRow {
        ConflictRow {
            severity: crate::check::Severity::Medium,
            kind: "acronym_expansion",
            key: "DPRK".into(),
            doc_a: "a.txt".into(),
            start_a: 1,
            end_a: 5,
            value_a: "Democratic People's Republic of Korea".into(),
            context_a: "the <b>DPRK</b> | threat".into(),
            doc_b: "b.txt".into(),
            start_b: 7,
            end_b: 11,
            value_b: "Democratic Republic People's of Korea".into(),
            context_b: "ctx b".into(),
            note: "same words in a different order".into(),
            reason: "one source garbles the name".into(),
        }
    }

    /// Renders a report holding only `conflict()` with `render`.
    fn render_one_conflict(render: fn(&ReportData<'_>) -> String) -> String {
        let c = [conflict()];
        render(&ReportData {
            documents: &[],
            entities: &[],
            conflicts: &c,
            agreements: &[],
        })
    }

    #[test]
    fn html_escapes_and_is_self_contained() {
        let h = render_one_conflict(html);
        assert!(h.contains("the &lt;b&gt;DPRK&lt;/b&gt;"));
        assert!(!h.contains("<script") && !h.contains("http"));
        assert!(h.contains("a.txt bytes 1–5"));
    }

    #[test]
    fn markdown_quotes_both_statements_and_escapes_pipes() {
        let m = render_one_conflict(markdown);
        assert!(m.contains("### 1. medium: acronym_expansion — DPRK"));
        assert!(
            m.contains("one source garbles the name"),
            "the reason is shown"
        );
        assert!(m.contains("> the <b>DPRK</b> \\| threat"));
        assert!(m.contains("`b.txt` bytes 7–11"));
    }
}
