//! Output formats beside CSV:
//! - `OUT/jsonl/TABLE.jsonl`, one JSON object per row, the same rows as the
//!   CSV table, cells as the document has them (no formula guard: JSON is
//!   not run by spreadsheets), offsets, lines and counts as numbers, and
//!   list cells whole (CSV caps them);
//! - `OUT/sourcefacts.xlsx`, one sheet per table (`dates`, then `dates 2`
//!   past a sheet's row limit), header frozen, autofilter, column widths
//!   from the first rows; ids, spans and TIMEX values as text, offsets and
//!   counts as numbers; never a formula (text cells need no guard there);
//!   a cell over the spreadsheet limit cut with a visible note;
//! - `OUT/parquet/TABLE.parquet`, typed columns: offsets, lines, sentence
//!   numbers and troop values as 64-bit integers (null where empty), the
//!   rest as UTF-8 text, for DuckDB, pandas and Spark.
//!
//! Tables built in memory (documents, entities, conflicts, agreements,
//! figures) are written from their typed rows; the streamed fact tables
//! are read back from their finished CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// The output formats of a run besides CSV.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Formats {
    /// `OUT/jsonl/TABLE.jsonl`.
    pub jsonl: bool,
    /// `OUT/sourcefacts.xlsx`.
    pub xlsx: bool,
    /// `OUT/parquet/TABLE.parquet`.
    pub parquet: bool,
}

impl Formats {
    /// Parses `--format csv,jsonl`: CSV is always written; unknown names
    /// are answered with the known ones.
    pub fn parse(list: &str) -> std::result::Result<Self, String> {
        let mut f = Formats::default();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name.to_ascii_lowercase().as_str() {
                "csv" => {}
                "jsonl" => f.jsonl = true,
                "xlsx" => f.xlsx = true,
                "parquet" => f.parquet = true,
                other => {
                    return Err(format!(
                        "unknown format {other:?}; the formats are csv, jsonl, xlsx, parquet"
                    ))
                }
            }
        }
        Ok(f)
    }
}

/// Whether column `col` of table `stem` holds whole numbers (the rest are
/// text): provenance offsets, lines and sentence numbers everywhere, a
/// troop figure's value, an acronym's long-form span, counts, a conflict's
/// spans.
fn is_integer_column(stem: &str, col: &str) -> bool {
    const PROVENANCE: &[&str] = &[
        "start",
        "end",
        "char_start",
        "char_end",
        "line",
        "col",
        "sentence",
    ];
    let own: &[&str] = match stem {
        "troops" | "figures" => &["value", "value_high"],
        "acronyms" => &["long_start", "long_end"],
        "documents" => &[
            "bytes",
            "dates",
            "troops",
            "acronyms",
            "bodies",
            "identifiers",
        ],
        "entities" | "agreements" => &["mentions"],
        "conflicts" => &["start_a", "end_a", "start_b", "end_b"],
        _ => &[],
    };
    PROVENANCE.contains(&col) || own.contains(&col)
}

/// A JSONL file written in place of a temporary one in `dir/jsonl`.
struct JsonlWriter {
    dest: PathBuf,
    tmp: tempfile::NamedTempFile,
    out: std::io::BufWriter<std::fs::File>,
}

impl JsonlWriter {
    fn create(dir: &Path, stem: &str) -> Result<Self> {
        let folder = dir.join("jsonl");
        let dest = folder.join(format!("{stem}.jsonl"));
        let err = |source| Error::Output {
            path: dest.clone(),
            source,
        };
        std::fs::create_dir_all(&folder).map_err(err)?;
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{stem}."))
            .suffix(".tmp")
            .permissions(crate::write::shared_file())
            .tempfile_in(&folder)
            .map_err(err)?;
        let file = tmp.as_file().try_clone().map_err(err)?;
        Ok(JsonlWriter {
            dest,
            tmp,
            out: std::io::BufWriter::with_capacity(1 << 20, file),
        })
    }

    fn line(&mut self, value: &impl Serialize) -> Result<()> {
        let err = |e: std::io::Error| Error::Output {
            path: self.dest.clone(),
            source: e,
        };
        serde_json::to_writer(&mut self.out, value).map_err(|e| err(e.into()))?;
        self.out.write_all(b"\n").map_err(err)
    }

    fn finish(mut self) -> Result<PathBuf> {
        let dest = self.dest.clone();
        let err = |source| Error::Output {
            path: dest.clone(),
            source,
        };
        self.out.flush().map_err(err)?;
        drop(self.out);
        self.tmp.persist(&dest).map_err(|e| err(e.error))?;
        Ok(dest)
    }
}

/// Writes typed rows as `dir/jsonl/STEM.jsonl`.
pub fn jsonl_rows<T: Serialize>(dir: &Path, stem: &str, rows: &[T]) -> Result<PathBuf> {
    let mut w = JsonlWriter::create(dir, stem)?;
    for r in rows {
        w.line(r)?;
    }
    w.finish()
}

/// A cell as the document has it: the formula guard's apostrophe removed
/// (see [`crate::rows::neutralize_cell`]).
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// A finished CSV table read back: its path, reader, header and which
/// columns hold whole numbers.
type OpenTable = (
    PathBuf,
    csv::Reader<std::fs::File>,
    csv::StringRecord,
    Vec<bool>,
);

fn open_table(dir: &Path, stem: &str) -> Result<OpenTable> {
    let src = dir.join(format!("{stem}.csv"));
    let mut rdr = csv::Reader::from_path(&src).map_err(|e| read_error(&src, e))?;
    let headers = rdr.headers().map_err(|e| read_error(&src, e))?.clone();
    let is_int = headers.iter().map(|h| is_integer_column(stem, h)).collect();
    Ok((src, rdr, headers, is_int))
}

fn read_error(src: &Path, e: csv::Error) -> Error {
    Error::Output {
        path: src.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Writes `dir/STEM.csv` again as `dir/jsonl/STEM.jsonl`: the same rows,
/// whole numbers as numbers, empty numbers as null, text unguarded when
/// the CSV was written `safe`.
pub fn jsonl_from_csv(dir: &Path, stem: &str, safe: bool) -> Result<PathBuf> {
    let (src, mut rdr, headers, is_int) = open_table(dir, stem)?;
    let read_err = |e| read_error(&src, e);
    let mut w = JsonlWriter::create(dir, stem)?;
    let mut record = csv::StringRecord::new();
    while rdr.read_record(&mut record).map_err(read_err)? {
        let mut obj = serde_json::Map::with_capacity(headers.len());
        for ((h, cell), int) in headers.iter().zip(record.iter()).zip(&is_int) {
            let value = if *int {
                cell.parse::<u64>()
                    .map_or(serde_json::Value::Null, serde_json::Value::from)
            } else if safe {
                serde_json::Value::from(unguarded(cell))
            } else {
                serde_json::Value::from(cell)
            };
            obj.insert(h.to_string(), value);
        }
        w.line(&obj)?;
    }
    w.finish()
}

/// The tables of the workbook, in sheet order.
pub const TABLES: &[&str] = &[
    "documents",
    "dates",
    "troops",
    "acronyms",
    "bodies",
    "identifiers",
    "entities",
    "conflicts",
    "agreements",
    "figures",
];

/// Rows a sheet holds below its header.
const SHEET_ROWS: usize = 1_048_575;

/// A text cell within the spreadsheet limit: cut, with a note saying how
/// much was left out.
fn within_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let max = crate::write::CELL_MAX;
    if cell.chars().count() <= max {
        return cell.into();
    }
    let kept: String = cell.chars().take(max - 40).collect();
    let rest = cell.chars().count() - kept.chars().count();
    format!("{kept}\u{2026} (+{rest} more characters)").into()
}

/// Writes `dir/sourcefacts.xlsx` from the finished CSV tables in `dir`.
pub fn write_xlsx(dir: &Path, safe: bool) -> Result<PathBuf> {
    use rust_xlsxwriter::{Format, Workbook};
    let dest = dir.join("sourcefacts.xlsx");
    let err = |e: rust_xlsxwriter::XlsxError| Error::Output {
        path: dest.clone(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for stem in TABLES {
        let (src, mut rdr, headers, is_int) = open_table(dir, stem)?;
        let read_err = |e| read_error(&src, e);
        let mut records = rdr.records();
        let mut part = 0;
        loop {
            // The first rows of each sheet set its column widths.
            let mut first: Vec<csv::StringRecord> = Vec::new();
            for r in records.by_ref().take(200) {
                first.push(r.map_err(read_err)?);
            }
            if first.is_empty() && part > 0 {
                break;
            }
            part += 1;
            let sheet = book.add_worksheet_with_constant_memory();
            let name = if part == 1 {
                stem.to_string()
            } else {
                format!("{stem} {part}")
            };
            sheet.set_name(name).map_err(err)?;
            for (c, h) in headers.iter().enumerate() {
                let widest = first
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|v| v.chars().count())
                    .chain(std::iter::once(h.len()))
                    .max()
                    .unwrap_or(8);
                sheet
                    .set_column_width(c as u16, (widest.clamp(6, 60) + 2) as f64)
                    .map_err(err)?;
                sheet
                    .write_string_with_format(0, c as u16, h, &bold)
                    .map_err(err)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(err)?;
            let mut row = 0u32;
            let mut rest = first
                .into_iter()
                .map(Ok)
                .chain(records.by_ref().map(|r| r.map_err(read_err)));
            while (row as usize) < SHEET_ROWS {
                let Some(record) = rest.next() else { break };
                let record = record?;
                row += 1;
                for (c, (cell, int)) in record.iter().zip(&is_int).enumerate() {
                    let c = c as u16;
                    match cell.parse::<f64>() {
                        Ok(n) if *int => {
                            sheet.write_number(row, c, n).map_err(err)?;
                        }
                        _ if cell.is_empty() => {}
                        _ => {
                            let text = if safe { unguarded(cell) } else { cell };
                            sheet.write_string(row, c, within_cell(text)).map_err(err)?;
                        }
                    }
                }
            }
            let last_col = headers.len().saturating_sub(1) as u16;
            sheet.autofilter(0, 0, row, last_col).map_err(err)?;
            if (row as usize) < SHEET_ROWS {
                break;
            }
        }
    }
    // Created as a plain file is, with the user's umask.
    book.save(&dest).map_err(err)?;
    Ok(dest)
}

/// Rows per Parquet row group.
const ROW_GROUP: usize = 65_536;

/// Writes `dir/parquet/STEM.parquet` for every table from its finished
/// CSV: whole-number columns as optional INT64, the rest as UTF-8 text
/// (unguarded when the CSV was written `safe`).
pub fn write_parquet(dir: &Path, safe: bool) -> Result<()> {
    let folder = dir.join("parquet");
    std::fs::create_dir_all(&folder).map_err(|source| Error::Output {
        path: folder.clone(),
        source,
    })?;
    for stem in TABLES {
        parquet_table(dir, &folder, stem, safe)?;
    }
    Ok(())
}

fn parquet_table(dir: &Path, folder: &Path, stem: &str, safe: bool) -> Result<()> {
    use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    let dest = folder.join(format!("{stem}.parquet"));
    let err = |e: parquet::errors::ParquetError| Error::Output {
        path: dest.clone(),
        source: std::io::Error::other(e.to_string()),
    };
    let (src, mut rdr, headers, is_int) = open_table(dir, stem)?;
    let fields: Vec<String> = headers
        .iter()
        .zip(&is_int)
        .map(|(h, int)| {
            if *int {
                format!("OPTIONAL INT64 {h};")
            } else {
                format!("OPTIONAL BYTE_ARRAY {h} (UTF8);")
            }
        })
        .collect();
    let schema = parquet::schema::parser::parse_message_type(&format!(
        "message {stem} {{ {} }}",
        fields.join(" ")
    ))
    .map_err(err)?;
    let file = std::fs::File::create(&dest).map_err(|source| Error::Output {
        path: dest.clone(),
        source,
    })?;
    let props = std::sync::Arc::new(WriterProperties::builder().build());
    let mut writer =
        SerializedFileWriter::new(file, std::sync::Arc::new(schema), props).map_err(err)?;
    let mut records = rdr.records();
    loop {
        let mut batch: Vec<csv::StringRecord> = Vec::with_capacity(ROW_GROUP);
        for r in records.by_ref().take(ROW_GROUP) {
            batch.push(r.map_err(|e| read_error(&src, e))?);
        }
        if batch.is_empty() {
            break;
        }
        let mut group = writer.next_row_group().map_err(err)?;
        let mut c = 0;
        while let Some(mut column) = group.next_column().map_err(err)? {
            let cells = batch.iter().map(|r| r.get(c).unwrap_or(""));
            if is_int[c] {
                let parsed: Vec<Option<i64>> = cells.map(|v| v.parse().ok()).collect();
                let values: Vec<i64> = parsed.iter().flatten().copied().collect();
                let defs: Vec<i16> = parsed.iter().map(|v| i16::from(v.is_some())).collect();
                column
                    .typed::<Int64Type>()
                    .write_batch(&values, Some(&defs), None)
                    .map_err(err)?;
            } else {
                let values: Vec<ByteArray> = cells
                    .map(|v| ByteArray::from(if safe { unguarded(v) } else { v }))
                    .collect();
                let defs = vec![1i16; values.len()];
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, Some(&defs), None)
                    .map_err(err)?;
            }
            column.close().map_err(err)?;
            c += 1;
        }
        group.close().map_err(err)?;
    }
    writer.close().map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_unknown_ones_are_named() {
        assert_eq!(Formats::parse("csv").unwrap(), Formats::default());
        assert!(Formats::parse("csv, JSONL").unwrap().jsonl);
        let err = Formats::parse("csv,pdf").unwrap_err();
        assert!(
            err.contains("\"pdf\"") && err.contains("csv, jsonl"),
            "{err}"
        );
    }

    #[test]
    fn a_csv_table_becomes_jsonl_with_numbers_and_unguarded_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("troops.csv"),
            "fact_id,start,text,value,value_high\nFab,3,'-some 500,500,\n",
        )
        .unwrap();
        let path = jsonl_from_csv(dir.path(), "troops", true).unwrap();
        let line = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            line,
            "{\"fact_id\":\"Fab\",\"start\":3,\"text\":\"-some 500\",\"value\":500,\"value_high\":null}\n"
        );
    }
}
