//! What installing needs besides the binary: the manual page, made from the command line's own
//! definition.

#[test]
fn the_manual_page_is_made_from_the_command_line() {
    let out = crate::common::cmd().arg("manpage").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH dutymatrix 1"), "{page}");
    for option in ["\\-\\-ledger", "\\-\\-doc", "\\-\\-lang"] {
        assert!(page.contains(option), "{option} missing");
    }
    for command in ["duties", "ledger", "export", "check", "manpage"] {
        assert!(page.contains(command), "{command} missing");
    }
}
