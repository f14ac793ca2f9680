//! Where the troops are: a place after the figure, an opening phrase, a
//! host country, a `where` clause, or the country labelling a list item.

use super::*;

/// Where the figure is: a place named right after it (`in South Korea`,
/// `at Camp Humphreys`), not a body (`assigned to USFJ`) other than an
/// installation, and not an event (`took part in Talisman Sabre`).
pub(super) fn location_after(
    text: &str,
    end: usize,
    bodies: &[crate::model::BodyMention],
) -> String {
    let rest = window_after(text, end, 120);
    // Hard-wrapped text (PDF extractions, e-mail) runs a sentence over
    // several lines: the place may sit on the next line, but not past a
    // blank line.
    let rest = &rest[..paragraph_end(rest)];
    let Some(c) = PATTERNS.location.captures(rest) else {
        return String::new();
    };
    // `took part in Talisman Sabre`, `participated in RIMPAC`: an event,
    // not a place.
    let loc = c.name("loc").expect("loc group");
    let lead = rest[..loc.start()].trim_end();
    let lead = lead
        .trim_end_matches(|ch: char| ch.is_alphabetic())
        .trim_end();
    let last_word = lead.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
    // `according to the Ministry's report`: a source, not a place.
    if matches!(
        last_word.as_str(),
        "part" | "participated" | "participate" | "engaged" | "involved" | "according"
    ) {
        return String::new();
    }
    // A sentence ends inside the match (`in Vietnam. Today ...`): the
    // place stops there (`U.S. Army` keeps its dots: capitals before them).
    let mut loc_text = loc.as_str();
    // A place name does not run on into the next line.
    loc_text = &loc_text[..loc_text.find('\n').unwrap_or(loc_text.len())];
    if let Some(m) = SENTENCE_END_INSIDE.find(loc_text) {
        loc_text = &loc_text[..m.start() + 1];
    }
    // `served in the Vietnam War`: a war or a meeting is no place.
    let last = loc_text
        .trim_end_matches(['.', ','])
        .rsplit(' ')
        .next()
        .unwrap_or("");
    if matches!(
        last,
        "War" | "Wars" | "Conflict" | "Campaign" | "Summit" | "Conference" | "Exercise" | "Games"
    ) {
        return String::new();
    }
    if names_a_body(bodies, end + loc.start()..end + loc.end()) {
        return String::new();
    }
    // `moved in December 2024`: a time, not a place.
    let first = loc_text
        .trim_start_matches("the ")
        .split([' ', '.', ','])
        .next()
        .unwrap_or("");
    if crate::timewords::is_time_word(first) {
        return String::new();
    }
    let loc_text = loc_text.trim_end_matches(['.', ',']);
    // A possessive owns what follows (`the Ministry's 2023 report`).
    if loc_text.ends_with("'s") {
        return String::new();
    }
    // One form for a spreadsheet column: `the Sahel` is `Sahel`, as an
    // opening `In the Sahel,` gives it.
    loc_text
        .strip_prefix("the ")
        .unwrap_or(loc_text)
        .to_string()
}

/// Where a figure stands: a place after it (`stationed in Poland`), else
/// one that opens its sentence (`In Japan, U.S. Forces Japan comprises
/// about 54,000 personnel`).
pub(super) fn location_of(
    view: &TextView<'_>,
    facts: &DocFacts,
    start: usize,
    end: usize,
) -> String {
    if let Some(host) = host_place(view, facts, start) {
        return host;
    }
    let after = location_after(view.norm(), end, &facts.bodies);
    if !after.is_empty() {
        return after;
    }
    where_place(view, facts, start)
        .or_else(|| opening_place(view, facts, start))
        .or_else(|| label_place(view, facts, start))
        .or_else(|| referenced_place(view, start, end))
        .or_else(|| {
            claims::missions_place(&view.norm()[view.sentence_of(start)]).map(str::to_string)
        })
        .unwrap_or_default()
}

/// Countries and territories by any name a text gives them, as a regex.
static COUNTRY_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    claims::names_regex(&gazetteer::surfaces(&[
        Form::Name,
        Form::Short,
        Form::Territory,
    ]))
});

/// A place given by reference after the figure (`stationed in the
/// country`, `deployed to the territory`, `based there`): the country the
/// sentence last names before the figure, else the one the paragraph last
/// names before the sentence. A territory stands for its state.
pub(super) fn referenced_place(view: &TextView<'_>, start: usize, end: usize) -> Option<String> {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^.;:\d]{0,60}?(?-u:\b)(?:(?:in|on|to|within|across|throughout)\s+the\s+(?:country|territory|kingdom|nation|island|islands|peninsula)|there)(?-u:\b)")
            .expect("valid regex")
    });
    let text = view.norm();
    let sentence = view.sentence_of(start);
    let after = &text[end.min(sentence.end)..sentence.end];
    if !REFERENCE.is_match(after) {
        return None;
    }
    // A state that owns or sends forces (`the U.S. keeps`, `U.S. troops`)
    // is not the country they are in.
    let owner = |after: &str| {
        let next = after
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        matches!(
            next.trim_end_matches(|c: char| !c.is_alphabetic()),
            "keeps"
                | "kept"
                | "has"
                | "had"
                | "maintains"
                | "maintained"
                | "stations"
                | "stationed"
                | "deploys"
                | "deployed"
                | "sends"
                | "sent"
                | "bases"
                | "troops"
                | "forces"
                | "personnel"
                | "military"
                | "service"
                | "soldiers"
                | "marines"
        )
    };
    // The figure's own state (`50,000 US personnel`) is whose they are;
    // without one, a state that keeps or sends them is.
    let own = gazetteer::states_named(&text[start..end]);
    let key = |m: regex::Match<'_>| {
        claims::place_key(&m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let last_country = |s: &str| {
        COUNTRY_NAMES
            .find_iter(s)
            .filter(|m| {
                if own.is_empty() {
                    !owner(&s[m.end()..])
                } else {
                    !own.contains(&key(*m).as_str())
                }
            })
            .last()
            .map(key)
    };
    last_country(&text[sentence.start..start]).or_else(|| {
        // The paragraph before the sentence: back to a blank line, at most
        // a few sentences.
        let from = window_before(text, sentence.start, 1200);
        let from = from.rfind("\n\n").map_or(from, |i| &from[i..]);
        last_country(from)
    })
}

/// Countries, territories and regions a list item may be labelled with.
pub(super) static PLACE_LABELS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    gazetteer::surfaces(&[Form::Name, Form::Possessive, Form::Territory, Form::Region])
});

/// A country that labels the list item holding the figure: `- **Estonia:**
/// the United Kingdom leads the battlegroup at Tapa, with some 900 British
/// personnel`.
pub(super) fn label_place(view: &TextView<'_>, facts: &DocFacts, pos: usize) -> Option<String> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[-*\u{2022}]\s+)?(?:\*\*)?(?P<loc>[A-Z][A-Za-z'-]*(?:\s+(?:and\s+)?[A-Z][A-Za-z'-]*){0,2})(?:\*\*)?:(?:\*\*)?\s")
            .expect("valid regex")
    });
    place_before(view, facts, pos, &LABEL)
        .filter(|loc| PLACE_LABELS.contains(loc))
        .map(str::to_string)
}

/// A place named by the opening phrase of the sentence holding `pos`:
/// `In Japan,`, `Across the Baltic States,`. Not a date (`In September,`),
/// a body (`In Congress,`) or a discourse phrase (`In Total,`).
pub(super) fn opening_place(view: &TextView<'_>, facts: &DocFacts, pos: usize) -> Option<String> {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\*\s+|-\s+)?(?:In|At|Across|Throughout)\s+(?P<loc>(?:the\s+)?[A-Z][A-Za-z.'-]*(?:\s+(?:of\s+)?[A-Z][A-Za-z.'-]*){0,3}),")
            .expect("valid regex")
    });
    let loc = place_before(view, facts, pos, &OPENING)?;
    let first = loc.split(' ').next()?;
    let discourse = matches!(
        first,
        "Addition"
            | "Total"
            | "Summary"
            | "Short"
            | "Brief"
            | "Particular"
            | "Practice"
            | "Response"
            | "Contrast"
            | "Comparison"
            | "General"
            | "Conclusion"
            | "Turn"
            | "Fact"
    );
    (!discourse).then(|| loc.to_string())
}

/// A place that opens the sentence as the host of what it counts:
/// `Germany hosts about 35,000 U.S. service members`, `Japan is home to
/// some 54,000`. A body (`NATO hosts`) or a date is no host place.
pub(super) fn host_place(view: &TextView<'_>, facts: &DocFacts, pos: usize) -> Option<String> {
    static HOST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\*\s+|-\s+)?(?:The\s+)?(?P<loc>[A-Z][A-Za-z.'-]*(?:\s+(?:of\s+)?[A-Z][A-Za-z.'-]*){0,3})\s+(?:hosts|hosted|houses|housed|is\s+home\s+to|was\s+home\s+to)\s")
            .expect("valid regex")
    });
    place_before(view, facts, pos, &HOST).map(str::to_string)
}

/// The place a `where` clause holding the figure refers to: `Robertson
/// Barracks in Darwin, where around 2,500 U.S. Marines rotate`.
pub(super) fn where_place(view: &TextView<'_>, facts: &DocFacts, pos: usize) -> Option<String> {
    static WHERE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|\s)(?:in|at)\s+(?:the\s+)?(?P<loc>[A-Z][A-Za-z.'-]*(?:\s+(?:of\s+)?[A-Z][A-Za-z.'-]*){0,3}),\s+where\s+$")
            .expect("valid regex")
    });
    place_before(view, facts, pos, &WHERE).map(str::to_string)
}

/// The `loc` group of `re` matched on the sentence text before `pos`,
/// without a leading `the`, unless it is a date, a body's name or runs
/// over a line break.
pub(super) fn place_before<'v>(
    view: &'v TextView<'_>,
    facts: &DocFacts,
    pos: usize,
    re: &Regex,
) -> Option<&'v str> {
    let sentence = view.sentence_of(pos);
    let text = &view.norm()[sentence.start..pos];
    let loc = re.captures(text)?.name("loc")?;
    let span = sentence.start + loc.start()..sentence.start + loc.end();
    let dated = facts
        .dates
        .iter()
        .any(|d| d.span.start < span.end && span.start < d.span.end);
    let loc = loc.as_str();
    (!dated && !names_a_body(&facts.bodies, span) && !loc.contains('\n'))
        .then(|| loc.trim_start_matches("the "))
}

/// True when a body other than an installation overlaps `span` (a place
/// phrase that is a body's name is no place: `in Congress`).
pub(super) fn names_a_body(bodies: &[crate::model::BodyMention], span: Range<usize>) -> bool {
    let i = bodies.partition_point(|b| b.span.end <= span.start);
    bodies
        .get(i)
        .is_some_and(|b| b.span.start < span.end && b.kind != BodyType::Installation)
}

/// Where the paragraph holding the start of `s` ends: at its first blank
/// line, or at the end of `s`.
pub(super) fn paragraph_end(s: &str) -> usize {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if pos > 0 && line.trim().is_empty() {
            return pos;
        }
        pos += line.len();
    }
    s.len()
}

/// A lower-case letter, a period and a space: a sentence end, not `U.S.`.
pub(super) static SENTENCE_END_INSIDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[a-z]\.\s").expect("valid regex"));
