//! The process's allocator: mimalloc. Loading documents and reading the ledger make and free
//! millions of small strings (a title, a unit, a note per pair); glibc's malloc and free were a
//! sixth of a report's CPU and a quarter of reading documents from text. Declared here, in the
//! library, so the tests and benchmarks measure what the program runs.
//!
//! mimalloc by default keeps freed memory for a second and backs its arenas with transparent
//! huge pages: faster still, but a command's peak memory grew by a third (45 MB more for
//! `units` from the cache, 100 MB more for a sheet of 10,000 documents). Without huge pages and
//! with freed memory returned at once, peaks are at or below glibc's and the speed stays.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v3, as libmimalloc-sys 0.1.49 builds it, pinned in
/// Cargo.toml for this reason): how long freed memory is kept before it is returned, in ms. The
/// crate names no constant for it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The variables mimalloc reads the purge delay from, in any case (`RESET_DELAY` is its old name).
const SET_BY_USER: [&str; 2] = ["MIMALLOC_PURGE_DELAY", "MIMALLOC_RESET_DELAY"];

/// Whether the user set the purge delay through mimalloc's own variables.
fn set_by_user() -> bool {
    std::env::vars_os().any(|(name, _)| {
        name.to_str()
            .is_some_and(|n| SET_BY_USER.iter().any(|v| n.eq_ignore_ascii_case(v)))
    })
}

/// Sets the allocator's options, unless mimalloc's own variables say otherwise. Called first in
/// `main`, before any thread is started (mimalloc reads options without locking).
pub fn tune() {
    if set_by_user() {
        return;
    }
    // SAFETY: sets one option's value; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_set() {
        if set_by_user() {
            return;
        }
        // The option at that place keeps freed memory 1,000 ms by default: a different option
        // there (another mimalloc) would not start at 1,000.
        // SAFETY: reads and sets one option. Other test threads read it as they free memory;
        // a torn read is impossible for an aligned word, and either value is safe for them.
        let before = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(before, 1000, "option {PURGE_DELAY}");
        tune();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 0);
    }
}
