//! Finding units and tasks the way officials type: Simplified or Traditional, abbreviated
//! (卫健委, 发改委), pinyin initials (wsjkw) or full pinyin (weisheng), level words (市, 省).
//!
//! Within: [`pinyin`] and [`query`] (a query's other spellings) are used by [`units`] and
//! [`ranking`]; [`tasks`] stands alone.

pub mod pinyin;
pub mod query;
pub mod ranking;
pub mod resolve;
pub mod tasks;
pub mod units;

pub use pinyin::pinyin_sort_key;
pub use ranking::Ranking;
pub use tasks::{TaskIndex, TaskNarrowed, search_tasks};
pub use units::{Narrowed, UnitHit, UnitIndex};
