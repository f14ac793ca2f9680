//! The date a figure is as of: the date governing its sentence, else the
//! document date.

use super::*;

/// The date governing a figure: the nearest date before it in its sentence
/// (`As of January 2024, … 100,000 personnel`), else one shortly after it
/// in the same clause (`90,000 troops in 2024`), else the document date.
/// A date in another clause (`…, and V Corps was set up in 2023`) or one
/// that dates a treaty named after the figure does not govern it.
pub(super) fn as_of(
    view: &TextView<'_>,
    facts: &DocFacts,
    span: &std::ops::Range<usize>,
) -> String {
    let text = view.norm();
    let sentence = view.sentence_of(span.start);
    let from = facts
        .dates
        .partition_point(|d| d.span.start < sentence.start);
    let to = facts.dates.partition_point(|d| d.span.start < sentence.end);
    let dates = &facts.dates[from..to];
    // A year that modifies a noun names a thing, not a time: `the 2012
    // realignment plan`, `its 2023 budget`.
    let attributive = |d: &crate::model::DateFact| {
        let lead = text[sentence.start..d.span.start].trim_end();
        let determined = ["the", "a", "an", "its", "their", "this"]
            .iter()
            .any(|w| crate::textview::ends_with_word(lead, w) || lead.eq_ignore_ascii_case(w))
            || lead.ends_with("'s");
        determined
            && d.granularity == Granularity::Year
            && text[d.span.end..]
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_lowercase()))
    };
    let usable = |d: &&crate::model::DateFact| {
        // The date of an exercise or event is the figure's time; the date
        // of a treaty or a body's founding is not.
        d.granularity != Granularity::Vague
            && d.span.end <= sentence.end
            && matches!(d.subject_type, "" | "exercise" | "event")
            && !attributive(d)
    };
    // A date before the figure governs it when it opens the sentence (`As
    // of January 2024, …`), unless a semicolon starts another clause, or
    // when it sits in the figure's clause.
    let opens = |d: &crate::model::DateFact| {
        let lead = text[sentence.start..d.span.start]
            .trim()
            .to_ascii_lowercase();
        lead.split_whitespace().count() <= 2 && !text[d.span.end..span.start].contains(';')
    };
    let before = dates.iter().filter(usable).rfind(|d| {
        d.span.end <= span.start
            && (opens(d) || !text[d.span.end..span.start].contains([';', ',', '(', ':']))
    });
    // `by 2027`, `until 2030` after a figure set a deadline or a term: a
    // target, not the time the figure was counted.
    let deadline = |d: &crate::model::DateFact| {
        let lead = text[span.end..d.span.start].trim_end().to_ascii_lowercase();
        ["by", "until", "till", "before", "through", "within"]
            .iter()
            .any(|w| {
                lead.ends_with(w) && !lead[..lead.len() - w.len()].ends_with(char::is_alphanumeric)
            })
    };
    let after = dates.iter().filter(usable).find(|d| {
        d.span.start >= span.end
            && d.span.start - span.end <= 60
            && !text[span.end..d.span.start].contains([';', ',', '(', ':'])
            && !deadline(d)
    });
    // Else a year or date the heading right above gives (`Deployments in
    // 2023`), else the document's date.
    let heading = || {
        let h = heading_above(text, sentence.start)?;
        let from = facts.dates.partition_point(|d| d.span.start < h.start);
        facts.dates[from..]
            .iter()
            .take_while(|d| d.span.end <= h.end)
            .find(|d| {
                matches!(
                    d.granularity,
                    Granularity::Year
                        | Granularity::Month
                        | Granularity::Day
                        | Granularity::Quarter
                        | Granularity::Half
                )
            })
    };
    before
        .or(after)
        .or_else(heading)
        .map(|d| d.value.clone())
        .or_else(|| facts.doc_date.clone())
        .unwrap_or_default()
}
