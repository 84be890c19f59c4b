//! Links kept between whole reads of a real SQLite ledger: what a read with them links is what
//! linking every key gives, and they are used only while they hold.

use crate::kept_links::{self, ToLink};
use crate::link::link;
use crate::store::{Identity, NewChange};
use crate::{Ledger, OpenMode, Status};
use dutymatrix_reader::load;
use dutymatrix_reader::model::Model;
use std::path::Path;

const PLAN: &str = "某市养老服务提升工作方案

一、重点任务
1.推进医养结合发展，2026年12月底前完成。（责任单位：市卫生健康委、市民政局）
2.建设智慧养老服务平台，2027年6月底前完成。（牵头单位：市民政局；配合单位：市财政局）
3.完善养老服务人才培养体系，2025年底前完成。（责任单位：市人力资源社会保障局）
";

/// The model of `text`, written as the one document in `dir`.
pub(crate) fn model(dir: &Path, text: &str) -> Model {
    let path = dir.join("plan.txt");
    std::fs::write(&path, text).unwrap();
    let options = load::Options {
        docs: vec![path],
        no_builtin: true,
        no_cache: true,
        ..load::Options::default()
    };
    load::load(&options).unwrap().model
}

pub(crate) fn alice() -> Identity {
    Identity {
        login: "alice".into(),
        uid: 1000,
    }
}

fn record(ledger: &mut Ledger, model: &Model, task: &str, unit: &str) {
    let change = NewChange {
        unit: unit.into(),
        status: Some(Status::Doing),
        note: None,
        note_date: None,
    };
    ledger.record(model, &alice(), task, change).unwrap();
}

/// What a read with the links kept in `file` links, and how many keys it read to do so.
fn read(ledger: &Ledger, model: &Model, file: &Path) -> (crate::link::Links, Option<usize>) {
    let store = ledger.store.as_ref();
    let read = kept_links::to_link(store, Some(file)).unwrap();
    let newer = match &read {
        ToLink::Newer { newer, .. } => Some(newer.len()),
        ToLink::All(_) => None,
    };
    (
        kept_links::links(store, model, read, Some(file)).unwrap(),
        newer,
    )
}

#[test]
fn kept_links_are_the_links_of_every_key_while_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("links").join("kept.bin");
    let path = dir.path().join("l.sqlite3");
    let mut ledger = Ledger::open_as(&path, OpenMode::Create, &alice())
        .unwrap()
        .unwrap();
    let plan = model(dir.path(), PLAN);
    let every = |ledger: &Ledger, model: &Model| link(model, &ledger.store.task_keys().unwrap());

    record(&mut ledger, &plan, "plan/1.1", "市民政局");
    // Nothing kept yet: every key read, and the links kept.
    assert_eq!(read(&ledger, &plan, &file), (every(&ledger, &plan), None));
    assert!(file.is_file());
    // Kept, and nothing written since: no key read.
    assert_eq!(
        read(&ledger, &plan, &file),
        (every(&ledger, &plan), Some(0))
    );
    // A pair more of a key linked: still none read. A task first recorded: its key alone.
    record(&mut ledger, &plan, "plan/1.1", "市卫生健康委");
    assert_eq!(
        read(&ledger, &plan, &file),
        (every(&ledger, &plan), Some(0))
    );
    record(&mut ledger, &plan, "plan/1.3", "市人力资源社会保障局");
    assert_eq!(
        read(&ledger, &plan, &file),
        (every(&ledger, &plan), Some(1))
    );
    assert_eq!(read(&ledger, &plan, &file).1, Some(0));

    // Other documents: the keys are read as they are, and linked to them again.
    let edited = model(
        dir.path(),
        &PLAN.replace("1.推进医养结合发展", "1.加快推进医养结合发展"),
    );
    let links = read(&ledger, &edited, &file).0;
    assert_eq!(links, every(&ledger, &edited));
    assert_ne!(links, every(&ledger, &plan));
    assert_eq!(read(&ledger, &edited, &file).1, Some(0));

    // A file that is not whole is not used.
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    assert_eq!(
        read(&ledger, &edited, &file),
        (every(&ledger, &edited), None)
    );
    std::fs::write(&file, &bytes[..middle]).unwrap();
    assert_eq!(read(&ledger, &edited, &file).1, None);

    // Another ledger at the same place (a copy restored, say): its history is not the one the
    // links were kept from, though it has as many keys.
    assert_eq!(read(&ledger, &edited, &file).1, Some(0));
    drop(ledger);
    let other = dir.path().join("other.sqlite3");
    let mut ledger = Ledger::open_as(&other, OpenMode::Create, &alice())
        .unwrap()
        .unwrap();
    for (task, unit) in [
        ("plan/1.3", "市人力资源社会保障局"),
        ("plan/1.1", "市民政局"),
    ] {
        record(&mut ledger, &edited, task, unit);
    }
    drop(ledger);
    std::fs::rename(&other, &path).unwrap();
    let ledger = Ledger::open_as(&path, OpenMode::ReadOnly, &alice())
        .unwrap()
        .unwrap();
    assert_eq!(
        read(&ledger, &edited, &file),
        (every(&ledger, &edited), None)
    );
}
