//! The meeting in the real binary, in a pseudo-terminal read through vt100: mark two units with
//! Space, open the meeting view, and read the task they share off the screen; and a meeting
//! opened ready with `--units`.

use crate::common;

use common::pty::Session;
use std::time::Duration;

#[test]
fn marking_two_units_shows_their_shared_task() {
    let mut s = Session::start_args(&[]);
    s.wait_for_row("搜索");
    s.keys(&["市卫生健康委".as_bytes()]);
    s.wait_for_row("1/43");
    // Tab leaves the search line for the unit list, Space marks, / and Ctrl-U start a new search.
    s.keys(&[b"\t", b" "]);
    s.wait_for_row("已标记1");
    s.keys(&[b"/", b"\x15", "市民政局".as_bytes()]);
    s.wait_for_row("> 市民政局");
    s.keys(&[b"\t", b" "]);
    s.wait_for_row("已标记2");
    s.wait_for_row(">*市民政局");
    s.keys(&[b"M"]);
    s.wait_for_row("共同任务 (3)");
    let shared = s.section("共同任务");
    assert_eq!(shared.len(), 3, "{shared:?}");
    assert!(
        shared[0].contains("加快发展健康养老服务业") && shared[0].contains("卫生健康委、民政局"),
        "{shared:?}"
    );
    assert!(s.rows()[0].contains("会议 · 2个单位 · 任务10 · 共同3 · 逾期0"));
}

#[test]
fn units_on_the_command_line_open_the_meeting_ready() {
    let mut s = Session::start_args(&["--units", "市卫健委,市民政局"]);
    s.wait_for_row("共同任务 (3)");
    assert!(s.section("共同任务")[1].contains("完善政策保障"));
    s.keys(&[b"t"]);
    s.wait_for_row("时间表");
    s.keys(&[b"q"]);
    let status = s.exited_within(Duration::from_secs(5)).expect("q quits");
    assert!(status.success(), "{status:?}");
}
