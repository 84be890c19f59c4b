//! The task screen: one task in full — source, section, deadline, every unit with its role,
//! where each stands in the ledger, and the text.

use crate::model::Role;
use crate::text::wrap;
use crate::tui::command::{Command, OpenTask, Screen, is_vertical, step};
use crate::tui::key_table::Action;
use crate::tui::paint::{Theme, safe};
use crate::tui::shared::Shared;
use crate::words::Lang;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub struct TaskScreen {
    /// Index into `Model::tasks`.
    task: usize,
    from_matrix: bool,
    /// The unit the ledger keys act for (index into `Model::units`).
    unit: Option<usize>,
    /// The assignee marked `>`: Enter opens it and the ledger keys act for it (index into the
    /// task's assignments). None when the task was opened for a unit it does not name, until
    /// Tab picks one: the keys then act for that unit and say it is not assigned.
    assignee: Option<usize>,

    scroll: usize,
    /// How far the view can scroll, and the rows a page moves, at the last drawn size.
    max_scroll: usize,
    page: usize,
}

impl TaskScreen {
    pub fn new(open: OpenTask, sh: &Shared) -> TaskScreen {
        // The `>` starts on the unit the task was opened for, so r records for the unit shown.
        let assignee = open
            .unit
            .and_then(|u| sh.model.units.get(u))
            .map(|u| {
                let t = sh.model.tasks.get(open.task)?;
                t.assignments.iter().position(|a| a.unit == u.id)
            })
            .unwrap_or(Some(0));
        TaskScreen {
            task: open.task,
            from_matrix: open.from_matrix,
            unit: open.unit,
            assignee,

            scroll: 0,
            max_scroll: 0,
            page: 10,
        }
    }

    pub fn screen(&self) -> Screen {
        Screen::Task {
            task: self.task,
            from_matrix: self.from_matrix,
        }
    }

    pub fn task(&self) -> usize {
        self.task
    }

    pub fn handle(&mut self, action: Action, sh: &mut Shared) -> Vec<Command> {
        match action {
            Action::NextUnit => {
                let n = sh
                    .model
                    .tasks
                    .get(self.task)
                    .map_or(0, |t| t.assignments.len());
                self.assignee = match self.assignee {
                    _ if n == 0 => None,
                    None => Some(0),
                    Some(i) => Some((i + 1) % n),
                };
            }
            Action::Original => sh.original_text = !sh.original_text,
            Action::Open => {
                let unit = sh
                    .model
                    .tasks
                    .get(self.task)
                    .and_then(|t| t.assignments.get(self.assignee?))
                    .and_then(|a| sh.model.unit_position(&a.unit));
                if let Some(u) = unit {
                    return vec![Command::Unit(u)];
                }
            }
            Action::Copy => return vec![Command::Copy(self.copy_rows(sh))],
            a if is_vertical(a) => {
                self.scroll = step(self.scroll, self.max_scroll + 1, a, self.page.max(1));
            }
            _ => {}
        }
        Vec::new()
    }

    /// The (task, unit) the ledger keys act on: the unit marked `>` (Tab moves it), which
    /// starts on the unit the task was opened for.
    pub fn ledger_target(&self, sh: &Shared) -> Option<(usize, usize)> {
        let chosen = sh
            .model
            .tasks
            .get(self.task)
            .and_then(|t| t.assignments.get(self.assignee?))
            .and_then(|a| sh.model.unit_position(&a.unit));
        Some((self.task, chosen.or(self.unit)?))
    }

    /// What `y` copies: a row per unit the task names, in the columns every sheet and every
    /// view's copy share.
    pub fn copy_rows(&self, sh: &Shared) -> Vec<String> {
        let sheet = sh
            .model
            .tasks
            .get(self.task)
            .map(|t| crate::export::task_sheet(&sh.model, t, sh.lang, sh.today));
        crate::tui::clipboard::sheet_rows(sh, sheet)
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let task = self.task;
        let s = sh.lang.strings();
        let Some(t) = sh.model.tasks.get(task) else {
            return;
        };
        // Chinese UI: the document's words in Simplified; `o` shows them as written.
        let shown = |simplified: &str, written: &str| -> String {
            if sh.original_text || sh.lang == Lang::En {
                written.to_string()
            } else {
                simplified.to_string()
            }
        };
        let block = Block::bordered()
            .title(format!(
                " {} {} ",
                t.number,
                safe(&shown(t.title_simplified(), &t.title))
            ))
            .border_style(theme.heading());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = usize::from(inner.width);
        let doc = sh.model.document(&t.document);
        let mut fields: Vec<(&str, String, Style)> = Vec::new();
        let (open, close) = (s.open_paren, s.close_paren);
        let doc_line = match doc {
            Some(d) => match &d.number {
                Some(n) => format!("{}{open}{n}{close}", d.title),
                None => d.title.clone(),
            },
            None => t.document.to_string(),
        };
        fields.push((s.document, doc_line.clone(), Style::new()));
        fields.push((
            s.section,
            format!("{} › {}", t.section.join(" › "), t.number),
            Style::new(),
        ));
        let lines = match &t.at {
            // A container's place: 第14段, 分工表!A6, 表1 第3行.
            Some(at) => crate::words::place(sh.lang, at),
            None if t.lines[0] == t.lines[1] => format!("{} {}", s.lines, t.lines[0]),
            None => format!("{} {}–{}", s.lines, t.lines[0], t.lines[1]),
        };
        // Where to find it on paper: title, 文号, the task's own number, the lines; a user's file
        // is named by its path too (a built-in document's name is only an internal id).
        let path = doc
            .filter(|d| !crate::sources::BUILTIN.iter().any(|b| b.name == d.source))
            .map(|d| format!(" · {}", crate::text::one_line(&d.source)))
            .unwrap_or_default();
        fields.push((
            s.source,
            format!("《{doc_line}》 {} · {lines}{path}", t.number),
            theme.dim(),
        ));
        let overdue = t
            .deadline
            .as_ref()
            .and_then(|d| d.days_left(sh.today))
            .is_some_and(|d| d < 0);
        let dl_style = if overdue {
            theme.overdue()
        } else {
            Style::new()
        };
        let mut deadline = s.deadline_text(t.deadline.as_deref(), sh.today);
        if let Some(d) = t
            .deadline
            .as_ref()
            .filter(|d| sh.original_text && sh.lang.script(&d.text) != d.text)
        {
            deadline.push_str(&format!(" | {}", d.text));
        }
        fields.push((s.deadline, deadline, dl_style));
        let mut out: Vec<Line> = Vec::new();
        for (label, value, style) in fields {
            push_field(
                &mut out,
                w,
                theme,
                label,
                &[(safe(&value), false)],
                style,
                s,
            );
        }
        // The assignees, each name whole on its line; Tab moves the selection, Enter opens the
        // selected unit's duties.
        for role in Role::ALL {
            let names: Vec<(String, bool)> = t
                .assignments
                .iter()
                .enumerate()
                .filter(|(_, a)| a.role == role)
                .map(|(i, a)| {
                    let collective = sh.model.unit(&a.unit).is_some_and(|u| u.collective);
                    let name = if collective {
                        format!("{}{open}{}{close}", a.unit, s.collective)
                    } else {
                        a.unit.to_string()
                    };
                    (safe(&name), Some(i) == self.assignee)
                })
                .collect();
            if !names.is_empty() {
                push_field(
                    &mut out,
                    w,
                    theme,
                    s.role(role),
                    &names,
                    theme.role(role),
                    s,
                );
            }
        }
        if t.assignments.is_empty() {
            push_field(
                &mut out,
                w,
                theme,
                s.unit,
                &[(s.none.to_string(), false)],
                theme.dim(),
                s,
            );
        }
        out.push(Line::raw(""));
        out.extend(crate::tui::paint::ledger_lines::task_section(
            sh, theme, t, w,
        ));
        out.push(Line::raw(""));
        out.push(Line::styled(
            format!("{}{}", s.text, s.colon),
            theme.heading(),
        ));
        for l in wrap(&safe(&shown(t.text_simplified(), &t.text)), w) {
            out.push(Line::raw(l));
        }
        let rows = usize::from(inner.height);
        self.max_scroll = out.len().saturating_sub(rows);
        self.page = rows.max(1);
        let offset = self.scroll.min(self.max_scroll);
        let shown: Vec<Line> = out.into_iter().skip(offset).take(rows).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }
}

/// `label：value` with the value wrapped under itself. Each item stays whole on a line (unless
/// it is longer than the line); the selected one is drawn reversed, with `>` before it.
fn push_field(
    out: &mut Vec<Line<'static>>,
    w: usize,
    theme: Theme,
    label: &str,
    items: &[(String, bool)],
    style: Style,
    s: &'static crate::words::Strings,
) {
    let (colon, sep) = (s.colon, s.list_sep);
    use crate::text::width;
    let head = format!("{label}{colon}");
    let head_w = width(&head);
    let room = w.saturating_sub(head_w).max(4);
    let indent = || Span::raw(" ".repeat(head_w));
    let mut spans: Vec<Span<'static>> = vec![Span::styled(head.clone(), theme.heading())];
    let mut used = 0;
    for (i, (item, selected)) in items.iter().enumerate() {
        let sep = if i == 0 { "" } else { sep };
        let text = if *selected {
            format!(">{item}")
        } else {
            item.clone()
        };
        if used > 0 && used + width(sep) + width(&text) > room {
            out.push(Line::from(std::mem::take(&mut spans)));
            spans.push(indent());
            used = 0;
        } else if used > 0 {
            spans.push(Span::styled(sep, style));
            used += width(sep);
        }
        let st = if *selected { theme.selected() } else { style };
        let parts = wrap(&text, room);
        let last = parts.len().saturating_sub(1);
        for (j, part) in parts.into_iter().enumerate() {
            used += width(&part);
            spans.push(Span::styled(part, st));
            if j < last {
                out.push(Line::from(std::mem::take(&mut spans)));
                spans.push(indent());
                used = 0;
            }
        }
    }
    out.push(Line::from(spans));
}
