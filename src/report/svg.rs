//! Pictures drawn by the tool as inline SVG (no library, no network at
//! view time): a timeline per force and place (one point per statement,
//! a line per publisher, changes and conflicts marked) and a strip of a
//! document's dated facts.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use super::html::esc;
use super::{Links, Series, MAX_POINTS};

/// Colors of the publishers' lines, in order of first statement; the
/// rest share grey.
const PALETTE: [&str; 8] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
];
const CONFLICT: &str = "#c0392b";

/// A TIMEX date value as a fractional year (`2021-06-08` is 2021.43),
/// None when it names no calendar point (`PRESENT_REF`, `2021-W05`).
pub fn year_of(value: &str) -> Option<f64> {
    let year: i32 = value.get(..4)?.parse().ok()?;
    let month = value
        .get(5..7)
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| (1..=12).contains(m));
    let day = month
        .and_then(|_| value.get(8..10))
        .and_then(|d| d.parse::<u32>().ok())
        .filter(|d| (1..=31).contains(d));
    let months = f64::from(month.unwrap_or(1) - 1);
    let days = f64::from(day.unwrap_or(1) - 1);
    Some(f64::from(year) + (months + days / 31.0) / 12.0)
}

/// A round upper bound for an axis: 1, 2 or 5 times a power of ten.
fn nice_max(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|&m| m >= v)
        .unwrap_or(10.0 * p)
}

/// Thousands separators: 28,500.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A time axis: the years covered, padded half a year each side.
struct TimeAxis {
    from: f64,
    to: f64,
    left: f64,
    width: f64,
}

impl TimeAxis {
    fn new(years: impl Iterator<Item = f64>, left: f64, width: f64) -> Option<Self> {
        let (mut from, mut to) = (f64::MAX, f64::MIN);
        for y in years {
            from = from.min(y);
            to = to.max(y);
        }
        if from > to {
            return None;
        }
        let pad = ((to - from) * 0.05).max(0.5);
        Some(TimeAxis {
            from: from - pad,
            to: to + pad,
            left,
            width,
        })
    }

    fn x(&self, year: f64) -> f64 {
        self.left + (year - self.from) / (self.to - self.from) * self.width
    }

    /// Year ticks: at most about eight labels.
    fn ticks(&self, out: &mut String, y: f64) {
        let first = self.from.ceil() as i32;
        let last = self.to.floor() as i32;
        let step = ((last - first) / 8 + 1).max(1);
        let mut t = first;
        while t <= last {
            let x = self.x(f64::from(t));
            let _ = write!(
                out,
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#ccc\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\">{t}</text>",
                y - 4.0,
                y,
                y + 14.0
            );
            t += step;
        }
    }
}

/// One chart of a series: value against as-of date, a line per publisher.
/// Each point links to its statement on the document's page; a conflict's
/// statement is ringed in red, a change to the publisher's previous figure
/// is written beside its point.
pub fn timeline(s: &Series<'_>, links: &Links, conflicted: &HashSet<(&str, usize)>) -> String {
    let (w, h, left, top, bottom) = (520.0, 230.0, 64.0, 28.0, 40.0);
    // A publisher repeating one figure for one date is one point (the
    // first statement's); at most MAX_POINTS are drawn, earliest first.
    let mut seen = HashSet::new();
    let dated: Vec<(f64, &crate::check::FigureRow)> = s
        .rows
        .iter()
        .filter_map(|f| year_of(&f.as_of).map(|y| (y, *f)))
        .filter(|(_, f)| seen.insert((&f.publisher, &f.as_of, f.value, f.value_high)))
        .collect();
    let points = &dated[..dated.len().min(MAX_POINTS)];
    let Some(axis) = TimeAxis::new(points.iter().map(|p| p.0), left, w - left - 16.0) else {
        return String::new();
    };
    let max = nice_max(
        points
            .iter()
            .map(|p| p.1.value_high.unwrap_or(p.1.value) as f64)
            .fold(0.0, f64::max),
    );
    let plot_h = h - top - bottom;
    let y = |v: f64| top + plot_h - v / max * plot_h;
    let mut out = String::new();
    let _ = write!(
        out,
        "<figure class=\"timeline\"><svg viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-label=\"{}\"><text x=\"{left}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{}</text>",
        esc(&s.title()),
        esc(&s.title())
    );
    for frac in [0.0, 0.5, 1.0] {
        let v = max * frac;
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"#eee\"/><text x=\"{2:.1}\" y=\"{3:.1}\" text-anchor=\"end\" font-size=\"11\">{4}</text>",
            y(v),
            w - 16.0,
            left - 6.0,
            y(v) + 4.0,
            thousands(v as u64)
        );
    }
    axis.ticks(&mut out, h - bottom + 8.0);
    // One line per publisher, in as-of order (figures.csv's order).
    let mut publishers: Vec<&str> = Vec::new();
    let mut lines: BTreeMap<usize, Vec<(f64, f64)>> = BTreeMap::new();
    for (yr, f) in points {
        let k = publishers
            .iter()
            .position(|p| *p == f.publisher)
            .unwrap_or_else(|| {
                publishers.push(&f.publisher);
                publishers.len() - 1
            });
        lines
            .entry(k)
            .or_default()
            .push((axis.x(*yr), y(f.value as f64)));
    }
    let color = |k: usize| PALETTE.get(k).copied().unwrap_or("#999");
    for (k, pts) in &lines {
        if pts.len() > 1 {
            let path: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
            let _ = write!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                path.join(" "),
                color(*k)
            );
        }
    }
    let label_points = points.len() <= 14;
    for (yr, f) in points {
        let k = publishers
            .iter()
            .position(|p| *p == f.publisher)
            .unwrap_or(0);
        let (px, py) = (axis.x(*yr), y(f.value as f64));
        let ring = conflicted.contains(&(f.doc.as_str(), f.start));
        let tip = format!(
            "{} · {} {} · as of {}{}",
            f.doc,
            f.qualifier.as_str(),
            thousands(f.value),
            f.as_of,
            if f.change.is_empty() {
                String::new()
            } else {
                format!(" · {}", f.change)
            }
        );
        let href = links.to("", &f.doc, f.start, f.end);
        if let Some(h) = &href {
            let _ = write!(out, "<a href=\"{}\">", esc(h));
        }
        let _ = write!(
            out,
            "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"><title>{}</title></circle>",
            color(k),
            if ring { CONFLICT } else { "#fff" },
            if ring { 3 } else { 1 },
            esc(&tip)
        );
        if href.is_some() {
            out.push_str("</a>");
        }
        if label_points || !f.change.is_empty() {
            let label = if f.change.is_empty() {
                thousands(f.value)
            } else {
                format!("{} ({})", thousands(f.value), short_change(&f.change))
            };
            let _ = write!(
                out,
                "<text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#444\">{}</text>",
                py - 8.0,
                esc(&label)
            );
        }
    }
    let _ = write!(out, "</svg><figcaption>");
    for (k, p) in publishers.iter().enumerate() {
        let _ = write!(
            out,
            "<span class=\"key\" style=\"border-color:{}\">{}</span> ",
            color(k),
            esc(p)
        );
    }
    if points
        .iter()
        .any(|(_, f)| conflicted.contains(&(f.doc.as_str(), f.start)))
    {
        let _ = write!(
            out,
            "<span class=\"key\" style=\"border-color:{CONFLICT}\">in a conflict</span>"
        );
    }
    if dated.len() > points.len() {
        let _ = write!(
            out,
            " (the first {} of {} points)",
            points.len(),
            dated.len()
        );
    }
    out.push_str("</figcaption></figure>");
    out
}

/// `down 314 since 2021-12-07` as `-314`.
fn short_change(change: &str) -> String {
    let mut words = change.split_whitespace();
    match (words.next(), words.next()) {
        (Some("up"), Some(n)) => format!("+{n}"),
        (Some("down"), Some(n)) => format!("-{n}"),
        (Some("unchanged"), _) => "=".to_string(),
        _ => change.to_string(),
    }
}

/// A strip of a document's dated facts on a time axis (one tick per fact,
/// linked to it), with the document's own date marked; None when no fact
/// names a calendar point.
pub fn date_strip(dated: &[(&str, &str)], doc_date: &str) -> Option<String> {
    let pts: Vec<(f64, &str, &str)> = dated
        .iter()
        .filter_map(|(v, id)| {
            let value = v.split(" · ").next().unwrap_or(v);
            year_of(value).map(|y| (y, value, *id))
        })
        .collect();
    let own = year_of(doc_date);
    let (w, h) = (1000.0, 70.0);
    let axis = TimeAxis::new(pts.iter().map(|p| p.0).chain(own), 16.0, w - 32.0)?;
    if pts.is_empty() {
        return None;
    }
    let mut out = format!(
        "<svg class=\"strip\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-label=\"dated facts\">"
    );
    axis.ticks(&mut out, 44.0);
    if let Some(o) = own {
        let x = axis.x(o);
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"4\" x2=\"{x:.1}\" y2=\"40\" stroke=\"{CONFLICT}\" stroke-dasharray=\"3,2\"><title>the document's date: {}</title></line>",
            esc(doc_date)
        );
    }
    for (yr, value, id) in &pts {
        let x = axis.x(*yr);
        let _ = write!(
            out,
            "<a href=\"#fact-{}\"><rect x=\"{:.1}\" y=\"10\" width=\"3\" height=\"26\" fill=\"#1f77b4\" fill-opacity=\"0.6\"><title>{}</title></rect></a>",
            esc(id),
            x - 1.5,
            esc(value)
        );
    }
    out.push_str("</svg>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timex_values_become_fractional_years() {
        assert_eq!(year_of("2021"), Some(2021.0));
        assert!((year_of("2021-07-01").unwrap() - 2021.5).abs() < 1e-9);
        assert_eq!(year_of("PRESENT_REF"), None);
        assert_eq!(year_of("20"), None);
    }

    #[test]
    fn axis_maxima_are_round_and_numbers_grouped() {
        assert_eq!(nice_max(28_500.0), 50_000.0);
        assert_eq!(nice_max(2_000.0), 2_000.0);
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(short_change("down 314 since 2021-12-07"), "-314");
        assert_eq!(short_change("unchanged since 2021-12-07"), "=");
    }

    #[test]
    fn a_strip_links_every_dated_fact() {
        let s = date_strip(
            &[
                ("2023-04-26", "F1"),
                ("1953 · Treaty", "F2"),
                ("PRESENT_REF", "F3"),
            ],
            "2023-04-26",
        )
        .unwrap();
        assert!(s.contains("#fact-F1") && s.contains("#fact-F2") && !s.contains("F3"));
        assert!(s.contains("the document's date"));
        assert!(date_strip(&[("PRESENT_REF", "F3")], "").is_none());
    }
}
