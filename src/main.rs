use clap::Parser;
use dutymatrix::cli::{self, Cli, Command, Outcome};
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
    let command = args.command.unwrap_or(Command::Units { json: false });
    emit(&cli::run(&command, &model, args.lang, today))
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
