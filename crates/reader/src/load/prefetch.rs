//! Reading ahead of the workers when the files are not in memory yet (a folder opened for the
//! first time since the machine started, or since its pages were dropped). Each worker reads
//! its file and then works on it; with a cold page cache every read waits on the disk in turn,
//! and the cores stand idle meanwhile. A thread of its own asks the kernel for the next files
//! (`posix_fadvise(WILLNEED)`, which starts the reads and returns), a bounded distance ahead.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// How many files ahead of the workers the kernel is asked to read.
const AHEAD: usize = 64;

/// How far the workers are, for the thread that reads ahead of them.
#[derive(Default)]
pub struct Progress {
    done: AtomicUsize,
    stop: AtomicBool,
}

impl Progress {
    /// One more file taken up by a worker.
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

/// Stops the reading ahead when dropped: when the work ends, however it ends.
pub struct StopOnDrop<'a>(pub &'a Progress);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop.store(true, Ordering::Relaxed);
    }
}

/// Asks for `paths` in order, never more than [`AHEAD`] past what `progress` has seen done.
pub fn read_ahead<P: AsRef<Path>>(paths: &[P], progress: &Progress) {
    for (k, path) in paths.iter().enumerate() {
        while k >= progress.done.load(Ordering::Relaxed) + AHEAD {
            if progress.stop.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        if progress.stop.load(Ordering::Relaxed) {
            return;
        }
        will_need(path.as_ref());
    }
}

/// Starts the kernel reading a regular file. Anything else is left alone: opening a FIFO
/// could wait for a writer, and a device could act on being opened.
#[cfg(target_os = "linux")]
fn will_need(path: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    // A file over the size limit is refused unread: not asked for either.
    let wanted = |m: std::fs::Metadata| m.is_file() && m.len() <= super::limits::max_size();
    if !std::fs::metadata(path).is_ok_and(wanted) {
        return;
    }
    // Not blocking, should it have turned into a FIFO since.
    let Ok(file) = (std::fs::OpenOptions::new())
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
    else {
        return;
    };
    // SAFETY: a valid descriptor, owned by `file` for the length of the call; the advice
    // changes no memory of ours, and whatever it returns is only advice not taken.
    unsafe {
        libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED);
    }
}

#[cfg(not(target_os = "linux"))]
fn will_need(_path: &Path) {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// Paths that are not regular files by the time they are asked for (a FIFO, a device, a
    /// folder, one gone) are passed over without being opened: nothing waits for a writer.
    #[test]
    fn what_is_not_a_regular_file_is_passed_over_without_waiting() {
        let dir = tempfile::tempdir().expect("dir");
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let text = dir.path().join("plan.txt");
        std::fs::write(&text, "一、任务").expect("write");
        let paths = [
            fifo,
            std::path::PathBuf::from("/dev/zero"),
            dir.path().to_path_buf(),
            dir.path().join("gone.txt"),
            text,
        ];
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            read_ahead(&paths, &Progress::default());
            done.send(()).ok();
        });
        assert!(
            finished.recv_timeout(Duration::from_secs(20)).is_ok(),
            "still reading ahead after 20 s"
        );
    }

    /// Never more than AHEAD past the workers, and it ends when told to, however far it was.
    #[test]
    fn it_waits_for_the_workers_and_stops_when_the_work_ends() {
        let dir = tempfile::tempdir().expect("dir");
        let paths: Vec<_> = (0..AHEAD + 10)
            .map(|n| dir.path().join(format!("{n}.txt")))
            .collect();
        let progress = Progress::default();
        std::thread::scope(|s| {
            let reading = s.spawn(|| read_ahead(&paths, &progress));
            std::thread::sleep(Duration::from_millis(50));
            assert!(!reading.is_finished(), "it ran past the workers");
            drop(StopOnDrop(&progress));
            let gave_up = std::time::Instant::now();
            while !reading.is_finished() {
                assert!(
                    gave_up.elapsed() < Duration::from_secs(20),
                    "it never stopped"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
        });
    }
}
