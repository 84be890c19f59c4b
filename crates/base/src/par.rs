//! Work over a list on every core: all results at once in order ([`par_map`]), or each handed
//! on in order as it comes ([`par_in_order`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// `f` over `items` on every core, results in the items' order.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `f` over `items` on every core, each result handed to `sink` on this thread in the items'
/// order as soon as those before it are: the caller's work on one overlaps the next ones'.
/// A worker starts an item only within a window past the one `sink` waits for, so a slow
/// item holds back at most the window's results, never the whole list's.
pub fn par_in_order<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R),
) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        items.iter().map(f).for_each(sink);
        return;
    }
    let window = threads * 2;
    let next = AtomicUsize::new(0);
    let gate = Gate::default();
    let (send, receive) = std::sync::mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let send = send.clone();
            let (f, next, gate) = (&f, &next, &gate);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    gate.wait_for(i.saturating_sub(window));
                    if send.send((i, f(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Opened whatever happens here: a panic in `sink` must not leave workers waiting.
        let _open = OpenOnDrop(&gate);
        let mut waiting = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, r) in receive {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&due) {
                sink(r);
                due += 1;
                gate.set(due);
            }
        }
    });
}

/// How far the results have been handed on.
#[derive(Default)]
struct Gate {
    due: Mutex<usize>,
    moved: Condvar,
}

impl Gate {
    /// Waits until the results before `i` have been handed on.
    fn wait_for(&self, i: usize) {
        let mut due = self.due.lock().unwrap_or_else(|e| e.into_inner());
        while *due < i {
            due = self.moved.wait(due).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn set(&self, due: usize) {
        *self.due.lock().unwrap_or_else(|e| e.into_inner()) = due;
        self.moved.notify_all();
    }
}

struct OpenOnDrop<'a>(&'a Gate);

impl Drop for OpenOnDrop<'_> {
    fn drop(&mut self) {
        self.0.set(usize::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_a_slow_item_holds_back_only_its_window() {
        let items: Vec<usize> = (0..200).collect();
        let started = AtomicUsize::new(0);
        let mut seen = Vec::new();
        par_in_order(
            &items,
            |&i| {
                started.fetch_add(1, Ordering::Relaxed);
                if i == 3 {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                i * 2
            },
            |r| {
                // Item 3 was slow: whatever started meanwhile stayed within the window.
                if r == 6 {
                    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
                    assert!(started.load(Ordering::Relaxed) <= 4 + 2 * threads + threads);
                }
                seen.push(r);
            },
        );
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_the_sink_ends_the_workers_too() {
        let items: Vec<usize> = (0..100).collect();
        let caught = std::panic::catch_unwind(|| {
            par_in_order(&items, |&i| i, |r| assert!(r < 10, "sink refuses {r}"));
        });
        assert!(
            caught.is_err(),
            "the sink's panic comes through, without a hang"
        );
    }
}
