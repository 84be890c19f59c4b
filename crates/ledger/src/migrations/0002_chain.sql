-- dutymatrix ledger, schema 2: the hash chain (see sqlite/chain.rs). Each row of the history
-- and of the members log gets a seal: SHA-256 of its content and of the previous row's seal.
-- The update guards are lifted while the rows already there are sealed (by the migration's
-- hook, in the same transaction), then put back with the guards in 0002_chain_guards.sql.

ALTER TABLE history ADD COLUMN chain BLOB;
ALTER TABLE member_events ADD COLUMN chain BLOB;
DROP TRIGGER history_is_append_only_update;
DROP TRIGGER member_events_are_append_only_update;
