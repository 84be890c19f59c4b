//! Tasks by deadline, in the bands a meeting talks about: overdue, within 30 days, the rest of
//! this quarter, later, ongoing (no date) and recurring (by the next time it falls due).

use crate::model::{DeadlineKind, Model, Task};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Overdue,
    Within30Days,
    ThisQuarter,
    Later,
    Ongoing,
    Recurring,
}

impl Band {
    pub const ALL: [Band; 6] = [
        Band::Overdue,
        Band::Within30Days,
        Band::ThisQuarter,
        Band::Later,
        Band::Ongoing,
        Band::Recurring,
    ];

    /// The band of a task's deadline seen from `today`.
    pub fn of(task: &Task, today: NaiveDate) -> Band {
        let Some(d) = &task.deadline else {
            return Band::Ongoing;
        };
        match d.kind {
            DeadlineKind::Recurring => return Band::Recurring,
            DeadlineKind::Ongoing => return Band::Ongoing,
            DeadlineKind::Date => {}
        }
        let Some(due) = d.due(today) else {
            return Band::Ongoing;
        };
        let days = (due - today).num_days();
        if days < 0 {
            Band::Overdue
        } else if days <= 30 {
            Band::Within30Days
        } else if due <= quarter_end(today) {
            Band::ThisQuarter
        } else {
            Band::Later
        }
    }
}

/// The last day of `today`'s quarter.
pub fn quarter_end(today: NaiveDate) -> NaiveDate {
    let last_month = (today.month0() / 3) * 3 + 3;
    let (y, m) = if last_month == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), last_month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(today)
}

/// Which tasks a timeline shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    /// Tasks of any of these units (one unit, or the marked set).
    Units(Vec<String>),
    /// One document's tasks, by id.
    Document(String),
}

/// One task on the timeline.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub task: &'a Task,
    /// The next day it falls due (a recurring one's next occurrence), if any.
    pub due: Option<NaiveDate>,
}

/// Every band in order, each with its tasks soonest first (undated ones in model order).
pub struct Timeline<'a> {
    pub today: NaiveDate,
    pub bands: Vec<(Band, Vec<Entry<'a>>)>,
}

impl<'a> Timeline<'a> {
    pub fn new(model: &'a Model, scope: &Scope, today: NaiveDate) -> Timeline<'a> {
        let tasks: Vec<&Task> = match scope {
            Scope::All => model.tasks.iter().collect(),
            Scope::Document(id) => model.tasks.iter().filter(|t| &t.document == id).collect(),
            Scope::Units(units) => {
                let mut seen = std::collections::HashSet::new();
                let mut out: Vec<&Task> = Vec::new();
                // The unit's id as the model holds it: the tasks found then borrow the model only.
                for u in units.iter().filter_map(|u| model.unit(u)) {
                    for (t, _) in model.duties(&u.id) {
                        if seen.insert(t.id.as_str()) {
                            out.push(t);
                        }
                    }
                }
                out
            }
        };
        let mut bands: Vec<(Band, Vec<Entry>)> =
            Band::ALL.iter().map(|b| (*b, Vec::new())).collect();
        for task in tasks {
            let band = Band::of(task, today);
            let due = task.deadline.as_ref().and_then(|d| d.due(today));
            if let Some((_, list)) = bands.iter_mut().find(|(b, _)| *b == band) {
                list.push(Entry { task, due });
            }
        }
        for (_, list) in &mut bands {
            // Stable: tasks due the same day keep their order in the documents.
            list.sort_by_key(|e| (e.due.is_none(), e.due));
        }
        Timeline { today, bands }
    }

    pub fn count(&self, band: Band) -> usize {
        self.bands
            .iter()
            .find(|(b, _)| *b == band)
            .map_or(0, |(_, l)| l.len())
    }

    pub fn len(&self) -> usize {
        self.bands.iter().map(|(_, l)| l.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry with its band, in display order.
    pub fn entries(&self) -> impl Iterator<Item = (Band, &Entry<'a>)> {
        self.bands
            .iter()
            .flat_map(|(b, l)| l.iter().map(move |e| (*b, e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn quarters_end_where_the_calendar_says() {
        assert_eq!(quarter_end(day(2022, 6, 30)), day(2022, 6, 30));
        assert_eq!(quarter_end(day(2022, 7, 1)), day(2022, 9, 30));
        assert_eq!(quarter_end(day(2022, 11, 5)), day(2022, 12, 31));
        assert_eq!(quarter_end(day(2023, 1, 1)), day(2023, 3, 31));
    }

    fn task(id: &str, deadline: Option<crate::model::Deadline>) -> Task {
        Task {
            id: id.into(),
            document: "d".into(),
            section: Default::default(),
            number: Default::default(),
            kind: crate::model::TaskKind::Task,
            title: id.into(),
            title_simplified: id.into(),
            text: Default::default(),
            text_simplified: Default::default(),
            annotation: None,
            assignments: Vec::new(),
            deadline: deadline.map(std::sync::Arc::new),
            lines: [1, 1],
            at: None,
        }
    }

    fn on(date: NaiveDate) -> Option<crate::model::Deadline> {
        Some(crate::model::Deadline {
            date: Some(date),
            kind: DeadlineKind::Date,
            every_year: None,
            text: Default::default(),
            basis: crate::model::Basis::Explicit,
        })
    }

    #[test]
    fn every_band_from_one_today() {
        let today = day(2022, 7, 10);
        let mut yearly = on(day(2000, 1, 1));
        if let Some(d) = yearly.as_mut() {
            d.date = None;
            d.kind = DeadlineKind::Recurring;
            d.every_year = Some((3, 31));
        }
        let mut ongoing = on(day(2000, 1, 1));
        if let Some(d) = ongoing.as_mut() {
            d.date = None;
            d.kind = DeadlineKind::Ongoing;
        }
        let model = Model {
            tasks: vec![
                task("late", on(day(2022, 7, 9))),
                task("soon", on(day(2022, 8, 9))),
                task("quarter", on(day(2022, 9, 30))),
                task("later", on(day(2022, 10, 1))),
                task("yearly", yearly),
                task("ongoing", ongoing),
                task("undated", None),
            ],
            ..Model::default()
        };
        let tl = Timeline::new(&model, &Scope::All, today);
        let ids: Vec<(Band, &str, Option<NaiveDate>)> = tl
            .entries()
            .map(|(b, e)| (b, e.task.id.as_str(), e.due))
            .collect();
        assert_eq!(
            ids,
            [
                (Band::Overdue, "late", Some(day(2022, 7, 9))),
                (Band::Within30Days, "soon", Some(day(2022, 8, 9))),
                (Band::ThisQuarter, "quarter", Some(day(2022, 9, 30))),
                (Band::Later, "later", Some(day(2022, 10, 1))),
                (Band::Ongoing, "ongoing", None),
                (Band::Ongoing, "undated", None),
                // The next 31 March after 10 July 2022.
                (Band::Recurring, "yearly", Some(day(2023, 3, 31))),
            ]
        );
    }
}
