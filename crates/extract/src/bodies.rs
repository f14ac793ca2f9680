//! Named bodies: organizations, government bodies, commands and services,
//! groups, installations, agreements and exercises.
//!
//! Three sources of mentions, merged with a fixed precedence:
//! 1. acronym definitions whose long form names a body (the long form and
//!    every use of the short form in the document);
//! 2. the lexicon of well-known bodies (embedded `data/lexicon.csv` plus the
//!    user's `--lexicon`), matched with Aho-Corasick on word boundaries;
//! 3. a capitalized-phrase chunker whose head nouns give the type
//!    (`… Command` military, `… Agency` gov, `… Treaty` agreement,
//!    `Camp …` installation).
//!
//! Countries, people, headings and events (`… Summit`, `… War`) carry no
//! head noun or are dropped explicitly.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;

use crate::extractor::Extractor;
use crate::model::{AcronymFact, BodyMention, BodyType, DefinedShort, DocFacts, Rule};
use crate::nations;
use crate::textview::{window_before, TextView};
use crate::wordlists;

/// One lexicon row: a surface form, its type and the entity's canonical name.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LexEntry {
    /// The surface form to match (case-sensitive, whole words).
    pub name: String,
    /// Body type name (org, gov, military, group, installation, agreement, exercise).
    #[serde(rename = "type")]
    pub kind: String,
    /// The entity's canonical name; rows sharing it are aliases.
    pub canonical: String,
}

/// The lexicon of well-known bodies, compiled for matching.
#[derive(Debug)]
pub struct Lexicon {
    entries: Vec<(LexEntry, BodyType)>,
    fingerprint: String,
    matcher: AhoCorasick,
    by_name: HashMap<String, usize>,
}

const EMBEDDED_LEXICON: &str = include_str!("../data/lexicon.csv");

impl Default for Lexicon {
    fn default() -> Self {
        Self::embedded()
    }
}

impl Lexicon {
    /// The lexicon shipped with the tool, compiled once and shared: its
    /// DFA takes milliseconds to build.
    pub fn shared_embedded() -> std::sync::Arc<Self> {
        static EMBEDDED: LazyLock<std::sync::Arc<Lexicon>> =
            LazyLock::new(|| std::sync::Arc::new(Lexicon::embedded()));
        EMBEDDED.clone()
    }

    /// The lexicon shipped with the tool.
    pub fn embedded() -> Self {
        let rows = parse_lexicon(EMBEDDED_LEXICON.as_bytes()).expect("embedded lexicon is valid");
        Self::from_rows(rows)
    }

    /// The embedded lexicon plus a user CSV (columns name,type,canonical);
    /// user rows override embedded rows with the same name. The error says
    /// what is wrong with the CSV, for the caller to put beside its path.
    pub fn with_user_csv(bytes: &[u8]) -> Result<Self, String> {
        let user = parse_lexicon(bytes)?;
        let mut rows =
            parse_lexicon(EMBEDDED_LEXICON.as_bytes()).expect("embedded lexicon is valid");
        rows.retain(|(e, _)| !user.iter().any(|(u, _)| u.name == e.name));
        rows.extend(user);
        Ok(Self::from_rows(rows))
    }

    fn from_rows(entries: Vec<(LexEntry, BodyType)>) -> Self {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for (e, t) in &entries {
            for part in [e.name.as_str(), t.as_str(), e.canonical.as_str()] {
                h.update(part.as_bytes());
                h.update([0]);
            }
        }
        let fingerprint = crate::hex(&h.finalize()[..8]);
        // A DFA: names start with capitals, so no prefilter helps and the
        // automaton reads every byte; the DFA does it several times faster
        // than the default NFA, for memory proportional to the lexicon.
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(entries.iter().map(|(e, _)| e.name.as_str()))
            .expect("lexicon automaton builds");
        let by_name = entries
            .iter()
            .enumerate()
            .map(|(i, (e, _))| (e.name.clone(), i))
            .collect();
        Lexicon {
            entries,
            fingerprint,
            matcher,
            by_name,
        }
    }

    /// Looks up an exact surface form.
    pub fn get(&self, name: &str) -> Option<(&LexEntry, BodyType)> {
        self.by_name
            .get(name)
            .map(|&i| (&self.entries[i].0, self.entries[i].1))
    }

    /// A short hash of every row: two lexicons with the same fingerprint
    /// give the same mentions.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Number of surface forms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the lexicon has no rows.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn parse_lexicon(bytes: &[u8]) -> std::result::Result<Vec<(LexEntry, BodyType)>, String> {
    let mut rdr = csv::Reader::from_reader(bytes);
    let mut out = Vec::new();
    for (i, row) in rdr.deserialize::<LexEntry>().enumerate() {
        let e = row.map_err(|e| format!("lexicon row {}: {e}", i + 2))?;
        let t = BodyType::parse(&e.kind)
            .ok_or_else(|| format!("lexicon row {}: unknown type {:?}", i + 2, e.kind))?;
        if e.name.trim().is_empty() {
            return Err(format!("lexicon row {}: empty name", i + 2));
        }
        out.push((e, t));
    }
    Ok(out)
}

/// Finds body mentions.
pub struct BodyExtractor {
    lexicon: std::sync::Arc<Lexicon>,
}

impl BodyExtractor {
    /// A bodies extractor over the given lexicon.
    pub fn new(lexicon: std::sync::Arc<Lexicon>) -> Self {
        BodyExtractor { lexicon }
    }
}

/// A word token of the chunker.
#[derive(Debug, Clone, Copy)]
struct Token<'t> {
    span: (usize, usize),
    text: &'t str,
    /// Ends with a possessive `'s` (excluded from `span`).
    possessive: bool,
}

/// The word tokens of `text`: a letter or digit, then letters, digits and
/// `.'&/-` (a hand-written scanner: the equivalent regex was the body
/// extractor's main cost).
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // Skip to a token start.
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                break;
            }
            if b >= 0x80 {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            } else {
                i += 1;
            }
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'\'' | b'&' | b'/' | b'-') {
                i += 1;
            } else if b >= 0x80 {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            } else {
                break;
            }
        }
        Some((start, i))
    })
}

/// A line that starts with a label: a few capitalized words and a colon.
static LABEL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*){0,3}:").expect("valid regex"));

/// A bilateral or national prefix attached to a name: `U.S.`, `US-ROK`, `ROK-U.S.`.
static COUNTRY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:U\.S\.|US|USA|U\.K\.|UK|ROK|DPRK|PRC|EU|NATO)(?:-(?:U\.S\.|US|ROK|Japan|Korea|UK|Australia|India))*$")
        .expect("valid regex")
});

fn tokens(text: &str) -> Vec<Token<'_>> {
    token_iter(text).collect()
}

fn token_iter(text: &str) -> impl Iterator<Item = Token<'_>> + '_ {
    word_spans(text).map(|(start, end)| {
        let mut s = &text[start..end];
        // Most words end in a letter or digit other than `s`: nothing
        // to trim, no possessive.
        if s.as_bytes()[s.len() - 1].is_ascii_alphanumeric() && !s.ends_with('s') {
            return Token {
                span: (start, end),
                text: s,
                possessive: false,
            };
        }
        let mut end = end;
        // A sentence-final period is not part of the word, but the
        // periods of `U.S.` or `Inc.` are.
        if s.ends_with('.') && !is_dotted_abbreviation(s) {
            s = s.trim_end_matches('.');
            end = start + s.len();
        }
        let s2 = s.trim_end_matches(['-', '/', '&']);
        end -= s.len() - s2.len();
        s = s2;
        // `USFK's`, and the plural `Studies'`.
        let cut = if s.ends_with("'s") {
            2
        } else if s.ends_with("s'") {
            1
        } else {
            0
        };
        let possessive = cut > 0 && s.len() > 2;
        if possessive {
            s = &s[..s.len() - cut];
            end -= cut;
        }
        Token {
            span: (start, end),
            text: s,
            possessive,
        }
    })
}

fn is_dotted_abbreviation(s: &str) -> bool {
    // U.S., U.K., D.C., Inc., Corp., Co., Ltd., Jr.; also the last part of
    // a hyphenated compound (`ROK-U.S.`).
    let s = s.rsplit('-').next().unwrap_or(s);
    let mut parts = s.trim_end_matches('.').split('.');
    let single = |p: &str| p.chars().count() == 1;
    (parts.clone().count() >= 2 && parts.all(single))
        || matches!(s, "Inc." | "Corp." | "Co." | "Ltd." | "Jr." | "Sr." | "St.")
}

fn is_cap(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

/// A capitalized plural common word (`Issues`, `Lessons`, `Options`), not
/// `Status`, `Congress` or `Analysis`, nor an acronym (`NATOs`).
fn is_plural_word(t: &str) -> bool {
    t.len() > 3
        && t.ends_with('s')
        && !t.ends_with("ss")
        && !t.ends_with("us")
        && !t.ends_with("is")
        && t[1..].chars().all(|c| c.is_ascii_lowercase())
}

/// A capitalized noun of action (`Establishment`, `Deployment`,
/// `Activation`, `Relocation`).
fn is_action_noun(t: &str) -> bool {
    t.len() > 6
        && t[1..].chars().all(|c| c.is_ascii_lowercase())
        && ["ment", "tion", "sion"].iter().any(|s| t.ends_with(s))
}

/// The line of `text` that holds byte `pos`.
fn line_at(text: &str, pos: usize) -> &str {
    let start = memchr::memrchr(b'\n', &text.as_bytes()[..pos]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i);
    &text[start..end]
}

/// A line in capitals only (`IMMEDIATE RELEASE`, `FACT SHEET`), with at
/// least one word of three letters or more: a banner, not a name.
fn is_shouted(line: &str) -> bool {
    line.split_whitespace()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        && !line.chars().any(char::is_lowercase)
}

/// A headline in title case: at least three words of four letters or more,
/// every one capitalized (prose always has lower-case ones: `said`, `with`).
fn is_title_case(line: &str) -> bool {
    let long: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    long.len() >= 3
        && long
            .iter()
            .all(|w| is_cap(w.trim_start_matches(|c: char| !c.is_alphanumeric())))
}

/// Plural nouns for people, which lead a sentence (`Members of the
/// National Assembly`) but never a name.
static PEOPLE: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../data/words/people.csv")));

const CONNECTORS: &[&str] = &["of", "for", "and", "on", "the", "&", "de", "in"];

/// Leading words that are not part of a name (`The`, `Bilateral`, `In`).
static LEADING_STOP: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../data/words/leading_stop.csv")));

/// Words that end an event's name: a chunk ending in one is no body.
static EVENT_NOUNS: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../data/words/event_nouns.csv")));

/// Tokens that make a following `Forces` a named force (`Armed Forces`,
/// `U.S. Forces Korea`), not a list word (`Installations and Forces`).
static FORCES_QUALIFIERS: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../data/words/forces_qualifiers.csv")));

/// Head noun of a name and the type it gives, or None.
fn head_type(tokens: &[Token<'_>], i: usize) -> Option<BodyType> {
    let t = tokens[i].text;
    let prev = i.checked_sub(1).map(|j| tokens[j].text).unwrap_or("");
    // A head joined to a place by a hyphen: `Marine Rotational Force-Darwin`.
    if let Some((head, place)) = t.split_once('-') {
        if is_cap(place) && !head.is_empty() {
            return head_word_type(head, prev);
        }
    }
    head_word_type(t, prev)
}

fn head_word_type(t: &str, prev: &str) -> Option<BodyType> {
    use BodyType::*;
    Some(match t {
        "Command" | "Army" | "Navy" | "Corps" | "Fleet" | "Division" | "Brigade" | "Regiment"
        | "Battalion" | "Squadron" | "Wing" | "Guard" | "Force" | "Marines" | "Headquarters"
        | "Battlegroup" | "Battlegroups" => Military,
        // `EU Military Staff`, `Joint Staff`; not `White House Staff`.
        "Staff" if matches!(prev, "Military" | "Joint" | "General" | "Naval" | "Air") => Military,
        "Forces" if FORCES_QUALIFIERS.contains(&prev) => Military,
        // `Army Reserve`, `Air Force Reserve`; not `Federal Reserve`.
        "Reserve"
            if matches!(
                prev,
                "Army" | "Navy" | "Naval" | "Force" | "Corps" | "Marine"
            ) =>
        {
            Military
        }
        "Agency" | "Department" | "Ministry" | "Office" | "Bureau" | "Service" | "Congress"
        | "Parliament" | "Assembly" | "Senate" | "Cabinet" | "Commission" | "Secretariat" => Gov,
        // `Carrier Strike Group`, `Amphibious Ready Group`, `Standing NATO
        // Maritime Group`, `10th Special Forces Group` are formations.
        "Group"
            if matches!(
                prev,
                "Strike" | "Battle" | "Ready" | "Task" | "Army" | "Forces" | "Maritime"
            ) =>
        {
            Military
        }
        "Group" | "Committee" | "Dialogue" | "Forum" | "Council" | "Coalition" => Group,
        // `Mutual Defense Board`; `the Board` alone names nothing.
        "Board" if is_cap(prev) => Group,
        // `Defense Acquisition Program Administration`, `Federal Aviation
        // Administration`.
        "Administration" if is_cap(prev) => Gov,
        "Meeting" if matches!(prev, "Consultative" | "Group" | "Committee" | "Ministerial") => {
            Group
        }
        "Organization" | "Organisation" | "Foundation" | "Institute" | "Institution" | "Center"
        | "Centre" | "University" | "College" | "Corporation" | "Company" | "Association"
        | "Society" | "Endowment" | "Laboratory" | "Laboratories" | "Academy" | "Inc."
        | "Corp." | "Ltd." => Org,
        // `United Nations Mission in South Sudan`, `EU Training Mission`.
        "Fund" | "Bank" | "Mission" if is_cap(prev) => Org,
        "Base" | "Garrison" | "Airfield" | "Station" | "Barracks" | "Arsenal" | "Depot"
            if is_cap(prev) =>
        {
            Installation
        }
        // `Oxford University Press`: a publisher; `the press` is no body.
        "Press" if prev == "University" => Org,
        "Treaty" | "Act" | "Declaration" | "Agreement" | "Arrangement" | "Accord" | "Accords"
        | "Protocol" | "Convention" | "Charter" | "Law" | "Statement" | "Communique"
        | "Strategy" | "Framework" | "Principles" | "Doctrine" | "Guidelines" | "Review"
        | "Resolution" => Agreement,
        "Exercise" => Exercise,
        _ => return None,
    })
}

/// A candidate mention before overlap resolution.
#[derive(Debug, Clone)]
struct Cand {
    span: Range<usize>,
    kind: BodyType,
    resolved: String,
    is_short: bool,
    priority: u8,
    rule: Rule,
}

impl Extractor for BodyExtractor {
    fn name(&self) -> &'static str {
        "bodies"
    }

    fn extract(&self, view: &TextView<'_>, facts: &mut DocFacts) {
        let text = view.norm();
        let mut cands = Vec::new();
        // A chunk stops where a defined name starts, its prefix included
        // (`Eastern Theater Command of the | Chinese People's Liberation
        // Army (PLA)`).
        let mut long_forms: Vec<Range<usize>> = facts
            .acronyms
            .iter()
            .map(|a| extend_name_prefix(text, a.long_span.start).0..a.long_span.end)
            .collect();
        long_forms.sort_unstable_by_key(|r| (r.start, r.end));
        self.acronym_mentions(text, facts, &mut cands);
        self.lexicon_mentions(text, &mut cands);
        let mut events = Vec::new();
        chunk_mentions(text, &long_forms, &mut cands, &mut events);
        cands.retain(|c| !view.in_noise(&c.span));
        facts.bodies = resolve(cands);
        assign_nations(text, &mut facts.bodies);
        events.retain(|e| !view.in_noise(e));
        facts.events = events;
    }
}

impl BodyExtractor {
    /// The body short forms `facts.acronyms` define, in document order
    /// (only this extractor knows which definitions name a body).
    pub(crate) fn defined_shorts(
        &self,
        view: &TextView<'_>,
        facts: &DocFacts,
    ) -> Vec<DefinedShort> {
        self.definitions(view.norm(), &facts.acronyms).1
    }

    /// Classifies a name by the lexicon, then by its head noun. A compound
    /// name (`Air Force Global Strike Command - Air Forces Strategic`) is
    /// classified by its first part that names a body.
    fn classify(&self, name: &str) -> Option<(BodyType, String)> {
        if let Some((e, t)) = self.lexicon.get(name) {
            return Some((t, e.canonical.clone()));
        }
        name.split(" - ")
            .find_map(|part| {
                let toks = tokens(part);
                name_head(&toks)
                    .or_else(|| defined_name_head(&toks))
                    .map(|(_, kind)| kind)
            })
            .map(|kind| (kind, name.to_string()))
    }

    /// The body names acronym definitions give: a long-form candidate per
    /// definition that names a body, and each such short form once, with
    /// the body of its first definition, in document order.
    fn definitions(&self, text: &str, acronyms: &[AcronymFact]) -> (Vec<Cand>, Vec<DefinedShort>) {
        let mut longs = Vec::new();
        let mut shorts: Vec<DefinedShort> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for a in acronyms {
            let long = &text[a.long_span.clone()];
            let short = &text[a.short_span.clone()];
            // `U.S. European Command (EUCOM)`: the name with its country
            // prefix is the one the lexicon may know.
            let (mut start, mut prefix) = extend_name_prefix(text, a.long_span.start);
            let prefixed = &text[start..a.long_span.end];
            let known = (prefix != Prefix::None)
                .then(|| self.lexicon.get(prefixed))
                .flatten()
                .map(|(e, t)| (t, e.canonical.clone()));
            let class = known
                .or_else(|| self.classify(long))
                .or_else(|| self.classify(short));
            let Some((kind, mut resolved)) = class else {
                continue;
            };
            // A numbered unit is a body of its own: the 58th and the 20th
            // Combined Arms Army are not one entity. (A numbered agreement,
            // `the 12th Special Measures Agreement`, is one edition of it.)
            if prefix == Prefix::Ordinal && kind != BodyType::Military {
                (start, prefix) = (a.long_span.start, Prefix::None);
            }
            if prefix == Prefix::Ordinal && resolved == long {
                resolved = text[start..a.long_span.end].to_string();
            }
            if seen.insert(short) {
                shorts.push(DefinedShort {
                    short: short.to_string(),
                    kind,
                    resolved: resolved.clone(),
                });
            }
            longs.push(Cand {
                span: start..a.long_span.end,
                kind,
                resolved,
                is_short: false,
                priority: 3,
                rule: Rule::BodyAcronymLong,
            });
        }
        (longs, shorts)
    }

    fn acronym_mentions(&self, text: &str, facts: &DocFacts, out: &mut Vec<Cand>) {
        // Long forms where defined; then every use of each distinct short
        // form, all short forms found in one pass over the text. A section
        // of a large document looks for every short form its document
        // defines.
        let (longs, local) = self.definitions(text, &facts.acronyms);
        out.extend(longs);
        let shorts: &[DefinedShort] = facts.document_shorts.as_deref().unwrap_or(&local);
        if shorts.is_empty() {
            return;
        }
        let ac = AhoCorasick::new(shorts.iter().map(|d| &d.short)).expect("short forms compile");
        let mut uses: Vec<Vec<Range<usize>>> = vec![Vec::new(); shorts.len()];
        // Overlapping, so each short form is found wherever it stands
        // alone, as a search for it alone would find it.
        for m in ac.find_overlapping_iter(text) {
            if let Some(end) = short_form_end(text, m.start(), m.len()) {
                uses[m.pattern().as_usize()].push(m.start()..end);
            }
        }
        for (d, spans) in shorts.iter().zip(uses) {
            out.extend(spans.into_iter().map(|span| Cand {
                span,
                kind: d.kind,
                resolved: d.resolved.clone(),
                is_short: true,
                priority: 3,
                rule: Rule::BodyAcronymShort,
            }));
        }
    }

    fn lexicon_mentions(&self, text: &str, out: &mut Vec<Cand>) {
        for m in self.lexicon.matcher.find_iter(text) {
            let (entry, kind) = &self.lexicon.entries[m.pattern().as_usize()];
            let is_short = entry.name.chars().all(|c| !c.is_lowercase());
            let end = if is_short {
                match short_form_end(text, m.start(), m.len()) {
                    Some(e) => e,
                    None => continue,
                }
            } else if word_bounded(text, m.start(), m.end()) {
                m.end()
            } else {
                continue;
            };
            out.push(Cand {
                span: m.start()..end,
                kind: *kind,
                resolved: entry.canonical.clone(),
                is_short,
                priority: 1,
                rule: Rule::BodyLexicon,
            });
        }
    }
}

fn word_bounded(text: &str, start: usize, end: usize) -> bool {
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
fn short_form_end(text: &str, pos: usize, len: usize) -> Option<usize> {
    let before = text[..pos].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric()) {
        return None;
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
/// (PLA)`, `the Russian Ministry of Defense (MoD)`.
static DEMONYM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:North|South)\s+)?(?:American|British|Chinese|Russian|Japanese|Korean|Indian|Pakistani|Australian|Canadian|French|German|Italian|Spanish|Portuguese|Dutch|Belgian|Polish|Ukrainian|Belarusian|Turkish|Israeli|Iranian|Iraqi|Syrian|Saudi|Egyptian|Lebanese|Jordanian|Emirati|Qatari|Kuwaiti|Yemeni|Afghan|Taiwanese|Philippine|Filipino|Vietnamese|Indonesian|Malaysian|Thai|Singaporean|Mongolian|Danish|Swedish|Norwegian|Finnish|Estonian|Latvian|Lithuanian|Romanian|Bulgarian|Hungarian|Czech|Slovak|Greek|Serbian|Croatian|Georgian|Armenian|Azerbaijani|Brazilian|Mexican|Argentine|Nigerian|Kenyan|Ethiopian|African|Irish|Swiss|Austrian|Cuban|Venezuelan|Sudanese|Somali|Libyan|Algerian|Moroccan|Bangladeshi|Nepali|Burmese|Cambodian)$")
        .expect("valid regex")
});

/// An ordinal that numbers a unit: `58th` in `the 58th Combined Arms Army
/// (CAA)`.
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,4}(?:st|nd|rd|th)$").expect("valid regex"));

/// What a defined name's mention takes in from before its long form.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Prefix {
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
fn extend_name_prefix(text: &str, start: usize) -> (usize, Prefix) {
    let before = &text[..start];
    let Some(gap) = before.strip_suffix(' ') else {
        return (start, Prefix::None);
    };
    let tok_start = gap
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '[' || c == '"')
        .map_or(0, |i| i + 1);
    let tok = &gap[tok_start..];
    if COUNTRY_PREFIX.is_match(tok) || DEMONYM.is_match(tok) {
        // `North Korean` / `South African`: two words.
        let two = gap[..tok_start]
            .strip_suffix(' ')
            .and_then(|g| g.strip_suffix("North").or_else(|| g.strip_suffix("South")))
            .filter(|g| g.is_empty() || g.ends_with(char::is_whitespace));
        let start = match two {
            Some(g) if DEMONYM.is_match(&gap[g.len()..]) => g.len(),
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
fn chunk_mentions(
    text: &str,
    long_forms: &[Range<usize>],
    out: &mut Vec<Cand>,
    events: &mut Vec<Range<usize>>,
) {
    // Tokens stream through: only a capitalized run is held, while it grows.
    let mut toks = token_iter(text).peekable();
    let mut chunk: Vec<Token<'_>> = Vec::new();
    while let Some(first) = toks.next() {
        if !is_cap(first.text) {
            continue;
        }
        // Grow the chunk: caps joined by connectors, single spaces or one
        // newline. Connectors after the last cap are dropped (never a
        // chunk start); the token that ends the run is left to start the
        // next one.
        chunk.clear();
        chunk.push(first);
        let mut last_cap = 0;
        while let Some(next) = toks.peek() {
            let cur = chunk[chunk.len() - 1];
            if cur.possessive {
                break;
            }
            let gap = &text[cur.span.1..next.span.0];
            if !(gap == " " || gap == "\n" || gap == "  ") {
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
                chunk.extend(toks.next());
                last_cap = chunk.len() - 1;
            } else if CONNECTORS.contains(&next.text) {
                chunk.extend(toks.next());
            } else {
                break;
            }
        }
        emit_chunk(text, &chunk[..=last_cap], long_forms, out, events);
    }
}

fn emit_chunk(
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
        let stop = LEADING_STOP.iter().any(|w| w.eq_ignore_ascii_case(t));
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
            (start..k).any(|j| head_type(chunk, j).is_some())
                && (k + 1 + usize::from(with_the)..upto).any(|j| head_type(chunk, j).is_some())
        };
        if chunk[k].text == "and" && k > 0 && (ends_name(k - 1) || between_names()) {
            emit_part(text, &chunk[start..k], out, events);
            start = k + 1;
        }
    }
    emit_part(text, &chunk[start..], out, events);
}

fn emit_part(text: &str, part: &[Token<'_>], out: &mut Vec<Cand>, events: &mut Vec<Range<usize>>) {
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
        Some("for" | "on") => is_plural_word(part[0].text),
        _ => false,
    };
    if part.len() > 2 && topic && head_type(part, 0).is_none() {
        let skip = if part[2].text == "the" { 3 } else { 2 };
        part = &part[skip.min(part.len())..];
    }
    // A group of people `of` a body is not part of its name: `Troops of
    // the Marine Rotational Force`, `Members of the National Assembly`.
    if part.len() > 2 && PEOPLE.contains(&part[0].text) && part[1].text == "of" {
        let skip = if part[2].text == "the" { 3 } else { 2 };
        part = &part[skip.min(part.len())..];
        // A bare word joined to more is a post's own name, not a body's:
        // `Head of | Mission and Force Commander`.
        if skip == 2 && part.get(1).is_some_and(|t| CONNECTORS.contains(&t.text)) {
            return;
        }
    }
    if part.is_empty() {
        return;
    }
    if EVENT_NOUNS.contains(&part[part.len() - 1].text) {
        if part.len() >= 2 {
            events.push(part[0].span.0..part[part.len() - 1].span.1);
        }
        return;
    }
    let last_head = (0..part.len())
        .rev()
        .find_map(|k| head_type(part, k).map(|t| (k, t)));
    // Prefix heads: `Camp Humphreys`, `Fort Bragg`, `Exercise Southern
    // Jackaroo`; the name may run to a few words (`Camp Melchor Dela Cruz`).
    let prefix = match part[0].text {
        "Camp" | "Fort" => Some(BodyType::Installation),
        "Exercise" => Some(BodyType::Exercise),
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
    let (end_tok, kind, head_tok) = match (last_head, prefix) {
        (Some((k, t)), _) if k > 0 || prefix.is_none() => (head_end(part, k), t, k),
        (_, Some(t)) if part.len() >= 2 && is_cap(part[1].text) => {
            let words = part[1..].iter().take_while(|w| is_cap(w.text)).count();
            (words.min(3), t, 0)
        }
        _ => return,
    };
    // A head noun that modifies a following noun names no body: `NATO's
    // New Force Model`, `the Army Modernization Plan` is a plan, and not
    // one this table types.
    if part
        .get(end_tok + 1)
        .is_some_and(|t| NAME_CONTINUING.contains(&t.text))
    {
        return;
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
        return;
    }
    // A numbered unit keeps its number: `3rd Marine Division` is not `1st
    // Marine Division`. (A meeting's count, `11th ... Meeting`, is dropped.)
    let ordinal = (kind == BodyType::Military && is_unit_word(part[head_tok].text))
        .then(|| {
            static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?-u:\b)\d{1,3}(?:st|nd|rd|th) $").expect("valid regex")
            });
            ORDINAL
                .find(window_before(text, part[0].span.0, 8))
                .map(|m| m.as_str().len())
        })
        .flatten();
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
        resolved: name.split_whitespace().collect::<Vec<_>>().join(" "),
        is_short: false,
        priority: 1,
        rule: Rule::BodyHeadNoun,
    });
}

/// Nouns that a head noun may modify inside a longer name which is no
/// body (`Force Model`, `Army Modernization Plan`, `Air Force Budget`).
static NAME_CONTINUING: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../data/words/name_continuing.csv")));

/// Head nouns of numbered military formations (`3rd Marine Division`).
fn is_unit_word(t: &str) -> bool {
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
fn head_end(part: &[Token<'_>], k: usize) -> usize {
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
static GENERIC_SITE_WORDS: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../data/words/generic_site_words.csv")));

/// How many capitalized words (at most three, no connector) open `toks`.
fn name_words(toks: &[Token<'_>]) -> usize {
    toks.iter()
        .take(3)
        .take_while(|t| is_cap(t.text) && !CONNECTORS.contains(&t.text))
        .count()
}

/// The type of a whole name: its last head noun must end it (up to a
/// complement or place), so `Nuclear Command, Control and Communications`
/// is no command.
fn name_head(toks: &[Token<'_>]) -> Option<(usize, BodyType)> {
    let (k, kind) = (0..toks.len())
        .rev()
        .find_map(|k| head_type(toks, k).map(|t| (k, t)))?;
    (head_end(toks, k) + 1 == toks.len()).then_some((k, kind))
}

/// A defined long form (its extent is known) may run on past its head in
/// capitals to a place: `Supreme Headquarters Allied Powers Europe`, not
/// `Nuclear Command, Control and Communications` (a list, with `and`).
fn defined_name_head(toks: &[Token<'_>]) -> Option<(usize, BodyType)> {
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
fn is_place(t: &str) -> bool {
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

/// Overlap resolution: acronym definitions first; then the longer name
/// (`United Nations Command` over the lexicon's `United Nations` inside
/// it); on equal spans the lexicon, which knows the canonical name.
fn resolve(mut cands: Vec<Cand>) -> Vec<BodyMention> {
    // A name with a head of its own that opens with a defined short form is
    // another body (`RAAF Base Tindal`, not `RAAF`): it outranks the short
    // form as a definition's names do.
    let mut short_starts: Vec<usize> = cands
        .iter()
        .filter(|c| c.rule == Rule::BodyAcronymShort)
        .map(|c| c.span.start)
        .collect();
    short_starts.sort_unstable();
    for c in cands.iter_mut().filter(|c| c.rule == Rule::BodyHeadNoun) {
        if short_starts.binary_search(&c.span.start).is_ok() {
            c.priority = c.priority.max(3);
        }
    }
    let lexicon_first = |c: &Cand| c.rule != Rule::BodyLexicon;
    cands.sort_by(|a, b| {
        (b.priority, b.span.len(), lexicon_first(a), a.span.start).cmp(&(
            a.priority,
            a.span.len(),
            lexicon_first(b),
            b.span.start,
        ))
    });
    let mut taken = crate::extractor::SpanSet::default();
    let mut kept: Vec<Cand> = cands
        .into_iter()
        .filter(|c| taken.insert(&c.span))
        .collect();
    kept.sort_by_key(|c| (c.span.start, c.span.end));
    kept.into_iter()
        .map(|c| BodyMention {
            span: c.span,
            kind: c.kind,
            resolved: c.resolved,
            is_short: c.is_short,
            rule: c.rule,
            nation: String::new(),
        })
        .collect()
}

/// Gives each mention of a state's body its country: the one its name
/// carries (`ROK Navy`, `Russian Ministry of Defense`), else a possessive
/// just before it (`Taiwan's Ministry of National Defense`) or a capital
/// just after it (`the Ministry of National Defense in Seoul`); a mention
/// with none takes the country its document gives the same name elsewhere,
/// when it gives only one. Organizations (think tanks, companies) are
/// known by their names alone and get none.
fn assign_nations(text: &str, bodies: &mut [BodyMention]) {
    // Names repeat within a document: split each distinct one once.
    let mut split: HashMap<String, (String, String)> = HashMap::new();
    let mut bases: Vec<String> = Vec::with_capacity(bodies.len());
    for b in bodies.iter_mut() {
        if b.kind == BodyType::Org {
            bases.push(String::new());
            continue;
        }
        let mut split_name = |name: &str| {
            if let Some(known) = split.get(name) {
                return known.clone();
            }
            let (nations, base) = nations::split_folded(&nations::fold(name));
            let known = (nations.join("/"), base);
            split.insert(name.to_string(), known.clone());
            known
        };
        let (mut nation, base) = split_name(&b.resolved);
        // The lexicon's name may leave out the country its text gives
        // (`Russian Ministry of Defense` read as `Ministry of Defense`).
        if nation.is_empty() && !b.is_short {
            nation = split_name(&text[b.span.clone()]).0;
        }
        if nation.is_empty() {
            nation = nations::possessive_before(text, b.span.start)
                .or_else(|| nations::capital_after(text, b.span.end))
                .unwrap_or("")
                .to_string();
        }
        b.nation = nation;
        bases.push(base);
    }
    let only = nations::only_countries(
        bodies
            .iter()
            .zip(&bases)
            .filter(|(_, base)| !base.is_empty())
            .map(|(b, base)| (base.as_str(), b.nation.as_str())),
    );
    let inherited: Vec<Option<String>> = bodies
        .iter()
        .zip(&bases)
        .map(|(b, base)| {
            let n = only.get(base.as_str()).filter(|_| b.nation.is_empty())?;
            Some(n.to_string())
        })
        .collect();
    for (b, n) in bodies.iter_mut().zip(inherited) {
        if let Some(n) = n {
            b.nation = n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acronyms::AcronymExtractor;
    use proptest::prelude::*;

    static TOKEN_REGEX: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}.'&/-]*").unwrap());

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// The scanner finds what the regex it replaced found.
        #[test]
        fn word_spans_match_the_token_regex(text in "[a-zA-Z0-9 .,'&/()\\-\n\u{2019}\u{e9}\u{4e2d}\u{663}\u{a0}]{0,60}") {
            let want: Vec<(usize, usize)> = TOKEN_REGEX.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = word_spans(&text).collect();
            prop_assert_eq!(got, want);
        }
    }

    fn run(text: &str) -> Vec<(String, &'static str)> {
        let view = TextView::new(text);
        let mut facts = DocFacts::default();
        AcronymExtractor.extract(&view, &mut facts);
        BodyExtractor::new(Default::default()).extract(&view, &mut facts);
        facts
            .bodies
            .iter()
            .map(|b| (view.raw_text(b.span.clone()).to_string(), b.kind.as_str()))
            .collect()
    }

    fn has(text: &str, name: &str, kind: &str) {
        let got = run(text);
        assert!(
            got.iter().any(|(n, k)| n == name && *k == kind),
            "{name:?}/{kind} not in {got:?}"
        );
    }

    #[test]
    fn head_nouns_give_types() {
        has(
            "the revised Tailored Deterrence Strategy should",
            "Tailored Deterrence Strategy",
            "agreement",
        );
        has(
            "Established through the U.S.-ROK Mutual Defense Treaty, the",
            "U.S.-ROK Mutual Defense Treaty",
            "agreement",
        );
        has(
            "such as the Counter Missile Working Group to",
            "Counter Missile Working Group",
            "group",
        );
        has(
            "headquarters at Barksdale Air Force Base, Louisiana",
            "Barksdale Air Force Base",
            "installation",
        );
        has("the ROK Armed Forces.", "ROK Armed Forces", "military");
        has(
            "Assistant Professor, Incheon National University",
            "Incheon National University",
            "org",
        );
        has(
            "under the Ministry of National Defense of Korea",
            "Ministry of National Defense of Korea",
            "gov",
        );
        has(
            "the 2024 U.S. Strategic Command Deterrence Essay Award",
            "U.S. Strategic Command",
            "military",
        );
        has(
            "* Camp Humphreys (Pyeongtaek): Largest base",
            "Camp Humphreys",
            "installation",
        );
        has(
            "1 See Congressional Research Office, \"Forces,\" May 2023, p. 14.",
            "Congressional Research Office",
            "gov",
        );
        has(
            "a study by the Atlantic Policy Fund found",
            "Atlantic Policy Fund",
            "org",
        );
        has(
            "loans from the Asian Infrastructure Bank rose",
            "Asian Infrastructure Bank",
            "org",
        );
        has(
            "access to Basa Air Base and Camp Aguinaldo Del Pilar in the north",
            "Camp Aguinaldo Del Pilar",
            "installation",
        );
    }

    #[test]
    fn a_defined_long_form_may_run_past_its_head_to_a_place() {
        has(
            "The Supreme Headquarters Allied Powers Europe (SHAPE) is in Mons.",
            "Supreme Headquarters Allied Powers Europe",
            "military",
        );
        let got = run("Nuclear Command, Control and Communications (NC3) were upgraded.");
        assert!(!got.iter().any(|(t, _)| t.contains("Command")), "{got:?}");
    }

    #[test]
    fn a_head_with_a_complement_types_the_whole_name() {
        has(
            "Analysts at the Institute for National Security Strategy disagree.",
            "Institute for National Security Strategy",
            "org",
        );
        has(
            "The Ministry of National Defense spoke.",
            "Ministry of National Defense",
            "gov",
        );
        // A complement-less name keeps its last head.
        has(
            "The U.S.-ROK Nuclear Consultative Group met.",
            "U.S.-ROK Nuclear Consultative Group",
            "group",
        );
    }

    #[test]
    fn two_names_joined_by_and_the_are_two() {
        let got = run(
            "Parties to the Treaty on the Non-Proliferation of Nuclear Weapons and the \
             Pelindaba Treaty met. The Ministry of Trade and Industry and the Department of \
             Health and Human Services spoke.",
        );
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        for name in [
            "Treaty on the Non-Proliferation of Nuclear Weapons",
            "Pelindaba Treaty",
            "Ministry of Trade and Industry",
            "Department of Health and Human Services",
        ] {
            assert!(names.contains(&name), "{name:?} not in {names:?}");
        }
    }

    #[test]
    fn a_unit_on_a_place_is_the_numbered_unit() {
        has(
            "Vice Adm. John Wade, commander of the U.S. 3rd Fleet, led it.",
            "3rd Fleet",
            "military",
        );
        let got = run("The Fleet sailed. The 3rd Meeting was held.");
        assert!(got.is_empty(), "{got:?}");
        has(
            "The Marine Corps will stand up the 12th Marine Littoral Regiment on Okinawa.",
            "12th Marine Littoral Regiment",
            "military",
        );
        // A committee or task force `on` a subject keeps it.
        has(
            "He chairs the Senate Committee on Armed Services.",
            "Senate Committee on Armed Services",
            "group",
        );
        let got = run("the Financial Action Task Force on Money Laundering said");
        assert!(
            got.iter()
                .any(|(n, _)| n == "Financial Action Task Force on Money Laundering"),
            "{got:?}"
        );
    }

    #[test]
    fn plural_possessives_end_a_name_and_defined_names_may_end_in_a_place() {
        has(
            "the International Institute for Strategic Studies' Military Balance report",
            "International Institute for Strategic Studies",
            "org",
        );
        has(
            "The American Institute in Taiwan (AIT) said so.",
            "American Institute in Taiwan",
            "org",
        );
    }

    #[test]
    fn a_plural_topic_word_before_a_body_is_no_name() {
        let got = run("U.S. Forces in South Korea: Issues for Congress\n\nText.");
        assert!(!got.iter().any(|(t, _)| t.contains("Issues")), "{got:?}");
        has(
            "Under the Status of Forces Agreement, cases are tried.",
            "Status of Forces Agreement",
            "agreement",
        );
        has(
            "Establishment of the Japan Joint Operations Command\n\nText.",
            "Japan Joint Operations Command",
            "military",
        );
        has(
            "The Organization for Security and Co-operation in Europe met.",
            "Organization for Security and Co-operation in Europe",
            "org",
        );
    }

    #[test]
    fn service_reserves_are_military() {
        has(
            "It is supported by the Army Reserve.",
            "Army Reserve",
            "military",
        );
        let got = run("The Federal Reserve raised rates.");
        assert!(!got.iter().any(|(_, k)| *k == "military"), "{got:?}");
    }

    #[test]
    fn a_document_genre_after_a_name_is_not_part_of_it() {
        has(
            "Department of Defense Press Briefing by Pentagon Press Secretary\nTranscript",
            "Department of Defense",
            "gov",
        );
        has(
            "The Ministry of National Defense Press Release said so.",
            "Ministry of National Defense",
            "gov",
        );
    }

    #[test]
    fn a_name_does_not_run_into_a_banner_line() {
        let got = run(
            "U.S. Department of Defense\nIMMEDIATE RELEASE\n\nThe Ministry of Defence said so.",
        );
        assert!(
            got.iter().any(|(t, _)| t == "U.S. Department of Defense"),
            "{got:?}"
        );
        assert!(!got.iter().any(|(t, _)| t.contains("RELEASE")), "{got:?}");
    }

    #[test]
    fn title_case_headlines_need_more_than_a_head_noun() {
        let got = run(
            "Secretary Meets Counterparts; Announces Force Posture Changes\n\nText follows here.",
        );
        assert!(!got.iter().any(|(t, _)| t.contains("Announces")), "{got:?}");
        let got = run("Assistant Professor, Incheon National University US-ROK Policy Alignment");
        assert!(
            got.iter().any(|(t, _)| t == "Incheon National University"),
            "{got:?}"
        );
        // In prose the same capitals after a head are a name's place word.
        has(
            "The U.S. Forces Korea commander spoke.",
            "U.S. Forces Korea",
            "military",
        );
    }

    #[test]
    fn installations_keep_their_own_names_and_arrangements_are_agreements() {
        has(
            "EDCA now covers Naval Base Camilo Osias in Cagayan.",
            "Naval Base Camilo Osias",
            "installation",
        );
        has(
            "Jets flew from Joint Base Pearl Harbor-Hickam today.",
            "Joint Base Pearl Harbor-Hickam",
            "installation",
        );
        has(
            "They moved to Marine Corps Air Station Futenma in 1996.",
            "Marine Corps Air Station Futenma",
            "installation",
        );
        has(
            "Both signed a Security of Supply Arrangement (SOSA) on Wednesday.",
            "Security of Supply Arrangement",
            "agreement",
        );
    }

    #[test]
    fn administrations_are_government_bodies() {
        has(
            "The Defense Acquisition Program Administration (DAPA) signed it.",
            "Defense Acquisition Program Administration",
            "gov",
        );
        assert!(run("the administration said").is_empty());
    }

    #[test]
    fn a_name_does_not_run_out_of_a_heading() {
        let got = run("Key Installations\nKadena Air Base, Okinawa: home of the 18th Wing, the largest combat wing.");
        assert!(
            got.contains(&("Kadena Air Base".into(), "installation")),
            "{got:?}"
        );
        let got = run(
            "Issues for Congress\nCongress may consider whether the new headquarters needs more.",
        );
        assert!(got.iter().all(|(n, _)| !n.contains('\n')), "{got:?}");
        // A hard-wrapped line runs on into the next one.
        let got = run("The government has announced plans to expand the size of the Polish\nArmed Forces to 300,000.");
        assert!(
            got.contains(&("Polish\nArmed Forces".into(), "military")),
            "{got:?}"
        );
    }

    #[test]
    fn naval_and_army_groups_are_formations() {
        has(
            "the USS Abraham Lincoln Carrier Strike Group arrived",
            "USS Abraham Lincoln Carrier Strike Group",
            "military",
        );
        has(
            "the Iwo Jima Amphibious Ready Group sailed",
            "Iwo Jima Amphibious Ready Group",
            "military",
        );
        has(
            "the Nuclear Consultative Group met",
            "Nuclear Consultative Group",
            "group",
        );
    }

    #[test]
    fn an_installation_in_a_place_stops_at_the_place() {
        // A generic base is named by its place; a named one by its name.
        has(
            "The exercise took place at the Naval Base in Busan in October 2023.",
            "Naval Base in Busan",
            "installation",
        );
        has(
            "The exercise took place at Rota Naval Base in Spain in October 2023.",
            "Rota Naval Base",
            "installation",
        );
        has(
            "CENTCOM, headquartered at MacDill Air Force Base in Tampa, Florida, leads.",
            "MacDill Air Force Base",
            "installation",
        );
        has(
            "It builds on the EU Battlegroups, on standby since 2007.",
            "EU Battlegroups",
            "military",
        );
        has(
            "Command rests within the EU Military Staff (EUMS).",
            "EU Military Staff",
            "military",
        );
        let got = run("The White House Staff met.");
        assert!(!got.iter().any(|(t, _)| t.contains("Staff")), "{got:?}");
    }

    #[test]
    fn a_head_noun_modifying_a_plan_or_model_names_no_body() {
        for text in [
            "The NATO Force Model promises 300,000 troops.",
            "See NATO's New Force Model, a factsheet.",
            "The Army Modernization Plan was revised.",
            "The Air Force Budget grew.",
        ] {
            let got = run(text);
            assert!(
                !got.iter()
                    .any(|(t, _)| t.contains("Force") || t.contains("Army")),
                "{text}: {got:?}"
            );
        }
        // Titles after a body leave it whole.
        has(
            "Air Force Secretary Frank Kendall spoke.",
            "Air Force",
            "military",
        );
    }

    #[test]
    fn hyphenated_heads_and_exercise_prefixes() {
        has(
            "Marines of the Marine Rotational Force-Darwin arrived.",
            "Marine Rotational Force-Darwin",
            "military",
        );
        has(
            "Both navies joined Exercise Southern Jackaroo in May.",
            "Exercise Southern Jackaroo",
            "exercise",
        );
        // A hyphen into a lower-case word is no place: `Self-Defense` heads nothing.
        let got = run("The Self-Defense posture changed.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_title_does_not_run_into_a_label_line() {
        let got =
            run("Joint Statement of the Defense Ministers' Meeting\nRelease Date: May 3, 2024\n");
        assert!(got.iter().all(|(n, _)| !n.contains("Release")), "{got:?}");
    }

    #[test]
    fn acronyms_are_mentions_with_their_long_forms() {
        let t = "the U.S. Forces Korea (USFK) grew; USFK and USFKs headquarters and USFK's role";
        let got = run(t);
        let shorts = got.iter().filter(|(n, _)| n == "USFK").count();
        assert_eq!(shorts, 4, "{got:?}");
        assert!(got.contains(&("U.S. Forces Korea".into(), "military")));
    }

    #[test]
    fn country_prefix_joins_long_form() {
        has(
            "between the US Cybersecurity and Infrastructure Security Agency (CISA) and",
            "US Cybersecurity and Infrastructure Security Agency",
            "gov",
        );
    }

    #[test]
    fn lexicon_names_and_exercises() {
        has(
            "an invited observer to NATO and, potentially, AUKUS could",
            "NATO",
            "group",
        );
        has(
            "an invited observer to NATO and, potentially, AUKUS could",
            "AUKUS",
            "group",
        );
        has(
            "* Foal Eagle and Key Resolve: drills",
            "Foal Eagle",
            "exercise",
        );
        has(
            "* Foal Eagle and Key Resolve: drills",
            "Key Resolve",
            "exercise",
        );
        has("UN peacekeeping", "UN", "org");
        has(
            "alongside the United Nations Command, which",
            "United Nations Command",
            "military",
        );
    }

    #[test]
    fn installations_named_after_a_short_form_or_listed_with_and() {
        let got = run("The Royal Australian Air Force (RAAF) flies from RAAF Base Tindal.");
        assert!(
            got.contains(&("RAAF Base Tindal".into(), "installation")),
            "{got:?}"
        );
        let got = run(
            "Major bases include Lavarack Barracks in Townsville and Robertson Barracks in Darwin.",
        );
        for want in ["Lavarack Barracks", "Robertson Barracks"] {
            assert!(got.contains(&(want.into(), "installation")), "{got:?}");
        }
        // One name whose second half has no head stays whole.
        has(
            "the Ministry of Trade and Industry said",
            "Ministry of Trade and Industry",
            "gov",
        );
        has(
            "Oxford University Press published it",
            "Oxford University Press",
            "org",
        );
        has(
            "The Mutual Defense Board met.",
            "Mutual Defense Board",
            "group",
        );
        let got = run("Then the Board approved it.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_defined_name_takes_in_its_country_or_its_number() {
        let got = run(
            "The Eastern Theater Command of the Chinese People's Liberation Army (PLA) drilled.",
        );
        assert!(
            got.contains(&("Eastern Theater Command".into(), "military")),
            "{got:?}"
        );
        assert!(
            got.contains(&("Chinese People's Liberation Army".into(), "military")),
            "{got:?}"
        );
        // A numbered unit is its own body.
        let view = TextView::new("Elements of the 58th Combined Arms Army (CAA) advanced.");
        let set = crate::ExtractorSet::new(&Default::default());
        let facts = set.run(&view, None);
        let b = facts
            .bodies
            .iter()
            .find(|b| !b.is_short)
            .expect("the long form is a body");
        assert_eq!(
            (&view.norm()[b.span.clone()], b.resolved.as_str()),
            ("58th Combined Arms Army", "58th Combined Arms Army")
        );
    }

    #[test]
    fn a_post_in_a_body_is_not_the_body() {
        has(
            "I call the Chair of the Defence Committee.",
            "Defence Committee",
            "group",
        );
        has(
            "the President of the European Commission spoke",
            "European Commission",
            "gov",
        );
        let got = run("The Head of Mission and Force Commander reports.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_defined_mission_or_force_may_end_in_any_place() {
        let got = run(
            "The United Nations Interim Force in Lebanon (UNIFIL) and the United Nations Mission in the Republic of South Sudan (UNMISS) grew. UNIFIL stayed.",
        );
        for want in [
            ("United Nations Interim Force in Lebanon", "military"),
            ("UNIFIL", "military"),
            (
                "United Nations Mission in the Republic of South Sudan",
                "org",
            ),
            ("UNMISS", "org"),
        ] {
            assert!(
                got.iter().any(|(n, t)| (n.as_str(), *t) == want),
                "{want:?} not in {got:?}"
            );
        }
        // Undefined, a name stops before its `in` (the extent is unknown).
        has(
            "the Training Mission in Somalia began",
            "Training Mission",
            "org",
        );
    }

    #[test]
    fn nested_name_is_cut_before_non_body_long_form() {
        let got = run("the Air Force Nuclear Command, Control and Communications (NC3) systems");
        assert!(got.contains(&("Air Force".into(), "military")), "{got:?}");
    }

    #[test]
    fn not_bodies() {
        for t in [
            "South Korea and the Korean Peninsula matter to Washington and Seoul.",
            "Secretary Austin and Minister Shin met.",
            "Key Military Installations and Forces\n\nText here.",
            "The 2023 Biden-Yoon Summit proclaimed. The Korean War ended.",
            "The Trump administration acted.",
            "Strategic Significance\n\nKey Takeaways:",
            "a Free and Open Indo-Pacific and a Global Pivotal State",
            "the Camp David Summit was held",
        ] {
            assert!(run(t).is_empty(), "{t:?} gave {:?}", run(t));
        }
    }

    #[test]
    fn user_lexicon_rows_override_and_bad_rows_are_errors() {
        let lex =
            Lexicon::with_user_csv(b"name,type,canonical\nBlue Falcon,exercise,Blue Falcon\n")
                .unwrap();
        assert!(lex.get("Blue Falcon").is_some());
        assert!(lex.get("NATO").is_some());
        assert!(Lexicon::with_user_csv(b"name,type,canonical\nX,planet,X\n").is_err());
    }
}
