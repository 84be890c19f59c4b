//! Counterparts on the seeds, and sheets: CSV read back with the `csv` crate and compared with
//! the model, the Markdown table's shape, JSON, and files never overwritten unasked nor left
//! half-written.

use crate::common::{self, Cmd};
use chrono::NaiveDate;
use dutymatrix::counterparts::{Counterparts, How};
use dutymatrix::export::{self, Format, WriteError, write_new};
use dutymatrix::load::{Options, load};
use dutymatrix::model::{Level, Model};
use dutymatrix::timeline::{Band, Scope, Timeline};
use dutymatrix::words::Lang;

fn model() -> Model {
    load(&Options::default()).expect("built-ins").model
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 6, 30).expect("date")
}

fn cmd() -> Cmd {
    let mut c = common::cmd();
    c.args(["--today", "2022-06-30"]);
    c
}

#[test]
fn every_province_unit_with_a_city_counterpart_in_the_seeds_is_paired() {
    let m = model();
    let cp = Counterparts::new(&m);
    let mut got: Vec<(String, String, String)> = cp
        .pairs
        .iter()
        .map(|p| {
            let how = match &p.how {
                How::SameName => "same".to_string(),
                How::Ending { lower, upper } => format!("{lower}/{upper}"),
                How::Variant => "variant".to_string(),
                How::Curated => "curated".to_string(),
            };
            (p.lower.clone(), p.upper.clone(), how)
        })
        .collect();
    got.sort();
    let want: Vec<(String, String, String)> = [
        ("市人力资源社会保障局", "省人力资源社会保障厅", "局/厅"),
        ("市住房城乡建设局", "省住房城乡建设厅", "局/厅"),
        ("市农业农村局", "省农业农村厅", "局/厅"),
        ("市卫生健康委", "省卫生健康委", "same"),
        ("市发展改革委", "省发展改革委", "same"),
        ("市工业和信息化局", "省工业和信息化厅", "局/厅"),
        ("市市场监管局", "省市场监管局", "same"),
        ("市教育局", "省教育厅", "局/厅"),
        ("市文化和旅游局", "省文化和旅游厅", "局/厅"),
        ("市民政局", "省民政厅", "局/厅"),
        ("市科技局", "省科技厅", "局/厅"),
        ("市自然资源和规划局", "省自然资源厅", "curated"),
        ("市财政局", "省财政厅", "局/厅"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect::<std::collections::BTreeSet<_>>()
    .into_iter()
    .collect();
    assert_eq!(got, want);
    // The one 省 unit left: no 市药监局 in the seeds (a city's drug supervision sits inside its
    // 市场监管局, which already pairs with 省市场监管局).
    let unpaired = cp.unpaired(&m, Level::Province, Level::City);
    assert_eq!(unpaired.len(), 1);
    assert_eq!(
        (unpaired[0].unit.as_str(), unpaired[0].stem.as_str()),
        ("省药监局", "药监")
    );
    let city: Vec<String> = cp
        .unpaired(&m, Level::City, Level::Province)
        .into_iter()
        .map(|u| u.unit)
        .collect();
    assert_eq!(city.len(), 16);
    for u in ["市医保局", "市体育局", "市商务局", "市委宣传部", "市科协"] {
        assert!(city.contains(&u.to_string()), "{u} unpaired");
    }
}

#[test]
fn counterparts_command_says_how_and_why() {
    let out = cmd().arg("counterparts").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.starts_with("对口单位（13）\n"), "{text}");
    assert!(text.contains("  市民政局 ↔ 省民政厅  名称仅局/厅不同\n"));
    assert!(text.contains("  市自然资源和规划局 ↔ 省自然资源厅  对照表\n"));
    assert!(text.contains("  省药监局  文件中没有市级的“药监”\n"));
    assert!(text.contains("未配对（17）"));
}

#[test]
fn duties_json_includes_counterparts() {
    let out = cmd()
        .args(["duties", "市民政局", "--json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    let cps = v["counterparts"].as_array().expect("counterparts");
    assert_eq!(cps.len(), 1);
    assert_eq!(cps[0]["unit"], "省民政厅");
    assert_eq!(cps[0]["direction"], "upper");
    assert_eq!(cps[0]["how"]["rule"], "ending");
    assert_eq!(cps[0]["tasks"], 11);
}

#[test]
fn matrix_csv_reads_back_as_the_model() {
    let m = model();
    let sheet = export::matrix_sheet(&m, Lang::Zh, today());
    let bytes = export::render(&sheet, Format::Csv, Lang::Zh).expect("render");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM for Excel");
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let head: Vec<String> = rdr
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        head,
        [
            "分组",
            "单位",
            "级别",
            "角色",
            "牵头单位",
            "任务编号",
            "任务",
            "文件",
            "期限",
            "剩余天数",
            "期限原文",
            "亮灯",
            "状态",
            "最新情况"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("record")).collect();
    let pairs: usize = m.tasks.iter().map(|t| t.assignments.len()).sum();
    assert_eq!(rows.len(), pairs);
    let s = Lang::Zh.strings();
    let mut k = 0;
    for t in &m.tasks {
        for a in &t.assignments {
            let r = &rows[k];
            k += 1;
            assert_eq!(&r[5], t.id);
            assert_eq!(&r[1], a.unit);
            assert_eq!(&r[3], s.role(a.role));
            assert_eq!(&r[6], t.title_simplified());
            let due = t.deadline.as_ref().and_then(|d| d.due(today()));
            let read = (!r[8].is_empty())
                .then(|| NaiveDate::parse_from_str(&r[8], "%Y-%m-%d").expect("YYYY-MM-DD"));
            assert_eq!(read, due, "{}", t.id);
        }
    }
}

/// The whole matrix as CSV on stdout, and a whole sheet as CSV to a file, are written as their
/// rows are made; each is byte for byte the other's, and a reader that stops early (`| head`)
/// is no error.
#[test]
fn matrix_csv_on_stdout_is_the_file_and_a_closed_pipe_is_no_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("matrix.csv");
    let printed = crate::common::cmd()
        .args(["--today", "2024-06-01", "export", "--format", "csv"])
        .assert()
        .success();
    crate::common::cmd()
        .args([
            "--today",
            "2024-06-01",
            "export",
            "--format",
            "csv",
            "--output",
        ])
        .arg(&file)
        .assert()
        .success();
    let written = std::fs::read(&file).expect("file");
    assert!(written.len() > 10_000, "{} bytes", written.len());
    assert_eq!(printed.get_output().stdout, written);
    // The timeline too, on stdout and to a file, each written row by row.
    let timeline = tmp.path().join("timeline.csv");
    let asked = [
        "--today",
        "2024-06-01",
        "export",
        "--timeline",
        "--format",
        "csv",
    ];
    let printed = crate::common::cmd().args(asked).assert().success();
    let told = crate::common::cmd()
        .args(asked)
        .arg("--output")
        .arg(&timeline)
        .assert()
        .success();
    let written = std::fs::read(&timeline).expect("file");
    assert_eq!(printed.get_output().stdout, written);
    let rows = csv::Reader::from_reader(&written[3..]).records().count();
    let said = String::from_utf8_lossy(&told.get_output().stderr).into_owned();
    assert!(
        said.contains(&format!("（{rows}行）")),
        "{rows} rows: {said}"
    );
    assert!(rows > 50, "{rows}");

    // Sixty documents: megabytes of rows, so the writer meets the closed pipe for certain.
    let docs = tmp.path().join("docs");
    gencorpus::write_corpus(&docs, 60, 4).expect("gencorpus writes");
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dutymatrix"));
    let mut child = crate::common::run::isolate(&mut c, tmp.path())
        .args(["--today", "2024-06-01", "--no-builtin", "--doc"])
        .arg(&docs)
        .args(["export", "--format", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 64];
    std::io::Read::read_exact(child.stdout.as_mut().expect("stdout"), &mut first).expect("read");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("ends");
    assert!(first.starts_with("\u{feff}分组".as_bytes()));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Markdown sheets of the whole corpus are streamed too: the head's row count is counted
/// before the rows are made, and must be the rows that follow, on stdout and in a file alike.
#[test]
fn markdown_sheets_stream_with_their_row_count_in_the_head() {
    let tmp = tempfile::tempdir().expect("tmp");
    for (name, extra) in [
        ("matrix", &[][..]),
        ("timeline", &["--timeline"][..]),
        (
            "scoped",
            &["--timeline", "--units", "市卫生健康委,市民政局"][..],
        ),
        ("one unit", &["--timeline", "--unit", "市卫生健康委"][..]),
    ] {
        let asked: Vec<&str> = ["--today", "2024-06-01", "export", "--format", "md"]
            .into_iter()
            .chain(extra.iter().copied())
            .collect();
        let printed = crate::common::cmd().args(&asked).assert().success();
        let file = tmp.path().join(format!("{name}.md"));
        let told = crate::common::cmd()
            .args(&asked)
            .arg("--output")
            .arg(&file)
            .assert()
            .success();
        let written = std::fs::read_to_string(&file).expect("file");
        assert_eq!(
            String::from_utf8_lossy(&printed.get_output().stdout),
            written,
            "{name}"
        );
        // The title, the date and count, the header and its rule, then one line per row.
        let rows = written.lines().filter(|l| l.starts_with("| ")).count() - 1;
        assert!(rows > 5, "{name}: {rows}");
        let head = written.lines().nth(2).expect("date line");
        assert!(head.ends_with(&format!("· {rows} 行")), "{name}: {head}");
        let said = String::from_utf8_lossy(&told.get_output().stderr).into_owned();
        assert!(said.contains(&format!("（{rows}行）")), "{name}: {said}");
    }
}

/// A sheet or a listing that cannot be written to stdout (a full disk) is an error, exit 2:
/// only a closed pipe is what the reader asked for.
#[test]
fn a_full_disk_on_stdout_is_exit_2() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        panic!("/dev/full is needed for this test");
    };
    for asked in [
        &["units"][..],
        &["export", "--format", "md"][..],
        &["export", "--timeline", "--format", "csv"][..],
    ] {
        let home = tempfile::tempdir().expect("home");
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dutymatrix"));
        let out = crate::common::run::isolate(&mut c, home.path())
            .args(asked)
            .stdout(full.try_clone().expect("dup"))
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("runs");
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{asked:?}: {said}");
        assert!(said.contains("No space left"), "{asked:?}: {said}");
    }
}

#[test]
fn unit_sheet_csv_has_own_then_counterpart_rows() {
    let out = cmd()
        .args(["export", "--unit", "市民政局", "--format", "csv"])
        .assert()
        .success();
    let bytes = out.get_output().stdout.clone();
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("record")).collect();
    assert_eq!(rows.len(), 3 + 11);
    assert!(
        rows[..3]
            .iter()
            .all(|r| &r[0] == "本单位" && &r[1] == "市民政局")
    );
    assert!(
        rows[3..]
            .iter()
            .all(|r| &r[0] == "上级对口任务 · 省民政厅（名称仅局/厅不同）" && &r[1] == "省民政厅")
    );
    assert_eq!(&rows[0][8], "2025-12-31");
    assert_eq!(&rows[0][9], "1280");
}

#[test]
fn meeting_markdown_is_a_well_formed_table() {
    let out = cmd()
        .args([
            "export",
            "--units",
            "市卫生健康委,市民政局",
            "--format",
            "md",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "# 会议：市卫生健康委、市民政局");
    assert_eq!(lines[2], "今天：2022-06-30 · 13 行");
    assert_eq!(
        lines[4],
        "| 分组 | 单位 | 角色 | 任务 | 文件 | 期限 | 剩余天数 | 亮灯 | 状态 | 最新情况 | 牵头单位 |"
    );
    assert_eq!(lines[5], "|---|---|---|---|---|---|---|---|---|---|---|");
    let table = &lines[6..];
    // 3 shared tasks × 2 units, then 7 tasks only 市卫生健康委 has.
    assert_eq!(table.len(), 13);
    for row in table {
        let cells = row.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 12, "{row}");
    }
    assert!(table[0].starts_with("| 共同任务 | 市卫生健康委 | 责任 | 加快发展健康养老服务业 |"));
    assert!(table[1].starts_with("| 共同任务 | 市民政局 | 责任 | 加快发展健康养老服务业 |"));
    assert!(table[12].starts_with("| 各自任务 | 市卫生健康委 |"));
}

#[test]
fn timeline_bands_count_every_task_once() {
    let m = model();
    let tl = Timeline::new(&m, &Scope::All, today());
    assert_eq!(tl.len(), m.tasks.len());
    assert_eq!(tl.count(Band::Later), m.tasks.len());
    // Seen from 2022-12-10 the provincial plans' 2022-12-31 falls within 30 days.
    let dec = NaiveDate::from_ymd_opt(2022, 12, 10).expect("date");
    let tl = Timeline::new(&m, &Scope::All, dec);
    let provincial = m
        .tasks
        .iter()
        .filter(|t| t.document.starts_with("shandong"))
        .count();
    assert_eq!(tl.count(Band::Within30Days), provincial);
    let later = Timeline::new(
        &m,
        &Scope::All,
        NaiveDate::from_ymd_opt(2023, 1, 2).expect("d"),
    );
    assert_eq!(later.count(Band::Overdue), provincial);
    let one = Timeline::new(&m, &Scope::Units(vec!["市民政局".into()]), today());
    assert_eq!(one.len(), 3);
}

#[test]
fn timeline_json_and_json_model_export_unchanged() {
    let out = cmd()
        .args([
            "export",
            "--timeline",
            "--unit",
            "市民政局",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(v["sheet"], "timeline");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["rows"][0]["section"], "以后");
    assert_eq!(v["rows"][0]["due"], "2025-12-31");
    let out = cmd()
        .args(["export", "--format", "json"])
        .assert()
        .success();
    let whole: Model = serde_json::from_slice(&out.get_output().stdout).expect("model");
    assert_eq!(whole, model());
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn export_refuses_to_overwrite_unless_forced_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("卫健委.csv");
    std::fs::write(&target, "mine").expect("write");
    let out = cmd()
        .args(["export", "--unit", "市卫生健康委", "--format", "csv", "-o"])
        .arg(&target)
        .assert()
        .code(2);
    assert!(out.get_output().stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "mine");
    assert_eq!(files_in(dir.path()), ["卫健委.csv"]);
    let out = cmd()
        .args([
            "export",
            "--unit",
            "市卫生健康委",
            "--format",
            "csv",
            "--force",
            "-o",
        ])
        .arg(&target)
        .assert()
        .success();
    assert!(out.get_output().stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("卫健委.csv"));
    let written = std::fs::read(&target).expect("read");
    assert!(written.starts_with("\u{feff}分组,".as_bytes()));
    assert_eq!(files_in(dir.path()), ["卫健委.csv"]);
}

#[test]
fn a_failed_write_leaves_no_temporary_file_and_the_target_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The target is a folder with something in it: the final rename must fail.
    let target = dir.path().join("sheet.csv");
    std::fs::create_dir(&target).expect("mkdir");
    std::fs::write(target.join("keep.txt"), "x").expect("write");
    let err = write_new(&target, b"data", true).expect_err("cannot replace a folder");
    assert!(matches!(err, WriteError::Io(_)), "{err:?}");
    assert_eq!(files_in(dir.path()), ["sheet.csv"]);
    assert_eq!(files_in(&target), ["keep.txt"]);
    // And without leave to replace, an existing file is refused before anything is written.
    let file = dir.path().join("a.md");
    std::fs::write(&file, "old").expect("write");
    assert!(matches!(
        write_new(&file, b"new", false),
        Err(WriteError::Exists)
    ));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "old");
    assert_eq!(files_in(dir.path()), ["a.md", "sheet.csv"]);
}

#[test]
fn unknown_units_are_no_match() {
    let out = cmd()
        .args(["export", "--units", "市民政局,zzzz", "--format", "csv"])
        .assert()
        .code(1);
    assert!(out.get_output().stdout.is_empty());
}

#[test]
fn units_naming_nothing_fail_before_the_dashboard_opens() {
    let out = cmd().args(["--units", "市民政局,zzzz"]).assert().code(1);
    assert!(out.get_output().stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("\"zzzz\""));
}

#[test]
fn timeline_of_one_document_by_part_of_its_title() {
    let m = model();
    let doc = m
        .documents
        .iter()
        .find(|d| d.title.contains("养老托育"))
        .expect("the second provincial plan");
    let tasks: Vec<_> = m.tasks.iter().filter(|t| t.document == doc.id).collect();
    let pairs: usize = tasks.iter().map(|t| t.assignments.len().max(1)).sum();
    let out = cmd()
        .args([
            "export",
            "--timeline",
            "--document",
            "养老托育",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(v["title"], format!("时间表：{}", doc.title));
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(pairs));
    assert!(
        v["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|r| r["document"] == doc.title.as_str())
    );
    cmd()
        .args([
            "export",
            "--timeline",
            "--document",
            "不存在的文件",
            "--format",
            "csv",
        ])
        .assert()
        .code(1)
        .stdout("");
}
