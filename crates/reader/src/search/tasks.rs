//! Finding tasks by their title or text, as typed: Simplified or Traditional, any case, a
//! substring or a fuzzy match of the title.

use crate::extract::lines::simplify;
use crate::model::Model;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::borrow::Borrow;
use std::sync::{Arc, OnceLock};

/// Tasks whose title or text contains `query` (Simplified, any script in), or whose title
/// fuzzy-matches it, best first: (task index, score).
pub fn search_tasks(model: &Model, query: &str) -> Vec<(usize, i64)> {
    TaskIndex::new(model).search(query)
}

/// Task titles and texts for searching them per keystroke, read from the model itself (`M`: a
/// `&Model`, or an `Arc<Model>` for a search thread). Chinese has no case, so a query of
/// caseless characters matches the texts as they are; only titles that change when folded to
/// lower case are kept folded, and the folded texts are made on the first query that has a
/// cased letter. Building the index is a pass over the titles, not a copy of every text.
pub struct TaskIndex<M: Borrow<Model> = Arc<Model>> {
    model: M,
    /// The folded title of each task whose title changes when folded.
    titles: Vec<Option<Box<str>>>,
    /// Every task's text folded, for queries with a cased letter.
    texts: OnceLock<Vec<String>>,
    matcher: SkimMatcherV2,
}

/// A task search's result, for a longer query to narrow from.
#[derive(Debug, Clone, Default)]
pub struct TaskNarrowed {
    query: String,
    /// Matching task indices, in index order.
    tasks: Vec<usize>,
}

impl<M: Borrow<Model> + Sync> TaskIndex<M> {
    pub fn new(model: M) -> TaskIndex<M> {
        let titles = model
            .borrow()
            .tasks
            .iter()
            .map(|t| {
                let s = t.title_simplified.as_str();
                (!caseless(s))
                    .then(|| fold(s))
                    .filter(|f| f != s)
                    .map(String::into_boxed_str)
            })
            .collect();
        TaskIndex {
            model,
            titles,
            texts: OnceLock::new(),
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
        // A caseless query matches a text as written exactly where it matches it folded:
        // folding never makes or changes a caseless character.
        let folded_texts = (!caseless(&q)).then(|| self.folded_texts());
        let score = |i: usize| self.score(i, &q, folded_texts).map(|s| (i, s));
        let mut hits: Vec<(usize, i64)> = match previous {
            Some(p) if q.starts_with(&p.query) => {
                par_filter(p.tasks.len(), |k| p.tasks.get(k).and_then(|&i| score(i)))
            }
            _ => par_filter(self.titles.len(), score),
        };
        let mut tasks: Vec<usize> = hits.iter().map(|h| h.0).collect();
        tasks.sort_unstable();
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        (hits, TaskNarrowed { query: q, tasks })
    }

    fn folded_texts(&self) -> &[String] {
        self.texts.get_or_init(|| {
            self.model
                .borrow()
                .tasks
                .iter()
                .map(|t| fold(&t.text_simplified))
                .collect()
        })
    }

    fn score(&self, i: usize, q: &str, folded_texts: Option<&[String]>) -> Option<i64> {
        let task = self.model.borrow().tasks.get(i)?;
        let title = match self.titles.get(i)? {
            Some(folded) => folded,
            None => task.title_simplified.as_str(),
        };
        if title.contains(q) {
            return Some(300_000);
        }
        let text = match folded_texts {
            Some(all) => all.get(i).map_or("", String::as_str),
            None => task.text_simplified.as_str(),
        };
        if text.contains(q) {
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

/// `f` over `0..n`, the `Some`s in order, split over the cores when there are many: a first
/// key over a province's half a million tasks.
fn par_filter<T: Send>(n: usize, f: impl Fn(usize) -> Option<T> + Sync) -> Vec<T> {
    const PER_THREAD: usize = 50_000;
    let threads = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(n / PER_THREAD)
        .max(1);
    if threads == 1 {
        return (0..n).filter_map(f).collect();
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = (0..threads)
            .map(|t| {
                let f = &f;
                s.spawn(move || {
                    (t * chunk..((t + 1) * chunk).min(n))
                        .filter_map(f)
                        .collect::<Vec<T>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Whether folding to lower case leaves every character of `s` as it is and none of them can
/// be what folding makes of another: Chinese (U+3000–U+9FFF), ASCII other than letters, and
/// the full-width forms other than letters. Checked on bytes: the UTF-8 of U+3000–U+9FFF
/// starts with E3–E9, of U+FF00–U+FF20 with EF BC 80–A0.
fn caseless(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += match c {
            b'A'..=b'Z' | b'a'..=b'z' => return false,
            0..=0x7f => 1,
            0xe3..=0xe9 => 3,
            0xef if b.get(i + 1) == Some(&0xbc) && b.get(i + 2).is_some_and(|&x| x <= 0xa0) => 3,
            _ => return false,
        };
    }
    true
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
    fn caseless_is_what_folding_leaves_alone() {
        for s in ["市卫生健康委", "2024年，人才。", "（一）", "１２３！"] {
            assert!(caseless(s), "{s}");
            assert_eq!(fold(s), s, "{s}");
        }
        for s in ["5G", "AI", "ai", "ΣΑΣ", "Ｆｕｌｌ", "K", "é"] {
            assert!(!caseless(s), "{s}");
        }
    }

    /// The index finds what folding both sides finds, for caseless and cased queries alike.
    #[test]
    fn shared_texts_match_folded_ones() {
        let mut m = crate::model::Model::default();
        for (i, (title, text)) in [
            ("推进5G基站建设", "加快5G网络覆盖，ＡＩ赋能"),
            ("加强人才队伍建设", "引进高层次人才"),
            ("发展AI产业", "支持ai企业"),
        ]
        .iter()
        .enumerate()
        {
            m.tasks.push(crate::model::Task {
                id: i.to_string(),
                document: String::new(),
                section: Vec::new(),
                number: String::new(),
                kind: crate::model::TaskKind::Task,
                title: title.to_string(),
                title_simplified: title.to_string(),
                text: text.to_string(),
                text_simplified: text.to_string(),
                annotation: None,
                assignments: Vec::new(),
                deadline: None,
                lines: [1, 1],
                at: None,
            });
        }
        let ix = TaskIndex::new(&m);
        let ids = |q: &str| ix.search(q).iter().map(|h| h.0).collect::<Vec<_>>();
        assert_eq!(ids("人才"), vec![1]);
        assert_eq!(ids("5g"), vec![0]);
        // Full-width letters fold to full-width lower case, not to ASCII.
        assert_eq!(ids("ai"), vec![2]);
        assert_eq!(ids("ＡＩ"), vec![0]);
        assert_eq!(ids("AI产业"), vec![2]);
    }

    #[test]
    fn fold_is_to_lowercase() {
        for s in ["市卫生健康委", "ABC 卫健委 Ｆｕｌｌ ΣΑΣ İ", "Ⅻ人才"] {
            assert_eq!(fold(s), s.to_lowercase(), "{s}");
        }
    }
}
