//! Whose troops: a body the figure belongs to, a modifier between number
//! and noun, an `of`-phrase, or the state named earlier in the sentence.

use super::*;

/// A military or government body named earlier in the sentence, in the
/// same clause (`the Korean People's Army fields 1.2 million soldiers`)
/// or as its subject across an appositive (`Its 45th Panzer Brigade,
/// stood up in Vilnius in 2025, is to reach roughly 4,800 soldiers`), and
/// not before `after` (the end of the sentence's previous figure).
pub(super) fn body_owner(
    facts: &DocFacts,
    view: &TextView<'_>,
    pos: usize,
    after: usize,
) -> Option<String> {
    let sentence = view.sentence_of(pos);
    let lo = sentence.start.max(after);
    let owns = |b: &crate::model::BodyMention| {
        b.span.start >= lo && matches!(b.kind, BodyType::Military | BodyType::Gov)
    };
    let before = &facts.bodies[..facts.bodies.partition_point(|b| b.span.end <= pos)];
    let name = |b: &crate::model::BodyMention| view.norm()[b.span.clone()].to_string();
    let last = before.last()?;
    // A short form in its definition's parenthesis stands for the name
    // before it: `The Force Intervention Brigade (FIB), with roughly 3,000
    // troops`. A `with` phrase right after the body is the body's.
    // So is a `which has` clause, and either may follow where the body is:
    // `The United Nations Interim Force in Lebanon, which has some 10,000
    // peacekeepers`.
    static WITH_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s+in\s+(?:the\s+)?[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,2})?,\s+(?:with|which\s+(?:has|had|have|numbers|numbered|fields|includes|comprises))\s")
            .expect("valid regex")
    });
    let between = &view.norm()[last.span.end.min(pos)..pos];
    let between = between.strip_prefix(')').unwrap_or(between);
    let with_phrase = WITH_PHRASE
        .find(between)
        .is_some_and(|m| !between[m.end()..].contains([',', ';', '(', ':']));
    if owns(last) && (with_phrase || !between.contains([',', ';', '(', ':'])) {
        // A state named between the body and the figure is nearer: `The
        // Kremlin said that Russia's armed forces would grow to 1.5
        // million active personnel`.
        // (A place after a preposition is where the body is, not an owner:
        // `the 2nd Infantry Division in South Korea fields ...`.)
        let nearer = owners_in(between).last();
        return Some(nearer.map_or_else(|| name(last), str::to_string));
    }
    // The sentence's subject, with one appositive between it and the
    // figure (bodies inside the appositive, a base, a city, are skipped).
    let subject = before.iter().find(|b| b.span.start >= sentence.start)?;
    // Or the subject described, then given its figure by `with`: `The
    // Harbor Army (HA) is the largest service, with 90,000 personnel`.
    static DESCRIBED_WITH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s*\([^()]{1,15}\))?\s+(?:is|was|are|were|remains|remained)\s[^;:()]*,\s+with\s+$")
            .expect("valid regex")
    });
    let described = &view.norm()[subject.span.end.min(pos)..pos];
    let opens = view.norm()[sentence.start..subject.span.start]
        .split_whitespace()
        .count()
        <= 1;
    // No other force between, but the subject's own short form
    // (`(HA)`) may be.
    let own_short = described.trim_start().starts_with('(');
    let skip = if own_short {
        described.find(')').map_or(0, |i| i + 1)
    } else {
        0
    };
    let from = subject.span.end + skip;
    let nearest = !before
        .iter()
        .any(|b| b.span.start >= from && b.span.start < pos && owns(b));
    if owns(subject) && opens && nearest && DESCRIBED_WITH.is_match(described) {
        return Some(name(subject));
    }
    let between = &view.norm()[subject.span.end.min(pos)..pos];
    let opens_sentence = view.norm()[sentence.start..subject.span.start]
        .split_whitespace()
        .count()
        <= 1;
    (owns(subject)
        && opens_sentence
        && between.starts_with(',')
        && between.matches(',').count() == 2
        && !between.contains([';', '(', ':']))
    .then(|| name(subject))
}

/// `21,000 personnel of its armed forces`: `its` is the sentence's
/// subject, the first state or force the sentence names (`Taiwan's
/// Ministry of National Defense said ...`), not the nearest one.
pub(super) fn its_owner(view: &TextView<'_>, pos: usize, noun_end: usize) -> Option<String> {
    static ITS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s+(?:of|from)\s+(?:its|their)\s").expect("valid regex"));
    if !ITS.is_match(&view.norm()[noun_end..]) {
        return None;
    }
    let from = view.sentence_of(pos).start.min(pos);
    PATTERNS
        .sentence_owner
        .find(&view.norm()[from..pos])
        .map(|m| m.as_str().to_string())
}

/// The states and forces named in `text` that can own a figure: not a
/// place after a preposition, which is where something is (`the 2nd
/// Infantry Division in South Korea fields ...`), nor an agent after `by`
/// (`the battlegroup in Lithuania, led by Germany, has numbered ...` is
/// NATO's).
pub(super) fn owners_in(text: &str) -> impl Iterator<Item = &str> {
    PATTERNS
        .sentence_owner
        .find_iter(text)
        .filter_map(move |m| {
            let word = text[..m.start()]
                .trim_end()
                .rsplit(' ')
                .next()
                .unwrap_or("");
            let placed = matches!(
                word,
                "in" | "at"
                    | "to"
                    | "from"
                    | "near"
                    | "across"
                    | "of"
                    | "with"
                    | "on"
                    | "into"
                    | "by"
                    | "toward"
                    | "towards"
                    // A state a force moves to or from is a place too
                    // (`the division left Kuwait`, `troops entered Syria`).
                    | "left"
                    | "leave"
                    | "leaves"
                    | "leaving"
                    | "entered"
                    | "enters"
                    | "reached"
                    | "invaded"
                    | "invade"
                    | "visited"
                    // `U.S. Forces Japan`: the state after a command's
                    // head is where it stands, not whose it is.
                    | "Forces"
                    | "Force"
                    | "Command"
            );
            (!placed).then_some(m.as_str())
        })
}

/// The last state or force named in the sentence before `pos`, and not
/// before `after`.
pub(super) fn sentence_owner(view: &TextView<'_>, pos: usize, after: usize) -> Option<String> {
    let from = view.sentence_of(pos).start.max(after).min(pos);
    owners_in(&view.norm()[from..pos])
        .last()
        .map(str::to_string)
}

/// Where the figure before `pos` ends (0 without one): an owner named
/// before it is that figure's, not the next one's (`500 US Marines took
/// part, alongside some 17,600 personnel in all`).
pub(super) fn previous_figure_end(out: &[TroopFact], pos: usize) -> usize {
    out.iter()
        .map(|f| f.span.end)
        .filter(|&e| e <= pos)
        .max()
        .unwrap_or(0)
}

/// Whose troops: the capitalized modifiers between number and noun
/// (`U.S.`, `South Korean`), else `of USFK` after the noun.
pub(super) fn force_of(text: &str, c: &Captures<'_>, noun_end: usize) -> Option<String> {
    let num_end = c.name("high").or(c.name("num")).map_or(0, |m| m.end());
    let noun_start = c.name("noun").map_or(noun_end, |m| m.start());
    // From the first to the last capitalized modifier, keeping an `and`
    // between them (`American and Korean`), dropping `service`, `combat`.
    let words: Vec<&str> = text[num_end..noun_start]
        .trim_start_matches('+')
        .split_whitespace()
        .collect();
    let is_name = |w: &&str| w.starts_with(|ch: char| ch.is_uppercase());
    let mods: &[&str] = match (
        words.iter().position(is_name),
        words.iter().rposition(is_name),
    ) {
        (Some(a), Some(b)) => &words[a..=b],
        _ => &[],
    };
    if !mods.is_empty() {
        return Some(mods.join(" "));
    }
    let c = PATTERNS.force_of.captures(&text[noun_end..])?;
    let force = c["f"].trim_start_matches("the ");
    // `from` names the force only when it is one (`personnel from the
    // Japan Ground Self-Defense Force`); `troops from South Korea` is
    // where they leave.
    let military = force.rsplit(' ').next().is_some_and(|w| {
        let head = w.split('-').next().unwrap_or(w);
        matches!(
            head,
            "Force"
                | "Forces"
                | "Army"
                | "Navy"
                | "Corps"
                | "Command"
                | "Division"
                | "Brigade"
                | "Regiment"
                | "Battalion"
                | "Marines"
                | "Guard"
                | "Fleet"
                | "Wing"
                | "Squadron"
        )
    });
    (&c["via"] == "of" || military).then(|| force.to_string())
}

/// A service named by reference (`The army consists of ..., some 90,000
/// troops`): the body of that service the section's heading names (`Harbor
/// Army` under the heading `Harbor Army`).
pub(super) fn heading_owner(view: &TextView<'_>, facts: &DocFacts, pos: usize) -> Option<String> {
    static SERVICE_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:The|the|This|this|Its|its)\s+(?P<s>army|navy|air\s+force|marine\s+corps|marines|coast\s+guard)\s")
            .expect("valid regex")
    });
    let text = view.norm();
    let sentence = view.sentence_of(pos);
    let service = SERVICE_REFERENCE.captures(&text[sentence.start..pos])?;
    let service = service["s"]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let heading = section_heading(text, sentence.start)?;
    let i = facts
        .bodies
        .partition_point(|b| b.span.end <= heading.start);
    facts.bodies[i..]
        .iter()
        .take_while(|b| b.span.start < heading.end)
        .filter(|b| b.kind == BodyType::Military)
        .map(|b| &text[b.span.clone()])
        .find(|name| name.to_lowercase().ends_with(&service))
        .map(str::to_string)
}

/// The heading right above the paragraph holding `pos`: a line standing
/// alone between blank lines, short and without a sentence's end. (A
/// section of a large document never starts right after a heading, so
/// this reads the same in a section as in the whole document.)
pub(super) fn heading_above(text: &str, pos: usize) -> Option<std::ops::Range<usize>> {
    let para = text[..pos].rfind("\n\n")?;
    let above = &text[..para];
    let start = above.rfind("\n\n").map_or(0, |i| i + 2);
    let line = above[start..].trim();
    let heading = !line.is_empty()
        && !line.contains('\n')
        && line.len() <= 80
        && !line.ends_with(['.', ':', ',', ';']);
    heading.then(|| {
        let offset = start + (above[start..].len() - above[start..].trim_start().len());
        offset..offset + line.len()
    })
}

/// The nearest heading above `pos`: a line standing alone between blank
/// lines, short and without a sentence's end, at most a few paragraphs up.
pub(super) fn section_heading(text: &str, pos: usize) -> Option<std::ops::Range<usize>> {
    let from = pos.saturating_sub(4000);
    let from = (from..pos)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(pos);
    let above = &text[from..pos];
    let mut end = above.len();
    for block in above.rsplit("\n\n") {
        let start = end - block.len();
        let line = block.trim();
        let single = !line.is_empty() && !line.contains('\n');
        if single && line.len() <= 80 && !line.ends_with(['.', ':', ',', ';']) {
            let offset = from + start + (block.len() - block.trim_start().len());
            return Some(offset..offset + line.len());
        }
        end = start.saturating_sub(2);
    }
    None
}
