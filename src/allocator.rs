//! The process's allocator: mimalloc. Loading documents and reading the ledger make and free
//! millions of small strings (a title, a unit, a note per pair); glibc's malloc and free were a
//! sixth of a report's CPU and a quarter of reading documents from text. Declared here, in the
//! library, so the tests and benchmarks measure what the program runs.
//!
//! mimalloc by default keeps freed memory for a second and backs its arenas with transparent
//! huge pages: faster still, but a command's peak memory grew by a third (45 MB more for
//! `units` from the cache, 100 MB more for a sheet of 10,000 documents). Without huge pages and
//! with freed memory returned at once, peaks are at or below glibc's and the speed stays. A
//! command keeps what it frees for 200 ms ([`Run`]): a third fewer page faults reading from
//! text, for a few MB more at its peak.

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned};
use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

/// The alignment every block `mi_malloc` returns has: its size classes are whole words.
const WORD: usize = std::mem::size_of::<usize>();

/// mimalloc, asked for an alignment only when a word's is not enough. The `mimalloc` crate asks
/// `mi_malloc_aligned` for every block, whose fast path takes only a block of up to 1 KB: a
/// longer string or list went by over-allocation, a detour of its own (a document's text, its
/// lines, every paragraph read from text).
struct Mimalloc;

// SAFETY: each call hands mimalloc a layout's size and, past a word, its alignment, as its
// functions ask; a block is freed or resized only by the allocator that gave it (this one).
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            unsafe { mi_malloc(layout.size()) as *mut u8 }
        } else {
            unsafe { mi_malloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            unsafe { mi_zalloc(layout.size()) as *mut u8 }
        } else {
            unsafe { mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            unsafe { mi_realloc(ptr as *mut c_void, new_size) as *mut u8 }
        } else {
            unsafe { mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8 }
        }
    }
}

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

/// What the process is: the dashboard, which lives for a meeting and holds its peak, or a
/// command, which ends once it has printed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Run {
    Dashboard,
    Command,
}

/// How long a command keeps freed memory before returning it, in ms. Reading from text frees
/// each document's transient lines and strings as it goes: returned at once, the same pages
/// were faulted in again for the next document (91,000 faults and 0.47 s of system time at
/// 10,000 documents, against 64,000 and 0.26 s here, for a peak 3 MB higher). The dashboard
/// keeps 0: at 10,000 documents its task search sits near its 300 MB target, and 10 ms put it
/// at 298 MB.
const COMMAND_PURGE_DELAY: std::ffi::c_long = 200;

/// Sets the allocator's options for `run`, unless mimalloc's own variables say otherwise. Called
/// first in `main`, before any thread is started (mimalloc reads options without locking).
pub fn tune(run: Run) {
    if set_by_user() {
        return;
    }
    let delay = match run {
        Run::Dashboard => 0,
        Run::Command => COMMAND_PURGE_DELAY,
    };
    // SAFETY: sets one option's value; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, delay) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_has_the_alignment_asked_and_keeps_its_bytes_when_resized() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 7, 8, 15, 24, 100, 1000, 1025, 3000, 70_000, 1 << 20] {
                let layout = Layout::from_size_align(size, align).expect("a layout");
                // SAFETY: a non-zero size; the block is written within its size, then resized
                // and freed with the layout it has.
                unsafe {
                    for zeroed in [false, true] {
                        let p = if zeroed {
                            ALLOCATOR.alloc_zeroed(layout)
                        } else {
                            ALLOCATOR.alloc(layout)
                        };
                        assert!(
                            !p.is_null() && (p as usize).is_multiple_of(align),
                            "{size} {align}"
                        );
                        if zeroed {
                            assert!((0..size).all(|i| *p.add(i) == 0), "{size} {align}");
                        }
                        for i in 0..size {
                            *p.add(i) = i as u8;
                        }
                        let q = ALLOCATOR.realloc(p, layout, 2 * size + 5);
                        assert!(
                            !q.is_null() && (q as usize).is_multiple_of(align),
                            "{size} {align}"
                        );
                        assert!((0..size).all(|i| *q.add(i) == i as u8), "{size} {align}");
                        let grown = Layout::from_size_align(2 * size + 5, align).expect("a layout");
                        ALLOCATOR.dealloc(q, grown);
                    }
                }
            }
        }
    }

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
        tune(Run::Command);
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) },
            COMMAND_PURGE_DELAY
        );
        tune(Run::Dashboard);
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 0);
    }
}
