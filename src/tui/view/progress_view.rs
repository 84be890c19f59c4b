//! 挂图作战: per document and per unit, a bar of closed / green / yellow / red items, with the
//! counts written beside it. Each light has its own fill (`.` `=` `+` `#`) as well as its
//! colour, so the bars read under NO_COLOR and on a monochrome terminal.

use super::Theme;
use super::ledger_lines::light_style;
use crate::ledger::Light;
use crate::text::{fit, truncate, width};
use crate::tui::app::App;
use crate::tui::ledger_state::ProgressRow;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Closed, green, yellow, red: the order of [`ProgressRow::counts`].
const LIGHTS: [Light; 4] = [Light::Grey, Light::Green, Light::Yellow, Light::Red];
const FILLS: [char; 4] = ['.', '=', '+', '#'];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let ui = app.lang.ledger_ui();
    let sort = if app.ledger.progress.by_red {
        ui.by_red
    } else {
        ui.by_order
    };
    let title = format!(" {} · {} ", ui.progress_title, sort);
    let block = Block::bordered()
        .title(truncate(&title, usize::from(area.width.saturating_sub(2))))
        .border_style(theme.heading());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let (docs, units) = app.progress_rows();
    let scale = docs
        .iter()
        .chain(units.iter())
        .map(ProgressRow::total)
        .max()
        .unwrap_or(1)
        .max(1);
    let mut lines = vec![Line::styled(truncate(ui.legend, w), theme.dim())];
    if let Some(n) = &app.ledger.notice {
        lines.push(Line::styled(
            truncate(&crate::text::safe_line(n), w),
            theme.overdue(),
        ));
    } else if !app.ledger.is_open() {
        lines.push(Line::styled(truncate(ui.no_ledger, w), theme.dim()));
    }
    let fixed = lines.len();
    for (heading, rows) in [(ui.per_document, &docs), (ui.per_unit, &units)] {
        lines.push(Line::styled(truncate(heading, w), theme.heading()));
        for r in rows {
            lines.push(bar_line(app, theme, r, w, scale));
        }
    }
    // The legend (and notice) stay; the rows below them scroll.
    let rows = usize::from(inner.height).saturating_sub(fixed);
    let body = lines.split_off(fixed);
    app.ledger
        .progress
        .max_scroll
        .set(body.len().saturating_sub(rows));
    app.page.set(rows.max(1));
    let offset = app
        .ledger
        .progress
        .scroll
        .min(app.ledger.progress.max_scroll.get());
    lines.extend(body.into_iter().skip(offset).take(rows));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `name  ####++====..  销 3 绿 10 黄 2 红 5`, the bar scaled to the longest row.
fn bar_line(app: &App, theme: Theme, r: &ProgressRow, w: usize, scale: usize) -> Line<'static> {
    let letters = app.lang.ledger_ui().count_letters;
    // Red first: what is late is what the meeting looks at.
    let order = [3usize, 2, 1, 0];
    let counts: String = order
        .iter()
        .map(|&i| format!("{}{:>3}", letters[i], r.counts[i]))
        .collect::<Vec<_>>()
        .join(" ");
    let counts_w = width(&counts);
    let name_w = (w / 3).clamp(8, 24);
    let bar_w = w.saturating_sub(name_w + 1 + 1 + counts_w);
    let cells = bar_cells(r, bar_w, scale);
    let mut spans = vec![
        Span::raw(fit(&crate::text::safe_line(&r.name), name_w)),
        Span::raw(" "),
    ];
    for &i in &order {
        if cells[i] > 0 {
            spans.push(Span::styled(
                FILLS[i].to_string().repeat(cells[i]),
                light_style(theme, LIGHTS[i]),
            ));
        }
    }
    let used: usize = cells.iter().sum();
    spans.push(Span::raw(" ".repeat(bar_w - used.min(bar_w) + 1)));
    for (k, &i) in order.iter().enumerate() {
        if k > 0 {
            spans.push(Span::raw(" "));
        }
        let style = if r.counts[i] > 0 {
            light_style(theme, LIGHTS[i])
        } else {
            theme.dim()
        };
        spans.push(Span::styled(
            format!("{}{:>3}", letters[i], r.counts[i]),
            style,
        ));
    }
    Line::from(spans)
}

/// How many of `bar_w` cells each light gets, in proportion to `scale` (the longest row's
/// total); a light with any items gets at least one cell when there is room.
fn bar_cells(r: &ProgressRow, bar_w: usize, scale: usize) -> [usize; 4] {
    let total = r.total();
    let len = (total * bar_w).div_ceil(scale).min(bar_w);
    let mut cells = [0usize; 4];
    if total == 0 || len == 0 {
        return cells;
    }
    for (cell, &n) in cells.iter_mut().zip(&r.counts) {
        *cell = n * len / total;
        if n > 0 && *cell == 0 {
            *cell = 1;
        }
    }
    // Rounding: give or take cells from the largest share until the bar is `len` long.
    while cells.iter().sum::<usize>() > len {
        let Some(big) = (0..4).max_by_key(|&i| cells[i]) else {
            break;
        };
        if cells[big] <= 1 {
            break;
        }
        cells[big] -= 1;
    }
    while cells.iter().sum::<usize>() < len {
        let Some(big) = (0..4).max_by_key(|&i| r.counts[i]) else {
            break;
        };
        cells[big] += 1;
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_keep_every_light_visible_and_scale_to_the_longest() {
        let r = ProgressRow {
            name: "x".into(),
            counts: [1, 0, 2, 17],
        };
        let c = bar_cells(&r, 20, 20);
        assert_eq!(c.iter().sum::<usize>(), 20);
        assert!(c[0] >= 1 && c[2] >= 1 && c[1] == 0);
        let half = ProgressRow {
            name: "y".into(),
            counts: [0, 5, 0, 5],
        };
        assert_eq!(bar_cells(&half, 20, 20), [0, 5, 0, 5]);
        assert_eq!(bar_cells(&half, 0, 20), [0; 4]);
    }
}
