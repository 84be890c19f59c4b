//! The lights per unit as an SVG chart for slides: one stacked bar per unit (red, yellow,
//! green, grey), the counts written on the bars, a legend. Text is text, so whatever viewer
//! shows it uses its own Chinese fonts; nothing is drawn as paths.

use super::xlsx::light_rgb;
use crate::ledger::Light;
use crate::ledger::report::Report;
use crate::words::{Lang, LightWords, ledger_words, office_words};
use dutymatrix_base::text::{safe_line, width};

/// At most this many units get a bar (the report's order: most red first); the rest are
/// counted in a closing line.
pub const MAX_UNITS: usize = 40;

const BAR_H: usize = 22;
const ROW_H: usize = 30;
const TOP: usize = 84;
const FONT: &str = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','SimHei',sans-serif";

/// Text for XML: the five characters escaped, control characters gone.
pub(super) fn esc(s: &str) -> String {
    safe_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

pub fn chart(report: &Report, lang: Lang) -> String {
    let (o, w) = (office_words(lang), ledger_words(lang));
    let units = &report.units[..report.units.len().min(MAX_UNITS)];
    let label_w = units
        .iter()
        .map(|u| width(&safe_line(&u.unit)))
        .max()
        .unwrap_or(4)
        .clamp(4, 40)
        * 8
        + 24;
    let bar_w = 640usize;
    let most = units.iter().map(|u| u.total).max().unwrap_or(0).max(1);
    let total_w = label_w + bar_w + 60;
    let more = report.units.len() - units.len();
    let total_h = TOP + units.len() * ROW_H + if more > 0 { 40 } else { 20 };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{total_w}\" height=\"{total_h}\" viewBox=\"0 0 {total_w} {total_h}\" font-family=\"{FONT}\" font-size=\"14\">\n"
    );
    out.push_str(&format!(
        "<title>{} {}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
        esc(w.report_title),
        report.today
    ));
    out.push_str(&format!(
        "<text x=\"16\" y=\"30\" font-size=\"20\" font-weight=\"bold\">{}</text>\n<text x=\"{}\" y=\"30\" text-anchor=\"end\" fill=\"#595959\">{} {}</text>\n",
        esc(o.lights_by_unit),
        total_w - 16,
        esc(w.today),
        report.today
    ));
    // The legend: a swatch and the light's word, so it reads without colour too.
    let mut x = 16;
    for l in Light::ALL {
        out.push_str(&format!(
            "<rect class=\"legend\" x=\"{x}\" y=\"46\" width=\"14\" height=\"14\" fill=\"#{:06X}\"/><text x=\"{}\" y=\"58\">{}</text>\n",
            light_rgb(l),
            x + 20,
            esc(l.word(lang))
        ));
        x += 28 + width(l.word(lang)) * 8;
    }
    for (i, u) in units.iter().enumerate() {
        let y = TOP + i * ROW_H;
        out.push_str(&format!(
            "<g class=\"unit\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            label_w - 10,
            y + 16,
            esc(&u.unit)
        ));
        let mut x = label_w;
        for (l, n) in Light::ALL.iter().zip(u.lights) {
            if n == 0 {
                continue;
            }
            let len = (n * bar_w).div_ceil(most);
            let text_fill = if *l == Light::Red {
                "#ffffff"
            } else {
                "#000000"
            };
            out.push_str(&format!(
                "  <rect class=\"bar {}\" x=\"{x}\" y=\"{y}\" width=\"{len}\" height=\"{BAR_H}\" fill=\"#{:06X}\"><title>{} {} {n}</title></rect>\n",
                l.code(),
                light_rgb(*l),
                esc(&u.unit),
                esc(l.word(lang)),
            ));
            if len >= 18 {
                out.push_str(&format!(
                    "  <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{text_fill}\" font-size=\"12\">{n}</text>\n",
                    x + len / 2,
                    y + 16
                ));
            }
            x += len;
        }
        out.push_str(&format!(
            "  <text x=\"{}\" y=\"{}\" fill=\"#595959\" font-size=\"12\">{}</text></g>\n",
            x + 6,
            y + 16,
            u.total
        ));
    }
    if more > 0 {
        out.push_str(&format!(
            "<text x=\"16\" y=\"{}\" fill=\"#595959\">{}</text>\n",
            TOP + units.len() * ROW_H + 20,
            esc(&(o.more_units)(more))
        ));
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_in_a_unit_name_stays_text() {
        assert_eq!(esc("<a&b>\"'\u{1b}"), "&lt;a&amp;b&gt;&quot;&apos;");
    }
}
