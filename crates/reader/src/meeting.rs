//! Several units at once, as around a meeting table: their combined duties, the tasks they
//! share and who leads each, and what falls due soonest.

use crate::model::{Model, Role, Task};
use chrono::NaiveDate;
use serde::Serialize;

/// The parts a meeting view and sheet show, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// The few dated tasks due next (not yet overdue).
    Soonest,
    /// Tasks two or more of the units share.
    Shared,
    /// Tasks only one of them has.
    Own,
}

/// How many tasks the soonest part lists.
pub const SOONEST: usize = 3;

/// One task of the combined duties.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub task: &'a Task,
    /// The meeting's units that have the task, in the order they were named, with their role.
    pub members: Vec<(&'a str, Role)>,
    /// Every lead of the task (from the whole model: the lead may not be at the table).
    pub leads: Vec<&'a str>,
    pub due: Option<NaiveDate>,
}

pub struct Meeting<'a> {
    pub units: Vec<&'a str>,
    /// Every task of any unit, soonest first (undated last), each once.
    pub rows: Vec<Row<'a>>,
    pub today: NaiveDate,
}

impl<'a> Meeting<'a> {
    pub fn new(model: &'a Model, units: &[String], today: NaiveDate) -> Meeting<'a> {
        let mut rows: Vec<Row> = Vec::new();
        let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        // Ids as the model holds them, so that rows borrow the model alone.
        let units: Vec<&'a str> = units
            .iter()
            .filter_map(|u| model.unit(u))
            .map(|u| u.id.as_str())
            .collect();
        for &u in &units {
            for (task, role) in model.duties(u) {
                let i = *at.entry(task.id.as_str()).or_insert_with(|| {
                    rows.push(Row {
                        task,
                        members: Vec::new(),
                        leads: model.assignees(task, Role::Lead).map(|(u, _)| u).collect(),
                        due: task.deadline.as_ref().and_then(|d| d.due(today)),
                    });
                    rows.len() - 1
                });
                if let Some(r) = rows.get_mut(i) {
                    r.members.push((u, role));
                }
            }
        }
        rows.sort_by_key(|r| (r.due.is_none(), r.due));
        Meeting { units, rows, today }
    }

    pub fn shared(&self) -> impl Iterator<Item = &Row<'a>> {
        self.rows.iter().filter(|r| r.members.len() > 1)
    }

    pub fn overdue(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.due.is_some_and(|d| d < self.today))
            .count()
    }

    /// The parts in display order, each with its rows. A task may be both soonest and shared.
    pub fn sections(&self) -> Vec<(Section, Vec<&Row<'a>>)> {
        let soonest: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| r.due.is_some_and(|d| d >= self.today))
            .take(SOONEST)
            .collect();
        let shared: Vec<&Row> = self.shared().collect();
        let own: Vec<&Row> = self.rows.iter().filter(|r| r.members.len() == 1).collect();
        vec![
            (Section::Soonest, soonest),
            (Section::Shared, shared),
            (Section::Own, own),
        ]
    }
}
