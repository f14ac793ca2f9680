//! What every extractor is: a pure map from a document's [`TextView`] to
//! facts added to its [`DocFacts`]; and the span set they resolve overlaps
//! with. The chain (`chain.rs`) runs them; they depend on this contract
//! only, never on the chain.

use crate::model::DocFacts;
use crate::textview::TextView;

/// One fact extractor.
pub trait Extractor: Sync + Send {
    /// Short name used in the `rule` column prefix and in benchmarks.
    fn name(&self) -> &'static str;
    /// Adds this extractor's facts for one document to `facts`.
    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts);
}

/// A set of disjoint spans with logarithmic overlap tests, for greedy
/// overlap resolution ("keep the best candidate, drop what overlaps it").
#[derive(Debug, Default)]
pub(crate) struct SpanSet {
    by_start: std::collections::BTreeMap<usize, usize>,
}

impl SpanSet {
    /// True when `span` overlaps a span in the set.
    pub(crate) fn overlaps(&self, span: &std::ops::Range<usize>) -> bool {
        // Spans in the set are disjoint, so only the last one starting
        // before `span.end` can overlap.
        self.by_start
            .range(..span.end)
            .next_back()
            .is_some_and(|(&s, &e)| e > span.start && s < span.end)
            || (span.is_empty() && self.by_start.contains_key(&span.start))
    }

    /// Inserts `span` unless it overlaps; returns whether it was inserted.
    pub(crate) fn insert(&mut self, span: &std::ops::Range<usize>) -> bool {
        if self.overlaps(span) {
            return false;
        }
        self.by_start.insert(span.start, span.end);
        true
    }
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
}
