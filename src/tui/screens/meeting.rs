//! The meeting screen: the marked units' combined duties — what falls due soonest, the tasks
//! they share with who leads each, then each one's own — with counts in the title.

use crate::export::Sheet;
use crate::ledger::Status;
use crate::meeting::{Meeting, Row};
use crate::text::{fit, truncate, width};
use crate::tui::command::{Command, OpenTask, is_vertical, step};
use crate::tui::key_table::Action;
use crate::tui::paint::ledger_lines::light_span;
use crate::tui::paint::{Theme, days_span, safe, scroll_offset};
use crate::tui::screens::standing;
use crate::tui::shared::Shared;
use crate::words::StatusWords;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub struct MeetingScreen {
    /// Index into the selectable rows ([`rows`]).
    row: usize,
    /// Which of the row's units the ledger keys act for (Tab cycles it).
    member: usize,
    /// Rows a page moves, recorded from the last drawn height.
    page: usize,
}

impl Default for MeetingScreen {
    fn default() -> MeetingScreen {
        MeetingScreen {
            row: 0,
            member: 0,
            page: 10,
        }
    }
}

impl MeetingScreen {
    pub fn handle(&mut self, action: Action, sh: &Shared) -> Vec<Command> {
        match action {
            a if is_vertical(a) => {
                let meeting = meeting(sh);
                self.row = step(self.row, rows(&meeting).len(), a, self.page.max(1));
                self.member = 0;
            }
            Action::NextUnit => self.member += 1,
            Action::Open => {
                let meeting = meeting(sh);
                let task = rows(&meeting)
                    .get(self.row)
                    .and_then(|r| sh.model.task_position(r.task));
                if let Some(task) = task {
                    return vec![Command::Task(OpenTask {
                        task,
                        from_matrix: false,
                        unit: None,
                    })];
                }
            }
            Action::Copy => {
                return vec![Command::Copy(crate::tui::clipboard::sheet_rows(
                    sh,
                    self.sheet(sh),
                ))];
            }
            _ => {}
        }
        Vec::new()
    }

    /// The (task, unit) the ledger keys act on: the selected row's task, for the meeting's
    /// unit on it that Tab picked.
    pub fn ledger_target(&self, sh: &Shared) -> Option<(usize, usize)> {
        self.target_in(sh, &meeting(sh))
    }

    /// [`Self::ledger_target`] in a meeting already built (the drawing's).
    fn target_in(&self, sh: &Shared, meeting: &Meeting) -> Option<(usize, usize)> {
        let r = rows(meeting).into_iter().nth(self.row)?;
        let members: Vec<&str> = r.members.iter().map(|(u, _)| *u).collect();
        Some((
            sh.model.task_position(r.task)?,
            standing::pick_unit(sh, &members, self.member)?,
        ))
    }

    /// The meeting's sheet, when units are marked.
    pub fn sheet(&self, sh: &Shared) -> Option<Sheet> {
        (!sh.marked.is_empty())
            .then(|| crate::export::meeting_sheet(&sh.model, &sh.marked, sh.lang, sh.today))
    }

    /// What the export's file name says the sheet is: the first unit, and how many.
    /// The name starts with 任务分工表, the sheet a meeting is used to (`e` writes it); a name
    /// that starts otherwise gets the meeting's rows per task and unit.
    pub fn file_subject(&self, sh: &Shared) -> String {
        let m = sh.lang.meeting();
        let first = sh.marked.first().map_or("", String::as_str);
        match sh.marked.len() {
            0 | 1 => format!("{}-{first}", m.fengong_title),
            n => format!("{}-{first}-{}", m.fengong_title, (m.units_n)(n)),
        }
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let (s, m) = (sh.lang.strings(), sh.lang.meeting());
        let meeting = meeting(sh);
        let title = format!(
            " {} · {} · {} · {} · {} ",
            m.meeting,
            (m.units_n)(meeting.units.len()),
            (m.tasks_n)(meeting.rows.len()),
            (m.shared_n)(meeting.shared().count()),
            (m.overdue_n)(meeting.overdue()),
        );
        let block = Block::bordered()
            .title(truncate(&title, usize::from(area.width.saturating_sub(2))))
            .border_style(theme.focused_border(true));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = usize::from(inner.width);
        if meeting.units.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled(truncate(m.no_marked, w), theme.dim())),
                inner,
            );
            return;
        }
        let names: Vec<String> = meeting
            .units
            .iter()
            .map(|u| format!("*{}", sh.model.unit(u).map_or(*u, |x| x.name.as_str())))
            .collect();
        let mut lines = vec![Line::styled(
            truncate(&safe(&names.join(" ")), w),
            theme.dim(),
        )];
        let compact = w < 64;
        let who_w = if compact { 12 } else { 24 };
        let mut k = 0;
        let mut selected_row = 0;
        for (section, rows) in meeting.sections() {
            lines.push(Line::styled(
                truncate(&format!("{} ({})", m.section(section), rows.len()), w),
                theme.heading(),
            ));
            for r in rows {
                let is_sel = k == self.row;
                if is_sel {
                    selected_row = lines.len();
                }
                k += 1;
                // Names without their level prefix: the column is narrow and the units are listed above.
                let short = |u: &str| {
                    sh.model.unit(u).map_or(u.to_string(), |x| {
                        crate::counterparts::without_level(&x.name, x.level)
                    })
                };
                let who = if !r.leads.is_empty() {
                    let leads: Vec<String> = r.leads.iter().map(|u| short(u)).collect();
                    format!("{}:{}", s.lead, leads.join("、"))
                } else {
                    let names: Vec<String> = r.members.iter().map(|(u, _)| short(u)).collect();
                    let role = r.members.first().map_or("", |(_, role)| s.role(*role));
                    format!("{role}:{}", names.join("、"))
                };
                let days = days_span(s, sh.today, r.task.deadline.as_deref(), theme, compact);
                let days_w = width(&days.content);
                // The worst light of the meeting's units on the task: what the meeting asks about.
                let light = r
                    .members
                    .iter()
                    .map(|(u, _)| sh.ledger.light(r.task, u, sh.today))
                    .max()
                    .unwrap_or_else(|| sh.ledger.task_light(r.task, sh.today));
                // Closed for every unit at the table: not late any more.
                let (days, days_w) = if light == crate::ledger::Light::Grey {
                    let done = Status::Done.word(sh.lang);
                    (Span::styled(done.to_string(), theme.dim()), width(done))
                } else {
                    (days, days_w)
                };
                let title_w = w.saturating_sub(2 + 3 + 1 + who_w + 1 + days_w);
                let base = if is_sel {
                    theme.selected()
                } else {
                    Style::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(if is_sel { "> " } else { "  " }, base),
                    light_span(sh.lang, theme, light).patch_style(base),
                    Span::styled(" ", base),
                    Span::styled(fit(&safe(r.task.title_simplified()), title_w), base),
                    Span::styled(" ", base),
                    Span::styled(fit(&safe(&who), who_w), base.patch(theme.dim())),
                    Span::styled(" ", base),
                    days.patch_style(base),
                ]));
            }
        }
        // The last line says where the selected row stands for the unit the keys act for.
        let footer = self.target_in(sh, &meeting).and_then(|(t, u)| {
            let task = sh.model.tasks.get(t)?;
            let several = rows(&meeting)
                .get(self.row)
                .is_some_and(|r| r.members.len() > 1);
            Some(standing::footer(sh, theme, task, u, several, w))
        });
        let rows = usize::from(inner.height).saturating_sub(usize::from(footer.is_some()));
        self.page = rows.max(1);
        let offset = scroll_offset(selected_row, rows);
        let mut shown: Vec<Line> = lines.into_iter().skip(offset).take(rows).collect();
        if let Some(f) = footer {
            shown.resize(rows, Line::default());
            shown.push(f);
        }
        frame.render_widget(Paragraph::new(shown), inner);
    }
}

/// The meeting of the marked units.
fn meeting(sh: &Shared) -> Meeting<'_> {
    Meeting::new(&sh.model, &sh.marked, sh.today)
}

/// The meeting's selectable rows, in display order.
fn rows<'a>(meeting: &'a Meeting<'a>) -> Vec<&'a Row<'a>> {
    meeting
        .sections()
        .into_iter()
        .flat_map(|(_, rows)| rows)
        .collect()
}
