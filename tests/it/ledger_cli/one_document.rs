//! A command about one task (`ledger set`, `undo`, `show`, `history`) reads only that task's
//! document: the rest of the corpus is not decoded. What it records and shows must be what a
//! load of everything would, under the same ids, even where documents share an id and are
//! renamed `~2`, `~3`.

use super::run;
use serde_json::Value;
use std::path::Path;

/// The same text three times (one file alone, two in a folder) and another document: their
/// ids come out 通知, doc-00001, 通知~2, 通知~3 in a whole load.
fn corpus(dir: &Path) -> Vec<String> {
    let made = dir.join("made");
    gencorpus::write_corpus(&made, 3, 2).expect("gencorpus writes");
    let text = std::fs::read(made.join("doc-00000.txt")).expect("doc");
    std::fs::create_dir_all(dir.join("alone")).expect("dir");
    std::fs::create_dir_all(dir.join("folder")).expect("dir");
    for path in ["alone/通知.txt", "folder/通知.md", "folder/通知.txt"] {
        std::fs::write(dir.join(path), &text).expect("write");
    }
    std::fs::copy(made.join("doc-00001.txt"), dir.join("folder/doc-00001.txt")).expect("copy");
    vec![
        "--no-builtin".into(),
        "--doc".into(),
        dir.join("alone/通知.txt").display().to_string(),
        "--doc".into(),
        dir.join("folder").display().to_string(),
        "--today".into(),
        "2026-12-01".into(),
        "--ledger".into(),
        dir.join("ledger.sqlite3").display().to_string(),
    ]
}

fn dm(dir: &Path, args: &[String], cache: bool, more: &[&str]) -> super::Run {
    let mut c = crate::common::cmd();
    c.env("XDG_CACHE_HOME", dir.join("xdg")).args(args);
    if !cache {
        c.arg("--no-cache");
    }
    run(c.args(more))
}

/// Where (task, unit) stands, read twice: in the unit's view (every document read, the whole
/// ledger's state) and in the task's own (its document alone); the two must agree.
fn status(dir: &Path, args: &[String], task: &str, unit: &str) -> Option<String> {
    let of_unit = dm(dir, args, true, &["ledger", "show", unit, "--json"]);
    assert_eq!(of_unit.code, 0, "{}", of_unit.stderr);
    let v: Value = serde_json::from_str(&of_unit.stdout).expect("json");
    let item = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["task"] == task)
        .unwrap_or_else(|| panic!("{task} in {unit}'s view"))
        .clone();
    let of_task = dm(dir, args, true, &["ledger", "show", task, "--json"]);
    assert_eq!(of_task.code, 0, "{}", of_task.stderr);
    let t: Value = serde_json::from_str(&of_task.stdout).expect("json");
    let row = t["assignments"]
        .as_array()
        .expect("assignments")
        .iter()
        .find(|a| a["unit"] == unit)
        .expect("the unit's row")
        .clone();
    assert_eq!(row["status"], item["status"], "{task}");
    assert_eq!(row["light"], item["light"], "{task}");
    assert_eq!(row["note"], item["note"], "{task}");
    item["status"].as_str().map(str::to_string)
}

#[test]
fn a_write_to_a_renamed_document_lands_on_it_alone() {
    let tmp = tempfile::tempdir().expect("tmp");
    let args = corpus(tmp.path());
    let listed = dm(tmp.path(), &args, true, &["export", "--format", "json"]);
    let model: Value = serde_json::from_str(&listed.stdout).expect("json");
    let ids: Vec<&str> = model["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert_eq!(ids, ["通知", "doc-00001", "通知~2", "通知~3"]);
    let task = model["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["id"].as_str().is_some_and(|id| id.starts_with("通知~2/")))
        .expect("a task of 通知~2");
    let id = task["id"].as_str().expect("id");
    let unit = task["assignments"][0]["unit"].as_str().expect("unit");
    let number = id.trim_start_matches("通知~2/");
    let twins: Vec<String> = ["通知", "通知~3"]
        .iter()
        .map(|d| format!("{d}/{number}"))
        .collect();

    // From the cache (written by the export above), then from the text.
    for (cache, status_set) in [(true, "doing"), (false, "paused")] {
        let set = dm(
            tmp.path(),
            &args,
            cache,
            &[
                "ledger", "set", id, "--unit", unit, "--status", status_set, "--json",
            ],
        );
        assert_eq!(set.code, 0, "cache {cache}: {}", set.stderr);
        let v: Value = serde_json::from_str(&set.stdout).expect("json");
        assert_eq!(v["task"], id);
        assert_eq!(v["unit"], unit);
        assert_eq!(
            status(tmp.path(), &args, id, unit).as_deref(),
            Some(status_set)
        );
        for twin in &twins {
            assert_eq!(status(tmp.path(), &args, twin, unit), None, "{twin}");
        }
    }
    // A unit named in part is searched for among every unit: the whole corpus is read, and
    // the write still lands on the same task.
    let part: String = unit.chars().skip(1).collect();
    let set = dm(
        tmp.path(),
        &args,
        true,
        &["ledger", "set", id, "--unit", &part, "--status", "done"],
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    assert_eq!(status(tmp.path(), &args, id, unit).as_deref(), Some("done"));
    // Undo takes the same way back.
    let undone = dm(
        tmp.path(),
        &args,
        true,
        &["ledger", "undo", id, "--unit", unit],
    );
    assert_eq!(undone.code, 0, "{}", undone.stderr);
    assert_eq!(
        status(tmp.path(), &args, id, unit).as_deref(),
        Some("paused")
    );
    // Its history: the four rows, in order, the undo last.
    let history = dm(
        tmp.path(),
        &args,
        true,
        &["ledger", "history", id, "--json"],
    );
    assert_eq!(history.code, 0, "{}", history.stderr);
    let rows: Value = serde_json::from_str(&history.stdout).expect("json");
    let rows = rows
        .as_array()
        .or_else(|| rows["rows"].as_array())
        .expect("rows");
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows[3]["undoes"].is_i64(), "{rows:?}");
    // A task that is not there is still refused, after the whole corpus was looked in.
    let missing = format!("通知~2/{number}9");
    let refused = dm(
        tmp.path(),
        &args,
        true,
        &[
            "ledger", "set", &missing, "--unit", unit, "--status", "doing",
        ],
    );
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stdout.is_empty());
}

/// A look at one task decodes only its document's entry: damage in another document's entry is
/// not met (and so not told) there, is not carried into the file when the look rewrites it,
/// and is met by the next command that reads everything. A look that finds no such task reads
/// everything and tells what it found wrong with the cache.
#[test]
fn other_documents_entries_are_left_alone_and_their_damage_kept_out() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    gencorpus::write_corpus(&docs, 8, 3).expect("gencorpus writes");
    let args: Vec<String> = vec![
        "--no-builtin".into(),
        "--doc".into(),
        docs.display().to_string(),
        "--ledger".into(),
        tmp.path().join("ledger.sqlite3").display().to_string(),
    ];
    let listed = dm(tmp.path(), &args, true, &["export", "--format", "json"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let model: Value = serde_json::from_str(&listed.stdout).expect("json");
    // The last file's task: its entry is the file's last, after the others'.
    let task = model["tasks"]
        .as_array()
        .and_then(|t| t.iter().rev().find(|t| t["document"] == "doc-00007"))
        .and_then(|t| t["id"].as_str())
        .expect("a task of doc-00007")
        .to_string();
    let cache = std::fs::read_dir(tmp.path().join("xdg/dutymatrix"))
        .expect("cache folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "bin"))
        .expect("the folder's cache");
    let good = std::fs::read(&cache).expect("cache");
    let mut bad = good.clone();
    let at = bad.len() * 2 / 5;
    for b in &mut bad[at..at + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(&cache, &bad).expect("damage");

    let shown = dm(tmp.path(), &args, true, &["ledger", "show", &task]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(shown.stdout.starts_with(task.as_str()), "{}", shown.stdout);
    assert!(
        !shown.stderr.contains("缓存"),
        "not decoded: {}",
        shown.stderr
    );
    // The task's own document changed: the look reads it again and rewrites the cache, with
    // the damaged entry left out, not sealed under a new checksum.
    let path = docs.join("doc-00007.txt");
    let mut text = std::fs::read(&path).expect("doc");
    text.extend_from_slice("\n".as_bytes());
    std::fs::write(&path, &text).expect("edit");
    let shown = dm(tmp.path(), &args, true, &["ledger", "show", &task]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let whole = dm(tmp.path(), &args, true, &["export", "--format", "json"]);
    let fresh = dm(tmp.path(), &args, false, &["export", "--format", "json"]);
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    assert_eq!(whole.stdout, fresh.stdout);

    // The table of contents damaged (it follows the magic, format, schema, the build id and
    // its length byte, the contents' SHA-256 and length): a look at a task that is not there
    // reads everything, and says the cache was discarded, though the look that found the
    // damage deleted the file before the whole load began.
    let mut bad = std::fs::read(&cache).expect("cache");
    let contents = 16 + 4 + 4 + 1 + usize::from(bad[24]) + 32 + 8;
    for b in &mut bad[contents + 4..contents + 12] {
        *b ^= 0x5a;
    }
    std::fs::write(&cache, &bad).expect("damage");
    let missing = format!("{task}.9");
    let shown = dm(tmp.path(), &args, true, &["ledger", "show", &missing]);
    assert_eq!(shown.code, 1, "{}", shown.stderr);
    assert!(shown.stderr.contains("校验和"), "{}", shown.stderr);
}

/// A change recorded whose confirmation cannot be printed (a full disk) still stands: exit 0
/// with the reason on stderr, never 2, which promises nothing was written.
#[test]
fn a_write_whose_confirmation_is_lost_still_exits_0() {
    let tmp = tempfile::tempdir().expect("tmp");
    let args = corpus(tmp.path());
    let listed = dm(tmp.path(), &args, true, &["export", "--format", "json"]);
    let model: Value = serde_json::from_str(&listed.stdout).expect("json");
    let task = &model["tasks"][0];
    let (id, unit) = (
        task["id"].as_str().expect("id"),
        task["assignments"][0]["unit"].as_str().expect("unit"),
    );
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full is needed for this test");
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dutymatrix"));
    let out = crate::common::run::isolate(&mut c, tmp.path())
        .env("XDG_CACHE_HOME", tmp.path().join("xdg"))
        .args(&args)
        .args(["ledger", "set", id, "--unit", unit, "--status", "doing"])
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("No space left"), "{said}");
    assert_eq!(
        status(tmp.path(), &args, id, unit).as_deref(),
        Some("doing")
    );
}
