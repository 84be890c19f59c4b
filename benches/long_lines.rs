//! The reader's cost on long lines, at sizes that double: `cargo bench --bench long_lines`.
//! Each case is one annotation or table row repeated `n` times on a single line (the inputs that
//! took the square of their length before issue 10). Linear reading means the time doubles
//! with `n`; BENCHMARKS.md records the slope.

use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[10_000, 20_000, 40_000, 80_000];

fn document(line: String) -> String {
    format!("某市工作方案\n一、任务\n{line}\n")
}

fn read(bencher: Bencher, doc: String) {
    bencher
        .counter(divan::counter::BytesCount::of_str(&doc))
        .bench_local(|| black_box(dutymatrix::extract::read_text("long", black_box(&doc))));
}

/// `（责任单位：市民政局、市、市、…）`: many short names in one annotation.
#[divan::bench(args = SIZES)]
fn many_names_in_one_annotation(bencher: Bencher, n: usize) {
    read(
        bencher,
        document(format!(
            "（一）甲。（责任单位：市民政局{}）",
            "、市".repeat(n)
        )),
    );
}

/// `（责任单位：市第一局、市第二局、…）`: as many distinct units.
#[divan::bench(args = SIZES)]
fn distinct_units_in_one_annotation(bencher: Bencher, n: usize) {
    let digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let names: Vec<String> = (0..n / 4)
        .map(|i| {
            let han: String = i
                .to_string()
                .chars()
                .filter_map(|d| d.to_digit(10).map(|k| digits[k as usize]))
                .collect();
            format!("市第{han}局")
        })
        .collect();
    read(
        bencher,
        document(format!("（一）甲。（责任单位：{}）", names.join("、"))),
    );
}

/// A table row with `n` empty ` | ` cells.
#[divan::bench(args = SIZES)]
fn pipe_cells_in_one_row(bencher: Bencher, n: usize) {
    read(
        bencher,
        format!(
            "某市工作方案\n序号 | 重点任务 | 牵头单位\n1 | 做事 | 市民政局{}\n",
            " | ".repeat(n)
        ),
    );
}

/// `2024年底前` repeated: deadline phrases, each a candidate.
#[divan::bench(args = SIZES)]
fn deadline_phrases_in_one_task(bencher: Bencher, n: usize) {
    read(
        bencher,
        document(format!(
            "（一）甲。{}（责任单位：市民政局）",
            "2024年底前".repeat(n / 2)
        )),
    );
}

/// `（牵头单位：…，配合单位：` repeated: unclosed nested annotations.
#[divan::bench(args = SIZES)]
fn unclosed_labelled_groups(bencher: Bencher, n: usize) {
    read(
        bencher,
        document(format!(
            "（一）甲。{}",
            "（牵头单位：市民政局，配合单位：".repeat(n / 8)
        )),
    );
}

/// A page flattened onto one line: `n / 16` numbered items with trailing fields.
#[divan::bench(args = SIZES)]
fn flattened_page(bencher: Bencher, n: usize) {
    let items: String = (1..=n / 16)
        .map(|i| format!("{i}.推进第{i}项。责任单位：区商务局 "))
        .collect();
    read(bencher, format!("某区工作方案 一、任务 {items}\n"));
}

/// `\n任务内容,` repeated: `n / 4` lines that each look like a table's column name, with no
/// role column among them (issue 17: 20,000 of them took 59 s before the header scan was
/// bounded). Unlike the cases above this is many short lines, not one long one.
#[divan::bench(args = SIZES)]
fn column_names_without_a_role(bencher: Bencher, n: usize) {
    read(bencher, "\n任务内容,".repeat(n / 4));
}
