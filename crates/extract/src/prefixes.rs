//! A filter of the places where one of a set of names may begin, from its
//! first three bytes.
//!
//! The lexicon and the state names are searched with automata anchored at
//! each capital of a text. Nearly every capital begins with a byte some
//! name begins with, so a table of first bytes turned few away, and each
//! automaton start costs a few dependent table reads. Three bytes tell
//! more: on the White House archive 10 to 17% of the capitals begin like
//! some name. The filter says "no" only where no name can begin, so a
//! search that asks it first finds what it found without it.

/// Bits in the three-byte table (8 KB, to stay in the first-level cache).
const BITS: usize = 1 << 16;

/// Where names may begin, by their first bytes.
#[derive(Debug, Clone)]
pub struct NameStarts {
    /// Names of three bytes or more: a bit per hash of the first three.
    three: Box<[u64]>,
    /// Two-byte names, exactly: a bit per byte pair.
    two: Box<[u64]>,
    /// One-byte names.
    one: [bool; 256],
}

/// A 16-bit hash of three bytes (multiplicative, top bits).
#[inline]
fn hash3(a: u8, b: u8, c: u8) -> usize {
    let key = u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16;
    (key.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

#[inline]
fn test(bits: &[u64], i: usize) -> bool {
    bits[i / 64] >> (i % 64) & 1 != 0
}

fn set(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

impl NameStarts {
    /// The filter of `names` (empty names are ignored: they begin nowhere
    /// a search would report).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut f = NameStarts {
            three: vec![0; BITS / 64].into_boxed_slice(),
            two: vec![0; BITS / 64].into_boxed_slice(),
            one: [false; 256],
        };
        for name in names {
            match *name.as_bytes() {
                [] => {}
                [a] => f.one[usize::from(a)] = true,
                [a, b] => set(&mut f.two, usize::from(a) << 8 | usize::from(b)),
                [a, b, c, ..] => set(&mut f.three, hash3(a, b, c)),
            }
        }
        f
    }

    /// False only when no name begins at `bytes[p..]`. Near the end of the
    /// bytes, where fewer than three are left, always true.
    #[inline]
    pub fn may_begin(&self, bytes: &[u8], p: usize) -> bool {
        match bytes.get(p..p + 3) {
            Some(&[a, b, c]) => {
                self.one[usize::from(a)]
                    || test(&self.two, usize::from(a) << 8 | usize::from(b))
                    || test(&self.three, hash3(a, b, c))
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_every_length_pass_and_most_other_words_do_not() {
        let f = NameStarts::new(["X", "EU", "NATO", "United Nations", ""]);
        for text in ["X-ray", "EU.", "NATO's", "United Nations", "Unity", "NAT"] {
            assert!(f.may_begin(text.as_bytes(), 0), "{text}");
        }
        // Fewer than three bytes left: the caller's search decides.
        assert!(f.may_begin(b"Zz", 0));
        let turned_away = ["The ", "President ", "Korea ", "Seoul ", "Monday "]
            .iter()
            .filter(|w| !f.may_begin(w.as_bytes(), 0))
            .count();
        assert!(turned_away >= 4, "{turned_away}");
    }

    proptest::proptest! {
        /// Every place where a name begins passes.
        #[test]
        fn no_name_start_is_turned_away(
            names in proptest::collection::vec("[A-Za-z .]{1,6}", 1..40),
            text in "[A-Za-z .]{0,40}",
        ) {
            let f = NameStarts::new(names.iter().map(String::as_str));
            let bytes = text.as_bytes();
            for p in 0..bytes.len() {
                if names.iter().any(|n| text[p..].starts_with(n.as_str())) {
                    proptest::prop_assert!(f.may_begin(bytes, p), "{p} in {text:?}");
                }
            }
        }
    }
}
