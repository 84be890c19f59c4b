//! Markdown: `#` headings and whole-line bold headings (`**（一）…**`) as headings, pipe tables
//! (with their `|---|` line) as grids, emphasis marks taken off the text.

use super::{Block, Grid, Locator, Paragraph};

pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some((grid, next)) = table(&lines, i) {
            out.push(Block::Table(grid));
            i = next;
            continue;
        }
        let line = lines[i].trim();
        let (text, heading) = heading(line);
        let p = Paragraph {
            text: plain(text),
            number: None,
            heading,
        };
        out.push(Block::Paragraph(p, Locator::Line(i + 1)));
        i += 1;
    }
    out
}

fn heading(line: &str) -> (&str, Option<u8>) {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        return (line[hashes..].trim(), Some(hashes as u8));
    }
    if let Some(inner) = line
        .strip_prefix("**")
        .and_then(|l| l.strip_suffix("**"))
        .filter(|l| !l.contains("**") && !l.is_empty())
    {
        return (inner, Some(3));
    }
    let bullet = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "));
    (bullet.unwrap_or(line), None)
}

/// Text without Markdown's emphasis and code marks.
fn plain(text: &str) -> String {
    text.replace("**", "").replace("__", "").replace('`', "")
}

fn cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if !t.starts_with('|') {
        return None;
    }
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    Some(
        t.split('|')
            .map(|c| plain(c.trim()).replace("<br>", "\n"))
            .collect(),
    )
}

fn is_rule(line: &str) -> bool {
    cells(line).is_some_and(|cs| {
        cs.iter().all(|c| {
            let c = c.trim();
            !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
        })
    })
}

fn table(lines: &[&str], at: usize) -> Option<(Grid, usize)> {
    let head = cells(lines[at])?;
    if !lines.get(at + 1).is_some_and(|l| is_rule(l)) {
        return None;
    }
    let mut grid = Grid {
        rows: vec![head],
        at: vec![Locator::Line(at + 1)],
    };
    let mut j = at + 2;
    while let Some(row) = lines.get(j).and_then(|l| cells(l)) {
        grid.rows.push(row);
        grid.at.push(Locator::Line(j + 1));
        j += 1;
    }
    Some((grid, j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_bold_headings_and_tables() {
        let b = blocks(
            "# 实施方案\n**（一）加强领导**\n- 做好**甲事**\n\n| 序号 | 重点任务 | 牵头单位 |\n|---|:--|---|\n| 1 | 建设平台 | 市数据局 |\n正文",
        );
        let para = |i: usize| match &b[i] {
            Block::Paragraph(p, at) => (p.text.clone(), p.heading, at.clone()),
            Block::Table(_) => panic!("not a paragraph"),
        };
        assert_eq!(para(0), ("实施方案".into(), Some(1), Locator::Line(1)));
        assert_eq!(
            para(1),
            ("（一）加强领导".into(), Some(3), Locator::Line(2))
        );
        assert_eq!(para(2).0, "做好甲事");
        let Block::Table(g) = &b[4] else {
            panic!("a table")
        };
        assert_eq!(g.rows[1], ["1", "建设平台", "市数据局"]);
        assert_eq!(g.at[1], Locator::Line(7));
        assert_eq!(para(5), ("正文".into(), None, Locator::Line(8)));
    }
}
