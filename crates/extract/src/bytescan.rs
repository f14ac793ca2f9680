//! Finding the first byte of a class, a block of bytes at a time.
//!
//! `iter().position(|&b| TABLE[b])` tests one byte per step and stops the
//! compiler from using vector instructions (a table read is a gather, and
//! the early exit breaks the loop). Here each 32-byte block is first
//! tested with a predicate made of comparisons, folded without an early
//! exit, which the compiler turns into a few vector compares; only a block
//! that passes is searched byte by byte. On ASCII prose most blocks hold
//! no byte of the class, so the scan runs at vector speed.
//!
//! A class as common as the capitals (a byte in 25 of prose, so in most
//! blocks) is listed whole instead, eight bytes at a time
//! ([`capital_positions`]), once per text for every search that needs it.

/// Bytes tested together.
const BLOCK: usize = 32;

/// The index of the first byte of `bytes` for which `exact` holds.
///
/// `coarse` must hold for every byte `exact` holds for (it may hold for
/// more): it is the vectorized test of a block, `exact` the test of a byte
/// in a block that passed. Give `coarse` comparisons only (ranges, single
/// bytes), so that it vectorizes.
#[inline]
pub fn position(
    bytes: &[u8],
    coarse: impl Fn(u8) -> bool,
    exact: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut base = 0;
    for block in &mut blocks {
        let any = block.iter().fold(0u8, |acc, &b| acc | u8::from(coarse(b)));
        if any != 0 {
            if let Some(k) = block.iter().position(|&b| exact(b)) {
                return Some(base + k);
            }
        }
        base += BLOCK;
    }
    blocks
        .remainder()
        .iter()
        .position(|&b| exact(b))
        .map(|k| base + k)
}

/// ASCII white space as `char::is_whitespace` and the regex `\s` of ASCII
/// have it: space, tab, line feed, vertical tab, form feed, carriage
/// return (`u8::is_ascii_whitespace` leaves out the vertical tab). Written
/// with `|`, no branch, so that a block test using it vectorizes.
pub fn is_ascii_space(b: u8) -> bool {
    (b == b' ') | (b'\t'..=b'\r').contains(&b)
}

/// Every byte's high bit, in a word of eight bytes.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// Byte `b` in each of eight bytes.
const fn each(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Whether any of the eight bytes of `x` (read little-endian from eight
/// bytes of text) is one of `set`: a byte equal to `b` is a zero byte of
/// `x ^ each(b)`, and the classic zero-byte test is exact for whether any
/// byte is zero. Branch-free, for short texts a block test is too wide for.
pub fn word_holds_any<const N: usize>(x: u64, set: [u8; N]) -> bool {
    let zero = |v: u64| v.wrapping_sub(each(1)) & !v & HIGH;
    set.iter().fold(0, |acc, &b| acc | zero(x ^ each(b))) != 0
}

/// Whether a byte, with the byte after it, may end a run of words joined
/// by single spaces: a byte outside ASCII (white space or not), an ASCII
/// control byte (line breaks, tabs), or a space before either or before
/// another space. [`run_break_bits`] tests eight at once.
pub fn may_break_run(b: u8, next: u8) -> bool {
    let wide_or_low = |b: u8| b >= 0x80 || b <= b' ';
    !(b' '..0x80).contains(&b) | ((b == b' ') & wide_or_low(next))
}

/// The high bit of each byte of `x` for which [`may_break_run`] holds,
/// `next` being the byte after the last.
pub fn run_break_bits(x: u64, next: u8) -> u64 {
    let wide = x & HIGH;
    let ascii = x & !HIGH;
    // Below `!` (`0x21`): adding `0x80 - 0x21` to a byte under `0x80`
    // carries into its high bit exactly when it is `!` or above, and
    // never out of the byte.
    let low = !(ascii + each(0x80 - 0x21)) & HIGH & !wide;
    // A space: the byte xor `0x20` is zero; adding `0x7F` to a nonzero
    // byte under `0x80` sets its high bit, again without a carry out.
    let y = ascii ^ each(b' ');
    let space = !((y + each(0x7F)) | y) & HIGH & !wide;
    let control = low & !space;
    let ends_space = low | wide;
    let next_ends = u64::from(next >= 0x80 || next <= b' ') << 63;
    let before_end = (ends_space >> 8) | next_ends;
    wide | control | (space & before_end)
}

/// Whether byte `b` can begin a capital letter: an ASCII capital, or the
/// lead byte of a multi-byte character (which may be `\u{C9}`, say).
pub fn may_begin_capital(b: u8) -> bool {
    b.is_ascii_uppercase() || b >= 0xC0
}

/// The indexes of every byte of `bytes` that can begin a capital letter
/// ([`may_begin_capital`]):
/// an ASCII capital or the lead byte of a multi-byte character (`0xC0`
/// and up), in order. Eight bytes are tested at once with word arithmetic
/// (no unsafe vector code here), so the pass costs a few instructions per
/// eight bytes plus one per byte found.
pub fn capital_positions(bytes: &[u8]) -> Vec<usize> {
    // About one byte in 18 of English prose begins a capital (the
    // archive): one in 16 reserved, so most texts never grow the list.
    let mut out = Vec::with_capacity(bytes.len() / 16 + 16);
    let mut words = bytes.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let mut hits = capital_bits(x);
        while hits != 0 {
            out.push(base + (hits.trailing_zeros() / 8) as usize);
            hits &= hits - 1;
        }
        base += 8;
    }
    let rest = words.remainder().iter().enumerate();
    out.extend(
        rest.filter(|(_, &b)| b.is_ascii_uppercase() || b >= 0xC0)
            .map(|(i, _)| base + i),
    );
    out
}

/// The runs of ASCII digits in `bytes`, each whole (no digit before or
/// after it), in order.
pub fn digit_runs(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let digit = |b: u8| b.is_ascii_digit();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(k) = position(&bytes[at..], digit, digit) {
        let start = at + k;
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        at = start + len;
        out.push(start..at);
    }
    out
}

/// The high bit of each byte of `x` that is an ASCII capital or at least
/// `0xC0`.
fn capital_bits(x: u64) -> u64 {
    // `0xC0` and up: bits 7 and 6 both set (the shift moves each byte's
    // bit 6 onto its own bit 7; what crosses into the next byte is masked).
    let lead = x & (x << 1) & HIGH;
    // `A` to `Z` among ASCII bytes: with each high bit forced on, no
    // subtraction borrows across bytes, and the high bit stays on exactly
    // where the byte is at least the one subtracted.
    let forced = x | HIGH;
    let from_a = forced.wrapping_sub(each(b'A'));
    let past_z = forced.wrapping_sub(each(b'Z' + 1));
    let capital = from_a & !past_z & !x & HIGH;
    lead | capital
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn in_class(b: u8) -> bool {
        b >= 0x80 || matches!(b, b'*' | b'\t' | b'_')
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The run breaks found eight bytes at a time are those a test
        /// of each byte with the byte after it finds.
        #[test]
        fn run_break_bits_are_those_of_every_byte(
            bytes in proptest::array::uniform9(
                prop_oneof![4 => b'a'..=b'z', 3 => Just(b' '), 1 => any::<u8>(), 1 => 0x1Fu8..=0x22],
            ),
        ) {
            let x = u64::from_le_bytes(bytes[..8].try_into().expect("eight bytes"));
            let every = (0..8)
                .filter(|&k| may_break_run(bytes[k], bytes[k + 1]))
                .fold(0u64, |m, k| m | 0x80 << (8 * k));
            prop_assert_eq!(run_break_bits(x, bytes[8]), every);
        }

        /// The capitals found eight bytes at a time are those a test of
        /// each byte finds, any byte anywhere.
        #[test]
        fn capital_positions_are_those_of_every_byte(
            bytes in proptest::collection::vec(
                prop_oneof![4 => b'a'..=b'z', 2 => b'@'..=b'[', 1 => any::<u8>(), 1 => 0xBFu8..=0xC1],
                0..90,
            ),
        ) {
            let every: Vec<usize> = (0..bytes.len())
                .filter(|&i| may_begin_capital(bytes[i]))
                .collect();
            prop_assert_eq!(capital_positions(&bytes), every);
        }

        /// Digit runs are the maximal runs of digits a test of every
        /// byte finds.
        #[test]
        fn digit_runs_are_the_whole_runs_of_digits(
            bytes in proptest::collection::vec(
                prop_oneof![3 => b'0'..=b'9', 3 => b'a'..=b'z', 1 => any::<u8>()],
                0..120,
            ),
        ) {
            let mut every = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i].is_ascii_digit() {
                    let start = i;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    every.push(start..i);
                } else {
                    i += 1;
                }
            }
            prop_assert_eq!(digit_runs(&bytes), every);
        }

        /// The same first byte as a test of every byte, wherever it falls
        /// in or across blocks, with a coarse test exact or wider.
        #[test]
        fn finds_what_a_scan_of_every_byte_finds(
            plain in 0usize..150,
            tail in proptest::collection::vec(
                prop_oneof![8 => b'a'..=b'z', 1 => Just(b'*'), 1 => Just(b'\t'), 1 => 0x80u8..=0xff, 1 => Just(b'_')],
                0..100,
            ),
        ) {
            // A run of bytes outside the class first, so that the first
            // byte of it falls in any block.
            let mut bytes = vec![b'x'; plain];
            bytes.extend(tail);
            let bytes = &bytes[..];
            let want = bytes.iter().position(|&b| in_class(b));
            prop_assert_eq!(position(bytes, in_class, in_class), want);
            let wide = |b: u8| !b.is_ascii_lowercase();
            prop_assert_eq!(position(bytes, wide, in_class), want);
        }
    }
}
