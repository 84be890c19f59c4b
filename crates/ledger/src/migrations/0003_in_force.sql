-- dutymatrix ledger, schema 3: what is in force per (task key, unit), kept as the history is
-- written so that reading the current state is one statement, not a walk per pair.
-- The table is derived: nothing in it is sealed, it is filled here from the history and kept by
-- the trigger below in the same transaction as each history row, and `ledger verify` compares
-- it with a full replay of the history (crates/ledger/src/replay.rs). It replaces `pairs`.

CREATE TABLE in_force (
    task_key   INTEGER NOT NULL REFERENCES task_keys (id),
    unit       TEXT NOT NULL,
    -- The newest row of any kind for the pair (an undo included).
    last_row   INTEGER NOT NULL,
    -- The newest row with a status, and with a note, that is not an undo and no undo cancelled.
    status_row INTEGER,
    note_row   INTEGER,
    PRIMARY KEY (unit, task_key)
) WITHOUT ROWID;

INSERT INTO in_force (task_key, unit, last_row, status_row, note_row)
SELECT h.task_key, h.unit, max (h.id),
       max (CASE WHEN h.status IS NOT NULL AND h.undoes IS NULL AND u.id IS NULL THEN h.id END),
       max (CASE WHEN h.note IS NOT NULL AND h.undoes IS NULL AND u.id IS NULL THEN h.id END)
FROM history h LEFT JOIN (SELECT DISTINCT undoes AS id FROM history WHERE undoes IS NOT NULL) u
    ON u.id = h.id
GROUP BY h.task_key, h.unit;

DROP TABLE pairs;

-- Each new row moves its pair's newest row, and its status or note row when it has one. An
-- undo also moves the cancelled row's pair back to the newest status (or note) row still in
-- force before it: a seek down that pair's rows, usually one or two.
CREATE TRIGGER history_keeps_in_force AFTER INSERT ON history
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
END;
