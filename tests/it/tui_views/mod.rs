//! Dashboard state and views without a terminal: keys → actions → state, and the screens drawn
//! into ratatui's TestBackend, compared with the snapshots in tests/snapshots/ (set
//! UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change, then read the diff).

use crate::common;

use chrono::NaiveDate;
use common::screen::{
    app, assert_aligned, ctrl, cursor, main, press, render, selected_name, snapshot, typed,
};
use crossterm::event::{Event, KeyCode};
use dutymatrix::tui::app::{App, Focus, Screen};
use dutymatrix::tui::handle;
use dutymatrix::tui::view::{Theme, draw};
use dutymatrix::words::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod moving_around;

#[test]
fn typing_filters_at_once_and_esc_clears_then_leaves() {
    let mut a = app(Lang::Zh);
    assert_eq!(a.focus(), Focus::Search);
    assert_eq!(main(&a).hits().len(), 43);
    typed(&mut a, "卫健委");
    assert_eq!(main(&a).hits().len(), 2);
    assert_eq!(selected_name(&a), "省卫生健康委");
    press(&mut a, KeyCode::Down);
    assert_eq!(selected_name(&a), "市卫生健康委");
    ctrl(&mut a, 'p');
    assert_eq!(selected_name(&a), "省卫生健康委");
    press(&mut a, KeyCode::Esc);
    assert_eq!(
        (a.query(), main(&a).hits().len(), a.focus()),
        ("", 43, Focus::Search)
    );
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.focus(), Focus::Units);
    // Out of the search line, letters are commands again.
    press(&mut a, KeyCode::Char('/'));
    assert_eq!(a.focus(), Focus::Search);
    typed(&mut a, "q");
    assert!(!a.quitting(), "q typed into the search line must not quit");
    assert_eq!(a.query(), "q");
}

#[test]
fn y_copies_what_is_on_screen_as_tab_separated_rows() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "市民政局");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('y'));
    let copied = a.clipboard().map(String::from).expect("something to copy");
    let rows: Vec<&str> = copied.lines().collect();
    // The columns every sheet has, in every view: the date in a column of its own as
    // YYYY-MM-DD and days left as a number (a spreadsheet reads both as what they are), then
    // where it stands.
    assert_eq!(
        rows[0],
        "分组\t单位\t级别\t角色\t牵头单位\t任务编号\t任务\t文件\t期限\t剩余天数\t期限原文\t亮灯\t状态\t最新情况"
    );
    // The unit's own three duties, then its counterparts' tasks, as the pane shows them.
    assert_eq!(rows.len(), 15);
    assert_eq!(
        rows[1],
        "本单位\t市民政局\t市\t责任\t\ttaian-2021-kangyang-fudi-shishi-yijian/3.3\t加快发展健康养老服务业\t泰安市康养福地建设实施意见\t2025-12-31\t1280\t到“十四五”末\t绿灯\t\t"
    );
    // Where the text went is only known once the event loop has sent it.
    assert_eq!(a.message(), Some("正在复制14行"));
    a.copied(dutymatrix::tui::clipboard::Destination::Tmux);
    assert_eq!(
        a.message(),
        Some("已复制14行到 tmux 缓冲区（前缀键+] 粘贴）")
    );
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.message(), None, "the message goes with the next key");
    press(&mut a, KeyCode::Char('m'));
    press(&mut a, KeyCode::Char('y'));
    let matrix = a.clipboard().map(String::from).expect("matrix copied");
    let first: Vec<&str> = matrix.lines().nth(1).expect("a row").split('\t').collect();
    assert_eq!(first[0], "省卫生健康委");
    assert_eq!(first.len(), 45);
}

#[test]
fn enter_opens_duties_then_the_task_and_back() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "市民政局");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.focus(), Focus::Duties);
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Enter);
    let Screen::Task { task, .. } = a.screen() else {
        panic!("task view expected")
    };
    assert_eq!(a.model().tasks[task].title, "完善政策保障");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Main);
    ctrl(&mut a, 'c');
    assert!(a.quitting());
}

#[test]
fn ime_punctuation_and_help() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('？'));
    assert!(a.help_open());
    press(&mut a, KeyCode::Esc);
    assert!(!a.help_open());
    press(&mut a, KeyCode::Char('、'));
    assert_eq!(a.focus(), Focus::Search);
    press(&mut a, KeyCode::F(1));
    assert!(a.help_open());
}

#[test]
fn matrix_moves_sorts_filters_and_opens() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('m'));
    assert_eq!(a.screen(), Screen::Matrix);
    assert_eq!(a.matrix_tasks().len(), 44);
    assert_eq!(a.matrix_units().len(), 43);
    assert_eq!(a.model().units[a.matrix_units()[0]].name, "省卫生健康委");
    press(&mut a, KeyCode::Char('s'));
    // By name means pinyin order: 省 (sheng) before 市 (shi), then 财政 (cai) first.
    assert_eq!(a.model().units[a.matrix_units()[0]].name, "省财政厅");
    press(&mut a, KeyCode::Char('d'));
    assert_eq!(a.matrix_tasks().len(), 12);
    assert_eq!(a.matrix_units().len(), 29);
    press(&mut a, KeyCode::Char('G'));
    press(&mut a, KeyCode::Char('l'));
    press(&mut a, KeyCode::Right);
    press(&mut a, KeyCode::Enter);
    let Screen::Task { task, from_matrix } = a.screen() else {
        panic!("task view expected")
    };
    assert!(from_matrix);
    assert_eq!(a.model().tasks[task].title, "加快发展健康养老服务业");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Matrix);
}

/// Esc goes back one screen at a time, through every screen opened; the matrix, meeting,
/// timeline and progress keys close their screen when it is on top, and bring it back as it
/// was left.
#[test]
fn back_steps_through_the_screens_and_toggled_screens_come_back_as_left() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('m'));
    press(&mut a, KeyCode::Char('s'));
    press(&mut a, KeyCode::Enter);
    assert!(matches!(
        a.screen(),
        Screen::Task {
            from_matrix: true,
            ..
        }
    ));
    press(&mut a, KeyCode::Char('p'));
    assert_eq!(a.screen(), Screen::Progress);
    press(&mut a, KeyCode::Char('p'));
    assert!(
        matches!(a.screen(), Screen::Task { .. }),
        "p again closes what it opened"
    );
    press(&mut a, KeyCode::Char('t'));
    assert_eq!(a.screen(), Screen::Timeline);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen(), Screen::Task { .. }));
    for back_to in [Screen::Matrix, Screen::Main, Screen::Main] {
        press(&mut a, KeyCode::Backspace);
        assert_eq!(a.screen(), back_to);
    }
    // The matrix left sorted by name comes back sorted by name.
    press(&mut a, KeyCode::Char('m'));
    assert_eq!(a.model().units[a.matrix_units()[0]].name, "省财政厅");
    // A key whose screen is lower on the stack goes back to it.
    press(&mut a, KeyCode::Char('t'));
    press(&mut a, KeyCode::Char('m'));
    assert_eq!(a.screen(), Screen::Matrix);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Main);
}

#[test]
fn pasted_text_is_a_query_without_control_characters() {
    let mut a = app(Lang::Zh);
    handle(&mut a, Event::Paste("民政\x1b[31m\n".into()));
    assert_eq!(a.query(), "民政[31m");
    handle(&mut a, Event::Paste(String::new()));
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.query(), "民政[31");
}

#[test]
fn main_view_80x24() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "卫健委");
    press(&mut a, KeyCode::Down);
    let lines = render(&mut a, 80, 24);
    assert_aligned(&lines, 80);
    assert!(
        lines[6].contains("> 市卫生健康委        0  0 10"),
        "{}",
        lines[6]
    );
    assert!(lines[4].contains("泰安市康养福地建设实施意见"));
    assert!(lines[5].contains("责任 全面提升医疗卫生服务水平"));
    assert!(lines[5].contains("剩1280天"));
    snapshot("main_80x24", &lines);
}

#[test]
fn cursor_sits_at_the_query_end_in_display_cells() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "卫健委");
    // Border, "> ", then three characters of two cells each.
    assert_eq!(cursor(&mut a, 80, 24), (1 + 2 + 6, 1));
    typed(&mut a, "a");
    assert_eq!(cursor(&mut a, 80, 24), (1 + 2 + 7, 1));
}

#[test]
fn colours_are_the_sixteen_named_ones_and_none_under_no_color() {
    use ratatui::style::Color;
    let mut a = app(Lang::Zh);
    typed(&mut a, "卫健委");
    for color in [true, false] {
        let mut term = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        term.draw(|f| draw(f, &mut a, Theme { color }))
            .expect("draw");
        for cell in term.backend().buffer().content() {
            for c in [cell.fg, cell.bg] {
                assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(..)), "{c:?}");
                if !color {
                    assert_eq!(c, Color::Reset, "NO_COLOR draws no colour");
                }
            }
        }
    }
}

#[test]
fn main_view_60x20_and_english() {
    let mut a = app(Lang::En);
    typed(&mut a, "wsjkw");
    let lines = render(&mut a, 60, 20);
    assert_aligned(&lines, 60);
    assert!(lines[5].contains("> 省卫生健康委"));
    snapshot("main_60x20_en", &lines);
}

#[test]
fn task_view_wraps_chinese_by_display_width() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "省民政厅");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Enter);
    let lines = render(&mut a, 80, 24);
    assert_aligned(&lines, 80);
    assert!(lines[0].contains("深入推进医养结合"));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("期限：2022-12-31 剩184天（2022年年底，任务明确）"))
    );
    // The first unit is selected: Enter opens its duties, Tab selects the next.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("牵头：>省民政厅、省卫生健康委"))
    );
    snapshot("task_80x24", &lines);
    let small = render(&mut a, 60, 20);
    assert_aligned(&small, 60);
    snapshot("task_60x20", &small);
}

#[test]
fn matrix_view_keeps_columns_aligned() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('m'));
    for _ in 0..30 {
        press(&mut a, KeyCode::Right);
    }
    let lines = render(&mut a, 80, 24);
    assert_aligned(&lines, 80);
    assert!(
        lines[1].contains(" 31 "),
        "the header scrolled with the cursor: {}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("│省卫生健康委"),
        "the unit column stays: {}",
        lines[2]
    );
    snapshot("matrix_80x24", &lines);
    let small = render(&mut a, 60, 20);
    assert_aligned(&small, 60);
}

#[test]
fn help_overlay_is_generated_from_the_key_map() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::F(1));
    // More bindings than one screen holds: the help scrolls, and every page is read.
    let mut text = String::new();
    for _ in 0..10 {
        let lines = render(&mut a, 80, 24);
        assert_aligned(&lines, 80);
        text.push_str(&lines.join("\n"));
        press(&mut a, KeyCode::PageDown);
    }
    for b in dutymatrix::tui::keys::BINDINGS {
        let desc = Lang::Zh.key_help(b.desc);
        assert!(text.contains(desc), "help lists {desc}");
    }
}

#[test]
fn any_size_draws_without_panic_and_tiny_ones_say_so() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "发改委");
    for w in 1..=90u16 {
        for h in 1..=30u16 {
            let _ = render(&mut a, w, h);
        }
    }
    let tiny = render(&mut a, 20, 6);
    assert!(tiny[0].starts_with("终端太小 20×6"), "{}", tiny[0]);
    assert!(
        tiny[1].starts_with("< 40×10"),
        "the size needed: {}",
        tiny[1]
    );
    assert!(tiny[2].starts_with("q 退出"), "how to leave: {}", tiny[2]);
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Enter);
    for (w, h) in [(1, 1), (40, 10), (41, 11), (200, 60)] {
        let _ = render(&mut a, w, h);
    }
    // With the search line focused, q is typed into the query where it shows; on the tiny
    // screen, where nothing shows, it quits as the notice says.
    let mut b = app(Lang::Zh);
    typed(&mut b, "q");
    assert!(!b.quitting());
    let _ = render(&mut b, 20, 6);
    typed(&mut b, "q");
    assert!(b.quitting(), "q on the too-small notice quits");
}

#[test]
fn collectives_are_not_matrix_rows_unless_asked() {
    let bytes = std::fs::read(format!(
        "{}/tests/fixtures/fuze_lists.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let model = dutymatrix::extract::read("fuze_lists", &bytes, None)
        .expect("reads")
        .model;
    let mut a = App::new(
        model,
        Lang::Zh,
        NaiveDate::from_ymd_opt(2022, 6, 30).expect("date"),
    );
    let names = |a: &App| -> Vec<String> {
        a.matrix_units()
            .iter()
            .map(|&u| a.model().units[u].name.clone())
            .collect()
    };
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('m'));
    assert!(
        !names(&a).iter().any(|n| n.starts_with('各')),
        "{:?}",
        names(&a)
    );
    assert_eq!(names(&a).len(), 7);
    press(&mut a, KeyCode::Char('c'));
    assert_eq!(names(&a).len(), 9);
    assert!(names(&a).contains(&"各省级人民政府".to_string()));
    // In the unit list, collectives come after the units.
    let last = main(&a)
        .hits()
        .last()
        .map(|h| a.model().units[h.unit].collective);
    assert_eq!(last, Some(true));
}

/// Issue 20's Esc cases: meeting → `t` → Esc and `m` → `t` → Esc come back to the meeting and
/// the matrix, not to the lists.
#[test]
fn esc_from_the_timeline_returns_to_the_meeting_or_the_matrix_it_was_opened_from() {
    let mut a = app(Lang::Zh);
    a.open_meeting(vec!["市卫生健康委".into(), "市民政局".into()]);
    assert_eq!(a.screen(), Screen::Meeting);
    press(&mut a, KeyCode::Char('t'));
    assert_eq!(a.screen(), Screen::Timeline);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Meeting);
    press(&mut a, KeyCode::Char('m'));
    assert_eq!(a.screen(), Screen::Matrix);
    press(&mut a, KeyCode::Char('t'));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Matrix);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Meeting);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Main);
}

/// A message longer than the status line wraps onto more rows instead of losing its end (the
/// end is often the fix it names); the view gives up the rows and takes them back after.
#[test]
fn a_long_message_wraps_instead_of_being_cut() {
    let mut a = app(Lang::Zh);
    let long = format!(
        "{}（督查可用 ledger members add bob 市民政局 授权）",
        "台账写入被拒绝".repeat(8)
    );
    a.say(long.clone());
    let screen = render(&mut a, 80, 24);
    let last_border = screen
        .iter()
        .rposition(|l| l.starts_with('└'))
        .expect("the panes' bottom border");
    assert!(screen.len() - last_border > 2, "more than one status row");
    let bottom = screen[last_border + 1..].join("");
    let squeezed: String = bottom.split_whitespace().collect();
    let want: String = long.split_whitespace().collect();
    assert_eq!(squeezed, want, "{}", screen.join("\n"));
    // The next key clears it, and the status bar is one row again.
    press(&mut a, KeyCode::Down);
    let screen = render(&mut a, 80, 24);
    assert!(screen[23].contains("帮助"), "{}", screen.join("\n"));
}

/// English words are spaced: the timeline's title said `today2022-06-30`.
#[test]
fn the_english_timeline_title_spaces_its_date() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('t'));
    let screen = render(&mut a, 80, 24);
    assert!(screen[0].contains("today 2022-06-30"), "{}", screen[0]);
}

/// Filtered to one unit, the timeline's last column gives that unit's role, never the name of
/// another unit (the lead) outside the filter.
#[test]
fn a_timeline_filtered_to_a_unit_names_its_role_not_another_unit() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "市民政局");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('t'));
    press(&mut a, KeyCode::Char('f'));
    let screen = render(&mut a, 80, 24);
    assert!(screen[0].contains("市民政局"), "{}", screen[0]);
    let rows: Vec<&String> = screen.iter().filter(|l| l.contains("2025-12-31")).collect();
    assert!(!rows.is_empty(), "{}", screen.join("\n"));
    for r in rows {
        assert!(r.contains("责任") && !r.contains("卫生健康委"), "{r}");
    }
}

/// Help opens on the keys of the place it was opened from, under that place's name, and then
/// lists every other key.
#[test]
fn help_opens_on_the_current_views_keys() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('m'));
    press(&mut a, KeyCode::Char('?'));
    // One column (60 wide), tall enough for every key: the order reads top to bottom.
    let screen = render(&mut a, 60, 80).join("\n");
    let here = screen.find("本处（矩阵）的按键").expect(&screen);
    let sort = screen.find("排序(名称/任务数)").expect("the matrix's sort");
    let others = screen.find("其他按键").expect("the rest");
    assert!(here < sort && sort < others, "{screen}");
}

#[test]
fn units_are_marked_and_the_meeting_opened_from_the_search_line() {
    let mut a = app(Lang::Zh);
    let bar = render(&mut a, 80, 24).pop().expect("a status bar");
    assert!(bar.contains("Ctrl-k 标记"), "{bar}");
    typed(&mut a, "市卫健委");
    ctrl(&mut a, 'k');
    assert_eq!(a.marked(), ["市卫生健康委"]);
    ctrl(&mut a, 'w');
    typed(&mut a, "市民政 ");
    assert_eq!(a.query(), "市民政 ", "Space is typed on the search line");
    ctrl(&mut a, 'k');
    assert_eq!(a.marked(), ["市卫生健康委", "市民政局"]);
    typed(&mut a, "M");
    assert_eq!(a.query(), "市民政 M", "and so is M");
    ctrl(&mut a, 'g');
    assert_eq!(a.screen(), Screen::Meeting);
    // The timeline opened from the meeting is the meeting's: the marked units' tasks only.
    press(&mut a, KeyCode::Char('t'));
    let title = render(&mut a, 80, 24).remove(0);
    assert!(title.contains("已标记单位(2)"), "{title}");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Meeting);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Main);
    assert_eq!(a.query(), "市民政 M", "the search is where it was left");
}
