//! The integration tests, as one binary: each of these files used to be a crate of its own,
//! and every one of them linked the whole application again. One binary links it once.

// The workspace denies unwrap so that the product never panics on a bad document or ledger; in
// a test, unwrap is an assertion, and a panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

mod bad_files;
mod bad_formats;
mod cache;
mod cli;
mod formats;
mod forms;
mod front;
mod install;
mod isolation;
mod layers;
mod ledger;
mod ledger_cli;
mod ledger_faith;
mod ledger_pg;
mod ledger_refresh;
mod ledger_robust;
mod meeting_views;
mod messages;
mod office;
mod pdf;
mod pty;
mod pty_input;
mod pty_meeting;
mod pty_two_users;
mod reader_properties;
mod readme;
mod real;
mod search_as_you_type;
mod seeds;
mod sheets;
mod tui_ledger;
mod tui_views;
