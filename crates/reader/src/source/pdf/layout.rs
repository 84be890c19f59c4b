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
}

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
    let mut last: Option<(&Run, &str)> = None;
    for &(r, t) in runs {
        if let Some((p, p_text)) = last {
            // Text drawn twice a hair apart is a bold imitated by overprinting.
            if p_text == t && (r.x - p.x).abs() < p.size * 0.2 {
                continue;
            }
            let gap = r.x - p.end;
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if gap > p.size * 0.2 && latin(text.chars().last()) && latin(t.chars().next()) {
                text.push(' ');
            }
        }
        text.push_str(t);
        last = Some((r, t));
    }
    let first = runs.first().map(|(r, _)| *r);
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        text = trimmed.to_string();
    }
    Line {
        x: first.map_or(0.0, |r| r.x),
        end: runs
            .iter()
            .map(|(r, _)| r.end.max(r.x))
            .fold(f32::MIN, f32::max),
        y: first.map_or(0.0, |r| r.y),
        size: runs.iter().map(|(r, _)| r.size).fold(0.0, f32::max),
        text,
    }
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
                page_number(t) || seen.get(&key(t)).is_some_and(|&n| n >= often)
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

/// A paragraph: its text and the 1-based page its first line is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    pub page: usize,
}

/// Joins each page's lines into paragraphs, across pages too.
pub fn paragraphs(pages: &[Vec<Line>]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut prev: Option<(&Line, f32)> = None;
    for (k, page) in pages.iter().enumerate() {
        let (left, right) = margins(page);
        let mut first = true;
        for l in page {
            let size = l.size.max(1.0);
            let starts = match &prev {
                None => true,
                Some((p, p_right)) => {
                    let gap = if first { 0.0 } else { p.y - l.y };
                    l.x > left + size * 0.8
                        || p.end < p_right - p.size.max(1.0) * 1.5
                        || gap > size * 2.2
                        || numbered(&l.text)
                }
            };
            match out.last_mut() {
                Some(para) if !starts => {
                    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                    if latin(para.text.chars().last()) && latin(l.text.chars().next()) {
                        para.text.push(' ');
                    }
                    para.text.push_str(&l.text);
                }
                _ => out.push(Para {
                    text: l.text.clone(),
                    page: k + 1,
                }),
            }
            prev = Some((l, right));
            first = false;
        }
    }
    out
}

/// Where the page's text block starts and ends: the leftmost start and the rightmost end of
/// its longer lines (a short line can be anywhere).
fn margins(page: &[Line]) -> (f32, f32) {
    let long: Vec<&Line> = page
        .iter()
        .filter(|l| l.text.chars().count() >= 10)
        .collect();
    let lines: Vec<&Line> = if long.is_empty() {
        page.iter().collect()
    } else {
        long
    };
    let left = lines.iter().map(|l| l.x).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.end).fold(f32::MIN, f32::max);
    (left, right)
}

/// A line that starts with an outline number (一、 （一） (一) 1. 1、 （1） 第一章 第一条)
/// begins a paragraph wherever it sits.
fn numbered(text: &str) -> bool {
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
                    page: 1
                },
                Para {
                    text: "（二）创新发展生物医药产业，加快重组单克隆抗体药物研发和成果产业化。"
                        .into(),
                    page: 2
                },
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
