//! The files a user gives besides the corpus (`--lexicon`, `--doc-dates`),
//! read forgivingly and checked strictly: a bad row is an error naming it.

use std::collections::HashMap;
use std::path::Path;

use sourcefacts_extract::bodies::Lexicon;

use crate::error::{Error, Result};
use crate::ingest;

/// Reads a `--lexicon` CSV (columns name,type,canonical) and adds its rows
/// to the embedded lexicon.
pub fn load_lexicon(path: &Path) -> Result<Lexicon> {
    let bytes = std::fs::read(path).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        cause: format!("cannot read lexicon: {e}"),
    })?;
    Lexicon::with_user_csv(&bytes).map_err(|cause| Error::Config {
        path: path.to_path_buf(),
        cause,
    })
}

/// Reads a `--doc-dates` CSV: columns `doc` and `date` (or `value`).
pub fn load_doc_dates(path: &Path) -> Result<HashMap<String, String>> {
    let err = |cause: String| Error::Config {
        path: path.to_path_buf(),
        cause,
    };
    let mut rdr = csv::Reader::from_path(path).map_err(|e| err(format!("cannot read: {e}")))?;
    let headers = rdr.headers().map_err(|e| err(e.to_string()))?.clone();
    let doc_col = headers.iter().position(|h| h == "doc");
    let date_col = headers.iter().position(|h| h == "date" || h == "value");
    let (Some(doc_col), Some(date_col)) = (doc_col, date_col) else {
        return Err(err("needs columns doc and date".into()));
    };
    let mut out = HashMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| err(e.to_string()))?;
        let row = i + 2;
        let date = rec.get(date_col).unwrap_or("").trim();
        if !is_calendar_value(date) {
            return Err(err(format!(
                "row {row}: {date:?} is not a date (2025-11-19, 2025-11 or 2025)"
            )));
        }
        let doc = rec.get(doc_col).unwrap_or("").trim().to_string();
        if let Some(earlier) = out.insert(doc.clone(), date.to_string()) {
            return Err(err(format!(
                "row {row}: {doc:?} is dated twice ({earlier} and {date}); keep one row"
            )));
        }
    }
    Ok(out)
}

/// A real calendar value: `2025`, `2025-11` or a day that exists
/// (`2024-02-29`, not `2024-02-30` or `2024-13-45`).
fn is_calendar_value(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    match parts[..] {
        [y] => num(y, 4),
        [y, m] => num(y, 4) && num(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0)),
        [y, m, d] => {
            num(y, 4)
                && num(m, 2)
                && num(d, 2)
                && jiff::civil::Date::new(
                    y.parse().unwrap_or(0),
                    m.parse().unwrap_or(0),
                    d.parse().unwrap_or(0),
                )
                .is_ok()
        }
        _ => false,
    }
}

/// The `--doc-dates` rows that name no document of the listing (by path
/// or file name), sorted.
pub(crate) fn unused_doc_dates(
    doc_dates: &HashMap<String, String>,
    files: &[ingest::SourceFile],
) -> Vec<String> {
    if doc_dates.is_empty() {
        return Vec::new();
    }
    let mut names: foldhash::HashSet<&str> = Default::default();
    for f in files {
        names.insert(f.doc.as_str());
        names.insert(f.doc.rsplit('/').next().unwrap_or(&f.doc));
    }
    let mut unused: Vec<String> = doc_dates
        .keys()
        .filter(|k| !names.contains(k.as_str()))
        .cloned()
        .collect();
    unused.sort();
    unused
}
