//! Large documents cut into sections give the rows a whole-document run
//! gives: same offsets, lines, columns, sentence numbers, same facts.

use std::collections::BTreeMap;
use std::path::Path;

use sourcefacts::sections::Sizes;
use sourcefacts::Config;

/// Every bundled and probe document, joined by blank lines, several times:
/// a few hundred KB of varied text, with a BOM and non-ASCII characters.
fn long_document() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut parts = Vec::new();
    for dir in ["corpus", "tests/probes"] {
        let mut names: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        for p in names {
            let text = std::fs::read_to_string(&p).unwrap();
            parts.push(text.trim_start_matches('\u{feff}').trim().to_string());
        }
    }
    let one = parts.join("\n\n");
    format!("\u{feff}{}\n", [one.as_str(); 3].join("\n\n"))
}

fn run(corpus: &Path, sizes: Sizes) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut cfg = Config::new(corpus, out.path());
    cfg.sections = sizes;
    cfg.no_cache = true;
    sourcefacts::run(&cfg).expect("run succeeds");
    out
}

/// A table's rows as (fact id or whole line, row) pairs.
fn rows(dir: &Path, table: &str) -> BTreeMap<String, String> {
    std::fs::read_to_string(dir.join(table))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| (l.split(',').next().unwrap().to_string(), l.to_string()))
        .collect()
}

/// bodies.csv rows by fact id, without the entity id and canonical name.
fn bodies_without_entity_ids(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut rdr = csv::Reader::from_path(dir.join("bodies.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let entity_cols: Vec<usize> = ["entity_id", "canonical"]
        .iter()
        .map(|c| headers.iter().position(|h| h == *c).unwrap())
        .collect();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let cells: Vec<String> = r
                .iter()
                .enumerate()
                .filter(|(i, _)| !entity_cols.contains(i))
                .map(|(_, c)| c.to_string())
                .collect();
            (cells[0].clone(), cells)
        })
        .collect()
}

fn differing<'a>(a: &'a BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<&'a str> {
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn sectioned_run_matches_whole_run() {
    let corpus = tempfile::tempdir().unwrap();
    let text = long_document();
    std::fs::write(corpus.path().join("big.txt"), &text).unwrap();
    let whole = run(corpus.path(), Sizes::default());
    // About nine sections of 20 KB.
    let cut = run(
        corpus.path(),
        Sizes {
            threshold: 1,
            nominal: 20_000,
        },
    );
    // Same offsets, lines, columns, sentence numbers, values: row for row.
    for table in [
        "troops.csv",
        "acronyms.csv",
        "identifiers.csv",
        "agreements.csv",
    ] {
        assert_eq!(
            rows(whole.path(), table),
            rows(cut.path(), table),
            "{table}"
        );
    }
    // Dates: the same spans; a relative date may anchor on another date
    // of its own section (an anniversary on the founding year stated there).
    let (a, b) = (
        rows(whole.path(), "dates.csv"),
        rows(cut.path(), "dates.csv"),
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for row in differing(&a, &b).into_iter().chain(differing(&b, &a)) {
        assert!(row.contains(",relative,"), "only anchors differ: {row}");
    }
    // Bodies: the same rows; a section finds the uses of a short form its
    // document defines in another section.
    assert!(text.len() > 4 * 20_000, "the document is cut into sections");
    // Entities aside: a section is its own scope for the country a name
    // takes from elsewhere in its document (`Japan's Ministry of Defense ...
    // the Ministry of Defense`), so an unqualified mention may land in
    // another entity (id and canonical name) than in a whole-document run.
    let (a, b) = (
        bodies_without_entity_ids(whole.path()),
        bodies_without_entity_ids(cut.path()),
    );
    assert_eq!(a, b, "bodies.csv");
    // One documents.csv row with the same hash, encoding, line endings.
    let doc_row = |dir: &Path| {
        let t = std::fs::read_to_string(dir.join("documents.csv")).unwrap();
        let row: Vec<String> = t
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect();
        row[..11].join(",")
    };
    assert_eq!(doc_row(whole.path()), doc_row(cut.path()));
}

#[test]
fn sectioned_output_is_identical_for_any_thread_count() {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("big.txt"), long_document()).unwrap();
    std::fs::write(corpus.path().join("small.txt"), "USFK has 28,500 troops.\n").unwrap();
    let sizes = Sizes {
        threshold: 50_000,
        nominal: 10_000,
    };
    let runs: Vec<_> = [1, 3]
        .into_iter()
        .map(|threads| {
            let out = tempfile::tempdir().unwrap();
            let mut cfg = Config::new(corpus.path(), out.path());
            cfg.sections = sizes;
            cfg.threads = Some(threads);
            sourcefacts::run(&cfg).expect("run succeeds");
            out
        })
        .collect();
    for t in sourcefacts::pipeline::PRODUCED {
        // A file the run may not write (the workbook) reads as empty.
        let x = std::fs::read(runs[0].path().join(t)).unwrap_or_default();
        let y = std::fs::read(runs[1].path().join(t)).unwrap_or_default();
        assert!(x == y, "{t} differs between 1 and 3 threads");
    }
}
