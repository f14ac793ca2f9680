//! Calendar words and TIMEX3 values: month names, weekdays, valid days,
//! plausible years, and reading a value back.

use jiff::civil::Date;

use super::*;

/// Year, month and day of a day value (`2025-03-10`, or the start of a
/// range that opens with one).
pub(super) fn ymd(value: &str) -> Option<(i32, u32, u32)> {
    Some((
        value.get(..4)?.parse().ok()?,
        value.get(5..7)?.parse().ok()?,
        value.get(8..10)?.parse().ok()?,
    ))
}

pub(super) fn month_num(m: &str) -> Option<u32> {
    let m = m.trim_end_matches('.').to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| m.starts_with(n))
        .map(|i| i as u32 + 1)
}

pub(super) fn valid_day(y: i32, m: u32, d: u32) -> bool {
    civil(y, m, d).is_some()
}

pub(super) fn plausible_year(y: i32) -> bool {
    (1000..=2199).contains(&y)
}

pub(super) fn day_value(y: &str, m: u32, d: &str) -> Option<(String, Granularity)> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    (plausible_year(y) && valid_day(y, m, d))
        .then(|| (format!("{y:04}-{m:02}-{d:02}"), Granularity::Day))
}

pub(super) fn cap<'t>(c: &Captures<'t>, name: &str) -> &'t str {
    c.name(name).map_or("", |m| m.as_str())
}

/// The first of the alternative groups `names` that matched.
pub(super) fn first_of<'t>(c: &Captures<'t>, names: &[&str]) -> Option<&'t str> {
    names.iter().map(|n| cap(c, n)).find(|s| !s.is_empty())
}

/// A civil date, when `y-m-d` is one (jiff checks the month's length and
/// leap years).
pub(super) fn civil(y: i32, m: u32, d: u32) -> Option<Date> {
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// A date as a TIMEX3 day value.
pub(super) fn day_string(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}
