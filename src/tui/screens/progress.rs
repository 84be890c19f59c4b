//! The progress screen (挂图作战): per document and per unit, a bar of closed / green / yellow / red items, with the
//! counts written beside it. Each light has its own fill (`.` `=` `+` `#`) as well as its
//! colour, so the bars read under NO_COLOR and on a monochrome terminal.

use crate::ledger::trend::Week;
use crate::ledger::{ChangeMark, Light};
use crate::text::{fit, truncate, width};
use crate::tui::clipboard::row;
use crate::tui::command::{Command, is_vertical, step};
use crate::tui::key_table::Action;
use crate::tui::paint::Theme;
use crate::tui::paint::ledger_lines::light_style;
use crate::tui::shared::Shared;
use crate::words::LightWords;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Closed, green, yellow, red: the order of [`ProgressRow::counts`].
const LIGHTS: [Light; 4] = [Light::Grey, Light::Green, Light::Yellow, Light::Red];
const FILLS: [char; 4] = ['.', '=', '+', '#'];

#[derive(Debug)]
pub struct ProgressScreen {
    /// Rows with the most red items first; otherwise document order and pinyin name order.
    by_red: bool,
    scroll: usize,
    /// How far the view can scroll, and the rows a page moves, at the last drawn size.
    max_scroll: usize,
    page: usize,
    /// The unit selected on the main screen below: the trend is that unit's (else everyone's).
    unit: Option<String>,
    /// The trend drawn last, and what it was made from (the ledger's mark, the unit), so a
    /// redraw with nothing new replays no history.
    trend: Option<(TrendKey, Vec<Week>)>,
}

type TrendKey = (Option<ChangeMark>, Option<String>, NaiveDate);

impl Default for ProgressScreen {
    fn default() -> ProgressScreen {
        ProgressScreen {
            by_red: false,
            scroll: 0,
            max_scroll: 0,
            page: 10,
            unit: None,
            trend: None,
        }
    }
}

/// The levels a week's count is drawn with, lowest first: ASCII, so every terminal gives them
/// one cell (the block elements ▁…█ are of ambiguous width).
const LEVELS: [char; 8] = ['_', '.', ':', '-', '=', '+', '*', '#'];

impl ProgressScreen {
    /// The main screen below selected `unit` (or none) since this screen was last shown.
    pub fn set_unit(&mut self, unit: Option<String>) {
        self.unit = unit;
    }

    /// The trend of the last weeks as lines: a heading, then a line per light (red first) with
    /// each week's count as a level and the latest count.
    fn trend_lines(&mut self, sh: &Shared, theme: Theme, w: usize) -> Vec<Line<'static>> {
        let key: TrendKey = (sh.ledger.snapshot.mark, self.unit.clone(), sh.today);
        if self.trend.as_ref().is_none_or(|(k, _)| *k != key) {
            let weeks = sh
                .ledger
                .trend(&sh.model, sh.today, self.unit.as_deref())
                .unwrap_or_default();
            self.trend = Some((key, weeks));
        }
        let Some((_, weeks)) = &self.trend else {
            return Vec::new();
        };
        if weeks.is_empty() {
            return Vec::new();
        }
        let ui = sh.lang.ledger_ui();
        let whose = self
            .unit
            .as_deref()
            .and_then(|u| sh.model.unit(u))
            .map_or(ui.trend_all.to_string(), |u| {
                crate::text::safe_line(&u.name)
            });
        let first = weeks.first().map(|x| x.day.format("%m-%d").to_string());
        let last = weeks.last().map(|x| x.day.format("%m-%d").to_string());
        let mut out = vec![Line::styled(
            truncate(
                &(ui.trend_title)(
                    &whose,
                    &first.unwrap_or_default(),
                    &last.unwrap_or_default(),
                ),
                w,
            ),
            theme.heading(),
        )];
        let top = weeks
            .iter()
            .flat_map(|x| x.lights)
            .max()
            .unwrap_or(0)
            .max(1);
        for (i, light) in Light::ALL.iter().enumerate() {
            let marks: String = weeks
                .iter()
                .map(|x| {
                    let n = x.lights[i];
                    if n == 0 {
                        ' '
                    } else {
                        LEVELS[(n * (LEVELS.len() - 1)).div_ceil(top).min(LEVELS.len() - 1)]
                    }
                })
                .collect();
            let now = weeks.last().map_or(0, |x| x.lights[i]);
            out.push(Line::from(vec![
                Span::styled(light.word(sh.lang).to_string(), light_style(theme, *light)),
                Span::raw(" "),
                Span::styled(format!("[{marks}]"), light_style(theme, *light)),
                Span::raw(format!(" {now}")),
            ]));
        }
        out
    }

    pub fn by_red(&self) -> bool {
        self.by_red
    }

    pub fn scroll(&self) -> usize {
        self.scroll
    }

    pub fn handle(&mut self, action: Action, sh: &Shared) -> Vec<Command> {
        match action {
            Action::Sort => {
                self.by_red = !self.by_red;
                self.scroll = 0;
            }
            a if is_vertical(a) => {
                self.scroll = step(self.scroll, self.max_scroll + 1, a, self.page.max(1));
            }
            Action::Copy => return vec![Command::Copy(self.copy_rows(sh))],
            _ => {}
        }
        Vec::new()
    }

    /// What `y` copies: every bar as its counts.
    pub fn copy_rows(&self, sh: &Shared) -> Vec<String> {
        let s = sh.lang.strings();
        let heads = [Light::Grey, Light::Green, Light::Yellow, Light::Red].map(|l| l.word(sh.lang));
        let (docs, units) = rows(sh, self.by_red);
        let mut out = vec![row([
            s.document, s.unit, heads[0], heads[1], heads[2], heads[3],
        ])];
        for (r, is_doc) in docs
            .iter()
            .map(|r| (r, true))
            .chain(units.iter().map(|r| (r, false)))
        {
            let n = r.counts.map(|c| c.to_string());
            let (d, u) = if is_doc {
                (r.name.as_str(), "")
            } else {
                ("", r.name.as_str())
            };
            out.push(row([d, u, &n[0], &n[1], &n[2], &n[3]]));
        }
        out
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, sh: &Shared, theme: Theme) {
        let ui = sh.lang.ledger_ui();
        let sort = if self.by_red { ui.by_red } else { ui.by_order };
        let title = format!(" {} · {} ", ui.progress_title, sort);
        let block = Block::bordered()
            .title(truncate(&title, usize::from(area.width.saturating_sub(2))))
            .border_style(theme.heading());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = usize::from(inner.width);
        let (docs, units) = rows(sh, self.by_red);
        let scale = docs
            .iter()
            .chain(units.iter())
            .map(ProgressRow::total)
            .max()
            .unwrap_or(1)
            .max(1);
        let mut lines = vec![Line::styled(truncate(ui.legend, w), theme.dim())];
        if let Some(n) = &sh.ledger.notice {
            lines.push(Line::styled(
                truncate(&crate::text::safe_line(n), w),
                theme.overdue(),
            ));
        } else if !sh.ledger.is_open() {
            lines.push(Line::styled(truncate(ui.no_ledger, w), theme.dim()));
        }
        let fixed = lines.len();
        for (heading, rows) in [(ui.per_document, &docs), (ui.per_unit, &units)] {
            lines.push(Line::styled(truncate(heading, w), theme.heading()));
            for r in rows {
                lines.push(bar_line(sh, theme, r, w, scale));
            }
        }
        // The trend takes the bottom when there is room for it and the bars.
        let trend = if inner.height >= 16 {
            self.trend_lines(sh, theme, w)
        } else {
            Vec::new()
        };
        // The legend (and notice) stay; the rows below them scroll.
        let rows = usize::from(inner.height).saturating_sub(fixed + trend.len());
        let body = lines.split_off(fixed);
        self.max_scroll = body.len().saturating_sub(rows);
        self.page = rows.max(1);
        let offset = self.scroll.min(self.max_scroll);
        lines.extend(body.into_iter().skip(offset).take(rows));
        if !trend.is_empty() {
            lines.resize(fixed + rows, Line::default());
            lines.extend(trend);
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// The bars: per document (each task once, by its task light) and per unit (each
/// assignment), by red first when `by_red`.
pub fn rows(sh: &Shared, by_red: bool) -> (Vec<ProgressRow>, Vec<ProgressRow>) {
    let today = sh.today;
    let mut docs: Vec<ProgressRow> = sh
        .model
        .documents
        .iter()
        .map(|d| {
            let mut counts = [0; 4];
            for t in sh
                .model
                .tasks
                .iter()
                .filter(|t| t.document == d.id && !t.assignments.is_empty())
            {
                counts[count_slot(sh.ledger.task_light(t, today))] += 1;
            }
            ProgressRow {
                name: d.title.clone(),
                counts,
            }
        })
        .filter(|r| r.total() > 0)
        .collect();
    // One pass over every assignment, not one per unit: big corpora have many of both.
    let mut by_unit: std::collections::HashMap<&str, [usize; 4]> = std::collections::HashMap::new();
    for a in sh
        .ledger
        .snapshot
        .assignments(&sh.model, None, today, sh.ledger.warn_days)
    {
        by_unit.entry(a.unit).or_default()[count_slot(a.light)] += 1;
    }
    let mut units: Vec<ProgressRow> = sh
        .model
        .units
        .iter()
        .filter(|u| !u.collective)
        .filter_map(|u| {
            by_unit.get(u.id.as_str()).map(|&counts| ProgressRow {
                name: u.name.clone(),
                counts,
            })
        })
        .collect();
    units.sort_by_cached_key(|r| crate::search::pinyin_sort_key(&r.name));
    if by_red {
        // Stable: ties keep document order / name order.
        let worst =
            |r: &ProgressRow| std::cmp::Reverse((r.red(), r.counts[count_slot(Light::Yellow)]));
        docs.sort_by_key(worst);
        units.sort_by_key(worst);
    }
    (docs, units)
}

/// `name  ####++====..  销 3 绿 10 黄 2 红 5`, the bar scaled to the longest row.
fn bar_line(sh: &Shared, theme: Theme, r: &ProgressRow, w: usize, scale: usize) -> Line<'static> {
    let letters = sh.lang.ledger_ui().count_letters;
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

/// One bar of the progress view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressRow {
    pub name: String,
    /// Counts by light: closed (grey), green, yellow, red.
    pub counts: [usize; 4],
}

impl ProgressRow {
    pub fn red(&self) -> usize {
        self.counts[3]
    }
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// The index into [`ProgressRow::counts`] of a light.
pub fn count_slot(l: Light) -> usize {
    match l {
        Light::Grey => 0,
        Light::Green => 1,
        Light::Yellow => 2,
        Light::Red => 3,
    }
}
