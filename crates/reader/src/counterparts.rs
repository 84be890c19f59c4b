//! Counterparts across levels (上下级对口): the body one level up or down that does the same line
//! of work, as 市民政局 ↔ 省民政厅 ↔ 民政部. Found by rule from the names (level prefix, stem, an
//! ending of 局/厅/委/部, 和 and merged spellings), plus the small curated table
//! `data/counterparts.tsv` for bodies a reform named differently at one level; every pair keeps
//! how it was found, so a user can judge it.

use crate::extract::units::canonical;
use crate::model::{Level, Model, Unit};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// How a pair was found, strongest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum How {
    /// The same name below the level prefix: 市卫生健康委 ↔ 省卫生健康委.
    SameName,
    /// The same stem with another ending: 市民政局 ↔ 省民政厅.
    Ending { lower: String, upper: String },
    /// The same stem once 和 and merged spellings are set aside: 人力资源和社会保障 = 人力资源社会保障.
    Variant,
    /// A line of `data/counterparts.tsv`.
    Curated,
}

/// One counterpart pair: `upper` is the higher level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    pub upper: String,
    pub lower: String,
    pub how: How,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Upper,
    Lower,
}

/// Every pair among a model's units.
#[derive(Debug, Clone, Default)]
pub struct Counterparts {
    pub pairs: Vec<Pair>,
}

/// Why a unit has no counterpart one level away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unpaired {
    pub unit: String,
    /// The level looked at.
    pub missing: Level,
    /// The stem looked for (ending and level prefix removed).
    pub stem: String,
}

static CURATED: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    // A bad line fails this table's test (`curated_table_is_whole`), not a user's run.
    dutymatrix_base::tsv::pairs(include_str!("../../../data/counterparts.tsv"))
        .unwrap_or_default()
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
});

/// Endings a line department's name closes with; longest first.
const ENDINGS: &[&str] = &["委员会", "总局", "局", "厅", "委", "部", "办"];

/// A unit's name taken apart: level rank, the name without its level prefix, the stem without
/// the ending, and the stem as compared (和 removed).
#[derive(Debug, Clone)]
struct Parts {
    rank: u8,
    name: String,
    ending: String,
    stem: String,
    core: String,
}

/// Levels from the top: a unit's counterpart above is at the nearest smaller rank that has one.
fn rank(level: Level) -> Option<u8> {
    match level {
        Level::National => Some(0),
        Level::Province => Some(1),
        Level::City => Some(2),
        Level::District | Level::County => Some(3),
        Level::Township => Some(4),
        Level::Other => None,
    }
}

/// The name without its level prefix: 市民政局 → 民政局, 泰安市民政局 → 民政局, 国家卫生健康委 →
/// 卫生健康委. A national name without 国家 is its own stem.
pub fn without_level(name: &str, level: Level) -> String {
    if level == Level::National {
        return name.strip_prefix("国家").unwrap_or(name).to_string();
    }
    // Party bodies (市委宣传部, 省委组织部) open with 市委 / 省委: the level is the whole of it.
    for party in ["省委", "市委", "区委", "县委"] {
        if let Some(rest) = name.strip_prefix(party)
            && (rest.ends_with('部') || rest.ends_with('办'))
            && rest.chars().count() > 1
        {
            return rest.to_string();
        }
    }
    if let Some(first) = name.chars().next()
        && "省市区县镇乡".contains(first)
    {
        return name[first.len_utf8()..].to_string();
    }
    // A place name first (泰安市, 山东省, 广西壮族自治区): cut after the first level word.
    for marker in ["自治区", "省", "市", "县", "区", "镇", "乡"] {
        if let Some(at) = name.find(marker)
            && name[..at].chars().count() <= 6
        {
            return name[at + marker.len()..].to_string();
        }
    }
    name.to_string()
}

fn parts(unit: &Unit) -> Option<Parts> {
    if unit.collective {
        return None;
    }
    let rank = rank(unit.level)?;
    let name = canonical(&without_level(&unit.name, unit.level));
    let ending = ENDINGS.iter().find(|e| name.ends_with(*e))?.to_string();
    let stem = name[..name.len() - ending.len()].to_string();
    if stem.is_empty() {
        return None;
    }
    let core = stem.replace('和', "");
    Some(Parts {
        rank,
        name,
        ending,
        stem,
        core,
    })
}

impl Counterparts {
    pub fn new(model: &Model) -> Counterparts {
        let units: Vec<(&Unit, Parts)> = model
            .units
            .iter()
            .filter_map(|u| parts(u).map(|p| (u, p)))
            .collect();
        let mut by_core: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, p)) in units.iter().enumerate() {
            by_core.entry(&p.core).or_default().push(i);
            by_name.entry(&p.name).or_default().push(i);
        }
        let mut pairs = Vec::new();
        for (lower, lp) in &units {
            // The curated table speaks for the names it lists; the rules for the rest.
            let curated: Vec<usize> = CURATED
                .iter()
                .filter(|(l, _)| *l == lp.name)
                .flat_map(|(_, u)| by_name.get(u.as_str()).into_iter().flatten().copied())
                .collect();
            let (candidates, is_curated) = if curated.is_empty() {
                (
                    by_core.get(lp.core.as_str()).cloned().unwrap_or_default(),
                    false,
                )
            } else {
                (curated, true)
            };
            // The nearest level above that has one: 县医保局 pairs with 市医保局, not 省医保局.
            let Some(nearest) = candidates
                .iter()
                .map(|&i| units[i].1.rank)
                .filter(|&r| r < lp.rank)
                .max()
            else {
                continue;
            };
            for &i in &candidates {
                let (upper, up) = &units[i];
                if up.rank != nearest {
                    continue;
                }
                let how = if is_curated {
                    How::Curated
                } else if up.name == lp.name {
                    How::SameName
                } else if up.stem == lp.stem {
                    How::Ending {
                        lower: lp.ending.clone(),
                        upper: up.ending.clone(),
                    }
                } else {
                    How::Variant
                };
                pairs.push(Pair {
                    upper: upper.id.clone(),
                    lower: lower.id.clone(),
                    how,
                });
            }
        }
        Counterparts { pairs }
    }

    /// The pairs a unit is in, with which side the other unit is on: the ones above first.
    pub fn of<'a>(&'a self, unit: &str) -> Vec<(Direction, &'a Pair)> {
        let mut out: Vec<(Direction, &Pair)> = self
            .pairs
            .iter()
            .filter_map(|p| {
                if p.lower == unit {
                    Some((Direction::Upper, p))
                } else if p.upper == unit {
                    Some((Direction::Lower, p))
                } else {
                    None
                }
            })
            .collect();
        out.sort_by_key(|(d, _)| *d == Direction::Lower);
        out
    }

    /// The units at `level` that have no counterpart at `missing` (one level down or up), with
    /// the stem that was looked for.
    pub fn unpaired(&self, model: &Model, level: Level, missing: Level) -> Vec<Unpaired> {
        model
            .units
            .iter()
            .filter(|u| u.level == level && !u.collective)
            .filter(|u| {
                !self.of(&u.id).iter().any(|(_, p)| {
                    let other = if p.upper == u.id { &p.lower } else { &p.upper };
                    model.unit(other).is_some_and(|o| o.level == missing)
                })
            })
            .map(|u| Unpaired {
                unit: u.id.clone(),
                missing,
                stem: parts(u).map_or_else(|| without_level(&u.name, u.level), |p| p.stem),
            })
            .collect()
    }
}

impl Pair {
    /// The other unit of the pair.
    pub fn other<'a>(&'a self, unit: &str) -> &'a str {
        if self.upper == unit {
            &self.lower
        } else {
            &self.upper
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curated_table_is_whole() {
        let table = include_str!("../../../data/counterparts.tsv");
        assert_eq!(
            dutymatrix_base::tsv::pairs(table)
                .map(|p| p.len())
                .map_err(|b| b[0].to_string()),
            Ok(table
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .count())
        );
    }

    fn model(names: &[&str]) -> Model {
        crate::model::of_unit_names(names)
    }

    fn found(cp: &Counterparts, lower: &str) -> Vec<(String, How)> {
        cp.pairs
            .iter()
            .filter(|p| p.lower == lower)
            .map(|p| (p.upper.clone(), p.how.clone()))
            .collect()
    }

    #[test]
    fn rules_pair_levels_by_stem_ending_and_variant() {
        let m = model(&[
            "市卫生健康委",
            "省卫生健康委",
            "国家卫生健康委",
            "市民政局",
            "省民政厅",
            "民政部",
            "县医保局",
            "市医保局",
            "省医保局",
            "市人力资源和社会保障局",
            "省人力资源社会保障厅",
            "市自然资源和规划局",
            "省自然资源厅",
            "市体育局",
        ]);
        let cp = Counterparts::new(&m);
        assert_eq!(
            found(&cp, "市卫生健康委"),
            vec![("省卫生健康委".into(), How::SameName)]
        );
        assert_eq!(
            found(&cp, "省卫生健康委"),
            vec![("国家卫生健康委".into(), How::SameName)]
        );
        assert_eq!(
            found(&cp, "市民政局"),
            vec![(
                "省民政厅".into(),
                How::Ending {
                    lower: "局".into(),
                    upper: "厅".into()
                }
            )]
        );
        assert_eq!(
            found(&cp, "省民政厅"),
            vec![(
                "民政部".into(),
                How::Ending {
                    lower: "厅".into(),
                    upper: "部".into()
                }
            )]
        );
        assert_eq!(
            found(&cp, "县医保局"),
            vec![("市医保局".into(), How::SameName)]
        );
        assert_eq!(
            found(&cp, "市医保局"),
            vec![("省医保局".into(), How::SameName)]
        );
        assert_eq!(
            found(&cp, "市自然资源和规划局"),
            vec![("省自然资源厅".into(), How::Curated)]
        );
        assert_eq!(found(&cp, "市人力资源和社会保障局").len(), 1);
        assert!(found(&cp, "市体育局").is_empty());
        let ups: Vec<&str> = cp
            .of("市医保局")
            .iter()
            .map(|(d, p)| {
                assert_eq!(*d == Direction::Upper, p.lower == "市医保局");
                p.other("市医保局")
            })
            .collect();
        assert_eq!(ups, ["省医保局", "县医保局"]);
    }

    #[test]
    fn level_prefixes_and_place_names_come_off() {
        assert_eq!(without_level("省市场监管局", Level::Province), "市场监管局");
        assert_eq!(without_level("泰安市民政局", Level::City), "民政局");
        assert_eq!(
            without_level("国家卫生健康委", Level::National),
            "卫生健康委"
        );
        assert_eq!(without_level("民政部", Level::National), "民政部");
        assert_eq!(without_level("市委宣传部", Level::City), "宣传部");
    }
}
