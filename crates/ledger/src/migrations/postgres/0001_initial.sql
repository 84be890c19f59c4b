-- dutymatrix ledger on PostgreSQL, schema 1. Run once, by the database owner, through the
-- runner in pg/schema.rs, which records the version in dutymatrix.schema_version.
-- Never edit a migration that has shipped: add the next numbered file instead.
--
-- The server keeps the rules here, whatever client connects (psql included): the writer is the
-- session user and the time the server's, row-level security decides who may insert what, and
-- nobody but the owner may update or delete anything (no such privilege is granted).

CREATE SCHEMA dutymatrix;

CREATE TABLE dutymatrix.schema_version (version integer NOT NULL);

-- As in the SQLite ledger: a task as it was when something was first recorded about it.
CREATE TABLE dutymatrix.task_keys (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document    text NOT NULL,
    task_id     text NOT NULL,
    number      text NOT NULL,
    fingerprint text NOT NULL,
    title       text NOT NULL,
    UNIQUE (document, task_id, fingerprint)
);

-- The append-only history (留痕). `idem` is the writing client's key for one write: a write
-- whose commit the client could not confirm is looked up by it, never sent twice.
CREATE TABLE dutymatrix.history (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_key      bigint NOT NULL REFERENCES dutymatrix.task_keys (id),
    unit          text NOT NULL,
    status        text CHECK (status IN ('todo', 'doing', 'done', 'paused')),
    note          text,
    note_date     date,
    who           text NOT NULL DEFAULT session_user,
    at            timestamptz NOT NULL DEFAULT statement_timestamp(),
    -- One undo per row: a second undo of the same row is refused by the server.
    undoes        bigint UNIQUE REFERENCES dutymatrix.history (id),
    idem          text UNIQUE,
    -- Set on rows copied from an SQLite ledger by `ledger import` (the owner only).
    imported_by   text,
    imported_at   timestamptz,
    imported_from text,
    CHECK (undoes IS NOT NULL OR status IS NOT NULL OR note IS NOT NULL)
);
CREATE INDEX history_by_pair ON dutymatrix.history (task_key, unit, id);
CREATE INDEX history_by_unit ON dutymatrix.history (unit, task_key, id);

-- The state in force per (task key, unit), kept by the server as each history row is inserted
-- (in the same transaction), so that reading every unit's state is one statement over as many
-- rows as there are pairs, however long the history grows: its newest row, and the newest
-- status row and note row that no undo cancelled.
CREATE TABLE dutymatrix.current_state (
    task_key  bigint NOT NULL REFERENCES dutymatrix.task_keys (id),
    unit      text NOT NULL,
    last_row  bigint NOT NULL,
    status_id bigint,
    note_id   bigint,
    PRIMARY KEY (task_key, unit)
) WITH (fillfactor = 50);  -- each insert updates one row here: room for HOT updates in place
CREATE INDEX current_state_by_unit ON dutymatrix.current_state (unit, task_key);

-- Runs as the owner: members may not write current_state themselves.
CREATE FUNCTION dutymatrix.keep_current() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    cur dutymatrix.current_state;
BEGIN
    INSERT INTO dutymatrix.current_state AS c (task_key, unit, last_row, status_id, note_id)
    VALUES (NEW.task_key, NEW.unit, NEW.id,
            CASE WHEN NEW.undoes IS NULL AND NEW.status IS NOT NULL THEN NEW.id END,
            CASE WHEN NEW.undoes IS NULL AND NEW.note IS NOT NULL THEN NEW.id END)
    ON CONFLICT (task_key, unit) DO UPDATE SET
        last_row = greatest(c.last_row, EXCLUDED.last_row),
        status_id = CASE WHEN EXCLUDED.status_id IS NULL THEN c.status_id
                         ELSE greatest(c.status_id, EXCLUDED.status_id) END,
        note_id = CASE WHEN EXCLUDED.note_id IS NULL THEN c.note_id
                       ELSE greatest(c.note_id, EXCLUDED.note_id) END
    RETURNING * INTO cur;
    IF NEW.undoes IS NOT NULL AND NEW.undoes IN (cur.status_id, cur.note_id) THEN
        -- The row in force was cancelled: the one before it that is still live takes its place.
        UPDATE dutymatrix.current_state c SET
            status_id = (SELECT h.id FROM dutymatrix.history h
                         WHERE h.task_key = NEW.task_key AND h.unit = NEW.unit
                           AND h.status IS NOT NULL AND h.undoes IS NULL
                           AND NOT EXISTS (SELECT 1 FROM dutymatrix.history u WHERE u.undoes = h.id)
                         ORDER BY h.id DESC LIMIT 1),
            note_id = (SELECT h.id FROM dutymatrix.history h
                       WHERE h.task_key = NEW.task_key AND h.unit = NEW.unit
                         AND h.note IS NOT NULL AND h.undoes IS NULL
                         AND NOT EXISTS (SELECT 1 FROM dutymatrix.history u WHERE u.undoes = h.id)
                       ORDER BY h.id DESC LIMIT 1)
        WHERE c.task_key = NEW.task_key AND c.unit = NEW.unit;
    END IF;
    RETURN NULL;
END
$$;

-- Who may write for which unit: the latest event for a (login, unit) decides. unit '' with
-- supervisor is a supervisor (督查). Logins are PostgreSQL role names.
CREATE TABLE dutymatrix.member_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login       text NOT NULL,
    unit        text NOT NULL,
    supervisor  boolean NOT NULL,
    granted     boolean NOT NULL,
    who         text NOT NULL DEFAULT session_user,
    at          timestamptz NOT NULL DEFAULT statement_timestamp(),
    -- Only for imported rows: what makes a second import of the same row add nothing.
    idem        text UNIQUE,
    imported_by   text,
    imported_at   timestamptz,
    imported_from text,
    CHECK (supervisor = (unit = ''))
);
CREATE INDEX member_events_by_login ON dutymatrix.member_events (login, unit, id);

-- Whether `login` holds `unit` ('' for supervision) now.
CREATE FUNCTION dutymatrix.holds(login text, unit text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT coalesce((SELECT e.granted FROM dutymatrix.member_events e
                     WHERE e.login = $1 AND e.unit = $2 ORDER BY e.id DESC LIMIT 1), false)
$$;

-- Whether the session user is the owner of the ledger's tables (or a member of that role).
CREATE FUNCTION dutymatrix.is_owner() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT pg_has_role(session_user, c.relowner, 'MEMBER')
    FROM pg_class c WHERE c.oid = 'dutymatrix.history'::regclass
$$;

-- The writer and the time are the server's: a row naming another writer is refused (not
-- silently corrected, so a forger learns it failed); the time is always the server's. Only the
-- owner's import keeps a row's original writer and time, and is marked as such.
CREATE FUNCTION dutymatrix.stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF NEW.imported_from IS NOT NULL AND dutymatrix.is_owner() THEN
        NEW.imported_by := session_user;
        NEW.imported_at := statement_timestamp();
        RETURN NEW;
    END IF;
    IF NEW.who IS DISTINCT FROM session_user THEN
        RAISE EXCEPTION 'the writer is the session user: % may not write as %', session_user, NEW.who
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.at := statement_timestamp();
    NEW.imported_by := NULL;
    NEW.imported_at := NULL;
    NEW.imported_from := NULL;
    RETURN NEW;
END
$$;
CREATE TRIGGER history_stamp BEFORE INSERT ON dutymatrix.history
    FOR EACH ROW EXECUTE FUNCTION dutymatrix.stamp();
CREATE TRIGGER member_events_stamp BEFORE INSERT ON dutymatrix.member_events
    FOR EACH ROW EXECUTE FUNCTION dutymatrix.stamp();

-- Every open dashboard listens on this channel; a notification is sent when the writing
-- transaction commits, so nothing is polled.
CREATE FUNCTION dutymatrix.announce() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    PERFORM pg_notify('dutymatrix', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
CREATE TRIGGER history_keeps_current AFTER INSERT ON dutymatrix.history
    FOR EACH ROW EXECUTE FUNCTION dutymatrix.keep_current();
CREATE TRIGGER history_announce AFTER INSERT ON dutymatrix.history
    FOR EACH STATEMENT EXECUTE FUNCTION dutymatrix.announce();
CREATE TRIGGER member_events_announce AFTER INSERT ON dutymatrix.member_events
    FOR EACH STATEMENT EXECUTE FUNCTION dutymatrix.announce();

-- Documents published to every city (`ledger publish`): their bytes once per content, and a
-- log of publishing and withdrawing (the latest event decides); a withdrawn document keeps its
-- history, which names tasks, not documents' rows.
CREATE TABLE dutymatrix.documents (
    id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name  text NOT NULL CHECK (name <> '' AND position('/' IN name) = 0),
    hash  text NOT NULL UNIQUE,
    bytes bytea NOT NULL,
    who   text NOT NULL DEFAULT session_user CHECK (who = session_user),
    at    timestamptz NOT NULL DEFAULT statement_timestamp(),
    CHECK (hash = encode(sha256(bytes), 'hex'))
);
CREATE TABLE dutymatrix.document_events (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document  bigint NOT NULL REFERENCES dutymatrix.documents (id),
    published boolean NOT NULL,
    who       text NOT NULL DEFAULT session_user CHECK (who = session_user),
    at        timestamptz NOT NULL DEFAULT statement_timestamp()
);
CREATE INDEX document_events_by_document ON dutymatrix.document_events (document, id);
CREATE TRIGGER document_events_announce AFTER INSERT ON dutymatrix.document_events
    FOR EACH STATEMENT EXECUTE FUNCTION dutymatrix.announce();

-- Row-level security. The owner is not subject to it (for `ledger import` and repairs);
-- everyone else reads everything and inserts only what the members log allows.
ALTER TABLE dutymatrix.task_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE dutymatrix.history ENABLE ROW LEVEL SECURITY;
ALTER TABLE dutymatrix.member_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE dutymatrix.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE dutymatrix.document_events ENABLE ROW LEVEL SECURITY;

CREATE POLICY read_all ON dutymatrix.task_keys FOR SELECT USING (true);
CREATE POLICY read_all ON dutymatrix.history FOR SELECT USING (true);
CREATE POLICY read_all ON dutymatrix.member_events FOR SELECT USING (true);
CREATE POLICY read_all ON dutymatrix.documents FOR SELECT USING (true);
CREATE POLICY read_all ON dutymatrix.document_events FOR SELECT USING (true);
CREATE POLICY supervisors_publish ON dutymatrix.documents FOR INSERT WITH CHECK (
    dutymatrix.holds(session_user, ''));
CREATE POLICY supervisors_publish ON dutymatrix.document_events FOR INSERT WITH CHECK (
    dutymatrix.holds(session_user, ''));

CREATE POLICY members_add_keys ON dutymatrix.task_keys FOR INSERT WITH CHECK (
    EXISTS (SELECT 1 FROM dutymatrix.member_events e WHERE e.login = session_user AND e.granted));
CREATE POLICY members_write_their_units ON dutymatrix.history FOR INSERT WITH CHECK (
    who = session_user
    AND (dutymatrix.holds(session_user, '') OR dutymatrix.holds(session_user, unit)));
CREATE POLICY supervisors_manage_members ON dutymatrix.member_events FOR INSERT WITH CHECK (
    who = session_user AND dutymatrix.holds(session_user, ''));

-- Whoever may connect to the database may read the ledger and insert what the policies allow;
-- who may connect is the database's CONNECT privilege (see docs/postgresql.md). No UPDATE,
-- DELETE or TRUNCATE is granted to anyone: only the owner can change a row.
REVOKE ALL ON ALL TABLES IN SCHEMA dutymatrix FROM PUBLIC;
GRANT USAGE ON SCHEMA dutymatrix TO PUBLIC;
GRANT SELECT ON dutymatrix.schema_version, dutymatrix.current_state TO PUBLIC;
GRANT SELECT, INSERT ON dutymatrix.task_keys, dutymatrix.history, dutymatrix.member_events,
    dutymatrix.documents, dutymatrix.document_events TO PUBLIC;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA dutymatrix TO PUBLIC;
