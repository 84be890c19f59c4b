//! A crash during `ledger init` leaves no ledger or a whole one: the real binary killed
//! (SIGKILL) at 40 moments spread over its run. After each, a reader says there is no ledger
//! yet or reads a whole one (never 「对你只读」 as before), and `ledger init` then finishes it.

use super::cli;
use crate::common;
use crate::common::ledger::{PLAN, write_plan};

#[test]
fn init_killed_at_any_moment_leaves_no_ledger_or_a_whole_one() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), PLAN);
    let home = tempfile::tempdir().unwrap();
    // How long a whole init takes here and now (the machine may be loaded): the kills are
    // spread from at once to a third past it.
    let started = std::time::Instant::now();
    let (code, _, err) = cli(dir.path(), &dir.path().join("timed.sqlite3"), &["init"]);
    assert_eq!(code, 0, "{err}");
    let whole_run = started.elapsed();
    let (mut none, mut whole) = (0, 0);
    for i in 0..40u32 {
        let ledger = dir.path().join(format!("l{i}.sqlite3"));
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dutymatrix"));
        common::run::isolate(&mut c, home.path());
        let mut child = c
            .current_dir(dir.path())
            .args(["--no-builtin", "--doc", "plan.txt", "--ledger"])
            .arg(&ledger)
            .args(["ledger", "init"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole_run * i / 30);
        let _ = child.kill();
        let _ = child.wait();
        let (code, _, err) = cli(dir.path(), &ledger, &["show", "市民政局"]);
        assert_eq!(code, 0, "kill {i}: {err}");
        assert!(!err.contains("只读"), "kill {i}: {err}");
        if err.contains("尚无台账") {
            none += 1;
        } else {
            let (code, out, _) = cli(dir.path(), &ledger, &["verify"]);
            assert_eq!(code, 0, "kill {i}: {out}");
            whole += 1;
        }
        let (code, _, err) = cli(dir.path(), &ledger, &["init"]);
        assert_eq!(code, 0, "kill {i}: {err}");
        let (code, out, _) = cli(dir.path(), &ledger, &["verify"]);
        assert_eq!(code, 0, "kill {i}: {out}");
    }
    eprintln!("init killed 40 times: {none} left no ledger, {whole} a whole one");
    assert_eq!(none + whole, 40);
}
