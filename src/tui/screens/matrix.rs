//! The responsibility matrix: units down, tasks across, a glyph per role. The unit column and
//! the task header stay put while the grid scrolls; a footer names what is under the cursor.

use crate::export::Sheet;
use crate::model::{Role, Task};
use crate::text::{fit, truncate};
use crate::tui::clipboard::row;
use crate::tui::command::{Command, OpenTask, is_vertical, step};
use crate::tui::key_table::Action;
use crate::tui::paint::{Theme, safe, scroll_offset};
use crate::tui::shared::Shared;
use crate::words::Lang;
use crate::words::LightWords;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

const CELL: usize = 3;

/// Two cells per glyph in either language, so columns line up.
fn glyph(lang: Lang, role: Option<Role>) -> &'static str {
    match (lang, role) {
        (_, None) => " .",
        (Lang::Zh, Some(Role::Lead)) => "牵",
        (Lang::Zh, Some(Role::Support)) => "配",
        (Lang::Zh, Some(Role::Responsible)) => "责",
        (Lang::En, Some(Role::Lead)) => " L",
        (Lang::En, Some(Role::Support)) => " S",
        (Lang::En, Some(Role::Responsible)) => " R",
        (Lang::Zh, Some(Role::DataProvider)) => "数",
        (Lang::En, Some(Role::DataProvider)) => " D",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixSort {
    Load,
    Name,
}

/// One cell of the matrix, as [`MatrixScreen::cell`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixCell {
    Role(Role),
    Light(crate::ledger::Light),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixScreen {
    row: usize,
    col: usize,
    sort: MatrixSort,
    /// Index into `Model::documents`, or all documents.
    document: Option<usize>,
    /// Whether collectives (各区县人民政府 …) get rows; by default only units do.
    collectives: bool,
    /// Whether cells show each assignment's light (亮灯) instead of its role.
    lights: bool,
    /// Rows a page moves, recorded from the last drawn height.
    page: usize,
}

impl Default for MatrixScreen {
    fn default() -> MatrixScreen {
        MatrixScreen {
            row: 0,
            col: 0,
            sort: MatrixSort::Load,
            document: None,
            collectives: false,
            lights: false,
            page: 10,
        }
    }
}

impl MatrixScreen {
    /// Puts the cursor on a cell (row into [`MatrixScreen::units`], column into
    /// [`MatrixScreen::tasks`]).
    pub fn select(&mut self, row: usize, col: usize) {
        self.row = row;
        self.col = col;
    }

    pub fn handle(&mut self, action: Action, sh: &Shared) -> Vec<Command> {
        match action {
            Action::Sort => {
                self.sort = match self.sort {
                    MatrixSort::Load => MatrixSort::Name,
                    MatrixSort::Name => MatrixSort::Load,
                };
                self.row = 0;
            }
            Action::Collectives => {
                self.collectives = !self.collectives;
                self.row = 0;
            }
            Action::Lights => self.lights = !self.lights,
            Action::NextDocument => {
                let n = sh.model.documents.len();
                self.document = match self.document {
                    None if n > 0 => Some(0),
                    Some(i) if i + 1 < n => Some(i + 1),
                    _ => None,
                };
                self.row = 0;
                self.col = 0;
            }
            Action::Left | Action::Right => {
                let n = self.tasks(sh).len();
                let as_vertical = if action == Action::Left {
                    Action::Up
                } else {
                    Action::Down
                };
                self.col = step(self.col, n, as_vertical, 1);
            }
            a if is_vertical(a) => {
                let n = self.units(sh).len();
                self.row = step(self.row, n, a, self.page.max(1));
            }
            Action::Open => {
                if let Some(&task) = self.tasks(sh).get(self.col) {
                    return vec![Command::Task(OpenTask {
                        task,
                        from_matrix: true,
                        unit: self.units(sh).get(self.row).copied(),
                    })];
                }
            }
            Action::Copy => return vec![Command::Copy(self.copy_rows(sh))],
            _ => {}
        }
        Vec::new()
    }

    /// Tasks shown as columns: those with units, in the chosen document.
    pub fn tasks(&self, sh: &Shared) -> Vec<usize> {
        let doc = self.document.and_then(|i| sh.model.documents.get(i));
        sh.model
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.assignments.is_empty() && doc.is_none_or(|d| d.id == t.document))
            .map(|(i, _)| i)
            .collect()
    }

    /// The (task, unit) the ledger keys act on: the selected cell, when the unit has a role in
    /// the task.
    pub fn ledger_target(&self, sh: &Shared) -> Option<(usize, usize)> {
        let task = *self.tasks(sh).get(self.col)?;
        let unit = *self.units(sh).get(self.row)?;
        let id = &sh.model.units.get(unit)?.id;
        sh.model
            .tasks
            .get(task)?
            .assignments
            .iter()
            .any(|a| &a.unit == id)
            .then_some((task, unit))
    }

    /// What the matrix shows for `unit` on `task`, drawn or copied alike: nothing when the unit
    /// has no role in it, else its role, or with lights on (L) its light.
    pub fn cell(&self, sh: &Shared, task: &Task, unit: &str) -> Option<MatrixCell> {
        let a = task.assignments.iter().find(|a| a.unit == unit)?;
        Some(if self.lights {
            MatrixCell::Light(sh.ledger.light(task, unit, sh.today))
        } else {
            MatrixCell::Role(a.role)
        })
    }

    /// Units shown as rows: those with a task among the columns, sorted as chosen.
    pub fn units(&self, sh: &Shared) -> Vec<usize> {
        let model = &sh.model;
        // Each column's assignees counted once: linear in the assignments shown.
        let mut loads = vec![0usize; model.units.len()];
        let ix = model.index();
        for t in self.tasks(sh) {
            let Some(task) = model.tasks.get(t) else {
                continue;
            };
            let mut seen: Vec<usize> = Vec::new();
            for a in &task.assignments {
                if let Some(u) = ix.unit(&a.unit)
                    && !seen.contains(&u)
                {
                    seen.push(u);
                    loads[u] += 1;
                }
            }
        }
        let mut rows: Vec<(usize, usize)> = loads
            .into_iter()
            .enumerate()
            .filter(|&(u, n)| n > 0 && (self.collectives || !model.units[u].collective))
            .collect();
        let key = |u: usize| crate::search::pinyin_sort_key(&model.units[u].name);
        match self.sort {
            MatrixSort::Load => rows.sort_by_cached_key(|&(u, n)| (std::cmp::Reverse(n), key(u))),
            MatrixSort::Name => rows.sort_by_cached_key(|&(u, _)| key(u)),
        }
        rows.into_iter().map(|(u, _)| u).collect()
    }

    pub fn sheet(&self, sh: &Shared) -> Option<Sheet> {
        Some(crate::export::matrix_sheet(&sh.model, sh.lang, sh.today))
    }

    /// What `y` copies: the matrix as shown, a row per unit and a column per task.
    pub fn copy_rows(&self, sh: &Shared) -> Vec<String> {
        let s = sh.lang.strings();
        let tasks = self.tasks(sh);
        let mut head = vec![s.unit.to_string()];
        head.extend(
            tasks
                .iter()
                .filter_map(|&t| sh.model.tasks.get(t))
                .map(|t| t.title_simplified().to_string()),
        );
        let mut out = vec![row(head)];
        for u in self.units(sh) {
            let Some(unit) = sh.model.units.get(u) else {
                continue;
            };
            let mut cells = vec![unit.name.clone()];
            for &t in &tasks {
                let cell = sh
                    .model
                    .tasks
                    .get(t)
                    .and_then(|t| self.cell(sh, t, &unit.id));
                cells.push(match cell {
                    Some(MatrixCell::Light(l)) => l.word(sh.lang).to_string(),
                    Some(MatrixCell::Role(r)) => s.role(r).to_string(),
                    None => String::new(),
                });
            }
            out.push(row(cells));
        }
        out
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let s = sh.lang.strings();
        let tasks = self.tasks(sh);
        let units = self.units(sh);
        let doc = self
            .document
            .and_then(|i| sh.model.documents.get(i))
            .map_or(s.all_documents.to_string(), |d| safe(&d.title));
        let sort = match self.sort {
            MatrixSort::Load => s.sort_by_load,
            MatrixSort::Name => s.sort_by_name,
        };
        let shown = if self.lights {
            format!(" · {}", crate::words::ledger_words(sh.lang).light)
        } else {
            String::new()
        };
        let block = Block::bordered()
            .title(format!(
                " {} · {doc} · {sort}{shown} · {}×{} ",
                s.matrix,
                units.len(),
                tasks.len()
            ))
            .border_style(theme.heading());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [grid, footer] =
            Layout::vertical([Constraint::Min(2), Constraint::Length(2)]).areas(inner);
        let w = usize::from(grid.width);
        let unit_w = (w / 3).clamp(8, 22);
        let visible_cols = (w.saturating_sub(unit_w + 1) / CELL).max(1);
        let col = self.col.min(tasks.len().saturating_sub(1));
        let row = self.row.min(units.len().saturating_sub(1));
        let col_off = scroll_offset(col, visible_cols);
        let rows = usize::from(grid.height).saturating_sub(1);
        self.page = rows.max(1);
        let row_off = scroll_offset(row, rows);

        let mut header = vec![Span::styled(fit("", unit_w + 1), theme.dim())];
        for c in (col_off..tasks.len()).take(visible_cols) {
            let style = if c == col {
                theme.selected()
            } else {
                theme.dim()
            };
            header.push(Span::styled(format!("{:>3}", (c + 1) % 1000), style));
        }
        let mut lines = vec![Line::from(header)];
        for (r, &u) in units.iter().enumerate().skip(row_off).take(rows) {
            let Some(unit) = sh.model.units.get(u) else {
                continue;
            };
            let row_style = if r == row {
                theme.selected()
            } else {
                Style::new()
            };
            let mut spans = vec![
                Span::styled(fit(&unit.name, unit_w), row_style),
                Span::raw(" "),
            ];
            for c in (col_off..tasks.len()).take(visible_cols) {
                let cell = tasks
                    .get(c)
                    .and_then(|&t| sh.model.tasks.get(t))
                    .and_then(|t| self.cell(sh, t, &unit.id));
                // A light is a word two cells wide and a colour, so it reads without colour too.
                let (text, style) = match cell {
                    Some(MatrixCell::Light(l)) => {
                        let word = l.short(sh.lang);
                        let pad = " ".repeat(2usize.saturating_sub(crate::text::width(word)));
                        (
                            format!("{pad}{word}"),
                            crate::tui::paint::ledger_lines::light_style(theme, l),
                        )
                    }
                    Some(MatrixCell::Role(role)) => {
                        (glyph(sh.lang, Some(role)).to_string(), theme.role(role))
                    }
                    None => (glyph(sh.lang, None).to_string(), theme.dim()),
                };
                let style = if r == row && c == col {
                    style.patch(theme.selected())
                } else {
                    style
                };
                spans.push(Span::raw(" "));
                spans.push(Span::styled(text, style));
            }
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines), grid);

        let fw = usize::from(footer.width);
        let task = tasks.get(col).and_then(|&t| sh.model.tasks.get(t));
        let unit = units.get(row).and_then(|&u| sh.model.units.get(u));
        let mut foot = Vec::new();
        if let Some(t) = task {
            let doc = sh
                .model
                .document(&t.document)
                .map_or(t.document.as_str(), |d| d.title.as_str());
            let text = format!(
                "[{}/{}] {} {} · {}",
                col + 1,
                tasks.len(),
                t.number,
                t.title_simplified(),
                doc
            );
            foot.push(Line::raw(truncate(&safe(&text), fw)));
        }
        if let Some(u) = unit {
            let role = task
                .and_then(|t| t.assignments.iter().find(|a| a.unit == u.id))
                .map(|a| a.role);
            // The role, and where it stands: the light and the status in force.
            let what = match (role, task) {
                (Some(r), Some(t)) => {
                    let light = sh.ledger.light(t, &u.id, sh.today);
                    let status = sh
                        .ledger
                        .status(t, &u.id)
                        .map(|st| {
                            format!(
                                " {}",
                                crate::tui::paint::ledger_lines::status_label(sh.lang, st)
                            )
                        })
                        .unwrap_or_default();
                    format!("{} · {}{status}", s.role(r), light.word(sh.lang))
                }
                _ => "—".to_string(),
            };
            let text = format!("{}{}{}", u.name, s.colon, what);
            let style = role.map_or(theme.dim(), |r| theme.role(r));
            foot.push(Line::styled(truncate(&safe(&text), fw), style));
        }
        frame.render_widget(Paragraph::new(foot), footer);
    }
}
