//! README.md's and docs/*.md's console examples are what the binary prints. Every `$ dutymatrix …` line of a
//! ```console block whose output depends only on its arguments is run and compared line by line;
//! the rest (ledger rows stamped with the clock, files the reader must supply, pipes into jq) are
//! left to their own tests. A line `…` in README stands for any number of lines, and a line ending
//! in `…` for any line it begins; `(exit N)` after a line is the exit code expected.

use crate::common::cmd;
use std::path::Path;

struct Example {
    line: usize,
    args: Vec<String>,
    /// `| head -N` after the command.
    head: Option<usize>,
    expected: Vec<String>,
    exit: i32,
}

/// The examples that can be checked: the command runs in an empty folder with no ledger, no
/// config and no files of the reader's.
fn examples_of(readme: &str) -> Vec<Example> {
    let mut found = Vec::new();
    let mut in_console = false;
    let mut current: Option<Example> = None;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_console = line == "```console";
            found.extend(current.take());
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            found.extend(current.take());
            current = parse(i + 1, command);
        } else if let Some(ex) = current.as_mut() {
            let (text, exit) = split_exit(line);
            if let Some(code) = exit {
                ex.exit = code;
            }
            ex.expected.push(text.to_string());
        }
    }
    found
}

/// A command this test can run as written, or None.
fn parse(line: usize, command: &str) -> Option<Example> {
    let (command, head) = match command.split_once(" | ") {
        Some((c, pipe)) => {
            let n = pipe.strip_prefix("head -")?.trim().parse().ok()?;
            (c, Some(n))
        }
        None => (command, None),
    };
    let words: Vec<&str> = command.split_whitespace().collect();
    let unrunnable = |w: &&str| {
        matches!(*w, "ledger" | "--doc" | "-o" | ">" | ";") || w.contains(['\'', '"', '$'])
    };
    if words.first() != Some(&"dutymatrix") || words.iter().any(unrunnable) {
        return None;
    }
    Some(Example {
        line,
        args: words[1..].iter().map(|w| w.to_string()).collect(),
        head,
        expected: Vec::new(),
        exit: 0,
    })
}

/// `text        (exit 2)` → ("text", Some(2)).
fn split_exit(line: &str) -> (&str, Option<i32>) {
    if let Some(open) = line.rfind("(exit ") {
        let code = line[open + 6..].trim_end_matches(')').trim();
        if let Ok(code) = code.parse() {
            return (line[..open].trim_end(), Some(code));
        }
    }
    (line, None)
}

/// Expected lines, with `…` elisions, against the real ones.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    let Some((first, rest)) = expected.split_first() else {
        return actual.is_empty();
    };
    if first.trim() == "…" {
        return (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]));
    }
    let Some((line, after)) = actual.split_first() else {
        return false;
    };
    let fits = match first.strip_suffix('…') {
        Some(prefix) if !line.ends_with('…') => line.starts_with(prefix),
        _ => line == first,
    };
    fits && matches(rest, after)
}

#[test]
fn console_examples_are_what_the_binary_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    let mut examples = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).expect("a page");
        let name = page
            .strip_prefix(root)
            .unwrap_or(page)
            .display()
            .to_string();
        examples.extend(examples_of(&text).into_iter().map(|e| (name.clone(), e)));
    }
    assert!(
        examples.len() >= 8,
        "the pages' runnable examples were not found: {}",
        examples.len()
    );
    let scratch = tempfile::tempdir().expect("scratch folder");
    let mut wrong = Vec::new();
    for (page, ex) in &examples {
        let out = cmd()
            .args(&ex.args)
            .current_dir(scratch.path())
            .output()
            .expect("the binary runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code().unwrap_or(-1);
        // What README shows: stdout when it succeeds, the message on stderr when it fails, and
        // then stdout must be empty.
        let shown = if ex.exit == 0 { &stdout } else { &stderr };
        let mut actual: Vec<&str> = shown.trim_start_matches('\u{feff}').lines().collect();
        if let Some(n) = ex.head {
            actual.truncate(n);
        }
        let mut expected = ex.expected.clone();
        while expected.last().is_some_and(|l| l.is_empty()) {
            expected.pop();
        }
        if code != ex.exit || (ex.exit != 0 && !stdout.is_empty()) || !matches(&expected, &actual) {
            wrong.push(format!(
                "{page}:{} `dutymatrix {}` exit {code} (page: {})\n--- page\n{}\n--- real\n{}",
                ex.line,
                ex.args.join(" "),
                ex.exit,
                expected.join("\n"),
                actual.join("\n"),
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn elision_matches_any_run_of_lines_and_line_prefixes() {
    let expected: Vec<String> = ["a", "…", "d", "e…"].map(String::from).to_vec();
    assert!(matches(&expected, &["a", "b", "c", "d", "ef"]));
    assert!(matches(&expected, &["a", "d", "e"]));
    assert!(!matches(&expected, &["a", "b", "x", "f"]));
    assert!(!matches(&expected, &["a", "d"]));
    assert_eq!(split_exit("msg   (exit 1)"), ("msg", Some(1)));
    assert_eq!(split_exit("（到“十四五”末）"), ("（到“十四五”末）", None));
}

/// The first cell of every row of README's key table, as key names: `backticked` spans whole,
/// the rest split on `,` `/` spaces and the words "or".
fn key_table_rows(readme: &str) -> Vec<Vec<String>> {
    let table = readme
        .split("## Keys")
        .nth(1)
        .expect("docs/dashboard.md has a ## Keys section");
    let mut rows = Vec::new();
    for line in table.lines().skip_while(|l| !l.starts_with('|')) {
        let Some(cell) = line.strip_prefix('|').and_then(|l| l.split('|').next()) else {
            break;
        };
        let mut names = Vec::new();
        for (i, part) in cell.split('`').enumerate() {
            if i % 2 == 1 {
                names.push(part.to_string());
            } else {
                names.extend(
                    part.split([',', '/', ' ', '(', ')'])
                        .filter(|w| !w.is_empty() && *w != "or")
                        .map(String::from),
                );
            }
        }
        rows.push(names);
    }
    rows
}

#[test]
fn key_table_lists_every_binding() {
    use dutymatrix::tui::keys::{BINDINGS, label};
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/dashboard.md"))
            .expect("docs/dashboard.md");
    let rows = key_table_rows(&readme);
    assert!(rows.len() > 20, "key table not found: {rows:?}");
    let missing: Vec<String> = BINDINGS
        .iter()
        .filter(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| label(*k)).collect();
            !rows.iter().any(|row| keys.iter().all(|k| row.contains(k)))
        })
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| label(*k)).collect();
            format!("{:?} ({})", b.action, keys.join(", "))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "README's key table has no row for: {}",
        missing.join("; ")
    );
}

/// README's opening block gives the test command, and .ci/run runs that command, so that
/// whoever follows README runs what CI runs: every crate's tests, not only the application's.
#[test]
fn the_test_command_is_the_one_ci_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    let opening = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("README opens with a sh block");
    let command = |line: &str| line.split('#').next().unwrap_or("").trim().to_string();
    let readme_tests: Vec<String> = opening
        .lines()
        .map(command)
        .filter(|c| c.starts_with("cargo test"))
        .collect();
    let ci_tests: Vec<String> = ci
        .lines()
        .map(command)
        .filter(|c| c.starts_with("cargo test"))
        .collect();
    assert_eq!(readme_tests, ["cargo test --workspace --locked"]);
    assert_eq!(ci_tests, readme_tests);
}
