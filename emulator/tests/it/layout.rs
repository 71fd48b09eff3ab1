//! The library's modules import one another without a cycle, so each can be read, and
//! changed, knowing only what it imports.
//!
//! The graph is read from the source: a file under `src/` is a module (`src/lib.rs` the
//! crate's root, `src/main.rs` the binary, not part of it), and every `crate::NAME` in its
//! code (`use crate::NAME…`, `use crate::{NAME, …}`, a path in an expression) is an edge to
//! module `NAME`, or to the root when `NAME` is an item of the root. Comments, doc comments
//! included, are not code: an intra-doc link is no import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The root module's name in the graph.
const ROOT: &str = "lib";

/// Module name to the modules it refers to.
type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn the_library_modules_import_one_another_without_a_cycle() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    // The reading works: the root re-exports from modules, and the server uses the state.
    assert!(graph[ROOT].contains("running"), "{graph:#?}");
    assert!(graph["server"].contains("state"), "{graph:#?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the emulator's modules import one another in a cycle: {}\n{graph:#?}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn a_cycle_is_found_and_named() {
    let graph = parse_graph(&[
        (
            "lib",
            "pub use crate::a::A;\n// use crate::c::C; a comment\n",
        ),
        ("a", "use crate::{b::B, lib_item};\n"),
        ("b", "fn f() { crate::c::g() }\n/// [`crate::a`]\n"),
        ("c", "use crate::{\n    a::{A, Other},\n};\n"),
    ]);
    assert_eq!(graph["lib"], BTreeSet::from(["a".to_owned()]));
    assert_eq!(
        graph["a"],
        BTreeSet::from(["b".to_owned(), ROOT.to_owned()])
    );
    assert_eq!(graph["b"], BTreeSet::from(["c".to_owned()]));
    assert_eq!(find_cycle(&graph).unwrap(), ["a", "b", "c", "a"]);

    let acyclic = parse_graph(&[
        ("lib", "use crate::a::A;"),
        ("a", "use crate::b;"),
        ("b", ""),
    ]);
    assert_eq!(find_cycle(&acyclic), None);
}

/// The modules of the crate whose sources are in `src`, and what each refers to.
fn module_graph(src: &Path) -> Graph {
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(src).expect("read src/") {
        let path = entry.expect("a directory entry").path();
        let name = if path.is_dir() {
            let name = path.file_name().and_then(|n| n.to_str()).map(str::to_owned);
            assert!(
                path.join("mod.rs").is_file(),
                "{}: nested modules are read from NAME/mod.rs",
                path.display()
            );
            name
        } else {
            path.file_stem()
                .and_then(|n| n.to_str())
                .filter(|_| path.extension().is_some_and(|e| e == "rs"))
                .map(str::to_owned)
        };
        let Some(name) = name.filter(|n| n != "main") else {
            continue;
        };
        let file = if path.is_dir() {
            path.join("mod.rs")
        } else {
            path.clone()
        };
        let text = std::fs::read_to_string(&file).expect("read a source file");
        sources.push((name, text));
    }
    let sources: Vec<(&str, &str)> = sources
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    parse_graph(&sources)
}

/// The graph of modules given by name and source.
fn parse_graph(sources: &[(&str, &str)]) -> Graph {
    let modules: BTreeSet<&str> = sources.iter().map(|(name, _)| *name).collect();
    sources
        .iter()
        .map(|(name, text)| {
            let refs = crate_refs(&code_of(text))
                .into_iter()
                .map(|target| {
                    if modules.contains(target.as_str()) && target != ROOT {
                        target
                    } else {
                        ROOT.to_owned()
                    }
                })
                .filter(|target| target != name)
                .collect();
            ((*name).to_owned(), refs)
        })
        .collect()
}

/// The source without comment lines (`//`, `///`, `//!`).
fn code_of(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment after each `crate::`; for `crate::{…}`, that of each item listed.
fn crate_refs(code: &str) -> BTreeSet<String> {
    let mut refs = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let preceded_by_ident = rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        rest = &rest[at + "crate::".len()..];
        if preceded_by_ident {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        refs.extend(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            refs.extend(first_segment(&item));
        } else {
            refs.extend(first_segment(rest));
        }
    }
    refs.remove("self");
    refs
}

/// The identifier `text` starts with, after white space.
fn first_segment(text: &str) -> Option<String> {
    let ident: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!ident.is_empty()).then_some(ident)
}

/// A cycle of the graph, as the modules along it (the first repeated at the end), if any.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        graph: &Graph,
        node: &str,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|n| n == node).unwrap_or_default();
                let mut cycle = path[start..].to_vec();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.to_owned(), Mark::Open);
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(graph, next, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(node.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(graph, node, &mut marks, &mut Vec::new()))
}
