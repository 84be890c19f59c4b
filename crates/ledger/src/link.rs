//! Ties the ledger's task keys to the tasks of the documents loaded today.
//!
//! A key remembers the document id, the task id (outline position) and a fingerprint of the
//! title at the time of its first record. Today's task is the same task when, in the same
//! document:
//! 1. the fingerprint matches (wherever the task moved: a task inserted or removed above it
//!    renumbers it, the title stays), or else
//! 2. else, among the tasks of the document no other key claimed, the one whose title shares
//!    most of its characters with the key's (at least half of its character pairs), preferring
//!    the key's own position: a title edited, moved or both. A different task that moved up
//!    into a removed task's place shares few, and is not taken for it.
//!
//! Keys that match nothing are orphans: their history is kept and listed, never dropped.

use super::store::TaskKey;
use dutymatrix_reader::model::Model;
use std::collections::HashMap;

/// The fingerprint of a title: FNV-1a (64 bit, hex) of its letters and digits, lower-cased, so
/// punctuation, spaces and full/half-width commas do not change it. Stable across versions.
pub fn fingerprint(title: &str) -> String {
    format!("{:016x}", fingerprint_value(title))
}

/// [`fingerprint`] as the number its text spells: what linking compares, with no text made.
fn fingerprint_value(title: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |c: char| {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for c in title.chars() {
        // Most titles are Chinese: an ideograph is a letter with no case, taken as it is
        // without asking the Unicode tables (asked, they were a quarter of linking 44,000 keys).
        if is_ideograph(c) {
            feed(c);
        } else if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                feed(c.to_ascii_lowercase());
            }
        } else if c.is_alphabetic() {
            c.to_lowercase().for_each(&mut feed);
        } else if c.is_numeric() {
            feed(c);
        }
    }
    hash
}

/// The CJK Unified Ideographs block: every one of them alphanumeric and without case (a test
/// asks the tables for each), so what [`fingerprint_value`] does with one needs no table.
fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn normalise(title: &str) -> impl Iterator<Item = char> + '_ {
    title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// Dice coefficient of the character bigrams of two titles, 0.0 to 1.0.
pub fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let cs: Vec<char> = normalise(s).collect();
        cs.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return if normalise(a).eq(normalise(b)) {
            1.0
        } else {
            0.0
        };
    }
    let mut pool: HashMap<(char, char), usize> = HashMap::new();
    for g in &gb {
        *pool.entry(*g).or_default() += 1;
    }
    let mut shared = 0usize;
    for g in &ga {
        if let Some(n) = pool.get_mut(g)
            && *n > 0
        {
            *n -= 1;
            shared += 1;
        }
    }
    (2 * shared) as f64 / (ga.len() + gb.len()) as f64
}

/// How similar an edited title must stay to keep its task's history by position.
pub const SAME_TASK_SIMILARITY: f64 = 0.5;

/// Key id → index into `Model::tasks`, hashed cheaply (foldhash: the keys are our own row ids,
/// not input an attacker picks to collide).
pub type TaskOfKey = foldhash::HashMap<i64, usize>;

/// Which task each key belongs to today.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Links {
    /// Key id → index into `Model::tasks`.
    pub task_of_key: TaskOfKey,
    /// Keys whose task is gone.
    pub orphans: Vec<TaskKey>,
    /// The keys of `task_of_key` linked by a title like theirs (rule 2), not by fingerprint:
    /// what [`extend`] must know to add keys to these links as linking them all would.
    pub by_title: foldhash::HashSet<i64>,
}

impl Links {
    /// The keys that belong to task `task` (an index into `Model::tasks`; usually one), oldest
    /// first. A walk over every key: for a write's links ([`link_document`]), a document's few.
    pub fn keys(&self, task: usize) -> Vec<i64> {
        let mut keys: Vec<i64> = self
            .task_of_key
            .iter()
            .filter(|&(_, &t)| t == task)
            .map(|(&k, _)| k)
            .collect();
        keys.sort_unstable();
        keys
    }

    /// The key new records for this task go to: the oldest linked one.
    pub fn key_for(&self, task: usize) -> Option<i64> {
        self.keys(task).first().copied()
    }
}

/// Links every key to a task of `model`, or lists it as an orphan.
pub fn link(model: &Model, keys: &[TaskKey]) -> Links {
    link_where(model, keys, &|_| true)
}

/// As [`link`] for the keys of one document (a store's `task_keys_of`): a key only ever links
/// to a task of its own document, and one document's keys never claim another's tasks, so this
/// links them exactly as [`link`] over every key would, at the cost of one document.
pub fn link_document(model: &Model, document: &str, keys: &[TaskKey]) -> Links {
    link_where(model, keys, &|d| d == document)
}

/// As [`link`] for the documents `wanted` takes: keys of other documents are passed over (a
/// read of one unit's state links only the documents its keys are in).
pub fn link_documents(model: &Model, wanted: &dyn Fn(&str) -> bool, keys: &[TaskKey]) -> Links {
    link_where(model, keys, wanted)
}

fn link_where(model: &Model, keys: &[TaskKey], wanted: &dyn Fn(&str) -> bool) -> Links {
    // A ledger with no records yet: no title is worth a fingerprint.
    if keys.is_empty() {
        return Links::default();
    }
    // Today's tasks sorted by (fingerprint, document, index), a document by its number here:
    // a key's candidates are one run, found by binary search, in model order. One allocation
    // for every task, none per key, and no text compared (many documents share titles).
    let mut documents: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
    let mut by_fingerprint: Vec<(u64, u32, usize)> = Vec::with_capacity(model.tasks.len());
    for (i, t) in model.tasks.iter().enumerate() {
        if !wanted(&t.document) {
            continue;
        }
        let next = documents.len() as u32;
        let d = *documents.entry(t.document.as_str()).or_insert(next);
        by_fingerprint.push((fingerprint_value(t.title_simplified()), d, i));
    }
    by_fingerprint.sort_unstable();
    let mut links = Links::default();
    links.task_of_key.reserve(keys.len());
    let mut claimed = vec![false; model.tasks.len()];
    let mut unmatched: Vec<&TaskKey> = Vec::new();
    // 1. Fingerprints. Several tasks with one title in a document: the one at the key's own
    //    position if it is among them, else the first.
    for k in keys.iter().filter(|k| wanted(&k.document)) {
        // A fingerprint that is not 16 hex digits (never written so) matches no title.
        let value = u64::from_str_radix(&k.fingerprint, 16)
            .ok()
            .filter(|_| k.fingerprint.len() == 16);
        let at = value.zip(documents.get(k.document.as_str()).copied());
        let candidates = at.map_or(&[][..], |at| {
            let from = by_fingerprint.partition_point(|e| (e.0, e.1) < at);
            let to = from + by_fingerprint[from..].partition_point(|e| (e.0, e.1) == at);
            &by_fingerprint[from..to]
        });
        // One candidate (the common case) is taken whatever its id: no id is read to say so.
        let pick = match candidates {
            [only] => Some(only),
            _ => (candidates.iter())
                .find(|e| model.tasks[e.2].id == k.task_id)
                .or(candidates.first()),
        };
        match pick {
            Some(&(_, _, i)) => {
                claimed[i] = true;
                links.task_of_key.insert(k.id, i);
            }
            None => unmatched.push(k),
        }
    }
    // 2. Titles edited (and maybe moved): the unclaimed task of the same document whose title
    //    is most like the key's, at the key's own position if that one is alike enough.
    link_by_title(model, unmatched, &mut claimed, &mut links);
    links
}

/// Rule 2 for `unmatched`, oldest first: each key to its best unclaimed task, or an orphan.
fn link_by_title(model: &Model, unmatched: Vec<&TaskKey>, claimed: &mut [bool], links: &mut Links) {
    for k in unmatched {
        match best_by_title(model, k, claimed) {
            Some(i) => {
                claimed[i] = true;
                links.task_of_key.insert(k.id, i);
                links.by_title.insert(k.id);
            }
            None => links.orphans.push(k.clone()),
        }
    }
}

/// Rule 2: the unclaimed task of the key's document whose title is most like the key's, at
/// the key's own position if that one is alike enough.
fn best_by_title(model: &Model, k: &TaskKey, claimed: &[bool]) -> Option<usize> {
    let best = (model.tasks.iter().enumerate())
        .filter(|(i, t)| t.document == k.document && !claimed[*i])
        .map(|(i, t)| {
            let same_place = t.id == k.task_id;
            (i, same_place, similarity(t.title_simplified(), &k.title))
        })
        .filter(|(_, _, sim)| *sim >= SAME_TASK_SIMILARITY)
        .max_by(|a, b| {
            (a.1, a.2)
                .partial_cmp(&(b.1, b.2))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    best.map(|(i, _, _)| i)
}

/// `links` (of every key up to some id, to this `model`) with `newer` keys added, each newer
/// than every key linked: what [`link`] over all of them gives, worked out from the newer keys
/// alone. Rule 1 links a key whatever the others do, and rule 2 takes keys oldest first, so
/// the older keys' links stand, unless a newer key's fingerprint claims a task an older key
/// took by its title (then None: link them all again). A task claimed by a newer key and not
/// taken by an older one was not the best of any older key, so no older choice changes.
pub fn extend(model: &Model, mut links: Links, newer: &[TaskKey]) -> Option<Links> {
    if newer.is_empty() {
        return Some(links);
    }
    // Each newer key's candidates among its document's tasks (a few keys against every task:
    // no index of every fingerprint is worth making).
    let mut unmatched = Vec::new();
    let mut picked = Vec::new();
    for k in newer {
        let value = u64::from_str_radix(&k.fingerprint, 16)
            .ok()
            .filter(|_| k.fingerprint.len() == 16);
        let candidates: Vec<usize> = match value {
            Some(v) => (model.tasks.iter().enumerate())
                .filter(|(_, t)| t.document == k.document)
                .filter(|(_, t)| fingerprint_value(t.title_simplified()) == v)
                .map(|(i, _)| i)
                .collect(),
            None => Vec::new(),
        };
        let pick = match candidates[..] {
            [only] => Some(only),
            _ => (candidates.iter().copied())
                .find(|&i| model.tasks[i].id == k.task_id)
                .or(candidates.first().copied()),
        };
        match pick {
            Some(i) => picked.push((k.id, i)),
            None => unmatched.push(k),
        }
    }
    let by_title: foldhash::HashSet<usize> = (links.task_of_key.iter())
        .filter(|(k, _)| links.by_title.contains(k))
        .map(|(_, &i)| i)
        .collect();
    if picked.iter().any(|(_, i)| by_title.contains(i)) {
        return None;
    }
    let mut claimed = vec![false; model.tasks.len()];
    for &i in links
        .task_of_key
        .values()
        .chain(picked.iter().map(|(_, i)| i))
    {
        if let Some(c) = claimed.get_mut(i) {
            *c = true;
        }
    }
    links.task_of_key.extend(picked);
    link_by_title(model, unmatched, &mut claimed, &mut links);
    Some(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_punctuation_and_width() {
        assert_eq!(
            fingerprint("推进医养结合，提升服务。"),
            fingerprint("推进医养结合,提升服务")
        );
        assert_ne!(fingerprint("推进医养结合"), fingerprint("推进医养融合"));
        assert_eq!(fingerprint("").len(), 16);
        // The value behind the text, as written by every earlier version.
        assert_eq!(fingerprint(""), "cbf29ce484222325");
        assert_eq!(fingerprint("Ab１"), fingerprint("aB１"));
        assert_eq!(fingerprint("ÀB"), fingerprint("àb"));
    }

    /// What the last version wrote, kept as the oracle.
    fn fingerprint_as_written(title: &str) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |c: char| {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for c in title.chars().filter(|c| c.is_alphanumeric()) {
            if c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c) || !c.is_alphabetic() {
                feed(c.to_ascii_lowercase());
            } else {
                c.to_lowercase().for_each(&mut feed);
            }
        }
        hash
    }

    /// Every character alone, and every ideograph beside a letter of each kind: the same value
    /// as the oracle's, so no key written by an earlier version stops matching its title.
    #[test]
    fn fingerprints_are_the_values_every_version_wrote() {
        assert!(
            ('\u{4e00}'..='\u{9fff}').all(|c| c.is_alphanumeric() && !c.is_uppercase()),
            "an ideograph the tables do not call a caseless letter"
        );
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(
                fingerprint_value(&one),
                fingerprint_as_written(&one),
                "{c:?}"
            );
        }
        for text in [
            "推进医养结合，提升服务。",
            "ÀB１２ｃ-Ǆ ǅ İ ẞ",
            "第Ⅻ项 ⑴ ², 《规划》",
        ] {
            assert_eq!(
                fingerprint_value(text),
                fingerprint_as_written(text),
                "{text}"
            );
        }
    }

    #[test]
    fn edited_titles_stay_similar_and_other_tasks_do_not() {
        assert!(similarity("推进医养结合发展", "加快推进医养结合发展") >= SAME_TASK_SIMILARITY);
        assert!(similarity("推进医养结合发展", "建设智慧养老平台") < SAME_TASK_SIMILARITY);
    }
}
