-- dutymatrix ledger on PostgreSQL, schema 2: what an open dashboard needs to read on from
-- where it was. Row ids come from a sequence when a row is inserted, not when it commits, so
-- a slower transaction can commit a smaller id after a larger one was read: "rows above the
-- newest id seen" would miss it. Each row now carries the id of the transaction that wrote
-- it, and a dashboard keeps the transaction snapshot it read under; the rows that snapshot
-- could not see are exactly the ones committed since.

-- Rows from before this migration keep NULL: the ALTER waits for every writing transaction
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
