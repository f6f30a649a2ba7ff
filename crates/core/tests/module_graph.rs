//! The core's top-level modules form layers: no two import each other,
//! directly or through others. Read from the sources: in code (comments and
//! doc comments aside: a doc link is not a dependency), every `crate::name`
//! and every `super::` path that climbs to the crate root names a module
//! the file's own top-level module depends on. A cycle fails the test with
//! the path it takes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("src entries are readable").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file below `src`, e.g. `ingest/kind.rs` →
/// `["ingest", "kind"]`, `load/mod.rs` → `["load"]`, `lib.rs` → `[]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    &s[..s.find(|c| !is_ident(c)).unwrap_or(s.len())]
}

/// The first segment of each path in a `{a::b, c, d::{e, f}}` group: the
/// names at depth one.
fn group_heads(s: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = true;
    for (i, c) in s.char_indices() {
        match c {
            '{' => {
                depth += 1;
                expect_head = depth == 1;
                continue;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expect_head = true,
            c if expect_head && depth == 1 && is_ident(c) => {
                heads.push(ident(&s[i..]));
                expect_head = false;
            }
            _ => {}
        }
    }
    heads
}

/// The text without its comments (from `//` to the end of a line; the
/// sources have no block comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Top-level modules named from the code of a file at module path `here`.
fn imports(text: &str, here: &[String]) -> BTreeSet<String> {
    let text = &code(text);
    let mut found = BTreeSet::new();
    let mut add = |rest: &str| {
        if rest.starts_with('{') {
            found.extend(group_heads(rest).into_iter().map(str::to_owned));
        } else {
            found.insert(ident(rest).to_owned());
        }
    };
    for (at, _) in text.match_indices("crate::") {
        // `movielens_crate::x` or `my_crate::x` are not the crate root.
        if text[..at].ends_with(is_ident) {
            continue;
        }
        add(&text[at + "crate::".len()..]);
    }
    for (at, _) in text.match_indices("super::") {
        if text[..at].ends_with(is_ident) || text[..at].ends_with("super::") {
            continue;
        }
        let mut rest = &text[at..];
        let mut ups = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            ups += 1;
        }
        // A file's items live in its module; `super` climbs from there.
        if ups == here.len() {
            add(rest);
        }
    }
    found
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut modules: Graph = BTreeMap::new();
    for file in &files {
        let path = module_path(&src, file);
        if let Some(top) = path.first() {
            modules.entry(top.clone()).or_default();
        }
    }
    for file in &files {
        let path = module_path(&src, file);
        let Some(top) = path.first() else { continue };
        let text = fs::read_to_string(file).expect("sources are UTF-8");
        let deps: BTreeSet<String> = imports(&text, &path)
            .into_iter()
            .filter(|m| m != top && modules.contains_key(m))
            .collect();
        modules.get_mut(top).expect("listed").extend(deps);
    }
    modules
}

/// A cycle of the graph as a path `a → b → … → a`, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit<'a>(
        node: &'a str,
        graph: &'a Graph,
        done: &mut BTreeSet<&'a str>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| *n == node) {
            let mut cycle: Vec<String> = stack[at..].iter().map(|n| n.to_string()).collect();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        stack.push(node);
        for next in &graph[node] {
            if let Some(cycle) = visit(next, graph, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_two_core_modules_import_each_other() {
    let graph = graph();
    let listing: Vec<String> = graph
        .iter()
        .map(|(m, deps)| format!("{m} -> {}", Vec::from_iter(deps.iter().cloned()).join(", ")))
        .collect();
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "modules import each other: {}\nthe graph:\n{}",
            cycle.join(" -> "),
            listing.join("\n")
        );
    }
}

#[test]
fn the_shared_vocabulary_imports_nothing_of_the_crate() {
    let graph = graph();
    assert_eq!(graph["vocab"], BTreeSet::new());
    // The layers the load path sits on.
    for (module, below) in [
        ("error", &["vocab"][..]),
        ("lineage", &["vocab"]),
        ("ingest", &["error", "vocab"]),
        (
            "load",
            &["clean", "error", "ingest", "lineage", "model", "vocab"],
        ),
    ] {
        let deps: Vec<&str> = graph[module].iter().map(String::as_str).collect();
        assert_eq!(deps, below, "{module}");
    }
}

#[test]
fn the_reader_sees_imports_in_all_their_forms() {
    let here = ["clean".to_owned(), "dedupe".to_owned()];
    let text = "use crate::{model::Ratings, ingest::{lines, kind}};\n\
                use super::super::lineage::Lineage;\n\
                use super::Cleaner;\n\
                use crate::vocab::Warning; // and crate::report in a comment\n\
                /// See [`crate::expect::Outcome`]: a doc link.\n\
                let x = movielens_crate::table::Dataset;";
    let found: Vec<String> = imports(text, &here).into_iter().collect();
    assert_eq!(found, ["ingest", "lineage", "model", "vocab"]);
    let mut cyclic: Graph = BTreeMap::new();
    cyclic.insert("a".into(), ["b".to_owned()].into());
    cyclic.insert("b".into(), ["c".to_owned()].into());
    cyclic.insert("c".into(), ["a".to_owned()].into());
    assert_eq!(find_cycle(&cyclic).unwrap(), ["a", "b", "c", "a"]);
    cyclic.get_mut("c").unwrap().clear();
    assert_eq!(find_cycle(&cyclic), None);
}
