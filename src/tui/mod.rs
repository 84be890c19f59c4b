//! The dashboard: terminal lifecycle and the event loop. Keys become actions ([`keys`]),
//! actions change state ([`app`]), and the view draws state ([`view`]).

pub mod app;
pub mod backend;
pub mod clipboard;
pub mod keys;
pub mod searcher;
pub mod view;

use app::App;
use crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers,
};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use std::io::{self, Stdout, Write};
use std::time::Duration;

/// Runs the dashboard until the user quits. The terminal is restored on every way out:
/// return, error, panic, SIGTERM/SIGINT; on SIGHUP the process leaves at once without writing,
/// since there is no terminal left to restore.
pub fn run(app: &mut App) -> io::Result<()> {
    install_panic_hook();
    install_signal_handlers()?;
    let mut terminal = enter()?;
    app.search_in_background();
    let result = event_loop(&mut terminal, app);
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

fn install_signal_handlers() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            if sig != SIGHUP {
                restore();
            }
            // The input loop may be blocked on (or spinning over) a dead terminal: leave now.
            std::process::exit(128 + sig);
        }
    });
    Ok(())
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
) -> io::Result<()> {
    let theme = view::Theme::from_env();
    draw(terminal, app, theme)?;
    loop {
        // While a search runs, look for its result between keys; otherwise sleep until a key.
        let mut changed = false;
        if !app.search_pending() || event::poll(SEARCH_POLL)? {
            changed |= handle(app, event::read()?);
            while !app.quit && event::poll(Duration::ZERO)? {
                changed |= handle(app, event::read()?);
            }
        }
        if app.quit {
            return Ok(());
        }
        // A search that finishes within a frame shares the frame of the key that started it.
        let wait = if changed { FRAME } else { Duration::ZERO };
        if app.search_pending() {
            changed |= app.poll_search(wait);
        }
        if let Some(text) = app.clipboard.take() {
            let in_tmux = std::env::var_os("TMUX").is_some();
            let mut out = io::stdout();
            out.write_all(clipboard::osc52(&text, in_tmux).as_bytes())?;
            out.flush()?;
        }
        if changed {
            draw(terminal, app, theme)?;
        }
    }
}

fn draw(
    terminal: &mut Terminal<backend::SshBackend<Stdout>>,
    app: &App,
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
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            // Esc and a key typed quickly arrive together and read as Alt-key (over SSH, often):
            // take them as the two keys the user pressed.
            let alt = k.modifiers.contains(KeyModifiers::ALT)
                && !k.modifiers.contains(KeyModifiers::CONTROL);
            let k = if alt && matches!(k.code, KeyCode::Char(_)) {
                let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
                if let Some(action) = keys::action_for(app.mode(), esc) {
                    app.update(action);
                }
                KeyEvent::new(k.code, k.modifiers - KeyModifiers::ALT)
            } else {
                k
            };
            if let Some(action) = keys::action_for(app.mode(), k) {
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
