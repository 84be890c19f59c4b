//! The trend of lights over time (亮灯趋势): for each of the last weeks, how many assignments
//! were red, yellow, green and grey on that week's last day, replayed from the ledger's history
//! (statuses and undos as they stood then) and the deadlines as they fell then.

use crate::light::{Light, Status, light};
use crate::store::Change;
use crate::{Ledger, LedgerError};
use chrono::{Duration, NaiveDate};
use dutymatrix_reader::model::{Model, Task};
use serde::Serialize;
use std::collections::HashMap;

/// One point of the trend: the counts on `day`, in [`Light::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    pub day: NaiveDate,
    pub lights: [usize; 4],
}

/// How many weeks a trend covers by default: a quarter.
pub const WEEKS: usize = 12;

/// The status in force at the end of `day` for one assignment's rows (oldest first): later rows
/// are not yet written, and an undo counts only once it has been recorded.
fn status_on(rows: &[&Change], day: NaiveDate) -> Option<Status> {
    let mut in_force: Vec<&Change> = Vec::new();
    for c in rows.iter().filter(|c| c.at.date_naive() <= day) {
        match c.undoes {
            Some(id) => in_force.retain(|k| k.id != id),
            None => in_force.push(c),
        }
    }
    in_force.iter().rev().find_map(|c| c.status)
}

/// The counts for `weeks` week-ends ending `today` (oldest first), every assignment of `model`
/// counted, with what `ledger` (if any) held on each day.
pub fn weekly(
    ledger: Option<&Ledger>,
    model: &Model,
    today: NaiveDate,
    warn_days: i64,
    weeks: usize,
) -> Result<Vec<Week>, LedgerError> {
    weekly_where(ledger, model, today, warn_days, weeks, &|_, _| true)
}

/// As [`weekly`], counting only the assignments `keep` takes (a unit's, a document's).
pub fn weekly_where(
    ledger: Option<&Ledger>,
    model: &Model,
    today: NaiveDate,
    warn_days: i64,
    weeks: usize,
    keep: &dyn Fn(&Task, &str) -> bool,
) -> Result<Vec<Week>, LedgerError> {
    let mut rows: Vec<Change> = Vec::new();
    let mut task_of_key = crate::link::TaskOfKey::default();
    if let Some(l) = ledger {
        let links = l.links(model)?;
        let keys: Vec<i64> = links.task_of_key.keys().copied().collect();
        rows = l.store().history(&keys)?;
        task_of_key = links.task_of_key;
    }
    let mut by_pair: HashMap<(usize, &str), Vec<&Change>> = HashMap::new();
    for c in &rows {
        if let Some(&t) = task_of_key.get(&c.key) {
            by_pair.entry((t, &*c.unit)).or_default().push(c);
        }
    }
    // Two keys of one task (an edited document) are read key by key: put them in time order.
    for v in by_pair.values_mut() {
        v.sort_by_key(|c| c.id);
    }
    let days: Vec<NaiveDate> = (0..weeks.max(1))
        .rev()
        .filter_map(|k| today.checked_sub_signed(Duration::weeks(k as i64)))
        .collect();
    let mut out: Vec<Week> = days
        .iter()
        .map(|&day| Week {
            day,
            lights: [0; 4],
        })
        .collect();
    for (ti, task) in model.tasks.iter().enumerate() {
        for a in task.assignments.iter().filter(|a| keep(task, &a.unit)) {
            let history = by_pair.get(&(ti, a.unit.as_str()));
            for w in &mut out {
                let status = history.and_then(|h| status_on(h, w.day));
                let due = task.deadline.as_ref().and_then(|d| d.due(w.day));
                let l = light(due, status, w.day, warn_days);
                if let Some(i) = Light::ALL.iter().position(|x| *x == l) {
                    w.lights[i] += 1;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn change(id: i64, day: u32, status: Option<Status>, undoes: Option<i64>) -> Change {
        Change {
            id,
            key: 1,
            unit: "u".into(),
            status,
            note: None,
            note_date: None,
            who: "w".into(),
            uid: 0,
            at: Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap(),
            undoes,
            undone: false,
        }
    }

    #[test]
    fn a_status_holds_from_its_day_until_undone() {
        let a = change(1, 2, Some(Status::Doing), None);
        let b = change(2, 10, Some(Status::Done), None);
        let undo = change(3, 20, None, Some(2));
        let rows = [&a, &b, &undo];
        let d = |n| NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
        assert_eq!(status_on(&rows, d(1)), None);
        assert_eq!(status_on(&rows, d(5)), Some(Status::Doing));
        assert_eq!(status_on(&rows, d(15)), Some(Status::Done));
        assert_eq!(status_on(&rows, d(25)), Some(Status::Doing));
    }
}
