//! Unit names that are probably mistyped: one character changed, away from a department
//! name the genre uses (`data/unit_stems.txt`) or from a unit the document names more than once,
//! where that character occurs in no department name at all. `市民攻局` is reported with
//! `市民政局`; `市税务局` and `市商务局`, `民政部` and `财政部` are real names that differ in a
//! character other names use, and stay quiet; a different ending (`科技部`, `科技厅`) is a
//! different body, not a typo.
//!
//! Candidates are found through their one-deletion variants (as spelling correctors do), so the
//! cost is linear in the number of names, never a comparison of every pair.

use super::{Notice, NoticeKind};
use crate::model::Model;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static STEMS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../../../data/unit_stems.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

const LEVELS: &[&str] = &["省", "市", "区", "县", "镇", "乡"];

fn split_level(name: &str) -> (&str, &str) {
    LEVELS
        .iter()
        .find_map(|p| name.strip_prefix(p).map(|rest| (&name[..p.len()], rest)))
        .filter(|(_, rest)| rest.chars().count() >= 2)
        .unwrap_or(("", name))
}

/// The name with one character left out, at each position.
fn deletions(s: &str) -> Vec<String> {
    s.char_indices()
        .map(|(i, c)| format!("{}{}", &s[..i], &s[i + c.len_utf8()..]))
        .collect()
}

/// Where `written` differs from `known` by one changed or one added character, that position
/// (in characters of `written`); `None` for any other difference.
fn edit_at(written: &str, known: &str) -> Option<usize> {
    let (w, k): (Vec<char>, Vec<char>) = (written.chars().collect(), known.chars().collect());
    let i = w.iter().zip(&k).take_while(|(x, y)| x == y).count();
    let same_rest = match w.len().checked_sub(k.len())? {
        0 => i < w.len() && w[i + 1..] == k[i + 1..],
        1 => w[i + 1..] == k[i..],
        _ => false,
    };
    same_rest.then_some(i)
}

#[cfg(test)]
fn one_edit(a: &str, b: &str) -> bool {
    edit_at(a, b).is_some() || edit_at(b, a).is_some()
}

/// Notices for the units of `model` that look mistyped, each on the first line that names it.
pub fn likely_typos(model: &Model) -> Vec<Notice> {
    let mut tasks_of: HashMap<&str, (usize, usize)> = HashMap::new();
    for t in &model.tasks {
        for a in &t.assignments {
            let e = tasks_of.entry(a.unit.as_str()).or_insert((0, t.lines[0]));
            e.0 += 1;
        }
    }
    // Known names, without level, best first: the units the document names more than once,
    // then the curated stems, commonest first.
    let mut rank: HashMap<String, usize> = HashMap::new();
    let repeated = model
        .units
        .iter()
        .filter(|u| !u.collective && tasks_of.get(u.id.as_str()).is_some_and(|(n, _)| *n > 1))
        .map(|u| split_level(&u.id).1);
    for name in repeated.chain(STEMS.iter().copied()) {
        let next = rank.len();
        rank.entry(name.to_string()).or_insert(next);
    }
    let mut by_variant: HashMap<String, Vec<&str>> = HashMap::new();
    for k in rank.keys() {
        by_variant.entry(k.clone()).or_default().push(k);
        for d in deletions(k) {
            by_variant.entry(d).or_default().push(k);
        }
    }
    // How many names use each character: a character that only the suspect uses is a slip.
    let mut users: HashMap<char, usize> = HashMap::new();
    let names = STEMS
        .iter()
        .copied()
        .chain(model.units.iter().map(|u| split_level(&u.id).1));
    for name in names {
        let own: HashSet<char> = name.chars().collect();
        for c in own {
            *users.entry(c).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for u in model.units.iter().filter(|u| !u.collective) {
        let (level, stem) = split_level(&u.id);
        let len = stem.chars().count();
        if len < 3 || rank.contains_key(stem) {
            continue;
        }
        let mut keys = deletions(stem);
        keys.push(stem.to_string());
        let suggestion = keys
            .iter()
            .filter_map(|k| by_variant.get(k))
            .flatten()
            .filter(|k| {
                // Only a changed character: an added one is often a real body's
                // qualifier (生态环境分局, 税务总局).
                k.chars().count() == len
                    && edit_at(stem, k).is_some_and(|at| {
                        let slip = stem.chars().nth(at);
                        at + 1 < len && slip.is_some_and(|c| users.get(&c).is_none_or(|n| *n <= 1))
                    })
            })
            .min_by_key(|k| rank.get(**k).copied().unwrap_or(usize::MAX));
        if let Some(k) = suggestion {
            let line = tasks_of.get(u.id.as_str()).map_or(0, |(_, l)| *l);
            out.push(Notice {
                line,
                kind: NoticeKind::LikelyTypo,
                text: format!("{} → {level}{k}?", u.id),
            });
        }
    }
    out.sort_by_key(|n| n.line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits() {
        assert!(one_edit("民攻局", "民政局"));
        assert!(one_edit("民政局", "民政局局"));
        assert!(!one_edit("民政局", "财政厅"));
        assert!(!one_edit("民政局", "民政局"));
    }

    #[test]
    fn a_mistyped_unit_is_named_and_real_ones_are_not() {
        let doc = "某市工作方案\n一、任务\n（一）甲。（责任单位：市民攻局）\n（二）乙。（责任单位：市税务局、市商务局）\n（三）丙。（责任单位：市体育局、市教肓局、民政部、财政部）\n";
        let (m, _) = crate::extract::read_text("typos", doc);
        let found: Vec<(usize, String)> = likely_typos(&m)
            .into_iter()
            .map(|n| (n.line, n.text))
            .collect();
        assert_eq!(
            found,
            [
                (3, "市民攻局 → 市民政局?".to_string()),
                (5, "市教肓局 → 市教育局?".to_string())
            ]
        );
    }
}
