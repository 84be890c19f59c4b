//! How a test waits for what it checks, and what it does when it cannot run at all.

use std::time::{Duration, Instant};

/// Whether `condition` held within `timeout`, checked every 10 ms: as fast as the condition on
/// an idle machine, and as patient as `timeout` on a loaded one, where a fixed sleep is either
/// too short (a flaky test) or too long (a slow one).
pub fn poll_until(timeout: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// For a test that cannot run here for want of `prerequisite`. Under CI (the `CI` variable set,
/// as CI services and .ci/run set it) this fails the test, naming what is missing: a test that
/// passes without testing would hide that the check it stands for never ran. Elsewhere it says
/// loudly that the test was skipped, and the caller returns.
pub fn missing(test: &str, prerequisite: &str) {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    assert!(
        !in_ci,
        "{test}: {prerequisite} is missing, and under CI a test that cannot run fails"
    );
    eprintln!("SKIPPED {test}: {prerequisite} is missing (under CI this test fails)");
}
