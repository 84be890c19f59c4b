//! Who is writing: the login name of the process's real uid, read from the passwd database.
//!
//! Never `$USER` or `$LOGNAME`, which anyone can set to anything.

use super::store::Identity;
use std::ffi::CStr;

/// The real uid and its login name. A uid with no passwd entry (a container's bare uid) is
/// recorded as `uid:N`, which still names the writer and cannot be claimed by a login name.
pub fn current() -> Identity {
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    Identity {
        login: login_of(uid).unwrap_or_else(|| format!("uid:{uid}")),
        uid,
    }
}

/// The login name of `uid` through getpwuid_r (thread-safe, unlike getpwuid).
pub fn login_of(uid: u32) -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 1024];
    loop {
        // SAFETY: passwd is plain data; getpwuid_r fills it with pointers into `buf`, which
        // outlives every read of them below.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let rc =
            unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        // SAFETY: pw_name points to a NUL-terminated string inside `buf`.
        let name = unsafe { CStr::from_ptr(pwd.pw_name) };
        let name = name.to_string_lossy().into_owned();
        return (!name.is_empty()).then_some(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_zero_is_root_and_unknown_uids_have_no_name() {
        assert_eq!(login_of(0).as_deref(), Some("root"));
        assert_eq!(login_of(4_000_000_000), None);
    }
}
