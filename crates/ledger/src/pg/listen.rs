//! LISTEN/NOTIFY for an open dashboard: a thread with a connection of its own waits on the
//! ledger's channel (the server announces every committed insert there) and counts what it
//! hears. The dashboard compares that count, in memory, as it compared SQLite's data version:
//! nothing goes to the server while nothing changes. A lost connection is made again with
//! backoff; each loss and each return counts as a change, so the view reads again.

use super::connect::Server;
use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// How long the listener sleeps in the socket before looking whether it should stop: a wait
/// in the kernel, not a query.
const LOOK_EVERY: Duration = Duration::from_millis(500);
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// A running listener; dropping it stops the thread within [`LOOK_EVERY`].
pub(super) struct Watch {
    heard: Arc<AtomicU64>,
    up: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

impl Watch {
    /// Starts listening on `server` (the store's own, TLS and all).
    pub(super) fn start(server: Server) -> Watch {
        let w = Watch {
            heard: Arc::new(AtomicU64::new(0)),
            up: Arc::new(AtomicBool::new(false)),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let (heard, up, stop) = (w.heard.clone(), w.up.clone(), w.stop.clone());
        let _ = std::thread::Builder::new()
            .name("ledger-listen".into())
            .spawn(move || listen(&server, &heard, &up, &stop));
        w
    }

    /// How many changes were heard (and connections lost or made again).
    pub(super) fn heard(&self) -> u64 {
        self.heard.load(Ordering::SeqCst)
    }

    /// Whether the listener is connected now.
    pub(super) fn up(&self) -> bool {
        self.up.load(Ordering::SeqCst)
    }
}

fn listen(server: &Server, heard: &AtomicU64, up: &AtomicBool, stop: &AtomicBool) {
    let mut backoff = FIRST_BACKOFF;
    while !stop.load(Ordering::SeqCst) {
        if let Ok(mut c) = server.connect()
            && c.batch_execute("LISTEN dutymatrix").is_ok()
        {
            backoff = FIRST_BACKOFF;
            up.store(true, Ordering::SeqCst);
            // Whatever was committed while no one listened.
            heard.fetch_add(1, Ordering::SeqCst);
            wait(&mut c, heard, stop);
            up.store(false, Ordering::SeqCst);
            heard.fetch_add(1, Ordering::SeqCst);
        }
        let until = std::time::Instant::now() + backoff;
        while std::time::Instant::now() < until && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// Counts notifications until the connection fails or the watch is dropped.
fn wait(c: &mut Client, heard: &AtomicU64, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        let next = c.notifications().timeout_iter(LOOK_EVERY).next();
        match next {
            Ok(Some(_)) => {
                heard.fetch_add(1, Ordering::SeqCst);
            }
            Ok(None) => {}
            Err(_) => return,
        }
        if c.is_closed() {
            return;
        }
    }
}
