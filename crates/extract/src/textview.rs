//! The text view: one document's decoded text, a normalized copy that the
//! extractors match on, and the offset map that takes every match back to
//! the exact bytes of the original.
//!
//! Normalization never rewrites the document. It builds a second string in
//! which typographic variants are folded (curly quotes to straight, dashes to
//! `-`, odd spaces to ` `, ligatures expanded, soft hyphens, zero-width
//! characters and CRs dropped, markdown link and bold markup removed) and
//! records each change as an `Edit`. Between edits the two strings are
//! byte-for-byte equal, so the map costs memory only where the text changed,
//! and a plain ASCII document has no edits at all.
//!
//! The view also owns the indexes that provenance needs: line starts (for
//! line/column), sentence spans (for the context column) and noise lines
//! (PDF-extraction garbage that no extractor should read facts from).

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use crate::bytescan::is_ascii_space;
use crate::sentences::Segmenter;

mod noise;

use noise::find_noise;
#[cfg(test)]
use noise::{
    is_noise_any_line, is_noise_ascii_line, is_noise_line, is_suspect, noise_cues, web_addresses,
    FILE_EXTENSIONS, URL, URL_CUES,
};

/// One change made by normalization: `raw[raw_start..raw_end]` became
/// `norm[norm_start..norm_end]` (possibly empty: a deletion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    norm_start: usize,
    norm_end: usize,
    raw_start: usize,
    raw_end: usize,
}

/// A document's text with its normalized view and indexes.
#[derive(Debug)]
pub struct TextView<'a> {
    raw: &'a str,
    norm: String,
    edits: Vec<Edit>,
    line_starts: Vec<usize>,
    sentences: Vec<Range<usize>>,
    noise: Vec<Range<usize>>,
    /// Char counts at every `CHAR_MARK` bytes of `raw` (empty for ASCII,
    /// where chars and bytes coincide): char offsets and columns in
    /// constant time, however long the line.
    char_marks: Vec<usize>,
    /// Trigger-word hits of the normalized text with their lane masks,
    /// found by the first extractor that asks and shared by the others
    /// (see `gate`).
    trigger_hits: OnceLock<Vec<(Range<usize>, u64)>>,
    /// See [`TextView::capitals`].
    capitals: OnceLock<Vec<usize>>,
    /// See [`TextView::digit_runs`].
    digit_runs: OnceLock<Vec<Range<usize>>>,
    /// Where the last lookup in `edits`, `line_starts` and `sentences`
    /// ended (see [`hinted_partition_point`]).
    edit_hint: AtomicUsize,
    line_hint: AtomicUsize,
    sentence_hint: AtomicUsize,
}

/// Spacing of the char-count marks; a lookup scans at most this many bytes.
const CHAR_MARK: usize = 256;

/// Markdown inline link `[text](target)`: the brackets and target are markup,
/// the text is content. The text may wrap onto the next line (web text is
/// wrapped at a fixed width) but never crosses a blank line, so a stray `[`
/// cannot swallow a paragraph. The specification [`bracket_markup`] follows,
/// and tests it against.
#[cfg(test)]
static MD_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[((?:[^\[\]\n]|\n[^\[\]\n]){1,500})\]\(([^()\s]{0,1000})\)").expect("valid regex")
});

/// The markup of `raw`'s square brackets, sorted: each markdown link's
/// `[` and `](target)` ([`MD_LINK`]), and each reference mark
/// ([`CITATION_MARK`]) glued to the text before it and outside a link.
///
/// Found in one pass over the `[`s, without the regex engine: the link
/// text cannot hold a bracket, so from a `[` the only possible link closes
/// at the next `]`, and each `[` is tested once; a reference mark holds
/// one `[` and no parenthesis, so none overlaps another or reaches into a
/// link from outside. (A whole-text search for `](` and the mark's regex
/// over every text with a `[` were 1.2% of a run on the archive.)
fn bracket_markup(raw: &str) -> Vec<Range<usize>> {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'[', &bytes[from..]) {
        let open = from + k;
        from = open + 1;
        if let Some((whole, text)) = md_link_at(raw, open) {
            out.push(whole.start..text.start);
            out.push(text.end..whole.end);
            from = whole.end;
        } else if let Some(end) = citation_mark_at(raw, open) {
            let glued = raw[..open]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace());
            if glued {
                out.push(open..end);
            }
        }
    }
    out
}

/// The end of the [`CITATION_MARK`] match at the `[` at `open`, if one
/// starts there. Only a digit (or a byte outside ASCII, which may start a
/// non-ASCII one) after the bracket is worth the regex.
fn citation_mark_at(raw: &str, open: usize) -> Option<usize> {
    /// `[`, three digits of at most four bytes each, `]`.
    const LONGEST: usize = 1 + 3 * 4 + 1;
    let next = *raw.as_bytes().get(open + 1)?;
    if !(next.is_ascii_digit() || next >= 0x80) {
        return None;
    }
    let m = CITATION_MARK.find(window_after(raw, open, LONGEST))?;
    (m.start() == 0).then_some(open + m.end())
}

/// The [`MD_LINK`] match starting at the `[` at `open`, if any.
fn md_link_at(raw: &str, open: usize) -> Option<(Range<usize>, Range<usize>)> {
    let bytes = raw.as_bytes();
    let text_start = open + 1;
    // The text: up to the first bracket, no blank line, a newline only
    // before another character of the text; 1 to 500 characters, a
    // newline counting with the character after it.
    let close = text_start + memchr::memchr2(b'[', b']', &bytes[text_start..])?;
    if bytes[close] != b']' {
        return None;
    }
    let mut units = 0usize;
    let mut after_newline = false;
    for c in raw[text_start..close].chars() {
        if c == '\n' {
            if after_newline {
                return None;
            }
            after_newline = true;
        } else {
            units += 1;
            after_newline = false;
        }
    }
    if after_newline || units == 0 || units > 500 {
        return None;
    }
    // Then `(target)`: no parenthesis, no whitespace, at most 1,000
    // characters.
    if bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let target_start = close + 2;
    let target_end = target_start + memchr::memchr2(b'(', b')', &bytes[target_start..])?;
    let target = &raw[target_start..target_end];
    if bytes[target_end] != b')'
        || target.chars().any(char::is_whitespace)
        || target.chars().count() > 1000
    {
        return None;
    }
    Some((open..target_end + 1, text_start..close))
}

/// An inline HTML tag left in web text (`21<sup>st</sup>`, `<span
/// class=...>`): formatting around content, never content. Block tags
/// (`<td>`, `<p>`) are kept: they separate what they hold.
static HTML_INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)</?(?:sup|sub|span|strong|em|b|i|u|s|a|small|mark|abbr|font|ins|del)(?:\s[^<>\n]{0,400})?/?>"#,
    )
    .expect("valid regex")
});

/// A numbered reference mark: `[4]`, `[12]`.
static CITATION_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\d{1,3}\]").expect("valid regex"));

/// A view being built, one stage at a time: [`TextView::new`] runs the
/// stages in a row; a caller building the views of many texts can run
/// each stage over all of them before the next, keeping its tables and
/// code in cache.
pub struct Stages<'a>(TextView<'a>, Vec<usize>);

impl<'a> Stages<'a> {
    /// The first stage: the normalized text, its offset map and the line
    /// and character indexes of `raw` (already decoded, BOM removed).
    pub fn normalize(raw: &'a str) -> Self {
        let (norm, edits) = normalize(raw);
        let mut line_starts = Vec::with_capacity(lines_expected(raw.len()));
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', raw.as_bytes()).map(|i| i + 1));
        // The normalized text's lines, for the next two stages (one pass,
        // where each stage found them again).
        let norm_line_ends = line_ends(&norm);
        Stages(
            TextView {
                raw,
                norm,
                edits,
                line_starts,
                sentences: Vec::new(),
                noise: Vec::new(),
                char_marks: char_marks(raw),
                trigger_hits: OnceLock::new(),
                capitals: OnceLock::new(),
                digit_runs: OnceLock::new(),
                edit_hint: AtomicUsize::new(0),
                line_hint: AtomicUsize::new(0),
                sentence_hint: AtomicUsize::new(0),
            },
            norm_line_ends,
        )
    }

    /// The second: the lines of extraction garbage.
    pub fn find_noise(&mut self) {
        self.0.noise = find_noise(&self.0.norm, &self.1);
    }

    /// The last: the sentences, and the finished view.
    pub fn segment(mut self) -> TextView<'a> {
        self.0.sentences = segment_sentences(&self.0.norm, &self.1);
        self.0
    }
}

impl<'a> TextView<'a> {
    /// Builds the view of `raw` (already decoded, BOM removed).
    pub fn new(raw: &'a str) -> Self {
        let mut stages = Stages::normalize(raw);
        stages.find_noise();
        stages.segment()
    }

    /// Offsets in the normalized text of every byte that can begin a
    /// capital letter ([`crate::bytescan::may_begin_capital`]), in order,
    /// found in one pass on the first call. The searches that start only at capitals (the
    /// chunker, the lexicon, the state names) walk this list instead of
    /// each reading every byte.
    pub fn capitals(&self) -> &[usize] {
        self.capitals
            .get_or_init(|| crate::bytescan::capital_positions(self.norm.as_bytes()))
    }

    /// The runs of ASCII digits of the normalized text, each whole, in
    /// order, found in one pass on the first call: the date patterns'
    /// years and the days of the month read them instead of each reading
    /// every byte for digits.
    pub fn digit_runs(&self) -> &[Range<usize>] {
        self.digit_runs
            .get_or_init(|| crate::bytescan::digit_runs(self.norm.as_bytes()))
    }

    /// The trigger hits of the normalized text: `find`'s result on the
    /// first call, kept for every later one. Only `gate` calls
    /// this, always with the same `find`.
    pub(crate) fn trigger_hits(
        &self,
        find: impl FnOnce(&str) -> Vec<(Range<usize>, u64)>,
    ) -> &[(Range<usize>, u64)] {
        self.trigger_hits.get_or_init(|| find(&self.norm))
    }

    /// The original (decoded) text.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The normalized text extractors match on.
    pub fn norm(&self) -> &str {
        &self.norm
    }

    /// Maps a normalized span to the original span that produced it.
    /// The result always lies on char boundaries of the original.
    pub fn to_raw(&self, span: Range<usize>) -> Range<usize> {
        let start = self.raw_start(span.start);
        let end = self.raw_end(span.end).max(start);
        start..end
    }

    /// Normalized offsets, in order, of the one-byte characters that
    /// normalization made of the ASCII byte `b` (a tab folded to a space):
    /// where the file had `b`, found once instead of by a [`Self::to_raw`]
    /// per character.
    pub fn replaced_bytes(&self, b: u8) -> Vec<usize> {
        let raw = self.raw.as_bytes();
        self.edits
            .iter()
            .filter(|e| {
                e.raw_end == e.raw_start + 1
                    && e.norm_end == e.norm_start + 1
                    && raw[e.raw_start] == b
            })
            .map(|e| e.norm_start)
            .collect()
    }

    /// The original text under a normalized span.
    pub fn raw_text(&self, span: Range<usize>) -> &'a str {
        let r = self.to_raw(span);
        &self.raw[r]
    }

    /// `self.edits.partition_point(pred)` (see [`hinted_partition_point`]).
    fn edits_before(&self, pred: impl Fn(&Edit) -> bool) -> usize {
        hinted_partition_point(&self.edits, &self.edit_hint, pred)
    }

    fn raw_start(&self, n: usize) -> usize {
        let i = self.edits_before(|e| e.norm_start <= n);
        match i.checked_sub(1).map(|i| self.edits[i]) {
            None => n,
            Some(e) if n < e.norm_end => e.raw_start,
            Some(e) => e.raw_end + (n - e.norm_end),
        }
    }

    fn raw_end(&self, n: usize) -> usize {
        let i = self.edits_before(|e| e.norm_start < n);
        match i.checked_sub(1).map(|i| self.edits[i]) {
            None => n,
            Some(e) if n < e.norm_end => e.raw_end,
            Some(e) => e.raw_end + (n - e.norm_end),
        }
    }

    /// 1-based line and 1-based column (in characters) of a raw offset.
    pub fn line_col(&self, raw_pos: usize) -> (usize, usize) {
        let line = hinted_partition_point(&self.line_starts, &self.line_hint, |&s| s <= raw_pos);
        let start = self.line_starts[line - 1];
        (
            line,
            self.char_offset(raw_pos) - self.char_offset(start) + 1,
        )
    }

    /// Where a raw span stands, as a row's provenance gives it: 1-based
    /// line and column (in characters) of its start, and its character
    /// offsets. [`TextView::line_col`] and [`TextView::char_offset`] of
    /// both ends, each character counted once: the column from the
    /// line's start and the end from the span's start when they are near
    /// (most lines and every fact are shorter than the marks' spacing),
    /// else from the marks.
    pub fn place(&self, raw: Range<usize>) -> (usize, usize, Range<usize>) {
        let line = hinted_partition_point(&self.line_starts, &self.line_hint, |&s| s <= raw.start);
        let line_start = self.line_starts[line - 1];
        if self.char_marks.is_empty() {
            return (line, raw.start - line_start + 1, raw);
        }
        let bytes = self.raw.as_bytes();
        let start = self.char_offset(raw.start);
        let col = if raw.start - line_start <= CHAR_MARK {
            count_char_starts(&bytes[line_start..raw.start])
        } else {
            start - self.char_offset(line_start)
        };
        let end = if raw.end - raw.start <= CHAR_MARK {
            start + count_char_starts(&bytes[raw.start..raw.end])
        } else {
            self.char_offset(raw.end)
        };
        (line, col + 1, start..end)
    }

    /// Offset in Unicode scalar values of a raw byte offset.
    pub fn char_offset(&self, raw_pos: usize) -> usize {
        if self.char_marks.is_empty() {
            return raw_pos;
        }
        let k = raw_pos / CHAR_MARK;
        self.char_marks[k] + count_char_starts(&self.raw.as_bytes()[k * CHAR_MARK..raw_pos])
    }

    /// Sentence spans (normalized offsets), in text order.
    pub fn sentences(&self) -> &[Range<usize>] {
        &self.sentences
    }

    /// Index of the sentence holding normalized offset `n` (or the nearest
    /// sentence before it).
    pub fn sentence_index(&self, n: usize) -> usize {
        hinted_partition_point(&self.sentences, &self.sentence_hint, |s| s.start <= n)
            .saturating_sub(1)
    }

    /// The sentence holding normalized offset `n`, as a normalized span.
    pub fn sentence_of(&self, n: usize) -> Range<usize> {
        self.sentences
            .get(self.sentence_index(n))
            .cloned()
            .unwrap_or(0..self.norm.len())
    }

    /// The context column: the original sentence around a normalized
    /// offset as a reader sees it (markup removed, typography kept),
    /// whitespace collapsed, cut to 300 characters.
    pub fn context(&self, n: usize) -> String {
        let mut out = String::new();
        self.context_into(n, &mut out);
        out
    }

    /// [`TextView::context`] written into `out`, cleared first: a caller
    /// building many cells reuses one buffer instead of allocating a
    /// string per cell only to copy it into the cell.
    pub fn context_into(&self, n: usize, out: &mut String) {
        out.clear();
        collapse_ws_into(&self.display_cow(self.sentence_of(n)), 300, out);
    }

    /// The original text under a normalized span with what normalization
    /// deleted (link and emphasis markup, inline HTML tags, reference
    /// marks, soft hyphens) left out, and everything it only folded
    /// (curly quotes, dashes, bullets) kept as written: text to show a
    /// person.
    pub fn display_text(&self, span: Range<usize>) -> String {
        self.display_cow(span).into_owned()
    }

    /// [`TextView::display_text`], borrowed from the original text where
    /// normalization deleted nothing under the span (most spans).
    pub fn display_cow(&self, span: Range<usize>) -> std::borrow::Cow<'a, str> {
        let raw = self.to_raw(span);
        let first = self.edits_before(|e| e.raw_end <= raw.start);
        let deletions = self.edits[first..]
            .iter()
            .take_while(|e| e.raw_start < raw.end)
            .filter(|e| e.norm_start == e.norm_end);
        let mut out: Option<String> = None;
        let mut pos = raw.start;
        for e in deletions {
            if e.raw_start >= pos {
                let out = out.get_or_insert_with(|| String::with_capacity(raw.len()));
                out.push_str(&self.raw[pos..e.raw_start]);
                pos = e.raw_end.min(raw.end);
            }
        }
        let rest = &self.raw[pos.min(raw.end)..raw.end];
        match out {
            None => std::borrow::Cow::Borrowed(rest),
            Some(mut out) => {
                out.push_str(rest);
                std::borrow::Cow::Owned(out)
            }
        }
    }

    /// True when the normalized span lies on a line classed as
    /// PDF-extraction garbage.
    pub fn in_noise(&self, span: &Range<usize>) -> bool {
        let i = self.noise.partition_point(|r| r.end <= span.start);
        self.noise
            .get(i)
            .is_some_and(|r| r.start < span.end && span.start < r.end)
    }

    /// Normalized line spans holding PDF-extraction garbage.
    pub fn noise_lines(&self) -> &[Range<usize>] {
        &self.noise
    }
}

/// `items.partition_point(pred)`, tried first where the last lookup with
/// `hint` ended and just after: rows are mapped in text order, mostly,
/// and a binary search over hundreds of items mispredicts a branch at
/// about every step. `pred` must hold for a prefix of `items`, as for a
/// binary search.
fn hinted_partition_point<T>(items: &[T], hint: &AtomicUsize, pred: impl Fn(&T) -> bool) -> usize {
    let is_cut =
        |i: usize| (i == 0 || pred(&items[i - 1])) && items.get(i).is_none_or(|x| !pred(x));
    let h = hint.load(Relaxed).min(items.len());
    let i = if is_cut(h) {
        h
    } else if h < items.len() && is_cut(h + 1) {
        h + 1
    } else {
        items.partition_point(pred)
    };
    hint.store(i, Relaxed);
    i
}

/// Whether `s` ends with the word `w` after a space (`" {w}"`), without
/// building that string: the cue tests ask it of a few words at every
/// candidate.
pub fn ends_with_word(s: &str, w: &str) -> bool {
    s.strip_suffix(w).is_some_and(|head| head.ends_with(' '))
}

/// Up to `max` bytes of `text` before `pos`, cut on a char boundary.
pub fn window_before(text: &str, pos: usize, max: usize) -> &str {
    let mut from = pos.saturating_sub(max);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..pos]
}

/// Up to `max` bytes of `text` after `pos`, cut on a char boundary.
pub fn window_after(text: &str, pos: usize, max: usize) -> &str {
    let mut to = text.len().min(pos + max);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[pos..to]
}

/// Bytes that start a char (not UTF-8 continuation bytes).
fn count_char_starts(bytes: &[u8]) -> usize {
    count_bytes(bytes, |b| (b as i8) >= -0x40)
}

/// How many bytes satisfy `pred`, summed in byte-wide lanes over chunks of
/// 255 (which cannot overflow one), a shape the compiler vectorizes; a
/// `filter().count()` over the bytes it did not.
fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(pred(b)))))
        .sum()
}

fn char_marks(raw: &str) -> Vec<usize> {
    if raw.is_ascii() {
        return Vec::new();
    }
    let bytes = raw.as_bytes();
    let mut marks = Vec::with_capacity(bytes.len() / CHAR_MARK + 1);
    let mut count = 0;
    for chunk in bytes.chunks(CHAR_MARK) {
        marks.push(count);
        count += count_char_starts(chunk);
    }
    marks.push(count);
    marks
}

/// The words of `s` joined by single spaces: `split_whitespace` joined,
/// copied a run at a time (see [`collapse_ws`]), without a vector of
/// words and a second copy.
pub fn join_words(s: &str) -> String {
    collapse_ws(s, usize::MAX)
}

/// Collapses runs of whitespace to one space, trims, and cuts to `max`
/// chars: the words of `s` joined by single spaces, cut (every context
/// cell goes through here).
///
/// The text is copied a run at a time, not a word at a time: a run of
/// words joined by single spaces is already collapsed, so only where a
/// line breaks, spaces double or Unicode white space stands does the
/// copy stop (a hard-wrapped sentence stops once a line, not once a
/// word). The text is read only up to the cut.
pub fn collapse_ws(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max));
    collapse_ws_into(s, max, &mut out);
    out
}

/// [`collapse_ws`], appended to `out`.
fn collapse_ws_into(s: &str, max: usize, out: &mut String) {
    out.reserve(s.len().min(max));
    // Chars appended.
    let mut n = 0;
    let mut i = skip_ws(s, 0);
    while i < s.len() && n < max {
        if n > 0 {
            out.push(' ');
            n += 1;
        }
        let end = collapsed_run_end(s, i);
        let run = &s[i..end];
        let chars = count_char_starts(run.as_bytes());
        if n + chars > max {
            out.extend(run.chars().take(max - n));
            break;
        }
        out.push_str(run);
        n += chars;
        i = skip_ws(s, end);
    }
}

/// Where the run of words joined by single ASCII spaces that starts at
/// `i` (a word's first byte) ends: at the first white space that is not
/// one such space (a line break, a second space, a space ending the text,
/// a no-break space) or the end.
///
/// Eight bytes are read at a time, and only the bytes that may end the
/// run ([`crate::bytescan::run_break_bits`]: a byte outside ASCII, a
/// control byte, a space before either or before a space) are stepped
/// through as [`run_step`] steps every byte. Prose from the web has a
/// curly quote or a dash every few words; a block test passed only
/// blocks holding none, and stepped byte by byte through the rest.
fn collapsed_run_end(s: &str, mut i: usize) -> usize {
    let bytes = s.as_bytes();
    // Where stepping resumes: past the last char stepped over, which may
    // reach into the next word of eight.
    let mut resume = i;
    while let Some(word) = bytes.get(i..i + 9) {
        let x = u64::from_le_bytes(word[..8].try_into().expect("eight bytes"));
        let mut bits = crate::bytescan::run_break_bits(x, word[8]);
        while bits != 0 {
            let p = i + (bits.trailing_zeros() / 8) as usize;
            bits &= bits - 1;
            if p >= resume {
                match run_step(s, p) {
                    Some(next) => resume = next,
                    None => return p,
                }
            }
        }
        i = (i + 8).max(resume);
    }
    while i < s.len() {
        match run_step(s, i) {
            Some(next) => i = next,
            None => return i,
        }
    }
    i
}

/// One step of [`collapsed_run_end`] at the char starting at byte `i`:
/// `None` when the run ends there, else where the next char starts.
fn run_step(s: &str, i: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let b = bytes[i];
    if b >= 0x80 {
        let c = s[i..].chars().next().unwrap_or(' ');
        return (!c.is_whitespace()).then(|| i + c.len_utf8());
    }
    let next = bytes.get(i + 1).copied().unwrap_or(b' ');
    let ends = (b != b' ' && is_ascii_space(b))
        || (b == b' ' && (is_ascii_space(next) || next >= 0x80 && starts_ws(s, i + 1)));
    (!ends).then_some(i + 1)
}

/// Whether the char at byte `i` of `s` is white space.
fn starts_ws(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(char::is_whitespace)
}

/// The first byte at or after `i` that is not white space. ASCII spaces
/// are stepped over as bytes; only a character outside ASCII is decoded
/// (every collapsed run of a context cell ends here).
fn skip_ws(s: &str, i: usize) -> usize {
    let bytes = s.as_bytes();
    let mut j = i;
    while j < bytes.len() && crate::bytescan::is_ascii_space(bytes[j]) {
        j += 1;
    }
    if j == bytes.len() || bytes[j].is_ascii() {
        return j;
    }
    j + (s.len() - j - s[j..].trim_start().len())
}

/// What a single character becomes in the normalized view.
/// `None` means unchanged.
pub fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FE58}'
        | '\u{FE63}' | '\u{FF0D}' => "-",
        // An em dash or horizontal bar separates clauses: fold it to a
        // spaced hyphen so it never glues two words into one compound.
        '\u{2014}' | '\u{2015}' => " - ",
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\t'
        | '\u{000B}'
        | '\u{000C}' => " ",
        '\u{2028}' | '\u{2029}' | '\u{0085}' => "\n",
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => "",
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        '\u{2026}' => "...",
        '\u{2022}' | '\u{2023}' | '\u{25AA}' | '\u{25CF}' | '\u{25E6}' | '\u{2043}'
        | '\u{00B7}' => "*",
        _ => return None,
    })
}

/// The ranges of `raw` that normalization deletes (markup, soft hyphens,
/// CRs), in order: what a reader's rendering of the original leaves out.
/// Normalization alone, without the view's indexes.
pub fn deleted_ranges(raw: &str) -> Vec<Range<usize>> {
    normalize(raw)
        .1
        .into_iter()
        .filter(|e| e.norm_start == e.norm_end)
        .map(|e| e.raw_start..e.raw_end)
        .collect()
}

/// Bytes that normalization may change or delete: non-ASCII, CR, odd
/// spaces, markdown escapes and emphasis markers. Comparisons, not a
/// table, so that `bytescan` tests 32 bytes at once.
fn may_change(b: u8) -> bool {
    // `|`, not `||`: no branch per test, so that the block test vectorizes.
    (b >= 0x80)
        | (b == b'\t')
        | (b == 0x0B)
        | (b == 0x0C)
        | (b == b'\r')
        | (b == b'\\')
        | (b == b'*')
        | (b == b'_')
}

/// Builds the normalized string and the list of edits.
fn normalize(raw: &str) -> (String, Vec<Edit>) {
    let mut norm = String::with_capacity(raw.len());
    // Web text has a curly quote, a dash or a markup mark every few
    // sentences, each an edit: room for about one in 64 bytes, reserved
    // at once rather than grown by doubling.
    let mut edits: Vec<Edit> = Vec::with_capacity(raw.len() / 64);
    // Markup ranges to delete, sorted by start: links' brackets and
    // targets, reference marks glued to text (`Vietnam.[4] Today`,
    // `treaty[12]`: apparatus, not content, and in the way of sentence
    // breaks), inline HTML tags.
    let mut markup = bracket_markup(raw);
    if memchr::memchr(b'<', raw.as_bytes()).is_some() {
        add_html_tags(raw, &mut markup);
    }
    let mut next_markup = 0;
    let bytes = raw.as_bytes();
    let mut i = 0;
    let mut record = |norm: &mut String, raw_range: Range<usize>, repl: &str| {
        let ns = norm.len();
        norm.push_str(repl);
        let e = Edit {
            norm_start: ns,
            norm_end: norm.len(),
            raw_start: raw_range.start,
            raw_end: raw_range.end,
        };
        // Merge a deletion into the previous deletion when they touch, so
        // runs of deleted characters are one edit (a deletion never joins a
        // replacement: `display_text` keeps what was replaced).
        if let Some(last) = edits.last_mut() {
            if last.raw_end == e.raw_start
                && last.norm_end == e.norm_start
                && last.norm_start == last.norm_end
                && repl.is_empty()
            {
                last.raw_end = e.raw_end;
                return;
            }
        }
        edits.push(e);
    };
    while i < raw.len() {
        let next_cut = markup.get(next_markup).map_or(raw.len(), |r| r.start);
        if next_cut == i {
            let r = markup[next_markup].clone();
            record(&mut norm, r.clone(), "");
            next_markup += 1;
            i = r.end;
            continue;
        }
        // Most text needs no change: copy it in runs up to the next byte
        // that might (a char boundary, as every special byte is ASCII or
        // starts a multi-byte char).
        let run = crate::bytescan::position(&bytes[i..next_cut], may_change, may_change)
            .unwrap_or(next_cut - i);
        if run > 0 {
            norm.push_str(&raw[i..i + run]);
            i += run;
            continue;
        }
        let b = bytes[i];
        if b.is_ascii() {
            match b {
                b'\r' => {
                    let repl = if bytes.get(i + 1) == Some(&b'\n') {
                        ""
                    } else {
                        "\n"
                    };
                    record(&mut norm, i..i + 1, repl);
                }
                b'\t' | 0x0B | 0x0C => record(&mut norm, i..i + 1, " "),
                // Markdown escapes such as `\(` are markup around content.
                b'\\' if bytes.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                    record(&mut norm, i..i + 1, "");
                }
                // Markdown bold/italic markers (`**`, `__`) carry no content.
                b'*' | b'_' if bytes.get(i + 1) == Some(&b) => {
                    let mut j = i;
                    while j < raw.len() && bytes[j] == b {
                        j += 1;
                    }
                    record(&mut norm, i..j, "");
                    i = j;
                    continue;
                }
                _ => norm.push(b as char),
            }
            i += 1;
            continue;
        }
        let c = raw[i..].chars().next().expect("char boundary");
        let len = c.len_utf8();
        match fold_char(c) {
            Some(repl) => record(&mut norm, i..i + len, repl),
            None => norm.push(c),
        }
        i += len;
    }
    (norm, edits)
}

/// Adds the inline HTML tags of `raw` to the sorted, disjoint `markup`
/// ranges, skipping a tag that overlaps one already there (a tag inside a
/// link target).
fn add_html_tags(raw: &str, markup: &mut Vec<Range<usize>>) {
    let known = markup.len();
    for m in HTML_INLINE_TAG.find_iter(raw) {
        let k = markup[..known].partition_point(|r| r.end <= m.start());
        if markup[..known].get(k).is_none_or(|r| r.start >= m.end()) {
            markup.push(m.range());
        }
    }
    if markup.len() > known {
        markup.sort_by_key(|r| r.start);
    }
}

/// True for a line that opens a list item: bullet characters (already folded
/// to `*`), a hyphen bullet, or an enumerator such as `1.` or `2)`.
fn starts_list_item(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with("* ") || t.starts_with("- ") || t.starts_with("+ ") {
        return true;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && digits <= 2
        && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')'))
        && t.as_bytes().get(digits + 1) == Some(&b' ')
}

/// True when `s` ends with an initialism joined to a word by a hyphen
/// (`Korea-U.S.`, `EU-U.K.`), which no more ends a sentence than `U.S.`
/// does.
fn ends_with_joined_initialism(s: &str) -> bool {
    let t = s.trim_end();
    // The initialism is the run of capitals and periods that ends `t`; a
    // hyphen must stand right before it (a search for the last hyphen
    // would read the whole sentence backwards).
    let tail = t
        .bytes()
        .rev()
        .take_while(|&b| b.is_ascii_uppercase() || b == b'.')
        .count();
    let Some((head, last)) = t[..t.len() - tail]
        .strip_suffix('-')
        .map(|head| (head, &t[t.len() - tail..]))
    else {
        return false;
    };
    is_joined_initialism(head, last)
}

/// Whether `last`, after a hyphen that ends `head`, is an initialism
/// joined to a word (`U.S.` in `Korea-U.S.`): capitals each with a
/// period, two at least, and no space before the hyphen.
fn is_joined_initialism(head: &str, last: &str) -> bool {
    let letters = last.bytes().filter(u8::is_ascii_uppercase).count();
    !head.ends_with(char::is_whitespace)
        && letters >= 2
        && last.len() == 2 * letters
        && last
            .as_bytes()
            .chunks(2)
            .all(|p| p[0].is_ascii_uppercase() && p[1] == b'.')
}

/// Splits the normalized text into blocks at layout breaks (blank lines,
/// list items, headings, lines ending a sentence), then into sentences
/// inside each block with an abbreviation-aware segmenter, so that
/// "U.S. Forces Korea" stays in one sentence while a heading without a
/// full stop does not run into the paragraph below it.
fn segment_sentences(norm: &str, line_ends: &[usize]) -> Vec<Range<usize>> {
    static SEGMENTER: LazyLock<Segmenter> = LazyLock::new(|| {
        Segmenter::with_abbreviations([
            "u.s.a", "r.o.k", "p.r.c", "e.u", "adm", "maj", "brig", "cmdr", "cdr", "ret", "mt",
            "ft", "gens", "amb", "sec", "op", "art", "para", "no", "nos",
        ])
    });
    let mut out = Vec::new();
    let mut block_start = 0;
    let lines = lines_of(norm, line_ends);
    // One vector for every block's sentences.
    let mut spans = Vec::new();
    let mut flush = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        if from >= to {
            return;
        }
        // The segmenter knows `U.S.` but not `Korea-U.S.`: a span ending in
        // an initialism joined by a hyphen runs on into the next.
        let mut pending: Option<Range<usize>> = None;
        // Normalization folds the ellipsis character to three full stops.
        SEGMENTER.spans_into_folded(&norm[from..to], &mut spans);
        for &(s, e) in &spans {
            let span = pending.take().map_or(from + s, |p| p.start)..from + e;
            if ends_with_joined_initialism(&norm[span.clone()]) {
                pending = Some(span);
                continue;
            }
            split_long(norm, span, out);
        }
        if let Some(span) = pending {
            split_long(norm, span, out);
        }
    };
    // Set while a sentence runs on across blank lines (a PDF page break).
    let mut running_on = false;
    for (
        k,
        &Line {
            start,
            text: line,
            body,
        },
    ) in lines.iter().enumerate()
    {
        let end = start + line.len();
        if body.is_empty() && running_on {
            continue;
        }
        let next = lines.get(k + 1);
        let next_body = next.map_or("", |l| l.body);
        let ends_sentence = body.ends_with(['.', '!', '?', ':', ';', '"', '\'']);
        // A line of hard-wrapped prose (five lower-case words or more) is
        // no heading, even when the next line opens with a capital
        // (`... a new Nuclear Consultative` / `Group (NCG) ...`).
        // (Tested last: most lines are settled by the cheaper tests.)
        let prose = || more_words(body, 4, char::is_lowercase, |b| b.is_ascii_lowercase());
        let heading = !body.is_empty()
            && !ends_sentence
            && next_body
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '*' || c == '-')
            && !ends_mid_phrase(body)
            && !more_words(body, 12, |_| true, |_| true)
            && !prose();
        // A rule line (`---`, `***`, front matter's fences) stands alone.
        // (Its characters are ASCII: a test of the bytes is one of chars.)
        let rule = body.len() >= 3
            && body
                .bytes()
                .all(|c| matches!(c, b'-' | b'*' | b'_' | b'+' | b'='));
        if rule && start > block_start {
            flush(block_start, start, &mut out);
            block_start = start;
        }
        let break_after = body.is_empty()
            || ends_sentence
            || heading
            || rule
            || next.is_none_or(|l| l.body.is_empty() || starts_list_item(l.text));
        // A blank line inside a sentence (PDF page breaks) is not a break
        // when the text goes on in lower case.
        let continues = !ends_sentence
            && !body.is_empty()
            && body.ends_with(|c: char| c.is_lowercase() || c == ',')
            && lines[k + 1..]
                .iter()
                .map(|l| l.body)
                .find(|l| !l.is_empty())
                .and_then(|l| l.chars().next())
                .is_some_and(char::is_lowercase);
        running_on = continues;
        if break_after && !continues {
            flush(block_start, end, &mut out);
            block_start = end;
        }
    }
    flush(block_start, norm.len(), &mut out);
    out
}

/// A line of the normalized text (its newline included) and its body,
/// whitespace-trimmed.
#[derive(Clone, Copy)]
struct Line<'t> {
    start: usize,
    text: &'t str,
    body: &'t str,
}

/// The lines of `norm` ending at `ends` ([`line_ends`]), as
/// `split_inclusive('\n')` cuts them, each trimmed once (the segmenter
/// reads a line's body again as the next line of the one before).
fn lines_of<'t>(norm: &'t str, ends: &[usize]) -> Vec<Line<'t>> {
    let mut lines = Vec::with_capacity(ends.len());
    let mut start = 0;
    for &end in ends {
        let text = &norm[start..end];
        lines.push(Line {
            start,
            text,
            body: trim(text),
        });
        start = end;
    }
    lines
}

/// Where each line of `text` ends, its newline included: the cuts of
/// `split_inclusive('\n')`, from one `memchr` pass.
fn line_ends(text: &str) -> Vec<usize> {
    let last = (!text.ends_with('\n') && !text.is_empty()).then_some(text.len());
    let mut ends = Vec::with_capacity(lines_expected(text.len()));
    ends.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    ends.extend(last);
    ends
}

/// Room for the lines of a text of `len` bytes, reserved at once: an
/// index collected from an iterator of unknown length grew by doubling,
/// copying itself eight times on a document of a few hundred lines.
/// Lines of web text and hard-wrapped prose average 40 to 80 bytes; a
/// text of shorter lines grows the index once or twice.
fn lines_expected(len: usize) -> usize {
    len / 32 + 2
}

/// `s.trim()`, with ASCII whitespace trimmed without decoding chars; the
/// Unicode trim runs only where a non-ASCII byte is left at an end.
fn trim(s: &str) -> &str {
    let ws = |b: &u8| is_ascii_space(*b);
    let b = s.as_bytes();
    let from = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let to = b.iter().rposition(|c| !ws(c)).map_or(from, |i| i + 1);
    let t = &s[from..to];
    if t.as_bytes().first().is_some_and(|&c| c >= 0x80)
        || t.as_bytes().last().is_some_and(|&c| c >= 0x80)
    {
        t.trim()
    } else {
        t
    }
}

/// Whether `s` has more than `n` words whose first char passes `first`:
/// `s.split_whitespace().filter(..).nth(n).is_some()`. The words of ASCII
/// text (most lines) are counted from its bytes, with `first_byte` (the
/// same test of an ASCII char, given as comparisons) and without a branch
/// per byte, in byte-wide lanes as `count_bytes` counts.
fn more_words(
    s: &str,
    n: usize,
    first: impl Fn(char) -> bool,
    first_byte: impl Fn(u8) -> bool,
) -> bool {
    if !s.is_ascii() {
        return s
            .split_whitespace()
            .filter(|w| w.starts_with(&first))
            .nth(n)
            .is_some();
    }
    word_starts(s.as_bytes(), first_byte) > n
}

/// How many whitespace-separated words of ASCII `bytes` begin with a byte
/// passing `first`: a word starts at a byte that is no space after one
/// that is (or at the first byte). Counted like [`count_bytes`], in
/// byte-wide lanes without a branch per byte.
fn word_starts(bytes: &[u8], first: impl Fn(u8) -> bool) -> usize {
    let Some(&b0) = bytes.first() else {
        return 0;
    };
    let starts = |cur: &[u8], prev: &[u8]| {
        cur.iter().zip(prev).fold(0u8, |k, (&c, &p)| {
            k + u8::from(!is_ascii_space(c) & is_ascii_space(p) & first(c))
        })
    };
    let head = usize::from(!is_ascii_space(b0) && first(b0));
    let (cur, prev) = (&bytes[1..], &bytes[..bytes.len() - 1]);
    head + cur
        .chunks(255)
        .zip(prev.chunks(255))
        .map(|(c, p)| usize::from(starts(c, p)))
        .sum::<usize>()
}

/// True when a line stops where no heading does: after a comma, a hyphen
/// or a function word (`... stationed in the` / `Republic of Korea`), as
/// hard-wrapped prose does.
fn ends_mid_phrase(line: &str) -> bool {
    if line.ends_with([',', '-', '\u{2013}']) {
        return true;
    }
    let last = line.rsplit(' ').next().unwrap_or("");
    matches!(
        last,
        "the"
            | "a"
            | "an"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "from"
            | "with"
            | "and"
            | "or"
            | "its"
            | "their"
            | "that"
            | "which"
            | "than"
    )
}

/// Longest sentence, in bytes. Text with no full stops (tables, lists run
/// together, a 100 MB line) would otherwise make one huge "sentence", and
/// every sentence-scoped rule would scan it once per fact.
const MAX_SENTENCE: usize = 1500;

/// Pushes `span`, cut into pieces of at most `MAX_SENTENCE` bytes at the
/// last `;` or whitespace before the limit (or a char boundary, failing both).
fn split_long(norm: &str, span: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = span.start;
    while span.end - start > MAX_SENTENCE {
        let mut limit = start + MAX_SENTENCE;
        while !norm.is_char_boundary(limit) {
            limit -= 1;
        }
        let piece = &norm[start..limit];
        let cut = piece
            .rfind("; ")
            .map(|i| i + 2)
            .or_else(|| piece.rfind(char::is_whitespace).map(|i| i + 1))
            .filter(|&i| i > 0)
            .unwrap_or(piece.len());
        out.push(start..start + cut);
        start += cut;
        while start < span.end && norm.as_bytes()[start].is_ascii_whitespace() {
            start += 1;
        }
    }
    if start < span.end {
        out.push(start..span.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// The byte-level noise test agrees with the char-level one on ASCII
        /// lines, garbage-like or not.
        #[test]
        fn ascii_noise_test_agrees(line in "([a-zA-Z0-9()\\[\\]{}.,;:-]{1,9}[ \t\x0b\x0c\r]{1,2}){0,14}") {
            prop_assert_eq!(is_noise_ascii_line(&line), is_noise_any_line(&line));
        }

        /// `ends_with_word` says what a test against `" {w}"` says.
        #[test]
        fn ends_with_word_is_a_suffix_test_with_a_space(
            s in "(in|on| |a|n|\u{e9}|\u{a0}){0,8}",
            w in "(in|on|a|n|\u{e9}){0,2}",
        ) {
            prop_assert_eq!(ends_with_word(&s, &w), s.ends_with(&format!(" {w}")));
        }

        /// The count of digits and brackets turns away only lines the
        /// token test would: any text, outside ASCII too.
        #[test]
        fn noise_pretest_keeps_every_noise_line(line in "([a-zA-Z0-9()\\[\\]{}.\u{e9}\u{2019}]{1,9}[ \u{a0}\u{2003}]{1,2}){0,14}") {
            prop_assert_eq!(is_noise_line(&line), is_noise_any_line(&line));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// `replaced_bytes` finds exactly the normalized characters whose
        /// original is one tab, as mapping each back would, around markup
        /// that deletes tabs and text that folds.
        #[test]
        fn replaced_tabs_are_the_tabs_mapped_back(
            raw in "(\t|  |x|\u{2013}|\r\n|\\*\\*|\\[a\tb\\]\\(t\\)|<b\t>|\u{00AD}){0,24}"
        ) {
            let v = TextView::new(&raw);
            let want: Vec<usize> = (0..v.norm().len())
                .filter(|&n| v.norm().is_char_boundary(n) && v.norm().is_char_boundary(n + 1))
                .filter(|&n| {
                    let r = v.to_raw(n..n + 1);
                    r.len() == 1 && raw.as_bytes()[r.start] == b'\t'
                })
                .collect();
            prop_assert_eq!(v.replaced_bytes(b'\t'), want);
        }

        /// Lookups of edits, lines and sentences started from the last
        /// one's place find what a binary search finds, in any order of
        /// offsets.
        #[test]
        fn hinted_lookups_are_binary_searches(
            raw in "(x|\u{2019}|\u{2014}|\r\n|\n|\\. A|\\*\\*|<b>|\u{ad}| ){0,30}",
            at in proptest::collection::vec(0usize..80, 0..40),
        ) {
            let v = TextView::new(&raw);
            for n in at {
                prop_assert_eq!(
                    v.edits_before(|e| e.norm_start <= n),
                    v.edits.partition_point(|e| e.norm_start <= n)
                );
                prop_assert_eq!(
                    v.edits_before(|e| e.norm_start < n),
                    v.edits.partition_point(|e| e.norm_start < n)
                );
                prop_assert_eq!(
                    v.sentence_index(n),
                    v.sentences.partition_point(|s| s.start <= n).saturating_sub(1)
                );
                let line = hinted_partition_point(&v.line_starts, &v.line_hint, |&s| s <= n);
                prop_assert_eq!(line, v.line_starts.partition_point(|&s| s <= n));
            }
        }

        /// Words counted from the bytes of ASCII text are the words
        /// `split_whitespace` cuts, whatever the spaces and the case.
        #[test]
        fn words_counted_from_bytes_are_split_whitespace_words(
            s in "(a|B|c1|\u{e9}t\u{e9}|\u{c9}|-| |  |\t|\x0b|\x0c|\r|\n|\u{a0}|\u{2003}){0,30}",
            n in 0usize..14,
        ) {
            let lower = |c: char| c.is_lowercase();
            prop_assert_eq!(
                more_words(&s, n, lower, |b| b.is_ascii_lowercase()),
                s.split_whitespace().filter(|w| w.starts_with(lower)).nth(n).is_some()
            );
            prop_assert_eq!(
                more_words(&s, n, |_| true, |_| true),
                s.split_whitespace().nth(n).is_some()
            );
        }
    }

    proptest! {
        /// A span's place counted once per character is the place its
        /// ends give, on lines long and short, near the marks and far.
        #[test]
        fn place_is_line_col_and_char_offsets(
            text in "(a|\u{e9}|\u{2019}|\n| |b{250,300}|\u{e9}{100,140}){1,40}",
            from in 0usize..20_000,
            len in 0usize..800,
        ) {
            let view = TextView::new(&text);
            let at = |i: usize| (0..=i.min(text.len())).rev().find(|&k| text.is_char_boundary(k)).unwrap();
            let (start, end) = (at(from), at(from + len));
            let (line, col) = view.line_col(start);
            prop_assert_eq!(
                view.place(start..end),
                (line, col, view.char_offset(start)..view.char_offset(end))
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The hand-written bracket scan finds what the two regexes find:
        /// every link, and every glued reference mark outside a link.
        #[test]
        fn bracket_markup_matches_the_regexes(
            raw in "(\\[|\\]|\\(|\\)|\\]\\(|x|\u{e9}|\u{2003}| |\n|\n\n|\\[x\\]\\(y\\)|\\[a\nb\\]\\(t\\)|\\[\n\\]\\(\\)|\\[x\\]\\(a b\\)|\\[x\\]\\(\\(\\)|\\[a{499,501}\\]\\(x\\)|\\[(a\na){249,251}\\]\\(x\\)|\\[x\\]\\(b{998,1001}\\)|[0-9]{1,2}|\u{663}|\u{1d7d8}|\\[[0-9\u{663}\u{1d7d8}]{0,4}\\]|\\[4\\]\\(x\\)|\\]\\(a\\[4\\]b\\)){0,14}"
        ) {
            let links: Vec<Range<usize>> = MD_LINK
                .captures_iter(&raw)
                .flat_map(|c| {
                    let (whole, text) = (c.get(0).unwrap(), c.get(1).unwrap());
                    [whole.start()..text.start(), text.end()..whole.end()]
                })
                .collect();
            let mut want = links.clone();
            for m in CITATION_MARK.find_iter(&raw) {
                let glued = raw[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_whitespace());
                let inside_link = links.iter().any(|r| r.start < m.end() && m.start() < r.end);
                if glued && !inside_link {
                    want.push(m.range());
                }
            }
            want.sort_by_key(|r| r.start);
            prop_assert_eq!(bracket_markup(&raw), want);
        }
    }

    proptest! {
        #[test]
        fn lines_are_split_inclusive_and_bodies_trimmed(
            norm in "([a-z .]{0,6}[ \t\r\x0b\x0c\u{a0}\u{2003}\u{e9}\n]{0,3}){0,12}"
        ) {
            let mut start = 0;
            let want: Vec<(usize, &str, &str)> = norm
                .split_inclusive('\n')
                .map(|l| {
                    let s = start;
                    start += l.len();
                    (s, l, l.trim())
                })
                .collect();
            let got: Vec<(usize, &str, &str)> =
                lines_of(&norm, &line_ends(&norm)).iter().map(|l| (l.start, l.text, l.body)).collect();
            prop_assert_eq!(got, want);
        }
    }

    /// The old search for the last hyphen: the reference for where the
    /// initialism starts.
    fn ends_with_joined_initialism_by_rsplit(s: &str) -> bool {
        let t = s.trim_end();
        t.rsplit_once('-')
            .is_some_and(|(head, last)| is_joined_initialism(head, last))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn joined_initialism_test_agrees_with_the_hyphen_search(
            s in "(Korea|-|-U\\.S\\.|-E\\.U\\.|U\\.|S\\.|K|\\.| |a|E|\u{c9}\\.){0,8}"
        ) {
            prop_assert_eq!(ends_with_joined_initialism(&s), ends_with_joined_initialism_by_rsplit(&s));
        }
    }

    #[test]
    fn a_space_before_unicode_white_space_collapses_at_any_block_offset() {
        for k in 1..70 {
            for ws in ["\u{a0}", "\u{3000}", "\u{2028}", "\n", " "] {
                let s = format!(
                    "{} {ws}b and more words here to pass a block",
                    "a".repeat(k)
                );
                assert_eq!(
                    collapse_ws(&s, 300),
                    collapse_by_words(&s, 300),
                    "{k} {ws:?}"
                );
            }
        }
    }

    /// The contract of [`collapse_ws`], spelled plainly.
    fn collapse_by_words(s: &str, max: usize) -> String {
        let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
        joined.chars().take(max).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// ASCII text collapses as the words joined by spaces, cut to `max`.
        #[test]
        fn ascii_collapse_is_the_joined_words_cut(
            s in "[a-c \t\n\x0b\x0c\r]{0,30}",
            max in 0usize..12,
        ) {
            prop_assert_eq!(collapse_ws(&s, max), collapse_by_words(&s, max));
        }

        /// Mostly single spaces, so that the cut-text path runs, with
        /// the odd double space, line break or edge space near the cut.
        #[test]
        fn ascii_collapse_of_single_spaced_text(
            s in "[ \n]?[a-c]{1,4}(( |  | \n)[a-c]{1,4}){0,8}[ \t]?",
            max in 0usize..40,
        ) {
            prop_assert_eq!(collapse_ws(&s, max), collapse_by_words(&s, max));
        }

        /// Long runs of single-spaced words, so that whole blocks are
        /// passed, broken by line breaks, double spaces, a space before a
        /// no-break space, wide chars and the cut anywhere.
        #[test]
        fn long_text_collapses_as_the_joined_words(
            s in "(word|wide\u{e9}|\u{2019}s|[a-z]{1,9}|12)( |  |\n| \n|\n  | \u{a0}|\u{a0}| \t){0,1}( [a-z]{2,8}){0,12}([ \n]{0,3})",
            repeat in 1usize..12,
            max in 0usize..400,
        ) {
            let s = s.repeat(repeat);
            prop_assert_eq!(collapse_ws(&s, max), collapse_by_words(&s, max));
        }

        /// Letters of two, three and four bytes, Unicode white space (a
        /// no-break space, an ideographic space, a line separator, NEL)
        /// and a cut that can fall inside a word of wide chars.
        #[test]
        fn unicode_collapse_is_the_joined_words_cut(
            s in "[a\u{e9}\u{2019}\u{1f600} \n\u{a0}\u{3000}\u{2028}\u{85}\u{200b}]{0,30}",
            max in 0usize..16,
        ) {
            prop_assert_eq!(collapse_ws(&s, max), collapse_by_words(&s, max));
        }

        /// Joined words are the whitespace split joined, however long.
        #[test]
        fn joined_words_are_the_split_joined(
            s in "[a\u{e9}\u{2019} \n\t\u{a0}\u{3000}\u{2028}\u{85}]{0,400}",
        ) {
            prop_assert_eq!(join_words(&s), s.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn ascii_noise_test_finds_garbage() {
        let garbage = "(en t)11 cli9nTEMCe91 x7Yq2 (9ab 3Rk4s]] ok fine words here";
        assert!(is_noise_ascii_line(garbage));
        assert!(is_noise_any_line(garbage));
        assert!(!is_noise_ascii_line(
            "In 1953 the KN-23 and F-16s flew 2,000 sorties."
        ));
    }

    fn roundtrip_ok(raw: &str) {
        let v = TextView::new(raw);
        for (s, _) in v.norm().char_indices() {
            for e in (s..=v.norm().len()).filter(|&e| v.norm().is_char_boundary(e)) {
                let r = v.to_raw(s..e);
                assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
                assert!(r.start <= r.end && r.end <= raw.len());
            }
        }
    }

    #[test]
    fn every_white_space_character_folds_to_ascii() {
        // What `\s` matches outside ASCII: the gate counts words by ASCII
        // white space only (`gate::is_space`).
        for c in ('\u{80}'..='\u{ffff}').filter(|c| c.is_whitespace()) {
            let raw = format!("a{c}b");
            let norm = TextView::new(&raw).norm().to_string();
            assert!(norm.is_ascii(), "U+{:04X} -> {norm:?}", u32::from(c));
        }
    }

    #[test]
    fn curly_quotes_and_dashes_fold_and_map_back() {
        let raw = "Korea\u{2019}s war (1950\u{2013}1953) \u{201C}fight\u{201D}";
        let v = TextView::new(raw);
        assert_eq!(v.norm(), "Korea's war (1950-1953) \"fight\"");
        let n = v.norm().find("1950-1953").unwrap();
        assert_eq!(v.raw_text(n..n + 9), "1950\u{2013}1953");
        let q = v.norm().find("Korea's").unwrap();
        assert_eq!(v.raw_text(q..q + 7), "Korea\u{2019}s");
        roundtrip_ok(raw);
    }

    /// The segmenter reads normalized text as free of the ellipsis
    /// character: it folds to three full stops, a sentence end.
    #[test]
    fn an_ellipsis_folds_to_full_stops_and_ends_a_sentence() {
        let v = TextView::new("They waited\u{2026} Then Korea answered.");
        assert_eq!(v.norm(), "They waited... Then Korea answered.");
        assert_eq!(v.sentences().len(), 2);
    }

    #[test]
    fn nbsp_soft_hyphen_ligature_and_crlf() {
        let raw = "de\u{00AD}fense\u{00A0}of\r\nthe \u{FB01}eld";
        let v = TextView::new(raw);
        assert_eq!(v.norm(), "defense of\nthe field");
        let n = v.norm().find("defense").unwrap();
        assert_eq!(v.raw_text(n..n + 7), "de\u{00AD}fense");
        let f = v.norm().find("field").unwrap();
        assert_eq!(v.raw_text(f..f + 5), "\u{FB01}eld");
        // A span ending inside an expanded ligature rounds out to the whole char.
        assert_eq!(v.raw_text(f..f + 1), "\u{FB01}");
        roundtrip_ok(raw);
    }

    #[test]
    fn markdown_link_and_escapes_are_markup() {
        let raw = "the [US Inflation Reduction Act \\(IRA\\)](#) and **Wilson\nCenter** [a\nwrapped link](http://x) [no\n\nlink](y)";
        let v = TextView::new(raw);
        assert_eq!(
            v.norm(),
            "the US Inflation Reduction Act (IRA) and Wilson\nCenter a\nwrapped link [no\n\nlink](y)"
        );
        let n = v.norm().find("IRA").unwrap();
        assert_eq!(v.raw_text(n..n + 3), "IRA");
        let w = v.norm().find("Wilson").unwrap();
        assert_eq!(v.raw_text(w..w + 13), "Wilson\nCenter");
        roundtrip_ok(raw);
    }

    /// Every byte normalization may change, met after a long run of plain
    /// text (where the scan for them skips a block at a time): folded,
    /// replaced or removed, and mapped back.
    #[test]
    fn bytes_that_change_are_found_after_long_plain_runs() {
        let plain = "plain words ".repeat(6);
        for (special, want) in [
            ("__under__", "under"),
            ("**bold**", "bold"),
            ("\\(x\\)", "(x)"),
            ("a\tb", "a b"),
            ("a\x0bb\x0cc", "a b c"),
            ("a\r\nb\rc", "a\nb\nc"),
            ("\u{201c}q\u{201d}", "\"q\""),
        ] {
            let raw = format!("{plain}{special} end");
            let v = TextView::new(&raw);
            assert_eq!(v.norm(), format!("{plain}{want} end"), "{special:?}");
            roundtrip_ok(&raw);
        }
    }

    #[test]
    fn inline_html_tags_are_markup_block_tags_are_kept() {
        let raw = "the 21<sup>st</sup> century, <SPAN class=\"x\">the <b>Army</b></span> and <td>7</td> <br/>";
        let v = TextView::new(raw);
        assert_eq!(v.norm(), "the 21st century, the Army and <td>7</td> <br/>");
        let a = v.norm().find("Army").unwrap();
        assert_eq!(v.raw_text(a..a + 4), "Army");
        let s = v.norm().find("21st").unwrap();
        assert_eq!(v.raw_text(s..s + 4), "21<sup>st");
        assert!(v.context(0).starts_with("the 21st century, the Army"));
        assert_eq!(deleted_ranges("a <b>x</b>\r\n"), [2..5, 6..11]);
        let curly =
            TextView::new("\u{2022} the \u{201C}**Army**\u{201D} [Act](http://x)\u{2014}now");
        assert_eq!(
            curly.context(0),
            "\u{2022} the \u{201C}Army\u{201D} Act\u{2014}now"
        );
        roundtrip_ok(raw);
    }

    #[test]
    fn a_tag_inside_a_link_target_stays_with_the_link() {
        let raw = "see [the Act](http://x.gov/<b>) and <i>this</i>";
        let v = TextView::new(raw);
        assert_eq!(v.norm(), "see the Act and this");
        roundtrip_ok(raw);
    }

    #[test]
    fn glued_reference_marks_are_markup_and_break_sentences() {
        let raw = "troops in Vietnam.[4] Today some train.[12] See [3] and [a].";
        let v = TextView::new(raw);
        assert_eq!(
            v.norm(),
            "troops in Vietnam. Today some train. See [3] and [a]."
        );
        assert!(v.sentences().len() >= 3, "{:?}", v.sentences());
        let t = v.norm().find("Today").unwrap();
        assert_eq!(v.raw_text(t..t + 5), "Today");
        roundtrip_ok(raw);
    }

    #[test]
    fn near_miss_bracket_without_target_is_kept() {
        let v = TextView::new("see [1] and [sic](");
        assert_eq!(v.norm(), "see [1] and [sic](");
    }

    #[test]
    fn sentences_keep_abbreviations_and_split_headings() {
        let raw = "History\n\nThe U.S. Forces Korea (USFK) stays. It is large.\n  \u{2022} Camp Humphreys: a base.\n";
        let v = TextView::new(raw);
        let s: Vec<&str> = v.sentences().iter().map(|r| &v.norm()[r.clone()]).collect();
        assert_eq!(
            s,
            [
                "History",
                "The U.S. Forces Korea (USFK) stays.",
                "It is large.",
                "* Camp Humphreys: a base."
            ]
        );
        // A rule line (front matter's closing fence) is no part of the
        // sentence after it.
        let v = TextView::new("---\ntitle: A\n---\nSome 400 troops left.\n");
        let last = v.sentences().last().map(|r| &v.norm()[r.clone()]);
        assert_eq!(last, Some("Some 400 troops left."));
        // `Korea-U.S.` no more ends a sentence than `U.S.` does; a word
        // ending a sentence still does.
        let v = TextView::new("The Korea-U.S. Integrated Defense Dialogue met. Ties with Korea-U.S. Firms grew. Talks ended. Next.");
        let s: Vec<&str> = v.sentences().iter().map(|r| &v.norm()[r.clone()]).collect();
        assert_eq!(
            s,
            [
                "The Korea-U.S. Integrated Defense Dialogue met.",
                "Ties with Korea-U.S. Firms grew.",
                "Talks ended.",
                "Next."
            ]
        );
    }

    #[test]
    fn a_wrapped_line_ending_mid_phrase_is_no_heading() {
        let raw = "Some 4,500 troops are stationed in the\nRepublic of Korea, officials said.\n\nKey Findings\nThe force grows.";
        let v = TextView::new(raw);
        let s: Vec<&str> = v.sentences().iter().map(|r| &v.norm()[r.clone()]).collect();
        assert_eq!(
            s,
            [
                "Some 4,500 troops are stationed in the\nRepublic of Korea, officials said.",
                "Key Findings",
                "The force grows."
            ]
        );
    }

    #[test]
    fn overlong_sentences_are_cut_at_semicolons() {
        let raw = "Troops stay in Korea; ".repeat(200);
        let v = TextView::new(&raw);
        assert!(v.sentences().len() > 1);
        assert!(v.sentences().iter().all(|s| s.len() <= MAX_SENTENCE));
        assert!(v
            .sentences()
            .iter()
            .all(|s| v.norm()[s.clone()].starts_with("Troops")));
    }

    #[test]
    fn page_break_inside_sentence_is_not_a_boundary() {
        let raw = "from Ukraine to the strategic\n\ncompetition between them.";
        let v = TextView::new(raw);
        assert_eq!(v.sentences().len(), 1);
    }

    #[test]
    fn garbage_line_is_noise_prose_is_not() {
        let raw = "Prose with KN-23, F-16s and NC3 in 2023 and 21st-century words here.\ncli9nTEMCe91 (en t)11 (o the succe)3 (s)23.1 (sfui) 1.1 (. SgGS0 ge.BDC BT10 0 0 10 72 677 Tm{(and impd17Ped lw i72 63\n";
        let v = TextView::new(raw);
        assert_eq!(v.noise_lines().len(), 1);
        let g = v.norm().find("BT10").unwrap();
        assert!(v.in_noise(&(g..g + 4)));
        assert!(!v.in_noise(&(0..5)));
    }

    /// The cues say what a search per mark says, marks overlapping
    /// included (`www.png`).
    #[test]
    fn noise_cues_are_the_marks_the_text_holds() {
        let by_search = |t: &str| {
            (
                URL_CUES.iter().any(|c| t.contains(c)),
                FILE_EXTENSIONS.iter().any(|e| t.contains(e)),
            )
        };
        for t in [
            "",
            "plain prose.",
            "see https://x.org",
            "www.png",
            "a.JPG and b.pdf",
            "http://www.x.gif",
            "no www here, only .jpe",
            "map.png, then https://x.org",
            "https://x.org/map.png",
            "://www.",
        ] {
            assert_eq!(noise_cues(t), by_search(t), "{t:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Addresses found from their marks are the regex's matches, in
        /// normalized text.
        #[test]
        fn web_addresses_are_the_regex_matches(
            text in "(http|HTTP|hTtP|s|S|\u{17f}|://|:/|www\\.|WwW\\.|w|ww|\\.|x|\u{e9}| |\n|<|\\)|\x22|/|\u{a0}){0,30}",
        ) {
            let norm = TextView::new(&text).norm().to_string();
            let want: Vec<_> = URL.find_iter(&norm).map(|m| m.range()).collect();
            prop_assert_eq!(web_addresses(&norm), want, "{:?}", norm);
        }
    }

    #[test]
    fn suspect_bytes_are_the_digits_and_brackets() {
        for b in 0..=u8::MAX {
            let want = b.is_ascii_digit() || matches!(b, b'(' | b')' | b'[' | b']' | b'{' | b'}');
            assert_eq!(is_suspect(b), want, "{b:#04x}");
        }
    }

    #[test]
    fn web_addresses_are_not_prose() {
        let raw = "On April 26, 2023, see https://www.defense.gov/News/2023/04/26/ for more.";
        let v = TextView::new(raw);
        let u = v.norm().find("2023/04").unwrap();
        assert!(v.in_noise(&(u..u + 4)));
        assert!(!v.in_noise(&(3..8)));
    }

    #[test]
    fn line_col_counts_chars() {
        let raw = "a\u{2019}b\nxy\u{2013}z";
        let v = TextView::new(raw);
        let z = raw.find('z').unwrap();
        assert_eq!(v.line_col(z), (2, 4));
        assert_eq!(v.line_col(0), (1, 1));
    }

    #[test]
    fn windows_snap_to_char_boundaries() {
        let t = "a\u{2019}b\u{2019}c";
        assert_eq!(window_before(t, 5, 3), "b");
        assert_eq!(window_after(t, 1, 4), "\u{2019}b");
        assert_eq!(window_after(t, 1, 2), "");
        assert_eq!(window_before(t, t.len(), 100), t);
    }

    #[test]
    fn context_collapses_whitespace_and_cuts() {
        assert_eq!(collapse_ws("  a \n\n b  ", 300), "a b");
        assert_eq!(collapse_ws("abcdef", 3), "abc");
    }
}
