//! Speed at 100 and 1,000 generated documents (`gencorpus`, seed 1): loading a folder from its
//! text and from the cache, the index, `units` and `duties`, a keystroke of unit and task
//! search, and the dashboard's first frame. `cargo bench --bench scale`; other sizes with
//! `DUTYMATRIX_BENCH_DOCS=10000,30000` (generated on demand into the target's temp folder).

use chrono::NaiveDate;
use divan::{Bencher, black_box};
use dutymatrix::cli::{self, Command};
use dutymatrix::load::cache::read_folder_with;
use dutymatrix::load::txt_files;
use dutymatrix::model::Model;
use dutymatrix::search::{TaskIndex, UnitIndex};
use dutymatrix::words::Lang;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

fn main() {
    divan::main();
}

/// The corpus sizes: 100 and 1,000, or those listed in `DUTYMATRIX_BENCH_DOCS`.
fn sizes() -> Vec<usize> {
    std::env::var("DUTYMATRIX_BENCH_DOCS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![100, 1000])
}

/// The generated folder of `n` documents, written once into the target's temp folder.
fn corpus(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("corpus-{n}"));
    let done = dir.join(format!("doc-{:05}.txt", n - 1));
    if !done.exists() {
        gencorpus::write_corpus(&dir, n, 1).expect("gencorpus writes");
    }
    dir
}

fn cache_file(n: usize) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cache-{n}.bin"))
}

fn model(n: usize) -> &'static Model {
    &shared_model(n).1
}

/// The model of `n` documents, shared as the dashboard shares it with its search thread (read
/// through the cache: reading 30,000 documents from their text takes minutes).
fn shared_model(n: usize) -> &'static (usize, Arc<Model>) {
    static MODELS: OnceLock<Vec<(usize, Arc<Model>)>> = OnceLock::new();
    let all = MODELS.get_or_init(|| {
        sizes()
            .iter()
            .map(|&n| {
                let dir = corpus(n);
                let files = txt_files(&dir).expect("folder");
                let m = read_folder_with(&dir, &files, None, Some(cache_file(n))).model;
                (n, Arc::new(m))
            })
            .collect()
    });
    all.iter().find(|(k, _)| *k == n).expect("size")
}

#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn load_from_text(bencher: Bencher, n: usize) {
    let dir = corpus(n);
    let files = txt_files(&dir).expect("folder");
    bencher.bench(|| read_folder_with(&dir, &files, None, None).model);
}

#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn load_from_cache(bencher: Bencher, n: usize) {
    let dir = corpus(n);
    let files = txt_files(&dir).expect("folder");
    let cache = cache_file(n);
    let _ = read_folder_with(&dir, &files, None, Some(cache.clone()));
    bencher.bench(|| {
        let r = read_folder_with(&dir, &files, None, Some(cache.clone()));
        assert_eq!(r.parsed, 0);
        r.model
    });
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn build_index(bencher: Bencher, n: usize) {
    let m = model(n);
    bencher.bench(|| dutymatrix::index::Index::build(black_box(m).parts()));
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn units_command(bencher: Bencher, n: usize) {
    let m = model(n);
    let today = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let units = Command::Units {
        json: false,
        all: false,
    };
    bencher.bench(|| cli::run(&units, &cli::Env::new(m, Lang::Zh, today)));
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn duties_command(bencher: Bencher, n: usize) {
    let m = model(n);
    let today = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let duties = Command::Duties {
        query: "卫健委".into(),
        json: false,
    };
    bencher.bench(|| cli::run(&duties, &cli::Env::new(m, Lang::Zh, today)));
}

/// One keystroke of unit search: 卫 健 委 typed, each narrowing the one before.
#[divan::bench(args = sizes(), sample_count = 20)]
fn unit_search_keystrokes(bencher: Bencher, n: usize) {
    let index = UnitIndex::new(model(n));
    bencher
        .counter(divan::counter::ItemsCount::new(3usize))
        .bench(|| {
            let (_, a) = index.search_narrowing("卫", None);
            let (_, b) = index.search_narrowing("卫健", Some(&a));
            index.search_narrowing("卫健委", Some(&b)).0
        });
}

/// The worst unit keystroke: the first, over every unit.
#[divan::bench(args = sizes(), sample_count = 20)]
fn unit_search_first_key(bencher: Bencher, n: usize) {
    let index = UnitIndex::new(model(n));
    bencher.bench(|| index.search(black_box("卫")));
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn task_search_first_key(bencher: Bencher, n: usize) {
    let index = TaskIndex::new(Arc::clone(&shared_model(n).1));
    bencher.bench(|| index.search(black_box("人")));
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn task_search_keystrokes(bencher: Bencher, n: usize) {
    let index = TaskIndex::new(Arc::clone(&shared_model(n).1));
    bencher
        .counter(divan::counter::ItemsCount::new(2usize))
        .bench(|| {
            let (_, a) = index.search_narrowing("人", None);
            index.search_narrowing("人才", Some(&a)).0
        });
}

/// From a loaded model to the first frame drawn at 80×24: the indexes, the search, the views.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn first_frame(bencher: Bencher, n: usize) {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let m = model(n);
    let today = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    bencher.with_inputs(|| m.clone()).bench_values(|m| {
        let mut app = dutymatrix::tui::app::App::new(m, Lang::Zh, today);
        let mut term = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        term.draw(|f| {
            dutymatrix::tui::view::draw(f, &mut app, dutymatrix::tui::view::Theme { color: true });
        })
        .expect("draw");
        app
    });
}

/// Building the task index (the dashboard does it on the search thread after its first frame,
/// so that Ctrl-t finds it ready).
#[divan::bench(args = sizes(), sample_count = 10)]
fn task_search_switch(bencher: Bencher, n: usize) {
    let m = &shared_model(n).1;
    bencher.bench(|| TaskIndex::new(Arc::clone(m)));
}

/// A unit-search keystroke as the dashboard answers it: the key, the search, and the frame
/// drawn at 80×24 with the selected unit's duties pane. Two keys: 卫 (the top 卫健委 with its
/// counterparts below) and ⌫ (back to every unit).
#[divan::bench(args = sizes(), sample_count = 20)]
fn unit_keystroke_frame(bencher: Bencher, n: usize) {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let m = model(n);
    let today = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let mut app = dutymatrix::tui::app::App::new(m.clone(), Lang::Zh, today);
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("backend");
    let theme = dutymatrix::tui::view::Theme { color: true };
    let mut key = |code: KeyCode| {
        let ev = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        dutymatrix::tui::handle(&mut app, ev);
        app.finish_search();
        term.draw(|f| dutymatrix::tui::view::draw(f, &mut app, theme))
            .expect("draw");
    };
    key(KeyCode::Char('卫'));
    key(KeyCode::Backspace);
    bencher
        .counter(divan::counter::ItemsCount::new(2usize))
        .bench_local(|| {
            key(KeyCode::Char('卫'));
            key(KeyCode::Backspace);
        });
}
