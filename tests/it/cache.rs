//! The corpus generator, a generated folder loaded whole, and the folder cache: reused while
//! current, never stale, never half-written, never from another format, rebuilt when damaged.

use crate::common::cmd;
use dutymatrix::load::cache::{FolderRead, read_folder_with};
use dutymatrix::load::txt_files;
use std::path::{Path, PathBuf};

fn generate(dir: &Path, n: usize, seed: u64) {
    gencorpus::write_corpus(dir, n, seed).expect("gencorpus writes");
}

fn folder_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    txt_files(dir)
        .expect("folder")
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).expect("read");
            (p, b)
        })
        .collect()
}

#[test]
fn generator_is_deterministic_and_its_documents_load() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    generate(&a, 50, 7);
    generate(&b, 50, 7);
    generate(&c, 50, 8);
    let names =
        |d: &Path| -> Vec<Vec<u8>> { folder_bytes(d).into_iter().map(|(_, b)| b).collect() };
    assert_eq!(names(&a).len(), 50);
    assert_eq!(names(&a), names(&b), "same seed, same documents");
    assert_ne!(names(&a), names(&c), "another seed, other documents");

    // The 50-document load, through the command line as a user runs it.
    let out = cmd()
        .args(["--no-builtin", "--no-cache", "--doc"])
        .arg(&a)
        .args(["export", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "no document skipped: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let docs = v["documents"].as_array().expect("documents").len();
    let tasks = v["tasks"].as_array().expect("tasks");
    let units = v["units"].as_array().expect("units");
    assert!(docs >= 50, "{docs} documents");
    // About 50 tasks a document, nearly all with units; units at several levels.
    assert!(tasks.len() > 50 * 30, "{} tasks", tasks.len());
    let assigned = tasks
        .iter()
        .filter(|t| t["assignments"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(assigned.count() * 10 > tasks.len() * 9);
    assert!(units.len() > 200, "{} units", units.len());
    let levels: std::collections::HashSet<&str> =
        units.iter().filter_map(|u| u["level"].as_str()).collect();
    for l in ["national", "province", "city", "district", "county"] {
        assert!(levels.contains(l), "no {l} unit among {levels:?}");
    }
}

fn read(dir: &Path, cache: &Path) -> FolderRead {
    let files = txt_files(dir).expect("folder");
    read_folder_with(dir, &files, None, Some(cache.to_path_buf()))
}

/// What a read produced, comparable across reads.
fn summary(r: &FolderRead) -> (usize, usize, Vec<String>) {
    let titles = r.model.tasks.iter().map(|t| t.title.to_string()).collect();
    (r.model.documents.len(), r.model.tasks.len(), titles)
}

fn no_temp_files(cache: &Path) {
    let dir = cache.parent().expect("cache folder");
    let stray: Vec<_> = std::fs::read_dir(dir)
        .expect("cache folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn cache_is_reused_while_current_and_rebuilt_for_what_changed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    let cache = tmp.path().join("xdg/dutymatrix/folder.bin");
    generate(&docs, 12, 3);

    let first = read(&docs, &cache);
    assert_eq!(first.parsed, 12);
    assert!(cache.is_file());
    no_temp_files(&cache);
    let written = std::fs::read(&cache).expect("cache");

    let again = read(&docs, &cache);
    assert_eq!(again.parsed, 0, "every document from the cache");
    assert_eq!(summary(&again), summary(&first));
    assert_eq!(again.model, first.model);
    assert!(again.notices.is_empty(), "{:?}", again.notices);
    assert_eq!(
        std::fs::read(&cache).expect("cache"),
        written,
        "an unchanged cache is not rewritten"
    );

    // One document edited: only it is read again, and the edit shows.
    let edited = docs.join("doc-00004.txt");
    let mut text = std::fs::read_to_string(&edited).expect("doc");
    text.push_str("\n（九十九）开展缓存测试专项行动。（责任单位：市缓存测试局）\n");
    std::fs::write(&edited, &text).expect("write");
    let after = read(&docs, &cache);
    assert_eq!(after.parsed, 1);
    let titles = summary(&after).2;
    assert!(
        titles.iter().any(|t| t.contains("缓存测试专项行动")),
        "edit not seen"
    );
    assert_eq!(read(&docs, &cache).parsed, 0);

    // Same size and same mtime, other content: the hash still sees it.
    let f = std::fs::File::options()
        .write(true)
        .open(&edited)
        .expect("open");
    let mtime = f.metadata().and_then(|m| m.modified()).expect("mtime");
    drop(f);
    let swapped = text.replace("缓存测试专项行动", "哈希测试专项行动");
    assert_eq!(swapped.len(), text.len());
    std::fs::write(&edited, &swapped).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&edited)
        .and_then(|f| f.set_modified(mtime))
        .expect("set mtime");
    let hashed = read(&docs, &cache);
    assert_eq!(hashed.parsed, 1, "content change with size and mtime kept");
    assert!(
        summary(&hashed)
            .2
            .iter()
            .any(|t| t.contains("哈希测试专项行动"))
    );

    // A document removed is not served from the cache.
    std::fs::remove_file(docs.join("doc-00000.txt")).expect("rm");
    let fewer = read(&docs, &cache);
    assert_eq!(fewer.parsed, 0);
    assert_eq!(fewer.model.documents.len() + fewer.skipped.len(), 11);
    no_temp_files(&cache);
}

/// A folder longer than one run of decoding (128 documents): the runs merged give the model the
/// documents read one by one give, documents in file-name order; an edited document and a
/// damaged entry in a later run are read again in their places.
#[test]
fn a_folder_of_many_runs_reads_as_its_text_in_order() {
    use dutymatrix::load::read_file;
    use dutymatrix::model::Model;
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    let cache = tmp.path().join("xdg/dutymatrix/folder.bin");
    generate(&docs, 300, 5);
    let files = txt_files(&docs).expect("folder");
    let mut one_by_one = Model {
        schema: dutymatrix::model::SCHEMA,
        ..Model::default()
    };
    one_by_one.merge_all(
        files
            .iter()
            .map(|f| {
                let mut m = read_file(f, None).expect("reads").model;
                for d in &mut m.documents {
                    d.source = f.display().to_string();
                }
                m
            })
            .collect(),
    );
    let ids: Vec<&str> = one_by_one.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), 300);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "file-name order");
    assert_eq!(
        read_folder_with(&docs, &files, None, None).model,
        one_by_one
    );
    let first = read(&docs, &cache);
    assert_eq!(first.parsed, 300);
    assert_eq!(first.model, one_by_one);
    let again = read(&docs, &cache);
    assert_eq!(again.parsed, 0);
    assert_eq!(again.model, one_by_one);

    // Bytes flipped in an entry of the last run: read from its text, in its place.
    let mut bad = std::fs::read(&cache).expect("cache");
    let at = bad.len() * 9 / 10;
    for b in &mut bad[at..at + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(&cache, &bad).expect("write");
    let damaged = read(&docs, &cache);
    assert!(damaged.parsed >= 1, "{}", damaged.parsed);
    assert!(
        damaged
            .notices
            .iter()
            .any(|n| n.to_string().contains("discarded")),
        "{:?}",
        damaged.notices
    );
    assert_eq!(damaged.model, one_by_one);
    assert_eq!(read(&docs, &cache).parsed, 0, "rebuilt and current again");

    // Document 200 edited: read from its text, it keeps its place among the cached.
    let edited = docs.join("doc-00200.txt");
    let mut text = std::fs::read_to_string(&edited).expect("doc");
    text.push_str("\n（九十九）开展次序测试专项行动。（责任单位：市次序测试局）\n");
    std::fs::write(&edited, &text).expect("write");
    let after = read(&docs, &cache);
    assert_eq!(after.parsed, 1);
    let m = after.model;
    let at = m
        .tasks
        .iter()
        .position(|t| t.title.contains("次序测试专项行动"))
        .expect("edit seen");
    assert_eq!(&*m.tasks[at].document, "doc-00200");
    assert_eq!(&*m.tasks[at - 1].document, "doc-00200");
    assert_eq!(&*m.tasks[at + 1].document, "doc-00201");
    assert_eq!(m.documents[200].id, "doc-00200");
}

/// A document id taken by an earlier part of the load is renamed the same however the parts
/// come: a file named first, then a folder holding the same stem twice.
#[test]
fn an_id_taken_earlier_is_renamed_once_across_files_and_folders() {
    let tmp = tempfile::tempdir().expect("tmp");
    let made = tmp.path().join("made");
    generate(&made, 1, 2);
    let text = std::fs::read(made.join("doc-00000.txt")).expect("doc");
    let (alone, folder) = (tmp.path().join("alone"), tmp.path().join("folder"));
    std::fs::create_dir_all(&alone).expect("dir");
    std::fs::create_dir_all(&folder).expect("dir");
    for path in [
        alone.join("通知.txt"),
        folder.join("通知.md"),
        folder.join("通知.txt"),
    ] {
        std::fs::write(path, &text).expect("write");
    }
    for cache in [true, false] {
        let mut c = cmd();
        c.env("XDG_CACHE_HOME", tmp.path().join("xdg"))
            .args(["--no-builtin", "--doc"])
            .arg(alone.join("通知.txt"))
            .arg("--doc")
            .arg(&folder);
        if !cache {
            c.arg("--no-cache");
        }
        let out = c
            .args(["export", "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let ids: Vec<&str> = v["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .filter_map(|d| d["id"].as_str())
            .collect();
        assert_eq!(ids, ["通知", "通知~2", "通知~3"], "cache: {cache}");
        let last = v["tasks"].as_array().and_then(|t| t.last()).expect("tasks");
        assert!(
            last["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("通知~3/"))
        );
    }
}

/// A document whose size and mtime match its stamp and whose mtime is well before the cache
/// was written is not read again (that is what makes a start from the cache cheap); one whose
/// mtime is newer is hashed, and a change is seen.
#[test]
fn old_mtimes_stand_for_the_hash_new_ones_do_not() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    let cache = tmp.path().join("xdg/dutymatrix/folder.bin");
    generate(&docs, 4, 7);
    let doc = docs.join("doc-00001.txt");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let set_mtime = |t: std::time::SystemTime| {
        std::fs::File::options()
            .write(true)
            .open(&doc)
            .and_then(|f| f.set_modified(t))
            .expect("set mtime");
    };
    set_mtime(hour_ago);
    let first = read(&docs, &cache);
    assert_eq!(first.parsed, 4);
    let text = std::fs::read_to_string(&doc).expect("doc");
    assert!(text.contains('市'));
    // Same size, same old mtime, one character swapped for another of the same length: trusted.
    let swapped = text.replacen('市', "县", 1);
    assert_eq!(swapped.len(), text.len());
    std::fs::write(&doc, &swapped).expect("write");
    set_mtime(hour_ago);
    assert_eq!(read(&docs, &cache).parsed, 0);
    // Touched now: hashed, and the change is read.
    set_mtime(std::time::SystemTime::now());
    assert_eq!(read(&docs, &cache).parsed, 1);
}

#[test]
fn damaged_or_foreign_caches_are_never_trusted() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    let cache = tmp.path().join("xdg/dutymatrix/folder.bin");
    generate(&docs, 6, 5);
    let first = read(&docs, &cache);
    let good = std::fs::read(&cache).expect("cache");

    // Bytes flipped in the middle of the entries.
    let mut bad = good.clone();
    let mid = bad.len() * 3 / 4;
    for b in &mut bad[mid..mid + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(&cache, &bad).expect("write");
    let r = read(&docs, &cache);
    assert!(
        r.notices
            .iter()
            .any(|n| n.to_string().contains("discarded")),
        "{:?}",
        r.notices
    );
    assert!(r.parsed >= 1);
    assert_eq!(r.model, first.model);
    assert_eq!(read(&docs, &cache).parsed, 0, "rebuilt and current again");

    // Cut short (a crash mid-write by something else).
    std::fs::write(&cache, &good[..good.len() / 2]).expect("write");
    let r = read(&docs, &cache);
    assert!(
        r.notices
            .iter()
            .any(|n| n.to_string().contains("discarded")),
        "{:?}",
        r.notices
    );
    assert_eq!(r.model, first.model);

    // Garbage where the table of contents is.
    let mut bad = good.clone();
    // Past the header: magic (16), format (4), schema (4), then the version's length and text.
    let at = 16 + 4 + 4 + 1 + usize::from(good[24]) + 10;
    for b in &mut bad[at..at + 20] {
        *b = 0xff;
    }
    std::fs::write(&cache, &bad).expect("write");
    let r = read(&docs, &cache);
    assert!(!r.notices.is_empty());
    assert_eq!(r.parsed, 6);
    assert_eq!(r.model, first.model);

    // Another format version: silently not used, and replaced.
    let mut other = good.clone();
    other[16] = other[16].wrapping_add(1);
    std::fs::write(&cache, &other).expect("write");
    let r = read(&docs, &cache);
    assert!(r.notices.is_empty(), "{:?}", r.notices);
    assert_eq!(r.parsed, 6);
    assert_eq!(std::fs::read(&cache).expect("cache"), good);

    // Not a cache at all.
    std::fs::write(&cache, "hello").expect("write");
    let r = read(&docs, &cache);
    assert_eq!(r.parsed, 6);
    assert!(
        r.notices
            .iter()
            .any(|n| n.to_string().contains("not a dutymatrix cache"))
    );
}

/// `dutymatrix EXTRA --no-builtin --doc DOCS units [--json]` with `xdg` as the cache home:
/// (exit code, stdout, stderr).
fn units_of(xdg: &Path, docs: &Path, extra: &[&str], json: bool) -> (Option<i32>, Vec<u8>, String) {
    let out = cmd()
        .env("XDG_CACHE_HOME", xdg)
        .args(extra)
        .args(["--no-builtin", "--doc"])
        .arg(docs)
        .arg("units")
        .args(json.then_some("--json"))
        .output()
        .expect("runs");
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn command_line_uses_the_users_cache_folder_unless_told_not_to() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    let xdg = tmp.path().join("xdg");
    generate(&docs, 4, 9);
    let run = |extra: &[&str]| {
        let (code, stdout, stderr) = units_of(&xdg, &docs, extra, false);
        assert_eq!(code, Some(0));
        (stdout, stderr)
    };
    let (plain, _) = run(&["--no-cache"]);
    assert!(!xdg.exists(), "--no-cache writes no cache");
    let (first, _) = run(&[]);
    let files: Vec<_> = std::fs::read_dir(xdg.join("dutymatrix"))
        .expect("cache folder made")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(files.len(), 1);
    let (second, _) = run(&[]);
    assert_eq!(first, plain);
    assert_eq!(second, plain);
    let mut bytes = std::fs::read(files[0].path()).expect("cache");
    let n = bytes.len();
    bytes[n - 40..n - 20].fill(0);
    std::fs::write(files[0].path(), bytes).expect("write");
    // `units` reads the summary the cache keeps for the first frame, not the entries; a
    // command that reads them finds the damage, reads the documents again and says so.
    let (third, _) = run(&[]);
    assert_eq!(third, plain);
    let out = cmd()
        .env("XDG_CACHE_HOME", &xdg)
        .args(["--no-builtin", "--doc"])
        .arg(&docs)
        .arg("counterparts")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("有损坏的条目，已丢弃并从文档重建"), "{err}");
    let (fourth, err) = run(&[]);
    assert_eq!(fourth, plain);
    assert!(err.is_empty(), "rebuilt: {err}");
}

/// A document refused for today's --max-size is not remembered as refused: with a larger limit
/// it is read, and nothing over the limit is read whole just to be hashed.
#[test]
fn a_size_refusal_is_not_cached() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    let xdg = tmp.path().join("xdg");
    generate(&docs, 3, 4);
    let big = "（一）做好甲事。（责任单位：市民政局）\n".repeat(40_000);
    std::fs::write(docs.join("big.txt"), big).expect("write");
    let run = |extra: &[&str]| {
        let (_, stdout, stderr) = units_of(&xdg, &docs, extra, true);
        (String::from_utf8_lossy(&stdout).into_owned(), stderr)
    };
    let (_, err) = run(&["--max-size", "1M"]);
    assert!(
        err.contains("big.txt: 大小 2.2 MB，超过单个文档的上限 1.0 MB"),
        "{err}"
    );
    let (out, err) = run(&[]);
    assert!(!err.contains("big.txt"), "{err}");
    assert!(out.contains("市民政局"), "read with the default limit");
}

/// The folder read with its cache at `cache`, on a thread: None when it did not finish in time.
fn read_in_time(docs: &Path, cache: &Path) -> Option<FolderRead> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (docs, cache) = (docs.to_path_buf(), cache.to_path_buf());
    std::thread::spawn(move || {
        let _ = tx.send(read(&docs, &cache));
    });
    rx.recv_timeout(std::time::Duration::from_secs(30)).ok()
}

#[test]
fn a_fifo_or_a_link_to_dev_zero_at_the_cache_path_is_not_read() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    let cache = tmp.path().join("xdg/dutymatrix/folder.bin");
    generate(&docs, 3, 7);
    let first = read(&docs, &cache);
    std::fs::remove_file(&cache).expect("rm");
    // A FIFO: a plain open would wait for a writer for ever.
    let made = std::process::Command::new("mkfifo").arg(&cache).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let r = read_in_time(&docs, &cache).expect("a FIFO at the cache path hung the read");
    assert_eq!(r.model, first.model);
    assert!(
        !r.notices.is_empty(),
        "the user is told the cache was not used"
    );
    // Replaced by a real cache (the FIFO itself, not written through).
    assert!(std::fs::symlink_metadata(&cache).expect("cache").is_file());
    // A link to /dev/zero: a plain read would fill memory with zeros.
    std::fs::remove_file(&cache).expect("rm");
    std::os::unix::fs::symlink("/dev/zero", &cache).expect("symlink");
    let r = read_in_time(&docs, &cache).expect("a link to /dev/zero hung the read");
    assert_eq!(r.model, first.model);
    assert!(!r.notices.is_empty());
}
