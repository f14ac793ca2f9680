//! Sections: how a document too large to hold whole is cut into pieces the
//! pipeline maps like documents, so one giant file costs memory for a few
//! sections in flight and keeps every core busy.
//!
//! A streaming pass over the file ([`plan`]) hashes it, checks it is UTF-8
//! text, and chooses cut points: at the first paragraph break after each
//! `nominal` bytes, where the paragraph before ended a sentence, so no
//! sentence is cut. Failing that within a megabyte it cuts at a line start,
//! then at a space, then at any character boundary. For every section it
//! records where it starts in the document's coordinates ([`crate::rows::Origin`]:
//! byte, character, line, column), so rows keep the offsets, lines and
//! columns a whole-document run gives. Sentence numbers need the sentence
//! count of every earlier section; [`count_sentences`] gives one section's.
//!
//! What a section cannot see: an acronym defined in another section is not
//! found as a body mention here (unless the lexicon knows it), a relative
//! date anchors on the dates of its own section (or the document date,
//! taken from the first section's header), and a service named by
//! reference (`the army`) under a heading in an earlier section keeps no
//! owner.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::ingest::line_endings_of;
use crate::rows::Origin;
use sourcefacts_extract::hex;
use sourcefacts_extract::textview::TextView;

/// When documents are cut, and how long the sections are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Documents larger than this many bytes are cut into sections.
    pub threshold: u64,
    /// Length a section aims at before it looks for a cut point.
    pub nominal: u64,
}

impl Default for Sizes {
    /// Real documents (reports, statements, even book-length PDFs as text)
    /// stay whole; dumps and concatenated archives are cut.
    fn default() -> Self {
        Sizes {
            threshold: 32 << 20,
            nominal: 8 << 20,
        }
    }
}

/// One section of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Byte range in the file.
    pub range: Range<u64>,
    /// Where it starts.
    pub origin: Origin,
}

/// The cut of one large document, with what documents.csv needs to say of
/// it (found by the same streaming pass).
#[derive(Debug, Clone)]
pub struct Plan {
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// File size.
    pub bytes: u64,
    /// True when the file starts with a UTF-8 BOM.
    pub bom: bool,
    /// lf|crlf|cr|mixed or empty.
    pub line_endings: &'static str,
    /// The sections, in file order, covering the text.
    pub sections: Vec<Section>,
}

/// Reads `path` once and plans its sections. `Ok(None)` when the file is
/// not plain UTF-8 text (NUL bytes, invalid UTF-8, a UTF-16 BOM, nothing
/// but whitespace): those take the whole-document path, which decodes or
/// reports them.
pub fn plan(path: &Path, nominal: u64) -> Result<Option<Plan>, String> {
    let mut f = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut planner = Planner::new(nominal.max(1));
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    // Bytes of a UTF-8 sequence cut by the block boundary.
    let mut pending: Vec<u8> = Vec::with_capacity(4);
    let mut first = true;
    loop {
        let n = f.read(&mut buf).map_err(|e| format!("cannot read: {e}"))?;
        if n == 0 {
            break;
        }
        let block = &buf[..n];
        hasher.update(block);
        let mut skip = 0;
        if first {
            first = false;
            if block.starts_with(&[0xFF, 0xFE]) || block.starts_with(&[0xFE, 0xFF]) {
                return Ok(None);
            }
            if block.starts_with(&[0xEF, 0xBB, 0xBF]) {
                planner.bom = true;
                skip = 3;
            }
            planner.begin(skip as u64);
        }
        if block.contains(&0) {
            return Ok(None);
        }
        let body = &block[skip..];
        // Validate across block boundaries: a sequence cut by one is
        // completed from the next block.
        let joined;
        let data: &[u8] = if pending.is_empty() {
            body
        } else {
            joined = [pending.as_slice(), body].concat();
            &joined
        };
        let mut rest = Vec::new();
        match std::str::from_utf8(data) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => rest.extend_from_slice(&data[e.valid_up_to()..]),
            Err(_) => return Ok(None),
        }
        pending = rest;
        planner.feed(body);
    }
    if !pending.is_empty() || !planner.any_text {
        return Ok(None);
    }
    Ok(Some(Plan {
        sha256: hex(&hasher.finalize()),
        bytes: planner.pos,
        bom: planner.bom,
        line_endings: line_endings_of(planner.lf, planner.crlf, planner.cr),
        sections: planner.finish(),
    }))
}

/// The byte-by-byte state of [`plan`].
struct Planner {
    nominal: u64,
    /// Cut fallbacks past the nominal length: a line start after this many
    /// more bytes, then a space after twice as many, then any character
    /// boundary after three times.
    slack: u64,
    /// File offset of the next byte fed.
    pos: u64,
    bom: bool,
    any_text: bool,
    sections: Vec<Section>,
    start: u64,
    chars: usize,
    lines: usize,
    col: usize,
    lf: usize,
    crlf: usize,
    cr: usize,
    prev_cr: bool,
    prev_space: bool,
    /// The line being read holds only whitespace so far.
    line_blank: bool,
    /// Last non-whitespace byte of the line being read.
    line_last: u8,
    /// The last non-blank line ended a sentence.
    sentence_ended: bool,
}

impl Planner {
    fn new(nominal: u64) -> Self {
        Planner {
            nominal,
            slack: nominal / 8 + 1,
            pos: 0,
            bom: false,
            any_text: false,
            sections: Vec::new(),
            start: 0,
            chars: 0,
            lines: 0,
            col: 0,
            lf: 0,
            crlf: 0,
            cr: 0,
            prev_cr: false,
            prev_space: false,
            line_blank: true,
            line_last: 0,
            sentence_ended: false,
        }
    }

    /// Starts the first section after `skipped` bytes that are not text
    /// (a BOM).
    fn begin(&mut self, skipped: u64) {
        self.pos = skipped;
        self.start = skipped;
        self.sections.push(Section {
            range: skipped..skipped,
            origin: Origin {
                byte: skipped as usize,
                ..Origin::default()
            },
        });
    }

    /// Feeds the next bytes of text.
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let char_start = b & 0xC0 != 0x80;
            // No line start for a while: cut inside the line, before this
            // byte, after a space if there is one, else anywhere.
            let over = self.pos - self.start;
            if over >= self.nominal + 2 * self.slack
                && char_start
                && b != b'\n'
                && (self.prev_space || over >= self.nominal + 3 * self.slack)
            {
                self.cut();
            }
            self.prev_space = b == b' ';
            if char_start {
                self.chars += 1;
                self.col += 1;
            }
            self.pos += 1;
            match b {
                b'\n' => {
                    if self.prev_cr {
                        self.crlf += 1;
                        self.cr -= 1;
                    } else {
                        self.lf += 1;
                    }
                    self.lines += 1;
                    self.col = 0;
                    let was_blank = self.line_blank;
                    if !was_blank {
                        self.sentence_ended = matches!(
                            self.line_last,
                            b'.' | b'!' | b'?' | b':' | b';' | b'"' | b'\''
                        );
                    }
                    self.line_blank = true;
                    // A line starts here: cut at a paragraph break after a
                    // finished sentence, or at any line start once late.
                    let over = self.pos - self.start;
                    let paragraph = was_blank && self.sentence_ended;
                    if over >= self.nominal && (paragraph || over >= self.nominal + self.slack) {
                        self.cut();
                    }
                }
                b'\r' => self.cr += 1,
                b' ' | b'\t' | 0x0B | 0x0C => {}
                _ => {
                    self.any_text = true;
                    self.line_blank = false;
                    self.line_last = b;
                }
            }
            self.prev_cr = b == b'\r';
        }
    }

    /// Ends the current section before the next byte.
    fn cut(&mut self) {
        if self.pos == self.start {
            return;
        }
        let at = self.pos;
        if let Some(last) = self.sections.last_mut() {
            last.range.end = at;
        }
        self.sections.push(Section {
            range: at..at,
            origin: Origin {
                byte: at as usize,
                char: self.chars,
                line: self.lines,
                col: self.col,
                sentence: 0,
            },
        });
        self.start = at;
    }

    fn finish(mut self) -> Vec<Section> {
        if let Some(last) = self.sections.last_mut() {
            last.range.end = self.pos;
        }
        if self.sections.len() > 1 && self.sections.last().is_some_and(|s| s.range.is_empty()) {
            self.sections.pop();
        }
        self.sections
    }
}

/// Reads one section's text.
pub fn read_section(path: &Path, range: &Range<u64>) -> Result<String, String> {
    let mut f = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    f.seek(SeekFrom::Start(range.start))
        .map_err(|e| format!("cannot read: {e}"))?;
    let mut buf = vec![0u8; (range.end - range.start) as usize];
    f.read_exact(&mut buf)
        .map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(buf).map_err(|_| "the file changed while it was read".to_string())
}

/// Sentences in one section's text, as the text view counts them.
pub fn count_sentences(text: &str) -> usize {
    TextView::new(text).sentences().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(bytes: &[u8], nominal: u64) -> Option<Plan> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.txt");
        std::fs::write(&p, bytes).unwrap();
        plan(&p, nominal).unwrap()
    }

    /// Each section's origin against a count over the whole text.
    fn assert_origins(bytes: &[u8], plan: &Plan) {
        let text = std::str::from_utf8(bytes).unwrap();
        let base = if plan.bom { 3 } else { 0 };
        assert_eq!(plan.sections[0].range.start, base as u64);
        assert_eq!(plan.sections.last().unwrap().range.end, bytes.len() as u64);
        for w in plan.sections.windows(2) {
            assert_eq!(w[0].range.end, w[1].range.start);
        }
        for s in &plan.sections {
            let at = s.range.start as usize;
            let before = &text[base..at];
            assert_eq!(s.origin.byte, at);
            assert_eq!(s.origin.char, before.chars().count());
            assert_eq!(s.origin.line, before.matches('\n').count());
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(s.origin.col, before[line_start..].chars().count());
        }
    }

    #[test]
    fn cuts_at_paragraph_breaks_after_finished_sentences() {
        let para = "The alliance held. Troops stayed \u{2013} all of them.\n\n";
        let unfinished = "A heading without a stop\n\n";
        let text = format!("{}{unfinished}{}", para.repeat(40), para.repeat(40));
        let plan = plan_of(text.as_bytes(), 1000).unwrap();
        assert!(plan.sections.len() > 3);
        assert_origins(text.as_bytes(), &plan);
        for s in &plan.sections[1..] {
            let at = s.range.start as usize;
            assert!(
                text[..at].ends_with(".\n\n"),
                "cut after a sentence and a blank line"
            );
        }
        assert_eq!(plan.line_endings, "lf");
    }

    #[test]
    fn falls_back_to_lines_then_spaces_then_characters() {
        // No blank lines: cut at line starts.
        let lines = "one line of text that goes on\n".repeat(100);
        let plan = plan_of(lines.as_bytes(), 300).unwrap();
        assert!(plan.sections.len() > 3);
        assert_origins(lines.as_bytes(), &plan);
        // One line: cut after spaces, columns carried.
        let line = "word \u{00e9}t\u{00e9} ".repeat(400);
        let plan = plan_of(line.as_bytes(), 300).unwrap();
        assert!(plan.sections.len() > 3);
        assert_origins(line.as_bytes(), &plan);
        // No spaces either: any character boundary, never inside one.
        let blob = "\u{00e9}".repeat(3000);
        let plan = plan_of(blob.as_bytes(), 300).unwrap();
        assert!(plan.sections.len() > 3);
        assert_origins(blob.as_bytes(), &plan);
    }

    #[test]
    fn bom_crlf_and_multibyte_characters_across_read_blocks() {
        // A 3-byte character straddles the 1 MiB read block boundary.
        let mut text = String::from("\u{feff}");
        while text.len() < (1 << 20) - 1 {
            text.push_str("Line of text.\r\n\r\n");
        }
        text.truncate((1 << 20) - 1);
        text.push_str("\u{2013}tail.\r\n");
        let plan = plan_of(text.as_bytes(), 100_000).unwrap();
        assert!(plan.bom);
        assert_eq!(plan.line_endings, "crlf");
        assert_origins(text.as_bytes(), &plan);
        for s in &plan.sections {
            let section = read_section_bytes(text.as_bytes(), &s.range);
            assert!(std::str::from_utf8(section).is_ok());
        }
    }

    fn read_section_bytes<'a>(b: &'a [u8], r: &Range<u64>) -> &'a [u8] {
        &b[r.start as usize..r.end as usize]
    }

    #[test]
    fn files_that_are_not_plain_utf8_text_are_not_planned() {
        assert!(plan_of(b"caf\xe9 au lait\n", 4).is_none(), "Windows-1252");
        assert!(plan_of(b"text\x00binary\n", 4).is_none(), "NUL");
        assert!(plan_of(b"\xff\xfet\x00e\x00", 4).is_none(), "UTF-16");
        assert!(plan_of(b" \n\n\t\n", 4).is_none(), "only whitespace");
        assert!(plan_of("ends inside \u{2013}".as_bytes().split_last().unwrap().1, 4).is_none());
    }

    #[test]
    fn sections_read_back_exactly() {
        let text = "First paragraph.\n\nSecond one.\n\nThird.\n";
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.txt");
        std::fs::write(&p, text).unwrap();
        let plan = plan(&p, 5).unwrap().unwrap();
        let joined: String = plan
            .sections
            .iter()
            .map(|s| read_section(&p, &s.range).unwrap())
            .collect();
        assert_eq!(joined, text);
        assert_eq!(plan.sha256.len(), 64);
        assert_eq!(plan.bytes, text.len() as u64);
    }
}
