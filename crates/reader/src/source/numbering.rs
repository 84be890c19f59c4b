//! Word's automatic numbering, reconstructed from `numbering.xml`: a heading Word numbers as
//! 「（一）」 has no such characters in its text, and the outline depends on them.

use super::xml::{Ev, attr, walk};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Debug, Default)]
pub struct Numbering {
    /// abstractNumId → its levels by ilvl.
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// numId → (abstractNumId, start overrides by ilvl).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// Counters of each list, by the key `counter_key` gives, by level.
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    pub fn parse(xml: &[u8]) -> Result<Numbering, String> {
        let mut n = Numbering::default();
        let mut abs: Option<String> = None;
        let mut num: Option<String> = None;
        let mut lvl: Option<u8> = None;
        let mut over: Option<u8> = None;
        walk(xml, |ev| match ev {
            Ev::Start("abstractNum", a) => abs = attr(&a, "abstractNumId").map(str::to_string),
            Ev::End("abstractNum") => abs = None,
            Ev::Start("num", a) => {
                num = attr(&a, "numId").map(str::to_string);
                if let Some(id) = &num {
                    n.nums.entry(id.clone()).or_default();
                }
            }
            Ev::End("num") => num = None,
            Ev::Start("abstractNumId", a) => {
                if let (Some(id), Some(v)) = (&num, attr(&a, "val")) {
                    n.nums.entry(id.clone()).or_default().0 = v.to_string();
                }
            }
            Ev::Start("lvlOverride", a) => over = attr(&a, "ilvl").and_then(|v| v.parse().ok()),
            Ev::Start("startOverride", a) => {
                if let (Some(id), Some(l), Some(v)) = (&num, over, attr(&a, "val")) {
                    let start = v.parse().unwrap_or(1);
                    n.nums.entry(id.clone()).or_default().1.insert(l, start);
                }
            }
            Ev::Start("lvl", a) => {
                lvl = attr(&a, "ilvl")
                    .and_then(|v| v.parse().ok())
                    .filter(|l| *l < 9);
                if let (Some(id), Some(l)) = (&abs, lvl) {
                    let level = Level {
                        start: 1,
                        format: "decimal".into(),
                        text: String::new(),
                    };
                    n.abstracts.entry(id.clone()).or_default().insert(l, level);
                }
            }
            Ev::End("lvl") => lvl = None,
            Ev::Start(name @ ("start" | "numFmt" | "lvlText"), a) => {
                let (Some(id), Some(l), Some(v)) = (&abs, lvl, attr(&a, "val")) else {
                    return;
                };
                let Some(level) = n.abstracts.get_mut(id).and_then(|m| m.get_mut(&l)) else {
                    return;
                };
                match name {
                    "start" => level.start = v.parse().unwrap_or(1),
                    "numFmt" => level.format = v.to_string(),
                    _ => level.text = v.to_string(),
                }
            }
            _ => {}
        })?;
        Ok(n)
    }

    /// The number Word shows before the next paragraph of list `num_id` at level `ilvl`, counting
    /// it; None for no list, a bullet, or a level with no text.
    pub fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let (abs_id, overrides) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abs_id)?;
        let ilvl = ilvl.min(8);
        // Lists that share an abstract definition count on together, unless one restarts.
        let key = if overrides.is_empty() {
            format!("a{abs_id}")
        } else {
            format!("n{num_id}")
        };
        let counters = self.counters.entry(key).or_insert([None; 9]);
        let start_of = |l: u8| {
            overrides
                .get(&l)
                .copied()
                .or_else(|| levels.get(&l).map(|x| x.start))
                .unwrap_or(1)
        };
        let i = ilvl as usize;
        counters[i] = Some(counters[i].map_or(start_of(ilvl), |c| c.saturating_add(1)));
        for deeper in counters.iter_mut().skip(i + 1) {
            *deeper = None;
        }
        let level = levels.get(&ilvl)?;
        if level.format == "bullet" || level.format == "none" || level.text.is_empty() {
            return None;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d)) if (1..=9).contains(&d) => {
                    chars.next();
                    let l = (d - 1) as u8;
                    let value = counters[l as usize].unwrap_or_else(|| start_of(l));
                    let format = levels.get(&l).map_or("decimal", |x| x.format.as_str());
                    out.push_str(&format_number(value, format));
                }
                _ => out.push(c),
            }
        }
        Some(out)
    }
}

/// `n` as a list format writes it.
pub fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "japaneseCounting"
        | "ideographLegalTraditional"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n),
        "ideographTraditional" => ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]
            .get((n as usize).wrapping_sub(1))
            .map_or_else(|| n.to_string(), |s| s.to_string()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
            .collect(),
        "lowerLetter" | "upperLetter" => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            let k = (n.max(1) - 1) % 26;
            let times = (n.max(1) - 1) / 26 + 1;
            std::iter::repeat_n((base + k as u8) as char, times as usize).collect()
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

/// 一 … 九十九 as Chinese numbering writes it (十一, 二十, 一百零一).
fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => D[0].into(),
        1..=9 => D[n as usize].into(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[(n % 10) as usize] }),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", D[rest as usize]),
                10..=19 => format!("一{}", chinese(rest)),
                _ => chinese(rest),
            };
            format!("{}百{tail}", D[(n / 100) as usize])
        }
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="x">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn word_numbers_are_counted_and_written_as_word_shows_them() {
        let mut n = Numbering::parse(XML.as_bytes()).expect("parses");
        let got: Vec<Option<String>> = [
            ("1", 0),
            ("1", 1),
            ("1", 1),
            ("1", 2),
            ("1", 0),
            ("1", 1),
            ("2", 0),
            ("9", 0),
        ]
        .iter()
        .map(|(id, l)| n.next(id, *l))
        .collect();
        let want = [
            Some("一、"),
            Some("（一）"),
            Some("（二）"),
            Some("一.1"),
            Some("二、"),
            Some("（一）"),
            None,
            None,
        ];
        assert_eq!(got, want.map(|w| w.map(String::from)));
        assert_eq!(n.next("3", 1).as_deref(), Some("（五）"));
        assert_eq!(chinese(21), "二十一");
        assert_eq!(chinese(105), "一百零五");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
    }
}
