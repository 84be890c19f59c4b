//! Whether a ledger can be trusted: the first row that does not fit its hash chain ([`Break`]),
//! damage SQLite found ([`Trouble`]), and what `ledger verify` found ([`Verified`]).

use std::fmt;

/// One of the two chained tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    History,
    Members,
}

/// The first thing found that does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The row's seal is not the hash of its content and the row before it: the row was edited,
    /// or one before it was removed, changed or slipped in.
    Mismatch { table: Table, row: i64 },
    /// A row without a seal: written around dutymatrix.
    Unsealed { table: Table, row: i64 },
    /// Row ids jump: rows in between were removed.
    Gap { table: Table, after: i64, next: i64 },
    /// The newest rows were removed: SQLite issued ids up to `issued`, the last is `last`.
    TailRemoved {
        table: Table,
        last: i64,
        issued: i64,
    },
    /// A row this account saw before is gone or different, though the chain may fit: the
    /// chain was rebuilt after a change, or the file replaced by an older copy.
    NotAsSeen { table: Table, row: i64 },
    /// A guard trigger is missing or not as dutymatrix wrote it.
    Trigger { name: String },
    /// What is kept in force for a (task key, unit) is not what a replay of the history gives:
    /// the table was changed around dutymatrix (it is derived, not sealed).
    InForce { key: i64, unit: String },
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = |t: &Table| match t {
            Table::History => "history",
            Table::Members => "members log",
        };
        match self {
            Break::Mismatch { table, row } => write!(
                f,
                "{} row #{row} does not fit the chain: it was edited, or a row before it was changed, removed or slipped in",
                t(table)
            ),
            Break::Unsealed { table, row } => write!(
                f,
                "{} row #{row} has no seal: it was written around dutymatrix",
                t(table)
            ),
            Break::Gap { table, after, next } => write!(
                f,
                "{} rows between #{after} and #{next} were removed",
                t(table)
            ),
            Break::TailRemoved {
                table,
                last,
                issued,
            } => write!(
                f,
                "{} rows after #{last} (up to #{issued}) were removed",
                t(table)
            ),
            Break::NotAsSeen { table, row } => write!(
                f,
                "{} row #{row} is not the one this account saw there before: the chain was rebuilt after a change, or the ledger replaced by an older copy",
                t(table)
            ),
            Break::Trigger { name } => {
                write!(f, "the guard {name} was removed or changed")
            }
            Break::InForce { key, unit } => write!(
                f,
                "the state kept for task key #{key} and {unit} is not what the history gives when replayed"
            ),
        }
    }
}

/// Why a ledger that opened should not be fully trusted: said once on open, and kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// SQLite's check found damaged pages: reads may be wrong, writes are refused.
    Damaged(String),
    /// The hash chain does not fit: someone changed the file around dutymatrix.
    Broken(Break),
}

impl fmt::Display for Trouble {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trouble::Damaged(d) => write!(f, "damaged ({d})"),
            Trouble::Broken(b) => b.fmt(f),
        }
    }
}

/// What `ledger verify` found: every row of both chains and SQLite's full integrity check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Rows whose seals were checked.
    pub rows: u64,
    /// The first row or guard that does not fit.
    pub chain: Option<Break>,
    /// What `PRAGMA integrity_check` said when it did not say ok (its first lines).
    pub damage: Option<String>,
}

impl Verified {
    pub fn ok(&self) -> bool {
        self.chain.is_none() && self.damage.is_none()
    }
}
