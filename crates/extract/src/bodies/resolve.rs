//! Overlaps between the three sources of mentions resolved by precedence,
//! and each mention's country.

use super::*;
use std::rc::Rc;

/// Overlap resolution: acronym definitions first; then the longer name
/// (`United Nations Command` over the lexicon's `United Nations` inside
/// it); on equal spans the lexicon, which knows the canonical name.
pub(super) fn resolve(mut cands: Vec<Cand>) -> Vec<BodyMention> {
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
    let mut taken = crate::extractor::SpanSet::for_spans(cands.iter().map(|c| &c.span));
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

/// Names split into their countries and the rest a thread has already
/// split, up to [`SPLITS_KEPT`]: the same names recur across documents
/// (`Department of Defense`, `Republic of Korea`), and folding and
/// splitting a name costs more than looking it up.
const SPLITS_KEPT: usize = 1 << 16;

/// A name's countries joined by `/`, and its base shared with the memo.
type Split = (String, Rc<str>);

thread_local! {
    static SPLITS: std::cell::RefCell<foldhash::HashMap<String, Split>> =
        Default::default();
}

/// `name`'s countries joined by `/` and its base (see
/// `nations::split_folded`), from the thread's memo when it holds them.
fn split_name(name: &str) -> Split {
    SPLITS.with_borrow_mut(|known| {
        if let Some(split) = known.get(name) {
            return split.clone();
        }
        let (nations, base) = nations::split_folded(&nations::fold(name));
        let split = (nations.join("/"), Rc::from(base));
        // A bounded memo: a pure function's results, dropped when full.
        if known.len() >= SPLITS_KEPT {
            known.clear();
        }
        known.insert(name.to_string(), split.clone());
        split
    })
}

/// Gives each mention of a state's body its country: the one its name
/// carries (`ROK Navy`, `Russian Ministry of Defense`), else a possessive
/// just before it (`Taiwan's Ministry of National Defense`) or a capital
/// just after it (`the Ministry of National Defense in Seoul`); a mention
/// with none takes the country its document gives the same name elsewhere,
/// when it gives only one. Organizations (think tanks, companies) are
/// known by their names alone and get none.
pub(super) fn assign_nations(text: &str, bodies: &mut [BodyMention]) {
    let mut bases: Vec<Rc<str>> = Vec::with_capacity(bodies.len());
    let none: Rc<str> = Rc::from("");
    for b in bodies.iter_mut() {
        if b.kind == BodyType::Org {
            bases.push(none.clone());
            continue;
        }
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
            .map(|(b, base)| (&**base, b.nation.as_str())),
    );
    let inherited: Vec<Option<String>> = bodies
        .iter()
        .zip(&bases)
        .map(|(b, base)| {
            let n = only.get(&**base).filter(|_| b.nation.is_empty())?;
            Some(n.to_string())
        })
        .collect();
    for (b, n) in bodies.iter_mut().zip(inherited) {
        if let Some(n) = n {
            b.nation = n;
        }
    }
}
