//! The lexicon of well-known bodies (`data/lexicon.csv` plus the user's
//! `--lexicon`), compiled to one automaton.

use super::*;

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
    pub(super) matcher: AhoCorasick,
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
