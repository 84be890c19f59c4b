//! Messages are typed functions of their values (the `words` module), never templates filled by
//! replacing `{}` or `{name}`: a value that itself holds braces (a path such as `x{}y`) was
//! printed wrong that way. This reads the sources so that no such replacement comes back.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_message_is_filled_by_replacing_braces() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "crates"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "the sources were found");
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source");
        for (i, line) in text.lines().enumerate() {
            let l = line.replace(' ', "");
            if l.contains(".replace(\"{") || l.contains(".replacen(\"{") {
                found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_ledger_path_with_braces_is_printed_as_written() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger = dir.path().join("x{}y").join("l.sqlite3");
    std::fs::create_dir_all(ledger.parent().expect("parent")).expect("folder");
    let out = crate::common::cmd()
        .args(["--today", "2026-12-01", "--ledger"])
        .arg(&ledger)
        .args(["ledger", "init"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(&format!("已创建台账 {}，", ledger.display())),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with("为督查"), "{stdout}");
    assert_eq!(stdout.matches("{}").count(), 1, "{stdout}");
}
