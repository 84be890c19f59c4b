//! Reader and search speed on the built-in documents: `cargo bench`.

use divan::{Bencher, black_box};
use dutymatrix::load::{Options, load};
use dutymatrix::search::{UnitIndex, search_tasks};
use dutymatrix::sources::BUILTIN;

fn main() {
    divan::main();
}

#[divan::bench]
fn extract_both_seeds() {
    for b in BUILTIN {
        let _ = black_box(dutymatrix::extract::read(b.name, black_box(b.bytes), None));
    }
}

/// The hand-written fixture documents: every annotation form, tables, labelled lines.
#[divan::bench]
fn extract_all_form_fixtures(bencher: Bencher) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let docs: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(&p).ok()?)))
        .collect();
    bencher.bench_local(|| {
        for (name, bytes) in &docs {
            let _ = black_box(dutymatrix::extract::read(name, black_box(bytes), None));
        }
    });
}

#[divan::bench]
fn build_unit_index(bencher: Bencher) {
    let Ok(dutymatrix::load::Loaded { model, .. }) = load(&Options::default()) else {
        return;
    };
    bencher.bench_local(|| UnitIndex::new(black_box(&model)));
}

#[divan::bench(args = ["卫健委", "wsjkw", "衛生健康委", "市 发改委", ""])]
fn search_units(bencher: Bencher, query: &str) {
    let Ok(dutymatrix::load::Loaded { model, .. }) = load(&Options::default()) else {
        return;
    };
    let index = UnitIndex::new(&model);
    bencher.bench_local(|| index.search(black_box(query)));
}

#[divan::bench]
fn search_tasks_keyword(bencher: Bencher) {
    let Ok(dutymatrix::load::Loaded { model, .. }) = load(&Options::default()) else {
        return;
    };
    bencher.bench_local(|| search_tasks(black_box(&model), black_box("人才")));
}

/// Full official names go through the reader's normalisation too (and, for a ministry's name,
/// a second pass without the body-type ending).
#[divan::bench(args = ["市卫生健康委员会", "发展和改革委员会", "人力资源和社会保障部"])]
fn search_units_full_names(bencher: Bencher, query: &str) {
    let Ok(dutymatrix::load::Loaded { model, .. }) = load(&Options::default()) else {
        return;
    };
    let index = UnitIndex::new(&model);
    bencher.bench_local(|| index.search(black_box(query)));
}
