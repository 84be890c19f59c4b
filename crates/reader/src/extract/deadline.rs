//! Deadlines: the phrase in a task that says by when, and the horizon of a whole document.

use super::lines::Aligned;
use crate::model::{Basis, Deadline, DeadlineKind};
use crate::text::{holds, holds_word};
use chrono::NaiveDate;
use regex::{Captures, Regex};
use std::sync::LazyLock;
use years::Phrase;

#[cfg(test)]
mod oracles;
mod years;

/// A candidate phrase, with how sure we are that it is a deadline (higher wins).
struct Found {
    start: usize,
    end: usize,
    date: Option<NaiveDate>,
    strength: u8,
    every_year: Option<(u32, u32)>,
}

impl Found {
    fn at(m: regex::Match, date: Option<NaiveDate>, strength: u8) -> Found {
        Found::span(m.range(), date, strength)
    }

    fn span(r: std::ops::Range<usize>, date: Option<NaiveDate>, strength: u8) -> Found {
        Found {
            start: r.start,
            end: r.end,
            date,
            strength,
            every_year: None,
        }
    }

    fn into_deadline(self, text: &Aligned, basis: Basis) -> Deadline {
        Deadline {
            date: self.date,
            kind: if self.every_year.is_some() {
                DeadlineKind::Recurring
            } else {
                DeadlineKind::Date
            },
            every_year: self.every_year,
            text: text.orig_of(self.start..self.end).into(),
            basis,
        }
    }
}

// The phrases that open with a year (`到2025年6月底前`, `2023年底`, `2025年`) and the yearly
// ones (`每年6月底前`) are read by hand, in `years`.
static PLAN_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(力争|争取)?(到|在)?“?(十[一二三四五六七八九]五)”?(末|期间|时期)")
        .expect("static plan pattern")
});
/// `2023年起每年`, `2024年开始每年6月底前`: a duty that recurs from a year on.
static RECURRING_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([0-9]{4})年(?:起|开始|以后)?,?每年(?:([0-9]{1,2})月(?:([0-9]{1,2})日|底|末)?(?:前|以前)?)?",
    )
    .expect("static recurring-from pattern")
});
/// A short text that is a deadline on its own (`2023年底`, `持续推进`, `2023年起每年`), as a
/// piece of an annotation is: never a unit.
pub fn is_phrase(text: &str) -> bool {
    text.chars().count() <= 24 && field(&Aligned::new(text)).is_some()
}

/// A deadline field that names the plan's own year and no date of its own (`全年`, `年内`,
/// `年底前`): the task is due when the plan is, so the document's horizon stands.
pub fn within_the_plan_year(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(
        t.as_str(),
        "全年" | "年内" | "本年度" | "年度内" | "年底前" | "年底" | "全年推进" | "全年完成"
    )
}

/// The deadline a task states itself, if any: the strongest phrase, the earliest among equals.
pub fn explicit(text: &Aligned) -> Option<Deadline> {
    best(candidates(&text.norm)).map(|f| f.into_deadline(text, Basis::Explicit))
}

/// A deadline given in a field (`完成时限:2023年6月底前`, a table cell): a date phrase, or an
/// ongoing duty (`长期坚持`, `持续推进`) that names no date.
pub fn field(text: &Aligned) -> Option<Deadline> {
    if let Some(d) = explicit(text) {
        return Some(d);
    }
    let t = text.norm.trim();
    if t.is_empty() {
        return None;
    }
    let ongoing = ["长期", "持续", "常态化", "经常性"]
        .iter()
        .any(|w| holds_word(t, w));
    ongoing.then(|| Deadline {
        date: None,
        kind: DeadlineKind::Ongoing,
        every_year: None,
        text: text.orig.trim().into(),
        basis: Basis::Explicit,
    })
}

fn candidates(norm: &str) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    // Each dated pattern needs a 年 beside a digit, the plan period its 五: most task texts
    // lack one or the other, and are spared the searches.
    let marks = years::YearMarks::of(norm.as_bytes());
    if marks.by_digit(norm.as_bytes()) {
        dated(norm, &marks, &mut found);
    }
    if holds(norm, '五') {
        for c in PLAN_PERIOD.captures_iter(norm) {
            if let Some(f) = plan_period(&c) {
                found.push(f);
            }
        }
    }
    found.retain(|f| !in_brackets(norm, f.start));
    found
}

/// The phrases with a year or a month: recurring, dated, year-end and bare years.
fn dated(norm: &str, marks: &years::YearMarks, found: &mut Vec<Found>) {
    // The word the recurring patterns cannot match without, told from the marks: the 年 of a
    // 每年 is one of them. The month and year-end phrases are read from the marks with no such
    // test, as a text without a 月 (or a 底, a 末) gives none: a search for each character by its
    // last byte stopped at many others in a Han text.
    let every_year = marks.after(norm.as_bytes(), "每");
    let run =
        |on: bool, re: &'static Regex| on.then(|| re.captures_iter(norm)).into_iter().flatten();
    for c in run(
        every_year && years::year_then_every_year(norm),
        &RECURRING_FROM,
    ) {
        let Some(m) = c.get(0) else { continue };
        let month = c.get(2).and_then(|x| x.as_str().parse::<u32>().ok());
        let day = c.get(3).and_then(|x| x.as_str().parse::<u32>().ok());
        let (month, day) = match (month, day) {
            (Some(mo), Some(d)) => (mo, d),
            (Some(mo), None) => match last_day_of_month(2001, mo) {
                Some(d) => (mo, chrono::Datelike::day(&d)),
                None => continue,
            },
            _ => (12, 31),
        };
        if (1..=12).contains(&month) && (1..=31).contains(&day) {
            found.push(Found {
                every_year: Some((month, day)),
                ..Found::at(m, None, 5)
            });
        }
    }
    for p in years::yearly(norm, marks) {
        let Some(month) = norm
            .get(p.month.clone())
            .and_then(|x| x.parse::<u32>().ok())
        else {
            continue;
        };
        let day = (p.day.clone())
            .and_then(|d| norm.get(d)?.parse::<u32>().ok())
            .or_else(|| last_day_of_month(2001, month).map(|d| chrono::Datelike::day(&d)));
        if let Some(day) = day.filter(|_| (1..=12).contains(&month)) {
            found.push(Found {
                every_year: Some((month, day)),
                ..Found::span(p.start..p.end, None, 4)
            });
        }
    }
    // Bytes already read as part of a phrase: a bare year inside one is not another deadline.
    // A flag for every byte, so that a text of many phrases costs its length (a list of spans
    // searched for each year cost the square of their number).
    let mut claimed = vec![false; norm.len() + 1];
    let mut claim = |s: usize, e: usize| claimed[s..e].iter_mut().for_each(|b| *b = true);
    for f in found.iter() {
        claim(f.start, f.end);
    }
    for p in years::months(norm, marks) {
        if let Some(f) = month_phrase(norm, &p) {
            claim(f.start, f.end);
            // `2019年1月1日至12月31日`, `从2019年1月1日起`: when a period starts, not a deadline.
            let starts_period = ["至", "起", "开始", "以来", "-"]
                .iter()
                .any(|w| norm[f.end..].starts_with(w))
                || ["从", "自", "至"]
                    .iter()
                    .any(|w| norm[..f.start].ends_with(w));
            if !starts_period {
                found.push(f);
            }
        }
    }
    for p in years::year_ends(norm, marks) {
        let Some(y) = year_of(norm, &p) else {
            continue;
        };
        claim(p.start, p.end);
        found.push(Found::span(
            p.start..p.end,
            NaiveDate::from_ymd_opt(y, 12, 31),
            3,
        ));
    }
    for p in years::years(norm, marks) {
        let Some(y) = year_of(norm, &p) else {
            continue;
        };
        let overlaps = claimed[p.start..p.end].iter().any(|b| *b);
        let before = &norm[..p.start];
        // A base year or a standard's year (`较2020年提高`, `按照2020年的标准`), not a deadline.
        let base = [
            "比", "较", "与", "自", "从", "截至", "截止", "按照", "参照", "对照",
        ]
        .iter()
        .any(|w| before.ends_with(w));
        if overlaps || base || years::not_after_year(&norm[p.end..]) || follows_range(norm, p.start)
        {
            continue;
        }
        found.push(Found::span(
            p.start..p.end,
            NaiveDate::from_ymd_opt(y, 12, 31),
            if p.marked() { 2 } else { 1 },
        ));
    }
}

/// A document's horizon: an annual plan's year in its title, else the latest `到…` target in its
/// goals (`到“十四五”末`, `到2025年`), else the latest one in the text before the tasks
/// (`before`: the preamble and the framing sections).
/// An annual plan's title: `2023年优化营商环境工作要点`, `2024年重点工作责任清单`.
static ANNUAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})年度?[^0-9]{0,24}?(?:行动计划|工作计划|工作要点|实施计划|计划|要点|方案|清单|分工表|分解|安排)")
        .expect("static annual pattern")
});
/// A month with no year that closes a task (`5月底前`, `6月30日前`, `9月底`).
static MONTH_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9年])([0-9]{1,2})月(?:([0-9]{1,2})日)?(底|末)?(前|以前)?")
        .expect("static month-only pattern")
});

/// A task's `5月底前` in an annual plan: that month of the plan's year (the horizon the title
/// gives), as the plan's readers take it. Not in a plan of several years, where it names none.
pub fn month_in_plan_year(text: &Aligned, horizon: Option<&Deadline>) -> Option<Deadline> {
    // Without a 月 the pattern cannot match: most tasks are spared folding the horizon anew.
    if !holds(&text.norm, '月') {
        return None;
    }
    let h = horizon?;
    let year = chrono::Datelike::year(&h.date?);
    if h.basis != Basis::Document || !ANNUAL.is_match(&fold_plain(&h.text)) {
        return None;
    }
    let c = MONTH_ONLY
        .captures_iter(&text.norm)
        .find(|c| c.get(3).is_some() || c.get(4).is_some())?;
    let month: u32 = c.get(1)?.as_str().parse().ok()?;
    let date = match c.get(2).and_then(|d| d.as_str().parse::<u32>().ok()) {
        Some(day) => NaiveDate::from_ymd_opt(year, month, day),
        None => last_day_of_month(year, month),
    }?;
    let whole = c.get(0)?;
    let start = c.get(1)?.start();
    Some(Deadline {
        date: Some(date),
        kind: DeadlineKind::Date,
        every_year: None,
        text: text.orig_of(start..whole.end()).into(),
        basis: Basis::Explicit,
    })
}

/// A horizon's phrase as the patterns read it (it is kept as written).
fn fold_plain(text: &str) -> String {
    super::lines::fold(text)
}

pub fn horizon(title: &Aligned, goals: &[Aligned], before: &[Aligned]) -> Option<Deadline> {
    // `某某三年行动计划（2021-2023年）`: the title's period ends the plan.
    static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([0-9]{4})\s*年?\s*[-—–~至到]\s*([0-9]{4})\s*年")
            .expect("static period pattern")
    });
    if let Some(c) = PERIOD.captures(&title.norm) {
        let m = c.get(0)?;
        let (from, to): (i32, i32) = (
            c.get(1)?.as_str().parse().ok()?,
            c.get(2)?.as_str().parse().ok()?,
        );
        if from < to && to - from <= 15 {
            return Some(Deadline {
                date: NaiveDate::from_ymd_opt(to, 12, 31),
                kind: DeadlineKind::Date,
                every_year: None,
                text: title.orig_of(m.range()).into(),
                basis: Basis::Document,
            });
        }
    }
    if let Some(c) = ANNUAL.captures(&title.norm) {
        let m = c.get(0)?;
        let y: i32 = c.get(1)?.as_str().parse().ok()?;
        return Some(Deadline {
            date: NaiveDate::from_ymd_opt(y, 12, 31),
            kind: DeadlineKind::Date,
            every_year: None,
            text: title.orig_of(m.range()).into(),
            basis: Basis::Document,
        });
    }
    // The latest target the goals introduce as one ("到2025年", "力争…", a plan period): a plan
    // with goals for 2020 and 2025 runs to 2025.
    latest_target(goals).or_else(|| latest_target(before))
}

fn latest_target(paragraphs: &[Aligned]) -> Option<Deadline> {
    paragraphs
        .iter()
        .flat_map(|g| {
            candidates(&g.norm)
                .into_iter()
                .filter(|f| {
                    let phrase = &g.norm[f.start..f.end];
                    f.every_year.is_none()
                        && (phrase.starts_with('到')
                            || phrase.starts_with('力')
                            || phrase.contains('十'))
                })
                .map(move |f| f.into_deadline(g, Basis::Document))
        })
        .max_by_key(|d| d.date)
}

fn month_phrase(norm: &str, p: &Phrase) -> Option<Found> {
    let y = year_of(norm, p)?;
    let month: u32 = norm.get(p.month.clone()?)?.parse().ok()?;
    let day = p.day.clone().and_then(|d| norm.get(d)?.parse::<u32>().ok());
    let date = match day {
        Some(day) => NaiveDate::from_ymd_opt(y, month, day),
        None => last_day_of_month(y, month),
    };
    date?;
    Some(Found::span(p.start..p.end, date, 3))
}

fn plan_period(c: &Captures) -> Option<Found> {
    let m = c.get(0)?;
    // 十一五 ends in 2010, each later plan five years on.
    let nth = match c.get(3)?.as_str().chars().nth(1)? {
        '一' => 11,
        '二' => 12,
        '三' => 13,
        '四' => 14,
        '五' => 15,
        '六' => 16,
        '七' => 17,
        '八' => 18,
        '九' => 19,
        _ => return None,
    };
    let end_year = 2010 + (nth - 11) * 5;
    Some(Found::at(m, NaiveDate::from_ymd_opt(end_year, 12, 31), 2))
}

fn year_of(norm: &str, p: &Phrase) -> Option<i32> {
    let y: i32 = norm.get(p.year.clone())?.parse().ok()?;
    (1949..=2100).contains(&y).then_some(y)
}

fn last_day_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// `2020-2022年`: the end of a range is a span, not a deadline.
fn follows_range(norm: &str, start: usize) -> bool {
    norm[..start].ends_with(['-', '至', '到'])
        && norm[..start]
            .trim_end_matches(['-', '至', '到'])
            .ends_with(|c: char| c.is_ascii_digit() || c == '年')
}

/// Whether byte `at` (a character's start) stands inside `(…)` or `《…》`: a remark or a title
/// there is not the task's own deadline. Counted over the bytes before it that may open a
/// bracket (`(`, `)`, and E3 of 《 E3 80 8A and 》 E3 80 8B), found by a vector search: a
/// task has a phrase or two, where a depth for every byte was decoded from every character.
fn in_brackets(norm: &str, at: usize) -> bool {
    let Some(b) = norm.as_bytes().get(..at) else {
        return false;
    };
    let (mut paren, mut title) = (0i32, 0i32);
    for i in memchr::memchr3_iter(b'(', b')', 0xE3, b) {
        match (b[i], b.get(i + 1..i + 3)) {
            (b'(', _) => paren += 1,
            (b')', _) => paren -= 1,
            (_, Some([0x80, 0x8A])) => title += 1,
            (_, Some([0x80, 0x8B])) => title -= 1,
            _ => {}
        }
    }
    paren > 0 || title > 0
}

/// The strongest phrase, the earliest among equals.
fn best(mut found: Vec<Found>) -> Option<Found> {
    found.sort_by(|a, b| b.strength.cmp(&a.strength).then(a.start.cmp(&b.start)));
    found.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(String, String)> {
        explicit(&Aligned::new(text)).map(|d| {
            (
                d.date.map(|d| d.to_string()).unwrap_or_default(),
                d.text.to_string(),
            )
        })
    }

    fn pair(date: &str, text: &str) -> Option<(String, String)> {
        Some((date.to_string(), text.to_string()))
    }

    #[test]
    fn year_end_phrases() {
        assert_eq!(
            at("力爭2022年年底,產業集群營業收入突破5000億元。"),
            pair("2022-12-31", "力爭2022年年底")
        );
        assert_eq!(at("2024年底前完成"), pair("2024-12-31", "2024年底前"));
    }

    #[test]
    fn month_phrases() {
        assert_eq!(at("2023年6月底前建成"), pair("2023-06-30", "2023年6月底前"));
        assert_eq!(at("2024年2月底前"), pair("2024-02-29", "2024年2月底前"));
    }

    #[test]
    fn a_marked_phrase_beats_a_bare_year() {
        assert_eq!(
            at("2022年新增护理型养老床位3万张。2022年年底社区养老服务设施配建达标率达到100%"),
            pair("2022-12-31", "2022年年底")
        );
    }

    #[test]
    fn bare_year_counts_but_ranges_and_citations_do_not() {
        assert_eq!(
            at("实施养老服务人才培训提升行动(2020-2022年),2022年培养培训养老护理员6万名。"),
            pair("2022-12-31", "2022年")
        );
        assert_eq!(at("实施行动(2020-2022年)。"), None);
        assert_eq!(at("落实2021年印发的《规划》"), None);
        assert_eq!(at("比2020年增长10%"), None);
        assert_eq!(at("农村居民收入较2020年提高20%以上"), None);
        assert_eq!(at("按照2020年的标准核定补助"), None);
        // An edition, not a deadline (国办发〔2020〕43号).
        assert_eq!(at("修订出台2020年版鼓励外商投资产业目录"), None);
        assert_eq!(at("2019年1月1日至12月31日,对参保企业返还"), None);
        assert_eq!(at("从2019年1月1日起,实施计划"), None);
        assert_eq!(at("深入贯彻落实《“健康中国2030”规划纲要》"), None);
    }

    #[test]
    fn five_year_plan_periods() {
        assert_eq!(
            at("到“十四五”末,基本建成"),
            pair("2025-12-31", "到“十四五”末")
        );
        assert_eq!(
            at("“十四五”期间持续推进"),
            pair("2025-12-31", "“十四五”期间")
        );
    }

    #[test]
    fn recurring_and_ongoing() {
        let d = explicit(&Aligned::new("每年12月底前报送进展情况")).unwrap();
        assert_eq!(
            (d.kind, d.every_year, d.text.as_str()),
            (DeadlineKind::Recurring, Some((12, 31)), "每年12月底前")
        );
        assert_eq!(
            d.due(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()),
            NaiveDate::from_ymd_opt(2024, 12, 31)
        );
        let f = field(&Aligned::new("长期坚持")).unwrap();
        assert_eq!(
            (f.kind, f.date, f.text.as_str()),
            (DeadlineKind::Ongoing, None, "长期坚持")
        );
        assert_eq!(
            field(&Aligned::new("2023年6月底前")).unwrap().date,
            NaiveDate::from_ymd_opt(2023, 6, 30)
        );
        // In running text, 持续推进 is a verb, not a deadline.
        assert_eq!(explicit(&Aligned::new("持续推进平台建设")), None);
        assert_eq!(at("力争2025年实现全覆盖"), pair("2025-12-31", "力争2025年"));
        assert_eq!(at("到2025年,建成"), pair("2025-12-31", "到2025年"));
    }

    #[test]
    fn the_latest_goal_is_the_horizon() {
        let goals = [Aligned::new(
            "到2020年,农机装备产业科技创新能力持续提升。\n到2025年,农机装备品类基本齐全。比2015年增长。",
        )];
        let h = horizon(
            &Aligned::new("关于加快推进农业机械化的指导意见"),
            &goals,
            &[],
        )
        .unwrap();
        assert_eq!(
            (h.text.as_str(), h.date),
            ("到2025年", NaiveDate::from_ymd_opt(2025, 12, 31))
        );
    }

    #[test]
    fn a_month_without_a_year_falls_in_an_annual_plan_s_year() {
        let annual = horizon(&Aligned::new("某区2023年优化营商环境工作要点"), &[], &[]);
        let d = month_in_plan_year(&Aligned::new("5月底前上线平台"), annual.as_ref()).unwrap();
        assert_eq!(
            (d.date.unwrap().to_string(), d.text.as_str()),
            ("2023-05-31".into(), "5月底前")
        );
        let d = month_in_plan_year(&Aligned::new("于6月30日前完成"), annual.as_ref()).unwrap();
        assert_eq!(d.date.unwrap().to_string(), "2023-06-30");
        // A month that closes nothing, and a plan of several years, give no date.
        assert!(month_in_plan_year(&Aligned::new("每月5日调度"), annual.as_ref()).is_none());
        let period = horizon(&Aligned::new("某区三年行动计划（2021-2023年）"), &[], &[]);
        assert!(month_in_plan_year(&Aligned::new("5月底前上线"), period.as_ref()).is_none());
    }

    #[test]
    fn horizons() {
        let annual = horizon(&Aligned::new("醫養健康產業2022年行動計劃"), &[], &[]).unwrap();
        assert_eq!(annual.text, "2022年行動計劃");
        assert_eq!(annual.basis, Basis::Document);
        let goal = Aligned::new("到“十四五”末,全市城乡公共卫生医疗体系更加完善");
        let h = horizon(&Aligned::new("泰安市康养福地建设实施意见"), &[goal], &[]).unwrap();
        assert_eq!(h.text, "到“十四五”末");
        assert_eq!(h.date, NaiveDate::from_ymd_opt(2025, 12, 31));
        assert_eq!(
            horizon(&Aligned::new("关于促进就业的若干意见"), &[], &[]),
            None
        );
        let before = [Aligned::new(
            "为应对老龄化,到2025年,全县养老服务体系更加健全。",
        )];
        let h = horizon(&Aligned::new("某县养老服务实施方案"), &[], &before).unwrap();
        assert_eq!((h.text.as_str(), h.basis), ("到2025年", Basis::Document));
        // A title's period sets the horizon, whatever the goals say.
        let period = horizon(
            &Aligned::new("某县养老服务三年行动计划（2021-2023年）"),
            &[],
            &before,
        )
        .unwrap();
        assert_eq!(
            (period.text.as_str(), period.date),
            ("2021-2023年", NaiveDate::from_ymd_opt(2023, 12, 31))
        );
        let titled = horizon(
            &Aligned::new("某市2024年优化营商环境重点任务分工方案"),
            &[],
            &before,
        );
        assert_eq!(titled.unwrap().date, NaiveDate::from_ymd_opt(2024, 12, 31));
    }
}
