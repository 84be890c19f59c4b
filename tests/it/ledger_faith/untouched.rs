//! A refusal changes nothing: another program's SQLite file, or a newer ledger, whose newest
//! pages are still in its `-wal` (not yet copied back), given as the ledger to every command.
//! The file, its `-wal` and its `-shm` stay byte for byte as they were: SQLite is not let to
//! replay the -wal into the file and remove it before the refusal.

use super::{cli, sealed_ledger};
use crate::common::ledger::{PLAN, who, write_plan};
use dutymatrix::ledger::{Ledger, LedgerError, OpenMode};
use std::path::{Path, PathBuf};

/// A database made by `make` on a connection that never checkpoints, copied (with its -wal and
/// -shm) into `dir` while that connection is still open: as a crash or a live writer leaves it.
fn caught_mid_wal(dir: &Path, name: &str, make: impl FnOnce(&rusqlite::Connection)) -> PathBuf {
    let live = tempfile::tempdir().unwrap();
    let path = live.path().join(name);
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    make(&c);
    let to = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        std::fs::copy(
            format!("{}{suffix}", path.display()),
            format!("{}{suffix}", to.display()),
        )
        .unwrap();
    }
    drop(c);
    to
}

fn three_files(path: &Path) -> [Vec<u8>; 3] {
    ["", "-wal", "-shm"].map(|s| std::fs::read(format!("{}{s}", path.display())).unwrap())
}

#[test]
fn refused_files_and_their_wal_stay_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), PLAN);
    let other = caught_mid_wal(dir.path(), "other.db", |c| {
        c.execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES ('keep me');")
            .unwrap();
    });
    let labelled = caught_mid_wal(dir.path(), "labelled.db", |c| {
        c.execute_batch(
            "PRAGMA application_id = 42; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
        )
        .unwrap();
    });
    let newer = {
        let made = tempfile::tempdir().unwrap();
        let (ledger, _) = sealed_ledger(made.path(), 3);
        caught_mid_wal(dir.path(), "newer.sqlite3", |c| {
            std::fs::copy(&ledger, c.path().unwrap()).unwrap();
            // The copy above replaced the file under the connection: read it afresh.
            c.execute_batch("PRAGMA user_version = 7;").unwrap();
        })
    };
    for path in [&other, &labelled, &newer] {
        let before = three_files(path);
        assert!(
            !before[1].is_empty(),
            "{}: pages in the -wal",
            path.display()
        );
        for mode in [OpenMode::ReadOnly, OpenMode::ReadWrite, OpenMode::Create] {
            match Ledger::open_as(path, mode, &who("alice")) {
                Err(LedgerError::NotALedger { .. } | LedgerError::TooNew { .. }) => {}
                other => panic!("{} {mode:?}: {other:?}", path.display()),
            }
            let after = three_files(path);
            for i in 0..3 {
                assert!(
                    after[i] == before[i],
                    "{} {mode:?} changed: file {i}",
                    path.display()
                );
            }
        }
        for args in [
            &["init"][..],
            &["set", "plan/1.1", "--unit", "市民政局", "--note", "x"],
            &["show", "市民政局"],
            &["report"],
            &["verify"],
        ] {
            let (code, _, err) = cli(dir.path(), path, args);
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(
                err.contains("未作任何改动") || err.contains("台账未作改动"),
                "{args:?}: {err}"
            );
        }
        let after = three_files(path);
        for i in 0..3 {
            assert!(
                after[i] == before[i],
                "{} changed: file {i}",
                path.display()
            );
        }
    }
}
