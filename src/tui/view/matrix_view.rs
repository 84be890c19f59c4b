//! The responsibility matrix: units down, tasks across, a glyph per role. The unit column and
//! the task header stay put while the grid scrolls; a footer names what is under the cursor.

use super::{Theme, safe, scroll_offset};
use crate::model::Role;
use crate::text::{fit, truncate};
use crate::tui::app::{App, MatrixCell, MatrixSort};
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

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let s = app.lang.strings();
    let tasks = app.matrix_tasks();
    let units = app.matrix_units();
    let doc = app
        .matrix
        .document
        .and_then(|i| app.model.documents.get(i))
        .map_or(s.all_documents.to_string(), |d| safe(&d.title));
    let sort = match app.matrix.sort {
        MatrixSort::Load => s.sort_by_load,
        MatrixSort::Name => s.sort_by_name,
    };
    let shown = if app.matrix.lights {
        format!(" · {}", crate::words::ledger_words(app.lang).light)
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
    let [grid, footer] = Layout::vertical([Constraint::Min(2), Constraint::Length(2)]).areas(inner);
    let w = usize::from(grid.width);
    let unit_w = (w / 3).clamp(8, 22);
    let visible_cols = (w.saturating_sub(unit_w + 1) / CELL).max(1);
    let col = app.matrix.col.min(tasks.len().saturating_sub(1));
    let row = app.matrix.row.min(units.len().saturating_sub(1));
    let col_off = scroll_offset(col, visible_cols);
    let rows = usize::from(grid.height).saturating_sub(1);
    app.page.set(rows.max(1));
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
        let Some(unit) = app.model.units.get(u) else {
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
                .and_then(|&t| app.model.tasks.get(t))
                .and_then(|t| app.matrix_cell(t, &unit.id));
            // A light is a word two cells wide and a colour, so it reads without colour too.
            let (text, style) = match cell {
                Some(MatrixCell::Light(l)) => {
                    let word = l.short(app.lang);
                    let pad = " ".repeat(2usize.saturating_sub(crate::text::width(word)));
                    (
                        format!("{pad}{word}"),
                        super::ledger_lines::light_style(theme, l),
                    )
                }
                Some(MatrixCell::Role(role)) => {
                    (glyph(app.lang, Some(role)).to_string(), theme.role(role))
                }
                None => (glyph(app.lang, None).to_string(), theme.dim()),
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
    let task = tasks.get(col).and_then(|&t| app.model.tasks.get(t));
    let unit = units.get(row).and_then(|&u| app.model.units.get(u));
    let mut foot = Vec::new();
    if let Some(t) = task {
        let doc = app
            .model
            .document(&t.document)
            .map_or(t.document.as_str(), |d| d.title.as_str());
        let text = format!(
            "[{}/{}] {} {} · {}",
            col + 1,
            tasks.len(),
            t.number,
            t.title_simplified,
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
                let light = app.ledger.light(t, &u.id, app.today);
                let status = app
                    .ledger
                    .status(t, &u.id)
                    .map(|st| format!(" {}", super::ledger_lines::status_label(app.lang, st)))
                    .unwrap_or_default();
                format!("{} · {}{status}", s.role(r), light.word(app.lang))
            }
            _ => "—".to_string(),
        };
        let text = format!("{}{}{}", u.name, s.colon, what);
        let style = role.map_or(theme.dim(), |r| theme.role(r));
        foot.push(Line::styled(truncate(&safe(&text), fw), style));
    }
    frame.render_widget(Paragraph::new(foot), footer);
}
