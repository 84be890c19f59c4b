//! What the chain cannot show, the user's own witness does: a tamperer who rebuilds every seal
//! after a change (the algorithm is public) leaves a chain that fits and a `ledger verify` that
//! passes, but the rows this account saw are no longer there as they were. Said once, on the
//! next command, naming the row; then what is there now is remembered.

use super::{found, sealed_ledger};
use crate::common;
use dutymatrix::ledger::faith::Table;
use dutymatrix::ledger::sqlite::seal;
use rusqlite::types::{Value, ValueRef};
use std::path::Path;

/// `ledger show 市民政局` as the same account each time (its own state folder).
fn show(dir: &Path, ledger: &Path) -> String {
    let out = common::cmd()
        .current_dir(dir)
        .env("XDG_STATE_HOME", dir.join("state"))
        .args(["--no-builtin", "--doc", "plan.txt", "--ledger"])
        .arg(ledger)
        .args(["ledger", "show", "市民政局"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Changes a note and seals every row from it on again, as dutymatrix would have: the chain
/// fits afterwards. The guards are lifted and put back as they were.
fn rebuild_after_change(path: &Path, row: i64) {
    let mut c = rusqlite::Connection::open(path).unwrap();
    let tx = c.transaction().unwrap();
    let guards: Vec<(String, String)> = {
        let mut s = tx
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    for (name, _) in &guards {
        tx.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    tx.execute("UPDATE history SET note = '全部完成' WHERE id = ?1", [row])
        .unwrap();
    let rows: Vec<Vec<Value>> = {
        let mut s = tx
            .prepare(
                "SELECT h.id, h.task_key, k.document, k.task_id, k.number, k.fingerprint, k.title,
                        h.unit, h.status, h.note, h.note_date, h.who, h.uid, h.at, h.undoes
                 FROM history h JOIN task_keys k ON k.id = h.task_key ORDER BY h.id",
            )
            .unwrap();
        s.query_map([], |r| (0..15).map(|i| r.get::<_, Value>(i)).collect())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let mut prev = [0u8; 32];
    for r in rows {
        let values: Vec<ValueRef<'_>> = r.iter().map(ValueRef::from).collect();
        prev = seal(&prev, Table::History, &values);
        tx.execute(
            "UPDATE history SET chain = ?1 WHERE id = ?2",
            rusqlite::params![prev.as_slice(), &r[0]],
        )
        .unwrap();
    }
    for (_, sql) in &guards {
        tx.execute_batch(sql).unwrap();
    }
    tx.commit().unwrap();
}

#[test]
fn a_rebuilt_chain_fits_but_the_witness_names_the_row_it_saw() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sealed_ledger(dir.path(), 10);
    assert_eq!(show(dir.path(), &path), "");
    assert!(dir.path().join("state/dutymatrix/witness.tsv").is_file());
    rebuild_after_change(&path, 3);
    // The chain fits: neither the open nor verify can tell.
    assert_eq!(found(&path), (None, None));
    let said = show(dir.path(), &path);
    assert!(
        said.contains("历史记录第 #10 条与你上次看到的不同或已不在"),
        "{said}"
    );
    // Said once: what is there now is what this account has seen.
    assert_eq!(show(dir.path(), &path), "");
    // The newest rows removed, SQLite's own count of ids put back and the derived state
    // rebuilt from what is left (this history has no undos) to hide it.
    let c = rusqlite::Connection::open(&path).unwrap();
    let guard: String = c
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'history_is_append_only_delete'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    c.execute_batch(&format!(
        "DROP TRIGGER history_is_append_only_delete;
         DELETE FROM history WHERE id >= 9;
         UPDATE sqlite_sequence SET seq = 8 WHERE name = 'history';
         DELETE FROM in_force;
         INSERT INTO in_force (task_key, unit, last_row, status_row, note_row)
           SELECT task_key, unit, max (id),
                  max (CASE WHEN status IS NOT NULL AND undoes IS NULL THEN id END),
                  max (CASE WHEN note IS NOT NULL AND undoes IS NULL THEN id END)
           FROM history GROUP BY task_key, unit;
         UPDATE in_force SET
           (s_status, s_note, s_note_date, s_who, s_uid, s_at) = (SELECT status, note,
             note_date, who, uid, at FROM history WHERE id = in_force.status_row),
           (n_status, n_note, n_note_date, n_who, n_uid, n_at) = (SELECT status, note,
             note_date, who, uid, at FROM history WHERE id = in_force.note_row);
         {guard};"
    ))
    .unwrap();
    drop(c);
    assert_eq!(found(&path), (None, None));
    let said = show(dir.path(), &path);
    assert!(said.contains("#10"), "{said}");
}
