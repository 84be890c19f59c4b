//! Files that are not documents end with a clear message at once: a FIFO (which would block a
//! reader forever), a device (/dev/urandom never ends), a file over the size limit; and a text
//! valid but for a few bytes is read, with `check` naming the lines of the bad bytes.

use crate::common::{self, cmd};
use std::sync::mpsc;
use std::time::Duration;

/// Runs `check FILE` in a thread and fails, rather than hangs, if it does not end promptly.
fn check_refuses(path: &str, extra: &[&str]) -> String {
    let (tx, rx) = mpsc::channel();
    let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    args.extend(["check".to_string(), path.to_string()]);
    std::thread::spawn(move || {
        let out = cmd().args(&args).output().expect("runs");
        // The receiver is gone only when it timed out, and the test has already failed.
        tx.send(out).ok();
    });
    let out = rx
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{path}: still reading after 60 s"));
    assert_eq!(out.status.code(), Some(2), "{path}");
    assert!(
        out.stdout.is_empty(),
        "{path}: a failing command writes nothing on stdout"
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_opening_it() {
    let dir = tempfile::tempdir().expect("dir");
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        common::missing("a_fifo_is_refused_without_opening_it", "mkfifo");
        return;
    }
    let err = check_refuses(fifo.to_str().expect("path"), &[]);
    assert!(err.contains("是命名管道（FIFO），不是文档文件"), "{err}");
    let out = cmd()
        .args([
            "--no-builtin",
            "--doc",
            fifo.to_str().expect("path"),
            "units",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn devices_are_refused() {
    for dev in ["/dev/urandom", "/dev/zero", "/dev/null"] {
        if std::path::Path::new(dev).exists() {
            let err = check_refuses(dev, &[]);
            assert!(err.contains("是设备文件，不是文档文件"), "{err}");
        }
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_its_size() {
    let dir = tempfile::tempdir().expect("dir");
    let big = dir.path().join("big.txt");
    let line = "（一）做好甲事。（责任单位：市民政局）\n".repeat(40_000);
    std::fs::write(&big, &line).expect("write");
    let path = big.to_str().expect("path");
    let err = check_refuses(path, &["--max-size", "1M"]);
    assert!(
        err.contains("大小 2.2 MB，超过单个文档的上限 1.0 MB（可用 --max-size 调整）"),
        "{err}"
    );
    // Under the default limit the same file reads.
    let out = cmd().args(["check", path]).output().expect("runs");
    assert_ne!(out.status.code(), Some(2));
    let out = cmd()
        .args(["--max-size", "lots", "check", path])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_few_bad_bytes_are_read_and_named_by_line() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("cut.txt");
    let mut bytes =
        "某县2023年工作方案\n一、主要任务\n（一）推进养老服务。（责任单位：县民政局）\n（二）完善救助".as_bytes().to_vec();
    bytes.push(0xFE);
    bytes.extend_from_slice(
        "制度。（责任单位：县财政局）\n（三）加强监测。（责任单位：县统计".as_bytes(),
    );
    bytes.extend_from_slice(&"局".as_bytes()[..2]);
    std::fs::write(&file, &bytes).expect("write");
    let out = cmd()
        .args(["--lang", "en", "check", file.to_str().expect("path")])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("(UTF-8)"), "{text}");
    assert!(
        text.contains("lines    4  invalid bytes, read as �"),
        "{text}"
    );
    assert!(
        text.contains("lines    5  invalid bytes, read as �"),
        "{text}"
    );
    assert!(
        text.contains("tasks 3 · with units 2 · partly read 0 · names not placed 0 · warnings 4"),
        "{text}"
    );
}

/// A folder is read ahead of its workers (the kernel asked for the next files, a bounded
/// distance ahead): with more files than that distance, a FIFO among them (which the listing
/// leaves out; the read-ahead's own guard is tested in `load::prefetch`) and a document that
/// is a link, every document is read, from the text and then from the cache, and nothing waits.
#[cfg(unix)]
#[test]
fn a_folder_with_a_fifo_among_its_documents_reads_the_rest_without_waiting() {
    let dir = tempfile::tempdir().expect("dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("dir");
    for n in 0..150 {
        let text =
            format!("第{n}号方案\n一、任务\n（一）做好第{n}项工作。（责任单位：市民政局）\n");
        std::fs::write(docs.join(format!("{n:03}.txt")), text).expect("write");
    }
    let made = std::process::Command::new("mkfifo")
        .arg(docs.join("075b.txt"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        common::missing("a_folder_with_a_fifo_among_its_documents", "mkfifo");
        return;
    }
    let elsewhere = dir.path().join("elsewhere.txt");
    std::fs::write(
        &elsewhere,
        "另一方案\n一、任务\n（一）做好另一项工作。（责任单位：市民政局）\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(&elsewhere, docs.join("150.txt")).expect("link");
    for cache in [&["--no-cache"][..], &[], &[]] {
        let out = cmd()
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .args(["--no-builtin", "--doc", docs.to_str().expect("path")])
            .args(cache)
            .args(["units", "--json"])
            .timeout(Duration::from_secs(60))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{cache:?}");
        let units: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let row = &units.as_array().expect("rows")[0];
        assert_eq!(row["name"], "市民政局", "{row}");
        assert_eq!(row["total"], 151, "{row}");
    }
}
