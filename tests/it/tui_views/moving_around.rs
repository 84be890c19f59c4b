//! Moving around the dashboard: help at small sizes, partners and back, dates, scripts, ranking.

use super::*;

/// Help at the smallest size officials use: inside the body, the status bar still showing, and
/// every binding reachable by scrolling.
#[test]
fn help_fits_60x20_scrolls_and_leaves_the_status_bar() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::F(1));
    let lines = render(&mut a, 60, 20);
    assert_aligned(&lines, 60);
    assert!(lines[19].contains("Esc 返回"), "{}", lines[19]);
    snapshot("help_60x20", &lines);
    let first_row = lines[2].clone();
    let mut seen = lines.join("\n");
    for _ in 0..40 {
        press(&mut a, KeyCode::Down);
        seen.push_str(&render(&mut a, 60, 20).join("\n"));
    }
    assert_ne!(render(&mut a, 60, 20)[2], first_row, "help scrolled");
    for b in dutymatrix::tui::keys::BINDINGS {
        let desc = Lang::Zh.key_help(b.desc);
        assert!(seen.contains(desc), "scrolling reaches {desc}");
    }
    press(&mut a, KeyCode::Esc);
    assert!(!a.help_open());
}

#[test]
fn from_a_unit_to_a_partner_and_back() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "市卫生健康委");
    press(&mut a, KeyCode::Enter);
    let duties = a.duties().len();
    assert_eq!(duties, 10);
    // The cursor goes past the last duty onto the partners, most shared first.
    for _ in 0..duties {
        press(&mut a, KeyCode::Char('j'));
    }
    let lines = render(&mut a, 80, 24);
    assert!(
        lines.iter().any(|l| l.contains("> 市发展改革委")),
        "{}",
        lines.join("\n")
    );
    press(&mut a, KeyCode::Enter);
    assert_eq!(selected_name(&a), "市发展改革委");
    assert_eq!(a.focus(), Focus::Duties);
    assert_eq!(a.query(), "");
    // A task of the partner, then one of its units, then back twice.
    press(&mut a, KeyCode::Enter);
    let Screen::Task { task, .. } = a.screen() else {
        panic!("task view expected")
    };
    let units: Vec<String> = a.model().tasks[task]
        .assignments
        .iter()
        .map(|x| x.unit.to_string())
        .collect();
    let other = units
        .iter()
        .position(|u| u != "市发展改革委")
        .expect("a task shared with another unit");
    // The `>` starts on the unit the task was opened for; Tab moves it on, round the list.
    let start = units
        .iter()
        .position(|u| u == "市发展改革委")
        .expect("opened for 市发展改革委");
    for _ in 0..(other + units.len() - start) % units.len() {
        press(&mut a, KeyCode::Tab);
    }
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.screen(), Screen::Main);
    assert_eq!(selected_name(&a), units[other]);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen(), Screen::Task { .. }));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Backspace);
    assert_eq!(selected_name(&a), "市卫生健康委");
    assert_eq!(a.query(), "市卫生健康委");
    assert_eq!(
        main(&a).duty(),
        duties,
        "back on the partner row it left from"
    );
}

#[test]
fn due_dates_shown_when_there_is_room_and_missing_ones_said_plainly() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "市卫生健康委");
    let wide = render(&mut a, 110, 30);
    assert!(
        wide.iter()
            .any(|l| l.contains("全面提升医疗卫生服务水平") && l.contains("2025-12-31 剩1280天")),
        "{}",
        wide.join("\n")
    );
    assert_eq!(dutymatrix::words::ZH.no_deadline, "未写明期限");
}

#[test]
fn traditional_text_in_simplified_with_the_original_one_key_away() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "省民政厅");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Enter);
    let text = render(&mut a, 80, 24).join("\n");
    assert!(text.contains("深入推进医养结合。加快建设"), "{text}");
    assert!(!text.contains("shandong-2022"), "no internal id: {text}");
    assert!(
        text.contains("出处：《医养健康产业2022年行动计划》 8."),
        "{text}"
    );
    press(&mut a, KeyCode::Char('o'));
    let text = render(&mut a, 80, 24).join("\n");
    assert!(text.contains("深入推進醫養結合"), "{text}");
}

#[test]
fn own_level_first_on_ties_and_opened_units_rise() {
    use dutymatrix::model::Level;
    let mut a = app(Lang::Zh);
    typed(&mut a, "卫健委");
    assert_eq!(selected_name(&a), "省卫生健康委");
    a.set_preferences(Some(Level::City), None);
    assert_eq!(selected_name(&a), "市卫生健康委");
    // Opening a unit counts: with no home level, the one opened rises above its peer.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("opened.tsv");
    let mut b = app(Lang::Zh);
    b.set_preferences(None, Some(dutymatrix::prefs::Frecency::load(path.clone())));
    typed(&mut b, "fgw");
    assert_eq!(selected_name(&b), "省发展改革委");
    press(&mut b, KeyCode::Down);
    press(&mut b, KeyCode::Enter);
    assert_eq!(selected_name(&b), "市发展改革委");
    let saved = std::fs::read_to_string(&path).expect("frecency saved");
    assert!(saved.starts_with("市发展改革委\t1\t"), "{saved}");
    let mut c = app(Lang::Zh);
    c.set_preferences(None, Some(dutymatrix::prefs::Frecency::load(path)));
    typed(&mut c, "fgw");
    assert_eq!(selected_name(&c), "市发展改革委");
}

#[test]
fn the_start_up_list_is_by_level_then_load() {
    let a = app(Lang::Zh);
    let names: Vec<String> = main(&a)
        .hits()
        .iter()
        .take(3)
        .map(|h| a.model().units[h.unit].name.clone())
        .collect();
    assert_eq!(names, ["省卫生健康委", "省民政厅", "省发展改革委"]);
}

#[test]
fn ctrl_z_asks_to_suspend() {
    let mut a = app(Lang::Zh);
    ctrl(&mut a, 'z');
    assert!(a.suspending());
    assert!(!a.quitting());
}

#[test]
fn english_titles_get_the_width_before_the_days_do() {
    let mut a = app(Lang::En);
    typed(&mut a, "省卫生健康委");
    let lines = render(&mut a, 80, 24);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Lead    加快年度重点项目落地投产 ") && l.contains("184d")),
        "{}",
        lines.join("\n")
    );
    let text = dutymatrix::words::EN.deadline_text(
        a.model().tasks[0].deadline.as_deref(),
        NaiveDate::from_ymd_opt(2022, 6, 30).expect("date"),
    );
    assert!(
        text.contains(" (") && !text.contains(['（', '，', '）']),
        "{text}"
    );
}

/// With searches on their own thread (as in the real dashboard), opening a partner and going
/// back select the right unit: the new unit list is waited for before a unit is picked in it.
#[test]
fn partner_and_back_select_the_right_unit_with_search_in_the_background() {
    let mut a = app(Lang::Zh);
    a.search_in_background();
    typed(&mut a, "市卫生健康委");
    press(&mut a, KeyCode::Enter);
    for _ in 0..a.duties().len() {
        press(&mut a, KeyCode::Down);
    }
    let partner = a.partners()[0];
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.selected_unit(), Some(partner));
    press(&mut a, KeyCode::Backspace);
    assert_eq!(selected_name(&a), "市卫生健康委");
    assert_eq!(a.query(), "市卫生健康委");
}

#[test]
fn the_duty_under_the_cursor_shows_its_date_on_the_pane_border() {
    let mut a = app(Lang::Zh);
    typed(&mut a, "市民政局");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('j'));
    let lines = render(&mut a, 80, 24);
    assert_aligned(&lines, 80);
    // The rows keep their titles at 80 columns; the date of the selected one is on the border.
    assert!(lines[6].contains("> 绿 责任 完善政策保障"), "{}", lines[6]);
    assert!(
        lines[22].contains("到期日：2025-12-31 到「十四五」末"),
        "{}",
        lines[22]
    );
    let mut e = app(Lang::En);
    typed(&mut e, "市民政局");
    press(&mut e, KeyCode::Enter);
    let lines = render(&mut e, 100, 24);
    assert!(
        lines[22].contains("Due date: 2025-12-31"),
        "{}",
        lines.join("\n")
    );
}
