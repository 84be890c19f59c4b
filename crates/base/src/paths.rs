//! Where a user's files live, by the XDG Base Directory rules: `$XDG_CONFIG_HOME`,
//! `$XDG_CACHE_HOME`, `$XDG_DATA_HOME` and `$XDG_STATE_HOME` when set to an absolute path (the specification says
//! a relative one is invalid and must be ignored), else `~/.config`, `~/.cache` and
//! `~/.local/share`. Each returns the `dutymatrix` folder inside, or `None` with no `HOME`.

use std::ffi::OsString;
use std::path::PathBuf;

/// `$XDG_CONFIG_HOME/dutymatrix`, else `~/.config/dutymatrix`.
pub fn config_dir() -> Option<PathBuf> {
    app_dir(var("XDG_CONFIG_HOME"), var("HOME"), ".config")
}

/// `$XDG_CACHE_HOME/dutymatrix`, else `~/.cache/dutymatrix`.
pub fn cache_dir() -> Option<PathBuf> {
    app_dir(var("XDG_CACHE_HOME"), var("HOME"), ".cache")
}

/// `$XDG_DATA_HOME/dutymatrix`, else `~/.local/share/dutymatrix`.
pub fn data_dir() -> Option<PathBuf> {
    app_dir(var("XDG_DATA_HOME"), var("HOME"), ".local/share")
}

/// `$XDG_STATE_HOME/dutymatrix`, else `~/.local/state/dutymatrix`.
pub fn state_dir() -> Option<PathBuf> {
    app_dir(var("XDG_STATE_HOME"), var("HOME"), ".local/state")
}

fn var(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

/// The rule itself, apart from the environment so that it can be tested without changing it.
fn app_dir(xdg: Option<OsString>, home: Option<OsString>, fallback: &str) -> Option<PathBuf> {
    let base = xdg
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            home.filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(fallback))
        })?;
    Some(base.join("dutymatrix"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(xdg: Option<&str>, home: Option<&str>) -> Option<PathBuf> {
        app_dir(xdg.map(OsString::from), home.map(OsString::from), ".config")
    }

    #[test]
    fn an_absolute_xdg_folder_is_used() {
        assert_eq!(
            dir(Some("/x/conf"), Some("/home/a")),
            Some(PathBuf::from("/x/conf/dutymatrix"))
        );
    }

    /// The specification: "If an implementation encounters a relative path in any of these
    /// variables it should consider the path invalid and ignore it."
    #[test]
    fn a_relative_or_empty_xdg_folder_is_ignored() {
        for bad in ["conf", "./conf", ""] {
            assert_eq!(
                dir(Some(bad), Some("/home/a")),
                Some(PathBuf::from("/home/a/.config/dutymatrix")),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn no_home_and_no_xdg_is_no_folder() {
        assert_eq!(dir(None, None), None);
        assert_eq!(dir(Some("rel"), None), None);
        assert_eq!(dir(None, Some("")), None);
    }
}
