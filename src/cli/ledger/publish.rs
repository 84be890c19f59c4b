//! `ledger publish`: documents stored in the server ledger for every city that uses it, listed
//! and withdrawn; and [`fetch`], which every command and dashboard on a server ledger runs to
//! read them, cached by hash.

use super::{Failure, ok};
use crate::ledger::{Ledger, LedgerError, OpenMode, Published};
use crate::load::{self, shown};
use crate::text::safe_line;
use crate::words::ledger_words as words;
use crate::words::{Lang, Message};
use std::path::{Path, PathBuf};

pub(super) fn publish(
    path: &Path,
    lang: Lang,
    files: &[PathBuf],
    list: bool,
    withdraw: Option<&str>,
) -> Result<crate::cli::Outcome, Failure> {
    if !crate::ledger::pg::is_server(path) {
        return Err(LedgerError::NeedsServer.into());
    }
    let w = words(lang);
    let mode = if list {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    let mut ledger = Ledger::open(path, mode)?.ok_or(LedgerError::Io {
        path: crate::ledger::shown_location(path),
        detail: crate::ledger::IoDetail::NotFound,
    })?;
    if let Some(which) = withdraw {
        let p = ledger.withdraw(which)?;
        return ok(
            format!("{}\n", (w.withdrawn)(&safe_line(&p.name), &p.hash[..12])),
            String::new(),
        );
    }
    if list || files.is_empty() {
        let all = ledger.published()?;
        if all.is_empty() {
            return ok(format!("{}\n", w.nothing_published), String::new());
        }
        let out: String = all
            .iter()
            .map(|p| {
                format!(
                    "{}  {}  {}  {}  {}\n",
                    p.hash.get(..12).unwrap_or(&p.hash),
                    if p.published {
                        w.standing
                    } else {
                        w.withdrawn_state
                    },
                    p.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
                    safe_line(&p.who),
                    safe_line(&p.name),
                )
            })
            .collect();
        return ok(out, String::new());
    }
    // Every file first: one the reader cannot read publishes nothing.
    let mut docs = Vec::new();
    for f in files {
        load::load(&load::Options {
            docs: vec![f.clone()],
            no_builtin: true,
            no_cache: true,
            ..load::Options::default()
        })
        .map_err(|e| LedgerError::Invalid {
            reason: format!("{} {}", lang.strings().cannot_read, e.message(lang)),
        })?;
        let bytes = std::fs::read(f).map_err(|e| LedgerError::Io {
            path: shown(f),
            detail: crate::ledger::IoDetail::of(&e),
        })?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "document".into());
        docs.push((name, bytes));
    }
    let mut out = String::new();
    for (name, bytes) in &docs {
        let p = ledger.publish(name, bytes)?;
        out.push_str(&(w.published)(&safe_line(&p.name), &p.hash[..12]));
        out.push('\n');
    }
    ok(out, String::new())
}

/// The documents published in the server ledger at `path`, each in a folder of its own in the
/// cache (`$XDG_CACHE_HOME/dutymatrix/published/HASH/NAME`, fetched once; read as a team's
/// shared folder is), and what could not be had, worded. Nothing for a file ledger, or a server with no ledger.
pub fn fetch(path: &Path, lang: Lang) -> (Vec<PathBuf>, Vec<String>) {
    if !crate::ledger::pg::is_server(path) {
        return (Vec::new(), Vec::new());
    }
    let w = words(lang);
    let ledger = match Ledger::open(path, OpenMode::ReadOnly) {
        Ok(Some(l)) => l,
        Ok(None) => return (Vec::new(), Vec::new()),
        // An older schema: the command's own open upgrades it (the owner's) or says why not;
        // said here too, it would be said twice, or wrongly before the owner's upgrade.
        Err(LedgerError::NeedsUpgrade { .. } | LedgerError::NeedsOwnerUpgrade { .. }) => {
            return (Vec::new(), Vec::new());
        }
        Err(e) => return (Vec::new(), vec![e.message(lang)]),
    };
    let standing: Vec<Published> = match ledger.published() {
        Ok(all) => all.into_iter().filter(|p| p.published).collect(),
        Err(e) => return (Vec::new(), vec![e.message(lang)]),
    };
    let Some(cache) = dutymatrix_base::paths::cache_dir().map(|d| d.join("published")) else {
        return (Vec::new(), Vec::new());
    };
    let mut files = Vec::new();
    let mut notices = Vec::new();
    for p in standing {
        // The name came from another machine: only its last part, never a path.
        let name = Path::new(&p.name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .unwrap_or_else(|| "document".into());
        let file = cache.join(&p.hash).join(&name);
        if !file.is_file() {
            let got = ledger.document(&p.hash).and_then(|bytes| {
                std::fs::create_dir_all(cache.join(&p.hash))
                    .ok()
                    .and_then(|_| {
                        dutymatrix_base::atomic::write(
                            &file,
                            &bytes,
                            dutymatrix_base::atomic::Existing::Replace,
                            dutymatrix_base::atomic::Mode::Private,
                        )
                        .ok()
                    })
                    .ok_or(LedgerError::Io {
                        path: shown(&file),
                        detail: crate::ledger::IoDetail::CannotCreate,
                    })
            });
            if let Err(e) = got {
                notices.push((w.not_fetched)(&safe_line(&name), &e.message(lang)));
                continue;
            }
        }
        files.push(cache.join(&p.hash));
    }
    (files, notices)
}
