//! What every extractor is: a pure map from a document's [`TextView`] to
//! facts added to its [`DocFacts`]; and the span set they resolve overlaps
//! with. The chain (`chain.rs`) runs them; they depend on this contract
//! only, never on the chain.

use crate::gate::Scan;
use crate::model::DocFacts;
use crate::textview::TextView;

/// One fact extractor.
pub trait Extractor: Sync + Send {
    /// Short name used in the `rule` column prefix and in benchmarks.
    fn name(&self) -> &'static str;
    /// Adds this extractor's facts for one document to `facts`.
    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts);

    /// For an extractor of gated patterns ([`crate::gate`]) and a batch
    /// of documents (`facts`: each one's facts so far): their scans, each
    /// pattern the extractor will search in a document searched over
    /// every document before the next ([`Scan::search_ahead`]), so that
    /// its automaton stays in the core's caches. `None` for the others.
    fn scans_ahead<'v>(
        &self,
        _views: &[&'v TextView<'_>],
        _facts: &[&DocFacts],
    ) -> Option<Vec<Scan<'v>>> {
        None
    }

    /// [`Extractor::extract`] given the document's scan from
    /// [`Extractor::scans_ahead`]: the same facts.
    fn extract_scanned(&self, view: &TextView<'_>, facts: &mut DocFacts, _scan: &Scan<'_>) {
        self.extract(view, facts);
    }
}

/// A set of disjoint spans, for greedy overlap resolution ("keep the
/// best candidate, drop what overlaps it"). Candidates come best first,
/// not in text order, so the set answers "is any byte of this span
/// taken?" from one bit per byte: a few word operations per test, where
/// an ordered map searched and grew a tree (1.5% of a run on a large
/// corpus). An empty span, which takes no byte, turns the set into the
/// ordered map it replays its spans into, whose answers for empty spans
/// are the rule.
#[derive(Debug, Default)]
pub(crate) struct SpanSet {
    /// Bit `p % 64` of word `p / 64` is set when byte `p` is taken.
    taken: Vec<u64>,
    /// The spans inserted, in order, for a switch to `by_start`.
    spans: Vec<(usize, usize)>,
    /// The spans by start, once an empty span was seen.
    by_start: Option<std::collections::BTreeMap<usize, usize>>,
}

impl SpanSet {
    /// A set sized for `spans`, the candidates to come, so that it
    /// allocates once.
    pub(crate) fn for_spans<'s>(spans: impl Iterator<Item = &'s std::ops::Range<usize>>) -> Self {
        let (mut n, mut end) = (0, 0);
        for s in spans {
            n += 1;
            end = end.max(s.end);
        }
        SpanSet {
            taken: vec![0; end.div_ceil(64)],
            spans: Vec::with_capacity(n),
            by_start: None,
        }
    }

    /// True when `span` overlaps a span in the set.
    fn overlaps(&mut self, span: &std::ops::Range<usize>) -> bool {
        if span.is_empty() {
            self.switch_to_map();
        }
        match &self.by_start {
            Some(by_start) => map_overlaps(by_start, span),
            None => self.any_taken(span.start, span.end),
        }
    }

    /// Inserts `span` unless it overlaps; returns whether it was inserted.
    pub(crate) fn insert(&mut self, span: &std::ops::Range<usize>) -> bool {
        if self.overlaps(span) {
            return false;
        }
        match &mut self.by_start {
            Some(by_start) => {
                by_start.insert(span.start, span.end);
            }
            None => {
                self.spans.push((span.start, span.end));
                self.take(span.start, span.end);
            }
        }
        true
    }

    fn switch_to_map(&mut self) {
        if self.by_start.is_none() {
            self.by_start = Some(self.spans.drain(..).collect());
            self.taken = Vec::new();
        }
    }

    /// Whether any byte of `start..end` is taken.
    fn any_taken(&self, start: usize, end: usize) -> bool {
        word_masks(start, end).any(|(w, mask)| self.taken.get(w).is_some_and(|x| x & mask != 0))
    }

    /// Marks the bytes of `start..end` taken.
    fn take(&mut self, start: usize, end: usize) {
        let words = end.div_ceil(64);
        if self.taken.len() < words {
            self.taken.resize(words, 0);
        }
        for (w, mask) in word_masks(start, end) {
            self.taken[w] |= mask;
        }
    }
}

/// The words of a bit set that `start..end` (not empty) covers, each with
/// the mask of its bits in the range.
fn word_masks(start: usize, end: usize) -> impl Iterator<Item = (usize, u64)> {
    let last = end - 1;
    (start / 64..=last / 64).map(move |w| {
        let lo = if w == start / 64 { start % 64 } else { 0 };
        let hi = if w == last / 64 { last % 64 } else { 63 };
        (w, (u64::MAX >> (63 - hi)) & (u64::MAX << lo))
    })
}

/// The ordered map's overlap test: spans in the set are disjoint, so only
/// the last one starting before `span.end` can overlap.
fn map_overlaps(
    by_start: &std::collections::BTreeMap<usize, usize>,
    span: &std::ops::Range<usize>,
) -> bool {
    by_start
        .range(..span.end)
        .next_back()
        .is_some_and(|(&s, &e)| e > span.start && s < span.end)
        || (span.is_empty() && by_start.contains_key(&span.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_set_rejects_overlaps_only() {
        let mut s = SpanSet::default();
        assert!(s.insert(&(10..20)));
        assert!(!s.insert(&(15..25)));
        assert!(!s.insert(&(5..11)));
        assert!(!s.insert(&(12..14)));
        assert!(!s.insert(&(0..100)));
        assert!(s.insert(&(20..30)));
        assert!(s.insert(&(0..10)));
    }

    /// The set as it was: an ordered map by start, searched for the last
    /// span starting before a span's end.
    #[derive(Default)]
    struct MapSet(std::collections::BTreeMap<usize, usize>);

    impl MapSet {
        fn insert(&mut self, span: &std::ops::Range<usize>) -> bool {
            if map_overlaps(&self.0, span) {
                return false;
            }
            self.0.insert(span.start, span.end);
            true
        }
    }

    proptest::proptest! {
        /// The bit set keeps and drops the spans the ordered map did, in
        /// any order of spans, empty ones and spans across words included.
        #[test]
        fn the_bit_set_decides_as_the_ordered_map(
            spans in proptest::collection::vec((0usize..300, 0usize..90), 0..40)
        ) {
            let spans: Vec<_> = spans.into_iter().map(|(s, len)| s..s + len).collect();
            // Sized for every span, or for none (growing as spans come).
            let sized = SpanSet::for_spans(spans.iter());
            for mut bits in [sized, SpanSet::default()] {
                let mut map = MapSet::default();
                for span in &spans {
                    proptest::prop_assert_eq!(bits.insert(span), map.insert(span), "{:?}", span);
                }
            }
        }
    }

    #[test]
    fn masks_cover_exactly_the_range() {
        let bits = |s, e| word_masks(s, e).collect::<Vec<_>>();
        assert_eq!(bits(0, 1), [(0, 1)]);
        assert_eq!(bits(63, 65), [(0, 1 << 63), (1, 1)]);
        assert_eq!(bits(0, 64), [(0, u64::MAX)]);
        assert_eq!(bits(64, 130), [(1, u64::MAX), (2, 0b11)]);
    }
}
