//! The ledger keys act for the unit a row names, on every screen that shows a task and a unit:
//! the task view's `>`, the meeting's and the timeline's rows (Tab picks among the row's
//! units), the matrix's cell; and those screens show where the row stands.

use super::*;

/// The plan's first task, shared by 市卫生健康委 and 市民政局.
fn shared_task(a: &App) -> usize {
    a.model()
        .tasks
        .iter()
        .position(|t| t.title_simplified().starts_with("推进医养结合发展"))
        .expect("the shared task")
}

#[test]
fn in_the_task_view_r_records_for_the_unit_marked_by_tab() {
    let (_dir, _path, mut a) = setup("alice", Lang::Zh);
    let id = task_of(&a, "plan/1.1").id;
    select(&mut a, "市卫生健康委", &id);
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.screen(), Screen::Task { .. }));
    press(&mut a, KeyCode::Char('r'));
    assert_eq!(
        a.progress_form().map(|f| f.unit.as_str()),
        Some("市卫生健康委")
    );
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('r'));
    assert_eq!(a.progress_form().map(|f| f.unit.as_str()), Some("市民政局"));
}

#[test]
fn the_meeting_records_for_the_rows_unit_and_tab_picks_another() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    a.open_meeting(vec!["市卫生健康委".into(), "市民政局".into()]);
    assert_eq!(a.screen(), Screen::Meeting);
    let task = shared_task(&a);
    // Down to the shared task's row in the 共同任务 section: the first row naming both.
    let mut found = false;
    for _ in 0..20 {
        press(&mut a, KeyCode::Char('r'));
        let form = a.progress_form().map(|f| (f.task, f.unit.clone()));
        press(&mut a, KeyCode::Esc);
        if let Some((t, unit)) = form
            && t == task
        {
            assert_eq!(unit, "市卫生健康委", "the row's first unit");
            found = true;
            break;
        }
        press(&mut a, KeyCode::Char('j'));
    }
    assert!(found, "the meeting shows the shared task");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('x'));
    let asked = a.question().map(|q| format!("{q:?}")).unwrap_or_default();
    assert!(asked.contains("市民政局"), "{asked}");
    press(&mut a, KeyCode::Char('y'));
    let l = open(&path);
    let snap = l.snapshot(a.model()).expect("snapshot");
    let t = &a.model().tasks[task];
    assert_eq!(snap.status(&t.id, "市民政局"), Some(Status::Done));
    assert_eq!(snap.status(&t.id, "市卫生健康委"), None);
}

#[test]
fn the_meeting_and_timeline_show_each_rows_light_and_where_the_selected_one_stands() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    let t = task_of(&a, "plan/1.1");
    open(&path)
        .record(
            a.model(),
            &who("alice"),
            &t.id,
            NewChange {
                unit: "市卫生健康委".into(),
                status: Some(Status::Doing),
                note: Some("签约机构12家".into()),
                note_date: Some(day("2026-11-20")),
            },
        )
        .expect("records");
    a.reload_ledger();
    a.open_meeting(vec!["市卫生健康委".into()]);
    let screen = render(&mut a, 80, 24).join("\n");
    // The plan's first task falls due in 30 days: yellow, and the footer names the unit, its
    // status and its latest note.
    assert!(screen.contains("黄 推进医养结合发展"), "{screen}");
    assert!(
        screen.contains("记录对象 市卫生健康委 黄 推进中 2026-11-20 签约机构12家"),
        "{screen}"
    );
    press(&mut a, KeyCode::Char('t'));
    let screen = render(&mut a, 80, 24).join("\n");
    // Opened from the meeting, the timeline is the meeting unit's: the 2025 deadlines of the
    // city's plan are past, red, each row naming the meeting's unit even where another leads.
    assert!(
        screen.contains("逾期335天 红 创新发展生物医药和高端医疗器械产业    市卫生健康委"),
        "{screen}"
    );
    assert!(!screen.contains("市工业和信息"), "{screen}");
    assert!(screen.contains("记录对象 市卫生健康委 红"), "{screen}");
    // f goes on through each document to the whole timeline, where the built-in 2022
    // deadlines come first.
    let mut screen = String::new();
    for _ in 0..8 {
        press(&mut a, KeyCode::Char('f'));
        screen = render(&mut a, 80, 24).join("\n");
        if screen.lines().next().is_some_and(|l| l.contains("全部")) {
            break;
        }
    }
    assert!(screen.contains("逾期1431天 红 产业体系"), "{screen}");
    assert!(screen.contains("记录对象 省卫生健康委 红"), "{screen}");
}

#[test]
fn the_matrix_records_for_the_selected_cell() {
    let (_dir, _path, mut a) = setup("alice", Lang::Zh);
    let task = shared_task(&a);
    // Out of the search line (where `m` is typed), then the matrix.
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('m'));
    assert_eq!(a.screen(), Screen::Matrix);
    let units = a.matrix_units();
    let col = a
        .matrix_tasks()
        .iter()
        .position(|&t| t == task)
        .expect("column");
    let row = units
        .iter()
        .position(|&u| a.model().units[u].name == "市民政局")
        .expect("row");
    a.select_matrix_cell(row, col);
    press(&mut a, KeyCode::Char('r'));
    let form = a.progress_form().map(|f| (f.task, f.unit.clone()));
    assert_eq!(form, Some((task, "市民政局".to_string())));
}

/// A pasted note longer than the ledger keeps is kept whole in the form, counted in red, and
/// refused on saving with the limit named: never cut in silence.
#[test]
fn a_long_pasted_note_is_counted_and_refused_not_cut() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    select(&mut a, "市民政局", "plan/1.1");
    press(&mut a, KeyCode::Char('r'));
    let long = "进".repeat(2748);
    handle(&mut a, Event::Paste(long.clone()));
    assert_eq!(
        a.progress_form().map(|f| f.note.chars().count()),
        Some(2748)
    );
    let screen = render(&mut a, 80, 24).join("\n");
    assert!(screen.contains("办理情况（2748/2000字）"), "{screen}");
    press(&mut a, KeyCode::Enter);
    assert!(a.progress_form().is_some(), "the form stays open");
    assert_eq!(
        a.message(),
        Some("办理情况有 2748 字，最多 2000 字；未写入")
    );
    assert_eq!(open(&path).store().row_count().expect("rows"), 0);
    // Cut back to the limit, it saves.
    for _ in 0..748 {
        press(&mut a, KeyCode::Backspace);
    }
    press(&mut a, KeyCode::Enter);
    assert!(a.progress_form().is_none(), "{:?}", a.message());
    assert_eq!(open(&path).store().row_count().expect("rows"), 1);
}

/// A closed task is no longer late: its row says 已销号, never 逾N天, in the duties pane, the
/// meeting and the timeline.
#[test]
fn closed_rows_say_closed_not_overdue() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    let t = task_of(&a, "plan/1.3");
    let unit = "市人力资源社会保障局";
    open(&path)
        .record(
            a.model(),
            &who("alice"),
            &t.id,
            NewChange {
                unit: unit.into(),
                status: Some(Status::Done),
                note: None,
                note_date: None,
            },
        )
        .expect("records");
    a.reload_ledger();
    select(&mut a, unit, &t.id);
    let title = "完善养老服务";
    let row = |screen: &[String]| {
        screen
            .iter()
            .find(|l| l.contains(title))
            .cloned()
            .unwrap_or_else(|| panic!("no row for the task:\n{}", screen.join("\n")))
    };
    for (w, h) in [(80, 24), (60, 20)] {
        let duties = row(&render(&mut a, w, h));
        assert!(!duties.contains('逾'), "{duties}");
        assert!(duties.contains("已销号"), "{duties}");
    }
    a.open_meeting(vec![unit.into()]);
    let meeting = row(&render(&mut a, 80, 24));
    assert!(
        meeting.contains("灰") && meeting.contains("已销号"),
        "{meeting}"
    );
    assert!(!meeting.contains('逾'), "{meeting}");
}

/// The progress view (挂图作战) ends with the weekly trend of the unit selected below it, replayed
/// from the history: a task closed today is red in every earlier week and grey in the last.
#[test]
fn the_progress_view_shows_the_selected_units_weekly_trend() {
    // A record counts in the trend from the day it is written: today must be the clock's.
    let (dir, path, _) = setup("alice", Lang::Zh);
    let today = chrono::Local::now().date_naive();
    let mut a = App::new(model(dir.path()), Lang::Zh, today).with_ledger_as(
        Some(path.clone()),
        30,
        who("alice"),
    );
    let unit = "市人力资源社会保障局";
    let t = task_of(&a, "plan/1.3");
    select(&mut a, unit, &t.id);
    press(&mut a, KeyCode::Char('p'));
    let before = render(&mut a, 80, 24).join("\n");
    let (from, to) = (today - chrono::Duration::weeks(11), today);
    let heading = format!(
        "亮灯趋势 · {unit} · 每周末 {} 至 {}",
        from.format("%m-%d"),
        to.format("%m-%d")
    );
    assert!(before.contains(&heading), "{before}");
    open(&path)
        .record(
            a.model(),
            &who("alice"),
            &t.id,
            NewChange {
                unit: unit.into(),
                status: Some(Status::Done),
                note: None,
                note_date: None,
            },
        )
        .expect("records");
    a.reload_ledger();
    let screen = render(&mut a, 80, 24);
    let line = |word: &str| {
        screen
            .iter()
            .find(|l| l.contains(&format!("{word} [")))
            .cloned()
            .unwrap_or_default()
    };
    // 3 tasks of the unit: the plan's is closed now; the other two stay red.
    // Levels are relative to the highest count (3): 2 is `+`, 1 is `-`.
    assert!(
        line("灰灯").contains("[           -] 1"),
        "{}",
        screen.join("\n")
    );
    assert!(
        line("红灯").contains("[###########+] 2"),
        "{}",
        line("红灯")
    );
}

/// `e` in the progress view writes the 情况通报, a Word document by default and whatever the
/// name's extension says otherwise, as `ledger report -o` does.
#[test]
fn e_in_the_progress_view_writes_the_report() {
    let (dir, _path, mut a) = setup("alice", Lang::Zh);
    a.set_work_dir(dir.path().to_path_buf());
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('p'));
    press(&mut a, KeyCode::Char('e'));
    assert_eq!(a.export_prompt(), Some("情况通报-2026-12-01.docx"));
    press(&mut a, KeyCode::Enter);
    let docx = dir.path().join("情况通报-2026-12-01.docx");
    let bytes = std::fs::read(&docx).expect("the report was written");
    assert!(bytes.starts_with(b"PK"), "a zip package");
    assert!(
        a.message().is_some_and(|m| m.starts_with("已写入")),
        "{:?}",
        a.message()
    );
    // Another name, another format.
    press(&mut a, KeyCode::Char('e'));
    for _ in 0..4 {
        press(&mut a, KeyCode::Backspace);
    }
    typed(&mut a, "svg");
    press(&mut a, KeyCode::Enter);
    let svg = std::fs::read_to_string(dir.path().join("情况通报-2026-12-01.svg")).expect("svg");
    assert!(
        svg.starts_with("<?xml") || svg.starts_with("<svg"),
        "{}",
        &svg[..40.min(svg.len())]
    );
}
