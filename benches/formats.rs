//! What reading a container costs against the same text as .txt (issue 16 asks for at most
//! 3×): the 泰安 plan as Word, a web page, Markdown and PDF against its text, and its 分工表 as a
//! workbook, Word and a web page against the same table as tab-separated text.
//! `cargo bench --bench formats`.

use divan::{Bencher, black_box};
use dutymatrix::extract;
use dutymatrix::source::{self, Block, Format};

fn main() {
    divan::main();
}

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_default()
}

fn read(bencher: Bencher, name: &str, bytes: Vec<u8>) {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_string());
    bencher.bench_local(|| {
        black_box(extract::read_as(
            name,
            black_box(&bytes),
            None,
            ext.as_deref(),
        ))
        .ok()
    });
}

#[divan::bench(args = [
    "taian-kangyang.docx",
    "taian-kangyang.html",
    "taian-kangyang.md",
    "taian-kangyang.pdf"
])]
fn plan(bencher: Bencher, name: &str) {
    read(bencher, name, file(name));
}

#[divan::bench]
fn plan_as_txt(bencher: Bencher) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/sources/taian-2021-kangyang-fudi-shishi-yijian.txt"
    );
    read(bencher, "plan.txt", std::fs::read(path).unwrap_or_default());
}

#[divan::bench(args = ["taian-fengong.xlsx", "taian-fengong.docx", "taian-fengong.html"])]
fn table(bencher: Bencher, name: &str) {
    read(bencher, name, file(name));
}

/// The workbook's cells written out with tabs: the baseline a text table costs.
#[divan::bench]
fn table_as_txt(bencher: Bencher) {
    let blocks =
        source::blocks(Format::Xlsx, &file("taian-fengong.xlsx"), None).unwrap_or_default();
    let mut text = String::new();
    for b in &blocks {
        if let Block::Table(g) = b {
            for row in &g.rows {
                text.push_str(&row.join("\t").replace('\n', ""));
                text.push('\n');
            }
        }
    }
    read(bencher, "table.txt", text.into_bytes());
}
