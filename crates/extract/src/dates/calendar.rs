//! Weekdays, months and weeks resolved against the document date (`on
//! Thursday`, `in August`, `this week`), and the calendar arithmetic
//! they rest on.

use jiff::civil::Date;
use jiff::Span;

use super::*;

pub(super) fn calendar_relative(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    p: &Patterns,
    month_days: &[Captures<'_>],
    dd: &str,
) -> Vec<DateFact> {
    let Some(cal) = Calendar::new(view, p, dd) else {
        return Vec::new();
    };
    let mut out = cal.weekdays(scan);
    out.extend(cal.month_days(month_days));
    out.extend(cal.bare_months(scan));
    out.extend(cal.seasons_and_weeks(scan));
    out
}

fn dir_of(c: &Captures<'_>) -> String {
    cap(c, "dir").to_ascii_lowercase()
}

/// What one document's expressions are resolved against: its date.
struct Calendar<'a> {
    view: &'a TextView<'a>,
    p: &'a Patterns,
    dd: &'a str,
    today: Date,
    y: i32,
    m: u32,
}

impl<'a> Calendar<'a> {
    fn new(view: &'a TextView<'a>, p: &'a Patterns, dd: &'a str) -> Option<Self> {
        let (y, m, d) = ymd(dd)?;
        Some(Calendar {
            view,
            p,
            dd,
            today: civil(y, m, d)?,
            y,
            m,
        })
    }

    fn fact(
        &self,
        span: Range<usize>,
        value: String,
        granularity: Granularity,
        rule: Rule,
    ) -> DateFact {
        DateFact {
            span,
            value,
            granularity,
            anchor_value: self.dd.to_string(),
            anchor_span: None,
            rule,
            subject: String::new(),
            subject_type: "",
            subject_link: SubjectLink::None,
        }
    }

    /// Tense of the clause before the expression (`will be held in June`),
    /// not of the whole sentence (`spoke on Thursday and will return`).
    fn forward(&self, pos: usize) -> bool {
        let text = self.view.norm();
        let from = self.view.sentence_of(pos).start.max(pos.saturating_sub(60));
        let clause = window_before(text, pos, pos - from.min(pos));
        let clause = clause.rsplit(';').next().unwrap_or(clause);
        let clause = clause.rsplit(" and ").next().unwrap_or(clause);
        self.p.future.is_match(clause)
    }

    /// `on Thursday`, `last Monday`, `next Friday`: the nearest such day.
    fn weekdays(&self, scan: &Scan<'_>) -> Vec<DateFact> {
        let (today, p) = (self.today, self.p);
        let mut out = Vec::new();
        for c in scan.captures(&p.weekday) {
            let mm = c.get(0).expect("group 0");
            let wd = WEEKDAYS
                .iter()
                .position(|w| *w == cap(&c, "wd"))
                .expect("weekday alternation") as i64;
            let today_wd = i64::from(today.weekday().to_monday_zero_offset());
            let back = (today_wd - wd).rem_euclid(7);
            let ahead = (wd - today_wd).rem_euclid(7);
            let delta = match dir_of(&c).as_str() {
                "next" => ahead.max(1),
                "last" => -(if back == 0 { 7 } else { back }),
                _ if self.forward(mm.start()) => ahead,
                _ => -back,
            };
            let Some(day) = add_days(today, delta) else {
                continue;
            };
            out.push(self.fact(
                mm.start()..mm.end(),
                day_string(day),
                Granularity::Day,
                Rule::DateWeekday,
            ));
        }
        out
    }

    /// `on August 30` with no year: that day in the document's year.
    fn month_days(&self, month_days: &[Captures<'_>]) -> Vec<DateFact> {
        let (text, y) = (self.view.norm(), self.y);
        let mut out = Vec::new();
        for c in month_days {
            let mm = c.get(0).expect("group 0");
            let Some((mo, da)) = month_day_parts(text, c) else {
                continue;
            };
            if !valid_day(y, mo, da) {
                continue;
            }
            out.push(self.fact(
                mm.start()..mm.end(),
                format!("{y:04}-{mo:02}-{da:02}"),
                Granularity::Day,
                Rule::DateMonthDay,
            ));
        }
        out
    }

    /// `in August`, `last July`, `next March`: the month in the year the
    /// tense points to; the first month of a pair takes the pair's year.
    fn bare_months(&self, scan: &Scan<'_>) -> Vec<DateFact> {
        let (text, p, y, m) = (self.view.norm(), self.p, self.y, self.m);
        let mut out = Vec::new();
        for c in scan.captures(&p.bare_month) {
            let mm = c.get(0).expect("group 0");
            let month_text = cap(&c, "month");
            let rest = window_after(text, mm.end(), 8).trim_start_matches([',', ' ', '.']);
            if rest.starts_with(|ch: char| ch.is_ascii_digit()) {
                continue;
            }
            // `May` is mostly the verb: take it only with a modifier or after a
            // preposition.
            let before = window_before(text, mm.start(), 8)
                .trim_end()
                .to_ascii_lowercase();
            let cued = c.name("mod").is_some()
                || c.name("dir").is_some()
                || [
                    "in", "on", "since", "until", "by", "of", "from", "through", "during",
                ]
                .iter()
                .any(|w| crate::textview::ends_with_word(&before, w) || before == *w);
            if month_text.starts_with("May") && !cued {
                continue;
            }
            let Some(mo) = month_num(month_text) else {
                continue;
            };
            // The first month of a pair takes the year the second one gives
            // (`between January and May 2024`, `from March to June 2023`): it
            // is no relative date.
            static PAIRED: LazyLock<Regex> = LazyLock::new(|| {
                let month = MONTH.replace("?P<month>", "?:");
                Regex::new(&format!(
                    r"^\s*(?:and|to|through|until|or|-|\u{{2013}}|\u{{2014}})\s*(?:early\s+|mid-|late\s+)?{month}\s+(?P<year>(?:19|20)\d\d)(?-u:\b)"
                ))
                .expect("valid regex")
            });
            if c.name("dir").is_none() && c.name("mod").is_none() {
                if let Some(paired) = PAIRED.captures(window_after(text, mm.end(), 40)) {
                    let year = &paired["year"];
                    out.push(DateFact {
                        anchor_value: String::new(),
                        anchor_span: None,
                        ..self.fact(
                            mm.start()..mm.end(),
                            format!("{year}-{mo:02}"),
                            Granularity::Month,
                            Rule::DateMonthPaired,
                        )
                    });
                    continue;
                }
            }
            // Past-leaning by default (news reports what happened); forward
            // when the sentence speaks of the future.
            let (ahead, behind) = (
                if mo >= m { y } else { y + 1 },
                if mo <= m { y } else { y - 1 },
            );
            let year = match dir_of(&c).as_str() {
                "last" => {
                    if mo < m {
                        y
                    } else {
                        y - 1
                    }
                }
                "next" => {
                    if mo > m {
                        y
                    } else {
                        y + 1
                    }
                }
                "this" => y,
                _ if self.forward(mm.start()) => ahead,
                _ => behind,
            };
            out.push(self.fact(
                mm.start()..mm.end(),
                format!("{year:04}-{mo:02}"),
                Granularity::Month,
                Rule::DateMonth,
            ));
        }
        out
    }

    /// `this week`, `last spring`, `next summer`.
    fn seasons_and_weeks(&self, scan: &Scan<'_>) -> Vec<DateFact> {
        let (today, p, y) = (self.today, self.p, self.y);
        let mut out = Vec::new();
        for c in scan.captures(&p.season_week) {
            let mm = c.get(0).expect("group 0");
            let unit = cap(&c, "unit").to_ascii_lowercase();
            let step: i64 = match dir_of(&c).as_str() {
                "last" | "past" => -1,
                "next" | "coming" => 1,
                _ => 0,
            };
            let value = if unit == "week" {
                let Some((wy, wk)) = add_days(today, 7 * step).map(iso_week) else {
                    continue;
                };
                format!("{wy:04}-W{wk:02}")
            } else {
                let code = match unit.as_str() {
                    "spring" => "SP",
                    "summer" => "SU",
                    "fall" | "autumn" => "FA",
                    _ => "WI",
                };
                format!("{}-{code}", y + step as i32)
            };
            let granularity = if unit == "week" {
                Granularity::Relative
            } else {
                Granularity::Season
            };
            out.push(self.fact(
                mm.start()..mm.end(),
                value,
                granularity,
                Rule::DateSeasonWeek,
            ));
        }
        out
    }
}

/// `date` moved by `days` (negative: back), when still a date jiff knows.
pub(super) fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(Span::new().try_days(days).ok()?).ok()
}

/// The ISO week-numbering year and week of a date.
pub(super) fn iso_week(date: Date) -> (i32, i64) {
    let w = date.iso_week_date();
    (i32::from(w.year()), i64::from(w.week()))
}

/// `YYYY-MM` moved by `step` months.
pub(super) fn shift_month(value: &str, step: i32) -> Option<String> {
    let y: i32 = value.get(..4)?.parse().ok()?;
    let m: u32 = value.get(5..7)?.parse().ok()?;
    let first = civil(y, m, 1)?;
    let shifted = first.checked_add(Span::new().try_months(step).ok()?).ok()?;
    Some(format!("{:04}-{:02}", shifted.year(), shifted.month()))
}

/// `YYYY-MM-DD` moved by `step` days.
pub(super) fn shift_day(value: &str, step: i64) -> Option<String> {
    let (y, m, d) = ymd(value)?;
    Some(day_string(add_days(civil(y, m, d)?, step)?))
}
