//! Finding tasks by their title or text, as typed: Simplified or Traditional, any case, a
//! substring or a fuzzy match of the title.

use crate::extract::lines::simplify;
use crate::model::{Model, SharedStr};
use crate::shared_str::Opener;
use foldhash::HashMap;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::sync::Arc;

/// Tasks whose title or text contains `query` (Simplified, any script in), or whose title
/// fuzzy-matches it, best first: (task index, score).
pub fn search_tasks(model: &Model, query: &str) -> Vec<(usize, i64)> {
    // One search reads each text once: folded as it is searched, not in a pass before.
    let folded = Folded::titles_of(model);
    let matcher = SkimMatcherV2::default();
    search_in(model, &folded, &matcher, query, None).0
}

/// Task titles and texts as searched per keystroke (Simplified, lower case). Most have no case
/// to fold (Chinese) and are searched as the model has them, its paragraphs read without
/// opening them for good (through an [`Opener`]: the model keeps them compressed); only
/// the few that folding changes are kept, folded. So the index costs next to nothing beside
/// the model it shares.
pub struct TaskIndex {
    model: Arc<Model>,
    folded: Folded,
    matcher: SkimMatcherV2,
}

/// The titles and texts that folding changes, folded, by task.
#[derive(Default)]
struct Folded {
    titles: HashMap<usize, SharedStr>,
    texts: HashMap<usize, SharedStr>,
    /// Whether `texts` holds every text that folding changes; else each text is folded as it
    /// is searched.
    all_texts: bool,
}

impl Folded {
    /// For searching per keystroke: every title and text read once now, so that a key folds
    /// nothing.
    fn of(model: &Model) -> Folded {
        let tasks = &model.tasks;
        // Every text is read once, on every core: the model's are compressed.
        let texts = par_filter(tasks.len(), |o, i| {
            Some((i, changed(o.bytes(tasks.get(i)?.text_simplified_shared()))?))
        });
        Folded {
            texts: texts.into_iter().collect(),
            all_texts: true,
            ..Folded::titles_of(model)
        }
    }

    /// For one search: the titles only (they are in memory), the texts folded as searched.
    fn titles_of(model: &Model) -> Folded {
        let titles = (model.tasks.iter().enumerate())
            .filter_map(|(i, t)| Some((i, changed(t.title_simplified().as_bytes())?)))
            .collect();
        Folded {
            titles,
            ..Folded::default()
        }
    }
}

/// `bytes` folded, when folding changes them. A damaged closed string reads as empty, as
/// everywhere.
fn changed(bytes: &[u8]) -> Option<SharedStr> {
    let text = simdutf8::basic::from_utf8(bytes).unwrap_or("");
    (!caseless(text)).then(|| fold(text).into())
}

/// A task search's result, for a longer query to narrow from.
#[derive(Debug, Clone, Default)]
pub struct TaskNarrowed {
    query: String,
    /// Matching task indices, in index order.
    tasks: Vec<usize>,
}

impl TaskIndex {
    pub fn new(model: Arc<Model>) -> TaskIndex {
        TaskIndex {
            folded: Folded::of(&model),
            model,
            matcher: SkimMatcherV2::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.model.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.model.tasks.is_empty()
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
        search_in(&self.model, &self.folded, &self.matcher, query, previous)
    }
}

fn search_in(
    model: &Model,
    folded: &Folded,
    matcher: &SkimMatcherV2,
    query: &str,
    previous: Option<&TaskNarrowed>,
) -> (Vec<(usize, i64)>, TaskNarrowed) {
    let n = model.tasks.len();
    let q = simplify(query.trim()).to_lowercase().replace('\0', "");
    if q.is_empty() {
        // Every task, and nothing kept to narrow from: a query typed next searches them all,
        // which is what narrowing from all of them would do (a list of every task is 8 MB at
        // 30,000 documents).
        let hits = (0..n).map(|i| (i, 0)).collect();
        return (hits, TaskNarrowed::default());
    }
    let query = Query {
        model,
        folded,
        matcher,
        // One searcher for the query, not one set up again for each of a million strings.
        finder: memchr::memmem::Finder::new(q.as_bytes()),
        q: &q,
    };
    let score = |o: &mut Opener, i: usize| query.score(o, i).map(|s| (i, s));
    let mut hits: Vec<(usize, i64)> = match previous {
        Some(p) if !p.query.is_empty() && q.starts_with(&p.query) => {
            par_filter(p.tasks.len(), |o, k| score(o, *p.tasks.get(k)?))
        }
        _ => par_filter(n, score),
    };
    let mut tasks: Vec<usize> = hits.iter().map(|h| h.0).collect();
    tasks.sort_unstable();
    hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    (hits, TaskNarrowed { query: q, tasks })
}

/// One query, as every task is scored against it.
struct Query<'a> {
    model: &'a Model,
    folded: &'a Folded,
    matcher: &'a SkimMatcherV2,
    finder: memchr::memmem::Finder<'a>,
    q: &'a str,
}

impl Query<'_> {
    fn score(&self, opener: &mut Opener, i: usize) -> Option<i64> {
        let task = self.model.tasks.get(i)?;
        let title = (folded_at(&self.folded.titles, i))
            .unwrap_or_else(|| task.title_simplified_shared())
            .as_str();
        let text =
            folded_at(&self.folded.texts, i).unwrap_or_else(|| task.text_simplified_shared());
        // Bytes: the query is UTF-8, so a match of its bytes is a match of its characters. A
        // title found needs no text; the text is searched only for a task whose title lacks
        // the query (a match within a title that begins its text is the title's).
        if self.finder.find(title.as_bytes()).is_some() {
            return Some(300_000);
        }
        let bytes = opener.bytes(text);
        let in_text = match self.folded.all_texts {
            true => self.finder.find(bytes),
            false => match changed(bytes) {
                Some(folded) => self.finder.find(folded.as_bytes()),
                None => self.finder.find(bytes),
            },
        };
        if in_text.is_some() {
            return Some(200_000);
        }
        // Fuzzy only on titles: over a whole paragraph any short query is a subsequence. The
        // plain subsequence test first: most titles fail it, far faster than the scorer.
        if !is_subsequence(self.q, title) {
            return None;
        }
        self.matcher
            .fuzzy_match(title, self.q)
            .filter(|s| *s > 0)
            .map(|s| 100_000 + s)
    }
}

/// Task `i`'s string in `map` of those folding changes. Most models fold nothing: then no
/// look-up per task.
fn folded_at(map: &HashMap<usize, SharedStr>, i: usize) -> Option<&SharedStr> {
    match map.is_empty() {
        true => None,
        false => map.get(&i),
    }
}

/// `f` over `0..n`, the `Some`s in order, split over the cores when there are many: a first
/// key over a province's half a million tasks.
/// Each thread reads the model's closed blocks through an [`Opener`] of its own.
fn par_filter<T: Send>(n: usize, f: impl Fn(&mut Opener, usize) -> Option<T> + Sync) -> Vec<T> {
    const PER_THREAD: usize = 50_000;
    let threads = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(n / PER_THREAD)
        .max(1);
    if threads == 1 {
        let mut opener = Opener::default();
        return (0..n).filter_map(|i| f(&mut opener, i)).collect();
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = (0..threads)
            .map(|t| {
                let f = &f;
                s.spawn(move || {
                    let mut opener = Opener::default();
                    (t * chunk..((t + 1) * chunk).min(n))
                        .filter_map(|i| f(&mut opener, i))
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

    /// Every title is found as itself, whether it begins its text or not, and a query that
    /// runs on past a title into its text is the text's match. A text with no case to fold is
    /// the model's own, not a copy; a closed one is read and left closed.
    #[test]
    fn titles_are_found_as_themselves_and_texts_are_the_models_own() {
        let mut m = crate::extract::read(
            crate::sources::BUILTIN[0].name,
            crate::sources::BUILTIN[0].bytes,
            None,
        )
        .expect("seed reads")
        .model;
        m.tasks[1].title = "Ａ别处的标题".into();
        m.tasks[1].title_simplified = Default::default();
        // A text with case to fold, past its title.
        m.tasks[2].text = format!("{}另有ＡＢＣ大写", m.tasks[2].title).into();
        m.tasks[2].text_simplified = Default::default();
        let ix = TaskIndex::new(Arc::new(m.clone()));
        assert_eq!(ix.len(), m.tasks.len());
        // Only what folding changes is kept: the cased title, and any cased text.
        assert_eq!(ix.folded.titles.keys().copied().collect::<Vec<_>>(), [1]);
        assert_eq!(ix.folded.titles[&1], "ａ别处的标题");
        let cased = (m.tasks.iter())
            .filter(|t| !caseless(t.text_simplified()))
            .count();
        assert_eq!(ix.folded.texts.len(), cased);
        for (i, text) in &ix.folded.texts {
            assert_eq!(text.as_str(), fold(m.tasks[*i].text_simplified()));
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
        // The same from the cache's model, whose texts are compressed.
        let packed = crate::load::cache::packed::pack_after(Vec::new(), &m).expect("packs");
        let closed = crate::load::cache::packed::unpack(&packed).expect("unpacks");
        let closed = Arc::new(closed);
        let ix = TaskIndex::new(Arc::clone(&closed));
        assert!(ix.search(&after).contains(&(k, 200_000)));
        assert_eq!(ix.search("ａ别处的标题").first(), Some(&(1, 300_000)));
        assert_eq!(search_tasks(&closed, &after), ix.search(&after));
        // Folded before every key (the index) or as searched (one search): the same hit.
        assert!(ix.search("ａｂｃ大写").contains(&(2, 200_000)));
        assert_eq!(search_tasks(&closed, "ａｂｃ大写"), ix.search("ａｂｃ大写"));
        // From the empty query (every task, nothing kept) a typed one finds what it would
        // afresh.
        let (every, none_kept) = ix.search_narrowing("", None);
        assert_eq!(every.len(), closed.tasks.len());
        let (narrowed, _) = ix.search_narrowing(&after, Some(&none_kept));
        assert_eq!(narrowed, ix.search(&after));
        assert!(closed.tasks.iter().all(|t| t.text.is_closed()));
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
