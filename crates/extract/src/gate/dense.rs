//! The trigger automaton as a small table of its own, read as four streams
//! at once.
//!
//! The trigger pass reads every byte of every text, and each step waits on
//! the load of the last: the pass costs the chain of loads. aho-corasick's
//! DFA answers each step through its own checks (the table's bounds, the
//! match bound read again after every possible store), about fifteen
//! instructions a byte over two streams. Here the same automaton is copied
//! into a table of 16-bit entries (20 KB for the built-in words, in the
//! core's first-level cache) whose size is fixed, so a masked index needs
//! no bounds check, and whose entries into a match state carry a flag bit
//! the mask drops, so one test of the four states OR-ed together says
//! whether any stream matched. Four quarters of the text are read at
//! once: four independent chains of loads. (`cargo bench --bench realtext
//! -- triggers`, the archive slice: 14.7 ms with the DFA over two halves,
//! 10.2 ms this way; about 9.3 instructions a byte, against 15.)

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::Anchored::No;

/// Entries of the table: every state's row fits below this, and a `u16`
/// row offset plus a class, masked to it, indexes the fixed-size table
/// without a bounds check.
const ENTRIES: usize = 1 << 14;

/// The bit an entry sets when it leads to a match state: above every row
/// offset, so the index's mask drops it, and one test of the four states
/// OR-ed together says whether any stream matched.
const MATCH: u16 = 1 << 15;
const _: () = assert!(ENTRIES <= MATCH as usize);

/// Texts shorter than this are read in one stream: the others cost their
/// setup and the overlap they read twice.
const FOUR_STREAMS_FROM: usize = 1024;

/// A trigger DFA as a dense table (see the module).
pub(super) struct Dense {
    /// By row offset plus byte class, the row offset of the next state,
    /// with [`MATCH`] set when that state matches.
    table: Box<[u16; ENTRIES]>,
    /// The class of each byte: bytes no state tells apart share one.
    classes: [u8; 256],
    /// The start state's row offset.
    start: u16,
    /// The first match state's row offset: states from it on match (and
    /// their entries carry [`MATCH`]).
    first_match: u16,
    /// Row length, a power of two: the row offset of state `k` is `k <<
    /// stride_log2`.
    stride_log2: u32,
    /// By match state (its number less the first's), the words ending
    /// there as (length, family mask), in the automaton's order.
    words: Vec<Vec<(usize, u64)>>,
    /// The longest word less one byte: how far a stream reads past its
    /// quarter to see whole every word that starts in it.
    overlap: usize,
}

impl Dense {
    /// The table of `dfa` (unanchored, no prefilter), whose pattern `p`
    /// has the family mask `masks[p]`; `None` when it has too many states
    /// for the table.
    pub(super) fn new(dfa: &DFA, masks: &[u64]) -> Option<Self> {
        let start = dfa.start_state(No).ok()?;
        let (states, next) = reachable(dfa, start);
        let (classes, representatives) =
            byte_classes(|b| next.iter().map(move |row| row[usize::from(b)]));
        let stride_log2 = representatives.len().next_power_of_two().trailing_zeros();
        if states.len() << stride_log2 > ENTRIES {
            return None;
        }
        // Match states last, each group in the order found.
        let (mut order, matching): (Vec<usize>, Vec<usize>) =
            (0..states.len()).partition(|&k| !dfa.is_match(states[k]));
        let first_match = order.len();
        order.extend(&matching);
        let mut number = vec![0; states.len()];
        for (new, &old) in order.iter().enumerate() {
            number[old] = new;
        }
        let offset = |k: usize| u16::try_from(number[k] << stride_log2).expect("fits the table");
        // What an entry holds for a step into state `k`.
        let entry = |k: usize| {
            if number[k] >= first_match {
                offset(k) | MATCH
            } else {
                offset(k)
            }
        };
        let mut table = Box::new([0u16; ENTRIES]);
        for (old, targets) in next.iter().enumerate() {
            for (class, &b) in representatives.iter().enumerate() {
                table[usize::from(offset(old)) + class] = entry(targets[usize::from(b)]);
            }
        }
        let words = matching
            .iter()
            .map(|&k| {
                let sid = states[k];
                (0..dfa.match_len(sid))
                    .map(|m| {
                        let p = dfa.match_pattern(sid, m);
                        (dfa.pattern_len(p), masks[p.as_usize()])
                    })
                    .collect()
            })
            .collect();
        Some(Dense {
            table,
            classes,
            start: entry(0),
            first_match: u16::try_from(first_match << stride_log2).expect("fits the table"),
            stride_log2,
            words,
            overlap: dfa.max_pattern_len().saturating_sub(1),
        })
    }

    /// Every hit in `bytes` with its family mask, ordered by start, then
    /// end: the automaton's overlapping search's hits.
    pub(super) fn hits(&self, bytes: &[u8]) -> Vec<(Range<usize>, u64)> {
        let streams = if bytes.len() >= FOUR_STREAMS_FROM {
            4
        } else {
            1
        };
        self.hits_in(bytes, streams)
    }

    /// [`Dense::hits`] read as `streams` streams (1 or 4), each from the
    /// start state at its part of the text: one finds every hit starting in
    /// its part, reading on past it by [`Dense::overlap`] bytes.
    fn hits_in(&self, bytes: &[u8], streams: usize) -> Vec<(Range<usize>, u64)> {
        let n = bytes.len();
        let cut = |j: usize| j * n / streams;
        let part = |j: usize| cut(j)..(cut(j + 1) + self.overlap).min(n);
        let mut out: Vec<Vec<(Range<usize>, u64)>> = vec![Vec::new(); streams];
        let mut state = vec![self.start; streams];
        let mut done = 0;
        if streams == 4 {
            done = (0..4).map(|j| part(j).len()).min().unwrap_or(0);
            let [o0, o1, o2, o3] = &mut out[..] else {
                unreachable!("four streams")
            };
            let s = self.four(
                bytes,
                [cut(0), cut(1), cut(2), cut(3)],
                done,
                [o0, o1, o2, o3],
            );
            state.copy_from_slice(&s);
        }
        for (j, o) in out.iter_mut().enumerate() {
            let r = part(j);
            self.one(&bytes[r.start + done..r.end], r.start + done, state[j], o);
        }
        let mut all = Vec::with_capacity(out.iter().map(Vec::len).sum());
        for (j, o) in out.into_iter().enumerate() {
            let end = cut(j + 1);
            all.extend(o.into_iter().filter(|(r, _)| r.start < end));
        }
        // Each stream reports by end; two hits share no (start, end).
        all.sort_unstable_by_key(|(r, _)| (r.start, r.end));
        all
    }

    /// The `len` bytes from each of four starts, in lockstep; returns the
    /// four states after them.
    fn four(
        &self,
        bytes: &[u8],
        bases: [usize; 4],
        len: usize,
        out: [&mut Vec<(Range<usize>, u64)>; 4],
    ) -> [u16; 4] {
        let [a, b, c, d] = bases.map(|start| &bytes[start..start + len]);
        let [o0, o1, o2, o3] = out;
        let t = &*self.table;
        let mut s = [self.start; 4];
        for (i, (((&x0, &x1), &x2), &x3)) in a.iter().zip(b).zip(c).zip(d).enumerate() {
            s[0] = t[self.index(s[0], x0)];
            s[1] = t[self.index(s[1], x1)];
            s[2] = t[self.index(s[2], x2)];
            s[3] = t[self.index(s[3], x3)];
            if (s[0] | s[1] | s[2] | s[3]) & MATCH != 0 {
                self.push_each(s, bases.map(|base| base + i + 1), [o0, o1, o2, o3]);
            }
        }
        s
    }

    /// The bytes of one stream from `state`, `bytes[0]` at `base` in the
    /// text.
    fn one(&self, bytes: &[u8], base: usize, mut state: u16, out: &mut Vec<(Range<usize>, u64)>) {
        for (i, &x) in bytes.iter().enumerate() {
            state = self.table[self.index(state, x)];
            if state & MATCH != 0 {
                self.push(state, base + i + 1, out);
            }
        }
    }

    /// The table entry for byte `x` in the state at row offset `row`.
    #[inline(always)]
    fn index(&self, row: u16, x: u8) -> usize {
        // Within the table by construction; the mask tells the compiler.
        (usize::from(row) + usize::from(self.classes[usize::from(x)])) & (ENTRIES - 1)
    }

    /// [`Dense::push`] for each of four streams in a match state.
    #[cold]
    #[inline(never)]
    fn push_each(&self, s: [u16; 4], ends: [usize; 4], out: [&mut Vec<(Range<usize>, u64)>; 4]) {
        for ((s, end), out) in s.into_iter().zip(ends).zip(out) {
            if s & MATCH != 0 {
                self.push(s, end, out);
            }
        }
    }

    /// The words the match state at `entry` (a table entry) says end at
    /// `end`.
    #[cold]
    fn push(&self, entry: u16, end: usize, out: &mut Vec<(Range<usize>, u64)>) {
        let k = usize::from((entry & !MATCH) - self.first_match) >> self.stride_log2;
        out.extend(
            self.words[k]
                .iter()
                .map(|&(len, mask)| (end - len..end, mask)),
        );
    }
}

/// Every state of `dfa` reachable from `start`, `start` first, and by
/// state the number of its next state on each byte.
fn reachable(dfa: &DFA, start: StateID) -> (Vec<StateID>, Vec<[usize; 256]>) {
    // By automaton id (an offset into its own table, so small), the
    // number given; `usize::MAX` for none yet.
    let mut number: Vec<usize> = Vec::new();
    let mut states = Vec::new();
    let mut numbered = |s: StateID, states: &mut Vec<StateID>| {
        let id = s.as_usize();
        if id >= number.len() {
            number.resize(id + 1, usize::MAX);
        }
        if number[id] == usize::MAX {
            number[id] = states.len();
            states.push(s);
        }
        number[id]
    };
    numbered(start, &mut states);
    let mut next = Vec::new();
    while let Some(&s) = states.get(next.len()) {
        let mut row = [0; 256];
        for (b, target) in (0..=255u8).zip(&mut row) {
            *target = numbered(dfa.next_state(No, s, b), &mut states);
        }
        next.push(row);
    }
    (states, next)
}

/// Bytes grouped by their column (the next state of every state): the
/// class of each byte, and one byte of each class, classes numbered in
/// the order of their first byte.
fn byte_classes<I: Iterator<Item = usize>>(column: impl Fn(u8) -> I) -> ([u8; 256], Vec<u8>) {
    let mut classes = [0u8; 256];
    let mut seen: HashMap<Vec<usize>, u8> = HashMap::new();
    let mut representatives = Vec::new();
    for b in 0..=255u8 {
        let class = *seen.entry(column(b).collect()).or_insert_with(|| {
            representatives.push(b);
            u8::try_from(representatives.len() - 1).expect("at most 256 classes")
        });
        classes[usize::from(b)] = class;
    }
    (classes, representatives)
}

#[cfg(test)]
mod tests {
    /// The built-in words fit the table.
    #[test]
    fn the_built_in_automaton_fits() {
        let t = &*super::super::TRIGGERS;
        assert!(t.dense.is_some());
    }

    /// Glue and short trigger words, and the longest words: a word that
    /// crosses a stream's end by all its bytes but one.
    fn words() -> &'static [&'static str] {
        static WORDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
            let mut words = vec![
                "19",
                "20",
                "1",
                "2",
                "9",
                "0",
                "h",
                "q",
                "-",
                "-person",
                "personnel",
                "nel",
                "year",
                "yea",
                "r",
                "centen",
                "nial",
                "ary",
                "centur",
                "y",
                "-man",
                "-member",
                "troop",
                "force",
                "s",
                "FORCE",
                "Q1H2",
                "service",
                "men",
                "x",
                " ",
                "\u{e9}",
            ];
            let mut all: Vec<&'static str> = super::super::TRIGGERS
                .words
                .iter()
                .map(String::as_str)
                .collect();
            all.sort_by_key(|w| std::cmp::Reverse(w.len()));
            words.extend(&all[..4]);
            words
        });
        &WORDS
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Four streams or one, texts long and short: the same hits as the
        /// automaton's own search, cut anywhere.
        #[test]
        fn streams_find_what_the_automaton_finds(
            text in super::super::texts_of(words()),
            times in 1usize..80,
        ) {
            let t = &*super::super::TRIGGERS;
            let dense = t.dense.as_ref().expect("fits");
            let long = text.repeat(times);
            for s in [text.as_str(), long.as_str()] {
                let want = t.hits_split(s.as_bytes(), s.len());
                proptest::prop_assert_eq!(&dense.hits_in(s.as_bytes(), 1), &want);
                proptest::prop_assert_eq!(&dense.hits_in(s.as_bytes(), 4), &want);
            }
        }
    }
}
