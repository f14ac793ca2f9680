//! CSV records appended straight to a `String`: the bytes the csv crate's
//! writer gives (comma, `"` doubled inside quotes, `\n` after each record,
//! quotes only where needed), without its buffer, flush and copy.
//!
//! Every fact row of a run is encoded here, in the workers, and the csv
//! writer cost 3.5% of a run: a serde walk, a table lookup per byte to
//! decide quoting, a copy into its own buffer, a flush into ours and a
//! UTF-8 check of the result. Here a cell is tested for the four bytes
//! that need quotes in one branch-free pass (which vectorizes) and
//! copied once. The csv crate stays the reference: the tests encode every
//! table's rows both ways and compare bytes.

use serde::ser::{self, Serialize};
use std::fmt;

/// Appends the CSV record of `row` (its cells in serde's order, newline
/// included) to `out`; returns the record's length in bytes.
///
/// Serialization fails only for shapes the csv crate refuses too (maps,
/// enum variants with fields); the row types have none (tested).
pub fn append<T: Serialize + ?Sized>(row: &T, out: &mut String) -> usize {
    let start = out.len();
    let mut rec = Record { out, cells: 0 };
    row.serialize(&mut rec)
        .expect("row types serialize as flat CSV records");
    // A record of one empty cell is written `""`, so that it is not read
    // back as an empty line (as the csv crate does).
    if out.len() == start {
        out.push_str("\"\"");
    }
    out.push('\n');
    out.len() - start
}

/// The record being appended: the cells written so far.
struct Record<'o> {
    out: &'o mut String,
    cells: usize,
}

impl Record<'_> {
    fn cell(&mut self, text: &str) -> Result<(), Error> {
        if self.cells > 0 {
            self.out.push(',');
        }
        self.cells += 1;
        if !needs_quotes(text.as_bytes()) {
            self.out.push_str(text);
            return Ok(());
        }
        self.out.reserve(text.len() + 2);
        self.out.push('"');
        // Each quote doubled (the memchr crate's search: `split('"')`
        // runs core's slower one, and most quoted cells hold no quote).
        let mut from = 0;
        for q in memchr::memchr_iter(b'"', text.as_bytes()) {
            self.out.push_str(&text[from..q]);
            self.out.push_str("\"\"");
            from = q + 1;
        }
        self.out.push_str(&text[from..]);
        self.out.push('"');
        Ok(())
    }
}

/// The bytes a cell is quoted for.
const QUOTED_FOR: [u8; 4] = [b',', b'"', b'\n', b'\r'];

/// Whether a cell holds a byte the csv crate quotes for: the delimiter,
/// the quote, or a line break (`\r` too, which readers take for one).
/// Each block of 32 bytes is tested without an early exit, in byte lanes,
/// a shape the compiler turns into a few vector compares; what is left
/// (most cells are shorter than a block: numbers, ids, names) is tested
/// eight bytes at a time in a word (`bytescan::word_holds_any`), where a test
/// of each byte stopped at every one.
fn needs_quotes(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(32);
    let in_block = blocks.any(|block| {
        let hits = block.iter().fold(0u8, |acc, &b| {
            acc | u8::from(b == b',')
                | u8::from(b == b'"')
                | u8::from(b == b'\n')
                | u8::from(b == b'\r')
        });
        hits != 0
    });
    if in_block {
        return true;
    }
    let mut words = blocks.remainder().chunks_exact(8);
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().expect("eight bytes"));
    words.any(|w| sourcefacts_extract::bytescan::word_holds_any(word(w), QUOTED_FOR))
        || (words.remainder().iter()).any(|b| QUOTED_FOR.contains(b))
}

/// A row shape that cannot be a flat record.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Integers as the csv crate writes them (itoa's digits, no grouping).
macro_rules! integer {
    ($($name:ident: $t:ty),*) => {$(
        fn $name(self, v: $t) -> Result<(), Error> {
            self.cell(itoa::Buffer::new().format(v))
        }
    )*};
}

impl ser::Serializer for &mut Record<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    integer!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128
    );

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.cell(if v { "true" } else { "false" })
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.cell(ryu::Buffer::new().format(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.cell(ryu::Buffer::new().format(v))
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.cell(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.cell(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // A `String` holds UTF-8 only; no row has a bytes cell.
        let text = std::str::from_utf8(v).map_err(|_| Error("a cell is not UTF-8".into()))?;
        self.cell(text)
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.cell("")
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.cell("")
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Error> {
        self.cell(name)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.cell(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        v.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        v.serialize(self)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Error> {
        Ok(self)
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error("an enum tuple variant is not a CSV cell".into()))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Error("a map is not a CSV record".into()))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error("an enum struct variant is not a CSV cell".into()))
    }
}

/// Sequences, tuples and structs: their elements are the record's next
/// cells, nested ones flattened in order (a row is a tuple of structs).
macro_rules! flat {
    ($($tr:ident :: $method:ident ($($key:ty)?)),*) => {$(
        impl ser::$tr for &mut Record<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, $(_key: $key,)? v: &T) -> Result<(), Error> {
                v.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Error> {
                Ok(())
            }
        }
    )*};
}

flat!(
    SerializeSeq::serialize_element(),
    SerializeTuple::serialize_element(),
    SerializeTupleStruct::serialize_field(),
    SerializeStruct::serialize_field(&'static str)
);

/// Records that [`append`] wrote, read back a record at a time: its cells
/// as byte ranges of the text, found by `memchr` jumps from one comma,
/// quote or line end to the next. The report reads the paged documents'
/// rows back from the tables; the csv crate's reader, a state machine
/// stepping byte by byte, took 5% of a run's CPU on a 1 GB corpus. It
/// reads what the csv crate reads for any bytes (tested): a line ends at
/// `\n`, `\r` or `\r\n`, empty lines are skipped, and bytes after a
/// closing quote belong to the cell.
pub struct Records<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Records<'a> {
    /// The records of `bytes`, from the first.
    pub fn new(bytes: &'a [u8]) -> Self {
        Records { bytes, pos: 0 }
    }

    /// Puts the next record's cells (raw ranges, quotes included) into
    /// `cells`; false when no record is left.
    pub fn next_into(&mut self, cells: &mut Vec<std::ops::Range<usize>>) -> bool {
        cells.clear();
        let b = self.bytes;
        // Empty lines hold no record.
        while matches!(b.get(self.pos), Some(b'\n' | b'\r')) {
            self.pos += 1;
        }
        if self.pos >= b.len() {
            return false;
        }
        loop {
            let start = self.pos;
            let mut at = start;
            if b.get(at) == Some(&b'"') {
                at = quoted_end(b, at + 1);
            }
            let end = memchr::memchr3(b',', b'\n', b'\r', &b[at..]).map_or(b.len(), |k| at + k);
            cells.push(start..end);
            match b.get(end) {
                Some(b',') => self.pos = end + 1,
                Some(b'\r') if b.get(end + 1) == Some(&b'\n') => {
                    self.pos = end + 2;
                    return true;
                }
                _ => {
                    self.pos = (end + 1).min(b.len());
                    return true;
                }
            }
        }
    }

    /// The value of a cell [`Records::next_into`] gave: the bytes as they
    /// are, or, for a quoted cell, without its quotes and with `""` read
    /// as `"`.
    pub fn cell(&self, r: std::ops::Range<usize>) -> std::borrow::Cow<'a, [u8]> {
        let raw = &self.bytes[r];
        let Some(inner) = raw.strip_prefix(b"\"") else {
            return std::borrow::Cow::Borrowed(raw);
        };
        // Most quoted cells hold no quote: the value is what the quotes
        // enclose.
        if let Some(v) = inner.strip_suffix(b"\"") {
            if memchr::memchr(b'"', v).is_none() {
                return std::borrow::Cow::Borrowed(v);
            }
        }
        let mut out = Vec::with_capacity(inner.len());
        let mut quoted = true;
        let mut i = 0;
        while i < inner.len() {
            let c = inner[i];
            if quoted && c == b'"' {
                if inner.get(i + 1) == Some(&b'"') {
                    out.push(b'"');
                    i += 2;
                    continue;
                }
                quoted = false;
            } else {
                out.push(c);
            }
            i += 1;
        }
        std::borrow::Cow::Owned(out)
    }
}

/// Where the quoted part of a cell ends: just past its closing quote (a
/// quote not doubled), or the end of `b`. `at` is just past the opening
/// quote.
fn quoted_end(b: &[u8], mut at: usize) -> usize {
    while let Some(k) = memchr::memchr(b'"', &b[at..]) {
        at += k + 1;
        if b.get(at) != Some(&b'"') {
            return at;
        }
        at += 1;
    }
    b.len()
}

/// What the csv crate writes for `row`: the reference [`append`] is
/// tested against (here and with every table's rows in `pipeline`).
#[cfg(test)]
pub(crate) fn by_csv<T: Serialize>(row: &T) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_writer(Vec::new());
    w.serialize(row).expect("serializes");
    String::from_utf8(w.into_inner().expect("memory")).expect("UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The block and word tests of a cell are a test of each byte.
        #[test]
        fn quotes_are_needed_where_a_byte_asks_for_them(
            cell in proptest::collection::vec(
                prop_oneof![8 => b'a'..=b'z', 1 => Just(b','), 1 => Just(b'"'),
                    1 => Just(b'\n'), 1 => Just(b'\r'), 2 => any::<u8>()],
                0..80,
            ),
            clean in 0usize..80,
        ) {
            // Mostly clean cells, with at most one byte to quote for.
            let mut cell = cell;
            for (i, b) in cell.iter_mut().enumerate() {
                if i != clean && matches!(*b, b',' | b'"' | b'\n' | b'\r') {
                    *b = b'x';
                }
            }
            let each = cell.iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
            prop_assert_eq!(needs_quotes(&cell), each);
        }
    }

    fn ours<T: Serialize>(row: &T) -> String {
        let mut out = String::new();
        let n = append(row, &mut out);
        assert_eq!(n, out.len());
        out
    }

    #[test]
    fn quotes_only_cells_that_need_it() {
        let row = (
            "plain",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "",
            42u64,
            -7i32,
        );
        assert_eq!(
            ours(&row),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,42,-7\n"
        );
        assert_eq!(ours(&row), by_csv(&row));
    }

    #[test]
    fn an_empty_record_is_two_quotes() {
        assert_eq!(ours(&("",)), "\"\"\n");
        assert_eq!(ours(&("",)), by_csv(&("",)));
        assert_eq!(ours(&("", "")), by_csv(&("", "")));
    }

    #[derive(serde::Serialize)]
    enum Kind {
        #[serde(rename = "a.b")]
        Ab,
        Cd,
    }

    #[derive(serde::Serialize)]
    struct Inner {
        text: String,
        high: Option<u64>,
        kind: Kind,
        flag: bool,
        score: f64,
        c: char,
        unit: (),
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any text, number, option and variant: the csv crate's bytes.
        #[test]
        fn encodes_as_the_csv_crate(
            a in "[a-z ,\"\r\n\u{e9}\u{2019}]{0,80}",
            b in "[,\"x]{0,4}",
            high in proptest::option::of(any::<u64>()),
            n in any::<i64>(),
            flag in any::<bool>(),
            score in any::<f64>(),
            c in any::<char>(),
            ab in any::<bool>(),
        ) {
            let inner = Inner {
                text: b.clone(),
                high,
                kind: if ab { Kind::Ab } else { Kind::Cd },
                flag,
                score,
                c,
                unit: (),
            };
            let row = (a.clone(), n, inner, vec![b.clone(), a.clone()]);
            prop_assert_eq!(ours(&row), by_csv(&row));
            prop_assert_eq!(ours(&(a.clone(),)), by_csv(&(a,)));
        }
    }

    /// The cells the csv crate reads from `text`, record by record.
    fn read_by_csv(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        rd.byte_records()
            .map(|r| {
                r.expect("any bytes read")
                    .iter()
                    .map(<[u8]>::to_vec)
                    .collect()
            })
            .collect()
    }

    fn read_by_records(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut recs = Records::new(text);
        let mut cells = Vec::new();
        let mut out = Vec::new();
        while recs.next_into(&mut cells) {
            out.push(
                cells
                    .iter()
                    .map(|c| recs.cell(c.clone()).into_owned())
                    .collect(),
            );
        }
        out
    }

    #[test]
    fn records_read_back_quoted_cells_and_line_ends() {
        let text = b"a,\"b,\"\"c\"\"\",\"\"\r\n\n\"x\"y,z\rlast";
        let want: Vec<Vec<Vec<u8>>> = vec![
            vec![b"a".to_vec(), b"b,\"c\"".to_vec(), b"".to_vec()],
            vec![b"xy".to_vec(), b"z".to_vec()],
            vec![b"last".to_vec()],
        ];
        assert_eq!(read_by_records(text), want);
        assert_eq!(read_by_csv(text), want);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Records written by `append` read back as written.
        #[test]
        fn written_records_read_back(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a ,\"\r\n\u{e9}]{0,12}", 1..5),
                0..6,
            )
        ) {
            let mut text = String::new();
            for row in &rows {
                append(row, &mut text);
            }
            let want: Vec<Vec<Vec<u8>>> = rows
                .iter()
                .map(|r| r.iter().map(|c| c.as_bytes().to_vec()).collect())
                .collect();
            prop_assert_eq!(read_by_records(text.as_bytes()), want);
        }

        /// Any bytes at all read as the csv crate reads them.
        #[test]
        fn any_bytes_read_as_the_csv_crate_reads_them(text in "[a,\"\r\n]{0,40}") {
            prop_assert_eq!(read_by_records(text.as_bytes()), read_by_csv(text.as_bytes()));
        }
    }
}
