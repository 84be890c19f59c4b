//! dutymatrix: Chinese policy documents in, a department-by-task responsibility matrix out.
//!
//! Data flows one way: source text → [`extract`] → [`model`] → [`search`] → `tui` state → view.
//! [`load`] gathers the documents, [`cli`] and `tui` are the two faces.

#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod cache;
pub mod cli;
pub mod counterparts;
pub mod export;
pub mod extract;
pub mod i18n;
pub mod index;
pub mod ledger;
pub mod load;
pub mod meeting;
pub mod model;
pub mod prefs;
pub mod query;
pub mod search;
pub mod sources;
pub mod text;
pub mod timeline;
pub mod tui;
