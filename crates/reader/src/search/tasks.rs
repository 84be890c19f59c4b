//! Finding tasks by their title or text, as typed: Simplified or Traditional, any case, a
//! substring or a fuzzy match of the title.

use crate::extract::lines::simplify;
use crate::model::Model;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// Tasks whose title or text contains `query` (Simplified, any script in), or whose title
/// fuzzy-matches it, best first: (task index, score).
pub fn search_tasks(model: &Model, query: &str) -> Vec<(usize, i64)> {
    TaskIndex::new(model).search(query)
}

/// Task titles and texts folded once (Simplified, lower case), for searching them per keystroke.
pub struct TaskIndex {
    titles: Vec<String>,
    texts: Vec<String>,
    matcher: SkimMatcherV2,
}

/// A task search's result, for a longer query to narrow from.
#[derive(Debug, Clone, Default)]
pub struct TaskNarrowed {
    query: String,
    /// Matching task indices, in index order.
    tasks: Vec<usize>,
}

impl TaskIndex {
    pub fn new(model: &Model) -> TaskIndex {
        let (titles, texts) = std::thread::scope(|s| {
            let titles = s.spawn(|| {
                model
                    .tasks
                    .iter()
                    .map(|t| fold(&t.title_simplified))
                    .collect()
            });
            let texts: Vec<String> = model
                .tasks
                .iter()
                .map(|t| fold(&t.text_simplified))
                .collect();
            (titles.join().unwrap_or_default(), texts)
        });
        TaskIndex {
            titles,
            texts,
            matcher: SkimMatcherV2::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.titles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }

    pub fn search(&self, query: &str) -> Vec<(usize, i64)> {
        self.search_narrowing(query, None).0
    }

    /// [`TaskIndex::search`] among the previous result when the query only grew since.
    pub fn search_narrowing(
        &self,
        query: &str,
        previous: Option<&TaskNarrowed>,
    ) -> (Vec<(usize, i64)>, TaskNarrowed) {
        let q = simplify(query.trim()).to_lowercase();
        if q.is_empty() {
            let all: Vec<usize> = (0..self.titles.len()).collect();
            let hits = all.iter().map(|&i| (i, 0)).collect();
            return (
                hits,
                TaskNarrowed {
                    query: q,
                    tasks: all,
                },
            );
        }
        let score = |i: usize| self.score(i, &q).map(|s| (i, s));
        let mut hits: Vec<(usize, i64)> = match previous {
            Some(p) if q.starts_with(&p.query) => {
                p.tasks.iter().filter_map(|&i| score(i)).collect()
            }
            _ => (0..self.titles.len()).filter_map(score).collect(),
        };
        let mut tasks: Vec<usize> = hits.iter().map(|h| h.0).collect();
        tasks.sort_unstable();
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        (hits, TaskNarrowed { query: q, tasks })
    }

    fn score(&self, i: usize, q: &str) -> Option<i64> {
        let title = self.titles.get(i)?;
        if title.contains(q) {
            return Some(300_000);
        }
        if self.texts.get(i).is_some_and(|t| t.contains(q)) {
            return Some(200_000);
        }
        // Fuzzy only on titles: over a whole paragraph any short query is a subsequence. The
        // plain subsequence test first: most titles fail it, far faster than the scorer.
        if !is_subsequence(q, title) {
            return None;
        }
        self.matcher
            .fuzzy_match(title, q)
            .filter(|s| *s > 0)
            .map(|s| 100_000 + s)
    }
}

/// `s` in lower case, as `str::to_lowercase` gives it, but without asking the Unicode tables
/// about each Chinese character (they have no case): most of a corpus's text.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if ('\u{3000}'..='\u{9fff}').contains(&c) {
            out.push(c);
        } else {
            // Other scripts have context rules (a final sigma): leave them to the library.
            return s.to_lowercase();
        }
    }
    out
}

fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_is_to_lowercase() {
        for s in ["市卫生健康委", "ABC 卫健委 Ｆｕｌｌ ΣΑΣ İ", "Ⅻ人才"] {
            assert_eq!(fold(s), s.to_lowercase(), "{s}");
        }
    }
}
