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
/// keystroke. The texts are one block with the tasks' starts, not a `String` per task: a scan
/// reads memory in order. A title is most often the start of its text, and is then that span
/// of the block; the few others follow the texts.
pub struct TaskIndex {
    texts: Block,
    /// Each task's title as (start, length) in `texts.text`.
    titles: Vec<(u32, u32)>,
    matcher: SkimMatcherV2,
}

/// Strings laid end to end, each followed by a NUL (which no query holds: a match never runs
/// from one into the next).
#[derive(Default)]
struct Block {
    text: String,
    /// Where each string starts in `text`, and where the last ends.
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
        b.starts.push(b.text.len() as u32);
        Some(b)
    }

    fn get(&self, i: usize) -> Option<&str> {
        let start = *self.starts.get(i)? as usize;
        let end = *self.starts.get(i + 1)? as usize;
        self.text.get(start..end.checked_sub(1)?)
    }

    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Each of `titles` as a span of the block: the start of the task's text when it begins
    /// so, else a string added after the texts. None past 4 GB.
    fn titles<'a>(&mut self, titles: impl Iterator<Item = &'a str>) -> Option<Vec<(u32, u32)>> {
        let mut spans = Vec::with_capacity(self.len());
        let mut folded = String::new();
        for (i, title) in titles.enumerate() {
            folded.clear();
            fold_into(&mut folded, title);
            let len = u32::try_from(folded.len()).ok()?;
            let own = self.starts.get(i).copied().unwrap_or(0);
            let within = i < self.len()
                && self
                    .get(i)
                    .is_some_and(|text| text.starts_with(folded.as_str()));
            if within {
                spans.push((own, len));
            } else {
                spans.push((u32::try_from(self.text.len()).ok()?, len));
                self.text.push_str(&folded);
                self.text.push('\0');
            }
        }
        u32::try_from(self.text.len()).ok()?;
        Some(spans)
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
        let tasks = &model.tasks;
        let mut texts = Block::of(tasks.iter().map(|t| t.text_simplified())).unwrap_or_default();
        let titles = match texts.titles(tasks.iter().map(|t| t.title_simplified())) {
            Some(titles) => titles,
            // Past 4 GB of text: no index, as `Block::of` gives none.
            None => {
                texts = Block::default();
                Vec::new()
            }
        };
        texts.text.shrink_to_fit();
        TaskIndex {
            texts,
            titles,
            matcher: SkimMatcherV2::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.titles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }

    fn title(&self, i: usize) -> Option<&str> {
        let &(start, len) = self.titles.get(i)?;
        self.texts
            .text
            .get(start as usize..start as usize + len as usize)
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
        let title = self.title(i)?;
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

    /// Every title is found as itself, whether it begins its text (a span of the text) or
    /// not (kept after the texts); a title's span never runs on into its text.
    #[test]
    fn titles_are_spans_of_their_texts_or_kept_after_them() {
        let mut m = crate::extract::read(
            crate::sources::BUILTIN[0].name,
            crate::sources::BUILTIN[0].bytes,
            None,
        )
        .expect("seed reads")
        .model;
        m.tasks[1].title = "Ａ别处的标题".into();
        m.tasks[1].title_simplified = Default::default();
        let ix = TaskIndex::new(&m);
        assert_eq!(ix.len(), m.tasks.len());
        for (i, t) in m.tasks.iter().enumerate() {
            assert_eq!(
                ix.title(i),
                Some(fold(t.title_simplified()).as_str()),
                "{i}"
            );
        }
        let within = m
            .tasks
            .iter()
            .filter(|t| t.text.starts_with(t.title.as_str()));
        assert!(
            within.count() > m.tasks.len() / 2,
            "most titles begin their text"
        );
        assert_eq!(ix.search("ａ别处的标题").first(), Some(&(1, 300_000)));
        // The words after a title match as the text's, not as the title's.
        let (k, after) = m
            .tasks
            .iter()
            .enumerate()
            .find_map(|(k, t)| {
                let rest = t.text.strip_prefix(t.title.as_str())?;
                let rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
                let words: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .take(4)
                    .collect();
                (words.chars().count() >= 4 && !t.title.contains(&words)).then_some((k, words))
            })
            .expect("a task whose text goes on past its title");
        let hits = ix.search(&after);
        assert!(hits.contains(&(k, 200_000)), "{after}: {hits:?}");
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
