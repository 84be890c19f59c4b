//! The state kept in force per (task key, unit) (`in_force`, migrations 3 and 4) checked
//! against a full replay of the history, and its copied columns against the sealed rows they
//! copy: part of `ledger verify`, and what the tests compare.

use crate::faith::Break;
use crate::replay::{Fact, InForce, Replay, State, first_difference};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// The first pair whose kept state is not what a replay of the history gives, whose copied
/// columns (`copies`: schema 4 on) are not those of the rows it names, or whose rows the
/// history's (task key, unit) index does not list as the table holds them.
pub(super) fn check(conn: &Connection, copies: bool) -> rusqlite::Result<Option<Break>> {
    let kept = kept(conn)?;
    let (replayed, rows) = replay_counting(conn)?;
    if let Some((key, unit)) = first_difference(&kept, &replayed) {
        return Ok(Some(Break::InForce { key, unit }));
    }
    if copies && let Some((key, unit)) = first_miscopied(conn)? {
        return Ok(Some(Break::InForce { key, unit }));
    }
    // The trigger's undo and a task's history read the rows through that index: it must list
    // each pair's rows as the table does (their count and the sum of their ids), so a damaged
    // index page is found by the open of a small ledger too, not only by `ledger verify`.
    let mut stmt = conn.prepare_cached(
        "SELECT task_key, unit, count(*), sum(id) FROM history INDEXED BY history_by_key
         GROUP BY task_key, unit",
    )?;
    let mut seen = 0;
    let mut by_index = stmt.query([])?;
    while let Some(r) = by_index.next()? {
        let pair: (i64, String) = (r.get(0)?, r.get(1)?);
        seen += 1;
        if rows.get(&pair) != Some(&(r.get(2)?, r.get(3)?)) {
            return Ok(Some(Break::InForce {
                key: pair.0,
                unit: pair.1,
            }));
        }
    }
    if seen != rows.len() {
        let missing = rows.keys().next().cloned().unwrap_or_default();
        return Ok(Some(Break::InForce {
            key: missing.0,
            unit: missing.1,
        }));
    }
    Ok(None)
}

/// The first pair whose copied columns differ from the history rows its ids name (`IS NOT`:
/// NULL only where the row has NULL, or where there is no such row).
fn first_miscopied(conn: &Connection) -> rusqlite::Result<Option<(i64, String)>> {
    let differs = |t: &str, c: &str| {
        ["status", "note", "note_date", "who", "uid", "at"]
            .map(|col| format!("c.{c}_{col} IS NOT {t}.{col}"))
            .join(" OR ")
    };
    let sql = format!(
        "SELECT c.task_key, c.unit FROM in_force c
         LEFT JOIN history s ON s.id = c.status_row
         LEFT JOIN history n ON n.id = c.note_row
         WHERE {} OR {} ORDER BY c.task_key, c.unit LIMIT 1",
        differs("s", "s"),
        differs("n", "n"),
    );
    conn.prepare_cached(&sql)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The `in_force` table as it stands.
pub(super) fn kept(conn: &Connection) -> rusqlite::Result<State> {
    let mut stmt =
        conn.prepare_cached("SELECT task_key, unit, last_row, status_row, note_row FROM in_force")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            (r.get(0)?, r.get(1)?),
            InForce {
                last_row: r.get(2)?,
                status_row: r.get(3)?,
                note_row: r.get(4)?,
            },
        ))
    })?;
    rows.collect()
}

/// Every history row replayed, oldest first, streamed (a million rows are not held at once).
#[cfg(test)]
pub(super) fn replayed(conn: &Connection) -> rusqlite::Result<State> {
    replay_counting(conn).map(|(state, _)| state)
}

/// Rows per pair: their count and the sum of their ids.
type Counts = HashMap<(i64, String), (i64, i64)>;

/// The replay, and each pair's rows counted as the table holds them.
fn replay_counting(conn: &Connection) -> rusqlite::Result<(State, Counts)> {
    let cancelled = conn
        .prepare_cached("SELECT undoes FROM history WHERE undoes IS NOT NULL")?
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let mut replay = Replay::new(cancelled);
    let mut counts = Counts::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, task_key, unit, status IS NOT NULL, note IS NOT NULL, undoes
         FROM history NOT INDEXED ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let unit: &str = r.get_ref(2)?.as_str()?;
        let fact = Fact {
            id: r.get(0)?,
            key: r.get(1)?,
            unit,
            has_status: r.get(3)?,
            has_note: r.get(4)?,
            undoes: r.get(5)?,
        };
        replay.row(&fact);
        let c = counts.entry((fact.key, unit.to_string())).or_default();
        *c = (c.0 + 1, c.1.wrapping_add(fact.id));
    }
    Ok((replay.finish(), counts))
}
