//! The layers as the sources state them: each crate's top-level modules use only those before
//! them in a declared order, no two sibling submodules of a directory module use each other
//! round a circle, and the crates under the application know no terminal or command line.
//!
//! The sources are read as text, not compiled: `//` and `/* */` comments, string and character
//! literals and `#[cfg(test)] mod … { … }` blocks are removed, then every path that starts with
//! `crate::`, `super::` or `self::` (a `use` tree's braces expanded) is resolved to the module
//! it names. A re-export of another crate (`crate::text`, the application's `crate::model`) is
//! no module of the crate's own and so is not an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path inside a crate: `["load", "cache"]` for `load/cache/mod.rs`.
type ModPath = Vec<String>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The source with comments removed and every string and character literal emptied, so that
/// neither a `//` in a URL nor a brace in a format string is taken for code.
fn code_only(src: &str) -> String {
    let s: Vec<char> = src.chars().collect();
    let at = |i: usize, pat: &str| {
        pat.chars()
            .enumerate()
            .all(|(k, c)| s.get(i + k) == Some(&c))
    };
    let ident_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if at(i, "//") {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            let mut depth = 0;
            while i < s.len() {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if (c == 'r' || (c == 'b' && s.get(i + 1) == Some(&'r')))
            && (i == 0 || !ident_char(s[i - 1]))
            && {
                let start = if c == 'b' { i + 2 } else { i + 1 };
                let hashes = s[start..].iter().take_while(|&&h| h == '#').count();
                s.get(start + hashes) == Some(&'"')
            }
        {
            // A raw string: r"…", r#"…"#, br"…", ended by the quote and as many #.
            let start = if c == 'b' { i + 2 } else { i + 1 };
            let hashes = s[start..].iter().take_while(|&&h| h == '#').count();
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            i = start + hashes + 1;
            while i < s.len() && !at(i, &close) {
                i += 1;
            }
            i += close.chars().count();
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < s.len() && s[i] != '"' {
                i += if s[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && s.get(i + 1) == Some(&'\\') {
            i += 2;
            while i < s.len() && s[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && s.get(i + 2) == Some(&'\'') {
            // A one-character literal such as '"' or '{'; a lifetime has no closing quote.
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Tokens: identifiers (and `*`), `::`, braces and commas; everything else as one character.
fn tokens(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = c.to_string();
            while let Some(&n) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_') {
                word.push(n);
                chars.next();
            }
            out.push(word);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.push("::".into());
        } else if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    out
}

/// The tokens without `#[cfg(test)] mod NAME { … }`: what the tests of a module use is not
/// what the module uses.
fn without_test_modules(toks: &[String]) -> Vec<String> {
    let pattern = ["#", "[", "cfg", "(", "test", ")", "]"];
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let is_attr = toks.len() - i >= pattern.len() && toks[i..i + 7] == pattern;
        // After the attribute: `pub`, `pub(crate)` or nothing, then `mod NAME {`.
        let mut j = i + pattern.len();
        if is_attr && toks.get(j).is_some_and(|t| t == "pub") {
            j += 1;
            if toks.get(j).is_some_and(|t| t == "(") {
                while j < toks.len() && toks[j] != ")" {
                    j += 1;
                }
                j += 1;
            }
        }
        let inline_mod = is_attr
            && toks.get(j).is_some_and(|t| t == "mod")
            && toks.get(j + 2).is_some_and(|t| t == "{");
        if !inline_mod {
            out.push(toks[i].clone());
            i += 1;
            continue;
        }
        let mut depth = 0;
        i = j + 2;
        while i < toks.len() {
            match toks[i].as_str() {
                "{" => depth += 1,
                "}" => depth -= 1,
                _ => {}
            }
            i += 1;
            if depth == 0 {
                break;
            }
        }
    }
    out
}

/// Every path a use tree or an expression writes from `crate`, `super` or `self`, braces
/// expanded: `use crate::{a::{b, c}, d}` gives `crate::a::b`, `crate::a::c`, `crate::d`.
fn rooted_paths(toks: &[String]) -> Vec<Vec<String>> {
    fn tree(toks: &[String], mut k: usize) -> (Vec<Vec<String>>, usize) {
        let mut segments: Vec<String> = Vec::new();
        let mut found = Vec::new();
        while k < toks.len() {
            let t = toks[k].as_str();
            if t == "{" {
                k += 1;
                while k < toks.len() && toks[k] != "}" {
                    if toks[k] == "," {
                        k += 1;
                        continue;
                    }
                    let (inner, next) = tree(toks, k);
                    found.extend(inner.into_iter().map(|p| [segments.clone(), p].concat()));
                    // Past a rename (`as NAME`) to the next item of the group.
                    k = next.max(k + 1);
                    while k < toks.len() && toks[k] != "," && toks[k] != "}" {
                        k += 1;
                    }
                }
                return (found, k + 1);
            }
            let word = t == "*" || t.chars().all(|c| c.is_alphanumeric() || c == '_');
            if !word {
                break;
            }
            segments.push(t.to_string());
            k += 1;
            if toks.get(k).is_some_and(|t| t == "::") {
                k += 1;
            } else {
                break;
            }
        }
        found.push(segments);
        (found, k)
    }
    let mut paths = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let starts = matches!(toks[k].as_str(), "crate" | "super" | "self")
            && toks.get(k + 1).is_some_and(|t| t == "::")
            && (k == 0 || toks[k - 1] != "::");
        if starts {
            let (found, next) = tree(toks, k);
            paths.extend(found);
            k = next.max(k + 1);
        } else {
            k += 1;
        }
    }
    paths
}

/// The module a source file is: `load/cache/mod.rs` → `load::cache`, `load/file.rs` →
/// `load::file`.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: ModPath = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The submodules of the module whose folder is `dir`: `NAME.rs` and `NAME/mod.rs`.
fn children(dir: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("module folder").flatten() {
        let path = entry.path();
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder_module = path.is_dir() && path.join("mod.rs").is_file();
        let file_module = path.extension().is_some_and(|e| e == "rs")
            && !matches!(name.as_str(), "mod" | "lib" | "main");
        if folder_module || file_module {
            names.insert(name);
        }
    }
    names
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// For each directory module of the crate whose sources are in `src` (the crate root as
/// `[]`), which of its submodules uses which: `(user, used)` pairs.
fn uses(src: &Path) -> BTreeMap<ModPath, BTreeSet<(String, String)>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut edges: BTreeMap<ModPath, BTreeSet<(String, String)>> = BTreeMap::new();
    for file in files {
        let here = module_of(src, &file);
        if here.len() == 1 && matches!(here[0].as_str(), "lib" | "main") {
            continue;
        }
        let is_folder_module = file.file_name().is_some_and(|n| n == "mod.rs");
        let text = std::fs::read_to_string(&file).expect("source");
        let toks = without_test_modules(&tokens(&code_only(&text)));
        for path in rooted_paths(&toks) {
            let target: ModPath = match path[0].as_str() {
                "crate" => path[1..].to_vec(),
                "super" => {
                    let ups = path.iter().take_while(|p| *p == "super").count();
                    // In a file module, `super` is the folder's module; in mod.rs, its parent.
                    let base = here.len().saturating_sub(ups);
                    [&here[..base], &path[ups..]].concat()
                }
                // `self::x` in a file module names its own items, in mod.rs its submodules.
                "self" if is_folder_module => [&here[..], &path[1..]].concat(),
                _ => continue,
            };
            for depth in 0..here.len() {
                let parent = &here[..depth];
                let (user, used) = match (here.get(depth), target.get(depth)) {
                    (Some(u), Some(t)) if target.starts_with(parent) && u != t => (u, t),
                    _ => continue,
                };
                if children(&src.join(parent.join("/"))).contains(used) {
                    edges
                        .entry(parent.to_vec())
                        .or_default()
                        .insert((user.clone(), used.clone()));
                }
            }
        }
    }
    edges
}

/// A circle among these edges, as `a → b → … → a`, if there is one.
fn circle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeSet<(String, String)>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for (_, next) in edges.iter().filter(|(from, _)| from == node) {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .iter()
        .find_map(|(from, _)| visit(from, edges, &mut Vec::new(), &mut done))
}

fn name(parent: &[String], module: &str) -> String {
    [parent, &[module.to_string()]].concat().join("::")
}

/// Every circle among sibling submodules, crate root included.
fn circles(src: &Path) -> Vec<String> {
    uses(src)
        .iter()
        .filter_map(|(parent, edges)| {
            let found = circle(edges)?;
            let shown: Vec<String> = found.iter().map(|m| name(parent, m)).collect();
            Some(shown.join(" → "))
        })
        .collect()
}

/// The top-level modules of the crate at `src`, each using only those before it in `order`
/// (and no module missing from `order`, so that a new one must be given its place).
fn check_order(src: &Path, order: &[&str]) -> Vec<String> {
    let mut wrong = Vec::new();
    let on_disk = children(src);
    let declared: BTreeSet<String> = order.iter().map(|m| m.to_string()).collect();
    for missing in on_disk.difference(&declared) {
        wrong.push(format!(
            "{missing} is in {} but not in the order",
            src.display()
        ));
    }
    for gone in declared.difference(&on_disk) {
        wrong.push(format!(
            "{gone} is in the order but not in {}",
            src.display()
        ));
    }
    let rank = |m: &str| order.iter().position(|o| *o == m);
    let top = uses(src).remove(&Vec::new()).unwrap_or_default();
    for (user, used) in &top {
        if let (Some(u), Some(d)) = (rank(user), rank(used))
            && d >= u
        {
            wrong.push(format!(
                "{user} uses {used}, which comes after it ({})",
                order.join(" → ")
            ));
        }
    }
    wrong.extend(circles(src));
    wrong
}

#[test]
fn the_source_reader_sees_paths_and_not_comments_strings_or_tests() {
    let src = r##"
        use crate::{model::{Task, Unit as U}, search, text};
        use super::super::reason::Reason; // crate::commented
        /* crate::block /* nested */ crate::still_comment */
        const URL: &str = "http://x/crate::in_string";
        const RAW: &str = r#"crate::in_raw "quoted""#;
        const Q: char = '"';
        fn f<'a>(x: &'a str) { crate::index::build(x); }
        #[cfg(test)]
        mod tests { use crate::timeline; }
    "##;
    let toks = without_test_modules(&tokens(&code_only(src)));
    let paths: Vec<String> = rooted_paths(&toks).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        paths,
        [
            "crate::model::Task",
            "crate::model::Unit",
            "crate::search",
            "crate::text",
            "super::super::reason::Reason",
            "crate::index::build",
        ]
    );
}

#[test]
fn a_circle_is_found_and_named() {
    let edges: BTreeSet<(String, String)> = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .iter()
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect();
    assert_eq!(
        circle(&edges).map(|c| c.join(" → ")),
        Some("a → b → c → a".to_string())
    );
    let acyclic: BTreeSet<(String, String)> = [("a", "b"), ("a", "c"), ("b", "c")]
        .iter()
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect();
    assert_eq!(circle(&acyclic), None);
}

/// `text` is base's, re-exported, and so usable from anywhere in the reader.
#[test]
fn the_reader_flows_one_way() {
    let src = root().join("crates/reader/src");
    let order = [
        "compressed",
        "shared_str",
        "sources",
        "domain",
        "level",
        "index",
        "model",
        "source",
        "extract",
        "load",
        "search",
        "counterparts",
        "meeting",
        "timeline",
    ];
    let wrong = check_order(&src, &order);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The test reads what it is meant to: edges the reader is known to have.
    let top = uses(&src).remove(&Vec::new()).unwrap_or_default();
    for (user, used) in [
        ("extract", "model"),
        ("model", "index"),
        ("index", "domain"),
    ] {
        assert!(
            top.contains(&(user.to_string(), used.to_string())),
            "{user} → {used} not seen: {top:?}"
        );
    }
    let load = uses(&src)
        .remove(&vec!["load".to_string()])
        .unwrap_or_default();
    assert!(
        load.contains(&("cache".to_string(), "reason".to_string())),
        "load::cache → load::reason not seen: {load:?}"
    );
}

#[test]
fn the_application_flows_one_way() {
    let wrong = check_order(
        &root().join("src"),
        &["allocator", "words", "prefs", "export", "cli", "tui"],
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_circles_in_the_ledger_base_or_generator() {
    for krate in [
        "crates/ledger/src",
        "crates/base/src",
        "crates/gencorpus/src",
    ] {
        let found = circles(&root().join(krate));
        assert!(found.is_empty(), "{krate}: {}", found.join("\n"));
    }
}

/// The dependencies a Cargo.toml names in any of its tables: `[dependencies]`,
/// `[dev-dependencies]`, `[build-dependencies]`, per target, and `[dependencies.NAME]`.
fn dependencies(manifest: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_table = false;
    for line in manifest.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']');
            let last = header.rsplit('.').next().unwrap_or(header);
            in_table = last.ends_with("dependencies");
            if let Some((table, dep)) = header.rsplit_once('.')
                && table.ends_with("dependencies")
            {
                names.insert(dep.trim_matches('"').to_string());
            }
        } else if in_table && let Some((key, _)) = line.split_once('=') {
            let key = key.trim();
            if !key.starts_with('#') {
                names.insert(key.split('.').next().unwrap_or(key).to_string());
            }
        }
    }
    names
}

#[test]
fn the_lower_crates_know_no_terminal_or_command_line() {
    let ui = ["ratatui", "crossterm", "clap"];
    let sample = "[dependencies]\nfoo = \"1\"\nbar.workspace = true\n[dependencies.baz]\nversion = \"2\"\n[target.'cfg(unix)'.dev-dependencies]\nqux = \"3\"\n[lints]\nnot_a_dep = 1\n";
    assert_eq!(
        dependencies(sample).into_iter().collect::<Vec<_>>(),
        ["bar", "baz", "foo", "qux"]
    );
    let mut wrong = Vec::new();
    for krate in ["crates/base", "crates/reader", "crates/ledger"] {
        let manifest =
            std::fs::read_to_string(root().join(krate).join("Cargo.toml")).expect("Cargo.toml");
        let deps = dependencies(&manifest);
        assert!(
            deps.contains("thiserror"),
            "{krate}: the manifest was not read: {deps:?}"
        );
        wrong.extend(
            ui.iter()
                .filter(|d| deps.contains(**d))
                .map(|d| format!("{krate} depends on {d}")),
        );
    }
    // And the application does, so the names are spelled as Cargo.toml spells them.
    let app =
        dependencies(&std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml"));
    assert!(ui.iter().all(|d| app.contains(*d)), "{app:?}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
