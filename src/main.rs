use clap::Parser;
use dutymatrix::cli::{self, Cli, Outcome};
use dutymatrix::load;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    let opts = load::Options {
        docs: args.docs.clone(),
        no_builtin: args.no_builtin,
        encoding: args.encoding.clone(),
    };
    let s = args.lang.strings();
    let model = match load::load(&opts) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("dutymatrix: {} {e}", s.cannot_read);
            return ExitCode::from(2);
        }
    };
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    match args.command {
        Some(command) => emit(&cli::run(&command, &model, args.lang, today)),
        None => dashboard(model, args.lang, today),
    }
}

fn dashboard(
    model: dutymatrix::model::Model,
    lang: dutymatrix::i18n::Lang,
    today: chrono::NaiveDate,
) -> ExitCode {
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
