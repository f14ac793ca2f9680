//! Compiles rule tables kept as data into code: `data/heads.csv` (head
//! nouns, the body types they give, and when) becomes one `match` on the
//! head word (by its length and first byte, then its text). The file is
//! checked well formed, and the generated table checked against it, by
//! `bodies::tests`.

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=data/heads.csv");
    let data = std::fs::read_to_string("data/heads.csv").expect("data/heads.csv");
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for line in data.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let [head, kind, context, previous] = f[..] else {
            panic!("data/heads.csv: four fields expected: {line:?}");
        };
        let kind = match kind {
            "org" => "Org",
            "gov" => "Gov",
            "military" => "Military",
            "group" => "Group",
            "installation" => "Installation",
            "agreement" => "Agreement",
            "exercise" => "Exercise",
            _ => panic!("data/heads.csv: unknown type {kind:?}"),
        };
        let context = match context {
            "any" => "HeadContext::Any".to_string(),
            "after_capitalized" => "HeadContext::AfterCapitalized".to_string(),
            "after_forces_qualifier" => "HeadContext::AfterForcesQualifier".to_string(),
            "after" => format!(
                "HeadContext::After(&{:?})",
                previous.split(';').collect::<Vec<_>>()
            ),
            _ => panic!("data/heads.csv: unknown context {context:?}"),
        };
        let rule = format!("(BodyType::{kind}, {context})");
        match groups.last_mut() {
            Some((h, rules)) if h == head => rules.push(rule),
            _ => groups.push((head.to_string(), vec![rule])),
        }
    }
    // Dispatched on the word's length and first byte before its text: a
    // plain `match` on strings compares the word with each head in turn,
    // and most words asked about are no head (a hundred comparisons).
    let mut by_shape: std::collections::BTreeMap<(usize, u8), Vec<String>> = Default::default();
    for (head, rules) in &groups {
        by_shape
            .entry((head.len(), head.as_bytes()[0]))
            .or_default()
            .push(format!("            {head:?} => &[{}],", rules.join(", ")));
    }
    let mut out = String::from(
        "/// The rules of a head word, in file order (generated from data/heads.csv).\n\
         pub(super) fn head_rules(t: &str) -> &'static [(BodyType, HeadContext)] {\n    \
         match (t.len(), t.as_bytes().first().copied().unwrap_or(0)) {\n",
    );
    for ((len, first), arms) in &by_shape {
        let _ = writeln!(out, "        ({len}, {first}) => match t {{");
        for arm in arms {
            let _ = writeln!(out, "{arm}");
        }
        out.push_str("            _ => &[],\n        },\n");
    }
    out.push_str("        _ => &[],\n    }\n}\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("heads.rs");
    std::fs::write(path, out).expect("write generated heads.rs");
}
