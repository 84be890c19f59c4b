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
    std::fs::copy(assert_cmd::cargo::cargo_bin("dutymatrix"), &bin).unwrap();
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
