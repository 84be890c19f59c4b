//! The ledger's history and lights in the dashboard's views: the task, the progress view, the matrix, undo.

use super::*;

/// alice records on a few tasks: one closed, one in progress with notes, one undone.
fn with_history() -> (tempfile::TempDir, App) {
    let (dir, path, mut a) = setup("alice", Lang::Zh);
    let mut l = open(&path);
    let rec = |l: &mut Ledger, m: &Model, t: &str, u: &str, s: Option<Status>, n: Option<&str>| {
        l.record(
            m,
            &who("alice"),
            t,
            NewChange {
                unit: u.into(),
                status: s,
                note: n.map(str::to_string),
                note_date: n.map(|_| day("2026-11-20")),
            },
        )
        .expect("records");
    };
    let m = a.model().clone();
    rec(
        &mut l,
        &m,
        "plan/1.1",
        "市民政局",
        Some(Status::Doing),
        Some("已完成选址\x1b[31m"),
    );
    rec(
        &mut l,
        &m,
        "plan/1.1",
        "市卫生健康委",
        Some(Status::Done),
        Some("签约机构12家"),
    );
    rec(
        &mut l,
        &m,
        "plan/1.1",
        "市民政局",
        None,
        Some("签订协议3份"),
    );
    rec(
        &mut l,
        &m,
        "plan/1.3",
        "市人力资源社会保障局",
        Some(Status::Done),
        None,
    );
    for t in m
        .tasks
        .iter()
        .filter(|t| t.document.starts_with("taian"))
        .take(4)
    {
        for u in &t.assignments {
            rec(&mut l, &m, &t.id, &u.unit, Some(Status::Done), None);
        }
    }
    l.undo(&m, &who("alice"), "plan/1.3", "市人力资源社会保障局")
        .expect("undo");
    assert!(a.refresh_ledger());
    (dir, a)
}

#[test]
fn the_task_view_shows_every_row_of_the_history() {
    let (_dir, mut a) = with_history();
    select(&mut a, "市民政局", "plan/1.1");
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.screen(), Screen::Task { .. }));
    let lines = render(&mut a, 80, 24);
    assert_aligned(&lines, 80);
    let text = lines.join("\n");
    assert!(text.contains("亮灯：黄灯"), "{text}");
    assert!(
        text.contains("黄 市民政局         推进中 签订协议3份"),
        "{text}"
    );
    assert!(
        text.contains("灰 市卫生健康委     已销号 签约机构12家"),
        "{text}"
    );
    assert!(
        text.contains("alice 市民政局 [推进中] (2026-11-20) 已完成选址[31m"),
        "notes are sanitised: {text}"
    );
    assert!(text.contains("alice 市卫生健康委 [已销号] (2026-11-20) 签约机构12家"));
    snapshot("ledger_task_80x24", &lines);
    let small = render(&mut a, 60, 20);
    assert_aligned(&small, 60);
    snapshot("ledger_task_60x20", &small);
    // Recording from the task view acts on the unit it was opened for.
    press(&mut a, KeyCode::Char('r'));
    assert_eq!(a.progress_form().map(|f| f.unit.as_str()), Some("市民政局"));
    assert_eq!(a.progress_form().map(|f| f.status), Some(Status::Doing));
    typed(&mut a, "本月完成");
    let form = render(&mut a, 80, 24);
    assert_aligned(&form, 80);
    snapshot("ledger_form_80x24", &form);
    let small = render(&mut a, 60, 20);
    assert_aligned(&small, 60);
    snapshot("ledger_form_60x20", &small);
    press(&mut a, KeyCode::Enter);
    let text = render(&mut a, 80, 24).join("\n");
    assert!(
        text.contains("本月完成"),
        "the new row is in the history: {text}"
    );
}

#[test]
fn the_progress_view_counts_lights_and_sorts_by_red() {
    let (_dir, mut a) = with_history();
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('p'));
    assert_eq!(a.screen(), Screen::Progress);
    let (docs, units) = a.progress_rows();
    let plan = docs
        .iter()
        .find(|r| r.name == "某市养老服务提升工作方案")
        .expect("the plan");
    // 1.1 yellow (市民政局 open, due in 30 days), 1.2 green, 1.3 red again after the undo.
    assert_eq!(plan.counts, [0, 1, 1, 1]);
    let taian = docs
        .iter()
        .find(|r| r.name == "泰安市康养福地建设实施意见")
        .expect("taian");
    assert_eq!(taian.counts, [4, 0, 0, 8]);
    let mz = units.iter().find(|r| r.name == "市民政局").expect("unit");
    // 1.2 green, 1.1 yellow, two taian tasks red, one closed with the other taian units.
    assert_eq!(mz.counts, [1, 1, 1, 2]);
    let wjw = units
        .iter()
        .find(|r| r.name == "市卫生健康委")
        .expect("unit");
    assert_eq!(wjw.counts[0], 5, "four taian tasks and plan 1.1 closed");
    let lines = render(&mut a, 80, 24);
    assert_aligned(&lines, 80);
    snapshot("ledger_progress_80x24", &lines);
    press(&mut a, KeyCode::Char('s'));
    let (docs, units) = a.progress_rows();
    assert!(docs.windows(2).all(|w| w[0].red() >= w[1].red()));
    assert!(units.windows(2).all(|w| w[0].red() >= w[1].red()));
    assert_eq!(docs[0].name, "医养健康产业2022年行动计划");
    let small = render(&mut a, 60, 20);
    assert_aligned(&small, 60);
    snapshot("ledger_progress_60x20", &small);
    press(&mut a, KeyCode::Char('y'));
    let copied = a.clipboard().map(String::from).expect("copied");
    assert!(
        copied.lines().any(|l| l == "\t市民政局\t1\t1\t1\t2"),
        "{copied}"
    );
    press(&mut a, KeyCode::Char('G'));
    assert!(a.progress_scroll() > 0, "the bars scroll");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), Screen::Main);
}

#[test]
fn ledger_modes_have_hints_and_colours_stay_the_sixteen() {
    use ratatui::style::Color;
    let (_dir, mut a) = with_history();
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('p'));
    for color in [true, false] {
        let mut term = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        term.draw(|f| draw(f, &mut a, Theme { color }))
            .expect("draw");
        let mut red = false;
        for cell in term.backend().buffer().content() {
            assert!(!matches!(cell.fg, Color::Rgb(..) | Color::Indexed(..)));
            red |= cell.fg == Color::Red;
            if !color {
                assert_eq!(cell.fg, Color::Reset);
            }
        }
        assert_eq!(
            red, color,
            "red bars in colour only; fills and counts otherwise"
        );
    }
    for m in [Mode::Form, Mode::Confirm, Mode::Progress] {
        assert!(dutymatrix::tui::keys::bindings_for(m, true).count() > 0);
    }
}

#[test]
fn in_the_form_letters_are_text_and_in_the_question_y_and_n_answer() {
    use dutymatrix::tui::keys::{Action, action_for};
    let key = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    for c in ['q', 'r', 'x', 'y', 'n', '办', '？'] {
        assert_eq!(action_for(Mode::Form, key(c)), Some(Action::Insert(c)));
    }
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(action_for(Mode::Form, enter), Some(Action::Submit));
    assert_eq!(action_for(Mode::Confirm, key('y')), Some(Action::Confirm));
    assert_eq!(action_for(Mode::Confirm, enter), Some(Action::Confirm));
    assert_eq!(action_for(Mode::Confirm, key('n')), Some(Action::Back));
    assert_eq!(
        action_for(Mode::Confirm, key('q')),
        None,
        "no quitting by accident"
    );
    assert_eq!(action_for(Mode::Pane, key('r')), Some(Action::Record));
    assert_eq!(action_for(Mode::Pane, key('x')), Some(Action::CloseOut));
    assert_eq!(action_for(Mode::Progress, key('s')), Some(Action::Sort));
}

#[test]
fn update_refuses_outside_the_duties_and_for_unassigned_units() {
    use dutymatrix::tui::keys::Action;
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    // On the search line nothing is selected as a duty: record asks for one.
    a.update(Action::Record);
    assert_eq!(a.message(), Some("请先在职责列表中选中单位和任务"));
    assert!(a.progress_form().is_none());
    // From the matrix, the task opens for the matrix row's unit; one not assigned is refused.
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('m'));
    let first = a.matrix_tasks()[0];
    let row = a
        .matrix_units()
        .iter()
        .position(|&u| {
            !a.model().tasks[first]
                .assignments
                .iter()
                .any(|x| x.unit == a.model().units[u].id)
        })
        .expect("a unit without the first task");
    let unit = a.model().units[a.matrix_units()[row]].id.clone();
    for _ in 0..row {
        press(&mut a, KeyCode::Char('j'));
    }
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.screen(),
        Screen::Task {
            task: first,
            from_matrix: true
        }
    );
    a.update(Action::CloseOut);
    assert_eq!(
        a.message(),
        Some(format!("{unit} 不是该任务的责任单位").as_str())
    );
    assert!(a.question().is_none());
    assert_eq!(open(&path).store().row_count().expect("rows"), 0);
}

#[test]
fn a_ledger_from_a_newer_dutymatrix_is_a_notice_and_is_not_altered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.sqlite3");
    Ledger::open_as(&path, OpenMode::Create, &who("alice"))
        .expect("opens")
        .expect("created");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    let before = std::fs::read(&path).expect("read");
    let mut a = App::new(model(dir.path()), Lang::En, day(TODAY)).with_ledger_as(
        Some(path.clone()),
        30,
        who("alice"),
    );
    let m = a.message().map(String::from).expect("a notice");
    assert!(m.contains("newer dutymatrix") && m.contains("99"), "{m}");
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('p'));
    let text = render(&mut a, 80, 24).join("\n");
    assert!(
        text.contains("newer dutymatrix"),
        "the progress view keeps the notice: {text}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn undo_shows_the_record_it_cancels_and_asks_first() {
    let (_dir, path, mut a) = setup("alice", Lang::Zh);
    select(&mut a, "市人力资源社会保障局", "plan/1.3");
    let task = task_of(&a, "plan/1.3");
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(a.mode(), Mode::Pane);
    assert_eq!(
        a.message(),
        Some("市人力资源社会保障局 在该任务上没有可撤销的记录")
    );
    press(&mut a, KeyCode::Char('x'));
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(
        a.ledger().light(&task, "市人力资源社会保障局", day(TODAY)),
        Light::Grey
    );
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(a.mode(), Mode::Confirm);
    let lines = render(&mut a, 80, 24).join("\n");
    assert!(lines.contains("撤销 市人力资源社会保障局 在"), "{lines}");
    assert!(lines.contains("[已销号]"), "{lines}");
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(
        open(&path).store().row_count().expect("rows"),
        1,
        "n writes nothing"
    );
    press(&mut a, KeyCode::Char('u'));
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(
        a.message(),
        Some("已撤销 市人力资源社会保障局 的记录：[已销号]")
    );
    assert_eq!(
        a.ledger().light(&task, "市人力资源社会保障局", day(TODAY)),
        Light::Red,
        "back to what the deadline says"
    );
    let snap = open(&path).snapshot(a.model()).expect("snapshot");
    assert_eq!(snap.status("plan/1.3", "市人力资源社会保障局"), None);
    assert_eq!(open(&path).store().row_count().expect("rows"), 2);
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(a.mode(), Mode::Pane, "nothing left to undo: no question");

    // Someone records while the question is open: y cancels nothing, and says why.
    press(&mut a, KeyCode::Char('x'));
    press(&mut a, KeyCode::Char('y'));
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(a.mode(), Mode::Confirm);
    open(&path)
        .record(
            a.model(),
            &who("alice"),
            "plan/1.3",
            NewChange {
                unit: "市人力资源社会保障局".into(),
                status: None,
                note: Some("已报送培训名单".into()),
                note_date: None,
            },
        )
        .expect("the other writer records");
    let rows = open(&path).store().row_count().expect("rows");
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(
        a.message(),
        Some("市人力资源社会保障局 在该任务上的记录刚有变化，未撤销；请重新查看后再操作")
    );
    assert_eq!(open(&path).store().row_count().expect("rows"), rows);
}

#[test]
fn the_matrix_shows_lights_on_l_and_the_footer_says_where_a_cell_stands() {
    let (_dir, _path, mut a) = setup("alice", Lang::Zh);
    select(&mut a, "市人力资源社会保障局", "plan/1.3");
    press(&mut a, KeyCode::Char('x'));
    press(&mut a, KeyCode::Char('y'));
    press(&mut a, KeyCode::Char('m'));
    let roles = render(&mut a, 100, 30);
    assert!(!roles[0].contains("亮灯"), "{}", roles[0]);
    assert!(
        roles[29].contains("L 分工/亮灯"),
        "the hint names the key: {}",
        roles[29]
    );
    press(&mut a, KeyCode::Char('L'));
    let unit_row = a
        .matrix_units()
        .iter()
        .position(|&u| a.model().units[u].id == "市人力资源社会保障局")
        .expect("row");
    let task_col = a
        .matrix_tasks()
        .iter()
        .position(|&t| a.model().tasks[t].id == "plan/1.3")
        .expect("column");
    a.select_matrix_cell(unit_row, task_col);
    let lines = render(&mut a, 100, 30);
    assert_aligned(&lines, 100);
    let text = lines.join("\n");
    assert!(lines[0].contains("· 亮灯 ·"), "{}", lines[0]);
    assert!(
        text.contains("市人力资源社会保障局：责任 ・ 灰灯 已销号"),
        "{text}"
    );
    let row = lines
        .iter()
        .find(|l| l.contains("市人力资源社会保障局") && !l.contains('：'))
        .expect("the unit's row");
    assert!(row.contains('灰'), "{row}");
    assert!(!row.contains('责'), "lights replace the role glyphs: {row}");
    press(&mut a, KeyCode::Char('L'));
    let lines = render(&mut a, 100, 30);
    assert!(!lines[0].contains("亮灯"), "L again: roles");
}
