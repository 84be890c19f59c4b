//! The ledger store against real SQLite files in temporary folders: recording, deriving the
//! current state, undo, permissions, lights, and documents edited between runs.

use crate::common;

use common::ledger::{PLAN, PLAN_EDITED, day, model_of, who, write_plan};
use dutymatrix::ledger::{
    Ledger, LedgerError, Light, MemberChange, NewChange, OpenMode, Snapshot, Status,
};

fn set(unit: &str, status: Option<Status>, note: Option<&str>) -> NewChange {
    NewChange {
        unit: unit.to_string(),
        status,
        note: note.map(str::to_string),
        note_date: note.map(|_| day("2026-12-01")),
    }
}

#[test]
fn records_derive_the_current_state_and_keep_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let model = model_of(&write_plan(dir.path(), PLAN));
    let path = dir.path().join("ledger.sqlite3");
    let alice = who("alice");
    let mut ledger = Ledger::open_as(&path, OpenMode::Create, &alice)
        .unwrap()
        .unwrap();
    assert!(ledger.created());
    ledger
        .record(
            &model,
            &alice,
            "plan/1.1",
            set("市民政局", Some(Status::Doing), Some("已完成选址")),
        )
        .unwrap();
    ledger
        .record(
            &model,
            &alice,
            "plan/1.1",
            set("市民政局", None, Some("签订协议3份")),
        )
        .unwrap();
    ledger
        .record(
            &model,
            &alice,
            "plan/1.1",
            set("市卫生健康委", Some(Status::Done), None),
        )
        .unwrap();

    let snap = ledger.snapshot(&model).unwrap();
    let mz = snap.entry("plan/1.1", "市民政局").unwrap();
    assert_eq!(mz.status, Some(Status::Doing));
    assert_eq!(
        mz.note.as_ref().unwrap().note.as_deref(),
        Some("签订协议3份")
    );
    assert_eq!(&*mz.note.as_ref().unwrap().who, "alice");
    assert_eq!(snap.status("plan/1.1", "市卫生健康委"), Some(Status::Done));
    assert_eq!(snap.status("plan/1.2", "市民政局"), None);
    assert_eq!(ledger.store().row_count().unwrap(), 3);

    // Lights: 1.1 is due 2026-12-31, 30 days after 2026-12-01: yellow for 市民政局, grey for
    // the unit that closed it; 1.3 (2025-12-31) is red with no record at all.
    let today = day("2026-12-01");
    let t = |id: &str| model.tasks.iter().find(|t| t.id == id).unwrap();
    assert_eq!(
        snap.light(t("plan/1.1"), "市民政局", today, 30),
        Light::Yellow
    );
    assert_eq!(
        snap.light(t("plan/1.1"), "市民政局", today, 29),
        Light::Green
    );
    assert_eq!(
        snap.light(t("plan/1.1"), "市卫生健康委", today, 30),
        Light::Grey
    );
    assert_eq!(snap.task_light(t("plan/1.1"), today, 30), Light::Yellow);
    assert_eq!(snap.task_light(t("plan/1.3"), today, 30), Light::Red);
    assert_eq!(
        Snapshot::empty().task_light(t("plan/1.3"), today, 30),
        Light::Red
    );

    let history = ledger.history(&model, "plan/1.1").unwrap();
    assert_eq!(history.len(), 3);
    assert!(history.windows(2).all(|w| w[0].id < w[1].id));
}

#[test]
fn undo_is_a_new_row_and_the_state_steps_back() {
    let dir = tempfile::tempdir().unwrap();
    let model = model_of(&write_plan(dir.path(), PLAN));
    let path = dir.path().join("ledger.sqlite3");
    let alice = who("alice");
    let mut ledger = Ledger::open_as(&path, OpenMode::Create, &alice)
        .unwrap()
        .unwrap();
    ledger
        .record(
            &model,
            &alice,
            "plan/1.2",
            set("市财政局", Some(Status::Doing), Some("资金已拨付")),
        )
        .unwrap();
    ledger
        .close_out(
            &model,
            &alice,
            "plan/1.2",
            "市财政局",
            None,
            day("2026-12-01"),
        )
        .unwrap();
    assert_eq!(
        ledger
            .snapshot(&model)
            .unwrap()
            .status("plan/1.2", "市财政局"),
        Some(Status::Done)
    );
    let undo = ledger.undo(&model, &alice, "plan/1.2", "市财政局").unwrap();
    assert!(undo.undoes.is_some());
    let snap = ledger.snapshot(&model).unwrap();
    let e = snap.entry("plan/1.2", "市财政局").unwrap();
    assert_eq!(e.status, Some(Status::Doing));
    assert_eq!(e.note.as_ref().unwrap().note.as_deref(), Some("资金已拨付"));
    // Undo again: the first record goes too, leaving records but no status in force.
    ledger.undo(&model, &alice, "plan/1.2", "市财政局").unwrap();
    let snap = ledger.snapshot(&model).unwrap();
    assert_eq!(snap.status("plan/1.2", "市财政局"), None);
    assert!(matches!(
        ledger.undo(&model, &alice, "plan/1.2", "市财政局"),
        Err(LedgerError::NothingToUndo { .. })
    ));
    let history = ledger.history(&model, "plan/1.2").unwrap();
    assert_eq!(history.len(), 4, "nothing is deleted");
    assert!(history[0].undone && history[1].undone);
}

#[test]
fn a_write_outside_ones_units_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let model = model_of(&write_plan(dir.path(), PLAN));
    let path = dir.path().join("ledger.sqlite3");
    let (alice, bob) = (who("alice"), who("bob"));
    let mut ledger = Ledger::open_as(&path, OpenMode::Create, &alice)
        .unwrap()
        .unwrap();
    let members = ledger.members().unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].login, "alice");
    assert!(members[0].supervisor, "the creator is the first supervisor");

    let err = ledger
        .record(
            &model,
            &bob,
            "plan/1.2",
            set("市民政局", Some(Status::Doing), None),
        )
        .unwrap_err();
    assert_eq!(
        err,
        LedgerError::Denied {
            login: "bob".into(),
            unit: "市民政局".into()
        }
    );
    assert!(err.to_string().contains("市民政局"));
    assert_eq!(ledger.store().row_count().unwrap(), 0);

    // bob may not grant himself anything; alice may.
    let grant = MemberChange::Grant {
        login: "bob".into(),
        unit: "市民政局".into(),
    };
    assert!(matches!(
        ledger.change_member(&bob, &grant),
        Err(LedgerError::NotSupervisor { .. })
    ));
    ledger.change_member(&alice, &grant).unwrap();
    ledger
        .record(
            &model,
            &bob,
            "plan/1.2",
            set("市民政局", Some(Status::Doing), None),
        )
        .unwrap();
    assert!(matches!(
        ledger.record(&model, &bob, "plan/1.2", set("市财政局", Some(Status::Doing), None)),
        Err(LedgerError::Denied { unit, .. }) if unit == "市财政局"
    ));
    ledger
        .change_member(
            &alice,
            &MemberChange::Revoke {
                login: "bob".into(),
                unit: "市民政局".into(),
            },
        )
        .unwrap();
    assert!(
        ledger
            .record(
                &model,
                &bob,
                "plan/1.2",
                set("市民政局", Some(Status::Done), None)
            )
            .is_err()
    );
    assert!(matches!(
        ledger.change_member(
            &alice,
            &MemberChange::RevokeSupervisor {
                login: "alice".into()
            }
        ),
        Err(LedgerError::LastSupervisor { .. })
    ));
    assert_eq!(ledger.store().row_count().unwrap(), 1);
    // A unit not assigned to the task is refused whoever asks.
    assert!(matches!(
        ledger.record(
            &model,
            &alice,
            "plan/1.3",
            set("市民政局", Some(Status::Doing), None)
        ),
        Err(LedgerError::NotAssigned { .. })
    ));
}

#[test]
fn an_edited_document_keeps_its_tasks_history_and_lists_the_gone_as_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), PLAN);
    let path = dir.path().join("ledger.sqlite3");
    let alice = who("alice");
    {
        let model = model_of(&plan);
        let mut ledger = Ledger::open_as(&path, OpenMode::Create, &alice)
            .unwrap()
            .unwrap();
        for (task, unit, note) in [
            ("plan/1.1", "市民政局", "医养结合机构新增2家"),
            ("plan/1.2", "市财政局", "平台资金已落实"),
            ("plan/1.3", "市人力资源社会保障局", "培训120人次"),
        ] {
            ledger
                .record(
                    &model,
                    &alice,
                    task,
                    set(unit, Some(Status::Doing), Some(note)),
                )
                .unwrap();
        }
    }
    write_plan(dir.path(), PLAN_EDITED);
    let model = model_of(&plan);
    let ledger = Ledger::open_as(&path, OpenMode::ReadWrite, &alice)
        .unwrap()
        .unwrap();
    let snap = ledger.snapshot(&model).unwrap();
    // 推进医养结合发展 moved from 1.1 to 1.2: found by its title.
    let moved = snap.entry("plan/1.2", "市民政局").unwrap();
    assert_eq!(
        moved.note.as_ref().unwrap().note.as_deref(),
        Some("医养结合机构新增2家")
    );
    // The platform task was reworded and moved to 1.3: found by its title's likeness.
    let reworded = snap.entry("plan/1.3", "市财政局").unwrap();
    assert_eq!(
        reworded.note.as_ref().unwrap().note.as_deref(),
        Some("平台资金已落实")
    );
    assert_eq!(ledger.history(&model, "plan/1.3").unwrap().len(), 1);
    // The new task at 1.1 inherits nothing.
    assert_eq!(snap.entry("plan/1.1", "市民政局"), None);
    // The removed training task is an orphan: listed with its last note, never dropped.
    assert_eq!(snap.orphans.len(), 1);
    let orphan = &snap.orphans[0];
    assert!(orphan.key.title.contains("人才培养"));
    assert_eq!(orphan.unit, "市人力资源社会保障局");
    assert_eq!(
        orphan.entry.note.as_ref().unwrap().note.as_deref(),
        Some("培训120人次")
    );
    assert_eq!(ledger.store().row_count().unwrap(), 3);
}

#[test]
fn the_history_cannot_be_rewritten_even_with_sql() {
    let dir = tempfile::tempdir().unwrap();
    let model = model_of(&write_plan(dir.path(), PLAN));
    let path = dir.path().join("ledger.sqlite3");
    let alice = who("alice");
    let mut ledger = Ledger::open_as(&path, OpenMode::Create, &alice)
        .unwrap()
        .unwrap();
    ledger
        .record(
            &model,
            &alice,
            "plan/1.1",
            set("市民政局", Some(Status::Done), Some("已完成")),
        )
        .unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE history SET status = 'todo'",
        "DELETE FROM history",
        "DELETE FROM member_events",
        "UPDATE member_events SET granted = 0",
    ] {
        let e = c.execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    assert_eq!(
        ledger
            .snapshot(&model)
            .unwrap()
            .status("plan/1.1", "市民政局"),
        Some(Status::Done)
    );
}

/// A fixed pseudo-random run of records and undos over three pairs, checked step by step
/// against the plainest possible replay of the history.
#[test]
fn the_derived_state_matches_a_plain_replay_of_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let model = model_of(&write_plan(dir.path(), PLAN));
    let path = dir.path().join("ledger.sqlite3");
    let alice = who("alice");
    let mut ledger = Ledger::open_as(&path, OpenMode::Create, &alice)
        .unwrap()
        .unwrap();
    let pairs = [
        ("plan/1.1", "市民政局"),
        ("plan/1.1", "市卫生健康委"),
        ("plan/1.2", "市财政局"),
    ];
    // (row id, pair, status, note); undone ids apart.
    let mut rows: Vec<(i64, usize, Option<Status>, Option<String>)> = Vec::new();
    let mut undone: std::collections::HashSet<i64> = Default::default();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for step in 0..240 {
        let r = next();
        let p = (r % 3) as usize;
        let (task, unit) = pairs[p];
        let live = |rows: &Vec<(i64, usize, Option<Status>, Option<String>)>,
                    undone: &std::collections::HashSet<i64>| {
            rows.iter()
                .filter(|row| row.1 == p && !undone.contains(&row.0))
                .map(|row| row.0)
                .max()
        };
        if (r >> 8) % 4 == 0 {
            let expected = live(&rows, &undone);
            match ledger.undo(&model, &alice, task, unit) {
                Ok(c) => {
                    assert_eq!(c.undoes, expected, "step {step}");
                    undone.insert(c.undoes.unwrap());
                }
                Err(LedgerError::NothingToUndo { .. }) => assert_eq!(expected, None, "step {step}"),
                Err(e) => panic!("{e}"),
            }
        } else {
            let status = [
                None,
                Some(Status::Todo),
                Some(Status::Doing),
                Some(Status::Done),
                Some(Status::Paused),
            ][((r >> 12) % 5) as usize];
            let note = ((r >> 16) % 2 == 0 || status.is_none()).then(|| format!("第{step}步"));
            let c = ledger
                .record(&model, &alice, task, set(unit, status, note.as_deref()))
                .unwrap();
            rows.push((c.id, p, status, note));
        }
        let snap = ledger.snapshot(&model).unwrap();
        for (q, (task, unit)) in pairs.iter().enumerate() {
            let mine = || {
                rows.iter()
                    .filter(|row| row.1 == q && !undone.contains(&row.0))
            };
            let status = mine()
                .filter(|row| row.2.is_some())
                .max_by_key(|row| row.0)
                .and_then(|row| row.2);
            let note = mine()
                .filter(|row| row.3.is_some())
                .max_by_key(|row| row.0)
                .and_then(|row| row.3.clone());
            let entry = snap.entry(task, unit);
            assert_eq!(entry.and_then(|e| e.status), status, "step {step} pair {q}");
            assert_eq!(
                entry
                    .and_then(|e| e.note.as_ref())
                    .and_then(|n| n.note.clone()),
                note,
                "step {step} pair {q}"
            );
        }
    }
    assert!(!undone.is_empty() && rows.len() > 100);
}
