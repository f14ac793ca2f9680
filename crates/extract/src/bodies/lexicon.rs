//! The lexicon of well-known bodies (`data/lexicon.csv` plus the user's
//! `--lexicon`), compiled to one automaton.

use super::*;
use crate::prefixes::NameStarts;

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
    pub(super) entries: Vec<(LexEntry, BodyType)>,
    fingerprint: String,
    pub(super) matcher: Names,
    by_name: HashMap<String, usize>,
}

pub(super) const EMBEDDED_LEXICON: &str = include_str!("../../data/lexicon.csv");

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
        let matcher = Names::new(entries.iter().map(|(e, _)| e.name.as_str()));
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

/// The lexicon's names as automata: those that begin with a capital
/// (nearly all) searched only where a capital stands, the rest over every
/// byte. Together they find what one leftmost-longest search of every
/// name over every byte finds; the DFA over every byte was a fifth of the
/// body extractor's time.
#[derive(Debug)]
pub(super) struct Names {
    /// Names beginning with `A`-`Z`, run anchored.
    capital: AhoCorasick,
    /// Entry index of each of them.
    capital_ids: Vec<usize>,
    /// Where they may begin (each begins with an ASCII capital, so at
    /// one of the view's capitals).
    starts: NameStarts,
    /// The other names (`al-Qaeda`, a user's `3rd Fleet`), if any.
    other: Option<AhoCorasick>,
    other_ids: Vec<usize>,
}

impl Names {
    fn new<'a>(names: impl Iterator<Item = &'a str>) -> Self {
        let (mut capital, mut other) = (Vec::new(), Vec::new());
        for (i, name) in names.enumerate() {
            if name.as_bytes()[0].is_ascii_uppercase() {
                capital.push((i, name));
            } else {
                other.push((i, name));
            }
        }
        let starts = NameStarts::new(capital.iter().map(|(_, n)| *n));
        // DFAs: they read their bytes several times faster than the
        // default NFA, for memory proportional to the lexicon.
        let build = |names: &[(usize, &str)], start: StartKind| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .start_kind(start)
                .build(names.iter().map(|(_, n)| n))
                .expect("lexicon automaton builds")
        };
        Names {
            capital: build(&capital, StartKind::Anchored),
            capital_ids: capital.iter().map(|(i, _)| *i).collect(),
            starts,
            other: (!other.is_empty()).then(|| build(&other, StartKind::Unanchored)),
            other_ids: other.iter().map(|(i, _)| *i).collect(),
        }
    }

    /// The matches of a leftmost-longest search of every name over `text`,
    /// in order: `(entry index, span)`. `capitals` are the text's bytes
    /// that can begin a capital
    /// ([`TextView::capitals`](crate::textview::TextView::capitals)), a
    /// superset of the first bytes of the capital names.
    pub(super) fn find_all(&self, text: &str, capitals: &[usize]) -> Vec<(usize, Range<usize>)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        // The first match of the other names from some position up to
        // `at` on, or none: kept while it starts at or after `at` (then it
        // is still the first), and once none is found, for good.
        let mut other: Option<Option<aho_corasick::Match>> = None;
        while at < bytes.len() {
            if other.is_none_or(|o| o.is_some_and(|m| m.start() < at)) {
                other = Some(
                    self.other
                        .as_ref()
                        .and_then(|ac| ac.find(aho_corasick::Input::new(text).range(at..))),
                );
            }
            let other = other.flatten();
            // A capital name wins if it starts before the other match: no
            // position begins names of both kinds.
            let limit = other.map_or(bytes.len(), |m| m.start());
            let capital = self.capital_before(text, capitals, at, limit);
            let (id, span) = match (capital, other) {
                (Some(m), _) => (self.capital_ids[m.pattern().as_usize()], m.range()),
                (None, Some(m)) => (self.other_ids[m.pattern().as_usize()], m.range()),
                (None, None) => break,
            };
            at = span.end;
            out.push((id, span));
        }
        out
    }

    /// The longest capital name at the first position in `at..limit`
    /// where one begins.
    fn capital_before(
        &self,
        text: &str,
        capitals: &[usize],
        at: usize,
        limit: usize,
    ) -> Option<aho_corasick::Match> {
        let bytes = text.as_bytes();
        let from = capitals.partition_point(|&p| p < at);
        for &p in capitals[from..].iter().take_while(|&&p| p < limit) {
            if !self.starts.may_begin(bytes, p) {
                continue;
            }
            let input = aho_corasick::Input::new(text)
                .range(p..)
                .anchored(aho_corasick::Anchored::Yes);
            if let Some(m) = self.capital.find(input) {
                return Some(m);
            }
        }
        None
    }
}

pub(super) fn parse_lexicon(
    bytes: &[u8],
) -> std::result::Result<Vec<(LexEntry, BodyType)>, String> {
    // Read forgivingly: a spreadsheet may save `;` or tab separators, a
    // byte-order mark, headers in any case (`Name,Type,Canonical`).
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(b"");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers = rdr
        .headers()
        .map_err(|e| format!("lexicon header: {e}"))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(name_col), Some(type_col)) = (col("name"), col("type")) else {
        return Err(format!(
            "lexicon header: columns name,type,canonical expected (canonical optional), found {:?}",
            headers.iter().collect::<Vec<_>>()
        ));
    };
    let canonical_col = col("canonical");
    let mut out = Vec::new();
    for (i, row) in rdr.records().enumerate() {
        let row = row.map_err(|e| format!("lexicon row {}: {e}", i + 2))?;
        let field = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").trim().to_string();
        let (name, kind) = (field(Some(name_col)), field(Some(type_col)));
        if name.is_empty() {
            return Err(format!("lexicon row {}: empty name", i + 2));
        }
        let t = BodyType::parse(&kind).ok_or_else(|| {
            format!(
                "lexicon row {}: unknown type {kind:?}; the types are {}",
                i + 2,
                BodyType::ALL.map(BodyType::as_str).join(", ")
            )
        })?;
        let canonical = Some(field(canonical_col))
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| name.clone());
        out.push((
            LexEntry {
                name,
                kind,
                canonical,
            },
            t,
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capitals_of(text: &str) -> Vec<usize> {
        crate::bytescan::capital_positions(text.as_bytes())
    }

    /// One leftmost-longest search of every name over every byte: what
    /// [`Names::find_all`] must give.
    fn reference(names: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names)
            .expect("builds")
            .find_iter(text)
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect()
    }

    fn embedded_names() -> Vec<String> {
        Lexicon::embedded()
            .entries
            .iter()
            .map(|(e, _)| e.name.clone())
            .collect()
    }

    #[test]
    fn names_of_both_kinds_are_found_as_one_search_finds_them() {
        let names = [
            "NATO",
            "North Atlantic",
            "al-Qaeda",
            "al Qaeda",
            "3rd Fleet",
            "Al",
        ];
        let m = Names::new(names.iter().copied());
        for text in [
            "NATO and al-Qaeda met the 3rd Fleet",
            "al-QaedaNATO",
            "Alal Qaeda North Atlantic",
            "the 3rd FleetNATO al",
            "",
        ] {
            assert_eq!(
                m.find_all(text, &capitals_of(text)),
                reference(&names, text),
                "{text:?}"
            );
        }
    }

    /// The embedded names, their split search and the one search.
    static EMBEDDED: LazyLock<(Vec<String>, Names, AhoCorasick)> = LazyLock::new(|| {
        let names = embedded_names();
        let split = Names::new(names.iter().map(String::as_str));
        let one = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .expect("builds");
        (names, split, one)
    });

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// The embedded names glued, overlapping and cut: the matches of
        /// one search over every byte.
        #[test]
        fn the_split_search_finds_what_one_search_finds(
            parts in proptest::collection::vec(
                proptest::sample::select({
                    let mut w = EMBEDDED.0.clone();
                    for g in [" ", "-", "al", "x", "U", "S", ".", "Korea", "\u{e9}", "'s"] {
                        w.push(g.to_string());
                    }
                    w
                }),
                0..10,
            )
        ) {
            let (_, split, one) = &*EMBEDDED;
            let text = parts.concat();
            let want: Vec<(usize, Range<usize>)> = one
                .find_iter(&text)
                .map(|m| (m.pattern().as_usize(), m.range()))
                .collect();
            proptest::prop_assert_eq!(split.find_all(&text, &capitals_of(&text)), want);
        }
    }
}
