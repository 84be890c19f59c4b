use dutymatrix::words::{Message, Text};
use clap::Parser;
use dutymatrix::cli::{self, Cli, Command, Outcome};
use dutymatrix::words::Lang;
use dutymatrix::load;
use dutymatrix::model::Model;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    grow_heaps_in_larger_steps();
    let args = Cli::parse();
    if let Some(bytes) = args.max_size {
        load::set_max_size(bytes);
    }
    let s = args.lang.strings();
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    if let Some(Command::Completions { .. }) = &args.command {
        // Needs no documents: it describes the command line itself.
        if let Some(c) = &args.command {
            return emit(&cli::run(c, &Model::default(), args.lang, today));
        }
    }
    if let Some(Command::Check { files, json }) = &args.command {
        return emit(&cli::check::run(
            files,
            args.encoding.as_deref(),
            *json,
            args.lang,
            today,
        ));
    }
    let opts = load::Options {
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
    };
    let loaded = match load::load(&opts) {
        Ok(m) => m,
        Err(e) => {
            match e.reason {
                // Nothing was named, so no file to name.
                load::Reason::NoDocuments => {
                    eprintln!("dutymatrix: {}", e.reason.text(args.lang))
                }
                _ => eprintln!("dutymatrix: {} {}", s.cannot_read, e.message(args.lang)),
            }
            return ExitCode::from(2);
        }
    };
    // Cache notices and documents of a shared folder that could not be read.
    let skipped: Vec<String> = loaded
        .notices
        .iter()
        .map(|n| n.message(args.lang))
        .chain(loaded.skipped.iter().map(|e| {
            format!(
                "{} {}{}{}{}",
                s.cannot_read,
                e.message(args.lang),
                s.open_paren,
                s.skipped,
                s.close_paren
            )
        }))
        .collect();
    let config = dutymatrix::prefs::config_dir();
    let home = match dutymatrix::prefs::home(args.home.as_deref(), config.as_deref()) {
        None => None,
        Some(h) => match dutymatrix::prefs::home_level(&h) {
            Some(level) => Some(level),
            None => {
                eprintln!(
                    "dutymatrix: --home {}: {}",
                    dutymatrix::text::one_line(&h),
                    s.bad_home
                );
                return ExitCode::from(2);
            }
        },
    };
    if args.command.is_some() {
        for line in &skipped {
            eprintln!("dutymatrix: {line}");
        }
    }
    // One resolution of the ledger path (--ledger, DUTYMATRIX_LEDGER, the data folder) for the
    // ledger commands and the dashboard alike.
    let ledger_path = args
        .ledger
        .clone()
        .or_else(dutymatrix::ledger::default_path);
    if let Some(Command::Ledger { command }) = &args.command {
        let ctx = cli::ledger::Context {
            path: ledger_path,
            lang: args.lang,
            today,
            warn_days: args.warn_days,
        };
        return emit(&cli::ledger::run(command, &loaded.model, &ctx));
    }
    match args.command {
        // The whole model as JSON is written as it is serialised, not built in memory first.
        Some(Command::Export {
            format: cli::ExportFormat::Json,
            unit: None,
            units: None,
            timeline: false,
            output: None,
            ..
        }) => {
            let code = stream_json(&loaded.model);
            std::mem::forget(loaded);
            code
        }
        Some(command) => {
            // Sheets say where each row stands: read the ledger for them, never write it.
            let snapshot = match &command {
                Command::Export { .. } => {
                    sheet_snapshot(ledger_path.as_deref(), &loaded.model, args.lang)
                }
                _ => dutymatrix::ledger::Snapshot::empty(),
            };
            let code = emit(&cli::run_with(
                &command,
                &loaded.model,
                args.lang,
                today,
                home,
                (&snapshot, args.warn_days),
            ));
            // The process ends here: freeing a large model piece by piece would only delay it.
            std::mem::forget(loaded);
            code
        }
        // Skipped documents are told inside the dashboard: printed before it opens, they would
        // vanish under the alternate screen.
        None => dashboard(
            loaded.model,
            args.lang,
            today,
            Dashboard {
                units: args.units.as_deref(),
                skipped,
                home,
                frecency: config.map(|d| dutymatrix::prefs::Frecency::load(d.join("opened.tsv"))),
                ledger: ledger_path,
                warn_days: args.warn_days,
            },
        ),
    }
}

/// What the dashboard starts with besides the documents.
struct Dashboard<'a> {
    /// `--units A,B`: open the meeting of these units.
    units: Option<&'a str>,
    /// Documents of a shared folder that could not be read, told on the status line.
    skipped: Vec<String>,
    home: Option<dutymatrix::model::Level>,
    frecency: Option<dutymatrix::prefs::Frecency>,
    ledger: Option<std::path::PathBuf>,
    warn_days: i64,
}

fn dashboard(model: Model, lang: Lang, today: chrono::NaiveDate, start: Dashboard) -> ExitCode {
    use std::io::IsTerminal;
    // `--units A,B`: resolve before the screen changes, so a bad name is a plain message.
    let marked = match start
        .units
        .map(|list| dutymatrix::meeting::resolve(&model, list))
    {
        None => None,
        Some(Ok(u)) => Some(u),
        Some(Err(q)) => {
            eprintln!("dutymatrix: {} \"{q}\"", lang.meeting().units_not_found);
            return ExitCode::from(1);
        }
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "dutymatrix: the dashboard needs a terminal; for scripts use a command (see --help)"
        );
        return ExitCode::from(2);
    }
    let mut app = dutymatrix::tui::app::App::new(model, lang, today)
        .with_ledger(start.ledger, start.warn_days);
    app.set_preferences(start.home, start.frecency);
    if !start.skipped.is_empty() {
        app.say(start.skipped.join("; "));
    }
    if let Some(units) = marked {
        app.open_meeting(units);
    }
    match dutymatrix::tui::run(&mut app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dutymatrix: terminal error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The whole model as JSON, written as it is serialised: no copy of it is built in memory
/// first, so a thousand documents export in little more memory than their model takes.
fn stream_json(model: &Model) -> ExitCode {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, model)
        .map_err(std::io::Error::from)
        .and_then(|_| out.write_all(b"\n"))
        .and_then(|_| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) ends the export; that is what the reader asked for.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dutymatrix: export: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes a finished outcome. A closed pipe (`| head`) is not an error worth a panic.
fn emit(out: &Outcome) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    // A command that failed on its input prints nothing a script could mistake for a result.
    if out.code != 2 {
        let _ = stdout
            .write_all(out.stdout.as_bytes())
            .and_then(|_| stdout.flush());
    }
    if !out.stderr.is_empty() {
        let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    }
    ExitCode::from(u8::try_from(out.code).unwrap_or(2))
}

/// glibc grows each reading thread's heap 128 KB at a time, one `mprotect` per step: loading
/// 1,000 documents made hundreds of them, serialised on the process's memory map lock (8% of a
/// first frame from the cache). Reserving 16 MB per step costs no memory until it is touched.
fn grow_heaps_in_larger_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter; it runs before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
    }
}

/// The ledger's state for an exported sheet: empty (lights from the deadlines alone) when there
/// is no ledger yet; a ledger that cannot be read is said on stderr and the sheet still written.
fn sheet_snapshot(
    path: Option<&std::path::Path>,
    model: &Model,
    lang: dutymatrix::words::Lang,
) -> dutymatrix::ledger::Snapshot {
    use dutymatrix::ledger::{Ledger, OpenMode, Snapshot};
    let Some(path) = path else {
        return Snapshot::empty();
    };
    match Ledger::open(path, OpenMode::ReadOnly)
        .and_then(|l| l.map(|l| l.snapshot(model)).transpose())
    {
        Ok(Some(s)) => s,
        Ok(None) => Snapshot::empty(),
        Err(e) => {
            eprintln!("dutymatrix: {}", e.message(lang));
            Snapshot::empty()
        }
    }
}
