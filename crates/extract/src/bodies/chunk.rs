//! The capitalized-phrase chunker: runs of capitalized words cut into
//! names at their head nouns, with prefixes, ordinals and sites.

use super::*;

pub(super) fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric())
        && !after.is_some_and(|c| c.is_alphanumeric())
        // `U.S.` ends in a period; the next char may still be a letter only
        // when it is part of another word, which the check above caught.
        && !text[..start].ends_with('-')
}

/// The end of a short-form use at `pos`: the acronym alone, also when
/// followed by a plural or possessive (`USFKs`, `USFK's`); None when it is
/// part of a longer word or a hyphenated designator.
pub(super) fn short_form_end(
    text: &str,
    pos: usize,
    len: usize,
    is_body_code: &dyn Fn(&str) -> bool,
) -> Option<usize> {
    let before = text[..pos].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    // The second half of a designator names a product or a class, not the
    // body (`SSN-AUKUS`: a submarine class), unless the first half names a
    // body too (`CISA-NIS MOU`: two agencies).
    if before == Some('-') {
        let code = text[..pos - 1]
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if code.len() >= 2 && !code.contains(char::is_lowercase) && !is_body_code(code) {
            return None;
        }
    }
    let end = pos + len;
    let rest = &text[end..];
    let next = rest.chars().next();
    match next {
        None => Some(end),
        Some(c) if !c.is_alphanumeric() => Some(end),
        Some('s') if !rest[1..].starts_with(|c: char| c.is_alphanumeric()) => Some(end),
        _ => None,
    }
}

/// National adjectives that may stand before a defined name without
/// being spelled by its acronym: `the Chinese People's Liberation Army
/// (PLA)`, `the Russian Ministry of Defense (MoD)`. One word each.
static DEMONYMS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    // The gazetteer's demonyms, and adjectives of a people or a region
    // that name no one state (`Korean People's Army`, `African Union`).
    let mut words = crate::gazetteer::surfaces(&[crate::gazetteer::Form::Demonym]);
    words.extend(["Korean", "African"]);
    words.retain(|w| !w.contains(' '));
    words.into_iter().collect()
});

/// Whether `s` is a demonym, alone or after `North` or `South` and
/// whitespace (`North Korean`): a set lookup, where a regex of three
/// hundred alternatives compared them one by one.
pub(super) fn is_demonym(s: &str) -> bool {
    let after_point = s
        .strip_prefix("North")
        .or_else(|| s.strip_prefix("South"))
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(str::trim_start);
    DEMONYMS.contains(s) || after_point.is_some_and(|w| DEMONYMS.contains(w))
}

/// An ordinal that numbers a unit: `58th` in `the 58th Combined Arms Army
/// (CAA)`.
pub(super) static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,4}(?:st|nd|rd|th)$").expect("valid regex"));

/// What a defined name's mention takes in from before its long form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Prefix {
    None,
    /// `U.S.`, `ROK`, `Chinese`: the same body, named with its country.
    Country,
    /// `58th`: one numbered unit, a body of its own.
    Ordinal,
}

/// Moves a mention's start left over an attached national prefix (`US
/// Cybersecurity …`, `ROK National Intelligence Service`, `Chinese
/// People's Liberation Army`) or a unit's number (`58th Combined Arms
/// Army`).
pub(super) fn extend_name_prefix(text: &str, start: usize) -> (usize, Prefix) {
    let before = &text[..start];
    let Some(gap) = before.strip_suffix(' ') else {
        return (start, Prefix::None);
    };
    let tok_start = gap
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '[' || c == '"')
        .map_or(0, |i| i + 1);
    let tok = &gap[tok_start..];
    if COUNTRY_PREFIX.is_match(tok) || is_demonym(tok) {
        // `North Korean` / `South African`: two words.
        let two = gap[..tok_start]
            .strip_suffix(' ')
            .and_then(|g| g.strip_suffix("North").or_else(|| g.strip_suffix("South")))
            .filter(|g| g.is_empty() || g.ends_with(char::is_whitespace));
        let start = match two {
            Some(g) if is_demonym(&gap[g.len()..]) => g.len(),
            _ => tok_start,
        };
        (start, Prefix::Country)
    } else if ORDINAL.is_match(tok) {
        (tok_start, Prefix::Ordinal)
    } else {
        (start, Prefix::None)
    }
}

/// Capitalized-phrase chunks with head nouns.
/// `long_forms` holds the spans of acronym long forms, sorted by start.
pub(super) fn chunk_mentions(
    view: &TextView<'_>,
    long_forms: &[Range<usize>],
    out: &mut Vec<Cand>,
    events: &mut Vec<Range<usize>>,
) {
    let text = view.norm();
    // A token of a file name or an address is no word of a name: it
    // neither starts a chunk nor continues one. Tokens are asked about in
    // text order, so the noise spans are walked once, not searched per
    // token (most documents have some: a front matter's address).
    let noise = view.noise_lines();
    let mut past = 0;
    let mut noisy = |t: &Token<'_>| {
        while noise.get(past).is_some_and(|r| r.end <= t.span.0) {
            past += 1;
        }
        noise.get(past).is_some_and(|r| r.start < t.span.1)
    };
    // Only a capitalized token starts a chunk: the search jumps to the
    // next one, and only a capitalized run is held, while it grows.
    // `cursor` is where the tokens not yet looked at begin.
    let mut cursor = 0;
    let mut chunk: Vec<Token<'_>> = Vec::new();
    let mut capitals = view.capitals();
    while let Some((first, first_end)) = next_cap_token(text, &mut capitals, cursor) {
        cursor = first_end;
        if noisy(&first) {
            continue;
        }
        // Each token is taken as it is read: the one that ends the run is
        // dropped here and found again by the next search from `cursor`
        // (a `Peekable` copied each 48-byte item in and out again, a
        // store-forwarding stall at every token).
        let mut toks = token_iter_from(text, first_end);
        // Grow the chunk: caps joined by connectors, single spaces or one
        // newline. Connectors after the last cap are dropped (never a
        // chunk start); the token that ends the run is left to start the
        // next one.
        chunk.clear();
        chunk.push(first);
        let mut last_cap = 0;
        loop {
            let cur = chunk[chunk.len() - 1];
            // The gap to the next token starts right where this one ends
            // (a run ends before a byte no token holds), and only a space
            // or a line break may start a gap a name runs on over: the
            // next token is cut only then (`Korea,` and `Biden.` end here).
            if cur.possessive || !matches!(text.as_bytes().get(cur.span.1), Some(b' ' | b'\n')) {
                break;
            }
            // Most runs end at a word in lower case or a number, which
            // neither continues a name nor is a connector: seen from its
            // first letter, without cutting the token.
            if ends_run_at(text.as_bytes(), cur.span.1) {
                break;
            }
            let Some((next, next_end)) = toks.next() else {
                break;
            };
            if noisy(&next) {
                break;
            }
            let gap = &text[cur.span.1..next.span.0];
            // One line break may be followed by the indentation of a
            // hard-wrapped list item (`Royal Australian\n    Navy`).
            let wrap = gap
                .strip_prefix('\n')
                .is_some_and(|rest| rest.len() <= 8 && rest.bytes().all(|b| b == b' '));
            if !(gap == " " || gap == "  " || wrap) {
                break;
            }
            // A line break before a label line (`Release Date: …`) ends a
            // title, it does not continue it.
            if gap == "\n" && LABEL_LINE.is_match(&text[next.span.0..]) {
                break;
            }
            // Nor does it run into, or out of, a shouted banner line
            // (`U.S. Department of Defense` / `IMMEDIATE RELEASE`), nor out
            // of a heading: a hard-wrapped line is about as long as the
            // next one, a heading much shorter (`Key Installations` /
            // `Kadena Air Base, Okinawa: home of ...`).
            if gap == "\n" {
                let (here, there) = (line_at(text, cur.span.0), line_at(text, next.span.0));
                if is_shouted(here) != is_shouted(there)
                    || here.trim_end().len() * 5 < there.trim_end().len() * 3
                {
                    break;
                }
            }
            if is_cap(next.text) {
                chunk.push(next);
                last_cap = chunk.len() - 1;
            } else if CONNECTORS.contains(&next.text) {
                chunk.push(next);
            } else {
                break;
            }
            cursor = next_end;
        }
        // A date after a connector is when, not part of the name:
        // `Al-Harbor Air Base on May 3`.
        let mut end = last_cap;
        // (The connector first: few runs end in one, and the time word
        // is a pattern.)
        while end >= 2
            && CONNECTORS.contains(&chunk[end - 1].text)
            && crate::timewords::is_time_word(chunk[end].text)
        {
            end -= 2;
        }
        // Most runs are one capitalized word (a sentence's first, a
        // person's name), which no test below turns into a name unless it
        // is a numbered unit's head (see `lone_word_may_name`).
        if end == 0 && !lone_word_may_name(&chunk[0]) {
            continue;
        }
        emit_chunk(text, &chunk[..=end], long_forms, out, events);
    }
}

/// Whether the token after the gap at `from` (where the last token's run
/// ended) surely ends a run: its first character, the first letter or
/// digit after the gap, is an ASCII digit, or an ASCII lower-case letter
/// no connector begins with. Such a token is no capital and no connector,
/// the only tokens a run takes in; false leaves the token to the full
/// test.
pub(super) fn ends_run_at(bytes: &[u8], from: usize) -> bool {
    let Some(&b) = bytes[from..]
        .iter()
        .find(|b| !b.is_ascii() || b.is_ascii_alphanumeric())
    else {
        return false;
    };
    b.is_ascii_digit()
        || (b.is_ascii_lowercase() && !CONNECTORS.iter().any(|c| c.as_bytes()[0] == b))
}

/// Whether a chunk of this one token can yield a name or an event: only
/// as the head of a numbered unit whose ordinal stands before it (`the
/// 3rd | Fleet`). A one-word part has its head as its last token, and
/// [`emit_part`] keeps such a part only with a unit ordinal; an event
/// needs two words. (Tested against [`emit_chunk`] itself.)
pub(super) fn lone_word_may_name(token: &Token<'_>) -> bool {
    is_unit_word(token.text)
}

pub(super) fn emit_chunk(
    text: &str,
    chunk: &[Token<'_>],
    long_forms: &[Range<usize>],
    out: &mut Vec<Cand>,
    events: &mut Vec<Range<usize>>,
) {
    // Drop leading stop words, numbers and ordinals.
    let mut s = 0;
    while s < chunk.len() {
        let t = chunk[s].text;
        let numeric = t.starts_with(|c: char| c.is_ascii_digit());
        // The stop words are ASCII: an ASCII case-insensitive test is the
        // lower-cased comparison, without a String per chunk.
        let stop = LEADING_STOP.contains_ignore_ascii_case(t);
        if stop || numeric || !is_cap(t) {
            s += 1;
        } else {
            break;
        }
    }
    let mut chunk = &chunk[s..];
    // Cut where a non-body acronym long form begins inside the chunk
    // (`Air Force | Nuclear Command, Control and Communications`).
    if let Some(k) = chunk.iter().enumerate().skip(1).find_map(|(k, t)| {
        long_forms
            .binary_search_by_key(&t.span.0, |r| r.start)
            .is_ok()
            .then_some(k)
    }) {
        chunk = &chunk[..k];
    }
    // A chunk that is the first piece of a longer defined name, cut at its
    // comma (`Nuclear Command | , Control and Communications (NC3)`), is
    // no name of its own: the definition decides (`acronym_mentions`).
    if let (Some(first), Some(last)) = (chunk.first(), chunk.last()) {
        let i = long_forms.partition_point(|r| r.start < first.span.0);
        if long_forms[i..]
            .iter()
            .take_while(|r| r.start == first.span.0)
            .any(|r| r.end > last.span.1)
        {
            return;
        }
    }
    // Split at `and` after a head noun (`Washington Declaration and Camp
    // David Summit`), or at `and the` between two names with heads of their
    // own (`Treaty on the Non-Proliferation of Nuclear Weapons and the South
    // Pacific Nuclear Free Zone Treaty`; `Ministry of Trade and Industry`
    // stays whole).
    let mut start = 0;
    for k in 0..chunk.len() {
        let ends_name =
            |j: usize| head_type(chunk, j).is_some() || EVENT_NOUNS.contains(&chunk[j].text);
        // (`Lavarack Barracks in Townsville and Robertson Barracks in
        // Darwin`: two names, each with its head.)
        // Without `the`, the second name's head must come before any further
        // `and` (`Ministry of Trade and Industry and the Department of ...`).
        let between_names = || {
            let with_the = chunk.get(k + 1).is_some_and(|t| t.text == "the");
            let upto = if with_the {
                chunk.len()
            } else {
                (k + 1..chunk.len())
                    .find(|&j| chunk[j].text == "and")
                    .unwrap_or(chunk.len())
            };
            // `and the` before a name with a head, or a short form, joins
            // two names, whatever the first (`EPA and the Department of
            // Labor`, `Department of Labor and the EPA`).
            let left = with_the || (start..k).any(|j| head_type(chunk, j).is_some());
            let right = k + 1 + usize::from(with_the)..upto;
            let short_form = with_the
                && upto == k + 3
                && chunk[k + 2]
                    .text
                    .chars()
                    .filter(|c| c.is_uppercase())
                    .count()
                    >= 2;
            left && (short_form || right.clone().any(|j| head_type(chunk, j).is_some()))
        };
        // `White House and Congress`, `United States and European
        // Commission`: a one-word body after `and`, or a state before it,
        // is a name of its own.
        // (Tests as closures: only an `and` needs them.)
        let lone_body_after = || chunk.len() == k + 2 && head_type(chunk, k + 1).is_some();
        let left_text = || {
            let (a, b) = (chunk[start].span.0, chunk[k - 1].span.1);
            crate::textview::join_words(&text[a..b])
        };
        let state_before = || k > start && crate::gazetteer::state_of(&left_text()).is_some();
        if chunk[k].text == "and"
            && k > 0
            && (ends_name(k - 1) || between_names() || lone_body_after() || state_before())
        {
            emit_part(text, &chunk[start..k], out, events);
            start = k + 1;
        }
    }
    emit_part(text, &chunk[start..], out, events);
}

pub(super) fn emit_part(
    text: &str,
    part: &[Token<'_>],
    out: &mut Vec<Cand>,
    events: &mut Vec<Range<usize>>,
) {
    let Some(part) = trim_part(part).filter(|p| !p.is_empty()) else {
        return;
    };
    if EVENT_NOUNS.contains(&part[part.len() - 1].text) {
        if part.len() >= 2 {
            events.push(part[0].span.0..part[part.len() - 1].span.1);
        }
        return;
    }
    let Some((end_tok, kind, head_tok)) = part_head(part) else {
        return;
    };
    if no_name_here(text, part, end_tok) {
        return;
    }
    let ordinal = unit_ordinal(text, part, kind, head_tok);
    // A lone head noun (`Command`, `Treaty`) names nothing, unless
    // numbered (`the U.S. 3rd Fleet`).
    if end_tok == 0 && part.len() == 1 && ordinal.is_none() {
        return;
    }
    let mut span = part[0].span.0..part[end_tok].span.1;
    span.start -= ordinal.unwrap_or(0);
    let name = &text[span.clone()];
    if name.split_whitespace().count() < 2 && !name.contains('-') {
        return;
    }
    out.push(Cand {
        span,
        kind,
        resolved: crate::textview::join_words(name),
        is_short: false,
        priority: 1,
        rule: Rule::BodyHeadNoun,
    });
}

/// A part without what cannot begin or end a name: connectors, a genre
/// after it (`Press Briefing`), a topic or a group of people before it
/// (`Issues for`, `Members of the`). None when what is left is a post's
/// own name.
fn trim_part<'p, 't>(part: &'p [Token<'t>]) -> Option<&'p [Token<'t>]> {
    // Trim connectors at either end.
    let mut a = 0;
    let mut b = part.len();
    while a < b && (CONNECTORS.contains(&part[a].text) || !is_cap(part[a].text)) {
        a += 1;
    }
    while b > a && CONNECTORS.contains(&part[b - 1].text) {
        b -= 1;
    }
    let mut part = &part[a..b];
    // A genre of document or event after a body's name is not part of it:
    // `Department of Defense | Press Briefing`, `NATO | Fact Sheet`.
    if let [.., x, y] = part {
        if matches!(
            (x.text, y.text),
            (
                "Press",
                "Briefing" | "Conference" | "Release" | "Statement" | "Gaggle"
            ) | ("Fact", "Sheet")
                | ("News", "Release" | "Conference")
        ) {
            part = &part[..part.len() - 2];
        }
    }
    // A plural topic word before a body is a title's phrase, not a name:
    // `Issues for Congress`, `Lessons for NATO`, `Implications of the
    // Treaty` (singular `Status of Forces Agreement` stays whole).
    // So is an action noun before `of` (`Establishment of the Japan Joint
    // Operations Command`).
    let topic = match part.get(1).map(|t| t.text) {
        Some("of") => is_plural_word(part[0].text) || is_action_noun(part[0].text),
        Some("for") => is_plural_word(part[0].text),
        // `Senator on the Harbor Act`, a headline's speaker: one word
        // without a head before `on` names who speaks, not the topic.
        Some("on") => is_plural_word(part[0].text) || head_type(part, 0).is_none(),
        _ => false,
    };
    if part.len() > 2 && topic && head_type(part, 0).is_none() {
        let skip = if part[2].text == "the" { 3 } else { 2 };
        part = &part[skip.min(part.len())..];
    }
    // A group of people `of` a body is not part of its name: `Troops of
    // the Marine Rotational Force`, `Members of the National Assembly`.
    // A post of two or three words (`General Counsel of`, `Executive Vice
    // President of`, `Trial Attorney in`) as one: its last word is the
    // people word before `of`/`in`.
    let post = (1..3)
        .find(|&k| {
            part.len() > k + 2
                && is_people_word(part[k].text)
                && matches!(part[k + 1].text, "of" | "in")
                && !part[..k].iter().any(|t| CONNECTORS.contains(&t.text))
        })
        .unwrap_or(0);
    // A post and a body (`President and Congress`) are no one body.
    if part.len() > 2 && is_people_word(part[0].text) && part[1].text == "and" {
        return None;
    }
    if part.len() > 2 + post
        && is_people_word(part[post].text)
        && matches!(part[post + 1].text, "of" | "in")
    {
        part = &part[post..];
        let skip = if part[2].text == "the" { 3 } else { 2 };
        part = &part[skip.min(part.len())..];
        // A bare word joined to more is a post's own name, not a body's:
        // `Head of | Mission and Force Commander`.
        if skip == 2 && part.get(1).is_some_and(|t| CONNECTORS.contains(&t.text)) {
            return None;
        }
    }
    // A post after a body, with its holder's name (`Harbor Board
    // Secretary Jane Doe`): the body ends before the post.
    if let Some(k) = (1..part.len()).find(|&k| is_people_word(part[k].text) && k + 1 < part.len()) {
        let named = part[k + 1..]
            .iter()
            .all(|t| is_cap(t.text) && !CONNECTORS.contains(&t.text));
        if named && (0..k).any(|j| head_type(part, j).is_some()) {
            part = &part[..k];
        }
    }
    Some(part)
}

/// Where the name ends (its last token), its type and its head token:
/// the last head noun, the first one whose complement holds the others
/// (`Institute for National Security Strategy`), or a prefix head (`Camp
/// Humphreys`, `Exercise Southern Jackaroo`).
fn part_head(part: &[Token<'_>]) -> Option<(usize, BodyType, usize)> {
    let last_head = (0..part.len())
        .rev()
        .find_map(|k| head_type(part, k).map(|t| (k, t)));
    // Prefix heads: `Camp Humphreys`, `Fort Bragg`, `Exercise Southern
    // Jackaroo`; the name may run to a few words (`Camp Melchor Dela Cruz`).
    let prefix = match part[0].text {
        "Camp" | "Fort" => Some(BodyType::Installation),
        "Exercise" | "Operation" => Some(BodyType::Exercise),
        _ => None,
    };
    // A head with a complement names the whole (`Institute for National
    // Security Strategy` is an institute, not a strategy): the first head
    // followed by `of`/`for`/`on` decides when a later head sits inside
    // its complement.
    let complemented = (0..part.len()).find_map(|k| {
        let next = part.get(k + 1).map(|t| t.text);
        matches!(next, Some("of" | "for" | "on"))
            .then(|| head_type(part, k).map(|t| (k, t)))
            .flatten()
    });
    let last_head = match (complemented, last_head) {
        (Some((k0, t0)), Some((k, _))) if k0 < k && head_end(part, k0) >= k => Some((k0, t0)),
        _ => last_head,
    };
    match (last_head, prefix) {
        (Some((k, t)), _) if k > 0 || prefix.is_none() => Some((head_end(part, k), t, k)),
        (_, Some(t)) if part.len() >= 2 && is_cap(part[1].text) => {
            let words = part[1..].iter().take_while(|w| is_cap(w.text)).count();
            Some((words.min(3), t, 0))
        }
        _ => None,
    }
}

/// True when the head ending at `end_tok` names no body: it modifies a
/// following noun, or it stands in a title-case headline.
fn no_name_here(text: &str, part: &[Token<'_>], end_tok: usize) -> bool {
    // A head noun that modifies a following noun names no body: `NATO's
    // New Force Model`, `the Army Modernization Plan` is a plan, and not
    // one this table types.
    if part
        .get(end_tok + 1)
        .is_some_and(|t| NAME_CONTINUING.contains(&t.text))
    {
        return true;
    }
    // In a title-case headline every word is capitalized, so one word and
    // a head noun followed by more capitalized words (`Announces Force
    // Posture Changes`, `Signs Agreement With Japan`) are no evidence of a
    // name there; longer names stand (`Incheon National University US-ROK
    // Policy`).
    let runs_on = part[end_tok + 1..]
        .iter()
        .any(|t| is_cap(t.text) && !CONNECTORS.contains(&t.text));
    if runs_on && end_tok <= 1 && is_title_case(line_at(text, part[0].span.0)) {
        return true;
    }
    false
}

/// The ordinal of a numbered unit just before the part (`3rd` of `3rd
/// Marine Division`), as its length in bytes.
fn unit_ordinal(text: &str, part: &[Token<'_>], kind: BodyType, head_tok: usize) -> Option<usize> {
    // A numbered unit keeps its number: `3rd Marine Division` is not `1st
    // Marine Division`. (A meeting's count, `11th ... Meeting`, is dropped.)
    (kind == BodyType::Military && is_unit_word(part[head_tok].text))
        .then(|| {
            static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?-u:\b)\d{1,3}(?:st|nd|rd|th) $").expect("valid regex")
            });
            ORDINAL
                .find(window_before(text, part[0].span.0, 8))
                .map(|m| m.as_str().len())
        })
        .flatten()
}

/// Nouns that a head noun may modify inside a longer name which is no
/// body (`Force Model`, `Army Modernization Plan`, `Air Force Budget`).
pub(super) static NAME_CONTINUING: LazyLock<wordlists::WordSet> = LazyLock::new(|| {
    wordlists::WordSet::parse(include_str!("../../data/words/name_continuing.csv"))
});

/// Head nouns of numbered military formations (`3rd Marine Division`).
pub(super) fn is_unit_word(t: &str) -> bool {
    matches!(
        t,
        "Division"
            | "Brigade"
            | "Regiment"
            | "Battalion"
            | "Squadron"
            | "Wing"
            | "Fleet"
            | "Army"
            | "Corps"
            | "Force"
            | "Forces"
    )
}

/// Where a name whose last head noun is token `k` ends: keep a complement
/// (`Ministry of National Defense`, `Working Group Meeting on the DPRK Cyber
/// Threat`) or one trailing place word (`U.S. Forces Korea`); cut anything
/// else (`U.S. Strategic Command | Deterrence Essay Award`).
pub(super) fn head_end(part: &[Token<'_>], k: usize) -> usize {
    let rest = &part[k + 1..];
    let installation = head_type(part, k) == Some(BodyType::Installation);
    let complement = match rest.first().map(|t| t.text) {
        Some("of" | "for") => true,
        // `Committee on Armed Services`, `Task Force on ...`, but
        // `Regiment on Okinawa` is a unit and where it is.
        Some("on") => !matches!(
            part[k].text,
            "Division" | "Brigade" | "Regiment" | "Battalion" | "Squadron" | "Wing" | "Fleet"
        ),
        _ => false,
    };
    if complement {
        part.len() - 1
    } else if installation {
        // An installation's own name follows its head (`Marine Corps Air
        // Station Futenma`, `Naval Base Camilo Osias`, `Joint Base Pearl
        // Harbor-Hickam`), or, when the words before the head are generic
        // (`Naval Base in Busan`), the place it is in names it (not `... in
        // Busan in October`). A base with a name of its own stops at its
        // head: `MacDill Air Force Base | in Tampa`.
        let generic = part[..k]
            .iter()
            .all(|t| GENERIC_SITE_WORDS.contains(&t.text));
        match name_words(rest) {
            0 if generic && rest.first().is_some_and(|t| t.text == "in") => {
                match name_words(&rest[1..]) {
                    0 => k,
                    place => k + 1 + place,
                }
            }
            name => k + name,
        }
    } else if rest.len() == 1 && is_place(rest[0].text) {
        // `U.S. Forces Korea`.
        k + 1
    } else {
        k
    }
}

/// Words that say what kind of installation it is, not which one: a name
/// made of them and a head (`Naval Base`, `Joint Air Station`) needs its
/// place to name anything.
pub(super) static GENERIC_SITE_WORDS: LazyLock<wordlists::WordSet> = LazyLock::new(|| {
    wordlists::WordSet::parse(include_str!("../../data/words/generic_site_words.csv"))
});

/// How many capitalized words (at most three, no connector) open `toks`.
pub(super) fn name_words(toks: &[Token<'_>]) -> usize {
    toks.iter()
        .take(3)
        .take_while(|t| is_cap(t.text) && !CONNECTORS.contains(&t.text))
        .count()
}

/// The type of a whole name: its last head noun must end it (up to a
/// complement or place), so `Nuclear Command, Control and Communications`
/// is no command.
pub(super) fn name_head(toks: &[Token<'_>]) -> Option<(usize, BodyType)> {
    let (k, kind) = (0..toks.len())
        .rev()
        .find_map(|k| head_type(toks, k).map(|t| (k, t)))?;
    (head_end(toks, k) + 1 == toks.len()).then_some((k, kind))
}

/// A defined long form (its extent is known) may run on past its head in
/// capitals to a place: `Supreme Headquarters Allied Powers Europe`, not
/// `Nuclear Command, Control and Communications` (a list, with `and`).
pub(super) fn defined_name_head(toks: &[Token<'_>]) -> Option<(usize, BodyType)> {
    let (k, kind) = (0..toks.len())
        .rev()
        .find_map(|k| head_type(toks, k).map(|t| (k, t)))?;
    let tail = &toks[k + 1..];
    let capitals = tail
        .iter()
        .all(|t| is_cap(t.text) && !CONNECTORS.contains(&t.text));
    let to_place = tail.last().is_some_and(|t| is_place(t.text));
    // `American Institute in Taiwan`, `Interim Force in Lebanon`, `Mission
    // in the Republic of South Sudan`: a defined name may end `in <place>`,
    // the place in capitals.
    let in_place = tail.len() >= 2
        && tail[0].text == "in"
        && tail[1..]
            .iter()
            .all(|t| is_cap(t.text) || matches!(t.text, "the" | "of" | "and"))
        && tail.last().is_some_and(|t| is_cap(t.text));
    (k > 0 && ((tail.len() >= 2 && capitals && to_place) || in_place)).then_some((k, kind))
}

/// Country and region names that may follow a force's head noun.
pub(super) fn is_place(t: &str) -> bool {
    matches!(
        t,
        "Korea"
            | "Japan"
            | "Europe"
            | "Germany"
            | "Italy"
            | "Spain"
            | "Turkey"
            | "Iraq"
            | "Afghanistan"
            | "Syria"
            | "Africa"
            | "Asia"
            | "Pacific"
            | "Atlantic"
            | "Australia"
            | "Philippines"
            | "Guam"
            | "Taiwan"
            | "Kuwait"
            | "Qatar"
            | "Bahrain"
            | "Poland"
            | "Romania"
            | "Kosovo"
            | "Somalia"
            | "Djibouti"
            | "Honduras"
    )
}

/// A word for people or a post, also joint or plural (`Co-Chairs`,
/// `Directors`).
fn is_people_word(t: &str) -> bool {
    let t = t.strip_prefix("Co-").unwrap_or(t);
    PEOPLE.contains(&t) || t.strip_suffix('s').is_some_and(|one| PEOPLE.contains(&one))
}
