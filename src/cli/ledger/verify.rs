//! `dutymatrix ledger verify`: every row of the hash chains and SQLite's full integrity check,
//! naming the first row that does not fit. Exit 0 when the ledger is whole, 1 when not.

use super::{Failure, Outcome, ok, pretty, words};
use crate::ledger::{Ledger, OpenMode};
use crate::load::shown;
use crate::text::one_line;
use crate::words::{Lang, Text};
use serde_json::json;
use std::path::Path;

pub(super) fn verify(path: &Path, lang: Lang, as_json: bool) -> Result<Outcome, Failure> {
    let w = words(lang);
    let Some(ledger) = Ledger::open(path, OpenMode::ReadOnly)? else {
        return Err(Failure::NoMatch((w.nothing_to_verify)(&shown(path))));
    };
    let v = ledger.verify()?;
    // 1, not 2: the report is the answer and must reach stdout (2 prints nothing there).
    let code = if v.ok() { 0 } else { 1 };
    let chain = v.chain.as_ref().map(|b| b.text(lang));
    let damage = v.damage.as_deref().map(one_line);
    let stdout = if as_json {
        pretty(&json!({
            "ledger": shown(path),
            "ok": v.ok(),
            "rows": v.rows,
            "chain": chain,
            "damage": damage,
        }))
    } else {
        let colon = lang.strings().colon;
        let mut out = format!("{}  {}\n", w.ledger, shown(path));
        // A server has no chain and no pages of its own to check: its rules and kept state.
        if ledger.on_server() {
            out.push_str(&match &chain {
                None => (w.verify_server_ok)(v.rows),
                Some(b) => format!("{}{colon}{b}", w.verify_server),
            });
            out.push('\n');
        } else {
            out.push_str(&match &chain {
                None => (w.verify_chain_ok)(v.rows),
                Some(b) => format!("{}{colon}{b}", w.verify_chain),
            });
            out.push('\n');
            out.push_str(&match &damage {
                None => w.verify_pages_ok.to_string(),
                Some(d) => format!("{}{colon}{d}", w.verify_pages),
            });
            out.push('\n');
        }
        out.push_str(if v.ok() { w.verify_ok } else { w.verify_bad });
        out.push('\n');
        out
    };
    let mut r = ok(stdout, String::new())?;
    r.code = code;
    Ok(r)
}
