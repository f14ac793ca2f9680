//! Invariants every output row must satisfy before it is written: its span
//! lies inside the document, on character boundaries, and the document's
//! text there is exactly the row's text. A violation is a bug in an
//! extractor; the row is dropped and reported instead of written wrong.

/// Checks that `text` is exactly the document's bytes at `start..end`
/// (file offsets; `base` bytes precede the decoded text).
pub fn span_matches(doc_text: &str, base: usize, start: usize, end: usize, text: &str) -> bool {
    let (Some(s), Some(e)) = (start.checked_sub(base), end.checked_sub(base)) else {
        return false;
    };
    s <= e && doc_text.get(s..e) == Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_slices_pass_and_others_fail() {
        let t = "Korea\u{2019}s 1953";
        assert!(span_matches(t, 0, 10, 14, "1953"));
        assert!(span_matches(t, 3, 13, 17, "1953"));
        assert!(!span_matches(t, 0, 10, 14, "1954"));
        assert!(!span_matches(t, 0, 6, 8, "\u{2019}"));
        assert!(!span_matches(t, 0, 14, 99, ""));
        assert!(!span_matches(t, 3, 1, 2, ""));
    }
}
