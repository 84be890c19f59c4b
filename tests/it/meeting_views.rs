//! The meeting features in the dashboard without a terminal: marking units, the meeting and
//! timeline views, counterparts in the duties pane, and the export prompt. Screens are compared
//! with tests/snapshots/ (UPDATE_SNAPSHOTS=1 rewrites them after a deliberate change).

use crate::common;

use common::screen::{app, assert_aligned, press, render, selected_name, snapshot, typed};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dutymatrix::tui::app::{App, Focus, Screen};
use dutymatrix::tui::handle;
use dutymatrix::words::Lang;

/// Search for `query`, leave the search line, and mark the first hit with Space.
fn mark(app: &mut App, query: &str) {
    press(app, KeyCode::Char('/'));
    press(app, KeyCode::Esc);
    typed(app, query);
    press(app, KeyCode::Tab);
    press(app, KeyCode::Char(' '));
}

#[test]
fn space_marks_and_the_mark_survives_scrolling_searching_and_views() {
    let mut a = app(Lang::Zh);
    mark(&mut a, "市民政局");
    assert_eq!(a.marked(), ["市民政局"]);
    assert_eq!(a.message(), Some("已标记1"));
    // Another search, scrolling, the matrix and back: still marked, and drawn with `*`.
    press(&mut a, KeyCode::Char('/'));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('G'));
    press(&mut a, KeyCode::Char('m'));
    press(&mut a, KeyCode::Char('m'));
    assert_eq!(a.screen(), Screen::Main);
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "民政");
    let screen = render(&mut a, 80, 24).join("\n");
    assert!(screen.contains(" *市民政局"), "{screen}");
    assert!(screen.contains("单位 · 已标记1"), "{screen}");
    // Space again unmarks.
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(selected_name(&a), "市民政局");
    press(&mut a, KeyCode::Char(' '));
    assert!(a.marked().is_empty());
}

#[test]
fn meeting_view_80x24_and_60x20() {
    let mut a = app(Lang::Zh);
    mark(&mut a, "市卫生健康委");
    mark(&mut a, "市民政局");
    press(&mut a, KeyCode::Char('M'));
    assert_eq!(a.screen(), Screen::Meeting);
    let lines = render(&mut a, 80, 24);
    assert_aligned(&lines, 80);
    assert!(lines[0].contains("会议 · 2个单位 · 任务10 · 共同3 · 逾期0"));
    snapshot("meeting_80x24", &lines);
    let small = render(&mut a, 60, 20);
    assert_aligned(&small, 60);
    snapshot("meeting_60x20", &small);
    // Enter opens the task under the cursor; Back returns to the meeting.
    for _ in 0..3 {
        press(&mut a, KeyCode::Char('j'));
    }
    press(&mut a, KeyCode::Enter);
    let Screen::Task { task, .. } = a.screen() else {
        panic!("task view expected, got {:?}", a.screen());
    };
    assert_eq!(
        a.model().tasks[task].title_simplified(),
        "加快发展健康养老服务业"
    );
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Meeting);
    // Left by another way, the meeting is not where a later task returns to.
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('/'));
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Enter);
    assert!(
        matches!(a.screen(), Screen::Task { .. }),
        "{:?}",
        a.screen()
    );
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Main);
}

#[test]
fn meeting_opened_ready_from_units_and_empty_without() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('M'));
    let lines = render(&mut a, 60, 20);
    assert!(lines[1].contains("No units marked"), "{lines:?}");
    let mut b = app(Lang::Zh);
    let units = dutymatrix::cli::UnitNames::with(b.model(), Lang::Zh, None, None)
        .list("市卫健委，市民政局")
        .expect("resolve");
    assert_eq!(units, ["市卫生健康委", "市民政局"]);
    b.open_meeting(units);
    assert_eq!(b.screen(), Screen::Meeting);
    assert!(render(&mut b, 80, 24)[0].contains("共同3"));
}

#[test]
fn timeline_view_80x24_and_60x20_and_its_filters() {
    let mut a = app(Lang::Zh);
    mark(&mut a, "市卫生健康委");
    mark(&mut a, "市民政局");
    press(&mut a, KeyCode::Char('t'));
    assert_eq!(a.screen(), Screen::Timeline);
    let lines = render(&mut a, 80, 24);
    assert_aligned(&lines, 80);
    assert!(lines[1].contains("逾期0 · 30天内0 · 本季度0 · 以后45 · 长期0 · 每年0"));
    snapshot("timeline_80x24", &lines);
    // f: the selected unit, the marked set, each document, then all again.
    press(&mut a, KeyCode::Char('f'));
    assert!(render(&mut a, 80, 24)[1].contains("以后3 "));
    press(&mut a, KeyCode::Char('f'));
    let marked = render(&mut a, 80, 24);
    assert!(marked[0].contains("已标记单位(2)"), "{}", marked[0]);
    assert!(marked[1].contains("以后10 "));
    let small = render(&mut a, 60, 20);
    assert_aligned(&small, 60);
    snapshot("timeline_60x20", &small);
    press(&mut a, KeyCode::Char('f'));
    assert!(render(&mut a, 80, 24)[0].contains("泰安市康养福地建设实施意见"));
    for _ in 0..3 {
        press(&mut a, KeyCode::Char('f'));
    }
    assert!(render(&mut a, 80, 24)[0].contains("时间表 ・ 全部"));
}

#[test]
fn duties_pane_shows_counterparts_and_c_jumps_between_them() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "市民政局");
    press(&mut a, KeyCode::Tab);
    let lines = render(&mut a, 80, 24);
    assert_aligned(&lines, 80);
    snapshot("duties_counterparts_80x24", &lines);
    let small = render(&mut a, 60, 20);
    assert_aligned(&small, 60);
    snapshot("duties_counterparts_60x20", &small);
    press(&mut a, KeyCode::Char('c'));
    assert_eq!(selected_name(&a), "省民政厅");
    assert_eq!(a.message(), Some("→ 省民政厅（名称仅局/厅不同）"));
    // The counterparts' tasks follow the duties and partners: the last row is one of them.
    if a.focus() != dutymatrix::tui::app::Focus::Duties {
        press(&mut a, KeyCode::Tab);
    }
    press(&mut a, KeyCode::End);
    let screen = render(&mut a, 80, 24);
    let heading = screen
        .iter()
        .position(|l| l.contains("下级对口任务 ・ 市民政局"))
        .expect("the counterpart's heading");
    // Its tasks carry their light too (due 2025, no ledger: green).
    assert!(
        screen[heading + 1..].iter().any(|l| l.contains("绿 责任")),
        "{}",
        screen.join("\n")
    );
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('c'));
    assert_eq!(selected_name(&a), "市民政局");
    // The counterpart's tasks are rows of the pane: Enter on one opens it.
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.focus(), Focus::Duties);
    // Rows: its own duties, its partners, then the counterparts' tasks.
    for _ in 0..a.duties().len() + a.partners().len() {
        press(&mut a, KeyCode::Char('j'));
    }
    press(&mut a, KeyCode::Enter);
    let Screen::Task { task, .. } = a.screen() else {
        panic!("task view expected");
    };
    assert_eq!(a.model().tasks[task].title_simplified(), "深入推进医养结合");
    // A unit with no counterpart says so.
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('/'));
    press(&mut a, KeyCode::Char('u'));
    handle(
        &mut a,
        Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut a, "市体育局");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('c'));
    assert_eq!(a.message(), Some("没有上下级对口单位"));
}

#[test]
fn the_written_message_names_the_folder_without_what_a_terminal_obeys() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A working folder whose name reverses the text after it and carries an escape.
    let work = dir.path().join("会议\u{202e}纪要\u{1b}[2J");
    std::fs::create_dir(&work).expect("mkdir");
    let mut a = app(Lang::Zh);
    a.set_work_dir(work.clone());
    mark(&mut a, "市卫生健康委");
    mark(&mut a, "市民政局");
    press(&mut a, KeyCode::Char('M'));
    press(&mut a, KeyCode::Char('e'));
    press(&mut a, KeyCode::Enter);
    assert!(a.export_prompt().is_none());
    let msg = a.message().map(String::from).expect("status");
    assert!(
        msg.starts_with("已写入 ") && msg.contains("会议纪要[2J/"),
        "{msg:?}"
    );
    assert!(!msg.contains(['\u{202e}', '\u{1b}']), "{msg:?}");
}

#[test]
fn export_prompt_writes_atomically_and_asks_before_replacing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(Lang::Zh);
    a.set_work_dir(dir.path().to_path_buf());
    mark(&mut a, "市卫生健康委");
    mark(&mut a, "市民政局");
    press(&mut a, KeyCode::Char('M'));
    press(&mut a, KeyCode::Char('e'));
    // The 任务分工表 is what a meeting is used to, so it is the name offered.
    let default = "任务分工表-市卫生健康委-2个单位-2022-06-30.csv";
    assert_eq!(a.export_prompt(), Some(default));
    let status = render(&mut a, 80, 24)[23].clone();
    assert!(
        status.starts_with(&format!("导出（可用 .xlsx）到：{default}")),
        "{status}"
    );
    // Letters are typed into the name, not taken as commands.
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    typed(&mut a, "md");
    press(&mut a, KeyCode::Enter);
    let file = dir
        .path()
        .join("任务分工表-市卫生健康委-2个单位-2022-06-30.md");
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(
        text.starts_with("# 任务分工表：市卫生健康委、市民政局\n"),
        "{text}"
    );
    assert!(
        text.contains("| 序号 | 重点任务 | 牵头单位 | 配合单位 | 责任单位 |"),
        "{text}"
    );
    assert!(a.export_prompt().is_none());
    let msg = a.message().map(String::from).expect("status");
    assert!(
        msg.starts_with("已写入 ")
            && msg.ends_with("任务分工表-市卫生健康委-2个单位-2022-06-30.md（10行）"),
        "{msg}"
    );
    // The same name again: asked first; `n` goes back to the name, `y` replaces.
    std::fs::write(&file, "minutes so far").expect("write");
    press(&mut a, KeyCode::Char('e'));
    handle(
        &mut a,
        Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut a, "任务分工表-市卫生健康委-2个单位-2022-06-30.md");
    press(&mut a, KeyCode::Enter);
    assert!(a.asks_to_overwrite());
    assert!(render(&mut a, 80, 24)[23].contains("已存在，覆盖吗？"));
    press(&mut a, KeyCode::Char('n'));
    assert!(a.export_prompt().is_some() && !a.asks_to_overwrite());
    assert_eq!(
        std::fs::read_to_string(&file).expect("kept"),
        "minutes so far"
    );
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('y'));
    assert!(a.export_prompt().is_none());
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .starts_with("# 任务分工表")
    );
    // Esc cancels; an unknown extension is refused and the prompt stays.
    press(&mut a, KeyCode::Char('e'));
    press(&mut a, KeyCode::Esc);
    assert_eq!(
        (a.export_prompt().is_none(), a.message()),
        (true, Some("已取消导出"))
    );
    press(&mut a, KeyCode::Char('e'));
    typed(&mut a, ".txt");
    press(&mut a, KeyCode::Enter);
    assert!(a.export_prompt().is_some());
    assert_eq!(
        a.message(),
        Some("文件名须以 .csv、.md、.json 或 .xlsx 结尾")
    );
    // A name that does not start with 任务分工表 gets the meeting's rows per task and unit.
    handle(
        &mut a,
        Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut a, "会议.md");
    press(&mut a, KeyCode::Enter);
    let rows = std::fs::read_to_string(dir.path().join("会议.md")).expect("written");
    assert!(
        rows.starts_with("# 会议：市卫生健康委、市民政局\n"),
        "{rows}"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["任务分工表-市卫生健康委-2个单位-2022-06-30.md", "会议.md"]
    );
}

#[test]
fn y_on_the_meeting_copies_the_sheet_rows() {
    let mut a = app(Lang::Zh);
    mark(&mut a, "市卫生健康委");
    mark(&mut a, "市民政局");
    press(&mut a, KeyCode::Char('M'));
    press(&mut a, KeyCode::Char('y'));
    let copied = a.clipboard().map(String::from).expect("copied");
    let rows: Vec<&str> = copied.lines().collect();
    assert_eq!(rows.len(), 14);
    assert!(rows[1].starts_with("共同任务\t市卫生健康委\t市\t责任\t"));
}

#[test]
fn new_views_align_in_english_and_draw_at_any_size() {
    for lang in [Lang::En, Lang::Zh] {
        let mut a = app(lang);
        mark(&mut a, "市卫生健康委");
        mark(&mut a, "省民政厅");
        for (key, screen) in [('M', Screen::Meeting), ('t', Screen::Timeline)] {
            press(&mut a, KeyCode::Char(key));
            assert_eq!(a.screen(), screen);
            for (w, h) in [(80, 24), (60, 20), (40, 10), (120, 40), (56, 12)] {
                let lines = render(&mut a, w, h);
                assert_aligned(&lines, usize::from(w));
            }
            for (w, h) in [(1, 1), (39, 9), (10, 30), (200, 3)] {
                let _ = render(&mut a, w, h);
            }
        }
        press(&mut a, KeyCode::Char('e'));
        let lines = render(&mut a, 60, 20);
        assert_aligned(&lines, 60);
        press(&mut a, KeyCode::Esc);
    }
    let mut a = app(Lang::En);
    mark(&mut a, "市民政局");
    press(&mut a, KeyCode::Char('M'));
    let lines = render(&mut a, 80, 24);
    assert!(
        lines[0].contains("Meeting · 1 units · 3 tasks · 0 shared · 0 overdue"),
        "{}",
        lines[0]
    );
    press(&mut a, KeyCode::Char('t'));
    let lines = render(&mut a, 80, 24);
    assert!(
        lines[1].starts_with("│Overdue 0 · Within 30 days 0"),
        "{}",
        lines[1]
    );
}
