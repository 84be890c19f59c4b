-- dutymatrix ledger, schema 1. Run once by rusqlite_migration, which sets PRAGMA user_version.
-- Never edit a migration that has shipped: add the next numbered file instead.

-- Marks the file as a dutymatrix ledger ('dmtx'), so another program's SQLite file is refused.
PRAGMA application_id = 1684894840;

-- A task as it was when something was first recorded about it. Rows are tied to a task by
-- document id, task id (outline position) and a fingerprint of its title, so an edited or
-- re-issued document still finds the history of every task that is still there.
CREATE TABLE task_keys (
    id          INTEGER PRIMARY KEY,
    document    TEXT NOT NULL,
    task_id     TEXT NOT NULL,
    number      TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    title       TEXT NOT NULL,
    UNIQUE (document, task_id, fingerprint)
);

-- The append-only history (留痕): one row per change. Nothing is updated or deleted; the
-- current state is derived from it; an undo is a new row naming the row it cancels.
CREATE TABLE history (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    task_key  INTEGER NOT NULL REFERENCES task_keys (id),
    unit      TEXT NOT NULL,
    status    TEXT CHECK (status IN ('todo', 'doing', 'done', 'paused')),
    note      TEXT,
    -- The day the note speaks for (办理情况 as of), YYYY-MM-DD.
    note_date TEXT,
    -- Login name of the writer's real uid, and the uid itself.
    who       TEXT NOT NULL,
    uid       INTEGER NOT NULL,
    -- When, UTC, RFC 3339.
    at        TEXT NOT NULL,
    undoes    INTEGER REFERENCES history (id),
    CHECK (undoes IS NOT NULL OR status IS NOT NULL OR note IS NOT NULL)
);
CREATE INDEX history_by_key ON history (task_key, unit, id);

-- Which (task key, unit) pairs have any history: written with the first row of a pair, so
-- the current state is a few index seeks per pair, however long the history grows.
CREATE TABLE pairs (
    task_key INTEGER NOT NULL REFERENCES task_keys (id),
    unit     TEXT NOT NULL,
    PRIMARY KEY (unit, task_key)
) WITHOUT ROWID;
CREATE INDEX history_undone ON history (undoes) WHERE undoes IS NOT NULL;

CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE (ABORT, 'the ledger history is append-only');
END;
CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE (ABORT, 'the ledger history is append-only');
END;

-- Who may write for which unit, as an append-only log too: the latest event for a
-- (login, unit) pair decides. unit '' with supervisor = 1 is a supervisor (督查), who may
-- write for every unit and manage members.
CREATE TABLE member_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    login      TEXT NOT NULL,
    unit       TEXT NOT NULL,
    supervisor INTEGER NOT NULL CHECK (supervisor IN (0, 1)),
    granted    INTEGER NOT NULL CHECK (granted IN (0, 1)),
    who        TEXT NOT NULL,
    at         TEXT NOT NULL,
    CHECK ((supervisor = 1) = (unit = ''))
);
CREATE INDEX member_events_by_login ON member_events (login, unit, id);

CREATE TRIGGER member_events_are_append_only_update BEFORE UPDATE ON member_events
BEGIN
    SELECT RAISE (ABORT, 'the member log is append-only');
END;
CREATE TRIGGER member_events_are_append_only_delete BEFORE DELETE ON member_events
BEGIN
    SELECT RAISE (ABORT, 'the member log is append-only');
END;
