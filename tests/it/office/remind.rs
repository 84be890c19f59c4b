//! `ledger remind`: per unit, what falls due within the window or is overdue and open, with the
//! latest note and who recorded it; one file per unit with --to-dir, never over a file unasked.

use super::report::{dm, plan_with_ledger};
use crate::common::ledger::day;
use serde_json::Value;

fn run(c: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = c.output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn reminders_list_what_falls_due_or_is_overdue_and_open() {
    // On 2026-12-20: plan/1.1 (due 12-31) is 11 days away, closed by 市卫生健康委 and open
    // for 市民政局; plan/1.3 (2025) is overdue; plan/1.2 (2027-06) is far.
    let (dir, ledger, _) = plan_with_ledger();
    let today = day("2026-12-20");
    let (code, out, _) = run(dm(dir.path(), &ledger, today).args(["ledger", "remind"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("市人力资源社会保障局：7天内到期及已超期未办结事项（1）"),
        "{out}"
    );
    assert!(
        out.contains("plan/1.3") && out.contains("已超期354天"),
        "{out}"
    );
    assert!(
        !out.contains("plan/1.1"),
        "11 days away is outside 7: {out}"
    );

    let (code, out, _) = run(dm(dir.path(), &ledger, today)
        .args(["ledger", "remind", "--within", "14", "--format", "json"]));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json");
    let units: Vec<&str> = v["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["unit"].as_str().expect("unit"))
        .collect();
    assert_eq!(
        units,
        ["市人力资源社会保障局", "市民政局"],
        "closed 市卫生健康委 not reminded"
    );
    let item = &v["units"][1]["items"][0];
    assert_eq!(item["task"], "plan/1.1");
    assert_eq!(item["days_left"], 11);
    assert_eq!(item["status"], "todo");
    assert_eq!(v["within"], 14);

    let (code, out, _) = run(dm(dir.path(), &ledger, today).args([
        "--lang",
        "en",
        "ledger",
        "remind",
        "--within",
        "200",
        "--unit",
        "民政局",
        "--format",
        "md",
    ]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("## 市民政局: due within 200 days or overdue and open (2)"),
        "{out}"
    );
    assert!(out.contains("| plan/1.2 |"), "{out}");
    let who = dutymatrix::ledger::identity::current().login;
    assert!(
        out.contains(&format!("签订协议3份（recorded by {who}）")),
        "{out}"
    );

    // Nothing due: exit 1, so cron sends nothing; an unknown unit: exit 1 too.
    let (code, out, err) = run(dm(dir.path(), &ledger, day("2025-06-01")).args([
        "ledger",
        "remind",
        "--unit",
        "市财政局",
    ]));
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("无到期或超期事项"), "{err}");
    let (code, _, _) =
        run(dm(dir.path(), &ledger, today).args(["ledger", "remind", "--unit", "没有这个单位qq"]));
    assert_eq!(code, 1);
    let (code, _, err) =
        run(dm(dir.path(), &ledger, today).args(["ledger", "remind", "--within", "-3"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn to_dir_writes_one_file_per_unit_and_never_over_one() {
    let (dir, ledger, _) = plan_with_ledger();
    let today = day("2026-12-20");
    let args = ["ledger", "remind", "--within", "14", "--to-dir", "提醒"];
    let (code, out, err) = run(dm(dir.path(), &ledger, today).args(args));
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("已写入2个文件到 提醒"), "{err}");
    let folder = dir.path().join("提醒");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "市人力资源社会保障局-2026-12-20.txt",
            "市民政局-2026-12-20.txt"
        ]
    );
    let mz = std::fs::read_to_string(folder.join("市民政局-2026-12-20.txt")).expect("read");
    assert!(
        mz.starts_with("市民政局：14天内到期及已超期未办结事项（1）"),
        "{mz}"
    );
    assert!(mz.contains("plan/1.1") && !mz.contains("plan/1.3"), "{mz}");
    assert!(mz.contains("剩余11天"), "{mz}");

    // Again: refused before anything is written; --force replaces.
    std::fs::write(folder.join("市民政局-2026-12-20.txt"), "sent").expect("write");
    let (code, _, err) = run(dm(dir.path(), &ledger, today).args(args));
    assert_eq!(code, 2);
    assert!(err.contains("文件已存在"), "{err}");
    assert_eq!(
        std::fs::read_to_string(folder.join("市民政局-2026-12-20.txt")).expect("kept"),
        "sent"
    );
    let (code, _, _) = run(dm(dir.path(), &ledger, today).args(args).arg("--force"));
    assert_eq!(code, 0);
    assert_ne!(
        std::fs::read_to_string(folder.join("市民政局-2026-12-20.txt")).expect("replaced"),
        "sent"
    );
}
