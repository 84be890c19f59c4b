//! The reader scored on real published documents. Their texts are not in this repository: the
//! project commits no published text (the workplace's rule for what its search tools bring back,
//! and `shared/corpus/README.md`: published documents stay outside the project, whose fixtures it
//! writes itself). What is committed is `tests/real/`: where each document comes from
//! (SOURCES.md) and its extraction written by hand, after reading it, in `NAME.tsv` (the fixture
//! format of `forms`). The score is over (task, unit, role) triples, deadlines per task and units
//! the reader named that the document's expectation has nowhere.
//!
//! `DUTYMATRIX_REAL_DIR=FOLDER cargo test --test it real:: -- --ignored --nocapture` scores the
//! `NAME.txt` files of FOLDER against `FOLDER/NAME.tsv`, else `tests/real/NAME.tsv`; when FOLDER
//! holds the text of every document `tests/real/` describes, the test fails if a figure drops
//! below what the reader reached when that corpus was last scored. `DUTYMATRIX_REAL_ROWS=1`
//! also prints what the reader read, in the expected format, to compare by eye.

use dutymatrix::extract;
use std::collections::{BTreeSet, HashMap};

/// What the reader reached on the corpus (BENCHMARKS.md has the table); a change to the reader
/// that reads the corpus worse fails here.
const MIN_PRECISION: f64 = 1.0;
const MIN_RECALL: f64 = 1.0;
const MIN_DEADLINES: f64 = 1.0;

/// A task's place: its number and which occurrence of that number it is (a document may number
/// its goals and its tasks alike).
type Key = (String, usize);

struct Doc {
    /// Per task: its deadline date and its (unit, role) pairs.
    tasks: HashMap<Key, (String, BTreeSet<(String, String)>)>,
    units: BTreeSet<String>,
}

fn parse(rows: &[String]) -> Doc {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut tasks = HashMap::new();
    let mut units = BTreeSet::new();
    for row in rows {
        let cols: Vec<&str> = row.split('\t').collect();
        let number = cols.first().copied().unwrap_or_default().to_string();
        let n = seen.entry(number.clone()).or_default();
        *n += 1;
        let mut pairs = BTreeSet::new();
        for a in cols.get(3).copied().unwrap_or("-").split('、') {
            if let Some((name, role)) = a.rsplit_once(':') {
                let name = name.trim_end_matches('*').to_string();
                units.insert(name.clone());
                pairs.insert((name, role.to_string()));
            }
        }
        let date = cols.get(4).copied().unwrap_or("-").to_string();
        tasks.insert((number, *n), (date, pairs));
    }
    Doc { tasks, units }
}

#[derive(Default, Clone, Copy)]
struct Score {
    expected: usize,
    got: usize,
    right: usize,
    tasks: usize,
    deadlines_right: usize,
    invented: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.expected += o.expected;
        self.got += o.got;
        self.right += o.right;
        self.tasks += o.tasks;
        self.deadlines_right += o.deadlines_right;
        self.invented += o.invented;
    }
    fn precision(&self) -> f64 {
        ratio(self.right, self.got)
    }
    fn recall(&self) -> f64 {
        ratio(self.right, self.expected)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn deadlines(&self) -> f64 {
        ratio(self.deadlines_right, self.tasks)
    }
    fn line(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {}/{} | {} |",
            self.tasks,
            self.expected,
            self.got,
            self.precision(),
            self.recall(),
            self.f1(),
            self.deadlines_right,
            self.tasks,
            self.invented
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn score(want: &Doc, got: &Doc) -> Score {
    let mut s = Score {
        tasks: want.tasks.len(),
        ..Score::default()
    };
    for (key, (date, pairs)) in &want.tasks {
        s.expected += pairs.len();
        if let Some((got_date, got_pairs)) = got.tasks.get(key) {
            s.right += pairs.intersection(got_pairs).count();
            s.deadlines_right += usize::from(got_date == date);
        }
    }
    s.got = got.tasks.values().map(|(_, p)| p.len()).sum();
    s.invented = got.units.difference(&want.units).count();
    s
}

/// The committed expectations' folder.
fn expectations() -> String {
    format!("{}/tests/real", env!("CARGO_MANIFEST_DIR"))
}

/// The names of the files with `extension` in `dir`, sorted.
fn names_in(dir: &str, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(Result::ok)
        .filter_map(|e| {
            let p = e.path();
            if p.extension()? != extension {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().to_string())
        })
        .collect();
    names.sort();
    names
}

/// Every committed expectation is one the scorer can read, and SOURCES.md says where its
/// document comes from.
#[test]
fn every_expectation_reads_and_has_its_source() {
    let dir = expectations();
    let sources = std::fs::read_to_string(format!("{dir}/SOURCES.md")).expect("SOURCES.md");
    let names = names_in(&dir, "tsv");
    assert!(names.len() >= 8, "{names:?}");
    for name in &names {
        let tsv = std::fs::read_to_string(format!("{dir}/{name}.tsv")).expect("tsv");
        let doc = parse(
            &crate::common::expected_rows(&tsv)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>(),
        );
        assert!(!doc.tasks.is_empty(), "{name}.tsv names no task");
        assert!(sources.contains(name.as_str()), "SOURCES.md has no {name}");
    }
    assert!(
        names_in(&dir, "txt").is_empty(),
        "no published text is committed"
    );
}

/// The formats the scorer reads besides text: the same documents made into the files an
/// office holds (`scripts/mixed_corpus.py --every`), scored against the same expectations.
const FORMATS: &[&str] = &["txt", "md", "html", "docx", "xlsx", "pdf"];

#[test]
#[ignore = "needs DUTYMATRIX_REAL_DIR: published texts are kept outside the project"]
fn the_reader_on_real_documents() {
    let dir = std::env::var("DUTYMATRIX_REAL_DIR")
        .expect("DUTYMATRIX_REAL_DIR names the folder of the documents' texts");
    let names = names_in(&dir, "txt");
    let committed = names_in(&expectations(), "tsv")
        .iter()
        .all(|n| names.contains(n));
    let header = [
        "| document | tasks | expected triples | read triples | precision | recall | F1 | deadlines | invented units |".to_string(),
        "|---|---|---|---|---|---|---|---|---|".to_string(),
    ];
    let mut table = header.to_vec();
    let mut per_format = header.to_vec();
    let mut total = Score::default();
    for ext in FORMATS {
        let files = names_in(&dir, ext);
        if files.is_empty() {
            continue;
        }
        let mut format_total = Score::default();
        for name in &files {
            let bytes = std::fs::read(format!("{dir}/{name}.{ext}")).expect("document");
            let tsv = std::fs::read_to_string(format!("{dir}/{name}.tsv"))
                .or_else(|_| std::fs::read_to_string(format!("{}/{name}.tsv", expectations())))
                .unwrap_or_else(|_| panic!("{name}.{ext} has no {name}.tsv"));
            let want: Vec<String> = crate::common::expected_rows(&tsv)
                .into_iter()
                .map(str::to_string)
                .collect();
            let read = match extract::read_as(name, &bytes, None, Some(ext)) {
                Ok(x) => crate::forms::rows(&x.model),
                Err(e) => {
                    println!("{name}.{ext}: not read ({e:?}), scored as nothing read");
                    Vec::new()
                }
            };
            if std::env::var_os("DUTYMATRIX_REAL_ROWS").is_some() {
                println!("== {name}.{ext}\n{}", read.join("\n"));
            }
            let s = score(&parse(&want), &parse(&read));
            if *ext == "txt" {
                table.push(s.line(name));
                total.add(s);
            } else {
                format_total.add(s);
            }
        }
        if *ext != "txt" {
            per_format.push(format_total.line(&format!("**all, .{ext}** ({})", files.len())));
        }
    }
    assert!(!names.is_empty(), "no documents in {dir}");
    table.push(total.line("**all**"));
    println!("{}", table.join("\n"));
    if per_format.len() > header.len() {
        println!("\n{}", per_format.join("\n"));
    }
    if !committed {
        return;
    }
    assert!(
        total.precision() >= MIN_PRECISION
            && total.recall() >= MIN_RECALL
            && total.deadlines() >= MIN_DEADLINES
            // Not one unit named that the documents do not name: the figure reached.
            && total.invented == 0,
        "the reader reads the real corpus worse than before:\n{}",
        table.join("\n")
    );
}
