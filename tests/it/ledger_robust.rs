//! Nothing lost: many writers at once, a writer killed mid-work, files at the ledger path that
//! are not ledgers, read-only and newer ledgers. Real SQLite files, real processes, no mocks.
//!
//! The writers are this test binary itself, started again with
//! `--exact --ignored ledger_robust::child_writer` and the work described in environment
//! variables; an ordinary run lists that test as ignored, not as passed.

use crate::common;

use common::ledger::{PLAN, model_of, who, write_plan};
use dutymatrix::ledger::{Identity, Ledger, LedgerError, NewChange, OpenMode, Status};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const CHILD_LEDGER: &str = "DUTYMATRIX_TEST_CHILD_LEDGER";
const CHILD_PLAN: &str = "DUTYMATRIX_TEST_CHILD_PLAN";
const CHILD_COUNT: &str = "DUTYMATRIX_TEST_CHILD_COUNT";
const CHILD_NAME: &str = "DUTYMATRIX_TEST_CHILD_NAME";

/// The writer process: records COUNT notes (0 = until killed), printing `committed:ID` once its
/// transaction has committed. Every error is printed on stderr and fails the process.
#[test]
#[ignore = "the writer process of the tests beside it, which start it"]
fn child_writer() {
    let (Ok(ledger), Ok(plan), Ok(count), Ok(name)) = (
        std::env::var(CHILD_LEDGER),
        std::env::var(CHILD_PLAN),
        std::env::var(CHILD_COUNT),
        std::env::var(CHILD_NAME),
    ) else {
        panic!("child_writer is started by the writer tests, with {CHILD_LEDGER} and the rest set");
    };
    let count: usize = count.parse().unwrap();
    let model = model_of(Path::new(&plan));
    let me = Identity {
        login: "alice".into(),
        uid: 1000,
    };
    let mut l = Ledger::open_as(Path::new(&ledger), OpenMode::ReadWrite, &me)
        .unwrap()
        .unwrap();
    let tasks = [
        ("plan/1.1", "市民政局"),
        ("plan/1.2", "市财政局"),
        ("plan/1.3", "市人力资源社会保障局"),
    ];
    let mut out = std::io::stdout().lock();
    let mut n = 0usize;
    while count == 0 || n < count {
        let (task, unit) = tasks[n % tasks.len()];
        let c = l
            .record(
                &model,
                &me,
                task,
                NewChange {
                    unit: unit.into(),
                    status: Some(Status::Doing),
                    note: Some(format!("{name} 第{n}次")),
                    note_date: None,
                },
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // The harness may have left "test child_writer ... " on the line: mark the id.
        writeln!(out, "committed:{}", c.id).unwrap();
        out.flush().unwrap();
        n += 1;
    }
}

fn spawn_writer(ledger: &Path, plan: &Path, count: usize, name: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "--ignored",
            "ledger_robust::child_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_LEDGER, ledger)
        .env(CHILD_PLAN, plan)
        .env(CHILD_COUNT, count.to_string())
        .env(CHILD_NAME, name)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A fresh ledger whose supervisor is alice, the writers' identity.
fn new_ledger(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let plan = write_plan(dir, PLAN);
    let path = dir.join("ledger.sqlite3");
    Ledger::open_as(&path, OpenMode::Create, &who("alice"))
        .unwrap()
        .unwrap();
    (path, plan)
}

fn ids_printed(stdout: &str) -> Vec<i64> {
    stdout
        .lines()
        .filter_map(|l| l.rsplit_once("committed:"))
        .filter_map(|(_, id)| id.trim().parse().ok())
        .collect()
}

#[test]
fn eight_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, plan) = new_ledger(dir.path());
    let writers: Vec<Child> = (0..8)
        .map(|i| spawn_writer(&path, &plan, 500, &format!("w{i}")))
        .collect();
    let mut all_ids = Vec::new();
    for (i, w) in writers.into_iter().enumerate() {
        let out = w.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "writer {i} failed: {stderr}");
        assert!(!stderr.contains("panicked"), "writer {i}: {stderr}");
        let ids = ids_printed(&String::from_utf8_lossy(&out.stdout));
        assert_eq!(ids.len(), 500, "writer {i} committed {} rows", ids.len());
        all_ids.extend(ids);
    }
    all_ids.sort_unstable();
    all_ids.dedup();
    assert_eq!(all_ids.len(), 4000, "row ids are unique across writers");
    let l = Ledger::open_as(&path, OpenMode::ReadOnly, &who("alice"))
        .unwrap()
        .unwrap();
    assert_eq!(l.store().row_count().unwrap(), 4000);
    let model = model_of(&plan);
    let history = l.history(&model, "plan/1.1").unwrap();
    // 500 rows per writer over three tasks: 167 of them on the first task, eight times.
    assert_eq!(history.len(), 8 * 167);
}

#[test]
fn a_writer_killed_mid_work_leaves_every_committed_update() {
    let dir = tempfile::tempdir().unwrap();
    let (path, plan) = new_ledger(dir.path());
    let mut w = spawn_writer(&path, &plan, 0, "killed");
    let mut reader = BufReader::new(w.stdout.take().unwrap());
    let mut committed = Vec::new();
    let mut line = String::new();
    while committed.len() < 150 {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "the writer stopped early"
        );
        committed.extend(ids_printed(&line));
    }
    // SIGKILL: no destructor, no clean close, possibly inside a transaction.
    w.kill().unwrap();
    w.wait().unwrap();
    let l = Ledger::open_as(&path, OpenMode::ReadWrite, &who("alice"))
        .unwrap()
        .unwrap();
    let model = model_of(&plan);
    let mut ids: Vec<i64> = ["plan/1.1", "plan/1.2", "plan/1.3"]
        .iter()
        .flat_map(|t| l.history(&model, t).unwrap())
        .map(|c| c.id)
        .collect();
    ids.sort_unstable();
    for id in &committed {
        assert!(
            ids.binary_search(id).is_ok(),
            "committed row {id} is missing"
        );
    }
    assert!(ids.len() >= committed.len());
    assert_eq!(l.store().row_count().unwrap() as usize, ids.len());
}

fn refused(path: &Path) -> LedgerError {
    match Ledger::open_as(path, OpenMode::Create, &who("alice")) {
        Ok(_) => panic!("{} was taken for a ledger", path.display()),
        Err(e) => e,
    }
}

#[test]
fn files_that_are_not_ledgers_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // A text file.
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "会议纪要：这不是数据库。\n".repeat(50)).unwrap();
    let before = std::fs::read(&text).unwrap();
    assert!(matches!(refused(&text), LedgerError::NotALedger { .. }));
    assert_eq!(std::fs::read(&text).unwrap(), before);

    // A real ledger cut short, as a careless copy leaves it.
    let (good, plan) = new_ledger(dir.path());
    {
        let model = model_of(&plan);
        let mut l = Ledger::open_as(&good, OpenMode::ReadWrite, &who("alice"))
            .unwrap()
            .unwrap();
        for i in 0..300 {
            l.record(
                &model,
                &who("alice"),
                "plan/1.1",
                NewChange {
                    unit: "市民政局".into(),
                    status: None,
                    note: Some(format!("第{i}次调度：{}", "进展情况".repeat(20))),
                    note_date: None,
                },
            )
            .unwrap();
        }
    }
    let full = std::fs::read(&good).unwrap();
    assert!(full.len() > 4 * 4096, "the ledger has several pages");
    for cut in [50, 4096 + 100, full.len() / 2] {
        let truncated = dir.path().join(format!("cut{cut}.sqlite3"));
        std::fs::write(&truncated, &full[..cut]).unwrap();
        let e = refused(&truncated);
        assert!(
            matches!(
                e,
                LedgerError::NotALedger { .. } | LedgerError::Damaged { .. }
            ),
            "{cut}: {e:?}"
        );
        assert_eq!(std::fs::read(&truncated).unwrap(), &full[..cut]);
        // Read-only opening refuses it too.
        assert!(Ledger::open_as(&truncated, OpenMode::ReadOnly, &who("a")).is_err());
        assert_eq!(std::fs::read(&truncated).unwrap(), &full[..cut]);
    }

    // Another program's SQLite database.
    let other = dir.path().join("other.db");
    {
        let c = rusqlite_connection(&other);
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    assert!(matches!(refused(&other), LedgerError::NotALedger { .. }));
    assert_eq!(std::fs::read(&other).unwrap(), before);

    // A folder.
    let folder = dir.path().join("folder.sqlite3");
    std::fs::create_dir(&folder).unwrap();
    assert!(matches!(refused(&folder), LedgerError::NotALedger { .. }));
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

fn rusqlite_connection(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn a_ledger_from_a_newer_schema_is_refused_and_not_altered() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = new_ledger(dir.path());
    {
        let c = rusqlite_connection(&path);
        c.pragma_update(None, "user_version", 7).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    for mode in [OpenMode::ReadOnly, OpenMode::ReadWrite, OpenMode::Create] {
        match Ledger::open_as(&path, mode, &who("alice")) {
            Err(LedgerError::TooNew {
                found: 7,
                supported: dutymatrix::ledger::sqlite::SCHEMA_VERSION,
                ..
            }) => {}
            Err(e) => panic!("{mode:?}: {e}"),
            Ok(_) => panic!("{mode:?}: opened"),
        }
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(refused(&path).to_string().contains("newer"));
}

#[test]
fn a_ledger_without_write_permission_opens_read_only_with_a_notice() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (path, plan) = new_ledger(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut l = Ledger::open_as(&path, OpenMode::ReadWrite, &who("alice"))
        .unwrap()
        .unwrap();
    assert!(l.read_only());
    let shown = l.read_only_path().unwrap();
    let notice = dutymatrix::words::read_only_notice(shown, dutymatrix::words::Lang::En);
    assert!(notice.contains("read-only"), "{notice}");
    assert!(
        dutymatrix::words::read_only_notice(shown, dutymatrix::words::Lang::Zh).contains("只读")
    );
    // Reading works; writing is refused, even for a supervisor, even as root.
    let model = model_of(&plan);
    assert!(l.snapshot(&model).unwrap().entries.is_empty());
    let e = l
        .record(
            &model,
            &who("alice"),
            "plan/1.1",
            NewChange {
                unit: "市民政局".into(),
                status: Some(Status::Doing),
                note: None,
                note_date: None,
            },
        )
        .unwrap_err();
    assert!(matches!(e, LedgerError::ReadOnly { .. }), "{e:?}");
    drop(l);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn reading_never_creates_a_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.sqlite3");
    for mode in [OpenMode::ReadOnly, OpenMode::ReadWrite] {
        assert!(Ledger::open_as(&path, mode, &who("a")).unwrap().is_none());
    }
    assert!(!path.exists());
    // An empty file prepared by an administrator (group, mode) is not a ledger until a write.
    std::fs::write(&path, b"").unwrap();
    assert!(
        Ledger::open_as(&path, OpenMode::ReadWrite, &who("a"))
            .unwrap()
            .is_none()
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    let l = Ledger::open_as(&path, OpenMode::Create, &who("carol"))
        .unwrap()
        .unwrap();
    assert!(l.created());
    assert_eq!(l.members().unwrap()[0].login, "carol");
}

#[test]
fn the_change_mark_moves_when_another_process_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, plan) = new_ledger(dir.path());
    let reader = Ledger::open_as(&path, OpenMode::ReadWrite, &who("alice"))
        .unwrap()
        .unwrap();
    let mark = reader.change_mark().unwrap();
    assert_eq!(reader.change_mark().unwrap(), mark, "nothing changed");
    let w = spawn_writer(&path, &plan, 1, "other");
    assert!(w.wait_with_output().unwrap().status.success());
    assert_ne!(reader.change_mark().unwrap(), mark);
}

#[test]
fn a_ledger_cut_short_in_place_is_refused_with_its_wal_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, plan) = new_ledger(dir.path());
    {
        let model = model_of(&plan);
        let mut l = Ledger::open_as(&path, OpenMode::ReadWrite, &who("alice"))
            .unwrap()
            .unwrap();
        for i in 0..200 {
            l.record(
                &model,
                &who("alice"),
                "plan/1.2",
                NewChange {
                    unit: "市财政局".into(),
                    status: None,
                    note: Some(format!("第{i}次：{}", "资金拨付".repeat(30))),
                    note_date: None,
                },
            )
            .unwrap();
        }
    }
    // The writers keep the (now empty) -wal and the -shm beside the ledger.
    let wal = std::path::PathBuf::from(format!("{}-wal", path.display()));
    assert!(wal.exists());
    let full = std::fs::read(&path).unwrap();
    let cut = &full[..full.len() / 3];
    std::fs::write(&path, cut).unwrap();
    for mode in [OpenMode::ReadOnly, OpenMode::ReadWrite, OpenMode::Create] {
        match Ledger::open_as(&path, mode, &who("alice")) {
            Err(LedgerError::Damaged { detail, .. }) => {
                assert!(detail.contains("truncated"), "{detail}");
            }
            Err(e) => panic!("{mode:?}: {e:?}"),
            Ok(_) => panic!("{mode:?}: opened a truncated ledger"),
        }
    }
    assert_eq!(std::fs::read(&path).unwrap(), cut);
}
