//! `dutymatrix ledger …`: the work ledger from the command line, for scripts and the minutes.
//!
//! Read-only commands never create a ledger file; `set`, `undo`, `members add/remove` and `init`
//! do when there is none (the first writer becomes its supervisor).

use super::Outcome;
use crate::ledger::report::{Report, note_text};
use crate::ledger::{
    Change, Identity, IoDetail, Ledger, LedgerError, MemberChange, NewChange, OpenMode, Snapshot,
    Status, identity,
};
use crate::load::shown;
use crate::model::{Model, Task, Unit};
use crate::search::UnitIndex;
use crate::text::{fit, safe_line};
use crate::words::Lang;
use crate::words::ledger_words as words;
use crate::words::{LightWords, Message, StatusWords};
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// 创建台账（你成为督查）。Create the ledger now, with you as its supervisor.
    Init,
    /// 某单位或某任务的进展与亮灯。A unit's or a task's progress and lights.
    Show {
        /// 单位名称（可简写）或任务编号。A unit (name, abbreviation, pinyin) or a task id.
        target: String,
        /// 输出 JSON。Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// 记录进展或销号。Record a status and/or a progress note.
    Set {
        /// 任务编号（见 export --format json）。The task id of `export --format json`.
        task: String,
        /// 单位。The unit recording.
        #[arg(long)]
        unit: String,
        /// todo|doing|done|paused 或 未启动|推进中|已完成|暂缓。
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        /// 办理情况。A progress note.
        #[arg(long)]
        note: Option<String>,
        /// 输出 JSON。Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// 撤销该单位在该任务上的最近一次记录（新增一条撤销记录）。Undo the unit's latest change, as a new row.
    Undo {
        task: String,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        json: bool,
    },
    /// 某任务的全部记录（留痕）。Every record of a task, oldest first.
    History {
        task: String,
        #[arg(long)]
        json: bool,
    },
    /// 成员与督查（仅督查可修改）。Members and supervisors (only a supervisor may change them).
    Members {
        #[command(subcommand)]
        action: Option<MembersAction>,
        #[arg(long)]
        json: bool,
    },
    /// 情况通报：各单位亮灯与状态统计，红黄灯事项。The meeting report.
    Report {
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum MembersAction {
    /// 列出成员。List the members.
    List {
        #[arg(long)]
        json: bool,
    },
    /// 授权 LOGIN 为这些单位记录，或设为督查。Let LOGIN write for these units, or make a supervisor.
    Add {
        login: String,
        units: Vec<String>,
        #[arg(long)]
        supervisor: bool,
    },
    /// 撤销授权。Take units (or supervision) away from LOGIN.
    Remove {
        login: String,
        units: Vec<String>,
        #[arg(long)]
        supervisor: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Table,
    Md,
    Csv,
    Json,
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| {
        format!("unknown status \"{s}\": use todo|doing|done|paused or 未启动|推进中|已完成|暂缓")
    })
}

/// What every ledger command needs besides its own arguments.
pub struct Context {
    pub path: Option<PathBuf>,
    pub lang: Lang,
    pub today: NaiveDate,
    pub warn_days: i64,
}

pub fn run(cmd: &LedgerCommand, model: &Model, ctx: &Context) -> Outcome {
    let Some(path) = ctx.path.clone() else {
        return fail(words(ctx.lang).no_ledger_path.into(), 2);
    };
    let r = match cmd {
        LedgerCommand::Init => init(&path, ctx),
        LedgerCommand::Show { target, json } => show(&path, model, ctx, target, *json),
        LedgerCommand::Set {
            task,
            unit,
            status,
            note,
            json,
        } => set(&path, model, ctx, task, unit, *status, note.clone(), *json),
        LedgerCommand::Undo { task, unit, json } => undo(&path, model, ctx, task, unit, *json),
        LedgerCommand::History { task, json } => history(&path, model, ctx, task, *json),
        LedgerCommand::Members { action, json } => {
            members(&path, model, ctx, action.as_ref(), *json)
        }
        LedgerCommand::Report { format } => report(&path, model, ctx, *format),
    };
    match r {
        Ok(out) => out,
        Err(Failure::Ledger(e)) => fail(e.message(ctx.lang), 2),
        Err(Failure::NoMatch(m)) => fail(m, 1),
    }
}

enum Failure {
    Ledger(LedgerError),
    NoMatch(String),
}

impl From<LedgerError> for Failure {
    fn from(e: LedgerError) -> Failure {
        Failure::Ledger(e)
    }
}

fn fail(message: String, code: i32) -> Outcome {
    Outcome {
        stderr: format!("dutymatrix: {message}\n"),
        code,
        ..Outcome::default()
    }
}

fn ok(stdout: String, stderr: String) -> Result<Outcome, Failure> {
    Ok(Outcome {
        stdout,
        stderr,
        code: 0,
    })
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Opens for reading: the snapshot, plus any notice for stderr. No file: an empty snapshot.
fn read(
    path: &Path,
    model: &Model,
    unit: Option<&str>,
    lang: Lang,
) -> Result<(Option<Ledger>, Snapshot, String), Failure> {
    match Ledger::open(path, OpenMode::ReadOnly)? {
        Some(l) => {
            let snap = l.snapshot_of(model, unit)?;
            let notice = match crate::ledger::sqlite::file_writable(path) {
                true => String::new(),
                false => format!(
                    "dutymatrix: {}\n",
                    crate::words::read_only_notice(&path.display().to_string(), lang)
                ),
            };
            Ok((Some(l), snap, notice))
        }
        None => Ok((
            None,
            Snapshot::empty(),
            format!(
                "dutymatrix: {}\n",
                (words(lang).no_ledger_yet)(&shown(path))
            ),
        )),
    }
}

/// Opens for writing, creating the ledger when there is none.
fn write(path: &Path, lang: Lang) -> Result<(Ledger, String), Failure> {
    let me = identity::current();
    let ledger = Ledger::open(path, OpenMode::Create)?.ok_or(LedgerError::Io {
        path: path.display().to_string(),
        detail: IoDetail::CannotCreate,
    })?;
    if ledger.read_only() {
        return Err(LedgerError::ReadOnly {
            path: path.display().to_string(),
        }
        .into());
    }
    let note = if ledger.created() {
        format!(
            "dutymatrix: {}\n",
            (words(lang).created)(&shown(path), &safe_line(&me.login))
        )
    } else {
        String::new()
    };
    Ok((ledger, note))
}

fn init(path: &Path, ctx: &Context) -> Result<Outcome, Failure> {
    let (ledger, _) = write(path, ctx.lang)?;
    let w = words(ctx.lang);
    let line = if ledger.created() {
        (w.created)(&shown(path), &safe_line(&identity::current().login))
    } else {
        (w.exists)(&shown(path))
    };
    ok(format!("{line}\n"), String::new())
}

fn find_task<'m>(model: &'m Model, id: &str) -> Option<&'m Task> {
    model.tasks.iter().find(|t| t.id == id)
}

fn show(
    path: &Path,
    model: &Model,
    ctx: &Context,
    target: &str,
    json: bool,
) -> Result<Outcome, Failure> {
    let s = ctx.lang.strings();
    if let Some(task) = find_task(model, target) {
        let (_, snap, notice) = read(path, model, None, ctx.lang)?;
        return ok(show_task(model, &snap, task, ctx, json), notice);
    }
    let hits = UnitIndex::new(model).search(target);
    let Some(unit) = hits.first().and_then(|h| model.units.get(h.unit)) else {
        return Err(Failure::NoMatch(format!(
            "{} \"{target}\"",
            s.no_unit_match
        )));
    };
    let (_, snap, notice) = read(path, model, Some(&unit.id), ctx.lang)?;
    ok(show_unit(model, &snap, unit, ctx, json), notice)
}

fn note_json(c: Option<&Change>) -> Value {
    c.map_or(
        Value::Null,
        |c| json!({"text": c.note, "date": c.note_date, "who": c.who, "at": c.at}),
    )
}

fn show_unit(model: &Model, snap: &Snapshot, unit: &Unit, ctx: &Context, json: bool) -> String {
    let (lang, today, warn) = (ctx.lang, ctx.today, ctx.warn_days);
    let s = lang.strings();
    let w = words(lang);
    let rows: Vec<_> = snap
        .assignments(model, Some(&unit.id), today, warn)
        .collect();
    let orphans: Vec<_> = snap.orphans.iter().filter(|o| o.unit == unit.id).collect();
    if json {
        return pretty(&json!({
            "unit": unit.id,
            "today": today,
            "warn_days": warn,
            "items": rows.iter().map(|a| json!({
                "task": a.task.id,
                "title": a.task.title_simplified,
                "document": a.task.document,
                "role": a.role,
                "due": a.task.deadline.as_ref().and_then(|d| d.due(today)),
                "days_left": a.task.deadline.as_ref().and_then(|d| d.days_left(today)),
                "status": a.status(),
                "recorded": a.entry.is_some(),
                "light": a.light,
                "note": note_json(a.note()),
            })).collect::<Vec<_>>(),
            "orphans": orphans.iter().map(|o| json!({
                "task": o.key.task_id, "title": o.key.title, "status": o.entry.status,
                "note": note_json(o.entry.note.as_ref()),
            })).collect::<Vec<_>>(),
        }));
    }
    let mut counts = [0usize; 4];
    for a in &rows {
        if let Some(i) = crate::ledger::Light::ALL.iter().position(|l| *l == a.light) {
            counts[i] += 1;
        }
    }
    let mut out = format!(
        "{}（{}）  {}\n",
        safe_line(&unit.name),
        s.level(unit.level),
        crate::ledger::Light::ALL
            .iter()
            .zip(counts)
            .map(|(l, n)| format!("{} {n}", l.word(lang)))
            .collect::<Vec<_>>()
            .join(" · ")
    );
    // The due column is as wide as its widest entry: 2025-12-31 逾期1431天 is never cut.
    let dues: Vec<String> = rows.iter().map(|a| due_text(a.task, today, lang)).collect();
    let due_w = dues
        .iter()
        .map(|d| crate::text::width(d))
        .max()
        .unwrap_or(0);
    let mut doc = "";
    for (a, due) in rows.iter().zip(&dues) {
        if a.task.document != doc {
            doc = &a.task.document;
            let title = model.document(doc).map_or(doc, |d| d.title.as_str());
            out.push_str(&format!("\n{}\n", safe_line(title)));
        }
        out.push_str(&format!(
            "  {}  {}  {}  {}  {}\n",
            a.light.word(lang),
            fit(a.status().unwrap_or(Status::Todo).word(lang), 6),
            fit(&safe_line(&a.task.title_simplified), 28),
            fit(due, due_w),
            a.task.id,
        ));
        if let Some(n) = a.note() {
            out.push_str(&format!(
                "        {}\n",
                note_text(n.note.as_deref(), n.note_date, Some(&n.who))
            ));
        }
    }
    if !orphans.is_empty() {
        out.push_str(&format!(
            "\n{}{}\n",
            w.orphans,
            crate::words::paren(lang, w.orphans_hint)
        ));
        for o in orphans {
            out.push_str(&format!(
                "  {}  {}  {}\n",
                o.key.task_id,
                safe_line(&o.key.title),
                note_text(
                    o.entry.note.as_ref().and_then(|n| n.note.as_deref()),
                    o.entry.note.as_ref().and_then(|n| n.note_date),
                    None
                )
            ));
        }
    }
    out
}

/// `2022-12-31 剩21天`: the due day and the days left, without the wording of the deadline.
fn due_text(task: &Task, today: NaiveDate, lang: Lang) -> String {
    let s = lang.strings();
    match task
        .deadline
        .as_ref()
        .and_then(|d| Some((d.due(today)?, d.days_left(today)?)))
    {
        Some((due, days)) => format!("{due} {}", s.days(days)),
        None => s.no_deadline.to_string(),
    }
}

fn show_task(model: &Model, snap: &Snapshot, task: &Task, ctx: &Context, json: bool) -> String {
    let (lang, today, warn) = (ctx.lang, ctx.today, ctx.warn_days);
    let s = lang.strings();
    let rows: Vec<_> = task
        .assignments
        .iter()
        .map(|a| {
            (
                a,
                snap.entry(&task.id, &a.unit),
                snap.light(task, &a.unit, today, warn),
            )
        })
        .collect();
    let light = snap.task_light(task, today, warn);
    if json {
        return pretty(&json!({
            "task": task.id,
            "title": task.title_simplified,
            "document": task.document,
            "due": task.deadline.as_ref().and_then(|d| d.due(today)),
            "light": light,
            "assignments": rows.iter().map(|(a, e, l)| json!({
                "unit": a.unit,
                "role": a.role,
                "status": e.and_then(|e| e.status),
                "recorded": e.is_some(),
                "light": l,
                "note": note_json(e.and_then(|e| e.note.as_ref())),
            })).collect::<Vec<_>>(),
        }));
    }
    let doc = model
        .document(&task.document)
        .map_or(task.document.as_str(), |d| d.title.as_str());
    let mut out = format!(
        "{}  {}  [{}]\n{}：{}  {}：{}\n",
        task.id,
        safe_line(&task.title_simplified),
        safe_line(doc),
        s.deadline,
        s.deadline_text(task.deadline.as_ref(), today),
        words(lang).light,
        light.word(lang)
    );
    for (a, e, l) in rows {
        out.push_str(&format!(
            "  {}  {}  {}  {}\n",
            fit(s.role(a.role), 4),
            fit(&safe_line(&a.unit), 24),
            l.word(lang),
            e.and_then(|e| e.status).unwrap_or(Status::Todo).word(lang)
        ));
        if let Some(n) = e.and_then(|e| e.note.as_ref()) {
            out.push_str(&format!(
                "        {}\n",
                note_text(n.note.as_deref(), n.note_date, Some(&n.who))
            ));
        }
    }
    out
}

/// The unit `query` names among the task's assignees: its id, name or an alias exactly, else
/// the best search hit if that is one of them.
fn task_unit(model: &Model, task: &Task, query: &str) -> Result<String, LedgerError> {
    let assigned = |id: &str| task.assignments.iter().any(|a| a.unit == id);
    let exact = model.units.iter().find(|u| {
        assigned(&u.id)
            && (u.id == query || u.name == query || u.aliases.iter().any(|a| a == query))
    });
    if let Some(u) = exact {
        return Ok(u.id.clone());
    }
    UnitIndex::new(model)
        .search(query)
        .first()
        .and_then(|h| model.units.get(h.unit))
        .filter(|u| assigned(&u.id))
        .map(|u| u.id.clone())
        .ok_or_else(|| LedgerError::NotAssigned {
            task: task.id.clone(),
            unit: format!(
                "{query}（{}）",
                task.assignments
                    .iter()
                    .map(|a| a.unit.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        })
}

fn change_line(c: &Change, task: &str, lang: Lang) -> String {
    let w = words(lang);
    let what = match (c.status, c.undoes) {
        (_, Some(id)) => format!("{} #{id}", w.undo_of),
        (Some(s), _) => s.word(lang).to_string(),
        (None, _) => "-".into(),
    };
    let mut line = format!(
        "#{}  {}  {}  {}  {}  {}",
        c.id,
        c.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
        safe_line(&c.who),
        task,
        safe_line(&c.unit),
        what
    );
    if c.note.is_some() {
        line.push_str("  ");
        line.push_str(&note_text(c.note.as_deref(), c.note_date, None));
    }
    if c.undone {
        line.push_str(&format!("  [{}]", w.undone));
    }
    line.push('\n');
    line
}

#[allow(clippy::too_many_arguments)]
fn set(
    path: &Path,
    model: &Model,
    ctx: &Context,
    task_id: &str,
    unit: &str,
    status: Option<Status>,
    note: Option<String>,
    json: bool,
) -> Result<Outcome, Failure> {
    let task = find_task(model, task_id).ok_or(LedgerError::NoSuchTask {
        task: task_id.to_string(),
    })?;
    let unit = task_unit(model, task, unit)?;
    if status.is_none() && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(LedgerError::NothingToRecord.into());
    }
    let (mut ledger, notice) = write(path, ctx.lang)?;
    let me = identity::current();
    let note_date = note.as_ref().map(|_| ctx.today);
    let change = ledger.record(
        model,
        &me,
        task_id,
        NewChange {
            unit,
            status,
            note,
            note_date,
        },
    )?;
    written(&change, task_id, ctx.lang, json, notice)
}

fn written(
    c: &Change,
    task: &str,
    lang: Lang,
    json: bool,
    notice: String,
) -> Result<Outcome, Failure> {
    if json {
        return ok(pretty(&change_json(c, task)), notice);
    }
    ok(
        format!("{}  {}", words(lang).recorded, change_line(c, task, lang)),
        notice,
    )
}

fn change_json(c: &Change, task: &str) -> Value {
    json!({
        "id": c.id, "task": task, "unit": c.unit, "status": c.status, "note": c.note,
        "note_date": c.note_date, "who": c.who, "uid": c.uid, "at": c.at,
        "undoes": c.undoes, "undone": c.undone,
    })
}

fn undo(
    path: &Path,
    model: &Model,
    ctx: &Context,
    task_id: &str,
    unit: &str,
    json: bool,
) -> Result<Outcome, Failure> {
    let task = find_task(model, task_id).ok_or(LedgerError::NoSuchTask {
        task: task_id.to_string(),
    })?;
    let unit = task_unit(model, task, unit)?;
    let Some(mut ledger) = Ledger::open(path, OpenMode::ReadWrite)? else {
        return Err(LedgerError::NothingToUndo { unit }.into());
    };
    let change = ledger.undo(model, &identity::current(), task_id, &unit)?;
    written(&change, task_id, ctx.lang, json, String::new())
}

fn history(
    path: &Path,
    model: &Model,
    ctx: &Context,
    task_id: &str,
    json: bool,
) -> Result<Outcome, Failure> {
    let ledger = Ledger::open(path, OpenMode::ReadOnly)?;
    let notice = String::new();
    let rows = match &ledger {
        Some(l) => l.history(model, task_id)?,
        None if find_task(model, task_id).is_some() => Vec::new(),
        None => {
            return Err(LedgerError::NoSuchTask {
                task: task_id.to_string(),
            }
            .into());
        }
    };
    if json {
        return ok(
            pretty(&Value::Array(
                rows.iter().map(|c| change_json(c, task_id)).collect(),
            )),
            notice,
        );
    }
    let mut out = match find_task(model, task_id) {
        Some(t) => format!("{}  {}\n", t.id, safe_line(&t.title_simplified)),
        None => format!("{task_id}\n"),
    };
    if rows.is_empty() {
        out.push_str(&format!("  {}\n", words(ctx.lang).no_records));
    }
    for c in &rows {
        out.push_str("  ");
        out.push_str(&change_line(c, task_id, ctx.lang));
    }
    ok(out, notice)
}

/// A unit named in a members command must be one the documents know (its name or an alias).
fn known_unit(model: &Model, name: &str, lang: Lang) -> Result<String, Failure> {
    model
        .units
        .iter()
        .find(|u| u.id == name || u.name == name || u.aliases.iter().any(|a| a == name))
        .map(|u| u.id.clone())
        .ok_or_else(|| {
            Failure::Ledger(LedgerError::Invalid {
                reason: format!(
                    "{}{}{}",
                    words(lang).unknown_unit,
                    lang.strings().colon,
                    safe_line(name)
                ),
            })
        })
}

fn valid_login(login: &str, lang: Lang) -> Result<(), Failure> {
    if login.is_empty() || login.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Failure::Ledger(LedgerError::Invalid {
            reason: format!(
                "{}{}{}",
                words(lang).not_a_login,
                lang.strings().colon,
                safe_line(login)
            ),
        }));
    }
    Ok(())
}

fn members(
    path: &Path,
    model: &Model,
    ctx: &Context,
    action: Option<&MembersAction>,
    json: bool,
) -> Result<Outcome, Failure> {
    let w = words(ctx.lang);
    let (login, units, supervisor, grant) = match action {
        None => return list_members(path, ctx, json),
        Some(MembersAction::List { json: j }) => return list_members(path, ctx, json || *j),
        Some(MembersAction::Add {
            login,
            units,
            supervisor,
        }) => (login, units, *supervisor, true),
        Some(MembersAction::Remove {
            login,
            units,
            supervisor,
        }) => (login, units, *supervisor, false),
    };
    valid_login(login, ctx.lang)?;
    if units.is_empty() && !supervisor {
        return Err(Failure::Ledger(LedgerError::Invalid {
            reason: w.name_a_unit.into(),
        }));
    }
    let units: Vec<String> = units
        .iter()
        .map(|u| known_unit(model, u, ctx.lang))
        .collect::<Result<_, _>>()?;
    let mut changes: Vec<MemberChange> = units
        .into_iter()
        .map(|unit| match grant {
            true => MemberChange::Grant {
                login: login.clone(),
                unit,
            },
            false => MemberChange::Revoke {
                login: login.clone(),
                unit,
            },
        })
        .collect();
    if supervisor {
        changes.push(match grant {
            true => MemberChange::GrantSupervisor {
                login: login.clone(),
            },
            false => MemberChange::RevokeSupervisor {
                login: login.clone(),
            },
        });
    }
    let (mut ledger, notice) = write(path, ctx.lang)?;
    let me: Identity = identity::current();
    for c in &changes {
        ledger.change_member(&me, c)?;
    }
    ok(format!("{}\n", w.member_changed), notice)
}

fn list_members(path: &Path, ctx: &Context, json: bool) -> Result<Outcome, Failure> {
    let w = words(ctx.lang);
    let Some(ledger) = Ledger::open(path, OpenMode::ReadOnly)? else {
        let notice = format!("dutymatrix: {}\n", (w.no_ledger_yet)(&shown(path)));
        return ok(
            if json {
                "[]\n".into()
            } else {
                format!("{}\n", w.no_members)
            },
            notice,
        );
    };
    let members = ledger.members()?;
    if json {
        return ok(
            pretty(&serde_json::to_value(&members).unwrap_or(Value::Null)),
            String::new(),
        );
    }
    let mut out = String::new();
    for m in &members {
        let mut roles: Vec<String> = Vec::new();
        if m.supervisor {
            roles.push(w.supervisor.to_string());
        }
        roles.extend(m.units.iter().map(|u| safe_line(u)));
        out.push_str(&format!(
            "{}  {}\n",
            fit(&safe_line(&m.login), 16),
            roles.join("、")
        ));
    }
    if members.is_empty() {
        out.push_str(&format!("{}\n", w.no_members));
    }
    ok(out, String::new())
}

fn report(
    path: &Path,
    model: &Model,
    ctx: &Context,
    format: ReportFormat,
) -> Result<Outcome, Failure> {
    let (_, snap, notice) = read(path, model, None, ctx.lang)?;
    let r = Report::build(model, &snap, ctx.today, ctx.warn_days);
    let stdout = match format {
        ReportFormat::Table => crate::export::report::table(&r, ctx.lang),
        ReportFormat::Md => crate::export::report::markdown(&r, ctx.lang),
        ReportFormat::Json => pretty(&r.json()),
        ReportFormat::Csv => {
            let bytes = crate::export::report::csv(&r, ctx.lang)
                .map_err(|e| Failure::Ledger(LedgerError::Invalid { reason: e }))?;
            String::from_utf8(bytes).unwrap_or_default()
        }
    };
    ok(stdout, notice)
}
