//! The timeline screen (时间表): tasks by deadline band, counts of every band on the first line, then
//! each band's tasks soonest first, with the due day, days left and who leads.

use crate::export::Sheet;
use crate::ledger::Status;
use crate::model::Role;
use crate::text::{fit, truncate, width};
use crate::timeline::{Band, Scope, Timeline};
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

/// What the timeline shows; `f` cycles through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimelineScope {
    All,
    /// The unit selected when the scope was chosen.
    Unit(String),
    Marked,
    /// Index into `Model::documents`.
    Document(usize),
}

pub struct TimelineScreen {
    row: usize,
    /// Which of the row's units the ledger keys act for (Tab cycles it).
    member: usize,
    scope: TimelineScope,
    /// The unit selected on the main screen below (its id), the one `f` offers.
    unit_below: Option<String>,
    /// Rows a page moves, recorded from the last drawn height.
    page: usize,
}

impl TimelineScreen {
    pub fn new(unit_below: Option<String>) -> TimelineScreen {
        TimelineScreen {
            row: 0,
            member: 0,
            scope: TimelineScope::All,
            unit_below,
            page: 10,
        }
    }

    /// Narrowed to the marked units, as the meeting it is opened from.
    pub fn show_marked(&mut self) {
        self.scope = TimelineScope::Marked;
        self.row = 0;
        self.member = 0;
    }

    /// The main screen below selected another unit since this screen was last shown.
    pub fn set_unit_below(&mut self, unit: Option<String>) {
        self.unit_below = unit;
    }

    pub fn handle(&mut self, action: Action, sh: &Shared) -> Vec<Command> {
        match action {
            Action::Scope => self.next_scope(sh),
            a if is_vertical(a) => {
                let n = self.timeline(sh, &self.scope(sh)).len();
                self.row = step(self.row, n, a, self.page.max(1));
                self.member = 0;
            }
            Action::NextUnit => self.member += 1,
            Action::Open => {
                let scope = self.scope(sh);
                let tl = self.timeline(sh, &scope);
                let found = tl.entries().nth(self.row).map(|(_, e)| e.task);
                if let Some(task) = found.and_then(|t| sh.model.task_position(t)) {
                    return vec![Command::Task(OpenTask {
                        task,
                        from_matrix: false,
                        unit: None,
                    })];
                }
            }
            Action::Copy => {
                let rows = crate::tui::clipboard::sheet_rows(sh, self.sheet(sh));
                return vec![Command::Copy(rows)];
            }
            _ => {}
        }
        Vec::new()
    }

    /// The (task, unit) the ledger keys act on: the selected row's task, for the filtered
    /// unit when the timeline shows one unit, else for the task's unit Tab picked (marked
    /// units first).
    pub fn ledger_target(&self, sh: &Shared) -> Option<(usize, usize)> {
        let scope = self.scope(sh);
        self.target_in(sh, &self.timeline(sh, &scope))
            .map(|(task, unit, _)| (task, unit))
    }

    /// [`Self::ledger_target`] in a timeline already built (the drawing's), with how many
    /// units Tab picks among on that row.
    fn target_in(&self, sh: &Shared, tl: &Timeline) -> Option<(usize, usize, usize)> {
        let task = tl.entries().nth(self.row).map(|(_, e)| e.task)?;
        let units = match &self.scope {
            TimelineScope::Unit(u) => vec![u.as_str()],
            _ => standing::task_units(sh, task),
        };
        Some((
            sh.model.task_position(task)?,
            standing::pick_unit(sh, &units, self.member)?,
            units.len(),
        ))
    }

    fn scope(&self, sh: &Shared) -> Scope {
        match &self.scope {
            TimelineScope::All => Scope::All,
            TimelineScope::Unit(u) => Scope::Units(vec![u.clone()]),
            TimelineScope::Marked => Scope::Units(sh.marked.clone()),
            TimelineScope::Document(i) => sh
                .model
                .documents
                .get(*i)
                .map_or(Scope::All, |d| Scope::Document(d.id.clone())),
        }
    }

    /// The scope's name as the timeline's title shows it.
    fn scope_label(&self, sh: &Shared) -> String {
        let m = sh.lang.meeting();
        match &self.scope {
            TimelineScope::All => m.scope_all.to_string(),
            TimelineScope::Unit(u) => u.clone(),
            TimelineScope::Marked => format!("{}({})", m.scope_marked, sh.marked.len()),
            TimelineScope::Document(i) => sh
                .model
                .documents
                .get(*i)
                .map_or(String::new(), |d| d.title.clone()),
        }
    }

    /// Every unit, the selected one, the marked set, then each document.
    fn next_scope(&mut self, sh: &Shared) {
        let docs = sh.model.documents.len();
        let after_unit = if sh.marked.is_empty() {
            if docs > 0 {
                TimelineScope::Document(0)
            } else {
                TimelineScope::All
            }
        } else {
            TimelineScope::Marked
        };
        let after_marked = if docs > 0 {
            TimelineScope::Document(0)
        } else {
            TimelineScope::All
        };
        self.scope = match &self.scope {
            TimelineScope::All => self
                .unit_below
                .clone()
                .map_or(after_unit.clone(), TimelineScope::Unit),
            TimelineScope::Unit(_) => after_unit,
            TimelineScope::Marked => after_marked,
            TimelineScope::Document(i) if i + 1 < docs => TimelineScope::Document(i + 1),
            TimelineScope::Document(_) => TimelineScope::All,
        };
        self.row = 0;
    }

    fn timeline<'a>(&self, sh: &'a Shared, scope: &Scope) -> Timeline<'a> {
        Timeline::new(&sh.model, scope, sh.today)
    }

    pub fn sheet(&self, sh: &Shared) -> Option<Sheet> {
        Some(crate::export::timeline_sheet(
            &sh.model,
            &self.scope(sh),
            sh.lang,
            sh.today,
        ))
    }

    /// What the export's file name says the sheet is: the timeline and its scope.
    pub fn file_subject(&self, sh: &Shared) -> String {
        format!("{}-{}", sh.lang.meeting().timeline, self.scope_label(sh))
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let (s, m) = (sh.lang.strings(), sh.lang.meeting());
        let scope = self.scope(sh);
        let tl = self.timeline(sh, &scope);
        let title = format!(
            " {} · {} · {} ",
            m.timeline,
            self.scope_label(sh),
            (m.today_is)(sh.today)
        );
        let block = Block::bordered()
            .title(truncate(
                &safe(&title),
                usize::from(area.width.saturating_sub(2)),
            ))
            .border_style(theme.focused_border(true));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = usize::from(inner.width);
        let counts: Vec<String> = Band::ALL
            .iter()
            .map(|b| match sh.lang {
                crate::words::Lang::Zh => format!("{}{}", m.band(*b), tl.count(*b)),
                crate::words::Lang::En => format!("{} {}", m.band(*b), tl.count(*b)),
            })
            .collect();
        let mut lines = vec![Line::styled(truncate(&counts.join(" · "), w), theme.dim())];
        let compact = w < 64;
        let who_w = if compact { 10 } else { 14 };
        let mut k = 0;
        let mut selected_row = 0;
        for (band, entries) in &tl.bands {
            if entries.is_empty() {
                continue;
            }
            let style = if *band == Band::Overdue {
                theme.overdue()
            } else {
                theme.heading()
            };
            lines.push(Line::styled(
                truncate(&format!("{} ({})", m.band(*band), entries.len()), w),
                style,
            ));
            for e in entries {
                let is_sel = k == self.row;
                if is_sel {
                    selected_row = lines.len();
                }
                k += 1;
                let t = e.task;
                let date = e.due.map_or(String::new(), |d| d.to_string());
                // The filtered unit's light, else the task's worst.
                let light = match &self.scope {
                    TimelineScope::Unit(u) => sh.ledger.light(t, u, sh.today),
                    _ => sh.ledger.task_light(t, sh.today),
                };
                let days = if light == crate::ledger::Light::Grey {
                    Span::styled(Status::Done.word(sh.lang).to_string(), theme.dim())
                } else {
                    days_span(s, sh.today, t.deadline.as_deref(), theme, compact)
                };
                // Filtered to one unit, the last column is that unit's role, not another unit.
                let who = match &self.scope {
                    TimelineScope::Unit(u) => t
                        .assignments
                        .iter()
                        .find(|a| &a.unit == u)
                        .map_or("", |a| s.role(a.role)),
                    // The meeting's timeline names the meeting's unit on the row.
                    TimelineScope::Marked => t
                        .assignments
                        .iter()
                        .find(|a| sh.marked.iter().any(|m| *m == a.unit))
                        .map_or("", |a| a.unit.as_str()),
                    _ => sh
                        .model
                        .assignees(t, Role::Lead)
                        .map(|(u, _)| u)
                        .next()
                        .or_else(|| t.assignments.first().map(|a| a.unit.as_str()))
                        .unwrap_or(""),
                };
                let days_w = width(&days.content).max(if compact { 6 } else { 8 });
                let title_w = w.saturating_sub(2 + 10 + 1 + days_w + 1 + 3 + 1 + who_w);

                let base = if is_sel {
                    theme.selected()
                } else {
                    Style::new()
                };
                let days_text = fit(&days.content, days_w);
                lines.push(Line::from(vec![
                    Span::styled(if is_sel { "> " } else { "  " }, base),
                    Span::styled(fit(&date, 10), base),
                    Span::styled(" ", base),
                    Span::styled(days_text, days.style.patch(base)),
                    Span::styled(" ", base),
                    light_span(sh.lang, theme, light).patch_style(base),
                    Span::styled(" ", base),
                    Span::styled(fit(&safe(t.title_simplified()), title_w), base),
                    Span::styled(" ", base),
                    Span::styled(fit(&safe(who), who_w), base.patch(theme.dim())),
                ]));
            }
        }
        if tl.is_empty() {
            lines.push(Line::styled(truncate(s.no_duties, w), theme.dim()));
        }
        // The last line says where the selected row stands for the unit the keys act for.
        let footer = self.target_in(sh, &tl).and_then(|(t, u, choices)| {
            let task = sh.model.tasks.get(t)?;
            Some(standing::footer(sh, theme, task, u, choices > 1, w))
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
