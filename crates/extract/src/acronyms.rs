//! Acronym definitions: a short form introduced with its long form.
//!
//! The core is the letter alignment of Schwartz and Hearst (2003): walk the
//! short form right to left and find each of its characters in the candidate
//! long form, the first one at the start of a word. It is extended for what
//! policy text does and biomedical abstracts do not:
//! - both directions, `Long Form (LF)` and `LF (Long Form)`, plus
//!   `long form, or LF` and `long form - LF -`;
//! - digits in the short form as repeat counts (`NC3` = N + C + C + C);
//! - a possessive before the parenthesis (`Korea's (DPRK)`), markdown links
//!   and escaped parentheses (folded away by the text view);
//! - garbled long forms whose word initials are the short form's letters in
//!   another order (`Democratic Republic People's of Korea (DPRK)`), kept as
//!   written so reconciliation can flag them.

use std::ops::Range;
use std::sync::LazyLock;

use crate::extractor::Extractor;
use crate::model::{AcronymFact, DocFacts, Rule};
use crate::textview::TextView;
use crate::wordlists;

/// Finds acronym definitions.
pub struct AcronymExtractor;

/// Words that do not contribute initials (`Republic of Korea`).
static FUNCTION_WORDS: LazyLock<wordlists::WordSet> =
    LazyLock::new(|| wordlists::WordSet::parse(include_str!("../data/words/function_words.csv")));

/// Whether `w` in lower case is one of [`FUNCTION_WORDS`] (all lower-case
/// ASCII): an ASCII word is looked up folded, without a lower-case copy.
fn is_function_word(w: &str) -> bool {
    if w.is_ascii() {
        FUNCTION_WORDS.contains_ignore_ascii_case(w)
    } else {
        FUNCTION_WORDS.contains(&w.to_lowercase().as_str())
    }
}

impl Extractor for AcronymExtractor {
    fn name(&self) -> &'static str {
        "acronyms"
    }

    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts) {
        let text = view.norm();
        let mut out: Vec<AcronymFact> = Vec::new();
        // Square brackets define too (`Neurturin [NTN]`), but hold
        // citations, editorial marks and notations (`[12]`, `[sic]`,
        // `[PSI+]`): only a bare short form with two capitals counts there.
        let brackets = bracket_pairs(text, b'[', b']')
            .into_iter()
            .filter(|&(o, c)| {
                let inner = text[o + 1..c].trim();
                inner.chars().filter(|ch| ch.is_uppercase()).count() >= 2
                    && inner.chars().all(|ch| ch.is_alphanumeric() || ch == '-')
            });
        let mut pairs: Vec<(usize, usize)> = paren_pairs(text);
        pairs.extend(brackets);
        for (open, close) in pairs {
            let span = open + 1..close;
            if view.in_noise(&span) {
                continue;
            }
            if let Some(f) = long_then_short(view, open, close)
                .or_else(|| short_then_long(view, open, close))
                .or_else(|| long_comma_short_inside(view, open, close))
            {
                out.push(f);
            }
        }
        out.extend(or_and_dash_forms(view));
        out.sort_by_key(|f| (f.short_span.start, f.short_span.end));
        out.dedup_by(|a, b| a.short_span == b.short_span);
        facts.acronyms = out;
    }
}

/// Balanced `( … )` pairs on one line, at most 200 bytes apart.
fn paren_pairs(text: &str) -> Vec<(usize, usize)> {
    bracket_pairs(text, b'(', b')')
}

/// Balanced `open … close` pairs on one line, at most 200 bytes apart.
fn bracket_pairs(text: &str, open_b: u8, close_b: u8) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for open in memchr::memchr_iter(open_b, bytes) {
        let mut depth = 0usize;
        for (k, &b) in bytes[open..].iter().enumerate().take(200) {
            match b {
                b if b == open_b => depth += 1,
                b if b == close_b => {
                    depth -= 1;
                    if depth == 0 {
                        out.push((open, open + k));
                        break;
                    }
                }
                b'\n' => break,
                _ => {}
            }
        }
    }
    out
}

/// True for a plausible short form: 2–15 chars, starts with a letter or
/// digit, has a letter and enough capitals (`USFK`, `NC3`, `OPCON`,
/// `AFGSC-AFSTRAT`, `mAb`) to rule out words (`Pyeongtaek`, `Continued`)
/// and single letters (`S`).
pub fn is_short_form(s: &str) -> bool {
    const LATIN: &[&str] = &[
        "i.e.", "e.g.", "cf.", "viz.", "etc.", "et al.", "vs.", "ibid.", "i.e", "e.g",
    ];
    if LATIN.iter().any(|l| l.eq_ignore_ascii_case(s)) {
        return false;
    }
    // Roman numerals number things (`type II`, `Phase III`); they abbreviate nothing.
    if s.len() <= 4 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return false;
    }
    let n = s.chars().count();
    if !(2..=15).contains(&n) || s.split_whitespace().count() > 2 {
        return false;
    }
    // A dotted initialism (`U.N.`, `d.p.c.`): single letters and dots.
    let dotted = s.len() >= 4
        && s.ends_with('.')
        && s.split_terminator('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    if dotted {
        return true;
    }
    let first = s.chars().next().expect("non-empty");
    if !first.is_alphanumeric() {
        return false;
    }
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return false;
    }
    if s.contains(' ') && upper < 2 {
        return false;
    }
    // Lower-case short forms (`so`, `eya`) are real in some fields; only
    // short ones, so ordinary words in parentheses (`Pyeongtaek`,
    // `Continued`) are not candidates. Digits or an inner capital mark a
    // symbol however long (`Hsp90`, `mAb`).
    let has_digit = s.bytes().any(|b| b.is_ascii_digit());
    let inner_capital = s.chars().skip(1).any(char::is_uppercase);
    upper >= 2
        || n <= 4
        || (upper == 0 && n <= 5 && !s.contains(' '))
        || (has_digit && !s.contains(' '))
        || (inner_capital && !first.is_uppercase())
}

/// The short form written inside a parenthesis: the text before `;` or `,`
/// (`(NCG; est. 2023)`), without a trailing possessive or plural `s`.
fn short_in_parens(inner: &str) -> Option<Range<usize>> {
    // `(ANZUS or ANZUS Treaty)`: the first alternative.
    let cut = inner
        .find([';', ','])
        .into_iter()
        .chain(inner.find(" or "))
        .min()
        .unwrap_or(inner.len());
    let mut lead = inner[..cut].len() - inner[..cut].trim_start().len();
    // Legal style: `(hereafter ROK)`, `(hereinafter referred to as "the
    // ROK")` name the short form after a lead-in, maybe quoted.
    for intro in [
        "hereinafter referred to as ",
        "hereafter referred to as ",
        "hereinafter ",
        "hereafter ",
    ] {
        let body = &inner[lead..cut];
        if body.len() > intro.len()
            && body.is_char_boundary(intro.len())
            && body[..intro.len()].eq_ignore_ascii_case(intro)
        {
            lead += intro.len();
            break;
        }
    }
    let mut end = inner[..cut].trim_end().len().max(lead);
    if inner[lead..end].len() > 2 && inner[lead..end].starts_with(['"', '\'']) {
        lead += 1;
        end -= usize::from(inner[..end].ends_with(['"', '\'']));
    }
    let core = &inner[lead..end];
    if let Some(stem) = core.strip_suffix("'s") {
        end = lead + stem.len();
    }
    let s = &inner[lead..end];
    is_short_form(s).then_some(lead..end)
}

/// One character of a short form to find in the long form, and whether it
/// must start a word there.
type AlignChar = (char, bool);

/// Letters and digits of a short form to align, lower-cased. With
/// `expand_digits`, a digit 2–9 after a letter repeats it (`NC3` -> `nccc`),
/// and the repeats must each start a word (`Command, Control and
/// Communications`); a digit 0 or 1 is no repeat count, so that variant fails.
fn alignment_chars(short: &str, expand_digits: bool) -> Option<Vec<AlignChar>> {
    let mut out: Vec<AlignChar> = Vec::new();
    for c in short.chars().filter(|c| c.is_alphanumeric()) {
        if expand_digits && c.is_ascii_digit() {
            if let Some(&(prev, _)) = out.last() {
                if prev.is_alphabetic() {
                    let n = c.to_digit(10).unwrap_or(0);
                    if n < 2 {
                        return None;
                    }
                    if let Some(last) = out.last_mut() {
                        last.1 = true;
                    }
                    out.extend(std::iter::repeat_n((prev, true), n as usize - 1));
                    continue;
                }
            }
        }
        out.extend(c.to_lowercase().map(|l| (l, false)));
    }
    Some(out)
}

/// Schwartz–Hearst: the shortest suffix of `long` (a byte offset into it)
/// whose characters contain `chars` in order, the first at a word start.
/// Also returns how many characters matched at word starts.
fn best_long_form_start(chars: &[AlignChar], long: &str) -> Option<Alignment> {
    let (matched, word_starts) = minimal_match(chars, long)?;
    // The first character matched at a word start. A prefix glued to it by
    // a hyphen belongs to the long form (`alpha-myosin`, `Indo-Pacific
    // Command`, `12-O-tetradecanoylphorbol`), unless it ends a capitalized
    // name before it: `United States-Republic of Korea` names two countries.
    // An abbreviation written with periods before it is a modifier, not a
    // name's head (`U.S. Indo-Pacific Command`). A slash joins alternatives
    // (`Toll/IL-1 receptor`), so a prefix holding one stays out, and so does
    // one opening with a quotation mark or bracket.
    let word_start = long[..matched]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let prefix = &long[word_start..matched];
    let tail_of_name = prefix.starts_with(char::is_uppercase)
        && long[..word_start]
            .split_whitespace()
            .next_back()
            .is_some_and(|w| {
                w.starts_with(char::is_uppercase) && !w.contains('.') && !w.ends_with("'s")
            });
    let glued = prefix.ends_with('-')
        && prefix.starts_with(char::is_alphanumeric)
        && !prefix.contains('/')
        && !tail_of_name;
    Some(Alignment {
        start: if glued { word_start } else { matched },
        word_starts,
    })
}

/// Where the shortest suffix of `long` holding `chars` in order starts
/// (the first character at a word start, or any character flagged so),
/// and how many characters matched at word starts; None for no match or
/// no characters. The scan reads `long` backwards from its end and stops
/// at the match of the first character, usually a few words in: the
/// characters are lowered as they are read, not all collected first.
fn minimal_match(chars: &[AlignChar], long: &str) -> Option<(usize, usize)> {
    let lower = |(i, c): (usize, char)| (i, c.to_lowercase().next().unwrap_or(c));
    let mut rev = long.char_indices().rev().map(lower).peekable();
    let mut matched = None;
    let mut word_starts = 0;
    for (si, &(sc, must_start)) in chars.iter().enumerate().rev() {
        loop {
            let (i, c) = rev.next()?;
            let at_word_start = rev.peek().is_none_or(|&(_, p)| !p.is_alphanumeric());
            if c == sc && ((si != 0 && !must_start) || at_word_start) {
                word_starts += usize::from(at_word_start);
                matched = Some(i);
                break;
            }
        }
    }
    Some((matched?, word_starts))
}

/// Where a short form's characters were found in a long form.
struct Alignment {
    /// Byte offset in the searched text where the long form starts.
    start: usize,
    /// How many characters matched at a word start.
    word_starts: usize,
}

/// Whether a minimal Schwartz–Hearst alignment reads like a name rather
/// than a stretch of prose that happens to hold the letters: it does not
/// open on a lower-case article (`the mitochondrial outer membrane (TOM)`,
/// `a homolog of the human gene (ATM)`), unless the article gives an
/// initial of a plain initialism (`a disintegrin and metalloproteinase
/// (ADAM)`). Further rules tried here (no article inside, none after the
/// last matched letter, few skipped words for two-letter short forms) each
/// cost more true pairs on the public sets than they removed false ones.
fn plausible_alignment(short: &str, long: &str) -> bool {
    let Some(first) = long.split_whitespace().next() else {
        return false;
    };
    // An apposition after a comma starts a new phrase (`Cdc42p's
    // interactions with Cla4p, a p21`).
    // So does one lower-case word after the last comma (`a protein of the
    // Hsp70 family, protects [PSI]`).
    let after_comma = long.rsplit_once(", ").map(|(_, tail)| tail);
    let lone_word = after_comma
        .is_some_and(|t| !t.contains(char::is_whitespace) && t.chars().all(|c| c.is_lowercase()));
    if lone_word || [", a ", ", an ", ", the "].iter().any(|a| long.contains(a)) {
        return false;
    }
    match first {
        "the" => false,
        "a" | "an" => initials_hold(short, long),
        _ => true,
    }
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Aligns `short` against the candidate window and returns the long form's
/// byte range inside `window` plus the rule used.
fn align(short: &str, window: &str) -> Option<(Range<usize>, Rule)> {
    let n_chars = alignment_chars(short, false)?.len();
    let max_words = (n_chars + 5).min(n_chars * 2);
    // Keep only the last `max_words` words of the window.
    let cut = window_cut(window, max_words);
    let w = &window[cut..];
    // A plural short form (`NGOs`, `SOFAs`) aligns without its `s`.
    let singular = short
        .strip_suffix('s')
        .filter(|s| s.len() >= 2 && s.ends_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
    let forms = [
        (short, false, Rule::AcronymSh),
        (short, true, Rule::AcronymShDigits),
        (singular.unwrap_or(""), false, Rule::AcronymShPlural),
    ];
    for (form, expand, rule) in forms {
        if form.is_empty() || (expand && !form.bytes().any(|b| b.is_ascii_digit())) {
            continue;
        }
        let Some(chars) = alignment_chars(form, expand) else {
            continue;
        };
        if let Some(a) = best_long_form_start(&chars, w) {
            let s = a.start;
            let long = &w[s..];
            if valid_long_form(short, long)
                && enough_word_starts(short, long, a.word_starts)
                && plausible_alignment(short, long)
            {
                let s = initialism_start(form, w, s).unwrap_or(s);
                return Some((cut + s..window.len(), rule));
            }
        }
    }
    unordered_initials(short, w)
        .map(|r| (cut + r.start..cut + r.end, Rule::AcronymInitialsUnordered))
}

/// Where the last `max_words` words of `window` start; 0 when it holds no
/// more than that. Counted from the end: a window may hold a long
/// paragraph, of which only the end is read.
fn window_cut(window: &str, max_words: usize) -> usize {
    let offset = |w: &str| w.as_ptr() as usize - window.as_ptr() as usize;
    window
        .split_whitespace()
        .rev()
        .nth(max_words.saturating_sub(1))
        .map(offset)
        .filter(|&at| window[..at].split_whitespace().next().is_some())
        .unwrap_or(0)
}

/// Where the long form starts if the short form is a plain initialism of
/// the words ending the window: `thyroid transcription factor 1 (TTF-1)`
/// rather than the minimal `transcription factor 1`, whose `t`s hide inside
/// a word. Only when the minimal match (starting at `minimal`) used a letter
/// inside a word and the initials of the last words, function words
/// skipped, spell the short form exactly.
fn initialism_start(short: &str, window: &str, minimal: usize) -> Option<usize> {
    let want: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let words: Vec<(usize, &str)> = window
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .map(|w| (w.as_ptr() as usize - window.as_ptr() as usize, w))
        .collect();
    let mut got: Vec<char> = Vec::new();
    for &(pos, w) in words.iter().rev() {
        if is_function_word(w) {
            continue;
        }
        // A number word keeps its digits (`factor 1` gives `1`), and so
        // does a numbered variant (`phosphatase 2A` gives `2a`).
        let numbered =
            w.bytes().any(|b| b.is_ascii_digit()) && w.chars().all(char::is_alphanumeric);
        let initial: Vec<char> = if numbered {
            w.chars().flat_map(char::to_lowercase).collect()
        } else {
            w.chars()
                .next()
                .filter(|c| c.is_alphanumeric())?
                .to_lowercase()
                .collect()
        };
        got.splice(0..0, initial);
        if got.len() >= want.len() {
            // Never start inside a hyphenated compound (`C-C chemokine`).
            let mid_compound = window[..pos].ends_with(['-', '/']);
            return (got == want && pos < minimal && !mid_compound).then_some(pos);
        }
    }
    None
}

/// True when the short form's letters can all be read off word initials
/// of `long`, in order, the first from its first word: `Epac` in
/// `exchange protein directly activated by cAMP`.
fn initials_hold(short: &str, long: &str) -> bool {
    let initials: Vec<char> = long
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    let mut want = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .peekable();
    if want.peek() != initials.first() {
        return false;
    }
    let mut have = initials.iter();
    want.all(|c| have.any(|&i| i == c))
}

/// An all-lower-case short form (`so`, `eya`) is easily a word; its letters
/// must mostly start the long form's words (`sine oculis`), not hide inside
/// them (`iron` in `interactions between Mars`).
fn enough_word_starts(short: &str, long: &str, word_starts: usize) -> bool {
    if short.chars().any(char::is_uppercase) {
        return true;
    }
    let words = word_count(long);
    let letters = short.chars().filter(|c| c.is_alphanumeric()).count();
    words == 1 || word_starts + 1 >= words.min(letters)
}

/// Words that open a clause, which no name holds.
const CLAUSE_WORDS: [&str; 6] = ["which", "whereas", "who", "whose", "although", "while"];

/// Rejections from Schwartz and Hearst plus two of ours: the long form must
/// be longer than the short form and not contain it, and its first word must
/// start with the short form's first letter (unless it is a prefix such as
/// `U.S.`); one-word long forms must not be a single word plus the letters
/// of the acronym's tail only.
fn valid_long_form(short: &str, long: &str) -> bool {
    let long = long.trim();
    // A long form holding the short form is no expansion of it, except a
    // plain word clipped to make it (`Groucho (Gro)`, `Fused (Fu)`); a
    // symbol (`AspRS-tRNA (Asp)`) or a phrase (`further suggest that Su`
    // for `fu`) holding it is not.
    let plain_word = word_count(long) == 1
        && long.chars().all(char::is_alphabetic)
        && !long.chars().skip(1).any(char::is_uppercase);
    let holds_short = long.contains(short) && !plain_word;
    if long.len() <= short.len() || holds_short || word_count(long) < 1 {
        return false;
    }
    if long.bytes().filter(u8::is_ascii_digit).count() * 3 > long.len() {
        return false;
    }
    // A name holds no clause (`Cnr, whereas alpha`, `protein Hsp104, which
    // is essential for`) and closes every bracket it opens (`4) and C`).
    if long
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| CLAUSE_WORDS.iter().any(|c| w.eq_ignore_ascii_case(c)))
        || long.contains("such as")
        || long.matches(')').count() > long.matches('(').count()
    {
        return false;
    }
    // A one-word long form (`lipopolysaccharide (LPS)`) must be a real word
    // clearly longer than the short form.
    if word_count(long) == 1 && long.chars().filter(|c| c.is_alphabetic()).count() < short.len() + 2
    {
        return false;
    }
    true
}

/// The garbled case: the last k content words' initials are a permutation of
/// the short form's k letters, all of them capitalized.
fn unordered_initials(short: &str, window: &str) -> Option<Range<usize>> {
    let mut want: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if want.len() < 3
        || !short
            .chars()
            .all(|c| c.is_uppercase() || !c.is_alphabetic())
    {
        return None;
    }
    want.sort_unstable();
    let words: Vec<(usize, &str)> = window
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - window.as_ptr() as usize, w))
        .collect();
    let mut got = Vec::new();
    let mut start = None;
    for &(pos, w) in words.iter().rev() {
        if is_function_word(w) {
            continue;
        }
        let c = w.chars().next()?;
        if !c.is_uppercase() {
            return None;
        }
        got.push(c);
        start = Some(pos);
        if got.len() == want.len() {
            break;
        }
    }
    got.sort_unstable();
    (got == want).then(|| start.map(|s| s..window.len()))?
}

/// Where a long-form window before `pos` begins: the sentence start, or
/// just after the last bracket, semicolon, colon or equals sign, so a long
/// form never reaches across an earlier parenthetical (`type I); … (type II)`).
/// Brackets glued to a word (`Lipoprotein(a)`, `Na(+)/H(+)`) are part of a
/// name, not a parenthetical, and do not cut the window.
fn window_start(view: &TextView<'_>, pos: usize) -> usize {
    let sentence = view.sentence_of(pos).start.min(pos);
    let text = &view.norm()[sentence..pos];
    let bytes = text.as_bytes();
    let mut i = text.len();
    while let Some(k) = text[..i].rfind(['(', ')', '[', ']', ';', ':', '=']) {
        let glued = match bytes[k] {
            b'(' | b'[' => k > 0 && bytes[k - 1].is_ascii_alphanumeric(),
            b')' | b']' => {
                let open = matching_open(bytes, k);
                open.is_some_and(|o| {
                    o > 0
                        && bytes[o - 1].is_ascii_alphanumeric()
                        && !text[o..k].contains(char::is_whitespace)
                })
            }
            _ => false,
        };
        if !glued {
            return sentence + k + 1;
        }
        i = k;
    }
    sentence
}

/// The bracket opening the one that closes at `close`, counting nesting
/// (`(GABA(A/C))` opens at its first `(`).
fn matching_open(bytes: &[u8], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for k in (0..=close).rev() {
        match bytes[k] {
            b')' | b']' => depth += 1,
            b'(' | b'[' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// `Long Form (LF)`: the window is the sentence text before `(`.
fn long_then_short(view: &TextView<'_>, open: usize, close: usize) -> Option<AcronymFact> {
    let text = view.norm();
    let inner = &text[open + 1..close];
    let sr = short_in_parens(inner)?;
    let short = &inner[sr.clone()];
    let from = window_start(view, open);
    let mut window_end = open;
    let mut window = text[from..window_end].trim_end();
    // A possessive before the parenthesis is not part of the long form,
    // nor a quote closing the name (`'Rotational Force-West' (RFW)`).
    if let Some(stem) = window.strip_suffix("'s") {
        window = stem;
    }
    window = window.trim_end_matches(['\'', '"']);
    window_end = from + window.len();
    let window_text = &text[from..window_end];
    let (r, rule) = align(short, window_text)
        .or_else(|| {
            // A designator's number is no word of its name: `Standard
            // Missile (SM-6)`, `Patriot Advanced Capability (PAC-3)`.
            let letters = designator_letters(short)?;
            let (r, _) = align(letters, window_text)?;
            Some((r, Rule::AcronymShDigits))
        })
        .or_else(|| {
            // A naval hull code stands for one word of the name: `Korean
            // Submarine (KSS)` is K + SS, `Frigate Experimental (FFX)` is
            // FF + X (`data/hull_codes.csv`).
            without_hull_code(short)
                .into_iter()
                .find_map(|(reduced, word)| {
                    let (r, _) = align(&reduced, window_text)?;
                    // The code's word and at least one more: a lone `submarine`
                    // cannot spell `SSN`.
                    let long = window_text[r.clone()].to_ascii_lowercase();
                    (long.contains(word) && long.split_whitespace().count() >= 2)
                        .then_some((r, Rule::AcronymSh))
                })
        })
        .or_else(|| {
            // A state's short form inside a unit's code stands for the
            // state the text is about: `First Army (FROKA)` is F + ROK + A.
            without_state_code(short)
                .into_iter()
                .find_map(|rest| align_initials(&rest, window_text))
                .map(|r| (r, Rule::AcronymSh))
        })?;
    let mut long_span = from + r.start..from + r.end;
    // `Treaty on the Non-Proliferation of Nuclear Weapons (NPT)`: the head
    // before `on the`/`of the` gives the short form's last letter, so the
    // name reads from it.
    let before = text[..long_span.start].trim_end();
    for link in [" on the", " of the", " on", " of"] {
        let Some(head_part) = before.strip_suffix(link) else {
            continue;
        };
        let head_start = head_part
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(0, |i| i + 1);
        let head = &head_part[head_start..];
        let last = short.chars().rev().find(|c| c.is_alphabetic());
        let names_it = matches!(
            head,
            "Treaty" | "Convention" | "Agreement" | "Organization" | "Organisation" | "Conference"
        );
        if names_it && last.is_some_and(|c| head.starts_with(c.to_ascii_uppercase())) {
            long_span.start = head_start;
        }
        break;
    }
    Some(AcronymFact {
        short_span: open + 1 + sr.start..open + 1 + sr.end,
        long_span,
        rule,
    })
}

/// The letters of a designator (`SM` of `SM-6`, `PAC` of `PAC-3`): two
/// capitals or more, a hyphen, then only digits.
fn designator_letters(short: &str) -> Option<&str> {
    let (letters, number) = short.rsplit_once('-')?;
    (letters.len() >= 2
        && letters.bytes().all(|b| b.is_ascii_uppercase())
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit()))
    .then_some(letters)
}

/// Naval hull codes and the word each stands for (`SS` submarine).
static HULL_CODES: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| {
    include_str!("../data/hull_codes.csv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .collect()
});

/// The short form with one hull code replaced by the initial of its word
/// (`KSS` -> `KS`, with `submarine`), for each code it holds.
fn without_hull_code(short: &str) -> Vec<(String, &'static str)> {
    if short.len() > 8 || !short.bytes().all(|b| b.is_ascii_uppercase()) {
        return Vec::new();
    }
    HULL_CODES
        .iter()
        .filter_map(|&(code, word)| {
            let at = short.find(code)?;
            let initial = word[..1].to_ascii_uppercase();
            let reduced = format!("{}{initial}{}", &short[..at], &short[at + code.len()..]);
            (reduced.len() >= 2).then_some((reduced, word))
        })
        .collect()
}

/// The short form without a state's short form inside it (`FROKA` ->
/// `FA`), for each state code it holds after its first letter, when at
/// least two letters stay.
fn without_state_code(short: &str) -> Vec<String> {
    if short.len() > 8 || !short.bytes().all(|b| b.is_ascii_uppercase()) {
        return Vec::new();
    }
    crate::gazetteer::surfaces(&[crate::gazetteer::Form::Short])
        .into_iter()
        .map(|code| code.replace('.', ""))
        .filter(|code| code.len() >= 2 && code.bytes().all(|b| b.is_ascii_uppercase()))
        .filter_map(|code| {
            let at = short[1..].find(code.as_str())? + 1;
            let rest = format!("{}{}", &short[..at], &short[at + code.len()..]);
            (rest.len() >= 2).then_some(rest)
        })
        .collect()
}

/// The capitalized words just before the end of `window` whose initials
/// are exactly `letters` (`FA` -> `First Army`), as a range of `window`.
fn align_initials(letters: &str, window: &str) -> Option<Range<usize>> {
    let words: Vec<(usize, &str)> = window
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - window.as_ptr() as usize, w))
        .collect();
    let n = letters.len();
    let tail = words.get(words.len().checked_sub(n)?..)?;
    let initials: String = tail.iter().filter_map(|(_, w)| w.chars().next()).collect();
    let capitalized = tail
        .iter()
        .all(|(_, w)| w.starts_with(|c: char| c.is_uppercase()));
    (capitalized && initials == letters).then(|| {
        let (start, _) = tail[0];
        let (last, w) = tail[n - 1];
        start..last + w.len()
    })
}

/// `LF (Long Form)`: an all-capitals token right before `(`, the long form
/// inside, starting at its first word.
fn short_then_long(view: &TextView<'_>, open: usize, close: usize) -> Option<AcronymFact> {
    let text = view.norm();
    let before = text[..open].trim_end();
    let token_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .map_or(0, |i| i + 1);
    let short = &before[token_start..];
    // The token before the parenthesis must look like a symbol, not a word:
    // two capitals (`THAAD`, `Mdl1p`), or a capital with a digit (`Trax`
    // alone is too much like a word and stays out).
    let upper = short.chars().filter(|c| c.is_uppercase()).count();
    let digits = short.chars().filter(char::is_ascii_digit).count();
    // A capitalized word (`Epac`) passes only if every letter starts a
    // word of the parenthesis (`exchange protein directly activated by
    // cAMP`), checked below.
    let word_like = !(upper >= 2 || (upper >= 1 && digits >= 1));
    if !is_short_form(short) || (word_like && !(upper == 1 && short.len() >= 3)) {
        return None;
    }
    let inner_full = &text[open + 1..close];
    let cut = inner_full.find([';', ',']).unwrap_or(inner_full.len());
    // Quotation marks around the expansion (`ABC ("ATP-binding cassette")`,
    // even when one of them is lost) are not part of it.
    let head = inner_full[..cut]
        .trim_end()
        .trim_end_matches('"')
        .trim_end();
    let inner = head.trim_start().trim_start_matches('"').trim_start();
    let lead = head.len() - inner.len();
    let n_chars = alignment_chars(short, false)?.len();
    // Hyphenated parts count as words here (`N-methyl-D-aspartate`).
    let parts = inner
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .count();
    if parts < 2 || word_count(inner) > (n_chars + 5).min(n_chars * 2) {
        return None;
    }
    // A parenthesis naming the symbol again is a variant of it (`END5 (end5
    // delta)`), not its expansion.
    if inner
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case(short))
    {
        return None;
    }
    for expand in [false, true] {
        let Some(chars) = alignment_chars(short, expand) else {
            continue;
        };
        if let Some(Alignment {
            start: s,
            word_starts,
            ..
        }) = best_long_form_start(&chars, inner)
        {
            // The alignment may start inside the first word (`Swi4/Swi6
            // cell-cycle box (SCB)` starts at `Swi6`); the long form is the
            // whole parenthesis.
            if !inner[..s].contains(char::is_whitespace)
                && valid_long_form(short, inner)
                && enough_word_starts(short, inner, word_starts)
                && (!word_like || initials_hold(short, inner))
            {
                let ls = open + 1 + lead;
                return Some(AcronymFact {
                    short_span: token_start..token_start + short.len(),
                    long_span: ls..ls + inner.len(),
                    rule: Rule::AcronymShReverse,
                });
            }
        }
    }
    None
}

/// `(Bas1p interaction and regulatory domain, BIRD)`: long form and short
/// form inside one parenthesis, separated by the last comma.
fn long_comma_short_inside(view: &TextView<'_>, open: usize, close: usize) -> Option<AcronymFact> {
    let text = view.norm();
    let inner = &text[open + 1..close];
    let comma = inner.rfind(',')?;
    let sf_raw = &inner[comma + 1..];
    let sf_start = open + 1 + comma + 1 + (sf_raw.len() - sf_raw.trim_start().len());
    let short = sf_raw.trim();
    if !is_short_form(short) || short.chars().filter(|c| c.is_uppercase()).count() < 2 {
        return None;
    }
    let window = &inner[..comma];
    let (r, rule) = align(short, window)?;
    // The long form must fill the parenthesis up to the comma.
    if window[..r.start].trim().contains(char::is_whitespace) {
        return None;
    }
    let lead = window.len() - window.trim_start().len();
    let long_start = open + 1 + r.start.max(lead);
    Some(AcronymFact {
        short_span: sf_start..sf_start + short.len(),
        long_span: long_start..open + 1 + r.end,
        rule: if rule == Rule::AcronymSh {
            Rule::AcronymShInside
        } else {
            rule
        },
    })
}

/// One match of the `or` and dash form, as the pattern
/// `(?:,\s*|\s+-\s+)(?:or\s+|also\s+known\s+as\s+|known\s+as\s+)?(?P<sf>[A-Z][A-Za-z0-9&/-]{1,14})(?:\s*,|\s+-\s|\s*\))`
/// finds it: the whole match and the short form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OrForm {
    whole: Range<usize>,
    short: Range<usize>,
}

/// Every match of the `or` and dash form, exactly as that pattern's
/// `captures_iter` gives them (tests compare the two). The pattern has
/// no literal for the regex engine to search for, so it read every byte
/// of every text it was given; a match can only begin at a comma or at
/// the white space before a dash, so this reads those, and tries the
/// pattern there by hand.
fn or_forms(text: &str) -> Vec<OrForm> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    for i in memchr::memchr2_iter(b',', b'-', bytes) {
        // The leftmost start: the comma, or the first white space of the
        // run before the dash that the last match left.
        let start = if bytes[i] == b',' {
            i
        } else if i > 0 && may_end_ws(bytes[i - 1]) {
            let lead = text[pos.min(i)..i].trim_end_matches(char::is_whitespace);
            pos.min(i) + lead.len()
        } else {
            continue;
        };
        if start < pos || (start == i && bytes[i] == b'-') {
            continue;
        }
        if let Some(m) = or_form_at(text, start) {
            pos = m.whole.end;
            out.push(m);
        }
    }
    out
}

/// True when `b` can be the last byte of a white-space character (ASCII
/// white space, or any byte of a multi-byte character).
fn may_end_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r') || b >= 0x80
}

/// `i` past the white space (`\s`: Unicode `White_Space`) that starts
/// `text[i..]`.
fn skip_ws(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t'..=b'\r' => i += 1,
            0..0x80 => break,
            _ => match text[i..].chars().next() {
                Some(c) if c.is_whitespace() => i += c.len_utf8(),
                _ => break,
            },
        }
    }
    i
}

/// The pattern of [`or_forms`] anchored at `start`. Its white-space runs
/// are greedy and every item after one begins with a byte that is not
/// white space, so no run has to give back; the short form's class holds
/// no byte that can begin the closing part, so it is the longest run of
/// its class, and a run longer than the pattern allows fails.
fn or_form_at(text: &str, start: usize) -> Option<OrForm> {
    let bytes = text.as_bytes();
    let after_ws = |i: usize| skip_ws(text, i);
    let lead_end = if bytes[start] == b',' {
        after_ws(start + 1)
    } else {
        let dash = after_ws(start);
        if dash == start || bytes.get(dash) != Some(&b'-') {
            return None;
        }
        let end = after_ws(dash + 1);
        (end > dash + 1).then_some(end)?
    };
    // What follows the lead: a phrase's first letter or a capital. Most
    // commas end here.
    if !bytes
        .get(lead_end)
        .is_some_and(|b| b.is_ascii_uppercase() || b"oak".contains(b))
    {
        return None;
    }
    // `word\s+` for each word of a phrase, else None.
    let phrase = |words: &[&str]| {
        let mut i = lead_end;
        for w in words {
            i = text[i..].starts_with(w).then_some(i + w.len())?;
            let next = after_ws(i);
            i = (next > i).then_some(next)?;
        }
        Some(i)
    };
    let phrases: [&[&str]; 3] = [&["or"], &["also", "known", "as"], &["known", "as"]];
    // The optional phrase is greedy: with it first, then without.
    let tries = phrases
        .iter()
        .filter_map(|p| phrase(p))
        .take(1)
        .chain([lead_end]);
    for sf in tries {
        if !bytes.get(sf).is_some_and(u8::is_ascii_uppercase) {
            continue;
        }
        let class = |b: &u8| b.is_ascii_alphanumeric() || b"&/-".contains(b);
        let run = 1 + bytes[sf + 1..]
            .iter()
            .take(14)
            .take_while(|b| class(b))
            .count();
        if run < 2 {
            continue;
        }
        let sf_end = sf + run;
        let close = after_ws(sf_end);
        let end = match bytes.get(close) {
            Some(b',' | b')') => close + 1,
            Some(b'-') if close > sf_end => match text[close + 1..].chars().next() {
                Some(c) if c.is_whitespace() => close + 1 + c.len_utf8(),
                _ => continue,
            },
            _ => continue,
        };
        return Some(OrForm {
            whole: start..end,
            short: sf..sf_end,
        });
    }
    None
}

/// `long form, or LF,` / `long form (or LF)` / `long form - LF -`.
fn or_and_dash_forms(view: &TextView<'_>) -> Vec<AcronymFact> {
    let text = view.norm();
    let mut out = Vec::new();
    for OrForm {
        whole: m,
        short: sf,
    } in or_forms(text)
    {
        let short = &text[sf.clone()];
        let lead = &text[m.start..sf.start];
        let dash = lead.contains('-');
        let has_or = lead.contains("or") || lead.contains("known");
        if !(dash || has_or) || short.chars().filter(|c| c.is_uppercase()).count() < 2 {
            continue;
        }
        if short.chars().any(char::is_lowercase) || view.in_noise(&m) {
            continue;
        }
        let from = window_start(view, m.start);
        let Some((r, _)) = align(short, &text[from..m.start]) else {
            continue;
        };
        // Only the Schwartz–Hearst alignment proper is trusted here: the
        // window runs to the comma, so it has to end in a matching word.
        let long = &text[from + r.start..from + r.end];
        let last = long.split_whitespace().last().unwrap_or("");
        let short_last = short.chars().rev().find(|c| c.is_alphabetic());
        let last_ok = match short_last {
            Some(sc) => last.to_lowercase().contains(sc.to_ascii_lowercase()),
            None => false,
        };
        if !last_ok {
            continue;
        }
        out.push(AcronymFact {
            short_span: sf,
            long_span: from + r.start..from + r.end,
            rule: if dash {
                Rule::AcronymDash
            } else {
                Rule::AcronymOr
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The pattern [`or_forms`] matches by hand.
    fn or_form_reference(text: &str) -> Vec<OrForm> {
        static OR_FORM: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:,\s*|\s+-\s+)(?:or\s+|also\s+known\s+as\s+|known\s+as\s+)?(?P<sf>[A-Z][A-Za-z0-9&/-]{1,14})(?:\s*,|\s+-\s|\s*\))")
                .expect("valid regex")
        });
        OR_FORM
            .captures_iter(text)
            .map(|c| OrForm {
                whole: c.get(0).expect("group 0").range(),
                short: c.name("sf").expect("sf group").range(),
            })
            .collect()
    }

    #[test]
    fn or_forms_match_as_the_pattern_does() {
        for text in [
            "United States Forces Korea - USFK - said",
            "United States Forces Korea, or USFK, said",
            "United States Forces Korea, also known as USFK, said",
            "the Joint Staff (or JS) met",
            "x\u{2003}-\nUS,",
            "x\t- or US)",
            "x -  known as\tU2,",
            "x,or A&B,",
            // A match that is turned away still ends the one before the
            // next: the second comma is taken.
            "a, USA, or NATO, b",
            // Too long a short form, a lower-case `or`'s capital, a dash
            // glued to a word, white space not followed by the dash.
            "a, ABCDEFGHIJKLMNOP, b",
            "a, Or NATO, b",
            "a -NATO - b",
            "a  x- NATO, b",
            "a - b",
            "x, or the US",
            "well-known US",
            "x- US",
            "a\u{a0}-\u{a0}AB -\u{2003}c",
            "a -- AB, c",
        ] {
            assert_eq!(or_forms(text), or_form_reference(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// The hand-written search finds what the pattern finds.
        #[test]
        fn or_forms_are_the_patterns_matches(
            parts in proptest::collection::vec(
                proptest::sample::select(&[
                    "the Joint Staff", "United States Forces Korea", ",", ", ", " - ", "-", " -", "- ",
                    "or ", "also known as ", "known as ", "USFK", "U.S.", "Ab", "A1", "NATO",
                    ")", "(", "\u{a0}", "\n", "  ", "x", "A&B", "or\u{2003}", "ABCDEFGHIJKLMN",
                    "O", "k", "also ", "known", "é", "\u{2014}", "--",
                ][..]),
                0..16,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(or_forms(&text), or_form_reference(&text));
        }
    }

    /// The alignment as first written: every character of the long form
    /// lowered and collected, then scanned back from the end.
    fn best_start_reference(chars: &[AlignChar], long: &str) -> Option<(usize, usize)> {
        let lc: Vec<(usize, char)> = long
            .char_indices()
            .map(|(i, c)| (i, c.to_lowercase().next().unwrap_or(c)))
            .collect();
        let mut l = lc.len() as isize - 1;
        let mut word_starts = 0;
        for (si, &(sc, must_start)) in chars.iter().enumerate().rev() {
            loop {
                if l < 0 {
                    return None;
                }
                let (_, c) = lc[l as usize];
                let at_word_start = l == 0 || !lc[l as usize - 1].1.is_alphanumeric();
                if c == sc && ((si != 0 && !must_start) || at_word_start) {
                    word_starts += usize::from(at_word_start);
                    break;
                }
                l -= 1;
            }
            l -= 1;
        }
        Some((lc[(l + 1) as usize].0, word_starts))
    }

    /// The window's last `max_words` words, as first written: all its
    /// words collected, then counted.
    fn cut_reference(window: &str, max_words: usize) -> usize {
        let words: Vec<(usize, &str)> = window
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - window.as_ptr() as usize, w))
            .collect();
        if words.len() > max_words {
            words[words.len() - max_words].0
        } else {
            0
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The backward scan finds the match the collected characters gave,
        /// with its word starts.
        #[test]
        fn the_backward_alignment_is_the_collected_one(
            short in "[A-Za-z0-9&É]{1,6}",
            parts in proptest::collection::vec(
                proptest::sample::select(&[
                    "United", "States", "Forces", "Korea", "of", "the", "and", " ", "  ", "-",
                    "Indo", "Pacific", "U.S.", "É", "é", "ǅ", "İ", "\u{a0}", "\n", "1", "2nd",
                    "f", "s", "K", "(", "/", "'s", "a",
                ][..]),
                0..14,
            )
        ) {
            let long = parts.concat();
            for expand in [false, true] {
                let Some(chars) = alignment_chars(&short, expand) else { continue };
                let expected = if chars.is_empty() { None } else { best_start_reference(&chars, &long) };
                proptest::prop_assert_eq!(minimal_match(&chars, &long), expected);
            }
        }

        /// A function word is found as a lower-case copy of the word finds
        /// it, in any case and outside ASCII (the Kelvin sign folds to `k`).
        #[test]
        fn function_words_are_found_as_lower_case_copies_find_them(
            w in "(o|O|f|F|t|T|h|H|e|E|a|A|n|N|d|D|\u{212a}|\u{130}|\u{e9}){1,4}",
        ) {
            proptest::prop_assert_eq!(
                is_function_word(&w),
                FUNCTION_WORDS.contains(&w.to_lowercase().as_str())
            );
        }

        /// Counting the words from the end cuts where counting them all did.
        #[test]
        fn the_window_cut_counts_from_the_end(
            parts in proptest::collection::vec(
                proptest::sample::select(&["a", "Bc", " ", "  ", "\n", "\u{2003}", "é", "x-y"][..]),
                0..20,
            ),
            max_words in 1usize..8,
        ) {
            let window = parts.concat();
            proptest::prop_assert_eq!(window_cut(&window, max_words), cut_reference(&window, max_words));
        }
    }

    fn defs(text: &str) -> Vec<(String, String)> {
        let view = TextView::new(text);
        let mut facts = DocFacts::default();
        AcronymExtractor.extract(&view, &mut facts);
        facts
            .acronyms
            .iter()
            .map(|a| {
                (
                    view.raw_text(a.short_span.clone()).to_string(),
                    view.raw_text(a.long_span.clone()).to_string(),
                )
            })
            .collect()
    }

    fn pair(s: &str, l: &str) -> (String, String) {
        (s.to_string(), l.to_string())
    }

    #[test]
    fn long_then_short_basic_and_minimal() {
        assert_eq!(
            defs("the U.S. led the United Nations Command (UNC) to defend"),
            [pair("UNC", "United Nations Command")]
        );
        assert_eq!(
            defs("* Bilateral Extended Deterrence Strategy and Consultation Group (EDSCG): x"),
            [pair(
                "EDSCG",
                "Extended Deterrence Strategy and Consultation Group"
            )]
        );
        assert_eq!(
            defs("support the stable stationing of U.S. Forces Korea (USFK)."),
            [pair("USFK", "U.S. Forces Korea")]
        );
        assert_eq!(
            defs("the United States and Republic of Korea (ROK) signed"),
            [pair("ROK", "Republic of Korea")]
        );
    }

    #[test]
    fn a_head_before_on_the_closes_a_reordered_short_form() {
        assert_eq!(
            defs("parties to the Treaty on the Non-Proliferation of Nuclear Weapons (NPT) met"),
            [pair(
                "NPT",
                "Treaty on the Non-Proliferation of Nuclear Weapons"
            )]
        );
        // The letter must match: `Nuclear Weapons (NW)` keeps its own span.
        assert_eq!(
            defs("the Treaty on the Nuclear Weapons (NW) text"),
            [pair("NW", "Nuclear Weapons")]
        );
    }

    #[test]
    fn hereafter_names_a_short_form() {
        assert_eq!(
            defs("The Republic of Korea (hereafter ROK) and Japan met."),
            [pair("ROK", "Republic of Korea")]
        );
        assert_eq!(
            defs("the Status of Forces Agreement (hereinafter referred to as \"SOFA\") applies"),
            [pair("SOFA", "Status of Forces Agreement")]
        );
    }

    #[test]
    fn letters_inside_words_and_function_words() {
        assert_eq!(
            defs("transition of operational control (OPCON), thus"),
            [pair("OPCON", "operational control")]
        );
        assert_eq!(
            defs("between the US Cybersecurity and Infrastructure Security Agency (CISA) and"),
            [pair(
                "CISA",
                "Cybersecurity and Infrastructure Security Agency"
            )]
        );
    }

    #[test]
    fn digits_hyphens_and_compound_short_forms() {
        assert_eq!(
            defs("Air Force Nuclear Command, Control and Communications (NC3) systems"),
            [pair("NC3", "Nuclear Command, Control and Communications")]
        );
        assert_eq!(
            defs("Air Force Global Strike Command - Air Forces Strategic - Air (AFGSC-AFSTRAT), activated"),
            [pair(
                "AFGSC-AFSTRAT",
                "Air Force Global Strike Command - Air Forces Strategic - Air"
            )]
        );
    }

    #[test]
    fn hyphen_glued_prefix() {
        // A prefix glued by a hyphen to the first aligned letter is part of
        // the name, capitalized or not.
        assert_eq!(
            defs("the Indo-Pacific Economic Framework (PEF) talks"),
            [pair("PEF", "Indo-Pacific Economic Framework")]
        );
        assert_eq!(
            defs("the former U.S. Indo-Pacific Command (PACOM) said"),
            [pair("PACOM", "Indo-Pacific Command")]
        );
        // A possessive before it is no name it ends (`China's`).
        assert_eq!(
            defs("China's Anti-Access/Area Denial (A2/AD) capabilities"),
            [pair("A2/AD", "Anti-Access/Area Denial")]
        );
        // An initialism joined by a hyphen does not end the sentence.
        assert_eq!(
            defs("The Korea-U.S. Integrated Defense Dialogue (KIDD) met."),
            [pair("KIDD", "Korea-U.S. Integrated Defense Dialogue")]
        );
        // Not when it ends a capitalized name before it, nor across a
        // slash, which joins alternatives.
        assert_eq!(
            defs("the United States-Republic of Korea (ROK) alliance"),
            [pair("ROK", "Republic of Korea")]
        );
        assert_eq!(
            defs("the sarco/endoplasmic reticulum (ER) store"),
            [pair("ER", "endoplasmic reticulum")]
        );
    }

    #[test]
    fn reverse_direction() {
        assert_eq!(
            defs("Deployment of THAAD (Terminal High Altitude Area Defense) systems"),
            [pair("THAAD", "Terminal High Altitude Area Defense")]
        );
        // Hyphenated parts count as words.
        assert_eq!(
            defs("a dose of TNT (tri-nitro-toluene) was found"),
            [pair("TNT", "tri-nitro-toluene")]
        );
        // A capitalized name defines only if every letter starts a word.
        assert_eq!(
            defs("We named it Sapo (stress activated protein oxidase) here."),
            [pair("Sapo", "stress activated protein oxidase")]
        );
        // Quotation marks around the expansion stay out, even a lost one.
        assert_eq!(
            defs("The INF (\"Intermediate-Range Nuclear Forces\") treaty lapsed."),
            [pair("INF", "Intermediate-Range Nuclear Forces")]
        );
        assert_eq!(
            defs("The INF (\"Intermediate-Range Nuclear Forces) treaty lapsed."),
            [pair("INF", "Intermediate-Range Nuclear Forces")]
        );
        assert!(defs("They met in Seoul (the capital) and Busan.").is_empty());
        assert!(defs("He thanked Obama (former president) warmly.").is_empty());
    }

    #[test]
    fn clipped_words_and_initialisms() {
        // A plain word clipped to its short form.
        assert_eq!(
            defs("the fly protein Tumbler (Tum) binds DNA"),
            [pair("Tum", "Tumbler")]
        );
        // Initials beat a letter hidden inside a word: not `Maritime Command`.
        assert_eq!(
            defs("The Marine Maritime Command (MMC) met."),
            [pair("MMC", "Marine Maritime Command")]
        );
        // A phrase or a symbol holding the short form is no expansion.
        assert!(defs("as further suggest that Su(fu) binds").is_empty());
        assert!(defs("the AspRS-tRNA (Asp) complex").is_empty());
    }

    #[test]
    fn alternatives_in_the_parenthesis() {
        assert_eq!(
            defs("the Pacific Islands Security Pact (PISP or PIS Pact) was signed"),
            [pair("PISP", "Pacific Islands Security Pact")]
        );
    }

    #[test]
    fn dotted_initialisms_and_nested_parentheticals() {
        assert_eq!(
            defs("the United Nations (U.N.) voted"),
            [pair("U.N.", "United Nations")]
        );
        // A nested parenthetical ends the window at its real opening.
        let d = defs("the Joint Staff (JS(A/B)) offices and the Defense Staff (DS) office");
        assert!(d.contains(&pair("DS", "Defense Staff")), "{d:?}");
    }

    #[test]
    fn square_brackets_define_bare_short_forms_only() {
        assert_eq!(
            defs("the ligand Glomerin [GLM] binds the Joint Task Force [JTF] here"),
            [pair("GLM", "Glomerin"), pair("JTF", "Joint Task Force")]
        );
        for t in [
            "as the Joint Staff said [12] in",
            "the Joint Staff [sic] said",
            "prions such as the yeast protein [PSI+] form",
        ] {
            assert!(defs(t).is_empty(), "{t:?} gave {:?}", defs(t));
        }
    }

    #[test]
    fn markdown_links_and_escapes() {
        assert_eq!(
            defs("lessons from the [US Inflation Reduction Act \\(IRA\\)](#) and"),
            [pair("IRA", "Inflation Reduction Act")]
        );
        assert_eq!(
            defs("the US-ROK [memorandum of understanding](#) (MOU) between"),
            [pair("MOU", "memorandum of understanding")]
        );
    }

    #[test]
    fn garbled_long_form_kept_as_written() {
        assert_eq!(
            defs("the burgeoning Russia and Democratic Republic People\u{2019}s of Korea\u{2019}s (DPRK) arms"),
            [pair("DPRK", "Democratic Republic People\u{2019}s of Korea")]
        );
    }

    #[test]
    fn or_and_dash_forms_define() {
        assert_eq!(
            defs("the Nuclear Consultative Group, or NCG, met in 2023."),
            [pair("NCG", "Nuclear Consultative Group")]
        );
        assert_eq!(
            defs("the Nuclear Consultative Group \u{2014} NCG \u{2014} met."),
            [pair("NCG", "Nuclear Consultative Group")]
        );
    }

    #[test]
    fn plural_short_forms_and_glued_brackets() {
        assert_eq!(
            defs("run by non-governmental organizations (NGOs) in the region"),
            [pair("NGOs", "non-governmental organizations")]
        );
        assert_eq!(
            defs("we identified Na(+)/H(+) exchanger regulatory factor 2 (NHERF2) as"),
            [pair("NHERF2", "Na(+)/H(+) exchanger regulatory factor 2")]
        );
    }

    #[test]
    fn adjacent_definitions_do_not_share_punctuation() {
        assert_eq!(
            defs("The 55th Republic of Korea (ROK)-United States (U.S.) Security Consultative Meeting (SCM) was held"),
            [
                pair("ROK", "Republic of Korea"),
                pair("U.S.", "United States"),
                pair("SCM", "Security Consultative Meeting")
            ]
        );
    }

    #[test]
    fn symbols_with_digits_and_definitions_inside_one_parenthesis() {
        assert_eq!(
            defs("the in vivo function of the heat shock protein 90 (Hsp90) molecular"),
            [pair("Hsp90", "heat shock protein 90")]
        );
        assert_eq!(
            defs("consultations (Nuclear Consultative Group, NCG) began"),
            [pair("NCG", "Nuclear Consultative Group")]
        );
        assert_eq!(
            defs("similar affinities for the SCB (Swi4/Swi6 cell-cycle box) and MCB"),
            [pair("SCB", "Swi4/Swi6 cell-cycle box")]
        );
    }

    #[test]
    fn possessive_short_form() {
        assert_eq!(
            defs("U.S. Forces Korea (USFK's) commander"),
            [pair("USFK", "U.S. Forces Korea")]
        );
    }

    #[test]
    fn prose_holding_the_letters_is_no_long_form() {
        // An article opening the match is prose, not a name: the letters of
        // `TOM` sit in `the ... outer membrane`.
        assert!(defs("a translocase of the mitochondrial outer membrane (TOM) binds").is_empty());
        assert!(defs("Strains lacking TEL1, a homolog of the human gene (ATM), die").is_empty());
        // Unless the article is an initial of a plain initialism.
        assert_eq!(
            defs("members of a disintegrin and metalloproteinase (ADAM) family"),
            [pair("ADAM", "a disintegrin and metalloproteinase")]
        );
        // An apposition or a lone verb after a comma starts another phrase.
        assert!(defs("it binds Cla4p, a p21 (CPA) kinase").is_empty());
        assert!(defs("Ssa1, a member of the Hsp70 family, protects [PSI] from").is_empty());
        // A parenthesis naming the symbol again is a variant, not its
        // expansion; the same holds for a defense program's name.
        assert!(defs("a full deletion of END5 (end5 delta), however").is_empty());
        assert!(defs("the THAAD (thaad battery) deployment").is_empty());
        // Names keep their commas: a capitalized word after one is no verb.
        assert_eq!(
            defs("the Office of Science, Energy (OSE) said"),
            [pair("OSE", "Office of Science, Energy")]
        );
    }

    #[test]
    fn never_definitions() {
        for t in [
            "The war ended in an armistice (1953), but",
            "English Summary of Asan Issue Brief (2025-23).",
            "No. 2025-27(S)",
            "* Camp Humphreys (Pyeongtaek): Largest base",
            "Executive Summary (Continued)",
            "advanced fighter jets (KF-21), and AI",
            "cli9nTEMCe91 (en t)11 (o the succe)3 (s)23.1 (sfui) 1.1 (. SgGS0 ge.BDC BT10 0 0 10 72 677 Tm{(and",
            "as shown by Smith et al. (2019) in",
            "unbalanced ((( parens ) and ) more (",
            "empty ( ) and (  ;x) and (,) parens",
            "patients with type II (non-insulin-dependent) diabetes",
        ] {
            assert!(defs(t).is_empty(), "{t:?} gave {:?}", defs(t));
        }
    }

    /// Named cases: a text and every definition it must give, exactly, as
    /// (short form, long form).
    /// (name, text, every pair the text must give).
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    #[rustfmt::skip]
    const CASES: &[Case] = &[
        ("parenthesis", "The Joint Strike Fighter (JSF) program slipped.", &[("JSF", "Joint Strike Fighter")]),
        ("reverse", "The JSF (Joint Strike Fighter) program slipped.", &[("JSF", "Joint Strike Fighter")]),
        ("or_apposition", "The Integrated Air Defense System, or IADS, was upgraded.", &[("IADS", "Integrated Air Defense System")]),
        ("no_definition", "The IADS was upgraded in (2024).", &[]),
        ("designator_number", "The battery fires the Patriot Advanced Capability (PAC-3) round.", &[("PAC-3", "Patriot Advanced Capability")]),
        ("state_code_inside", "The army kept its Fourth Army (FROKA) and Sixth Army (SROKA).", &[("FROKA", "Fourth Army"), ("SROKA", "Sixth Army")]),
        ("hull_codes", "They built the Harbor Submarine (HSS) and the Frigate Experimental (FFX).", &[("HSS", "Harbor Submarine"), ("FFX", "Frigate Experimental")]),
        ("quoted_name", "It will be known as 'Harbor Rotational Force-East' (HRF-East).", &[("HRF-East", "Harbor Rotational Force-East")]),
        ("hard_wrapped_long_form", "The two leaders then set up a new Joint Planning\nCell (JPC) last year.", &[("JPC", "Joint Planning\nCell")]),
    ];

    #[test]
    fn named_cases() {
        let mut failed = Vec::new();
        for (name, text, want) in CASES {
            let got = defs(text);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(s, l)| (s.to_string(), l.to_string()))
                .collect();
            if got != want {
                failed.push(format!("{name}: {text:?}\n  want {want:?}\n  got  {got:?}"));
            }
        }
        crate::testutil::assert_cases_pass(&failed);
    }

    #[test]
    fn hull_codes_file_is_well_formed_and_sorted() {
        let data = include_str!("../data/hull_codes.csv");
        let rows = crate::testutil::sorted_rows("hull_codes.csv", data, "code,word");
        assert_eq!(rows.len(), HULL_CODES.len());
        for (code, word) in HULL_CODES.iter() {
            assert!(
                code.len() >= 2 && code.bytes().all(|b| b.is_ascii_uppercase()),
                "{code}"
            );
            assert!(
                !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()),
                "{word}"
            );
        }
    }
}
