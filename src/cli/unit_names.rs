//! Units named on the command line, resolved the way the user means them, the same for every
//! command (`duties`, `--units`, `export --unit`/`--units`, `ledger show`, `ledger remind`):
//! an exact name first, then the best match when it is the only one that good; a tie is settled
//! by the units the user writes for in the ledger, their own level, then the units they open
//! most; a tie still left is listed and the command exits 1 instead of guessing.

use super::{Env, Outcome};
use crate::ledger::{Ledger, OpenMode, identity};
use crate::model::{Level, Model};
use crate::search::UnitIndex;
use crate::search::resolve::{self, Prefer, Resolution};
use crate::text::safe_line;
use crate::words::{Lang, ledger_words};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;

/// The model's unit names with the user's preferences.
pub struct UnitNames<'m> {
    model: &'m Model,
    index: UnitIndex,
    lang: Lang,
    ledger: Option<&'m Path>,
    /// Read from the ledger only when a tie needs it: opening the ledger is not free.
    member_of: OnceCell<Vec<String>>,
    home: Option<Level>,
    opened: HashMap<String, f64>,
}

impl<'m> UnitNames<'m> {
    pub fn new(env: &'m Env<'m>) -> UnitNames<'m> {
        UnitNames::with(env.model, env.lang, env.home, env.ledger.as_deref())
    }

    /// For `model`, in `lang`, for a user at `home` whose ledger is at `ledger`.
    pub fn with(
        model: &'m Model,
        lang: Lang,
        home: Option<Level>,
        ledger: Option<&'m Path>,
    ) -> UnitNames<'m> {
        let mut index = UnitIndex::new(model);
        index.ranking.home = home;
        UnitNames {
            model,
            index,
            lang,
            ledger,
            member_of: OnceCell::new(),
            home,
            opened: crate::prefs::config_dir()
                .map(|d| crate::prefs::Frecency::load(d.join("opened.tsv")).scores())
                .unwrap_or_default(),
        }
    }

    fn prefer(&self) -> Prefer<'_> {
        Prefer {
            member_of: self
                .member_of
                .get_or_init(|| self.ledger.map(member_of).unwrap_or_default()),
            home: self.home,
            opened: Some(&self.opened),
        }
    }

    /// The one unit `query` means, as an index into the model's units.
    pub fn one(&self, query: &str) -> Result<usize, Outcome> {
        match resolve::unit_preferring(self.model, &self.index, query, None, &self.prefer()) {
            Resolution::One(i) => Ok(i),
            other => Err(self.refusal(query, &other)),
        }
    }

    /// Every unit `query` matches, best first, as the index ranks them (home level first).
    pub fn matches(&self, query: &str) -> impl Iterator<Item = usize> {
        self.index.search(query).into_iter().map(|h| h.unit)
    }

    /// The unit ids a typed list (`卫健委,民政`) means, each resolved as [`Self::one`].
    pub fn list(&self, list: &str) -> Result<Vec<String>, Outcome> {
        resolve::unit_list(self.model, &self.index, list, &self.prefer())
            .map(|ix| {
                ix.iter()
                    .filter_map(|&i| self.model.units.get(i))
                    .map(|u| u.id.clone())
                    .collect()
            })
            .map_err(|(q, r)| self.refusal(&q, &r))
    }

    /// Exit 1 with the candidates of a tie, or the near names of a miss.
    fn refusal(&self, query: &str, r: &Resolution) -> Outcome {
        let names = |ix: &[usize]| {
            ix.iter()
                .filter_map(|&i| self.model.units.get(i))
                .map(|u| safe_line(&u.name))
                .collect::<Vec<_>>()
                .join(self.lang.strings().list_sep)
        };
        let (s, w) = (self.lang.strings(), ledger_words(self.lang));
        let q = safe_line(query);
        let message = match r {
            Resolution::Ambiguous(tied) => {
                format!("{}\n  {}", (w.ambiguous_unit)(&q, &names(tied)), s.tie_hint)
            }
            Resolution::NotFound(near) if !near.is_empty() => format!(
                "{} \"{q}\"{}{}{}{}{}",
                s.no_unit_match,
                s.open_paren,
                w.near_names,
                s.colon,
                names(near),
                s.close_paren
            ),
            _ => format!("{} \"{q}\"", s.no_unit_match),
        };
        Outcome::failed(&message, 1)
    }
}

/// The units the real user writes for in the ledger at `path`; none without a readable ledger.
/// Opened as the ledger's own commands would not be: without the witness check, whose finding
/// belongs to the command's own open and would otherwise be used up here unsaid.
fn member_of(path: &Path) -> Vec<String> {
    let me = identity::current();
    let Ok(Some(ledger)) = Ledger::open_as(path, OpenMode::ReadOnly, &me) else {
        return Vec::new();
    };
    let login = me.login;
    ledger
        .members()
        .ok()
        .and_then(|ms| ms.into_iter().find(|m| m.login == login))
        .map(|m| m.units)
        .unwrap_or_default()
}
