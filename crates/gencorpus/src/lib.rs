//! A corpus generator for benchmarks and tests: `gencorpus OUT_DIR N [SEED]` writes N documents
//! of the genre, deterministic from the seed, mixing every annotation form of PATTERNS.md
//! (labelled brackets with `;` or `,`, square brackets with a remark, 负责 lists with a lead rule,
//! prose roles, labelled lines, tab tables), Simplified and Traditional, full- and half-width
//! punctuation, deadlines of every kind. Unit names are composed here from place syllables and
//! department stems at several levels (national, province, city, district, county, township):
//! 1,000 documents give about 50,000 tasks and 2,000–4,000 units.
//!
//! This is a test tool, not data: nothing in the program reads what it writes.

mod words;
use words::*;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `n` documents into `dir` (created if needed), deterministic from `seed`; returns the
/// bytes written.
pub fn write_corpus(dir: &Path, n: usize, seed: u64) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let world = World::new(seed);
    let mut total = 0;
    for i in 0..n {
        let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let text = document(&world, &mut rng, i);
        let path: PathBuf = dir.join(format!("doc-{i:05}.txt"));
        let mut f = std::fs::File::create(path)?;
        f.write_all(text.as_bytes())?;
        total += text.len();
    }
    Ok(total)
}

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_add(0x2545_F491_4F6C_DD1D))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Places at each level, composed once from the seed: the same names recur across documents, as
/// one city's bodies recur across its plans.
struct World {
    provinces: Vec<String>,
    cities: Vec<String>,
    districts: Vec<String>,
    counties: Vec<String>,
    townships: Vec<String>,
}

impl World {
    fn new(seed: u64) -> World {
        let mut rng = Rng::new(seed.wrapping_mul(31).wrapping_add(7));
        let mut used = std::collections::HashSet::new();
        let mut names = |rng: &mut Rng, n: usize, suffix: &str| -> Vec<String> {
            let mut out = Vec::new();
            while out.len() < n {
                let name = format!("{}{}{suffix}", rng.pick(SYLLABLES), rng.pick(SYLLABLES));
                if used.insert(name.clone()) {
                    out.push(name);
                }
            }
            out
        };
        World {
            provinces: names(&mut rng, 4, "省"),
            cities: names(&mut rng, 22, "市"),
            districts: names(&mut rng, 18, "区"),
            counties: names(&mut rng, 18, "县"),
            townships: names(&mut rng, 30, "镇"),
        }
    }
}

/// Which forms a document writes its annotations in.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    Labelled,
    Square,
    FuzeList,
    Prose,
    LabelledLines,
    Table,
}

const FORMS: &[Form] = &[
    Form::Labelled,
    Form::Labelled,
    Form::Labelled,
    Form::Square,
    Form::FuzeList,
    Form::Prose,
    Form::LabelledLines,
    Form::Table,
];

/// The issuer of one document and the units it assigns to.
struct Issuer {
    name: String,
    units: Vec<String>,
    national: bool,
}

fn issuer(world: &World, rng: &mut Rng) -> Issuer {
    let named = rng.chance(75);
    let (place, stems, prefix): (String, &[&str], &str) = match rng.below(10) {
        0 => ("国务院".into(), &[][..], ""),
        1 | 2 => (rng.pick(&world.provinces).clone(), PROVINCE_STEMS, "省"),
        3..=5 => (rng.pick(&world.cities).clone(), CITY_STEMS, "市"),
        6 | 7 => (rng.pick(&world.districts).clone(), DISTRICT_STEMS, "区"),
        _ => (rng.pick(&world.counties).clone(), DISTRICT_STEMS, "县"),
    };
    if stems.is_empty() {
        return Issuer {
            name: place,
            units: NATIONAL.iter().map(|s| s.to_string()).collect(),
            national: true,
        };
    }
    let head = if named {
        place.clone()
    } else {
        prefix.to_string()
    };
    let mut units: Vec<String> = stems
        .iter()
        .map(|s| {
            // District and county bodies take their own prefix (县发改局, 安平县发改局).
            format!("{head}{s}")
        })
        .collect();
    if prefix == "区" || prefix == "县" {
        for _ in 0..3 {
            let town = rng.pick(&world.townships).clone();
            units.push(format!("{town}{}", rng.pick(TOWNSHIP_STEMS)));
        }
    }
    Issuer {
        name: format!("{place}人民政府"),
        units,
        national: false,
    }
}

fn document(world: &World, rng: &mut Rng, i: usize) -> String {
    let who = issuer(world, rng);
    let field = rng.pick(FIELDS);
    let year = 2019 + rng.below(6);
    let full_width = rng.chance(70);
    let traditional = rng.chance(8);
    let forms: Vec<Form> = (0..1 + rng.below(2)).map(|_| *rng.pick(FORMS)).collect();
    let kind = *rng.pick(&["实施意见", "行动计划", "工作要点", "重点任务分工方案"]);
    let title = format!(
        "{}{field}{year}年{kind}",
        who.name.trim_end_matches("人民政府")
    );
    let mut out = String::new();
    if rng.chance(40) {
        out.push_str(&format!(
            "发布日期:{year}-0{}-1{} 09:3{} 浏览次数:\n当前位置:首页 > 政务公开 > 文件\n\n",
            1 + rng.below(9),
            rng.below(9),
            rng.below(9)
        ));
    }
    out.push_str(&format!(
        "{title}\n{}发〔{year}〕{}号\n\n",
        short(&who.name),
        1 + i % 97
    ));
    let sections = 4 + rng.below(4);
    let mut lead_rule_stated = false;
    let arabic = rng.chance(25);
    let mut task_no = 0;
    for s in 0..sections {
        out.push_str(&format!(
            "{}、{}\n",
            chinese_number(s + 1),
            if s == 0 {
                "工作目标"
            } else {
                rng.pick(OBJECTS)
            }
        ));
        if s == 0 {
            out.push_str(&format!("到{}年，{field}水平明显提升。\n", year + 2));
            continue;
        }
        let form = *rng.pick(&forms);
        if form == Form::Table {
            table(&mut out, rng, &who, field, year, &mut task_no);
            continue;
        }
        let items = 7 + rng.below(9);
        for k in 0..items {
            task_no += 1;
            let units = pick_units(rng, &who);
            let deadline = deadline(rng, year);
            let title = format!("{}{field}{}", rng.pick(VERBS), rng.pick(OBJECTS));
            let number = if arabic {
                format!("{}.", k + 1)
            } else {
                format!("（{}）", chinese_number(k + 1))
            };
            let body = format!("{title}。{}{deadline}。", rng.pick(DETAILS));
            match form {
                Form::LabelledLines => {
                    out.push_str(&format!("{number}{body}\n"));
                    out.push_str(&format!("牵头单位：{}\n", units[0]));
                    if units.len() > 1 {
                        out.push_str(&format!("责任单位：{}\n", units[1..].join("、")));
                    }
                    if rng.chance(30) {
                        out.push_str("分管领导：王某某\n");
                    }
                }
                _ => {
                    let note = annotation(rng, form, &units, &mut lead_rule_stated, who.national);
                    out.push_str(&format!("{number}{body}{note}\n"));
                }
            }
        }
    }
    if !full_width {
        out = out
            .replace('（', "(")
            .replace('）', ")")
            .replace('：', ":")
            .replace('；', ";");
    }
    if traditional {
        out = hanconv::s2t(&out);
    }
    out.push_str(&format!("\n{}\n{year}年3月1日\n", who.name));
    out
}

fn short(name: &str) -> String {
    name.chars().take(2).collect()
}

fn pick_units(rng: &mut Rng, who: &Issuer) -> Vec<String> {
    let n = 1 + rng.below(4);
    let mut units: Vec<String> = Vec::new();
    while units.len() < n {
        // A few bodies carry most tasks, as in the real documents.
        let k = rng
            .below(who.units.len())
            .min(rng.below(who.units.len()) + 3);
        let u = who.units[k].clone();
        if !units.contains(&u) {
            units.push(u);
        }
    }
    if rng.chance(15) {
        units.push(rng.pick(COLLECTIVES).to_string());
    }
    units
}

fn annotation(
    rng: &mut Rng,
    form: Form,
    units: &[String],
    lead_rule_stated: &mut bool,
    national: bool,
) -> String {
    let list = |xs: &[String]| xs.join("、");
    match form {
        Form::Square => format!("〔责任单位：{}〕", list(units)),
        Form::FuzeList if national => {
            if *lead_rule_stated {
                format!("（{}负责）", list(units))
            } else {
                *lead_rule_stated = true;
                format!("（{}负责，排在第一位的为牵头单位，下同）", list(units))
            }
        }
        Form::Prose if units.len() > 1 => {
            format!("（{}牵头，{}配合）", units[0], list(&units[1..]))
        }
        _ => match (units.len(), rng.below(4)) {
            (1, _) | (_, 0) => format!("（责任单位：{}）", list(units)),
            (_, 1) => format!(
                "（牵头单位：{}，配合单位：{}）",
                units[0],
                list(&units[1..])
            ),
            (_, 2) if units.len() > 2 => format!(
                "（牵头单位：{}；责任单位：{}；数据提供单位：{}）",
                units[0],
                list(&units[1..units.len() - 1]),
                units[units.len() - 1]
            ),
            _ => format!(
                "（牵头单位：{}；配合单位：{}）",
                units[0],
                list(&units[1..])
            ),
        },
    }
}

fn table(out: &mut String, rng: &mut Rng, who: &Issuer, field: &str, year: usize, no: &mut usize) {
    out.push_str("序号\t重点任务\t牵头单位\t配合单位\t完成时限\n");
    for _ in 0..5 + rng.below(6) {
        *no += 1;
        let units = pick_units(rng, who);
        let deadline = match rng.below(3) {
            0 => "长期坚持".to_string(),
            1 => format!("{}年{}月底前", year + 1, 1 + rng.below(12)),
            _ => format!("{}年12月底前", year),
        };
        out.push_str(&format!(
            "{no}\t{}{field}{}。\t{}\t{}\t{deadline}\n",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            units[0],
            units[1..].join("、")
        ));
    }
}

fn deadline(rng: &mut Rng, year: usize) -> String {
    match rng.below(8) {
        0 => format!("，{}年底前完成", year + 1),
        1 => format!("，{}年{}月底前取得阶段性成效", year, 3 + rng.below(10)),
        2 => format!("，力争{}年全面完成", year + 2),
        3 => "，每年12月底前报送进展".into(),
        4 => "，长期坚持".into(),
        _ => String::new(),
    }
}

fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => format!("{}十{}", DIGITS[(n / 10) % 10], DIGITS[n % 10]),
    }
}
