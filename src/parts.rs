//! The parts `sourcefacts extract` writes and `sourcefacts reduce` reads:
//! one shard's map output, so the map can run anywhere (a Spark executor,
//! another machine) and the reduce still writes the tables of a single
//! run, byte for byte.
//!
//! A part is a folder holding `units.parquet`, one row per map unit (a
//! document, or one section of a document over the section threshold),
//! sorted by `doc` and `section` as the corpus listing sorts them:
//!
//! | column | type | what |
//! |---|---|---|
//! | `doc` | UTF8 | path relative to the corpus root (the tables' `doc`) |
//! | `section`, `sections` | INT64 | the section's index and the document's section count; 0 and 0 for a whole document |
//! | `section_bytes` | INT64 | the section's length (0 for a whole document) |
//! | `section_failure` | UTF8 | why a section gave no rows, else empty |
//! | `status` | UTF8 | ok, empty, skipped or ignored |
//! | `bytes` | INT64 | the file's size |
//! | `dates`, `troops`, `acronyms`, `bodies`, `identifiers` | INT64 | rows per table |
//! | `document` | UTF8 | the documents.csv row, as JSON |
//! | `dates_csv`, `troops_csv`, `acronyms_csv`, `identifiers_csv` | UTF8 | the unit's table rows, as the CSV records the run writes |
//! | `bodies_csv` | UTF8 | its bodies.csv records without the entity columns (the reduce adds them) |
//! | `state` | UTF8 | what crosses documents, as JSON: the distinct body mentions and each body row's mention, acronym definitions, states named, the checks' statements (troop figures among them), rows dropped by the span check, the document's date, title and address |
//!
//! The file's key-value metadata holds `sourcefacts.format` (`1`),
//! `sourcefacts.key`: the build and the extraction options (`--vague`,
//! `--raw-csv`, `--lexicon`), on which the reduce refuses parts that
//! differ, and `sourcefacts.raw_csv` (`true` when cells were written
//! unguarded), which the reduce follows for the cells it writes itself.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::{Row, RowAccessor};

use crate::error::{Error, Result};
use crate::reduce::{DocOutput, Part};
use crate::rows::DocumentRow;

/// The file of a part folder.
pub const UNITS_FILE: &str = "units.parquet";
const FORMAT: &str = "1";

/// Units buffered per row group, and the bytes of CSV that close one early.
const GROUP_UNITS: usize = 512;
const GROUP_BYTES: usize = 64 << 20;

/// The columns, in order: (name, is an integer).
const COLUMNS: [(&str, bool); 19] = [
    ("doc", false),
    ("section", true),
    ("sections", true),
    ("section_bytes", true),
    ("section_failure", false),
    ("status", false),
    ("bytes", true),
    ("dates", true),
    ("troops", true),
    ("acronyms", true),
    ("bodies", true),
    ("identifiers", true),
    ("document", false),
    ("dates_csv", false),
    ("troops_csv", false),
    ("acronyms_csv", false),
    ("identifiers_csv", false),
    ("bodies_csv", false),
    ("state", false),
];

fn parquet_err(path: &Path) -> impl Fn(parquet::errors::ParquetError) -> Error + '_ {
    move |e| Error::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

fn json_err(path: &Path) -> impl Fn(serde_json::Error) -> Error + '_ {
    move |e| Error::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(format!("not a sourcefacts part: {e}")),
    }
}

/// One unit as cells: the integers and the texts of `COLUMNS`, in order.
struct Cells {
    ints: Vec<i64>,
    texts: Vec<String>,
}

fn to_cells(mut o: DocOutput, path: &Path) -> Result<Cells> {
    let row = o.row.take().expect("every unit carries its document row");
    let part = o.part.take();
    let (k, n, bytes, failure) = part.map_or((0, 0, 0, String::new()), |p| {
        (p.k, p.n, p.bytes, p.failure.unwrap_or_default())
    });
    let document = serde_json::to_string(&row).map_err(json_err(path))?;
    let csv = [
        std::mem::take(&mut o.dates),
        std::mem::take(&mut o.troops),
        std::mem::take(&mut o.acronyms),
        std::mem::take(&mut o.identifiers),
        std::mem::take(&mut o.bodies),
    ];
    let state = serde_json::to_string(&o).map_err(json_err(path))?;
    let count = |i: usize| o.counts[i] as i64;
    let mut texts = vec![row.doc.clone(), failure, row.status.to_string(), document];
    texts.extend(csv);
    texts.push(state);
    Ok(Cells {
        ints: vec![
            k as i64,
            n as i64,
            bytes as i64,
            row.bytes as i64,
            count(0),
            count(1),
            count(2),
            count(3),
            count(4),
        ],
        texts,
    })
}

/// Writes a part: units in, `PART/units.parquet` out (through a temporary
/// file renamed into place, so a part is whole or absent).
pub struct PartWriter {
    dest: PathBuf,
    tmp: tempfile::NamedTempFile,
    writer: Option<SerializedFileWriter<std::fs::File>>,
    group: Vec<Cells>,
    group_bytes: usize,
    last: Option<(String, i64)>,
}

impl PartWriter {
    /// Creates `dir` (the part folder) and starts its file; `key` is the
    /// extraction key the reduce checks, `raw_csv` whether the rows' cells
    /// are unguarded.
    pub fn create(dir: &Path, key: &str, raw_csv: bool) -> Result<Self> {
        let dest = dir.join(UNITS_FILE);
        let out_err = |source| Error::Output {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(out_err)?;
        let tmp = tempfile::Builder::new()
            .prefix(".units.")
            .suffix(".tmp")
            .permissions(crate::write::shared_file())
            .tempfile_in(dir)
            .map_err(out_err)?;
        let fields: Vec<String> = COLUMNS
            .iter()
            .map(|(name, int)| {
                if *int {
                    format!("REQUIRED INT64 {name};")
                } else {
                    format!("REQUIRED BYTE_ARRAY {name} (UTF8);")
                }
            })
            .collect();
        let schema = parquet::schema::parser::parse_message_type(&format!(
            "message units {{ {} }}",
            fields.join(" ")
        ))
        .map_err(parquet_err(&dest))?;
        let meta = vec![
            KeyValue::new("sourcefacts.format".to_string(), FORMAT.to_string()),
            KeyValue::new("sourcefacts.key".to_string(), key.to_string()),
            KeyValue::new("sourcefacts.raw_csv".to_string(), raw_csv.to_string()),
        ];
        let props = WriterProperties::builder()
            .set_key_value_metadata(Some(meta))
            .build();
        let file = tmp.reopen().map_err(|source| Error::Output {
            path: dest.clone(),
            source,
        })?;
        let writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props))
            .map_err(parquet_err(&dest))?;
        Ok(PartWriter {
            dest,
            tmp,
            writer: Some(writer),
            group: Vec::new(),
            group_bytes: 0,
            last: None,
        })
    }

    /// Adds the next unit; units must come in corpus order.
    pub fn add(&mut self, o: DocOutput) -> Result<()> {
        let cells = to_cells(o, &self.dest)?;
        let key = (cells.texts[0].clone(), cells.ints[0]);
        if self.last.as_ref().is_some_and(|last| *last >= key) {
            return Err(Error::Output {
                path: self.dest.clone(),
                source: std::io::Error::other(format!("{} is given twice or out of order", key.0)),
            });
        }
        self.last = Some(key);
        self.group_bytes += cells.texts.iter().map(String::len).sum::<usize>();
        self.group.push(cells);
        if self.group.len() >= GROUP_UNITS || self.group_bytes >= GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.group.is_empty() {
            return Ok(());
        }
        let err = parquet_err(&self.dest);
        let writer = self.writer.as_mut().expect("open until finished");
        let mut group = writer.next_row_group().map_err(&err)?;
        let (mut int_col, mut text_col) = (0, 0);
        for (_, int) in COLUMNS {
            let mut column = group
                .next_column()
                .map_err(&err)?
                .expect("a column per schema field");
            if int {
                let values: Vec<i64> = self.group.iter().map(|c| c.ints[int_col]).collect();
                column
                    .typed::<Int64Type>()
                    .write_batch(&values, None, None)
                    .map_err(&err)?;
                int_col += 1;
            } else {
                let values: Vec<ByteArray> = self
                    .group
                    .iter()
                    .map(|c| ByteArray::from(c.texts[text_col].as_str()))
                    .collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, None, None)
                    .map_err(&err)?;
                text_col += 1;
            }
            column.close().map_err(&err)?;
        }
        group.close().map_err(&err)?;
        self.group.clear();
        self.group_bytes = 0;
        Ok(())
    }

    /// Writes the last row group and the footer, and puts the file in place.
    pub fn finish(mut self) -> Result<PathBuf> {
        self.flush()?;
        let writer = self.writer.take().expect("open until finished");
        writer.close().map_err(parquet_err(&self.dest))?;
        self.tmp
            .as_file()
            .sync_all()
            .map_err(|source| Error::Output {
                path: self.dest.clone(),
                source,
            })?;
        self.tmp.persist(&self.dest).map_err(|e| Error::Output {
            path: self.dest.clone(),
            source: e.error,
        })?;
        Ok(self.dest)
    }
}

/// A part being read: its units in order.
pub struct PartReader {
    path: PathBuf,
    rows: parquet::record::reader::RowIter<'static>,
    /// The extraction key the part was made with.
    pub key: String,
    /// Its cells were written unguarded (`--raw-csv`).
    pub raw_csv: bool,
}

impl PartReader {
    /// Opens `dir/units.parquet` (or `dir` itself when it is the file).
    pub fn open(dir: &Path) -> Result<Self> {
        let path = if dir.is_dir() {
            dir.join(UNITS_FILE)
        } else {
            dir.to_path_buf()
        };
        let file = std::fs::File::open(&path).map_err(|e| Error::Config {
            path: path.clone(),
            cause: format!("cannot read the part: {e}"),
        })?;
        let reader = SerializedFileReader::new(file).map_err(|e| Error::Config {
            path: path.clone(),
            cause: format!("not a Parquet file: {e}"),
        })?;
        let meta = reader.metadata().file_metadata().key_value_metadata();
        let get = |k: &str| {
            meta.and_then(|m| m.iter().find(|kv| kv.key == k))
                .and_then(|kv| kv.value.clone())
        };
        if get("sourcefacts.format").as_deref() != Some(FORMAT) {
            return Err(Error::Config {
                path,
                cause: "not a part written by `sourcefacts extract` of this version".into(),
            });
        }
        let key = get("sourcefacts.key").unwrap_or_default();
        let raw_csv = get("sourcefacts.raw_csv").as_deref() == Some("true");
        let rows = parquet::record::reader::RowIter::from_file_into(Box::new(reader));
        Ok(PartReader {
            path,
            rows,
            key,
            raw_csv,
        })
    }

    /// The part file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The next unit, with its sort key (doc, section).
    pub fn next_unit(&mut self) -> Result<Option<((String, i64), DocOutput)>> {
        let Some(row) = self.rows.next() else {
            return Ok(None);
        };
        let row = row.map_err(parquet_err(&self.path))?;
        from_row(&row, &self.path).map(Some)
    }
}

fn from_row(row: &Row, path: &Path) -> Result<((String, i64), DocOutput)> {
    let err = parquet_err(path);
    let text = |i: usize| row.get_string(i).cloned().map_err(&err);
    let int = |i: usize| row.get_long(i).map_err(&err);
    let doc = text(0)?;
    let (k, n, section_bytes) = (int(1)?, int(2)?, int(3)?);
    let failure = text(4)?;
    let document: DocumentRow = serde_json::from_str(&text(12)?).map_err(json_err(path))?;
    let mut o: DocOutput = serde_json::from_str(&text(18)?).map_err(json_err(path))?;
    o.dates = text(13)?;
    o.troops = text(14)?;
    o.acronyms = text(15)?;
    o.identifiers = text(16)?;
    o.bodies = text(17)?;
    o.row = Some(document);
    if n > 0 {
        o.part = Some(Part {
            k: k as usize,
            n: n as usize,
            bytes: section_bytes as u64,
            failure: (!failure.is_empty()).then_some(failure),
        });
    }
    Ok(((doc, k), o))
}
