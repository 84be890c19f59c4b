//! Finding units the way officials type: Simplified or Traditional, abbreviated
//! (卫健委, 发改委), pinyin initials (wsjkw) or full pinyin (weisheng), level words (市, 省).

use super::pinyin::{Key, level_prefix_len, pinyin_keys};
use super::query;
use super::ranking::Ranking;
use crate::extract::lines::simplify;
use crate::model::{Model, Unit};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// One unit found, with where the query landed in its name (char indices, for highlighting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitHit {
    /// Index into `Model::units`.
    pub unit: usize,
    pub score: i64,
    pub positions: Vec<usize>,
}

struct Entry {
    unit: usize,
    /// The name without its level prefix (卫生健康委 for 市卫生健康委): what prefix match means.
    stem_start: usize,
    keys: Vec<Key>,
    level: crate::model::Level,
    collective: bool,
    name: String,
}

/// How well a term matched, best first. Exact and prefix matches outrank scattered ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Fuzzy = 0,
    Substring = 1,
    Prefix = 2,
    Exact = 3,
}

/// What a search found, for the next search to narrow from.
#[derive(Debug, Clone, Default)]
pub struct Narrowed {
    terms: Vec<Vec<char>>,
    /// The units (entry indices) that matched, in index order.
    units: Vec<usize>,
}

/// Whether `new` can only match a subset of what `old` matched: every term kept, the last one
/// possibly longer, and perhaps more terms after it.
fn extends(old: &[Vec<char>], new: &[Vec<char>]) -> bool {
    if old.len() > new.len() {
        return false;
    }
    old.iter().zip(new).enumerate().all(|(i, (o, n))| {
        if i + 1 < old.len() {
            o == n
        } else {
            n.starts_with(o)
        }
    })
}

pub struct UnitIndex {
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
    /// How equal matches are ordered (home level, frecency, load, pinyin).
    pub ranking: Ranking,
}

impl UnitIndex {
    pub fn new(model: &Model) -> UnitIndex {
        let entries = model
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| entry(i, u))
            .collect();
        UnitIndex {
            entries,
            matcher: SkimMatcherV2::default(),
            ranking: Ranking::new(model),
        }
    }

    /// Units matching every whitespace-separated term of `query`, as typed or normalised like
    /// a document's names ([`query`]), best first; ties as `ranking` orders them. An empty
    /// query lists every unit in that order.
    pub fn search(&self, query: &str) -> Vec<UnitHit> {
        self.search_narrowing(query, None).0
    }

    /// [`UnitIndex::search`], looking only among the previous result's units when the query
    /// only grew since (a longer last term, or more terms): every tier is a subsequence match,
    /// and a query's other spellings ([`query`]) only spell out or shorten what was typed,
    /// so what no longer matched a shorter query cannot match a longer one. Returns the hits
    /// and what the next, longer query may narrow from.
    pub fn search_narrowing(
        &self,
        query: &str,
        previous: Option<&Narrowed>,
    ) -> (Vec<UnitHit>, Narrowed) {
        self.search_ranked(query, previous, &self.ranking)
    }

    /// [`UnitIndex::search_narrowing`], with equal matches ordered by `ranking` (the dashboard's,
    /// which changes as units are opened) instead of the index's own.
    pub fn search_ranked(
        &self,
        query: &str,
        previous: Option<&Narrowed>,
        ranking: &Ranking,
    ) -> (Vec<UnitHit>, Narrowed) {
        let terms: Vec<Vec<char>> = simplify(query)
            .to_lowercase()
            .split_whitespace()
            .map(|t| t.chars().collect())
            .collect();
        let among = previous
            .filter(|p| extends(&p.terms, &terms))
            .map(|p| p.units.as_slice());
        let mut hits: Vec<UnitHit> = Vec::new();
        let mut at: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for q in query::spellings(query) {
            for h in self.search_as_typed(&q, among) {
                match at.get(&h.unit).and_then(|&i| hits.get_mut(i)) {
                    // The better score counts; the highlight stays on what was typed.
                    Some(x) => x.score = x.score.max(h.score),
                    None => {
                        at.insert(h.unit, hits.len());
                        hits.push(h);
                    }
                }
            }
        }
        if hits.is_empty()
            && let Some(q) = query::relaxed(query)
        {
            hits = self.search_as_typed(&q, among);
        }
        let tie = |u: usize| {
            self.entries
                .get(u)
                .map(|e| (e.collective, e.level, e.name.as_str()))
        };
        hits.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| match (tie(a.unit), tie(b.unit)) {
                    (Some((ca, la, na)), Some((cb, lb, nb))) => {
                        ca.cmp(&cb).then_with(|| ranking.order((la, na), (lb, nb)))
                    }
                    _ => a.unit.cmp(&b.unit),
                })
        });
        let mut units: Vec<usize> = hits.iter().map(|h| h.unit).collect();
        units.sort_unstable();
        (hits, Narrowed { terms, units })
    }

    /// One spelling of the query, already simplified and lowercased, among `among` (entry
    /// indices) or every unit.
    fn search_as_typed(&self, query: &str, among: Option<&[usize]>) -> Vec<UnitHit> {
        let terms: Vec<Vec<char>> = query
            .split_whitespace()
            .map(|t| t.chars().collect())
            .collect();
        let candidates: Box<dyn Iterator<Item = &Entry>> = match among {
            Some(units) => Box::new(units.iter().filter_map(|&u| self.entries.get(u))),
            None => Box::new(self.entries.iter()),
        };
        let hits: Vec<(UnitHit, &Entry)> = candidates
            .filter_map(|e| {
                let mut score = 0i64;
                let mut positions = Vec::new();
                for term in &terms {
                    let (s, p) = self.best_match(e, term)?;
                    score += s;
                    positions.extend(p);
                }
                positions.sort_unstable();
                positions.dedup();
                Some((
                    UnitHit {
                        unit: e.unit,
                        score,
                        positions,
                    },
                    e,
                ))
            })
            .collect();
        hits.into_iter().map(|(h, _)| h).collect()
    }

    fn best_match(&self, e: &Entry, term: &[char]) -> Option<(i64, Vec<usize>)> {
        e.keys
            .iter()
            .filter_map(|k| {
                let (tier, fine, idx) = self.match_key(k, term, e.stem_start)?;
                let positions = if k.on_name {
                    let mut p: Vec<usize> = idx
                        .iter()
                        .filter_map(|&i| k.owner.get(i).copied())
                        .collect();
                    p.dedup();
                    p
                } else {
                    Vec::new()
                };
                Some((tier as i64 * 100_000 + fine, positions))
            })
            // The best score wins; the highlight comes from the best key on the name itself.
            .fold(None, |best: Option<(i64, Vec<usize>)>, (s, p)| match best {
                None => Some((s, p)),
                Some((bs, bp)) => {
                    let score = bs.max(s);
                    let keep = !bp.is_empty() && (p.is_empty() || bs >= s);
                    Some((score, if keep { bp } else { p }))
                }
            })
    }

    fn match_key(
        &self,
        k: &Key,
        term: &[char],
        stem_start: usize,
    ) -> Option<(Tier, i64, Vec<usize>)> {
        let n = term.len();
        if n == 0 {
            return Some((Tier::Exact, 0, Vec::new()));
        }
        let text = &k.text;
        if text.as_slice() == term {
            return Some((Tier::Exact, 0, (0..n).collect()));
        }
        // A prefix of the whole key, or of the name after its level prefix.
        let stem = k.owner.iter().position(|&o| o >= stem_start).unwrap_or(0);
        for start in [0, stem] {
            if text.len() >= start + n && &text[start..start + n] == term {
                // Shorter names are closer to what was typed; count name chars, not key chars.
                let name_len = k.owner.last().map_or(0, |o| o + 1) as i64;
                return Some((Tier::Prefix, -name_len, (start..start + n).collect()));
            }
        }
        if let Some(at) = text.windows(n).position(|w| w == term) {
            return Some((Tier::Substring, -(at as i64), (at..at + n).collect()));
        }
        let hay: String = text.iter().collect();
        let pat: String = term.iter().collect();
        let (score, idx) = self.matcher.fuzzy_indices(&hay, &pat)?;
        Some((Tier::Fuzzy, score, idx))
    }
}

fn entry(i: usize, u: &Unit) -> Entry {
    let name: Vec<char> = u.name.chars().collect();
    let stem_start = level_prefix_len(&u.name);
    let mut keys = vec![Key {
        owner: (0..name.len()).collect(),
        text: name.iter().flat_map(|c| c.to_lowercase()).collect(),
        on_name: true,
    }];
    keys.extend(pinyin_keys(&u.name));
    for alias in u.aliases.iter().cloned().chain(query::extra_keys(&u.name)) {
        let a = simplify(&alias);
        if a != u.name {
            keys.push(Key {
                owner: vec![0; a.chars().count()],
                text: a.chars().collect(),
                on_name: false,
            });
        }
        keys.extend(pinyin_keys(&a).into_iter().map(|k| Key {
            on_name: false,
            ..k
        }));
    }
    Entry {
        unit: i,
        stem_start,
        keys,
        level: u.level,
        collective: u.collective,
        name: u.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(names: &[&str]) -> Model {
        crate::model::of_unit_names(names)
    }

    fn top(m: &Model, q: &str) -> Vec<String> {
        UnitIndex::new(m)
            .search(q)
            .iter()
            .map(|h| m.units[h.unit].name.clone())
            .collect()
    }

    const NAMES: &[&str] = &[
        "市卫生健康委",
        "省卫生健康委",
        "市发展改革委",
        "省发展改革委",
        "市工业和信息化局",
        "省工业和信息化厅",
        "市人力资源社会保障局",
        "市民政局",
    ];

    #[test]
    fn abbreviations_find_their_units() {
        let m = model(NAMES);
        assert_eq!(top(&m, "卫健委")[..2], ["省卫生健康委", "市卫生健康委"]);
        assert_eq!(top(&m, "发改委")[..2], ["省发展改革委", "市发展改革委"]);
        assert_eq!(top(&m, "工信局")[0], "市工业和信息化局");
        assert_eq!(top(&m, "人社")[0], "市人力资源社会保障局");
    }

    #[test]
    fn exact_and_traditional() {
        let m = model(NAMES);
        assert_eq!(top(&m, "市卫生健康委")[0], "市卫生健康委");
        assert_eq!(top(&m, "衛生健康委")[..2], ["省卫生健康委", "市卫生健康委"]);
    }

    #[test]
    fn pinyin_initials_and_full() {
        let m = model(NAMES);
        assert_eq!(top(&m, "wsjkw")[..2], ["省卫生健康委", "市卫生健康委"]);
        assert_eq!(top(&m, "weisheng")[..2], ["省卫生健康委", "市卫生健康委"]);
        assert_eq!(top(&m, "fgw")[..2], ["省发展改革委", "市发展改革委"]);
        assert_eq!(top(&m, "smzj"), ["市民政局"]);
    }

    #[test]
    fn level_words_and_several_terms() {
        let m = model(NAMES);
        assert!(top(&m, "省").iter().all(|n| n.starts_with('省')));
        assert_eq!(top(&m, "市 卫健委")[0], "市卫生健康委");
    }

    #[test]
    fn highlights_point_at_name_chars() {
        let m = model(NAMES);
        let idx = UnitIndex::new(&m);
        let hit = &idx.search("卫健委")[0];
        assert_eq!(hit.positions, vec![1, 3, 5]);
        let hit = &idx.search("wsjkw")[0];
        assert_eq!(hit.positions, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn nothing_for_nonsense() {
        let m = model(NAMES);
        assert!(top(&m, "海关总署").is_empty());
    }
}
