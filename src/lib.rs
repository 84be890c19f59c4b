//! dutymatrix, the application: the command line ([`cli`]), the dashboard ([`tui`]), sheets and
//! reports ([`export`]) and every word shown ([`words`]), on top of the reader
//! (`dutymatrix-reader`: documents → model → index → search) and the ledger
//! (`dutymatrix-ledger`). See `docs/ARCHITECTURE.md` for the crates and the flow.
//!
//! The lower layers' modules are re-exported here under their own names, so a user of this
//! crate (the tests, the benchmarks) has one path for each.

#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub use dutymatrix_base::{atomic, paths, text, tsv};
pub use dutymatrix_ledger as ledger;
pub use dutymatrix_reader::{
    counterparts, domain, extract, index, level, load, meeting, model, search, source, sources,
    timeline,
};

pub mod allocator;
pub mod cli;
pub mod export;
pub mod prefs;
pub mod tui;
pub mod words;
