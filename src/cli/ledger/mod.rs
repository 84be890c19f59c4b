//! `dutymatrix ledger …`: the work ledger from the command line, for scripts and the minutes.
//!
//! Read-only commands never create a ledger file; `set`, `undo`, `members add/remove` and `init`
//! do when there is none (the first writer becomes its supervisor).

use super::Outcome;
pub(super) use crate::export::report_file::ReportFile;
use crate::ledger::report::note_text;
use crate::ledger::{
    Change, Identity, IoDetail, Ledger, LedgerError, MemberChange, NewChange, OpenMode, ReadAhead,
    Snapshot, Status, identity,
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

mod doctor;
mod members;
mod office;
pub(crate) mod publish;
mod show;
mod verify;

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// 创建台账（你成为督查）。Create the ledger now, with you as its supervisor.
    Init,
    /// 说明你为什么能或不能写入台账，以及如何修复。Why you can or cannot write the ledger, and the fix.
    Doctor,
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
    /// 向使用此台账的各地发布文件（仅督查）。Publish documents to everyone using this server ledger (supervisors).
    Publish {
        /// 要发布的文件。The documents to publish.
        files: Vec<PathBuf>,
        /// 列出已发布的文件。List the published documents.
        #[arg(long, conflicts_with_all = ["files", "withdraw"])]
        list: bool,
        /// 撤回一个已发布的文件（文件名或哈希）。Withdraw a published document (name or hash).
        #[arg(long, value_name = "NAME|HASH", conflicts_with = "files")]
        withdraw: Option<String>,
    },
    /// 把一个 SQLite 台账导入 PostgreSQL 台账（仅数据库所有者；重复导入不会重复添加）。Copy an SQLite ledger into the server ledger (its owner; twice adds nothing).
    Import {
        /// SQLite 台账文件。The SQLite ledger file.
        file: PathBuf,
    },
    /// 核验台账：逐条核对留痕链并做完整性检查。Check every record's seal and every page.
    Verify {
        /// 输出 JSON。Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// 情况通报：各单位亮灯与状态统计，红黄灯事项。The meeting report.
    Report {
        /// 格式；不指定时按 -o 文件的扩展名，否则为 table。The format; else the -o file's extension, else table.
        #[arg(long, value_enum)]
        format: Option<ReportFile>,
        /// 写入文件（xlsx、docx 必须）。Write to FILE (needed for xlsx and docx).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// 允许覆盖已有文件。Replace FILE if it exists.
        #[arg(long)]
        force: bool,
        /// docx 通报的发文单位（默认 督查督办办公室）。The issuing office line of the .docx.
        #[arg(long, value_name = "TEXT", env = "DUTYMATRIX_ISSUER")]
        issuer: Option<String>,
    },
    /// 临近提醒与到期催办：各单位 DAYS 天内到期或已超期、尚未办结的事项。What falls due or is overdue, per unit.
    Remind {
        /// 多少天内到期（默认 7）。Due within this many days (default 7).
        #[arg(long, value_name = "DAYS", default_value_t = 7,
              value_parser = clap::value_parser!(i64).range(0..=3650))]
        within: i64,
        /// 只看此单位。Only this unit.
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: RemindFormat,
        /// 每个单位写一个文件到此文件夹。One file per unit in DIR.
        #[arg(long, value_name = "DIR")]
        to_dir: Option<PathBuf>,
        /// 允许覆盖已有文件。Replace files that exist.
        #[arg(long)]
        force: bool,
    },
}

/// The forms of `ledger remind`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RemindFormat {
    Text,
    Md,
    Json,
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

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| {
        format!("unknown status \"{s}\": use todo|doing|done|paused or 未启动|推进中|已完成|暂缓")
    })
}

/// What every ledger command needs besides its own arguments.
pub struct Context {
    pub path: Option<PathBuf>,
    /// The user's own level, settling which of equally named units is meant.
    pub home: Option<crate::model::Level>,
    pub lang: Lang,
    pub today: NaiveDate,
    pub warn_days: i64,
    /// The whole ledger's read begun before the documents loaded ([`read_ahead`]).
    pub ahead: std::cell::RefCell<Option<Ahead>>,
    /// Where reads keep what they make between runs (the user's cache folder); None with
    /// `--no-cache`.
    pub kept: Option<PathBuf>,
}

/// A whole read of the ledger begun early, or why it could not be opened.
pub type Ahead = Result<Option<ReadAhead>, LedgerError>;

/// Whether `command` reads the whole ledger's state, and nothing but: then [`read_ahead`] is
/// worth starting before the documents load.
pub fn reads_whole_ledger(command: Option<&crate::cli::Command>) -> bool {
    matches!(
        command,
        Some(crate::cli::Command::Ledger {
            command: LedgerCommand::Report { .. } | LedgerCommand::Remind { unit: None, .. }
        })
    )
}

/// Opens the ledger at `path` for reading and starts reading its whole state, with the links of
/// its keys and the state of its pairs kept in `kept` (the user's cache folder; None with
/// `--no-cache`).
pub fn read_ahead(path: &Path, kept: Option<&Path>) -> Ahead {
    Ok(Ledger::open(path, OpenMode::ReadOnly)?.map(|ledger| kept_in(ledger, kept).read_ahead()))
}

/// `ledger`, keeping what its reads make in `kept` when there is such a folder.
fn kept_in(ledger: Ledger, kept: Option<&Path>) -> Ledger {
    match kept {
        Some(dir) => ledger.keep_in(dir),
        None => ledger,
    }
}

pub fn run(cmd: &LedgerCommand, model: &Model, ctx: &Context) -> Outcome {
    let Some(path) = ctx.path.clone() else {
        return Outcome::failed(words(ctx.lang).no_ledger_path, 2);
    };
    let r = match cmd {
        LedgerCommand::Init => init(&path, ctx),
        LedgerCommand::Doctor => Ok(doctor::doctor(&path, model, ctx)),
        LedgerCommand::Show { target, json } => show::show(&path, model, ctx, target, *json),
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
            members::members(&path, model, ctx, action.as_ref(), *json)
        }
        LedgerCommand::Report {
            format,
            output,
            force,
            issuer,
        } => {
            let format = format
                .or_else(|| output.as_deref().and_then(ReportFile::of_path))
                .unwrap_or(ReportFile::Table);
            let file = office::File {
                output: output.as_deref(),
                force: *force,
                issuer: issuer.as_deref(),
            };
            office::report(&path, model, ctx, format, file)
        }
        LedgerCommand::Remind {
            within,
            unit,
            format,
            to_dir,
            force,
        } => office::remind(
            &path,
            model,
            ctx,
            office::RemindRequest {
                within: *within,
                unit: unit.as_deref(),
                format: *format,
                to_dir: to_dir.as_deref(),
                force: *force,
            },
        ),
        LedgerCommand::Verify { json } => verify::verify(&path, ctx.lang, *json),
        LedgerCommand::Import { file } => import(&path, file, ctx.lang),
        LedgerCommand::Publish {
            files,
            list,
            withdraw,
        } => publish::publish(&path, ctx.lang, files, *list, withdraw.as_deref()),
    };
    use LedgerCommand::{Import, Init, Members, Publish, Set, Undo};
    let writes = match cmd {
        Init | Set { .. } | Undo { .. } | Import { .. } => true,
        Members { action, .. } => action.is_some(),
        Publish { list, .. } => !list,
        _ => false,
    };
    match r {
        Ok(mut out) => {
            out.wrote = writes && out.code == 0;
            out
        }
        Err(Failure::Ledger(e)) => Outcome::failed(&e.message(ctx.lang), 2),
        Err(Failure::NoMatch(m)) => Outcome::failed(&m, 1),
    }
}

pub(super) enum Failure {
    Ledger(LedgerError),
    NoMatch(String),
}

impl From<LedgerError> for Failure {
    fn from(e: LedgerError) -> Failure {
        Failure::Ledger(e)
    }
}

pub(super) fn ok(stdout: String, stderr: String) -> Result<Outcome, Failure> {
    Ok(Outcome {
        stdout,
        stderr,
        ..Outcome::default()
    })
}

pub(super) fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Opens for reading: the snapshot, plus any notice for stderr. No file: an empty snapshot.
pub(super) fn read(
    path: &Path,
    model: &Model,
    unit: Option<&str>,
    ctx: &Context,
) -> Result<(Option<Ledger>, Snapshot, String), Failure> {
    let opened = match (unit, ctx.ahead.take()) {
        (None, Some(ahead)) => match ahead? {
            Some(reading) => {
                let (ledger, snap) = reading.snapshot(model);
                Some((ledger, snap?))
            }
            None => None,
        },
        (unit, _) => open_and_read(path, ctx.kept.as_deref(), |l| l.snapshot_of(model, unit))?,
    };
    Ok(told(path, ctx.lang, opened))
}

/// [`read`] of one document's pairs only: what a look at one of its tasks needs.
pub(super) fn read_document(
    path: &Path,
    model: &Model,
    document: &str,
    lang: Lang,
) -> Result<(Option<Ledger>, Snapshot, String), Failure> {
    let opened = open_and_read(path, None, |l| l.snapshot_of_document(model, document))?;
    Ok(told(path, lang, opened))
}

/// The ledger at `path` opened for reading (keeping what its reads make in `kept`, if given)
/// and `snapshot` of it; None when there is none yet.
fn open_and_read(
    path: &Path,
    kept: Option<&Path>,
    snapshot: impl FnOnce(&Ledger) -> Result<Snapshot, LedgerError>,
) -> Result<Option<(Ledger, Snapshot)>, LedgerError> {
    let Some(l) = Ledger::open(path, OpenMode::ReadOnly)? else {
        return Ok(None);
    };
    let l = kept_in(l, kept);
    let snap = snapshot(&l)?;
    Ok(Some((l, snap)))
}

/// A ledger read, with what its reader is to be told: that it is read-only for them, that it
/// is damaged, or that there is none yet.
fn told(
    path: &Path,
    lang: Lang,
    opened: Option<(Ledger, Snapshot)>,
) -> (Option<Ledger>, Snapshot, String) {
    match opened {
        Some((l, snap)) => {
            let mut notice = match l.on_server() || crate::ledger::sqlite::file_writable(path) {
                true => String::new(),
                false => format!(
                    "dutymatrix: {}\n",
                    crate::words::read_only_notice(&path.display().to_string(), lang)
                ),
            };
            notice.push_str(&trouble(&l, lang));
            (Some(l), snap, notice)
        }
        None => (
            None,
            Snapshot::empty(),
            format!(
                "dutymatrix: {}\n",
                (words(lang).no_ledger_yet)(&crate::ledger::shown_location(path))
            ),
        ),
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
    let mut note = if ledger.created() {
        format!(
            "dutymatrix: {}\n",
            (words(lang).created)(&shown(ledger.path()), &safe_line(&ledger.writer(&me)))
        )
    } else {
        String::new()
    };
    note.push_str(&trouble(&ledger, lang));
    Ok((ledger, note))
}

/// The open's finding, for stderr: damage, or a row that does not fit the chain.
fn trouble(ledger: &Ledger, lang: Lang) -> String {
    ledger.trouble().map_or_else(String::new, |t| {
        format!(
            "dutymatrix: {}\n",
            crate::words::trouble_notice(&ledger.path().display().to_string(), t, lang)
        )
    })
}

fn init(path: &Path, ctx: &Context) -> Result<Outcome, Failure> {
    let (ledger, _) = write(path, ctx.lang)?;
    let w = words(ctx.lang);
    let mut line = if ledger.created() {
        (w.created)(
            &shown(ledger.path()),
            &safe_line(&ledger.writer(&identity::current())),
        )
    } else if let Some(from) = ledger.upgraded_from() {
        (w.upgraded)(&shown(ledger.path()), from, ledger.schema())
    } else {
        (w.exists)(&shown(ledger.path()))
    };
    if ledger.created() && !ledger.on_server() && crate::ledger::sqlite::shared_with_group(path) {
        line.push('\n');
        line.push_str(w.shared_with_group);
    }
    ok(format!("{line}\n"), String::new())
}

fn import(path: &Path, file: &Path, lang: Lang) -> Result<Outcome, Failure> {
    if !crate::ledger::pg::is_server(path) {
        return Err(LedgerError::NeedsServer.into());
    }
    let mut ledger = Ledger::open(path, OpenMode::ReadWrite)?.ok_or(LedgerError::Io {
        path: crate::ledger::shown_location(path),
        detail: IoDetail::NotFound,
    })?;
    let n = ledger.import(file)?;
    let line = (words(lang).imported)(
        &shown(file),
        &n.file_hash,
        n.history,
        n.members,
        n.keys,
        n.already,
    );
    let told = match n.compacted {
        true => String::new(),
        false => format!("dutymatrix: {}\n", words(lang).import_not_compacted),
    };
    ok(format!("{line}\n"), told)
}

/// The unit `query` means on `task`: the task's own units first, so 卫健委 on a city task is
/// the city's 卫生健康委 even though the province's matches it as well.
fn task_unit(model: &Model, task: &Task, query: &str) -> Result<String, LedgerError> {
    let own: Vec<&str> = task.assignments.iter().map(|a| a.unit.as_str()).collect();
    // A unit named exactly (as scripts do) needs no search index: building it over every unit
    // was a fifth of a write's time.
    if let Some(u) = crate::search::resolve::exact_unit(model, query, Some(&own))
        .and_then(|i| model.units.get(i))
    {
        return Ok(u.id.clone());
    }
    let index = UnitIndex::new(model);
    match crate::search::resolve::unit(model, &index, query, Some(&own)) {
        crate::search::resolve::Resolution::One(i) => Ok(model.units[i].id.clone()),
        crate::search::resolve::Resolution::Ambiguous(ix) => Err(LedgerError::Invalid {
            reason: format!(
                "{}：{}",
                safe_line(query),
                ix.iter()
                    .filter_map(|&i| model.units.get(i))
                    .map(|u| safe_line(&u.name))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        }),
        crate::search::resolve::Resolution::NotFound(_) => Err(LedgerError::NotAssigned {
            task: task.id.to_string(),
            unit: format!("{query}（{}）", own.join("、")),
        }),
    }
}

/// One record on a line: the task's id only where the line stands alone (`set`, `undo`), not
/// under `history`'s heading that already names the task.
fn change_line(c: &Change, task: Option<&str>, lang: Lang) -> String {
    let w = words(lang);
    let what = match (c.status, c.undoes) {
        (_, Some(id)) => format!("{} #{id}", w.undo_of),
        (Some(s), _) => s.word(lang).to_string(),
        (None, _) => "-".into(),
    };
    let mut line = format!(
        "#{}  {}  {}  ",
        c.id,
        c.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
        safe_line(&c.who),
    );
    if let Some(task) = task {
        line.push_str(task);
        line.push_str("  ");
    }
    line.push_str(&format!("{}  {}", safe_line(&c.unit), what));
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
    let task = show::find_task(model, task_id).ok_or(LedgerError::NoSuchTask {
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
        format!(
            "{}  {}",
            words(lang).recorded,
            change_line(c, Some(task), lang)
        ),
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
    let task = show::find_task(model, task_id).ok_or(LedgerError::NoSuchTask {
        task: task_id.to_string(),
    })?;
    let unit = task_unit(model, task, unit)?;
    let Some(mut ledger) = Ledger::open(path, OpenMode::ReadWrite)? else {
        return Err(LedgerError::NothingToUndo { unit }.into());
    };
    let notice = trouble(&ledger, ctx.lang);
    let change = ledger.undo(model, &identity::current(), task_id, &unit)?;
    written(&change, task_id, ctx.lang, json, notice)
}

fn history(
    path: &Path,
    model: &Model,
    ctx: &Context,
    task_id: &str,
    json: bool,
) -> Result<Outcome, Failure> {
    let ledger = Ledger::open(path, OpenMode::ReadOnly)?;
    let notice = ledger
        .as_ref()
        .map_or_else(String::new, |l| trouble(l, ctx.lang));
    let rows = match &ledger {
        Some(l) => l.history(model, task_id)?,
        None if show::find_task(model, task_id).is_some() => Vec::new(),
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
    let mut out = match show::find_task(model, task_id) {
        Some(t) => format!("{}  {}\n", t.id, safe_line(t.title_simplified())),
        None => format!("{task_id}\n"),
    };
    if rows.is_empty() {
        out.push_str(&format!("  {}\n", words(ctx.lang).no_records));
    }
    for c in &rows {
        out.push_str("  ");
        out.push_str(&change_line(c, None, ctx.lang));
    }
    ok(out, notice)
}
