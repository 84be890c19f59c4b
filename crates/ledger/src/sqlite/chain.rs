//! The hash chains over the history and the members log: every row holds the SHA-256 of its
//! own content and of the row before it, so an edited, removed or slipped-in row shows.
//!
//! The chain has no secret: whoever may write the file can rebuild it from the first changed
//! row on. What it gives is that nothing changes *silently*: a plain `UPDATE`, `DELETE` or
//! `INSERT` through `sqlite3` breaks it, and `ledger verify` names the first row that does not
//! fit. The open checks only the tail ([`check_tail`]); [`walk`] checks every row.

pub(super) use crate::faith::{Break, Table};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// Where the rows of a chained table are, and which columns a seal covers.
trait Chained {
    fn name(self) -> &'static str;
    fn select(self) -> &'static str;
    fn width(self) -> usize;
}

impl Chained for Table {
    fn name(self) -> &'static str {
        match self {
            Table::History => "history",
            Table::Members => "member_events",
        }
    }

    /// Every column a row's seal covers, in order, the row id first and the seal last. A
    /// history row also covers the task key it points at, so rewriting `task_keys` shows too.
    fn select(self) -> &'static str {
        match self {
            Table::History => {
                "SELECT h.id, h.task_key, k.document, k.task_id, k.number, k.fingerprint, k.title,
                        h.unit, h.status, h.note, h.note_date, h.who, h.uid, h.at, h.undoes, h.chain
                 FROM history h LEFT JOIN task_keys k ON k.id = h.task_key"
            }
            Table::Members => {
                "SELECT id, login, unit, supervisor, granted, who, at, chain FROM member_events"
            }
        }
    }

    fn width(self) -> usize {
        match self {
            Table::History => 15,
            Table::Members => 7,
        }
    }
}

/// The seal of one row: SHA-256 over the previous seal (32 zero bytes for the first row), the
/// table's name and a zero byte, and each value with its type and length (NULL `0`; integer
/// `1` and 8 bytes big-endian; real `2` and its bits; text `3`, blob `4`, each with its length
/// as 8 bytes big-endian and its bytes), so no two different rows are sealed alike. Public, so
/// that anyone may check a ledger with tools of their own. The values, in order: for the
/// history, id, task_key, the key's document, task_id, number, fingerprint and title, then
/// unit, status, note, note_date, who, uid, at, undoes; for the members log, id, login, unit,
/// supervisor, granted, who, at.
pub fn seal(prev: &[u8; 32], table: Table, values: &[ValueRef<'_>]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(table.name().as_bytes());
    h.update([0]);
    for v in values {
        match v {
            ValueRef::Null => h.update([0]),
            ValueRef::Integer(i) => {
                h.update([1]);
                h.update(i.to_be_bytes());
            }
            ValueRef::Real(r) => {
                h.update([2]);
                h.update(r.to_bits().to_be_bytes());
            }
            ValueRef::Text(b) | ValueRef::Blob(b) => {
                h.update([if matches!(v, ValueRef::Text(_)) { 3 } else { 4 }]);
                h.update((b.len() as u64).to_be_bytes());
                h.update(b);
            }
        }
    }
    h.finalize().into()
}

/// The id the next row must take and the seal it must chain onto, read inside the writing
/// transaction. Ids are given explicitly so that the seal can cover them.
pub(super) fn next(conn: &Connection, table: Table) -> rusqlite::Result<(i64, [u8; 32])> {
    let name = table.name();
    let last: Option<(i64, Option<Vec<u8>>)> = conn
        .query_row(
            &format!("SELECT id, chain FROM {name} ORDER BY id DESC LIMIT 1"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let issued = issued(conn, table)?;
    let (id, prev) = match last {
        Some((id, chain)) => (id, to_seal(chain.as_deref())),
        None => (0, [0; 32]),
    };
    Ok((id.max(issued) + 1, prev))
}

fn to_seal(b: Option<&[u8]>) -> [u8; 32] {
    b.and_then(|b| <[u8; 32]>::try_from(b).ok())
        .unwrap_or([0; 32])
}

/// The highest id SQLite ever issued in `table` (AUTOINCREMENT keeps it in sqlite_sequence).
fn issued(conn: &Connection, table: Table) -> rusqlite::Result<i64> {
    Ok(conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = ?1",
            [table.name()],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// Checks the rows of `table` with id above `from` (every row for 0), chaining from the seal of
/// row `from`. Returns the first break and the number of rows read.
fn check_from(
    conn: &Connection,
    table: Table,
    from: i64,
) -> rusqlite::Result<(Option<Break>, u64)> {
    let mut stmt = conn.prepare(&format!(
        "{} WHERE {}id >= ?1 ORDER BY {}id",
        table.select(),
        if table == Table::History { "h." } else { "" },
        if table == Table::History { "h." } else { "" },
    ))?;
    let mut rows = stmt.query(params![from])?;
    let width = table.width();
    let mut prev = [0u8; 32];
    let mut last = from;
    let mut read = 0u64;
    let mut first = from > 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let chain: Option<Vec<u8>> = r.get(width)?;
        if first {
            // The row the window starts after: trusted as it stands, only its seal is used.
            first = false;
            if id == from {
                prev = to_seal(chain.as_deref());
                continue;
            }
        }
        read += 1;
        if id != last + 1 {
            return Ok((
                Some(Break::Gap {
                    table,
                    after: last,
                    next: id,
                }),
                read,
            ));
        }
        let Some(chain) = chain else {
            return Ok((Some(Break::Unsealed { table, row: id }), read));
        };
        let values = (0..width)
            .map(|i| r.get_ref(i))
            .collect::<Result<Vec<_>, _>>()?;
        let want = seal(&prev, table, &values);
        if chain.as_slice() != want.as_slice() {
            return Ok((Some(Break::Mismatch { table, row: id }), read));
        }
        prev = want;
        last = id;
    }
    let issued = issued(conn, table)?;
    if issued > last {
        return Ok((
            Some(Break::TailRemoved {
                table,
                last,
                issued,
            }),
            read,
        ));
    }
    Ok((None, read))
}

/// The seal stored in row `id` of `table`.
pub(super) fn seal_at(
    conn: &Connection,
    table: Table,
    id: i64,
) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.query_row(
        &format!("SELECT chain FROM {} WHERE id = ?1", table.name()),
        [id],
        |r| r.get::<_, Option<Vec<u8>>>(0),
    )
    .optional()
    .map(Option::flatten)
}

/// The newest row of `table`: its id and stored seal.
pub(super) fn tail(conn: &Connection, table: Table) -> rusqlite::Result<Option<(i64, Vec<u8>)>> {
    conn.query_row(
        &format!(
            "SELECT id, chain FROM {} ORDER BY id DESC LIMIT 1",
            table.name()
        ),
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<Vec<u8>>>(1)?.unwrap_or_default(),
            ))
        },
    )
    .optional()
}

/// How many of the newest rows of each table the open checks.
pub(super) const TAIL: i64 = 16;

/// The cheap check every open makes: the newest [`TAIL`] rows of each chain, no rows removed
/// from the end, and the guards in place.
pub(super) fn check_tail(conn: &Connection) -> rusqlite::Result<Option<Break>> {
    // One read transaction: a writer committing meanwhile must not look like a removed tail.
    let tx = conn.unchecked_transaction()?;
    // Rows first: a row changed with the guards down is named, not only the missing guard.
    for table in [Table::Members, Table::History] {
        let last: i64 = tx.query_row(
            &format!("SELECT coalesce(max(id), 0) FROM {}", table.name()),
            [],
            |r| r.get(0),
        )?;
        let (b, _) = check_from(&tx, table, (last - TAIL).max(0))?;
        if b.is_some() {
            return Ok(b);
        }
    }
    let b = check_triggers(&tx)?;
    tx.commit()?;
    Ok(b)
}

/// Every row of both chains, the guards and the state kept in force (against a replay of the
/// history), in one read transaction: what `ledger verify` checks besides
/// SQLite's own integrity check. Returns the first break and the number of rows read.
pub(super) fn walk(conn: &Connection) -> rusqlite::Result<(Option<Break>, u64)> {
    let tx = conn.unchecked_transaction()?;
    let conn: &Connection = &tx;
    let mut total = 0;
    for table in [Table::Members, Table::History] {
        let (b, read) = check_from(conn, table, 0)?;
        total += read;
        if b.is_some() {
            return Ok((b, total));
        }
    }
    if let Some(b) = check_triggers(conn)? {
        return Ok((Some(b), total));
    }
    let version = schema_version(conn)?;
    let b = match version >= IN_FORCE_SINCE {
        true => super::kept::check(conn, version >= COPIES_SINCE)?,
        false => None,
    };
    tx.commit()?;
    Ok((b, total))
}

/// The guard triggers as the migrations wrote them, by name.
pub(super) const GUARDS: &[&str] = &[
    "history_is_append_only_update",
    "history_is_append_only_delete",
    "member_events_are_append_only_update",
    "member_events_are_append_only_delete",
    "history_is_chained",
    "member_events_are_chained",
    "task_keys_are_kept_update",
    "task_keys_are_kept_delete",
];

/// The triggers that keep `in_force`, each with the schema versions it is the keeper in
/// (migration 3 made the first; migration 4 replaced it with one that also copies columns): a
/// ledger opened before its upgrade has none yet.
const KEEPERS: [(&str, std::ops::RangeInclusive<i64>); 2] = [
    ("history_keeps_in_force", 3..=3),
    ("history_keeps_in_force_columns", 4..=i64::MAX),
];

/// The first schema version with `in_force`, and the first whose `in_force` copies columns.
const IN_FORCE_SINCE: i64 = 3;
const COPIES_SINCE: i64 = 4;

fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Each guard present, with the text the migrations gave it (a trigger dropped and written
/// again differently, say without its RAISE, counts as changed).
fn check_triggers(conn: &Connection) -> rusqlite::Result<Option<Break>> {
    let mut stmt =
        conn.prepare_cached("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1")?;
    let version = schema_version(conn)?;
    let keeper = KEEPERS
        .iter()
        .filter(|(_, since)| since.contains(&version))
        .map(|(name, _)| name);
    for name in GUARDS.iter().chain(keeper) {
        let sql: Option<String> = stmt.query_row([name], |r| r.get(0)).optional()?;
        let fits = sql.is_some_and(|s| trigger_sql(name).is_some_and(|want| same_sql(&s, want)));
        if !fits {
            return Ok(Some(Break::Trigger {
                name: (*name).to_string(),
            }));
        }
    }
    Ok(None)
}

/// The statement that created the guard `name`, cut out of the migration that holds it.
fn trigger_sql(name: &str) -> Option<&'static str> {
    let head = format!("CREATE TRIGGER {name} ");
    // The migrations that create guards (read here, not from `schema`, which runs this module).
    const SOURCES: [&str; 4] = [
        include_str!("../migrations/0001_initial.sql"),
        include_str!("../migrations/0002_chain_guards.sql"),
        include_str!("../migrations/0003_in_force.sql"),
        include_str!("../migrations/0004_in_force_columns.sql"),
    ];
    for source in SOURCES {
        if let Some(start) = source.find(&head) {
            let rest = source.get(start..)?;
            let end = rest.find("\nEND;")? + "\nEND".len();
            return rest.get(..end);
        }
    }
    None
}

/// SQL text compared with runs of white space taken as one space.
fn same_sql(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// Seals the rows a ledger had before the chain existed, oldest first (migration 2).
pub(super) fn seal_existing(conn: &Connection) -> rusqlite::Result<()> {
    for table in [Table::Members, Table::History] {
        let mut seals = Vec::new();
        {
            let mut stmt = conn.prepare(&format!(
                "{} ORDER BY {}id",
                table.select(),
                if table == Table::History { "h." } else { "" }
            ))?;
            let mut rows = stmt.query([])?;
            let mut prev = [0u8; 32];
            while let Some(r) = rows.next()? {
                let values = (0..table.width())
                    .map(|i| r.get_ref(i))
                    .collect::<Result<Vec<_>, _>>()?;
                prev = seal(&prev, table, &values);
                seals.push((r.get::<_, i64>(0)?, prev));
            }
        }
        let mut update = conn.prepare(&format!(
            "UPDATE {} SET chain = ?1 WHERE id = ?2",
            table.name()
        ))?;
        for (id, s) in seals {
            update.execute(params![s.as_slice(), id])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values are sealed with their type and length: no two rows written differently share a
    /// seal by moving text between columns, or by a NULL standing for empty text.
    #[test]
    fn seals_tell_apart_what_reads_alike() {
        let z = [0u8; 32];
        let s = |v: &[ValueRef<'_>]| seal(&z, Table::History, v);
        let t = |x: &'static str| ValueRef::Text(x.as_bytes());
        assert_ne!(s(&[t("ab"), t("c")]), s(&[t("a"), t("bc")]));
        assert_ne!(s(&[ValueRef::Null]), s(&[t("")]));
        assert_ne!(s(&[ValueRef::Integer(1)]), s(&[t("1")]));
        assert_ne!(
            seal(&z, Table::History, &[t("x")]),
            seal(&z, Table::Members, &[t("x")])
        );
        let first = s(&[t("x")]);
        assert_ne!(seal(&first, Table::History, &[t("y")]), s(&[t("y")]));
        assert_eq!(s(&[t("x")]), first, "the same row, the same seal");
    }
}
