//! Output files: one CSV per table (header first, RFC 4180, UTF-8) and the
//! text reports, each written to a temporary file beside its destination
//! and renamed into place. The whole set is published by `swap`.

use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::rows::{Columns, SafeCells};

/// Writes `rows` to `dir/name` atomically, header first, RFC 4180, UTF-8.
///
/// With `safe`, text cells that a spreadsheet would run as formulas are
/// neutralized on the way out (see [`crate::rows::SafeCells`]).
pub fn write_table<T: Serialize + Columns + SafeCells + Clone>(
    dir: &Path,
    name: &str,
    rows: &[T],
    safe: bool,
) -> Result<PathBuf> {
    let dest = dir.join(name);
    let out_err = |source| Error::Output {
        path: dest.clone(),
        source,
    };
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(out_err)?;
    {
        let mut w = csv::WriterBuilder::new()
            .has_headers(true)
            .from_writer(BufWriter::with_capacity(1 << 20, tmp.as_file()));
        for row in rows {
            let written = if safe {
                let mut r = row.clone();
                r.neutralize();
                w.serialize(&r)
            } else {
                w.serialize(row)
            };
            written.map_err(|source| Error::Csv {
                path: dest.clone(),
                source,
            })?;
        }
        w.flush().map_err(out_err)?;
    }
    if rows.is_empty() {
        // The csv crate writes the header with the first record; an empty
        // table still gets its header row.
        let mut line = T::header().join(",");
        line.push('\n');
        fs::write(tmp.path(), line).map_err(out_err)?;
    }
    tmp.as_file().sync_all().map_err(out_err)?;
    tmp.persist(&dest).map_err(|e| out_err(e.error))?;
    Ok(dest)
}

/// Writes a text file to `dir/name` atomically (temp file, then rename).
pub fn write_text(dir: &Path, name: &str, content: &str) -> Result<PathBuf> {
    use std::io::Write;
    let dest = dir.join(name);
    let out_err = |source| Error::Output {
        path: dest.clone(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(out_err)?;
    tmp.write_all(content.as_bytes()).map_err(out_err)?;
    tmp.as_file().sync_all().map_err(out_err)?;
    tmp.persist(&dest).map_err(|e| out_err(e.error))?;
    Ok(dest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::EntityRow;

    #[test]
    fn empty_tables_get_a_header_and_no_temp_files_remain() {
        let dir = tempfile::tempdir().unwrap();
        let rows: Vec<EntityRow> = Vec::new();
        let p = write_table(dir.path(), "entities.csv", &rows, true).unwrap();
        assert_eq!(
            fs::read_to_string(p).unwrap(),
            "entity_id,type,canonical,short,variants,docs,mentions,method\n"
        );
        write_text(dir.path(), "r.md", "# x\n").unwrap();
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn rewriting_replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        write_text(dir.path(), "a.txt", "a much longer first version\n").unwrap();
        write_text(dir.path(), "a.txt", "short\n").unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "short\n"
        );
    }
}
