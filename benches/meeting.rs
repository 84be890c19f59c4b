//! Speed of the meeting features: counterparts, a meeting of units, the timeline and sheets,
//! on the built-in documents plus the form fixtures: `cargo bench --bench meeting`.

use chrono::NaiveDate;
use divan::{Bencher, black_box};
use dutymatrix::counterparts::Counterparts;
use dutymatrix::export::{Format, matrix_sheet, meeting_sheet, render, timeline_sheet, unit_sheet};
use dutymatrix::load::{Options, load};
use dutymatrix::meeting::Meeting;
use dutymatrix::model::Model;
use dutymatrix::timeline::{Scope, Timeline};
use dutymatrix::words::Lang;

fn main() {
    divan::main();
}

fn model() -> Model {
    let opts = Options {
        docs: vec![concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures").into()],
        ..Options::default()
    };
    load(&opts).map(|l| l.model).unwrap_or_default()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 6, 30).unwrap_or_default()
}

#[divan::bench]
fn counterparts_of_every_unit(bencher: Bencher) {
    let m = model();
    bencher.bench_local(|| Counterparts::new(black_box(&m)));
}

#[divan::bench]
fn meeting_of_three_units(bencher: Bencher) {
    let m = model();
    let units: Vec<String> = ["市卫生健康委", "市民政局", "省卫生健康委"]
        .map(String::from)
        .to_vec();
    bencher.bench_local(|| Meeting::new(black_box(&m), &units, today()).rows.len());
}

#[divan::bench]
fn timeline_of_every_task(bencher: Bencher) {
    let m = model();
    bencher.bench_local(|| Timeline::new(black_box(&m), &Scope::All, today()).len());
}

#[divan::bench(args = ["csv", "md", "json"])]
fn matrix_sheet_rendered(bencher: Bencher, format: &str) {
    let m = model();
    let f = match format {
        "csv" => Format::Csv,
        "md" => Format::Markdown,
        _ => Format::Json,
    };
    bencher.bench_local(|| render(&matrix_sheet(black_box(&m), Lang::Zh, today()), f, Lang::Zh));
}

#[divan::bench]
fn unit_meeting_and_timeline_sheets_csv(bencher: Bencher) {
    let m = model();
    let cp = Counterparts::new(&m);
    let units: Vec<String> = ["市卫生健康委", "市民政局"].map(String::from).to_vec();
    bencher.bench_local(|| {
        let a = unit_sheet(&m, &cp, "市民政局", Lang::Zh, today());
        let b = meeting_sheet(&m, &units, Lang::Zh, today());
        let c = timeline_sheet(&m, &Scope::All, Lang::Zh, today());
        [a, b, c].map(|s| render(&s, Format::Csv, Lang::Zh).map_or(0, |b| b.len()))
    });
}
