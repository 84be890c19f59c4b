//! One file, one or more plans: where each plan starts and ends, and its title, issuer, date and
//! document number.

use super::lines::{Aligned, Line, marker};
use crate::text::contains_any;
use chrono::NaiveDate;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A plan's place in the file's content lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSpan {
    /// The line holding the plan's own title, when it has one.
    pub title: Option<usize>,
    /// The lines before the title that belong to this plan (a cover note, a notice).
    pub header: Range<usize>,
    /// From the plan's first section (一、) to the line before the next plan.
    pub body: Range<usize>,
}

/// Each `一、` that restarts the numbering starts a plan; its title is the nearest title-like line
/// above it, and the previous plan ends at that title.
pub fn split(lines: &[Line]) -> Vec<PlanSpan> {
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        // The mark first, read at the line's start: it turns away nearly every line before the
        // search for a tab or a bar goes over it whole.
        .filter(|(_, l)| l.mark().is_some_and(|m| m.depth == 1 && m.ordinal == 1))
        // A vector search for the two bytes: a search for either character decoded each one.
        .filter(|(_, l)| memchr::memchr2(b'\t', b'|', l.norm.as_bytes()).is_none())
        .map(|(i, _)| i)
        .collect();
    let mut spans: Vec<PlanSpan> = Vec::new();
    let mut floor = 0;
    for &start in &starts {
        let title = (floor..start)
            .rev()
            .take_while(|&i| lines[i].mark().is_none())
            .find(|&i| is_title(&lines[i].norm));
        // A table whose header stands above its first group row (`序号\t工作任务…` then
        // `一、教育`): the body starts at the header, so the table is read whole.
        let body_start = (title.map_or(floor, |t| t + 1)..start)
            .find(|&i| super::table::is_header(&lines[i].norm))
            .unwrap_or(start);
        let cut = title.unwrap_or(body_start);
        if let Some(prev) = spans.last_mut() {
            prev.body.end = cut;
        }
        spans.push(PlanSpan {
            title,
            header: floor..cut.min(body_start),
            body: body_start..lines.len(),
        });
        floor = start + 1;
    }
    if let Some(first) = spans.first_mut() {
        first.header.start = 0;
    }
    if spans.is_empty() && lines.iter().any(|l| !l.is_blank()) {
        // No 一、 at all (a bare table, a list of numbered tasks): the whole file is one plan.
        let title = lines.iter().take(12).position(|l| is_title(&l.norm));
        let start = title.map_or(0, |t| t + 1);
        spans.push(PlanSpan {
            title,
            header: 0..title.unwrap_or(0),
            body: start..lines.len(),
        });
    }
    spans
}

/// Lines at the very end of a plan that sign it rather than say anything: the issuer, the date,
/// `（此件公开发布）`. They belong to no task.
pub fn signature_lines(lines: &[Line], span: &PlanSpan) -> Vec<usize> {
    let mut out = Vec::new();
    for i in span.body.clone().rev() {
        let t = lines[i].norm.trim();
        let n = t.chars().count();
        let date_only = DATE
            .find(t)
            .is_some_and(|m| m.start() == 0 && m.end() == t.len());
        let issuer_only = n <= 20
            && ISSUER
                .find(t)
                .is_some_and(|m| m.start() == 0 && m.end() == t.len());
        // `（此件公开发布）` alone; a flattened last item that merely ends with it is no footnote.
        let footnote = t.starts_with('(') && t.ends_with(')') && t.contains("此件") && n <= 16;
        if t.is_empty() || date_only || issuer_only || footnote {
            out.push(i);
        } else {
            break;
        }
    }
    out
}

/// The last lines of a plan, where a signature (issuer, date) stands when the header has none.
pub fn signature<'a>(lines: &'a [Line], span: &PlanSpan) -> &'a [Line] {
    let end = span.body.end.min(lines.len());
    let start = end.saturating_sub(6).max(span.body.start);
    &lines[start..end]
}

/// Genre words a plan's title ends with.
static GENRE: LazyLock<Regex> = LazyLock::new(|| {
    // A report on a plan's progress (`…2024年度重点工作计划二季度执行情况`) is titled by it too.
    Regex::new(r"(?:意见|计划|方案|要点|办法|措施|规划|细则|规定|安排|清单|分工|分工表|任务表|分解|台账|纲要|决定|(?:计划|要点|任务)\S{0,6}(?:执行|落实|推进)情况)》?$")
        .expect("static genre pattern")
});

/// A period after a title's genre word: `三年行动计划（2021-2023年）`.
static TITLE_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\s*[0-9]{4}\s*年?\s*[-—–~至到]\s*[0-9]{4}\s*年?\s*\)$")
        .expect("static title period pattern")
});

fn is_title(norm: &str) -> bool {
    let t = norm.trim();
    let n = t.chars().count();
    // The period closes the title, so only a title ending in `)` can have one.
    let core = if t.ends_with(')') {
        TITLE_PERIOD
            .find(t)
            .map_or(t, |m| t[..m.start()].trim_end())
    } else {
        t
    };
    (4..=60).contains(&n)
        && !t.contains(['。', ',', ':', ';', '!', '?'])
        && GENRE.is_match(core)
        && !t.contains("关于印发")
}

/// The first half of a title broken over two lines: short, no punctuation, not a number or date.
fn is_title_head(norm: &str) -> bool {
    let t = norm.trim();
    let n = t.chars().count();
    (4..=30).contains(&n)
        && !t.contains(['。', ',', ':', ';', '[', ']', '!', '?'])
        && !t.chars().any(|c| c.is_ascii_digit())
        && marker(t).is_none()
        && (t.contains("关于") || !GENRE.is_match(t))
        && !t.ends_with("人民政府")
        && !t.ends_with("办公厅")
        && !t.ends_with("国务院")
}

/// The plan's title: its title line, else a 《…》 title in its header, else nothing.
pub fn title(lines: &[Line], span: &PlanSpan) -> Option<Aligned> {
    if let Some(i) = span.title {
        let mut line = lines[i].text.clone();
        // A long title broken over two lines: 国务院关于促进综合保税区 / 高水平开放…的若干意见.
        if let Some(prev) = i.checked_sub(1).map(|p| &lines[p])
            && is_title_head(&prev.norm)
        {
            let mut joined = prev.text.trimmed();
            let rest = line.trimmed();
            joined.push_from(&rest, 0..rest.norm.len());
            line = joined;
        }
        let t = line.trimmed();
        let inner = t.norm.trim_start_matches('《').trim_end_matches('》');
        let start = t.norm.find(inner).unwrap_or(0);
        let mut out = Aligned::default();
        out.push_from(&t, start..start + inner.len());
        return Some(out);
    }
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"《([^《》]{2,60}?)》").expect("static quoted pattern"));
    lines[span.header.clone()].iter().find_map(|l| {
        QUOTED
            .captures_iter(&l.norm)
            .filter_map(|c| c.get(1))
            .find(|m| GENRE.is_match(m.as_str()))
            .map(|m| {
                let mut out = Aligned::default();
                out.push_from(&l.text, m.range());
                out
            })
    })
}

/// Issuer, date and document number, read from header lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub issuer: Option<String>,
    pub date: Option<NaiveDate>,
    pub number: Option<String>,
}

static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}{0,12}?(?:人民政府办公厅|人民政府办公室|人民政府|国务院办公厅|国务院)")
        .expect("static issuer pattern")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")
        .expect("static date pattern")
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}{1,8}\[[0-9]{4}\][0-9]{1,4}号").expect("static number pattern")
});

fn inside_title_marks(norm: &str, at: usize) -> bool {
    let before = &norm[..at];
    before.matches('《').count() > before.matches('》').count()
}

impl Meta {
    /// Reads a signature block: only lines that are a date or a short issuer line on their own.
    pub fn read_signature(lines: &[Line]) -> Meta {
        // The lines are read where they stand: copies of them cost as much as reading them.
        Meta::read_each(lines.iter().filter(|l| {
            let t = l.norm.trim();
            let n = t.chars().count();
            n > 0 && n <= 20 && !t.contains(['。', ',', ';'])
        }))
    }

    pub fn read(lines: &[Line]) -> Meta {
        Meta::read_each(lines)
    }

    fn read_each<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Meta {
        let mut meta = Meta::default();
        for l in lines {
            // Each field is kept as first read: once all three are read, the rest is not looked at.
            if meta.issuer.is_some() && meta.date.is_some() && meta.number.is_some() {
                break;
            }
            // Addressee lines (各县、市、区人民政府,…) name governments that did not issue it.
            let addressee =
                l.norm.trim_start().starts_with('各') || l.norm.trim_end().ends_with(':');
            // Each pattern is tried only on lines holding the words it cannot match without.
            if meta.issuer.is_none() && !addressee && contains_any(&l.norm, &["人民政府", "国务院"])
            {
                // A government named inside 《…》 is cited, not issuing.
                meta.issuer = ISSUER
                    .find_iter(&l.norm)
                    .find(|m| !inside_title_marks(&l.norm, m.start()))
                    .map(|m| super::lines::simplify(l.orig_of(m.range())));
            }
            if meta.date.is_none() && l.norm.contains('日') {
                meta.date = DATE.captures(&l.norm).and_then(|c| {
                    NaiveDate::from_ymd_opt(
                        c.get(1)?.as_str().parse().ok()?,
                        c.get(2)?.as_str().parse().ok()?,
                        c.get(3)?.as_str().parse().ok()?,
                    )
                });
            }
            if meta.number.is_none() && l.norm.contains('号') {
                meta.number = NUMBER
                    .find(&l.norm)
                    .map(|m| l.orig_of(m.range()).to_string());
            }
        }
        meta
    }

    /// Fields missing here taken from `outer` (a file's cover note serves all its plans).
    pub fn or(self, outer: &Meta) -> Meta {
        Meta {
            issuer: self.issuer.or_else(|| outer.issuer.clone()),
            date: self.date.or(outer.date),
            number: self.number.or_else(|| outer.number.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::extract::lines::numbered as lines;

    #[test]
    fn two_plans_in_one_file() {
        let ls = lines(&[
            "省政府办公厅发布《甲产业2022年行动计划》",
            "甲产业2022年行动计划",
            "一、工作目标",
            "1.做某事。(牵头单位:省民政厅)",
            "乙拓展2022年行动计划",
            "一、工作目标",
            "二、主要任务",
        ]);
        let spans = split(&ls);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].title, Some(1));
        assert_eq!(spans[0].body, 2..4);
        assert_eq!(spans[0].header, 0..1);
        assert_eq!(spans[1].title, Some(4));
        assert_eq!(spans[1].body, 5..7);
        assert_eq!(title(&ls, &spans[1]).unwrap().orig, "乙拓展2022年行动计划");
    }

    #[test]
    fn title_over_two_lines_and_signature_at_the_end() {
        let ls = lines(&[
            "国务院关于促进综合保税区",
            "高水平开放高质量发展的若干意见",
            "国发〔2019〕3号",
            "各省、自治区、直辖市人民政府:",
            "一、指导思想",
            "坚持稳中求进。",
            "国务院",
            "2019年1月12日",
        ]);
        let spans = split(&ls);
        assert_eq!(spans.len(), 1);
        assert_eq!(
            title(&ls, &spans[0]).unwrap().orig,
            "国务院关于促进综合保税区高水平开放高质量发展的若干意见"
        );
        let sig = Meta::read_signature(signature(&ls, &spans[0]));
        assert_eq!(signature_lines(&ls, &spans[0]), vec![7, 6]);
        assert_eq!(sig.date, NaiveDate::from_ymd_opt(2019, 1, 12));
        assert_eq!(sig.issuer.as_deref(), Some("国务院"));
    }

    #[test]
    fn a_file_without_sections_is_one_plan() {
        let ls = lines(&[
            "某区2023年重点任务分工方案",
            "序号\t重点任务\t牵头单位",
            "1\t甲\t区发改局",
        ]);
        let spans = split(&ls);
        assert_eq!(
            spans,
            vec![PlanSpan {
                title: Some(0),
                header: 0..0,
                body: 1..3
            }]
        );
    }

    #[test]
    fn cover_note_metadata() {
        let ls = lines(&[
            "泰政发〔2021〕5号 泰安市人民政府关于印发《泰安市康养福地建设实施意见》的通知",
            "各县、市、区人民政府,各功能区管委会:",
            "泰安市人民政府",
            "2021年6月17日",
        ]);
        let m = Meta::read(&ls);
        assert_eq!(m.number.as_deref(), Some("泰政发〔2021〕5号"));
        assert_eq!(m.issuer.as_deref(), Some("泰安市人民政府"));
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2021, 6, 17));
    }

    #[test]
    fn a_cited_government_is_not_the_issuer() {
        let m = Meta::read(&lines(&[
            "根据《中共广州市委、广州市人民政府关于全面推进新型城市化发展的决定》,提出以下意见。",
        ]));
        assert_eq!(m.issuer, None);
    }

    #[test]
    fn traditional_issuer_is_simplified() {
        let m = Meta::read(&lines(&[
            "山東省人民政府辦公廳發布《醫養健康產業2022年行動計劃》",
        ]));
        assert_eq!(m.issuer.as_deref(), Some("山东省人民政府办公厅"));
    }
}
