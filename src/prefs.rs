//! What a user keeps between sessions: their own level (`--home`, `DUTYMATRIX_HOME`, or `home =`
//! in `~/.config/dutymatrix/config`), the ledger (`ledger =` there), and which units they open (a small frecency file beside
//! it, as zoxide and atuin keep), so their units rise in the list.

use crate::extract::units::canonical;
use crate::model::Level;
use dutymatrix_base::atomic::{self, Existing, Mode};
use dutymatrix_base::tsv;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// `$XDG_CONFIG_HOME/dutymatrix` (an absolute one), else `~/.config/dutymatrix`.
pub use dutymatrix_base::paths::config_dir;

/// The home unit or level as given (flag or environment), else from the config file.
pub fn home(given: Option<&str>, dir: Option<&Path>) -> Option<String> {
    if let Some(g) = given.map(str::trim).filter(|g| !g.is_empty()) {
        return Some(g.to_string());
    }
    setting(dir?, "home")
}

/// The ledger named by `ledger =` in the config file (a file's path or a server's URL), for
/// when neither `--ledger` nor `DUTYMATRIX_LEDGER` names one.
pub fn ledger(dir: Option<&Path>) -> Option<PathBuf> {
    setting(dir?, "ledger").map(PathBuf::from)
}

/// `key = value` in `dir/config`, the value's quotes taken off; `None` when absent or empty.
fn setting(dir: &Path, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("config")).ok()?;
    text.lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .filter(|v| !v.is_empty())
}

/// The level a home names: a unit (市卫生健康委), a level word (市, 省), or its English name.
pub fn home_level(home: &str) -> Option<Level> {
    let level = match home.trim().to_lowercase().as_str() {
        "national" | "国家" => Level::National,
        "province" | "省" => Level::Province,
        "city" | "市" => Level::City,
        "district" | "区" => Level::District,
        "county" | "县" => Level::County,
        "township" | "乡镇" | "乡" | "镇" => Level::Township,
        _ => Level::of_name(&canonical(home)),
    };
    (level != Level::Other).then_some(level)
}

/// How often and how lately each unit was opened.
#[derive(Debug, Clone, Default)]
pub struct Frecency {
    path: PathBuf,
    /// unit name → (times opened, last opened as Unix seconds)
    seen: HashMap<String, (u32, i64)>,
}

impl Frecency {
    /// Reads `path` if it exists; lines it cannot read are ignored (the file is a hint only,
    /// rewritten whole on the next opening).
    pub fn load(path: PathBuf) -> Frecency {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let (rows, _bad) = tsv::parse(&text, 3);
        let seen = rows
            .into_iter()
            .filter_map(|r| Some((r[0].to_string(), (r[1].parse().ok()?, r[2].parse().ok()?))))
            .collect();
        Frecency { path, seen }
    }

    /// Counts one opening of `unit` now, and saves.
    pub fn record(&mut self, unit: &str) {
        self.record_at(unit, now());
        let _ = self.save();
    }

    fn record_at(&mut self, unit: &str, at: i64) {
        let e = self.seen.entry(unit.to_string()).or_insert((0, at));
        e.0 = e.0.saturating_add(1);
        e.1 = at;
    }

    /// Scores as zoxide weighs them: the count, worth more when recent.
    pub fn scores(&self) -> HashMap<String, f64> {
        self.scores_at(now())
    }

    fn scores_at(&self, at: i64) -> HashMap<String, f64> {
        self.seen
            .iter()
            .map(|(name, &(n, last))| {
                let age = at.saturating_sub(last);
                let weight = match age {
                    a if a < 3600 => 4.0,
                    a if a < 86_400 => 2.0,
                    a if a < 7 * 86_400 => 0.5,
                    _ => 0.25,
                };
                (name.clone(), f64::from(n) * weight)
            })
            .collect()
    }

    /// Writes the file whole, atomically: a crash leaves the old file or the new, never half
    /// of one.
    pub fn save(&self) -> Result<(), atomic::WriteError> {
        let mut rows: Vec<(&String, &(u32, i64))> = self.seen.iter().collect();
        rows.sort();
        let mut text = String::new();
        for (name, (n, t)) in rows {
            let name = crate::text::one_line(name);
            tsv::write_row(&mut text, &[&name, &n.to_string(), &t.to_string()]);
        }
        atomic::write(
            &self.path,
            text.as_bytes(),
            Existing::Replace,
            Mode::Private,
        )
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_from_flag_or_config_file() {
        let dir = tempfile::tempdir().expect("dir");
        assert_eq!(home(None, Some(dir.path())), None);
        std::fs::write(dir.path().join("config"), "# mine\nhome = 市卫生健康委\n").expect("w");
        assert_eq!(
            home(None, Some(dir.path())).as_deref(),
            Some("市卫生健康委")
        );
        assert_eq!(home(Some("省"), Some(dir.path())).as_deref(), Some("省"));
        assert_eq!(home_level("市卫生健康委员会"), Some(Level::City));
        assert_eq!(home_level("province"), Some(Level::Province));
        assert_eq!(home_level("县"), Some(Level::County));
        assert_eq!(home_level("随便"), None);
    }

    #[test]
    fn frecency_counts_recent_openings_and_survives_a_reload() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("sub").join("opened.tsv");
        let mut f = Frecency::load(path.clone());
        f.record_at("市民政局", 1_000_000);
        f.record_at("市民政局", 1_000_000);
        f.record_at("省民政厅", 1_000_000 - 30 * 86_400);
        f.save().expect("save");
        let g = Frecency::load(path);
        let s = g.scores_at(1_000_100);
        assert_eq!(s.get("市民政局"), Some(&8.0));
        assert_eq!(s.get("省民政厅"), Some(&0.25));
        let leftovers = std::fs::read_dir(dir.path().join("sub"))
            .expect("dir")
            .count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
    }
}
