//! The files the dashboard writes that are not a screen's sheet: the 情况通报 from the progress
//! view and the meeting's 任务分工表, each with the count its message gives.

use crate::export::Format;

/// The 情况通报 as the file `path` names (`.docx`, `.xlsx`, `.svg`, `.md`, `.csv`, `.json`), with
/// its unit count for the message.
pub fn report_file(
    sh: &super::shared::Shared,
    path: &std::path::Path,
) -> Result<(Vec<u8>, String), String> {
    use crate::export::report_file::{ReportFile, ReportSource, build, report_bytes};
    let kind = ReportFile::of_path(path)
        .filter(|k| *k != ReportFile::Table)
        .ok_or_else(|| sh.lang.ledger_ui().report_formats.to_string())?;
    let source = ReportSource {
        model: &sh.model,
        ledger: sh.ledger.ledger(),
        snapshot: &sh.ledger.snapshot,
        today: sh.today,
        warn_days: sh.ledger.warn_days,
        issuer: None,
    };
    let report = build(&source);
    report_bytes(kind, &report, &source, sh.lang).map(|b| (b, report.units.len().to_string()))
}

/// The meeting's 任务分工表 as the file `path` names, with its row count for the message.
pub fn fengong_file(
    sh: &super::shared::Shared,
    format: Format,
) -> Result<(Vec<u8>, String), String> {
    let m = sh.lang.meeting();
    let rows = crate::export::fengong::fengong_rows(
        &sh.model,
        &sh.marked,
        &sh.ledger.snapshot,
        sh.today,
        sh.ledger.warn_days,
    );
    let title = format!("{}：{}", m.fengong_title, sh.marked.join("、"));
    crate::export::fengong::render_fengong(&rows, &title, sh.today, format, sh.lang)
        .map(|b| (b, rows.len().to_string()))
}
