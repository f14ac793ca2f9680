//! Words of the text as tokens for the chunker, and the line-level tests
//! it needs (headings, shouted and title-case lines).

use super::*;

/// A word token of the chunker.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'t> {
    pub(super) span: (usize, usize),
    pub(super) text: &'t str,
    /// Ends with a possessive `'s` (excluded from `span`).
    pub(super) possessive: bool,
}

/// The word tokens of `text`: a letter or digit, then letters, digits and
/// `.'&/-` (a hand-written scanner: the equivalent regex was the body
/// extractor's main cost).
#[cfg(test)]
pub(super) fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    word_spans_from(text, 0)
}

/// [`word_spans`] from byte `from`, a char boundary where no token runs
/// on from before (the start, or the end of a token).
pub(super) fn word_spans_from(
    text: &str,
    from: usize,
) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = from;
    std::iter::from_fn(move || {
        // Skip to a token start.
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                break;
            }
            if b >= 0x80 {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            } else {
                i += 1;
            }
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        i = run_end(text, i);
        Some((start, i))
    })
}

/// The end of the token run from `i`: letters, digits and `.'&/-`.
fn run_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if TOKEN_BYTE[usize::from(b)] {
            i += 1;
        } else if b >= 0x80 {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() {
                break;
            }
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// An ASCII byte that continues a token.
const fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'\'' | b'&' | b'/' | b'-')
}

/// [`is_token_byte`] of every byte, looked up: one load per byte of a
/// run where the test took a chain of comparisons (runs are most bytes of
/// a text, read once by the chunker).
static TOKEN_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_token_byte(b as u8);
        b += 1;
    }
    table
};

/// The first token at or after `from` (as in [`word_spans_from`]) whose
/// text starts with a capital, with the end of its run. Tokens in lower
/// case are most of a text and start no name: instead of cutting each,
/// the search jumps between bytes that can start a capital and keeps one
/// only where a token starts (the first letter or digit of its run).
///
/// `capitals` are the text's bytes that can begin a capital
/// ([`TextView::capitals`](crate::textview::TextView::capitals)) not yet
/// passed: a caller's `from` only grows, so those before it are cut from
/// the front of the list as the search passes them (a binary search of
/// the whole list at every call was a tenth of the chunker's time).
pub(super) fn next_cap_token<'t>(
    text: &'t str,
    capitals: &mut &[usize],
    from: usize,
) -> Option<(Token<'t>, usize)> {
    let passed = capitals.iter().take_while(|&&p| p < from).count();
    *capitals = &capitals[passed..];
    while let Some((&p, rest)) = capitals.split_first() {
        *capitals = rest;
        let c = text[p..].chars().next()?;
        if c.is_uppercase() && starts_run(text, p) {
            let end = run_end(text, p);
            return Some((token_of(text, p, end), end));
        }
    }
    None
}

/// Whether the letter at `p` is the first letter or digit of its token
/// run (only `.'&/-` between it and the last non-token character).
fn starts_run(text: &str, p: usize) -> bool {
    for c in text[..p].chars().rev() {
        if c.is_alphanumeric() {
            return false;
        }
        if !matches!(c, '.' | '\'' | '&' | '/' | '-') {
            return true;
        }
    }
    true
}

/// A line that starts with a label: a few capitalized words and a colon.
pub(super) static LABEL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*){0,3}:").expect("valid regex"));

/// A bilateral or national prefix attached to a name: `U.S.`, `US-ROK`, `ROK-U.S.`.
pub(super) static COUNTRY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:U\.S\.|US|USA|U\.K\.|UK|ROK|DPRK|PRC|EU|NATO)(?:-(?:U\.S\.|US|ROK|Japan|Korea|UK|Australia|India))*$")
        .expect("valid regex")
});

pub(super) fn tokens(text: &str) -> Vec<Token<'_>> {
    token_iter(text).collect()
}

pub(super) fn token_iter(text: &str) -> impl Iterator<Item = Token<'_>> + '_ {
    token_iter_from(text, 0).map(|(t, _)| t)
}

/// The tokens from byte `from` (see [`word_spans_from`]), each with the
/// end of its run (where the next search starts).
pub(super) fn token_iter_from(
    text: &str,
    from: usize,
) -> impl Iterator<Item = (Token<'_>, usize)> + '_ {
    word_spans_from(text, from).map(|(start, end)| (token_of(text, start, end), end))
}

/// The token of the run `start..end`: a final period that is no
/// abbreviation's, trailing `-/&` and a possessive trimmed.
fn token_of(text: &str, start: usize, end: usize) -> Token<'_> {
    let mut s = &text[start..end];
    // Most words end in a letter or digit other than `s`: nothing
    // to trim, no possessive.
    if s.as_bytes()[s.len() - 1].is_ascii_alphanumeric() && !s.ends_with('s') {
        return Token {
            span: (start, end),
            text: s,
            possessive: false,
        };
    }
    let mut end = end;
    // A sentence-final period is not part of the word, but the
    // periods of `U.S.` or `Inc.` are.
    if s.ends_with('.') && !is_dotted_abbreviation(s) {
        s = s.trim_end_matches('.');
        end = start + s.len();
    }
    let s2 = s.trim_end_matches(['-', '/', '&']);
    end -= s.len() - s2.len();
    s = s2;
    // `USFK's`, and the plural `Studies'`.
    let cut = if s.ends_with("'s") {
        2
    } else if s.ends_with("s'") {
        1
    } else {
        0
    };
    let possessive = cut > 0 && s.len() > 2;
    if possessive {
        s = &s[..s.len() - cut];
        end -= cut;
    }
    Token {
        span: (start, end),
        text: s,
        possessive,
    }
}

pub(super) fn is_dotted_abbreviation(s: &str) -> bool {
    // U.S., U.K., D.C., Inc., Corp., Co., Ltd., Jr.; also the last part of
    // a hyphenated compound (`ROK-U.S.`).
    let s = s.rsplit('-').next().unwrap_or(s);
    let mut parts = s.trim_end_matches('.').split('.');
    let single = |p: &str| p.chars().count() == 1;
    (parts.clone().count() >= 2 && parts.all(single))
        || matches!(s, "Inc." | "Corp." | "Co." | "Ltd." | "Jr." | "Sr." | "St.")
}

pub(super) fn is_cap(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

/// A capitalized plural common word (`Issues`, `Lessons`, `Options`), not
/// `Status`, `Congress` or `Analysis`, nor an acronym (`NATOs`).
pub(super) fn is_plural_word(t: &str) -> bool {
    t.len() > 3
        && t.ends_with('s')
        && !t.ends_with("ss")
        && !t.ends_with("us")
        && !t.ends_with("is")
        && t[1..].chars().all(|c| c.is_ascii_lowercase())
}

/// A capitalized noun of action (`Establishment`, `Deployment`,
/// `Activation`, `Relocation`).
pub(super) fn is_action_noun(t: &str) -> bool {
    t.len() > 6
        && t[1..].chars().all(|c| c.is_ascii_lowercase())
        && ["ment", "tion", "sion"].iter().any(|s| t.ends_with(s))
}

/// The line of `text` that holds byte `pos`.
pub(super) fn line_at(text: &str, pos: usize) -> &str {
    let start = memchr::memrchr(b'\n', &text.as_bytes()[..pos]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i);
    &text[start..end]
}

/// A line in capitals only (`IMMEDIATE RELEASE`, `FACT SHEET`), with at
/// least one word of three letters or more: a banner, not a name.
pub(super) fn is_shouted(line: &str) -> bool {
    if !line.is_ascii() {
        return line
            .split_whitespace()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
            && !line.chars().any(char::is_lowercase);
    }
    // The same over the bytes of an ASCII line (most), no char decoded.
    let bytes = line.as_bytes();
    if bytes.iter().any(u8::is_ascii_lowercase) {
        return false;
    }
    let mut letters = 0;
    for &b in bytes {
        if crate::bytescan::is_ascii_space(b) {
            letters = 0;
        } else if b.is_ascii_alphabetic() {
            letters += 1;
            if letters >= 3 {
                return true;
            }
        }
    }
    false
}

/// A headline in title case: at least three words of four letters or more,
/// every one capitalized (prose always has lower-case ones: `said`, `with`).
pub(super) fn is_title_case(line: &str) -> bool {
    let long: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    long.len() >= 3
        && long
            .iter()
            .all(|w| is_cap(w.trim_start_matches(|c: char| !c.is_alphanumeric())))
}
