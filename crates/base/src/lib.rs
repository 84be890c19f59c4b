//! The chores every layer shares, each done one way: text that is safe to show and measured in
//! terminal cells ([`text`]), where per-user files live ([`paths`]), writing a file so that no
//! reader sees half of it ([`atomic`]), the tab-separated data tables ([`tsv`]), and work over a
//! list on every core ([`par`]).
//!
//! This crate knows no document, no ledger and no terminal library.

#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod atomic;
#[cfg(any(test, feature = "oracle-texts"))]
pub mod oracle_texts;
pub mod par;
pub mod paths;
pub mod text;
pub mod tsv;
