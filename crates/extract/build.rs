//! Compiles rule tables kept as data into code: `data/heads.csv` (head
//! nouns, the body types they give, and when) becomes one `match` on the
//! head word, as fast as the hand-written match it replaced. The file is
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
    let mut out = String::from(
        "/// The rules of a head word, in file order (generated from data/heads.csv).\n\
         pub(super) fn head_rules(t: &str) -> &'static [(BodyType, HeadContext)] {\n    match t {\n",
    );
    for (head, rules) in &groups {
        let _ = writeln!(out, "        {head:?} => &[{}],", rules.join(", "));
    }
    out.push_str("        _ => &[],\n    }\n}\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("heads.rs");
    std::fs::write(path, out).expect("write generated heads.rs");
}
