-- dutymatrix ledger, schema 2, run after the existing rows were sealed. Triggers are the most
-- SQLite allows: whoever may write the file may drop them, which `ledger verify` then reports.

CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE (ABORT, 'the ledger history is append-only');
END;
CREATE TRIGGER member_events_are_append_only_update BEFORE UPDATE ON member_events
BEGIN
    SELECT RAISE (ABORT, 'the member log is append-only');
END;

-- A row must come sealed, after the last one, from someone who may write for its unit: a plain
-- INSERT through sqlite3 (making oneself supervisor, a back-dated row) is refused.
CREATE TRIGGER history_is_chained BEFORE INSERT ON history
WHEN NEW.chain IS NULL OR length (NEW.chain) != 32
    OR NEW.id <= (SELECT coalesce (max (id), 0) FROM history)
    OR NOT EXISTS (SELECT 1 FROM member_events m
        WHERE m.login = NEW.who AND m.unit IN ('', NEW.unit) AND m.granted = 1
          AND m.id = (SELECT max (e.id) FROM member_events e
                      WHERE e.login = m.login AND e.unit = m.unit))
BEGIN
    SELECT RAISE (ABORT, 'a history row must be written by dutymatrix, sealed into the chain');
END;
CREATE TRIGGER member_events_are_chained BEFORE INSERT ON member_events
WHEN NEW.chain IS NULL OR length (NEW.chain) != 32
    OR NEW.id <= (SELECT coalesce (max (id), 0) FROM member_events)
    OR NOT EXISTS (SELECT 1 FROM member_events m
        WHERE m.login = NEW.who AND m.unit = '' AND m.granted = 1
          AND m.id = (SELECT max (e.id) FROM member_events e
                      WHERE e.login = m.login AND e.unit = ''))
BEGIN
    SELECT RAISE (ABORT, 'a member change must be written by dutymatrix, by a supervisor');
END;

-- History rows point at task keys: those are kept as first written, too.
CREATE TRIGGER task_keys_are_kept_update BEFORE UPDATE ON task_keys
BEGIN
    SELECT RAISE (ABORT, 'task keys are kept as first written');
END;
CREATE TRIGGER task_keys_are_kept_delete BEFORE DELETE ON task_keys
BEGIN
    SELECT RAISE (ABORT, 'task keys are kept as first written');
END;
