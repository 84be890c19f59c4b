//! `ledger doctor`: why this user can or cannot write the team's ledger — the folder, the file
//! and its `-wal`/`-shm`, their owner, group and mode, the user's groups, a read-only file
//! system, the setgid bit that keeps new files in the team's group, and membership in the
//! ledger — each problem with the command that fixes it.

#[allow(unused_imports)]
use super::*;
use crate::words::doctor_words;
use std::os::unix::fs::MetadataExt;

/// A finding: fine, or a problem with its fix.
struct Finding {
    ok: bool,
    text: String,
    fix: Option<String>,
}

pub(super) fn doctor(path: &Path, model: &Model, ctx: &Context) -> Outcome {
    if crate::ledger::pg::is_server(path) {
        return server_doctor(path, model, ctx);
    }
    let w = doctor_words(ctx.lang);
    let me = identity::current();
    let groups = my_groups();
    let group_names: Vec<String> = groups.iter().map(|&g| group_name(g)).collect();
    let out = format!(
        "{}\n{}\n",
        (w.ledger_at)(&shown(path)),
        (w.you_are)(&safe_line(&me.login), &group_names.join(", "))
    );
    let mut found: Vec<Finding> = Vec::new();
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir_shown = shown(&folder);
    match std::fs::metadata(&folder) {
        Err(_) => found.push(Finding {
            ok: false,
            text: (w.folder_missing)(&dir_shown),
            fix: Some(format!("sudo mkdir -p {dir_shown}")),
        }),
        Ok(meta) => {
            if read_only_fs(&folder) {
                found.push(Finding {
                    ok: false,
                    text: (w.read_only_fs)(&dir_shown),
                    fix: None,
                });
            }
            let how = mode_words(&meta);
            if writable(&folder) {
                found.push(Finding {
                    ok: true,
                    text: (w.folder_ok)(&dir_shown),
                    fix: None,
                });
            } else {
                found.push(Finding {
                    ok: false,
                    text: (w.folder_not_writable)(&dir_shown, &how),
                    fix: Some(group_fix(&meta, &dir_shown, &dir_shown, &me.login, &groups)),
                });
            }
            let shared_group = meta.mode() & 0o020 != 0;
            if shared_group && meta.mode() & 0o2000 == 0 {
                found.push(Finding {
                    ok: false,
                    text: (w.no_setgid)(&dir_shown, &group_name(meta.gid())),
                    fix: Some(format!("sudo chmod g+s {dir_shown}")),
                });
            }
        }
    }
    let mut any_file = false;
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        let meta = match std::fs::metadata(&p) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                any_file = true;
                found.push(Finding {
                    ok: false,
                    text: (w.file_hidden)(&shown(&p)),
                    fix: None,
                });
                continue;
            }
            Err(_) => continue,
        };
        any_file = true;
        let f = shown(&p);
        let how = mode_words(&meta);
        if writable(&p) {
            found.push(Finding {
                ok: true,
                text: (w.file_ok)(&f, &how),
                fix: None,
            });
        } else {
            found.push(Finding {
                ok: false,
                text: (w.file_not_writable)(&f, &how),
                fix: Some(group_fix(&meta, &f, &dir_shown, &me.login, &groups)),
            });
            if !groups.contains(&meta.gid()) && !private_group(&meta) {
                found.push(Finding {
                    ok: false,
                    text: (w.not_in_group)(&safe_line(&me.login), &group_name(meta.gid())),
                    fix: Some(format!(
                        "sudo usermod -aG {} {}",
                        group_name(meta.gid()),
                        safe_line(&me.login)
                    )),
                });
            }
        }
    }
    if !any_file {
        found.push(Finding {
            ok: true,
            text: w.no_ledger_yet.to_string(),
            fix: None,
        });
    } else {
        match Ledger::open(path, OpenMode::ReadOnly).and_then(|l| match l {
            Some(l) => l.members().map(Some),
            None => Ok(None),
        }) {
            Ok(Some(members)) => membership(&mut found, &members, &me.login, model, ctx.lang),
            Ok(None) => {}
            Err(e) => found.push(Finding {
                ok: false,
                text: (w.cannot_open)(&e.message(ctx.lang)),
                fix: None,
            }),
        }
    }
    report(out, found, ctx.lang)
}

/// A server ledger: whether it can be reached, who the server says you are, and what the
/// members log lets that role write. Files and groups play no part.
fn server_doctor(path: &Path, model: &Model, ctx: &Context) -> Outcome {
    let w = doctor_words(ctx.lang);
    let mut out = format!("{}\n", (w.ledger_at)(&crate::ledger::shown_location(path)));
    let mut found = Vec::new();
    match Ledger::open(path, OpenMode::ReadOnly) {
        Err(e) => found.push(Finding {
            ok: false,
            text: (w.cannot_open)(&e.message(ctx.lang)),
            fix: None,
        }),
        Ok(None) => found.push(Finding {
            ok: false,
            text: w.no_server_ledger_yet.to_string(),
            fix: None,
        }),
        Ok(Some(l)) => {
            let role = l.writer(&identity::current());
            out.push_str(&(w.you_are_role)(&safe_line(&role)));
            out.push('\n');
            match l.members() {
                Ok(members) => membership(&mut found, &members, &role, model, ctx.lang),
                Err(e) => found.push(Finding {
                    ok: false,
                    text: (w.cannot_open)(&e.message(ctx.lang)),
                    fix: None,
                }),
            }
        }
    }
    report(out, found, ctx.lang)
}

/// What the members log lets `login` write.
fn membership(
    found: &mut Vec<Finding>,
    members: &[crate::ledger::Member],
    login: &str,
    model: &Model,
    lang: Lang,
) {
    let w = doctor_words(lang);
    match members.iter().find(|m| m.login == login) {
        Some(m) if m.supervisor => found.push(Finding {
            ok: true,
            text: w.supervisor.to_string(),
            fix: None,
        }),
        Some(m) if !m.units.is_empty() => {
            let units: Vec<String> = m
                .units
                .iter()
                .map(|u| safe_line(model.unit(u).map_or(u.as_str(), |x| &x.name)))
                .collect();
            found.push(Finding {
                ok: true,
                text: (w.member_of)(&units.join("、")),
                fix: None,
            });
        }
        _ => found.push(Finding {
            ok: false,
            text: (w.no_units)(&safe_line(login)),
            fix: Some(format!(
                "dutymatrix ledger members add {} UNIT",
                safe_line(login)
            )),
        }),
    }
}

/// The findings, one a line with its fix, then the verdict: exit 0 when all is well, else 1.
fn report(mut out: String, mut found: Vec<Finding>, lang: Lang) -> Outcome {
    let w = doctor_words(lang);
    // The same finding (not in a group) comes from the file and its -wal and -shm: said once.
    let mut seen = Vec::new();
    found.retain(|f| {
        let new = !seen.contains(&f.text);
        seen.push(f.text.clone());
        new
    });
    let problems = found.iter().filter(|f| !f.ok).count();
    for f in &found {
        out.push_str(&format!("{} {}\n", if f.ok { "✓" } else { "✗" }, f.text));
        if let Some(fix) = &f.fix {
            out.push_str(&format!("    {}{}{fix}\n", w.fix, lang.strings().colon));
        }
    }
    if problems == 0 {
        out.push_str(w.all_well);
    } else {
        out.push_str(&(w.problems)(problems));
    }
    out.push('\n');
    Outcome {
        stdout: out,
        code: if problems == 0 { 0 } else { 1 },
        ..Outcome::default()
    }
}

/// `-rw-r--r-- root:staff`: the mode, owner and group, as `ls -l` shows them.
fn mode_words(meta: &std::fs::Metadata) -> String {
    let m = meta.mode();
    let bits = [
        (0o400, 'r'),
        (0o200, 'w'),
        (0o100, 'x'),
        (0o040, 'r'),
        (0o020, 'w'),
        (0o010, 'x'),
        (0o004, 'r'),
        (0o002, 'w'),
        (0o001, 'x'),
    ];
    let mut s: String = bits
        .iter()
        .map(|&(b, c)| if m & b != 0 { c } else { '-' })
        .collect();
    if m & 0o2000 != 0 {
        s.replace_range(5..6, if m & 0o010 != 0 { "s" } else { "S" });
    }
    format!(
        "{s} {}:{}",
        crate::ledger::identity::login_of(meta.uid()).unwrap_or_else(|| meta.uid().to_string()),
        group_name(meta.gid())
    )
}

/// The fix for a folder or file the user cannot write: the group must be able to write it, and
/// the user must be in that group.
fn group_fix(
    meta: &std::fs::Metadata,
    shown: &str,
    folder: &str,
    login: &str,
    groups: &[u32],
) -> String {
    let group = group_name(meta.gid());
    // A file in root's group or its owner's own group is not shared yet: a team group is
    // needed first, and it is for the administrator to name (TEAM).
    if private_group(meta) {
        let d = folder;
        return format!(
            "sudo groupadd -f TEAM; sudo chgrp -R TEAM {d}; sudo chmod -R g+w {d}; sudo chmod g+s {d}; sudo usermod -aG TEAM {}",
            safe_line(login)
        );
    }
    let mut fix = if meta.mode() & 0o020 == 0 {
        let setgid = if meta.is_dir() { "s" } else { "" };
        format!("sudo chmod g+w{setgid} {shown}")
    } else {
        String::new()
    };
    if !groups.contains(&meta.gid()) {
        if !fix.is_empty() {
            fix.push_str("; ");
        }
        fix.push_str(&format!("sudo usermod -aG {group} {}", safe_line(login)));
    }
    if fix.is_empty() {
        fix = format!("ls -l {shown}");
    }
    fix
}

/// Whether a file's group is root's or its owner's own (named as the owner): nobody shares it.
fn private_group(meta: &std::fs::Metadata) -> bool {
    let owner = crate::ledger::identity::login_of(meta.uid()).unwrap_or_default();
    meta.gid() == 0 || group_name(meta.gid()) == owner
}

/// Whether the real user may write `p`, as the kernel decides (ACLs and root included).
fn writable(p: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path; access only reads it.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

fn read_only_fs(p: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: statvfs is plain data filled by the call; `c` is a valid path.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::statvfs(c.as_ptr(), &mut st) };
    rc == 0 && st.f_flag & libc::ST_RDONLY != 0
}

/// The real user's groups: the primary one and the supplementary ones.
fn my_groups() -> Vec<u32> {
    // SAFETY: getgid and getgroups have no preconditions; the buffer is as long as asked.
    let mut out = vec![unsafe { libc::getgid() }];
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    if let Ok(len) = usize::try_from(n) {
        let mut buf = vec![0 as libc::gid_t; len];
        let got = unsafe { libc::getgroups(n, buf.as_mut_ptr()) };
        if let Ok(got) = usize::try_from(got) {
            out.extend(buf.into_iter().take(got));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A group's name through getgrgid_r, or its number.
fn group_name(gid: u32) -> String {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: group is plain data; getgrgid_r fills it with pointers into `buf`, which outlives
    // the read of the name below.
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::group = std::ptr::null_mut();
    let rc = unsafe { libc::getgrgid_r(gid, &mut grp, buf.as_mut_ptr(), buf.len(), &mut found) };
    if rc != 0 || found.is_null() || grp.gr_name.is_null() {
        return gid.to_string();
    }
    // SAFETY: gr_name points into `buf`, NUL-terminated by getgrgid_r.
    let name = unsafe { std::ffi::CStr::from_ptr(grp.gr_name) };
    safe_line(&name.to_string_lossy())
}
