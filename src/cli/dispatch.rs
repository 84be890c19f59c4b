//! The one place a parsed command line becomes work: which documents to read, which command to
//! run on them, and whether the dashboard opens. `main` only parses, calls [`dispatch`], and
//! prints what comes back or hands the dashboard its [`Start`].

use super::{Cli, Command, ExportFormat, Outcome, check, export, ledger};
use crate::ledger::{Ledger, OpenMode, Snapshot};
use crate::load;
use crate::model::{Level, Model};
use crate::prefs::{self, Frecency};
use crate::text::one_line;
use crate::words::{Lang, Message, Text};
use chrono::NaiveDate;
use std::path::PathBuf;

/// What a command runs with, besides its own arguments.
#[derive(Debug)]
pub struct Env<'a> {
    pub model: &'a Model,
    pub lang: Lang,
    pub today: NaiveDate,
    /// The user's own level, ranked first among equal matches.
    pub home: Option<Level>,
    /// The ledger path: `--ledger`, `$DUTYMATRIX_LEDGER`, else the data folder's.
    pub ledger: Option<PathBuf>,
    pub warn_days: i64,
    /// `--encoding`, for the files `check` reads itself.
    pub encoding: Option<String>,
    /// The whole ledger's read, begun before the documents were loaded, for the command that
    /// reads the whole ledger; taken by it.
    pub ahead: std::cell::RefCell<Option<ledger::Ahead>>,
    /// Where what a read of the ledger makes is kept between reads (the user's cache folder);
    /// None with `--no-cache`.
    pub kept: Option<PathBuf>,
}

impl<'a> Env<'a> {
    /// The plain environment: no home level, no ledger, the default yellow window.
    pub fn new(model: &'a Model, lang: Lang, today: NaiveDate) -> Env<'a> {
        Env {
            model,
            lang,
            today,
            home: None,
            ledger: None,
            warn_days: crate::ledger::DEFAULT_WARN_DAYS,
            encoding: None,
            ahead: Default::default(),
            kept: None,
        }
    }
}

/// What `main` does next.
pub enum Next {
    /// Print this and exit with its code.
    Done(Outcome),
    /// Write the whole model as JSON as it is serialised (`export --format json`): no copy of
    /// it is built in memory first. The notices go to stderr before it.
    StreamModel { model: Model, notices: String },
    /// Write the whole matrix or a timeline as CSV or Markdown as its rows are made (`export
    /// --format csv`, `export --timeline --format md`): the sheet's text is never held whole.
    /// The notices go to stderr before it.
    StreamSheet(Box<SheetStream>),
    /// Open the dashboard.
    Dashboard(Box<Start>),
}

/// What a whole-corpus sheet is written with.
pub struct SheetStream {
    pub model: Model,
    /// The timeline of this scope; None: the matrix.
    pub scope: Option<crate::timeline::Scope>,
    pub format: crate::export::Format,
    pub snapshot: Snapshot,
    pub warn_days: i64,
    pub lang: Lang,
    pub today: NaiveDate,
    pub notices: String,
}

/// What the dashboard starts with.
pub struct Start {
    pub model: Staged,
    pub lang: Lang,
    pub today: NaiveDate,
    /// `--units A,B`: these units marked, the meeting view open.
    pub marked: Option<Vec<String>>,
    /// Documents of a shared folder that could not be read, and cache notices, told on the
    /// status line: printed before the dashboard opens they would vanish under its screen.
    pub notices: Vec<String>,
    pub home: Option<Level>,
    pub frecency: Option<Frecency>,
    pub ledger: Option<PathBuf>,
    pub warn_days: i64,
}

/// The dashboard's documents: loaded whole, or known well enough for its first frame, the
/// rest loaded after it ([`load::front`]).
pub enum Staged {
    Whole(Model),
    Front(Box<load::Front>),
}

impl Staged {
    /// The whole load `front` stands for, after a first frame drawn from it: its model and
    /// what the load says, or the message for one that failed.
    pub fn load_whole(front: load::Front, lang: Lang) -> Result<(Model, Vec<String>), Outcome> {
        match front.load() {
            Ok(loaded) => {
                let notices = load_notices(&loaded.notices, &loaded.skipped, lang);
                Ok((loaded.model, notices))
            }
            Err(e) => Err(unreadable(&e, lang)),
        }
    }
}

/// What the status line says of a load: the cache's notices, then the documents skipped.
pub fn load_notices(
    notices: &[load::cache::CacheNotice],
    skipped: &[load::LoadError],
    lang: Lang,
) -> Vec<String> {
    let s = lang.strings();
    (notices.iter().map(|n| n.message(lang)))
        .chain(skipped.iter().map(|e| {
            let (open, close) = (s.open_paren, s.close_paren);
            format!(
                "{} {}{open}{}{close}",
                s.cannot_read,
                e.message(lang),
                s.skipped
            )
        }))
        .collect()
}

/// Runs what the command line asks for.
pub fn dispatch(args: Cli) -> Next {
    if let Some(bytes) = args.max_size {
        load::set_max_size(bytes);
    }
    let lang = args.lang;
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    // Commands that read no documents of the model.
    match &args.command {
        Some(Command::Completions { shell }) => return Next::Done(completions(*shell)),
        Some(Command::Manpage) => return Next::Done(manpage()),
        Some(Command::Check { files, json }) => {
            let encoding = args.encoding.as_deref();
            return Next::Done(check::run(files, encoding, *json, lang, today));
        }
        _ => {}
    }
    let config = prefs::config_dir();
    let ledger_path = args
        .ledger
        .clone()
        .or_else(|| prefs::ledger(config.as_deref()))
        .or_else(crate::ledger::default_path);
    // A server ledger's published documents are read as well as the user's own.
    let (published, fetch_notices) = ledger_path
        .as_deref()
        .map(|p| ledger::publish::fetch(p, lang))
        .unwrap_or_default();
    let mut options = load_options(&args);
    options.shared.extend(published);
    // The dashboard on its own (no meeting asked for): its first frame may need only the
    // front of the load, which the caches prepared.
    if args.command.is_none()
        && args.units.is_none()
        && let Some(front) = load::front(&options)
    {
        return match dashboard_home(&args, config.as_deref(), lang) {
            Ok(home) => Next::Dashboard(Box::new(Start {
                model: Staged::Front(Box::new(front)),
                lang,
                today,
                marked: None,
                notices: fetch_notices,
                home,
                frecency: config.map(|d| Frecency::load(d.join("opened.tsv"))),
                ledger: ledger_path,
                warn_days: args.warn_days,
            })),
            Err(refused) => Next::Done(refused),
        };
    }
    // The report reads the whole ledger: its store's part needs no documents, so it is read
    // while they load.
    let kept = dutymatrix_base::paths::cache_dir().filter(|_| !options.no_cache);
    let ahead = ledger_path
        .as_deref()
        .filter(|_| ledger::reads_whole_ledger(args.command.as_ref()))
        .map(|path| ledger::read_ahead(path, kept.as_deref()));
    let loaded = match load_for_one_task(args.command.as_ref(), &options) {
        Ok(loaded) => loaded,
        Err(_)
            if let Some(loaded) = from_front(
                &args,
                &options,
                (config.as_deref(), ledger_path.as_deref()),
                lang,
            ) =>
        {
            loaded
        }
        Err(found) => match load::load(&options) {
            Ok(mut m) => {
                let new: Vec<_> = found
                    .into_iter()
                    .filter(|n| !m.notices.contains(n))
                    .collect();
                m.notices.splice(0..0, new);
                m
            }
            Err(e) => return Next::Done(unreadable(&e, lang)),
        },
    };
    let notices: Vec<String> = fetch_notices
        .into_iter()
        .chain(load_notices(&loaded.notices, &loaded.skipped, lang))
        .collect();
    let home = match dashboard_home(&args, config.as_deref(), lang) {
        Ok(home) => home,
        Err(refused) => return Next::Done(refused),
    };
    let Some(command) = args.command else {
        let marked = match args.units.as_deref() {
            None => None,
            Some(list) => {
                let names =
                    super::UnitNames::with(&loaded.model, lang, home, ledger_path.as_deref());
                match names.list(list) {
                    Ok(u) => Some(u),
                    Err(refused) => return Next::Done(refused),
                }
            }
        };
        return Next::Dashboard(Box::new(Start {
            model: Staged::Whole(loaded.model),
            lang,
            today,
            marked,
            notices,
            home,
            frecency: config.map(|d| Frecency::load(d.join("opened.tsv"))),
            ledger: ledger_path,
            warn_days: args.warn_days,
        }));
    };
    // What the command itself says (a server that cannot be reached, met again by the
    // command after the published documents' fetch met it) is not said twice.
    let tell = |already: &str| -> String {
        notices
            .iter()
            .filter(|l| !already.contains(l.as_str()))
            .map(|l| format!("dutymatrix: {l}\n"))
            .collect()
    };
    // The whole model as JSON, or the whole matrix or a timeline as CSV or Markdown, to
    // stdout: written as it is made.
    enum Streamed {
        Model,
        Sheet(crate::export::Format),
    }
    let streamed = match &command {
        Command::Export {
            format,
            unit,
            units,
            timeline,
            output: None,
            layout: super::args::Layout::Rows,
            ..
        } => match format {
            None | Some(ExportFormat::Json) if unit.is_none() && units.is_none() && !timeline => {
                Some(Streamed::Model)
            }
            // A unit's or a meeting's sheet without the timeline is a few units' rows.
            Some(f @ (ExportFormat::Csv | ExportFormat::Md))
                if (unit.is_none() && units.is_none()) || *timeline =>
            {
                Some(Streamed::Sheet(f.format()))
            }
            _ => None,
        },
        _ => None,
    };
    if let Some(Streamed::Model) = streamed {
        return Next::StreamModel {
            model: loaded.model,
            notices: tell(""),
        };
    }
    let env = Env {
        model: &loaded.model,
        lang,
        today,
        home,
        ledger: ledger_path,
        warn_days: args.warn_days,
        encoding: args.encoding.clone(),
        ahead: std::cell::RefCell::new(ahead),
        kept,
    };
    if let (
        Some(Streamed::Sheet(format)),
        Command::Export {
            unit,
            units,
            timeline,
            document,
            ..
        },
    ) = (streamed, &command)
    {
        // The timeline's scope is settled while the names can still be looked up.
        let scope = chosen_units(&env, unit.as_deref(), units.as_deref()).and_then(|ids| {
            timeline
                .then(|| {
                    super::export::timeline_scope(
                        ids.as_deref(),
                        document.as_deref(),
                        env.model,
                        lang,
                    )
                })
                .transpose()
        });
        let scope = match scope {
            Ok(scope) => scope,
            Err(mut refused) => {
                let told = tell(&refused.stderr);
                refused.stderr.insert_str(0, &told);
                return Next::Done(refused);
            }
        };
        let (snapshot, told) = sheet_snapshot(&env);
        return Next::StreamSheet(Box::new(SheetStream {
            model: loaded.model,
            scope,
            format,
            snapshot,
            warn_days: args.warn_days,
            lang,
            today,
            notices: tell(&told) + &told,
        }));
    }
    let mut out = run(&command, &env);
    let told = tell(&out.stderr);
    out.stderr.insert_str(0, &told);
    // The process ends after this: freeing a large model piece by piece would only delay it.
    std::mem::forget(loaded);
    Next::Done(out)
}

/// Runs one command on loaded documents.
pub fn run(command: &Command, env: &Env) -> Outcome {
    let (model, lang, today) = (env.model, env.lang, env.today);
    let s = lang.strings();
    match command {
        Command::Units { json, all } => super::units(model, s, *json, *all),
        Command::Duties { query, json } => super::duties(env, query, *json),
        Command::Tasks { query, json } => super::tasks(model, s, query, *json, today),
        Command::Counterparts { json } => export::counterparts(model, lang, *json),
        Command::Completions { shell } => completions(*shell),
        Command::Manpage => manpage(),
        Command::Check { files, json } => {
            check::run(files, env.encoding.as_deref(), *json, lang, today)
        }
        Command::Ledger { command } => {
            let ctx = ledger::Context {
                path: env.ledger.clone(),
                home: env.home,
                lang,
                today,
                warn_days: env.warn_days,
                ahead: std::cell::RefCell::new(env.ahead.take()),
                kept: env.kept.clone(),
            };
            ledger::run(command, model, &ctx)
        }
        Command::Export {
            format,
            unit,
            units,
            timeline,
            document,
            output,
            force,
            layout,
        } => {
            // Sheets say where each row stands: the ledger is read for them, never written.
            let chosen = match chosen_units(env, unit.as_deref(), units.as_deref()) {
                Ok(chosen) => chosen,
                Err(refused) => return refused,
            };
            let (snapshot, told) = sheet_snapshot(env);
            let mut out = export::run(
                &export::Request {
                    // No --format: the output file's extension picks it, else JSON.
                    format: format.map(ExportFormat::format).unwrap_or_else(|| {
                        output
                            .as_deref()
                            .and_then(crate::export::Format::of_path)
                            .unwrap_or(crate::export::Format::Json)
                    }),
                    units: chosen.as_deref(),
                    one_unit: unit.is_some(),
                    timeline: *timeline,
                    document: document.as_deref(),
                    output: output.as_ref(),
                    force: *force,
                    fengong: *layout == super::args::Layout::Fengong,
                    ledger: (&snapshot, env.warn_days),
                },
                model,
                lang,
                today,
            );
            out.stderr.insert_str(0, &told);
            out
        }
    }
}

/// The units an export names (`--unit`, `--units`), resolved to ids; None for every unit. The
/// unit index is built only when a unit is named: the whole matrix needs none.
fn chosen_units(
    env: &Env,
    unit: Option<&str>,
    units: Option<&str>,
) -> Result<Option<Vec<String>>, Outcome> {
    let names = || super::UnitNames::new(env);
    match (unit, units) {
        (Some(q), _) => {
            let i = names().one(q)?;
            let one = env.model.units.get(i).map(|u| u.id.clone());
            Ok(Some(one.into_iter().collect()))
        }
        (None, Some(list)) => names().list(list).map(Some),
        (None, None) => Ok(None),
    }
}

fn load_options(args: &Cli) -> load::Options {
    load::Options {
        docs: args.docs.clone(),
        shared: std::env::var_os("DUTYMATRIX_DOCS")
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        no_builtin: args.no_builtin,
        encoding: args.encoding.clone(),
        no_cache: args.no_cache,
        only_document: None,
        cache_home: None,
    }
}

/// The documents for a command about one task (`ledger set`, `undo`, `show`, `history`):
/// only that task's document, when it holds the task (and, for a write, the unit named exactly
/// among the task's own), as they would be in the whole load. Err when anything else is asked
/// (a unit's name, a unit named in part, a task not found): then everything is read, and the
/// Err holds what this load found wrong with the cache (it deleted a damaged one, which the
/// whole load will not see again). Such a command then costs one document, not the corpus.
/// Only with a cache: read from the text, every document would be read twice.
fn load_for_one_task(
    command: Option<&Command>,
    options: &load::Options,
) -> Result<load::Loaded, Vec<load::cache::CacheNotice>> {
    use super::ledger::LedgerCommand::{History, Set, Show, Undo};
    let Some(Command::Ledger { command }) = command else {
        return Err(Vec::new());
    };
    let (task, unit) = match command {
        Set { task, unit, .. } | Undo { task, unit, .. } => (task, Some(unit)),
        Show { target: task, .. } | History { task, .. } => (task, None),
        _ => return Err(Vec::new()),
    };
    let cached = !options.no_cache && dutymatrix_base::paths::cache_dir().is_some();
    let Some((document, _)) = task.rsplit_once('/').filter(|_| cached) else {
        return Err(Vec::new());
    };
    let only = load::Options {
        only_document: Some(load::base_id(document).to_string()),
        ..options.clone()
    };
    let loaded = load::load(&only).map_err(|_| Vec::new())?;
    let Some(found) = loaded.model.tasks.iter().find(|t| t.id == task.as_str()) else {
        return Err(loaded.notices);
    };
    if let Some(unit) = unit {
        let own: Vec<&str> = found.assignments.iter().map(|a| a.unit.as_str()).collect();
        if crate::search::resolve::exact_unit(&loaded.model, unit, Some(&own)).is_none() {
            return Err(loaded.notices);
        }
    }
    Ok(loaded)
}

/// For the commands that need only part of the load, that part, from what the folders' caches
/// prepared for the dashboard's first frame when they vouch for every file: `units` needs every
/// unit and its counts and no task; `duties` the tasks of the one unit its query names (its
/// partners are counted from them, its counterparts from the counts).
fn from_front(
    args: &Cli,
    options: &load::Options,
    (config, ledger): (Option<&std::path::Path>, Option<&std::path::Path>),
    lang: Lang,
) -> Option<load::Loaded> {
    let query = match &args.command {
        Some(Command::Units { .. }) => None,
        Some(Command::Duties { query, .. }) => Some(query.as_str()),
        _ => return None,
    };
    let front = load::front(options)?;
    let units = front.units();
    let loaded = |model, skipped| load::Loaded {
        model,
        skipped,
        notices: Vec::new(),
    };
    // A query that names no one unit is refused from the units alone, as from the whole load.
    let named = query.and_then(|q| {
        let home = dashboard_home(args, config, lang).ok()?;
        let i = super::UnitNames::with(&units, lang, home, ledger)
            .one(q)
            .ok()?;
        Some(units.units.get(i)?.id.clone())
    });
    match named {
        Some(id) => {
            let (part, skipped) = front.unit_part(&id)?;
            Some(loaded(part, skipped))
        }
        None => Some(loaded(units, front.skipped()?)),
    }
}

/// The user's own level (`--home`, else the config's); refused when it names no level.
fn dashboard_home(
    args: &Cli,
    config: Option<&std::path::Path>,
    lang: Lang,
) -> Result<Option<Level>, Outcome> {
    match prefs::home(args.home.as_deref(), config) {
        None => Ok(None),
        Some(h) => match prefs::home_level(&h) {
            Some(level) => Ok(Some(level)),
            None => Err(Outcome::bad_input(format!(
                "--home {}: {}",
                one_line(&h),
                lang.strings().bad_home
            ))),
        },
    }
}

/// A document the user named could not be read: say which and why, exit 2.
fn unreadable(e: &load::LoadError, lang: Lang) -> Outcome {
    let message = match e.reason {
        // Nothing was named, so no file to name.
        load::Reason::NoDocuments => e.reason.text(lang),
        _ => format!("{} {}", lang.strings().cannot_read, e.message(lang)),
    };
    Outcome::bad_input(message)
}

fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut buf = Vec::new();
    let mut command = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "dutymatrix", &mut buf);
    Outcome {
        stdout: String::from_utf8_lossy(&buf).into_owned(),
        ..Outcome::default()
    }
}

/// The manual page, made from the command line's own definition so it never drifts from it.
fn manpage() -> Outcome {
    let command = <Cli as clap::CommandFactory>::command();
    let mut buf = Vec::new();
    match clap_mangen::Man::new(command).render(&mut buf) {
        Ok(()) => Outcome {
            stdout: String::from_utf8_lossy(&buf).into_owned(),
            ..Outcome::default()
        },
        Err(e) => Outcome::bad_input(e.to_string()),
    }
}

/// The ledger's state for an exported sheet: empty (lights from the deadlines alone) when there
/// is no ledger yet; a ledger that cannot be read is told on stderr and the sheet still written.
fn sheet_snapshot(env: &Env) -> (Snapshot, String) {
    let Some(path) = env.ledger.as_deref() else {
        return (Snapshot::empty(), String::new());
    };
    match Ledger::open(path, OpenMode::ReadOnly).and_then(|l| {
        l.map(|l| {
            let notice = l.trouble().map_or_else(String::new, |t| {
                let shown = l.path().display().to_string();
                format!(
                    "dutymatrix: {}\n",
                    crate::words::trouble_notice(&shown, t, env.lang)
                )
            });
            l.snapshot(env.model).map(|s| (s, notice))
        })
        .transpose()
    }) {
        Ok(Some(s)) => s,
        Ok(None) => (Snapshot::empty(), String::new()),
        Err(e) => (
            Snapshot::empty(),
            format!("dutymatrix: {}\n", e.message(env.lang)),
        ),
    }
}
