//! How equally good matches are ordered.

use super::pinyin::pinyin_sort_key;
use crate::model::{Level, Model};
use std::cmp::Ordering;
use std::collections::HashMap;

/// How equally good matches are ordered: the units the user writes for in the ledger, the units
/// they open most, then the user's own level, then by level, most tasks, and pinyin (a Chinese
/// reader's order, not code points). The command line settles a tie by the same preferences
/// (`resolve::Prefer`).
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    pub home: Option<Level>,
    /// Names of the units the user is a ledger member of.
    pub member_of: Vec<String>,
    /// Frecency score per unit name (see `prefs`).
    pub opened: HashMap<String, f64>,
    load: HashMap<String, usize>,
    pinyin: HashMap<String, String>,
}

impl Ranking {
    /// Load and pinyin of every unit in `model`; no home level and nothing opened yet.
    pub fn new(model: &Model) -> Ranking {
        // The load the `units` command orders by: each unit's tasks, counted once by the index.
        let load = model
            .units
            .iter()
            .map(|u| (u.name.clone(), model.role_counts(&u.id).total()))
            .collect();
        let pinyin = model
            .units
            .iter()
            .map(|u| (u.name.clone(), pinyin_sort_key(&u.name)))
            .collect();
        Ranking {
            load,
            pinyin,
            ..Ranking::default()
        }
    }

    fn pinyin_of<'a>(&'a self, name: &'a str) -> &'a str {
        self.pinyin.get(name).map_or(name, String::as_str)
    }

    /// Of two units that matched equally well, which comes first.
    pub fn order(&self, a: (Level, &str), b: (Level, &str)) -> Ordering {
        let opened = |n: &str| self.opened.get(n).copied().unwrap_or(0.0);
        let away = |l: Level| self.home.is_some_and(|h| h != l);
        let load = |n: &str| self.load.get(n).copied().unwrap_or(0);
        let member = |n: &str| self.member_of.iter().any(|m| m == n);
        member(b.1)
            .cmp(&member(a.1))
            .then(opened(b.1).total_cmp(&opened(a.1)))
            .then(away(a.0).cmp(&away(b.0)))
            .then(a.0.cmp(&b.0))
            .then(load(b.1).cmp(&load(a.1)))
            .then_with(|| self.pinyin_of(a.1).cmp(self.pinyin_of(b.1)))
            .then_with(|| a.1.cmp(b.1))
    }
}
