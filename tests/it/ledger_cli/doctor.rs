//! `ledger doctor` run as the supervisor and as another user: what it finds, the fixes it
//! names, and its exit code.

use super::*;
use std::os::unix::fs::PermissionsExt;

#[test]
fn doctor_says_the_owner_may_write_and_nobody_may_not_and_why() {
    let setpriv = Path::new("/usr/bin/setpriv");
    if identity::current().uid != 0 || !setpriv.exists() {
        common::missing(
            "doctor_says_the_owner_may_write_and_nobody_may_not_and_why",
            "root with /usr/bin/setpriv (to act as another user)",
        );
        return;
    }
    let (dir, ledger) = setup();
    let d = dir.path();
    let r = in_ledger(d, &ledger, &["doctor"]);
    assert_eq!(r.code, 0, "no ledger yet is no problem: {}", r.stdout);
    assert!(r.stdout.contains("✓ 台账文件尚不存在"), "{}", r.stdout);
    let r = in_ledger(d, &ledger, &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = in_ledger(d, &ledger, &["doctor"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("✓ 台账成员：督查"), "{}", r.stdout);
    assert!(r.stdout.ends_with("你可以写入这个台账。\n"), "{}", r.stdout);
    // nobody can read the folder and the binary, not write them.
    let bin = d.join("dm");
    common::run::copy_binary(&bin);
    for (p, mode) in [
        (d, 0o755),
        (bin.as_path(), 0o755),
        (ledger.as_path(), 0o644),
    ] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let mut c = std::process::Command::new(setpriv);
    common::run::isolate(&mut c, d);
    let out = c
        .args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
        .arg(&bin)
        .current_dir(d)
        .args(["--no-builtin", "--doc", "plan.txt", "--ledger"])
        .arg(&ledger)
        .args(["ledger", "doctor"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let file = ledger.display().to_string();
    assert!(
        stdout.contains(&format!("✗ {file} 你不能写入（rw-r--r-- root:root）")),
        "{stdout}"
    );
    assert!(stdout.contains("修复：sudo groupadd -f TEAM;"), "{stdout}");
    assert!(stdout.contains("不是台账成员"), "{stdout}");
    // The ledger itself was not touched.
    assert!(ledger.exists());
}

/// `ledger init` by an administrator whose umask is 022, in a team's group-writable setgid
/// folder: the ledger (and so its -wal and -shm) is group-writable all the same, and init
/// says so. With the umask's mode the members were told 「对你只读」.
#[test]
fn init_in_a_group_folder_makes_the_ledger_group_writable_whatever_the_umask() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o2775)).unwrap();
    let ledger = team.join("ledger.sqlite3");
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("dutymatrix"));
    common::run::isolate(&mut c, dir.path());
    // SAFETY: umask only sets the child's file mode mask, between fork and exec.
    unsafe {
        c.pre_exec(|| {
            libc::umask(0o022);
            Ok(())
        });
    }
    let out = c
        .arg("--ledger")
        .arg(&ledger)
        .args(["ledger", "init"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("对本组可写"), "{stdout}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&ledger) & 0o060, 0o060, "{:o}", mode(&ledger));
    // A write makes the -wal and -shm: they take the ledger's mode.
    write_plan(dir.path(), PLAN);
    let r = in_ledger(
        dir.path(),
        &ledger,
        &["set", "plan/1.1", "--unit", "市民政局", "--note", "x"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for suffix in ["-wal", "-shm"] {
        let p = std::path::PathBuf::from(format!("{}{suffix}", ledger.display()));
        if p.exists() {
            assert_eq!(mode(&p) & 0o060, 0o060, "{suffix} {:o}", mode(&p));
        }
    }
}
