//! The dashboard: terminal lifecycle and the event loop. Keys become actions ([`keys`]),
//! the overlay or screen on top acts on them ([`app`]), and [`view`] draws the frame.

pub mod app;
pub mod backend;
pub mod clipboard;
pub mod command;
pub mod input;
pub mod key_table;
pub mod keys;
pub mod ledger_state;
pub mod overlays;
pub mod paint;
mod report_files;
pub mod screens;
pub mod searcher;
mod shared;
pub mod start;
pub mod view;

use app::App;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode, KeyEventKind};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Runs the dashboard until the user quits. The terminal is restored on every way out:
/// return, error, panic, SIGTERM/SIGINT/SIGQUIT/SIGUSR1, and while stopped (Ctrl-Z, SIGTSTP)
/// until `fg`; on SIGHUP the process leaves at once without writing,
/// since there is no terminal left to restore. With `rest`, the first frame is drawn from
/// `app` holding only the documents that frame shows, and `rest` gives it the whole load
/// before any key is handled; what to print when that load fails.
pub fn run(app: &mut App, rest: Option<start::Rest>) -> io::Result<Option<crate::cli::Outcome>> {
    install_panic_hook();
    install_signal_handlers()?;
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, app, rest);
    restore();
    result
}

fn enter() -> io::Result<Terminal<backend::SshBackend<Stdout>>> {
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    Terminal::new(backend::SshBackend::new(io::stdout()))
}

/// Leaves raw mode and the alternate screen, and shows the cursor. Safe to call twice.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = io::stdout().flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Set when the terminal was handed back after a stop (Ctrl-Z, SIGTSTP, SIGSTOP): the screen
/// the dashboard drew is gone, so the next frame is drawn whole.
static RESUMED: AtomicBool = AtomicBool::new(false);

fn install_signal_handlers() -> io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1};
    let mut signals = signal_hook::iterator::Signals::new([
        SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGTSTP, SIGCONT,
    ])?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            match sig {
                // As less and vim do: give the shell its terminal back, then stop.
                SIGTSTP => {
                    restore();
                    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                }
                // `fg` (or a SIGCONT after SIGSTOP): take the terminal again and redraw.
                SIGCONT => resume(),
                _ => {
                    if sig != SIGHUP {
                        restore();
                    }
                    // The input loop may be blocked on (or spinning over) a dead terminal.
                    std::process::exit(128 + sig);
                }
            }
        }
    });
    Ok(())
}

/// Raw mode and the alternate screen again, and a wake-up for the input loop: `input` turns
/// SIGWINCH into a resize event, which redraws.
fn resume() {
    let _ = terminal::enable_raw_mode();
    let _ = execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        EnableBracketedPaste
    );
    RESUMED.store(true, Ordering::SeqCst);
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
}

/// How long a key's frame waits for the search it started.
const FRAME: Duration = Duration::from_millis(12);
/// How often a running search's result is looked for while no key comes.
const SEARCH_POLL: Duration = Duration::from_millis(2);

/// Redraws only after input or a resize: an idle dashboard writes nothing. All pending events
/// are applied before the one draw they share, so a burst of keys (or resizes) costs one frame.
fn event_loop(
    terminal: &mut Terminal<backend::SshBackend<Stdout>>,
    app: &mut App,
    rest: Option<start::Rest>,
) -> io::Result<Option<crate::cli::Outcome>> {
    let theme = view::Theme::from_env();
    // Keys are read here rather than by crossterm, whose parser takes ESC ESC for one Esc.
    let mut input = input::Input::start()?;
    let rows = terminal.size()?.height;
    app.read_ledger_first(rows);
    draw(terminal, app, theme)?;
    // Before any key is handled: every key after the first frame sees the whole state. The
    // whole model's frame is drawn over the part's: it differs only where the part fell short.
    let mut redraw = false;
    if let Some(rest) = rest {
        if let Err(failed) = rest(app) {
            return Ok(Some(failed));
        }
        redraw = true;
    }
    app.search_in_background();
    if app.read_ledger_rest() || redraw {
        draw(terminal, app, theme)?;
    }
    app.prepare_task_search();
    let mut probed = Instant::now();
    loop {
        // Wake for a key; while a search runs, also to look for its result; with a ledger, now
        // and then to ask it (cheaply) whether anyone recorded something. The screen is drawn
        // again only when one of them brought a change.
        let mut deadline = app
            .ledger()
            .watching()
            .then(|| probed + ledger_state::PROBE_EVERY);
        if app.search_pending() {
            let soon = Instant::now() + SEARCH_POLL;
            deadline = Some(deadline.map_or(soon, |d| d.min(soon)));
        }
        let mut changed = match input.read_until(deadline) {
            input::Next::Event(ev) => handle(app, ev),
            input::Next::Timeout => false,
            // No terminal left to read (the link dropped): leave as on SIGHUP.
            input::Next::Closed => return Ok(None),
        };
        while !app.quitting()
            && let Some(ev) = input.try_read()
        {
            changed |= handle(app, ev);
        }
        if app.ledger().watching() && probed.elapsed() >= ledger_state::PROBE_EVERY {
            probed = Instant::now();
            changed |= app.refresh_ledger();
        }
        if app.quitting() {
            return Ok(None);
        }
        if app.take_suspend() {
            // The signal thread restores the terminal and stops; `fg` brings a redraw.
            let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
            continue;
        }
        // A search that finishes within a frame shares the frame of the key that started it.
        let wait = if changed { FRAME } else { Duration::ZERO };
        if app.search_pending() {
            changed |= app.poll_search(wait);
        }
        if let Some(text) = app.take_clipboard() {
            let to = clipboard::send(&text, &mut io::stdout())?;
            app.copied(to);
            changed = true;
        }
        if RESUMED.swap(false, Ordering::SeqCst) {
            // Not `Terminal::clear`: it asks the terminal where the cursor is, a round trip
            // over SSH that some terminals never answer. Clearing the screen and swapping in a
            // blank "previous" buffer makes the next draw a whole one.
            execute!(io::stdout(), terminal::Clear(terminal::ClearType::All))?;
            terminal.swap_buffers();
            terminal.hide_cursor()?;
            changed = true;
        }
        if changed {
            draw(terminal, app, theme)?;
        }
    }
}

fn draw(
    terminal: &mut Terminal<backend::SshBackend<Stdout>>,
    app: &mut App,
    theme: view::Theme,
) -> io::Result<()> {
    execute!(io::stdout(), BeginSynchronizedUpdate)?;
    let drawn = terminal.draw(|f| view::draw(f, app, theme)).map(|_| ());
    execute!(io::stdout(), EndSynchronizedUpdate)?;
    drawn
}

/// Applies one terminal event; whether the screen needs drawing again.
pub fn handle(app: &mut App, ev: Event) -> bool {
    match ev {
        // Esc and a key arriving together are already two key events ([`input`]).
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let quits = matches!(k.code, KeyCode::Char('q') | KeyCode::Esc);
            if app.too_small() && quits {
                app.update(keys::Action::Quit);
            } else if let Some(action) = keys::action_for(app.mode(), k) {
                app.update(action);
            }
            true
        }
        Event::Paste(text) => {
            app.paste(&text);
            true
        }
        Event::Resize(..) => true,
        _ => false,
    }
}
