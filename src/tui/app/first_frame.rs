//! The ledger's state around the dashboard's first frame: what that frame shows is read before
//! it is drawn, the rest after it and before the first key.

use super::App;
use crate::ledger::Identity;
use crate::model::Model;
use crate::tui::ledger_state::LedgerState;
use crate::tui::screens::ScreenState;
use std::path::PathBuf;

impl App {
    /// As [`App::with_ledger_as`], reading none of the ledger's state yet: the dashboard reads
    /// it around its first frame ([`App::read_ledger_first`], [`App::read_ledger_rest`]).
    pub fn with_ledger_unread(
        mut self,
        path: Option<PathBuf>,
        warn_days: i64,
        who: Identity,
    ) -> App {
        let sh = &mut self.shared;
        sh.ledger = LedgerState::open_unread(path, &sh.model, sh.lang, warn_days, who);
        self.message = sh.ledger.notice.clone();
        self
    }

    /// `model` in place of the model the app was made with, which held the units of `model`
    /// and only the part of its tasks a first frame shows ([`crate::tui::start`]). The units
    /// are the same, in the same order, so the unit search, the counterparts and the screens'
    /// places all stand; the ledger's state, linked to the part's tasks, is read again. Err
    /// with `model` back when its units differ (a document changed between the two reads):
    /// then it needs an app of its own.
    pub fn replace_model(&mut self, model: Model) -> Result<(), Model> {
        let sh = &mut self.shared;
        if model.units != sh.model.units || sh.search.has_tasks() {
            return Err(model);
        }
        sh.model = std::sync::Arc::new(model);
        sh.ledger.forget_state();
        // As a new app's: what the ledger says on opening, until the load's notices.
        self.message = sh.ledger.notice.clone();
        Ok(())
    }

    /// Reads the ledger's state that the first frame, `rows` lines high, shows. When the
    /// selected unit's own duties fill the screen, no other unit's light can be on it, and its
    /// pairs are read alone; otherwise everything is.
    pub fn read_ledger_first(&mut self, rows: u16) {
        let sh = &mut self.shared;
        let selected = match self.screens.top() {
            Some(ScreenState::Main(m)) if self.overlays.is_empty() => m.selected_unit(),
            _ => None,
        };
        let unit = selected
            .filter(|&i| sh.duties(Some(i)).len() >= usize::from(rows))
            .and_then(|i| sh.model.units.get(i))
            .map(|u| u.id.clone());
        sh.ledger.read_first(&sh.model, sh.lang, unit.as_deref());
        self.say_opening();
    }

    /// Reads what [`App::read_ledger_first`] left; whether the screen needs drawing again.
    pub fn read_ledger_rest(&mut self) -> bool {
        let sh = &mut self.shared;
        let Some(changed) = sh.ledger.read_rest(&sh.model, sh.lang) else {
            return false;
        };
        self.say_opening() || changed
    }

    /// What opening the ledger says, unless something else is being said: why it cannot be
    /// used, or (once its state is read whole) the red and yellow of the user's own units.
    fn say_opening(&mut self) -> bool {
        let sh = &self.shared;
        if self.message.is_some() {
            return false;
        }
        self.message = sh.ledger.notice.clone().or_else(|| {
            (sh.ledger.read_whole())
                .then(|| sh.ledger.own_units_line(&sh.model, sh.today, sh.lang))
                .flatten()
        });
        self.message.is_some()
    }
}
