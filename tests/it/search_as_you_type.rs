//! Search that keeps up: a growing query narrows the previous result (and finds exactly what a
//! fresh search finds), task search in the dashboard, and searches off the input thread where
//! the newest query wins and no key is lost.

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dutymatrix::load::{Options, load};
use dutymatrix::model::Model;
use dutymatrix::search::{TaskIndex, UnitIndex};
use dutymatrix::tui::app::{App, Screen};
use dutymatrix::tui::handle;
use dutymatrix::tui::screens::main::MainScreen;
use dutymatrix::tui::searcher::SearchKind;
use dutymatrix::words::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn model() -> Model {
    load(&Options::default()).expect("built-ins").model
}

fn app() -> App {
    App::new(
        model(),
        Lang::Zh,
        NaiveDate::from_ymd_opt(2022, 6, 30).expect("date"),
    )
}

/// The main screen the search line is on.
fn main(app: &App) -> &MainScreen {
    app.main_screen().expect("a main screen at the bottom")
}

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    handle(app, Event::Key(KeyEvent::new(code, mods)));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

#[test]
fn narrowing_finds_what_a_fresh_search_finds() {
    let m = model();
    let units = UnitIndex::new(&m);
    for query in [
        "卫健委",
        "市 发改",
        "wsjkw",
        "shi wei",
        "省民政",
        "衛生健康委",
    ] {
        let mut previous = None;
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let (hits, n) = units.search_narrowing(&typed, previous.as_ref());
            assert_eq!(hits, units.search(&typed), "units, {typed:?}");
            previous = Some(n);
        }
    }
    let tasks = TaskIndex::new(std::sync::Arc::new(m.clone()));
    for query in ["人才", "养老服务", "医疗"] {
        let mut previous = None;
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let (hits, n) = tasks.search_narrowing(&typed, previous.as_ref());
            assert_eq!(hits, tasks.search(&typed), "tasks, {typed:?}");
            assert_eq!(hits, dutymatrix::search::search_tasks(&m, &typed));
            previous = Some(n);
        }
    }
    // Deleting a character is not a narrowing: the wider result comes back.
    let (_, n) = units.search_narrowing("卫健委", None);
    let (wider, _) = units.search_narrowing("卫健", Some(&n));
    assert_eq!(wider, units.search("卫健"));
}

#[test]
fn ctrl_t_switches_the_search_line_to_task_text() {
    let mut a = app();
    assert_eq!(main(&a).search_kind(), SearchKind::Units);
    key(&mut a, KeyCode::Char('t'), KeyModifiers::CONTROL);
    assert_eq!(main(&a).search_kind(), SearchKind::Tasks);
    typed(&mut a, "人才");
    assert!(!main(&a).task_hits().is_empty());
    let first = main(&a).task_hits()[0].0;
    assert!(a.model().tasks[first].title_simplified().contains("人才"));
    // The list shows the tasks found; Down moves, Enter opens the task.
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("backend");
    term.draw(|f| {
        dutymatrix::tui::view::draw(f, &mut a, dutymatrix::tui::view::Theme { color: false });
    })
    .expect("draw");
    let screen: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .filter(|s| *s != " ")
        .collect();
    assert!(screen.contains("搜索任务"), "{screen}");
    assert!(screen.contains(&format!(
        "{}/{}",
        main(&a).task_hits().len(),
        a.model().tasks.len()
    )));
    let shown: String = a.model().tasks[first]
        .title_simplified()
        .chars()
        .take(4)
        .collect();
    assert!(screen.contains(&shown), "{shown} not in {screen}");
    key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(
        main(&a).task_selected(),
        1.min(main(&a).task_hits().len() - 1)
    );
    let chosen = main(&a).task_hits()[main(&a).task_selected()].0;
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(
        a.screen(),
        Screen::Task {
            task: chosen,
            from_matrix: false
        }
    );
    // And back to units, the query kept.
    key(&mut a, KeyCode::Esc, KeyModifiers::NONE);
    key(&mut a, KeyCode::F(2), KeyModifiers::NONE);
    assert_eq!(main(&a).search_kind(), SearchKind::Units);
    assert_eq!(a.query(), "人才");
}

#[test]
fn background_search_keeps_every_key_and_the_newest_query_wins() {
    let mut a = app();
    a.search_in_background();
    // Keys arrive faster than searches finish: all of them reach the query.
    typed(&mut a, "市卫健委");
    assert_eq!(a.query(), "市卫健委");
    // A key that moves acts on the result of everything typed before it.
    key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    assert!(!a.search_pending());
    let fresh = UnitIndex::new(a.model()).search("市卫健委");
    assert_eq!(main(&a).hits(), fresh);
    assert_eq!(main(&a).selected(), 1.min(fresh.len() - 1));
    // Typing again, then waiting: the result shown is the newest query's.
    typed(&mut a, "x");
    key(&mut a, KeyCode::Backspace, KeyModifiers::NONE);
    while a.search_pending() {
        a.poll_search(std::time::Duration::from_millis(5));
    }
    assert_eq!(main(&a).hits(), fresh);
    assert_eq!(main(&a).selected(), 0);
}

#[test]
fn the_task_index_is_built_at_the_first_task_search_even_in_the_background() {
    let mut a = app();
    a.search_in_background();
    // The dashboard starts with units only; switching hands the worker the task index.
    key(&mut a, KeyCode::Char('t'), KeyModifiers::CONTROL);
    assert_eq!(main(&a).search_kind(), SearchKind::Tasks);
    typed(&mut a, "人才");
    while a.search_pending() {
        a.poll_search(std::time::Duration::from_millis(5));
    }
    let fresh = dutymatrix::search::search_tasks(a.model(), "人才");
    assert!(!fresh.is_empty());
    assert_eq!(main(&a).task_hits(), fresh);
    // Back to units and to tasks again: the same index, the same result.
    key(&mut a, KeyCode::F(2), KeyModifiers::NONE);
    key(&mut a, KeyCode::F(2), KeyModifiers::NONE);
    while a.search_pending() {
        a.poll_search(std::time::Duration::from_millis(5));
    }
    assert_eq!(main(&a).search_kind(), SearchKind::Tasks);
    assert_eq!(main(&a).task_hits(), fresh);
}
