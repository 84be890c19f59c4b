use clap::Parser;
use dutymatrix::cli::{self, Cli, Command, Outcome};
use dutymatrix::i18n::Lang;
use dutymatrix::load;
use dutymatrix::model::Model;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
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
            eprintln!("dutymatrix: {} {e}", s.cannot_read);
            return ExitCode::from(2);
        }
    };
    for n in &loaded.notices {
        eprintln!("dutymatrix: {n}");
    }
    for e in &loaded.skipped {
        eprintln!("dutymatrix: {} {e} ({})", s.cannot_read, s.skipped);
    }
    match args.command {
        Some(Command::Export {
            format: cli::ExportFormat::Json,
        }) => {
            let code = stream_json(&loaded.model);
            std::mem::forget(loaded);
            code
        }
        Some(command) => {
            let code = emit(&cli::run(&command, &loaded.model, args.lang, today));
            // The process ends here: freeing a large model piece by piece would only delay it.
            std::mem::forget(loaded);
            code
        }
        None => dashboard(loaded.model, args.lang, today),
    }
}

fn dashboard(model: Model, lang: Lang, today: chrono::NaiveDate) -> ExitCode {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "dutymatrix: the dashboard needs a terminal; for scripts use a command (see --help)"
        );
        return ExitCode::from(2);
    }
    let mut app = dutymatrix::tui::app::App::new(model, lang, today);
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
    let _ = stdout
        .write_all(out.stdout.as_bytes())
        .and_then(|_| stdout.flush());
    if !out.stderr.is_empty() {
        let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    }
    ExitCode::from(u8::try_from(out.code).unwrap_or(2))
}
