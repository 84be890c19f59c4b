//! The reader: documents in, a model of tasks, units and roles out, with the index and search
//! over it. It knows no terminal, no database and no command line.
//!
//! Data flows one way, each module using only those above it in this list:
//! [`text`] (from the base crate) → [`shared_str`] → [`sources`] → [`domain`] → [`level`] → [`index`] →
//! [`model`] → [`extract`] (it builds models) → [`load`] (with its cache) → [`search`] →
//! [`counterparts`], [`meeting`], [`timeline`]. `tests/it/layers.rs` holds the code to it.

#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub use dutymatrix_base::text;

mod compressed;
pub mod counterparts;
pub mod domain;
pub mod extract;
pub mod index;
pub mod level;
pub mod load;
pub mod meeting;
pub mod model;
pub mod search;
pub mod shared_str;
pub mod source;
pub mod sources;
pub mod timeline;

/// Whether this reader was built optimised (the workspace optimises it in test builds too):
/// the timing properties mean nothing otherwise and say so rather than pass.
pub const OPTIMISED: bool = !cfg!(debug_assertions);

/// What built this reader: the version and a hash of everything that decides what it makes of
/// a document, so a cache written by another build is never served.
pub const BUILD_ID: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("DUTYMATRIX_BUILD_ID"));
