//! Trigger-gated regex search: exact whole-text matches, found by reading
//! only the neighbourhood of trigger words.
//!
//! A pattern that opens with case-insensitive word lists, number words or
//! optional leading words (`Tuesday,`, `approximately`, `last`) leaves the
//! regex engine no literal to prefilter on, so a plain search runs its
//! automaton over every byte (about 2 ns a byte, for each such pattern).
//! Most of these patterns cannot match without one of a few words (`year`,
//! `troops`), which one aho-corasick pass finds for all of them at once.
//! Each pattern is then searched only in windows around its own triggers.
//!
//! Exactness rests on two promises a pattern makes with its [`Gated`]
//! entry: every match contains a trigger of one of its families, and a
//! match reaches at most `before` whitespace-separated words before that
//! trigger and `after` words past it. A pattern with a hit test
//! ([`Gated::if_hit`]) promises more: one trigger of every match, with
//! those reaches, passes the test, so a hit that fails opens no window.
//! Tests check the promises by comparing against whole-text searches.

use std::cell::RefCell;
use std::ops::Range;

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::textview::TextView;

mod dense;

/// A pattern and the trigger families it cannot match without.
pub struct Gated {
    /// The pattern.
    pub re: Regex,
    /// Bit set of trigger families; 0 searches the whole text.
    pub triggers: u16,
    /// Words a match may reach before its trigger.
    pub before: usize,
    /// Words a match may reach past its trigger.
    pub after: usize,
    /// For a whole-text pattern: a test every text with a match passes,
    /// cheaper than the search (a byte the pattern needs); a text that
    /// fails it is not searched.
    pub pretest: Option<fn(&str) -> bool>,
    /// For a gated pattern: a test every window holding a match passes
    /// (what the match needs besides its trigger, such as `from` or a
    /// digit before a full stop); a window that fails it is not searched.
    /// The regex engine's cost is per byte read, and most windows of a
    /// rarely matching pattern hold nothing it needs.
    pub window_test: Option<fn(&str) -> bool>,
    /// For a gated pattern: a test of one trigger hit, given the text's
    /// bytes and the hit's span, that every match passes at a hit it
    /// holds (what must stand right beside that trigger, such as a count
    /// before a personnel noun). A hit that fails opens no window: a few
    /// bytes beside each hit are read instead of a window of words, where
    /// most hits of a common word (`force`, `service`) are no match.
    pub hit_test: Option<HitTest>,
}

/// A test of one trigger hit: the text's bytes and the hit's span.
pub type HitTest = fn(&[u8], Range<usize>) -> bool;

impl Gated {
    /// A pattern searched near the given trigger families.
    pub fn new(re: Regex, triggers: u16, before: usize, after: usize) -> Self {
        Gated {
            re,
            triggers,
            before,
            after,
            pretest: None,
            window_test: None,
            hit_test: None,
        }
    }

    /// The pattern searched only around the hits that pass `test`, which
    /// every match passes at one of its hits (tests check the promise).
    pub fn if_hit(self, test: HitTest) -> Self {
        Gated {
            hit_test: Some(test),
            ..self
        }
    }

    /// The pattern searched only in the windows that pass `test`, which
    /// every window holding a match must pass (tests check the promise).
    pub fn if_window(self, test: fn(&str) -> bool) -> Self {
        Gated {
            window_test: Some(test),
            ..self
        }
    }

    /// A whole-text pattern searched only in texts that pass `pretest`,
    /// which every text with a match must pass (tests check the promise).
    pub fn plain_if(re: Regex, pretest: fn(&str) -> bool) -> Self {
        Gated {
            pretest: Some(pretest),
            ..Gated::plain(re)
        }
    }

    /// A pattern the regex engine prefilters well enough alone.
    pub fn plain(re: Regex) -> Self {
        Gated::new(re, 0, 0, 0)
    }
}

/// One document's trigger hits, shared by every gated pattern. The text
/// is a view's normalized text (see `is_space`).
pub struct Scan<'t> {
    /// The text searched.
    pub text: &'t str,
    hits: Vec<(Range<usize>, u16)>,
    /// The word bounds around the hits found so far: patterns of one
    /// family share hits, and each would count the same words again.
    reach: RefCell<Reaches>,
    /// Per hit test run on this text, its answer at each hit so far
    /// ([`UNTESTED`], [`PASSED`] or [`FAILED`]): patterns share tests
    /// (the dates' `year_within` at every month name), and a test reads words.
    /// A test answers from the bytes and the hit alone, so an answer
    /// holds for every pattern that asks.
    answers: RefCell<Vec<(HitTest, Vec<u8>)>>,
    /// Matches searched ahead ([`Scan::search_ahead`]), by pattern, each
    /// given once to the first [`Scan::captures`] of its pattern.
    ahead: RefCell<Vec<(*const Gated, Vec<Captures<'t>>)>>,
}

const UNTESTED: u8 = 0;
const PASSED: u8 = 1;
const FAILED: u8 = 2;

/// Word bounds around one hit: `back[k]` is [`words_back`] of its start
/// with `k`, `ahead[k]` [`words_ahead`] of its end, for the first `nb`
/// and `na` values of `k`. A reach past [`REACH_KEPT`] is counted on from
/// the last one kept (counting words is composable).
#[derive(Debug, Clone, Copy, Default)]
struct Reach {
    back: [usize; REACH_KEPT],
    ahead: [usize; REACH_KEPT],
    nb: u8,
    na: u8,
}

/// The [`Reach`] of each hit that opened a window so far. Most hits
/// open none (their family's patterns fail their hit tests, or the text
/// has none of them), so a hit holds only the index of its reach, and
/// reaches are made for the hits that ask: a reach per hit, made for
/// every hit, took a few kilobytes per document, zeroed and soon evicted.
#[derive(Default)]
struct Reaches {
    /// Per hit, its index in `reaches` plus one (0: none yet).
    slot: Vec<u32>,
    reaches: Vec<Reach>,
}

impl Reaches {
    /// The reach of hit `i` of `n` hits, made on the first call.
    fn of(&mut self, i: usize, n: usize) -> &mut Reach {
        if self.slot.len() < n {
            self.slot.resize(n, 0);
        }
        if self.slot[i] == 0 {
            self.reaches.push(Reach::default());
            self.slot[i] = u32::try_from(self.reaches.len()).expect("fewer than 2^32 hits");
        }
        &mut self.reaches[self.slot[i] as usize - 1]
    }
}

/// Word bounds kept per hit and side: the longest reach of a pattern, 12
/// words, and the trigger's own word.
const REACH_KEPT: usize = 13;

impl Reach {
    fn back(&mut self, bytes: &[u8], hit: usize, k: usize) -> usize {
        kept(&mut self.back, &mut self.nb, words_back, bytes, hit, k)
    }

    fn ahead(&mut self, bytes: &[u8], hit: usize, k: usize) -> usize {
        kept(&mut self.ahead, &mut self.na, words_ahead, bytes, hit, k)
    }
}

/// `count(bytes, hit, k)`, from the first `n` bounds kept in `bounds`,
/// keeping those it counts.
fn kept(
    bounds: &mut [usize; REACH_KEPT],
    n: &mut u8,
    count: fn(&[u8], usize, usize) -> usize,
    bytes: &[u8],
    hit: usize,
    k: usize,
) -> usize {
    if *n == 0 {
        bounds[0] = count(bytes, hit, 0);
        *n = 1;
    }
    let last = k.min(REACH_KEPT - 1);
    while usize::from(*n) <= last {
        let i = usize::from(*n);
        bounds[i] = count(bytes, bounds[i - 1], 1);
        *n += 1;
    }
    count(bytes, bounds[last], k - last)
}

impl<'t> Scan<'t> {
    /// `hits` are trigger spans with their family bits, in any order.
    pub fn new(text: &'t str, mut hits: Vec<(Range<usize>, u16)>) -> Self {
        hits.sort_by_key(|(r, _)| r.start);
        Scan {
            text,
            hits,
            reach: RefCell::new(Reaches::default()),
            answers: RefCell::new(Vec::new()),
            ahead: RefCell::new(Vec::new()),
        }
    }

    /// How many patterns searched ahead no search has taken yet.
    #[cfg(test)]
    pub(crate) fn ahead_left(&self) -> usize {
        self.ahead.borrow().len()
    }

    /// Searches `g` now and keeps its matches for the first
    /// [`Scan::captures`] of `g`. A caller with many documents searches
    /// each pattern over all of them before the next pattern, so that the
    /// pattern's automaton stays in the core's caches (searched document
    /// by document, each pattern found its states cold again).
    pub fn search_ahead(&self, g: &Gated) {
        let found = self.search(g);
        let mut ahead = self.ahead.borrow_mut();
        // The dates search about twenty patterns ahead: room for them at
        // once, not grown by doubling in every document.
        if ahead.capacity() == 0 {
            ahead.reserve(32);
        }
        ahead.push((std::ptr::from_ref(g), found));
    }

    /// True when a trigger of one of `families` occurs in the text.
    pub fn any(&self, families: u16) -> bool {
        self.hits.iter().any(|(_, f)| f & families != 0)
    }

    /// The spans of the triggers of `families`, in text order.
    pub fn spans_of(&self, families: u16) -> impl Iterator<Item = &Range<usize>> + '_ {
        self.hits
            .iter()
            .filter(move |(_, f)| f & families != 0)
            .map(|(r, _)| r)
    }

    /// Every match of `g`, exactly as `g.re.captures_iter(text)` gives them.
    ///
    /// A match contains a trigger and stays within the word bounds around
    /// it, so it lies inside one merged window. Windows end at whitespace
    /// (or the end of the text), where `\b` reads the same as in the whole
    /// text, and `captures_at` sees the text before a window for `\b`.
    /// Iteration stays non-overlapping across windows, as in the whole text.
    pub fn captures(&self, g: &Gated) -> Vec<Captures<'t>> {
        let mut ahead = self.ahead.borrow_mut();
        if let Some(k) = ahead.iter().position(|(p, _)| std::ptr::eq(*p, g)) {
            return ahead.swap_remove(k).1;
        }
        drop(ahead);
        self.search(g)
    }

    /// [`Scan::captures`], searched.
    fn search(&self, g: &Gated) -> Vec<Captures<'t>> {
        if g.triggers == 0 {
            if g.pretest.is_some_and(|pass| !pass(self.text)) {
                return Vec::new();
            }
            return g.re.captures_iter(self.text).collect();
        }
        // No trigger of the pattern's families, no window: most documents
        // hold none for most patterns, and the tallies below cost more.
        if !self.any(g.triggers) {
            return Vec::new();
        }
        let bytes = self.text.as_bytes();
        let mut windows: Vec<Range<usize>> = Vec::new();
        let mut reach = self.reach.borrow_mut();
        let mut answers = self.answers.borrow_mut();
        let mut known = g.hit_test.map(|test| {
            let k = match answers
                .iter()
                .position(|(t, _)| std::ptr::fn_addr_eq(*t, test))
            {
                Some(k) => k,
                None => {
                    answers.push((test, vec![UNTESTED; self.hits.len()]));
                    answers.len() - 1
                }
            };
            (test, &mut answers[k].1)
        });
        let mut passes = |i: usize, hit: &Range<usize>| match known.as_mut() {
            None => true,
            Some((test, known)) => {
                if known[i] == UNTESTED {
                    known[i] = if test(bytes, hit.clone()) {
                        PASSED
                    } else {
                        FAILED
                    };
                }
                known[i] == PASSED
            }
        };
        let ours = self.hits.iter().enumerate();
        for (i, (hit, _)) in ours.filter(|(i, (h, f))| f & g.triggers != 0 && passes(*i, h)) {
            let r = reach.of(i, self.hits.len());
            let w = r.back(bytes, hit.start, g.before)..r.ahead(bytes, hit.end, g.after);
            match windows.last_mut() {
                Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                _ => windows.push(w),
            }
        }
        let mut out = Vec::new();
        let mut at = 0;
        for w in windows {
            if g.window_test
                .is_some_and(|pass| !pass(&self.text[w.clone()]))
            {
                continue;
            }
            let hay = &self.text[..w.end];
            let mut pos = w.start.max(at);
            while pos < w.end {
                let Some(c) = g.re.captures_at(hay, pos) else {
                    break;
                };
                let m = c.get(0).expect("group 0");
                pos = if m.is_empty() {
                    next_char_boundary(self.text, m.end())
                } else {
                    m.end()
                };
                at = pos;
                out.push(c);
            }
        }
        out
    }
}

/// The extractor a trigger word serves. Each has a 16-bit lane of the
/// shared hit mask for its own families, so one pass over the text finds
/// the triggers of all of them.
#[derive(Debug, Clone, Copy)]
pub enum Lane {
    /// Date expressions (`dates`).
    Dates = 0,
    /// Troop figures (`troops`).
    Troops = 1,
    /// Report numbers (`identifiers`).
    Identifiers = 2,
}

/// Trigger words with their families, found ASCII-case-insensitively
/// anywhere in the text (`centur` in `twenty-first-century`), overlapping
/// hits included (`-person` in `-personnel`, beside `personnel`).
///
/// The words are common letters in every case, so no prefilter skips
/// text: an automaton reads every byte, one state lookup depending on
/// the last, and that chain of loads is the whole cost. So the pass
/// drives the automaton itself over parts of the text at once, where
/// independent chains keep the core busy while one waits on a load: as a
/// table of its own over four quarters ([`dense`]), or, for a set of
/// words too large for that table, the DFA over two halves.
struct Triggers {
    /// Lane-shifted family masks, by pattern.
    masks: Vec<u64>,
    dfa: aho_corasick::dfa::DFA,
    /// The same automaton as a table of its own, read four streams at
    /// once, when it fits one (the built-in words do, a test checks).
    dense: Option<dense::Dense>,
    /// The same words for the reference search of the tests.
    #[cfg(test)]
    words: Vec<String>,
}

/// Texts shorter than this are read in one stream: the second costs its
/// setup and the overlap it reads twice.
const TWO_STREAMS_FROM: usize = 256;

impl Triggers {
    /// Compiles the words of every lane; a word two lanes share is one
    /// pattern with both lanes' families.
    fn new(lanes: &[(Lane, &[(&str, u16)])]) -> Self {
        let mut words: Vec<(String, u64)> = Vec::new();
        for (lane, list) in lanes {
            for (w, families) in *list {
                let mask = u64::from(*families) << (16 * *lane as u32);
                let w = w.to_ascii_lowercase();
                match words.iter_mut().find(|(x, _)| *x == w) {
                    Some((_, m)) => *m |= mask,
                    None => words.push((w, mask)),
                }
            }
        }
        // Standard semantics: a match state lists every word ending
        // there, which is what an overlapping search reports.
        let dfa = aho_corasick::dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::Standard)
            .start_kind(aho_corasick::StartKind::Unanchored)
            .build(words.iter().map(|(w, _)| w))
            .expect("valid trigger words");
        let masks: Vec<u64> = words.iter().map(|(_, m)| *m).collect();
        Triggers {
            #[cfg(test)]
            words: words.into_iter().map(|(w, _)| w).collect(),
            dense: dense::Dense::new(&dfa, &masks),
            masks,
            dfa,
        }
    }

    /// Every hit with its lane-shifted families, ordered by start (then
    /// end): the overlapping search's hits.
    fn hits(&self, text: &str) -> Vec<(Range<usize>, u64)> {
        if let Some(dense) = &self.dense {
            return dense.hits(text.as_bytes());
        }
        let n = text.len();
        self.hits_split(
            text.as_bytes(),
            if n >= TWO_STREAMS_FROM { n / 2 } else { n },
        )
    }

    /// [`Triggers::hits`] read as two streams, one from the start and one
    /// from `mid`. The first reads on past `mid` by the longest word less
    /// one byte, so that it sees every hit starting before `mid` whole,
    /// and keeps only those; the second finds every hit starting at `mid`
    /// or later (a fresh search finds nothing starting earlier).
    fn hits_split(&self, bytes: &[u8], mid: usize) -> Vec<(Range<usize>, u64)> {
        use aho_corasick::automaton::Automaton;
        use aho_corasick::Anchored::No;
        let d = &self.dfa;
        let start = d.start_state(No).expect("an unanchored DFA");
        let a_end = (mid + d.max_pattern_len().saturating_sub(1)).min(bytes.len());
        let (a, b) = (&bytes[..a_end], &bytes[mid..]);
        let (mut out, mut out_b) = (Vec::new(), Vec::new());
        let (mut sa, mut sb) = (start, start);
        let both = a.len().min(b.len());
        for (i, (&x, &y)) in a.iter().zip(b).enumerate() {
            sa = d.next_state(No, sa, x);
            sb = d.next_state(No, sb, y);
            if d.is_match(sa) {
                self.push_matches(sa, i + 1, &mut out);
            }
            if d.is_match(sb) {
                self.push_matches(sb, mid + i + 1, &mut out_b);
            }
        }
        for (i, &x) in a.iter().enumerate().skip(both) {
            sa = d.next_state(No, sa, x);
            if d.is_match(sa) {
                self.push_matches(sa, i + 1, &mut out);
            }
        }
        for (i, &y) in b.iter().enumerate().skip(both) {
            sb = d.next_state(No, sb, y);
            if d.is_match(sb) {
                self.push_matches(sb, mid + i + 1, &mut out_b);
            }
        }
        out.retain(|(r, _)| r.start < mid);
        out.append(&mut out_b);
        // Each stream reports by end; two hits share no (start, end).
        out.sort_unstable_by_key(|(r, _)| (r.start, r.end));
        out
    }

    /// The words a match state of the DFA says end at `end`.
    fn push_matches(
        &self,
        sid: aho_corasick::automaton::StateID,
        end: usize,
        out: &mut Vec<(Range<usize>, u64)>,
    ) {
        use aho_corasick::automaton::Automaton;
        for k in 0..self.dfa.match_len(sid) {
            let p = self.dfa.match_pattern(sid, k);
            out.push((end - self.dfa.pattern_len(p)..end, self.masks[p.as_usize()]));
        }
    }
}

static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| {
    Triggers::new(&[
        (Lane::Dates, crate::triggers::dates::WORDS),
        (Lane::Troops, crate::triggers::troops::WORDS),
        (Lane::Identifiers, crate::triggers::identifiers::WORDS),
    ])
});

/// The trigger hits of one lane in `text`, with that lane's families.
pub fn hits(text: &str, lane: Lane) -> Vec<(Range<usize>, u16)> {
    of_lane(&TRIGGERS.hits(text), lane)
}

/// [`hits`] for a view's normalized text, from one pass shared by every
/// lane and kept with the view.
pub fn view_hits(view: &TextView<'_>, lane: Lane) -> Vec<(Range<usize>, u16)> {
    of_lane(all_view_hits(view), lane)
}

/// Runs the trigger pass of a view now, for [`view_hits`] to find done: a
/// caller mapping many documents runs it over all of them before the
/// extractors, keeping its automaton in cache.
pub fn prime(view: &TextView<'_>) {
    all_view_hits(view);
}

/// Every lane's hits in a view's text, from the pass the view keeps.
fn all_view_hits<'v>(view: &'v TextView<'_>) -> &'v [(Range<usize>, u64)] {
    view.trigger_hits(|t| TRIGGERS.hits(t))
}

fn of_lane(all: &[(Range<usize>, u64)], lane: Lane) -> Vec<(Range<usize>, u16)> {
    let shift = 16 * lane as u32;
    all.iter()
        .filter_map(|(r, m)| {
            // Truncation keeps exactly this lane's 16 bits.
            let families = (m >> shift) as u16;
            (families != 0).then(|| (r.clone(), families))
        })
        .collect()
}

/// True when `hay` holds `needle` (lower-case ASCII letters) in any
/// ASCII case: a window test for a word a `(?i)` pattern needs, whose
/// letters Unicode case folding maps to no other (not `k` or `s`).
pub fn has_word_ignore_ascii_case(hay: &str, needle: &[u8]) -> bool {
    let (bytes, first) = (hay.as_bytes(), needle[0]);
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes).any(|i| {
        bytes[i..]
            .get(..needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// Whitespace for word counting: what `\s` matches in ASCII. Scans run
/// on a view's normalized text, where every other character `\s`
/// matches is folded to ASCII white space: a space outside ASCII,
/// counted as a word of its own here, would make a window narrower than
/// the words a pattern's `\s` reaches.
pub(crate) fn is_space(b: u8) -> bool {
    crate::bytescan::is_ascii_space(b)
}

/// The start of the whitespace-separated word that holds `i`.
pub fn word_start(bytes: &[u8], i: usize) -> usize {
    words_back(bytes, i, 0)
}

/// Up to `n` whitespace-separated words before the one that holds `i`,
/// nearest first.
pub fn words_before(bytes: &[u8], i: usize, n: usize) -> impl Iterator<Item = &[u8]> {
    let mut end = word_start(bytes, i);
    (0..n).map_while(move |_| {
        while end > 0 && is_space(bytes[end - 1]) {
            end -= 1;
        }
        let start = word_start(bytes, end);
        let word = (start < end).then(|| &bytes[start..end]);
        end = start;
        word
    })
}

/// Up to `n` whitespace-separated words after the one that holds `i`,
/// nearest first.
pub fn words_after(bytes: &[u8], i: usize, n: usize) -> impl Iterator<Item = &[u8]> {
    let mut start = words_ahead(bytes, i, 0);
    (0..n).map_while(move |_| {
        while start < bytes.len() && is_space(bytes[start]) {
            start += 1;
        }
        let end = words_ahead(bytes, start, 0);
        let word = (start < end).then(|| &bytes[start..end]);
        start = end;
        word
    })
}

/// The whitespace-separated word after the one that holds `i` (empty at
/// the end of the text).
pub fn next_word(bytes: &[u8], i: usize) -> &[u8] {
    let start = words_ahead(bytes, i, 0);
    let start = start + bytes[start..].iter().take_while(|&&b| is_space(b)).count();
    &bytes[start..words_ahead(bytes, start, 0)]
}

/// Hit test helper: four ASCII digits in a row stand after the hit, in
/// its own word or the next `k` words (the reach of a pattern that ends
/// with a year).
pub fn four_digits_after(bytes: &[u8], hit: &Range<usize>, k: usize) -> bool {
    let mut run = 0;
    bytes[hit.end..words_ahead(bytes, hit.end, k)]
        .iter()
        .any(|b| {
            run = if b.is_ascii_digit() { run + 1 } else { 0 };
            run == 4
        })
}

/// Hit test helper: an ASCII digit stands within `before` words before
/// the hit or `after` words after it (its own word included).
pub fn digit_within(bytes: &[u8], hit: &Range<usize>, before: usize, after: usize) -> bool {
    let near = words_back(bytes, hit.start, before)..words_ahead(bytes, hit.end, after);
    bytes[near].iter().any(u8::is_ascii_digit)
}

/// True when an ASCII word character (`(?-u:\b)`'s word) stands at `i`.
pub fn is_word_byte_at(bytes: &[u8], i: usize) -> bool {
    bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// Hit test helper: the word after the hit's starts with one of `words`
/// (lower-case ASCII) in any ASCII case, or holds a byte outside ASCII,
/// which a `(?i)` pattern may fold to ASCII (`ſ`, the Kelvin sign).
pub fn next_word_starts_with(bytes: &[u8], hit: &Range<usize>, words: &[&str]) -> bool {
    let next = next_word(bytes, hit.start);
    !next.is_ascii()
        || words.iter().any(|w| {
            next.get(..w.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(w.as_bytes()))
        })
}

/// Hit test helper: the word after the hit's is one of `words` in any
/// ASCII case, or holds a byte outside ASCII (see [`next_word_starts_with`]).
pub fn next_word_is(bytes: &[u8], hit: &Range<usize>, words: &[&str]) -> bool {
    let next = next_word(bytes, hit.start);
    !next.is_ascii()
        || words
            .iter()
            .any(|w| next.eq_ignore_ascii_case(w.as_bytes()))
}

/// Hit test helper: the word before the hit's ends with one of `words` in
/// any ASCII case (`(last` ends with `last`), or holds a byte outside ASCII
/// (see [`next_word_starts_with`]).
pub fn prev_word_ends_with(bytes: &[u8], hit: &Range<usize>, words: &[&str]) -> bool {
    words_before(bytes, hit.start, 1).any(|prev| {
        !prev.is_ascii()
            || words.iter().any(|w| {
                prev.len() >= w.len()
                    && prev[prev.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
            })
    })
}

/// The start of the `k`-th whitespace-separated word before the one that
/// holds `i`.
pub fn words_back(bytes: &[u8], mut i: usize, k: usize) -> usize {
    while i > 0 && !is_space(bytes[i - 1]) {
        i -= 1;
    }
    for _ in 0..k {
        while i > 0 && is_space(bytes[i - 1]) {
            i -= 1;
        }
        while i > 0 && !is_space(bytes[i - 1]) {
            i -= 1;
        }
    }
    i
}

/// The end of the `k`-th whitespace-separated word after the one that
/// holds `i`: a whitespace byte or the end of the text.
fn words_ahead(bytes: &[u8], mut i: usize, k: usize) -> usize {
    while i < bytes.len() && !is_space(bytes[i]) {
        i += 1;
    }
    for _ in 0..k {
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        while i < bytes.len() && !is_space(bytes[i]) {
            i += 1;
        }
    }
    i
}

fn next_char_boundary(text: &str, mut i: usize) -> usize {
    i += 1;
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A hit test at the first occurrence of `trigger` in `text`.
#[cfg(test)]
pub(crate) fn hit_test_at(test: HitTest, text: &str, trigger: &str) -> bool {
    let start = text.find(trigger).expect("trigger in text");
    test(text.as_bytes(), start..start + trigger.len())
}

/// Checks that gated searches give exactly the whole-text matches.
#[cfg(test)]
pub(crate) fn assert_exact(
    scan: &Scan<'_>,
    patterns: &[(&str, &Gated)],
) -> Result<(), proptest::test_runner::TestCaseError> {
    for (name, g) in patterns {
        let want: Vec<_> = g.re.find_iter(scan.text).map(|m| m.range()).collect();
        let got: Vec<_> = scan
            .captures(g)
            .iter()
            .map(|c| c.get(0).expect("group 0").range())
            .collect();
        proptest::prop_assert_eq!(got, want, "pattern {}", name);
    }
    Ok(())
}

/// `text` as a view normalizes it, as every scan's text is (see
/// [`is_space`]): what exactness tests search.
#[cfg(test)]
pub(crate) fn normalized(text: &str) -> String {
    crate::textview::TextView::new(text).norm().to_string()
}

/// Texts made of `words` joined by varied whitespace (or none), for
/// exactness property tests.
#[cfg(test)]
pub(crate) fn texts_of(
    words: &'static [&'static str],
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let word = proptest::sample::select(words);
    let sep = proptest::sample::select(&[" ", "  ", "\n", "", " \t "][..]);
    proptest::collection::vec((word, sep), 0..40)
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
}

/// The normalized texts of the bundled corpus, for exactness tests
/// (compiled in: this crate reads no files, not even in its tests).
#[cfg(test)]
pub(crate) fn corpus_texts() -> Vec<String> {
    [
        include_str!("../../../corpus/000_e81f729d105963f4.txt"),
        include_str!("../../../corpus/001_355e6170c30fd587.txt"),
        include_str!("../../../corpus/002_c9d284f965697f61.txt"),
        include_str!("../../../corpus/003_b8ba1fc15f473be7.txt"),
        include_str!("../../../corpus/004_8ac3c3ce1d3d03cb.txt"),
    ]
    .iter()
    .map(|raw| crate::textview::TextView::new(raw).norm().to_string())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The words after a position are the words of the text after
        /// the word holding it, as `split_ascii_whitespace` cuts them.
        #[test]
        fn words_after_are_the_split_words(text in "[ab \n]{0,24}", at in 0usize..24, n in 0usize..6) {
            let at = at.min(text.len());
            let rest = &text[words_ahead(text.as_bytes(), at, 0)..];
            let want: Vec<&[u8]> = rest.split_ascii_whitespace().take(n).map(str::as_bytes).collect();
            let got: Vec<&[u8]> = words_after(text.as_bytes(), at, n).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    /// A pattern searched ahead gives its first search exactly what a
    /// search gives; a later search of it searches again.
    #[test]
    fn matches_searched_ahead_are_those_searched() {
        let text = "Last year and next year, the year before: a year of years.";
        let year = Gated::new(
            Regex::new(r"(?i)(?P<dir>last|next)\s+year").expect("valid"),
            1,
            1,
            0,
        );
        let scan = |hits| Scan::new(text, hits);
        let hits = || {
            vec![
                (5..9, 1),
                (19..23, 1),
                (29..33, 1),
                (44..48, 1),
                (52..56, 1),
            ]
        };
        let spans = |cs: Vec<Captures<'_>>| -> Vec<(Range<usize>, String)> {
            cs.iter()
                .map(|c| (c.get(0).expect("group 0").range(), c["dir"].to_string()))
                .collect()
        };
        let plain = spans(scan(hits()).captures(&year));
        assert_eq!(plain.len(), 2);
        let ahead = scan(hits());
        ahead.search_ahead(&year);
        assert_eq!(spans(ahead.captures(&year)), plain);
        assert_eq!(spans(ahead.captures(&year)), plain, "searched again");
    }

    #[test]
    fn word_bounds_skip_whitespace_runs() {
        let t = b"a  bb\tccc \n dd";
        assert_eq!(words_back(t, 12, 1), 6); // from inside `dd` back over `ccc`
        assert_eq!(words_back(t, 12, 9), 0);
        assert_eq!(words_ahead(t, 0, 1), 5); // `a`, then `bb`
        assert_eq!(words_ahead(t, 0, 9), t.len());
    }

    /// The overlapping search's hits by start, the reference
    /// [`Triggers::hits`] must equal.
    fn overlapping_hits(t: &Triggers, text: &str) -> Vec<(Range<usize>, u64)> {
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&t.words)
            .expect("valid words");
        let hit = |m: aho_corasick::Match| (m.range(), t.masks[m.pattern().as_usize()]);
        let mut hits: Vec<_> = ac.find_overlapping_iter(text).map(hit).collect();
        hits.sort_by_key(|(r, _)| (r.start, r.end));
        hits
    }

    #[test]
    fn built_in_trigger_words_are_found_overlapping() {
        let text = "-personnel 2019 q1h1 Twenty-first-century workforces";
        assert_eq!(TRIGGERS.hits(text), overlapping_hits(&TRIGGERS, text));
        let long = text.repeat(20);
        assert!(long.len() >= TWO_STREAMS_FROM);
        assert_eq!(TRIGGERS.hits(&long), overlapping_hits(&TRIGGERS, &long));
    }

    #[test]
    fn nested_words_are_both_found() {
        let t = Triggers::new(&[(Lane::Troops, &[("men", 1), ("airmen", 2)])]);
        let hits: Vec<_> = t.hits("Airmen").into_iter().map(|(r, _)| r).collect();
        assert_eq!(hits, [0..6, 3..6]);
        // Split inside the outer word: each stream keeps its own.
        for mid in 0..=6 {
            let hits: Vec<_> = t
                .hits_split(b"Airmen", mid)
                .into_iter()
                .map(|(r, _)| r)
                .collect();
            assert_eq!(hits, [0..6, 3..6], "split at {mid}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Trigger words glued and overlapping (`20192020`, `-personnel`),
        /// read in two streams split anywhere: the overlapping search's
        /// hits.
        #[test]
        fn two_streams_find_every_overlapping_hit(
            text in texts_of(&[
                "19", "20", "1", "2", "9", "0", "h", "q", "-", "-person", "personnel", "nel",
                "year", "yea", "r", "centen", "nial", "ary", "centur", "y", "-man", "-member",
                "troop", "force", "s", "FORCE", "Q1H2", "service", "men", "x", " ",
            ]),
            cut in 0usize..1000,
        ) {
            let glued: String = text.split_whitespace().collect();
            for t in [text.as_str(), glued.as_str()] {
                let want = overlapping_hits(&TRIGGERS, t);
                proptest::prop_assert_eq!(&TRIGGERS.hits(t), &want);
                let mid = cut % (t.len() + 1);
                proptest::prop_assert_eq!(&TRIGGERS.hits_split(t.as_bytes(), mid), &want);
            }
        }
    }

    #[test]
    fn one_pass_serves_every_lane_with_its_own_families() {
        let both: &[(&str, u16)] = &[("force", 1), ("year", 2)];
        let other: &[(&str, u16)] = &[("FORCE", 4), ("20", 1)];
        let t = Triggers::new(&[(Lane::Dates, both), (Lane::Troops, other)]);
        let all = t.hits("Force of 2020, a year");
        assert_eq!(
            of_lane(&all, Lane::Dates),
            vec![(0..5, 1), (17..21, 2)],
            "a word both lanes list keeps each lane's families"
        );
        // `20` twice, overlapping hits included as before.
        assert_eq!(
            of_lane(&all, Lane::Troops),
            vec![(0..5, 4), (9..11, 1), (11..13, 1)]
        );
        assert!(of_lane(&all, Lane::Identifiers).is_empty());
    }

    #[test]
    fn a_view_shares_the_hits_of_a_plain_search() {
        let raw = "In 2019, 28,500 troops; next year\u{2019}s report 2020-23.";
        let view = TextView::new(raw);
        for lane in [Lane::Dates, Lane::Troops, Lane::Identifiers] {
            assert_eq!(view_hits(&view, lane), hits(view.norm(), lane));
        }
    }

    proptest::proptest! {
        /// Word bounds kept per hit are the bounds counted afresh, for
        /// reaches asked in any order, past the ones kept too.
        #[test]
        fn kept_word_bounds_are_counted_bounds(
            text in "[ab \t\n]{0,80}",
            at in 0usize..80,
            asks in proptest::collection::vec((proptest::bool::ANY, 0usize..20), 1..12),
        ) {
            let bytes = text.as_bytes();
            let at = at.min(bytes.len());
            let mut r = Reach::default();
            for (back, k) in asks {
                if back {
                    proptest::prop_assert_eq!(r.back(bytes, at, k), words_back(bytes, at, k));
                } else {
                    proptest::prop_assert_eq!(r.ahead(bytes, at, k), words_ahead(bytes, at, k));
                }
            }
        }
    }

    #[test]
    fn gated_search_equals_whole_text_search() {
        let re = Regex::new(r"(?i)(?:last|next)\s+year").expect("valid");
        let text = "Last  year, and next\nyear; nextyear. LAST YEAR";
        let hits: Vec<_> = text
            .match_indices("year")
            .chain(text.match_indices("YEAR"))
            .map(|(i, w)| (i..i + w.len(), 1))
            .collect();
        let scan = Scan::new(text, hits);
        let got: Vec<_> = scan
            .captures(&Gated::new(re.clone(), 1, 2, 0))
            .iter()
            .map(|c| c.get(0).expect("group 0").range())
            .collect();
        let want: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), 3);
    }

    /// Calls of [`counted_year_test`], which only the test below uses.
    static YEAR_TESTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    /// A hit test that counts its calls: the year is upper case.
    fn counted_year_test(bytes: &[u8], hit: Range<usize>) -> bool {
        YEAR_TESTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        bytes[hit.start].is_ascii_uppercase()
    }

    #[test]
    fn patterns_sharing_a_hit_test_run_it_once_per_hit() {
        let text = "last YEAR, next year, this YEAR and last Year";
        let hits: Vec<_> = ["YEAR", "year", "Year"]
            .iter()
            .flat_map(|w| text.match_indices(w))
            .map(|(i, w)| (i..i + w.len(), 1))
            .collect();
        let scan = Scan::new(text, hits);
        let spans = |g: &Gated| -> Vec<Range<usize>> {
            scan.captures(g)
                .iter()
                .map(|c| c.get(0).expect("group 0").range())
                .collect()
        };
        let last = Regex::new(r"last\s+[A-Z]\w+").expect("valid");
        let this = Regex::new(r"(?:this|last)\s+[A-Z]\w+").expect("valid");
        let a = spans(&Gated::new(last.clone(), 1, 1, 0).if_hit(counted_year_test));
        let b = spans(&Gated::new(this.clone(), 1, 1, 0).if_hit(counted_year_test));
        // Each of the four hits tested once, for both patterns.
        assert_eq!(YEAR_TESTS.load(std::sync::atomic::Ordering::Relaxed), 4);
        // And the answers are the whole-text searches' (every match's
        // year starts with a capital).
        let whole =
            |re: &Regex| -> Vec<Range<usize>> { re.find_iter(text).map(|m| m.range()).collect() };
        assert_eq!(a, whole(&last));
        assert_eq!(b, whole(&this));
        assert_eq!(b.len(), 3);
    }
}
