//! Headings the format marks (Word's heading styles, `#` in Markdown, `<h2>` on a page) whose
//! text carries no outline number: numbered as a Chinese plan numbers its levels (一、, （一）,
//! 1., （1）), so the outline finds them as it finds typed numbers. A lone top heading is the
//! document's title and is left as it is; a heading numbered in its text or by Word keeps its
//! own number, and then none of the document's headings is renumbered.

use super::{Block, Paragraph};

/// Numbers the unnumbered headings of `blocks`, in place.
pub fn number(blocks: &mut [Block]) {
    let headings = || {
        blocks.iter().filter_map(|b| match b {
            Block::Paragraph(
                p @ Paragraph {
                    heading: Some(_), ..
                },
                _,
            ) => Some(p),
            _ => None,
        })
    };
    // A document that numbers its headings itself is read as it numbers them.
    if headings().any(|p| p.number.is_some() || numbered(&p.text)) {
        return;
    }
    let mut levels: Vec<u8> = headings().filter_map(|p| p.heading).collect();
    let first = levels.first().copied();
    levels.sort_unstable();
    // The top level used once, first: the title.
    let title = match (first, levels.first()) {
        (Some(f), Some(&top)) if f == top && levels.iter().filter(|&&l| l == top).count() == 1 => {
            Some(top)
        }
        _ => None,
    };
    levels.dedup();
    levels.retain(|&l| Some(l) != title);
    let mut counters = vec![0usize; levels.len()];
    for block in blocks.iter_mut() {
        let Block::Paragraph(p, _) = block else {
            continue;
        };
        let Some(rank) = p.heading.and_then(|h| levels.iter().position(|&l| l == h)) else {
            continue;
        };
        counters[rank] += 1;
        for deeper in &mut counters[rank + 1..] {
            *deeper = 0;
        }
        p.number = Some(label(rank, counters[rank]));
    }
}

fn label(rank: usize, n: usize) -> String {
    match rank {
        0 => format!("{}、", chinese(n)),
        1 => format!("（{}）", chinese(n)),
        2 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九.
fn chinese(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

/// Text that starts with an outline number of its own (一、 （一） 1. 第一章 …).
fn numbered(text: &str) -> bool {
    let t = text.trim_start();
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let mut chars = t.chars();
    match chars.next() {
        Some('(' | '（') => chars.next().is_some_and(|c| cn(c) || c.is_ascii_digit()),
        Some('第') => chars.next().is_some_and(|c| cn(c) || c.is_ascii_digit()),
        Some(c) if cn(c) || c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| cn(c) || c.is_ascii_digit());
            rest.starts_with(['、', '.', '．', ' '])
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Locator;

    fn para(text: &str, heading: Option<u8>) -> Block {
        let p = Paragraph {
            text: text.into(),
            number: None,
            heading,
        };
        Block::Paragraph(p, Locator::Line(1))
    }

    fn numbers(blocks: &[Block]) -> Vec<Option<String>> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p, _) => p.number.clone(),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn unnumbered_headings_are_numbered_by_level() {
        let mut b = vec![
            para("某市实施方案", Some(1)),
            para("总体要求", Some(2)),
            para("正文", None),
            para("主要任务", Some(2)),
            para("加强领导", Some(3)),
            para("完善政策", Some(3)),
            para("保障措施", Some(2)),
            para("强化考核", Some(3)),
        ];
        number(&mut b);
        let want = [
            None,
            Some("一、"),
            None,
            Some("二、"),
            Some("（一）"),
            Some("（二）"),
            Some("三、"),
            Some("（一）"),
        ];
        assert_eq!(numbers(&b), want.map(|n| n.map(String::from)));
    }

    #[test]
    fn headings_numbered_in_their_text_are_left_alone() {
        let mut b = vec![para("一、总体要求", Some(2)), para("主要任务", Some(2))];
        number(&mut b);
        assert_eq!(numbers(&b), [None, None]);
        assert_eq!(chinese(12), "十二");
        assert_eq!(chinese(20), "二十");
        assert_eq!(chinese(35), "三十五");
    }
}
