//! What the ledger commands refuse, and what a hostile note, path or file cannot do to a terminal or a sheet.

use super::*;

#[test]
fn bad_input_exits_2_with_nothing_on_stdout() {
    let (dir, ledger) = setup();
    let d = dir.path();
    for args in [
        vec![
            "ledger",
            "set",
            "plan/9.9",
            "--unit",
            "市民政局",
            "--status",
            "doing",
        ],
        vec![
            "ledger",
            "set",
            "plan/1.3",
            "--unit",
            "市民政局",
            "--status",
            "doing",
        ],
        vec![
            "ledger",
            "set",
            "plan/1.1",
            "--unit",
            "市民政局",
            "--status",
            "finished",
        ],
        vec!["ledger", "set", "plan/1.1", "--unit", "市民政局"],
        vec!["ledger", "history", "plan/9.9"],
        vec!["ledger", "members", "add", "bob", "不存在的单位"],
    ] {
        let r = run(dm(d, &ledger).args(&args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(!r.stderr.is_empty());
    }
    // Told in the user's language, as every other message.
    for (args, said) in [
        (
            vec!["ledger", "members", "add", "a b", "市民政局"],
            "不是有效的登录名",
        ),
        (
            vec!["ledger", "members", "add", "bob"],
            "请至少给出一个单位，或 --supervisor",
        ),
    ] {
        let r = run(dm(d, &ledger).args(&args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(said), "{args:?}: {}", r.stderr);
    }
    let r = in_ledger(d, &ledger, &["show", "zzzzqqq"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(!ledger.exists(), "no failed command created a ledger");
}

#[test]
fn reading_commands_create_no_file_and_work_from_deadlines() {
    let (dir, ledger) = setup();
    let d = dir.path();
    for args in [
        vec!["ledger", "show", "市民政局"],
        vec!["ledger", "show", "plan/1.3", "--json"],
        vec!["ledger", "history", "plan/1.1"],
        vec!["ledger", "members"],
        vec!["ledger", "report"],
    ] {
        let r = run(dm(d, &ledger).args(&args));
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stdout.is_empty());
    }
    let r = in_ledger(d, &ledger, &["show", "plan/1.3", "--json"]);
    assert_eq!(
        json(&r)["light"],
        "red",
        "a task with no entry still gets a light"
    );
    assert!(!ledger.exists());
    // The default path under XDG_DATA_HOME is not created either.
    let r = run(common::cmd()
        .current_dir(d)
        .env("XDG_DATA_HOME", d.join("xdg"))
        .args(["--no-builtin", "--doc", "plan.txt", "ledger", "report"]));
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains(
            &d.join("xdg/dutymatrix/ledger.sqlite3")
                .display()
                .to_string()
        )
    );
    assert!(!d.join("xdg").exists());
    // The first write creates the default ledger, folder and all.
    let r = run(common::cmd()
        .current_dir(d)
        .env("XDG_DATA_HOME", d.join("xdg"))
        .args([
            "--no-builtin",
            "--doc",
            "plan.txt",
            "ledger",
            "set",
            "plan/1.1",
            "--unit",
            "市民政局",
            "--note",
            "首次记录",
        ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(d.join("xdg/dutymatrix/ledger.sqlite3").is_file());
    // Nothing that existed before is affected by the ledger flags.
    let r = run(dm(d, &ledger).args(["duties", "市民政局"]));
    assert_eq!(r.code, 0);
    assert!(!ledger.exists());
}

#[test]
fn a_file_that_is_not_a_ledger_gives_exit_2_and_stays_byte_for_byte() {
    let (dir, _) = setup();
    let d = dir.path();
    let text = d.join("minutes.sqlite3");
    let bytes = "第一次调度会纪要\n".repeat(100).into_bytes();
    std::fs::write(&text, &bytes).unwrap();
    let folder = d.join("folder.sqlite3");
    std::fs::create_dir(&folder).unwrap();
    for (path, why) in [(&text, "（不是 SQLite 数据库）"), (&folder, "（是文件夹）")] {
        for args in [
            vec!["ledger", "show", "市民政局"],
            vec!["ledger", "report"],
            vec![
                "ledger",
                "set",
                "plan/1.1",
                "--unit",
                "市民政局",
                "--status",
                "doing",
            ],
            vec!["ledger", "init"],
        ] {
            let r = run(dm(d, path).args(&args));
            assert_eq!(r.code, 2, "{args:?} {}", path.display());
            assert_eq!(r.stdout, "");
            assert!(r.stderr.contains(why), "{}", r.stderr);
            assert!(
                r.stderr.contains(&path.display().to_string()),
                "{}",
                r.stderr
            );
        }
    }
    assert_eq!(std::fs::read(&text).unwrap(), bytes);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    let left: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-wal") || n.contains("-shm") || n.contains("-journal"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_read_only_ledger_reads_with_a_notice_and_refuses_writes() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = in_ledger(
        d,
        &ledger,
        &["set", "plan/1.1", "--unit", "市民政局", "--status", "doing"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::set_permissions(&ledger, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&ledger).unwrap();
    let r = in_ledger(d, &ledger, &["show", "市民政局", "--json"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("只读"), "{}", r.stderr);
    assert_eq!(json(&r)["items"][0]["status"], "doing");
    let r = in_ledger(
        d,
        &ledger,
        &["set", "plan/1.1", "--unit", "市民政局", "--status", "done"],
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(std::fs::read(&ledger).unwrap(), before);
}

#[test]
fn notes_are_sanitised_before_they_reach_a_terminal() {
    let (dir, ledger) = setup();
    let d = dir.path();
    let evil = "完成\u{1b}]52;c;ZXZpbA==\u{7}80%\u{1b}[2J\u{202e}反转";
    let r = in_ledger(
        d,
        &ledger,
        &["set", "plan/1.1", "--unit", "市民政局", "--note", evil],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for args in [
        vec!["ledger", "show", "市民政局"],
        vec!["ledger", "show", "plan/1.1"],
        vec!["ledger", "history", "plan/1.1"],
        vec!["ledger", "report"],
        vec!["ledger", "report", "--format", "md"],
        vec!["ledger", "report", "--format", "csv"],
    ] {
        let r = run(dm(d, &ledger).args(&args));
        assert!(
            !r.stdout.contains('\u{1b}')
                && !r.stdout.contains('\u{202e}')
                && !r.stdout.contains('\u{7}'),
            "{args:?}"
        );
    }
    let r = in_ledger(d, &ledger, &["history", "plan/1.1"]);
    assert!(
        r.stdout.contains("完成]52;c;ZXZpbA==80%[2J反转"),
        "{}",
        r.stdout
    );
    // JSON keeps the note as typed, escaped.
    let r = in_ledger(d, &ledger, &["history", "plan/1.1", "--json"]);
    assert_eq!(json(&r)[0]["note"], evil);
}

/// The cell separators of a Markdown table row: pipes not escaped by a backslash.
fn md_separators(row: &str) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for c in row.chars() {
        if c == '|' && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

#[test]
fn a_note_with_backslashes_and_pipes_stays_one_markdown_cell() {
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = in_ledger(
        d,
        &ledger,
        &[
            "set",
            "plan/1.1",
            "--unit",
            "市民政局",
            "--note",
            "目录D:\\|共享\\",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = in_ledger(d, &ledger, &["report", "--format", "md"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("目录D:"))
        .expect("the note is in the report");
    let rule = lines[..at]
        .iter()
        .rev()
        .find(|l| l.starts_with("|---"))
        .expect("the note is in a table");
    assert_eq!(
        md_separators(lines[at]),
        md_separators(rule),
        "{}",
        r.stdout
    );
    assert!(lines[at].contains("目录D:\\\\\\|共享\\\\"), "{}", r.stdout);
}

#[test]
fn eight_command_line_writers_at_once_all_succeed() {
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = in_ledger(d, &ledger, &["init"]);
    assert_eq!(r.code, 0);
    // Spawn them together, not one after another.
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let (ledger, d) = (ledger.clone(), d.to_path_buf());
            std::thread::spawn(move || {
                (0..5)
                    .map(|j| {
                        common::cmd()
                            .current_dir(&d)
                            .arg("--ledger")
                            .arg(&ledger)
                            .args([
                                "--no-builtin",
                                "--doc",
                                "plan.txt",
                                "ledger",
                                "set",
                                "plan/1.1",
                                "--unit",
                                "市民政局",
                                "--note",
                            ])
                            .arg(format!("进程{i}第{j}次"))
                            .output()
                            .unwrap()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for out in h.join().unwrap() {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let model = model_of(&d.join("plan.txt"));
    let l = Ledger::open_as(&ledger, OpenMode::ReadOnly, &who("x"))
        .unwrap()
        .unwrap();
    assert_eq!(l.history(&model, "plan/1.1").unwrap().len(), 40);
    assert_eq!(l.store().row_count().unwrap(), 40);
}

/// The Unix permissions are the real boundary: another user who may read the ledger but not
/// write it or its folder reads it with a notice and cannot record. Needs root (to become
/// `nobody` through setpriv), as in CI; elsewhere it says so and checks nothing.
#[test]
fn another_user_who_may_only_read_reads_with_a_notice() {
    use std::os::unix::fs::PermissionsExt;
    let setpriv = Path::new("/usr/bin/setpriv");
    if identity::current().uid != 0 || !setpriv.exists() {
        common::missing(
            "another_user_who_may_only_read_reads_with_a_notice",
            "root with /usr/bin/setpriv (to act as another user)",
        );
        return;
    }
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = in_ledger(
        d,
        &ledger,
        &["set", "plan/1.1", "--unit", "市民政局", "--status", "doing"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // nobody must reach the folder and the binary: a copy beside the ledger, all 0755/0644.
    let bin = d.join("dm");
    common::run::copy_binary(&bin);
    for (p, mode) in [
        (d, 0o755),
        (bin.as_path(), 0o755),
        (d.join("plan.txt").as_path(), 0o644),
    ] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let before = std::fs::read(&ledger).unwrap();
    let as_nobody = |args: &[&str]| {
        let mut c = std::process::Command::new(setpriv);
        // A home nobody may read: the shared folder, not the test's own private one.
        common::run::isolate(&mut c, d);
        let out = c
            .args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
            .arg(&bin)
            .current_dir(d)
            .args(["--no-builtin", "--doc", "plan.txt", "--ledger"])
            .arg(&ledger)
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    };
    let r = as_nobody(&["ledger", "show", "市民政局", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("只读"), "{}", r.stderr);
    assert_eq!(json(&r)["items"][0]["status"], "doing");
    let r = as_nobody(&[
        "ledger",
        "set",
        "plan/1.1",
        "--unit",
        "市民政局",
        "--status",
        "done",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert_eq!(std::fs::read(&ledger).unwrap(), before);
}

#[test]
fn a_ledger_path_with_escape_sequences_never_reaches_the_terminal_raw() {
    let (dir, _) = setup();
    let d = dir.path();
    let hostile = d.join("no\u{1b}]0;owned\u{7}folder").join("ledger.sqlite3");
    let r = run(dm(d, &hostile).args(["ledger", "init"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("无法打开台账"), "{}", r.stderr);
    assert!(!r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'));
    assert!(
        r.stderr.contains("]0;owned"),
        "the rest of the name is kept"
    );
}

#[test]
fn show_never_cuts_the_days_overdue() {
    let (dir, ledger) = setup();
    let r = in_ledger(dir.path(), &ledger, &["show", "市人力资源社会保障局"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Due 2025-12-31, today 2026-12-01: the whole count, not 逾期33….
    assert!(
        r.stdout.contains("2025-12-31 逾期335天  plan/1.3"),
        "{}",
        r.stdout
    );
}

/// Sheets for the minutes say where each row stands: the light, the status and the latest
/// note from the ledger, the same ledger `ledger set` wrote.
#[test]
fn exported_sheets_carry_light_status_and_latest_note() {
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = in_ledger(
        d,
        &ledger,
        &[
            "set",
            "plan/1.1",
            "--unit",
            "市民政局",
            "--status",
            "doing",
            "--note",
            "已完成首轮评估",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dm(d, &ledger).args(["export", "--unit", "市民政局", "--format", "csv"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let body = r.stdout.trim_start_matches('\u{feff}');
    let mut rdr = csv::Reader::from_reader(body.as_bytes());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&head[11..], ["亮灯", "状态", "最新情况"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let row = rows.iter().find(|r| &r[5] == "plan/1.1").expect("plan/1.1");
    assert_eq!(&row[12], "推进中");
    assert!(row[13].contains("已完成首轮评估"), "{row:?}");
    assert!(!row[11].is_empty(), "a light on every row with a unit");
    let other = rows.iter().find(|r| &r[5] == "plan/1.2").expect("plan/1.2");
    assert_eq!(
        &other[12], "未启动",
        "nothing recorded, but a ledger was read"
    );
    // A ledger that cannot be read is said, and the sheet is still written.
    let broken = d.join("broken.sqlite3");
    std::fs::write(&broken, "不是台账").unwrap();
    let r = run(dm(d, &broken).args(["export", "--unit", "市民政局", "--format", "csv"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("不是工作台账"), "{}", r.stderr);
    assert!(r.stdout.contains("plan/1.1"));
}
