//! The duties pane: the selected unit's duties by document, its partners, then its
//! counterparts' tasks. The pane is laid out as row positions first (what each line is, and
//! where the selected one falls), and only the lines that fit on screen are drawn: a
//! province-level unit has thousands of counterparts' tasks below its own, and drawing them all
//! on each key took most of a keystroke.

use super::MainScreen;
use crate::counterparts::{Direction, Pair};
use crate::index::Index;
use crate::ledger::{Light, Status};
use crate::model::{Role, Unit};
use crate::text::{fit, truncate, width};
use crate::tui::command::Focus;
use crate::tui::paint::{Theme, days_span, safe, scroll_offset};
use crate::tui::shared::Shared;
use crate::words::StatusWords;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// What one line of the pane shows, before it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// The unit's other spellings, or that it is a collective.
    Note,
    /// The title of the document of the task (index into `Model::tasks`) below it.
    Document(usize),
    /// The unit's `k`th duty.
    Duty(usize),
    NoDuties,
    PartnersHeading,
    /// The `k`th partner.
    Partner(usize),
    /// The blank line before a counterpart's heading.
    Blank,
    /// The heading of the `g`th counterpart.
    Heading(usize),
    /// The `at`th task of the `g`th counterpart.
    Counterpart(usize, usize),
}

/// One counterpart's tasks: a blank line, its heading, then `len` rows from line `line`.
struct Group<'a> {
    direction: Direction,
    pair: &'a Pair,
    unit: &'a str,
    /// Its first task's place among the pane's selectable rows.
    first: usize,
    len: usize,
    /// The pane line of its blank line.
    line: usize,
}

/// The pane's lines as positions: the unit's own part listed (as long as its own duties), the
/// counterparts' part as groups of known length.
struct Plan<'a> {
    head: Vec<Row>,
    groups: Vec<Group<'a>>,
    lines: usize,
}

impl Plan<'_> {
    fn row(&self, line: usize) -> Option<Row> {
        if let Some(&r) = self.head.get(line) {
            return Some(r);
        }
        let g = self
            .groups
            .partition_point(|g| g.line <= line)
            .checked_sub(1)?;
        let group = self.groups.get(g)?;
        match line - group.line {
            0 => Some(Row::Blank),
            1 => Some(Row::Heading(g)),
            n => (n - 2 < group.len).then_some(Row::Counterpart(g, n - 2)),
        }
    }
}

impl MainScreen {
    pub(super) fn draw_duties(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let s = sh.lang.strings();
        let unit = self.selected_unit().and_then(|i| sh.model.units.get(i));
        let title = match unit {
            Some(u) => {
                let c = sh.model.role_counts(&u.id);
                format!(
                    " {} · {}  {} ",
                    s.duties,
                    u.name,
                    (s.role_counts)(c.lead, c.support, c.responsible)
                )
            }
            None => format!(" {} ", s.duties),
        };
        let focused = self.focus == Focus::Duties;
        // Empty with no unit selected.
        let duties = sh.duties(self.selected_unit());
        let mut block = Block::bordered()
            .title(truncate(&title, usize::from(area.width.saturating_sub(2))))
            .border_style(theme.focused_border(focused));
        // By when, in full, for the duty under the cursor: a narrow pane's rows keep their titles
        // and the days, and the date stays one glance away (2025-12-31 2025年底前（文件期限）).
        if focused
            && let Some(task) = duties
                .get(self.duty)
                .and_then(|&(t, _)| sh.model.tasks.get(t))
        {
            let d = task.deadline.as_deref();
            let phrase = safe(&s.deadline_phrase(d));
            let text = match d.and_then(|d| d.due(sh.today)) {
                Some(date) => format!(" {}{}{date} {phrase} ", s.due_date, s.colon),
                None => format!(" {phrase} "),
            };
            block = block.title_bottom(
                Line::from(truncate(&text, usize::from(area.width.saturating_sub(4))))
                    .right_aligned(),
            );
        }
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(unit) = unit else { return };
        let ix = sh.model.index();
        let partners = sh.model.partners(&unit.id);
        let (plan, selected_row) = self.plan(sh, &ix, unit, &duties, partners.len());
        let rows = usize::from(inner.height);
        if focused {
            self.page = rows.max(1);
        }
        let w = usize::from(inner.width);
        // The role column is as wide as this unit's roles need: the title gets the rest. The
        // roles are read from the counts, not the duties held: a first frame drawn from part of
        // the load holds only the first screen of them, and a role further down would widen
        // the column when the whole load is drawn.
        let c = sh.model.role_counts(&unit.id);
        let held = [
            (Role::Lead, c.lead),
            (Role::Support, c.support),
            (Role::Responsible, c.responsible),
            (Role::DataProvider, c.data_provider),
        ];
        let role_w = (held.iter())
            .filter(|&&(_, n)| n > 0)
            .map(|&(r, _)| width(s.role(r)))
            .max()
            .unwrap_or(4);
        let offset = scroll_offset(selected_row, rows);
        let shown: Vec<Line> = (offset..plan.lines.min(offset + rows))
            .filter_map(|line| plan.row(line))
            .map(|row| {
                let selectable = |k: usize| (k == self.duty, focused);
                match row {
                    Row::Note => note_line(sh, unit, w, theme),
                    Row::Document(t) => {
                        let doc = sh.model.tasks.get(t).map_or("", |t| t.document.as_str());
                        let title = sh.model.document(doc).map_or(doc, |d| d.title.as_str());
                        Line::styled(truncate(&safe(title), w), theme.heading())
                    }
                    Row::Duty(k) => duties.get(k).map_or_else(Line::default, |&(t, role)| {
                        duty_line(sh, unit, t, role, role_w, w, theme, selectable(k))
                    }),
                    Row::NoDuties => Line::styled(s.no_duties, theme.dim()),
                    Row::PartnersHeading => Line::styled(
                        truncate(&format!("{}{}", s.partners, s.colon.trim_end()), w),
                        theme.heading(),
                    ),
                    Row::Partner(k) => partners.get(k).map_or_else(Line::default, |(u, n)| {
                        partner_line(u, *n, w, theme, selectable(duties.len() + k))
                    }),
                    Row::Blank => Line::raw(""),
                    Row::Heading(g) => plan
                        .groups
                        .get(g)
                        .map_or_else(Line::default, |g| heading_line(sh, g, w, theme)),
                    Row::Counterpart(g, at) => plan
                        .groups
                        .get(g)
                        .and_then(|g| {
                            let &(t, role) = ix.duties(g.unit).get(at)?;
                            let task = sh.model.tasks.get(t as usize)?;
                            let sel = selectable(g.first + at);
                            Some(counterpart_line(sh, g.unit, task, role, w, theme, sel))
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }

    /// The pane's rows as positions, and the line of the selected row.
    fn plan<'a>(
        &self,
        sh: &'a Shared,
        ix: &Index,
        unit: &Unit,
        duties: &[(usize, Role)],
        partners: usize,
    ) -> (Plan<'a>, usize) {
        let mut head = Vec::with_capacity(duties.len() + partners + 4);
        // Merged spellings are shown, so a user sees why 市卫生健康委员会 is listed here.
        if unit.collective || !unit.aliases.is_empty() {
            head.push(Row::Note);
        }
        let mut selected_row = 0;
        let mut current_doc: Option<&str> = None;
        for (k, &(ti, _)) in duties.iter().enumerate() {
            let Some(task) = sh.model.tasks.get(ti) else {
                continue;
            };
            if current_doc != Some(task.document.as_str()) {
                current_doc = Some(&task.document);
                head.push(Row::Document(ti));
            }
            if k == self.duty {
                selected_row = head.len();
            }
            head.push(Row::Duty(k));
        }
        if duties.is_empty() {
            head.push(Row::NoDuties);
        }
        // Partners are rows of the pane, one per line: the cursor reaches them, Enter opens one,
        // and no name is ever broken across lines.
        if partners > 0 {
            head.push(Row::PartnersHeading);
            for k in 0..partners {
                if duties.len() + k == self.duty {
                    selected_row = head.len();
                }
                head.push(Row::Partner(k));
            }
        }
        // Counterparts' tasks come last: they can be many, and the partners must stay in reach.
        let mut groups = Vec::new();
        let mut first = duties.len() + partners;
        let mut line = head.len();
        for (direction, pair) in sh.counterparts.of(&unit.id) {
            let other = pair.other(&unit.id);
            let len = ix.duties(other).len();
            if len == 0 {
                continue;
            }
            if (first..first + len).contains(&self.duty) {
                selected_row = line + 2 + (self.duty - first);
            }
            groups.push(Group {
                direction,
                pair,
                unit: other,
                first,
                len,
                line,
            });
            first += len;
            line += 2 + len;
        }
        let plan = Plan {
            head,
            groups,
            lines: line,
        };
        (plan, selected_row)
    }
}

fn note_line(sh: &Shared, unit: &Unit, w: usize, theme: Theme) -> Line<'static> {
    let s = sh.lang.strings();
    let mut note = Vec::new();
    if unit.collective {
        note.push(s.collective.to_string());
    }
    if !unit.aliases.is_empty() {
        note.push(format!(
            "{}{}{}",
            s.also_called,
            s.colon,
            unit.aliases.join(s.list_sep)
        ));
    }
    Line::styled(truncate(&safe(&note.join(" · ")), w), theme.dim())
}

/// (is the selected row, the pane has the focus): the row's marker and colours.
fn row_style(theme: Theme, (selected, focused): (bool, bool)) -> (Style, &'static str) {
    if selected && focused {
        (theme.selected(), "> ")
    } else {
        (Style::new(), "  ")
    }
}

/// One of the unit's own duties: light, status, role, title, due date, days left.
#[allow(clippy::too_many_arguments)]
fn duty_line(
    sh: &Shared,
    unit: &Unit,
    ti: usize,
    role: Role,
    role_w: usize,
    w: usize,
    theme: Theme,
    sel: (bool, bool),
) -> Line<'static> {
    let s = sh.lang.strings();
    let Some(task) = sh.model.tasks.get(ti) else {
        return Line::default();
    };
    // The light (word and colour) leads the row; a closed task's days no longer alarm.
    let light = sh.ledger.light(task, &unit.id, sh.today);
    let status =
        crate::tui::paint::ledger_lines::status_cell(sh, task, &unit.id).filter(|_| w >= 44);
    let ledger_w = 3 + status.as_ref().map_or(0, |st| width(st) + 1);
    // The long form of days left when the title keeps 12 characters, else the short one.
    let days = days_span(s, sh.today, task.deadline.as_deref(), theme, false);
    let days = if w.saturating_sub(2 + ledger_w + role_w + 2 + width(&days.content)) >= 24 {
        days
    } else {
        days_span(s, sh.today, task.deadline.as_deref(), theme, true)
    };
    // A closed duty is not late any more: its days give way to 已销号, or to nothing when the
    // status column already says it.
    let days = if light == Light::Grey {
        let said = if status.is_some() {
            String::new()
        } else {
            Status::Done.word(sh.lang).to_string()
        };
        Span::styled(said, theme.dim())
    } else {
        days
    };
    // The due date too when the title keeps room enough to be read (12 characters).
    let due = task
        .deadline
        .as_ref()
        .and_then(|d| d.due(sh.today))
        .map(|d| format!("{} ", d.format("%Y-%m-%d")))
        .unwrap_or_default();
    let fixed = 2 + ledger_w + role_w + 1 + 1 + width(&days.content);
    let due = if w.saturating_sub(fixed + width(&due)) >= 24 {
        due
    } else {
        String::new()
    };
    let title_w = w.saturating_sub(fixed + width(&due));
    let (base, marker) = row_style(theme, sel);
    let mut row = vec![
        Span::styled(marker, base),
        crate::tui::paint::ledger_lines::light_span(sh.lang, theme, light).patch_style(base),
        Span::styled(" ", base),
    ];
    if let Some(st) = status {
        row.push(Span::styled(st, base));
        row.push(Span::styled(" ", base));
    }
    row.extend([
        Span::styled(fit(s.role(role), role_w), base.patch(theme.role(role))),
        Span::styled(" ", base),
        Span::styled(fit(&safe(task.title_simplified()), title_w), base),
        Span::styled(" ", base),
        Span::styled(due, base),
        days.patch_style(base),
    ]);
    Line::from(row)
}

fn partner_line(u: &Unit, n: usize, w: usize, theme: Theme, sel: (bool, bool)) -> Line<'static> {
    let (base, marker) = row_style(theme, sel);
    let count = format!(" ({n})");
    let name_w = w.saturating_sub(2 + width(&count));
    Line::from(vec![
        Span::styled(marker, base),
        Span::styled(fit(&safe(&u.name), name_w), base),
        Span::styled(count, base.patch(theme.dim())),
    ])
}

/// A counterpart's heading (上级对口任务 / 下级对口任务), with how the pair was found.
fn heading_line(sh: &Shared, g: &Group, w: usize, theme: Theme) -> Line<'static> {
    let m = sh.lang.meeting();
    let heading = match g.direction {
        Direction::Upper => m.counterpart_upper,
        Direction::Lower => m.counterpart_lower,
    };
    let how = m.how(&g.pair.how);
    Line::styled(
        truncate(&safe(&format!("{heading} · {}（{how}）", g.unit)), w),
        theme.heading(),
    )
}

/// A counterpart's task, with the counterpart's own light: where its task stands is what the
/// meeting asks.
fn counterpart_line(
    sh: &Shared,
    unit: &str,
    task: &crate::model::Task,
    role: Role,
    w: usize,
    theme: Theme,
    sel: (bool, bool),
) -> Line<'static> {
    let s = sh.lang.strings();
    let light = sh.ledger.light(task, unit, sh.today);
    let days = days_span(s, sh.today, task.deadline.as_deref(), theme, w < 44);
    // A closed task is not late any more: its days give way to 已销号.
    let days = if light == Light::Grey {
        Span::styled(Status::Done.word(sh.lang).to_string(), theme.dim())
    } else {
        days
    };
    let role_w = [s.lead, s.support, s.responsible]
        .iter()
        .map(|r| width(r))
        .max()
        .unwrap_or(4);
    let title_w = w.saturating_sub(2 + 3 + role_w + 1 + 1 + width(&days.content));
    let (base, marker) = row_style(theme, sel);
    Line::from(vec![
        Span::styled(marker, base),
        crate::tui::paint::ledger_lines::light_span(sh.lang, theme, light).patch_style(base),
        Span::styled(" ", base),
        Span::styled(fit(s.role(role), role_w), base.patch(theme.role(role))),
        Span::styled(" ", base),
        Span::styled(fit(&safe(task.title_simplified()), title_w), base),
        Span::styled(" ", base),
        days.patch_style(base),
    ])
}
