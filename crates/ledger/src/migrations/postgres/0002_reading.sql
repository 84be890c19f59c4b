-- dutymatrix ledger on PostgreSQL, schema 2: reading the state in force in one pass over the
-- pairs, and reading on from where an open dashboard was.
--
-- 1. Reading on. Row ids come from a sequence when a row is inserted, not when it commits, so
-- a slower transaction can commit a smaller id after a larger one was read: "rows above the
-- newest id seen" would miss it. Each row now carries the id of the transaction that wrote
-- it, and a dashboard keeps the transaction snapshot it read under; the rows that snapshot
-- could not see are exactly the ones committed since.

-- Both tables at once: one wait (bounded by the runner's lock_timeout), not one per table.
LOCK TABLE dutymatrix.history, dutymatrix.current_state IN ACCESS EXCLUSIVE MODE;

-- Rows from before this migration keep NULL: the lock waited for every writing transaction
-- to end, so they are all committed, and visible to any snapshot taken after it.
ALTER TABLE dutymatrix.history ADD COLUMN txid xid8;
CREATE INDEX history_by_txid ON dutymatrix.history (txid);

-- Set by the server, whatever the client sent: a row claiming an old transaction would be
-- skipped by every dashboard reading on.
CREATE FUNCTION dutymatrix.stamp_txid() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    NEW.txid := pg_current_xact_id();
    RETURN NEW;
END
$$;
CREATE TRIGGER history_stamp_txid BEFORE INSERT ON dutymatrix.history
    FOR EACH ROW EXECUTE FUNCTION dutymatrix.stamp_txid();

-- 2. The state in force in one pass. The columns shown of each pair's status row and note row
-- are copied into current_state by a trigger that runs after the one keeping their ids (so an
-- undo that hands a pair back to an older row copies that row), and reading every pair's state
-- reads that table alone instead of looking up 200,000 history rows by id (0.76 s at
-- 1,000,000 rows).
-- `ledger verify` compares the copies with the rows they name.
ALTER TABLE dutymatrix.current_state
    ADD COLUMN s_status text, ADD COLUMN s_note text, ADD COLUMN s_note_date date,
    ADD COLUMN s_who text, ADD COLUMN s_at timestamptz,
    ADD COLUMN n_status text, ADD COLUMN n_note text, ADD COLUMN n_note_date date,
    ADD COLUMN n_who text, ADD COLUMN n_at timestamptz;

-- The copies of one pair's rows in force, as its ids name them now.
CREATE FUNCTION dutymatrix.copy_current(key bigint, unit_ text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
    UPDATE dutymatrix.current_state c SET
        (s_status, s_note, s_note_date, s_who, s_at) =
            (SELECT h.status, h.note, h.note_date, h.who, h.at
             FROM dutymatrix.history h WHERE h.id = c.status_id),
        (n_status, n_note, n_note_date, n_who, n_at) =
            (SELECT h.status, h.note, h.note_date, h.who, h.at
             FROM dutymatrix.history h WHERE h.id = c.note_id)
    WHERE c.task_key = key AND c.unit = unit_
$$;
REVOKE ALL ON FUNCTION dutymatrix.copy_current(bigint, text) FROM PUBLIC;

CREATE FUNCTION dutymatrix.keep_copies() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    -- The owner's repair of a row (an UPDATE or DELETE nobody else may make) shows at once.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM dutymatrix.copy_current(OLD.task_key, OLD.unit);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM dutymatrix.copy_current(NEW.task_key, NEW.unit);
    END IF;
    RETURN NULL;
END
$$;
-- Triggers of one event fire in the order of their names: this one after
-- history_keeps_current, once the ids in force are settled (an undo's hand-back included).
CREATE TRIGGER history_keeps_current_copies AFTER INSERT ON dutymatrix.history
    FOR EACH ROW EXECUTE FUNCTION dutymatrix.keep_copies();
CREATE TRIGGER history_repaired_copies AFTER UPDATE OR DELETE ON dutymatrix.history
    FOR EACH ROW EXECUTE FUNCTION dutymatrix.keep_copies();

-- The pairs kept so far, copied once (2.7 s at 100,000 pairs).
DO $$
BEGIN
    PERFORM dutymatrix.copy_current(task_key, unit) FROM dutymatrix.current_state;
END
$$;
