//! The command line as scripts see it: output, JSON, exit codes, and bad input.

use crate::common::{self, Cmd};
use serde_json::Value;
use std::path::PathBuf;

/// The binary on the day the built-in documents' figures were written for.
fn cmd() -> Cmd {
    let mut c = common::cmd();
    c.env("DUTYMATRIX_TODAY", "2022-06-30");
    c
}

fn json(args: &[&str]) -> Value {
    let out = cmd().args(args).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn stdout(args: &[&str]) -> String {
    let out = cmd().args(args).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// A scratch folder with one file in it.
fn file_with(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    (dir, path)
}

const SMALL_PLAN: &str = "某市2023年工作要点\n一、重点任务\n(一)做好甲事。2023年6月底前完成。(牵头单位:市民政局;配合单位:市财政局、市卫生健康委员会)\n(二)做好乙事。(责任单位:市民政局)\n";

#[test]
fn units_lists_every_unit_with_counts() {
    let out = stdout(&["units"]);
    assert!(out.lines().next().unwrap_or("").starts_with("单位"));
    let row = out
        .lines()
        .find(|l| l.starts_with("市卫生健康委"))
        .expect("row");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells, vec!["市卫生健康委", "市", "0", "0", "10", "10"]);
    assert!(out.trim_end().ends_with("43 个单位"));
}

#[test]
fn units_json() {
    let v = json(&["units", "--json"]);
    let units = v.as_array().expect("array");
    assert_eq!(units.len(), 43);
    let wjw = units
        .iter()
        .find(|u| u["id"] == "省卫生健康委")
        .expect("unit");
    assert_eq!(wjw["lead"], 24);
    assert_eq!(wjw["support"], 5);
    assert_eq!(wjw["level"], "province");
    assert_eq!(wjw["aliases"][0], "省衛生健康委");
}

#[test]
fn duties_finds_units_by_any_spelling() {
    for (query, best, other) in [
        ("卫健委", "省卫生健康委", Some("市卫生健康委")),
        ("市卫生健康委", "市卫生健康委", None),
        ("衛生健康委", "省卫生健康委", Some("市卫生健康委")),
        ("发改委", "省发展改革委", Some("市发展改革委")),
        ("工信", "省工业和信息化厅", Some("市工业和信息化局")),
        ("人社", "省人力资源社会保障厅", Some("市人力资源社会保障局")),
        ("wsjkw", "省卫生健康委", Some("市卫生健康委")),
    ] {
        let v = json(&["--home", "省", "duties", query, "--json"]);
        assert_eq!(v["unit"]["id"], best, "{query}");
        if let Some(o) = other {
            assert_eq!(v["other_matches"][0], o, "{query}");
        }
    }
}

#[test]
fn duties_json_has_tasks_partners_and_deadlines() {
    let v = json(&["duties", "市卫生健康委", "--json"]);
    let duties = v["duties"].as_array().expect("duties");
    assert_eq!(duties.len(), 10);
    assert!(duties.iter().all(|d| d["role"] == "responsible"));
    assert_eq!(duties[0]["title"], "全面提升医疗卫生服务水平");
    assert_eq!(duties[0]["deadline"]["date"], "2025-12-31");
    assert_eq!(duties[0]["deadline"]["text"], "到“十四五”末");
    assert_eq!(duties[0]["days_left"], 1280);
    assert_eq!(v["partners"][0]["unit"], "市发展改革委");
    assert_eq!(v["partners"][0]["shared_tasks"], 7);
}

#[test]
fn duties_text_groups_by_document() {
    let out = stdout(&["duties", "省民政厅"]);
    assert!(out.starts_with("省民政厅（省）  牵头 10 · 配合 1 · 责任 0"));
    let first = out.find("医养健康产业2022年行动计划").expect("first plan");
    let second = out.find("养老托育拓展2022年行动计划").expect("second plan");
    assert!(first < second);
    assert!(out.contains("深入推进医养结合"));
    assert!(out.contains("2022-12-31 剩184天（2022年年底，任务明确）"));
    assert!(out.contains("协同单位：省卫生健康委(8)"));
}

#[test]
fn no_match_exits_1_with_nothing_on_stdout() {
    let out = cmd().args(["duties", "海关总署"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有与查询匹配的单位"));
    let out = cmd().args(["tasks", "航天发射"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn tasks_by_keyword() {
    let out = stdout(&["tasks", "人才"]);
    assert!(out.contains("加强人才培养"));
    assert!(out.contains("加大人才培养力度"));
    assert!(out.trim_end().ends_with("项任务"));
    let v = json(&["tasks", "藥膳", "--json"]);
    let tasks = v.as_array().expect("array");
    assert_eq!(tasks[0]["title_simplified"], "擦亮“齐鲁药膳”品牌");
    assert_eq!(tasks[0]["assignments"][1]["unit"], "省市场监管局");
    assert_eq!(tasks[0]["assignments"][1]["role"], "support");
}

#[test]
fn export_is_the_versioned_model() {
    let v = json(&["export", "--format", "json"]);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["units"].as_array().map(Vec::len), Some(43));
    assert_eq!(v["tasks"].as_array().map(Vec::len), Some(45));
    let t = &v["tasks"][0];
    for key in [
        "id",
        "document",
        "section",
        "number",
        "kind",
        "title",
        "text",
        "assignments",
        "deadline",
        "lines",
    ] {
        assert!(t.get(key).is_some(), "task has {key}");
    }
}

#[test]
fn user_documents_join_or_replace_the_builtins() {
    let (_d, path) = file_with("plan.txt", SMALL_PLAN.as_bytes());
    let p = path.to_str().expect("utf-8 path");
    let both = json(&["--doc", p, "export"]);
    assert_eq!(both["documents"].as_array().map(Vec::len), Some(4));
    // Global options work after the subcommand too.
    let only = json(&["units", "--json", "--no-builtin", "--doc", p]);
    let names: Vec<&str> = only
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|u| u["id"].as_str())
        .collect();
    // 市卫生健康委员会 merges into the short form the seeds use, and says so in its aliases.
    assert_eq!(names, vec!["市民政局", "市卫生健康委", "市财政局"]);
    let wjw = only
        .as_array()
        .and_then(|a| a.iter().find(|u| u["id"] == "市卫生健康委"))
        .expect("unit");
    assert_eq!(wjw["aliases"][0], "市卫生健康委员会");
    let v = json(&["--no-builtin", "--doc", p, "duties", "民政", "--json"]);
    assert_eq!(v["duties"][0]["deadline"]["text"], "2023年6月底前");
    assert_eq!(v["duties"][0]["deadline"]["date"], "2023-06-30");
}

fn bad(args: &[&str], needle: &str) {
    let out = cmd().args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    assert!(err.contains(needle), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The same bad input, told in Chinese (the default) and in English (`--lang en`).
fn bad_in_both(args: &[&str], zh: &str, en: &str) {
    bad(args, zh);
    let english: Vec<&str> = ["--lang", "en"].iter().chain(args).copied().collect();
    bad(&english, en);
}

#[test]
fn bad_input_is_named_and_exits_2() {
    bad_in_both(
        &["--doc", "/no/such/file.txt", "units"],
        "无法读取 /no/such/file.txt: 文件不存在",
        "cannot read /no/such/file.txt: no such file",
    );
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path().to_str().expect("path");
    bad_in_both(
        &["--doc", d, "units"],
        "是文件夹，但其中没有文档",
        "is a folder with no documents",
    );
    let (_e, empty) = file_with("empty.txt", b"");
    bad_in_both(
        &["--doc", empty.to_str().expect("p"), "units"],
        "empty.txt: 文件是空的",
        "empty.txt: the file is empty",
    );
    let (_b, bin) = file_with(
        "x.bin",
        &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0xff, 0xfe],
    );
    bad_in_both(
        &["--doc", bin.to_str().expect("p"), "units"],
        "是二进制文件，不是文本文档",
        "binary file",
    );
    let (_n, plain) = file_with("notes.txt", "今天开会。\n讨论了工作。\n".as_bytes());
    bad_in_both(
        &["--doc", plain.to_str().expect("p"), "units"],
        "没有任何任务写明责任单位",
        "no task in it names a responsible unit",
    );
    bad_in_both(
        &["--no-builtin", "units"],
        "dutymatrix: 没有可读的文档：请至少用 --doc 指定一个文件或文件夹",
        "dutymatrix: no documents to read",
    );
    bad_in_both(
        &[
            "--doc",
            plain.to_str().expect("p"),
            "--encoding",
            "klingon",
            "units",
        ],
        "不认识的编码“klingon”",
        "unknown encoding",
    );
}

#[test]
fn gbk_documents_are_decoded() {
    let (bytes, _, _) = encoding_rs::GBK.encode(SMALL_PLAN);
    let (_g, path) = file_with("gbk.txt", &bytes);
    let p = path.to_str().expect("p");
    let v = json(&["--no-builtin", "--doc", p, "duties", "财政局", "--json"]);
    assert_eq!(v["unit"]["id"], "市财政局");
    assert_eq!(v["duties"][0]["role"], "support");
    // Forcing the wrong encoding is reported, not guessed around.
    bad(
        &["--no-builtin", "--doc", p, "--encoding", "utf-8", "units"],
        "内容不是有效的 UTF-8 文本",
    );
    let v = json(&[
        "--no-builtin",
        "--doc",
        p,
        "--encoding",
        "gbk",
        "units",
        "--json",
    ]);
    assert_eq!(v.as_array().map(Vec::len), Some(3));
}

#[test]
fn shell_completions() {
    let out = stdout(&["completions", "bash"]);
    assert!(out.contains("duties") && out.contains("--no-builtin"));
}

#[test]
fn help_speaks_to_officials() {
    let out = stdout(&["--help"]);
    assert!(out.contains("责任矩阵"));
    assert!(out.contains("dutymatrix duties 卫健委"));
    assert!(out.contains("退出码"));
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_is_clean_warns_or_refuses() {
    // Every task named a unit and every annotation was understood: exit 0.
    let out = cmd()
        .args(["check", &fixture("fuze_lists")])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("6 项任务, 6 项有单位 · 7 个单位 + 2 集体"),
        "{text}"
    );
    assert!(text.contains("牵头：商务部"));
    // A task without a unit is a warning, with its line: exit 1.
    let out = cmd()
        .args(["check", &fixture("mixed_district_plan")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("行   21  任务未标注单位：加强组织领导"),
        "{text}"
    );
    assert!(text.contains("区住房城乡建设局 ← 区住建局"), "{text}");
    // Unreadable input: exit 2, the file named on stderr, and (as for every failing command)
    // nothing on stdout that a script could take for a result.
    let out = cmd()
        .args(["check", "/no/such.txt", &fixture("fuze_lists")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such.txt"));
    let v: Value = serde_json::from_slice(
        &cmd()
            .args(["check", "--json", &fixture("labelled_lines")])
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("json");
    assert_eq!(v[0]["tasks"][1]["deadline"]["kind"], "ongoing");
    // The one notice names the person under 分管区领导: read as a person, not a warning.
    assert_eq!(v[0]["notices"].as_array().map(Vec::len), Some(1));
    assert_eq!(v[0]["notices"][0]["kind"], "person");
    assert_eq!(v[0]["notices"][0]["text"], "李某某");
    assert_eq!(v[0]["summary"]["warnings"], 0);
}

/// `check` says how well a document was read: numbered items with a unit, annotations only
/// partly read, and the names it could not place, under the document and in the summary.
#[test]
fn check_says_how_well_it_read() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("plan.txt");
    std::fs::write(
        &file,
        "某市工作方案\n一、任务\n（一）做好甲事。（责任单位：市民政局、龙头企业、广大群众）\n\
         （二）做好乙事。（责任单位：市财政局）\n（三）做好丙事。\n",
    )
    .expect("write");
    let path = file.to_string_lossy().to_string();
    let out = cmd().args(["check", &path]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "读得如何：3 项编号条目中 2 项有单位（66%），1 项标注只读出一部分；未能归属的名称 2 个：龙头企业、广大群众"
        ),
        "{text}"
    );
    assert!(
        text.contains("任务 3 · 有单位 2 · 部分读出 1 · 未归属名称 2 · 警告 3"),
        "{text}"
    );
    let out = cmd()
        .args(["--lang", "en", "check", &path])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 of 3 numbered items carry a unit (66%), 1 annotations only partly read; 2 names not placed: 龙头企业, 广大群众"),
        "{text}"
    );
    let v: Value = serde_json::from_slice(
        &cmd()
            .args(["check", "--json", &path])
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("json");
    assert_eq!(v[0]["summary"]["partly_read"], 1);
    assert_eq!(v[0]["summary"]["unplaced"][1], "广大群众");
}

#[test]
fn folders_and_a_shared_team_folder() {
    let dir = tempfile::tempdir().expect("dir");
    for name in ["fuze_lists", "prose_roles"] {
        std::fs::copy(fixture(name), dir.path().join(format!("{name}.txt"))).expect("copy");
    }
    std::fs::write(dir.path().join("broken.txt"), b"").expect("write");
    std::fs::write(dir.path().join("notes.md"), "不是 txt").expect("write");
    let d = dir.path().to_str().expect("path");
    let out = cmd()
        .args(["--no-builtin", "--doc", d, "export"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.txt: 文件是空的（已跳过）"));
    let out = cmd()
        .env("DUTYMATRIX_DOCS", d)
        .args(["units", "--json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|u| u["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"海关总署") && ids.contains(&"市卫生健康委"),
        "{ids:?}"
    );
    assert!(
        !ids.iter().any(|i| i.starts_with('各')),
        "collectives only with --all"
    );
    let all = json(&["--no-builtin", "--doc", d, "units", "--json", "--all"]);
    let last = all.as_array().and_then(|a| a.last()).expect("a unit");
    assert_eq!(last["collective"], true);
}

/// The names people paste from a document's header find the unit the documents call by its
/// short name, through the same normalisation the reader applies.
#[test]
fn full_official_names_find_their_unit() {
    for (query, unit) in [
        ("卫生健康委员会", "省卫生健康委"),
        ("市卫生健康委员会", "市卫生健康委"),
        ("发展和改革委员会", "省发展改革委"),
        ("市发展和改革委员会", "市发展改革委"),
        ("市场监督管理局", "省市场监管局"),
        ("市市场监督管理局", "市市场监管局"),
        ("医疗保障局", "市医保局"),
        ("人力资源和社会保障部", "省人力资源社会保障厅"),
        ("市人力资源和社会保障局", "市人力资源社会保障局"),
        ("住房和城乡建设厅", "省住房城乡建设厅"),
        ("卫健委", "省卫生健康委"),
        ("fgw", "省发展改革委"),
    ] {
        let v = json(&["--home", "省", "duties", query, "--json"]);
        assert_eq!(v["unit"]["name"], unit, "{query}");
    }
    // Levels come from the prefix: the 乡 of 城乡 does not make a township.
    let v = json(&["duties", "省住房城乡建设厅", "--json"]);
    assert_eq!(v["unit"]["level"], "province");
}

#[test]
fn an_empty_query_is_bad_input() {
    for q in ["", "  "] {
        let out = cmd().args(["duties", q]).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{q:?}");
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains("卫健委"));
    }
}

/// A shared folder may hold a file named by anyone: its name becomes a title and a path in
/// messages, and must reach no terminal with an escape sequence in it.
#[test]
fn escape_sequences_in_file_names_never_reach_the_output() {
    let dir = tempfile::tempdir().expect("dir");
    let evil = "\u{1b}]52;c;aGk=\u{7}\u{1b}[2J计划";
    std::fs::write(
        dir.path().join(format!("{evil}.txt")),
        "一、重点任务\n(一)做好甲事。2023年6月底前完成。(责任单位:市民政局)\n",
    )
    .expect("write");
    std::fs::write(dir.path().join(format!("{evil}坏.txt")), b"").expect("write");
    let d = dir.path().to_str().expect("path");
    let file = dir.path().join(format!("{evil}.txt"));
    let f = file.to_str().expect("path");
    for args in [
        vec!["--doc", d, "duties", "市民政局"],
        vec!["--doc", d, "tasks", "甲事"],
        vec!["--doc", d, "units"],
        vec!["--doc", d, "export"],
        vec!["check", f],
        vec!["--doc", f, "duties", "民政"],
        vec!["--doc", "/no/such/\u{1b}[31mdir", "units"],
    ] {
        let out = cmd().args(&args).output().expect("runs");
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !bytes.contains(&0x1b) && !bytes.contains(&0x07),
                "{what} of {args:?}: {}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    let text = stdout(&["--doc", d, "duties", "市民政局"]);
    assert!(text.contains("]52;c;aGk=[2J计划"), "{text}");
}

#[test]
fn home_ranks_its_level_first_and_a_bad_one_is_refused() {
    let config = tempfile::tempdir().expect("dir");
    let home = |args: &[&str]| {
        let out = cmd()
            .env("XDG_CONFIG_HOME", config.path())
            .args(args)
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            out.stderr,
        )
    };
    let (code, out, err) = home(&["duties", "卫健委", "--json"]);
    assert_eq!(
        code,
        Some(1),
        "a tie with no home is asked about, not guessed"
    );
    assert!(out.is_empty());
    let err = String::from_utf8_lossy(&err);
    assert!(err.contains("省卫生健康委、市卫生健康委"), "{err}");
    let (code, out, _) = home(&["--home", "省", "duties", "卫健委", "--json"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("\"name\": \"省卫生健康委\""), "{out}");
    let (_, out, _) = home(&["--home", "市卫生健康委员会", "duties", "卫健委", "--json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["unit"]["name"], "市卫生健康委");
    std::fs::create_dir_all(config.path().join("dutymatrix")).expect("dir");
    std::fs::write(config.path().join("dutymatrix/config"), "home = 市\n").expect("write");
    let (_, out, _) = home(&["duties", "fgw", "--json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["unit"]["name"], "市发展改革委");
    let (code, out, err) = home(&["--home", "随便", "units"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(String::from_utf8_lossy(&err).contains("随便"));
}
