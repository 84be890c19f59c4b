//! A unit named by a person, resolved the way they mean it: an exact name, id or alias first;
//! else the best search match when it is the only one that good; else the equally good
//! candidates, so the caller can ask instead of guessing (as git does for an ambiguous
//! revision). Within a task, only the task's own units are candidates.

use super::units::UnitIndex;
use crate::model::Model;

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
    let allowed = |i: usize| {
        within.is_none_or(|ids| {
            model
                .units
                .get(i)
                .is_some_and(|u| ids.contains(&u.id.as_str()))
        })
    };
    let exact = model.units.iter().enumerate().find(|(i, u)| {
        allowed(*i) && (u.id == q || u.name == q || u.aliases.iter().any(|a| a == q))
    });
    if let Some((i, _)) = exact {
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
}
