//! A unit named by a person, resolved the way they mean it: an exact name, id or alias first;
//! else the best search match when it is the only one that good; else the equally good
//! candidates, so the caller can ask instead of guessing (as git does for an ambiguous
//! revision). Within a task, only the task's own units are candidates.

use super::units::UnitIndex;
use crate::model::{Level, Model};
use std::collections::HashMap;

/// What a name resolved to, as indexes into `Model::units`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    One(usize),
    /// Several units match equally well: the best first.
    Ambiguous(Vec<usize>),
    /// Nothing matches; the nearest names (possibly none) to suggest.
    NotFound(Vec<usize>),
}

/// How many near names a refusal suggests.
const SUGGESTIONS: usize = 3;

/// Resolves `query` among every unit, or only among `within` (unit ids) when given.
pub fn unit(model: &Model, index: &UnitIndex, query: &str, within: Option<&[&str]>) -> Resolution {
    let q = query.trim();
    let allowed = |i: usize| allowed(model, within, i);
    if let Some(i) = exact_unit(model, q, within) {
        return Resolution::One(i);
    }
    let hits = index.search(q);
    let fitting: Vec<_> = hits.iter().filter(|h| allowed(h.unit)).collect();
    match fitting.as_slice() {
        [] => {
            // Nothing fits: the best hits anywhere, or for a task its own units.
            let near: Vec<usize> = match within {
                Some(ids) => ids
                    .iter()
                    .filter_map(|id| model.unit_position(id))
                    .take(SUGGESTIONS)
                    .collect(),
                None => hits.iter().take(SUGGESTIONS).map(|h| h.unit).collect(),
            };
            Resolution::NotFound(near)
        }
        [one] => Resolution::One(one.unit),
        [best, rest @ ..] => {
            let tied: Vec<usize> = std::iter::once(best.unit)
                .chain(
                    rest.iter()
                        .filter(|h| h.score == best.score)
                        .map(|h| h.unit),
                )
                .collect();
            if tied.len() == 1 {
                Resolution::One(best.unit)
            } else {
                Resolution::Ambiguous(tied)
            }
        }
    }
}

/// What settles a tie the way the user means it: the units they write for in the ledger,
/// then their own level, then the unit they open most. Each narrows only when it leaves one.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prefer<'a> {
    /// Unit ids the user is a member of in the ledger.
    pub member_of: &'a [String],
    pub home: Option<Level>,
    /// Frecency score per unit name.
    pub opened: Option<&'a HashMap<String, f64>>,
}

impl Prefer<'_> {
    /// The one unit of `tied` the user means, if their membership, level or habits say so.
    fn settle(&self, model: &Model, tied: &[usize]) -> Option<usize> {
        let unit = |i: &usize| model.units.get(*i);
        let only = |keep: &dyn Fn(usize) -> bool| {
            let kept: Vec<usize> = tied.iter().copied().filter(|&i| keep(i)).collect();
            (kept.len() == 1).then(|| kept[0])
        };
        let member = |i: usize| unit(&i).is_some_and(|u| self.member_of.contains(&u.id));
        let home = |i: usize| unit(&i).is_some_and(|u| Some(u.level) == self.home);
        only(&member).or_else(|| only(&home)).or_else(|| {
            let opened = self.opened?;
            let score = |i: usize| {
                unit(&i)
                    .and_then(|u| opened.get(&u.name))
                    .copied()
                    .unwrap_or(0.0)
            };
            let best = tied.iter().map(|&i| score(i)).fold(0.0_f64, f64::max);
            (best > 0.0).then_some(())?;
            only(&|i| score(i) == best)
        })
    }
}

/// The unit whose id, name or an alias is `query` as typed (trimmed), among `within` when
/// given: what [`unit`] settles before any search, so a caller holding an exact name needs no
/// [`UnitIndex`].
pub fn exact_unit(model: &Model, query: &str, within: Option<&[&str]>) -> Option<usize> {
    let q = query.trim();
    model
        .units
        .iter()
        .enumerate()
        .find(|&(i, u)| {
            allowed(model, within, i)
                && (u.id == q || u.name == q || u.aliases.iter().any(|a| a == q))
        })
        .map(|(i, _)| i)
}

/// Whether the unit at `i` is one of `within` (any unit when None).
fn allowed(model: &Model, within: Option<&[&str]>, i: usize) -> bool {
    within.is_none_or(|ids| {
        model
            .units
            .get(i)
            .is_some_and(|u| ids.contains(&u.id.as_str()))
    })
}

/// As [`unit`], with a tie settled by what the user prefers when that leaves one unit.
pub fn unit_preferring(
    model: &Model,
    index: &UnitIndex,
    query: &str,
    within: Option<&[&str]>,
    prefer: &Prefer,
) -> Resolution {
    match unit(model, index, query, within) {
        Resolution::Ambiguous(tied) => match prefer.settle(model, &tied) {
            Some(one) => Resolution::One(one),
            None => Resolution::Ambiguous(tied),
        },
        other => other,
    }
}

/// A list of names as a person types it (`卫健委,民政` or `卫健委、民政`), each resolved; the
/// first that does not resolve to one unit is returned with its resolution.
pub fn unit_list(
    model: &Model,
    index: &UnitIndex,
    list: &str,
    prefer: &Prefer,
) -> Result<Vec<usize>, (String, Resolution)> {
    let mut out: Vec<usize> = Vec::new();
    for q in list
        .split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        match unit_preferring(model, index, q, None, prefer) {
            Resolution::One(i) => {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            other => return Err((q.to_string(), other)),
        }
    }
    if out.is_empty() {
        return Err((list.to_string(), Resolution::NotFound(Vec::new())));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(m: &Model, r: &Resolution) -> Vec<String> {
        let ix = match r {
            Resolution::One(i) => vec![*i],
            Resolution::Ambiguous(v) | Resolution::NotFound(v) => v.clone(),
        };
        ix.iter().map(|&i| m.units[i].name.clone()).collect()
    }

    /// The exact match settles without an index, and only among the units allowed: what
    /// `ledger set` takes before it builds one.
    #[test]
    fn an_exact_name_settles_without_searching() {
        let mut m = crate::model::of_unit_names(&["市卫生健康委", "省卫生健康委", "市民政局"]);
        m.units[2].aliases.push("民政局".into());
        assert_eq!(exact_unit(&m, " 省卫生健康委 ", None), Some(1));
        assert_eq!(exact_unit(&m, "民政局", None), Some(2));
        assert_eq!(
            exact_unit(&m, "省卫生健康委", Some(&["市卫生健康委"])),
            None
        );
        assert_eq!(exact_unit(&m, "卫健委", None), None, "a part is not exact");
        let ix = UnitIndex::new(&m);
        for (q, within) in [
            ("民政局", None),
            ("市卫生健康委", Some(&["市卫生健康委"][..])),
        ] {
            let i = exact_unit(&m, q, within).expect(q);
            assert_eq!(unit(&m, &ix, q, within), Resolution::One(i), "{q}");
        }
    }

    #[test]
    fn a_task_s_own_units_come_first_and_an_equal_tie_is_asked_about() {
        let m = crate::model::of_unit_names(&["市卫生健康委", "省卫生健康委", "市民政局"]);
        let ix = UnitIndex::new(&m);
        let anywhere = unit(&m, &ix, "卫健委", None);
        assert!(matches!(anywhere, Resolution::Ambiguous(_)), "{anywhere:?}");
        assert_eq!(names(&m, &anywhere).len(), 2);
        let city = ["市卫生健康委", "市民政局"];
        for q in ["卫健委", "卫生健康委", "wsjkw", "市卫生健康委员会"] {
            let r = unit(&m, &ix, q, Some(&city));
            assert_eq!(names(&m, &r), ["市卫生健康委"], "{q}");
            assert!(matches!(r, Resolution::One(_)), "{q}");
        }
        assert_eq!(
            unit(&m, &ix, "民政", Some(&city)),
            Resolution::One(2),
            "a part of the name"
        );
    }

    #[test]
    fn nothing_fitting_suggests_the_near_names() {
        let m = crate::model::of_unit_names(&["市卫生健康委", "省卫生健康委", "市民政局"]);
        let ix = UnitIndex::new(&m);
        let r = unit(&m, &ix, "卫健委", Some(&["市民政局"]));
        assert_eq!(r, Resolution::NotFound(vec![2]));
        assert_eq!(
            unit(&m, &ix, "海关总署", None),
            Resolution::NotFound(vec![])
        );
        assert_eq!(unit(&m, &ix, "市民政局", None), Resolution::One(2));
    }

    #[test]
    fn a_tie_is_settled_by_membership_then_level_then_habit() {
        let m = crate::model::of_unit_names(&["市卫生健康委", "省卫生健康委", "市民政局"]);
        let ix = UnitIndex::new(&m);
        let none = Prefer::default();
        assert!(matches!(
            unit_preferring(&m, &ix, "卫健委", None, &none),
            Resolution::Ambiguous(_)
        ));
        let city = [m.units[0].id.clone()];
        let member = Prefer {
            member_of: &city,
            home: Some(Level::Province),
            ..Prefer::default()
        };
        let r = unit_preferring(&m, &ix, "卫健委", None, &member);
        assert_eq!(names(&m, &r), ["市卫生健康委"], "membership before level");
        let province = Prefer {
            home: Some(Level::Province),
            ..Prefer::default()
        };
        let r = unit_preferring(&m, &ix, "卫健委", None, &province);
        assert_eq!(names(&m, &r), ["省卫生健康委"]);
        let opened: HashMap<String, f64> = [("市卫生健康委".to_string(), 2.0)].into();
        let habit = Prefer {
            opened: Some(&opened),
            ..Prefer::default()
        };
        let r = unit_preferring(&m, &ix, "卫健委", None, &habit);
        assert_eq!(names(&m, &r), ["市卫生健康委"]);
        let list = unit_list(&m, &ix, "卫健委，民政", &province).expect("both");
        assert_eq!(list.len(), 2);
        let Err((q, r)) = unit_list(&m, &ix, "卫健委，民政", &none) else {
            panic!("a tie without a preference is asked about");
        };
        assert_eq!(q, "卫健委");
        assert_eq!(names(&m, &r).len(), 2);
    }
}
