//! The text no extractor should read facts from: lines of PDF-extraction
//! garbage, web addresses and file names (the view's noise stage).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{count_bytes, word_starts};
use crate::bytescan::is_ascii_space;

/// Web addresses: their digits (`/2023/04/26/`) and words are not prose.
/// The definition [`web_addresses`] finds by hand, and the reference its
/// tests compare with.
#[cfg(test)]
pub(super) static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:https?://|www\.)[^\s<>\]\)\x22]+").expect("valid regex"));

/// The matches of the `URL` pattern in normalized text (no white space
/// outside ASCII), found from their marks instead of a search of the
/// whole text: each `://` after `http` or `https` and each `www.`, in any
/// case (`(?i)` also reads `ſ` as `s`), runs on to white space or one of
/// `<>])"`, and the matches are taken from the left without overlap, as
/// a search takes them. The regex read every text holding a mark.
pub(super) fn web_addresses(norm: &str) -> Vec<Range<usize>> {
    use memchr::memmem::find_iter;
    let bytes = norm.as_bytes();
    let ends_with_http = |b: &[u8]| b.len() >= 4 && b[b.len() - 4..].eq_ignore_ascii_case(b"http");
    // (start, end of the mark) of every mark.
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for colon in find_iter(bytes, b"://") {
        let before = &norm[..colon];
        let scheme = match before.strip_suffix(['s', 'S', '\u{17f}']) {
            Some(http) if ends_with_http(http.as_bytes()) => Some(http.len() - 4),
            _ => ends_with_http(before.as_bytes()).then(|| colon - 4),
        };
        marks.extend(scheme.map(|start| (start, colon + 3)));
    }
    for dot in find_iter(bytes, b"w.").chain(find_iter(bytes, b"W.")) {
        let dot = dot + 1;
        let www = dot >= 3
            && bytes[dot - 3..dot]
                .iter()
                .all(|b| b.eq_ignore_ascii_case(&b'w'));
        if www {
            marks.push((dot - 3, dot + 1));
        }
    }
    marks.sort_unstable();
    let mut out: Vec<Range<usize>> = Vec::new();
    for (start, mark_end) in marks {
        if out.last().is_some_and(|last| start < last.end) {
            continue;
        }
        let run = bytes[mark_end..]
            .iter()
            .take_while(|&&b| !is_ascii_space(b) && !matches!(b, b'<' | b'>' | b']' | b')' | b'"'))
            .count();
        if run > 0 {
            out.push(start..mark_end + run);
        }
    }
    out
}

/// File names of images and documents (`F-15K_strike_group_2009.jpg`,
/// `Rim_of_the_Pacific_(RIMPAC)_2010.jpg`): their words and digits are a
/// file's name, not prose.
static FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[^\s<>\[\]\x22|]+\.(?:jpe?g|png|gif|svg|webp|tiff?|pdf)(?-u:\b)")
        .expect("valid regex")
});

/// Extensions that make [`FILE_NAME`] worth running.
pub(super) const FILE_EXTENSIONS: &[&str] = &[
    ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".tif", ".pdf", ".JPG", ".PNG",
];

/// Marks of a web address, before the extensions of [`FILE_EXTENSIONS`].
pub(super) const URL_CUES: [&str; 2] = ["://", "www."];

/// Whether `norm` holds a mark of a web address, and one of a file name:
/// whether [`URL`] and [`FILE_NAME`] are worth running. A substring search
/// per web mark (most pages name an address near their top, and the
/// search stops there), and a test of the bytes after each full stop for
/// the extensions, which all begin with one. (An automaton per kind ran
/// from every `w` and every full stop: 0.7% of a run.)
pub(super) fn noise_cues(norm: &str) -> (bool, bool) {
    let bytes = norm.as_bytes();
    let urls = URL_CUES
        .iter()
        .any(|c| memchr::memmem::find(bytes, c.as_bytes()).is_some());
    let files = memchr::memchr_iter(b'.', bytes).any(|i| {
        let after = &bytes[i..];
        FILE_EXTENSIONS
            .iter()
            .any(|e| after.starts_with(e.as_bytes()))
    });
    (urls, files)
}

/// Finds text no extractor should read facts from: lines of PDF-extraction
/// garbage (many tokens that glue letters to digits or carry stray
/// brackets, as in `cli9nTEMCe91 (en t)11`), web addresses and file
/// names. Sorted, non-overlapping.
pub(super) fn find_noise(norm: &str, line_ends: &[usize]) -> Vec<Range<usize>> {
    let mut out = noise_lines(norm, line_ends);
    let (urls, files) = noise_cues(norm);
    let addresses = if urls {
        web_addresses(norm)
    } else {
        Vec::new()
    };
    let file_names = files
        .then(|| FILE_NAME.find_iter(norm))
        .into_iter()
        .flatten();
    // A span inside another merges into it below: no test for it here
    // (a test of every address against every span kept was quadratic).
    out.extend(addresses);
    out.extend(file_names.map(|m| m.range()));
    if urls || files {
        out.sort_by_key(|r| r.start);
        // A file name inside an address: one span.
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
        for r in out {
            match merged.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        return merged;
    }
    out
}

/// The lines of `norm` (ending at `line_ends`) that are extraction
/// garbage, in order.
fn noise_lines(norm: &str, line_ends: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for &end in line_ends {
        if is_noise_line(&norm[pos..end]) {
            out.push(pos..end);
        }
        pos = end;
    }
    out
}

pub(super) fn is_noise_line(line: &str) -> bool {
    // Six tokens and the five spaces between them at least: blank and
    // short lines (a third of web text's) are settled by their length.
    if line.len() < 11 {
        return false;
    }
    // Every weird token holds an ASCII digit or bracket, so a noise line
    // holds four such bytes at least: a branch-free count rejects most
    // prose, with or without characters outside ASCII, before a token is
    // cut.
    let suspects = count_bytes(line.as_bytes(), is_suspect);
    if suspects < 4 {
        return false;
    }
    if line.is_ascii() {
        ascii_line_is_noise(line, suspects)
    } else {
        is_noise_any_line(line)
    }
}

/// A byte a weird token needs one of: an ASCII digit or bracket.
pub(super) fn is_suspect(b: u8) -> bool {
    // Branch-free, with few comparisons, for the counts of every line:
    // `(` and `)` are adjacent, and setting bit 5 maps `[` and `]` to `{`
    // and `}` (and no other byte to either).
    (b.wrapping_sub(b'0') < 10) | (b.wrapping_sub(b'(') < 2) | matches!(b | 0x20, b'{' | b'}')
}

pub(super) fn is_noise_any_line(line: &str) -> bool {
    let (mut tokens, mut weird) = (0usize, 0usize);
    for t in line.split_whitespace() {
        tokens += 1;
        // Only a digit or a bracket can make a token weird: skip the rest
        // without the full test (most prose tokens).
        let suspect = t.bytes().any(is_suspect);
        if suspect && is_weird_token(t) {
            weird += 1;
        }
    }
    tokens >= 6 && weird >= 4 && weird * 4 >= tokens
}

/// [`is_noise_line`] for an ASCII line (the tests' entry to
/// [`ascii_line_is_noise`]).
#[cfg(test)]
pub(super) fn is_noise_ascii_line(line: &str) -> bool {
    ascii_line_is_noise(line, count_bytes(line.as_bytes(), is_suspect))
}

/// [`is_noise_any_line`] for an ASCII line holding `suspects` digits and
/// brackets ([`is_suspect`]): the same tokens (ASCII whitespace is all
/// the whitespace there is) and the same test, without decoding chars.
fn ascii_line_is_noise(line: &str, suspects: usize) -> bool {
    // Every weird token holds a digit or a bracket, so a line needs four
    // such bytes, and one per four tokens, to be noise: branch-free counts
    // reject most prose before any token is tested, the digits and
    // brackets first (most lines have fewer than four).
    if suspects < 4 {
        return false;
    }
    let bytes = line.as_bytes();
    let tokens = word_starts(bytes, |_| true);
    if tokens < 6 || suspects * 4 < tokens {
        return false;
    }
    // Only a token holding a digit or a bracket can be weird: go from one
    // such byte to the next, testing the token around it once, instead
    // of cutting every token of the line.
    let mut weird = 0usize;
    let mut from = 0;
    while let Some(k) = crate::bytescan::position(&bytes[from..], is_suspect, is_suspect) {
        let at = from + k;
        let start = bytes[..at]
            .iter()
            .rposition(|&b| is_ascii_space(b))
            .map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|&b| is_ascii_space(b))
            .map_or(bytes.len(), |i| at + i);
        if is_weird_token(&line[start..end]) {
            weird += 1;
        }
        from = end;
    }
    weird >= 4 && weird * 4 >= tokens
}

/// A token that ordinary prose does not produce: letters and digits mixed
/// in a way no designator (`KN-23`, `F-16s`, `NC3`, `21st`) has, or
/// unbalanced brackets glued to text.
fn is_weird_token(t: &str) -> bool {
    // Numbers (`1953,`, `28,500`) are most suspect tokens: with no bracket
    // and no letter, neither test below can hold.
    if t.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_alphabetic() && !b"()[]{}".contains(&b))
    {
        return false;
    }
    let t = t.trim_end_matches([',', '.', ';', ':']);
    let opens = t.matches(['(', '[', '{']).count();
    let closes = t.matches([')', ']', '}']).count();
    if opens != closes && t.len() > 1 {
        return true;
    }
    let core: &str = t.trim_matches(|c: char| !c.is_alphanumeric());
    let has_digit = core.bytes().any(|b| b.is_ascii_digit());
    let has_alpha = core.chars().any(char::is_alphabetic);
    if !(has_digit && has_alpha) {
        return false;
    }
    // Count switches between letters and digits: designators switch at most
    // twice (`F-16s`, `B2B`), garbage switches freely (`cli9nTEMCe91`).
    let mut switches = 0;
    let mut last: Option<bool> = None;
    for c in core.chars().filter(|c| c.is_alphanumeric()) {
        let d = c.is_ascii_digit();
        if last.is_some_and(|l| l != d) {
            switches += 1;
        }
        last = Some(d);
    }
    let lower_then_upper = core
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    switches >= 3 || (switches >= 1 && lower_then_upper) || (switches == 2 && t.len() > 6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The noise of `find_noise` as first written: each address and file
    /// name tested against every span kept before it.
    fn find_noise_by_scan(norm: &str, line_ends: &[usize]) -> Vec<Range<usize>> {
        let mut out = noise_lines(norm, line_ends);
        let found = web_addresses(norm)
            .into_iter()
            .chain(FILE_NAME.find_iter(norm).map(|m| m.range()));
        for m in found {
            if !out.iter().any(|r| r.start <= m.start && m.end <= r.end) {
                out.push(m);
            }
        }
        out.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::new();
        for r in out {
            match merged.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }

    proptest! {
        /// The cues are whether the text holds a mark of each kind,
        /// marks overlapping and cut included (`www.png`, `.jpe`).
        #[test]
        fn noise_cues_are_the_marks_the_text_holds(
            t in "(w|ww|www|\\.|:|//|/|\\.jp|\\.jpe|g|pn|\\.JP|G|pdf|t|i|f|x| ){0,30}"
        ) {
            let by_search = (
                URL_CUES.iter().any(|c| t.contains(c)),
                FILE_EXTENSIONS.iter().any(|e| t.contains(e)),
            );
            prop_assert_eq!(noise_cues(&t), by_search);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// Addresses, file names inside addresses and garbage lines, and
        /// garbage lines holding both: the same spans.
        #[test]
        fn noise_spans_match_the_scan(
            lines in proptest::collection::vec(
                "(see |http://x.gov/a |www.y.org/b.png |photo_2.jpg |c.PNG |9ab |x7Yq2 |(en t)11 |cli9nT |]] |ok |words ){0,12}",
                0..8,
            )
        ) {
            let norm = lines.join("\n");
            let ends = super::super::line_ends(&norm);
            let want = find_noise_by_scan(&norm, &ends);
            prop_assert_eq!(find_noise(&norm, &ends), want);
        }
    }
}
