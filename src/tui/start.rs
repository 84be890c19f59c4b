//! Opening the dashboard from what the command line gathered: the app of the whole model, or
//! the app of the part of it the first frame shows, with the whole one to follow.

use super::app::App;
use crate::cli::{Outcome, Staged, Start};
use crate::ledger::Identity;
use crate::model::Model;

/// The app the first frame is drawn from, and, when that app holds only the frame's part of
/// the documents, how to give it the whole load (drawn next, before any key).
pub struct Opening {
    pub first: App,
    pub rest: Option<Rest>,
}

/// Gives the app the whole load; what to print when the load fails.
pub type Rest = Box<dyn FnOnce(&mut App) -> Result<(), Outcome>>;

/// What every app of one start is made with.
struct Settings {
    start_notices: Vec<String>,
    lang: crate::words::Lang,
    today: chrono::NaiveDate,
    home: Option<crate::model::Level>,
    frecency: Option<crate::prefs::Frecency>,
    ledger: Option<std::path::PathBuf>,
    warn_days: i64,
    who: Identity,
}

impl Settings {
    fn app(&self, model: Model, notices: &[String]) -> App {
        let mut app = App::new(model, self.lang, self.today).with_ledger_unread(
            self.ledger.clone(),
            self.warn_days,
            self.who.clone(),
        );
        app.set_preferences(self.home, self.frecency.clone());
        self.say(&mut app, notices);
        app
    }

    /// The whole load in `app`'s place, with what it said; an app of its own when its units
    /// are not the ones `app` was made with (a document changed in between).
    fn whole(&self, app: &mut App, (model, notices): (Model, Vec<String>)) {
        match app.replace_model(model) {
            Ok(()) => self.say(app, &notices),
            Err(model) => *app = self.app(model, &notices),
        }
    }

    /// What the start and the load said, on the status line.
    fn say(&self, app: &mut App, notices: &[String]) {
        let said: Vec<&str> = (self.start_notices.iter().chain(notices))
            .map(String::as_str)
            .collect();
        if !said.is_empty() {
            app.say(said.join("; "));
        }
    }
}

/// The dashboard's opening for a terminal `rows` high, as `who`; what to print instead when
/// the documents cannot be loaded.
pub fn opening(start: Start, rows: u16, who: Identity) -> Result<Opening, Outcome> {
    let settings = Settings {
        start_notices: start.notices,
        lang: start.lang,
        today: start.today,
        home: start.home,
        frecency: start.frecency,
        ledger: start.ledger,
        warn_days: start.warn_days,
        who,
    };
    let front = match start.model {
        Staged::Whole(model) => {
            let mut first = settings.app(model, &[]);
            if let Some(units) = start.marked {
                first.open_meeting(units);
            }
            return Ok(Opening { first, rest: None });
        }
        Staged::Front(front) => *front,
    };
    let lang = settings.lang;
    // The app is made once, from the units alone: they and their counts are all it ranks
    // by, so it selects the unit the whole load's app would. The part of the load for that
    // unit, then the whole, take the units' place.
    let mut first = settings.app(front.units(), &[]);
    let selected = (first.selected_unit())
        .and_then(|i| first.model().units.get(i))
        .map(|u| u.id.clone());
    let part = selected.and_then(|u| front.part_for(&u, usize::from(rows)));
    // After the first frame, not beside it: on two cores a load begun at once took the
    // cores the front needs (first frame 70 → 110 ms) and answered the first key no sooner.
    let loaded = move || Staged::load_whole(front, lang);
    let part = part.and_then(|(part, skipped)| first.replace_model(part).ok().map(|()| skipped));
    let Some(skipped) = part else {
        // The frame shows more than the front holds: the whole load comes first.
        settings.whole(&mut first, loaded()?);
        return Ok(Opening { first, rest: None });
    };
    settings.say(&mut first, &crate::cli::load_notices(&[], &skipped, lang));
    let rest: Rest = Box::new(move |app: &mut App| {
        settings.whole(app, loaded()?);
        Ok(())
    });
    Ok(Opening {
        first,
        rest: Some(rest),
    })
}
