//! The 任务分工表 from the command line (CSV, JSON and a workbook): a row per task in document order, the document's own
//! numbering, lead, supporting and responsible units, and where it stands in the ledger.

use super::*;

fn export(d: &Path, ledger: &Path, args: &[&str]) -> Run {
    run(dm(d, ledger).arg("export").args(args))
}

#[test]
fn the_fengong_sheet_has_a_row_per_task_with_its_units_and_progress() {
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = in_ledger(
        d,
        &ledger,
        &[
            "set",
            "plan/1.2",
            "--unit",
            "市民政局",
            "--status",
            "doing",
            "--note",
            "平台招标完成",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = export(
        d,
        &ledger,
        &[
            "--units",
            "市民政局",
            "--layout",
            "fengong",
            "--format",
            "csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "文件,序号,重点任务,牵头单位,配合单位,责任单位,期限,期限原文,亮灯,状态,最新情况"
    );
    // 市民政局 has plan items 1 and 2, in document order; item 3 is another unit's.
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert!(
        lines[1].starts_with("某市养老服务提升工作方案,一、1.,推进医养结合发展"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(",,,市卫生健康委、市民政局,2026-12-31,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(
            ",一、2.,建设智慧养老服务平台，2027年6月底前完成,市民政局,市财政局,,2027-06-30,"
        ),
        "{}",
        lines[2]
    );
    assert!(lines[2].contains(",绿灯,推进中,"), "{}", lines[2]);
    assert!(lines[2].contains("平台招标完成"), "{}", lines[2]);
    // JSON carries the same rows.
    let r = export(
        d,
        &ledger,
        &[
            "--units",
            "市民政局",
            "--layout",
            "fengong",
            "--format",
            "json",
        ],
    );
    let v = json(&r);
    assert_eq!(v["layout"], "fengong");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["rows"][1]["leads"][0], "市民政局");
    // And as a workbook, read back: the same cells.
    let r = export(
        d,
        &ledger,
        &[
            "--units",
            "市民政局",
            "--layout",
            "fengong",
            "-o",
            "fg.xlsx",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(d.join("fg.xlsx")).unwrap();
    let names = wb.sheet_names();
    let range = wb.worksheet_range(&names[0]).unwrap();
    let cells: Vec<String> = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(
        cells
            .iter()
            .any(|l| l.contains("一、2.|建设智慧养老服务平台") && l.contains("|推进中|")),
        "{cells:?}"
    );
}
