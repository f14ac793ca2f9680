//! Whole-output snapshots: for every bundled document (`corpus/`) and
//! every probe document (`tests/probes/`), every row the tool writes for
//! it, table by table, in one reviewed snapshot (`tests/snapshots/`); and
//! per folder, the cross-document tables (entities, conflicts,
//! agreements). A rule change that adds, drops or alters any row fails
//! here and the diff names the row.
//!
//! After a change whose new rows you have read and judged right:
//! `INSTA_UPDATE=always cargo test --test snapshots` (or `cargo insta
//! review`), and commit the snapshots with the change.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Tables holding one row per fact, each with a `doc` column.
const PER_DOC: &[&str] = &[
    "documents",
    "dates",
    "troops",
    "acronyms",
    "bodies",
    "identifiers",
];
/// Tables across documents.
const ACROSS: &[&str] = &["entities", "conflicts", "agreements"];

/// Runs the release-equivalent binary on `corpus` into a temporary folder.
fn run(corpus: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let status = Command::new(env!("CARGO_BIN_EXE_sourcefacts"))
        .arg("run")
        .arg(corpus)
        .arg("--out")
        .arg(out.path())
        .args(["--quiet", "--full", "--no-cache"])
        .status()
        .expect("run sourcefacts");
    assert!(
        status.success(),
        "sourcefacts run failed on {}",
        corpus.display()
    );
    out
}

/// A table as its header and records, each record re-encoded as one CSV
/// line (cells quoted as the tool quotes them).
fn table(out: &Path, name: &str) -> (String, Vec<(String, String)>) {
    let mut r = csv::Reader::from_path(out.join(format!("{name}.csv"))).expect("table");
    let header = r.headers().expect("header").clone();
    let doc_col = header.iter().position(|h| h == "doc");
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("record");
            let doc = doc_col.map(|i| rec[i].to_string()).unwrap_or_default();
            (doc, line(&rec))
        })
        .collect();
    (line(&header), rows)
}

fn line(rec: &csv::StringRecord) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(vec![]);
    w.write_record(rec).expect("encode");
    String::from_utf8(w.into_inner().expect("flush"))
        .expect("utf-8")
        .trim_end()
        .to_string()
}

/// One snapshot per document and one for the folder's cross-document tables.
fn snapshot_folder(folder: &str) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let out = run(&corpus);
    let mut per_doc: BTreeMap<String, String> = BTreeMap::new();
    for name in PER_DOC {
        let (header, rows) = table(out.path(), name);
        for (doc, row) in rows {
            let s = per_doc.entry(doc).or_default();
            if !s.contains(&format!("== {name}.csv\n")) {
                s.push_str(&format!("== {name}.csv\n{header}\n"));
            }
            s.push_str(&row);
            s.push('\n');
        }
    }
    // documents.csv's `path` is absolute: the clone's place must not matter.
    let root = corpus.display().to_string();
    for text in per_doc.values_mut() {
        *text = text.replace(&root, "<corpus>");
    }
    let label = folder.replace('/', "_");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (doc, text) in &per_doc {
            insta::assert_snapshot!(format!("{label}__{doc}"), text);
        }
        let mut across = String::new();
        for name in ACROSS {
            let (header, rows) = table(out.path(), name);
            across.push_str(&format!("== {name}.csv\n{header}\n"));
            for (_, row) in rows {
                across.push_str(&row);
                across.push('\n');
            }
        }
        insta::assert_snapshot!(format!("{label}__across_documents"), across);
    });
}

#[test]
fn bundled_documents() {
    snapshot_folder("corpus");
}

#[test]
fn probe_documents() {
    snapshot_folder("tests/probes");
}
