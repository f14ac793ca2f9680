//! The HTML pages of the report: the entry page and the full lists of
//! conflicts and figures. Self-contained (inline CSS, an inline script
//! that only filters lists, no network); every page reads without the
//! script.

use std::collections::HashSet;
use std::fmt::Write;

use super::{
    failures, first_items, folder_of, severity_name, shared_entities, source_tallies, summary_line,
    svg, top_agreements, top_series, Links, ReportData, Tally, CONFLICTS_IN_FULL, CONFLICTS_LISTED,
    FIGURES_LISTED, TOP_ENTITIES,
};
use crate::check::{ConflictRow, FigureRow};

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc_into(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`esc`] does. The five special
/// characters are ASCII, so the runs between them are copied whole (a
/// document page escapes its whole text: char by char it was a third of
/// the report's time on a 1 GB corpus).
pub fn esc_into(out: &mut String, s: &str) {
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let with = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        out.push_str(with);
        run = i + 1;
    }
    out.push_str(&s[run..]);
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1180px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.45;overflow-wrap:break-word}a,blockquote{overflow-wrap:anywhere}\
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.8em}\
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ddd;padding:.3em .45em;text-align:left;vertical-align:top}\
th{background:#f4f4f4;white-space:nowrap}td.n{text-align:right;white-space:nowrap}\
.conflict{border-left:4px solid #c0392b;background:#fdf3f2;padding:.5em 1em;margin:1em 0}.conflict.sev-low{border-color:#e0a800;background:#fffaf0}.conflict.sev-medium{border-color:#e67e22}\
.conflict h3{margin:.2em 0;font-size:1.05em}.stmt{margin:.4em 0}.prov{color:#666;font-size:.85em}\
blockquote{margin:.3em 0 .3em 1em;padding-left:.8em;border-left:3px solid #ccc;color:#444}.none{color:#2e7d32}\
nav.contents a{margin-right:1em}.filters{background:#f6f8fa;padding:.4em .8em;margin:.6em 0;border-radius:4px}.filters label{margin-right:1em}\
.timelines{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:.8em}figure{margin:0;border:1px solid #eee;padding:.3em}\
figcaption{font-size:.8em}.key{border-left:12px solid;padding-left:.3em;margin-right:.8em}\
pre.doc{white-space:pre-wrap;font-family:inherit;font-size:.95em;background:#fcfcfc;border:1px solid #eee;padding:1em}\
mark{border-radius:3px;padding:0 1px}mark:target{outline:3px solid #c0392b}.k-date{background:#d6eaf8}.k-troops{background:#fadbd8}.k-acronym{background:#d5f5e3}\
.gap{color:#888;font-style:italic}.k-body{background:#fcf3cf}.k-identifier{background:#e8daef}.k-statement{background:#f5b7b1}.legend mark{margin-right:.5em}";

/// Shows the filter bars (hidden without scripts) and hides the items of
/// a list that do not match every chosen value; an item's data value may
/// hold several `|`-separated values (a conflict's two folders).
const SCRIPT: &str = "<script>document.querySelectorAll('.filters').forEach(function(b){b.hidden=false;var s=b.querySelectorAll('select');\
function run(){document.querySelectorAll(b.dataset.target).forEach(function(it){var ok=true;s.forEach(function(x){\
if(x.value&&('|'+(it.dataset[x.name]||'')+'|').indexOf('|'+x.value+'|')<0)ok=false;});it.hidden=!ok;});}\
s.forEach(function(x){x.addEventListener('change',run);});});</script>";

/// The end of every page.
pub const PAGE_END: &str = "</body></html>\n";

/// The start of a page, its body opened.
pub fn page_head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head><body>\n",
        esc(title)
    )
}

/// A filter bar over the items `target` selects, one select per
/// (attribute, label, values).
fn filter_bar(out: &mut String, target: &str, selects: &[(&str, &str, Vec<String>)]) {
    if selects.iter().all(|(_, _, values)| values.len() < 2) {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"filters\" data-target=\"{target}\" hidden>Filter: "
    );
    for (name, label, values) in selects {
        if values.len() < 2 {
            continue;
        }
        let _ = write!(
            out,
            "<label>{label} <select name=\"{name}\"><option value=\"\">all</option>"
        );
        for v in values {
            let _ = write!(out, "<option>{}</option>", esc(v));
        }
        out.push_str("</select></label>");
    }
    out.push_str("</div>\n");
}

/// Distinct values, sorted.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> = values.filter(|v| !v.is_empty()).collect();
    set.into_iter().map(str::to_string).collect()
}

/// A link to a document span when it has a page, else its name.
fn doc_link(links: &Links, from: &str, doc: &str, start: usize, end: usize) -> String {
    match links.to(from, doc, start, end) {
        Some(href) => format!("<a href=\"{}\">{}</a>", esc(&href), esc(doc)),
        None => esc(doc),
    }
}

/// One conflict in full: both statements quoted, each linked to its place.
fn conflict_card(out: &mut String, n: usize, c: &ConflictRow, links: &Links, from: &str) {
    let sev = severity_name(c);
    let _ = writeln!(
        out,
        "<div class=\"conflict item sev-{sev}\" id=\"c{n}\" data-kind=\"{}\" data-severity=\"{sev}\" data-folder=\"{}|{}\"><h3>{n}. {sev}: {} — {}</h3><p>{}</p>",
        esc(c.kind),
        esc(folder_of(&c.doc_a)),
        esc(folder_of(&c.doc_b)),
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
            "<div class=\"stmt\"><strong>{}</strong> {} <span class=\"prov\">bytes {start}–{end}</span><blockquote>{}</blockquote></div>",
            esc(value),
            doc_link(links, from, doc, start, end),
            esc(context)
        );
    }
    out.push_str("</div>\n");
}

fn conflict_filters(out: &mut String, conflicts: &[ConflictRow]) {
    filter_bar(
        out,
        ".conflict.item",
        &[
            ("kind", "kind", distinct(conflicts.iter().map(|c| c.kind))),
            (
                "severity",
                "severity",
                distinct(conflicts.iter().map(severity_name)),
            ),
            (
                "folder",
                "source folder",
                distinct(
                    conflicts
                        .iter()
                        .flat_map(|c| [folder_of(&c.doc_a), folder_of(&c.doc_b)]),
                ),
            ),
        ],
    );
}

/// The figures as a table, with filters.
fn figure_table(out: &mut String, figures: &[FigureRow], links: &Links, from: &str) {
    filter_bar(
        out,
        "tr.figure",
        &[
            (
                "force",
                "force",
                distinct(figures.iter().map(|f| f.force.as_str())),
            ),
            (
                "place",
                "place",
                distinct(figures.iter().map(|f| f.place.as_str())),
            ),
            (
                "folder",
                "source folder",
                distinct(figures.iter().map(|f| folder_of(&f.doc))),
            ),
        ],
    );
    out.push_str("<table><tr><th>force</th><th>place</th><th>service</th><th>as of</th><th>value</th><th>change</th><th>publisher</th><th>statement</th></tr>\n");
    for f in figures {
        let value = match f.value_high {
            Some(h) => format!("{}–{}", svg::thousands(f.value), svg::thousands(h)),
            None => svg::thousands(f.value),
        };
        let service = [f.service.as_str(), f.component.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "<tr class=\"figure\" data-force=\"{}\" data-place=\"{}\" data-folder=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{} {value}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.force),
            esc(&f.place),
            esc(folder_of(&f.doc)),
            esc(&f.force),
            esc(&f.place),
            esc(&service),
            esc(&f.as_of),
            f.qualifier.as_str(),
            esc(&f.change),
            esc(&f.publisher),
            doc_link(links, from, &f.doc, f.start, f.end)
        );
    }
    out.push_str("</table>\n");
}

fn tally_table(out: &mut String, label: &str, rows: &std::collections::BTreeMap<&str, Tally>) {
    let _ = writeln!(
        out,
        "<table><tr><th>{label}</th><th>files</th><th>read</th><th>not read</th><th>MB</th><th>facts</th></tr>"
    );
    for (k, t) in rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{}</td></tr>",
            esc(k),
            t.files,
            t.ok,
            t.failed,
            t.bytes as f64 / 1e6,
            t.facts
        );
    }
    out.push_str("</table>\n");
}

/// The entry page: small whatever the corpus's size.
pub fn entry_page(d: &ReportData<'_>, links: &Links) -> String {
    let mut out = page_head("sourcefacts report");
    out.push_str("<h1>sourcefacts report</h1>\n");
    let _ = writeln!(out, "<p id=\"summary\">{}</p>", esc(&summary_line(d)));
    out.push_str("<nav class=\"contents\"><a href=\"#conflicts\">Conflicts</a><a href=\"#figures\">Force levels over time</a><a href=\"#agreements\">Agreements</a><a href=\"#entities\">Shared entities</a><a href=\"#sources\">Sources</a></nav>\n");

    out.push_str("<h2 id=\"conflicts\">Conflicts</h2>\n");
    if d.conflicts.is_empty() {
        out.push_str("<p class=\"none\">No statements disagree.</p>\n");
    } else {
        let shown = d.conflicts.len().min(CONFLICTS_IN_FULL);
        let _ = writeln!(
            out,
            "<p>Most severe first; {shown} of {} shown in full. All of them: <a href=\"report/conflicts.html\">report/conflicts.html</a>, <a href=\"conflicts.csv\">conflicts.csv</a>.</p>",
            d.conflicts.len()
        );
        conflict_filters(&mut out, &d.conflicts[..shown]);
        for (i, c) in d.conflicts.iter().take(shown).enumerate() {
            conflict_card(&mut out, i + 1, c, links, "");
        }
    }

    out.push_str("<h2 id=\"figures\">Force levels over time</h2>\n");
    let series = top_series(d);
    if series.is_empty() {
        out.push_str("<p>No force level is stated twice with a date.</p>\n");
    } else {
        let conflicted: HashSet<(&str, usize)> = d
            .conflicts
            .iter()
            .flat_map(|c| [(c.doc_a.as_str(), c.start_a), (c.doc_b.as_str(), c.start_b)])
            .collect();
        let _ = writeln!(
            out,
            "<p>The {} forces and places with the most dated statements: one point per statement, a line per publisher, changes beside their points. A point links to its statement.</p><div class=\"timelines\">",
            series.len()
        );
        for s in &series {
            out.push_str(&svg::timeline(s, links, &conflicted));
        }
        out.push_str("</div>\n");
    }
    let listed = d.figures.len().min(FIGURES_LISTED);
    let _ = writeln!(
        out,
        "<p>{listed} of {} force-level figures listed; all of them: <a href=\"report/figures.html\">report/figures.html</a>, <a href=\"figures.csv\">figures.csv</a>.</p>",
        d.figures.len()
    );
    figure_table(&mut out, &d.figures[..listed], links, "");

    out.push_str("<h2 id=\"agreements\">Agreements</h2>\n");
    let _ = writeln!(
        out,
        "<p>The facts stated alike most often ({} in all: <a href=\"agreements.csv\">agreements.csv</a>).</p>",
        d.agreements.len()
    );
    out.push_str("<table><tr><th>kind</th><th>about</th><th>value</th><th>sources</th><th>as written</th></tr>\n");
    for a in top_agreements(d) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(a.kind),
            esc(&a.key),
            esc(&a.value),
            crate::write::list_len(&a.docs, ";"),
            esc(&first_items(&a.as_written, " | ", 3))
        );
    }
    out.push_str("</table>\n");

    let shared = shared_entities(d);
    out.push_str("<h2 id=\"entities\">Entities shared between sources</h2>\n");
    let _ = writeln!(
        out,
        "<p>The {} named by most sources, of {} shared ({} entities in all: <a href=\"entities.csv\">entities.csv</a>).</p>",
        shared.len().min(TOP_ENTITIES),
        shared.len(),
        d.entities.len()
    );
    out.push_str("<table><tr><th>entity</th><th>type</th><th>short</th><th>sources</th><th>mentions</th><th>variants</th></tr>\n");
    for e in shared.iter().take(TOP_ENTITIES) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&e.canonical),
            esc(e.kind),
            esc(&e.short),
            crate::write::list_len(&e.docs, ";"),
            e.mentions,
            esc(&first_items(&e.variants, " | ", 5))
        );
    }
    out.push_str("</table>\n");

    sources(&mut out, d);
    out.push_str(SCRIPT);
    out.push_str(PAGE_END);
    out
}

/// The sources by folder and year, and the documents not read.
fn sources(out: &mut String, d: &ReportData<'_>) {
    out.push_str("<h2 id=\"sources\">Sources</h2>\n");
    let _ = writeln!(
        out,
        "<p>Every file, with its status, date, title and fact counts: <a href=\"documents.csv\">documents.csv</a>.</p>"
    );
    let (folders, years) = source_tallies(d);
    out.push_str("<h3>By folder</h3>\n");
    tally_table(out, "folder", folders);
    out.push_str("<h3>By year of the document's date</h3>\n");
    tally_table(out, "year", years);
    let failed: Vec<_> = failures(d).collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "<h3>Not read ({})</h3><ul>", failed.len());
        for r in failed.iter().take(50) {
            let _ = writeln!(
                out,
                "<li>{} ({}): {}</li>",
                esc(&r.doc),
                esc(r.status),
                esc(&r.reason)
            );
        }
        if failed.len() > 50 {
            let _ = writeln!(
                out,
                "<li>… {} more in documents.csv</li>",
                failed.len() - 50
            );
        }
        out.push_str("</ul>\n");
    }
}

/// report/conflicts.html: every conflict in full.
pub fn conflicts_page(d: &ReportData<'_>, links: &Links) -> String {
    let mut out = page_head("sourcefacts: all conflicts");
    out.push_str("<p class=\"nav\"><a href=\"../report.html\">report</a></p>\n");
    let _ = writeln!(
        out,
        "<h1 id=\"conflicts\">All conflicts ({})</h1>",
        d.conflicts.len()
    );
    let shown = d.conflicts.len().min(CONFLICTS_LISTED);
    if shown < d.conflicts.len() {
        let _ = writeln!(
            out,
            "<p>The {shown} most severe in full; all {} are in <a href=\"../conflicts.csv\">conflicts.csv</a>.</p>",
            d.conflicts.len()
        );
    }
    conflict_filters(&mut out, &d.conflicts[..shown]);
    for (i, c) in d.conflicts.iter().take(shown).enumerate() {
        conflict_card(&mut out, i + 1, c, links, "../");
    }
    out.push_str(SCRIPT);
    out.push_str(PAGE_END);
    out
}

/// report/figures.html: every force-level figure.
pub fn figures_page(d: &ReportData<'_>, links: &Links) -> String {
    let mut out = page_head("sourcefacts: all force-level figures");
    out.push_str("<p class=\"nav\"><a href=\"../report.html\">report</a></p>\n");
    let _ = writeln!(
        out,
        "<h1 id=\"figures\">All force-level figures ({})</h1>",
        d.figures.len()
    );
    figure_table(&mut out, d.figures, links, "../");
    out.push_str(SCRIPT);
    out.push_str(PAGE_END);
    out
}
