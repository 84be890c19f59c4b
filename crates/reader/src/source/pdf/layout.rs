//! From the strings placed on pages to paragraphs: strings on one baseline make a line (top to
//! bottom, then left to right); what repeats at the top or bottom of the pages (a running
//! header, a footer, a page number such as 「- 3 -」) is dropped; lines the page broke inside
//! a sentence, or a name, are joined again, a paragraph ending where a line stops short or the
//! next one is indented or numbered.

use super::content::{Page, Run};
use std::collections::HashMap;

/// A line of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub x: f32,
    pub end: f32,
    pub y: f32,
    pub size: f32,
    pub text: String,
    /// The line cut where a wide gap falls: in a table, its cells' text on this line.
    pub pieces: Vec<Piece>,
    /// Set on the line that stands for a table taken out of the page: the table's index.
    pub table: Option<usize>,
}

/// A stretch of a line with no wide gap in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub x: f32,
    pub end: f32,
    pub text: String,
}

/// A gap between strings of at least this many characters' widths cuts a line into pieces:
/// text within a cell is set close, and cells are apart by their padding at the least.
const PIECE_GAP: f32 = 0.6;

/// The lines of one page, in reading order.
pub fn lines(page: Page) -> Vec<Line> {
    let Page { mut runs, text } = page;
    let text_of = |r: &Run| text.get(r.text.clone()).unwrap_or_default();
    runs.retain(|r| !text_of(r).trim().is_empty() && r.y.is_finite() && r.x.is_finite());
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut out = Vec::new();
    let mut same: Vec<(&Run, &str)> = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        let y = runs[i].y;
        let tol = runs[i].size.max(1.0) * 0.5;
        let mut j = i + 1;
        while j < runs.len() && (y - runs[j].y).abs() <= tol {
            j += 1;
        }
        same.clear();
        same.extend(runs[i..j].iter().map(|r| (r, text_of(r))));
        same.sort_by(|a, b| a.0.x.total_cmp(&b.0.x));
        out.push(line(&same));
        i = j;
    }
    out
}

fn line(runs: &[(&Run, &str)]) -> Line {
    let mut text = String::with_capacity(runs.iter().map(|(_, t)| t.len() + 1).sum());
    let mut pieces: Vec<Piece> = Vec::new();
    let mut last: Option<(&Run, &str)> = None;
    for &(r, t) in runs {
        let mut apart = true;
        if let Some((p, p_text)) = last {
            // Text drawn twice a hair apart is a bold imitated by overprinting.
            if p_text == t && (r.x - p.x).abs() < p.size * 0.2 {
                continue;
            }
            let gap = r.x - p.end;
            if gap > p.size * 0.2 && words_meet(&text, t) {
                text.push(' ');
                if let Some(piece) = pieces.last_mut() {
                    piece.text.push(' ');
                }
            }
            apart = gap > p.size.max(1.0) * PIECE_GAP;
        }
        match pieces.last_mut() {
            Some(piece) if !apart => {
                piece.text.push_str(t);
                piece.end = piece.end.max(r.end);
            }
            _ => pieces.push(Piece {
                x: r.x,
                end: r.end.max(r.x),
                text: t.to_string(),
            }),
        }
        text.push_str(t);
        last = Some((r, t));
    }
    let first = runs.first().map(|(r, _)| *r);
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        text = trimmed.to_string();
    }
    for piece in &mut pieces {
        let trimmed = piece.text.trim();
        if trimmed.len() != piece.text.len() {
            piece.text = trimmed.to_string();
        }
    }
    pieces.retain(|p| !p.text.is_empty());
    Line {
        x: first.map_or(0.0, |r| r.x),
        end: runs
            .iter()
            .map(|(r, _)| r.end.max(r.x))
            .fold(f32::MIN, f32::max),
        y: first.map_or(0.0, |r| r.y),
        size: runs.iter().map(|(r, _)| r.size).fold(0.0, f32::max),
        text,
        pieces,
        table: None,
    }
}

/// Whether `before` ends and `after` starts with a Latin letter or digit: two words that
/// need a space between them, where Chinese needs none.
fn words_meet(before: &str, after: &str) -> bool {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    latin(before.chars().last()) && latin(after.chars().next())
}

/// `more` added to `text` as the next line of the same text (a paragraph's, a table cell's):
/// no break between Chinese, which the width broke; a space between two Latin words.
pub fn run_on(text: &mut String, more: &str) {
    if words_meet(text, more) {
        text.push(' ');
    }
    text.push_str(more);
}

/// Lines near the top or the bottom of a page that may be page furniture.
const EDGE: usize = 2;

/// Drops running headers and footers (the same words, digits aside, at the edge of at least
/// half the pages, and of two pages at least) and lone page numbers at a page's edge.
pub fn drop_furniture(pages: &mut [Vec<Line>]) {
    let key = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let edges = |page: &[Line]| -> Vec<usize> {
        let n = page.len();
        let mut at: Vec<usize> = (0..n.min(EDGE)).chain(n.saturating_sub(EDGE)..n).collect();
        at.dedup();
        at
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let mut keys: Vec<String> = edges(page).iter().map(|&i| key(&page[i].text)).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let often = (pages.len().div_ceil(2)).max(2);
    for page in pages.iter_mut() {
        let drop: Vec<usize> = edges(page)
            .into_iter()
            .filter(|&i| {
                let t = &page[i].text;
                // A table's header repeated on each page it runs over is the table's.
                let furniture =
                    page[i].pieces.len() < 3 && seen.get(&key(t)).is_some_and(|&n| n >= often);
                page_number(t) || furniture
            })
            .collect();
        let mut k = 0;
        page.retain(|_| {
            k += 1;
            !drop.contains(&(k - 1))
        });
    }
}

/// 「3」, 「- 3 -」, 「第 3 页」, 「第3页 共8页」, 「3 / 8」: a page number and nothing else.
fn page_number(t: &str) -> bool {
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit() || c.is_whitespace() || "-—–－_·/第页共()（）〔〕[]".contains(c)
        })
}

/// A paragraph: its text and the 1-based page its first line is on; or, where a table
/// stood, the table's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    pub page: usize,
    pub table: Option<usize>,
}

/// Joins each page's lines into paragraphs, across pages too.
pub fn paragraphs(pages: &[Vec<Line>]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut prev: Option<(&Line, f32)> = None;
    let whole = margins(pages.iter().flatten());
    for (k, page) in pages.iter().enumerate() {
        // A page of a few lines (the signature's, a table's last rows) has no margins of its
        // own to speak of: the document's stand for them.
        let (left, right) = if long_lines(page.iter()).count() >= 5 {
            margins(page.iter())
        } else {
            whole
        };
        let mut first = true;
        for l in page {
            if l.table.is_some() {
                out.push(Para {
                    text: String::new(),
                    page: k + 1,
                    table: l.table,
                });
                prev = None;
                continue;
            }
            let size = l.size.max(1.0);
            let starts = match &prev {
                None => true,
                Some((p, p_right)) => {
                    let gap = if first { 0.0 } else { p.y - l.y };
                    // Two characters short of the margin still runs on: a line may not end
                    // before a closing mark, so a character goes down with it (负 | 责）).
                    l.x > left + size * 0.8
                        || (p.end < p_right - p.size.max(1.0) * 2.5
                            && !breaks_mid_word(p, left, *p_right))
                        || gap > size * 2.2
                        || numbered(&l.text)
                }
            };
            match out.last_mut() {
                Some(para) if !starts && para.table.is_none() => run_on(&mut para.text, &l.text),
                _ => out.push(Para {
                    text: l.text.clone(),
                    page: k + 1,
                    table: None,
                }),
            }
            prev = Some((l, right));
            first = false;
        }
    }
    out
}

/// A line well past the middle that ends inside a word (on an ideograph or an opening mark):
/// the line was broken early to keep what follows together (负 | 责）2．2021年), not a
/// paragraph's end, which in this genre ends on a stop or a closing mark.
fn breaks_mid_word(p: &Line, left: f32, right: f32) -> bool {
    let ideograph = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    p.end - left > (right - left) * 0.75
        && p.text
            .trim_end()
            .chars()
            .last()
            .is_some_and(|c| ideograph(c) || "（(“‘《〔【".contains(c))
}

/// Lines long enough to reach both margins when they run on.
fn long_lines<'a>(lines: impl Iterator<Item = &'a Line>) -> impl Iterator<Item = &'a Line> {
    lines.filter(|l| l.text.chars().count() >= 10)
}

/// Where the text block starts and ends: the leftmost start of the longer lines, and where
/// most of them end. A short line can be anywhere.
fn margins<'a>(lines: impl Iterator<Item = &'a Line> + Clone) -> (f32, f32) {
    let mut ends: Vec<f32> = long_lines(lines.clone()).map(|l| l.end).collect();
    let left = long_lines(lines.clone())
        .map(|l| l.x)
        .fold(f32::MAX, f32::min);
    if ends.is_empty() {
        let left = lines.clone().map(|l| l.x).fold(f32::MAX, f32::min);
        let right = lines.map(|l| l.end).fold(f32::MIN, f32::max);
        return (left, right);
    }
    ends.sort_by(f32::total_cmp);
    // Among the lines that reach furthest: in a page of short lines (labels, one-line items)
    // the short ones may agree more often than the few that run on to the margin.
    let size = long_lines(lines).map(|l| l.size).fold(1.0, f32::max);
    let furthest = ends.last().copied().unwrap_or(0.0);
    let near = ends.partition_point(|&e| e < furthest - size * 3.0);
    (left, most_common(&ends[near..]))
}

/// The value most of the sorted `ends` sit at (within a point), the rightmost of equals: the
/// lines that run on to the margin end together; hanging punctuation and a paragraph's last
/// line scatter.
fn most_common(ends: &[f32]) -> f32 {
    let mut best = (0usize, ends.last().copied().unwrap_or(0.0));
    let mut from = 0;
    for (i, &e) in ends.iter().enumerate() {
        while ends.get(from).is_some_and(|&f| e - f > 1.0) {
            from += 1;
        }
        if i + 1 - from >= best.0 {
            best = (i + 1 - from, e);
        }
    }
    best.1
}

/// A line that starts with an outline number (一、 （一） (一) 1. 1、 （1） 第一章 第一条)
/// begins a paragraph wherever it sits.
pub fn numbered(text: &str) -> bool {
    let t = text.trim_start();
    let cn = |c: char| "一二三四五六七八九十百零".contains(c);
    let mut chars = t.chars();
    match chars.next() {
        Some('(' | '（') => {
            let inner: String = chars
                .by_ref()
                .take_while(|c| *c != ')' && *c != '）')
                .collect();
            !inner.is_empty()
                && inner.chars().count() <= 3
                && inner.chars().all(|c| cn(c) || c.is_ascii_digit())
        }
        Some('第') => {
            let rest: String = chars.take(4).collect();
            let n = rest
                .chars()
                .take_while(|&c| cn(c) || c.is_ascii_digit())
                .count();
            n > 0
                && rest
                    .chars()
                    .nth(n)
                    .is_some_and(|c| "章节条部分".contains(c))
        }
        Some(c) if cn(c) || c.is_ascii_digit() => {
            let n = t
                .chars()
                .take_while(|&c| cn(c) || c.is_ascii_digit())
                .count();
            n <= 3 && t.chars().nth(n).is_some_and(|c| "、．.".contains(c))
                // 1.5万: a number, not a heading.
                && !t.chars().nth(n + 1).is_some_and(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of strings of 16 points, each as wide as its characters.
    fn page(strings: &[(f32, f32, &str)]) -> Page {
        let mut page = Page::default();
        for &(x, y, text) in strings {
            let n = text.chars().count() as f32;
            let start = page.text.len();
            page.text.push_str(text);
            page.runs.push(Run {
                x,
                end: x + 16.0 * n,
                y,
                size: 16.0,
                text: start..page.text.len(),
            });
        }
        page
    }

    #[test]
    fn strings_make_lines_in_reading_order() {
        let page = lines(page(&[
            (100.0, 700.0, "安市"),
            (84.0, 700.3, "泰"),
            (84.0, 672.0, "第二行"),
            (84.0, 672.0, "第二行"),
            (200.0, 650.0, "2021"),
            (275.0, 650.0, "Plan"),
        ]));
        let texts: Vec<&str> = page.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["泰安市", "第二行", "2021 Plan"]);
    }

    fn full(y: f32, text: &str, indent: bool) -> Line {
        // A full line spans 84..484; an indented one starts two characters in.
        let x = if indent { 116.0 } else { 84.0 };
        Line {
            x,
            end: 484.0,
            y,
            size: 16.0,
            text: text.into(),
            pieces: Vec::new(),
            table: None,
        }
    }

    fn short(y: f32, text: &str) -> Line {
        Line {
            end: 200.0,
            ..full(y, text, true)
        }
    }

    #[test]
    fn broken_lines_joined_furniture_dropped() {
        let mut pages = vec![
            vec![
                short(800.0, "泰安市人民政府文件"),
                full(
                    700.0,
                    "（一）全面提升医疗卫生服务水平。健全城乡公共卫生体系",
                    true,
                ),
                full(
                    672.0,
                    "，优化布局。（责任单位：市卫生健康委、市发展改",
                    false,
                ),
                short(60.0, "- 1 -"),
            ],
            vec![
                short(800.0, "泰安市人民政府文件"),
                Line {
                    end: 300.0,
                    ..full(700.0, "革委）", false)
                },
                full(
                    672.0,
                    "（二）创新发展生物医药产业，加快重组单克隆抗体药物研发",
                    false,
                ),
                full(644.0, "和成果产业化。", false),
                short(60.0, "- 2 -"),
            ],
        ];
        drop_furniture(&mut pages);
        let got = paragraphs(&pages);
        assert_eq!(
            got,
            [
                Para {
                    text: "（一）全面提升医疗卫生服务水平。健全城乡公共卫生体系，优化布局。（责任单位：市卫生健康委、市发展改革委）".into(),
                    page: 1,
                    table: None,
                },
                Para {
                    text: "（二）创新发展生物医药产业，加快重组单克隆抗体药物研发和成果产业化。"
                        .into(),
                    page: 2,
                    table: None,
                },
            ]
        );
    }

    #[test]
    fn early_breaks_run_on_and_a_last_page_of_a_few_lines_keeps_the_documents_margins() {
        let ended = |y: f32, end: f32, text: &str| Line {
            end,
            ..full(y, text, false)
        };
        let pages = vec![
            vec![
                full(
                    700.0,
                    "（一）做好甲事。各地要加强协调，统筹推进各项工作",
                    true,
                ),
                // Hanging punctuation overshoots the margin: it is not the margin.
                ended(
                    672.0,
                    500.0,
                    "，确保落实到位，形成工作合力，按期完成任务，、",
                ),
                // Ends two characters short on an ideograph: 负 | 责） kept together.
                ended(644.0, 440.0, "（市民政局牵头，各有关部门按职责分工负"),
                ended(616.0, 140.0, "责）"),
                full(
                    588.0,
                    "（二）做好乙事。各地要加强协调，统筹推进各项工作",
                    true,
                ),
                ended(560.0, 300.0, "确保落实。（市财政局负责）"),
            ],
            // The signature alone on the last page: its date is no run-on of the name.
            vec![
                ended(700.0, 180.0, "泰安市人民政府"),
                ended(672.0, 260.0, "2021年6月18日"),
                ended(644.0, 220.0, "（此件公开发布）"),
            ],
        ];
        let texts: Vec<String> = paragraphs(&pages).into_iter().map(|p| p.text).collect();
        assert_eq!(
            texts,
            [
                "（一）做好甲事。各地要加强协调，统筹推进各项工作，确保落实到位，形成工作合力，按期完成任务，、（市民政局牵头，各有关部门按职责分工负责）",
                "（二）做好乙事。各地要加强协调，统筹推进各项工作确保落实。（市财政局负责）",
                "泰安市人民政府",
                "2021年6月18日",
                "（此件公开发布）",
            ]
        );
    }

    #[test]
    fn page_numbers_and_outline_numbers() {
        for t in ["3", "- 3 -", "—3—", "第 3 页", "第3页 共8页", "3 / 8"] {
            assert!(page_number(t), "{t}");
        }
        for t in ["2021年", "一、", "(3)加强", ""] {
            assert!(!page_number(t), "{t}");
        }
        for t in [
            "一、总体要求",
            "（一）加强",
            "(十二)做好",
            "1.建设",
            "2、推进",
            "第三条 为",
        ] {
            assert!(numbered(t), "{t}");
        }
        for t in [
            "1.5万人",
            "一是加强",
            "（责任单位：市委）",
            "第三方服务",
            "2021年",
        ] {
            assert!(!numbered(t), "{t}");
        }
    }
}
