//! Weekdays, months and weeks resolved against the document date (`on
//! Thursday`, `in August`, `this week`), and the calendar arithmetic
//! they rest on.

use super::*;

pub(super) fn calendar_relative(
    view: &TextView<'_>,
    scan: &Scan<'_>,
    p: &Patterns,
    month_days: &[Captures<'_>],
    dd: &str,
) -> Vec<DateFact> {
    let text = view.norm();
    let mut out = Vec::new();
    let Some((y, m, d)) = ymd(dd) else {
        return out;
    };
    let today = days_from_civil(y, m, d);
    let fact = |span: Range<usize>, value: String, granularity, rule| DateFact {
        span,
        value,
        granularity,
        anchor_value: dd.to_string(),
        anchor_span: None,
        rule,
        subject: String::new(),
        subject_type: "",
    };
    let dir_of = |c: &Captures<'_>| cap(c, "dir").to_ascii_lowercase();

    // Tense of the clause before the expression (`will be held in June`),
    // not of the whole sentence (`spoke on Thursday and will return`).
    let forward = |pos: usize| {
        let from = view.sentence_of(pos).start.max(pos.saturating_sub(60));
        let clause = window_before(text, pos, pos - from.min(pos));
        let clause = clause.rsplit(';').next().unwrap_or(clause);
        let clause = clause.rsplit(" and ").next().unwrap_or(clause);
        p.future.is_match(clause)
    };
    for c in p.weekday.captures_iter(text) {
        let mm = c.get(0).expect("group 0");
        let wd = WEEKDAYS
            .iter()
            .position(|w| *w == cap(&c, "wd"))
            .expect("weekday alternation") as i64;
        let today_wd = (today + 3).rem_euclid(7);
        let back = (today_wd - wd).rem_euclid(7);
        let ahead = (wd - today_wd).rem_euclid(7);
        let delta = match dir_of(&c).as_str() {
            "next" => ahead.max(1),
            "last" => -(if back == 0 { 7 } else { back }),
            _ if forward(mm.start()) => ahead,
            _ => -back,
        };
        let (yy, mo, da) = civil_from_days(today + delta);
        out.push(fact(
            mm.start()..mm.end(),
            format!("{yy:04}-{mo:02}-{da:02}"),
            Granularity::Day,
            Rule::DateWeekday,
        ));
    }
    for c in month_days {
        let mm = c.get(0).expect("group 0");
        let Some((mo, da)) = month_day_parts(text, c) else {
            continue;
        };
        if !valid_day(y, mo, da) {
            continue;
        }
        out.push(fact(
            mm.start()..mm.end(),
            format!("{y:04}-{mo:02}-{da:02}"),
            Granularity::Day,
            Rule::DateMonthDay,
        ));
    }
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
            .any(|w| before.ends_with(&format!(" {w}")) || before == *w);
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
                    ..fact(
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
            _ if forward(mm.start()) => ahead,
            _ => behind,
        };
        out.push(fact(
            mm.start()..mm.end(),
            format!("{year:04}-{mo:02}"),
            Granularity::Month,
            Rule::DateMonth,
        ));
    }
    for c in scan.captures(&p.season_week) {
        let mm = c.get(0).expect("group 0");
        let unit = cap(&c, "unit").to_ascii_lowercase();
        let step: i64 = match dir_of(&c).as_str() {
            "last" | "past" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        let value = if unit == "week" {
            let (wy, wk) = iso_week(today + 7 * step);
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
        out.push(fact(
            mm.start()..mm.end(),
            value,
            granularity,
            Rule::DateSeasonWeek,
        ));
    }
    out
}

/// ISO 8601 week-numbering year and week of a day count.
pub(super) fn iso_week(days: i64) -> (i32, i64) {
    let wd = (days + 3).rem_euclid(7); // Monday = 0
    let thursday = days - wd + 3;
    let (ty, _, _) = civil_from_days(thursday);
    let jan1 = days_from_civil(ty, 1, 1);
    (ty, (thursday - jan1) / 7 + 1)
}

pub(super) fn shift_month(value: &str, step: i32) -> Option<String> {
    let y: i32 = value.get(..4)?.parse().ok()?;
    let m: i32 = value.get(5..7)?.parse().ok()?;
    let total = y * 12 + (m - 1) + step;
    Some(format!(
        "{:04}-{:02}",
        total.div_euclid(12),
        total.rem_euclid(12) + 1
    ))
}

pub(super) fn shift_day(value: &str, step: i64) -> Option<String> {
    let y: i32 = value.get(..4)?.parse().ok()?;
    let m: u32 = value.get(5..7)?.parse().ok()?;
    let d: u32 = value.get(8..10)?.parse().ok()?;
    let days = days_from_civil(y, m, d) + step;
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub(super) fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(super) fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}
