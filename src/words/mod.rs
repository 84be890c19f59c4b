//! Every word the program says, in Chinese (the default) and English (`--lang en`): the
//! interface's strings ([`i18n`]), the ledger's ([`ledger`]), and why something could not be
//! read ([`reasons`]). The layers below keep what happened; this is where it is worded.

pub mod check;
pub mod doctor;
pub mod i18n;
pub mod keys;
pub mod ledger;
pub mod ledger_ui;
pub mod meeting;
pub mod office;
pub mod reasons;

pub use check::ReadQuality;
pub use doctor::doctor_words;
pub use i18n::*;
pub use keys::{KeyHelp, Place};
pub use ledger::{
    LightWords, StatusWords, Words as LedgerWords, ledger_words, paren, read_only_notice,
    trouble_notice, unreachable_notice,
};
pub use ledger_ui::LedgerUiStrings;
pub use meeting::MeetingStrings;
pub use office::{OfficeWords, office_words};

/// The language of everything shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// A whole message about something that went wrong, in the user's language.
pub trait Message {
    fn message(&self, lang: Lang) -> String;
}

/// A reason or detail, to be set inside a message, in the user's language.
pub trait Text {
    fn text(&self, lang: Lang) -> String;
}

/// Where something is in a container file, as the user looks for it: `第14段`, `分工表!A6`,
/// `表1 第3行` (`paragraph 14`, `table 1 row 3`).
pub fn place(lang: Lang, at: &crate::model::Locator) -> String {
    match lang {
        Lang::Zh => at.shown(),
        Lang::En => at.shown_en(),
    }
}
