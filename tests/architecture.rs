//! The layout's rules, checked on the sources: no import cycle between the
//! modules of either crate, no file I/O or printing in the extraction
//! library, and no source file over 1,200 lines before its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The modules of a crate's `src` folder (a file, or a folder whose files
/// are read as one) and the sibling modules each one names through
/// `crate::`, outside its tests.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    for e in std::fs::read_dir(src).expect("src folder") {
        let path = e.expect("entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let code = if path.is_dir() {
            rust_files(&path)
                .iter()
                .map(|p| non_test_code(&std::fs::read_to_string(p).expect("source")))
                .collect::<Vec<_>>()
                .join("\n")
        } else if path.extension().is_some_and(|e| e == "rs") {
            non_test_code(&std::fs::read_to_string(&path).expect("source"))
        } else {
            continue;
        };
        modules.insert(name, code);
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (name, code) in &modules {
        let mut uses = BTreeSet::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(list) = rest.strip_prefix('{') {
                let list = &list[..list.find('}').unwrap_or(list.len())];
                uses.extend(
                    list.split(',')
                        .map(|s| s.trim().split("::").next().unwrap_or("").to_string()),
                );
            } else {
                let word: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                uses.insert(word);
            }
        }
        uses.retain(|u| names.contains(u) && u != name && u != "lib" && u != "main");
        graph.insert(name.clone(), uses);
    }
    graph
}

/// The `.rs` files under `dir`, test-only files (`tests.rs`) left out.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir") {
        let path = e.expect("entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The source up to its `#[cfg(test)] mod tests`, with line comments removed.
fn non_test_code(source: &str) -> String {
    let end = source
        .find("#[cfg(test)]\nmod tests")
        .unwrap_or(source.len());
    source[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cycle in the graph, if any, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|s| s == n) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_import_cycle_in_either_crate() {
    for src in ["src", "crates/extract/src"] {
        let graph = module_graph(&root().join(src));
        assert!(graph.len() > 5, "{src}: modules read");
        assert_eq!(find_cycle(&graph), None, "{src}: import cycle");
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let g: BTreeMap<String, BTreeSet<String>> =
        [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
            .collect();
    assert_eq!(find_cycle(&g).map(|c| c.len()), Some(4));
}

#[test]
fn the_extraction_library_does_no_io_and_prints_nothing() {
    for path in rust_files(&root().join("crates/extract/src")) {
        let code = non_test_code(&std::fs::read_to_string(&path).expect("source"));
        for banned in [
            "std::fs",
            "std::io",
            "File::",
            "println!",
            "eprintln!",
            "print!(",
            "std::env",
            "std::process",
        ] {
            assert!(!code.contains(banned), "{}: {banned}", path.display());
        }
    }
}

#[test]
fn source_files_stay_short() {
    const LIMIT: usize = 1200;
    for dir in ["src", "crates/extract/src"] {
        for path in rust_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&path).expect("source");
            let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
            let lines = text[..end].lines().count();
            let rel = path
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(
                lines <= LIMIT,
                "{rel}: {lines} lines before its tests (at most {LIMIT})"
            );
        }
    }
}
