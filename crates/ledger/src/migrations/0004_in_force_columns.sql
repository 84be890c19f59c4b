-- dutymatrix ledger, schema 4: `in_force` carries the shown columns of the rows it names, so
-- reading the current state touches that table alone, not two history rows per pair scattered
-- over the whole file (issue 22: a 1,000,000-row ledger read 200,000 of them per report).
-- Still derived: nothing here is sealed; the copies are written by the trigger below in the
-- same transaction as each history row, and `ledger verify` compares them with the sealed
-- rows they name (crates/ledger/src/sqlite/kept.rs), as it compares the ids with a replay.

DROP TRIGGER history_keeps_in_force;

CREATE TABLE in_force_4 (
    task_key    INTEGER NOT NULL REFERENCES task_keys (id),
    unit        TEXT NOT NULL,
    last_row    INTEGER NOT NULL,
    status_row  INTEGER,
    note_row    INTEGER,
    -- The status row's columns (NULL when there is none): what `ledger show` prints of it.
    s_status    TEXT,
    s_note      TEXT,
    s_note_date TEXT,
    s_who       TEXT,
    s_uid       INTEGER,
    s_at        TEXT,
    -- The note row's, likewise.
    n_status    TEXT,
    n_note      TEXT,
    n_note_date TEXT,
    n_who       TEXT,
    n_uid       INTEGER,
    n_at        TEXT,
    PRIMARY KEY (unit, task_key)
) WITHOUT ROWID;

INSERT INTO in_force_4
SELECT c.task_key, c.unit, c.last_row, c.status_row, c.note_row,
       s.status, s.note, s.note_date, s.who, s.uid, s.at,
       n.status, n.note, n.note_date, n.who, n.uid, n.at
FROM in_force c
LEFT JOIN history s ON s.id = c.status_row
LEFT JOIN history n ON n.id = c.note_row;

DROP TABLE in_force;
ALTER TABLE in_force_4 RENAME TO in_force;

-- Schema 3's trigger, then the copies: a new status (or note) row is copied in as it is; an
-- undo, once the ids have moved back, copies whatever rows its pair now names (none: NULLs).
CREATE TRIGGER history_keeps_in_force_columns AFTER INSERT ON history
BEGIN
    INSERT INTO in_force (task_key, unit, last_row, status_row, note_row)
    VALUES (NEW.task_key, NEW.unit, NEW.id,
            CASE WHEN NEW.undoes IS NULL AND NEW.status IS NOT NULL THEN NEW.id END,
            CASE WHEN NEW.undoes IS NULL AND NEW.note IS NOT NULL THEN NEW.id END)
    ON CONFLICT (unit, task_key) DO UPDATE SET
        last_row = excluded.last_row,
        status_row = coalesce (excluded.status_row, status_row),
        note_row = coalesce (excluded.note_row, note_row);
    UPDATE in_force SET
        (s_status, s_note, s_note_date, s_who, s_uid, s_at) =
            (NEW.status, NEW.note, NEW.note_date, NEW.who, NEW.uid, NEW.at)
    WHERE NEW.undoes IS NULL AND NEW.status IS NOT NULL
      AND unit = NEW.unit AND task_key = NEW.task_key;
    UPDATE in_force SET
        (n_status, n_note, n_note_date, n_who, n_uid, n_at) =
            (NEW.status, NEW.note, NEW.note_date, NEW.who, NEW.uid, NEW.at)
    WHERE NEW.undoes IS NULL AND NEW.note IS NOT NULL
      AND unit = NEW.unit AND task_key = NEW.task_key;
    UPDATE in_force SET
        status_row = CASE WHEN status_row = NEW.undoes THEN
            (SELECT h.id FROM history h
             WHERE h.task_key = in_force.task_key AND h.unit = in_force.unit
               AND h.id < NEW.undoes AND h.status IS NOT NULL AND h.undoes IS NULL
               AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id)
             ORDER BY h.id DESC LIMIT 1)
            ELSE status_row END,
        note_row = CASE WHEN note_row = NEW.undoes THEN
            (SELECT h.id FROM history h
             WHERE h.task_key = in_force.task_key AND h.unit = in_force.unit
               AND h.id < NEW.undoes AND h.note IS NOT NULL AND h.undoes IS NULL
               AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id)
             ORDER BY h.id DESC LIMIT 1)
            ELSE note_row END
    WHERE NEW.undoes IS NOT NULL
      AND unit = (SELECT c.unit FROM history c WHERE c.id = NEW.undoes)
      AND task_key = (SELECT c.task_key FROM history c WHERE c.id = NEW.undoes);
    UPDATE in_force SET
        (s_status, s_note, s_note_date, s_who, s_uid, s_at) =
            (SELECT h.status, h.note, h.note_date, h.who, h.uid, h.at
             FROM history h WHERE h.id = in_force.status_row),
        (n_status, n_note, n_note_date, n_who, n_uid, n_at) =
            (SELECT h.status, h.note, h.note_date, h.who, h.uid, h.at
             FROM history h WHERE h.id = in_force.note_row)
    WHERE NEW.undoes IS NOT NULL
      AND unit = (SELECT c.unit FROM history c WHERE c.id = NEW.undoes)
      AND task_key = (SELECT c.task_key FROM history c WHERE c.id = NEW.undoes);
END;
