//! What this account last saw of each ledger: the id and seal of the newest row of both chains,
//! kept in its own state folder (`$XDG_STATE_HOME/dutymatrix/witness.tsv`), where the other
//! members who may write the ledger cannot reach. The chain has no secret, so someone who
//! rebuilds it after a change leaves a chain that fits; it no longer holds the rows this account
//! saw. Said once, on the next open by this account; then what is there now is remembered.

use crate::faith::{Break, Table};
use crate::store::Store;
use dutymatrix_base::{atomic, tsv};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Ledgers remembered, newest first: enough for anyone's, small enough to read at every open.
const KEEP: usize = 64;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn name(t: Table) -> &'static str {
    match t {
        Table::History => "history",
        Table::Members => "members",
    }
}

/// Checks the rows this account last saw in the ledger at `path`, then remembers its newest
/// rows. Nothing is checked or kept without a state folder; a witness file that cannot be
/// read or written is left alone (it only ever adds a notice).
pub(crate) fn check(path: &Path, store: &dyn Store) -> Option<Break> {
    let file = dutymatrix_base::paths::state_dir()?.join("witness.tsv");
    let real = std::fs::canonicalize(path).ok()?;
    let key = hex(&Sha256::digest(real.as_os_str().as_encoded_bytes()));
    let text = std::fs::metadata(&file)
        .ok()
        .filter(|m| m.is_file() && m.len() < 1 << 20)
        .and_then(|_| std::fs::read_to_string(&file).ok())
        .unwrap_or_default();
    let (rows, _) = tsv::parse(&text, 4);
    let mut found = None;
    let mut now = Vec::new();
    for table in [Table::Members, Table::History] {
        let seen = rows
            .iter()
            .find(|r| r[0] == key && r[1] == name(table))
            .and_then(|r| Some((r[2].parse::<i64>().ok()?, r[3])));
        if let Some((row, seal)) = seen
            && found.is_none()
        {
            let there = store.seal_at(table, row).ok()?;
            if there.as_deref().map(hex).as_deref() != Some(seal) {
                found = Some(Break::NotAsSeen { table, row });
            }
        }
        if let Ok(Some((id, seal))) = store.tail(table) {
            now.push((table, id, hex(&seal), seen));
        }
    }
    let moved = now
        .iter()
        .any(|(_, id, seal, seen)| *seen != Some((*id, seal.as_str())));
    if moved {
        let mut out = String::new();
        for (table, id, seal, _) in &now {
            tsv::write_row(&mut out, &[&key, name(*table), &id.to_string(), seal]);
        }
        let others = rows.iter().filter(|r| r[0] != key);
        let mut kept: Vec<&str> = Vec::new();
        for r in others {
            if !kept.contains(&r[0]) {
                kept.push(r[0]);
            }
            if kept.len() >= KEEP {
                break;
            }
            tsv::write_row(&mut out, r);
        }
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = atomic::write(
            &file,
            out.as_bytes(),
            atomic::Existing::Replace,
            atomic::Mode::Private,
        );
    }
    found
}
