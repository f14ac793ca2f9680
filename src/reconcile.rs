//! Reconciliation: which body mentions, across all documents, name the same
//! entity.
//!
//! Each mention first resolves to a name inside its document (an acronym's
//! long form, the lexicon's canonical name, or its own text). A bare
//! acronym with no definition in its document takes the long form that the
//! rest of the corpus defines for it. Names are then folded to a
//! fingerprint (case, punctuation, `United States` = `U.S.` = `US`,
//! bilateral and national prefixes such as `U.S.-ROK`, descriptors such as
//! `Bilateral`), and mentions whose fingerprints collide are one entity.

use std::collections::{BTreeMap, BTreeSet};

// foldhash for the maps of names: std's SipHash was most of their cost.
use foldhash::{HashMap, HashMapExt, HashSet};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::rows::EntityRow;
use sourcefacts_extract::hex;
use sourcefacts_extract::model::{BodyType, Rule};
pub use sourcefacts_extract::names::{fingerprint, name_key};
use sourcefacts_extract::nations;

/// What reconciliation needs to know about one mention.
#[derive(Debug, Clone)]
pub struct MentionKey {
    /// Document.
    pub doc: String,
    /// The mention itself.
    pub sig: MentionSig,
}

/// The entity each mention belongs to.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// Entity id.
    pub entity_id: String,
    /// Canonical name of the entity.
    pub canonical: String,
    /// How the mention was linked.
    pub method: &'static str,
}

/// Jaro-Winkler similarity above which two token-sorted keys are one name
/// (`cybersecurity infrastructure security agency` spelled with a typo).
pub const FUZZY_THRESHOLD: f64 = 0.94;

/// How many neighbours each key is compared with after sorting a block.
const WINDOW: usize = 8;

fn token_sorted(key: &str) -> String {
    let mut t: Vec<&str> = key.split(' ').collect();
    t.sort_unstable();
    t.join(" ")
}

/// True when two keys differ in a number or ordinal (`1st division`,
/// `2nd division`) or in a national word: different bodies, however alike.
fn distinct_by_token(a: &str, b: &str) -> bool {
    let ta: BTreeSet<&str> = a.split(' ').collect();
    let tb: BTreeSet<&str> = b.split(' ').collect();
    const NATIONAL: &[&str] = &[
        "us", "rok", "japan", "uk", "china", "russia", "korea", "dprk",
    ];
    if ta.symmetric_difference(&tb).any(|t| {
        t.bytes().any(|b| b.is_ascii_digit()) || NATIONAL.contains(t) || t.starts_with('@')
    }) {
        return true;
    }
    // Keys alike only through shared words differ in a name, not in a
    // spelling: `wellington declaration` is not `washington declaration`,
    // while `infrastucture` is a typo of `infrastructure`. A key holding
    // all of another's words and a name more is a body of its own
    // (`villanova university school law` is not every `university school
    // law`; the `american jewish congress` is not the `congress`; the
    // `egg board` is not every `board`); an owner's short form more on a
    // name of three words or more is not (`pla eastern theater command`).
    let only_a: Vec<&str> = ta.difference(&tb).copied().collect();
    let only_b: Vec<&str> = tb.difference(&ta).copied().collect();
    let extra = if only_a.is_empty() { &only_b } else { &only_a };
    const FUNCTION: &[&str] = &["of", "the", "and", "for", "on", "in", "to", "at", "&"];
    let shared = ta
        .intersection(&tb)
        .filter(|w| !FUNCTION.contains(w))
        .count();
    if only_a.is_empty() != only_b.is_empty() {
        return shared < 3 || extra.iter().any(|w| w.len() > 3);
    }
    // A typo is one letter off in a word of five letters or more: `bar`
    // and `barr`, `northeastern` and `northwestern`, `reforestation` and
    // `restoration` are two names.
    let typo =
        |x: &str, y: &str| x.len() >= 5 && y.len() >= 5 && strsim::damerau_levenshtein(x, y) <= 1;
    // Every differing word must be a typo of one on the other side.
    let unmatched = |xs: &[&str], ys: &[&str]| xs.iter().any(|x| ys.iter().all(|y| !typo(x, y)));
    unmatched(&only_a, &only_b) || unmatched(&only_b, &only_a)
}

/// Whether two strings of these lengths (in chars) can reach
/// `FUZZY_THRESHOLD`: Jaro-Winkler is at most 0.6 x Jaro + 0.4 (a common
/// prefix of 4 at weight 0.1), and Jaro at most (2 + short/long) / 3, so
/// 0.94 needs short/long >= 0.7. Skips the costly comparison, never a
/// merge.
fn lengths_allow_match(a: usize, b: usize) -> bool {
    lengths_allow(a, b, FUZZY_THRESHOLD)
}

/// Whether two strings of these lengths (in chars) can reach a
/// Jaro-Winkler similarity of `threshold`: as [`lengths_allow_match`]
/// says, short/long must reach 3 x (threshold - 0.4) / 0.6 - 2. Rounded
/// towards allowing, so it only ever skips comparisons that fail.
fn lengths_allow(a: usize, b: usize, threshold: f64) -> bool {
    let (short, long) = if a <= b { (a, b) } else { (b, a) };
    let ratio = 3.0 * (threshold - 0.4) / 0.6 - 2.0 - 1e-9;
    short as f64 >= long as f64 * ratio
}

/// The Jaro-Winkler similarity of `a` and `b` (strsim's) when it reaches
/// `threshold`, else None, computed only when a cheap bound allows it: Jaro
/// counts matches, which are at most the characters the two strings share
/// (as multisets), so with `m` that many, Jaro <= (m/|a| + m/|b| + 1) / 3
/// and Jaro-Winkler <= 0.6 x Jaro + 0.4. Most pairs of distinct names fail
/// the bound; strsim's quadratic comparison runs on the rest. Exact.
pub(crate) fn jaro_winkler_reaching(a: &str, b: &str, threshold: f64) -> Option<f64> {
    jaro_winkler_counted(a, &CharCounts::of(a), b, &CharCounts::of(b), threshold)
}

/// [`jaro_winkler_reaching`] with each string's [`CharCounts`] given:
/// a caller comparing one string with several counts it once.
pub(crate) fn jaro_winkler_counted(
    a: &str,
    ca: &CharCounts,
    b: &str,
    cb: &CharCounts,
    threshold: f64,
) -> Option<f64> {
    let (la, lb) = (ca.len as f64, cb.len as f64);
    let m = ca.shared(cb, a, b) as f64;
    let jaro_bound = if la == 0.0 || lb == 0.0 {
        1.0
    } else {
        (m / la + m / lb + 1.0) / 3.0
    };
    if 0.6 * jaro_bound + 0.4 < threshold - 1e-9 {
        return None;
    }
    let score = strsim::jaro_winkler(a, b);
    (score >= threshold).then_some(score)
}

/// Character classes of the bound: the 128 ASCII characters, and one
/// wildcard class for every other character (which can only overcount
/// what two strings share, never undercount).
const CLASSES: usize = 129;

/// A string's characters counted by class, with its length in chars:
/// what the bound of [`jaro_winkler_reaching`] reads. Blocking compares
/// each key with several others; counted once per key, a pair's bound is
/// a vectorized minimum over the classes instead of two passes over the
/// strings and a cleared table.
#[derive(Debug, Clone)]
pub(crate) struct CharCounts {
    counts: [u16; CLASSES],
    /// Length in chars.
    len: usize,
}

impl CharCounts {
    pub(crate) fn of(s: &str) -> Self {
        let mut counts = [0u16; CLASSES];
        let mut len = 0;
        for c in s.chars() {
            let k = if c.is_ascii() { c as usize } else { 128 };
            counts[k] = counts[k].saturating_add(1);
            len += 1;
        }
        CharCounts { counts, len }
    }

    /// Length in chars.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// How many characters the two strings counted share as multisets:
    /// the sum over classes of the smaller count. A count can saturate
    /// only in a string longer than `u16::MAX` chars; there the strings
    /// (`a` counted in `self`, `b` in `other`) are read again.
    fn shared(&self, other: &Self, a: &str, b: &str) -> usize {
        if self.len > usize::from(u16::MAX) || other.len > usize::from(u16::MAX) {
            return shared_chars(a, b);
        }
        self.counts
            .iter()
            .zip(&other.counts)
            .map(|(&x, &y)| u32::from(x.min(y)))
            .sum::<u32>() as usize
    }
}

/// How many characters `a` and `b` share as multisets, by the classes of
/// [`CharCounts`] (no count saturates).
fn shared_chars(a: &str, b: &str) -> usize {
    let mut counts = vec![0usize; CLASSES];
    let class = |c: char| if c.is_ascii() { c as usize } else { 128 };
    for c in a.chars() {
        counts[class(c)] += 1;
    }
    let mut shared = 0;
    for c in b.chars() {
        let k = class(c);
        if counts[k] > 0 {
            counts[k] -= 1;
            shared += 1;
        }
    }
    shared
}

/// Merges near-identical keys. Blocking keeps the cost near-linear: keys
/// are blocked by their last token (the head noun) and, within a block,
/// compared only with their `WINDOW` nearest neighbours in token-sorted
/// order (the sorted-neighbourhood method). Returns each key's target key
/// and the similarity that merged it (1.0 for itself).
fn fuzzy_merge<'k>(keys: &BTreeSet<&'k str>) -> HashMap<&'k str, (&'k str, f64)> {
    let mut blocks: BTreeMap<&str, Vec<&'k str>> = BTreeMap::new();
    for &k in keys {
        let head = k.rsplit(' ').next().unwrap_or(k);
        blocks.entry(head).or_default().push(k);
    }
    // Keys merge only within their block, so blocks are merged apart, on
    // the pool: the result is the same whatever the order.
    let blocks: Vec<Vec<&'k str>> = blocks.into_values().collect();
    blocks
        .par_iter()
        .map(|block| merge_block(block))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// [`fuzzy_merge`] within one block: each key's target key and score.
fn merge_block<'k>(keys: &[&'k str]) -> Vec<(&'k str, (&'k str, f64))> {
    if keys.len() < 2 {
        return keys.iter().map(|&k| (k, (k, 1.0))).collect();
    }
    let mut parent: HashMap<&str, (&str, f64)> = keys.iter().map(|&k| (k, (k, 1.0))).collect();
    let mut members: Vec<(String, &str)> = keys.iter().map(|&k| (token_sorted(k), k)).collect();
    members.sort();
    let counts: Vec<CharCounts> = members.iter().map(|m| CharCounts::of(&m.0)).collect();
    for i in 0..members.len() {
        for j in i + 1..members.len().min(i + 1 + WINDOW) {
            let (sa, ka) = (&members[i].0, members[i].1);
            let (sb, kb) = (&members[j].0, members[j].1);
            if !lengths_allow_match(counts[i].len(), counts[j].len()) {
                continue;
            }
            let Some(score) = jaro_winkler_counted(sa, &counts[i], sb, &counts[j], FUZZY_THRESHOLD)
            else {
                continue;
            };
            if distinct_by_token(ka, kb) {
                continue;
            }
            let (ra, rb) = (root(&parent, ka), root(&parent, kb));
            if ra != rb {
                // The smaller key (stable choice) becomes the root.
                let (keep, fold) = if ra <= rb { (ra, rb) } else { (rb, ra) };
                parent.insert(fold, (keep, score));
            }
        }
    }
    keys.iter()
        .map(|&k| {
            let r = root(&parent, k);
            let score = if r == k { 1.0 } else { parent[k].1 };
            (k, (r, score))
        })
        .collect()
}

/// The key a chain of merges leads `k` to.
fn root<'a>(parent: &HashMap<&'a str, (&'a str, f64)>, mut k: &'a str) -> &'a str {
    while parent[k].0 != k {
        k = parent[k].0;
    }
    k
}

fn fuzzy_method(score: f64) -> &'static str {
    // Static labels keep the method column cheap; two decimals suffice.
    const LABELS: [&str; 7] = [
        "fuzzy:0.94",
        "fuzzy:0.95",
        "fuzzy:0.96",
        "fuzzy:0.97",
        "fuzzy:0.98",
        "fuzzy:0.99",
        "fuzzy:1.00",
    ];
    let i = (((score - 0.94) * 100.0).floor().max(0.0) as usize).min(LABELS.len() - 1);
    LABELS[i]
}

/// The matching key of a base name and its country: the country is one
/// token (`navy @south_korea`), so that names of different countries never
/// merge (see [`distinct_by_token`]).
fn country_key(base: &str, nation: &str) -> String {
    if nation.is_empty() {
        return base.to_string();
    }
    let token: String = nation
        .chars()
        .map(|c| {
            if c == ' ' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    format!("{base} @{token}")
}

fn entity_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    format!("E{}", &hex(&digest[..5]))
}

/// Assigns every mention an entity and builds entities.csv.
///
/// `acronyms` are the corpus's definitions as (short, long) pairs. A
/// convenience over [`MentionTally`] for callers holding every mention.
pub fn reconcile(
    mentions: &[MentionKey],
    acronyms: &[(String, String)],
) -> (Vec<Assignment>, Vec<EntityRow>) {
    let mut tally = MentionTally::default();
    let mut docs: Vec<String> = Vec::new();
    let mut doc_ids: HashMap<&str, u32> = HashMap::new();
    let sigs: Vec<u32> = mentions
        .iter()
        .map(|m| {
            let doc = *doc_ids.entry(m.doc.as_str()).or_insert_with(|| {
                docs.push(m.doc.clone());
                (docs.len() - 1) as u32
            });
            tally.add(doc, &m.sig)
        })
        .collect();
    for (s, l) in acronyms {
        tally.add_definition(s, l);
    }
    let (per_sig, entities) = tally.reconcile(&docs);
    let assignments = sigs
        .into_iter()
        .map(|s| per_sig[s as usize].clone())
        .collect();
    (assignments, entities)
}

/// A mention without its document: mentions with equal signatures always
/// land in the same entity, so reconciliation works on distinct signatures.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct MentionSig {
    /// Surface text as written.
    pub text: String,
    /// Name resolved inside the document.
    pub resolved: String,
    /// True for a short form.
    pub is_short: bool,
    /// Type.
    pub kind: BodyType,
    /// Extractor rule.
    pub rule: Rule,
    /// The country the document gives the body (see
    /// [`sourcefacts_extract::model::BodyMention::nation`]).
    #[serde(default)]
    pub nation: String,
    /// The one document a generic name without a country stands in
    /// (`Working Group`: each document's its own); set by the tally.
    #[serde(default)]
    pub scope: Option<u32>,
}

/// The corpus's mentions and definitions, folded to distinct signatures
/// with counts and documents as documents stream past. Memory grows with
/// the number of distinct names, not with the number of mentions.
#[derive(Debug, Default)]
pub struct MentionTally {
    index: foldhash::HashMap<MentionSig, u32>,
    sigs: Vec<SigStats>,
    definitions: foldhash::HashMap<(String, String), usize>,
    /// The states each document names anywhere in its text.
    doc_states: HashMap<u32, BTreeSet<String>>,
}

#[derive(Debug)]
struct SigStats {
    sig: MentionSig,
    count: usize,
    /// The documents it stands in, ascending and distinct (see
    /// [`insert_doc`]).
    docs: Vec<u32>,
}

/// Adds document `d` to `docs` (ascending, distinct). A run counts its
/// documents in order, so an insert is an append or nothing: a B-tree
/// walked its nodes for every mention of a popular name. Any other order
/// (a caller's own) is kept sorted by a binary search.
fn insert_doc(docs: &mut Vec<u32>, d: u32) {
    match docs.last() {
        Some(&last) if last == d => {}
        Some(&last) if last > d => {
            if let Err(k) = docs.binary_search(&d) {
                docs.insert(k, d);
            }
        }
        _ => docs.push(d),
    }
}

impl MentionTally {
    /// Counts one mention found in document `doc`; returns its signature id.
    pub fn add(&mut self, doc: u32, sig: &MentionSig) -> u32 {
        let generic = sig.nation.is_empty()
            && !sig.is_short
            && sourcefacts_extract::bodies::is_generic_name(&sig.resolved);
        // Copied only to be scoped or kept: most signatures are known.
        let scoped;
        let sig = if generic {
            scoped = MentionSig {
                scope: Some(doc),
                ..sig.clone()
            };
            &scoped
        } else {
            sig
        };
        let id = match self.index.get(sig) {
            Some(&id) => id,
            None => {
                let id = self.sigs.len() as u32;
                self.index.insert(sig.clone(), id);
                self.sigs.push(SigStats {
                    sig: sig.clone(),
                    count: 0,
                    docs: Vec::new(),
                });
                id
            }
        };
        self.count_again(id, doc)
    }

    /// Counts one more mention of signature `id` (from [`Self::add`]).
    pub fn count_again(&mut self, id: u32, doc: u32) -> u32 {
        let s = &mut self.sigs[id as usize];
        s.count += 1;
        insert_doc(&mut s.docs, doc);
        id
    }

    /// Notes the states document `doc` names (each section adds its own).
    pub fn add_states(&mut self, doc: u32, states: &[String]) {
        if !states.is_empty() {
            self.doc_states
                .entry(doc)
                .or_default()
                .extend(states.iter().cloned());
        }
    }

    /// Counts one acronym definition (short form, long form).
    pub fn add_definition(&mut self, short: &str, long: &str) {
        *self
            .definitions
            .entry((short.to_string(), long.to_string()))
            .or_default() += 1;
    }

    /// Number of distinct signatures.
    pub fn len(&self) -> usize {
        self.sigs.len()
    }

    /// True when no mention was counted.
    pub fn is_empty(&self) -> bool {
        self.sigs.is_empty()
    }

    /// The entity of every signature (indexed by signature id) and
    /// entities.csv. `doc_names` maps document ids to paths.
    pub fn reconcile(&self, doc_names: &[String]) -> (Vec<Assignment>, Vec<EntityRow>) {
        let sigs = &self.sigs;
        // Corpus-wide long form of each short form: the most frequent, ties by name.
        let mut long_votes: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
        for ((s, l), n) in &self.definitions {
            *long_votes.entry(s).or_default().entry(l).or_default() += n;
        }
        let corpus_long: HashMap<&str, &str> = long_votes
            .iter()
            .filter_map(|(s, votes)| {
                let best = votes
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
                Some((*s, *best.0))
            })
            .collect();

        // Each name splits into its base and its country: the country its
        // own words carry, else the one its document gave it.
        // Per signature and independent: on the pool.
        let split: Vec<(String, String, &'static str)> = sigs
            .par_iter()
            .map(|SigStats { sig: m, .. }| {
                let bare = m.text.trim_end_matches("'s");
                let (name, method) = if m.is_short && m.resolved.trim_end_matches("'s") == bare {
                    match corpus_long.get(bare) {
                        Some(l) => (*l, "acronym"),
                        None => (m.resolved.as_str(), "fingerprint"),
                    }
                } else if m.is_short {
                    (m.resolved.as_str(), "acronym")
                } else if m.rule == Rule::BodyLexicon {
                    (m.resolved.as_str(), "lexicon")
                } else {
                    (m.resolved.as_str(), "fingerprint")
                };
                if m.kind == BodyType::Org {
                    // Organizations are known by their names alone.
                    return (fingerprint(name), String::new(), method);
                }
                let (carried, base) = nations::split_folded(&nations::fold(name));
                let nation = if carried.is_empty() {
                    m.nation.clone()
                } else {
                    carried.join("/")
                };
                (base, nation, method)
            })
            .collect();
        // A state's ministry, navy or assembly has a country; a name the
        // corpus gives exactly one country takes it where no document said
        // whose it is. Several countries leave such a mention apart: it
        // could be any of them. Organizations (think tanks, companies) keep
        // their names alone.
        let is_state_body = |s: &SigStats| s.sig.kind != BodyType::Org;
        let only = nations::only_countries(
            split
                .iter()
                .zip(sigs)
                .filter(|(_, s)| is_state_body(s))
                .map(|((base, nation, _), _)| (base.as_str(), nation.as_str())),
        );
        // Only a bare state body whose base the corpus gives exactly one
        // country asks whether its base is mostly bare and whether its
        // documents speak of that country (the guard of `keyed` below):
        // both tallies are kept for such bases and documents alone, not
        // for every name of the corpus and every document it stands in.
        let asks = |base: &str, nation: &str, s: &SigStats| {
            nation.is_empty() && is_state_body(s) && only.contains_key(base)
        };
        // How many documents state each base with a country, and without:
        // a name the corpus mostly gives bare is generic (`Department of
        // Health` in forty documents, a foreign one in one), and its bare
        // mentions are no one's in particular.
        let mut stated: HashMap<&str, (BTreeSet<u32>, BTreeSet<u32>)> = HashMap::new();
        for ((base, nation, _), s) in split.iter().zip(sigs) {
            if !is_state_body(s) || !only.contains_key(base.as_str()) {
                continue;
            }
            let e = stated.entry(base.as_str()).or_default();
            let side = if nation.is_empty() {
                &mut e.1
            } else {
                &mut e.0
            };
            side.extend(s.docs.iter().copied());
        }
        let mostly_bare = |base: &str| {
            stated
                .get(base)
                .is_some_and(|(with, bare)| bare.len() > 2 * with.len() + 1)
        };
        // The documents whose countries a bare name may ask about.
        let mut asked: Vec<bool> = Vec::new();
        for ((base, nation, _), s) in split.iter().zip(sigs) {
            if asks(base, nation, s) && !mostly_bare(base) {
                for &d in &s.docs {
                    let d = d as usize;
                    if asked.len() <= d {
                        asked.resize(d + 1, false);
                    }
                    asked[d] = true;
                }
            }
        }
        let is_asked = |d: u32| asked.get(d as usize).copied().unwrap_or(false);
        // The countries each such document names, in its text or its
        // bodies: a bare name takes a country only in a document that
        // speaks of it (the `Trade and Investment Council` of a release on
        // Ecuador is not Ukraine's).
        let mut doc_nations: HashMap<u32, HashSet<&str>> = self
            .doc_states
            .iter()
            .filter(|(&d, _)| is_asked(d))
            .map(|(&d, states)| (d, states.iter().map(String::as_str).collect()))
            .collect();
        for ((_, nation, _), s) in split
            .iter()
            .zip(sigs)
            .filter(|((_, n, _), _)| !n.is_empty())
        {
            for &d in s.docs.iter().filter(|&&d| is_asked(d)) {
                doc_nations.entry(d).or_default().extend(nation.split('/'));
            }
        }
        let spoken_of = |n: &str, s: &SigStats| {
            s.docs.iter().any(|d| {
                doc_nations
                    .get(d)
                    .is_some_and(|set| n.split('/').all(|c| set.contains(c)))
            })
        };
        let keyed: Vec<((String, &'static str), String)> = split
            .par_iter()
            .zip(sigs)
            .map(|((base, nation, method), s)| {
                let nation = match only.get(base.as_str()) {
                    Some(n)
                        if nation.is_empty()
                            && is_state_body(s)
                            && !mostly_bare(base)
                            && spoken_of(n, s) =>
                    {
                        n
                    }
                    _ => nation.as_str(),
                };
                let mut key = country_key(base, nation);
                if let Some(d) = s.sig.scope {
                    key = format!("{key} @in:{}", doc_names[d as usize]);
                }
                ((key, *method), nation.to_string())
            })
            .collect();
        let (keys, nation_of): (Vec<(String, &'static str)>, Vec<String>) =
            keyed.into_iter().unzip();

        // Key collision first, then fuzzy merging of near-identical keys.
        let distinct: BTreeSet<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
        let merged = fuzzy_merge(&distinct);
        // Hashed, then sorted once: a B-tree compared keys at every insert.
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut methods: Vec<&'static str> = Vec::with_capacity(keys.len());
        for (i, (k, method)) in keys.iter().enumerate() {
            let (target, score) = merged[k.as_str()];
            methods.push(if target == k.as_str() {
                method
            } else {
                fuzzy_method(score)
            });
            groups.entry(target).or_default().push(i);
        }
        let mut groups: Vec<(&str, Vec<usize>)> = groups.into_iter().collect();
        groups.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let doc_order = DocOrder::new(doc_names);
        // Each group's entity is its own: built on the pool, in key order,
        // with its signatures' assignments (the copies of its id and name).
        let built: Vec<(EntityRow, Vec<Assignment>)> = groups
            .par_iter()
            .map(|(key, idx)| {
                let entity = entity_row(key, idx, sigs, &doc_order, &methods, &nation_of);
                let assigned = idx
                    .iter()
                    .map(|&i| Assignment {
                        entity_id: entity.entity_id.clone(),
                        canonical: entity.canonical.clone(),
                        method: methods[i],
                    })
                    .collect();
                (entity, assigned)
            })
            .collect();
        let mut assignments: Vec<Option<Assignment>> = vec![None; sigs.len()];
        let mut entities = Vec::with_capacity(built.len());
        for ((entity, assigned), (_, idx)) in built.into_iter().zip(&groups) {
            for (a, &i) in assigned.into_iter().zip(idx) {
                assignments[i] = Some(a);
            }
            entities.push(entity);
        }
        let assignments = assignments
            .into_iter()
            .map(|a| a.expect("every signature is in one group"))
            .collect();
        entities.sort_by(|a, b| {
            a.canonical
                .cmp(&b.canonical)
                .then(a.entity_id.cmp(&b.entity_id))
        });
        (assignments, entities)
    }
}

/// The entity of one group of signatures (`idx`) under its merged `key`.
fn entity_row(
    key: &str,
    idx: &[usize],
    sigs: &[SigStats],
    doc_order: &DocOrder<'_>,
    methods: &[&'static str],
    nation_of: &[String],
) -> EntityRow {
    let canonical = canonical_name(sigs, idx);
    let kind =
        majority(idx.iter().map(|&i| (sigs[i].sig.kind, sigs[i].count))).unwrap_or(BodyType::Org);
    let short = majority(
        idx.iter()
            .filter(|&&i| sigs[i].sig.is_short)
            .map(|&i| (sigs[i].sig.text.as_str(), sigs[i].count)),
    )
    .unwrap_or("")
    .to_string();
    let variants: BTreeSet<String> = idx
        .iter()
        .map(|&i| {
            sigs[i]
                .sig
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let docs = doc_order.joined(idx.iter().flat_map(|&i| sigs[i].docs.iter().copied()), ";");
    let group_methods: BTreeSet<&str> = idx.iter().map(|&i| methods[i]).collect();
    EntityRow {
        entity_id: entity_id(key),
        kind: kind.as_str(),
        canonical,
        short,
        variants: variants.into_iter().collect::<Vec<_>>().join(" | "),
        docs,
        mentions: idx.iter().map(|&i| sigs[i].count).sum(),
        method: group_methods.into_iter().collect::<Vec<_>>().join(";"),
        nation: nation_of[idx[0]].clone(),
    }
}

/// The documents in name order: each document id's place among the
/// distinct names (equal names share one), and those names. An entity
/// lists its documents by name, distinct; sorting their places is much
/// cheaper than ordering the names (paths that share most of their first
/// bytes), and a popular entity stands in thousands of documents.
struct DocOrder<'a> {
    rank: Vec<u32>,
    names: Vec<&'a str>,
}

impl<'a> DocOrder<'a> {
    fn new(doc_names: &'a [String]) -> Self {
        let mut ids: Vec<usize> = (0..doc_names.len()).collect();
        // Linear on the names a run gives: they arrive in corpus order.
        ids.sort_by(|&a, &b| doc_names[a].cmp(&doc_names[b]));
        let mut rank = vec![0; doc_names.len()];
        let mut names: Vec<&str> = Vec::new();
        for id in ids {
            let name = doc_names[id].as_str();
            if names.last() != Some(&name) {
                names.push(name);
            }
            rank[id] = (names.len() - 1) as u32;
        }
        DocOrder { rank, names }
    }

    /// The distinct names of `docs` (document ids), in name order, joined
    /// by `sep`.
    fn joined(&self, docs: impl Iterator<Item = u32>, sep: &str) -> String {
        let mut places: Vec<u32> = docs.map(|d| self.rank[d as usize]).collect();
        places.sort_unstable();
        places.dedup();
        let mut out = String::new();
        for (k, &p) in places.iter().enumerate() {
            if k > 0 {
                out.push_str(sep);
            }
            out.push_str(self.names[p as usize]);
        }
        out
    }
}

/// The canonical name: the lexicon's if any mention came from it, else the
/// most frequent long (non-acronym) resolved name, ties to the longer one.
fn canonical_name(sigs: &[SigStats], idx: &[usize]) -> String {
    // The lexicon's name, whichever lexicon mention comes first by name
    // (signature order depends on the documents' order; names do not).
    if let Some(name) = idx
        .iter()
        .map(|&i| &sigs[i].sig)
        .filter(|m| m.rule == Rule::BodyLexicon)
        .map(|m| m.resolved.as_str())
        .min()
    {
        return name.to_string();
    }
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    for &i in idx {
        let m = &sigs[i].sig;
        let name = m.resolved.split_whitespace().collect::<Vec<_>>().join(" ");
        *votes.entry(name).or_default() += if m.is_short { 0 } else { sigs[i].count };
    }
    votes
        .into_iter()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.0.len().cmp(&b.0.len()))
                .then(b.0.cmp(&a.0))
        })
        .map(|(n, _)| n)
        .unwrap_or_default()
}

/// The item with the largest total weight; ties to the smallest item.
fn majority<T: Ord + Copy>(items: impl Iterator<Item = (T, usize)>) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for (t, n) in items {
        *counts.entry(t).or_default() += n;
    }
    counts
        .into_iter()
        .max_by_key(|&(t, n)| (n, std::cmp::Reverse(t)))
        .map(|(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merge over all keys at once, one union-find for the corpus (as
    /// first written): blocks merged apart on the pool must equal it.
    fn fuzzy_merge_reference<'k>(keys: &BTreeSet<&'k str>) -> HashMap<&'k str, (&'k str, f64)> {
        let mut parent: HashMap<&str, (&str, f64)> = keys.iter().map(|&k| (k, (k, 1.0))).collect();
        let mut blocks: BTreeMap<&str, Vec<(String, &str)>> = BTreeMap::new();
        for &k in keys {
            let head = k.rsplit(' ').next().unwrap_or(k);
            blocks.entry(head).or_default().push((token_sorted(k), k));
        }
        for members in blocks.values_mut() {
            members.sort();
            for i in 0..members.len() {
                for j in i + 1..members.len().min(i + 1 + WINDOW) {
                    let (sa, ka) = (&members[i].0, members[i].1);
                    let (sb, kb) = (&members[j].0, members[j].1);
                    let score = strsim::jaro_winkler(sa, sb);
                    if score < FUZZY_THRESHOLD || distinct_by_token(ka, kb) {
                        continue;
                    }
                    let (ra, rb) = (root(&parent, ka), root(&parent, kb));
                    if ra != rb {
                        let (keep, fold) = if ra <= rb { (ra, rb) } else { (rb, ra) };
                        parent.insert(fold, (keep, score));
                    }
                }
            }
        }
        keys.iter()
            .map(|&k| {
                let r = root(&parent, k);
                (k, (r, if r == k { 1.0 } else { parent[k].1 }))
            })
            .collect()
    }

    proptest::proptest! {
        /// Keys sharing heads and near-identical spellings, so that merges
        /// chain within blocks.
        #[test]
        fn blocks_merged_apart_equal_one_merge(
            keys in proptest::collection::btree_set(
                "(north|nort|northern) ?(atlantic|atlantik) (council|counsil|treaty|navy)( @rok)?",
                0..40,
            )
        ) {
            let keys: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(fuzzy_merge(&keys), fuzzy_merge_reference(&keys));
        }
    }

    proptest::proptest! {
        /// Documents listed by their places equal the names ordered and
        /// made distinct, whatever the names' order (sorted, as a run
        /// gives them, or not) and with names repeated.
        #[test]
        fn documents_listed_by_place_equal_the_names_sorted(
            names in proptest::collection::vec("(a|ab|b|a/b|a-b)(/x)?", 1..30),
            picks in proptest::collection::vec(0usize..1000, 0..60),
            sorted in proptest::bool::ANY,
        ) {
            let mut names = names;
            if sorted {
                names.sort();
            }
            let docs: Vec<u32> = picks.iter().map(|p| (p % names.len()) as u32).collect();
            let by_name: BTreeSet<&str> = docs.iter().map(|&d| names[d as usize].as_str()).collect();
            let expected = by_name.into_iter().collect::<Vec<_>>().join(";");
            let order = DocOrder::new(&names);
            proptest::prop_assert_eq!(order.joined(docs.iter().copied(), ";"), expected);
        }
    }

    proptest::proptest! {
        /// The length bound never skips a pair that would merge.
        #[test]
        fn the_length_bound_keeps_every_match(a in "[a-e ]{1,30}", b in "[a-e ]{1,30}") {
            let jw = strsim::jaro_winkler(&a, &b);
            let (la, lb) = (a.chars().count(), b.chars().count());
            if jw >= FUZZY_THRESHOLD {
                proptest::prop_assert!(lengths_allow_match(la, lb));
            }
            for t in [0.9, 0.95, 0.97] {
                if jw >= t {
                    proptest::prop_assert!(lengths_allow(la, lb, t), "{} {}", t, jw);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The bounded comparison answers as strsim does, for near and far
        /// pairs alike (ASCII, accents, wide characters).
        #[test]
        fn the_bounded_jaro_winkler_is_strsims(
            a in "[a-d \u{e9}\u{4e2d}]{0,14}",
            edits in proptest::collection::vec((0usize..16, "[a-e\u{e9}]"), 0..3),
            t in 0.5f64..1.0,
        ) {
            // b: a with a few characters replaced, so that pairs near the
            // threshold are common.
            let mut chars: Vec<char> = a.chars().collect();
            for (at, c) in &edits {
                if !chars.is_empty() {
                    let k = at % chars.len();
                    chars[k] = c.chars().next().unwrap();
                }
            }
            let b: String = chars.into_iter().collect();
            for (x, y) in [(a.as_str(), b.as_str()), (a.as_str(), "dcba"), ("", b.as_str())] {
                let jw = strsim::jaro_winkler(x, y);
                for threshold in [t, FUZZY_THRESHOLD, 0.95] {
                    let want = (jw >= threshold).then_some(jw);
                    proptest::prop_assert_eq!(jaro_winkler_reaching(x, y, threshold), want);
                }
            }
        }
    }

    proptest::proptest! {
        /// Counted once, the bound answers as counted per pair: shared
        /// characters are the multiset intersection, whichever string
        /// comes first.
        #[test]
        fn counted_characters_share_what_a_scan_shares(
            a in "[a-d \u{e9}\u{4e2d}A-D]{0,24}",
            b in "[a-d \u{e9}\u{4e2d}A-D]{0,24}",
        ) {
            let (ca, cb) = (CharCounts::of(&a), CharCounts::of(&b));
            proptest::prop_assert_eq!(ca.len(), a.chars().count());
            proptest::prop_assert_eq!(ca.shared(&cb, &a, &b), shared_chars(&a, &b));
            proptest::prop_assert_eq!(cb.shared(&ca, &b, &a), shared_chars(&a, &b));
            for t in [0.9, FUZZY_THRESHOLD, 0.95] {
                let want = strsim::jaro_winkler(&a, &b);
                proptest::prop_assert_eq!(
                    jaro_winkler_counted(&a, &ca, &b, &cb, t),
                    (want >= t).then_some(want)
                );
            }
        }
    }

    proptest::proptest! {
        /// Documents added in any order read back as a set does.
        #[test]
        fn documents_are_kept_as_a_sorted_set(
            docs in proptest::collection::vec(0u32..20, 0..40),
            in_order in proptest::bool::ANY,
        ) {
            let mut docs = docs;
            if in_order {
                docs.sort_unstable();
            }
            let mut kept = Vec::new();
            for &d in &docs {
                insert_doc(&mut kept, d);
            }
            let set: BTreeSet<u32> = docs.into_iter().collect();
            proptest::prop_assert_eq!(kept, set.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_count_past_sixteen_bits_is_read_from_the_strings() {
        // 70,000 of one character saturate its 16-bit count; the strings
        // are read again, so the bound still sees every shared character.
        let (a, b) = ("a".repeat(70_000), "a".repeat(69_000));
        let (ca, cb) = (CharCounts::of(&a), CharCounts::of(&b));
        assert_eq!(ca.len(), 70_000);
        assert_eq!(ca.shared(&cb, &a, &b), 69_000);
        let short = CharCounts::of("aab");
        assert_eq!(short.shared(&CharCounts::of("abb"), "aab", "abb"), 2);
    }

    #[test]
    fn the_length_bound_holds_at_its_edge() {
        // Ten chars against seven: a common prefix of four, all matched.
        let (a, b) = ("abcdefghij", "abcdefg");
        let jw = strsim::jaro_winkler(a, b);
        assert!(lengths_allow_match(10, 7) && jw < 1.0);
        assert!(!lengths_allow_match(10, 6));
        // At 0.95, short/long must reach 0.75: 4 of 5 may, 3 of 4 may, 2 of 3 not.
        assert!(lengths_allow(5, 4, 0.95) && lengths_allow(4, 3, 0.95));
        assert!(!lengths_allow(3, 2, 0.95));
        assert!(strsim::jaro_winkler("abcdefghij", "abcdef") < FUZZY_THRESHOLD);
    }

    fn m(doc: &str, text: &str, resolved: &str, is_short: bool) -> MentionKey {
        MentionKey {
            doc: doc.into(),
            sig: MentionSig {
                text: text.into(),
                resolved: resolved.into(),
                is_short,
                kind: BodyType::Military,
                rule: if is_short {
                    Rule::BodyAcronymShort
                } else {
                    Rule::BodyHeadNoun
                },
                nation: String::new(),
                scope: None,
            },
        }
    }

    #[test]
    fn name_keys_keep_a_single_owner() {
        assert_eq!(
            name_key("US Indo-Pacific Strategy", false),
            "us indo pacific strategy"
        );
        assert_eq!(
            name_key("ROK Indo-Pacific Strategy", false),
            "rok indo pacific strategy"
        );
        assert_eq!(
            name_key("U.S.-ROK Mutual Defense Treaty", false),
            "mutual defense treaty"
        );
        assert_eq!(
            name_key("the Mutual Defense Treaty", false),
            "mutual defense treaty"
        );
    }

    /// A government body's mention by its head noun, with the country its
    /// document gives it.
    fn gov(doc: &str, text: &str, nation: &str) -> MentionKey {
        MentionKey {
            doc: doc.into(),
            sig: MentionSig {
                text: text.into(),
                resolved: text.into(),
                is_short: false,
                kind: BodyType::Gov,
                rule: Rule::BodyHeadNoun,
                nation: nation.into(),
                scope: None,
            },
        }
    }

    #[test]
    fn near_identical_names_merge_distinct_ones_do_not() {
        let mk = |doc: &str, text: &str| gov(doc, text, "");
        let mentions = vec![
            mk("a", "Cybersecurity and Infrastructure Security Agency"),
            mk("b", "Cybersecurity and Infrastucture Security Agency"),
            mk("a", "1st Infantry Division"),
            mk("b", "2nd Infantry Division"),
            mk("a", "ROK Navy"),
            mk("b", "U.S. Navy"),
            mk("a", "Wellington Declaration"),
            mk("b", "Washington Declaration"),
            // A name more is another body; an owner's short form more is not.
            mk("a", "Harborton University School of Law"),
            mk("b", "University School of Law"),
            mk("a", "HPA Eastern Harbor Command"),
            mk("b", "Eastern Harbor Command"),
            // Short words are told apart, not taken for typos.
            mk("a", "Harbor Bar Foundation"),
            mk("b", "Harbor Barr Foundation"),
            mk("a", "Northeastern Harbor University"),
            mk("b", "Northwestern Harbor University"),
            mk("a", "Harbor Appropriation Committee"),
            mk("b", "Senate Harbor Appropriations Committee"),
            mk("a", "Department of Harbors"),
            mk("b", "Ohio Department of Harbors"),
        ];
        let (a, _) = reconcile(&mentions, &[]);
        assert_eq!(a[0].entity_id, a[1].entity_id);
        assert!(a[0].method.starts_with("fuzzy:") || a[1].method.starts_with("fuzzy:"));
        assert_ne!(a[2].entity_id, a[3].entity_id);
        assert_ne!(a[4].entity_id, a[5].entity_id);
        assert_ne!(a[6].entity_id, a[7].entity_id);
        assert_ne!(a[8].entity_id, a[9].entity_id);
        assert_eq!(a[10].entity_id, a[11].entity_id);
        assert_ne!(a[12].entity_id, a[13].entity_id);
        assert_ne!(a[14].entity_id, a[15].entity_id);
        assert_ne!(a[16].entity_id, a[17].entity_id);
        assert_ne!(a[18].entity_id, a[19].entity_id);
    }

    #[test]
    fn a_name_the_corpus_mostly_gives_bare_keeps_no_country() {
        let mk = gov;
        let mut mentions = vec![mk("q", "Harbor Board of Health", "Japan")];
        let bare: Vec<String> = (0..5).map(|i| format!("d{i}")).collect();
        mentions.extend(bare.iter().map(|d| mk(d, "Harbor Board of Health", "")));
        // Each bare document speaks of Japan elsewhere.
        mentions.extend(bare.iter().map(|d| mk(d, "Harbor Navy", "Japan")));
        let (a, _) = reconcile(&mentions, &[]);
        assert_ne!(
            a[0].entity_id, a[1].entity_id,
            "five bare documents, one Japanese"
        );
        let two = [
            mentions[0].clone(),
            mentions[1].clone(),
            mentions[6].clone(),
        ];
        let (a, _) = reconcile(&two, &[]);
        assert_eq!(
            a[0].entity_id, a[1].entity_id,
            "one bare document takes the one country"
        );
        let (a, _) = reconcile(&mentions[..2], &[]);
        assert_ne!(
            a[0].entity_id, a[1].entity_id,
            "not in a document that never names it"
        );
    }

    #[test]
    fn acronyms_link_across_documents() {
        let mentions = vec![
            m("a", "U.S. Forces Korea", "U.S. Forces Korea", false),
            m("a", "USFK", "U.S. Forces Korea", true),
            m("b", "USFK", "USFK", true),
            m("b", "USFK's", "USFK", true),
            m(
                "c",
                "Combined Forces Command",
                "Combined Forces Command",
                false,
            ),
        ];
        let defs = vec![("USFK".to_string(), "U.S. Forces Korea".to_string())];
        let (a, e) = reconcile(&mentions, &defs);
        assert_eq!(a[0].entity_id, a[2].entity_id);
        assert_eq!(a[0].entity_id, a[3].entity_id);
        assert_ne!(a[0].entity_id, a[4].entity_id);
        assert_eq!(a[2].method, "acronym");
        let usfk = e.iter().find(|r| r.entity_id == a[0].entity_id).unwrap();
        assert_eq!(usfk.docs, "a;b");
        assert_eq!(usfk.short, "USFK");
        assert_eq!(usfk.canonical, "U.S. Forces Korea");
    }
}
