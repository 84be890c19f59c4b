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

/// Task titles and texts folded once (Simplified, lower case), for searching them per
/// keystroke. Each kind is one block of text with the tasks' starts, not a `String` per task:
/// a scan reads memory in order, and the index costs the text's bytes and eight per task.
pub struct TaskIndex {
    titles: Block,
    texts: Block,
    matcher: SkimMatcherV2,
}

/// Strings laid end to end, each followed by a NUL (which no query holds: a match never runs
/// from one into the next).
#[derive(Default)]
struct Block {
    text: String,
    /// Where each string starts in `text`.
    starts: Vec<u32>,
}

impl Block {
    fn of<'a>(all: impl ExactSizeIterator<Item = &'a str> + Clone) -> Option<Block> {
        let size: usize = all.clone().map(|s| s.len() + 1).sum();
        // Offsets are u32: a corpus whose task text passes 4 GB is read without an index.
        u32::try_from(size).ok()?;
        let mut b = Block {
            text: String::with_capacity(size),
            starts: Vec::with_capacity(all.len()),
        };
        for s in all {
            b.starts.push(b.text.len() as u32);
            fold_into(&mut b.text, s);
            b.text.push('\0');
        }
        Some(b)
    }

    fn get(&self, i: usize) -> Option<&str> {
        let start = *self.starts.get(i)? as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize);
        self.text.get(start..end.checked_sub(1)?)
    }
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
            let titles = s.spawn(|| Block::of(model.tasks.iter().map(|t| t.title_simplified())));
            let texts = Block::of(model.tasks.iter().map(|t| t.text_simplified()));
            (titles.join().ok().flatten(), texts)
        });
        TaskIndex {
            titles: titles.unwrap_or_default(),
            texts: texts.unwrap_or_default(),
            matcher: SkimMatcherV2::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.titles.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.titles.starts.is_empty()
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
        let q = simplify(query.trim()).to_lowercase().replace('\0', "");
        if q.is_empty() {
            let all: Vec<usize> = (0..self.len()).collect();
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
                par_filter(p.tasks.len(), |k| p.tasks.get(k).and_then(|&i| score(i)))
            }
            _ => par_filter(self.len(), score),
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

/// Whether folding to lower case leaves every character of `s` as it is: Chinese
/// (U+3000–U+9FFF), ASCII other than capitals, general punctuation (U+2000–U+206F), Latin-1's
/// signs (U+00A0–U+00BF) and the full-width forms other than capitals. Checked on bytes:
/// most task text is only these, and is then copied as it is.
fn caseless(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
        i += match c {
            b'A'..=b'Z' => return false,
            0..=0x7f => 1,
            0xc2 if (0xa0..=0xbf).contains(&next(1)) => 2,
            0xe2 if next(1) == 0x80 || (next(1) == 0x81 && next(2) <= 0xaf) => 3,
            0xe3..=0xe9 => 3,
            0xef if next(1) == 0xbc && !(0xa1..=0xba).contains(&next(2)) => 3,
            0xef if next(1) == 0xbd => 3,
            _ => return false,
        };
    }
    true
}

/// `s` appended to `out` in lower case, as `str::to_lowercase` gives it, but without asking
/// the Unicode tables about characters that have no case (most of a corpus's text).
fn fold_into(out: &mut String, s: &str) {
    if caseless(s) {
        out.push_str(s);
    } else if s.contains(['Σ']) {
        // A final sigma depends on its neighbours: leave it to the library.
        out.push_str(&s.to_lowercase());
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

#[cfg(test)]
fn fold(s: &str) -> String {
    let mut out = String::new();
    fold_into(&mut out, s);
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
        for s in [
            "市卫生健康委",
            "2024年，人才。",
            "（一）",
            "１２３！",
            "“双碳”…—·",
            "ｆｕｌｌ",
        ] {
            assert!(caseless(s), "{s}");
            assert_eq!(s.to_lowercase(), s, "{s}");
        }
        for s in ["5G", "AI", "ΣΑΣ", "Ｆｕｌｌ", "\u{212a}", "É"] {
            assert!(!caseless(s), "{s}");
        }
    }

    #[test]
    fn fold_is_to_lowercase() {
        for s in [
            "市卫生健康委",
            "ABC 卫健委 Ｆｕｌｌ ΣΑΣ İ",
            "Ⅻ人才",
            "“AI”赋能\u{212a}",
        ] {
            assert_eq!(fold(s), s.to_lowercase(), "{s}");
        }
    }
}
