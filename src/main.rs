//! `dutymatrix`: parses the command line and hands it to [`cli::dispatch`]; prints what comes
//! back, or opens the dashboard.

use clap::Parser;
use dutymatrix::allocator::Run;
use dutymatrix::cli::{self, Cli, Next, Outcome, SheetStream, Start};
use dutymatrix::model::Model;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    dutymatrix::allocator::tune(match args.command {
        None => Run::Dashboard,
        Some(_) => Run::Command,
    });
    match cli::dispatch(args) {
        Next::Done(out) => emit(&out),
        Next::StreamModel { model, notices } => {
            let _ = std::io::stderr().write_all(notices.as_bytes());
            let code = stream_json(&model);
            // The process ends here: freeing a large model piece by piece would only delay it.
            std::mem::forget(model);
            code
        }
        Next::StreamSheet(job) => {
            let _ = std::io::stderr().write_all(job.notices.as_bytes());
            let code = stream_sheet(&job);
            std::mem::forget(job);
            code
        }
        Next::Dashboard(start) => dashboard(*start),
    }
}

fn dashboard(start: Start) -> ExitCode {
    use std::io::IsTerminal;
    let s = start.lang.strings();
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!("dutymatrix: {}", s.needs_terminal);
        return ExitCode::from(2);
    }
    let rows = crossterm::terminal::size().map_or(24, |(_, h)| h);
    let who = dutymatrix::ledger::identity::current();
    let opening = match dutymatrix::tui::start::opening(start, rows, who) {
        Ok(opening) => opening,
        Err(failed) => return emit(&failed),
    };
    let mut app = opening.first;
    match dutymatrix::tui::run(&mut app, opening.rest) {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(failed)) => emit(&failed),
        Err(e) => {
            eprintln!("dutymatrix: {}", (s.terminal_error)(&e.to_string()));
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
    ended(written)
}

/// The whole matrix or a timeline as CSV or Markdown, each row written as it is made.
fn stream_sheet(job: &SheetStream) -> ExitCode {
    use dutymatrix::export::Whole;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = dutymatrix::export::stream_to(
        job.scope.as_ref().map_or(Whole::Matrix, Whole::Timeline),
        &job.model,
        (&job.snapshot, job.warn_days),
        job.format,
        job.lang,
        job.today,
        &mut out,
    )
    .unwrap_or(Ok(0))
    .and_then(|_| out.flush());
    ended(written)
}

/// A streamed export's end: a closed pipe (`| head`) is what the reader asked for.
fn ended(written: std::io::Result<()>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dutymatrix: export: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes a finished outcome. A closed pipe (`| head`) is what the reader asked for; any other
/// failure to write (a full disk) is said, exit 2: a script must not take half a result as all.
/// A change to the ledger already made stands, and keeps its exit code.
fn emit(out: &Outcome) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let mut code = u8::try_from(out.code).unwrap_or(2);
    // A command that failed on its input prints nothing a script could mistake for a result.
    if out.code != 2 {
        let written = stdout
            .write_all(out.stdout.as_bytes())
            .and_then(|_| stdout.flush());
        match written {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                let _ = writeln!(std::io::stderr(), "dutymatrix: stdout: {e}");
                if !out.wrote {
                    code = 2;
                }
            }
            _ => {}
        }
    }
    if !out.stderr.is_empty() {
        // The one place every message passes: a path, a login or a detail from SQLite that
        // slipped through unsanitised still cannot reach the terminal as a control sequence.
        let said: String = out
            .stderr
            .split_inclusive('\n')
            .map(|l| {
                let mut l = dutymatrix::text::one_line(l);
                l.push('\n');
                l
            })
            .collect();
        let _ = std::io::stderr().write_all(said.as_bytes());
    }
    ExitCode::from(code)
}
