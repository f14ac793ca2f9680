//! Sentence boundaries inside a block of text: the rules of the
//! `sentencize` crate (0.1, MIT OR Apache-2.0), which this module replaces,
//! driven by candidates instead of a test at every byte.
//!
//! A boundary can only follow a terminator (`.`, `!`, `?`) or an ellipsis
//! character, so `memchr3` jumps from one candidate to the next and the
//! rules (abbreviations, initials, decimals, closing quotes, the opener of
//! the next sentence) run only there. On the archive that is about one
//! byte in sixty; `sentencize` tested every byte for a char boundary and
//! an ellipsis. The spans are the same, property-tested against the crate.

use memchr::memchr3;

/// The horizontal ellipsis, U+2026: a terminator of its own.
const ELLIPSIS: char = '\u{2026}';

/// Closing quotes and brackets that belong to the sentence they follow.
const CLOSERS: [char; 7] = ['"', '\'', ')', ']', '\u{201d}', '\u{2019}', '\u{00bb}'];

/// The built-in English abbreviations (lower case, without the final
/// period), as `sentencize` has them.
const DEFAULT_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "rev", "hon", "gen", "col", "sgt", "capt",
    "lt", "gov", "sen", "rep", "pres", "supt", "det", "vs", "etc", "e.g", "i.e", "cf", "al", "inc",
    "ltd", "co", "corp", "dept", "univ", "assn", "bros", "no", "vol", "pp", "fig", "figs",
    "approx", "est", "min", "max", "misc", "avg", "dist", "ed", "eds", "trans", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed",
    "thu", "fri", "sat", "sun", "a.m", "p.m", "u.s", "u.k", "u.n", "ph.d", "b.a", "m.a", "d.c",
];

/// A sentence splitter with its abbreviation list.
#[derive(Debug, Clone)]
pub struct Segmenter {
    /// Sorted, deduplicated, lower case.
    abbreviations: Vec<String>,
    /// The abbreviations of up to seven bytes, each packed into one
    /// integer ([`pack`]), sorted: a token before a period is looked up
    /// with integer comparisons (comparing strings called `memcmp` a few
    /// times at every period).
    packed: Vec<u64>,
    /// The longest abbreviation, in bytes: longer tokens are never looked up.
    longest: usize,
}

impl Segmenter {
    /// The built-in English abbreviations plus `extra` (lower case,
    /// without the final period).
    pub fn with_abbreviations<'a>(extra: impl IntoIterator<Item = &'a str>) -> Self {
        let mut abbreviations: Vec<String> = DEFAULT_ABBREVIATIONS
            .iter()
            .copied()
            .chain(extra)
            .map(str::to_string)
            .collect();
        abbreviations.sort();
        abbreviations.dedup();
        let longest = abbreviations.iter().map(String::len).max().unwrap_or(0);
        let mut packed: Vec<u64> = abbreviations
            .iter()
            .filter_map(|a| pack(a.as_bytes()))
            .collect();
        packed.sort_unstable();
        Segmenter {
            abbreviations,
            packed,
            longest,
        }
    }

    /// Whitespace-trimmed, non-overlapping `(start, end)` byte spans of the
    /// sentences of `text`, in order.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        self.spans_into(text, &mut spans);
        spans
    }

    /// [`Segmenter::spans`] into `spans`, cleared first: a caller that
    /// segments many short blocks (most hold one sentence) reuses one
    /// vector instead of allocating one per block.
    pub fn spans_into(&self, text: &str, spans: &mut Vec<(usize, usize)>) {
        self.spans_with(text, text.contains(ELLIPSIS), spans);
    }

    /// [`Segmenter::spans_into`] for text without the ellipsis character,
    /// such as a view's normalized text (which folds it to three full
    /// stops): the text is not searched for it.
    pub fn spans_into_folded(&self, text: &str, spans: &mut Vec<(usize, usize)>) {
        debug_assert!(!text.contains(ELLIPSIS), "text with an ellipsis");
        self.spans_with(text, false, spans);
    }

    fn spans_with(&self, text: &str, has_ellipsis: bool, spans: &mut Vec<(usize, usize)>) {
        spans.clear();
        let bytes = text.as_bytes();
        let mut start = 0usize;
        let mut i = 0usize;
        while let Some(at) = next_candidate(text, i, has_ellipsis) {
            i = at;
            let is_ellipsis = bytes[i] == 0xE2;
            // Consume runs of terminators: `...`, `?!`, `!!!`.
            let mut end = i + if is_ellipsis { ELLIPSIS.len_utf8() } else { 0 };
            while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
                end += 1;
            }
            if bytes[i] == b'.' && end - i == 1 && !self.period_ends_sentence(text, i) {
                i = end;
                continue;
            }
            // Closing quotes and brackets after the terminator are its own.
            // (The next char is decoded once: a `starts_with` per closer
            // compared bytes seven times at every candidate.)
            while let Some(c) = text[end..].chars().next().filter(|c| CLOSERS.contains(c)) {
                end += c.len_utf8();
            }
            if end >= bytes.len() {
                push_span(spans, text, start, end);
                start = end;
                i = end;
                continue;
            }
            // A boundary needs whitespace, then a plausible opener.
            let had_ws = text[end..].chars().next().is_some_and(char::is_whitespace);
            let next = text[end..].char_indices().find(|(_, c)| !c.is_whitespace());
            match next {
                Some((off, c)) if had_ws && opens_sentence(c) => {
                    push_span(spans, text, start, end);
                    start = end + off;
                    i = start;
                }
                _ => i = end,
            }
        }
        if start < bytes.len() {
            push_span(spans, text, start, bytes.len());
        }
    }

    /// Whether the single period at byte `pos` can end a sentence: not
    /// after an abbreviation, an initial, or inside a decimal number.
    fn period_ends_sentence(&self, text: &str, pos: usize) -> bool {
        let before = &text[..pos];
        let token_start = token_start(before);
        let token = &before[token_start..];
        if token.is_empty() {
            return false;
        }
        // A decimal number or dotted version: `3.14`, `1.2.3`.
        if token.ends_with(|c: char| c.is_ascii_digit())
            && text[pos + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            return false;
        }
        // A single initial: `J.` in `J. R. R. Tolkien`.
        let mut chars = token.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c.is_uppercase() {
                return false;
            }
        }
        !self.is_abbreviation(token.trim_end_matches('.'))
    }

    /// Case-insensitive lookup; an ASCII token is folded on the stack.
    fn is_abbreviation(&self, token: &str) -> bool {
        let found = |t: &str| {
            self.abbreviations
                .binary_search_by(|a| a.as_str().cmp(t))
                .is_ok()
        };
        if !token.is_ascii() {
            // Unicode lower-casing can change lengths (and the Kelvin sign
            // folds to ASCII `k`): the general path.
            return found(&token.to_lowercase());
        }
        if token.len() > self.longest {
            return false;
        }
        let mut buf = [0u8; 64];
        if token.len() > buf.len() {
            return found(&token.to_ascii_lowercase());
        }
        let folded = &mut buf[..token.len()];
        folded.copy_from_slice(token.as_bytes());
        folded.make_ascii_lowercase();
        match pack(folded) {
            Some(key) => self.packed.binary_search(&key).is_ok(),
            // Longer than any packed abbreviation: compared as a string.
            None => std::str::from_utf8(folded).is_ok_and(found),
        }
    }
}

/// Up to seven bytes and their count in one integer: equal keys are equal
/// byte strings (the count tells `ab` from `ab\0`).
fn pack(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > 7 {
        return None;
    }
    let mut key = [0u8; 8];
    key[..bytes.len()].copy_from_slice(bytes);
    key[7] = bytes.len() as u8;
    Some(u64::from_le_bytes(key))
}

/// The first terminator or ellipsis at or after byte `from`. An
/// ellipsis's three bytes can only match at a char boundary (the first is
/// a lead byte), so a byte search finds what a test per char would.
fn next_candidate(text: &str, from: usize, has_ellipsis: bool) -> Option<usize> {
    let rest = text.as_bytes().get(from..)?;
    let term = memchr3(b'.', b'!', b'?', rest);
    if !has_ellipsis {
        return term.map(|k| from + k);
    }
    let mut buf = [0u8; 4];
    let ellipsis = ELLIPSIS.encode_utf8(&mut buf).as_bytes();
    let upto = term.unwrap_or(rest.len());
    memchr::memmem::find(&rest[..upto], ellipsis)
        .or(term)
        .map(|k| from + k)
}

/// Where the token that ends `before` starts: after the last white space,
/// opening quote or bracket. Read back over bytes while they are ASCII
/// (most tokens), decoding chars only from a byte outside ASCII on.
fn token_start(before: &str) -> usize {
    let opens_token = |c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}')
    };
    let last = before
        .bytes()
        .rposition(|b| !b.is_ascii() || opens_token(char::from(b)));
    match last {
        None => 0,
        Some(i) if before.as_bytes()[i].is_ascii() => i + 1,
        Some(_) => before.rfind(opens_token).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        }),
    }
}

/// A character that can open the next sentence.
fn opens_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || "\"'([\u{201c}\u{2018}\u{00ab}".contains(c)
}

fn push_span(spans: &mut Vec<(usize, usize)>, text: &str, start: usize, end: usize) {
    let slice = &text[start..end];
    // Most spans begin and end on an ASCII byte that is no white space:
    // nothing to trim, and no char decoded to find it out.
    let solid =
        |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii() && !crate::bytescan::is_ascii_space(b));
    let trimmed_start = if solid(slice.as_bytes().first()) {
        start
    } else {
        start + (slice.len() - slice.trim_start().len())
    };
    let trimmed_end = if solid(slice.as_bytes().last()) {
        end
    } else {
        end - (slice.len() - slice.trim_end().len())
    };
    if trimmed_start < trimmed_end {
        spans.push((trimmed_start, trimmed_end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EXTRA: &[&str] = &["u.s.a", "adm", "gen", "no"];

    proptest! {
        /// A span trims as `trim_start` and `trim_end` trim it, whatever
        /// white space or character stands at either end.
        #[test]
        fn spans_trim_as_str_trims(text in "[a .\x0b\t\r\n\u{a0}\u{e9}\u{2003}\u{85}]{0,12}") {
            let mut got = Vec::new();
            push_span(&mut got, &text, 0, text.len());
            let start = text.len() - text.trim_start().len();
            let end = text.trim_end().len();
            let want: Vec<(usize, usize)> = (start < end).then_some((start, end)).into_iter().collect();
            prop_assert_eq!(got, want);
        }
    }

    fn theirs() -> sentencize::Segmenter {
        let mut s = sentencize::Segmenter::default();
        for a in EXTRA {
            s.add_abbreviation(*a);
        }
        s
    }

    fn ours() -> Segmenter {
        Segmenter::with_abbreviations(EXTRA.iter().copied())
    }

    #[test]
    fn splits_and_keeps_abbreviations_initials_decimals() {
        let text = "Dr. Smith arrived at 3.5 p.m. sharp. He said \"Sit down.\" Then J. R. Tolkien \
                    left\u{2026} Adm. Lee came. U.S.A. forces? Yes!";
        let got: Vec<&str> = ours()
            .spans(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            got,
            [
                "Dr. Smith arrived at 3.5 p.m. sharp.",
                "He said \"Sit down.\"",
                "Then J. R. Tolkien left\u{2026}",
                "Adm. Lee came.",
                "U.S.A. forces?",
                "Yes!"
            ]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The same spans as `sentencize` on text built from the pieces its
        /// rules look at.
        #[test]
        fn same_spans_as_sentencize(
            text in "(Dr|adm|U\\.S|gen|J|e\\.g|3|x|Word|\u{c9}l|\u{212a}m|DR| |  |\n|\\.|\\.\\.\\.|!|\\?|\"|'|\\)|\u{201d}|\u{2026}|\u{201c}|\u{ab}|\t){0,40}"
        ) {
            prop_assert_eq!(ours().spans(&text), theirs().spans(&text));
        }

        /// The token start read back over bytes is the one a char search
        /// finds, around white space, quotes and brackets in and outside
        /// ASCII.
        #[test]
        fn token_start_reads_bytes_as_chars(
            before in "(a|B1|\u{e9}|\u{c9}l| |\t|\n|\u{a0}|\u{2003}|\"|'|\\(|\\[|\u{201c}|\u{2018}|\u{201d}|\\.){0,20}"
        ) {
            let want = before
                .rfind(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}')
                })
                .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
            prop_assert_eq!(token_start(&before), want);
        }
    }

    /// The same spans as `sentencize` on every real document at hand: the
    /// bundled corpus and probes always; the field set and every 40th file
    /// of the White House archive when ../shared is present.
    #[test]
    #[allow(clippy::print_stderr)] // says which documents were skipped
    fn same_spans_as_sentencize_on_documents() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for (dir, stride) in [
            (root.join("corpus"), 1),
            (root.join("tests/probes"), 1),
            (root.join("../shared/field/docs"), 1),
            (root.join("../shared/corpora/whitehouse"), 40),
        ] {
            if !dir.is_dir() {
                eprintln!("{} absent: not checked", dir.display());
                continue;
            }
            let mut found = Vec::new();
            walk(&dir, &mut found);
            found.sort();
            files.extend(found.into_iter().step_by(stride));
        }
        let (ours, theirs) = (ours(), theirs());
        let mut checked = 0;
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            assert_eq!(ours.spans(&text), theirs.spans(&text), "{}", path.display());
            checked += 1;
        }
        assert!(checked >= 5, "only {checked} documents read");
    }

    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
}
