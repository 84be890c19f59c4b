//! What the dashboard tests share: the app on the built-in documents, keys pressed through the
//! real handler, and the screen drawn into ratatui's TestBackend and compared with
//! tests/snapshots/ (UPDATE_SNAPSHOTS=1 rewrites them after a deliberate change).

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dutymatrix::load::{Options, load};
use dutymatrix::text::width;
use dutymatrix::tui::app::App;
use dutymatrix::tui::handle;
use dutymatrix::tui::screens::main::MainScreen;
use dutymatrix::tui::view::{Theme, draw};
use dutymatrix::words::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The dashboard on the built-in documents, on a fixed day.
pub fn app(lang: Lang) -> App {
    let model = load(&Options::default()).expect("built-ins").model;
    App::new(
        model,
        lang,
        NaiveDate::from_ymd_opt(2022, 6, 30).expect("date"),
    )
}

pub fn press(app: &mut App, code: KeyCode) {
    handle(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn ctrl(app: &mut App, c: char) {
    handle(
        app,
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The main screen the search line and the selection are on.
pub fn main(app: &App) -> &MainScreen {
    app.main_screen().expect("a main screen at the bottom")
}

pub fn selected_name(app: &App) -> String {
    app.selected_unit()
        .map(|u| app.model().units[u].name.clone())
        .unwrap_or_default()
}

/// The screen as text, one line per row; wide characters count once.
pub fn render(app: &mut App, w: u16, h: u16) -> Vec<String> {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("backend");
    term.draw(|f| draw(f, app, Theme { color: false }))
        .expect("draw");
    let buf = term.backend().buffer().clone();
    (0..h)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < w {
                let sym = buf[(x, y)].symbol();
                line.push_str(sym);
                x += u16::try_from(width(sym).max(1)).unwrap_or(1);
            }
            line
        })
        .collect()
}

/// The cursor after drawing, if shown.
pub fn cursor(app: &mut App, w: u16, h: u16) -> (u16, u16) {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("backend");
    term.draw(|f| draw(f, app, Theme { color: false }))
        .expect("draw");
    let p = term.get_cursor_position().expect("cursor");
    (p.x, p.y)
}

/// The screen compared with tests/snapshots/`name`.txt.
pub fn snapshot(name: &str, lines: &[String]) {
    snapshot_text(name, &(lines.join("\n") + "\n"));
}

/// `got` compared with tests/snapshots/`name`.txt, or written there under UPDATE_SNAPSHOTS.
pub fn snapshot_text(name: &str, got: &str) {
    let path = format!("{}/tests/snapshots/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, got).expect("write snapshot");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing snapshot {path}"));
    assert_eq!(got, want, "snapshot {name} differs");
}

/// Every row fills exactly the screen width in display cells: nothing misaligned or cut.
pub fn assert_aligned(lines: &[String], w: usize) {
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(width(l), w, "row {i} is {} cells: {l}", width(l));
    }
}
