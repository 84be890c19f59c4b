//! 临近提醒 and 到期催办: per unit, what falls due within a number of days or is overdue, and
//! is not closed, with its latest note and who recorded it. The words are the application's.

use crate::light::Status;
use crate::report::Item;
use crate::snapshot::Snapshot;
use chrono::NaiveDate;
use dutymatrix_reader::model::Model;
use serde::Serialize;
use std::collections::BTreeMap;

/// One unit's reminders, soonest (most overdue) first.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReminders {
    pub unit: String,
    pub items: Vec<Item>,
}

/// Every open assignment (of `unit`, or of all) due on or before `today + within` days,
/// overdue ones included; units in name order.
pub fn reminders(
    model: &Model,
    snap: &Snapshot,
    today: NaiveDate,
    warn_days: i64,
    within: i64,
    unit: Option<&str>,
) -> Vec<UnitReminders> {
    let mut by_unit: BTreeMap<&str, Vec<Item>> = BTreeMap::new();
    for a in snap.assignments(model, unit, today, warn_days) {
        let status = a.status().unwrap_or(Status::Todo);
        if status == Status::Done {
            continue;
        }
        let Some(due) = a.task.deadline.as_ref().and_then(|d| d.due(today)) else {
            continue;
        };
        let days_left = (due - today).num_days();
        if days_left > within {
            continue;
        }
        let note = a.note();
        by_unit.entry(a.unit).or_default().push(Item {
            light: a.light,
            unit: a.unit.to_string(),
            task: a.task.id.to_string(),
            title: a.task.title_simplified().to_string(),
            due: Some(due),
            days_left: Some(days_left),
            status,
            recorded: a.entry.is_some(),
            note: note.and_then(|n| n.note.clone()),
            note_date: note.and_then(|n| n.note_date),
            who: note.map(|n| String::from(&*n.who)),
        });
    }
    by_unit
        .into_iter()
        .map(|(unit, mut items)| {
            items.sort_by(|a, b| {
                a.days_left
                    .cmp(&b.days_left)
                    .then_with(|| a.task.cmp(&b.task))
            });
            UnitReminders {
                unit: unit.to_string(),
                items,
            }
        })
        .collect()
}
