//! Hit tests of the gated relative-date patterns (see
//! `gate::Gated::if_hit`): the word a relative expression needs beside its
//! unit. `year` and `month` are among the commonest trigger words, and
//! most of their hits stand in no relative expression (`this year` is one,
//! `the year's budget` is not); a hit that fails opens no window.
//!
//! Each test is a promise about its pattern: every match passes it at the
//! hit of its unit word. A neighbouring word holding a byte outside ASCII
//! always passes (the patterns' `(?i)` folds `ſ` to `s`).

use std::ops::Range;

use crate::gate;

/// `two years later`, `a decade ago`: a direction follows the unit.
pub(super) fn direction_follows(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::next_word_starts_with(
        bytes,
        &hit,
        &["later", "after", "earlier", "before", "ago", "on"],
    )
}

/// `the following year`: the word before the unit says which.
pub(super) fn the_next_before(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::prev_word_ends_with(
        bytes,
        &hit,
        &[
            "following",
            "next",
            "previous",
            "preceding",
            "prior",
            "same",
        ],
    )
}

/// `last fiscal year`, `this month`, or the hit is `yesterday` or
/// `tomorrow` itself.
pub(super) fn deictic_before(bytes: &[u8], hit: Range<usize>) -> bool {
    let word = &bytes[hit.clone()];
    word.eq_ignore_ascii_case(b"yesterday")
        || word.eq_ignore_ascii_case(b"tomorrow")
        || gate::prev_word_ends_with(
            bytes,
            &hit,
            &[
                "last", "this", "next", "past", "previous", "coming", "fiscal",
            ],
        )
}

/// `the end of the year`: `of` or `the` before the unit.
pub(super) fn year_part_before(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::prev_word_ends_with(bytes, &hit, &["of", "the"])
}

/// `the last week`, `next spring`.
pub(super) fn season_week_before(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::prev_word_ends_with(bytes, &hit, &["last", "next", "this", "past", "coming"])
}

/// A named month or season with a year within `k` words after it: the
/// patterns of `November 19, 2025`, `19 November 2025`, `July 11-12,
/// 2024`, `spring 2024`.
pub(super) fn year_within<const K: usize>(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::four_digits_after(bytes, &hit, K)
}

/// A named month with a day beside it: `April 12`, `12th of April`.
pub(super) fn day_beside(bytes: &[u8], hit: Range<usize>) -> bool {
    gate::digit_within(bytes, &hit, 2, 1)
}

/// A run of four digits standing alone (`(?-u:\b)` on both sides): a year.
/// The hit is the run itself.
pub(super) fn year_alone(bytes: &[u8], hit: Range<usize>) -> bool {
    !gate::is_word_byte_at(bytes, hit.start.wrapping_sub(1))
        && !gate::is_word_byte_at(bytes, hit.end)
}

/// `FY2025`, `fiscal year 2025`: the hit opens a fiscal year, spelt as
/// the pattern spells it (`FY` in capitals, `fiscal` with a capital or
/// not) at an ASCII word start. The trigger pass finds `fy` in any case
/// and in any word (`justify`), and `fiscal` in capitals.
pub(super) fn fiscal_at(bytes: &[u8], hit: Range<usize>) -> bool {
    matches!(&bytes[hit.clone()], b"FY" | b"fiscal" | b"Fiscal")
        && !gate::is_word_byte_at(bytes, hit.start.wrapping_sub(1))
}

/// `2025-08-22`, `2025/08/22`: the run of four digits is followed by a
/// dash or slash, two digits, a dash or slash and two digits.
pub(super) fn iso_rest(bytes: &[u8], hit: Range<usize>) -> bool {
    let sep = |b: &u8| matches!(b, b'-' | b'/');
    let digit = |b: &u8| b.is_ascii_digit();
    matches!(
        bytes.get(hit.end..hit.end + 6),
        Some([s1, a, b, s2, c, d]) if sep(s1) && sep(s2) && [a, b, c, d].into_iter().all(digit)
    )
}

/// `2024.08.19`, `2024. 8. 19.`: the run of four digits, a year of the
/// 1900s or 2000s, is followed by a full stop and a digit, with one
/// white-space character (of any kind) between them at most.
pub(super) fn year_dot_number(bytes: &[u8], hit: Range<usize>) -> bool {
    matches!(bytes.get(hit.start..hit.start + 2), Some(b"19" | b"20"))
        && bytes.get(hit.end) == Some(&b'.')
        && digit_after_one_space(bytes, hit.end + 1)
}

/// `11/19/2025`, `31.03.2024`: the run of four digits, a year of the
/// 1900s or 2000s, follows a slash or a full stop right after a digit.
pub(super) fn number_slash_before(bytes: &[u8], hit: Range<usize>) -> bool {
    matches!(bytes.get(hit.start..hit.start + 2), Some(b"19" | b"20"))
        && hit.start >= 2
        && matches!(bytes[hit.start - 1], b'/' | b'.')
        && bytes[hit.start - 2].is_ascii_digit()
}

/// An ASCII digit at `i`, or after the one white-space character (`\s`,
/// of any script) that starts at `i`.
fn digit_after_one_space(bytes: &[u8], i: usize) -> bool {
    let digit = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
    if digit(i) {
        return true;
    }
    // The char at `i` (the bytes are a `str`'s, so it is whole within
    // the four bytes there).
    let rest = &bytes[i.min(bytes.len())..];
    let space = rest[..rest.len().min(4)]
        .utf8_chunks()
        .next()
        .and_then(|chunk| chunk.valid().chars().next())
        .filter(|c| c.is_whitespace());
    space.is_some_and(|c| digit(i + c.len_utf8()))
}

/// `1950-53`, `2023 / 24`: the run of four digits is followed by a dash
/// or slash and two digits, with white space between them or not.
pub(super) fn short_range_rest(bytes: &[u8], hit: Range<usize>) -> bool {
    let rest = &bytes[hit.end..];
    let spaces = |r: &[u8]| r.iter().take_while(|&&b| gate::is_space(b)).count();
    let rest = &rest[spaces(rest)..];
    let Some((sep, rest)) = rest.split_first() else {
        return false;
    };
    let rest = &rest[spaces(rest)..];
    matches!(sep, b'-' | b'/') && rest.len() >= 2 && rest[..2].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::hit_test_at as at;

    #[test]
    fn relative_expressions_pass_at_their_unit() {
        assert!(at(direction_follows, "two years later", "year"));
        assert!(at(direction_follows, "a decade AGO,", "decade"));
        assert!(at(direction_follows, "months afterwards", "month"));
        assert!(at(the_next_before, "the following year", "year"));
        assert!(at(deictic_before, "(last year)", "year"));
        assert!(at(deictic_before, "this fiscal year", "year"));
        assert!(at(deictic_before, "as of yesterday", "yesterday"));
        assert!(at(year_part_before, "the end of the year", "year"));
        assert!(at(year_part_before, "the turn of year", "year"));
        assert!(at(season_week_before, "the past week", "week"));
        assert!(at(season_week_before, "Next spring", "spring"));
    }

    #[test]
    fn other_uses_of_the_unit_fail() {
        assert!(!at(direction_follows, "the year's budget", "year"));
        assert!(!at(direction_follows, "two years", "year"));
        assert!(!at(the_next_before, "each year", "year"));
        assert!(!at(deictic_before, "a good year", "year"));
        assert!(!at(year_part_before, "a year", "year"));
        assert!(!at(season_week_before, "the week", "week"));
    }

    #[test]
    fn numeric_dates_pass_at_their_year() {
        assert!(at(year_within::<2>, "November 19, 2025", "November"));
        assert!(at(year_within::<2>, "May of 2024.", "May"));
        assert!(at(year_within::<1>, "Nov. 2020SEOUL", "Nov"));
        assert!(!at(year_within::<2>, "May 5, the day", "May"));
        assert!(!at(year_within::<1>, "May 5 2024", "May"));
        assert!(at(day_beside, "April 12", "April"));
        assert!(at(day_beside, "12th of April", "April"));
        assert!(!at(day_beside, "in April, two days", "April"));
        assert!(!at(day_beside, "12 days of April", "April"));
        assert!(at(year_alone, "in 2015.", "2015"));
        assert!(at(year_alone, "(2015)", "2015"));
        assert!(!at(year_alone, "F2015", "2015"));
        assert!(!at(year_alone, "2015_x", "2015"));
        assert!(at(iso_rest, "on 2025-08-22 at", "2025"));
        assert!(at(iso_rest, "2025/08/22", "2025"));
        assert!(!at(iso_rest, "2025-8-22", "2025"));
        assert!(!at(iso_rest, "2025-08", "2025"));
        assert!(at(short_range_rest, "1950-53", "1950"));
        assert!(at(short_range_rest, "2023 / 24", "2023"));
        assert!(at(short_range_rest, "1950 -\n53", "1950"));
        assert!(!at(short_range_rest, "1950 - x", "1950"));
        assert!(!at(short_range_rest, "1950.", "1950"));
        assert!(at(year_dot_number, "on 2024.08.19 the", "2024"));
        assert!(at(year_dot_number, "2024. 8. 19.", "2024"));
        assert!(at(year_dot_number, "2024.\u{a0}8", "2024"));
        assert!(at(year_dot_number, "1998.\u{3000}12", "1998"));
        assert!(!at(year_dot_number, "in 2024. The", "2024"));
        assert!(!at(year_dot_number, "2024.  8", "2024"));
        assert!(!at(year_dot_number, "1850.08.19", "1850"));
        assert!(!at(year_dot_number, "2024", "2024"));
        assert!(at(number_slash_before, "on 11/19/2025,", "2025"));
        assert!(at(number_slash_before, "31.03.2024", "2024"));
        assert!(!at(number_slash_before, "in 2025,", "2025"));
        assert!(!at(number_slash_before, "a/2025", "2025"));
        assert!(!at(number_slash_before, "1/1/1850", "1850"));
        assert!(!at(number_slash_before, "2025", "2025"));
    }

    #[test]
    fn a_neighbour_outside_ascii_passes() {
        assert!(at(the_next_before, "the ſame year", "year"));
        assert!(at(direction_follows, "two years ſoon", "year"));
    }
}
