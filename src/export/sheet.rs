//! What a sheet holds: one row per task and unit, the same columns for every kind of sheet.

use crate::counterparts::{Counterparts, Direction};
use crate::ledger::{Light, Snapshot, Status};
use crate::meeting::{Meeting, Section};
use crate::model::{Assignment, Level, Model, Role, Task};
use crate::timeline::{Scope, Timeline};
use crate::words::Lang;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    /// One task, a row per unit it names.
    Task,
    Unit,
    Meeting,
    Timeline,
    Matrix,
}

/// One task–unit pair. New columns are added here and in `render`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetRow {
    /// The part of the sheet: 本单位 / 上级对口任务 …, 共同任务, a timeline band, a section heading.
    pub section: String,
    /// Empty for a task that names no unit.
    pub unit: String,
    pub level: Option<Level>,
    pub role: Option<Role>,
    /// Every lead of the task.
    pub leads: Vec<String>,
    pub task_id: String,
    pub task: String,
    /// The document's title.
    pub document: String,
    /// The next due day; a recurring deadline's next occurrence.
    pub due: Option<NaiveDate>,
    pub days_left: Option<i64>,
    /// The deadline phrase as written.
    pub deadline: String,
    /// Where it stands (亮灯): from the ledger, or from the deadline alone without one; None
    /// for a row that names no unit. Filled by [`with_ledger`].
    pub light: Option<Light>,
    /// The status in force in the ledger (未启动 when nothing is recorded but a ledger is read).
    pub status: Option<Status>,
    /// The latest progress note: `2022-12-10 特困人员供养标准已提高（wangfang）`.
    pub progress: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    pub kind: SheetKind,
    pub title: String,
    pub today: NaiveDate,
    /// The units the sheet is about (empty for the timeline of all and the matrix).
    pub units: Vec<String>,
    pub rows: Vec<SheetRow>,
}

/// The sheet's columns: the task–unit pair, its deadline, then where it stands.
pub(super) fn columns(lang: Lang) -> [&'static str; 14] {
    let (s, m) = (lang.strings(), lang.meeting());
    let w = crate::words::ledger_words(lang);
    [
        m.col_section,
        s.unit,
        s.level,
        s.role,
        m.col_leads,
        m.col_task_id,
        s.task,
        s.document,
        m.col_due,
        m.col_days_left,
        m.col_deadline_text,
        w.light,
        w.status,
        w.latest,
    ]
}

/// Document text reaches a terminal through Markdown and JSON on stdout: no control characters.
fn clean(s: &str) -> String {
    crate::text::one_line(s)
}

fn row(
    model: &Model,
    section: &str,
    task: &Task,
    assignee: Option<(&str, Role)>,
    today: NaiveDate,
) -> SheetRow {
    let deadline = task.deadline.as_ref();
    SheetRow {
        section: clean(section),
        unit: assignee.map_or(String::new(), |(u, _)| clean(u)),
        level: assignee.and_then(|(u, _)| model.unit(u)).map(|u| u.level),
        role: assignee.map(|(_, r)| r),
        leads: model
            .assignees(task, Role::Lead)
            .map(|(u, _)| clean(u))
            .collect(),
        task_id: clean(&task.id),
        task: clean(task.title_simplified()),
        document: clean(
            &model
                .document(&task.document)
                .map_or(task.document.to_string(), |d| d.title.clone()),
        ),
        due: deadline.and_then(|d| d.due(today)),
        days_left: deadline.and_then(|d| d.days_left(today)),
        deadline: deadline.map_or(String::new(), |d| clean(&d.text)),
        light: None,
        status: None,
        progress: None,
    }
}

/// `sheet` with where each row stands: its light always (from the deadline when `snapshot` is
/// empty), and its status and latest note from the ledger. Every sheet goes through here, from
/// the dashboard and the command line alike.
pub fn with_ledger(mut sheet: Sheet, model: &Model, snapshot: &Snapshot, warn_days: i64) -> Sheet {
    let tasks: std::collections::HashMap<&str, &Task> =
        model.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    for r in &mut sheet.rows {
        if let Some(task) = tasks.get(r.task_id.as_str()) {
            stands(r, task, snapshot, sheet.today, warn_days);
        }
    }
    sheet
}

/// Fills in where one row of `task` stands (see [`with_ledger`]).
pub(super) fn stands(
    r: &mut SheetRow,
    task: &Task,
    snapshot: &Snapshot,
    today: NaiveDate,
    warn_days: i64,
) {
    if r.unit.is_empty() {
        return;
    }
    r.light = Some(snapshot.light(task, &r.unit, today, warn_days));
    let entry = snapshot.entry(&task.id, &r.unit);
    r.status = entry
        .and_then(|e| e.status)
        .or(snapshot.mark.is_some().then_some(Status::Todo));
    r.progress = entry.and_then(|e| e.note.as_ref()).map(|n| {
        clean(&crate::ledger::report::note_text(
            n.note.as_deref(),
            n.note_date,
            Some(&n.who),
        ))
    });
}

fn name_of(model: &Model, id: &str) -> String {
    model.unit(id).map_or(id.to_string(), |u| u.name.clone())
}

/// A unit's duties, then its counterparts' above and below, each under its own heading.
pub fn unit_sheet(
    model: &Model,
    counterparts: &Counterparts,
    unit: &str,
    lang: Lang,
    today: NaiveDate,
) -> Sheet {
    let m = lang.meeting();
    let mut rows: Vec<SheetRow> = model
        .duties(unit)
        .map(|(t, r)| row(model, m.own_duties, t, Some((unit, r)), today))
        .collect();
    for (dir, pair) in counterparts.of(unit) {
        let other = pair.other(unit);
        let heading = match dir {
            Direction::Upper => m.counterpart_upper,
            Direction::Lower => m.counterpart_lower,
        };
        let section = format!(
            "{heading} · {}（{}）",
            name_of(model, other),
            m.how(&pair.how)
        );
        rows.extend(
            model
                .duties(other)
                .map(|(t, r)| row(model, &section, t, Some((other, r)), today)),
        );
    }
    Sheet {
        kind: SheetKind::Unit,
        title: format!("{}：{}", m.duty_sheet, name_of(model, unit)),
        today,
        units: vec![unit.to_string()],
        rows,
    }
}

/// The marked units' combined duties: shared tasks first, then each one's own, soonest first.
pub fn meeting_sheet(model: &Model, units: &[String], lang: Lang, today: NaiveDate) -> Sheet {
    let m = lang.meeting();
    let meeting = Meeting::new(model, units, today);
    let mut rows = Vec::new();
    for (section, list) in meeting.sections() {
        // The soonest few are a view's emphasis; in a sheet they would be rows twice.
        if section == Section::Soonest {
            continue;
        }
        for r in list {
            for &(u, role) in &r.members {
                rows.push(row(
                    model,
                    m.section(section),
                    r.task,
                    Some((u, role)),
                    today,
                ));
            }
        }
    }
    let names: Vec<String> = units.iter().map(|u| name_of(model, u)).collect();
    Sheet {
        kind: SheetKind::Meeting,
        title: format!("{}：{}", m.meeting, names.join("、")),
        today,
        units: units.to_vec(),
        rows,
    }
}

/// Tasks by band and due day; within a unit scope only that scope's units' rows.
pub fn timeline_sheet(model: &Model, scope: &Scope, lang: Lang, today: NaiveDate) -> Sheet {
    let timeline = Timeline::new(model, scope, today);
    let rows = timeline_rows(model, &timeline, scope, lang)
        .map(|(_, r)| r)
        .collect();
    Sheet {
        rows,
        ..timeline_head(model, scope, lang, today)
    }
}

/// The timeline sheet without its rows.
pub(super) fn timeline_head(model: &Model, scope: &Scope, lang: Lang, today: NaiveDate) -> Sheet {
    let m = lang.meeting();
    let (label, units) = match scope {
        Scope::All => (m.scope_all.to_string(), Vec::new()),
        Scope::Units(u) => (
            u.iter()
                .map(|u| name_of(model, u))
                .collect::<Vec<_>>()
                .join("、"),
            u.clone(),
        ),
        Scope::Document(d) => (
            model.document(d).map_or(d.clone(), |d| d.title.clone()),
            Vec::new(),
        ),
    };
    Sheet {
        kind: SheetKind::Timeline,
        title: format!("{}：{label}", m.timeline),
        today,
        units,
        rows: Vec::new(),
    }
}

/// The timeline's rows one by one, each with its task: a sheet of the whole corpus is
/// written as it is made, never held whole.
pub(super) fn timeline_rows<'a>(
    model: &'a Model,
    timeline: &'a Timeline<'a>,
    scope: &'a Scope,
    lang: Lang,
) -> impl Iterator<Item = (&'a Task, SheetRow)> + 'a {
    let m = lang.meeting();
    let today = timeline.today;
    timeline.entries().flat_map(move |(band, entry)| {
        let section = m.band(band);
        let t = entry.task;
        let mut rows: Vec<(&Task, SheetRow)> = in_scope(t, scope)
            .map(|a| (t, row(model, section, t, Some((&a.unit, a.role)), today)))
            .collect();
        if rows.is_empty() {
            rows.push((t, row(model, section, t, None, today)));
        }
        rows
    })
}

/// How many rows [`timeline_rows`] gives, without making them: a Markdown head says it first.
pub(super) fn timeline_count(timeline: &Timeline, scope: &Scope) -> usize {
    timeline
        .entries()
        .map(|(_, e)| in_scope(e.task, scope).count().max(1))
        .sum()
}

/// The task's assignments a timeline of `scope` shows: within a unit scope only its units'.
fn in_scope<'a>(task: &'a Task, scope: &'a Scope) -> impl Iterator<Item = &'a Assignment> + 'a {
    task.assignments.iter().filter(
        move |a| !matches!(scope, Scope::Units(units) if !units.iter().any(|u| *u == a.unit)),
    )
}

/// How many rows [`matrix_rows`] gives, without making them.
pub(super) fn matrix_count(model: &Model) -> usize {
    model.tasks.iter().map(|t| t.assignments.len()).sum()
}

/// Every task–unit pair of the model, in document order.
pub fn matrix_sheet(model: &Model, lang: Lang, today: NaiveDate) -> Sheet {
    Sheet {
        rows: matrix_rows(model, today).map(|(_, r)| r).collect(),
        ..matrix_head(lang, today)
    }
}

/// The matrix sheet without its rows.
pub(super) fn matrix_head(lang: Lang, today: NaiveDate) -> Sheet {
    Sheet {
        kind: SheetKind::Matrix,
        title: lang.strings().matrix.to_string(),
        today,
        units: Vec::new(),
        rows: Vec::new(),
    }
}

/// The matrix's rows one by one, each with its task (see [`timeline_rows`]).
pub(super) fn matrix_rows(
    model: &Model,
    today: NaiveDate,
) -> impl Iterator<Item = (&Task, SheetRow)> + '_ {
    model.tasks.iter().flat_map(move |t| {
        let section = t.section.last().map_or("", |s| s.as_str());
        t.assignments
            .iter()
            .map(move |a| (t, row(model, section, t, Some((&a.unit, a.role)), today)))
    })
}

/// One task, a row per unit it names: what `y` copies in the task view, in the same columns as
/// every sheet.
pub fn task_sheet(model: &Model, task: &Task, lang: Lang, today: NaiveDate) -> Sheet {
    let section = task.section.last().map_or("", |s| s.as_str());
    let rows = if task.assignments.is_empty() {
        vec![row(model, section, task, None, today)]
    } else {
        task.assignments
            .iter()
            .map(|a| row(model, section, task, Some((a.unit.as_str(), a.role)), today))
            .collect()
    };
    Sheet {
        kind: SheetKind::Task,
        title: clean(&lang.script(&task.title)),
        today,
        units: task
            .assignments
            .iter()
            .map(|a| a.unit.to_string())
            .collect(),
        rows,
    }
}
